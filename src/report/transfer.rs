//! Content-Transfer-Encoding (RFC 2045 §6) and charset decoding of one part's body.

use std::borrow::Cow;

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;

/// A part's body with its transfer encoding undone. Undecodable base64 stays as written, so
/// its words can still be read.
pub fn decode<'a>(body: &'a [u8], encoding: Option<&str>) -> Cow<'a, [u8]> {
    match encoding.map(str::trim) {
        Some(e) if e.eq_ignore_ascii_case("quoted-printable") => Cow::Owned(quoted_printable(body)),
        Some(e) if e.eq_ignore_ascii_case("base64") => {
            base64_decode(body).map_or(Cow::Borrowed(body), Cow::Owned)
        }
        _ => Cow::Borrowed(body),
    }
}

/// Text in the part's charset; UTF-8 and unknown charsets are read as UTF-8, lossily. 8-bit
/// text under US-ASCII or no charset (RFC 2045 §5.2's default) breaks its label: it is read as
/// UTF-8 where it is valid UTF-8, else as windows-1252, as the WHATWG Encoding Standard
/// decodes the label "us-ascii" (a server's Latin-1 text left undeclared).
pub fn text<'a>(bytes: Cow<'a, [u8]>, charset: Option<&str>) -> Cow<'a, str> {
    if charset.is_none_or(|c| named(c, &["us-ascii", "ascii"])) {
        return utf8_or(bytes, |b| match charset_decoder(b"windows-1252") {
            Some(decode) => decode(b),
            None => String::from_utf8_lossy(b).into_owned(),
        });
    }
    // Most reports declare a Latin charset and hold only ASCII: that is UTF-8 already. So is
    // ISO-2022 text that never leaves ASCII (RFC 1468: it starts in ASCII; only ESC, SO and SI
    // switch sets).
    let already_utf8 = charset.is_some_and(|c| {
        bytes.is_ascii()
            && (ascii_superset(c)
                || (is_iso_2022(c) && memchr::memchr3(0x1b, 0x0e, 0x0f, &bytes).is_none()))
    });
    if let Some(decode) = charset
        .filter(|_| !already_utf8)
        .and_then(|c| charset_decoder(c.as_bytes()))
    {
        return Cow::Owned(decode(&bytes));
    }
    utf8_lossy(bytes)
}

/// `bytes` as UTF-8, lossily.
fn utf8_lossy(bytes: Cow<'_, [u8]>) -> Cow<'_, str> {
    utf8_or(bytes, |b| String::from_utf8_lossy(b).into_owned())
}

/// `bytes` as UTF-8 where they are valid UTF-8, else as `decode` reads them. `from_utf8`
/// validates valid text much faster than a decoder reads it; the decoder is only for text
/// that needs it.
fn utf8_or(bytes: Cow<'_, [u8]>, decode: impl Fn(&[u8]) -> String) -> Cow<'_, str> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(Cow::Borrowed)
            .unwrap_or_else(|_| Cow::Owned(decode(b))),
        Cow::Owned(v) => Cow::Owned(String::from_utf8(v).unwrap_or_else(|e| decode(e.as_bytes()))),
    }
}

/// Whether `charset` maps bytes below 0x80 to ASCII, one byte each: the ISO 8859 parts, the
/// Windows code pages, KOI8. Not ISO-2022 (escape sequences), UTF-7 or UTF-16, whose ASCII
/// bytes can stand for other characters.
fn ascii_superset(charset: &str) -> bool {
    named(
        charset,
        &[
            "us-ascii",
            "iso-8859-",
            "iso8859-",
            "iso_8859-",
            "windows-",
            "cp125",
            "latin",
            "koi8-",
        ],
    )
}

/// Whether `charset` is one of the ISO-2022 family (RFC 1468, RFC 1557, RFC 1922).
fn is_iso_2022(charset: &str) -> bool {
    named(charset, &["iso-2022-"])
}

