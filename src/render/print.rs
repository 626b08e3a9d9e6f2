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
    }
    .href(path)
}

/// The site's pages, made into the parts of the one print document.
pub fn view(site: &super::Site<'_>) -> View {
    use super::*;
    let places = |groups: &[CitingGroup]| -> Vec<CitingGroup> {
        groups
            .iter()
            .map(|g| CitingGroup {
                section_title: g.section_title.clone(),
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
        sections: site
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| SectionPage {
                html: site.print.sections.get(i).cloned().unwrap_or_default(),
                ..s.clone()
            })
            .collect(),
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
    pub pages: Vec<super::DocPage>,
    pub notes: Vec<super::NotePage>,
    pub glossary: Vec<super::GlossaryEntry>,
    pub bibliography: Vec<super::BibEntry>,
    pub citations: Vec<super::CitedWork>,
}
