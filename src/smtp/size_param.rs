//! The `SIZE=` parameter of MAIL read from the raw command line. smtp-proto saturates a value too
//! large for `usize` (26 digits came through as a size under the limit), so the digits are checked
//! here and the parsed value is not trusted alone.

/// What a MAIL command declared with `SIZE=` (RFC 1870 §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredSize {
    Absent,
    Bytes(u128),
    /// Not 1 to 20 digits (RFC 1870 §3: `size-value ::= 1*20DIGIT`).
    Malformed,
}

/// Finds `SIZE=` among the parameters after the reverse-path of a `MAIL FROM:` line.
pub fn declared_size(line: &[u8]) -> DeclaredSize {
    // Parameters follow the path's closing '>' (a quoted local part may hold '>' too, but never
    // after the last one); without brackets, after the first space past "FROM:".
    let params = match line.iter().rposition(|&b| b == b'>') {
        Some(i) => &line[i + 1..],
        None => {
            let after_from = line.get(10..).unwrap_or_default();
            match after_from.iter().position(|&b| b == b' ') {
                Some(i) => &after_from[i..],
                None => &[],
            }
        }
    };
    for word in params.split(|b| b.is_ascii_whitespace()) {
        let Some(value) = word
            .get(..5)
            .filter(|k| k.eq_ignore_ascii_case(b"SIZE="))
            .map(|_| &word[5..])
        else {
            continue;
        };
        if value.is_empty() || value.len() > 20 || !value.iter().all(u8::is_ascii_digit) {
            return DeclaredSize::Malformed;
        }
        let bytes = value
            .iter()
            .fold(0u128, |n, d| n * 10 + u128::from(d - b'0'));
        return DeclaredSize::Bytes(bytes);
    }
    DeclaredSize::Absent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_digits_as_sent() {
        assert_eq!(declared_size(b"MAIL FROM:<>\r\n"), DeclaredSize::Absent);
        assert_eq!(
            declared_size(b"MAIL FROM:<> SIZE=1000\r\n"),
            DeclaredSize::Bytes(1000)
        );
        assert_eq!(
            declared_size(b"mail from:<a@b> body=8bitmime size=20\r\n"),
            DeclaredSize::Bytes(20)
        );
        assert_eq!(
            declared_size(b"MAIL FROM:<> SIZE=99999999999999999999\r\n"),
            DeclaredSize::Bytes(99_999_999_999_999_999_999)
        );
        let long = format!("MAIL FROM:<> SIZE={}\r\n", "9".repeat(26));
        assert_eq!(declared_size(long.as_bytes()), DeclaredSize::Malformed);
        assert_eq!(
            declared_size(b"MAIL FROM:<> SIZE=12x\r\n"),
            DeclaredSize::Malformed
        );
        assert_eq!(
            declared_size(b"MAIL FROM:<> SIZE=\r\n"),
            DeclaredSize::Malformed
        );
        // Inside the path it is part of an address, not a parameter.
        assert_eq!(
            declared_size(b"MAIL FROM:<\"SIZE=1\"@b>\r\n"),
            DeclaredSize::Absent
        );
    }
}
