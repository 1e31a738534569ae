//! The words of an HTML part, for the readers that search text.

/// Tag-stripped text of an HTML part; bounces in HTML only (some Exchange, Office 365 and AOL
/// NDRs) still need their words read. Block-level tags become line breaks, style and script
/// contents are dropped, and the five XML entities are decoded. One pass, no allocation per tag.
pub fn strip_html(html: &str) -> String {
    const BREAKS: [&str; 9] = ["br", "p", "div", "tr", "li", "h1", "h2", "h3", "table"];
    const ENTITIES: [(&str, &str); 5] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
        ("&quot;", "\""),
    ];
    let starts = |s: &str, prefix: &str| {
        s.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
    };
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            match ENTITIES.iter().find(|(e, _)| starts(rest, e)) {
                Some((e, c)) => {
                    out.push_str(c);
                    rest = &rest[e.len()..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let Some(close) = rest.find('>') else {
            return out;
        };
        let name = rest[1..close].trim_start_matches('/');
        if BREAKS.iter().any(|t| starts(name, t)) {
            out.push('\n');
        }
        // Skip what a style or script element holds, up to its end tag; without one it runs
        // to the end of the text (so a run of unclosed tags costs one scan, not one each).
        let raw_text = ["style", "script"]
            .iter()
            .find(|t| starts(name, t) && !rest[1..].starts_with('/'));
        rest = match raw_text {
            Some(t) => {
                let end_tag = format!("</{t}");
                // Only a `<` can start it: style sheets run to kilobytes.
                let end = memchr::memchr_iter(b'<', &rest.as_bytes()[close..])
                    .map(|i| close + i)
                    .find(|&i| starts(&rest[i..], &end_tag));
                match end {
                    Some(end) => &rest[end..],
                    None => return out,
                }
            }
            None => &rest[close + 1..],
        };
    }
    out.push_str(rest);
    out
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
}
