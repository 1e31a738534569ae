//! Connections per client per minute (Postfix anvil's `smtpd_client_connection_rate_limit`), as
//! a generic cell rate algorithm: each connection moves the client's allowance on by a minute
//! divided by the limit, and a connection is let in while that leaves the allowance at most a
//! minute ahead of now. A client gets a burst of `limit` connections, then `limit` a minute on
//! average; one entry per client, forgotten once its allowance is whole again. Pure: the caller
//! passes the time in.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

const MINUTE: Duration = Duration::from_secs(60);

pub struct Rates<K> {
    /// Per client: when its allowance is whole again. Only clients seen within the last minute.
    whole_at: HashMap<K, Instant>,
    /// When entries past their time were last dropped.
    swept: Option<Instant>,
}

impl<K> Default for Rates<K> {
    fn default() -> Self {
        Rates {
            whole_at: HashMap::new(),
            swept: None,
        }
    }
}

impl<K: Hash + Eq> Rates<K> {
    /// Counts a connection from `client` at `now` when it is within `per_minute` (0: no limit);
    /// false, counting nothing, when it is not.
    pub fn admit(&mut self, client: K, now: Instant, per_minute: u32) -> bool {
        if per_minute == 0 {
            return true;
        }
        let step = MINUTE / per_minute;
        let from = match self.whole_at.get(&client) {
            Some(&at) if at > now => at,
            _ => now,
        };
        let next = from + step;
        if next > now + MINUTE {
            return false;
        }
        self.whole_at.insert(client, next);
        self.sweep(now);
        true
    }

    /// Drops the clients whose allowance is whole again, at most once a minute.
    fn sweep(&mut self, now: Instant) {
        if self.swept.is_some_and(|at| now < at + MINUTE) {
            return;
        }
        self.whole_at.retain(|_, at| *at > now);
        self.swept = Some(now);
    }

    /// Clients remembered (those that connected within the last minute, at most).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.whole_at.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn a_burst_of_the_limit_then_the_limit_a_minute() {
        let mut rates = Rates::default();
        let t0 = Instant::now();
        for _ in 0..6 {
            assert!(rates.admit("a", t0, 6));
        }
        assert!(!rates.admit("a", t0, 6), "the seventh at once");
        assert!(!rates.admit("a", t0 + 9 * S, 6), "allowance not back yet");
        // One connection's worth (10 s at 6 a minute) comes back at a time.
        assert!(rates.admit("a", t0 + 10 * S, 6));
        assert!(!rates.admit("a", t0 + 10 * S, 6));
        // Over ten minutes at exactly the rate, every connection is let in.
        let admitted = (2..62)
            .filter(|i| rates.admit("a", t0 + 10 * S * *i, 6))
            .count();
        assert_eq!(admitted, 60);
    }

    #[test]
    fn clients_are_counted_apart_and_refusals_cost_nothing() {
        let mut rates = Rates::default();
        let t0 = Instant::now();
        assert!(rates.admit("a", t0, 1));
        for i in 0..100 {
            assert!(!rates.admit("a", t0 + S * i / 10, 1));
        }
        assert!(
            rates.admit("b", t0, 1),
            "another client has its own allowance"
        );
        // Refused attempts did not push a's allowance further out.
        assert!(rates.admit("a", t0 + 60 * S, 1));
    }

    #[test]
    fn zero_means_no_limit() {
        let mut rates = Rates::default();
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| rates.admit("a", t0, 0)));
        assert_eq!(rates.len(), 0);
    }

    #[test]
    fn clients_gone_quiet_are_forgotten() {
        let mut rates = Rates::default();
        let t0 = Instant::now();
        for client in 0..1000 {
            assert!(rates.admit(client, t0, 10));
        }
        assert_eq!(rates.len(), 1000);
        // A minute later, one more connection sweeps out everyone whose allowance is whole.
        assert!(rates.admit(5000, t0 + 61 * S, 10));
        assert_eq!(rates.len(), 1);
    }
}
