//! What a SIGHUP may change. `RESTART_ONLY` is the one list of the keys read only at startup:
//! `reloaded` keeps their running values and marks their changes as waiting for a restart, and
//! `config.toml.example` says "A change needs a restart." above exactly these keys (a test
//! compares them). Everything else takes effect on reload.

use std::collections::BTreeMap;

use super::Config;

/// A key (`section.key`) or a whole section (`section`) read only at startup.
pub struct RestartOnly {
    pub key: &'static str,
    /// Puts the running value (the second config's) back into the reloaded one.
    keep: fn(&mut Config, &Config),
}

impl RestartOnly {
    /// Whether `key` (`section.key`, as `changes` names them) is this one or inside it.
    pub fn covers(&self, key: &str) -> bool {
        key.strip_prefix(self.key)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    }
}

/// Read at startup: the sockets, the memory budget the listener sizes itself with, the drain
/// time of shutdown, the database, logging, and the tasks started with their settings (metrics,
/// API, webhook delivery). The TLS certificate and VERP secrets are re-read on reload.
pub const RESTART_ONLY: &[RestartOnly] = &[
    RestartOnly {
        key: "smtp.listen",
        keep: |new, old| new.smtp.listen.clone_from(&old.smtp.listen),
    },
    RestartOnly {
        key: "smtp.memory_budget",
        keep: |new, old| new.smtp.memory_budget = old.smtp.memory_budget,
    },
    RestartOnly {
        key: "smtp.drain_timeout",
        keep: |new, old| new.smtp.drain_timeout = old.smtp.drain_timeout,
    },
    RestartOnly {
        key: "store",
        keep: |new, old| new.store.clone_from(&old.store),
    },
    RestartOnly {
        key: "log",
        keep: |new, old| new.log.clone_from(&old.log),
    },
    RestartOnly {
        key: "metrics",
        keep: |new, old| new.metrics.clone_from(&old.metrics),
    },
    RestartOnly {
        key: "api",
        keep: |new, old| new.api.clone_from(&old.api),
    },
    RestartOnly {
        key: "webhook",
        keep: |new, old| new.webhooks.clone_from(&old.webhooks),
    },
];

/// One setting that differs, as TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `section.key` (`webhook` for the `[[webhook]]` list).
    pub key: String,
    pub old: String,
    pub new: String,
    /// Read only at startup: not applied until a restart.
    pub restart: bool,
}

/// The configuration a reload runs with, and what differs from the running one.
#[derive(Debug)]
pub struct Reloaded {
    pub config: Config,
    pub changes: Vec<Change>,
}

impl Config {
    /// Every setting that differs in `new`, in key order.
    pub fn changes(&self, new: &Config) -> Vec<Change> {
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
                Change {
                    key: k.clone(),
                    old: show(&old),
                    new: show(&new),
                    restart: RESTART_ONLY.iter().any(|r| r.covers(k)),
                }
            })
            .collect()
    }

    /// `new` as a reload applies it to this running configuration: the restart-only settings
    /// stay as they run.
    pub fn reloaded(&self, new: Config) -> Reloaded {
        let changes = self.changes(&new);
        let mut config = new;
        for r in RESTART_ONLY {
            (r.keep)(&mut config, self);
        }
        Reloaded { config, changes }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every restart-only key set away from its default, and one reloadable key.
    const CHANGED: &str = r#"
        [smtp]
        listen = ["127.0.0.1:2626"]
        memory_budget = 536870912
        drain_timeout = 60
        domains = ["bounce.test"]
        [store]
        path = "other.db"
        [log]
        level = "debug"
        [metrics]
        listen = "127.0.0.1:9125"
        [api]
        listen = "127.0.0.1:9126"
        token_file = "api.token"
        [[webhook]]
        url = "http://127.0.0.1:1/hook"
    "#;

    #[test]
    fn changes_name_the_keys() {
        let old = Config::parse("[smtp]\ndomains = [\"a.test\"]\n").unwrap();
        let new = Config::parse("[smtp]\ndomains = [\"b.test\"]\n[policy]\nsuspend_hours = 48\n")
            .unwrap();
        let changes = old.changes(&new);
        let keys: Vec<&str> = changes.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["policy.suspend_hours", "smtp.domains"]);
        assert_eq!(changes[1].old, "[\"a.test\"]");
        assert!(changes.iter().all(|c| !c.restart));
        assert!(old.changes(&old).is_empty());
    }

    #[test]
    fn each_restart_only_entry_keeps_exactly_its_keys() {
        let old = Config::default();
        let new = Config::parse(CHANGED).unwrap();
        let all = old.changes(&new);
        for r in RESTART_ONLY {
            let mine: Vec<&Change> = all.iter().filter(|c| r.covers(&c.key)).collect();
            assert!(!mine.is_empty(), "CHANGED changes nothing under {}", r.key);
            assert!(mine.iter().all(|c| c.restart), "{}", r.key);
            let mut kept = new.clone();
            (r.keep)(&mut kept, &old);
            let left = old.changes(&kept);
            assert!(!left.iter().any(|c| r.covers(&c.key)), "{} not kept", r.key);
            assert_eq!(left.len(), all.len() - mine.len(), "{} keeps more", r.key);
        }
    }

    #[test]
    fn a_reload_applies_the_rest_and_keeps_the_restart_only_keys() {
        let old = Config::default();
        let reloaded = old.reloaded(Config::parse(CHANGED).unwrap());
        let still = old.changes(&reloaded.config);
        let keys: Vec<&str> = still.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["smtp.domains"]);
        let waiting: Vec<&str> = reloaded
            .changes
            .iter()
            .filter(|c| c.restart)
            .map(|c| c.key.as_str())
            .collect();
        assert!(waiting.contains(&"smtp.listen") && waiting.contains(&"webhook"));
        assert_eq!(reloaded.changes.len(), waiting.len() + 1);
    }

    /// The keys `config.toml.example` says need a restart: the key line or section header after
    /// a comment saying "A change needs a restart." (commented-out headers count).
    fn marked_in_example() -> Vec<String> {
        let mut marked = Vec::new();
        let mut section = String::new();
        let mut pending = false;
        for line in include_str!("../../config.toml.example").lines() {
            let line = line.trim();
            let header = line.trim_start_matches("# ");
            if header.starts_with('[') {
                section = header.trim_matches(|c| c == '[' || c == ']').to_string();
                if std::mem::take(&mut pending) {
                    marked.push(section.clone());
                }
            } else if line.starts_with('#') {
                pending |= line.contains("A change needs a restart.");
            } else if let Some((key, _)) = line.split_once('=') {
                if std::mem::take(&mut pending) {
                    marked.push(format!("{section}.{}", key.trim()));
                }
            }
        }
        marked
    }

    #[test]
    fn the_example_marks_exactly_the_restart_only_keys() {
        let listed: Vec<&str> = RESTART_ONLY.iter().map(|r| r.key).collect();
        assert_eq!(marked_in_example(), listed);
    }
}
