//! Walks the MIME tree once and sorts its parts into what the readers need (status parts,
//! feedback parts, prose, the returned original's headers). mail-parser reads header
//! sections and decodes charsets; `multipart` and `transfer` do the bodies.

use std::borrow::Cow;
use std::sync::OnceLock;

use mail_parser::parsers::MessageStream;
use mail_parser::{Address, ContentType, HeaderName, HeaderValue, Message, MessageParser};

use super::patterns::BOUNCE_SENDERS;
use super::section::{self, Section};
use super::text::{field_value, first_address};
use super::{html, multipart, transfer};

/// The top-level message, taken apart.
#[derive(Debug, Default)]
pub struct Mail {
    pub subject: String,
    /// Address of the top-level From, lowercased.
    pub from: String,
    /// Addresses of the top-level To, lowercased (the original sender, for a bounce).
    pub to: Vec<String>,
    pub date: Option<chrono::DateTime<chrono::Utc>>,
    /// Raw top-level header fields as (name, value), for the readers' header rules.
    pub headers: Vec<(String, String)>,
    /// Bodies of `message/delivery-status` and RFC 6533 `message/global-delivery-status` parts.
    pub status_parts: Vec<String>,
    /// Whether `status_parts` holds a text attachment's status fields (see `sort_part`), which
    /// a typed status part replaces: the two would report each recipient twice.
    pub status_from_text: bool,
    /// Bodies of RFC 5965 `message/feedback-report` parts.
    pub feedback_parts: Vec<String>,
    /// The human-readable text parts of the report itself (not of the returned original).
    pub prose: String,
    /// Headers of the returned original (`message/rfc822`, `text/rfc822-headers`), when attached.
    pub original: Option<Original>,
    /// The attached messages' bytes that are themselves reports (RFC 3462 `multipart/report`,
    /// or a mail system's plain-text notice): a bounce forwarded by a gateway or a person, a
    /// feedback loop's digest of RFC 5965 reports. At most `MAX_FORWARDED`.
    pub forwarded_reports: Vec<Vec<u8>>,
}

