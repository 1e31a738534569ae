//! Enhanced status codes named by their titles. Some servers answer with the title of an
//! RFC 3463 status instead of the code, or beside a generic one ("550 5.0.0 Bad destination
//! system address"). The title names its status as precisely as the code would, so a
//! diagnostic that states one is read as that status, in the class the report gives.

use super::named::{self, Named};
use super::rule::{Rule, Verdict};
use super::status;
use crate::report::phrases::Phrases;

/// (title, lowercase, as RFC 3463 §3 and the IANA registry of enhanced status codes (RFC 5248)
/// give it; the status it names). Left out: titles whose words also say other things
/// ("Unable to route", "Syntax error"), the generic ones (X.y.0, X.7.1) and those a strong
/// phrase row reads first ("Mailbox full", "Delivery time expired").
#[rustfmt::skip]
const TITLES: &[(&str, &str)] = &[
    ("bad destination system address", "X.1.2"),
    ("destination mailbox address ambiguous", "X.1.4"),
    // X.1.6 "Destination mailbox has moved, No forwarding address": its second half
    ("no forwarding address", "X.1.6"),
    ("message length exceeds administrative limit", "X.2.3"),
    ("mailing list expansion problem", "X.2.4"),
    ("system not accepting network messages", "X.3.2"),
    ("system not capable of selected features", "X.3.3"),
    ("system incorrectly configured", "X.3.5"),
    ("no answer from host", "X.4.1"),
    ("bad connection", "X.4.2"),
    ("directory server failure", "X.4.3"),
    ("mail system congestion", "X.4.5"),
    ("invalid command arguments", "X.5.4"),
    ("invalid command", "X.5.1"),
    ("wrong protocol version", "X.5.5"),
    ("media not supported", "X.6.1"),
    ("conversion required and prohibited", "X.6.2"),
    ("conversion required but not supported", "X.6.3"),
    ("conversion with loss performed", "X.6.4"),
    ("conversion failed", "X.6.5"),
    ("mailing list expansion prohibited", "X.7.2"),
    ("security conversion required but not possible", "X.7.3"),
    ("security features not supported", "X.7.4"),
    ("cryptographic failure", "X.7.5"),
    ("cryptographic algorithm not supported", "X.7.6"),
    ("message integrity failure", "X.7.7"),
    ("authentication credentials invalid", "X.7.8"),
    ("authentication mechanism is too weak", "X.7.9"),
    ("encryption needed", "X.7.10"),
    ("a password transition is needed", "X.7.12"),
    ("trust relationship required", "X.7.14"),
    ("priority level is too low", "X.7.15"),
    ("mailbox owner has changed", "X.7.17"),
    ("domain owner has changed", "X.7.18"),
    ("rrvs test cannot be completed", "X.7.19"),
    ("spf validation failed", "X.7.23"),
    ("spf validation error", "X.7.24"),
    ("multiple authentication checks failed", "X.7.26"),
    ("mail flood detected", "X.7.28"),
    ("arc validation failure", "X.7.29"),
    ("requiretls support required", "X.7.30"),
];

static MATCHER: Phrases = Phrases::built(|| TITLES.iter().map(|(t, _)| *t).collect());

/// The verdict of the status whose title `lower` (a lowercased diagnostic) states first, in
/// `class` ("4" or "5"). The rule is the title's, with the status table's source. An address
/// failure's title said of another address than `recipient` is no evidence, as for phrases.
pub fn verdict(lower: &str, class: &str, recipient: &str) -> Option<Verdict> {
    MATCHER
        .positions(lower)
        .filter_map(|(i, at)| {
            let (title, code) = TITLES[i];
            let v = status::verdict(&format!("{class}{}", &code[1..]))?;
            let another = || named::before(lower, at, recipient) == Some(Named::OtherAddress);
            if super::is_hard(v.reason) && another() {
                return None;
            }
            let rule = Rule::new(super::Basis::Diagnostic, title, v.rule.source);
            Some((at, i, Verdict::new(v.reason, rule)))
        })
        .min_by_key(|&(at, i, _)| (at, i))
        .map(|(.., v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::patterns::{self, Weight};
    use crate::classify::Basis;
    use crate::taxonomy::Reason;

    fn reason(text: &str, class: &str) -> Option<Reason> {
        verdict(text, class, "kim@example.org").map(|v| v.reason)
    }

    #[test]
    fn a_title_reads_as_its_status() {
        let cases = [
            ("550 bad destination system address", Reason::HostUnknown),
            (
                "message length exceeds administrative limit",
                Reason::ExceedLimit,
            ),
            ("no answer from host", Reason::NetworkError),
            ("mailing list expansion prohibited", Reason::SecurityError),
            ("conversion required and prohibited", Reason::ContentError),
            ("invalid command arguments", Reason::SyntaxError),
            (
                "jo has moved and left no forwarding address",
                Reason::HasMoved,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(reason(text, "5"), Some(want), "{text}");
        }
    }

    #[test]
    fn the_class_is_the_reports() {
        // RFC 3463 §3.5: 4.4.1 is the transient "no answer", which the MTA retried until it gave up
        assert_eq!(reason("no answer from host", "4"), Some(Reason::Expired));
        assert_eq!(
            verdict("mail system congestion", "4", "").map(|v| v.rule.to_string()),
            Some("diagnostic:mail system congestion".to_owned())
        );
    }

    #[test]
    fn an_address_failure_said_of_another_address_is_none() {
        let callout =
            "550 callout verification failed: 550 <s@a.example> bad destination system address";
        assert_eq!(reason(callout, "5"), None);
        let own = callout.replace("s@a.example", "kim@example.org");
        assert_eq!(reason(&own, "5"), Some(Reason::HostUnknown));
    }

    #[test]
    fn no_title_is_one_a_strong_phrase_row_reads_first() {
        // the phrase rows decide before the titles; a title they read strongly would be dead
        for (title, _) in TITLES {
            let by_phrase = patterns::find(title, Basis::Diagnostic, "");
            assert!(by_phrase.is_none_or(|(_, w)| w == Weight::Weak), "{title}");
        }
    }

    #[test]
    fn words_that_name_no_title_give_nothing() {
        for text in [
            "unable to route",
            "syntax error",
            "delivery not authorized",
            "user unknown",
        ] {
            assert_eq!(reason(text, "5"), None, "{text}");
        }
    }
}
