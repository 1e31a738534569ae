//! Bounces without a delivery-status part (qmail, Exim, old Sendmail, Yahoo, Gmail, carriers):
//! the recipients and codes are read out of the prose. Which words mean what lives in
//! `patterns`; this file only walks lines.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::blocks::{address_line, is_original_header, is_quoted_header, Blocks, Found};
use super::mime::{self, header, inline_original, Mail, Original};
use super::patterns::{
    ALIAS_BEFORE, BOUNCE_PHRASES, BOUNCE_SENDERS, BOUNCE_SUBJECTS, DELAY_PHRASES,
    DELIVERY_TARGET_BEFORE, FORWARD_PATH_BEFORE, FORWARD_PREFIXES, HELPDESK_PHRASES,
    MESSAGE_ID_BEFORE, NON_RECIPIENT_BEFORE, NON_RECIPIENT_LINES, NON_RECIPIENT_LOCALS,
    NOT_FAILED_PHRASES, ORIGINAL_MARKERS, REPLY_PREFIXES, SENDER_AFTER, STATUS_MARKERS,
};
use super::phrases::Phrases;
use super::text::{
    self, addresses, clip, first_address, followed_by_words, follows_word, lines_at, reply_code,
    squash_spaces, standing_statuses,
};
use super::Entry;
use crate::taxonomy::Action;

/// How much of a text is searched for the phrases that say "this is a bounce".
const HEAD_BYTES: usize = 8 * 1024;

/// How much of one line is read. RFC 5322 §2.1.1 limits a line to 998 characters; past four
/// times that a line is no report's, and reading all of it once per address it names would
/// make one line of thousands of addresses cost time by their square.
const LINE_BYTES: usize = 4 * 1024;

/// The part of a report's line that is read (`LINE_BYTES`).
pub fn line_read(line: &str) -> &str {
    clip(line, LINE_BYTES)
}

/// The largest char boundary of `s` at or below `at`.
pub(super) fn floor_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// The first char boundary of `s` at or after `at` (`s.len()` past its end).
fn ceil_boundary(s: &str, at: usize) -> usize {
    (at..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len())
}

static BOUNCE_TEXT: Phrases = Phrases::new(BOUNCE_PHRASES);
/// One scan of a subject instead of a substring search per row.
static BOUNCE_SUBJECT: Phrases = Phrases::new(BOUNCE_SUBJECTS);
static DELAY_TEXT: Phrases = Phrases::new(DELAY_PHRASES);
/// Sought in lowercase text, where the prefilter would stop at every hyphen and common letter
/// (a quarter of the speed).
static ORIGINAL: Phrases = Phrases::unfiltered(ORIGINAL_MARKERS);
static STATUS: Phrases = Phrases::new(STATUS_MARKERS);
static HELPDESK: Phrases = Phrases::new(HELPDESK_PHRASES);
static NOT_FAILED: Phrases = Phrases::unfiltered(&NOT_FAILED_PHRASES);

/// What the prose says.
#[derive(Debug, Default)]
pub struct Reading {
    pub entries: Vec<Entry>,
    /// The original, when it was only found inline after a marker line.
    pub original: Option<Original>,
    /// Per entry: whether its diagnostic is its own block of the report (not the whole text).
    pub own_block: Vec<bool>,
}

/// Whether the message presents itself as a non-delivery report: by sender, subject, Exim's
/// X-Failed-Recipients, or a phrase of its text. `null_sender`: it came from the null
/// reverse-path, as RFC 5321 §4.5.5 and RFC 3461 §6.2 have every non-delivery report come.
pub fn is_bounce(mail: &Mail, prose_lower: &str, null_sender: bool) -> bool {
    if header(&mail.headers, "X-Failed-Recipients").is_some() {
        return true;
    }
    let from_daemon = from_mail_system(mail);
    let subject = mail.subject.to_lowercase();
    // RFC 5322 §3.6.5: a reply's subject is the original's behind "Re:" (and localized
    // prefixes): its words tell what the person replied to, not what this message is. A
    // forward's subject tells what the forwarded message was: a forwarded report is one.
    let replied = is_reply_subject(&subject);
    let forwarded = is_forward_subject(&subject);
    // So is an automatic reply's behind its prefix (RFC 3834 §3.1.5: "Auto:" and the
    // original's subject; Outlook's "Automatic reply: <subject>").
    let auto_replied = super::autoreply::subject_prefixed(&subject);
    // A subject may also say it in the words of a report's text ("Message delivery has
    // failed", "Your message could not be delivered").
    let subject_says =
        !replied && !auto_replied && (BOUNCE_SUBJECT.any(&subject) || BOUNCE_TEXT.any(&subject));
    // A mail system's message whose subject says so is a report (the last clause below),
    // whatever its text: the text is not read.
    if from_daemon && subject_says {
        return true;
    }
    // The report's own words come first; the returned original can run on for megabytes.
    let head = &prose_lower[..floor_boundary(prose_lower, HEAD_BYTES)];
    // `prose_lower` is lowercased as ASCII (its offsets are the prose's); a text in another
    // cased script (Cyrillic) is lowercased in full where that is all that could tell.
    // Sought last, where the cheaper signals have not decided.
    // A text wrapped at a fixed width may break a phrase across lines ("was not\ndelivered"):
    // sought again with its lines joined where it is not found as written.
    let text_says = || {
        BOUNCE_TEXT.any(head)
            || (!head.is_ascii() && BOUNCE_TEXT.any(&head.to_lowercase()))
            || BOUNCE_TEXT.any(&squash_spaces(head))
    };
    // A daemon's message that carries an SMTP reply code, or an RFC 3463 status of a failure
    // or delay where a status stands (qmail's "(#5.1.1)"), is a report even when its subject
    // and text are in a language the tables do not know; so is one whose subject says so and
    // whose text names an SMTP reply code, whatever name its sender goes by (a bare number in
    // a person's mail is no reply code). Each is read once, where it is needed.
    let coded_once = OnceCell::new();
    let coded = || *coded_once.get_or_init(|| names_a_failure_code(head));
    let smtp_coded = || head.contains("smtp") && reply_code(head).is_some();
    // A person's reply or forward (RFC 5322 §3.6.4 In-Reply-To, a "Re:" or "Fwd:" subject),
    // an automatic one (an out-of-office subject, RFC 3834 §3.1.5's "Auto:"; RFC 3834 §5.2's
    // Auto-Submitted: auto-replied, which a challenge-response system's "your message is held"
    // also carries, unless a failure's code is named) or a list's mailing (RFC 2369
    // List-Unsubscribe, RFC 2919 List-Id) that tells of a failed delivery in its own words is
    // no report: such words make a bounce only of a message that is none of these.
    let reply_or_list = header(&mail.headers, "In-Reply-To").is_some()
        || super::autoreply::is_list_mail(mail)
        || replied
        || forwarded
        || auto_replied
        || super::autoreply::subject_says(&subject);
    // Auto-Submitted marks any machine's mail, reports too (Postfix, Exim and Courier put it
    // on theirs): one that names the failure by its reply code or status, or by its class in
    // words, is a report.
    let automatic = || super::autoreply::header_says(mail) && !coded() && !names_permanence(head);
    let not_a_report = !from_daemon && !subject_says && (reply_or_list || automatic());
    // Words of a failed delivery from a sender that is no mail system tell of a delivery only
    // where they name it: an address, a code, or the returned message (RFC 3464 §2.3.2: a
    // report names each recipient; RFC 3462 §2: it returns the original or its headers). A
    // parcel notice "could not be delivered" does none of these.
    let names_something =
        || from_daemon || coded() || head.contains('@') || mail.original.is_some();
    // A mail system's word that a delivery is delayed is a report too: RFC 3464 §2.3.3's
    // "delayed" action, a warning sent before the final failure (sought last: rarely needed).
    let delay_told = || DELAY_TEXT.any(head);
    // A notice from the null reverse-path whose subject says its delivery failed is a report
    // where it names an address or returns the message (RFC 3462 §2), whoever it is from and
    // whatever words its text uses (appliances', small ISPs' and scripts' own: "Your mail to
    // <a> was refused").
    let null_notice =
        || null_sender && subject_says && (head.contains('@') || mail.original.is_some());
    (!not_a_report && names_something() && text_says())
        || (subject_says && smtp_coded())
        || (from_daemon && (coded() || delay_told()))
        || null_notice()
}

/// Whether a (lowercased) subject is a person's reply's: RFC 5322 §3.6.5's "Re:", or a mail
/// client's localized prefix (`REPLY_PREFIXES`).
pub fn is_reply_subject(subject: &str) -> bool {
    let start = behind_list_tag(subject);
    REPLY_PREFIXES.iter().any(|p| start.starts_with(p))
}

/// Whether a (lowercased) subject is a person's forward's (`FORWARD_PREFIXES`).
pub fn is_forward_subject(subject: &str) -> bool {
    let start = behind_list_tag(subject);
    FORWARD_PREFIXES.iter().any(|p| start.starts_with(p))
}

/// A subject behind the list's tag a mailing list puts before it ("[users] Re: …": GNU
/// Mailman's `subject_prefix`, "[%(real_name)s] " by default), trimmed at its start.
fn behind_list_tag(subject: &str) -> &str {
    let start = subject.trim_start();
    start
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .filter(|(tag, _)| !tag.is_empty() && !tag.contains(char::is_whitespace))
        .map_or(start, |(_, rest)| rest.trim_start())
}

/// Whether the message's From is a mail system's (a daemon or postmaster, `BOUNCE_SENDERS`).
pub fn from_mail_system(mail: &Mail) -> bool {
    mime::from_field_is_mail_systems(header(&mail.headers, "From").unwrap_or(""))
        || BOUNCE_SENDERS.iter().any(|s| mail.from.starts_with(s))
}

/// Where the returned original begins in `lower` (the prose, ASCII-lowercased): (start of the
/// marker line, which ends the report's text; start of the original's headers after it).
/// Everything before is the report; the original is only read for its headers.
pub fn original_split(lower: &str) -> (usize, Option<usize>) {
    let Some(at) = earliest_original_marker(lower) else {
        return (lower.len(), None);
    };
    let line_start = lower[..at].rfind('\n').map_or(0, |nl| nl + 1);
    let headers = lower[at..].find('\n').map_or(lower.len(), |nl| at + nl + 1);
    (line_start, Some(headers))
}

/// The longest original marker: one that holds a given "message" lies within this many bytes
/// of it on either side.
const MARKER_REACH: usize = text::longest(ORIGINAL_MARKERS);

/// Where the first original marker starts, as `ORIGINAL.earliest(lower)` finds it. Every
/// marker names the "message" (a test holds the table to it), so the automaton (some 16
/// instructions a byte) reads only around each mention that memmem finds, until one is a
/// marker's (Callgrind: 195.6k → 191.3k instructions a corpus message). Where no marker holds
/// an earlier mention, none starts before a window's start, and the first match in a window
/// that holds one is the first of the text.
fn earliest_original_marker(lower: &str) -> Option<usize> {
    // Built once: a searcher's setup cost as much as its search of a report's text.
    static MESSAGE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("message"));
    MESSAGE.find_iter(lower.as_bytes()).find_map(|at| {
        let start = floor_boundary(lower, at.saturating_sub(MARKER_REACH));
        let end = ceil_boundary(lower, at + MARKER_REACH);
        ORIGINAL
            .earliest(&lower[start..end])
            .map(|found| start + found)
    })
}

/// Where the report's prose ends in `lower` (already cut at the original): at the start of a
/// delivery-status block pasted into the text, at a signature, or at an original that no
/// marker announced, whichever comes first.
pub fn report_end(lower: &str) -> usize {
    let status = STATUS.earliest(lower).map_or(lower.len(), |at| {
        lower[..at].rfind('\n').map_or(0, |nl| nl + 1)
    });
    // Each later search reads only what the earlier ones left: all three end at a line start.
    let signature = signature_start(&lower[..status]).unwrap_or(status);
    unannounced_original_start(&lower[..signature]).unwrap_or(signature)
}

/// Where an original that follows the report's own words without a marker starts: at a header
/// field only an original carries ("Received:", "Return-Path:"), or at a header field quoted
/// from one ("> From: ..."), once an unquoted line has named an address. A report that appends
/// or quotes the original names the failed recipient in its own words first; a forwarded report
/// is quoted whole, under the forwarder's words ("Begin forwarded message:"), which name none.
fn unannounced_original_start(lower: &str) -> Option<usize> {
    let mut named = false;
    lines_at(lower).find_map(|(at, line)| {
        let quoted = line.trim_start().starts_with('>');
        // every field of both tables ends in ':'
        let field = named && line.contains(':');
        if field && (is_original_header(line) || quoted && is_quoted_header(line)) {
            return Some(at);
        }
        named |= !quoted && line.contains('@');
        None
    })
}