/// What bounced keeps of the returned original message.
#[derive(Debug, Default, Clone)]
pub struct Original {
    pub message_id: String,
    pub to: Vec<String>,
    /// The recipient that the topmost Received field with a FOR clause names (RFC 5321 §4.4:
    /// the envelope recipient at that hop; MTAs write it for a single recipient only).
    pub envelope_to: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Original {
    /// Its To address where it names exactly one. Of several addressees a report that names
    /// none does not say which failed (a domain's MX reports on its own recipients only).
    pub fn single_to(&self) -> Option<&str> {
        match self.to.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// The one person it went to: its envelope recipient (the Received FOR clause) before
    /// its To, which may name a list or several people.
    pub fn addressee(&self) -> Option<&str> {
        self.envelope_to.as_deref().or(self.single_to())
    }

    /// `addressee` where it is an address: a redacting loop's placeholder in To
    /// ("To: <redacted>", RFC 6590 §1) names nobody.
    pub fn addressee_mailbox(&self) -> Option<&str> {
        self.addressee().filter(|a| a.contains('@'))
    }
}

/// Parses the MIME structure and only the header fields some rule reads as values; the rest
/// are skipped instead of copied. The fields read as written (`raw_headers`, Received) are
/// skipped too: `headers_raw` lists every field with its bytes whatever its parser, so
/// `header_raw`'s copy of each value was never read (Callgrind: 202k → 196k instructions a
/// corpus message).
fn parser() -> &'static MessageParser {
    static PARSER: OnceLock<MessageParser> = OnceLock::new();
    PARSER.get_or_init(|| {
        MessageParser::new()
            .with_mime_headers()
            .header_id(HeaderName::MessageId)
            .header_date(HeaderName::Date)
            .header_text(HeaderName::Subject)
            .header_address(HeaderName::From)
            .header_address(HeaderName::To)
            .default_header_ignore()
    })
}

/// How deep multiparts are followed; real reports nest two or three levels.
const MAX_DEPTH: usize = 8;

/// Takes a message (LF line endings) apart; `None` when it has no header at all. mail-parser
/// reads header sections only; the body is walked here, and a part's body is decoded only
/// when a reader uses it.
pub fn read(raw: &[u8]) -> Option<Mail> {
    let section = section::split(skip_padding(raw), |name| is_read(REPORT_FIELDS, name));
    if !section.any_field {
        return None;
    }
    let mut mail = Mail::default();
    let head = parser().parse_headers(&section.fields);
    if let Some(head) = &head {
        mail.subject = head.subject().unwrap_or_default().to_owned();
        mail.from = head.from().and_then(first_addr).unwrap_or_default();
        mail.to = head.to().map(all_addrs).unwrap_or_default();
        mail.date = head.date().and_then(to_chrono);
        mail.headers = raw_headers(head);
    }
    let content_type = parse_content_type(section.content_type);
    let encoding = encoding(section.encoding);
    sort_part(
        content_type.as_ref(),
        encoding,
        section.body,
        false,
        &mut mail,
        0,
    );
    Some(mail)
}

/// `raw` without the lines of white space it starts with. RFC 5322 §2.2.3: a line that starts
/// with white space continues the field before it; at the very start there is none, so such
/// lines (padding left by mail stores and copy-paste) belong to no field and are skipped. An
/// empty line stays: it ends an empty header section.
fn skip_padding(raw: &[u8]) -> &[u8] {
    let mut rest = raw;
    while let Some(nl) = memchr::memchr(b'\n', rest) {
        let line = &rest[..nl];
        if line.is_empty() || !line.iter().all(|b| *b == b' ' || *b == b'\t') {
            break;
        }
        rest = &rest[nl + 1..];
    }
    rest
}

/// One part of the report (`body` without its header section), given its Content-Type
/// (`None`: RFC 2045 §5.2 default), Content-Transfer-Encoding, and whether it is attached as a
/// file (RFC 2183 "attachment").
fn sort_part(
    content_type: Option<&ContentType<'_>>,
    encoding: Option<&str>,
    body: &[u8],
    attached: bool,
    mail: &mut Mail,
    depth: usize,
) {
    let (ctype, subtype) = match content_type {
        Some(ct) => (lowercase(ct.ctype()), lowercase(ct.subtype().unwrap_or(""))),
        None => (Cow::Borrowed("text"), Cow::Borrowed("plain")),
    };
    let decoded = || transfer::decode(body, encoding);
    match (&*ctype, &*subtype) {
        ("multipart", _) => {
            let parts = content_type
                .and_then(|ct| ct.attribute("boundary"))
                .and_then(|b| multipart::split(body, b.as_bytes()));
            match parts {
                Some(parts) if depth < MAX_DEPTH => {
                    // RFC 2046 §5.1.5: a digest's parts are messages unless they say otherwise.
                    let digest = subtype == "digest";
                    for part in parts {
                        sort_subpart(part, digest, mail, depth + 1);
                    }
                }
                Some(_) => {}
                // A multipart whose boundary never occurs is one text body.
                None => add_prose(&subtype, content_type, decoded(), mail),
            }
        }
        // RFC 3464 §2, RFC 6533 §6.2
        ("message", "delivery-status" | "global-delivery-status") => {
            if std::mem::take(&mut mail.status_from_text) {
                mail.status_parts.clear();
            }
            mail.status_parts
                .push(transfer::text(decoded(), None).into_owned());
        }
        // RFC 5965 §2 (c)
        ("message", "feedback-report") => mail
            .feedback_parts
            .push(transfer::text(decoded(), None).into_owned()),
        // RFC 3462 §2 (text/rfc822-headers), RFC 6533 §6.4 (message/global-headers)
        ("text", "rfc822-headers") | ("message", "global-headers") if mail.original.is_none() => {
            mail.original = original_from_bytes(&decoded());
        }
        ("message", "rfc822" | "global" | "partial") => {
            attached_original(&decoded(), subtype == "partial", mail);
        }
        // The text/plain alternative already said it.
        ("text", "html") if !mail.prose.is_empty() => {}
        // A text file attached beside the report's own text is a file (an original's body, a
        // log), not the report's words; one that opens with RFC 3464 §2.2's per-message
        // fields is the status part under the wrong type.
        ("text", "plain") if attached && !mail.prose.trim().is_empty() => {
            let text = transfer::text(decoded(), None);
            if mail.status_parts.is_empty() && opens_with_status_fields(&text) {
                mail.status_parts.push(text.into_owned());
                mail.status_from_text = true;
            }
        }
        ("text", "html" | "enriched") if attached && !mail.prose.trim().is_empty() => {}
        ("text", "plain" | "html" | "enriched") => {
            add_prose(&subtype, content_type, decoded(), mail);
        }
        _ => {}
    }
}

/// `s` in lowercase, copied only where it is not already (most types are written so).
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// How many attached reports are read: a digest's reports each name their recipients, and
/// reading one costs what reading a message does.
const MAX_FORWARDED: usize = 100;

/// A message attached whole: the first is the returned original (RFC 3462 §2), whose headers
/// are kept; one that is itself a report (a bounce forwarded by a gateway or a person, one of a
/// feedback loop's digest) is kept whole.
/// A `message/partial` fragment (RFC 2046 §5.2.2) is never read as a report.
fn attached_original(message: &[u8], partial: bool, mail: &mut Mail) {
    let Some(start) = message.iter().position(|b| !b.is_ascii_whitespace()) else {
        return;
    };
    let inner = &message[start..];
    let section = original_section(inner);
    if !section.any_field {
        return;
    }
    let is_report = parse_content_type(section.content_type)
        .and_then(|ct| ct.c_subtype)
        .is_some_and(|s| s.eq_ignore_ascii_case("report"));
    // read where it is kept or may be a notice: a digest attaches a hundred reports
    let attached = (mail.original.is_none() || !is_report).then(|| {
        let headers = parser().parse_headers(&section.fields);
        original_from(headers.as_ref(), section.received.as_deref())
    });
    let notice = is_report
        || attached
            .as_ref()
            .is_some_and(|a| is_mail_systems(&a.headers));
    if notice && !partial && mail.forwarded_reports.len() < MAX_FORWARDED {
        mail.forwarded_reports.push(inner.to_vec());
    }
    // the first message attached is the returned original
    if mail.original.is_none() {
        mail.original = attached;
    }
}

/// Whether a message's header fields say a mail system sent it: the null reverse-path
/// (RFC 5321 §4.5.5) its delivery recorded in Return-Path (§4.4), or a daemon's or
/// postmaster's From (`BOUNCE_SENDERS`). A plain-text bounce that a rule or a person forwards
/// as an attachment is a report without RFC 3462's type.
fn is_mail_systems(headers: &[(String, String)]) -> bool {
    header(headers, "Return-Path").is_some_and(|v| v.trim() == "<>")
        || header(headers, "From").is_some_and(from_field_is_mail_systems)
}

/// Whether a From field's value names a mail system: the null reverse-path written in it
/// (RFC 5321 §4.5.5), or a daemon's or postmaster's name or address (`BOUNCE_SENDERS`).
pub fn from_field_is_mail_systems(value: &str) -> bool {
    let from = value.to_ascii_lowercase();
    from.trim() == "<>" || BOUNCE_SENDERS.iter().any(|s| from.contains(s))
}

/// A part of a multipart: its own header section, then its body.
fn sort_subpart(part: &[u8], in_digest: bool, mail: &mut Mail, depth: usize) {
    let section = section::split(part, |_| false);
    let encoding = encoding(section.encoding);
    let attached = is_attachment(section.disposition);
    match (parse_content_type(section.content_type), in_digest) {
        (None, true) => {
            let digest_default = ContentType {
                c_type: "message".into(),
                c_subtype: Some("rfc822".into()),
                attributes: None,
            };
            sort_part(
                Some(&digest_default),
                encoding,
                section.body,
                attached,
                mail,
                depth,
            );
        }
        (ct, _) => sort_part(ct.as_ref(), encoding, section.body, attached, mail, depth),
    }
}

/// Whether `text` starts with a delivery-status part's first field: RFC 3464 §2.2's
/// Original-Envelope-Id or Reporting-MTA (or §2.3's Final-Recipient, where the per-message
/// fields are left out).
fn opens_with_status_fields(text: &str) -> bool {
    let start = text.trim_start();
    [
        "original-envelope-id:",
        "reporting-mta:",
        "final-recipient:",
    ]
    .iter()
    .any(|f| field_value(start, f).is_some())
}

/// Whether a Content-Disposition value is RFC 2183's "attachment".
fn is_attachment(value: Option<&[u8]>) -> bool {
    value.is_some_and(|v| {
        let kind = v
            .split(|b| *b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        kind.eq_ignore_ascii_case(b"attachment")
    })
}

/// A Content-Type value, read by mail-parser's field parser (RFC 2045 §5.1, RFC 2231).
fn parse_content_type(value: Option<&[u8]>) -> Option<ContentType<'_>> {
    match MessageStream::new(value?).parse_content_type() {
        HeaderValue::ContentType(ct) => Some(ct),
        _ => None,
    }
}

/// A Content-Transfer-Encoding value (RFC 2045 §6.1), a single token.
fn encoding(value: Option<&[u8]>) -> Option<&str> {
    value
        .and_then(|v| std::str::from_utf8(v).ok())
        .map(str::trim)
}

/// Appends a text part of the report (a report that is one text part, as from qmail or Exim,
/// is "the body") to the prose, tag-stripped when it is HTML.
fn add_prose(
    subtype: &str,
    content_type: Option<&ContentType<'_>>,
    bytes: Cow<'_, [u8]>,
    mail: &mut Mail,
) {
    let charset = content_type.and_then(|ct| ct.attribute("charset"));
    let text = transfer::text(bytes, charset);
    if !mail.prose.is_empty() {
        mail.prose.push('\n');
    }
    if subtype == "html" {
        mail.prose.push_str(&html::strip_html(&text));
    } else {
        mail.prose.push_str(&text);
    }
}

/// An original's header section, with its Received fields apart where mail-parser would read
/// them as `section` does (see `section::split_received_apart`).
fn original_section(bytes: &[u8]) -> Section<'_> {
    let wanted = |name: &[u8]| is_read(ORIGINAL_FIELDS, name);
    let apart = section::split_received_apart(bytes, wanted);
    if apart.received.is_some() {
        apart
    } else {
        section::split(bytes, wanted)
    }
}

