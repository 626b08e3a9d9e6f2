//! Links to edition objects: `essay:slug#p12`, `note:slug`, `term:id`, `gloss:slug`,
//! `bib:id`, `page:slug`.
//!
//! The adaptor rewrites each such link to a relative address and records it; whether its
//! target exists is decided by `check` once every page has been rendered, because a link may
//! point at a paragraph of a section not yet seen. Other links pass through untouched.

use super::{Document, Rendered, Spanned};
use crate::diagnostic::{edit_distance, Diagnostic};
use crate::route::Route;
use pulldown_cmark::{CowStr, Event, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Essay,
    Note,
    Term,
    Gloss,
    Bib,
    Page,
}

impl Kind {
    fn from_scheme(scheme: &str) -> Option<Kind> {
        Some(match scheme {
            "essay" => Kind::Essay,
            "note" => Kind::Note,
            "term" => Kind::Term,
            "gloss" => Kind::Gloss,
            "bib" => Kind::Bib,
            "page" => Kind::Page,
            _ => return None,
        })
    }

    pub fn scheme(self) -> &'static str {
        match self {
            Kind::Essay => "essay",
            Kind::Note => "note",
            Kind::Term => "term",
            Kind::Gloss => "gloss",
            Kind::Bib => "bib",
            Kind::Page => "page",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Essay => "essay section",
            Kind::Note => "historical note",
            Kind::Term => "glossary term",
            Kind::Gloss => "gloss",
            Kind::Bib => "bibliography entry",
            Kind::Page => "page",
        }
    }

    /// Where objects of this kind are written; the bibliography's file is the edition's own.
    fn home(self, targets: &Targets) -> String {
        let home = match self {
            Kind::Essay => "content/essay/",
            Kind::Note => "content/notes/",
            Kind::Term => "content/glossary.yaml",
            Kind::Gloss => "content/glosses/",
            Kind::Bib => return targets.bib_file.display().to_string(),
            Kind::Page => "content/pages/",
        };
        home.to_string()
    }
}

/// A link to an edition object, as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionLink {
    pub kind: Kind,
    pub slug: String,
    pub fragment: Option<String>,
    pub file: PathBuf,
    pub line: usize,
}

impl EditionLink {
    /// The target's site path, with its fragment.
    pub fn site_path(&self) -> String {
        let (path, anchor) = match self.kind {
            // `essay:<reading>` is a course's reading: its contents page.
            Kind::Essay if self.slug.ends_with('/') => (
                Route::Reading(self.slug.trim_end_matches('/')).file(),
                self.fragment.clone(),
            ),
            Kind::Essay => (Route::Section(&self.slug).file(), self.fragment.clone()),
            Kind::Page => (Route::Page(&self.slug).file(), self.fragment.clone()),
            Kind::Note => (Route::Note(&self.slug).file(), self.fragment.clone()),
            Kind::Gloss => (
                Route::Glosses.file(),
                Some(crate::route::id::gloss(&self.slug)),
            ),
            Kind::Term => (Route::Glossary.file(), Some(self.slug.clone())),
            Kind::Bib => (Route::Bibliography.file(), Some(self.slug.clone())),
        };
        match anchor {
            Some(a) => format!("{path}#{a}"),
            None => path,
        }
    }
}

/// What a link's address names: the kind of object, its slug, and a place in it.
type Parsed = (Kind, String, Option<String>);

/// Parses `scheme:slug#fragment`; `None` when the scheme is not an edition scheme.
pub fn parse(dest: &str) -> Option<Result<Parsed, String>> {
    let (scheme, rest) = dest.split_once(':')?;
    let kind = Kind::from_scheme(scheme)?;
    let (slug, fragment) = match rest.split_once('#') {
        Some((s, f)) => (s, Some(f.to_string())),
        None => (rest, None),
    };
    if slug.is_empty() {
        return Some(Err(format!(
            "the link `{dest}` names no {}; write `{scheme}:<slug>`",
            kind.noun()
        )));
    }
    if fragment.is_some() && !matches!(kind, Kind::Essay | Kind::Page | Kind::Note) {
        return Some(Err(format!(
            "the link `{dest}` has a #fragment, which a {} link cannot take",
            kind.noun()
        )));
    }
    Some(Ok((kind, slug.to_string(), fragment)))
}

/// Schemes a reader's browser opens, which pass unchecked.
const WEB_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "sms", "ftp", "ftps", "sftp", "irc", "ircs", "xmpp", "geo",
    "urn", "doi", "news", "nntp", "magnet", "git", "ssh", "webcal",
];

