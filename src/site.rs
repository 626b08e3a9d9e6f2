//! The built site as data: the pages that `transform` makes from the edition and `render`
//! fills its templates with. Plain, serialisable values; neither stage is known here.

use crate::config::Config;
use crate::markdown::Heading;
use serde::Serialize;

/// An essay section, transformed, ready for its page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionPage {
    pub slug: String,
    pub title: String,
    pub number: usize,
    pub path: String,
    pub html: String,
    pub first_paragraph: usize,
    pub last_paragraph: usize,
    pub headings: Vec<Heading>,
    pub has_code: bool,
    /// What the links of the page preview: term definitions and formatted references.
    pub previews: Vec<Preview>,
}

/// A hidden element that a term or citation link names in `aria-describedby`, and that the
/// theme's script shows on hover and focus.
#[derive(Debug, Clone, Serialize)]
pub struct Preview {
    pub id: String,
    pub html: String,
}

/// A work of the bibliography page, in the style's order.
#[derive(Debug, Clone, Serialize)]
pub struct BibEntry {
    pub id: String,
    pub html: String,
    pub unverified: bool,
    pub count: usize,
    pub groups: Vec<CitingGroup>,
}

/// A work of the citation index, with every place that cites it.
#[derive(Debug, Clone, Serialize)]
pub struct CitedWork {
    pub id: String,
    /// Author and year: `Anweiler 1975`.
    pub label: String,
    pub html: String,
    pub count: usize,
    pub groups: Vec<CitingGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitingGroup {
    pub section_title: String,
    pub places: Vec<CitingPlace>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitingPlace {
    pub section_title: String,
    /// How the place is named: `¶12`, `¶12, note`, `gloss on ¶12`, a note's or page's title.
    pub label: String,
    /// The ¶ number, or 0 for a place outside the essay.
    pub paragraph: usize,
    pub locator: Option<String>,
    pub path: String,
}

/// A term as the glossary page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    pub id: String,
    pub term: String,
    pub forms: Vec<String>,
    pub html: String,
    pub see_also: Vec<Link>,
    /// The occurrences grouped by section, in the order of the text.
    pub groups: Vec<OccurrenceGroup>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceGroup {
    pub section_title: String,
    pub places: Vec<OccurrenceRef>,
}

/// One place a term occurs in the essay.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceRef {
    pub section_title: String,
    pub paragraph: usize,
    pub path: String,
    pub linked: bool,
}

/// An editor's page (`content/pages/`), transformed.
#[derive(Debug, Clone, Serialize)]
pub struct DocPage {
    pub slug: String,
    pub title: String,
    /// The front matter's summary: the page's meta description.
    pub description: Option<String>,
    /// `2026-03-14`.
    pub date: Option<String>,
    pub path: String,
    pub html: String,
    pub has_code: bool,
    pub previews: Vec<Preview>,
}

/// A place in the essay that a gloss or note points at.
#[derive(Debug, Clone, Serialize)]
pub struct PassageRef {
    pub section_title: String,
    pub section_slug: String,
    /// The ¶ number of the paragraph the passage is in.
    pub paragraph: usize,
    /// Site path of the passage itself, with its `#id`.
    pub path: String,
    /// The passage's text, and a little of the text on each side.
    pub text: String,
    pub before: String,
    pub after: String,
}

/// A historical note's page.
#[derive(Debug, Clone, Serialize)]
pub struct NotePage {
    pub slug: String,
    pub title: String,
    pub when: Option<String>,
    pub path: String,
    pub html: String,
    pub passages: Vec<PassageRef>,
    pub related: Vec<Link>,
    pub has_code: bool,
    pub previews: Vec<Preview>,
}

/// A gloss as the list of glosses shows it.
#[derive(Debug, Clone, Serialize)]
pub struct GlossEntry {
    pub slug: String,
    pub html: String,
    pub passage: PassageRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub path: String,
}

pub struct Site<'a> {
    pub config: &'a Config,
    pub sections: Vec<SectionPage>,
    pub pages: Vec<DocPage>,
    pub notes: Vec<NotePage>,
    pub glosses: Vec<GlossEntry>,
    pub glosses_previews: Vec<Preview>,
    pub glossary: Vec<GlossaryEntry>,
    pub glossary_previews: Vec<Preview>,
    pub bibliography: Vec<BibEntry>,
    /// The citation style's title, for the bibliography page.
    pub style_title: String,
    pub citations: Vec<CitedWork>,
    pub print: PrintParts,
}

/// The bodies of the edition as the print document sets them, written from their sources in
/// print mode: sections, pages and notes in the edition's order, definitions by term id.
#[derive(Debug, Clone, Default)]
pub struct PrintParts {
    pub sections: Vec<String>,
    pub pages: Vec<String>,
    pub notes: Vec<String>,
    pub definitions: Vec<(String, String)>,
}
