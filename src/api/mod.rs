//! The read API (`[api] listen`): the sending system asks who may be mailed, with the CLI's data
//! and JSON shapes. Every request carries the bearer token; nothing here writes.

mod auth;
mod error;
mod queries;
mod routes;
mod server;
mod settings;

pub use auth::Token;
pub use error::{ApiError, EmptyToken};
pub use server::{bind, serve, token, Listening};
pub use settings::Api;
