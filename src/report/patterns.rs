//! Phrase tables that the report readers use to recognise a bounce and find its parts.
//! All phrases are lowercase; texts are lowercased once before matching.

/// Subjects of non-delivery reports (what MTAs put in the Subject of the bounce).
pub const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliver", // "Undeliverable:", "Undelivered Mail Returned to Sender" (Exchange, Postfix)
    "undelivered", // Postfix
    "delivery status notification", // Exchange, Gmail, many DSN generators
    "mail delivery status", // Courier's DSN: "NOTICE: mail delivery status."
    "returned mail", // Sendmail
    "mail delivery fail", // Exim, DragonFly
    "delivery failure", // Notes, Mimecast, various
    "failure notice", // qmail, Yahoo
    "delivery failed", // various
    "non remis", // French (Orange/SFR)
    "non-remis", // French
    "non distribué", // French: "Message non distribué"
    "nondeliverable", // Microsoft
    "non-deliverable", // various
    "non-delivery", // "Non-Delivery Report", "NON-DELIVERY of:" (RFC 3461 §1's non-delivery notification)
    "bounced",      // "Bounced mail", "Message bounced"
    "mail system error", // Sun Messaging Server
    "returned to sender", // various
    "delivery notification", // Exchange 2003, Verizon
    "could not send message", // Sendmail warnings
    "could not send mail", // Sendmail-style warnings
    "delivery problem", // various
    "message not delivered", // GMX, 1&1
    "mail could not be delivered", // IMail, X-style
    "rejected",     // "Mail rejected", "Message rejected"
    "refused",      // "Message refused", "Mail refused"
    "message blocked", // filtering gateways: "Message blocked: <subject>", "Message blocked by content filter"
    "error sending",   // Google Groups, ezweb
    "address not found", // Google Groups
    "mail delivery system", // Mail.ru
    "unzustellbar",    // German
    "zustellung fehlgeschlagen", // German: "delivery failed"
    "nachricht blockiert", // German: "message blocked" (a filtering gateway's notice)
    // Exchange's and Outlook's "Undeliverable:" in the languages they ship
    "non recapitabile",        // Italian
    "no se puede entregar",    // Spanish
    "no entregado",            // Spanish: "Mensaje no entregado"
    "não entregue",            // Portuguese: "Mensagem não entregue"
    "não é possível entregar", // Portuguese
    "onbestelbaar",            // Dutch
    "niedostarczalne",         // Polish
    "niedostarczon",           // Polish: "Wiadomość niedostarczona" (message not delivered)
    "kan inte levereras",      // Swedish
    "kan ikke leveres",        // Danish, Norwegian
    "nedoručiteln",            // Czech: "nedoručitelná zpráva", Exchange's "Nedoručitelné:"
    "non recapitato",          // Italian: "Messaggio non recapitato"
    "non consegnato",          // Italian: "Messaggio non consegnato"
    "teslim edilemedi",        // Turkish: "İleti teslim edilemedi"
    "配信不能",                // Japanese
    "配送失敗",  // Japanese: "メール配送失敗のお知らせ" (mail delivery failure notice)
    "受信拒否", // Japanese: "reception refused" ("【受信拒否通知】", a gateway's refusal notice), as "refused"
    "无法投递", // Chinese
    "系统退信", // Chinese: "system returned mail", Coremail's report subject
    "발송실패", // Korean: "sending failed" ("[발송실패] <subject>")
    "발송 실패", // Korean, spaced
    // "undelivered message", "not delivered" in Russian
    "недоставленное сообщение",
    "не доставлено",
    "unable to deliver",   // various
    "delivery error",      // various
    "mail failure",        // various
    "warning: message",    // Sendmail/Exim delay warnings
    "delivery delayed",    // Exchange delay notice "Delivery delayed:"
    "delayed mail",        // Postfix delay notice "Delayed Mail (still being retried)"
    "returning to sender", // "mail failed, returning to sender"
    "user unknown", // Sendmail "Returned mail: User unknown", MDaemon "<addr> - User unknown!"
];

