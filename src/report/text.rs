//! Small text scanners shared by the readers: line endings, addresses, reply and status codes.
//! All work on borrowed slices; callers lowercase once and keep offsets.

use std::borrow::Cow;

/// LF, CRLF and CR-only input must read the same, so everything is brought to LF first.
/// Borrows when the input holds no CR at all (the common case on an LF spool).
pub fn normalize_newlines(raw: &[u8]) -> Cow<'_, [u8]> {
    // memchr: this runs over every byte of every message (measured ~5% with a plain scan).
    let Some(first) = memchr::memchr(b'\r', raw) else {
        return Cow::Borrowed(raw);
    };
    let mut out = Vec::with_capacity(raw.len());
    out.extend_from_slice(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(cr) = memchr::memchr(b'\r', rest) {
        out.extend_from_slice(&rest[..cr]);
        out.push(b'\n');
        let skip = if rest.get(cr + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        rest = &rest[cr + skip..];
    }
    out.extend_from_slice(rest);
    Cow::Owned(out)
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b)
}

pub fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// Every `local@domain.tld` in `text`, in order. Deliberately loose: it reads addresses out of
/// prose, not out of headers. A local part is a dot-atom, or a quoted string without spaces
/// (RFC 5321 §4.1.2 `"john..doe"@example.org`), kept with its quotes as a DSN writes it.
pub fn addresses(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(pos) = bytes
            .get(from..)
            .and_then(|h| memchr::memchr(b'@', h))
            .map(|p| p + from)
        {
            from = pos + 1;
            let quoted = quoted_local_start(bytes, pos);
            let mut s = quoted.unwrap_or(pos);
            while quoted.is_none() && s > 0 && is_local_char(bytes[s - 1]) {
                s -= 1;
            }
            // Prose quotes addresses ('a@b.example'): a quote that opens the local part is
            // punctuation, not part of the address (RFC 5321 §4.1.2 dot-atoms start with atext
            // but real local parts do not start with a quote mark).
            while quoted.is_none() && s < pos && matches!(bytes[s], b'.' | b'\'' | b'`') {
                s += 1;
            }
            // Two hyphens before it are a dash, not letters of it: a signature's
            // ("--list@ml.example, Be Seeing You!", fml's) or a rule's
            if quoted.is_none() && bytes[s..pos].starts_with(b"--") {
                while s < pos && bytes[s] == b'-' {
                    s += 1;
                }
            }
            // RFC 5321 §4.1.2: a domain's labels are never empty, so two dots end it (MDaemon's
            // "a@b.example....Sender OK", Sendmail's "a@b.example... User unknown")
            let mut e = pos + 1;
            while e < bytes.len()
                && is_domain_char(bytes[e])
                && !(bytes[e] == b'.' && bytes.get(e + 1) == Some(&b'.'))
            {
                e += 1;
            }
            while e > pos + 1 && (bytes[e - 1] == b'.' || bytes[e - 1] == b'-') {
                e -= 1;
            }
            let domain = &bytes[pos + 1..e];
            if s == pos || !domain.contains(&b'.') || domain.starts_with(b".") {
                continue;
            }
            from = e;
            // RFC 3986 §3.2: "//" after a scheme starts a URL's authority; an address within
            // the link ("https://help.example/?email=a@b.example") names no recipient.
            if bytes[s..pos].starts_with(b"//") {
                continue;
            }
            // Both ends sit on ASCII bytes, so these are char boundaries.
            return text.get(s..e);
        }
        None
    })
}

/// Where the quoted local part that ends right before the `@` at `at` opens: a `"`, then
/// printable ASCII without spaces, quotes or backslashes, then a `"` (RFC 5321 §4.1.2
/// Quoted-string, in the form addresses take in reports), at most 64 octets (§4.5.3.1.1).
fn quoted_local_start(bytes: &[u8], at: usize) -> Option<usize> {
    let close = at.checked_sub(1).filter(|&c| bytes[c] == b'"')?;
    let floor = close.saturating_sub(65);
    let open = (floor..close).rev().find(|&i| !is_quoted_char(bytes[i]))?;
    (bytes[open] == b'"' && open + 1 < close).then_some(open)
}

