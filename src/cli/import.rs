//! `bounced import [--dry-run] [--json] PATH...`: old bounce mailboxes into the database, each
//! message through the same store writer as SMTP intake (analysis, VERP resolution, policy, one
//! commit for many messages), so importing the same mailbox twice changes nothing.

use std::collections::{HashSet, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use chrono::Utc;
use rusqlite::{Connection, OptionalExtension};

use super::db::DbArgs;
use super::import_summary::{Summary, Unreadable};
use super::out;
use super::progress::Progress;
use crate::analysis::{analyze_sent_by, Analysis, Kind};
use crate::config::Config;
use crate::logging::Chain;
use crate::mailbox::{envelope, source};
use crate::store::{sha256_hex, NewMessage, Pending, Saved, Store};

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Read and classify, report what would be imported, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the summary as one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Message files, directories (recursive), Maildirs and mbox files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let summary = import(&args)?;
    let mut out = out::stdout();
    if args.json {
        out::json_line(&mut out, &summary)?;
    } else {
        out.write_all(summary.text().as_bytes())?;
    }
    out.flush()?;
    Ok(if summary.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Message bytes handed to the writer and not yet committed, at most (besides one message).
const MAX_IN_FLIGHT_BYTES: usize = 64 * 1024 * 1024;

/// Where messages go: the store writer, or for a dry run a read-only look at what is stored.
enum Sink {
    Store {
        store: Store,
        writer: std::thread::JoinHandle<()>,
        /// Messages queued and not yet committed, oldest first.
        in_flight: VecDeque<(Pending, Reported, usize)>,
        /// Their bytes: with the count, what bounds memory whatever the message sizes.
        in_flight_bytes: usize,
        depth: usize,
    },
    DryRun {
        stored: Option<Connection>,
        seen: HashSet<String>,
    },
}

fn import(args: &ImportArgs) -> anyhow::Result<Summary> {
    let mut config: Config = args.db.config()?;
    if let Some(db) = &args.db.db {
        config.store.path = db.clone();
    }
    let rules = config.rules()?;
    let mut files = Vec::new();
    // A mistyped path must fail before a database is created for nothing.
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        bail!("{}: no such file or directory", missing.display());
    }
    for path in &args.paths {
        source::expand(path, &mut files).with_context(|| format!("{}", path.display()))?;
    }
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut sink = if args.dry_run {
        Sink::DryRun {
            stored: open_read_only(&config)?,
            seen: HashSet::new(),
        }
    } else {
        // Refuse another application's file before migrating bounced's tables into it; a
        // database that does not exist yet is created.
        open_read_only(&config)?;
        let (store, writer) = Store::start(&config.store, rules)?;
        Sink::Store {
            store,
            writer,
            in_flight: VecDeque::new(),
            in_flight_bytes: 0,
            depth: config.store.batch_max.max(1) * 2,
        }
    };
    let mut summary = Summary {
        dry_run: args.dry_run,
        ..Summary::default()
    };
    let started = Instant::now();
    let mut progress = Progress::new(total);
    let mut done_bytes = 0u64;
    let max_size = config.smtp.max_message_size;
    for file in &files {
        let name = file.display().to_string();
        let mut on_item = |item: source::Item| {
            summary.read += 1;
            progress.update(summary.read, done_bytes + item.offset);
            let content = item.content.and_then(|c| envelope::check(&c).map(|_| c));
            match content {
                Ok(data) => sink.take(data, &mut summary),
                Err(error) => summary.unreadable.push(Unreadable {
                    file: name.clone(),
                    offset: item.offset,
                    error: error.to_string(),
                }),
            }
        };
        if let Err(e) = source::read_file(file, max_size, &mut on_item) {
            summary.unreadable.push(Unreadable {
                file: name.clone(),
                offset: e.offset,
                error: Chain(&e).to_string(),
            });
        }
        done_bytes += std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    }
    sink.finish(&mut summary);
    progress.finish();
    summary.seconds = started.elapsed().as_secs_f64();
    summary.messages_per_second = summary.read as f64 / summary.seconds.max(1e-3);
    Ok(summary)
}

/// The existing database, read-only, for a dry run's duplicate check; none yet is fine.
fn open_read_only(config: &Config) -> anyhow::Result<Option<Connection>> {
    let path = &config.store.path;
    if !path.exists() {
        return Ok(None);
    }
    let busy = config.store.busy_timeout_ms;
    Ok(Some(crate::store::open_read_only(path, busy)?))
}

impl Sink {
    /// One readable message: analysed here, committed by the writer while the next is read.
    fn take(&mut self, data: Vec<u8>, summary: &mut Summary) {
        let delivery = envelope::read(&data);
        let now = Utc::now();
        // The time the mailbox received it, so VERP ages, report dates and suspension windows
        // are judged as they would have been then.
        let received_at = delivery.received_at.filter(|t| *t <= now).unwrap_or(now);
        // Judged by the envelope it is stored with, as `reprocess` will judge it again.
        let analysis = analyze_sent_by(&data, &delivery.envelope.mail_from);
        let reported = Reported::of(&analysis);
        match self {
            Sink::Store {
                store,
                in_flight,
                in_flight_bytes,
                depth,
                ..
            } => {
                let size = data.len();
                let msg = NewMessage {
                    received_at,
                    peer: "import".into(),
                    envelope: delivery.envelope,
                    data,
                    analysis,
                };
                match store.submit(msg) {
                    Ok(pending) => {
                        in_flight.push_back((pending, reported, size));
                        *in_flight_bytes += size;
                    }
                    Err(e) => {
                        summary.failed += 1;
                        out::note(format_args!("import: message not stored: {}", Chain(&e)));
                    }
                }
                while in_flight.len() >= *depth || *in_flight_bytes > MAX_IN_FLIGHT_BYTES {
                    let Some((pending, reported, size)) = in_flight.pop_front() else {
                        break;
                    };
                    *in_flight_bytes -= size;
                    count(pending, &reported, summary);
                }
            }
            Sink::DryRun { stored, seen } => {
                let hash = sha256_hex(&data);
                let before = stored.as_ref().is_some_and(|c| {
                    c.query_row("SELECT 1 FROM messages WHERE sha256 = ?1", [&hash], |_| {
                        Ok(())
                    })
                    .optional()
                    .ok()
                    .flatten()
                    .is_some()
                });
                if before || !seen.insert(hash) {
                    summary.duplicates += 1;
                } else {
                    reported.tally(summary);
                }
            }
        }
    }

    /// Waits for every queued commit and stops the writer.
    fn finish(self, summary: &mut Summary) {
        if let Sink::Store {
            store,
            writer,
            in_flight,
            ..
        } = self
        {
            for (pending, reported, _) in in_flight {
                count(pending, &reported, summary);
            }
            drop(store);
            let _ = writer.join();
        }
    }
}

fn count(pending: Pending, reported: &Reported, summary: &mut Summary) {
    match pending.wait() {
        Ok((Saved::Stored { .. }, applied)) => {
            summary.events += applied.events as u64;
            summary.changes += applied.changes.len() as u64;
            reported.tally(summary);
        }
        Ok((Saved::Duplicate { .. }, _)) => summary.duplicates += 1,
        Err(e) => {
            summary.failed += 1;
            out::note(format_args!("import: message not stored: {}", Chain(&e)));
        }
    }
}

/// What a message reports, kept for the summary while the writer has the message.
struct Reported {
    bounce: bool,
    categories: Vec<&'static str>,
}

impl Reported {
    fn of(analysis: &Analysis) -> Reported {
        Reported {
            bounce: analysis.kind != Kind::None,
            categories: analysis
                .findings
                .iter()
                .map(|f| f.category.name())
                .collect(),
        }
    }

    /// Counts a newly stored (or, in a dry run, new) message by what it reports.
    fn tally(&self, summary: &mut Summary) {
        if !self.bounce {
            summary.not_bounces += 1;
            return;
        }
        summary.applied += 1;
        for c in &self.categories {
            *summary.categories.entry(c.to_string()).or_default() += 1;
        }
    }
}
