//! The interface in the edition's language: a German and a Russian fixture built, and no word
//! of the English interface left on any page (text, labels, titles), the words that the
//! fixture itself or the language's own table uses aside; `i18n.yaml` overrides single
//! strings, and a key it misspells is an error with the nearest.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Every string of a shipped table, by its file in the source.
fn table_values(language: &str) -> Vec<String> {
    let path = common::repo_root().join(format!("src/i18n/{language}.yaml"));
    let value: serde_yaml::Value = serde_yaml::from_str(&common::read(&path)).unwrap();
    let mut out = Vec::new();
    fn walk(v: &serde_yaml::Value, out: &mut Vec<String>) {
        match v {
            serde_yaml::Value::Mapping(m) => m.values().for_each(|v| walk(v, out)),
            serde_yaml::Value::String(s) => out.push(s.clone()),
            _ => {}
        }
    }
    walk(&value, &mut out);
    assert!(out.len() > 50, "{language}: {} strings", out.len());
    out
}

/// Words of four letters or more, in lower case.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// What a reader meets on a page: its text outside scripts and styles, and the labels and
/// titles that assistive technology reads.
fn readable(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for node in doc.root_element().descendants() {
        if let Some(text) = node.value().as_text() {
            let inside_code = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style"))
            });
            if !inside_code {
                out.push_str(text);
                out.push(' ');
            }
        }
        if let Some(e) = node.value().as_element() {
            for attr in ["aria-label", "title", "alt", "placeholder"] {
                if let Some(v) = e.attr(attr) {
                    out.push_str(v);
                    out.push(' ');
                }
            }
        }
    }
    out
}

/// The English words of the interface that a page of the fixture `name` (in `language`)
/// still shows, by page.
fn english_left(name: &str, language: &str) -> Vec<(String, BTreeSet<String>)> {
    let root = common::fixture(name);
    assert!(
        root.join("edition.yaml").is_file(),
        "the fixture {name} exists"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    common::build(&root, &out).success();
    let mut english: BTreeSet<String> = table_values("en").iter().flat_map(|v| words(v)).collect();
    // Words the language shares with English ("Text", "Link"), the fixture's own words (an
    // English title in its bibliography), and the name of its CSL style, which is a title.
    for v in table_values(language) {
        for w in words(&v) {
            english.remove(&w);
        }
    }
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            for w in words(&common::read(entry.path())) {
                english.remove(&w);
            }
        }
    }
    let styles = common::glossator().arg("styles").output().unwrap();
    let styles = String::from_utf8(styles.stdout).unwrap();
    let style = styles
        .lines()
        .find(|l| l.starts_with("chicago-author-date "))
        .unwrap();
    for w in words(style) {
        english.remove(&w);
    }
    english.remove("glossator");
    let mut left = Vec::new();
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = common::read(entry.path());
            let page = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .display()
                .to_string();
            assert!(
                html.contains(&format!("<html lang=\"{language}\"")),
                "{page} is in {language}"
            );
            let found: BTreeSet<String> = words(&readable(&html))
                .into_iter()
                .filter(|w| english.contains(w))
                .collect();
            if !found.is_empty() {
                left.push((page, found));
            }
        }
    }
    left
}

#[test]
fn a_german_edition_has_no_english_interface_word_left() {
    assert_eq!(english_left("german", "de"), []);
}

#[test]
fn a_russian_edition_has_no_english_interface_word_left() {
    assert_eq!(english_left("russian", "ru"), []);
}

#[test]
fn counts_take_the_language_s_plural_and_works_in_another_language_say_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    common::build(&common::fixture("russian"), &out).success();
    let citations = common::read(&out.join("citations/index.html"));
    // Three works are cited; Russian says "3 работы" (few), not "3 работ" (many).
    assert!(citations.contains("3 работы"), "{citations}");
    let bibliography = common::read(&out.join("bibliography/index.html"));
    for (id, lang) in [("trotsky1971", "en"), ("anweiler1958", "de")] {
        assert!(
            bibliography.contains(&format!(
                r#"<li id="{id}" class="reference" lang="{lang}">"#
            )),
            "{id}"
        );
    }
    assert!(bibliography.contains(r#"<li id="trotsky1922" class="reference">"#));
}

fn build_with_i18n(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let (tmp, root) = common::copy_fixture("german");
    std::fs::write(root.join("i18n.yaml"), yaml).unwrap();
    let out = root.join("public");
    let output = common::glossator()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    (tmp, out, output)
}

#[test]
fn i18n_yaml_overrides_single_strings_and_names_a_misspelt_key() {
    let (_tmp, out, output) = build_with_i18n("site:\n  contents: Übersicht\n");
    assert!(output.status.success(), "{output:?}");
    let index = common::read(&out.join("index.html"));
    assert!(
        index.contains(r##"index.html#contents">Übersicht</a>"##),
        "{index}"
    );
    // What it does not override stays German.
    assert!(index.contains("Druckausgabe"));

    let (_tmp, out, output) = build_with_i18n("site:\n  contnets: Übersicht\n");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("i18n.yaml:2"), "{stderr}");
    assert!(
        stderr.contains("the interface has no string `site.contnets`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `site.contents`?"), "{stderr}");
    assert!(!Path::new(&out).exists(), "a failed build writes nothing");
}
