//! Files kept beside the bodies (an image beside a chapter, a PDF beside a page): what is
//! not Markdown in `content/essay/`, `content/notes/`, `content/pages/` and
//! `content/glosses/`, and below them. Such a file is published only when a body links to it,
//! at its path below `content/`, so that an editor's draft kept beside the chapters is never
//! published by accident.

use super::StaticFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;
use walkdir::WalkDir;

/// The folders of bodies, whose other files are assets.
pub const BODY_FOLDERS: &[&str] = &["essay", "notes", "pages", "glosses"];

pub fn list(root: &Path, diags: &mut Diagnostics) -> Vec<StaticFile> {
    let mut files = Vec::new();
    // A course's readings hold bodies too, with files beside them.
    let mut folders: Vec<String> = BODY_FOLDERS.iter().map(|f| f.to_string()).collect();
    let readings = root.join(super::readings::READINGS);
    if let Ok(entries) = std::fs::read_dir(&readings) {
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| crate::slug::is_valid(n))
            .collect();
        names.sort();
        for name in names {
            for kind in ["essay", "notes", "glosses"] {
                folders.push(format!("readings/{name}/{kind}"));
            }
        }
    }
    for folder in &folders {
        let base = root.join("content").join(folder);
        if !base.is_dir() {
            continue;
        }
        let walk = WalkDir::new(&base)
            .min_depth(1)
            .sort_by_file_name()
            .into_iter()
            // Hidden files and folders (.DS_Store, .git) are never the edition's.
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk.flatten() {
            let is_file = entry.file_type().is_file()
                || (entry.file_type().is_symlink() && entry.path().is_file());
            if !is_file {
                continue;
            }
            let below = entry.path().strip_prefix(&base).unwrap_or(entry.path());
            let markdown = entry.path().extension().is_some_and(|e| e == "md");
            if markdown {
                // A body in a subfolder is no body: say so rather than drop it silently.
                if entry.depth() > 1 {
                    diags.push(
                        Diagnostic::warning(
                            Path::new("content").join(folder).join(below),
                            None,
                            "a Markdown file in a subfolder is not part of the edition; it is ignored",
                        )
                        .with_help(format!(
                            "put it directly in content/{folder}/"
                        )),
                    );
                }
                continue;
            }
            let path = Path::new(folder).join(below);
            if crate::output::SitePath::new(&path).is_err() {
                continue;
            }
            files.push(StaticFile {
                path: path.clone(),
                absolute: entry.path().to_path_buf(),
                shown: Path::new("content").join(&path),
            });
        }
    }
    files
}
