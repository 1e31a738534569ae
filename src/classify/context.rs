//! What a matched phrase is said of. The tables of `patterns` name causes; the words around a
//! phrase say whose cause it is: the recipient's, the sender's (RFC 3463 X.1.7, X.1.8), the
//! connecting client's (RFC 5321 §4.1.4), a header field's (RFC 5322 §3.6), or a thing's that
//! is no mailbox at all; and whether the text reports it or only guesses at it.

use super::rule::{Basis, Rule, Verdict};
use crate::report::phrases::Phrases;
use crate::report::text::clip;
use crate::taxonomy::Reason::{self, *};

/// Words right before a family's phrase that make it about the sender's address or domain
/// ("sender address unknown", "your domain does not exist"): RFC 3463 X.1.7 and X.1.8 are the
/// sender's counterparts of X.1.1 and X.1.2.
const SENDER_WORDS: &[&str] = &[
    "sender",
    "sender's",
    "senders",
    "from",
    "originator",
    "sending",
    "your",
    // the reverse-path is the address replies and bounces return to (RFC 5321 §4.1.1.2)
    "reply",
    "return",
    "bounce",
];

/// Names of the sender's address or domain: an address failure after one on the same line
/// ("Could not verify sender address: mailbox unavailable", "Sender address <s@a> is not valid:
/// domain does not exist", "DNS lookup of your sending domain failed: no such domain") is the
/// sender's (RFC 3463 X.1.7, X.1.8). MAIL FROM carries the sender's address (RFC 5321
/// §4.1.1.2): "Mail from example.com refused: domain does not exist".
const SENDER_NAMES: &[&str] = &[
    "sender address",
    "sender's address",
    "sender domain",
    "sender's domain",
    "sending domain",
    "your domain",
    "envelope sender",
    "return-path",
    "return path",
    "verify sender",
    "mail from",
    // the sender in the languages of `localized`
    "absender",
    "expéditeur",
    "expediteur",
    "remitente",
    "remetente",
    "mittente",
    "afzender",
    "nadawca",
    "avsändare",
    "отправител",
    "发件人",
    "發件人",
    "送信者",
    "差出人",
];

static SENDER_NAME: Phrases = Phrases::new(SENDER_NAMES);

/// Whether a sender's name stands on the last line of `before`, within `LINE_WINDOW` bytes,
/// with no recipient named after it: in "MAIL FROM:<s> … RCPT TO:<recipient> … user unknown"
/// the nearer name, the recipient's, speaks. One automaton pass over at most that much text.
pub(super) fn sender_name_on_line(before: &str, recipient: &str) -> bool {
    let line = last_bytes(before, LINE_WINDOW)
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let Some(end) = SENDER_NAME.spans(line).map(|(_, end)| end).max() else {
        return false;
    };
    let rest = &line[end..];
    !(!recipient.is_empty() && rest.contains(recipient)
        || rest.contains("rcpt")
        || RECIPIENT_WORDS.iter().any(|w| rest.contains(w)))
}

/// Words among the two before a family's phrase that make it about the connecting host ("client host
/// unknown", "helo host not found", "IP address not found"): RFC 5321 §4.1.4 lets a server
/// refuse the client by the name it gives or has; an IP address is a host's, never a mailbox.
/// A server's or host's address or name is a host's too; the server a reply speaks of in the
/// possessive is the one it talks to ("your mail server's address is unknown").
const CLIENT_WORDS: &[&str] = &["client", "helo", "ehlo", "ip", "server's", "host's"];

/// The header fields that carry addresses (RFC 5322 §3.6.2, §3.6.3, §3.6.6).
const ADDRESS_FIELDS: &[&str] = &[
    "from",
    "sender",
    "reply-to",
    "to",
    "cc",
    "bcc",
    "resent-from",
    "resent-sender",
    "resent-to",
    "resent-cc",
    "resent-bcc",
];

