//! `bounced outbox`: the webhook deliveries waiting, given up (dead) or done, and requeuing them.

use std::io::Write;

use anyhow::bail;
use chrono::Utc;

use super::db::{print_table, DbArgs};
use super::out;
use crate::webhook::outbox::{self, Delivery};

#[derive(clap::Args, Debug)]
pub struct OutboxArgs {
    /// Show the deliveries given up (dead) instead of those pending.
    #[arg(long, conflicts_with = "all")]
    pub dead: bool,
    /// Show deliveries in every state (pending, delivered, dead).
    #[arg(long)]
    pub all: bool,
    /// Make delivery ID pending again, due now, with a new retry window.
    #[arg(long, value_name = "ID", conflicts_with_all = ["retry_dead", "dead", "all"])]
    pub retry: Option<i64>,
    /// Make every dead delivery pending again, due now, with a new retry window.
    #[arg(long, conflicts_with_all = ["dead", "all"])]
    pub retry_dead: bool,
    /// Most deliveries to show, newest first.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// JSON Lines: one object per delivery (without its body).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: OutboxArgs) -> anyhow::Result<()> {
    let mut out = out::stdout();
    if args.retry.is_some() || args.retry_dead {
        let conn = args.db.open_for_writing()?;
        let n = outbox::requeue(&conn, args.retry, Utc::now())?;
        if let (Some(id), 0) = (args.retry, n) {
            bail!("no delivery {id} in the outbox");
        }
        writeln!(out, "requeued {n}")?;
        return Ok(out.flush()?);
    }
    let conn = args.db.open()?;
    let state = match (args.dead, args.all) {
        (true, _) => Some("dead"),
        (_, true) => None,
        _ => Some("pending"),
    };
    let rows = outbox::list(&conn, state, args.limit)?;
    if args.json {
        for row in &rows {
            out::json_line(&mut out, row)?;
        }
        return Ok(out.flush()?);
    }
    let counts = outbox::counts(&conn)?;
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    writeln!(
        out,
        "outbox: {}",
        if summary.is_empty() {
            "empty".into()
        } else {
            summary.join(", ")
        }
    )?;
    print_table(
        &mut out,
        &[
            "id",
            "state",
            "tries",
            "event",
            "next or done at",
            "url",
            "last_error",
        ],
        &table(&rows),
    )?;
    Ok(out.flush()?)
}

fn table(rows: &[Delivery]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|d| {
            vec![
                d.id.to_string(),
                d.state.clone(),
                d.attempts.to_string(),
                d.event_id.to_string(),
                if d.state == "pending" {
                    d.next_at.clone()
                } else {
                    d.done_at.clone().unwrap_or_default()
                },
                d.url.clone(),
                d.last_error.clone(),
            ]
        })
        .collect()
}
