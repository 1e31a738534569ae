//! `bounced export`: the whole people table, for other systems.

use std::process::ExitCode;

use chrono::Utc;

use super::db::{csv_field, DbArgs};
use super::person::person_json;
use crate::store::people;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Csv,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
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

pub fn run(args: ExportArgs) -> ExitCode {
    match export(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}

fn export(args: &ExportArgs) -> Result<(), String> {
    let conn = args.db.open()?;
    let now = Utc::now();
    if let Format::Csv = args.format {
        println!("{}", CSV_COLUMNS.join(","));
    }
    // Page by page: a stalled reader of the output must not hold a snapshot (the WAL grows).
    let rows = people::pages(&conn, people::PAGE_ROWS).flat_map(|page| match page {
        Ok(rows) => rows.into_iter().map(Ok).collect::<Vec<_>>(),
        Err(e) => vec![Err(e.to_string())],
    });
    for row in rows {
        let (email, person) = row?;
        let j = person_json(&email, &person, now);
        match args.format {
            Format::Json => println!("{j}"),
            Format::Csv => {
                let cells: Vec<String> = CSV_COLUMNS
                    .iter()
                    .map(|c| match &j[*c] {
                        serde_json::Value::Bool(b) => u8::from(*b).to_string(),
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::String(s) => csv_field(s),
                        other => other.to_string(),
                    })
                    .collect();
                println!("{}", cells.join(","));
            }
        }
    }
    Ok(())
}
