//! MIME → per-recipient reports. Pure: bytes in, `Report` out, no I/O.
//!
//! The readers are tried from the most to the least machine-readable: an RFC 3464 status part,
//! an RFC 5965 feedback part (or a known non-standard complaint), a bounce read from its prose,
//! an RFC 3834 automatic reply, and last a person's reply that opts out.

mod arf;
mod autoreply;
mod blocks;
mod dsn;
mod embedded;
mod fields;
mod forward;
mod heuristic;
mod html;
mod list_refusal;
pub mod mbox;
mod mime;
mod multipart;
mod opt_out;
mod patterns;
pub mod phrases;
mod section;
mod ses;
pub mod text;
mod transfer;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::taxonomy::{Action, Kind};
use mime::header;

pub use heuristic::{line_read, report_end};

/// One message, read but not yet judged.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: Kind,
    pub reporting_mta: String,
    pub original_message_id: String,
    pub original_to: Vec<String>,
    /// The original's envelope sender: RFC 5965 Original-Mail-From in a complaint, else the
    /// returned original's Return-Path; "" where the report gives neither.
    pub original_return_path: String,
    pub date: Option<DateTime<Utc>>,
    pub entries: Vec<Entry>,
    /// Recipient groups past `MAX_ENTRIES`, not read: the message records that it was cut.
    pub unread_entries: usize,
    /// The report's own human-readable text (not the returned original), lowercased: the
    /// classifier's second source when an entry's diagnostic says too little.
    pub prose_lower: String,
    /// The message's own Return-Path field, the envelope sender as the delivering MTA recorded
    /// it (RFC 5321 §4.4): "" for the null reverse-path and where the field is absent.
    pub return_path: String,
    /// The domain of the report's From where that is a mail system's
    /// (`MAILER-DAEMON@mx.example.org`), else "".
    pub daemon_domain: String,
}

/// Top-level names reserved for networks of their own, never reached from the Internet: an
/// address under one is a server's internal rewrite of the address the sender wrote (Kerio,
/// Exchange: `jdoe@exch.corp.local`).
#[rustfmt::skip]
const PRIVATE_DOMAINS: [(&str, &str); 4] = [
    ("local", "RFC 6762 §3: link-local names (Multicast DNS)"),
    ("localhost", "RFC 6761 §6.3: the host itself"),
    ("internal", "ICANN, 2024-07-29: .INTERNAL reserved for private use"),
    ("home.arpa", "RFC 8375 §2: residential home networks"),
];

/// Whether `domain` is one of `PRIVATE_DOMAINS` or under one, in any case.
fn is_private(domain: &str) -> bool {
    let domain = domain.trim_end_matches('.');
    PRIVATE_DOMAINS
        .iter()
        .any(|(name, _)| crate::address::is_within(domain, name))
}

/// One recipient as the report states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub recipient: String,
    pub original_recipient: String,
    pub action: Action,
    pub status: String,
    pub reply_code: String,
    pub diagnostic: String,
    pub remote_mta: String,
    pub feedback_type: String,
    pub date: Option<DateTime<Utc>>,
}

impl Entry {
    /// The address this entry concerns: the Final-Recipient, or the Original-Recipient where
    /// the Final-Recipient is missing or no address (a source route, a local form) and the
    /// Original-Recipient is one. RFC 3464 §2.3.1: the Original-Recipient is the address "as
    /// specified by the sender"; where both are addresses the Final-Recipient, the mailbox that
    /// failed, is kept (an alias's Original-Recipient stands for all its members).
    ///
    /// A Final-Recipient whose domain is a single label is a local form too: RFC 5321 §2.3.5
    /// has a domain in an address be fully qualified, and a server writes a name only it can
    /// route there (Sun/Oracle Messaging Server's channel, `user@ims-ms-daemon`). So is one
    /// under a name reserved for private networks (`PRIVATE_DOMAINS`): no one outside mails it.
    pub fn addressee(&self) -> &str {
        let usable = |a: &str| crate::address::check(a).is_ok();
        let qualified = |a: &str| {
            a.rsplit_once('@').is_some_and(|(_, domain)| {
                domain.starts_with('[') || (domain.contains('.') && !is_private(domain))
            })
        };
        let final_is_local = !usable(&self.recipient) || !qualified(&self.recipient);
        if final_is_local && usable(&self.original_recipient) && qualified(&self.original_recipient)
        {
            &self.original_recipient
        } else {
            &self.recipient
        }
    }

