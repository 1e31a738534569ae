//! The `outbox` table: deliveries written with their event (so a `250` implies the notification
//! will be sent, across crashes), picked up by the delivery task, inspected by `bounced outbox`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row, Transaction};
use serde::Serialize;

use super::payload::{self, Fact};
use super::settings::{Format, Webhook};
use crate::policy::Person;
use crate::store::people::{self, Event};
use crate::store::{rfc3339, EventSink};

/// The `[[webhook]]`s applied events are queued for, as the store's writer sees them.
#[derive(Debug, Clone)]
pub struct Outbox(pub Vec<Webhook>);

impl EventSink for Outbox {
    fn applied(
        &self,
        tx: &Transaction<'_>,
        event_id: i64,
        person: Option<&Person>,
        raw: &[u8],
    ) -> rusqlite::Result<()> {
        enqueue(tx, &self.0, event_id, person, raw)
    }
}

/// Queues event `event_id`, just inserted, for every webhook that wants it. The event is read
/// back from `events`, so this needs nothing of how `apply` builds it. `person` is the person
/// after the event, when the event was applied to one.
pub fn enqueue(
    tx: &Transaction<'_>,
    hooks: &[Webhook],
    event_id: i64,
    person: Option<&Person>,
    raw: &[u8],
) -> rusqlite::Result<()> {
    if hooks.is_empty() {
        return Ok(());
    }
    let row = EventRow::load(tx, event_id)?;
    let event = row.event();
    let wanted: Vec<&Webhook> = hooks
        .iter()
        .filter(|h| h.wants(event.category, &event.changed))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let person = match person {
        Some(p) => p.clone(),
        None => people::load(tx, event.email)?.unwrap_or_default(),
    };
    let campaign = payload::listmonk_campaign(raw);
    let fact = Fact {
        event_id,
        event: &event,
        person: &person,
        campaign: campaign.as_deref(),
    };
    let now = rfc3339(event.received_at.unwrap_or_else(Utc::now));
    for hook in wanted {
        let body = match hook.format {
            Format::Standard => Some(payload::standard(&fact)),
            Format::Listmonk => payload::listmonk(&fact),
        };
        if let Some(body) = body {
            tx.execute(
                "INSERT INTO outbox (created_at, event_id, url, body, next_at) VALUES (?1, ?2, ?3, ?4, ?1)",
                params![now, event_id, hook.url, body.to_string()],
            )?;
        }
    }
    Ok(())
}

/// The columns of an `events` row that a payload carries.
struct EventRow {
    text: [String; 10],
    at: Option<String>,
    received_at: Option<String>,
    message_id: Option<i64>,
}

impl EventRow {
    fn load(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<EventRow> {
        tx.query_row(
            "SELECT email, kind, action, status, reason, category, diagnostic, original_message_id,
                    trust, changed, at, received_at, message_id
               FROM events WHERE id = ?1",
            [id],
            |r| {
                Ok(EventRow {
                    text: [
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ],
                    at: r.get(10)?,
                    received_at: r.get(11)?,
                    message_id: r.get(12)?,
                })
            },
        )
    }

    fn event(&self) -> Event<'_> {
        let [email, kind, action, status, reason, category, diagnostic, original_message_id, trust, changed] =
            &self.text;
        Event {
            at: people::parse_time(self.at.clone()),
            received_at: people::parse_time(self.received_at.clone()),
            email,
            message_id: self.message_id,
            kind,
            action,
            status,
            reason,
            category,
            diagnostic,
            original_message_id,
            trust,
            changed: changed.clone(),
            ..Event::default()
        }
    }
}

/// One outbox row.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub created_at: String,
    pub event_id: i64,
    pub url: String,
    #[serde(skip)]
    pub body: String,
    pub state: String,
    pub attempts: u32,
    pub next_at: String,
    pub last_error: String,
    pub done_at: Option<String>,
}

const COLUMNS: &str =
    "id, created_at, event_id, url, body, state, attempts, next_at, last_error, done_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        created_at: r.get(1)?,
        event_id: r.get(2)?,
        url: r.get(3)?,
        body: r.get(4)?,
        state: r.get(5)?,
        attempts: r.get(6)?,
        next_at: r.get(7)?,
        last_error: r.get(8)?,
        done_at: r.get(9)?,
    })
}

/// The stable id receivers deduplicate on (the `webhook-id` header).
pub fn delivery_id(id: i64) -> String {
    format!("bounced_{id}")
}

/// Pending deliveries due at `now` to one of `urls` (a JSON array: rows for a URL no longer
/// configured must not crowd out the others), oldest first, at most `limit`.
pub fn due(
    conn: &Connection,
    now: DateTime<Utc>,
    urls: &str,
    limit: usize,
) -> rusqlite::Result<Vec<Delivery>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE state = 'pending' AND next_at <= ?1
            AND url IN (SELECT value FROM json_each(?2)) ORDER BY next_at, id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![rfc3339(now), urls, limit as i64], from_row)?;
    rows.collect()
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    RetryAt(DateTime<Utc>, String),
    Dead(String),
}

