//! The API's three questions, answered from a read-only connection with the CLI's JSON shapes
//! (`person_json`, the objects of `bounced list --unmailable --json`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde_json::{json, Value};

use crate::policy::mailability;
use crate::store::people::person_json;
use crate::store::{people, rfc3339};

/// Most people in one page of suppressions, and the page size when none is asked for.
pub const MAX_PAGE: usize = 1000;
/// Most addresses in one `mailable` question.
pub const MAX_ADDRESSES: usize = 1000;

/// `GET /v1/people/{email}`: the person's fields and mailability (an unknown address is a person
/// with nothing against it, `known: false`).
pub fn person(conn: &Connection, email: &str, now: DateTime<Utc>) -> rusqlite::Result<Value> {
    let found = people::load(conn, email)?;
    let mut j = person_json(email, &found.clone().unwrap_or_default(), now);
    j["known"] = json!(found.is_some());
    Ok(j)
}

/// `GET /v1/suppressions`: people not mailable now whose row changed at or after `since`, in
/// email order after `after`; `next_after` continues the listing (null on the last page).
pub fn suppressions(
    conn: &Connection,
    since: Option<DateTime<Utc>>,
    after: Option<&str>,
    limit: usize,
    now: DateTime<Utc>,
) -> rusqlite::Result<Value> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT email, {cols}, updated_at FROM people
          WHERE (email_invalid = 1 OR unsubscribed = 1 OR email_suspended_until > ?1)
            AND (?2 IS NULL OR updated_at >= ?2) AND (?3 IS NULL OR email > ?3)
          ORDER BY email LIMIT ?4",
        cols = people::PERSON_COLUMNS
    ))?;
    let rows = stmt.query_map(
        params![rfc3339(now), since.map(rfc3339), after, limit as i64],
        |r| {
            let email: String = r.get(0)?;
            let mut j = person_json(&email, &people::person_from_row(r, 1)?, now);
            j["since"] = json!(r.get::<_, String>(11)?);
            Ok(j)
        },
    )?;
    let items = rows.collect::<rusqlite::Result<Vec<Value>>>()?;
    let next = (items.len() == limit)
        .then(|| items.last().map(|j| j["email"].clone()))
        .flatten();
    Ok(json!({ "items": items, "next_after": next }))
}

/// `POST /v1/mailable`: for each address given, whether it may be mailed now, why not and until
/// when. A malformed address may not be mailed.
pub fn mailable(
    conn: &Connection,
    addresses: &[String],
    now: DateTime<Utc>,
) -> rusqlite::Result<Value> {
    let mut results = Vec::with_capacity(addresses.len());
    for given in addresses {
        let answer = match crate::address::parse(given) {
            Ok(email) => {
                let m = mailability(&people::load(conn, &email)?.unwrap_or_default(), now);
                json!({ "email": email, "mailable": m.mailable, "why": m.why, "until": m.until.map(rfc3339) })
            }
            Err(e) => {
                json!({ "email": given, "mailable": false, "why": format!("not an address: {e}"), "until": null })
            }
        };
        results.push(answer);
    }
    Ok(json!({ "results": results }))
}
