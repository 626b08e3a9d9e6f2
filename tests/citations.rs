//! Citations: every citation of the seed essay recognised exactly (work and pinpoint, in
//! order, by paragraph), the bibliography and the citation index, and the diagnostics.

mod common;

use common::{copy_fixture, describe, read, repo_root, visible_text};
use glossator::cmd::{check, compile};
use glossator::Failure;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

#[derive(serde::Deserialize, Debug, PartialEq)]
struct Expected {
    paragraph: usize,
    citations: Vec<Cited>,
}

#[derive(serde::Deserialize, Debug, PartialEq, Clone)]
struct Cited {
    work: String,
    #[serde(default)]
    locator: Option<String>,
}

fn page(files: &[glossator::render::OutputFile], path: &str) -> Html {
    let f = files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} is built"));
    Html::parse_document(std::str::from_utf8(&f.bytes).unwrap())
}

/// Every citation of the essay, as the built pages link them, by paragraph.
fn built_citations(files: &[glossator::render::OutputFile]) -> BTreeMap<usize, Vec<Cited>> {
    let numbered = Selector::parse("article.essay .numbered").unwrap();
    let link = Selector::parse("a.citation").unwrap();
    let mut by_paragraph = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("essay")) {
        let doc = Html::parse_document(std::str::from_utf8(&f.bytes).unwrap());
        for p in doc.select(&numbered) {
            let n: usize = p.attr("id").unwrap()[1..].parse().unwrap();
            let cited: Vec<Cited> = p
                .select(&link)
                .filter(|a| a.attr("id").is_some())
                .map(|a| Cited {
                    work: a.attr("data-work").unwrap().to_string(),
                    locator: a.attr("data-locator").map(str::to_string),
                })
                .collect();
            if !cited.is_empty() {
                by_paragraph.insert(n, cited);
            }
        }
    }
    by_paragraph
}

#[test]
fn every_citation_of_the_seed_is_recognised_and_nothing_else() {
    let expected: Vec<Expected> = serde_yaml::from_str(&read(
        &repo_root().join("tests/fixtures/citations/expected.yaml"),
    ))
    .unwrap();
    let compiled = compile(&repo_root()).unwrap_or_else(|f| panic!("{}", describe(f)));
    let built = built_citations(&compiled.files);
    let expected: BTreeMap<usize, Vec<Cited>> = expected
        .into_iter()
        .map(|e| (e.paragraph, e.citations))
        .collect();
    for (n, want) in &expected {
        assert_eq!(built.get(n), Some(want), "¶{n}");
    }
    let extra: Vec<&usize> = built.keys().filter(|n| !expected.contains_key(n)).collect();
    assert!(
        extra.is_empty(),
        "citations found in paragraphs that have none: {extra:?}"
    );
    let total: usize = expected.values().map(Vec::len).sum();
    assert_eq!(total, 149);
    assert!(
        compiled.diagnostics.is_empty(),
        "the edition cites no unknown work: {:?}",
        compiled.diagnostics
    );
}

#[test]
fn the_citation_index_lists_every_citing_place_with_its_pinpoint() {
    let compiled = compile(&repo_root()).unwrap_or_else(|f| panic!("{}", describe(f)));
    let index = page(&compiled.files, "citations/index.html");
    let sel = Selector::parse("#mandel2018 .citing-places a").unwrap();
    let places: Vec<String> = index.select(&sel).map(visible_text).collect();
    assert!(
        places.contains(&"¶36, pp. 287-290".to_string()),
        "{places:?}"
    );
    // Read alone, as a screen reader's list of links reads it, a link says where it goes.
    let named: Vec<String> = index.select(&sel).map(|a| a.text().collect()).collect();
    assert!(
        named.contains(
            &"Forcing the Issue: Council Democracy and Antagonism, ¶36, pp. 287-290".to_string()
        ),
        "{named:?}"
    );
    let count = Selector::parse("#mandel2018 .citation-count").unwrap();
    assert_eq!(
        index
            .select(&count)
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        format!("{} citations", places.len())
    );
    // Works are sorted by author.
    let labels = Selector::parse(".cited-work > a").unwrap();
    let labels: Vec<String> = index.select(&labels).map(|a| a.text().collect()).collect();
    let mut sorted = labels.clone();
    sorted.sort_by_key(|l| l.to_lowercase().replace('é', "e"));
    assert_eq!(labels, sorted);
    assert_eq!(labels.len(), 59);
    // Each place links to the citation's own id in its section.
    let href = index
        .select(&sel)
        .next()
        .unwrap()
        .attr("href")
        .unwrap()
        .to_string();
    let (file, id) = href.split_once('#').unwrap();
    let section = page(&compiled.files, file.trim_start_matches("../"));
    assert!(section
        .select(&Selector::parse(&format!("a.citation#{id}")).unwrap())
        .next()
        .is_some());
}

