//! The SMTP listener in-process, against a fake `Deliver`: no binary, no database. Listeners
//! bind 127.0.0.1:0 (no port race). Tests about deadlines run on tokio's paused clock, so a
//! 300-second timeout takes no real time and its moment can be checked to the second; tests
//! that need a whole SMTP client use lettre on a blocking thread, in real time.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bounced::intake::{Deliver, Outcome, Transaction};
use bounced::smtp::listener::{self, Live};
use bounced::smtp::settings::Smtp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::time::Instant;

/// Records what it is handed and answers `answer`; with a gate, each delivery first waits for
/// a permit, so a test decides when the "commit" is over; with `panic`, it then panics.
struct Sink {
    got: Mutex<Vec<Transaction>>,
    answer: Outcome,
    gate: Option<Arc<Semaphore>>,
    panic: bool,
}

impl Sink {
    fn answering(answer: Outcome) -> Sink {
        Sink {
            got: Mutex::new(Vec::new()),
            answer,
            gate: None,
            panic: false,
        }
    }

    fn gated(gate: &Arc<Semaphore>) -> Sink {
        Sink {
            gate: Some(gate.clone()),
            ..Sink::answering(Outcome::Stored)
        }
    }

    fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }
}

impl Deliver for Sink {
    async fn deliver(&self, transaction: Transaction) -> Outcome {
        if let Some(gate) = &self.gate {
            gate.acquire().await.unwrap().forget();
        }
        assert!(!self.panic, "the sink fails as the test asked");
        self.got.lock().unwrap().push(transaction);
        self.answer
    }
}

struct Server {
    addr: SocketAddr,
    sink: Arc<Sink>,
    shutdown: watch::Sender<bool>,
}

fn config() -> Smtp {
    Smtp {
        hostname: "mx.test".into(),
        ..Smtp::default()
    }
}

async fn start(config: Smtp, sink: Sink) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sink = Arc::new(sink);
    let (shutdown, watching) = watch::channel(false);
    tokio::spawn(listener::serve(
        vec![listener],
        Arc::new(Live::new(config, None)),
        sink.clone(),
        watching,
    ));
    Server {
        addr,
        sink,
        shutdown,
    }
}

