//! The commands, one file each; each composes the library's stages.

pub mod build;
pub mod check;
pub mod new;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{self, LoadError};
use crate::render::theme;
use crate::render::{OutputFile, Renderer, Site};
use crate::{transform, Failure};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The whole site in memory, ready to be written: every stage of a build but the writing.
pub struct Compiled {
    pub files: Vec<OutputFile>,
    /// Files of `content/static/` to copy: (path in the site, source file).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub diagnostics: Diagnostics,
}

pub fn compile(root: &Path) -> Result<Compiled, Failure> {
    let (edition, mut diags) = match edition::load(root) {
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
    let transformed = transform::transform(&edition, &mut diags);
    if diags.has_errors() {
        return Err(Failure::Edition(diags));
    }
    let theme = match theme::load(root, &edition.config.theme) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return Err(Failure::Edition(diags));
        }
    };
    let renderer = match Renderer::new(&theme) {
        Ok(r) => r,
        Err(problems) => {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
    };
    let site = Site {
        config: &edition.config,
        sections: transformed.sections,
        pages: transformed.pages,
        notes: transformed.notes,
        glosses: transformed.glosses,
        glossary: transformed.glossary,
        bibliography: transformed.bibliography,
        citations: transformed.citations,
    };
    let mut files = match renderer.render_site(&site) {
        Ok(f) => f,
        Err(problems) => {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
    };
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
    let mut copies = Vec::new();
    for file in &edition.static_files {
        if made.contains(file.path.as_path()) && !file.path.starts_with("static") {
            diags.push(
                Diagnostic::error(
                    Path::new("content/static").join(&file.path),
                    None,
                    format!(
                        "would overwrite the page {} that the build makes",
                        file.path.display()
                    ),
                )
                .with_help("rename or move the file in content/static/"),
            );
        } else {
            copies.push((file.path.clone(), file.absolute.clone()));
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
    })
}
