//! A mailing list manager's notice that it refused a posting after taking it at SMTP. GNU
//! Mailman sends it from the list's -owner address: Mailman 2 under the subject "Request to
//! mailing list <name> rejected" with the moderator's reason ("Non-members are not allowed to
//! post"), or, rejecting a non-member by itself, under the posting's own subject with "You are
//! not allowed to post to this mailing list, and your message has been automatically rejected"
//! (Moderate.py); Mailman 3 under the posting's own subject, saying "Your message to the <name>
//! mailing-list was rejected for the following reasons". Each attaches the refused message. The
//! list's address works; the list refuses this sender's posts. L-Soft LISTSERV's notice says
//! "Rejected posting to <list address>" in its subject and "You are not authorized to send
//! mail to the <name> list from your <address> account" in its text; from LISTSERV@<host>
//! under another subject (the posting's), the text alone names the list.

use super::mime::{header, Mail};
use super::text::{clip, first_address, squash_spaces};
use super::Entry;
use crate::taxonomy::Action;

/// Mailman's subject, around the list's name.
const SUBJECT_START: &str = "request to mailing list ";
const SUBJECT_END: &str = " rejected";

/// LISTSERV's subject, before the list's address.
const LISTSERV_SUBJECT: &str = "rejected posting to ";

/// Mailman's words in a notice under the posting's own subject: Mailman 3's (after the list's
/// name), Mailman 2's automatic rejection of a non-member.
const OWNER_TEXTS: &[&str] = &[
    "mailing-list was rejected for the following",
    "not allowed to post to this mailing list",
];

/// LISTSERV's words before the list's name, in a notice under any subject.
const LISTSERV_TEXT: &str = "not authorized to send mail to the ";

/// fml's words in the subject of a refusal of a posting: fml 4's "NOT MEMBER article from
/// <sender> (<name> ML)", "Rejected mail: too big (<name> ML)", fml 8's Japanese "拒否"
/// (refusal).
const FML_SUBJECTS: &[&str] = &["not member", "rejected", "拒否"];

/// fml's words in the text of a refusal under any subject (fml 8 sends all its notices as
/// "fml system message", fml 4 some as "fml status report"): the posting was rejected or not
/// distributed, in English or Japanese ("配送されません"), or its sender is no member (fml's
/// deny text, "You are not a member of this mailing list <list>"). A posting held for a
/// moderator is none of these.
const FML_TEXTS: &[&str] = &[
    "not distributed",
    "rejected",
    "配送されません",
    "not a member of this mailing list",
];

/// Longest notice text kept as the diagnostic.
const MAX_DIAGNOSTIC: usize = 600;

/// The list that refused a posting, where `mail` is such a notice: the address LISTSERV's
/// subject names; for Mailman, the attached refused message's recipient, else the list its
/// X-BeenThere names. The notice's text is the diagnostic.
pub fn read(mail: &Mail) -> Option<Entry> {
    if let Some(list) = listserv_list(&mail.subject)
        .or_else(|| listserv_text_list(mail))
        .or_else(|| fml_list(mail))
    {
        return Some(refusal(mail, list));
    }
    if !(mailman2_says(&mail.subject) || owner_says(mail)) {
        return None;
    }
    // Mailman names the list's posting address in X-BeenThere on its own notices too
    let list = match mail.original.as_ref().and_then(|o| o.addressee()) {
        Some(to) => to.to_owned(),
        None => header(&mail.headers, "X-BeenThere").and_then(first_address)?,
    };
    Some(refusal(mail, list))
}

/// The refusal entry of `list`, the notice's text its diagnostic.
fn refusal(mail: &Mail, list: String) -> Entry {
    Entry {
        recipient: list,
        action: Action::Failed,
        diagnostic: clip(&squash_spaces(&mail.prose), MAX_DIAGNOSTIC).to_owned(),
        ..Entry::empty()
    }
}

/// The list address LISTSERV's subject "Rejected posting to <list address>" names.
fn listserv_list(subject: &str) -> Option<String> {
    let subject = subject.trim();
    let head = subject.get(..LISTSERV_SUBJECT.len())?;
    if !head.eq_ignore_ascii_case(LISTSERV_SUBJECT) {
        return None;
    }
    first_address(&subject[LISTSERV_SUBJECT.len()..])
}