    pub fn empty() -> Entry {
        Entry {
            recipient: String::new(),
            original_recipient: String::new(),
            action: Action::Unknown,
            status: String::new(),
            reply_code: String::new(),
            diagnostic: String::new(),
            remote_mta: String::new(),
            feedback_type: String::new(),
            date: None,
        }
    }
}

impl Report {
    /// The host whose mail system wrote the report: its Reporting-MTA (RFC 3464 §2.2.2), else
    /// its mail system's From domain; "" where neither says.
    pub fn reporter(&self) -> &str {
        if self.reporting_mta.is_empty() {
            &self.daemon_domain
        } else {
            &self.reporting_mta
        }
    }

    fn none() -> Report {
        Report {
            kind: Kind::None,
            reporting_mta: String::new(),
            original_message_id: String::new(),
            original_to: Vec::new(),
            original_return_path: String::new(),
            date: None,
            entries: Vec::new(),
            unread_entries: 0,
            prose_lower: String::new(),
            return_path: String::new(),
            daemon_domain: String::new(),
        }
    }
}

/// Reads one message, received with the SMTP reverse-path `envelope_sender` where known ("" for
/// the null one). Never panics; a message that is none of the known kinds is `Kind::None`.
pub fn read(raw: &[u8], envelope_sender: Option<&str>) -> Report {
    read_nested(raw, 0, envelope_sender)
}

/// One `message/delivery-status` body read on its own, the recipient entries it yields: the
/// entry point of the `delivery_status` fuzz target (fuzz/), not an API.
#[doc(hidden)]
pub fn read_delivery_status(body: &str) -> Vec<Entry> {
    dsn::read(body).1
}

/// Most recipients read from one message. Real reports name a handful; the bound keeps a
/// hostile message with millions of addresses from costing quadratic time on the SMTP path.
pub const MAX_ENTRIES: usize = 1000;

/// How deep forwarded reports are followed: a report inside a report, no further.
const MAX_NESTING: usize = 1;

