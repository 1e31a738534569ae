//! Mailbox syntax and RFC 5321 size limits, for addresses an operator types on the command line:
//! a typo must be an error, not an empty answer about a person who cannot exist.

use std::fmt;

/// RFC 5321 §4.5.3.1.1: the local part is at most 64 octets.
pub const MAX_LOCAL: usize = 64;
/// RFC 5321 §4.5.3.1.2: the domain is at most 255 octets.
pub const MAX_DOMAIN: usize = 255;
/// RFC 5321 §4.5.3.1.3: a path, `<` and `>` included, is at most 256 octets.
pub const MAX_PATH: usize = 256;

/// Why a text is not a usable mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressError {
    NoAt,
    EmptyLocal,
    EmptyDomain,
    BadLocal,
    BadDomain,
    LocalTooLong(usize),
    DomainTooLong(usize),
    PathTooLong(usize),
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressError::NoAt => f.write_str("not an email address (no @)"),
            AddressError::EmptyLocal => f.write_str("the local part (before @) is empty"),
            AddressError::EmptyDomain => f.write_str("the domain (after @) is empty"),
            AddressError::BadLocal => {
                f.write_str("the local part is neither a dot-atom nor a quoted string")
            }
            AddressError::BadDomain => f.write_str("the domain is not a valid host name"),
            AddressError::LocalTooLong(n) => write!(
                f,
                "the local part has {n} octets, more than {MAX_LOCAL} (RFC 5321 §4.5.3.1.1)"
            ),
            AddressError::DomainTooLong(n) => write!(
                f,
                "the domain has {n} octets, more than {MAX_DOMAIN} (RFC 5321 §4.5.3.1.2)"
            ),
            AddressError::PathTooLong(n) => write!(
                f,
                "the path <address> has {n} octets, more than {MAX_PATH} (RFC 5321 §4.5.3.1.3)"
            ),
        }
    }
}

impl std::error::Error for AddressError {}

/// Checks `text` (optionally in `<>`) and returns it lowercased, as the database keys people.
pub fn parse(text: &str) -> Result<String, AddressError> {
    let text = text.trim();
    let address = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    let (local, domain) = address.rsplit_once('@').ok_or(AddressError::NoAt)?;
    if local.is_empty() {
        return Err(AddressError::EmptyLocal);
    }
    if domain.is_empty() {
        return Err(AddressError::EmptyDomain);
    }
    if !is_dot_string(local) && !is_quoted_string(local) {
        return Err(AddressError::BadLocal);
    }
    if !is_domain(domain) {
        return Err(AddressError::BadDomain);
    }
    if local.len() > MAX_LOCAL {
        return Err(AddressError::LocalTooLong(local.len()));
    }
    if domain.len() > MAX_DOMAIN {
        return Err(AddressError::DomainTooLong(domain.len()));
    }
    let path = address.len() + 2;
    if path > MAX_PATH {
        return Err(AddressError::PathTooLong(path));
    }
    Ok(address.to_lowercase())
}

/// RFC 5321 §4.1.2 atext, with RFC 6531's UTF-8 (SMTPUTF8).
fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

/// RFC 5321 §4.1.2 Dot-string.
fn is_dot_string(s: &str) -> bool {
    s.split('.')
        .all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// RFC 5321 §4.1.2 Quoted-string: printable characters, `\` escaping any printable one.
fn is_quoted_string(s: &str) -> bool {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return false;
    };
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars
                .next()
                .is_some_and(|n| n == ' ' || n.is_ascii_graphic()) => {}
            '"' | '\\' => return false,
            c if c == ' ' || c.is_ascii_graphic() || !c.is_ascii() => {}
            _ => return false,
        }
    }
    true
}

/// RFC 5321 §4.1.2 Domain (labels of letters, digits and inner hyphens, at most 63 octets each,
/// UTF-8 allowed for internationalised names) or an address literal in brackets.
fn is_domain(s: &str) -> bool {
    if let Some(literal) = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        return !literal.is_empty() && literal.chars().all(|c| c.is_ascii_graphic() && c != '[');
    }
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    s.split('.').all(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases() {
        assert_eq!(parse(" Alice@Example.COM ").unwrap(), "alice@example.com");
        assert_eq!(parse("<a+b=c@x.test>").unwrap(), "a+b=c@x.test");
        assert_eq!(parse("\"john doe\"@x.test").unwrap(), "\"john doe\"@x.test");
        assert_eq!(parse("jörg@bücher.test").unwrap(), "jörg@bücher.test");
        assert_eq!(parse("root@[192.0.2.1]").unwrap(), "root@[192.0.2.1]");
    }

    #[test]
    fn refuses_what_is_not_a_mailbox() {
        assert_eq!(parse("not-an-email"), Err(AddressError::NoAt));
        assert_eq!(parse("@x.test"), Err(AddressError::EmptyLocal));
        assert_eq!(parse("a@"), Err(AddressError::EmptyDomain));
        assert_eq!(parse("a..b@x.test"), Err(AddressError::BadLocal));
        assert_eq!(parse("a b@x.test"), Err(AddressError::BadLocal));
        assert_eq!(parse("a@-x.test"), Err(AddressError::BadDomain));
        assert_eq!(parse("a@x..test"), Err(AddressError::BadDomain));
        assert_eq!(parse("\"a\"b\"@x.test"), Err(AddressError::BadLocal));
    }

    #[test]
    fn rfc_5321_limits() {
        let local64 = "a".repeat(64);
        assert!(parse(&format!("{local64}@x.test")).is_ok());
        assert_eq!(
            parse(&format!("{local64}a@x.test")),
            Err(AddressError::LocalTooLong(65))
        );
        let label = "d".repeat(63);
        let domain = [label.as_str(); 4].join("."); // 255 octets
        assert_eq!(
            parse(&format!("a@{domain}x")),
            Err(AddressError::BadDomain),
            "a 64-octet label"
        );
        assert_eq!(
            parse(&format!("a@{domain}.x")),
            Err(AddressError::DomainTooLong(257))
        );
        // 255-octet domain and 1-octet local: 257 octets with <>, one over the path limit.
        assert_eq!(
            parse(&format!("a@{domain}")),
            Err(AddressError::PathTooLong(259))
        );
    }
}
