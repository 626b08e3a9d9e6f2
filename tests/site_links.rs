//! The whole built site, checked as a reader's browser would follow it: on every page no id is
//! given twice, every id that an attribute names (`aria-describedby`, `aria-controls`,
//! `aria-labelledby`, `for`) is on the page, and every internal link and resource resolves to
//! a file of the site and, with a fragment, to an id on that page. Run over this edition,
//! every fixture edition and the starter of `glossator new`.

mod common;

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The site's pages parsed, by site path, and the paths of every file it has.
struct Site {
    pages: BTreeMap<String, Html>,
    files: BTreeSet<String>,
}

fn compile(root: &Path) -> Site {
    let compiled = glossator::cmd::compile(root)
        .unwrap_or_else(|f| panic!("{} compiles: {}", root.display(), common::describe(f)));
    let mut files: BTreeSet<String> = compiled
        .files
        .iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .collect();
    files.extend(
        compiled
            .copies
            .iter()
            .map(|(p, _)| p.to_string_lossy().into_owned()),
    );
    let pages = compiled
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "html"))
        .map(|f| {
            (
                f.path.to_string_lossy().into_owned(),
                Html::parse_document(std::str::from_utf8(&f.bytes).unwrap()),
            )
        })
        .collect();
    Site { pages, files }
}

/// `href` of the page at `from`, as a site path and a fragment; `None` for other sites.
fn resolve(from: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.is_empty() || href.contains("://") || href.starts_with("mailto:") {
        return None;
    }
    if href.starts_with("data:") || href.starts_with("tel:") || href.starts_with("javascript:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some((from.to_string(), fragment));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut target = parts.join("/");
    if target.is_empty() || path.ends_with('/') {
        target = format!(
            "{target}{}index.html",
            if target.is_empty() { "" } else { "/" }
        );
    }
    Some((target, fragment))
}

fn problems(site: &Site) -> Vec<String> {
    let all = Selector::parse("[id]").unwrap();
    let linking = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let referring =
        Selector::parse("[aria-describedby], [aria-controls], [aria-labelledby], label[for]")
            .unwrap();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut found = Vec::new();
    for (path, page) in &site.pages {
        let mut seen = BTreeSet::new();
        for e in page.select(&all) {
            let id = e.attr("id").unwrap().to_string();
            if !seen.insert(id.clone()) {
                found.push(format!("{path}: the id `{id}` is given twice"));
            }
        }
        ids.insert(path, seen);
    }
    for (path, page) in &site.pages {
        if path == "404.html" {
            continue; // served at any address: it links from the published root, or from /
        }
        let own = &ids[path.as_str()];
        for e in page.select(&referring) {
            for attr in [
                "aria-describedby",
                "aria-controls",
                "aria-labelledby",
                "for",
            ] {
                for id in e.attr(attr).unwrap_or("").split_whitespace() {
                    if !own.contains(id) {
                        found.push(format!(
                            "{path}: {attr} names `{id}`, which is not on the page"
                        ));
                    }
                }
            }
        }
        for e in page.select(&linking) {
            let href = e.attr("href").or_else(|| e.attr("src")).unwrap();
            let Some((target, fragment)) = resolve(path, href) else {
                continue;
            };
            if !site.files.contains(&target) {
                found.push(format!(
                    "{path}: `{href}` leads to {target}, which is not in the site"
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let there = ids.get(target.as_str());
                if there.is_some_and(|t| !t.contains(&fragment)) {
                    found.push(format!("{path}: `{href}`: {target} has no id `{fragment}`"));
                }
            }
        }
    }
    found
}

fn assert_sound(root: &Path) {
    let site = compile(root);
    assert!(site.pages.len() > 3, "{}: pages were built", root.display());
    let found = problems(&site);
    assert!(
        found.is_empty(),
        "{}: {} problems:\n{}",
        root.display(),
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_edition_has_no_duplicate_id_and_no_dead_internal_link() {
    assert_sound(&common::repo_root());
}

#[test]
fn every_fixture_edition_has_no_duplicate_id_and_no_dead_internal_link() {
    let fixtures = common::repo_root().join("tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        let root: PathBuf = entry.path();
        // Fixtures that are meant to fail to build are tested elsewhere.
        if !root.join("edition.yaml").is_file() || root.ends_with("broken-link") {
            continue;
        }
        assert_sound(&root);
        checked += 1;
    }
    assert!(checked >= 4, "{checked} fixtures checked");
}

#[test]
fn the_starters_have_no_duplicate_id_and_no_dead_internal_link() {
    for course in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("starter");
        glossator::cmd::new::run(&root, course)
            .unwrap_or_else(|f| panic!("{}", common::describe(f)));
        assert_sound(&root);
    }
}

#[test]
fn the_resolver_of_this_test_follows_relative_links() {
    assert_eq!(
        resolve("essay/a/index.html", "../../notes/x/index.html#p"),
        Some(("notes/x/index.html".into(), Some("p".into())))
    );
    assert_eq!(
        resolve("essay/a/index.html", "#p3"),
        Some(("essay/a/index.html".into(), Some("p3".into())))
    );
    assert_eq!(resolve("index.html", "https://x.org/"), None);
    assert_eq!(
        resolve("glossary/index.html", "../"),
        Some(("index.html".into(), None))
    );
}
