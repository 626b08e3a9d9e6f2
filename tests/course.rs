//! A course of three readings (`tests/fixtures/course`), built and read back. Every
//! expectation is read from the fixture's sources: its readings' `reading.yaml`, its sections'
//! paragraphs, the words of its glossary and the citations its bodies write.

mod common;

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    let root = common::fixture("course");
    assert!(
        root.join("content/readings").is_dir(),
        "the course fixture is missing"
    );
    root
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    common::build(&fixture(), &out).success();
    (tmp, out)
}

fn page(out: &Path, path: &str) -> Html {
    Html::parse_document(&common::read(&out.join(path)))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// A YAML value of a flat file (`title: …`), unquoted.
fn yaml_value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(v.trim_matches('"').to_string())
    })
}

/// A section of the fixture as its source has it.
struct SourceSection {
    slug: String,
    title: String,
    paragraphs: usize,
}

struct SourceReading {
    slug: String,
    title: String,
    author: String,
    year: String,
    sections: Vec<SourceSection>,
}

/// The fixture's readings in their `order:`, with their sections and how many paragraphs
/// each has (blocks between blank lines; the fixture has no lists, headings or notes).
fn readings() -> Vec<SourceReading> {
    let base = fixture().join("content/readings");
    let mut found: Vec<(f64, SourceReading)> = std::fs::read_dir(&base)
        .unwrap()
        .flatten()
        .map(|e| {
            let slug = e.file_name().to_string_lossy().into_owned();
            let yaml = common::read(&e.path().join("reading.yaml"));
            let mut files: Vec<PathBuf> = std::fs::read_dir(e.path().join("essay"))
                .unwrap()
                .flatten()
                .map(|f| f.path())
                .collect();
            files.sort();
            let sections = files
                .iter()
                .map(|f| {
                    let text = common::read(f);
                    let (matter, body) = text
                        .strip_prefix("---\n")
                        .and_then(|t| t.split_once("\n---\n"))
                        .unwrap();
                    let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
                    SourceSection {
                        slug: yaml_value(matter, "slug")
                            .unwrap_or_else(|| stem.split_once('-').unwrap().1.to_string()),
                        title: yaml_value(matter, "title").unwrap(),
                        paragraphs: body.split("\n\n").filter(|b| !b.trim().is_empty()).count(),
                    }
                })
                .collect();
            (
                yaml_value(&yaml, "order").unwrap().parse().unwrap(),
                SourceReading {
                    slug,
                    title: yaml_value(&yaml, "title").unwrap(),
                    author: yaml_value(&yaml, "author").unwrap(),
                    year: yaml_value(&yaml, "year").unwrap(),
                    sections,
                },
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(found.len(), 3, "the fixture has three readings");
    found.into_iter().map(|(_, r)| r).collect()
}

#[test]
fn each_reading_numbers_its_own_paragraphs_and_its_sections_lead_through_it() {
    let (_tmp, out) = built();
    for reading in readings() {
        let mut next_number = 1;
        let n = reading.sections.len();
        for (i, section) in reading.sections.iter().enumerate() {
            let path = format!("readings/{}/{}/index.html", reading.slug, section.slug);
            let doc = page(&out, &path);
            let expected: Vec<String> = (next_number..next_number + section.paragraphs)
                .map(|p| format!("p{p}"))
                .collect();
            next_number += section.paragraphs;
            assert_eq!(
                attrs(&doc, "article.essay .numbered", "id"),
                expected,
                "{path}"
            );
            // The kicker names the reading and links its contents page.
            assert_eq!(
                texts(&doc, ".section-kicker .kicker-reading"),
                [reading.title.as_str()],
                "{path}"
            );
            assert_eq!(
                attrs(&doc, ".section-kicker .kicker-reading", "href"),
                [format!("../../../readings/{}/index.html", reading.slug)],
                "{path}"
            );
            let kicker = texts(&doc, ".section-kicker").join(" ");
            assert!(
                kicker.contains(&format!("Section {} of {n}", i + 1)),
                "{path}: {kicker}"
            );
            // Previous and next stay within the reading.
            let prev = attrs(&doc, "a[rel=prev]", "href");
            let next = attrs(&doc, "a[rel=next]", "href");
            let sibling = |j: usize| {
                vec![format!(
                    "../../../readings/{}/{}/index.html",
                    reading.slug, reading.sections[j].slug
                )]
            };
            assert_eq!(prev, if i == 0 { vec![] } else { sibling(i - 1) }, "{path}");
            assert_eq!(
                next,
                if i + 1 == n { vec![] } else { sibling(i + 1) },
                "{path}"
            );
        }
    }
}

#[test]
fn the_course_page_lists_the_readings_in_order_with_author_year_and_sections() {
    let (_tmp, out) = built();
    let home = page(&out, "index.html");
    let readings = readings();
    assert_eq!(
        texts(&home, ".reading-title"),
        readings.iter().map(|r| r.title.clone()).collect::<Vec<_>>()
    );
    let bylines = texts(&home, ".reading-byline");
    for (r, byline) in readings.iter().zip(&bylines) {
        assert_eq!(byline, &format!("{}, {}", r.author, r.year));
        let contents = page(&out, &format!("readings/{}/index.html", r.slug));
        assert_eq!(
            texts(&contents, ".contents-list .contents-title"),
            r.sections
                .iter()
                .map(|s| s.title.clone())
                .collect::<Vec<_>>()
        );
    }
    let sections: Vec<String> = readings
        .iter()
        .flat_map(|r| {
            r.sections
                .iter()
                .map(move |s| format!("readings/{}/{}/index.html", r.slug, s.slug))
        })
        .collect();
    assert_eq!(
        attrs(&home, ".readings-list .contents-list a", "href"),
        sections
    );
    // The course's pages come first among the rest.
    assert_eq!(
        attrs(&home, ".contents-pages a", "href")
            .first()
            .map(String::as_str),
        Some("syllabus/index.html")
    );
}

#[test]
fn essay_links_reach_a_reading_section_by_its_slug_alone_where_it_is_unique() {
    let (_tmp, out) = built();
    let syllabus = page(&out, "syllabus/index.html");
    let hrefs = attrs(&syllabus, "article a", "href");
    for want in [
        "../readings/declaration/text/index.html",
        "../readings/declaration/government/index.html",
        // `essay:faction`: only Federalist No. 10 has a section of that slug.
        "../readings/federalist-10/faction/index.html",
        "../readings/federalist-10/remedies/index.html#p5",
        "../readings/gettysburg/text/index.html#p1",
        // `essay:declaration`: a reading's slug alone is its contents page.
        "../readings/declaration/index.html",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} in {hrefs:?}");
    }
}

/// Whole-word, case-blind occurrences of `words` in the readings' sections, less those inside
/// an `except` phrase.
fn occurrences(words: &[&str], except: &[&str]) -> usize {
    let mut count = 0;
    for r in readings() {
        for s in &r.sections {
            let file = std::fs::read_dir(
                fixture()
                    .join("content/readings")
                    .join(&r.slug)
                    .join("essay"),
            )
            .unwrap()
            .flatten()
            .map(|e| common::read(&e.path()))
            .find(|t| t.contains(&format!("title: {}\n", s.title)))
            .unwrap();
            let body = file.rsplit("\n---\n").next().unwrap().to_lowercase();
            let word_chars = |c: char| c.is_alphanumeric();
            for w in words {
                for (at, _) in body.match_indices(w) {
                    let before = body[..at].chars().next_back();
                    let after = body[at + w.len()..].chars().next();
                    if before.is_some_and(word_chars) || after.is_some_and(word_chars) {
                        continue;
                    }
                    if except.iter().any(|e| body[at..].starts_with(e)) {
                        continue;
                    }
                    count += 1;
                }
            }
        }
    }
    count
}

#[test]
fn the_glossary_counts_every_reading_grouped_by_reading() {
    let (_tmp, out) = built();
    let glossary = page(&out, "glossary/index.html");
    let readings = readings();
    for (id, words, except) in [
        ("liberty", &["liberty"][..], &[][..]),
        ("faction", &["faction", "factions"][..], &[][..]),
        (
            "government",
            &["government", "governments"][..],
            &["government of the people"][..],
        ),
    ] {
        let expected = occurrences(words, except);
        assert!(expected > 0, "{id} occurs in the fixture");
        let places = glossary
            .select(&sel(&format!("[id='{id}'] .term-place")))
            .count();
        assert_eq!(places, expected, "{id}");
        let count = texts(&glossary, &format!("[id='{id}'] .term-count")).join("");
        assert!(
            count.starts_with(&format!("{expected} occurrence")),
            "{id}: {count}"
        );
        // Each reading heads its groups once, in the course's order.
        let heads = texts(&glossary, &format!("[id='{id}'] .group-reading"));
        let order: Vec<usize> = heads
            .iter()
            .map(|h| readings.iter().position(|r| &r.title == h).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{id}: {heads:?}");
    }
    // Liberty is in all three readings.
    assert_eq!(
        texts(&glossary, "[id='liberty'] .group-reading"),
        readings.iter().map(|r| r.title.clone()).collect::<Vec<_>>()
    );
}

/// How often each work's author and year are written in the course's bodies: `(Dahl 1956)`
/// and `Dahl (1956)`.
fn citations_written() -> BTreeMap<String, usize> {
    let bib = common::read(&fixture().join("content/bibliography.yaml"));
    let mut counts = BTreeMap::new();
    let bodies: Vec<String> = walkdir::WalkDir::new(fixture().join("content"))
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || e.file_name() == "glossary.yaml")
        })
        .map(|e| common::read(e.path()))
        .collect();
    for entry in bib.split("- id: ").skip(1) {
        let id = entry.lines().next().unwrap().trim().to_string();
        let family = entry
            .split("family: ")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        let year = entry
            .split("[[")
            .nth(1)
            .unwrap()
            .split("]]")
            .next()
            .unwrap();
        let n: usize = bodies
            .iter()
            .map(|b| {
                b.matches(&format!("{family} {year}")).count()
                    + b.matches(&format!("{family} ({year})")).count()
            })
            .sum();
        counts.insert(id, n);
    }
    counts
}

