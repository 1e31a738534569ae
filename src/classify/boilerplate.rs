//! Text that rides along with a report without saying anything about the failure: antivirus
//! footers and confidentiality notices. Its words ("virus", "unknown recipients") must never
//! be read as evidence, so they are blanked before the phrase tables look at a text.

use crate::report::phrases::Phrases;
use crate::report::text::{is_subject_line, lines_at};

/// Boilerplate phrases, lowercase, with where such text comes from.
#[rustfmt::skip]
const ROWS: &[(&str, &str)] = &[
    ("scanned for viruses", "antivirus gateways' footer ('This email has been scanned for viruses')"),
    ("scanned for all viruses", "MessageLabs/Symantec.cloud footer ('scanned for all viruses')"),
    ("scanned for virus", "antivirus gateways' footer"),
    ("checked for viruses", "antivirus gateways' footer ('checked for viruses by ...')"),
    ("virus checked", "antivirus gateways' footer"),
    ("virus-free", "Avast/AVG footer ('Virus-free. www.avast.com')"),
    ("virus free", "antivirus gateways' footer"),
    ("free of viruses", "antivirus gateways' footer"),
    ("for viruses and dangerous content", "MailScanner footer ('has been scanned for viruses and dangerous content')"),
];

const PHRASES: &[&str] = &{
    let mut out = [""; ROWS.len()];
    let mut i = 0;
    while i < ROWS.len() {
        out[i] = ROWS[i].0;
        i += 1;
    }
    out
};

static MATCHER: Phrases = Phrases::new(PHRASES);

/// Every row names viruses: a text without the word is scanned no further (most are).
const COMMON: &str = "virus";

/// Openers of the confidentiality notice that organisations append to their outgoing mail, a
/// report included: a footer, so the text from the opener on is boilerplate ("... If you are
/// not the intended recipient, ... Unknown recipients must delete it").
#[rustfmt::skip]
const NOTICE_OPENERS: &[&str] = &[
    "if you are not the intended recipient",
    "if you have received this email in error",
    "if you have received this e-mail in error",
    "if you have received this message in error",
];

static NOTICE: Phrases = Phrases::new(NOTICE_OPENERS);

/// Every notice opener starts so: a text without it is scanned no further.
const NOTICE_COMMON: &str = "if you ";

/// A library's name for a failure of any cause, which wraps the server's reply that names the
/// cause: JavaMail's SendFailedException message (its SMTPTransport raises "Invalid Addresses"
/// for every refused RCPT: unknown user, relay denied, full mailbox alike), which Apache James
/// writes as the Diagnostic-Code of its DSNs.
const WRAPPER: &str = "invalid addresses";

/// `lower` with every boilerplate phrase, a library's wrapper and a confidentiality notice from
/// its opener to the end replaced by spaces (the phrases are ASCII, so byte offsets stay
/// character boundaries).
pub fn blank(lower: &mut String) {
    let mut spans: Vec<(usize, usize)> = if has(lower, COMMON) {
        MATCHER.spans(lower).collect()
    } else {
        Vec::new()
    };
    let wrappers = memchr::memmem::find_iter(lower.as_bytes(), WRAPPER.as_bytes());
    spans.extend(wrappers.map(|at| (at, at + WRAPPER.len())));
    spans.extend(notice_at(lower).map(|at| (at, lower.len())));
    spans.extend(server_names(lower));
    blank_spans(lower, spans);
}

/// The remote server's name where a report gives it with its address (Postfix's "host
/// mx.example.net[192.0.2.1] said:", Exim's "host mx.example.net [192.0.2.1]"): a DNS name,
/// whatever words it is made of ("mx.spamexperts.com"), says nothing of the failure.
fn server_names(lower: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const LEAD: &str = "host ";
    memchr::memmem::find_iter(lower.as_bytes(), LEAD).filter_map(move |at| {
        let from = at + LEAD.len();
        let rest = &lower[from..];
        let is_name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
        let len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        let addressed = rest[len..].trim_start_matches(' ').starts_with('[');
        (rest[..len].contains('.') && addressed).then_some((from, from + len))
    })
}

