//! Citations: the bibliography (CSL-YAML, CSL-JSON or BibTeX) read and checked, formatted by a real CSL engine
//! (hayagriva), and the citations of a text recognised, in the scholar's own author–date hand
//! (`natural`) and in Pandoc's syntax (`pandoc`). Recognisers return spans, never HTML.

pub mod bibliography;
pub mod format;
pub mod natural;
pub mod pandoc;

pub use crate::diagnostic::edit_distance;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// The months, lowercase: a BibTeX `month` names one, and a month before a year is a date,
/// never a citation's author.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A name folded for comparison: lowercase, without diacritics, ’ and ' alike.
pub fn fold_name(name: &str) -> String {
    name.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Finds works by the family name of their first author (or an alias) and the year as a
/// text cites it (`1917a`).
#[derive(Debug, Default)]
pub struct Index {
    by_name_year: HashMap<(String, String), usize>,
    names: Vec<String>,
    /// Phrases the editors said are no citations (`citations.ignore`), folded.
    ignored: Vec<String>,
}

impl Index {
    pub fn new(works: &[bibliography::Work]) -> Index {
        let mut index = Index::default();
        for (i, w) in works.iter().enumerate() {
            for name in std::iter::once(&w.family).chain(&w.aliases) {
                index
                    .by_name_year
                    .insert((fold_name(name), w.year.clone()), i);
                // A work not yet out is cited "forthcoming" or "in press".
                if let Some(status) = forthcoming(w) {
                    index
                        .by_name_year
                        .entry((fold_name(name), status))
                        .or_insert(i);
                }
                if !index.names.contains(name) {
                    index.names.push(name.clone());
                }
            }
        }
        index
    }

    /// The index, with phrases that are never citations.
    pub fn ignoring(mut self, phrases: &[String]) -> Index {
        self.ignored = phrases.iter().map(|p| fold_name(p.trim())).collect();
        self
    }

    /// Whether the editors said the text is no citation.
    pub fn ignores(&self, written: &str) -> bool {
        let folded = fold_name(written);
        self.ignored
            .iter()
            .any(|p| !p.is_empty() && folded.contains(p.as_str()))
    }

    pub fn find(&self, name: &str, year: &str) -> Option<usize> {
        self.by_name_year
            .get(&(fold_name(name), year.to_string()))
            .copied()
    }

    /// Whether any work has this family name (or alias), whatever its year.
    pub fn knows_name(&self, name: &str) -> bool {
        let folded = fold_name(name);
        self.names.iter().any(|n| fold_name(n) == folded)
    }

    /// The known names closest in spelling to `name`, for "did you mean".
    pub fn nearest_names(&self, name: &str) -> Vec<&str> {
        let folded = fold_name(name);
        let mut scored: Vec<(usize, &str)> = self
            .names
            .iter()
            .map(|n| (edit_distance(&folded, &fold_name(n)), n.as_str()))
            .filter(|(d, n)| *d <= 2.max(n.chars().count() / 3))
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, n)| n).collect()
    }
}

/// `forthcoming` or `in press` when the work is not yet out and has no year.
fn forthcoming(work: &bibliography::Work) -> Option<String> {
    use hayagriva::citationberg::json::Value;
    if work.year != "n.d." {
        return None;
    }
    let status = match work.item.0.get("status") {
        Some(Value::String(s)) => s.to_lowercase(),
        _ => return None,
    };
    ["forthcoming", "in press"]
        .into_iter()
        .find(|s| status.contains(s))
        .map(str::to_string)
}

/// What the citation stages need to know of the edition.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub works: &'a [bibliography::Work],
    pub index: &'a Index,
    pub styler: &'a format::Styler,
    /// The bibliography's file, relative to the edition root, for messages.
    pub bibliography: &'a std::path::Path,
}

/// A place that cites a work, for the bibliography's back-links and the citation index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub work: usize,
    pub locator: Option<String>,
    /// The id of the citation's link in its page.
    pub id: String,
    /// Byte offset in the body's source, to find the paragraph; for a citation in a sidenote
    /// or margin note, the offset of the note's reference, where the note is set.
    pub offset: usize,
    /// The citation stands in a sidenote or margin note.
    pub in_note: bool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("works", &self.works.len())
            .finish()
    }
}
