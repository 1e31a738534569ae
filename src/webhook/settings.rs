//! The `[[webhook]]` sections of the configuration: where events are pushed, which ones, and how.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::setting::{duration, Invalid};
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
    /// How long one delivery attempt may take.
    #[serde(default = "default_timeout", with = "duration::seconds")]
    pub timeout: Duration,
    /// How long after its event a delivery is given up (marked dead); 3 days by default.
    #[serde(default = "default_max_age", with = "duration::seconds")]
    pub max_age: Duration,
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

fn default_timeout() -> Duration {
    Duration::from_secs(10)
}

fn default_max_age() -> Duration {
    Duration::from_secs(3 * 24 * 3600)
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
    /// Whether an event of `category` that changed `changed` fields is sent here.
    pub fn wants(&self, category: &str, changed: &str) -> bool {
        (self.events == Events::All || !changed.is_empty())
            && (self.categories.is_empty() || self.categories.iter().any(|c| c == category))
    }

    /// The problem with this section, if any, naming the key (`index` is 1-based).
    pub fn check(&self, index: usize) -> Result<(), Invalid> {
        let at = |key: &str, why: String| Err(Invalid::new(format!("webhook #{index} {key}"), why));
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
        if self.timeout < Duration::from_secs(1) {
            return at("timeout", "must be at least 1 second".into());
        }
        if self.max_age < Duration::from_secs(1) {
            return at("max_age", "must be at least 1 second".into());
        }
        if self.user.is_some() != self.password_file.is_some() {
            return at("user", "set both user and password_file, or neither".into());
        }
        Ok(())
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
        assert_eq!(h.max_age, Duration::from_secs(259_200));
        assert_eq!(h.format, Format::Standard);
        assert!(h.wants("hard", "email_invalid=1"));
        assert!(!h.wants("hard", ""));
        let h = hook("url = \"http://h/\"\nevents = \"all\"\ncategories = [\"complaint\"]");
        assert!(h.wants("complaint", ""));
        assert!(!h.wants("hard", "email_invalid=1"));
    }

    #[test]
    fn problems_name_the_key() {
        let p = hook("url = \"ftp://h/\"").check(2).unwrap_err();
        assert_eq!(p.key, "webhook #2 url");
        let p = hook("url = \"http://h/\"\ncategories = [\"hrad\"]")
            .check(1)
            .unwrap_err();
        assert!(p.why.contains("hrad"), "{p}");
        let p = hook("url = \"http://h/\"\nuser = \"u\"")
            .check(1)
            .unwrap_err();
        assert!(p.why.contains("password_file"), "{p}");
        let p = hook("url = \"https://u:p@h.test/\"").check(1).unwrap_err();
        assert!(p.why.contains("password_file"), "{p}");
        let p = hook("url = \"http://h/\"\ntimeout = \"500ms\"")
            .check(1)
            .unwrap_err();
        assert_eq!(
            p.to_string(),
            "webhook #1 timeout: must be at least 1 second"
        );
        assert_eq!(
            hook("url = \"https://h.test/hook?to=a@b\"").check(1),
            Ok(())
        );
    }
}
