//! Webhooks end to end: the real daemon, a DSN over SMTP, and an HTTP receiver in the test that
//! checks every Standard Webhooks signature. Waits poll with generous bounded deadlines.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{dsn, free_port, Daemon, BIN};
use hmac::{Hmac, Mac};
use rustls_pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};
use serde_json::Value;
use sha2::Sha256;
use tokio_rustls::rustls::{ServerConfig, ServerConnection, StreamOwned};

/// The key of `SECRET` (`whsec_` + base64 of these bytes).
const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

fn secret_text() -> String {
    format!("whsec_{}", STANDARD.encode(KEY))
}

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    headers: HashMap<String, String>,
    body: Value,
    /// The `webhook-signature` checked out (None: unsigned).
    signed: Option<bool>,
}

/// A loopback HTTP receiver answering every request with `status` (0: never answer).
struct Receiver {
    addr: SocketAddr,
    status: Arc<AtomicU16>,
    got: Arc<Mutex<Vec<Received>>>,
    /// Requests being held unanswered.
    hanging: Arc<AtomicUsize>,
}

impl Receiver {
    fn start(status: u16) -> Receiver {
        Receiver::on(TcpListener::bind("127.0.0.1:0").unwrap(), status)
    }

    fn on(listener: TcpListener, status: u16) -> Receiver {
        Receiver::serving(listener, status, None)
    }

    /// As `on`, speaking HTTPS with `tls`.
    fn serving(listener: TcpListener, status: u16, tls: Option<Arc<ServerConfig>>) -> Receiver {
        let addr = listener.local_addr().unwrap();
        let status = Arc::new(AtomicU16::new(status));
        let got = Arc::new(Mutex::new(Vec::new()));
        let hanging = Arc::new(AtomicUsize::new(0));
        let (s, g, h) = (status.clone(), got.clone(), hanging.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (s, g, h, tls) = (s.clone(), g.clone(), h.clone(), tls.clone());
                std::thread::spawn(move || match tls {
                    Some(config) => {
                        let Ok(conn) = ServerConnection::new(config) else {
                            return;
                        };
                        answer(StreamOwned::new(conn, stream), &s, &g, &h);
                    }
                    None => answer(stream, &s, &g, &h),
                });
            }
        });
        Receiver {
            addr,
            status,
            got,
            hanging,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (bounded) until `n` requests were answered 2xx.
    fn wait_for(&self, n: usize, d: &Daemon) -> Vec<Received> {
        wait_until(|| self.got().len() >= n, d, "requests at the receiver");
        self.got()
    }
}

/// Reads one request; records it when the answer is 2xx.
fn answer<S: Read + Write>(
    stream: S,
    status: &AtomicU16,
    got: &Mutex<Vec<Received>>,
    hanging: &AtomicUsize,
) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or_default().to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let code = status.load(Ordering::SeqCst);
    if code == 0 {
        // Hang: hold the connection open and never answer.
        hanging.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    if (200..300).contains(&code) {
        let signed = headers
            .get("webhook-signature")
            .map(|sig| verify(&headers, &body, sig));
        got.lock().unwrap().push(Received {
            path,
            headers,
            body: serde_json::from_slice(&body).unwrap(),
            signed,
        });
    }
    let stream = reader.get_mut();
    let _ = write!(
        stream,
        "HTTP/1.1 {code} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
    );
    let _ = stream.flush();
}

/// Checks the signature as a Standard Webhooks receiver does.
fn verify(headers: &HashMap<String, String>, body: &[u8], sig: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).unwrap();
    mac.update(
        format!(
            "{}.{}.",
            headers["webhook-id"], headers["webhook-timestamp"]
        )
        .as_bytes(),
    );
    mac.update(body);
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    sig == expected
}