/// Other names an editor may reach for, and the scheme meant.
const MISTAKEN_SCHEMES: &[(&str, &str)] = &[
    ("section", "essay"),
    ("sections", "essay"),
    ("notes", "note"),
    ("glosses", "gloss"),
    ("glossary", "term"),
    ("terms", "term"),
    ("bibliography", "bib"),
    ("cite", "bib"),
    ("pages", "page"),
];

const SCHEMES: &[&str] = &["essay", "note", "term", "gloss", "bib", "page"];

/// A problem with a link whose scheme is not one of the edition's: (is it an error, message).
/// A mistyped edition scheme is an error, because the link would be dead; a script or a file
/// on the editor's disk is an error, because a reader must never be sent there.
fn foreign_scheme(dest: &str) -> Option<(bool, String)> {
    let (scheme, _) = dest.split_once(':')?;
    let is_scheme = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return None;
    }
    let lower = scheme.to_ascii_lowercase();
    if WEB_SCHEMES.contains(&lower.as_str()) {
        return None;
    }
    let meant = SCHEMES
        .iter()
        .find(|s| **s == lower)
        .or_else(|| {
            MISTAKEN_SCHEMES
                .iter()
                .find(|(m, _)| *m == lower)
                .map(|(_, s)| s)
        })
        .or_else(|| {
            SCHEMES
                .iter()
                .find(|s| s.len() >= 4 && edit_distance(s, &lower) <= 2)
        });
    if let Some(meant) = meant {
        return Some((
            true,
            format!(
                "the link `{dest}` has the unknown scheme `{scheme}:`; did you mean `{meant}:`?"
            ),
        ));
    }
    match lower.as_str() {
        "javascript" | "vbscript" | "data" => Some((
            true,
            format!("the link `{dest}` would run a script or data in the reader's browser"),
        )),
        "file" => Some((
            true,
            format!(
                "the link `{dest}` points at a file on this computer, which readers cannot open"
            ),
        )),
        _ => Some((
            false,
            format!(
                "the link `{dest}` has the scheme `{scheme}:`, which is neither a web address \
                 nor one of the edition's ({})",
                SCHEMES.join(":, ") + ":"
            ),
        )),
    }
}

pub fn resolve<'a>(
    mut events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    // Each event stays where it is: only addresses change, so the list is not copied.
    // The image being read, for its alt text: (where it starts, whether it has text).
    let mut image: Option<(usize, bool)> = None;
    for (event, range) in &mut events {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let written = std::mem::replace(dest_url, CowStr::Borrowed(""));
                *dest_url = destination(written, range.start, doc, out);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((range.start, false));
                if parse(dest_url).is_some() {
                    out.diagnostics.push(doc.error(
                        range.start,
                        format!("the image `{dest_url}` names an edition object, not a picture"),
                    ));
                } else {
                    let written = std::mem::replace(dest_url, CowStr::Borrowed(""));
                    *dest_url = destination(written, range.start, doc, out);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, has_text)) = image.as_mut() {
                    *has_text |= !t.trim().is_empty();
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((at, false)) = image.take() {
                    out.diagnostics.push(
                        doc.warning(at, "an image without alt text")
                            .with_help("say what the image shows between the brackets: `![a map of Petrograd, 1917](map.png)`"),
                    );
                }
            }
            _ => {}
        }
    }
    events
}

/// What a link's or an image's address becomes in the output.
fn destination<'a>(
    dest_url: CowStr<'a>,
    offset: usize,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> CowStr<'a> {
    match parse(&dest_url) {
        None => {
            if let Some((is_error, message)) = foreign_scheme(&dest_url) {
                let d = if is_error {
                    doc.error(offset, message)
                } else {
                    doc.warning(offset, message)
                };
                out.diagnostics.push(d);
                dest_url
            } else if let Some(fragment) = dest_url.strip_prefix('#') {
                let here = format!("{}#{fragment}", doc.linker.page());
                CowStr::from(doc.linker.href(&here))
            } else if dest_url.contains(':') || dest_url.starts_with("//") || dest_url.is_empty() {
                let lower = dest_url.to_ascii_lowercase();
                if lower.starts_with("https://") || lower.starts_with("http://") {
                    out.web_links.push(WebLink {
                        url: dest_url.to_string(),
                        file: doc.file.to_path_buf(),
                        line: Some(doc.line_of(offset)),
                    });
                }
                dest_url
            } else if doc.files.is_some() {
                match super::files::resolve(&dest_url, offset, doc, out) {
                    Some(href) => CowStr::from(href),
                    None => dest_url,
                }
            } else {
                CowStr::from(doc.linker.relative_link(&dest_url))
            }
        }
        Some(Err(message)) => {
            out.diagnostics.push(doc.error(offset, message));
            dest_url
        }
        Some(Ok((kind, slug, fragment))) => {
            let slug = match (kind, doc.files.and_then(|f| f.sections.get(&slug))) {
                (Kind::Essay, Some(keys)) if keys.len() == 1 => keys[0].clone(),
                (Kind::Essay, None)
                    if doc
                        .files
                        .is_some_and(|f| f.readings.contains(slug.trim_end_matches('/'))) =>
                {
                    format!("{}/", slug.trim_end_matches('/'))
                }
                (Kind::Essay, Some(keys)) => {
                    let candidates: Vec<String> =
                        keys.iter().map(|k| format!("`essay:{k}`")).collect();
                    out.diagnostics.push(
                        doc.error(
                            offset,
                            format!("`essay:{slug}` names a section of more than one reading"),
                        )
                        .with_span(format!("essay:{slug}"))
                        .with_help(format!("name the reading too: {}", candidates.join(" or "))),
                    );
                    return dest_url;
                }
                _ => slug,
            };
            let link = EditionLink {
                kind,
                slug,
                fragment,
                file: doc.file.to_path_buf(),
                line: doc.line_of(offset),
            };
            let href = doc.linker.href(&link.site_path());
            out.links.push(link);
            CowStr::from(href)
        }
    }
}

