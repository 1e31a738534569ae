//! RFC 3463 enhanced status code → reason. Keyed by `subject.detail`: RFC 3463 §3 gives each
//! code the same meaning in the persistent (5) and transient (4) classes; the class only
//! decides success (2) and, later, the category.

use super::rule::{Basis, Rule, Verdict};
use crate::report::text::standing_status;
use crate::taxonomy::Reason;

/// `subject.detail` → reason. Codes that say "something went wrong" without saying what
/// (x.0.0, x.1.0, x.5.0, x.7.0) are absent: for them the text decides.
#[rustfmt::skip]
const TABLE: &[(&str, Reason, &str)] = &[
    // RFC 3463 §3.2 Addressing status
    ("X.1.1", Reason::UserUnknown, "RFC 3463 §3.2: Bad destination mailbox address"),
    ("X.1.2", Reason::HostUnknown, "RFC 3463 §3.2: Bad destination system address"),
    ("X.1.3", Reason::UserUnknown, "RFC 3463 §3.2: Bad destination mailbox address syntax"),
    ("X.1.4", Reason::UserUnknown, "RFC 3463 §3.2: Destination mailbox address ambiguous"),
    ("X.1.6", Reason::HasMoved, "RFC 3463 §3.2: Destination mailbox has moved, no forwarding address"),
    ("X.1.7", Reason::Rejected, "RFC 3463 §3.2: Bad sender's mailbox address syntax"),
    ("X.1.8", Reason::Rejected, "RFC 3463 §3.2: Bad sender's system address"),
    ("X.1.10", Reason::NotAccept, "RFC 7505 §4.2: recipient address has null MX"),
    // RFC 3463 §3.3 Mailbox status
    ("X.2.0", Reason::Filtered, "RFC 3463 §3.3: Other mailbox status: the mailbox exists but refused"),
    ("X.2.1", Reason::Suspend, "RFC 3463 §3.3: Mailbox disabled, not accepting messages"),
    ("X.2.2", Reason::MailboxFull, "RFC 3463 §3.3: Mailbox full"),
    ("X.2.3", Reason::ExceedLimit, "RFC 3463 §3.3: Message length exceeds administrative limit"),
    ("X.2.4", Reason::SystemError, "RFC 3463 §3.3: Mailing list expansion problem"),
    // RFC 3463 §3.4 Mail system status
    ("X.3.0", Reason::SystemError, "RFC 3463 §3.4: Other or undefined mail system status"),
    ("X.3.1", Reason::SystemFull, "RFC 3463 §3.4: Mail system full"),
    ("X.3.2", Reason::SystemError, "RFC 3463 §3.4: System not accepting network messages: 'an imminent shutdown, excessive load, or system maintenance', the host's state, not the address's (a host that never takes mail says 521 or 556, RFC 7504)"),
    ("X.3.3", Reason::SystemError, "RFC 3463 §3.4: System not capable of selected features"),
    ("X.3.4", Reason::MesgTooBig, "RFC 3463 §3.4: Message too big for system"),
    ("X.3.5", Reason::SystemError, "RFC 3463 §3.4: System incorrectly configured"),
    // RFC 3463 §3.5 Network and routing status
    ("X.4.0", Reason::NetworkError, "RFC 3463 §3.5: Other or undefined network or routing status"),
    ("X.4.1", Reason::NetworkError, "RFC 3463 §3.5: No answer from host"),
    ("X.4.2", Reason::NetworkError, "RFC 3463 §3.5: Bad connection"),
    ("X.4.3", Reason::SystemError, "RFC 3463 §3.5: Directory server failure"),
    ("X.4.4", Reason::HostUnknown, "RFC 3463 §3.5: Unable to route"),
    ("X.4.5", Reason::SystemFull, "RFC 3463 §3.5: Mail system congestion"),
    ("X.4.6", Reason::NetworkError, "RFC 3463 §3.5: Routing loop detected"),
    ("X.4.7", Reason::Expired, "RFC 3463 §3.5: Delivery time expired"),
    // RFC 3463 §3.6 Mail delivery protocol status
    ("X.5.1", Reason::SyntaxError, "RFC 3463 §3.6: Invalid command"),
    ("X.5.2", Reason::SyntaxError, "RFC 3463 §3.6: Syntax error"),
    ("X.5.3", Reason::SyntaxError, "RFC 3463 §3.6: Too many recipients"),
    ("X.5.4", Reason::SyntaxError, "RFC 3463 §3.6: Invalid command arguments"),
    ("X.5.5", Reason::SyntaxError, "RFC 3463 §3.6: Wrong protocol version"),
    ("X.5.6", Reason::SyntaxError, "RFC 4954 §6: authentication exchange line too long"),
    // RFC 3463 §3.7 Message content or media status
    ("X.6.0", Reason::ContentError, "RFC 3463 §3.7: Other or undefined media error"),
    ("X.6.1", Reason::ContentError, "RFC 3463 §3.7: Media not supported"),
    ("X.6.2", Reason::ContentError, "RFC 3463 §3.7: Conversion required and prohibited"),
    ("X.6.3", Reason::ContentError, "RFC 3463 §3.7: Conversion required but not supported"),
    ("X.6.4", Reason::ContentError, "RFC 3463 §3.7: Conversion with loss performed"),
    ("X.6.5", Reason::ContentError, "RFC 3463 §3.7: Conversion failed"),
    ("X.6.6", Reason::ContentError, "RFC 4468: message content not available"),
    ("X.6.7", Reason::ContentError, "RFC 6531: non-ASCII addresses not permitted"),
    ("X.6.8", Reason::ContentError, "RFC 6531: UTF-8 string reply required"),
    ("X.6.9", Reason::ContentError, "RFC 6531: UTF-8 header required"),
    // RFC 3463 §3.8 Security or policy status
    ("X.7.1", Reason::SecurityError, "RFC 3463 §3.8: Delivery not authorized, message refused (text may say more)"),
    ("X.7.2", Reason::SecurityError, "RFC 3463 §3.8: Mailing list expansion prohibited"),
    ("X.7.3", Reason::SecurityError, "RFC 3463 §3.8: Security conversion required but not possible"),
    ("X.7.4", Reason::SecurityError, "RFC 3463 §3.8: Security features not supported"),
    ("X.7.5", Reason::SecurityError, "RFC 3463 §3.8: Cryptographic failure"),
    ("X.7.6", Reason::SecurityError, "RFC 3463 §3.8: Cryptographic algorithm not supported"),
    ("X.7.7", Reason::SecurityError, "RFC 3463 §3.8: Message integrity failure"),
    ("X.7.8", Reason::SecurityError, "RFC 4954 §6: authentication credentials invalid"),
    ("X.7.9", Reason::SecurityError, "RFC 4954 §6: authentication mechanism is too weak"),
    ("X.7.10", Reason::FailedStartTls, "RFC 5248: encryption needed"),
    ("X.7.11", Reason::FailedStartTls, "RFC 4954 §6: encryption required for mechanism"),
    ("X.7.12", Reason::SecurityError, "RFC 4954 §6: a password transition is needed"),
    ("X.7.13", Reason::Suspend, "RFC 5248: user account disabled"),
    ("X.7.14", Reason::SecurityError, "RFC 5248: trust relationship required"),
    ("X.7.15", Reason::PolicyViolation, "RFC 6710: priority level is too low"),
    ("X.7.16", Reason::MesgTooBig, "RFC 6710: message is too big for the requested priority"),
    ("X.7.17", Reason::HasMoved, "RFC 7293: mailbox owner has changed"),
    ("X.7.18", Reason::HasMoved, "RFC 7293: domain owner has changed"),
    ("X.7.19", Reason::SecurityError, "RFC 7293: RRVS test cannot be completed"),
    ("X.7.20", Reason::AuthFailure, "RFC 7372: no passing DKIM signature found"),
    ("X.7.21", Reason::AuthFailure, "RFC 7372: no acceptable DKIM signature found"),
    ("X.7.22", Reason::AuthFailure, "RFC 7372: no valid author-matched DKIM signature"),
    ("X.7.23", Reason::AuthFailure, "RFC 7372: SPF validation failed"),
    ("X.7.24", Reason::AuthFailure, "RFC 7372: SPF validation error"),
    ("X.7.25", Reason::RequirePtr, "RFC 7372: reverse DNS validation failed"),
    ("X.7.26", Reason::AuthFailure, "RFC 7372: multiple authentication checks failed"),
    ("X.7.27", Reason::Rejected, "RFC 7505 §4.3: sender address has null MX: the sender is refused, nothing is said of the recipient (Sendmail also sends it for a recipient domain's null MX, with words that say so)"),
    ("X.7.28", Reason::Speeding, "IANA registry (RFC 8651 era): mail flood detected"),
    ("X.7.29", Reason::AuthFailure, "RFC 8617: ARC validation failure"),
    ("X.7.30", Reason::FailedStartTls, "RFC 8689: REQUIRETLS support required"),
    // Exchange Online NDR codes (Microsoft "Email non-delivery reports" reference)
    ("X.1.351", Reason::UserUnknown, "Microsoft Exchange Online NDR reference: 5.1.351: recipient not found by directory lookup"),
    ("X.4.316", Reason::Expired, "Microsoft Exchange Online NDR reference: 5.4.316: message expired, connection refused"),
    ("X.7.54", Reason::NoRelaying, "Microsoft Exchange Online NDR reference: 5.7.54: unable to relay recipient in non-accepted domain"),
    ("X.7.509", Reason::AuthFailure, "Microsoft Exchange Online NDR reference: 5.7.509: rejected by the sender domain's DMARC policy"),
    ("X.7.520", Reason::Filtered, "Microsoft Learn, 'Configure and control external email forwarding in Microsoft 365': 5.7.520 'Your organization does not allow external forwarding': the recipient's own forward, refused by its organisation, not a refusal of the sender"),
    ("X.7.515", Reason::AuthFailure, "Microsoft Exchange Online NDR reference: 5.7.515: the sending domain does not meet the required authentication level (SPF, DKIM, DMARC for high-volume senders)"),
];

