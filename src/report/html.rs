//! The words of an HTML part, for the readers that search text.

/// Tags that start a new line of text (block-level elements and `br`).
const BREAKS: [&str; 10] = [
    "br", "p", "pre", "div", "tr", "li", "h1", "h2", "h3", "table",
];

/// Table cells: side by side when rendered, so their words stay apart ("Recipient" and the
/// address in the next cell).
const CELLS: [&str; 2] = ["td", "th"];

/// Elements whose content is no text (CSS, scripts): skipped up to their end tag.
const RAW_TEXT: [&str; 2] = ["style", "script"];

/// The named entities decoded: the five of XML, and the no-break space as a space.
const ENTITIES: [(&str, &str); 5] = [
    ("&nbsp;", " "),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&amp;", "&"),
    ("&quot;", "\""),
];

/// Tag-stripped text of an HTML part; bounces in HTML only (some Exchange, Office 365 and AOL
/// NDRs) still need their words read. Block-level tags become line breaks, style and script
/// contents are dropped, the XML entities and numeric character references are decoded. A
/// `mailto:` link whose text names no address is followed by its address in angle brackets
/// (RFC 6068: the link's address is the one meant). One pass, no allocation per tag.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // the open mailto link: its address, and where its text starts in `out`
    let mut link: Option<(&str, usize)> = None;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            if let Some((text, len)) = named(rest) {
                out.push_str(text);
                rest = &rest[len..];
            } else if let Some((c, len)) = numeric(rest) {
                out.push(c);
                rest = &rest[len..];
            } else {
                out.push('&');
                rest = &rest[1..];
            }
            continue;
        }
        let Some(close) = rest.find('>') else {
            return out;
        };
        let inside = &rest[1..close];
        let name = tag_name(inside);
        if name.eq_ignore_ascii_case("a") {
            if inside.starts_with('/') {
                if let Some((address, from)) = link.take() {
                    if !out[from..].contains('@') {
                        out.push_str(" <");
                        out.push_str(address);
                        out.push('>');
                    }
                }
            } else {
                link = mailto(inside).map(|a| (a, out.len()));
            }
        }
        if BREAKS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            out.push('\n');
        } else if CELLS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            out.push(' ');
        }
        // Skip what a style or script element holds, up to its end tag; without one it runs
        // to the end of the text (so a run of unclosed tags costs one scan, not one each).
        let raw_text = RAW_TEXT
            .iter()
            .find(|t| t.eq_ignore_ascii_case(name) && !inside.starts_with('/'));
        rest = match raw_text {
            Some(t) => match end_tag(&rest[close..], t) {
                Some(end) => &rest[close + end..],
                None => return out,
            },
            None => &rest[close + 1..],
        };
    }
    out.push_str(rest);
    out
}

/// The element name of a tag's inside (`p class=x`, `/P`, `br/`): up to the first space, `/`
/// or end, so that `p` never matches `pre`.
fn tag_name(inside: &str) -> &str {
    let name = inside.strip_prefix('/').unwrap_or(inside);
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(name.len());
    &name[..end]
}

/// The address of an `a` tag's `mailto:` link (RFC 6068), up to its query or the attribute's
/// end; only one that looks like an address.
fn mailto(inside: &str) -> Option<&str> {
    // RFC 3986 §3.1: a scheme is case-insensitive
    let at = inside
        .as_bytes()
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"mailto:"))?;
    let address = &inside[at + "mailto:".len()..];
    let end = address
        .find(|c: char| matches!(c, '"' | '\'' | '?' | '>' | '<') || c.is_whitespace())
        .unwrap_or(address.len());
    Some(&address[..end]).filter(|a| a.contains('@'))
}