/// Where a signature starts: RFC 3676 §4.3's separator line "-- " (also written without its
/// space). What follows is the sender's name and contacts, never a recipient or a cause.
fn signature_start(text: &str) -> Option<usize> {
    lines_at(text)
        .find(|(_, line)| matches!(*line, "--" | "-- "))
        .map(|(at, _)| at)
}

/// Addresses that belong to the sending side or to the reporting system, never a recipient;
/// and the original's Message-ID, which has an address's shape (RFC 5322 §3.6.4).
fn not_recipients(mail: &Mail, original: Option<&Original>) -> Vec<String> {
    let mut out: Vec<String> = mail.to.clone();
    out.push(mail.from.clone());
    if let Some(o) = original {
        out.push(o.message_id.to_ascii_lowercase());
        for name in ["From", "Return-Path", "Sender"] {
            if let Some(a) = header(&o.headers, name).and_then(first_address) {
                out.push(a);
            }
        }
    }
    out.retain(|a| !a.is_empty());
    out
}

fn is_recipient_candidate(addr: &str, excluded: &[String]) -> bool {
    !excluded.iter().any(|e| e == addr) && !is_mail_systems(addr)
}

/// Whether an address is a mail system's own (`NON_RECIPIENT_LOCALS`: the daemon, postmaster).
fn is_mail_systems(addr: &str) -> bool {
    NON_RECIPIENT_LOCALS.contains(&addr.split('@').next().unwrap_or(""))
}

/// Whether a (lowercased) report line may name a recipient: not a header line of an original.
fn says_recipient(lower_line: &str) -> bool {
    // Forwarded bounces quote the report with "> ".
    let unquoted = lower_line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    !NON_RECIPIENT_LINES.iter().any(|p| unquoted.starts_with(p))
}

/// Whether an address of a line is a helpdesk's: a helpdesk phrase stands before
/// it ("please contact help@…"), or after it in the same sentence ("mail help@… for
/// assistance"), unless a server's reply holds the phrase in a later clause: "<jdoe@…>: host …
/// said: 550 5.1.1 No such user. For more information, go to …" (Postfix writes a recipient and
/// its server's whole reply on one line). Nor does a later sentence make an address a
/// helpdesk's when it is the one a report says it delivered to (`target`: "Your message to
/// jdoe@… has been blocked. See the details below for more information."), or when that
/// sentence names an address of its own, which is then the helpdesk's ("… could not be
/// reached: jdoe@…. Please contact us at help@… for further assistance.").
/// `lower` is the line lowercased, `phrases` where its helpdesk phrases start, and the address
/// spans `start..end` of it.
fn is_helpdesk(lower: &str, phrases: &[usize], start: usize, end: usize, target: bool) -> bool {
    // A phrase inside an address that stands alone on its line, as a report lists failed
    // recipients, is its local part ("helpdesk@…"), no words about it; in a sentence it names
    // the address's role ("お問い合わせ (helpdesk@…)").
    let alone = address_line(lower).len() == end - start;
    let outside = |at: &&usize| !alone || **at < start || **at >= end;
    phrases.iter().filter(outside).any(|&at| {
        let between = lower.get(end..at).unwrap_or_default();
        let in_a_later_clause_of_a_reply =
            ends_a_clause(between) && reply_code(&lower[..at]).is_some();
        let in_a_later_sentence_of_another = ends_a_sentence(between)
            && (target || addresses(sentence_at(lower, at)).next().is_some());
        at < start || !(in_a_later_clause_of_a_reply || in_a_later_sentence_of_another)
    })
}

/// The sentence of `text` that holds byte `at`: from the end of the sentence before it to
/// the end of its own.
fn sentence_at(text: &str, at: usize) -> &str {
    let bytes = text.as_bytes();
    let start = (0..at)
        .rev()
        .find(|&i| is_sentence_end(bytes, i))
        .map_or(0, |i| i + 1);
    let end = (at..bytes.len())
        .find(|&i| is_sentence_end(bytes, i))
        .map_or(bytes.len(), |i| i + 1);
    text.get(start..end).unwrap_or_default()
}

/// How much of a report's opening is read again with its lines joined for a delay phrase: a
/// warning says it is one in its first paragraphs.
const DELAY_OPENING_BYTES: usize = 2048;

/// Words of a report that its failure is final, over any delay phrase it also carries.
const FINAL: &str = "permanent fatal";

/// Words after a delivery phrase that make it a delivery to recipients the report does not name.
const OTHERS: &[&str] = &["to all other", "to the other", "to other"];

/// What the report tells of its recipients when it is no failure report: a delay (a delay
/// phrase), else a delivery (a delivery phrase, and no reply code or status of a failure: a
/// report that names both may tell of one recipient's success and another's failure).
fn action_told(lower: &str) -> Action {
    let (mut delay, mut delivery) = (false, false);
    for (row, at) in NOT_FAILED.positions(lower) {
        if row < DELAY_PHRASES.len() {
            // a delay says it all
            delay = true;
            break;
        }
        // a delivery to the others is none of those named (Domino's failure report: "Unless
        // you receive other Delivery Failure Reports, the document was successfully delivered
        // to all other recipients")
        let after = lower[at + NOT_FAILED_PHRASES[row].len()..].trim_start();
        if !OTHERS.iter().any(|o| after.starts_with(o)) {
            delivery = true;
        }
    }
    // a text that calls its errors permanent and fatal (MDaemon's "The attached message had
    // PERMANENT fatal delivery errors!", Sendmail's "had permanent fatal errors") reports a
    // final failure, whatever it says of resending
    if delay && !lower.contains(FINAL) {
        Action::Delayed
    } else if delivery && !names_a_failure_code(lower) {
        Action::Delivered
    } else {
        Action::Failed
    }
}

/// Whether a report that reads as failed says in its opening, wrapped at a fixed width inside
/// the phrase, that it is a delay warning ("delivery will be\nattempted again"): its lines are
/// joined and the delay phrases sought again. Asked only where no recipient's block carries
/// a permanent code, which a warning would not.
fn wrapped_delay(lower: &str) -> bool {
    let head = &lower[..floor_boundary(lower, DELAY_OPENING_BYTES)];
    // the unfiltered automaton `action_told` scans with: the delay phrases' common letters
    // keep a prefiltered one stopping (Callgrind: 15k instructions a report)
    head.contains('\n')
        && !lower.contains(FINAL)
        && NOT_FAILED
            .positions(&squash_spaces(head))
            .any(|(row, _)| row < DELAY_PHRASES.len())
}

/// Whether `text` names a failure or delay by code: an SMTP reply code (4yz, 5yz), or an
/// RFC 3463 status of class 4 or 5 where a status stands.
fn names_a_failure_code(text: &str) -> bool {
    reply_code(text).is_some() || standing_statuses(text).any(|s| !s.starts_with('2'))
}

/// Whether `text` (lowercased) names a failure's class in words: RFC 3463 §3.1's class 5
/// "Permanent Failure", RFC 5321 §4.2.1's "permanent negative completion" ("This is a permanent
/// error; I've given up", qmail's and Apache James's words). An auto-responder holding a
/// message says nothing of the kind.
fn names_permanence(text: &str) -> bool {
    ["permanent error", "permanent failure", "failed permanently"]
        .iter()
        .any(|w| text.contains(w))
}

/// Whether `text` holds the end of a clause: '.', ',', ';', ':', '!' or '?' before white space.
fn ends_a_clause(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| b".,;:!?".contains(&w[0]) && w[1].is_ascii_whitespace())
}

/// Whether `text` holds the end of a sentence (see `is_sentence_end`).
fn ends_a_sentence(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| is_sentence_end(bytes, i))
}

/// Whether `bytes[i]` ends a sentence: '.', '!' or '?' before white space.
fn is_sentence_end(bytes: &[u8], i: usize) -> bool {
    b".!?".contains(&bytes[i]) && bytes.get(i + 1).is_some_and(u8::is_ascii_whitespace)
}

/// The addresses of `line` that may be recipients by their place in it: not the reader or
/// the sender (`NON_RECIPIENT_BEFORE`, `SENDER_AFTER`), not an alias a recipient was expanded
/// from, not a forward-path. `lower` is the line lowercased.
fn recipient_addresses<'a>(line: &'a str, lower: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    // "Your message to <recipient> from <sender>": after an address that follows "to", one that
    // follows "from" is the sender's.
    let mut after_to = false;
    // Found once per line: most lines have none, and a line may name many addresses.
    let helpdesk: Vec<usize> = HELPDESK.spans(lower).map(|(at, _)| at).collect();
    addresses(line).filter(move |a| {
        let sender = after_to && follows_word(line, a, &["from"]);
        after_to |= follows_word(line, a, &["to"]);
        let start = a.as_ptr() as usize - line.as_ptr() as usize;
        !sender
            && !is_helpdesk(
                lower,
                &helpdesk,
                start,
                start + a.len(),
                follows_word(line, a, DELIVERY_TARGET_BEFORE),
            )
            && !follows_word(line, a, NON_RECIPIENT_BEFORE)
            && !follows_word(line, a, MESSAGE_ID_BEFORE)
            && !follows_word(line, a, ALIAS_BEFORE)
            && !follows_word(line, a, FORWARD_PATH_BEFORE)
            && !followed_by_words(line, a, SENDER_AFTER)
    })
}

/// The first sending-side address that a report line names, as the only recipient: not the
/// reporting system's own (RFC 5321 §4.5.1's postmaster, the daemon), which a report names as
/// the contact ("please contact the postmaster at this site: postmaster@…"); nor this
/// message's addressee in a sentence ("your mailbox bounces@… is 92% full"), which tells its
/// own mailbox's news: a report goes to the original's reverse-path (RFC 5321 §6.1, RFC 3464
/// §2), so its addressee is the sender. It is the recipient too where the original went to it,
/// or where a line of its own lists it, as a report lists failed recipients ("<ann@…>:").
fn named_anyway(
    lines: &[&str],
    lower_lines: &[&str],
    excluded: &[String],
    mail: &Mail,
    original: Option<&Original>,
) -> Vec<(String, Option<usize>)> {
    let sent_to = |a: &str| {
        original.is_some_and(|o| o.to.iter().any(|t| t == a) || o.envelope_to.as_deref() == Some(a))
    };
    lines
        .iter()
        .zip(lower_lines)
        .enumerate()
        .filter(|(_, (line, lower_line))| {
            line.contains('@') && !is_original_header(line) && says_recipient(lower_line)
        })
        .find_map(|(idx, (line, lower_line))| {
            recipient_addresses(line, lower_line)
                .map(|f| f.to_ascii_lowercase())
                .find(|a| {
                    excluded.contains(a)
                        && !is_mail_systems(a)
                        && (!mail.to.contains(a) || sent_to(a) || lists_alone(line, a))
                })
                .map(|a| vec![(a, Some(idx))])
        })
        .unwrap_or_default()
}

/// Whether `line` holds nothing but the address `a` (any case), as a report's list of failed
/// recipients writes it: "ann@example.org", "<ann@example.org>:".
fn lists_alone(line: &str, a: &str) -> bool {
    address_line(line).eq_ignore_ascii_case(a)
}

/// Reads the prose of `mail`. `lower` is its report part lowercased (same byte offsets), and
/// `original_at` where an inline original's headers start (see `original_split`).
pub fn read(mail: &Mail, lower: &str, original_at: Option<usize>) -> Reading {
    let cut = report_end(lower);
    let report = &mail.prose[..cut];
    let report_lower = &lower[..cut];
    let inline = inline_original(mail, original_at);
    let original = mail.original.as_ref().or(inline.as_ref());
    let lines: Vec<&str> = text::lines(report).map(line_read).collect();
    let lower_lines: Vec<&str> = text::lines(report_lower).map(line_read).collect();
    let found = recipients(mail, &lines, &lower_lines, original);
    let action = action_told(report_lower);
    let blocks = Blocks::new(report, &lines, &found);
    let judged: Vec<(Entry, bool, bool)> = found
        .iter()
        .map(|(addr, line)| blocks.entry(addr, *line, action))
        .collect();
    // A warning wrapped inside its delay phrase is told only where no block is permanent.
    let permanent = |e: &Entry| e.status.starts_with('5') || e.reply_code.starts_with('5');
    let delayed = action == Action::Failed
        && !judged.iter().any(|(e, _, _)| permanent(e))
        && wrapped_delay(report_lower);
    // The whole report speaks for a recipient without words of its own only where no other
    // has its own: else those words (and codes) are another recipient's. So do the report's
    // codes for a recipient whose block has none: where another recipient's block has its
    // own, they are that one's (a 5.1.1 of one made another's lost connection a hard bounce).
    let any_own = judged.iter().any(|(_, own, _)| *own);
    let any_code = judged.iter().any(|(_, _, coded)| *coded);
    let (entries, own_block): (Vec<Entry>, Vec<bool>) = judged
        .into_iter()
        .map(|(mut e, own, coded)| {
            if delayed {
                e.action = Action::Delayed;
            }
            if any_own && !own {
                e.diagnostic.clear();
            }
            if (any_own && !own) || (any_code && !coded) {
                e.status.clear();
                e.reply_code.clear();
            }
            (e, own)
        })
        .unzip();
    Reading {
        entries,
        original: inline,
        own_block,
    }
}