/// Subject prefixes of a person's reply: RFC 5322 §3.6.5's "Re:", and those localized mail
/// clients (Outlook, Thunderbird) write.
pub const REPLY_PREFIXES: &[&str] = &[
    "re:",   // RFC 5322 §3.6.5
    "aw:",   // German "Antwort"
    "sv:",   // Swedish, Danish, Norwegian "svar"
    "antw:", // Dutch "antwoord"
    "odp:",  // Polish "odpowiedź"
    "res:",  // Outlook in Brazilian Portuguese, "resposta"
    "vs:",   // Finnish "vastaus"
    "ynt:",  // Turkish "yanıt"
];

/// Subject prefixes of a person's forward.
pub const FORWARD_PREFIXES: &[&str] = &[
    "fw:",  // Outlook
    "fwd:", // Thunderbird, Gmail, Apple Mail
    "wg:",  // German "weitergeleitet"
    "tr:",  // French "transféré"
    "rv:",  // Spanish "reenviado"
    "enc:", // Portuguese "encaminhada"
];

/// Local parts or display names of the senders of non-delivery reports.
pub const BOUNCE_SENDERS: &[&str] = &[
    "mailer-daemon",           // RFC 3464 practice: the null-sender daemon
    "mailer daemon",           // display name (OpenSMTPD)
    "postmaster",              // RFC 5321 §4.5.1
    "mail delivery subsystem", // Gmail, Sendmail
    "mail delivery system",    // Exim, Mail.ru
    "mailer_daemon",
    "post_master", // Verizon
    "mail-daemon",
    "mdaemon@", // MDaemon sends its reports as MDaemon@<domain>
    "microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@", // Exchange 2010+ and Exchange Online's system mailbox, the sender of their NDRs
];

