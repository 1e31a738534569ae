//! Reports written to hurt: addresses that must not become people, and more recipients than
//! are read. The message is stored (it was acknowledged) and says what was left out.

mod common;

use common::{dsn_report, Daemon};

fn parse_error(d: &Daemon) -> String {
    d.db()
        .query_row(
            "SELECT coalesce(parse_error, '') FROM messages ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn hostile_final_recipients_become_no_person() {
    let d = Daemon::start("", "");
    let escape = "evil\u{1b}[31m\u{7}@example.com";
    let nul = "nul\0x@example.com";
    let long = format!("{}@example.com", "x".repeat(10_016));
    let quoted = "\"john doe\"@example.com";
    let body = dsn_report(
        &[
            (escape, "failed", "5.1.1", "550 5.1.1 user unknown"),
            (nul, "failed", "5.1.1", "550 5.1.1 user unknown"),
            (&long, "failed", "5.1.1", "550 5.1.1 user unknown"),
            (quoted, "failed", "5.1.1", "550 5.1.1 user unknown"),
            (
                "fine@example.com",
                "failed",
                "5.1.1",
                "550 5.1.1 user unknown",
            ),
        ],
        "hostile-1",
    );
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
    let people: Vec<String> = d
        .db()
        .prepare("SELECT email FROM people ORDER BY email")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(people, [quoted, "fine@example.com"], "{}", d.log());
    let error = parse_error(&d);
    assert!(error.contains("control character"), "{error}");
    assert!(error.contains("local part has 10016 octets"), "{error}");
    assert!(
        !error.contains('\u{1b}') && !error.contains('\0'),
        "{error:?}"
    );
    assert!(d.log().contains("part of the report was not applied"));
    assert!(!d.log().contains('\u{1b}'), "raw escape in the log");
}

#[test]
fn recipients_past_the_bound_are_recorded_not_silently_dropped() {
    let d = Daemon::start("", "");
    let addresses: Vec<String> = (0..1003).map(|i| format!("r{i}@example.com")).collect();
    let groups: Vec<(&str, &str, &str, &str)> = addresses
        .iter()
        .map(|a| (a.as_str(), "failed", "5.1.1", "550 5.1.1 user unknown"))
        .collect();
    let body = dsn_report(&groups, "many-1");
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
    assert_eq!(d.count("SELECT count(*) FROM people"), 1000);
    let error = parse_error(&d);
    assert!(
        error.contains("3 recipients past the first 1000 not read"),
        "{error}"
    );
    assert!(
        d.log().contains("recipients past the first 1000 not read"),
        "{}",
        d.log()
    );
}

#[test]
fn a_failed_recipients_header_past_the_bound_is_recorded() {
    // Exim's X-Failed-Recipients names the recipients of a report read from its text.
    let d = Daemon::start("", "");
    let list: Vec<String> = (0..1005).map(|i| format!("x{i}@example.com")).collect();
    let body = format!(
        "From: Mail Delivery System <Mailer-Daemon@mx.remote.test>\r\n\
         To: bounces@bounce.test\r\nSubject: Mail delivery failed: returning message to sender\r\n\
         X-Failed-Recipients: {}\r\nAuto-Submitted: auto-replied\r\n\r\n\
         This message was created automatically by mail delivery software.\r\n\r\n\
         A message that you sent could not be delivered to one or more of its\r\n\
         recipients. This is a permanent error. The following address(es) failed:\r\n\r\n  \
         x0@example.com\r\n    550 5.1.1 user unknown\r\n",
        list.join(",\r\n  ")
    );
    assert_eq!(
        d.send(None, &["b@bounce.test"], body.as_bytes()).unwrap(),
        250
    );
    assert_eq!(d.count("SELECT count(*) FROM people"), 1000);
    let error = parse_error(&d);
    assert!(
        error.contains("5 recipients past the first 1000 not read"),
        "{error}"
    );
}
