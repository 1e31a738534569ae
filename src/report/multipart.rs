//! Our own walk over a multipart body: finds where each part begins and ends, so only the
//! parts a reader needs are decoded (mail-parser decodes every part, including large HTML
//! alternatives and the whole returned original, which no reader looks at).

use std::sync::LazyLock;

use memchr::memmem;

/// The parts of a multipart body (RFC 2046 §5.1.1): the text between delimiter lines
/// `--boundary`, up to the close delimiter `--boundary--`. A delimiter starts a line (after
/// blanks, which some senders indent it with, as in RFC 3464's own example) and may be followed
/// by white space only (transport padding); the newline before it belongs to it.
/// `None` when no delimiter occurs, so the caller can read the body as text instead.
/// Without a close delimiter the last part runs to the end.
pub fn split<'a>(body: &'a [u8], boundary: &[u8]) -> Option<Vec<&'a [u8]>> {
    if boundary.is_empty() {
        return None;
    }
    let delimiter = [b"--", boundary].concat();
    // A delimiter starts a line, and a "--" there is found by a search for "--" alone, where
    // no newline in the boundary lets one delimiter hide the next: that searcher is built
    // once, where one for each boundary cost more to build than its search (Callgrind).
    let (mut by_dashes, mut by_delimiter);
    let found: &mut dyn Iterator<Item = usize> = if boundary.contains(&b'\n') {
        by_delimiter = memmem::find_iter(body, &delimiter);
        &mut by_delimiter
    } else {
        by_dashes = dashes()
            .find_iter(body)
            .filter(|&at| body[at..].starts_with(&delimiter));
        &mut by_dashes
    };
    let mut parts = Vec::new();
    let mut start = None;
    for at in found {
        let indent = body[..at]
            .iter()
            .rev()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        let line_start = at - indent;
        if line_start > 0 && body[line_start - 1] != b'\n' {
            continue;
        }
        let after = &body[at + delimiter.len()..];
        let line_end = memchr::memchr(b'\n', after).unwrap_or(after.len());
        let close = after.starts_with(b"--");
        if !close && !after[..line_end].iter().all(|b| *b == b' ' || *b == b'\t') {
            continue; // a longer boundary that starts with this one
        }
        if let Some(s) = start {
            parts.push(&body[s..line_start.saturating_sub(1).max(s)]);
        }
        if close {
            return start.map(|_| parts);
        }
        start = Some((at + delimiter.len() + line_end + 1).min(body.len()));
    }
    parts.push(&body[start?..]);
    Some(parts)
}

/// The searcher for "--", built once.
fn dashes() -> &'static memmem::Finder<'static> {
    static DASHES: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("--"));
    &DASHES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_delimiter_lines_only() {
        let body = b"preamble\n--b\nA: 1\n\none\n  --b  \n\ntwo\n--bx\nstill x--b\n--b--\nepilogue";
        let parts = split(body, b"b").unwrap_or_default();
        assert_eq!(parts, vec![&b"A: 1\n\none"[..], b"\ntwo\n--bx\nstill x--b"]);
    }

    #[test]
    fn unterminated_and_absent() {
        assert_eq!(split(b"--b\none\n", b"b"), Some(vec![&b"one\n"[..]]));
        assert_eq!(split(b"no delimiter --b here", b"b"), None);
        assert_eq!(split(b"--b--\n", b"b"), None);
        assert_eq!(split(b"--b\n", b""), None);
    }
}
