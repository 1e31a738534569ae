//! Command-line verbs. `main` parses, each verb lives in its own file, and every verb returns
//! to `exit`, the one place that prints errors and picks the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod classify;
pub(crate) mod db;
mod docs;
mod export;
mod import;
mod import_summary;
mod list;
mod messages;
mod out;
mod outbox;
pub(crate) mod person;
mod progress;
mod prune;
mod reasons;
mod reprocess;
mod reset;
mod serve;
mod stats;
mod verp;

#[derive(Parser, Debug)]
#[command(
    name = "bounced",
    version,
    about = "The MX of a bounce return-path domain: receives DSNs and keeps each person's mailability"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the SMTP listener.
    Serve(ServeArgs),
    /// Analyse bounce files (files, directories, mbox) without a database.
    Classify(ClassifyArgs),
    /// One person's state, mailability and recent events.
    Person(person::PersonArgs),
    /// Addresses that are invalid, suspended, unsubscribed or unmailable.
    List(list::ListArgs),
    /// Manual repair of a person's state, recorded as an event.
    Reset(reset::ResetArgs),
    /// Event counts per day by category, reason and trust.
    Stats(stats::StatsArgs),
    /// The people table as CSV, JSON Lines or one JSON array.
    Export(export::ExportArgs),
    /// Stored SMTP messages: what arrived, from whom, and whether it could be read.
    Messages(messages::MessagesArgs),
    /// One stored message: its envelope, parse errors and events, or its raw content.
    Message(messages::MessageArgs),
    /// Every reason with its category and default effect on a person.
    Reasons(reasons::ReasonsArgs),
    /// Import bounce mailboxes (message files, directories, Maildir, mbox) into the database.
    Import(import::ImportArgs),
    /// Drop raw message content past store.keep_raw_days (events and people stay).
    Prune(prune::PruneArgs),
    /// Re-read stored raw messages with the current rules; rebuild events and people.
    Reprocess(reprocess::ReprocessArgs),
    /// Webhook deliveries: pending, dead or done; requeue them.
    Outbox(outbox::OutboxArgs),
    /// Encode or decode signed VERP return paths.
    Verp(verp::VerpArgs),
    /// Validate a configuration and print the effective settings.
    CheckConfig(check::CheckConfigArgs),
    /// Check the database's integrity.
    CheckDb(check::CheckDbArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(docs::CompletionsArgs),
    /// Print the manual page (roff).
    Man,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Configuration file (TOML); built-in defaults without it.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Listen address (IP:PORT), overriding smtp.listen; repeat for several.
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Vec<std::net::SocketAddr>,
    /// Database path, overriding store.path.
    #[arg(long)]
    pub db: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ClassifyArgs {
    /// JSON Lines: one object per reported recipient (fields: DESIGN.md `classify --json`).
    #[arg(long)]
    pub json: bool,
    /// Say for each recipient which rule decided its reason, on what evidence, from what source.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
    /// Files, directories (recursive) or mbox files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let done = ExitCode::SUCCESS;
    match cli.command {
        Command::Serve(args) => serve::run(args).map(|()| done),
        Command::Classify(args) => classify::run(args),
        Command::Person(args) => person::run(args).map(|()| done),
        Command::List(args) => list::run(args).map(|()| done),
        Command::Reset(args) => reset::run(args).map(|()| done),
        Command::Stats(args) => stats::run(args).map(|()| done),
        Command::Export(args) => export::run(args).map(|()| done),
        Command::Messages(args) => messages::list(args).map(|()| done),
        Command::Message(args) => messages::show(args).map(|()| done),
        Command::Reasons(args) => reasons::run(args).map(|()| done),
        Command::Import(args) => import::run(args),
        Command::Prune(args) => prune::run(args).map(|()| done),
        Command::Reprocess(args) => reprocess::run(args).map(|()| done),
        Command::Outbox(args) => outbox::run(args).map(|()| done),
        Command::Verp(args) => verp::run(args),
        Command::CheckConfig(args) => check::config(args).map(|()| done),
        Command::CheckDb(args) => check::db(args),
        Command::Completions(args) => docs::completions(args).map(|()| done),
        Command::Man => docs::man().map(|()| done),
    }
}

/// The one exit path: prints the error with its causes (`bounced: what: why`) and fails, except
/// for a closed stdout, which only means the reader has seen enough (`| head`).
pub fn exit(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if out::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            out::note(format_args!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}
