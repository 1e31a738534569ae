//! Abuse feedback reports: RFC 5965 `message/feedback-report`, and the common non-ARF
//! complaint shapes (Microsoft JMRP, Apple Mail's one-click unsubscribe, an abuse desk's
//! notice that returns the message).

use super::blocks::is_original_header;
use super::fields;
use super::heuristic::is_reply_subject;
use super::mime::{header, inline_original, original_from_bytes, Mail, Original};
use super::text::first_address;
use super::Entry;
use crate::taxonomy::Action;

/// What a feedback-report part says.
pub struct Feedback {
    /// One per Original-Rcpt-To (RFC 5965 §3.2 allows several), else Removal-Recipient
    /// (RFC 5965 §3.3), else the returned original's To.
    pub entries: Vec<Entry>,
    /// The reported message's envelope sender (RFC 5965 §3.2 Original-Mail-From), or "": our
    /// return path, which names the person even where the provider redacts the recipient
    /// (RFC 6590).
    pub original_mail_from: String,
}

/// Feedback types that report no complaint of the recipient's: such a report concerns no
/// person.
const NO_COMPLAINT: &[&str] = &[
    // RFC 6591 §3: an authentication failure report, sent to the domain's owner (DMARC
    // ruf=), not by a person who complained
    "auth-failure",
    // RFC 6430 §2: the reporter says the message is not spam, the opposite of a complaint
    "not-spam",
    // RFC 5965 §7.3: "a report of a virus found in the originating message", by a scanner:
    // the recipient neither complained nor refused anything
    "virus",
];

/// Reads the first feedback-report part.
pub fn read(body: &str, mail: &Mail) -> Feedback {
    let groups = fields::groups(body);
    let all: Vec<_> = groups.iter().flatten().collect();
    let original_mail_from = fields::get(all.iter().copied(), "original-mail-from")
        .and_then(first_address)
        .unwrap_or_default();
    // RFC 5965 §3.1: Feedback-Type is required; its values are case-insensitive.
    let feedback_type = fields::get(all.iter().copied(), "feedback-type")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if NO_COMPLAINT.contains(&feedback_type.as_str()) {
        return Feedback {
            entries: Vec::new(),
            original_mail_from,
        };
    }
    let mut recipients: Vec<String> = all
        .iter()
        .filter(|f| {
            f.name.eq_ignore_ascii_case("original-rcpt-to")
                || f.name.eq_ignore_ascii_case("removal-recipient")
        })
        .filter_map(|f| first_address(&f.value))
        .take(super::MAX_ENTRIES)
        .collect();
    recipients.dedup();
    if recipients.is_empty() {
        recipients = original_recipients(mail);
    }
    if recipients.is_empty() {
        recipients.push(String::new());
    }
    let entries = recipients
        .into_iter()
        .take(super::MAX_ENTRIES)
        .map(|r| complaint(r, &feedback_type))
        .collect();
    Feedback {
        entries,
        original_mail_from,
    }
}

/// Complaints that come without an RFC 5965 part, and the original an abuse desk quotes in its
/// text (`original_at`: where its headers start, see `heuristic::original_split`). Returns
/// `None` when `mail` is none of them.
pub fn read_nonstandard(
    mail: &Mail,
    original_at: Option<usize>,
) -> Option<(Vec<Entry>, Option<Original>)> {
    if let Some(entries) = read_provider_shapes(mail) {
        return Some((entries, None));
    }
    read_abuse_desk(mail, original_at)
}

