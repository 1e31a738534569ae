//! What the rest of bounced knows about a received message: its kind and one classified
//! finding per recipient it reports on. `report` reads, `classify` judges, this joins them.

use chrono::{DateTime, Utc};

use crate::taxonomy::{Category, Reason};
use crate::{classify, report};

/// What sort of report a message is (the `kind` of the JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// RFC 3464 delivery status notification (or RFC 6533 global DSN).
    Dsn,
    /// RFC 5965 abuse feedback report.
    Arf,
    /// RFC 3834 automatic reply (out of office, vacation).
    AutoReply,
    /// A bounce without a machine-readable status part, read from its text.
    Heuristic,
    /// Not a bounce at all.
    None,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dsn => "dsn",
            Kind::Arf => "arf",
            Kind::AutoReply => "autoreply",
            Kind::Heuristic => "heuristic",
            Kind::None => "none",
        }
    }
}

/// The per-recipient action (RFC 3464 §2.3.3, plus `complaint` and `autoreply`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Failed,
    Delayed,
    Delivered,
    Relayed,
    Expanded,
    Complaint,
    AutoReply,
    /// No action stated or inferable.
    Unknown,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Failed => "failed",
            Action::Delayed => "delayed",
            Action::Delivered => "delivered",
            Action::Relayed => "relayed",
            Action::Expanded => "expanded",
            Action::Complaint => "complaint",
            Action::AutoReply => "autoreply",
            Action::Unknown => "",
        }
    }
}

/// One analysed message.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub kind: Kind,
    /// Reporting-MTA without its `dns;` type, or "".
    pub reporting_mta: String,
    /// Message-ID of the original message (from the returned headers), without angle brackets, or "".
    pub original_message_id: String,
    /// Lowercased addresses from the original message's To header: the last resort for "who".
    pub original_to: Vec<String>,
    /// The report's own date (Arrival-Date, else the report's Date header), when readable.
    pub date: Option<DateTime<Utc>>,
    /// One per reported recipient; empty for `Kind::None`.
    pub findings: Vec<Finding>,
}

/// One recipient's outcome, classified.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Final-Recipient (or the heuristic's address), lowercased, or "".
    pub recipient: String,
    /// Original-Recipient, lowercased, or "".
    pub original_recipient: String,
    pub action: Action,
    /// RFC 3463 enhanced status code (`5.1.1`) or "".
    pub status: String,
    /// RFC 5321 reply code (`550`) or "".
    pub reply_code: String,
    /// Diagnostic text with folding undone, trimmed.
    pub diagnostic: String,
    /// Remote-MTA without its type, or "".
    pub remote_mta: String,
    /// ARF Feedback-Type, or "".
    pub feedback_type: String,
    /// Last-Attempt-Date for this recipient, when readable.
    pub date: Option<DateTime<Utc>>,
    pub reason: Reason,
    pub category: Category,
    pub hard: bool,
}

/// Read and classify one message. Never panics, whatever the bytes.
pub fn analyze(raw: &[u8]) -> Analysis {
    let report = report::read(raw);
    let findings = report
        .entries
        .into_iter()
        .map(|entry| {
            let reason = classify::reason(report.kind, &entry, &report.prose_lower);
            let category = classify::category(reason, &entry);
            Finding {
                recipient: entry.recipient,
                original_recipient: entry.original_recipient,
                action: entry.action,
                status: entry.status,
                reply_code: entry.reply_code,
                diagnostic: entry.diagnostic,
                remote_mta: entry.remote_mta,
                feedback_type: entry.feedback_type,
                date: entry.date,
                reason,
                category,
                hard: category == Category::Hard,
            }
        })
        .collect();
    Analysis {
        kind: report.kind,
        reporting_mta: report.reporting_mta,
        original_message_id: report.original_message_id,
        original_to: report.original_to,
        date: report.date,
        findings,
    }
}
