//! `bounced prune [--dry-run] [--vacuum]`: drops raw message content past `store.keep_raw_days`
//! now, as the daemon does every hour; events and people stay. The freed pages are reused by
//! SQLite but the file keeps its size until `--vacuum` rewrites it (which needs as much free
//! disk again and holds the write lock while it runs).

use anyhow::Context;
use chrono::Utc;

use super::db::DbArgs;
use crate::setting::duration;
use crate::store::{retention, rfc3339};

#[derive(clap::Args, Debug)]
pub struct PruneArgs {
    /// Say what would be dropped, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Afterwards rewrite the database file to give the freed space back to the file system.
    #[arg(long)]
    pub vacuum: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: PruneArgs) -> anyhow::Result<()> {
    let keep_days = args.db.config()?.store.keep_raw_days;
    let mut conn = if args.dry_run {
        args.db.open()?
    } else {
        args.db.open_for_writing()?
    };
    let Some(cutoff) = retention::cutoff(keep_days, Utc::now()) else {
        println!("store.keep_raw_days = 0: raw content is kept forever, nothing to drop");
        return Ok(());
    };
    let due = retention::due(&conn, cutoff).context("counting raw content")?;
    let what = format!(
        "raw content of {} messages received before {} ({}, keep_raw_days = {}); \
         events and people stay",
        due.messages,
        rfc3339(cutoff),
        size(due.bytes),
        duration::days::toml(keep_days)
    );
    if args.dry_run {
        println!("would drop {what}");
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    retention::purge(&tx, cutoff)
        .and_then(|_| tx.commit())
        .context("dropping raw content")?;
    println!("dropped {what}");
    if args.vacuum {
        let before = file_size(&conn)?;
        conn.execute_batch("VACUUM").context("VACUUM")?;
        let after = file_size(&conn)?;
        println!(
            "VACUUM: database file {} → {} ({} given back)",
            size(before),
            size(after),
            size(before.saturating_sub(after))
        );
    } else {
        let free = file_free(&conn)?;
        println!(
            "{} free inside the database file, reused for new messages (--vacuum gives it back)",
            size(free)
        );
    }
    Ok(())
}

fn pragma(conn: &rusqlite::Connection, name: &str) -> anyhow::Result<u64> {
    let n: i64 = conn
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .with_context(|| format!("PRAGMA {name}"))?;
    Ok(n as u64)
}

fn file_size(conn: &rusqlite::Connection) -> anyhow::Result<u64> {
    Ok(pragma(conn, "page_count")? * pragma(conn, "page_size")?)
}

fn file_free(conn: &rusqlite::Connection) -> anyhow::Result<u64> {
    Ok(pragma(conn, "freelist_count")? * pragma(conn, "page_size")?)
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{bytes} bytes")
    }
}
