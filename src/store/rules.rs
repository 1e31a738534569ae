//! What messages are applied with: the VERP rules their people are resolved with, the policy,
//! and where applied events go.

use std::fmt;
use std::sync::Arc;

use rusqlite::Transaction;

use super::messages::NewMessage;
use crate::plan::{plan, Plan};
use crate::policy::{Person, Policy};
use crate::verp::{Signer, Verp, VerpMode};

/// The configuration a message is applied with: the VERP rules its people are resolved with
/// (before the writer), the policy and the event sink (in the writer's transaction).
#[derive(Debug, Clone)]
pub struct Rules {
    pub policy: Policy,
    pub verp_mode: VerpMode,
    pub signer: Signer,
    /// Where applied events are queued for delivery (the webhook outbox).
    pub events: Arc<dyn EventSink>,
}

/// What the writer hands each applied event to, inside the transaction that records it, so a
/// failure there rolls the message back. The webhook outbox implements it; the store does not
/// know what is done with the event.
pub trait EventSink: Send + Sync {
    /// `person` is the state the event left, when it changed; `raw` the message it came from.
    fn applied(
        &self,
        tx: &Transaction<'_>,
        event_id: i64,
        person: Option<&Person>,
        raw: &[u8],
    ) -> rusqlite::Result<()>;
}

impl fmt::Debug for dyn EventSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSink")
    }
}

/// An `EventSink` that does nothing with the events.
pub struct NoEvents;

impl EventSink for NoEvents {
    fn applied(
        &self,
        _: &Transaction<'_>,
        _: i64,
        _: Option<&Person>,
        _: &[u8],
    ) -> rusqlite::Result<()> {
        Ok(())
    }
}

impl Rules {
    /// Reads the VERP secrets named by `verp` (never logged).
    pub fn new(
        policy: &Policy,
        verp: &Verp,
        events: Arc<dyn EventSink>,
    ) -> Result<Rules, crate::verp::VerpError> {
        let signer = Signer::from_config(verp)?;
        if verp.mode == VerpMode::Require && !signer.can_sign() {
            return Err(crate::verp::VerpError::RequireWithoutSecret);
        }
        Ok(Rules {
            policy: policy.clone(),
            verp_mode: verp.mode,
            signer,
            events,
        })
    }

    /// What `msg` will do under these rules (who each finding concerns, when, what cannot be
    /// applied), worked out before the writer's transaction.
    pub fn plan(&self, msg: &NewMessage) -> Plan {
        plan(
            &msg.envelope.rcpt_to,
            &msg.analysis,
            msg.received_at,
            self.verp_mode,
            &self.signer,
        )
    }
}
