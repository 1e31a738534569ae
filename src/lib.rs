//! bounced: the MX of a bounce return-path domain.
//!
//! Data flow: `smtp` → `analysis` (`report` → `classify`) → `plan` (`resolve`) → `store`, whose
//! writer reads each person's state and asks `policy` what follows; `cli` and `config` on top.
//!
//! Every module sits in a layer and imports only lower ones; `docs/architecture.md` has the
//! table and each module's job, and `tests/architecture.rs` checks the imports against it (and
//! that there is no cycle). Vocabulary sits at the bottom (`taxonomy`, `envelope`, `address`,
//! `setting`, and `intake`: the transaction the SMTP listener hands over and the `Deliver` trait it
//! hands it to). Each module owns its settings section (`smtp::settings::Smtp`, `policy::Policy`,
//! `verp::Verp`, `store::Settings`, `logging::Log`, `webhook::Webhook`, `api::Api`); `config`
//! embeds and validates them. The store hands applied events to an `store::EventSink` (the
//! webhook outbox) rather than importing `webhook`; the listener hands each finished transaction
//! to an `intake::Deliver` (the store implements it) rather than importing `store`.

#![deny(rust_2018_idioms)]

pub mod address;
pub mod analysis;
pub mod api;
pub mod classify;
pub mod cli;
pub mod config;
pub mod envelope;
pub mod intake;
pub mod logging;
pub mod mailbox;
pub mod metrics;
pub mod metrics_http;
pub mod plan;
pub mod policy;
pub mod report;
pub mod resolve;
pub mod setting;
pub mod since;
pub mod smtp;
pub mod store;
pub mod taxonomy;
pub mod verp;
pub mod webhook;
