//! One HTTP/1.1 POST over a fresh connection (plain TCP or rustls), with hyper's client
//! connection API: no pool, because deliveries are rare and a receiver may sit behind anything.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use super::{PostError, SetupError};

/// A TLS client trusting the Mozilla roots compiled in (no system store to depend on) and the
/// certificates of `ca_file`, if any; errors name the file.
pub fn connector(ca_file: Option<&Path>) -> Result<TlsConnector, SetupError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = ca_file {
        let pem = |source| SetupError::CaFile {
            path: path.to_path_buf(),
            source,
        };
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(pem)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(pem)?;
        if certs.is_empty() {
            return Err(SetupError::NoCa {
                path: path.to_path_buf(),
            });
        }
        for cert in certs {
            roots.add(cert).map_err(|source| SetupError::CaCert {
                path: path.to_path_buf(),
                source,
            })?;
        }
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(SetupError::Tls)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// POSTs `body` to `url` with `headers`; the status code, or what failed. The whole exchange,
/// connecting included, is bounded by `timeout`.
pub async fn post(
    tls: &TlsConnector,
    url: &Uri,
    headers: &[(&str, String)],
    body: Bytes,
    timeout: Duration,
) -> Result<u16, PostError> {
    match tokio::time::timeout(timeout, exchange(tls, url, headers, body)).await {
        Ok(result) => result,
        Err(_) => Err(PostError::Timeout(timeout)),
    }
}

async fn exchange(
    tls: &TlsConnector,
    url: &Uri,
    headers: &[(&str, String)],
    body: Bytes,
) -> Result<u16, PostError> {
    let host = url.host().ok_or(PostError::NoHost)?;
    let https = url.scheme_str() == Some("https");
    let port = url.port_u16().unwrap_or(if https { 443 } else { 80 });
    // A bracketed IPv6 literal is connected to without its brackets.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let tcp = TcpStream::connect((bare, port))
        .await
        .map_err(|source| PostError::Connect {
            host: host.to_string(),
            port,
            source,
        })?;
    let _ = tcp.set_nodelay(true);
    let request = build(url, headers, body)?;
    if https {
        let name = ServerName::try_from(bare.to_string()).map_err(|source| PostError::TlsName {
            host: host.to_string(),
            source,
        })?;
        let tls = tls
            .connect(name, tcp)
            .await
            .map_err(|source| PostError::Tls {
                host: host.to_string(),
                port,
                source,
            })?;
        send(tls, request).await
    } else {
        send(tcp, request).await
    }
}

fn build(
    url: &Uri,
    headers: &[(&str, String)],
    body: Bytes,
) -> Result<Request<Full<Bytes>>, PostError> {
    let authority = url.authority().map(|a| a.as_str()).unwrap_or_default();
    let path = url.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut request = Request::post(path)
        .header("host", authority)
        .header("content-type", "application/json")
        .header("user-agent", concat!("bounced/", env!("CARGO_PKG_VERSION")));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.body(Full::new(body)).map_err(PostError::Request)
}

async fn send<S>(stream: S, request: Request<Full<Bytes>>) -> Result<u16, PostError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(PostError::Handshake)?;
    let driver = tokio::spawn(connection);
    let result = async {
        let response = sender
            .send_request(request)
            .await
            .map_err(PostError::Send)?;
        let status = response.status().as_u16();
        // Read the answer to its end so the receiver is not cut off mid-write; its text is not used.
        let _ = response.into_body().collect().await;
        Ok(status)
    }
    .await;
    driver.abort();
    result
}
