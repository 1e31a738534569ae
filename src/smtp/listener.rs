//! The tokio driver around `Session`: accepts connections, enforces the connection limit and the
//! timeouts, moves bytes between the socket and the session, and stores completed messages.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::reply;
use super::session::{Progress, Session, StoreOutcome};
use crate::analysis;
use crate::config::Smtp;
use crate::store::{NewMessage, Saved, Store};

/// Bytes read from a socket at a time; with the size limit it bounds a session's memory.
const READ_CHUNK: usize = 64 * 1024;

/// Binds every address first, so a bad or busy address fails startup with its name.
pub async fn bind(addrs: &[SocketAddr]) -> io::Result<Vec<TcpListener>> {
    let mut listeners = Vec::new();
    for addr in addrs {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        listeners.push(listener);
    }
    Ok(listeners)
}

/// Accepts until `shutdown` resolves, then waits for open sessions to end.
pub async fn serve(
    listeners: Vec<TcpListener>,
    config: Arc<Smtp>,
    store: Store,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(config.max_connections));
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
                        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    }
                }
            }
        });
    }
    drop(accepted_tx);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            Some((stream, peer)) = accepted_rx.recv() => {
                let Ok(permit) = slots.clone().try_acquire_owned() else {
                    tracing::warn!(%peer, reply = %reply::TOO_MANY_CONNECTIONS.short(), "connection refused: limit reached");
                    sessions.spawn(refuse(stream));
                    continue;
                };
                let config = config.clone();
                let store = store.clone();
                sessions.spawn(async move {
                    handle(stream, peer, config, store).await;
                    drop(permit);
                });
            }
            Some(_) = sessions.join_next() => {}
        }
    }
    acceptors.abort_all();
    while sessions.join_next().await.is_some() {}
}

async fn refuse(mut stream: TcpStream) {
    let mut out = Vec::new();
    reply::TOO_MANY_CONNECTIONS.write_to(&mut out);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.write_all(&out)).await;
}

/// Per-connection counters for the closing log line.
#[derive(Default)]
struct Tally {
    bytes_in: usize,
    accepted: usize,
    failed: usize,
}

async fn handle(mut stream: TcpStream, peer: SocketAddr, config: Arc<Smtp>, store: Store) {
    let started = Instant::now();
    let mut tally = Tally::default();
    let end = converse(&mut stream, peer, &config, &store, &mut tally).await;
    tracing::info!(
        %peer,
        bytes_in = tally.bytes_in,
        accepted = tally.accepted,
        failed = tally.failed,
        millis = started.elapsed().as_millis() as u64,
        end,
        "connection closed"
    );
}

/// Runs the session; returns how it ended, for the log.
async fn converse(
    stream: &mut TcpStream,
    peer: SocketAddr,
    config: &Arc<Smtp>,
    store: &Store,
    tally: &mut Tally,
) -> &'static str {
    let mut session = Session::new(config.clone());
    let mut out = Vec::new();
    session.greeting(&mut out);
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        if !out.is_empty() {
            match tokio::time::timeout(config.command_timeout(), stream.write_all(&out)).await {
                Ok(Ok(())) => out.clear(),
                Ok(Err(_)) => return "write error",
                Err(_) => return "write timeout",
            }
        }
        let timeout = if session.in_data() {
            config.data_timeout()
        } else if session.has_partial_command() {
            config.command_timeout()
        } else {
            config.idle_timeout()
        };
        let n = match tokio::time::timeout(timeout, stream.read(&mut buf)).await {
            Ok(Ok(0)) => return "client closed",
            Ok(Ok(n)) => n,
            Ok(Err(_)) => return "read error",
            Err(_) => {
                session.abort(&reply::TIMEOUT, &mut out);
                let _ =
                    tokio::time::timeout(config.command_timeout(), stream.write_all(&out)).await;
                return "timeout";
            }
        };
        tally.bytes_in += n;
        let mut input = &buf[..n];
        loop {
            match session.ingest(&mut input, &mut out) {
                Progress::NeedInput => break,
                Progress::Close => {
                    let _ = tokio::time::timeout(config.command_timeout(), stream.write_all(&out))
                        .await;
                    return "closed by server";
                }
                Progress::Message(received) => {
                    let size = received.data.len();
                    let from = received.envelope.mail_from.clone();
                    let rcpt = received.envelope.rcpt_to.clone();
                    let analysis = analysis::analyze(&received.data);
                    let kind = analysis.kind.name();
                    let msg = NewMessage {
                        received_at: Utc::now(),
                        peer: peer.ip().to_string(),
                        envelope: received.envelope,
                        data: received.data,
                        analysis,
                    };
                    let outcome = match store.save(msg).await {
                        Ok((Saved::Stored { id }, applied)) => {
                            tracing::info!(
                                %peer, %from, ?rcpt, size, id, kind,
                                events = applied.events,
                                unverified = applied.unverified,
                                changes = ?applied.changes,
                                reply = "250 2.0.0",
                                "message stored"
                            );
                            StoreOutcome::Stored
                        }
                        Ok((Saved::Duplicate { id }, _)) => {
                            tracing::info!(%peer, %from, ?rcpt, size, id, reply = "250 2.0.0", "message already stored");
                            StoreOutcome::Duplicate
                        }
                        Err(e) => {
                            tracing::warn!(%peer, %from, ?rcpt, size, error = %e, reply = "451 4.3.0", "message not stored");
                            StoreOutcome::Failed
                        }
                    };
                    match outcome {
                        StoreOutcome::Failed => tally.failed += 1,
                        _ => tally.accepted += 1,
                    }
                    session.stored(outcome, &mut out);
                }
            }
        }
    }
}
