//! The SMTP server session as a state machine: bytes in, replies out, no sockets.
//! The driver (`listener`) feeds it what it reads and writes what it produces; when a message is
//! complete the session hands it over and waits for `stored` before it reads further, so a
//! pipelining client never gets a 250 for a message that is not committed.

use std::sync::Arc;

use smtp_proto::request::receiver::{DataReceiver, DummyDataReceiver};
use smtp_proto::{Error as ProtoError, Request};

use super::budget::{Budget, Reservation};
use super::reply::{self, Reply};
use super::size_param::{declared_size, DeclaredSize};

/// Longest command line kept (RFC 5321 §4.5.3.1.4 sets 512 octets; extensions and lenient
/// clients go beyond, so allow more, but bounded).
const MAX_COMMAND_LINE: usize = 4096;
/// Content bytes a transfer without `SIZE=` reserves at DATA: one read from the socket.
const FIRST_RESERVATION: usize = 64 * 1024;
pub use crate::envelope::Envelope;
use crate::intake::Outcome;
use crate::smtp::settings::Smtp;

/// A complete message awaiting storage.
#[derive(Debug)]
pub struct Received {
    pub envelope: Envelope,
    /// The content with dot-stuffing removed (RFC 5321 §4.5.2), otherwise byte-exact.
    pub data: Vec<u8>,
    /// The memory budget `data` counts against: keep it until the message is committed.
    pub held: Reservation,
}

/// Why `ingest` stopped.
#[derive(Debug)]
pub enum Progress {
    /// All input consumed; read more.
    NeedInput,
    /// A message is complete: store it, then call `stored`, then go on with the rest of the input.
    Message(Received),
    /// The session is over: write what is pending and close. Says why, for the log:
    /// "quit" (the client said QUIT), "too many errors", "shutdown" or "aborted".
    Close(&'static str),
    /// STARTTLS was accepted: write what is pending, drop the rest of the input (RFC 3207 §4.2:
    /// nothing sent before the handshake may be acted on), start TLS, then call `tls_started`.
    StartTls,
}

enum State {
    Command,
    Data {
        content: Content,
        /// The share of the memory budget the content may use.
        held: Reservation,
    },
    /// STARTTLS answered: the driver hands over to TLS.
    StartTls,
    /// Ended, and why (`Progress::Close`).
    Closed(&'static str),
}

/// Where message content goes as it arrives.
enum Content {
    /// Into `Session::data`, dot-stuffing removed.
    Kept(DataReceiver),
    /// Nowhere: it cannot be kept (too big, or no room in the memory budget), so smtp-proto's
    /// discarding receiver reads it to its end, and this is the reply.
    Dropped(DummyDataReceiver, Reply),
}

/// Stops keeping content: what was kept goes and gives its budget back; the rest is read to
/// its end and discarded.
fn give_up(
    receiver: &DataReceiver,
    data: &mut Vec<u8>,
    held: &mut Reservation,
    reply: Reply,
) -> Content {
    *data = Vec::new();
    held.release();
    Content::Dropped(DummyDataReceiver::new_data(receiver), reply)
}

pub struct Session {
    config: Arc<Smtp>,
    state: State,
    /// The command line being received; framed here (not by smtp-proto's receiver) so the
    /// length limit is ours and the raw line is at hand.
    line: Vec<u8>,
    /// The current line passed `MAX_COMMAND_LINE`: drop the rest of it, then reply 500.
    line_too_long: bool,
    helo: String,
    mail_from: Option<String>,
    /// `SIZE=` of the current MAIL (RFC 1870), at most `max_message_size`.
    declared_size: Option<usize>,
    rcpt_to: Vec<String>,
    data: Vec<u8>,
    /// Shared by all sessions: bounds the message content held at once.
    budget: Arc<Budget>,
    errors: usize,
    /// STARTTLS may be offered (a certificate is configured) and is not yet in use.
    tls_offered: bool,
    tls_active: bool,
    /// Shutdown is under way: every command but QUIT gets 421 4.3.2.
    shutting_down: bool,
    /// RCPT commands refused because the domain is not ours (for the metrics).
    pub rejected_recipients: u64,
    /// Messages refused after their content (too big), for the metrics.
    pub rejected_messages: u64,
}

impl Session {
    pub fn new(config: Arc<Smtp>, tls_offered: bool, budget: Arc<Budget>) -> Session {
        Session {
            config,
            state: State::Command,
            line: Vec::new(),
            line_too_long: false,
            helo: String::new(),
            mail_from: None,
            declared_size: None,
            rcpt_to: Vec::new(),
            data: Vec::new(),
            budget,
            errors: 0,
            tls_offered,
            tls_active: false,
            shutting_down: false,
            rejected_recipients: 0,
            rejected_messages: 0,
        }
    }

