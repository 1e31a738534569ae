//! `bounced verp encode|decode`: the return-path format, for sending systems and for checks.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;

use crate::config::Config;
use crate::verp::{Decoded, Signer};

#[derive(clap::Args, Debug)]
pub struct VerpArgs {
    #[command(subcommand)]
    pub action: VerpAction,
    /// Configuration with `[verp]` (prefix, secret_file) and `[smtp] domains`.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
pub enum VerpAction {
    /// Print the return path for EMAIL (signed when a secret is configured).
    Encode {
        email: String,
        /// Bounce domain; default: the first of `smtp.domains`.
        #[arg(long)]
        domain: Option<String>,
    },
    /// Print the address a return path stands for and whether its tag verifies (exit 1 if not).
    Decode { address: String },
}

pub fn run(args: VerpArgs) -> ExitCode {
    match verp(args) {
        Ok(code) => code,
        Err(e) => super::fail(&e),
    }
}

fn verp(args: VerpArgs) -> Result<ExitCode, String> {
    let config = Config::load(args.config.as_deref()).map_err(|e| e.to_string())?;
    let signer = Signer::from_config(&config.verp).map_err(|e| e.to_string())?;
    let now = Utc::now();
    match args.action {
        VerpAction::Encode { email, domain } => {
            let domain = domain
                .or_else(|| config.smtp.domains.first().cloned())
                .ok_or("no bounce domain: give --domain or set smtp.domains in the config")?;
            if !signer.can_sign() {
                eprintln!(
                    "bounced: warning: no verp.secret_file configured, the return path is unsigned"
                );
            }
            println!(
                "{}",
                signer
                    .encode(&email, &domain, now)
                    .map_err(|e| e.to_string())?
            );
            Ok(ExitCode::SUCCESS)
        }
        VerpAction::Decode { address } => Ok(match signer.decode(&address, now) {
            Decoded::Verified(a) => {
                println!("{a}\tverified");
                ExitCode::SUCCESS
            }
            Decoded::Unsigned(a) => {
                println!("{a}\tunsigned");
                ExitCode::FAILURE
            }
            Decoded::BadTag { address, why } => {
                println!("{address}\tnot verified: {why}");
                ExitCode::FAILURE
            }
            Decoded::NotVerp => {
                println!("\tnot a return path with prefix {:?}", signer.prefix);
                ExitCode::FAILURE
            }
        }),
    }
}