fn read_nested(raw: &[u8], depth: usize, envelope_sender: Option<&str>) -> Report {
    let raw = text::normalize_newlines(raw);
    let Some(mut mail) = mime::read(&raw) else {
        return Report::none();
    };
    let return_path_field = header(&mail.headers, "Return-Path");
    let return_path = return_path_field
        .and_then(text::first_address)
        .unwrap_or_default();
    // The null reverse-path (RFC 5321 §4.5.5): the envelope's, else the Return-Path field the
    // delivering MTA wrote from it (RFC 5321 §4.4); a message without either is not taken for
    // a notification.
    let null_sender = envelope_sender.map_or_else(
        || return_path_field.is_some_and(|v| v.trim() == "<>"),
        str::is_empty,
    );
    // Only the report's own text is searched; a returned original that follows it inline is
    // read for its headers alone. The markers that end the text are sought in lowercase too.
    let mut prose_lower = mail.prose.to_ascii_lowercase();
    let (text_end, original_at) = heuristic::original_split(&prose_lower);
    prose_lower.truncate(text_end);
    let mut report = Report {
        date: mail.date,
        prose_lower,
        ..Report::none()
    };
    // An original the prose carries inline, where no part returns it (read by `heuristic`).
    let mut inline_original = None;
    let plain = mail.status_parts.is_empty() && mail.feedback_parts.is_empty();
    if plain && depth < MAX_NESTING {
        let forwarded = read_forwarded(&mail, depth).or_else(|| read_inline_forward(&mail, depth));
        if let Some(forwarded) = forwarded {
            return Report {
                return_path,
                ..forwarded
            };
        }
    }
    report.return_path = return_path;

    let embedded = if mail.status_parts.is_empty() {
        embedded::find(&report.prose_lower).map(|(s, e)| mail.prose[s..e].to_owned())
    } else {
        None
    };
    let status_parts = if embedded.is_some() {
        embedded.as_slice()
    } else {
        mail.status_parts.as_slice()
    };
    if !status_parts.is_empty() {
        report.kind = Kind::Dsn;
        for part in status_parts {
            let (per_message, entries) = dsn::read(part);
            if report.reporting_mta.is_empty() {
                report.reporting_mta = per_message.reporting_mta;
            }
            report.date = per_message.arrival_date.or(report.date);
            let room = MAX_ENTRIES.saturating_sub(report.entries.len());
            report.unread_entries += entries.len().saturating_sub(room);
            report.entries.extend(entries.into_iter().take(room));
        }
        let incomplete = |e: &Entry| e.recipient.is_empty() || e.diagnostic.is_empty();
        if report.entries.is_empty() || report.entries.iter().any(incomplete) {
            let prose = heuristic::read(&mail, &report.prose_lower, original_at);
            if report.entries.is_empty() {
                // A status part with no recipient group still reports on someone.
                report.entries = prose.entries.clone();
            }
            fill_missing_recipients(&mut report.entries, &prose.entries, mail.original.as_ref());
            fill_missing_diagnostics(&mut report.entries, &prose);
        }
    } else if let Some(n) = ses::read(&mail.prose) {
        report.kind = n.kind;
        report.reporting_mta = n.reporting_mta;
        report.entries = n.entries;
    } else if let Some(part) = mail.feedback_parts.first() {
        report.kind = Kind::Arf;
        let feedback = arf::read(part, &mail);
        report.entries = feedback.entries;
        report.original_return_path = feedback.original_mail_from;
    } else if let Some((entries, inline)) = arf::read_nonstandard(&mail, original_at) {
        report.kind = Kind::Arf;
        report.entries = entries;
        inline_original = inline;
    } else if let Some(entry) = list_refusal::read(&mail) {
        report.kind = Kind::Heuristic;
        report.entries.push(entry);
    } else if heuristic::is_bounce(&mail, &report.prose_lower, null_sender) {
        report.kind = Kind::Heuristic;
        let reading = heuristic::read(&mail, &report.prose_lower, original_at);
        report.entries = reading.entries;
        inline_original = reading.original;
    } else if let Some(entry) = autoreply::read(&mail, original_at) {
        report.kind = Kind::AutoReply;
        report.entries.push(entry);
    } else if let Some(entry) = opt_out::read(&mail, &report.prose_lower) {
        report.kind = Kind::Arf;
        report.entries.push(entry);
    }

    if heuristic::from_mail_system(&mail) {
        report.daemon_domain = mail.from.rsplit_once('@').map_or("", |(_, d)| d).to_owned();
    }
    // Taken, not cloned: the readers are done with the mail.
    if let Some(o) = mail.original.take().or(inline_original) {
        if report.original_return_path.is_empty() {
            report.original_return_path = header(&o.headers, "Return-Path")
                .and_then(text::first_address)
                .unwrap_or_default();
        }
        report.original_message_id = o.message_id;
        report.original_to = o.to;
    }
    // Whichever reader produced them (Exim's X-Failed-Recipients list is not bounded by its
    // reader), recipients past the bound are counted, not applied.
    report.unread_entries += report.entries.len().saturating_sub(MAX_ENTRIES);
    report.entries.truncate(MAX_ENTRIES);
    report
}

