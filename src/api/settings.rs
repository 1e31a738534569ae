//! The `[api]` section: the read API's address and the file holding its bearer token.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    /// Address of the read API, e.g. "127.0.0.1:9126" (keep it on loopback or behind a proxy
    /// with TLS: the token travels in clear); none when unset.
    pub listen: Option<String>,
    /// File holding the bearer token every request must carry; required with `listen`.
    pub token_file: Option<PathBuf>,
}

impl Api {
    /// The problem with this section, if any, naming the key.
    pub fn problem(&self) -> Option<String> {
        let listen = self.listen.as_ref()?;
        if listen.parse::<SocketAddr>().is_err() {
            return Some(format!("api.listen: {listen:?} is not an IP:port address"));
        }
        if self.token_file.is_none() {
            return Some("api.token_file: needed when api.listen is set".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_needs_a_token() {
        let mut api = Api::default();
        assert_eq!(api.problem(), None);
        api.listen = Some("127.0.0.1:9126".into());
        assert!(api.problem().unwrap().contains("api.token_file"));
        api.token_file = Some("secrets/api.token".into());
        assert_eq!(api.problem(), None);
        api.listen = Some("localhost".into());
        assert!(api.problem().unwrap().starts_with("api.listen"));
    }
}
