//! Load: the edition folder read into one plain model.
//!
//! Walks `content/`, reads front matter and the edition's settings, and records for every
//! item the file and line it came from. It does not parse Markdown; that is `markdown`'s job.

pub mod assets;
pub mod front_matter;
pub mod readings;

pub use readings::Reading;

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::read;
use crate::slug;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Whether a page's slug would take the folder or file of a page the build makes.
pub fn is_reserved_page_slug(slug: &str) -> bool {
    crate::route::BUILT_FOLDERS.contains(&slug) || matches!(slug, "404" | "index")
}

#[derive(Debug, Clone)]
pub struct Edition {
    pub root: PathBuf,
    pub config: Config,
    /// The essay's sections in reading order; a course's, reading after reading.
    pub sections: Vec<Section>,
    /// A course's readings (`content/readings/`), in order; none for an edition of one essay.
    pub readings: Vec<Reading>,
    pub pages: Vec<Page>,
    /// Files under `content/static/`, copied verbatim to the output root.
    pub static_files: Vec<StaticFile>,
    /// Files beside the bodies, published when a body links to them.
    pub assets: Vec<StaticFile>,
    /// The glosses of `content/glosses/`, by file name.
    pub glosses: Vec<Gloss>,
    /// The historical notes of `content/notes/`, by file name.
    pub notes: Vec<Note>,
    /// The glossary's terms, in the order of `content/glossary.yaml`.
    pub glossary: Vec<crate::glossary::Term>,
    /// The works of the bibliography, in its order.
    pub works: Vec<crate::cite::bibliography::Work>,
    /// The interface's words in the edition's language, with its `i18n.yaml` over them.
    pub strings: crate::i18n::Strings,
    /// The bibliography's file (`content/bibliography.yaml`, `.json` or `.bib`), relative to
    /// the root, which messages about its works name; the YAML one when there is none.
    pub bibliography_file: PathBuf,
}

impl Edition {
    /// The pages' and notes' sources, their bodies taken out of the edition: the transform
    /// lets each go once its HTML is made, so that ten thousand pages' sources are not held
    /// beside their HTML and words. The print document reads each again from its file.
    pub fn take_sources(&mut self) -> Taken {
        fn take(source: &mut Source) -> Source {
            Source {
                file: source.file.clone(),
                body: std::mem::take(&mut source.body),
                body_line: source.body_line,
            }
        }
        Taken {
            pages: self.pages.iter_mut().map(|p| take(&mut p.source)).collect(),
            notes: self.notes.iter_mut().map(|n| take(&mut n.source)).collect(),
        }
    }
}

/// The bodies taken out of an edition (`Edition::take_sources`), in its pages' and notes'
/// order.
pub struct Taken {
    pub pages: Vec<Source>,
    pub notes: Vec<Source>,
}

/// A Markdown file's body and where it sits in the file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the edition root.
    pub file: PathBuf,
    pub body: String,
    pub body_line: usize,
}

impl Source {
    /// The body read again from the file, as the edition read it: for a stage after the one
    /// that let it go (the print document's part of a page). A file that no longer reads as
    /// its body did is an error: it was changed while the site was built.
    pub fn read_again(&self, root: &Path, was: BodyHash) -> Result<Source, Diagnostic> {
        let mut text = read::again(root, &self.file)?;
        // The body is the text's end: the text is cut down to it, not copied.
        let start = front_matter::split(&text, &self.file)
            .ok()
            .filter(|split| split.body_line == self.body_line && BodyHash::of(split.body) == was)
            .map(|split| text.len() - split.body.len());
        let body = start.map(|start| {
            text.drain(..start);
            text
        });
        match body {
            Some(body) => Ok(Source {
                file: self.file.clone(),
                body,
                body_line: self.body_line,
            }),
            None => Err(Diagnostic::error(
                &self.file,
                None,
                "the file changed while the site was built",
            )
            .with_help("build again once it is saved")),
        }
    }
}

/// What tells a body read again from the one read first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyHash(u64, usize);

