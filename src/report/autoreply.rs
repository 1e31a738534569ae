//! RFC 3834 automatic replies (vacation, out of office). Asked only after the message has been
//! found not to be a bounce: many bounces carry `Auto-Submitted: auto-replied` too.

use super::mime::{header, Mail};
use super::patterns::AUTOREPLY_SUBJECTS;
use super::phrases::Phrases;
use super::Entry;
use crate::taxonomy::Action;

/// Header signals of an automatic reply: (field, value prefix, lowercased; "" = any value).
const AUTOREPLY_HEADERS: &[(&str, &str)] = &[
    ("auto-submitted", "auto-replied"), // RFC 3834 §5.2
    ("x-autoreply", ""),                // Vacation programs (Sieve, procmail)
    ("x-autorespond", ""),              // cPanel/Exim autoresponders
    ("precedence", "auto_reply"),       // Precedence value of many autoresponders
    ("x-auto-response-suppress", ""),   // Exchange sets it on its own out-of-office replies
];

/// A text's description of itself as an automatic answer, in its first lines: what responders
/// that set no header and keep the "Re:" subject write (RFC 3834 §3.1.5 asks for "Auto:", not
/// all do).
const SELF_DESCRIPTIONS: &[&str] = &[
    "this is an automated response",
    "this is an automated reply",
    "this is an automatic response",
    "this is an automatic reply",
    "this is an auto-reply",
    "this is an autoreply",
    "this is an auto-response",
    "this is an autoresponse",
];

/// How far into the text a self-description counts: past it, it is a quoted message's.
const SELF_DESCRIPTION_BYTES: usize = 1000;

/// One scan of a subject instead of a substring search per row.
static AUTOREPLY_SUBJECT: Phrases = Phrases::new(AUTOREPLY_SUBJECTS);

/// Whether a (lowercased) subject is an out-of-office or vacation reply's.
pub fn subject_says(subject: &str) -> bool {
    AUTOREPLY_SUBJECT.any(subject)
}

/// Whether a header field marks `mail` as an automatic reply.
pub fn header_says(mail: &Mail) -> bool {
    AUTOREPLY_HEADERS
        .iter()
        .any(|(name, prefix)| field_starts(mail, name, prefix))
}

/// Whether `mail`'s field `name` has a value that starts with `prefix` (lowercase) in any case.
fn field_starts(mail: &Mail, name: &str, prefix: &str) -> bool {
    header(&mail.headers, name).is_some_and(|v| v.trim().to_ascii_lowercase().starts_with(prefix))
}

/// Whether `mail` is a machine's answer to a message: RFC 3834 §5's "auto-generated" says a
/// program wrote it, and RFC 5322 §3.6.4's In-Reply-To that it answers one (a helpdesk's
/// "we received your request" acknowledgement). A machine's own notice (a DMARC report, a
/// quota warning) answers nothing.
fn answers_as_a_machine(mail: &Mail) -> bool {
    field_starts(mail, "auto-submitted", "auto-generated")
        && header(&mail.headers, "In-Reply-To").is_some()
}

/// An auto-reply entry for the person it answers for, or `None`: the recipient of the message
/// it returns (its envelope recipient, RFC 5321 §4.4, else its single To), else its From. A
/// responder's From may be its own service's (TMDA's "-confirm-" address, a list robot's);
/// the message it returns was sent to the person.
pub fn read(mail: &Mail) -> Option<Entry> {
    let by_header = header_says(mail) || answers_as_a_machine(mail);
    let by_subject = subject_says(&mail.subject.to_lowercase());
    (by_header || by_subject || text_says(&mail.prose)).then(|| Entry {
        recipient: mail
            .original
            .as_ref()
            .and_then(|o| o.addressee_mailbox())
            .map_or_else(|| mail.from.clone(), str::to_owned),
        action: Action::AutoReply,
        ..Entry::empty()
    })
}

/// Whether the opening of `prose` calls itself an automatic answer (`SELF_DESCRIPTIONS`).
fn text_says(prose: &str) -> bool {
    let head =
        prose[..super::heuristic::floor_boundary(prose, SELF_DESCRIPTION_BYTES)].to_lowercase();
    SELF_DESCRIPTIONS.iter().any(|p| head.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &[(&str, &str)], subject: &str) -> Mail {
        Mail {
            subject: subject.into(),
            from: "neko@example.org".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Mail::default()
        }
    }

    #[test]
    fn the_returned_message_names_whom_a_responder_answers_for() {
        let mut m = mail(&[("Auto-Submitted", "auto-replied")], "Please confirm");
        m.from = "ann-confirm-1731527044.2776@example.org".into();
        assert_eq!(read(&m).expect("a reply").recipient, m.from);
        m.original = Some(crate::report::mime::Original {
            to: vec!["ann@example.org".into()],
            ..Default::default()
        });
        assert_eq!(read(&m).expect("a reply").recipient, "ann@example.org");
    }

    #[test]
    fn rfc3834_header() {
        // RFC 3834 §5.2: "auto-replied" marks a reply; "no" marks a human message
        assert!(read(&mail(
            &[("Auto-Submitted", "auto-replied (vacation)")],
            "Re: hi"
        ))
        .is_some());
        assert!(read(&mail(&[("Auto-Submitted", "no")], "Re: hi")).is_none());
        assert!(read(&mail(&[("Precedence", "auto_reply")], "x")).is_some());
    }

    #[test]
    fn a_machines_answer_to_a_message_is_an_automatic_reply() {
        // a helpdesk acknowledges a message: auto-generated, and in reply to it
        let ack = [
            ("Auto-Submitted", "auto-generated"),
            ("In-Reply-To", "<m1@news.example.org>"),
        ];
        assert!(read(&mail(&ack, "[Support] Re: Spring offers")).is_some());
        // a machine's own notice answers nothing; a person's reply is no machine's
        assert!(read(&mail(&ack[..1], "Quota warning")).is_none());
        assert!(read(&mail(&ack[1..], "Re: Spring offers")).is_none());
    }

    #[test]
    fn a_text_that_calls_itself_automatic_is_an_automatic_reply() {
        let mut m = mail(&[], "Re: Your summer offers");
        m.prose = "Thank you for your email. I am away until Monday.\n\n\
                   This is an automated response.\n"
            .into();
        assert!(read(&m).is_some());
        // a person's reply is none, nor is a self-description deep in a quoted message
        m.prose = format!(
            "Thanks, see you Monday.\n{}\n> This is an automated reply.\n",
            "x".repeat(1200)
        );
        assert!(read(&m).is_none());
    }

    #[test]
    fn out_of_office_subject() {
        let e = read(&mail(&[], "Out of Office: meeting")).expect("subject rule");
        assert_eq!(e.recipient, "neko@example.org");
        assert_eq!(e.action, Action::AutoReply);
        // Outlook's prefix in another language
        for subject in [
            "Automatyczna odpowiedź: spotkanie",
            "Odpowiedź automatyczna: spotkanie",
            "Autosvar: møde",
            // "out of office" in other words
            "Absent du bureau - Re : Nouveautés",
            "Fuera de la oficina: reunión",
            "Fuori ufficio: riunione",
            // "absent" in the language's own words
            "Monika Schulz ist außer Haus.",
            "Afwezig: Nieuwsbrief mei",
            "Nieobecność w biurze",
            "Fora do escritório até 12/05",
        ] {
            assert!(read(&mail(&[], subject)).is_some(), "{subject}");
        }
    }
}
