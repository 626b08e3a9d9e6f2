//! The built site as data: the pages that `transform` makes from the edition and `render`
//! fills its templates with. Plain, serialisable values; neither stage is known here.

use crate::config::Config;
use crate::markdown::Heading;
use serde::Serialize;

/// An essay section, transformed, ready for its page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionPage {
    /// For each numbered block, the text of the notes it calls, for the search; no template's.
    #[serde(skip)]
    pub notes: Vec<Vec<String>>,
    pub slug: String,
    /// Its name across the site: the slug, or in a course `reading/slug`.
    pub key: String,
    pub title: String,
    /// Its number in its reading (in the essay when there are no readings), and how many
    /// sections there are there.
    pub number: usize,
    pub total: usize,
    pub path: String,
    /// The reading it belongs to, in a course: its title and its contents page.
    pub reading: Option<Link>,
    /// Its reading's index, in a course.
    #[serde(skip)]
    pub reading_index: Option<usize>,
    /// The id of its part in the print document.
    pub print_id: String,
    /// The index in the whole text layer of its reading's first block: a block's ¶ number is
    /// its index less this, plus one.
    #[serde(skip)]
    pub paragraph_base: usize,
    pub html: Body,
    pub first_paragraph: usize,
    pub last_paragraph: usize,
    pub headings: Vec<Heading>,
    pub has_code: bool,
    /// What the links of the page preview: term definitions and formatted references.
    pub previews: Vec<Preview>,
}

impl SectionPage {
    /// The section with another body, and without what only the search reads: the body
    /// and the notes' texts are not copied only to be replaced.
    pub fn with_html(&self, html: String) -> SectionPage {
        SectionPage {
            notes: Vec::new(),
            slug: self.slug.clone(),
            key: self.key.clone(),
            title: self.title.clone(),
            number: self.number,
            total: self.total,
            path: self.path.clone(),
            reading: self.reading.clone(),
            reading_index: self.reading_index,
            print_id: self.print_id.clone(),
            paragraph_base: self.paragraph_base,
            html: Body::new(html),
            first_paragraph: self.first_paragraph,
            last_paragraph: self.last_paragraph,
            headings: self.headings.clone(),
            has_code: self.has_code,
            previews: self.previews.clone(),
        }
    }

    /// The ¶ number of a block of the text layer that lies in this section.
    pub fn paragraph(&self, global_block: usize) -> usize {
        global_block - self.paragraph_base + 1
    }
}

/// The HTML of a section's or a page's body, which its page takes once rendered: nothing else
/// reads it, and ten thousand bodies need not be held until the last page is done.
#[derive(Debug, Default)]
pub struct Body(std::sync::Mutex<String>);

impl Body {
    pub fn new(html: String) -> Body {
        Body(std::sync::Mutex::new(html))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The HTML, taken: what is left is empty.
    pub fn take(&self) -> String {
        std::mem::take(&mut *self.lock())
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }
}

impl Clone for Body {
    fn clone(&self) -> Body {
        Body::new(self.lock().clone())
    }
}

impl Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.lock())
    }
}

/// A reading of a course, for its contents page and the course's.
#[derive(Debug, Clone, Serialize)]
pub struct ReadingPage {
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub year: Option<String>,
    pub source: Option<String>,
    pub rights: Option<String>,
    pub path: String,
    /// Its own print document's path, made when `print.per_reading` asks.
    pub print_path: String,
    /// Its sections: indexes into the site's sections.
    #[serde(skip)]
    pub sections: std::ops::Range<usize>,
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
    /// The letter it is filed under: its first author's (see `letter`).
    pub letter: String,
    /// Its language (CSL `language`), where it is not the edition's.
    pub lang: Option<String>,
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
    pub letter: String,
}

/// The letter a name is filed under: its first letter or digit, without accents, in capitals
/// (`Ö` under `O`, `‘part-of-no-part’` under `P`).
pub fn letter(name: &str) -> String {
    crate::cite::fold_name(name)
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// `2nd`, `3rd`, `11th`, `22nd`: which of several places named alike a link leads to.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Entries of an index under one letter, with the id of its heading.
#[derive(Debug, Clone, Serialize)]
pub struct Letter<'a, T> {
    pub letter: String,
    pub id: String,
    pub entries: Vec<&'a T>,
}

