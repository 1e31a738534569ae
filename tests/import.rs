//! `bounced import`: mbox and Maildir mailboxes written here by hand go through the same store
//! path as SMTP intake; importing twice changes nothing; bad messages are named by offset.

mod common;

use std::path::Path;
use std::process::Command;

use common::{arf, autoreply, dsn, BIN};
use serde_json::Value;

/// Runs `bounced ARGS --db DB --json` and returns the summary; asserts the exit status.
fn import(db: &Path, args: &[&str], ok: bool) -> Value {
    let out = Command::new(BIN)
        .arg("import")
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        out.status.success(),
        ok,
        "bounced import {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A message ending in CRLF, as a mailbox stores it.
fn msg(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.extend_from_slice(b"\r\n");
    bytes
}

/// Writes messages as an mboxrd: a `From ` line before each, `>` added to every `>*From ` line
/// of the content, an empty line after each.
fn mboxrd(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n");
        for line in m.split_inclusive(|&b| b == b'\n') {
            let quotes = line.iter().take_while(|&&b| b == b'>').count();
            if line[quotes..].starts_with(b"From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line);
        }
        out.extend_from_slice(b"\n");
    }
    out
}

/// A bounce whose text has lines an mbox must quote.
fn with_from_lines() -> Vec<u8> {
    let text = String::from_utf8(dsn(
        "quoted@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "q1",
    ))
    .unwrap();
    let text = text.replace(
        "Your message could not be delivered.\r\n",
        "Your message could not be delivered.\r\nFrom the desk of the postmaster\r\n>From an old quote\r\n",
    );
    msg(text.into_bytes())
}

fn db_count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn people(db: &Path) -> Vec<(String, i64, i64, i64, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT email, email_invalid, email_suspended, unsubscribed, soft_bounce_count FROM people ORDER BY email")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

#[test]
fn mbox_import_applies_each_report_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let messages = vec![
        msg(dsn(
            "hard@example.com",
            "5.1.1",
            "550 5.1.1 user unknown",
            "m1",
        )),
        msg(dsn(
            "full@example.com",
            "5.2.2",
            "552 5.2.2 Mailbox full",
            "m2",
        )),
        msg(arf("complainer@example.com", "m3")),
        msg(autoreply("away@example.com", "m4")),
        msg(
            b"From: a@example.com\r\nTo: b@example.com\r\nSubject: lunch\r\n\r\nnoon?\r\n".to_vec(),
        ),
        with_from_lines(),
        // The same report twice in one mailbox: stored once.
        msg(dsn(
            "hard@example.com",
            "5.1.1",
            "550 5.1.1 user unknown",
            "m1",
        )),
    ];
    let mbox = dir.path().join("bounces.mbox");
    std::fs::write(&mbox, mboxrd(&messages)).unwrap();
    let first = import(&db, &[mbox.to_str().unwrap()], true);
    assert_eq!(first["read"], 7);
    assert_eq!(first["applied"], 5);
    assert_eq!(first["not_bounces"], 1);
    assert_eq!(first["duplicates"], 1);
    assert_eq!(first["unreadable"].as_array().unwrap().len(), 0);
    assert_eq!(first["categories"]["hard"], 2);
    assert_eq!(first["categories"]["soft"], 1);
    assert_eq!(first["categories"]["complaint"], 1);
    assert_eq!(first["categories"]["autoreply"], 1);
    assert_eq!(
        people(&db),
        [
            ("away@example.com".into(), 0, 0, 0, 0),
            ("complainer@example.com".into(), 0, 0, 1, 0),
            ("full@example.com".into(), 0, 0, 0, 1),
            ("hard@example.com".into(), 1, 0, 0, 0),
            ("quoted@example.com".into(), 1, 0, 0, 0),
        ]
    );
    // Every message is stored byte for byte as it was before the mbox quoted it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let raws: Vec<Vec<u8>> = conn
        .prepare("SELECT raw FROM messages ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(raws, messages[..6]);
    assert!(String::from_utf8_lossy(&raws[5])
        .contains("\r\nFrom the desk of the postmaster\r\n>From an old quote\r\n"));
    let events = db_count(&db, "SELECT count(*) FROM events");

    let second = import(&db, &[mbox.to_str().unwrap()], true);
    assert_eq!(second["read"], 7);
    assert_eq!(second["duplicates"], 7);
    assert_eq!(second["applied"], 0);
    assert_eq!(second["events"], 0);
    assert_eq!(db_count(&db, "SELECT count(*) FROM events"), events);
    assert_eq!(db_count(&db, "SELECT count(*) FROM messages"), 6);
}

#[test]
fn garbled_and_truncated_messages_are_named_by_offset_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let good = mboxrd(&[msg(dsn("one@example.com", "5.1.1", "550 5.1.1 no", "g1"))]);
    let garbled = b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\n\x00\x01\x02 binary junk\n\n";
    let after = mboxrd(&[msg(dsn("two@example.com", "5.1.1", "550 5.1.1 no", "g2"))]);
    let truncated =
        b"From MAILER-DAEMON Thu Sep 18 17:54:04 2008\nFrom: MAILER-DAEMON@x.test\nSubj";
    let mut mbox = Vec::new();
    mbox.extend_from_slice(&good);
    let garbled_at = mbox.len();
    mbox.extend_from_slice(garbled);
    mbox.extend_from_slice(&after);
    let truncated_at = mbox.len();
    mbox.extend_from_slice(truncated);
    let path = dir.path().join("broken");
    std::fs::write(&path, &mbox).unwrap();

    let summary = import(&db, &[path.to_str().unwrap()], true);
    assert_eq!(summary["read"], 4);
    assert_eq!(summary["applied"], 2);
    let bad = summary["unreadable"].as_array().unwrap();
    assert_eq!(bad.len(), 2);
    assert_eq!(bad[0]["file"], path.to_str().unwrap());
    assert_eq!(bad[0]["offset"], garbled_at);
    assert!(bad[0]["error"].as_str().unwrap().starts_with("garbled"));
    assert_eq!(bad[1]["offset"], truncated_at);
    assert_eq!(bad[1]["error"], "truncated inside the header section");
    assert_eq!(people(&db).len(), 2);

    // The text summary names the file and the byte offset too.
    let out = Command::new(BIN)
        .args(["import", "--dry-run", "--db"])
        .arg(&db)
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "unreadable: {} at byte {garbled_at}: garbled",
            path.display()
        )),
        "{text}"
    );
}