fn wait_until(mut done: impl FnMut() -> bool, d: &Daemon, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; log:\n{}",
            d.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn write_secret(dir: &Path) -> PathBuf {
    let path = dir.join("hook.secret");
    std::fs::write(&path, secret_text()).unwrap();
    path
}

fn hook(url: &str, secret: &Path, extra: &str) -> String {
    format!(
        "[[webhook]]\nurl = \"{url}\"\nsecret_file = \"{}\"\n{extra}\n",
        secret.display()
    )
}

fn bounce(d: &Daemon, rcpt: &str, id: &str) {
    let body = dsn(rcpt, "5.1.1", "550 5.1.1 user unknown", id);
    assert_eq!(d.send(None, &["b@bounce.test"], &body).unwrap(), 250);
}

fn state_count(d: &Daemon, state: &str) -> i64 {
    d.count(&format!(
        "SELECT count(*) FROM outbox WHERE state = '{state}'"
    ))
}

#[test]
fn every_event_is_delivered_once_and_signed() {
    let keys = tempfile::tempdir().unwrap();
    let r = Receiver::start(200);
    let secret = write_secret(keys.path());
    let d = Daemon::start_with_sections("", "", &hook(&r.url("/hook"), &secret, ""));
    for (i, who) in ["ann", "bob", "cyd"].iter().enumerate() {
        bounce(&d, &format!("{who}@example.com"), &format!("w{i}"));
    }
    // The second bounce of ann changes nothing: not sent with events = "changes".
    bounce(&d, "ann@example.com", "w9");
    let got = r.wait_for(3, &d);
    wait_until(|| state_count(&d, "delivered") == 3, &d, "3 delivered rows");
    // Nothing more arrives once everything is delivered.
    std::thread::sleep(Duration::from_secs(2));
    let got2 = r.got();
    assert_eq!(got2.len(), 3, "{got2:#?}");
    let mut emails: Vec<&str> = got
        .iter()
        .map(|g| g.body["data"]["email"].as_str().unwrap())
        .collect();
    emails.sort();
    assert_eq!(
        emails,
        ["ann@example.com", "bob@example.com", "cyd@example.com"]
    );
    for g in &got {
        assert_eq!(g.path, "/hook");
        assert_eq!(g.signed, Some(true), "{g:?}");
        assert!(g.headers["webhook-id"].starts_with("bounced_"));
        let data = &g.body["data"];
        assert_eq!(data["category"], "hard");
        assert_eq!(data["changed"][0], "email_invalid=1");
        assert_eq!(data["person"]["email_invalid"], true);
        assert_eq!(data["person"]["mailable"], false);
        assert!(data["message_id"].as_i64().is_some());
        assert!(data["original_message_id"]
            .as_str()
            .unwrap()
            .contains("sender.test"));
    }
    let ids: std::collections::HashSet<&String> =
        got.iter().map(|g| &g.headers["webhook-id"]).collect();
    assert_eq!(ids.len(), 3);
}

#[test]
fn a_receiver_down_then_up_gets_it_after_a_retry() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let d = Daemon::start_with_sections("", "", &hook(&url, &secret, ""));
    bounce(&d, "dan@example.com", "d1");
    // Nothing listens: the first attempt fails and is scheduled again.
    wait_until(
        || d.count("SELECT count(*) FROM outbox WHERE attempts >= 1 AND state = 'pending'") == 1,
        &d,
        "a failed attempt",
    );
    let r = Receiver::on(TcpListener::bind(("127.0.0.1", port)).unwrap(), 500);
    // A 500 is a failure too.
    wait_until(
        || d.count("SELECT max(attempts) FROM outbox") >= 2,
        &d,
        "a second attempt",
    );
    r.status.store(200, Ordering::SeqCst);
    let got = r.wait_for(1, &d);
    assert_eq!(got[0].body["data"]["email"], "dan@example.com");
    assert_eq!(got[0].signed, Some(true));
    wait_until(|| state_count(&d, "delivered") == 1, &d, "delivered");
    let error: String = d
        .db()
        .query_row("SELECT last_error FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(error, "");
}

#[test]
fn a_delivery_committed_before_sigkill_is_sent_after_restart() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let r = Receiver::start(503);
    let sections = hook(&r.url("/hook"), &secret, "");
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("bounced.db");
    let mut d =
        Daemon::start_with_db_and_sections(tempfile::tempdir().unwrap(), db.clone(), &sections);
    bounce(&d, "eve@example.com", "k1");
    // The 250 came after the commit: the delivery is in the outbox, not yet delivered.
    assert_eq!(state_count(&d, "pending"), 1);
    d.child.kill().unwrap();
    d.child.wait().unwrap();
    drop(d);
    r.status.store(200, Ordering::SeqCst);
    let d = Daemon::start_with_db_and_sections(tempfile::tempdir().unwrap(), db, &sections);
    let got = r.wait_for(1, &d);
    assert_eq!(got[0].body["data"]["email"], "eve@example.com");
    assert_eq!(got[0].signed, Some(true));
    wait_until(|| state_count(&d, "delivered") == 1, &d, "delivered");
}

