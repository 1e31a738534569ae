//! RFC 3463 enhanced status code → reason. Keyed by `subject.detail`: RFC 3463 §3 gives each
//! code the same meaning in the persistent (5) and transient (4) classes; the class only
//! decides success (2) and, later, the category.

use crate::taxonomy::Reason;

/// `subject.detail` → reason. Codes that say "something went wrong" without saying what
/// (x.0.0, x.1.0, x.5.0, x.7.0) are absent: for them the text decides.
#[rustfmt::skip]
const TABLE: &[(&str, Reason)] = &[
    // RFC 3463 §3.2 Addressing status
    ("1.1", Reason::UserUnknown), // Bad destination mailbox address
    ("1.2", Reason::HostUnknown), // Bad destination system address
    ("1.3", Reason::UserUnknown), // Bad destination mailbox address syntax
    ("1.4", Reason::UserUnknown), // Destination mailbox address ambiguous
    ("1.6", Reason::HasMoved),    // Destination mailbox has moved, no forwarding address
    ("1.7", Reason::Rejected),    // Bad sender's mailbox address syntax
    ("1.8", Reason::Rejected),    // Bad sender's system address
    ("1.10", Reason::NotAccept),  // RFC 7505 §4.2: recipient address has null MX
    // RFC 3463 §3.3 Mailbox status
    ("2.0", Reason::Filtered), // Other mailbox status: the mailbox exists but refused
    ("2.1", Reason::Suspend),  // Mailbox disabled, not accepting messages
    ("2.2", Reason::MailboxFull), // Mailbox full
    ("2.3", Reason::ExceedLimit), // Message length exceeds administrative limit
    ("2.4", Reason::SystemError), // Mailing list expansion problem
    // RFC 3463 §3.4 Mail system status
    ("3.0", Reason::SystemError), // Other or undefined mail system status
    ("3.1", Reason::SystemFull),  // Mail system full
    ("3.2", Reason::NotAccept),   // System not accepting network messages
    ("3.3", Reason::SystemError), // System not capable of selected features
    ("3.4", Reason::MesgTooBig),  // Message too big for system
    ("3.5", Reason::SystemError), // System incorrectly configured
    // RFC 3463 §3.5 Network and routing status
    ("4.0", Reason::NetworkError), // Other or undefined network or routing status
    ("4.1", Reason::NetworkError), // No answer from host
    ("4.2", Reason::NetworkError), // Bad connection
    ("4.3", Reason::SystemError),  // Directory server failure
    ("4.4", Reason::HostUnknown),  // Unable to route
    ("4.5", Reason::SystemFull),   // Mail system congestion
    ("4.6", Reason::NetworkError), // Routing loop detected
    ("4.7", Reason::Expired),      // Delivery time expired
    // RFC 3463 §3.6 Mail delivery protocol status
    ("5.1", Reason::SyntaxError), // Invalid command
    ("5.2", Reason::SyntaxError), // Syntax error
    ("5.3", Reason::SyntaxError), // Too many recipients
    ("5.4", Reason::SyntaxError), // Invalid command arguments
    ("5.5", Reason::SyntaxError), // Wrong protocol version
    ("5.6", Reason::SyntaxError), // RFC 4954 §6: authentication exchange line too long
    // RFC 3463 §3.7 Message content or media status
    ("6.0", Reason::ContentError), // Other or undefined media error
    ("6.1", Reason::ContentError), // Media not supported
    ("6.2", Reason::ContentError), // Conversion required and prohibited
    ("6.3", Reason::ContentError), // Conversion required but not supported
    ("6.4", Reason::ContentError), // Conversion with loss performed
    ("6.5", Reason::ContentError), // Conversion failed
    ("6.6", Reason::ContentError), // RFC 4468: message content not available
    ("6.7", Reason::ContentError), // RFC 6531: non-ASCII addresses not permitted
    ("6.8", Reason::ContentError), // RFC 6531: UTF-8 string reply required
    ("6.9", Reason::ContentError), // RFC 6531: UTF-8 header required
        // RFC 3463 §3.8 Security or policy status
    ("7.1", Reason::SecurityError),  // Delivery not authorized, message refused (text may say more)
    ("7.2", Reason::SecurityError), // Mailing list expansion prohibited
    ("7.3", Reason::SecurityError), // Security conversion required but not possible
    ("7.4", Reason::SecurityError), // Security features not supported
    ("7.5", Reason::SecurityError), // Cryptographic failure
    ("7.6", Reason::SecurityError), // Cryptographic algorithm not supported
    ("7.7", Reason::SecurityError), // Message integrity failure
    ("7.8", Reason::SecurityError), // RFC 4954 §6: authentication credentials invalid
    ("7.9", Reason::SecurityError), // RFC 4954 §6: authentication mechanism is too weak
    ("7.10", Reason::FailedStartTls), // RFC 5248: encryption needed
    ("7.11", Reason::FailedStartTls), // RFC 4954 §6: encryption required for mechanism
    ("7.12", Reason::SecurityError), // RFC 4954 §6: a password transition is needed
    ("7.13", Reason::Suspend),      // RFC 5248: user account disabled
    ("7.14", Reason::SecurityError), // RFC 5248: trust relationship required
    ("7.15", Reason::PolicyViolation), // RFC 6710: priority level is too low
    ("7.16", Reason::MesgTooBig),   // RFC 6710: message is too big for the requested priority
    ("7.17", Reason::HasMoved),     // RFC 7293: mailbox owner has changed
    ("7.18", Reason::HasMoved),     // RFC 7293: domain owner has changed
    ("7.19", Reason::SecurityError), // RFC 7293: RRVS test cannot be completed
    ("7.20", Reason::AuthFailure),  // RFC 7372: no passing DKIM signature found
    ("7.21", Reason::AuthFailure),  // RFC 7372: no acceptable DKIM signature found
    ("7.22", Reason::AuthFailure),  // RFC 7372: no valid author-matched DKIM signature
    ("7.23", Reason::AuthFailure),  // RFC 7372: SPF validation failed
    ("7.24", Reason::AuthFailure),  // RFC 7372: SPF validation error
    ("7.25", Reason::RequirePtr),   // RFC 7372: reverse DNS validation failed
    ("7.26", Reason::AuthFailure),  // RFC 7372: multiple authentication checks failed
    ("7.27", Reason::NotAccept),    // RFC 7505 §4.3: sender address has null MX
    ("7.28", Reason::Speeding),     // IANA registry (RFC 8651 era): mail flood detected
    ("7.29", Reason::AuthFailure),  // RFC 8617: ARC validation failure
    ("7.30", Reason::FailedStartTls), // RFC 8689: REQUIRETLS support required
    // Exchange Online NDR codes (Microsoft "Email non-delivery reports" reference)
    ("1.351", Reason::UserUnknown), // 5.1.351: recipient not found by directory lookup
    ("4.316", Reason::Expired),     // 5.4.316: message expired, connection refused
    ("7.54", Reason::NoRelaying),   // 5.7.54: unable to relay recipient in non-accepted domain
    ("7.509", Reason::AuthFailure), // 5.7.509: rejected by the sender domain's DMARC policy
];

