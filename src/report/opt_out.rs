//! A person's own reply that asks to be taken off the list or calls the mail spam: a complaint
//! in a person's words instead of a provider's report (RFC 5965 is the machine form of the
//! same thing). The law makes the reply a way to opt out: CAN-SPAM (15 U.S.C. §7704(a)(3)(A))
//! has commercial mail carry "a functioning return electronic mail address" by which the
//! recipient may ask, "using a reply electronic mail message", not to get more, and §7704(a)(4)
//! forbids sending to them 10 business days after; GDPR Art. 21(3) ends direct marketing on the
//! person's objection, in whatever form. Asked last, of a message no other reader took.

use super::autoreply::{answers_a_message, is_list_mail};
use super::heuristic::{
    floor_boundary, from_mail_system, is_forward_subject, is_reply_subject, report_end,
};
use super::mime::{header, Mail};
use super::phrases::Phrases;
use super::Entry;
use crate::taxonomy::Action;

/// A person asking to get no more mail, in the first person ("take me off"), not a mailing's
/// own footer ("to unsubscribe, click here"). The reply is the opt-out CAN-SPAM provides
/// for (§7704(a)(3)(A)(i)); RFC 5965 §7.3 has no type for it: "other".
const REMOVAL_REQUESTS: &[&str] = &[
    "unsubscribe me",
    "take me off",
    "remove me from",
    "remove my address",
    "remove my email",
    "remove my e-mail",
    "delete my address",
    "delete my email",
    "stop sending me",
    "stop emailing me",
    "stop e-mailing me",
    "stop mailing me",
    "do not email me",
    "don't email me",
    "do not send me any more",
    "opt me out",
    // German
    "tragen sie mich aus",
    "melden sie mich ab",
    "aus ihrem verteiler",
    "keine e-mails mehr",
    "keine mails mehr",
    // French
    "désabonnez-moi",
    "désinscrivez-moi",
    "retirez-moi",
    "retirez mon adresse",
    "supprimez mon adresse",
    "arrêtez de m'envoyer",
    "ne m'envoyez plus",
    // Spanish
    "darme de baja",
    "denme de baja",
    "dejen de enviarme",
    "dejen de mandarme",
    "eliminen mi correo",
    "no me envíen más",
    // Portuguese
    "me descadastrem",
    "removam meu",
    "parem de me enviar",
    "parem de me mandar",
    "não me enviem mais",
    // Italian
    "cancellatemi",
    "rimuovetemi",
    "smettete di inviarmi",
    "non inviatemi più",
    // Dutch
    "haal mij van",
    "haal me van",
    "schrijf mij uit",
    "verwijder mijn e-mailadres",
];

/// A person calling the mail unsolicited: RFC 5965 §7.3's "abuse" ("unsolicited email or
/// some other kind of email abuse"), in their own words.
const SPAM_CLAIMS: &[&str] = &[
    "this is spam",
    "this is unsolicited",
    "stop spamming",
    "never signed up",
    "never subscribed",
    "reported you as spam",
    "reported this as spam",
    // German
    "das ist spam",
    "als spam gemeldet",
    "nie angemeldet",
    // French
    "c'est du spam",
    "jamais inscrit",
    // Spanish
    "esto es spam",
    "nunca me suscrib",
    "nunca me registr",
    // Portuguese
    "isto é spam",
    "isso é spam",
    "nunca me cadastrei",
    "nunca me inscrevi",
    // Italian
    "questo è spam",
    // Dutch
    "dit is spam",
    "nooit aangemeld",
];

/// The lines by which a mail client introduces the message a reply quotes ("On Mon, … Ann
/// wrote:"): the person's own words end there.
const QUOTE_INTRODUCTIONS: &[&str] = &[
    "wrote:",
    "schrieb:",
    "a écrit :",
    "a écrit:",
    "escribió:",
    "escreveu:",
    "ha scritto:",
    "schreef:",
];

/// How much of a reply's own text is read: a person's objection is its first words.
const OWN_TEXT_BYTES: usize = 2000;

static REMOVAL: Phrases = Phrases::new(REMOVAL_REQUESTS);
static SPAM: Phrases = Phrases::new(SPAM_CLAIMS);

/// The complaint of the person who wrote `mail`, or `None`. `prose_lower` is its text,
/// ASCII-lowercased and cut at the original it returns (`heuristic::original_split`).
pub fn read(mail: &Mail, prose_lower: &str) -> Option<Entry> {
    if !by_a_person(mail) || !answers_or_forwards(mail) {
        return None;
    }
    let own = own_words(&mail.prose, prose_lower);
    let feedback_type = if SPAM.any(&own) {
        "abuse"
    } else if REMOVAL.any(&own) {
        "other"
    } else {
        return None;
    };
    Some(Entry {
        recipient: mail.from.clone(),
        action: Action::Complaint,
        feedback_type: feedback_type.to_owned(),
        ..Entry::empty()
    })
}

