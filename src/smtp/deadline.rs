//! The time limits of one SMTP session, as deadlines rather than per-read timeouts: a client
//! sending one byte a second must not keep a command line, a DATA transfer or the session open
//! for as long as it likes. Pure: the driver passes the time in.

use std::time::{Duration, Instant};

use crate::smtp::settings::Smtp;

/// Which limit ended a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Silent between commands for `idle_timeout` (`stress_timeout` under stress).
    Idle,
    /// A command line not completed within `command_timeout` (`stress_timeout` under stress)
    /// of its first byte.
    Command,
    /// Message content: silent for `data_timeout`, or slower overall than `min_data_rate`.
    Data,
    /// The whole session past `session_timeout`.
    Session,
}

impl Limit {
    pub fn name(self) -> &'static str {
        match self {
            Limit::Idle => "idle timeout",
            Limit::Command => "command timeout",
            Limit::Data => "data timeout",
            Limit::Session => "session timeout",
        }
    }
}

/// What the session is doing, as far as the clock cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Between commands.
    Idle,
    /// Part of a command line received.
    PartialCommand,
    /// Receiving message content.
    Data,
}

pub struct Deadlines {
    session_until: Instant,
    /// When the first byte of the current command line arrived.
    line_started: Option<Instant>,
    /// When the current DATA content started, and how many bytes of it arrived since.
    data: Option<(Instant, u64)>,
}

impl Deadlines {
    pub fn new(now: Instant, config: &Smtp) -> Deadlines {
        Deadlines {
            session_until: now + config.session_timeout,
            line_started: None,
            data: None,
        }
    }

    /// Records a read of `bytes` after which the session is in `phase`.
    pub fn observe(&mut self, now: Instant, bytes: usize, phase: Phase) {
        match phase {
            Phase::Idle => {
                self.line_started = None;
                self.data = None;
            }
            Phase::PartialCommand => {
                self.line_started.get_or_insert(now);
                self.data = None;
            }
            Phase::Data => {
                self.line_started = None;
                let (_, received) = self.data.get_or_insert((now, 0));
                *received += bytes as u64;
            }
        }
    }

    /// How long the next read may wait in `phase`, and the limit that ends the session if it
    /// waits that long. Under `stressed` (most connection slots taken) idle waits and command
    /// lines get `stress_timeout` at most.
    pub fn next_read(
        &self,
        now: Instant,
        phase: Phase,
        config: &Smtp,
        stressed: bool,
    ) -> (Duration, Limit) {
        let left = |until: Instant| until.saturating_duration_since(now);
        let (idle, command) = if stressed {
            let stress = config.stress_timeout();
            (
                config.idle_timeout().min(stress),
                config.command_timeout().min(stress),
            )
        } else {
            (config.idle_timeout(), config.command_timeout())
        };
        let (wait, limit) = match (phase, self.line_started, self.data) {
            (Phase::PartialCommand, Some(started), _) => (left(started + command), Limit::Command),
            (Phase::Data, _, Some((started, received))) => {
                // The transfer may take data_timeout plus the time min_data_rate needs for what
                // arrived, and each read may wait data_timeout (RFC 5321 §4.5.3.2.5).
                let earned = Duration::from_secs(received / config.min_data_rate.max(1));
                let overall = left(started + config.data_timeout() + earned);
                (overall.min(config.data_timeout()), Limit::Data)
            }
            (Phase::Data, _, None) => (config.data_timeout(), Limit::Data),
            (Phase::PartialCommand, None, _) => (command, Limit::Command),
            (Phase::Idle, _, _) => (idle, Limit::Idle),
        };
        let session = left(self.session_until);
        if session < wait {
            (session, Limit::Session)
        } else {
            (wait, limit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Smtp {
        Smtp {
            command_timeout: Duration::from_secs(10),
            data_timeout: Duration::from_secs(20),
            min_data_rate: 100,
            idle_timeout: Duration::from_secs(30),
            session_timeout: Duration::from_secs(1000),
            stress_timeout: Duration::from_secs(5),
            ..Smtp::default()
        }
    }

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn a_trickled_command_line_runs_out_of_time() {
        let c = config();
        let t0 = Instant::now();
        let mut d = Deadlines::new(t0, &c);
        // One byte a second: each read is quick, yet the line's deadline comes closer.
        for i in 0..9 {
            d.observe(t0 + S * i, 1, Phase::PartialCommand);
        }
        let (wait, limit) = d.next_read(t0 + S * 9, Phase::PartialCommand, &c, false);
        assert_eq!((wait, limit), (S, Limit::Command));
        let (wait, _) = d.next_read(t0 + S * 12, Phase::PartialCommand, &c, false);
        assert_eq!(wait, Duration::ZERO);
        // A completed line starts the next one afresh.
        d.observe(t0 + S * 12, 1, Phase::Idle);
        d.observe(t0 + S * 13, 1, Phase::PartialCommand);
        let (wait, _) = d.next_read(t0 + S * 13, Phase::PartialCommand, &c, false);
        assert_eq!(wait, S * 10);
    }

    #[test]
    fn data_must_keep_a_minimum_rate() {
        let c = config();
        let t0 = Instant::now();
        let mut d = Deadlines::new(t0, &c);
        // 10 bytes a second against a minimum of 100: the allowance is data_timeout plus 0.1 s
        // per second of trickle, so the transfer ends after about 22 s, not never.
        let mut t = t0;
        let mut ended = None;
        for _ in 0..100 {
            d.observe(t, 10, Phase::Data);
            let (wait, limit) = d.next_read(t, Phase::Data, &c, false);
            if wait < S {
                ended = Some((t - t0, limit));
                break;
            }
            t += S;
        }
        let (after, limit) = ended.expect("a trickle ends");
        assert_eq!(limit, Limit::Data);
        assert!(after >= S * 20 && after <= S * 23, "{after:?}");
    }

    #[test]
    fn fast_data_gets_time_in_proportion() {
        let c = config();
        let t0 = Instant::now();
        let mut d = Deadlines::new(t0, &c);
        d.observe(t0, 100_000, Phase::Data);
        // 100,000 bytes earn 1,000 s at 100 B/s, but one read still waits only data_timeout.
        let (wait, limit) = d.next_read(t0 + S * 500, Phase::Data, &c, false);
        assert_eq!((wait, limit), (S * 20, Limit::Data));
    }

    #[test]
    fn the_session_deadline_caps_everything() {
        let c = config();
        let t0 = Instant::now();
        let d = Deadlines::new(t0, &c);
        let (wait, limit) = d.next_read(t0 + S * 995, Phase::Idle, &c, false);
        assert_eq!((wait, limit), (S * 5, Limit::Session));
    }

    #[test]
    fn stress_shortens_idle_waits_and_command_lines_not_transfers() {
        let c = Smtp {
            stress_timeout: Duration::from_secs(2),
            ..config()
        };
        let t0 = Instant::now();
        let mut d = Deadlines::new(t0, &c);
        let (wait, limit) = d.next_read(t0, Phase::Idle, &c, true);
        assert_eq!((wait, limit), (S * 2, Limit::Idle));
        d.observe(t0, 1, Phase::PartialCommand);
        let (wait, limit) = d.next_read(t0 + S, Phase::PartialCommand, &c, true);
        assert_eq!((wait, limit), (S, Limit::Command));
        d.observe(t0 + S, 10, Phase::Data);
        let (wait, limit) = d.next_read(t0 + S, Phase::Data, &c, true);
        assert_eq!((wait, limit), (S * 20, Limit::Data));
    }
}
