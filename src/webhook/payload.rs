//! The bodies POSTed for one applied event: bounced's own (`format = "standard"`) and listmonk's
//! bounce webhook. Built when the event is applied and stored, so every retry sends the same bytes.

use serde_json::{json, Value};

use crate::policy::Person;
use crate::store::people::person_json;
use crate::store::people::Event;
use crate::store::rfc3339;

/// What one event tells a receiver.
pub struct Fact<'a> {
    pub event_id: i64,
    pub event: &'a Event<'a>,
    /// The person's fields after the event was applied.
    pub person: &'a Person,
    /// listmonk's campaign UUID, when the report quotes the original's `X-Listmonk-Campaign`.
    pub campaign: Option<&'a str>,
}

/// `changed` as a list (`["email_invalid=1", ...]`), empty when nothing changed.
fn changed_list(changed: &str) -> Vec<&str> {
    changed.split(',').filter(|c| !c.is_empty()).collect()
}

/// bounced's event, in the Standard Webhooks envelope `{type, timestamp, data}`.
pub fn standard(fact: &Fact<'_>) -> Value {
    let e = fact.event;
    let received = e.received_at.unwrap_or_default();
    json!({
        "type": "bounced.event",
        "timestamp": rfc3339(received),
        "data": {
            "event_id": fact.event_id,
            "at": e.at.map(rfc3339),
            "received_at": rfc3339(received),
            "email": e.email,
            "kind": e.kind,
            "action": e.action,
            "category": e.category,
            "reason": e.reason,
            "status": e.status,
            "diagnostic": e.diagnostic,
            "trust": e.trust,
            "changed": changed_list(&e.changed),
            "person": person_json(e.email, fact.person, received),
            "original_message_id": e.original_message_id,
            "campaign": fact.campaign,
            "message_id": e.message_id,
        }
    })
}

/// listmonk's bounce type for a category; listmonk records no other kinds of event.
pub fn listmonk_type(category: &str) -> Option<&'static str> {
    match category {
        "hard" => Some("hard"),
        // A block refuses this message, not the address for good.
        "soft" | "block" => Some("soft"),
        "complaint" => Some("complaint"),
        _ => None,
    }
}

/// listmonk's `POST /webhooks/bounce` body; None for events listmonk has no type for.
pub fn listmonk(fact: &Fact<'_>) -> Option<Value> {
    let e = fact.event;
    let kind = listmonk_type(e.category)?;
    let mut body = json!({
        "email": e.email,
        "source": "bounced",
        "type": kind,
        "meta": {
            "event_id": fact.event_id,
            "category": e.category,
            "reason": e.reason,
            "status": e.status,
            "diagnostic": e.diagnostic,
            "trust": e.trust,
            "changed": changed_list(&e.changed),
            "original_message_id": e.original_message_id,
            "message_id": e.message_id,
        }
    });
    if let Some(uuid) = fact.campaign {
        body["campaign_uuid"] = json!(uuid);
    }
    Some(body)
}

/// The value of the first `X-Listmonk-Campaign:` header line in `raw` (the quoted original's
/// headers are part of the report), if it looks like a UUID.
pub fn listmonk_campaign(raw: &[u8]) -> Option<String> {
    const NAME: &[u8] = b"x-listmonk-campaign:";
    raw.split(|&b| b == b'\n').find_map(|line| {
        let head = line.get(..NAME.len())?;
        if !head.eq_ignore_ascii_case(NAME) {
            return None;
        }
        let value = std::str::from_utf8(&line[NAME.len()..]).ok()?.trim();
        let uuid_like =
            value.len() == 36 && value.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
        uuid_like.then(|| value.to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(category: &'static str, changed: &str) -> Event<'static> {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 3, 40, 0).unwrap();
        Event {
            at: Some(at),
            received_at: Some(at),
            email: "tom@example.com",
            message_id: Some(7),
            kind: "dsn",
            action: "failed",
            status: "5.1.1",
            reason: "userunknown",
            category,
            diagnostic: "550 5.1.1 user unknown",
            original_message_id: "<m1@sender.test>",
            trust: "report",
            changed: changed.into(),
            ..Event::default()
        }
    }

    #[test]
    fn standard_carries_the_event_and_the_fields_after_it() {
        let e = event("hard", "email_invalid=1");
        let person = Person {
            email_invalid: true,
            email_invalid_cause: "userunknown".into(),
            ..Person::default()
        };
        let v = standard(&Fact {
            event_id: 42,
            event: &e,
            person: &person,
            campaign: None,
        });
        assert_eq!(v["type"], "bounced.event");
        let d = &v["data"];
        assert_eq!(d["event_id"], 42);
        assert_eq!(d["message_id"], 7);
        assert_eq!(d["changed"], json!(["email_invalid=1"]));
        assert_eq!(d["person"]["email_invalid"], true);
        assert_eq!(d["person"]["mailable"], false);
        assert_eq!(d["original_message_id"], "<m1@sender.test>");
        assert_eq!(d["at"], "2026-11-26T03:40:00Z");
    }

    #[test]
    fn listmonk_shape() {
        let e = event("block", "");
        let p = Person::default();
        let uuid = "5ff2a9d2-6b9c-4a5e-9f0e-1c2d3e4f5a6b";
        let v = listmonk(&Fact {
            event_id: 1,
            event: &e,
            person: &p,
            campaign: Some(uuid),
        })
        .unwrap();
        assert_eq!(v["email"], "tom@example.com");
        assert_eq!(v["type"], "soft");
        assert_eq!(v["source"], "bounced");
        assert_eq!(v["campaign_uuid"], uuid);
        assert!(v["meta"].is_object());
        let ooo = event("autoreply", "");
        assert!(listmonk(&Fact {
            event_id: 1,
            event: &ooo,
            person: &p,
            campaign: None
        })
        .is_none());
        let v = listmonk(&Fact {
            event_id: 1,
            event: &e,
            person: &p,
            campaign: None,
        })
        .unwrap();
        assert!(v.get("campaign_uuid").is_none());
    }

    #[test]
    fn campaign_header_is_found_in_quoted_headers() {
        let raw = b"Content-Type: text/rfc822-headers\r\n\r\nx-listmonk-campaign: 5FF2A9D2-6B9C-4A5E-9F0E-1C2D3E4F5A6B\r\n";
        assert_eq!(
            listmonk_campaign(raw).as_deref(),
            Some("5ff2a9d2-6b9c-4a5e-9f0e-1c2d3e4f5a6b")
        );
        assert_eq!(listmonk_campaign(b"X-Listmonk-Campaign: nope\r\n"), None);
        assert_eq!(listmonk_campaign(b"Subject: x\r\n"), None);
    }
}
