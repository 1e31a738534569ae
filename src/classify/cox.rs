//! Cox ends its refusals with an acceptable-use code, `AUP#CXBL`, whose letters name the cause;
//! the words before it are often generic ("cmsmtp blocked" for a connection limit).
//! Source: Cox's postmaster error code table (postmaster.cox.net, "Error Codes"; cox.com,
//! "Cox Postmaster Administration").

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;
use Reason::*;

/// Code → reason, with Cox's description. A row marked `true` takes digits after its code
/// (`AUP#IPBL0010`: which blocklists list the sending IP).
#[rustfmt::skip]
const CODES: &[(&str, bool, Reason)] = &[
    ("AUP#CXBL",   false, Blocked),      // sending IP blocked by Cox for spam-like behaviour
    ("AUP#CDRBL",  false, Blocked),      // sending IP blocked for up to 24 hours, spam-like behaviour
    ("AUP#IPBL",   true,  Blocked),      // sending IP listed in a DNSBL (Spamhaus, Cloudmark, ...)
    ("AUP#CXDNS",  false, RequirePtr),   // reverse DNS lookup of the sending IP fails
    ("AUP#CXSNDR", false, AuthFailure),  // the sender's domain failed its SPF/DKIM policy
    ("AUP#CXSMTP", false, Rejected),     // SMTP protocol violation, sender not verified legitimate
    ("AUP#CXCNCT", false, TooManyConn),  // too many concurrent connections from one IP
    ("AUP#CXMXRT", false, Speeding),     // more messages than the sender is allowed
    ("AUP#CXMJ",   false, Rejected),     // sending account blocked for suspicious activity
];

const SOURCE: &str = "Cox: postmaster.cox.net error codes";

/// The verdict a Cox code in `lower` (lowercased text) gives, if any.
pub fn verdict(lower: &str) -> Option<Verdict> {
    let (_, after) = lower.split_once("aup#")?;
    let end = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let code = &after[..end];
    CODES
        .iter()
        .find(|(key, digits, _)| {
            let name = &key["AUP#".len()..];
            match code.get(..name.len()) {
                Some(start) if start.eq_ignore_ascii_case(name) => {
                    let rest = &code[name.len()..];
                    if *digits {
                        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
                    } else {
                        rest.is_empty()
                    }
                }
                _ => false,
            }
        })
        .map(|(key, _, r)| Verdict::new(*r, Rule::new(Basis::Provider, key, SOURCE)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(lower: &str) -> Option<Reason> {
        verdict(lower).map(|v| v.reason)
    }

    #[test]
    fn the_code_names_the_cause_whatever_the_words_say() {
        // a connection limit worded "blocked"
        assert_eq!(
            reason(
                "421 cmsmtp blocked. refer to error codes section for more information. aup#cxcnct"
            ),
            Some(TooManyConn)
        );
        assert_eq!(
            reason("554 cmsmtp 192.0.2.1 has been blocked. aup#cxbl"),
            Some(Blocked)
        );
        assert_eq!(
            reason("550 message rejected. aup#cxsndr"),
            Some(AuthFailure)
        );
        assert_eq!(reason("554 rejected aup#ipbl0010: listed"), Some(Blocked));
    }

    #[test]
    fn ignores_unknown_or_partial_codes() {
        assert_eq!(reason("aup#cxblx"), None);
        assert_eq!(reason("aup#ipbl"), None);
        assert_eq!(reason("aup#in-1310"), None);
        assert_eq!(reason("aup#"), None);
        assert_eq!(reason("cxbl without its prefix"), None);
    }
}
