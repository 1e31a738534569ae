//! What a mailbox kept of the SMTP envelope, read back from the headers the delivering MTA added,
//! so an imported message goes through the same VERP resolution and timing as one received over
//! SMTP. Pure: bytes in, values out.

use chrono::{DateTime, TimeZone, Utc};

use crate::envelope::Envelope;
use crate::report::text::normalize_newlines;

use super::Unusable;

/// Bytes of a message searched for its header section: far more than any real header needs.
const HEAD_MAX: usize = 256 * 1024;

/// The envelope and arrival time of a message taken from a mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub envelope: Envelope,
    /// When the mailbox received it: the newest `Received:` header's date, else `Date:`.
    pub received_at: Option<DateTime<Utc>>,
}

/// Reads the header section of `message` (never past its first empty line).
pub fn read(message: &[u8]) -> Delivery {
    let mut rcpt_to: Vec<String> = Vec::new();
    let mut mail_from = None;
    let mut received = None;
    let mut date = None;
    // Postfix writes Delivered-To and X-Original-To, Exim Envelope-To: each names the envelope
    // recipient, where the VERP return path lives.
    let mut by_field: [Vec<String>; 3] = Default::default();
    let head = normalize_newlines(&message[..message.len().min(HEAD_MAX)]);
    for (name, value) in fields(&head) {
        match name.to_ascii_lowercase().as_str() {
            "delivered-to" => by_field[0].extend(addresses(&value)),
            "x-original-to" => by_field[1].extend(addresses(&value)),
            "envelope-to" => by_field[2].extend(addresses(&value)),
            // RFC 5321 §4.4: the final MTA records the reverse-path at the top; `<>` for a
            // bounce, which a lower one left by an earlier delivery does not override.
            "return-path" if mail_from.is_none() => {
                mail_from = Some(addresses(&value).next().unwrap_or_default());
            }
            // RFC 5321 §4.4: the topmost Received: is the last hop, the mailbox's own delivery.
            "received" if received.is_none() => {
                received = value.rsplit_once(';').and_then(|(_, d)| parse_date(d));
            }
            "date" if date.is_none() => date = parse_date(&value),
            _ => {}
        }
    }
    for address in by_field.into_iter().flatten() {
        if !rcpt_to.contains(&address) {
            rcpt_to.push(address);
        }
    }
    Delivery {
        envelope: Envelope {
            helo: String::new(),
            mail_from: mail_from.unwrap_or_default(),
            rcpt_to,
        },
        received_at: received.or(date),
    }
}

/// Why `message` cannot be a mail message, if so: it must start with a header field and its
/// header section must end.
pub fn check(message: &[u8]) -> Result<(), Unusable> {
    if message.iter().all(u8::is_ascii_whitespace) {
        return Err(Unusable::Empty);
    }
    let head = normalize_newlines(&message[..message.len().min(HEAD_MAX)]);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if !is_field_start(first) {
        return Err(Unusable::Garbled(
            String::from_utf8_lossy(&first[..first.len().min(40)]).into_owned(),
        ));
    }
    let ended = message.len() > HEAD_MAX
        || memchr::memmem::find(&head, b"\n\n").is_some()
        || head.ends_with(b"\n");
    if !ended {
        return Err(Unusable::Truncated);
    }
    Ok(())
}

/// RFC 5322 §2.2: a field name is printable ASCII except `:`, then `:`.
fn is_field_start(line: &[u8]) -> bool {
    let name_len = line
        .iter()
        .take_while(|&&b| b > b' ' && b < 127 && b != b':')
        .count();
    name_len > 0 && line.get(name_len) == Some(&b':')
}

/// Header fields with folding undone (RFC 5322 §2.2.3), up to the first empty line; `head` has
/// LF line endings.
fn fields(message: &[u8]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for raw in message.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(raw);
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = out.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            out.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    out
}

