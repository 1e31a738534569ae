//! Behaviour as a service: draining on SIGTERM, SIGHUP reload, STARTTLS, metrics, config checks.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use common::{dsn, envelope, free_port, Daemon, BIN};
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Noop, Rcpt};
use lettre::transport::smtp::extension::ClientId;

fn signal(d: &Daemon, sig: &str) {
    assert!(Command::new("kill")
        .args([sig, &d.child.id().to_string()])
        .status()
        .unwrap()
        .success());
}

#[test]
fn sigterm_during_data_lets_the_message_finish_then_exits_zero() {
    let mut d = Daemon::start("", "");
    let mut conn = d.connect();
    conn.command(Mail::new(None, vec![])).unwrap();
    conn.command(Rcpt::new("b@bounce.test".parse().unwrap(), vec![]))
        .unwrap();
    conn.command(Data).unwrap();
    // An idle second session is told to come back later.
    let mut idle = d.connect();

    signal(&d, "-TERM");
    std::thread::sleep(Duration::from_millis(300));
    // The listener is closed: new connections are refused.
    assert!(
        TcpStream::connect(d.addr).is_err(),
        "listener still open after SIGTERM"
    );
    let reply = conn
        .message(&dsn(
            "tom@example.com",
            "5.1.1",
            "550 5.1.1 user unknown",
            "t1",
        ))
        .unwrap();
    assert_eq!(u16::from(reply.code()), 250);
    // After its message the session is told to retry later, like the idle one.
    let err = conn.command(Noop).unwrap_err();
    assert!(
        err.to_string().contains("421") || err.to_string().contains("4.3.2") || err.is_transient(),
        "{err}"
    );
    assert!(idle.command(Noop).is_err());

    let status = d.sigterm();
    assert!(status.success(), "exit status {status:?}\n{}", d.log());
    let rows: i64 = rusqlite::Connection::open(&d.db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM events WHERE email = 'tom@example.com'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 1);
    assert!(d.log().contains("SIGTERM"), "{}", d.log());
}

#[test]
fn sighup_changes_accepted_domains_without_dropping_connections() {
    let d = Daemon::start("domains = [\"old.test\"]", "");
    let mut kept = d.connect();
    let body = dsn("una@example.com", "5.1.1", "550 5.1.1 user unknown", "h1");
    assert!(d.send(None, &["b@new.test"], &body).is_err());

    let text = std::fs::read_to_string(&d.config)
        .unwrap()
        .replace("[\"old.test\"]", "[\"new.test\"]");
    std::fs::write(&d.config, text).unwrap();
    signal(&d, "-HUP");
    std::thread::sleep(Duration::from_millis(500));

    assert_eq!(d.send(None, &["b@new.test"], &body).unwrap(), 250);
    assert!(d.send(None, &["b@old.test"], &body).is_err());
    // The connection opened before the reload is still there and usable.
    assert_eq!(u16::from(kept.command(Noop).unwrap().code()), 250);
    let log = d.log();
    assert!(
        log.contains("SIGHUP: changed") && log.contains("smtp.domains"),
        "{log}"
    );

    // A broken file is refused and the running configuration stays.
    std::fs::write(&d.config, "[smtp]\nnonsense = 1\n").unwrap();
    signal(&d, "-HUP");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        d.log().contains("configuration not reloaded"),
        "{}",
        d.log()
    );
    let other = dsn("vera@example.com", "5.1.1", "550 5.1.1 user unknown", "h2");
    assert_eq!(d.send(None, &["b@new.test"], &other).unwrap(), 250);
}

