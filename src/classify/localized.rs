//! The two most common facts a reply states, "the mailbox does not exist" (RFC 3463 X.1.1) and
//! "the mailbox is full" (X.2.2), in the other languages servers answer in. A localized reply
//! often comes without an enhanced status code, and then its words are all there is. One family
//! per language, so that a noun meets only its own language's predicates ("IP-Adresse
//! unbekannt" is no French "adresse inconnue"). Chinese and Japanese write no spaces between
//! words, so their predicates join the noun directly ("用户" + "不存在").

use super::families::Family;
use crate::taxonomy::Reason::{HostUnknown, MailboxFull, Suspend, UserUnknown};

const NO_MAILBOX_SOURCE: &str = "RFC 3463 §3.2 X.1.1 'The mailbox specified in the address does \
     not exist', in the words of the server's language: a word for the user, recipient, address \
     or mailbox with one for unknown, invalid or not existing (an invalid address, which may be \
     a malformed one, is weak evidence)";
const NO_HOST_SOURCE: &str = "RFC 3463 §3.2 X.1.2 'The destination system specified in the \
     address does not exist', in the words of the server's language: a word for the domain with \
     one for unknown or not existing";
const FULL_SOURCE: &str = "RFC 3463 §3.3 X.2.2 'Mailbox full', in the words of the server's \
     language: a word for the mailbox with one for full";
const DISABLED_SOURCE: &str = "RFC 3463 §3.3 X.2.1 'Mailbox disabled, not accepting messages', \
     in the words of the server's language: a word for the account or mailbox with one for \
     deactivated or suspended (it may be enabled again: soft)";

/// A language's family of "the mailbox does not exist": `vague` pairs are weak evidence.
const fn no_mailbox(
    nouns: &'static [&'static str],
    vague: (&'static [&'static str], &'static [&'static str]),
    before: &'static [&'static str],
    after: &'static [&'static str],
) -> Family {
    Family {
        reason: UserUnknown,
        nouns,
        vague,
        before,
        after,
        around: &[],
        source: NO_MAILBOX_SOURCE,
    }
}

/// A language's family of "the recipient's domain does not exist": its words for the domain,
/// and for unknown or not existing.
const fn no_host(
    nouns: &'static [&'static str],
    before: &'static [&'static str],
    after: &'static [&'static str],
) -> Family {
    Family {
        reason: HostUnknown,
        nouns,
        vague: (&[], &[]),
        before,
        after,
        around: &[],
        source: NO_HOST_SOURCE,
    }
}

/// A language's family of "the mailbox is disabled": its words for the mailbox, and for
/// deactivated or suspended.
const fn disabled(nouns: &'static [&'static str], after: &'static [&'static str]) -> Family {
    Family {
        reason: Suspend,
        nouns,
        vague: (&[], &[]),
        before: &[],
        after,
        around: &[],
        source: DISABLED_SOURCE,
    }
}

/// A language's family of "the mailbox is full": its words for the mailbox, and for full.
const fn full(nouns: &'static [&'static str], after: &'static [&'static str]) -> Family {
    Family {
        reason: MailboxFull,
        nouns,
        vague: (&[], &[]),
        before: &[],
        after,
        around: &[],
        source: FULL_SOURCE,
    }
}

