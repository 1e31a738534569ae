//! The read API against the real daemon: the CLI's answers, over HTTP, only with the token.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;

use common::{cli, dsn, free_port, Daemon, BIN};
use serde_json::Value;

const TOKEN: &str = "t0ken-for-tests";

fn start() -> (Daemon, String) {
    let keys = tempfile::tempdir().unwrap();
    let token = keys.path().join("api.token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    let d = Daemon::start_with_sections(
        "",
        "",
        &format!(
            "[api]\nlisten = \"{addr}\"\ntoken_file = \"{}\"\n",
            token.display()
        ),
    );
    // The token file was read at startup; the directory may go.
    drop(keys);
    (d, addr)
}

/// One request; (status, body as JSON).
fn http(addr: &str, method: &str, target: &str, token: Option<&str>, body: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: api\r\n{auth}Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1;
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn bounce(d: &Daemon, rcpt: &str, status: &str, id: &str) {
    let body = dsn(rcpt, status, &format!("550 {status} no"), id);
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
}

#[test]
fn answers_the_three_questions_with_the_cli_data() {
    let (d, addr) = start();
    bounce(&d, "ann@example.com", "5.1.1", "a1");
    bounce(&d, "bob@example.com", "5.1.1", "a2");
    bounce(&d, "cyd@example.com", "5.1.1", "a3");

    let (status, person) = http(
        &addr,
        "GET",
        "/v1/people/Ann%40example.com",
        Some(TOKEN),
        "",
    );
    assert_eq!(status, 200, "{person}");
    let from_cli: Value =
        serde_json::from_str(&cli(&d, &["person", "ann@example.com", "--json"])).unwrap();
    for (key, value) in person.as_object().unwrap() {
        assert_eq!(&from_cli[key], value, "{key}");
    }
    assert_eq!(person["mailable"], false);
    let (_, nobody) = http(&addr, "GET", "/v1/people/new@example.com", Some(TOKEN), "");
    assert_eq!(
        (nobody["known"].clone(), nobody["mailable"].clone()),
        (false.into(), true.into())
    );

    // Two pages of two, then the end; the same people as `list --unmailable --json`.
    let (status, first) = http(&addr, "GET", "/v1/suppressions?limit=2", Some(TOKEN), "");
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_after"], "bob@example.com");
    let (_, second) = http(
        &addr,
        "GET",
        "/v1/suppressions?limit=2&after=bob%40example.com",
        Some(TOKEN),
        "",
    );
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_after"], Value::Null);
    let listed: Vec<Value> = cli(&d, &["list", "--unmailable", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut paged = first["items"].as_array().unwrap().clone();
    paged.extend(second["items"].as_array().unwrap().iter().cloned());
    assert_eq!(paged, listed);
    let (_, later) = http(
        &addr,
        "GET",
        "/v1/suppressions?since=2999-01-01",
        Some(TOKEN),
        "",
    );
    assert_eq!(later["items"], serde_json::json!([]));

    let (status, m) = http(
        &addr,
        "POST",
        "/v1/mailable",
        Some(TOKEN),
        r#"["bob@example.com", "new@example.com", "not an address"]"#,
    );
    assert_eq!(status, 200, "{m}");
    let answers: Vec<(String, bool)> = m["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap().to_string(),
                r["mailable"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("bob@example.com".to_string(), false),
            ("new@example.com".to_string(), true),
            ("not an address".to_string(), false)
        ]
    );
    assert!(m["results"][0]["why"]
        .as_str()
        .unwrap()
        .starts_with("invalid"));
}

#[test]
fn a_wrong_or_missing_token_gets_401_and_no_data() {
    let (d, addr) = start();
    bounce(&d, "dan@example.com", "5.1.1", "b1");
    for token in [None, Some("wrong"), Some("t0ken-for-test")] {
        for (method, target, body) in [
            ("GET", "/v1/people/dan%40example.com", ""),
            ("GET", "/v1/suppressions", ""),
            ("POST", "/v1/mailable", r#"["dan@example.com"]"#),
        ] {
            let (status, answer) = http(&addr, method, target, token, body);
            assert_eq!(status, 401, "{method} {target} with {token:?}");
            assert!(!answer.to_string().contains("dan@"), "{answer}");
        }
    }
    let (status, _) = http(&addr, "GET", "/v1/nothing", Some(TOKEN), "");
    assert_eq!(status, 404);
}

#[test]
fn check_config_names_a_missing_token_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        "[api]\nlisten = \"127.0.0.1:9126\"\ntoken_file = \"secrets/api.token\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["check-config", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("api.token_file") && err.contains("secrets/api.token"),
        "{err}"
    );
}
