//! Why a file, or a message in it, is not imported (listed in the import summary).

use std::io;

/// A message found in a mailbox that is not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    /// Longer than `smtp.max_message_size`: not read into memory.
    #[error("message larger than {0} bytes")]
    TooLarge(usize),
    #[error("empty message")]
    Empty,
    /// The start of the first line, which is not a header field.
    #[error("garbled: the first line is not a header field ({0:?})")]
    Garbled(String),
    #[error("truncated inside the header section")]
    Truncated,
}

/// Why a file could not be read to its end, and the byte offset reached.
#[derive(Debug, thiserror::Error)]
#[error("{doing}")]
pub struct FileError {
    pub offset: u64,
    /// "cannot open" or "cannot read".
    doing: &'static str,
    #[source]
    source: io::Error,
}

impl FileError {
    pub fn new(offset: u64, doing: &'static str, source: io::Error) -> FileError {
        FileError {
            offset,
            doing,
            source,
        }
    }
}