/// An index's entries grouped by their letters, for headings to jump between; nothing when
/// the entries are not in the order of their letters (a numeric style's bibliography), which
/// no heading by letter could follow.
pub fn by_letter<T>(entries: &[T], letter_of: impl Fn(&T) -> String) -> Vec<Letter<'_, T>> {
    let mut letters: Vec<Letter<'_, T>> = Vec::new();
    for entry in entries {
        let letter = letter_of(entry);
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.entries.push(entry),
            _ => {
                if letter.is_empty() || letters.iter().any(|l| l.letter == letter) {
                    return Vec::new();
                }
                letters.push(Letter {
                    id: crate::route::id::letter(&letter),
                    letter,
                    entries: vec![entry],
                });
            }
        }
    }
    letters
}

/// The glosses of one section, as the list of glosses heads them; `first` is the number of
/// the first in the whole list.
#[derive(Debug, Clone, Serialize)]
pub struct GlossSection<'a> {
    pub title: String,
    /// Its reading's title, in a course.
    pub reading: Option<String>,
    /// Whether it is the first section of its reading, which the list heads with the reading.
    pub first_of_reading: bool,
    pub path: String,
    pub first: usize,
    pub glosses: Vec<&'a GlossEntry>,
}

/// The list of glosses by section, in the order of the text.
pub fn glosses_by_section(glosses: &[GlossEntry]) -> Vec<GlossSection<'_>> {
    let mut sections: Vec<GlossSection<'_>> = Vec::new();
    for (i, g) in glosses.iter().enumerate() {
        match sections.last_mut() {
            Some(s) if g.passage.path.starts_with(&format!("{}#", s.path)) => s.glosses.push(g),
            _ => sections.push(GlossSection {
                title: g.passage.section_title.clone(),
                first_of_reading: g.passage.reading.is_some()
                    && sections
                        .last()
                        .is_none_or(|s| s.reading != g.passage.reading),
                reading: g.passage.reading.clone(),
                path: g
                    .passage
                    .path
                    .split('#')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                first: i + 1,
                glosses: vec![g],
            }),
        }
    }
    sections
}

