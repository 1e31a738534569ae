//! `bounced person EMAIL`: one person's state, whether they may be mailed now, and their history.

use std::io::Write;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::db::{print_table, DbArgs};
use super::out;
use crate::policy::mailability;
pub use crate::store::people::person_json;
use crate::store::{people, rfc3339};

#[derive(clap::Args, Debug)]
pub struct PersonArgs {
    /// The person's address (case does not matter).
    pub email: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON object: the person's fields, mailability, event counts and recent events.
    #[arg(long)]
    pub json: bool,
    /// How many recent events to show.
    #[arg(long, default_value_t = 10)]
    pub events: u32,
}

/// Event fields shown in the human-readable history.
const EVENT_COLUMNS: [&str; 9] = [
    "at",
    "category",
    "reason",
    "rule",
    "status",
    "feedback_type",
    "trust",
    "changed",
    "diagnostic",
];

pub fn run(args: PersonArgs) -> anyhow::Result<()> {
    let email = super::db::email(&args.email)?;
    let conn = args.db.open()?;
    let now = Utc::now();
    let person = people::load(&conn, &email)?;
    let known = person.is_some();
    let person = person.unwrap_or_default();
    let events = recent_events(&conn, &email, args.events)?;
    let counts = category_counts(&conn, &email)?;
    let mut out = out::stdout();
    if args.json {
        let mut j = person_json(&email, &person, now);
        j["known"] = json!(known);
        j["event_counts"] = json!(counts
            .iter()
            .cloned()
            .collect::<serde_json::Map<String, Value>>());
        j["events"] = json!(events);
        writeln!(out, "{j}")?;
        return Ok(out.flush()?);
    }
    // A person with events but no row was only named by reports that changed nothing
    // (unverified ones): say so rather than "no reports". Counted over all events, not only
    // the --events shown.
    let note = match (known, counts.is_empty()) {
        (true, _) => "",
        (false, true) => " (no reports recorded)",
        (false, false) => " (no state recorded: its reports changed nothing)",
    };
    writeln!(out, "{email}{note}")?;
    let m = mailability(&person, now);
    let until = m
        .until
        .map(|u| format!(" until {}", rfc3339(u)))
        .unwrap_or_default();
    if m.mailable {
        writeln!(out, "  mailable now:      yes")?;
    } else {
        writeln!(
            out,
            "  mailable now:      no{until} ({})",
            out::printable(&m.why)
        )?;
    }
    let opt = |t: Option<DateTime<Utc>>| t.map(rfc3339).unwrap_or_default();
    writeln!(
        out,
        "  email invalid:     {} {}",
        u8::from(person.email_invalid),
        out::printable(&person.email_invalid_cause)
    )?;
    writeln!(out, "  invalid at:        {}", opt(person.email_invalid_at))?;
    writeln!(
        out,
        "  email suspended:   {} {}",
        u8::from(person.email_suspended),
        out::printable(&person.email_suspended_cause)
    )?;
    writeln!(
        out,
        "  suspended at:      {}",
        opt(person.email_suspended_at)
    )?;
    writeln!(
        out,
        "  unsubscribed:      {}",
        u8::from(person.unsubscribed)
    )?;
    writeln!(out, "  soft bounces:      {}", person.soft_bounce_count)?;
    let summary: Vec<String> = counts.iter().map(|(c, n)| format!("{c} {n}")).collect();
    writeln!(out, "  events:            {}", summary.join(", "))?;
    if !events.is_empty() {
        writeln!(out)?;
        let rows: Vec<Vec<String>> = events
            .iter()
            .map(|e| {
                EVENT_COLUMNS
                    .iter()
                    .map(|k| e[*k].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect();
        print_table(&mut out, &EVENT_COLUMNS, &rows)?;
    }
    Ok(out.flush()?)
}

fn recent_events(conn: &Connection, email: &str, limit: u32) -> rusqlite::Result<Vec<Value>> {
    let mut stmt = conn.prepare(
        "SELECT at, received_at, kind, action, status, reply_code, reason, category, diagnostic,
                trust, changed, actor, message_id, final_recipient, feedback_type, rule
           FROM events WHERE email = ?1 ORDER BY at DESC, id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![email, limit], |r| {
        Ok(json!({
            "at": r.get::<_, String>(0)?,
            "received_at": r.get::<_, String>(1)?,
            "kind": r.get::<_, String>(2)?,
            "action": r.get::<_, String>(3)?,
            "status": r.get::<_, String>(4)?,
            "reply_code": r.get::<_, String>(5)?,
            "reason": r.get::<_, String>(6)?,
            "category": r.get::<_, String>(7)?,
            "diagnostic": r.get::<_, String>(8)?,
            "trust": r.get::<_, String>(9)?,
            "changed": r.get::<_, String>(10)?,
            "actor": r.get::<_, String>(11)?,
            "message_id": r.get::<_, Option<i64>>(12)?,
            "final_recipient": r.get::<_, String>(13)?,
            "feedback_type": r.get::<_, String>(14)?,
            "rule": r.get::<_, String>(15)?,
        }))
    })?;
    rows.collect()
}

fn category_counts(conn: &Connection, email: &str) -> rusqlite::Result<Vec<(String, Value)>> {
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN category = '' THEN kind ELSE category END, count(*)
           FROM events WHERE email = ?1 GROUP BY 1 ORDER BY 1",
    )?;
    let rows = stmt.query_map([email], |r| {
        Ok((r.get::<_, String>(0)?, json!(r.get::<_, i64>(1)?)))
    })?;
    rows.collect()
}
