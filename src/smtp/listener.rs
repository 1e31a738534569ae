//! The tokio driver around `Session`: accepts connections, enforces the connection limit and the
//! timeouts, moves bytes between the socket and the session, switches to TLS, hands completed
//! messages to a `Deliver`, and drains on shutdown.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tracing::Instrument;

use super::anvil::{Anvil, Permit, Refusal};
use super::budget::Budget;
use super::deadline::{Deadlines, Phase};
use super::reply::{self, Reply};
use super::session::{Progress, Received, Session};
use crate::intake::{Deliver, Outcome, Transaction};
use crate::metrics::{self, ReplyClass};
use crate::smtp::settings::Smtp;

/// Bytes read from a socket at a time; with the size limit it bounds a session's memory.
const READ_CHUNK: usize = 64 * 1024;
/// Time allowed for a TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);

/// The time deadlines are reckoned in: tokio's clock, which is the system's monotonic clock
/// unless a test pauses it (then deadlines move with the paused clock, as the timers do).
fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// What SIGHUP may replace while the daemon runs; each connection takes a snapshot when it starts.
pub struct Live {
    smtp: RwLock<Arc<Smtp>>,
    tls: RwLock<Option<TlsAcceptor>>,
}

impl Live {
    pub fn new(smtp: Smtp, tls: Option<TlsAcceptor>) -> Live {
        Live {
            smtp: RwLock::new(Arc::new(smtp)),
            tls: RwLock::new(tls),
        }
    }

    pub fn replace(&self, smtp: Smtp, tls: Option<TlsAcceptor>) {
        if let Ok(mut s) = self.smtp.write() {
            *s = Arc::new(smtp);
        }
        if let Ok(mut t) = self.tls.write() {
            *t = tls;
        }
    }

    fn snapshot(&self) -> (Arc<Smtp>, Option<TlsAcceptor>) {
        let smtp = self.smtp.read().map(|s| s.clone()).unwrap_or_default();
        let tls = self.tls.read().ok().and_then(|t| t.clone());
        (smtp, tls)
    }
}

/// Binds every address first, so a bad or busy address fails startup with its name. The
/// sockets accept connections only after `listen`: the daemon opens its store in between, so
/// a busy port leaves no new database behind and no client connects before the store is ready.
pub fn bind(addrs: &[SocketAddr]) -> io::Result<Vec<TcpSocket>> {
    let mut sockets = Vec::new();
    for addr in addrs {
        let bound = if addr.is_ipv4() {
            TcpSocket::new_v4()
        } else {
            TcpSocket::new_v6()
        }
        // As TcpListener::bind: a restart need not wait for old connections in TIME_WAIT.
        .and_then(|s| s.set_reuseaddr(true).map(|()| s))
        .and_then(|s| s.bind(*addr).map(|()| s))
        .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        sockets.push(bound);
    }
    Ok(sockets)
}

/// Starts listening on sockets from `bind` (within the runtime).
pub fn listen(sockets: Vec<TcpSocket>) -> io::Result<Vec<TcpListener>> {
    sockets.into_iter().map(|s| s.listen(1024)).collect()
}

