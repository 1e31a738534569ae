//! Retention of raw message content (`store.keep_raw_days`): past it the bytes are dropped and
//! the message row, its events and the people they changed stay. Used by the daemon's periodic
//! task and by `bounced prune`.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, Transaction};

use super::messages::{self, rfc3339};

/// Messages received before this time lose their raw content; `None` when it is kept forever
/// (`keep` is 0).
pub fn cutoff(keep: std::time::Duration, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if keep.is_zero() {
        return None;
    }
    Duration::from_std(keep)
        .ok()
        .and_then(|keep| now.checked_sub_signed(keep))
}

/// Raw content due to be dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Due {
    pub messages: u64,
    pub bytes: u64,
}

pub fn due(conn: &Connection, cutoff: DateTime<Utc>) -> rusqlite::Result<Due> {
    conn.query_row(
        "SELECT count(*), coalesce(sum(length(raw)), 0) FROM messages
          WHERE raw IS NOT NULL AND received_at < ?1",
        [rfc3339(cutoff)],
        |r| {
            Ok(Due {
                messages: r.get::<_, i64>(0)? as u64,
                bytes: r.get::<_, i64>(1)? as u64,
            })
        },
    )
}

/// Drops the raw content of messages received before `cutoff`; returns how many lost theirs.
pub fn purge(tx: &Transaction<'_>, cutoff: DateTime<Utc>) -> rusqlite::Result<usize> {
    messages::purge_raw(tx, cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn zero_days_keeps_forever() {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap();
        assert_eq!(cutoff(std::time::Duration::ZERO, now), None);
        assert_eq!(
            cutoff(std::time::Duration::from_secs(30 * 86_400), now),
            Some(Utc.with_ymd_and_hms(2026, 10, 27, 0, 0, 0).unwrap())
        );
    }
}