    /// RFC 5321 §4.2: the 220 greeting.
    pub fn greeting(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(format!("220 {} ESMTP bounced\r\n", self.config.hostname).as_bytes());
    }

    /// True while message content is being received (the data timeout applies).
    pub fn in_data(&self) -> bool {
        matches!(self.state, State::Data { .. })
    }

    /// True when part of a command line has been received (the command timeout applies).
    pub fn has_partial_command(&self) -> bool {
        !self.line.is_empty() || self.line_too_long
    }

    /// Consumes input until it is exhausted, a message is complete or the session ends.
    pub fn ingest(&mut self, input: &mut &[u8], out: &mut Vec<u8>) -> Progress {
        loop {
            match &mut self.state {
                State::Closed(why) => {
                    let why = *why;
                    *input = &[];
                    return Progress::Close(why);
                }
                // Pipelined bytes after STARTTLS are dropped (RFC 3207 §4.2, CVE-2011-0411).
                State::StartTls => {
                    *input = &[];
                    self.state = State::Command;
                    return Progress::StartTls;
                }
                _ if input.is_empty() => return Progress::NeedInput,
                State::Data { content, held } => {
                    let mut bytes = input.iter();
                    let done = match content {
                        Content::Kept(receiver) => {
                            // Room in the budget for what this input can add, before it is
                            // added; the reservation grows by a quarter at a time, up to the
                            // size limit.
                            let need = self.data.len() + input.len();
                            if need > held.bytes()
                                && !held.grow_to(
                                    need.max(held.bytes() + held.bytes() / 4)
                                        .min(self.config.max_message_size),
                                )
                            {
                                let reply = reply::OUT_OF_MEMORY;
                                *content = give_up(receiver, &mut self.data, held, reply);
                                continue;
                            }
                            if self.data.capacity() < need {
                                // Grow by a quarter, not double: the budget counts bytes, and
                                // doubling would hold up to twice as much as it counts.
                                let len = self.data.len();
                                self.data.reserve_exact((need - len).max(len / 4));
                            }
                            let done = receiver.ingest(&mut bytes, &mut self.data);
                            if self.data.len() > self.config.max_message_size {
                                let reply = reply::MESSAGE_TOO_BIG;
                                *content = give_up(receiver, &mut self.data, held, reply);
                            }
                            done
                        }
                        Content::Dropped(discard, _) => discard.ingest(&mut bytes),
                    };
                    *input = bytes.as_slice();
                    if !done {
                        continue;
                    }
                    let State::Data { content, held } =
                        std::mem::replace(&mut self.state, State::Command)
                    else {
                        continue; // never: this arm matched the Data state
                    };
                    let envelope = self.take_envelope();
                    let data = std::mem::take(&mut self.data);
                    if let Content::Dropped(_, reply) = content {
                        self.rejected_messages += 1;
                        tracing::info!(
                            from = %crate::logging::path(&envelope.mail_from),
                            rcpt = ?crate::logging::Json(&envelope.rcpt_to),
                            limit = self.config.max_message_size,
                            budget_held = self.budget.held(),
                            reply = %reply.short(),
                            "message rejected: {}",
                            reply.text
                        );
                        reply.write_to(out);
                        continue;
                    }
                    return Progress::Message(Received {
                        envelope,
                        data,
                        held,
                    });
                }
                State::Command => {
                    if !self.take_line(input) {
                        continue;
                    }
                    let reply = if std::mem::take(&mut self.line_too_long) {
                        Some(reply::LINE_TOO_LONG)
                    } else {
                        let line = std::mem::take(&mut self.line);
                        let reply = match Request::parse(&mut line.iter()) {
                            // RFC 2920 §3.1: DATA ends a pipelined group; content may only follow
                            // the 354. Bytes already behind it were sent blind (after a refused
                            // RCPT they would be read as commands): refuse, like Postfix's
                            // reject_unauth_pipelining, and close so none of it is acted on.
                            Ok(Request::Data) if !input.is_empty() => {
                                tracing::info!(
                                    reply = %reply::IMPROPER_PIPELINING.short(),
                                    "content sent before the 354; closing"
                                );
                                self.take_envelope();
                                self.state = State::Closed("improper pipelining");
                                Some(reply::IMPROPER_PIPELINING)
                            }
                            Ok(request) => {
                                let request = request.into_owned();
                                self.command(request, &line, out)
                            }
                            Err(e) => Some(protocol_error(e)),
                        };
                        self.line = line;
                        self.line.clear();
                        reply
                    };
                    if let Some(reply) = reply {
                        if reply.code >= 500 {
                            self.errors += 1;
                        }
                        reply.write_to(out);
                    }
                    if self.errors >= self.config.max_errors {
                        reply::TOO_MANY_ERRORS.write_to(out);
                        self.state = State::Closed("too many errors");
                    }
                }
            }
        }
    }

