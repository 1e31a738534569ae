//! `bounced messages` and `bounced message ID`: the stored SMTP transactions, so that mail to
//! postmaster@ and reports nobody could read get read by a person.

use std::io::Write;

use anyhow::bail;
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::{json, Value};

use super::db::{parse_since, print_table, DbArgs};
use super::out;
use crate::store::rfc3339;

#[derive(clap::Args, Debug)]
pub struct MessagesArgs {
    /// Only messages that could not be read or applied in full (`parse_error` set).
    #[arg(long)]
    pub unparsed: bool,
    /// Only messages addressed to postmaster@ (any domain).
    #[arg(long)]
    pub postmaster: bool,
    /// Only messages received since TIME (RFC 3339, a date, or 24h / 7d).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Most messages to show, newest first; 0 shows all.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// JSON Lines: one object per message (without its content).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(clap::Args, Debug)]
pub struct MessageArgs {
    /// The message's id (the `id` of `bounced messages`, `message_id` of events).
    pub id: i64,
    /// Print the message's content exactly as received, and nothing else.
    #[arg(long, conflicts_with = "json")]
    pub raw: bool,
    /// One JSON object: the envelope, the parse error and the events it caused.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Everything but the content, plus whether the content is still kept and how many events the
/// message caused.
const COLUMNS: &str = "id, received_at, peer, helo, mail_from, rcpt_to, size, parse_error, \
     raw IS NOT NULL, (SELECT count(*) FROM events e WHERE e.message_id = messages.id)";

fn message_json(r: &Row<'_>) -> rusqlite::Result<Value> {
    let rcpt: String = r.get(5)?;
    Ok(json!({
        "id": r.get::<_, i64>(0)?,
        "received_at": r.get::<_, String>(1)?,
        "peer": r.get::<_, String>(2)?,
        "helo": r.get::<_, String>(3)?,
        "mail_from": r.get::<_, String>(4)?,
        "rcpt_to": serde_json::from_str::<Value>(&rcpt).unwrap_or(Value::String(rcpt)),
        "size": r.get::<_, i64>(6)?,
        "parse_error": r.get::<_, Option<String>>(7)?,
        "raw_kept": r.get::<_, bool>(8)?,
        "events": r.get::<_, i64>(9)?,
    }))
}

pub fn list(args: MessagesArgs) -> anyhow::Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, Utc::now()))
        .transpose()?;
    let conn = args.db.open()?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM messages
          WHERE (?1 IS NULL OR received_at >= ?1)
            AND (?2 = 0 OR parse_error IS NOT NULL)
            AND (?3 = 0 OR EXISTS (SELECT 1 FROM json_each(messages.rcpt_to)
                                    WHERE lower(value) LIKE 'postmaster@%'))
          ORDER BY id DESC
          LIMIT ?4"
    ))?;
    let limit = if args.limit == 0 {
        -1
    } else {
        i64::from(args.limit)
    };
    let rows = stmt
        .query_map(
            rusqlite::params![since.map(rfc3339), args.unparsed, args.postmaster, limit],
            message_json,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = out::stdout();
    if args.json {
        for row in &rows {
            out::json_line(&mut out, row)?;
        }
        return Ok(out.flush()?);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|m| {
            vec![
                m["id"].to_string(),
                text(&m["received_at"]),
                crate::logging::path(&text(&m["mail_from"])),
                recipients(&m["rcpt_to"]),
                m["size"].to_string(),
                m["events"].to_string(),
                text(&m["parse_error"]),
            ]
        })
        .collect();
    print_table(
        &mut out,
        &["id", "received", "from", "to", "size", "events", "problem"],
        &table,
    )?;
    Ok(out.flush()?)
}

pub fn show(args: MessageArgs) -> anyhow::Result<()> {
    let conn = args.db.open()?;
    let mut out = out::stdout();
    if args.raw {
        let raw: Option<Option<Vec<u8>>> = conn
            .query_row("SELECT raw FROM messages WHERE id = ?1", [args.id], |r| {
                r.get(0)
            })
            .optional()?;
        match raw {
            None => bail!("message {}: no such message", args.id),
            Some(None) => bail!(
                "message {}: its content was dropped after store.keep_raw_days",
                args.id
            ),
            Some(Some(bytes)) => out.write_all(&bytes)?,
        }
        return Ok(out.flush()?);
    }
    let Some(mut m) = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM messages WHERE id = ?1"),
            [args.id],
            message_json,
        )
        .optional()?
    else {
        bail!("message {}: no such message", args.id);
    };
    let events = events(&conn, args.id)?;
    if args.json {
        m["events"] = json!(events);
        writeln!(out, "{m}")?;
        return Ok(out.flush()?);
    }
    writeln!(out, "message {}", args.id)?;
    writeln!(out, "  received:   {}", text(&m["received_at"]))?;
    writeln!(
        out,
        "  peer:       {} (HELO {})",
        text(&m["peer"]),
        out::printable(&text(&m["helo"]))
    )?;
    writeln!(
        out,
        "  from:       {}",
        out::printable(&crate::logging::path(&text(&m["mail_from"])))
    )?;
    writeln!(
        out,
        "  to:         {}",
        out::printable(&recipients(&m["rcpt_to"]))
    )?;
    writeln!(out, "  size:       {} bytes", m["size"])?;
    let kept = if m["raw_kept"] == true {
        "kept (bounced message ID --raw)"
    } else {
        "dropped after store.keep_raw_days"
    };
    writeln!(out, "  content:    {kept}")?;
    if let Some(problem) = m["parse_error"].as_str() {
        writeln!(out, "  problem:    {}", out::printable(problem))?;
    }
    writeln!(out, "  events:     {}", events.len())?;
    if !events.is_empty() {
        writeln!(out)?;
        let rows: Vec<Vec<String>> = events
            .iter()
            .map(|e| EVENT_COLUMNS.iter().map(|k| text(&e[*k])).collect())
            .collect();
        print_table(&mut out, &EVENT_COLUMNS, &rows)?;
    }
    Ok(out.flush()?)
}

const EVENT_COLUMNS: [&str; 6] = ["email", "category", "reason", "status", "trust", "changed"];

fn events(conn: &Connection, message_id: i64) -> rusqlite::Result<Vec<Value>> {
    let mut stmt = conn.prepare(
        "SELECT email, kind, category, reason, status, diagnostic, trust, changed
           FROM events WHERE message_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([message_id], |r| {
        Ok(json!({
            "email": r.get::<_, String>(0)?,
            "kind": r.get::<_, String>(1)?,
            "category": r.get::<_, String>(2)?,
            "reason": r.get::<_, String>(3)?,
            "status": r.get::<_, String>(4)?,
            "diagnostic": r.get::<_, String>(5)?,
            "trust": r.get::<_, String>(6)?,
            "changed": r.get::<_, String>(7)?,
        }))
    })?;
    rows.collect()
}

/// A JSON string as text; null as "".
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn recipients(v: &Value) -> String {
    match v {
        Value::Array(list) => list.iter().map(text).collect::<Vec<_>>().join(", "),
        other => text(other),
    }
}
