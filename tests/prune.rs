//! Retention: raw content past `store.keep_raw_days` is dropped by `bounced prune` and by the
//! daemon's periodic task; the message rows, events and people stay.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{Duration, Utc};
use common::{dsn, BIN};

/// A bounce whose mailbox received it `days_ago`.
fn received(days_ago: i64, rcpt: &str) -> Vec<u8> {
    let at = (Utc::now() - Duration::days(days_ago)).to_rfc2822();
    let mut m = format!("Received: from mx.remote.test by mx.bounce.test; {at}\r\n").into_bytes();
    m.extend(dsn(rcpt, "5.1.1", "550 5.1.1 user unknown", rcpt));
    m
}

fn bounced(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bounced {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn counts(db: &Path) -> (i64, i64, i64, i64) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM messages WHERE raw IS NOT NULL),
                    (SELECT count(*) FROM events), (SELECT count(*) FROM people WHERE email_invalid = 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

#[test]
fn prune_drops_old_raw_content_and_keeps_events_and_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let old = dir.path().join("old.eml");
    let new = dir.path().join("new.eml");
    std::fs::write(&old, received(40, "old@example.com")).unwrap();
    std::fs::write(&new, received(1, "new@example.com")).unwrap();
    bounced(
        &db,
        &["import", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    assert_eq!(counts(&db), (2, 2, 2, 2));

    let dry = bounced(&db, &["prune", "--dry-run"]);
    assert!(
        dry.starts_with("would drop raw content of 1 messages received before "),
        "{dry}"
    );
    assert_eq!(counts(&db), (2, 2, 2, 2));

    let out = bounced(&db, &["prune"]);
    assert!(
        out.starts_with("dropped raw content of 1 messages"),
        "{out}"
    );
    assert!(out.contains("free inside the database file"), "{out}");
    assert_eq!(counts(&db), (2, 1, 2, 2));
    let kept: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT email FROM events JOIN messages m ON m.id = message_id WHERE m.raw IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "new@example.com");

    let out = bounced(&db, &["prune", "--vacuum"]);
    assert!(
        out.starts_with("dropped raw content of 0 messages"),
        "{out}"
    );
    assert!(out.contains("VACUUM: database file "), "{out}");
    assert_eq!(counts(&db), (2, 1, 2, 2));
}

#[test]
fn the_daemons_periodic_purge_uses_the_same_retention() {
    let dir = tempfile::tempdir().unwrap();
    let config = bounced::config::Store {
        path: dir.path().join("bounced.db"),
        keep_raw_days: std::time::Duration::from_secs(30 * 86_400),
        ..bounced::config::Store::default()
    };
    let rules = bounced::config::Config::default().rules().unwrap();
    let (store, writer) = bounced::store::Store::start(&config, rules).unwrap();
    for (days, rcpt) in [(40, "old@example.com"), (1, "new@example.com")] {
        let data = received(days, rcpt);
        let msg = bounced::store::NewMessage {
            received_at: Utc::now() - Duration::days(days),
            peer: "192.0.2.1".into(),
            envelope: bounced::envelope::Envelope {
                helo: "mx.remote.test".into(),
                mail_from: String::new(),
                rcpt_to: vec!["bounces@bounce.test".into()],
            },
            analysis: bounced::analysis::analyze(&data),
            data,
        };
        store.submit(msg).unwrap().wait().unwrap();
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(store.purge_raw());
    drop(store);
    writer.join().unwrap();
    assert_eq!(counts(&config.path), (2, 1, 2, 2));
}
