//! The print edition, typeset to PDF in-process by Typst and read back with pdf-extract, a
//! Rust crate, so that these tests need nothing but Rust: the essay whole, every gloss as a
//! lemma note, sidenotes numbered without gaps, contents that give the right pages, no blank
//! page. Page images are saved under `target/test-artifacts/print/` for a person to look at
//! where poppler's `pdftoppm` is installed (CI installs it).

mod common;

use common::{read, repo_root};
use glossator::cmd::build;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The edition built once with `--pdf`, and its text page by page.
struct Printed {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    pages: Vec<String>,
}

/// The text of each page of a PDF.
fn pages_of(pdf: &Path) -> Vec<String> {
    let bytes = std::fs::read(pdf).expect("the PDF is written");
    assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", pdf.display());
    pdf_extract::extract_text_from_mem_by_pages(&bytes).expect("pdf-extract reads the PDF")
}

fn printed() -> &'static Printed {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    PRINTED.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        if let Err(f) = build::run(&build::Options {
            root: repo_root(),
            output: Some(out.clone()),
            force: false,
            pdf: true,
            drafts: false,
            minify: false,
        }) {
            match f {
                glossator::Failure::Tool { message, help } => panic!("{message}: {help}"),
                _ => panic!("the edition builds"),
            }
        }
        let pages = pages_of(&out.join("edition.pdf"));
        Printed {
            _tmp: tmp,
            out,
            pages,
        }
    })
}

/// The text of each page of a fixture's PDF, built by the command line with `--pdf`.
fn fixture_pdf(name: &str) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_cmd::Command::cargo_bin("glossator")
        .unwrap()
        .args(["build", "--pdf", "--root"])
        .arg(common::fixture(name))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    pages_of(&out.join("edition.pdf"))
}

/// How many glosses the edition has: its files in `content/glosses/`.
fn gloss_files() -> usize {
    std::fs::read_dir(repo_root().join("content/glosses"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count()
}

/// Text for comparing across line and page breaks: quotes folded, the page's note markers
/// (◊ †), hyphens and white space dropped (pdftotext joins a word hyphenated at a line's end,
/// but not at a page's).
fn squeeze(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '◊' | '†' | '-' | '\u{ad}' | '\u{2060}'))
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect()
}

/// Whether `part` is in `whole` as a few long runs in order: a page break may put a running
/// head, a page number and the page's footnotes between two runs, but nothing else may differ.
fn contains_in_order(whole: &[char], part: &[char]) -> bool {
    const PROBE: usize = 16;
    const MAX_RUNS: usize = 8;
    const MAX_GAP: usize = 12_000;
    let find = |from: usize, needle: &[char]| -> Option<usize> {
        let end = (from + MAX_GAP + needle.len()).min(whole.len());
        (from..end.saturating_sub(needle.len() - 1))
            .find(|&i| whole[i..i + needle.len()] == *needle)
    };
    let first = &part[..part.len().min(PROBE)];
    let mut starts = (0..whole.len().saturating_sub(first.len() - 1))
        .filter(|&i| whole[i..i + first.len()] == *first);
    starts.any(|start| {
        let (mut i, mut j, mut runs) = (0, start, 1);
        while i < part.len() {
            if j < whole.len() && whole[j] == part[i] {
                i += 1;
                j += 1;
                continue;
            }
            runs += 1;
            let probe = &part[i..(i + PROBE).min(part.len())];
            match find(j, probe) {
                Some(next) if runs <= MAX_RUNS => j = next,
                _ => return false,
            }
        }
        true
    })
}

#[test]
fn every_paragraph_of_the_essay_is_in_the_pdf() {
    let pdf = squeeze(&printed().pages.join("\n"));
    let seed = read(&repo_root().join("tests/fixtures/seed/essay.txt"));
    let mut checked = 0;
    for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let para = squeeze(line);
        assert!(
            contains_in_order(&pdf, &para),
            "missing from the PDF: {line}"
        );
        checked += 1;
    }
    assert_eq!(checked, 62);
}

