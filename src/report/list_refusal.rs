//! A mailing list manager's notice that it refused a posting after taking it at SMTP. GNU
//! Mailman (2 and 3) sends it from the list's -owner address under the subject "Request to
//! mailing list <name> rejected", with the moderator's reason ("Non-members are not allowed
//! to post") and the refused message attached. The list's address works; the list refuses
//! this sender's posts.

use super::mime::{header, Mail};
use super::text::{clip, first_address, squash_spaces};
use super::Entry;
use crate::taxonomy::Action;

/// Mailman's subject, around the list's name.
const SUBJECT_START: &str = "request to mailing list ";
const SUBJECT_END: &str = " rejected";

/// Longest notice text kept as the diagnostic.
const MAX_DIAGNOSTIC: usize = 600;

/// The list that refused a posting, where `mail` is such a notice: the attached refused
/// message's recipient, else the list Mailman's X-BeenThere names; the notice's text is the
/// diagnostic.
pub fn read(mail: &Mail) -> Option<Entry> {
    let subject = mail.subject.trim().to_lowercase();
    let name = subject
        .strip_prefix(SUBJECT_START)?
        .strip_suffix(SUBJECT_END)?;
    if name.trim().is_empty() {
        return None;
    }
    // Mailman names the list's posting address in X-BeenThere on its own notices too
    let list = match mail.original.as_ref().and_then(|o| o.addressee()) {
        Some(to) => to.to_owned(),
        None => header(&mail.headers, "X-BeenThere").and_then(first_address)?,
    };
    Some(Entry {
        recipient: list,
        action: Action::Failed,
        diagnostic: clip(&squash_spaces(&mail.prose), MAX_DIAGNOSTIC).to_owned(),
        ..Entry::empty()
    })
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