/// Phrases of a bounce's human-readable part (any one is enough to call it a bounce).
pub const BOUNCE_PHRASES: &[&str] = &[
    "could not be delivered",                // Exim, Exchange, many
    "couldn't be delivered",                 // Office 365
    "wasn't able to deliver",                // qmail
    "unable to deliver",                     // Yahoo, various
    "permanent error",                       // Exim, qmail
    "delivery to the following recipient",   // Gmail
    "delivery has failed",                   // Exchange
    "delivery failed",                       // various
    "error delivering your mail",            // DragonFly
    "message was not delivered",             // various
    "was not delivered because",             // "The message below was not delivered because ..."
    "wasn't delivered to", // Gmail "Your message wasn't delivered to <addr> because"
    "could not deliver",   // various
    "failed to deliver",   // various
    "undeliverable",       // Exchange
    "did not reach the following recipient", // Exchange 2003
    "did not reach some or all of the intended recipients", // Exchange 2000/2003, hMailServer
    "recipient(s) could not be reached", // Exchange 2003: "The following recipient(s) could not be reached:"
    "this message was created automatically by mail delivery software", // Exim
    "the following addresses had permanent fatal errors", // Sendmail
    "following address(es) failed",      // Exim
    "message delivery has failed",       // various
    "your message could not be sent",    // various
    "was undeliverable",                 // various
    "not be delivered",                  // various
    "returned to the sender",            // various
    "has not been delivered",            // various
    "has not delivered the following", // filtering gateways: "<product> has not delivered the following message"
    "not delivered to the recipient", // filtering gateways: "… was deleted and was not delivered to the recipient"
    "has blocked the following message", // filtering gateways (MailMarshal): "… has blocked the following message because …"
    "and was not delivered", // filtering gateways: "The message you sent to <a> contained a security risk and was not delivered"
    "message not delivered", // filtering gateways: "Action taken: Deleted (message not delivered)"
    "has been blocked because", // filtering gateways: "The message you sent to <a> has been blocked because …"
    "was blocked by", // filtering gateways: "The message below was blocked by <product> at <domain>"
    "your message was rejected by", // gateways and filters: "Your message was rejected by our security policy", "… by the recipient's server"
    "error has occurred while attempting to deliver", // OpenSMTPD
    "failed to be received by the following", // MMDF: "It failed to be received by the following address(es)"
    "failed addresses follow",                // "Failed addresses follow:" (Smail-style logs)
    "failed recipients ---",                  // "------ Failed Recipients ------"
    "failed recipient(s):", // Apache James's notices: "Failed recipient(s):" above the list
    // "could not be delivered", "was not delivered" in other languages
    "nicht zugestellt", // German: "konnte nicht zugestellt werden", "wurde nicht zugestellt"
    "n'a pas pu être remis", // French
    "n'a pas été remis", // French
    "n'a pas pu être distribué", // French
    "no se pudo entregar", // Spanish
    "no pudo ser entregado", // Spanish
    "no ha podido ser entregado", // Spanish
    "no ha sido posible entregar", // Spanish: "it has not been possible to deliver"
    "no se ha podido entregar", // Spanish
    "no se ha entregado", // Spanish: "has not been delivered"
    "has stopped the following", // MailMarshal: "MailMarshal (an automated content monitoring gateway) has stopped the following message"
    "no ha entregado", // Spanish, a gateway's own words: "<product> no ha entregado el siguiente mensaje"
    "não foi entregue", // Portuguese: "was not delivered"
    "não pôde ser entregue", // Portuguese
    "não foi possível entregar", // Portuguese
    "kon niet worden afgeleverd", // Dutch
    "kon niet worden bezorgd", // Dutch
    "kunde inte levereras", // Swedish
    "kunne ikke leveres", // Danish, Norwegian
    "nie został dostarczony", // Polish, of a masculine noun ("list", "e-mail")
    "nie została dostarczona", // Polish, of "wiadomość" (message), a feminine noun
    "تحویل داده نشد",  // Persian
    "non è stato recapitato", // Italian
    "non è stato consegnato", // Italian: consegnare, "to deliver"
    "impossibile consegnare", // Italian: "unable to deliver"
    "nepodařilo doručit", // Czech
    "teslim edilemedi", // Turkish
    "не может быть доставлено", // Russian
    "не удалось доставить", // Russian
    "не было доставлено", // Russian
    "не доставлено", // Russian: "not delivered" (Kaspersky's "Сообщение … не доставлено получателю")
    "配信できませんでした", // Japanese
    "配信に失敗しました", // Japanese
    "配信されませんでした", // Japanese: "was not delivered"
    "配送されませんでした", // Japanese: "was not delivered" (配送, the transport of mail)
    "配信されていません", // Japanese: "has not been delivered"
    "配送されていません", // Japanese: "has not been delivered" (配送)
    "配送に失敗しました", // Japanese: "delivery failed" (配送, the transport of mail)
    "受信を拒否しました", // Japanese: "(we) refused to receive (it)", a gateway's refusal notice
    "无法投递",      // Chinese
    "投递失败",      // Chinese
    "无法送达",      // Chinese
    "没有成功投递",  // Chinese: "was not successfully delivered"
    "未能成功投递",  // Chinese: "could not be successfully delivered"
    "전달되지 않았습니다", // Korean: "was not delivered"
    "전달할 수 없습니다", // Korean: "cannot be delivered"
    "배달되지 않았습니다", // Korean: "was not delivered" (Exchange's "배달 못함" notices)
    "전달되지 못했습니다", // Korean: "could not be delivered"
    "메일이 차단되었습니다", // Korean: "the mail was blocked", a filter's refusal notice
    "에 의해 차단되었습니다", // Korean: "was blocked by (a filter)"
];

/// Lines that introduce the returned original inside a plain-text bounce; the text after the
/// first of them is the original, not the report.
pub const ORIGINAL_MARKERS: &[&str] = &[
    "--- below this line is a copy of the message", // qmail, Yahoo
    "------ this is a copy of the message",         // Exim
    "------ this is a copy of the body of the message", // Exim
    "message headers follow",                       // DragonFly
    "----- original message -----",                 // Google Groups, various
    "-----original message-----",                   // Outlook style
    "------- original message -------",             // various
    "--- original message follows",                 // X2-style, various
    "original message follows",                     // various
    "----- unsent message follows -----",           // old Sendmail
    "------ original message headers ------",       // various
    "original message headers:",                    // Office 365
    "----- the header of the original message is following", // Courier / Japanese carriers
    "--- the header of the original message is following", // ezweb
    "content-type: message/rfc822",                 // an inline attachment marker
    "-- the following is the original message",     // various
    "----- message header follows -----",           // various
    "--- headers of the original message",          // various
    "headers of your original message", // TMDA's confirmation request: "--- Enclosed are the headers of your original message ---"
    "enclosed is a copy of your message", // TMDA's older template
    "original-message:",
    "-- returned message --", // Lotus Notes "------- Returned message --------", however many dashes
    "start of returned message", // "---- START OF RETURNED MESSAGE ----" (Demon/Cable & Wireless)
    "below is a copy of the original message", // OpenSMTPD bounce.c
    "copy of the first part of the message", // "Here is a copy of the first part of the message"
    "copy of the original message below", // "A copy of the original message below this line"
    "copy of the message header", // "Included is a copy of the message header"
    "lines of the message follow", // "The header and top 20 lines of the message follows"
];

