//! The command-line contract: output formats, address checks, exit codes, and a closed stdout.

mod common;

use std::net::TcpListener;
use std::process::{Command, Output, Stdio};

use common::{arf, cli, dsn, json_lines, Daemon, BIN};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

const TO: &[&str] = &["bounces@bounce.test"];

#[test]
fn addresses_are_checked() {
    let d = Daemon::start("", "");
    let long_local = format!("{}@example.com", "a".repeat(65));
    for (bad, why) in [
        ("not-an-email", "no @"),
        ("a b@example.com", "local part"),
        ("a@exa mple.com", "domain"),
        (long_local.as_str(), "64"),
    ] {
        let person: &[&str] = &["person", bad];
        let reset: &[&str] = &["reset", bad, "--all", "--reason", "test"];
        for args in [person, reset] {
            let out = Command::new(BIN)
                .args(args)
                .arg("--db")
                .arg(&d.db)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains(why), "{args:?}: {stderr}");
        }
    }
    // A 64-octet local part is within the limit.
    let ok = format!("{}@example.com", "a".repeat(64));
    cli(&d, &["person", &ok]);
}

#[test]
fn export_formats_and_since() {
    let d = Daemon::start("", "");
    // Nobody yet: an empty array, a CSV header, no JSON Lines.
    assert_eq!(cli(&d, &["export", "--format", "json"]).trim(), "[]");
    let csv = cli(&d, &["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1);
    assert!(csv.starts_with("email,email_invalid,"), "{csv}");
    assert_eq!(cli(&d, &["export", "--format", "jsonl"]), "");

    for (i, who) in ["a@example.com", "b@example.com"].iter().enumerate() {
        let body = dsn(who, "5.1.1", "550 5.1.1 user unknown", &format!("e{i}"));
        assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    }
    let array: Value = serde_json::from_str(&cli(&d, &["export", "--format", "json"])).unwrap();
    let emails: Vec<&str> = array
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["a@example.com", "b@example.com"]);
    assert_eq!(
        json_lines(&cli(&d, &["export", "--format", "jsonl"])).len(),
        2
    );
    // --since: rows changed since then; none changed in the future.
    assert_eq!(
        json_lines(&cli(&d, &["export", "--format", "jsonl", "--since", "1h"])).len(),
        2
    );
    assert_eq!(
        cli(&d, &["export", "--format", "json", "--since", "2999-01-01"]).trim(),
        "[]"
    );
    assert_eq!(
        json_lines(&cli(
            &d,
            &["list", "--invalid", "--json", "--since", "2999-01-01"]
        ))
        .len(),
        0
    );
}

/// Runs `bounced ARGS` with stdout a pipe whose reader is already gone.
fn with_closed_stdout(args: &[String]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(BIN)
        .args(args)
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn closed_stdout_is_not_an_error() {
    let d = Daemon::start("", "");
    let body = dsn("a@example.com", "5.1.1", "550 5.1.1 user unknown", "p1");
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    let db = d.db.display().to_string();
    let sample = d.dir.path().join("sample.eml");
    std::fs::write(&sample, &body).unwrap();
    let sample = sample.display().to_string();
    let verbs: Vec<Vec<&str>> = vec![
        vec!["export", "--format", "csv", "--db", &db],
        vec!["export", "--format", "jsonl", "--db", &db],
        vec!["export", "--format", "json", "--db", &db],
        vec!["list", "--unmailable", "--db", &db],
        vec!["list", "--unmailable", "--json", "--db", &db],
        vec!["list", "--unmailable", "--csv", "--db", &db],
        vec!["person", "a@example.com", "--db", &db],
        vec!["person", "a@example.com", "--json", "--db", &db],
        vec!["stats", "--db", &db],
        vec!["stats", "--json", "--db", &db],
        vec!["messages", "--db", &db],
        vec!["messages", "--json", "--db", &db],
        vec!["message", "1", "--db", &db],
        vec!["message", "1", "--raw", "--db", &db],
        vec!["check-db", "--db", &db],
        vec!["classify", &sample],
        vec!["classify", "--json", &sample],
        vec!["reasons"],
        vec!["reasons", "--json"],
        vec!["verp", "encode", "--domain", "bounce.test", "a@example.com"],
        vec!["check-config"],
        vec!["completions", "bash"],
        vec!["man"],
        vec![
            "reset",
            "a@example.com",
            "--soft-count",
            "--reason",
            "pipe test",
            "--db",
            &db,
        ],
    ];
    for args in verbs {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let out = with_closed_stdout(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "bounced {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty() || args[0] == "verp", "{args:?}");
    }
}

#[test]
fn messages_to_postmaster_and_unreadable_ones_can_be_read() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let note = b"From: someone@example.net\r\nTo: postmaster@bounce.test\r\nSubject: Hello\r\n\r\nPlease stop mailing me.";
    assert_eq!(
        d.send(
            Some("someone@example.net"),
            &["postmaster@bounce.test"],
            note
        )
        .unwrap(),
        250
    );
    let bounce = dsn("a@example.com", "5.1.1", "550 5.1.1 user unknown", "m1");
    assert_eq!(d.send(None, TO, &bounce).unwrap(), 250);

    let all = json_lines(&cli(&d, &["messages", "--json"]));
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["id"], 2, "newest first");
    let postmaster = json_lines(&cli(&d, &["messages", "--postmaster", "--json"]));
    assert_eq!(postmaster.len(), 1);
    assert_eq!(
        postmaster[0]["rcpt_to"],
        serde_json::json!(["postmaster@bounce.test"])
    );
    assert_eq!(postmaster[0]["mail_from"], "someone@example.net");
    let unparsed = json_lines(&cli(&d, &["messages", "--unparsed", "--json"]));
    assert_eq!(unparsed.len(), 1);
    assert!(unparsed[0]["parse_error"]
        .as_str()
        .unwrap()
        .contains("not a bounce"));
    let id = postmaster[0]["id"].to_string();

    let raw = cli(&d, &["message", &id, "--raw"]);
    assert!(raw.contains("Please stop mailing me."), "{raw}");
    let shown = cli(&d, &["message", &id]);
    assert!(shown.contains("<someone@example.net>"), "{shown}");
    assert!(shown.contains("not a bounce"), "{shown}");
    let one: Value = serde_json::from_str(&cli(&d, &["message", "2", "--json"])).unwrap();
    assert_eq!(one["mail_from"], "");
    assert_eq!(one["events"][0]["email"], "a@example.com");
    let table = cli(&d, &["messages"]);
    assert!(table.contains("<>"), "{table}");

    let missing = Command::new(BIN)
        .args(["message", "99", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such message"));
}

#[test]
fn person_is_consistent_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("verp.secret");
    std::fs::write(&secret, "a secret of at least 32 bytes long\n").unwrap();
    let d = Daemon::start_with_sections(
        "domains = [\"bounce.test\"]",
        "",
        &format!(
            "[verp]\nmode = \"require\"\nsecret_file = \"{}\"\n",
            secret.display()
        ),
    );
    // An unsigned bounce in require mode: an event, but no state.
    let body = dsn("x@example.com", "5.1.1", "550 5.1.1 user unknown", "u1");
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    let text = cli(&d, &["person", "x@example.com"]);
    assert!(!text.contains("no reports recorded"), "{text}");
    assert!(text.contains("changed nothing"), "{text}");
    assert!(text.contains("unverified"), "{text}");
    let hidden = cli(&d, &["person", "x@example.com", "--events", "0"]);
    assert!(!hidden.contains("no reports recorded"), "{hidden}");
    let never = cli(&d, &["person", "never@example.com"]);
    assert!(never.contains("no reports recorded"), "{never}");
}

#[test]
fn person_shows_invalid_time_and_feedback_type() {
    let d = Daemon::start("", "");
    let body = dsn("h@example.com", "5.1.1", "550 5.1.1 user unknown", "h1");
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    assert_eq!(d.send(None, TO, &arf("h@example.com", "c1")).unwrap(), 250);
    let j: Value = serde_json::from_str(&cli(&d, &["person", "h@example.com", "--json"])).unwrap();
    let at = j["email_invalid_at"].as_str().unwrap().to_string();
    let text = cli(&d, &["person", "h@example.com"]);
    assert!(text.contains(&format!("invalid at:        {at}")), "{text}");
    assert!(text.contains("feedback_type"), "{text}");
    assert!(text.contains("abuse"), "{text}");
    assert!(j["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["feedback_type"] == "abuse"));
}

#[test]
fn reset_names_the_user_without_user_variables() {
    let d = Daemon::start("", "");
    let body = dsn("r@example.com", "5.1.1", "550 5.1.1 user unknown", "r1");
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    let out = Command::new(BIN)
        .args([
            "reset",
            "r@example.com",
            "--invalid",
            "--reason",
            "cron job",
            "--db",
        ])
        .arg(&d.db)
        .env_remove("USER")
        .env_remove("SUDO_USER")
        .env_remove("LOGNAME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actor: String = d
        .db()
        .query_row("SELECT actor FROM events WHERE kind = 'manual'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let uid = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    let name = Command::new("id").arg("-un").output().unwrap();
    let expected = if name.status.success() {
        String::from_utf8(name.stdout).unwrap().trim().to_string()
    } else {
        format!("uid:{}", uid.trim())
    };
    assert_eq!(actor, expected);
}

#[test]
fn serve_that_cannot_bind_leaves_no_database() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let out = Command::new(BIN)
        .args(["serve", "--listen", &addr, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&addr));
    assert!(!db.exists(), "a database was left behind");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn verp_encode_without_config_and_the_64_octet_limit() {
    let out = run(&[
        "verp",
        "encode",
        "--domain",
        "bounce.test",
        "Alice@Example.com",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "bounces+alice=example.com@bounce.test"
    );
    // 40 + 1 + 11 octets embedded plus "bounces+" and "=": 61, within 64...
    let fits = format!("{}@example.com", "a".repeat(44));
    assert!(run(&["verp", "encode", "--domain", "b.test", &fits])
        .status
        .success());
    // ...one more and the return path's local part is 65 octets: refused unless allowed.
    let long = format!("{}@example.com", "a".repeat(45));
    let out = run(&["verp", "encode", "--domain", "b.test", &long]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("4.5.3.1.1") && stderr.contains("--allow-long"),
        "{stderr}"
    );
    let out = run(&[
        "verp",
        "encode",
        "--domain",
        "b.test",
        "--allow-long",
        &long,
    ]);
    assert!(out.status.success());
    let path = String::from_utf8(out.stdout).unwrap();
    assert_eq!(path.trim().rsplit_once('@').unwrap().0.len(), 65);
    // Without a domain and without a config, it says what to give.
    let out = run(&["verp", "encode", "a@example.com"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--domain"));
}

#[test]
fn reasons_lists_the_whole_taxonomy() {
    let out = run(&["reasons", "--json"]);
    assert!(out.status.success());
    let rows = json_lines(&String::from_utf8(out.stdout).unwrap());
    let find = |reason: &str, applies: &str| {
        rows.iter()
            .find(|r| r["reason"] == reason && r["applies_to"] == applies)
            .map(|r| {
                (
                    r["category"].clone(),
                    r["effect"].clone(),
                    r["hard"].clone(),
                )
            })
    };
    assert_eq!(
        find("userunknown", "5xx"),
        Some(("hard".into(), "invalid".into(), true.into()))
    );
    // an address failure on a 4xx final failure is a soft bounce too
    assert_eq!(
        find("userunknown", "4xx"),
        Some(("soft".into(), "soft".into(), false.into()))
    );
    assert_eq!(
        find("spamdetected", "5xx"),
        Some(("block".into(), "suspend".into(), false.into()))
    );
    // a block reason on a 4xx final failure is a soft bounce
    assert_eq!(
        find("spamdetected", "4xx"),
        Some(("soft".into(), "soft".into(), false.into()))
    );
    assert_eq!(
        find("notaccept", "4xx"),
        Some(("soft".into(), "soft".into(), false.into()))
    );
    assert_eq!(
        rows.len(),
        48,
        "35 reasons, the four hard and the nine block reasons twice"
    );
    // A configuration's override shows.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "[policy.effects]\nmailboxfull = \"suspend\"\n").unwrap();
    let out = run(&[
        "reasons",
        "--json",
        "--config",
        &config.display().to_string(),
    ]);
    let rows = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert!(rows
        .iter()
        .any(|r| r["reason"] == "mailboxfull" && r["effect"] == "suspend"));
}

#[test]
fn completions_and_man_page() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(script.contains("bounced") && script.contains("--allow-long"));
    let out = run(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH bounced"));
    assert!(page.contains("BOUNCED VERP ENCODE") && page.contains("allow\\-long"));
    assert_eq!(run(&["completions", "nosuchshell"]).status.code(), Some(2));
}

#[test]
fn the_example_configs_check_command_checks_it() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml.example");
    let text = std::fs::read_to_string(example).unwrap();
    let command = text
        .lines()
        .find_map(|l| l.strip_prefix("# Check a file with:"))
        .expect("the example says how to check a file");
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(
        words[..3],
        ["bounced", "check-config", "--config"],
        "{command}"
    );
    let out = run(&[words[1], words[2], example]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn tables_escape_control_characters() {
    let d = Daemon::start("", "");
    let body = dsn(
        "esc@example.com",
        "5.1.1",
        "550 5.1.1 \u{1b}[2J\u{7}user unknown",
        "x1",
    );
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    let cause: String = d
        .db()
        .query_row(
            "SELECT email_invalid_cause FROM people WHERE email = 'esc@example.com'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        cause.contains('\u{1b}'),
        "the fixture keeps its escape: {cause:?}"
    );
    for args in [
        &["person", "esc@example.com"][..],
        &["list", "--invalid"][..],
    ] {
        let text = cli(&d, args);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("\\u{1b}[2J"), "{args:?}: {text}");
    }
}

#[test]
fn closed_stderr_is_no_panic() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(BIN)
        .args(["person", "not-an-email", "--db", "/nonexistent.db"])
        .stderr(Stdio::from(writer))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn export_and_list_read_past_their_page_size() {
    let d = Daemon::start("", "");
    let body = dsn("a@example.com", "5.1.1", "550 5.1.1 user unknown", "pg");
    assert_eq!(d.send(None, TO, &body).unwrap(), 250);
    {
        let mut db = d.db();
        let tx = db.transaction().unwrap();
        for i in 0..2345 {
            tx.execute(
                "INSERT INTO people (email, email_invalid, email_invalid_at, updated_at)
                 VALUES (?1, 1, '2000-01-01T00:00:00Z', '2000-01-01T00:00:00Z')",
                [format!("p{i:04}@example.com")],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    let rows = json_lines(&cli(&d, &["export", "--format", "jsonl"]));
    let emails: Vec<&str> = rows.iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails.len(), 2346);
    assert!(emails.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
    let array: Value = serde_json::from_str(&cli(&d, &["export", "--format", "json"])).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 2346);
    assert_eq!(cli(&d, &["export"]).lines().count(), 1 + 2346);
    let invalid = json_lines(&cli(&d, &["list", "--invalid", "--json"]));
    assert_eq!(invalid.len(), 2346);
    assert_eq!(
        cli(&d, &["list", "--invalid", "--csv"]).lines().count(),
        1 + 2346
    );
    assert_eq!(cli(&d, &["list", "--invalid"]).lines().count(), 1 + 2346);
    assert_eq!(
        json_lines(&cli(&d, &["list", "--invalid", "--json", "--since", "1d"])).len(),
        1
    );
    // --since still applies on every page.
    assert_eq!(
        json_lines(&cli(&d, &["export", "--format", "jsonl", "--since", "1d"])).len(),
        1
    );
}
