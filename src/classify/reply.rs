//! RFC 5321 reply code → reason, for the few replies whose code alone names one cause. Most
//! codes do not (550 "mailbox unavailable" is said for unknown users and policy refusals
//! alike, RFC 5321 §4.2.3), so they are consulted only where the status is absent or generic
//! and no phrase decided, or where the status is the one that says the same thing less
//! precisely.

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;

/// (reply code, reason, the statuses (`subject.detail`) it sharpens, source).
type Row = (&'static str, Reason, &'static [&'static str], &'static str);

#[rustfmt::skip]
const TABLE: &[Row] = &[
    ("521", Reason::NotAccept, &["X.3.2"], "RFC 7504 §3: 521 Host does not accept mail, for a host that takes no mail at all (not one that refuses some); next to it X.3.2, which RFC 3463 gives any host not accepting messages for now, says less"),
    ("551", Reason::HasMoved, &["X.1.6"], "RFC 5321 §3.4: 551 User not local; please try <forward-path> (Sendmail's smtptodsn(), savemail.c, maps 551 to 5.1.6)"),
    ("556", Reason::NotAccept, &["X.1.10", "X.3.2"], "RFC 7504 §3: 556 Domain does not accept mail"),
];

/// The verdict the reply code `code` gives on its own, if it names one cause.
pub fn verdict(code: &str) -> Option<Verdict> {
    TABLE.iter().find(|(c, ..)| *c == code).map(row_verdict)
}

fn row_verdict((code, reason, _, source): &Row) -> Verdict {
    Verdict::new(*reason, Rule::new(Basis::Reply, code, source))
}

/// The verdict of `code` where `status` (`4.3.2`, `5.1.10`) is one the code says more
/// precisely.
pub fn sharpens(code: &str, status: &str) -> Option<Verdict> {
    if code.get(..1) != status.get(..1) {
        return None;
    }
    let subject_detail = status.get(1..)?;
    TABLE
        .iter()
        .find(|(c, _, statuses, _)| {
            *c == code && statuses.iter().any(|s| s.get(1..) == Some(subject_detail))
        })
        .map(row_verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_with_one_meaning() {
        assert_eq!(verdict("551").map(|v| v.reason), Some(Reason::HasMoved));
        assert_eq!(verdict("556").map(|v| v.reason), Some(Reason::NotAccept));
        assert_eq!(verdict("521").map(|v| v.reason), Some(Reason::NotAccept));
        for code in ["550", "554", "553", "552", "450", ""] {
            assert!(verdict(code).is_none(), "{code}");
        }
    }

    #[test]
    fn a_code_sharpens_only_its_own_statuses() {
        assert!(sharpens("521", "5.3.2").is_some());
        assert!(sharpens("556", "5.1.10").is_some());
        assert!(sharpens("521", "5.1.1").is_none());
        assert!(sharpens("550", "5.3.2").is_none());
        assert!(sharpens("521", "").is_none());
        assert!(sharpens("521", "4.3.2").is_none());
    }
}
