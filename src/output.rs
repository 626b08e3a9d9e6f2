//! Write: the site swapped in atomically, and never over anything glossator did not make.
//!
//! The site is written into a temporary folder beside the output and renamed into place only
//! when the whole build succeeded, so a failed build leaves the previous output as it was.
//! An output folder glossator made carries a manifest, the marker file, that lists every file
//! the build wrote; a rebuild replaces the folder only when it holds nothing else. Any other
//! non-empty folder is refused unless forced, and even then it is moved aside, never deleted.
//! Every path written goes through `SitePath`, which cannot leave the output folder.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The manifest that marks an output folder as glossator's own and lists what it wrote.
pub const MARKER: &str = ".glossator-output";

/// Set in a temporary folder while a build fills it: what a killed build leaves behind.
const BUILDING: &str = ".glossator-building";

const MARKER_HEADER: &str = "# This folder was made by glossator and is replaced on every build.\n\
# Do not edit it by hand: edit the edition's content/ and build again.\n\
# The files glossator wrote here, one a line:\n";

/// How many foreign files a refusal names.
const SHOWN_FOREIGN: usize = 10;

/// The longest name of one file or folder that file systems commonly take.
const MAX_SEGMENT: usize = 255;

/// A path inside the output folder: relative, with no empty, `.`, `..` or over-long segment
/// and no control character, so that joining it to the output folder stays inside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SitePath(PathBuf);

