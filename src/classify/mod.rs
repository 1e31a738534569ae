//! Status and text → reason and category. Pure; the rules are the tables in `status` and
//! `patterns`, this file only says which source wins.

mod boilerplate;
mod context;
mod cox;
#[cfg(test)]
mod documented;
mod families;
mod items;
mod localized;
mod named;
mod netease;
mod orange;
mod patterns;
mod refine;
mod reply;
pub mod rule;
mod spectrum;
mod stage;
mod status;
mod title;

use crate::report::Entry;
use crate::taxonomy::{Action, Category, Kind, Reason};

use patterns::Weight;
pub use rule::{Basis, Rule, Verdict};

/// The verdict for one entry. `context` is the report's prose (lowercased), consulted when the
/// entry's own diagnostic and status say nothing specific; "" where the report's text may speak
/// of other recipients.
///
/// Evidence order:
/// 1. the report's kind and action (RFC 5965 complaint, RFC 3834 auto-reply, delivered);
/// 2. a provider's cause code (Orange, La Poste, Spectrum, Cox, NetEase);
/// 3. a mailbox status (X.2.x, RFC 3463 §3.3) over address wording next to it, and a disabled
///    mailbox over a missing one the same words offer as its alternative;
/// 4. a strong phrase of the diagnostic (it names the cause, whatever the code says);
/// 5. a specific RFC 3463 status, written as a code or named by its title, or the reply code
///    it reads (RFC 5321 551 as X.1.6); where the reply carries no status of its own, a weak
///    phrase that is no address failure comes first, unless the code names one cause;
/// 6. a weak phrase of the diagnostic (never an address failure against an X.7.x status);
/// 7. a generic status (x.y.0, X.7.1), which otherwise only gives the class, else a reply code
///    that names one cause (RFC 5321 551, 556);
/// 8. the report's prose (a weak phrase there never gives an address failure); then "onhold"
///    for words no rule knows, "undefined" for none.
///
/// Boilerplate (antivirus footers) is blanked first, never evidence. The verdict is then
/// refined by general facts (`refine`): the SMTP stage a refusal answered, a delay, a transient
/// class. A stage never moves an address failure to soft; only a refusal at MAIL, which
/// concerns the sender (RFC 5321 §3.3), is not the recipient's address failure.
pub fn verdict(kind: Kind, entry: &Entry, context: &str) -> Verdict {
    verdict_from(kind, entry, context, "")
}

/// `verdict` for a report written by `reporter`'s mail system (`Report::reporter`; "" where
/// unknown), which tells whether a failure to route was of that host's own domain.
pub fn verdict_from(kind: Kind, entry: &Entry, context: &str, reporter: &str) -> Verdict {
    let diagnostic = prose_of(&entry.diagnostic);
    let diagnostic = items::own_item(&diagnostic, entry.addressee());
    let v = judge(kind, entry, &diagnostic, context);
    refine::refine(v, entry, &diagnostic, context, reporter)
}

/// The action as the classifier reads it: a "delayed" report whose status is X.4.7 (RFC 3463
/// §3.5 "delivery time expired") and whose diagnostic says it expired (OpenSMTPD: "Envelope
/// expired") describes a message the MTA has dropped, a final failure. X.4.7 alone is not
/// enough: Sendmail's "could not send message for past 4 hours" warnings carry it too.
pub fn action(entry: &Entry) -> Action {
    let expired = entry.status.get(1..) == Some(".4.7")
        && entry.diagnostic.to_ascii_lowercase().contains("expired");
    if entry.action == Action::Delayed && expired {
        return Action::Failed;
    }
    entry.action
}

/// The reason alone (the verdict without its rule).
pub fn reason(kind: Kind, entry: &Entry, context: &str) -> Reason {
    verdict(kind, entry, context).reason
}

const ARF: Rule = Rule::new(
    Basis::Report,
    "feedback-report",
    "RFC 5965: abuse feedback report",
);
const AUTO_REPLY: Rule = Rule::new(Basis::Report, "auto-reply", "RFC 3834: automatic response");
#[rustfmt::skip]
const DELIVERED: Rule = Rule::new(Basis::Report, "action-delivered", "RFC 3464 §2.3.3: action delivered, relayed or expanded");
#[rustfmt::skip]
const EITHER_DISABLED: Rule = Rule::new(Basis::Diagnostic, "unknown-or-disabled", "RFC 3463 §3.3 X.2.1: a disabled mailbox may be enabled again; a reply that calls the mailbox unknown or disabled does not say it is gone");
const ONHOLD: Rule = Rule::new(
    Basis::Fallback,
    "onhold",
    "a diagnostic no rule understands is held for a person to read",
);
const UNDEFINED: Rule = Rule::new(
    Basis::Fallback,
    "undefined",
    "the report gives no words and no specific status",
);

