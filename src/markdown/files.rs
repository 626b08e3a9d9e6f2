//! Links written as paths, the way an editor's Markdown preview follows them: relative to
//! the source file (`../notes/kornilov-affair.md`, `other-section.md#heading`,
//! `img/map.png`), mdBook's `chapter.html` for `chapter.md`, or relative to the built page.
//! A link to a body becomes a link to its page; a link to a file becomes a link to the file
//! the build copies. What resolves to nothing is an error with the nearest existing target;
//! a fragment is checked once every page's ids are known (`check`).

use super::{Document, Rendered};
use crate::diagnostic::{edit_distance, Diagnostic};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

/// What path links can reach, for a whole edition.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// Each body's source (`content/notes/x.md`) and its page's site path, with the id of
    /// the place on the page when the body is not a page of its own (a gloss).
    pub bodies: HashMap<PathBuf, String>,
    /// Each file a link may name (`content/static/x.pdf`, `content/essay/img/m.png`) and its
    /// site path.
    pub files: HashMap<PathBuf, String>,
    /// Every site path the build makes or copies, for links written relative to the page.
    pub site: BTreeSet<String>,
    /// In a course, each section slug and the keys (`reading/slug`) of the sections so named:
    /// what `essay:slug` reaches without its reading.
    pub sections: HashMap<String, Vec<String>>,
    /// A course's readings, which `essay:<reading>` reaches.
    pub readings: BTreeSet<String>,
}

/// A link written as a path, resolved to a file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLink {
    pub site_path: String,
    pub fragment: Option<String>,
    pub written: String,
    pub file: PathBuf,
    pub line: usize,
}

/// The href a path link takes in the body's output, or `None` (and an error) when it names
/// nothing the edition has.
pub fn resolve(
    dest: &str,
    offset: usize,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Option<String> {
    let files = doc.files?;
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let decoded = percent_decode(path);
    let found = if let Some(from_root) = decoded.strip_prefix('/') {
        out.diagnostics.push(
            doc.warning(
                offset,
                format!("the link `{dest}` starts at the site's root, which breaks when the site is opened from a folder or the disk"),
            )
            .with_help("write it relative to this file, e.g. `../static/x.pdf`"),
        );
        files
            .site
            .contains(from_root)
            .then(|| from_root.to_string())
    } else {
        let from_source = doc
            .file
            .parent()
            .and_then(|dir| normal(&dir.join(&decoded)));
        let source_target = from_source.as_ref().and_then(|p| {
            files
                .bodies
                .get(p)
                .or_else(|| files.files.get(p))
                .or_else(|| {
                    // mdBook's links to a chapter's page: `ch03-02.html` for `ch03-02.md`.
                    let md = p.with_extension("md");
                    (p.extension().is_some_and(|e| e == "html"))
                        .then(|| files.bodies.get(&md))
                        .flatten()
                })
                .cloned()
        });
        source_target.or_else(|| {
            let page_dir = Path::new(doc.linker.page())
                .parent()
                .unwrap_or(Path::new(""));
            let target = normal(&page_dir.join(&decoded))?;
            let target = target.to_string_lossy().replace('\\', "/");
            files.site.contains(&target).then_some(target)
        })
    };
    let Some(site_path) = found else {
        let outside = !decoded.starts_with('/')
            && doc
                .file
                .parent()
                .and_then(|dir| normal(&dir.join(&decoded)))
                .is_none_or(|p| !p.starts_with("content"));
        if outside {
            out.diagnostics.push(
                doc.error(
                    offset,
                    format!("the link `{dest}` leads outside content/, which is not published"),
                )
                .with_help("link to a file in content/: beside this file, or in content/static/"),
            );
            return None;
        }
        let nearest = nearest_file(&decoded, doc.file, files);
        out.diagnostics.push(
            doc.error(offset, format!("the link `{dest}` names no file of the edition"))
                .with_help(match nearest {
                    Some(n) => format!("the nearest is `{n}`; paths are relative to this file"),
                    None => "paths are relative to this file; files to publish go beside it or in content/static/".into(),
                }),
        );
        return None;
    };
    // A gloss's "page" is a place on the list of glosses.
    let (site_file, fragment) = match site_path.split_once('#') {
        Some((file, id)) => (file.to_string(), fragment.or(Some(id.to_string()))),
        None => (site_path, fragment),
    };
    out.file_links.push(FileLink {
        site_path: site_file.clone(),
        fragment: fragment.clone(),
        written: dest.to_string(),
        file: doc.file.to_path_buf(),
        line: doc.line_of(offset),
    });
    let mut target = site_file;
    if let Some(q) = query {
        target = format!("{target}?{q}");
    }
    if let Some(f) = &fragment {
        target = format!("{target}#{f}");
    }
    Some(doc.linker.href(&target))
}

/// A path with `.` and `..` taken out, or `None` when it climbs above its start.
fn normal(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// `%20` and the other escapes of an address, as the file's own name has them.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// The existing target nearest to what was written, as a path relative to the source file:
/// the closest name among the files the edition has.
fn nearest_file(written: &str, from: &Path, files: &SiteFiles) -> Option<String> {
    let name = Path::new(written)
        .file_name()?
        .to_string_lossy()
        .to_string();
    let dir = from.parent().unwrap_or(Path::new(""));
    files
        .bodies
        .keys()
        .chain(files.files.keys())
        .filter_map(|p| {
            let candidate = p.file_name()?.to_string_lossy().to_string();
            let d = edit_distance(&name, &candidate).min(edit_distance(
                &name,
                &format!("{}.html", candidate.trim_end_matches(".md")),
            ));
            (d <= 3.max(name.len() / 3)).then(|| (d, relative_to(dir, p)))
        })
        .min()
        .map(|(_, p)| p)
}

/// `to` as a path from the folder `from`: `../notes/x.md`.
fn relative_to(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<String> = vec!["..".to_string(); from.len() - common];
    out.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    out.join("/")
}

/// Every path link whose `#fragment` names no place on its page.
pub fn check(links: &[FileLink], targets: &super::links::Targets) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in links {
        let Some(fragment) = &link.fragment else {
            continue;
        };
        let Some(on_page) = targets.ids_on(&link.site_path) else {
            continue;
        };
        if on_page.contains(fragment) {
            continue;
        }
        let nearest = on_page
            .iter()
            .map(|id| (edit_distance(fragment, id), id))
            .filter(|(d, id)| *d <= 2.max(id.len() / 3))
            .min();
        problems.push(
            Diagnostic::error(
                &link.file,
                Some(link.line),
                format!("the link `{}` names no place `#{fragment}` on its page", link.written),
            )
            .with_help(match nearest {
                Some((_, id)) => format!("did you mean `#{id}`?"),
                None => "link to a heading's id (its words in lowercase, joined by -) or a paragraph's #p<N>".into(),
            }),
        );
    }
    problems
}
