//! Routes: every page of the site, and the one place where an address is made.
//!
//! A route names a page (a section, a note, the glossary…); its file is the page's path in the
//! site, `at` names a place on it by id, `href_from` is the relative link to it from another
//! page, `print_anchor` its place in the print document, and `sitemap_url` its published
//! address. No other module assembles a path from strings. Every link the build writes is
//! relative, so that the site works from the file system and from any folder of any host;
//! links name `index.html` explicitly for the file system's sake.

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Home,
    /// An essay section by its key: its slug, or in a course `reading/slug`.
    Section(&'a str),
    /// A course's reading: its contents page.
    Reading(&'a str),
    Page(&'a str),
    Note(&'a str),
    Notes,
    Glosses,
    Glossary,
    Bibliography,
    Citations,
    Print,
    /// A course's reading as a print document of its own.
    ReadingPrint(&'a str),
    NotFound,
    Sitemap,
    /// The search page, with every result of a query.
    Search,
}

/// The folders of the site's own pages, which no editor's page may take.
pub const BUILT_FOLDERS: &[&str] = &[
    "essay",
    "readings",
    "notes",
    "glosses",
    "glossary",
    "bibliography",
    "citations",
    "print",
    "search",
    "static",
];

impl<'a> Route<'a> {
    /// The page's file in the site.
    pub fn file(&self) -> String {
        match self {
            Route::Home => "index.html".into(),
            Route::Section(key) if key.contains('/') => format!("readings/{key}/index.html"),
            Route::Section(slug) => format!("essay/{slug}/index.html"),
            Route::Reading(slug) => format!("readings/{slug}/index.html"),
            Route::Page(slug) => format!("{slug}/index.html"),
            Route::Note(slug) => format!("notes/{slug}/index.html"),
            Route::Notes => "notes/index.html".into(),
            Route::Glosses => "glosses/index.html".into(),
            Route::Glossary => "glossary/index.html".into(),
            Route::Bibliography => "bibliography/index.html".into(),
            Route::Citations => "citations/index.html".into(),
            Route::Print => "print/index.html".into(),
            Route::ReadingPrint(slug) => format!("print/{slug}/index.html"),
            Route::NotFound => "404.html".into(),
            Route::Sitemap => "sitemap.xml".into(),
            Route::Search => "search/index.html".into(),
        }
    }

    /// A place on the page: its file and `#id`.
    pub fn at(&self, id: &str) -> String {
        format!("{}#{id}", self.file())
    }

    /// The relative link to the page from the page whose file is `from`.
    pub fn href_from(&self, from: &str) -> String {
        relative(from, &self.file())
    }

    /// The page's address once published under `base` (ending in `/`), as search engines
    /// and canonical links want it: the folder, not its `index.html`.
    pub fn sitemap_url(&self, base: &str) -> String {
        let file = self.file();
        format!("{base}{}", file.strip_suffix("index.html").unwrap_or(&file))
    }

    /// The route of a site file, where the file is one of the site's pages.
    pub fn of_file(file: &'a str) -> Option<Route<'a>> {
        let folder = file.strip_suffix("index.html")?.trim_end_matches('/');
        let parts: Vec<&str> = folder.split('/').collect();
        Some(match parts.as_slice() {
            [""] => Route::Home,
            ["essay", slug] => Route::Section(slug),
            ["readings", slug] => Route::Reading(slug),
            ["readings", _, _] => Route::Section(&folder["readings/".len()..]),
            ["notes", slug] => Route::Note(slug),
            ["notes"] => Route::Notes,
            ["glosses"] => Route::Glosses,
            ["glossary"] => Route::Glossary,
            ["bibliography"] => Route::Bibliography,
            ["citations"] => Route::Citations,
            ["print"] => Route::Print,
            ["print", slug] => Route::ReadingPrint(slug),
            ["search"] => Route::Search,
            [slug] if !BUILT_FOLDERS.contains(slug) => Route::Page(slug),
            _ => return None,
        })
    }

    /// Where the page, or the place `id` on it, stands in the print document, if the print
    /// document holds it. Sections and pages are parts of it; a heading's id takes its part's
    /// name, because two parts may each have a heading "Sources"; the glossary's and the
    /// bibliography's entries and the glosses have ids of their own there.
    pub fn print_anchor(&self, id: Option<&str>) -> Option<String> {
        // A citation's id is unique in the whole edition, so it is the same in the document.
        if let Some(id) = id.filter(|id| id.starts_with("cite-")) {
            return Some(id.to_string());
        }
        match (self, id) {
            (Route::Glossary, Some(id)) => Some(format!("gl-{id}")),
            (Route::Bibliography, Some(id)) => Some(format!("bib-{id}")),
            (Route::Citations, Some(id)) => Some(format!("ci-{id}")),
            (Route::Glosses, Some(id)) => Some(id.replacen("gloss-", "passage-", 1)),
            (Route::Note(slug), None) => Some(format!("note-{slug}")),
            (Route::Note(_), Some(id)) => Some(id.to_string()),
            (Route::Section(key), None) => Some(id::section(key)),
            (Route::Section(key), Some(id)) if crate::markdown::headings::is_reserved(id) => {
                match key.split_once('/') {
                    Some((reading, _)) if is_paragraph(id) => {
                        Some(format!("{}{id}", id::paragraphs(reading)))
                    }
                    _ => Some(id.to_string()),
                }
            }
            (Route::Section(key), Some(id)) => Some(format!("{}--{id}", id::section(key))),
            (Route::Reading(slug), None) => Some(id::reading(slug)),
            (Route::Page(slug), None) => Some(format!("pg-{slug}")),
            (Route::Page(slug), Some(id)) => Some(format!("pg-{slug}--{id}")),
            _ => None,
        }
    }
}

/// How a body's links and ids are written: for its page of the site, or for the one print
/// document, where every part is a place in one file and the previews of the site are absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linker<'a> {
    /// The body is written into the site page whose file is `page`.
    Site { page: &'a str },
    /// The body, written for the site page `page`, is a part of the print document: its
    /// notes' ids take the prefix `part`, its headings' ids the prefix `headings`.
    Print {
        page: &'a str,
        part: &'a str,
        headings: &'a str,
        /// What the ids of its paragraphs start with: nothing, or in a course the reading's
        /// (each reading numbers its own paragraphs, and the document holds them all).
        paragraphs: &'a str,
    },
}

impl Linker<'_> {
    /// The file of the site page the body belongs to.
    pub fn page(&self) -> &str {
        match self {
            Linker::Site { page } | Linker::Print { page, .. } => page,
        }
    }

    /// A link to a place of the site (`notes/x/index.html`, `essay/y/index.html#p3`).
    pub fn href(&self, target: &str) -> String {
        match self {
            Linker::Site { page } => relative(page, target),
            Linker::Print { .. } => {
                let (file, fragment) = match target.split_once('#') {
                    Some((f, id)) => (f, Some(id)),
                    None => (target, None),
                };
                match Route::of_file(file).and_then(|r| r.print_anchor(fragment)) {
                    Some(anchor) => format!("#{anchor}"),
                    // Not in the document (a static file, the PDF): the site's file, from
                    // print/index.html.
                    None => format!("../{target}"),
                }
            }
        }
    }

    /// A link the editor wrote relative to the body's site page (an image beside it), as the
    /// output needs it.
    pub fn relative_link(&self, href: &str) -> String {
        match self {
            Linker::Site { .. } => href.to_string(),
            Linker::Print { page, .. } => {
                let up = "../".repeat(page.matches('/').count());
                match href.strip_prefix(up.as_str()) {
                    Some(rest) if !up.is_empty() => format!("../{rest}"),
                    _ => href.to_string(),
                }
            }
        }
    }

    /// The id of the `n`-th sidenote (`kind` "sn") or margin note (`kind` "mn").
    pub fn note_id(&self, kind: &str, n: usize) -> String {
        match self {
            Linker::Site { .. } => format!("{kind}-{n}"),
            Linker::Print { part, .. } => format!("{part}-{kind}-{n}"),
        }
    }

    /// A heading's id: two parts of the print document may each have a heading "Sources".
    /// The id of the essay's paragraph `n`, which its number links to.
    pub fn paragraph_id(&self, n: usize) -> String {
        match self {
            Linker::Site { .. } => format!("p{n}"),
            Linker::Print { paragraphs, .. } => format!("{paragraphs}p{n}"),
        }
    }

    pub fn heading_id(&self, id: &str) -> String {
        match self {
            Linker::Site { .. } => id.to_string(),
            Linker::Print { headings, .. } => format!("{headings}--{id}"),
        }
    }

    /// Whether links name the previews (definitions, references) that the site's pages carry.
    pub fn previews(&self) -> bool {
        matches!(self, Linker::Site { .. })
    }

    pub fn is_print(&self) -> bool {
        matches!(self, Linker::Print { .. })
    }
}

/// The ids the build gives to places on its pages, each made here once.
pub mod id {
    /// A section's part of the print document; a course's keys hold a `/`, which no slug
    /// holds, written `_` in an id.
    pub fn section(key: &str) -> String {
        format!("essay-{}", key.replace('/', "_"))
    }

    /// What the ids of a reading's paragraphs start with in the print document.
    pub fn paragraphs(reading: &str) -> String {
        format!("rd-{reading}-")
    }

    /// A reading's part of the print document.
    pub fn reading(slug: &str) -> String {
        format!("reading-{slug}")
    }

    /// The heading of a letter on an index page (the glossary, the bibliography).
    pub fn letter(letter: &str) -> String {
        format!("letter-{}", letter.to_lowercase())
    }

    /// A glossed passage in the essay.
    pub fn passage(gloss: &str) -> String {
        format!("passage-{gloss}")
    }

    /// A gloss set in the margin, and its entry in the list of glosses.
    pub fn gloss(gloss: &str) -> String {
        format!("gloss-{gloss}")
    }

    /// The `k`-th (from 0) passage that a historical note explains.
    pub fn note_passage(note: &str, k: usize) -> String {
        format!("note-{note}-{}", k + 1)
    }

    /// The `number`-th occurrence (from 1) of a term in the essay.
    pub fn term_place(term: &str, number: usize) -> String {
        format!("term-{term}-{number}")
    }

    /// A term's definition, previewed on the pages that link the term.
    pub fn definition(term: &str) -> String {
        format!("def-{term}")
    }

    /// A work's formatted reference, previewed on the pages that cite it.
    pub fn reference(work: &str) -> String {
        format!("ref-{work}")
    }
}

/// The prefix that leads from the page at `from` back to the site root: `../../` for
/// `essay/x/index.html`, empty for `index.html`.
/// Whether an id is a paragraph's, `p12`.
fn is_paragraph(id: &str) -> bool {
    id.strip_prefix('p')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A link from the page at `from` to `to` (a site path, optionally with `#fragment`).
pub fn relative(from: &str, to: &str) -> String {
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    match fragment {
        Some(f) if path == from || path.is_empty() => format!("#{f}"),
        Some(f) => format!("{}{path}#{f}", root_prefix(from)),
        None => format!("{}{path}", root_prefix(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("essay/a/index.html"), "../../");
        assert_eq!(
            relative("essay/a/index.html", "essay/b/index.html#p3"),
            "../../essay/b/index.html#p3"
        );
        assert_eq!(
            relative("essay/a/index.html", "essay/a/index.html#p3"),
            "#p3"
        );
        assert_eq!(
            relative("index.html", "about/index.html"),
            "about/index.html"
        );
    }

    #[test]
    fn every_page_route_is_found_again_from_its_file() {
        for route in [
            Route::Home,
            Route::Section("intro"),
            Route::Section("federalist-10/faction"),
            Route::Reading("federalist-10"),
            Route::Page("syllabus"),
            Route::Note("kornilov"),
            Route::Notes,
            Route::Glosses,
            Route::Glossary,
            Route::Bibliography,
            Route::Citations,
            Route::Print,
        ] {
            let file = route.file();
            assert_eq!(Route::of_file(&file), Some(route), "{file}");
        }
        assert_eq!(Route::of_file("static/x.css"), None);
        assert_eq!(
            Route::Glossary.sitemap_url("https://e.org/c/"),
            "https://e.org/c/glossary/"
        );
    }

    #[test]
    fn print_anchors() {
        assert_eq!(
            Route::Section("two").print_anchor(Some("p12")).as_deref(),
            Some("p12")
        );
        assert_eq!(
            Route::Section("two")
                .print_anchor(Some("sources"))
                .as_deref(),
            Some("essay-two--sources")
        );
        assert_eq!(
            Route::Glossary.print_anchor(Some("soviet")).as_deref(),
            Some("gl-soviet")
        );
        assert_eq!(
            Route::Glossary
                .print_anchor(Some("cite-glossary-soviet-1"))
                .as_deref(),
            Some("cite-glossary-soviet-1")
        );
        assert_eq!(Route::Home.print_anchor(None), None);
    }

    #[test]
    fn a_linker_writes_for_the_site_page_or_the_print_part() {
        let site = Linker::Site {
            page: "essay/a/index.html",
        };
        let print = Linker::Print {
            page: "essay/a/index.html",
            part: "s3",
            headings: "essay-a",
            paragraphs: "",
        };
        let target = Route::Glossary.at("soviet");
        assert_eq!(site.href(&target), "../../glossary/index.html#soviet");
        assert_eq!(print.href(&target), "#gl-soviet");
        assert_eq!(print.href("img/map.png"), "../img/map.png");
        assert_eq!(print.relative_link("../../img/map.png"), "../img/map.png");
        assert_eq!(site.relative_link("../../img/map.png"), "../../img/map.png");
        assert_eq!(
            (site.note_id("sn", 1), print.note_id("sn", 1)),
            ("sn-1".into(), "s3-sn-1".into())
        );
        assert_eq!(print.heading_id("sources"), "essay-a--sources");
        assert!(site.previews() && !print.previews());
    }
}
