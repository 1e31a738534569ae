//! Writing one accepted message.

use super::cached::{exec, query_one};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::fmt::Write;

use crate::analysis::Analysis;
use crate::envelope::Envelope;

/// A message the SMTP side accepted and wants committed.
#[derive(Debug)]
pub struct NewMessage {
    pub received_at: DateTime<Utc>,
    pub peer: String,
    pub envelope: Envelope,
    pub data: Vec<u8>,
    /// Read and classified before it reaches the writer, which only writes.
    pub analysis: Analysis,
}

/// What the commit did with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Stored {
        id: i64,
    },
    /// Byte-identical content was stored before: acknowledged, not stored again.
    Duplicate {
        id: i64,
    },
}

pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn sha256_hex(data: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(data) {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Inserts `msg` unless content with the same `hash` (its `sha256_hex`) is stored already.
pub fn insert(tx: &Transaction<'_>, msg: &NewMessage, hash: &str) -> rusqlite::Result<Saved> {
    let rcpt = serde_json::to_string(&msg.envelope.rcpt_to).unwrap_or_else(|_| "[]".into());
    let inserted = exec(
        tx,
        "INSERT INTO messages (received_at, peer, helo, mail_from, rcpt_to, size, sha256, raw)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(sha256) DO NOTHING",
        params![
            rfc3339(msg.received_at),
            msg.peer,
            msg.envelope.helo,
            msg.envelope.mail_from,
            rcpt,
            msg.data.len() as i64,
            hash,
            msg.data,
        ],
    )?;
    if inserted == 1 {
        return Ok(Saved::Stored {
            id: tx.last_insert_rowid(),
        });
    }
    let id: Option<i64> = query_one(
        tx,
        "SELECT id FROM messages WHERE sha256 = ?1",
        [hash],
        |r| r.get(0),
    )
    .optional()?;
    Ok(Saved::Duplicate {
        id: id.unwrap_or(0),
    })
}

/// Drops raw content older than `cutoff`; returns how many messages lost theirs.
pub fn purge_raw(tx: &Transaction<'_>, cutoff: DateTime<Utc>) -> rusqlite::Result<usize> {
    exec(
        tx,
        "UPDATE messages SET raw = NULL WHERE raw IS NOT NULL AND received_at < ?1",
        [rfc3339(cutoff)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_duplicate_key_is_the_lowercase_hex_sha256() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
