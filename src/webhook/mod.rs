//! Webhooks: events pushed to the systems that send mail. The outbox row is written in the
//! transaction that applies the event (`outbox::enqueue`, called from `store::apply`); the
//! delivery task (`deliver`) POSTs it, signed (`sign`), retrying on a schedule (`backoff`).

pub mod backoff;
mod client;
pub mod deliver;
mod error;
pub mod outbox;
pub mod payload;
mod settings;
pub mod sign;

pub use error::{KeyError, PostError, SetupError};
pub use settings::{Events, Format, Webhook};
