//! One recipient's block of a plain-text report: the lines from where the report names the
//! recipient to where another recipient, a section or a returned original begins, and what
//! they tell (codes, words, the transcript dialogue that led to them, an alias).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashSet;

use super::patterns::{ALIAS_BEFORE, ORIGINAL_HEADER_LINES, QUOTED_ORIGINAL_FIELDS};
use super::text::{
    addresses, clip, failure_status, field_value, follows_word, is_domain_char, is_subject_line,
    reply_code, squash_lines, squash_spaces, standing_status, standing_statuses,
};
use super::Entry;
use crate::taxonomy::Action;

/// Longest diagnostic kept per recipient; a block can run on for a whole transcript.
const MAX_DIAGNOSTIC: usize = 1500;

/// Bytes of a reply's text a diagnostic keeps at the least: a reply line or two.
const MIN_REPLY_TEXT: usize = 200;

/// Longest block of lines read for one recipient; a diagnostic is a few lines of a reply.
const MAX_BLOCK_LINES: usize = 60;

/// Most bytes of lines read for one recipient's block: a few replies, far more than a
/// diagnostic keeps, so that recipients sharing a long block cost bounded time each.
const BLOCK_BYTES: usize = 16 * 1024;

/// How far past a silent recipient line a later mention of it is looked for: a transcript
/// follows its list of failed addresses within a few screens.
const MAX_MENTION_LINES: usize = 4 * MAX_BLOCK_LINES;

/// Text beyond the address that makes a block say something of its own: a word or two, as
/// short as Exim's "Unrouteable address" or "User unknown".
const MIN_WORDS: usize = 8;

/// A recipient the report names, with the index of the line that names it (none for one
/// taken from the headers).
pub(super) type Found = (String, Option<usize>);

/// Whether `line` (quoted or not) starts with a header field only a returned original carries.
pub(super) fn is_original_header(line: &str) -> bool {
    starts_with_field(line, ORIGINAL_HEADER_LINES) && !is_dated_label(line)
}

/// Whether `line` is a summary's "Received: <date>" (a gateway's notice: "Received:
/// 05/12/2024 09:41", "Received: Mon, 9 Dec 2024"), no trace field: RFC 5322 §3.6.7 has a
/// trace field's date after its tokens and a ';' ("Received: from … by …; <date>").
fn is_dated_label(line: &str) -> bool {
    let Some(value) = field_value(line.trim_start_matches(['>', ' ']), "received:") else {
        return false;
    };
    let value = value.trim_start().as_bytes();
    let day_name =
        value.len() > 3 && value[..3].iter().all(u8::is_ascii_alphabetic) && value[3] == b',';
    value.first().is_some_and(u8::is_ascii_digit) || day_name
}

/// Whether `line`, its quote markers left out, starts with one of `fields` (lowercase, with
/// their colon).
fn starts_with_field(line: &str, fields: &[&str]) -> bool {
    let unquoted = line.trim_start_matches(['>', ' ']);
    fields
        .iter()
        .any(|field| field_value(unquoted, field).is_some())
}

/// Whether `line` holds a single address and nothing else ("ann@example.org",
/// "<ann@example.org>:"), as a report's list of recipients writes them.
fn is_bare_address(line: &str) -> bool {
    let bare = address_line(line);
    bare.contains('@') && !bare.contains(char::is_whitespace)
}

/// `line` without its surrounding space, a trailing colon and the angle brackets around an
/// address a list writes alone on its line ("<ann@example.org>:").
pub(super) fn address_line(line: &str) -> &str {
    let bare = line.trim().trim_end_matches(':').trim_end();
    bare.strip_prefix('<')
        .and_then(|b| b.strip_suffix('>'))
        .unwrap_or(bare)
}

/// Whether `line` is a header field of a quoted original ("> From: ..."). Sendmail's
/// transcript marks the commands it sent with ">>> ", which quote nothing.
pub(super) fn is_quoted_header(line: &str) -> bool {
    let Some(quoted) = line.trim_start().strip_prefix('>') else {
        return false;
    };
    !quoted.starts_with(">>") && starts_with_field(quoted, QUOTED_ORIGINAL_FIELDS)
}