/// Where the words right after a family's phrase place the address, when not in the
/// recipient's envelope. In the message's header ("invalid email address in From header",
/// "invalid address format in To: header", "in the Reply-To field"): the message is refused for
/// its header (RFC 5322 §3.6), no recipient's address failed. In the MAIL FROM command or the
/// reverse-path ("unknown user in MAIL FROM"): the sender's (RFC 5321 §4.1.1.2). "in" may
/// follow the phrase by two words, within its clause; a field other than From is named as one
/// (a colon, "header" or "field" after it).
pub(super) fn placed_in(after: &str) -> Option<Whose> {
    let mut words = crate::report::text::clip(after, 80).split_whitespace();
    let mut found = false;
    for word in words.by_ref().take(3) {
        if word == "in" {
            found = true;
            break;
        }
        if word.ends_with(['.', ',', ';', ':', '(', ')']) || word.starts_with(['(', '<']) {
            return None;
        }
    }
    if !found {
        return None;
    }
    let field = match words.next() {
        Some("the") => words.next(),
        word => word,
    }?;
    let next = words.next();
    if field == "mail" && next.is_some_and(|w| w.starts_with("from")) || is_reverse_path(field) {
        return Some(Whose::Sender);
    }
    let named_as_field = next.is_some_and(|w| w.starts_with("header") || w.starts_with("field"));
    let name = field.trim_end_matches(':');
    let header = field.starts_with("header")
        || ADDRESS_FIELDS.contains(&name)
            && (name == "from" || field.ends_with(':') || named_as_field);
    header.then_some(Whose::Header)
}

/// Whether `word` names the reverse-path (RFC 5321 §4.1.1.2), which carries the sender's
/// address.
fn is_reverse_path(word: &str) -> bool {
    matches!(
        word.trim_end_matches([':', '.', ',']),
        "reverse-path" | "return-path" | "envelope-from"
    )
}

/// Whether the family's phrase at byte `at` of `lower`, `after` following it, speaks of a
/// class of addresses, not of this recipient. Counted ("too many unknown recipients"): a limit
/// on how many addresses failed in the session, which the receiver holds against the sender
/// (directory harvest protection). A plural that mail goes to ("not allowed to send to unknown
/// users"): a rule of the server's.
pub(super) fn of_a_class(lower: &str, at: usize, after: &str) -> bool {
    let before = &lower[..at];
    let plural = matches!(word_rest(after), "s" | "es");
    before.ends_with("too many ") || plural && before.ends_with(" to ")
}

/// Whose address or host a family's phrase speaks of, when not the recipient's.
#[derive(Clone, Copy)]
pub(super) enum Whose {
    Sender,
    Client,
    /// An address of the message's header fields, not of its envelope.
    Header,
}

impl Whose {
    /// The word's owner, if `word` names one.
    fn of(word: &str) -> Option<Whose> {
        if SENDER_WORDS.contains(&word) {
            Some(Whose::Sender)
        } else if CLIENT_WORDS.contains(&word) {
            Some(Whose::Client)
        } else {
            None
        }
    }

    /// The refusal it is, found in text of `basis`.
    /// What a phrase of `reason` said of this party is: a quota is the party's own sending
    /// limit; anything else (an address, a domain, an account) refuses the party.
    pub(super) fn verdict(self, basis: Basis, reason: Reason) -> Verdict {
        match self {
            Whose::Header => Verdict::new(NotCompliantRfc, Rule::new(basis, "header-address", "RFC 5322 §3.6: the address that failed is one of the message's header fields ('in the Reply-To header'), so the message is refused for its header; no recipient's address failed")),
            _ if reason == MailboxFull => Verdict::new(Speeding, Rule::new(basis, "sender-quota", "Google Workspace sending limits (Gmail 550 5.4.5 'Daily user sending quota exceeded'): a quota said of the sender or the client is its own sending limit, not the recipient's mailbox")),
            Whose::Sender => Verdict::new(Rejected, Rule::new(basis, "sender-address", "RFC 3463 §3.2 X.1.7/X.1.8: the address or domain that failed is the sender's ('sender', 'sending', 'from', 'your' before it)")),
            Whose::Client => Verdict::new(Blocked, Rule::new(basis, "client-host", "RFC 5321 §4.1.4: the host that failed is the connecting client ('client', 'helo', 'ip' before it)")),
        }
    }
}

/// Words right before a family's phrase that say it is the recipient's ("your recipient's
/// mailbox is full"): the nearer word speaks first.
const RECIPIENT_WORDS: &[&str] = &[
    "recipient",
    "recipient's",
    "recipients",
    "addressee",
    "addressee's",
    "destination",
];

