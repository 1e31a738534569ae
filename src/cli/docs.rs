//! `bounced completions SHELL` and `bounced man`: generated from the same clap definitions that
//! parse the command line, so they always list the flags that exist.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{out, Cli};

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<()> {
    // Generated into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "bounced", &mut script);
    write(&script)
}

/// The manual page in roff: the command, then a section per verb with its flags (one page for
/// all verbs, rather than clap_mangen's list of bounced-VERB(1) pages nobody installs).
pub fn man() -> anyhow::Result<()> {
    let cmd = Cli::command();
    let mut page = Vec::new();
    let top = clap_mangen::Man::new(cmd.clone());
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    for verb in cmd.get_subcommands() {
        render_verb(&mut page, verb, "bounced")?;
    }
    top.render_version_section(&mut page)?;
    write(&page)
}

/// A `.SH` section for `verb`: synopsis, description and options, then its own verbs.
fn render_verb(page: &mut Vec<u8>, verb: &clap::Command, parent: &str) -> std::io::Result<()> {
    let name = format!("{parent} {}", verb.get_name());
    writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
    let man = clap_mangen::Man::new(verb.clone().bin_name(name.clone()));
    // The per-verb renderers write .SH headings of their own; demote them to .SS.
    let mut section = Vec::new();
    man.render_synopsis_section(&mut section)?;
    man.render_description_section(&mut section)?;
    if verb.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut section)?;
    }
    let text = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
    page.extend_from_slice(text.as_bytes());
    for sub in verb.get_subcommands() {
        render_verb(page, sub, &name)?;
    }
    Ok(())
}

fn write(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = out::stdout();
    out.write_all(bytes)?;
    Ok(out.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every verb below `cmd`, with its full name ("bounced verp encode").
    fn verbs(cmd: &clap::Command, parent: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let name = format!("{parent} {}", sub.get_name());
            out.push((name.clone(), sub.clone()));
            verbs(sub, &name, out);
        }
    }

    fn all_verbs() -> Vec<(String, clap::Command)> {
        let mut out = Vec::new();
        verbs(&Cli::command(), "bounced", &mut out);
        out
    }

    #[test]
    fn every_verb_and_flag_has_help() {
        let mut missing = Vec::new();
        for (name, verb) in all_verbs() {
            if verb.get_about().is_none() {
                missing.push(name.clone());
            }
            for arg in verb.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    missing.push(format!("{name} {id}"));
                }
            }
        }
        assert!(missing.is_empty(), "no help text: {missing:?}");
    }

    #[test]
    fn readme_lists_every_verb_and_flag() {
        let readme = include_str!("../../README.md");
        for (name, verb) in all_verbs() {
            assert!(readme.contains(&format!("`{name}")), "README lacks {name}");
            for arg in verb.get_arguments() {
                if let Some(long) = arg.get_long() {
                    if long != "help" && long != "version" {
                        assert!(
                            readme.contains(&format!("--{long}")),
                            "README lacks {name} --{long}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn man_page_has_a_section_per_verb() {
        let cmd = Cli::command();
        let mut page = Vec::new();
        for verb in cmd.get_subcommands() {
            render_verb(&mut page, verb, "bounced").unwrap();
        }
        let page = String::from_utf8(page).unwrap();
        for (name, _) in all_verbs() {
            assert!(
                page.contains(&format!(".SH \"{}\"", name.to_uppercase())),
                "{name}"
            );
        }
    }
}
