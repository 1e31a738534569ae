//! What the daemon logs: JSON with structured values, the null sender as `<>`, and a session
//! that ends with QUIT logged as such.

mod common;

use common::{dsn, Daemon};
use serde_json::Value;

#[test]
fn json_logs_carry_structured_values() {
    let mut d = Daemon::start_with_sections(
        "domains = [\"bounce.test\"]",
        "",
        "[log]\nformat = \"json\"\n",
    );
    let body = dsn("a@example.com", "5.1.1", "550 5.1.1 user unknown", "j1");
    assert_eq!(d.send(None, &["bounces@bounce.test"], &body).unwrap(), 250);
    assert!(d.sigterm().success());
    let log = d.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let find = |message: &str| {
        lines
            .iter()
            .find(|l| l["message"] == message)
            .unwrap_or_else(|| panic!("no {message:?} in\n{log}"))
    };
    let ready = find("bounced ready");
    assert!(ready["listen"].is_array(), "{ready}");
    assert_eq!(ready["domains"], serde_json::json!(["bounce.test"]));
    assert_eq!(ready["metrics"], Value::Null);
    assert_eq!(ready["verp"], "accept");

    let stored = find("message stored");
    assert_eq!(stored["from"], "<>");
    assert_eq!(stored["rcpt"], serde_json::json!(["bounces@bounce.test"]));
    assert!(stored["size"].is_u64() && stored["id"].is_i64(), "{stored}");
    assert_eq!(
        stored["changes"],
        serde_json::json!(["a@example.com:email_invalid=1"])
    );
    assert!(stored["span"]["peer"].is_string(), "{stored}");

    // lettre ends its session with QUIT (the harness's readiness probe just disconnects).
    let closed = lines
        .iter()
        .find(|l| l["message"] == "connection closed" && l["accepted"] == 1)
        .unwrap_or_else(|| panic!("no session with a message in\n{log}"));
    assert_eq!(closed["end"], "quit", "{closed}");
}

#[test]
fn text_logs_show_the_null_sender_as_angle_brackets() {
    let mut d = Daemon::start("", "");
    let body = dsn("b@example.com", "5.1.1", "550 5.1.1 user unknown", "t1");
    assert_eq!(d.send(None, &["bounces@bounce.test"], &body).unwrap(), 250);
    assert!(d.sigterm().success());
    let log = d.log();
    assert!(log.contains("from=<>"), "{log}");
    assert!(log.contains(r#"rcpt=["bounces@bounce.test"]"#), "{log}");
    assert!(
        log.contains("end=\"quit\"") || log.contains("end=quit"),
        "{log}"
    );
    assert!(!log.contains("closed by server"), "{log}");
}