/// Who the report is about, in this order: the addresses its lines name (Exim's
/// X-Failed-Recipients, where present, is authoritative; else local parts the mail system
/// lists), an address of the sending side that a report line names anyway, the original's
/// envelope recipient (its Received FOR clause) or its single To, else one unknown. The
/// report's own X-Original-To is where the report was delivered (the return path), not who.
fn recipients(
    mail: &Mail,
    lines: &[&str],
    lower_lines: &[&str],
    original: Option<&Original>,
) -> Vec<Found> {
    let mut excluded = not_recipients(mail, original);
    excluded.extend(super::forward::report_addressees(lines));
    let mut found = named_in_lines(lines, lower_lines, &excluded);
    own_lines(&mut found, lines);
    if let Some(o) = original {
        join_wrapped(&mut found, lower_lines, o);
    }
    if let Some(named) = failed_recipients_header(mail, &found) {
        found = named;
    }
    if found.is_empty() {
        found = listed_local_parts(mail, lines);
    }
    // Sender and recipient can be the same person (a test, a forward to oneself): an excluded
    // address that the report names is still better than a guess from the headers.
    if found.is_empty() {
        found = named_anyway(lines, lower_lines, &excluded, mail, original);
    }
    if found.is_empty() {
        // The original's envelope recipient (its Received FOR clause) before its To, which
        // may name a list or nobody, and only a single To: as `resolve` does, an unknown
        // recipient is left to the VERP return path rather than every addressee marked failed.
        found = original
            .and_then(Original::addressee)
            .map(|a| (a.to_owned(), None))
            .into_iter()
            .collect();
    }
    if found.is_empty() {
        found.push((String::new(), None));
    }
    found
}

/// How far past a line that lists several recipients a line naming one of them alone is
/// looked for: a transcript's dialogue follows its recap of the message within a screen or two.
const MAX_OWN_LINE_DISTANCE: usize = 120;

/// A recipient first named on a line that lists others too (MDaemon's transcript recaps the
/// message, "*  To: ann@…, bob@…", before its dialogue) is told of where a later line names it
/// alone ("--> RCPT To:<ann@…>" and the reply under it): a block that starts at the shared
/// line would run through every recipient's reply and take the last one's.
fn own_lines(found: &mut [Found], lines: &[&str]) {
    let mut named_on: Vec<usize> = found.iter().filter_map(|(_, l)| *l).collect();
    named_on.sort_unstable();
    let shared: Vec<usize> = named_on
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if shared.is_empty() {
        return;
    }
    // each line's addresses read once, however many recipients look at it
    let mut named_by_line: HashMap<usize, Vec<String>> = HashMap::new();
    // every recipient is judged against the lines as first found, then moved
    let mut moves = Vec::new();
    for (k, (addr, line)) in found.iter().enumerate() {
        let Some(first) = line.filter(|l| shared.contains(l)) else {
            continue;
        };
        // another recipient the shared line lists
        let is_other =
            |a: &String| a != addr && found.iter().any(|(o, l)| *l == Some(first) && o == a);
        let end = lines.len().min(first + 1 + MAX_OWN_LINE_DISTANCE);
        let alone = (first + 1..end).find(|&i| {
            let named = named_by_line.entry(i).or_insert_with(|| {
                if is_original_header(lines[i]) || is_quoted_header(lines[i]) {
                    return Vec::new();
                }
                addresses(lines[i]).map(str::to_ascii_lowercase).collect()
            });
            named.iter().any(|a| a == addr) && !named.iter().any(is_other)
        });
        if let Some(i) = alone {
            moves.push((k, i));
        }
    }
    for (k, i) in moves {
        found[k].1 = Some(i);
    }
}

/// An address that a line break cut ("…@regional.exampl" / "e.co.za": a report wrapped at a
/// fixed width) is the returned original's recipient whose whole address that line's end and
/// the next line's start spell; the pieces of one address are that one recipient.
fn join_wrapped(found: &mut Vec<Found>, lower_lines: &[&str], original: &Original) {
    let whole: Vec<&str> = original
        .to
        .iter()
        .map(String::as_str)
        .chain(original.envelope_to.as_deref())
        .collect();
    let mut joined = false;
    for (addr, line) in found.iter_mut() {
        let Some(idx) = *line else { continue };
        let (Some(this), Some(next)) = (lower_lines.get(idx), lower_lines.get(idx + 1)) else {
            continue;
        };
        if !this.trim_end().ends_with(addr.as_str()) {
            continue;
        }
        let next = next.trim_start();
        if let Some(w) = whole.iter().find(|w| {
            w.len() > addr.len()
                && w.starts_with(addr.as_str())
                && next.starts_with(&w[addr.len()..])
        }) {
            *addr = (*w).to_owned();
            joined = true;
        }
    }
    if joined {
        let mut seen = HashSet::new();
        found.retain(|(a, _)| seen.insert(a.clone()));
    }
}

/// The candidate recipients the report's lines name, each once, in order, with their line.
fn named_in_lines(lines: &[&str], lower_lines: &[&str], excluded: &[String]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (idx, (line, lower_line)) in lines.iter().zip(lower_lines).enumerate() {
        if !line.contains('@') || !says_recipient(lower_line) {
            continue;
        }
        for f in recipient_addresses(line, lower_line) {
            if found.len() >= super::MAX_ENTRIES {
                return found;
            }
            let addr = f.to_ascii_lowercase();
            // Once a recipient is named, a new address inside a server's reply sentence that
            // shares neither mailbox name nor domain with any named recipient is a third
            // party's ("550 5.7.1 … blocked … write to dz@list.example", "550-Verification
            // failed for <sender>"); one that shares either may be the failing mailbox itself
            // ("552 Quota violation for userx@" under "to usery@", an alias's target).
            if !found.is_empty()
                && !seen.contains(&addr)
                && in_reply_sentence(line, f)
                && !found.iter().any(|(r, _)| related(r, &addr))
            {
                continue;
            }
            if is_recipient_candidate(&addr, excluded) && seen.insert(addr.clone()) {
                found.push((addr, Some(idx)));
            }
        }
    }
    found
}

/// Whether two (lowercased) addresses share their local part or their domain.
fn related(a: &str, b: &str) -> bool {
    match (a.rsplit_once('@'), b.rsplit_once('@')) {
        (Some((al, ad)), Some((bl, bd))) => al == bl || ad == bd,
        _ => false,
    }
}

/// Whether the address `a` (a slice of `line`) stands in the words of an SMTP reply: after a
/// reply code and at least two words of text, not right after the code ("554 <a@b>... Host
/// unknown", "550 5.1.1 <a@b>: user unknown" name their recipient).
fn in_reply_sentence(line: &str, a: &str) -> bool {
    let at = a.as_ptr() as usize - line.as_ptr() as usize;
    let before = &line[..at];
    let Some(code) = reply_code(before) else {
        return false;
    };
    let after_code = code.as_ptr() as usize - before.as_ptr() as usize + code.len();
    before[after_code..]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 2)
        .nth(1)
        .is_some()
}

/// Recipients a report from a mail system's own account (mailer-daemon@, postmaster@) lists by
/// local part alone, indented under a heading about recipients that ends with ':' (AOL lists
/// screen names so; MTAs name local users so): a local part means something only at its
/// domain (RFC 5321 §2.3.11), here the reporting system's, the domain of the report's From.
fn listed_local_parts(mail: &Mail, lines: &[&str]) -> Vec<Found> {
    let from = mail.from.to_ascii_lowercase();
    let Some((local, domain)) = from.rsplit_once('@') else {
        return Vec::new();
    };
    if !NON_RECIPIENT_LOCALS.contains(&local) {
        return Vec::new();
    }
    let heading = lines.iter().position(|l| {
        let l = l.trim_end().to_ascii_lowercase();
        l.ends_with(':') && l.contains("recipient")
    });
    let Some(heading) = heading else {
        return Vec::new();
    };
    let mut i = heading + 1;
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    let mut found = Vec::new();
    while let Some(line) = lines.get(i).filter(|l| l.starts_with([' ', '\t'])) {
        let name = line.trim();
        if name.is_empty() || found.len() >= super::MAX_ENTRIES {
            break;
        }
        let address = format!("{}@{domain}", name.to_ascii_lowercase());
        // One name a line, nothing else: a sentence or an address is no such list.
        if name.contains('@') || crate::address::check(&address).is_err() {
            return Vec::new();
        }
        found.push((address, Some(i)));
        i += 1;
    }
    found
}