/// The list LISTSERV's own notice names in its text ("You are not authorized to send mail to
/// the HIST-L list from your … account"), under another subject: the refused posting's
/// addressee, else the name at the LISTSERV host the notice comes from (LISTSERV@<host>).
fn listserv_text_list(mail: &Mail) -> Option<String> {
    let (local, host) = mail.from.split_once('@')?;
    if !local.eq_ignore_ascii_case("listserv") {
        return None;
    }
    let text = squash_spaces(&mail.prose).to_lowercase();
    let after = &text[text.find(LISTSERV_TEXT)? + LISTSERV_TEXT.len()..];
    let name = after.split_whitespace().next()?;
    let list = match mail.original.as_ref().and_then(|o| o.addressee()) {
        Some(to) => to.to_owned(),
        None => format!("{name}@{host}"),
    };
    Some(list.to_lowercase())
}

/// The list fml's refusal of a posting concerns. fml (a Japanese list manager) marks its mail
/// with an `X-MLServer: fml …` field and answers a refused posting from the list's maintainer,
/// `<name>-admin@<host>` by default, under a subject that says so (`FML_SUBJECTS`) or with a
/// text that does (`FML_TEXTS`): the
/// refused posting's addressee, else `<name>@<host>`.
fn fml_list(mail: &Mail) -> Option<String> {
    let server = header(&mail.headers, "X-MLServer")?;
    let fml = server.trim_start().get(..3)?.eq_ignore_ascii_case("fml");
    let subject = mail.subject.to_lowercase();
    let says = || {
        let text = squash_spaces(&mail.prose).to_lowercase();
        FML_TEXTS.iter().any(|t| text.contains(t))
    };
    if !fml || !(FML_SUBJECTS.iter().any(|s| subject.contains(s)) || says()) {
        return None;
    }
    if let Some(to) = mail.original.as_ref().and_then(|o| o.addressee()) {
        return Some(to.to_lowercase());
    }
    let from = mail.from.to_lowercase();
    let (local, host) = from.split_once('@')?;
    Some(format!("{}@{host}", local.strip_suffix("-admin")?))
}

/// Whether a subject is Mailman 2's "Request to mailing list <name> rejected".
fn mailman2_says(subject: &str) -> bool {
    let subject = subject.trim().to_lowercase();
    subject
        .strip_prefix(SUBJECT_START)
        .and_then(|rest| rest.strip_suffix(SUBJECT_END))
        .is_some_and(|name| !name.trim().is_empty())
}