impl SitePath {
    pub fn new(path: &Path) -> Result<SitePath, String> {
        let text = path.to_string_lossy();
        if text.is_empty() {
            return Err("the path is empty".into());
        }
        if text.contains('\\') {
            return Err(format!("`{text}` holds a backslash"));
        }
        for segment in text.split('/') {
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(format!("`{text}` has an empty, `.` or `..` part"));
            }
            if segment.len() > MAX_SEGMENT {
                let start: String = text.chars().take(40).collect();
                return Err(format!(
                    "`{start}…` has a part longer than {MAX_SEGMENT} bytes"
                ));
            }
            if segment.chars().any(char::is_control) {
                return Err(format!(
                    "`{}` holds a control character",
                    text.escape_debug()
                ));
            }
        }
        if !path.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!("`{text}` is not a relative path"));
        }
        Ok(SitePath(path.to_path_buf()))
    }

    pub fn as_path(&self) -> &Path {
        &self.0
    }

    /// The path under the folder `dir`.
    pub fn under(&self, dir: &Path) -> PathBuf {
        dir.join(&self.0)
    }
}

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
    /// The previous output, when it could not be removed after the new one was in place.
    pub left_behind: Option<(PathBuf, String)>,
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
        for protected in ["content", "themes", "templates", crate::config::CONFIG_FILE] {
            // Both sides resolved: a symbolic link to the sources is the sources.
            let Ok(source) = resolve(&root.join(protected)) else {
                continue;
            };
            if path.starts_with(&source) || source.starts_with(&path) {
                return Err(Refusal {
                    message: format!(
                        "the output folder {} is or holds the edition's {protected}",
                        path.display()
                    ),
                    help: "choose an output folder outside content/, themes/ and templates/, e.g. public/"
                        .into(),
                });
            }
        }
        let existing = if fs::symlink_metadata(&path).is_err() {
            Existing::Nothing
        } else if !path.is_dir() {
            return Err(Refusal {
                message: format!("the output {} is a file, not a folder", path.display()),
                help: "choose another --output, or move the file away".into(),
            });
        } else if is_empty(&path) {
            Existing::Empty
        } else {
            match foreign_files(&path) {
                Ok(foreign) if foreign.is_empty() => Existing::Ours,
                _ if force => Existing::Foreign,
                Ok(foreign) => return Err(refuse_foreign(&path, &foreign)),
                Err(e) => {
                    return Err(Refusal {
                        message: format!("cannot read the output folder {}: {e}", path.display()),
                        help: "check its permissions, or choose another --output".into(),
                    })
                }
            }
        };
        Ok(Target { path, existing })
    }

    /// Writes a site with `fill` into a fresh folder and swaps it in. When `fill` fails, the
    /// fresh folder is removed and the previous output is untouched.
    pub fn write_atomically<E: From<io::Error>>(
        &self,
        fill: impl FnOnce(&Path) -> Result<(), E>,
    ) -> Result<Swapped, E> {
        self.write_listed(|dir| {
            fill(dir)?;
            Ok(files_in(dir)?)
        })
    }

    /// As `write_atomically`, where `fill` returns the files it wrote (paths in the folder):
    /// the manifest is written from that list, not by walking a folder of ten thousand
    /// folders again. A file missing from the list would be foreign to the next build,
    /// which refuses it; nothing is ever removed for being listed.
    pub fn write_listed<E: From<io::Error>>(
        &self,
        fill: impl FnOnce(&Path) -> Result<Vec<PathBuf>, E>,
    ) -> Result<Swapped, E> {
        let parent = self.path.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(at(parent))?;
        let name = self.name();
        remove_leftovers(parent, &name);
        let fresh = tempfile::Builder::new()
            .prefix(&format!(".{name}.glossator-new-"))
            .tempdir_in(parent)
            .map_err(at(parent))?;
        fs::write(fresh.path().join(BUILDING), MARKER_HEADER).map_err(at(fresh.path()))?;
        let _guard = InterruptGuard::register(fresh.path());
        let written = fill(fresh.path())?;
        fs::remove_file(fresh.path().join(BUILDING)).map_err(at(fresh.path()))?;
        write_manifest(fresh.path(), written).map_err(at(fresh.path()))?;
        let mut moved_aside = None;
        let mut old = None;
        match self.existing {
            Existing::Nothing => {}
            Existing::Empty => fs::remove_dir(&self.path).map_err(at(&self.path))?,
            Existing::Ours => {
                let aside = unused_sibling(&self.path, &format!(".{name}.glossator-old"));
                fs::rename(&self.path, &aside).map_err(at(&self.path))?;
                old = Some(aside);
            }
            Existing::Foreign => {
                let aside = unused_sibling(&self.path, &format!("{name}.before-glossator"));
                fs::rename(&self.path, &aside).map_err(at(&self.path))?;
                moved_aside = Some(aside);
            }
        }
        if let Err(e) = fs::rename(fresh.path(), &self.path) {
            // Put back what was there, so that a failed swap loses nothing.
            if let Some(previous) = old.as_ref().or(moved_aside.as_ref()) {
                let _ = fs::rename(previous, &self.path);
            }
            return Err(at(&self.path)(e).into());
        }
        let _ = fresh.keep();
        // The new site is in place: from here on nothing may report the build as failed.
        let left_behind = old.and_then(|old| remove_own(&old).err().map(|e| (old, e.to_string())));
        Ok(Swapped {
            path: self.path.clone(),
            moved_aside,
            left_behind,
        })
    }

    fn name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned())
    }
}

/// An I/O error that names the path it happened at.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// The files (and links and other non-folders) under `dir` that its manifest does not list;
/// everything, when it has no manifest.
fn foreign_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let manifest = match fs::read_to_string(dir.join(MARKER)) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    // A rebuild reads the manifest of every file it wrote before, thousands on a large site:
    // it is looked up by the manifest's own text, and the folder walked as it comes.
    let listed: std::collections::HashSet<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        // A name that is not Unicode was written to the manifest changed, and is not listed.
        let is_listed = rel.to_str().is_some_and(|r| listed.contains(r));
        if rel != Path::new(MARKER) && !is_listed {
            foreign.push(rel.to_path_buf());
        }
    }
    foreign.sort();
    Ok(foreign)
}

fn refuse_foreign(path: &Path, foreign: &[PathBuf]) -> Refusal {
    let mut names: Vec<String> = foreign
        .iter()
        .take(SHOWN_FOREIGN)
        .map(|p| p.display().to_string())
        .collect();
    if foreign.len() > SHOWN_FOREIGN {
        names.push(format!("and {} more", foreign.len() - SHOWN_FOREIGN));
    }
    let what = if path.join(MARKER).is_file() {
        "holds files glossator did not write"
    } else {
        "was not made by glossator, and it is not empty"
    };
    Refusal {
        message: format!(
            "the output folder {} {what}: {}",
            path.display(),
            names.join(", ")
        ),
        help: "move those files out of it, choose another --output, or pass --force to move \
               the whole folder aside (it is renamed, never deleted)"
            .into(),
    }
}

