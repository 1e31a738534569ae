//! SMTP intake end to end: the real binary on a loopback port, driven by lettre.

mod common;

use std::time::Duration;

use common::{dsn, envelope, Daemon};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::MailParameter;

fn code(e: &lettre::transport::smtp::Error) -> u16 {
    e.status().map(u16::from).unwrap_or(0)
}

#[test]
fn null_sender_dsn_is_stored_byte_exact() {
    let d = Daemon::start("", "");
    let body = dsn("alice@example.com", "5.1.1", "550 5.1.1 user unknown", "m1");
    assert_eq!(
        d.send(None, &["b+alice=example.com@bounce.test"], &body)
            .unwrap(),
        250
    );

    let (raw, from, rcpt, size, helo, peer): (Vec<u8>, String, String, i64, String, String) = d
        .db()
        .query_row(
            "SELECT raw, mail_from, rcpt_to, size, helo, peer FROM messages",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    // The CRLF before the final "." ends the last line (RFC 5321 §4.1.1.4); the leading dot
    // lettre doubled is removed again (§4.5.2).
    let mut expected = body.clone();
    expected.extend_from_slice(b"\r\n");
    assert_eq!(raw, expected);
    assert_eq!(from, "");
    assert_eq!(rcpt, r#"["b+alice=example.com@bounce.test"]"#);
    assert_eq!(size as usize, expected.len());
    assert_eq!(helo, "client.test");
    assert_eq!(peer, "127.0.0.1");
}

#[test]
fn wrong_domain_is_refused_and_nothing_stored() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let body = dsn("bob@example.com", "5.1.1", "550 no such user", "m2");
    let err = d.send(None, &["x@elsewhere.test"], &body).unwrap_err();
    assert_eq!(code(&err), 550, "{err}");
    assert!(err.to_string().contains("5.7.1"), "{err}");
    assert_eq!(d.count("SELECT count(*) FROM messages"), 0);
    // The postmaster of a bounce domain is always reachable.
    assert_eq!(
        d.send(
            Some("someone@example.com"),
            &["postmaster@bounce.test"],
            b"Subject: hi\r\n\r\nhello"
        )
        .unwrap(),
        250
    );
    assert_eq!(d.count("SELECT count(*) FROM messages"), 1);
}

#[test]
fn oversize_is_refused_and_the_session_stays_usable() {
    let d = Daemon::start("max_message_size = 4000", "");
    let mut conn = d.connect();
    let to = ["b@bounce.test"];

    let mut big = b"Subject: big\r\n\r\n".to_vec();
    big.extend(std::iter::repeat_n(b"0123456789abcdef\r\n".iter().copied(), 1000).flatten());
    // Step by step: lettre's `send` drops the connection after any error, and the point
    // here is that the same connection goes on.
    conn.command(Mail::new(None, vec![])).unwrap();
    conn.command(Rcpt::new(to[0].parse().unwrap(), vec![]))
        .unwrap();
    conn.command(Data).unwrap();
    let err = conn.message(&big).unwrap_err();
    assert_eq!(code(&err), 552, "{err}");

    // A declared size over the limit is refused at MAIL (RFC 1870).
    let err = conn
        .command(Mail::new(None, vec![MailParameter::Size(4001)]))
        .unwrap_err();
    assert_eq!(code(&err), 552, "{err}");
    conn.command(lettre::transport::smtp::commands::Rset)
        .unwrap();

    let small = dsn("carol@example.com", "5.2.2", "552 mailbox full", "m3");
    assert_eq!(
        u16::from(conn.send(&envelope(None, &to), &small).unwrap().code()),
        250
    );
    let _ = conn.quit();
    assert_eq!(d.count("SELECT count(*) FROM messages"), 1);
    assert_eq!(
        d.count("SELECT count(*) FROM messages WHERE size > 4000"),
        0
    );
}

#[test]
fn too_many_recipients_get_452() {
    let d = Daemon::start("max_recipients = 2", "");
    let body = dsn("dave@example.com", "5.1.1", "550 unknown", "m4");
    let err = d
        .send(
            None,
            &["a@bounce.test", "b@bounce.test", "c@bounce.test"],
            &body,
        )
        .unwrap_err();
    assert_eq!(code(&err), 452, "{err}");
    assert!(err.is_transient());
    assert_eq!(
        d.send(None, &["a@bounce.test", "b@bounce.test"], &body)
            .unwrap(),
        250
    );
    let rcpt: String = d
        .db()
        .query_row("SELECT rcpt_to FROM messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rcpt, r#"["a@bounce.test","b@bounce.test"]"#);
}

#[test]
fn identical_message_is_acknowledged_and_stored_once() {
    let d = Daemon::start("", "");
    let body = dsn("erin@example.com", "5.1.1", "550 unknown", "m5");
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
    assert_eq!(d.count("SELECT count(*) FROM messages"), 1);
}

#[test]
fn concurrent_clients_are_all_committed() {
    let d = Daemon::start("", "");
    std::thread::scope(|s| {
        for t in 0..16 {
            let d = &d;
            s.spawn(move || {
                let mut conn = d.connect();
                for i in 0..8 {
                    let body = dsn(
                        &format!("u{t}-{i}@example.com"),
                        "5.1.1",
                        "550 unknown",
                        &format!("c{t}-{i}"),
                    );
                    assert_eq!(
                        u16::from(
                            conn.send(&envelope(None, &["b@bounce.test"]), &body)
                                .unwrap()
                                .code()
                        ),
                        250
                    );
                }
                let _ = conn.quit();
            });
        }
    });
    assert_eq!(d.count("SELECT count(*) FROM messages"), 128);
}

#[test]
#[cfg_attr(not(has_swaks), ignore = "needs swaks (.ci/run installs it)")]
fn pipelined_commands_with_swaks() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dsn.eml");
    std::fs::write(
        &file,
        dsn("frank@example.com", "5.1.1", "550 unknown", "m6"),
    )
    .unwrap();
    let out = std::process::Command::new("swaks")
        .args([
            "--pipeline",
            "--server",
            &d.addr.ip().to_string(),
            "--port",
            &d.addr.port().to_string(),
        ])
        .args([
            "--from",
            "<>",
            "--to",
            "b@bounce.test,postmaster@bounce.test",
            "--helo",
            "client.test",
        ])
        .arg("--data")
        .arg(format!("@{}", file.display()))
        .output()
        .unwrap();
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "swaks failed:\n{transcript}");
    assert!(transcript.contains("PIPELINING"), "{transcript}");
    assert!(transcript.contains("MAIL FROM:<>"), "{transcript}");
    assert!(
        transcript.contains("250 2.0.0 Message accepted"),
        "{transcript}"
    );
    assert_eq!(d.count("SELECT count(*) FROM messages"), 1);
}