/// RFC 2142 §4: ABUSE is the mailbox for complaints of "inappropriate public behaviour",
/// spam first. A notice from it, or to ours, that returns one of our messages, attached or
/// below its text, is a complaint about that message by the person it went to (the original's
/// envelope recipient, else its single To); where the desk redacted that, the original's
/// return path still names the person. A reply from that mailbox ("Re:") is correspondence, not a report;
/// In-Reply-To alone is none where the reported message is attached whole: a ticket system
/// (Request Tracker) threads each notice under its ticket's first message.
fn read_abuse_desk(
    mail: &Mail,
    original_at: Option<usize>,
) -> Option<(Vec<Entry>, Option<Original>)> {
    // the desk writes from its mailbox, or from a no-reply sender with replies to it; or the
    // notice is written to ours
    let reply_to = header(&mail.headers, "Reply-To").and_then(first_address);
    let desk = is_abuse_mailbox(&mail.from)
        || reply_to.as_deref().is_some_and(is_abuse_mailbox)
        || mail.to.iter().any(|a| is_abuse_mailbox(a));
    // asked only of a desk's mail: every message that is no ARF report comes here
    let reply = || {
        (header(&mail.headers, "In-Reply-To").is_some() && mail.original.is_none())
            || is_reply_subject(&mail.subject.to_lowercase())
    };
    if !desk || reply() {
        return None;
    }
    // an original the text carries is sought only where none is attached
    let inline = match mail.original {
        Some(_) => None,
        None => inline_original(mail, original_at).or_else(|| pasted_original(&mail.prose)),
    };
    let original = mail.original.as_ref().or(inline.as_ref())?;
    let recipient = original.addressee_mailbox().unwrap_or_default().to_owned();
    Some((vec![complaint(recipient, "abuse")], inline))
}

/// Whether an address is an abuse desk's: RFC 2142's `abuse`, alone or joined to another word
/// ("abuse-reports@", "noreply-abuse@").
fn is_abuse_mailbox(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or("").to_ascii_lowercase();
    let mut words = local.split(['-', '_', '.']);
    words.next() == Some("abuse") || words.next_back() == Some("abuse")
}

/// Most header lines tried as the start of a message pasted into a desk's text.
const MAX_PASTED_TRIES: usize = 8;

/// A message pasted into a desk's text under no marker line of the tables (a rule of its own,
/// "---- Reported message ----", or "the headers as forwarded by our customer:", indented): the
/// header block around a line that starts with a field only a sent message carries (a trace
/// field, RFC 5321 §4.4, or its Message-ID), read where it names the person it went to. The
/// block is the run of fields and folded lines (RFC 5322 §2.2) at that line's indent.
fn pasted_original(prose: &str) -> Option<Original> {
    let lines: Vec<&str> = prose.lines().collect();
    let candidates = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| is_original_header(line))
        .take(MAX_PASTED_TRIES);
    for (at, line) in candidates {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t', '>']).len()];
        let in_block = |l: &&str| {
            l.strip_prefix(indent).is_some_and(|rest| {
                let folded = rest.starts_with([' ', '\t']) && !rest.trim().is_empty();
                let field = rest.starts_with(|c: char| c.is_ascii_alphabetic())
                    && rest
                        .split_once(':')
                        .is_some_and(|(name, _)| !name.contains(' '));
                folded || field
            })
        };
        let start = lines[..at]
            .iter()
            .rposition(|l| !in_block(l))
            .map_or(0, |i| i + 1);
        let end = lines[at..]
            .iter()
            .position(|l| !in_block(l))
            .map_or(lines.len(), |i| at + i);
        let block: String = lines[start..end]
            .iter()
            .flat_map(|l| [&l[indent.len()..], "\n"])
            .collect();
        let original = original_from_bytes(block.as_bytes());
        if original
            .as_ref()
            .and_then(Original::addressee_mailbox)
            .is_some()
        {
            return original;
        }
    }
    None
}

