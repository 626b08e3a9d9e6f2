//! `glossator theme export [DIR]`: the default theme, as embedded in the binary, written out
//! for editing. Written to `themes/default/` of the edition, it is the theme the next build
//! uses; a template or file deleted from it falls back to the embedded one.

use crate::render::theme::embedded_files;
use crate::Failure;
use std::path::{Path, PathBuf};

/// Writes the default theme into `dir`, a new or empty folder; returns the files written.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    super::new::write_tree(dir, embedded_files(), "glossator theme export themes/mine")
}