#[test]
fn the_citation_index_has_every_place_of_every_reading_and_page() {
    let (_tmp, out) = built();
    let index = page(&out, "citations/index.html");
    let written = citations_written();
    assert_eq!(written.len(), 4);
    for (id, n) in &written {
        assert!(*n > 0, "{id} is cited in the fixture");
        let links = attrs(&index, &format!("[id='{id}'] a"), "href");
        // Every link but the one to the work's entry in the bibliography is a citing place.
        let places: Vec<&String> = links
            .iter()
            .filter(|h| !h.starts_with("../bibliography/"))
            .collect();
        assert_eq!(places.len(), *n, "{id}: {links:?}");
    }
    // A work cited in a reading's gloss, a glossary entry and a page lists all three.
    let dahl = attrs(&index, "[id='dahl1956'] a", "href");
    assert!(dahl
        .iter()
        .any(|h| h.starts_with("../readings/federalist-10/faction/index.html#")));
    assert!(dahl
        .iter()
        .any(|h| h.starts_with("../glossary/index.html#")));
    assert!(dahl
        .iter()
        .any(|h| h.starts_with("../syllabus/index.html#")));
    // Places in the readings are headed by their reading.
    let heads = texts(&index, ".group-reading");
    for title in ["The Declaration of Independence", "The Gettysburg Address"] {
        assert!(heads.iter().any(|h| h == title), "{heads:?}");
    }
}

