//! The glossary: terms found and linked in the essay by the rules of the format, each link
//! policy, the glossary page, and an independent count of every term in the built edition.

mod common;

use common::{copy_fixture, read, repo_root, visible_text};
use glossator::cmd::{build, check, compile};
use glossator::Failure;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn build_with_policy(policy: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = copy_fixture("glossary");
    let config = read(&root.join("edition.yaml")).replace("link: all", &format!("link: {policy}"));
    fs::write(root.join("edition.yaml"), config).unwrap();
    let out = tmp.path().join("public");
    build::run(&build::Options {
        root,
        output: Some(out.clone()),
        force: false,
        pdf: false,
        drafts: false,
        minify: false,
    })
    .unwrap_or_else(|_| panic!("builds"));
    (tmp, out)
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.text().collect()).collect()
}

fn pages(out: &Path) -> (Html, Html) {
    (
        Html::parse_document(&read(&out.join("essay/one/index.html"))),
        Html::parse_document(&read(&out.join("essay/two/index.html"))),
    )
}

#[test]
fn terms_are_found_by_the_rules_and_linked_everywhere_with_policy_all() {
    let (_tmp, out) = build_with_policy("all");
    let (one, two) = pages(&out);
    assert_eq!(
        texts(&one, "a.term"),
        [
            "soviets",
            "Soviet",
            "Workers’ control",
            "workers’ control",
            "Räte",
            "Council democracy",
            "council"
        ]
    );
    assert_eq!(texts(&two, "a.term"), ["soviet", "council democracy"]);
    assert!(
        texts(&one, "h2 a.term, h2 .term-occurrence").is_empty(),
        "never in a heading"
    );
    assert!(texts(&one, "a[href^=http] a.term, a[href^=http] .term-occurrence").is_empty());
    assert!(texts(&one, "code .term-occurrence, code a.term").is_empty());
    let sel = Selector::parse("a.term").unwrap();
    let first = one.select(&sel).next().unwrap();
    assert_eq!(first.attr("href"), Some("../../glossary/index.html#soviet"));
    assert_eq!(first.attr("aria-describedby"), Some("def-soviet"));
    // The popover's definition is on the page, outside the essay's text.
    let defs = texts(&one, ".previews #def-soviet");
    assert!(defs[0].contains("council of delegates"), "{defs:?}");
    assert!(texts(&one, "article.essay .previews").is_empty());
}

#[test]
fn each_link_policy_links_the_right_occurrences() {
    let count = |policy: &str| {
        let (_tmp, out) = build_with_policy(policy);
        let (one, two) = pages(&out);
        let occurrences =
            texts(&one, "[data-term][id]").len() + texts(&two, "[data-term][id]").len();
        assert_eq!(
            occurrences, 9,
            "every occurrence keeps its place, linked or not"
        );
        (texts(&one, "a.term"), texts(&two, "a.term"))
    };
    let (one, two) = count("first-per-section");
    assert_eq!(
        one,
        [
            "soviets",
            "Workers’ control",
            "Räte",
            "Council democracy",
            "council"
        ]
    );
    assert_eq!(two, ["soviet", "council democracy"]);
    let (one, two) = count("first");
    assert_eq!(one.len(), 5);
    assert!(two.is_empty());
    let (one, two) = count("none");
    assert!(one.is_empty() && two.is_empty());
}

#[test]
fn the_glossary_page_lists_terms_see_also_both_ways_and_every_occurrence() {
    let (_tmp, out) = build_with_policy("first");
    let doc = Html::parse_document(&read(&out.join("glossary/index.html")));
    assert_eq!(
        texts(&doc, ".glossary dfn"),
        [
            "council",
            "council democracy",
            "Räte",
            "soviet",
            "workers' control"
        ]
    );
    assert_eq!(
        texts(&doc, "#council .term-see a"),
        ["soviet"],
        "see-also runs both ways"
    );
    assert_eq!(texts(&doc, "#soviet .term-see a"), ["council"]);
    assert_eq!(
        texts(&doc, "#soviet .term-count"),
        ["3 occurrences in the essay"]
    );
    let sel = Selector::parse("#soviet .term-place").unwrap();
    // Two occurrences in ¶1 are told apart; each link names its section for a screen reader.
    let places: Vec<String> = doc.select(&sel).map(visible_text).collect();
    assert_eq!(places, ["¶1", "¶1 (2nd)", "¶5"]);
    let names = texts(&doc, "#soviet .term-place");
    assert!(names[1].ends_with(", ¶1 (2nd)"), "{names:?}");
    assert_ne!(names[1], places[1]);
    let hrefs: Vec<&str> = doc.select(&sel).map(|a| a.attr("href").unwrap()).collect();
    assert_eq!(
        hrefs,
        [
            "../essay/one/index.html#term-soviet-1",
            "../essay/one/index.html#term-soviet-2",
            "../essay/two/index.html#term-soviet-3"
        ]
    );
    // A term: link from a page resolves to the entry.
    let about = read(&out.join("about/index.html"));
    assert!(about.contains("../glossary/index.html#soviet"), "{about}");
}

