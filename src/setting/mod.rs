//! Value types the settings sections share, read from TOML with errors that name the value
//! (`config` adds the line and key): durations and listen addresses; and `Invalid`, what a
//! section's check says about a value that cannot be used.

pub mod duration;
mod invalid;
pub mod listen;

pub use invalid::Invalid;
