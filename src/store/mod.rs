//! SQLite storage. One writer thread owns the connection; sessions hand it work over a bounded
//! channel and wait for the commit that holds it. Each message's plan (`crate::plan`: who, when,
//! what cannot be applied) is worked out before it is queued, on the caller's thread; the writer
//! only persists, asking `policy` what a person's state becomes (`apply`). It commits everything
//! queued (up to `batch_max`) in one transaction, so many sessions share one fsync (group commit).

mod apply;
mod cached;
mod intake;
mod messages;
mod open;
pub mod people;
pub mod replay;
pub mod reprocess;
pub mod retention;
mod rules;
mod schema;
mod settings;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use crate::logging::Chain;
use crate::plan::Plan;

pub use apply::Applied;
pub use messages::{rfc3339, sha256_hex, NewMessage, Saved};
pub use open::{open_read_only, open_writable};
pub use rules::{EventSink, NoEvents, Rules};
pub use settings::Settings;

/// A storage failure: what was being done, or what is wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An SQLite call failed while doing what `doing` says.
    #[error("{doing}")]
    Sqlite {
        doing: String,
        #[source]
        source: rusqlite::Error,
    },
    /// The writer's connection cannot commit: without a source, SQLite opened the file
    /// read-only; with one, a probe commit failed with it.
    #[error(
        "database {} is not writable by this user{}; fix the permissions of the file, its -wal \
         and -shm files and its directory",
        path.display(),
        if source.is_none() { " (SQLite could only open it read-only)" } else { "" }
    )]
    NotWritable {
        path: PathBuf,
        #[source]
        source: Option<rusqlite::Error>,
    },
    /// Schema version 0 but tables: another application's database, which a migration would
    /// mix bounced's tables into.
    #[error(
        "{}: not a bounced database (schema version 0 but {tables} tables of another \
         application); give bounced a database of its own",
        path.display()
    )]
    Foreign { path: PathBuf, tables: i64 },
    /// A read-only open found a file bounced never set up.
    #[error(
        "{}: not a bounced database ({why}); give the path of the database `bounced serve` writes",
        path.display()
    )]
    NotOurs { path: PathBuf, why: String },
    /// Written by a newer bounced: refused rather than misread.
    #[error(
        "{}: database schema version {version} is newer than this bounced supports ({latest}); \
         upgrade bounced or use another database",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        version: i64,
        latest: i64,
    },
    /// The events table lacks a column reprocessing reads.
    #[error("events table has no column {0}")]
    NoColumn(String),
    #[error("starting the writer thread")]
    WriterThread(#[source] std::io::Error),
    /// The writer thread is gone (shutting down, or it ended): nothing more is committed.
    #[error("the store writer has stopped")]
    WriterStopped,
}

impl StoreError {
    fn new(doing: &str, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            doing: doing.to_string(),
            source,
        }
    }
}

type Waiter = oneshot::Sender<Result<(Saved, Applied), StoreError>>;

/// A message on its way to the writer, with its plan and the rules it came under.
struct Queued {
    msg: NewMessage,
    /// The content's SHA-256 (the duplicate key), computed before the writer, whose thread
    /// every message waits for.
    sha256: String,
    plan: Plan,
    rules: Arc<Rules>,
}

impl Queued {
    fn new(msg: NewMessage, rules: Arc<Rules>) -> Box<Queued> {
        Box::new(Queued {
            sha256: sha256_hex(&msg.data),
            plan: rules.plan(&msg),
            msg,
            rules,
        })
    }
}

enum Job {
    Save(Box<Queued>, Waiter),
    Maintain(Maintenance),
}

/// Work done between batches.
enum Maintenance {
    PurgeRaw,
    /// Keeps the WAL file bounded under sustained load, when readers hold old snapshots.
    Checkpoint,
    /// Answered once the writer gets to it, with whether a commit can succeed now: proof for
    /// the watchdog that the writer is neither stuck nor unable to write.
    Ping(oneshot::Sender<bool>),
}

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Store {
    jobs: mpsc::Sender<Job>,
    /// The rules messages saved from now on are applied with.
    rules: Arc<RwLock<Arc<Rules>>>,
}

