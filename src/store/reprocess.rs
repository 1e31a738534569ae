//! Re-reading stored raw messages with today's rules and rebuilding the events and the person
//! state that follow (`bounced reprocess`).
//!
//! Pass 1 re-applies each message with the writer's own `apply` inside a savepoint that is
//! rolled back, and keeps the rows it would write, when they differ from the stored ones, in a
//! TEMP table of this connection (on disk, private, invisible to the daemon: memory stays flat
//! however much changes). Pass 2 takes the people concerned a batch at a time, one
//! transaction each: their events with the new rows in place of the old, folded in order by
//! `replay`, then the rows and the state written. The daemon's writer waits at most one batch.
//! Manual resets are never deleted and are re-applied where they stand; messages whose raw
//! content was pruned keep their events, which are folded like the others.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use super::apply::apply;
use super::messages::{rfc3339, NewMessage};
use super::people::{self, parse_time};
use super::replay::{replay, Step};
use super::rules::Rules;
use super::StoreError;
use crate::analysis::analyze_sent_by;
use crate::envelope::Envelope;
use crate::policy::Person;

/// Messages re-read, or people rebuilt, per transaction.
const BATCH: usize = 500;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only messages received at or after this time are re-read.
    pub since: Option<DateTime<Utc>>,
    pub dry_run: bool,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub messages_read: u64,
    /// Messages whose events (or parse error) come out different.
    pub messages_changed: u64,
    pub events_removed: u64,
    pub events_added: u64,
    pub people_examined: u64,
    pub people_changed: u64,
    /// The people who changed, by what changed for them ("no longer invalid", ...), each list
    /// in address order.
    pub transitions: BTreeMap<&'static str, Vec<String>>,
}

/// One `events` row, every column, so rows are copied whatever the schema has grown to.
type Row = Vec<Value>;

/// Where the columns the fold needs are in a `Row`.
struct Columns {
    names: Vec<String>,
    id: usize,
    email: usize,
    message_id: usize,
    received_at: usize,
    changed: usize,
    step: [usize; 7],
}

impl Columns {
    fn read(conn: &Connection) -> Result<Columns, StoreError> {
        let stmt = conn
            .prepare("SELECT * FROM events LIMIT 0")
            .map_err(|e| StoreError::new("reading the events columns", e))?;
        let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
        let at = |name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .ok_or_else(|| StoreError::NoColumn(name.to_string()))
        };
        Ok(Columns {
            id: at("id")?,
            email: at("email")?,
            message_id: at("message_id")?,
            received_at: at("received_at")?,
            changed: at("changed")?,
            step: [
                at("kind")?,
                at("at")?,
                at("category")?,
                at("reason")?,
                at("status")?,
                at("diagnostic")?,
                at("trust")?,
            ],
            names,
        })
    }

    fn text<'r>(&self, row: &'r Row, i: usize) -> &'r str {
        match &row[i] {
            Value::Text(t) => t,
            _ => "",
        }
    }

    fn int(&self, row: &Row, i: usize) -> Option<i64> {
        match row[i] {
            Value::Integer(n) => Some(n),
            _ => None,
        }
    }

    fn step(&self, row: &Row) -> Step {
        let [kind, at, category, reason, status, diagnostic, trust] = self.step;
        Step {
            manual: self.text(row, kind) == "manual",
            at: parse_time(Some(self.text(row, at).to_string())).unwrap_or_default(),
            category: self.text(row, category).to_string(),
            reason: self.text(row, reason).to_string(),
            status: self.text(row, status).to_string(),
            diagnostic: self.text(row, diagnostic).to_string(),
            trust: self.text(row, trust).to_string(),
            changed: self.text(row, self.changed).to_string(),
        }
    }

    /// Where a row stands in a person's history (see `rebuild`).
    fn order_key<'r>(&self, row: &'r Row) -> (&'r str, bool, Option<i64>, Option<i64>) {
        let message = self.int(row, self.message_id);
        (
            self.text(row, self.received_at),
            message.is_none(),
            message,
            self.int(row, self.id),
        )
    }

    /// Equal apart from the row id and `changed` (which the fold recomputes).
    fn same(&self, a: &Row, b: &Row) -> bool {
        a.len() == b.len()
            && (0..a.len())
                .filter(|&i| i != self.id && i != self.changed)
                .all(|i| a[i] == b[i])
    }
}