/// Accepts until `shutdown` turns true, then closes the listeners and lets sessions drain.
/// Each finished transaction goes to `sink`.
pub async fn serve<D: Deliver>(
    listeners: Vec<TcpListener>,
    live: Arc<Live>,
    sink: Arc<D>,
    mut shutdown: watch::Receiver<bool>,
) {
    let anvil = Arc::new(Anvil::default());
    // Read once: a budget resized while sessions hold parts of it would not add up.
    let budget = Budget::new(live.snapshot().0.memory_budget);
    let mut sessions = JoinSet::new();
    let (accepted_tx, mut accepted_rx) = tokio::sync::mpsc::channel::<(TcpStream, SocketAddr)>(64);
    let mut acceptors = JoinSet::new();
    for listener in listeners {
        let accepted_tx = accepted_tx.clone();
        acceptors.spawn(async move {
            loop {
                match listener.accept().await {
                    Ok(conn) => {
                        if accepted_tx.send(conn).await.is_err() {
                            return;
                        }
                    }
                    // Out of file descriptors and the like: log and keep serving.
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        });
    }
    drop(accepted_tx);
    loop {
        tokio::select! {
            changed = shutdown.changed() => if changed.is_err() || *shutdown.borrow() { break },
            Some((stream, peer)) = accepted_rx.recv() => {
                let (config, tls) = live.snapshot();
                let permit = match anvil.admit(peer.ip(), now(), &config) {
                    Ok(permit) => permit,
                    Err(why) => {
                        let (reply, limit) = match why {
                            Refusal::PerClient => (reply::TOO_MANY_FROM_CLIENT, "max_connections_per_client"),
                            Refusal::Rate => (reply::TOO_FAST_FROM_CLIENT, "max_connection_rate_per_client"),
                            Refusal::Full => (reply::TOO_MANY_CONNECTIONS, "max_connections"),
                        };
                        metrics::connection_refused();
                        tracing::warn!(%peer, reply = %reply.short(), limit, "connection refused: limit reached");
                        sessions.spawn(refuse(stream, reply));
                        continue;
                    }
                };
                metrics::connection_accepted();
                let (sink, shutdown) = (sink.clone(), shutdown.clone());
                // The session's own log lines (rejections) carry the peer through this span.
                sessions.spawn(
                    handle(stream, peer, config, tls, sink, shutdown, Grant { permit, budget: budget.clone() })
                        .instrument(tracing::info_span!("smtp", %peer)),
                );
            }
            Some(_) = sessions.join_next() => {}
        }
    }
    // New connections are refused from here on; sessions finish what they receive.
    acceptors.abort_all();
    drop(accepted_rx);
    let (config, _) = live.snapshot();
    let drained = tokio::time::timeout(config.drain_timeout() + Duration::from_secs(5), async {
        while sessions.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            sessions = sessions.len(),
            "drain timeout: closing remaining sessions"
        );
        sessions.abort_all();
    }
}

async fn refuse(mut stream: TcpStream, reply: Reply) {
    let mut out = Vec::new();
    reply.write_to(&mut out);
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.write_all(&out)).await;
}

/// What a session was granted: its connection slot and the shared memory budget.
struct Grant {
    permit: Permit,
    budget: Arc<Budget>,
}

/// Per-connection counters for the closing log line.
#[derive(Default)]
struct Tally {
    bytes_in: usize,
    accepted: usize,
    failed: usize,
}

/// How a conversation ended.
enum End {
    Closed(&'static str),
    StartTls,
}

/// Everything a conversation needs besides its stream.
struct Conn<D> {
    peer: SocketAddr,
    config: Arc<Smtp>,
    sink: Arc<D>,
    shutdown: watch::Receiver<bool>,
    /// Set when shutdown is first seen: the end of the drain.
    drain_until: Option<Instant>,
    deadlines: Deadlines,
    /// The session's slot; it may be asked to make room while it waits for a command.
    permit: Permit,
    tally: Tally,
}

async fn handle<D: Deliver>(
    mut stream: TcpStream,
    peer: SocketAddr,
    config: Arc<Smtp>,
    tls: Option<TlsAcceptor>,
    sink: Arc<D>,
    shutdown: watch::Receiver<bool>,
    grant: Grant,
) {
    let Grant { permit, budget } = grant;
    let started = now();
    let mut session = Session::new(config.clone(), tls.is_some(), budget);
    let mut conn = Conn {
        peer,
        deadlines: Deadlines::new(started, &config),
        permit,
        config,
        sink,
        shutdown,
        drain_until: None,
        tally: Tally::default(),
    };
    let mut greeting = Vec::new();
    session.greeting(&mut greeting);
    let mut end = converse(&mut stream, &mut session, &mut conn, greeting).await;
    let mut encrypted = false;
    if let (End::StartTls, Some(acceptor)) = (&end, tls) {
        end = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
            Ok(Ok(mut tls_stream)) => {
                encrypted = true;
                session.tls_started();
                converse(&mut tls_stream, &mut session, &mut conn, Vec::new()).await
            }
            Ok(Err(e)) => {
                tracing::info!(error = %e, "TLS handshake failed");
                End::Closed("tls handshake failed")
            }
            Err(_) => End::Closed("tls handshake timeout"),
        };
    }
    let end = match end {
        End::Closed(why) => why,
        End::StartTls => "starttls without certificate",
    };
    if session.rejected_recipients > 0 {
        metrics::recipients_rejected(session.rejected_recipients);
    }
    if session.rejected_messages > 0 {
        metrics::transactions(ReplyClass::Refused, session.rejected_messages);
    }
    tracing::info!(
        tls = encrypted,
        bytes_in = conn.tally.bytes_in,
        accepted = conn.tally.accepted,
        failed = conn.tally.failed,
        millis = now().saturating_duration_since(started).as_millis() as u64,
        end,
        "connection closed"
    );
}

/// Runs the session over `stream` until it closes or switches to TLS: send the replies, wait
/// for the client, take in what it sent, and again.
async fn converse<S: AsyncRead + AsyncWrite + Unpin, D: Deliver>(
    stream: &mut S,
    session: &mut Session,
    conn: &mut Conn<D>,
    mut out: Vec<u8>,
) -> End {
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        if let Err(end) = send_replies(stream, &mut out, &conn.config).await {
            return end;
        }
        if must_leave_for_shutdown(session, conn) {
            let reply = reply::SHUTTING_DOWN;
            return close(stream, session, &reply, "shutdown", &mut out, &conn.config).await;
        }
        let n = match hear(stream, session, conn, &mut buf).await {
            Heard::Bytes(n) => n,
            Heard::Shutdown => continue,
            Heard::Gone(why) => return End::Closed(why),
            Heard::Close(reply, why) => {
                return close(stream, session, &reply, why, &mut out, &conn.config).await
            }
        };
        conn.tally.bytes_in += n;
        if let Some(end) = take_in(stream, session, conn, &buf[..n], &mut out).await {
            return end;
        }
        conn.deadlines.observe(now(), n, phase_of(session));
    }
}

