//! What the rest of bounced knows about a received message: its kind and one classified
//! finding per recipient it reports on. `report` reads, `classify` judges, this joins them.

use std::collections::HashMap;
use std::ops::Deref;

use chrono::{DateTime, Utc};

use crate::classify::{self, Rule};
use crate::report::{self, Entry, Report};
pub use crate::taxonomy::{Action, Kind};
use crate::taxonomy::{Category, Reason};

/// One analysed message.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub kind: Kind,
    /// Reporting-MTA without its `dns;` type, or "".
    pub reporting_mta: String,
    /// Message-ID of the original message (from the returned headers), without angle brackets, or "".
    pub original_message_id: String,
    /// Lowercased addresses from the original message's To header: the last resort for "who".
    pub original_to: Vec<String>,
    /// The original's envelope sender (Original-Mail-From, Return-Path), or "": our return path,
    /// for a report that reaches us at another address (a complaint loop's).
    pub original_return_path: String,
    /// The report's own date (Arrival-Date, else the report's Date header), when readable.
    pub date: Option<DateTime<Utc>>,
    /// One per reported recipient; empty for `Kind::None`.
    pub findings: Vec<Finding>,
    /// Recipients the report names past the reader's bound (`report::MAX_ENTRIES`), not read.
    pub unread_recipients: usize,
}

/// One recipient's outcome: the entry as the report states it, and the classifier's verdict.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What the report says of this recipient (Final-Recipient or the heuristic's address,
    /// codes, diagnostic, dates), with the action as the classifier reads it.
    pub entry: Entry,
    pub reason: Reason,
    /// The rule that decided `reason`, with its evidence and source.
    pub rule: Rule,
    pub category: Category,
    pub hard: bool,
}

/// A finding is read like the entry it judges (`finding.recipient`, `finding.status`): the
/// report's fields are not repeated on it.
impl Deref for Finding {
    type Target = Entry;

    fn deref(&self) -> &Entry {
        &self.entry
    }
}

/// Read and classify one message whose envelope is not at hand (a stored file): its
/// Return-Path field, where it has one, tells who sent it. Never panics, whatever the bytes.
pub fn analyze(raw: &[u8]) -> Analysis {
    judge(report::read(raw, None), None)
}

/// Read and classify one message received with the SMTP reverse-path `mail_from` ("" for
/// the null one). Never panics, whatever the bytes.
pub fn analyze_sent_by(raw: &[u8], mail_from: &str) -> Analysis {
    judge(report::read(raw, Some(mail_from)), Some(mail_from))
}

/// Whether a message read as a report for its words alone ties itself to no delivery: it
/// names no recipient (RFC 3464 §2.3: a report names each), returns no original (RFC 3462
/// §2: the original or its headers), and came from a non-null sender, where a delivery
/// report comes from the null one (RFC 3461 §6.2: "MAIL FROM:<>"). A phishing "your messages
/// are on hold" sent to a bounce address is all three; nothing in it is about a message sent.
fn ties_to_no_delivery(report: &Report, sender: &str) -> bool {
    report.kind == Kind::Heuristic
        && !sender.is_empty()
        && report.entries.iter().all(|e| e.addressee().is_empty())
        && report.original_message_id.is_empty()
        && report.original_to.is_empty()
}

/// The analysis of `report`, received with the SMTP reverse-path `envelope` where known,
/// else sent by whom its Return-Path field names (none, where it has no such field).
fn judge(mut report: Report, envelope: Option<&str>) -> Analysis {
    let sender = envelope.unwrap_or(&report.return_path);
    if ties_to_no_delivery(&report, sender) {
        report.kind = Kind::None;
        report.entries.clear();
    }
    // The report's prose speaks for a recipient only when it reports on no other: with several,
    // its words beyond a recipient's own lines may be another's failure.
    let several = report.entries.len() > 1;
    let named = if several {
        lines_by_name(&report.prose_lower)
    } else {
        HashMap::new()
    };
    let findings = std::mem::take(&mut report.entries)
        .into_iter()
        .map(|mut entry| {
            entry.action = classify::action(&entry);
            let own;
            let context = if several {
                own = lines_naming(&named, entry.addressee());
                own.as_str()
            } else {
                report.prose_lower.as_str()
            };
            let verdict = classify::verdict_from(report.kind, &entry, context, report.reporter());
            let (reason, rule) = (verdict.reason, verdict.rule);
            let category = classify::category(reason, &entry);
            Finding {
                entry,
                reason,
                rule,
                category,
                hard: category == Category::Hard,
            }
        })
        .collect();
    Analysis {
        kind: report.kind,
        reporting_mta: report.reporting_mta,
        original_message_id: report.original_message_id,
        original_to: report.original_to,
        original_return_path: report.original_return_path,
        date: report.date,
        findings,
        unread_recipients: report.unread_entries,
    }
}