/// What bounced keeps of an original whose header section parsed as `inner` (`None`: no field
/// mail-parser reads), and whose Received fields' values are `received` where they were taken
/// apart (else they are among `inner`'s fields).
fn original_from(inner: Option<&Message<'_>>, received: Option<&[&[u8]]>) -> Original {
    let envelope_to = match received {
        Some(values) => values
            .iter()
            .filter_map(|v| std::str::from_utf8(v).ok())
            .find_map(received_for),
        None => inner.and_then(|m| {
            raw_fields(m, |name| name.eq_ignore_ascii_case("received"))
                .find_map(|(_, value)| received_for(value))
        }),
    };
    match inner {
        Some(m) => Original {
            message_id: m.message_id().unwrap_or_default().to_owned(),
            to: m.to().map(all_addrs).unwrap_or_default(),
            envelope_to,
            headers: raw_headers(m),
        },
        None => Original {
            envelope_to,
            ..Original::default()
        },
    }
}

/// The address of a Received field's FOR clause (RFC 5321 §4.4: `"FOR" FWS ( Path / Mailbox )`,
/// before the `;` that starts the date).
fn received_for(value: &str) -> Option<String> {
    let clauses = value.rsplit_once(';').map_or(value, |(c, _)| c);
    // "for" in any case, sought in place (no lowercase copy of every field)
    let bytes = clauses.as_bytes();
    let at = memchr::memchr2_iter(b'f', b'F', bytes).find(|&i| {
        bytes
            .get(i..i + 3)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"for"))
            && clauses
                .get(..i)
                .and_then(|before| before.chars().next_back())
                .is_some_and(char::is_whitespace)
            && clauses
                .get(i + 3..)
                .and_then(|after| after.chars().next())
                .is_some_and(char::is_whitespace)
    })?;
    let path = clauses[at + 3..].split_whitespace().next()?;
    first_address(path)
}

