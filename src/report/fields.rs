//! RFC 822-style field groups, the shape of `message/delivery-status` (RFC 3464 §2.1) and
//! `message/feedback-report` (RFC 5965 §3): `Name: value` lines, folded continuation lines,
//! groups separated by blank lines.

use std::borrow::Cow;

/// One field with its folding undone (RFC 5322 §2.2.3: a CRLF before white space is removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
}

/// A blank-line separated run of fields.
pub type Group<'a> = Vec<Field<'a>>;

/// Splits `text` (LF line endings) into field groups. Lines that are neither fields nor
/// continuations are skipped: real reports carry stray text, and one bad line must not cost
/// the rest of the report.
pub fn groups(text: &str) -> Vec<Group<'_>> {
    let mut out: Vec<Group<'_>> = Vec::new();
    let mut current: Group<'_> = Vec::new();
    for line in super::text::lines(text) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = current.last_mut() {
                let v = last.value.to_mut();
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        // byte searches: this runs on every line of every status part
        let Some(colon) = memchr::memchr(b':', line.as_bytes()) else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let name = name.trim();
        if name.is_empty() || name.as_bytes().contains(&b' ') {
            continue;
        }
        current.push(Field {
            name,
            value: Cow::Borrowed(value.trim()),
        });
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The value of the first field called `name` (case-insensitive, RFC 5322 §1.2.2).
pub fn get<'g, 'a: 'g>(
    fields: impl IntoIterator<Item = &'g Field<'a>>,
    name: &str,
) -> Option<&'g str> {
    fields
        .into_iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .map(|f| &*f.value)
}

/// Splits an RFC 3464 §2.1.2 typed value `type; value` (`rfc822; a@b`, `dns; mx.example`,
/// `smtp; 550 …`) and returns the value part; a value without a type is returned whole.
pub fn untyped(value: &str) -> &str {
    match value.split_once(';') {
        Some((kind, rest)) if !kind.trim().is_empty() && !kind.contains(' ') => rest.trim(),
        _ => value.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_fold_and_split() {
        let text = "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@example.org\n\
                    Diagnostic-Code: smtp; 550 5.1.1 no such\n  user here\nstray line\n\n\n";
        let g = groups(text);
        assert_eq!(g.len(), 2);
        assert_eq!(get(&g[0], "reporting-mta"), Some("dns; mx.example"));
        assert_eq!(
            get(&g[1], "Diagnostic-Code"),
            Some("smtp; 550 5.1.1 no such user here")
        );
    }

    #[test]
    fn typed_values() {
        // RFC 3464 §2.1.2 address-type / diagnostic-type prefixes
        assert_eq!(untyped("rfc822; a@b.example"), "a@b.example");
        assert_eq!(untyped("smtp; 550 x; y"), "550 x; y");
        assert_eq!(untyped("550 no; way"), "550 no; way");
    }
}