#[test]
fn dead_after_max_age_then_requeued_by_the_cli() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let r = Receiver::start(500);
    let d = Daemon::start_with_sections("", "", &hook(&r.url("/hook"), &secret, "max_age = 2"));
    bounce(&d, "fay@example.com", "x1");
    wait_until(|| state_count(&d, "dead") == 1, &d, "a dead delivery");
    let out = Command::new(BIN)
        .args(["outbox", "--dead", "--json", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let row: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["state"], "dead");
    assert_eq!(row["last_error"], "HTTP 500");
    // At least the try at the deadline (more when the machine is not too loaded to retry sooner).
    assert!(row["attempts"].as_u64().unwrap() >= 1, "{row}");

    r.status.store(200, Ordering::SeqCst);
    let out = Command::new(BIN)
        .args(["outbox", "--retry-dead", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "requeued 1\n");
    r.wait_for(1, &d);
    wait_until(
        || state_count(&d, "delivered") == 1,
        &d,
        "delivered after requeue",
    );
    let out = Command::new(BIN)
        .args(["outbox", "--retry", "999", "--db"])
        .arg(&d.db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no delivery 999"));
}

#[test]
fn listmonk_format_with_basic_auth_and_campaign() {
    let keys = tempfile::tempdir().unwrap();
    let password = keys.path().join("listmonk.token");
    std::fs::write(&password, "t0ken\n").unwrap();
    let r = Receiver::start(200);
    let sections = format!(
        "[[webhook]]\nurl = \"{}\"\nformat = \"listmonk\"\nuser = \"api\"\npassword_file = \"{}\"\n",
        r.url("/webhooks/bounce"),
        password.display()
    );
    let d = Daemon::start_with_sections("", "", &sections);
    let uuid = "5ff2a9d2-6b9c-4a5e-9f0e-1c2d3e4f5a6b";
    let body = String::from_utf8(dsn(
        "gus@example.com",
        "5.1.1",
        "550 5.1.1 user unknown",
        "l1",
    ))
    .unwrap()
    .replace(
        "Subject: Our news\r\n",
        &format!("Subject: Our news\r\nX-Listmonk-Campaign: {uuid}\r\n"),
    );
    assert_eq!(
        d.send(None, &["b@bounce.test"], body.as_bytes()).unwrap(),
        250
    );
    let got = r.wait_for(1, &d);
    let g = &got[0];
    assert_eq!(g.path, "/webhooks/bounce");
    assert_eq!(g.signed, None);
    assert_eq!(
        g.headers["authorization"],
        format!("Basic {}", STANDARD.encode("api:t0ken"))
    );
    let b = &g.body;
    assert_eq!(b["email"], "gus@example.com");
    assert_eq!(b["campaign_uuid"], uuid);
    assert_eq!(b["source"], "bounced");
    assert_eq!(b["type"], "hard");
    assert!(b["meta"].is_object());
    let keys: Vec<&String> = b.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["campaign_uuid", "email", "meta", "source", "type"]);
}

#[test]
fn a_hanging_receiver_does_not_hold_up_intake() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let r = Receiver::start(0);
    let d = Daemon::start_with_sections("", "", &hook(&r.url("/hook"), &secret, "timeout = 120"));
    bounce(&d, "hal@example.com", "h0");
    // The receiver has the first delivery and sits on it...
    wait_until(
        || r.hanging.load(Ordering::SeqCst) >= 1,
        &d,
        "the receiver to hang",
    );
    for i in 1..6 {
        bounce(&d, &format!("hal{i}@example.com"), &format!("h{i}"));
    }
    // ...while every later message was accepted and queued.
    assert_eq!(state_count(&d, "pending"), 6);
    assert!(r.got().is_empty());
}

#[test]
fn a_receiver_that_times_out_is_tried_again() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let r = Receiver::start(0);
    let d = Daemon::start_with_sections("", "", &hook(&r.url("/hook"), &secret, "timeout = 1"));
    bounce(&d, "ida@example.com", "t1");
    wait_until(
        || d.count("SELECT count(*) FROM outbox WHERE last_error LIKE 'no answer within%'") == 1,
        &d,
        "a timed-out attempt",
    );
    r.status.store(200, Ordering::SeqCst);
    let got = r.wait_for(1, &d);
    assert_eq!(got[0].body["data"]["email"], "ida@example.com");
    assert_eq!(got[0].signed, Some(true));
    wait_until(|| state_count(&d, "delivered") == 1, &d, "delivered");
}

/// A TLS server configuration with a fresh self-signed certificate for 127.0.0.1, and that
/// certificate as PEM (to trust it as a CA).
fn self_signed() -> (Arc<ServerConfig>, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).unwrap();
    let pem = certified.cert.pem();
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(pem.as_bytes()).unwrap()],
            PrivateKeyDer::from_pem_slice(certified.key_pair.serialize_pem().as_bytes()).unwrap(),
        )
        .unwrap();
    (Arc::new(config), pem)
}

#[test]
fn https_to_a_receiver_signed_by_the_configured_ca() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let (config, pem) = self_signed();
    let ca = keys.path().join("ca.pem");
    std::fs::write(&ca, pem).unwrap();
    let r = Receiver::serving(TcpListener::bind("127.0.0.1:0").unwrap(), 200, Some(config));
    let url = format!("https://{}/hook", r.addr);
    let extra = format!("ca_file = \"{}\"", ca.display());
    let d = Daemon::start_with_sections("", "", &hook(&url, &secret, &extra));
    bounce(&d, "joy@example.com", "s1");
    let got = r.wait_for(1, &d);
    assert_eq!(got[0].body["data"]["email"], "joy@example.com");
    assert_eq!(got[0].signed, Some(true));
    wait_until(|| state_count(&d, "delivered") == 1, &d, "delivered");
}

#[test]
fn https_to_an_unknown_ca_is_refused_and_retried() {
    let keys = tempfile::tempdir().unwrap();
    let secret = write_secret(keys.path());
    let (config, _) = self_signed();
    let r = Receiver::serving(TcpListener::bind("127.0.0.1:0").unwrap(), 200, Some(config));
    let url = format!("https://{}/hook", r.addr);
    let d = Daemon::start_with_sections("", "", &hook(&url, &secret, ""));
    bounce(&d, "kim@example.com", "s2");
    wait_until(
        || d.count("SELECT count(*) FROM outbox WHERE last_error LIKE 'TLS with%'") == 1,
        &d,
        "a refused TLS handshake",
    );
    assert!(r.got().is_empty());
}
