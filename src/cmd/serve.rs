//! `glossator serve`: a live preview. The edition is built in memory, served over HTTP on
//! this machine, and built again whenever `edition.yaml`, `content/`, `templates/` or
//! `themes/` change; the open pages that changed reload at the paragraph the reader was at.
//!
//! A failed build leaves the last good site up and puts its diagnostics over every page until
//! a build succeeds. Nothing is written anywhere unless `--output` asks for a copy of each good
//! build, written as `build` writes one. The server is in `serve/http.rs`, the rule from a
//! request's path to a file in `serve/site.rs`, what open pages are told in `serve/live.rs`.
//! This module runs the loop: watch, build, publish.

mod http;
mod live;
mod site;

use super::compile;
use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{self, Target};
use crate::Failure;
use http::Shared;
use notify::{EventKind, RecursiveMode, Watcher};
use rayon::prelude::*;
use site::{Body, Site};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The folders of an edition that a build reads, besides `edition.yaml`.
const WATCHED: [&str; 3] = ["content", "templates", "themes"];

/// How long the files must be quiet before a build: an editor's save is several writes
/// (a temporary file, a rename), and they should make one build, not three.
const QUIET: Duration = Duration::from_millis(40);
/// Files that never stop changing (a script writing in a loop) still get a build this often.
const QUIET_AT_MOST: Duration = Duration::from_millis(1000);

/// Threads answering requests; each open page's event stream has a thread of its own.
const WORKERS: usize = 8;

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 asks the system for a free port.
    pub port: u16,
    /// Open the preview in the default browser once it is up.
    pub open: bool,
    /// Also write each good build here, as `build --output` would.
    pub output: Option<PathBuf>,
}

/// What the preview reports as it goes, for the command line to print.
pub enum Progress<'a> {
    /// A good build is being served; `changed` counts the files it changed, none for the first.
    Built {
        pages: usize,
        files: usize,
        changed: Option<usize>,
        took: Duration,
        diagnostics: &'a Diagnostics,
    },
    /// A build failed; the last good site, if there is one, is still served.
    Failed {
        failure: &'a Failure,
        serving_previous: bool,
    },
    Listening {
        url: &'a str,
        /// Other machines can read the preview too (`--bind`).
        open_to_others: bool,
    },
    /// A good build was also written into `--output`.
    Wrote(&'a Path),
    /// Something went wrong beside the build (the watcher, the browser, `--output`).
    Trouble(String),
}

enum Message {
    Changed(Vec<PathBuf>),
    WatchFailed(String),
    Stop,
}