/// The original that `mail`'s prose carries after its text, where no part returns one
/// (`original_at`: where its headers start, see `heuristic::original_split`).
pub fn inline_original(mail: &Mail, original_at: Option<usize>) -> Option<Original> {
    let at = original_at.filter(|_| mail.original.is_none())?;
    original_from_bytes(mail.prose.get(at..)?.as_bytes())
}

/// Reads the headers of an original given as bytes (`text/rfc822-headers`, or the text after a
/// "copy of the message follows" line in a plain-text bounce).
pub fn original_from_bytes(bytes: &[u8]) -> Option<Original> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let section = original_section(&bytes[start..]);
    if !section.any_field {
        return None;
    }
    let inner = parser().parse_headers(&section.fields);
    Some(original_from(inner.as_ref(), section.received.as_deref()))
}

/// The report's own header fields that the readers parse, besides the raw ones below (the
/// MIME fields are taken apart by `section`).
const REPORT_FIELDS: &[&str] = &["date", "subject", "to"];

/// The returned original's parsed fields: who it went to (To, and the Received fields' FOR
/// clauses) and its Message-ID (its Date and Subject, often encoded words in some charset, are
/// never read).
const ORIGINAL_FIELDS: &[&str] = &["message-id", "to", "received"];

/// Whether a header field is read at all; the rest never reach mail-parser.
fn is_read(parsed: &[&str], name: &[u8]) -> bool {
    // Most fields (DKIM-Signature, ARC-*, X-*) have a length and first letter no read name has.
    if !READ_NAMES.may_hold(name) {
        return false;
    }
    parsed
        .iter()
        .chain(WANTED_HEADERS)
        .any(|w| w.as_bytes().eq_ignore_ascii_case(name))
}