// The nouns of each language: the user, the recipient, the address, the account, the mailbox.
const DE: &[&str] = &[
    "benutzer",
    "empfänger",
    "empfaenger",
    "empfängeradresse",
    "empfaengeradresse",
    "e-mail-adresse",
    "postfach",
];
const FR: &[&str] = &[
    "utilisateur",
    "destinataire",
    "adresse",
    "compte",
    "boîte aux lettres",
    "boite aux lettres",
];
const ES: &[&str] = &[
    "usuario",
    "destinatario",
    "dirección",
    "direccion",
    "dirección de correo",
    "direccion de correo",
    "cuenta",
    "cuenta de correo",
    "buzón",
    "buzon",
    // the mailbox in the Spanish of Argentina and Uruguay
    "casilla",
    "casilla de correo",
];
const PT: &[&str] = &[
    "usuário",
    "usuario",
    "utilizador",
    "destinatário",
    "destinatario",
    "endereço",
    "endereco",
    "conta",
    "caixa postal",
];
const IT: &[&str] = &["utente", "destinatario", "indirizzo", "casella"];
const NL: &[&str] = &[
    "gebruiker",
    "ontvanger",
    "e-mailadres",
    "mailbox",
    "postvak",
];
const PL: &[&str] = &["użytkownik", "uzytkownik", "adresat"];
const SV: &[&str] = &["användare", "användaren", "mottagare", "mottagaren"];
const CS: &[&str] = &[
    "adresát",
    "uživatel",
    "příjemce",
    "schránka",
    "poštovní schránka",
    "e-mailová adresa",
    "účet",
    "uživatelský účet",
];
const TR: &[&str] = &["alıcı", "kullanıcı", "e-posta adresi", "posta kutusu"];
const RU: &[&str] = &[
    "пользователь",
    "получатель",
    "адресат",
    "адрес получателя",
    "адрес электронной почты",
    "почтовый ящик",
    "ящик",
    "учетная запись",
    "учётная запись",
    "аккаунт",
    // genitive, as existence is denied in Russian: "такого почтового ящика не существует"
    // ("no such mailbox exists"), "пользователя … не существует"
    "пользователя",
    "адресата",
    "почтового ящика",
    "ящика",
    "учетной записи",
    "учётной записи",
    "аккаунта",
];
const ZH: &[&str] = &[
    "用户",
    "用戶",
    "收件人",
    "收件者",
    "收件人地址",
    "邮件地址",
    "电子邮件地址",
    "郵件地址",
    "邮箱",
    "郵箱",
    "信箱",
    "收件人邮箱",
    "帐户",
    "账户",
    "帳戶",
    "帐号",
    "账号",
    "帳號",
];
const FA: &[&str] = &["کاربر", "گیرنده", "نشانی", "صندوق پستی", "حساب کاربری"];
const JA: &[&str] = &[
    "ユーザ",
    "ユーザー",
    "宛先",
    "受信者",
    "メールアドレス",
    "電子メールアドレス",
    "電子メール アドレス",
    "アカウント",
    "メールボックス",
];

