//! Which SMTP command (RFC 5321 §3.3) a rejection answered, as the report's text tells it:
//! the earliest command named wins, so a transcript that names RCPT before MAIL is no refusal
//! of the sender.

use crate::report::phrases::Phrases;
use crate::report::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Mail,
    Rcpt,
    Data,
}

/// Phrases naming the command, lowercase.
#[rustfmt::skip]
const MARKERS: &[(&str, Stage)] = &[
    ("rcpt to", Stage::Rcpt), // Exim "after RCPT TO:", Postfix "in reply to RCPT TO command"
    ("rcpt_to", Stage::Rcpt), // Yahoo "[RCPT_TO]"
    (">>> rcpt", Stage::Rcpt), // Sendmail transcript
    ("does not like recipient", Stage::Rcpt), // qmail
    ("recipient address rejected", Stage::Rcpt), // Postfix smtpd recipient restrictions
    ("in local recipient table", Stage::Rcpt), // Postfix local_recipient_maps
    ("rcpt command", Stage::Rcpt), // "Error following RCPT command"
    ("smtp:rcpt", Stage::Rcpt), // Exchange-style "SMTP:RCPT host ..."
    // Directory lookups by the destination itself, the verdict RCPT would have given
    ("mail.local:", Stage::Rcpt), // Sendmail's local delivery agent
    ("unknown user:", Stage::Rcpt), // IMail's local delivery
    ("no valid recipients", Stage::Rcpt), // Verizon's MMS gateway
    ("address not found", Stage::Rcpt), // Gmail's NDR heading for a refused RCPT
    ("address couldn't be found", Stage::Rcpt), // Gmail
    ("recipient name is not recognized", Stage::Rcpt), // Exchange 2003 directory lookup
    ("mailbox unavailable", Stage::Rcpt), // RFC 5321 §4.2.3 550 text for RCPT
    ("end of data", Stage::Data), // Exim, Postfix "in reply to end of DATA command"
    ("after data", Stage::Data), // various
    ("final data", Stage::Data), // DragonFly "did not like our final DATA"
    (">>> data", Stage::Data), // Sendmail transcript
    ("smtp command data", Stage::Data), // m-FILTER
    ("after mail from", Stage::Mail), // Exim "SMTP error ... after MAIL FROM:"
    ("mail from command", Stage::Mail), // Postfix "in reply to MAIL FROM command"
    (">>> mail", Stage::Mail), // Sendmail transcript
    ("but sender was rejected", Stage::Mail), // qmail-remote "Connected to <ip> but sender was rejected."
];

static MATCHER: Phrases = Phrases::built(|| MARKERS.iter().map(|(m, _)| *m).collect());

/// The stage named earliest in `lower`, if any.
pub fn find(lower: &str) -> Option<Stage> {
    MATCHER.first(lower).map(|i| MARKERS[i].1)
}

/// Statements of the command a reply answered, as a report's text puts them beside the reply
/// (Postfix's "(in reply to MAIL FROM command)", Exim's "SMTP error from remote mail server
/// after MAIL FROM:<s>"), whatever line breaks fall between their words. Unlike a session
/// transcript, which names every command sent, each names the one command refused.
#[rustfmt::skip]
const STATEMENTS: &[(&str, Stage)] = &[
    ("in reply to mail from", Stage::Mail),
    ("after mail from", Stage::Mail),
    ("in reply to rcpt to", Stage::Rcpt),
    ("after rcpt to", Stage::Rcpt),
    ("in reply to end of data", Stage::Data),
    ("in reply to data", Stage::Data),
    ("after end of data", Stage::Data),
];

/// The words a statement starts with.
const LEADS: &[&str] = &["in reply to ", "after "];

/// The bytes read after a lead: the longest statement and the line breaks inside it.
const STATEMENT_REACH: usize = 64;

/// The stage the earliest statement in `lower` names (`STATEMENTS`), if any.
pub fn stated(lower: &str) -> Option<Stage> {
    let leads = LEADS
        .iter()
        .flat_map(|lead| memchr::memmem::find_iter(lower.as_bytes(), lead.as_bytes()));
    let mut found: Option<(usize, Stage)> = None;
    for at in leads {
        if found.is_some_and(|(first, _)| first < at) {
            continue;
        }
        let window = text::clip(&lower[at..], STATEMENT_REACH);
        let words = text::squash_spaces(window);
        if let Some((_, stage)) = STATEMENTS.iter().find(|(s, _)| words.starts_with(s)) {
            found = Some((at, *stage));
        }
    }
    found.map(|(_, stage)| stage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_names_the_command_its_reply_answered() {
        // Postfix wraps its text part: the statement may break anywhere
        let postfix = "<a@example.org>: host mx.example.org[192.0.2.1] said: 517 domain\n    \
                       does not exist (in reply to mail\n    from command)";
        assert_eq!(stated(postfix), Some(Stage::Mail));
        let exim = "smtp error from remote mail server after rcpt to:<a@example.org>:\n550 no";
        assert_eq!(stated(exim), Some(Stage::Rcpt));
        // a transcript names every command it sent, and states none
        let transcript = ">>> mail from:<s@example.com>\n<<< 250 ok\n>>> rcpt to:<a@example.org>\n\
                          <<< 550 5.1.1 user unknown\n";
        assert_eq!(stated(transcript), None);
        assert_eq!(stated("retried after 5 days in reply to your mail"), None);
    }

    #[test]
    fn earliest_marker_wins() {
        assert_eq!(
            find("smtp error from remote mail server after rcpt to:<a@b>: 550"),
            Some(Stage::Rcpt)
        );
        assert_eq!(
            find(">>> data\n<<< 550 user unknown\n<<< 503 need rcpt"),
            Some(Stage::Data)
        );
        assert_eq!(find("550 user unknown"), None);
    }
}
