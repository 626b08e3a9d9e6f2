//! The commands, one file each; each composes the library's stages.

pub mod build;
pub mod check;
pub mod external;
pub mod new;
pub mod serve;
pub mod theme_export;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{self, LoadError};
use crate::render::theme;
use crate::render::{OutputFile, Renderer, Which};
use crate::{transform, Failure};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where `build --pdf` writes the PDF in the site; no file of `content/static/` may take it.
pub const PDF_FILE: &str = "edition.pdf";

/// The whole site in memory: every stage of a build but the writing.
pub struct Compiled {
    pub files: Vec<OutputFile>,
    /// Files of `content/static/` to copy: (path in the site, source file).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub diagnostics: Diagnostics,
    /// Every link to the web, with where it is written, for `check --external`.
    pub web_links: Vec<crate::markdown::links::WebLink>,
    /// What the PDF, when one is made, does not include.
    pub left_out_of_pdf: Vec<String>,
}

/// What a build that handed its files on as it made them has left to do and to say.
pub struct Streamed {
    /// Files of `content/static/` to copy: (path in the site, source file).
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub diagnostics: Diagnostics,
    pub web_links: Vec<crate::markdown::links::WebLink>,
    pub left_out_of_pdf: Vec<String>,
    /// The files made (paths in the site), and how many of them are pages.
    pub files: Vec<PathBuf>,
    pub pages: usize,
}

/// Where a build's files go as they are made: into memory, or into the folder that will be
/// swapped in. Called from every core at once.
pub trait Sink: Sync {
    fn file(&self, file: OutputFile) -> std::io::Result<()>;
    /// A file written by `write` as it is made, never held whole where the sink need not.
    fn stream(&self, path: &Path, write: &mut crate::output::WriteOut<'_>) -> std::io::Result<()>;
}

/// The files of a build in memory, each whole.
#[derive(Default)]
struct Memory(Mutex<Vec<OutputFile>>);

impl Sink for Memory {
    fn file(&self, file: OutputFile) -> std::io::Result<()> {
        self.0.lock().expect("no writer panics").push(file);
        Ok(())
    }

    fn stream(&self, path: &Path, write: &mut crate::output::WriteOut<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.file(OutputFile::new(path, bytes))
    }
}

pub fn compile(root: &Path) -> Result<Compiled, Failure> {
    compile_with(root, false, false)
}

/// The site in memory, with the draft pages when `drafts` (`build --drafts`), and the PDF with
/// its pages linking it when `pdf` (`build --pdf`) or the edition's `print.pdf` asks for it.
pub fn compile_with(root: &Path, drafts: bool, pdf: bool) -> Result<Compiled, Failure> {
    let files = Memory::default();
    let streamed = compile_into(root, drafts, pdf, |build| build(&files))?;
    let mut files = files.0.into_inner().expect("no writer panics");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Compiled {
        files,
        copies: streamed.copies,
        diagnostics: streamed.diagnostics,
        web_links: streamed.web_links,
        left_out_of_pdf: streamed.left_out_of_pdf,
    })
}

/// Below this much of the pages' HTML held at once, the search index is made beside the pages
/// rather than after them: this edition's pages hold 0.3 MB, ten thousand generated pages 86 MB.
const SEARCH_BESIDE_PAGES: usize = 4 << 20;