/// The mailbox does not exist. "Invalid" is weak with every noun: an invalid address may be a
/// malformed one, and an invalid account a login's ("compte invalide ou mot de passe
/// incorrect"), so it never outranks a specific status.
pub const NO_MAILBOX: &[Family] = &[
    // a deleted or dissolved ("aufgelöst") mailbox no longer exists; vague, as an address
    // "gelöscht" is as often one taken off a mailing list
    no_mailbox(
        DE,
        (
            DE,
            &[
                "ungültiger ",
                "ungültige ",
                "ungueltiger ",
                "ungueltige ",
                " wurde gelöscht",
                " wurde geloescht",
                " wurde aufgelöst",
                " wurde aufgeloest",
            ],
        ),
        // "Für diese Adresse existiert kein Postfach": there is no mailbox
        &[
            "unbekannter ",
            "unbekannte ",
            "ungültiger ",
            "ungültige ",
            // RFC 5321 §2.4: a reply is ASCII, where ü is written ue
            "ungueltiger ",
            "ungueltige ",
            "existiert kein ",
        ],
        &[
            " unbekannt",
            " ist unbekannt",
            " existiert nicht",
            " nicht gefunden",
            " wurde nicht gefunden",
            " wurde gelöscht",
            " wurde geloescht",
            " wurde aufgelöst",
            " wurde aufgeloest",
            " nicht bekannt",
            " ist nicht bekannt",
            // German puts the place before the predicate and its negation ("Der Empfänger
            // ist auf diesem Server unbekannt", "existiert auf diesem System nicht")
            " ist auf diesem server unbekannt",
            " ist auf diesem system unbekannt",
            " ist auf diesem server nicht bekannt",
            " ist auf diesem system nicht bekannt",
            " existiert auf diesem server nicht",
            " existiert auf diesem system nicht",
        ],
    ),
    no_mailbox(
        FR,
        (FR, &[" invalide"]),
        &[],
        &[
            " inconnu",
            " inconnue",
            " est inconnu",
            " est inconnue",
            " n'existe pas",
            " n’existe pas",
            " introuvable",
            " inexistant",
            " inexistante",
            " invalide",
        ],
    ),
    // "dar de baja" is to cancel a registration: an account "dada de baja" is a closed one;
    // vague, as an address "dada de baja" is as often one taken off a mailing list
    no_mailbox(
        ES,
        (
            ES,
            &[
                " no válido",
                " inválido",
                " no válida",
                " inválida",
                " dado de baja",
                " dada de baja",
                " ha sido dado de baja",
                " ha sido dada de baja",
            ],
        ),
        &[],
        &[
            " desconocido",
            " desconocida",
            " no existe",
            " inexistente",
            " no válido",
            " inválido",
            " no válida",
            " inválida",
            " dado de baja",
            " dada de baja",
            " ha sido dado de baja",
            " ha sido dada de baja",
        ],
    ),
    no_mailbox(
        PT,
        (PT, &[" inválido"]),
        &[],
        &[
            " desconhecido",
            " inexistente",
            " não existe",
            " nao existe",
            " inválido",
        ],
    ),
    no_mailbox(
        IT,
        (IT, &[" non valido"]),
        &[],
        &[" sconosciuto", " inesistente", " non esiste", " non valido"],
    ),
    no_mailbox(
        NL,
        (NL, &["ongeldige ", "ongeldig "]),
        &["onbekende ", "ongeldige ", "ongeldig "],
        &[" onbekend", " bestaat niet"],
    ),
    no_mailbox(
        PL,
        (&[], &[]),
        &["nieznany "],
        &[" nie istnieje", " nieznany"],
    ),
    no_mailbox(
        SV,
        (SV, &["ogiltig "]),
        &["okänd ", "ogiltig "],
        &[" finns inte", " okänd"],
    ),
    no_mailbox(
        CS,
        (CS, &["neplatný ", " je neplatná", " je neplatný"]),
        &["neznámý ", "neplatný "],
        &[
            " neexistuje",
            " nebyl nalezen",
            " nebyla nalezena",
            " není znám",
            " je neplatná",
            " je neplatný",
        ],
    ),
    no_mailbox(
        TR,
        (&[], &[]),
        &["bilinmeyen "],
        &[" bulunamadı", " mevcut değil"],
    ),
    no_mailbox(
        RU,
        (&[], &[]),
        &["неизвестный ", "несуществующий "],
        &[
            " не найден",
            " не найдена",
            " не существует",
            " неизвестен",
            " не зарегистрирован",
        ],
    ),
    no_mailbox(FA, (&[], &[]), &[], &[" وجود ندارد", " یافت نشد"]), // Persian
    no_mailbox(
        ZH,
        (ZH, &["无效", "無效"]),
        &[],
        &["不存在", "无效", "無效", "未找到"],
    ),
    no_mailbox(
        JA,
        (JA, &["が無効です", "は無効です"]),
        &[],
        &[
            "が存在しません",
            "は存在しません",
            "が見つかりません",
            "が見つかりませんでした",
            "は見つかりませんでした",
            "不明",
            "が無効です",
            "は無効です",
        ],
    ),
];

