//! The `[store]` section (`config` embeds it as `config::Store`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub path: PathBuf,
    /// Raw message bytes are dropped after this many days (0 keeps them forever).
    pub keep_raw_days: u32,
    /// Most messages committed in one transaction.
    pub batch_max: usize,
    /// Milliseconds to wait for a lock held by another process before the commit fails (→ 451).
    pub busy_timeout_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            path: PathBuf::from("./bounced.db"),
            keep_raw_days: 30,
            batch_max: 256,
            busy_timeout_ms: 5000,
        }
    }
}
