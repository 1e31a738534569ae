//! Fuzz-style robustness: whatever the bytes, `analyze` returns. Random input, and corpus
//! messages (when ../shared/corpus is present) cut, flipped and spliced at random places.

use std::path::Path;
use std::sync::OnceLock;

use bounced::analysis::analyze;
use bounced::taxonomy::Reason;
use proptest::prelude::*;

/// Corpus messages, read once (the test that uses them is ignored where the corpus is absent).
fn corpus() -> &'static [Vec<u8>] {
    static MESSAGES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/eml");
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
    })
}

/// A small hand-written DSN, so the mutation test has a seed without the corpus.
const SEED: &[u8] =
    b"From: MAILER-DAEMON@mx.example.net\nTo: a@example.com\nSubject: Undelivered Mail\n\
MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n\
--b\nContent-Type: text/plain\n\n<neko@example.org>: 550 5.1.1 user unknown\n\
--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
Final-Recipient: rfc822; neko@example.org\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 user unknown\n--b--\n";

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    NewlinesToCr,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(at, v)| Mutation::Insert(at, v)),
        (any::<usize>(), 1usize..512).prop_map(|(at, n)| Mutation::Remove(at, n)),
        Just(Mutation::NewlinesToCr),
    ]
}

fn apply(mut msg: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = msg.len().max(1);
        match m {
            Mutation::Truncate(at) => msg.truncate(at % len),
            Mutation::Flip(at, b) => {
                if let Some(x) = msg.get_mut(at % len) {
                    *x ^= b;
                }
            }
            Mutation::Insert(at, v) => {
                let at = (at % len).min(msg.len());
                msg.splice(at..at, v.iter().copied());
            }
            Mutation::Remove(at, n) => {
                let at = (at % len).min(msg.len());
                let end = (at + n).min(msg.len());
                msg.drain(at..end);
            }
            Mutation::NewlinesToCr => msg
                .iter_mut()
                .filter(|b| **b == b'\n')
                .for_each(|b| *b = b'\r'),
        }
    }
    msg
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = analyze(&bytes);
    }

    #[test]
    fn random_text_never_panics(text in "(?s).{0,2048}") {
        let _ = analyze(text.as_bytes());
    }

    #[test]
    fn mutated_hand_written_dsn_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let _ = analyze(&apply(SEED.to_vec(), &mutations));
    }

    #[test]
    #[cfg_attr(not(has_corpus), ignore = "needs ../shared/corpus")]
    fn mutated_corpus_messages_never_panic(pick in any::<usize>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let corpus = corpus();
        let _ = analyze(&apply(corpus[pick % corpus.len()].clone(), &mutations));
    }
}

/// A plain-text report naming a thousand recipients with no words of their own above a long
/// transcript: every recipient's reading looks at its own lines and a bounded window, so the
/// whole is read in linear time (a quadratic reading took seconds in a release build).
#[test]
fn many_silent_recipients_over_a_long_transcript_are_read_in_linear_time() {
    let mut msg = String::from(
        "From: MAILER-DAEMON@mx.example.net\nTo: s@example.com\nSubject: failure notice\n\n\
         Delivery failed for these recipients:\n\
         <a0@example.org>: 550 5.1.1 no such user here in this system today\n\n",
    );
    for i in 1..1000 {
        msg.push_str(&format!("  r{i}@example.org\n"));
    }
    for i in 0..40_000 {
        msg.push_str(&format!(
            "... while talking to mx{i}.example.org.:\n>>> DATA\n"
        ));
    }
    let started = std::time::Instant::now();
    let a = analyze(msg.as_bytes());
    let took = started.elapsed();
    assert_eq!(a.findings.len(), 1000);
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
}

/// A quarter megabyte of prose without punctuation or line breaks, every few words an
/// address-failure phrase: the words read before each phrase (its clause, its line) lie within
/// a bounded window, so the whole is read in linear time (looking back to the text's start for
/// every phrase took two minutes for a megabyte in a release build).
#[test]
fn long_prose_without_punctuation_is_read_in_linear_time() {
    let hedged = "if the user does not exist ";
    // all hedged: no evidence; hedged first, then read in the report's prose line by line
    for (body, reason) in [
        (hedged.repeat(10_000), Reason::OnHold),
        (
            hedged.repeat(100) + &"mailbox unknown ".repeat(15_000),
            Reason::UserUnknown,
        ),
        // one run of name characters made of a predicate said of names: no name
        ("disabled.".repeat(28_000), Reason::OnHold),
    ] {
        let msg = format!(
            "From: MAILER-DAEMON@mx.example.net\nTo: s@example.com\nSubject: failure notice\n\n\
             <jdoe@example.org>: host mx.example.org said: 550 {body}\n"
        );
        let started = std::time::Instant::now();
        let a = analyze(msg.as_bytes());
        let took = started.elapsed();
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.findings[0].reason, reason);
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }
}