/// Whether a list owner's notice says Mailman's words of a refusal (`OWNER_TEXTS`).
fn owner_says(mail: &Mail) -> bool {
    let owner = mail
        .from
        .split_once('@')
        .is_some_and(|(local, _)| local.ends_with("-owner"));
    owner && {
        let text = squash_spaces(&mail.prose).to_lowercase();
        OWNER_TEXTS.iter().any(|t| text.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::mime::Original;

    fn notice(subject: &str, original_to: &[&str]) -> Mail {
        Mail {
            from: "staff-owner@lists.example.net".into(),
            subject: subject.into(),
            prose: "Your request to the Staff mailing list\n\n    Posting of your message\n\n\
                    has been rejected by the list moderator."
                .into(),
            original: Some(Original {
                to: original_to.iter().map(|a| a.to_string()).collect(),
                ..Original::default()
            }),
            ..Mail::default()
        }
    }

    #[test]
    fn mailmans_refusal_names_the_list() {
        let entry = read(&notice(
            "Request to mailing list Staff rejected",
            &["staff@lists.example.net"],
        ))
        .expect("a refusal");
        assert_eq!(entry.recipient, "staff@lists.example.net");
        assert_eq!(entry.action, Action::Failed);
        assert!(entry.diagnostic.contains("rejected by the list moderator"));
    }

    #[test]
    fn mailman3s_refusal_under_the_postings_subject_names_the_list() {
        let mut mail = notice("Your May update", &["staff@lists.example.net"]);
        mail.prose = "Your message to the Staff mailing-list was rejected for the following\n\
                      reasons:\n\nThe message is not from a list member\n"
            .into();
        assert_eq!(
            read(&mail).expect("a refusal").recipient,
            "staff@lists.example.net"
        );
        // the same words from anyone but the list's owner are no notice of it
        mail.from = "pat@example.net".into();
        assert!(read(&mail).is_none());
        // Mailman 2 rejecting a non-member by itself, under the posting's subject too
        mail.from = "staff-owner@lists.example.net".into();
        mail.prose = "You are not allowed to post to this mailing list, and your message has\n\
                      been automatically rejected."
            .into();
        assert_eq!(
            read(&mail).expect("a refusal").recipient,
            "staff@lists.example.net"
        );
    }

    #[test]
    fn listservs_refusal_names_the_list_in_its_subject() {
        let mut mail = notice("Rejected posting to HIST-L@LISTSERV.EXAMPLE.EDU", &[]);
        mail.prose = "You  are not  authorized to  send mail  to the  HIST-L list  from your\n\
                      b+1@BOUNCE.EXAMPLE.COM account."
            .into();
        let entry = read(&mail).expect("a refusal");
        assert_eq!(entry.recipient, "hist-l@listserv.example.edu");
        assert!(entry
            .diagnostic
            .contains("not authorized to send mail to the HIST-L list"));
        assert!(read(&notice("Rejected posting to the list", &[])).is_none());
        // under the posting's own subject, from the LISTSERV robot: the list at its host
        mail.subject = "Message (\"Spring sale\")".into();
        mail.original = None;
        assert!(read(&mail).is_none());
        mail.from = "LISTSERV@LISTSERV.EXAMPLE.EDU".into();
        assert_eq!(
            read(&mail).expect("a refusal").recipient,
            "hist-l@listserv.example.edu"
        );
    }

    #[test]
    fn fmls_refusal_names_the_list_its_maintainer_serves() {
        let mut mail = notice("NOT MEMBER article from b@example.com (kawa ML)", &[]);
        mail.original = None;
        mail.from = "kawa-admin@ml.example.jp".into();
        mail.prose = "You are not a member of this mailing list <kawa@ml.example.jp>.\n".into();
        // only with fml's own field
        assert!(read(&mail).is_none());
        mail.headers = vec![(
            "X-MLServer".into(),
            "fml [fml 4.0.3 release]; post only (only members can post)".into(),
        )];
        assert_eq!(
            read(&mail).expect("a refusal").recipient,
            "kawa@ml.example.jp"
        );
        // fml's deny text under another subject
        mail.subject = "fml status report (kawa ML)".into();
        assert!(read(&mail).is_some());
        // fml's other mail (a command's status report) refuses nothing
        mail.subject = "Status of your commands (kawa ML)".into();
        mail.prose = "get 1: no such article\n".into();
        assert!(read(&mail).is_none());
        // fml 8's one subject for every notice: the text says the posting was refused
        mail.subject = "fml system message (kawa ML)".into();
        mail.prose = "error: your article is too big.\nIt is NOT distributed.\n".into();
        assert_eq!(
            read(&mail).map(|e| e.recipient).as_deref(),
            Some("kawa@ml.example.jp")
        );
        mail.prose = "あなたのメールは配送されませんでした。\n".into();
        assert!(read(&mail).is_some());
        mail.prose = "Your article has been forwarded to the moderators.\n".into();
        assert!(read(&mail).is_none());
    }

    #[test]
    fn other_subjects_and_a_refusal_without_the_posting_are_none() {
        let list = ["staff@lists.example.net"];
        assert!(read(&notice(
            "Your message to Staff awaits moderator approval",
            &list
        ))
        .is_none());
        assert!(read(&notice("Request to mailing list  rejected", &list)).is_none());
        assert!(read(&notice("Request to mailing list Staff rejected", &[])).is_none());
        // without the posting, the list Mailman's own header names
        let mut bare = notice("Request to mailing list Staff rejected", &[]);
        bare.original = None;
        bare.headers = vec![("X-BeenThere".into(), "staff@lists.example.net".into())];
        assert_eq!(
            read(&bare).expect("named").recipient,
            "staff@lists.example.net"
        );
    }
}