#[test]
fn every_gloss_and_note_text_is_in_the_pdf() {
    let p = printed();
    let pdf = squeeze(&p.pages.join("\n"));
    let glosses = Html::parse_document(&read(&p.out.join("glosses/index.html")));
    let sel = Selector::parse(".gloss-text").unwrap();
    let mut checked = 0;
    for g in glosses.select(&sel) {
        let text: String = g.text().collect();
        assert!(
            contains_in_order(&pdf, &squeeze(&text)),
            "gloss missing from the PDF: {text}"
        );
        checked += 1;
    }
    // One entry per gloss file of the edition.
    let files = gloss_files();
    assert_eq!(checked, files);
    // Every sidenote of the essay, were there any, is in the section pages; check them too.
    let sidenote = Selector::parse(".sidenote, .marginnote").unwrap();
    for entry in std::fs::read_dir(p.out.join("essay")).unwrap() {
        let page = Html::parse_document(&read(&entry.unwrap().path().join("index.html")));
        for n in page.select(&sidenote) {
            let text: String = n.text().collect();
            assert!(
                contains_in_order(&pdf, &squeeze(&text)),
                "note missing: {text}"
            );
        }
    }
}

#[test]
fn the_contents_give_the_pages_where_the_sections_begin() {
    let pages = &printed().pages;
    let contents = pages
        .iter()
        .position(|p| p.contains("Contents"))
        .expect("a contents page");
    let mut checked = 0;
    for line in pages[contents].lines() {
        // "Title ........ 13"
        let Some((title, number)) = line.rsplit_once(['.', ' ']) else {
            continue;
        };
        let Ok(page) = number.trim().parse::<usize>() else {
            continue;
        };
        let title = title.trim_end_matches(['.', ' ']).trim();
        if title.is_empty() {
            continue;
        }
        let text = &pages[page - 1];
        let wanted = squeeze(title);
        let starts = |page_text: &str| {
            // The title stands at the head of the page, after a running head at most.
            let head: String = page_text.lines().take(8).collect();
            squeeze(&head)
                .windows(wanted.len())
                .any(|w| w == wanted.as_slice())
        };
        assert!(
            starts(text),
            "“{title}” does not begin page {page}: {:?}",
            text.lines().take(8).collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} contents lines read");
}

#[test]
fn no_page_is_blank() {
    for (i, page) in printed().pages.iter().enumerate() {
        let words = page
            .split_whitespace()
            .filter(|w| w.parse::<usize>().is_err())
            .count();
        assert!(words > 3, "page {} is blank: {page:?}", i + 1);
    }
}

#[test]
fn page_images_are_saved_for_a_person_to_look_at() {
    let p = printed();
    let dir = repo_root().join("target/test-artifacts/print");
    std::fs::create_dir_all(&dir).unwrap();
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        eprintln!("pdftoppm is not installed: no page images");
        return;
    }
    let footnotes = p
        .pages
        .iter()
        .position(|t| t.contains("¶") && t.contains("] "))
        .expect("a page with lemma notes at its foot")
        + 1;
    let index = p
        .pages
        .iter()
        .rposition(|t| t.contains("Citation index"))
        .expect("the citation index")
        + 1;
    for (name, page) in [
        ("title", 1),
        ("footnotes", footnotes),
        ("citation-index", index),
    ] {
        let prefix = dir.join(name);
        let status = Command::new("pdftoppm")
            .args([
                "-png",
                "-r",
                "70",
                "-singlefile",
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
            ])
            .arg(p.out.join("edition.pdf"))
            .arg(&prefix)
            .status()
            .expect("pdftoppm (poppler-utils) is installed");
        assert!(status.success());
        let png = Path::new(&prefix).with_extension("png");
        assert!(
            std::fs::metadata(&png).unwrap().len() > 5_000,
            "{} is an image",
            png.display()
        );
    }
}

