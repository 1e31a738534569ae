//! bounced: the MX of a bounce return-path domain.
//!
//! Data flow: `smtp` → `report` → `classify` → `policy` → `store`; `cli`, `config` beside them.
//!
//! No two modules import each other, directly or round a loop (`tests/architecture.rs` checks
//! it). Vocabulary sits at the bottom and imports nothing of ours but vocabulary: `taxonomy`
//! (reasons, categories, report kinds and actions), `envelope`, `address`. Each module owns its
//! settings section (`smtp::settings::Smtp`, `policy::Policy`, `verp::Verp`, `store::Settings`,
//! `logging::Log`, `webhook::Webhook`, `api::Api`); `config` embeds and validates them, and only
//! `cli` and `config` sit above everything. The store hands applied events to an
//! `store::EventSink` (the webhook outbox) rather than importing `webhook`.

#![deny(rust_2018_idioms)]

pub mod address;
pub mod analysis;
pub mod api;
pub mod classify;
pub mod cli;
pub mod config;
pub mod envelope;
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
