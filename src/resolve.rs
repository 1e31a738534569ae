//! Which person each finding of a report concerns, and how far to trust it.
//!
//! Order: the envelope recipient decoded as VERP (it names the address we sent to, even after
//! forwarding), else the original's envelope sender decoded as VERP (a complaint loop sends to
//! its own address, and may redact the recipient, RFC 6590), else the address the report names (`Entry::addressee`: the Final-Recipient, or
//! the Original-Recipient where the Final-Recipient is no address), else the original message's
//! single To address.

use chrono::{DateTime, Utc};

use crate::address;
use crate::analysis::{Analysis, Finding};
use crate::verp::VerpMode;
use crate::verp::{Decoded, Signer};

/// How the person of a finding was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// A signed VERP return path verified.
    Verified,
    /// An unsigned VERP return path (accept mode).
    Unsigned,
    /// The report's own fields.
    Report,
    /// `require` mode without a verified tag: recorded, changes nothing.
    Unverified,
}

impl Trust {
    pub fn name(self) -> &'static str {
        match self {
            Trust::Verified => "verified",
            Trust::Unsigned => "unsigned",
            Trust::Report => "report",
            Trust::Unverified => "unverified",
        }
    }

    /// Whether a finding with this trust may change a person.
    pub fn applies(self) -> bool {
        self != Trust::Unverified
    }
}

/// The person of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Index into `Analysis::findings`.
    pub finding: usize,
    pub email: String,
    pub trust: Trust,
}

/// What the envelope said, for logs and for the message row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub targets: Vec<Target>,
    /// Findings no person could be found for (indexes).
    pub unresolved: Vec<usize>,
    /// Findings whose address is not one a person may have: (index, the address shown safely
    /// and why).
    pub refused: Vec<(usize, String)>,
    /// A VERP tag that did not verify, and why.
    pub bad_tag: Option<String>,
}

pub fn resolve(
    rcpt_to: &[String],
    analysis: &Analysis,
    mode: VerpMode,
    signer: &Signer,
    now: DateTime<Utc>,
) -> Resolution {
    let decoded = match mode {
        VerpMode::Off => Decoded::NotVerp,
        _ => rcpt_to
            .iter()
            .chain(std::iter::once(&analysis.original_return_path))
            .filter(|r| !r.is_empty())
            .map(|r| signer.decode(r, now))
            .find(|d| *d != Decoded::NotVerp)
            .unwrap_or(Decoded::NotVerp),
    };
    let (verp, verp_trust, bad_tag) = match decoded {
        Decoded::Verified(a) => (Some(a), Trust::Verified, None),
        Decoded::Unsigned(a) if mode == VerpMode::Accept => (Some(a), Trust::Unsigned, None),
        Decoded::Unsigned(_) => (
            None,
            Trust::Report,
            Some("return path is not signed".to_string()),
        ),
        Decoded::BadTag { address, why } => {
            (None, Trust::Report, Some(format!("{why} ({address})")))
        }
        Decoded::NotVerp => (None, Trust::Report, None),
    };
    let single = analysis.findings.len() == 1;
    let mut out = Resolution {
        targets: Vec::new(),
        unresolved: Vec::new(),
        refused: Vec::new(),
        bad_tag,
    };
    // The returned original's one To is whom a report that names nobody speaks of; where it
    // names others, its unnamed entry (a pipe, a file: RFC 3464 §2.3.2 lets an MTA report any
    // address type) is one more of them, not the To (a list's address).
    let unnamed = match analysis.original_to.as_slice() {
        [only] if analysis.findings.iter().all(|f| named_address(f).is_none()) => Some(only),
        _ => None,
    };
    for (i, finding) in analysis.findings.iter().enumerate() {
        let from_report = named_address(finding)
            .or(unnamed.map(String::as_str))
            .unwrap_or_default()
            .to_lowercase();
        // RFC 5321 §6.1: a report goes to the reverse-path of the mail it reports on. One that
        // names the address it was delivered to as the failed recipient reports on mail sent
        // to the return path, which no sender sends: a forgery ("Delivery has failed to these
        // recipients: bounces+…@") or a loop, about no person, whatever its VERP tag says.
        if !from_report.is_empty() && rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(&from_report)) {
            let why = format!("{} (the return path itself)", address::shown(&from_report));
            out.refused.push((i, why));
            continue;
        }
        let (email, trust) = match &verp {
            // One failure per VERP message: the return path wins over what the report names
            // (forwarding rewrites Final-Recipient); both are kept in the event.
            Some(a) if single || from_report.is_empty() || from_report == *a => {
                (a.clone(), verp_trust)
            }
            _ => (from_report, Trust::Report),
        };
        if email.is_empty() {
            out.unresolved.push(i);
            continue;
        }
        if let Err(why) = address::check(&email) {
            out.refused
                .push((i, format!("{} ({why})", address::shown(&email))));
            continue;
        }
        let trust = if mode == VerpMode::Require && trust != Trust::Verified {
            Trust::Unverified
        } else {
            trust
        };
        out.targets.push(Target {
            finding: i,
            email,
            trust,
        });
    }
    out
}

