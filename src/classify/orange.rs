//! Orange and La Poste (France) end every refusal with a postmaster code such as `OFR005_505`,
//! `LPN007_416` or `OUK_513`: a prefix, an optional server group, and three digits that name
//! the cause. The code is the provider's own verdict, more precise than its French/English
//! wording ("Service refused, please try later" stands for several causes).
//! Sources: Orange's postmaster error list as published at
//! postmastery.com/orange-postmaster-smtp-error-codes-ofr/ and smtpfieldmanual.com/provider/orange.

use super::rule::{Basis, Rule, Verdict};
use crate::taxonomy::Reason;
use Reason::*;

/// Code prefixes, lowercase: Orange (`ofr`), La Poste (`lpn`, `lpnaaa`), Orange UK (`ouk`).
const PREFIXES: &[&str] = &["lpnaaa", "lpn", "ofr", "ouk"];

/// Last three digits → reason. A trailing `x` covers a whole decade of codes.
#[rustfmt::skip]
const CODES: &[(&str, Reason)] = &[
    ("100", Blocked),         // sending IP listed on the Abusix RBL
    ("101", Blocked),         // sending IP listed by Spamhaus
    ("102", Blocked),         // sending IP listed by Cloudmark
    ("103", Blocked),         // sending IP blocklisted by Orange itself
    ("104", TooManyConn),     // "Too many connections, slow down"
    ("107", RequirePtr),      // sending IP has no PTR record
    ("109", TooManyConn),     // too many messages per SMTP connection
    ("20x", Blocked),         // invalid HELO/EHLO name
    ("305", SecurityError),   // "Code d'authentification invalide"
    ("39x", AuthFailure),     // SPF error of the sender's domain
    ("401", AuthFailure),     // "SPF: ... is not allowed to send mail"
    ("402", SecurityError),   // "Authentification requise. Authentication Required"
    ("403", Rejected),        // "Emetteur invalide. Invalid Sender"
    ("405", Rejected),        // sender's domain has no A or MX record
    ("415", Rejected),        // "Emetteur invalide. Invalid Sender"
    ("416", UserUnknown),     // "Invalid recipient": the user does not exist
    ("417", MailboxFull),     // "Boite du destinataire pleine. Recipient overquota"
    ("420", Suspend),         // "Boite du destinataire archivee. Archived recipient"
    ("421", Rejected),        // "Mail from not owned by user"
    ("425", Rejected),        // sender's domain blocklisted (Abusix, Spamhaus)
    ("426", Suspend),         // "The recipient account is blocked"
    ("505", SystemError),     // 421 "Service refuse ... please try later" at end of DATA
    ("506", SpamDetected),    // "Mail rejete": suspected spam
    ("510", Blocked),         // "Service refuse" at end of DATA, permanent
    ("514", MesgTooBig),      // "Taille limite du message atteinte"
    ("515", AuthFailure),     // DMARC policy of the sender's domain
    ("517", AuthFailure),     // "Message refused, DMARC verification Failed"
    ("519", AuthFailure),     // sending IP not in the sender domain's SPF record
    ("630", PolicyViolation), // 554 5.7.1 "Client host rejected" by policy
    ("99x", Speeding),        // rate limited for bad behaviour
];

const SOURCE: &str =
    "Orange/La Poste postmaster error codes (postmastery.com, smtpfieldmanual.com)";

/// The verdict an Orange or La Poste code in `lower` (lowercased text) gives, if any.
pub fn verdict(lower: &str) -> Option<Verdict> {
    let bytes = lower.as_bytes();
    PREFIXES.iter().find_map(|prefix| {
        lower
            .match_indices(prefix)
            .filter(|(at, _)| *at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
            .find_map(|(at, _)| digits(&lower[at + prefix.len()..]))
            .and_then(lookup)
    })
}

/// The three cause digits after a prefix: `_505`, or a server group then `_505` / `-505`.
fn digits(rest: &str) -> Option<&str> {
    let b = rest.as_bytes();
    let three = |from: usize| {
        let code = rest.get(from..from + 3)?;
        let ends = b.get(from + 3).is_none_or(|c| !c.is_ascii_alphanumeric());
        (code.bytes().all(|c| c.is_ascii_digit()) && ends).then_some(code)
    };
    match b.first()? {
        b'_' => three(1),
        c if c.is_ascii_digit() => {
            let group = rest.get(..3)?;
            let sep = *b.get(3)?;
            (group.bytes().all(|c| c.is_ascii_digit()) && (sep == b'_' || sep == b'-'))
                .then(|| three(4))
                .flatten()
        }
        _ => None,
    }
}

fn lookup(code: &str) -> Option<Verdict> {
    let decade = &code[..2];
    CODES.iter().find_map(|(c, r)| {
        let hit = *c == code || (c.ends_with('x') && c.starts_with(decade));
        hit.then_some(Verdict::new(*r, Rule::new(Basis::Provider, c, SOURCE)))
    })
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
    fn reads_the_cause_digits_of_each_form() {
        assert_eq!(
            reason("421 4.2.0 service refused, please try later. ofr005_505 [505]"),
            Some(SystemError)
        );
        assert_eq!(reason("invalid recipient. lpn007_416"), Some(UserUnknown));
        assert_eq!(reason("mail rejected. ouk_513"), None); // undocumented cause
        assert_eq!(
            reason("too many connections. lpn105-104"),
            Some(TooManyConn)
        );
        assert_eq!(reason("spf error lpn004_393"), Some(AuthFailure));
        assert_eq!(
            reason("client host rejected: lpn000_630"),
            Some(PolicyViolation)
        );
    }

    #[test]
    fn ignores_look_alikes() {
        assert_eq!(reason("xofr_506"), None);
        assert_eq!(reason("ofr_5061"), None);
        assert_eq!(reason("ofr12_506"), None);
        assert_eq!(reason("ofr"), None);
        assert_eq!(reason("lpn007_"), None);
    }
}
