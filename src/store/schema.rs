//! Numbered migrations, recorded in `PRAGMA user_version`. Append only: a released migration is
//! never edited, so every database reaches the same schema by the same steps.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

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
    // 2: person state with Marketo's five fields, the event history, and "may I send to X".
    "CREATE TABLE people (
        email                 TEXT PRIMARY KEY,            -- lowercased
        email_invalid         INTEGER NOT NULL DEFAULT 0,
        email_invalid_cause   TEXT    NOT NULL DEFAULT '',
        email_invalid_at      TEXT,
        email_suspended       INTEGER NOT NULL DEFAULT 0,  -- stays 1 as a record
        email_suspended_cause TEXT    NOT NULL DEFAULT '',
        email_suspended_at    TEXT,
        email_suspended_until TEXT,                        -- suspended_at + policy.suspend_hours
        unsubscribed          INTEGER NOT NULL DEFAULT 0,
        soft_bounce_count     INTEGER NOT NULL DEFAULT 0,
        last_event_at         TEXT,
        updated_at            TEXT    NOT NULL
    );
    CREATE INDEX people_invalid ON people(email_invalid_at) WHERE email_invalid = 1;
    CREATE INDEX people_suspended ON people(email_suspended_at) WHERE email_suspended = 1;
    CREATE INDEX people_unsubscribed ON people(updated_at) WHERE unsubscribed = 1;
    CREATE TABLE events (
        id                  INTEGER PRIMARY KEY,
        at                  TEXT    NOT NULL,  -- when it happened: the report's date, else received_at
        received_at         TEXT    NOT NULL,
        email               TEXT    NOT NULL,  -- the person it was applied to
        message_id          INTEGER REFERENCES messages(id),  -- NULL for a manual reset
        kind                TEXT    NOT NULL,  -- dsn, arf, autoreply, heuristic, manual
        action              TEXT    NOT NULL DEFAULT '',
        status              TEXT    NOT NULL DEFAULT '',
        reply_code          TEXT    NOT NULL DEFAULT '',
        reason              TEXT    NOT NULL DEFAULT '',
        category            TEXT    NOT NULL DEFAULT '',
        diagnostic          TEXT    NOT NULL DEFAULT '',
        reporting_mta       TEXT    NOT NULL DEFAULT '',
        remote_mta          TEXT    NOT NULL DEFAULT '',
        original_message_id TEXT    NOT NULL DEFAULT '',
        feedback_type       TEXT    NOT NULL DEFAULT '',
        final_recipient     TEXT    NOT NULL DEFAULT '',  -- as the report named it
        trust               TEXT    NOT NULL DEFAULT '',  -- verified, unsigned, report, unverified, manual
        changed             TEXT    NOT NULL DEFAULT '',  -- e.g. 'email_invalid=1'; '' for none
        actor               TEXT    NOT NULL DEFAULT ''   -- who made a manual change, and why
    );
    CREATE INDEX events_email_at ON events(email, at);
    CREATE INDEX events_received_at ON events(received_at);
    CREATE INDEX events_message ON events(message_id);
    CREATE VIEW mailability AS
    SELECT email,
           CASE WHEN email_invalid = 1 OR unsubscribed = 1
                  OR email_suspended_until > strftime('%Y-%m-%dT%H:%M:%SZ', 'now') THEN 0 ELSE 1 END
             AS mailable,
           CASE WHEN email_invalid = 1 THEN 'invalid: ' || email_invalid_cause
                WHEN unsubscribed = 1 THEN 'unsubscribed'
                WHEN email_suspended_until > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                  THEN 'suspended: ' || email_suspended_cause
                ELSE '' END AS why,
           CASE WHEN email_invalid = 0 AND unsubscribed = 0
                 AND email_suspended_until > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                THEN email_suspended_until END AS until
      FROM people;",
    // 3: which classifier rule decided each event (issue 10), so an operator can answer "why
    // was this address marked invalid?" and `bounced stats --by-rule` can count them.
    "ALTER TABLE events ADD COLUMN rule TEXT NOT NULL DEFAULT '';  -- e.g. 'status:X.1.1'
    CREATE INDEX events_rule ON events(rule);",
    // 4: webhook deliveries, written in the transaction that applies their event (src/webhook).
    "CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the delivery's stable id
        created_at TEXT    NOT NULL,                   -- start of the retry window: applied, or requeued
        event_id   INTEGER NOT NULL,                   -- events.id (no foreign key: pruning may drop it)
        url        TEXT    NOT NULL,                   -- the [[webhook]] it goes to
        body       TEXT    NOT NULL,                   -- JSON, fixed at enqueue
        state      TEXT    NOT NULL DEFAULT 'pending', -- pending, delivered, dead
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    TEXT    NOT NULL,                   -- when a pending delivery is next tried
        last_error TEXT    NOT NULL DEFAULT '',
        done_at    TEXT                                -- when delivered or given up
    );
    CREATE INDEX outbox_due ON outbox(next_at) WHERE state = 'pending';
    CREATE INDEX outbox_state ON outbox(state, id);",
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date; refuses a database written by a newer bounced.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    // Up to date: no write lock taken, so a start is not held up by a writer elsewhere.
    let current: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::new("reading user_version", e))?;
    if current == LATEST {
        return Ok(());
    }
    loop {
        // IMMEDIATE: the version is read under the write lock, so two processes that open a new
        // database at once apply each migration once; the second waits, then finds it done.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::new("starting migration", e))?;
        let current: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| StoreError::new("reading user_version", e))?;
        if current > LATEST {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                version: current,
                latest: LATEST,
            });
        }
        let Some(sql) = MIGRATIONS.get(current as usize) else {
            return Ok(());
        };
        let version = current + 1;
        tx.execute_batch(sql)
            .and_then(|_| tx.pragma_update(None, "user_version", version))
            .and_then(|_| tx.commit())
            .map_err(|e| StoreError::new(&format!("applying migration {version}"), e))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_new_database_gets_every_migration_and_a_second_run_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        assert_eq!(version(&conn), LATEST);
        let objects = |conn: &Connection| -> Vec<String> {
            let mut stmt = conn
                .prepare("SELECT type || ' ' || name FROM sqlite_schema ORDER BY 1")
                .unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        let created = objects(&conn);
        for expected in [
            "table messages",
            "table people",
            "table events",
            "table outbox",
            "view mailability",
            "index events_rule",
        ] {
            assert!(
                created.iter().any(|o| o == expected),
                "{expected}: {created:?}"
            );
        }
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        assert_eq!(objects(&conn), created);
        assert_eq!(version(&conn), LATEST);
    }

    #[test]
    fn a_database_part_way_is_brought_up_from_where_it_is() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO messages (received_at, peer, helo, mail_from, rcpt_to, size, sha256)
             VALUES ('2026-01-01T00:00:00Z', '127.0.0.1', 'h', '', '[]', 0, 'x')",
            [],
        )
        .unwrap();
        migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        assert_eq!(version(&conn), LATEST);
        let kept: i64 = conn
            .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
    }

    #[test]
    fn a_newer_schema_is_refused_and_left_alone() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1)
            .unwrap();
        let err = migrate(&mut conn, std::path::Path::new(":memory:"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("newer than this bounced supports"), "{err}");
        assert_eq!(version(&conn), LATEST + 1);
    }

    #[test]
    fn two_processes_creating_one_database_migrate_it_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let mut conn = Connection::open(&path).unwrap();
                    conn.busy_timeout(std::time::Duration::from_secs(10))
                        .unwrap();
                    migrate(&mut conn, &path)
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, LATEST);
    }
}