#[test]
fn the_bibliography_formats_every_work_marks_unverified_ones_and_links_back() {
    let compiled = compile(&repo_root()).unwrap_or_else(|f| panic!("{}", describe(f)));
    let bib = page(&compiled.files, "bibliography/index.html");
    let entries = Selector::parse(".bibliography > li").unwrap();
    assert_eq!(bib.select(&entries).count(), 59);
    let anweiler = bib
        .select(&Selector::parse("#anweiler1975 .reference-text").unwrap())
        .next()
        .unwrap();
    let text: String = anweiler.text().collect();
    // The original date of the German edition comes first, as Chicago gives it.
    assert!(
        text.starts_with("Anweiler, Oskar. (1958) 1975. The Soviets: The Russian Workers"),
        "{text}"
    );
    let unverified = Selector::parse(".bibliography .unverified-mark").unwrap();
    assert!(bib.select(&unverified).count() > 5);
    let back = Selector::parse("#anweiler1975 .cited-at a").unwrap();
    let expected = read(&repo_root().join("tests/fixtures/citations/expected.yaml"));
    // The essay's own citations are the places named by a ¶ number (with the pinpoint, and
    // which of several in one paragraph it is: "¶30, p. 128", "¶28 (2nd)"); the apparatus's
    // (a gloss, a note, a glossary entry) are named otherwise ("¶3, note"), and come on top.
    let in_text = bib
        .select(&back)
        .filter(|a| {
            let label = visible_text(*a);
            let label = label.split(" (").next().unwrap_or_default();
            let (place, pinpoint) = label.split_once(", ").unwrap_or((label, ""));
            pinpoint != "note"
                && place
                    .strip_prefix('¶')
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        })
        .count();
    assert_eq!(in_text, expected.matches("work: anweiler1975").count());
    assert!(bib.select(&back).count() >= in_text);
}

fn fixture_with(essay: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("small");
    fs::write(
        root.join("content/bibliography.yaml"),
        concat!(
            "- id: trotsky1973\n  type: book\n  author: [{family: Trotsky, given: Leon}]\n",
            "  issued: {date-parts: [[1973]]}\n  title: '1905'\n  publisher: Random House\n",
            "- id: anweiler1975\n  type: book\n  author: [{family: Anweiler, given: Oskar}]\n",
            "  issued: {date-parts: [[1975]]}\n  title: The Soviets\n  publisher: Pantheon Books\n",
        ),
    )
    .unwrap();
    fs::write(
        root.join("content/essay/03-cited.md"),
        format!("---\ntitle: Cited\n---\n{essay}\n"),
    )
    .unwrap();
    (tmp, root)
}