/// The recipient's domain does not exist.
#[rustfmt::skip]
pub const NO_HOST: &[Family] = &[
    no_host(&["domain", "domäne", "domaene", "empfängerdomain", "empfaengerdomain", "zieldomain"], &["unbekannte "], &[" existiert nicht", " nicht gefunden", " wurde nicht gefunden", " unbekannt", " ist unbekannt"]), // German
    no_host(&["domaine", "nom de domaine", "domaine du destinataire"], &[], &[" inconnu", " est inconnu", " introuvable", " inexistant", " n'existe pas", " n’existe pas"]), // French
    no_host(&["dominio", "dominio del destinatario"], &[], &[" desconocido", " no existe", " inexistente", " no encontrado"]), // Spanish
    no_host(&["domínio", "dominio do destinatário"], &[], &[" desconhecido", " não existe", " inexistente", " não encontrado"]), // Portuguese
    no_host(&["dominio"], &[], &[" sconosciuto", " inesistente", " non esiste", " non trovato"]), // Italian
    no_host(&["domein", "domeinnaam"], &["onbekend "], &[" bestaat niet", " onbekend", " niet gevonden"]), // Dutch
    no_host(&["domena"], &["nieznana "], &[" nie istnieje", " nieznana"]), // Polish
    no_host(&["doména"], &["neznámá "], &[" neexistuje", " nebyla nalezena"]), // Czech
    no_host(&["domän", "domänen"], &["okänd "], &[" finns inte", " okänd"]), // Swedish
    no_host(&["alan adı", "alıcının alan adı"], &[], &[" bulunamadı", " mevcut değil"]), // Turkish
    no_host(&["домен", "домен получателя"], &["несуществующий ", "неизвестный "], &[" не существует", " не найден"]), // Russian
    no_host(&["域名", "收件人域名"], &[], &["不存在"]), // Chinese
    no_host(&["ドメイン"], &[], &["が存在しません", "は存在しません", "が見つかりません"]), // Japanese
];

/// The mailbox is full.
#[rustfmt::skip]
pub const MAILBOX_FULL: &[Family] = &[
    full(&["postfach"], &[" voll", " ist voll", " des empfängers ist voll", " des empfaengers ist voll"]), // German
    full(&["boîte aux lettres", "boite aux lettres", "boîte aux lettres du destinataire"], &[" pleine", " est pleine", " saturée", " est saturée"]), // French
    full(&["buzón", "buzon", "buzón del destinatario", "buzon del destinatario"], &[" lleno", " está lleno", " esta lleno"]), // Spanish
    full(&["casilla", "casilla de correo"], &[" llena", " está llena", " esta llena"]), // Spanish of Argentina and Uruguay
    full(&["caixa postal", "caixa de correio", "caixa postal do destinatário", "caixa de correio do destinatário"], &[" cheia", " está cheia", " esta cheia", " lotada"]), // Portuguese
    full(&["casella", "casella di posta", "casella del destinatario", "casella di posta del destinatario"], &[" piena", " è piena"]), // Italian
    full(&["postvak"], &[" vol", " is vol"]), // Dutch
    full(&["skrzynka"], &[" pełna", " jest pełna", " przepełniona"]), // Polish
    full(&["brevlådan"], &[" är full"]), // Swedish
    full(&["schránka", "poštovní schránka", "schránka příjemce"], &[" je plná", " je přeplněná", " plná"]), // Czech
    full(&["posta kutusu", "alıcının posta kutusu"], &[" dolu", " doldu"]), // Turkish
    full(&["почтовый ящик", "ящик", "ящик получателя", "почтовый ящик получателя"], &[" переполнен", " заполнен", " полон"]), // Russian
    full(&["邮箱", "郵箱", "信箱", "收件箱", "收件人邮箱"], &["已满", "已滿", "空间不足", "空間不足", "容量不足"]), // Chinese
    full(&["メールボックス", "受信箱"], &["がいっぱい", "が一杯", "が満杯", "の容量が超過", "容量超過"]), // Japanese
];