#[test]
fn starttls_session_delivers_a_dsn() {
    let dir = tempfile::tempdir().unwrap();
    let certified = rcgen::generate_simple_self_signed(vec!["mx.test".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    let d = Daemon::start_with_sections(
        "",
        "",
        &format!(
            "[tls]\ncert = \"{}\"\nkey = \"{}\"\n",
            cert.display(),
            key.display()
        ),
    );

    let mut conn = d.connect();
    assert!(conn.can_starttls(), "STARTTLS not advertised");
    let params = TlsParameters::builder("mx.test".into())
        .add_root_certificate(Certificate::from_pem(certified.cert.pem().as_bytes()).unwrap())
        .build_rustls()
        .unwrap();
    conn.starttls(&params, &ClientId::Domain("client.test".into()))
        .unwrap();
    assert!(conn.is_encrypted());
    let body = dsn("wes@example.com", "5.1.1", "550 5.1.1 user unknown", "tls1");
    let reply = conn
        .send(&envelope(None, &["b@bounce.test"]), &body)
        .unwrap();
    assert_eq!(u16::from(reply.code()), 250);
    let _ = conn.quit();
    assert_eq!(
        d.count("SELECT count(*) FROM events WHERE email = 'wes@example.com'"),
        1
    );
    assert!(d.log().contains("tls=true"), "{}", d.log());
}

fn scrape(addr: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    text
}

fn value(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
        .unwrap_or(0)
}

#[test]
fn metrics_count_what_was_sent() {
    let metrics = format!("127.0.0.1:{}", free_port());
    let d = Daemon::start_with_sections(
        "domains = [\"bounce.test\"]\nmax_message_size = 3000",
        "",
        &format!("[metrics]\nlisten = \"{metrics}\"\n"),
    );
    let to = ["b@bounce.test"];
    for (rcpt, status, text) in [
        ("a1@example.com", "5.1.1", "550 5.1.1 user unknown"),
        ("a2@example.com", "5.1.1", "550 5.1.1 user unknown"),
        ("a3@example.com", "5.2.2", "552 5.2.2 mailbox full"),
    ] {
        assert_eq!(
            d.send(None, &to, &dsn(rcpt, status, text, rcpt)).unwrap(),
            250
        );
    }
    assert!(d
        .send(None, &["x@elsewhere.test"], b"Subject: x\r\n\r\ny")
        .is_err());
    let mut big = b"Subject: big\r\n\r\n".to_vec();
    big.extend(std::iter::repeat_n(b'x', 5000));
    let mut conn = d.connect();
    conn.command(Mail::new(None, vec![])).unwrap();
    conn.command(Rcpt::new(to[0].parse().unwrap(), vec![]))
        .unwrap();
    conn.command(Data).unwrap();
    assert!(conn.message(&big).is_err());
    let _ = conn.quit();
    std::thread::sleep(Duration::from_millis(200));

    let text = scrape(&metrics);
    assert_eq!(
        value(&text, "bounced_transactions_total{reply=\"2xx\"}"),
        3,
        "{text}"
    );
    assert_eq!(
        value(&text, "bounced_transactions_total{reply=\"5xx\"}"),
        1,
        "{text}"
    );
    assert_eq!(
        value(&text, "bounced_recipients_rejected_total"),
        1,
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            "bounced_reports_total{category=\"hard\",reason=\"userunknown\"}"
        ),
        2,
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            "bounced_reports_total{category=\"soft\",reason=\"mailboxfull\"}"
        ),
        1,
        "{text}"
    );
    // Five SMTP sessions, plus the harness's readiness probe.
    assert_eq!(value(&text, "bounced_connections_total"), 6, "{text}");
    assert_eq!(value(&text, "bounced_commit_batch_size_count"), 3, "{text}");
    assert!(
        text.contains("bounced_commit_seconds_bucket{le=\"+Inf\"} 3"),
        "{text}"
    );
    assert!(text.contains("bounced_store_queue_depth 0"), "{text}");
}

#[test]
fn check_config_names_the_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[smtp]\nlisten = [\"127.0.0.1:25\"]\n\n[policy]\nsuspend_hour = 3\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["check-config", "--config"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("[policy]") && err.contains("suspend_hour"),
        "{err}"
    );

    let bad_value = dir.path().join("bad-value.toml");
    std::fs::write(&bad_value, "[metrics]\nlisten = \"everywhere\"\n").unwrap();
    let out = Command::new(BIN)
        .args(["check-config", "--config"])
        .arg(&bad_value)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("metrics.listen"));

    let good = dir.path().join("good.toml");
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "a very secret value 123\n").unwrap();
    std::fs::write(
        &good,
        format!(
            "[verp]\nmode = \"require\"\nsecret_file = \"{}\"\n",
            secret.display()
        ),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["check-config", "--config"])
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("mode = \"require\"") && printed.contains("suspend_hours = 24"),
        "{printed}"
    );
    assert!(!printed.contains("a very secret value"), "{printed}");
}

#[test]
fn database_from_a_newer_bounced_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let out = Command::new(BIN)
        .args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", free_port()),
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer than this bounced supports"));
    let out = Command::new(BIN)
        .args(["check-db", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn check_db_reports_ok() {
    let d = Daemon::start("", "");
    assert_eq!(
        d.send(
            None,
            &["b@bounce.test"],
            &dsn("x@example.com", "5.1.1", "550 5.1.1 unknown", "c")
        )
        .unwrap(),
        250
    );
    let out = Command::new(BIN)
        .args(["check-db", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok (schema version 4)"));
}

/// Kills the child when a test fails half-way.
struct Reap(std::process::Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn tells_systemd_ready_watchdog_and_stopping() {
    use std::os::unix::net::UnixDatagram;
    let dir = tempfile::tempdir().unwrap();
    let sock_path = dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    // systemd names the watched process in WATCHDOG_PID; `exec` keeps the shell's pid.
    let child = Command::new("sh")
        .arg("-c")
        .arg("WATCHDOG_PID=$$ exec \"$0\" serve --listen \"$1\" --db \"$2\"")
        .arg(BIN)
        .arg(&addr)
        .arg(dir.path().join("b.db"))
        .env("NOTIFY_SOCKET", &sock_path)
        .env("WATCHDOG_USEC", "400000")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut child = Reap(child);
    let mut seen: Vec<String> = Vec::new();
    let mut buf = [0u8; 512];
    let mut wait_for = |what: &str, seen: &mut Vec<String>| {
        while !seen.iter().any(|m| m.contains(what)) {
            let n = sock
                .recv(&mut buf)
                .unwrap_or_else(|e| panic!("no {what} from bounced ({e}); got {seen:?}"));
            seen.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    };
    wait_for("READY=1", &mut seen);
    // READY comes only once the listener accepts.
    assert!(TcpStream::connect(&addr).is_ok());
    wait_for("WATCHDOG=1", &mut seen);
    Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    wait_for("STOPPING=1", &mut seen);
    assert!(child.0.wait().unwrap().success());
}
