//! The served site: one good build held in memory, the rule that maps a request's path to one
//! of its files, and what changed from the build before.
//!
//! Nothing here touches the file system by a request's path: a path is only ever a key into
//! the build's own list of files, so `..`, encoded separators or symbolic links cannot reach
//! anything the build did not make. This is not the HTTP layer: see `http.rs`.

use crate::cmd::Compiled;
use crate::output::SitePath;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The page a host shows for any address that has none.
pub const NOT_FOUND: &str = "404.html";

/// A file of the site.
#[derive(Clone)]
pub enum Body {
    /// Made by the build, held in memory.
    Made(Arc<Vec<u8>>),
    /// A file of `content/static/`, read when asked for, as the build copies it.
    Copied(PathBuf),
}

/// One good build, as served.
pub struct Site {
    /// Counts good builds from 1; a page carries the one it was served from.
    pub generation: u64,
    files: HashMap<String, Body>,
    /// What a copied file was at build time, so that a rebuild sees it change.
    copied_stamps: HashMap<String, (u64, Option<SystemTime>)>,
    /// The edition's `base_url`, which `404.html` links from.
    pub base_url: Option<String>,
}

impl Site {
    pub fn new(generation: u64, compiled: Compiled, base_url: Option<String>) -> Site {
        let mut files = HashMap::new();
        let mut copied_stamps = HashMap::new();
        for file in compiled.files {
            files.insert(key(&file.path), Body::Made(Arc::new(file.bytes)));
        }
        for (path, source) in compiled.copies {
            let stamp = std::fs::metadata(&source)
                .map(|m| (m.len(), m.modified().ok()))
                .unwrap_or((0, None));
            copied_stamps.insert(key(&path), stamp);
            files.insert(key(&path), Body::Copied(source));
        }
        Site {
            generation,
            files,
            copied_stamps,
            base_url,
        }
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &Body)> {
        self.files.iter().map(|(p, b)| (p.as_str(), b))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn pages(&self) -> usize {
        self.files.keys().filter(|p| p.ends_with(".html")).count()
    }

    /// The files added, removed or changed since `old`.
    pub fn changes_since(&self, old: &Site) -> BTreeSet<String> {
        let mut changed: BTreeSet<String> = old
            .files
            .keys()
            .filter(|p| !self.files.contains_key(*p))
            .cloned()
            .collect();
        for (path, body) in &self.files {
            let same = match (body, old.files.get(path)) {
                (Body::Made(new), Some(Body::Made(old))) => new == old,
                (Body::Copied(new), Some(Body::Copied(was))) => {
                    new == was && self.copied_stamps.get(path) == old.copied_stamps.get(path)
                }
                _ => false,
            };
            if !same {
                changed.insert(path.clone());
            }
        }
        changed
    }
}

/// Site paths always use `/`, whatever the platform.
fn key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a request's path asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Wanted {
    /// The site path it names, `index.html` added for a folder.
    pub path: String,
    /// The request named a folder (`/`, `/essay/x/`).
    pub folder: bool,
}

/// Why a request's path names nothing a site could hold. Browsers never send these: they
/// resolve `..` and `.` themselves and encode what a path cannot hold.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub &'static str);

/// The site path that the request target `target` names, by the rules `SitePath` writes by:
/// the path is percent-decoded once, segment by segment, and refused if a segment is `.`,
/// `..` or empty, holds an encoded `/`, a backslash or a control character, or is not UTF-8.
pub fn wanted(target: &str) -> Result<Wanted, BadPath> {
    let path = path_part(target);
    let Some(rest) = path.strip_prefix('/') else {
        return Err(BadPath("the path does not start with /"));
    };
    let folder = rest.is_empty() || rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for raw in rest.split('/') {
            let segment = percent_decode(raw)?;
            if segment.is_empty() || segment == "." || segment == ".." {
                return Err(BadPath("the path has an empty, . or .. part"));
            }
            if segment.contains('/') || segment.contains('\\') {
                return Err(BadPath("the path holds an encoded / or a backslash"));
            }
            if segment.chars().any(char::is_control) {
                return Err(BadPath("the path holds a control character"));
            }
            segments.push(segment);
        }
    }
    if folder {
        segments.push("index.html".into());
    }
    let path = segments.join("/");
    SitePath::new(Path::new(&path))
        .map_err(|_| BadPath("the path cannot name a file of a site"))?;
    Ok(Wanted { path, folder })
}

