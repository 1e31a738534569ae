//! Families of phrases: a noun (what a failure is about: "user", "mailbox", "host") and a
//! predicate (what is wrong with it: "unknown", "not found", "is full"), every noun with every
//! predicate. Most MTAs word "the mailbox does not exist" and its kin this way; spelling out the
//! pairs reads wordings that no single MTA's table lists. Each family states its fact's source.

use crate::taxonomy::Reason::{self, *};

/// Phrases made of a noun (what the failure is about: "user", "mailbox") and a predicate
/// before it ("unknown "), after it (" not found") or around it ("no " … " by that name").
/// Every phrase is strong but those of a `vague` noun with a `vague` predicate, which also say
/// other things ("invalid address": a malformed one), and are weak.
pub struct Family {
    pub reason: Reason,
    pub nouns: &'static [&'static str],
    /// Nouns and predicates whose pairs are weak.
    pub vague: (&'static [&'static str], &'static [&'static str]),
    pub before: &'static [&'static str],
    pub after: &'static [&'static str],
    pub around: &'static [(&'static str, &'static str)],
    /// The fact, and texts of MTAs and providers that word it this way.
    pub source: &'static str,
}

/// The mailbox does not exist.
pub const NO_MAILBOX: Family = Family {
    reason: UserUnknown,
    nouns: &[
        "user",
        "username",
        "user name",
        "local user",
        // a hosting server's mail-only user (vmailmgr's vdeliver: "Invalid or unknown virtual
        // user 'kontakt'")
        "virtual user",
        "recipient",
        "recipient address",
        // the same person in other servers' English ("Receiver not found: 73412.1650")
        "receiver",
        "receiver address",
        "mailbox",
        "mail box",
        "account",
        "addressee",
        "local part",
        "local-part",
        "email address",
        "e-mail address",
        "destination address",
        "address",
    ],
    vague: (
        &["address"],
        &[
            "unknown ",
            "invalid ",
            " invalid",
            " is invalid",
            " is not valid",
            "not a valid ",
            // an address is removed from lists as often as from a mail system
            " was removed",
            " has been removed",
        ],
    ),
    before: &[
        "unknown ",
        "no such ",
        "invalid ",
        "nonexistent ",
        "non-existent ",
        "not a valid ",
        "not a known ",
        "could not find a ",
    ],
    after: &[
        " unknown",
        " is unknown",
        " not found",
        " is not found",
        " was not found",
        " could not be found",
        " couldn't be found",
        " does not exist",
        " doesn't exist",
        // the same without its auxiliary, as some servers word it ("User not exist")
        " not exist",
        " invalid",
        " is invalid",
        " is not valid",
        " not known",
        " is not known",
        " does not have an account",
        " doesn't have an account",
        " has no mailbox",
        " does not have a mailbox",
        " doesn't have a mailbox",
        // a directory lookup (Exchange, Domino, LDAP) that does not find the recipient
        " not in the directory",
        " is not in the directory",
        // a removed mailbox no longer exists (a deleted one is `DELETED`'s); a retired one is
        // no longer in use
        " no longer exists",
        " no longer in use",
        " is no longer in use",
        " was removed",
        " has been removed",
    ],
    around: &[
        ("no ", " by that name"),
        ("no ", " here by that name"),
        ("not have a ", " by that name"),
        ("no ", " found for"),
        ("no ", " with that address"),
    ],
    source: "RFC 3463 §3.2 X.1.1 'The mailbox specified in the address does not exist': a word \
             for the mailbox with one for its absence, as in Sendmail's 'User unknown' \
             (sysexits EX_NOUSER), RFC 5321 App. D's '550 No such user here', RFC 5321 §4.2.2's \
             'mailbox not found', qmail-local's 'no mailbox here by that name', Exchange's \
             'RecipNotFound', Exim 3's 'unknown local-part', CommuniGate Pro's 'account is not found'; a removed mailbox is \
             one that no longer exists, and one no longer in use is retired (X.1.6's 'has moved, \
             no forwarding address')",
};

