//! A report that a person forwards inline: the mail client's line that introduces the
//! forwarded message ("-----Original Message-----"), its header block ("From:", "Sent:",
//! "To:", "Subject:"), then its text. RFC 5321 §6.1 sends a report to the reverse-path of the
//! mail it reports on; one whose stated To is this message's own recipient was this return
//! path's report, held up on the way (a quarantine, a helpdesk) and passed on by hand.

use super::patterns::BOUNCE_SENDERS;
use super::text::{addresses, is_subject_label, lines_at, SUBJECT_LABEL_BYTES};

/// Lines that introduce the forwarded message, lowercased and stripped of the dashes, spaces
/// and underscores mail clients draw around them.
const INTRO_LINES: &[&str] = &[
    "original message",         // Outlook "-----Original Message-----"
    "forwarded message",        // Gmail, Thunderbird "-------- Forwarded Message --------"
    "begin forwarded message:", // Apple Mail
    "ursprüngliche nachricht",  // Outlook in German
    "message d'origine",        // Outlook in French
    "mensaje original",         // Outlook in Spanish
    "",                         // Outlook's rule of underscores above the header block
];

/// Header names of the forwarded block, and the field each stands for. Outlook writes "Sent:"
/// where RFC 5322 §3.6.1 has "Date:", and localizes the names; the Subject's are
/// `text::is_subject_label`'s.
const FIELDS: &[(&str, &str)] = &[
    ("from", "From"),
    ("to", "To"),
    ("cc", "Cc"),
    ("date", "Date"),
    ("sent", "Date"),
    ("von", "From"),      // German
    ("an", "To"),         // German
    ("gesendet", "Date"), // German
    ("de", "From"),       // French, Spanish
    ("à", "To"),          // French
    ("para", "To"),       // Spanish
    ("envoyé", "Date"),   // French
    ("enviado", "Date"),  // Spanish
];

/// The forwarded message rebuilt as a message of its own (its stated From, To and Subject
/// over its text), where `prose` forwards one whose To names one of `to`; `None` otherwise.
/// The stated date is left out: clients write it in their own, localized format.
pub fn find(prose: &str, to: &[String]) -> Option<String> {
    let mut lines = lines_at(prose).skip_while(|(_, line)| !is_intro(line));
    lines.next()?;
    let mut fields: Vec<(&str, String)> = Vec::new();
    let mut body_at = prose.len();
    for (at, line) in lines {
        if line.trim().is_empty() {
            if fields.is_empty() {
                continue;
            }
            body_at = at;
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
                continue;
            }
        }
        let Some((name, value)) = field_of(line) else {
            // the text starts without a blank line after the fields
            body_at = at;
            break;
        };
        fields.push((name, value.to_owned()));
    }
    let addressed_here = fields
        .iter()
        .filter(|(name, _)| *name == "To")
        .flat_map(|(_, value)| addresses(value))
        .any(|a| super::of_one_of(a, to));
    if !addressed_here {
        return None;
    }
    let mut message = String::new();
    for (name, value) in fields.iter().filter(|(name, _)| *name != "Date") {
        message.push_str(&format!("{name}: {value}\n"));
    }
    message.push('\n');
    message.push_str(prose[body_at..].trim_start_matches('\n'));
    Some(message)
}

/// How many lines after a quoted "From:" a header block's "To:" may stand (From, Sent, To,
/// Cc, Subject in any order).
const BLOCK_LINES: usize = 5;

/// The addresses that a quoted header block from a mail system (its From a daemon's or a
/// postmaster's, `BOUNCE_SENDERS`) names in its To and Cc: a report forwarded inline, whose
/// addressee is the original's sender (RFC 5321 §6.1 sends a report to the reverse-path), so
/// none of them failed. A gateway's notice quotes the refused message's header block too, but
/// that block's From is the sender, and its To the recipient.
pub fn report_addressees(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(("From", from)) = field_of(line) else {
            continue;
        };
        let from = from.to_ascii_lowercase();
        if !BOUNCE_SENDERS.iter().any(|s| from.contains(s)) {
            continue;
        }
        for next in lines.iter().skip(i + 1).take(BLOCK_LINES) {
            match field_of(next) {
                Some(("To" | "Cc", value)) => {
                    out.extend(addresses(value).map(str::to_ascii_lowercase))
                }
                Some(_) => {}
                None => break,
            }
        }
    }
    out
}

/// Whether `line` is one that introduces a forwarded message.
fn is_intro(line: &str) -> bool {
    let drawn = line.trim().trim_matches(['-', ' ', '_', '*']);
    let ruled = line.trim().len() >= 10;
    let lower = drawn.to_lowercase();
    INTRO_LINES
        .iter()
        .any(|intro| lower == *intro && (ruled || !intro.is_empty()))
}

