//! The print edition: the whole edition as one document for paged media. Its parts (sections,
//! pages, notes, definitions) are written from their sources in print mode by what `transform`
//! leaves for it (links as places in the document, ids unique in it, note references as
//! footnotes), each when the document is written; this module assembles them with the
//! indexes, whose places become places in the document.

use crate::route::Route;

/// A site path (`essay/x/index.html#p3`) as a link within the print document (`#p3`).
pub fn anchor(path: &str) -> String {
    let print = Route::Print.file();
    crate::route::Linker::Print {
        page: &print,
        part: "",
        headings: "",
        paragraphs: "",
    }
    .href(path)
}

/// A reading as the course reader sets it: its title part, then its sections.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrintReading {
    #[serde(flatten)]
    pub reading: super::ReadingPage,
    pub id: String,
    pub sections: Vec<super::SectionPage>,
}

/// A part of the print document, as `view` asks for them, in the document's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'p> {
    Section(usize),
    Page(usize),
    Note(usize),
    /// A glossary term's definition, by the term's id.
    Definition(&'p str),
}

/// Where the print documents find their parts: each is made when a document is written,
/// so that the bodies of the edition are not held in print mode from the transform on.
pub trait Parts: Sync {
    /// A part's HTML; nothing where it has none.
    fn make(&self, part: Part<'_>) -> String;
    /// Whether a part is empty, known without making it: a template's `if` reads a part.
    fn is_empty(&self, part: Part<'_>) -> bool;
}

/// Parts already made.
impl Parts for super::PrintParts {
    fn make(&self, part: Part<'_>) -> String {
        self.get(part).to_string()
    }

    fn is_empty(&self, part: Part<'_>) -> bool {
        self.get(part).is_empty()
    }
}

impl super::PrintParts {
    /// A part's HTML; nothing where it has none.
    pub fn get(&self, part: Part<'_>) -> &str {
        let html = match part {
            Part::Section(i) => self.sections.get(i),
            Part::Page(i) => self.pages.get(i),
            Part::Note(i) => self.notes.get(i),
            Part::Definition(id) => self.definitions.get(id),
        };
        html.map_or("", String::as_str)
    }
}

/// The parts of a print document, held out of its template's context: the context stands a
/// short marker in each part's place, and `Holes::fill` cuts the rendered document at them,
/// for the parts to be made and written in their places. Tera copies every value of a
/// context, and the parts are most of an edition's text: an edition of ten thousand pages
/// would otherwise be held three times over.
pub struct Holes<'a> {
    parts: std::cell::RefCell<Vec<Part<'a>>>,
    /// What every marker of this document starts with: no text an editor wrote can pass for
    /// one.
    nonce: String,
}

impl Default for Holes<'_> {
    fn default() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        Holes {
            parts: Default::default(),
            nonce: format!("{OPEN}{random:016x}:"),
        }
    }
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A rendered document cut at its markers: a run of its text, or a part to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'r, 'a> {
    Text(&'r str),
    Part(Part<'a>),
}

impl<'a> Holes<'a> {
    /// The marker for a part; an empty part stays empty, so that a template's `if` reads it
    /// as it would the part.
    pub fn hold(&self, part: Part<'a>, empty: bool) -> String {
        if empty {
            return String::new();
        }
        let mut parts = self.parts.borrow_mut();
        parts.push(part);
        format!("{}{}{CLOSE}", self.nonce, parts.len() - 1)
    }

    /// The rendered document cut at its markers, or `None` when they are not as they were
    /// made (a template that filtered a part's HTML): the caller renders it whole.
    pub fn fill<'r>(&self, rendered: &'r str) -> Option<Vec<Piece<'r, 'a>>> {
        let parts = self.parts.borrow();
        let mut pieces = Vec::new();
        let mut rest = rendered;
        while let Some(at) = rest.find([OPEN, CLOSE]) {
            let after = rest[at..].strip_prefix(self.nonce.as_str())?;
            let end = after.find(CLOSE)?;
            let n: usize = after[..end].parse().ok()?;
            pieces.push(Piece::Text(&rest[..at]));
            pieces.push(Piece::Part(*parts.get(n)?));
            rest = &after[end + CLOSE.len_utf8()..];
        }
        pieces.push(Piece::Text(rest));
        Some(pieces)
    }
}

/// Parts made at a time, on every core, while a document is written in order.
const PARTS_AT_ONCE: usize = 64;

/// Writes a document cut into pieces, making its parts a run at a time on every core while
/// the run before is written: at most two runs of parts are held at once, and no core waits
/// on the writing (the print document of a large edition is its largest file).
pub fn write_pieces(
    pieces: &[Piece<'_, '_>],
    parts: &dyn Parts,
    out: &mut crate::output::Out,
) -> std::io::Result<()> {
    let mut runs = pieces.chunks(PARTS_AT_ONCE * 2);
    let Some(first) = runs.next() else {
        return Ok(());
    };
    let mut pending = (first, make_run(first, parts));
    for run in runs {
        let (made, written) = rayon::join(
            || make_run(run, parts),
            || write_run(pending.0, pending.1, &mut *out),
        );
        written?;
        pending = (run, made);
    }
    write_run(pending.0, pending.1, out)
}

/// The parts of a run of pieces, made on every core.
fn make_run(run: &[Piece<'_, '_>], parts: &dyn Parts) -> Vec<Option<String>> {
    use rayon::prelude::*;
    run.par_iter()
        .map(|piece| match piece {
            Piece::Part(part) => Some(parts.make(*part)),
            Piece::Text(_) => None,
        })
        .collect()
}

fn write_run(
    run: &[Piece<'_, '_>],
    made: Vec<Option<String>>,
    out: &mut crate::output::Out,
) -> std::io::Result<()> {
    for (piece, made) in run.iter().zip(made) {
        match (piece, made) {
            (Piece::Text(text), _) => out.write_all(text.as_bytes())?,
            (Piece::Part(_), Some(html)) => out.write_all(html.as_bytes())?,
            (Piece::Part(_), None) => {}
        }
    }
    Ok(())
}

/// The site's pages, made into the parts of the one print document; each part's HTML is what
/// `part` gives for it (the part itself, or a marker that `Holes::fill` replaces), asked for
/// in the same order each time.
pub fn view<'a>(site: &'a super::Site<'_>, part: &mut dyn FnMut(Part<'a>) -> String) -> View {
    use super::*;
    let sections: Vec<SectionPage> = site
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| s.with_html(part(Part::Section(i))))
        .collect();
    let readings = site
        .readings
        .iter()
        .map(|r| PrintReading {
            id: crate::route::id::reading(&r.slug),
            sections: sections[r.sections.clone()].to_vec(),
            reading: r.clone(),
        })
        .collect();
    let places = |groups: &[CitingGroup]| -> Vec<CitingGroup> {
        groups
            .iter()
            .map(|g| CitingGroup {
                section_title: g.section_title.clone(),
                reading: g.reading.clone(),
                first_of_reading: g.first_of_reading,
                places: g
                    .places
                    .iter()
                    .map(|p| CitingPlace {
                        path: anchor(&p.path),
                        ..p.clone()
                    })
                    .collect(),
            })
            .collect()
    };
    View {
        single_reading: false,
        sections,
        readings,
        pages: site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| p.with_html(part(Part::Page(i))))
            .collect(),
        notes: site
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| NotePage {
                passages: n
                    .passages
                    .iter()
                    .map(|p| PassageRef {
                        path: anchor(&p.path),
                        ..p.clone()
                    })
                    .collect(),
                related: n
                    .related
                    .iter()
                    .map(|r| Link {
                        path: anchor(&r.path),
                        ..r.clone()
                    })
                    .collect(),
                ..n.with_html(part(Part::Note(i)))
            })
            .collect(),
        glossary: site
            .glossary
            .iter()
            .map(|t| GlossaryEntry {
                html: part(Part::Definition(&t.id)),
                see_also: t
                    .see_also
                    .iter()
                    .map(|s| Link {
                        path: anchor(&s.path),
                        ..s.clone()
                    })
                    .collect(),
                groups: t
                    .groups
                    .iter()
                    .map(|g| OccurrenceGroup {
                        section_title: g.section_title.clone(),
                        reading: g.reading.clone(),
                        first_of_reading: g.first_of_reading,
                        places: g
                            .places
                            .iter()
                            .map(|p| OccurrenceRef {
                                path: anchor(&p.path),
                                ..p.clone()
                            })
                            .collect(),
                    })
                    .collect(),
                ..t.clone()
            })
            .collect(),
        bibliography: site
            .bibliography
            .iter()
            .map(|b| BibEntry {
                groups: places(&b.groups),
                ..b.clone()
            })
            .collect(),
        citations: site
            .citations
            .iter()
            .map(|c| CitedWork {
                groups: places(&c.groups),
                ..c.clone()
            })
            .collect(),
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct View {
    /// Whether this is one reading's own document rather than the whole edition.
    pub single_reading: bool,
    pub sections: Vec<super::SectionPage>,
    /// A course's readings, each a part of the reader with its sections.
    pub readings: Vec<PrintReading>,
    pub pages: Vec<super::DocPage>,
    pub notes: Vec<super::NotePage>,
    pub glossary: Vec<super::GlossaryEntry>,
    pub bibliography: Vec<super::BibEntry>,
    pub citations: Vec<super::CitedWork>,
}

