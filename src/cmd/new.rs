//! `glossator new DIR`: a small working edition to start from, written from the starter
//! embedded in the binary; `--course`, a course of two readings. It writes only into a folder
//! that is new or empty.

use crate::render::theme::{COURSE_STARTER, STARTER};
use crate::Failure;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes the starter edition, or with `course` the course starter, into `dir`; returns the
/// files written.
pub fn run(dir: &Path, course: bool) -> Result<Vec<PathBuf>, Failure> {
    if course {
        write_tree(dir, COURSE_STARTER, "glossator new --course my-course")
    } else {
        write_tree(dir, STARTER, "glossator new my-edition")
    }
}

/// Writes `files` below `dir`, a folder that is new or empty, so that nothing of the user's is
/// ever overwritten; `example` is the command to suggest when it is not.
pub fn write_tree(
    dir: &Path,
    files: &[(&str, &[u8])],
    example: &str,
) -> Result<Vec<PathBuf>, Failure> {
    if dir.exists() {
        let empty = dir.is_dir()
            && fs::read_dir(dir)
                .map_err(Failure::io(dir))?
                .next()
                .is_none();
        if !empty {
            return Err(Failure::Usage {
                message: format!("{} already exists and is not empty", dir.display()),
                help: format!("name a new folder: {example}"),
            });
        }
    }
    let mut written = Vec::new();
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(Failure::io(parent))?;
        }
        fs::write(&target, bytes).map_err(Failure::io(&target))?;
        written.push(PathBuf::from(path));
    }
    Ok(written)
}
