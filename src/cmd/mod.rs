//! The commands, one file each; each composes the library's stages.

pub mod build;
pub mod check;
pub mod external;
pub mod new;
pub mod serve;
pub mod theme_export;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{self, LoadError};
use crate::render::theme;
use crate::render::{OutputFile, Renderer};
use crate::{transform, Failure};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where `build --pdf` writes the PDF in the site; no file of `content/static/` may take it.
pub const PDF_FILE: &str = "edition.pdf";

/// The whole site in memory, ready to be written: every stage of a build but the writing.
pub struct Compiled {
    pub files: Vec<OutputFile>,
    /// Files of `content/static/` to copy: (path in the site, source file).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub diagnostics: Diagnostics,
    /// Every link to the web, with where it is written, for `check --external`.
    pub web_links: Vec<crate::markdown::links::WebLink>,
    /// What the PDF, when one is made, does not include.
    pub left_out_of_pdf: Vec<String>,
}

pub fn compile(root: &Path) -> Result<Compiled, Failure> {
    compile_with(root, false, false)
}

/// The site, with the draft pages when `drafts` (`build --drafts`), and the PDF with its pages
/// linking it when `pdf` (`build --pdf`) or the edition's `print.pdf` asks for it.
pub fn compile_with(root: &Path, drafts: bool, pdf: bool) -> Result<Compiled, Failure> {
    use crate::timings::stage;
    let (edition, mut diags) = match stage("read the edition", || edition::load_with(root, drafts))
    {
        Ok(loaded) => loaded,
        Err(LoadError::NotAnEdition(path)) => {
            return Err(Failure::Usage {
                message: format!(
                    "{} is not an edition: it has no edition.yaml",
                    path.display()
                ),
                help: "run glossator in an edition's folder, pass --root DIR, \
                       or start one with `glossator new DIR`"
                    .into(),
            })
        }
        Err(LoadError::Invalid(d)) => return Err(Failure::Edition(d)),
    };
    let transformed = stage("transform", || transform::transform(&edition, &mut diags));
    if diags.has_errors() {
        return Err(Failure::Edition(diags));
    }
    let theme = match stage("read the theme", || {
        theme::load(root, &edition.config.theme)
    }) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Err(Failure::Edition(diags));
        }
    };
    let renderer = match stage("compile the templates", || {
        Renderer::new(&theme, &edition.strings)
    }) {
        Ok(r) => r,
        Err(problems) => {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
    };
    let pdf = pdf || edition.config.print.pdf;
    let mut site = transformed.site;
    site.pdf = pdf;
    let linked = transformed.linked_files;
    let web_links = transformed.web_links;
    let mut files = match stage("render the pages", || renderer.render_site(&site)) {
        Ok(f) => f,
        Err(problems) => {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
    };
    let index = match edition.config.search {
        true => stage("the search index", || crate::search::build(&edition, &site)),
        false => Vec::new(),
    };
    files.extend(index.into_iter().map(|f| OutputFile {
        path: f.path.into(),
        bytes: f.text.into_bytes(),
    }));
    let mut left_out_of_pdf = Vec::new();
    if pdf {
        let print = crate::route::Route::Print.file();
        let html = files
            .iter()
            .find(|f| f.path == Path::new(&print))
            .map(|f| String::from_utf8_lossy(&f.bytes))
            .unwrap_or_default();
        let (bytes, left_out) = stage("the PDF", || {
            crate::typeset::pdf(&html, &edition.config, &edition.strings)
        })?;
        left_out_of_pdf = left_out;
        files.push(OutputFile {
            path: PDF_FILE.into(),
            bytes,
        });
    }
    files.extend(
        theme
            .static_files
            .into_iter()
            .map(|(path, bytes)| OutputFile {
                path: Path::new("static").join(path),
                bytes,
            }),
    );
    if transformed.has_code {
        files.push(OutputFile {
            path: "static/highlight.css".into(),
            bytes: crate::markdown::highlight::stylesheet().into_bytes(),
        });
    }
    let made: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let made_folders: BTreeSet<&Path> = made
        .iter()
        .flat_map(|p| p.ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    let mut copies = Vec::new();
    // A file beside the bodies is published when a body links to it.
    let (linked_assets, unlinked): (Vec<_>, Vec<_>) = edition
        .assets
        .iter()
        .partition(|a| linked.contains(&a.path.to_string_lossy().replace('\\', "/")));
    for file in unlinked {
        diags.push(
            Diagnostic::warning(
                &file.shown,
                None,
                "no page links to this file; it is not published",
            )
            .with_help("link to it from a body, or move it out of content/ if it is a draft"),
        );
    }
    for file in edition.static_files.iter().chain(linked_assets) {
        match static_clash(&file.path, &made, &made_folders) {
            Some(why) => diags.push(
                Diagnostic::error(&file.shown, None, why).with_help("rename or move the file"),
            ),
            None => copies.push((file.path.clone(), file.absolute.clone())),
        }
    }
    if diags.has_errors() {
        return Err(Failure::Edition(diags));
    }
    // A theme file that content/static replaces is not written twice.
    let replaced: BTreeSet<PathBuf> = copies.iter().map(|(p, _)| p.clone()).collect();
    files.retain(|f| !replaced.contains(&f.path));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Compiled {
        files,
        copies,
        diagnostics: diags,
        web_links,
        left_out_of_pdf,
    })
}

/// Why a file of `content/static/` cannot be copied to `path` in the site, if it cannot: it
/// would replace a page of the build, take the name of one of its folders or of the PDF, or sit
/// in a folder where the build writes a file. A theme's own static file may be replaced.
fn static_clash(path: &Path, made: &BTreeSet<&Path>, folders: &BTreeSet<&Path>) -> Option<String> {
    if path == Path::new(PDF_FILE) {
        return Some(format!(
            "would take the place of {PDF_FILE}, which `build --pdf` writes"
        ));
    }
    if made.contains(path) && !path.starts_with("static") {
        return Some(format!(
            "would overwrite the page {} that the build makes",
            path.display()
        ));
    }
    if folders.contains(path) {
        return Some(format!(
            "is a file where the build makes the folder {}/",
            path.display()
        ));
    }
    path.ancestors()
        .skip(1)
        .find(|a| made.contains(a))
        .map(|a| {
            format!(
                "would need a folder where the build writes the file {}",
                a.display()
            )
        })
}
