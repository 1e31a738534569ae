//! Reading messages out of mailboxes: single message files, directories, Maildir and mbox.
//! `mbox` and `envelope` are pure; `source` does the file I/O.

pub mod envelope;
mod error;
pub mod mbox;
pub mod source;

pub use error::{FileError, Unusable};
