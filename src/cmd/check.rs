//! `glossator check`: every validation of a build, templates rendered in memory, nothing
//! written.

use super::compile;
use crate::diagnostic::Diagnostics;
use crate::Failure;
use std::path::Path;

/// The warnings of an edition that has no errors.
pub fn run(root: &Path) -> Result<Diagnostics, Failure> {
    compile(root).map(|c| c.diagnostics)
}
