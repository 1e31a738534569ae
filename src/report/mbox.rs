//! Splits an mbox file (RFC 4155) into its messages: each begins with a `From ` line at the
//! start of the file or after an empty line.

/// Whether `bytes` is an mbox rather than a single message.
pub fn is_mbox(bytes: &[u8]) -> bool {
    bytes.starts_with(b"From ")
}

/// The messages of an mbox, each without its `From ` separator line. A file that is not an
/// mbox is returned whole.
pub fn split(bytes: &[u8]) -> Vec<&[u8]> {
    if !is_mbox(bytes) {
        return vec![bytes];
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut line_start = 0;
    let mut prev_blank = true;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| line_start + p + 1);
        let line = &bytes[line_start..line_end];
        if prev_blank && line.starts_with(b"From ") {
            if let Some(s) = start {
                out.push(&bytes[s..line_start]);
            }
            start = Some(line_end);
        }
        prev_blank = line.iter().all(|b| b.is_ascii_whitespace());
        line_start = line_end;
    }
    if let Some(s) = start {
        out.push(&bytes[s.min(bytes.len())..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_from_lines_after_blank_lines() {
        // RFC 4155 §2: "From " begins a message; a body "From " after text does not
        let mbox = b"From a@b Mon\nSubject: one\n\nbody\nFrom here on\n\nFrom c@d Tue\nSubject: two\n\nx\n";
        let parts = split(mbox);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].starts_with(b"Subject: one"));
        assert!(parts[1].starts_with(b"Subject: two"));
        assert_eq!(split(b"Subject: x\n\ny").len(), 1);
    }
}
