//! The print edition: the whole edition as one document for paged media. Its parts (sections,
//! pages, notes, definitions) are written from their sources in print mode by `transform`
//! (links as places in the document, ids unique in it, note references as footnotes); this
//! module assembles them with the indexes, whose places become places in the document.

use crate::route::Route;
use std::borrow::Cow;

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
#[derive(Debug, Clone, Copy)]
pub enum Part<'p> {
    Section(usize),
    Page(usize),
    Note(usize),
    /// A glossary term's definition, by the term's id.
    Definition(&'p str),
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

    /// A part's HTML, taken out: a document that sets each part once need not copy them.
    pub fn take(&mut self, part: Part<'_>) -> String {
        match part {
            Part::Section(i) => self.sections.get_mut(i).map(std::mem::take),
            Part::Page(i) => self.pages.get_mut(i).map(std::mem::take),
            Part::Note(i) => self.notes.get_mut(i).map(std::mem::take),
            Part::Definition(id) => self.definitions.remove(id),
        }
        .unwrap_or_default()
    }
}

/// The parts of a print document, held out of its template's context: the context stands a
/// short marker in each part's place, and `Holes::fill` puts the parts into the rendered
/// document. Tera copies every value of a context, and the parts are most of an edition's
/// text: an edition of ten thousand pages would otherwise be held three times over.
#[derive(Default)]
pub struct Holes<'a> {
    /// Every part, in the order held (an empty one too, so that they can be handed back in
    /// the order `view` asks for them).
    parts: std::cell::RefCell<Vec<Cow<'a, str>>>,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl<'a> Holes<'a> {
    /// The marker for a part; an empty part stays empty, so that a template's `if` reads it
    /// as it would the part.
    pub fn hold(&self, html: Cow<'a, str>) -> String {
        let mut parts = self.parts.borrow_mut();
        let empty = html.is_empty();
        parts.push(html);
        if empty {
            return String::new();
        }
        format!("{OPEN}{}{CLOSE}", parts.len() - 1)
    }

    /// The rendered document with its parts in place, as the pieces to write one after the
    /// other: the document is never joined in memory, and a part is not copied unless the
    /// document sets it more than once. When its markers are not as they were made (a
    /// template that filtered a part's HTML, or a body that holds one of the private-use
    /// characters the markers are made of), the parts come back, in the order they were held,
    /// for the caller to render the document whole.
    pub fn fill(self, rendered: &str) -> Result<Vec<String>, Vec<Cow<'a, str>>> {
        let mut parts = self.parts.into_inner();
        if parts.iter().any(|p| p.contains([OPEN, CLOSE])) {
            return Err(parts);
        }
        // The markers read first, so that nothing is taken before all are known good.
        let Some(pieces) = pieces(rendered, parts.len()) else {
            return Err(parts);
        };
        let mut uses = vec![0usize; parts.len()];
        for &(_, n) in &pieces {
            if let Some(n) = n {
                uses[n] += 1;
            }
        }
        let mut out = Vec::with_capacity(pieces.len() * 2);
        for (text, n) in pieces {
            out.push(text.to_string());
            if let Some(n) = n {
                uses[n] -= 1;
                let part = if uses[n] == 0 {
                    std::mem::take(&mut parts[n])
                } else {
                    parts[n].clone()
                };
                out.push(part.into_owned());
            }
        }
        Ok(out)
    }
}

/// A rendered document cut at its markers: each run of its text with the part that follows
/// it; `None` when a marker is broken or names no part.
fn pieces(rendered: &str, parts: usize) -> Option<Vec<(&str, Option<usize>)>> {
    let mut pieces = Vec::new();
    let mut rest = rendered;
    while let Some(at) = rest.find([OPEN, CLOSE]) {
        let after = rest[at..].strip_prefix(OPEN)?;
        let end = after.find(CLOSE)?;
        let n: usize = after[..end].parse().ok()?;
        if n >= parts {
            return None;
        }
        pieces.push((&rest[..at], Some(n)));
        rest = &after[end + CLOSE.len_utf8()..];
    }
    pieces.push((rest, None));
    Some(pieces)
}

/// The site's pages, made into the parts of the one print document; each part's HTML is what
/// `part` gives for it (the part itself, or a marker that `Holes::fill` replaces), asked for
/// in the same order each time.
pub fn view(site: &super::Site<'_>, part: &mut dyn FnMut(Part<'_>) -> String) -> View {
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
pub fn view_of_reading(site: &super::Site<'_>, print: &super::PrintParts, r: usize) -> View {
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
    let mut definitions = print.definitions.clone();
    definitions.retain(|id, _| terms.contains(&id.as_str()));
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
        sections: print.sections.get(range).unwrap_or_default().to_vec(),
        pages: Vec::new(),
        notes: notes
            .iter()
            .filter_map(|&n| print.notes.get(n).cloned())
            .collect(),
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
    use super::Holes;
    use std::borrow::Cow::{Borrowed, Owned};

    #[test]
    fn parts_held_out_of_the_context_come_back_in_place() {
        let holes = Holes::default();
        let (a, b) = ("<p>First & <em>one</em></p>", "<p>Second</p>");
        let (a, b, empty) = (
            holes.hold(Borrowed(a)),
            holes.hold(Owned(b.to_string())),
            holes.hold(Borrowed("")),
        );
        assert_eq!(empty, "");
        // A part set twice (a course's sections, under their reading and in the contents) is
        // kept until its last place.
        let doc = format!("<main>{a}<hr>{b}{empty}</main><nav>{a}</nav>");
        assert_eq!(
            holes.fill(&doc).map(|pieces| pieces.concat()).ok().as_deref(),
            Some("<main><p>First & <em>one</em></p><hr><p>Second</p></main><nav><p>First & <em>one</em></p></nav>")
        );
    }

    #[test]
    fn a_marker_a_template_cut_gives_the_parts_back_in_their_order() {
        let holes = Holes::default();
        let marker = holes.hold(Borrowed("<p>Part</p>"));
        holes.hold(Borrowed(""));
        holes.hold(Borrowed("<p>Last</p>"));
        let cut: String = marker.chars().take(2).collect();
        let back = holes.fill(&format!("<main>{cut}</main>")).unwrap_err();
        assert_eq!(back, ["<p>Part</p>", "", "<p>Last</p>"]);
        // A marker naming a part that was never held is refused too.
        let none = Holes::default();
        none.hold(Borrowed("<p>Only</p>"));
        assert!(none.fill("\u{E000}1\u{E001}").is_err());
        // A body that holds the markers' own characters is not filled at all.
        let odd = Holes::default();
        let marker = odd.hold(Borrowed("a \u{E000}0\u{E001} b"));
        assert!(odd.fill(&marker).is_err());
    }
}
