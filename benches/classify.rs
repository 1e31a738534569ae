//! Classify throughput on one thread over the whole development corpus, in messages per
//! second, then the time of messages of hostile shapes against that rate. Run with
//! `cargo bench --bench classify`; the corpus is read from ../shared/corpus.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the measured loop runs.
const RUN_FOR: Duration = Duration::from_secs(3);

fn eml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            eml_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "eml") {
            out.push(path);
        }
    }
}

/// Messages of a shape that once cost time by the square of their size: one long line naming
/// many addresses, many lines that each name one recipient of its own domain, and many
/// recipients at many domains whose blocks share long lines.
fn hostile_shapes() -> Vec<(&'static str, Vec<u8>)> {
    let head = "From: MAILER-DAEMON@mx.example.net\nTo: s@example.com\n\
                Subject: Undelivered Mail Returned to Sender\n\nCould not be delivered\n";
    let one_line: String = (0..100_000).map(|i| format!("a{i}@example.org ")).collect();
    let many_lines: String = (0..200_000)
        .map(|i| format!("<u{i}@d{i}.example.org>\n"))
        .collect();
    // lines of 330 addresses at as many domains, each followed by 59 long lines of words
    let words = "user unknown mailbox full blocked listed in ".repeat(100);
    let shared: String = (0..4)
        .map(|j| {
            let list: String = (0..330).map(|i| format!("u@d{i}x{j}.org ")).collect();
            format!("{list}\n{}", format!("{}\n", &words[..4090]).repeat(59))
        })
        .collect();
    vec![
        (
            "one line of 100,000 addresses",
            format!("{head}{one_line}\n").into_bytes(),
        ),
        (
            "200,000 lines of one address",
            format!("{head}{many_lines}").into_bytes(),
        ),
        (
            "1,320 domains sharing long blocks",
            format!("{head}{shared}").into_bytes(),
        ),
    ]
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    eml_files(&corpus.join("eml"), &mut files);
    if files.is_empty() {
        eprintln!("SKIP: no corpus messages under {}", corpus.display());
        return;
    }
    let messages: Vec<Vec<u8>> = files.iter().filter_map(|f| fs::read(f).ok()).collect();
    let bytes: usize = messages.iter().map(Vec::len).sum();

    // Warm up caches and the parser's lazily built tables.
    for m in &messages {
        black_box(bounced::analysis::analyze(m));
    }
    let start = Instant::now();
    let mut done = 0usize;
    while start.elapsed() < RUN_FOR {
        for m in &messages {
            black_box(bounced::analysis::analyze(black_box(m)));
        }
        done += messages.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "classify: {} messages ({} KiB) x {} rounds in {:.2} s on one thread: {:.0} messages/s, {:.1} MiB/s",
        messages.len(),
        bytes / 1024,
        done / messages.len(),
        secs,
        done as f64 / secs,
        (done / messages.len() * bytes) as f64 / secs / (1024.0 * 1024.0),
    );
    let corpus_rate = (done / messages.len() * bytes) as f64 / secs;
    for (name, message) in hostile_shapes() {
        let start = Instant::now();
        black_box(bounced::analysis::analyze(black_box(&message)));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "hostile: {name} ({} KiB) in {:.0} ms: {:.1} MiB/s, {:.2}x the corpus rate",
            message.len() / 1024,
            secs * 1000.0,
            message.len() as f64 / secs / (1024.0 * 1024.0),
            message.len() as f64 / secs / corpus_rate,
        );
    }
}
