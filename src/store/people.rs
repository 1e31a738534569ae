//! Rows of `people` and `events`.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::{json, Value};

use super::cached::{exec, query_one};
use super::messages::rfc3339;
use crate::policy::{mailability, Person};

pub fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

pub const PERSON_COLUMNS: &str = "email_invalid, email_invalid_cause, email_invalid_at, email_suspended, \
     email_suspended_cause, email_suspended_at, email_suspended_until, unsubscribed, soft_bounce_count, last_event_at";

/// Reads the columns of `PERSON_COLUMNS` starting at `offset`.
pub fn person_from_row(row: &Row<'_>, offset: usize) -> rusqlite::Result<Person> {
    Ok(Person {
        email_invalid: row.get(offset)?,
        email_invalid_cause: row.get(offset + 1)?,
        email_invalid_at: parse_time(row.get(offset + 2)?),
        email_suspended: row.get(offset + 3)?,
        email_suspended_cause: row.get(offset + 4)?,
        email_suspended_at: parse_time(row.get(offset + 5)?),
        email_suspended_until: parse_time(row.get(offset + 6)?),
        unsubscribed: row.get(offset + 7)?,
        soft_bounce_count: row.get(offset + 8)?,
        last_event_at: parse_time(row.get(offset + 9)?),
    })
}

pub fn load(tx: &rusqlite::Connection, email: &str) -> rusqlite::Result<Option<Person>> {
    query_one(
        tx,
        &format!("SELECT {PERSON_COLUMNS} FROM people WHERE email = ?1"),
        [email],
        |r| person_from_row(r, 0),
    )
    .optional()
}

pub fn save(
    tx: &Transaction<'_>,
    email: &str,
    p: &Person,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    exec(
        tx,
        "INSERT INTO people (email, email_invalid, email_invalid_cause, email_invalid_at, email_suspended,
             email_suspended_cause, email_suspended_at, email_suspended_until, unsubscribed,
             soft_bounce_count, last_event_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT(email) DO UPDATE SET
             email_invalid = excluded.email_invalid,
             email_invalid_cause = excluded.email_invalid_cause,
             email_invalid_at = excluded.email_invalid_at,
             email_suspended = excluded.email_suspended,
             email_suspended_cause = excluded.email_suspended_cause,
             email_suspended_at = excluded.email_suspended_at,
             email_suspended_until = excluded.email_suspended_until,
             unsubscribed = excluded.unsubscribed,
             soft_bounce_count = excluded.soft_bounce_count,
             last_event_at = excluded.last_event_at,
             updated_at = excluded.updated_at",
        params![
            email,
            p.email_invalid,
            p.email_invalid_cause,
            p.email_invalid_at.map(rfc3339),
            p.email_suspended,
            p.email_suspended_cause,
            p.email_suspended_at.map(rfc3339),
            p.email_suspended_until.map(rfc3339),
            p.unsubscribed,
            p.soft_bounce_count,
            p.last_event_at.map(rfc3339),
            rfc3339(now),
        ],
    )?;
    Ok(())
}

/// Soft bounces of `email` that happened in `[since, until]`.
pub fn recent_soft(
    tx: &Transaction<'_>,
    email: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> rusqlite::Result<u32> {
    query_one(
        tx,
        "SELECT count(*) FROM events
          WHERE email = ?1 AND category = 'soft' AND trust <> 'unverified' AND at >= ?2 AND at <= ?3",
        params![email, rfc3339(since), rfc3339(until)],
        |r| r.get(0),
    )
}

/// One `events` row.
#[derive(Debug, Default)]
pub struct Event<'a> {
    pub at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub email: &'a str,
    pub message_id: Option<i64>,
    pub kind: &'a str,
    pub action: &'a str,
    pub status: &'a str,
    pub reply_code: &'a str,
    pub reason: &'a str,
    pub category: &'a str,
    pub diagnostic: &'a str,
    pub reporting_mta: &'a str,
    pub remote_mta: &'a str,
    pub original_message_id: &'a str,
    pub feedback_type: &'a str,
    pub final_recipient: &'a str,
    pub trust: &'a str,
    /// The classifier rule that decided the reason (`status:X.1.1`), '' for manual events.
    pub rule: String,
    pub changed: String,
    pub actor: String,
}

pub fn insert_event(tx: &Transaction<'_>, e: &Event<'_>) -> rusqlite::Result<()> {
    exec(
        tx,
        "INSERT INTO events (at, received_at, email, message_id, kind, action, status, reply_code, reason,
             category, diagnostic, reporting_mta, remote_mta, original_message_id, feedback_type,
             final_recipient, trust, changed, actor, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
        params![
            e.at.map(rfc3339),
            e.received_at.map(rfc3339),
            e.email,
            e.message_id,
            e.kind,
            e.action,
            e.status,
            e.reply_code,
            e.reason,
            e.category,
            e.diagnostic,
            e.reporting_mta,
            e.remote_mta,
            e.original_message_id,
            e.feedback_type,
            e.final_recipient,
            e.trust,
            e.changed,
            e.actor,
            e.rule,
        ],
    )?;
    Ok(())
}

/// The person's fields and mailability as the JSON of `person`, `list` and `export`.
pub fn person_json(email: &str, p: &Person, now: DateTime<Utc>) -> Value {
    let m = mailability(p, now);
    json!({
        "email": email,
        "email_invalid": p.email_invalid,
        "email_invalid_cause": p.email_invalid_cause,
        "email_invalid_at": p.email_invalid_at.map(rfc3339),
        "email_suspended": p.email_suspended,
        "email_suspended_cause": p.email_suspended_cause,
        "email_suspended_at": p.email_suspended_at.map(rfc3339),
        "email_suspended_until": p.email_suspended_until.map(rfc3339),
        "unsubscribed": p.unsubscribed,
        "soft_bounce_count": p.soft_bounce_count,
        "last_event_at": p.last_event_at.map(rfc3339),
        "mailable": m.mailable,
        "why": m.why,
        "until": m.until.map(rfc3339),
    })
}
