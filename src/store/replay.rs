//! A person's state as a fold over their events in order, with the current policy: what the
//! writer does one message at a time, done again from nothing. Pure, so that reprocessing twice
//! gives the same state and the same `changed` for every event.

use chrono::{DateTime, Duration, Utc};

use crate::policy::{self, Observation, Person, Policy};
use crate::taxonomy::{Category, Reason};

/// The fields of one `events` row the fold reads.
#[derive(Debug, Clone, Default)]
pub struct Step {
    /// A manual reset (`kind = 'manual'`): it re-applies what it recorded in `changed`.
    pub manual: bool,
    pub at: DateTime<Utc>,
    pub category: String,
    pub reason: String,
    pub status: String,
    pub diagnostic: String,
    pub trust: String,
    pub changed: String,
}

/// The state after `steps` (in the order given) and each step's `changed` text; a manual step
/// keeps its own, the audit record of what the person changed.
pub fn replay(steps: &[Step], policy: &Policy) -> (Person, Vec<String>) {
    let mut person = Person::default();
    let mut changed = Vec::with_capacity(steps.len());
    for (i, step) in steps.iter().enumerate() {
        if step.manual {
            reset(&mut person, &step.changed);
            changed.push(step.changed.clone());
            continue;
        }
        // Unverified reports are recorded but change nobody (resolve::Trust::applies).
        if step.trust == "unverified" {
            changed.push(String::new());
            continue;
        }
        let (Some(category), Some(reason)) = (
            Category::from_name(&step.category),
            Reason::from_name(&step.reason),
        ) else {
            // A name this version does not know: the event stays, with no effect.
            person.last_event_at = Some(person.last_event_at.map_or(step.at, |t| t.max(step.at)));
            changed.push(String::new());
            continue;
        };
        let recent_soft = policy
            .soft_window(category, reason)
            .map_or(0, |window| recent_soft(&steps[..i], step.at, window));
        let obs = Observation {
            category,
            reason,
            status: &step.status,
            diagnostic: &step.diagnostic,
            at: step.at,
            recent_soft,
        };
        let (next, changes) = policy::apply(&person, &obs, policy);
        person = next;
        changed.push(changes.join(","));
    }
    (person, changed)
}

/// Soft bounces among the earlier steps within the window before `at`, counted as the writer
/// counts them in the events table (`people::recent_soft`).
fn recent_soft(earlier: &[Step], at: DateTime<Utc>, window: Duration) -> u32 {
    let since = at - window;
    earlier
        .iter()
        .filter(|s| !s.manual && s.category == "soft" && s.trust != "unverified")
        .filter(|s| s.at >= since && s.at <= at)
        .count() as u32
}

/// What `bounced reset` cleared, by the names it records (`email_invalid=0`, ...).
fn reset(person: &mut Person, changed: &str) {
    for change in changed.split(',').map(str::trim) {
        match change {
            "email_invalid=0" => {
                person.email_invalid = false;
                person.email_invalid_cause.clear();
                person.email_invalid_at = None;
            }
            "unsubscribed=0" => person.unsubscribed = false,
            "soft_bounce_count=0" => person.soft_bounce_count = 0,
            "email_suspended=0" => {
                person.email_suspended = false;
                person.email_suspended_cause.clear();
                person.email_suspended_at = None;
                person.email_suspended_until = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::hours(h)
    }

    fn step(h: i64, category: &str, reason: &str) -> Step {
        Step {
            at: at(h),
            category: category.into(),
            reason: reason.into(),
            status: "5.0.0".into(),
            diagnostic: "550 5.0.0 no".into(),
            trust: "report".into(),
            ..Step::default()
        }
    }

    fn manual(h: i64, changed: &str) -> Step {
        Step {
            manual: true,
            at: at(h),
            trust: "manual".into(),
            changed: changed.into(),
            ..Step::default()
        }
    }

    #[test]
    fn same_as_applying_one_by_one() {
        let policy = Policy::default();
        let steps = [
            step(1, "soft", "mailboxfull"),
            step(2, "hard", "userunknown"),
            step(3, "block", "blocked"),
            step(4, "complaint", "feedback"),
        ];
        let (p, changed) = replay(&steps, &policy);
        assert!(p.email_invalid && p.email_suspended && p.unsubscribed);
        assert_eq!(p.soft_bounce_count, 1);
        assert_eq!(p.last_event_at, Some(at(4)));
        assert_eq!(
            changed,
            [
                "soft_bounce_count=1",
                "email_invalid=1",
                "email_suspended=1",
                "unsubscribed=1"
            ]
        );
        assert_eq!(replay(&steps, &policy), (p, changed), "deterministic");
    }

    #[test]
    fn a_reset_clears_what_it_recorded_and_later_reports_count_again() {
        let policy = Policy::default();
        let mut steps = vec![step(1, "hard", "userunknown"), manual(2, "email_invalid=0")];
        let (p, changed) = replay(&steps, &policy);
        assert!(!p.email_invalid && p.email_invalid_cause.is_empty());
        assert_eq!(changed[1], "email_invalid=0");
        steps.push(step(3, "hard", "userunknown"));
        assert!(replay(&steps, &policy).0.email_invalid);
        // A reset that recorded nothing clears nothing.
        let (p, _) = replay(&[step(1, "hard", "userunknown"), manual(2, "")], &policy);
        assert!(p.email_invalid);
    }

    #[test]
    fn policy_overrides_apply_to_stored_events() {
        use crate::policy::Effect;
        let mut policy = Policy::default();
        policy.effects.insert(Reason::MailboxFull, Effect::Suspend);
        let (p, changed) = replay(&[step(1, "soft", "mailboxfull")], &policy);
        assert!(p.email_suspended);
        assert_eq!(p.soft_bounce_count, 0);
        assert_eq!(changed, ["email_suspended=1"]);
    }

    #[test]
    fn soft_limit_counts_earlier_soft_bounces_in_the_window() {
        let policy = Policy {
            soft_bounce_limit: 3,
            soft_bounce_window_days: std::time::Duration::from_secs(86_400),
            ..Policy::default()
        };
        let mut unverified = step(2, "soft", "mailboxfull");
        unverified.trust = "unverified".into();
        let steps = [
            step(0, "soft", "mailboxfull"),
            step(30, "soft", "mailboxfull"),
            unverified,
            step(31, "soft", "mailboxfull"),
            step(32, "soft", "mailboxfull"),
        ];
        let (p, changed) = replay(&steps, &policy);
        // The first is outside the window of the last three; the unverified one never counts.
        assert!(p.email_invalid);
        assert_eq!(changed[2], "");
        assert_eq!(changed[3], "soft_bounce_count=3");
        assert_eq!(changed[4], "soft_bounce_count=4,email_invalid=1");
    }

    #[test]
    fn unknown_names_only_move_the_last_event_time() {
        let (p, changed) = replay(&[step(5, "weird", "unheard")], &Policy::default());
        assert_eq!(
            p,
            Person {
                last_event_at: Some(at(5)),
                ..Person::default()
            }
        );
        assert_eq!(changed, [""]);
    }
}
