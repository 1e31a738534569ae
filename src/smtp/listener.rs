//! The tokio driver around `Session`: accepts connections, enforces the connection limit and the
//! timeouts, moves bytes between the socket and the session, switches to TLS, stores completed
//! messages, and drains on shutdown.

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
use super::session::{Progress, Session, StoreOutcome};
use crate::analysis;
use crate::logging::{Chain, Json};
use crate::metrics;
use crate::smtp::settings::Smtp;
use crate::store::{NewMessage, Saved, Store};

/// Bytes read from a socket at a time; with the size limit it bounds a session's memory.
const READ_CHUNK: usize = 64 * 1024;
/// Time allowed for a TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);

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
pub async fn serve(
    listeners: Vec<TcpListener>,
    live: Arc<Live>,
    store: Store,
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
                let permit = match anvil.admit(peer.ip(), &config) {
                    Ok(permit) => permit,
                    Err(why) => {
                        let (reply, limit) = match why {
                            Refusal::PerClient => (reply::TOO_MANY_FROM_CLIENT, "max_connections_per_client"),
                            Refusal::Full => (reply::TOO_MANY_CONNECTIONS, "max_connections"),
                        };
                        metrics::inc("bounced_connections_refused_total", &[]);
                        tracing::warn!(%peer, reply = %reply.short(), limit, "connection refused: limit reached");
                        sessions.spawn(refuse(stream, reply));
                        continue;
                    }
                };
                metrics::inc("bounced_connections_total", &[]);
                let (store, shutdown) = (store.clone(), shutdown.clone());
                // The session's own log lines (rejections) carry the peer through this span.
                sessions.spawn(
                    handle(stream, peer, config, tls, store, shutdown, Grant { permit, budget: budget.clone() })
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
struct Conn {
    peer: SocketAddr,
    config: Arc<Smtp>,
    store: Store,
    shutdown: watch::Receiver<bool>,
    /// Set when shutdown is first seen: the end of the drain.
    drain_until: Option<Instant>,
    deadlines: Deadlines,
    /// The session's slot; it may be asked to make room while it waits for a command.
    permit: Permit,
    tally: Tally,
}

async fn handle(
    mut stream: TcpStream,
    peer: SocketAddr,
    config: Arc<Smtp>,
    tls: Option<TlsAcceptor>,
    store: Store,
    shutdown: watch::Receiver<bool>,
    grant: Grant,
) {
    let Grant { permit, budget } = grant;
    let started = Instant::now();
    let mut session = Session::new(config.clone(), tls.is_some(), budget);
    let mut conn = Conn {
        peer,
        deadlines: Deadlines::new(started, &config),
        permit,
        config,
        store,
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
        metrics::add(
            "bounced_recipients_rejected_total",
            &[],
            session.rejected_recipients,
        );
    }
    if session.rejected_messages > 0 {
        metrics::add(
            "bounced_transactions_total",
            &[("reply", "5xx")],
            session.rejected_messages,
        );
    }
    tracing::info!(
        tls = encrypted,
        bytes_in = conn.tally.bytes_in,
        accepted = conn.tally.accepted,
        failed = conn.tally.failed,
        millis = started.elapsed().as_millis() as u64,
        end,
        "connection closed"
    );
}

/// Runs the session over `stream` until it closes or switches to TLS.
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    session: &mut Session,
    conn: &mut Conn,
    mut out: Vec<u8>,
) -> End {
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        if !out.is_empty() {
            match tokio::time::timeout(conn.config.command_timeout(), stream.write_all(&out)).await
            {
                Ok(Ok(())) => out.clear(),
                Ok(Err(_)) => return End::Closed("write error"),
                Err(_) => return End::Closed("write timeout"),
            }
        }
        if *conn.shutdown.borrow() {
            let until = *conn
                .drain_until
                .get_or_insert_with(|| Instant::now() + conn.config.drain_timeout());
            session.shut_down();
            // A message being received may finish within the drain time; anyone else is told to retry.
            if !session.in_data() || Instant::now() >= until {
                return close(
                    stream,
                    session,
                    &reply::SHUTTING_DOWN,
                    "shutdown",
                    out,
                    &conn.config,
                )
                .await;
            }
        }
        let phase = phase_of(session);
        conn.permit.set_waiting(phase != Phase::Data);
        let (mut timeout, limit) = conn.deadlines.next_read(
            Instant::now(),
            phase,
            &conn.config,
            conn.permit.stressed(&conn.config),
        );
        if let Some(until) = conn.drain_until {
            timeout = timeout.min(until.saturating_duration_since(Instant::now()));
        }
        let shutting_down = *conn.shutdown.borrow();
        // Biased: an eviction or a shutdown already signalled wins over a command that arrives
        // meanwhile (a session told to make room must not answer one more command first).
        let read = tokio::select! {
            biased;
            // Only while waiting for a command: a transfer under way is never cut to make room.
            _ = conn.permit.evicted(), if phase != Phase::Data => {
                return close(stream, session, &reply::MAKING_ROOM, "evicted to make room", out, &conn.config).await;
            }
            _ = conn.shutdown.changed(), if !shutting_down => continue,
            r = tokio::time::timeout(timeout, stream.read(&mut buf)) => r,
        };
        let n = match read {
            Ok(Ok(0)) => return End::Closed("client closed"),
            Ok(Ok(n)) => n,
            Ok(Err(_)) => return End::Closed("read error"),
            Err(_) if conn.drain_until.is_some() => {
                return close(
                    stream,
                    session,
                    &reply::SHUTTING_DOWN,
                    "shutdown",
                    out,
                    &conn.config,
                )
                .await;
            }
            Err(_) => {
                return close(
                    stream,
                    session,
                    &reply::TIMEOUT,
                    limit.name(),
                    out,
                    &conn.config,
                )
                .await
            }
        };
        conn.tally.bytes_in += n;
        let mut input = &buf[..n];
        loop {
            match session.ingest(&mut input, &mut out) {
                Progress::NeedInput => break,
                Progress::Close(why) => {
                    let _ =
                        tokio::time::timeout(conn.config.command_timeout(), stream.write_all(&out))
                            .await;
                    return End::Closed(if conn.drain_until.is_some() && why != "quit" {
                        "shutdown"
                    } else {
                        why
                    });
                }
                Progress::StartTls => {
                    if tokio::time::timeout(conn.config.command_timeout(), stream.write_all(&out))
                        .await
                        .is_err()
                    {
                        return End::Closed("write timeout");
                    }
                    return End::StartTls;
                }
                Progress::Message(received) => {
                    let outcome = store_message(received, conn).await;
                    session.stored(outcome, &mut out);
                }
            }
        }
        conn.deadlines.observe(Instant::now(), n, phase_of(session));
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
    mut out: Vec<u8>,
    config: &Smtp,
) -> End {
    session.abort(reply, &mut out);
    let _ = tokio::time::timeout(config.command_timeout(), stream.write_all(&out)).await;
    End::Closed(why)
}

/// Analyses, commits and logs one message; the outcome decides the reply.
async fn store_message(received: super::session::Received, conn: &mut Conn) -> StoreOutcome {
    let peer = conn.peer;
    // The content counts against the memory budget until the commit is over.
    let _held = received.held;
    let size = received.data.len();
    let from = crate::logging::path(&received.envelope.mail_from);
    let rcpt = received.envelope.rcpt_to.clone();
    // Parsing a large message is CPU work: keep it off the threads that serve other sessions.
    let analysis = tokio::task::block_in_place(|| analysis::analyze(&received.data));
    let kind = analysis.kind.name();
    let reported: Vec<(&'static str, &'static str)> = analysis
        .findings
        .iter()
        .map(|f| (f.category.name(), f.reason.name()))
        .collect();
    let msg = NewMessage {
        received_at: Utc::now(),
        peer: peer.ip().to_string(),
        envelope: received.envelope,
        data: received.data,
        analysis,
    };
    let outcome = match conn.store.save(msg).await {
        Ok((Saved::Stored { id }, applied)) => {
            for (category, reason) in &reported {
                metrics::inc(
                    "bounced_reports_total",
                    &[("category", category), ("reason", reason)],
                );
            }
            tracing::info!(
                %from, rcpt = ?Json(&rcpt), size, id, kind,
                events = applied.events,
                unverified = applied.unverified,
                changes = ?Json(&applied.changes),
                reply = "250 2.0.0",
                "message stored"
            );
            if !applied.dropped.is_empty() {
                tracing::warn!(id, dropped = ?applied.dropped, "part of the report was not applied");
            }
            StoreOutcome::Stored
        }
        Ok((Saved::Duplicate { id }, _)) => {
            tracing::info!(%from, rcpt = ?Json(&rcpt), size, id, reply = "250 2.0.0", "message already stored");
            StoreOutcome::Duplicate
        }
        Err(e) => {
            tracing::warn!(%from, rcpt = ?Json(&rcpt), size, error = %Chain(&e), reply = "451 4.3.0", "message not stored");
            StoreOutcome::Failed
        }
    };
    let class = match outcome {
        StoreOutcome::Failed => {
            conn.tally.failed += 1;
            "4xx"
        }
        _ => {
            conn.tally.accepted += 1;
            "2xx"
        }
    };
    metrics::inc("bounced_transactions_total", &[("reply", class)]);
    outcome
}