impl BodyHash {
    pub fn of(body: &str) -> BodyHash {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        body.hash(&mut hasher);
        BodyHash(hasher.finish(), body.len())
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub slug: String,
    /// What names the section across the site: its slug, or in a course `reading/slug`.
    pub key: String,
    /// Its reading, in a course.
    pub reading: Option<usize>,
    pub title: String,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    /// The page's summary, for its meta description and the lists of pages.
    pub description: Option<String>,
    /// The day it is dated, `2026-03-14`.
    pub date: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the output: below `content/static/`, or below `content/` for a file beside
    /// the bodies.
    pub path: PathBuf,
    pub absolute: PathBuf,
    /// Its path in the edition, for messages.
    pub shown: PathBuf,
}

/// A passage of the essay as an editor points at it: a text-quote selector.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub quote: String,
    #[serde(default)]
    pub prefix: Option<String>,
    #[serde(default)]
    pub suffix: Option<String>,
    /// The slug of the only section to look in.
    #[serde(default)]
    pub section: Option<String>,
    /// In a course, the slug of the reading the passage is in.
    #[serde(default)]
    pub reading: Option<String>,
    /// Line of the file where the anchor's `quote:` stands.
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Gloss {
    pub slug: String,
    /// The reading whose folder holds it, in a course; `None` for a shared gloss.
    pub home: Option<usize>,
    pub anchor: Anchor,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub slug: String,
    /// The reading whose folder holds it, in a course; `None` for a shared note.
    pub home: Option<usize>,
    pub title: String,
    pub when: Option<String>,
    pub anchors: Vec<Anchor>,
    pub related: Vec<String>,
    /// Line of the file where `related:` stands.
    pub related_line: usize,
    pub source: Source,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossMatter {
    anchor: Anchor,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteMatter {
    title: String,
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    anchors: Vec<Anchor>,
    #[serde(default)]
    related: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SectionMatter {
    title: Option<String>,
    order: Option<f64>,
    slug: Option<String>,
    /// Pages only, as Hugo's and Zola's pages take them: the summary, a date, a draft.
    description: Option<String>,
    date: Option<String>,
    draft: Option<bool>,
}

/// Why an edition could not be loaded at all.
#[derive(Debug)]
pub enum LoadError {
    /// The root is not an edition (no `edition.yaml`): a usage problem, not an edition's.
    NotAnEdition(PathBuf),
    /// The edition has problems; every one found is listed.
    Invalid(Diagnostics),
}

pub fn load(root: &Path) -> Result<(Edition, Diagnostics), LoadError> {
    load_with(root, false)
}

/// What `load` finds, with the problems it reports kept apart: loads run side by side, and
/// their problems are joined in the order the loads are written.
fn apart<T>(load: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
    let mut diags = Diagnostics::default();
    (load(&mut diags), diags)
}

/// The edition, with its draft pages when `drafts` (`build --drafts`).
pub fn load_with(root: &Path, drafts: bool) -> Result<(Edition, Diagnostics), LoadError> {
    if std::fs::symlink_metadata(root.join(CONFIG_FILE)).is_err() {
        return Err(LoadError::NotAnEdition(root.into()));
    }
    let mut diags = Diagnostics::default();
    // An edition.yaml that cannot be read or parsed does not hide the content's problems: the
    // content is still loaded and checked, so that one report lists every problem.
    let config = match read::required(root, Path::new(CONFIG_FILE)) {
        Ok(text) => match Config::parse(&text, Path::new(CONFIG_FILE)) {
            Ok(c) => Some(c),
            Err(problems) => {
                diags.extend(problems);
                None
            }
        },
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("content", None, "the edition has no content/ folder")
                .with_help("put the essay's sections in content/essay/*.md"),
        );
        return Err(LoadError::Invalid(diags));
    }
    warn_unknown_entries(&content, &mut diags);
    warn_misplaced(root, &mut diags);
    // The files beside the bodies are found while the essay and the pages are read: the walk
    // of a large edition's folders is one core's work.
    let (((sections, readings), text_diags), ((pages, pages_diags), (files, files_diags))) =
        rayon::join(
            || apart(|d| load_text(root, d)),
            || {
                rayon::join(
                    || apart(|d| load_pages(root, drafts, d)),
                    || apart(|d| (list_static(root, d), assets::list(root, d))),
                )
            },
        );
    let (static_files, assets) = files;
    diags.extend(text_diags);
    diags.extend(pages_diags);
    diags.extend(files_diags);
    // Glosses and notes have one namespace, whichever folder holds them.
    let homes: Vec<(Option<usize>, PathBuf)> = std::iter::once((None, PathBuf::from("content")))
        .chain(
            readings
                .iter()
                .enumerate()
                .map(|(r, reading)| (Some(r), reading.folder.clone())),
        )
        .collect();
    let glosses = load_glosses(root, &homes, &mut diags);
    let notes = load_notes(root, &homes, &mut diags);
    let glossary = crate::glossary::load(root, &mut diags);
    let bibliography = crate::cite::bibliography::load(root, &mut diags);
    let config = config.unwrap_or_else(Config::fallback);
    let strings = crate::i18n::Strings::load(&config.language, root, &mut diags);
    if config.print.per_reading && readings.is_empty() {
        let line = crate::read::optional(root, Path::new(CONFIG_FILE))
            .ok()
            .flatten()
            .and_then(|text| lines_of_key(&text, "per_reading").first().copied());
        diags.push(
            Diagnostic::warning(
                CONFIG_FILE,
                line,
                "`print.per_reading` makes a document per reading, and this edition has none",
            )
            .with_help("remove it; a course has its readings in content/readings/<slug>/"),
        );
    }
    // With errors the edition is still returned, so that the later stages report theirs too;
    // the caller stops before writing anything.
    Ok((
        Edition {
            root: root.into(),
            config,
            strings,
            sections,
            readings,
            pages,
            static_files,
            assets,
            glosses,
            notes,
            glossary,
            works: bibliography.works,
            bibliography_file: bibliography.file,
        },
        diags,
    ))
}

const CONTENT_ENTRIES: &[&str] = &[
    "essay",
    "readings",
    "glosses",
    "notes",
    "pages",
    "static",
    "glossary.yaml",
    "bibliography.yaml",
    "bibliography.json",
    "bibliography.bib",
];

fn warn_unknown_entries(content: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(content) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !CONTENT_ENTRIES.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        diags.push(
            Diagnostic::warning(
                Path::new("content").join(&name),
                None,
                "not part of the edition format; it is ignored",
            )
            .with_help(format!(
                "content/ holds only: {}; files to copy as they are go in content/static/",
                CONTENT_ENTRIES.join(", ")
            )),
        );
    }
}

/// The `.md` files directly in `dir` (relative to root), sorted by name; anything else there
/// is reported, so that a misplaced file does not silently vanish from the site.
/// Names at the edition's root that an editor writes for something glossator reads under
/// another name, or in content/: each would be ignored without a word.
const MISPLACED: &[(&str, &str)] = &[
    (
        "static",
        "content/static/ (files copied to the site) or themes/<name>/static/",
    ),
    ("template", "templates/"),
    ("theme", "themes/"),
    ("i18n.yml", "i18n.yaml"),
    ("essay", "content/essay/"),
    ("readings", "content/readings/"),
    ("pages", "content/pages/"),
    ("glosses", "content/glosses/"),
    ("notes", "content/notes/"),
    ("glossary.yaml", "content/glossary.yaml"),
    ("bibliography.yaml", "content/bibliography.yaml"),
    ("bibliography.json", "content/bibliography.json"),
    ("bibliography.bib", "content/bibliography.bib"),
    ("custom.css", "content/static/custom.css"),
];

fn warn_misplaced(root: &Path, diags: &mut Diagnostics) {
    for (name, meant) in MISPLACED {
        if std::fs::symlink_metadata(root.join(name)).is_ok() {
            diags.push(
                Diagnostic::warning(
                    *name,
                    None,
                    "glossator does not read this here; it is ignored",
                )
                .with_help(format!("it belongs in {meant}")),
            );
        }
    }
    // A template whose name is a slip from one of the theme's is never used.
    let known: Vec<String> = crate::render::theme::default_template_names();
    if let Ok(entries) = std::fs::read_dir(root.join("templates")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if known.contains(&name) {
                continue;
            }
            if let Some(near) = known
                .iter()
                .find(|k| crate::diagnostic::edit_distance(k, &name) <= 2)
            {
                diags.push(
                    Diagnostic::warning(
                        Path::new("templates").join(&name),
                        None,
                        "no page uses a template of this name",
                    )
                    .with_help(format!("did you mean `{near}`?")),
                );
            }
        }
    }
}

fn markdown_files(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let abs = root.join(dir);
    if !abs.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&abs)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(dir, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let rel = Path::new(dir).join(&*name);
        let is_file = entry.file_type().is_file()
            || (entry.file_type().is_symlink() && !entry.path().is_dir());
        // Other files and folders beside the bodies are assets (see `assets`).
        if is_file && name.ends_with(".md") {
            files.push(rel);
        }
    }
    files
}

