//! Which rule decided a verdict, and on what evidence: every finding carries one, so that an
//! operator can answer "why was this address marked invalid?" (`classify --explain`,
//! `events.rule`, `bounced person`). A rule is a row of one of the classifier's tables; its id
//! is stable text (`status:X.1.1`, `diagnostic:user unknown`) that `bounced stats` can count.

use std::fmt;

use crate::taxonomy::Reason;

/// Where the deciding evidence was found, in the order the classifier consults it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The report's own kind or action (RFC 3464 §2.3.3, RFC 5965, RFC 3834).
    Report,
    /// A provider's own cause code (Orange, La Poste, Spectrum, Cox).
    Provider,
    /// A specific RFC 3463 enhanced status code.
    Status,
    /// An RFC 5321 reply code that names one cause, where the status is absent or generic.
    Reply,
    /// A phrase of the recipient's own diagnostic.
    Diagnostic,
    /// A phrase of the report's prose around it.
    Prose,
    /// A correction of the verdict by a general fact (the SMTP stage, a transient class).
    Refine,
    /// Nothing known decided: `onhold` for words no rule knows, `undefined` for none.
    Fallback,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Report => "report",
            Basis::Provider => "provider",
            Basis::Status => "status",
            Basis::Reply => "reply",
            Basis::Diagnostic => "diagnostic",
            Basis::Prose => "prose",
            Basis::Refine => "refine",
            Basis::Fallback => "fallback",
        }
    }
}

/// One rule of the classifier: where it looked, what it matched, and the source of the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub basis: Basis,
    /// What the rule matches: a phrase, a status (`X.1.1`), a provider code, a refinement name.
    pub key: &'static str,
    /// The primary source that states the fact (RFC section, MTA, provider documentation).
    pub source: &'static str,
}

impl Rule {
    pub const fn new(basis: Basis, key: &'static str, source: &'static str) -> Rule {
        Rule { basis, key, source }
    }
}

/// The id stored in `events.rule`: `basis:key`.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.basis.name(), self.key)
    }
}

/// A reason and the rule that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub reason: Reason,
    pub rule: Rule,
}

impl Verdict {
    pub const fn new(reason: Reason, rule: Rule) -> Verdict {
        Verdict { reason, rule }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_basis_and_key() {
        let r = Rule::new(Basis::Status, "X.1.1", "RFC 3463 §3.2");
        assert_eq!(r.to_string(), "status:X.1.1");
    }
}