    /// Moves input into `line` up to and including LF; true once a whole line is there.
    /// Past `MAX_COMMAND_LINE` the bytes are dropped, so memory stays bounded.
    fn take_line(&mut self, input: &mut &[u8]) -> bool {
        let (chunk, complete) = match input.iter().position(|&b| b == b'\n') {
            Some(i) => (&input[..=i], true),
            None => (*input, false),
        };
        *input = &input[chunk.len()..];
        if self.line.len() + chunk.len() > MAX_COMMAND_LINE {
            self.line_too_long = true;
            self.line.clear();
        } else if !self.line_too_long {
            self.line.extend_from_slice(chunk);
        }
        complete
    }

    /// From now on commands are answered 421 4.3.2 (a message being received still completes).
    pub fn shut_down(&mut self) {
        self.shutting_down = true;
    }

    /// RFC 3207 §4.2: after the handshake the client starts over with EHLO.
    pub fn tls_started(&mut self) {
        self.tls_active = true;
        self.tls_offered = false;
        self.helo.clear();
        self.take_envelope();
    }

    pub fn tls_active(&self) -> bool {
        self.tls_active
    }

    /// Writes the final reply to DATA once the storage answered.
    pub fn stored(&mut self, outcome: Outcome, out: &mut Vec<u8>) {
        let reply = match outcome {
            Outcome::Stored => reply::STORED,
            Outcome::Duplicate => reply::DUPLICATE,
            Outcome::Failed => reply::STORAGE_FAILED,
        };
        reply.write_to(out);
    }

    /// Ends the session with `reply` (timeout, shutdown).
    pub fn abort(&mut self, reply: &Reply, out: &mut Vec<u8>) {
        reply.write_to(out);
        self.state = State::Closed("aborted");
    }

    /// Handles one command; `None` when the reply was already written.
    fn command(
        &mut self,
        request: Request<String>,
        line: &[u8],
        out: &mut Vec<u8>,
    ) -> Option<Reply> {
        if self.shutting_down && !matches!(request, Request::Quit) {
            self.state = State::Closed("shutdown");
            return Some(reply::SHUTTING_DOWN);
        }
        match request {
            Request::StartTls => Some(self.starttls()),
            Request::Ehlo { host } => {
                self.reset(host);
                self.write_ehlo(out);
                None
            }
            Request::Helo { host } => {
                self.reset(host);
                Some(Reply::owned(250, "2.0.0", self.config.hostname.clone()))
            }
            Request::Mail { from } => Some(self.mail(from.address, from.size, line)),
            Request::Rcpt { to } => Some(self.rcpt(to.address, line)),
            Request::Data => Some(self.data()),
            Request::Rset => {
                self.take_envelope();
                Some(reply::OK)
            }
            Request::Noop { .. } => Some(reply::OK),
            Request::Quit => {
                self.state = State::Closed("quit");
                Some(reply::BYE)
            }
            // RFC 5321 §3.5.3: 252 when the address is not verified but mail will be accepted.
            Request::Vrfy { .. } => Some(reply::CANNOT_VRFY),
            Request::Help { .. } => Some(reply::HELP),
            // Extensions not advertised: RFC 5321 §4.2.4.
            Request::Lhlo { .. }
            | Request::Bdat { .. }
            | Request::Auth { .. }
            | Request::Expn { .. }
            | Request::Etrn { .. }
            | Request::Atrn { .. }
            | Request::Burl { .. } => Some(reply::NOT_IMPLEMENTED),
        }
    }

    /// RFC 3207 §4: 220 and the handshake, 454 when no certificate, 503 when already in TLS.
    fn starttls(&mut self) -> Reply {
        if self.tls_active {
            return reply::TLS_ALREADY_ACTIVE;
        }
        if !self.tls_offered {
            return reply::TLS_NOT_AVAILABLE;
        }
        self.state = State::StartTls;
        reply::READY_FOR_TLS
    }

    fn write_ehlo(&self, out: &mut Vec<u8>) {
        let mut lines = vec![
            self.config.hostname.clone(),
            "PIPELINING".into(),
            format!("SIZE {}", self.config.max_message_size),
            "8BITMIME".into(),
            "ENHANCEDSTATUSCODES".into(),
            "SMTPUTF8".into(),
        ];
        if self.tls_offered {
            lines.push("STARTTLS".into());
        }
        for (i, line) in lines.iter().enumerate() {
            let sep = if i + 1 == lines.len() { ' ' } else { '-' };
            out.extend_from_slice(format!("250{sep}{line}\r\n").as_bytes());
        }
    }

