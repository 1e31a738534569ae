//! Numbered migrations, recorded in `PRAGMA user_version`. Append only: a released migration is
//! never edited, so every database reaches the same schema by the same steps.

use rusqlite::Connection;

use super::StoreError;

/// Migration N (1-based) is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[
    // 1: every accepted SMTP transaction (DESIGN.md "messages").
    "CREATE TABLE messages (
        id          INTEGER PRIMARY KEY,
        received_at TEXT    NOT NULL,          -- UTC RFC 3339
        peer        TEXT    NOT NULL,          -- client IP address
        helo        TEXT    NOT NULL,
        mail_from   TEXT    NOT NULL,          -- '' for the null sender of a bounce
        rcpt_to     TEXT    NOT NULL,          -- JSON array of envelope recipients
        size        INTEGER NOT NULL,          -- bytes of content
        sha256      TEXT    NOT NULL UNIQUE,   -- hex; a message received twice is stored once
        raw         BLOB,                      -- content; NULL once older than store.keep_raw_days
        parse_error TEXT                       -- why the content could not be read, if so
    );
    CREATE INDEX messages_received_at ON messages(received_at);",
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date; refuses a database written by a newer bounced.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::new("reading user_version", e))?;
    if current > LATEST {
        return Err(StoreError::Message(format!(
            "database schema version {current} is newer than this bounced supports ({LATEST}); \
             upgrade bounced or use another database"
        )));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        let tx = conn
            .transaction()
            .map_err(|e| StoreError::new("starting migration", e))?;
        tx.execute_batch(sql)
            .and_then(|_| tx.pragma_update(None, "user_version", version))
            .and_then(|_| tx.commit())
            .map_err(|e| StoreError::new(&format!("applying migration {version}"), e))?;
    }
    Ok(())
}
