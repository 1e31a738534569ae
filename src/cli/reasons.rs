//! `bounced reasons`: the reason vocabulary with each reason's category and effect, read from
//! the code that classifies and applies reports, so the list cannot drift from what runs.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::db::print_table;
use super::out;
use crate::classify;
use crate::config::Config;
use crate::policy::Effect;
use crate::report::Entry;
use crate::taxonomy::{Action, Category, Reason};

#[derive(clap::Args, Debug)]
pub struct ReasonsArgs {
    /// JSON Lines: one object per row (reason, applies_to, category, hard, effect).
    #[arg(long)]
    pub json: bool,
    /// Show the effects this configuration gives (`[policy.effects]`) instead of the defaults.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Serialize)]
struct Row {
    reason: &'static str,
    /// "any", or "5xx" / "4xx" for a reason whose category depends on the failure being
    /// permanent or transient (notaccept).
    applies_to: &'static str,
    category: &'static str,
    hard: bool,
    effect: Effect,
}

/// A failed report with a permanent (5.0.0) or transient (4.0.0) status.
fn failure(status: &str) -> Entry {
    Entry {
        action: Action::Failed,
        status: status.into(),
        ..Entry::empty()
    }
}

fn rows(config: &Config) -> Vec<Row> {
    let (permanent, transient) = (failure("5.0.0"), failure("4.0.0"));
    let row = |reason: Reason, applies_to, category: Category| Row {
        reason: reason.name(),
        applies_to,
        category: category.name(),
        hard: category == Category::Hard,
        effect: Effect::for_report(category, reason, &config.policy),
    };
    let mut rows = Vec::new();
    for reason in Reason::ALL {
        let p = classify::category(reason, &permanent);
        let t = classify::category(reason, &transient);
        if p == t {
            rows.push(row(reason, "any", p));
        } else {
            rows.push(row(reason, "5xx", p));
            rows.push(row(reason, "4xx", t));
        }
    }
    rows
}

fn effect_name(effect: Effect) -> &'static str {
    match effect {
        Effect::Invalid => "email_invalid = 1",
        Effect::Suspend => "email_suspended = 1, unmailable for suspend_hours",
        Effect::Soft => "soft_bounce_count + 1",
        Effect::Unsubscribe => "unsubscribed = 1",
        Effect::None => "none (event only)",
    }
}

pub fn run(args: ReasonsArgs) -> anyhow::Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let rows = rows(&config);
    let mut out = out::stdout();
    if args.json {
        for row in &rows {
            out::json_line(&mut out, row)?;
        }
        return Ok(out.flush()?);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.reason.to_string(),
                r.applies_to.to_string(),
                r.category.to_string(),
                effect_name(r.effect).to_string(),
            ]
        })
        .collect();
    print_table(
        &mut out,
        &["reason", "applies to", "category", "effect"],
        &table,
    )?;
    writeln!(
        out,
        "\nA DSN with Action: delayed is category delay, and delivered/relayed/expanded is success, \
         whatever the reason: both are recorded as events only."
    )?;
    Ok(out.flush()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_listed_with_the_design_categories() {
        let rows = rows(&Config::default());
        for reason in Reason::ALL {
            assert!(rows.iter().any(|r| r.reason == reason.name()), "{reason}");
        }
        let find = |name: &str, applies: &str| {
            rows.iter()
                .find(|r| r.reason == name && r.applies_to == applies)
                .map(|r| (r.category, r.effect))
        };
        assert_eq!(find("userunknown", "5xx"), Some(("hard", Effect::Invalid)));
        assert_eq!(find("userunknown", "4xx"), Some(("soft", Effect::Soft)));
        assert_eq!(find("notaccept", "5xx"), Some(("hard", Effect::Invalid)));
        assert_eq!(find("notaccept", "4xx"), Some(("soft", Effect::Soft)));
        assert_eq!(find("blocked", "5xx"), Some(("block", Effect::Suspend)));
        assert_eq!(find("blocked", "4xx"), Some(("soft", Effect::Soft)));
        assert_eq!(
            find("feedback", "any"),
            Some(("complaint", Effect::Unsubscribe))
        );
        assert_eq!(find("vacation", "any"), Some(("autoreply", Effect::None)));
        assert_eq!(find("delivered", "any"), Some(("success", Effect::None)));
    }

    #[test]
    fn readme_names_every_reason() {
        let readme = include_str!("../../README.md");
        for reason in Reason::ALL {
            assert!(readme.contains(reason.name()), "README lacks {reason}");
        }
    }
}
