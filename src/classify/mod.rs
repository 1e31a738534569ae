//! Status and text → reason and category. Pure; the rules are the tables in `status` and
//! `patterns`, this file only says which source wins.

mod orange;
mod patterns;
mod spectrum;
mod stage;
mod status;

use crate::analysis::{Action, Kind};
use crate::report::phrases::Phrases;
use crate::report::Entry;
use crate::taxonomy::{Category, Reason};

use patterns::Weight;
use stage::Stage;

/// The reason for one entry. `context` is the report's prose (lowercased), consulted when the
/// entry's own diagnostic and status say nothing specific.
///
/// Order: a provider's cause code (Orange, La Poste, Spectrum), a strong phrase of the
/// diagnostic (it names the cause, whatever the code says), then a specific RFC 3463 status,
/// then a weak phrase, then the report's prose; words no rule knows are "onhold", no words
/// "undefined". Then the verdict is weighed against the SMTP command it answered, the delay
/// of a delayed report, and a transient status.
pub fn reason(kind: Kind, entry: &Entry, context: &str) -> Reason {
    let diagnostic = prose_of(&entry.diagnostic);
    let reason = judge(kind, entry, &diagnostic, context);
    let reason = by_stage(reason, entry, &diagnostic, context);
    // A delay report says the message still waits in a queue; with no cause named, its
    // delivery time is what is running out.
    if entry.action == Action::Delayed
        && matches!(
            reason,
            Reason::Undefined | Reason::OnHold | Reason::NetworkError | Reason::SystemError
        )
    {
        return Reason::Expired;
    }
    // A name server answer the MTA itself calls transient is no proof the host is gone.
    if reason == Reason::HostUnknown && transient(entry) {
        return Reason::NetworkError;
    }
    reason
}

/// Address verdicts weighed by the SMTP command they answered (RFC 5321 §3.3).
fn by_stage(reason: Reason, entry: &Entry, diagnostic: &str, context: &str) -> Reason {
    if !matches!(
        reason,
        Reason::UserUnknown | Reason::HostUnknown | Reason::Filtered
    ) {
        return reason;
    }
    let named = stage::find(diagnostic);
    // A refusal at MAIL concerns the sender, whatever address it calls unknown.
    if named == Some(Stage::Mail) {
        return Reason::Rejected;
    }
    // Recipients are refused at RCPT. "User unknown" said to anything else (DATA, or a
    // command the report does not name) is taken for the recipient's filter, not a missing
    // mailbox, unless an X.1.x status (RFC 3463 §3.2, addressing) says the address is bad;
    // Sendmail's pipelined transcripts show RCPT errors under DATA.
    if reason == Reason::UserUnknown && entry.status.get(1..3) != Some(".1") {
        let at_rcpt =
            stage::mentions(diagnostic, Stage::Rcpt) || stage::mentions(context, Stage::Rcpt);
        if named == Some(Stage::Data) || !at_rcpt {
            return Reason::Filtered;
        }
    }
    reason
}

/// `diagnostic` is the entry's diagnostic as `prose_of` gives it.
fn judge(kind: Kind, entry: &Entry, diagnostic: &str, context: &str) -> Reason {
    match entry.action {
        Action::Complaint => return Reason::Feedback,
        Action::AutoReply => return Reason::Vacation,
        Action::Delivered | Action::Relayed | Action::Expanded => return Reason::Delivered,
        _ => {}
    }
    if kind == Kind::Arf {
        return Reason::Feedback;
    }
    if kind == Kind::AutoReply {
        return Reason::Vacation;
    }
    // A provider's own cause code is more precise than any wording around it.
    if let Some(r) = provider_code(diagnostic) {
        return r;
    }
    let by_text = patterns::find(diagnostic);
    if let Some((r, Weight::Strong)) = by_text {
        return r;
    }
    if let Some(r) = status::reason(&entry.status) {
        return r;
    }
    if let Some((r, Weight::Weak)) = by_text {
        return r;
    }
    if let Some((r, _)) = patterns::find(context) {
        return r;
    }
    // A diagnostic that no rule understands is held for a person to read (Sisimai's
    // "onhold"); with no words at all the reason is unknown.
    if entry.diagnostic.trim().is_empty() {
        Reason::Undefined
    } else {
        Reason::OnHold
    }
}

