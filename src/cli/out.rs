//! Standard output for the verbs. Every write returns its error instead of panicking as
//! `println!` does, so a reader that goes away (`bounced export | head -1`) ends the verb through
//! `cli::exit`, which treats a broken pipe as success.

use std::borrow::Cow;
use std::io::{self, BufWriter, StdoutLock, Write};

/// Buffered, locked stdout.
pub type Out = BufWriter<StdoutLock<'static>>;

pub fn stdout() -> Out {
    BufWriter::new(io::stdout().lock())
}

/// One JSON value on a line of its own (JSON Lines).
pub fn json_line(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Writes `bounced: {message}` to stderr. Unlike `eprintln!`, a closed stderr is no panic.
pub fn note(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "bounced: {message}");
}

/// `text` for a terminal: control characters (ESC, BEL, NUL, CR, ...) that a hostile report
/// may have put in a diagnostic or address are shown escaped (`\u{1b}`), never sent raw.
/// JSON output escapes them by itself.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// True when `error` comes from writing to a pipe whose reader has gone.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("550 user unknown"), "550 user unknown");
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}\0"),
            "a\\u{1b}[31mred\\u{7}\\u{0}"
        );
        assert_eq!(printable("jörg"), "jörg");
    }
}
