//! Command-line verbs. `main` parses, each verb lives in its own file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod classify;
mod db;
mod export;
mod list;
mod person;
mod reset;
mod serve;
mod stats;
mod verp;

#[derive(Parser, Debug)]
#[command(
    name = "bounced",
    version,
    about = "The MX of a bounce return-path domain"
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
    /// Event counts per day by category and reason.
    Stats(stats::StatsArgs),
    /// The people table as CSV or JSON lines.
    Export(export::ExportArgs),
    /// Encode or decode signed VERP return paths.
    Verp(verp::VerpArgs),
    /// Validate a configuration and print the effective settings.
    CheckConfig(check::CheckConfigArgs),
    /// Check the database's integrity.
    CheckDb(check::CheckDbArgs),
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Configuration file (TOML); built-in defaults without it.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Listen address, overriding the config (repeatable).
    #[arg(long)]
    pub listen: Vec<String>,
    /// Database path, overriding the config.
    #[arg(long)]
    pub db: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ClassifyArgs {
    /// One JSON object per line per reported recipient.
    #[arg(long)]
    pub json: bool,
    /// Say for each recipient which rule decided its reason, on what evidence, from what source.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
    /// Files, directories (recursive) or mbox files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Person(args) => person::run(args),
        Command::List(args) => list::run(args),
        Command::Reset(args) => reset::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Export(args) => export::run(args),
        Command::Verp(args) => verp::run(args),
        Command::CheckConfig(args) => check::config(args),
        Command::CheckDb(args) => check::db(args),
    }
}

/// Prints `error` as `bounced: error` and returns the failure exit code.
fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("bounced: {error}");
    ExitCode::FAILURE
}
