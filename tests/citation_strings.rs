//! The natural recogniser against citation strings written by hand from the style manuals'
//! examples (Chicago author–date, APA 7, Harvard), each with its expected parse, in
//! tests/citation_strings/. The expectations come from the manuals, never from this code.

use glossator::cite::bibliography::parse;
use glossator::cite::natural::{recognize, Citation, Kind};
use glossator::cite::Index;
use glossator::diagnostic::Diagnostics;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Works {
    works: Vec<Work>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Work {
    id: String,
    family: String,
    year: String,
    #[serde(default)]
    suffix: Option<String>,
    #[serde(default)]
    alias: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Cases {
    #[serde(default)]
    positive: Vec<Positive>,
    #[serde(default)]
    negative: Vec<Negative>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Positive {
    text: String,
    #[allow(dead_code)]
    source: String,
    cites: Vec<Expected>,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Expected {
    work: String,
    kind: String,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    suffix: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    locator: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Negative {
    text: String,
    warns: bool,
    #[allow(dead_code)]
    why: String,
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/citation_strings")
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The works as the index sees them, written as a CSL-YAML bibliography.
fn index() -> (Index, Vec<String>) {
    let works: Works = read(&folder().join("works.yaml"));
    let mut yaml = String::new();
    for w in &works.works {
        let family = w.family.replace('\'', "''");
        write!(
            yaml,
            "- id: {}\n  type: book\n  title: T\n  author: [{{family: '{family}'}}]\n",
            w.id
        )
        .unwrap();
        match w.year.as_str() {
            "n.d." => {}
            "forthcoming" | "in press" => writeln!(yaml, "  status: {}", w.year).unwrap(),
            year => writeln!(yaml, "  issued: {{date-parts: [[{year}]]}}").unwrap(),
        }
        if let Some(s) = &w.suffix {
            writeln!(yaml, "  year-suffix: {s}").unwrap();
        }
        if !w.alias.is_empty() {
            writeln!(yaml, "  alias: [{}]", w.alias.join(", ")).unwrap();
        }
    }
    let mut d = Diagnostics::default();
    let parsed = parse(&yaml, &mut d);
    assert_eq!(parsed.len(), works.works.len(), "{d:?}");
    (
        Index::new(&parsed),
        parsed.iter().map(|w| w.id.clone()).collect(),
    )
}

fn as_expected(c: &Citation, ids: &[String]) -> Expected {
    let (year, suffix) = match c.year.char_indices().last() {
        Some((i, l))
            if l.is_ascii_lowercase()
                && c.year[..i].chars().all(|d| d.is_ascii_digit())
                && i > 0 =>
        {
            (c.year[..i].to_string(), Some(l.to_string()))
        }
        _ => (c.year.clone(), None),
    };
    Expected {
        work: c.work.map_or_else(|| "?".into(), |w| ids[w].clone()),
        kind: match c.kind {
            Kind::Parenthetical => "parenthetical",
            Kind::Narrative => "narrative",
            Kind::Pinpoint => "pinpoint",
        }
        .into(),
        authors: c.authors.clone(),
        year: (!year.is_empty()).then_some(year),
        suffix,
        prefix: c.prefix.clone(),
        locator: c.locator.clone(),
    }
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder())
        .expect("tests/citation_strings exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.ends_with("works.yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_manuals_examples_parse_as_the_manuals_say() {
    let (index, ids) = index();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in case_files() {
        let cases: Cases = read(&file);
        for case in cases.positive {
            count += 1;
            let mut last = None;
            let found = recognize(&case.text, &index, &mut last);
            let got: Vec<Expected> = found.iter().map(|c| as_expected(c, &ids)).collect();
            if got != case.cites {
                failures.push(format!(
                    "{}: {}\n   expected {:?}\n   got      {:?}",
                    file.file_name().unwrap().to_string_lossy(),
                    case.text,
                    case.cites,
                    got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} strings parse otherwise:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 200, "only {count} positive strings");
}

#[test]
fn what_is_no_citation_is_never_linked_and_near_misses_warn() {
    let (index, _) = index();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in case_files() {
        let cases: Cases = read(&file);
        for case in cases.negative {
            count += 1;
            let mut last = None;
            let found = recognize(&case.text, &index, &mut last);
            let linked = found.iter().any(|c| c.work.is_some());
            let warns = found.iter().any(Citation::warns);
            if linked || warns != case.warns {
                failures.push(format!(
                    "{}: {} (linked: {linked}, warns: {warns}, expected warns: {})",
                    file.file_name().unwrap().to_string_lossy(),
                    case.text,
                    case.warns
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} strings:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 60, "only {count} negative strings");
}
