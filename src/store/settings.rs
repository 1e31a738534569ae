//! The `[store]` section (`config` embeds it as `config::Store`).

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::setting::duration;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub path: PathBuf,
    /// Raw message bytes are dropped after this long (0 keeps them forever).
    #[serde(with = "duration::days")]
    pub keep_raw_days: Duration,
    /// Most messages committed in one transaction.
    pub batch_max: usize,
    /// How long to wait for a lock held by another process before the commit fails (→ 451).
    #[serde(with = "duration::millis")]
    pub busy_timeout_ms: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            path: PathBuf::from("./bounced.db"),
            keep_raw_days: Duration::from_secs(30 * 86_400),
            batch_max: 256,
            busy_timeout_ms: Duration::from_millis(5000),
        }
    }
}