/// Microsoft JMRP's and Apple Mail's complaints, known by a header field of their own.
fn read_provider_shapes(mail: &Mail) -> Option<Vec<Entry>> {
    // Microsoft JMRP: the reported message is attached with the complainer in this header.
    let jmrp = mail.original.as_ref().and_then(jmrp_recipient);
    if let Some(rcpt) = jmrp {
        let r = first_address(rcpt).unwrap_or_default();
        return Some(vec![complaint(r, "abuse")]);
    }
    // AOL's feedback loop before ARF, and any reporter that opens with RFC 5965's words
    // without its report part: the reported message is attached whole.
    if mail.original.is_some() && is_prearf_complaint(mail) {
        let mut people = original_recipients(mail);
        if people.is_empty() {
            people.push(String::new());
        }
        return Some(people.into_iter().map(|r| complaint(r, "abuse")).collect());
    }
    // SpamCop's report: the reported message quoted below its marker, the reporter's address
    // masked ("x"), so that it names the person only where the masking missed a field.
    if let Some(quoted) = spamcop_original(&mail.prose) {
        let original = original_from_bytes(quoted.as_bytes());
        let r = original.as_ref().and_then(Original::addressee_mailbox);
        return Some(vec![complaint(r.unwrap_or_default().to_owned(), "abuse")]);
    }
    // Apple Mail sends this mail to the List-Unsubscribe mailto: address on the user's behalf.
    if header(&mail.headers, "X-Apple-Unsubscribe")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return Some(vec![complaint(mail.from.clone(), "opt-out")]);
    }
    None
}

/// The message a SpamCop report quotes, if `prose` is one: SpamCop's reports open with their
/// program's name and version ("[ SpamCop V5.4.0 ]") and quote the reported message below
/// "[ Offending message ]" (spamcop.net, "What does a SpamCop report look like?").
fn spamcop_original(prose: &str) -> Option<&str> {
    const OPENING: &str = "spamcop v";
    const QUOTED: &str = "[ Offending message ]";
    // the name stands in brackets or dashes ("[ SpamCop V5.4.0 ]", "- SpamCop V5.4.0 -")
    let first_line = prose.trim_start().lines().next()?;
    let opening = first_line
        .trim_start_matches(['[', '-', ' '])
        .get(..OPENING.len())?;
    if !opening.eq_ignore_ascii_case(OPENING) {
        return None;
    }
    prose.find(QUOTED).map(|at| &prose[at + QUOTED.len()..])
}

/// Whether a complaint comes in a shape older than ARF: AOL's feedback loop (its postmaster
/// documentation: sent from scomp@aol.net, subject "Client TOS Notification"), or a notice that
/// opens as RFC 5965 Appendix B's human-readable part does ("This is an email abuse report for
/// an email message ..."), the sentence the ARF draft took from AOL's notices.
fn is_prearf_complaint(mail: &Mail) -> bool {
    let from = mail.from.to_ascii_lowercase();
    let aol = matches!(from.as_str(), "scomp@aol.net" | "scomp@aol.com")
        && mail
            .subject
            .trim()
            .eq_ignore_ascii_case("client tos notification");
    let opening = mail.prose.trim_start().get(..29);
    aol || opening.is_some_and(|o| o.eq_ignore_ascii_case("this is an email abuse report"))
}

/// Microsoft JMRP's field on the reported message that names the person who complained.
fn jmrp_recipient(original: &Original) -> Option<&str> {
    header(&original.headers, "X-HmXmrOriginalRecipient")
}

/// The complained-of message's recipients: the person Microsoft's own field names (JMRP,
/// which also sends RFC 5965 parts, and may redact To as "redacted@outlook.com"); else its To
/// addresses, where a redacting loop leaves them ("To: <redacted>", RFC 6590 §1, is none);
/// else the envelope recipient of its topmost Received field with a FOR clause (RFC 5321
/// §4.4), which a loop that redacts To keeps.
fn original_recipients(mail: &Mail) -> Vec<String> {
    let Some(original) = mail.original.as_ref() else {
        return Vec::new();
    };
    if let Some(person) = jmrp_recipient(original).and_then(first_address) {
        return vec![person];
    }
    let to: Vec<String> = original
        .to
        .iter()
        .filter(|a| a.contains('@'))
        .cloned()
        .collect();
    if !to.is_empty() {
        return to;
    }
    original.envelope_to.clone().into_iter().collect()
}