/// Whether a person wrote `mail`: no mail system's From, no RFC 3834 §5 Auto-Submitted other
/// than "no", and no list's or bulk sender's mailing (RFC 2369, RFC 2919: a newsletter that
/// reached the return path says "unsubscribe" in its footer).
fn by_a_person(mail: &Mail) -> bool {
    let automatic = header(&mail.headers, "Auto-Submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    !mail.from.is_empty() && !automatic && !from_mail_system(mail) && !is_list_mail(mail)
}

/// Whether `mail` answers a message (RFC 5322 §3.6.4 In-Reply-To and References, or a reply's
/// subject) or forwards one: an objection concerns the mail it replies to.
fn answers_or_forwards(mail: &Mail) -> bool {
    let subject = mail.subject.to_lowercase();
    answers_a_message(mail) || is_reply_subject(&subject) || is_forward_subject(&subject)
}

/// The writer's own words, lowercased: the text before the quoted original, its signature and
/// the line that introduces a quote, without quoted lines ("> ").
fn own_words(prose: &str, prose_lower: &str) -> String {
    let end = report_end(prose_lower).min(OWN_TEXT_BYTES);
    let end = floor_boundary(prose, end);
    let mut own = String::with_capacity(end);
    for line in prose[..end].lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        if QUOTE_INTRODUCTIONS.iter().any(|q| lower.ends_with(q)) {
            break;
        }
        if !trimmed.starts_with('>') {
            own.push_str(&lower);
            own.push('\n');
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use crate::report::read;
    use crate::taxonomy::{Action, Kind};

    fn reply(extra: &str, subject: &str, body: &str) -> Vec<u8> {
        format!(
            "From: Ann Reader <ann@example.org>\nTo: b+ann=example.org@bounces.example.com\n\
             Subject: {subject}\nDate: Mon, 7 Dec 2026 09:00:00 +0000\n{extra}\
             Message-ID: <r1@example.org>\nContent-Type: text/plain; charset=utf-8\n\n{body}"
        )
        .into_bytes()
    }

    #[test]
    fn a_reply_asking_to_be_removed_is_the_writer_s_complaint() {
        // CAN-SPAM §7704(a)(3)(A): a reply is an opt-out request
        let r = read(
            &reply(
                "In-Reply-To: <n1@example.com>\n",
                "Re: Our winter offers",
                "Please take me off your mailing list.\n\nAnn\n\n> Our winter offers\n",
            ),
            None,
        );
        assert_eq!(r.kind, Kind::Arf);
        assert_eq!(r.entries.len(), 1);
        assert_eq!(r.entries[0].recipient, "ann@example.org");
        assert_eq!(r.entries[0].action, Action::Complaint);
        assert_eq!(r.entries[0].feedback_type, "other");
    }

    #[test]
    fn a_reply_calling_the_mail_spam_in_another_language_is_abuse() {
        let r = read(
            &reply(
                "",
                "AW: Sommerangebote",
                "Ich habe mich nie angemeldet. Das ist SPAM!\n\n\
                 -----Original Message-----\nFrom: news@example.com\n",
            ),
            None,
        );
        assert_eq!(r.kind, Kind::Arf);
        assert_eq!(r.entries[0].feedback_type, "abuse");
    }

    #[test]
    fn a_localized_reply_prefix_marks_a_reply() {
        // Outlook in Brazilian Portuguese answers with "RES:"
        let r = read(
            &reply(
                "",
                "RES: Novidades da semana",
                "Parem de me mandar e-mails, nunca me cadastrei.\n",
            ),
            None,
        );
        assert_eq!(r.kind, Kind::Arf);
        assert_eq!(r.entries[0].feedback_type, "abuse");
    }

    #[test]
    fn only_the_writer_s_own_words_count() {
        // the quoted newsletter's footer asks nothing of us
        let quoted = "Thanks, see you on Friday.\n\nOn Mon, 7 Dec 2026, News wrote:\n\
                      > To stop receiving these mails, unsubscribe me here: https://x\n\
                      > or reply 'take me off'\n";
        let r = read(
            &reply("In-Reply-To: <n1@example.com>\n", "Re: x", quoted),
            None,
        );
        assert_eq!(r.kind, Kind::None);
    }

    #[test]
    fn a_newsletter_or_a_machine_asks_nothing() {
        let body = "Stop spamming us? Take me off? Our guide to unsubscribing.\n";
        for extra in [
            "List-Unsubscribe: <mailto:u@example.net>\n",
            "Auto-Submitted: auto-generated\n",
        ] {
            let r = read(&reply(extra, "Re: tips", body), None);
            assert_ne!(r.kind, Kind::Arf, "{extra}");
        }
        // a message that answers or forwards nothing is no reply to our mail
        assert_eq!(read(&reply("", "Tips", body), None).kind, Kind::None);
    }
}
