//! Configuration: TOML read with serde. Every key has a built-in default, so no file is needed
//! to run; an unknown key is an error (a typo must not silently fall back to a default).
//! `config.toml.example` documents every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::logging::{Log, LogFormat};
pub use crate::policy::Policy;
pub use crate::smtp::settings::Smtp;
pub use crate::store::Settings as Store;
use crate::taxonomy::Reason;
pub use crate::verp::{Verp, VerpMode};

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub smtp: Smtp,
    pub store: Store,
    pub policy: Policy,
    pub verp: Verp,
    pub log: Log,
    pub metrics: Metrics,
    pub tls: Tls,
    /// `[[webhook]]` sections: receivers of applied events.
    #[serde(rename = "webhook")]
    pub webhooks: Vec<crate::webhook::Webhook>,
    pub api: crate::api::Api,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Metrics {
    /// Address of the Prometheus endpoint (`GET /metrics`); none when unset.
    pub listen: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Tls {
    /// PEM certificate chain; STARTTLS is offered only when `cert` and `key` are both set.
    pub cert: Option<PathBuf>,
    /// PEM private key.
    pub key: Option<PathBuf>,
}

/// A configuration problem, naming the file and the key or value at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: cannot read", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The TOML or a value in it is wrong: the file (when read from one), the key and why.
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// What the store's writer applies messages with; reads the VERP secrets (never logged).
    pub fn rules(&self) -> Result<crate::store::Rules, crate::verp::VerpError> {
        let outbox = crate::webhook::outbox::Outbox(self.webhooks.clone());
        crate::store::Rules::new(&self.policy, &self.verp, std::sync::Arc::new(outbox))
    }

    /// Reads `path`, or returns the defaults when there is none.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text)
            .map_err(|e| ConfigError::Invalid(format!("{}: {e}", path.display())))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let credentials = std::env::var_os("CREDENTIALS_DIRECTORY").map(PathBuf::from);
        config.resolve_secret_paths(dir, credentials.as_deref());
        Ok(config)
    }

    /// Makes the relative paths of secret files absolute (see `secret_path`).
    fn resolve_secret_paths(&mut self, config_dir: &Path, credentials: Option<&Path>) {
        for path in [
            &mut self.tls.cert,
            &mut self.tls.key,
            &mut self.verp.secret_file,
            &mut self.api.token_file,
        ]
        .into_iter()
        .flatten()
        {
            *path = secret_path(path, config_dir, credentials);
        }
        for hook in &mut self.webhooks {
            for path in [
                &mut hook.secret_file,
                &mut hook.password_file,
                &mut hook.ca_file,
            ]
            .into_iter()
            .flatten()
            {
                *path = secret_path(path, config_dir, credentials);
            }
        }
    }

    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config =
            toml::from_str(text).map_err(|e| ConfigError::Invalid(toml_message(&e, text)))?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let fail = |key: &str, why: &str| Err(ConfigError::Invalid(format!("{key}: {why}")));
        if self.smtp.listen.is_empty() {
            return fail("smtp.listen", "needs at least one address");
        }
        for addr in &self.smtp.listen {
            if addr.parse::<SocketAddr>().is_err() {
                return fail(
                    "smtp.listen",
                    &format!("{addr:?} is not an IP:port address"),
                );
            }
        }
        for addr in &self.smtp.per_client_exempt {
            if addr.parse::<std::net::IpAddr>().is_err() {
                return fail(
                    "smtp.per_client_exempt",
                    &format!("{addr:?} is not an IP address"),
                );
            }
        }
        if self.smtp.hostname.trim().is_empty() {
            return fail("smtp.hostname", "must not be empty");
        }
        for (key, value) in [
            ("smtp.max_message_size", self.smtp.max_message_size),
            ("smtp.max_recipients", self.smtp.max_recipients),
            ("smtp.max_connections", self.smtp.max_connections),
            (
                "smtp.max_connections_per_client",
                self.smtp.max_connections_per_client,
            ),
            ("smtp.max_errors", self.smtp.max_errors),
            ("smtp.min_data_rate", self.smtp.min_data_rate as usize),
            ("store.batch_max", self.store.batch_max),
        ] {
            if value == 0 {
                return fail(key, "must be at least 1");
            }
        }
        for (key, secs) in [
            ("smtp.command_timeout", self.smtp.command_timeout),
            ("smtp.data_timeout", self.smtp.data_timeout),
            ("smtp.idle_timeout", self.smtp.idle_timeout),
            ("smtp.session_timeout", self.smtp.session_timeout),
            ("smtp.stress_timeout", self.smtp.stress_timeout),
        ] {
            if secs == 0 {
                return fail(key, "must be at least 1 second");
            }
        }
        let one_message = self
            .smtp
            .max_message_size
            .saturating_mul(crate::smtp::budget::COPIES);
        if self.smtp.memory_budget < one_message {
            return fail(
                "smtp.memory_budget",
                &format!(
                    "must be at least {one_message}: one message of smtp.max_message_size with \
                     the copies reading and storing it make ({}x)",
                    crate::smtp::budget::COPIES
                ),
            );
        }
        if self.policy.suspend_hours == 0 {
            return fail("policy.suspend_hours", "must be at least 1");
        }
        if self.policy.soft_bounce_limit > 0 && self.policy.soft_bounce_window_days == 0 {
            return fail(
                "policy.soft_bounce_window_days",
                "must be at least 1 when soft_bounce_limit is set",
            );
        }
        for reason in self.policy.effects.keys() {
            if Reason::from_name(reason).is_none() {
                return fail(
                    &format!("policy.effects.{reason}"),
                    "not a reason name (see DESIGN.md: userunknown, blocked, mailboxfull, ...)",
                );
            }
        }
        if let Some(addr) = &self.metrics.listen {
            if addr.parse::<SocketAddr>().is_err() {
                return fail(
                    "metrics.listen",
                    &format!("{addr:?} is not an IP:port address"),
                );
            }
        }
        if self.tls.cert.is_some() != self.tls.key.is_some() {
            return fail("tls", "set both cert and key, or neither");
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return fail(
                "log.level",
                &format!("{:?} is not a level or filter", self.log.level),
            );
        }
        if let Some(problem) =
            (self.webhooks.iter().enumerate()).find_map(|(i, h)| h.problem(i + 1))
        {
            return Err(ConfigError::Invalid(problem));
        }
        let prefix = &self.verp.prefix;
        if prefix.is_empty()
            || !prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        {
            return fail(
                "verp.prefix",
                "must be non-empty letters, digits, '-', '_' or '.'",
            );
        }
        Ok(())
    }

    /// `(key, old, new)` for every setting that differs in `new`, keys as `section.key`.
    pub fn changes(&self, new: &Config) -> Vec<(String, String, String)> {
        let (old, new) = (flatten(self), flatten(new));
        let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| old.get(*k) != new.get(*k))
            .map(|k| {
                let show = |m: &BTreeMap<String, String>| {
                    m.get(k).cloned().unwrap_or_else(|| "(unset)".into())
                };
                (k.clone(), show(&old), show(&new))
            })
            .collect()
    }

    /// Addresses to bind, already validated.
    pub fn listen_addrs(&self) -> Vec<SocketAddr> {
        self.smtp
            .listen
            .iter()
            .filter_map(|a| a.parse().ok())
            .collect()
    }
}

