//! `glossator check`: every validation of a build, templates rendered in memory, nothing
//! written. With `strict`, a warning fails the check as an error would.

use super::compile;
use crate::diagnostic::{Diagnostics, Severity};
use crate::Failure;
use std::path::Path;

/// The warnings of an edition that has no errors.
pub fn run(root: &Path, strict: bool) -> Result<Diagnostics, Failure> {
    run_with(root, strict, None)
}

/// The check, and with `external` every web address asked too (`check --external`): a dead
/// one is an error at each place it is written.
pub fn run_with(
    root: &Path,
    strict: bool,
    external: Option<&super::external::Options>,
) -> Result<Diagnostics, Failure> {
    let compiled = compile(root)?;
    let mut diagnostics = compiled.diagnostics;
    if let Some(options) = external {
        let found = super::external::check(root, &compiled.web_links, options).map_err(|e| {
            Failure::Io {
                path: root.join(super::external::CACHE_FILE),
                error: e,
            }
        })?;
        diagnostics.extend(found);
        if diagnostics.has_errors() {
            return Err(Failure::Edition(diagnostics));
        }
    }
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
