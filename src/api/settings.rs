//! The `[api]` section: the read API's address and the file holding its bearer token.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::setting::{listen, Invalid};

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Api {
    /// Address of the read API, e.g. "127.0.0.1:9126" (keep it on loopback or behind a proxy
    /// with TLS: the token travels in clear); none when unset.
    #[serde(deserialize_with = "listen::optional")]
    pub listen: Option<SocketAddr>,
    /// File holding the bearer token every request must carry; required with `listen`.
    pub token_file: Option<PathBuf>,
}

impl Api {
    /// The problem with this section, if any.
    pub fn check(&self) -> Result<(), Invalid> {
        if self.listen.is_some() && self.token_file.is_none() {
            return Err(Invalid::new(
                "api.token_file",
                "needed when api.listen is set",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_needs_a_token() {
        let mut api = Api::default();
        assert_eq!(api.check(), Ok(()));
        api.listen = Some(SocketAddr::from(([127, 0, 0, 1], 9126)));
        assert_eq!(api.check().unwrap_err().key, "api.token_file");
        api.token_file = Some("secrets/api.token".into());
        assert_eq!(api.check(), Ok(()));
    }
}
