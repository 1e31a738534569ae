//! `bounced reset EMAIL`: manual repair, as Marketo lets a person uncheck Email Invalid.
//! Recorded as an event with who did it and why.

use std::process::ExitCode;

use chrono::Utc;
use serde_json::json;

use super::db::DbArgs;
use super::person::person_json;
use crate::store::people::{self, Event};

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true)))]
pub struct ResetArgs {
    pub email: String,
    /// Clear Email Invalid and its cause.
    #[arg(long, group = "what")]
    pub invalid: bool,
    /// Clear Unsubscribed.
    #[arg(long, group = "what")]
    pub unsubscribed: bool,
    /// Set the soft bounce count to 0.
    #[arg(long, group = "what")]
    pub soft_count: bool,
    /// End a suspension now and clear Email Suspended, its cause and time.
    #[arg(long, group = "what")]
    pub suspension: bool,
    /// All of the above.
    #[arg(long, group = "what")]
    pub all: bool,
    /// Why (kept in the event with the user name).
    #[arg(long)]
    pub reason: String,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ResetArgs) -> ExitCode {
    match reset(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => super::fail(&e),
    }
}

fn reset(args: &ResetArgs) -> Result<(), String> {
    if args.reason.trim().is_empty() {
        return Err("--reason must say why".into());
    }
    let email = args.email.trim().to_lowercase();
    let mut conn = args.db.open_for_writing()?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| e.to_string())?;
    let Some(before) = people::load(&tx, &email).map_err(|e| e.to_string())? else {
        return Err(format!("{email}: no such person in the database"));
    };
    let mut after = before.clone();
    let mut changed = Vec::new();
    if (args.invalid || args.all) && before.email_invalid {
        after.email_invalid = false;
        after.email_invalid_cause.clear();
        after.email_invalid_at = None;
        changed.push("email_invalid=0");
    }
    if (args.unsubscribed || args.all) && before.unsubscribed {
        after.unsubscribed = false;
        changed.push("unsubscribed=0");
    }
    if (args.soft_count || args.all) && before.soft_bounce_count > 0 {
        after.soft_bounce_count = 0;
        changed.push("soft_bounce_count=0");
    }
    if (args.suspension || args.all)
        && (before.email_suspended || before.email_suspended_until.is_some())
    {
        after.email_suspended = false;
        after.email_suspended_cause.clear();
        after.email_suspended_at = None;
        after.email_suspended_until = None;
        changed.push("email_suspended=0");
    }
    let now = Utc::now();
    let who = std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".into());
    people::save(&tx, &email, &after, now).map_err(|e| e.to_string())?;
    people::insert_event(
        &tx,
        &Event {
            at: Some(now),
            received_at: Some(now),
            email: &email,
            kind: "manual",
            action: "reset",
            diagnostic: args.reason.trim(),
            trust: "manual",
            changed: changed.join(","),
            actor: who.clone(),
            ..Event::default()
        },
    )
    .map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())?;
    if args.json {
        let mut j = person_json(&email, &after, now);
        j["changed"] = json!(changed);
        println!("{j}");
    } else if changed.is_empty() {
        println!("{email}: nothing to reset (recorded anyway)");
    } else {
        println!("{email}: {} (by {who})", changed.join(", "));
    }
    Ok(())
}
