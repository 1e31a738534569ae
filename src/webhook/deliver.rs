//! The delivery task: polls the outbox on its own SQLite connection, POSTs what is due, and
//! records each outcome. It shares nothing with SMTP intake but the database file, and holds no
//! transaction while waiting on a receiver, so a slow or hanging receiver never delays a `250`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{DateTime, Utc};
use hyper::body::Bytes;
use hyper::Uri;
use rusqlite::Connection;
use tokio::task::JoinSet;
use tokio_rustls::TlsConnector;

use super::backoff::{self, Next};
use super::client;
use super::outbox::{self, Delivery, Outcome};
use super::settings::Webhook;
use super::sign;
use super::SetupError;
use crate::logging::Chain;
use crate::metrics::{self, WebhookResult};

/// How often the outbox is looked at when nothing was due.
const POLL: Duration = Duration::from_millis(500);
/// Most deliveries attempted at once.
const BATCH: usize = 32;
/// How often the pending gauge is refreshed.
const GAUGE: Duration = Duration::from_secs(10);
/// How often delivered rows are pruned (a write: kept rare to stay out of the writer's way).
const PRUNE: Duration = Duration::from_secs(3600);
/// Days a delivered row is kept (for `bounced outbox --all`).
const KEEP_DELIVERED_DAYS: i64 = 30;

/// A configured receiver, its secrets read.
#[derive(Clone)]
pub struct Target {
    url: Uri,
    key: Option<Vec<u8>>,
    /// `Authorization` header value (basic auth), when configured.
    authorization: Option<String>,
    timeout: Duration,
    max_age: Duration,
    tls: TlsConnector,
}

/// The receivers by URL, their secret files read (errors name the file).
pub type Targets = HashMap<String, Arc<Target>>;

pub fn targets(hooks: &[Webhook]) -> Result<Targets, SetupError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| SetupError::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let mut out = Targets::new();
    for hook in hooks {
        let key = match &hook.secret_file {
            Some(path) => {
                let secret = |source| SetupError::Secret {
                    path: path.clone(),
                    source,
                };
                Some(sign::key_from_text(&read(path)?).map_err(secret)?)
            }
            None => None,
        };
        let authorization = match (&hook.user, &hook.password_file) {
            (Some(user), Some(path)) => {
                let password = read(path)?;
                Some(format!(
                    "Basic {}",
                    STANDARD.encode(format!("{user}:{}", password.trim()))
                ))
            }
            _ => None,
        };
        let url = hook.url.parse().map_err(|source| SetupError::Url {
            url: hook.url.clone(),
            source,
        })?;
        let target = Target {
            url,
            key,
            authorization,
            timeout: hook.timeout,
            max_age: hook.max_age,
            tls: client::connector(hook.ca_file.as_deref())?,
        };
        out.insert(hook.url.clone(), Arc::new(target));
    }
    Ok(out)
}

/// Runs until aborted. `db` is opened here: the writer's connection stays the writer's.
pub async fn run(db: PathBuf, busy_timeout: Duration, targets: Targets) {
    let urls = serde_json::to_string(&targets.keys().collect::<Vec<_>>()).unwrap_or_default();
    let mut conn = match crate::store::open_writable(&db, busy_timeout) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %Chain(&e), "webhooks: cannot open the database; nothing will be delivered");
            return;
        }
    };
    // Both are first done right away.
    let (mut gauged, mut pruned) = (None::<tokio::time::Instant>, None::<tokio::time::Instant>);
    loop {
        if gauged.is_none_or(|t| t.elapsed() >= GAUGE) {
            gauged = Some(tokio::time::Instant::now());
            conn = blocking(conn, gauge).await.0;
        }
        if pruned.is_none_or(|t| t.elapsed() >= PRUNE) {
            pruned = Some(tokio::time::Instant::now());
            conn = blocking(conn, prune).await.0;
        }
        let urls = urls.clone();
        let (back, due) = blocking(conn, move |c| outbox::due(c, Utc::now(), &urls, BATCH)).await;
        conn = back;
        let due = match due {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "webhooks: reading the outbox failed; will retry");
                tokio::time::sleep(POLL).await;
                continue;
            }
        };
        if due.is_empty() {
            tokio::time::sleep(POLL).await;
            continue;
        }
        let mut attempts = JoinSet::new();
        for delivery in due {
            if let Some(target) = targets.get(&delivery.url) {
                attempts.spawn(attempt(delivery, target.clone()));
            }
        }
        let results = attempts.join_all().await;
        let (back, recorded) =
            blocking(conn, move |c| outbox::record(c, &results, Utc::now())).await;
        conn = back;
        if let Err(e) = recorded {
            // The attempts will be made again: at-least-once.
            tracing::warn!(error = %e, "webhooks: recording delivery outcomes failed");
            tokio::time::sleep(POLL).await;
        }
    }
}

