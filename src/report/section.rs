//! A part's header section (RFC 5322 §2.2): where it ends, its MIME fields, and the few other
//! fields bounced reads cut out of it. mail-parser is handed only those; the rest (Received,
//! DKIM-Signature, ARC-*, ...) are most of a bounce's header bytes and took a third of its
//! parse time.

/// One part split at the end of its header section.
pub struct Section<'a> {
    /// The wanted fields (with their folded lines), as written.
    pub fields: Vec<u8>,
    /// Whether the section holds any field at all, wanted or not.
    pub any_field: bool,
    /// The values (folded lines included) of Content-Type and Content-Transfer-Encoding
    /// (RFC 2045 §5, §6); the last one counts when a field repeats, as in mail-parser.
    pub content_type: Option<&'a [u8]>,
    pub encoding: Option<&'a [u8]>,
    /// The value of Content-Disposition (RFC 2183), the last one where it repeats.
    pub disposition: Option<&'a [u8]>,
    /// What follows the empty line that ends the section.
    pub body: &'a [u8],
    /// The values (folded lines included) of the Received fields, in order, where
    /// `split_received_apart` took them out of `fields`; `None` where they are in `fields`.
    pub received: Option<Vec<&'a [u8]>>,
}

/// Where a Date line ends in one of RFC 5322 §4.3's obsolete zones, and the numeric zone it
/// means: "UT" is "+0000", a military letter "-0000". mail-parser 0.11 reads past such a zone
/// into the next field (a From or To after it was lost), so they are written numerically.
fn obsolete_zone(line: &[u8]) -> Option<(usize, &'static [u8])> {
    let line = line.trim_ascii_end();
    let at = line.iter().rposition(|b| *b == b' ')? + 1;
    let zone = &line[at..];
    if !line[..at - 1].last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if zone.eq_ignore_ascii_case(b"ut") {
        Some((at, b"+0000"))
    } else if zone.len() == 1
        && zone[0].is_ascii_alphabetic()
        && !zone[0].eq_ignore_ascii_case(&b'j')
    {
        Some((at, b"-0000"))
    } else {
        None
    }
}

/// The fields a section keeps the value of: the MIME fields, and the Received fields where
/// they are taken apart.
#[derive(Clone, Copy)]
enum Mime {
    Type,
    Encoding,
    Disposition,
    Received,
}

/// Splits `part` after its header section. Read as mail-parser reads it: a line of white space
/// only ends the section, and a line with no colon is skipped.
pub fn split<'a>(part: &'a [u8], wanted: impl Fn(&[u8]) -> bool) -> Section<'a> {
    split_with(part, wanted, false)
}

/// `split`, with the Received fields' values in `received` instead of their lines in `fields`:
/// an original's are most of its header bytes, and mail-parser only skipped them, while the
/// FOR clause is read from their values as written. `received` is `None` (and the fields are
/// lost) where a Received field has a folded line that starts with white space other than a
/// space or tab: there mail-parser ends the field before that line, and `split` is to be used.
pub fn split_received_apart<'a>(part: &'a [u8], wanted: impl Fn(&[u8]) -> bool) -> Section<'a> {
    split_with(part, wanted, true)
}

