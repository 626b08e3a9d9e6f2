//! One bibliography in the three formats an edition may write it in: the same works as
//! CSL-YAML (`tests/fixtures/bib-yaml`), CSL-JSON (`bib-json`) and BibLaTeX (`bib-bibtex`),
//! written by hand, build the same site byte for byte. Also: two bibliography files at once,
//! and Zotero's item addresses as ids.

mod common;

use common::{copy_fixture, describe, fixture};
use glossator::cmd::compile;
use glossator::render::OutputFile;
use scraper::{Html, Selector};
use std::fs;
use std::path::Path;

const FIXTURES: [&str; 3] = ["bib-yaml", "bib-json", "bib-bibtex"];

fn built(root: &Path) -> Vec<OutputFile> {
    let compiled = compile(root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let problems: Vec<String> = compiled.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}: {problems:#?}", root.display());
    compiled.files
}

fn page<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} is built"));
    std::str::from_utf8(&f.bytes).unwrap()
}

#[test]
fn the_same_works_in_yaml_json_and_bibtex_build_the_same_site() {
    let sites: Vec<Vec<OutputFile>> = FIXTURES.iter().map(|f| built(&fixture(f))).collect();
    let yaml = &sites[0];
    let bibliography = Html::parse_document(page(yaml, "bibliography/index.html"));
    let entries = Selector::parse(".bibliography > li").unwrap();
    assert_eq!(bibliography.select(&entries).count(), 9);
    let text: String = bibliography.root_element().text().collect();
    for expected in [
        "Hobsbawm, Eric. 1998a.",
        "Hobsbawm, Eric. 1998b. Uncommon People: Resistance, Rebellion and Jazz",
        "Le Blanc, Paul. 1990.",
        "Marx, Karl, and Friedrich Engels. 2002.",
        "Habermas, Jürgen. 1989.",
        "10.1093/past/1.1.57",
        "57–70",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    for (name, site) in FIXTURES.iter().zip(&sites).skip(1) {
        for path in ["bibliography/index.html", "citations/index.html"] {
            assert_eq!(
                page(site, path),
                page(yaml, path),
                "{name}'s {path} is bib-yaml's"
            );
        }
        let paths = |s: &[OutputFile]| s.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(site), paths(yaml), "{name} builds the same pages");
        for (a, b) in site.iter().zip(yaml) {
            assert!(
                a.bytes == b.bytes,
                "{name}'s {} differs from bib-yaml's",
                a.path.display()
            );
        }
    }
}

#[test]
fn two_bibliography_files_are_an_error_naming_both() {
    let (_tmp, root) = copy_fixture("bib-yaml");
    fs::copy(
        fixture("bib-bibtex").join("content/bibliography.bib"),
        root.join("content/bibliography.bib"),
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("glossator")
        .unwrap()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(
        stderr.contains(
            "content/bibliography.yaml and content/bibliography.bib are both there, \
             but an edition has one bibliography"
        ),
        "{stderr}"
    );
}

#[test]
fn a_zotero_address_becomes_a_key_the_editor_is_told_and_no_page_shows() {
    let (_tmp, root) = copy_fixture("bib-json");
    let file = root.join("content/bibliography.json");
    let json = fs::read_to_string(&file).unwrap().replace(
        "\"id\": \"hobsbawm1952\"",
        "\"id\": \"http://zotero.org/users/123/items/ABCD1234\"",
    );
    fs::write(&file, json).unwrap();
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let problems: Vec<String> = compiled.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("content/bibliography.json:23: warning: ")
            && problems[0].contains("cite it as @hobsbawm1952"),
        "{problems:#?}"
    );
    for f in &compiled.files {
        let text = String::from_utf8_lossy(&f.bytes);
        assert!(!text.contains("zotero.org"), "{}", f.path.display());
    }
    // The key is the one the editors would have given it: the site is the same.
    let yaml = built(&fixture("bib-yaml"));
    assert_eq!(
        page(&compiled.files, "bibliography/index.html"),
        page(&yaml, "bibliography/index.html")
    );
}