fn gauge(conn: &mut Connection) {
    match outbox::pending(conn) {
        Ok(n) => metrics::set_webhook_pending(n),
        Err(e) => tracing::debug!(error = %e, "webhooks: counting pending deliveries failed"),
    }
}

/// Drops old delivered rows; a failure only delays it to the next time.
fn prune(conn: &mut Connection) {
    let cutoff = Utc::now() - chrono::Duration::days(KEEP_DELIVERED_DAYS);
    match outbox::prune_delivered(conn, cutoff) {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            deliveries = n,
            "webhooks: dropped delivered rows past {KEEP_DELIVERED_DAYS} days"
        ),
        Err(e) => tracing::debug!(error = %e, "webhooks: pruning delivered rows failed"),
    }
}

/// Runs `job` on the connection off the async workers (SQLite may wait on a lock).
async fn blocking<T: Send + 'static>(
    mut conn: Connection,
    job: impl FnOnce(&mut Connection) -> T + Send + 'static,
) -> (Connection, T) {
    tokio::task::spawn_blocking(move || {
        let out = job(&mut conn);
        (conn, out)
    })
    .await
    .expect("the outbox job does not panic")
}

/// One POST of `delivery` and what comes of it.
async fn attempt(delivery: Delivery, target: Arc<Target>) -> (i64, Outcome) {
    let id = outbox::delivery_id(delivery.id);
    let timestamp = Utc::now().timestamp();
    let body = Bytes::from(delivery.body.clone());
    let mut headers = vec![
        ("webhook-id", id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
    ];
    if let Some(key) = &target.key {
        headers.push((
            "webhook-signature",
            sign::signature(key, &id, timestamp, &body),
        ));
    }
    if let Some(auth) = &target.authorization {
        headers.push(("authorization", auth.clone()));
    }
    let error = match client::post(&target.tls, &target.url, &headers, body, target.timeout).await {
        Ok(code) if (200..300).contains(&code) => {
            metrics::webhook_attempt(WebhookResult::Delivered);
            tracing::debug!(id = %id, url = %delivery.url, "webhook delivered");
            return (delivery.id, Outcome::Delivered);
        }
        Ok(code) => format!("HTTP {code}"),
        Err(e) => Chain(&e).to_string(),
    };
    let now = Utc::now();
    let deadline = start(&delivery)
        + chrono::Duration::from_std(target.max_age).unwrap_or(chrono::Duration::MAX);
    let outcome = match backoff::after_failure(
        delivery.attempts + 1,
        now,
        deadline,
        backoff::jitter(),
    ) {
        Next::RetryAt(at) => {
            metrics::webhook_attempt(WebhookResult::Failed);
            tracing::warn!(id = %id, url = %delivery.url, error = %error, retry_at = %crate::store::rfc3339(at), "webhook delivery failed");
            Outcome::RetryAt(at, error)
        }
        Next::Dead => {
            metrics::webhook_attempt(WebhookResult::Dead);
            tracing::error!(id = %id, url = %delivery.url, error = %error, "webhook delivery given up (dead); `bounced outbox --retry` requeues it");
            Outcome::Dead(error)
        }
    };
    (delivery.id, outcome)
}

/// Start of the delivery's retry window.
fn start(delivery: &Delivery) -> DateTime<Utc> {
    crate::store::people::parse_time(Some(delivery.created_at.clone())).unwrap_or_else(Utc::now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(extra: &str) -> Webhook {
        toml::from_str(&format!("url = \"http://127.0.0.1:1/x\"\n{extra}")).unwrap()
    }

    #[test]
    fn setup_errors_name_the_file_and_keep_the_cause() {
        let Err(e) = targets(&[hook("secret_file = \"/nonexistent/hook.secret\"")]) else {
            panic!("a missing secret file is an error");
        };
        assert_eq!(
            e.to_string(),
            "webhook /nonexistent/hook.secret: cannot read"
        );
        let cause = std::error::Error::source(&e).expect("the io::Error is kept");
        assert!(cause.is::<std::io::Error>(), "{cause}");

        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("hook.secret");
        std::fs::write(&secret, "whsec_!!").unwrap();
        let Err(e) = targets(&[hook(&format!("secret_file = {secret:?}"))]) else {
            panic!("a secret that is not base64 is an error");
        };
        let chain = crate::logging::Chain(&e).to_string();
        assert!(
            chain.contains("hook.secret: the whsec_ secret is not base64: "),
            "{chain}"
        );
    }
}