/// The path of a request target, without query or fragment; the scheme and host of an
/// absolute-form target (`http://host/path`) are dropped, as HTTP/1.1 asks servers to accept it.
pub fn path_part(target: &str) -> &str {
    let end = target.find(['?', '#']).unwrap_or(target.len());
    let target = &target[..end];
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    for scheme in ["http://", "https://"] {
        if lower.starts_with(scheme) {
            let after = &target[scheme.len()..];
            return after.find('/').map_or("/", |i| &after[i..]);
        }
    }
    target
}

/// Decodes `%XX` escapes; a malformed escape or bytes that are not UTF-8 are refused, not
/// passed through, so that no second decoding elsewhere can read the path differently.
pub fn percent_decode(text: &str) -> Result<String, BadPath> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(BadPath("the path has a malformed % escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadPath("the path is not UTF-8"))
}

/// The media type a file is served with, by its name; what is not known is served as bytes
/// to download, never sniffed.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A strong validator for a body: equal bytes, equal tag, across restarts too.
pub fn etag(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}-{}\"", hasher.finish(), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn ok(target: &str) -> String {
        wanted(target)
            .unwrap_or_else(|e| panic!("{target}: {e:?}"))
            .path
    }

    #[test]
    fn paths_name_files_and_folders() {
        assert_eq!(ok("/"), "index.html");
        assert_eq!(ok("/essay/a/"), "essay/a/index.html");
        assert_eq!(ok("/essay/a/index.html?x=1#p3"), "essay/a/index.html");
        assert_eq!(ok("/static/glossator.css"), "static/glossator.css");
        assert_eq!(ok("/caf%C3%A9/"), "café/index.html");
        assert_eq!(ok("http://localhost:1/essay/"), "essay/index.html");
        assert_eq!(ok("HTTP://localhost:1"), "index.html");
        assert!(wanted("/essay").is_ok_and(|w| !w.folder));
        assert!(wanted("/essay/").is_ok_and(|w| w.folder));
    }

    #[test]
    fn nothing_leaves_the_site() {
        for bad in [
            "/..",
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/%2e%2e%2fetc%2fpasswd",
            "/..%2f..%2fetc/passwd",
            "/a%2fb",
            "/a%5cb",
            "/..\\..\\etc\\passwd",
            "/a\\b",
            "/%5c..%5c..%5cetc",
            "/./index.html",
            "//etc/passwd",
            "/a//b",
            "/a%00b",
            "/a%0ab",
            "/%",
            "/%zz",
            "/%c3",
            "/%ff",
            "*",
            "",
            "etc/passwd",
            "http://h/../x",
        ] {
            assert!(wanted(bad).is_err(), "{bad:?} is refused");
        }
        // Decoded once: a double-encoded dot is a name with a % in it, which no build makes.
        assert_eq!(ok("/%252e%252e/x"), "%2e%2e/x");
        let long = format!("/{}", "a".repeat(300));
        assert!(wanted(&long).is_err());
    }

    #[test]
    fn types_by_name() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("static/fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    fn compiled(files: &[(&str, &str)]) -> Compiled {
        Compiled {
            files: files
                .iter()
                .map(|(p, b)| OutputFile::new(p, b.as_bytes().to_vec()))
                .collect(),
            copies: Vec::new(),
            web_links: Vec::new(),
            left_out_of_pdf: Vec::new(),
            diagnostics: Default::default(),
        }
    }

    #[test]
    fn changes_are_added_removed_and_changed_files() {
        let old = Site::new(
            1,
            compiled(&[("a.html", "1"), ("b.html", "1"), ("c.css", "1")]),
            None,
        );
        let new = Site::new(
            2,
            compiled(&[("a.html", "1"), ("b.html", "2"), ("d.html", "1")]),
            None,
        );
        let changed: Vec<_> = new.changes_since(&old).into_iter().collect();
        assert_eq!(changed, ["b.html", "c.css", "d.html"]);
        assert!(new.changes_since(&new).is_empty());
    }
}
