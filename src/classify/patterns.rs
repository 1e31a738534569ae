//! Text → reason: phrases that MTAs and mailbox providers put in their rejection texts.
//! Rows are in priority order (the first row that matches wins), grouped by reason.
//! A `Strong` phrase names its cause unambiguously and outranks the status code; a `Weak` one
//! only decides when the status code is missing or generic (RFC 3463 x.0.0, x.7.1, ...).
//! Phrases are lowercase; the text is lowercased once before matching.

use std::sync::OnceLock;

use super::rule::{Basis, Rule, Verdict};
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
pub const RULES: &[(&str, Reason, Weight, &str)] = &[
    // Header syntax (RFC 5322 §3.6: one From, at most one of several fields); before the
    // authentication rows, whose words (DKIM) such texts quote
    ("duplicate header", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    ("rfc 5322", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    ("rfc5322", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    ("rfc 2822", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    ("rfc2822", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    ("multiple addresses in from", NotCompliantRfc, Strong, "Gmail SMTP error reference"),
    // Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)
    ("does not have authentication information", AuthFailure, Strong, "Gmail SMTP error reference"),
    ("dmarc", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    ("spf check", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    ("spf fail", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    ("sender policy framework", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    ("dkim", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    ("unauthenticated email", AuthFailure, Strong, "Gmail 5.7.26"),
    ("unauthenticated senders", SecurityError, Strong, "SMTP AUTH required (RFC 4954)"),
    ("is not authorized to send", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    // Local delivery agents failing (Postfix/Sendmail hand-off to procmail)
    ("procmail:", MailerError, Strong, "Local delivery agents failing (Postfix/Sendmail hand-off to procmail)"),
    // Facebook RCP-P2: the recipient's own settings refuse the mail
    ("recipient preferences", Filtered, Strong, "Facebook RCP-P2: the recipient's own settings refuse the mail"),
    // DNS answers that are broken rather than negative
    ("malformed or unexpected name server reply", NetworkError, Strong, "Postfix smtpd/bounce wording"),
    ("host not found, try again", NetworkError, Strong, "Postfix: SERVFAIL, not NXDOMAIN"),
    ("name server timeout", NetworkError, Strong, "Sendmail 'Deferred: Name server timeout'"),
    ("host name lookup failure", NetworkError, Strong, "Sendmail wording"),
    // GoDaddy IB607: per-hour recipient limit of the sending IP
    ("sent to too many recipients", Speeding, Strong, "GoDaddy IB607: per-hour recipient limit of the sending IP"),
    // Held mailboxes
    ("on hold", OnHold, Strong, "Held mailboxes"),
    // cPanel's Exim: "The account or domain may not exist, they may be blacklisted, or missing
    // the proper dns entries" is sent when the domain does not resolve
    ("account or domain may not exist", HostUnknown, Strong, "cPanel's Exim: 'The account or domain may not exist, they may be blacklisted, or missing"),
    // Exchange Online directory-based edge blocking: the recipient is not in the directory
    ("recipient address rejected: access denied", UserUnknown, Strong, "Exchange Online directory-based edge blocking: the recipient is not in the directory"),
    // au (KDDI) answers DATA with an empty address when the recipient's filter refuses
    ("550 : user unknown", Filtered, Strong, "au (KDDI) answers DATA with an empty address when the recipient's filter refuses"),
    // Google Groups: the group does not exist or the sender may not post to it
    ("may not have permission to post", Rejected, Strong, "Google Groups: the group does not exist or the sender may not post to it"),
    ("'send mail as'", Rejected, Strong, "Gmail: the sender's alias settings are broken"),
    ("メッセージを投稿する権限がない", Rejected, Strong, "Google Groups: the group does not exist or the sender may not post to it"),
    ("groups.google.com/support", Rejected, Weak, "the same refusal in any language"),
    // Exim: RFC 7505 null MX
    ("indicated no smtp service", NotAccept, Strong, "Exim: RFC 7505 null MX"),
    // Reverse DNS of the sending host (Sisimai "requireptr")
    ("reverse dns", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("ip name lookup failed", RequirePtr, Strong, "Sendmail access check on the client's PTR"),
    ("reverse lookup", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("ptr record", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("no ptr", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("rdns", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("reverse mapping", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("cannot find your hostname", RequirePtr, Strong, "Postfix reject_unknown_client_hostname"),
    ("cannot find your reverse hostname", RequirePtr, Strong, "Postfix smtpd/bounce wording"),
    ("client host rejected: cannot find", RequirePtr, Strong, "Postfix smtpd/bounce wording"),
    ("have a reverse", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("no reverse", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("hostname does not match", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    ("unresolvable", RequirePtr, Weak, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    // Sender reputation
    ("reputation", BadReputation, Strong, "RFC 3463 X.7.1: refusal by the sending host's or domain's reputation"),
    ("user complaints", BadReputation, Strong, "Yahoo TSS04"),
    ("sender score", BadReputation, Strong, "RFC 3463 X.7.1: refusal by the sending host's or domain's reputation"),
    // Viruses
    ("virus", VirusDetected, Strong, "RFC 3463 X.7.1: the content carries malware"),
    // URI blocklists judge the content, not the sending host
    ("blacklisted url", SpamDetected, Strong, "URI blocklists judge the content, not the sending host"),
    ("uribl", SpamDetected, Strong, "URI blocklists judge the content, not the sending host"),
    ("malware", VirusDetected, Strong, "URI blocklists judge the content, not the sending host"),
    ("infected", VirusDetected, Strong, "URI blocklists judge the content, not the sending host"),
    // Relaying (RFC 5321 §3.6.2)
    ("relay access denied", NoRelaying, Strong, "Postfix smtpd/bounce wording"),
    ("relaying denied", NoRelaying, Strong, "Sendmail wording"),
    ("relay not permitted", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("not permitted to relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("unable to relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("relaying not allowed", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("relay denied", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("as a relay", NoRelaying, Strong, "RFC 5321 §3.6.2: 'you are trying to use me as a relay' (Exim, Sendmail wording)"),
    ("list of allowed rcpthosts", NoRelaying, Strong, "qmail-smtpd.c: 'sorry, that domain isn't in my list of allowed rcpthosts'"),
    ("we do not relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("relay not allowed", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    ("relaying mail to", NoRelaying, Weak, "Relaying (RFC 5321 §3.6.2)"),
    // Mailbox over quota
    ("mailbox full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailbox is full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailbox is over", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mail box full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailbox has exceeded", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailbox exceeded", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("inbox is full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("account is full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("quota exceeded", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("exceeded storage", MailboxFull, Strong, "Sendmail/Exchange 'exceeded storage allocation'"),
    ("over quota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("overquota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("over the quota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("exceeds quota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("exceed quota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("quota full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("quota violation", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailbox exceeds", MailboxFull, Strong, "IMail"),
    ("mailbox size limit", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("mailfolder is full", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("full mailbox", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("insufficient space", MailboxFull, Weak, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("storage quota", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("out of storage", MailboxFull, Strong, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    ("is full", MailboxFull, Weak, "RFC 3463 X.2.2 mailbox full, in MTAs' common wording"),
    // Message size
    ("message too big", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("message too large", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("message is too large", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("message is too big", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("message size exceeded", MesgTooBig, Strong, "RFC 1870 §6: 'message size exceeds fixed maximum message size'; the text names the cause"),
    ("message size exceeds", MesgTooBig, Weak, "X.2.3 (mailbox limit) or X.3.4 (system limit)"),
    ("exceeds size limit", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("exceeds the maximum size", MesgTooBig, Strong, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("maximum message size", MesgTooBig, Weak, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    ("size limit", MesgTooBig, Weak, "RFC 3463 X.3.4 / RFC 1870 message size, in MTAs' common wording"),
    // Disabled or suspended mailboxes
    ("account disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account has been disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account is disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("mailbox disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("mailbox is disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account suspended", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account has been suspended", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account is suspended", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("mailbox is inactive", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("mailbox is frozen", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("mailbox inactive", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("inactive account", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account is inactive", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account inactive", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    // before the expiry rows, whose "has expired" these contain
    ("account has expired", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled: an account past its end date"),
    ("account is expired", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled: an account past its end date"),
    ("administratively disabled", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account is locked", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("account is blocked", Suspend, Strong, "La Poste LPN007_426: the recipient's account"),
    ("has been deactivated", Suspend, Strong, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    ("is not active", Suspend, Weak, "RFC 3463 X.2.1 mailbox disabled, in MTAs' common wording"),
    // Moved addresses (RFC 3463 X.1.6)
    ("has moved", HasMoved, Strong, "Moved addresses (RFC 3463 X.1.6)"),
    ("address changed", HasMoved, Strong, "Moved addresses (RFC 3463 X.1.6)"),
    // Sender rejected (envelope sender or its domain)
    ("sender address rejected", Rejected, Strong, "Postfix smtpd/bounce wording"),
    ("sender rejected", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("sender verify failed", Rejected, Strong, "Exim wording (smtp transport, retry rules)"),
    ("domain of sender address", Rejected, Strong, "Sendmail wording"),
    ("sender domain", Rejected, Weak, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("invalid sender", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("sender denied", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("bad sender", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("sender is not allowed", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("mail from rejected", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    ("after mail from", Rejected, Weak, "Exim: refused at MAIL FROM, before any recipient"),
    // An address (not a host) on a blocklist: the sender is refused
    ("address that has been blacklisted", Rejected, Strong, "An address (not a host) on a blocklist: the sender is refused"),
    // Blocklists named after spam (before the spam rows, which their names contain)
    ("spamhaus", Blocked, Strong, "Blocklists named after spam (before the spam rows, which their names contain)"),
    ("spamcop", Blocked, Strong, "Blocklists named after spam (before the spam rows, which their names contain)"),
    // Spam judgement of the content
    ("spam", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    ("junk mail", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    ("unsolicited", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    ("bulk mail", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    // Policy
    // Mimecast SMTP error codes (Mimecast KB "Mimecast SMTP Error Codes"): the recipient
    // organisation's policies, before the generic rows whose words they contain
    ("host network not allowed", PolicyViolation, Strong, "Geographical Restriction policy"),
    ("anti-spoofing policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    ("content examination policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    ("policy violation", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    ("administrative prohibition", PolicyViolation, Strong, "Exim: the default message of an ACL 'deny' (spec: Access control lists)"),
    ("denied by policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    ("policy reasons", PolicyViolation, Strong, "Yahoo/AOL 5.7.9"),
    ("violates", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    ("violation of", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    ("prohibited", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    // Blocked sending host
    ("blacklist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("blocklist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("block list", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("black list", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("denylist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("dnsbl", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("rbl", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("listed in", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("listed at", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("banned", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("blocked", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("unfortunately, messages from", Blocked, Strong, "Outlook.com SC-00x refusals"),
    ("use the smtp server of your isp", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("refused to talk to me", Blocked, Strong, "Postfix: the greeting itself was a refusal"),
    // Exim "SMTP error from remote mail server after EHLO": refused before any sender or
    // recipient was named, so the connecting host itself (RFC 5321 §4.1.1.1)
    ("after ehlo", Blocked, Weak, "Exim 'SMTP error from remote mail server after EHLO': refused"),
    ("after helo", Blocked, Weak, "Exim 'SMTP error from remote mail server after EHLO': refused"),
    ("mismatches client ip", RequirePtr, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("please provide a valid from", Rejected, Strong, "GoDaddy IB506: the From domain"),
    ("my name was rejected", Blocked, Strong, "qmail: the HELO name was refused"),
    ("invalid ip for sending", Blocked, Strong, "Yahoo Sender Hub SMTP error codes"),
    ("dynamic ip", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("dynamic address", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("residential", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("client host rejected", Blocked, Strong, "Postfix check_client_access"),
    ("your ip", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("access denied", SecurityError, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    ("not allowed to send", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    // Connection and rate limits
    ("too many connections", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("too many recipients", TooManyConn, Strong, "session limits, Sisimai's toomanyconn"),
    ("too many simultaneous", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("too many concurrent", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("connection limit", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("too many sessions", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("receiving mail at a rate", Speeding, Strong, "Gmail SMTP error reference, 4.2.1: the recipient receives mail too fast"),
    ("rate limit", Speeding, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("too many messages", Speeding, Weak, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("sending rate", Speeding, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    ("throttl", Speeding, Weak, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    // Null MX and hosts that take no mail (RFC 7505)
    ("null mx", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    ("does not accept mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    // A recipient's system refusing mail with certain content or from this sender is a policy,
    // not a host that takes no mail
    ("not accepting mail with", PolicyViolation, Strong, "AOL: 'not accepting mail with attachments or embedded images'"),
    ("not accepting mail from", Rejected, Strong, "AOL: 'not accepting mail from <sender>'"),
    ("not accepting mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    ("accepts no mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    // Unknown host or domain
    ("host unknown", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("unknown host", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("host not found", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("domain not found", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("no such domain", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("domain does not exist", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("unrouteable mail domain", HostUnknown, Strong, "Exim wording (smtp transport, retry rules)"),
    ("unknown domain", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("name or service not known", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("host or domain name not found", HostUnknown, Strong, "Postfix smtpd/bounce wording"),
    ("illegal host/domain", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("no mx record", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("point to non-existent hosts", HostUnknown, Strong, "Exim: 'all relevant MX records point to non-existent hosts'"),
    ("no mx or a record", HostUnknown, Strong, "RFC 5321 §5.1: no MX and no address record, so no mail host"),
    ("no mx host", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    ("no mx for", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    ("no mx found", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    ("domain not reachable", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address (a 4xx answer is refined to networkerror)"),
    ("domain is not reachable", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address (a 4xx answer is refined to networkerror)"),
    ("dns lookup failure", HostUnknown, Strong, "DragonFly"),
    ("nxdomain", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("domain name not found", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    ("couldn't find any host", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address, in MTAs' common wording"),
    // Unknown recipient
    ("user unknown", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unknown user", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no such user", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no such mailbox", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no such recipient", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no such account", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no such person", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no valid recipients", UserUnknown, Strong, "Verizon MMS gateway"),
    ("no mailbox here", UserUnknown, Strong, "qmail wording (qmail-remote, qmail-send)"),
    // Address failures in the words of many MTAs: the recipient (user, account, mailbox,
    // address) is unknown, invalid, not found or absent (RFC 5321 §4.2.3 reply 550 "mailbox
    // unavailable", RFC 3463 X.1.1 "bad destination mailbox address")
    ("not a known user", UserUnknown, Strong, "Exim/Cyrus: '<addr> is not a known user'"),
    ("no mail box", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants: 'no mail box available for this user'"),
    ("mail-box not found", UserUnknown, Strong, "qmail badrcptto patch: 'badrcptto(user mail-box not found)'"),
    ("badrcptto", UserUnknown, Strong, "qmail badrcptto patch: the recipient is listed as nonexistent"),
    ("account not found", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("no such address", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("no such local user", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("unknown account", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("invalid user", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("invalid account", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("recipient invalid", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("mailbox invalid", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("user invalid", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("doesn't have an account", UserUnknown, Strong, "Yahoo: 'This user doesn't have a yahoo.com account'"),
    ("does not have an account", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("not listed in the directory", UserUnknown, Strong, "Exchange/Domino directory lookup: the recipient is not in the directory"),
    ("not listed in domino directory", UserUnknown, Strong, "Lotus Domino router: 'User ... not listed in Domino Directory'"),
    ("not listed in public name", UserUnknown, Strong, "Lotus Notes router: 'not listed in public Name & Address Book'"),
    ("unroutable address", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants (Exim spells it 'unrouteable')"),
    ("no longer valid", UserUnknown, Strong, "RFC 3463 X.1.6/X.1.1: an address that was valid and is not any more"),
    ("n'existe pas", UserUnknown, Strong, "French wording of 'does not exist' (Orange, La Poste, Free)"),
    ("no mailbox by that name", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants: 'no mailbox by that name is currently available'"),
    ("not a valid email address", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("not a valid recipient", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("not a valid user", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants"),
    ("unknown recipient", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("recipient unknown", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unknown mailbox", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unknown address", UserUnknown, Weak, "also Amazon SES's label for any 5.1.x"),
    ("address unknown", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("addressee unknown", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unknown local part", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("invalid recipient", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("invalid mailbox", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("invalid address", UserUnknown, Weak, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("not a valid mailbox", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("user not found", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("mailbox not found", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("recipient not found", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("recipientnotfound", UserUnknown, Strong, "Exchange RESOLVER.ADR.RecipNotFound"),
    ("recipnotfound", UserUnknown, Strong, "Exchange"),
    ("address not found", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("does not exist", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("doesn't exist", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("doesn't have a", UserUnknown, Weak, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unrouteable address", UserUnknown, Strong, "Exim wording (smtp transport, retry rules)"),
    ("user doesn't", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("not our customer", UserUnknown, Weak, "Sendmail 551 also for moved users (X.1.6)"),
    ("no account by that name", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("bad destination mailbox", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("unknown or illegal alias", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("user_unknown", UserUnknown, Strong, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("mailbox unavailable", UserUnknown, Weak, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    ("no longer", UserUnknown, Weak, "RFC 3463 X.1.1 / RFC 5321 §4.2.3 550: the mailbox does not exist, in MTAs' common wording"),
    // Recipient's own filter
    ("filtered", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    ("following recipients was rejected", Filtered, Weak, "EZweb domain filter"),
    ("refused by recipient", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    ("rejected by recipient", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    // TLS
    ("starttls", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    ("tls required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    ("tls is required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    ("encryption required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    // Security
    ("authentication required", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    ("smtp authentication", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    ("must authenticate", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    ("not authorized", SecurityError, Weak, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    ("unauthorized", SecurityError, Weak, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    // Format of the message (RFC 5322)
    ("rfc 822", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    ("rfc822 compliant", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    ("not compliant", NotCompliantRfc, Weak, "Format of the message (RFC 5322)"),
    ("multiple from", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    ("malformed address", SyntaxError, Strong, "Exim: a recipient address it cannot parse"),
    ("line limit exceeded", MesgTooBig, Strong, "Format of the message (RFC 5322)"),
    ("malformed", NotCompliantRfc, Weak, "Format of the message (RFC 5322)"),
    // Content
    ("content rejected", SpamDetected, Strong, "RFC 3463 X.6.x / X.7.1 message content refused"),
    ("message content", ContentError, Weak, "RFC 3463 X.6.x / X.7.1 message content refused"),
    // Local delivery programs
    ("mailer error", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("x-unix", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("unknown mailer", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("command died", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("command failed", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("procmail", MailerError, Weak, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    ("exit code", MailerError, Weak, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    // Protocol
    ("syntax error", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    ("improper sequence", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    ("bad sequence of commands", SyntaxError, Weak, "RFC 5321 §4.2.3 reply 503"),
    ("command unrecognized", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    ("unrecognized command", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    // Receiving system
    ("insufficient system storage", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("insufficient disk space", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("system full", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("disk full", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("no space left", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("out of disk", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    ("could not load drd", SystemError, Strong, "McAfee MXLogic: its domain routing data failed to load"),
    ("system error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    ("service currently unavailable", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    ("internal error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    ("server error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    ("local error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    ("configuration error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    // Expiry of queued mail
    ("greylist", Expired, Strong, "RFC 6647 §2.1: greylisting defers with a temporary failure; final only when the queue gave up"),
    ("retry timeout exceeded", Expired, Strong, "Exim wording (smtp transport, retry rules)"),
    // A timeout in a final report: every retry timed out until the queue lifetime ran out
    ("connection timed out", Expired, Strong, "A timeout in a final report: every retry timed out until the queue lifetime ran out"),
    ("timed out", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("not reachable", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("attempts:", Expired, Weak, "IMail 'Delivery failed 20 attempts'"),
    ("all hosts have been failing", Expired, Strong, "Exim wording (smtp transport, retry rules)"),
    ("envelope expired", Expired, Strong, "OpenSMTPD"),
    ("in the queue too long", Expired, Weak, "qmail; its '(#4.x.y)' says more"),
    ("was aborted after", Expired, Strong, "'delivery ... was aborted after 5.0 hour(s)'"),
    ("was not delivered within", Expired, Strong, "EZweb"),
    ("did not accept our requests to connect", Expired, Strong, "Gmail, after days of retries"),
    ("delivery time expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("message expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("has expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("too long in the queue", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("could not be delivered for", Expired, Strong, "Sendmail 'could not be delivered for 5 days'"),
    ("gave up", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("giving up", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    ("retry time not reached", Expired, Weak, "Exim wording (smtp transport, retry rules)"),
    // Network
    ("wasn't able to establish an smtp connection", NetworkError, Strong, "qmail wording (qmail-remote, qmail-send)"),
    ("connection refused", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("no route to host", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    ("network is unreachable", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    ("lost connection", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("connection reset", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("could not connect", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("unable to connect", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("too many hops", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    ("service refused", Blocked, Strong, "Orange / La Poste refusing the sending host"),
    ("not accepting connections", Blocked, Weak, "a greeting that turns the client away"),
    ("mail loop", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    ("loops back to myself", NetworkError, Strong, "Sendmail wording"),
    ("routing loop", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    ("dns error", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    ("temporary failure", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
];

/// The phrases of `RULES`, in the same order, for the automaton.
static PHRASES: OnceLock<Vec<&'static str>> = OnceLock::new();
static MATCHER: OnceLock<Phrases> = OnceLock::new();

fn matcher() -> &'static Phrases {
    MATCHER.get_or_init(|| {
        let phrases = PHRASES.get_or_init(|| RULES.iter().map(|(p, _, _, _)| *p).collect());
        Phrases::new(phrases.as_slice())
    })
}

/// The rule that decides for `lower`: the first strong row (in table order) that matches,
/// else the first weak one. `basis` says whose words `lower` is (diagnostic or prose).
pub fn find(lower: &str, basis: Basis) -> Option<(Verdict, Weight)> {
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
    strong.or(weak).map(|i| {
        let (phrase, reason, weight, source) = RULES[i];
        (
            Verdict::new(reason, Rule::new(basis, phrase, source)),
            weight,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_its_source_and_matches_itself() {
        for (phrase, reason, _, source) in RULES {
            assert!(!source.is_empty(), "{phrase}: no source");
            assert_eq!(
                phrase.to_lowercase(),
                *phrase,
                "{phrase}: phrases are lowercase"
            );
            // the automaton finds every phrase of the table
            assert!(
                find(phrase, Basis::Diagnostic).is_some(),
                "{phrase} ({reason:?})"
            );
        }
    }
}
