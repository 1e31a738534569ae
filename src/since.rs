//! The `since` time argument shared by the CLI (`--since`) and the read API (`?since=`).

use anyhow::bail;
use chrono::{DateTime, NaiveDate, Utc};

/// `--since`: an RFC 3339 time, a date (`2026-11-26`, midnight UTC), or an age (`24h`, `7d`).
pub fn parse_since(text: &str, now: DateTime<Utc>) -> anyhow::Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let hours = match unit {
        "h" => 1,
        "d" => 24,
        _ => 0,
    };
    match number.parse::<i64>() {
        Ok(n) if hours > 0 && n >= 0 => Ok(now - chrono::Duration::hours(n * hours)),
        _ => bail!(
            "--since {text:?}: expected an RFC 3339 time (2026-11-26T03:40:00Z), a date (2026-11-26) or an age (24h, 7d)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn since_forms() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
        assert_eq!(
            parse_since("24h", now).unwrap(),
            now - chrono::Duration::hours(24)
        );
        assert_eq!(
            parse_since("7d", now).unwrap(),
            now - chrono::Duration::days(7)
        );
        assert_eq!(
            parse_since("2026-11-20", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()
        );
        assert_eq!(
            parse_since("2026-11-20T01:02:03Z", now).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 20, 1, 2, 3).unwrap()
        );
        assert!(parse_since("yesterday", now)
            .unwrap_err()
            .to_string()
            .contains("yesterday"));
    }
}
