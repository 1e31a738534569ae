//! NetEase (163.com, 126.com, yeah.net and its hosted domains) ends each refusal with a code
//! such as `HL:ICC` or `DT:SPM`: two letters for the check (HL host limits, MI message and
//! sender, RP recipients, DT content, WM allow lists), a colon and three letters for the
//! cause. The text around it is a help link whose address names spam whatever the cause
//! (`help_spam_16.htm`), so the code is the only evidence.
//! Source: NetEase's postmaster list of refusal codes, linked from every refusal
//! (mail.163.com/help/help_spam_16.htm), as republished at biecuoliao.com/pa/MBRrwEM.html.

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;
use Reason::*;

/// Code → reason, lowercase. Only the codes the list documents.
#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    ("dt:rbl", Blocked),       // the sending IP is on one or more DNS blocklists
    ("dt:spm", SpamDetected),  // the body has the marks of spam
    ("hl:icc", TooManyConn),   // too many concurrent connections from the IP
    ("hl:ifc", Speeding),      // too many messages from the IP in a short time
    ("hl:ihu", Blocked),       // the IP suspended for breaking the terms of service
    ("hl:ipb", Blocked),       // the IP is not on the list allowed to send
    ("hl:mep", BadReputation), // the IP's conduct: many forged sender domains
    ("hl:rep", BadReputation), // the IP's conduct: many recipients that do not exist
    ("mi:ccl", SyntaxError),   // more commands than a client sends
    ("mi:cel", SyntaxError),   // too many erroneous commands
    ("mi:dmc", TooManyConn),   // too many messages in one connection
    ("mi:sfq", Speeding),      // the sender's messages in 15 minutes over the limit
    ("mi:spf", AuthFailure),   // the sending IP is not permitted by the domain's SPF record
    ("rp:ccl", SyntaxError),   // more commands than a client sends
    ("rp:cel", SyntaxError),   // too many erroneous commands
    ("rp:drc", TooManyConn),   // too many recipients in one connection
    ("wm:bli", Blocked),       // the IP is not on NetEase's list of allowed senders
    ("wm:blu", Rejected),      // the sender is not on the list of allowed senders
];

const SOURCE: &str = "NetEase refusal codes (mail.163.com/help/help_spam_16.htm)";

/// The verdict a NetEase code in `lower` (lowercased text) gives, if any: two letters at a
/// word's start, a colon, three letters that end the word.
pub fn verdict(lower: &str) -> Option<Verdict> {
    let b = lower.as_bytes();
    let letter = |i: usize| b.get(i).is_some_and(u8::is_ascii_lowercase);
    let ends = |i: usize| b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric());
    lower
        .match_indices(':')
        .map(|(at, _)| at)
        .filter(|&at| at >= 2 && (at == 2 || !b[at - 3].is_ascii_alphanumeric()))
        .filter(|&at| letter(at - 2) && letter(at - 1))
        .filter(|&at| (1..=3).all(|k| letter(at + k)) && ends(at + 4))
        .find_map(|at| {
            let code = &lower[at - 2..at + 4];
            CODES
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(c, r)| Verdict::new(*r, Rule::new(Basis::Provider, c, SOURCE)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(lower: &str) -> Option<Reason> {
        verdict(lower).map(|v| v.reason)
    }

    #[test]
    fn the_code_decides_over_the_help_link() {
        let link = "http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.7&hostid=mx5";
        assert_eq!(
            reason(&format!("421 hl:icc 192.0.2.7 {link}")),
            Some(TooManyConn)
        );
        assert_eq!(
            reason(&format!(
                "550 mi:spf 126 mx3,qscow--.1s2 1700000000, please see {link}"
            )),
            Some(AuthFailure)
        );
        assert_eq!(reason("554 dt:spm 163 smtp7,abc--.2s2"), Some(SpamDetected));
        assert_eq!(reason("450 wm:blu user not allowed"), Some(Rejected));
    }

    #[test]
    fn ignores_look_alikes_and_undocumented_codes() {
        assert_eq!(reason("550 xhl:icc"), None);
        assert_eq!(reason("550 hl:iccx"), None);
        assert_eq!(reason("550 hl:zzz"), None);
        assert_eq!(reason("time: 12:30:45"), None);
        assert_eq!(reason("hl:"), None);
        assert_eq!(reason(":icc"), None);
    }
}