/// The domain names `line` mentions as words of their own (letters, digits, '.' and '-', with
/// a dot, not right after or before an '@': an address's domain is that address's).
fn domain_words(line: &str) -> impl Iterator<Item = &str> {
    let bytes = line.as_bytes();
    line.split(|c: char| !c.is_ascii() || !is_domain_char(c as u8))
        .filter(move |w| {
            let at = w.as_ptr() as usize - line.as_ptr() as usize;
            w.contains('.')
                && at.checked_sub(1).is_none_or(|i| bytes[i] != b'@')
                && bytes.get(at + w.len()) != Some(&b'@')
        })
}

/// What a recipient line says after "addr:" or "<addr>:", when it says something there.
pub(super) fn diagnostic_after<'l>(line: &'l str, addr: &str) -> Option<&'l str> {
    let lower = line.trim_start().to_ascii_lowercase();
    let rest = lower
        .strip_prefix('<')
        .unwrap_or(&lower)
        .strip_prefix(addr)?;
    let rest = rest.strip_prefix('>').unwrap_or(rest).strip_prefix(':')?;
    let said = rest.trim_start();
    (!said.is_empty()).then(|| &line[line.len() - said.len()..])
}

/// The report's lines cut into one block per recipient line, and what each block says.
pub(super) struct Blocks<'r> {
    report: &'r str,
    lines: &'r [&'r str],
    /// The lines that name a recipient, in order: each ends the block before it.
    starts: Vec<usize>,
    /// Per line, the recipients' domains it mentions as words (only where the recipients have
    /// more than one domain): a line about another one ends a block. Found once per report,
    /// not once per recipient and line.
    domains_named: Vec<Vec<&'r str>>,
    /// The whole report, spaces squashed, computed once when a block needs it.
    whole: OnceCell<String>,
    /// Where a transcript's dialogues start, and with which host ("while talking to").
    dialogues: Vec<(usize, String)>,
    /// `report_status`, computed once when a block needs it.
    status: OnceCell<Option<&'r str>>,
    /// The whole report's reply code, computed once when a block needs it.
    code: OnceCell<Option<String>>,
}