    fn mail(&mut self, address: String, size: usize, line: &[u8]) -> Reply {
        if self.mail_from.is_some() {
            return reply::NESTED_MAIL;
        }
        let size = match declared_size(line) {
            DeclaredSize::Malformed => {
                tracing::info!(from = %address, reply = %reply::BAD_SIZE.short(), "transaction rejected: SIZE= not 1 to 20 digits");
                return reply::BAD_SIZE;
            }
            DeclaredSize::Bytes(bytes) => bytes,
            DeclaredSize::Absent => size as u128,
        };
        self.declared_size = (size > 0).then_some(size as usize);
        // RFC 1870 §6.2: a declared size over the limit is refused at MAIL.
        if size > self.config.max_message_size as u128 {
            tracing::info!(from = %address, size, reply = %reply::MESSAGE_TOO_BIG.short(), "transaction rejected: declared size");
            return reply::MESSAGE_TOO_BIG;
        }
        self.mail_from = Some(address);
        reply::SENDER_OK
    }

    fn rcpt(&mut self, mut address: String, line: &[u8]) -> Reply {
        if self.mail_from.is_none() {
            return reply::NEED_MAIL;
        }
        // smtp-proto reads a forward-path without a domain as ""; the only such path a server
        // must take is the bare postmaster (RFC 5321 §4.1.1.3).
        if address.is_empty() {
            if !line
                .to_ascii_lowercase()
                .windows(12)
                .any(|w| w == b"<postmaster>")
            {
                return reply::BAD_RECIPIENT;
            }
            address = "postmaster".into();
        }
        if !self.accepts_recipient(&address) {
            tracing::info!(rcpt = %address, reply = %reply::RELAY_DENIED.short(), "recipient rejected");
            self.rejected_recipients += 1;
            return reply::RELAY_DENIED;
        }
        // RFC 5321 §4.5.3.1.10: 452 for too many recipients, the client retries the rest.
        if self.rcpt_to.len() >= self.config.max_recipients {
            return reply::TOO_MANY_RECIPIENTS;
        }
        self.rcpt_to.push(address);
        reply::RECIPIENT_OK
    }

    fn data(&mut self) -> Reply {
        if self.mail_from.is_none() {
            return reply::NEED_MAIL;
        }
        if self.rcpt_to.is_empty() {
            return reply::NEED_RCPT;
        }
        // Reserve what the client declared, else room for a first read; the content grows the
        // reservation as it comes.
        let want = self
            .declared_size
            .unwrap_or(FIRST_RESERVATION)
            .min(self.config.max_message_size);
        let Some(held) = self.budget.reserve(want) else {
            tracing::warn!(
                want,
                held = self.budget.held(),
                limit = self.config.memory_budget,
                reply = %reply::OUT_OF_MEMORY.short(),
                "DATA deferred: memory budget for message content in use"
            );
            return reply::OUT_OF_MEMORY;
        };
        let mut receiver = DataReceiver::new();
        // The receiver finds the end marker only after a CRLF it has seen; content starts at
        // the beginning of a line, so prime it with one (into a scratch buffer) to recognise
        // an empty message's lone "." as well.
        receiver.ingest(&mut b"\r\n".iter(), &mut Vec::new());
        self.state = State::Data {
            content: Content::Kept(receiver),
            held,
        };
        reply::START_DATA
    }

    /// Bounce domains only, and always the postmaster (RFC 5321 §4.5.1).
    fn accepts_recipient(&self, address: &str) -> bool {
        let Some((local, domain)) = address.rsplit_once('@') else {
            return address.eq_ignore_ascii_case("postmaster");
        };
        let domains = &self.config.domains;
        domains.is_empty()
            || domains.iter().any(|d| d.eq_ignore_ascii_case(domain))
            || (local.eq_ignore_ascii_case("postmaster")
                && domain.eq_ignore_ascii_case(&self.config.hostname))
    }

    fn reset(&mut self, helo: String) {
        self.helo = helo;
        self.take_envelope();
    }