/// The delivery or feedback reports attached to a message that is none itself (a bounce
/// wrapped by a gateway, a feedback loop's digest), as one report of the first one's kind.
/// A delivery report goes to the sender of the message it reports on (RFC 5321 §6.1: "the
/// originator ... as indicated by the reverse-path"). A mail system that wraps one passes it
/// on, and so does a program (RFC 3834 §5.1 "auto-generated": a relay service that rewrote the
/// envelope sender and hands the reports it gets to the account's return path); a person who
/// forwards one sent to another address (a bounce of their own mail) tells of that other's
/// mail, not of this message's recipient's. A complaint (RFC 5965) names the message
/// complained of, whoever forwards it.
fn read_forwarded(mail: &mime::Mail, depth: usize) -> Option<Report> {
    let passed_on = heuristic::from_mail_system(mail) || autoreply::is_generated(mail);
    let mut reports = mail
        .forwarded_reports
        .iter()
        .map(|inner| (inner, read_nested(inner, depth + 1, None)))
        .filter(|(inner, r)| match r.kind {
            Kind::Arf => true,
            Kind::Dsn | Kind::Heuristic => passed_on || sent_to_one_of(inner, &mail.to),
            _ => false,
        })
        .map(|(_, r)| r);
    let mut first = reports.next()?;
    for more in reports.filter(|r| r.kind == first.kind) {
        first.unread_entries += more.unread_entries;
        first.entries.extend(more.entries);
    }
    first.unread_entries += first.entries.len().saturating_sub(MAX_ENTRIES);
    first.entries.truncate(MAX_ENTRIES);
    Some(first)
}

/// The report a person forwards inline (`forward`), where the subject says the message is a
/// forward (`FORWARD_PREFIXES`) and the forwarded message was sent to this one's recipient.
fn read_inline_forward(mail: &mime::Mail, depth: usize) -> Option<Report> {
    if !heuristic::is_forward_subject(&mail.subject.to_lowercase()) {
        return None;
    }
    let inner = forward::find(&mail.prose, &mail.to)?;
    let report = read_nested(inner.as_bytes(), depth + 1, None);
    matches!(report.kind, Kind::Dsn | Kind::Heuristic).then_some(report)
}

/// Whether the message `raw` was sent to one of `to`, or to an address of the organisation
/// whose (sub)domain one of `to` is at (a colleague forwards a bounce that came back to the
/// company's info@ to its bounces.<company> mailbox: it reports the company's mail), or either
/// names no recipient. A person's own bounce from elsewhere tells of their mail, not ours.
fn sent_to_one_of(raw: &[u8], to: &[String]) -> bool {
    let its = mime::original_from_bytes(raw)
        .map(|o| o.to)
        .unwrap_or_default();
    its.is_empty() || to.is_empty() || its.iter().any(|a| of_one_of(a, to))
}

/// Whether `address` is one of `to`, or of the organisation one of `to` is of: at its domain,
/// a subdomain of it or a parent (`info@shop.example` beside `bounces@bounces.shop.example`,
/// and the other way round).
fn of_one_of(address: &str, to: &[String]) -> bool {
    fn domain(address: &str) -> Option<&str> {
        address.rsplit_once('@').map(|(_, d)| d)
    }
    let related =
        |a: &str, b: &str| crate::address::is_within(a, b) || crate::address::is_within(b, a);
    to.iter().any(|t| t.eq_ignore_ascii_case(address))
        || domain(address)
            .is_some_and(|d| to.iter().filter_map(|t| domain(t)).any(|t| related(t, d)))
}

