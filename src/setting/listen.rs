//! Listen addresses (`IP:port`) as `SocketAddr`; `deserialize_with` helpers for one optional
//! address and a list. (They serialise as strings through std's own `Serialize`.)

use std::net::SocketAddr;

use serde::de::Error;
use serde::{Deserialize, Deserializer};

struct Listen(SocketAddr);

impl<'de> Deserialize<'de> for Listen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Listen, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map(Listen).map_err(|_| {
            D::Error::custom(format!(
                "{text:?} is not an IP:port address (e.g. \"127.0.0.1:2525\" or \"[::1]:2525\")"
            ))
        })
    }
}

/// `listen = ["127.0.0.1:2525", ...]`
pub fn list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SocketAddr>, D::Error> {
    Ok(Vec::<Listen>::deserialize(d)?
        .into_iter()
        .map(|l| l.0)
        .collect())
}

/// `listen = "127.0.0.1:9125"`, or no key.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SocketAddr>, D::Error> {
    Ok(Option::<Listen>::deserialize(d)?.map(|l| l.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Section {
        #[serde(deserialize_with = "list", default)]
        many: Vec<SocketAddr>,
        #[serde(deserialize_with = "optional", default)]
        one: Option<SocketAddr>,
    }

    #[test]
    fn addresses_parse_and_errors_name_the_value() {
        let s: Section = toml::from_str("many = [\"127.0.0.1:25\", \"[::1]:25\"]").unwrap();
        assert_eq!(s.many.len(), 2);
        assert_eq!(s.one, None);
        let s: Section = toml::from_str("one = \"0.0.0.0:9125\"").unwrap();
        assert_eq!(s.one, Some("0.0.0.0:9125".parse().unwrap()));
        let e = toml::from_str::<Section>("many = [\"localhost:25\"]").unwrap_err();
        assert!(
            e.message()
                .starts_with("\"localhost:25\" is not an IP:port address"),
            "{e}"
        );
    }
}