/// The mailbox has moved away.
pub const MOVED: Family = Family {
    reason: HasMoved,
    nouns: NO_MAILBOX.nouns,
    vague: (&[], &[]),
    before: &[],
    after: &[" has moved", " has been moved"],
    around: &[],
    source: "RFC 3463 §3.2 X.1.6 'Destination mailbox has moved, No forwarding address': a word \
             for the mailbox with one for its move, as RFC 5321 §3.4's 551 'User not local' says \
             of a user",
};

/// The recipient's domain or host does not exist.
pub const NO_HOST: Family = Family {
    reason: HostUnknown,
    nouns: &[
        "host",
        "hostname",
        "host name",
        "domain",
        "domain name",
        "mail domain",
        "recipient domain",
    ],
    vague: (&[], &[]),
    // not "invalid ": a domain called invalid is as often the sender's or the client's
    // ("Invalid domain in HELO"), or a malformed one
    before: &[
        "unknown ",
        "no such ",
        "nonexistent ",
        "non-existent ",
        "unrouteable ",
    ],
    after: &[
        " unknown",
        " is unknown",
        " not found",
        " is not found",
        " was not found",
        " could not be found",
        " couldn't be found",
        " does not exist",
        " doesn't exist",
        // a name not in the DNS: not registered, or no answer but NXDOMAIN
        " not registered",
        " is not registered",
        " does not resolve",
        " doesn't resolve",
        // a registration that lapsed: the name is gone or parked without mail
        " has expired",
        " is expired",
    ],
    around: &[],
    source: "RFC 3463 §3.2 X.1.2 'The destination system specified in the address does not \
             exist': Sendmail's 'Host unknown' (sysexits EX_NOHOST), Postfix's 'Host not found' \
             (dns_strerror), glibc's 'Unknown host' (h_errlist), musl's 'Name does not resolve' \
             (EAI_NONAME), Exim's 'Unrouteable address'; a domain whose registration expired \
             has no mail host until it is renewed",
};

/// The mailbox is full.
pub const MAILBOX_FULL: Family = Family {
    reason: MailboxFull,
    nouns: &[
        "mailbox",
        "mail box",
        "inbox",
        "mailfolder",
        "mail folder",
        "account",
        "quota",
    ],
    vague: (&[], &[]),
    before: &["full "],
    after: &[
        " full",
        " is full",
        " is currently full",
        " size limit exceeded",
        " is at capacity",
        " has no more space",
        " space not enough",
        " has not enough space",
        " does not have enough space",
        " has insufficient space",
    ],
    around: &[],
    source: "RFC 3463 §3.3 X.2.2 'Mailbox full', as Exim's appendfile ('mailbox is full') and \
             Dovecot ('mailbox for user is full') word it",
};

/// The mailbox has reached its size or message limit.
pub const MAILBOX_LIMIT: Family = Family {
    reason: MailboxFull,
    nouns: &[
        "mailbox",
        "mail box",
        "inbox",
        "mailfolder",
        "mail folder",
        "maildir",
    ],
    vague: (&[], &[]),
    before: &[],
    after: &[
        " exceeded",
        " has exceeded",
        " capacity exceeded",
        " size exceeded",
        " has reached its limit",
        " has reached its size limit",
        " is over its",
        " is out of storage",
        " is out of space",
    ],
    around: &[],
    source: "RFC 3463 §3.3 X.2.2 'Mailbox full: the user has exceeded a per-mailbox \
             administrative quota or physical capacity': a word for the mailbox with one for \
             its limit reached, as in RFC 5321 §4.2.2's 'exceeded storage allocation'",
};