/// The shapes of the names `is_read` may accept, and of those `raw_headers` keeps.
const READ_NAMES: Shapes = Shapes::of(&[REPORT_FIELDS, ORIGINAL_FIELDS, WANTED_HEADERS]);
const WANTED_NAMES: Shapes = Shapes::of(&[WANTED_HEADERS]);

/// The (length, first letter) pairs of a set of names that start with an ASCII letter and are
/// shorter than 64 bytes: per length, a bit per letter.
struct Shapes([u32; 64]);

impl Shapes {
    const fn of(tables: &[&[&str]]) -> Shapes {
        let mut masks = [0u32; 64];
        let mut t = 0;
        while t < tables.len() {
            let mut i = 0;
            while i < tables[t].len() {
                let name = tables[t][i].as_bytes();
                // a name of 64 bytes or more, or one that starts with no lowercase letter,
                // would not compile (index out of bounds, shift overflow)
                masks[name.len()] |= 1 << (name[0] - b'a');
                i += 1;
            }
            t += 1;
        }
        Shapes(masks)
    }

    /// Whether `name` (any case) has the length and first letter of one of the names.
    fn may_hold(&self, name: &[u8]) -> bool {
        let (Some(mask), Some(first)) = (self.0.get(name.len()), name.first()) else {
            return false;
        };
        let letter = first.to_ascii_lowercase();
        letter.is_ascii_lowercase() && mask & (1 << (letter - b'a')) != 0
    }
}

/// The header fields some reader rule looks at; the rest are not copied out.
const WANTED_HEADERS: &[&str] = &[
    "from",
    "sender",
    "return-path",
    "x-failed-recipients",
    "x-original-to",
    "auto-submitted",
    "x-autoreply",
    "x-autorespond",
    "precedence",
    "x-auto-response-suppress",
    "x-apple-unsubscribe",
    "x-hmxmroriginalrecipient",
    "in-reply-to",
    "list-id",
    "list-unsubscribe",
    "x-beenthere",
    "x-mlserver",
    "reply-to",
];

/// The wanted header fields as written (trimmed), so rules can read display names and
/// addresses that do not parse, such as `From: MAILER-DAEMON`.
fn raw_headers(msg: &Message<'_>) -> Vec<(String, String)> {
    raw_fields(msg, |name| {
        WANTED_NAMES.may_hold(name.as_bytes())
            && WANTED_HEADERS.iter().any(|w| w.eq_ignore_ascii_case(name))
    })
    .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
    .collect()
}

/// The fields `Message::headers_raw` gives (name, value as written, where it is UTF-8) whose
/// name is `wanted`, in order: only their values are checked as UTF-8, not those of the
/// fields passed over (an original's Received fields, the longest).
fn raw_fields<'m>(
    msg: &'m Message<'_>,
    wanted: impl Fn(&str) -> bool,
) -> impl Iterator<Item = (&'m str, &'m str)> {
    msg.headers()
        .iter()
        .filter(move |h| wanted(h.name.as_str()))
        .filter_map(|h| {
            let value = msg
                .raw_message
                .get(h.offset_start as usize..h.offset_end as usize)?;
            Some((h.name.as_str(), std::str::from_utf8(value).ok()?))
        })
}

fn first_addr(a: &Address<'_>) -> Option<String> {
    a.iter()
        .find_map(|x| x.address())
        .map(str::to_ascii_lowercase)
}

fn all_addrs(a: &Address<'_>) -> Vec<String> {
    a.iter()
        .filter_map(|x| x.address())
        .map(str::to_ascii_lowercase)
        .collect()
}

fn to_chrono(d: &mail_parser::DateTime) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp(d.to_timestamp(), 0)
}