/// Serves the edition until Ctrl-C. Fails only at the start: when `root` is not an edition,
/// the output folder may not be written, or the address cannot be listened on.
pub fn run(options: &Options, mut progress: impl FnMut(Progress)) -> Result<(), Failure> {
    let usage = |message: String, help: &str| Failure::Usage {
        message,
        help: help.into(),
    };
    if let Some(output) = &options.output {
        // Refused before anything runs, as `build` refuses it; checked again at each write.
        Target::check(&options.root, output, false).map_err(|r| usage(r.message, &r.help))?;
    }
    let started = Instant::now();
    let first = build(&options.root);
    if let Err(failure @ Failure::Usage { .. }) = first {
        return Err(failure);
    }
    let root = options
        .root
        .canonicalize()
        .map_err(Failure::io(&options.root))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|e| {
        usage(
            format!("cannot listen on {address}: {e}"),
            "another program may be using the port: pass --port N, or --port 0 for a free one",
        )
    })?;
    let address = listener.local_addr().map_err(Failure::io(""))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map(Arc::new)
        .map_err(|e| {
            usage(
                format!("cannot serve on {address}: {e}"),
                "try another --port",
            )
        })?;
    let shared = Arc::new(Shared {
        site: RwLock::new(None),
        live: live::Live::default(),
        server: format!("{:x}", std::process::id() as u128 ^ unique_enough()),
        loopback_only: options.bind.is_loopback(),
    });
    let mut publisher = Publisher {
        root: &root,
        output: options.output.as_deref(),
        shared: &shared,
        generation: 0,
    };
    let (tx, rx) = mpsc::channel();
    let stop_tx = tx.clone();
    let pressed = AtomicBool::new(false);
    // The build's own handler exits at once; here a first Ctrl-C lets a write into --output
    // finish, and a second one exits at once.
    let _ = ctrlc::set_handler(move || {
        if pressed.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = stop_tx.send(Message::Stop);
    });
    publisher.publish(first, started.elapsed(), &mut progress);

    let watch_tx = tx.clone();
    let watch_root = root.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let message = match event {
            // A build reads the files it watches: reading is not a change, or it never ends.
            Ok(event) if matches!(event.kind, EventKind::Access(_)) => return,
            Ok(event) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| read_by_build(&watch_root, p))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Message::Changed(paths)
            }
            Err(e) => Message::WatchFailed(e.to_string()),
        };
        let _ = watch_tx.send(message);
    })
    .map_err(|e| {
        usage(
            format!("cannot watch {}: {e}", root.display()),
            "check the folder's permissions",
        )
    })?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            usage(
                format!("cannot watch {}: {e}", root.display()),
                "check the folder's permissions",
            )
        })?;
    let mut watched = BTreeSet::new();
    watch_folders(&root, &mut watcher, &mut watched, &[], &mut progress);

    for _ in 0..WORKERS {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                // A request that panics must not take its thread with it: the others queue.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    http::handle(&shared, request)
                }));
            }
        });
    }
    let url = match address.ip() {
        ip if ip.is_unspecified() => format!("http://localhost:{}/", address.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", address.port()),
    };
    progress(Progress::Listening {
        url: &url,
        open_to_others: !options.bind.is_loopback(),
    });
    if options.open {
        if let Err(e) = open_browser(&url) {
            progress(Progress::Trouble(format!(
                "cannot open a browser at {url}: {e}"
            )));
        }
    }

    while let Ok(first) = rx.recv() {
        let mut changed = Vec::new();
        let mut stop = false;
        let mut take = |message| match message {
            Message::Changed(paths) => changed.extend(paths),
            Message::WatchFailed(why) => {
                progress(Progress::Trouble(format!("watching the edition: {why}")));
                changed.push(root.join(CONFIG_FILE));
            }
            Message::Stop => stop = true,
        };
        take(first);
        // Wait for the files to be quiet: one build for one save.
        let started = Instant::now();
        while let Ok(message) = rx.recv_timeout(QUIET) {
            take(message);
            if started.elapsed() > QUIET_AT_MOST {
                break;
            }
        }
        if stop {
            break;
        }
        let changed: Vec<&Path> = changed.iter().map(PathBuf::as_path).collect();
        watch_folders(&root, &mut watcher, &mut watched, &changed, &mut progress);
        let started = Instant::now();
        let result = build(&root);
        publisher.publish(result, started.elapsed(), &mut progress);
    }
    Ok(())
}

/// Whether a changed path is one a build reads: `edition.yaml`, `i18n.yaml` or anything in the watched
/// folders. The output folder, `.git/` or an editor's files beside them are not.
fn read_by_build(root: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    inside == Path::new(CONFIG_FILE)
        || inside == Path::new(crate::i18n::I18N_FILE)
        || inside
            .components()
            .next()
            .is_some_and(|c| WATCHED.iter().any(|w| c.as_os_str() == *w))
}

/// Watches each folder of `WATCHED` that exists, including one made (or made again) since the
/// preview started, which the watch on the root reports as a change of its own path.
fn watch_folders(
    root: &Path,
    watcher: &mut impl Watcher,
    watched: &mut BTreeSet<PathBuf>,
    changed: &[&Path],
    progress: &mut impl FnMut(Progress),
) {
    for name in WATCHED {
        let dir = root.join(name);
        let renewed = changed.contains(&dir.as_path());
        if !dir.is_dir() {
            watched.remove(&dir);
            continue;
        }
        if watched.contains(&dir) && !renewed {
            continue;
        }
        let _ = watcher.unwatch(&dir);
        match watcher.watch(&dir, RecursiveMode::Recursive) {
            Ok(()) => {
                watched.insert(dir);
            }
            Err(e) => progress(Progress::Trouble(format!(
                "cannot watch {}: {e}; changes there need a restart",
                dir.display()
            ))),
        }
    }
}

/// One build in memory; a panic in it is a failed build, not the end of the preview.
fn build(root: &Path) -> Result<(super::Compiled, Option<String>), Failure> {
    let compiled = std::panic::catch_unwind(|| compile(root)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Failure::Tool {
            message: format!("the build stopped on an internal error: {what}"),
            help: "this is a bug in glossator; please report it with the edition that shows it"
                .into(),
        })
    })?;
    // 404.html links from base_url; the server rewrites those links to itself.
    let base_url = std::fs::read_to_string(root.join(CONFIG_FILE))
        .ok()
        .and_then(|text| Config::parse(&text, Path::new(CONFIG_FILE)).ok())
        .and_then(|c| c.base_url());
    Ok((compiled, base_url))
}

struct Publisher<'a> {
    root: &'a Path,
    output: Option<&'a Path>,
    shared: &'a Shared,
    generation: u64,
}

