//! One automaton per phrase table: a text is scanned once for all of a table's phrases instead
//! of once per phrase (the classify tables hold hundreds; measured, per-phrase `contains` kept
//! throughput under half the 50,000 messages/s target).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// A lazily built matcher over a static phrase table.
pub struct Phrases {
    table: Table,
    /// Let aho-corasick skip ahead with a prefilter (see `unfiltered`).
    prefilter: bool,
    automata: OnceLock<[Script; 2]>,
}

/// The automaton over a table's phrases of one script (ASCII, or any other), with each
/// phrase's table index. Phrases in other scripts are only sought in a text that is not all
/// ASCII (most are), and their bytes cannot spoil the ASCII automaton's prefilter: over the
/// corpus, one Hangul phrase among the classify rules cost 4 % more instructions, all the
/// other scripts' phrases together 29 % (Callgrind; the bench gained 3–5 %).
struct Script {
    automaton: Option<AhoCorasick>,
    index: Vec<usize>,
}

/// The two scripts of `Phrases::automata`.
const ASCII: usize = 0;
const OTHER: usize = 1;

/// The automaton for a table of `phrases` phrases. A DFA for the small tables: they are
/// scanned over every message, so its faster search is worth its larger build. A compact NFA
/// past `LARGE_TABLE`: the DFAs of the two largest tables (2,670 and 867 phrases) took 7.0 and
/// 5.4 MB, more than a core's cache, and their scan stalled on memory (perf: 29 % of the
/// bench in the overlapping scan); the NFAs take 0.4 and 0.2 MB, and the bench's median rose
/// 27.4k → 29.7k messages/s over six alternating runs.
fn kind(phrases: usize) -> AhoCorasickKind {
    if phrases > LARGE_TABLE {
        AhoCorasickKind::ContiguousNFA
    } else {
        AhoCorasickKind::DFA
    }
}

/// The size from which a table's DFA outgrows a core's cache (a DFA state takes about 4 bytes
/// for each byte class, the tables' phrases about 20 states each).
const LARGE_TABLE: usize = 500;

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
            prefilter: true,
            automata: OnceLock::new(),
        }
    }

    /// A matcher without aho-corasick's prefilter, for a table whose phrases are made of
    /// common letters only: there the rare-byte prefilter stops so often that scanning every
    /// byte is cheaper (the delay and delivery phrases: Callgrind, 2.2k fewer instructions per
    /// corpus message).
    pub const fn unfiltered(table: &'static [&'static str]) -> Phrases {
        Phrases {
            table: Table::Static(table),
            prefilter: false,
            automata: OnceLock::new(),
        }
    }

    /// A matcher over the phrases `phrases` gives on first use (a table's key column), in
    /// its order, so that a match's index is the row's.
    pub const fn built(phrases: fn() -> Vec<&'static str>) -> Phrases {
        Phrases {
            table: Table::Built(phrases),
            prefilter: true,
            automata: OnceLock::new(),
        }
    }

    /// The automata a search of `text` needs: the ASCII one, and the other scripts' where
    /// `text` is not all ASCII.
    fn automata<'a>(&'a self, text: &str) -> impl Iterator<Item = (&'a AhoCorasick, &'a [usize])> {
        let scripts = self.automata.get_or_init(|| self.build());
        let other = !text.is_ascii();
        scripts[..1 + usize::from(other)]
            .iter()
            .filter_map(|s| Some((s.automaton.as_ref()?, s.index.as_slice())))
    }

    fn build(&self) -> [Script; 2] {
        let phrases = match self.table {
            Table::Static(table) => table.to_vec(),
            Table::Built(phrases) => phrases(),
        };
        [ASCII, OTHER].map(|script| {
            let index: Vec<usize> = (0..phrases.len())
                .filter(|&i| phrases[i].is_ascii() == (script == ASCII))
                .collect();
            // Building only fails for tables far beyond these sizes; then nothing matches.
            let automaton = (!index.is_empty())
                .then(|| {
                    AhoCorasick::builder()
                        .kind(Some(kind(index.len())))
                        .prefilter(self.prefilter)
                        .build(index.iter().map(|&i| phrases[i]))
                        .ok()
                })
                .flatten();
            Script { automaton, index }
        })
    }

    /// Table index and start offset of every occurrence of a phrase, overlapping ones included.
    pub fn positions<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        self.automata(text).flat_map(move |(ac, index)| {
            ac.find_overlapping_iter(text)
                .map(move |m| (index[m.pattern().as_usize()], m.start()))
        })
    }

    /// Table index of the phrase that starts first in `text`.
    pub fn first(&self, text: &str) -> Option<usize> {
        self.positions(text)
            .min_by_key(|&(i, at)| (at, i))
            .map(|(i, _)| i)
    }

    /// Whether any phrase occurs in `text`.
    pub fn any(&self, text: &str) -> bool {
        self.automata(text).any(|(ac, _)| ac.is_match(text))
    }

    /// Byte ranges of every occurrence of any phrase, overlapping ones included.
    pub fn spans<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        self.automata(text)
            .flat_map(move |(ac, _)| ac.find_overlapping_iter(text))
            .map(|m| (m.start(), m.end()))
    }

    /// Byte offset of the earliest occurrence of any phrase.
    pub fn earliest(&self, text: &str) -> Option<usize> {
        self.automata(text)
            .filter_map(|(ac, _)| ac.find(text))
            .map(|m| m.start())
            .min()
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

    static MIXED: Phrases = Phrases::new(&["unknown", "不存在", "user"]);

    #[test]
    fn phrases_of_every_script_keep_their_table_index() {
        let mut found: Vec<(usize, usize)> = MIXED.positions("user 不存在 unknown").collect();
        found.sort_unstable();
        assert_eq!(found, [(0, 15), (1, 5), (2, 0)]);
        assert_eq!(MIXED.first("用户不存在 user"), Some(1));
        assert_eq!(MIXED.earliest("用户不存在"), Some(6));
        assert!(!MIXED.any("no match here"));
    }
}