#[test]
fn shared_notes_and_glosses_anchor_in_the_reading_each_anchor_names() {
    let (_tmp, out) = built();
    // content/notes/year-1776.md names a reading on each of its two anchors.
    let note = page(&out, "notes/year-1776/index.html");
    let passages = attrs(&note, ".passage-place", "href");
    assert_eq!(
        passages,
        [
            "../../readings/declaration/text/index.html#note-year-1776-1",
            "../../readings/gettysburg/text/index.html#note-year-1776-2",
        ]
    );
    let declaration = page(&out, "readings/declaration/text/index.html");
    let mark = texts(&declaration, "[id='note-year-1776-1']").join("");
    assert!(
        mark.starts_with("When in the Course of human events"),
        "{mark}"
    );
    // A note in a reading's folder has its page among the notes, anchored in its reading.
    let publius = page(&out, "notes/publius/index.html");
    assert_eq!(
        attrs(&publius, ".passage-place", "href"),
        ["../../readings/federalist-10/faction/index.html#note-publius-1"]
    );
    // The list of glosses is grouped by reading, in the course's order.
    let glosses = page(&out, "glosses/index.html");
    let heads = texts(&glosses, ".gloss-section h2 .group-reading");
    let titles: Vec<String> = readings().iter().map(|r| r.title.clone()).collect();
    let mut order: Vec<usize> = heads
        .iter()
        .map(|h| titles.iter().position(|t| t == h).unwrap())
        .collect();
    order.dedup();
    assert_eq!(order, [0, 1, 2], "{heads:?}");
    // A shared gloss (content/glosses/proposition.md, `reading: gettysburg`).
    let gettysburg = page(&out, "readings/gettysburg/text/index.html");
    let passage = texts(&gettysburg, "[id='passage-proposition']").join("");
    assert!(passage.contains("all men are created equal"), "{passage}");
}

