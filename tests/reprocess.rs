//! `bounced reprocess`: stored messages re-read with a changed configuration rebuild exactly the
//! events and people that follow from it, keep manual resets, and a second run changes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{dsn, BIN};
use serde_json::Value;

struct Db {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bounced.db");
        Db { dir, path }
    }

    /// A config file for this database with `extra` TOML sections.
    fn config(&self, name: &str, extra: &str) -> PathBuf {
        let file = self.dir.path().join(name);
        std::fs::write(
            &file,
            format!("[store]\npath = \"{}\"\n{extra}", self.path.display()),
        )
        .unwrap();
        file
    }

    fn run(&self, args: &[&str], config: Option<&Path>) -> String {
        let mut cmd = Command::new(BIN);
        cmd.args(args);
        match config {
            Some(c) => cmd.arg("--config").arg(c),
            None => cmd.arg("--db").arg(&self.path),
        };
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "bounced {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn import(&self, name: &str, message: Vec<u8>) {
        let file = self.dir.path().join(name);
        std::fs::write(&file, message).unwrap();
        self.run(&["import", file.to_str().unwrap()], None);
    }

    fn reprocess(&self, config: &Path, extra: &[&str]) -> Value {
        let mut args = vec!["reprocess", "--json"];
        args.extend(extra);
        serde_json::from_str(&self.run(&args, Some(config))).unwrap()
    }

    fn query(&self, sql: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            Ok((0..n)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect::<Vec<_>>()
                .join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// Everything reprocess may change.
    fn snapshot(&self) -> (Vec<String>, Vec<String>, Vec<String>) {
        (
            self.query("SELECT * FROM people ORDER BY email"),
            self.query("SELECT * FROM events ORDER BY id"),
            self.query("SELECT id, parse_error FROM messages ORDER BY id"),
        )
    }
}

fn emails(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

#[test]
fn a_policy_change_rebuilds_exactly_the_people_it_concerns() {
    let db = Db::new();
    let full = |rcpt: &str| dsn(rcpt, "5.2.2", "552 5.2.2 Mailbox full", rcpt);
    db.import("1.eml", full("full@example.com"));
    db.import("2.eml", full("full-pruned@example.com"));
    db.import("3.eml", full("full-reset@example.com"));
    db.import(
        "4.eml",
        dsn("big@example.com", "5.3.4", "552 5.3.4 Message too big", "b"),
    );
    db.import(
        "5.eml",
        dsn("hard@example.com", "5.1.1", "550 5.1.1 User unknown", "h"),
    );
    db.import(
        "6.eml",
        dsn(
            "block@example.com",
            "5.7.1",
            "554 5.7.1 blocked using zen.spamhaus.org",
            "k",
        ),
    );
    db.run(
        &[
            "reset",
            "hard@example.com",
            "--invalid",
            "--reason",
            "confirmed by phone",
        ],
        None,
    );
    db.run(
        &[
            "reset",
            "full-reset@example.com",
            "--soft-count",
            "--reason",
            "fixed",
        ],
        None,
    );
    // Pruned: its events must stay and still count.
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .execute(
            "UPDATE messages SET raw = NULL WHERE id = (SELECT message_id FROM events WHERE email = 'full-pruned@example.com')",
            [],
        )
        .unwrap();

    // Same rules as at intake: the fold reproduces what the writer did, nothing changes.
    let same = db.config("same.toml", "");
    let before = db.snapshot();
    let r = db.reprocess(&same, &[]);
    assert_eq!(r["messages_read"], 5);
    assert_eq!(r["people_changed"], 0);
    assert_eq!(db.snapshot(), before);

    let suspend = db.config(
        "suspend.toml",
        "[policy.effects]\nmailboxfull = \"suspend\"\n",
    );
    let dry = db.reprocess(&suspend, &["--dry-run"]);
    assert_eq!(db.snapshot(), before, "a dry run writes nothing");
    let r = db.reprocess(&suspend, &[]);
    assert_eq!(dry["transitions"], r["transitions"]);
    assert_eq!(
        emails(&r["transitions"]["newly suspended"]),
        [
            "full-pruned@example.com",
            "full-reset@example.com",
            "full@example.com"
        ]
    );
    // The reset of full-reset@ cleared its soft count before and still does.
    assert_eq!(
        emails(&r["transitions"]["soft bounce count changed"]),
        ["full-pruned@example.com", "full@example.com"]
    );
    assert_eq!(r["transitions"].as_object().unwrap().len(), 2);
    assert_eq!(r["people_changed"], 3);
    assert_eq!(
        db.query(
            "SELECT email, email_invalid, email_suspended, soft_bounce_count FROM people ORDER BY email"
        ),
        [
            "Text(\"big@example.com\")|Integer(0)|Integer(0)|Integer(1)",
            "Text(\"block@example.com\")|Integer(0)|Integer(1)|Integer(0)",
            "Text(\"full-pruned@example.com\")|Integer(0)|Integer(1)|Integer(0)",
            "Text(\"full-reset@example.com\")|Integer(0)|Integer(1)|Integer(0)",
            "Text(\"full@example.com\")|Integer(0)|Integer(1)|Integer(0)",
            "Text(\"hard@example.com\")|Integer(0)|Integer(0)|Integer(0)",
        ]
    );
    // The event records what it does now; the manual resets and the pruned message's event stay.
    assert_eq!(
        db.query("SELECT changed FROM events WHERE email = 'full@example.com'"),
        ["Text(\"email_suspended=1\")"]
    );
    assert_eq!(
        db.query("SELECT actor <> '', diagnostic FROM events WHERE kind = 'manual' ORDER BY id"),
        [
            "Integer(1)|Text(\"confirmed by phone\")",
            "Integer(1)|Text(\"fixed\")"
        ]
    );
    assert_eq!(
        db.query("SELECT count(*) FROM events e JOIN messages m ON m.id = e.message_id WHERE m.raw IS NULL"),
        ["Integer(1)"]
    );

    let after = db.snapshot();
    let again = db.reprocess(&suspend, &[]);
    assert_eq!(again["people_changed"], 0);
    assert_eq!(again["events_added"], 0);
    assert_eq!(db.snapshot(), after, "a second reprocess changes nothing");
}

#[test]
fn a_verp_change_moves_events_between_people() {
    let db = Db::new();
    let mut verp = b"Delivered-To: bounces+real=example.com@bounce.test\r\n".to_vec();
    verp.extend(dsn(
        "forwarded@elsewhere.test",
        "5.1.1",
        "550 5.1.1 no such user",
        "v",
    ));
    db.import("v.eml", verp);
    db.import(
        "w.eml",
        dsn("other@example.com", "5.1.1", "550 5.1.1 no such user", "w"),
    );
    let off = db.config("off.toml", "[verp]\nmode = \"off\"\n");
    let r = db.reprocess(&off, &["--since", "30d"]);
    assert_eq!(r["messages_changed"], 1);
    assert_eq!(
        (r["events_removed"].as_u64(), r["events_added"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        emails(&r["transitions"]["no longer invalid"]),
        ["real@example.com"]
    );
    assert_eq!(
        emails(&r["transitions"]["newly invalid"]),
        ["forwarded@elsewhere.test"]
    );
    assert_eq!(
        db.query("SELECT email, trust, changed FROM events ORDER BY message_id"),
        [
            "Text(\"forwarded@elsewhere.test\")|Text(\"report\")|Text(\"email_invalid=1\")",
            "Text(\"other@example.com\")|Text(\"report\")|Text(\"email_invalid=1\")",
        ]
    );
    let after = db.snapshot();
    let again = db.reprocess(&off, &["--since", "30d"]);
    assert_eq!(again["messages_changed"], 0);
    assert_eq!(again["people_changed"], 0);
    assert_eq!(db.snapshot(), after);

    // Text output names the transitions.
    let text = db.run(&["reprocess"], None);
    assert!(
        text.contains("1 people newly invalid: real@example.com\n"),
        "{text}"
    );
    assert!(
        text.contains("1 people no longer invalid: forwarded@elsewhere.test\n"),
        "{text}"
    );
}

#[test]
fn reprocess_next_to_a_serving_daemon_loses_nothing() {
    let d = common::Daemon::start("", "");
    let send = |who: &str| {
        let body = dsn(who, "5.2.2", "552 5.2.2 Mailbox full", who);
        assert_eq!(d.send(None, &["bounces@bounce.test"], &body).unwrap(), 250);
    };
    for i in 0..20 {
        send(&format!("before{i}@example.com"));
    }
    let config = d.dir.path().join("suspend.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = \"{}\"\n[policy.effects]\nmailboxfull = \"suspend\"\n",
            d.db.display()
        ),
    )
    .unwrap();
    let reprocess = std::thread::spawn(move || {
        let out = Command::new(BIN)
            .args(["reprocess", "--json", "--config"])
            .arg(&config)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    });
    for i in 0..20 {
        send(&format!("during{i}@example.com"));
    }
    let r = reprocess.join().unwrap();
    // The "during" reports that were stored before it began are rebuilt too.
    let changed = r["people_changed"].as_u64().unwrap();
    assert!((20..=40).contains(&changed), "{r}");
    // Every report is stored once; those re-read by reprocess follow its policy, the daemon's
    // own (unchanged) policy applies to the rest.
    assert_eq!(d.count("SELECT count(*) FROM messages"), 40);
    assert_eq!(d.count("SELECT count(*) FROM events"), 40);
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email LIKE 'before%' AND email_suspended = 1 AND soft_bounce_count = 0"),
        20
    );
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email_suspended + soft_bounce_count = 1"),
        40
    );
}

#[test]
fn since_limits_the_messages_re_read_and_the_people_rebuilt() {
    let db = Db::new();
    let full = |days_ago: i64, rcpt: &str| {
        let at = (chrono::Utc::now() - chrono::Duration::days(days_ago)).to_rfc2822();
        let mut m =
            format!("Received: from mx.remote.test by mx.bounce.test; {at}\r\n").into_bytes();
        m.extend(dsn(rcpt, "5.2.2", "552 5.2.2 Mailbox full", rcpt));
        m
    };
    db.import("old.eml", full(40, "old@example.com"));
    db.import("new.eml", full(1, "new@example.com"));
    let suspend = db.config(
        "suspend.toml",
        "[policy.effects]\nmailboxfull = \"suspend\"\n",
    );
    let r = db.reprocess(&suspend, &["--since", "7d"]);
    assert_eq!(r["messages_read"], 1);
    assert_eq!(r["people_examined"], 1);
    assert_eq!(
        emails(&r["transitions"]["newly suspended"]),
        ["new@example.com"]
    );
    // Without --since everyone is rebuilt.
    let r = db.reprocess(&suspend, &[]);
    assert_eq!(r["messages_read"], 2);
    assert_eq!(
        emails(&r["transitions"]["newly suspended"]),
        ["old@example.com"]
    );
}

#[test]
fn a_finding_nobody_can_be_found_for_any_more_records_why() {
    let db = Db::new();
    // No Final-Recipient and no returned headers: only the VERP return path says who.
    db.import(
        "lost.eml",
        b"Delivered-To: bounces+lost=example.com@bounce.test\nFrom: MAILER-DAEMON@mx.test\n\
To: bounces@bounce.test\nSubject: Undelivered\nMIME-Version: 1.0\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n\
--B\nContent-Type: text/plain\n\nfailed\n\n--B\nContent-Type: message/delivery-status\n\n\
Reporting-MTA: dns; mx.test\n\nAction: failed\nStatus: 5.1.1\n\
Diagnostic-Code: smtp; 550 5.1.1 no such user\n\n--B--\n"
            .to_vec(),
    );
    assert_eq!(db.query("SELECT parse_error FROM messages"), ["Null"]);
    let off = db.config("off.toml", "[verp]\nmode = \"off\"\n");
    let r = db.reprocess(&off, &[]);
    assert_eq!(
        (r["events_removed"].as_u64(), r["events_added"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        emails(&r["transitions"]["no longer invalid"]),
        ["lost@example.com"]
    );
    assert_eq!(db.query("SELECT count(*) FROM events"), ["Integer(0)"]);
    assert_eq!(
        db.query("SELECT parse_error FROM messages"),
        ["Text(\"finding 1: no recipient address in the envelope or the report\")"]
    );
    let after = db.snapshot();
    db.reprocess(&off, &[]);
    assert_eq!(db.snapshot(), after);
}

#[test]
fn reprocess_queues_no_webhook_deliveries() {
    let db = Db::new();
    let hook = "[[webhook]]\nurl = \"http://127.0.0.1:9/hook\"\nevents = \"all\"\n";
    let config = db.config("hook.toml", hook);
    let file = db.dir.path().join("full.eml");
    std::fs::write(
        &file,
        dsn("full@example.com", "5.2.2", "552 5.2.2 Mailbox full", "f"),
    )
    .unwrap();
    // Imported like a received message: its event is queued for the webhook.
    db.run(&["import", file.to_str().unwrap()], Some(&config));
    assert_eq!(db.query("SELECT count(*) FROM outbox"), ["Integer(1)"]);
    let changed = db.config(
        "hook-suspend.toml",
        &format!("{hook}[policy.effects]\nmailboxfull = \"suspend\"\n"),
    );
    let r = db.reprocess(&changed, &[]);
    assert_eq!(r["people_changed"], 1);
    assert_eq!(db.query("SELECT count(*) FROM outbox"), ["Integer(1)"]);
}
