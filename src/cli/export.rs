//! `bounced export`: the people table, for other systems; with `--since`, only the rows changed
//! since then, for incremental syncs. Read in pages (`db::by_pages`).

use std::io::Write;

use chrono::Utc;
use serde_json::Value;

use rusqlite::Row;

use super::db::{by_pages, csv_field, parse_since, DbArgs, PAGE};
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
    let mut out = out::stdout();
    match args.format {
        Format::Csv => writeln!(out, "{}", CSV_COLUMNS.join(","))?,
        Format::Json => out.write_all(b"[")?,
        Format::Jsonl => {}
    }
    let mut first = true;
    let read = |row: &Row<'_>| Ok((row.get(0)?, people::person_from_row(row, 1)?));
    by_pages(&mut stmt, &[&since.map(rfc3339)], read, |page| {
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
        Ok(())
    })?;
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
