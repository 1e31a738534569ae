//! Person state transitions with Marketo's semantics (DESIGN.md): a pure function from the current
//! state, one classified report and the configuration to the new state and what changed.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::setting::duration;
use crate::taxonomy::{Category, Reason};

/// The `[policy]` section (`config` embeds it).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// How long a block keeps a person unmailable (Marketo: 24 hours).
    #[serde(with = "duration::hours")]
    pub suspend_hours: std::time::Duration,
    /// Soft bounces within the window that make an address invalid; 0 turns the rule off.
    pub soft_bounce_limit: u32,
    #[serde(with = "duration::days")]
    pub soft_bounce_window_days: std::time::Duration,
    /// Effects overriding the category's default for failed reports with that reason.
    pub effects: BTreeMap<Reason, Effect>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            suspend_hours: std::time::Duration::from_secs(24 * 3600),
            soft_bounce_limit: 0,
            soft_bounce_window_days: std::time::Duration::from_secs(7 * 86_400),
            effects: BTreeMap::new(),
        }
    }
}

impl Policy {
    /// The configured override for `reason`, if any.
    pub fn effect_for(&self, reason: Reason) -> Option<Effect> {
        self.effects.get(&reason).copied()
    }

    /// How far back before a report of `category` and `reason` its person's earlier soft bounces
    /// must be counted for `apply` (`Observation::recent_soft`): only for a soft effect with the
    /// N-in-D-days rule on, else none need be read.
    pub fn soft_window(&self, category: Category, reason: Reason) -> Option<Duration> {
        match Effect::for_report(category, reason, self) {
            Effect::Soft if self.soft_bounce_limit > 0 => {
                Some(chrono_span(self.soft_bounce_window_days))
            }
            _ => None,
        }
    }

    /// How long a block keeps a person unmailable.
    fn suspension(&self) -> Duration {
        chrono_span(self.suspend_hours)
    }
}

/// A configured duration for time arithmetic (configuration durations are at most 100 years,
/// well inside chrono's range).
fn chrono_span(d: std::time::Duration) -> Duration {
    Duration::from_std(d).unwrap_or(Duration::MAX)
}

/// What a report does to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Email Invalid = 1 with the cause.
    Invalid,
    /// Email Suspended = 1, cause and time; unmailable for `suspend_hours`.
    Suspend,
    /// Soft bounce count + 1 (and the optional N-in-D-days rule).
    Soft,
    /// Unsubscribed = 1 (a complaint).
    Unsubscribe,
    /// Recorded as an event only.
    None,
}

impl Effect {
    /// The default of DESIGN.md's taxonomy table.
    pub fn of_category(category: Category) -> Effect {
        match category {
            Category::Hard => Effect::Invalid,
            Category::Block => Effect::Suspend,
            Category::Soft => Effect::Soft,
            Category::Complaint => Effect::Unsubscribe,
            Category::AutoReply | Category::Delay | Category::Success => Effect::None,
        }
    }

    /// The configured override applies to failures only: a delay or a success never blocks anyone.
    pub fn for_report(category: Category, reason: Reason, policy: &Policy) -> Effect {
        match category {
            Category::Hard | Category::Block | Category::Soft => policy
                .effect_for(reason)
                .unwrap_or(Effect::of_category(category)),
            _ => Effect::of_category(category),
        }
    }
}

/// The state columns of a `people` row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    pub email_invalid: bool,
    pub email_invalid_cause: String,
    pub email_invalid_at: Option<DateTime<Utc>>,
    pub email_suspended: bool,
    pub email_suspended_cause: String,
    pub email_suspended_at: Option<DateTime<Utc>>,
    /// `email_suspended_at + suspend_hours`, stored so SQL can answer "mailable now?".
    pub email_suspended_until: Option<DateTime<Utc>>,
    pub unsubscribed: bool,
    pub soft_bounce_count: u32,
    pub last_event_at: Option<DateTime<Utc>>,
}

/// One classified report about a person.
#[derive(Debug, Clone)]
pub struct Observation<'a> {
    pub category: Category,
    pub reason: Reason,
    pub status: &'a str,
    pub diagnostic: &'a str,
    /// When it happened: the report's own date, else the time it was received.
    pub at: DateTime<Utc>,
    /// Soft bounces of this person already recorded within the window before `at`.
    pub recent_soft: u32,
}

