//! Text → reason: phrases that MTAs and mailbox providers put in their rejection texts.
//! Rows are in priority order (the first row that matches wins), grouped by reason.
//! A `Strong` phrase names its cause unambiguously and outranks the status code; a `Weak` one
//! only decides when the status code is missing or generic (RFC 3463 x.0.0, x.7.1, ...).
//! Phrases are lowercase; the text is lowercased once before matching.
//!
//! Most ways of saying "the mailbox does not exist" (or is full, disabled, too small for the
//! message; the host does not exist) are `Many` rows, families of a noun and a predicate
//! (`families`), so that a wording no MTA of the development corpus used is still read.
//!
//! A match is evidence only where its context (`context`) says it is the recipient's: the
//! sender's, the client's or a header's failure is their refusal, a thing's is none.

use std::sync::OnceLock;

use super::context::{
    about_a_thing, an_alternative_to_a_refusal, clause_of, ends_inside_a_word, family_party,
    for_a_time, hedged, is_predicate, noun_names, object_of_preposition, of_a_class,
    party_before_name, party_in_clause, placed_in, said_of_a_host, sender_name_on_line,
    subject_of_relative_clause, Whose,
};
use super::families::{
    Family, BAD_CLIENT, BAD_SENDER, CLOSED, DELETED, DISABLED, MAILBOX_FULL, MAILBOX_LIMIT, MOVED,
    NO_HOST, NO_MAILBOX, QUOTA, TOO_BIG,
};
use super::localized;
use super::named::{self, Named};
use super::rule::{Basis, Rule, Verdict};
use crate::report::phrases::Phrases;
use crate::taxonomy::Reason;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Strong,
    Weak,
}

use Reason::*;
use Row::{Languages, Many, OfNames, One};
use Weight::*;

