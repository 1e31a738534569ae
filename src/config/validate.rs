//! The checks TOML's types cannot express, one function per section that has any (`[api]` and
//! `[[webhook]]` check themselves); each names the key at fault. Forms are checked as the file
//! is read: addresses, durations, reason names.

use std::time::Duration;

use super::{Config, Tls};
use crate::logging::Log;
use crate::policy::Policy;
use crate::setting::Invalid;
use crate::smtp::settings::Smtp;
use crate::store::Settings as Store;
use crate::verp::Verp;

/// Every section's check, in file order; the first problem found.
pub fn all(config: &Config) -> Result<(), Invalid> {
    smtp(&config.smtp)?;
    store(&config.store)?;
    policy(&config.policy)?;
    verp(&config.verp)?;
    log(&config.log)?;
    tls(&config.tls)?;
    config.api.check()?;
    for (i, hook) in config.webhooks.iter().enumerate() {
        hook.check(i + 1)?;
    }
    Ok(())
}

fn fail(key: &str, why: impl Into<String>) -> Result<(), Invalid> {
    Err(Invalid::new(key, why))
}

fn smtp(smtp: &Smtp) -> Result<(), Invalid> {
    if smtp.listen.is_empty() {
        return fail("smtp.listen", "needs at least one address");
    }
    if smtp.hostname.trim().is_empty() {
        return fail("smtp.hostname", "must not be empty");
    }
    for (key, value) in [
        ("smtp.max_message_size", smtp.max_message_size),
        ("smtp.max_recipients", smtp.max_recipients),
        ("smtp.max_connections", smtp.max_connections),
        (
            "smtp.max_connections_per_client",
            smtp.max_connections_per_client,
        ),
        ("smtp.max_errors", smtp.max_errors),
        ("smtp.min_data_rate", smtp.min_data_rate as usize),
    ] {
        if value == 0 {
            return fail(key, "must be at least 1");
        }
    }
    for (key, timeout) in [
        ("smtp.command_timeout", smtp.command_timeout),
        ("smtp.data_timeout", smtp.data_timeout),
        ("smtp.idle_timeout", smtp.idle_timeout),
        ("smtp.session_timeout", smtp.session_timeout),
        ("smtp.stress_timeout", smtp.stress_timeout),
    ] {
        if timeout < Duration::from_secs(1) {
            return fail(key, "must be at least 1 second");
        }
    }
    let one_message = smtp
        .max_message_size
        .saturating_mul(crate::smtp::budget::COPIES);
    if smtp.memory_budget < one_message {
        return fail(
            "smtp.memory_budget",
            format!(
                "must be at least {one_message}: one message of smtp.max_message_size with \
                 the copies reading and storing it make ({}x)",
                crate::smtp::budget::COPIES
            ),
        );
    }
    Ok(())
}

fn store(store: &Store) -> Result<(), Invalid> {
    if store.batch_max == 0 {
        return fail("store.batch_max", "must be at least 1");
    }
    Ok(())
}

fn policy(policy: &Policy) -> Result<(), Invalid> {
    if policy.suspend_hours.is_zero() {
        return fail("policy.suspend_hours", "must be more than 0");
    }
    if policy.soft_bounce_limit > 0 && policy.soft_bounce_window_days.is_zero() {
        return fail(
            "policy.soft_bounce_window_days",
            "must be more than 0 when soft_bounce_limit is set",
        );
    }
    Ok(())
}

fn verp(verp: &Verp) -> Result<(), Invalid> {
    let prefix = &verp.prefix;
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
    if !verp.max_age_days.as_secs().is_multiple_of(86_400) || verp.max_age_days.subsec_nanos() != 0
    {
        return fail(
            "verp.max_age_days",
            "must be whole days (a tag carries the day it was signed)",
        );
    }
    Ok(())
}

fn log(log: &Log) -> Result<(), Invalid> {
    if crate::logging::filter(&log.level).is_none() {
        return fail(
            "log.level",
            format!("{:?} is not a level or filter", log.level),
        );
    }
    Ok(())
}

fn tls(tls: &Tls) -> Result<(), Invalid> {
    if tls.cert.is_some() != tls.key.is_some() {
        return fail("tls", "set both cert and key, or neither");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_section_names_its_key() {
        for (text, key) in [
            ("[smtp]\nlisten = []", "smtp.listen"),
            ("[smtp]\nhostname = \" \"", "smtp.hostname"),
            ("[smtp]\nmax_errors = 0", "smtp.max_errors"),
            ("[smtp]\nidle_timeout = \"500ms\"", "smtp.idle_timeout"),
            ("[smtp]\nmemory_budget = 1", "smtp.memory_budget"),
            ("[store]\nbatch_max = 0", "store.batch_max"),
            ("[policy]\nsuspend_hours = 0", "policy.suspend_hours"),
            (
                "[policy]\nsoft_bounce_limit = 3\nsoft_bounce_window_days = 0",
                "policy.soft_bounce_window_days",
            ),
            ("[verp]\nprefix = \"a b\"", "verp.prefix"),
            ("[verp]\nmax_age_days = \"36h\"", "verp.max_age_days"),
            ("[log]\nlevel = \"bounced=loud\"", "log.level"),
            ("[tls]\ncert = \"c.pem\"", "tls"),
            ("[api]\nlisten = \"127.0.0.1:9126\"", "api.token_file"),
            ("[[webhook]]\nurl = \"ftp://h/\"", "webhook #1 url"),
        ] {
            let config: Config = toml::from_str(text).unwrap();
            assert_eq!(
                all(&config).map_err(|p| p.key),
                Err(key.to_string()),
                "{text}"
            );
        }
        // The soft window may be 0 while its rule is off.
        let config: Config = toml::from_str("[policy]\nsoft_bounce_window_days = 0").unwrap();
        assert_eq!(all(&config), Ok(()));
    }
}