/// Applies `obs` to `person`; returns the new state and a short description of each change.
pub fn apply(person: &Person, obs: &Observation<'_>, policy: &Policy) -> (Person, Vec<String>) {
    let mut next = person.clone();
    let mut changes = Vec::new();
    next.last_event_at = later(person.last_event_at, obs.at);
    match Effect::for_report(obs.category, obs.reason, policy) {
        Effect::Invalid => invalidate(&mut next, cause(obs), obs.at, &mut changes),
        Effect::Suspend => {
            next.email_suspended = true;
            // An older report never overwrites a newer suspension (out-of-order arrival).
            if person.email_suspended_at.is_none_or(|t| obs.at >= t) {
                next.email_suspended_cause = cause(obs);
                next.email_suspended_at = Some(obs.at);
                next.email_suspended_until = obs.at.checked_add_signed(policy.suspension());
                changes.push("email_suspended=1".into());
            }
        }
        Effect::Soft => {
            next.soft_bounce_count += 1;
            changes.push(format!("soft_bounce_count={}", next.soft_bounce_count));
            let limit = policy.soft_bounce_limit;
            if limit > 0 && obs.recent_soft + 1 >= limit {
                let why = format!(
                    "{} soft bounces in {}",
                    obs.recent_soft + 1,
                    window_words(policy.soft_bounce_window_days)
                );
                invalidate(&mut next, why, obs.at, &mut changes);
            }
        }
        Effect::Unsubscribe => {
            if !next.unsubscribed {
                next.unsubscribed = true;
                changes.push("unsubscribed=1".into());
            }
        }
        Effect::None => {}
    }
    (next, changes)
}

/// "7 days" for a window of whole days (as the key counts them), else "36h".
fn window_words(window: std::time::Duration) -> String {
    let days = window.as_secs() / 86_400;
    if window == std::time::Duration::from_secs(days * 86_400) {
        format!("{days} days")
    } else {
        duration::text(window)
    }
}

fn invalidate(next: &mut Person, cause: String, at: DateTime<Utc>, changes: &mut Vec<String>) {
    if next.email_invalid && next.email_invalid_at.is_some_and(|t| at < t) {
        return;
    }
    if !next.email_invalid {
        changes.push("email_invalid=1".into());
    }
    next.email_invalid = true;
    next.email_invalid_cause = cause;
    next.email_invalid_at = Some(at);
}

fn later(a: Option<DateTime<Utc>>, b: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Some(a.map_or(b, |a| a.max(b)))
}

