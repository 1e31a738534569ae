//! The seam between SMTP intake and what keeps its messages: the listener hands each finished
//! transaction to a `Deliver` and answers the client by the `Outcome`. The store implements it;
//! tests give the listener a fake. Vocabulary: imports nothing of ours but `envelope`.

use std::future::Future;
use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::envelope::Envelope;

/// One message a client finished sending, with the transaction around it.
#[derive(Debug)]
pub struct Transaction {
    pub received_at: DateTime<Utc>,
    /// The client's address.
    pub peer: IpAddr,
    pub envelope: Envelope,
    /// The content with dot-stuffing removed (RFC 5321 §4.5.2), otherwise byte-exact.
    pub data: Vec<u8>,
}

/// What became of a transaction, as far as the client's reply goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Kept (250).
    Stored,
    /// The same content was kept before (250, not kept again).
    Duplicate,
    /// Not kept; the client should retry (451).
    Failed,
}

/// Where finished transactions go. The reply to DATA waits for `deliver`, so an `Outcome` of
/// `Stored` or `Duplicate` must mean the message is durable.
pub trait Deliver: Send + Sync + 'static {
    fn deliver(&self, transaction: Transaction) -> impl Future<Output = Outcome> + Send;
}
