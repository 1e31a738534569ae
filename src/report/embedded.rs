//! A delivery-status block that arrives as text: inside a text part (Amazon WorkMail's
//! "Technical report"), or in a multipart report whose boundary does not match its header, so
//! that the MIME parser sees one text body. The fields are RFC 3464's all the same.

use super::phrases::Phrases;

static RECIPIENT: Phrases = Phrases::new(&["\nfinal-recipient:", "\noriginal-recipient:"]);

/// The span of `lower` (a lowercased text) that holds RFC 3464 fields: from the Reporting-MTA
/// line (or the first recipient field) to the end of the last field group. `None` when the text
/// has no recipient field at the start of a line.
pub fn find(lower: &str) -> Option<(usize, usize)> {
    let recipient = RECIPIENT.earliest(lower)? + 1;
    let start = lower[..recipient]
        .rfind("\nreporting-mta:")
        .map_or(recipient, |at| at + 1);
    // The block ends at the first line after it that is neither a field, a continuation,
    // nor blank: the returned original's MIME boundary or the next paragraph of prose.
    let mut end = start;
    for line in lower[start..].split_inclusive('\n') {
        let body = line.trim_end();
        let field_like = body
            .split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && !name.contains(' '));
        if !(body.is_empty() || body.starts_with([' ', '\t']) || field_like) {
            break;
        }
        end += line.len();
    }
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_inside_prose() {
        let text = "we could not deliver.\ntechnical report:\nreporting-mta: dns; a.example\n\n\
                    final-recipient: rfc822; a@b.example\naction: failed\nstatus: 5.1.1\n\n\
                    --boundary\n";
        let (s, e) = find(text).expect("block");
        assert!(text[s..e].starts_with("reporting-mta"));
        assert!(text[s..e].ends_with("status: 5.1.1\n\n"));
        assert_eq!(find("no fields here\n"), None);
    }
}
