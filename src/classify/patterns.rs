//! Text → reason: phrases that MTAs and mailbox providers put in their rejection texts.
//! Rows are in priority order (the first row that matches wins), grouped by reason.
//! A `Strong` phrase names its cause unambiguously and outranks the status code; a `Weak` one
//! only decides when the status code is missing or generic (RFC 3463 x.0.0, x.7.1, ...).
//! Phrases are lowercase; the text is lowercased once before matching.

use std::sync::OnceLock;

use crate::report::phrases::Phrases;
use crate::taxonomy::Reason;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Strong,
    Weak,
}

use Reason::*;
use Weight::*;

#[rustfmt::skip]
pub const RULES: &[(&str, Reason, Weight)] = &[
    // Header syntax (RFC 5322 §3.6: one From, at most one of several fields); before the
    // authentication rows, whose words (DKIM) such texts quote
    ("duplicate header", NotCompliantRfc, Strong),
    ("rfc 5322", NotCompliantRfc, Strong),
    ("rfc5322", NotCompliantRfc, Strong),
    ("rfc 2822", NotCompliantRfc, Strong),
    ("rfc2822", NotCompliantRfc, Strong),
    ("multiple addresses in from", NotCompliantRfc, Strong), // Gmail
    // Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)
    ("does not have authentication information", AuthFailure, Strong), // Gmail
    ("dmarc", AuthFailure, Strong),
    ("spf check", AuthFailure, Strong),
    ("spf fail", AuthFailure, Strong),
    ("sender policy framework", AuthFailure, Strong),
    ("dkim", AuthFailure, Strong),
    ("unauthenticated email", AuthFailure, Strong), // Gmail 5.7.26
    ("unauthenticated senders", SecurityError, Strong), // SMTP AUTH required (RFC 4954)
    ("is not authorized to send", AuthFailure, Strong),
    // Local delivery agents failing (Postfix/Sendmail hand-off to procmail)
    ("procmail:", MailerError, Strong),
    // Facebook RCP-P2: the recipient's own settings refuse the mail
    ("recipient preferences", Filtered, Strong),
    // DNS answers that are broken rather than negative
    ("malformed or unexpected name server reply", NetworkError, Strong), // Postfix
    ("host not found, try again", NetworkError, Strong), // Postfix: SERVFAIL, not NXDOMAIN
    ("name server timeout", NetworkError, Strong), // Sendmail "Deferred: Name server timeout"
    ("host name lookup failure", NetworkError, Strong), // Sendmail
    // GoDaddy IB607: per-hour recipient limit of the sending IP
    ("sent to too many recipients", Speeding, Strong),
    // Held mailboxes
    ("on hold", OnHold, Strong),
    // cPanel's Exim: "The account or domain may not exist, they may be blacklisted, or missing
    // the proper dns entries" is sent when the domain does not resolve
    ("account or domain may not exist", HostUnknown, Strong),
    // Exchange Online directory-based edge blocking: the recipient is not in the directory
    ("recipient address rejected: access denied", UserUnknown, Strong),
    // au (KDDI) answers DATA with an empty address when the recipient's filter refuses
    ("550 : user unknown", Filtered, Strong),
    // Google Groups: the group does not exist or the sender may not post to it
    ("may not have permission to post", Rejected, Strong),
    ("'send mail as'", Rejected, Strong), // Gmail: the sender's alias settings are broken
    ("メッセージを投稿する権限がない", Rejected, Strong),
    ("groups.google.com/support", Rejected, Weak), // the same refusal in any language
    // Exim: RFC 7505 null MX
    ("indicated no smtp service", NotAccept, Strong),
    // Reverse DNS of the sending host (Sisimai "requireptr")
    ("reverse dns", RequirePtr, Strong),
    ("ip name lookup failed", RequirePtr, Strong), // Sendmail access check on the client's PTR
    ("reverse lookup", RequirePtr, Strong),
    ("ptr record", RequirePtr, Strong),
    ("no ptr", RequirePtr, Strong),
    ("rdns", RequirePtr, Strong),
    ("reverse mapping", RequirePtr, Strong),
    ("cannot find your hostname", RequirePtr, Strong), // Postfix reject_unknown_client_hostname
    ("cannot find your reverse hostname", RequirePtr, Strong), // Postfix
    ("client host rejected: cannot find", RequirePtr, Strong), // Postfix
    ("have a reverse", RequirePtr, Strong),
    ("no reverse", RequirePtr, Strong),
    ("hostname does not match", RequirePtr, Strong),
    ("unresolvable", RequirePtr, Weak),
    // Sender reputation
    ("reputation", BadReputation, Strong),
    ("user complaints", BadReputation, Strong), // Yahoo TSS04
    ("sender score", BadReputation, Strong),
    // Viruses
    ("virus", VirusDetected, Strong),
    // URI blocklists judge the content, not the sending host
    ("blacklisted url", SpamDetected, Strong),
    ("uribl", SpamDetected, Strong),
    ("malware", VirusDetected, Strong),
    ("infected", VirusDetected, Strong),
    // Relaying (RFC 5321 §3.6.2)
    ("relay access denied", NoRelaying, Strong), // Postfix
    ("relaying denied", NoRelaying, Strong),     // Sendmail
    ("relay not permitted", NoRelaying, Strong),
    ("not permitted to relay", NoRelaying, Strong),
    ("unable to relay", NoRelaying, Strong),
    ("relaying not allowed", NoRelaying, Strong),
    ("relay denied", NoRelaying, Strong),
    ("we do not relay", NoRelaying, Strong),
    ("relay not allowed", NoRelaying, Strong),
    ("relaying mail to", NoRelaying, Weak),
    // Mailbox over quota
    ("mailbox full", MailboxFull, Strong),
    ("mailbox is full", MailboxFull, Strong),
    ("mailbox is over", MailboxFull, Strong),
    ("mail box full", MailboxFull, Strong),
    ("mailbox has exceeded", MailboxFull, Strong),
    ("mailbox exceeded", MailboxFull, Strong),
    ("inbox is full", MailboxFull, Strong),
    ("account is full", MailboxFull, Strong),
    ("quota exceeded", MailboxFull, Strong),
    ("exceeded storage", MailboxFull, Strong), // Sendmail/Exchange "exceeded storage allocation"
    ("over quota", MailboxFull, Strong),
    ("overquota", MailboxFull, Strong),
    ("over the quota", MailboxFull, Strong),
    ("exceeds quota", MailboxFull, Strong),
    ("exceed quota", MailboxFull, Strong),
    ("quota full", MailboxFull, Strong),
    ("quota violation", MailboxFull, Strong),
    ("mailbox exceeds", MailboxFull, Strong), // IMail
    ("mailbox size limit", MailboxFull, Strong),
    ("mailfolder is full", MailboxFull, Strong),
    ("full mailbox", MailboxFull, Strong),
    ("insufficient space", MailboxFull, Weak),
    ("storage quota", MailboxFull, Strong),
    ("out of storage", MailboxFull, Strong),
    ("is full", MailboxFull, Weak),
    // Message size
    ("message too big", MesgTooBig, Strong),
    ("message too large", MesgTooBig, Strong),
    ("message is too large", MesgTooBig, Strong),
    ("message is too big", MesgTooBig, Strong),
    ("message size exceeds", MesgTooBig, Weak), // X.2.3 (mailbox limit) or X.3.4 (system limit)
    ("exceeds size limit", MesgTooBig, Strong),
    ("exceeds the maximum size", MesgTooBig, Strong),
    ("maximum message size", MesgTooBig, Weak),
    ("size limit", MesgTooBig, Weak),
    // Disabled or suspended mailboxes
    ("account disabled", Suspend, Strong),
    ("account has been disabled", Suspend, Strong),
    ("account is disabled", Suspend, Strong),
    ("mailbox disabled", Suspend, Strong),
    ("mailbox is disabled", Suspend, Strong),
    ("account suspended", Suspend, Strong),
    ("account has been suspended", Suspend, Strong),
    ("account is suspended", Suspend, Strong),
    ("mailbox is inactive", Suspend, Strong),
    ("mailbox is frozen", Suspend, Strong),
    ("mailbox inactive", Suspend, Strong),
    ("inactive account", Suspend, Strong),
    ("account is inactive", Suspend, Strong),
    ("account inactive", Suspend, Strong),
    ("account is locked", Suspend, Strong),
    ("account is blocked", Suspend, Strong), // La Poste LPN007_426: the recipient's account
    ("has been deactivated", Suspend, Strong),
    ("is not active", Suspend, Weak),
    // Moved addresses (RFC 3463 X.1.6)
    ("has moved", HasMoved, Strong),
    ("address changed", HasMoved, Strong),
    // Sender rejected (envelope sender or its domain)
    ("sender address rejected", Rejected, Strong), // Postfix
    ("sender rejected", Rejected, Strong),
    ("sender verify failed", Rejected, Strong),     // Exim
    ("domain of sender address", Rejected, Strong), // Sendmail
    ("sender domain", Rejected, Weak),
    ("invalid sender", Rejected, Strong),
    ("sender denied", Rejected, Strong),
    ("bad sender", Rejected, Strong),
    ("sender is not allowed", Rejected, Strong),
    ("mail from rejected", Rejected, Strong),
    ("after mail from", Rejected, Weak), // Exim: refused at MAIL FROM, before any recipient
    // An address (not a host) on a blocklist: the sender is refused
    ("address that has been blacklisted", Rejected, Strong),
    // Blocklists named after spam (before the spam rows, which their names contain)
    ("spamhaus", Blocked, Strong),
    ("spamcop", Blocked, Strong),
    // Spam judgement of the content
    ("spam", SpamDetected, Strong),
    ("junk mail", SpamDetected, Strong),
    ("unsolicited", SpamDetected, Strong),
    ("bulk mail", SpamDetected, Strong),
    // Policy
    // Mimecast SMTP error codes (Mimecast KB "Mimecast SMTP Error Codes"): the recipient
    // organisation's policies, before the generic rows whose words they contain
    ("host network not allowed", PolicyViolation, Strong), // Geographical Restriction policy
    ("anti-spoofing policy", PolicyViolation, Strong),
    ("content examination policy", PolicyViolation, Strong),
    ("policy violation", PolicyViolation, Strong),
    ("denied by policy", PolicyViolation, Strong),
    ("policy reasons", PolicyViolation, Strong), // Yahoo/AOL 5.7.9
    ("violates", PolicyViolation, Weak),
    ("violation of", PolicyViolation, Weak),
    ("prohibited", PolicyViolation, Weak),
    // Blocked sending host
    ("blacklist", Blocked, Strong),
    ("blocklist", Blocked, Strong),
    ("block list", Blocked, Strong),
    ("black list", Blocked, Strong),
    ("denylist", Blocked, Strong),
    ("dnsbl", Blocked, Strong),
    ("rbl", Blocked, Strong),
    ("listed in", Blocked, Weak),
    ("listed at", Blocked, Weak),
    ("banned", Blocked, Strong),
    ("blocked", Blocked, Strong),
    ("unfortunately, messages from", Blocked, Strong), // Outlook.com SC-00x refusals
    ("use the smtp server of your isp", Blocked, Strong),
    ("refused to talk to me", Blocked, Strong), // Postfix: the greeting itself was a refusal
    // Exim "SMTP error from remote mail server after EHLO": refused before any sender or
    // recipient was named, so the connecting host itself (RFC 5321 §4.1.1.1)
    ("after ehlo", Blocked, Weak),
    ("after helo", Blocked, Weak),
    ("mismatches client ip", RequirePtr, Strong),
    ("please provide a valid from", Rejected, Strong), // GoDaddy IB506: the From domain
    ("my name was rejected", Blocked, Strong),         // qmail: the HELO name was refused
    ("invalid ip for sending", Blocked, Strong),       // Yahoo
    ("dynamic ip", Blocked, Strong),
    ("dynamic address", Blocked, Strong),
    ("residential", Blocked, Strong),
    ("client host rejected", Blocked, Strong), // Postfix check_client_access
    ("your ip", Blocked, Weak),
    ("access denied", SecurityError, Weak),
    ("connection refused by", Blocked, Weak),
    ("not allowed to send", Blocked, Weak),
    // Connection and rate limits
    ("too many connections", TooManyConn, Strong),
    ("too many recipients", TooManyConn, Strong), // session limits, Sisimai's toomanyconn
    ("too many simultaneous", TooManyConn, Strong),
    ("too many concurrent", TooManyConn, Strong),
    ("connection limit", TooManyConn, Strong),
    ("too many sessions", TooManyConn, Strong),
    ("rate limit", Speeding, Strong),
    ("too many messages", Speeding, Weak),
    ("sending rate", Speeding, Strong),
    ("throttl", Speeding, Weak),
    // Null MX and hosts that take no mail (RFC 7505)
    ("null mx", NotAccept, Strong),
    ("does not accept mail", NotAccept, Strong),
    ("not accepting mail", NotAccept, Strong),
    ("accepts no mail", NotAccept, Strong),
    // Unknown host or domain
    ("host unknown", HostUnknown, Strong),
    ("unknown host", HostUnknown, Strong),
    ("host not found", HostUnknown, Strong),
    ("domain not found", HostUnknown, Strong),
    ("no such domain", HostUnknown, Strong),
    ("domain does not exist", HostUnknown, Strong),
    ("unrouteable mail domain", HostUnknown, Strong), // Exim
    ("unknown domain", HostUnknown, Strong),
    ("name or service not known", HostUnknown, Strong),
    ("host or domain name not found", HostUnknown, Strong), // Postfix
    ("illegal host/domain", HostUnknown, Strong),
    ("no mx record", HostUnknown, Strong),
    ("dns lookup failure", HostUnknown, Strong), // DragonFly
    ("nxdomain", HostUnknown, Strong),
    ("domain name not found", HostUnknown, Strong),
    ("couldn't find any host", HostUnknown, Strong),
    // Unknown recipient
    ("user unknown", UserUnknown, Strong),
    ("unknown user", UserUnknown, Strong),
    ("no such user", UserUnknown, Strong),
    ("no such mailbox", UserUnknown, Strong),
    ("no such recipient", UserUnknown, Strong),
    ("no such account", UserUnknown, Strong),
    ("no such person", UserUnknown, Strong),
    ("no valid recipients", UserUnknown, Strong), // Verizon MMS gateway
    ("no mailbox here", UserUnknown, Strong), // qmail
    ("unknown recipient", UserUnknown, Strong),
    ("recipient unknown", UserUnknown, Strong),
    ("unknown mailbox", UserUnknown, Strong),
    ("unknown address", UserUnknown, Weak), // also Amazon SES's label for any 5.1.x
    ("address unknown", UserUnknown, Strong),
    ("addressee unknown", UserUnknown, Strong),
    ("unknown local part", UserUnknown, Strong),
    ("invalid recipient", UserUnknown, Strong),
    ("invalid mailbox", UserUnknown, Strong),
    ("invalid address", UserUnknown, Weak),
    ("not a valid mailbox", UserUnknown, Strong),
    ("user not found", UserUnknown, Strong),
    ("mailbox not found", UserUnknown, Strong),
    ("recipient not found", UserUnknown, Strong),
    ("recipientnotfound", UserUnknown, Strong), // Exchange RESOLVER.ADR.RecipNotFound
    ("recipnotfound", UserUnknown, Strong),     // Exchange
    ("address not found", UserUnknown, Strong),
    ("does not exist", UserUnknown, Strong),
    ("doesn't exist", UserUnknown, Strong),
    ("doesn't have a", UserUnknown, Weak),
    ("unrouteable address", UserUnknown, Strong), // Exim
    ("user doesn't", UserUnknown, Strong),
    ("not our customer", UserUnknown, Weak), // Sendmail 551 also for moved users (X.1.6)
    ("no account by that name", UserUnknown, Strong),
    ("bad destination mailbox", UserUnknown, Strong),
    ("unknown or illegal alias", UserUnknown, Strong),
    ("user_unknown", UserUnknown, Strong),
    ("mailbox unavailable", UserUnknown, Weak),
    ("no longer", UserUnknown, Weak),
    // Recipient's own filter
    ("filtered", Filtered, Weak),
    ("following recipients was rejected", Filtered, Weak), // EZweb domain filter
    ("refused by recipient", Filtered, Weak),
    ("rejected by recipient", Filtered, Weak),
    // TLS
    ("starttls", FailedStartTls, Strong),
    ("tls required", FailedStartTls, Strong),
    ("tls is required", FailedStartTls, Strong),
    ("encryption required", FailedStartTls, Strong),
    // Security
    ("authentication required", SecurityError, Strong),
    ("smtp authentication", SecurityError, Strong),
    ("must authenticate", SecurityError, Strong),
    ("not authorized", SecurityError, Weak),
    ("unauthorized", SecurityError, Weak),
    // Format of the message (RFC 5322)
    ("rfc 822", NotCompliantRfc, Strong),
    ("rfc822 compliant", NotCompliantRfc, Strong),
    ("not compliant", NotCompliantRfc, Weak),
    ("multiple from", NotCompliantRfc, Strong),
    ("malformed address", SyntaxError, Strong), // Exim: a recipient address it cannot parse
    ("line limit exceeded", MesgTooBig, Strong),
    ("malformed", NotCompliantRfc, Weak),
    // Content
    ("content rejected", SpamDetected, Strong),
    ("message content", ContentError, Weak),
    // Local delivery programs
    ("mailer error", MailerError, Strong),
    ("x-unix", MailerError, Strong),
    ("unknown mailer", MailerError, Strong),
    ("command died", MailerError, Strong),
    ("command failed", MailerError, Strong),
    ("procmail", MailerError, Weak),
    ("exit code", MailerError, Weak),
    // Protocol
    ("syntax error", SyntaxError, Weak),
    ("improper sequence", SyntaxError, Weak),
    ("bad sequence of commands", SyntaxError, Weak), // RFC 5321 §4.2.3 reply 503
    ("command unrecognized", SyntaxError, Weak),
    ("unrecognized command", SyntaxError, Weak),
    // Receiving system
    ("insufficient system storage", SystemFull, Strong),
    ("insufficient disk space", SystemFull, Strong),
    ("system full", SystemFull, Strong),
    ("disk full", SystemFull, Strong),
    ("no space left", SystemFull, Strong),
    ("out of disk", SystemFull, Strong),
    ("could not load drd", SystemError, Strong), // McAfee MXLogic: its domain routing data failed to load
    ("system error", SystemError, Weak),
    ("service currently unavailable", SystemError, Weak),
    ("internal error", SystemError, Weak),
    ("server error", SystemError, Weak),
    ("local error", SystemError, Weak),
    ("configuration error", SystemError, Weak),
    // Expiry of queued mail
    ("retry timeout exceeded", Expired, Strong), // Exim
    // A timeout in a final report: every retry timed out until the queue lifetime ran out
    ("connection timed out", Expired, Strong),
    ("timed out", Expired, Weak),
    ("not reachable", Expired, Weak),
    ("attempts:", Expired, Weak), // IMail "Delivery failed 20 attempts"
    ("all hosts have been failing", Expired, Strong), // Exim
    ("envelope expired", Expired, Strong),            // OpenSMTPD
    ("in the queue too long", Expired, Weak),         // qmail; its "(#4.x.y)" says more
    ("was aborted after", Expired, Strong), // "delivery ... was aborted after 5.0 hour(s)"
    ("was not delivered within", Expired, Strong), // EZweb
    ("did not accept our requests to connect", Expired, Strong), // Gmail, after days of retries
    ("delivery time expired", Expired, Strong),
    ("message expired", Expired, Strong),
    ("has expired", Expired, Strong),
    ("too long in the queue", Expired, Strong),
    ("could not be delivered for", Expired, Strong), // Sendmail "could not be delivered for 5 days"
    ("gave up", Expired, Weak),
    ("giving up", Expired, Weak),
    ("retry time not reached", Expired, Weak), // Exim
    // Network
    ("wasn't able to establish an smtp connection", NetworkError, Strong), // qmail
    ("connection refused", NetworkError, Weak),
    ("no route to host", NetworkError, Strong),
    ("network is unreachable", NetworkError, Strong),
    ("lost connection", NetworkError, Weak),
    ("connection reset", NetworkError, Weak),
    ("could not connect", NetworkError, Weak),
    ("unable to connect", NetworkError, Weak),
    ("too many hops", NetworkError, Strong),
    ("service refused", Blocked, Strong), // Orange / La Poste refusing the sending host
    ("not accepting connections", Blocked, Weak), // a greeting that turns the client away
    ("mail loop", NetworkError, Strong),
    ("loops back to myself", NetworkError, Strong), // Sendmail
    ("routing loop", NetworkError, Strong),
    ("dns error", NetworkError, Weak),
    ("temporary failure", NetworkError, Weak),
    // Postfix recipient restrictions; what follows the colon usually says more (rows above)
    ("recipient address rejected", UserUnknown, Weak),
];

/// The phrases of `RULES`, in the same order, for the automaton.
static PHRASES: OnceLock<Vec<&'static str>> = OnceLock::new();
static MATCHER: OnceLock<Phrases> = OnceLock::new();

fn matcher() -> &'static Phrases {
    MATCHER.get_or_init(|| {
        let phrases = PHRASES.get_or_init(|| RULES.iter().map(|(p, _, _)| *p).collect());
        Phrases::new(phrases.as_slice())
    })
}

/// The rule that decides for `lower`: the first strong row (in table order) that matches,
/// else the first weak one.
pub fn find(lower: &str) -> Option<(Reason, Weight)> {
    let mut strong: Option<usize> = None;
    let mut weak: Option<usize> = None;
    for i in matcher().matches(lower) {
        let slot = match RULES[i].2 {
            Weight::Strong => &mut strong,
            Weight::Weak => &mut weak,
        };
        if slot.is_none_or(|j| i < j) {
            *slot = Some(i);
        }
    }
    strong.or(weak).map(|i| (RULES[i].1, RULES[i].2))
}
