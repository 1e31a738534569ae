//! Applying a stored message's findings to the people they concern, inside the transaction that
//! stores the message: the `250` means "recorded and applied".

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Transaction;

use super::cached::exec;
use super::messages::NewMessage;
use super::people::{self, Event};
use crate::analysis::{Finding, Kind};
use crate::policy::{self, Effect, Observation, Person, Policy};
use crate::resolve::resolve;
use crate::verp::{Signer, Verp, VerpMode};

/// The configuration the writer applies messages with.
#[derive(Debug, Clone)]
pub struct Rules {
    pub policy: Policy,
    pub verp_mode: VerpMode,
    pub signer: Signer,
    /// Where applied events are queued for delivery (the webhook outbox).
    pub events: Arc<dyn EventSink>,
}

/// What the writer hands each applied event to, inside the transaction that records it, so a
/// failure there rolls the message back. The webhook outbox implements it; the store does not
/// know what is done with the event.
pub trait EventSink: Send + Sync {
    /// `person` is the state the event left, when it changed; `raw` the message it came from.
    fn applied(
        &self,
        tx: &Transaction<'_>,
        event_id: i64,
        person: Option<&Person>,
        raw: &[u8],
    ) -> rusqlite::Result<()>;
}

impl fmt::Debug for dyn EventSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSink")
    }
}

/// An `EventSink` that does nothing with the events.
pub struct NoEvents;

impl EventSink for NoEvents {
    fn applied(
        &self,
        _: &Transaction<'_>,
        _: i64,
        _: Option<&Person>,
        _: &[u8],
    ) -> rusqlite::Result<()> {
        Ok(())
    }
}

impl Rules {
    /// Reads the VERP secrets named by `verp` (never logged).
    pub fn new(
        policy: &Policy,
        verp: &Verp,
        events: Arc<dyn EventSink>,
    ) -> Result<Rules, crate::verp::VerpError> {
        let signer = Signer::from_config(verp)?;
        if verp.mode == VerpMode::Require && !signer.can_sign() {
            return Err(crate::verp::VerpError::RequireWithoutSecret);
        }
        Ok(Rules {
            policy: policy.clone(),
            verp_mode: verp.mode,
            signer,
            events,
        })
    }
}

/// A report's own date is believed only within this long before its arrival.
const MAX_REPORT_AGE_DAYS: i64 = 7;

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

pub fn apply(
    tx: &Transaction<'_>,
    message_id: i64,
    msg: &NewMessage,
    rules: &Rules,
) -> rusqlite::Result<Applied> {
    let analysis = &msg.analysis;
    let resolution = resolve(
        &msg.envelope.rcpt_to,
        analysis,
        rules.verp_mode,
        &rules.signer,
        msg.received_at,
    );
    let mut applied = Applied::default();
    for target in &resolution.targets {
        let finding = &analysis.findings[target.finding];
        let at = event_time(finding, analysis.date, msg.received_at);
        let mut changed = Vec::new();
        let mut person_now = None;
        if target.trust.applies() {
            let person = people::load(tx, &target.email)?.unwrap_or_default();
            let recent_soft =
                match Effect::for_report(finding.category, finding.reason, &rules.policy) {
                    Effect::Soft if rules.policy.soft_bounce_limit > 0 => {
                        let window =
                            Duration::days(i64::from(rules.policy.soft_bounce_window_days));
                        people::recent_soft(tx, &target.email, at - window, at)?
                    }
                    _ => 0,
                };
            let obs = Observation {
                category: finding.category,
                reason: finding.reason,
                status: &finding.status,
                diagnostic: &finding.diagnostic,
                at,
                recent_soft,
            };
            let (next, changes) = policy::apply(&person, &obs, &rules.policy);
            people::save(tx, &target.email, &next, msg.received_at)?;
            changed = changes;
            person_now = Some(next);
        } else {
            applied.unverified += 1;
        }
        people::insert_event(
            tx,
            &Event {
                at: Some(at),
                received_at: Some(msg.received_at),
                email: &target.email,
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
                trust: target.trust.name(),
                rule: finding.rule.to_string(),
                changed: changed.join(","),
                actor: String::new(),
            },
        )?;
        let event_id = tx.last_insert_rowid();
        rules
            .events
            .applied(tx, event_id, person_now.as_ref(), &msg.data)?;
        applied.events += 1;
        applied
            .changes
            .extend(changed.into_iter().map(|c| format!("{}:{c}", target.email)));
    }
    for (i, why) in &resolution.refused {
        applied
            .dropped
            .push(format!("finding {}: recipient refused: {why}", i + 1));
    }
    if analysis.unread_recipients > 0 {
        applied.dropped.push(format!(
            "{} recipients past the first {} not read",
            analysis.unread_recipients,
            crate::report::MAX_ENTRIES
        ));
    }
    let mut problems = applied.dropped.clone();
    if analysis.kind == Kind::None {
        problems
            .push("not a bounce report (no DSN, ARF, auto-reply or bounce text found)".to_string());
    }
    for i in &resolution.unresolved {
        problems.push(format!(
            "finding {}: no recipient address in the envelope or the report",
            i + 1
        ));
    }
    if let Some(bad) = &resolution.bad_tag {
        problems.push(format!("VERP: {bad}"));
    }
    if !problems.is_empty() {
        exec(
            tx,
            "UPDATE messages SET parse_error = ?1 WHERE id = ?2",
            rusqlite::params![problems.join("; "), message_id],
        )?;
    }
    Ok(applied)
}

/// The report's own date when plausible (not after arrival, not long before), else arrival.
fn event_time(
    finding: &Finding,
    report_date: Option<DateTime<Utc>>,
    received: DateTime<Utc>,
) -> DateTime<Utc> {
    finding
        .date
        .or(report_date)
        .filter(|d| *d <= received && *d >= received - Duration::days(MAX_REPORT_AGE_DAYS))
        .unwrap_or(received)
}