/// Whose a family's phrase at byte `at` of `lower` is said of, by the two words before it
/// (the nearer speaks first: "your ip address" is the client's). A message's size is its own
/// whoever sent it ("your message is too large"), so that family has no party.
pub(super) fn family_party(lower: &str, at: usize, phrase: &str, reason: Reason) -> Option<Whose> {
    // a family's own noun may name the recipient ("recipient address is invalid")
    if reason == MesgTooBig || RECIPIENT_WORDS.iter().any(|w| phrase.starts_with(w)) {
        return None;
    }
    let (start, last) = word_before(lower, at);
    let (second_start, second) = word_before(lower, start);
    for (word, word_start) in [(last, start), (second, second_start)] {
        if RECIPIENT_WORDS.contains(&word) {
            return None;
        }
        // "Server reply: mailbox closed": a reply labelled with a colon is what a server
        // said, not the reply address
        if word == "reply" && lower[word_start + word.len()..].starts_with(':') {
            return None;
        }
        // "Reply-To header address domain does not exist": the noun is a header field's
        if word == "header" {
            return Some(Whose::Header);
        }
        if let Some(whose) = Whose::of(word) {
            return Some(whose);
        }
    }
    None
}

/// How far back a clause and a line are looked for. Their readers take a clause's last few
/// words and a line's sender names; a text without punctuation or line breaks (a megabyte of
/// prose) must not be scanned back to its start for every phrase.
const CLAUSE_WINDOW: usize = 200;
const LINE_WINDOW: usize = 1000;