fn read_source(
    root: &Path,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<(SectionMatter, Source, String)> {
    let fields = if file.starts_with("content/pages") {
        "title, order, slug, description, date, draft"
    } else {
        "title, order, slug"
    };
    read_matter::<SectionMatter>(root, file, fields, diags)
}

fn slug_help(s: &str) -> String {
    let suggestion = slug::slugify(s);
    if slug::is_valid(&suggestion) {
        format!("use lowercase letters, digits and hyphens, e.g. `{suggestion}`")
    } else {
        format!(
            "use lowercase letters, digits and hyphens, at most {} characters",
            slug::MAX_LEN
        )
    }
}

/// The slug a file's name gives, or an error asking for `slug:` where it gives none: a name
/// such as `!!!.md` would otherwise write a page at the site's root, or outside it.
fn file_slug(file: &Path, diags: &mut Diagnostics) -> Option<String> {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let slug = slug::from_file_stem(&stem);
    if slug::is_valid(&slug) {
        return Some(slug);
    }
    let why = if slug.is_empty() {
        "makes no slug: it has no letters or digits".to_string()
    } else {
        format!(
            "makes the slug `{slug}`, longer than {} characters",
            slug::MAX_LEN
        )
    };
    diags.push(
        Diagnostic::error(file, Some(1), format!("the file name `{stem}` {why}"))
            .with_help("rename the file, or give it `slug: some-name` in its front matter"),
    );
    None
}

struct Loaded {
    slug: String,
    title: String,
    order: Option<f64>,
    description: Option<String>,
    date: Option<String>,
    draft: bool,
    source: Source,
}

fn load_documents(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<Loaded> {
    let mut docs = Vec::new();
    let mut slugs: BTreeMap<String, PathBuf> = BTreeMap::new();
    // The files are read and their front matter parsed on every core; what they report is
    // gathered in the files' order.
    use rayon::prelude::*;
    let files = markdown_files(root, dir, diags);
    let read: Vec<_> = files
        .par_iter()
        .with_max_len(crate::cores::BODIES_AT_ONCE)
        .map(|file| {
            let mut found = Diagnostics::default();
            let read = read_source(root, file, &mut found).or_else(|| {
                // Only a front matter that parsed wrong: a file that could not be read is gone.
                found
                    .has_errors()
                    .then(|| body_despite_matter(root, file))
                    .flatten()
            });
            // The slug a file's name makes, where its front matter gives none, is made here
            // too: what it reports follows what the reading did, as it would in order.
            let named = match &read {
                Some((matter, _, _)) if matter.slug.is_none() => file_slug(file, &mut found),
                _ => None,
            };
            (read, named, found)
        })
        .collect();
    for (file, (read, named, found)) in files.into_iter().zip(read) {
        diags.extend(found);
        let Some((matter, source, text)) = read else {
            continue;
        };
        let slug = match matter.slug {
            Some(s) if slug::is_valid(&s) => s,
            Some(s) => {
                let line = lines_of_key(&text, "slug").first().copied();
                diags.push(
                    Diagnostic::error(&file, line, format!("slug `{s}` is not a valid slug"))
                        .with_help(slug_help(&s)),
                );
                continue;
            }
            None => match named {
                Some(s) => s,
                None => continue,
            },
        };
        if !dir.ends_with("pages") {
            let page_only = [
                ("description", matter.description.is_some()),
                ("date", matter.date.is_some()),
                ("draft", matter.draft.is_some()),
            ];
            if let Some((key, _)) = page_only.iter().find(|(_, given)| *given) {
                let line = lines_of_key(&text, key).first().copied();
                diags.push(
                    Diagnostic::error(
                        &file,
                        line,
                        format!("`{key}` is for pages, not for this file"),
                    )
                    .with_help("the front matter here takes: title, order, slug"),
                );
                continue;
            }
        }
        if let Some(date) = &matter.date {
            if !is_date(date) {
                let line = lines_of_key(&text, "date").first().copied();
                diags.push(
                    Diagnostic::error(&file, line, format!("`{date}` is not a date")).with_help(
                        "write the date as 2026-03-14, or with a time, 2026-03-14T09:30:00Z",
                    ),
                );
                continue;
            }
        }
        let Some(title) = matter.title.filter(|t| !t.trim().is_empty()) else {
            diags.push(
                Diagnostic::error(&file, Some(1), "the front matter has no title")
                    .with_help("add `title: …` between the --- lines at the top of the file"),
            );
            continue;
        };
        if let Some(other) = slugs.insert(slug.clone(), file.clone()) {
            diags.push(
                Diagnostic::error(
                    &file,
                    None,
                    format!("slug `{slug}` is also used by {}", other.display()),
                )
                .with_help("give one of them a different `slug:` in its front matter"),
            );
            continue;
        }
        docs.push(Loaded {
            slug,
            title: title.trim().to_string(),
            order: matter.order,
            description: matter.description.map(|d| d.trim().to_string()),
            date: matter.date,
            draft: matter.draft.unwrap_or(false),
            source,
        });
    }
    // Files with an order come first, by order; then dated pages, by date; the rest keep
    // their name order.
    docs.sort_by(|a, b| {
        let by_order = match (a.order, b.order) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        let by_date = match (&a.date, &b.date) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_order.then(by_date)
    });
    docs
}

/// `2026-03-14`, optionally with a time: what `date:` takes, and what sorts as text in time
/// order.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let day_ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    let month: u32 = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
    let day: u32 = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(0);
    day_ok
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (b.len() == 10 || matches!(b.get(10), Some(b'T' | b' ')))
}

/// The essay's sections, or a course's readings and their sections.
fn load_text(root: &Path, diags: &mut Diagnostics) -> (Vec<Section>, Vec<Reading>) {
    if !root.join(readings::READINGS).exists() {
        return (load_sections(root, diags), Vec::new());
    }
    if root.join("content/essay").exists() {
        diags.push(
            Diagnostic::error(
                "content/essay",
                None,
                "the edition has both content/essay/ and content/readings/",
            )
            .with_help(
                "an edition is one essay (content/essay/) or a course of readings \
                 (content/readings/<slug>/essay/): move the essay into a reading's folder",
            ),
        );
    }
    let mut readings = readings::list(root, diags);
    let mut sections = Vec::new();
    for (r, reading) in readings.iter_mut().enumerate() {
        let dir = reading.folder.join("essay");
        let dir = dir.to_string_lossy();
        let start = sections.len();
        sections.extend(
            load_documents(root, &dir, diags)
                .into_iter()
                .map(|d| Section {
                    key: format!("{}/{}", reading.slug, d.slug),
                    slug: d.slug,
                    reading: Some(r),
                    title: d.title,
                    source: d.source,
                }),
        );
        reading.sections = start..sections.len();
        if reading.sections.is_empty() && !diags.has_errors() {
            diags.push(
                Diagnostic::error(&*dir, None, "the reading has no sections").with_help(
                    "write the reading as one Markdown file per section in its essay/ folder",
                ),
            );
        }
    }
    (sections, readings)
}

fn load_sections(root: &Path, diags: &mut Diagnostics) -> Vec<Section> {
    let sections: Vec<Section> = load_documents(root, "content/essay", diags)
        .into_iter()
        .map(|d| Section {
            key: d.slug.clone(),
            slug: d.slug,
            reading: None,
            title: d.title,
            source: d.source,
        })
        .collect();
    if sections.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("content/essay", None, "the essay has no sections")
                .with_help("write the essay as one Markdown file per section in content/essay/"),
        );
    }
    sections
}