/// One reading of a course as a print document of its own: its sections, the notes that
/// explain its passages, the glossary's terms and the works it uses, each with its places in
/// this reading only.
pub fn view_of_reading(site: &super::Site<'_>, print: &dyn Parts, r: usize) -> View {
    use super::*;
    let reading = &site.readings[r];
    let range = reading.sections.clone();
    let own = reading.path.trim_end_matches("index.html").to_string();
    let notes: Vec<usize> = (0..site.notes.len())
        .filter(|&n| {
            site.notes[n]
                .passages
                .iter()
                .any(|p| p.path.starts_with(&own))
        })
        .collect();
    let note_paths: Vec<&str> = notes.iter().map(|&n| site.notes[n].path.as_str()).collect();
    // The glossary's terms that occur in the reading, with their definitions.
    let terms: Vec<&str> = site
        .glossary
        .iter()
        .filter(|t| {
            t.groups
                .iter()
                .any(|g| g.places.iter().any(|p| p.path.starts_with(&own)))
        })
        .map(|t| t.id.as_str())
        .collect();
    let definitions: std::collections::HashMap<String, String> = terms
        .iter()
        .map(|&id| (id.to_string(), print.make(Part::Definition(id))))
        .filter(|(_, html)| !html.is_empty())
        .collect();
    // A citing place stays when it is in the reading, in one of its notes, or in the
    // definition of one of its terms.
    let glossary_page = crate::route::Route::Glossary.file();
    let keep = |path: &str| {
        path.starts_with(&own)
            || note_paths.iter().any(|n| path.starts_with(n))
            || path
                .strip_prefix(glossary_page.as_str())
                .and_then(|rest| rest.strip_prefix('#'))
                .is_some_and(|id| {
                    let id = format!(" id=\"{id}\"");
                    definitions.values().any(|html| html.contains(&id))
                })
    };
    let citing = |groups: &[CitingGroup]| -> Vec<CitingGroup> {
        groups
            .iter()
            // One reading's document need not name it at each place.
            .map(|g| CitingGroup {
                places: g.places.iter().filter(|p| keep(&p.path)).cloned().collect(),
                reading: None,
                first_of_reading: false,
                ..g.clone()
            })
            .filter(|g| !g.places.is_empty())
            .collect()
    };
    let glossary: Vec<GlossaryEntry> = site
        .glossary
        .iter()
        .map(|t| {
            let groups: Vec<OccurrenceGroup> = t
                .groups
                .iter()
                .map(|g| OccurrenceGroup {
                    places: g
                        .places
                        .iter()
                        .filter(|p| p.path.starts_with(&own))
                        .cloned()
                        .collect(),
                    reading: None,
                    first_of_reading: false,
                    ..g.clone()
                })
                .filter(|g| !g.places.is_empty())
                .collect();
            GlossaryEntry {
                count: groups.iter().map(|g| g.places.len()).sum(),
                groups,
                ..t.clone()
            }
        })
        .filter(|t| t.count > 0)
        .collect();
    let bibliography: Vec<BibEntry> = site
        .bibliography
        .iter()
        .map(|b| BibEntry {
            groups: citing(&b.groups),
            ..b.clone()
        })
        .filter(|b| !b.groups.is_empty())
        .collect();
    let citations: Vec<CitedWork> = site
        .citations
        .iter()
        .map(|c| {
            let groups = citing(&c.groups);
            CitedWork {
                count: groups.iter().map(|g| g.places.len()).sum(),
                groups,
                ..c.clone()
            }
        })
        .filter(|c| c.count > 0)
        .collect();
    let one = Site {
        config: site.config,
        strings: site.strings,
        sections: site.sections[range.clone()]
            .iter()
            .map(|s| s.with_html(String::new()))
            .collect(),
        texts: Vec::new(),
        readings: vec![ReadingPage {
            sections: 0..range.len(),
            ..reading.clone()
        }],
        pages: Vec::new(),
        notes: notes
            .iter()
            .map(|&n| {
                let note = &site.notes[n];
                NotePage {
                    passages: note
                        .passages
                        .iter()
                        .filter(|p| p.path.starts_with(&own))
                        .map(|p| PassageRef {
                            reading: None,
                            ..p.clone()
                        })
                        .collect(),
                    related: note
                        .related
                        .iter()
                        .filter(|l| note_paths.contains(&l.path.as_str()))
                        .cloned()
                        .collect(),
                    ..note.with_html(String::new())
                }
            })
            .collect(),
        glosses: Vec::new(),
        glosses_previews: Vec::new(),
        glossary,
        glossary_previews: Vec::new(),
        bibliography,
        style_title: site.style_title.clone(),
        citations,
        custom_css: site.custom_css,
        pdf: site.pdf,
    };
    let parts = PrintParts {
        sections: range.map(|i| print.make(Part::Section(i))).collect(),
        pages: Vec::new(),
        notes: notes.iter().map(|&n| print.make(Part::Note(n))).collect(),
        definitions,
    };
    View {
        single_reading: true,
        ..view(&one, &mut |p| parts.get(p).to_string())
    }
}