fn problems(root: &Path, strict: bool) -> Vec<String> {
    let result = check::run(root, false).map(|d| d.into_vec());
    let all = match result {
        Ok(d) => d,
        Err(Failure::Edition(d)) => d.into_vec(),
        Err(f) => panic!("{}", describe(f)),
    };
    all.into_iter()
        .filter(|d| strict || d.is_error())
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn a_citation_that_matches_no_work_is_warned_about_on_its_own_line() {
    // The section's front matter takes lines 1-3; the essay's text starts on line 4. The
    // second paragraph's third line (line 8) holds the misspelt name, after a citation that
    // resolves on line 6.
    let (_tmp, root) = fixture_with(concat!(
        "A first paragraph, cited as (Anweiler, 1975).\n",
        "\n",
        "A second paragraph that runs over (Trotsky, 1973)\n",
        "several lines of the file before\n",
        "it cites Trostky (1973) wrongly.\n",
    ));
    let all = problems(&root, true);
    assert!(
        all.iter().any(|p| p.starts_with(
            "content/essay/03-cited.md:8: warning: the citation “Trostky (1973)” matches no work"
        )),
        "{all:#?}"
    );
    assert!(
        !all.iter()
            .any(|p| p.contains("Anweiler, 1975") || p.contains("Trotsky, 1973")),
        "{all:#?}"
    );
}

#[test]
fn a_misspelt_name_warns_with_the_nearest_known_names_and_an_alias_silences_it() {
    let (_tmp, root) = fixture_with("As Trostky (1973) and (Anweiler, 1975) wrote.");
    let all = problems(&root, true);
    assert!(
        all.iter().any(|p| p.starts_with(
            "content/essay/03-cited.md:4: warning: the citation “Trostky (1973)” matches no work"
        ) && p.contains("nearest known names are Trotsky")),
        "{all:#?}"
    );
    let mut bib = read(&root.join("content/bibliography.yaml"));
    bib = bib.replace("title: '1905'", "title: '1905'\n  alias: [Trostky]");
    fs::write(root.join("content/bibliography.yaml"), bib).unwrap();
    assert!(
        problems(&root, true).is_empty(),
        "{:#?}",
        problems(&root, true)
    );
}

#[test]
fn an_unknown_pandoc_key_is_an_error_and_pandoc_citations_are_formatted() {
    let (_tmp, root) =
        fixture_with("See [@anweiler1975, p. 42] and [-@trotsky1973] and [@nosuch1999].");
    let errors = problems(&root, false);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/essay/03-cited.md:4: error: the citation names no work `@nosuch1999`"
        ),
        "{errors:?}"
    );
    fs::write(
        root.join("content/essay/03-cited.md"),
        "---\ntitle: Cited\n---\nSee [@anweiler1975, p. 42] and [-@trotsky1973].\n",
    )
    .unwrap();
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let cited = page(&compiled.files, "essay/cited/index.html");
    let sel = Selector::parse("#p7 a.citation").unwrap();
    let texts: Vec<String> = cited.select(&sel).map(|a| a.text().collect()).collect();
    assert_eq!(texts, ["Anweiler 1975, 42", "1973"]);
    let text = cited
        .select(&Selector::parse("#p7").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(
        text.ends_with("See (Anweiler 1975, 42) and (1973)."),
        "{text}"
    );
}

