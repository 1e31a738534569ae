//! What the database verbs share: finding and opening the database, reading times, printing.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use rusqlite::{Connection, Row, Statement, ToSql};

use super::out;
use crate::config::Config;
pub use crate::since::parse_since;
use crate::store;

/// `--db PATH` or `--config PATH` (whose `store.path` is used); neither means `./bounced.db`.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// Database file.
    #[arg(long, conflicts_with = "config")]
    pub db: Option<PathBuf>,
    /// Configuration file naming the database (store.path).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl DbArgs {
    pub fn config(&self) -> anyhow::Result<Config> {
        Ok(Config::load(self.config.as_deref())?)
    }

    /// Opens an existing bounced database read-only (never creates, migrates or converts a file:
    /// a wrong path must neither look like an empty database nor be changed into one).
    pub fn open(&self) -> anyhow::Result<Connection> {
        let path = self.existing_path()?;
        // The store's error names the file already.
        Ok(store::open_read_only(&path, Duration::from_secs(10))?)
    }

    /// Opens an existing bounced database for a verb that writes (`reset`, `prune`, `reprocess`).
    pub fn open_for_writing(&self) -> anyhow::Result<Connection> {
        let path = self.existing_path()?;
        // Refuse another application's file before migrating bounced's tables into it.
        store::open_read_only(&path, Duration::from_secs(10))?;
        Ok(store::open_writable(&path, Duration::from_secs(10))?)
    }

    fn existing_path(&self) -> anyhow::Result<PathBuf> {
        let path = match &self.db {
            Some(p) => p.clone(),
            None => self.config()?.store.path,
        };
        if !path.exists() {
            bail!(
                "{}: no such database (give --db PATH or --config PATH)",
                path.display()
            );
        }
        Ok(path)
    }
}

/// An address given on the command line, checked and lowercased: a typo is an error, not an
/// empty answer.
pub fn email(text: &str) -> anyhow::Result<String> {
    crate::address::parse(text).with_context(|| format!("{text:?}"))
}

/// Rows a paged query reads at once.
pub const PAGE: usize = 1000;

/// Runs `stmt` page by page and hands each page to `each`. The query orders by email, ends with
/// `LIMIT PAGE`, and its last parameter is the email to continue after (NULL at first). A page
/// is read, and its read transaction ended, before `each` writes it: a reader that stalls the
/// output holds no snapshot, so the daemon's WAL checkpoints go on (issue 11: the WAL grew to
/// 1.47 GB behind a stalled `export`). Each page is a snapshot; the whole is not.
pub fn by_pages<T>(
    stmt: &mut Statement<'_>,
    params: &[&dyn ToSql],
    read: impl Fn(&Row<'_>) -> rusqlite::Result<(String, T)>,
    mut each: impl FnMut(Vec<(String, T)>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut after: Option<String> = None;
    loop {
        let page = {
            let mut all = params.to_vec();
            all.push(&after);
            stmt.query_map(all.as_slice(), &read)?
                .collect::<Result<Vec<_>, _>>()?
        };
        let Some((last, _)) = page.last() else {
            return Ok(());
        };
        after = Some(last.clone());
        each(page)?;
    }
}

/// Writes rows as aligned columns under a header, control characters escaped.
pub fn print_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| out::printable(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", padded.join("  ").trim_end())?;
    }
    Ok(())
}

/// RFC 4180 CSV field.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("550 5.1.1 a, b"), "\"550 5.1.1 a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn pages_hold_no_snapshot_between_them() {
        use crate::store::{open_read_only, open_writable, people};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        let mut writer = open_writable(&path, Duration::from_secs(1)).unwrap();
        let add = |conn: &mut Connection, names: std::ops::Range<u32>| {
            let tx = conn.transaction().unwrap();
            for i in names {
                let email = format!("p{i:03}@example.com");
                people::save(
                    &tx,
                    &email,
                    &crate::policy::Person::default(),
                    chrono::Utc::now(),
                )
                .unwrap();
            }
            tx.commit().unwrap();
        };
        add(&mut writer, 0..7);
        let reader = open_read_only(&path, Duration::from_secs(1)).unwrap();
        let mut stmt = reader
            .prepare(
                "SELECT email FROM people WHERE (?1 IS NULL OR email > ?1) ORDER BY email LIMIT 3",
            )
            .unwrap();
        let mut seen = Vec::new();
        by_pages(
            &mut stmt,
            &[],
            |r| Ok((r.get(0)?, ())),
            |page| {
                if seen.is_empty() {
                    // The consumer stalls on its first page; the writer goes on and its
                    // checkpoint must still reset the WAL.
                    add(&mut writer, 7..9);
                    let busy: i64 = writer
                        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                        .unwrap();
                    assert_eq!(busy, 0, "a reader between pages blocked the checkpoint");
                }
                seen.extend(page.into_iter().map(|(email, ())| email));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen.len(), 9, "{seen:?}");
        assert_eq!(seen[8], "p008@example.com");
    }
}
