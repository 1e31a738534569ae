//! `bounced reprocess [--since TIME] [--dry-run] [--json]`: re-read stored raw messages with the
//! current rules and configuration, rebuild their events and the state of the people concerned,
//! and say who changed ("3 people no longer invalid: ...").

use std::io::{IsTerminal, Write};
use std::time::Instant;

use chrono::Utc;
use serde_json::json;

use super::db::{parse_since, DbArgs};
use super::out;
use crate::store::reprocess::{reprocess, Options, Outcome};

/// People named per transition in the text output; `--json` lists them all.
const NAMED: usize = 20;

#[derive(clap::Args, Debug)]
pub struct ReprocessArgs {
    /// Only messages received since TIME (RFC 3339, a date, or 24h / 7d); default all, which
    /// also rebuilds people whose raw messages were all pruned.
    #[arg(long)]
    pub since: Option<String>,
    /// Report what would change, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the result as one JSON document.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ReprocessArgs) -> anyhow::Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, Utc::now()))
        .transpose()?;
    let config = args.db.config()?;
    let rules = config.rules()?;
    // Even a dry run re-applies messages inside rolled-back savepoints, which needs write access.
    let mut conn = args.db.open_for_writing()?;
    let options = Options {
        since,
        dry_run: args.dry_run,
    };
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let outcome = reprocess(&mut conn, &rules, &options, |read| {
        if terminal {
            let _ = write!(
                std::io::stderr(),
                "\rbounced reprocess: {read} messages re-read"
            );
        }
    })?;
    if terminal {
        let _ = writeln!(std::io::stderr());
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut out = out::stdout();
    if args.json {
        out::json_line(&mut out, &report_json(&outcome, args.dry_run, seconds))?;
    } else {
        out.write_all(report_text(&outcome, args.dry_run, seconds).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

fn report_json(outcome: &Outcome, dry_run: bool, seconds: f64) -> serde_json::Value {
    json!({
        "dry_run": dry_run,
        "messages_read": outcome.messages_read,
        "messages_changed": outcome.messages_changed,
        "events_removed": outcome.events_removed,
        "events_added": outcome.events_added,
        "people_examined": outcome.people_examined,
        "people_changed": outcome.people_changed,
        "transitions": outcome.transitions,
        "seconds": seconds,
        "messages_per_second": outcome.messages_read as f64 / seconds.max(1e-3),
    })
}

fn report_text(outcome: &Outcome, dry_run: bool, seconds: f64) -> String {
    let mut out = format!(
        "{}{} messages re-read, {} with different events ({} events removed, {} added); \
         {} people examined, {} changed\n",
        if dry_run { "dry run: " } else { "" },
        outcome.messages_read,
        outcome.messages_changed,
        outcome.events_removed,
        outcome.events_added,
        outcome.people_examined,
        outcome.people_changed,
    );
    for (what, people) in &outcome.transitions {
        let mut named = people
            .iter()
            .take(NAMED)
            .map(|e| out::printable(e).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        if people.len() > NAMED {
            named.push_str(&format!(", … and {} more", people.len() - NAMED));
        }
        out.push_str(&format!("{} people {what}: {named}\n", people.len()));
    }
    out.push_str(&format!(
        "{seconds:.1} s, {:.0} messages/s\n",
        outcome.messages_read as f64 / seconds.max(1e-3)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_names_people_per_transition() {
        let mut outcome = Outcome {
            messages_read: 3,
            messages_changed: 1,
            events_removed: 1,
            events_added: 1,
            people_examined: 2,
            people_changed: 2,
            ..Outcome::default()
        };
        outcome.transitions.insert(
            "no longer invalid",
            vec!["a@example.com".into(), "b@example.com".into()],
        );
        let text = report_text(&outcome, false, 1.0);
        assert!(text.starts_with(
            "3 messages re-read, 1 with different events (1 events removed, 1 added); \
2 people examined, 2 changed\n2 people no longer invalid: a@example.com, b@example.com\n"
        ));
    }
}