/// Lines that start a delivery-status block pasted into the text: the prose ends there.
pub const STATUS_MARKERS: &[&str] = &[
    "\nreporting-mta:",
    "\nfinal-recipient:",
    "\noriginal-recipient:",
];

/// Header fields that only an original message carries; one at the start of a line means the
/// report's text has ended even where no marker said so.
pub const ORIGINAL_HEADER_LINES: &[&str] = &[
    "received:",
    "message-id:",
    "return-path:",
    "content-type:",
    "mime-version:",
    "dkim-signature:",
    "content-transfer-encoding:",
    "x-mailer:",
    "x-originating-ip:",
];

/// Header fields that open a quoted original ("> From: ...", "> Subject: ..."): a line quoted
/// with RFC 3676 §4.5's marker is another message's text, so its header fields (RFC 5322
/// §3.6) start that message, even those a report's own summary uses unquoted ("Subject:").
pub const QUOTED_ORIGINAL_FIELDS: &[&str] = &[
    "from:",
    "to:",
    "cc:",
    "subject:",
    "date:",
    "sender:",
    "reply-to:",
];

/// Header-like lines in a report's prose whose addresses never name a recipient.
pub const NON_RECIPIENT_LINES: &[&str] = &[
    "message-id:",
    "received:",
    "references:",
    "in-reply-to:",
    "return-path:",
    "from:",
    "sender:",
    "reply-to:",
    // "From:" and "Sender:" in the languages gateways and Exchange localize their summaries into
    "de:",  // Spanish, French, Portuguese
    "de :", // French typography
    "von:", // German
    "da:",  // Italian
    "van:", // Dutch
    "od:",  // Polish
    "от:",  // Russian
    "absender",
    "expéditeur",
    "remitente",
    "remetente",
    "mittente",
    "afzender",
    "nadawca",
    "отправитель",
    "差出人",    // Japanese
    "送信者",    // Japanese
    "发件人",    // Chinese
    "보낸 사람", // Korean
    "cc:",       // a quoted original's copy recipients: a report names failed ones in its own words
    "bcc:",
    "dkim-signature:",
    "mail from:",
    "envelope-from",
    "x-originating",
    "smtp.mailfrom",
    "original-envelope-id",
    "list-unsubscribe",
];

/// Phrases of lines that name a helpdesk or the postmaster, not a recipient.
pub const HELPDESK_PHRASES: &[&str] = &[
    "please contact",
    "further assistance",
    "send mail to",
    "contact your",
    "contact us",
    "need help",
    "for help",
    "for assistance",
    "helpdesk",
    "help desk",
    "service desk", // an organisation's IT service desk ("ask our IT Service Desk (it@…)")
    "servicedesk",
    "questions:",       // "Questions: it@…"
    "more information", // footers: "For more information ... email info@..."
    // ezmlm-idx's subscribers-only refusal: "please forward this message to <list>-owner@..."
    "forward this message to",
    // "please contact" in the languages gateways localize their notices into
    "wenden sie sich",    // German: "Bitte wenden Sie sich bei Fragen an <address>"
    "veuillez contacter", // French
    "contactez",          // French
    "neem contact op",    // Dutch
    "contattare",         // Italian: "si prega di contattare"
    "contacte con",       // Spanish: "contacte con <address>"
];

/// Words right before an address that make it the reader or the sender, not a failed
/// recipient: a salutation ("Sorry <sender>, your mail ...", "Dear <sender>") or a sender
/// ("not accepting mail from <sender>", "the message from <sender> to <recipient>", "the
/// message sent by <sender>", "sender <sender>"; never a bare "from"); or a recipient the
/// report says it delivered to.
pub const NON_RECIPIENT_BEFORE: &[&str] = &[
    "sorry",
    "dear",
    "hello",
    "hi",
    "mail from",
    "messages from",
    "message from",
    "email from",
    "e-mail from",
    "sent by",
    "sender",
    // a message listed by its subject and its sender ("\"Invoice 88231\" (from a@b)"), as mail
    // systems list the mail they hold or failed to take in
    "(from",
    // a report that names its successful deliveries beside its failures ("The message was
    // delivered to: <a>", MailMarshal): a delivered recipient did not fail
    "was delivered to",
    "was delivered to:",
    "were delivered to",
    "were delivered to:",
    "has been delivered to",
    "has been delivered to:",
    "successfully delivered to",
    "successfully delivered to:",
];