/// A raw client: writes bytes, reads reply lines.
struct Client {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Client {
    /// Connects from `source` (any loopback address) and returns the greeting too.
    async fn connect_from(server: &Server, source: [u8; 4]) -> (Client, String) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::from((source, 0))).unwrap();
        let stream = socket.connect(server.addr).await.unwrap();
        let (reader, writer) = stream.into_split();
        let mut client = Client {
            reader: BufReader::new(reader),
            writer,
        };
        let greeting = client.line().await;
        (client, greeting)
    }

    async fn connect(server: &Server) -> Client {
        let (client, greeting) = Client::connect_from(server, [127, 0, 0, 1]).await;
        assert!(greeting.starts_with("220 "), "{greeting}");
        client
    }

    /// The next reply line; "" once the server closed.
    async fn line(&mut self) -> String {
        let mut line = String::new();
        match self.reader.read_line(&mut line).await {
            Ok(_) => line,
            Err(_) => String::new(),
        }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
    }

    /// Sends `command` and returns its reply line.
    async fn ask(&mut self, command: &str) -> String {
        self.send(format!("{command}\r\n").as_bytes()).await;
        self.line().await
    }

    /// MAIL, RCPT and DATA, each answered positively.
    async fn start_data(&mut self) {
        assert!(self.ask("MAIL FROM:<>").await.starts_with("250"));
        assert!(self.ask("RCPT TO:<b@bounce.test>").await.starts_with("250"));
        let reply = self.ask("DATA").await;
        assert!(reply.starts_with("354"), "{reply}");
    }

    /// Writes `bytes` one at a time, `gap` apart on the (paused) clock, until the server
    /// closes; returns when it closed, counted from the first byte, and its last line.
    async fn trickle(mut self, bytes: &[u8], gap: Duration) -> (Duration, String) {
        let started = Instant::now();
        let bytes = bytes.to_vec();
        let mut writer = self.writer;
        let writing = tokio::spawn(async move {
            // Bounded: 10,000 bytes is hours of trickle, far past every limit tested here.
            for b in bytes.iter().cycle().take(10_000) {
                if writer.write_all(&[*b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(gap).await;
            }
        });
        let mut last = String::new();
        loop {
            let mut line = String::new();
            match self.reader.read_line(&mut line).await {
                Ok(1..) => last = line,
                _ => break,
            }
        }
        writing.abort();
        (started.elapsed(), last)
    }
}

const S: Duration = Duration::from_secs(1);

/// `at` lies in [from, from + 1 s): the paused clock jumps straight to a deadline.
fn at_second(at: Duration, from: Duration) -> bool {
    at >= from && at < from + S
}

#[tokio::test(start_paused = true)]
async fn an_idle_client_is_closed_at_idle_timeout() {
    let server = start(
        Smtp {
            idle_timeout: Duration::from_secs(30),
            command_timeout: Duration::from_secs(10),
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    let mut client = Client::connect(&server).await;
    let started = Instant::now();
    let line = client.line().await;
    assert!(line.starts_with("421 4.4.2"), "{line}");
    assert!(
        at_second(started.elapsed(), 30 * S),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(client.line().await, "", "closed after the 421");
}

#[tokio::test(start_paused = true)]
async fn a_trickled_command_line_ends_at_command_timeout() {
    let server = start(
        Smtp {
            idle_timeout: Duration::from_secs(300),
            command_timeout: Duration::from_secs(10),
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    let client = Client::connect(&server).await;
    // One byte a second, never a newline: each read is quick, the line never completes.
    let (lasted, last) = client.trickle(b"NOOP xxxxxxxx", S).await;
    assert!(last.starts_with("421 4.4.2"), "{last}");
    assert!(at_second(lasted, 10 * S), "{lasted:?}");
}

#[tokio::test(start_paused = true)]
async fn content_below_the_minimum_rate_times_out_and_nothing_is_delivered() {
    let server = start(
        Smtp {
            data_timeout: Duration::from_secs(20),
            min_data_rate: 100,
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    let mut client = Client::connect(&server).await;
    client.start_data().await;
    // One byte a second against 100 B/s: the transfer gets data_timeout plus 10 ms per byte,
    // so it ends a little after 20 s, although no single read waits long.
    let (lasted, last) = client.trickle(b"Subject: slow\r\n", S).await;
    assert!(last.starts_with("421 4.4.2"), "{last}");
    assert!(lasted >= 20 * S && lasted < 22 * S, "{lasted:?}");
    assert_eq!(server.sink.count(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_busy_session_ends_at_session_timeout() {
    let server = start(
        Smtp {
            session_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(30),
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    let client = Client::connect(&server).await;
    // A NOOP every 6 s (one byte a second): never idle, never a slow line, yet it must end.
    let (lasted, last) = client.trickle(b"NOOP\r\n", S).await;
    assert!(last.starts_with("421 4.4.2"), "{last}");
    assert!(at_second(lasted, 60 * S), "{lasted:?}");
}

#[tokio::test(start_paused = true)]
async fn the_reply_to_data_waits_for_the_sink() {
    let gate = Arc::new(Semaphore::new(0));
    let server = start(config(), Sink::gated(&gate)).await;
    let mut client = Client::connect(&server).await;
    client.start_data().await;
    client.send(b"Subject: x\r\n\r\nbody\r\n.\r\n").await;
    // A minute on the paused clock: no reply while the sink has not answered.
    let early = tokio::time::timeout(60 * S, client.line()).await;
    assert!(
        early.is_err(),
        "replied before the sink answered: {early:?}"
    );
    gate.add_permits(1);
    let line = client.line().await;
    assert!(line.starts_with("250 2.0.0"), "{line}");
    assert_eq!(server.sink.count(), 1);
}

#[tokio::test(start_paused = true)]
async fn shutdown_lets_a_transfer_finish_and_turns_everyone_else_away() {
    let server = start(
        Smtp {
            drain_timeout: Duration::from_secs(30),
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    let mut idle = Client::connect(&server).await;
    let mut sending = Client::connect(&server).await;
    sending.start_data().await;
    server.shutdown.send(true).unwrap();
    let line = idle.line().await;
    assert!(line.starts_with("421 4.3.2"), "{line}");
    // Within the drain time, the transfer under way completes and is acknowledged.
    tokio::time::sleep(10 * S).await;
    sending.send(b"Subject: x\r\n\r\nbody\r\n.\r\n").await;
    let line = sending.line().await;
    assert!(line.starts_with("250 2.0.0"), "{line}");
    assert_eq!(server.sink.count(), 1);
    let line = sending.ask("NOOP").await;
    assert!(line.starts_with("421 4.3.2"), "{line}");
}

#[tokio::test(start_paused = true)]
async fn a_session_that_panics_gives_its_slot_back() {
    let gate = Arc::new(Semaphore::new(0));
    let server = start(
        Smtp {
            max_connections: 1,
            ..config()
        },
        Sink {
            panic: true,
            ..Sink::gated(&gate)
        },
    )
    .await;
    let mut first = Client::connect(&server).await;
    first.start_data().await;
    first.send(b"Subject: x\r\n\r\nbody\r\n.\r\n").await;
    // The only slot is held by a session waiting for its commit: it cannot make room.
    let (_, refused) = Client::connect_from(&server, [127, 0, 0, 1]).await;
    assert!(refused.starts_with("421 4.7.0"), "{refused}");
    // The delivery panics (a bug in the sink): the session's task ends, and its slot is free.
    gate.add_permits(1);
    assert_eq!(first.line().await, "", "the panicking session is closed");
    let (_, greeting) = Client::connect_from(&server, [127, 0, 0, 1]).await;
    assert!(greeting.starts_with("220 "), "{greeting}");
}

#[tokio::test(start_paused = true)]
async fn a_client_reconnecting_too_often_is_told_so_and_let_in_again_later() {
    let server = start(
        Smtp {
            max_connection_rate_per_client: 3,
            ..config()
        },
        Sink::answering(Outcome::Stored),
    )
    .await;
    for _ in 0..3 {
        let (mut client, greeting) = Client::connect_from(&server, [127, 0, 0, 2]).await;
        assert!(greeting.starts_with("220 "), "{greeting}");
        assert!(client.ask("QUIT").await.starts_with("221"));
    }
    let (_, refused) = Client::connect_from(&server, [127, 0, 0, 2]).await;
    assert!(
        refused.starts_with("421 4.7.0") && refused.contains("this minute"),
        "{refused}"
    );
    // Another address is not held up by it.
    let (_, other) = Client::connect_from(&server, [127, 0, 0, 3]).await;
    assert!(other.starts_with("220 "), "{other}");
    // A third of a minute later one connection's allowance is back.
    tokio::time::sleep(20 * S).await;
    let (_, greeting) = Client::connect_from(&server, [127, 0, 0, 2]).await;
    assert!(greeting.starts_with("220 "), "{greeting}");
}

/// Runs `f` with lettre on a blocking thread (lettre's client is synchronous).
async fn with_lettre<T: Send + 'static>(
    addr: SocketAddr,
    f: impl FnOnce(&mut lettre::transport::smtp::client::SmtpConnection) -> T + Send + 'static,
) -> T {
    use lettre::transport::smtp::client::SmtpConnection;
    use lettre::transport::smtp::extension::ClientId;
    tokio::task::spawn_blocking(move || {
        let mut conn = SmtpConnection::connect(
            addr,
            Some(Duration::from_secs(20)),
            &ClientId::Domain("client.test".into()),
            None,
            None,
        )
        .expect("connect");
        let result = f(&mut conn);
        let _ = conn.quit();
        result
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_transaction_reaches_the_sink_byte_exact() {
    let server = start(config(), Sink::answering(Outcome::Stored)).await;
    let body = common::dsn("alice@example.com", "5.1.1", "550 5.1.1 unknown", "l1");
    let to = ["b+alice=example.com@bounce.test", "postmaster@bounce.test"];
    let envelope = common::envelope(None, &to);
    let sent = body.clone();
    let code = with_lettre(server.addr, move |c| {
        c.send(&envelope, &sent).map(|r| u16::from(r.code()))
    })
    .await
    .unwrap();
    assert_eq!(code, 250);
    let got = server.sink.got.lock().unwrap();
    assert_eq!(got.len(), 1);
    let t = &got[0];
    // lettre doubles the leading dot of ".A line that starts with a dot."; the listener
    // removes it again, and the CRLF before the final "." ends the last line.
    let mut expected = body;
    expected.extend_from_slice(b"\r\n");
    assert_eq!(t.data, expected);
    assert_eq!(t.envelope.mail_from, "");
    assert_eq!(t.envelope.rcpt_to, to);
    assert_eq!(t.envelope.helo, "client.test");
    assert_eq!(t.peer.to_string(), "127.0.0.1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reply_to_data_follows_the_sinks_outcome() {
    for (answer, expected) in [
        (Outcome::Stored, 250),
        (Outcome::Duplicate, 250),
        (Outcome::Failed, 451),
    ] {
        let server = start(config(), Sink::answering(answer)).await;
        let body = common::dsn("c@example.com", "5.1.1", "550 5.1.1 unknown", "l2");
        let envelope = common::envelope(None, &["b@bounce.test"]);
        let code = with_lettre(server.addr, move |c| match c.send(&envelope, &body) {
            Ok(r) => u16::from(r.code()),
            Err(e) => e.status().map(u16::from).unwrap_or(0),
        })
        .await;
        assert_eq!(code, expected, "{answer:?}");
        assert_eq!(server.sink.count(), 1, "{answer:?}");
    }
}