/// Where pass 1 keeps the rows of the messages whose events come out different (the columns of
/// `events`) and their new parse errors; pass 2 reads them by person.
const TEMP_TABLES: &str = "
    DROP TABLE IF EXISTS temp.reprocess_rows;
    DROP TABLE IF EXISTS temp.reprocess_errors;
    CREATE TEMP TABLE reprocess_rows AS SELECT * FROM main.events WHERE 0;
    CREATE INDEX temp.reprocess_rows_email ON reprocess_rows(email, id);
    CREATE TEMP TABLE reprocess_errors (id INTEGER PRIMARY KEY, parse_error TEXT);";

pub fn reprocess(
    conn: &mut Connection,
    rules: &Rules,
    options: &Options,
    progress: impl FnMut(u64),
) -> Result<Outcome, StoreError> {
    let cols = Columns::read(conn)?;
    conn.execute_batch(TEMP_TABLES)
        .map_err(|e| StoreError::new("creating temporary tables", e))?;
    let mut outcome = Outcome::default();
    let (rewritten, mut concerned) = reread(conn, &cols, rules, options, &mut outcome, progress)?;
    if options.since.is_none() {
        // A full rebuild: everyone with events, also those whose messages were all pruned.
        let mut stmt = conn
            .prepare("SELECT DISTINCT email FROM events")
            .map_err(|e| StoreError::new("listing people", e))?;
        let emails = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| StoreError::new("listing people", e))?;
        concerned.extend(emails);
    }
    let concerned: Vec<String> = concerned.into_iter().collect();
    for batch in concerned.chunks(BATCH) {
        let tx = conn
            .transaction_with_behavior(if options.dry_run {
                rusqlite::TransactionBehavior::Deferred
            } else {
                rusqlite::TransactionBehavior::Immediate
            })
            .map_err(|e| StoreError::new("starting transaction", e))?;
        for email in batch {
            rebuild(&tx, &cols, email, &rewritten, rules, options, &mut outcome)
                .map_err(|e| StoreError::new(&format!("rebuilding {email}"), e))?;
        }
        if !options.dry_run {
            tx.commit().map_err(|e| StoreError::new("committing", e))?;
        }
    }
    if !options.dry_run && !rewritten.is_empty() {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::new("starting transaction", e))?;
        tx.execute(
            "UPDATE main.messages SET parse_error = e.parse_error
               FROM temp.reprocess_errors e WHERE messages.id = e.id",
            [],
        )
        .map_err(|e| StoreError::new("updating parse errors", e))?;
        tx.commit().map_err(|e| StoreError::new("committing", e))?;
    }
    conn.execute_batch("DROP TABLE temp.reprocess_rows; DROP TABLE temp.reprocess_errors;")
        .map_err(|e| StoreError::new("dropping temporary tables", e))?;
    Ok(outcome)
}

/// Pass 1: the messages in scope in id order, up to the newest at the start (later ones the
/// daemon applies with its own rules, and pass 2 folds them in). Returns the ids of those whose
/// rows went to the TEMP table and everyone their old or new events concern.
fn reread(
    conn: &mut Connection,
    cols: &Columns,
    rules: &Rules,
    options: &Options,
    outcome: &mut Outcome,
    mut progress: impl FnMut(u64),
) -> Result<(HashSet<i64>, BTreeSet<String>), StoreError> {
    let insert_temp = insert_sql(cols, "temp.reprocess_rows", true);
    let mut rewritten = HashSet::new();
    let mut concerned = BTreeSet::new();
    let last: i64 = conn
        .query_row("SELECT coalesce(max(id), 0) FROM messages", [], |r| {
            r.get(0)
        })
        .map_err(|e| StoreError::new("reading messages", e))?;
    let since = options.since.map(rfc3339);
    let mut after = 0i64;
    loop {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::new("starting transaction", e))?;
        let ids: Vec<i64> = tx
            .prepare(
                "SELECT id FROM messages WHERE id > ?1 AND id <= ?2 AND raw IS NOT NULL
                   AND (?3 IS NULL OR received_at >= ?3) ORDER BY id LIMIT ?4",
            )
            .and_then(|mut s| {
                s.query_map(params![after, last, since, BATCH as i64], |r| r.get(0))?
                    .collect()
            })
            .map_err(|e| StoreError::new("listing messages", e))?;
        let Some(&end) = ids.last() else { break };
        for id in ids {
            let (old, new, old_error, new_error) = reapply(&tx, cols, id, rules)
                .map_err(|e| StoreError::new(&format!("re-reading message {id}"), e))?;
            for row in old.iter().chain(&new) {
                concerned.insert(cols.text(row, cols.email).to_string());
            }
            outcome.messages_read += 1;
            let same = old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| cols.same(a, b));
            if !same || old_error != new_error {
                outcome.messages_changed += 1;
                rewritten.insert(id);
                keep(&tx, &insert_temp, id, &new, new_error)
                    .map_err(|e| StoreError::new("keeping rewritten events", e))?;
            }
        }
        // Only the TEMP tables changed: every change to the database was rolled back to its
        // savepoint.
        tx.commit().map_err(|e| StoreError::new("committing", e))?;
        progress(outcome.messages_read);
        after = end;
    }
    Ok((rewritten, concerned))
}

