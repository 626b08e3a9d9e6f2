//! The print edition: the whole edition as one document for paged media. Pages made for the
//! site link between files; in one document those links must become links within it, and ids
//! that each section page numbers afresh (`sn-1`) must be made unique.

use crate::route::Route;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// An essay section's HTML, as written for `essay/<slug>/index.html`, made fit for the print
/// document: its per-page note ids made unique with the section's number, and its links to
/// other pages of the edition turned into links to their places in the document.
pub fn section_html(html: &str, section: usize, slug: &str) -> String {
    let part = Route::Section(slug).print_anchor(None).unwrap_or_default();
    let html = part_ids(html, &format!("s{section}"), &part);
    note_footnotes(&links(&html, &crate::route::Route::Section(slug).file()))
}

/// An editor's page (a syllabus, the conventions), made fit for the print document as the
/// essay's sections are.
pub fn page_html(html: &str, number: usize, slug: &str) -> String {
    let part = Route::Page(slug).print_anchor(None).unwrap_or_default();
    let html = part_ids(html, &format!("pg{number}"), &part);
    note_footnotes(&links(&html, &crate::route::Route::Page(slug).file()))
}

/// The ids of one part of the print document made unique in it: its notes numbered afresh
/// on every page (`sn-1` becomes `s3-sn-1`) and its headings (two parts may each have
/// "Sources") take the part's prefix.
fn part_ids(html: &str, notes: &str, headings: &str) -> String {
    static NOTE_IDS: OnceLock<Regex> = OnceLock::new();
    static HEADING_IDS: OnceLock<Regex> = OnceLock::new();
    let note_ids = NOTE_IDS.get_or_init(|| {
        Regex::new(r##"(id="|aria-controls="|href="#)(sn|mn)-(\d+)"##).expect("valid")
    });
    let html = note_ids.replace_all(html, |c: &Captures<'_>| {
        format!("{}{notes}-{}-{}", &c[1], &c[2], &c[3])
    });
    let heading_ids =
        HEADING_IDS.get_or_init(|| Regex::new(r#"<(h[1-6]) id="([^"]*)""#).expect("valid"));
    heading_ids
        .replace_all(&html, |c: &Captures<'_>| {
            format!(r#"<{} id="{headings}--{}""#, &c[1], &c[2])
        })
        .into_owned()
}

/// A passage's link to its historical note becomes a footnote that names the note, so the
/// page can give the note's page: `† See the historical note “The Kornilov affair”, p. 57.`
fn note_footnotes(html: &str) -> String {
    static NOTE_REF: OnceLock<Regex> = OnceLock::new();
    let note_ref = NOTE_REF.get_or_init(|| {
        Regex::new(r#"<a class="note-ref" href="([^"]*)" data-apparatus>.*?<span class="note-ref-title">(.*?)</span></a>"#)
            .expect("valid")
    });
    note_ref
        .replace_all(html, r#"<span class="note-footnote" data-apparatus>See the historical note <a href="$1">“$2”</a>.</span>"#)
        .into_owned()
}

/// Any page's HTML, with links to other pages of the edition turned into links within the
/// print document. `page` is the site path of the page it was written for.
pub fn links(html: &str, page: &str) -> String {
    static HREF: OnceLock<Regex> = OnceLock::new();
    static DESCRIBED_BY: OnceLock<Regex> = OnceLock::new();
    // The previews a link is described by are the site's; paper has none.
    let described_by =
        DESCRIBED_BY.get_or_init(|| Regex::new(r#" aria-describedby="[^"]*""#).expect("valid"));
    let html = described_by.replace_all(html, "");
    let depth = page.matches('/').count();
    let href = HREF
        .get_or_init(|| Regex::new(r##"href="((?:\.\./)*)([^"#]*)(#[^"]*)?""##).expect("valid"));
    href.replace_all(&html, |c: &Captures<'_>| {
        let up = c[1].len() / 3;
        let fragment = c.get(3).map(|f| &f.as_str()[1..]);
        // A link within the page it was written for (`#soviet` on the glossary page).
        let path = if up == 0 && c[2].is_empty() && depth > 0 {
            page
        } else {
            &c[2]
        };
        if (up != depth && path != page) || path.contains("://") {
            return c[0].to_string();
        }
        let anchor = in_document(path, fragment);
        match anchor {
            Some(a) => format!(r##"href="#{a}""##),
            None => format!(r#"href="../{path}{}""#, c.get(3).map_or("", |f| f.as_str())),
        }
    })
    .into_owned()
}

/// Where a site path (and fragment) is found in the print document, if it is there.
pub fn in_document(path: &str, fragment: Option<&str>) -> Option<String> {
    Route::of_file(path)?.print_anchor(fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_ids_become_unique_and_links_stay_inside_the_document() {
        let html = concat!(
            r#"<button aria-controls="sn-1"></button><span id="sn-1">n</span>"#,
            r#"<a class="term" href="../../glossary/index.html#soviet">s</a>"#,
            r#"<a href="../../notes/kornilov-affair/index.html">k</a>"#,
            r#"<a href="../../essay/two/index.html#p12">¶12</a>"#,
            r#"<a href="../../about/index.html">about</a><a href="https://example.org/x">w</a>"#,
            r#"<h2 id="sources">Sources</h2><a href="../../essay/two/index.html#sources">s</a>"#,
        );
        let out = section_html(html, 3, "three");
        assert!(
            out.contains(r#"aria-controls="s3-sn-1""#) && out.contains(r#"id="s3-sn-1""#),
            "{out}"
        );
        assert!(out.contains(r##"href="#gl-soviet""##), "{out}");
        assert!(out.contains(r##"href="#note-kornilov-affair""##), "{out}");
        assert!(out.contains(r##"href="#p12""##), "{out}");
        assert!(out.contains(r#"<h2 id="essay-three--sources">"#), "{out}");
        assert!(out.contains(r##"href="#essay-two--sources""##), "{out}");
        assert!(out.contains(r##"href="#pg-about""##), "{out}");
        assert!(out.contains(r#"href="https://example.org/x""#), "{out}");
    }
}

/// A site path (`essay/x/index.html#p3`) as a link within the print document (`#p3`).
pub fn anchor(path: &str) -> String {
    let (file, fragment) = match path.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (path, None),
    };
    match in_document(file, fragment) {
        Some(a) => format!("#{a}"),
        None => format!("../{path}"),
    }
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
                html: section_html(&s.html, i + 1, &s.slug),
                ..s.clone()
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| DocPage {
                html: page_html(&p.html, i + 1, &p.slug),
                ..p.clone()
            })
            .collect(),
        notes: site
            .notes
            .iter()
            .map(|n| NotePage {
                html: links(&n.html, &n.path),
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
                html: links(&t.html, &Route::Glossary.file()),
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
