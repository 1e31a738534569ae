//! The `message/delivery-status` body (RFC 3464 §2): one per-message field group, then one
//! group per recipient. mail-parser hands it over as opaque bytes; this reads it.

use chrono::{DateTime, Utc};

use super::fields::{self, Field};
use super::text::{
    enhanced_status, first_address, reply_code, squash_spaces, standing_status, strip_comments,
};
use super::Entry;
use crate::taxonomy::Action;

/// RFC 3464 §2.2 per-message fields bounced keeps.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PerMessage {
    /// Reporting-MTA (§2.2.2) without its `dns;` type.
    pub reporting_mta: String,
    /// Original-Envelope-Id (§2.2.1), as given.
    pub envelope_id: String,
    /// Arrival-Date (§2.2.5).
    pub arrival_date: Option<DateTime<Utc>>,
}

/// RFC 3464 §2.2 per-message field names.
const PER_MESSAGE_FIELDS: [&str; 5] = [
    "reporting-mta",
    "original-envelope-id",
    "arrival-date",
    "received-from-mta",
    "dsn-gateway",
];

/// Fields that open a new per-recipient group (RFC 3464 §2.3.1, §2.3.2; X-Actual-Recipient is
/// Sendmail's name for the same thing).
const RECIPIENT_FIELDS: [&str; 3] = [
    "original-recipient",
    "final-recipient",
    "x-actual-recipient",
];

/// Fields only a per-recipient group holds (RFC 3464 §2.3.3 to §2.3.8): a group of them alone,
/// whose recipient field is missing, is still a recipient's.
const PER_RECIPIENT_FIELDS: [&str; 7] = [
    "action",
    "status",
    "remote-mta",
    "diagnostic-code",
    "last-attempt-date",
    "final-log-id",
    "will-retry-until",
];

/// Reads one delivery-status body. Groups are normally split by blank lines; reports that run
/// several recipients together in one group are split again where a recipient field repeats.
pub fn read(body: &str) -> (PerMessage, Vec<Entry>) {
    let mut per_message = PerMessage::default();
    let mut entries = Vec::new();
    for group in rejoined(fields::groups(body)) {
        // Field order inside a group is free (RFC 3464 §2.1); a group with any recipient or
        // per-recipient field is a recipient group, whatever comes first.
        // RFC 3464 §2.2: the per-message fields form the first group; a misplaced Action or
        // Status among them names no recipient.
        let names_recipient = group.iter().any(|f| is(f, &RECIPIENT_FIELDS));
        let per_message_group = group.iter().any(|f| is(f, &PER_MESSAGE_FIELDS));
        let for_recipient = names_recipient
            || (!per_message_group && group.iter().any(|f| is(f, &PER_RECIPIENT_FIELDS)));
        let mut current: Vec<&Field<'_>> = Vec::new();
        for field in &group {
            if !for_recipient || is(field, &PER_MESSAGE_FIELDS) {
                per_message_field(&mut per_message, field.name, &field.value);
                continue;
            }
            let repeats = current
                .iter()
                .any(|f| f.name.eq_ignore_ascii_case(field.name));
            if is(field, &RECIPIENT_FIELDS) && repeats {
                entries.extend(recipient(&current));
                current.clear();
            }
            current.push(field);
        }
        if !current.is_empty() {
            entries.extend(recipient(&current));
        }
    }
    (per_message, entries)
}

fn is(field: &Field<'_>, names: &[&str]) -> bool {
    names.iter().any(|n| field.name.eq_ignore_ascii_case(n))
}

/// RFC 3464 §2.3 requires a recipient field (Final-Recipient) in every per-recipient group, so
/// a group that names no recipient and no per-message field, and whose fields the recipient
/// group before it lacks, is that group's rest, cut off by a stray blank line
/// ("Final-Recipient: …", blank, "Action: failed" …).
fn rejoined(groups: Vec<fields::Group<'_>>) -> Vec<fields::Group<'_>> {
    let mut out: Vec<fields::Group<'_>> = Vec::with_capacity(groups.len());
    for group in groups {
        let continues = |before: &fields::Group<'_>| {
            before.iter().any(|f| is(f, &RECIPIENT_FIELDS))
                && !before.iter().any(|f| is(f, &PER_MESSAGE_FIELDS))
                && !group
                    .iter()
                    .any(|f| is(f, &RECIPIENT_FIELDS) || is(f, &PER_MESSAGE_FIELDS))
                && !group
                    .iter()
                    .any(|f| before.iter().any(|b| b.name.eq_ignore_ascii_case(f.name)))
        };
        match out.last_mut() {
            Some(before) if continues(before) => before.extend(group),
            _ => out.push(group),
        }
    }
    out
}