#[test]
fn locked_database_gives_451_and_recovers() {
    let d = Daemon::start("", "busy_timeout_ms = 200");
    let locker = d.db();
    locker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let first = dsn("gina@example.com", "5.1.1", "550 unknown", "m7");
    let err = d.send(None, &["b@bounce.test"], &first).unwrap_err();
    assert_eq!(code(&err), 451, "{err}");
    assert!(err.to_string().contains("4.3.0"), "{err}");
    locker.execute_batch("ROLLBACK").unwrap();

    let second = dsn("hank@example.com", "5.1.1", "550 unknown", "m8");
    assert_eq!(d.send(None, &["b@bounce.test"], &second).unwrap(), 250);
    // The retry of the refused message is stored too.
    assert_eq!(d.send(None, &["b@bounce.test"], &first).unwrap(), 250);
    assert_eq!(d.count("SELECT count(*) FROM messages"), 2);
}

/// A tmpfs mount that is unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[cfg_attr(not(is_root), ignore = "needs root to mount a tmpfs")]
fn full_disk_gives_451_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let fs = dir.path().join("fs");
    std::fs::create_dir(&fs).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&fs)
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(mounted, "root, yet mounting a tmpfs failed");
    let mount = Mount(fs.clone());
    let db = fs.join("bounced.db");
    let d = Daemon::start_with_db(tempfile::tempdir().unwrap(), db, "", "");
    assert_eq!(
        d.send(
            None,
            &["b@bounce.test"],
            &dsn("ivy@example.com", "5.1.1", "550 unknown", "m9")
        )
        .unwrap(),
        250
    );

    // Leave less room than the next message needs.
    let filler = fs.join("filler");
    let used = std::fs::read_dir(&fs)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>();
    std::fs::write(
        &filler,
        vec![0u8; (2 * 1024 * 1024 - used - 64 * 1024) as usize],
    )
    .unwrap();
    let mut big = dsn("jack@example.com", "5.1.1", "550 unknown", "m10");
    big.extend(
        std::iter::repeat_n(
            b"\r\nfiller line of the returned original message"
                .iter()
                .copied(),
            8000,
        )
        .flatten(),
    );
    let err = d.send(None, &["b@bounce.test"], &big).unwrap_err();
    assert_eq!(code(&err), 451, "{err}");

    std::fs::remove_file(&filler).unwrap();
    assert_eq!(d.send(None, &["b@bounce.test"], &big).unwrap(), 250);
    assert_eq!(d.count("SELECT count(*) FROM messages"), 2);
    drop(d);
    drop(mount);
}