/// The mailbox's quota is used up.
pub const QUOTA: Family = Family {
    reason: MailboxFull,
    nouns: &[
        "quota",
        "mailbox quota",
        "storage quota",
        "disk quota",
        "the quota",
        "their quota",
        "its quota",
        // Domino: "database would exceed its disk quota" (the mail file is the mailbox)
        "its disk quota",
    ],
    vague: (&[], &[]),
    before: &["exceed ", "exceeded ", "exceeds ", "exceeding ", "over "],
    after: &[" exceeded", " violation"],
    around: &[],
    source: "RFC 3463 §3.3 X.2.2: 'the user has exceeded a per-mailbox administrative quota'; \
             Dovecot's 'Quota exceeded (mailbox for user is full)', Gmail's 'over quota'",
};

/// The message is larger than the receiving side takes.
pub const TOO_BIG: Family = Family {
    reason: MesgTooBig,
    // a list's posting is an "article" (RFC 5536's word for a Netnews message, fml's)
    nouns: &["message", "mail", "email", "e-mail", "article", "posting"],
    vague: (&[], &[]),
    before: &[],
    after: &[" too big", " too large", " is too big", " is too large"],
    around: &[],
    source: "RFC 3463 §3.4 X.3.4 'Message too big for system'; Exchange's \
             'RESOLVER.RST.RecipSizeLimit; message too large for this recipient'",
};

/// The mailbox exists but takes no mail.
pub const DISABLED: Family = Family {
    reason: Suspend,
    nouns: &["account", "mailbox", "mail box", "user", "alias", "address"],
    vague: (&[], &[]),
    before: &["disabled ", "inactive ", "suspended ", "deactivated "],
    after: &[
        " disabled",
        " is disabled",
        " has been disabled",
        " suspended",
        " is suspended",
        " has been suspended",
        " temporarily suspended",
        " has been temporarily suspended",
        " is temporarily suspended",
        " temporarily disabled",
        " has been temporarily disabled",
        " is temporarily disabled",
        " inactive",
        " is inactive",
        " is not active",
        " deactivated",
        " is deactivated",
        " has been deactivated",
        " is frozen",
        " is locked",
        " locked",
        " has expired",
        " is expired",
        " expired",
        // an adverb between the verb and its participle
        " is currently disabled",
        " is permanently disabled",
        " has been permanently disabled",
        " is currently suspended",
        " is no longer active",
        " is not currently active",
        // closed for a while: a closed one for good is `CLOSED`'s
        " temporarily closed",
        " is temporarily closed",
        " has been temporarily closed",
        // blocked by its provider: the mailbox's state, as La Poste's 'account is blocked'
        " blocked",
        " is blocked",
        " has been blocked",
    ],
    around: &[],
    source: "RFC 3463 §3.3 X.2.1 'Mailbox disabled, not accepting messages', RFC 5248 X.7.13 \
             'User Account Disabled'; Gmail 5.2.1 'The email account that you tried to reach is \
             disabled', vpopmail's 'account is locked'; an expired account is the same \
             state, which only its owner or provider can end",
};

/// The mailbox was shut down for good.
pub const CLOSED: Family = Family {
    reason: UserUnknown,
    nouns: &["account", "mailbox", "mail box"],
    vague: (&[], &[]),
    before: &["closed ", "terminated "],
    after: &[
        " closed",
        " is closed",
        " was closed",
        " has been closed",
        " permanently closed",
        " is permanently closed",
        " was permanently closed",
        " has been permanently closed",
        " terminated",
        " is terminated",
        " was terminated",
        " has been terminated",
        " discontinued",
        " was discontinued",
        " has been discontinued",
        " cancelled",
        " canceled",
        " has been cancelled",
        " has been canceled",
    ],
    around: &[],
    source: "RFC 3463 §3.3 X.2.1: a disabled mailbox is 'a permanent error if the mailbox will \
             never be re-enabled'; a mailbox its provider closed, terminated or discontinued is \
             one that will not be, as one deleted (X.1.1)",
};