/// The files below `dir`, as paths in it.
fn files_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}

/// The manifest lists the files in the order of their paths, part by part: a folder's files
/// sorted by name, each folder's own where its name falls.
fn write_manifest(dir: &Path, files: Vec<PathBuf>) -> io::Result<()> {
    let mut lines: Vec<(Vec<u8>, String)> = files
        .iter()
        .map(|rel| {
            let line = rel.to_string_lossy().into_owned();
            (in_path_order(&line), line)
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut text = String::from(MARKER_HEADER);
    for (_, line) in &lines {
        text.push_str(line);
        text.push('\n');
    }
    // Ten thousand paths, most of them made on other cores, are freed here one by one.
    crate::memory::let_go((files, lines));
    fs::write(dir.join(MARKER), text)
}

/// A path's text as a key that sorts as paths do, part by part: each separator made the lowest
/// byte. Comparing `Path`s part by part took longer, for a site's ten thousand files, than
/// writing them; keys compare at once.
fn in_path_order(path: &str) -> Vec<u8> {
    path.bytes()
        .map(|b| match std::path::is_separator(char::from(b)) {
            true => 0,
            false => b,
        })
        .collect()
}

/// Removes a folder of glossator's own: only when its manifest lists everything in it.
fn remove_own(dir: &Path) -> io::Result<()> {
    let foreign = foreign_files(dir)?;
    if !foreign.is_empty() {
        return Err(io::Error::other(format!(
            "it holds files glossator did not write ({})",
            foreign[0].display()
        )));
    }
    // Each of the top folder's entries removed on every core: a large site is a folder
    // a page.
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// Removes what earlier builds of the output `name` left beside it: the temporary folder of
/// a killed build (it still carries `BUILDING`) and a previous output that could not be
/// removed. Anything else with such a name is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let new = format!(".{name}.glossator-new-");
    let old = format!(".{name}.glossator-old");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if file_name.starts_with(&new) && is_building(&path) {
            let _ = fs::remove_dir_all(&path);
        } else if file_name.starts_with(&old) && path.join(MARKER).is_file() {
            let _ = remove_own(&path);
        }
    }
}

fn is_building(dir: &Path) -> bool {
    fs::read_to_string(dir.join(BUILDING)).is_ok_and(|t| t == MARKER_HEADER)
}

/// The temporary folders being filled now, removed if the process is interrupted.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

struct InterruptGuard(PathBuf);

impl InterruptGuard {
    fn register(dir: &Path) -> InterruptGuard {
        if let Ok(mut list) = IN_PROGRESS.lock() {
            list.push(dir.to_path_buf());
        }
        InterruptGuard(dir.to_path_buf())
    }
}

impl Drop for InterruptGuard {
    fn drop(&mut self) {
        if let Ok(mut list) = IN_PROGRESS.lock() {
            list.retain(|d| d != &self.0);
        }
    }
}

/// On Ctrl-C or SIGTERM: removes the temporary folders of the builds under way, then exits
/// with the signal's conventional status. The previous output is untouched.
pub fn clean_up_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if let Ok(list) = IN_PROGRESS.lock() {
            for dir in list.iter().filter(|d| is_building(d)) {
                let _ = fs::remove_dir_all(dir);
            }
        }
        eprintln!("interrupted; the previous output is untouched");
        std::process::exit(130);
    });
}

