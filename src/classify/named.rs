//! The name a phrase is said of, where an address or a domain name stands right before it
//! ("neko.example does not exist", "<a@b.example>: does not exist"). A phrase said of any name
//! is the recipient's address failure only when the name is the recipient's: RFC 3463 §3.2 gives
//! the recipient's address and system (X.1.1, X.1.2) and the sender's (X.1.7, X.1.8) their own
//! codes, and a server that checks the sender's domain says the same words of it.

/// The longest path (address) RFC 5321 §4.5.3.1.3 allows, in octets.
const PATH_MAX: usize = 256;

/// Whose name stands before a phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// The recipient's address.
    Recipient,
    /// The recipient's domain, or a host name under it.
    RecipientHost,
    /// Another address: the sender's, a forwarding target's.
    OtherAddress,
    /// Another domain: the sender's, a relay's.
    OtherHost,
}

/// Characters around a name that are not part of it: `<a@b>:`, `[host]`, `"a@b"`.
fn is_wrapping(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | ',' | '>' | '<' | ']' | '[' | '"' | '\'' | '(' | ')'
        )
}

/// Whether the token starting at byte `i` of `s` stands alone (starts the text or follows a
/// wrapping character): a code, not the digits at the end of a name.
fn is_wrapping_at(s: &str, i: usize) -> bool {
    s[..i].chars().next_back().is_none_or(is_wrapping)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@')
}