    fn take_envelope(&mut self) -> Envelope {
        self.declared_size = None;
        Envelope {
            helo: self.helo.clone(),
            mail_from: self.mail_from.take().unwrap_or_default(),
            rcpt_to: std::mem::take(&mut self.rcpt_to),
        }
    }
}

fn protocol_error(e: ProtoError) -> Reply {
    match e {
        ProtoError::UnknownCommand => reply::UNKNOWN_COMMAND,
        ProtoError::ResponseTooLong => reply::LINE_TOO_LONG,
        ProtoError::InvalidSenderAddress => reply::BAD_SENDER,
        ProtoError::InvalidRecipientAddress => reply::BAD_RECIPIENT,
        ProtoError::SyntaxError { syntax } => {
            Reply::owned(501, "5.5.4", format!("Syntax: {syntax}"))
        }
        ProtoError::InvalidParameter { param } => {
            Reply::owned(501, "5.5.4", format!("Invalid value for parameter {param}"))
        }
        // RFC 5321 §4.1.1.11: 555 for unrecognised MAIL/RCPT parameters.
        ProtoError::UnsupportedParameter { param } => {
            Reply::owned(555, "5.5.4", format!("Unsupported parameter {param}"))
        }
        ProtoError::NeedsMoreData { .. } | ProtoError::InvalidResponse { .. } => {
            reply::UNKNOWN_COMMAND
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(f: impl FnOnce(&mut Smtp)) -> Session {
        let mut config = Smtp {
            hostname: "mx.test".into(),
            ..Smtp::default()
        };
        f(&mut config);
        let budget = Budget::new(config.memory_budget);
        Session::new(Arc::new(config), false, budget)
    }

    /// Feeds `input` and returns (replies, messages) with every message stored.
    /// Feeds `input` as a well-behaved client sends it (content only after the 354, so in a
    /// separate turn) and returns (replies, messages) with every message stored.
    fn run(s: &mut Session, input: &str) -> (String, Vec<Received>) {
        let mut out = Vec::new();
        let mut messages = Vec::new();
        'turns: for turn in client_turns(input) {
            let mut rest = turn.as_bytes();
            loop {
                match s.ingest(&mut rest, &mut out) {
                    Progress::NeedInput => break,
                    Progress::Close(_) | Progress::StartTls => break 'turns,
                    Progress::Message(m) => {
                        messages.push(m);
                        s.stored(Outcome::Stored, &mut out);
                    }
                }
            }
        }
        (String::from_utf8(out).unwrap(), messages)
    }

    /// `input` cut after each DATA line: what a client sends before waiting for the 354.
    fn client_turns(input: &str) -> Vec<&str> {
        let mut turns = Vec::new();
        let mut rest = input;
        while let Some(i) = rest.find("DATA\r\n") {
            let (turn, after) = rest.split_at(i + 6);
            turns.push(turn);
            rest = after;
        }
        turns.push(rest);
        turns
    }

    fn codes(replies: &str) -> Vec<&str> {
        replies
            .lines()
            .filter(|l| !l.starts_with("250-"))
            .map(|l| &l[..3])
            .collect()
    }

    #[test]
    fn null_sender_bounce_is_accepted() {
        let mut s = session(|_| {});
        let (replies, msgs) = run(
            &mut s,
            "EHLO client\r\nMAIL FROM:<>\r\nRCPT TO:<b+x=y@bounce.test>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "250", "354", "250", "221"]);
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].envelope.mail_from, "");
        assert_eq!(msgs[0].envelope.helo, "client");
        assert_eq!(msgs[0].envelope.rcpt_to, ["b+x=y@bounce.test"]);
        assert_eq!(msgs[0].data, b"Subject: x\r\n\r\nbody\r\n");
    }

    #[test]
    fn quoted_and_utf8_return_paths_reach_the_envelope() {
        // RFC 5321 §4.1.2 quoted local part; RFC 6531 UTF-8 with SMTPUTF8.
        let mut s = session(|_| {});
        let (replies, msgs) = run(
            &mut s,
            "MAIL FROM:<> SMTPUTF8\r\nRCPT TO:<\"bounces+t+john doe=example.com\"@b.test>\r\n\
             RCPT TO:<bounces+müller=bücher.example@b.test>\r\nDATA\r\nx\r\n.\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "250", "354", "250"]);
        assert_eq!(
            msgs[0].envelope.rcpt_to,
            [
                "bounces+t+john doe=example.com@b.test",
                "bounces+müller=bücher.example@b.test"
            ]
        );
    }

    #[test]
    fn ehlo_advertises_extensions() {
        let mut s = session(|c| c.max_message_size = 1000);
        let (replies, _) = run(&mut s, "EHLO c\r\n");
        for ext in [
            "PIPELINING",
            "SIZE 1000",
            "8BITMIME",
            "ENHANCEDSTATUSCODES",
            "SMTPUTF8",
        ] {
            assert!(replies.contains(ext), "{ext} missing in {replies}");
        }
        assert!(replies.starts_with("250-mx.test\r\n"));
        assert!(replies.ends_with("250 SMTPUTF8\r\n"));
    }

    #[test]
    fn dot_unstuffing_and_bare_lf() {
        // RFC 5321 §4.5.2: a leading dot is doubled by the client and removed here.
        let mut s = session(|_| {});
        let (_, msgs) = run(
            &mut s,
            "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n..hidden\r\nbare\nlf\r\n.\r\n",
        );
        assert_eq!(msgs[0].data, b".hidden\r\nbare\nlf\r\n");
    }

    #[test]
    fn bare_lf_dot_does_not_end_data() {
        // SMTP smuggling: only CRLF.CRLF ends the content.
        let mut s = session(|_| {});
        let (_, msgs) = run(
            &mut s,
            "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\nx\n.\nMAIL FROM:<evil>\r\n.\r\n",
        );
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].data, b"x\n.\nMAIL FROM:<evil>\r\n");
    }