/// The value of the first top-level header called `name`.
pub fn header<'m>(headers: &'m [(String, String)], name: &str) -> Option<&'m str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether `headers` hold any of the fields `names`.
pub fn any_header(headers: &[(String, String)], names: &[&str]) -> bool {
    names.iter().any(|name| header(headers, name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_in_universal_time_keeps_the_next_field() {
        let m = read(b"Date: Sat, 22 Apr 2006 17:14:50 UT\nFrom: MAILER-DAEMON@mx.example\n\nx\n")
            .unwrap();
        assert_eq!(m.from, "mailer-daemon@mx.example");
        assert!(m.date.is_some());
    }

    #[test]
    fn a_text_file_attached_beside_the_reports_text_is_no_prose() {
        let m = read(
            b"From: MAILER-DAEMON@mx.example\nContent-Type: multipart/mixed; boundary=\"B\"\n\n\
              --B\nContent-Type: text/plain\n\nDelivery to a@b.example failed.\n\
              --B\nContent-Type: text/plain; name=\"original.txt\"\n\
              Content-Disposition: attachment; filename=\"original.txt\"\n\n\
              Our records say the user is unknown.\n--B--\n",
        )
        .unwrap();
        assert_eq!(m.prose.trim(), "Delivery to a@b.example failed.");
        // a report that is only an attached text file is read
        let m = read(
            b"From: MAILER-DAEMON@mx.example\nContent-Type: multipart/mixed; boundary=\"B\"\n\n\
              --B\nContent-Type: text/plain\nContent-Disposition: attachment\n\n\
              Delivery to a@b.example failed: user unknown.\n--B--\n",
        )
        .unwrap();
        assert_eq!(
            m.prose.trim(),
            "Delivery to a@b.example failed: user unknown."
        );
        // a status part attached as a text file is the status part
        let m = read(
            b"From: MAILER-DAEMON@mx.example\nContent-Type: multipart/mixed; boundary=\"B\"\n\n\
              --B\nContent-Type: text/plain\n\nDelivery to a@b.example failed.\n\
              --B\nContent-Type: text/plain\nContent-Disposition: attachment\n\n\
              Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@b.example\n\
              Action: failed\nStatus: 5.7.1\n--B--\n",
        )
        .unwrap();
        assert_eq!(m.status_parts.len(), 1);
        assert!(m.status_parts[0].contains("Status: 5.7.1"));
        // beside a typed status part, such a file is a copy: each recipient is reported once
        let fields = "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@b.example\n\
                      Action: failed\nStatus: 5.1.1\n";
        for (first, second) in [
            ("text/plain", "message/delivery-status"),
            ("message/delivery-status", "text/plain"),
        ] {
            let raw = format!(
                "From: MAILER-DAEMON@mx.example\nContent-Type: multipart/mixed; boundary=\"B\"\n\n\
                 --B\nContent-Type: text/plain\n\nDelivery to a@b.example failed.\n\
                 --B\nContent-Type: {first}\nContent-Disposition: attachment\n\n{fields}\
                 --B\nContent-Type: {second}\nContent-Disposition: attachment\n\n{fields}--B--\n"
            );
            let m = read(raw.as_bytes()).unwrap();
            assert_eq!(m.status_parts.len(), 1, "{first} then {second}");
        }
    }

    #[test]
    fn every_read_name_has_its_shape_in_the_mask() {
        for name in REPORT_FIELDS
            .iter()
            .chain(ORIGINAL_FIELDS)
            .chain(WANTED_HEADERS)
        {
            assert!(READ_NAMES.may_hold(name.as_bytes()), "{name}");
            assert!(
                READ_NAMES.may_hold(name.to_ascii_uppercase().as_bytes()),
                "{name}"
            );
        }
        assert!(!READ_NAMES.may_hold(b"DKIM-Signature"));
        assert!(!READ_NAMES.may_hold(b""));
    }

    #[test]
    fn received_for_clause() {
        // RFC 5321 §4.4: the FOR clause comes before the ';' and the date
        assert_eq!(
            received_for("from a by b with ESMTP id 1\n\tfor <Tora@X.example>; Mon, 2 Feb 2026"),
            Some("tora@x.example".into())
        );
        assert_eq!(
            received_for("from a by b id 1 for tora@x.example; Mon"),
            Some("tora@x.example".into())
        );
        // "for" inside a word or a comment's text is no clause; a date after ';' is not read
        assert_eq!(received_for("from a (forward.example) by b; Mon"), None);
        assert_eq!(received_for("from a by b; Mon for x@y.example"), None);
    }
}