/// Writes the pending replies.
async fn send_replies<S: AsyncWrite + Unpin>(
    stream: &mut S,
    out: &mut Vec<u8>,
    config: &Smtp,
) -> Result<(), End> {
    if out.is_empty() {
        return Ok(());
    }
    match tokio::time::timeout(config.command_timeout(), stream.write_all(out)).await {
        Ok(Ok(())) => {
            out.clear();
            Ok(())
        }
        Ok(Err(_)) => Err(End::Closed("write error")),
        Err(_) => Err(End::Closed("write timeout")),
    }
}

/// Once shutdown is signalled, starts the drain and says whether the session must go now: a
/// message being received may finish within the drain time; anyone else is told to retry.
fn must_leave_for_shutdown<D>(session: &mut Session, conn: &mut Conn<D>) -> bool {
    if !*conn.shutdown.borrow() {
        return false;
    }
    let until = *conn
        .drain_until
        .get_or_insert_with(|| now() + conn.config.drain_timeout());
    session.shut_down();
    !session.in_data() || now() >= until
}

/// What waiting for the client came to.
enum Heard {
    /// This many bytes arrived.
    Bytes(usize),
    /// Shutdown was signalled meanwhile: look again before reading.
    Shutdown,
    /// The client went away; why, for the log.
    Gone(&'static str),
    /// The session ends with this reply: a deadline passed, room was needed, the drain ended.
    Close(Reply, &'static str),
}

/// Waits for the client's next bytes within the deadline of what the session is doing, giving
/// way to eviction (while it waits for a command) and to shutdown.
async fn hear<S: AsyncRead + Unpin, D>(
    stream: &mut S,
    session: &Session,
    conn: &mut Conn<D>,
    buf: &mut [u8],
) -> Heard {
    let phase = phase_of(session);
    conn.permit.set_waiting(phase != Phase::Data);
    let stressed = conn.permit.stressed(&conn.config);
    let (mut timeout, limit) = conn
        .deadlines
        .next_read(now(), phase, &conn.config, stressed);
    if let Some(until) = conn.drain_until {
        timeout = timeout.min(until.saturating_duration_since(now()));
    }
    let shutting_down = *conn.shutdown.borrow();
    // Biased: an eviction or a shutdown already signalled wins over a command that arrives
    // meanwhile (a session told to make room must not answer one more command first).
    let read = tokio::select! {
        biased;
        // Only while waiting for a command: a transfer under way is never cut to make room.
        _ = conn.permit.evicted(), if phase != Phase::Data => {
            return Heard::Close(reply::MAKING_ROOM, "evicted to make room");
        }
        _ = conn.shutdown.changed(), if !shutting_down => return Heard::Shutdown,
        r = tokio::time::timeout(timeout, stream.read(buf)) => r,
    };
    match read {
        Ok(Ok(0)) => Heard::Gone("client closed"),
        Ok(Ok(n)) => Heard::Bytes(n),
        Ok(Err(_)) => Heard::Gone("read error"),
        Err(_) if conn.drain_until.is_some() => Heard::Close(reply::SHUTTING_DOWN, "shutdown"),
        Err(_) => Heard::Close(reply::TIMEOUT, limit.name()),
    }
}

/// Feeds `input` to the session, handing over each message it completes; `None` once the input
/// is used up, else how the conversation ends (closed, or on to TLS).
async fn take_in<S: AsyncWrite + Unpin, D: Deliver>(
    stream: &mut S,
    session: &mut Session,
    conn: &mut Conn<D>,
    mut input: &[u8],
    out: &mut Vec<u8>,
) -> Option<End> {
    loop {
        match session.ingest(&mut input, out) {
            Progress::NeedInput => return None,
            Progress::Message(received) => {
                let outcome = deliver(received, conn).await;
                session.stored(outcome, out);
            }
            Progress::Close(why) => {
                let _ = tokio::time::timeout(conn.config.command_timeout(), stream.write_all(out))
                    .await;
                let shutdown = conn.drain_until.is_some() && why != "quit";
                return Some(End::Closed(if shutdown { "shutdown" } else { why }));
            }
            Progress::StartTls => {
                let written =
                    tokio::time::timeout(conn.config.command_timeout(), stream.write_all(out))
                        .await;
                return Some(match written {
                    Err(_) => End::Closed("write timeout"),
                    Ok(_) => End::StartTls,
                });
            }
        }
    }
}

/// Which of the session's deadlines the next read runs against.
fn phase_of(session: &Session) -> Phase {
    if session.in_data() {
        Phase::Data
    } else if session.has_partial_command() {
        Phase::PartialCommand
    } else {
        Phase::Idle
    }
}

/// Writes `reply` after what is pending and ends the session.
async fn close<S: AsyncWrite + Unpin>(
    stream: &mut S,
    session: &mut Session,
    reply: &Reply,
    why: &'static str,
    out: &mut Vec<u8>,
    config: &Smtp,
) -> End {
    session.abort(reply, out);
    let _ = tokio::time::timeout(config.command_timeout(), stream.write_all(out)).await;
    End::Closed(why)
}

/// Hands one message to the sink and counts the outcome, which decides the reply.
async fn deliver<D: Deliver>(received: Received, conn: &mut Conn<D>) -> Outcome {
    let Received {
        envelope,
        data,
        held,
    } = received;
    let transaction = Transaction {
        received_at: Utc::now(),
        peer: conn.peer.ip(),
        envelope,
        data,
    };
    let outcome = conn.sink.deliver(transaction).await;
    // The content counted against the memory budget until the sink was done with it.
    drop(held);
    let class = match outcome {
        Outcome::Failed => {
            conn.tally.failed += 1;
            ReplyClass::Deferred
        }
        Outcome::Stored | Outcome::Duplicate => {
            conn.tally.accepted += 1;
            ReplyClass::Accepted
        }
    };
    metrics::transactions(class, 1);
    outcome
}