/// Exim names the failed recipients in a header; that list is authoritative. Each keeps the
/// line the report names it on, if any.
fn failed_recipients_header(mail: &Mail, found: &[Found]) -> Option<Vec<Found>> {
    let list = header(&mail.headers, "X-Failed-Recipients")?;
    let named: Vec<String> = addresses(list).map(|f| f.to_ascii_lowercase()).collect();
    if named.is_empty() {
        return None;
    }
    let with_line = |a: String| {
        let line = found.iter().find(|(f, _)| *f == a).and_then(|(_, l)| *l);
        (a, line)
    };
    Some(named.into_iter().map(with_line).collect())
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{diagnostic_after, said_in_parentheses, talking_to};
    use super::*;

    /// `is_bounce` of `m` as `report::read` asks it, for a message of unknown sender.
    fn bounce(m: &Mail) -> bool {
        is_bounce(m, &m.prose.to_ascii_lowercase(), false)
    }

    fn read_all(m: &Mail) -> Reading {
        let (lower, original_at) = report_text(m);
        read(m, &lower, original_at)
    }

    /// The report's text of `m`, lowercased and cut at its original, as `report::read` gives
    /// it to `read`, and where the original's headers start.
    fn report_text(m: &Mail) -> (String, Option<usize>) {
        let mut lower = m.prose.to_ascii_lowercase();
        let (end, original_at) = original_split(&lower);
        lower.truncate(end);
        (lower, original_at)
    }

    /// Where the report's own words end in `m`'s prose (`report_end`).
    fn words_end(m: &Mail) -> usize {
        report_end(&report_text(m).0)
    }

    /// Each entry's recipient with the address it was expanded from.
    fn recipients_and_aliases(m: &Mail) -> Vec<(String, String)> {
        read_all(m)
            .entries
            .into_iter()
            .map(|e| (e.recipient, e.original_recipient))
            .collect()
    }

    /// Each entry's recipient and status.
    fn statuses(r: &Reading) -> Vec<(&str, &str)> {
        r.entries
            .iter()
            .map(|e| (e.recipient.as_str(), e.status.as_str()))
            .collect()
    }

    fn recipients(m: &Mail) -> Vec<String> {
        read_all(m)
            .entries
            .into_iter()
            .map(|e| e.recipient)
            .collect()
    }

    fn mail(body: &str) -> Mail {
        Mail {
            subject: "failure notice".into(),
            from: "mailer-daemon@mx.example.net".into(),
            to: vec!["sender@example.com".into()],
            prose: body.into(),
            ..Mail::default()
        }
    }

    const QMAIL_STYLE: &str = "Hi. This is the qmail-send program at mx.example.net.\n\
        I'm afraid I wasn't able to deliver your message to the following addresses.\n\
        This is a permanent error; I've given up. Sorry it didn't work out.\n\n\
        <neko@example.org>:\n192.0.2.1 does not like recipient.\n\
        Remote host said: 550 5.1.1 <neko@example.org>... User unknown\n\n\
        <tora@example.org>:\nRemote host said: 552 5.2.2 Mailbox full\n\n\
        --- Below this line is a copy of the message.\n\n\
        Return-Path: <sender@example.com>\nMessage-ID: <abc@example.com>\nTo: neko@example.org\n\nhello\n";

    #[test]
    fn one_entry_per_recipient_block() {
        let m = mail(QMAIL_STYLE);
        assert!(bounce(&m));
        let r = read_all(&m);
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.entries[0].recipient, "neko@example.org");
        assert_eq!(r.entries[0].status, "5.1.1");
        assert_eq!(r.entries[0].reply_code, "550");
        assert_eq!(r.entries[1].status, "5.2.2");
        assert_eq!(
            r.original.map(|o| o.message_id),
            Some("abc@example.com".to_owned())
        );
    }

    #[test]
    fn an_address_cut_by_a_line_break_is_the_originals_recipient() {
        // a report wrapped at a fixed width, the whole address in the returned original
        let m = mail(
            "Your message was not delivered to:\n\n  kim.longname@regional.exampl\ne.org\n\n\
             because:\n\n  User kim.longname@regional.exa\nmple.org not listed in Domino \
             Directory\n\n------- Returned message -------\n\n\
             To: kim.longname@regional.example.org\nMessage-ID: <abc@example.com>\n\nhello\n",
        );
        assert_eq!(recipients(&m), ["kim.longname@regional.example.org"]);
        // an address that merely begins another's is kept where no line break cuts it
        let m = mail(
            "Your message was not delivered to:\n\n  kim@example.co (unknown host)\n\n\
             ------- Returned message -------\n\nTo: kim@example.com\n\nhello\n",
        );
        assert_eq!(recipients(&m), ["kim@example.co"]);
    }

    #[test]
    fn a_queue_that_gave_up_on_part_of_the_recipients_is_a_bounce() {
        // MMDF: a message that "failed to be received by" its recipients, from a sender and
        // under a subject no other table knows
        let mut m = mail(
            "    After 5 days (120 hours), your message could not be\n    fully delivered.\n\n\
             \x20   It failed to be received by the following address(es):\n\n\
             \x20       neko@example.org (host: mx.example.org) (queue: smtp)\n",
        );
        m.from = "mmdf@relay.example.net".into();
        m.subject = "Failed mail  (msg.aa01234)".into();
        assert!(bounce(&m));
        assert_eq!(read_all(&m).entries[0].recipient, "neko@example.org");
    }

    #[test]
    fn sender_and_daemon_are_not_recipients() {
        let m = mail(
            "From: sender@example.com\nYour mail to postmaster@example.net could not be delivered.\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries.len(), 1);
        assert_eq!(r.entries[0].recipient, "");
    }

    #[test]
    fn a_short_reason_of_its_own_is_a_recipients_own() {
        // Exim (deliver.c) writes a router's short message under the address; beside a
        // recipient with a long transcript it is still this one's only words
        let m = mail(
            "The following address(es) failed:\n\n            \x20 ben@example.net\n            \x20   host mx.example.net [192.0.2.25]\n            \x20   SMTP error from remote mail server after RCPT TO:<ben@example.net>:\n            \x20   552 5.2.2 <ben@example.net>: Mailbox full\n            \x20 carla@example.invalid\n            \x20   Unrouteable address\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[1].recipient, "carla@example.invalid");
        assert_eq!(
            r.entries[1].diagnostic,
            "carla@example.invalid Unrouteable address"
        );
        assert_eq!(r.own_block, [true, true]);
    }

    #[test]
    fn a_message_id_is_no_recipient() {
        // RFC 5322 §3.6.4: a msg-id has an address's shape; an MTA's session log names the
        // message it sends by it
        let m = mail(
            "The attached message had PERMANENT fatal delivery errors!\n\n            14:02:55: *  To: neko@example.org\n            14:02:55: *  Message-ID: <abc-1@example.com>\n            14:02:56: <-- 550 5.1.1 <neko@example.org>: no such user\n",
        );
        let r = read_all(&m);
        let found: Vec<&str> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
        assert_eq!(found, ["neko@example.org"]);
        // a gateway's label spelt out
        let m = mail(
            "Your message was not delivered to one or more recipients.\n\
             \x20  Original message identifier:  <1997.AB12@example.com>\n\n\
             \x20  Recipient:    neko@example.org\n\
             \x20  Diagnostic:   Unrecognised O/R name (0)\n",
        );
        assert_eq!(recipients(&m), ["neko@example.org"]);
    }

    #[test]
    fn an_alias_expanded_to_the_recipient_is_not_another_recipient() {
        // Postfix bounce template: "<final> (expanded from <alias>): host ... said: ..."
        let m = mail(
            "I'm sorry to have to inform you that your message could not\n\
            be delivered to one or more recipients.\n\n\
            <real@example.net> (expanded from <alias@example.org>): host\n\
            \x20   mx.example.net[192.0.2.7] said: 550 5.1.1 <real@example.net>: Recipient\n\
            \x20   address rejected: User unknown in local recipient table\n",
        );
        assert_eq!(
            recipients_and_aliases(&m),
            [(
                "real@example.net".to_owned(),
                "alias@example.org".to_owned()
            )]
        );
        // Exim (deliver.c): the failed address, then "(generated from <alias>)"
        let m = mail(
            "A message that you sent could not be delivered to one or more of its\n\
            recipients. This is a permanent error. The following address(es) failed:\n\n\
            \x20 real@example.net\n\
            \x20   (generated from alias@example.org)\n\
            \x20   SMTP error from remote mail server after RCPT TO:<real@example.net>:\n\
            \x20   550 5.1.1 <real@example.net>: Recipient address rejected: User unknown\n",
        );
        assert_eq!(
            recipients_and_aliases(&m),
            [(
                "real@example.net".to_owned(),
                "alias@example.org".to_owned()
            )]
        );
        // Exim withholding the final address: the alias is all the report names
        let m = mail(
            "The following address(es) failed:\n\n  an undisclosed address\n    \
            (generated from alias@example.org)\n",
        );
        assert_eq!(read_all(&m).entries[0].addressee(), "alias@example.org");
    }

    #[test]
    fn subject_and_reply_code_make_a_report() {
        let mut m = mail("------ Failed Recipients ------\n<a@example.org>: mailbox unavailable. [SMTP Error Code 550]\n");
        m.from = "smtp_mail_service@example.net".into();
        m.subject = "Returned Mail - Error During Delivery".into();
        assert!(bounce(&m));
        assert_eq!(read_all(&m).entries[0].recipient, "a@example.org");
    }

    #[test]
    fn a_line_about_another_recipients_domain_ends_a_block() {
        let m = mail(
            "Could not be delivered:\n\na@one.example\n    550 5.1.1 user unknown\n\
            two.example: name server timeout\nb@two.example\n",
        );
        let r = read_all(&m);
        assert!(r.entries[0].diagnostic.contains("user unknown"));
        assert!(
            !r.entries[0].diagnostic.contains("timeout"),
            "{}",
            r.entries[0].diagnostic
        );
        // a domain inside a longer name is no mention of it
        let m = mail(
            "Could not be delivered:\n\na@one.example\n    550 5.1.1 user unknown\n\
            relayed via mx.two.example.net\nb@two.example\n",
        );
        assert!(read_all(&m).entries[0].diagnostic.contains("relayed via"));
    }

    #[test]
    fn one_line_of_many_addresses_is_read_within_bounds() {
        // a line past RFC 5322's length is read up to LINE_BYTES: later addresses are not
        let list: String = (0..400).map(|i| format!("u{i}@example.org ")).collect();
        let m = mail(&format!("Could not be delivered to:\n{list}\n"));
        let got = recipients(&m);
        assert!(list.len() > LINE_BYTES);
        assert!(!got.is_empty() && got.len() < 400, "{}", got.len());
        assert!(got.iter().all(|a| list[..LINE_BYTES].contains(a.as_str())));
        // no more than MAX_ENTRIES recipients, even where the last line names several
        let lines: String = (0..400)
            .map(|i| format!("u{i}@example.org u{i}@example.net u{i}@example.com\n"))
            .collect();
        let m = mail(&format!("Could not be delivered to:\n{lines}"));
        assert_eq!(recipients(&m).len(), super::super::MAX_ENTRIES);
    }

    #[test]
    fn exchanges_words_make_a_report_from_any_sender() {
        // Exchange 2003's report text, sent from an address no table knows
        for text in [
            "Your message did not reach some or all of the intended recipients.\n\n  a@example.org\n",
            "The following recipient(s) could not be reached:\n\n  a@example.org\n",
            "Your message wasn't delivered to a@example.org because the address couldn't be found.\n",
            // a filtering service's own words, over its table of recipients
            "The message below was not delivered because it violates the policy.\n a@example.org\n",
        ] {
            let mut m = mail(text);
            m.from = "notifications@mx.example.net".into();
            m.subject = "Notification".into();
            assert!(bounce(&m), "{text}");
        }
    }

    #[test]
    fn a_daemons_undeliverable_in_its_language_makes_a_report() {
        // Exchange's "Undeliverable:" in the sender's language, over words no table holds
        let mut m = mail("Il messaggio per a@example.it è tornato al mittente.\n");
        m.from = "postmaster@example.it".into();
        for subject in [
            "Non recapitabile: novembre",
            "No se puede entregar: noviembre",
            "Onbestelbaar: november",
            "配信不能: 11月",
            "Недоставленное сообщение",
            "Zustellung fehlgeschlagen",
            "Wiadomość niedostarczona",
            "Non distribué : novembre",
        ] {
            m.subject = subject.into();
            assert!(bounce(&m), "{subject}");
        }
        m.subject = "novembre".into();
        assert!(!bounce(&m));
    }

    #[test]
    fn a_daemons_text_with_a_standing_failure_status_makes_a_report() {
        // a translated qmail-send text under a subject no table knows: its "(#5.1.1)" is where
        // qmail writes a status (RFC 3463)
        let mut m = mail("Ne pare rău.\n\n<ana@example.ro>:\nNu există această căsuță. (#5.1.1)\n");
        (m.subject, m.from) = ("Notificare".into(), "mailer-daemon@mx.example.ro".into());
        assert!(bounce(&m));
        // a success status, or a number that is no status, does not make one
        m.prose = "Raport zilnic.\n2.0.0 totul în regulă\nversiunea 5.1.1-beta\n".into();
        assert!(!bounce(&m));
        // nor does a status in a person's message
        m.prose = "Ne pare rău.\n<ana@example.ro>: (#5.1.1)\n".into();
        m.from = "ana@example.org".into();
        assert!(!bounce(&m));
    }

    #[test]
    fn words_of_a_failed_delivery_from_anyone_must_name_it() {
        let mut m = mail("Your parcel could not be delivered. Pay the fee at https://x.example.\n");
        (m.subject, m.from) = (
            "Undelivered: parcel 4821".into(),
            "info@shop.example".into(),
        );
        assert!(!bounce(&m));
        m.prose = "Your message could not be delivered to ana@example.org.\n".into();
        assert!(bounce(&m));
        // or where the returned message's headers name the recipient
        m.prose = "Your message could not be delivered.\n".into();
        m.original = Some(Original::default());
        assert!(bounce(&m));
    }

    #[test]
    fn an_automatic_replys_subject_tells_what_it_answered() {
        // RFC 3834 §3.1.5: behind an automatic reply's prefix stands the original's subject
        let mut m = mail(
            "I am on leave until Monday.\nFor a parcel that could not be delivered, write to \
             logistics@example.org.\n",
        );
        (m.subject, m.from) = (
            "Automatic reply: Your parcel could not be delivered".into(),
            "nadia@example.org".into(),
        );
        assert!(!bounce(&m));
        // a report of an automatic reply is a report: its own prefix comes first
        m.subject = "Undeliverable: Automatic reply: Your parcel".into();
        m.prose = "Delivery has failed to these recipients: nadia@example.org\n".into();
        assert!(bounce(&m));
    }

    #[test]
    fn a_notice_from_the_null_sender_whose_subject_says_it_failed_is_a_report() {
        // RFC 5321 §4.5.5: non-delivery notices come from the null reverse-path; an ISP's own
        // words under such a subject make one, where it names an address
        let mut m = mail(
            "Your mail to ana@example.org was refused.\nThe server that handed it to us is \
             listed at bl.example.net.\n",
        );
        (m.subject, m.from) = ("Returned mail".into(), "mail-admin@example.org".into());
        let lower = m.prose.to_ascii_lowercase();
        assert!(is_bounce(&m, &lower, true));
        // not from another sender, nor without an address, nor under a reply's subject
        assert!(!is_bounce(&m, &lower, false));
        m.subject = "Re: Returned mail".into();
        assert!(!is_bounce(&m, &lower, true));
        m.subject = "Returned mail".into();
        m.prose = "Your mail was refused.\n".into();
        assert!(!is_bounce(&m, &m.prose.to_ascii_lowercase(), true));
        // RFC 3462 §2: a notice that returns the message names its recipient there
        m.subject = "Returned: message refused".into();
        m.original = Some(Original {
            to: vec!["ana@example.org".into()],
            ..Original::default()
        });
        assert!(is_bounce(&m, &m.prose.to_ascii_lowercase(), true));
        // a gateway's German "message blocked"
        let mut m = mail("Die Nachricht wurde blockiert.\n  Empfänger: ana@example.de\n");
        (m.subject, m.from) = (
            "Nachricht blockiert: Ihre Rechnung".into(),
            "gw-notify@example.de".into(),
        );
        assert!(is_bounce(&m, &m.prose.to_ascii_lowercase(), true));
        // a Japanese gateway's "reception refused" notice
        let mut m =
            mail("下記のメールはポリシーにより受け付けられません。\n  宛先 : ana@example.jp\n");
        (m.subject, m.from) = (
            "【受信拒否通知】メールを受信できませんでした".into(),
            "mailgate@example.jp".into(),
        );
        assert!(is_bounce(&m, &m.prose.to_lowercase(), true));
    }

    #[test]
    fn a_filtering_gateways_notice_that_it_deleted_the_message_is_a_report() {
        let mut m = mail(
            "A virus was found in a message you sent.\n\n  Recipient(s): kim@example.org\n\
             \n  Action: the message was deleted and was not delivered to the recipient.\n",
        );
        m.subject = "Virus found in your message".into();
        m.headers = vec![("From".into(), "postmaster@example.org".into())];
        assert!(bounce(&m));
        let found = read_all(&m);
        assert_eq!(found.entries[0].recipient, "kim@example.org");
        // Kaspersky's words for it in Russian
        m.prose = "Сообщение, отправленное вами, не доставлено получателю.\n\
                   Получатель: kim@example.org\n"
            .into();
        assert!(is_bounce(&m, &m.prose.to_lowercase(), false));
        // the ways gateways say they blocked or deleted it
        for text in [
            "MailMarshal has blocked the following message because it appears to be spam.\n\
             To: kim@example.org\n",
            "The message you sent to kim@example.org contained a security risk and was not \
             delivered.\n",
            "Recipient(s): kim@example.org\nAction taken: Deleted (message not delivered)\n",
        ] {
            m.prose = text.into();
            assert!(is_bounce(&m, &m.prose.to_lowercase(), false), "{text}");
        }
    }

    #[test]
    fn a_persons_reply_is_no_report_and_a_forwarded_report_is_one() {
        let person = |subject: &str, text: &str| {
            let mut m = mail(text);
            (m.subject, m.from) = (subject.into(), "thomas@example.org".into());
            m
        };
        // RFC 5322 §3.6.5: the words behind "Re:" are those of what was replied to
        let m = person(
            "Re: Undeliverable: Your order 40871",
            "You say my confirmation was undeliverable with 550 user unknown, \
             but my address works.\n",
        );
        assert!(!bounce(&m));
        // a list puts its tag before the reply's prefix
        let m = person(
            "[mail-users] Re: Undelivered Mail Returned to Sender with smtp 550",
            "> Final-Recipient: rfc822; a@example.org\n> Status: 5.1.1\n\nThat smtp 550 is the \
             remote server's.\n",
        );
        assert!(!bounce(&m));
        assert!(is_reply_subject("[users] re: x"));
        assert!(!is_reply_subject(
            "[spam] undelivered mail returned to sender"
        ));
        // a forward that tells of a failed delivery in its own words is a person's message
        let m = person(
            "WG: Your mailbox is full - action required",
            "Is this real?\n\nMessages will be returned to the sender as undeliverable.\n",
        );
        assert!(!bounce(&m));
        // a forwarded report is a report: its subject says what the forwarded message was
        let m = person(
            "Fwd: Returned mail: see transcript for details",
            "Begin forwarded message:\n\n> ----- The following addresses had permanent fatal \
             errors -----\n> <neko@example.org>\n>     (reason: 550 5.1.1 User unknown)\n",
        );
        assert!(bounce(&m));
    }

    #[test]
    fn an_automatic_reply_that_holds_the_message_is_no_report() {
        // RFC 3834 §5.2: a challenge-response system's "held, not delivered yet" is an
        // automatic reply; a daemon's report with the same header is still a report
        let mut m = mail(
            "I use a challenge/response system. Your message has NOT been delivered yet; \
             please confirm at https://cr.example.org/c.\n",
        );
        m.headers = vec![("Auto-Submitted".into(), "auto-replied".into())];
        (m.subject, m.from) = (
            "Please confirm your message".into(),
            "confirm@cr.example.org".into(),
        );
        assert!(!bounce(&m));
        m.from = "mailer-daemon@mx.example.net".into();
        m.prose = "Your message could not be delivered: 550 5.1.1 user unknown\n".into();
        assert!(bounce(&m));
    }

    #[test]
    fn undeliverable_in_more_languages() {
        for (subject, text) in [
            (
                "Messaggio non recapitato: offerte",
                "il messaggio non è stato recapitato",
            ),
            (
                "Messaggio non consegnato",
                "il messaggio non è stato consegnato perché supera la dimensione massima",
            ),
            ("Nedoručitelná zpráva", "Vaši zprávu se nepodařilo doručit"),
            (
                "İleti teslim edilemedi: indirim",
                "gönderdiğiniz ileti teslim edilemedi",
            ),
            (
                "Ihre Nachricht konnte nicht zugestellt werden",
                "Ihre Nachricht an a@example.org konnte leider nicht zugestellt werden",
            ),
            (
                "Votre message n'a pas pu être remis",
                "Votre message n'a pas pu être remis à a@example.org",
            ),
            (
                "Su mensaje no se pudo entregar",
                "Su mensaje no se pudo entregar a a@example.org",
            ),
            (
                "Mensaje no entregado: ofertas",
                "No ha sido posible entregar su mensaje a los siguientes destinatarios",
            ),
            (
                "Mensagem não entregue: ofertas",
                "Não foi possível entregar a sua mensagem",
            ),
            (
                "メール配送失敗のお知らせ",
                "以下の宛先へのメールの配送に失敗しました。",
            ),
            (
                "پیام تحویل داده نشد",
                "پیام شما به نشانی زیر تحویل داده نشد",
            ),
        ] {
            // the subject alone, from a daemon
            let mut m = mail("Merhaba\n");
            m.subject = subject.into();
            assert!(bounce(&m), "{subject}");
            // the text alone, from anyone, where it names the recipient
            let mut m = mail(&format!("{text}: a@example.org"));
            (m.subject, m.from) = ("11".into(), "ops@example.net".into());
            assert!(bounce(&m), "{text}");
        }
    }

    #[test]
    fn a_gateway_that_has_not_delivered_a_message_reports_it() {
        for text in [
            "El sistema de control de contenidos no ha entregado el siguiente mensaje:\n   Para: a@example.org\n",
            "O seu e-mail não foi entregue a a@example.org.\n",
            "The content gateway has not delivered the following message:\n   To: a@example.org\n",
            "MailMarshal (an automated content monitoring gateway) has stopped the following \
             message:\n   To: a@example.org\n",
            "Your message was rejected by our security policy: password-protected ZIP \
             attachments are not accepted.\n   To: a@example.org\n",
        ] {
            let mut m = mail(text);
            (m.subject, m.from) = ("11".into(), "ops@example.net".into());
            assert!(bounce(&m), "{text}");
        }
    }

    #[test]
    fn a_report_in_another_script_is_one() {
        // "the message could not be delivered" in Russian, at the start of a sentence: the
        // text is lowercased in every cased script before the phrases are sought
        for text in [
            "Сообщение не может быть доставлено следующему адресату:\n\n<a@example.ru>\n",
            "Не удалось доставить сообщение по адресу a@example.ru.\n",
            "次の宛先への配信に失敗しました。\n\na@example.jp\n",
            "メッセージは宛先 a@example.jp に配信されませんでした。\n",
            "メッセージは受信者 a@example.jp に配送されませんでした。\n",
            "このメッセージは受信者 a@example.jp に配信されていません。\n",
            "邮件无法投递到 a@example.cn\n",
            "很抱歉，您发送的邮件没有成功投递到以下收件人：\n\n    a@example.cn\n",
            "메일이 수신자 a@example.kr 에게 전달되지 않았습니다.\n",
            "발송하신 메일이 아래 수신자에게 전달되지 못했습니다.\n수신자 a@example.kr\n",
            "Wiadomość NIE została dostarczona odbiorcy a@example.pl.\n",
            // a filter's refusal notices: "the mail you sent was blocked by the recipient's spam
            // filter", "the mail below was refused by our security policy"
            "귀하께서 발송하신 메일이 수신 측 스팸차단 시스템에 의해 차단되었습니다.\n수신자 : a@example.kr\n",
            "下記のメールは、当社のセキュリティポリシーにより受信を拒否しました。\n宛先 : a@example.jp\n",
        ] {
            let mut m = mail(text);
            (m.subject, m.from) = ("11".into(), "ops@example.net".into());
            assert!(bounce(&m), "{text}");
        }
        // a Russian mail that says a message was delivered is none
        let mut m = mail("Сообщение удалось доставить, спасибо.\n");
        (m.subject, m.from) = ("11".into(), "ops@example.net".into());
        assert!(!bounce(&m));
    }

    #[test]
    fn a_daemons_subject_in_a_reports_words_makes_a_report() {
        // the text names the failure in words no table holds; the subject in a report's
        let mut m = mail(
            "Message delivery to 'a@example.org' failed for the following reason:\n\n\
            The remote mail server rejected the recipient: no such user\n",
        );
        m.from = "mailer-daemon@mx.example.net".into();
        m.subject = "Message delivery has failed: March newsletter".into();
        assert!(bounce(&m));
        // a subject that names a non-delivery or a bounce, over an SMTP reply
        let mut coded = mail("<a@example.org>: SMTP error 550 no such user\n");
        coded.from = "notifications@mx.example.net".into();
        for subject in ["Non-Delivery Report: hello", "Bounced mail: hello"] {
            coded.subject = subject.into();
            assert!(bounce(&coded), "{subject}");
        }
        // the same subject on a person's mail is no report by itself
        m.from = "neko@example.org".into();
        assert!(!bounce(&m));
        // MDaemon's own sender, its subject naming the unknown user
        let mut m = mail("a@example.org - no such user here.\n");
        m.from = "mdaemon@mail.example.org".into();
        m.subject = "Warning: a@example.org - User unknown!".into();
        assert!(bounce(&m));
    }

    #[test]
    fn a_daemons_notice_marked_automatic_is_still_a_report() {
        // RFC 3834 §5's Auto-Submitted: auto-replied rides on DSNs too (Courier's); Courier's
        // subject says what the message is
        let auto = |body: &str, subject: &str, from: &str| {
            let mut m = mail(body);
            m.headers = vec![("Auto-Submitted".into(), "auto-replied".into())];
            (m.subject, m.from) = (subject.into(), from.into());
            bounce(&m)
        };
        let courier = "Your message to the following recipients cannot be delivered:\n\n\
            <a@example.org>:\n>>> RCPT TO:<a@example.org>\n<<< 452 4.2.2 mailbox is full\n";
        assert!(auto(courier, "NOTICE: mail delivery status.", "@"));
        // RFC 3464 §2.3.3: a mail system's word that delivery is delayed is a report
        let delay = "THIS IS A WARNING MESSAGE ONLY.\n\
            Delivery of your message has been delayed. The gateway will retry.\n";
        let daemon = "mailer-daemon@gw.example.jp";
        assert!(auto(delay, "[DELAYED] hello", daemon));
        // the same words from a person's auto-reply are none
        let ooo = "I am away; replies will be delayed. I will continue to try to answer.\n";
        assert!(!auto(ooo, "Out of office", "kim@example.org"));
        // a machine's notice in a report's words is one where it names the failure's code
        let held = "Your message could not be delivered: it is held until you confirm.\n";
        assert!(!auto(held, "Mensagem retida", "nao-responder@example.pt"));
        let coded = format!("{held}Remote server said: 552 5.3.4 Message size exceeds limit\n");
        assert!(auto(&coded, "Mensagem retida", "nao-responder@example.pt"));
        // ... or names it permanent in words (RFC 3463 §3.1 class 5)
        let given_up = "I'm afraid I wasn't able to deliver your message to the following \
            addresses.\nThis is a permanent error; I've given up.\n\nRCPT TO: a@example.org\n";
        assert!(auto(given_up, "[BOUNCE] hello", "bounces@example.org"));
    }

    #[test]
    fn a_persons_reply_telling_of_a_bounce_is_no_report() {
        let text = "Hi, I wrote to support@example.com but it said \"550 5.1.1 user unknown\"\n\
            and the message could not be delivered. Can you check?\n";
        let mut m = mail(text);
        m.from = "neko@example.org".into();
        m.subject = "Re: your newsletter".into();
        assert!(!bounce(&m));
        // RFC 5322 §3.6.4: In-Reply-To names the message a person answers
        m.subject = "your newsletter".into();
        m.headers = vec![("In-Reply-To".into(), "<n1@example.com>".into())];
        assert!(!bounce(&m));
        // the same words from a mail daemon are a report
        m.from = "mailer-daemon@mx.example.net".into();
        assert!(bounce(&m));
    }

    #[test]
    fn an_out_of_office_reply_telling_of_a_bounce_is_no_report() {
        let mut m = mail(
            "I am away until Monday. Mail to my old address old@example.org\n\
            could not be delivered, user unknown; please use this one.\n",
        );
        m.from = "neko@example.org".into();
        m.subject = "Out of Office".into();
        assert!(!bounce(&m));
        // RFC 3834 §3.1.5: "Auto:" before the subject of the message answered
        m.subject = "Auto: March newsletter".into();
        assert!(!bounce(&m));
        // a report of an out-of-office reply's failure says so in its subject
        m.subject = "Undeliverable: Out of Office".into();
        assert!(bounce(&m));
    }

    #[test]
    fn a_lists_mailing_telling_of_late_deliveries_is_no_report() {
        let mut m = mail("Some orders could not be delivered on time last week; sorry.\n");
        m.from = "news@shop.example".into();
        m.subject = "This week's offers".into();
        // RFC 2369: List-Unsubscribe marks a list's mailing
        m.headers = vec![("List-Unsubscribe".into(), "<mailto:u@shop.example>".into())];
        assert!(!bounce(&m));
    }

    #[test]
    fn a_person_writing_numbers_is_no_report() {
        let mut m = mail("We had 550 applicants this year; yours was not selected.\n");
        m.from = "hr@example.net".into();
        m.subject = "Your application was rejected".into();
        assert!(!bounce(&m));
    }

    #[test]
    fn warnings_are_delays() {
        // Postfix's delay template: "THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND"
        let m = mail("This is just a warning, you do not need to take any action.\n<a@example.org>: connection timed out, still trying\n");
        let r = read_all(&m);
        assert_eq!(r.entries[0].action, Action::Delayed);
        // Postfix's delay template without its banner; Sendmail's warning
        for text in [
            "Your message could not be delivered for more than 4 hour(s).\n\
             It will be retried until it is 5 day(s) old.\n\n<a@example.org>: connection timed out\n",
            "<a@example.org>... Deferred: Connection timed out\n\
             Will keep trying until message is 5 days old\n",
            // Exim's warning names each address's delay reason, in any template language
            "Een bericht is nog niet afgeleverd:\n\n  a@example.org\n    Delay reason: \
             SMTP error from remote mail server after RCPT TO:<a@example.org>: 451 4.3.2 later\n",
            // MDaemon's warning
            "The message has had TEMPORARY delivery errors to <a@example.org>.\n\
             This message is a warning only.\n",
            "Delivery to <a@example.org> failed: connection timed out.\n\
             The message has been placed in the retry queue and delivery will be attempted again.\n",
            // the same, wrapped at a fixed width inside the phrase
            "Delivery to <a@example.org> failed: connection timed out.\n\
             The message has been placed in the retry queue and delivery will be\n\
             attempted again according to local configuration parameters.\n",
            "Delivery to <a@example.org> failed for now. We will continue to attempt delivery \
             for up to 5 days.\n",
        ] {
            assert_eq!(read_all(&mail(text)).entries[0].action, Action::Delayed, "{text}");
        }
        // MDaemon's permanent failure says its errors are final, then that resending is no use
        let m = mail(
            "The attached message had PERMANENT fatal delivery errors!\n\n\
             YOU DO NOT NEED TO RESEND YOUR MESSAGE.  THE SERVER HAS REMOVED IT FROM ITS QUEUE.\n\n\
             The following addresses did not receive the attached message:\n\n  a@example.org\n",
        );
        assert_eq!(read_all(&m).entries[0].action, Action::Failed);
        let m = mail("Delivery to <a@example.org> failed: user unknown.\nDelivery will not be attempted again.\n");
        assert_eq!(read_all(&m).entries[0].action, Action::Failed);
        let m = mail("Delivery to <a@example.org> failed: user unknown.\nDelivery will not be\nattempted again.\n");
        assert_eq!(read_all(&m).entries[0].action, Action::Failed);
        // Exchange's delay notice: a report by its subject, a delay by its words
        let mut m = mail(
            "Delivery is delayed to these recipients or distribution lists:\n\n\
            a@example.org\n\nThis message hasn't been delivered yet.\n",
        );
        m.from = "postmaster@example.net".into();
        m.subject = "Delivery delayed:March newsletter".into();
        assert!(bounce(&m));
        assert_eq!(read_all(&m).entries[0].action, Action::Delayed);
    }

    #[test]
    fn helpdesk_and_link_addresses_are_no_recipients() {
        let m = mail("If you need help, write to helpdesk@example.net or abuse@example.net.\n\n\
            Your message to jdoe@example.org could not be delivered.\n\
            Reason: 550 5.1.1 user unknown. See https://help.example.net/?email=a@help.example.net\n");
        let r = read_all(&m);
        let found: Vec<_> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
        assert_eq!(found, ["jdoe@example.org"]);
        assert!(r.entries[0].diagnostic.contains("user unknown"));
    }

    #[test]
    fn a_list_owner_to_forward_to_is_no_recipient() {
        // ezmlm-idx's subscribers-only refusal, as qmail-send returns it
        let m = mail(
            "Hi. This is the qmail-send program at ml.example.net.\n\
             I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
             <talk@ml.example.net>:\nSorry, only subscribers may post. If you are a subscriber, \
             please forward this message to talk-owner@ml.example.net to get your new address \
             included (#5.7.2)\n",
        );
        assert_eq!(recipients(&m), ["talk@ml.example.net"]);
    }

    #[test]
    fn a_localized_contact_is_no_recipient() {
        // a gateway's German notice names the recipient, then whom to ask
        let m = mail(
            "Die unten aufgeführte Nachricht wurde nicht zugestellt.\n\n\
             Empfänger / Rcpt: s.b@corp.example.de\n\n\
             Bitte wenden Sie sich bei Fragen an it-support@corp.example.de.\n",
        );
        assert_eq!(recipients(&m), ["s.b@corp.example.de"]);
    }

    #[test]
    fn a_helpdesk_phrase_in_a_later_clause_leaves_the_recipient() {
        for line in [
            "<jdoe@example.org>: host mx.example.org[192.0.2.7] said: 550 5.1.1 No such user. \
             For more information, go to https://help.example.org/nouser (in reply to RCPT TO \
             command)",
            "550 <jdoe@example.org> unknown user, please contact your administrator",
            "jdoe@example.org: 550 mailbox unavailable; for assistance email help@example.net",
            // a later sentence: the report's own pointer to its details
            "Your message to jdoe@example.org has been blocked. See technical details below for \
             more information.",
            "The following recipient could not be reached: jdoe@example.org. Please contact us at \
             help@example.net for further assistance.",
            "Could not deliver to jdoe@example.org (user unknown). Need help? Visit our site.",
        ] {
            let m = mail(&format!("This is the mail system.\n\n{line}\n"));
            assert_eq!(recipients(&m), ["jdoe@example.org"], "{line}");
        }
        for line in [
            "Please contact help@example.net for more information",
            "Email help@example.net for more information",
            "If you need help, write to help@example.net or abuse@example.net.",
            "Questions? help@example.net. For more information see our site.",
            "If you need help, send a message to help@example.net. For more information, see our site.",
        ] {
            let m = mail(&format!(
                "Your message to jdoe@example.org could not be delivered.\n\
                 Reason: 550 5.1.1 user unknown\n{line}\n"
            ));
            assert_eq!(recipients(&m), ["jdoe@example.org"], "{line}");
        }
    }

    #[test]
    fn signatures_footers_and_copies_name_no_recipient() {
        for tail in [
            "\n--\nThe Example Mail Team <team@example.net>\n",
            "\n-- \nteam@example.net\n",
            "\nScanned for you. For more information email info@security.example.com\n",
            "\nOriginal message:\nTo: jdoe@example.org\nCc: amy@example.org\n",
        ] {
            let m = mail(&format!(
                "Your message to jdoe@example.org could not be delivered.\n\
                 Reason: 550 5.1.1 user unknown\n{tail}"
            ));
            let r = read_all(&m);
            let found: Vec<_> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
            assert_eq!(found, ["jdoe@example.org"], "{tail}");
        }
    }

    #[test]
    fn the_originals_subject_recapped_in_the_report_is_no_diagnostic() {
        // Domino and Exchange recap the message ("Your message / Subject: ...") before the
        // recipients; its subject is the sender's words
        let m = mail(
            "Your message\n\n  Subject: Is your account invalid? Update it\n\n\
             was not delivered to:\n\n  jdoe@example.org\n",
        );
        let diagnostic = &read_all(&m).entries[0].diagnostic;
        assert!(!diagnostic.contains("invalid"), "{diagnostic}");
        assert!(diagnostic.contains("was not delivered to"), "{diagnostic}");
        // ... also inside a recipient's block
        let m = mail(
            "Delivery failed for:\n\njdoe@example.org\n  Subject: The user is unknown to us\n  \
             Reason: delivery was aborted after the retries we were allowed, see the log\n",
        );
        let diagnostic = &read_all(&m).entries[0].diagnostic;
        assert!(!diagnostic.contains("unknown"), "{diagnostic}");
        assert!(
            diagnostic.contains("Reason: delivery was aborted"),
            "{diagnostic}"
        );
    }

    #[test]
    fn an_original_after_the_report_without_a_marker_is_no_part_of_it() {
        // RFC 3676 §4.5: "> " lines are another message's; its quoted header fields start it
        let m = mail(
            "Your message could not be delivered to the following recipient:\n\n    \
             jdoe@example.org\n\nDelivery failed after several attempts.\n\n\
             > From: sender@example.com\n> To: jdoe@example.org\n>\n\
             > Our records say the user is unknown.\n",
        );
        let r = read_all(&m);
        let end = words_end(&m);
        assert_eq!(&m.prose[end..end + 8], "> From: ");
        assert_eq!(
            r.entries[0].diagnostic,
            "jdoe@example.org Delivery failed after several attempts."
        );
        // appended unquoted and unannounced, it starts at a field only an original carries
        let m = mail(
            "Your message could not be delivered to jdoe@example.org.\n\n\
             Return-Path: <sender@example.com>\nTo: list@example.net\n\n\
             Our records say the user is unknown.\n",
        );
        let end = words_end(&m);
        assert_eq!(&m.prose[end..end + 12], "Return-Path:");
        // a gateway's summary line "Received: <date>" is no trace field (RFC 5322 §3.6.7)
        let m = mail(
            "A threat was found in a message you sent to jdoe@example.org.\n\n\
             Received:  Mon, 09 Dec 2024 08:15:04 -0500\nReceived: 09/12/2024 08:15\n\
             Detected:  X97M/Downloader (Trojan)\n\n\
             Received: from a.example.com by b.example.org;\n\tMon, 09 Dec 2024\n",
        );
        let end = words_end(&m);
        assert_eq!(&m.prose[end..end + 15], "Received: from ");
        // a report forwarded whole is quoted under words that name no address: it is read
        let m = mail(
            "Begin forwarded message:\n\n> From: Mail Delivery Subsystem <MAILER-DAEMON>\n\
             > Subject: Returned mail\n>\n> <jdoe@example.org>\n\
             >     (reason: 550 5.1.1 <jdoe@example.org>... User unknown)\n>\n\
             > From: sender@example.com\n> To: jdoe@example.org\n>\n\
             > Our records say the account does not exist.\n",
        );
        let r = read_all(&m);
        assert_eq!(words_end(&m), m.prose.len());
        // the recipient's block ends where the original it quotes starts
        let diagnostic = &r.entries[0].diagnostic;
        assert!(diagnostic.contains("User unknown"), "{diagnostic}");
        assert!(!diagnostic.contains("does not exist"), "{diagnostic}");
    }

    #[test]
    fn an_address_in_a_servers_reply_is_no_second_recipient() {
        let m = mail("Delivery to the following recipient failed permanently:\n\n     a@example.org\n\n\
            Technical details of permanent failure:\n\
            550 5.7.1 Your message was blocked by our DNSBL. To be delisted, write to dz@list.example\n");
        let r = read_all(&m);
        let found: Vec<_> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
        assert_eq!(found, ["a@example.org"]);
        assert_eq!(r.entries[0].status, "5.7.1");
        // one of the recipient's domain may be the failing mailbox itself
        let m = mail(
            "Sorry, unable to deliver your message to usery@example.org:\n\n\
            552 Quota violation for userx@example.org\n",
        );
        assert_eq!(recipients(&m), ["usery@example.org", "userx@example.org"]);
        // an address right after the code is the one the reply is about
        let m = mail(
            "<a@example.org>: 550 5.1.1 user unknown\n554 <b@example.org>... 550 Host unknown\n",
        );
        assert_eq!(recipients(&m), ["a@example.org", "b@example.org"]);
        // RFC 5321 §3.4: the forward-path a 551 names is the person's new address
        let m = mail(
            "<jdoe@example.org>:\nRemote host said: 551 User not local; please try <jdoe@example.net>\n",
        );
        assert_eq!(recipients(&m), ["jdoe@example.org"]);
        // so is the address a moved person "can now be reached at"
        let m = mail(
            "The address jdoe@example.org is no longer in use.\nJane can now be reached at \
             jane@example.net.\n",
        );
        assert_eq!(recipients(&m), ["jdoe@example.org"]);
        // Postfix's and Sendmail's refusals of the sender name the sender right after the code
        let m = mail(
            "<jdoe@example.org>:\nRemote host said: 553 <s@bounce.example>: Sender address \
            rejected: Domain not found\n\
            550 <s@bounce.example>... Domain of sender address bounce.example does not exist\n",
        );
        assert_eq!(recipients(&m), ["jdoe@example.org"]);
    }

    #[test]
    fn a_status_is_the_one_of_the_reply_reported() {
        // RFC 2034 §4: a status's class is its reply code's; the 5.1.1 of a quoted reply is not
        // the 450's
        let m = mail(
            "<jdoe@example.org>:\nRemote host said: 450 <s@bounce.example>: Sender address \
            rejected: undeliverable address: host mx.bounce.example said: 550 5.1.1 <s@bounce.\
            example>: Recipient address rejected: User unknown\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries.len(), 1);
        assert_eq!(
            (
                r.entries[0].reply_code.as_str(),
                r.entries[0].status.as_str()
            ),
            ("450", "")
        );
        let m = mail("<jdoe@example.org>:\nRemote host said: 550 5.1.1 user unknown\n");
        assert_eq!(read_all(&m).entries[0].status, "5.1.1");
    }

    #[test]
    fn a_message_to_someone_from_someone_names_one_recipient() {
        let m = mail(
            "Your message sent to <jdoe@example.org> from <news@sender.example> on Monday\n\
            could not be delivered: 550 No such user\n",
        );
        let r = read_all(&m);
        let found: Vec<_> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
        assert_eq!(found, ["jdoe@example.org"]);
        // "from" alone says nothing of whose address follows
        let m = mail("Delivery failed from jdoe@example.org: 550 No such user\n");
        assert_eq!(read_all(&m).entries[0].recipient, "jdoe@example.org");
    }

    #[test]
    fn quoted_addresses_lose_their_quotes() {
        let m =
            mail("The following message, addressed to 'a@example.org', could not be delivered.\n");
        assert_eq!(read_all(&m).entries[0].recipient, "a@example.org");
    }

    #[test]
    fn recipient_line_with_its_diagnostic_is_one_paragraph() {
        // OpenSMTPD (bounce.c): "addr: reply", a blank line, then the report's own text
        let m = mail("An error has occurred while attempting to deliver a message for\n\
            the following list of recipients:\n\n\
            neko@example.org: 550 5.1.1 <neko@example.org>: Recipient address rejected: User unknown\n\n\
            Below is a copy of the original message:\n");
        let r = read_all(&m);
        assert_eq!(
            r.entries[0].diagnostic,
            "550 5.1.1 <neko@example.org>: Recipient address rejected: User unknown"
        );
        assert_eq!(diagnostic_after("<a@b.example>:", "a@b.example"), None);
        assert_eq!(
            diagnostic_after("<a@b.example>: 550 x", "a@b.example"),
            Some("550 x")
        );
    }

    #[test]
    fn copy_markers_end_the_report() {
        for text in [
            "x\n    Below is a copy of the original message:\n\nTo: a@example.org\n",
            "x\nHere is a copy of the first part of the message, including\nTo: a@example.org\n",
            "x\n-- The header and top 20 lines of the message follows --\nTo: a@example.org\n",
        ] {
            assert_eq!(original_split(&text.to_ascii_lowercase()).0, 2, "{text}");
        }
    }

    #[test]
    fn every_original_marker_names_the_message() {
        // earliest_original_marker looks for markers around "message" only
        for marker in ORIGINAL_MARKERS {
            assert!(marker.contains("message"), "{marker}");
        }
    }

    #[test]
    fn a_marker_after_other_mentions_of_the_message_is_found() {
        let mention = "your message could not be delivered. ".repeat(20);
        let text = format!("{mention}\n------ this is a copy of the message, including\n");
        assert_eq!(earliest_original_marker(&text), text.find("------"));
        assert_eq!(earliest_original_marker(&mention), None);
        // a marker at the very start, and one after a multi-byte character
        assert_eq!(
            earliest_original_marker("original message follows"),
            Some(0)
        );
        let after = "é".repeat(60) + "original message follows";
        assert_eq!(earliest_original_marker(&after), Some(120));
    }

    #[test]
    fn a_helpdesks_own_mailbox_can_fail() {
        // Domino's plain notice about a mailbox named like a helpdesk
        let m = mail(
            "Your message\n\n  Subject: specials\n\nwas not delivered to:\n\n  \
            helpdesk@example.org\n\nbecause:\n\n  Maximum hop count exceeded.\n",
        );
        assert_eq!(recipients(&m), ["helpdesk@example.org"]);
        // while a helpdesk named as the contact is none
        let m = mail(
            "Your message could not be delivered to a@example.org: 550 5.1.1 user unknown\n\
            IT helpdesk: support@example.org\n",
        );
        assert_eq!(recipients(&m), ["a@example.org"]);
        for contact in [
            "please ask our IT Service Desk (it@example.org) to release it",
            "Questions: itservicedesk@example.org",
        ] {
            let m = mail(&format!(
                "Your message to a@example.org was blocked: 550 5.7.1 policy\n{contact}\n"
            ));
            assert_eq!(recipients(&m), ["a@example.org"], "{contact}");
        }
    }

    #[test]
    fn a_recipient_delivered_to_did_not_fail() {
        let m = mail(
            "Your message could not be delivered to one or more recipients.\n\n\
            The message was delivered to: ok@example.org\n\n\
            The following recipient(s) could not be reached:\n\n   a@example.org\n\
            Error: 550 5.1.1 User unknown\n",
        );
        assert_eq!(recipients(&m), ["a@example.org"]);
    }

    #[test]
    fn the_reader_is_not_a_recipient() {
        let m = mail("Sorry sender@example.net. Your mail to the following recipients could not be delivered:\n  a@example.org\n");
        let got = recipients(&m);
        assert_eq!(got, ["a@example.org"]);
        let m = mail("Your mail could not be delivered because they are not accepting mail from list@example.net:\n");
        assert_eq!(read_all(&m).entries[0].recipient, "");
        let m = mail("The message from news@example.net to a@example.org could not be delivered:\n550 5.1.1 user unknown\n");
        let got = recipients(&m);
        assert_eq!(got, ["a@example.org"]);
        // The report's reader named as the author: the original's addressee is the recipient.
        let m = mail(
            "The message sent by sender@example.com could not be delivered.\n\
            550 5.1.1 User unknown\n\n--- Below this line is a copy of the message.\n\n\
            From: sender@example.com\nTo: jdoe@example.org\nSubject: hi\n\nhello\n",
        );
        assert_eq!(recipients(&m), ["jdoe@example.org"]);
        // the reporting system's postmaster, named as the contact, is no recipient either
        let mut m = mail(
            "The following message could not be delivered.\n\
            If you require assistance, please contact the postmaster at this\n\
            site: postmaster@mail.example.org\n\n\
            *** ERROR: 'jdoe' is not a known user on this system.\n\n\
            --- Below this line is a copy of the message.\n\n\
            From: sender@example.com\nTo: jdoe@mail.example.org\nSubject: hi\n\nhello\n",
        );
        m.from = "postmaster@mail.example.org".into();
        assert_eq!(recipients(&m), ["jdoe@mail.example.org"]);
    }

    #[test]
    fn the_reports_addressee_is_its_recipient_only_where_listed_or_sent_to() {
        // RFC 3464 §2: a report goes to the sender. Its addressee named in a sentence is the
        // sender's mailbox talked about ("your mailbox is full"), not a failed recipient...
        let m = mail("Your mailbox sender@example.com is now 92% full.\nMailbox full\n");
        assert_eq!(recipients(&m), [""]);
        // ...but it is one where a line lists it as a report lists failed addresses (a
        // message to oneself), or where the returned original went to it.
        let m = mail("Delivery failed to:\n\n<sender@example.com>:\n552 mailbox full\n");
        assert_eq!(recipients(&m), ["sender@example.com"]);
        let m = mail(
            "Your message to sender@example.com could not be delivered: mailbox full\n\n\
            --- Below this line is a copy of the message.\n\n\
            From: sender@example.com\nTo: sender@example.com\nSubject: test\n\nhello\n",
        );
        assert_eq!(recipients(&m), ["sender@example.com"]);
    }

    #[test]
    fn local_parts_listed_by_the_mail_system_are_at_its_domain() {
        // AOL lists screen names under its heading; the report comes from its mailer-daemon
        let mut m = mail(
            "Your mail to the following recipients could not be delivered because they \
            are not accepting mail from list@example.net:\n\tneko\n\ttora.cat\n\nThanks.\n",
        );
        m.from = "MAILER-DAEMON@Example.ORG".into();
        let got = recipients(&m);
        assert_eq!(got, ["neko@example.org", "tora.cat@example.org"]);
        // not from the mail system's own account, or not one bare name a line: no guess
        m.from = "neko@example.org".into();
        assert_eq!(read_all(&m).entries[0].recipient, "");
        let mut m = mail("Delivery failed for these recipients:\n  please contact us\n");
        m.from = "postmaster@example.org".into();
        assert_eq!(read_all(&m).entries[0].recipient, "");
    }

    #[test]
    fn a_transcript_command_before_the_recipient_is_its_stage() {
        // Sendmail: the sender was refused at MAIL, so RCPT was never sent; the recipient's own
        // line comes after the dialogue
        let m = mail(
            "   ----- Transcript of session follows -----\n\
            ... while talking to mx.example.org.:\n\
            >>> MAIL From:<sender@example.com>\n\
            <<< 553 5.1.8 <sender@example.com>... Domain of sender address does not exist\n\
            554 5.0.0 <neko@example.org>... Service unavailable\n\
            ... while talking to mx.example.net.:\n\
            >>> DATA\n\
            <<< 554 5.7.1 Rejected\n\
            554 5.0.0 <tora@example.com>... Service unavailable\n",
        );
        let r = read_all(&m);
        assert!(
            r.entries[0].diagnostic.starts_with(">>> MAIL From:"),
            "{}",
            r.entries[0].diagnostic
        );
        // a dialogue with another domain's host is not this recipient's
        assert!(
            r.entries[1]
                .diagnostic
                .starts_with("554 5.0.0 <tora@example.com>"),
            "{}",
            r.entries[1].diagnostic
        );
        assert_eq!(
            talking_to("... while talking to MX.example.org.:").as_deref(),
            Some("mx.example.org")
        );
    }

    #[test]
    fn a_forwarded_reports_own_addressee_failed_nothing() {
        // a shop forwards the NDR it got back: the NDR's To is the shop, its recipient is named
        // in its text
        let mut m = mail(
            "Please clean her out.\n\nFrom: Microsoft Outlook <postmaster@shop.example>\n\
             Sent: Wednesday, March 13, 2024 4:02 PM\nTo: info@shop.example\n\
             Subject: Undeliverable: RE: Question\n\n\
             Your message to ana@example.org couldn't be delivered.\n\
             Status code: 550 5.1.10\n",
        );
        (m.subject, m.from) = ("FW: Undeliverable".into(), "tom@shop.example".into());
        assert_eq!(recipients(&m), ["ana@example.org"]);
    }

    #[test]
    fn a_message_listed_with_its_sender_names_no_recipient() {
        // a notice listing messages by subject and sender (a phishing lure dressed as one, or a
        // quarantine digest): the senders failed nothing
        let m = mail(
            "Mail server failed to deliver (2) incoming messages.\n\n\
             - \"Invoice 88231\" (from neko@example.org)\n\
             - \"Shared document\" (from tora@example.org)\n",
        );
        assert_eq!(recipients(&m), [""]);
    }

    #[test]
    fn a_recap_line_naming_several_recipients_starts_no_ones_block() {
        // a transcript recaps the message's recipients on one line, then asks for each; each
        // recipient's reply is the one under its own RCPT
        let m = mail(
            "The attached message had PERMANENT fatal delivery errors!\n\n\
            --- Session Transcript ---\n\
             *  To: neko@example.org, tora@example.org\n\
             --> RCPT To:<neko@example.org>\n\
             <-- 550 5.1.1 No such user here\n\
             --> RCPT To:<tora@example.org>\n\
             <-- 552 5.2.2 Mailbox size limit exceeded\n\
             --> QUIT\n",
        );
        assert_eq!(
            statuses(&read_all(&m)),
            [("neko@example.org", "5.1.1"), ("tora@example.org", "5.2.2")]
        );
        // a line naming them together, with no line naming either alone, stays their line
        let m = mail("550 5.1.1 Unknown users: neko@example.org, tora@example.org\n");
        assert_eq!(recipients(&m), ["neko@example.org", "tora@example.org"]);
    }

    #[test]
    fn an_alias_the_address_was_expanded_from_is_its_original_recipient() {
        // Sendmail's errbody: the alias under the failed address, not another failure
        let m = mail(
            "   ----- The following addresses had permanent fatal errors -----\n\
            neko@example.com\n    (reason: 550 5.1.1 User unknown)\n\
            \x20   (expanded from: <Neko@Example.net>)\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries.len(), 1);
        let e = &r.entries[0];
        assert_eq!(
            (e.recipient.as_str(), e.original_recipient.as_str()),
            ("neko@example.com", "neko@example.net")
        );
    }

    #[test]
    fn the_originals_envelope_recipient_before_its_to() {
        // RFC 5321 §4.4: a Received field's FOR clause names the envelope recipient; the To of a
        // list message names the list
        let m = mail(
            "Your message could not be delivered: no such user.\n\n\
            ------ Original message ------\n\
            Received: from mta.example.com by mx.example.org with ESMTP id 1\n\
            \tfor <neko@example.org>; Mon, 2 Feb 2026 10:00:00 +0000\n\
            From: news@example.com\nTo: list@example.com\nSubject: hi\n\nhello\n",
        );
        let got = recipients(&m);
        assert_eq!(got, ["neko@example.org"]);
    }

    #[test]
    fn of_several_to_addresses_none_is_guessed() {
        // A domain's MX reports on its own recipients only: where the report names no address,
        // an original addressed to two people does not say which one failed.
        let report = |to: &str| {
            mail(&format!(
                "Your message could not be delivered.\n\n550 5.1.1 User unknown\n\n\
                --- Below this line is a copy of the message.\n\n\
                From: sender@example.com\nTo: {to}\nSubject: hi\n\nhello\n"
            ))
        };
        assert_eq!(
            recipients(&report("neko@example.org")),
            ["neko@example.org"]
        );
        assert_eq!(
            recipients(&report("neko@example.org, tora@example.net")),
            [""]
        );
    }

    #[test]
    fn the_reports_own_x_original_to_is_not_its_recipient() {
        // Postfix's local delivery records the envelope recipient of the message it delivers:
        // on a bounce that is the return path it was sent to, never the failed recipient.
        let mut m = mail("Your message could not be delivered.\n\n550 5.1.1 User unknown\n");
        m.headers
            .push(("X-Original-To".into(), "bounces@example.com".into()));
        assert_eq!(recipients(&m), [""]);
    }

    #[test]
    fn exchanges_relay_notice_is_no_bounce() {
        // Exchange's notice for RFC 3464 Action: relayed, in text: delivery went on, nothing failed
        let m = Mail {
            subject: "Relayed: hello".into(),
            from: "postmaster@example.net".into(),
            prose: "Delivery to these recipients or groups is complete, but no delivery \
                notification was sent by the destination server:\n\njdoe@example.org\n"
                .into(),
            ..Mail::default()
        };
        assert!(!bounce(&m));
    }

    #[test]
    fn a_notice_of_delivery_is_no_failure() {
        // RFC 3464 §2.3.3 relayed, in Exchange's words
        let m = mail(
            "This is an automatically generated Delivery Status Notification.\n\n\
            Your message has been successfully relayed to the following recipients, but the \
            requested delivery status notifications may not be generated by the destination.\n\n\
            \tjdoe@example.org\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[0].recipient, "jdoe@example.org");
        assert_eq!(r.entries[0].action, Action::Delivered);
        // A report of one success and one failure is a failure report.
        let m = mail(
            "Your message was successfully delivered to amy@example.net.\n\n\
            jdoe@example.org: 550 5.1.1 User unknown\n",
        );
        let r = read_all(&m);
        let jdoe = r.entries.iter().find(|e| e.recipient == "jdoe@example.org");
        assert_eq!(jdoe.map(|e| e.action), Some(Action::Failed));
        // A delivery to all other recipients is none of those the report names.
        let m = mail(
            "Your message\n\n  Subject: News\n\nwas not delivered to:\n\n  jdoe@example.org\n\n\
            because:\n\n  Recipient name not unique.  Several matches found in Domino Directory.\n\n\
            Unless you receive other Delivery Failure Reports, the document was successfully \
            delivered to all other recipients.\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[0].recipient, "jdoe@example.org");
        assert_eq!(r.entries[0].action, Action::Failed);
    }

    #[test]
    fn a_cause_in_parentheses_after_the_address_is_that_recipients_own() {
        // GroupWise: one line per failed address, each with its cause in parentheses
        let m = mail(
            "The message that you sent was undeliverable to the following:\n\
            \tneko@example.org (mailbox full)\n\
            \ttora@example.com (user not found)\n\n\
            Possible causes:\n\tThe e-mail address was not typed correctly.\n",
        );
        let r = read_all(&m);
        let got: Vec<_> = r
            .entries
            .iter()
            .map(|e| (e.recipient.as_str(), e.diagnostic.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("neko@example.org", "mailbox full"),
                ("tora@example.com", "user not found")
            ]
        );
        // a mode or an address in parentheses tells no failure
        assert_eq!(
            said_in_parentheses("a@b.example (Mode: normal)", "a@b.example"),
            None
        );
        assert_eq!(
            said_in_parentheses("a@b.example (ORCPT c@d.example)", "a@b.example"),
            None
        );
        assert_eq!(
            said_in_parentheses(
                "Unable to deliver to <a@b.example> (and others)",
                "a@b.example"
            ),
            None
        );
    }

    #[test]
    fn a_list_of_failed_addresses_tells_the_failure_where_a_later_line_names_it() {
        // Sendmail: the failed addresses first, each one's answer in the transcript below
        let m = mail(
            "   ----- The following addresses had permanent fatal errors -----\n\
            <neko@example.org>\n<tora@example.com>\n\n\
            \x20  ----- Transcript of session follows -----\n\
            ... while talking to mx.example.org.:\n\
            >>> RCPT To:<neko@example.org>\n\
            <<< 550 5.1.1 <neko@example.org>... User unknown\n\
            550 5.1.1 <neko@example.org>... User unknown\n\
            ... while talking to mx.example.com.:\n\
            >>> DATA\n\
            <<< 554 5.7.1 Message rejected as spam\n\
            554 5.7.1 <tora@example.com>... Service unavailable\n",
        );
        let r = read_all(&m);
        assert_eq!(
            statuses(&r),
            [("neko@example.org", "5.1.1"), ("tora@example.com", "5.7.1")]
        );
        assert!(
            r.entries[1].diagnostic.contains("rejected as spam"),
            "{}",
            r.entries[1].diagnostic
        );
        assert!(
            !r.entries[0].diagnostic.contains("spam"),
            "{}",
            r.entries[0].diagnostic
        );
    }

    #[test]
    fn a_recipient_without_a_code_does_not_take_another_recipients() {
        let m = mail(
            "Delivery failed for these recipients:\n\
            <neko@example.org>: 550 5.1.1 no such user here in this system today\n\n\
            <tora@example.com>: the connection was lost while talking to its mail server\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[0].status, "5.1.1");
        assert_eq!(
            (
                r.entries[1].status.as_str(),
                r.entries[1].reply_code.as_str()
            ),
            ("", ""),
            "neko's code is neko's: a lost connection is no unknown user"
        );
        // a status above every recipient's block speaks for all
        let m = mail(
            "Status: 5.1.1\n\nDelivery failed for these recipients:\n\
            <neko@example.org>: no such user here in this system today\n\n\
            <tora@example.com>: no such user here in this system either\n",
        );
        let r = read_all(&m);
        assert_eq!(
            (r.entries[0].status.as_str(), r.entries[1].status.as_str()),
            ("5.1.1", "5.1.1")
        );
        let m = mail(
            "Delivery failed for these recipients:\n\
            <neko@example.org>: 550 5.1.1 no such user here in this system today\n\n\
            <kuro@example.net>: 552 5.2.2 the mailbox of this user is over its quota\n\n\
            <tora@example.com>: the connection was lost while talking to its mail server\n",
        );
        assert_eq!(read_all(&m).entries[2].status, "", "whose would it be?");
    }

    #[test]
    fn a_phrase_broken_across_lines_is_still_read() {
        let mut m = mail(
            "The email you sent to neko@example.org has been BLOCKED and was not\n\
            delivered, because it breached the data protection policy.\n",
        );
        m.from = "no-reply@example.org".into();
        m.subject = "Email blocked: your refund".into();
        assert!(bounce(&m));
        m.prose = m.prose.replace("was not\n", "was\n");
        assert!(!bounce(&m), "the phrase itself is needed");
    }

    #[test]
    fn a_localized_summarys_sender_is_no_recipient() {
        for from in ["De:", "De :", "Von:", "Da:", "Remitente:", "差出人:"] {
            let m = mail(&format!(
                "Su mensaje:\n   {from} \"Tienda\" <news@shop.example.com>\n\
                 no pudo ser entregado: el dominio example.org no existe.\n\
                 Destinatarios afectados:\n    neko@example.org\n"
            ));
            assert_eq!(recipients(&m), ["neko@example.org"], "{from}");
        }
    }

    #[test]
    fn a_notice_listing_failed_recipients_is_a_report() {
        // a mail server's notice of its own, under the original's subject behind a tag
        let mut m = mail(
            "The following recipients could not store the mail you sent them.\n\n\
            Failed recipient(s):\nneko@example.org\n\n\
            Error message:\nRecipient neko@example.org is over quota\n",
        );
        m.subject = "[QUOTA] Spring catalogue".into();
        m.from = "postmaster@example.org".into();
        assert!(bounce(&m));
        assert_eq!(recipients(&m), ["neko@example.org"]);
        m.prose = "Failed recipients: none, all twelve were delivered.\n".into();
        assert!(!bounce(&m), "a list heading, not the words");
    }

    #[test]
    fn what_follows_a_list_of_recipients_is_the_lists() {
        // a gateway's notice: the cause above the list, its details below the last address
        let m = mail(
            "Your message could not be delivered because of
            550 5.1.1 Recipient address rejected: User unknown
            The following recipients were affected:
                neko@example.org
                tora@example.org

            Additional information
            Reporting host: gw.example.org
            Reason: 550 5.1.1 Recipient address rejected: User unknown
",
        );
        let r = read_all(&m);
        let statuses: Vec<&str> = r.entries.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(statuses, ["5.1.1", "5.1.1"], "tora's block is the list's");
        assert_eq!(r.entries[0].diagnostic, r.entries[1].diagnostic);
        // an address with words of its own on its line is no list's member
        let m = mail(
            "Delivery failed for these recipients:
            neko@example.org
            tora@example.org: 552 5.2.2 the mailbox of this user is over its quota
",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[1].status, "5.2.2");
        assert_eq!(r.entries[0].status, "", "tora's full mailbox is not neko's");
    }

    #[test]
    fn words_of_other_recipients_are_not_borrowed() {
        let m = mail(
            "Delivery failed for these recipients:\n\
            <neko@example.org>: 550 5.1.1 no such user here in this system today\n\n\
            Also affected:\n  tora@example.com\n",
        );
        let r = read_all(&m);
        assert_eq!(r.entries[1].recipient, "tora@example.com");
        assert_eq!(r.entries[1].diagnostic, "", "neko's words are not tora's");
        assert_eq!(
            (
                r.entries[1].status.as_str(),
                r.entries[1].reply_code.as_str()
            ),
            ("", ""),
            "nor its codes"
        );
        // with no recipient's own words, the report speaks for all
        let m = mail("Delivery to these recipients failed: user unknown\n  neko@example.org\n  tora@example.com\n");
        assert!(read_all(&m)
            .entries
            .iter()
            .all(|e| e.diagnostic.contains("user unknown")));
    }

    #[test]
    fn exim_header_names_recipients() {
        let mut m = mail("A message that you sent could not be delivered.\n  a@example.org\n    550 no such user\n");
        m.headers.push((
            "X-Failed-Recipients".into(),
            "b@example.org, a@example.org".into(),
        ));
        let r = read_all(&m);
        let got: Vec<_> = r.entries.iter().map(|e| e.recipient.as_str()).collect();
        assert_eq!(got, ["b@example.org", "a@example.org"]);
        assert_eq!(r.entries[1].reply_code, "550");
    }
}