#[test]
fn the_course_reader_sets_each_reading_with_its_sections_in_order() {
    let (_tmp, out) = built();
    let html = common::read(&out.join("print/index.html"));
    let print = Html::parse_document(&html);
    let readings = readings();
    assert_eq!(
        attrs(&print, ".print-reading", "id"),
        readings
            .iter()
            .map(|r| format!("reading-{}", r.slug))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        texts(&print, ".print-reading .reading-title"),
        readings.iter().map(|r| r.title.clone()).collect::<Vec<_>>()
    );
    // Each reading's paragraphs are numbered from 1, with ids of their reading's.
    for r in &readings {
        let total: usize = r.sections.iter().map(|s| s.paragraphs).sum();
        let ids: Vec<String> = (1..=total).map(|p| format!("rd-{}-p{p}", r.slug)).collect();
        let found: Vec<String> = attrs(&print, ".numbered", "id")
            .into_iter()
            .filter(|id| id.starts_with(&format!("rd-{}-", r.slug)))
            .collect();
        assert_eq!(found, ids, "{}", r.slug);
    }
    let contents = texts(&print, ".print-contents li.reading > a");
    assert_eq!(
        contents,
        readings.iter().map(|r| r.title.clone()).collect::<Vec<_>>()
    );
    assert!(html.contains("A course reader"));
}

#[test]
fn the_course_builds_clean_under_strict_check() {
    common::glossator()
        .args(["check", "--strict", "--root"])
        .arg(fixture())
        .assert()
        .success();
}