/// A row of the table: one phrase, or a family of them.
pub enum Row {
    /// Phrase, reason, weight, source.
    One(&'static str, Reason, Weight, &'static str),
    Many(&'static Family),
    /// A family's predicates said of a name ("<a@b> is disabled", "mailbox <a@b> is full",
    /// "<a@b> not found"): weak evidence of the family's reason, and only where the
    /// recipient's address (or, for an address failure, its domain) stands right before the
    /// predicate, the address standing for the family's noun, or where the family's noun and
    /// a relative clause do ("the mailbox you tried to reach is disabled"). Said of anything
    /// else they say nothing of the recipient (a server "has moved" too).
    OfNames(&'static Family),
    /// The same fact's family in each of several languages (`localized`).
    Languages(&'static [Family]),
}

#[rustfmt::skip]
pub const RULES: &[Row] = &[
    // DMARC identifier alignment (RFC 7489 §3.1): the From domain is not the one SPF or DKIM
    // authenticated; before the header-syntax rows, since such texts name the From field's RFC
    One("not aligned with", AuthFailure, Strong, "RFC 7489 §3.1 identifier alignment (Gmail 5.7.32: 'From: header (RFC5322) ... isn't aligned with either the authenticated SPF or DKIM')"),
    One("isn't aligned with", AuthFailure, Strong, "RFC 7489 §3.1 identifier alignment (Gmail 5.7.32: 'From: header (RFC5322) ... isn't aligned with either the authenticated SPF or DKIM')"),
    // Header syntax (RFC 5322 §3.6: one From, at most one of several fields); before the
    // authentication rows, whose words (DKIM) such texts quote
    One("duplicate header", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    One("rfc 5322", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    One("rfc5322", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    One("rfc 2822", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    One("rfc2822", NotCompliantRfc, Strong, "Header syntax (RFC 5322 §3.6: one From, at most one of several fields)"),
    One("multiple addresses in from", NotCompliantRfc, Strong, "Gmail SMTP error reference"),
    One("no valid sender in any header line", Rejected, Strong, "Exim's verify = header_sender refusal ('There is no valid sender in any header line'): the message's sender addresses, not the recipient's"),
    One("header syntax", NotCompliantRfc, Strong, "Exim's verify = header_syntax refusal ('Header syntax: missing > in address …'): a header field that breaks RFC 5322 §3.4's address syntax"),
    One("lines too long", NotCompliantRfc, Strong, "RFC 5322 §2.1.1: a line is at most 998 characters; Exim's 'message has lines too long for transport' (message_linelength_limit)"),
    // Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)
    One("does not have authentication information", AuthFailure, Strong, "Gmail SMTP error reference"),
    One("sender id (pra)", AuthFailure, Strong, "RFC 4406 Sender ID: the purported responsible address (RFC 4407) failed its SPF-style check (Exchange's '5.7.1 Sender ID (PRA) Not Permitted')"),
    One("dmarc", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    One("spf check", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    One("spf fail", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    One("sender policy framework", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    One("dkim", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    One("unauthenticated email", AuthFailure, Strong, "Gmail 5.7.26"),
    One("unauthenticated senders", SecurityError, Strong, "SMTP AUTH required (RFC 4954)"),
    One("is not authorized to send", AuthFailure, Strong, "Authentication of the sender's domain (RFC 7208 SPF, RFC 6376 DKIM, RFC 7489 DMARC)"),
    // SMTP AUTH refused (RFC 4954 §6): the sending client's login, whatever user name it
    // gives; before the address rows, since no recipient is spoken of
    One("authentication failed", SecurityError, Strong, "RFC 4954 §6: 535 5.7.8, the sending client's login was refused; nothing is said of a recipient"),
    One("authentication unsuccessful", SecurityError, Strong, "Microsoft 365 NDR 5.7.139 / 5.7.3: 'Authentication unsuccessful', the sending client's login"),
    // Local delivery agents failing (Postfix/Sendmail hand-off to procmail)
    One("child process of", MailerError, Strong, "Exim's pipe transport: 'Child process of address_pipe transport returned 69', a local delivery program failed"),
    One("pipe to |", MailerError, Strong, "Exim's report of a pipe delivery ('pipe to |/path generated by <addr> local delivery failed'): the local program failed, whatever it printed"),
    One("procmail:", MailerError, Strong, "Local delivery agents failing (Postfix/Sendmail hand-off to procmail)"),
    // Facebook's response codes name the cause; the words after a code are its family's
    // ("Refused due to recipient preferences" follows RCP-P1 too), so the code comes first
    One("rcp-p1", UserUnknown, Strong, "Facebook's response codes (postmaster.facebook.com/response_codes): RCP-P1, 'the attempted recipient address does not exist'"),
    One("recipient preferences", Filtered, Strong, "Facebook RCP-P2: the recipient's own settings refuse the mail"),
    // DNS answers that are broken rather than negative
    One("malformed or unexpected name server reply", NetworkError, Strong, "Postfix smtpd/bounce wording"),
    One("host not found, try again", NetworkError, Strong, "Postfix: SERVFAIL, not NXDOMAIN"),
    One("name server timeout", NetworkError, Strong, "Sendmail 'Deferred: Name server timeout'"),
    One("host name lookup failure", NetworkError, Strong, "Sendmail wording"),
    // GoDaddy IB607: per-hour recipient limit of the sending IP
    One("sent to too many recipients", Speeding, Strong, "GoDaddy IB607: per-hour recipient limit of the sending IP"),
    // Held mailboxes
    One("on hold", OnHold, Strong, "Held mailboxes"),
    // The sending service's own suppression list held the message back: whatever status it
    // echoes, no server refused the address now, and the list is kept for bounces and
    // complaints alike; before the address rows, whose words ("5.1.1") it may carry
    One("on the suppression list", OnHold, Strong, SUPPRESSED),
    One("recipient address suppressed", OnHold, Strong, SUPPRESSED),
    // au (KDDI) answers DATA with an empty address when the recipient's filter refuses
    One("550 : user unknown", Filtered, Strong, "au (KDDI) answers DATA with an empty address when the recipient's filter refuses"),
    // Google Groups: the group does not exist or the sender may not post to it; a group or
    // list that says the sender has no permission to post refuses the sender, whatever
    // alternative it names beside it ("Group does not exist, or you do not have permission")
    One("not have permission to post", Rejected, Strong, "Google Groups ('the group you tried to contact may not exist, or you may not have permission to post'): a sender without permission to post is refused"),
    One("rejected by the list moderator", Rejected, Strong, "GNU Mailman 2's notice that the list refused a posting (the refuse template)"),
    One("not authorized to send mail to the", Rejected, Strong, "L-Soft LISTSERV's notice that the list refused a posting"),
    One("not allowed to post to this mailing list", Rejected, Strong, "GNU Mailman 2's automatic rejection of a non-member's posting (Moderate.py)"),
    One("mailing-list was rejected for the following", Rejected, Strong, "GNU Mailman 3's notice that the list refused a posting"),
    One("not a member of this mailing list", Rejected, Strong, MEMBERS_ONLY),
    One("not a member of the mailing list", Rejected, Strong, MEMBERS_ONLY),
    One("メンバー以外からの投稿", Rejected, Strong, MEMBERS_ONLY), // Japanese: "postings from non-members"
    One("メンバーとして登録されていない", Rejected, Strong, MEMBERS_ONLY), // Japanese: "not registered as a member"
    One("'send mail as'", Rejected, Strong, "Gmail: the sender's alias settings are broken"),
    One("メッセージを投稿する権限がない", Rejected, Strong, "Google Groups: the group does not exist or the sender may not post to it"),
    One("groups.google.com/support", Rejected, Weak, "the same refusal in any language"),
    // A content filter's score is its verdict: the tests it lists (SpamAssassin's RDNS_NONE,
    // URIBL_BLACK) are its inputs, so before the rows their names contain
    One(":blocked)", SpamDetected, Strong, "Barracuda Email Security Gateway: '550 permanent failure for one or more recipients (<addr>:blocked)', its answer after DATA to a message its spam scoring or content rules blocked (the sending host was let in)"),
    One("spam score", SpamDetected, Strong, "A content filter's verdict: SpamAssassin's 'X-Spam-Status: Yes, score=… required=…' (its tests are inputs, not causes)"),
    // Relaying (RFC 5321 §3.6.2). Before the reverse-DNS rows: a relay refusal may say why the
    // client was not trusted to relay (Sendmail's check_rcpt, cf/m4/proto.m4: 'Relaying denied.
    // IP name lookup failed [ip]'), while the refusal is that the host takes no mail for the domain
    One("relay access denied", NoRelaying, Strong, "Postfix smtpd/bounce wording"),
    One("relaying denied", NoRelaying, Strong, "Sendmail wording"),
    One("relay rejected", NoRelaying, Strong, "HCL (IBM) Domino SMTP: '554 Relay rejected for policy reasons.', its relay restrictions refused a recipient outside its domains"),
    One("relay not permitted", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("not permitted to relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("unable to relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("relaying not allowed", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("relay denied", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("relaying disallowed", NoRelaying, Strong, "Zoho Mail's '553 Relaying disallowed': the domain is not hosted, or not set up, there (RFC 5321 §3.6.2)"),
    One("as a relay", NoRelaying, Strong, "RFC 5321 §3.6.2: 'you are trying to use me as a relay' (Exim, Sendmail wording)"),
    One("list of allowed rcpthosts", NoRelaying, Strong, "qmail-smtpd.c: 'sorry, that domain isn't in my list of allowed rcpthosts'"),
    One("we do not relay", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("relay not allowed", NoRelaying, Strong, "Relaying (RFC 5321 §3.6.2)"),
    One("relaying mail to", NoRelaying, Weak, "Relaying (RFC 5321 §3.6.2)"),
    One("invalid credentials for relay", NoRelaying, Strong, "Gmail SMTP error reference, 5.7.1: 'Invalid credentials for relay', the sender's own SMTP relay service setup refused it"),
    // Reverse DNS of the sending host (Sisimai "requireptr")
    One("reverse dns", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("ip name lookup failed", RequirePtr, Strong, "Sendmail access check on the client's PTR"),
    One("reverse lookup", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("ptr record", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("ptr resource record", RequirePtr, Strong, "GMX/WEB.DE/IONOS postmaster error messages: '550-Requested action not taken: mailbox unavailable 550 invalid DNS PTR resource record, IP=…', the last line decides: the sending IP's reverse DNS"),
    One("no ptr", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("ptr lookup", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1): a receiver looks up the PTR of the connecting client's address only"),
    One("rdns", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("reverse mapping", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("cannot find your hostname", RequirePtr, Strong, "Postfix reject_unknown_client_hostname"),
    One("cannot find your reverse hostname", RequirePtr, Strong, "Postfix smtpd/bounce wording"),
    One("client host rejected: cannot find", RequirePtr, Strong, "Postfix smtpd/bounce wording"),
    One("have a reverse", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("no reverse", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("hostname does not match", RequirePtr, Strong, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    One("unresolvable rfc.5321 from domain", Rejected, Strong, "Yahoo Sender Hub SMTP error codes, 451: the envelope sender's domain does not resolve"),
    One("unresolvable", RequirePtr, Weak, "Reverse DNS of the sending host (RFC 1912 §2.1)"),
    // Postfix's default rbl_reply_maps text (postconf(5) default_rbl_reply): "$rbl_class
    // [$rbl_what] blocked using $rbl_domain; $rbl_reason", where the reason is the list's own
    // TXT record ("Currently Sending Spam"), not a judgement of this message. The bracket
    // closes the listed name; "553 Blocked using spam pattern" is a content filter's. Before the
    // reputation and spam rows: a list named for either ("Barracuda Reputation") is still a list
    One("] blocked using", Blocked, Strong, "Postfix postconf(5) default_rbl_reply: '$rbl_class [$rbl_what] blocked using $rbl_domain${rbl_reason?; $rbl_reason}'"),
    // Sender reputation
    One("reputation", BadReputation, Strong, "RFC 3463 X.7.1: refusal by the sending host's or domain's reputation"),
    One("user complaints", BadReputation, Strong, "Yahoo TSS04"),
    One("sender score", BadReputation, Strong, "RFC 3463 X.7.1: refusal by the sending host's or domain's reputation"),
    // Viruses
    One("virus", VirusDetected, Strong, "RFC 3463 X.7.1: the content carries malware"),
    // URI blocklists judge the content, not the sending host
    One("blacklisted url", SpamDetected, Strong, "URI blocklists judge the content, not the sending host"),
    One("uribl", SpamDetected, Strong, "URI blocklists judge the content, not the sending host"),
    One("surbl", SpamDetected, Strong, "URI blocklists judge the content, not the sending host (SURBL: lists of domains named in spam bodies)"),
    One("malware", VirusDetected, Strong, "RFC 3463 X.7.1: the content carries malware"),
    One("potential security issue", VirusDetected, Strong, "Gmail SMTP error reference, 552 5.7.0: 'This message was blocked because its content presents a potential security issue', an attachment or link judged malicious"),
    One("infected", VirusDetected, Strong, "RFC 3463 X.7.1: the content carries malware"),
    One("trojan", VirusDetected, Strong, "RFC 3463 X.7.1: the content carries malware; scanners name what they found by its kind ('Troj/…', 'TrojanDownloader:…')"),
    // Mailbox over quota
    Many(&MAILBOX_FULL),
    OfNames(&MAILBOX_FULL),
    Many(&MAILBOX_LIMIT),
    OfNames(&MAILBOX_LIMIT),
    Many(&QUOTA),
    // a limit of the recipient's, not the system's: Exchange's RESOLVER.RST.RecipSizeLimit
    // ("message too large for this recipient"; its organisation-wide SendSizeLimit.Org is the
    // system's). Gmail and Sendmail give their system limits under 5.2.3 too, so the status
    // alone does not tell.
    One("recipsizelimit", ExceedLimit, Strong, RECIPIENT_SIZE_LIMIT),
    One("too large for this recipient", ExceedLimit, Strong, RECIPIENT_SIZE_LIMIT),
    // a list address that names no list is an address that does not exist (RFC 3463 X.1.1):
    // LISTSERV's "Unknown list name", Mailman's "No such list"
    One("unknown list name", UserUnknown, Strong, "RFC 3463 X.1.1 said of a mailing list's address: LISTSERV's 'Unknown list name \"X\"', the list does not exist"),
    One("no such list", UserUnknown, Strong, "RFC 3463 X.1.1 said of a mailing list's address: Mailman's 'No such list: <address>', the list does not exist"),
    One("submissionquotaexceeded", Speeding, Strong, "Exchange Online's '5.2.2 STOREDRV.Submission.Exception:SubmissionQuotaExceededException': the sending mailbox went over its sending limit (Microsoft's NDR 5.2.2 documentation), no recipient's quota"),
    One("quotaexceeded", MailboxFull, Strong, "Exchange's 'STOREDRV.Deliver.Exception:QuotaExceededException': the recipient's mailbox is over its quota"),
    One("do not have enough space for storing", MailboxFull, Strong, "Apache James's IsOverQuota bounce: 'The following recipients do not have enough space for storing the email you sent them', the recipients' mailboxes over their quota (RFC 3463 X.2.2)"),
    One("quota exceeded", MailboxFull, Strong, "Dovecot's quota_exceeded_message 'Quota exceeded (mailbox for user is full)'; strerror(EDQUOT) 'Disk quota exceeded'"),
    One("error writing message: file too large", MailboxFull, Strong, "Postfix local(8) enforces mailbox_size_limit (postconf(5)) as the file size limit: the write fails with EFBIG 'File too large'"),
    One("exceeded storage", MailboxFull, Strong, "RFC 5321 §4.2.2: '552 Requested mail action aborted: exceeded storage allocation'"),
    One("over quota", MailboxFull, Strong, "Gmail SMTP error reference, 4.2.2 and 5.2.2: 'The email account that you tried to reach is over quota'"),
    One("mailbox exceeds", MailboxFull, Strong, "IMail"),
    One("diskspace quota", MailboxFull, Strong, "vpopmail's vdelivermail: 'Sorry, the user's maildir has overdrawn his diskspace quota, please try again later.'"),
    // Message size
    Many(&TOO_BIG),
    One("message size exceeded", MesgTooBig, Strong, "RFC 1870 §6: 'message size exceeds fixed maximum message size'; the text names the cause"),
    // with or without the figures between ("message size 14.29 MB exceeds the limit")
    One("mail size", MesgTooBig, Weak, "RFC 1870 §6: a refusal that cites the mail's size ('exceeds the limit of the mail size'), X.2.3 or X.3.4"),
    One("message size", MesgTooBig, Weak, "RFC 1870 §6: a refusal that cites the message's size ('552 message size exceeds fixed maximum message size'), X.2.3 (mailbox limit) or X.3.4 (system limit)"),
    One("maximum message size", MesgTooBig, Weak, "RFC 1870 §6.1: '552 message size exceeds fixed maximum message size'"),
    One("size limit", MesgTooBig, Weak, "Gmail SMTP error reference, 5.3.4: 'Your message exceeded Google's message size limits'"),
    // Disabled or suspended mailboxes; before the expiry rows, whose "has expired" an
    // expired account contains
    Many(&CLOSED),
    OfNames(&CLOSED),
    Many(&DELETED),
    OfNames(&DELETED),
    Many(&DISABLED),
    OfNames(&DISABLED),
    One("account that you tried to reach is disabled", Suspend, Strong, "Gmail SMTP error reference, 5.2.1: 'The email account that you tried to reach is disabled'"),
    // Sender rejected (envelope sender or its domain); before every address-failure row
    One("sender address rejected", Rejected, Strong, "Postfix smtpd/bounce wording"),
    One("sender rejected", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    One("sender verify failed", Rejected, Strong, "Exim wording (smtp transport, retry rules)"),
    One("sender verification", Rejected, Strong, "Sender address verification (Postfix reject_unverified_sender, Exim verify = sender): the receiver probed the envelope sender's address, so what failed is the sender's"),
    One("verification of sender", Rejected, Strong, "Sender address verification (Postfix reject_unverified_sender, Exim verify = sender): the receiver probed the envelope sender's address, so what failed is the sender's"),
    One("domain of sender address", Rejected, Strong, "Sendmail wording"),
    One("invalid dns mx or a/aaaa resource record", Rejected, Strong, "GMX/WEB.DE postmaster error messages: the last line of their multi-line reply decides; a record the recipient's own MX finds invalid is the sender's domain's (under '550-Requested action not taken: mailbox unavailable')"),
    One("sender domain", Rejected, Weak, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    Many(&BAD_SENDER),
    One("sender denied", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    One("bad sender", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    One("sender is not allowed", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    One("mail from rejected", Rejected, Strong, "RFC 3463 X.1.7 / X.1.8 / X.7.1: the envelope sender or its domain refused"),
    One("after mail from", Rejected, Weak, "Exim: refused at MAIL FROM, before any recipient"),
    // Address failures below the sender's refusals: where a text refuses the sender
    // ("Verification failed for <sender@…> … Sender verify failed"), its address wording is the
    // sender's; the cPanel row before the blocklist rows, whose "blacklisted" it contains
    // cPanel's Exim: "The account or domain may not exist, they may be blacklisted, or missing
    // the proper dns entries" is sent when the domain does not resolve
    One("account or domain may not exist", HostUnknown, Strong, "cPanel's Exim: 'The account or domain may not exist, they may be blacklisted, or missing"),
    // Exim: RFC 7505 null MX
    One("indicated no smtp service", NotAccept, Strong, "Exim: RFC 7505 null MX"),
    // Moved addresses (RFC 3463 X.1.6)
    Many(&MOVED),
    OfNames(&MOVED),
    One("address changed", HasMoved, Strong, "Moved addresses (RFC 3463 X.1.6)"),
    // a refusal saying the person left the organization: the address was theirs and takes
    // no mail now, whatever rule (an Exchange transport rule's 5.7.1, an Exim :fail:) refused
    One("no longer works at", HasMoved, Strong, LEFT),
    One("no longer works for", HasMoved, Strong, LEFT),
    One("no longer works here", HasMoved, Strong, LEFT),
    One("no longer employed", HasMoved, Strong, LEFT),
    One("is no longer with ", HasMoved, Strong, LEFT),
    One("has left the company", HasMoved, Strong, LEFT),
    One("has left the organization", HasMoved, Strong, LEFT),
    One("has left the organisation", HasMoved, Strong, LEFT),
    // An address (not a host) on a blocklist: the sender is refused
    One("address that has been blacklisted", Rejected, Strong, "An address (not a host) on a blocklist: the sender is refused"),
    // Blocklists named after spam (before the spam rows, which their names contain)
    One("spamhaus", Blocked, Strong, "Blocklists named after spam (before the spam rows, which their names contain)"),
    One("spamcop", Blocked, Strong, "Blocklists named after spam (before the spam rows, which their names contain)"),
    // Gmail SMTP error reference, 4.7.0/5.7.1: a rate of unsolicited mail "originating from your
    // IP address" judges the sending host, not this message; before the spam rows
    One("unsolicited mail originating from your ip", Blocked, Strong, "Gmail SMTP error reference, 4.7.0 and 5.7.1: 'Our system has detected an unusual rate of unsolicited mail originating from your IP address'"),
    // A list of spam sources is a DNS blocklist (RFC 5782 §1): listed there is the sending host,
    // and "spam" names the list, not this message; so does "anti-spam" a refusal of the client
    // host itself (Postfix's check_client_access "Client host [ip]", before the spam rows)
    One("spam block list", Blocked, Strong, "RFC 5782 §1: DNS blocklists list hosts that send spam; being listed refuses the host"),
    One("spam blocklist", Blocked, Strong, "RFC 5782 §1: DNS blocklists list hosts that send spam; being listed refuses the host"),
    One("spam blacklist", Blocked, Strong, "RFC 5782 §1: DNS blocklists list hosts that send spam; being listed refuses the host"),
    One("dnsbl", Blocked, Strong, "RFC 5782: a DNS blocklist lists the sending host; the name says so, whatever filter (an 'anti-spam system') consulted it"),
    One("rbl", Blocked, Strong, "RFC 5782: a DNS blocklist lists the sending host; the name says so, whatever filter (an 'anti-spam system') consulted it"),
    One("client host [", Blocked, Strong, "Postfix smtpd_check.c: 'Client host [ip] ...' names the connecting host as what a client restriction refused"),
    // Spam judgement of the content
    One("spam", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    One("junk mail", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    One("unsolicited", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    One("bulk mail", SpamDetected, Strong, "RFC 3463 X.7.1: the content judged spam by the receiving filter"),
    One("mail content denied", SpamDetected, Strong, "Tencent QQ Mail's error codes: 'Mail content denied', the content judged spam"),
    One("refused by aisp", SpamDetected, Strong, "China Mobile 139.com: '553 Mail data refused by AISP, rule [n]', its anti-spam system refused the content"),
    // Policy
    // Mimecast SMTP error codes (Mimecast KB "Mimecast SMTP Error Codes"): the recipient
    // organisation's policies, before the generic rows whose words they contain
    One("host network not allowed", PolicyViolation, Strong, "Geographical Restriction policy"),
    One("anti-spoofing policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    One("content examination policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    One("policy violation", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    One("administrative prohibition", PolicyViolation, Strong, "Exim: the default message of an ACL 'deny' (spec: Access control lists)"),
    One("policy rejection", PolicyViolation, Strong, "RFC 5321 §4.2.2: 550 covers a 'command rejected for policy reasons'; a refusal that calls itself one names a policy, not a missing address, whatever status it carries"),
    One("denied by policy", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status"),
    One("policy reasons", PolicyViolation, Strong, "Yahoo/AOL 5.7.9"),
    One("violates", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    One("violation of", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    One("prohibited", PolicyViolation, Weak, "RFC 3463 X.7.x security or policy status"),
    One("policy", PolicyViolation, Weak, "RFC 5321 §4.2.2: 550 'mailbox unavailable' covers a 'command rejected for policy reasons'; RFC 3463 X.7.x"),
    One("policies", PolicyViolation, Weak, "RFC 5321 §4.2.2 and RFC 3463 X.7.x, in the plural: 'rejected due to security policies'"),
    One("richtlinie", PolicyViolation, Weak, "RFC 5321 §4.2.2 and RFC 3463 X.7.x 'policy', in German: 'verstößt gegen die E-Mail-Richtlinien des Empfängers' (violates the recipient's mail policies)"),
    // A refused kind of attachment is the receiver's content policy, not a verdict on the
    // sending host: before the blocked-host rows, so "blocked attachment type" is no blocklist
    One("attachment type", PolicyViolation, Strong, ATTACHMENT),
    One("blocked attachment", PolicyViolation, Strong, ATTACHMENT),
    One("attachment filter", PolicyViolation, Strong, ATTACHMENT),
    One("attachment not allowed", PolicyViolation, Strong, ATTACHMENT),
    One("attachments not allowed", PolicyViolation, Strong, ATTACHMENT),
    One("attachments are not allowed", PolicyViolation, Strong, ATTACHMENT),
    One("file type", PolicyViolation, Strong, ATTACHMENT),
    One("file extension", PolicyViolation, Strong, ATTACHMENT),
    One("gesperrten anhang", PolicyViolation, Strong, ATTACHMENT), // German: "a blocked attachment (type)"
    One("gesperrter anhang", PolicyViolation, Strong, ATTACHMENT), // German
    One("gesperrten dateityp", PolicyViolation, Strong, ATTACHMENT), // German: "a blocked file type"
    One("gesperrte dateityp", PolicyViolation, Strong, ATTACHMENT), // German, plural
    One("gesperrten inhalt", PolicyViolation, Weak, ATTACHMENT), // German: "blocked content"
    One("unzulässiger dateianhang", PolicyViolation, Strong, ATTACHMENT), // German: "an inadmissible attachment"
    One("unzulässiger anhang", PolicyViolation, Strong, ATTACHMENT), // German
    One("content monitoring gateway", PolicyViolation, Weak, "MailMarshal's own notice: 'MailMarshal (an automated content monitoring gateway) has stopped the following e-mail', a message its organisation's content rules held; a more specific cause in the notice (spam, virus) wins"),
    // AOL's own codes, in parentheses before its reply text ("554- (RLY:B1)  http://postmaster.info.aol.com/errors/554rlyb1.html"):
    // the code names the cause where the words are generic ("554 TRANSACTION FAILED")
    One("rly:b1", Blocked, Strong, AOL_CODES),
    One("rly:b2", Blocked, Strong, AOL_CODES),
    One("rly:b3", Blocked, Strong, AOL_CODES),
    One("rtr:bb", Blocked, Strong, AOL_CODES),
    One("rtr:bl", Blocked, Strong, AOL_CODES),
    One("hvu:b1", Blocked, Strong, AOL_CODES),
    One("rtr:du", Blocked, Strong, AOL_CODES),
    One("dyn:t1", Blocked, Strong, AOL_CODES),
    One("dns:nr", RequirePtr, Strong, AOL_CODES),
    // the person's own block of a sender and the lists they keep, before the host's lists and
    // blocks: their settings refuse us (their own filter)
    One("filter setting", Filtered, Strong, BLOCKED_BY_PERSON),
    One("blocked by recipient", Filtered, Strong, BLOCKED_BY_PERSON),
    One("recipient has blocked", Filtered, Strong, BLOCKED_BY_PERSON),
    One("blocked by the recipient", Filtered, Strong, BLOCKED_BY_PERSON),
    One("reception setting", Filtered, Strong, "Japanese carriers' per-subscriber reception settings (docomo, au, SoftBank: the subscriber's own domain and address designation, 受信拒否設定), set by the person"),
    One("personal filter", Filtered, Strong, BLOCKED_BY_PERSON),
    One("blocked by user", Filtered, Strong, BLOCKED_BY_PERSON),
    One("blocked by the user", Filtered, Strong, BLOCKED_BY_PERSON),
    One("user filter", Filtered, Strong, "a filter of the user's, not the host's: mail servers' per-account rules ('Rejected by user filter (Blocked senders)')"),
    One("blocked senders list", Filtered, Strong, "Outlook and Exchange junk e-mail settings: the Blocked Senders list is a mailbox's own, kept by its owner (the organisation's is the Tenant Allow/Block List)"),
    One("blocked - user entry", Filtered, Strong, MIMECAST_USER_ENTRY),
    One("blocked – user entry", Filtered, Strong, MIMECAST_USER_ENTRY),
    One("external senders", Filtered, Strong, "a group or mailbox set to take mail from its own organisation only refuses outside senders by its own setting, whatever code it answers with (Microsoft 365 groups' 'RequireSenderAuthenticationEnabled', internal distribution lists)"),
    One("personal blacklist", Filtered, Strong, BLOCKED_BY_PERSON),
    One("personal block list", Filtered, Strong, BLOCKED_BY_PERSON),
    One("recipient's blacklist", Filtered, Strong, BLOCKED_BY_PERSON),
    One("recipient's block list", Filtered, Strong, BLOCKED_BY_PERSON),
    One("user in blacklist", Filtered, Strong, "Coremail's documented refusal 'User in blacklist': the sender is on the recipient user's own blacklist"),
    // Blocked sending host
    One("blacklist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("blocklist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("block list", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("black list", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("denylist", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("listed in", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("listed at", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("banned:", PolicyViolation, Strong, "amavisd-new's banned contents ('Reject … BANNED: <file name>'): a file its policy bans, no host"),
    One("banned", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("blocked", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("unfortunately, messages from", Blocked, Strong, "Outlook.com SC-00x refusals"),
    One("contact tosa@rx.t-online.de", Blocked, Strong, "Deutsche Telekom (T-Online) refuses a sending IP with '554 IP=<ip> - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)'"),
    One("use the smtp server of your isp", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("refused to talk to me", Blocked, Strong, "Postfix: the greeting itself was a refusal"),
    // Exim "SMTP error from remote mail server after EHLO" (or "after initial connection", the
    // greeting): refused before any sender or recipient was named, so the connecting host
    // itself (RFC 5321 §4.1.1.1; §3.1: a 554 greeting refuses the client)
    One("after ehlo", Blocked, Weak, "Exim 'SMTP error from remote mail server after EHLO': refused"),
    One("after helo", Blocked, Weak, "Exim 'SMTP error from remote mail server after EHLO': refused"),
    One("after initial connection", Blocked, Weak, "Exim 'SMTP error from remote mail server after initial connection': RFC 5321 §3.1, a 554 greeting refuses the client"),
    One("but greeting failed", Blocked, Weak, "qmail-remote: 'Connected to <ip> but greeting failed.' before the server's reply: RFC 5321 §3.1, a 554 greeting refuses the client"),
    One("mismatches client ip", RequirePtr, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("please provide a valid from", Rejected, Strong, "GoDaddy IB506: the From domain"),
    One("identities failed the check", Rejected, Strong, "Amazon SES SMTP response 554 'Email address is not verified. The following identities failed the check in region …': the sender's identity is not verified at the relay"),
    One("unconfigured sending domain", Rejected, Strong, "SparkPost SMTP error 550 5.7.1 'Unconfigured Sending Domain <domain>': the sender's domain is not set up at the relay"),
    One("my name was rejected", Blocked, Strong, "qmail: the HELO name was refused"),
    One("invalid ip for sending", Blocked, Strong, "Yahoo Sender Hub SMTP error codes"),
    One("dynamic ip", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("dynamic address", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("residential", Blocked, Strong, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("client host rejected", Blocked, Strong, "Postfix check_client_access"),
    Many(&BAD_CLIENT),
    One("not allowed to connect", Blocked, Strong, "RFC 5321 §3.1: a server may turn the client away at connection (554 at the greeting)"),
    One("helo command rejected", Blocked, Strong, "Postfix smtpd_check.c: 'Helo command rejected: ...', a restriction on the client's HELO name"),
    // Connection and rate limits
    One("too many connections", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("too many recipients from", Speeding, Strong, "Postfix smtpd(8), smtpd_client_recipient_rate_limit: 'Error: too many recipients from <client>', the client's recipient rate, not one message's recipient count"),
    One("too many recipients", TooManyConn, Strong, "session limits, Sisimai's toomanyconn"),
    One("too many simultaneous", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("too many concurrent", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("connection limit", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("too many sessions", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("messages per connection", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits: a cap on the messages of one session"),
    One("message per connection", TooManyConn, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits: a cap on the messages of one session"),
    One("connection frequency limited", TooManyConn, Strong, "Tencent QQ Mail's error codes: 'Connection frequency limited', too many connections from the sending IP"),
    One("frequency limited", Speeding, Strong, "Tencent QQ Mail's error codes: 'Ip frequency limited', 'Domain frequency limited', the sending IP's or domain's rate"),
    One("receiving mail too quickly", Speeding, Strong, "Gmail SMTP error reference, 4.2.1: 'The user you are trying to contact is receiving mail too quickly'"),
    One("receiving mail at a rate", Speeding, Strong, "Gmail SMTP error reference, 4.2.1: the recipient receives mail too fast"),
    One("rate limit", Speeding, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("too many messages", Speeding, Weak, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("too many mails", Speeding, Weak, "RFC 3463 X.4.5 / X.7.x connection and rate limits ('too many mails from you in a short period')"),
    One("sender rate", Speeding, Strong, "Exim specification, 'Rate limiting incoming messages': the ratelimit condition measures $sender_rate, and its documented refusal reads 'Sender rate $sender_rate exceeds $sender_rate_limit messages per $sender_rate_period'"),
    One("sending limit", Speeding, Strong, "a limit on sending is the sender's rate or volume limit, not the recipient's mailbox: Gmail SMTP error reference 550 5.4.5 'Daily user sending limit exceeded' (Google Workspace sending limits)"),
    One("sending quota", Speeding, Strong, "a quota on sending is the sender's volume limit, not the recipient's mailbox: Gmail SMTP error reference 550 5.4.5 'Daily user sending quota exceeded'"),
    One("sending rate", Speeding, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits"),
    One("throttl", Speeding, Strong, "RFC 3463 X.4.5 / X.7.x connection and rate limits: throttling is slowing a sender down, whatever policy imposes it"),
    One("too much mail from", Speeding, Strong, "Postfix smtpd(8), smtpd_client_message_rate_limit: 'Error: too much mail from <client>', the client's message rate"),
    One("per hour", Speeding, Weak, "a limit per hour is a rate limit (RFC 3463 X.4.5 'mail system congestion'): cPanel's Exim 'has exceeded the max emails per hour', Outlook.com RP-001 'limits for how many messages can be sent per hour'"),
    // whose (the client's) without a cause: after the limits, which say what it sent too much of
    One("your ip", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("access denied", SecurityError, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    One("not allowed to send", Blocked, Weak, "RFC 3463 X.7.1 refusal of the sending host (DNS blocklists: RFC 5782)"),
    // Null MX and hosts that take no mail (RFC 7505)
    One("sender address has null mx", Rejected, Strong, "RFC 7505 §4.3: X.7.27 'Sender address has null MX', the sender's domain takes no mail; nothing is said of the recipient"),
    One("null mx", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    // A recipient's system refusing mail with certain content or from this sender is a policy,
    // not a host that takes no mail; before the rows that say it takes none
    One("does not accept mail with", PolicyViolation, Strong, "a host that refuses some content takes other mail (AOL: 'not accepting mail with attachments or embedded images')"),
    One("does not accept mail from", Rejected, Strong, "a host that refuses this sender takes other mail (AOL: 'not accepting mail from <sender>')"),
    One("not accepting mail with", PolicyViolation, Strong, "AOL: 'not accepting mail with attachments or embedded images'"),
    One("not accepting mail from", Rejected, Strong, "AOL: 'not accepting mail from <sender>'"),
    One("does not accept email with", PolicyViolation, Strong, "a host that refuses some content takes other mail (AOL: 'not accepting mail with attachments or embedded images')"),
    One("does not accept email from", Rejected, Strong, "a host that refuses this sender takes other mail (AOL: 'not accepting mail from <sender>')"),
    One("accept mail over", Blocked, Strong, PATH_REFUSED),
    One("accept email over", Blocked, Strong, PATH_REFUSED),
    One("accepting mail over", Blocked, Strong, PATH_REFUSED),
    One("accept mail via", Blocked, Strong, PATH_REFUSED),
    One("accept email via", Blocked, Strong, PATH_REFUSED),
    One("accepting mail via", Blocked, Strong, PATH_REFUSED),
    One("does not accept mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    One("does not accept email", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    One("not accepting mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    One("accepts no mail", NotAccept, Strong, "Null MX and hosts that take no mail (RFC 7505)"),
    // Unknown host or domain
    Many(&NO_HOST),
    One("unrouteable mail domain", HostUnknown, Strong, "Exim wording (smtp transport, retry rules)"),
    One("name or service not known", HostUnknown, Strong, "glibc gai_strerror(EAI_NONAME): 'Name or service not known'"),
    One("host or domain name not found", HostUnknown, Strong, "Postfix smtpd/bounce wording"),
    One("point to non-existent hosts", HostUnknown, Strong, "Exim: 'all relevant MX records point to non-existent hosts'"),
    One("no mx or a record", HostUnknown, Strong, "RFC 5321 §5.1: no MX and no address record, so no mail host"),
    One("no mx and no a", HostUnknown, Strong, "RFC 5321 §5.1: no MX and no address record, so no mail host"),
    One("no mx host", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no mx for", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no mx found", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("not have any mx", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("n't have any mx", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no mx record", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no valid mx", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no valid mail exchanger", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no dns mx", HostUnknown, Strong, "RFC 5321 §5.1: a domain without MX (or address) records has no mail host"),
    One("no mail servers appear to exist", HostUnknown, Strong, "hMailServer's answer where the recipient's domain has neither MX nor address records (RFC 5321 §5.1): 'No mail servers appear to exist for the recipients address'"),
    One("no route found to domain", HostUnknown, Strong, "Lotus/HCL Domino router: 'No route found to domain <d> from server <s>': its routing tables and the DNS give no next hop for the domain, RFC 3463 X.4.4 'Unable to route'"),
    One("no dns entries for the hostname", HostUnknown, Strong, "Apache James RemoteDelivery: 'There are no DNS entries for the hostname …', its answer where neither MX nor address records exist (RFC 5321 §5.1)"),
    // said of the recipient's domain by name ("Sorry, example.org does not resolve")
    One("does not appear to be registered", HostUnknown, Weak, "MailEnable: 'the domain name (<domain>) does not appear to be registered', a name the DNS does not hold (RFC 3463 X.1.2; RFC 2308 §1 NXDOMAIN)"),
    One("does not resolve", HostUnknown, Weak, "RFC 3463 X.1.2 / RFC 2308 §1: a name that does not resolve is not in the DNS (musl's 'Name does not resolve', EAI_NONAME)"),
    One("domain not reachable", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address (a 4xx answer is refined to networkerror)"),
    One("domain is not reachable", HostUnknown, Strong, "RFC 3463 X.1.2 bad destination system address (a 4xx answer is refined to networkerror)"),
    One("dns lookup failure", HostUnknown, Strong, "DragonFly"),
    One("nxdomain", HostUnknown, Strong, "RFC 2308 §1: NXDOMAIN, the RCODE saying the name does not exist"),
    One("couldn't find any host", HostUnknown, Strong, "qmail-remote.c: 'Sorry, I couldn't find any host named ...' (#5.1.2)"),
    // Unknown recipient
    Many(&NO_MAILBOX),
    OfNames(&NO_MAILBOX),
    One("unrecognised o/r name", UserUnknown, Strong, X400_UNRECOGNISED),
    One("unrecognized o/r name", UserUnknown, Strong, X400_UNRECOGNISED),
    One("unknown or illegal alias", UserUnknown, Strong, "Sun/Oracle Messaging Server: '550 5.1.1 unknown or illegal alias: <address>', its answer for an address its directory does not hold (UW-Madison and Tufts mail documentation: the address does not exist)"),
    One("unknown or illegal user", UserUnknown, Strong, "Microsoft KB 193924: '553 5.1.1 unknown or illegal user: <address>', an address no mailbox answers to"),
    One("account that you tried to reach does not exist", UserUnknown, Strong, "Gmail SMTP error reference, 5.1.1: 'The email account that you tried to reach does not exist'"),
    One("user doesn't have a", UserUnknown, Strong, "Yahoo: '554 delivery error: dd This user doesn't have a yahoo.com account'"),
    One("no valid recipients for this mm", UserUnknown, Strong, "Verizon's MMS gateway: 'Error: No valid recipients for this MM', the number takes no mail"),
    One("no valid recipients", UserUnknown, Weak, "Postfix says '554 5.5.1 Error: no valid recipients' at DATA after every RCPT was refused, for whatever cause (smtpd.c): a status says more"),
    One("no mail box", UserUnknown, Strong, "RFC 3463 X.1.1 wording variants: 'no mail box available for this user'"),
    One("mail-box not found", UserUnknown, Strong, "qmail badrcptto patch: 'badrcptto(user mail-box not found)'"),
    One("badrcptto", UserUnknown, Strong, "qmail badrcptto patch: the recipient is listed as nonexistent"),
    One("mailbox name not allowed", UserUnknown, Strong, "RFC 5321 §4.2.2: '553 Requested action not taken: mailbox name not allowed (e.g., mailbox syntax incorrect)', RFC 3463 X.1.3"),
    // what an allow list does not list is the sender ("address not listed in the list of
    // permitted senders"): only a directory not listing the recipient says it has no mailbox
    One("not listed in the directory", UserUnknown, Strong, "Exchange/Domino directory lookup: the recipient is not in the directory"),
    One("recipient name not unique", UserUnknown, Strong, "RFC 3463 §3.2 X.1.4 'Destination mailbox address ambiguous', in Lotus Domino's words: 'Recipient name not unique. Several matches found in Domino Directory'"),
    One("not listed in domino directory", UserUnknown, Strong, "Lotus Domino router: 'User ... not listed in Domino Directory'"),
    One("not listed in public name", UserUnknown, Strong, "Lotus Notes router: 'not listed in public Name & Address Book'"),
    One("not listed in the global address list", UserUnknown, Strong, "Microsoft Exchange: the global address list is the organization's directory of its mail recipients"),
    One("allowed senders list", Rejected, Strong, ALLOWED_SENDERS),
    One("allowed-senders list", Rejected, Strong, ALLOWED_SENDERS),
    One("not listed in", Rejected, Weak, "a list that does not list the sender (an allow list, permitted senders, an SPF record) refuses it: RFC 3463 X.7.1 'Delivery not authorized, message refused'; a directory not listing the recipient is the rows above"),
    One("no such person at this address", UserUnknown, Strong, "cPanel's Forwarders: an address set to 'Discard and send an error to the sender (at SMTP time)' answers 'No such person at this address' by default: it takes no mail"),
    One("no longer accepts mail", UserUnknown, Strong, "qmail's bouncesaying(1) idiom for a retired address, 'This address no longer accepts mail.' (RFC 3463 X.1.1/X.1.6: the mailbox is gone)"),
    One("no longer valid", UserUnknown, Strong, "RFC 3463 X.1.6/X.1.1: an address that was valid and is not any more"),
    One("n'existe pas", UserUnknown, Strong, "French wording of 'does not exist' (Orange, La Poste, Free)"),
    One("recipientnotfound", UserUnknown, Strong, "Exchange RESOLVER.ADR.RecipNotFound"),
    One("recipnotfound", UserUnknown, Strong, "Exchange"),
    One("recipient name is not recognized", UserUnknown, Strong, "Exchange 5.5-2003 NDR text for an unknown recipient, beside 'MSEXCH:IMS ... Unknown Recipient' (RFC 3463 X.1.1)"),
    One("email address you entered couldn't be found", UserUnknown, Strong, "Exchange 2013+ and Exchange Online NDR text for RESOLVER.ADR.RecipNotFound (5.1.1, 5.1.10)"),
    One("wasn't found at", UserUnknown, Weak, "Exchange Online NDR heading for an unknown recipient: '<user> wasn't found at <domain>.'"),
    One("does not exist", UserUnknown, Weak, "RFC 3463 §3.2 X.1.1: 'The mailbox specified in the address does not exist' (said of any name, so weak)"),
    One("unrouteable address", UserUnknown, Strong, "Exim wording (smtp transport, retry rules)"),
    One("not our customer", UserUnknown, Weak, "Sendmail 551 also for moved users (X.1.6)"),
    One("bad destination mailbox", UserUnknown, Strong, "RFC 3463 §3.2 X.1.1: 'Bad destination mailbox address'"),
    One("mailbox unavailable", UserUnknown, Weak, "RFC 5321 §4.2.2: '550 Requested action not taken: mailbox unavailable' (also said for policy refusals)"),
    // the whole reply is the address status and "address rejected": neither the sender nor
    // a policy is named, so the address refused is the one the reply answers for
    One("5.1.0 address rejected", UserUnknown, Weak, "RFC 3463 §3.2 X.1.0 'Other address status: something about the address specified in the message caused this DSN', said with no other words than 'Address rejected' (Cisco Secure Email / IronPort gateways' '550 #5.1.0 Address rejected.' for a recipient they do not accept); a status that names another cause decides"),
    // Recipient's own filter
    One("filtered", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    One("following recipients was rejected", Filtered, Weak, "EZweb domain filter"),
    One("refused by recipient", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    One("rejected by recipient", Filtered, Weak, "RFC 3463 X.2.0 / X.7.1: the recipient's own filter refused"),
    One("was automatically rejected", Filtered, Weak, "RFC 5429 §2.2: a Sieve script's reject action, the recipient's own filter (Pigeonhole: 'Your message to <a> was automatically rejected:')"),
    // TLS
    // not "starttls" alone: a session transcript names it where the server offers it
    // ("250-STARTTLS") and where the client issues it
    One("must issue a starttls", FailedStartTls, Strong, "RFC 3207 §4: '530 Must issue a STARTTLS command first'"),
    One("starttls is required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    One("starttls required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    One("starttls failed", FailedStartTls, Strong, "RFC 3207 §4.1: the TLS negotiation after STARTTLS failed"),
    One("tls negotiation failed", FailedStartTls, Strong, "Gmail SMTP error reference: 'TLS Negotiation failed, the certificate doesn't match the host' (RFC 3207 §4.1)"),
    One("tls required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    One("tls is required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    One("encryption required", FailedStartTls, Strong, "RFC 3207 STARTTLS / RFC 3463 X.7.10 encryption needed"),
    // RFC 8460 §4.3's result types of a failed TLS policy (DANE, MTA-STS), as MTAs quote them
    // (Exchange Online's "5.7.323 tlsa-invalid: The domain failed DANE validation")
    One("starttls-not-supported", FailedStartTls, Strong, TLS_RESULT),
    One("certificate-host-mismatch", FailedStartTls, Strong, TLS_RESULT),
    One("certificate-expired", FailedStartTls, Strong, TLS_RESULT),
    One("certificate-not-trusted", FailedStartTls, Strong, TLS_RESULT),
    One("tlsa-invalid", FailedStartTls, Strong, TLS_RESULT),
    One("dnssec-invalid", FailedStartTls, Strong, TLS_RESULT),
    One("dane-required", FailedStartTls, Strong, TLS_RESULT),
    One("sts-policy-fetch-error", FailedStartTls, Strong, TLS_RESULT),
    One("sts-policy-invalid", FailedStartTls, Strong, TLS_RESULT),
    One("sts-webpki-invalid", FailedStartTls, Strong, TLS_RESULT),
    // Security
    One("authentication required", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    One("smtp authentication", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    One("must authenticate", SecurityError, Strong, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    One("not authorized", SecurityError, Weak, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    One("unauthorized", SecurityError, Weak, "RFC 3463 X.7.x / RFC 4954 §6 authentication required"),
    // Format of the message (RFC 5322)
    One("rfc 822", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    One("rfc822 compliant", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    One("not compliant", NotCompliantRfc, Weak, "Format of the message (RFC 5322)"),
    One("multiple from", NotCompliantRfc, Strong, "Format of the message (RFC 5322)"),
    One("bare linefeed", NotCompliantRfc, Strong, "RFC 5321 §2.3.8: a line ends in CRLF; a bare LF is not allowed (Exchange Online's 5.6.11 'BareLinefeedsAreIllegal')"),
    One("bare line feed", NotCompliantRfc, Strong, "RFC 5321 §2.3.8: a line ends in CRLF; a bare LF is not allowed"),
    One("bare lf", NotCompliantRfc, Strong, "RFC 5321 §2.3.8: a line ends in CRLF; a bare LF is not allowed"),
    One("malformed address", SyntaxError, Strong, "Exim: a recipient address it cannot parse"),
    One("line limit exceeded", MesgTooBig, Strong, "Format of the message (RFC 5322)"),
    One("malformed", NotCompliantRfc, Weak, "Format of the message (RFC 5322)"),
    // Content
    One("content rejected", SpamDetected, Strong, "RFC 3463 X.6.x / X.7.1 message content refused"),
    One("rejected due to content", SpamDetected, Strong, "RFC 3463 X.7.1 message content refused; GoDaddy's bounce error list, IB212 'Mail rejected due to content'"),
    One("rejected because of its content", SpamDetected, Strong, "RFC 3463 X.7.1 message content refused"),
    // a list or server that takes plain text only refuses HTML (fml's filters: fml 4's
    // EnvelopeFilter and content filter, fml 8's mime_component_filter): the media
    One("accepts plain text", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("only text/plain", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("html mail is not allowed", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("html message is not allowed", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("html 形式のメールは受け付け", ContentError, Strong, PLAIN_TEXT_ONLY), // Japanese: "HTML mail is not accepted"
    One("envelopefilter", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("mime_component_filter", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("mime component filter", ContentError, Strong, PLAIN_TEXT_ONLY),
    One("message content", ContentError, Weak, "RFC 3463 X.6.x / X.7.1 message content refused"),
    // Local delivery programs
    One("mailer error", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    // Sendmail's X-Unix diagnostic type (RFC 3464 §2.3.6) carries a local program's exit
    // status: weak, as the status says which (EX_NOUSER, 67, is a 5.1.1)
    One("x-unix;", MailerError, Weak, "Sendmail: a Diagnostic-Code of type X-Unix is a local delivery program's exit status (sysexits.h), RFC 3463 X.3.0"),
    One("unknown mailer", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    One("command died", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    One("command failed", MailerError, Strong, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    One("procmail", MailerError, Weak, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    One("exit code", MailerError, Weak, "Sendmail/Postfix local delivery agents (mailer, pipe command) failing: RFC 3463 X.3.0"),
    // Protocol
    One("syntax error", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    One("improper sequence", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    One("bad sequence of commands", SyntaxError, Weak, "RFC 5321 §4.2.3 reply 503"),
    One("command unrecognized", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    One("unrecognized command", SyntaxError, Weak, "RFC 5321 §4.2.3 replies 500-504 / RFC 3463 X.5.x protocol status"),
    // Receiving system
    One("insufficient system storage", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("insufficient disk space", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("system full", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("disk full", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("no space left", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("out of disk", SystemFull, Strong, "RFC 3463 X.3.x mail system status"),
    One("could not load drd", SystemError, Strong, "McAfee MXLogic: its domain routing data failed to load"),
    One("system error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("service currently unavailable", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("internal error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("server error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("local error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("configuration error", SystemError, Weak, "RFC 3463 X.3.x mail system status"),
    One("mail transport unavailable", SystemError, Strong, "Postfix qmgr(8): the delivery agent of the recipient's transport is not available"),
    One("temporary local problem", SystemError, Weak, "Exim's reply where a local check deferred: '451 Temporary local problem - please try later'"),
    // Expiry of queued mail
    One("greylist", Expired, Strong, "RFC 6647 §2.1: greylisting defers with a temporary failure; final only when the queue gave up"),
    One("retry timeout exceeded", Expired, Strong, "Exim wording (smtp transport, retry rules)"),
    // A timeout in a final report: every retry timed out until the queue lifetime ran out
    One("connection timed out", Expired, Strong, "A timeout in a final report: every retry timed out until the queue lifetime ran out"),
    One("timed out", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("not reachable", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("attempts:", Expired, Weak, "IMail 'Delivery failed 20 attempts'"),
    One("all hosts have been failing", Expired, Strong, "Exim wording (smtp transport, retry rules)"),
    One("envelope expired", Expired, Strong, "OpenSMTPD"),
    One("in the queue too long", Expired, Weak, "qmail; its '(#4.x.y)' says more"),
    One("was aborted after", Expired, Strong, "'delivery ... was aborted after 5.0 hour(s)'"),
    One("was not delivered within", Expired, Strong, "EZweb"),
    One("did not accept our requests to connect", Expired, Strong, "Gmail, after days of retries"),
    One("delivery time expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("in the time limit specified", Expired, Strong, "RFC 3463 X.4.7 'Delivery time expired', as Symantec.cloud/MessageLabs words it: 'Could not deliver the message in the time limit specified'"),
    One("message expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("has expired", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("too long in the queue", Expired, Strong, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("could not be delivered for", Expired, Strong, "Sendmail 'could not be delivered for 5 days'"),
    One("cannot send message for", Expired, Strong, "Sendmail's queue timeout: 'Cannot send message for 5 days'"),
    One("not be delivered within", Expired, Strong, "RFC 3463 X.4.7 'Delivery time expired': not delivered within the queue's lifetime"),
    One("maximum delivery attempts", Expired, Strong, "RFC 3463 X.4.7: the queue gave up after its retries"),
    One("after multiple retries", Expired, Strong, "RFC 3463 X.4.7: the queue gave up after its retries"),
    One("too many retries", Expired, Strong, "RFC 3463 X.4.7: the queue gave up after its retries"),
    One("retry limit", Expired, Strong, "RFC 3463 X.4.7: the queue gave up after its retries"),
    One("too old", Expired, Weak, "RFC 3463 X.4.7: 'The message was considered too old by the rejecting system'"),
    One("gave up", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("giving up", Expired, Weak, "Expiry of queued mail (RFC 3463 X.4.7)"),
    One("retry time not reached", Expired, Weak, "Exim wording (smtp transport, retry rules)"),
    // Network
    One("wasn't able to establish an smtp connection", NetworkError, Strong, "qmail wording (qmail-remote, qmail-send)"),
    One("connection refused", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("actively refused it", NetworkError, Strong, "Windows Sockets error WSAECONNREFUSED (10061), whose system text Windows MTAs quote: 'No connection could be made because the target machine actively refused it'"),
    One("no route to host", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    One("network is unreachable", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    One("lost connection", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("connection reset", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("could not connect", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("unable to connect", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("too many hops", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    One("service refused", Blocked, Strong, "Orange / La Poste refusing the sending host"),
    One("not accepting connections", Blocked, Weak, "a greeting that turns the client away"),
    One("mail loop", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    One("loops back to myself", NetworkError, Strong, "Sendmail wording"),
    One("routing loop", NetworkError, Strong, "RFC 3463 X.4.x network and routing status"),
    One("loop back to this server", NetworkError, Strong, "RFC 5321 §5.1: an MX list whose best host is the sender itself leaves no host to deliver to, an error of the domain's DNS (X.4.6 'routing loop detected'); Exchange's SMTPSEND.DNS.MxLoopback, 'DNS records for the destination domain are configured to loop back to this server'"),
    One("network error on destination", NetworkError, Strong, "OpenSMTPD mta.c: 'Network error on destination MXs', every MX failed"),
    One("dns error", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    One("temporary failure", NetworkError, Weak, "RFC 3463 X.4.x network and routing status"),
    // McAfee SaaS Email Protection (MX Logic) ends every reply with its filter's mode, so it
    // is read last: any other phrase names the cause better
    One("(mode: normal)", Blocked, Weak, "McAfee SaaS Email Protection (MX Logic): '554 Denied [<id>] (Mode: normal)', its filter's refusal of the sending host or its mail"),
];

/// One phrase of the expanded table.
struct Phrase {
    text: String,
    reason: Reason,
    weight: Weight,
    source: &'static str,
    /// Made by a family: a word before it may say whose address or host it is.
    family: bool,
    /// An `OfNames` row, with its family: evidence only after the recipient's address or
    /// domain, or after the family's noun and a relative clause.
    of_name: Option<&'static Family>,
}

/// RFC 3463 X.2.3, a per-mailbox limit below the system's.
const RECIPIENT_SIZE_LIMIT: &str = "RFC 3463 §3.3 X.2.3 'a per-mailbox administrative message length limit has been exceeded': Exchange's RESOLVER.RST.RecipSizeLimit, 'message too large for this recipient'";

/// Sisimai's `filtered`: the recipient's own settings refuse the sender (RFC 3463 X.7.1, a
/// refusal the mailbox's owner chose, not the host's).
const BLOCKED_BY_PERSON: &str = "RFC 3463 X.7.1 refused by the recipient's own settings (a sender the person blocked): the recipient's filter, not the host's";
const MIMECAST_USER_ENTRY: &str = "Mimecast SMTP error codes, 550 'Envelope blocked - User Entry': a block entry of the recipient's own (Managed Senders), not a policy of the organisation's";

/// The families in other languages (`localized`), evidence only where `RULES` find no strong
/// one.
#[rustfmt::skip]
const LOCALIZED_RULES: &[Row] = &[
    Languages(localized::NO_HOST),
    Languages(localized::NO_MAILBOX),
    Languages(localized::MAILBOX_FULL),
    Languages(localized::DISABLED),
    // Domino's router in Spanish: "El usuario <a> no figura en el Directorio de Domino"
    One("no figura en el directorio", UserUnknown, Strong, "Lotus Domino's Spanish router text for 'not listed in Domino Directory': the recipient is not in the directory"),
    One("nicht im domino-verzeichnis", UserUnknown, Strong, "Lotus Domino's German router text for 'not listed in Domino Directory' ('Benutzer … ist nicht im Domino-Verzeichnis aufgeführt'): the recipient is not in the directory"),
    One("nicht im domino verzeichnis", UserUnknown, Strong, "Lotus Domino's German router text for 'not listed in Domino Directory': the recipient is not in the directory"),
    // "virus", "malware", "infected" in the server's language (German, French, Spanish and
    // Italian write "virus" as English does)
    One("вирус", VirusDetected, Strong, MALWARE), // Russian
    One("вредоносн", VirusDetected, Strong, MALWARE), // Russian "вредоносный объект": malicious object
    One("заражен", VirusDetected, Strong, MALWARE), // Russian: infected
    One("vírus", VirusDetected, Strong, MALWARE), // Portuguese
    One("wirus", VirusDetected, Strong, MALWARE), // Polish
    One("virüs", VirusDetected, Strong, MALWARE), // Turkish
    One("ウイルス", VirusDetected, Strong, MALWARE), // Japanese
    One("病毒", VirusDetected, Strong, MALWARE), // Chinese
    One("바이러스", VirusDetected, Strong, MALWARE), // Korean
    // "message too big" and "maximum size" in the server's language
    One("サイズが大きすぎ", MesgTooBig, Strong, TOO_BIG_LOCAL), // Japanese: "the size is too big"
    One("サイズの上限", MesgTooBig, Weak, TOO_BIG_LOCAL), // Japanese: "the size's upper limit"
    One("サイズ制限", MesgTooBig, Weak, TOO_BIG_LOCAL), // Japanese: "size limit"
    One("最大サイズを超え", MesgTooBig, Strong, TOO_BIG_LOCAL), // Japanese: "exceeds the maximum size"
    One("nachricht ist zu groß", MesgTooBig, Strong, TOO_BIG_LOCAL), // German
    One("nachricht zu groß", MesgTooBig, Strong, TOO_BIG_LOCAL), // German
    // RFC 5321 §2.4: a reply's text is ASCII, so German servers write ß as "ss"
    One("nachricht ist zu gross", MesgTooBig, Strong, TOO_BIG_LOCAL),
    One("nachricht zu gross", MesgTooBig, Strong, TOO_BIG_LOCAL),
    One("message trop volumineux", MesgTooBig, Strong, TOO_BIG_LOCAL), // French
    One("taille maximale", MesgTooBig, Weak, TOO_BIG_LOCAL), // French
    One("mensaje demasiado grande", MesgTooBig, Strong, TOO_BIG_LOCAL), // Spanish
    One("tamaño máximo", MesgTooBig, Weak, TOO_BIG_LOCAL), // Spanish
    One("tamanho máximo", MesgTooBig, Weak, TOO_BIG_LOCAL), // Portuguese
    One("messaggio troppo grande", MesgTooBig, Strong, TOO_BIG_LOCAL), // Italian
    One("dimensione massima", MesgTooBig, Weak, TOO_BIG_LOCAL), // Italian
    One("превышает максимальный размер", MesgTooBig, Strong, TOO_BIG_LOCAL), // Russian: "exceeds the maximum size"
    // "reverse DNS" in the server's language
    One("dns inverse", RequirePtr, Strong, PTR_LOCAL), // French
    One("résolution inverse", RequirePtr, Strong, PTR_LOCAL), // French
    One("dns inverso", RequirePtr, Strong, PTR_LOCAL), // Spanish, Italian, Portuguese
    // "too many messages" in the server's language
    One("zu viele nachrichten", Speeding, Weak, RATE_LOCAL), // German
    One("ratenbegrenzung", Speeding, Strong, RATE_LOCAL), // German: "rate limiting"
    One("troppi messaggi", Speeding, Weak, RATE_LOCAL), // Italian
    One("trop de messages", Speeding, Weak, RATE_LOCAL), // French
    One("demasiados mensajes", Speeding, Weak, RATE_LOCAL), // Spanish
    One("слишком много писем", Speeding, Weak, RATE_LOCAL), // Russian
    One("лимит отправки", Speeding, Weak, RATE_LOCAL), // Russian: "sending limit" ("превышен лимит отправки писем")
    One("limite de envio", Speeding, Weak, RATE_LOCAL), // Portuguese: "sending limit"
    One("taxa de envio", Speeding, Weak, RATE_LOCAL), // Portuguese: "sending rate"
    One("bloqueado pelo destinat", Filtered, Strong, BLOCKED_BY_PERSON), // Portuguese: "(sender) blocked by the recipient"
    One("bloqueado por el destinatario", Filtered, Strong, BLOCKED_BY_PERSON), // Spanish
    One("límite de envío", Speeding, Weak, RATE_LOCAL), // Spanish: "sending limit"
    One("limite de envío", Speeding, Weak, RATE_LOCAL), // Spanish, without the first accent
    One("limite d'envoi", Speeding, Weak, RATE_LOCAL), // French: "sending limit"
    One("limite di invio", Speeding, Weak, RATE_LOCAL), // Italian: "sending limit"
    One("sendelimit", Speeding, Weak, RATE_LOCAL), // German: "sending limit"
    One("versandlimit", Speeding, Weak, RATE_LOCAL), // German: "dispatch limit"
    One("troppi messaggi", Speeding, Weak, RATE_LOCAL), // Italian
    One("zbyt wiele wiadomości", Speeding, Weak, RATE_LOCAL), // Polish
    One("zbyt wiele wiadomosci", Speeding, Weak, RATE_LOCAL), // Polish, without diacritics
    One("příliš mnoho zpráv", Speeding, Weak, RATE_LOCAL), // Czech
    One("prilis mnoho zprav", Speeding, Weak, RATE_LOCAL), // Czech, without diacritics
    // Japanese ISPs' "the account's use is suspended" (利用停止中)
    One("利用停止", Suspend, Strong, "RFC 3463 §3.3 X.2.1 'Mailbox disabled, not accepting messages', in Japanese: 利用停止, the account's use suspended (it may be resumed: soft)"),
    // "by the policy" and "policy violation" in Japanese
    One("ポリシーに違反", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status, in Japanese: ポリシーに違反, violates the policy"),
    One("ポリシー違反", PolicyViolation, Strong, "RFC 3463 X.7.x security or policy status, in Japanese: ポリシー違反, a policy violation"),
    One("ポリシーにより", PolicyViolation, Weak, "RFC 5321 §4.2.2 'command rejected for policy reasons', in Japanese: ポリシーにより, by the policy"),
    One("ポリシーに該当", PolicyViolation, Weak, "RFC 5321 §4.2.2 'command rejected for policy reasons', in Japanese: ポリシーに該当, fell under the policy"),
    // the subscriber's own filter settings (Japanese carriers' 迷惑メールフィルター設定,
    // 受信拒否設定), before the spam words their names hold
    One("フィルター設定", Filtered, Strong, BLOCKED_BY_PERSON), // Japanese: "filter setting"
    One("フィルタ設定", Filtered, Strong, BLOCKED_BY_PERSON), // Japanese, short spelling
    One("受信拒否設定", Filtered, Strong, BLOCKED_BY_PERSON), // Japanese: "reception refusal setting"
    // "spam" and "junk mail" in the server's language
    One("スパム", SpamDetected, Strong, SPAM), // Japanese: the loanword
    One("迷惑メール", SpamDetected, Strong, SPAM), // Japanese: "nuisance mail"
    One("垃圾邮件", SpamDetected, Strong, SPAM), // Chinese: "junk mail"
    One("스팸", SpamDetected, Strong, SPAM), // Korean: the loanword
];

const TOO_BIG_LOCAL: &str = "RFC 3463 §3.4 X.3.4 'Message too big for system' (RFC 1870 §6's size limit), in the server's language";

const PTR_LOCAL: &str = "Reverse DNS of the sending host (RFC 1912 §2.1), in the server's language";

const RATE_LOCAL: &str = "RFC 3463 X.4.5 / X.7.x connection and rate limits, in the server's language: too many messages";

const PLAIN_TEXT_ONLY: &str = "RFC 3463 §3.7 X.6.1 'Media not supported': a list or server that takes plain text only refuses a posting by its media type or charset (fml 4's EnvelopeFilter and content filter, fml 8's mime_component_filter: 'text/html … reject')";

const MEMBERS_ONLY: &str = "a members-only list refuses a non-member's posting: fml's notice 'You are not a member of this mailing list' ('NOT MEMBER article from …', its 'post only (only members can post)' mode), in English or Japanese";

const SPAM: &str =
    "RFC 3463 X.7.1: the content judged spam by the receiving filter, in the server's language";

const ALLOWED_SENDERS: &str = "Exchange Online NDR 5.7.124: 'Sender not in allowed-senders list', a group's delivery restriction refuses the sender (RFC 3463 X.7.1)";

const X400_UNRECOGNISED: &str = "ITU-T X.411 non-delivery diagnostic unrecognised-OR-name: the originator/recipient name identifies no user of the management domain, as X.400 gateways report it";

const SUPPRESSED: &str = "the sender's own service did not send: Amazon SES 'did not send the message to this address because it is on the suppression list for your account' (bounce subtype OnAccountSuppressionList, kept for bounces or complaints), SparkPost 'recipient address suppressed due to customer policy'";

const LEFT: &str = "RFC 3463 §3.2 X.1.6: 'the mailbox address provided was at one time valid, but mail is no longer being accepted for that address', said by the organization of a person who left it (an administrator's own text in an Exchange transport rule or an Exim :fail: router)";

const AOL_CODES: &str = "AOL's postmaster error codes (postmaster.info.aol.com/errors/<reply><code>.html): RLY:B1, B2, B3, RTR:BB, RTR:BL and HVU:B1 block the sending IP for its mail's complaints or reputation; RTR:DU and DYN:T1 refuse a dynamic (residential) IP; DNS:NR refuses an IP without reverse DNS";

const ATTACHMENT: &str = "RFC 3463 §3.8 X.7.x: a refusal for a kind of attachment or file (an administrator's attachment filter, e.g. Exchange Online's common attachment filter, a gateway's blocked file types) is the receiving organisation's content policy";

const MALWARE: &str = "RFC 3463 X.7.1: the content carries malware, in the server's language";

/// `RULES` and then `LOCALIZED_RULES` with every family spelled out, in table order, and how
/// many of them `RULES` made.
static PHRASES: OnceLock<(Vec<Phrase>, usize)> = OnceLock::new();
/// One automaton scans a text once for both tables.
static MATCHER: Phrases = Phrases::built(|| phrases().iter().map(|p| p.text.as_str()).collect());

fn phrases() -> &'static [Phrase] {
    &spelled_out().0
}

/// The index of the first phrase of `LOCALIZED_RULES`.
fn localized_from() -> usize {
    spelled_out().1
}

fn spelled_out() -> &'static (Vec<Phrase>, usize) {
    PHRASES.get_or_init(|| {
        let mut all = spell_out(RULES);
        let localized_from = all.len();
        all.extend(spell_out(LOCALIZED_RULES));
        (all, localized_from)
    })
}

fn spell_out(rows: &'static [Row]) -> Vec<Phrase> {
    let mut out = Vec::new();
    for row in rows {
        match row {
            One(text, reason, weight, source) => out.push(Phrase {
                text: (*text).to_owned(),
                reason: *reason,
                weight: *weight,
                source,
                family: false,
                of_name: None,
            }),
            // a predicate that is also a row of its own ("does not exist") is read there
            OfNames(f) => {
                out.extend(
                    f.predicates()
                        .filter(|p| !is_one_row(p))
                        .map(|text| Phrase {
                            text: text.to_owned(),
                            reason: f.reason,
                            weight: Weak,
                            source: f.source,
                            family: false,
                            of_name: Some(f),
                        }),
                )
            }
            Many(f) => out.extend(family_phrases(f)),
            Languages(fs) => out.extend(fs.iter().flat_map(family_phrases)),
        }
    }
    out
}

/// A family's phrases, strong but the vague ones.
fn family_phrases(f: &'static Family) -> impl Iterator<Item = Phrase> {
    f.spell_out().map(|(text, vague)| Phrase {
        text,
        reason: f.reason,
        weight: if vague { Weak } else { Strong },
        source: f.source,
        family: true,
        of_name: None,
    })
}

/// Whether `text` is one of `NO_MAILBOX`'s predicates after its noun ("does not exist").
fn is_no_mailbox_predicate(text: &str) -> bool {
    NO_MAILBOX.after.iter().any(|p| p.trim_start() == text)
}

/// Whether `text` is the phrase of a `One` row.
fn is_one_row(text: &str) -> bool {
    RULES
        .iter()
        .any(|row| matches!(row, One(phrase, ..) if *phrase == text))
}

/// Phrases that mean something else when these words follow: qmail-remote ends every report of
/// a host that refused for good or could not be reached with "Giving up on <host>." (it stops
/// trying that host), which says nothing of how long the message was queued. A host that takes
/// no mail "over" or "via" something (IPv6, a relay) takes it otherwise; mail "over" a number is mail
/// over a size, which neither the transport rows nor the null-MX rows read.
const NOT_FOLLOWED_BY: &[(&str, &[&str])] = &[
    ("giving up", &[" on "]),
    // a host's or a domain's block is no person's
    (
        "blocked by recipient",
        &[
            " server",
            " domain",
            "'s server",
            "'s mail server",
            "'s domain",
        ],
    ),
    (
        "blocked by the recipient",
        &[
            " server",
            " domain",
            "'s server",
            "'s mail server",
            "'s domain",
        ],
    ),
    // Japanese "ウイルス対策" (antivirus), "ウイルスチェック" (virus check) name a program
    ("ウイルス", &["対策", "チェック"]),
    // Korean "바이러스 검사" (virus scan), "바이러스 백신" (antivirus, "vaccine") name a program
    ("바이러스", &[" 검사", "검사", " 백신", "백신"]),
    ("does not accept mail", &[" over ", " via "]),
    ("does not accept email", &[" over ", " via "]),
    ("not accepting mail", &[" over ", " via "]),
    ("accept mail over", NUMBER),
    ("accept email over", NUMBER),
    ("accepting mail over", NUMBER),
    // "rejected due to content policy" names the policy, and the policy row decides
    ("rejected due to content", &[" polic", " filter polic"]),
];

/// The start of a number after a word.
const NUMBER: &[&str] = &[" 0", " 1", " 2", " 3", " 4", " 5", " 6", " 7", " 8", " 9"];

/// Phrases that a word before them turns around or empties: "not listed in the directory" says
/// an address is on no list, which no blocklist (RFC 5782) refuses for.
/// Acronyms that are words of their own: inside a longer word ("winterblends", "marble")
/// they are letters of that word.
const WORD_STARTS: &[&str] = &["rbl"];

const NOT_PRECEDED_BY: &[(&str, &[&str])] = &[
    ("listed in", &["not ", "n't "]),
    ("listed at", &["not ", "n't "]),
    // qmail-remote's "Connected to <ip> but sender was rejected." names the command the reply
    // answered (MAIL, RFC 5321 §3.3), not why: the server's own reply follows it ("Remote host
    // said: 552 5.3.4 Message size exceeds fixed maximum", RFC 1870 §6)
    ("sender was rejected", &["but "]),
    // "antivirus" names a program ("Проверено антивирусом": checked by antivirus; "反病毒网关":
    // antivirus gateway), no virus found
    ("вирус", &["анти"]),
    ("vírus", &["anti"]),
    ("wirus", &["anty"]),
    ("virüs", &["anti"]),
    ("ウイルス", &["アンチ"]),
    ("病毒", &["反", "防"]),
    ("바이러스", &["안티"]),
];

/// The source of the rows for RFC 8460's TLS result types.
const TLS_RESULT: &str =
    "RFC 8460 §4.3 (IANA 'STARTTLS Validation Result Types'): the TLS session \
     the sending MTA's DANE or MTA-STS policy demands failed, a failure of transport, not of the \
     address";

/// The source of the rows for mail refused over a path or transport ("over IPv6", "via this
/// relay").
const PATH_REFUSED: &str = "a host that refuses mail over one path or transport takes it over another (Microsoft Exchange Online 550 5.7.510 'does not accept email over IPv6'); RFC 7505 null MX is a domain that takes none";

/// A weak address-failure phrase said of the recipient's domain by name ("example.org does
/// not exist"): the destination system does not exist.
const RECIPIENT_DOMAIN: Rule = Rule::new(
    Basis::Diagnostic,
    "recipient-domain",
    "RFC 3463 §3.2 X.1.2: 'The destination system specified in the address does not exist', said of the recipient's domain by name",
);

/// The rule that decides for `lower`: the first strong row (in table order) that matches,
/// else a strong one of `LOCALIZED_RULES`, else the first weak one. `basis` says whose words
/// `lower` is (diagnostic or prose). A family's phrase said of the sender or the client is
/// their refusal, not the recipient's.
/// An address failure said of another address than `recipient` ("<sender@a.example>... user
/// unknown": a callout on the sender, a forwarding target) is no evidence (`named`). A weak
/// address-failure phrase that says of any name ("does not exist") what the name before it is:
/// no evidence when that is another domain either, the recipient's domain failing when it is
/// that domain.
pub fn find(lower: &str, basis: Basis, recipient: &str) -> Option<(Verdict, Weight)> {
    let [(strong, weak), (other_strong, other_weak)] = scan(lower, recipient);
    strong
        .or(other_strong)
        .or(weak)
        .or(other_weak)
        .map(|(phrase, whose, host, weight)| match whose {
            Some(whose) => (whose.verdict(basis, phrase.reason), Strong),
            None if host => (
                Verdict::new(
                    HostUnknown,
                    Rule {
                        basis,
                        ..RECIPIENT_DOMAIN
                    },
                ),
                Weak,
            ),
            None => (
                Verdict::new(phrase.reason, Rule::new(basis, &phrase.text, phrase.source)),
                weight,
            ),
        })
}

/// A reading: the phrase, whose address or host it speaks of where not the recipient's,
/// whether it is the recipient's domain failing, and the weight it was read with.
type Reading = (&'static Phrase, Option<Whose>, bool, Weight);

/// A reading as `scan` keeps it: the phrase's index instead of the phrase.
type Found = (usize, Option<Whose>, bool, Weight);

/// The first strong and the first weak reading (in table order) in `lower`: of `RULES`, then
/// of `LOCALIZED_RULES`.
fn scan(lower: &str, recipient: &str) -> [(Option<Reading>, Option<Reading>); 2] {
    let table = phrases();
    let localized_from = localized_from();
    let mut slots: [[Option<Found>; 2]; 2] = [[None; 2]; 2];
    for (i, at) in MATCHER.positions(lower) {
        let phrase = &table[i];
        let [strong, weak] = &mut slots[usize::from(i >= localized_from)];
        let after = &lower[at + phrase.text.len()..];
        if phrase.family && of_a_class(lower, at, after) {
            continue;
        }
        if let Some(whose) = phrase.family.then(|| placed_in(after)).flatten() {
            if strong.is_none_or(|(j, ..)| i < j) {
                *strong = Some((i, Some(whose), false, Strong));
            }
            continue;
        }
        if NOT_FOLLOWED_BY
            .iter()
            .any(|(p, nexts)| *p == phrase.text && nexts.iter().any(|next| after.starts_with(next)))
            || NOT_PRECEDED_BY.iter().any(|(p, negations)| {
                *p == phrase.text && negations.iter().any(|n| lower[..at].ends_with(n))
            })
        {
            continue;
        }
        if WORD_STARTS.contains(&phrase.text.as_str())
            && lower[..at].ends_with(|c: char| c.is_alphanumeric())
        {
            continue;
        }
        let address_failure = super::is_hard(phrase.reason);
        if (address_failure || phrase.family) && ends_inside_a_word(&phrase.text, after) {
            continue;
        }
        if phrase.of_name.is_some() && !is_predicate(&phrase.text, after) {
            continue;
        }
        let of_any_name = !phrase.family && phrase.weight == Weak && address_failure;
        let named = if address_failure || phrase.of_name.is_some() {
            named::name_before(lower, at, recipient)
        } else {
            None
        };
        // "the message to <a@b> was not found": the name is what the message went to, and the
        // predicate is said of the message
        if let (Some(f), Some((_, name_at))) = (phrase.of_name, named) {
            if object_of_preposition(lower, name_at, f.nouns) {
                continue;
            }
        }
        // a family's own phrase with the recipient's name between its noun and predicate
        // ("user <a@b> does not exist"); a predicate that is a row of its own is the missing
        // mailbox's
        let noun_named = match named {
            Some((Named::Recipient, name_at)) => phrase
                .of_name
                .or_else(|| is_no_mailbox_predicate(&phrase.text).then_some(&NO_MAILBOX))
                .is_some_and(|f| noun_names(lower, name_at, f.nouns)),
            _ => false,
        };
        // said of a noun across a relative clause: the clause up to the noun, whose party has
        // been read
        let mut relative = None;
        // Said of another's name, the failure is no evidence against the recipient; it is the
        // sender's or the client's refusal where their word stands before the name.
        let another_at = match named {
            Some((Named::OtherAddress, name_at)) => Some(name_at),
            Some((Named::OtherHost, name_at)) if of_any_name => Some(name_at),
            // a mailbox's state ("is full", "is disabled") is said of its address only
            Some((Named::OtherHost | Named::RecipientHost, _)) if !address_failure => continue,
            None => match phrase.of_name {
                Some(f) => {
                    let Some(subject) =
                        subject_of_relative_clause(clause_of(&lower[..at]), f.nouns)
                    else {
                        continue;
                    };
                    relative = Some(subject);
                    None
                }
                None => None,
            },
            _ => None,
        };
        let party_of_name = match another_at {
            Some(name_at) => {
                let Some(whose) = party_before_name(lower, name_at) else {
                    continue;
                };
                Some(whose)
            }
            None => None,
        };
        // the clause the phrase ends, read by the checks below (address failures only)
        let clause = match relative {
            Some(subject) => subject,
            None if address_failure => clause_of(&lower[..at]),
            None => "",
        };
        let host = of_any_name
            && match named {
                Some((Named::RecipientHost, _)) => true,
                None => said_of_a_host(clause),
                _ => false,
            };
        let whose = party_of_name.or_else(|| {
            if relative.is_some() {
                None
            } else if phrase.family {
                family_party(lower, at, &phrase.text, phrase.reason)
            } else if address_failure {
                party_in_clause(clause)
            } else {
                None
            }
        });
        if address_failure
            && whose.is_none()
            && about_a_thing(lower, at, clause, after, phrase.family)
        {
            continue;
        }
        if address_failure
            && (hedged(clause)
                || for_a_time(after)
                || an_alternative_to_a_refusal(&lower[..at], clause))
        {
            continue;
        }
        let whose = whose.or_else(|| {
            (address_failure && sender_name_on_line(&lower[..at], recipient))
                .then_some(Whose::Sender)
        });
        let weight = if whose.is_some() || noun_named {
            Strong
        } else {
            phrase.weight
        };
        let slot = match weight {
            Strong => strong,
            Weak => weak,
        };
        if slot.is_none_or(|(j, ..)| i < j) {
            *slot = Some((i, whose, host, weight));
        }
    }
    let reading = |(i, whose, host, weight): Found| (&table[i], whose, host, weight);
    slots.map(|[strong, weak]| (strong.map(reading), weak.map(reading)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_its_source_and_matches_itself() {
        for p in phrases() {
            assert!(!p.source.is_empty(), "{}: no source", p.text);
            assert_eq!(p.text.to_lowercase(), p.text, "phrases are lowercase");
            // the automaton finds every phrase of the table (a predicate said of a name, after
            // the recipient's address)
            let (text, recipient) = if p.of_name.is_some() {
                (format!("a@b.example {}", p.text), "a@b.example")
            } else {
                (p.text.clone(), "")
            };
            assert!(
                find(&text, Basis::Diagnostic, recipient).is_some(),
                "{}",
                p.text
            );
        }
    }

    #[test]
    fn the_receiving_systems_own_wording_names_its_soft_cause() {
        for (text, want) in [
            // Postfix local(8): mailbox_size_limit is the file size limit (EFBIG)
            (
                "cannot update mailbox /var/mail/jdoe for user jdoe. error writing message: \
                 file too large",
                (MailboxFull, Strong),
            ),
            ("4.3.0 mail transport unavailable", (SystemError, Strong)),
            (
                "451 temporary local problem - please try later",
                (SystemError, Weak),
            ),
            (
                "421 max message per connection reached, closing transmission channel",
                (TooManyConn, Strong),
            ),
            (
                "451 message temporarily deferred due to unresolvable rfc.5321 from domain",
                (Rejected, Strong),
            ),
        ] {
            assert_eq!(reason(text), Some(want), "{text}");
        }
    }

    #[test]
    fn a_gateways_verdict_after_data_is_on_the_content() {
        assert_eq!(
            reason("550 permanent failure for one or more recipients (jdoe@example.org:blocked)"),
            Some((SpamDetected, Strong))
        );
        assert_eq!(reason("554 your ip is blocked"), Some((Blocked, Strong)));
        assert_eq!(
            reason(
                "552 5.7.0 this message was blocked because its content presents a potential \
                 security issue."
            ),
            Some((VirusDetected, Strong)),
            "the content, not the host"
        );
    }

    #[test]
    fn a_provider_code_names_the_cause_its_familys_words_do_not() {
        let facebook = |code: &str| {
            reason(&format!(
                "550 5.1.1 {code} http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp \
                 refused due to recipient preferences"
            ))
        };
        assert_eq!(facebook("rcp-p1"), Some((UserUnknown, Strong)));
        assert_eq!(facebook("rcp-p2"), Some((Filtered, Strong)));
    }

    #[test]
    fn a_domain_not_in_the_dns_or_without_mail_host_is_unknown() {
        // RFC 3463 X.1.2; RFC 5321 §5.1: no MX and no address record, no mail host
        all_read_as(
            &[
                "550 domain not registered",
                "550 unrouteable domain",
                "550 recipient domain does not resolve",
                "550 no mx record found for domain example.org",
                "550 the recipient domain has no valid mail exchanger",
                "example.org: no valid mx hosts found",
                "550 domain example.org does not have any mx or a records",
                "550 domain example.org doesn't have any mx records",
                "no route found to domain example.org from server relay/acme. check server, \
                 connection and domain documents in domino directory.",
            ],
            (HostUnknown, Strong),
        );
        // a domain called invalid is as often the sender's or the client's
        assert_eq!(reason("550 invalid domain in helo"), None);
        // said of a name: the recipient's domain, or another's that is no evidence
        let of = |text: &str| said_of_jdoe(text).map(|(r, _)| r);
        assert_eq!(
            of("550 sorry, example.org does not resolve"),
            Some(HostUnknown)
        );
        assert_eq!(of("550 sorry, relay.example.net does not resolve"), None);
        assert_eq!(
            of("The message could not be delivered because the domain name (example.org) does not appear to be registered."),
            Some(HostUnknown)
        );
        assert_eq!(
            of("Your domain name (bounce.example) does not appear to be registered."),
            Some(Rejected)
        );
        assert_eq!(
            of("550 your domain does not have any mx records"),
            Some(Rejected)
        );
        assert_eq!(
            of("550 sender domain bounce.example does not resolve"),
            Some(Rejected)
        );
        // a domain that takes no email at all, unlike one that refuses this sender
        assert_eq!(
            reason_alone("550 this domain does not accept email"),
            Some(NotAccept)
        );
        assert_eq!(
            reason_alone("550 this domain does not accept email from you"),
            Some(Rejected)
        );
        // one that refuses mail over a path or transport takes it over another; mail over a
        // size is no transport, and no host that takes no mail
        let size = reason_alone("552 this server does not accept mail over 10 mb");
        assert!(!matches!(size, Some(Blocked | NotAccept)), "{size:?}");
        for text in [
            "550 5.7.510 access denied, example.org does not accept email over ipv6",
            "530 this server does not accept mail over unencrypted connections",
            "550 example.org does not accept mail via this relay",
        ] {
            assert_eq!(reason_alone(text), Some(Blocked), "{text}");
        }
    }

    #[test]
    fn a_postfix_blocklist_refusal_is_of_the_host_whatever_the_lists_reason() {
        // postconf(5) default_rbl_reply: the text after "blocked using <list>;" is the list's
        // TXT record, which may say "spam" of the host, not of this message
        assert_eq!(
            reason(
                "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using \
                    bl.example.net; Listed for sending spam, see http://bl.example.net/q"
            ),
            Some((Blocked, Strong))
        );
        assert_eq!(
            reason("553 Blocked using spam pattern, your message may contain spam"),
            Some((SpamDetected, Strong))
        );
        // a list named for reputation is a list all the same
        assert_eq!(
            reason("554 service unavailable; client host [192.0.2.9] blocked using example reputation; https://rep.example/?ip=192.0.2.9"),
            Some((Blocked, Strong))
        );
    }

    #[test]
    fn a_sender_without_permission_to_post_is_refused() {
        for text in [
            "550 5.0.0 group does not exist, or you do not have permission to post",
            "the group you tried to contact (sales) may not exist, or you may not have \
             permission to post messages to the group.",
        ] {
            assert_eq!(reason(text), Some((Rejected, Strong)), "{text}");
        }
        // non-existence given as the other alternative to a refused post says neither
        for text in [
            "x-google-groups; permission denied or group does not exist",
            "550 5.0.0 group sales does not accept posts from external senders, or the group \
             does not exist",
        ] {
            assert_ne!(reason(text).map(|(r, _)| r), Some(UserUnknown), "{text}");
        }
        // alternatives that both say the address fails still do
        assert_eq!(
            reason("550 invalid recipient or user unknown").map(|(r, _)| r),
            Some(UserUnknown)
        );
    }

    #[test]
    fn a_list_that_limits_mail_size_and_rate_says_so() {
        assert_eq!(
            reason("your mail exceeds the limit of the mail size of this mailing list"),
            Some((MesgTooBig, Weak))
        );
        assert_eq!(
            reason("rejected because too many mails from you have been received in a short period"),
            Some((Speeding, Weak))
        );
    }

    #[test]
    fn a_refused_kind_of_attachment_is_content_policy_not_a_blocked_host() {
        for text in [
            "550 5.7.1 message contains a blocked attachment type (.docm)",
            "554 file extension .exe is not permitted here",
            "552 attachments are not allowed for this recipient",
            "grund: die nachricht enthält einen gesperrten anhangstyp (makro-dokument)",
            "grund: unzulässiger dateianhang \"bestellformular.docm\"",
        ] {
            assert_eq!(reason(text), Some((PolicyViolation, Strong)), "{text}");
        }
        // a blocked sending host stays one
        assert_eq!(
            reason("554 5.7.1 service unavailable; client host [192.0.2.7] blocked"),
            Some((Blocked, Strong))
        );
    }

    #[test]
    fn dominos_directory_and_a_policy_in_german() {
        assert_eq!(
            reason("benutzer m.b (m.b@example.de) ist nicht im domino-verzeichnis aufgeführt"),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            reason("ihre e-mail konnte nicht zugestellt werden, da sie gegen die e-mail-richtlinien des empfängers verstößt"),
            Some((PolicyViolation, Weak))
        );
    }

    #[test]
    fn an_unknown_virtual_user_does_not_exist() {
        assert_eq!(
            reason("vdeliver: invalid or unknown virtual user 'kontakt' vdeliver: (message will be bounced)")
                .map(|(r, _)| r),
            Some(UserUnknown)
        );
    }

    #[test]
    fn an_acronym_inside_a_longer_word_is_none() {
        assert_eq!(
            reason("553 sending ip listed by the example rbl"),
            Some((Blocked, Strong))
        );
        assert_eq!(
            reason("refused: 192.0.2.1 in rbl.example.net"),
            Some((Blocked, Strong))
        );
        assert_eq!(reason("neu im shop: winterblends und marble"), None);
        assert_eq!(
            reason("554 rejected: body url listed in multi.surbl.org"),
            Some((SpamDetected, Strong))
        );
    }

    #[test]
    fn a_limit_on_sending_is_the_senders_rate_in_any_language() {
        for text in [
            "550 5.4.5 daily user sending limit exceeded",
            "550 you have exceeded your sending quota for today",
        ] {
            assert_eq!(reason(text), Some((Speeding, Strong)), "{text}");
        }
        for text in [
            "550 5.7.1 limite de envio excedido: muitas mensagens do ip 192.0.2.25",
            "550 5.7.1 límite de envío superado para esta cuenta",
            "550 5.7.1 limite d'envoi dépassé",
            "550 5.7.1 limite di invio superato",
            "550 5.7.1 sendelimit überschritten",
        ] {
            assert_eq!(reason(text), Some((Speeding, Weak)), "{text}");
        }
    }

    #[test]
    fn aols_code_names_the_cause_its_generic_words_do_not() {
        assert_eq!(
            reason("554- (rly:b1)  http://postmaster.info.aol.com/errors/554rlyb1.html 554 transaction failed"),
            Some((Blocked, Strong))
        );
        assert_eq!(
            reason("554- (dns:nr) http://postmaster.info.aol.com/errors/554dnsnr.html 554- aol will not accept delivery of mail from this ip address"),
            Some((RequirePtr, Strong))
        );
    }

    #[test]
    fn exims_sender_rate_and_a_russian_sending_limit_are_rate_limits() {
        assert_eq!(
            reason("550 rejected: sender rate overlimit - 612.4 / 1h / per_addr"),
            Some((Speeding, Strong))
        );
        assert_eq!(
            reason(
                "550 5.7.1 сообщение отклонено: превышен лимит отправки писем с вашего ip-адреса"
            ),
            Some((Speeding, Weak))
        );
    }

    #[test]
    fn a_gateway_that_gave_up_in_its_time_limit_expired_the_message() {
        assert_eq!(
            reason("reason: could not deliver the message in the time limit specified."),
            Some((Expired, Strong))
        );
    }

    #[test]
    fn mx_logics_denial_refuses_the_sender_unless_it_names_a_cause() {
        assert_eq!(
            reason("554 denied [4e7a1c3b.0.1182734.00-2391.2041873.p02c11m078.mxlogic.net] (mode: normal)"),
            Some((Blocked, Weak))
        );
        assert_eq!(
            reason("550 5.1.1 <a@example.org>... user unknown (mode: normal)").map(|(r, _)| r),
            Some(UserUnknown)
        );
        assert_eq!(
            reason("421 4.7.0 too many messages from 192.0.2.25 - sender throttled (mode: normal)")
                .map(|(r, _)| r),
            Some(Speeding)
        );
    }

    #[test]
    fn a_list_that_takes_plain_text_only_refuses_the_media() {
        for text in [
            "your mail is rejected by the fml envelopefilter. reason: null body",
            "rejected by the mime_component_filter: (text/html, *, reject)",
            "reason: the mime component filter rejects this message",
            "this mailing list accepts plain text messages only.",
            "reason: html mail is not allowed (multipart/alternative with text/html)",
            "このメーリングリストでは html 形式のメールは受け付けていません。",
            "reason: only text/plain (or multipart with text/plain first) is permitted.",
        ] {
            assert_eq!(reason(text), Some((ContentError, Strong)), "{text}");
        }
    }

    #[test]
    fn a_content_gateway_that_stopped_a_message_applied_its_organisations_policy() {
        let stopped = "mailmarshal (an automated content monitoring gateway) has stopped the \
            following e-mail. rule: block offensive language";
        assert_eq!(reason(stopped), Some((PolicyViolation, Weak)));
        // the cause it names, where it names one, is more precise
        let spam = "mailmarshal (an automated content monitoring gateway) has stopped the \
            following e-mail because it believes it may contain spam.";
        assert_eq!(reason(spam).map(|(r, _)| r), Some(SpamDetected));
    }

    #[test]
    fn recipients_without_space_for_the_mail_have_full_mailboxes() {
        assert_eq!(
            reason(
                "the following recipients do not have enough space for storing the email you \
                 sent them."
            ),
            Some((MailboxFull, Strong))
        );
    }

    #[test]
    fn a_lists_refusal_of_a_non_member_refuses_the_sender() {
        assert_eq!(
            reason("you are not a member of this mailing list <kawa@ml.example.jp>."),
            Some((Rejected, Strong))
        );
        assert_eq!(
            reason("you are not a member of the mailing list <kawa@ml.example.jp>."),
            Some((Rejected, Strong))
        );
    }

    #[test]
    fn a_spam_list_or_an_anti_spam_refusal_of_the_client_host_is_of_the_host() {
        for text in [
            "554 5.7.1 connection refused: your ip (192.0.2.25) is listed on the example spam block list",
            "550 your server is on our spam blacklist",
            "554 5.7.1 client host [192.0.2.25] blocked by example anti-spam policy",
        ] {
            assert_eq!(reason(text), Some((Blocked, Strong)), "{text}");
        }
        // the message's own content is still spam
        assert_eq!(
            reason("554 5.7.1 message rejected as spam by content filter"),
            Some((SpamDetected, Strong))
        );
    }

    #[test]
    fn a_refusal_of_the_content_is_a_content_block() {
        for text in [
            "554 mx.example.net IB212 Mail rejected due to content. See the error codes page",
            "550 5.7.1 Your message was rejected because of its content",
        ] {
            assert_eq!(reason(text), Some((SpamDetected, Strong)), "{text}");
        }
    }

    #[test]
    fn a_sending_services_suppression_list_is_no_refusal_of_the_address() {
        // what the sender's own service held back, nobody refused now, whatever status it echoes
        all_read_as(
            &[
                "550 5.1.1 The service did not send the message to this address because it is on the suppression list for your account.",
                "554 5.7.1 recipient address suppressed due to customer policy",
            ],
            (OnHold, Strong),
        );
    }

    #[test]
    fn policies_in_the_plural_are_a_policy_refusal() {
        // RFC 5321 §4.2.2: a refusal "for policy reasons"; the plural says no more and no less
        assert_eq!(
            reason("554 email rejected due to our security policies"),
            Some((PolicyViolation, Weak))
        );
    }

    #[test]
    fn a_refusal_saying_the_person_left_is_a_retired_address() {
        all_read_as(
            &[
                "550 5.7.1 transport.rules.rejectmessage; the message was rejected by organization policy: jdoe is no longer with example corp",
                "550 jane doe no longer works here. please write to info@example.org",
                "550 5.7.1 jdoe has left the organisation",
            ],
            (HasMoved, Strong),
        );
    }

    #[test]
    fn an_address_refused_under_the_address_status_is_no_mailbox() {
        // RFC 3463 X.1.0 with nothing but "address rejected": the recipient's address is refused
        all_read_as(
            &[
                "550 #5.1.0 address rejected.",
                "<<< 550 5.1.0 address rejected",
            ],
            (UserUnknown, Weak),
        );
        // the sender's address, or the recipient's refused for a named cause, is not that
        assert_ne!(
            reason("550 5.1.0 <s@example.com>: sender address rejected: domain not found")
                .map(|(r, _)| r),
            Some(UserUnknown)
        );
        assert_ne!(
            reason("554 5.1.0 <jdoe@example.org>: recipient address rejected: access denied")
                .map(|(r, _)| r),
            Some(UserUnknown)
        );
    }

    #[test]
    fn an_unknown_or_illegal_alias_is_no_mailbox() {
        // a directory server's "alias" is the address it looks up
        all_read_as(
            &[
                "550 unknown or illegal alias: jdoe@example.org",
                "553 unknown or illegal user: jdoe.example.org",
                // X.400 (ITU-T X.411): the O/R name identifies nobody
                "diagnostic:   unrecognised o/r name (0)",
                // Exim 3: the local part of the address names no user
                "unknown local-part \"jdoe\" in domain \"example.org\"",
            ],
            (UserUnknown, Strong),
        );
    }

    #[test]
    fn the_mail_from_address_and_the_senders_domain_are_the_senders() {
        // MAIL FROM and the reverse-path carry the sender's address (RFC 5321 §4.1.1.2); a
        // domain the reply names as the sender's is the one a following failure speaks of
        for text in [
            "550 unknown user in mail from",
            "553 invalid address in the reverse-path",
            "550 5.7.1 your domain example.com has no mx record",
            "550 dns lookup of your sending domain failed: no such domain",
            "550 mail from example.com refused: domain does not exist",
        ] {
            assert_eq!(said_of_jdoe(text).map(|(r, _)| r), Some(Rejected), "{text}");
        }
        // the recipient named after the sender's name speaks; the recipient's own domain
        // without an MX stays the recipient's
        for (text, want) in [
            (
                "550 >>> mail from:<s@example.com> >>> rcpt to:<jdoe@example.org> <<< 550 user unknown",
                UserUnknown,
            ),
            ("550 5.1.2 example.org has no mx record", HostUnknown),
            ("550 unknown user in mail queue", UserUnknown),
        ] {
            assert_eq!(said_of_jdoe(text).map(|(r, _)| r), Some(want), "{text}");
        }
        // an address the words are said of through "is" is the one they name
        assert_eq!(
            said_of_jdoe("550 mail rejected: s@example.com is not a valid user here"),
            None
        );
        assert_eq!(
            said_of_jdoe("550 jdoe@example.org is not a valid user here").map(|(r, _)| r),
            Some(UserUnknown)
        );
    }

    fn reason(text: &str) -> Option<(Reason, Weight)> {
        find(text, Basis::Diagnostic, "").map(|(v, w)| (v.reason, w))
    }

    /// The reason `text` reads as, its weight left out.
    fn reason_alone(text: &str) -> Option<Reason> {
        reason(text).map(|(r, _)| r)
    }

    /// Asserts that every one of `texts` reads as `want`.
    fn all_read_as(texts: &[&str], want: (Reason, Weight)) {
        for text in texts {
            assert_eq!(reason(text), Some(want), "{text}");
        }
    }

    /// What `text` (any case) says in the diagnostic for the recipient jdoe@example.org.
    fn said_of_jdoe(text: &str) -> Option<(Reason, Weight)> {
        find(&text.to_lowercase(), Basis::Diagnostic, "jdoe@example.org")
            .map(|(v, w)| (v.reason, w))
    }

    #[test]
    fn a_failure_said_of_anothers_name_is_their_refusal_where_their_word_names_them() {
        let of = |text: &str| said_of_jdoe(text).map(|(r, _)| r);
        // RFC 3463 X.1.7/X.1.8 and RFC 5321 §4.1.4: the sender's address, the client's name
        assert_eq!(
            of("550 sender address <s@bounce.example> does not exist"),
            Some(Rejected)
        );
        assert_eq!(
            of("550 rejected because the sender's domain 'bounce.example' does not exist in dns"),
            Some(Rejected)
        );
        assert_eq!(
            of("550 helo name mta.bounce.example does not exist"),
            Some(Blocked)
        );
        // without such a word, another's name is only no evidence against the recipient
        assert_eq!(of("550 <s@bounce.example> does not exist"), None);
        assert_eq!(of("550 relay.bounce.example does not exist"), None);
        assert_eq!(
            of("550 <jdoe@example.org> does not exist"),
            Some(UserUnknown)
        );
    }

    #[test]
    fn a_familys_predicate_said_of_the_recipients_address_stands_for_its_noun() {
        // RFC 3463 X.2.1, X.2.2, X.1.1: the address names the mailbox the noun would; with
        // the noun before it, the words are the family's own phrase
        for (text, reason) in [
            ("550 The account jdoe@example.org is disabled", Suspend),
            ("550 Mailbox <jdoe@example.org> has been suspended", Suspend),
            ("550 User jdoe is inactive", Suspend),
            ("552 Mailbox jdoe@example.org is full", MailboxFull),
            ("550 The user jdoe@example.org is unknown", UserUnknown),
            (
                "550 Account jdoe@example.org does not have a mailbox",
                UserUnknown,
            ),
        ] {
            assert_eq!(said_of_jdoe(text), Some((reason, Strong)), "{text}");
        }
        for (text, reason) in [
            ("452 <jdoe@example.org> has reached its limit", MailboxFull),
            ("550 <jdoe@example.org> has moved", HasMoved),
            ("550 <jdoe@example.org>... disabled.", Suspend),
        ] {
            assert_eq!(said_of_jdoe(text), Some((reason, Weak)), "{text}");
        }
        // said of the recipient's domain, an address failure is the domain's
        assert_eq!(
            said_of_jdoe("550 example.org is unknown"),
            Some((HostUnknown, Weak))
        );
        // a mailbox's state said of another's address or a domain is no evidence
        assert_eq!(
            said_of_jdoe("552 Mailbox fwd@elsewhere.example is full"),
            None
        );
        assert_eq!(said_of_jdoe("550 example.org is disabled"), None);
        // a one-word predicate followed by a word qualifies that word
        assert_eq!(
            said_of_jdoe("550 <jdoe@example.org>: 550 Unknown internal error"),
            Some((SystemError, Weak))
        );
        // qmail-remote's line after the reply ends the reply's clause
        assert_eq!(
            said_of_jdoe(
                "Remote host said: 550 User jdoe@example.org unknown Giving up on 192.0.2.7."
            ),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            said_of_jdoe("550 jdoe@example.org disabled by policy"),
            Some((PolicyViolation, Weak))
        );
        // the name a message went to is not what the words after it are said of
        for text in [
            "550 The message to jdoe@example.org was not found in the queue",
            "550 Mail for jdoe@example.org has been deleted unread after 30 days",
            "550 The message for user jdoe was deleted by the content filter",
        ] {
            assert_eq!(said_of_jdoe(text), None, "{text}");
        }
        // but the mailbox for a name is that name's
        assert_eq!(
            said_of_jdoe("552 The mailbox for jdoe@example.org is full"),
            Some((MailboxFull, Weak))
        );
        // an address said to be invalid may be a malformed one: the family finds it vague
        assert_eq!(
            said_of_jdoe("550 Recipient jdoe@example.org is invalid"),
            None
        );
    }

    #[test]
    fn a_familys_predicate_said_of_its_noun_across_a_relative_clause_is_read() {
        for (text, reason) in [
            (
                "550 The user you are trying to reach is unknown",
                UserUnknown,
            ),
            ("550 The mailbox you tried to reach is disabled", Suspend),
            ("552 The account you are sending to is full", MailboxFull),
            (
                "550 The user that you addressed could not be found",
                UserUnknown,
            ),
            (
                "550 Sorry, the mailbox to which you sent this is inactive",
                Suspend,
            ),
        ] {
            assert_eq!(said_of_jdoe(text), Some((reason, Weak)), "{text}");
        }
        // RFC 3463 X.1.2: words said of any name whose nearest noun is a domain
        assert_eq!(
            said_of_jdoe("550 The domain you are sending to does not exist"),
            Some((HostUnknown, Weak))
        );
        assert_eq!(
            said_of_jdoe("550 The user does not exist in this domain"),
            Some((UserUnknown, Strong))
        );
        // not of a mailbox noun, not the sender's own, not a guess
        assert_eq!(said_of_jdoe("550 The command you sent is unknown"), None);
        assert_eq!(
            said_of_jdoe("550 Your account that you use is disabled"),
            None
        );
        assert_eq!(
            said_of_jdoe("550 The account you are sending from is disabled"),
            None
        );
        assert_eq!(
            said_of_jdoe("550 If the user you are trying to reach is unknown, ask them"),
            None
        );
        // a relative clause of more than eight words is no longer read as the noun's
        assert_eq!(
            said_of_jdoe(
                "550 The user you wrote to in the message you sent us yesterday is unknown"
            ),
            None
        );
    }

    #[test]
    fn a_disabled_or_full_mailbox_is_read_in_more_wordings() {
        all_read_as(
            &[
                "550 mailbox is currently disabled",
                "550 this account has been permanently disabled",
                "550 account is no longer active",
                "550 this mailbox is temporarily closed",
                "550 account expired",
                "550 mailbox locked",
            ],
            (Suspend, Strong),
        );
        // closed for good: RFC 3463 X.2.1's permanent case, the mailbox is gone
        all_read_as(
            &[
                "550 this mailbox has been closed",
                "550 account closed",
                "550 the account was terminated",
                "550 this mailbox has been discontinued",
                "550 user account cancelled",
                "550 mailbox permanently closed",
            ],
            (UserUnknown, Strong),
        );
        // closed for a term is not closed for good (X.2.1: "will never be re-enabled")
        assert_eq!(
            reason_alone(
                "550 account locked; mailbox closed to incoming mail until the owner signs in"
            ),
            Some(Suspend)
        );
        assert_ne!(
            reason_alone("550 this mailbox is temporarily closed"),
            Some(UserUnknown)
        );
        assert_ne!(
            reason_alone("550 mailbox closed until 1 june"),
            Some(UserUnknown)
        );
        // and a full one with an adverb or at capacity (RFC 3463 X.2.2)
        all_read_as(
            &[
                "552 mailbox is currently full",
                "552 the mailbox is at capacity",
                "452 mailbox has no more space",
            ],
            (MailboxFull, Strong),
        );
    }

    #[test]
    fn a_bad_sender_or_client_name_is_their_refusal() {
        // RFC 3463 X.1.7/X.1.8: the sender; RFC 5321 §4.1.4: the client's HELO or host name
        for (text, refusal) in [
            ("550 sender not found", Rejected),
            ("550 return path is not valid", Rejected),
            ("550 invalid originator", Rejected),
            ("550 your envelope sender has been denied", Rejected),
            ("553 the return-path was refused by policy", Rejected),
            ("550 unknown or invalid helo", Blocked),
            ("550 access denied - invalid helo name", Blocked),
            ("554 client host unknown", Blocked),
            ("554 your host is not allowed to connect", Blocked),
            // a server's address is a host's, not a mailbox
            ("550 your mail server's address is unknown to us", Blocked),
            ("550 the sending host's name does not exist", Blocked),
        ] {
            assert_eq!(reason_alone(text), Some(refusal), "{text}");
        }
        // a sender unknown to the recipient is the recipient's filter, not a bad address
        assert_eq!(
            reason("550 this mailbox accepts mail only from known contacts; the sender is unknown"),
            None
        );
    }

    #[test]
    fn a_mailbox_deleted_unlisted_or_misnamed_is_unknown_and_a_blocked_one_disabled() {
        // RFC 3463 X.1.1: a deleted mailbox no longer exists, a directory that does not list
        // the recipient has no mailbox for it; X.1.3: a mailbox name the server refuses
        all_read_as(
            &[
                "550 mailbox deleted",
                "550 this account has been deleted",
                "550 recipient mailbox no longer exists",
                "550 5.7.1 this address is no longer in use, write to office@example.org",
                "550 no mailbox found for jdoe@example.org",
                "550 could not find a mailbox for jdoe@example.org",
                "550 we do not have a user by that name",
                "550 there is no user with that address",
                "550 mailbox not exist",
                "local module(account jdoe) reports: account is not found",
                "550 user is not in the directory",
                "553 requested action not taken: mailbox name not allowed",
            ],
            (UserUnknown, Strong),
        );
        // RFC 3463 X.2.1: a mailbox its provider blocked is disabled, not the sender refused
        all_read_as(
            &[
                "550 account blocked due to inactivity",
                "554 the recipient's mailbox is blocked",
                "550 account is blocked",
            ],
            (Suspend, Strong),
        );
        // RFC 5782: a blocklist refuses a host it lists; "not listed" says the opposite
        assert_eq!(
            reason_alone("550 client host 192.0.2.1 is listed in zen.example"),
            Some(Blocked)
        );
        assert_eq!(
            reason_alone("550 sender is not listed in the allow list of this mailbox"),
            Some(Rejected)
        );
        assert_eq!(
            reason_alone("550 recipient not listed in the global address list"),
            Some(UserUnknown)
        );
        assert_eq!(
            reason_alone("550 the recipient isn't listed at this site"),
            None
        );
        // an allow list that does not list an address speaks of the sender
        assert_ne!(
            reason_alone("550 address not listed in the list of permitted senders"),
            Some(UserUnknown)
        );
        // the sender's own account blocked is the sender's refusal
        assert_eq!(
            reason_alone("550 your account has been blocked"),
            Some(Rejected)
        );
    }

    #[test]
    fn families_read_wordings_no_row_spells_out() {
        all_read_as(
            &[
                "550 mailbox unknown",
                "550 the addressee was not found",
                "550 5.1.1 recipient is not known here",
                "550 no user by that name",
                "550 e-mail address does not exist",
            ],
            (UserUnknown, Strong),
        );
        assert_eq!(reason("550 unknown address"), Some((UserUnknown, Weak)));
        // a removed mailbox is a deleted one; an address is removed from lists too
        assert_eq!(
            reason("550 this mailbox has been removed"),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            reason("550 address has been removed"),
            Some((UserUnknown, Weak))
        );
        assert_eq!(reason("address not found"), Some((UserUnknown, Strong)));
        assert_eq!(
            reason("mail domain could not be found"),
            Some((HostUnknown, Strong))
        );
        assert_eq!(reason("552 full inbox"), Some((MailboxFull, Strong)));
        // vpopmail's own words, carried in a qmail report without a code
        assert_eq!(
            reason("sorry, the user's maildir has overdrawn his diskspace quota, please try again later."),
            Some((MailboxFull, Strong))
        );
        assert_eq!(
            reason("552 mailbox size limit exceeded"),
            Some((MailboxFull, Strong))
        );
        assert_eq!(
            reason("550 the recipient does not have an account here"),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            reason("552 message for <a@b.example> would exceed mailbox quota"),
            Some((MailboxFull, Strong))
        );
        // Domino's mail file is its user's mailbox; "receiver" is the recipient
        assert_eq!(
            reason("unable to write to database because database would exceed its disk quota."),
            Some((MailboxFull, Strong))
        );
        assert_eq!(
            reason("receiver not found: 70000.1234"),
            Some((UserUnknown, Strong))
        );
        // a limit per hour is a rate
        assert_eq!(
            reason("domain shop.example has exceeded the max emails per hour (250/250 (100%)) allowed."),
            Some((Speeding, Weak))
        );
        all_read_as(
            &[
                "552 the number of messages in the recipient's mailbox exceeded its limit",
                "552 requested action aborted: mailbox has reached its limit",
                "552 this inbox is out of storage",
                "552 5.2.2 storedrv.deliver.exception:quotaexceededexception",
                "552 quota violation for a@b.example",
            ],
            (MailboxFull, Strong),
        );
        assert_eq!(
            reason("550 5.2.1 the email account that you tried to reach is disabled."),
            Some((Suspend, Strong))
        );
        assert_eq!(
            reason("450 4.2.1 the user you are trying to contact is receiving mail too quickly."),
            Some((Speeding, Strong))
        );
        assert_eq!(
            reason("421 4.7.0 our system has detected an unusual rate of unsolicited mail originating from your ip address."),
            Some((Blocked, Strong))
        );
        assert_eq!(
            reason("550 user has no mailbox on this system"),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            reason("550 this account has been temporarily suspended"),
            Some((Suspend, Strong))
        );
        for text in [
            "cannot send message for 5 days",
            "unable to deliver message after multiple retries",
            "maximum delivery attempts exceeded",
            "message is too old",
        ] {
            assert_eq!(reason_alone(text), Some(Expired), "{text}");
        }
        assert_eq!(reason("552 e-mail too large"), Some((MesgTooBig, Strong)));
        // a gateway's size rule cites the figures between the words
        assert_eq!(
            reason(
                "policy: inbound message size. message size 14.29 mb exceeds the limit of 10 mb."
            ),
            Some((MesgTooBig, Weak))
        );
        assert_eq!(reason("550 user is deactivated"), Some((Suspend, Strong)));
        // a message's form, a local program, a banned attachment
        assert_eq!(
            reason("550 5.7.0 header syntax: missing > in address in \"to:\" header"),
            Some((NotCompliantRfc, Strong))
        );
        assert_eq!(
            reason("550 there is no valid sender in any header line"),
            Some((Rejected, Strong))
        );
        assert_eq!(
            reason("message has lines too long for transport"),
            Some((NotCompliantRfc, Strong))
        );
        assert_eq!(
            reason("child process of address_pipe transport returned 69 (could mean service or program unavailable)"),
            Some((MailerError, Strong))
        );
        assert_eq!(
            reason("554 5.7.0 reject, id=01234-05 - banned: invoice.exe"),
            Some((PolicyViolation, Strong))
        );
        assert_eq!(
            reason("554 5.7.1 your ip is banned"),
            Some((Blocked, Strong))
        );
        // a list that does not exist is an address that does not exist
        for text in [
            "unknown list name \"grain-l\". this list was deleted",
            "550 5.1.1 mailbox unavailable (no such list: news@lists.example.org)",
        ] {
            assert_eq!(reason(text), Some((UserUnknown, Strong)), "{text}");
        }
        // a recipient's own size limit, not the organisation's or the system's
        assert_eq!(
            reason("550 5.2.3 resolver.rst.recipsizelimit; message too large for this recipient"),
            Some((ExceedLimit, Strong))
        );
        assert_eq!(
            reason(
                "550 5.2.3 resolver.rst.sendsizelimit.org; message too large for this organization"
            ),
            Some((MesgTooBig, Strong))
        );
        // Exchange Online's sending limit has "quota exceeded" in its name, said of the sender
        assert_eq!(
            reason("554 5.2.2 storedrv.submission.exception:submissionquotaexceededexception; failed to process message"),
            Some((Speeding, Strong))
        );
        // RFC 5429 §2.2: the recipient's Sieve script rejected it (Pigeonhole's MDN text)
        assert_eq!(
            reason("Your message to <jdoe@example.org> was automatically rejected: no ads"),
            Some((Filtered, Weak))
        );
        // a sender the person blocked is their filter's refusal, not a blocked host; a
        // server's or a domain's block stays the host's
        for text in [
            "550 5.7.1 <ana@example.org>: Sender blocked by recipient filter",
            "554 5.7.1 mail from this sender is blocked by the recipient",
            "550 5.7.1 Remetente bloqueado pelo destinatário",
            "550 remitente bloqueado por el destinatario",
            "550 5.7.1 recipient has blocked this sender",
            "Your mail could not be delivered because the recipient's mail filter setting rejected it",
            "受信者の迷惑メールフィルター設定により受信を拒否されました",
            "受信拒否設定により配信できませんでした",
        ] {
            assert_eq!(reason(text), Some((Filtered, Strong)), "{text}");
        }
        assert_eq!(
            reason("554 message blocked by recipient's server policy"),
            Some((Blocked, Strong))
        );
        // a forwarding alias or relay address its owner switched off may be on again; over the
        // host-takes-no-mail words the same reply carries
        for text in [
            "550 5.1.1 This alias has been disabled by its owner and does not accept email",
            "550 5.1.1 Recipient address rejected: this address has been deactivated",
        ] {
            assert_eq!(reason(text), Some((Suspend, Strong)), "{text}");
        }
        assert_eq!(
            reason("452 mailbox size exceeded"),
            Some((MailboxFull, Strong))
        );
        // Tencent QQ Mail's rate and content refusals
        assert_eq!(
            reason("550 connection frequency limited"),
            Some((TooManyConn, Strong))
        );
        assert_eq!(
            reason("550 domain frequency limited"),
            Some((Speeding, Strong))
        );
        assert_eq!(
            reason("550 mail content denied"),
            Some((SpamDetected, Strong))
        );
    }

    #[test]
    fn the_senders_or_clients_name_is_their_refusal() {
        // RFC 3463 X.1.7/X.1.8: the sender's address or domain
        for text in [
            "553 sender domain does not exist",
            "550 your e-mail address is invalid",
            "501 mail from address unknown",
            "550 5.7.1 your sending domain does not exist",
            "550 reply address unknown",
            "550 return address does not exist",
        ] {
            let (v, _) = find(text, Basis::Diagnostic, "").expect(text);
            assert_eq!(
                (v.reason, v.rule.key),
                (Rejected, "sender-address"),
                "{text}"
            );
        }
        // a server's reply labelled with a colon is no reply address
        let text = "result: rejected. server reply: mailbox closed - address no longer exists";
        let (v, _) = find(text, Basis::Diagnostic, "").expect(text);
        assert_eq!(v.reason, UserUnknown);
        // rows that name no noun of their own: the sender's word in their clause
        for text in [
            "553 sender domain has null mx",
            "550 your domain does not accept mail",
            "550 the sender's mailbox has moved",
        ] {
            let (v, _) = find(text, Basis::Diagnostic, "").expect(text);
            assert_eq!(
                (v.reason, v.rule.key),
                (Rejected, "sender-address"),
                "{text}"
            );
        }
        // a quota said of the sender is its sending limit; a message's size is its own; the
        // recipient's word speaks before the sender's
        all_read_as(
            &[
                "550 5.4.5 daily user sending quota exceeded.",
                "550 sender quota exceeded",
            ],
            (Speeding, Strong),
        );
        assert_eq!(
            reason("552 your message is too large"),
            Some((MesgTooBig, Strong))
        );
        assert_eq!(
            reason("550 5.6.11 smtpsend.barelinefeedsareillegal; message contains bare linefeeds"),
            Some((NotCompliantRfc, Strong))
        );
        assert_eq!(
            reason("550 no mail servers appear to exist for the recipients address."),
            Some((HostUnknown, Strong))
        );
        assert_eq!(
            reason("detections found: invoice.xlsm trojandownloader:o97m/obfuse. if you believe this message was blocked in error, call us"),
            Some((VirusDetected, Strong))
        );
        assert_eq!(
            reason("spam score 12.3 exceeds the threshold. tests: rdns_none=1.3, bayes_99=3.8"),
            Some((SpamDetected, Strong))
        );
        assert_eq!(
            reason("550 5.7.1 sender id (pra) not permitted"),
            Some((AuthFailure, Strong))
        );
        assert_eq!(
            reason("error: your article is too big."),
            Some((MesgTooBig, Strong))
        );
        assert_eq!(
            reason("552 your recipient's mailbox is full"),
            Some((MailboxFull, Strong))
        );
        all_read_as(
            &[
                "550 your recipient's address does not exist",
                "550 your destination address does not exist",
                "553 your recipient address is invalid",
            ],
            (UserUnknown, Strong),
        );
        assert_eq!(
            reason("550 the address you sent your message to does not exist"),
            Some((UserUnknown, Weak))
        );
        // qmail's "giving up on <host>" stops trying a host; the message did not expire
        assert_eq!(reason("551 user not local. giving up on 192.0.2.7."), None);
        assert_eq!(
            reason("could not deliver for 5 days. giving up."),
            Some((Expired, Weak))
        );
        // a failure found by verifying the sender is the sender's
        for text in [
            "550 no such user (sender verification failed)",
            "550 user unknown (callout verification of sender failed)",
        ] {
            assert_eq!(reason_alone(text), Some(Rejected), "{text}");
        }
        // a PTR lookup is of the connecting client's address: its host name is the client's
        assert_eq!(
            reason("550 host name unknown: ptr lookup failed for 192.0.2.1"),
            Some((RequirePtr, Strong))
        );
        assert_eq!(
            reason("556 recipient address has null mx"),
            Some((NotAccept, Strong))
        );
        for text in [
            "550 sending domain does not exist",
            "550 hostname of the sending server does not exist",
        ] {
            assert_eq!(reason_alone(text), Some(Rejected), "{text}");
        }
        // said of a thing that is no mailbox, an address failure's wording is no evidence
        for text in [
            "550 tls handshake failed: the server certificate is no longer valid",
            "550 your access token is no longer valid",
            "550 the license for this server is no longer valid",
            "550 message-id header does not exist",
            "550 the attachment you referenced does not exist",
            "550 the user's home directory does not exist",
            "550 mailbox path does not exist",
            "550 service unavailable: unknown host configuration",
            "550 unknown host response",
            "554 url domain not found in dns",
            "550 invalid username or password",
            // a bracket or full stop after the noun, as a prose report quotes a reply
            "(reason: 550 unknown host response)",
            "(reason: 550 invalid username or password.)",
        ] {
            assert_eq!(reason(text), None, "{text}");
        }
        // a condition or a guess states no address failure
        for text in [
            "550 if the user does not exist, contact the administrator",
            "550 perhaps the user is unknown",
            "550 this could mean the recipient does not exist",
        ] {
            assert_eq!(reason(text), None, "{text}");
        }
        // a hedge in another clause, or after the phrase, takes nothing from it
        for text in [
            "550 we could not deliver your message because the user does not exist",
            "550 user unknown; if you think this is wrong, write to the postmaster",
        ] {
            assert_eq!(reason_alone(text), Some(UserUnknown), "{text}");
        }
        assert_eq!(
            reason_alone("550 the domain in your from header does not exist"),
            Some(Rejected)
        );
        assert_eq!(
            reason("550 this email address is wrong or no longer valid"),
            Some((UserUnknown, Strong))
        );
        assert_eq!(
            reason("550 the key of this address is bad: this one does not exist"),
            Some((UserUnknown, Weak))
        );
        // "has moved" is the recipient's when said of a word for the mailbox or of its address,
        // not of a server
        assert_eq!(
            reason("550 the recipient has moved"),
            Some((HasMoved, Strong))
        );
        assert_eq!(
            reason("550 this mail server has moved, update your mx"),
            None
        );
        let kim = "kim@example.org";
        let (v, _) = find("550 <kim@example.org> has moved", Basis::Diagnostic, kim).expect("kim");
        assert_eq!(v.reason, HasMoved);
        // a bare predicate counts after the recipient's address or domain, never after another
        for (text, want) in [
            ("550 account kim@example.org not found", Some(UserUnknown)),
            ("550 mailbox kim not found", Some(UserUnknown)),
            ("550 mailbox tora not found", None),
            (
                "550 recipient kim@example.org is not known here",
                Some(UserUnknown),
            ),
            ("550 example.org not found", Some(HostUnknown)),
            ("550 s@a.example not found", None),
            ("550 the requested page not found", None),
        ] {
            let got = find(text, Basis::Diagnostic, kim).map(|(v, _)| v.reason);
            assert_eq!(got, want, "{text}");
        }
        // a host that refuses this sender or this content takes other mail
        assert_eq!(
            reason_alone("550 this recipient does not accept mail from your address"),
            Some(Rejected)
        );
        assert_eq!(
            reason_alone("554 example.org does not accept mail with attachments"),
            Some(PolicyViolation)
        );
        assert_eq!(
            reason_alone("556 example.org does not accept mail"),
            Some(NotAccept)
        );
        // a name of the sender's address earlier on the line
        for text in [
            "550 could not verify sender address: mailbox unavailable",
            "550 sender address s@a.example is not valid: domain does not exist",
            "550 return-path domain does not exist",
        ] {
            assert_eq!(reason_alone(text), Some(Rejected), "{text}");
        }
        let next_line = "the sender address was accepted.\n550 user unknown";
        assert_eq!(reason(next_line), Some((UserUnknown, Strong)));
        // a refusal of the sender outranks the address wording of its verification (Exim)
        let exim = "550 verification failed for <s@a.example> an mx or srv record indicated no smtp service sender verify failed";
        assert_eq!(reason_alone(exim), Some(Rejected));
        for text in [
            "554 helo host not found",
            "550 your ip address was not found in the list",
        ] {
            let (v, _) = find(text, Basis::Diagnostic, "").expect(text);
            assert_eq!((v.reason, v.rule.key), (Blocked, "client-host"), "{text}");
        }
        // an address of the message's header is none of a recipient: the header is refused
        // (RFC 5322 §3.6)
        all_read_as(
            &[
                "554 5.7.1 invalid email address in from header",
                "550 message rejected because it contains an invalid address in the reply-to header",
                "550 invalid address format in to: header",
                "553 5.1.3 invalid address in cc header",
                // the header named before the failing noun
                "554 5.7.1 reply-to header address domain does not exist",
            ],
            (NotCompliantRfc, Strong),
        );
        // a noun of a header's name is no mailbox either
        assert_eq!(
            reason("550 message contains invalid recipient headers"),
            None
        );
        // but a table or a reply's context is no header
        for text in [
            "550 5.1.1 user unknown in local recipient table",
            "550 user unknown (in reply to rcpt to command)",
            "550 user unknown, in to: header of the probe",
        ] {
            assert_eq!(reason_alone(text), Some(UserUnknown), "{text}");
        }
        // a count of failed addresses is a limit held against the sender, and a plural that
        // mail goes to a rule of the server's
        for text in [
            "550 message refused: too many invalid recipients in this session",
            "550 mail to nonexistent mailboxes is refused here",
        ] {
            assert_eq!(reason(text), None, "{text}");
        }
        assert_eq!(
            reason_alone("550 your ip address is not allowed to send to unknown users"),
            Some(Blocked)
        );
        // but not a singular, nor a list of failed ones
        for text in [
            "550 delivery to unknown user jdoe@example.org failed",
            "550 unknown users: jdoe@example.org",
        ] {
            assert_eq!(reason_alone(text), Some(UserUnknown), "{text}");
        }
        // the bounce address is the reverse-path, the sender's (RFC 5321 §4.1.1.2)
        assert_eq!(
            reason_alone("550 backscatter protection: the bounce address is invalid"),
            Some(Rejected)
        );
        // an address failure said of another address than the recipient's is none of its
        let kim = "kim@example.org";
        for text in [
            "550 callout verification failed: 550 5.1.1 <s@a.example> user unknown",
            "550 verification failed for <s@a.example> 550 no such user",
        ] {
            assert!(find(text, Basis::Diagnostic, kim).is_none(), "{text}");
            let own = text.replace("s@a.example", kim);
            let (v, _) = find(&own, Basis::Diagnostic, kim).expect(text);
            assert_eq!(v.reason, UserUnknown, "{own}");
        }
        // the recipient's own words stay an address failure
        assert_eq!(
            reason("550 recipient domain does not exist"),
            Some((HostUnknown, Strong))
        );
    }
}