#[derive(Debug, Clone, Serialize)]
pub struct CitingGroup {
    pub section_title: String,
    /// The reading of the essay's sections, in a course.
    pub reading: Option<String>,
    /// Whether it is the first group of its reading, which lists head with the reading.
    pub first_of_reading: bool,
    pub places: Vec<CitingPlace>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitingPlace {
    pub section_title: String,
    pub reading: Option<String>,
    /// How the place is named: `¶12`, `¶12, note`, `gloss on ¶12`, a note's or page's title.
    pub label: String,
    /// For the second and later places of a group named alike (three citations in ¶41), which
    /// one it is: `2nd`, `3rd`; so that no two links of a list say the same.
    pub repeat: Option<String>,
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
    /// Its reading's title, in a course.
    pub reading: Option<String>,
    /// Whether it is the first group of its reading, which lists head with the reading.
    pub first_of_reading: bool,
    pub places: Vec<OccurrenceRef>,
}

/// One place a term occurs in the essay.
#[derive(Debug, Clone, Serialize)]
pub struct OccurrenceRef {
    pub section_title: String,
    pub reading: Option<String>,
    pub paragraph: usize,
    /// For the second and later occurrences in one paragraph, which one it is: `2nd`.
    pub repeat: Option<String>,
    pub path: String,
    pub linked: bool,
}

/// An editor's page (`content/pages/`), transformed.
#[derive(Debug, Clone, Serialize)]
pub struct DocPage {
    /// Its words as the search reads them; no template's.
    #[serde(skip)]
    pub text: String,
    pub slug: String,
    pub title: String,
    /// The front matter's summary: the page's meta description.
    pub description: Option<String>,
    /// `2026-03-14`.
    pub date: Option<String>,
    /// The date as the edition's language writes it: `14 March 2026`.
    pub date_shown: Option<String>,
    pub path: String,
    pub html: Body,
    pub has_code: bool,
    pub previews: Vec<Preview>,
}

impl DocPage {
    /// The page with another body, and without its text for the search.
    pub fn with_html(&self, html: String) -> DocPage {
        DocPage {
            text: String::new(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            date: self.date.clone(),
            date_shown: self.date_shown.clone(),
            path: self.path.clone(),
            html: Body::new(html),
            has_code: self.has_code,
            previews: self.previews.clone(),
        }
    }
}

/// A place in the essay that a gloss or note points at.
#[derive(Debug, Clone, Serialize)]
pub struct PassageRef {
    pub section_title: String,
    pub section_slug: String,
    /// Its reading's title, in a course.
    pub reading: Option<String>,
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
    /// Its words as the search reads them; no template's.
    #[serde(skip)]
    pub text: String,
    pub slug: String,
    pub title: String,
    pub when: Option<String>,
    pub path: String,
    pub html: String,
    pub passages: Vec<PassageRef>,
    /// In a course, the readings its passages are in, in the course's order.
    pub readings: Vec<String>,
    pub related: Vec<Link>,
    pub has_code: bool,
    pub previews: Vec<Preview>,
}

impl NotePage {
    /// The note with another body, and without its text for the search.
    pub fn with_html(&self, html: String) -> NotePage {
        NotePage {
            text: String::new(),
            slug: self.slug.clone(),
            title: self.title.clone(),
            when: self.when.clone(),
            path: self.path.clone(),
            html,
            passages: self.passages.clone(),
            readings: self.readings.clone(),
            related: self.related.clone(),
            has_code: self.has_code,
            previews: self.previews.clone(),
        }
    }
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
    /// The interface's words in the edition's language.
    pub strings: &'a crate::i18n::Strings,
    pub sections: Vec<SectionPage>,
    /// The plain text of each section's numbered paragraphs, as the text layer reads them:
    /// what the search index holds.
    pub texts: Vec<Vec<String>>,
    /// A course's readings; none for an edition of one essay.
    pub readings: Vec<ReadingPage>,
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
    /// Whether the edition has `content/static/custom.css`, which every page loads after the
    /// theme's stylesheet.
    pub custom_css: bool,
    /// Whether this build also makes the PDF, which the navigation and title page then link.
    pub pdf: bool,
}

impl Site<'_> {
    /// The bytes of HTML the sections, pages and notes hold until their pages are rendered.
    pub fn held_html(&self) -> usize {
        let sections: usize = self.sections.iter().map(|s| s.html.len()).sum();
        let pages: usize = self.pages.iter().map(|p| p.html.len()).sum();
        let notes: usize = self.notes.iter().map(|n| n.html.len()).sum();
        sections + pages + notes
    }
}

/// The bodies of the edition as the print document sets them, written from their sources in
/// print mode: sections, pages and notes in the edition's order, definitions by term id.
#[derive(Debug, Clone, Default)]
pub struct PrintParts {
    pub sections: Vec<String>,
    pub pages: Vec<String>,
    pub notes: Vec<String>,
    pub definitions: std::collections::HashMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_filed_under_their_first_letter_without_accents() {
        assert_eq!(letter("Öcalan"), "O");
        assert_eq!(letter("‘part-of-no-part’"), "P");
        assert_eq!(letter("de Tocqueville"), "D");
        assert_eq!(letter("1905"), "1");
        assert_eq!(letter("—"), "");
    }

    #[test]
    fn ordinals_in_english() {
        let got: Vec<String> = [2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            ["2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
        );
    }

    #[test]
    fn entries_are_grouped_by_letter_only_when_in_its_order() {
        let names = ["Adams", "Anweiler", "Breaugh", "Écrit", "Engels"];
        let letters = by_letter(&names, |n| letter(n));
        let got: Vec<(&str, usize)> = letters
            .iter()
            .map(|l| (l.letter.as_str(), l.entries.len()))
            .collect();
        assert_eq!(got, [("A", 2), ("B", 1), ("E", 2)]);
        assert_eq!(letters[2].id, "letter-e");
        // A numeric style's order: no headings by letter.
        assert!(by_letter(&["Breaugh", "Adams", "Bloch"], |n| letter(n)).is_empty());
    }
}