fn is_quoted_char(b: u8) -> bool {
    b.is_ascii_graphic() && b != b'"' && b != b'\\'
}

/// Whether the address `a` (a slice of `line`, as `addresses` gives it) comes right after one
/// of `words` (lowercase), as a word: "Sorry a@b.example, ...", "(expanded from <a@b.example>)".
pub fn follows_word(line: &str, a: &str, words: &[&str]) -> bool {
    let at = a.as_ptr() as usize - line.as_ptr() as usize;
    let Some(before) = line.get(..at) else {
        return false;
    };
    let before = before.trim_end_matches(|c: char| c == '<' || c == '"' || c.is_whitespace());
    // a label aligned in a column has spaces before its colon ("Message-ID : <x@y>")
    let label = before.strip_suffix(':').map(str::trim_end);
    words.iter().any(|w| {
        let (before, w) = match (w.strip_suffix(':'), label) {
            (Some(name), Some(label)) => (label, name),
            _ => (before, *w),
        };
        let Some(start) = before.len().checked_sub(w.len()) else {
            return false;
        };
        let Some(tail) = before.get(start..) else {
            return false;
        };
        tail.eq_ignore_ascii_case(w)
            && !before[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Whether one of `words` (lowercase) comes right after the address `a` (a slice of `line`),
/// past its closing bracket or quote and a ':' or "..." that ends it.
pub fn followed_by_words(line: &str, a: &str, words: &[&str]) -> bool {
    let end = a.as_ptr() as usize - line.as_ptr() as usize + a.len();
    let Some(after) = line.get(end..) else {
        return false;
    };
    let after =
        after.trim_start_matches(|c: char| matches!(c, '>' | '"' | ':' | '.') || c.is_whitespace());
    words.iter().any(|w| {
        after
            .get(..w.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(w))
            && !after[w.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The first address in `text`, lowercased.
pub fn first_address(text: &str) -> Option<String> {
    addresses(text).next().map(str::to_ascii_lowercase)
}

fn digits_at(bytes: &[u8], at: usize, min: usize, max: usize) -> Option<usize> {
    let n = bytes
        .get(at..)?
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (min..=max).contains(&n).then_some(n)
}

fn boundary_before(bytes: &[u8], at: usize) -> bool {
    at == 0
        || !(bytes[at - 1].is_ascii_alphanumeric()
            || bytes[at - 1] == b'.'
            || bytes[at - 1] == b'-')
}

fn boundary_after(bytes: &[u8], at: usize) -> bool {
    let word_goes_on = match bytes.get(at) {
        None => false,
        Some(b) => b.is_ascii_alphanumeric() || *b == b'-' || *b == b'@',
    };
    let number_goes_on =
        bytes.get(at) == Some(&b'.') && bytes.get(at + 1).is_some_and(|b| b.is_ascii_digit());
    !word_goes_on && !number_goes_on
}

/// The first RFC 3463 enhanced status code (`class.subject.detail`, class 2, 4 or 5) in `text`.
/// RFC 3463 §2: subject and detail are 1–3 digits.
pub fn enhanced_status(text: &str) -> Option<&str> {
    enhanced_statuses(text).next()
}

/// The first RFC 3463 code of a failure or delay (class 4 or 5), else the first code at all:
/// a transcript shows `250 2.1.5 Ok` before the refusal that matters. Only codes that stand
/// where a status stands count (`standing_statuses`).
pub fn failure_status(text: &str) -> Option<&str> {
    standing_statuses(text)
        .find(|s| !s.starts_with('2'))
        .or_else(|| standing_status(text))
}

/// The first RFC 3463 code of `text` that stands where a status stands.
pub fn standing_status(text: &str) -> Option<&str> {
    standing_statuses(text).next()
}

/// The RFC 3463 codes of free text that stand where MTAs write a status: at the start of a
/// line, after an RFC 5321 reply code (`550 5.1.1`, `550: 5.1.1`, `550-5.1.1`; RFC 2034 §4),
/// after `#` (qmail's `(#5.1.1)`), or after a `status`, `code` or `dsn` label (`Status: 5.1.1`,
/// `dsn=5.1.1`). Anything else (a version number such as "Mailman 2.0.13", a date) is no status.
pub fn standing_statuses(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    enhanced_statuses(text).filter(move |s| {
        let at = s.as_ptr() as usize - text.as_ptr() as usize;
        stands(bytes, at)
    })
}

/// Whether `bytes[at]` follows the reply code of a line of a multiline reply, `550-5.1.1`
/// (RFC 5321 §4.2.1: every line but the last joins code and text with a hyphen; RFC 2034 §4:
/// each line repeats the enhanced code).
fn after_continued_reply(bytes: &[u8], at: usize) -> bool {
    at >= 4
        && bytes[at - 1] == b'-'
        && bytes[at - 4..at - 1].iter().all(u8::is_ascii_digit)
        && matches!(bytes[at - 4], b'2' | b'4' | b'5')
        && boundary_before(bytes, at - 4)
}

/// Whether what precedes `bytes[at]` makes it a status position (see `standing_statuses`).
fn stands(bytes: &[u8], at: usize) -> bool {
    if after_continued_reply(bytes, at) {
        return true;
    }
    let mut i = at;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i == 0 || bytes[i - 1] == b'\n' || bytes[i - 1] == b'#' {
        return true;
    }
    // a line that opens with dashes: "-- 5.4.1"
    let dashes = bytes[..i].iter().rev().take_while(|b| **b == b'-').count();
    if dashes >= 2 && (dashes == i || bytes[i - dashes - 1] == b'\n') {
        return true;
    }
    // "550 5.1.1" or "550: 5.1.1"
    let code_end = if bytes[i - 1] == b':' { i - 1 } else { i };
    if code_end >= 3
        && bytes[code_end - 3..code_end].iter().all(u8::is_ascii_digit)
        && matches!(bytes[code_end - 3], b'2' | b'4' | b'5')
        && boundary_before(bytes, code_end - 3)
    {
        return true;
    }
    // "Status: 5.1.1", "status 5.1.1", "code :5.1.1", "dsn=5.1.1"
    let mut j = i;
    if matches!(bytes[j - 1], b':' | b'=') {
        j -= 1;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t') {
            j -= 1;
        }
    }
    let word_start = bytes[..j]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
        .map_or(0, |p| p + 1);
    let word = &bytes[word_start..j];
    ["status", "code", "dsn", "error_code"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// Every RFC 3463 code in `text`, in order.
pub fn enhanced_statuses(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Codes are found from their first dot: dots are far rarer than bytes.
        while let Some(first_dot) = bytes.get(i..).and_then(|h| memchr::memchr(b'.', h)) {
            let dot1 = i + first_dot;
            i = dot1 + 1;
            let Some(at) = dot1.checked_sub(1) else {
                continue;
            };
            if !matches!(bytes[at], b'2' | b'4' | b'5')
                || !(boundary_before(bytes, at) || after_continued_reply(bytes, at))
            {
                continue;
            }
            let Some(n1) = digits_at(bytes, at + 2, 1, 3) else {
                continue;
            };
            let dot = at + 2 + n1;
            if bytes.get(dot) != Some(&b'.') {
                continue;
            }
            let Some(n2) = digits_at(bytes, dot + 1, 1, 3) else {
                continue;
            };
            let end = dot + 1 + n2;
            if !boundary_after(bytes, end) {
                continue;
            }
            i = end;
            return text.get(at..end);
        }
        None
    })
}

/// The first RFC 5321 §4.2 reply code (`4yz`/`5yz`) that stands as a word in `text`: followed
/// by space, `-`, end, or punctuation, never part of a number.
pub fn reply_code(text: &str) -> Option<&str> {
    reply_codes(text).next()
}

/// Every reply code of `text` that stands as `reply_code` says, in order.
pub fn reply_codes(text: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = text.as_bytes();
    // Candidates are found by their first digit.
    memchr::memchr2_iter(b'4', b'5', bytes).filter_map(move |at| {
        if at + 3 > bytes.len() || !boundary_before(bytes, at) {
            return None;
        }
        if !(bytes[at + 1].is_ascii_digit() && bytes[at + 2].is_ascii_digit())
            || bytes[at + 1] > b'5'
        {
            return None;
        }
        // a group of a number written with thousands separators ("63,412,880 bytes")
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let grouped_before = at >= 2 && bytes[at - 1] == b',' && digit(at - 2);
        let grouped_after = bytes.get(at + 3) == Some(&b',') && digit(at + 4);
        if grouped_before || grouped_after {
            return None;
        }
        match bytes.get(at + 3) {
            None | Some(b' ') | Some(b'-') | Some(b'\n') | Some(b'\t') | Some(b')')
            | Some(b']') | Some(b',') | Some(b';') => text.get(at..at + 3),
            _ => None,
        }
    })
}

/// Strips RFC 5322 §3.2.2 comments `( … )` (nesting allowed) from a structured field value.
pub fn strip_comments(value: &str) -> Cow<'_, str> {
    if !value.contains('(') {
        return Cow::Borrowed(value.trim());
    }
    let mut out = String::with_capacity(value.len());
    let mut depth = 0usize;
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out.trim().to_owned())
}

/// Cuts `s` to at most `max` bytes on a char boundary.
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// What follows `field` (lowercase, with its colon) where `line` starts with it, in any
/// case. Compared in place, as this runs on every line of a block.
pub fn field_value<'l>(line: &'l str, field: &str) -> Option<&'l str> {
    line.get(..field.len())
        .filter(|start| start.eq_ignore_ascii_case(field))
        .map(|_| &line[field.len()..])
}

/// Collapses runs of whitespace (folded lines, indentation) into single spaces.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_words(&mut out, s);
    out
}

/// `squash_spaces` of `lines` joined by newlines, without the joined copy: a word never spans
/// a newline, so the words are each line's in turn.
pub fn squash_lines<'a>(lines: impl IntoIterator<Item = &'a str>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    for line in lines {
        push_words(&mut out, line);
    }
    out
}

/// Appends the words of `s` to `out`, each after a space unless `out` is empty.
fn push_words(out: &mut String, s: &str) {
    // Most diagnostics are ASCII and this runs on every one: one pass over the bytes, with
    // the same separators as `split_whitespace` has among ASCII (vertical tab included).
    // Words are copied whole, and into a `String`: their bytes were valid text already.
    if s.is_ascii() {
        let is_gap = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && is_gap(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !is_gap(bytes[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                // ASCII: every index is a char boundary.
                out.push_str(s.get(start..i).unwrap_or_default());
            }
        }
        return;
    }
    for word in s.split_whitespace() {
        // Japanese and Chinese write no spaces between words: a line break between two of
        // their characters ("…ポリシーに\n違反している") is no word break
        let joined = out.chars().next_back().is_some_and(is_unspaced)
            && word.chars().next().is_some_and(is_unspaced);
        if !out.is_empty() && !joined {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Whether `c` is of a script written without spaces between words: Japanese kana, CJK
/// ideographs, and their punctuation and full-width forms (Hangul is written with spaces).
fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// The lines of `text` with the byte offset each starts at.
pub fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    ends.scan(0, move |start, end| {
        let line = (*start, &text[*start..end]);
        *start = end + 1;
        Some(line)
    })
}

/// The lines of `text`, as `text.split('\n')` gives them, found with `memchr`: most report
/// lines are short, and the per-line cost of a char pattern shows in profiles.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    lines_at(text).map(|(_, line)| line)
}

/// Whether `line` (quoted or not) quotes the original's subject ("Subject: ..."), as reports
/// that recap the message do (Domino's "Your message / Subject: ... / was not delivered to",
/// Exchange's "Subject: ... Sent: ..."): its words are the sender's, about anything, never the
/// failure's.
pub fn is_subject_line(line: &str) -> bool {
    let start = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    // the colon is sought only as far as a label reaches: a long line is no label's
    start
        .char_indices()
        .take_while(|&(at, _)| at <= LONGEST_LABEL)
        .find(|&(_, c)| matches!(c, ':' | '：'))
        .is_some_and(|(colon, _)| is_subject_label(start[..colon].trim_end()))
}

/// Whether `label` names the Subject field in a language mail clients and servers ship (an
/// Outlook forward's header block, a report's recap of the original).
pub fn is_subject_label(label: &str) -> bool {
    SUBJECT_LABELS.iter().any(|l| l.eq_ignore_ascii_case(label))
}

/// The Subject field's label as Exchange, Outlook and Domino write it in the languages they
/// ship.
const SUBJECT_LABELS: &[&str] = &[
    "subject",   // English
    "betreff",   // German
    "objet",     // French ("Objet :")
    "asunto",    // Spanish
    "oggetto",   // Italian
    "assunto",   // Portuguese
    "onderwerp", // Dutch
    "temat",     // Polish
    "тема",      // Russian
    "Тема",      // Russian, capitalized (no ASCII case)
    "件名",      // Japanese
    "主题",      // Chinese
];

/// The bytes of the longest Subject label.
pub const SUBJECT_LABEL_BYTES: usize = longest(SUBJECT_LABELS);

/// The bytes of the longest label and the spaces before its colon ("Objet :").
const LONGEST_LABEL: usize = SUBJECT_LABEL_BYTES + 3;

/// The bytes of the longest phrase of `table`.
pub const fn longest(table: &[&str]) -> usize {
    let (mut i, mut most) = (0, 0);
    while i < table.len() {
        if table[i].len() > most {
            most = table[i].len();
        }
        i += 1;
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_before_an_address_counts_as_a_whole_word_in_any_case() {
        let at = |line: &'static str| (line, addresses(line).next().unwrap_or_default());
        let (line, a) = at("Sorry <a@b.example>, your mail");
        assert!(follows_word(line, a, &["sorry"]));
        let (line, a) = at("(Expanded From: <a@b.example>)");
        assert!(follows_word(line, a, &["expanded from:"]));
        // a label aligned in a column
        let (line, a) = at("Message-ID : <20240321.c0ffee@b.example>");
        assert!(follows_word(line, a, &["message-id:"]));
        assert!(!follows_word(line, a, &["sender:"]));
        let (line, a) = at("unsorry a@b.example");
        assert!(!follows_word(line, a, &["sorry"]));
        let (line, a) = at("é a@b.example");
        assert!(!follows_word(line, a, &["sorry"]));
    }

    #[test]
    fn newlines_become_lf() {
        assert_eq!(&*normalize_newlines(b"a\r\nb\rc\n"), b"a\nb\nc\n");
        assert!(matches!(normalize_newlines(b"a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn finds_addresses_in_prose() {
        let found: Vec<_> = addresses("to <Neko@Example.org>: said x.y@z.co. and a@b").collect();
        assert_eq!(found, ["Neko@Example.org", "x.y@z.co"]);
        // a link is no address; a mailto: link is one
        let found: Vec<_> =
            addresses("see https://help.example/x?email=ad@help.example or mailto:c@d.example")
                .collect();
        assert_eq!(found, ["c@d.example"]);
        // RFC 5321 §4.1.2: a quoted local part, kept as the DSN's Final-Recipient writes it;
        // a quote around a whole address is punctuation; one with a space is not read
        let found: Vec<_> =
            addresses(r#"<"john..doe"@example.org>: unknown; 'x@y.example' "a b"@c.example"#)
                .collect();
        assert_eq!(found, [r#""john..doe"@example.org"#, "x@y.example"]);
        // a domain ends where two dots leave a label empty
        let found: Vec<_> =
            addresses("<-- 250 2.1.0 a@b.example....Sender OK; c@d.example... User unknown")
                .collect();
        assert_eq!(found, ["a@b.example", "c@d.example"]);
        // a dash before an address is no part of it; one hyphen may be
        let found: Vec<_> = addresses("--list@ml.example, Be Seeing You! -x@y.example").collect();
        assert_eq!(found, ["list@ml.example", "-x@y.example"]);
    }

    #[test]
    fn finds_status_codes() {
        // RFC 3463 §2: class "." subject "." detail
        assert_eq!(enhanced_status("550 5.1.1 <a@b.c> unknown"), Some("5.1.1"));
        assert_eq!(enhanced_status("#5.7.1"), Some("5.7.1"));
        assert_eq!(enhanced_status("IP 192.0.2.5.1 and 1.5.1.1"), None);
        assert_eq!(enhanced_status("4.7.650 x"), Some("4.7.650"));
        // a status is read only where a status stands
        assert_eq!(standing_status("Mailman 2.0.13 here"), None);
        assert_eq!(standing_status("550 5.1.1 <a@b.c>"), Some("5.1.1"));
        // RFC 5321 §4.2.1: a line of a multiline reply
        assert_eq!(standing_status("said: 550-5.2.1 The"), Some("5.2.1"));
        assert_eq!(enhanced_status("call 555-1.2.3 or 1550-5.1.1"), None);
        assert_eq!(enhanced_status("ref a-5.1.1"), None);
        assert_eq!(
            standing_status("sorry, no mailbox here (#5.1.1)"),
            Some("5.1.1")
        );
        assert_eq!(standing_status("Status: 4.4.7\n"), Some("4.4.7"));
        assert_eq!(standing_status("ERROR_CODE :5.2.1 x"), Some("5.2.1"));
        assert_eq!(standing_status("x\n5.0.0 - Other problem"), Some("5.0.0"));
        assert_eq!(standing_status("sent on 5.12.2020 to"), None);
        assert_eq!(enhanced_status(".5.1.1 5.2.2"), Some("5.2.2"));
        let all: Vec<_> = enhanced_statuses("2.0.0 ok, then 5.1.1").collect();
        assert_eq!(all, ["2.0.0", "5.1.1"]);
    }

    #[test]
    fn finds_reply_codes() {
        assert_eq!(reply_code("said: 550-5.1.1 no"), Some("550"));
        assert_eq!(reply_code("port 5500 then 421 busy"), Some("421"));
        assert_eq!(reply_code("192.0.2.550 x"), None);
        assert_eq!(reply_code("45"), None);
        assert_eq!(reply_code("size: 63,412,880 bytes"), None);
        assert_eq!(reply_code("size 412,880 bytes"), None);
        assert_eq!(reply_code("rejected: 550, try later"), Some("550"));
        assert_eq!(reply_code("x 452"), Some("452"));
    }

    #[test]
    fn lines_are_splits_at_newlines() {
        for text in ["", "\n", "a", "a\nb", "a\n\nb\n", "ね\nこ"] {
            let want: Vec<_> = text.split('\n').collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), want, "{text:?}");
            let offsets: Vec<_> = lines_at(text).map(|(at, _)| at).collect();
            assert!(offsets
                .iter()
                .zip(&want)
                .all(|(&at, l)| text[at..].starts_with(l)));
        }
    }

    #[test]
    fn squashes_whitespace() {
        assert_eq!(squash_spaces(" a\t\x0bb \r\n c "), "a b c");
        assert_eq!(squash_spaces("é\u{a0}è  x"), "é è x");
        // Japanese and Chinese lines join without a space; Hangul keeps its spaces
        assert_eq!(
            squash_spaces("ポリシーに\n違反しています x"),
            "ポリシーに違反しています x"
        );
        assert_eq!(squash_spaces("계정이\n없습니다"), "계정이 없습니다");
    }

    #[test]
    fn strips_comments() {
        assert_eq!(strip_comments("failed (bad (nested)) x"), "failed  x");
        assert_eq!(clip("ねこ", 4), "ね");
    }
}
