//! toml's error reduced to one line: `line N, section.key: why` when it is about a key's value,
//! else `line N, [section]: why` (toml's own message spans several lines and repeats the text).

/// The message for `e`, an error reading `text`.
pub fn message(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim();
    let Some(start) = e.span().map(|s| s.start.min(text.len())) else {
        return msg.to_string();
    };
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let header = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['));
    match (value_key(text, start), header) {
        (Some(key), Some(header)) => format!("line {line}, {}.{key}: {msg}", section(header)),
        (Some(key), None) => format!("line {line}, {key}: {msg}"),
        (None, Some(header)) => format!("line {line}, {header}: {msg}"),
        (None, None) => format!("line {line}: {msg}"),
    }
}

/// `policy.effects` of a `[policy.effects]` header, `webhook` of `[[webhook]]`.
fn section(header: &str) -> &str {
    header.trim_matches(|c| c == '[' || c == ']').trim()
}

/// The key whose value the error at `start` is in: the `key =` before it on its line, or on an
/// earlier line for an element of a multi-line array. None when the error is about the key
/// itself (an unknown key starts its line) or stands outside any key.
fn value_key(text: &str, start: usize) -> Option<&str> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let on_line = &text[line_start..start];
    if on_line.trim().is_empty() && key_of(&text[line_start..]).is_some() {
        return None;
    }
    if on_line.contains('=') {
        return key_of(on_line);
    }
    // An element of a multi-line array: the nearest line above that assigns a key, within the
    // same section.
    for line in text[..line_start].lines().rev() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        if let Some(key) = key_of(line) {
            return Some(key);
        }
    }
    None
}

/// `key` of a line `key = ...` (a bare TOML key).
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    bare.then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn error(text: &str) -> String {
        match toml::from_str::<Config>(text) {
            Ok(_) => panic!("{text:?} reads"),
            Err(e) => message(&e, text),
        }
    }

    #[test]
    fn value_errors_name_the_key_and_others_the_section() {
        assert_eq!(
            error("[smtp]\nmax_recipients = \"many\"\n"),
            "line 2, smtp.max_recipients: invalid type: string \"many\", expected usize"
        );
        let e = error("[smtp]\nlisten = [\n  \"127.0.0.1:25\",\n  \"nowhere\",\n]\n");
        // toml places the error at the start of the array.
        assert!(e.starts_with("line 2, smtp.listen: \"nowhere\""), "{e}");
        let e = error("[smtp]\nlisten = [\"127.0.0.1:25\"]\nmax_mesage_size = 5\n");
        assert!(
            e.starts_with("line 3, [smtp]: unknown field `max_mesage_size`"),
            "{e}"
        );
        let e = error("[[webhook]]\nurl = \"http://h/\"\ntimeout = \"forever\"\n");
        assert!(
            e.starts_with("line 3, webhook.timeout: \"forever\" is not a duration"),
            "{e}"
        );
        let e = error("[smtp\n");
        assert!(e.starts_with("line 1"), "{e}");
    }
}
