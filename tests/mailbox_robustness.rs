//! Property tests for the mailbox readers: an mbox written by an mboxrd writer splits back into
//! exactly its messages whatever their lines, and no bytes make the splitter or the envelope
//! reader panic.

use bounced::mailbox::{envelope, mbox::Splitter, Unusable};
use proptest::prelude::*;

/// Feeds `bytes` to a splitter in pieces of at most `chunk` bytes, cut at line ends as the reader
/// does, and returns the pieces' contents (errors as `Err`). As with the reader's 64 KiB pieces,
/// a line shorter than a piece arrives whole: only then can it be a separator.
fn split(bytes: &[u8], chunk: usize, max: usize) -> Vec<Result<Vec<u8>, Unusable>> {
    let mut s = Splitter::new(max);
    let mut out = Vec::new();
    let mut offset = 0u64;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        for piece in line.chunks(chunk.max(1)) {
            out.extend(s.line(piece, offset).map(|p| p.content));
            offset += piece.len() as u64;
        }
    }
    out.extend(s.finish().map(|p| p.content));
    out
}

/// A message line: often one of the tricky shapes, else arbitrary printable text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("From here on".to_string()),
        Just("From someone Thu Sep 18 17:54:04 2008".to_string()),
        Just(">From quoted".to_string()),
        Just(">>>From deeply".to_string()),
        Just("> plain quote".to_string()),
        "[ -~]{0,200}",
    ]
}

/// A message: a header line, then any lines, each ending in LF.
fn message() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(line(), 0..12).prop_map(|lines| {
        let mut m = b"Subject: test\n".to_vec();
        for l in lines {
            m.extend_from_slice(l.as_bytes());
            m.push(b'\n');
        }
        m
    })
}

fn mboxrd(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n");
        for l in m.split_inclusive(|&b| b == b'\n') {
            let quotes = l.iter().take_while(|&&b| b == b'>').count();
            if l[quotes..].starts_with(b"From ") {
                out.push(b'>');
            }
            out.extend_from_slice(l);
        }
        out.push(b'\n');
    }
    out
}

proptest! {
    #[test]
    fn mboxrd_round_trip(messages in prop::collection::vec(message(), 0..8), chunk in 64usize..300) {
        let got = split(&mboxrd(&messages), chunk, 1 << 20);
        let want: Vec<Result<Vec<u8>, Unusable>> = messages.into_iter().map(Ok).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn any_bytes_are_safe(bytes in prop::collection::vec(any::<u8>(), 0..2000), chunk in 1usize..100, max in 0usize..500) {
        let mut mbox = b"From x Thu Sep 18 17:54:04 2008\n".to_vec();
        mbox.extend_from_slice(&bytes);
        for piece in split(&mbox, chunk, max).into_iter().flatten() {
            prop_assert!(piece.len() <= max);
            let _ = envelope::check(&piece);
            let _ = envelope::read(&piece);
        }
        let _ = envelope::check(&bytes);
        let _ = envelope::read(&bytes);
    }
}