#[test]
fn maildir_import_takes_the_envelope_recipient_from_delivery_headers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let md = dir.path().join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(md.join(sub)).unwrap();
    }
    // Forwarding rewrote the report's recipient; the VERP return path names the real one.
    let mut verp = b"Delivered-To: bounces+real=example.com@bounce.test\r\n".to_vec();
    verp.extend(dsn(
        "forwarded@elsewhere.test",
        "5.1.1",
        "550 5.1.1 no such user",
        "v1",
    ));
    std::fs::write(md.join("new/1700000000.1.host"), msg(verp)).unwrap();
    std::fs::write(
        md.join("cur/1700000001.2.host:2,S"),
        msg(dsn(
            "block@example.com",
            "5.7.1",
            "554 5.7.1 blocked as spam",
            "v2",
        )),
    )
    .unwrap();
    // Still being delivered: not read.
    std::fs::write(md.join("tmp/1700000002.3.host"), b"partial").unwrap();
    std::fs::write(md.join("dovecot-uidlist"), b"3 V1 N4\n").unwrap();

    let summary = import(&db, &[md.to_str().unwrap()], true);
    assert_eq!(summary["read"], 2);
    assert_eq!(summary["applied"], 2);
    assert_eq!(
        people(&db),
        [
            ("block@example.com".into(), 0, 1, 0, 0),
            ("real@example.com".into(), 1, 0, 0, 0),
        ]
    );
    assert_eq!(
        db_count(
            &db,
            "SELECT count(*) FROM events WHERE email = 'real@example.com' AND trust = 'unsigned' \
             AND final_recipient = 'forwarded@elsewhere.test'"
        ),
        1
    );
    assert_eq!(
        db_count(&db, "SELECT count(*) FROM messages WHERE peer = 'import'"),
        2
    );
    let again = import(&db, &[md.to_str().unwrap()], true);
    assert_eq!(again["duplicates"], 2);
}

#[test]
fn dry_run_a_wrong_path_and_a_foreign_file_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let mbox = dir.path().join("mbox");
    std::fs::write(
        &mbox,
        mboxrd(&[msg(dsn("x@example.com", "5.1.1", "550 5.1.1 no", "d1"))]),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["import", "--db"])
        .arg(&db)
        .arg(dir.path().join("typo"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("typo: no such file or directory"));
    assert!(!db.exists(), "no database created for a wrong path");
    // Another application's SQLite file is refused and left as it was.
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE notes (text TEXT)")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let out = Command::new(BIN)
        .args(["import", "--db"])
        .arg(&foreign)
        .arg(&mbox)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a bounced database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
    let summary = import(&db, &["--dry-run", mbox.to_str().unwrap()], true);
    assert_eq!(summary["dry_run"], true);
    assert_eq!(summary["applied"], 1);
    assert!(!db.exists());
    import(&db, &[mbox.to_str().unwrap()], true);
    let summary = import(&db, &["--dry-run", mbox.to_str().unwrap()], true);
    assert_eq!(summary["duplicates"], 1);
    assert_eq!(summary["applied"], 0);
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "needs ../shared/corpus")]
fn corpus_mbox_imports_its_37_messages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bounced.db");
    let summary = import(&db, &["../shared/corpus/mbox/mbox-0"], true);
    assert_eq!(summary["read"], 37);
    assert_eq!(summary["unreadable"].as_array().unwrap().len(), 0);
    assert_eq!(db_count(&db, "SELECT count(*) FROM messages"), 37);
    let again = import(&db, &["../shared/corpus/mbox/mbox-0"], true);
    assert_eq!(again["duplicates"], 37);
}

#[test]
fn import_next_to_a_serving_daemon_loses_nothing() {
    let d = common::Daemon::start("", "");
    let messages: Vec<Vec<u8>> = (0..300)
        .map(|i| {
            msg(dsn(
                &format!("imported{i}@example.com"),
                "5.1.1",
                "550 5.1.1 user unknown",
                &format!("i{i}"),
            ))
        })
        .collect();
    let mbox = d.dir.path().join("big.mbox");
    std::fs::write(&mbox, mboxrd(&messages)).unwrap();
    let db = d.db.clone();
    let importer = std::thread::spawn(move || import(&db, &[mbox.to_str().unwrap()], true));
    for i in 0..20 {
        let body = dsn(
            &format!("live{i}@example.com"),
            "5.1.1",
            "550 5.1.1 user unknown",
            &format!("l{i}"),
        );
        assert_eq!(d.send(None, &["bounces@bounce.test"], &body).unwrap(), 250);
    }
    let summary = importer.join().unwrap();
    assert_eq!(summary["applied"], 300);
    assert_eq!(summary["failed"], 0);
    assert_eq!(d.count("SELECT count(*) FROM messages"), 320);
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email_invalid = 1"),
        320
    );
}
