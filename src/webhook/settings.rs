//! The `[[webhook]]` sections of the configuration: where events are pushed, which ones, and how.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::taxonomy::Category;

/// One receiver of events.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Webhook {
    /// `http://` or `https://` URL the events are POSTed to; also the outbox rows' key, so rows
    /// queued for a URL no longer configured wait (see `bounced outbox`) instead of going elsewhere.
    pub url: String,
    /// File holding the Standard Webhooks signing secret (`whsec_…` base64, or raw text); without
    /// it deliveries are not signed.
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
    #[serde(default)]
    pub events: Events,
    /// Category names (`hard`, `soft`, `complaint`, ...); empty sends every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Seconds one delivery attempt may take.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
    /// Seconds after its event that a delivery is given up (marked dead); 3 days by default.
    #[serde(default = "default_max_age")]
    pub max_age: u64,
    #[serde(default)]
    pub format: Format,
    /// Basic auth user (listmonk: the API user).
    #[serde(default)]
    pub user: Option<String>,
    /// File holding the basic auth password (listmonk: the API user's token).
    #[serde(default)]
    pub password_file: Option<PathBuf>,
    /// PEM file of further CA certificates an https receiver may be signed by (an internal
    /// CA); the Mozilla roots compiled into bounced are trusted either way.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

fn default_timeout() -> u64 {
    10
}

fn default_max_age() -> u64 {
    3 * 24 * 3600
}

/// Which applied events are sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Events {
    /// Only events that changed a person's fields.
    #[default]
    Changes,
    /// Every event, unverified ones included.
    All,
}

/// The body's shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// bounced's own event (README "Webhooks").
    #[default]
    Standard,
    /// listmonk's generic bounce webhook (`POST /webhooks/bounce`).
    Listmonk,
}

impl Webhook {
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout)
    }

    pub fn max_age(&self) -> Duration {
        Duration::from_secs(self.max_age)
    }

    /// Whether an event of `category` that changed `changed` fields is sent here.
    pub fn wants(&self, category: &str, changed: &str) -> bool {
        (self.events == Events::All || !changed.is_empty())
            && (self.categories.is_empty() || self.categories.iter().any(|c| c == category))
    }

    /// The problem with this section, if any, naming the key (`index` is 1-based).
    pub fn problem(&self, index: usize) -> Option<String> {
        let at = |key: &str, why: String| Some(format!("webhook #{index} {key}: {why}"));
        match self.url.parse::<hyper::Uri>() {
            Ok(uri)
                if matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some() => {}
            _ => {
                return at(
                    "url",
                    format!("{:?} is not an http:// or https:// URL", self.url),
                )
            }
        }
        let authority = self.url.split_once("://").map_or("", |(_, rest)| {
            rest.split(['/', '?']).next().unwrap_or_default()
        });
        if authority.contains('@') {
            return at(
                "url",
                "no user:password@ in the URL: set user and password_file".into(),
            );
        }
        if let Some(bad) = self
            .categories
            .iter()
            .find(|c| !Category::ALL.iter().any(|k| k.name() == c.as_str()))
        {
            return at(
                "categories",
                format!("{bad:?} is not a category (hard, block, soft, complaint, autoreply, delay, success)"),
            );
        }
        if self.timeout == 0 {
            return at("timeout", "must be at least 1 second".into());
        }
        if self.max_age == 0 {
            return at("max_age", "must be at least 1 second".into());
        }
        if self.user.is_some() != self.password_file.is_some() {
            return at("user", "set both user and password_file, or neither".into());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(text: &str) -> Webhook {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn defaults_and_filters() {
        let h = hook("url = \"http://127.0.0.1:1/x\"");
        assert_eq!(h.max_age(), Duration::from_secs(259_200));
        assert_eq!(h.format, Format::Standard);
        assert!(h.wants("hard", "email_invalid=1"));
        assert!(!h.wants("hard", ""));
        let h = hook("url = \"http://h/\"\nevents = \"all\"\ncategories = [\"complaint\"]");
        assert!(h.wants("complaint", ""));
        assert!(!h.wants("hard", "email_invalid=1"));
    }

    #[test]
    fn problems_name_the_key() {
        let p = hook("url = \"ftp://h/\"").problem(2).unwrap();
        assert!(p.contains("webhook #2 url"), "{p}");
        let p = hook("url = \"http://h/\"\ncategories = [\"hrad\"]")
            .problem(1)
            .unwrap();
        assert!(p.contains("hrad"), "{p}");
        let p = hook("url = \"http://h/\"\nuser = \"u\"")
            .problem(1)
            .unwrap();
        assert!(p.contains("password_file"), "{p}");
        let p = hook("url = \"https://u:p@h.test/\"").problem(1).unwrap();
        assert!(p.contains("password_file"), "{p}");
        assert_eq!(
            hook("url = \"https://h.test/hook?to=a@b\"").problem(1),
            None
        );
    }
}
