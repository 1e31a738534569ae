//! Which SMTP command (RFC 5321 §3.3) a rejection answered, as the report's text tells it:
//! the earliest command named wins, so a transcript that names RCPT before MAIL is no refusal
//! of the sender.

use crate::report::phrases::Phrases;

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

#[cfg(test)]
mod tests {
    use super::*;

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