fn per_message_field(pm: &mut PerMessage, name: &str, value: &str) {
    match name.to_ascii_lowercase().as_str() {
        // RFC 3464 §2.2.2
        "reporting-mta" if pm.reporting_mta.is_empty() => {
            pm.reporting_mta = strip_comments(fields::untyped(value)).to_ascii_lowercase()
        }
        // RFC 3464 §2.2.1
        "original-envelope-id" => pm.envelope_id = value.trim().to_owned(),
        // RFC 3464 §2.2.5
        "arrival-date" => pm.arrival_date = parse_date(value),
        _ => {}
    }
}

fn get<'g>(group: &[&'g Field<'_>], name: &str) -> Option<&'g str> {
    fields::get(group.iter().copied(), name)
}

/// The address of a recipient field: RFC 3464 §2.3.2 `address-type ; generic-address`, where
/// the type is `rfc822` or (RFC 6533 §3) `utf-8`; the address may carry angle brackets.
pub fn recipient_address(value: &str) -> String {
    let utf8_type = value
        .split_once(';')
        .is_some_and(|(kind, _)| kind.trim().eq_ignore_ascii_case("utf-8"));
    let untyped = fields::untyped(value);
    let unescaped;
    let untyped = if utf8_type && untyped.contains("\\x{") {
        unescaped = unescape_code_points(untyped);
        unescaped.as_str()
    } else {
        untyped
    };
    // A program ("X-unix; |/usr/lib/dovecot/dovecot-lda -f <sender> -a <rcpt>") or a file
    // ("/var/mail/neko") is a delivery to no mailbox (RFC 3464 §2.3.2 lets an MTA report any
    // address type): the addresses in its command line are its arguments, the sender's among them.
    if untyped.trim_start().starts_with(['|', '/']) {
        return String::new();
    }
    let bare = strip_comments(untyped);
    // RFC 5321 §4.1.2: a mailbox's domain has no trailing dot; one there ends a sentence.
    let bare = bare
        .trim()
        .trim_end_matches(['.', ';', ','])
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('.')
        .trim();
    // Writers that quote the whole address ("jdoe@example.org", 'jdoe@example.org') or give it
    // as a mailto URI (RFC 6068) still name one addr-spec, the one inside.
    let bare = unwrapped(bare);
    // A quoted local part may hold spaces (RFC 5321 §4.1.2: `"john doe"@example.com`).
    let quoted = bare.starts_with('"') && crate::address::check(bare).is_ok();
    if bare.contains('@') && (quoted || !bare.contains(char::is_whitespace)) {
        return crate::address::unquoted(bare).to_lowercase();
    }
    first_address(bare).unwrap_or_default()
}

