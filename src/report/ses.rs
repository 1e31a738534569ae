//! Amazon SES notifications delivered by e-mail through SNS: a JSON document in the text
//! instead of a MIME report. Its fields carry the same facts as RFC 3464 and RFC 5965 ones.

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use super::dsn::recipient_address;
use super::text::{enhanced_status, reply_code};
use super::Entry;
use crate::taxonomy::{Action, Kind};

/// What an SES notification reports.
pub struct Notification {
    pub kind: Kind,
    pub reporting_mta: String,
    pub entries: Vec<Entry>,
}

/// The notification document, by its `notificationType`. Fields are read leniently, as the
/// untyped reader did: a value of the wrong type counts as absent, not as a broken document.
#[derive(Deserialize)]
#[serde(tag = "notificationType")]
enum Document {
    Bounce {
        #[serde(deserialize_with = "lenient")]
        bounce: Bounce,
    },
    Complaint {
        #[serde(deserialize_with = "lenient")]
        complaint: Complaint,
    },
    Delivery {
        #[serde(deserialize_with = "lenient")]
        delivery: Delivery,
    },
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Bounce {
    #[serde(deserialize_with = "each_or_default")]
    bounced_recipients: Vec<BouncedRecipient>,
    #[serde(rename = "reportingMTA", deserialize_with = "lenient")]
    reporting_mta: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct BouncedRecipient {
    #[serde(deserialize_with = "lenient")]
    email_address: String,
    #[serde(deserialize_with = "lenient")]
    action: String,
    #[serde(deserialize_with = "lenient")]
    status: String,
    #[serde(deserialize_with = "lenient")]
    diagnostic_code: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Complaint {
    #[serde(deserialize_with = "each_or_default")]
    complained_recipients: Vec<ComplainedRecipient>,
    #[serde(deserialize_with = "lenient")]
    complaint_feedback_type: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ComplainedRecipient {
    #[serde(deserialize_with = "lenient")]
    email_address: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Delivery {
    /// Plain addresses; anything else in the list is skipped.
    #[serde(deserialize_with = "each_valid")]
    recipients: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    smtp_response: String,
    #[serde(rename = "reportingMTA", deserialize_with = "lenient")]
    reporting_mta: String,
}

/// `T` from any JSON value, its default when the value has another shape.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<T, D::Error> {
    Ok(T::deserialize(Value::deserialize(d)?).unwrap_or_default())
}

/// The list's items, one of the wrong shape as a default item; no list is an empty one.
fn each_or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(items(Value::deserialize(d)?)
        .map(|v| T::deserialize(v).unwrap_or_default())
        .take(super::MAX_ENTRIES)
        .collect())
}

/// The list's items that have the right shape; no list is an empty one.
fn each_valid<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(items(Value::deserialize(d)?)
        .filter_map(|v| T::deserialize(v).ok())
        .take(super::MAX_ENTRIES)
        .collect())
}

/// The items of a JSON array (none for anything else).
fn items(v: Value) -> impl Iterator<Item = Value> {
    let list = match v {
        Value::Array(list) => list,
        _ => Vec::new(),
    };
    list.into_iter()
}

/// Reads the SES notification in `prose`, if it holds one.
pub fn read(prose: &str) -> Option<Notification> {
    let start = prose.find("{\"notificationType\"")?;
    let end = prose.rfind('}')? + 1;
    let json = prose.get(start..end)?;
    // Relays that break lines longer than RFC 5322 §2.1.1 allows insert "!" and a folded line
    // break; the JSON only parses with them taken out again.
    let json = json.replace("!\n ", "").replace('\n', "");
    Some(match serde_json::from_str(&json).ok()? {
        Document::Bounce { bounce } => bounced(bounce),
        Document::Complaint { complaint } => complained(complaint),
        Document::Delivery { delivery } => delivered(delivery),
    })
}

fn bounced(bounce: Bounce) -> Notification {
    let entries = bounce
        .bounced_recipients
        .into_iter()
        .map(|r| {
            let diagnostic = super::fields::untyped(&r.diagnostic_code).to_owned();
            Entry {
                recipient: recipient_address(&r.email_address),
                action: if r.action == "delayed" {
                    Action::Delayed
                } else {
                    Action::Failed
                },
                status: enhanced_status(&r.status).unwrap_or("").to_owned(),
                reply_code: reply_code(&diagnostic).unwrap_or("").to_owned(),
                diagnostic,
                ..Entry::empty()
            }
        })
        .collect();
    Notification {
        kind: Kind::Dsn,
        reporting_mta: super::fields::untyped(&bounce.reporting_mta).to_owned(),
        entries,
    }
}

fn complained(complaint: Complaint) -> Notification {
    let feedback_type = complaint.complaint_feedback_type;
    let entries = complaint
        .complained_recipients
        .into_iter()
        .map(|r| Entry {
            recipient: recipient_address(&r.email_address),
            action: Action::Complaint,
            feedback_type: feedback_type.clone(),
            ..Entry::empty()
        })
        .collect();
    Notification {
        kind: Kind::Arf,
        reporting_mta: String::new(),
        entries,
    }
}

fn delivered(delivery: Delivery) -> Notification {
    let response = delivery.smtp_response;
    let entries = delivery
        .recipients
        .iter()
        .map(|r| Entry {
            recipient: recipient_address(r),
            action: Action::Delivered,
            status: enhanced_status(&response).unwrap_or("").to_owned(),
            reply_code: response
                .get(..3)
                .filter(|c| c.starts_with('2'))
                .unwrap_or("")
                .to_owned(),
            diagnostic: response.clone(),
            ..Entry::empty()
        })
        .collect();
    Notification {
        kind: Kind::Dsn,
        reporting_mta: delivery.reporting_mta,
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounce_notification() {
        let prose = "{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\
                     \"a@example.org\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\
                     \"smtp; 550 5.1.1 user unknown\"}],\"reportingMTA\":\"dsn; mx.example.net\"}}\n--\nfooter";
        let n = read(prose).expect("notification");
        assert_eq!(n.kind, Kind::Dsn);
        assert_eq!(n.reporting_mta, "mx.example.net");
        assert_eq!(n.entries[0].recipient, "a@example.org");
        assert_eq!(n.entries[0].reply_code, "550");
    }

    #[test]
    fn recipients_capped() {
        let many = |key: &str| {
            (0..3000)
                .map(|i| format!("{{\"{key}\":\"r{i}@example.org\"}}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let complaint = format!(
            "{{\"notificationType\":\"Complaint\",\"complaint\":{{\"complainedRecipients\":[{}]}}}}",
            many("emailAddress")
        );
        let bounce = format!(
            "{{\"notificationType\":\"Bounce\",\"bounce\":{{\"bouncedRecipients\":[{}]}}}}",
            many("emailAddress")
        );
        let addresses: Vec<String> = (0..3000).map(|i| format!("\"r{i}@example.org\"")).collect();
        let delivery = format!(
            "{{\"notificationType\":\"Delivery\",\"delivery\":{{\"recipients\":[{}]}}}}",
            addresses.join(",")
        );
        for prose in [complaint, bounce, delivery] {
            let n = read(&prose).expect("notification");
            assert_eq!(n.entries.len(), super::super::MAX_ENTRIES);
        }
    }

    #[test]
    fn delivery_notification() {
        let prose = "{\"notificationType\":\"Delivery\",\"delivery\":{\"recipients\":[\"a@example.org\",7],\
                     \"smtpResponse\":\"250 2.0.0 OK\",\"reportingMTA\":\"a8-1.smtp-out.example\"}}";
        let n = read(prose).expect("notification");
        assert_eq!(n.kind, Kind::Dsn);
        assert_eq!(n.reporting_mta, "a8-1.smtp-out.example");
        assert_eq!(n.entries.len(), 1, "the number is no address");
        let e = &n.entries[0];
        assert_eq!(
            (e.action, e.status.as_str(), e.reply_code.as_str()),
            (Action::Delivered, "2.0.0", "250")
        );
    }

    #[test]
    fn wrongly_typed_fields_count_as_absent() {
        // a number where SES writes text, a string where it writes a recipient object
        let prose = "{\"notificationType\":\"Bounce\",\"bounce\":{\"bouncedRecipients\":[{\"emailAddress\":\
                     \"a@example.org\",\"status\":511},\"junk\"],\"reportingMTA\":[]}}";
        let n = read(prose).expect("notification");
        assert_eq!(n.reporting_mta, "");
        let got: Vec<_> = n
            .entries
            .iter()
            .map(|e| (e.recipient.as_str(), e.status.as_str()))
            .collect();
        assert_eq!(got, [("a@example.org", ""), ("", "")]);
        // no notification type, or one SES does not send: not a notification
        assert!(read("{\"notificationType\":5}").is_none());
        assert!(read("{\"notificationType\":\"Received\",\"receipt\":{}}").is_none());
        assert!(read("{\"notificationType\":\"Bounce\"}").is_none());
    }

    #[test]
    fn complaint_with_folded_line() {
        let prose = "{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"email!\n \
                     Address\":\"b@example.org\"}],\"complaintFeedbackType\":\"abuse\"}}";
        let n = read(prose).expect("notification");
        assert_eq!(n.kind, Kind::Arf);
        assert_eq!(n.entries[0].feedback_type, "abuse");
        assert_eq!(n.entries[0].recipient, "b@example.org");
    }
}
