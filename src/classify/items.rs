//! One reply that answers for several recipients at once and lists each address with its own
//! outcome: Barracuda's "550 permanent failure for one or more recipients (a@x:550 No such
//! user (a@x), b@x:blocked)". Each recipient is judged on the text before the list and its own
//! item, never on another address's outcome.

use std::borrow::Cow;

use crate::report::text::addresses;

/// `diagnostic` (lowercased) narrowed to `recipient`'s item where it lists two or more
/// `address:outcome` items and one is `recipient`'s; otherwise unchanged.
pub fn own_item<'d>(diagnostic: &'d str, recipient: &str) -> Cow<'d, str> {
    let starts: Vec<(usize, &str)> = item_starts(diagnostic).collect();
    if starts.len() < 2 {
        return Cow::Borrowed(diagnostic);
    }
    let Some(i) = starts
        .iter()
        .position(|(_, a)| a.eq_ignore_ascii_case(recipient))
    else {
        return Cow::Borrowed(diagnostic);
    };
    let first = starts[0].0;
    let from = starts[i].0;
    let to = starts.get(i + 1).map_or(diagnostic.len(), |(at, _)| *at);
    let item = diagnostic[from..to].trim_end().trim_end_matches(',');
    let mut own = format!("{}{item}", &diagnostic[..first]);
    // the list's closing parenthesis, where the item is not the last one
    if diagnostic[..first].ends_with('(') && i + 1 < starts.len() {
        own.push(')');
    }
    Cow::Owned(own)
}

/// Where each `address:outcome` item begins, with its address: an address directly followed
/// by a colon and the outcome, opening a parenthesis or after a comma.
fn item_starts(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = text.as_bytes();
    addresses(text).filter_map(move |address| {
        let start = address.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + address.len();
        let before = text[..start].trim_end_matches(' ');
        let listed = before.ends_with('(') || before.ends_with(',');
        let outcome = bytes.get(end + 1).is_some_and(|b| !b.is_ascii_whitespace());
        (bytes.get(end) == Some(&b':') && outcome && listed).then_some((start, address))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // A Barracuda-style answer for two recipients of one message, written for this test.
    const TWO: &str = "550 permanent failure for one or more recipients \
        (ann@example.org:550 no such user (ann@example.org), bob@example.org:blocked)";

    #[test]
    fn each_recipient_gets_its_own_item() {
        assert_eq!(
            own_item(TWO, "Ann@example.org"),
            "550 permanent failure for one or more recipients \
             (ann@example.org:550 no such user (ann@example.org))"
        );
        assert_eq!(
            own_item(TWO, "bob@example.org"),
            "550 permanent failure for one or more recipients (bob@example.org:blocked)"
        );
    }

    #[test]
    fn a_single_item_or_an_unlisted_recipient_keeps_the_whole_reply() {
        let one = "550 permanent failure for one or more recipients (ann@example.org:blocked)";
        assert_eq!(own_item(one, "ann@example.org"), one);
        assert_eq!(own_item(TWO, "carol@example.org"), TWO);
        // an address followed by a colon in running text is no list
        let prose = "delivery to ann@example.org: failed; bob@example.org: ok";
        assert_eq!(own_item(prose, "ann@example.org"), prose);
    }
}
