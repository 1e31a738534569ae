//! bounced: the MX of a bounce return-path domain.
//!
//! Data flow: `smtp` → `report` → `classify` → `policy` → `store`; `cli`, `config` beside them.

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
pub mod policy;
pub mod report;
pub mod resolve;
pub mod since;
pub mod smtp;
pub mod store;
pub mod taxonomy;
pub mod verp;
pub mod webhook;
