//! The store as the SMTP listener's `Deliver`: reads the message (the report → classify steps),
//! commits it with what it says applied, and logs the result.

use crate::analysis;
use crate::intake::{Deliver, Outcome, Transaction};
use crate::logging::{path, Json};
use crate::metrics;

use super::{NewMessage, Saved, Store};

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
        // Parsing a large message is CPU work: keep it off the threads that serve other sessions.
        let analysis = tokio::task::block_in_place(|| analysis::analyze(&data));
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
                Outcome::Stored
            }
            Ok((Saved::Duplicate { id }, _)) => {
                tracing::info!(%from, rcpt = ?Json(&rcpt), size, id, reply = "250 2.0.0", "message already stored");
                Outcome::Duplicate
            }
            Err(e) => {
                tracing::warn!(%from, rcpt = ?Json(&rcpt), size, error = %e, reply = "451 4.3.0", "message not stored");
                Outcome::Failed
            }
        }
    }
}
