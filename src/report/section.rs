//! A part's header section (RFC 5322 §2.2): where it ends, and the few fields bounced reads
//! cut out of it. mail-parser is handed only those; the rest (Received, DKIM-Signature,
//! ARC-*, ...) are most of a bounce's header bytes and took a third of its parse time.

/// One part split at the end of its header section.
pub struct Section<'a> {
    /// The wanted fields (with their folded lines), as written.
    pub fields: Vec<u8>,
    /// Whether the section holds any field at all, wanted or not.
    pub any_field: bool,
    /// What follows the empty line that ends the section.
    pub body: &'a [u8],
}

/// Splits `part` after its header section. Read as mail-parser reads it: a line of white space
/// only ends the section, and a line with no colon is skipped.
pub fn split<'a>(part: &'a [u8], wanted: impl Fn(&[u8]) -> bool) -> Section<'a> {
    let mut fields = Vec::new();
    let mut any_field = false;
    let mut keep = false;
    let mut at = 0;
    while at < part.len() {
        let end = memchr::memchr(b'\n', &part[at..]).map_or(part.len(), |n| at + n + 1);
        let line = &part[at..end];
        at = end;
        let Some(first) = line.iter().position(|b| !b.is_ascii_whitespace()) else {
            break; // RFC 5322 §2.1: the empty line before the body
        };
        if first == 0 {
            // A new field: `name:`; a folded line (starting with white space) continues it.
            keep = match memchr::memchr(b':', line) {
                Some(colon) => {
                    let name = line[..colon].trim_ascii();
                    any_field |= !name.is_empty();
                    !name.is_empty() && wanted(name)
                }
                None => false,
            };
        }
        if keep {
            fields.extend_from_slice(line);
        }
    }
    Section {
        fields,
        any_field,
        body: &part[at..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_wanted_fields_with_their_folds() {
        let part = b"Received: from x\n  by y\nSubject: a\n b\nno colon\nTo: c\n  \nbody\n";
        let s = split(part, |n| n.eq_ignore_ascii_case(b"subject"));
        assert_eq!(s.fields, b"Subject: a\n b\n");
        assert!(s.any_field);
        assert_eq!(s.body, b"body\n");
    }

    #[test]
    fn no_header_or_no_body() {
        let s = split(b"\nbody", |_| true);
        assert!(!s.any_field);
        assert_eq!(s.body, b"body");
        let s = split(b"A: 1", |_| true);
        assert_eq!((s.fields.as_slice(), s.body), (&b"A: 1"[..], &b""[..]));
    }
}