impl<'r> Blocks<'r> {
    pub(super) fn new(report: &'r str, lines: &'r [&'r str], found: &'r [Found]) -> Blocks<'r> {
        let mut starts: Vec<usize> = found.iter().filter_map(|(_, l)| *l).collect();
        starts.sort_unstable();
        let domains: HashSet<&str> = found
            .iter()
            .filter_map(|(a, _)| a.rsplit_once('@').map(|(_, d)| d))
            .collect();
        let domains_named = if domains.len() < 2 {
            Vec::new()
        } else {
            lines
                .iter()
                .map(|l| {
                    domain_words(l)
                        .filter_map(|w| domains.get(w.to_ascii_lowercase().as_str()).copied())
                        .collect()
                })
                .collect()
        };
        let dialogues = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| talking_to(l).map(|host| (i, host)))
            .collect();
        Blocks {
            report,
            lines,
            starts,
            domains_named,
            whole: OnceCell::new(),
            dialogues,
            status: OnceCell::new(),
            code: OnceCell::new(),
        }
    }

    /// The whole report but the lines quoting the original's subject.
    fn whole(&self) -> &String {
        self.whole.get_or_init(|| {
            let kept = self.report.split('\n').filter(|l| !is_subject_line(l));
            squash_lines(kept, self.report.len())
        })
    }

    /// The entry for `addr`, named on line `line`, whether its diagnostic is its own block, and
    /// whether that block carries a code of its own.
    pub(super) fn entry(
        &self,
        addr: &str,
        line: Option<usize>,
        action: Action,
    ) -> (Entry, bool, bool) {
        // The alias is named in the address's first block, or anywhere in a report that
        // names no address line.
        let (raw, said_own, original_recipient, list_end) = match line {
            Some(first) => {
                let (raw, said) = self.block(addr, first);
                let original = expanded_from(&raw);
                // A first mention that tells nothing (the list of failed addresses Sendmail
                // gives above its transcript): the failure is told where a later line names
                // the address with a code or words.
                match self
                    .telling_mention(addr, first)
                    .filter(|_| !said && !tells(&raw, addr))
                {
                    Some(later) => {
                        let (raw, said) = self.block(addr, later);
                        (Some(raw), said, original, false)
                    }
                    None => (Some(raw), said, original, self.ends_a_list(first)),
                }
            }
            None => (None, false, expanded_from(self.report), false),
        };
        // borrowed where it is the whole report: a copy of it per recipient cost its length
        let block: Cow<'_, str> = match raw.as_deref() {
            Some(raw) => Cow::Owned(squash_spaces(raw)),
            None => Cow::Borrowed(self.whole()),
        };
        let raw = raw.as_deref().unwrap_or(self.report);
        // A block that carries no code of its own takes the report's codes (they may sit in a
        // line above the address, as in Sendmail's transcript), its status only where the
        // report gives one status for all; it keeps its own words when it has some beyond the
        // address, else the whole report speaks for it. Codes are read from the lines as
        // written: a status stands at a line start.
        let block_code = reply_code(&block);
        let coded = standing_status(raw).is_some() || block_code.is_some();
        let wordy = block.len() > addr.len() + MIN_WORDS;
        let (status, code) = if coded {
            (status_of_reply(raw, block_code), block_code)
        } else {
            (self.report_status(), self.report_code())
        };
        let own = line.is_some() && (coded || wordy || said_own) && !list_end;
        // Words in parentheses after the address are that recipient's cause, short as they
        // are, where its block carries no code: the lines after them may be the report's
        // boilerplate ("Possible causes: ...").
        let in_parentheses = line
            .filter(|_| !coded && !said_own)
            .and_then(|first| said_in_parentheses(self.lines[first], addr));
        let diagnostic = match in_parentheses {
            Some(words) => words,
            None if own => around_reply(&block, block_code),
            None => clip(self.whole(), MAX_DIAGNOSTIC),
        };
        let entry = Entry {
            recipient: addr.to_owned(),
            original_recipient,
            action,
            status: status.unwrap_or("").to_owned(),
            reply_code: code.unwrap_or("").to_owned(),
            diagnostic: diagnostic.to_owned(),
            ..Entry::empty()
        };
        (entry, own || in_parentheses.is_some(), own && coded)
    }

    /// Whether line `first` is the last of a list of recipients, one bare address a line
    /// right after another's ("The following recipients were affected:" / two addresses): what
    /// follows it is the list's, or the report's, no more this recipient's than the others'.
    fn ends_a_list(&self, first: usize) -> bool {
        first > 0
            && self.starts.binary_search(&(first - 1)).is_ok()
            && is_bare_address(self.lines[first - 1])
            && is_bare_address(self.lines[first])
    }

    /// Whether line `i` speaks of another recipient's domain than `own`, and not of `own`.
    fn names_other_domain(&self, i: usize, own: &str) -> bool {
        self.domains_named
            .get(i)
            .is_some_and(|named| named.iter().any(|d| *d != own))
            && !self.lines[i].to_ascii_lowercase().contains(own)
    }

    /// The whole report's reply code, for a block without one of its own.
    fn report_code(&self) -> Option<&str> {
        self.code
            .get_or_init(|| reply_code(self.whole()).map(str::to_owned))
            .as_deref()
    }

    /// The report's failure status, where all its failure statuses agree (one recipient, or
    /// one cause for all); with several, none is any one recipient's by default. Computed once.
    fn report_status(&self) -> Option<&'r str> {
        *self.status.get_or_init(|| {
            let mut failures = standing_statuses(self.report).filter(|s| !s.starts_with('2'));
            match failures.next() {
                Some(first) => failures.all(|s| s == first).then_some(first),
                None => standing_status(self.report),
            }
        })
    }

    /// The first line after `first` that names `addr` and tells something: a code or words.
    /// Looked for within `MAX_MENTION_LINES`, so that a list of many silent recipients costs
    /// linear time.
    fn telling_mention(&self, addr: &str, first: usize) -> Option<usize> {
        let end = self.lines.len().min(first + 1 + MAX_MENTION_LINES);
        (first + 1..end).find(|&i| {
            let line = self.lines[i];
            !is_original_header(line)
                && line.to_ascii_lowercase().contains(addr)
                && tells(line, addr)
        })
    }

    /// The lines of `addr`'s block, from its line `first` (without an "addr: " prefix), and
    /// whether that line carried a diagnostic of its own.
    fn block(&self, addr: &str, first: usize) -> (String, bool) {
        let lines = self.lines;
        let next = self
            .starts
            .iter()
            .copied()
            .find(|s| *s > first)
            .unwrap_or(lines.len())
            .min(first + MAX_BLOCK_LINES);
        // Headers of an original that no marker announced end the block too, and so do a line
        // about another recipient's domain (Sendmail names the host that failed for the next
        // recipient before that recipient's own line), a transcript's next dialogue and a
        // section heading ("----- Transcript of session follows -----").
        let domain = addr.rsplit('@').next().unwrap_or("");
        // A recipient line that carries its own diagnostic ("addr: 550 ...", as OpenSMTPD and
        // Postfix write them) is a paragraph: the next blank line ends it, the paragraph after
        // it is the report's again.
        let said = diagnostic_after(lines[first], addr);
        let end = (first + 1..next)
            .find(|&i| {
                (said.is_some() && lines[i].trim().is_empty())
                    || is_original_header(lines[i])
                    || is_quoted_header(lines[i])
                    || talking_to(lines[i]).is_some()
                    || is_section_heading(lines[i])
                    || self.names_other_domain(i, domain)
            })
            .unwrap_or(next);
        // ... and so does its size: past BLOCK_BYTES a block is no reply's
        let mut size = 0;
        let end = (first..end)
            .find(|&i| {
                size += lines[i].len() + 1;
                size > BLOCK_BYTES
            })
            .map_or(end, |i| i.max(first + 1));
        let kept: Vec<&str> = std::iter::once(lines[first])
            .chain(
                lines[first + 1..end]
                    .iter()
                    .copied()
                    .filter(|l| !is_subject_line(l)),
            )
            .collect();
        let mut raw = kept.join("\n");
        if let Some(said) = said {
            // The "addr: " prefix names the recipient, it is no diagnostic.
            raw.replace_range(..lines[first].len() - said.len(), "");
        }
        let own_command = lines[first..end].iter().any(|l| is_command(l));
        if let Some(command) = self.command_before(first, domain).filter(|_| !own_command) {
            raw = format!("{command}\n{raw}");
        }
        (raw, said.is_some())
    }

    /// The SMTP command a Sendmail transcript shows sent last before line `first`, with the
    /// replies it got, in its dialogue "while talking to" a host of `domain` and with no other
    /// recipient's line in between: the stage (RFC 5321 §3.3) and the answer that the error on
    /// line `first` reports, where the recipient's own lines name none (a sender refused at
    /// MAIL is never sent RCPT).
    fn command_before(&self, first: usize, domain: &str) -> Option<String> {
        let earlier = &self.lines[..first];
        let before = self.dialogues.partition_point(|(i, _)| *i < first);
        let (talk, host) = self.dialogues.get(before.checked_sub(1)?)?;
        let (talk, host) = (*talk, host.as_str());
        let at_domain = host == domain
            || host
                .strip_suffix(domain)
                .is_some_and(|sub| sub.ends_with('.'));
        if !at_domain || self.starts.iter().any(|s| (talk..first).contains(s)) {
            return None;
        }
        let command = (talk + 1..first).rev().find(|&i| is_command(earlier[i]))?;
        Some(earlier[command..].join("\n"))
    }
}