/// Transient codes whose meaning shifts when the MTA has given up: a host that never answered
/// (RFC 3463 X.4.1) or a connection that kept breaking (X.4.2) through the whole retry period
/// means the message expired in the queue.
#[rustfmt::skip]
const TRANSIENT: &[(&str, Reason, &str)] = &[
    ("4.4.1", Reason::Expired, "RFC 3463 §3.5: No answer from host, until the MTA gave up"),
    ("4.4.2", Reason::Expired, "RFC 3463 §3.5: Bad connection, until the MTA gave up"),
];

/// Microsoft's ranges of vendor detail codes: (key, subject, detail range, reason, source).
#[rustfmt::skip]
const RANGES: &[(&str, &str, u16, u16, Reason, &str)] = &[
    ("X.7.500-699", "7", 500, 699, Reason::Blocked, "Microsoft Exchange Online NDR reference: 5.7.5xx-6xx, banned sender or IP"),
    ("4.7.650-699", "7", 650, 699, Reason::BadReputation, "Microsoft Exchange Online NDR reference: 4.7.650-699, IP reputation throttling"),
];

const SUCCESS: Rule = Rule::new(Basis::Status, "2.X.X", "RFC 3463 §3.1: class 2, success");

/// A detail of subject 7 that no row names (a provider's own, as Exchange Online's 5.7.57 or
/// 5.7.64): the subject still classifies it, and every code of it is a refusal by security or
/// policy. Generic: the words decide first.
const POLICY_SUBJECT: Rule = Rule::new(
    Basis::Status,
    "X.7.x",
    "RFC 3463 §3: the subject sub-code classifies the status; §3.8: subject 7 is security or \
     policy status",
);