impl Store {
    /// Opens the database (errors surface here, before the listener starts) and starts the writer.
    pub fn start(config: &Settings, rules: Rules) -> Result<(Store, JoinHandle<()>), StoreError> {
        let busy_timeout = config.busy_timeout_ms;
        let conn = open_writable(&config.path, busy_timeout)?;
        let (jobs, rx) = mpsc::channel(1024);
        let writer = Writer {
            conn,
            path: config.path.clone(),
            busy_timeout,
            committed_since_ping: true,
            batch_max: config.batch_max,
            keep_raw_days: config.keep_raw_days,
        };
        let handle = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(StoreError::WriterThread)?;
        let rules = Arc::new(RwLock::new(Arc::new(rules)));
        Ok((Store { jobs, rules }, handle))
    }

    /// Works out what `msg` will do (who each finding concerns, when, what cannot be applied)
    /// with the current rules, here on the caller's thread: the writer only persists.
    fn queue(&self, msg: NewMessage) -> Box<Queued> {
        let rules = match self.rules.read() {
            Ok(current) => Arc::clone(&current),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        };
        Queued::new(msg, rules)
    }

    /// Commits `msg`; returns once the transaction holding it is durable (or failed).
    pub async fn save(&self, msg: NewMessage) -> Result<(Saved, Applied), StoreError> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .send(Job::Save(self.queue(msg), done))
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        wait.await.map_err(|_| StoreError::WriterStopped)?
    }

    /// As `save`, for a caller outside the async runtime (import): queues `msg` and returns at
    /// once, so the caller can keep many messages in flight and they share transactions.
    pub fn submit(&self, msg: NewMessage) -> Result<Pending, StoreError> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .blocking_send(Job::Save(self.queue(msg), done))
            .map_err(|_| StoreError::WriterStopped)?;
        Ok(Pending(wait))
    }

    /// Messages saved after this call are applied with `rules`; those already queued keep the
    /// rules they came under.
    pub fn reload(&self, rules: Rules) {
        let rules = Arc::new(rules);
        match self.rules.write() {
            Ok(mut current) => *current = rules,
            Err(poisoned) => *poisoned.into_inner() = rules,
        }
    }

    /// Jobs waiting for the writer.
    pub fn queue_depth(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }

    /// Asks the writer to drop raw content past `keep_raw_days`.
    pub async fn purge_raw(&self) {
        let _ = self.jobs.send(Job::Maintain(Maintenance::PurgeRaw)).await;
    }

    /// Asks the writer to checkpoint and truncate the WAL.
    pub async fn checkpoint(&self) {
        let _ = self.jobs.send(Job::Maintain(Maintenance::Checkpoint)).await;
    }

    /// True when the writer answers within `timeout` that a commit can succeed.
    pub async fn ping(&self, timeout: Duration) -> bool {
        let (tx, rx) = oneshot::channel();
        let asked = self.jobs.send(Job::Maintain(Maintenance::Ping(tx)));
        matches!(
            tokio::time::timeout(timeout, async {
                asked.await.ok()?;
                rx.await.ok()
            })
            .await,
            Ok(Some(true))
        )
    }
}

/// A message queued by `Store::submit`, awaiting its commit.
pub struct Pending(oneshot::Receiver<Result<(Saved, Applied), StoreError>>);

impl Pending {
    /// Blocks until the transaction holding the message is durable (or failed).
    pub fn wait(self) -> Result<(Saved, Applied), StoreError> {
        self.0
            .blocking_recv()
            .map_err(|_| StoreError::WriterStopped)?
    }
}

struct Writer {
    conn: Connection,
    /// For reopening when the connection can no longer commit.
    path: PathBuf,
    busy_timeout: Duration,
    /// A message commit succeeded since the last ping (so the ping need not write).
    committed_since_ping: bool,
    batch_max: usize,
    keep_raw_days: Duration,
}

