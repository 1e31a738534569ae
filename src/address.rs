//! Whether a string may be stored as a person's address. Reports come from anyone: a
//! Final-Recipient with terminal escapes, NUL or ten thousand characters must not become a
//! person that `list` later prints raw. Shared by the daemon and the command line.

use std::fmt;

/// RFC 5321 §4.5.3.1.1: the local part is at most 64 octets.
pub const MAX_LOCAL: usize = 64;
/// RFC 5321 §4.5.3.1.2: the domain is at most 255 octets.
pub const MAX_DOMAIN: usize = 255;

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    NoAt,
    EmptyLocal,
    EmptyDomain,
    LocalTooLong(usize),
    DomainTooLong(usize),
    /// A control character (C0, DEL or C1), at this character index.
    Control(usize),
    /// Whitespace or one of `<>()[]\,;:"@` outside a quoted local part.
    Special(char),
    UnbalancedQuote,
    BadDomain,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::NoAt => f.write_str("no @"),
            Invalid::EmptyLocal => f.write_str("empty local part"),
            Invalid::EmptyDomain => f.write_str("empty domain"),
            Invalid::LocalTooLong(n) => {
                write!(f, "local part of {n} octets (RFC 5321 allows {MAX_LOCAL})")
            }
            Invalid::DomainTooLong(n) => {
                write!(f, "domain of {n} octets (RFC 5321 allows {MAX_DOMAIN})")
            }
            Invalid::Control(at) => write!(f, "control character at position {at}"),
            Invalid::Special(c) => write!(f, "{:?} outside quotes", c),
            Invalid::UnbalancedQuote => f.write_str("unbalanced quote in the local part"),
            Invalid::BadDomain => f.write_str("domain with an empty or malformed label"),
        }
    }
}

/// Checks `address` (`local@domain`; the local part may be quoted, RFC 5321 §4.1.2; UTF-8 is
/// allowed, RFC 6531). Lenient on everything but what makes an address unsafe or impossible.
pub fn check(address: &str) -> Result<(), Invalid> {
    if let Some(at) = address.chars().position(char::is_control) {
        return Err(Invalid::Control(at));
    }
    let (local, domain) = address.rsplit_once('@').ok_or(Invalid::NoAt)?;
    if local.is_empty() {
        return Err(Invalid::EmptyLocal);
    }
    if domain.is_empty() {
        return Err(Invalid::EmptyDomain);
    }
    if local.len() > MAX_LOCAL {
        return Err(Invalid::LocalTooLong(local.len()));
    }
    if domain.len() > MAX_DOMAIN {
        return Err(Invalid::DomainTooLong(domain.len()));
    }
    check_local(local)?;
    check_domain(domain)
}

fn check_local(local: &str) -> Result<(), Invalid> {
    if let Some(inner) = local.strip_prefix('"') {
        // A quoted string: anything printable, `\` escapes the next character.
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next().ok_or(Invalid::UnbalancedQuote)?;
                }
                '"' if chars.as_str().is_empty() => return Ok(()),
                '"' => return Err(Invalid::UnbalancedQuote),
                _ => {}
            }
        }
        return Err(Invalid::UnbalancedQuote);
    }
    match local.chars().find(|c| is_special(*c)) {
        Some(c) => Err(Invalid::Special(c)),
        None => Ok(()),
    }
}

fn check_domain(domain: &str) -> Result<(), Invalid> {
    // RFC 5321 §4.1.3 address literal.
    if let Some(literal) = domain.strip_prefix('[') {
        return match literal.strip_suffix(']') {
            Some(inner) if !inner.is_empty() && !inner.contains(['[', ']', ' ']) => Ok(()),
            _ => Err(Invalid::BadDomain),
        };
    }
    if let Some(c) = domain.chars().find(|c| is_special(*c)) {
        return Err(Invalid::Special(c));
    }
    if domain.split('.').any(str::is_empty) {
        return Err(Invalid::BadDomain);
    }
    Ok(())
}

/// RFC 5322 §3.2.3 specials and whitespace: never part of an unquoted address.
fn is_special(c: char) -> bool {
    c.is_whitespace() || "<>()[]\\,;:\"@".contains(c)
}

/// `text` made safe for a log line or an error message: control characters escaped, cut at
/// 80 characters.
pub fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(80).flat_map(char::escape_debug).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass() {
        for ok in [
            "neko@example.org",
            "bounces+t+x=y.example@b.test",
            "\"john doe\"@example.com",
            "\"a\\\"b\"@example.com",
            "müller@bücher.example",
            "postmaster@[192.0.2.1]",
            &format!("{}@example.com", "x".repeat(64)),
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn hostile_addresses_are_refused() {
        assert_eq!(check("a\u{1b}[31m@example.com"), Err(Invalid::Control(1)));
        assert_eq!(check("bell\u{7}@example.com"), Err(Invalid::Control(4)));
        assert_eq!(check("nul\0@example.com"), Err(Invalid::Control(3)));
        assert_eq!(check("a@exa\u{9b}mple.com"), Err(Invalid::Control(5)));
        let long = format!("{}@example.com", "x".repeat(10_000));
        assert_eq!(check(&long), Err(Invalid::LocalTooLong(10_000)));
        let long_domain = format!("a@{}.com", "d".repeat(300));
        assert_eq!(check(&long_domain), Err(Invalid::DomainTooLong(304)));
        assert_eq!(
            check("x@example.com"[1..].as_ref()),
            Err(Invalid::EmptyLocal)
        );
        assert_eq!(check("x@"), Err(Invalid::EmptyDomain));
        assert_eq!(check("nobody"), Err(Invalid::NoAt));
        assert_eq!(check("john doe@example.com"), Err(Invalid::Special(' ')));
        assert_eq!(check("\"john@example.com"), Err(Invalid::UnbalancedQuote));
        assert_eq!(check("a@example..com"), Err(Invalid::BadDomain));
        assert_eq!(check("a@<b>.com"), Err(Invalid::Special('<')));
    }

    #[test]
    fn shown_escapes_and_cuts() {
        assert_eq!(shown("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 81);
    }
}
