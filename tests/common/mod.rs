//! Test harness: runs the real `bounced` binary on a loopback port with a config of the test's
//! own, and talks to it with lettre (an independently written SMTP client).
#![allow(dead_code)]

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lettre::address::Envelope;
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use lettre::Address;

pub const BIN: &str = env!("CARGO_BIN_EXE_bounced");

pub struct Daemon {
    pub child: Child,
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Daemon {
    /// Starts `bounced serve` with extra `[smtp]` and `[store]` keys (TOML lines).
    pub fn start(smtp_extra: &str, store_extra: &str) -> Daemon {
        Daemon::start_with_sections(smtp_extra, store_extra, "")
    }

    /// As `start`, with further whole sections (`[verp]`, `[policy]`, ...).
    pub fn start_with_sections(smtp_extra: &str, store_extra: &str, sections: &str) -> Daemon {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bounced.db");
        Daemon::launch(dir, db, smtp_extra, store_extra, sections)
    }

    pub fn start_with_db(
        dir: tempfile::TempDir,
        db: PathBuf,
        smtp_extra: &str,
        store_extra: &str,
    ) -> Daemon {
        Daemon::launch(dir, db, smtp_extra, store_extra, "")
    }

    /// As `start_with_db`, with further whole sections (a restart on the same database).
    pub fn start_with_db_and_sections(
        dir: tempfile::TempDir,
        db: PathBuf,
        sections: &str,
    ) -> Daemon {
        Daemon::launch(dir, db, "", "", sections)
    }

    /// Starts the daemon on a port that was free a moment ago. Another test's daemon may take
    /// the same port in between (the port is released before the child binds it), so a
    /// launch is ready only when the banner carries this launch's own hostname; otherwise it
    /// starts again on another port.
    fn launch(
        dir: tempfile::TempDir,
        db: PathBuf,
        smtp_extra: &str,
        store_extra: &str,
        sections: &str,
    ) -> Daemon {
        static LAUNCHES: AtomicUsize = AtomicUsize::new(0);
        let config = dir.path().join("bounced.toml");
        for _ in 0..5 {
            let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
            let host = format!(
                "mx{}n{}.test",
                std::process::id(),
                LAUNCHES.fetch_add(1, Ordering::Relaxed)
            );
            std::fs::write(
                &config,
                format!(
                    "[smtp]\nlisten = [\"{addr}\"]\nhostname = \"{host}\"\n{smtp_extra}\n\
                     [store]\npath = \"{}\"\n{store_extra}\n{sections}\n",
                    db.display()
                ),
            )
            .unwrap();
            let log = std::fs::File::create(dir.path().join("daemon.log")).unwrap();
            let mut child = Command::new(BIN)
                .args(["serve", "--config"])
                .arg(&config)
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap();
            if wait_ready(&mut child, addr, &host, dir.path()) {
                return Daemon {
                    child,
                    addr,
                    dir,
                    db,
                    config,
                };
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "bounced did not listen on a port of its own in five tries; log:\n{}",
            read_log(dir.path())
        );
    }

    pub fn log(&self) -> String {
        read_log(self.dir.path())
    }

    /// A fresh lettre connection (it has sent EHLO).
    pub fn connect(&self) -> SmtpConnection {
        SmtpConnection::connect(
            self.addr,
            Some(Duration::from_secs(20)),
            &ClientId::Domain("client.test".into()),
            None,
            None,
        )
        .expect("connect to bounced")
    }

    /// Sends one message on a new connection; Ok(reply code) or Err(lettre error).
    pub fn send(
        &self,
        from: Option<&str>,
        to: &[&str],
        body: &[u8],
    ) -> Result<u16, lettre::transport::smtp::Error> {
        let mut conn = self.connect();
        let result = conn.send(&envelope(from, to), body);
        let _ = conn.quit();
        result.map(|r| u16::from(r.code()))
    }

    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.db().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    pub fn sigterm(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "bounced did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The daemon's log in `dir` (its stderr), or "" before it wrote any.
fn read_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("daemon.log")).unwrap_or_default()
}

/// Waits until `child` answers on `addr` with a banner naming `host`: true when it does, false
/// when the child exited (it could not bind) or another process answers there. `dir` holds
/// its log, shown when it never answers.
fn wait_ready(child: &mut Child, addr: SocketAddr, host: &str, dir: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if child.try_wait().ok().flatten().is_some() {
            return false;
        }
        if let Ok(mut probe) = TcpStream::connect(addr) {
            // Read the banner, then end the session properly (QUIT, the server's close), so it
            // no longer holds a connection slot when the test starts.
            let _ = probe.set_read_timeout(Some(Duration::from_secs(5)));
            let mut banner = Vec::new();
            let _ = probe.write_all(b"QUIT\r\n");
            let _ = std::io::copy(&mut probe, &mut banner);
            return String::from_utf8_lossy(&banner).contains(host);
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!(
        "bounced did not listen on {addr} in time; log:\n{}",
        read_log(dir)
    );
}

pub fn envelope(from: Option<&str>, to: &[&str]) -> Envelope {
    Envelope::new(
        from.map(|f| f.parse::<Address>().unwrap()),
        to.iter().map(|t| t.parse::<Address>().unwrap()).collect(),
    )
    .unwrap()
}

/// The time the fixtures were "sent": ten minutes before this test process first asked, fixed for
/// the rest of the process so that a message built twice is byte-identical. Relative to now, so a
/// 24-hour suspension is still in force whatever day the tests run.
pub fn sent_at() -> DateTime<Utc> {
    static AT: OnceLock<DateTime<Utc>> = OnceLock::new();
    *AT.get_or_init(|| Utc::now() - chrono::Duration::minutes(10))
}

/// `sent_at()` shifted by `minutes`, as an RFC 5322 date.
pub fn date(minutes: i64) -> String {
    (sent_at() + chrono::Duration::minutes(minutes)).to_rfc2822()
}

/// A hand-written RFC 3464 DSN for `rcpt` with `status` and `diagnostic`, CRLF line endings,
/// no final CRLF (lettre adds the terminating one).
pub fn dsn(rcpt: &str, status: &str, diagnostic: &str, message_id: &str) -> Vec<u8> {
    dsn_report(&[(rcpt, "failed", status, diagnostic)], message_id)
}

/// A DSN with one per-recipient block per `(recipient, action, status, diagnostic)`.
pub fn dsn_report(recipients: &[(&str, &str, &str, &str)], message_id: &str) -> Vec<u8> {
    dsn_report_at(recipients, message_id, &date(0), &date(-1))
}

/// As `dsn_report`, with the report's `Date:` and `Arrival-Date:` given.
pub fn dsn_report_at(
    recipients: &[(&str, &str, &str, &str)],
    message_id: &str,
    date: &str,
    arrival: &str,
) -> Vec<u8> {
    let blocks: String = recipients
        .iter()
        .map(|(rcpt, action, status, diagnostic)| {
            format!(
                "\r\nFinal-Recipient: rfc822; {rcpt}\r\n\
Action: {action}\r\n\
Status: {status}\r\n\
Remote-MTA: dns; mail.remote.test\r\n\
Diagnostic-Code: smtp; {diagnostic}\r\n"
            )
        })
        .collect();
    let to = recipients
        .first()
        .map(|r| r.0)
        .unwrap_or("nobody@example.com");
    format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.remote.test>\r\n\
To: bounces@bounce.test\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Date: {date}\r\n\
Message-ID: <dsn-{message_id}@mx.remote.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"BOUNDARY\"\r\n\
\r\n\
--BOUNDARY\r\n\
Content-Type: text/plain\r\n\
\r\n\
Your message could not be delivered.\r\n\
.A line that starts with a dot.\r\n\
\r\n\
--BOUNDARY\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.remote.test\r\n\
Arrival-Date: {arrival}\r\n\
{blocks}\
\r\n\
--BOUNDARY\r\n\
Content-Type: text/rfc822-headers\r\n\
\r\n\
From: news@sender.test\r\n\
To: {to}\r\n\
Subject: Our news\r\n\
Message-ID: <{message_id}@sender.test>\r\n\
\r\n\
--BOUNDARY--"
    )
    .into_bytes()
}

/// A hand-written RFC 5965 abuse report about a message sent to `rcpt`.
pub fn arf(rcpt: &str, message_id: &str) -> Vec<u8> {
    let (date, arrival) = (date(1), date(-10));
    format!(
        "From: Feedback Loop <fbl@isp.test>\r\n\
To: bounces@bounce.test\r\n\
Subject: FW: Our news\r\n\
Date: {date}\r\n\
Message-ID: <arf-{message_id}@isp.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=feedback-report; boundary=\"ARF\"\r\n\
\r\n\
--ARF\r\n\
Content-Type: text/plain\r\n\
\r\n\
This is an email abuse report.\r\n\
\r\n\
--ARF\r\n\
Content-Type: message/feedback-report\r\n\
\r\n\
Feedback-Type: abuse\r\n\
User-Agent: isp-fbl/1.0\r\n\
Version: 1\r\n\
Original-Mail-From: <bounces@bounce.test>\r\n\
Original-Rcpt-To: <{rcpt}>\r\n\
Arrival-Date: {arrival}\r\n\
\r\n\
--ARF\r\n\
Content-Type: message/rfc822\r\n\
\r\n\
From: news@sender.test\r\n\
To: {rcpt}\r\n\
Subject: Our news\r\n\
Message-ID: <{message_id}@sender.test>\r\n\
\r\n\
Buy now.\r\n\
\r\n\
--ARF--"
    )
    .into_bytes()
}

/// A hand-written RFC 3834 out-of-office reply from `from`.
pub fn autoreply(from: &str, message_id: &str) -> Vec<u8> {
    let date = date(2);
    format!(
        "From: {from}\r\n\
To: bounces@bounce.test\r\n\
Subject: Out of office: Our news\r\n\
Date: {date}\r\n\
Message-ID: <ooo-{message_id}@example.com>\r\n\
Auto-Submitted: auto-replied\r\n\
In-Reply-To: <{message_id}@sender.test>\r\n\
\r\n\
I am away until Monday and will read your message when I am back."
    )
    .into_bytes()
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// `bounced ARGS --db DB`, which must succeed; its stdout.
pub fn cli(d: &Daemon, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .arg("--db")
        .arg(&d.db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bounced {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each line of `text` parsed as JSON (JSON Lines output).
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
