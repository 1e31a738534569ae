//! `bounced check-config` and `bounced check-db`: what an operator runs before a restart and
//! after a crash.

use std::path::PathBuf;
use std::process::ExitCode;

use super::db::DbArgs;

#[derive(clap::Args, Debug)]
pub struct CheckConfigArgs {
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// Validates the file (and the files it names) and prints the effective configuration.
pub fn config(args: CheckConfigArgs) -> ExitCode {
    let checked = super::serve::load(&super::ServeArgs {
        config: args.config,
        listen: Vec::new(),
        db: None,
    });
    match checked {
        Ok(loaded) => match toml::to_string(&loaded.config) {
            // Secrets live in verp.secret_file and tls.key, whose contents are never printed.
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => super::fail(&format!("printing the configuration: {e}")),
        },
        Err(e) => super::fail(&e),
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckDbArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// `PRAGMA integrity_check` plus the schema version.
pub fn db(args: CheckDbArgs) -> ExitCode {
    let result = args.db.open().and_then(|conn| {
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        let mut stmt = conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| e.to_string())?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| e.to_string())?;
        Ok((version, problems))
    });
    match result {
        Ok((version, problems)) if problems == ["ok"] => {
            println!("ok (schema version {version})");
            ExitCode::SUCCESS
        }
        Ok((_, problems)) => {
            for p in problems {
                eprintln!("bounced: integrity: {p}");
            }
            ExitCode::FAILURE
        }
        Err(e) => super::fail(&e),
    }
}
