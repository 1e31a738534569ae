//! The `since` time argument shared by the CLI (`--since`) and the read API (`?since=`).

use chrono::{DateTime, NaiveDate, Utc};

/// A `since` text that names no time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SinceError {
    #[error(
        "--since {0:?}: expected an RFC 3339 time (2026-11-26T03:40:00Z), a date (2026-11-26) or \
         an age (24h, 7d)"
    )]
    Unreadable(String),
    /// An age further back than times go.
    #[error("--since {0:?}: the age reaches past the earliest time there is")]
    TooOld(String),
}

/// `--since`: an RFC 3339 time, a date (`2026-11-26`, midnight UTC), or an age (`24h`, `7d`).
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, SinceError> {
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
        Ok(n) if hours > 0 && n >= 0 => n
            .checked_mul(hours)
            .and_then(chrono::Duration::try_hours)
            .and_then(|age| now.checked_sub_signed(age))
            .ok_or_else(|| SinceError::TooOld(text.to_string())),
        _ => Err(SinceError::Unreadable(text.to_string())),
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
        // An age past what times can hold is refused, not a panic.
        for huge in [
            "9999999999999999h",
            "999999999999999d",
            "9223372036854775807d",
        ] {
            assert_eq!(
                parse_since(huge, now),
                Err(SinceError::TooOld(huge.to_string()))
            );
        }
    }
}