fn unused_sibling(path: &Path, base: &str) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new("/"));
    let mut candidate = parent.join(base);
    let mut n = 1;
    while fs::symlink_metadata(&candidate).is_ok() {
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

/// Writes one file of the site below `dir`, creating its folders; a path that would leave
/// `dir` is refused.
pub fn write_file(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_in(&Folders::default(), dir, path, bytes)
}

/// The folders a build has made in its fresh folder, so that each is made once: thousands of
/// files share a folder (the search's), and making it again for each asked the system twice
/// (to make it, then whether what stood there was a folder).
#[derive(Default)]
pub struct Folders(Mutex<std::collections::HashSet<PathBuf>>);

impl Folders {
    fn make(&self, folder: &Path) -> io::Result<()> {
        // The set is not held while a folder is made, so that no other core waits on it.
        let made = || self.0.lock().unwrap_or_else(|p| p.into_inner());
        if made().contains(folder) {
            return Ok(());
        }
        fs::create_dir_all(folder).map_err(at(folder))?;
        made().insert(folder.to_path_buf());
        Ok(())
    }

    /// Where the site's file `path` goes below `dir`, its folder made; a path that would
    /// leave `dir` is refused.
    fn place(&self, dir: &Path, path: &Path) -> io::Result<PathBuf> {
        let target = SitePath::new(path)
            .map_err(|why| io::Error::new(io::ErrorKind::InvalidInput, why))?
            .under(dir);
        if let Some(parent) = target.parent() {
            self.make(parent)?;
        }
        Ok(target)
    }
}

/// `write_file`, making only the folders not made yet.
pub fn write_file_in(folders: &Folders, dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = folders.place(dir, path)?;
    fs::write(&target, bytes).map_err(at(&target))
}

/// Where a file made piece by piece is written: `Send`, so that the next piece can be made on
/// another core while one is written.
pub type Out = dyn io::Write + Send;

/// What writes a file piece by piece into an `Out`.
pub type WriteOut<'w> = dyn FnMut(&mut Out) -> io::Result<()> + 'w;

/// Writes a file as `write` makes it, through a buffer, where `write_file_in` would write it.
pub fn write_streamed(
    folders: &Folders,
    dir: &Path,
    path: &Path,
    write: &mut WriteOut<'_>,
) -> io::Result<()> {
    use std::io::Write;
    let target = folders.place(dir, path)?;
    let file = fs::File::create(&target).map_err(at(&target))?;
    let mut out = io::BufWriter::with_capacity(1 << 16, file);
    write(&mut out).map_err(at(&target))?;
    out.flush().map_err(at(&target))
}

/// Copies a file into the site below `dir`, as `write_file` writes one.
pub fn copy_file(dir: &Path, path: &Path, from: &Path) -> io::Result<()> {
    let target = Folders::default().place(dir, path)?;
    fs::copy(from, &target).map(|_| ()).map_err(at(&target))
}

/// Minifies a page when the `minify` feature is built in; otherwise returns it as it is.
pub fn minify(html: Vec<u8>) -> Vec<u8> {
    #[cfg(feature = "minify")]
    {
        let cfg = minify_html::Cfg {
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            minify_css: false,
            minify_js: false,
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
    fn the_manifest_lists_files_in_the_order_of_their_paths_part_by_part() {
        let dir = tempfile::tempdir().unwrap();
        // `a-b` sorts before `a/b` as text, after it part by part (`a` comes before `a-b`).
        let written: Vec<PathBuf> = ["a-b", "a/b", "a.b/c", "a/b", "ab", "a/b/c", "a", "b/a-b"]
            .iter()
            .map(|p| p.split('/').collect())
            .collect();
        write_manifest(dir.path(), written.clone()).unwrap();
        let text = fs::read_to_string(dir.path().join(MARKER)).unwrap();
        let listed: Vec<&str> = text.strip_prefix(MARKER_HEADER).unwrap().lines().collect();
        let mut expected = written;
        expected.sort();
        expected.dedup();
        let expected: Vec<String> = expected
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(listed, expected);
        assert_eq!(
            listed,
            ["a", "a/b", "a/b/c", "a-b", "a.b/c", "ab", "b/a-b"].map(|p| p
                .split('/')
                .collect::<PathBuf>()
                .to_string_lossy()
                .into_owned())
        );
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
            refusal.message.contains("not made by glossator")
                && refusal.message.contains("precious.txt"),
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

    #[test]
    fn a_bare_marker_is_not_trusted() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(MARKER), "").unwrap();
        fs::write(out.join("thesis.docx"), "mine").unwrap();
        let refusal = Target::check(root.path(), &out, false).unwrap_err();
        assert!(
            refusal.message.contains("thesis.docx"),
            "{}",
            refusal.message
        );
        assert_eq!(fs::read_to_string(out.join("thesis.docx")).unwrap(), "mine");
    }

    #[test]
    fn a_file_added_to_our_output_makes_it_foreign() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let build = || {
            Target::check(root.path(), &out, false).map(|t| {
                t.write_atomically(|dir| write_file(dir, Path::new("a/index.html"), b"x"))
                    .map_err(|e: io::Error| e)
                    .unwrap()
            })
        };
        build().unwrap();
        build().unwrap();
        fs::write(out.join("a/notes.txt"), "mine").unwrap();
        let refusal = build().unwrap_err();
        assert!(
            refusal.message.contains("a/notes.txt"),
            "{}",
            refusal.message
        );
        assert!(out.join("a/notes.txt").is_file());
    }

    #[test]
    fn symlinked_sources_are_protected() {
        let root = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let real = elsewhere.path().join("content");
        fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, root.path().join("content")).unwrap();
        for out in [
            real.join("public"),
            real.clone(),
            root.path().join("content/x"),
        ] {
            assert!(
                Target::check(root.path(), &out, true).is_err(),
                "{} must be refused",
                out.display()
            );
        }
        // An output that holds the real sources through a link is refused too.
        let outside = tempfile::tempdir().unwrap();
        let sources = outside.path().join("site/content");
        fs::create_dir_all(&sources).unwrap();
        let root2 = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&sources, root2.path().join("content")).unwrap();
        assert!(Target::check(root2.path(), &outside.path().join("site"), true).is_err());
    }

    #[test]
    fn what_a_killed_build_left_is_removed_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let killed = root.path().join(".public.glossator-new-abc");
        fs::create_dir(&killed).unwrap();
        fs::write(killed.join(BUILDING), MARKER_HEADER).unwrap();
        fs::write(killed.join("index.html"), "half").unwrap();
        let lookalike = root.path().join(".public.glossator-new-mine");
        fs::create_dir(&lookalike).unwrap();
        fs::write(lookalike.join("keep.txt"), "mine").unwrap();
        let out = root.path().join("public");
        Target::check(root.path(), &out, false)
            .unwrap()
            .write_atomically(|dir| write_file(dir, Path::new("index.html"), b"x"))
            .map_err(|e: io::Error| e)
            .unwrap();
        assert!(!killed.exists());
        assert!(lookalike.join("keep.txt").is_file());
        assert!(!out.join(BUILDING).exists());
    }

    #[test]
    fn site_paths_stay_inside() {
        for bad in [
            "",
            "/index.html",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a\\b",
            "a\nb",
        ] {
            assert!(SitePath::new(Path::new(bad)).is_err(), "{bad:?}");
        }
        let long = format!("{}/index.html", "a".repeat(MAX_SEGMENT + 1));
        assert!(SitePath::new(Path::new(&long)).is_err());
        assert!(SitePath::new(Path::new("essay/a/index.html")).is_ok());
        let dir = tempfile::tempdir().unwrap();
        assert!(write_file(dir.path(), Path::new("/index.html"), b"x").is_err());
        assert!(write_file(dir.path(), Path::new("notes//index.html"), b"x").is_err());
    }

    #[test]
    fn an_old_output_that_cannot_be_removed_is_reported_not_a_failure() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let write = |late: bool| {
            Target::check(root.path(), &out, false)
                .unwrap()
                .write_atomically(|dir| {
                    if late {
                        // Someone saves a file into the old output while the build runs.
                        fs::write(out.join("late.txt"), "mine")?;
                    }
                    write_file(dir, Path::new("index.html"), b"x")
                })
                .map_err(|e: io::Error| e)
                .unwrap()
        };
        assert_eq!(write(false).left_behind, None);
        let swapped = write(true);
        let (old, why) = swapped.left_behind.expect("the old output is left");
        assert!(why.contains("late.txt"), "{why}");
        assert_eq!(fs::read_to_string(old.join("late.txt")).unwrap(), "mine");
        assert!(out.join("index.html").is_file());
    }
}
