//! What can go wrong setting up a receiver (at startup, naming the file or URL) and delivering
//! to it (recorded in the outbox's `last_error` as the whole chain of causes).

use std::path::PathBuf;
use std::time::Duration;

use tokio_rustls::rustls;

/// A `[[webhook]]` section whose files or URL cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("webhook {}: cannot read", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("webhook {}", path.display())]
    Secret {
        path: PathBuf,
        #[source]
        source: KeyError,
    },
    #[error("webhook url {url:?}")]
    Url {
        url: String,
        #[source]
        source: hyper::http::uri::InvalidUri,
    },
    #[error("webhook ca_file {}", path.display())]
    CaFile {
        path: PathBuf,
        #[source]
        source: rustls_pki_types::pem::Error,
    },
    #[error("webhook ca_file {}: no certificate in the file", path.display())]
    NoCa { path: PathBuf },
    #[error("webhook ca_file {}", path.display())]
    CaCert {
        path: PathBuf,
        #[source]
        source: rustls::Error,
    },
    #[error("TLS client setup")]
    Tls(#[source] rustls::Error),
}

/// A signing secret's text that gives no key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the secret is empty")]
    Empty,
    #[error("the whsec_ secret is not base64")]
    NotBase64(#[source] base64::DecodeError),
}

/// Why one POST got no HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("no answer within {} s", .0.as_secs())]
    Timeout(Duration),
    #[error("the URL has no host")]
    NoHost,
    #[error("connecting to {host}:{port}")]
    Connect {
        host: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("TLS name {host:?}")]
    TlsName {
        host: String,
        #[source]
        source: rustls_pki_types::InvalidDnsNameError,
    },
    #[error("TLS with {host}:{port}")]
    Tls {
        host: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("building the request")]
    Request(#[source] hyper::http::Error),
    #[error("HTTP handshake")]
    Handshake(#[source] hyper::Error),
    #[error("sending the request")]
    Send(#[source] hyper::Error),
}