/// A copy of a fixture with `print:` settings added to its edition.yaml, built without
/// `--pdf`; the output folder.
fn built_with_print_settings(fixture: &str, print: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, root) = common::copy_fixture(fixture);
    let config = root.join("edition.yaml");
    let mut yaml = read(&config);
    yaml.push_str(&format!("\nprint: {{{print}}}\n"));
    std::fs::write(&config, yaml).unwrap();
    let out = tmp.path().join("public");
    assert_cmd::Command::cargo_bin("glossator")
        .unwrap()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    (tmp, out)
}

#[test]
fn print_pdf_true_makes_the_pdf_with_every_build_and_links_it() {
    let (_tmp, out) = built_with_print_settings("small", "pdf: true");
    let pages = pages_of(&out.join("edition.pdf"));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let index = read(&out.join("index.html"));
    assert!(index.contains(r#"href="edition.pdf""#), "{index}");
}

#[test]
fn an_archival_or_accessible_standard_is_kept_on_request() {
    for (standard, mark) in [
        ("pdf-a-2b", &b"pdfaid:part"[..]),
        ("pdf-ua-1", &b"pdfuaid:part"[..]),
    ] {
        let (_tmp, out) =
            built_with_print_settings("small", &format!("pdf: true, standard: {standard}"));
        let bytes = std::fs::read(out.join("edition.pdf")).unwrap();
        assert!(
            bytes.windows(mark.len()).any(|w| w == mark),
            "{standard}: the PDF declares it in its metadata"
        );
    }
}

#[test]
fn every_link_of_the_print_document_stays_inside_it() {
    let compiled = glossator::cmd::compile(&repo_root()).unwrap_or_else(|_| panic!("compiles"));
    let page = compiled
        .files
        .iter()
        .find(|f| f.path == Path::new("print/index.html"))
        .expect("the print edition is built");
    let doc = Html::parse_document(std::str::from_utf8(&page.bytes).unwrap());
    let ids: std::collections::HashSet<&str> = doc
        .select(&Selector::parse("[id]").unwrap())
        .map(|e| e.attr("id").unwrap())
        .collect();
    let mut links = 0;
    for a in doc.select(&Selector::parse("a[href]").unwrap()) {
        let href = a.attr("href").unwrap();
        if href.contains("://") {
            continue;
        }
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("a link leaves the document: {href}"));
        assert!(ids.contains(target), "#{target} is not in the document");
        links += 1;
    }
    assert!(links > 1000, "{links} links");
    // Each essay section, note and index is there once.
    for id in [
        "essay-introduction",
        "essay-conclusions",
        "note-kornilov-affair",
        "gl-soviet",
        "bib-anweiler1975",
        "ci-anweiler1975",
    ] {
        assert!(ids.contains(id), "{id}");
    }
}

/// tests/fixtures/primary sets a gloss before each of its two sidenotes: the sidenotes are
/// numbered 1 and 2 at the foot of the page, whatever else stands there.
#[test]
fn sidenotes_are_numbered_one_two_three_in_the_pdf() {
    let text = squeeze(&fixture_pdf("primary").join("\n"));
    // The fixture's two sidenotes, from its sources: each starts its note at the page's foot
    // with its number, and no third number is given to a gloss between them.
    for note in ["1On the editions", "2Five pairs"] {
        assert!(
            contains_in_order(&text, &squeeze(note)),
            "{note}: {}",
            text.iter().collect::<String>()
        );
    }
    assert!(!contains_in_order(&text, &squeeze("3Five pairs")));
}

/// Each gloss of the edition at the foot of a page as a lemma note: its paragraph, the first
/// words of its passage, a bracket, the gloss; the passages and glosses read from the print
/// document.
#[test]
fn every_gloss_is_a_lemma_note_with_its_paragraph_and_words() {
    let p = printed();
    let pdf = squeeze(&p.pages.join("\n"));
    let doc = Html::parse_document(&read(&p.out.join("print/index.html")));
    let passage = Selector::parse("mark.gloss-passage[id]").unwrap();
    let mut checked = 0;
    for mark in doc.select(&passage) {
        let id = mark.attr("id").unwrap();
        let slug = id.strip_prefix("passage-").unwrap();
        let paragraph = mark
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find_map(|a| {
                a.attr("id")
                    .and_then(|i| i.strip_prefix('p'))
                    .map(str::to_string)
            })
            .expect("a passage is in a numbered paragraph");
        let gloss = doc
            .select(&Selector::parse(&format!("#gloss-{slug}")).unwrap())
            .next()
            .unwrap();
        let gloss_text: String = gloss
            .children()
            .skip(1)
            .filter_map(scraper::ElementRef::wrap)
            .flat_map(|e| e.text())
            .chain(
                gloss
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| &**t)),
            )
            .collect();
        let first_words: String = gloss_text
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        // A passage split by an element in it (a term's link) is one passage in fragments.
        let passage_text: String = doc
            .select(&Selector::parse(&format!(r#"mark[data-gloss="{slug}"]"#)).unwrap())
            .flat_map(|m| m.text())
            .collect();
        let note = squeeze(&format!(
            "{}] {first_words}",
            glossator::typeset::markup::lemma(&passage_text)
        ));
        // The paragraph's number stands before the lemma, and the passage's page between them
        // when the note is carried over to the next page: "¶32 (p. 14) elites like … Musk]".
        let number = squeeze(&format!("¶{paragraph}"));
        let found = (0..pdf.len().saturating_sub(note.len())).any(|i| {
            pdf[i..i + note.len()] == *note && {
                let before = &pdf[i.saturating_sub(number.len() + 8)..i];
                // ¶3 is not ¶32: the number ends where a digit does not follow.
                (0..before.len().saturating_sub(number.len() - 1)).any(|k| {
                    before[k..k + number.len()] == *number
                        && !before
                            .get(k + number.len())
                            .is_some_and(char::is_ascii_digit)
                })
            }
        });
        assert!(
            found,
            "not at a page's foot: ¶{paragraph} {}",
            note.iter().collect::<String>()
        );
        checked += 1;
    }
    let files = gloss_files();
    assert_eq!(checked, files, "one passage for each gloss file");
}

#[test]
fn the_site_links_the_print_edition_and_the_pdf_it_made() {
    let out = &printed().out;
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"href="print/index.html""#), "{index}");
    assert!(index.contains(r#"href="edition.pdf""#), "{index}");
    let section = std::fs::read_to_string(out.join("essay/introduction/index.html")).unwrap();
    assert!(section.contains(r#"href="../../edition.pdf""#));
    assert!(section.contains(r#"href="../../print/index.html""#));
    assert!(out.join("edition.pdf").is_file());
}

/// No paragraph ends in a line of one word: a line that is one word, ends a sentence and is
/// followed by a paragraph's end, after a line that does not end in a hyphen.
#[test]
fn no_paragraph_ends_in_a_line_of_one_word() {
    // This edition, and a course whose last words are often a term's link.
    let mut pages = printed().pages.clone();
    pages.extend(fixture_pdf("course"));
    let mut runts = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let lines: Vec<&str> = page.lines().map(str::trim).collect();
        for k in 1..lines.len().saturating_sub(1) {
            let (before, line, after) = (lines[k - 1], lines[k], lines[k + 1]);
            let one_word = !line.is_empty()
                && !line.contains([' ', '\u{a0}'])
                && line.ends_with(['.', '?', '!', ';', ':', '”', '’', ')'])
                && !line.starts_with(|c: char| c.is_ascii_digit() || c == '¶' || c == '[');
            let broken_word = before.ends_with(['-', '\u{ad}']);
            if one_word && !before.is_empty() && after.is_empty() && !broken_word {
                runts.push(format!("page {}: …{} / {line}", i + 1, before));
            }
        }
    }
    assert!(runts.is_empty(), "{runts:#?}");
}

/// The same edition makes the same PDF: no date, no random identifier.
#[test]
fn the_pdf_is_the_same_from_one_build_to_the_next() {
    let first = std::fs::read(printed().out.join("edition.pdf")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert!(build::run(&build::Options {
        root: repo_root(),
        output: Some(out.clone()),
        force: false,
        pdf: true,
        drafts: false,
        minify: false,
    })
    .is_ok());
    assert!(std::fs::read(out.join("edition.pdf")).unwrap() == first);
}