/// Keeps a rewritten message's new rows (with the ids they had in the savepoint, for their
/// order) and its parse error for pass 2.
fn keep(
    tx: &Transaction<'_>,
    insert: &str,
    id: i64,
    rows: &[Row],
    parse_error: Option<String>,
) -> rusqlite::Result<()> {
    for row in rows {
        tx.prepare_cached(insert)?.execute(params_from_iter(row))?;
    }
    tx.execute(
        "INSERT INTO temp.reprocess_errors (id, parse_error) VALUES (?1, ?2)",
        params![id, parse_error],
    )?;
    Ok(())
}

/// `INSERT INTO table (columns) VALUES (?, ...)` for an events row, with or without its id.
fn insert_sql(cols: &Columns, table: &str, with_id: bool) -> String {
    let names: Vec<&str> = (0..cols.names.len())
        .filter(|&i| with_id || i != cols.id)
        .map(|i| cols.names[i].as_str())
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        vec!["?"; names.len()].join(", ")
    )
}

/// The message's stored event rows and the ones `apply` writes for it today (and both parse
/// errors), leaving the database as it was.
#[allow(clippy::type_complexity)]
fn reapply(
    tx: &Transaction<'_>,
    cols: &Columns,
    id: i64,
    rules: &Rules,
) -> rusqlite::Result<(Vec<Row>, Vec<Row>, Option<String>, Option<String>)> {
    let (received_at, peer, helo, mail_from, rcpt_to, raw, old_error): (
        String,
        String,
        String,
        String,
        String,
        Vec<u8>,
        Option<String>,
    ) = tx.query_row(
        "SELECT received_at, peer, helo, mail_from, rcpt_to, raw, parse_error FROM messages WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    let old = rows(tx, cols, "main.events", "message_id = ?1", id)?;
    let msg = NewMessage {
        received_at: parse_time(Some(received_at)).unwrap_or_default(),
        peer,
        analysis: analyze_sent_by(&raw, &mail_from),
        envelope: Envelope {
            helo,
            mail_from,
            rcpt_to: serde_json::from_str(&rcpt_to).unwrap_or_default(),
        },
        data: raw,
    };
    tx.execute_batch("SAVEPOINT reprocess")?;
    let result = (|| -> rusqlite::Result<(Vec<Row>, Option<String>)> {
        tx.execute("DELETE FROM events WHERE message_id = ?1", [id])?;
        tx.execute("UPDATE messages SET parse_error = NULL WHERE id = ?1", [id])?;
        apply(tx, id, &msg, &rules.plan(&msg), rules)?;
        let new = rows(tx, cols, "main.events", "message_id = ?1", id)?;
        let error: Option<String> = tx
            .query_row(
                "SELECT parse_error FROM messages WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok((new, error))
    })();
    tx.execute_batch("ROLLBACK TO reprocess; RELEASE reprocess")?;
    let (new, new_error) = result?;
    Ok((old, new, old_error, new_error))
}

/// Rows of `table` (`main.events` or `temp.reprocess_rows`, same columns) matching `filter`.
fn rows(
    tx: &Connection,
    cols: &Columns,
    table: &str,
    filter: &str,
    arg: impl rusqlite::ToSql,
) -> rusqlite::Result<Vec<Row>> {
    let mut stmt =
        tx.prepare_cached(&format!("SELECT * FROM {table} WHERE {filter} ORDER BY id"))?;
    let n = cols.names.len();
    let rows = stmt
        .query_map([arg], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())?
        .collect();
    rows
}

/// Folds one person's events (the rewritten messages' new rows in place of their old ones) and,
/// unless a dry run, writes the rows, the `changed` texts and the state.
fn rebuild(
    tx: &Transaction<'_>,
    cols: &Columns,
    email: &str,
    rewritten: &HashSet<i64>,
    rules: &Rules,
    options: &Options,
    outcome: &mut Outcome,
) -> rusqlite::Result<()> {
    let before = people::load(tx, email)?;
    let stored = rows(tx, cols, "main.events", "email = ?1", email)?;
    // (row, true when it is a new row to insert)
    let mut events: Vec<(Row, bool)> = Vec::new();
    let mut dropped = Vec::new();
    for row in stored {
        let from_rewritten = cols
            .int(&row, cols.message_id)
            .is_some_and(|m| rewritten.contains(&m));
        if from_rewritten {
            dropped.push(cols.int(&row, cols.id).unwrap_or_default());
        } else {
            events.push((row, false));
        }
    }
    for row in rows(tx, cols, "temp.reprocess_rows", "email = ?1", email)? {
        events.push((row, true));
    }
    // Arrival order: by received time, a manual reset after the messages of its second, a
    // message's findings in their order. It is the writer's order for messages applied as they
    // arrive; an import of older history is placed where it would have arrived.
    events.sort_by(|(a, _), (b, _)| cols.order_key(a).cmp(&cols.order_key(b)));
    let steps: Vec<Step> = events.iter().map(|(r, _)| cols.step(r)).collect();
    let (after, changed) = replay(&steps, &rules.policy);
    outcome.people_examined += 1;
    outcome.events_removed += dropped.len() as u64;
    outcome.events_added += events.iter().filter(|(_, new)| *new).count() as u64;
    let unchanged = match &before {
        Some(b) => *b == after,
        None => after == Person::default(),
    };
    if !unchanged {
        outcome.people_changed += 1;
        for label in transitions(&before.clone().unwrap_or_default(), &after) {
            let people = outcome.transitions.entry(label).or_default();
            people.push(email.to_string());
        }
    }
    if options.dry_run {
        return Ok(());
    }
    for id in dropped {
        tx.execute("DELETE FROM events WHERE id = ?1", [id])?;
    }
    let insert = insert_sql(cols, "main.events", false);
    for ((mut row, new), changed) in events.into_iter().zip(changed) {
        if new {
            row[cols.changed] = Value::Text(changed);
            let values = row.iter().enumerate().filter(|&(i, _)| i != cols.id);
            tx.prepare_cached(&insert)?
                .execute(params_from_iter(values.map(|(_, v)| v)))?;
        } else if cols.text(&row, cols.changed) != changed {
            tx.execute(
                "UPDATE events SET changed = ?1 WHERE id = ?2",
                params![changed, cols.int(&row, cols.id)],
            )?;
        }
    }
    if !unchanged {
        people::save(tx, email, &after, Utc::now())?;
    }
    Ok(())
}

/// What changed for a person, in the words of the report.
pub fn transitions(before: &Person, after: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    let flags = [
        (
            before.email_invalid,
            after.email_invalid,
            "no longer invalid",
            "newly invalid",
        ),
        (
            before.email_suspended,
            after.email_suspended,
            "no longer suspended",
            "newly suspended",
        ),
        (
            before.unsubscribed,
            after.unsubscribed,
            "no longer unsubscribed",
            "newly unsubscribed",
        ),
    ];
    for (was, is, off, on) in flags {
        if was != is {
            out.push(if is { on } else { off });
        }
    }
    if before.soft_bounce_count != after.soft_bounce_count {
        out.push("soft bounce count changed");
    }
    if out.is_empty() && before != after {
        out.push("cause or time changed");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_name_what_changed() {
        let invalid = Person {
            email_invalid: true,
            ..Person::default()
        };
        let none = Person::default();
        assert_eq!(transitions(&none, &invalid), ["newly invalid"]);
        assert_eq!(transitions(&invalid, &none), ["no longer invalid"]);
        let suspended_soft = Person {
            email_suspended: true,
            soft_bounce_count: 2,
            ..Person::default()
        };
        assert_eq!(
            transitions(&none, &suspended_soft),
            ["newly suspended", "soft bounce count changed"]
        );
        let cause = Person {
            email_invalid_cause: "550 5.1.1".into(),
            ..invalid.clone()
        };
        assert_eq!(transitions(&invalid, &cause), ["cause or time changed"]);
        assert!(transitions(&invalid, &invalid).is_empty());
    }
}