fn load_pages(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for d in load_documents(root, "content/pages", diags) {
        if is_reserved_page_slug(&d.slug) {
            diags.push(
                Diagnostic::error(
                    &d.source.file,
                    None,
                    format!(
                        "the page slug `{}` is taken by a page the build makes",
                        d.slug
                    ),
                )
                .with_help("set another `slug:` in the page's front matter"),
            );
            continue;
        }
        if d.draft && !drafts {
            continue;
        }
        pages.push(Page {
            slug: d.slug,
            title: d.title,
            description: d.description,
            date: d.date.map(|t| t.get(..10).unwrap_or(&t).to_string()),
            source: d.source,
        });
    }
    pages
}

fn list_static(root: &Path, diags: &mut Diagnostics) -> Vec<StaticFile> {
    let base = root.join("content/static");
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    // Links are followed: an editor who links a shared folder of images in means its files.
    for entry in WalkDir::new(&base).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e
                    .path()
                    .strip_prefix(&base)
                    .unwrap_or(e.path())
                    .to_path_buf();
                let shown = Path::new("content/static").join(&path);
                if let Err(why) = crate::output::SitePath::new(&path) {
                    diags.push(
                        Diagnostic::error(&shown, None, format!("cannot be published: {why}"))
                            .with_help("rename the file with letters, digits, - and _"),
                    );
                    continue;
                }
                if let Err(e) = std::fs::File::open(e.path()) {
                    diags.push(
                        Diagnostic::error(&shown, None, format!("cannot read the file: {e}"))
                            .with_help("make the file readable, or remove it"),
                    );
                    continue;
                }
                files.push(StaticFile {
                    path,
                    absolute: e.path().to_path_buf(),
                    shown,
                });
            }
            Ok(_) => {}
            Err(e) => {
                let place = e.path().map_or_else(
                    || PathBuf::from("content/static"),
                    |p| Path::new("content/static").join(p.strip_prefix(&base).unwrap_or(p)),
                );
                let why = if e.loop_ancestor().is_some() {
                    "is a symbolic link that loops back to a folder above it".to_string()
                } else if e
                    .io_error()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                {
                    "is a symbolic link to something that does not exist".to_string()
                } else {
                    format!("cannot be read: {e}")
                };
                diags.push(
                    Diagnostic::error(place, None, why)
                        .with_help("fix or remove it in content/static/"),
                );
            }
        }
    }
    files
}

