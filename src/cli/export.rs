//! `bounced export`: the people table, for other systems; with `--since`, only the rows changed
//! since then, for incremental syncs. Read in pages by address (issue 11: a stalled reader of one
//! long query kept a snapshot open and the WAL grew to 1.47 GB).

use std::io::Write;

use chrono::Utc;
use serde_json::Value;

use super::db::{csv_field, parse_since, DbArgs};
use super::out;
use super::person::person_json;
use crate::store::{people, rfc3339};

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    /// RFC 4180 CSV with a header line.
    Csv,
    /// JSON Lines: one object per person.
    Jsonl,
    /// One JSON array of objects (`[]` when there is nobody).
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Only people whose row changed since TIME (RFC 3339, a date, or 24h / 7d). A suspension
    /// that ends by itself changes no row: its `until` says when.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// People read per query. Each page is a snapshot of its own; the export as a whole is not one.
const PAGE: usize = 1000;

const CSV_COLUMNS: [&str; 14] = [
    "email",
    "email_invalid",
    "email_invalid_cause",
    "email_invalid_at",
    "email_suspended",
    "email_suspended_cause",
    "email_suspended_at",
    "email_suspended_until",
    "unsubscribed",
    "soft_bounce_count",
    "last_event_at",
    "mailable",
    "why",
    "until",
];

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let now = Utc::now();
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, now))
        .transpose()?;
    let conn = args.db.open()?;
    let mut stmt = conn.prepare(&format!(
        "SELECT email, {} FROM people
          WHERE (?1 IS NULL OR updated_at >= ?1) AND (?2 IS NULL OR email > ?2)
          ORDER BY email LIMIT {PAGE}",
        people::PERSON_COLUMNS
    ))?;
    let since = since.map(rfc3339);
    let mut out = out::stdout();
    match args.format {
        Format::Csv => writeln!(out, "{}", CSV_COLUMNS.join(","))?,
        Format::Json => out.write_all(b"[")?,
        Format::Jsonl => {}
    }
    let mut first = true;
    let mut after: Option<String> = None;
    loop {
        // A page is read, and its read transaction ended, before any of it is written: a reader
        // that stalls the pipe holds no snapshot, so the daemon's WAL checkpoints go on.
        let page = stmt
            .query_map(rusqlite::params![since, after], |row| {
                let email: String = row.get(0)?;
                let person = people::person_from_row(row, 1)?;
                Ok((email, person))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = Some(last.clone());
        for (email, person) in &page {
            let j = person_json(email, person, now);
            match args.format {
                Format::Jsonl => out::json_line(&mut out, &j)?,
                Format::Json => {
                    out.write_all(if first { b"\n" } else { b",\n" })?;
                    serde_json::to_writer(&mut out, &j)?;
                }
                Format::Csv => writeln!(out, "{}", csv_row(&j))?,
            }
            first = false;
        }
    }
    if let Format::Json = args.format {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    Ok(out.flush()?)
}

/// The person's fields in `CSV_COLUMNS` order: booleans as 0/1, nulls empty.
fn csv_row(j: &Value) -> String {
    let cells: Vec<String> = CSV_COLUMNS
        .iter()
        .map(|c| match &j[*c] {
            Value::Bool(b) => u8::from(*b).to_string(),
            Value::Null => String::new(),
            Value::String(s) => csv_field(s),
            other => other.to_string(),
        })
        .collect();
    cells.join(",")
}
