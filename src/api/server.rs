//! The API's HTTP/1.1 server (hyper): authentication, then one read-only SQLite connection per
//! request on a blocking thread, so a slow query never stalls the async workers or the writer.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::auth::Token;
use super::routes::{self, Refusal, Route};
use super::{queries, Api, ApiError};

/// Connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 64;
/// A connection's whole life, requests included: a client cannot hold one open forever.
const CONNECTION_TIME: Duration = Duration::from_secs(60);
/// Largest request body (a `mailable` list of 1,000 long addresses fits).
const MAX_BODY: usize = 1 << 20;

/// The bound socket and the token requests must carry.
pub struct Listening {
    listener: TcpListener,
    token: Token,
}

/// Reads `api.token_file` when the API is on (so that `check-config` finds a missing or empty
/// one); errors name the file.
pub fn token(api: &Api) -> Result<Option<Token>, ApiError> {
    let (Some(_), Some(path)) = (&api.listen, &api.token_file) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|source| ApiError::ReadToken {
        path: path.clone(),
        source,
    })?;
    Token::from_text(&text)
        .map(Some)
        .map_err(|source| ApiError::Token {
            path: path.clone(),
            source,
        })
}

/// Binds `addr` for the API; the error names the address.
pub async fn bind(addr: SocketAddr, token: Token) -> Result<Listening, ApiError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ApiError::Listen { addr, source })?;
    if listener.local_addr().is_ok_and(|a| !a.ip().is_loopback()) {
        tracing::warn!(listen = %addr, "the API listens beyond loopback: its bearer token travels in clear unless a TLS proxy is in front");
    }
    Ok(Listening { listener, token })
}

struct State {
    token: Token,
    db: PathBuf,
    busy_timeout: Duration,
}

pub async fn serve(listening: Listening, db: PathBuf, busy_timeout: Duration) {
    let state = Arc::new(State {
        token: listening.token,
        db,
        busy_timeout,
    });
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let Ok((stream, _)) = listening.listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(answer(req, &state).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_TIME, connection).await;
            drop(slot);
        });
    }
}

async fn answer(req: Request<Incoming>, state: &Arc<State>) -> Response<Full<Bytes>> {
    let authorization = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !state.token.admits(authorization) {
        let mut response = reply(401, &json!({ "error": "a valid bearer token is required" }));
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    let now = Utc::now();
    let target = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let route = match routes::route(req.method().as_str(), &target, now) {
        Ok(r) => r,
        Err(Refusal(status, why)) => return reply(status, &json!({ "error": why })),
    };
    let addresses = if route == Route::Mailable {
        let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
            Ok(b) => b.to_bytes(),
            Err(_) => {
                return reply(
                    413,
                    &json!({ "error": "the body is too large or was cut off" }),
                )
            }
        };
        match routes::addresses(&body) {
            Ok(list) => list,
            Err(Refusal(status, why)) => return reply(status, &json!({ "error": why })),
        }
    } else {
        Vec::new()
    };
    let state = state.clone();
    let result = tokio::task::spawn_blocking(move || {
        let conn = open(&state)?;
        match route {
            Route::Person(email) => queries::person(&conn, &email, now),
            Route::Suppressions {
                since,
                after,
                limit,
            } => queries::suppressions(&conn, since, after.as_deref(), limit, now),
            Route::Mailable => queries::mailable(&conn, &addresses, now),
        }
    })
    .await;
    match result {
        Ok(Ok(value)) => reply(200, &value),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, target = %target, "API: reading the database failed");
            reply(
                503,
                &json!({ "error": "the database could not be read; try again" }),
            )
        }
        Err(e) => {
            tracing::error!(error = %e, "API: query task failed");
            reply(500, &json!({ "error": "internal error" }))
        }
    }
}

/// A read-only connection: the API can never change the database, whatever it is asked.
fn open(state: &State) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        &state.db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(state.busy_timeout)?;
    Ok(conn)
}

fn reply(status: u16, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