/// A file read to its front matter and body; with them, the text before the body, whose lines
/// messages name.
fn read_matter<T: serde::de::DeserializeOwned>(
    root: &Path,
    file: &Path,
    fields: &str,
    diags: &mut Diagnostics,
) -> Option<(T, Source, String)> {
    let text = match read::required(root, file) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let split = match front_matter::split(&text, file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let matter: T = match front_matter::parse(&split, file) {
        Ok(m) => m,
        Err(d) => {
            // The fields it takes help with a key or a value, not with YAML's own syntax.
            let about_keys =
                d.message.starts_with("unknown key") || d.message.contains("invalid type");
            diags.push(if about_keys {
                d.with_more_help(format!("the front matter takes: {fields}"))
            } else {
                d
            });
            return None;
        }
    };
    let (body_len, body_line) = (split.body.len(), split.body_line);
    let (source, head) = parted(file, text, body_len, body_line);
    Some((matter, source, head))
}

/// A file's text parted where its body (its last `body_len` bytes) starts: the body, not
/// copied, as the file's source, and what comes before it (its front matter, whose lines the
/// messages count from the file's first). The bodies are most of what a build reads.
fn parted(file: &Path, mut text: String, body_len: usize, body_line: usize) -> (Source, String) {
    let start = text.len() - body_len;
    let head = text[..start].to_string();
    text.drain(..start);
    let source = Source {
        file: file.into(),
        body: text,
        body_line,
    };
    (source, head)
}

/// A section's or page's file whose front matter could not be read: its body, under its
/// file's name, so that the glosses, notes and links that point into it are still checked
/// against it (its own mistake is reported once, and nothing else for it).
fn body_despite_matter(root: &Path, file: &Path) -> Option<(SectionMatter, Source, String)> {
    let text = read::required(root, file).ok()?;
    let split = front_matter::split(&text, file).ok()?;
    let (body_len, body_line) = (split.body.len(), split.body_line);
    let (source, head) = parted(file, text, body_len, body_line);
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let matter = SectionMatter {
        title: Some(stem),
        ..SectionMatter::default()
    };
    Some((matter, source, head))
}

/// The 1-based lines of a file on which `key:` starts (as a key or a list item).
pub(crate) fn lines_of_key(text: &str, key: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.starts_with(key) && l[key.len()..].starts_with(':')
        })
        .map(|(i, _)| i + 1)
        .collect()
}

