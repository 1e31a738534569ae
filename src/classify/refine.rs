//! Corrections of a verdict by facts that hold for every report, whatever rule decided it:
//! the SMTP command a refusal answered, a delay, a transient name server answer. The stage
//! never makes an address failure soft (a refusal at MAIL is the sender's, not the
//! recipient's); only a transient (class 4) name server answer does, being no proof the host
//! is gone.

use super::rule::{Basis, Rule, Verdict};
use super::stage::{self, Stage};
use super::{status, transient};
use crate::report::Entry;
use crate::taxonomy::{Action, Reason};

#[rustfmt::skip]
const REFUSED_SENDER: Rule = Rule::new(Basis::Refine, "stage-mail", "RFC 5321 §3.3: a refusal at MAIL concerns the sender, whatever address it names");
#[rustfmt::skip]
const DELAYED: Rule = Rule::new(Basis::Refine, "delayed-expired", "RFC 3464 §2.3.3: 'delayed' means the message still waits; with no cause named, its delivery time is running out");
#[rustfmt::skip]
const GAVE_UP: Rule = Rule::new(Basis::Refine, "failed-transient-expired", "RFC 3464 §2.3.3: 'failed' means no further attempts; on a class 4 status or reply (RFC 3463 §3.1, RFC 5321 §4.2.1) nothing refused it for good, so with no cause named the retries ran out: RFC 3463 X.4.7 'delivery time expired'");
#[rustfmt::skip]
const RETRIED_TO_EXPIRY: Rule = Rule::new(Basis::Refine, "retried-to-expiry", "RFC 3463 X.4.7 'delivery time expired': the MTA retried until its time ran out, so it took no answer for a final one, whatever the last attempt said");
#[rustfmt::skip]
const TRANSIENT_DNS: Rule = Rule::new(Basis::Refine, "transient-dns", "RFC 3463 §3.1: a class 4 name server answer is no proof that the host is gone");

#[rustfmt::skip]
const UNROUTED_DOMAIN: Rule = Rule::new(Basis::Refine, "unrouteable-elsewhere", "Exim: 'Unrouteable address' is the reporting host's own routing failure (no router took the address); of an address outside its domain, the DNS knows no route to the domain (the default dnslookup router's no_more), of one in it, no such user");

/// The phrase row that reads Exim's "Unrouteable address" (`patterns`).
const UNROUTEABLE: &str = "unrouteable address";

/// `v` corrected by the general facts below; `diagnostic` as `prose_of` gives it; `context`
/// the report's text about this recipient (lowercased); `reporter` the host that wrote the
/// report, "" where unknown.
pub fn refine(
    v: Verdict,
    entry: &Entry,
    diagnostic: &str,
    context: &str,
    reporter: &str,
) -> Verdict {
    let reason = v.reason;
    // Exim's own "Unrouteable address", no remote server's reply, for an address outside the
    // reporting host's domain: the domain has no route.
    if reason == Reason::UserUnknown
        && v.rule.key == UNROUTEABLE
        && entry.reply_code.is_empty()
        && !reporter.is_empty()
        && !entry
            .addressee()
            .rsplit_once('@')
            .is_some_and(|(_, domain)| crate::address::is_within(reporter, domain))
    {
        return Verdict::new(Reason::HostUnknown, UNROUTED_DOMAIN);
    }
    // A refusal at MAIL concerns the sender, whatever address it calls unknown and whatever
    // mailbox or account it calls disabled, full or moved: no recipient is named yet. The
    // stage is the diagnostic's, else the one the report's text states its reply answered
    // (Postfix writes "(in reply to MAIL FROM command)" in its text part only); for a
    // mailbox's state, any command the text names (read only for these rarer verdicts, the
    // text being long).
    let address = matches!(
        reason,
        Reason::UserUnknown | Reason::HostUnknown | Reason::Filtered
    );
    let mailbox_state = matches!(
        reason,
        Reason::Suspend | Reason::MailboxFull | Reason::HasMoved
    );
    let stage = || {
        stage::find(diagnostic).or_else(|| {
            let text = &context[..crate::report::report_end(context)];
            if mailbox_state {
                stage::find(text)
            } else {
                stage::stated(text)
            }
        })
    };
    if (address || mailbox_state) && stage() == Some(Stage::Mail) {
        return Verdict::new(Reason::Rejected, REFUSED_SENDER);
    }
    // A delay report says the message still waits in a queue; with no cause named (no words a
    // rule knows, at most a generic status: RFC 3463 §3, "other or undefined"), its delivery
    // time is what is running out. A named cause ("network error on destination MXs") stays.
    let no_cause = matches!(reason, Reason::Undefined | Reason::OnHold)
        || (v.rule.basis == Basis::Status && !status::is_specific(&entry.status));
    if entry.action == Action::Delayed && no_cause {
        return Verdict::new(Reason::Expired, DELAYED);
    }
    // A final failure on a temporary status, with no cause named, is one whose retries ran
    // out (Postfix's "Status: 4.0.0" after maximal_queue_lifetime).
    let unexplained = matches!(reason, Reason::Undefined | Reason::OnHold);
    if entry.action == Action::Failed && transient(entry) && unexplained {
        return Verdict::new(Reason::Expired, GAVE_UP);
    }
    // An address failure in the words of a report whose status says its delivery time
    // expired (X.4.7) is the last of the attempts the MTA kept making: it never took the
    // answer for a final one (Cisco AsyncOS: "5.4.7 - Delivery expired (message too old)
    // 'DNS Soft Error looking up example.org (MX): NXDomain'").
    if super::is_hard(reason) && entry.status.get(1..) == Some(".4.7") {
        return Verdict::new(Reason::Expired, RETRIED_TO_EXPIRY);
    }
    // A name server answer the MTA itself calls transient is no proof the host is gone.
    if reason == Reason::HostUnknown && transient(entry) {
        return Verdict::new(Reason::NetworkError, TRANSIENT_DNS);
    }
    v
}