/// Field names right before an address-shaped value that make it a message identifier
/// (RFC 5322 §3.6.4: msg-id is "<" id-left "@" id-right ">"), no mailbox; an MTA's session
/// log names the message it sends that way ("14:02:55: Message-ID: <x@y>"), a report's text
/// as a label without the hyphen ("Original message ID: <x@y>") or spelt out, as X.400
/// gateways label the MTS identifier ("Original message identifier: <x@y>").
pub const MESSAGE_ID_BEFORE: &[&str] = &[
    "message-id:",
    "message id:",
    "message identifier:",
    "in-reply-to:",
    "references:",
];

/// Words right after an address that make it the sender's: Postfix smtpd's "<address>: Sender
/// address rejected: <cause>" (smtpd_check.c names what it refused before "rejected") and
/// Sendmail's "<address>... Domain of sender address <domain> does not exist" (553 5.1.8).
pub const SENDER_AFTER: &[&str] = &["sender address", "domain of sender"];

/// Words right before an address that name it as where the reported message went ("Your
/// message to <recipient> has been blocked", "could not be delivered to <recipient>"):
/// a later sentence's pointer to help is the report's, not about that address.
pub const DELIVERY_TARGET_BEFORE: &[&str] = &[
    "your message to",
    "deliver to",
    "delivered to",
    "delivery to",
];

/// Words right before a forward-path, the address to use instead (RFC 5321 §3.4: "551 User
/// not local; please try <forward-path>", "251 User not local; will forward to
/// <forward-path>"), and a moved person's notice in words ("can now be reached at <new>"):
/// the person's new address, never a failed recipient.
pub const FORWARD_PATH_BEFORE: &[&str] = &["try", "forward to", "moved to", "reached at"];

/// Words right before the address a failed recipient was expanded from: Sendmail's
/// "(expanded from: <alias>)" under it (savemail.c), Postfix's "<final> (expanded from
/// <alias>)", Exim's "(generated from <alias>)" and "(ultimately generated from <alias>)". The
/// prose form of RFC 3464 §2.3.1 Original-Recipient: never a second failed recipient, the
/// entry's original recipient, which stands in only where the final address is withheld
/// (Exim's "an undisclosed address").
pub const ALIAS_BEFORE: &[&str] = &["expanded from", "expanded from:", "generated from"];

/// Local parts that are never the recipient a bounce reports on.
pub const NON_RECIPIENT_LOCALS: &[&str] = &[
    "mailer-daemon",
    "postmaster",
    "mail-daemon",
    "mailer_daemon",
];

/// Phrases saying the report is a delay warning, not a final failure.
pub const DELAY_PHRASES: &[&str] = &[
    "will continue trying",               // various
    "will continue to try",               // various
    "has been delayed",                   // various
    "message delayed",                    // various
    "delivery has been delayed",          // various
    "still trying",                       // various
    "this is a warning message only",     // Sendmail, Exim warnings
    "no action is required on your part", // Gmail delay
    "will retry",                         // various
    "delivery attempts will continue",    // Exchange
    "a warning only", // Postfix bounce template (bounce_template.c, delay) "This is a warning only", MDaemon's "This message is a warning only"
    "will continue to attempt", // MDaemon "will continue to attempt delivery for up to N days", various
    // Postfix bounce template (delay); not MDaemon's permanent failure "You do not need to
    // resend your message to delivered recipients"
    "you do not need to resend your message.",
    "just a warning", // "this is just a warning, you do not need to take any action"
    "do not need to take any action", // delay warnings: nothing has failed yet
    "not yet been delivered", // "has not yet been delivered": still queued
    "a message is delayed", // OpenSMTPD bounce.c: "A message is delayed for more than"
    "only a temporary failure report", // OpenSMTPD bounce.c delay notice
    "will be retried", // Postfix delay template "It will be retried until it is N day(s) old"; Gmail
    "will keep trying", // Sendmail "Will keep trying until message is N days old"
    "will be attempted again", // a queue's retry ("placed in the retry queue and delivery will be attempted again"); "will not be attempted again" is final
    "delivery is delayed",     // Office 365 "Delivery is delayed to these recipients or groups"
    "hasn't been delivered yet", // Exchange delay notice "This message hasn't been delivered yet"
    "delay reason:",           // Exim's delay warning names each address's "Delay reason: ..."
];