/// The words in parentheses right after `addr` where it starts its line, as GroupWise lists
/// each failed address with its cause ("jdoe@example.org (user not found)"). Words only, two
/// or more: a mode ("Mode: normal"), an alias or an ORCPT address in parentheses tells no
/// failure, nor does an aside in a sentence ("Unable to deliver to <a@b> (and others)").
pub(super) fn said_in_parentheses<'l>(line: &'l str, addr: &str) -> Option<&'l str> {
    let item = line.trim_start().trim_start_matches('<');
    let rest = item
        .get(..addr.len())
        .filter(|start| start.eq_ignore_ascii_case(addr))
        .map(|_| &item[addr.len()..])?;
    let inner = rest
        .strip_prefix('>')
        .unwrap_or(rest)
        .trim_start()
        .strip_prefix('(')?;
    let inner = inner[..inner.find(')')?].trim();
    let words_only = inner
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-');
    (words_only && inner.split_whitespace().nth(1).is_some()).then_some(inner)
}

/// The failure status of a block whose first reply code is `code`: the first status of the
/// same class (RFC 2034 §4: an enhanced code's class is its reply code's first digit). One of
/// another class belongs to a reply quoted inside this one ("450 <s@a.example>: Sender address
/// rejected: ... said: 550 5.1.1 ..."), not to the reply the block reports.
fn status_of_reply<'t>(raw: &'t str, code: Option<&str>) -> Option<&'t str> {
    match code.and_then(|c| c.chars().next()) {
        Some(class) => standing_statuses(raw).find(|s| s.starts_with(class)),
        None => failure_status(raw),
    }
}