/// The mailbox is disabled: deactivated or suspended, in the words of a language's own
/// nouns for the recipient, the account and the mailbox.
#[rustfmt::skip]
pub const DISABLED: &[Family] = &[
    disabled(DE, &[" deaktiviert", " ist deaktiviert", " wurde deaktiviert"]), // German
    disabled(FR, &[" désactivé", " désactivée", " est désactivé", " est désactivée", " a été désactivé", " a été désactivée", " suspendu", " suspendue", " est suspendu", " est suspendue"]), // French
    disabled(ES, &[" desactivado", " desactivada", " está desactivado", " está desactivada", " suspendido", " suspendida", " está suspendido", " está suspendida", " deshabilitado", " deshabilitada", " inhabilitado", " inhabilitada"]), // Spanish
    disabled(PT, &[" desativado", " desativada", " está desativado", " está desativada", " suspenso", " suspensa", " está suspenso", " está suspensa", " desabilitado", " desabilitada"]), // Portuguese
    disabled(IT, &[" disattivato", " disattivata", " è disattivato", " è disattivata", " sospeso", " sospesa", " è sospeso", " è sospesa", " disabilitato", " disabilitata"]), // Italian
    disabled(NL, &[" gedeactiveerd", " is gedeactiveerd", " uitgeschakeld", " is uitgeschakeld"]), // Dutch
    disabled(&["邮箱", "郵箱", "信箱", "收件人邮箱", "账户", "帐户", "账号", "帐号"], &["已被冻结", "已冻结", "被冻结", "已被停用", "已停用", "已被禁用", "已禁用"]), // Chinese: frozen, stopped, disabled (QQ Mail's "Mailbox is frozen", Coremail's 冻结)
];

#[cfg(test)]
mod tests {
    use super::super::patterns::{find, Weight};
    use super::super::rule::Basis;
    use crate::taxonomy::Reason::{self, *};

    fn reason(text: &str) -> Option<(Reason, Weight)> {
        find(&text.to_lowercase(), Basis::Diagnostic, "jdoe@example.org")
            .map(|(v, w)| (v.reason, w))
    }

