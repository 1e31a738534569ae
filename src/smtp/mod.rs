//! SMTP intake: a sans-IO session state machine (`session`) and the tokio driver (`listener`).

mod anvil;
pub mod budget;
mod deadline;
pub mod listener;
mod rate;
pub mod reply;
pub mod session;
pub mod settings;
mod size_param;
pub mod tls;
