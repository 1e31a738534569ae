//! Every verdict names the rule that decided it (issue 10): a report sent over SMTP stores the
//! rule id in `events.rule`, `bounced person` and `bounced stats --by-rule` show it, and
//! `bounced classify --explain` prints the same rule with its evidence and source.

mod common;

use std::process::Command;

use common::{dsn, Daemon, BIN};
use serde_json::Value;

fn cli(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "bounced {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const TO: &[&str] = &["bounces@bounce.test"];

#[test]
fn stored_rule_matches_the_explanation() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let db = d.db.to_string_lossy().into_owned();
    let hard = dsn(
        "gone@example.com",
        "5.1.1",
        "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown",
        "e1",
    );
    let full = dsn("full@example.com", "5.0.0", "552 Mailbox is full", "e2");
    for body in [&hard, &full] {
        assert_eq!(d.send(None, TO, body).unwrap(), 250);
    }

    let stored = |email: &str| -> String {
        d.db()
            .query_row("SELECT rule FROM events WHERE email = ?1", [email], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(stored("gone@example.com"), "diagnostic:user unknown");
    assert_eq!(stored("full@example.com"), "diagnostic:mailbox is full");

    // `person` shows why the address was marked invalid.
    let person: Value =
        serde_json::from_str(&cli(&["person", "gone@example.com", "--json", "--db", &db])).unwrap();
    assert_eq!(person["email_invalid"], true);
    assert_eq!(person["events"][0]["rule"], "diagnostic:user unknown");
    assert!(cli(&["person", "gone@example.com", "--db", &db]).contains("diagnostic:user unknown"));

    // `stats --by-rule` counts by it.
    let stats = cli(&["stats", "--by-rule", "--json", "--db", &db]);
    let rules: Vec<String> = stats
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["rule"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(
        rules.contains(&"diagnostic:user unknown".to_owned()),
        "{stats}"
    );

    // The same message, explained without a database.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hard.eml");
    std::fs::write(&file, &hard).unwrap();
    let file = file.to_string_lossy().into_owned();
    let explained = cli(&["classify", "--explain", &file]);
    assert!(
        explained.contains("gone@example.com: failed userunknown (hard)"),
        "{explained}"
    );
    assert!(
        explained.contains("rule:     diagnostic:user unknown"),
        "{explained}"
    );
    assert!(
        explained.contains("evidence: \"user unknown\" in the diagnostic"),
        "{explained}"
    );
    assert!(
        explained.contains("source:   RFC 3463 §3.2 X.1.1"),
        "{explained}"
    );
    let json: Value = serde_json::from_str(cli(&["classify", "--json", &file]).trim()).unwrap();
    assert_eq!(json["rule"], "diagnostic:user unknown");
}
