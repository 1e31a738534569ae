//! Amazon SES notifications delivered by e-mail through SNS: a JSON document in the text
//! instead of a MIME report. Its fields carry the same facts as RFC 3464 and RFC 5965 ones.

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

/// Reads the SES notification in `prose`, if it holds one.
pub fn read(prose: &str) -> Option<Notification> {
    let start = prose.find("{\"notificationType\"")?;
    let end = prose.rfind('}')? + 1;
    let json = prose.get(start..end)?;
    // Relays that break lines longer than RFC 5322 §2.1.1 allows insert "!" and a folded line
    // break; the JSON only parses with them taken out again.
    let json = json.replace("!\n ", "").replace('\n', "");
    let doc: Value = serde_json::from_str(&json).ok()?;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let list = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match doc.get("notificationType")?.as_str()? {
        "Bounce" => {
            let bounce = doc.get("bounce")?;
            let entries = list(bounce, "bouncedRecipients")
                .iter()
                .take(super::MAX_ENTRIES)
                .map(|r| {
                    let diagnostic = super::fields::untyped(&text(r, "diagnosticCode")).to_owned();
                    Entry {
                        recipient: recipient_address(&text(r, "emailAddress")),
                        action: if text(r, "action") == "delayed" {
                            Action::Delayed
                        } else {
                            Action::Failed
                        },
                        status: enhanced_status(&text(r, "status")).unwrap_or("").to_owned(),
                        reply_code: reply_code(&diagnostic).unwrap_or("").to_owned(),
                        diagnostic,
                        ..Entry::empty()
                    }
                })
                .collect();
            let reporting_mta = super::fields::untyped(&text(bounce, "reportingMTA")).to_owned();
            Some(Notification {
                kind: Kind::Dsn,
                reporting_mta,
                entries,
            })
        }
        "Complaint" => {
            let complaint = doc.get("complaint")?;
            let feedback_type = text(complaint, "complaintFeedbackType");
            let entries = list(complaint, "complainedRecipients")
                .iter()
                .take(super::MAX_ENTRIES)
                .map(|r| Entry {
                    recipient: recipient_address(&text(r, "emailAddress")),
                    action: Action::Complaint,
                    feedback_type: feedback_type.clone(),
                    ..Entry::empty()
                })
                .collect();
            Some(Notification {
                kind: Kind::Arf,
                reporting_mta: String::new(),
                entries,
            })
        }
        "Delivery" => {
            let delivery = doc.get("delivery")?;
            let response = text(delivery, "smtpResponse");
            let entries = list(delivery, "recipients")
                .iter()
                .filter_map(Value::as_str)
                .take(super::MAX_ENTRIES)
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
            let reporting_mta = text(delivery, "reportingMTA");
            Some(Notification {
                kind: Kind::Dsn,
                reporting_mta,
                entries,
            })
        }
        _ => None,
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
    fn complaint_with_folded_line() {
        let prose = "{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"email!\n \
                     Address\":\"b@example.org\"}],\"complaintFeedbackType\":\"abuse\"}}";
        let n = read(prose).expect("notification");
        assert_eq!(n.kind, Kind::Arf);
        assert_eq!(n.entries[0].feedback_type, "abuse");
        assert_eq!(n.entries[0].recipient, "b@example.org");
    }
}
