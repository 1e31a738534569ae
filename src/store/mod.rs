//! SQLite storage. One writer thread owns the connection; sessions hand it work over a bounded
//! channel and wait for the commit that holds it. The writer commits everything queued (up to
//! `batch_max`) in one transaction, so many sessions share one fsync (group commit).

mod apply;
mod messages;
pub mod people;
pub mod replay;
pub mod reprocess;
pub mod retention;
mod schema;

use std::fmt;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::Utc;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};

pub use apply::{Applied, Rules};
pub use messages::{rfc3339, sha256_hex, NewMessage, Saved};

use crate::config;

/// A storage failure, saying what was being done.
#[derive(Debug)]
pub enum StoreError {
    Sqlite {
        doing: String,
        source: rusqlite::Error,
    },
    Message(String),
}

impl StoreError {
    fn new(doing: &str, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            doing: doing.to_string(),
            source,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Sqlite { doing, source } => write!(f, "{doing}: {source}"),
            StoreError::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StoreError {}

type Waiter = oneshot::Sender<Result<(Saved, Applied), String>>;

enum Job {
    Save(Box<NewMessage>, Waiter),
    Reload(Box<Rules>),
    Maintain(Maintenance),
}

/// Work done between batches.
enum Maintenance {
    PurgeRaw,
    /// Keeps the WAL file bounded under sustained load, when readers hold old snapshots.
    Checkpoint,
    /// Answered once the writer gets to it: proof for the watchdog that it is not stuck.
    Ping(oneshot::Sender<()>),
}

/// Handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Store {
    jobs: mpsc::Sender<Job>,
}

/// Opens (creating if needed) and migrates the database with the pragmas every connection needs.
pub fn open_connection(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    let doing = format!("opening database {}", path.display());
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::new(&doing, e))?;
    conn.busy_timeout(busy_timeout)
        .map_err(|e| StoreError::new(&doing, e))?;
    // WAL: readers (sqlite3, the CLI) never block the writer; FULL: a commit survives power loss.
    conn.pragma_update(None, "journal_mode", "WAL")
        .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
        .and_then(|_| conn.pragma_update(None, "foreign_keys", "ON"))
        // After a checkpoint the WAL file is truncated to at most this size.
        .and_then(|_| conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024))
        .map_err(|e| StoreError::new(&doing, e))?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

impl Store {
    /// Opens the database (errors surface here, before the listener starts) and starts the writer.
    pub fn start(
        config: &config::Store,
        rules: Rules,
    ) -> Result<(Store, JoinHandle<()>), StoreError> {
        let conn = open_connection(&config.path, Duration::from_millis(config.busy_timeout_ms))?;
        let (jobs, rx) = mpsc::channel(1024);
        let writer = Writer {
            conn,
            batch_max: config.batch_max,
            keep_raw_days: config.keep_raw_days,
            rules,
        };
        let handle = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || writer.run(rx))
            .map_err(|e| StoreError::Message(format!("starting the writer thread: {e}")))?;
        Ok((Store { jobs }, handle))
    }

    /// Commits `msg`; returns once the transaction holding it is durable (or failed).
    pub async fn save(&self, msg: NewMessage) -> Result<(Saved, Applied), String> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .send(Job::Save(Box::new(msg), done))
            .await
            .map_err(|_| "the store writer has stopped".to_string())?;
        wait.await
            .map_err(|_| "the store writer has stopped".to_string())?
    }

    /// As `save`, for a caller outside the async runtime (import): queues `msg` and returns at
    /// once, so the caller can keep many messages in flight and they share transactions.
    pub fn submit(&self, msg: NewMessage) -> Result<Pending, String> {
        let (done, wait) = oneshot::channel();
        self.jobs
            .blocking_send(Job::Save(Box::new(msg), done))
            .map_err(|_| "the store writer has stopped".to_string())?;
        Ok(Pending(wait))
    }

    /// Messages after this one are applied with `rules`.
    pub async fn reload(&self, rules: Rules) {
        let _ = self.jobs.send(Job::Reload(Box::new(rules))).await;
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

    /// True when the writer answers within `timeout`.
    pub async fn ping(&self, timeout: Duration) -> bool {
        let (tx, rx) = oneshot::channel();
        let asked = self.jobs.send(Job::Maintain(Maintenance::Ping(tx)));
        matches!(
            tokio::time::timeout(timeout, async {
                asked.await.ok()?;
                rx.await.ok()
            })
            .await,
            Ok(Some(()))
        )
    }
}

/// A message queued by `Store::submit`, awaiting its commit.
pub struct Pending(oneshot::Receiver<Result<(Saved, Applied), String>>);

impl Pending {
    /// Blocks until the transaction holding the message is durable (or failed).
    pub fn wait(self) -> Result<(Saved, Applied), String> {
        self.0
            .blocking_recv()
            .map_err(|_| "the store writer has stopped".to_string())?
    }
}

struct Writer {
    conn: Connection,
    batch_max: usize,
    keep_raw_days: u32,
    rules: Rules,
}

impl Writer {
    /// Runs until every `Store` handle is dropped, then returns (the connection closes cleanly).
    fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        while let Some(first) = rx.blocking_recv() {
            let mut batch = Vec::new();
            let mut maintenance = Vec::new();
            for job in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
                match job {
                    Job::Save(msg, done) => batch.push((msg, done)),
                    Job::Maintain(m) => maintenance.push(m),
                    Job::Reload(rules) => {
                        // Messages queued before the reload keep the rules they came under.
                        if !batch.is_empty() {
                            self.commit_batch(std::mem::take(&mut batch));
                        }
                        self.rules = *rules;
                    }
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
                        let _ = answer.send(());
                    }
                }
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

    fn commit_batch(&mut self, batch: Vec<(Box<NewMessage>, Waiter)>) {
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
            Err(e) if size == 1 => {
                tracing::error!(error = %e, "storage commit failed");
                for waiter in waiters {
                    let _ = waiter.send(Err(e.to_string()));
                }
            }
            // One bad message must not fail its batch mates: retry each alone.
            Err(e) => {
                tracing::warn!(error = %e, batch = size, "batch commit failed; retrying one by one");
                for (msg, waiter) in msgs.into_iter().zip(waiters) {
                    let result = self.transaction(std::slice::from_ref(&msg));
                    let _ = waiter.send(result.map(|mut s| s.remove(0)).map_err(|e| {
                        tracing::error!(error = %e, "storage commit failed");
                        e.to_string()
                    }));
                }
            }
        }
    }

    fn transaction(
        &mut self,
        msgs: &[Box<NewMessage>],
    ) -> Result<Vec<(Saved, Applied)>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::new("starting transaction", e))?;
        let mut saved = Vec::with_capacity(msgs.len());
        for msg in msgs {
            let result =
                messages::insert(&tx, msg).map_err(|e| StoreError::new("inserting message", e))?;
            // A duplicate was applied when it first arrived.
            let applied = match result {
                Saved::Stored { id } => apply::apply(&tx, id, msg, &self.rules)
                    .map_err(|e| StoreError::new("applying reports", e))?,
                Saved::Duplicate { .. } => Applied::default(),
            };
            saved.push((result, applied));
        }
        tx.commit().map_err(|e| StoreError::new("committing", e))?;
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