fn check_unique(
    slug: &str,
    file: &Path,
    seen: &mut BTreeMap<String, PathBuf>,
    diags: &mut Diagnostics,
) -> bool {
    match seen.insert(slug.to_string(), file.to_path_buf()) {
        Some(other) => {
            diags.push(
                Diagnostic::error(
                    file,
                    None,
                    format!("slug `{slug}` is also used by {}", other.display()),
                )
                .with_help("rename one of the files"),
            );
            false
        }
        None => true,
    }
}

/// The files of one kind (`glosses`, `notes`) in every folder that may hold them, with the
/// reading each belongs to.
fn homed_files(
    root: &Path,
    homes: &[(Option<usize>, PathBuf)],
    kind: &str,
    diags: &mut Diagnostics,
) -> Vec<(Option<usize>, PathBuf)> {
    homes
        .iter()
        .flat_map(|(home, folder)| {
            let dir = folder.join(kind);
            markdown_files(root, &dir.to_string_lossy(), diags)
                .into_iter()
                .map(|f| (*home, f))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn load_glosses(
    root: &Path,
    homes: &[(Option<usize>, PathBuf)],
    diags: &mut Diagnostics,
) -> Vec<Gloss> {
    let mut glosses = Vec::new();
    let mut seen = BTreeMap::new();
    for (home, file) in homed_files(root, homes, "glosses", diags) {
        let Some((matter, source, text)) = read_matter::<GlossMatter>(
            root,
            &file,
            "anchor (quote, prefix, suffix, section, reading)",
            diags,
        ) else {
            continue;
        };
        let Some(slug) = file_slug(&file, diags) else {
            continue;
        };
        if !check_unique(&slug, &file, &mut seen, diags) {
            continue;
        }
        let mut anchor = matter.anchor;
        anchor.line = lines_of_key(&text, "quote").first().copied().unwrap_or(1);
        if source.body.trim().is_empty() {
            diags.push(
                Diagnostic::error(&file, None, "the gloss has no text")
                    .with_help("write the gloss below the front matter"),
            );
            continue;
        }
        glosses.push(Gloss {
            slug,
            home,
            anchor,
            source,
        });
    }
    glosses
}

fn load_notes(
    root: &Path,
    homes: &[(Option<usize>, PathBuf)],
    diags: &mut Diagnostics,
) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut seen = BTreeMap::new();
    for (home, file) in homed_files(root, homes, "notes", diags) {
        let Some((matter, source, text)) = read_matter::<NoteMatter>(
            root,
            &file,
            "title, when, anchors (each: quote, prefix, suffix, section, reading), related",
            diags,
        ) else {
            continue;
        };
        let Some(slug) = file_slug(&file, diags) else {
            continue;
        };
        if !check_unique(&slug, &file, &mut seen, diags) {
            continue;
        }
        let mut anchors = matter.anchors;
        let lines = lines_of_key(&text, "quote");
        for (i, anchor) in anchors.iter_mut().enumerate() {
            anchor.line = lines.get(i).copied().unwrap_or(1);
        }
        if matter.title.trim().is_empty() {
            diags.push(Diagnostic::error(
                &file,
                Some(2),
                "the note's title is empty",
            ));
            continue;
        }
        notes.push(Note {
            slug,
            home,
            title: matter.title.trim().to_string(),
            when: matter.when,
            anchors,
            related: matter.related,
            related_line: lines_of_key(&text, "related").first().copied().unwrap_or(1),
            source,
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_read_again_is_the_body_read_first_unless_its_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let file = Path::new("content/pages/about.md");
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        // A byte-order mark and a decomposed é: the body is read without the mark and in NFC,
        // the second time as the first.
        let text = "\u{feff}---\ntitle: About\n---\nCafe\u{301} au lait.\n";
        std::fs::write(root.join(file), text).unwrap();
        let mut found = Diagnostics::default();
        let (_, source, _) = read_source(root, file, &mut found).expect("the page reads");
        assert_eq!(source.body, "Caf\u{e9} au lait.\n");
        let hash = BodyHash::of(&source.body);
        let again = source
            .read_again(root, hash)
            .expect("unchanged, it reads again");
        assert_eq!(again.body, source.body);
        assert_eq!(again.body_line, 4);
        assert_eq!(again.file, file);

        let changed = |now: &str| {
            std::fs::write(root.join(file), now).unwrap();
            let problem = source.read_again(root, hash).unwrap_err();
            assert_eq!(problem.file, file);
            assert!(problem.message.contains("changed"), "{}", problem.message);
        };
        // Its words changed.
        changed("---\ntitle: About\n---\nCaf\u{e9} au the.\n");
        // The same words a line lower: every line a message names would be wrong.
        changed("---\ntitle: About\ndate: 2026-01-01\n---\nCaf\u{e9} au lait.\n");
        // Gone.
        std::fs::remove_file(root.join(file)).unwrap();
        assert!(source.read_again(root, hash).is_err());
    }
}