    #[test]
    fn the_facts_in_other_languages() {
        for (text, want) in [
            ("550 Benutzer unbekannt", UserUnknown),
            ("550 Unbekannter Empfänger", UserUnknown),
            ("550 Die E-Mail-Adresse existiert nicht", UserUnknown),
            ("550 Destinataire inconnu", UserUnknown),
            ("550 Ce compte n'existe pas", UserUnknown),
            ("550 El usuario no existe", UserUnknown),
            ("550 Usuário desconhecido", UserUnknown),
            ("550 Utente sconosciuto", UserUnknown),
            ("550 Onbekende gebruiker", UserUnknown),
            (
                "El usuario jdoe@example.org no figura en el Directorio de Domino",
                UserUnknown,
            ),
            ("550 Nieznany użytkownik", UserUnknown),
            ("550 Okänd mottagare", UserUnknown),
            ("552 Das Postfach des Empfängers ist voll", MailboxFull),
            (
                "ポリシー : 迷惑メール対策 - スパム判定レベル: 高",
                SpamDetected,
            ),
            ("550 邮件被判定为垃圾邮件", SpamDetected),
            ("552 Boîte aux lettres pleine", MailboxFull),
            ("552 El buzón está lleno", MailboxFull),
            ("Casilla llena: se excedió la cuota", MailboxFull),
            ("La casilla de correo no existe.", UserUnknown),
            ("552 Casella piena", MailboxFull),
            (
                "552 La casella di posta del destinatario è piena",
                MailboxFull,
            ),
            (
                "550 Der Empfänger ist auf diesem Server nicht bekannt",
                UserUnknown,
            ),
            (
                "550 Die Empfaengeradresse existiert auf diesem System nicht",
                UserUnknown,
            ),
            // a disabled mailbox may be enabled again
            ("550 Das Postfach ist deaktiviert", Suspend),
            ("550 Le compte est suspendu", Suspend),
            (
                "550 La cuenta de correo del destinatario está desactivada temporalmente",
                Suspend,
            ),
            ("550 A conta está desativada", Suspend),
            ("550 L'utente è sospeso", Suspend),
            ("550 收件人邮箱已被冻结，暂时无法接收邮件", Suspend),
            ("550 该账号已停用", Suspend),
            // the recipient's mailbox, as each language says it
            ("552 El buzón del destinatario está lleno", MailboxFull),
            ("552 A caixa postal do destinatário está cheia", MailboxFull),
            (
                "552 La boîte aux lettres du destinataire est pleine",
                MailboxFull,
            ),
            ("550 De mailbox bestaat niet", UserUnknown),
            ("550 Adresát neexistuje", UserUnknown),
            ("550 Uživatelský účet neexistuje", UserUnknown),
            ("550 Für diese Adresse existiert kein Postfach", UserUnknown),
            ("552 Poštovní schránka je plná", MailboxFull),
            ("550 Alıcı bulunamadı", UserUnknown),
            ("552 Alıcının posta kutusu dolu", MailboxFull),
            ("550 Пользователь не найден", UserUnknown),
            ("550 Die Domain existiert nicht", HostUnknown),
            ("550 Domaine inconnu", HostUnknown),
            ("550 El dominio no existe", HostUnknown),
            ("550 Alıcının alan adı bulunamadı", HostUnknown),
            ("550 Домен получателя не существует", HostUnknown),
            ("550 收件人域名不存在", HostUnknown),
            ("550 Адресат не существует", UserUnknown),
            ("550 Такого почтового ящика не существует", UserUnknown),
            ("550 Такого пользователя не существует", UserUnknown),
            ("552 Почтовый ящик получателя переполнен", MailboxFull),
            ("550 收件人不存在，请检查地址", UserUnknown),
            ("552 收件人邮箱已满", MailboxFull),
            ("550 宛先不明です", UserUnknown),
            ("550 ユーザーが見つかりませんでした。", UserUnknown),
            ("552 メールボックスがいっぱいです", MailboxFull),
            ("550 چنین صندوق پستی وجود ندارد", UserUnknown),
            ("550 گیرنده یافت نشد", UserUnknown),
            ("554 Сообщение отклонено: обнаружен вирус", VirusDetected),
            ("554 В сообщении найден вредоносный объект", VirusDetected),
            ("554 Mensagem recusada: vírus encontrado", VirusDetected),
            ("554 メッセージからウイルスが検出されました", VirusDetected),
            ("554 邮件含有病毒，已被拒绝", VirusDetected),
            (
                "554 메일에서 바이러스가 발견되어 수신을 거부합니다",
                VirusDetected,
            ),
        ] {
            assert_eq!(reason(text), Some((want, Weight::Strong)), "{text}");
        }
        // an invalid address may be a malformed one, an invalid account a login's: weak, so a
        // specific status outranks it
        for text in [
            "550 Adresse invalide",
            "550 Ungültiger Empfänger",
            "535 Compte invalide ou mot de passe incorrect",
            // a cancelled, deleted or dissolved account is a closed one; an address "dada de
            // baja" or "gelöscht" may be a list's
            "550 Dieses Postfach wurde aufgelöst",
            "550 Das Postfach wurde gelöscht",
            "Ihre E-Mail-Adresse wurde gelöscht",
            "550 La cuenta de correo ha sido dada de baja de forma definitiva",
            "Su dirección ha sido dada de baja de la lista",
        ] {
            assert_eq!(reason(text), Some((UserUnknown, Weight::Weak)), "{text}");
        }
    }