/// A link to the web, for `check --external`: where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink {
    pub url: String,
    pub file: PathBuf,
    pub line: Option<usize>,
}

/// The links of the bodies rendered for the site, gathered to be checked once every page
/// is known.
#[derive(Debug, Default)]
pub struct Gathered {
    pub edition: Vec<EditionLink>,
    pub files: Vec<super::files::FileLink>,
    pub web: Vec<WebLink>,
}

impl Gathered {
    pub fn take(&mut self, rendered: &mut Rendered) {
        self.edition.append(&mut rendered.links);
        self.files.append(&mut rendered.file_links);
        self.web.append(&mut rendered.web_links);
    }

    pub fn append(&mut self, other: &mut Gathered) {
        self.edition.append(&mut other.edition);
        self.files.append(&mut other.files);
        self.web.append(&mut other.web);
    }
}

/// What links can point at: the objects of the edition and the ids of each page.
#[derive(Debug, Default)]
pub struct Targets {
    pub sections: BTreeMap<String, BTreeSet<String>>,
    pub pages: BTreeMap<String, BTreeSet<String>>,
    pub notes: BTreeSet<String>,
    /// The ids of each note's page.
    pub note_ids: BTreeMap<String, BTreeSet<String>>,
    pub glosses: BTreeSet<String>,
    pub terms: BTreeSet<String>,
    pub bib: BTreeSet<String>,
    /// The bibliography's file, relative to the edition root.
    pub bib_file: PathBuf,
}

impl Targets {
    fn names(&self, kind: Kind) -> Vec<&str> {
        match kind {
            Kind::Essay => self.sections.keys().map(String::as_str).collect(),
            Kind::Page => self.pages.keys().map(String::as_str).collect(),
            Kind::Note => self.notes.iter().map(String::as_str).collect(),
            Kind::Gloss => self.glosses.iter().map(String::as_str).collect(),
            Kind::Term => self.terms.iter().map(String::as_str).collect(),
            Kind::Bib => self.bib.iter().map(String::as_str).collect(),
        }
    }

    /// The ids on the page at a site path, where the build knows them: the fragments a link
    /// written as a path may name.
    pub fn ids_on(&self, site_path: &str) -> Option<BTreeSet<String>> {
        Some(match Route::of_file(site_path)? {
            Route::Section(slug) => self.sections.get(slug)?.clone(),
            Route::Page(slug) => self.pages.get(slug)?.clone(),
            Route::Note(slug) => self.note_ids.get(slug)?.clone(),
            Route::Glossary => self.terms.clone(),
            Route::Bibliography | Route::Citations => self.bib.clone(),
            Route::Glosses => self
                .glosses
                .iter()
                .map(|g| crate::route::id::gloss(g))
                .collect(),
            _ => return None,
        })
    }

    fn ids(&self, kind: Kind, slug: &str) -> Option<&BTreeSet<String>> {
        match kind {
            Kind::Essay => self.sections.get(slug),
            Kind::Page => self.pages.get(slug),
            _ => None,
        }
    }
}

