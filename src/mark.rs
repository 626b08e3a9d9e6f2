//! Marks: what a span over the essay's text says, and its data, never its markup. The
//! recognisers (anchors, the glossary's matcher, natural citations) give marks; `write` turns
//! a mark into markup for the output at hand (a page of the site, or the print document).

/// What a passage of the essay is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The passage a gloss explains: the edition's gloss number.
    Gloss { gloss: usize },
    /// The `k`-th passage (from 0) that a historical note explains.
    NotePassage { note: usize, k: usize },
    /// An occurrence of a glossary term: its number among the term's occurrences (from 1), and
    /// whether it is linked to the glossary.
    Term {
        term: usize,
        number: usize,
        linked: bool,
    },
    /// A citation of a work, with its pinpoint and the id of its place.
    Citation {
        work: usize,
        locator: Option<String>,
        id: String,
    },
}

/// A mark over `start..end` of the text of block `block` of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub mark: Mark,
}