/// Where a secret file named in the config is read. An absolute path is read as it is. A relative
/// one is read from the systemd credentials directory when the service manager passed it there,
/// else beside the config file. systemd names a file loaded from a directory
/// (`LoadCredential=secrets:/etc/bounced/secrets`) by its path with `/` turned into `_`
/// (`secrets_verp.secret`), so `secret_file = "secrets/verp.secret"` finds the root-only file as
/// root (`check-config`) and the service's private copy under `DynamicUser=` alike.
pub fn secret_path(path: &Path, config_dir: &Path, credentials: Option<&Path>) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    if let Some(dir) = credentials {
        let id = path.to_string_lossy().replace('/', "_");
        let candidate = dir.join(id);
        if candidate.is_file() {
            return candidate;
        }
    }
    config_dir.join(path)
}

/// `section.key` → value as TOML text.
fn flatten(config: &Config) -> BTreeMap<String, String> {
    fn walk(prefix: &str, value: &toml::Value, out: &mut BTreeMap<String, String>) {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let key = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&key, v, out);
                }
            }
            other => {
                out.insert(prefix.to_string(), other.to_string());
            }
        }
    }
    let mut out = BTreeMap::new();
    if let Ok(value) = toml::Value::try_from(config) {
        walk("", &value, &mut out);
    }
    out
}

