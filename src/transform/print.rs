//! The print document's parts, made when the document is written: each body of the edition
//! read again in print mode (links as places in the document, ids unique in it, note
//! references as footnotes). What the transform leaves for it is what makes the parts, not
//! the parts: an edition's bodies are not held twice from the transform to the writing.

use super::Docs;
use crate::diagnostic::Diagnostic;
use crate::edition::{BodyHash, Edition, Source};
use crate::markdown;
use crate::render::print::{Part, Parts};
use crate::route::{Linker, Route};
use crate::weave::Span;
use std::collections::HashMap;

/// How a section is named in the print document.
pub(crate) struct SectionPart {
    /// Its page in the site.
    pub page: String,
    /// What its notes' ids start with.
    pub part: String,
    /// What its headings' ids start with.
    pub headings: String,
    /// What its paragraphs' ids start with (a reading's, in a course).
    pub paragraphs: String,
    pub first_paragraph: usize,
}

/// Which bodies are empty, as the site's pages found them: the print document's are empty
/// where those are.
pub(crate) struct Empty {
    pub sections: Vec<bool>,
    pub pages: Vec<bool>,
    pub notes: Vec<bool>,
}

pub struct PrintMaker<'a> {
    pub(super) docs: Docs<'a>,
    pub(super) edition: &'a Edition,
    /// The pages' and notes' bodies as the transform read them: the transform let them go,
    /// and each is read again from its file here.
    pub(super) page_hashes: Vec<BodyHash>,
    pub(super) note_hashes: Vec<BodyHash>,
    /// A page or note that could not be read again as it was read first.
    pub(super) problems: std::sync::Mutex<Vec<Diagnostic>>,
    pub(super) sections: Vec<SectionPart>,
    /// Each section's marks, written for the print document.
    pub(super) spans: Vec<Vec<Span>>,
    /// Every term's definition, by its id.
    pub(super) definitions: HashMap<String, String>,
    pub(super) empty: Empty,
}

impl PrintMaker<'_> {
    fn section(&self, i: usize) -> String {
        let (Some(named), Some(section), Some(spans)) = (
            self.sections.get(i),
            self.edition.sections.get(i),
            self.spans.get(i),
        ) else {
            return String::new();
        };
        let linker = Linker::Print {
            page: &named.page,
            part: &named.part,
            headings: &named.headings,
            paragraphs: &named.paragraphs,
        };
        // Its problems are the site's, reported once there.
        let prep = markdown::prepare(&self.docs.essay(&section.source, linker, 1));
        let doc = self
            .docs
            .essay(&section.source, linker, named.first_paragraph);
        markdown::finish(prep, &doc, spans).html
    }

    /// What went wrong while the parts were made: a page's or note's file changed during the
    /// build (once a file, though a print document made twice, or one per reading, read it
    /// again more than once).
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut problems =
            std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()));
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        problems.dedup_by(|a, b| a.file == b.file);
        problems
    }
}

impl Parts for PrintMaker<'_> {
    fn make(&self, part: Part<'_>) -> String {
        let edition = self.edition;
        // A page or a note: its source, its hash, its page, and what its notes' ids start
        // with.
        let other = match part {
            Part::Section(i) => return self.section(i),
            Part::Definition(id) => return self.definitions.get(id).cloned().unwrap_or_default(),
            Part::Page(k) => edition
                .pages
                .get(k)
                .zip(self.page_hashes.get(k))
                .map(|(p, h)| (&p.source, h, Route::Page(&p.slug), format!("pg{}", k + 1))),
            Part::Note(n) => edition
                .notes
                .get(n)
                .zip(self.note_hashes.get(n))
                .map(|(m, h)| (&m.source, h, Route::Note(&m.slug), format!("n{}", n + 1))),
        };
        let Some((source, &hash, route, name)) = other else {
            return String::new();
        };
        match source.read_again(&edition.root, hash) {
            Ok(source) => body(&self.docs, &source, route, name),
            Err(problem) => {
                self.problems
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(problem);
                String::new()
            }
        }
    }

    fn is_empty(&self, part: Part<'_>) -> bool {
        let empty = |list: &[bool], i: usize| list.get(i).copied().unwrap_or(true);
        match part {
            Part::Section(i) => empty(&self.empty.sections, i),
            Part::Page(k) => empty(&self.empty.pages, k),
            Part::Note(n) => empty(&self.empty.notes, n),
            Part::Definition(id) => self.definitions.get(id).is_none_or(String::is_empty),
        }
    }
}

/// A page or a note written as a part of the print document: its notes' ids take `part`, its
/// headings the page's name in the document.
fn body(docs: &Docs<'_>, source: &Source, route: Route<'_>, part: String) -> String {
    let page = route.file();
    let headings = route.print_anchor(None).unwrap_or_default();
    let linker = Linker::Print {
        page: &page,
        part: &part,
        headings: &headings,
        paragraphs: "",
    };
    markdown::render(&docs.other(source, linker)).html
}

#[cfg(test)]
mod tests {
    use crate::render::print::{Part, Parts};
    use std::path::Path;

    /// A copy of a fixture edition, to change.
    fn copy_of(fixture: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    #[test]
    fn a_page_saved_during_the_build_is_an_error_not_a_part_that_differs() {
        let dir = copy_of("small");
        let (mut edition, mut diags) = crate::edition::load(dir.path()).unwrap();
        let taken = edition.take_sources();
        let citing = super::super::citing(&edition, &mut diags);
        let transformed = super::super::transform(&edition, taken, &citing, &mut diags);
        assert!(!diags.has_errors());
        let maker = &transformed.print;
        let page = edition
            .pages
            .iter()
            .position(|p| p.slug == "about")
            .unwrap();
        // As read first: the page's words, and no problem.
        let part = maker.make(Part::Page(page));
        assert!(part.contains("An about page, linking to"), "{part}");
        assert!(maker.problems().is_empty());
        // Saved since: no part, and one error naming the file, however often it is read.
        let file = dir.path().join("content/pages/about.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("An about page", "A new page")).unwrap();
        assert_eq!(maker.make(Part::Page(page)), "");
        assert_eq!(maker.make(Part::Page(page)), "");
        let problems = maker.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, Path::new("content/pages/about.md"));
        assert!(problems[0].is_error());
    }
}