#[test]
fn glossary_errors_are_reported_with_file_and_line() {
    let (_tmp, root) = copy_fixture("glossary");
    let mut yaml = read(&root.join("content/glossary.yaml"));
    yaml.push_str("- id: soviet\n  term: Soviets\n  definition: \"\"\n  see_also: [nothing]\n");
    fs::write(root.join("content/glossary.yaml"), yaml).unwrap();
    fs::write(
        root.join("content/pages/bad.md"),
        "---\ntitle: Bad\n---\n[x](term:sovet)\n",
    )
    .unwrap();
    let errors: Vec<String> = match check::run(&root, false) {
        Err(Failure::Edition(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
        _ => panic!("check must fail"),
    };
    for expected in [
        "content/glossary.yaml:19: error: the id `soviet` is used twice",
        "content/glossary.yaml:19: error: `soviet` and `soviet` both claim the form “soviets”",
        "content/glossary.yaml:19: error: the term `soviet` has an empty definition",
        "content/glossary.yaml:19: error: `soviet` sees also `nothing`, which is no term",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "missing {expected}: {errors:#?}"
        );
    }
}

/// The essay's text as the reader sees it in each numbered paragraph, leaving out the
/// apparatus, code and the text of links other than term links, where no term is sought.
fn searchable_text(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let skip = e.attr("data-apparatus").is_some()
                    || e.name() == "code"
                    || (e.name() == "a" && e.attr("class") != Some("term"));
                if !skip {
                    searchable_text(ElementRef::wrap(child).unwrap(), out);
                }
            }
            _ => {}
        }
    }
}

/// Counts every glossary term in the built edition with the `regex` crate, independently of
/// glossator's automaton, and checks the glossary page against it.
#[test]
fn the_glossary_page_counts_match_an_independent_count_of_the_edition() {
    #[derive(serde::Deserialize)]
    struct Entry {
        id: String,
        term: String,
        #[serde(default)]
        forms: Vec<String>,
        #[serde(default)]
        except: Vec<String>,
    }
    let root = repo_root();
    let entries: Vec<Entry> =
        serde_yaml::from_str(&read(&root.join("content/glossary.yaml"))).unwrap();
    let fold = |s: &str| {
        s.replace(['’', '‘'], "'")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };

    let mut forms: Vec<(String, usize)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for f in std::iter::once(&e.term).chain(&e.forms) {
            forms.push((fold(f), i));
        }
    }
    forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.chars().count()));
    let alternation: Vec<String> = forms.iter().map(|(f, _)| regex::escape(f)).collect();
    let any_form = regex::Regex::new(&format!(r"(?i)\b(?:{})\b", alternation.join("|"))).unwrap();
    let term_of = |matched: &str| {
        forms
            .iter()
            .find(|(f, _)| f.to_lowercase() == matched.to_lowercase())
            .map(|&(_, i)| i)
            .unwrap()
    };
    let excepts: Vec<Vec<regex::Regex>> = entries
        .iter()
        .map(|e| {
            e.except
                .iter()
                .map(|x| {
                    regex::Regex::new(&format!(r"(?i)\b{}\b", regex::escape(&fold(x)))).unwrap()
                })
                .collect()
        })
        .collect();

    let compiled = compile(&root).unwrap_or_else(|_| panic!("the edition compiles"));
    let numbered = Selector::parse("article.essay > .numbered").unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for file in compiled
        .files
        .iter()
        .filter(|f| f.path.starts_with("essay"))
    {
        let doc = Html::parse_document(std::str::from_utf8(&file.bytes).unwrap());
        for block in doc.select(&numbered) {
            let mut text = String::new();
            searchable_text(block, &mut text);
            let text = fold(&text);
            for m in any_form.find_iter(&text) {
                let t = term_of(m.as_str());
                let excepted = excepts[t].iter().any(|x| {
                    x.find_iter(&text)
                        .any(|x| x.start() <= m.start() && m.end() <= x.end())
                });
                if !excepted {
                    *counts.entry(entries[t].id.clone()).or_default() += 1;
                }
            }
        }
    }
    assert!(
        counts.values().sum::<usize>() > 200,
        "the edition's terms occur: {counts:?}"
    );

    let page = compiled
        .files
        .iter()
        .find(|f| f.path == Path::new("glossary/index.html"))
        .unwrap();
    let doc = Html::parse_document(std::str::from_utf8(&page.bytes).unwrap());
    for e in &entries {
        let shown = texts(&doc, &format!("#{} .term-count", e.id));
        let expected = counts.get(&e.id).copied().unwrap_or(0);
        let s = if expected == 1 { "" } else { "s" };
        assert_eq!(
            shown,
            [format!("{expected} occurrence{s} in the essay")],
            "term {}",
            e.id
        );
    }
}