/// The addresses of a field value: `<a@b>`, `a@b`, comma-separated lists; `<>` is "".
fn addresses(value: &str) -> impl Iterator<Item = String> + '_ {
    value.split(',').map(|part| {
        let part = part.trim();
        let inner = match (part.find('<'), part.rfind('>')) {
            (Some(open), Some(close)) if open < close => &part[open + 1..close],
            _ => part.split_whitespace().next().unwrap_or(""),
        };
        inner.trim().to_string()
    })
}

fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let parsed = mail_parser::DateTime::parse_rfc822(text.trim())?;
    if !parsed.is_valid() {
        return None;
    }
    Utc.timestamp_opt(parsed.to_timestamp(), 0).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADERS: &str = "Return-Path: <>\n\
Return-Path: <earlier@delivery.example>\n\
Delivered-To: bounces+tag@bounce.example.com\n\
X-Original-To: <Bounces+Tag@bounce.example.com>\n\
Received: from mx.remote.test (mx.remote.test [192.0.2.1])\n\
\tby mx.example.com (Postfix) with ESMTP id 1234;\n\
\tThu, 18 Sep 2008 17:54:04 +0900 (JST)\n\
Received: from elsewhere; Wed, 17 Sep 2008 00:00:00 +0000\n\
Date: Tue, 16 Sep 2008 00:00:00 +0000\n\
Subject: Delivery failure\n\
\n\
Delivered-To: not-a-header@example.com\n";

    #[test]
    fn envelope_from_delivery_headers() {
        let d = read(HEADERS.as_bytes());
        assert_eq!(
            d.envelope.rcpt_to,
            [
                "bounces+tag@bounce.example.com",
                "Bounces+Tag@bounce.example.com"
            ]
        );
        assert_eq!(d.envelope.mail_from, "");
        // The topmost Received: header, folded over three lines, in UTC.
        assert_eq!(
            d.received_at,
            Some(Utc.with_ymd_and_hms(2008, 9, 18, 8, 54, 4).unwrap())
        );
    }

    #[test]
    fn exim_envelope_to_and_date_fallback() {
        let d = read(
            b"Envelope-to: a@example.com, <b@example.com>\r\nReturn-path: <x@y.test>\r\n\
Date: Tue, 16 Sep 2008 00:00:00 +0000\r\n\r\nbody\r\n",
        );
        assert_eq!(d.envelope.rcpt_to, ["a@example.com", "b@example.com"]);
        assert_eq!(d.envelope.mail_from, "x@y.test");
        let cr = read(b"Delivered-To: c@example.com\rSubject: x\r\r");
        assert_eq!(cr.envelope.rcpt_to, ["c@example.com"]);
        assert_eq!(
            d.received_at,
            Some(Utc.with_ymd_and_hms(2008, 9, 16, 0, 0, 0).unwrap())
        );
    }

    #[test]
    fn nothing_known() {
        let d = read(b"Subject: x\n\nbody");
        assert!(d.envelope.rcpt_to.is_empty());
        assert_eq!(d.received_at, None);
        let d = read(b"Date: yesterday\n\n");
        assert_eq!(d.received_at, None);
    }

    #[test]
    fn check_messages() {
        assert_eq!(check(HEADERS.as_bytes()), Ok(()));
        assert_eq!(check(b"Subject: x\r\n\r\n"), Ok(()));
        assert_eq!(check(b"Subject: x\rTo: y\r\rbody"), Ok(()));
        assert_eq!(check(b"  \n\n"), Err(Unusable::Empty));
        assert_eq!(
            check(b"\x00\x01garbage\nmore\n\n").unwrap_err().to_string(),
            "garbled: the first line is not a header field (\"\\0\\u{1}garbage\")"
        );
        assert_eq!(check(b"Subject: x\nFrom: a@b"), Err(Unusable::Truncated));
        assert!(check(b"no colon here\n\n").is_err());
    }
}
