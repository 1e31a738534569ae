//! `bounced classify [--json] PATH...`: analyse files, directories (recursively, in sorted
//! order) and mbox files, without a database.
//!
//! A message that is not a bounce prints one line with kind `none`, an empty recipient and
//! action, reason `undefined` and an empty category: it reports on nobody, so it has no effect.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::out;
use super::ClassifyArgs;
use crate::analysis::{analyze, Analysis};
use crate::classify::{Basis, Rule};
use crate::report::mbox;
use crate::report::text::normalize_newlines;

/// One output line; field order and names are the DESIGN.md `classify --json` contract.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    kind: &'a str,
    recipient: &'a str,
    action: &'a str,
    status: &'a str,
    reply_code: &'a str,
    reason: &'a str,
    category: &'a str,
    hard: bool,
    diagnostic: &'a str,
    reporting_mta: &'a str,
    remote_mta: &'a str,
    original_message_id: &'a str,
    feedback_type: &'a str,
    /// The rule that decided `reason` (`status:X.1.1`); beyond the DESIGN.md fields. Written
    /// straight into the line ("" for none), not formatted into a string first.
    #[serde(serialize_with = "rule_text")]
    rule: Option<Rule>,
}

fn lines<'a>(file: &'a str, a: &'a Analysis) -> Vec<Line<'a>> {
    if a.findings.is_empty() {
        return vec![Line {
            file,
            kind: a.kind.name(),
            recipient: "",
            action: "",
            status: "",
            reply_code: "",
            reason: crate::taxonomy::Reason::Undefined.name(),
            category: "",
            hard: false,
            diagnostic: "",
            reporting_mta: &a.reporting_mta,
            remote_mta: "",
            original_message_id: &a.original_message_id,
            feedback_type: "",
            rule: None,
        }];
    }
    a.findings
        .iter()
        .map(|f| Line {
            file,
            kind: a.kind.name(),
            recipient: f.addressee(),
            action: f.action.name(),
            status: &f.status,
            reply_code: &f.reply_code,
            reason: f.reason.name(),
            category: f.category.name(),
            hard: f.hard,
            diagnostic: &f.diagnostic,
            reporting_mta: &a.reporting_mta,
            remote_mta: &f.remote_mta,
            original_message_id: &a.original_message_id,
            feedback_type: &f.feedback_type,
            rule: Some(f.rule),
        })
        .collect()
}

/// A rule as its text, "" for none.
fn rule_text<S: serde::Serializer>(rule: &Option<Rule>, s: S) -> Result<S::Ok, S::Error> {
    match rule {
        Some(rule) => s.collect_str(rule),
        None => s.serialize_str(""),
    }
}

/// Files under `path` in sorted order; a file is itself.
fn expand(path: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<(OsString, PathBuf)> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| (e.file_name(), e.path())))
        .collect::<io::Result<_>>()?;
    // The paths share their parent, so their order is their names': compared as bytes, not
    // component by component (Callgrind: path comparison was a twentieth of `classify`).
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, entry) in entries {
        expand(&entry, out)?;
    }
    Ok(())
}

/// Exit status 1 when a path could not be read (the others are still reported).
pub fn run(args: ClassifyArgs) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    let mut files = Vec::new();
    for path in &args.paths {
        if let Err(e) = expand(path, &mut files) {
            out::note(format_args!(
                "classify: {}: cannot list directory: {e}",
                path.display()
            ));
            failed = true;
        }
    }
    let mut out = out::stdout();
    let mut table: Vec<[String; 8]> = Vec::new();
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                out::note(format_args!(
                    "classify: {}: cannot read: {e}",
                    file.display()
                ));
                failed = true;
                continue;
            }
        };
        // as `display` writes it, without the formatter
        let name = file.to_string_lossy().into_owned();
        // Line endings first in an mbox: one written with CR or CRLF still splits on its
        // "From " lines (whatever its line endings, a file starts with one or not). A single
        // message is brought to LF by `analyze`, not twice.
        let normalized;
        let messages = if mbox::is_mbox(&bytes) {
            normalized = normalize_newlines(&bytes);
            mbox::split(&normalized)
        } else {
            vec![&bytes[..]]
        };
        for message in messages {
            let analysis = analyze(message);
            if args.explain {
                explain(&mut out, &name, &analysis)?;
                continue;
            }
            for line in lines(&name, &analysis) {
                if args.json {
                    out::json_line(&mut out, &line)?;
                } else {
                    table.push(
                        [
                            line.file,
                            line.kind,
                            line.recipient,
                            line.action,
                            line.status,
                            line.reply_code,
                            line.reason,
                            line.category,
                        ]
                        .map(|cell| out::printable(cell).into_owned()),
                    );
                }
            }
        }
        // JSON Lines stream: a reader sees each file's lines as soon as it is read.
        if args.json {
            out.flush()?;
        }
    }
    if !args.json && !args.explain {
        write_table(&mut out, &table)?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `--explain`: per recipient, the verdict and the rule behind it, its evidence and source.
fn explain(out: &mut impl Write, file: &str, a: &Analysis) -> io::Result<()> {
    writeln!(out, "{}: {}", out::printable(file), a.kind.name())?;
    if a.findings.is_empty() {
        return writeln!(out, "  no recipient reported: changes no person");
    }
    for f in &a.findings {
        let recipient = if f.addressee().is_empty() {
            "(no recipient)"
        } else {
            f.addressee()
        };
        writeln!(
            out,
            "  {}: {} {} ({})",
            out::printable(recipient),
            f.action.name(),
            f.reason,
            f.category
        )?;
        writeln!(out, "    rule:     {}", f.rule)?;
        let evidence = match f.rule.basis {
            Basis::Status => format!("status {} ({})", f.status, f.rule.key),
            Basis::Diagnostic => format!("\"{}\" in the diagnostic", f.rule.key),
            Basis::Prose => format!("\"{}\" in the report's text", f.rule.key),
            Basis::Provider => format!("provider code {}", f.rule.key),
            Basis::Reply => format!("reply code {}", f.rule.key),
            Basis::Report | Basis::Refine | Basis::Fallback => f.rule.key.to_owned(),
        };
        writeln!(out, "    evidence: {}", out::printable(&evidence))?;
        writeln!(out, "    source:   {}", f.rule.source)?;
        if !f.status.is_empty() || !f.reply_code.is_empty() {
            writeln!(out, "    status:   {} {}", f.status, f.reply_code)?;
        }
        if !f.diagnostic.is_empty() {
            writeln!(out, "    said:     {}", out::printable(&f.diagnostic))?;
        }
    }
    Ok(())
}

fn write_table(out: &mut impl Write, rows: &[[String; 8]]) -> io::Result<()> {
    const HEAD: [&str; 8] = [
        "FILE",
        "KIND",
        "RECIPIENT",
        "ACTION",
        "STATUS",
        "CODE",
        "REASON",
        "CATEGORY",
    ];
    let mut widths = HEAD.map(str::len);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let head = HEAD.map(str::to_owned);
    for row in std::iter::once(&head).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
