//! `bounced verp encode|decode`: the return-path format, for sending systems and for checks.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::Utc;

use super::out;
use crate::address::{self, Invalid};
use crate::config::Config;
use crate::verp::{Decoded, Signer};

#[derive(clap::Args, Debug)]
pub struct VerpArgs {
    #[command(subcommand)]
    pub action: VerpAction,
    /// Configuration with `[verp]` (prefix, secret_file) and `[smtp] domains`; without it the
    /// defaults apply (prefix `bounces`, no secret: unsigned return paths).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum VerpAction {
    /// Print the return path for EMAIL (signed when a secret is configured).
    Encode {
        /// The recipient the return path stands for.
        email: String,
        /// Bounce domain; default: the first of `smtp.domains`.
        #[arg(long)]
        domain: Option<String>,
        /// Print a return path whose local part exceeds 64 octets anyway (RFC 5321
        /// §4.5.3.1.1 limit; many MTAs accept longer ones, some refuse them).
        #[arg(long)]
        allow_long: bool,
    },
    /// Print the address a return path stands for and whether its tag verifies (exit 1 if not).
    Decode {
        /// The return path (envelope recipient of a bounce).
        address: String,
    },
}

pub fn run(args: VerpArgs) -> anyhow::Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let signer = Signer::from_config(&config.verp)?;
    let now = Utc::now();
    let mut out = out::stdout();
    let code = match args.action {
        VerpAction::Encode {
            email,
            domain,
            allow_long,
        } => {
            let email = super::db::email(&email)?;
            let domain = domain
                .or_else(|| config.smtp.domains.first().cloned())
                .context("no bounce domain: give --domain or set smtp.domains in the config")?;
            if !signer.can_sign() {
                out::note(format_args!(
                    "warning: no verp.secret_file configured, the return path is unsigned"
                ));
            }
            let path = signer.encode(&email, &domain, now)?;
            match address::parse(&path) {
                Ok(_) => {}
                Err(Invalid::LocalTooLong(_)) if allow_long => {}
                Err(e @ Invalid::LocalTooLong(_)) => bail!(
                    "{path}: {e}; use a shorter verp.prefix, or --allow-long if the receiving MTAs accept it"
                ),
                Err(e) => bail!("{path}: {e}"),
            }
            writeln!(out, "{path}")?;
            ExitCode::SUCCESS
        }
        VerpAction::Decode { address } => match signer.decode(&address, now) {
            Decoded::Verified(a) => {
                writeln!(out, "{a}\tverified")?;
                ExitCode::SUCCESS
            }
            Decoded::Unsigned(a) => {
                writeln!(out, "{a}\tunsigned")?;
                ExitCode::FAILURE
            }
            Decoded::BadTag { address, why } => {
                writeln!(out, "{address}\tnot verified: {why}")?;
                ExitCode::FAILURE
            }
            Decoded::NotVerp => {
                writeln!(out, "\tnot a return path with prefix {:?}", signer.prefix)?;
                ExitCode::FAILURE
            }
        },
    };
    out.flush()?;
    Ok(code)
}