/// Codes a provider gives a meaning of its own, recognised with the words it sends them with:
/// (`subject.detail`, lowercase phrase, reason, key, source). Without the words the RFC meaning
/// stands (X.4.1 is "no answer from host" elsewhere, and Postfix's access maps answer
/// "Recipient address rejected: Access denied" with 5.7.1 for any policy).
#[rustfmt::skip]
const VENDOR: &[(&str, &str, Reason, &str, &str)] = &[
    ("4.1", "recipient address rejected: access denied", Reason::UserUnknown, "X.4.1 access denied", "Microsoft 'Fix NDR error 550 5.4.1 in Exchange Online': directory-based edge blocking, the recipient is not in the organization's directory"),
];

/// The verdict of a provider's own use of a status with the words `lower` (lowercased), if
/// any: the entry's `status`, or the one the reply `said` carries where a relay's report gave
/// the recipient another (a gateway's DSN with 5.1.0 over Exchange Online's "550 5.4.1
/// Recipient address rejected: Access denied"). The codes are compared first: the words are
/// sought only under a code that has some.
pub fn vendor_verdict(status: &str, said: &str, lower: &str) -> Option<Verdict> {
    let is = |s: &str, code: &str| s.split_once('.').is_some_and(|(_, rest)| rest == code);
    let replied = standing_status(said).filter(|s| *s != status);
    VENDOR
        .iter()
        .find(|(code, phrase, ..)| {
            (is(status, code) || replied.is_some_and(|s| is(s, code))) && lower.contains(phrase)
        })
        .map(|(_, _, reason, key, source)| {
            Verdict::new(*reason, Rule::new(Basis::Provider, key, source))
        })
}

