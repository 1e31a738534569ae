#![deny(rust_2018_idioms)]

use clap::Parser;

fn main() -> std::process::ExitCode {
    bounced::cli::exit(bounced::cli::run(bounced::cli::Cli::parse()))
}