/// Whether `charset` starts with one of `prefixes`, in any case (RFC 2046 §4.1.2: charset
/// names are case-insensitive).
fn named(charset: &str, prefixes: &[&str]) -> bool {
    let c = charset.trim().as_bytes();
    prefixes.iter().any(|p| {
        c.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// RFC 2045 §6.7. Lenient as receivers should be: an `=` that starts no escape is kept, and
/// lowercase hex digits are accepted. Copies runs between `=` and newlines whole.
pub fn quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    // Output before this index is not trailing white space to drop (it was encoded, or it
    // precedes a soft line break).
    let mut kept = 0;
    let mut rest = input;
    while let Some(at) = memchr::memchr2(b'=', b'\n', rest) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + 1..];
        if rest[at] == b'\n' {
            // Rule (3): white space at the end of an encoded line is padding.
            let text_end = out[kept..]
                .iter()
                .rposition(|b| *b != b' ' && *b != b'\t')
                .map_or(kept, |p| kept + p + 1);
            out.truncate(text_end);
            out.push(b'\n');
            kept = out.len();
            rest = after;
            continue;
        }
        if let (Some(hi), Some(lo)) = (hex(after.first()), hex(after.get(1))) {
            out.push(hi << 4 | lo);
            kept = out.len();
            rest = &after[2..];
            continue;
        }
        // Rule (5): `=` at the end of a line (padding allowed) is a soft line break.
        let blanks = after
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        match after.get(blanks) {
            Some(b'\n') => rest = &after[blanks + 1..],
            None => rest = &[],
            Some(_) => {
                out.push(b'=');
                rest = after;
            }
        }
        kept = out.len();
    }
    out.extend_from_slice(rest);
    out
}

fn hex(digit: Option<&u8>) -> Option<u8> {
    (*digit? as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_rules() {
        let encoded = b"caf=C3=A9 =3D x  \nsoft=\nbreak=  \nkept=20\nlone = sign=zz=";
        assert_eq!(
            quoted_printable(encoded),
            "café = x\nsoftbreakkept \nlone = sign=zz".as_bytes()
        );
    }

    #[test]
    fn transfer_encodings() {
        assert_eq!(&*decode(b"aGVsbG8=\n", Some("Base64")), b"hello");
        assert_eq!(&*decode(b"not base64 !", Some("base64")), b"not base64 !");
        assert_eq!(&*decode(b"a=3Db", Some("7bit")), b"a=3Db");
        let latin1 = || Cow::Borrowed(&b"caf\xe9"[..]);
        assert_eq!(text(latin1(), Some("iso-8859-1")), "café");
        // 8-bit text under no charset or US-ASCII: UTF-8 where valid, else windows-1252
        assert_eq!(text(latin1(), None), "café");
        assert_eq!(text(latin1(), Some("us-ascii")), "café");
        let utf8 = || Cow::Borrowed("boîte".as_bytes());
        assert_eq!(text(utf8(), Some("US-ASCII")), "boîte");
        assert_eq!(text(utf8(), None), "boîte");
        // ASCII in a Latin charset is taken as it is; ISO-2022 and UTF-7 are no ASCII supersets
        assert!(matches!(
            text(Cow::Borrowed(b"cafe"), Some("Windows-1252")),
            Cow::Borrowed("cafe")
        ));
        assert!(ascii_superset("ISO-8859-15") && ascii_superset(" koi8-r"));
        assert!(!ascii_superset("iso-2022-jp") && !ascii_superset("utf-7"));
    }

    #[test]
    fn east_asian_charsets_are_decoded() {
        // RFC 1468 ISO-2022-JP: its escape sequences switch sets; left in, the "ESC ( B"
        // before an address ran into it ("Btanaka@…")
        let jis = &b"\x1b$B08@h!'\x1b(Btanaka@example.jp"[..];
        assert_eq!(
            text(Cow::Borrowed(jis), Some("ISO-2022-JP")),
            "宛先：tanaka@example.jp"
        );
        let gb = &b"\xd3\xc3\xbb\xa7\xb2\xbb\xb4\xe6\xd4\xda"[..];
        assert_eq!(text(Cow::Borrowed(gb), Some("gb2312")), "用户不存在");
        let sjis = &b"\x88\xb6\x90\xe6"[..];
        assert_eq!(text(Cow::Borrowed(sjis), Some("Shift_JIS")), "宛先");
        let kr = &b"\xbb\xe7\xbf\xeb\xc0\xda"[..];
        assert_eq!(text(Cow::Borrowed(kr), Some("euc-kr")), "사용자");
        // ISO-2022 text that never switches sets is ASCII, taken as it is
        assert!(matches!(
            text(Cow::Borrowed(b"550 user unknown"), Some("ISO-2022-JP")),
            Cow::Borrowed("550 user unknown")
        ));
    }
}
