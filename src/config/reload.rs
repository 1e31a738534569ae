//! What differs between two configurations, key by key (the SIGHUP log).

use std::collections::BTreeMap;

use super::Config;

impl Config {
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
}
