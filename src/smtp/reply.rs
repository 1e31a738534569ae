//! SMTP replies with enhanced status codes (RFC 5321 §4.2, RFC 2034, RFC 3463).

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    /// RFC 3463 enhanced status code, e.g. "5.7.1".
    pub status: &'static str,
    pub text: Cow<'static, str>,
}

impl Reply {
    pub const fn new(code: u16, status: &'static str, text: &'static str) -> Reply {
        Reply {
            code,
            status,
            text: Cow::Borrowed(text),
        }
    }

    pub fn owned(code: u16, status: &'static str, text: String) -> Reply {
        Reply {
            code,
            status,
            text: Cow::Owned(text),
        }
    }

    /// `code SP [status SP] text CRLF`: a reply without an enhanced code (354) has one space.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        let line = if self.status.is_empty() {
            format!("{} {}\r\n", self.code, self.text)
        } else {
            format!("{} {} {}\r\n", self.code, self.status, self.text)
        };
        out.extend_from_slice(line.as_bytes());
    }

    pub fn is_positive(&self) -> bool {
        self.code < 400
    }

    /// "250 2.0.0" for logs.
    pub fn short(&self) -> String {
        format!("{} {}", self.code, self.status)
    }
}

// RFC 5321 §4.2.2 codes; RFC 3463 §3 enhanced codes.
pub const OK: Reply = Reply::new(250, "2.0.0", "OK");
pub const SENDER_OK: Reply = Reply::new(250, "2.1.0", "Sender OK");
pub const RECIPIENT_OK: Reply = Reply::new(250, "2.1.5", "Recipient OK");
// RFC 2034 §4: enhanced codes go on 2xx, 4xx and 5xx replies only.
pub const START_DATA: Reply = Reply::new(354, "", "End data with <CR><LF>.<CR><LF>");
pub const BYE: Reply = Reply::new(221, "2.0.0", "Bye");
pub const CANNOT_VRFY: Reply = Reply::new(
    252,
    "2.5.0",
    "Cannot VRFY user, but will accept message for it",
);
pub const HELP: Reply = Reply::new(
    214,
    "2.0.0",
    "See RFC 5321; this host receives delivery status notifications",
);
pub const STORED: Reply = Reply::new(250, "2.0.0", "Message accepted");
// RFC 3207 §4.
pub const READY_FOR_TLS: Reply = Reply::new(220, "2.0.0", "Ready to start TLS");
pub const TLS_NOT_AVAILABLE: Reply = Reply::new(454, "4.7.0", "TLS not available");
pub const TLS_ALREADY_ACTIVE: Reply = Reply::new(503, "5.5.1", "TLS already active");
pub const DUPLICATE: Reply = Reply::new(250, "2.0.0", "Message accepted (already received)");

pub const STORAGE_FAILED: Reply = Reply::new(451, "4.3.0", "Local storage error, try again later");
// RFC 3463 §3.4: 4.3.1 mail system full.
pub const OUT_OF_MEMORY: Reply = Reply::new(
    452,
    "4.3.1",
    "Insufficient system storage for the message now, try again later",
);
pub const TOO_MANY_RECIPIENTS: Reply = Reply::new(452, "4.5.3", "Too many recipients");
pub const TIMEOUT: Reply = Reply::new(421, "4.4.2", "Timeout, closing connection");
pub const TOO_MANY_CONNECTIONS: Reply =
    Reply::new(421, "4.7.0", "Too many connections, try again later");
pub const TOO_MANY_FROM_CLIENT: Reply = Reply::new(
    421,
    "4.7.0",
    "Too many connections from your address, try again later",
);
pub const TOO_FAST_FROM_CLIENT: Reply = Reply::new(
    421,
    "4.7.0",
    "Too many new connections from your address this minute, try again later",
);
pub const MAKING_ROOM: Reply = Reply::new(
    421,
    "4.7.0",
    "Too many connections: closing idle session, try again later",
);
pub const TOO_MANY_ERRORS: Reply = Reply::new(421, "4.7.0", "Too many errors, closing connection");
pub const SHUTTING_DOWN: Reply = Reply::new(421, "4.3.2", "Service shutting down, try again later");

pub const IMPROPER_PIPELINING: Reply = Reply::new(
    554,
    "5.5.0",
    "Improper use of SMTP command pipelining: content before the 354",
);
pub const LINE_TOO_LONG: Reply = Reply::new(500, "5.5.2", "Line too long");
pub const UNKNOWN_COMMAND: Reply = Reply::new(500, "5.5.2", "Command unrecognized");
pub const NOT_IMPLEMENTED: Reply = Reply::new(502, "5.5.1", "Command not implemented");
pub const NESTED_MAIL: Reply = Reply::new(503, "5.5.1", "Sender already specified");
pub const NEED_MAIL: Reply = Reply::new(503, "5.5.1", "Need MAIL command first");
pub const NEED_RCPT: Reply = Reply::new(503, "5.5.1", "Need RCPT command first");
pub const BAD_SENDER: Reply = Reply::new(501, "5.1.7", "Bad sender address syntax");
pub const BAD_RECIPIENT: Reply = Reply::new(501, "5.1.3", "Bad recipient address syntax");
pub const RELAY_DENIED: Reply = Reply::new(
    550,
    "5.7.1",
    "Relay access denied: not a bounce domain of this host",
);
pub const BAD_SIZE: Reply = Reply::new(501, "5.5.4", "SIZE= takes 1 to 20 digits (RFC 1870)");
pub const MESSAGE_TOO_BIG: Reply = Reply::new(552, "5.3.4", "Message size exceeds fixed limit");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_space_between_fields() {
        let mut out = Vec::new();
        START_DATA.write_to(&mut out);
        assert_eq!(out, b"354 End data with <CR><LF>.<CR><LF>\r\n");
        out.clear();
        BYE.write_to(&mut out);
        assert_eq!(out, b"221 2.0.0 Bye\r\n");
    }
}
