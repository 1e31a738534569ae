//! `bounced list`: the addresses in one state, for the suppression lists of other systems.

use std::io::Write;

use chrono::Utc;

use rusqlite::{Row, ToSql};

use super::db::{by_pages, csv_field, parse_since, print_table, DbArgs, PAGE};
use super::out;
use super::person::person_json;
use crate::store::{people, rfc3339};

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true)))]
pub struct ListArgs {
    /// Email Invalid = 1 (hard bounces, soft-bounce limit).
    #[arg(long, group = "which")]
    pub invalid: bool,
    /// A suspension (block) in force now. `email_suspended = 1` in SQL keeps the full record.
    #[arg(long, group = "which")]
    pub suspended: bool,
    /// Unsubscribed by a complaint.
    #[arg(long, group = "which")]
    pub unsubscribed: bool,
    /// Not mailable now, for any reason.
    #[arg(long, group = "which")]
    pub unmailable: bool,
    /// Only those that entered the state since TIME (RFC 3339, a date, or 24h / 7d): for
    /// incremental syncs.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// CSV with a header line: email, since, until, why.
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// JSON Lines: one object per person (the fields of `person --json`, plus `since`).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ListArgs) -> anyhow::Result<()> {
    let now = Utc::now();
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, now))
        .transpose()?;
    let now_text = rfc3339(now);
    // (condition, time column that says when the state began)
    let (condition, began) = if args.invalid {
        ("email_invalid = 1", "email_invalid_at")
    } else if args.suspended {
        ("email_suspended_until > ?1", "email_suspended_at")
    } else if args.unsubscribed {
        (
            "unsubscribed = 1",
            "(SELECT max(at) FROM events e WHERE e.email = people.email AND e.changed LIKE '%unsubscribed=1%')",
        )
    } else {
        (
            "(email_invalid = 1 OR unsubscribed = 1 OR email_suspended_until > ?1)",
            "updated_at",
        )
    };
    let sql = format!(
        "SELECT email, {cols}, {began} FROM people
          WHERE {condition} AND ({began} >= ?2 OR ?2 IS NULL) AND (?3 IS NULL OR email > ?3)
          ORDER BY email LIMIT {PAGE}",
        cols = people::PERSON_COLUMNS
    );
    let conn = args.db.open()?;
    let mut stmt = conn.prepare(&sql)?;
    let mut out = out::stdout();
    if args.csv {
        writeln!(out, "email,since,until,why")?;
    }
    let read = |r: &Row<'_>| {
        let person = people::person_from_row(r, 1)?;
        let began: Option<String> = r.get(11)?;
        Ok((r.get(0)?, (person, began.unwrap_or_default())))
    };
    // JSON Lines and CSV are written page by page; only the table needs every row for its widths.
    let mut table = Vec::new();
    let params: [&dyn ToSql; 2] = [&now_text, &since.map(rfc3339)];
    by_pages(&mut stmt, &params, read, |page| {
        for (email, (person, began)) in page {
            if args.json {
                let mut j = person_json(&email, &person, now);
                j["since"] = serde_json::json!(began);
                out::json_line(&mut out, &j)?;
                continue;
            }
            let m = crate::policy::mailability(&person, now);
            let why = if m.why.is_empty() {
                "mailable again".to_string()
            } else {
                m.why
            };
            let cells = vec![email, began, m.until.map(rfc3339).unwrap_or_default(), why];
            if args.csv {
                let cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            } else {
                table.push(cells);
            }
        }
        Ok(())
    })?;
    if !args.json && !args.csv {
        print_table(&mut out, &["email", "since", "until", "why"], &table)?;
    }
    Ok(out.flush()?)
}
