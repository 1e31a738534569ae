//! Streaming mbox splitter (RFC 4155; mboxo and mboxrd). Pure: the caller feeds it lines read
//! from a file, it hands back whole messages with their byte offsets, so a multi-GB mbox is read
//! with memory bounded by the largest message (and that by `max_size`).
//!
//! A `From ` line starts a message when it opens the file, follows an empty line, or has the
//! shape of a separator (`From sender Www Mmm dd hh:mm:ss yyyy`): the last case keeps a truncated
//! message (no empty line before the next separator) from swallowing the message after it.

use super::Unusable;

/// One message found in an mbox: where its separator line starts and its content, or why it
/// cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the message's `From ` line in the file.
    pub offset: u64,
    pub content: Result<Vec<u8>, Unusable>,
}

/// Feed with `line`, collect with the return values and `finish`.
#[derive(Debug)]
pub struct Splitter {
    max_size: usize,
    current: Option<Pending>,
    prev_blank: bool,
    at_line_start: bool,
}

#[derive(Debug)]
struct Pending {
    offset: u64,
    data: Vec<u8>,
    /// Bytes seen past `max_size`: the content was dropped to keep memory bounded.
    oversized: bool,
}

impl Splitter {
    pub fn new(max_size: usize) -> Splitter {
        Splitter {
            max_size,
            current: None,
            prev_blank: true,
            at_line_start: true,
        }
    }

    /// Takes the next piece of the file starting at `offset`: a whole line with its `\n`, or a
    /// part of a long line (the rest follows in the next call; a separator or a quoted `From`
    /// is recognised in a line's first piece, so pieces must be longer than such lines).
    /// Returns the message this line ended, if it starts a new one.
    pub fn line(&mut self, line: &[u8], offset: u64) -> Option<Piece> {
        let starts_line = self.at_line_start;
        self.at_line_start = line.ends_with(b"\n");
        let separator = starts_line
            && line.starts_with(b"From ")
            && (self.prev_blank || looks_like_separator(line));
        if starts_line {
            self.prev_blank = matches!(line, b"\n" | b"\r\n");
        }
        if separator {
            let done = self.current.take().map(|p| self.finish_pending(p));
            self.current = Some(Pending {
                offset,
                data: Vec::new(),
                oversized: false,
            });
            return done;
        }
        if self.current.is_none() {
            // Text before the first separator: only reachable if the caller fed a non-mbox.
            self.current = Some(Pending {
                offset,
                data: Vec::new(),
                oversized: false,
            });
        }
        self.line_into_current(line, starts_line)
    }

    /// The last message, once the file has ended.
    pub fn finish(mut self) -> Option<Piece> {
        let p = self.current.take()?;
        Some(self.finish_pending(p))
    }

    fn line_into_current(&mut self, line: &[u8], starts_line: bool) -> Option<Piece> {
        let max = self.max_size;
        let pending = self.current.as_mut()?;
        if pending.oversized {
            return None;
        }
        // mboxrd: a quoted `>From ` (any number of `>`) loses one `>`; mboxo quoted only
        // `From `, which the same rule restores.
        let line = if starts_line && is_quoted_from(line) {
            &line[1..]
        } else {
            line
        };
        if pending.data.len() + line.len() > max {
            pending.oversized = true;
            pending.data = Vec::new();
        } else {
            pending.data.extend_from_slice(line);
        }
        None
    }

    fn finish_pending(&self, mut p: Pending) -> Piece {
        if p.oversized {
            return Piece {
                offset: p.offset,
                content: Err(Unusable::TooLarge(self.max_size)),
            };
        }
        // The empty line before the next separator belongs to the mbox, not to the message.
        if p.data.ends_with(b"\r\n\r\n") {
            p.data.truncate(p.data.len() - 2);
        } else if p.data.ends_with(b"\n\n") {
            p.data.truncate(p.data.len() - 1);
        }
        Piece {
            offset: p.offset,
            content: Ok(p.data),
        }
    }
}

fn is_quoted_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(b"From ")
}

/// `From sender Thu Sep 18 17:54:04 2008`: a sender token, then an asctime date (RFC 4155 §2).
fn looks_like_separator(line: &[u8]) -> bool {
    let text = String::from_utf8_lossy(line);
    let mut words = text.split_ascii_whitespace().skip(1);
    let sender = words.next();
    let day = words.next().unwrap_or("");
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    sender.is_some() && DAYS.contains(&day) && text.contains(':')
}