/// The mailbox was deleted: it no longer exists, whatever status comes with the words.
pub const DELETED: Family = Family {
    reason: UserUnknown,
    nouns: NO_MAILBOX.nouns,
    vague: (&[], &[]),
    before: &[],
    after: &[
        " deleted",
        " was deleted",
        " has been deleted",
        " permanently deleted",
        " was permanently deleted",
        " has been permanently deleted",
    ],
    around: &[],
    source: "RFC 3463 §3.2 X.1.1 'The mailbox specified in the address does not exist': a \
             deleted mailbox no longer does; said under X.2.1 it is the mailbox that 'will never \
             be re-enabled', the permanent error RFC 3463 §3.3 names",
};

/// The envelope sender's address or domain is refused.
pub const BAD_SENDER: Family = Family {
    reason: Rejected,
    nouns: &[
        "sender",
        "sender address",
        "originator",
        "envelope sender",
        "return path",
        "return-path",
        "reverse path",
        "reverse-path",
    ],
    vague: (&[], &[]),
    // not "unknown": a sender unknown to the recipient ("accepts mail only from known
    // contacts; the sender is unknown") is the recipient's filter, not a bad address
    before: &["invalid ", "nonexistent ", "non-existent "],
    after: &[
        " not found",
        " invalid",
        " is invalid",
        " not valid",
        " is not valid",
        " does not exist",
        " doesn't exist",
        // refused by policy (X.7.1), whatever the status beside it says
        " has been denied",
        " was denied",
        " has been refused",
        " was refused",
        " has been rejected",
        " was rejected",
        " is not accepted",
    ],
    around: &[],
    source: "RFC 3463 §3.2 X.1.7 'Bad sender's mailbox address syntax' and X.1.8 'Bad \
             sender's system address', §3.8 X.7.1 'Delivery not authorized, message refused': \
             the envelope sender (RFC 5321 §4.1.1.2's reverse-path) is refused, nothing is \
             said of the recipient",
};

/// The connecting client's name is refused.
pub const BAD_CLIENT: Family = Family {
    reason: Blocked,
    nouns: &[
        "helo",
        "ehlo",
        "helo name",
        "helo hostname",
        "client host",
        "client hostname",
    ],
    vague: (&[], &[]),
    before: &["unknown ", "invalid ", "bad "],
    after: &[
        " unknown",
        " is unknown",
        " invalid",
        " is invalid",
        " not valid",
        " is not valid",
        " not found",
        " does not exist",
    ],
    around: &[],
    source: "RFC 5321 §4.1.4: a server may refuse the client by the name it gives in HELO or \
             EHLO, or by the name its address has (Postfix's 'Helo command rejected: Invalid \
             name', reject_unknown_client_hostname); nothing is said of the recipient",
};

impl Family {
    /// Every phrase of the family, and whether it is vague (weak evidence).
    pub fn spell_out(&'static self) -> impl Iterator<Item = (String, bool)> {
        self.nouns.iter().flat_map(move |noun| {
            let vague =
                |predicate: &str| self.vague.0.contains(noun) && self.vague.1.contains(&predicate);
            let before = self
                .before
                .iter()
                .map(move |p| (format!("{p}{noun}"), vague(p)));
            let after = self
                .after
                .iter()
                .map(move |p| (format!("{noun}{p}"), vague(p)));
            let around = self
                .around
                .iter()
                .map(move |(a, b)| (format!("{a}{noun}{b}"), false));
            before.chain(after).chain(around)
        })
    }

    /// The predicates that follow the noun ("is disabled", "is full"), for saying of a name:
    /// the recipient's address names the mailbox itself ("The account <a@b> is disabled").
    /// Those the family finds vague with some noun are left out: said of an address they may
    /// mean a malformed one.
    pub fn predicates(&'static self) -> impl Iterator<Item = &'static str> {
        self.after
            .iter()
            .filter(|p| !self.vague.1.contains(p))
            .map(|p| p.trim_start())
    }
}
