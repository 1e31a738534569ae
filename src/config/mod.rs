//! Configuration: TOML read with serde. Every key has a built-in default, so no file is needed
//! to run; an unknown key is an error (a typo must not silently fall back to a default).
//! `config.toml.example` documents every key.

mod reload;
mod syntax;
mod validate;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::logging::{Log, LogFormat};
pub use crate::policy::Policy;
pub use crate::setting::Invalid;
pub use crate::smtp::settings::Smtp;
pub use crate::store::Settings as Store;
pub use crate::verp::{Verp, VerpMode};
pub use reload::{Change, Reloaded, RESTART_ONLY};

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
    #[serde(deserialize_with = "crate::setting::listen::optional")]
    pub listen: Option<SocketAddr>,
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
    /// What is wrong in the file at `path`.
    #[error("{}", path.display())]
    File {
        path: PathBuf,
        #[source]
        source: Box<ConfigError>,
    },
    /// Not TOML, an unknown key, or a value of the wrong form: the line, the key and why.
    #[error("{0}")]
    Syntax(String),
    /// A value that reads but cannot be used.
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl Config {
    /// What the store applies messages with; reads the VERP secrets (never logged).
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
        let mut config = Config::parse(&text).map_err(|e| ConfigError::File {
            path: path.to_path_buf(),
            source: Box::new(e),
        })?;
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
            toml::from_str(text).map_err(|e| ConfigError::Syntax(syntax::message(&e, text)))?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every section (see `validate`): the first problem found, naming its key.
    pub fn validate(&self) -> Result<(), Invalid> {
        validate::all(self)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use crate::policy::Effect;
    use crate::taxonomy::Reason;

    #[test]
    fn empty_file_is_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(
            c.smtp.listen,
            ["127.0.0.1:2525".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(c.store.path, PathBuf::from("./bounced.db"));
        assert!(c.smtp.domains.is_empty());
        assert_eq!(c.smtp.max_message_size, 10_240_000);
    }

    #[test]
    fn example_file_is_valid_and_matches_defaults() {
        let mut c = Config::parse(include_str!("../../config.toml.example")).unwrap();
        let d = Config::default();
        // The example leaves the hostname to the system's.
        c.smtp.hostname = d.smtp.hostname.clone();
        assert_eq!(c, d);
    }

    #[test]
    fn an_exempt_client_is_an_ip_address() {
        let e = Config::parse("[smtp]\nper_client_exempt = [\"10.0.0.0/8\"]\n").unwrap_err();
        assert!(e.to_string().contains("smtp.per_client_exempt"), "{e}");
        let c = Config::parse("[smtp]\nper_client_exempt = [\"::1\", \"192.0.2.7\"]\n").unwrap();
        assert_eq!(
            c.smtp.per_client_exempt,
            [
                IpAddr::from(Ipv6Addr::LOCALHOST),
                Ipv4Addr::new(192, 0, 2, 7).into()
            ]
        );
    }

    #[test]
    fn a_log_level_that_crashed_the_filter_parser_is_refused() {
        // Found by fuzzing (fuzz/ config target): tracing-subscriber panicked on it.
        let text = "# bo I\n[log]\n#idms it.\nlevel=\" ten onto\u{713}idn onto\u{713}idata_timeoutkkkkkkkkkkkkkkkc\u{713}iten okkkkkkata_timeoutkkkkkkkkkkkkkkkc\u{713}=5en okkkkkkkkkkk-d\\u2dAAkkkkkkkkkkkkkkkkkkkkkkpi\"\n# sec\n";
        let e = Config::parse(text).unwrap_err();
        assert!(e.to_string().contains("log.level"), "{e}");
    }

    #[test]
    fn a_log_level_with_a_field_filter_is_refused() {
        // Found by fuzzing: a field filter's value became a regular expression of over 2 GB.
        let e = Config::parse("[log]\nlevel = \"x[s{f=ab.......!!!!}]=debug\"\n").unwrap_err();
        assert!(e.to_string().contains("log.level"), "{e}");
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
        assert!(
            e.to_string()
                .starts_with("line 2, smtp.listen: \"localhost\" is not an IP:port address"),
            "{e}"
        );
        let e = Config::parse("[metrics]\nlisten = \"127.0.0.1\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("line 2, metrics.listen: \"127.0.0.1\" is not an IP:port"),
            "{e}"
        );
        let e = Config::parse("[api]\nlisten = \"::1:80\"\ntoken_file = \"t\"\n").unwrap_err();
        assert!(e.to_string().contains("api.listen: \"::1:80\""), "{e}");
    }

    #[test]
    fn durations_take_the_keys_unit_or_their_own() {
        let c = Config::parse(
            "[smtp]\ncommand_timeout = 300\nidle_timeout = \"10m\"\n[policy]\nsuspend_hours = \"90m\"\n",
        )
        .unwrap();
        assert_eq!(c.smtp.command_timeout, c.smtp.idle_timeout / 2);
        assert_eq!(c.policy.suspend_hours, std::time::Duration::from_secs(5400));
        let e = Config::parse("[store]\nbusy_timeout_ms = \"soon\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("line 2, store.busy_timeout_ms: \"soon\" is not a duration"),
            "{e}"
        );
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
        assert!(
            e.to_string()
                .contains("[policy.effects]: \"mailboxful\" is not a reason name"),
            "{e}"
        );
        let e = Config::parse("[policy.effects]\nmailboxfull = \"explode\"\n").unwrap_err();
        assert!(e.to_string().contains("explode"), "{e}");
    }

    #[test]
    fn missing_file_names_path() {
        let e = Config::load(Some(Path::new("/nonexistent/bounced.toml"))).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/bounced.toml"), "{e}");
        let source = std::error::Error::source(&e).expect("the io::Error is kept as the source");
        assert!(source.is::<std::io::Error>(), "{source}");
    }

    #[test]
    fn a_wrong_file_is_named_before_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bounced.toml");
        std::fs::write(&path, "[smtp]\nmax_recipients = 0\n").unwrap();
        let e = Config::load(Some(&path)).unwrap_err();
        assert_eq!(
            crate::logging::Chain(&e).to_string(),
            format!(
                "{}: smtp.max_recipients: must be at least 1",
                path.display()
            )
        );
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