/// A reading's own print document, its links to places it does not hold (a passage of
/// another reading, a note it leaves out) sent to the course reader, which holds them all.
pub fn to_the_reader(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let ids: std::collections::HashSet<&str> = text
        .match_indices(" id=\"")
        .filter_map(|(at, m)| {
            let rest = &text[at + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find("href=\"#") {
        let start = at + "href=\"#".len();
        let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
        let id = &rest[start..end];
        out.push_str(&rest[..at]);
        if ids.contains(id) {
            out.push_str(&rest[at..end]);
        } else {
            out.push_str("href=\"../index.html#");
            out.push_str(id);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::{write_pieces, Holes, Part, Parts, Piece};
    use crate::site::PrintParts;

    fn parts() -> PrintParts {
        PrintParts {
            sections: vec!["<p>First & <em>one</em></p>".into(), String::new()],
            pages: vec!["<p>Second</p>".into()],
            notes: Vec::new(),
            definitions: [("soviet".to_string(), "<p>A council.</p>".to_string())].into(),
        }
    }

    /// The document the pieces write.
    fn written(pieces: &[Piece<'_, '_>], parts: &dyn Parts) -> String {
        let mut out = Vec::new();
        write_pieces(pieces, parts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn parts_held_out_of_the_context_are_made_in_their_places() {
        let parts = parts();
        let holes = Holes::default();
        let hold = |p: Part<'static>| holes.hold(p, parts.is_empty(p));
        let (a, b, empty, term) = (
            hold(Part::Section(0)),
            hold(Part::Page(0)),
            hold(Part::Section(1)),
            hold(Part::Definition("soviet")),
        );
        assert_eq!(empty, "", "an empty part stays empty for a template's `if`");
        // A part set twice (a course's sections, under their reading and in the contents) is
        // made in both places.
        let doc = format!("<main>{a}<hr>{b}{empty}</main><nav>{a}</nav><dl>{term}</dl>");
        let pieces = holes.fill(&doc).expect("the markers are as they were made");
        assert_eq!(
            written(&pieces, &parts),
            "<main><p>First & <em>one</em></p><hr><p>Second</p></main>\
             <nav><p>First & <em>one</em></p></nav><dl><p>A council.</p></dl>"
        );
    }

    #[test]
    fn more_parts_than_are_made_at_once_come_out_in_order() {
        let parts = PrintParts {
            pages: (0..300).map(|i| format!("<p>{i}</p>")).collect(),
            ..PrintParts::default()
        };
        let holes = Holes::default();
        let doc: String = (0..300)
            .map(|i| format!("[{}]", holes.hold(Part::Page(i), false)))
            .collect();
        let pieces = holes.fill(&doc).unwrap();
        let expected: String = (0..300).map(|i| format!("[<p>{i}</p>]")).collect();
        assert_eq!(written(&pieces, &parts), expected);
    }

    #[test]
    fn a_write_that_fails_while_parts_are_made_stops_the_document() {
        /// A disk that fills after a few kilobytes.
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 + buf.len() > 4096 {
                    return Err(std::io::Error::other("no space left"));
                }
                self.0 += buf.len();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let parts = PrintParts {
            pages: (0..1000).map(|i| format!("<p>page {i}</p>")).collect(),
            ..PrintParts::default()
        };
        let holes = Holes::default();
        let doc: String = (0..1000)
            .map(|i| holes.hold(Part::Page(i), false))
            .collect();
        let pieces = holes.fill(&doc).unwrap();
        let error = write_pieces(&pieces, &parts, &mut Full(0)).unwrap_err();
        assert_eq!(error.to_string(), "no space left");
    }

    #[test]
    fn a_marker_a_template_cut_or_an_editor_wrote_is_refused() {
        let holes = Holes::default();
        let marker = holes.hold(Part::Page(0), false);
        let cut: String = marker.chars().take(5).collect();
        assert_eq!(holes.fill(&format!("<main>{cut}</main>")), None);
        // Text that looks like a marker but lacks this document's nonce (a title an editor
        // wrote with the same private-use characters) is no marker.
        assert_eq!(holes.fill("<h1>\u{E000}0\u{E001}</h1>"), None);
        // A marker naming a part that was never held is refused too.
        let forged = marker.replace(":0\u{E001}", ":7\u{E001}");
        assert_eq!(holes.fill(&forged), None);
    }
}
