//! What the database verbs share: finding and opening the database, reading times, printing.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use crate::config::Config;
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
    pub fn config(&self) -> Result<Config, String> {
        Config::load(self.config.as_deref()).map_err(|e| e.to_string())
    }

    /// Opens an existing bounced database read-only (never creates, migrates or converts a file:
    /// a wrong path must neither look like an empty database nor be changed into one).
    pub fn open(&self) -> Result<Connection, String> {
        let path = self.existing_path()?;
        store::open_read_only(&path, Duration::from_secs(10)).map_err(|e| e.to_string())
    }

    /// Opens an existing bounced database for a verb that writes (`reset`).
    pub fn open_for_writing(&self) -> Result<Connection, String> {
        let path = self.existing_path()?;
        // Refuse another application's file before migrating bounced's tables into it.
        store::open_read_only(&path, Duration::from_secs(10)).map_err(|e| e.to_string())?;
        store::open_writable(&path, Duration::from_secs(10)).map_err(|e| e.to_string())
    }

    fn existing_path(&self) -> Result<PathBuf, String> {
        let path = match &self.db {
            Some(p) => p.clone(),
            None => self.config()?.store.path,
        };
        if !path.exists() {
            return Err(format!(
                "{}: no such database (give --db PATH or --config PATH)",
                path.display()
            ));
        }
        Ok(path)
    }
}

/// `--since`: an RFC 3339 time, a date (`2026-11-26`, midnight UTC), or an age (`24h`, `7d`).
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let hours = match unit {
        "h" => 1,
        "d" => 24,
        _ => 0,
    };
    match number.parse::<i64>() {
        Ok(n) if hours > 0 && n >= 0 => Ok(now - chrono::Duration::hours(n * hours)),
        _ => Err(format!(
            "--since {text:?}: expected an RFC 3339 time (2026-11-26T03:40:00Z), a date (2026-11-26) or an age (24h, 7d)"
        )),
    }
}

/// Prints rows as aligned columns under a header.
pub fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
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
    use chrono::TimeZone;

    #[test]
    fn since_forms() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        assert_eq!(
            parse_since("24h", now).unwrap(),
            now - chrono::Duration::hours(24)
        );
        assert_eq!(
            parse_since("7d", now).unwrap(),
            now - chrono::Duration::days(7)
        );
        assert_eq!(
            parse_since("2026-11-20", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()
        );
        assert_eq!(
            parse_since("2026-11-20T01:02:03Z", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 1, 2, 3).unwrap()
        );
        assert!(parse_since("yesterday", now)
            .unwrap_err()
            .contains("yesterday"));
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("550 5.1.1 a, b"), "\"550 5.1.1 a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
