//! Signed VERP over SMTP: in `require` mode only a bounce to a correctly signed return path
//! changes a person; forgeries are stored, counted as unverified, and change nothing.

mod common;

use std::process::Command;

use common::{arf, dsn, Daemon, BIN};

/// Starts a daemon in require mode with a secret (in the returned directory, which must live).
fn daemon() -> (Daemon, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("verp.secret");
    std::fs::write(
        &secret,
        "# newest first\nthe current secret, 32 bytes long\n",
    )
    .unwrap();
    let d = Daemon::start_with_sections(
        "domains = [\"bounce.test\"]",
        "",
        &format!(
            "[verp]\nmode = \"require\"\nsecret_file = \"{}\"\n",
            secret.display()
        ),
    );
    (d, dir)
}

fn encode(d: &Daemon, email: &str) -> String {
    let out = Command::new(BIN)
        .args(["verp", "--config"])
        .arg(&d.config)
        .args(["encode", email])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A DSN as an MTA writes it to `return_path` (its To: header names the return path).
fn dsn_to(return_path: &str, rcpt: &str, status: &str, text: &str, id: &str) -> Vec<u8> {
    String::from_utf8(dsn(rcpt, status, text, id))
        .unwrap()
        .replace("To: bounces@bounce.test", &format!("To: {return_path}"))
        .into_bytes()
}

fn invalid(d: &Daemon, email: &str) -> i64 {
    d.db()
        .query_row(
            "SELECT coalesce(max(email_invalid), 0) FROM people WHERE email = ?1",
            [email],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn forged_bounce_changes_nothing_signed_one_does() {
    let (d, _secret) = daemon();
    let alice = "alice@example.com";
    let signed = encode(&d, alice);
    assert!(
        signed.starts_with("bounces+") && signed.ends_with("+alice=example.com@bounce.test"),
        "{signed}"
    );

    // Alice becomes a known person through a genuine soft bounce.
    let soft = dsn_to(&signed, alice, "4.2.2", "452 4.2.2 mailbox full", "s1");
    assert_eq!(d.send(None, &[&signed], &soft).unwrap(), 250);
    assert_eq!(
        d.count("SELECT soft_bounce_count FROM people WHERE email = 'alice@example.com'"),
        1
    );

    // Forgeries: a made-up tag, and the plain bounce address. Both are accepted and stored...
    let forged_tag = "bounces+aaaaaaaaaaa+alice=example.com@bounce.test";
    for (i, rp) in [forged_tag, "bounces@bounce.test"].iter().enumerate() {
        let body = dsn_to(
            rp,
            alice,
            "5.1.1",
            "550 5.1.1 user unknown",
            &format!("f{i}"),
        );
        assert_eq!(d.send(None, &[rp], &body).unwrap(), 250);
    }
    // ...but change nothing, and are counted as unverified.
    assert_eq!(invalid(&d, alice), 0);
    assert_eq!(
        d.count("SELECT count(*) FROM events WHERE trust = 'unverified'"),
        2
    );
    assert_eq!(
        d.count("SELECT count(*) FROM events WHERE trust = 'unverified' AND changed <> ''"),
        0
    );
    let errors: String = d
        .db()
        .query_row(
            "SELECT group_concat(parse_error, ' | ') FROM messages WHERE parse_error IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(errors.contains("tag does not match"), "{errors}");
    let stats = Command::new(BIN)
        .args(["stats", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    let stats = String::from_utf8_lossy(&stats.stdout);
    assert!(stats.contains("2 unverified"), "{stats}");

    // A forgery about someone never seen creates no person.
    let body = dsn_to(
        forged_tag,
        "mallory-target@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "f9",
    );
    assert_eq!(d.send(None, &["bounces@bounce.test"], &body).unwrap(), 250);
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email = 'mallory-target@example.com'"),
        0
    );

    // The same failure reported to the signed return path marks her.
    let genuine = dsn_to(&signed, alice, "5.1.1", "550 5.1.1 user unknown", "f0");
    assert_eq!(d.send(None, &[&signed], &genuine).unwrap(), 250);
    assert_eq!(invalid(&d, alice), 1);
    let trust: String = d
        .db()
        .query_row(
            "SELECT trust FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trust, "verified");
}

#[test]
fn case_folded_return_path_still_verifies() {
    let (d, _secret) = daemon();
    let signed = encode(&d, "bob@example.com");
    let upper = signed.to_uppercase();
    let body = dsn_to(
        &upper,
        "bob@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "u1",
    );
    assert_eq!(d.send(None, &[&upper], &body).unwrap(), 250);
    assert_eq!(invalid(&d, "bob@example.com"), 1);
}

#[test]
fn decode_exits_non_zero_for_a_bad_tag() {
    let (d, _secret) = daemon();
    let signed = encode(&d, "carol@example.com");
    let ok = Command::new(BIN)
        .args(["verp", "--config"])
        .arg(&d.config)
        .args(["decode", &signed])
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).trim(),
        "carol@example.com\tverified"
    );
    let bad = signed.replace("carol", "carl");
    let out = Command::new(BIN)
        .args(["verp", "--config"])
        .arg(&d.config)
        .args(["decode", &bad])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("not verified"));
}

#[test]
fn sighup_applies_a_new_secret_file_and_says_so() {
    let (d, secret_dir) = daemon();
    let old_signed = encode(&d, "dave@example.com");
    let erin_old = encode(&d, "erin@example.com");
    // Rotate: the config now names another file, with another secret.
    let new_secret = secret_dir.path().join("verp.secret.new");
    std::fs::write(&new_secret, "the rotated secret, 32 bytes long\n").unwrap();
    let old_secret = secret_dir.path().join("verp.secret");
    let config = std::fs::read_to_string(&d.config).unwrap().replace(
        &old_secret.display().to_string(),
        &new_secret.display().to_string(),
    );
    std::fs::write(&d.config, config).unwrap();
    assert!(Command::new("kill")
        .args(["-HUP", &d.child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !d.log().contains("verp.secret_file") {
        assert!(std::time::Instant::now() < deadline, "{}", d.log());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let log = d.log();
    let line = log
        .lines()
        .find(|l| l.contains("verp.secret_file"))
        .unwrap();
    assert!(
        line.contains("applied") && !line.contains("restart"),
        "{line}"
    );

    // The new secret verifies...
    let new_signed = encode(&d, "dave@example.com");
    assert_ne!(new_signed, old_signed);
    let body = dsn_to(
        &new_signed,
        "dave@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "r1",
    );
    assert_eq!(d.send(None, &[&new_signed], &body).unwrap(), 250);
    assert_eq!(invalid(&d, "dave@example.com"), 1);
    // ...and the old one, no longer listed, does not.
    let body = dsn_to(
        &erin_old,
        "erin@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "r2",
    );
    assert_eq!(d.send(None, &[&erin_old], &body).unwrap(), 250);
    assert_eq!(invalid(&d, "erin@example.com"), 0);
}

/// A complaint loop's report (RFC 5965) as a provider sends it to its registered address, with
/// the recipient redacted (RFC 6590) and our return path in Original-Mail-From.
fn redacted_complaint(return_path: &str) -> Vec<u8> {
    String::from_utf8(arf("xxxxxxxx@example.com", "redacted"))
        .unwrap()
        .replace(
            "Original-Mail-From: <bounces@bounce.test>",
            &format!("Original-Mail-From: <{return_path}>"),
        )
        .into_bytes()
}

#[test]
fn a_redacted_complaint_reaches_the_person_its_return_path_names() {
    let (d, _secret) = daemon();
    let signed = encode(&d, "dana@example.com");
    assert_eq!(
        d.send(None, &["fbl@bounce.test"], &redacted_complaint(&signed))
            .unwrap(),
        250
    );
    assert_eq!(
        d.count("SELECT unsubscribed FROM people WHERE email = 'dana@example.com'"),
        1
    );
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email LIKE 'xxxxxxxx%'"),
        0
    );
    // a forged return path in the report is no proof: recorded, changes nobody
    let forged = signed.replace("dana", "dora");
    let body = redacted_complaint(&forged);
    assert_eq!(d.send(None, &["fbl@bounce.test"], &body).unwrap(), 250);
    assert_eq!(
        d.count(
            "SELECT count(*) FROM people WHERE email = 'dora@example.com' AND unsubscribed = 1"
        ),
        0
    );
}