/// Transient codes whose meaning shifts when the MTA has given up: a host that never answered
/// (RFC 3463 X.4.1) or a connection that kept breaking (X.4.2) through the whole retry period
/// means the message expired in the queue.
const TRANSIENT: &[(&str, Reason)] = &[("4.1", Reason::Expired), ("4.2", Reason::Expired)];

/// Microsoft's ranges of vendor detail codes: (subject, detail range, reason).
const RANGES: &[(&str, u16, u16, Reason)] = &[
    ("7", 500, 699, Reason::Blocked), // Exchange Online 5.7.5xx–6xx: banned sender or IP
    ("7", 650, 699, Reason::BadReputation), // Exchange Online 4.7.650–699: IP reputation throttling
];

/// The reason an enhanced status code stands for; `None` for generic or unknown codes and for
/// success, which the caller handles by class.
pub fn reason(status: &str) -> Option<Reason> {
    let (class, rest) = status.split_once('.')?;
    if class == "2" {
        return Some(Reason::Delivered); // RFC 3463 §3.1: class 2 is success
    }
    let transient = if class == "4" { TRANSIENT } else { &[] };
    let row = transient
        .iter()
        .chain(TABLE)
        .find(|(code, _)| *code == rest);
    if let Some((_, reason)) = row {
        return Some(*reason);
    }
    let (subject, detail) = rest.split_once('.')?;
    let detail: u16 = detail.parse().ok()?;
    // Later rows are narrower; the last matching one wins. 4.7.650+ is transient (class 4).
    RANGES
        .iter()
        .rev()
        .find(|(s, lo, hi, r)| {
            *s == subject
                && (*lo..=*hi).contains(&detail)
                && (class == "4" || *r != Reason::BadReputation)
        })
        .map(|(_, _, _, r)| *r)
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
    fn later_rfcs_and_vendor_codes() {
        assert_eq!(reason("5.7.26"), Some(Reason::AuthFailure)); // RFC 7372
        assert_eq!(reason("5.1.10"), Some(Reason::NotAccept)); // RFC 7505
        assert_eq!(reason("4.7.650"), Some(Reason::BadReputation));
        assert_eq!(reason("5.7.606"), Some(Reason::Blocked));
        assert_eq!(reason("5.7.509"), Some(Reason::AuthFailure));
    }
}