/// The prefixes of the provider codes `orange` and `spectrum` read: one scan of every
/// diagnostic for all of them, as few carry any.
static CODE_PREFIXES: Phrases = Phrases::new(&["lpn", "ofr", "ouk", "aup#"]);

/// The reason a provider's own cause code in `diagnostic` names.
fn provider_code(diagnostic: &str) -> Option<Reason> {
    if !CODE_PREFIXES.any(diagnostic) {
        return None;
    }
    orange::reason(diagnostic).or_else(|| spectrum::reason(diagnostic))
}

/// The diagnostic, lowercased, without the reply and status code pairs that multi-line
/// replies (RFC 5321 §4.2.1, `550-5.7.1 ...`, `550 5.7.1 ...`) repeat on every line: they would
/// split the phrases. A lone reply code stays, it can be part of a phrase.
fn prose_of(diagnostic: &str) -> String {
    let is_status = |w: &str| {
        let mut parts = w.split('.');
        w.len() >= 5 && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let is_reply = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_digit());
    let words: Vec<&str> = diagnostic.split_whitespace().collect();
    let mut out = String::with_capacity(diagnostic.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some((code, rest)) = w.split_once('-') {
            if is_reply(code) && (rest.is_empty() || is_status(rest)) {
                i += 1;
                continue;
            }
        }
        if is_reply(w) && words.get(i + 1).is_some_and(|n| is_status(n)) {
            i += 2;
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            let from = out.len();
            out.push_str(w);
            out[from..].make_ascii_lowercase();
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
        i += 1;
    }
    out
}

/// Whether the failure is transient: RFC 3463 class 4, or (without a status) an RFC 5321 4yz reply.
fn transient(entry: &Entry) -> bool {
    match entry.status.as_bytes().first() {
        Some(b) => *b == b'4',
        None => entry.reply_code.starts_with('4'),
    }
}

/// The category of DESIGN.md's table. `hard` is `category == Category::Hard`.
pub fn category(reason: Reason, entry: &Entry) -> Category {
    match entry.action {
        Action::Delayed => return Category::Delay,
        Action::Delivered | Action::Relayed | Action::Expanded => return Category::Success,
        _ => {}
    }
    match reason {
        Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved => Category::Hard,
        Reason::NotAccept if !transient(entry) => Category::Hard,
        Reason::Blocked
        | Reason::SpamDetected
        | Reason::VirusDetected
        | Reason::PolicyViolation
        | Reason::SecurityError
        | Reason::BadReputation
        | Reason::RequirePtr
        | Reason::AuthFailure
        | Reason::Rejected => Category::Block,
        Reason::Feedback => Category::Complaint,
        Reason::Vacation => Category::AutoReply,
        Reason::Delivered => Category::Success,
        _ => Category::Soft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(status: &str, reply: &str, diagnostic: &str) -> Entry {
        Entry {
            action: Action::Failed,
            status: status.into(),
            reply_code: reply.into(),
            diagnostic: diagnostic.into(),
            ..Entry::empty()
        }
    }

    fn judge(e: &Entry) -> (Reason, Category) {
        let r = reason(Kind::Dsn, e, "");
        (r, category(r, e))
    }

    #[test]
    fn status_decides_when_text_is_vague() {
        // RFC 3463 §3.8: X.7.x is policy; "mailbox unavailable" alone does not make it a user
        let e = entry(
            "5.1.1",
            "550",
            "550 5.1.1 Requested action not taken: mailbox unavailable",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        let e = entry("5.2.2", "552", "552 sorry");
        assert_eq!(judge(&e), (Reason::MailboxFull, Category::Soft));
    }

    #[test]
    fn strong_text_beats_generic_or_contradicting_status() {
        let e = entry(
            "5.0.0",
            "550",
            "550 User unknown (in reply to RCPT TO command)",
        );
        assert_eq!(judge(&e).0, Reason::UserUnknown);
        let e = entry(
            "4.0.0",
            "450",
            "450 4.0.0 <a@b.example>: user unknown in local recipient table",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        let e = entry(
            "5.7.1",
            "550",
            "550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using a blocklist",
        );
        assert_eq!(judge(&e), (Reason::Blocked, Category::Block));
    }

    #[test]
    fn user_unknown_outside_rcpt_is_a_filter() {
        // RFC 5321 §3.3: recipients are accepted or refused at RCPT
        let e = entry(
            "5.0.0",
            "550",
            "550 User unknown (in reply to end of DATA command)",
        );
        assert_eq!(judge(&e), (Reason::Filtered, Category::Soft));
        let e = entry("", "550", "550 No such user");
        assert_eq!(judge(&e).0, Reason::Filtered);
        // RFC 3463 §3.2: an X.1.1 status is the server's own word on the address
        let e = entry("5.1.1", "550", "550 5.1.1 No such user");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn multiline_reply_prefixes_do_not_split_phrases() {
        // RFC 5321 §4.2.1: every line of a multi-line reply repeats the code
        assert_eq!(
            prose_of("550-5.7.1 Messages with multiple 550 5.7.1 addresses in From"),
            "messages with multiple addresses in from"
        );
        assert_eq!(prose_of("550 : User unknown"), "550 : user unknown");
    }

    #[test]
    fn notaccept_hard_only_when_permanent() {
        // RFC 7505 null MX
        let e = entry("5.1.10", "556", "556 5.1.10 recipient domain has a null MX");
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Hard));
        let e = entry(
            "4.3.2",
            "421",
            "421 4.3.2 system not accepting network messages",
        );
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Soft));
    }

    #[test]
    fn actions_decide_category() {
        // RFC 3464 §2.3.3
        let mut e = entry("4.4.7", "", "");
        e.action = Action::Delayed;
        assert_eq!(judge(&e), (Reason::Expired, Category::Delay));
        e.action = Action::Delivered;
        assert_eq!(judge(&e), (Reason::Delivered, Category::Success));
    }

    #[test]
    fn provider_code_beats_its_wording() {
        // Orange: "Service refused" is its wording for several causes; code 505 names one
        let e = entry(
            "4.2.0",
            "421",
            "421 4.2.0 Service refuse. Service refused, please try later. OFR005_505 [505]",
        );
        assert_eq!(judge(&e).0, Reason::SystemError);
    }

    #[test]
    fn vendor_texts_without_a_specific_status() {
        // Mimecast Geographical Restriction policy
        let e = entry("5.0.0", "554", "554 Host network not allowed - see docs");
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
        // McAfee MXLogic
        let e = entry(
            "4.0.0",
            "451",
            "451 Could not load DRD for domain (a.example)",
        );
        assert_eq!(judge(&e).0, Reason::SystemError);
    }

    #[test]
    fn refusal_after_ehlo_is_a_host_block() {
        // RFC 5321 §4.1.1.1: nothing but the client host is known at EHLO
        let e = entry("5.0.0", "550", "550 Rejected");
        let context = "smtp error from remote mail server after ehlo mx.a.example: 550 rejected";
        let r = reason(Kind::Dsn, &e, context);
        assert_eq!((r, category(r, &e)), (Reason::Blocked, Category::Block));
    }

    #[test]
    fn nothing_known_is_undefined_soft() {
        let e = entry("", "", "");
        assert_eq!(judge(&e), (Reason::Undefined, Category::Soft));
        let e = entry("", "", "something odd");
        assert_eq!(judge(&e), (Reason::OnHold, Category::Soft));
    }
}
