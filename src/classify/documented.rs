//! Rejection texts as providers and MTAs document or send them, each read with the status its
//! text carries where a status stands (`5.0.0` where it carries none, so that the words decide): the classifier
//! must give the category the source states. None of these texts was taken from the
//! development corpus.

use super::{category, reason};
use crate::report::text::failure_status;
use crate::report::Entry;
use crate::taxonomy::{Action, Category, Kind};

use Category::{Block, Hard, Soft};

/// (text, category, where the text comes from).
#[rustfmt::skip]
const TEXTS: &[(&str, Category, &str)] = &[
    ("550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos", Hard, "Gmail SMTP errors, 5.1.1"),
    ("550-5.2.1 The email account that you tried to reach is disabled.", Soft, "Gmail SMTP errors, 5.2.1"),
    ("552-5.2.2 The email account that you tried to reach is over quota.", Soft, "Gmail SMTP errors, 5.2.2"),
    ("550-5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", Block, "Gmail SMTP errors, 5.7.1"),
    ("550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.", Block, "Gmail SMTP errors, 5.7.26"),
    ("550-5.7.32 Your email has been rejected because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.", Block, "Gmail SMTP errors, 5.7.32"),
    ("550-5.7.1 Invalid credentials for relay [192.0.2.1]. The IP address you've registered in your Google Workspace SMTP Relay service doesn't match the domain of the account this email is being sent from.", Soft, "Gmail SMTP errors, 5.7.1 (SMTP relay service)"),
    ("550-5.7.25 The IP address sending this message does not have a PTR record setup", Block, "Gmail SMTP errors, 5.7.25"),
    ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", Hard, "Exchange Online NDR 5.1.10"),
    ("The email address you entered couldn't be found. Please check the recipient's email address and try to resend the message.", Hard, "Exchange 2013+ NDR for RESOLVER.ADR.RecipNotFound"),
    ("neko wasn't found at b.example.", Hard, "Exchange Online NDR heading for an unknown recipient"),
    ("550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", Hard, "Exchange Online NDR 5.4.1 (directory-based edge blocking)"),
    ("554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)", Block, "Deutsche Telekom (T-Online) inbound MX"),
    ("550 5.7.606 Access denied, banned sending IP [192.0.2.1].", Block, "Exchange Online NDR 5.7.606-649"),
    ("554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException", Soft, "Exchange Online NDR 5.2.2"),
    ("550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.", Block, "Exchange Online NDR 5.7.509"),
    ("550 5.7.515 Access denied, sending domain example.com doesn't meet the required authentication level.", Block, "Exchange Online NDR 5.7.515"),
    ("554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain", Hard, "Exchange Online NDR 5.4.4"),
    ("554 5.4.4 SMTPSEND.DNS.MxLoopback; DNS records for the destination domain are configured to loop back to this server", Soft, "Exchange NDR 5.4.4, MX pointing back at the sender (RFC 5321 §5.1)"),
    ("550 5.7.124 RESOLVER.RST.SenderNotAllowed; Sender not in allowed-senders list", Block, "Exchange Online NDR 5.7.124"),
    ("554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]", Hard, "Yahoo SMTP error codes, 554"),
    ("554 delivery error: dd Sorry your message to a@yahoo.com cannot be delivered. This mailbox is disabled (554.30)", Soft, "Yahoo SMTP error codes, 554.30"),
    ("553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.", Block, "Yahoo SMTP error codes, TSS09"),
    ("554 5.7.1 [CS01] Message rejected due to local policy.", Block, "Apple iCloud mail server errors, CS01"),
    ("552 5.2.2 <a@icloud.com>: user is over quota", Soft, "Apple iCloud mail server errors"),
    ("550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table", Hard, "Postfix smtpd, reject_unlisted_recipient"),
    ("Host or domain name not found. Name service error for name=b.example type=MX: Host not found", Hard, "Postfix smtp, dns_lookup"),
    ("550 Unrouteable address", Hard, "Exim, router failure"),
    ("Sorry, no mailbox here by that name. (#5.1.1)", Hard, "qmail-local"),
    ("550 5.7.27 Sender address has null MX", Block, "RFC 7505 §4.3: the sender's domain has a null MX"),
    ("556 5.1.10 Recipient address has null MX", Hard, "RFC 7505 §4.2: the recipient's domain has a null MX"),
    ("550 Mailbox not found. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000728", Hard, "Tencent QQ Mail error codes"),
    ("550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722", Soft, "Tencent QQ Mail error codes"),
    ("550 Mail content denied. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726", Block, "Tencent QQ Mail error codes"),
    ("553 Mail data refused by AISP, rule [169648].", Block, "China Mobile 139.com anti-spam (AISP)"),
    ("550 Mailbox is frozen. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000729", Soft, "Tencent QQ Mail error codes"),
    ("Sorry, I couldn't find any host named b.example. (#5.1.2)", Hard, "qmail-remote"),
    ("The users mailfolder is over the allowed quota (size). (#5.2.2)", Soft, "vpopmail / qmail quota"),
    ("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org", Block, "Postfix smtpd, reject_rbl_client"),
    ("554 5.7.1 <a@b.example>: Relay access denied", Soft, "Postfix smtpd, reject_unauth_destination (the receiving side's setup)"),
    ("550 5.7.1 <s@a.example>: Sender address rejected: Access denied", Block, "Postfix smtpd, check_sender_access"),
    ("553 5.1.8 <s@a.example>... Domain of sender address s@a.example does not exist", Block, "Sendmail, check_mail"),
    ("550-Verification failed for <s@a.example> 550-Unrouteable address 550 Sender verify failed", Block, "Exim, verify = sender"),
    ("550 5.3.2 System not accepting network messages", Soft, "RFC 3463 X.3.2 (the host's state)"),
    ("550 5.1.1 Amazon SES did not send the message to this address because it is on the suppression list for your account.", Soft, "Amazon SES account-level suppression list (bounce subtype OnAccountSuppressionList)"),
    ("554 5.7.1 recipient address suppressed due to customer policy", Soft, "SparkPost suppression list"),
];

#[test]
fn documented_texts_get_their_category() {
    for (text, expected, source) in TEXTS {
        let entry = Entry {
            action: Action::Failed,
            status: failure_status(text).unwrap_or("5.0.0").into(),
            diagnostic: (*text).into(),
            ..Entry::empty()
        };
        let r = reason(Kind::Dsn, &entry, "");
        assert_eq!(category(r, &entry), *expected, "{source}: {text} -> {r:?}");
    }
}
