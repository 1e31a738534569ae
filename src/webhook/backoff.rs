//! When a failed delivery is tried again: exponential backoff with jitter, never past the
//! delivery's deadline (its event time + `max_age`), so the last try happens at the deadline.

use chrono::{DateTime, Duration, Utc};

/// The wait after the first failure; it doubles per failure.
const FIRST: Duration = Duration::seconds(2);
/// The longest wait between two tries.
const LONGEST: Duration = Duration::hours(1);

/// What to do after the `failures`-th failed try (1 for the first), at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    RetryAt(DateTime<Utc>),
    Dead,
}

/// `jitter` in `[0, 1)` spreads the wait over its upper half ("equal jitter"), so that
/// deliveries failed together by one outage do not all come back at once.
pub fn after_failure(
    failures: u32,
    now: DateTime<Utc>,
    deadline: DateTime<Utc>,
    jitter: f64,
) -> Next {
    if now >= deadline {
        return Next::Dead;
    }
    let full = FIRST
        .checked_mul(1 << failures.saturating_sub(1).min(20))
        .map_or(LONGEST, |d| d.min(LONGEST));
    let millis = full.num_milliseconds() as f64;
    let wait =
        Duration::milliseconds((millis / 2.0 + millis / 2.0 * jitter.clamp(0.0, 1.0)) as i64);
    Next::RetryAt((now + wait).min(deadline))
}

/// A jitter value in `[0, 1)` without a random number crate: std's per-process random hash keys.
pub fn jitter() -> f64 {
    use std::hash::{BuildHasher, RandomState};
    let bits = RandomState::new().hash_one(std::time::Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(failures: u32, jitter: f64) -> Duration {
        let now = Utc::now();
        match after_failure(failures, now, now + Duration::days(3), jitter) {
            Next::RetryAt(t) => t - now,
            Next::Dead => panic!("dead"),
        }
    }

    #[test]
    fn doubles_within_jitter_and_caps() {
        assert_eq!(wait(1, 0.0), Duration::seconds(1));
        assert_eq!(wait(1, 1.0), Duration::seconds(2));
        assert_eq!(wait(3, 0.0), Duration::seconds(4));
        assert_eq!(wait(3, 1.0), Duration::seconds(8));
        assert_eq!(wait(40, 1.0), LONGEST);
        assert_eq!(wait(40, 0.0), LONGEST / 2);
    }

    #[test]
    fn never_past_the_deadline_then_dead() {
        let now = Utc::now();
        let deadline = now + Duration::milliseconds(300);
        assert_eq!(
            after_failure(5, now, deadline, 0.5),
            Next::RetryAt(deadline)
        );
        assert_eq!(after_failure(6, deadline, deadline, 0.5), Next::Dead);
    }

    #[test]
    fn jitter_is_in_range() {
        assert!((0..100).map(|_| jitter()).all(|j| (0.0..1.0).contains(&j)));
    }
}
