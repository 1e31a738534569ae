//! Text that rides along with a report without saying anything about the failure: antivirus
//! footers and the like. Its words ("virus") must never be read as evidence, so the matched
//! spans are blanked before the phrase tables look at a text.

use crate::report::phrases::Phrases;

/// Boilerplate phrases, lowercase, with where such text comes from.
#[rustfmt::skip]
const ROWS: &[(&str, &str)] = &[
    ("scanned for viruses", "antivirus gateways' footer ('This email has been scanned for viruses')"),
    ("scanned for all viruses", "MessageLabs/Symantec.cloud footer ('scanned for all viruses')"),
    ("scanned for virus", "antivirus gateways' footer"),
    ("checked for viruses", "antivirus gateways' footer ('checked for viruses by ...')"),
    ("virus checked", "antivirus gateways' footer"),
    ("virus-free", "Avast/AVG footer ('Virus-free. www.avast.com')"),
    ("virus free", "antivirus gateways' footer"),
    ("free of viruses", "antivirus gateways' footer"),
    ("for viruses and dangerous content", "MailScanner footer ('has been scanned for viruses and dangerous content')"),
];

const PHRASES: &[&str] = &{
    let mut out = [""; ROWS.len()];
    let mut i = 0;
    while i < ROWS.len() {
        out[i] = ROWS[i].0;
        i += 1;
    }
    out
};

static MATCHER: Phrases = Phrases::new(PHRASES);

/// Every row names viruses: a text without the word is scanned no further (most are).
const COMMON: &str = "virus";

/// Whether `lower` holds any boilerplate.
pub fn any(lower: &str) -> bool {
    memchr::memmem::find(lower.as_bytes(), COMMON.as_bytes()).is_some() && MATCHER.any(lower)
}

/// `lower` with every boilerplate phrase replaced by spaces (the phrases are ASCII, so byte
/// offsets stay character boundaries).
pub fn blank(lower: &mut String) {
    if memchr::memmem::find(lower.as_bytes(), COMMON.as_bytes()).is_none() {
        return;
    }
    let spans: Vec<(usize, usize)> = MATCHER.spans(lower).collect();
    if spans.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(lower).into_bytes();
    for (from, to) in spans {
        bytes[from..to].fill(b' ');
    }
    *lower = String::from_utf8(bytes).unwrap_or_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_holds_the_prefilter_word() {
        assert!(ROWS.iter().all(|(p, _)| p.contains(COMMON)));
    }

    #[test]
    fn footers_are_blanked() {
        let mut t =
            "550 5.1.1 user unknown **** this email has been scanned for viruses".to_owned();
        assert!(any(&t));
        blank(&mut t);
        assert!(!t.contains("virus"), "{t}");
        assert!(t.starts_with("550 5.1.1 user unknown"));
    }
}