/// Records attempts' outcomes in one transaction.
pub fn record(
    conn: &mut Connection,
    results: &[(i64, Outcome)],
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    // IMMEDIATE: take the write lock (waiting out the writer's commit) before reading anything.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let now = rfc3339(now);
    for (id, outcome) in results {
        match outcome {
            Outcome::Delivered => tx.execute(
                "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, last_error = '', done_at = ?2 WHERE id = ?1",
                params![id, now],
            )?,
            Outcome::RetryAt(at, error) => tx.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_at = ?2, last_error = ?3 WHERE id = ?1",
                params![id, rfc3339(*at), error],
            )?,
            Outcome::Dead(error) => tx.execute(
                "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?2, done_at = ?3 WHERE id = ?1",
                params![id, error, now],
            )?,
        };
    }
    tx.commit()
}

/// Deliveries in `state` (all states when None), newest first, at most `limit`.
pub fn list(
    conn: &Connection,
    state: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<Delivery>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![state, limit as i64], from_row)?;
    rows.collect()
}

/// Count per state.
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt =
        conn.prepare("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Deliveries waiting (due or not).
pub fn pending(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM outbox WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )
}

/// Drops deliveries delivered before `cutoff`: the outbox is a queue, not an archive (the event
/// stays in `events`). Dead ones stay for `bounced outbox --dead`.
pub fn prune_delivered(conn: &Connection, cutoff: DateTime<Utc>) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM outbox WHERE state = 'delivered' AND done_at < ?1",
        params![rfc3339(cutoff)],
    )
}

/// Makes delivery `id` (any state) or every dead one pending again, due now, with a new retry
/// window starting now; returns how many were requeued.
pub fn requeue(conn: &Connection, id: Option<i64>, now: DateTime<Utc>) -> rusqlite::Result<usize> {
    let now = rfc3339(now);
    match id {
        Some(id) => conn.execute(
            "UPDATE outbox SET state = 'pending', next_at = ?2, created_at = ?2, done_at = NULL WHERE id = ?1",
            params![id, now],
        ),
        None => conn.execute(
            "UPDATE outbox SET state = 'pending', next_at = ?1, created_at = ?1, done_at = NULL WHERE state = 'dead'",
            params![now],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn hook(text: &str) -> Webhook {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn queue_lifecycle() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open_writable(
            &dir.path().join("t.db"),
            std::time::Duration::from_secs(1),
        )
        .unwrap();
        let hooks = [
            hook("url = \"http://a.test/\""),
            hook("url = \"http://b.test/\"\nevents = \"all\"\nformat = \"listmonk\""),
            hook("url = \"http://c.test/\"\nevents = \"all\"\ncategories = [\"complaint\"]"),
        ];
        let now = Utc::now();
        let tx = conn.transaction().unwrap();
        for changed in ["email_invalid=1", ""] {
            let event = Event {
                at: Some(now),
                received_at: Some(now),
                email: "tom@example.com",
                kind: "dsn",
                category: "hard",
                changed: changed.into(),
                ..Event::default()
            };
            people::insert_event(&tx, &event).unwrap();
            enqueue(&tx, &hooks, tx.last_insert_rowid(), None, b"").unwrap();
        }
        tx.commit().unwrap();
        // Event 1 to a and b; event 2 (no change) to b only; c wants complaints alone.
        let all = r#"["http://a.test/","http://b.test/","http://c.test/"]"#;
        let due_now = due(&conn, now, all, 10).unwrap();
        let rows: Vec<(i64, &str)> = due_now
            .iter()
            .map(|d| (d.event_id, d.url.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (1, "http://a.test/"),
                (1, "http://b.test/"),
                (2, "http://b.test/")
            ]
        );
        assert_eq!(
            due(&conn, now, r#"["http://a.test/"]"#, 10).unwrap().len(),
            1
        );
        let body: serde_json::Value = serde_json::from_str(&due_now[1].body).unwrap();
        assert_eq!(body["type"], "hard");

        let later = now + Duration::minutes(5);
        let results = [
            (due_now[0].id, Outcome::Delivered),
            (due_now[1].id, Outcome::RetryAt(later, "HTTP 500".into())),
            (due_now[2].id, Outcome::Dead("HTTP 410".into())),
        ];
        record(&mut conn, &results, now).unwrap();
        assert!(due(&conn, now, all, 10).unwrap().is_empty());
        assert_eq!(
            due(&conn, later, all, 10).unwrap()[0].last_error,
            "HTTP 500"
        );
        let counts = counts(&conn).unwrap();
        assert_eq!(
            counts,
            [
                ("dead".to_string(), 1),
                ("delivered".to_string(), 1),
                ("pending".to_string(), 1)
            ]
        );
        assert_eq!(pending(&conn).unwrap(), 1);

        assert_eq!(requeue(&conn, None, now).unwrap(), 1);
        assert_eq!(list(&conn, Some("dead"), 10).unwrap().len(), 0);
        assert_eq!(requeue(&conn, Some(999), now).unwrap(), 0);
        assert_eq!(prune_delivered(&conn, now).unwrap(), 0);
        assert_eq!(
            prune_delivered(&conn, now + Duration::seconds(1)).unwrap(),
            1
        );
        assert_eq!(list(&conn, None, 10).unwrap().len(), 2);
    }
}
