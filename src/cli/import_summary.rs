//! What an import did, counted as it goes and printed at the end (text or one JSON document).

use std::collections::BTreeMap;

use serde::Serialize;

use super::out::printable;

/// A message (or a whole file) that could not be read, and where.
#[derive(Debug, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub offset: u64,
    pub error: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub dry_run: bool,
    /// Messages found in the input, readable or not.
    pub read: u64,
    /// Bounce reports stored and applied to people.
    pub applied: u64,
    /// Messages stored before (same content): nothing done.
    pub duplicates: u64,
    /// Messages stored that are no bounce report at all.
    pub not_bounces: u64,
    pub unreadable: Vec<Unreadable>,
    /// Messages the store refused (a storage error): not imported, worth running again.
    pub failed: u64,
    /// Recipient reports recorded as events.
    pub events: u64,
    /// Person fields changed.
    pub changes: u64,
    /// Reported recipients per category, in the applied messages.
    pub categories: BTreeMap<String, u64>,
    pub seconds: f64,
    pub messages_per_second: f64,
}

impl Summary {
    pub fn text(&self) -> String {
        let mut out = format!(
            "{}read {}: {} applied, {} duplicates, {} not bounces, {} unreadable{}\n",
            if self.dry_run { "dry run: " } else { "" },
            self.read,
            self.applied,
            self.duplicates,
            self.not_bounces,
            self.unreadable.len(),
            if self.failed > 0 {
                format!(", {} failed to store", self.failed)
            } else {
                String::new()
            },
        );
        if !self.categories.is_empty() {
            let per: Vec<String> = self
                .categories
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            out.push_str(&format!("reports by category: {}\n", per.join(", ")));
        }
        if !self.dry_run {
            out.push_str(&format!(
                "{} events recorded, {} person fields changed\n",
                self.events, self.changes
            ));
        }
        for u in &self.unreadable {
            out.push_str(&format!(
                "unreadable: {} at byte {}: {}\n",
                printable(&u.file),
                u.offset,
                printable(&u.error)
            ));
        }
        out.push_str(&format!(
            "{:.1} s, {:.0} messages/s\n",
            self.seconds, self.messages_per_second
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_names_every_count_and_offset() {
        let mut s = Summary {
            read: 5,
            applied: 2,
            duplicates: 1,
            not_bounces: 1,
            events: 2,
            changes: 1,
            ..Summary::default()
        };
        s.categories.insert("hard".into(), 2);
        s.unreadable.push(Unreadable {
            file: "box".into(),
            offset: 120,
            error: "empty message".into(),
        });
        let t = s.text();
        assert!(t.starts_with(
            "read 5: 2 applied, 1 duplicates, 1 not bounces, 1 unreadable\n\
reports by category: hard 2\n2 events recorded, 1 person fields changed\n\
unreadable: box at byte 120: empty message\n"
        ));
    }
}
