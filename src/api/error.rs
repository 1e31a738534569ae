//! Why the API cannot start: its token file or its address, named.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("api.token_file {}: cannot read", path.display())]
    ReadToken {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("api.token_file {}", path.display())]
    Token {
        path: PathBuf,
        #[source]
        source: EmptyToken,
    },
    #[error("cannot listen on {addr} for the API")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// An empty token would let anyone in.
#[derive(Debug, thiserror::Error)]
#[error("the token is empty")]
pub struct EmptyToken;
