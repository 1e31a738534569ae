//! Command-line verbs. `main` parses, each verb lives in its own file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod classify;
mod serve;

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
    /// Files, directories (recursive) or mbox files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Classify(args) => classify::run(args),
    }
}
