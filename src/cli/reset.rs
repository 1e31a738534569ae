//! `bounced reset EMAIL`: manual repair, as Marketo lets a person uncheck Email Invalid.
//! Recorded as an event with who did it and why.

use std::io::Write;
use std::os::unix::fs::MetadataExt;

use anyhow::bail;
use chrono::Utc;
use serde_json::json;

use super::db::DbArgs;
use super::out;
use super::person::person_json;
use crate::store::people::{self, Event};

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true)))]
pub struct ResetArgs {
    /// The person's address (case does not matter).
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
    /// One JSON object: the person after the reset, plus `changed`.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ResetArgs) -> anyhow::Result<()> {
    if args.reason.trim().is_empty() {
        bail!("--reason must say why");
    }
    let email = super::db::email(&args.email)?;
    let mut conn = args.db.open_for_writing()?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(before) = people::load(&tx, &email)? else {
        bail!("{email}: no such person in the database");
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
    let who = actor();
    people::save(&tx, &email, &after, now)?;
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
    )?;
    tx.commit()?;
    let mut out = out::stdout();
    if args.json {
        let mut j = person_json(&email, &after, now);
        j["changed"] = json!(changed);
        writeln!(out, "{j}")?;
    } else if changed.is_empty() {
        writeln!(out, "{email}: nothing to reset (recorded anyway)")?;
    } else {
        writeln!(out, "{email}: {} (by {who})", changed.join(", "))?;
    }
    Ok(out.flush()?)
}

/// Who is making the change: the user behind sudo, else the login name from the environment,
/// else the name of this process's uid in /etc/passwd (cron, systemd-run and `env -i` set no
/// `$USER`), else `uid:N`.
fn actor() -> String {
    let from_env = ["SUDO_USER", "USER", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty());
    if let Some(name) = from_env {
        return name;
    }
    // /proc/self belongs to the process's effective uid.
    let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else {
        return "unknown".into();
    };
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| passwd_name(&passwd, uid))
        .unwrap_or_else(|| format!("uid:{uid}"))
}

/// The user name of `uid` in passwd(5) text.
fn passwd_name(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let listed: u32 = fields.nth(1)?.parse().ok()?;
        (listed == uid && !name.is_empty()).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwd_lookup() {
        let passwd =
            "root:x:0:0:root:/root:/bin/bash\n# comment\nalice:x:1000:1000::/home/alice:/bin/sh\n";
        assert_eq!(passwd_name(passwd, 1000).as_deref(), Some("alice"));
        assert_eq!(passwd_name(passwd, 0).as_deref(), Some("root"));
        assert_eq!(passwd_name(passwd, 4242), None);
    }
}