    #[test]
    fn a_noun_meets_only_its_own_languages_predicates() {
        // German "Adresse" is no noun of the family: an IP address is a host's
        assert_eq!(reason("550 IP-Adresse unbekannt"), None);
        assert_eq!(reason("550 Postvak volume exhausted"), None);
        // the sender in the reply's language makes the failure the sender's
        for text in [
            "550 Expéditeur refusé : adresse inconnue",
            "550 Absender-Domain existiert nicht",
            "550 Отправитель отклонён: пользователь не найден",
            "550 发件人被拒绝：用户不存在",
            "550 送信者のメールアドレスが見つかりません",
        ] {
            assert_eq!(reason(text).map(|(r, _)| r), Some(Rejected), "{text}");
        }
        // the sender's domain named between noun and predicate: no fact of the recipient's
        assert_eq!(reason("550 Domaine de l'expéditeur inconnu"), None);
        // an antivirus footer names no virus found
        for text in [
            "Проверено антивирусом",
            "554 已被反病毒网关拒收：附件类型不允许",
            "ウイルス対策ソフトで確認済み",
            "본 메일은 바이러스 검사를 마쳤습니다",
            "안티바이러스 게이트웨이",
            "바이러스백신 엔진 2.1",
        ] {
            assert_eq!(reason(text), None, "{text}");
        }
    }

    #[test]
    fn size_reverse_dns_rate_and_policy_in_other_languages() {
        use Weight::{Strong, Weak};
        for (text, want) in [
            ("理由: メールのサイズが大きすぎます", (MesgTooBig, Strong)),
            ("メールのサイズの上限は 10MB です", (MesgTooBig, Weak)),
            (
                "メーリングリストの最大サイズを超えているため",
                (MesgTooBig, Strong),
            ),
            ("552 Die Nachricht ist zu groß", (MesgTooBig, Strong)),
            ("550 Ungueltiger Empfaenger", (UserUnknown, Weak)),
            (
                "550 Empfaengerdomain existiert nicht",
                (HostUnknown, Strong),
            ),
            (
                "552 Das Postfach des Empfaengers ist voll",
                (MailboxFull, Strong),
            ),
            // the same in a reply's ASCII
            ("552 Nachricht zu gross: 27 MB", (MesgTooBig, Strong)),
            (
                "550 5.7.1 Zu viele Nachrichten von Ihrer IP (Ratenbegrenzung)",
                (Speeding, Strong),
            ),
            ("552 Message trop volumineux", (MesgTooBig, Strong)),
            (
                "supera la dimensione massima consentita",
                (MesgTooBig, Weak),
            ),
            ("excede el tamaño máximo permitido", (MesgTooBig, Weak)),
            (
                "сообщение превышает максимальный размер",
                (MesgTooBig, Strong),
            ),
            (
                "ne possède pas d'enregistrement DNS inverse",
                (RequirePtr, Strong),
            ),
            ("el servidor no tiene DNS inverso", (RequirePtr, Strong)),
            ("слишком много писем за последний час", (Speeding, Weak)),
            ("Zu viele Nachrichten von Ihrem Server", (Speeding, Weak)),
            ("Troppi messaggi dal tuo indirizzo", (Speeding, Weak)),
            ("Zbyt wiele wiadomosci z adresu IP", (Speeding, Weak)),
            ("Příliš mnoho zpráv z vaší adresy", (Speeding, Weak)),
            (
                "宛先のメールアカウントは現在利用停止中です",
                (Suspend, Strong),
            ),
            (
                "受信側のセキュリティポリシーにより配信されませんでした",
                (PolicyViolation, Weak),
            ),
            (
                "当社のセキュリティポリシーに該当したため配送されませんでした",
                (PolicyViolation, Weak),
            ),
            (
                "当社のポリシーに違反しているため配信されませんでした",
                (PolicyViolation, Strong),
            ),
            (
                "メンバー以外からの投稿は受け付けていません",
                (Rejected, Strong),
            ),
            (
                "あなたのアドレスはメンバーとして登録されていないため",
                (Rejected, Strong),
            ),
        ] {
            assert_eq!(reason(text), Some(want), "{text}");
        }
        // a size that is no limit's
        assert_eq!(reason("Taille du message : 2 Mo"), None);
    }
}