impl Writer {
    /// Runs until every `Store` handle is dropped, then returns (the connection closes cleanly).
    fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        while let Some(first) = rx.blocking_recv() {
            let mut batch = Vec::new();
            let mut maintenance = Vec::new();
            for job in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                match job {
                    Job::Save(queued, done) => batch.push((queued, done)),
                    Job::Maintain(m) => maintenance.push(m),
                }
                if batch.len() >= self.batch_max {
                    break;
                }
            }
            if !batch.is_empty() {
                self.commit_batch(batch);
            }
            for m in maintenance {
                match m {
                    Maintenance::PurgeRaw => self.purge_raw(),
                    Maintenance::Checkpoint => self.checkpoint(),
                    Maintenance::Ping(answer) => {
                        let _ = answer.send(self.can_commit());
                    }
                }
            }
        }
    }

    /// Whether a commit can succeed now: a message commit since the last ping proves it, else a
    /// probe commit does; when that fails the database is reopened (the file may have been
    /// replaced, or its permissions fixed) and probed again. A lock held by another process or
    /// a full disk counts as healthy: they pass by themselves and a restart would not help.
    fn can_commit(&mut self) -> bool {
        if std::mem::take(&mut self.committed_since_ping) {
            return true;
        }
        let Err(e) = open::probe_write(&self.conn) else {
            return true;
        };
        if open::passing(&e) {
            tracing::warn!(error = %e, "probe commit failed for now; commits get 451 meanwhile");
            return true;
        }
        tracing::warn!(error = %e, "probe commit failed; reopening the database");
        match open_writable(&self.path, self.busy_timeout) {
            Ok(conn) => {
                self.conn = conn;
                tracing::info!("database reopened; commits succeed again");
                true
            }
            Err(e) => {
                tracing::error!(error = %Chain(&e), "database cannot be written");
                false
            }
        }
    }

    fn checkpoint(&mut self) {
        let result = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            });
        match result {
            Ok((0, _)) => {}
            // Busy: a reader holds an old snapshot; the next checkpoint catches up.
            Ok((_, pages)) => tracing::debug!(pages, "WAL checkpoint incomplete (readers active)"),
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
    }

    fn commit_batch(&mut self, batch: Vec<(Box<Queued>, Waiter)>) {
        let started = Instant::now();
        let size = batch.len();
        let (msgs, waiters): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        match self.transaction(&msgs) {
            Ok(saved) => {
                crate::metrics::observe_commit(size, started.elapsed().as_secs_f64());
                tracing::debug!(
                    batch = size,
                    micros = started.elapsed().as_micros() as u64,
                    "committed"
                );
                for (waiter, result) in waiters.into_iter().zip(saved) {
                    let _ = waiter.send(Ok(result));
                }
            }
            // A batch of one has one waiter: it gets the error.
            Err(e) if size == 1 => {
                tracing::error!(error = %Chain(&e), "storage commit failed");
                if let Some(waiter) = waiters.into_iter().next() {
                    let _ = waiter.send(Err(e));
                }
            }
            // One bad message must not fail its batch mates: retry each alone.
            Err(e) => {
                tracing::warn!(error = %Chain(&e), batch = size, "batch commit failed; retrying one by one");
                for (msg, waiter) in msgs.into_iter().zip(waiters) {
                    let result = self.transaction(std::slice::from_ref(&msg));
                    let _ = waiter.send(result.map(|mut s| s.remove(0)).inspect_err(|e| {
                        tracing::error!(error = %Chain(e), "storage commit failed");
                    }));
                }
            }
        }
    }

    fn transaction(&mut self, queued: &[Box<Queued>]) -> Result<Vec<(Saved, Applied)>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::new("starting transaction", e))?;
        let mut saved = Vec::with_capacity(queued.len());
        for q in queued {
            let result = messages::insert(&tx, &q.msg, &q.sha256)
                .map_err(|e| StoreError::new("inserting message", e))?;
            // A duplicate was applied when it first arrived.
            let applied = match result {
                Saved::Stored { id } => apply::apply(&tx, id, &q.msg, &q.plan, &q.rules)
                    .map_err(|e| StoreError::new("applying reports", e))?,
                Saved::Duplicate { .. } => Applied::default(),
            };
            saved.push((result, applied));
        }
        tx.commit().map_err(|e| StoreError::new("committing", e))?;
        self.committed_since_ping = true;
        Ok(saved)
    }

    fn purge_raw(&mut self) {
        let Some(cutoff) = retention::cutoff(self.keep_raw_days, Utc::now()) else {
            return;
        };
        let result = self
            .conn
            .transaction()
            .and_then(|tx| retention::purge(&tx, cutoff).and_then(|n| tx.commit().map(|_| n)));
        match result {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "dropped raw content past keep_raw_days"),
            Err(e) => tracing::warn!(error = %e, "purging raw content failed; will retry"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(conn: Connection, path: PathBuf) -> Writer {
        Writer {
            conn,
            path,
            busy_timeout: Duration::from_secs(1),
            committed_since_ping: false,
            batch_max: 1,
            keep_raw_days: Duration::ZERO,
        }
    }

    /// A writer on a migrated in-memory database.
    fn in_memory() -> Writer {
        let mut conn = Connection::open_in_memory().unwrap();
        schema::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        writer(conn, PathBuf::new())
    }

    fn dsn(recipient: &str) -> NewMessage {
        let data = format!(
            "From: MAILER-DAEMON@mx.remote.test\r\n\
             Subject: Undelivered Mail Returned to Sender\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\
             \r\n--B\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n\
             \r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n\
             Reporting-MTA: dns; mx.remote.test\r\n\r\n\
             Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
             Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\
             \r\n--B--\r\n"
        )
        .into_bytes();
        NewMessage {
            received_at: Utc::now(),
            peer: "127.0.0.1".into(),
            envelope: crate::envelope::Envelope {
                helo: "client.test".into(),
                mail_from: String::new(),
                rcpt_to: vec!["b@bounce.test".into()],
            },
            analysis: crate::analysis::analyze(&data),
            data,
        }
    }

    /// `msg` as `Store::save` queues it, under the default rules.
    fn queued(msg: NewMessage) -> Box<Queued> {
        let rules = Rules::new(&Default::default(), &Default::default(), Arc::new(NoEvents));
        Queued::new(msg, Arc::new(rules.unwrap()))
    }

    fn count(w: &Writer, sql: &str) -> i64 {
        w.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_message_is_stored_and_applied_in_one_transaction() {
        let mut w = in_memory();
        let saved = w.transaction(&[queued(dsn("x@example.com"))]).unwrap();
        let [(Saved::Stored { id }, applied)] = saved.as_slice() else {
            panic!("{saved:?}");
        };
        assert_eq!(applied.events, 1);
        assert_eq!(applied.changes, ["x@example.com:email_invalid=1"]);
        let (raw_len, parse_error): (i64, Option<String>) = w
            .conn
            .query_row(
                "SELECT length(raw), parse_error FROM messages WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(raw_len as usize, dsn("x@example.com").data.len());
        assert_eq!(parse_error, None);
        let event_message: i64 = w
            .conn
            .query_row(
                "SELECT message_id FROM events WHERE email = 'x@example.com'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(event_message, *id);
        assert_eq!(
            count(
                &w,
                "SELECT email_invalid FROM people WHERE email = 'x@example.com'"
            ),
            1
        );
    }

    #[test]
    fn a_duplicate_is_acknowledged_and_not_applied_again() {
        let mut w = in_memory();
        let first = w.transaction(&[queued(dsn("y@example.com"))]).unwrap();
        let Saved::Stored { id } = first[0].0 else {
            panic!("{first:?}");
        };
        // Again on its own, and twice within one batch beside a new message.
        let again = w.transaction(&[queued(dsn("y@example.com"))]).unwrap();
        assert_eq!(again, [(Saved::Duplicate { id }, Applied::default())]);
        let batch = w
            .transaction(&[queued(dsn("z@example.com")), queued(dsn("z@example.com"))])
            .unwrap();
        let Saved::Stored { id: z } = batch[0].0 else {
            panic!("{batch:?}");
        };
        assert_eq!(batch[1], (Saved::Duplicate { id: z }, Applied::default()));
        assert_eq!(count(&w, "SELECT count(*) FROM messages"), 2);
        assert_eq!(count(&w, "SELECT count(*) FROM events"), 2);
    }

    #[test]
    fn ping_reports_a_connection_that_cannot_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(open_writable(&path, Duration::from_secs(1)).unwrap());
        // A connection that cannot write, and a path that cannot be reopened.
        let stuck = open_read_only(&path, Duration::from_secs(1)).unwrap();
        let mut w = writer(stuck, dir.path().join("no/such/dir/b.db"));
        assert!(!w.can_commit());
        assert!(!w.can_commit(), "stays unhealthy while nothing changes");
    }

    #[test]
    fn a_lock_held_elsewhere_does_not_fail_the_ping() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let conn = open_writable(&path, Duration::from_millis(100)).unwrap();
        let mut w = writer(conn, path.clone());
        let locker = rusqlite::Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert!(open::probe_write(&w.conn).is_err());
        assert!(w.can_commit());
        // Nor does it stop a start: commits get 451 until the lock goes.
        assert!(open_writable(&path, Duration::from_millis(100)).is_ok());
        locker.execute_batch("ROLLBACK").unwrap();
    }

    #[test]
    fn ping_reopens_a_database_that_became_writable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        drop(open_writable(&path, Duration::from_secs(1)).unwrap());
        let stuck = open_read_only(&path, Duration::from_secs(1)).unwrap();
        let mut w = writer(stuck, path);
        assert!(w.can_commit());
        assert!(
            open::probe_write(&w.conn).is_ok(),
            "the reopened connection writes"
        );
    }
}