/// At most `MAX_DIAGNOSTIC` bytes of a recipient's block, from its start, or from its failing
/// reply where that lies further on: a session transcript (MDaemon's, Sendmail's) runs through
/// the connection's every step before the reply that failed, and a reply's text is what
/// follows its code (RFC 5321 §4.2).
fn around_reply<'b>(block: &'b str, code: Option<&'b str>) -> &'b str {
    let from = code
        .map(|c| c.as_ptr() as usize - block.as_ptr() as usize)
        .filter(|&at| at + MIN_REPLY_TEXT > MAX_DIAGNOSTIC)
        .unwrap_or(0);
    clip(&block[from..], MAX_DIAGNOSTIC)
}

/// Whether a block tells something of its own beyond the address: a code, or some words.
fn tells(raw: &str, addr: &str) -> bool {
    let block = squash_spaces(raw);
    standing_status(raw).is_some()
        || reply_code(&block).is_some()
        || block.len() > addr.len() + MIN_WORDS
}

/// The alias a report says a failed address was expanded from, in the address's block
/// (`ALIAS_BEFORE`): the address the sender wrote, as an Original-Recipient says it (RFC 3464
/// §2.3.1).
fn expanded_from(block: &str) -> String {
    block
        .lines()
        .find_map(|l| addresses(l).find(|a| follows_word(l, a, ALIAS_BEFORE)))
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

/// The host of a Sendmail transcript's "... while talking to mx.example.org.:" line, lowercased.
pub(super) fn talking_to(line: &str) -> Option<String> {
    // Both spellings ("While", "... while") share it; most lines are not copied.
    if !line.contains("alking to ") {
        return None;
    }
    let lower = line
        .trim_start_matches(['.', ' ', '\t'])
        .to_ascii_lowercase();
    let host = lower.strip_prefix("while talking to ")?;
    Some(host.trim_end().trim_end_matches([':', '.']).to_owned())
}

/// Whether `line` is a heading between dashes, as Sendmail's errbody (savemail.c) writes its
/// sections: "   ----- Transcript of session follows -----".
fn is_section_heading(line: &str) -> bool {
    let t = line.trim();
    t.len() > 10 && t.starts_with("-----") && t.ends_with("-----")
}

/// Whether `line` is a command of a Sendmail transcript (">>> MAIL From:<...>").
fn is_command(line: &str) -> bool {
    line.trim_start().starts_with(">>> ")
}
