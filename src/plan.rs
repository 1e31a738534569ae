//! The step between `resolve` and `store`: what one received message will do, worked out before
//! the store's transaction. Each finding gets its person and trust (`resolve`) and its time; what
//! could not be applied becomes the message's problems. Pure: the store's writer then only reads
//! each person's state, asks `policy` what follows from it, and writes.

use chrono::{DateTime, Duration, Utc};

use crate::analysis::{Analysis, Finding};
use crate::resolve::{resolve, Trust};
use crate::taxonomy::{Action, Kind};
use crate::verp::{Signer, VerpMode};

/// A report's own date is believed only within this long before its arrival.
const MAX_REPORT_AGE_DAYS: i64 = 7;

/// One finding about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Index into `Analysis::findings`.
    pub finding: usize,
    pub email: String,
    pub trust: Trust,
    /// When it happened (see `event_time`).
    pub at: DateTime<Utc>,
}

/// What a message will do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// Recipients the report named that were refused or not read: logged as a warning, since
    /// part of what the report says is not applied (also among `problems`).
    pub dropped: Vec<String>,
    /// Everything that kept the message from being read completely, for its `parse_error`.
    pub problems: Vec<String>,
}

/// The plan for a message with `analysis`, sent to `rcpt_to` and received at `received`.
pub fn plan(
    rcpt_to: &[String],
    analysis: &Analysis,
    received: DateTime<Utc>,
    verp_mode: VerpMode,
    signer: &Signer,
) -> Plan {
    let resolution = resolve(rcpt_to, analysis, verp_mode, signer, received);
    let steps = one_per_person(
        resolution.targets.into_iter().map(|target| Step {
            at: event_time(&analysis.findings[target.finding], analysis.date, received),
            finding: target.finding,
            email: target.email,
            trust: target.trust,
        }),
        analysis,
    );
    let mut dropped: Vec<String> = resolution
        .refused
        .iter()
        .map(|(i, why)| format!("finding {}: recipient refused: {why}", i + 1))
        .collect();
    if analysis.unread_recipients > 0 {
        dropped.push(format!(
            "{} recipients past the first {} not read",
            analysis.unread_recipients,
            crate::report::MAX_ENTRIES
        ));
    }
    let mut problems = dropped.clone();
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
    Plan {
        steps,
        dropped,
        problems,
    }
}

/// One step per person: a report that names someone several times (an alias list expanded to
/// one mailbox, a VERP return path standing for each finding) is one bounce for them, its first
/// final failure for that person, else its first finding.
fn one_per_person(steps: impl Iterator<Item = Step>, analysis: &Analysis) -> Vec<Step> {
    let failed = |s: &Step| analysis.findings[s.finding].action == Action::Failed;
    let mut out: Vec<Step> = Vec::new();
    for step in steps {
        match out.iter_mut().find(|kept| kept.email == step.email) {
            Some(kept) if !failed(kept) && failed(&step) => *kept = step,
            Some(_) => {}
            None => out.push(step),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Basis, Rule};
    use crate::report::Entry;
    use crate::taxonomy::{Category, Reason};
    use chrono::TimeZone;

    fn received() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 3, 40, 0).unwrap()
    }

    fn finding(recipient: &str, date: Option<DateTime<Utc>>) -> Finding {
        Finding {
            entry: Entry {
                recipient: recipient.into(),
                action: Action::Failed,
                status: "5.1.1".into(),
                reply_code: "550".into(),
                date,
                ..Entry::empty()
            },
            reason: Reason::UserUnknown,
            rule: Rule::new(Basis::Status, "X.1.1", "RFC 3463"),
            category: Category::Hard,
            hard: true,
        }
    }

    fn analysis(kind: Kind, findings: Vec<Finding>) -> Analysis {
        Analysis {
            kind,
            reporting_mta: String::new(),
            original_message_id: String::new(),
            original_to: Vec::new(),
            original_return_path: String::new(),
            date: None,
            findings,
            unread_recipients: 0,
        }
    }

    fn signer() -> Signer {
        Signer::new(
            "bounces",
            vec![b"a secret of sufficient length".to_vec()],
            30,
        )
    }

    fn plan_of(a: &Analysis) -> Plan {
        plan(&[], a, received(), VerpMode::Accept, &signer())
    }

    #[test]
    fn each_finding_gets_its_person_and_its_time() {
        let hour_ago = received() - Duration::hours(1);
        let future = received() + Duration::hours(1);
        let stale = received() - Duration::days(8);
        let a = analysis(
            Kind::Dsn,
            vec![
                finding("a@example.com", Some(hour_ago)),
                finding("b@example.com", Some(future)),
                finding("c@example.com", Some(stale)),
                finding("d@example.com", None),
            ],
        );
        let p = plan_of(&a);
        let got: Vec<(&str, DateTime<Utc>)> =
            p.steps.iter().map(|s| (s.email.as_str(), s.at)).collect();
        assert_eq!(
            got,
            [
                ("a@example.com", hour_ago),
                ("b@example.com", received()),
                ("c@example.com", received()),
                ("d@example.com", received()),
            ]
        );
        assert!(p.steps.iter().all(|s| s.trust == Trust::Report));
        assert!(p.problems.is_empty() && p.dropped.is_empty());
    }

    #[test]
    fn a_person_named_several_times_gets_one_step() {
        // Sendmail lists each alias that expanded to the same mailbox; a delay and a failure
        // for one person in one report are its failure.
        let mut delayed = finding("b@example.com", None);
        delayed.entry.action = Action::Delayed;
        let a = analysis(
            Kind::Dsn,
            vec![
                finding("a@example.com", None),
                delayed,
                finding("A@example.com", None),
                finding("b@example.com", None),
            ],
        );
        let p = plan_of(&a);
        let got: Vec<(&str, usize)> = p
            .steps
            .iter()
            .map(|s| (s.email.as_str(), s.finding))
            .collect();
        assert_eq!(got, [("a@example.com", 0), ("b@example.com", 3)]);
    }

    #[test]
    fn what_cannot_be_applied_is_named() {
        let mut a = analysis(
            Kind::Dsn,
            vec![finding("", None), finding("bad address@x", None)],
        );
        a.unread_recipients = 3;
        let p = plan_of(&a);
        assert!(p.steps.is_empty());
        assert_eq!(p.dropped.len(), 2);
        assert!(p.dropped[0].starts_with("finding 2: recipient refused: "));
        assert!(p.dropped[1].starts_with("3 recipients past the first "));
        assert_eq!(p.problems[..2], p.dropped[..]);
        assert_eq!(
            p.problems[2],
            "finding 1: no recipient address in the envelope or the report"
        );
        let none = plan_of(&analysis(Kind::None, Vec::new()));
        assert_eq!(
            none.problems,
            ["not a bounce report (no DSN, ARF, auto-reply or bounce text found)"]
        );
    }
}