/// Every link whose target does not exist, as an error with its file and line.
pub fn check(links: &[EditionLink], targets: &Targets) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in links {
        let names = targets.names(link.kind);
        let written = format!("{}:{}", link.kind.scheme(), link.slug);
        if !names.contains(&link.slug.as_str()) {
            let help = match nearest(&link.slug, &names) {
                Some(n) => format!("did you mean `{}:{n}`?", link.kind.scheme()),
                None if names.is_empty() => {
                    format!(
                        "the edition has no {} yet ({})",
                        link.kind.noun(),
                        link.kind.home(targets)
                    )
                }
                None => format!("known: {}", names.join(", ")),
            };
            problems.push(
                Diagnostic::error(
                    &link.file,
                    Some(link.line),
                    format!("link to a missing {}: `{written}`", link.kind.noun()),
                )
                .with_span(written.clone())
                .with_help(help),
            );
            continue;
        }
        if let (Some(fragment), Some(ids)) = (&link.fragment, targets.ids(link.kind, &link.slug)) {
            if !ids.contains(fragment) {
                problems.push(
                    Diagnostic::error(
                        &link.file,
                        Some(link.line),
                        format!("`{written}` has no place `#{fragment}`"),
                    )
                    .with_span(format!("#{fragment}"))
                    .with_help(fragment_help(ids)),
                );
            }
        }
    }
    problems
}

fn fragment_help(ids: &BTreeSet<String>) -> String {
    let paragraphs: Vec<usize> = ids
        .iter()
        .filter_map(|i| i.strip_prefix('p')?.parse().ok())
        .collect();
    match (paragraphs.iter().min(), paragraphs.iter().max()) {
        (Some(lo), Some(hi)) => format!("that section holds paragraphs #p{lo} to #p{hi}"),
        _ => "link to a heading's id or a paragraph's #p<N>".into(),
    }
}

/// The known name closest to a misspelt one, if any is close.
fn nearest<'n>(wrong: &str, names: &[&'n str]) -> Option<&'n str> {
    names
        .iter()
        .map(|n| (edit_distance(wrong, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 4))
        .min()
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, test_support::doc};

    #[test]
    fn edition_links_become_relative_addresses() {
        let r = render(&doc(
            "See [there](essay:b#p3), [a note](note:kornilov) and [x](page:about).\n",
        ));
        assert!(
            r.html.contains(r#"href="../../essay/b/index.html#p3""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="../../notes/kornilov/index.html""#));
        assert!(r.html.contains(r#"href="../../about/index.html""#));
        assert_eq!(r.links.len(), 3);
        assert_eq!(r.links[0].line, 1);
    }

    #[test]
    fn a_link_within_the_page_is_a_fragment() {
        let r = render(&doc("[up](essay:a#p1)\n"));
        assert!(r.html.contains(r##"href="#p1""##), "{}", r.html);
    }

    #[test]
    fn ordinary_links_pass_through() {
        let r = render(&doc("[w](https://example.org/x) [m](mailto:a@b.c)\n"));
        assert!(r.html.contains(r#"href="https://example.org/x""#));
        assert!(r.links.is_empty());
    }

    #[test]
    fn missing_targets_are_reported_with_file_and_line() {
        let r = render(&doc(
            "Intro.\n\nSee [b](essay:bee) and\n[c](essay:a#p99).\n",
        ));
        let mut targets = Targets::default();
        targets
            .sections
            .insert("a".into(), ["p1".to_string(), "p2".to_string()].into());
        targets.sections.insert("be".into(), BTreeSet::new());
        let problems = check(&r.links, &targets);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].place(), "content/essay/a.md:3");
        assert!(problems[0].message.contains("essay:bee"));
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean `essay:be`?")
        );
        assert_eq!(problems[1].place(), "content/essay/a.md:4");
        assert!(problems[1].message.contains("#p99"));
        assert!(problems[1].help.as_deref().unwrap().contains("#p1 to #p2"));
    }

    #[test]
    fn malformed_edition_links_are_errors() {
        let r = render(&doc("[x](note:) [y](term:soviet#a)\n"));
        assert_eq!(r.diagnostics.len(), 2);
        assert!(r.diagnostics.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn mistyped_and_dangerous_schemes_are_caught() {
        for (dest, meant) in [
            ("esay:introduction", "essay"),
            ("Essay:introduction", "essay"),
            ("notes:kornilov", "note"),
            ("glossary:soviet", "term"),
            ("glos:x", "gloss"),
        ] {
            let (error, message) = foreign_scheme(dest).expect(dest);
            assert!(error, "{dest}");
            assert!(message.contains(&format!("`{meant}:`")), "{message}");
        }
        assert!(foreign_scheme("javascript:alert(1)").unwrap().0);
        assert!(foreign_scheme("file:///etc/hostname").unwrap().0);
        assert!(!foreign_scheme("zotero://select/items/1").unwrap().0);
        for fine in [
            "https://example.org",
            "mailto:a@b.c",
            "../x.html",
            "#p3",
            "doi:10.1/x",
        ] {
            assert_eq!(foreign_scheme(fine), None, "{fine}");
        }
    }
}