/// Phrases of a notice that tells of a delivery, not a failure (RFC 3464 §2.3.3's delivered and
/// relayed, in words), as the MTAs that send such notices in text word them.
pub const SUCCESS_PHRASES: &[&str] = &[
    "successfully delivered", // Postfix success report: "Your message was successfully delivered to the destination(s)"
    "successfully relayed", // Exchange/IIS relay notice: "Your message has been successfully relayed to the following recipients"
    "recipients succeeded", // Exchange success notice: "Delivery to the following recipients succeeded."
    "recipients or groups is complete", // Exchange relay notice: "Delivery to these recipients or groups is complete"
    "has been delivered to the following", // Exchange delivery notice: "Your message has been delivered to the following recipients"
];

/// The delay phrases, then the delivery phrases: one table, so that one scan finds which a
/// report holds.
pub const NOT_FAILED_PHRASES: [&str; DELAY_PHRASES.len() + SUCCESS_PHRASES.len()] = {
    let mut out = [""; DELAY_PHRASES.len() + SUCCESS_PHRASES.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = if i < DELAY_PHRASES.len() {
            DELAY_PHRASES[i]
        } else {
            SUCCESS_PHRASES[i - DELAY_PHRASES.len()]
        };
        i += 1;
    }
    out
};

/// Subjects of out-of-office and vacation replies.
pub const AUTOREPLY_SUBJECTS: &[&str] = &[
    "out of office", // Exchange, Outlook
    "out of the office",
    "automatic reply", // Exchange 2010+
    "auto-reply",
    "autoreply",
    "auto reply",
    "auto response",
    "autoresponse",
    "vacation",
    "away from",
    "abwesenheit",          // German
    "absent du bureau",     // French "out of office"
    "fuera de la oficina",  // Spanish
    "fuori ufficio",        // Italian
    "réponse automatique",  // French
    "risposta automatica",  // Italian
    "respuesta automática", // Spanish
    "自動応答",             // Japanese
    // "absent", "out of the office" in words of the language, as out-of-office rules name
    // their replies (Domino's German "<name> ist außer Haus", GroupWise's Dutch "Afwezig:")
    "außer haus",         // German
    "ausser haus",        // German, in Swiss spelling
    "nicht im büro",      // German
    "afwezig",            // Dutch
    "buiten kantoor",     // Dutch
    "nieobecność",        // Polish
    "poza biurem",        // Polish
    "fora do escritório", // Portuguese
    "ausência",           // Portuguese "absence" (an out-of-office rule's "Ausência: <subject>")
    "ausencia",           // Spanish
    "assenza",            // Italian
    "不在",               // Japanese
    // Outlook's "Automatic reply:" prefix in the languages it ships
    "automatische antwort",   // German
    "automatisch antwoord",   // Dutch
    "resposta automática",    // Portuguese
    "automatyczna odpowiedź", // Polish
    "odpowiedź automatyczna", // Polish, in Outlook's word order ("Odpowiedzi automatyczne" is the feature)
    "automatická odpověď",    // Czech
    "automatiskt svar",       // Swedish
    "automatisk svar",        // Danish, Norwegian
    "autosvar",               // Danish
    "automaattinen vastaus",  // Finnish
    "автоматический ответ",   // Russian
    "otomatik yanıt",         // Turkish
    "自动回复",               // Chinese
    "răspuns automat",        // Romanian
    "automatikus válasz",     // Hungarian
    "automatická odpoveď",    // Slovak
    "automatski odgovor",     // Croatian, Serbian, Bosnian
    "αυτόματη απάντηση",      // Greek
    "автоматична відповідь",  // Ukrainian
    "автоматичен отговор",    // Bulgarian
    "תשובה אוטומטית",         // Hebrew
    "자동 회신",              // Korean
];