/// The last `bytes` bytes of `text` (fewer where a character would be cut).
fn last_bytes(text: &str, bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// The clause `before` ends in: what follows its last punctuation mark, within the last
/// `CLAUSE_WINDOW` bytes.
pub(super) fn clause_of(before: &str) -> &str {
    let tail = last_bytes(before, CLAUSE_WINDOW);
    tail.rfind([':', ';', ',', '.', '(', ')', '<', '>', '"'])
        .map_or(tail, |i| &tail[i + 1..])
}

/// Whose an address-failure row that names no noun of its own is said of ("sender domain has
/// null mx", "your domain does not accept mail", "the sender's mailbox has moved"): a sender's
/// or client's word among the three last words of `clause`, the one it ends (`clause_of`).
pub(super) fn party_in_clause(clause: &str) -> Option<Whose> {
    let mut words = clause.split_whitespace().rev().peekable();
    // "the domain you are sending to does not exist": what is sent to is the recipient's
    if words.peek() == Some(&"to") {
        return None;
    }
    // a name apposed to its noun is no word of the clause ("your domain example.com has no MX")
    words
        .filter(|w| !w.contains(['.', '@']))
        .take(3)
        .find_map(Whose::of)
}

/// Nouns that name no mailbox: an address failure said of one ("the server certificate is no
/// longer valid", "Message-ID header does not exist") reports on a certificate or a header,
/// not on an address (RFC 3463 §3.2: the addressing statuses are about the
/// address).
const THINGS: &[&str] = &[
    "certificate",
    "token",
    "link",
    "url",
    "uri",
    "page",
    "license",
    "licence",
    "header",
    "headers",
    "field",
    "message-id",
    "key",
    "signature",
    "password",
    "credentials",
    "session",
    "command",
    "attachment",
    "configuration",
    "directory",
    "path",
    "database",
    "file",
    "response",
];

/// Whether the text right after a phrase starts with a thing that is no mailbox, which the
/// phrase then qualifies ("unknown host configuration") or is paired with ("invalid username
/// or password"): it says nothing of an address.
fn names_a_thing(after: &str) -> bool {
    if !after.starts_with([' ', '/']) {
        return false;
    }
    let mut words = after
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty());
    // "invalid username or password": the pair is a login's
    let word = match words.next() {
        Some("or" | "and") => words.next(),
        word => word,
    };
    // a closing bracket or a full stop is no part of the noun ("(reason: 550 Unknown host
    // response)")
    word.is_some_and(|w| THINGS.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

/// Whether the address-failure phrase at byte `at` of `lower` speaks of a thing that is no
/// mailbox: a family's phrase (`family`) right after one ("url domain not found"), a bare
/// predicate whose nearest noun is one (`said_of_a_thing`), or a phrase that qualifies one or
/// is paired with one (`names_a_thing`).
pub(super) fn about_a_thing(
    lower: &str,
    at: usize,
    clause: &str,
    after: &str,
    family: bool,
) -> bool {
    let before = if family {
        THINGS.contains(&word_before(lower, at).1)
    } else {
        said_of_a_thing(clause)
    };
    before || names_a_thing(after)
}

/// Whether a phrase ends inside a longer word other than its plural ("invalid user" in
/// "invalid username or password"): that word is another noun.
pub(super) fn ends_inside_a_word(phrase: &str, after: &str) -> bool {
    phrase.ends_with(|c: char| c.is_alphanumeric() && !is_unspaced_script(c))
        && !matches!(word_rest(after), "" | "s" | "es")
}

/// Whether `c` is of a script written without spaces between words (Chinese ideographs,
/// Japanese kana), where a phrase ends at no word boundary.
fn is_unspaced_script(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// The rest of the word a phrase ends in: the letters and digits that follow it.
fn word_rest(after: &str) -> &str {
    after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// Whether a predicate said of a name is one. A one-word predicate ("unknown", "disabled",
/// "full") is an adjective, and where a word follows it qualifies that word ("<a@b>: 550
/// Unknown internal error", "<a@b>: unknown address in From: header", whose noun a family's
/// own phrase reads): it is a predicate only where its clause ends ("<a@b>... disabled."), or
/// where qmail-remote's own line after the reply follows ("Giving up on <host>.", which the
/// reader joins to the reply).
pub(super) fn is_predicate(predicate: &str, after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\t']);
    predicate.contains(' ')
        || after.starts_with(QMAIL_GIVING_UP)
        || after.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// The line qmail-remote writes after a remote host's reply (qmail-remote.c).
const QMAIL_GIVING_UP: &str = "giving up on ";

/// Whether the name at byte `name_at` of `lower` is the object of a preposition, not the
/// subject of the words after it: it follows "to" ("delivery to <a@b>"), or "for" after a noun
/// other than the family's `nouns` ("mail for <a@b> was deleted", "the message for user jdoe"),
/// which the words after it are then said of ("the mailbox for <a@b> is full" is the mailbox's).
pub(super) fn object_of_preposition(lower: &str, name_at: usize, nouns: &[&str]) -> bool {
    let before = up_to_name(&lower[..name_at]);
    if before.ends_with(" to") || before == "to" {
        return true;
    }
    // a noun naming the name stands with it ("for user jdoe")
    let (start, word) = word_before(before, before.len());
    let before = if ends_a_noun(nouns, word) {
        up_to_name(&before[..start])
    } else {
        before
    };
    let Some(head_end) = before.strip_suffix(" for").map(str::len) else {
        return false;
    };
    let head = word_before(before, head_end).1;
    !head.is_empty() && !ends_a_noun(nouns, head)
}

/// Whether a word of `nouns` stands right before the name at `name_at`: "user <a@b> does not
/// exist" is the family's "user does not exist" with the name of whom it is said between.
pub(super) fn noun_names(lower: &str, name_at: usize, nouns: &[&str]) -> bool {
    let before = up_to_name(&lower[..name_at]);
    ends_a_noun(nouns, word_before(before, before.len()).1)
}

/// `before` (the text before a name) without the spaces and opening marks that wrap the name.
fn up_to_name(before: &str) -> &str {
    before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '<' | '"' | '\'' | '['))
}

/// Whether `word` is the last word of one of `nouns` ("box" of "mail box").
fn ends_a_noun(nouns: &[&str], word: &str) -> bool {
    nouns.iter().any(|n| n.rsplit(' ').next() == Some(word))
}

/// Words that open a relative clause after a noun ("the user you are trying to reach", "the
/// account that you emailed", "the mailbox to which you sent").
const RELATIVE_OPENERS: &[&str] = &["you", "that", "which", "who", "whom", "to", "we", "i"];

/// Where `clause`, the one a predicate ends, is a family's noun and a relative clause of at
/// most eight words ("The mailbox you tried to reach [is disabled]"), the clause up to the end
/// of the noun: the predicate is said of the mailbox the sender wrote to. Not where the noun is
/// the sender's or the client's ("your account that …") or the clause says where the mail came
/// from ("the account you send from").
pub(super) fn subject_of_relative_clause<'a>(clause: &'a str, nouns: &[&str]) -> Option<&'a str> {
    let words: Vec<&str> = clause.split_whitespace().collect();
    let noun = words.iter().rposition(|w| ends_a_noun(nouns, w))?;
    let relative = &words[noun + 1..];
    let party = noun > 0 && Whose::of(words[noun - 1]).is_some();
    let read = relative
        .first()
        .is_some_and(|w| RELATIVE_OPENERS.contains(w))
        && relative.len() <= 8
        && !party
        && !relative.contains(&"from");
    // the words are slices of `clause`
    let end = words[noun].as_ptr() as usize - clause.as_ptr() as usize + words[noun].len();
    read.then(|| &clause[..end])
}

/// Nouns that name a mailbox, its address or its domain: the subject a predicate is said of.
const MAILBOX_NOUNS: &[&str] = &[
    "address",
    "mailbox",
    "account",
    "user",
    "recipient",
    "addressee",
    "email",
    "e-mail",
    "inbox",
    "alias",
    "name",
    "domain",
    "host",
];

/// Whose the name at byte `name_at` of `lower` is by the words before it in its clause
/// ("sender address <s@a.example>", "helo name mta.a.example", "the sender's domain
/// 'a.example'").
pub(super) fn party_before_name(lower: &str, name_at: usize) -> Option<Whose> {
    let before = lower[..name_at]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '<' | '"' | '\'' | '[' | ':'));
    party_in_clause(clause_of(before))
}