#[test]
fn an_uncited_work_is_reported_and_strict_check_fails_on_warnings() {
    let (_tmp, root) = fixture_with("Only (Anweiler, 1975) is cited.");
    let warnings = problems(&root, true);
    assert!(
        warnings
            .iter()
            .any(|w| w
                .starts_with("content/bibliography.yaml:1: warning: `trotsky1973` is never cited")),
        "{warnings:#?}"
    );
    let out = assert_cmd::Command::cargo_bin("glossator")
        .unwrap()
        .args(["check", "--strict", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("never cited"));
    assert_cmd::Command::cargo_bin("glossator")
        .unwrap()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .success();
}

#[test]
fn a_year_alone_is_never_a_citation_in_a_built_page() {
    let (_tmp, root) =
        fixture_with("The czar did so in 1905 (as in 1905), and (Anweiler, 1975) did not.");
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let cited = page(&compiled.files, "essay/cited/index.html");
    let sel = Selector::parse("a.citation").unwrap();
    let texts: Vec<String> = cited.select(&sel).map(|a| a.text().collect()).collect();
    assert_eq!(texts, ["Anweiler, 1975"]);
}

/// A primary text whose every citation is in the apparatus: two in the sidenote of ¶1, one in
/// the margin note of ¶2, one in the gloss on ¶1, one in the note, one in the page and two in
/// the glossary's definitions (tests/fixtures/primary).
#[test]
fn citations_in_every_body_are_linked_previewed_and_indexed() {
    let root = common::fixture("primary");
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let warnings: Vec<String> = compiled.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        warnings.is_empty(),
        "no work is 'never cited': {warnings:#?}"
    );
    // The citations of the page itself; the definitions it previews bring their own.
    let cited = Selector::parse("main a.citation").unwrap();
    for (path, count) in [
        ("essay/opening/index.html", 4),
        ("notes/communist-league/index.html", 1),
        ("about/index.html", 1),
        ("glossary/index.html", 2),
        ("glosses/index.html", 1),
    ] {
        let html = page(&compiled.files, path);
        let links: Vec<_> = html.select(&cited).collect();
        assert_eq!(links.len(), count, "{path}");
        for a in links {
            let preview = a.attr("aria-describedby").expect("a preview");
            let there = Selector::parse(&format!("#{preview}")).unwrap();
            assert!(html.select(&there).next().is_some(), "{path}: #{preview}");
        }
    }
    let index = page(&compiled.files, "citations/index.html");
    let places: BTreeMap<String, Vec<String>> = index
        .select(&Selector::parse(".citation-index > li").unwrap())
        .map(|li| {
            let id = li.attr("id").unwrap().to_string();
            let groups = li
                .select(&Selector::parse(".citing-places > li").unwrap())
                .map(|g| visible_text(g).trim().to_string())
                .collect();
            (id, groups)
        })
        .collect();
    let expected: BTreeMap<String, Vec<String>> = [
        ("hobsbawm1998", vec!["Opening: ¶1, note"]),
        ("draper1994", vec!["Opening: ¶1, note"]),
        ("stedmanjones2002", vec!["Opening: ¶2, note"]),
        ("sperber2013", vec!["Opening: gloss on ¶1"]),
        (
            "carver2015",
            vec![
                "Historical notes: The Communist League",
                "Glossary: class struggles",
            ],
        ),
        (
            "stedmanjones2016",
            vec!["Pages: About this fixture", "Glossary: bourgeoisie"],
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(places, expected);
}

/// Chicago's comma-less form, Harvard's colon and APA's comma are all read, in the essay and
/// in a page; a near miss warns; an escaped bracket and an ignored phrase are plain text.
#[test]
fn every_author_date_convention_links_and_near_misses_are_never_silent() {
    let (_tmp, root) = fixture_with(concat!(
        "Councils spread (Anweiler 1975, 42–44; see also Trotsky 1973, ch. 3), ",
        "as (Anweiler, 1975: 45) and Anweiler (1975, p. 46) agree, ",
        "though \\(Anweiler 1976) is a typo kept on purpose, (Moscow, 1918) is no work, ",
        "and (Petrograd, 1917) is a place."
    ));
    fs::write(
        root.join("content/pages/about.md"),
        "---\ntitle: About\n---\nRead Trotsky (1973, 12) first (cf. Anweiler 1975).\n",
    )
    .unwrap();
    let mut config = read(&root.join("edition.yaml"));
    config.push_str("citations:\n  ignore: [Petrograd]\n");
    fs::write(root.join("edition.yaml"), config).unwrap();

    let warnings = problems(&root, true);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "content/essay/03-cited.md:4: warning: the citation “Moscow, 1918” matches no work"
        ),
        "{warnings:#?}"
    );
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let link = Selector::parse("main a.citation").unwrap();
    let linked = |path: &str| -> Vec<(String, String)> {
        page(&compiled.files, path)
            .select(&link)
            .map(|a| {
                (
                    a.attr("data-work").unwrap().to_string(),
                    a.attr("data-locator").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let pair = |w: &str, l: &str| (w.to_string(), l.to_string());
    assert_eq!(
        linked("essay/cited/index.html"),
        [
            pair("anweiler1975", "42–44"),
            pair("trotsky1973", "ch. 3"),
            pair("anweiler1975", "45"),
            pair("anweiler1975", "p. 46"),
        ]
    );
    assert_eq!(
        linked("about/index.html"),
        [pair("trotsky1973", "12"), pair("anweiler1975", "")]
    );
    let text = page(&compiled.files, "essay/cited/index.html")
        .select(&Selector::parse("article.essay").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(text.contains("though (Anweiler 1976) is a typo"), "{text}");
}

/// With a note style, Pandoc citations become numbered sidenotes in one series with the
/// editor's own footnotes, a work cited again takes the short form, and each note's work is
/// linked and indexed; natural citations stay the author's words in the text.
#[test]
fn a_note_style_sets_pandoc_citations_as_numbered_notes() {
    let (_tmp, root) = fixture_with(concat!(
        "The councils spread [@anweiler1975, p. 42]. A delegate said so.[^own] ",
        "@trotsky1973 [p. 12] disagreed, and again [see @anweiler1975, p. 50], ",
        "while (Anweiler, 1975) stays in the text.\n\n[^own]: The editor's own note."
    ));
    let mut config = read(&root.join("edition.yaml"));
    config.push_str("citations:\n  style: chicago-notes\n");
    fs::write(root.join("edition.yaml"), config).unwrap();
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let cited = page(&compiled.files, "essay/cited/index.html");
    let notes: Vec<String> = cited
        .select(&Selector::parse("#p7 .sidenote").unwrap())
        .map(|n| n.text().collect::<String>())
        .collect();
    assert_eq!(notes.len(), 4, "{notes:#?}");
    assert!(
        notes[0].contains("Oskar Anweiler")
            && notes[0].contains("The Soviets")
            && notes[0].contains("42"),
        "{notes:#?}"
    );
    assert!(notes[1].contains("The editor’s own note."), "{notes:#?}");
    assert!(
        notes[2].contains("Leon Trotsky") && notes[2].contains("12"),
        "{notes:#?}"
    );
    // The second citation of a work is the short form, after the editor's prefix, which
    // starts the note's sentence.
    assert!(notes[3].contains("See Anweiler, "), "{notes:#?}");
    assert!(!notes[3].contains("Oskar"), "{notes:#?}");
    assert!(notes[3].contains("50"), "{notes:#?}");
    let numbers: Vec<String> = cited
        .select(&Selector::parse("#p7 .sidenote-number, #p7 [data-number]").unwrap())
        .filter_map(|n| n.attr("data-number").map(str::to_string))
        .collect();
    assert!(
        numbers.starts_with(&["1".into(), "2".into(), "3".into(), "4".into()]),
        "{numbers:?}"
    );
    let text = cited
        .select(&Selector::parse("#p7").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(!text.contains("[@"), "{text}");
    assert!(
        text.contains("Trotsky"),
        "the narrative keeps the name: {text}"
    );
    assert!(text.contains("(Anweiler, 1975) stays"), "{text}");
    let index = page(&compiled.files, "citations/index.html");
    let entry = index
        .select(&Selector::parse("#anweiler1975").unwrap())
        .next()
        .expect("an index entry");
    assert_eq!(
        entry
            .select(&Selector::parse(".citing-places a").unwrap())
            .count(),
        3
    );
}

/// The same paragraph written in Chicago author–date and in APA, each edition in its own
/// style (tests/fixtures/chicago, tests/fixtures/apa): every citation is linked, in order,
/// with no warning, and the bibliography names its style.
#[test]
fn a_chicago_and_an_apa_edition_link_every_citation() {
    for (fixture, works, title) in [
        (
            "chicago",
            [
                "anweiler1975",
                "trotsky1973",
                "suny1983",
                "mandel1983",
                "lenin1917a",
                "lenin1917b",
                "leblanc2015",
                "james1974",
                "pannekoek2003",
                "rude2005",
            ],
            "Chicago Manual of Style 18th edition (author-date)",
        ),
        (
            "apa",
            [
                "anweiler1975",
                "trotsky1973",
                "mandel1983",
                "suny1983",
                "lenin1917a",
                "lenin1917b",
                "leblanc2015",
                "james1974",
                "pannekoek2003",
                "rude2005",
            ],
            "APA Style 7th edition",
        ),
    ] {
        let compiled =
            compile(&common::fixture(fixture)).unwrap_or_else(|f| panic!("{}", describe(f)));
        let warnings: Vec<String> = compiled.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(warnings.is_empty(), "{fixture}: {warnings:#?}");
        let essay = page(&compiled.files, "essay/councils/index.html");
        let linked: Vec<String> = essay
            .select(&Selector::parse("article.essay a.citation").unwrap())
            .map(|a| a.attr("data-work").unwrap().to_string())
            .collect();
        assert_eq!(linked, works, "{fixture}");
        let bib = page(&compiled.files, "bibliography/index.html");
        let text: String = bib.root_element().text().collect();
        assert!(text.contains(title), "{fixture}: {text}");
    }
}
