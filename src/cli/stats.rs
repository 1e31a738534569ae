//! `bounced stats`: events per day by category and reason (or the classifier rule that decided
//! them, `--by-rule`), and how many reports were unverified.

use std::io::Write;

use chrono::Utc;
use serde_json::json;

use super::db::{parse_since, print_table, DbArgs};
use super::out;
use crate::store::rfc3339;

#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    /// Only events since TIME (RFC 3339, a date, or 24h / 7d). Default: everything.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// JSON Lines: one object per row (day, category, reason, trust, events).
    #[arg(long)]
    pub json: bool,
    /// Count by the classifier rule that decided each event instead of by reason.
    #[arg(long)]
    pub by_rule: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Trust is the events' own word: verified, unsigned, report, unverified or manual.
pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, Utc::now()))
        .transpose()?;
    let conn = args.db.open()?;
    let (column, name) = if args.by_rule {
        ("rule", "rule")
    } else {
        ("reason", "reason")
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT substr(received_at, 1, 10) AS day,
                    CASE WHEN kind = 'manual' THEN 'manual' ELSE category END,
                    {column},
                    trust,
                    count(*)
               FROM events
              WHERE ?1 IS NULL OR received_at >= ?1
              GROUP BY 1, 2, 3, 4
              ORDER BY 1, 2, 5 DESC, 3, 4"
    ))?;
    let rows = stmt
        .query_map([since.map(rfc3339)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = out::stdout();
    if args.json {
        for (day, category, reason, trust, n) in &rows {
            let row = json!({"day": day, "category": category, name: reason, "trust": trust, "events": n});
            out::json_line(&mut out, &row)?;
        }
        return Ok(out.flush()?);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(d, c, r, t, n)| vec![d.clone(), c.clone(), r.clone(), t.clone(), n.to_string()])
        .collect();
    print_table(
        &mut out,
        &["day", "category", name, "trust", "events"],
        &table,
    )?;
    let unverified: i64 = rows
        .iter()
        .filter(|r| r.3 == "unverified")
        .map(|r| r.4)
        .sum();
    let total: i64 = rows.iter().map(|r| r.4).sum();
    writeln!(
        out,
        "\n{total} events, {unverified} unverified (stored, no state changed)"
    )?;
    Ok(out.flush()?)
}