#[test]
fn bad_config_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("bad.toml");
    std::fs::write(
        &cfg,
        "[smtp]\nlisten = [\"127.0.0.1:1\"]\nmax_mesage_size = 5\n",
    )
    .unwrap();
    let out = std::process::Command::new(common::BIN)
        .args(["serve", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("max_mesage_size") && err.contains("bad.toml"),
        "{err}"
    );

    let missing = dir.path().join("missing.toml");
    let out = std::process::Command::new(common::BIN)
        .args(["serve", "--config"])
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.toml"));
}

#[test]
fn connections_over_the_limit_make_room_or_get_421() {
    use lettre::transport::smtp::commands::{Data, Mail, Noop, Rcpt};
    let d = Daemon::start("max_connections = 2", "");
    // The harness's readiness probe may still be counted for a moment.
    std::thread::sleep(Duration::from_millis(200));
    let mut idle = d.connect();
    let mut busy = d.connect();
    let into_data = |c: &mut lettre::transport::smtp::client::SmtpConnection| {
        c.command(Mail::new(None, vec![])).unwrap();
        c.command(Rcpt::new("b@bounce.test".parse().unwrap(), vec![]))
            .unwrap();
        c.command(Data).unwrap();
    };
    into_data(&mut busy);
    // Full: the idle session is closed to make room for a newcomer.
    let mut newcomer = d.connect();
    assert!(idle.command(Noop).is_err());
    // Nobody idle left: the next connection is refused.
    into_data(&mut newcomer);
    std::thread::sleep(Duration::from_millis(200));
    let refused = lettre::transport::smtp::client::SmtpConnection::connect(
        d.addr,
        Some(Duration::from_secs(10)),
        &lettre::transport::smtp::extension::ClientId::Domain("client.test".into()),
        None,
        None,
    );
    let err = refused.err().expect("connection should be refused");
    assert_eq!(code(&err), 421, "{err}");
    // Dropped, not QUIT: they are in DATA, where QUIT would be content.
    drop((busy, newcomer));
}

#[test]
fn a_report_in_words_only_from_a_non_null_sender_changes_nobody() {
    // RFC 3461 §6.2: a delivery report comes from MAIL FROM:<>. A "your messages are on hold"
    // that names no recipient and returns no original, from anyone else, is about no message
    // sent: it is stored, and nobody's state changes. From the null sender it is a report on
    // the return path's person.
    let d = Daemon::start("", "");
    let text = |id: &str| {
        format!(
            "From: Mail Delivery System <mailer-daemon@x.test>\r\nTo: b@bounce.test\r\n\
             Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <{id}@x.test>\r\n\r\n\
             4 incoming messages could not be delivered to your mailbox.\r\n\
             Release them at https://x.test/release\r\n"
        )
        .into_bytes()
    };
    let to = ["bounces+alice=example.com@bounce.test"];
    assert_eq!(d.send(Some("info@x.test"), &to, &text("p1")).unwrap(), 250);
    assert_eq!(d.count("SELECT count(*) FROM messages"), 1);
    assert_eq!(d.count("SELECT count(*) FROM events"), 0);
    assert_eq!(d.send(None, &to, &text("p2")).unwrap(), 250);
    assert_eq!(
        d.count("SELECT count(*) FROM events WHERE email = 'alice@example.com'"),
        1
    );
}