/// toml's own message reduced to "line N, [section]: reason" (its full form spans several lines).
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim();
    let Some(start) = e.span().map(|s| s.start.min(text.len())) else {
        return msg.to_string();
    };
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let section = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| format!(", {l}"))
        .unwrap_or_default();
    format!("line {line}{section}: {msg}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Effect;

    #[test]
    fn empty_file_is_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.smtp.listen, vec!["127.0.0.1:2525"]);
        assert_eq!(c.store.path, PathBuf::from("./bounced.db"));
        assert!(c.smtp.domains.is_empty());
        assert_eq!(c.smtp.max_message_size, 10_240_000);
    }

    #[test]
    fn example_file_is_valid_and_matches_defaults() {
        let mut c = Config::parse(include_str!("../config.toml.example")).unwrap();
        let d = Config::default();
        // The example leaves the hostname to the system's.
        c.smtp.hostname = d.smtp.hostname.clone();
        assert_eq!(c, d);
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Config::parse("[smtp]\nlisten = [\"127.0.0.1:25\"]\nmax_mesage_size = 5\n")
            .unwrap_err();
        assert!(e.to_string().contains("max_mesage_size"), "{e}");
        assert!(e.to_string().contains("line 3, [smtp]"), "{e}");
    }

    #[test]
    fn bad_listen_address_is_named() {
        let e = Config::parse("[smtp]\nlisten = [\"localhost\"]\n").unwrap_err();
        assert!(e.to_string().starts_with("smtp.listen"), "{e}");
    }

    #[test]
    fn zero_limit_rejected() {
        let e = Config::parse("[smtp]\nmax_recipients = 0\n").unwrap_err();
        assert!(e.to_string().contains("smtp.max_recipients"), "{e}");
    }

    #[test]
    fn policy_effects_are_checked() {
        let c = Config::parse("[policy.effects]\nmailboxfull = \"suspend\"\n").unwrap();
        assert_eq!(
            c.policy.effect_for(Reason::MailboxFull),
            Some(Effect::Suspend)
        );
        assert_eq!(c.policy.effect_for(Reason::UserUnknown), None);
        let e = Config::parse("[policy.effects]\nmailboxful = \"suspend\"\n").unwrap_err();
        assert!(e.to_string().contains("policy.effects.mailboxful"), "{e}");
        let e = Config::parse("[policy.effects]\nmailboxfull = \"explode\"\n").unwrap_err();
        assert!(e.to_string().contains("explode"), "{e}");
    }

    #[test]
    fn changes_name_the_keys() {
        let old = Config::parse("[smtp]\ndomains = [\"a.test\"]\n").unwrap();
        let new = Config::parse("[smtp]\ndomains = [\"b.test\"]\n[policy]\nsuspend_hours = 48\n")
            .unwrap();
        let changes = old.changes(&new);
        let keys: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(keys, ["policy.suspend_hours", "smtp.domains"]);
        assert_eq!(changes[1].1, "[\"a.test\"]");
        assert!(old.changes(&old).is_empty());
    }

    #[test]
    fn missing_file_names_path() {
        let e = Config::load(Some(Path::new("/nonexistent/bounced.toml"))).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/bounced.toml"), "{e}");
        let source = std::error::Error::source(&e).expect("the io::Error is kept as the source");
        assert!(source.is::<std::io::Error>(), "{source}");
    }

    #[test]
    fn secret_paths_come_from_credentials_then_beside_the_config() {
        let creds = tempfile::tempdir().unwrap();
        std::fs::write(creds.path().join("secrets_verp.secret"), "x").unwrap();
        let etc = Path::new("/etc/bounced");
        let rel = Path::new("secrets/verp.secret");
        assert_eq!(
            secret_path(rel, etc, Some(creds.path())),
            creds.path().join("secrets_verp.secret")
        );
        assert_eq!(
            secret_path(rel, etc, None),
            Path::new("/etc/bounced/secrets/verp.secret")
        );
        // A credential the unit did not pass: the file beside the config.
        assert_eq!(
            secret_path(Path::new("secrets/tls.key"), etc, Some(creds.path())),
            Path::new("/etc/bounced/secrets/tls.key")
        );
        assert_eq!(
            secret_path(Path::new("/srv/k.pem"), etc, Some(creds.path())),
            Path::new("/srv/k.pem")
        );
    }
}
