//! Links written as paths (to a chapter's `.md` file, mdBook's `.html`, an image beside a
//! chapter, a file of `content/static/`), resolved against the built site: each kind of broken
//! one is an error (or a warning) with its file, its line and the nearest existing target.
//! tests/fixtures/book is a book imported as it was written for mdBook.

mod common;

use common::{copy_fixture, describe, read};
use glossator::cmd::{check, compile};
use glossator::Failure;
use std::fs;
use std::path::Path;

fn problems(root: &Path) -> Vec<String> {
    let all = match check::run(root, false) {
        Ok(d) => d.into_vec(),
        Err(Failure::Edition(d)) => d.into_vec(),
        Err(f) => panic!("{}", describe(f)),
    };
    all.into_iter().map(|d| d.to_string()).collect()
}

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut body = read(&path);
    body.push_str(text);
    fs::write(path, body).unwrap();
}

#[test]
fn chapter_links_by_file_name_become_links_to_their_pages() {
    let root = common::fixture("book");
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    let intro = compiled
        .files
        .iter()
        .find(|f| f.path == Path::new("essay/ch01-00-introduction/index.html"))
        .expect("the introduction is built");
    let html = String::from_utf8_lossy(&intro.bytes);
    for href in [
        "../../essay/ch02-00-sources/index.html",
        "../../essay/ch03-00-exercises/index.html",
        "../../essay/ch02-00-sources/index.html#printed-sources",
        "../../essay/img/chapters.svg",
    ] {
        assert!(html.contains(href), "{href} in {html}");
    }
    assert!(
        !html.contains(".md\""),
        "no link to a source file is left: {html}"
    );
    let copied: Vec<String> = compiled
        .copies
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(
        copied.contains(&"essay/img/chapters.svg".to_string()),
        "{copied:?}"
    );
    assert!(
        copied.contains(&"reading-list.txt".to_string()),
        "{copied:?}"
    );
}

#[test]
fn a_missing_file_names_the_nearest_one() {
    let (_tmp, root) = copy_fixture("book");
    append(
        &root,
        "content/essay/ch03-00-exercises.md",
        "\nSee [the sources](ch02-00-source.md) and ![the diagram](img/chapter.svg).\n",
    );
    let found = problems(&root);
    let expect = [
        "content/essay/ch03-00-exercises.md:9: error: the link `ch02-00-source.md` names no file of the edition (help: the nearest is `ch02-00-sources.md`",
        "content/essay/ch03-00-exercises.md:9: error: the link `img/chapter.svg` names no file of the edition (help: the nearest is `img/chapters.svg`",
    ];
    for e in expect {
        assert!(
            found.iter().any(|p| p.starts_with(e)),
            "{e}\n in {found:#?}"
        );
    }
}

#[test]
fn a_missing_fragment_names_the_nearest_id() {
    let (_tmp, root) = copy_fixture("book");
    append(
        &root,
        "content/pages/about.md",
        "\nThe [archive list](../essay/ch02-00-sources.md#archive) and [nowhere](../essay/ch02-00-sources.html#elsewhere).\n",
    );
    let found = problems(&root);
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/pages/about.md:7: error: the link `../essay/ch02-00-sources.md#archive` names no place `#archive` on its page (help: did you mean `#archives`?)"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/pages/about.md:7: error: the link `../essay/ch02-00-sources.html#elsewhere` names no place `#elsewhere`"
        )),
        "{found:#?}"
    );
}

#[test]
fn images_without_alt_text_and_files_no_page_links_warn() {
    let (_tmp, root) = copy_fixture("book");
    fs::write(
        root.join("content/essay/img/draft.txt"),
        "a draft kept beside the chapters",
    )
    .unwrap();
    append(
        &root,
        "content/essay/ch02-00-sources.md",
        "\n![](img/chapters.svg)\n",
    );
    let found = problems(&root);
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/essay/ch02-00-sources.md:21: warning: an image without alt text"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/essay/img/draft.txt: warning: no page links to this file; it is not published"
        )),
        "{found:#?}"
    );
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    assert!(
        !compiled
            .copies
            .iter()
            .any(|(p, _)| p.ends_with("draft.txt")),
        "an unlinked file beside the chapters is never published"
    );
}

#[test]
fn a_link_outside_the_content_or_from_the_root_is_reported() {
    let (_tmp, root) = copy_fixture("book");
    append(
        &root,
        "content/essay/ch01-00-introduction.md",
        "\nThe [settings](../../edition.yaml), the [list](/reading-list.txt).\n",
    );
    let found = problems(&root);
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/essay/ch01-00-introduction.md:20: error: the link `../../edition.yaml` leads outside content/"
        )),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with(
            "content/essay/ch01-00-introduction.md:20: warning: the link `/reading-list.txt` starts at the site's root"
        )),
        "{found:#?}"
    );
}