/// Words that make what follows them in a clause a condition or a guess, not a report: "if
/// the user does not exist", "perhaps the user is unknown", "this could mean the recipient
/// does not exist". RFC 3463 §3.2's X.1.1 states that the mailbox does not exist; MTAs also
/// list possible causes as boilerplate (Exchange's "The address may be misspelled or may not
/// exist"), which state nothing.
const HEDGES: &[&str] = &[
    "if", "perhaps", "maybe", "possibly", "probably", "whether", "mean", "may", "might",
];

/// Whether a hedge comes among the last five words of `clause`, the one an address-failure
/// phrase ends (`clause_of`).
pub(super) fn hedged(clause: &str) -> bool {
    clause
        .split_whitespace()
        .rev()
        .take(5)
        .any(|w| HEDGES.contains(&w))
}

/// Words that refuse the sender's right to post, which a server may give as the other
/// alternative to non-existence so as not to tell which holds (Google Groups answers an
/// outsider "permission denied or group does not exist", "does not accept posts from external
/// senders, or the group does not exist").
const NO_PERMISSION: &[&str] = &[
    "permission",
    "not accept posts",
    "not allowed to post",
    "not authorized",
    "not authorised",
    "not permitted",
];

/// Whether an address failure ending `clause` is one of two alternatives ("... or the group
/// does not exist") whose other one, in the sentence before it, refuses the sender's right to
/// post: a report that will not say which holds says neither.
pub(super) fn an_alternative_to_a_refusal(before: &str, clause: &str) -> bool {
    clause.split_whitespace().rev().take(5).any(|w| w == "or") && {
        let tail = last_bytes(before, CLAUSE_WINDOW);
        let sentence = tail
            .rfind(['.', ';', '\n'])
            .map_or(tail, |i| &tail[i + 1..]);
        NO_PERMISSION.iter().any(|p| sentence.contains(p))
    }
}

/// Whether the words after an address failure, up to the end of its clause, set it a term
/// ("mailbox closed to incoming mail until the owner verifies", "temporarily"): RFC 3463
/// §3.3's X.2.1 is permanent only "if the mailbox will never be re-enabled".
pub(super) fn for_a_time(after: &str) -> bool {
    // eight words lie within this many bytes: a bounded window keeps long prose without
    // punctuation linear, however many phrases it holds
    let after = clip(after, 160);
    let end = after.find(['.', ';', '\n']).unwrap_or(after.len());
    after[..end]
        .split_whitespace()
        .take(8)
        .any(|w| matches!(w, "until" | "till" | "temporarily"))
}

/// Whether an address-failure row that names no noun of its own is said of a thing that is
/// no mailbox: the nearest noun among the last five words of `clause`, the one it ends, is one
/// of `THINGS` rather than a word for a mailbox.
fn said_of_a_thing(clause: &str) -> bool {
    nearest_noun(clause).is_some_and(|w| THINGS.contains(&w))
}

/// Whether the nearest noun of `clause` (`nearest_noun`) is a domain or a host: a row said
/// of any name ("does not exist") then says the destination system does not exist (RFC 3463
/// X.1.2), as "The domain you are sending to does not exist".
pub(super) fn said_of_a_host(clause: &str) -> bool {
    matches!(nearest_noun(clause), Some("domain" | "host"))
}

/// The nearest noun among the last five words of `clause` that is one of `THINGS` or of
/// `MAILBOX_NOUNS`.
fn nearest_noun(clause: &str) -> Option<&str> {
    clause
        .split_whitespace()
        .rev()
        .take(5)
        .find(|w| THINGS.contains(w) || MAILBOX_NOUNS.contains(w))
}

/// The word right before byte `at` of `lower`, and where it starts.
pub(super) fn word_before(lower: &str, at: usize) -> (usize, &str) {
    let before = lower[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ':');
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    (start, &before[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_before_a_phrase() {
        assert_eq!(word_before("553 sender: domain", 12), (4, "sender"));
        assert_eq!(word_before("553 sender: domain", 4), (0, "553"));
        assert_eq!(word_before("domain", 0), (0, ""));
        assert_eq!(word_before("ねこ user", 7), (0, "ねこ"));
    }
}
