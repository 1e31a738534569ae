//! The SMTP envelope of one transaction: what `smtp` receives, `mailbox` reconstructs from a
//! stored file and `store` keeps beside the message. Vocabulary only, importing nothing.

/// What a client submitted in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub helo: String,
    /// "" for the null reverse-path of a bounce (RFC 5321 §4.5.5).
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
}
