//! A setting whose value cannot be used, naming its key (`smtp.max_recipients`,
//! `webhook #2 url`) and why. Each section's check returns it; `config` adds the file.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {why}")]
pub struct Invalid {
    pub key: String,
    pub why: String,
}

impl Invalid {
    pub fn new(key: impl Into<String>, why: impl Into<String>) -> Invalid {
        Invalid {
            key: key.into(),
            why: why.into(),
        }
    }
}
