//! `glossator check`: every validation of a build, templates rendered in memory, nothing
//! written. With `strict`, a warning fails the check as an error would.

use super::compile;
use crate::diagnostic::{Diagnostics, Severity};
use crate::Failure;
use std::path::Path;

/// The warnings of an edition that has no errors.
pub fn run(root: &Path, strict: bool) -> Result<Diagnostics, Failure> {
    let diagnostics = compile(root)?.diagnostics;
    if strict && !diagnostics.is_empty() {
        let mut promoted = Diagnostics::default();
        promoted.extend(diagnostics.into_iter().map(|mut d| {
            d.severity = Severity::Error;
            d
        }));
        return Err(Failure::Edition(promoted));
    }
    Ok(diagnostics)
}