/// The address the report gives a finding, if any.
fn named_address(finding: &Finding) -> Option<&str> {
    [
        finding.addressee(),
        &finding.recipient,
        &finding.original_recipient,
    ]
    .into_iter()
    .find(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Entry;
    use crate::taxonomy::{Action, Kind};
    use crate::taxonomy::{Category, Reason};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 3, 40, 0).unwrap()
    }

    fn finding(recipient: &str) -> Finding {
        Finding {
            entry: Entry {
                recipient: recipient.into(),
                action: Action::Failed,
                status: "5.1.1".into(),
                reply_code: "550".into(),
                ..Entry::empty()
            },
            reason: Reason::UserUnknown,
            rule: crate::classify::Rule::new(crate::classify::Basis::Status, "X.1.1", "RFC 3463"),
            category: Category::Hard,
            hard: true,
        }
    }

    fn analysis(findings: Vec<Finding>, original_to: &[&str]) -> Analysis {
        Analysis {
            kind: Kind::Dsn,
            reporting_mta: String::new(),
            original_message_id: String::new(),
            original_to: original_to.iter().map(|s| s.to_string()).collect(),
            original_return_path: String::new(),
            date: None,
            findings,
            unread_recipients: 0,
        }
    }

    fn signer() -> Signer {
        Signer::new(
            "bounces",
            vec![b"a secret of sufficient length".to_vec()],
            30,
        )
    }

    fn emails(r: &Resolution) -> Vec<(&str, Trust)> {
        r.targets
            .iter()
            .map(|t| (t.email.as_str(), t.trust))
            .collect()
    }

    #[test]
    fn report_fields_in_order() {
        let mut f = finding("");
        f.entry.original_recipient = "orig@example.com".into();
        let a = analysis(
            vec![finding("Final@Example.com"), f, finding("")],
            &["to@example.com"],
        );
        let r = resolve(
            &["x@bounce.test".into()],
            &a,
            VerpMode::Accept,
            &signer(),
            now(),
        );
        // the unnamed third (a pipe, a file) is not the original's To: the report names others
        assert_eq!(
            emails(&r),
            [
                ("final@example.com", Trust::Report),
                ("orig@example.com", Trust::Report),
            ]
        );
        assert_eq!(r.unresolved, [2]);
    }

    #[test]
    fn the_originals_one_to_when_the_report_names_nobody() {
        let a = analysis(vec![finding("")], &["To@Example.com"]);
        let r = resolve(&[], &a, VerpMode::Accept, &signer(), now());
        assert_eq!(emails(&r), [("to@example.com", Trust::Report)]);
    }

    #[test]
    fn original_recipient_when_the_final_one_is_no_address() {
        // RFC 3464 §2.3.1: the Original-Recipient is the address the sender wrote
        let mut f = finding("@relay.example.net:neko@mailhost");
        f.entry.original_recipient = "tora@example.com".into();
        let a = analysis(vec![f], &[]);
        let r = resolve(&[], &a, VerpMode::Accept, &signer(), now());
        assert_eq!(emails(&r), [("tora@example.com", Trust::Report)]);
    }

    #[test]
    fn no_address_anywhere_is_unresolved() {
        let a = analysis(vec![finding("")], &["a@x.example", "b@x.example"]);
        let r = resolve(&[], &a, VerpMode::Accept, &signer(), now());
        assert!(r.targets.is_empty());
        assert_eq!(r.unresolved, [0]);
    }

    #[test]
    fn verp_wins_over_forwarded_final_recipient() {
        let s = signer();
        let rp = s.encode("alice@example.com", "bounce.test", now()).unwrap();
        let a = analysis(vec![finding("alice@forwarded.example")], &[]);
        let r = resolve(&[rp], &a, VerpMode::Accept, &s, now());
        assert_eq!(emails(&r), [("alice@example.com", Trust::Verified)]);
    }

    #[test]
    fn a_complaint_at_another_address_finds_the_person_by_the_originals_return_path() {
        // RFC 6590: the provider redacted the recipient; RFC 5965 §3.2 Original-Mail-From is
        // the return path we sent with
        let s = signer();
        let mut a = analysis(vec![finding("xxxxxxxx@example.com")], &[]);
        a.original_return_path = s.encode("dave@example.com", "bounce.test", now()).unwrap();
        let r = resolve(
            &["fbl@bounce.test".into()],
            &a,
            VerpMode::Require,
            &s,
            now(),
        );
        assert_eq!(emails(&r), [("dave@example.com", Trust::Verified)]);
        // the envelope's own return path comes first
        let rp = s.encode("erin@example.com", "bounce.test", now()).unwrap();
        let r = resolve(&[rp], &a, VerpMode::Require, &s, now());
        assert_eq!(emails(&r), [("erin@example.com", Trust::Verified)]);
    }

    #[test]
    fn unsigned_verp_is_used_in_accept_mode_only() {
        let a = analysis(vec![finding("")], &[]);
        let rcpt = ["bounces+bob=example.com@bounce.test".to_string()];
        let r = resolve(&rcpt, &a, VerpMode::Accept, &signer(), now());
        assert_eq!(emails(&r), [("bob@example.com", Trust::Unsigned)]);
        let r = resolve(&rcpt, &a, VerpMode::Off, &signer(), now());
        assert_eq!(r.unresolved, [0]);
    }

    #[test]
    fn require_mode_marks_everything_but_verified_unverified() {
        let s = signer();
        let a = analysis(vec![finding("carol@example.com")], &[]);
        let r = resolve(
            &["bounces@bounce.test".into()],
            &a,
            VerpMode::Require,
            &s,
            now(),
        );
        assert_eq!(emails(&r), [("carol@example.com", Trust::Unverified)]);
        let forged = "bounces+aaaaaaaaaaa+carol=example.com@bounce.test".to_string();
        let r = resolve(&[forged], &a, VerpMode::Require, &s, now());
        assert_eq!(emails(&r), [("carol@example.com", Trust::Unverified)]);
        assert!(r.bad_tag.unwrap().contains("does not match"));
        let good = s.encode("carol@example.com", "bounce.test", now()).unwrap();
        let r = resolve(&[good], &a, VerpMode::Require, &s, now());
        assert_eq!(emails(&r), [("carol@example.com", Trust::Verified)]);
    }

    #[test]
    fn a_report_naming_its_own_return_path_concerns_nobody() {
        // a forged "delivery has failed to these recipients: <the return path>" with a VERP tag
        let s = signer();
        let rp = s.encode("dan@example.com", "bounce.test", now()).unwrap();
        let a = analysis(vec![finding(&rp.to_uppercase())], &[]);
        let r = resolve(std::slice::from_ref(&rp), &a, VerpMode::Accept, &s, now());
        assert!(r.targets.is_empty());
        assert_eq!(r.refused.len(), 1);
        assert!(r.refused[0].1.contains("the return path itself"));
        // the same report naming the person resolves by the tag as before
        let a = analysis(vec![finding("dan@example.com")], &[]);
        let r = resolve(&[rp], &a, VerpMode::Accept, &s, now());
        assert_eq!(emails(&r), [("dan@example.com", Trust::Verified)]);
    }

    #[test]
    fn multi_recipient_report_keeps_each_recipient() {
        let s = signer();
        let rp = s.encode("a@example.com", "bounce.test", now()).unwrap();
        let a = analysis(
            vec![finding("a@example.com"), finding("b@example.com")],
            &[],
        );
        let r = resolve(&[rp], &a, VerpMode::Accept, &s, now());
        assert_eq!(
            emails(&r),
            [
                ("a@example.com", Trust::Verified),
                ("b@example.com", Trust::Report)
            ]
        );
    }
}