    #[test]
    fn empty_message() {
        let mut s = session(|_| {});
        let (_, msgs) = run(&mut s, "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n.\r\n");
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].data.is_empty());
    }

    #[test]
    fn wrong_domain_refused_postmaster_accepted() {
        let mut s = session(|c| c.domains = vec!["bounce.test".into()]);
        let (replies, _) = run(
            &mut s,
            "MAIL FROM:<>\r\nRCPT TO:<x@other.test>\r\nRCPT TO:<x@BOUNCE.test>\r\nRCPT TO:<Postmaster>\r\nRCPT TO:<postmaster@mx.test>\r\n",
        );
        assert_eq!(codes(&replies), ["250", "550", "250", "250", "250"]);
        assert!(replies.contains("550 5.7.1"));
    }

    #[test]
    fn declared_size_over_limit() {
        let mut s = session(|c| c.max_message_size = 100);
        let (replies, _) = run(&mut s, "MAIL FROM:<> SIZE=101\r\nMAIL FROM:<> SIZE=100\r\n");
        assert_eq!(codes(&replies), ["552", "250"]);
        assert!(replies.starts_with("552 5.3.4"));
    }

    #[test]
    fn declared_size_is_read_from_the_digits_sent() {
        let mut s = session(|c| c.max_message_size = 100);
        let (replies, _) = run(
            &mut s,
            &format!(
                "MAIL FROM:<> SIZE={}\r\nMAIL FROM:<> SIZE=99999999999\r\nMAIL FROM:<> SIZE=50\r\n",
                "9".repeat(26)
            ),
        );
        assert_eq!(codes(&replies), ["501", "552", "250"]);
        assert!(replies.starts_with("501 5.5.4"), "{replies}");
    }

    #[test]
    fn oversize_content_is_swallowed_and_session_usable() {
        let mut s = session(|c| c.max_message_size = 10);
        let big = "y".repeat(50);
        let (replies, msgs) = run(
            &mut s,
            &format!(
                "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n{big}\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\nsmall\r\n.\r\n"
            ),
        );
        assert_eq!(
            codes(&replies),
            ["250", "250", "354", "552", "250", "250", "354", "250"]
        );
        assert_eq!(msgs.len(), 1);
        assert_eq!(msgs[0].data, b"small\r\n");
    }

    #[test]
    fn discarded_content_ends_at_its_terminator_wherever_the_reads_split_it() {
        // Past the limit after ten bytes: the rest, with a dot-stuffed line that is not the
        // end, is discarded up to the real terminator; then commands are read again.
        let content = "0123456789abc\r\n..not the end\r\n.\r\n";
        for cut in 0..=content.len() {
            let mut s = session(|c| c.max_message_size = 10);
            let (replies, _) = run(&mut s, "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
            assert_eq!(codes(&replies), ["250", "250", "354"]);
            let mut out = Vec::new();
            for part in [&content[..cut], &content[cut..], "NOOP\r\n"] {
                let mut rest = part.as_bytes();
                let progress = s.ingest(&mut rest, &mut out);
                assert!(
                    matches!(progress, Progress::NeedInput),
                    "cut {cut}: {progress:?}"
                );
            }
            let replies = String::from_utf8(out).unwrap();
            assert_eq!(codes(&replies), ["552", "250"], "cut {cut}: {replies}");
        }
    }

    #[test]
    fn recipient_limit() {
        let mut s = session(|c| c.max_recipients = 2);
        let (replies, _) = run(
            &mut s,
            "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nRCPT TO:<c@b>\r\nRCPT TO:<d@b>\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "250", "452"]);
        assert!(replies.contains("452 4.5.3"));
    }

    #[test]
    fn sequence_errors() {
        let mut s = session(|_| {});
        let (replies, _) = run(
            &mut s,
            "RCPT TO:<a@b>\r\nDATA\r\nMAIL FROM:<>\r\nDATA\r\nMAIL FROM:<x@y>\r\nRSET\r\nMAIL FROM:<x@y>\r\n",
        );
        assert_eq!(
            codes(&replies),
            ["503", "503", "250", "503", "503", "250", "250"]
        );
    }

    #[test]
    fn vrfy_noop_help_unknown() {
        let mut s = session(|_| {});
        let (replies, _) = run(
            &mut s,
            "VRFY bob\r\nNOOP\r\nHELP\r\nFOO bar\r\nSTARTTLS\r\n",
        );
        assert_eq!(codes(&replies), ["252", "250", "214", "500", "454"]);
    }

    #[test]
    fn too_many_errors_closes() {
        let mut s = session(|c| c.max_errors = 3);
        let (replies, _) = run(&mut s, "X\r\nY\r\nZ\r\nNOOP\r\n");
        assert_eq!(codes(&replies), ["500", "500", "500", "421"]);
    }

    #[test]
    fn long_command_line_is_an_error_not_a_buffer() {
        let mut s = session(|_| {});
        let (replies, _) = run(&mut s, &format!("NOOP {}\r\nNOOP\r\n", "x".repeat(10_000)));
        assert!(replies.starts_with("500 5.5.2"), "{replies}");
        assert!(replies.ends_with("250 2.0.0 OK\r\n"), "{replies}");
    }

    #[test]
    fn input_split_anywhere_gives_same_result() {
        let script =
            "EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\nline\r\n..dot\r\n.\r\nQUIT\r\n";
        let mut whole = session(|_| {});
        let (expected, msgs) = run(&mut whole, script);
        for split in 1..script.len() {
            let mut s = session(|_| {});
            let mut out = Vec::new();
            let mut got = Vec::new();
            // Cut at `split`, and where the client waits for the 354.
            let data_end = script.find("DATA\r\n").unwrap() + 6;
            let (a, b) = (split.min(data_end), split.max(data_end));
            for part in [&script[..a], &script[a..b], &script[b..]] {
                let mut rest = part.as_bytes();
                while let Progress::Message(m) = s.ingest(&mut rest, &mut out) {
                    got.push(m.data);
                    s.stored(Outcome::Stored, &mut out);
                }
            }
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected,
                "split at {split}"
            );
            assert_eq!(got, vec![msgs[0].data.clone()], "split at {split}");
        }
    }

    #[test]
    fn starttls_offered_only_with_a_certificate() {
        let mut plain = session(|_| {});
        let (replies, _) = run(&mut plain, "EHLO c\r\nSTARTTLS\r\n");
        assert!(!replies.contains("STARTTLS"), "{replies}");
        assert!(
            replies.ends_with("454 4.7.0 TLS not available\r\n"),
            "{replies}"
        );

        let mut s = Session::new(Arc::new(Smtp::default()), true, Budget::new(1 << 20));
        let mut out = Vec::new();
        let mut input: &[u8] = b"EHLO c\r\nSTARTTLS\r\nMAIL FROM:<injected>\r\n";
        assert!(matches!(s.ingest(&mut input, &mut out), Progress::StartTls));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("250-STARTTLS\r\n") || text.contains("250 STARTTLS\r\n"),
            "{text}"
        );
        assert!(text.ends_with("220 2.0.0 Ready to start TLS\r\n"), "{text}");
        // RFC 3207 §4.2 / CVE-2011-0411: what was pipelined behind STARTTLS is not acted on.
        assert!(input.is_empty());
        s.tls_started();
        let mut out = Vec::new();
        let mut input: &[u8] = b"MAIL FROM:<>\r\nEHLO c\r\nSTARTTLS\r\n";
        assert!(matches!(
            s.ingest(&mut input, &mut out),
            Progress::NeedInput
        ));
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("STARTTLS\r\n"), "{text}");
        assert!(text.ends_with("503 5.5.1 TLS already active\r\n"), "{text}");
    }

    #[test]
    fn shutdown_answers_421_but_quit() {
        let mut s = session(|_| {});
        let (_, _) = run(&mut s, "EHLO c\r\n");
        s.shut_down();
        let (replies, _) = run(&mut s, "MAIL FROM:<>\r\nNOOP\r\n");
        assert_eq!(
            replies,
            "421 4.3.2 Service shutting down, try again later\r\n"
        );
        let mut s = session(|_| {});
        s.shut_down();
        let (replies, _) = run(&mut s, "QUIT\r\n");
        assert!(replies.starts_with("221"), "{replies}");
    }

    #[test]
    fn content_sent_before_the_354_is_refused_and_never_a_message() {
        let mut s = session(|_| {});
        let mut out = Vec::new();
        let mut input: &[u8] =
            b"MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n";
        assert!(matches!(s.ingest(&mut input, &mut out), Progress::Close(_)));
        let text = String::from_utf8(out).unwrap();
        assert_eq!(codes(&text), ["250", "250", "554"]);
        assert!(text.contains("554 5.5.0"), "{text}");
    }

    #[test]
    fn a_body_behind_a_refused_recipient_is_not_read_as_commands() {
        // The body holds a whole transaction of its own; it must not be stored.
        let mut s = session(|c| c.domains = vec!["bounce.test".into()]);
        let mut out = Vec::new();
        let mut input: &[u8] = b"MAIL FROM:<>\r\nRCPT TO:<x@other.test>\r\nDATA\r\n\
            MAIL FROM:<>\r\nRCPT TO:<y@bounce.test>\r\nDATA\r\nSubject: smuggled\r\n.\r\n";
        assert!(matches!(s.ingest(&mut input, &mut out), Progress::Close(_)));
        let text = String::from_utf8(out).unwrap();
        assert_eq!(codes(&text), ["250", "550", "554"]);
    }

    #[test]
    fn data_without_room_in_the_memory_budget_is_deferred() {
        use crate::smtp::budget::COPIES;
        let config = Arc::new(Smtp {
            max_message_size: 100,
            memory_budget: 150 * COPIES,
            ..Smtp::default()
        });
        let budget = Budget::new(config.memory_budget);
        let mut first = Session::new(config.clone(), false, budget.clone());
        let mut second = Session::new(config, false, budget.clone());
        // The first transfer declares the largest size; the second finds no room for it.
        let (replies, _) = run(
            &mut first,
            "MAIL FROM:<> SIZE=100\r\nRCPT TO:<a@b>\r\nDATA\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "354"]);
        let (replies, _) = run(
            &mut second,
            "MAIL FROM:<> SIZE=100\r\nRCPT TO:<a@b>\r\nDATA\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "452"]);
        assert!(replies.contains("452 4.3.1"), "{replies}");
        // A smaller declaration fits.
        let (replies, _) = run(
            &mut second,
            "RSET\r\nMAIL FROM:<> SIZE=40\r\nRCPT TO:<a@b>\r\nDATA\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "250", "354"]);
        assert_eq!(budget.held(), 140 * COPIES);
        // Content past that needs room the budget no longer has: read, dropped, 452.
        let (replies, msgs) = run(&mut second, &format!("{}\r\n.\r\n", "x".repeat(60)));
        assert!(msgs.is_empty());
        assert!(replies.starts_with("452 4.3.1"), "{replies}");
        assert_eq!(budget.held(), 100 * COPIES);
        // The first message holds its share until it is committed, then returns it.
        let (_, msgs) = run(&mut first, "short\r\n.\r\n");
        assert_eq!(budget.held(), 100 * COPIES);
        drop(msgs);
        assert_eq!(budget.held(), 0);
        // A transfer over the size limit gives its room back while the rest is read.
        let (replies, _) = run(
            &mut second,
            "MAIL FROM:<> SIZE=40\r\nRCPT TO:<a@b>\r\nDATA\r\n",
        );
        assert_eq!(codes(&replies), ["250", "250", "354"]);
        run(&mut second, &"y".repeat(120));
        assert_eq!(budget.held(), 0);
        let (replies, _) = run(&mut second, "\r\n.\r\n");
        assert!(replies.starts_with("552 5.3.4"), "{replies}");
    }

    #[test]
    fn without_size_the_reservation_grows_with_the_content() {
        use crate::smtp::budget::COPIES;
        let config = Arc::new(Smtp {
            max_message_size: 1_000_000,
            ..Smtp::default()
        });
        let budget = Budget::new(config.memory_budget);
        let mut s = Session::new(config, false, budget.clone());
        run(&mut s, "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n");
        assert_eq!(budget.held(), FIRST_RESERVATION * COPIES);
        let line = format!("{}\r\n", "x".repeat(98));
        run(&mut s, &line.repeat(1000));
        let held = budget.held() / COPIES;
        assert!((100_000..200_000).contains(&held), "{held}");
    }

    #[test]
    fn storage_failure_reply() {
        let mut s = session(|_| {});
        let mut out = Vec::new();
        let mut rest: &[u8] = b"MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n";
        assert!(matches!(s.ingest(&mut rest, &mut out), Progress::NeedInput));
        let mut rest: &[u8] = b"x\r\n.\r\nNOOP\r\n";
        assert!(matches!(
            s.ingest(&mut rest, &mut out),
            Progress::Message(_)
        ));
        s.stored(Outcome::Failed, &mut out);
        assert!(matches!(s.ingest(&mut rest, &mut out), Progress::NeedInput));
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("451 4.3.0"), "{text}");
        assert!(text.ends_with("250 2.0.0 OK\r\n"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any bytes, split anywhere: no panic, and memory stays within the limits.
        #[test]
        fn arbitrary_input_never_panics(
            chunks in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..600), 0..12),
            prefix in proptest::sample::select(vec!["", "EHLO x\r\n", "MAIL FROM:<>\r\nRCPT TO:<a@b>\r\nDATA\r\n"]),
        ) {
            let mut s = session(|c| c.max_message_size = 1000);
            let mut out = Vec::new();
            let mut all = vec![prefix.as_bytes().to_vec()];
            all.extend(chunks);
            for chunk in &all {
                let mut rest = chunk.as_slice();
                while let Progress::Message(m) = s.ingest(&mut rest, &mut out) {
                    proptest::prop_assert!(m.data.len() <= 1000);
                    s.stored(Outcome::Stored, &mut out);
                }
                proptest::prop_assert!(s.line.len() <= MAX_COMMAND_LINE);
                proptest::prop_assert!(s.data.len() <= 1000 + chunk.len());
            }
        }
    }
}
