//! RFC 5321 reply code → reason, for the few replies whose code alone names one cause. Most
//! codes do not (550 "mailbox unavailable" is said for unknown users and policy refusals
//! alike, RFC 5321 §4.2.3), so they are consulted only where the status is absent or generic
//! and no phrase decided.

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;

#[rustfmt::skip]
const TABLE: &[(&str, Reason, &str)] = &[
    ("551", Reason::HasMoved, "RFC 5321 §3.4: 551 User not local; please try <forward-path> (Sendmail's smtptodsn(), savemail.c, maps 551 to 5.1.6)"),
    ("556", Reason::NotAccept, "RFC 7504 §3: 556 Domain does not accept mail"),
];

/// The verdict the reply code `code` gives on its own, if it names one cause.
pub fn verdict(code: &str) -> Option<Verdict> {
    TABLE
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(c, reason, source)| Verdict::new(*reason, Rule::new(Basis::Reply, c, source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_with_one_meaning() {
        assert_eq!(verdict("551").map(|v| v.reason), Some(Reason::HasMoved));
        assert_eq!(verdict("556").map(|v| v.reason), Some(Reason::NotAccept));
        for code in ["550", "554", "553", "552", "450", ""] {
            assert!(verdict(code).is_none(), "{code}");
        }
    }
}