/// Whether a file starting with `head` is an mbox rather than one message.
pub fn is_mbox(head: &[u8]) -> bool {
    head.starts_with(b"From ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `bytes` line by line, as the reader does.
    fn split(bytes: &[u8], max: usize) -> Vec<Piece> {
        let mut s = Splitter::new(max);
        let mut out = Vec::new();
        let mut offset = 0;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            out.extend(s.line(line, offset));
            offset += line.len() as u64;
        }
        out.extend(s.finish());
        out
    }

    fn text(p: &Piece) -> &str {
        std::str::from_utf8(p.content.as_ref().unwrap()).unwrap()
    }

    #[test]
    fn splits_and_reports_offsets() {
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\nSubject: one\n\nbody\n\n\
From c@d Fri Sep 19 01:02:03 2008\nSubject: two\n\nx\n";
        let parts = split(mbox, 1 << 20);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].offset, 0);
        assert_eq!(text(&parts[0]), "Subject: one\n\nbody\n");
        assert_eq!(parts[1].offset, 54);
        assert_eq!(&mbox[54..59], b"From ");
        assert_eq!(text(&parts[1]), "Subject: two\n\nx\n");
    }

    #[test]
    fn body_from_line_after_text_is_not_a_separator() {
        // RFC 4155 §2: only a `From ` line after an empty line (or shaped like one) separates
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\nSubject: one\n\nbody\nFrom here on\n";
        let parts = split(mbox, 1 << 20);
        assert_eq!(parts.len(), 1);
        assert_eq!(text(&parts[0]), "Subject: one\n\nbody\nFrom here on\n");
    }

    #[test]
    fn quoted_from_lines_are_restored() {
        // mboxrd: `>From ` → `From `, `>>From ` → `>From `; other `>` lines stay
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\nSubject: q\n\n>From the start\n\
>>From quoted\n> quoted text\n";
        let parts = split(mbox, 1 << 20);
        assert_eq!(
            text(&parts[0]),
            "Subject: q\n\nFrom the start\n>From quoted\n> quoted text\n"
        );
    }

    #[test]
    fn truncated_message_does_not_swallow_the_next() {
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\nSubject: cut\n\nhalf a li\
From c@d Fri Sep 19 01:02:03 2008\nSubject: next\n\nx\n";
        let parts = split(mbox, 1 << 20);
        // The cut line runs into the separator, so it is not at a line start: one message.
        assert_eq!(parts.len(), 1);
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\nSubject: cut\n\nhalf a line\n\
From c@d Fri Sep 19 01:02:03 2008\nSubject: next\n\nx\n";
        let parts = split(mbox, 1 << 20);
        assert_eq!(parts.len(), 2);
        assert_eq!(text(&parts[1]), "Subject: next\n\nx\n");
    }

    #[test]
    fn crlf_mbox() {
        let mbox = b"From a@b Thu Sep 18 17:54:04 2008\r\nSubject: one\r\n\r\nbody\r\n\r\n\
From c@d Fri Sep 19 01:02:03 2008\r\nSubject: two\r\n\r\nx\r\n";
        let parts = split(mbox, 1 << 20);
        assert_eq!(text(&parts[0]), "Subject: one\r\n\r\nbody\r\n");
        assert_eq!(text(&parts[1]), "Subject: two\r\n\r\nx\r\n");
    }

    #[test]
    fn oversized_message_is_an_error_and_the_next_is_read() {
        let big = "x".repeat(100);
        let mbox = format!(
            "From a@b Thu Sep 18 17:54:04 2008\nSubject: big\n\n{big}\n\n\
From c@d Fri Sep 19 01:02:03 2008\nSubject: small\n\nx\n"
        );
        let parts = split(mbox.as_bytes(), 50);
        assert_eq!(parts[0].content, Err(Unusable::TooLarge(50)));
        assert_eq!(text(&parts[1]), "Subject: small\n\nx\n");
    }

    #[test]
    fn long_lines_fed_in_pieces() {
        let mut s = Splitter::new(1 << 20);
        assert!(s.line(b"From a@b Thu Sep 18 17:54:04 2008\n", 0).is_none());
        assert!(s.line(b"Subject: x\n\n>Fro", 35).is_none());
        // Not at a line start: neither a separator nor unquoted.
        assert!(s.line(b"From c@d Fri Sep 19 01:02:03 2008\n", 51).is_none());
        let p = s.finish().unwrap();
        assert_eq!(
            std::str::from_utf8(p.content.as_ref().unwrap()).unwrap(),
            "Subject: x\n\n>FroFrom c@d Fri Sep 19 01:02:03 2008\n"
        );
    }

    #[test]
    fn empty_input_has_no_messages() {
        assert!(split(b"", 10).is_empty());
    }
}