#[test]
fn a_file_beside_a_readings_section_is_published_when_linked() {
    let (_tmp, root) = common::copy_fixture("course");
    let essay = root.join("content/readings/gettysburg/essay");
    std::fs::create_dir_all(essay.join("img")).unwrap();
    std::fs::write(essay.join("img/bliss.txt"), "the Bliss copy").unwrap();
    let section = essay.join("01-address.md");
    let text = common::read(&section);
    std::fs::write(&section, format!("{text}\n[The copy](img/bliss.txt)\n")).unwrap();
    let out = root.join("public");
    common::build(&root, &out).success();
    assert_eq!(
        common::read(&out.join("readings/gettysburg/essay/img/bliss.txt")),
        "the Bliss copy"
    );
    let doc = page(&out, "readings/gettysburg/text/index.html");
    assert!(attrs(&doc, "article a", "href")
        .iter()
        .any(|h| h == "../../../readings/gettysburg/essay/img/bliss.txt"));
}

#[test]
fn on_request_each_reading_is_a_print_document_of_its_own() {
    let yaml = common::read(&fixture().join("edition.yaml"));
    assert!(
        yaml.contains("per_reading: true"),
        "the fixture asks for them"
    );
    let (_tmp, out) = built();
    let readings = readings();
    for r in &readings {
        let html = common::read(&out.join(format!("print/{}/index.html", r.slug)));
        let doc = Html::parse_document(&html);
        assert_eq!(texts(&doc, ".book-title"), [r.title.as_str()]);
        // Its paragraphs, all of them and no other reading's.
        let total: usize = r.sections.iter().map(|s| s.paragraphs).sum();
        let ids: Vec<String> = (1..=total).map(|p| format!("rd-{}-p{p}", r.slug)).collect();
        assert_eq!(attrs(&doc, ".numbered", "id"), ids, "{}", r.slug);
        // Its notes: those with an anchor in it (the fixture's notes say where they anchor).
        let mut notes: Vec<String> = Vec::new();
        for (dir, shared) in [
            (fixture().join("content/notes"), true),
            (
                fixture()
                    .join("content/readings")
                    .join(&r.slug)
                    .join("notes"),
                false,
            ),
        ] {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let text = common::read(&e.path());
                if !shared || text.contains(&format!("reading: {}\n", r.slug)) {
                    notes.push(yaml_value(&text, "title").unwrap());
                }
            }
        }
        notes.sort();
        let mut found = texts(&doc, ".print-note h2");
        found.sort();
        assert_eq!(found, notes, "{}", r.slug);
        // A link within the document reaches an id of it; one to what it leaves out goes to
        // the course reader, which has it.
        let own: std::collections::HashSet<String> =
            attrs(&doc, "[id]", "id").into_iter().collect();
        let reader = page(&out, "print/index.html");
        let all: std::collections::HashSet<String> =
            attrs(&reader, "[id]", "id").into_iter().collect();
        for href in attrs(&doc, "a[href]", "href") {
            if let Some(id) = href.strip_prefix('#') {
                assert!(own.contains(id), "{}: {href}", r.slug);
            } else if let Some(id) = href.strip_prefix("../index.html#") {
                assert!(all.contains(id) && !own.contains(id), "{}: {href}", r.slug);
            }
        }
    }
    // Liberty is in every reading, so every reading's glossary has it.
    for r in &readings {
        let doc = page(&out, &format!("print/{}/index.html", r.slug));
        assert!(
            attrs(&doc, ".print-term", "id").contains(&"gl-liberty".to_string()),
            "{}",
            r.slug
        );
    }
}

#[test]
fn the_list_of_notes_says_which_readings_each_note_explains() {
    let (_tmp, out) = built();
    let notes = page(&out, "notes/index.html");
    // content/notes/year-1776.md anchors in the Declaration and the Gettysburg Address.
    let titles: Vec<String> = readings().iter().map(|r| r.title.clone()).collect();
    let item = notes
        .select(&sel(".note-list li"))
        .find(|li| li.text().any(|t| t.contains("The year 1776")))
        .expect("the note is listed");
    let readings: String = item
        .select(&sel(".note-readings"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        readings.contains(&titles[0]) && readings.contains(&titles[2]),
        "{readings}"
    );
    assert!(!readings.contains(&titles[1]), "{readings}");
}