fn complaint(recipient: String, feedback_type: &str) -> Entry {
    Entry {
        recipient,
        action: Action::Complaint,
        feedback_type: feedback_type.to_owned(),
        ..Entry::empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_original_rcpt_to() {
        // RFC 5965 §3.2: Original-Rcpt-To may appear more than once
        let body = "Feedback-Type: Abuse\nUser-Agent: x/1\nVersion: 1\n\
                    Original-Rcpt-To: <a@example.org>\nOriginal-Rcpt-To: b@example.org\n";
        let entries = read(body, &Mail::default()).entries;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].recipient, "b@example.org");
        assert_eq!(entries[0].feedback_type, "abuse");
        assert_eq!(entries[0].action, Action::Complaint);
    }

    #[test]
    fn auth_failure_not_spam_and_virus_reports_are_no_complaints() {
        for kind in ["auth-failure", "Not-Spam", "virus"] {
            let body = format!(
                "Feedback-Type: {kind}\nUser-Agent: x/1\nVersion: 1\n\
                 Original-Rcpt-To: <a@example.org>\n"
            );
            assert!(read(&body, &Mail::default()).entries.is_empty(), "{kind}");
        }
        let fraud = "Feedback-Type: fraud\nOriginal-Rcpt-To: <a@example.org>\n";
        assert_eq!(read(fraud, &Mail::default()).entries.len(), 1);
    }

    #[test]
    fn a_redacted_to_leaves_jmrp_s_field_and_the_envelope_recipient() {
        let report = |original_fields: &str| {
            let raw = format!(
                "From: staff@fbl.example.net\nTo: fbl@bounce.example.com\nSubject: complaint\n\
                 MIME-Version: 1.0\n\
                 Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\n\n\
                 --f\nContent-Type: text/plain\n\nAn abuse report.\n\
                 --f\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n\
                 Version: 1\n\n--f\nContent-Type: message/rfc822\n\n{original_fields}\
                 From: news@example.org\nTo: <redacted>\nSubject: Offers\n\nBuy\n--f--\n"
            );
            let entries = super::super::read(raw.as_bytes(), None).entries;
            entries
                .first()
                .map(|e| e.recipient.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            report("X-HmXmrOriginalRecipient: <ann@example.org>\n"),
            "ann@example.org"
        );
        assert_eq!(
            report(
                "Received: from a by b\n\tfor <bo@example.org>; Sun, 1 Dec 2024 10:00:00 +0000\n"
            ),
            "bo@example.org"
        );
        assert_eq!(report(""), "");
        // Microsoft's field names the person where To names a placeholder address
        let raw = |to: &str| {
            format!(
                "From: staff@fbl.example.net\nTo: fbl@bounce.example.com\nSubject: complaint\n\
                 MIME-Version: 1.0\n\
                 Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\n\n\
                 --f\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n\n\
                 --f\nContent-Type: message/rfc822\n\nX-HmXmrOriginalRecipient: <ann@example.org>\n\
                 From: news@example.org\nTo: {to}\nSubject: Offers\n\nBuy\n--f--\n"
            )
        };
        let entries = super::super::read(raw("<redacted@example.org>").as_bytes(), None).entries;
        assert_eq!(entries[0].recipient, "ann@example.org");
    }

    #[test]
    fn recipients_capped() {
        let body: String = (0..3000)
            .map(|i| format!("Original-Rcpt-To: <r{i}@example.org>\n"))
            .collect();
        let body = format!("Feedback-Type: abuse\n{body}");
        let entries = read(&body, &Mail::default()).entries;
        assert_eq!(entries.len(), super::super::MAX_ENTRIES);
        assert_eq!(entries[0].recipient, "r0@example.org");
    }

    /// A mail whose complained-of message went to `to`.
    fn sent_to(to: &str) -> Mail {
        Mail {
            original: Some(super::super::mime::Original {
                to: vec![to.into()],
                ..Default::default()
            }),
            ..Mail::default()
        }
    }

    #[test]
    fn falls_back_to_original_to() {
        let entries = read("Feedback-Type: opt-out\n", &sent_to("c@example.org")).entries;
        assert_eq!(entries[0].recipient, "c@example.org");
        // a redacted To names no one
        let entries = read("Feedback-Type: abuse\n", &sent_to("redacted")).entries;
        assert_eq!(entries[0].recipient, "");
    }

    #[test]
    fn original_mail_from_is_the_return_path() {
        let body = "Feedback-Type: abuse\nOriginal-Mail-From: <b+tag@bounce.example.com>\n";
        assert_eq!(
            read(body, &Mail::default()).original_mail_from,
            "b+tag@bounce.example.com"
        );
        assert_eq!(
            read("Feedback-Type: abuse\n", &Mail::default()).original_mail_from,
            ""
        );
    }

    /// A notice from `from` with `subject` whose complained-of message went to `to`.
    fn notice(from: &str, subject: &str, to: &str) -> Mail {
        Mail {
            from: from.into(),
            subject: subject.into(),
            ..sent_to(to)
        }
    }

    #[test]
    fn an_abuse_desk_returning_a_message_reports_a_complaint() {
        // RFC 2142 §4: abuse@ receives and sends spam complaints
        for from in [
            "abuse@isp.example.net",
            "abuse-reports@gw.example.com",
            "noreply-abuse@host.example.com",
        ] {
            let mail = notice(from, "Spam complaint [case 12]", "ann@example.org");
            let (entries, _) = read_nonstandard(&mail, None).expect(from);
            assert_eq!(entries[0].recipient, "ann@example.org");
            assert_eq!(entries[0].action, Action::Complaint);
        }
        // its reply is correspondence; other senders, and a notice returning nothing, are none
        let reply = notice(
            "abuse@isp.example.net",
            "Re: your question",
            "ann@example.org",
        );
        assert!(read_nonstandard(&reply, None).is_none());
        // a ticket system's notice threaded under its ticket, the message attached
        let mut ticket = notice("abuse@isp.example.net", "[isp #88] Spam", "ann@example.org");
        ticket.headers = vec![("In-Reply-To".into(), "<ticket-88@isp.example.net>".into())];
        assert!(read_nonstandard(&ticket, None).is_some());
        let mut other = notice("abusive@isp.example.net", "Spam", "ann@example.org");
        assert!(read_nonstandard(&other, None).is_none());
        // a no-reply sender whose replies go to the desk is the desk
        other.headers = vec![(
            "Reply-To".into(),
            "ISP Abuse <abuse@isp.example.net>".into(),
        )];
        assert!(read_nonstandard(&other, None).is_some());
        // a notice written to our own desk, by a security office
        let mut to_ours = notice("security@univ.example.edu", "Spam", "ann@example.org");
        to_ours.to = vec!["abuse@example.com".into()];
        assert!(read_nonstandard(&to_ours, None).is_some());
        let bare = Mail {
            from: "abuse@isp.example.net".into(),
            ..Mail::default()
        };
        assert!(read_nonstandard(&bare, None).is_none());
    }

    #[test]
    fn an_abuse_desk_original_below_its_text_names_the_person() {
        let raw = "From: Abuse Team <abuse@isp.example.net>\nTo: b+t1@bounce.example.com\n\
                   Subject: Complaint about your mail\n\n\
                   A customer of ours reported the message below as spam.\n\n\
                   ----- Original message -----\n\
                   Return-Path: <b+t1@bounce.example.com>\nFrom: news@example.org\n\
                   To: Ann <ann@example.org>\nSubject: Offers\n\nBuy now\n";
        let report = super::super::read(raw.as_bytes(), None);
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].recipient, "ann@example.org");
        assert_eq!(report.entries[0].action, Action::Complaint);
        assert_eq!(report.original_return_path, "b+t1@bounce.example.com");
    }

    #[test]
    fn an_abuse_desk_original_pasted_under_a_rule_of_its_own_is_its_header_block() {
        let raw = "From: Abuse Team <abuse@isp.example.net>\nTo: b+t1@bounce.example.com\n\
                   Subject: Complaint about your mail\n\n\
                   A customer of ours reported the message below as spam.\n\n\
                   \x20 Complaining recipient: ann@example.org\n\x20 Received: Sunday\n\n\
                   ==== Case 5501: the message ====\n\
                   From: news@example.org\nTo: Ann <ann@example.org>\nSubject: Offers\n\
                   Message-ID: <1@example.org>\n\nBuy now\n";
        let report = super::super::read(raw.as_bytes(), None);
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].recipient, "ann@example.org");
        assert_eq!(report.entries[0].action, Action::Complaint);
    }

    #[test]
    fn a_spamcop_report_is_a_complaint_about_the_message_it_quotes() {
        let raw = |to: &str| {
            format!(
                "From: 1234567@reports.spamcop.example\nTo: b+t1@bounce.example.com\n\
                 Subject: [SpamCop (https://shop.example/x) id:1234567]Offers\n\n\
                 [ SpamCop V5.4.0 ]\nThis message is brief for your comfort.\n\n\
                 [ Offending message ]\nReturn-Path: <b+t1@bounce.example.com>\n\
                 From: news@shop.example\nTo: {to}\nSubject: Offers\n\nBuy now\n"
            )
        };
        // the reporter's address masked: a complaint about no one named
        let dashed = raw("x").replace("[ SpamCop V5.4.0 ]", "- SpamCop V5.4.0 -");
        assert_eq!(super::super::read(dashed.as_bytes(), None).entries.len(), 1);
        let masked = super::super::read(raw("x").as_bytes(), None);
        assert_eq!(masked.kind, super::super::Kind::Arf);
        assert_eq!(masked.entries.len(), 1);
        assert_eq!(masked.entries[0].recipient, "");
        assert_eq!(masked.entries[0].action, Action::Complaint);
        let named = super::super::read(raw("ann@example.org").as_bytes(), None);
        assert_eq!(named.entries[0].recipient, "ann@example.org");
        // the program's name elsewhere in a text is no report
        let mention = "From: ann@example.org\nTo: b@example.com\nSubject: hi\n\n\
                       I reported it with [ SpamCop V5.4.0 ] yesterday.\n";
        assert!(super::super::read(mention.as_bytes(), None)
            .entries
            .is_empty());
    }

    #[test]
    fn complaints_older_than_arf_attach_the_reported_message() {
        let raw = |from: &str, subject: &str, text: &str| {
            format!(
                "From: {from}\nTo: fbl@bounce.example.com\nSubject: {subject}\nMIME-Version: 1.0\n\
                 Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n\
                 {text}\n--b\nContent-Type: message/rfc822\n\nFrom: news@example.org\n\
                 To: ann@example.net\nSubject: Offers\n\nBuy now\n--b--\n"
            )
        };
        let read = |raw: String| super::super::read(raw.as_bytes(), None).entries;
        // AOL's feedback loop before ARF
        let aol = read(raw(
            "scomp@aol.net",
            "Client TOS Notification",
            "A copy of a message a member reported.",
        ));
        assert_eq!(aol.len(), 1);
        assert_eq!(aol[0].recipient, "ann@example.net");
        assert_eq!(aol[0].action, Action::Complaint);
        // RFC 5965 Appendix B's opening sentence, without a feedback-report part
        let rfc = read(raw(
            "fbl@isp.example.net",
            "Report",
            "This is an email abuse report for an email message received from IP 192.0.2.1.",
        ));
        assert_eq!(rfc.first().map(|e| e.action), Some(Action::Complaint));
        // a loop that redacts the envelope recipient leaves the To (as for an ARF report)
        let redacted = raw(
            "fbl@isp.example.net",
            "Report",
            "This is an email abuse report for an email message received from IP 192.0.2.1.",
        )
        .replace(
            "\n\nFrom: news@example.org",
            "\n\nReceived: from a by b\n\tfor <redacted@example.net>; Sun, 1 Dec 2024\nFrom: news@example.org",
        );
        assert_eq!(read(redacted)[0].recipient, "ann@example.net");
        // the same shape from anyone else, with other words, is no complaint
        let other = read(raw(
            "scomp@example.net",
            "Client TOS Notification",
            "A copy of a message.",
        ));
        assert!(other.iter().all(|e| e.action != Action::Complaint));
    }
}
