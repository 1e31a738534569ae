//! Spectrum (Charter) ends its refusals with an acceptable-use code, `AUP#In-1310` for mail
//! coming in and `AUP#O...` for mail going out, whose four digits name the cause; the words
//! before it are often generic ("sender rejected" for a connection limit).
//! Source: spectrum.net/support/internet/understanding-email-error-codes.

use crate::taxonomy::Reason;
use Reason::*;

/// Inclusive code ranges → reason, as Spectrum's error code page groups them.
#[rustfmt::skip]
const CODES: &[(u16, u16, Reason)] = &[
    (1000, 1000, Blocked),         // sending IP blocked for suspicious activity
    (1010, 1080, Rejected),        // the sending account is blocked or limited
    (1090, 1090, SystemError),     // "can't be processed. Try sending again at a later time"
    (1100, 1150, RequirePtr),      // no full-circle (forward and reverse) DNS for the IP
    (1160, 1190, PolicyViolation), // against the sender domain's security policies
    (1200, 1210, Blocked),         // IP flagged by Cloudmark CSI
    (1220, 1250, Blocked),         // IP listed by Spamhaus
    (1260, 1260, NetworkError),    // IPv6 connection; Spectrum takes mail over IPv4 only
    (1300, 1340, TooManyConn),     // concurrent or total connection limit
    (1350, 1490, Speeding),        // limits on messages, recipients, invalid recipients
    (1500, 1520, Rejected),        // sending as an address or domain not signed in with
    (1530, 1530, MesgTooBig),      // larger than 20 MB
    (1540, 1550, Speeding),        // too many messages per session, recipients per message
    (1560, 1560, PolicyViolation), // too many invalid recipients
    (1580, 1580, Speeding),        // too many recipients in a short time
];

/// The reason a Spectrum code in `lower` (lowercased text) names, if any.
pub fn reason(lower: &str) -> Option<Reason> {
    let (_, after) = lower.split_once("aup#")?;
    // Direction letters and a hyphen ("in-", "o"), then four digits.
    let digits = after.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    let code: u16 = digits.get(..4)?.parse().ok()?;
    if digits.as_bytes().get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    CODES
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
        .map(|(_, _, r)| *r)
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