/// DSN groups that name no address (`Entry::addressee`: no Final-Recipient, and no usable
/// Original-Recipient) borrow a recipient from the prose (read heuristically), else, where no
/// group names one, from the original's envelope recipient (Received FOR clause) or To.
fn fill_missing_recipients(
    entries: &mut [Entry],
    prose: &[Entry],
    original: Option<&mime::Original>,
) {
    let known: Vec<String> = entries.iter().map(|e| e.recipient.clone()).collect();
    // The original's recipient is whom a report that names nobody speaks of; where it names
    // others, a group without an address (a pipe, a file) is one more of them, not the
    // original's To (a list's address).
    let names_some = entries.iter().any(|e| !e.addressee().is_empty());
    let from_original: Vec<String> = original
        .filter(|_| !names_some)
        .map(|o| {
            o.envelope_to
                .as_deref()
                .into_iter()
                .chain(o.single_to())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut pool = prose
        .iter()
        .map(|e| e.recipient.clone())
        .chain(from_original)
        .filter(|r| !r.is_empty() && !known.contains(r));
    for e in entries.iter_mut().filter(|e| e.addressee().is_empty()) {
        if let Some(r) = pool.next() {
            e.recipient = r;
        }
    }
}

/// A DSN without Diagnostic-Code (OpenSMTPD, some gateways) often says what happened in its
/// prose; the prose block for the same recipient (or the only one) supplies the diagnostic,
/// and its codes where the status part has none or only a generic one.
fn fill_missing_diagnostics(entries: &mut [Entry], prose: &heuristic::Reading) {
    // A text read for two recipients alike (a line that names both, and the whole report
    // after it) is neither's own. One pass finds them: a recipient per text, and the texts a
    // second recipient was read with.
    // An alias the status part gives as an Original-Recipient (RFC 3464 §2.3.1: the address
    // the sender wrote) is the same delivery as its final recipient, no second one (Courier's
    // "<alias> (<final>): No such domain.").
    // Collected once: a report may list a thousand recipients.
    let lower = |a: &String| a.to_ascii_lowercase();
    let recipients: HashSet<String> = entries.iter().map(|e| lower(&e.recipient)).collect();
    let aliases: HashSet<String> = entries
        .iter()
        .map(|e| lower(&e.original_recipient))
        .filter(|a| !recipients.contains(a))
        .collect();
    let alias = |r: &str| aliases.contains(&r.to_ascii_lowercase());
    let mut reader: HashMap<&str, &str> = HashMap::new();
    let mut shared_texts: HashSet<&str> = HashSet::new();
    for q in prose.entries.iter().filter(|q| !alias(&q.recipient)) {
        let first = *reader.entry(&q.diagnostic).or_insert(&q.recipient);
        if first != q.recipient {
            shared_texts.insert(&q.diagnostic);
        }
    }
    let shared = |p: &Entry| shared_texts.contains(p.diagnostic.as_str());
    let blocks: Vec<&Entry> = prose
        .entries
        .iter()
        .zip(&prose.own_block)
        .filter(|(p, own)| **own || !p.status.is_empty() || !p.reply_code.is_empty())
        .map(|(p, _)| p)
        .filter(|p| !shared(p))
        .collect();
    // Only the recipient's own block or a server's answer counts: the report's general
    // wording would pass for a diagnostic. A block that names no recipient is the
    // recipient's only in a report on one: among several, it is no more one's than another's.
    let only = (blocks.len() == 1 && entries.len() == 1).then(|| blocks[0]);
    for e in entries.iter_mut().filter(|e| e.diagnostic.is_empty()) {
        let Some(p) = blocks
            .iter()
            .copied()
            .find(|p| p.recipient == e.recipient)
            .or(only)
        else {
            continue;
        };
        e.diagnostic = p.diagnostic.clone();
        let generic = e.status.is_empty() || e.status.ends_with(".0.0");
        if generic
            && !p.status.is_empty()
            && (e.status.is_empty() || e.status[..1] == p.status[..1])
        {
            e.status = p.status.clone();
        }
        if e.reply_code.is_empty() {
            e.reply_code = p.reply_code.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_group_without_an_address_takes_only_a_single_to() {
        let original = |to: &[&str]| mime::Original {
            to: to.iter().map(|a| a.to_string()).collect(),
            ..mime::Original::default()
        };
        let filled = |o: mime::Original| {
            let mut entries = vec![Entry::empty()];
            fill_missing_recipients(&mut entries, &[], Some(&o));
            entries[0].recipient.clone()
        };
        assert_eq!(filled(original(&["neko@example.org"])), "neko@example.org");
        // Which of two addressees failed, the report does not say.
        assert_eq!(
            filled(original(&["neko@example.org", "tora@example.net"])),
            ""
        );
        let with_envelope = mime::Original {
            envelope_to: Some("tora@example.net".into()),
            ..original(&["neko@example.org", "tora@example.net"])
        };
        assert_eq!(filled(with_envelope), "tora@example.net");
        // Beside a group that names its recipient (a pipe's group beside ten addresses), the
        // To (a list's) is no one's.
        let mut entries = vec![
            Entry {
                recipient: "kim@example.org".into(),
                ..Entry::empty()
            },
            Entry::empty(),
        ];
        fill_missing_recipients(&mut entries, &[], Some(&original(&["list@example.com"])));
        assert_eq!(entries[1].recipient, "");
    }

    #[test]
    fn a_text_read_for_two_recipients_is_neithers_diagnostic() {
        let said = |recipient: &str, diagnostic: &str| Entry {
            recipient: recipient.into(),
            diagnostic: diagnostic.into(),
            ..Entry::empty()
        };
        let group = |recipient: &str| Entry {
            recipient: recipient.into(),
            status: "5.1.1".into(),
            ..Entry::empty()
        };
        let both = "To: a@x.example, b@x.example; no such user a; b's disk quota exceeded";
        let prose = heuristic::Reading {
            entries: vec![said("a@x.example", both), said("b@x.example", both)],
            own_block: vec![true, true],
            ..heuristic::Reading::default()
        };
        let mut entries = vec![group("a@x.example")];
        fill_missing_diagnostics(&mut entries, &prose);
        assert_eq!(entries[0].diagnostic, "");
        // a block of its own is the recipient's
        let prose = heuristic::Reading {
            entries: vec![
                said("a@x.example", "no such user"),
                said("b@x.example", both),
            ],
            own_block: vec![true, true],
            ..heuristic::Reading::default()
        };
        fill_missing_diagnostics(&mut entries, &prose);
        assert_eq!(entries[0].diagnostic, "no such user");
        // a block that names nobody is the recipient's only where the report has one
        let unnamed = heuristic::Reading {
            entries: vec![Entry {
                reply_code: "552".into(),
                ..said("", "552 mailbox full")
            }],
            own_block: vec![false],
            ..heuristic::Reading::default()
        };
        let mut two = vec![group("a@x.example"), group("b@x.example")];
        fill_missing_diagnostics(&mut two, &unnamed);
        assert_eq!(
            (two[0].diagnostic.as_str(), two[1].diagnostic.as_str()),
            ("", "")
        );
        let mut one = vec![group("a@x.example")];
        fill_missing_diagnostics(&mut one, &unnamed);
        assert_eq!(one[0].diagnostic, "552 mailbox full");
        // a line that names the alias the status part gives as Original-Recipient beside the
        // final recipient is that recipient's alone (Courier's "<alias> (<final>):")
        let line = "<list@y.example> (<a@x.example>): No such domain.";
        let prose = heuristic::Reading {
            entries: vec![said("list@y.example", line), said("a@x.example", line)],
            own_block: vec![true, true],
            ..heuristic::Reading::default()
        };
        let mut aliased = vec![Entry {
            original_recipient: "list@y.example".into(),
            ..group("a@x.example")
        }];
        fill_missing_diagnostics(&mut aliased, &prose);
        assert_eq!(aliased[0].diagnostic, line);
        let mut unaliased = vec![group("a@x.example")];
        fill_missing_diagnostics(&mut unaliased, &prose);
        assert_eq!(unaliased[0].diagnostic, "");
    }

    /// An RFC 5965 report for `rcpt`, as a feedback loop sends one.
    fn arf(rcpt: &str) -> String {
        format!(
            "From: fbl@isp.example\nSubject: report\nMIME-Version: 1.0\n\
             Content-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\n\n\
             --b\nContent-Type: text/plain\n\nA complaint.\n\
             --b\nContent-Type: message/feedback-report\n\n\
             Feedback-Type: abuse\nUser-Agent: t/1\nVersion: 1\nOriginal-Rcpt-To: <{rcpt}>\n\
             --b\nContent-Type: text/rfc822-headers\n\nTo: {rcpt}\nSubject: news\n\n--b--\n"
        )
    }

    #[test]
    fn every_report_of_a_digest_is_read() {
        // a feedback loop's digest: one RFC 5965 report per complaint, each attached whole
        let digest = format!(
            "From: fbl@isp.example\nSubject: 2 reports\nMIME-Version: 1.0\n\
             Content-Type: multipart/mixed; boundary=\"d\"\n\n\
             --d\nContent-Type: text/plain\n\nTwo complaints attached.\n\
             --d\nContent-Type: message/rfc822\n\n{}\n\
             --d\nContent-Type: message/rfc822\n\n{}\n--d--\n",
            arf("neko@example.org"),
            arf("tora@example.net")
        );
        let report = read(digest.as_bytes(), None);
        assert_eq!(report.kind, Kind::Arf);
        let recipients: Vec<&str> = report
            .entries
            .iter()
            .map(|e| e.recipient.as_str())
            .collect();
        assert_eq!(recipients, ["neko@example.org", "tora@example.net"]);
    }

    /// A Postfix-style report to `to` of a failed delivery to `rcpt`.
    fn dsn(to: &str, rcpt: &str) -> String {
        format!(
            "From: MAILER-DAEMON@mx.example.org\nTo: {to}\nSubject: Undelivered Mail\n\
             MIME-Version: 1.0\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n\
             --r\nContent-Type: text/plain\n\nYour message could not be delivered.\n\
             --r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n\
             Final-Recipient: rfc822; {rcpt}\nAction: failed\nStatus: 5.1.1\n--r--\n"
        )
    }

    #[test]
    fn an_attached_bounce_is_read_where_it_was_sent_to_this_message_s_recipient() {
        let wrapped = |from: &str, inner_to: &str| {
            let raw = format!(
                "From: {from}\nTo: bounces+k1@bounce.example.com\nSubject: Fwd: returned\n\
                 MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"w\"\n\n\
                 --w\nContent-Type: text/plain\n\nSee the attached report.\n\
                 --w\nContent-Type: message/rfc822\n\n{}\n--w--\n",
                dsn(inner_to, "gone@example.org")
            );
            let report = read(raw.as_bytes(), None);
            (report.kind, report.entries.len())
        };
        // a gateway passes on the report its inner server sent to our return path
        assert_eq!(
            wrapped("postmaster@gw.example.net", "bounces+k1@bounce.example.com"),
            (Kind::Dsn, 1)
        );
        // Exchange's system mailbox (its NDRs' sender) passes on one sent to another return
        // path of ours (a journal report)
        assert_eq!(
            wrapped(
                "Microsoft Exchange <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@corp.example>",
                "bounces+k2@bounce.example.com"
            ),
            (Kind::Dsn, 1)
        );
        // a person passes on a report sent to our return path
        assert_eq!(
            wrapped("Pat <pat@example.net>", "bounces+k1@bounce.example.com"),
            (Kind::Dsn, 1)
        );
        // a person forwards a bounce of their own mail: it reports on that mail, not ours
        assert_ne!(
            wrapped("Pat <pat@example.net>", "pat@example.net").0,
            Kind::Dsn
        );
        // a colleague passes on a bounce that came back to another address of the company
        // whose bounce domain this is
        assert_eq!(
            wrapped("Pat <pat@example.com>", "info@example.com"),
            (Kind::Dsn, 1)
        );
        assert_ne!(
            wrapped("Pat <pat@example.net>", "info@other.example.com").0,
            Kind::Dsn
        );
        // RFC 3834 §5.1: a program passes on a report sent to its own address (a relay
        // service that rewrote the envelope sender)
        assert_eq!(
            wrapped(
                "Relay <notify@relay.example.net>\nAuto-Submitted: auto-generated",
                "bounces-40213@relay.example.net"
            ),
            (Kind::Dsn, 1)
        );
        assert_ne!(
            wrapped(
                "Relay <notify@relay.example.net>",
                "bounces-40213@relay.example.net"
            )
            .0,
            Kind::Dsn
        );
    }

    #[test]
    fn an_attached_plain_text_bounce_is_a_report_too() {
        // a mailbox rule passes on a daemon's notice, written without RFC 3462's type, that
        // came to our return path; the rule writes to the company's own domain
        let wrapped = |inner_from: &str| {
            let raw = format!(
                "From: Bounces <bounces-inbox@example.com>\nTo: processor@example.com\n\
                 Subject: Fwd: Failure Notice\nMIME-Version: 1.0\n\
                 Content-Type: multipart/mixed; boundary=\"w\"\n\n\
                 --w\nContent-Type: text/plain\n\nForwarded by rule.\n\
                 --w\nContent-Type: message/rfc822\n\n\
                 From: {inner_from}\nTo: b+kim=example.org@bounces.example.com\n\
                 Subject: Failure Notice\n\n\
                 Sorry, we were unable to deliver your message to the following address.\n\n\
                 <kim@example.org>:\n550 5.1.1 No mailbox here by that name\n--w--\n"
            );
            let report = read(raw.as_bytes(), None);
            let first = report.entries.first().map(|e| e.recipient.clone());
            (report.kind, first)
        };
        assert_eq!(
            wrapped("MAILER-DAEMON@mx.example.org"),
            (Kind::Heuristic, Some("kim@example.org".to_owned()))
        );
        // a person's message attached is an original, not a report
        assert_ne!(wrapped("Kim <kim@example.org>").0, Kind::Heuristic);
    }

    #[test]
    fn a_bounce_forwarded_inline_is_read_where_it_was_sent_to_this_message_s_recipient() {
        let forwarded = |subject: &str, inner_to: &str| {
            let raw = format!(
                "From: Helpdesk <help@example.net>\nTo: bounces+k1@bounce.example.com\n\
                 Subject: {subject}\n\nThis was caught by our quarantine.\n\n\
                 -----Original Message-----\nFrom: postmaster@example.net\n\
                 Sent: Sunday, May 12, 2024 9:31 AM\nTo: {inner_to}\n\
                 Subject: Undeliverable: News\n\n\
                 Delivery has failed to these recipients or groups:\n\ngone@example.net\n\
                 Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'\n"
            );
            let report = read(raw.as_bytes(), None);
            let first = report.entries.first().map(|e| e.recipient.clone());
            (report.kind, first)
        };
        let gone = Some("gone@example.net".to_owned());
        assert_eq!(
            forwarded("FW: Undeliverable: News", "bounces+k1@bounce.example.com"),
            (Kind::Heuristic, gone.clone())
        );
        // a report sent to another address tells of that address's mail
        assert_ne!(
            forwarded("FW: Undeliverable: News", "pat@example.net").1,
            gone
        );
        // ... unless the address is the company's whose bounce domain this is
        assert_eq!(
            forwarded("FW: Undeliverable: News", "Pat <pat@example.com>").1,
            gone
        );
        // without a forward's subject the quoted text is a reply's quote, not a forward
        assert_ne!(
            forwarded("Re: Undeliverable: News", "bounces+k1@bounce.example.com").1,
            gone
        );
    }
}