/// `diagnostic` is the entry's diagnostic as `prose_of` gives it.
fn judge(kind: Kind, entry: &Entry, diagnostic: &str, context: &str) -> Verdict {
    match entry.action {
        Action::Complaint => return Verdict::new(Reason::Feedback, ARF),
        Action::AutoReply => return Verdict::new(Reason::Vacation, AUTO_REPLY),
        Action::Delivered | Action::Relayed | Action::Expanded => {
            return Verdict::new(Reason::Delivered, DELIVERED)
        }
        _ => {}
    }
    if kind == Kind::Arf {
        return Verdict::new(Reason::Feedback, ARF);
    }
    if kind == Kind::AutoReply {
        return Verdict::new(Reason::Vacation, AUTO_REPLY);
    }
    // A provider's own cause code is more precise than any wording around it.
    if let Some(v) = provider_code(diagnostic)
        .or_else(|| status::vendor_verdict(&entry.status, &entry.diagnostic, diagnostic))
    {
        return v;
    }
    // checked once: each call checks the address's syntax again
    let addressee = entry.addressee();
    let by_text = patterns::find(diagnostic, Basis::Diagnostic, addressee);
    let by_status = status::verdict(&entry.status);
    // Address wording yields to a status that says whose mailbox it is: a mailbox status
    // (RFC 3463 §3.3, X.2.x) says the mailbox exists, even the generic one ("X.2.0 ... The
    // mailbox exists, but something about the destination mailbox has caused the sending of
    // this DSN"), so the wording is loose phrasing of a mailbox condition; a status about the
    // sender's address (X.1.7, X.1.8) says the wording ("domain ... does not exist") is about
    // that one. A mailbox closed for good or deleted is the one X.2.1 calls permanent ("if the
    // mailbox will never be re-enabled"): its wording stands, unless the same words also call
    // it disabled ("Account is closed, mailbox disabled"), which X.2.1 allows to be transient.
    if let (Some((t, _)), Some(v)) = (by_text, by_status) {
        let closed = [families::CLOSED.source, families::DELETED.source].contains(&t.rule.source)
            && !words_a_disabled_state(diagnostic);
        let mailbox_exists =
            t.reason == Reason::UserUnknown && entry.status.get(1..4) == Some(".2.") && !closed;
        let senders = is_hard(t.reason) && status::is_about_sender(&entry.status);
        if mailbox_exists || senders {
            return v;
        }
    }
    // A missing mailbox offered as one of two with a disabled one ("Address unknown or
    // disabled") is a server that will not say which holds; X.2.1 allows the disabled one to be
    // transient, so the words are not enough to invalidate the address, whatever its code.
    if by_text.is_some_and(|(t, _)| t.reason == Reason::UserUnknown)
        && an_alternative_to_a_disabled_state(diagnostic)
    {
        return Verdict::new(Reason::Suspend, EITHER_DISABLED);
    }
    if let Some((v, Weight::Strong)) = by_text {
        return v;
    }
    // A reply code that says precisely what its status says loosely (RFC 7504's 521 beside
    // X.3.2) decides; so does one of a single meaning whose status is only its reading
    // (RFC 5321's 551 "User not local", which Sendmail reports as 5.1.6).
    if let Some(v) = reply::sharpens(&entry.reply_code, &entry.status) {
        return v;
    }
    // A status the reply does not carry is the reporting MTA's reading of the reply code
    // alone (Sendmail's usersmtp.c reports 5.1.1, "User unknown", for any 550 to RCPT that
    // has no enhanced code): a weak phrase of the reply's own words that refuses anything
    // but the address says more.
    if let Some((v, Weight::Weak)) =
        by_text.filter(|(v, _)| !is_hard(v.reason) && reporters_reading(entry))
    {
        return v;
    }
    if let Some(v) = by_status.filter(|_| status::is_specific(&entry.status)) {
        return v;
    }
    // A specific status named by its title in words is read as that status.
    let class = if transient(entry) { "4" } else { "5" };
    if let Some(v) = title::verdict(diagnostic, class, addressee) {
        return v;
    }
    // A weak phrase refines a generic status, but does not turn a policy refusal (X.7.x,
    // RFC 3463 §3.8) into an address failure: RFC 5321 §4.2.3 gives "mailbox unavailable"
    // for policy refusals too. Nor into a network failure (X.4.x, §3.5): a server that
    // answered with a policy status was reached ("554 5.7.1 Connection refused: …").
    let policy = entry.status.get(1..3) == Some(".7");
    let unlike_policy = |r: Reason| is_hard(r) || r == Reason::NetworkError;
    if let Some((v, Weight::Weak)) = by_text.filter(|(v, _)| !(policy && unlike_policy(v.reason))) {
        return v;
    }
    if let Some(v) = by_status {
        return v;
    }
    // Where the status says nothing (absent, or x.0.0 of the same class), a reply code that
    // names one cause does.
    let same_class = entry.status.is_empty() || entry.status.get(..1) == entry.reply_code.get(..1);
    if let Some(v) = reply::verdict(&entry.reply_code).filter(|_| same_class) {
        return v;
    }
    // The report's prose is the weakest evidence: its weak phrases ("no longer", "invalid
    // address") appear in boilerplate about addresses in general, never enough to invalidate one.
    let prose = prose_verdict(context, addressee)
        .filter(|(v, w)| *w == Weight::Strong || !is_hard(v.reason));
    if let Some((v, _)) = prose {
        return v;
    }
    // A diagnostic that no rule understands is held for a person to read (Sisimai's
    // "onhold"); with no words at all the reason is unknown.
    if entry.diagnostic.trim().is_empty() {
        Verdict::new(Reason::Undefined, UNDEFINED)
    } else {
        Verdict::new(Reason::OnHold, ONHOLD)
    }
}

/// Whether `lower` calls a mailbox disabled, suspended or deactivated, a state RFC 3463 X.2.1
/// allows to be transient. "Inactive" is left out: it is said of accounts deleted for it.
fn words_a_disabled_state(lower: &str) -> bool {
    ["disabled", "suspended", "deactivated"]
        .iter()
        .any(|word| lower.contains(word))
}

/// Whether an "or" in `lower` has a disabled state among the three words on either side of it.
fn an_alternative_to_a_disabled_state(lower: &str) -> bool {
    lower.match_indices(" or ").any(|(at, _)| {
        let before = lower[..at].split_whitespace().rev().take(3);
        let after = lower[at + 4..].split_whitespace().take(3);
        before.chain(after).any(words_a_disabled_state)
    })
}

/// The phrase rule the report's prose matches, its boilerplate and the original's subject
/// left out. The prose is read up to where a pasted status block, a signature or an
/// original's headers begin (`report_end`: Exchange Online's text part ends with the
/// original's headers, whose "dmarc=pass" tells nothing of the failure); cut here, where it
/// is read, as most verdicts never come to it.
fn prose_verdict(context: &str, recipient: &str) -> Option<(Verdict, Weight)> {
    let context = &context[..crate::report::report_end(context)];
    // the context is lowercased as ASCII; a cased script beside Latin (Cyrillic) is here
    let mut clean = context.to_lowercase();
    boilerplate::blank(&mut clean);
    boilerplate::blank_subject_lines(&mut clean);
    // a phrase a fixed-width wrap broke across lines is read whole
    let clean = crate::report::text::squash_spaces(&clean);
    patterns::find(&clean, Basis::Prose, recipient)
}

/// The prefixes of the provider codes `orange` and `spectrum` read, sought first in every
/// diagnostic, as few carry any. One substring search each: over so few short phrases of
/// common letters, an automaton's scan cost five times as much (Callgrind: 191.3k → 187.7k
/// instructions a corpus message).
const CODE_PREFIXES: &[&str] = &["lpn", "ofr", "ouk", "aup#"];

/// The verdict a provider's own cause code in `diagnostic` gives. NetEase's codes have no
/// fixed prefix (`HL:ICC`, `DT:SPM`); its reader looks at each colon.
fn provider_code(diagnostic: &str) -> Option<Verdict> {
    CODE_PREFIXES
        .iter()
        .any(|p| diagnostic.contains(p))
        .then(|| {
            orange::verdict(diagnostic)
                .or_else(|| spectrum::verdict(diagnostic))
                .or_else(|| cox::verdict(diagnostic))
        })
        .flatten()
        .or_else(|| netease::verdict(diagnostic))
}

/// The diagnostic, lowercased, without the reply and status code pairs that multi-line
/// replies (RFC 5321 §4.2.1, `550-5.7.1 ...`, `550 5.7.1 ...`) repeat on every line: they would
/// split the phrases. A lone reply code stays, it can be part of a phrase. Boilerplate is
/// blanked.
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
        // a reply code is three bytes: the word's dash is sought only there
        let code_dash = w.split_at_checked(3);
        if let Some((code, rest)) = code_dash.and_then(|(c, r)| Some((c, r.strip_prefix('-')?))) {
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
    boilerplate::blank(&mut out);
    out
}

/// Whether `entry`'s specific status is the reporting MTA's reading of a reply code that came
/// without an enhanced status of its own.
fn reporters_reading(entry: &Entry) -> bool {
    !entry.status.is_empty()
        && status::is_specific(&entry.status)
        && !entry.reply_code.is_empty()
        && crate::report::text::enhanced_status(&entry.diagnostic).is_none()
}

/// Whether the failure is transient: RFC 3463 class 4, or an RFC 5321 4yz reply where the
/// status is absent or generic (x.0.0: the reporting MTA's own summary, while the reply code is
/// the remote server's word).
fn transient(entry: &Entry) -> bool {
    let generic = entry.status.ends_with(".0.0");
    match entry.status.as_bytes().first() {
        Some(b) if !generic || entry.reply_code.is_empty() => *b == b'4',
        _ => entry.reply_code.starts_with('4'),
    }
}

/// Whether the diagnostic holds a permanent (5yz) SMTP reply, RFC 5321 §4.2.1.
fn quotes_permanent_reply(entry: &Entry) -> bool {
    crate::report::text::reply_codes(&entry.diagnostic).any(|c| c.starts_with('5'))
}

