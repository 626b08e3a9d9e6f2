//! `glossator build`: compile the edition and write the site atomically.

use crate::diagnostic::Diagnostics;
use crate::output::{self, Swapped, Target};
use crate::Failure;
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
    // The files go straight into the fresh folder as they are made, on every core, so that
    // the site is never held in memory whole; the folder is swapped in only when all is well.
    let mut swapped = None;
    let streamed = super::compile_into(&options.root, options.drafts, options.pdf, |build| {
        let mut streamed = None;
        let done = crate::timings::stage("write and swap in", || {
            target.write_listed(|dir: &Path| -> Result<Vec<PathBuf>, Failure> {
                let made = build(&Folder {
                    dir,
                    minify: options.minify,
                    folders: Default::default(),
                })?;
                for (path, source) in &made.copies {
                    output::copy_file(dir, path, source)?;
                }
                pause_for_tests();
                // Every file the build made went to the folder, and every copy.
                let written = made.files.iter().chain(made.copies.iter().map(|(p, _)| p));
                let written = written.cloned().collect();
                streamed = Some(made);
                Ok(written)
            })
        })?;
        swapped = Some(done);
        Ok(streamed.expect("a successful fill made the site"))
    })?;
    let swapped = swapped.expect("a successful build swapped its site in");
    let left_out = streamed.left_out_of_pdf;
    let pages = streamed.pages;
    let count = streamed.files.len() + streamed.copies.len();
    crate::memory::let_go(streamed.files);
    Ok(Report {
        swapped,
        pages,
        files: count,
        diagnostics: streamed.diagnostics,
        left_out_of_pdf: left_out,
    })
}

/// The fresh folder of a build, its pages minified when `--minify` asks.
struct Folder<'a> {
    dir: &'a Path,
    minify: bool,
    folders: output::Folders,
}

impl Folder<'_> {
    fn minified(&self, path: &Path) -> bool {
        self.minify && path.extension().is_some_and(|e| e == "html")
    }
}

impl super::Sink for Folder<'_> {
    fn file(&self, file: crate::render::OutputFile) -> std::io::Result<()> {
        if self.minified(&file.path) {
            output::write_file_in(
                &self.folders,
                self.dir,
                &file.path,
                &output::minify(file.bytes),
            )
        } else {
            output::write_file_in(&self.folders, self.dir, &file.path, &file.bytes)
        }
    }

    fn stream(&self, path: &Path, write: &mut output::WriteOut<'_>) -> std::io::Result<()> {
        if self.minified(path) {
            // Minifying reads the page whole.
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            output::write_file_in(&self.folders, self.dir, path, &output::minify(bytes))
        } else {
            output::write_streamed(&self.folders, self.dir, path, write)
        }
    }
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
