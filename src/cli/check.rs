//! `bounced check-config` and `bounced check-db`: what an operator runs before a restart and
//! after a crash.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::db::DbArgs;
use super::out;

#[derive(clap::Args, Debug)]
pub struct CheckConfigArgs {
    /// Configuration file to check; built-in defaults without it.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Validates the file (and the files it names) and prints the effective configuration.
pub fn config(args: CheckConfigArgs) -> anyhow::Result<()> {
    let loaded = super::serve::load(&super::ServeArgs {
        config: args.config,
        listen: Vec::new(),
        db: None,
    })?;
    // Secrets live in verp.secret_file and tls.key, whose contents are never printed.
    let text = toml::to_string(&loaded.config).context("printing the configuration")?;
    let mut out = out::stdout();
    out.write_all(text.as_bytes())?;
    Ok(out.flush()?)
}

#[derive(clap::Args, Debug)]
pub struct CheckDbArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// `PRAGMA integrity_check` plus the schema version.
pub fn db(args: CheckDbArgs) -> anyhow::Result<ExitCode> {
    let conn = args.db.open()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()
        .context("PRAGMA integrity_check")?;
    if problems == ["ok"] {
        let mut out = out::stdout();
        writeln!(out, "ok (schema version {version})")?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    for p in problems {
        out::note(format_args!("integrity: {p}"));
    }
    Ok(ExitCode::FAILURE)
}