impl Publisher<'_> {
    fn publish(
        &mut self,
        result: Result<(super::Compiled, Option<String>), Failure>,
        took: Duration,
        progress: &mut impl FnMut(Progress),
    ) {
        let (compiled, base_url) = match result {
            Ok(built) => built,
            Err(failure) => {
                self.shared.live.failed(overlay_json(self.root, &failure));
                progress(Progress::Failed {
                    failure: &failure,
                    serving_previous: self.generation > 0,
                });
                return;
            }
        };
        self.generation += 1;
        let diagnostics = compiled.diagnostics.clone();
        let site = Arc::new(Site::new(self.generation, compiled, base_url));
        let old = self
            .shared
            .site
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .replace(site.clone());
        let changed = old.as_ref().map(|old| site.changes_since(old));
        let count = changed.as_ref().map(BTreeSet::len);
        // The new site is in place before any page is told to reload.
        self.shared
            .live
            .built(self.generation, old.is_none(), changed.unwrap_or_default());
        progress(Progress::Built {
            pages: site.pages(),
            files: site.len(),
            changed: count,
            took,
            diagnostics: &diagnostics,
        });
        if let Some(output) = self.output {
            match write_output(self.root, output, &site) {
                Ok(()) => progress(Progress::Wrote(output)),
                Err(failure) => progress(Progress::Trouble(format!(
                    "the site is served but was not written into {}: {}",
                    output.display(),
                    describe(&failure)
                ))),
            }
        }
    }
}

/// Writes a good build into `--output` as `build` does: minified, atomically, never over a
/// folder glossator did not make.
fn write_output(root: &Path, output: &Path, site: &Site) -> Result<(), Failure> {
    let target = Target::check(root, output, false).map_err(|r| Failure::Usage {
        message: r.message,
        help: r.help,
    })?;
    let files: Vec<(&str, &Body)> = site.files().collect();
    let made: Vec<(&str, Vec<u8>)> = files
        .par_iter()
        .filter_map(|(path, body)| match body {
            Body::Made(bytes) => Some((*path, bytes.to_vec())),
            Body::Copied(_) => None,
        })
        .collect();
    target.write_atomically(|dir: &Path| -> Result<(), Failure> {
        for (path, bytes) in &made {
            output::write_file(dir, Path::new(path), bytes)?;
        }
        for (path, body) in &files {
            if let Body::Copied(source) = body {
                output::copy_file(dir, Path::new(path), source)?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// A failure in one line, for the terminal's short reports.
pub fn describe(failure: &Failure) -> String {
    match failure {
        Failure::Edition(d) => format!("{} error(s)", d.error_count()),
        Failure::Usage { message, .. } | Failure::Tool { message, .. } => message.clone(),
        Failure::Io { path, error } => format!("{}: {error}", path.display()),
    }
}

/// The diagnostics of a failed build, as the overlay reads them.
fn overlay_json(root: &Path, failure: &Failure) -> String {
    let diagnostics: Vec<Diagnostic> = match failure {
        Failure::Edition(d) => d.iter().cloned().collect(),
        Failure::Usage { message, help } | Failure::Tool { message, help } => {
            vec![Diagnostic::error("", None, message.clone()).with_help(help.clone())]
        }
        Failure::Io { path, error } => vec![Diagnostic::error(path, None, error.to_string())],
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut sources = crate::diagnostic::Sources::new(root);
    let items: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let severity = if d.is_error() { "error" } else { "warning" };
            let file = d.file.display().to_string();
            let report = if file.is_empty() {
                String::new()
            } else {
                d.render_with(&mut sources)
            };
            format!(
                "{{\"severity\":\"{severity}\",\"file\":{},\"line\":{},\"message\":{},\"help\":{},\"report\":{}}}",
                live::json_string(&file),
                d.line.map_or("null".to_string(), |l| l.to_string()),
                live::json_string(&d.message),
                d.help.as_deref().map_or("null".to_string(), live::json_string),
                live::json_string(&report)
            )
        })
        .collect();
    format!(
        "{{\"errors\":{errors},\"diagnostics\":[{}]}}",
        items.join(",")
    )
}

fn unique_enough() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn open_browser(url: &str) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_of_what_a_build_reads_builds_again_and_nothing_else_does() {
        let root = Path::new("/e");
        for read in [
            "edition.yaml",
            "i18n.yaml",
            "content/essay/a.md",
            "templates/base.html",
        ] {
            assert!(read_by_build(root, &root.join(read)), "{read}");
        }
        for other in [
            "public/index.html",
            ".git/index",
            "notes.txt",
            "/elsewhere/x",
        ] {
            assert!(!read_by_build(root, &root.join(other)), "{other}");
        }
    }
}
