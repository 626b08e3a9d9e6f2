//! Write: the built site swapped in atomically, and never over anything glossator did not make.
//!
//! The site is written into a temporary folder beside the output and renamed into place only
//! when the whole build succeeded, so a failed build leaves the previous output as it was. An
//! output folder glossator made carries a marker file; any other non-empty folder is refused
//! unless forced, and even then it is moved aside, never deleted.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that marks an output folder as glossator's own, safe to replace.
pub const MARKER: &str = ".glossator-output";

const MARKER_TEXT: &str = "This folder was made by glossator and is replaced on every build.\n\
Do not edit it by hand: edit the edition's content/ and build again.\n";

/// Why glossator will not write to the output folder asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Existing {
    Nothing,
    Empty,
    Ours,
    Foreign,
}

/// An output folder that passed the safety checks.
#[derive(Debug, Clone)]
pub struct Target {
    path: PathBuf,
    existing: Existing,
}

/// What the swap did, for the command's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swapped {
    pub path: PathBuf,
    /// Where a foreign folder was moved, when `--force` replaced one.
    pub moved_aside: Option<PathBuf>,
}

impl Target {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checks that `output` may be written for the edition at `root`.
    pub fn check(root: &Path, output: &Path, force: bool) -> Result<Target, Refusal> {
        let root = resolve(root).map_err(|e| Refusal {
            message: format!("cannot resolve the edition folder {}: {e}", root.display()),
            help: "check the --root path".into(),
        })?;
        let path = resolve(output).map_err(|e| Refusal {
            message: format!("cannot resolve the output folder {}: {e}", output.display()),
            help: "check the --output path".into(),
        })?;
        if root.starts_with(&path) {
            return Err(Refusal {
                message: format!(
                    "the output folder {} holds the edition itself",
                    path.display()
                ),
                help: "choose an output folder outside the edition's sources, e.g. public/".into(),
            });
        }
        for protected in ["content", "themes", "templates"] {
            if path.starts_with(root.join(protected)) {
                return Err(Refusal {
                    message: format!(
                        "the output folder {} is inside the edition's {protected}/",
                        path.display()
                    ),
                    help: "choose an output folder outside content/, themes/ and templates/, e.g. public/"
                        .into(),
                });
            }
        }
        let existing = if !path.exists() {
            Existing::Nothing
        } else if !path.is_dir() {
            return Err(Refusal {
                message: format!("the output {} is a file, not a folder", path.display()),
                help: "choose another --output, or move the file away".into(),
            });
        } else if path.join(MARKER).is_file() {
            Existing::Ours
        } else if fs::read_dir(&path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
        {
            Existing::Empty
        } else if force {
            Existing::Foreign
        } else {
            return Err(Refusal {
                message: format!(
                    "the output folder {} was not made by glossator, and it is not empty",
                    path.display()
                ),
                help: "choose another --output, or pass --force to move that folder aside \
                       (it is renamed, never deleted)"
                    .into(),
            });
        };
        Ok(Target { path, existing })
    }

    /// Writes a site with `fill` into a fresh folder and swaps it in. When `fill` fails, the
    /// fresh folder is removed and the previous output is untouched.
    pub fn write_atomically<E: From<io::Error>>(
        &self,
        fill: impl FnOnce(&Path) -> Result<(), E>,
    ) -> Result<Swapped, E> {
        let parent = self.path.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent)?;
        let name = self.name();
        let fresh = tempfile::Builder::new()
            .prefix(&format!(".{name}.glossator-new-"))
            .tempdir_in(parent)?;
        fill(fresh.path())?;
        fs::write(fresh.path().join(MARKER), MARKER_TEXT)?;
        let mut moved_aside = None;
        let mut old = None;
        match self.existing {
            Existing::Nothing => {}
            Existing::Empty => fs::remove_dir(&self.path)?,
            Existing::Ours => {
                let aside = unused_sibling(&self.path, &format!(".{name}.glossator-old"));
                fs::rename(&self.path, &aside)?;
                old = Some(aside);
            }
            Existing::Foreign => {
                let aside = unused_sibling(&self.path, &format!("{name}.before-glossator"));
                fs::rename(&self.path, &aside)?;
                moved_aside = Some(aside);
            }
        }
        if let Err(e) = fs::rename(fresh.path(), &self.path) {
            // Put back what was there, so that a failed swap loses nothing.
            if let Some(previous) = old.as_ref().or(moved_aside.as_ref()) {
                let _ = fs::rename(previous, &self.path);
            }
            return Err(e.into());
        }
        let _ = fresh.keep();
        if let Some(old) = old {
            // The old output is glossator's own (it carries the marker): safe to remove.
            fs::remove_dir_all(old)?;
        }
        Ok(Swapped {
            path: self.path.clone(),
            moved_aside,
        })
    }

    fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
    }
}

fn unused_sibling(path: &Path, base: &str) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new("/"));
    let mut candidate = parent.join(base);
    let mut n = 1;
    while candidate.exists() {
        candidate = parent.join(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// An absolute path with `.` and `..` resolved and symbolic links followed as far as the path
/// exists, so that two spellings of one folder compare equal before it is created.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::CurDir) | None => {}
            _ => resolved.push(part),
        }
    }
    Ok(resolved)
}

/// Writes one file of the site below `dir`, creating its folders.
pub fn write_file(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = dir.join(path);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(target, bytes)
}

/// Minifies a page when the `minify` feature is built in; otherwise returns it as it is.
pub fn minify(html: Vec<u8>) -> Vec<u8> {
    #[cfg(feature = "minify")]
    {
        let cfg = minify_html::Cfg {
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            minify_css: true,
            minify_js: true,
            ..minify_html::Cfg::new()
        };
        minify_html::minify(&html, &cfg)
    }
    #[cfg(not(feature = "minify"))]
    {
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_fill_that_fails_midway_leaves_the_old_output_byte_for_byte() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let target = Target::check(root.path(), &out, false).unwrap();
        target
            .write_atomically(|dir| write_file(dir, Path::new("index.html"), b"first"))
            .unwrap();
        let before = tree(&out);
        let target = Target::check(root.path(), &out, false).unwrap();
        let result: Result<Swapped, io::Error> = target.write_atomically(|dir| {
            write_file(dir, Path::new("index.html"), b"second")?;
            write_file(dir, Path::new("new.html"), b"half")?;
            Err(io::Error::other("failed midway"))
        });
        assert!(result.is_err());
        assert_eq!(tree(&out), before);
        let leftovers: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_successful_write_replaces_only_our_own_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        for text in [&b"one"[..], b"two"] {
            Target::check(root.path(), &out, false)
                .unwrap()
                .write_atomically(|dir| write_file(dir, Path::new("a/index.html"), text))
                .unwrap();
        }
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(out.join(MARKER).is_file());
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "the old output is gone"
        );
    }

    #[test]
    fn a_foreign_folder_is_refused_and_with_force_moved_aside_not_deleted() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("site");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "mine").unwrap();
        let refusal = Target::check(root.path(), &out, false).unwrap_err();
        assert!(
            refusal.message.contains("not made by glossator"),
            "{}",
            refusal.message
        );
        assert!(refusal.help.contains("--force"));
        let swapped = Target::check(root.path(), &out, true)
            .unwrap()
            .write_atomically(|dir| write_file(dir, Path::new("index.html"), b"x"))
            .map_err(|e: io::Error| e)
            .unwrap();
        let aside = swapped.moved_aside.expect("moved aside");
        assert_eq!(
            fs::read_to_string(aside.join("precious.txt")).unwrap(),
            "mine"
        );
        assert!(out.join("index.html").is_file());
    }

    #[test]
    fn never_into_the_edition_or_its_sources() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("content")).unwrap();
        for bad in [
            ".",
            "..",
            "content",
            "content/public",
            "themes/x",
            "templates",
        ] {
            let out = root.path().join(bad);
            assert!(
                Target::check(root.path(), &out, true).is_err(),
                "{bad} must be refused"
            );
        }
        assert!(Target::check(root.path(), &root.path().join("public"), false).is_ok());
        assert!(Target::check(root.path(), &root.path().join("content/../public"), false).is_ok());
    }

    #[test]
    fn an_empty_folder_is_taken() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        fs::create_dir(&out).unwrap();
        Target::check(root.path(), &out, false)
            .unwrap()
            .write_atomically(|dir| write_file(dir, Path::new("index.html"), b"x"))
            .map_err(|e: io::Error| e)
            .unwrap();
        assert!(out.join(MARKER).is_file());
    }
}
