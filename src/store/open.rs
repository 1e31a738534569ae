//! Opening the database. The daemon's writer gets a connection that provably can commit (SQLite
//! silently opens a file it may not write read-only, which would turn every message into a 451);
//! the inspection verbs get a read-only one that never creates, migrates or converts a file, and
//! refuse a file that is not bounced's.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, MAIN_DB};

use super::schema;
use super::StoreError;

/// Tables every bounced database has (DESIGN.md "SQLite schema").
const TABLES: [&str; 3] = ["messages", "people", "events"];

/// Opens (creating if needed) and migrates the database for writing, with the pragmas the writer
/// needs; fails, naming the file, when a commit cannot succeed.
pub fn open_writable(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    let doing = format!("opening database {}", path.display());
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::new(&doing, e))?;
    // SQLite falls back to read-only without an error when the file's permissions forbid writing.
    if conn
        .is_readonly(MAIN_DB)
        .map_err(|e| StoreError::new(&doing, e))?
    {
        return Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            source: None,
        });
    }
    conn.busy_timeout(busy_timeout)
        .map_err(|e| StoreError::new(&doing, e))?;
    refuse_foreign(&conn, path)?;
    // WAL: readers (sqlite3, the CLI) never block the writer; FULL: a commit survives power loss.
    conn.pragma_update(None, "journal_mode", "WAL")
        .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
        .and_then(|_| conn.pragma_update(None, "foreign_keys", "ON"))
        // After a checkpoint the WAL file is truncated to at most this size.
        .and_then(|_| conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024))
        .map_err(|e| StoreError::new(&doing, e))?;
    schema::migrate(&mut conn, path)?;
    match probe_write(&conn) {
        Err(e) if !passing(&e) => Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            source: Some(e),
        }),
        Err(e) => {
            tracing::warn!(db = %path.display(), error = %e, "database cannot commit for now");
            Ok(conn)
        }
        Ok(()) => Ok(conn),
    }
}

/// A database bounced never set up (schema version 0) that holds tables belongs to another
/// application: migrating it would add bounced's tables and could stop half-way on a name it
/// already uses.
fn refuse_foreign(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let doing = format!("reading the schema of {}", path.display());
    let (version, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_schema WHERE type = 'table')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| StoreError::new(&doing, e))?;
    if version == 0 && tables > 0 {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            tables,
        });
    }
    Ok(())
}

/// A failure that passes by itself (another process holds the lock, the disk is full) and that
/// neither a reopen nor a restart would cure: commits get 451 meanwhile, the daemon stays.
pub fn passing(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked, DiskFull};
    matches!(
        e.sqlite_error_code(),
        Some(DatabaseBusy | DatabaseLocked | DiskFull)
    )
}

/// Commits a transaction that writes (the schema version, unchanged): the one sure test that the
/// file, its WAL and its directory accept a commit right now.
pub fn probe_write(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(&format!(
        "BEGIN IMMEDIATE; PRAGMA user_version = {}; COMMIT;",
        schema::LATEST
    ))
    .inspect_err(|_| {
        let _ = conn.execute_batch("ROLLBACK");
    })
}

/// Opens an existing bounced database read-only: no file is created, no migration runs, the
/// journal mode is left alone. A file that is not a bounced database is refused, naming it.
pub fn open_read_only(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    let doing = format!("opening database {} read-only", path.display());
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::new(&doing, e))?;
    conn.busy_timeout(busy_timeout)
        .map_err(|e| StoreError::new(&doing, e))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::new(&doing, e))?;
    let not_ours = |why: String| StoreError::NotOurs {
        path: path.to_path_buf(),
        why,
    };
    if version == 0 {
        return Err(not_ours("schema version 0: never set up by bounced".into()));
    }
    if version > schema::LATEST {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            version,
            latest: schema::LATEST,
        });
    }
    for table in TABLES {
        let found: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| StoreError::new(&doing, e))?;
        if !found {
            return Err(not_ours(format!("no table {table}")));
        }
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_secs(1);

    #[test]
    fn read_only_open_refuses_foreign_and_empty_files_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let e = open_read_only(&empty, WAIT).unwrap_err().to_string();
        assert!(
            e.contains("empty.db") && e.contains("not a bounced database"),
            "{e}"
        );
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

        // Another application's database, with a `people` table of its own.
        let other = dir.path().join("other.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE people (name TEXT); PRAGMA user_version = 1;")
            .unwrap();
        drop(c);
        let before = std::fs::read(&other).unwrap();
        let e = open_read_only(&other, WAIT).unwrap_err().to_string();
        assert!(
            e.contains("other.db") && e.contains("no table messages"),
            "{e}"
        );
        assert_eq!(std::fs::read(&other).unwrap(), before);
        let c = Connection::open(&other).unwrap();
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");

        let missing = dir.path().join("missing.db");
        let e = open_read_only(&missing, WAIT).unwrap_err();
        assert!(e.to_string().contains("missing.db"), "{e}");
        let cause = std::error::Error::source(&e).expect("SQLite's error is kept as the source");
        assert!(cause.is::<rusqlite::Error>(), "{cause}");
        assert!(!missing.exists());
    }

    #[test]
    fn read_only_open_reads_a_bounced_database_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(open_writable(&path, WAIT).unwrap());
        let conn = open_read_only(&path, WAIT).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        assert!(probe_write(&conn).is_err());
    }

    #[test]
    fn the_writer_refuses_another_applications_database() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE people (name TEXT);").unwrap();
        drop(c);
        let e = open_writable(&other, WAIT).unwrap_err().to_string();
        assert!(
            e.contains("other.db") && e.contains("not a bounced database"),
            "{e}"
        );
        let c = Connection::open(&other).unwrap();
        let tables: i64 = c
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1, "nothing was added");
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        // An empty file is a new database.
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        assert!(open_writable(&empty, WAIT).is_ok());
    }

    #[test]
    fn newer_schema_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let c = open_writable(&path, WAIT).unwrap();
        c.pragma_update(None, "user_version", schema::LATEST + 1)
            .unwrap();
        drop(c);
        let e = open_read_only(&path, WAIT).unwrap_err().to_string();
        assert!(e.contains("new.db") && e.contains("newer"), "{e}");
    }
}