/// A DNS name with at least two labels whose last label is alphabetic (a top-level domain,
/// RFC 1123 §2.1 keeps it from being all digits): not an IP address, a version or a date.
fn is_domain(name: &str) -> bool {
    let mut labels = name.split('.');
    let last = labels.next_back().unwrap_or("");
    name.contains('.')
        && last.len() >= 2
        && last.bytes().all(|b| b.is_ascii_alphabetic())
        && name
            .split('.')
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// What the address or domain name right before byte `at` of `lower` (lowercased text) is,
/// compared with `recipient`: `None` where no such name stands there or the recipient is no
/// address.
pub fn before(lower: &str, at: usize, recipient: &str) -> Option<Named> {
    name_before(lower, at, recipient).map(|(named, _)| named)
}

/// `before`, with the byte offset in `lower` where the name starts.
pub fn name_before(lower: &str, at: usize, recipient: &str) -> Option<(Named, usize)> {
    let (recipient_local, recipient_domain) = recipient.rsplit_once('@')?;
    if recipient_domain.is_empty() {
        return None;
    }
    // A reply code or a status may stand between the name and its words:
    // "<a@b.example> 550 5.1.1 user unknown".
    let before = lower.get(..at)?;
    let mut head = before.trim_end_matches(is_wrapping);
    // A name that closes an aside ("<a@b> (expanded from <alias@c>): unknown user") is not
    // what the words are said of.
    if before[head.len()..].contains(')') {
        return None;
    }
    // The words may be the name's complement: "<a@b> is not a valid user".
    if let Some(name) = ["is", "was"]
        .iter()
        .find_map(|v| head.strip_suffix(v).filter(|h| h.ends_with(is_wrapping)))
    {
        head = name.trim_end_matches(is_wrapping);
    }
    for _ in 0..2 {
        let code_start = head
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |i| {
                i + head[i..].chars().next().map_or(1, char::len_utf8)
            });
        if code_start == head.len() || !is_wrapping_at(head, code_start) {
            break;
        }
        head = head[..code_start].trim_end_matches(is_wrapping);
    }
    // RFC 5322 §3.2.3: a local part may hold more than name characters ("j.o'neill@…",
    // "a/b@…"); the recipient's whole address standing there is the recipient's.
    if let Some(start) = head.len().checked_sub(recipient.len()).filter(|&start| {
        head.as_bytes()[start..].eq_ignore_ascii_case(recipient.as_bytes())
            && head[..start].chars().next_back().is_none_or(is_wrapping)
    }) {
        return Some((Named::Recipient, start));
    }
    // RFC 5321 §4.5.3.1.3: a path is at most 256 octets. A longer run of name characters is
    // no name, and reading it back from every phrase in it would take quadratic time.
    let mut window = head.len().saturating_sub(PATH_MAX + 1);
    while !head.is_char_boundary(window) {
        window += 1;
    }
    let start = match head[window..]
        .char_indices()
        .rev()
        .find(|(_, c)| !is_name_char(*c))
    {
        Some((i, c)) => window + i + c.len_utf8(),
        None if window == 0 => 0,
        None => return None,
    };
    let name = head[start..].trim_matches('.');
    match name.split_once('@') {
        Some((local, domain)) if !local.is_empty() && is_domain(domain) => {
            // The same mailbox under a routing name ("kim@mail.example.org"): the recipient's.
            Some(
                if name.eq_ignore_ascii_case(recipient)
                    || local.eq_ignore_ascii_case(recipient_local)
                {
                    Named::Recipient
                } else {
                    Named::OtherAddress
                },
            )
        }
        None if is_domain(name) => Some(if crate::address::is_within(name, recipient_domain) {
            Named::RecipientHost
        } else {
            Named::OtherHost
        }),
        // The recipient's mailbox name alone ("mailbox kim not found").
        None if !name.is_empty() && name.eq_ignore_ascii_case(recipient_local) => {
            Some(Named::Recipient)
        }
        _ => None,
    }
    .map(|named| (named, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str, recipient: &str) -> Option<Named> {
        let at = text.find("does not exist").expect(text);
        before(text, at, recipient)
    }

    #[test]
    fn the_recipients_address_or_domain() {
        let r = "Kim@Example.org";
        assert_eq!(
            named("550 <kim@example.org>: does not exist", r),
            Some(Named::Recipient)
        );
        assert_eq!(
            named("550 example.org does not exist", r),
            Some(Named::RecipientHost)
        );
        assert_eq!(
            named("550 [mx1.example.org] does not exist", r),
            Some(Named::RecipientHost)
        );
        // its mailbox name alone
        assert_eq!(
            named("550 mailbox kim does not exist", r),
            Some(Named::Recipient)
        );
        assert_eq!(named("550 mailbox tora does not exist", r), None);
        // a local part with an apostrophe or a slash (RFC 5322 atext)
        for r in ["j.o'neill@example.org", "sales/uk@example.org"] {
            let text = format!("550 {r} does not exist");
            assert_eq!(named(&text, r), Some(Named::Recipient), "{text}");
        }
        // another address that ends like the recipient's is not it
        assert_eq!(
            named(
                "550 tim.o'neill@example.org does not exist",
                "o'neill@example.org"
            ),
            Some(Named::OtherAddress)
        );
    }

    #[test]
    fn another_address_or_domain() {
        let r = "kim@example.org";
        assert_eq!(
            named("553 relay.sender.example does not exist", r),
            Some(Named::OtherHost)
        );
        assert_eq!(
            named("553 <bob@sender.example> does not exist", r),
            Some(Named::OtherAddress)
        );
        // the same mailbox under another routing name
        assert_eq!(
            named("550 <kim@mail.example.org>: does not exist", r),
            Some(Named::Recipient)
        );
        // a reply code and a status between the name and its words
        assert_eq!(
            named("550 <bob@sender.example> 550 5.1.1 does not exist", r),
            Some(Named::OtherAddress)
        );
        assert_eq!(
            named("550 <kim@example.org>... 550 does not exist", r),
            Some(Named::Recipient)
        );
        // an alias in an aside is not what the words are said of
        assert_eq!(
            named(
                "<kim@example.org> (expanded from <bob@example.org>): does not exist",
                r
            ),
            None
        );
        // a name that only ends like the recipient's domain is another one
        assert_eq!(
            named("553 notexample.org does not exist", r),
            Some(Named::OtherHost)
        );
    }

    #[test]
    fn no_name_before() {
        let r = "kim@example.org";
        for text in [
            "550 mailbox does not exist",
            "550 does not exist",
            "550 192.0.2.1 does not exist",
            "mailman 2.0.13 does not exist",
            "ねこ does not exist",
        ] {
            assert_eq!(named(text, r), None, "{text}");
        }
        // an unknown recipient is compared with nothing
        assert_eq!(named("553 relay.sender.example does not exist", ""), None);
    }
}