/// Every stage of a build, each file handed to a sink as soon as it is made. The edition is
/// read and checked first; only when it has no errors is `open` called, with the rest of the
/// build to run on the sink it chooses (`build` opens the fresh output folder there, so that an
/// edition with errors touches no disk). A problem found while the files are made (a template
/// that fails, a static file that clashes) is an error after some files went to the sink: the
/// build's folder is then dropped, as after any failure.
pub fn compile_into(
    root: &Path,
    drafts: bool,
    pdf: bool,
    open: impl FnOnce(&dyn Fn(&dyn Sink) -> Result<Streamed, Failure>) -> Result<Streamed, Failure>,
) -> Result<Streamed, Failure> {
    use crate::timings::stage;
    rayon::spawn(crate::cite::natural::prepare);
    let (mut edition, mut diags) =
        match stage("read the edition", || edition::load_with(root, drafts)) {
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
    let taken = edition.take_sources();
    let citing = transform::citing(&edition, &mut diags);
    // The theme is read and its templates compiled on another core while the edition is
    // transformed: they need only its configuration and its words. Their problems are reported
    // as they were when read after: only when the edition has none.
    let (transformed, themed) = rayon::join(
        || {
            stage("transform", || {
                transform::transform(&edition, taken, &citing, &mut diags)
            })
        },
        || {
            let theme = stage("read the theme", || {
                theme::load(root, &edition.config.theme)
            })
            .map_err(|d| vec![d])?;
            let renderer = stage("compile the templates", || {
                Renderer::new(&theme, &edition.strings)
            })?;
            Ok::<_, Vec<Diagnostic>>((theme, renderer))
        },
    );
    if diags.has_errors() {
        return Err(Failure::Edition(diags));
    }
    let (theme, renderer) = match themed {
        Ok(themed) => themed,
        Err(problems) => {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
    };
    let pdf = pdf || edition.config.print.pdf;
    let mut site = transformed.site;
    site.pdf = pdf;
    let linked = transformed.linked_files;
    let web_links = transformed.web_links;
    // A file beside the bodies is published when a body links to it.
    let (linked_assets, unlinked): (Vec<_>, Vec<_>) = edition
        .assets
        .iter()
        .partition(|a| linked.contains(&a.path.to_string_lossy().replace('\\', "/")));
    let to_copy: Vec<_> = edition.static_files.iter().chain(linked_assets).collect();
    // A theme file that content/static replaces is not written at all.
    let replaced: BTreeSet<&Path> = to_copy.iter().map(|f| f.path.as_path()).collect();
    let print_path = PathBuf::from(crate::route::Route::Print.file());
    let build = |sink: &dyn Sink| -> Result<Streamed, Failure> {
        let made = Mutex::new(Vec::<PathBuf>::new());
        let pages = AtomicUsize::new(0);
        let failed = Mutex::new(None::<std::io::Error>);
        let print_html = Mutex::new(None::<Vec<u8>>);
        // What every file made is counted and known by, before it goes to the sink.
        let made_one = |path: &Path| -> bool {
            if failed.lock().expect("no writer panics").is_some() {
                return false;
            }
            if path.extension().is_some_and(|e| e == "html") {
                pages.fetch_add(1, Ordering::Relaxed);
            }
            made.lock()
                .expect("no writer panics")
                .push(path.to_path_buf());
            true
        };
        let fail = |result: std::io::Result<()>| {
            if let Err(e) = result {
                failed.lock().expect("no writer panics").get_or_insert(e);
            }
        };
        let emit = |file: OutputFile| {
            if !made_one(&file.path) {
                return;
            }
            if pdf && file.path == print_path {
                *print_html.lock().expect("no writer panics") = Some(file.bytes.clone());
            }
            fail(sink.file(file));
        };
        let stream = |path: &str, write: &mut crate::output::WriteOut<'_>| {
            let path = Path::new(path);
            if !made_one(path) {
                return;
            }
            if pdf && path == print_path {
                // The PDF is typeset from the print document whole.
                let mut bytes = Vec::new();
                fail(write(&mut bytes).and_then(|()| {
                    *print_html.lock().expect("no writer panics") = Some(bytes.clone());
                    sink.file(OutputFile::new(path, bytes))
                }));
            } else {
                fail(sink.stream(path, write));
            }
        };
        let mut diags = Diagnostics::default();
        let check_io = |failed: &Mutex<Option<std::io::Error>>| match failed
            .lock()
            .expect("no writer panics")
            .take()
        {
            Some(error) => Err(Failure::Io {
                path: PathBuf::new(),
                error,
            }),
            None => Ok(()),
        };
        // The pages first: each lets its HTML go once rendered, before the search holds its
        // postings. Then the search index beside the print document: both only read the
        // site, and each has steps that one core does alone (the writing of the document; the
        // index's merge). The index's files go to the sink as they are made. A site whose
        // pages hold little HTML has no memory to spare by waiting, and its search is made
        // beside both passes.
        let render_pages = || {
            stage("render the pages", || {
                renderer.render_site(&site, &transformed.print, &emit, &stream, Which::Pages)
            })
        };
        let print = || {
            stage("the print document", || {
                renderer.render_site(&site, &transformed.print, &emit, &stream, Which::Print)?;
                let problems = transformed.print.problems();
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(problems)
                }
            })
        };
        let search = || {
            if edition.config.search {
                stage("the search index", || {
                    crate::search::build(&edition, &site, &|f| {
                        emit(OutputFile::new(f.path, f.text.into_bytes()))
                    })
                })
            }
        };
        let rendered = if site.held_html() < SEARCH_BESIDE_PAGES {
            rayon::join(|| render_pages().and_then(|()| print()), search).0
        } else {
            render_pages().and_then(|()| rayon::join(print, search).0)
        };
        if let Err(problems) = rendered {
            diags.extend(problems);
            return Err(Failure::Edition(diags));
        }
        check_io(&failed)?;
        let mut left_out_of_pdf = Vec::new();
        if pdf {
            let html = print_html.lock().expect("no writer panics").take();
            let html = String::from_utf8_lossy(html.as_deref().unwrap_or_default());
            let (bytes, left_out) = stage("the PDF", || {
                crate::typeset::pdf(&html, &edition.config, &edition.strings)
            })?;
            left_out_of_pdf = left_out;
            emit(OutputFile::new(PDF_FILE, bytes));
        }
        for (path, bytes) in &theme.static_files {
            let path = Path::new("static").join(path);
            if !replaced.contains(path.as_path()) {
                emit(OutputFile::new(path, bytes.clone()));
            }
        }
        if transformed.has_code && !replaced.contains(Path::new(HIGHLIGHT_CSS)) {
            emit(OutputFile::new(
                HIGHLIGHT_CSS,
                crate::markdown::highlight::stylesheet().into_bytes(),
            ));
        }
        check_io(&failed)?;
        let files = made.into_inner().expect("no writer panics");
        let mut copies = Vec::new();
        // What was made is only looked up for the files to copy beside it.
        let (made, made_folders) = if to_copy.is_empty() {
            Default::default()
        } else {
            let made: BTreeSet<&Path> = files.iter().map(|p| p.as_path()).collect();
            let folders: BTreeSet<&Path> = made
                .iter()
                .flat_map(|p| p.ancestors().skip(1))
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            (made, folders)
        };
        for file in &to_copy {
            match static_clash(&file.path, &made, &made_folders) {
                Some(why) => diags.push(
                    Diagnostic::error(&file.shown, None, why).with_help("rename or move the file"),
                ),
                None => copies.push((file.path.clone(), file.absolute.clone())),
            }
        }
        if diags.has_errors() {
            return Err(Failure::Edition(diags));
        }
        Ok(Streamed {
            copies,
            diagnostics: diags,
            web_links: Vec::new(),
            left_out_of_pdf,
            files,
            pages: pages.into_inner(),
        })
    };
    for file in unlinked {
        diags.push(
            Diagnostic::warning(
                &file.shown,
                None,
                "no page links to this file; it is not published",
            )
            .with_help("link to it from a body, or move it out of content/ if it is a draft"),
        );
    }
    let result = open(&build);
    // The site and the print document's maker hold most of what the build read: they are let
    // go on both cores, not on one while the other waits.
    rayon::join(
        move || crate::memory::let_go(site),
        move || crate::memory::let_go(transformed.print),
    );
    // And what the edition read, and what read it, the same way: each file's name, each
    // page's title and slug, each path a link could reach, freed one by one on this core.
    crate::memory::let_go((edition, citing, renderer, theme));
    match result {
        Ok(mut streamed) => {
            diags.extend(std::mem::take(&mut streamed.diagnostics));
            streamed.diagnostics = diags;
            streamed.web_links = web_links;
            Ok(streamed)
        }
        Err(Failure::Edition(found)) => {
            diags.extend(found);
            Err(Failure::Edition(diags))
        }
        Err(other) => Err(other),
    }
}

/// Where the stylesheet of highlighted code is written, when a body has code.
const HIGHLIGHT_CSS: &str = "static/highlight.css";

/// Why a file of `content/static/` cannot be copied to `path` in the site, if it cannot: it
/// would replace a page of the build, take the name of one of its folders or of the PDF, or sit
/// in a folder where the build writes a file. A theme's own static file may be replaced.
fn static_clash(path: &Path, made: &BTreeSet<&Path>, folders: &BTreeSet<&Path>) -> Option<String> {
    if path == Path::new(PDF_FILE) {
        return Some(format!(
            "would take the place of {PDF_FILE}, which `build --pdf` writes"
        ));
    }
    if made.contains(path) && !path.starts_with("static") {
        return Some(format!(
            "would overwrite the page {} that the build makes",
            path.display()
        ));
    }
    if folders.contains(path) {
        return Some(format!(
            "is a file where the build makes the folder {}/",
            path.display()
        ));
    }
    path.ancestors()
        .skip(1)
        .find(|a| made.contains(a))
        .map(|a| {
            format!(
                "would need a folder where the build writes the file {}",
                a.display()
            )
        })
}
