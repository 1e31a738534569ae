//! The reason vocabulary (Sisimai's names) and the categories of DESIGN.md.
//! With them the vocabulary shared by `report`, `classify` and `analysis`: `Kind` and `Action`.
//! These names are a contract: they appear in JSON output and in the database.

use std::fmt;

use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// Why a message was not (or was) delivered, in Sisimai's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    UserUnknown,
    HostUnknown,
    HasMoved,
    NotAccept,
    Blocked,
    SpamDetected,
    VirusDetected,
    PolicyViolation,
    SecurityError,
    BadReputation,
    RequirePtr,
    AuthFailure,
    Rejected,
    MailboxFull,
    ExceedLimit,
    MesgTooBig,
    Suspend,
    Filtered,
    Expired,
    NetworkError,
    SystemError,
    SystemFull,
    TooManyConn,
    Speeding,
    SyntaxError,
    MailerError,
    ContentError,
    NotCompliantRfc,
    NoRelaying,
    FailedStartTls,
    OnHold,
    Undefined,
    Feedback,
    Vacation,
    Delivered,
}

impl Reason {
    /// Every reason, in table order; used to parse names and to document config keys.
    pub const ALL: [Reason; 35] = [
        Reason::UserUnknown,
        Reason::HostUnknown,
        Reason::HasMoved,
        Reason::NotAccept,
        Reason::Blocked,
        Reason::SpamDetected,
        Reason::VirusDetected,
        Reason::PolicyViolation,
        Reason::SecurityError,
        Reason::BadReputation,
        Reason::RequirePtr,
        Reason::AuthFailure,
        Reason::Rejected,
        Reason::MailboxFull,
        Reason::ExceedLimit,
        Reason::MesgTooBig,
        Reason::Suspend,
        Reason::Filtered,
        Reason::Expired,
        Reason::NetworkError,
        Reason::SystemError,
        Reason::SystemFull,
        Reason::TooManyConn,
        Reason::Speeding,
        Reason::SyntaxError,
        Reason::MailerError,
        Reason::ContentError,
        Reason::NotCompliantRfc,
        Reason::NoRelaying,
        Reason::FailedStartTls,
        Reason::OnHold,
        Reason::Undefined,
        Reason::Feedback,
        Reason::Vacation,
        Reason::Delivered,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Reason::UserUnknown => "userunknown",
            Reason::HostUnknown => "hostunknown",
            Reason::HasMoved => "hasmoved",
            Reason::NotAccept => "notaccept",
            Reason::Blocked => "blocked",
            Reason::SpamDetected => "spamdetected",
            Reason::VirusDetected => "virusdetected",
            Reason::PolicyViolation => "policyviolation",
            Reason::SecurityError => "securityerror",
            Reason::BadReputation => "badreputation",
            Reason::RequirePtr => "requireptr",
            Reason::AuthFailure => "authfailure",
            Reason::Rejected => "rejected",
            Reason::MailboxFull => "mailboxfull",
            Reason::ExceedLimit => "exceedlimit",
            Reason::MesgTooBig => "mesgtoobig",
            Reason::Suspend => "suspend",
            Reason::Filtered => "filtered",
            Reason::Expired => "expired",
            Reason::NetworkError => "networkerror",
            Reason::SystemError => "systemerror",
            Reason::SystemFull => "systemfull",
            Reason::TooManyConn => "toomanyconn",
            Reason::Speeding => "speeding",
            Reason::SyntaxError => "syntaxerror",
            Reason::MailerError => "mailererror",
            Reason::ContentError => "contenterror",
            Reason::NotCompliantRfc => "notcompliantrfc",
            Reason::NoRelaying => "norelaying",
            Reason::FailedStartTls => "failedstarttls",
            Reason::OnHold => "onhold",
            Reason::Undefined => "undefined",
            Reason::Feedback => "feedback",
            Reason::Vacation => "vacation",
            Reason::Delivered => "delivered",
        }
    }

    pub fn from_name(name: &str) -> Option<Reason> {
        Reason::ALL.iter().copied().find(|r| r.name() == name)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// By name, as in the configuration's `[policy.effects]` keys.
impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reason, D::Error> {
        let name = String::deserialize(d)?;
        Reason::from_name(&name).ok_or_else(|| {
            D::Error::custom(format!(
                "{name:?} is not a reason name (`bounced reasons` lists them: userunknown, \
                 blocked, mailboxfull, ...)"
            ))
        })
    }
}

/// The effect class of a report (DESIGN.md, "Reason taxonomy and categories").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Hard,
    Block,
    Soft,
    Complaint,
    AutoReply,
    Delay,
    Success,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Hard,
        Category::Block,
        Category::Soft,
        Category::Complaint,
        Category::AutoReply,
        Category::Delay,
        Category::Success,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Category::Hard => "hard",
            Category::Block => "block",
            Category::Soft => "soft",
            Category::Complaint => "complaint",
            Category::AutoReply => "autoreply",
            Category::Delay => "delay",
            Category::Success => "success",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Reason::ALL {
            assert_eq!(Reason::from_name(r.name()), Some(r));
        }
        for c in Category::ALL {
            assert_eq!(Category::from_name(c.name()), Some(c));
        }
        assert_eq!(Reason::from_name("nosuchreason"), None);
        let json = serde_json::to_string(&Reason::MailboxFull).unwrap();
        assert_eq!(json, "\"mailboxfull\"");
        assert_eq!(
            serde_json::from_str::<Reason>(&json).unwrap(),
            Reason::MailboxFull
        );
        let e = serde_json::from_str::<Reason>("\"mailboxful\"").unwrap_err();
        assert!(
            e.to_string()
                .contains("\"mailboxful\" is not a reason name"),
            "{e}"
        );
    }
}
