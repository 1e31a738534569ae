//! The store as the SMTP listener's `Deliver`: reads the message (the report → classify steps),
//! commits it with what it says applied, and logs the result.

use tokio::task::JoinError;

use crate::analysis::{self, Analysis};
use crate::intake::{Deliver, Outcome, Transaction};
use crate::logging::{path, Chain, Json};
use crate::metrics;

use super::{NewMessage, Saved, Store};

/// Content up to this size is read on the session's own thread. The classify bench reads about
/// 50,000 messages a second, so a typical DSN of a few KiB takes some 20 µs: less than handing
/// it to another thread and back costs. Larger content (up to `max_message_size`) can take
/// milliseconds, during which the worker's other sessions would wait: it goes to the blocking
/// pool instead.
const ANALYZE_INLINE_MAX: usize = 256 * 1024;

/// Reads and classifies `data`, off the async workers when it is large; hands `data` back.
/// Fails only when the runtime shuts down before the blocking pool got to it.
async fn analyze(data: Vec<u8>, mail_from: String) -> Result<(Vec<u8>, Analysis), JoinError> {
    if data.len() <= ANALYZE_INLINE_MAX {
        let analysis = analysis::analyze_sent_by(&data, &mail_from);
        return Ok((data, analysis));
    }
    let read = tokio::task::spawn_blocking(move || {
        let analysis = analysis::analyze_sent_by(&data, &mail_from);
        (data, analysis)
    });
    match read.await {
        // As when it runs inline: a panic in the reader ends this session's task.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        other => other,
    }
}

impl Deliver for Store {
    async fn deliver(&self, transaction: Transaction) -> Outcome {
        let Transaction {
            received_at,
            peer,
            envelope,
            data,
        } = transaction;
        let size = data.len();
        let from = path(&envelope.mail_from);
        let rcpt = envelope.rcpt_to.clone();
        let (data, analysis) = match analyze(data, envelope.mail_from.clone()).await {
            Ok(read) => read,
            Err(e) => {
                tracing::warn!(%from, rcpt = ?Json(&rcpt), size, error = %e, reply = "451 4.3.0", "message not stored");
                return Outcome::Failed;
            }
        };
        let kind = analysis.kind.name();
        let reported: Vec<(&'static str, &'static str)> = analysis
            .findings
            .iter()
            .map(|f| (f.category.name(), f.reason.name()))
            .collect();
        let msg = NewMessage {
            received_at,
            peer: peer.to_string(),
            envelope,
            data,
            analysis,
        };
        match self.save(msg).await {
            Ok((Saved::Stored { id }, applied)) => {
                for (category, reason) in &reported {
                    metrics::report(category, reason);
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
                Outcome::Stored
            }
            Ok((Saved::Duplicate { id }, _)) => {
                tracing::info!(%from, rcpt = ?Json(&rcpt), size, id, reply = "250 2.0.0", "message already stored");
                Outcome::Duplicate
            }
            Err(e) => {
                tracing::warn!(%from, rcpt = ?Json(&rcpt), size, error = %Chain(&e), reply = "451 4.3.0", "message not stored");
                Outcome::Failed
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::envelope::Envelope;
    use crate::store::{NoEvents, Rules, Settings};

    fn dsn(recipient: &str, padding: usize) -> Vec<u8> {
        format!(
            "From: MAILER-DAEMON@mx.remote.test\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\
             \r\n--B\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n{}\
             \r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n\
             Reporting-MTA: dns; mx.remote.test\r\n\r\n\
             Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
             \r\n--B--\r\n",
            "Transcript line.\r\n".repeat(padding / 18)
        )
        .into_bytes()
    }

    // One thread: `block_in_place` would panic here, the blocking pool does not.
    #[tokio::test(flavor = "current_thread")]
    async fn small_and_large_messages_are_read_stored_and_applied() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            path: dir.path().join("b.db"),
            ..Settings::default()
        };
        let rules = Rules::new(&Default::default(), &Default::default(), Arc::new(NoEvents));
        let (store, writer) = Store::start(&settings, rules.unwrap()).unwrap();
        for (recipient, padding) in [("small@example.com", 0), ("large@example.com", 1 << 20)] {
            let data = dsn(recipient, padding);
            assert_eq!(data.len() > ANALYZE_INLINE_MAX, padding > 0);
            let outcome = store
                .deliver(Transaction {
                    received_at: chrono::Utc::now(),
                    peer: [127, 0, 0, 1].into(),
                    envelope: Envelope {
                        helo: "client.test".into(),
                        mail_from: String::new(),
                        rcpt_to: vec!["b@bounce.test".into()],
                    },
                    data,
                })
                .await;
            assert_eq!(outcome, Outcome::Stored, "{recipient}");
        }
        drop(store);
        writer.join().unwrap();
        let conn = rusqlite::Connection::open(&settings.path).unwrap();
        let invalid: Vec<String> = conn
            .prepare("SELECT email FROM people WHERE email_invalid = 1 ORDER BY email")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(invalid, ["large@example.com", "small@example.com"]);
    }
}
