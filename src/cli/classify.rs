//! `bounced classify`: placeholder until issue 3 lands.

use std::process::ExitCode;

use super::ClassifyArgs;

pub fn run(_args: ClassifyArgs) -> ExitCode {
    eprintln!("bounced classify: not built yet");
    ExitCode::FAILURE
}