/// The verdict an enhanced status code gives; `None` for generic (x.0.0, x.1.0, ...) or
/// unknown codes. Class 2 is success.
pub fn verdict(status: &str) -> Option<Verdict> {
    let (class, rest) = status.split_once('.')?;
    if class == "2" {
        return Some(Verdict::new(Reason::Delivered, SUCCESS));
    }
    let row = |(key, reason, source): &(&'static str, Reason, &'static str)| {
        Verdict::new(*reason, Rule::new(Basis::Status, key, source))
    };
    if class == "4" {
        if let Some(t) = TRANSIENT.iter().find(|(k, _, _)| *k == status) {
            return Some(row(t));
        }
    }
    if let Some(t) = TABLE.iter().find(|(k, _, _)| &k[2..] == rest) {
        return Some(row(t));
    }
    let (subject, detail) = rest.split_once('.')?;
    let detail: u16 = detail.parse().ok()?;
    // Later rows are narrower; the last matching one wins. 4.7.650+ is transient (class 4).
    RANGES
        .iter()
        .rev()
        .find(|(_, s, lo, hi, r, _)| {
            *s == subject
                && (*lo..=*hi).contains(&detail)
                && (class == "4" || *r != Reason::BadReputation)
        })
        .map(|(key, _, _, _, r, source)| Verdict::new(*r, Rule::new(Basis::Status, key, source)))
        .or_else(|| {
            (subject == "7" && detail != 0)
                .then_some(Verdict::new(Reason::SecurityError, POLICY_SUBJECT))
        })
}

/// Whether `status` names one cause. A detail of 0 is "other or undefined" within its subject
/// (RFC 3463 §3), and X.7.1 "delivery not authorized, message refused" covers every kind of
/// refusal by policy (§3.8): for those the diagnostic's words decide, the code only when they
/// say nothing.
pub fn is_specific(status: &str) -> bool {
    !(status.ends_with(".0") || status.ends_with(".7.1"))
        && verdict(status).is_none_or(|v| v.rule.key != POLICY_SUBJECT.key)
}

/// Whether `status` is about the sender's address, not the recipient's: RFC 3463 §3.2 X.1.7
/// and X.1.8, and RFC 7372's X.7.20–X.7.26, the checks of the sender's DKIM, SPF and reverse
/// DNS ("5.7.23 ... Domain <sender's> does not exist (SPF lookup returned NXDOMAIN)"). (Not
/// RFC 7505's X.7.27: Sendmail sends it for a recipient domain's null MX.)
pub fn is_about_sender(status: &str) -> bool {
    matches!(
        status.get(1..),
        Some(".1.7" | ".1.8" | ".7.20" | ".7.21" | ".7.22" | ".7.23" | ".7.24" | ".7.25" | ".7.26")
    )
}

/// The reason alone, for the tests.
#[cfg(test)]
fn reason(status: &str) -> Option<Reason> {
    verdict(status).map(|v| v.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3463_codes() {
        assert_eq!(reason("5.1.1"), Some(Reason::UserUnknown));
        assert_eq!(reason("4.2.2"), Some(Reason::MailboxFull));
        assert_eq!(reason("5.4.7"), Some(Reason::Expired));
        assert_eq!(reason("2.1.5"), Some(Reason::Delivered));
        assert_eq!(reason("5.0.0"), None);
        assert_eq!(reason("5.7.1"), Some(Reason::SecurityError));
        assert_eq!(reason(""), None);
    }

    #[test]
    fn a_vendor_code_needs_its_words() {
        let dbeb = "550 5.4.1 recipient address rejected: access denied. as(201806281)";
        let v = vendor_verdict("5.4.1", "", dbeb).expect("Exchange Online");
        assert_eq!(v.reason, Reason::UserUnknown);
        assert!(
            vendor_verdict("5.7.1", "", dbeb).is_none(),
            "Postfix's access map"
        );
        assert!(vendor_verdict("5.4.1", "", "550 5.4.1 no answer").is_none());
        // the status the reply carries, under another the report gave
        let v = vendor_verdict("5.1.0", dbeb, dbeb).expect("the reply's own 5.4.1");
        assert_eq!(v.reason, Reason::UserUnknown);
    }

    #[test]
    fn later_rfcs_and_vendor_codes() {
        assert_eq!(reason("5.7.26"), Some(Reason::AuthFailure)); // RFC 7372
        assert_eq!(reason("5.1.10"), Some(Reason::NotAccept)); // RFC 7505
        assert_eq!(reason("4.7.650"), Some(Reason::BadReputation));
        assert_eq!(reason("5.7.606"), Some(Reason::Blocked));
        assert_eq!(reason("5.7.509"), Some(Reason::AuthFailure));
        // a named code inside Microsoft's blocked range keeps its own meaning
        assert_eq!(reason("5.7.520"), Some(Reason::Filtered));
    }

    #[test]
    fn an_unnamed_detail_of_the_policy_subject_is_a_policy_refusal() {
        // RFC 3463 §3: the subject classifies; a provider's own X.7 detail is still policy
        assert_eq!(reason("5.7.57"), Some(Reason::SecurityError));
        assert_eq!(reason("4.7.64"), Some(Reason::SecurityError));
        // generic, so that the words decide first; other subjects are not guessed
        assert!(!is_specific("5.7.57"));
        assert!(is_specific("5.7.26"));
        assert_eq!(reason("5.7.0"), None);
        assert_eq!(reason("5.4.312"), None);
    }
}
