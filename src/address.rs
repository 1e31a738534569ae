//! Mail addresses, two ways. `check`: whether a string from a report may be stored as a person's
//! address; reports come from anyone, and a Final-Recipient with terminal escapes, NUL or ten
//! thousand characters must not become a person that `list` later prints raw, while odd but real
//! local parts stay readable. `parse`: an address an operator types on the command line, held to
//! RFC 5321 syntax, so that a typo is an error, not an empty answer about a person who cannot exist.

use std::fmt;

/// RFC 5321 §4.5.3.1.1: the local part is at most 64 octets.
pub const MAX_LOCAL: usize = 64;
/// RFC 5321 §4.5.3.1.2: the domain is at most 255 octets.
pub const MAX_DOMAIN: usize = 255;
/// RFC 5321 §4.5.3.1.3: a path, `<` and `>` included, is at most 256 octets.
pub const MAX_PATH: usize = 256;

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
    /// Whitespace or one of `<>()[]\,;:"@` in a local part that is not quoted.
    Special(char),
    UnbalancedQuote,
    BadDomain,
    /// `parse` only: neither an RFC 5321 dot-string nor a quoted string.
    BadLocal,
    /// `parse` only: the path `<address>` is longer than RFC 5321 allows.
    PathTooLong(usize),
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::NoAt => f.write_str("not an email address (no @)"),
            Invalid::EmptyLocal => f.write_str("the local part (before @) is empty"),
            Invalid::EmptyDomain => f.write_str("the domain (after @) is empty"),
            Invalid::LocalTooLong(n) => write!(
                f,
                "the local part has {n} octets, more than {MAX_LOCAL} (RFC 5321 §4.5.3.1.1)"
            ),
            Invalid::DomainTooLong(n) => write!(
                f,
                "the domain has {n} octets, more than {MAX_DOMAIN} (RFC 5321 §4.5.3.1.2)"
            ),
            Invalid::Control(at) => write!(f, "a control character at position {at}"),
            Invalid::Special(c) => write!(f, "{c:?} outside quotes in the local part"),
            Invalid::UnbalancedQuote => f.write_str("an unbalanced quote in the local part"),
            Invalid::BadDomain => f.write_str("the domain is not a valid host name"),
            Invalid::BadLocal => {
                f.write_str("the local part is neither a dot-atom nor a quoted string")
            }
            Invalid::PathTooLong(n) => write!(
                f,
                "the path <address> has {n} octets, more than {MAX_PATH} (RFC 5321 §4.5.3.1.3)"
            ),
        }
    }
}

impl std::error::Error for Invalid {}

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
    if domain.chars().any(is_special) {
        return Err(Invalid::BadDomain);
    }
    // an empty label, as `split('.')` would find one, compared as bytes (every address read
    // comes here)
    let bytes = domain.as_bytes();
    if bytes.is_empty()
        || bytes.first() == Some(&b'.')
        || bytes.last() == Some(&b'.')
        || bytes.windows(2).any(|w| w == b"..")
    {
        return Err(Invalid::BadDomain);
    }
    Ok(())
}

/// RFC 5322 §3.2.3 specials and whitespace: never part of an unquoted address.
fn is_special(c: char) -> bool {
    // a match, not `str::contains`: this runs on every character of every address read
    c.is_whitespace()
        || matches!(
            c,
            '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';' | ':' | '"' | '@'
        )
}

/// Checks `text` (optionally in `<>`) and returns it lowercased, as the database keys people.
pub fn parse(text: &str) -> Result<String, Invalid> {
    let text = text.trim();
    let address = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    check(address)?;
    let (local, domain) = address.rsplit_once('@').ok_or(Invalid::NoAt)?;
    if !is_dot_string(local) && !is_quoted_string(local) {
        return Err(Invalid::BadLocal);
    }
    if !is_domain(domain) {
        return Err(Invalid::BadDomain);
    }
    if local.len() > MAX_LOCAL {
        return Err(Invalid::LocalTooLong(local.len()));
    }
    if domain.len() > MAX_DOMAIN {
        return Err(Invalid::DomainTooLong(domain.len()));
    }
    let path = address.len() + 2;
    if path > MAX_PATH {
        return Err(Invalid::PathTooLong(path));
    }
    Ok(address.to_lowercase())
}

/// `address` with its local part unquoted where the quotes hold a plain Dot-string
/// (`"ann+promo"@example.com` is `ann+promo@example.com`): RFC 5322 §3.2.4, the quotes of a
/// quoted-string are no part of its meaning, and RFC 5321 §4.1.2 prefers the Dot-string form.
pub fn unquoted(address: &str) -> std::borrow::Cow<'_, str> {
    let inner = address.rsplit_once('@').and_then(|(local, domain)| {
        let inner = local.strip_prefix('"')?.strip_suffix('"')?;
        is_dot_string(inner).then(|| format!("{inner}@{domain}"))
    });
    inner.map_or(std::borrow::Cow::Borrowed(address), std::borrow::Cow::Owned)
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

/// Whether `name` is `domain` or a host name under it (ASCII case ignored).
pub fn is_within(name: &str, domain: &str) -> bool {
    let (n, d) = (name.as_bytes(), domain.as_bytes());
    n.len() >= d.len()
        && n[n.len() - d.len()..].eq_ignore_ascii_case(d)
        && (n.len() == d.len() || n[n.len() - d.len() - 1] == b'.')
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
        assert_eq!(check("a@<b>.com"), Err(Invalid::BadDomain));
    }

    #[test]
    fn shown_escapes_and_cuts() {
        assert_eq!(shown("a\u{1b}b"), "a\\u{1b}b");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 81);
    }

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
        assert_eq!(parse("not-an-email"), Err(Invalid::NoAt));
        assert_eq!(parse("@x.test"), Err(Invalid::EmptyLocal));
        assert_eq!(parse("a@"), Err(Invalid::EmptyDomain));
        assert_eq!(parse("a..b@x.test"), Err(Invalid::BadLocal));
        assert_eq!(parse("a b@x.test"), Err(Invalid::Special(' ')));
        assert_eq!(parse("a@-x.test"), Err(Invalid::BadDomain));
        assert_eq!(parse("a@x..test"), Err(Invalid::BadDomain));
        assert_eq!(parse("\"a\"b\"@x.test"), Err(Invalid::UnbalancedQuote));
    }

    #[test]
    fn rfc_5321_limits() {
        let local64 = "a".repeat(64);
        assert!(parse(&format!("{local64}@x.test")).is_ok());
        assert_eq!(
            parse(&format!("{local64}a@x.test")),
            Err(Invalid::LocalTooLong(65))
        );
        let label = "d".repeat(63);
        let domain = [label.as_str(); 4].join("."); // 255 octets
        assert_eq!(
            parse(&format!("a@{label}d.test")),
            Err(Invalid::BadDomain),
            "a 64-octet label"
        );
        assert_eq!(
            parse(&format!("a@{domain}.x")),
            Err(Invalid::DomainTooLong(257))
        );
        // 255-octet domain and 1-octet local: 257 octets with <>, one over the path limit.
        assert_eq!(
            parse(&format!("a@{domain}")),
            Err(Invalid::PathTooLong(259))
        );
    }
}