/// The bytes of the longest field name, `FIELDS`' or a Subject label.
const LONGEST_NAME: usize = {
    let (mut i, mut most) = (0, SUBJECT_LABEL_BYTES);
    while i < FIELDS.len() {
        if FIELDS[i].0.len() > most {
            most = FIELDS[i].0.len();
        }
        i += 1;
    }
    most
};

/// A header line of the forwarded block, as (field, value). Most lines with a colon are no
/// field: a name of more characters than any field's bytes is none (lowercasing never takes
/// characters away), and the others are compared without a lowercased copy but where they are
/// not ASCII ("À", "Envoyé").
fn field_of(line: &str) -> Option<(&'static str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    if name.len() > LONGEST_NAME && name.chars().nth(LONGEST_NAME).is_some() {
        return None;
    }
    let lowered;
    let name = if name.is_ascii() {
        name
    } else {
        lowered = name.to_lowercase();
        lowered.as_str()
    };
    let field = if is_subject_label(name) {
        "Subject"
    } else {
        FIELDS.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?.1
    };
    Some((field, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "bounces+t1@bounce.example.com";

    fn forward(to: &str) -> String {
        format!(
            "Please remove this one.\n\n-----Original Message-----\n\
             From: postmaster@mx.example.net\nSent: Sunday, May 12, 2024 9:31 AM\n\
             To: {to}\nSubject: Undeliverable: Newsletter\n\n\
             Delivery has failed to these recipients or groups:\n\na@mx.example.net\n"
        )
    }

    #[test]
    fn field_names_match_in_any_case_and_script() {
        assert_eq!(field_of("FROM: a@b.example"), Some(("From", "a@b.example")));
        assert_eq!(field_of("Envoyé : lundi"), Some(("Date", "lundi")));
        assert_eq!(field_of("À: a@b.example"), Some(("To", "a@b.example")));
        assert_eq!(field_of("Тема: Заказ"), Some(("Subject", "Заказ")));
        assert_eq!(field_of("The following address failed: a@b.example"), None);
        assert_eq!(
            field_of("以下の宛先に配信できませんでした: a@b.example"),
            None
        );
    }

    #[test]
    fn a_forwarded_reports_addressee_is_named_by_its_block() {
        let lines: Vec<&str> = "Please clean her out.\n\nFrom: Microsoft Outlook \
            <postmaster@shop.example>\nSent: Wednesday, March 13, 2024 4:02 PM\n\
            To: info@shop.example\nSubject: Undeliverable: RE: Question\n\n\
            Your message to ana@example.org couldn't be delivered.\n"
            .lines()
            .collect();
        assert_eq!(report_addressees(&lines), ["info@shop.example"]);
        // a gateway's notice quotes the refused message: its From is the sender, its To kept
        let lines: Vec<&str> = "The message below was blocked.\nFrom: news@example.com\n\
            To: ana@example.org\nSubject: Offers\n"
            .lines()
            .collect();
        assert!(report_addressees(&lines).is_empty());
    }

    #[test]
    fn a_forwarded_report_addressed_here_is_rebuilt() {
        let rebuilt = find(&forward(OURS), &[OURS.to_owned()]).expect("addressed here");
        assert!(rebuilt.starts_with("From: postmaster@mx.example.net\nTo: bounces+t1@"));
        assert!(rebuilt.contains("\nSubject: Undeliverable: Newsletter\n\nDelivery has failed"));
        assert!(!rebuilt.contains("Sent:") && !rebuilt.contains("Please remove"));
    }

    #[test]
    fn a_forward_of_mail_to_another_address_is_none() {
        assert_eq!(
            find(&forward("someone@example.org"), &[OURS.to_owned()]),
            None
        );
        assert_eq!(find(&forward(OURS), &[]), None);
        assert_eq!(
            find("no forwarded message here\n", &[OURS.to_owned()]),
            None
        );
    }

    #[test]
    fn an_underscore_rule_and_localized_names_introduce_one() {
        let text = format!(
            "Zur Info.\n\n________________________________\nVon: MAILER-DAEMON@mx.example.de\n\
             An: {OURS}\nBetreff: Unzustellbar\nMail delivery failed.\n"
        );
        let rebuilt = find(&text, &[OURS.to_owned()]).expect("addressed here");
        assert!(rebuilt.ends_with("Subject: Unzustellbar\n\nMail delivery failed.\n"));
        // a short rule is a separator a person typed, not a client's
        assert_eq!(
            find(
                &text.replace("________________________________", "__"),
                &[OURS.to_owned()]
            ),
            None
        );
    }
}
