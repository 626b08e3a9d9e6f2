//! Helpers shared by the integration tests: fixture editions copied to temporary folders,
//! snapshots of output trees, and the essay's text read back from built pages.
#![allow(dead_code)]

use scraper::{ElementRef, Html, Node, Selector};
use std::fs;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The glossator binary this test run built.
pub fn glossator() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("glossator").unwrap()
}

/// `glossator build` of `root` into `out`, for the test to assert on.
pub fn build(root: &Path, out: &Path) -> assert_cmd::assert::Assert {
    glossator()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .assert()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a fixture edition into a fresh temporary folder, so tests never write into the repo.
pub fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join(name);
    copy_dir(&fixture(name), &root);
    (tmp, root)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = WalkDir::new(dir)
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

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The text of `<article class="essay">` without the elements the build added
/// (`data-apparatus`), as FORMAT.md defines the essay's text. Block boundaries become line
/// breaks so that words of neighbouring paragraphs never run together.
pub fn essay_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let article = Selector::parse("article.essay").unwrap();
    let mut text = String::new();
    for a in doc.select(&article) {
        collect_text(a, &mut text);
    }
    text
}

fn collect_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.attr("data-apparatus").is_some() => {}
            Node::Element(e) => {
                let child = ElementRef::wrap(child).unwrap();
                collect_text(child, out);
                if matches!(e.name(), "p" | "blockquote" | "h1" | "h2" | "h3" | "li") {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// The text of an element as it is seen, without what only screen readers are told
/// (`.visually-hidden`: the section a back-link leads to, the name of a toggle).
pub fn visible_text(element: ElementRef<'_>) -> String {
    let mut text = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.classes().any(|c| c == "visually-hidden") => {}
            Node::Element(_) => text.push_str(&visible_text(ElementRef::wrap(child).unwrap())),
            _ => {}
        }
    }
    text
}

/// Folds white space runs to one space and straight and typographic quotes to one form:
/// the only differences the essay's Markdown form may make to the author's text.
pub fn fold(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '\'' => '\'',
            '“' | '”' | '"' => '"',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks that every element of an HTML fragment is closed, in order: the nesting the weave
/// must keep whatever its spans cross. Returns the first problem found.
pub fn well_formed(html: &str) -> Result<(), String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            rest = &after[end + 3..];
            continue;
        }
        // Find the end of the tag, skipping '>' inside quoted attribute values.
        let mut quote = None;
        let mut end = None;
        for (i, c) in rest.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let end =
            end.ok_or_else(|| format!("unterminated tag at: {}", &rest[..rest.len().min(40)]))?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("</{name}> closes <{open}>")),
                None => return Err(format!("</{name}> closes nothing")),
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_ascii_lowercase();
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push(name);
        }
    }
    match stack.pop() {
        Some(open) => Err(format!("<{open}> is never closed")),
        None => Ok(()),
    }
}

/// A failure in words, for a test's panic message.
pub fn describe(f: glossator::Failure) -> String {
    use glossator::Failure;
    match f {
        Failure::Edition(d) => d
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        Failure::Usage { message, .. } | Failure::Tool { message, .. } => message,
        Failure::Io { error, .. } => error.to_string(),
    }
}
