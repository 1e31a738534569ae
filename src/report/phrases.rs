//! One automaton per phrase table: a text is scanned once for all of a table's phrases instead
//! of once per phrase (the classify tables hold hundreds; measured, per-phrase `contains` kept
//! throughput under half the 50,000 messages/s target).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// A lazily built matcher over a static phrase table.
pub struct Phrases {
    table: Table,
    /// Match ASCII letters in any case, for texts that are not lowercased first.
    any_case: bool,
    /// Let aho-corasick skip ahead with a prefilter (see `unfiltered`).
    prefilter: bool,
    automaton: OnceLock<Option<AhoCorasick>>,
}

/// Where a matcher's phrases come from.
enum Table {
    Static(&'static [&'static str]),
    /// Built on first use: the first column of a table of (phrase, value) rows.
    Built(fn() -> Vec<&'static str>),
}

impl Phrases {
    pub const fn new(table: &'static [&'static str]) -> Phrases {
        Phrases {
            table: Table::Static(table),
            any_case: false,
            prefilter: true,
            automaton: OnceLock::new(),
        }
    }

    /// A matcher without aho-corasick's prefilter, for a table whose phrases are made of
    /// common letters only: there the rare-byte prefilter stops so often that scanning every
    /// byte is cheaper (the delay and delivery phrases: Callgrind, 2.2k fewer instructions per
    /// corpus message).
    pub const fn unfiltered(table: &'static [&'static str]) -> Phrases {
        Phrases {
            table: Table::Static(table),
            any_case: false,
            prefilter: false,
            automaton: OnceLock::new(),
        }
    }

    /// A matcher over the phrases `phrases` gives on first use (a table's key column), in
    /// its order, so that a match's index is the row's.
    pub const fn built(phrases: fn() -> Vec<&'static str>) -> Phrases {
        Phrases {
            table: Table::Built(phrases),
            any_case: false,
            prefilter: true,
            automaton: OnceLock::new(),
        }
    }

    /// A matcher that ignores ASCII case (the table itself is lowercase).
    pub const fn any_case(table: &'static [&'static str]) -> Phrases {
        Phrases {
            table: Table::Static(table),
            any_case: true,
            prefilter: true,
            automaton: OnceLock::new(),
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        // A DFA: the tables are small and scanned over every message, so the faster search is
        // worth its larger build. Building only fails for tables far beyond these sizes; then
        // nothing matches.
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .ascii_case_insensitive(self.any_case)
                    .prefilter(self.prefilter)
                    .build(match self.table {
                        Table::Static(table) => table.to_vec(),
                        Table::Built(phrases) => phrases(),
                    })
                    .ok()
            })
            .as_ref()
    }

    /// Table index and start offset of every occurrence of a phrase, overlapping ones included.
    pub fn positions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        self.automaton()
            .into_iter()
            .flat_map(move |ac| ac.find_overlapping_iter(text))
            .map(|m| (m.pattern().as_usize(), m.start()))
    }

    /// Table index of the phrase that starts first in `text`.
    pub fn first(&self, text: &str) -> Option<usize> {
        self.automaton()?
            .find_overlapping_iter(text)
            .min_by_key(|m| (m.start(), m.pattern().as_usize()))
            .map(|m| m.pattern().as_usize())
    }

    /// Whether any phrase occurs in `text`.
    pub fn any(&self, text: &str) -> bool {
        self.automaton().is_some_and(|ac| ac.is_match(text))
    }

    /// Byte ranges of every occurrence of any phrase, overlapping ones included.
    pub fn spans<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        self.automaton()
            .into_iter()
            .flat_map(move |ac| ac.find_overlapping_iter(text))
            .map(|m| (m.start(), m.end()))
    }

    /// Byte offset of the earliest occurrence of any phrase.
    pub fn earliest(&self, text: &str) -> Option<usize> {
        self.automaton()?.find(text).map(|m| m.start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: Phrases = Phrases::new(&["user unknown", "unknown", "full"]);

    #[test]
    fn finds_all_overlapping_phrases() {
        let mut found: Vec<(usize, usize)> = TABLE.positions("550 user unknown").collect();
        found.sort_unstable();
        assert_eq!(found, [(0, 4), (1, 9)]);
        assert!(TABLE.any("mailbox full"));
        assert_eq!(TABLE.earliest("is full, unknown"), Some(3));
        assert_eq!(TABLE.earliest("nothing"), None);
    }
}
