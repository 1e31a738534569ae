//! Reports sent over SMTP end up in `people` and `events`, and the CLI verbs read them back.

mod common;

use std::process::Command;

use common::{arf, autoreply, cli, dsn, dsn_report, dsn_report_at, json_lines, Daemon, BIN};
use serde_json::Value;

fn person(d: &Daemon, email: &str) -> Value {
    serde_json::from_str(&cli(d, &["person", email, "--json"])).unwrap()
}

const TO: &[&str] = &["bounces@bounce.test"];

#[test]
fn each_kind_of_report_changes_the_right_fields() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let sends: Vec<Vec<u8>> = vec![
        dsn(
            "hard@example.com",
            "5.1.1",
            "550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown",
            "h1",
        ),
        dsn(
            "block@example.com",
            "5.7.1",
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
            "b1",
        ),
        dsn("soft@example.com", "5.2.2", "552 5.2.2 Mailbox full", "s1"),
        arf("complainer@example.com", "a1"),
        autoreply("away@example.com", "o1"),
        dsn_report(
            &[(
                "late@example.com",
                "delayed",
                "4.4.1",
                "Connection timed out",
            )],
            "d1",
        ),
        dsn_report(
            &[
                (
                    "m1@example.com",
                    "failed",
                    "5.1.1",
                    "550 5.1.1 user unknown",
                ),
                (
                    "m2@example.com",
                    "failed",
                    "5.2.2",
                    "552 5.2.2 mailbox full",
                ),
            ],
            "mm",
        ),
    ];
    for body in &sends {
        assert_eq!(d.send(None, TO, body).unwrap(), 250);
    }
    // A byte-identical copy is acknowledged and applied once.
    assert_eq!(d.send(None, TO, &sends[2]).unwrap(), 250);

    let category = |email: &str| -> String {
        d.db()
            .query_row(
                "SELECT group_concat(category) FROM events WHERE email = ?1",
                [email],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(category("hard@example.com"), "hard");
    assert_eq!(category("block@example.com"), "block");
    assert_eq!(category("soft@example.com"), "soft");
    assert_eq!(category("complainer@example.com"), "complaint");
    assert_eq!(category("away@example.com"), "autoreply");
    assert_eq!(category("late@example.com"), "delay");
    assert_eq!(category("m1@example.com"), "hard");
    assert_eq!(category("m2@example.com"), "soft");
    assert_eq!(d.count("SELECT count(*) FROM events"), 8);

    // The five Marketo fields, through SQL.
    let row = |email: &str| -> (i64, String, i64, String, Option<String>, i64, i64) {
        d.db()
            .query_row(
                "SELECT email_invalid, email_invalid_cause, email_suspended, email_suspended_cause,
                        email_suspended_at, unsubscribed, soft_bounce_count FROM people WHERE email = ?1",
                [email],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
            )
            .unwrap()
    };
    let hard = row("hard@example.com");
    assert_eq!((hard.0, hard.2), (1, 0));
    assert!(hard.1.contains("User unknown"), "{}", hard.1);
    let block = row("block@example.com");
    assert_eq!((block.0, block.2), (0, 1));
    assert!(block.3.contains("spamhaus"), "{}", block.3);
    assert!(block.4.is_some());
    assert_eq!(row("soft@example.com").6, 1);
    assert_eq!(row("complainer@example.com").5, 1);
    assert_eq!(
        row("away@example.com"),
        (0, String::new(), 0, String::new(), None, 0, 0)
    );
    assert_eq!(
        row("late@example.com"),
        (0, String::new(), 0, String::new(), None, 0, 0)
    );
    assert_eq!(row("m1@example.com").0, 1);
    assert_eq!(row("m2@example.com").6, 1);

    // "May I send to X?" straight from sqlite.
    let mailable = |email: &str| -> i64 {
        d.db()
            .query_row(
                "SELECT mailable FROM mailability WHERE email = ?1",
                [email],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(mailable("hard@example.com"), 0);
    assert_eq!(mailable("block@example.com"), 0);
    assert_eq!(mailable("soft@example.com"), 1);
    assert_eq!(mailable("complainer@example.com"), 0);
    assert_eq!(mailable("away@example.com"), 1);

    // The same through the CLI.
    let p = person(&d, "Block@Example.com");
    assert_eq!(p["mailable"], false);
    assert_eq!(p["email_suspended"], true);
    assert!(p["until"].as_str().unwrap() > p["email_suspended_at"].as_str().unwrap());
    assert_eq!(p["events"].as_array().unwrap().len(), 1);
    let never = person(&d, "stranger@example.com");
    assert_eq!(
        (never["known"].clone(), never["mailable"].clone()),
        (Value::Bool(false), Value::Bool(true))
    );

    let invalid = cli(&d, &["list", "--invalid", "--csv"]);
    let mut lines: Vec<&str> = invalid.lines().collect();
    assert_eq!(lines.remove(0), "email,since,until,why");
    let emails: Vec<&str> = lines.iter().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(emails, ["hard@example.com", "m1@example.com"]);
    let suspended = json_lines(&cli(&d, &["list", "--suspended", "--json"]));
    assert_eq!(suspended.len(), 1);
    assert_eq!(suspended[0]["email"], "block@example.com");
    let unsub = json_lines(&cli(&d, &["list", "--unsubscribed", "--json"]));
    assert_eq!(unsub[0]["email"], "complainer@example.com");
    let unmailable = json_lines(&cli(
        &d,
        &["list", "--unmailable", "--json", "--since", "1d"],
    ));
    let mut emails: Vec<&str> = unmailable
        .iter()
        .map(|j| j["email"].as_str().unwrap())
        .collect();
    emails.sort();
    assert_eq!(
        emails,
        [
            "block@example.com",
            "complainer@example.com",
            "hard@example.com",
            "m1@example.com"
        ]
    );

    let stats = json_lines(&cli(&d, &["stats", "--json"]));
    let hard_events: i64 = stats
        .iter()
        .filter(|s| s["category"] == "hard")
        .map(|s| s["events"].as_i64().unwrap())
        .sum();
    assert_eq!(hard_events, 2);

    let export = cli(&d, &["export", "--format", "csv"]);
    assert_eq!(export.lines().count(), 1 + 8);
    assert!(export
        .lines()
        .next()
        .unwrap()
        .starts_with("email,email_invalid,email_invalid_cause"));
    assert_eq!(
        json_lines(&cli(&d, &["export", "--format", "jsonl"])).len(),
        8
    );
    let array: Value = serde_json::from_str(&cli(&d, &["export", "--format", "json"])).unwrap();
    assert_eq!(array.as_array().map(Vec::len), Some(8));
    // Trust is the events' own word, never one the database does not use.
    assert!(stats.iter().all(
        |s| ["verified", "unsigned", "report", "unverified", "manual"]
            .contains(&s["trust"].as_str().unwrap())
    ));

    // Manual repair: recorded with who and why, and the person is mailable again.
    let out = cli(
        &d,
        &[
            "reset",
            "hard@example.com",
            "--invalid",
            "--reason",
            "confirmed by phone",
        ],
    );
    assert!(out.contains("email_invalid=0"), "{out}");
    let p = person(&d, "hard@example.com");
    assert_eq!(p["mailable"], true);
    assert_eq!(p["events"][0]["kind"], "manual");
    assert_eq!(p["events"][0]["diagnostic"], "confirmed by phone");
    // A reset needs a reason and something to reset.
    let out = Command::new(BIN)
        .args(["reset", "hard@example.com", "--reason", "x", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn verp_envelope_names_the_person_over_a_forwarded_final_recipient() {
    let d = Daemon::start("", "");
    let body = dsn(
        "alice@forwarded.example",
        "5.1.1",
        "550 5.1.1 user unknown",
        "v1",
    );
    assert_eq!(
        d.send(None, &["bounces+alice=example.com@bounce.test"], &body)
            .unwrap(),
        250
    );
    let (email, final_rcpt, trust): (String, String, String) = d
        .db()
        .query_row(
            "SELECT email, final_recipient, trust FROM events",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(email, "alice@example.com");
    assert_eq!(final_rcpt, "alice@forwarded.example");
    assert_eq!(trust, "unsigned");
    assert_eq!(
        d.count("SELECT count(*) FROM people WHERE email = 'alice@forwarded.example'"),
        0
    );
}

#[test]
fn out_of_order_blocks_keep_the_newest() {
    let d = Daemon::start("", "");
    let block = |date: &str, text: &str, id: &str| {
        dsn_report_at(
            &[("olga@example.com", "failed", "5.7.1", text)],
            id,
            date,
            date,
        )
    };
    let now = chrono::Utc::now();
    let newer = now - chrono::Duration::hours(1);
    let older = now - chrono::Duration::hours(5);
    assert_eq!(
        d.send(
            None,
            TO,
            &block(
                &newer.to_rfc2822(),
                "554 5.7.1 Message rejected as spam (newer)",
                "n"
            )
        )
        .unwrap(),
        250
    );
    assert_eq!(
        d.send(
            None,
            TO,
            &block(
                &older.to_rfc2822(),
                "554 5.7.1 Message rejected as spam (older)",
                "o"
            )
        )
        .unwrap(),
        250
    );
    let cause: String = d
        .db()
        .query_row(
            "SELECT email_suspended_cause FROM people WHERE email = 'olga@example.com'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let events: String = d
        .db()
        .query_row(
            "SELECT group_concat(category || ' ' || at || ' ' || changed, '; ') FROM events",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(cause.contains("newer"), "{cause} / {events}");
    assert_eq!(
        d.count("SELECT count(*) FROM events WHERE email = 'olga@example.com'"),
        2
    );
}