/// The lines of a report's text (`lower`, lines intact) that quote the original's subject
/// ("Subject: Your account ..."), as reports that recap the message do (Domino's "Your message
/// / Subject: ... / was not delivered to", Exchange's "Subject: ... Sent: ..."). Their words
/// are the sender's, about anything, never the failure's.
pub fn blank_subject_lines(lower: &mut String) {
    let spans = lines_at(lower)
        .filter(|(_, line)| is_subject_line(line))
        .map(|(at, line)| (at, at + line.len()))
        .collect();
    blank_spans(lower, spans);
}

/// `lower` with the byte ranges `spans` replaced by spaces. The ranges start and end at ASCII
/// bytes (phrases, line ends), so the text stays valid UTF-8.
fn blank_spans(lower: &mut String, spans: Vec<(usize, usize)>) {
    if spans.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(lower).into_bytes();
    for (from, to) in spans {
        bytes[from..to].fill(b' ');
    }
    *lower = String::from_utf8(bytes).unwrap_or_default();
}

/// Where a confidentiality notice opens in `lower`, if one does.
fn notice_at(lower: &str) -> Option<usize> {
    if !has(lower, NOTICE_COMMON) {
        return None;
    }
    NOTICE.spans(lower).map(|(from, _)| from).min()
}

fn has(lower: &str, word: &str) -> bool {
    memchr::memmem::find(lower.as_bytes(), word.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_holds_the_prefilter_word() {
        assert!(ROWS.iter().all(|(p, _)| p.contains(COMMON)));
    }

    #[test]
    fn every_notice_opener_holds_the_prefilter_words() {
        assert!(NOTICE_OPENERS.iter().all(|p| p.starts_with(NOTICE_COMMON)));
    }

    #[test]
    fn a_confidentiality_notice_is_blanked_to_the_end() {
        let mut t = "a@b.example delivery failed. if you are not the intended recipient, \
                     delete it. unknown recipients must not read it."
            .to_owned();
        blank(&mut t);
        assert_eq!(t.trim_end(), "a@b.example delivery failed.");
        // "the intended recipients" of a report's own text opens no notice
        let mut t = "your message did not reach some or all of the intended recipients.".to_owned();
        let before = t.clone();
        blank(&mut t);
        assert_eq!(t, before);
    }

    #[test]
    fn a_servers_name_beside_its_address_is_blanked() {
        let mut t =
            "host mx.spamexperts.example [192.0.2.1] said: 550 no such user here".to_owned();
        blank(&mut t);
        assert!(!t.contains("spam") && t.contains("[192.0.2.1] said: 550 no such user here"));
        let mut t = "host mx.virus-shield.example[192.0.2.1] said: 550 unknown user".to_owned();
        blank(&mut t);
        assert!(!t.contains("virus"));
        // a blocklist's name is no server's, nor is a host without a name
        let mut t = "client host [192.0.2.1] blocked using zen.spamhaus.org".to_owned();
        let before = t.clone();
        blank(&mut t);
        assert_eq!(t, before);
    }

    #[test]
    fn subject_lines_are_blanked() {
        let mut t = "your message\n\n  subject: is your account invalid?\n\nwas not delivered \
                     to:\n  a@b.example\n"
            .to_owned();
        blank_subject_lines(&mut t);
        assert!(!t.contains("invalid"), "{t}");
        assert!(t.contains("was not delivered to:\n  a@b.example"), "{t}");
        // the label in the language of the report
        let mut t = "ihre nachricht\n\n  betreff: neu im shop: winterblends\n\nwurde nicht \
                     zugestellt an:\n  a@b.example\n"
            .to_owned();
        blank_subject_lines(&mut t);
        assert!(!t.contains("winterblends"), "{t}");
        assert!(t.contains("zugestellt an:\n  a@b.example"), "{t}");
    }

    #[test]
    fn a_librarys_wrapper_is_blanked_and_the_reply_it_wraps_kept() {
        let mut text =
            "invalid addresses; nested exception is: 554 5.7.1 relay access denied".to_string();
        blank(&mut text);
        assert_eq!(
            text.trim_start(),
            "; nested exception is: 554 5.7.1 relay access denied"
        );
    }

    #[test]
    fn footers_are_blanked() {
        let mut t =
            "550 5.1.1 user unknown **** this email has been scanned for viruses".to_owned();
        blank(&mut t);
        assert!(!t.contains("virus"), "{t}");
        assert!(t.starts_with("550 5.1.1 user unknown"));
    }
}
