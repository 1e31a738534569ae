//! Spectrum (Charter) ends its refusals with an acceptable-use code, `AUP#In-1310` for mail
//! coming in and `AUP#O...` for mail going out, whose four digits name the cause; the words
//! before it are often generic ("sender rejected" for a connection limit).
//! Source: spectrum.net/support/internet/understanding-email-error-codes.

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;
use Reason::*;

/// Inclusive code ranges → reason, as Spectrum's error code page groups them.
#[rustfmt::skip]
const CODES: &[(&str, u16, u16, Reason)] = &[
    ("AUP#1000", 1000, 1000, Blocked),         // sending IP blocked for suspicious activity
    ("AUP#1010-1080", 1010, 1080, Rejected),        // the sending account is blocked or limited
    ("AUP#1090", 1090, 1090, SystemError),     // "can't be processed. Try sending again at a later time"
    ("AUP#1100-1150", 1100, 1150, RequirePtr),      // no full-circle (forward and reverse) DNS for the IP
    ("AUP#1160-1190", 1160, 1190, PolicyViolation), // against the sender domain's security policies
    ("AUP#1200-1210", 1200, 1210, Blocked),         // IP flagged by Cloudmark CSI
    ("AUP#1220-1250", 1220, 1250, Blocked),         // IP listed by Spamhaus
    ("AUP#1260", 1260, 1260, NetworkError),    // IPv6 connection; Spectrum takes mail over IPv4 only
    ("AUP#1300-1340", 1300, 1340, TooManyConn),     // concurrent or total connection limit
    ("AUP#1350-1490", 1350, 1490, Speeding),        // limits on messages, recipients, invalid recipients
    ("AUP#1500-1520", 1500, 1520, Rejected),        // sending as an address or domain not signed in with
    ("AUP#1530", 1530, 1530, MesgTooBig),      // larger than 20 MB
    ("AUP#1540-1550", 1540, 1550, Speeding),        // too many messages per session, recipients per message
    ("AUP#1560", 1560, 1560, PolicyViolation), // too many invalid recipients
    ("AUP#1580", 1580, 1580, Speeding),        // too many recipients in a short time
];

const SOURCE: &str = "Spectrum: spectrum.net/support/internet/understanding-email-error-codes";

/// The verdict a Spectrum code in `lower` (lowercased text) gives, if any.
pub fn verdict(lower: &str) -> Option<Verdict> {
    let (_, after) = lower.split_once("aup#")?;
    // Direction letters and a hyphen ("in-", "o"), then four digits.
    let digits = after.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    let code: u16 = digits.get(..4)?.parse().ok()?;
    if digits.as_bytes().get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    CODES
        .iter()
        .find(|(_, lo, hi, _)| (*lo..=*hi).contains(&code))
        .map(|(key, _, _, r)| Verdict::new(*r, Rule::new(Basis::Provider, key, SOURCE)))
}

/// The reason alone, for the tests.
#[cfg(test)]
fn reason(lower: &str) -> Option<Reason> {
    verdict(lower).map(|v| v.reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_incoming_and_outgoing_codes() {
        assert_eq!(
            reason("550 5.1.0 <a@b.example> sender rejected. aup#in-1310"),
            Some(TooManyConn)
        );
        assert_eq!(reason("554 aup#o1530"), Some(MesgTooBig));
        assert_eq!(reason("aup#i-1000"), Some(Blocked));
    }

    #[test]
    fn ignores_unknown_or_malformed_codes() {
        assert_eq!(reason("aup#in-9999"), None);
        assert_eq!(reason("aup#in-13100"), None);
        assert_eq!(reason("aup#in-13"), None);
        assert_eq!(reason("aup#"), None);
        assert_eq!(reason("no code here"), None);
    }
}
