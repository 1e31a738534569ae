//! Writing what a stored message does to the people it concerns, inside the transaction that
//! stores it: the `250` means "recorded and applied". The plan (who, when, what went wrong) was
//! worked out before the transaction; here each person's state is read, `policy` decides what
//! follows from it, and the result is written with its event.

use rusqlite::Transaction;

use super::cached::exec;
use super::messages::NewMessage;
use super::people::{self, Event};
use super::rules::Rules;
use crate::analysis::Finding;
use crate::plan::{Plan, Step};
use crate::policy::{self, Observation, Person};

/// What applying one message did, for the log line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    pub events: usize,
    pub unverified: usize,
    pub changes: Vec<String>,
    /// Recipients the report named that were refused or not read (also in `parse_error`):
    /// logged as a warning, since part of what the report says was not applied.
    pub dropped: Vec<String>,
}

/// Applies `plan` for the message stored as `message_id`.
pub fn apply(
    tx: &Transaction<'_>,
    message_id: i64,
    msg: &NewMessage,
    plan: &Plan,
    rules: &Rules,
) -> rusqlite::Result<Applied> {
    let mut applied = Applied {
        dropped: plan.dropped.clone(),
        ..Applied::default()
    };
    for step in &plan.steps {
        let finding = &msg.analysis.findings[step.finding];
        let person = if step.trust.applies() {
            Some(judge(tx, step, finding, msg, rules)?)
        } else {
            applied.unverified += 1;
            None
        };
        let changed = person.as_ref().map_or(&[][..], |(_, c)| c.as_slice());
        let event = event(message_id, msg, finding, step, changed);
        people::insert_event(tx, &event)?;
        let event_id = tx.last_insert_rowid();
        rules
            .events
            .applied(tx, event_id, person.as_ref().map(|(p, _)| p), &msg.data)?;
        applied.events += 1;
        applied
            .changes
            .extend(changed.iter().map(|c| format!("{}:{c}", step.email)));
    }
    if !plan.problems.is_empty() {
        exec(
            tx,
            "UPDATE messages SET parse_error = ?1 WHERE id = ?2",
            rusqlite::params![plan.problems.join("; "), message_id],
        )?;
    }
    Ok(applied)
}

/// Reads the person's state (and, when policy needs it, their recent soft bounces) inside the
/// transaction, so concurrent messages about one person each see the other's result; writes
/// what `policy::apply` makes of it. Returns the new state and what changed.
fn judge(
    tx: &Transaction<'_>,
    step: &Step,
    finding: &Finding,
    msg: &NewMessage,
    rules: &Rules,
) -> rusqlite::Result<(Person, Vec<String>)> {
    let person = people::load(tx, &step.email)?.unwrap_or_default();
    let recent_soft = match rules.policy.soft_window(finding.category, finding.reason) {
        Some(window) => people::recent_soft(tx, &step.email, step.at - window, step.at)?,
        None => 0,
    };
    let observation = Observation {
        category: finding.category,
        reason: finding.reason,
        status: &finding.status,
        diagnostic: &finding.diagnostic,
        at: step.at,
        recent_soft,
    };
    let (next, changes) = policy::apply(&person, &observation, &rules.policy);
    people::save(tx, &step.email, &next, msg.received_at)?;
    Ok((next, changes))
}

/// The `events` row of one step.
fn event<'a>(
    message_id: i64,
    msg: &'a NewMessage,
    finding: &'a Finding,
    step: &'a Step,
    changed: &[String],
) -> Event<'a> {
    let analysis = &msg.analysis;
    Event {
        at: Some(step.at),
        received_at: Some(msg.received_at),
        email: &step.email,
        message_id: Some(message_id),
        kind: analysis.kind.name(),
        action: finding.action.name(),
        status: &finding.status,
        reply_code: &finding.reply_code,
        reason: finding.reason.name(),
        category: finding.category.name(),
        diagnostic: &finding.diagnostic,
        reporting_mta: &analysis.reporting_mta,
        remote_mta: &finding.remote_mta,
        original_message_id: &analysis.original_message_id,
        feedback_type: &finding.feedback_type,
        final_recipient: &finding.recipient,
        trust: step.trust.name(),
        rule: finding.rule.to_string(),
        changed: changed.join(","),
        actor: String::new(),
    }
}
