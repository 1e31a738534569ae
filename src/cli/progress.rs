//! Progress of a long import on stderr: a bar with rate and ETA on a terminal, a plain line every
//! few seconds otherwise (logs and pipes get something readable, not escape codes).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// Time between plain progress lines.
const LINE_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    bar: Option<ProgressBar>,
    total_bytes: u64,
    started: Instant,
    last_line: Instant,
}

impl Progress {
    /// Progress over `total_bytes` of input (bytes, because an mbox's message count is unknown
    /// until it has been read).
    pub fn new(total_bytes: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total_bytes);
            let style = ProgressStyle::with_template(
                "{wide_bar} {binary_bytes}/{binary_total_bytes} {msg} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            total_bytes,
            started: now,
            last_line: now,
        }
    }

    /// `messages` read so far, `bytes` of the input consumed.
    pub fn update(&mut self, messages: u64, bytes: u64) {
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-3);
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            if messages.is_multiple_of(64) {
                let rate = messages as f64 / elapsed;
                bar.set_message(format!("{messages} messages, {rate:.0} msg/s"));
            }
            return;
        }
        if self.last_line.elapsed() < LINE_EVERY {
            return;
        }
        self.last_line = Instant::now();
        // Like `out::note`: a closed stderr is no reason to stop an import.
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            line(messages, bytes, self.total_bytes, elapsed)
        );
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// One plain progress line; the ETA assumes the rest of the input reads at the rate so far.
fn line(messages: u64, bytes: u64, total_bytes: u64, elapsed: f64) -> String {
    let share = (bytes as f64 / total_bytes.max(1) as f64).min(1.0);
    let eta = if share > 0.0 {
        elapsed * (1.0 - share) / share
    } else {
        0.0
    };
    format!(
        "bounced import: {messages} messages, {:.0}% of {} MiB, {:.0} msg/s, ETA {eta:.0} s",
        share * 100.0,
        total_bytes / (1024 * 1024),
        messages as f64 / elapsed.max(1e-3)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_line_has_count_share_rate_and_eta() {
        assert_eq!(
            line(5000, 256 << 20, 1024 << 20, 10.0),
            "bounced import: 5000 messages, 25% of 1024 MiB, 500 msg/s, ETA 30 s"
        );
        assert_eq!(
            line(0, 0, 0, 0.0),
            "bounced import: 0 messages, 0% of 0 MiB, 0 msg/s, ETA 0 s"
        );
    }
}