/// Where `</name` starts in `text` as a whole end tag (followed by `>`, `/`, a space or the end):
/// only a `<` can start it, and style sheets run to kilobytes.
fn end_tag(text: &str, name: &str) -> Option<usize> {
    memchr::memchr_iter(b'<', text.as_bytes()).find(|&i| {
        let after = &text[i + 1..];
        after.strip_prefix('/').is_some_and(|tag| {
            tag.get(..name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && tag[name.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
        })
    })
}

/// The named entity at the start of `text`: its text and its length in bytes.
fn named(text: &str) -> Option<(&'static str, usize)> {
    ENTITIES
        .iter()
        .find(|(e, _)| {
            text.get(..e.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(e))
        })
        .map(|(e, c)| (*c, e.len()))
}

/// Most digits read in a numeric reference: more only pad a value that is already invalid.
const MAX_DIGITS: usize = 8;

/// The numeric character reference at the start of `text` (HTML: `&#` decimal digits, or
/// `&#x` hex digits, then `;`): its character and its length in bytes. A code point that is
/// no character (0, a surrogate, past U+10FFFF) is U+FFFD, as HTML decodes it.
fn numeric(text: &str) -> Option<(char, usize)> {
    let body = text.strip_prefix("&#")?;
    let (radix, digits_at) = match body.as_bytes().first() {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let digits = &text[digits_at..];
    let len = digits
        .bytes()
        .take_while(|b| char::from(*b).is_digit(radix))
        .count();
    if len == 0 || len > MAX_DIGITS || digits.as_bytes().get(len) != Some(&b';') {
        return None;
    }
    let c = u32::from_str_radix(&digits[..len], radix)
        .ok()
        .filter(|&n| n != 0)
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    Some((c, digits_at + len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_style_runs_to_the_end() {
        assert_eq!(strip_html("a<br><style>x<style>y"), "a\n");
        let hostile = "<style>".repeat(20_000);
        assert_eq!(strip_html(&hostile), "");
    }

    #[test]
    fn html_to_text() {
        let html = "<html><head><style>p { color: red }</style></head><BODY><P>Delivery&nbsp;failed:\
                    <br/>550 user&lt;unknown&gt; &amp; more</p><script>x<y</script>done &copy;</body>";
        assert_eq!(
            strip_html(html),
            "\nDelivery failed:\n550 user<unknown> & more\ndone &copy;"
        );
    }

    #[test]
    fn tag_names_match_whole() {
        // `p` is not `param` or `progress`, `li` not `link`, `tr` not `track`
        assert_eq!(strip_html("a<param name=x>b<link rel=x>c<track>d"), "abcd");
        assert_eq!(strip_html("a<p class=x>b</p >c<br/>d<P>e"), "a\nb\nc\nd\ne");
        // `pre` is a block of its own, not a `p`
        assert_eq!(strip_html("a<pre>b</pre>c"), "a\nb\nc");
        // `<styles>` is no style element, and `</styles>` does not end one
        assert_eq!(strip_html("a<styles>b"), "ab");
        assert_eq!(strip_html("a<style>x</styles>y</style >b"), "ab");
    }

    #[test]
    fn table_cells_stay_apart() {
        assert_eq!(
            strip_html("<tr><td><b>Recipient</b></td><td>a@example.org</td></tr>"),
            "\n Recipient  a@example.org \n"
        );
    }

    #[test]
    fn a_mailto_links_address_is_kept() {
        // RFC 6068: the link names the address its text may only describe
        assert_eq!(
            strip_html("to <a href=\"mailto:v@example.org\">Vera</a> failed"),
            "to Vera <v@example.org> failed"
        );
        assert_eq!(
            strip_html("<A HREF='MAILTO:v@example.org?subject=x'>Vera</A>"),
            "Vera <v@example.org>"
        );
        // a link whose text is the address, or no mailto link, is left as its text
        assert_eq!(
            strip_html("<a href=\"mailto:v@example.org\">v@example.org</a>"),
            "v@example.org"
        );
        assert_eq!(
            strip_html("<a href=\"https://example.org\">help</a>"),
            "help"
        );
        // an end tag without its start adds nothing
        assert_eq!(strip_html("a</a>b"), "ab");
    }

    #[test]
    fn numeric_references() {
        // HTML: decimal and hexadecimal references, any case of x
        assert_eq!(strip_html("user&#64;example.org"), "user@example.org");
        assert_eq!(strip_html("&#x3C;a&#X3e; &#x00e9;t&#233;"), "<a> été");
        assert_eq!(strip_html("&#x1F600;"), "\u{1F600}");
        // no character: U+FFFD
        assert_eq!(
            strip_html("&#0;&#xD800;&#x110000;"),
            "\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        // not references: left as written
        for text in [
            "&#;",
            "&#x;",
            "&#12",
            "&#12a;",
            "&#xZZ;",
            "&#123456789;",
            "& #1;",
        ] {
            assert_eq!(strip_html(text), text);
        }
    }
}