/// "5.1.1 550 user unknown": the status, unless the text already says it, then the text.
pub fn cause(obs: &Observation<'_>) -> String {
    let text = obs.diagnostic.trim();
    let joined = if obs.status.is_empty() || text.contains(obs.status) {
        text.to_string()
    } else if text.is_empty() {
        obs.status.to_string()
    } else {
        format!("{} {}", obs.status, text)
    };
    if joined.is_empty() {
        obs.reason.name().to_string()
    } else {
        truncate(&joined, 500)
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Whether a person may be mailed at `now`, and if not, why and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailability {
    pub mailable: bool,
    pub why: String,
    /// End of a suspension; `None` when not suspended or when only a person can lift it.
    pub until: Option<DateTime<Utc>>,
}

pub fn mailability(person: &Person, now: DateTime<Utc>) -> Mailability {
    let blocked = |why: String, until| Mailability {
        mailable: false,
        why,
        until,
    };
    if person.email_invalid {
        return blocked(format!("invalid: {}", person.email_invalid_cause), None);
    }
    if person.unsubscribed {
        return blocked("unsubscribed".into(), None);
    }
    if let Some(until) = person.email_suspended_until.filter(|u| *u > now) {
        return blocked(
            format!("suspended: {}", person.email_suspended_cause),
            Some(until),
        );
    }
    Mailability {
        mailable: true,
        why: String::new(),
        until: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: i64, m: i64, s: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap()
            + Duration::hours(h)
            + Duration::minutes(m)
            + Duration::seconds(s)
    }

    fn obs(category: Category, reason: Reason, at: DateTime<Utc>) -> Observation<'static> {
        Observation {
            category,
            reason,
            status: "5.1.1",
            diagnostic: "550 5.1.1 <a@example.com>: user unknown",
            at,
            recent_soft: 0,
        }
    }

    fn block(at: DateTime<Utc>, text: &'static str) -> Observation<'static> {
        Observation {
            status: "5.7.1",
            diagnostic: text,
            ..obs(Category::Block, Reason::Blocked, at)
        }
    }

    fn policy() -> Policy {
        Policy::default()
    }

    #[test]
    fn hard_bounce_marks_invalid_with_cause() {
        let (p, changes) = apply(
            &Person::default(),
            &obs(Category::Hard, Reason::UserUnknown, t(1, 0, 0)),
            &policy(),
        );
        assert!(p.email_invalid);
        assert_eq!(
            p.email_invalid_cause,
            "550 5.1.1 <a@example.com>: user unknown"
        );
        assert_eq!(changes, ["email_invalid=1"]);
        assert!(!mailability(&p, t(100, 0, 0)).mailable);
        assert!(!p.email_suspended);
    }

    #[test]
    fn cause_adds_status_when_text_lacks_it() {
        let o = Observation {
            diagnostic: "  mailbox unavailable ",
            ..obs(Category::Hard, Reason::UserUnknown, t(0, 0, 0))
        };
        assert_eq!(cause(&o), "5.1.1 mailbox unavailable");
        let o = Observation {
            diagnostic: "",
            status: "",
            ..o
        };
        assert_eq!(cause(&o), "userunknown");
    }

    #[test]
    fn block_suspends_for_24_hours_exactly() {
        let at = t(3, 40, 0);
        let (p, changes) = apply(&Person::default(), &block(at, "554 5.7.1 spam"), &policy());
        assert!(p.email_suspended && !p.email_invalid);
        assert_eq!(p.email_suspended_at, Some(at));
        assert_eq!(changes, ["email_suspended=1"]);
        let just_before = at + Duration::hours(24) - Duration::seconds(1);
        let at_end = at + Duration::hours(24);
        let m = mailability(&p, just_before);
        assert!(!m.mailable);
        assert_eq!(m.until, Some(at_end));
        assert_eq!(m.why, "suspended: 554 5.7.1 spam");
        assert!(mailability(&p, at_end).mailable);
        assert!(mailability(&p, at_end + Duration::seconds(1)).mailable);
        // The flag stays as a record once the suspension is over (Marketo).
        assert!(p.email_suspended);
    }

    #[test]
    fn suspend_hours_is_configurable() {
        let mut pol = policy();
        pol.suspend_hours = std::time::Duration::from_secs(2 * 3600);
        let (p, _) = apply(&Person::default(), &block(t(0, 0, 0), "x"), &pol);
        assert!(!mailability(&p, t(1, 59, 59)).mailable);
        assert!(mailability(&p, t(2, 0, 0)).mailable);
    }

    #[test]
    fn repeated_block_moves_the_window_and_cause() {
        let (p1, _) = apply(&Person::default(), &block(t(0, 0, 0), "first"), &policy());
        let (p2, _) = apply(&p1, &block(t(20, 0, 0), "second"), &policy());
        assert_eq!(p2.email_suspended_cause, "5.7.1 second");
        assert_eq!(p2.email_suspended_at, Some(t(20, 0, 0)));
        assert!(!mailability(&p2, t(30, 0, 0)).mailable);
        assert!(mailability(&p2, t(44, 0, 0)).mailable);
    }

    #[test]
    fn older_block_never_overwrites_newer() {
        let (p1, _) = apply(&Person::default(), &block(t(10, 0, 0), "newer"), &policy());
        let (p2, changes) = apply(&p1, &block(t(5, 0, 0), "older"), &policy());
        assert_eq!(p2.email_suspended_cause, "5.7.1 newer");
        assert_eq!(p2.email_suspended_at, Some(t(10, 0, 0)));
        assert!(changes.is_empty());
        assert_eq!(p2.last_event_at, Some(t(10, 0, 0)));
    }

    #[test]
    fn older_hard_bounce_keeps_newer_cause() {
        let newer = Observation {
            diagnostic: "550 5.1.1 newer",
            ..obs(Category::Hard, Reason::UserUnknown, t(10, 0, 0))
        };
        let older = Observation {
            diagnostic: "550 5.1.1 older",
            ..obs(Category::Hard, Reason::UserUnknown, t(5, 0, 0))
        };
        let (p1, _) = apply(&Person::default(), &newer, &policy());
        let (p2, changes) = apply(&p1, &older, &policy());
        assert_eq!(p2.email_invalid_cause, "550 5.1.1 newer");
        assert!(changes.is_empty());
    }

    #[test]
    fn invalid_then_reset_then_invalid_again() {
        let (p1, _) = apply(
            &Person::default(),
            &obs(Category::Hard, Reason::UserUnknown, t(1, 0, 0)),
            &policy(),
        );
        // A reset is done by the store (it clears the fields); the next hard bounce marks again.
        let reset = Person {
            email_invalid: false,
            email_invalid_cause: String::new(),
            email_invalid_at: None,
            ..p1
        };
        assert!(mailability(&reset, t(2, 0, 0)).mailable);
        let (p2, changes) = apply(
            &reset,
            &obs(Category::Hard, Reason::UserUnknown, t(3, 0, 0)),
            &policy(),
        );
        assert!(p2.email_invalid);
        assert_eq!(changes, ["email_invalid=1"]);
    }

    #[test]
    fn soft_bounces_count_and_threshold_is_off_by_default() {
        let mut p = Person::default();
        for i in 0..10 {
            let o = Observation {
                recent_soft: i,
                ..obs(Category::Soft, Reason::MailboxFull, t(i as i64, 0, 0))
            };
            p = apply(&p, &o, &policy()).0;
        }
        assert_eq!(p.soft_bounce_count, 10);
        assert!(!p.email_invalid);
        assert!(mailability(&p, t(11, 0, 0)).mailable);
    }

    #[test]
    fn soft_threshold_inside_and_outside_window() {
        let mut pol = policy();
        pol.soft_bounce_limit = 3;
        pol.soft_bounce_window_days = std::time::Duration::from_secs(7 * 86_400);
        let soft = |recent| Observation {
            recent_soft: recent,
            ..obs(Category::Soft, Reason::MailboxFull, t(5, 0, 0))
        };
        // Two earlier soft bounces inside the window: the third reaches the limit.
        let (p, changes) = apply(&Person::default(), &soft(2), &pol);
        assert!(p.email_invalid);
        assert_eq!(p.email_invalid_cause, "3 soft bounces in 7 days");
        assert_eq!(changes, ["soft_bounce_count=1", "email_invalid=1"]);
        // Earlier ones outside the window are not counted by the store: one recent is not enough.
        let (p, _) = apply(&Person::default(), &soft(1), &pol);
        assert!(!p.email_invalid);
    }

    #[test]
    fn soft_window_only_when_the_rule_applies_to_the_report() {
        let mut pol = policy();
        assert_eq!(pol.soft_window(Category::Soft, Reason::MailboxFull), None);
        pol.soft_bounce_limit = 3;
        pol.soft_bounce_window_days = std::time::Duration::from_secs(5 * 86_400);
        assert_eq!(
            pol.soft_window(Category::Soft, Reason::MailboxFull),
            Some(Duration::days(5))
        );
        assert_eq!(pol.soft_window(Category::Hard, Reason::UserUnknown), None);
        assert_eq!(pol.soft_window(Category::Delay, Reason::MailboxFull), None);
        // An override that makes the reason soft counts; one that makes it a block does not.
        pol.effects.insert(Reason::Blocked, Effect::Soft);
        pol.effects.insert(Reason::MailboxFull, Effect::Suspend);
        assert!(pol.soft_window(Category::Block, Reason::Blocked).is_some());
        assert_eq!(pol.soft_window(Category::Soft, Reason::MailboxFull), None);
    }

    #[test]
    fn complaint_unsubscribes() {
        let o = obs(Category::Complaint, Reason::Feedback, t(1, 0, 0));
        let (p, changes) = apply(&Person::default(), &o, &policy());
        assert!(p.unsubscribed && !p.email_invalid && !p.email_suspended);
        assert_eq!(changes, ["unsubscribed=1"]);
        assert_eq!(mailability(&p, t(2, 0, 0)).why, "unsubscribed");
        let (_, again) = apply(&p, &o, &policy());
        assert!(again.is_empty());
    }

    #[test]
    fn autoreply_delay_success_change_nothing_but_last_event() {
        for (category, reason) in [
            (Category::AutoReply, Reason::Vacation),
            (Category::Delay, Reason::MailboxFull),
            (Category::Success, Reason::Delivered),
        ] {
            let (p, changes) = apply(
                &Person::default(),
                &obs(category, reason, t(1, 0, 0)),
                &policy(),
            );
            assert!(changes.is_empty(), "{category}");
            assert_eq!(
                p,
                Person {
                    last_event_at: Some(t(1, 0, 0)),
                    ..Person::default()
                }
            );
        }
    }

    #[test]
    fn effect_override_for_a_reason() {
        let mut pol = policy();
        pol.effects.insert(Reason::MailboxFull, Effect::Suspend);
        let (p, _) = apply(
            &Person::default(),
            &obs(Category::Soft, Reason::MailboxFull, t(0, 0, 0)),
            &pol,
        );
        assert!(p.email_suspended);
        assert_eq!(p.soft_bounce_count, 0);
        // A delayed report with that reason still changes nothing.
        let (p, _) = apply(
            &Person::default(),
            &obs(Category::Delay, Reason::MailboxFull, t(0, 0, 0)),
            &pol,
        );
        assert!(!p.email_suspended);
    }
}