fn split_with<'a>(part: &'a [u8], wanted: impl Fn(&[u8]) -> bool, apart: bool) -> Section<'a> {
    let mut received = apart.then(Vec::new);
    let mut fields = Vec::new();
    let mut any_field = false;
    let mut content_type = None;
    let mut encoding = None;
    let mut disposition = None;
    // Where the MIME field being read began (its value's first byte), and which one it is.
    let mut mime: Option<(usize, Mime)> = None;
    let mut keep = false;
    let mut is_date = false;
    let mut start = 0;
    // One newline search over the whole part: header lines are short, and a search per line
    // cost more in setup than in scanning.
    let ends = memchr::memchr_iter(b'\n', part)
        .map(|nl| nl + 1)
        .chain(std::iter::once(part.len()));
    for end in ends {
        if start >= part.len() {
            break;
        }
        let line_start = start;
        let line = &part[start..end];
        start = end;
        let folded = line.first().is_some_and(u8::is_ascii_whitespace);
        let blank = folded && line.iter().all(u8::is_ascii_whitespace);
        // mail-parser continues a field on a line that starts with a space or a tab only
        if folded
            && !blank
            && matches!(mime, Some((_, Mime::Received)))
            && !matches!(line.first(), Some(b' ' | b'\t'))
        {
            received = None;
        }
        if let (Some((from, field)), false) = (mime, folded && !blank) {
            // The MIME field read so far ends before this line.
            let value = &part[from..line_start];
            match field {
                Mime::Type => content_type = Some(value),
                Mime::Encoding => encoding = Some(value),
                Mime::Disposition => disposition = Some(value),
                Mime::Received => received.iter_mut().for_each(|r| r.push(value)),
            }
            mime = None;
        }
        if blank {
            // RFC 5322 §2.1: the empty line before the body.
            return Section {
                fields,
                any_field,
                content_type,
                encoding,
                disposition,
                body: &part[end..],
                received,
            };
        }
        if !folded {
            // A new field: `name:`; a folded line (starting with white space) continues it.
            keep = false;
            is_date = false;
            if let Some(colon) = memchr::memchr(b':', line) {
                let name = line[..colon].trim_ascii();
                is_date = name.eq_ignore_ascii_case(b"date");
                any_field |= !name.is_empty();
                if name.eq_ignore_ascii_case(b"content-type") {
                    mime = Some((line_start + colon + 1, Mime::Type));
                } else if name.eq_ignore_ascii_case(b"content-transfer-encoding") {
                    mime = Some((line_start + colon + 1, Mime::Encoding));
                } else if name.eq_ignore_ascii_case(b"content-disposition") {
                    mime = Some((line_start + colon + 1, Mime::Disposition));
                } else if apart && name.eq_ignore_ascii_case(b"received") {
                    mime = Some((line_start + colon + 1, Mime::Received));
                } else {
                    keep = !name.is_empty() && wanted(name);
                }
            }
        }
        if keep {
            if fields.is_empty() {
                // A few hundred bytes is the usual; one allocation instead of a doubling run.
                fields.reserve(512);
            }
            match is_date.then(|| obsolete_zone(line)).flatten() {
                Some((at, numeric)) => {
                    fields.extend_from_slice(&line[..at]);
                    fields.extend_from_slice(numeric);
                    fields.push(b'\n');
                }
                None => fields.extend_from_slice(line),
            }
        }
    }
    if let Some((from, field)) = mime {
        let value = &part[from..];
        match field {
            Mime::Type => content_type = Some(value),
            Mime::Encoding => encoding = Some(value),
            Mime::Disposition => disposition = Some(value),
            Mime::Received => received.iter_mut().for_each(|r| r.push(value)),
        }
    }
    Section {
        fields,
        any_field,
        content_type,
        encoding,
        disposition,
        body: &part[part.len()..],
        received,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obsolete_zones_are_written_numerically() {
        // RFC 5322 §4.3: "UT" is +0000, a military zone -0000; the field after stays a field
        let part = b"Date: Sat, 22 Apr 2006 17:14:50 UT\nFrom: a@example.org\n\nbody\n";
        let s = split(part, |n| {
            n.eq_ignore_ascii_case(b"date") || n.eq_ignore_ascii_case(b"from")
        });
        assert_eq!(
            s.fields,
            b"Date: Sat, 22 Apr 2006 17:14:50 +0000\nFrom: a@example.org\n"
        );
        let part = b"Date: Sat, 22 Apr 2006 17:14:50 Z\nSubject: UT\n\n";
        let s = split(part, |_| true);
        assert_eq!(
            s.fields,
            b"Date: Sat, 22 Apr 2006 17:14:50 -0000\nSubject: UT\n"
        );
        // other fields, and named or numeric zones, as written
        let part = b"Date: Sat, 22 Apr 2006 17:14:50 GMT\nX-Note: at 10 UT\n\n";
        let s = split(part, |_| true);
        assert_eq!(s.fields, part[..part.len() - 1].to_vec());
    }

    #[test]
    fn keeps_wanted_fields_with_their_folds() {
        let part = b"Received: from x\n  by y\nSubject: a\n b\nno colon\nTo: c\n  \nbody\n";
        let s = split(part, |n| n.eq_ignore_ascii_case(b"subject"));
        assert_eq!(s.fields, b"Subject: a\n b\n");
        assert!(s.any_field);
        assert_eq!(s.body, b"body\n");
    }

    #[test]
    fn mime_fields_apart() {
        let part = b"Content-Type: multipart/mixed;\n\tboundary=b\nX: 1\nContent-Transfer-Encoding: 7bit\n\n";
        let s = split(part, |_| true);
        assert_eq!(
            s.content_type,
            Some(&b" multipart/mixed;\n\tboundary=b\n"[..])
        );
        assert_eq!(s.encoding, Some(&b" 7bit\n"[..]));
        assert_eq!(s.fields, b"X: 1\n");
        let s = split(b"Content-type: text/plain", |_| true);
        assert_eq!(s.content_type, Some(&b" text/plain"[..]));
    }

    #[test]
    fn received_fields_apart() {
        let part = b"Received: from a\n\tby b; Mon\nTo: c\nReceived: from d\n\nbody\n";
        let s = split_received_apart(part, |_| true);
        assert_eq!(
            s.received,
            Some(vec![&b" from a\n\tby b; Mon\n"[..], &b" from d\n"[..]])
        );
        assert_eq!(s.fields, b"To: c\n");
        // a fold mail-parser does not read as one: the fields are to be split as usual
        let part = b"Received: from a\n\x0cby b\nTo: c\n\n";
        assert_eq!(split_received_apart(part, |_| true).received, None);
        assert_eq!(split(part, |_| true).received, None);
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