/// A `utf-8` type address with each `\x{HEX}` written as its character (RFC 6533 §3:
/// embedded-unicode-char, the form a utf-8-addr-xtext or -unitext gives a code point in); one
/// that names no character is left as it stands.
fn unescape_code_points(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("\\x{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let decoded = after
            .split_once('}')
            .filter(|(hex, _)| (1..=6).contains(&hex.len()))
            .and_then(|(hex, tail)| {
                let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)?;
                Some((c, tail))
            });
        match decoded {
            Some((c, tail)) => {
                out.push(c);
                rest = tail;
            }
            None => {
                out.push_str("\\x{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `value` without quotes around the whole of it or a `mailto:` before it, where what is left
/// is one address with no quote of its own.
fn unwrapped(value: &str) -> &str {
    let inner = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
        .or_else(|| {
            value
                .get(..7)
                .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
                .map(|_| &value[7..])
        });
    match inner {
        Some(inner) if inner.contains('@') && !inner.contains(['"', '\'', '<', '>']) => {
            inner.trim()
        }
        _ => value,
    }
}

fn recipient(group: &[&Field<'_>]) -> Option<Entry> {
    let address_of = |name| get(group, name).map(recipient_address).unwrap_or_default();
    let original = address_of("original-recipient");
    // Sendmail's X-Actual-Recipient names the mailbox delivered to where the Final-Recipient
    // is missing or of a type that is no address ("LOCAL; neko"); it may name a program
    // ("X-Unix; |procmail"), which is no address either.
    let mut recipient = address_of("final-recipient");
    if recipient.is_empty() {
        recipient = address_of("x-actual-recipient");
    }
    if recipient.is_empty() {
        recipient = original.clone();
    }
    // RFC 5321 §4.1.1.3, App. C: a source route ("@relay.example:jdoe@example.org") is to be
    // ignored; where no Original-Recipient names the address the sender gave, the mailbox
    // after the route is the recipient.
    if original.is_empty() {
        if let Some((_, mailbox)) = recipient
            .split_once(':')
            .filter(|(route, mailbox)| route.starts_with('@') && mailbox.contains('@'))
        {
            recipient = mailbox.to_owned();
        }
    }
    let action_field = get(group, "action");
    let status_field = get(group, "status");
    let diagnostic_field = get(group, "diagnostic-code");
    // a group that tells nothing of a recipient is none; its address may come from the prose
    if recipient.is_empty()
        && action_field.is_none()
        && status_field.is_none()
        && diagnostic_field.is_none()
    {
        return None;
    }
    // RFC 3464 §2.3.6: the diagnostic's type says whose words follow. Sendmail's `X-Unix`
    // type is a local delivery program's exit status ("X-Unix; 75", sysexits.h), a number that
    // means nothing without it, so the type stays.
    let diagnostic = diagnostic_field
        .map(|d| {
            let untyped = fields::untyped(d);
            let typed = d
                .trim_start()
                .get(..7)
                .is_some_and(|t| t.eq_ignore_ascii_case("x-unix;"));
            squash_spaces(if typed { d.trim() } else { untyped })
        })
        .unwrap_or_default();
    let mut action = action_field.map(parse_action).unwrap_or(Action::Unknown);
    // RFC 3464 §2.3.8: Will-Retry-Until only makes sense for a delayed recipient.
    if action == Action::Unknown && get(group, "will-retry-until").is_some() {
        action = Action::Delayed;
    }
    let mut status = status_field
        .and_then(|s| enhanced_status(s))
        .unwrap_or("")
        .to_owned();
    // A generic x.0.0 (or absent) Status loses to a specific code of the same class in the
    // diagnostic, which is the remote server's own word, unless that code is said of another
    // address ("550 5.1.1 <sender@…> user unknown": a callout on the sender).
    let own_status =
        standing_status(&diagnostic).filter(|s| !said_of_another(&diagnostic, s, &recipient));
    if let Some(from_text) = own_status {
        let generic = status.is_empty() || status.ends_with(".0.0");
        if generic && (status.is_empty() || status.as_bytes()[0] == from_text.as_bytes()[0]) {
            status = from_text.to_owned();
        }
    }
    // RFC 3463 §3.1: a class 4 status is transient; with no Action saying the MTA gave up,
    // the message is still waiting.
    if action == Action::Unknown && status.starts_with('4') {
        action = Action::Delayed;
    }
    Some(Entry {
        recipient,
        original_recipient: original,
        action,
        status,
        reply_code: reply_code(&diagnostic).unwrap_or("").to_owned(),
        remote_mta: get(group, "remote-mta")
            .map(|v| strip_comments(fields::untyped(v)).to_ascii_lowercase())
            .unwrap_or_default(),
        // RFC 3464 §2.3.7
        date: get(group, "last-attempt-date").and_then(parse_date),
        diagnostic,
        feedback_type: String::new(),
    })
}

/// Whether the address written right after `status` (a slice of `diagnostic`) is another
/// mailbox than `recipient`'s (its local part differs: a routing name may change the domain).
fn said_of_another(diagnostic: &str, status: &str, recipient: &str) -> bool {
    let end = status.as_ptr() as usize - diagnostic.as_ptr() as usize + status.len();
    let next = diagnostic[end..].split_whitespace().next().unwrap_or("");
    let local = |a: &str| a.rsplit_once('@').map(|(l, _)| l.to_ascii_lowercase());
    match (first_address(next), local(recipient)) {
        (Some(named), Some(own)) => local(&named).is_some_and(|l| l != own),
        _ => false,
    }
}

/// RFC 3464 §2.3.3 action-value, case-insensitive, comments allowed.
fn parse_action(value: &str) -> Action {
    let value = strip_comments(value).to_ascii_lowercase();
    match value.split_whitespace().next().unwrap_or("") {
        "failed" | "failure" => Action::Failed,
        "delayed" => Action::Delayed,
        "delivered" => Action::Delivered,
        "relayed" => Action::Relayed,
        "expanded" => Action::Expanded,
        _ => Action::Unknown,
    }
}

/// RFC 5322 §3.3 date-time, with its trailing `(zone name)` comment removed.
pub fn parse_date(value: &str) -> Option<DateTime<Utc>> {
    let value = strip_comments(value);
    DateTime::parse_from_rfc2822(value.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_RECIPIENTS: &str = "Reporting-MTA: dns; mx.example.net\n\
        Original-Envelope-Id: ENV-1\n\
        Arrival-Date: Tue, 3 Mar 2026 10:00:00 +0000 (UTC)\n\
        \n\
        Original-Recipient: rfc822;Neko@Example.org\n\
        Final-Recipient: RFC822; <neko@example.org> (mailbox)\n\
        Action: failed (permanent)\n\
        Status: 5.1.1 (bad mailbox)\n\
        Remote-MTA: dns; mx.example.org\n\
        Diagnostic-Code: smtp; 550 5.1.1 <neko@example.org>: Recipient address\n rejected: User unknown\n\
        Last-Attempt-Date: Tue, 3 Mar 2026 10:00:05 +0000\n\
        \n\
        Final-Recipient: rfc822; tora@example.org\n\
        Action: delayed\n\
        Status: 4.0.0\n\
        Diagnostic-Code: smtp; 452 4.2.2 mailbox full\n\
        Will-Retry-Until: Fri, 6 Mar 2026 10:00:00 +0000\n";

    #[test]
    fn a_utf8_address_types_code_points_are_its_characters() {
        // RFC 6533 §3: \x{HEX} is one code point of a utf-8 address
        assert_eq!(
            recipient_address("utf-8; j\\x{FC}rgen.m\\x{fc}ller@example.de"),
            "jürgen.müller@example.de"
        );
        assert_eq!(
            recipient_address("utf-8; \\x{4F50}\\x{85E4}@example.jp"),
            "佐藤@example.jp"
        );
        // in an rfc822 address, or naming no character, it stays as written
        assert_eq!(
            recipient_address("rfc822; a\\x{FC}b@example.de"),
            "a\\x{fc}b@example.de"
        );
        assert_eq!(
            recipient_address("utf-8; a\\x{110000}b@example.de"),
            "a\\x{110000}b@example.de"
        );
    }

    #[test]
    fn a_source_route_is_ignored_unless_an_original_recipient_names_the_address() {
        // RFC 5321 §4.1.1.3 and App. C
        let recipient_of = |fields: &str| {
            let (_, entries) = read(&format!("{fields}Action: failed\nStatus: 5.1.1\n"));
            entries[0].addressee().to_owned()
        };
        assert_eq!(
            recipient_of(
                "Final-Recipient: rfc822; <@relay.example.net,@mx.example.net:Jdoe@example.org>\n"
            ),
            "jdoe@example.org"
        );
        assert_eq!(
            recipient_of(
                "Original-Recipient: rfc822; jdoe@example.org\n\
                Final-Recipient: rfc822; @mx.example.net:jdoe@mailhost\n"
            ),
            "jdoe@example.org"
        );
    }

    #[test]
    fn a_recipient_group_cut_by_a_blank_line_is_one_group() {
        // RFC 3464 §2.3: Final-Recipient is required in each per-recipient group, so the
        // fields after a stray blank line belong to the recipient before it.
        let body = "Reporting-MTA: dns; mx.example.net\n\n\
            Final-Recipient: rfc822; neko@example.org\n\n\
            Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 No such user\n\n\
            Final-Recipient: rfc822; tora@example.org\n\n\
            Action: delayed\nStatus: 4.2.2\n";
        let (_, entries) = read(body);
        let got: Vec<(&str, Action, &str)> = entries
            .iter()
            .map(|e| (e.recipient.as_str(), e.action, e.status.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("neko@example.org", Action::Failed, "5.1.1"),
                ("tora@example.org", Action::Delayed, "4.2.2"),
            ]
        );
        // A group that repeats a field its predecessor has is a group of its own.
        let (_, entries) = read(
            "Final-Recipient: rfc822; neko@example.org\nAction: failed\nStatus: 5.1.1\n\n\
            Action: failed\nStatus: 5.2.2\n",
        );
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn reads_per_message_and_per_recipient_fields() {
        // RFC 3464 §2.2 and §2.3
        let (pm, entries) = read(TWO_RECIPIENTS);
        assert_eq!(pm.reporting_mta, "mx.example.net");
        assert_eq!(pm.envelope_id, "ENV-1");
        assert!(pm.arrival_date.is_some());
        assert_eq!(entries.len(), 2);
        let a = &entries[0];
        assert_eq!(a.recipient, "neko@example.org");
        assert_eq!(a.original_recipient, "neko@example.org");
        assert_eq!(a.action, Action::Failed);
        assert_eq!(a.status, "5.1.1");
        assert_eq!(a.reply_code, "550");
        assert_eq!(a.remote_mta, "mx.example.org");
        // RFC 3464 §2.1.1 folding is undone
        assert_eq!(
            a.diagnostic,
            "550 5.1.1 <neko@example.org>: Recipient address rejected: User unknown"
        );
        assert!(a.date.is_some());
        let b = &entries[1];
        assert_eq!(b.action, Action::Delayed);
        assert_eq!(
            b.status, "4.2.2",
            "generic 4.0.0 yields to the diagnostic's code"
        );
    }

    #[test]
    fn an_address_quoted_whole_or_given_as_a_uri_is_the_address_inside() {
        for value in [
            "rfc822; \"jdoe@example.org\"",
            "rfc822; 'jdoe@example.org'",
            "rfc822; mailto:jdoe@example.org",
            "rfc822; <jdoe@example.org>;",
        ] {
            assert_eq!(recipient_address(value), "jdoe@example.org", "{value}");
        }
        // a quoted local part stays one (RFC 5321 §4.1.2)
        assert_eq!(
            recipient_address("rfc822; \"john doe\"@example.org"),
            "\"john doe\"@example.org"
        );
    }

    #[test]
    fn a_diagnostics_code_said_of_another_address_is_not_the_recipients() {
        let group = |diag: &str| {
            format!(
                "Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; kim@example.org\n\
                 Action: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; {diag}\n"
            )
        };
        let callout =
            group("550 callout verification failed: 550 5.1.1 <s@a.example> user unknown");
        assert_eq!(read(&callout).1[0].status, "5.0.0");
        let own = group("550 5.1.1 <kim@mail.example.org> user unknown");
        assert_eq!(read(&own).1[0].status, "5.1.1");
    }

    #[test]
    fn a_local_programs_exit_status_keeps_its_type() {
        // RFC 3464 §2.3.6: "X-Unix; 75" is Sendmail's report of a mailer's exit status
        let body = "Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; a@x.example\n\
                    Action: failed\nStatus: 5.3.0\nDiagnostic-Code: X-Unix; 75\n";
        assert_eq!(read(body).1[0].diagnostic, "X-Unix; 75");
        let smtp = body.replace("X-Unix; 75", "smtp; 550 5.3.0 no");
        assert_eq!(read(&smtp).1[0].diagnostic, "550 5.3.0 no");
    }

    #[test]
    fn recipient_fields_that_are_no_address() {
        let first = |group: &str| {
            read(&format!(
                "Reporting-MTA: dns; a.example\n\n{group}Action: failed\n"
            ))
            .1[0]
                .recipient
                .clone()
        };
        // RFC 5321 §4.1.2: no trailing dot in a mailbox's domain
        assert_eq!(
            first("Final-Recipient: rfc822; neko@example.org.\n"),
            "neko@example.org"
        );
        // a LOCAL Final-Recipient yields to Sendmail's X-Actual-Recipient, a program to nothing
        let local = "Final-Recipient: LOCAL; neko\nX-Actual-Recipient: rfc822; neko@example.org\n";
        assert_eq!(first(local), "neko@example.org");
        let program =
            "Final-Recipient: LOCAL; neko\nX-Actual-Recipient: X-Unix; |/usr/bin/procmail\n\
                       Original-Recipient: rfc822; tora@example.org\n";
        assert_eq!(first(program), "tora@example.org");
        // a pipe's arguments name the sender (-f) before the recipient: neither is read
        let pipe = "Final-Recipient: X-unix; |/usr/lib/dovecot/dovecot-lda -f \"rp-1@rp.example\" \
                    -a \"kim@example.org\"\nAction: failed\nStatus: 5.0.0\n";
        assert_eq!(first(pipe), "");
    }

    #[test]
    fn splits_recipients_run_together() {
        let body = "Reporting-MTA: dns; a.example\nFinal-Recipient: rfc822; a@x.example\nAction: failed\n\
                    Status: 5.0.0\nFinal-Recipient: rfc822; b@x.example\nAction: failed\nStatus: 5.2.2\n";
        let (pm, entries) = read(body);
        assert_eq!(pm.reporting_mta, "a.example");
        assert_eq!(
            entries
                .iter()
                .map(|e| e.recipient.as_str())
                .collect::<Vec<_>>(),
            ["a@x.example", "b@x.example"]
        );
    }

    #[test]
    fn fields_before_the_recipient_field_belong_to_it() {
        // RFC 3464 §2.1: no order is prescribed within a group
        let body = "Reporting-MTA: dns; a.example\n\nDiagnostic-Code: smtp; 550 5.1.1 no\n\
                    Status: 5.1.1\nFinal-Recipient: rfc822; a@x.example\nAction: failed\n";
        let (_, entries) = read(body);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].diagnostic, "550 5.1.1 no");
    }

    #[test]
    fn a_misplaced_action_in_the_per_message_group_is_no_recipient() {
        // RFC 3464 §2.2: Action is a per-recipient field; the first group is the message's
        let body = "Reporting-MTA: dns; a.example\nAction: failed\nArrival-Date: Thu, 16 Dec 2010 05:55:20 -0800\n\n\
                    Final-Recipient: rfc822; a@x.example\nStatus: 4.7.0\n";
        let (pm, entries) = read(body);
        assert_eq!(pm.reporting_mta, "a.example");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].recipient, "a@x.example");
        // and a transient status without an Action is a delay
        assert_eq!(entries[0].action, Action::Delayed);
    }

    #[test]
    fn a_group_of_a_diagnostic_alone_is_a_recipients() {
        // RFC 3464 §2.3.6: Diagnostic-Code is per-recipient; a group without its recipient
        // field still tells one recipient's failure (the address may come from the prose)
        let body = "Reporting-MTA: dns; a.example\n\n\
                    Diagnostic-Code: smtp; 554 5.7.1 Client host blocked using bl.example\n";
        let (_, entries) = read(body);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].recipient, "");
        assert_eq!(entries[0].status, "5.7.1");
        assert_eq!(
            entries[0].diagnostic,
            "554 5.7.1 Client host blocked using bl.example"
        );
        // a group of per-message fields only is no recipient's
        let (_, entries) = read("Reporting-MTA: dns; a.example\n\nArrival-Date: x\n");
        assert!(entries.is_empty());
    }

    #[test]
    fn global_dsn_utf8_address() {
        // RFC 6533 §3: utf-8 address type
        let (_, entries) =
            read("Final-Recipient: utf-8; ねこ@example.jp\nAction: failed\nStatus: 5.1.1\n");
        assert_eq!(entries[0].recipient, "ねこ@example.jp");
    }

    #[test]
    fn quoted_local_part_is_the_recipient() {
        // RFC 5321 §4.1.2 quoted-string local part.
        let (_, entries) = read(
            "Final-Recipient: rfc822; \"John Doe\"@example.com\nAction: failed\nStatus: 5.1.1\n",
        );
        assert_eq!(entries[0].recipient, "\"john doe\"@example.com");
        // quotes around a plain Dot-string mean nothing (RFC 5322 §3.2.4)
        let (_, entries) = read(
            "Final-Recipient: rfc822; \"ann+promo\"@example.com\nAction: failed\nStatus: 5.1.1\n",
        );
        assert_eq!(entries[0].recipient, "ann+promo@example.com");
    }

    #[test]
    fn will_retry_until_means_delayed() {
        let (_, entries) =
            read("Final-Recipient: rfc822; a@b.example\nStatus: 4.4.1\nWill-Retry-Until: x\n");
        assert_eq!(entries[0].action, Action::Delayed);
    }
}
