//! The print edition: the whole edition as one document for paged media. Its parts (sections,
//! pages, notes, definitions) are written from their sources in print mode by `transform`
//! (links as places in the document, ids unique in it, note references as footnotes); this
//! module assembles them with the indexes, whose places become places in the document.

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

/// The site's pages, made into the parts of the one print document.
pub fn view(site: &super::Site<'_>) -> View {
    use super::*;
    let sections: Vec<SectionPage> = site
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| SectionPage {
            html: site.print.sections.get(i).cloned().unwrap_or_default(),
            ..s.clone()
        })
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
        sections,
        readings,
        pages: site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| DocPage {
                html: site.print.pages.get(i).cloned().unwrap_or_default(),
                ..p.clone()
            })
            .collect(),
        notes: site
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| NotePage {
                html: site.print.notes.get(i).cloned().unwrap_or_default(),
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
                ..n.clone()
            })
            .collect(),
        glossary: site
            .glossary
            .iter()
            .map(|t| GlossaryEntry {
                html: site
                    .print
                    .definitions
                    .iter()
                    .find(|(id, _)| id == &t.id)
                    .map(|(_, html)| html.clone())
                    .unwrap_or_default(),
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
    pub sections: Vec<super::SectionPage>,
    /// A course's readings, each a part of the reader with its sections.
    pub readings: Vec<PrintReading>,
    pub pages: Vec<super::DocPage>,
    pub notes: Vec<super::NotePage>,
    pub glossary: Vec<super::GlossaryEntry>,
    pub bibliography: Vec<super::BibEntry>,
    pub citations: Vec<super::CitedWork>,
}