/// Whether `reason` is an address failure (DESIGN.md's hard category, for a permanent status).
fn is_hard(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::UserUnknown | Reason::HostUnknown | Reason::HasMoved | Reason::NotAccept
    )
}

/// Whether `reason` is in DESIGN.md's block category.
fn is_block(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::Blocked
            | Reason::SpamDetected
            | Reason::VirusDetected
            | Reason::PolicyViolation
            | Reason::SecurityError
            | Reason::BadReputation
            | Reason::RequirePtr
            | Reason::AuthFailure
            | Reason::Rejected
    )
}

/// The category of DESIGN.md's table. `hard` is `category == Category::Hard`.
pub fn category(reason: Reason, entry: &Entry) -> Category {
    match entry.action {
        Action::Delayed => return Category::Delay,
        Action::Delivered | Action::Relayed | Action::Expanded => return Category::Success,
        _ => {}
    }
    match reason {
        // RFC 3463 §3.1: a final failure on a class 4 status is a temporary condition (a
        // greylisting or rate deferral, an address the server could not verify yet: Postfix's
        // "450 4.1.1 ... unverified address", its soft_bounce mode) that outlasted the
        // retries: the cause stays the reason, but nobody was refused for good, so it counts
        // as a soft bounce.
        // An address failure is permanent where the diagnostic quotes the refusing server's
        // own 5yz reply (Postfix soft_bounce's "550 5.1.1 ... User unknown" under a 4.1.1
        // status; "450 4.1.1 ... unverified address: host X said: 550 5.1.1 ... User unknown",
        // the final server's answer to the probe): that server refused the address for good.
        r if is_hard(r) && transient(entry) && !quotes_permanent_reply(entry) => Category::Soft,
        r if is_block(r) && transient(entry) => Category::Soft,
        r if is_hard(r) => Category::Hard,
        r if is_block(r) => Category::Block,
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
    fn a_rate_limit_under_a_policy_status_is_a_rate_limit() {
        for text in [
            // Postfix smtpd_client_message_rate_limit, refused at MAIL
            "SMTP error from remote mail server after MAIL FROM:<b@bounces.example.com>: \
             550 5.7.1 Error: too much mail from 192.0.2.12",
            // Postfix smtpd_client_recipient_rate_limit
            "450 4.7.1 Error: too many recipients from 192.0.2.12",
            "550 5.7.1 Message refused by throttling policy: 192.0.2.30 sent too fast",
        ] {
            let status = crate::report::text::failure_status(text).unwrap_or("5.7.1");
            assert_eq!(
                judge(&entry(status, "550", text)).0,
                Reason::Speeding,
                "{text}"
            );
        }
    }

    #[test]
    fn a_family_s_noun_and_predicate_with_the_recipient_between_are_the_family_s_phrase() {
        let said = |status: &str, diagnostic: &str| {
            judge(&Entry {
                recipient: "kim@example.org".into(),
                ..entry(status, "550", diagnostic)
            })
        };
        // "user <a> does not exist" is "user does not exist": the words outrank X.7.1
        assert_eq!(
            said(
                "5.7.1",
                "550 5.7.1 <kim@example.org>: Recipient address rejected: user \
                 kim@example.org does not exist"
            ),
            (Reason::UserUnknown, Category::Hard)
        );
        // the name alone before the predicate may be any name's: the policy status decides
        assert_eq!(
            said("5.7.1", "550 5.7.1 kim@example.org does not exist").1,
            Category::Block
        );
        // a mailbox's state said of its name is the mailbox's, not a block of the sender
        assert_eq!(
            said("5.2.1", "550 5.2.1 Mailbox kim@example.org is blocked"),
            (Reason::Suspend, Category::Soft)
        );
    }

    #[test]
    fn a_list_moderators_refusal_refuses_the_sender() {
        // GNU Mailman's refusal notice: the list works, its moderator refuses this sender
        let e = entry(
            "",
            "",
            "Your request to the Staff mailing list Posting of your message titled \"News\" \
             has been rejected by the list moderator. The moderator gave the following reason \
             for rejecting your request: \"Non-members are not allowed to post.\"",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        let e = entry(
            "",
            "",
            "Your message to the Staff mailing-list was rejected for the following reasons: \
             The message is not from a list member",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        let e = entry(
            "",
            "",
            "You are not authorized to send mail to the HIST-L list from your b@example.com \
             account.",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        let e = entry(
            "",
            "",
            "You are not allowed to post to this mailing list, and your message has been \
             automatically rejected.",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
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
    fn a_status_the_reply_does_not_carry_yields_to_its_words() {
        // Sendmail reports 5.1.1 for a bare 550 to RCPT; the reply's words name a policy
        let e = entry("5.1.1", "550", "550 Access denied");
        assert_eq!(judge(&e), (Reason::SecurityError, Category::Block));
        // the remote's own status stands over weak words
        let e = entry("5.1.1", "550", "550 5.1.1 Access denied");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // and words of an address failure leave the status its reading
        let e = entry(
            "5.1.1",
            "550",
            "550 Requested action not taken: mailbox unavailable",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn a_status_title_counts_as_its_status_where_the_code_is_generic() {
        // RFC 3463 §3.2 X.1.2 by its title, beside a generic code
        let e = entry("5.0.0", "550", "550 5.0.0 Bad destination system address");
        assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard));
        let e = entry("", "554", "554 Mailing list expansion prohibited");
        assert_eq!(judge(&e), (Reason::SecurityError, Category::Block));
        // a specific code in the Status field outranks a title in the words
        let e = entry("5.2.2", "552", "552 5.2.2 Bad connection");
        assert_eq!(judge(&e), (Reason::MailboxFull, Category::Soft));
    }

    #[test]
    fn strong_text_beats_generic_or_contradicting_status() {
        // RFC 5322 §3.6: the bad address is the header's, so X.1.3 speaks of it, not of the
        // recipient
        let e = entry("5.1.3", "553", "553 5.1.3 Invalid address in Cc header");
        assert_eq!(judge(&e), (Reason::NotCompliantRfc, Category::Soft));
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
        // the words name the cause; the class 4 final failure makes it a soft bounce
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Soft));
        let e = entry("5.0.0", "550", "550 5.0.0 <a@b.example>: user unknown");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // Postfix's reply at DATA after every RCPT was refused names no cause; its status does
        let e = entry("5.5.1", "554", "554 5.5.1 Error: no valid recipients");
        assert_eq!(judge(&e), (Reason::SyntaxError, Category::Soft));
        let e = entry(
            "5.7.1",
            "550",
            "550 5.7.1 Service unavailable; client host [192.0.2.1] blocked using a blocklist",
        );
        assert_eq!(judge(&e), (Reason::Blocked, Category::Block));
    }

    #[test]
    fn address_failure_stays_an_address_failure() {
        // RFC 5321 §3.3: no stage named is no evidence of a filter
        let e = entry("", "550", "550 No such user");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        let e = entry("5.0.0", "550", "550 \"a@b.example\" is not a known user");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // a stage never moves an address failure to soft: servers that accept every RCPT
        // refuse unknown users after DATA, and Sendmail's pipelined transcripts show RCPT
        // errors under DATA
        let e = entry(
            "5.0.0",
            "550",
            "550 User unknown (in reply to end of DATA command)",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        let e = entry(
            "5.1.1",
            "550",
            ">>> DATA <<< 550 5.1.1 <a@b.example>... User unknown",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // RFC 5321 §3.3: a refusal at MAIL concerns the sender
        let e = entry(
            "5.0.0",
            "550",
            "550 User unknown (in reply to MAIL FROM command)",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 Account suspended: your sending account 'news' has been suspended \
             (in reply to MAIL FROM command)",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        // ... also where only the report's text names the stage (Postfix's text part)
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 Account suspended: your sending account 'news' has been suspended",
        );
        let text = "<a@b.example>: host relay.example.net[192.0.2.9] said: 554 5.7.1 account \
                    suspended: your sending account 'news' has been suspended (in reply to mail \
                    from command)\n";
        assert_eq!(reason(Kind::Dsn, &e, text), Reason::Rejected);
        // an address failure too, where the text states the command its reply answered
        let e = entry(
            "5.0.0",
            "517",
            "517 Domain does not exist: bounce.example.com",
        );
        let text = "<a@b.example>: host mx.b.example[192.0.2.9] said: 517 domain does not \
                    exist: bounce.example.com (in reply to mail\n    from command)\n";
        assert_eq!(reason(Kind::Dsn, &e, text), Reason::Rejected);
        // ... not where a transcript merely names MAIL FROM before the refused RCPT
        let text = ">>> mail from:<s@bounce.example.com>\n<<< 250 ok\n\
                    >>> rcpt to:<a@b.example>\n<<< 517 domain does not exist\n";
        assert_eq!(reason(Kind::Dsn, &e, text), Reason::HostUnknown);
        // qmail-remote names the stage, the server's reply gives the cause: RFC 1870 §6 lets a
        // server refuse MAIL FROM's SIZE
        let qmail = "Connected to 192.0.2.7 but sender was rejected.\nRemote host said: ";
        let e = entry(
            "5.3.4",
            "552",
            &format!("{qmail}552 5.3.4 Message size exceeds fixed maximum message size"),
        );
        assert_eq!(judge(&e), (Reason::MesgTooBig, Category::Soft));
        let e = entry(
            "",
            "553",
            &format!("{qmail}553 5.1.1 <s@b.example>: user unknown"),
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
    }

    #[test]
    fn address_wording_variants() {
        for text in [
            "550 ** No mail box available for this user **",
            "553 sorry, badrcptto(user mail-box not found) (#5.7.1)",
            "This user doesn't have an account here",
            "User someone is not listed in the directory",
            "550 Unrouteable address",
            "this email address is wrong or no longer valid",
            "L'adresse de messagerie n'existe pas",
            "550 no mailbox by that name is currently available",
            "550 <a@b.example> is not a valid email address",
            "This address no longer accepts mail.",
        ] {
            assert_eq!(judge(&entry("", "", text)).0, Reason::UserUnknown, "{text}");
        }
        // an account past its end date is disabled, not a message that expired in a queue
        for text in [
            "550 User account is expired",
            "550 Mailbox is disabled by its owner",
        ] {
            assert_eq!(
                judge(&entry("", "", text)),
                (Reason::Suspend, Category::Soft),
                "{text}"
            );
        }
        let e = entry(
            "",
            "",
            "all relevant MX records point to non-existent hosts",
        );
        assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard));
        let e = entry(
            "5.4.4",
            "550",
            "550 5.4.4 No MX for example.org: domain not reachable",
        );
        assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard));
        // RFC 5321 §5.1: without MX and address records there is no host to deliver to
        for text in [
            "550 5.0.0 Domain example.org has no MX and no A record",
            "Domain example.org has no DNS MX or A record",
            "There are no DNS entries for the hostname example.org. I cannot determine where to send this message.",
        ] {
            let e = entry("5.0.0", "550", text);
            assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard), "{text}");
        }
        // a transient answer is no proof the domain is gone (RFC 3463 §3.1)
        let e = entry("4.4.4", "451", "451 4.4.4 domain not reachable");
        assert_eq!(judge(&e), (Reason::NetworkError, Category::Soft));
    }

    #[test]
    fn a_refused_smtp_login_says_nothing_of_the_recipient() {
        // RFC 4954 §6: 535 5.7.8 refuses the sending client's credentials; the user named is
        // the login's, so no address failure
        for text in [
            "550 5.0.0 Authentication failed: invalid user",
            "535 5.7.8 Authentication credentials invalid",
            "550 5.7.139 Authentication unsuccessful, no such user",
        ] {
            let e = entry("5.0.0", "550", text);
            assert_eq!(
                judge(&e),
                (Reason::SecurityError, Category::Block),
                "{text}"
            );
        }
    }

    #[test]
    fn generic_status_gives_only_the_class() {
        // RFC 3463 §3: detail 0 is "other or undefined"; X.7.1 covers every policy refusal
        let e = entry("5.3.0", "550", "550 5.3.0 Unknown user");
        assert_eq!(judge(&e).0, Reason::UserUnknown);
        // RFC 3463 §3.3: a mailbox status says the mailbox exists, whatever the words
        let e = entry("5.2.1", "550", "550 5.2.1 <a@b.example>... User Unknown");
        assert_eq!(judge(&e), (Reason::Suspend, Category::Soft));
        // ... but one closed for good is the mailbox X.2.1 calls a permanent error, and one
        // disabled, or closed for a while, may come back
        let gone = (Reason::UserUnknown, Category::Hard);
        let disabled = (Reason::Suspend, Category::Soft);
        for (text, want) in [
            (
                "550 5.2.1 <a@b.example>: this account has been terminated for good",
                gone,
            ),
            ("550 5.2.1 Mailbox closed", gone),
            (
                "550 5.2.1 <a@b.example>: mailbox unavailable, this mailbox was deleted after \
                 a year without a login",
                gone,
            ),
            (
                "550 5.2.1 This inactive account has been permanently deleted",
                gone,
            ),
            (
                "554 5.0.0 Account closed: this user has left the company",
                gone,
            ),
            ("550 5.2.1 Mailbox disabled", disabled),
            ("550 5.2.1 This account is temporarily closed", disabled),
            (
                "550 5.2.1 <a@b.example>: Recipient address rejected: Account is closed, \
                 mailbox disabled",
                disabled,
            ),
            (
                "554 5.0.0 This account has been disabled or discontinued",
                disabled,
            ),
        ] {
            let e = entry(&text[4..9], &text[..3], text);
            assert_eq!(judge(&e), want, "{text}");
        }
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 Message rejected: size limit exceeded",
        );
        assert_eq!(judge(&e), (Reason::MesgTooBig, Category::Soft));
        let e = entry("5.7.1", "554", "554 5.7.1 Access refused");
        assert_eq!(judge(&e), (Reason::SecurityError, Category::Block));
        // RFC 5321 §4.2.3: "mailbox unavailable" is also said for policy refusals
        let e = entry(
            "5.7.1",
            "550",
            "550 5.7.1 Requested action not taken: mailbox unavailable",
        );
        assert_eq!(judge(&e), (Reason::SecurityError, Category::Block));
        // ... and where the text names the policy, it is no address failure on a generic status
        let e = entry(
            "5.0.0",
            "550",
            "550 Requested action not taken: mailbox unavailable. Message rejected due to content policy",
        );
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
        let e = entry(
            "5.0.0",
            "550",
            "550 Requested action not taken: mailbox unavailable",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn a_reply_code_with_one_meaning_decides_where_the_status_is_silent() {
        // RFC 5321 §3.4: 551 "user not local", the address is no longer served there
        let e = entry("5.0.0", "551", "551 <a@b.example> is a retired mailbox");
        let v = verdict(Kind::Dsn, &e, "");
        assert_eq!(
            (v.reason, category(v.reason, &e)),
            (Reason::HasMoved, Category::Hard)
        );
        assert_eq!(v.rule.to_string(), "reply:551");
        let e = entry("", "556", "556 example.org takes no mail here");
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Hard));
        // a phrase, a specific status or another class decides first
        let e = entry(
            "5.0.0",
            "551",
            "551 5.0.0 This message was classified as spam",
        );
        assert_eq!(judge(&e).0, Reason::SpamDetected);
        let e = entry("5.7.1", "551", "551 5.7.1 not here");
        assert_eq!(judge(&e).0, Reason::SecurityError);
        let e = entry("4.0.0", "551", "551 later");
        assert_ne!(judge(&e).0, Reason::HasMoved);
    }

    #[test]
    fn an_address_failure_retried_until_its_time_expired_was_never_final() {
        // RFC 3463 X.4.7: the MTA kept trying; the last attempt's words are not a final answer
        let e = entry(
            "5.4.7",
            "",
            "5.4.7 - Delivery expired (message too old) 'DNS Soft Error looking up \
             b.example (MX): NXDomain'",
        );
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
        let e = entry(
            "5.4.7",
            "",
            "5.4.7 Delivery expired (message too old) 550 5.1.1 User unknown",
        );
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
        // the same words under their own status are final
        let e = entry("5.1.2", "", "DNS lookup of b.example (MX): NXDomain");
        assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard));
    }

    #[test]
    fn a_status_that_reads_a_reply_code_of_one_meaning_is_that_code() {
        // Sendmail reports a local mailer's 551 under an X-Unix Diagnostic-Code with 5.1.6,
        // its reading of 551: the type names no failure, the code does (RFC 5321 §3.4)
        let e = entry(
            "5.1.6",
            "551",
            "X-Unix; 551 User not local; please try <neko@new.example>",
        );
        let v = verdict(Kind::Dsn, &e, "");
        assert_eq!(
            (v.reason, v.rule.to_string()),
            (Reason::HasMoved, "reply:551".into())
        );
        // without such a code, a local mailer's exit under X-Unix is a mailer error
        let e = entry("5.3.0", "554", "X-Unix; 554 procmail exited with status 75");
        assert_eq!(judge(&e).0, Reason::MailerError);
    }

    #[test]
    fn boilerplate_is_no_evidence() {
        // an antivirus footer ("scanned for viruses") says nothing about the failure
        let e = entry(
            "5.1.1",
            "",
            "a@b.example **** This email has been scanned for all viruses ****",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // nor does the confidentiality notice an organisation appends to all its mail
        let e = entry(
            "5.0.0",
            "",
            "a@b.example Delivery failed after several attempts. If you are not the intended \
             recipient, please delete this message. Unknown recipients must not read it.",
        );
        assert_eq!(judge(&e), (Reason::OnHold, Category::Soft));
    }

    #[test]
    fn transient_final_failure_is_soft() {
        // RFC 3463 §3.1: a greylisting deferral (4.7.1) that outlasted the retries
        let e = entry(
            "4.7.1",
            "450",
            "450 4.7.1 <mx.a.example[192.0.2.1]>: Client host rejected: try again later",
        );
        // the cause stays the reason; the category is soft, never a block
        assert_eq!(judge(&e), (Reason::Blocked, Category::Soft));
        let permanent = entry("5.7.1", "550", &e.diagnostic.replace("450 4", "550 5"));
        assert_eq!(judge(&permanent), (Reason::Blocked, Category::Block));
        // a generic status is the reporter's summary; the remote server's 5yz reply is permanent
        let e = entry("4.0.0", "554", "554-No SMTP service 554 Bad DNS PTR record");
        let v = verdict(Kind::Dsn, &e, "");
        assert_eq!(
            (v.reason, category(v.reason, &e)),
            (Reason::RequirePtr, Category::Block)
        );
        // RFC 6647 §2.1: greylisting defers with a temporary failure
        let e = entry(
            "4.2.0",
            "450",
            "450 4.2.0 Recipient address rejected: Greylisted",
        );
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
    }

    #[test]
    fn a_quoted_permanent_refusal_of_the_address_stays_hard() {
        // Postfix address verification still in progress: nobody has refused the address
        let e = entry(
            "4.1.1",
            "450",
            "450 4.1.1 <a@b.example>: Recipient address rejected: unverified address: \
             Address verification in progress",
        );
        assert_ne!(judge(&e).1, Category::Hard);
        // the final server answered the probe: 550 5.1.1 user unknown
        let e = entry(
            "4.1.1",
            "450",
            "450 4.1.1 <a@b.example>: Recipient address rejected: unverified address: host \
             mail.b.example[192.0.2.1] said: 550 5.1.1 <a@b.example>: User unknown",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // soft_bounce keeps the server's 550 under a class 4 status
        let e = entry("4.1.1", "550", "550 5.1.1 <a@b.example>: user unknown");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // a block stays soft after the retries, whatever it quotes
        let e = entry(
            "4.7.1",
            "451",
            "451 4.7.1 deferred; earlier: 554 5.7.1 listed at zen.spamhaus.example",
        );
        assert_eq!(judge(&e).1, Category::Soft);
    }

    #[test]
    fn exchanges_unrecognized_recipient_name() {
        // an X.400 route gives no "Unknown Recipient" code beside Exchange's words
        let e = entry(
            "",
            "",
            "c=GB;a= ;p=EXAMPLE;s=Hughes; The recipient name is not recognized MSEXCH:MSExchangeMTA:LONDON",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn a_transcripts_starttls_is_no_failure_of_it() {
        // the server offered STARTTLS and the client used it; DMARC refused the message
        let e = entry(
            "5.7.1",
            "550",
            "<-- 250-STARTTLS --> STARTTLS <-- 220 2.0.0 Ready to start TLS \
             <-- 550 5.7.1 Rejected by DMARC policy for news.example",
        );
        assert_eq!(judge(&e).1, Category::Block);
        let e = entry(
            "5.7.0",
            "530",
            "530 5.7.0 Must issue a STARTTLS command first",
        );
        assert_eq!(judge(&e).0, Reason::FailedStartTls);
        // RFC 8460's result type of a failed DANE policy names a transport failure
        let e = entry(
            "5.7.323",
            "550",
            "550 5.7.323 tlsa-invalid: The domain failed DANE validation",
        );
        assert_eq!(judge(&e), (Reason::FailedStartTls, Category::Soft));
        // a provider's own X.7 detail without words a rule knows is still a refusal by policy
        let e = entry(
            "5.7.57",
            "530",
            "530 5.7.57 Client not permitted to send as this sender",
        );
        assert_eq!(judge(&e), (Reason::SecurityError, Category::Block));
    }

    #[test]
    fn cpanels_discarding_forwarder_refuses_the_address() {
        let e = entry("5.0.0", "550", "550 No such person at this address.");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn the_last_line_of_a_gmx_reply_decides() {
        let e = entry(
            "5.0.0",
            "550",
            "550-Requested action not taken: mailbox unavailable 550 invalid DNS MX or A/AAAA resource record",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        let e = entry(
            "5.0.0",
            "550",
            "550-Requested action not taken: mailbox unavailable 550 invalid DNS PTR resource record, IP=192.0.2.1",
        );
        assert_eq!(judge(&e), (Reason::RequirePtr, Category::Block));
    }

    #[test]
    fn an_ambiguous_address_is_x_1_4() {
        let e = entry(
            "",
            "",
            "Recipient name not unique.  Several matches found in Domino Directory.",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn provider_and_mta_wording() {
        // Exim's default ACL deny message; Gmail's 4.2.1 rate refusal
        let e = entry("5.0.0", "550", "550 Administrative prohibition");
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
        let e = entry(
            "4.2.1",
            "450",
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.",
        );
        assert_eq!(judge(&e).0, Reason::Speeding);
    }

    #[test]
    fn weak_prose_never_invalidates() {
        let e = entry("", "", "");
        let context =
            "delivery failed. this mailbox is no longer monitored, write to help@a.example";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::Undefined
        );
        let context = "delivery failed: no such user here";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::UserUnknown
        );
    }

    #[test]
    fn prose_in_a_cased_script_is_read_lowercased() {
        // the context comes lowercased as ASCII: a Russian sentence keeps its capital
        let e = entry("", "", "");
        let context = "Сообщение не доставлено. Пользователь не найден.";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::UserUnknown
        );
    }

    #[test]
    fn prose_wrapped_across_lines_is_read_whole() {
        let e = entry("", "", "");
        let context = "delivery to jdoe@a.example failed: the mailbox is\nfull";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::MailboxFull
        );
        let context =
            "お客様のメールは当社のセキュリティポリシーに\n違反しているため配信されませんでした";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::PolicyViolation
        );
    }

    #[test]
    fn the_originals_subject_in_the_prose_is_no_evidence() {
        let e = entry("", "", "");
        let context = "your message\n  subject: your address is no longer valid\nwas not delivered";
        assert_eq!(
            verdict(Kind::Heuristic, &e, context).reason,
            Reason::Undefined
        );
    }

    #[test]
    fn a_refused_tcp_connection_is_no_block() {
        // Sendmail "Connection refused by host": the TCP connection was refused (RFC 793 RST),
        // nothing judged the sender
        let e = entry("5.0.0", "", "Deferred: Connection refused by mx.b.example.");
        assert_eq!(judge(&e), (Reason::NetworkError, Category::Soft));
    }

    #[test]
    fn sender_and_relay_refusals() {
        // AOL's refusal by content is a policy, not a null MX; qmail-smtpd's rcpthosts
        let e = entry(
            "",
            "",
            "they are not accepting mail with attachments or embedded images",
        );
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
        let e = entry(
            "",
            "553",
            "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
        );
        assert_eq!(judge(&e).0, Reason::NoRelaying);
        let e = entry(
            "5.7.1",
            "553",
            "553 you are trying to use me as a relay, but I have not been configured to let you",
        );
        assert_eq!(judge(&e).0, Reason::NoRelaying);
    }

    #[test]
    fn size_wording_names_its_cause() {
        // RFC 1870 §6: the size limit is named in the text, whatever code came with it
        let e = entry(
            "5.1.1",
            "550",
            "550 RCPT TO:<a@b.example> max message size exceeded",
        );
        assert_eq!(judge(&e), (Reason::MesgTooBig, Category::Soft));
    }

    #[test]
    fn exims_own_unrouteable_address_outside_its_domain_is_a_domain_without_route() {
        let mut e = entry("", "", "Unrouteable address");
        e.recipient = "ana@example.org".into();
        let by = |e: &Entry, reporter: &str| verdict_from(Kind::Heuristic, e, "", reporter).reason;
        // the sending side's Exim found no route to the recipient's domain
        assert_eq!(by(&e, "out-1.mail.example.net"), Reason::HostUnknown);
        // the recipient's own Exim took no such user, as does a remote server's reply
        assert_eq!(by(&e, "mx.example.org"), Reason::UserUnknown);
        assert_eq!(by(&e, "example.org"), Reason::UserUnknown);
        assert_eq!(by(&e, ""), Reason::UserUnknown);
        e.reply_code = "550".into();
        e.diagnostic = "550 Unrouteable address".into();
        assert_eq!(by(&e, "out-1.mail.example.net"), Reason::UserUnknown);
    }

    #[test]
    fn every_verdict_names_its_rule() {
        let e = entry("5.1.1", "550", "550 5.1.1 mailbox unavailable");
        let v = verdict(Kind::Dsn, &e, "");
        assert_eq!(v.rule.to_string(), "status:X.1.1");
        assert!(v.rule.source.starts_with("RFC 3463"));
        let e = entry("", "", "Mailbox is full");
        assert_eq!(
            verdict(Kind::Dsn, &e, "").rule.to_string(),
            "diagnostic:mailbox is full"
        );
        let e = entry("", "", "");
        let v = verdict(Kind::Dsn, &e, "the recipient's mailbox is full");
        assert_eq!(v.rule.to_string(), "prose:mailbox is full");
        assert_eq!(
            verdict(Kind::Dsn, &entry("", "", "??"), "").rule.basis,
            Basis::Fallback
        );
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
            "5.3.2",
            "521",
            "521 5.3.2 <a@b.example>: recipient address rejected",
        );
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Hard));
        let e = entry("5.1.10", "", "recipient domain has a null MX");
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Hard));
    }

    #[test]
    fn a_host_not_accepting_messages_for_now_says_nothing_of_the_address() {
        // RFC 3463 X.3.2: shutdown, load, maintenance; without RFC 7504's 521 it is the host's state
        for (status, reply) in [("5.3.2", "550"), ("5.3.2", "554"), ("4.3.2", "421")] {
            let e = entry(status, reply, "system not accepting network messages");
            assert_eq!(judge(&e).0, Reason::SystemError, "{status} {reply}");
            assert_ne!(judge(&e).1, Category::Hard, "{status} {reply}");
        }
    }

    #[test]
    fn a_sender_status_or_wording_is_the_senders_problem() {
        // RFC 7505 §4.3: X.7.27 refuses the sender; the recipient is not invalid
        let e = entry("5.7.27", "550", "550 5.7.27");
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        // Postfix words both refusals alike but names the sender
        let e = entry(
            "5.7.27",
            "550",
            "550 5.7.27 <s@a.example>: Sender address rejected: Domain a.example does not accept mail (nullMX)",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        // a status that names the recipient's mailbox does not make a refused sender's
        // failure the recipient's
        let e = entry(
            "5.1.1",
            "550",
            "550 5.1.1 Sorry, your envelope sender has been denied",
        );
        assert_eq!(judge(&e), (Reason::Rejected, Category::Block));
        // Sendmail sends X.7.27 for the recipient's domain; its words say whose host it is
        let e = entry("5.7.27", "550", "550 Host does not accept mail");
        assert_eq!(judge(&e), (Reason::NotAccept, Category::Hard));
        let e = entry(
            "5.1.8",
            "553",
            "553 5.1.8 <s@a.example>: domain a.example does not exist",
        );
        assert_ne!(judge(&e).1, Category::Hard);
        // RFC 7372 X.7.23: the SPF check of the sender's domain failed; "does not exist" is
        // said of that domain
        let e = entry(
            "5.7.23",
            "550",
            "550 5.7.23 <r@b.example>: Recipient address rejected: Message rejected due to: \
             Domain a.example does not exist (SPF lookup returned NXDOMAIN)",
        );
        assert_eq!(judge(&e), (Reason::AuthFailure, Category::Block));
    }

    #[test]
    fn expired_delay_is_a_final_failure() {
        // OpenSMTPD reports a dropped envelope as "Action: delayed", "Status: 4.4.7"
        let mut e = entry("4.4.7", "", "Envelope expired");
        e.action = Action::Delayed;
        e.action = action(&e);
        assert_eq!(e.action, Action::Failed);
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
        let mut e = entry("4.4.7", "", "Deferred: Connection timed out");
        e.action = Action::Delayed;
        assert_eq!(action(&e), Action::Delayed);
    }

    #[test]
    fn a_server_that_refused_by_policy_was_reached() {
        // RFC 3463 §3.8 beside §3.5: no network failure under a policy status
        let e = entry("5.7.1", "554", "554 5.7.1 Connection refused");
        assert_eq!(judge(&e).1, Category::Block);
        // where no status says so, the words stand
        let e = entry("", "", "Connection refused");
        assert_eq!(judge(&e).0, Reason::NetworkError);
    }

    #[test]
    fn a_local_programs_exit_status_is_a_mailer_error_unless_its_status_says_more() {
        let e = entry("5.3.0", "", "X-Unix; 77");
        assert_eq!(judge(&e), (Reason::MailerError, Category::Soft));
        // sysexits.h EX_NOUSER, which Sendmail reports as 5.1.1
        let e = entry("5.1.1", "", "X-Unix; 67");
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
    }

    #[test]
    fn a_failure_on_a_temporary_status_without_a_cause_ran_out_of_time() {
        // RFC 3464 §2.3.3: "failed" is the last word; on a 4.0.0 nothing refused it for good
        let e = entry("4.0.0", "421", "421 Please try again later");
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
        // a cause it names stays its reason
        let e = entry("4.0.0", "421", "421 Too many connections from your host");
        assert_eq!(judge(&e).0, Reason::TooManyConn);
        // a permanent failure without words is no expiry
        let e = entry("5.0.0", "550", "550 Please try again later");
        assert_ne!(judge(&e).0, Reason::Expired);
    }

    #[test]
    fn actions_decide_category() {
        // RFC 3464 §2.3.3
        let mut e = entry("4.4.7", "", "");
        e.action = Action::Delayed;
        assert_eq!(judge(&e), (Reason::Expired, Category::Delay));
        // a delay with a generic status names no cause: its time is running out
        let mut e = entry(
            "4.4.0",
            "",
            "The server will continue trying for up to 21 hours.",
        );
        e.action = Action::Delayed;
        assert_eq!(judge(&e), (Reason::Expired, Category::Delay));
        // a cause the delay names stays its reason (OpenSMTPD's wording)
        e.diagnostic = "Network error on destination MXs".into();
        assert_eq!(judge(&e), (Reason::NetworkError, Category::Delay));
        e.action = Action::Delivered;
        assert_eq!(judge(&e), (Reason::Delivered, Category::Success));
    }

    #[test]
    fn access_denied_to_a_recipient_is_an_address_failure_only_in_microsofts_words() {
        // Exchange Online's directory-based edge blocking answers 550 5.4.1
        let e = entry(
            "5.4.1",
            "550",
            "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // ... also where a gateway's report in front of it gave the recipient another status
        let e = entry(
            "5.1.0",
            "550",
            "550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors",
        );
        assert_eq!(judge(&e), (Reason::UserUnknown, Category::Hard));
        // Postfix's access map REJECT: a policy, not proof the address is gone
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 <a@b.example>: Recipient address rejected: Access denied",
        );
        assert_eq!(judge(&e).1, Category::Block);
        // Postfix's HELO restrictions refuse the client, whatever host they name
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 <mx.a.example>: Helo command rejected: Host not found",
        );
        assert_eq!(judge(&e), (Reason::Blocked, Category::Block));
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
        // Cox: "blocked" is its wording for a connection limit too; AUP#CXCNCT names it
        let e = entry(
            "5.0.0",
            "421",
            "421 cmsmtp blocked. Refer to Error Codes section for more information. AUP#CXCNCT",
        );
        assert_eq!(judge(&e), (Reason::TooManyConn, Category::Soft));
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
        // RFC 5321 §3.1: a 554 greeting turns the client away before any command
        let e = entry(
            "5.0.0",
            "554",
            "smtp error from remote mail server after initial connection: 554 a problem occurred",
        );
        assert_eq!(judge(&e), (Reason::Blocked, Category::Block));
        // qmail-remote says the same of the greeting in its own words
        let e = entry(
            "",
            "554",
            "<a@b.example>: Connected to 192.0.2.9 but greeting failed. Remote host said: 554 go away",
        );
        assert_eq!(judge(&e), (Reason::Blocked, Category::Block));
        // a cause named beside it decides
        let e = entry(
            "4.0.0",
            "421",
            "smtp error from remote mail server after initial connection: 421 too many connections",
        );
        assert_ne!(judge(&e).1, Category::Block);
    }

    #[test]
    fn does_not_exist_speaks_of_the_name_before_it() {
        let of = |diagnostic: &str| {
            let mut e = entry("", "553", diagnostic);
            e.recipient = "kim@example.org".into();
            judge(&e)
        };
        // the server checked the sender's domain after the message: no recipient failed
        let (r, c) = of("SMTP error from remote mail server after end of data:                          553 outbound.sender.example does not exist");
        assert_ne!(c, Category::Hard, "{r:?}");
        assert_eq!(
            of("553 <bob@sender.example> does not exist").1,
            Category::Soft
        );
        // RFC 3463 X.1.2 and X.1.1: the recipient's own domain or address
        assert_eq!(
            of("553 example.org does not exist"),
            (Reason::HostUnknown, Category::Hard)
        );
        assert_eq!(
            of("550 <kim@example.org>: does not exist"),
            (Reason::UserUnknown, Category::Hard)
        );
        // no name before the phrase: as before
        assert_eq!(
            of("550 this mailbox: does not exist").0,
            Reason::UserUnknown
        );
    }

    #[test]
    fn an_expired_domain_has_no_mail_host_and_expired_mail_is_no_address_failure() {
        let e = entry(
            "5.1.2",
            "550",
            "550 5.1.2 This domain has expired and is parked. It does not accept e-mail.",
        );
        assert_eq!(judge(&e), (Reason::HostUnknown, Category::Hard));
        let e = entry(
            "5.4.7",
            "",
            "delivery to example.org failed: message has expired",
        );
        assert_eq!(judge(&e), (Reason::Expired, Category::Soft));
        // said of the sender's domain, it is no failure of the recipient's
        let e = entry("5.7.1", "550", "550 5.7.1 the sender domain has expired");
        assert_ne!(judge(&e).1, Category::Hard);
    }

    #[test]
    fn a_relay_refusal_names_the_cause_its_client_check_only_explains() {
        // Sendmail's check_rcpt (cf/m4/proto.m4) says why it would not relay for the client
        let e = entry(
            "5.7.1",
            "550",
            "550 5.7.1 <ana@example.org>... Relaying denied. IP name lookup failed [192.0.2.9]",
        );
        assert_eq!(judge(&e), (Reason::NoRelaying, Category::Soft));
        // without a relay refusal the same words are the client's reverse DNS
        let e = entry(
            "4.7.1",
            "450",
            "450 4.7.1 Access denied. IP name lookup failed [192.0.2.9]",
        );
        assert_eq!(judge(&e).0, Reason::RequirePtr);
        let e = entry("5.0.0", "554", "554 Relay rejected for policy reasons.");
        assert_eq!(judge(&e), (Reason::NoRelaying, Category::Soft));
        // Zoho Mail, for a domain whose MX points at it but that no account there holds
        let e = entry(
            "5.0.0",
            "553",
            "553 relaying disallowed. Invalid Domain - example.org",
        );
        assert_eq!(judge(&e), (Reason::NoRelaying, Category::Soft));
    }

    #[test]
    fn a_dns_blocklist_refuses_the_host_whatever_filter_consulted_it() {
        // RFC 5782: a DNSBL lists hosts; "anti-spam" names the filter, not this message
        for text in [
            "554 5.7.1 Your IP address 192.0.2.9 is blocked by our anti-spam system (RBL)",
            "550 5.7.1 Message from 192.0.2.9 blocked by a DNSBL. If you are not a spammer, write to us",
        ] {
            let e = entry("5.7.1", "554", text);
            assert_eq!(judge(&e), (Reason::Blocked, Category::Block), "{text}");
        }
        // content judged spam stays spam
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 Message rejected as spam by content filter",
        );
        assert_eq!(judge(&e), (Reason::SpamDetected, Category::Block));
    }

    #[test]
    fn the_persons_own_lists_and_settings_are_their_filter_whatever_the_code() {
        for (status, text) in [
            (
                "5.1.1",
                "550 5.1.1 <ana@example.org>: Recipient address rejected: sender is on the recipient's Blocked Senders list",
            ),
            ("5.0.0", "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/x"),
            ("5.0.0", "550 Envelope blocked \u{2013} User Entry"),
            ("5.7.1", "550 5.7.1 User in blacklist"),
            ("5.7.1", "554 5.7.1 rejected: sender is on the personal blacklist of <ana@example.org>"),
            (
                "5.7.1",
                "550 5.7.1 <ana@example.jp>: Recipient address rejected: Rejected by the recipient's reception settings",
            ),
            ("5.7.1", "550 5.7.1 Message rejected by recipient filter (sender blocked by user)"),
            ("5.7.1", "550 5.7.1 Refused by the recipient's personal filter"),
            (
                "5.1.1",
                "550 5.1.1 <staff@example.org>: Recipient address rejected: internal list, external senders are not permitted",
            ),
        ] {
            let e = entry(status, "550", text);
            assert_eq!(judge(&e), (Reason::Filtered, Category::Soft), "{text}");
        }
        let e = entry("", "", "Rejected by user filter (Blocked senders)");
        assert_eq!(judge(&e), (Reason::Filtered, Category::Soft));
        // the organisation's block stays a block
        let e = entry("5.0.0", "550", "550 Envelope blocked - Policy Entry");
        assert_eq!(judge(&e).1, Category::Block);
    }

    #[test]
    fn words_that_name_another_cause_outrank_an_unknown_user_code() {
        // RFC 5321 §4.2.2: a refusal for policy reasons, not a missing address
        let e = entry(
            "5.1.1",
            "550",
            "550 5.1.1 <ana@example.org>: Recipient address rejected: Policy rejection on the target address",
        );
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
        // RFC 3463 X.2.2: a mailbox without space is full
        let e = entry(
            "5.1.1",
            "550",
            "550 5.1.1 <ana@example.org>: Mailbox space not enough",
        );
        assert_eq!(judge(&e), (Reason::MailboxFull, Category::Soft));
        let e = entry(
            "4.2.2",
            "452",
            "452 4.2.2 mailbox does not have enough space",
        );
        assert_eq!(judge(&e).0, Reason::MailboxFull);
    }

    #[test]
    fn a_limit_says_what_the_client_sent_too_much_of() {
        let e = entry(
            "4.7.0",
            "421",
            "421 4.7.0 Too many messages from your IP address, try again later",
        );
        assert_eq!(judge(&e).0, Reason::Speeding);
        // "your IP" alone still names the client's refusal
        let e = entry(
            "5.7.1",
            "550",
            "550 5.7.1 mail from your IP is not accepted",
        );
        assert_eq!(judge(&e).0, Reason::Blocked);
    }

    #[test]
    fn a_netease_code_decides_over_its_help_link() {
        let link = "http://mail.163.com/help/help_spam_16.htm?ip=192.0.2.7&hostid=mx13";
        let e = entry(
            "5.0.0",
            "550",
            &format!("550 MI:SPF 126 mx13,QsCow--.1S3 1700000000, please see {link}"),
        );
        assert_eq!(judge(&e), (Reason::AuthFailure, Category::Block));
        let e = entry("4.0.0", "421", &format!("421 HL:ICC 192.0.2.7 {link}"));
        assert_eq!(judge(&e).0, Reason::TooManyConn);
    }

    #[test]
    fn an_unknown_mailbox_offered_beside_a_disabled_one_is_not_invalidated() {
        for (status, text) in [
            ("5.7.1", "554 5.7.1 <ana@example.org>: Recipient address rejected: Address unknown or disabled"),
            ("5.1.1", "550 5.1.1 mailbox disabled or does not exist"),
            ("5.0.0", "550 account has been suspended or does not exist"),
        ] {
            let e = entry(status, "550", text);
            assert_eq!(judge(&e), (Reason::Suspend, Category::Soft), "{text}");
        }
        // an "or" elsewhere, or another alternative, leaves the address failure
        let e = entry(
            "5.1.1",
            "550",
            "550 5.1.1 user unknown; check the spelling or contact the postmaster",
        );
        assert_eq!(judge(&e).1, Category::Hard);
        let e = entry("5.0.0", "550", "550 Mailbox not found or access denied");
        assert_eq!(judge(&e).1, Category::Hard);
    }

    #[test]
    fn windows_socket_and_attachment_filter_texts_name_their_cause() {
        let e = entry(
            "",
            "",
            "Error: Host name: 192.0.2.8, message: No connection could be made because the target machine actively refused it",
        );
        assert_eq!(judge(&e), (Reason::NetworkError, Category::Soft));
        let e = entry(
            "5.7.1",
            "554",
            "554 5.7.1 Message rejected by attachment filter",
        );
        assert_eq!(judge(&e), (Reason::PolicyViolation, Category::Block));
    }

    #[test]
    fn a_relays_own_refusals_name_the_sender_or_the_transport() {
        for text in [
            "554 Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: news@example.com",
            "550 5.7.1 Unconfigured Sending Domain <example.com>",
        ] {
            let e = entry("", "", text);
            assert_eq!(judge(&e), (Reason::Rejected, Category::Block), "{text}");
        }
        let e = entry(
            "",
            "",
            "TLS Negotiation failed, the certificate doesn't match the host.",
        );
        assert_eq!(judge(&e).0, Reason::FailedStartTls);
        // a pipe's program failed, whatever it printed ("Connection refused" of its database)
        let e = entry(
            "",
            "",
            "pipe to |/usr/local/bin/import generated by sales@example.net local delivery failed: could not connect to server: Connection refused",
        );
        assert_eq!(judge(&e), (Reason::MailerError, Category::Soft));
    }

    #[test]
    fn nothing_known_is_undefined_soft() {
        let e = entry("", "", "");
        assert_eq!(judge(&e), (Reason::Undefined, Category::Soft));
        let e = entry("", "", "something odd");
        assert_eq!(judge(&e), (Reason::OnHold, Category::Soft));
    }
}
