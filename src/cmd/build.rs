//! `glossator build`: compile the edition and write the site atomically.

use crate::diagnostic::Diagnostics;
use crate::output::{self, Swapped, Target};
use crate::Failure;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct Options {
    pub root: PathBuf,
    /// Defaults to `public/` in the edition.
    pub output: Option<PathBuf>,
    /// Replace a non-empty folder glossator did not make (it is moved aside).
    pub force: bool,
    /// Also make `edition.pdf`, the print edition typeset by Typst.
    pub pdf: bool,
    /// Build the pages marked `draft: true` too.
    pub drafts: bool,
    /// Minify the HTML (`--minify`): it saves about 2% of the bytes (0.5% once gzipped, as
    /// hosts serve them) and costs about a third of a build's time, so it is not the default.
    pub minify: bool,
}

pub struct Report {
    pub swapped: Swapped,
    pub pages: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    /// What the PDF does not include because it lies outside the site.
    pub left_out_of_pdf: Vec<String>,
}

pub fn run(options: &Options) -> Result<Report, Failure> {
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // Refuse a dangerous output before spending time on the build.
    let target =
        Target::check(&options.root, &output, options.force).map_err(|r| Failure::Usage {
            message: r.message,
            help: r.help,
        })?;
    let compiled = super::compile_with(&options.root, options.drafts, options.pdf)?;
    let left_out = compiled.left_out_of_pdf;
    let pages = compiled
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .count();
    let files: Vec<(PathBuf, Vec<u8>)> = crate::timings::stage("minify", || {
        compiled
            .files
            .into_par_iter()
            .map(|f| {
                let bytes = if options.minify && f.path.extension().is_some_and(|e| e == "html") {
                    output::minify(f.bytes)
                } else {
                    f.bytes
                };
                (f.path, bytes)
            })
            .collect()
    });
    let count = files.len() + compiled.copies.len();
    let swapped = crate::timings::stage("write and swap in", || {
        target.write_atomically(|dir: &Path| -> Result<(), Failure> {
            for (path, bytes) in &files {
                output::write_file(dir, path, bytes)?;
            }
            for (path, source) in &compiled.copies {
                output::copy_file(dir, path, source)?;
            }
            pause_for_tests();
            Ok(())
        })
    })?;
    Ok(Report {
        swapped,
        pages,
        files: count,
        diagnostics: compiled.diagnostics,
        left_out_of_pdf: left_out,
    })
}

/// The tests of interrupted builds stop a build here, its site written in its temporary folder
/// and not yet swapped in: with `GLOSSATOR_TEST_PAUSE` set, a debug build marks the pause by
/// creating that file and waits. A release build has no such seam.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(mark) = std::env::var_os("GLOSSATOR_TEST_PAUSE") {
        let _ = std::fs::write(mark, b"");
        std::thread::sleep(std::time::Duration::from_secs(30));
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io {
            path: PathBuf::new(),
            error,
        }
    }
}
