//! Standard output for the verbs. Every write returns its error instead of panicking as
//! `println!` does, so a reader that goes away (`bounced export | head -1`) ends the verb through
//! `cli::exit`, which treats a broken pipe as success.

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

/// True when `error` comes from writing to a pipe whose reader has gone.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