/// The lines of `prose_lower` by the names they give: each address in a line, and the line's
/// first word (as a report lists the mailboxes of its own domain by local part: GroupWise's
/// "werkhof (user not found)"). Built once, so that a report naming many recipients is read
/// in linear time; a line is read as far as the reader reads it (`report::line_read`), or
/// each of the hundreds of recipients one long line names would bring all of it.
fn lines_by_name(prose_lower: &str) -> HashMap<&str, Vec<&str>> {
    let mut named: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in prose_lower.lines().map(crate::report::line_read) {
        let first = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c| matches!(c, '<' | '>' | ':' | ','));
        let mut names: Vec<&str> = crate::report::text::addresses(line).collect();
        if !first.is_empty() && !names.contains(&first) {
            names.push(first);
        }
        for name in names {
            let lines = named.entry(name).or_default();
            if lines.last() != Some(&line) {
                lines.push(line);
            }
        }
    }
    named
}

/// Most lines read as one recipient's own: a report words a failure in a line or two.
const OWN_LINES: usize = 16;

/// The lines that name `addressee` (`lines_by_name`): by its address, or by its local part as
/// the line's first word. Those words are that recipient's.
fn lines_naming(named: &HashMap<&str, Vec<&str>>, addressee: &str) -> String {
    let address = addressee.to_ascii_lowercase();
    let Some((local, _)) = address.split_once('@').filter(|(l, _)| !l.is_empty()) else {
        return String::new();
    };
    let mut lines: Vec<&str> = Vec::new();
    for key in [address.as_str(), local] {
        for line in named.get(key).into_iter().flatten().take(OWN_LINES) {
            if !lines.contains(line) {
                lines.push(line);
            }
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written RFC 3464 report: multipart/report (RFC 6522) with a text part, the
    /// status part and the returned headers (RFC 6522 §3, text/rfc822-headers).
    const DSN: &str = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n\
To: sender@example.com\n\
Subject: Undelivered Mail Returned to Sender\n\
Date: Tue, 3 Mar 2026 10:00:00 +0000\n\
MIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\
\n\
--XX\n\
Content-Type: text/plain\n\
\n\
<neko@example.org>: host mx.example.org said: 550 5.1.1 <neko@example.org>: Recipient\n\
\taddress rejected: User unknown (in reply to RCPT TO command)\n\
\n\
--XX\n\
Content-Type: message/delivery-status\n\
\n\
Reporting-MTA: dns; mx.example.net\n\
Arrival-Date: Tue, 3 Mar 2026 09:59:00 +0000\n\
\n\
Final-Recipient: rfc822; Neko@Example.org\n\
Action: failed\n\
Status: 5.1.1\n\
Remote-MTA: dns; mx.example.org\n\
Diagnostic-Code: smtp; 550 5.1.1 <neko@example.org>: Recipient address rejected:\n\
\tUser unknown in local recipient table\n\
\n\
--XX\n\
Content-Type: text/rfc822-headers\n\
\n\
From: sender@example.com\n\
To: neko@example.org\n\
Message-ID: <abc.123@example.com>\n\
Subject: hello\n\
\n\
--XX--\n";

    #[test]
    fn with_several_recipients_the_prose_speaks_for_each_in_its_own_lines() {
        // a report that words each recipient's failure only in its text, by local part
        let raw = "From: Mail Delivery System <postmaster@gw.example.org>\n\
To: sender@example.com\n\
Subject: Message status - undeliverable\n\
MIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\
\n\
--XX\n\
Content-Type: text/plain\n\
\n\
The message that you sent was undeliverable to the following:\n\
\tann (user not found)\n\
\tbob (mailbox full)\n\
\n\
--XX\n\
Content-Type: message/delivery-status\n\
\n\
Reporting-MTA: dns; gw.example.org\n\
\n\
Final-Recipient: rfc822; ann@example.org\n\
Action: failed\n\
Status: 5.0.0\n\
\n\
Final-Recipient: rfc822; bob@example.org\n\
Action: failed\n\
Status: 5.0.0\n\
\n\
--XX--\n";
        let a = analyze(raw.as_bytes());
        let reasons: Vec<_> = a.findings.iter().map(|f| f.reason).collect();
        assert_eq!(reasons, [Reason::UserUnknown, Reason::MailboxFull]);
    }

    #[test]
    fn dsn_end_to_end() {
        // RFC 3464 §2.2, §2.3; RFC 6522 §3
        let a = analyze(DSN.as_bytes());
        assert_eq!(a.kind, Kind::Dsn);
        assert_eq!(a.reporting_mta, "mx.example.net");
        assert_eq!(a.original_message_id, "abc.123@example.com");
        assert_eq!(a.original_to, ["neko@example.org"]);
        assert!(a.date.is_some(), "Arrival-Date");
        let f = &a.findings[0];
        assert_eq!(f.recipient, "neko@example.org");
        assert_eq!(
            (f.action, f.status.as_str(), f.reply_code.as_str()),
            (Action::Failed, "5.1.1", "550")
        );
        assert_eq!(f.remote_mta, "mx.example.org");
        assert!(
            f.diagnostic
                .ends_with("User unknown in local recipient table"),
            "{}",
            f.diagnostic
        );
        assert_eq!(
            (f.reason, f.category, f.hard),
            (Reason::UserUnknown, Category::Hard, true)
        );
    }

    #[test]
    fn a_redacted_complaint_keeps_our_return_path() {
        // RFC 6590 redaction of the recipient; RFC 5965 §3.2 Original-Mail-From
        let arf = "From: fbl@isp.example\n\
To: fbl@bounce.example.com\n\
Subject: complaint\n\
MIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=\"XX\"\n\
\n\
--XX\n\
Content-Type: message/feedback-report\n\
\n\
Feedback-Type: abuse\n\
Version: 1\n\
Original-Mail-From: <bounces+tag+neko=example.org@bounce.example.com>\n\
\n\
--XX\n\
Content-Type: message/rfc822\n\
\n\
Return-Path: <other@bounce.example.com>\n\
To: xxxxxxxx@example.org\n\
Subject: hello\n\
\n\
hi\n\
--XX--\n";
        let a = analyze(arf.as_bytes());
        assert_eq!(a.kind, Kind::Arf);
        assert_eq!(
            a.original_return_path,
            "bounces+tag+neko=example.org@bounce.example.com"
        );
        // without Original-Mail-From, the returned original's Return-Path
        let a = analyze(arf.replace("Original-Mail-From", "X-Other").as_bytes());
        assert_eq!(a.original_return_path, "other@bounce.example.com");
    }

    #[test]
    fn line_endings_do_not_matter() {
        let lf = analyze(DSN.as_bytes());
        for ending in ["\r\n", "\r"] {
            let other = analyze(DSN.replace('\n', ending).as_bytes());
            assert_eq!(
                format!("{:?}", other.findings),
                format!("{:?}", lf.findings),
                "{ending:?}"
            );
            assert_eq!(other.original_message_id, lf.original_message_id);
        }
    }

    #[test]
    fn original_recipient_stands_in_for_a_final_recipient_that_is_no_address() {
        // RFC 3464 §2.3.1: Original-Recipient is the address as the sender wrote it
        let msg = DSN.replace(
            "Final-Recipient: rfc822; Neko@Example.org\n",
            "Original-Recipient: rfc822; tora@example.com\n\
             Final-Recipient: rfc822; @relay.example.net:neko@mailhost\n",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.recipient, "@relay.example.net:neko@mailhost");
        assert_eq!(f.addressee(), "tora@example.com");
        // both addresses: the mailbox that failed, not the alias that led to it
        let msg = DSN.replace(
            "Final-Recipient: rfc822; Neko@Example.org\n",
            "Original-Recipient: rfc822; team@example.com\n\
             Final-Recipient: rfc822; neko@example.org\n",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.addressee(), "neko@example.org");
        assert_eq!(f.original_recipient, "team@example.com");
        // RFC 5321 §2.3.5: a domain of one label is the server's own name for a local route
        let msg = DSN.replace(
            "Final-Recipient: rfc822; Neko@Example.org\n",
            "Original-Recipient: rfc822; neko@example.org\n\
             Final-Recipient: rfc822; neko@ims-ms-daemon\n",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.addressee(), "neko@example.org");
        // RFC 6762 §3: a name under .local is a private network's, the server's rewrite
        let msg = DSN.replace(
            "Final-Recipient: rfc822; Neko@Example.org\n",
            "Original-Recipient: rfc822; Neko@Example.org\n\
             Final-Recipient: rfc822; neko.cat@exch.example.local\n",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.addressee(), "neko@example.org");
        // a local form with no address beside it is kept: it is all the report says
        let msg = DSN.replace(
            "Final-Recipient: rfc822; Neko@Example.org\n",
            "Final-Recipient: rfc822; neko@ims-ms-daemon\n",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.addressee(), "neko@ims-ms-daemon");
    }

    #[test]
    fn a_report_from_a_sender_that_names_no_delivery_is_none() {
        // RFC 3461 §6.2: a DSN is sent from the null reverse-path; one that names no
        // recipient and returns no original, from anyone else, is about no message sent
        let phish = |return_path: &str| {
            format!(
                "Return-Path: {return_path}\nFrom: Mail Delivery System <mailer-daemon@x.example>\n\
                 To: bounces@bounce.example.com\nSubject: Undelivered Mail Returned to Sender\n\n\
                 4 incoming messages could not be delivered to your mailbox.\n\
                 Release them at https://x.example/release\n"
            )
        };
        let from_someone = phish("<info@x.example>");
        assert_eq!(analyze(from_someone.as_bytes()).kind, Kind::None);
        let from_null = phish("<>");
        assert_eq!(analyze(from_null.as_bytes()).kind, Kind::Heuristic);
        // the SMTP envelope, where known, decides over a field anyone can write
        assert_eq!(
            analyze_sent_by(from_null.as_bytes(), "info@x.example").kind,
            Kind::None
        );
        assert_eq!(
            analyze_sent_by(from_someone.as_bytes(), "").kind,
            Kind::Heuristic
        );
        // a report that names its recipient ties itself to a delivery, whoever sent it
        let named = from_someone.replace("your mailbox", "neko@example.org");
        assert_eq!(
            analyze(named.as_bytes()).findings[0].addressee(),
            "neko@example.org"
        );
    }

    #[test]
    fn the_envelopes_null_sender_or_else_the_return_path_field_marks_a_notice() {
        // RFC 5321 §4.5.5: the null reverse-path; §4.4: the Return-Path field records it
        let notice = "From: mail-admin@isp.example\nSubject: Returned mail\n\n\
                      Your mail to ana@isp.example was refused.\n";
        assert_eq!(analyze_sent_by(notice.as_bytes(), "").kind, Kind::Heuristic);
        assert_eq!(
            analyze_sent_by(notice.as_bytes(), "news@x.example").kind,
            Kind::None
        );
        assert_eq!(analyze(notice.as_bytes()).kind, Kind::None);
        let with_field = format!("Return-Path: <>\n{notice}");
        assert_eq!(analyze(with_field.as_bytes()).kind, Kind::Heuristic);
        // the envelope, where known, outranks the field
        assert_eq!(
            analyze_sent_by(with_field.as_bytes(), "news@x.example").kind,
            Kind::None
        );
    }

    #[test]
    fn an_originals_headers_in_the_text_part_are_no_evidence() {
        // Exchange Online's text part ends with the original's headers; their
        // "dmarc=pass" is the original's, not why the report's recipient failed
        let msg = DSN
            .replace(
                "<neko@example.org>: host mx.example.org said: 550 5.1.1 <neko@example.org>: Recipient\n\
                 \taddress rejected: User unknown (in reply to RCPT TO command)\n",
                "Delivery to neko@example.org failed.\n\nOriginal Message Headers\n\n\
                 Received: from mta.example.com by mx.example.org; Tue, 3 Mar 2026 09:59:00 +0000\n\
                 Authentication-Results: spf=pass; dkim=pass; dmarc=pass action=none\n",
            )
            .replace("Status: 5.1.1", "Status: 5.0.0")
            .replace(
                "Diagnostic-Code: smtp; 550 5.1.1 <neko@example.org>: Recipient address rejected:\n\
                 \tUser unknown in local recipient table\n",
                "Diagnostic-Code: smtp; 550 5.0.0 Something went wrong\n",
            );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.addressee(), "neko@example.org");
        assert_ne!(f.reason, Reason::AuthFailure, "{:?}", f.rule);
    }

    #[test]
    fn lines_of_white_space_before_the_header_are_padding() {
        // RFC 5322 §2.2.3: such a line would continue a field, and none comes before it
        let lf = analyze(DSN.as_bytes());
        let padded = analyze(format!("      \n\t\n{DSN}").as_bytes());
        assert_eq!(padded.kind, Kind::Dsn);
        assert_eq!(
            format!("{:?}", padded.findings),
            format!("{:?}", lf.findings)
        );
        assert_eq!(analyze(b"   \n \n").kind, Kind::None);
    }

    #[test]
    fn global_dsn() {
        // RFC 6533 §6.2: message/global-delivery-status, UTF-8 fields
        let msg = "From: MAILER-DAEMON@mx.example.net\nTo: s@example.com\nSubject: failure\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=global-delivery-status; boundary=b\n\n\
--b\nContent-Type: text/plain\n\nfailed\n\
--b\nContent-Type: message/global-delivery-status\n\n\
Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: utf-8; ねこ@example.jp\nAction: failed\n\
Status: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 mailbox full\n--b--\n";
        let a = analyze(msg.as_bytes());
        assert_eq!(a.kind, Kind::Dsn);
        assert_eq!(a.findings[0].recipient, "ねこ@example.jp");
        assert_eq!(
            (a.findings[0].reason, a.findings[0].category),
            (Reason::MailboxFull, Category::Soft)
        );
    }

    #[test]
    fn delayed_dsn_is_delay() {
        // RFC 3464 §2.3.3: "delayed"
        let msg = DSN
            .replace("Action: failed", "Action: delayed")
            .replace("Status: 5.1.1", "Status: 4.4.1");
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(
            (f.action, f.category, f.hard),
            (Action::Delayed, Category::Delay, false)
        );
    }

    #[test]
    fn expired_envelope_is_a_final_soft_failure() {
        // OpenSMTPD: the status part says "delayed", 4.4.7; its text says the envelope expired
        let msg = "From: Mailer Daemon <MAILER-DAEMON@mx.example.net>\nTo: s@example.com\n\
Subject: Delivery status notification: delayed\nMIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=b\n\n\
--b\nContent-Type: text/plain\n\n    A message is delayed for more than 7 days for the following\n\
    list of recipients:\n\nneko@example.org: Envelope expired\n\n\
    Please note that this is only a temporary failure report.\n\n\
--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
Final-Recipient: rfc822; neko@example.org\nAction: delayed\nStatus: 4.4.7\n\n--b--\n";
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(f.diagnostic, "Envelope expired");
        assert_eq!(
            (f.action, f.reason, f.category),
            (Action::Failed, Reason::Expired, Category::Soft)
        );
    }

    #[test]
    fn greylisting_that_expired_is_soft_not_a_block() {
        // Postfix: "Action: failed", "Status: 4.7.1" once the queue lifetime ran out
        let msg = DSN.replace("Status: 5.1.1", "Status: 4.7.1").replace(
            "550 5.1.1 <neko@example.org>: Recipient address rejected:\n\tUser unknown in local recipient table",
            "450 4.7.1 <neko@example.org>: Recipient address rejected: Policy rejection, try later",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        // the cause stays the reason; nobody was refused for good
        assert_eq!(
            (f.reason, f.category, f.hard),
            (Reason::PolicyViolation, Category::Soft, false),
            "{f:?}"
        );
    }

    #[test]
    fn a_persons_reply_or_a_lists_mailing_is_no_bounce() {
        // RFC 5322 §3.6.4 In-Reply-To; RFC 2369 List-Unsubscribe: read from the raw headers
        for extra in [
            "In-Reply-To: <n1@example.com>",
            "List-Unsubscribe: <mailto:u@example.org>",
        ] {
            let msg = format!(
                "From: Neko <neko@example.org>\nTo: sender@example.com\nSubject: your newsletter\n\
                 {extra}\n\nI wrote to tora@example.org but it said \"550 5.1.1 user unknown\"\n\
                 and the message could not be delivered.\n"
            );
            let a = analyze(msg.as_bytes());
            assert_eq!(a.kind, Kind::None, "{extra}");
            assert!(a.findings.is_empty());
        }
    }

    #[test]
    fn arf_complaint() {
        // RFC 5965 §2, §3
        let msg = "From: fbl@isp.example\nTo: abuse@example.com\nSubject: complaint\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=f\n\n\
--f\nContent-Type: text/plain\n\nThis is an abuse report.\n\
--f\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: fbl/1.0\nVersion: 1\n\
Original-Rcpt-To: <user@isp.example>\n\
--f\nContent-Type: message/rfc822\n\nFrom: news@example.com\nTo: user@isp.example\nMessage-ID: <n1@example.com>\n\nhi\n--f--\n";
        let a = analyze(msg.as_bytes());
        assert_eq!(a.kind, Kind::Arf);
        assert_eq!(a.original_message_id, "n1@example.com");
        let f = &a.findings[0];
        assert_eq!(
            (f.recipient.as_str(), f.feedback_type.as_str()),
            ("user@isp.example", "abuse")
        );
        assert_eq!(
            (f.action, f.reason, f.category),
            (Action::Complaint, Reason::Feedback, Category::Complaint)
        );
    }

    #[test]
    fn auto_reply() {
        // RFC 3834 §5.1
        let msg = "From: Neko <neko@example.org>\nTo: bounce@example.com\nSubject: Out of Office\n\
Auto-Submitted: auto-replied\n\nI am away.\n";
        let a = analyze(msg.as_bytes());
        assert_eq!(a.kind, Kind::AutoReply);
        let f = &a.findings[0];
        assert_eq!(
            (f.recipient.as_str(), f.reason, f.category),
            ("neko@example.org", Reason::Vacation, Category::AutoReply)
        );
    }

    #[test]
    fn plain_text_bounce() {
        let msg = "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.com\nSubject: failure notice\n\n\
Hi. This is the qmail-send program at mx.example.net.\n\
I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
<tora@example.org>:\n192.0.2.1 does not like recipient.\nRemote host said: 552 5.2.2 Mailbox is full\n\n\
--- Below this line is a copy of the message.\n\nMessage-ID: <m1@example.com>\nTo: tora@example.org\n\nhi\n";
        let a = analyze(msg.as_bytes());
        assert_eq!(a.kind, Kind::Heuristic);
        assert_eq!(a.original_message_id, "m1@example.com");
        let f = &a.findings[0];
        assert_eq!(
            (f.recipient.as_str(), f.status.as_str(), f.reason),
            ("tora@example.org", "5.2.2", Reason::MailboxFull)
        );
    }

    #[test]
    fn another_recipients_words_are_no_evidence() {
        let msg = "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.com\nSubject: failure notice\n\n\
I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
<neko@example.org>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 User unknown\n\n\
<tora@example.org>:\n192.0.2.7 does not like recipient.\nRemote host said: 554 nope\n";
        let a = analyze(msg.as_bytes());
        let got: Vec<_> = a
            .findings
            .iter()
            .map(|f| (f.recipient.as_str(), f.category))
            .collect();
        assert_eq!(
            got,
            [
                ("neko@example.org", Category::Hard),
                ("tora@example.org", Category::Soft)
            ]
        );
    }

    #[test]
    fn block_is_not_hard() {
        // DESIGN.md: x.7.x policy refusals suspend, they never invalidate
        let msg = DSN.replace("Status: 5.1.1", "Status: 5.7.1").replace(
            "User unknown in local recipient table",
            "Client host blocked using zen.spamhaus.org",
        );
        let f = &analyze(msg.as_bytes()).findings[0];
        assert_eq!(
            (f.reason, f.category, f.hard),
            (Reason::Blocked, Category::Block, false)
        );
    }

    #[test]
    fn not_a_bounce() {
        let a = analyze(
            b"From: a@example.com\nTo: b@example.com\nSubject: lunch?\n\nSee you at noon.\n",
        );
        assert_eq!(a.kind, Kind::None);
        assert!(a.findings.is_empty());
        assert_eq!(analyze(b"").kind, Kind::None);
    }

    #[test]
    fn a_long_line_is_read_as_far_as_the_reader_reads_it() {
        // one line naming 20,000 recipients: each one's own lines stop where the reader stops
        let line: String = (0..20_000).map(|i| format!("u{i}@example.org ")).collect();
        let named = lines_by_name(&line);
        let own = lines_naming(&named, "u1@example.org");
        assert!(own.starts_with("u0@example.org u1@example.org"));
        assert_eq!(own.len(), crate::report::line_read(&line).len());
        assert!(own.len() < line.len() / 10);
    }
}
