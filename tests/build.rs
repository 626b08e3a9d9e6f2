//! Building fixture editions: the pages made, the transforms seen in them, the links between
//! them, theme overrides, and what a failed build leaves behind.

mod common;

use common::{copy_fixture, read, tree};
use glossator::cmd::{build, check};
use glossator::Failure;
use scraper::{Html, Selector};
use std::fs;
use std::path::{Path, PathBuf};

fn build_to(root: &Path, output: &Path) -> Result<build::Report, Failure> {
    build::run(&build::Options {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        force: false,
        pdf: false,
        drafts: false,
        minify: false,
    })
}

fn edition_errors(result: Result<impl Sized, Failure>) -> Vec<String> {
    match result {
        Err(Failure::Edition(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
        Err(Failure::Usage { message, .. }) => {
            panic!("expected edition errors, got misuse: {message}")
        }
        Err(Failure::Io { error, .. }) => panic!("expected edition errors, got I/O: {error}"),
        Err(Failure::Tool { message, .. }) => panic!("expected edition errors, got: {message}"),
        Ok(_) => panic!("expected edition errors, the build succeeded"),
    }
}

#[test]
fn a_small_edition_builds_every_page_kind() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    let report = build_to(&root, &out).unwrap_or_else(|_| panic!("builds"));
    for page in [
        "index.html",
        "404.html",
        "print/index.html",
        "sitemap.xml",
        "essay/first/index.html",
        "essay/second/index.html",
        "about/index.html",
        "search/index.html",
        "search/index.js",
        "static/glossator.css",
        "static/glossator.js",
        "static/search.js",
        "static/highlight.css",
        "robots.txt",
    ] {
        assert!(out.join(page).is_file(), "{page} is built");
    }
    assert_eq!(
        report.pages, 7,
        "index, two sections, about, 404, print, search"
    );
    assert_eq!(read(&out.join("robots.txt")), "static file\n");
}

#[test]
fn paragraphs_are_numbered_across_sections_and_notes_sit_at_their_reference() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build_to(&root, &out).unwrap_or_else(|_| panic!("builds"));
    let first = Html::parse_document(&read(&out.join("essay/first/index.html")));
    let second = Html::parse_document(&read(&out.join("essay/second/index.html")));
    let ids = |doc: &Html| -> Vec<String> {
        let sel = Selector::parse("article.essay .numbered").unwrap();
        doc.select(&sel)
            .map(|e| e.attr("id").unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&first), ["p1", "p2", "p3", "p4"]);
    assert_eq!(ids(&second), ["p5", "p6"]);

    let sel = Selector::parse("#p1 > .sidenote").unwrap();
    let note = first
        .select(&sel)
        .next()
        .expect("the sidenote is inside ¶1");
    assert!(note.text().collect::<String>().contains("housed the Duma"));
    let sel = Selector::parse("#p2 > .marginnote").unwrap();
    let margin = first
        .select(&sel)
        .next()
        .expect("the margin note is inside ¶2");
    assert!(margin.text().collect::<String>().contains("safeguard"));
    let sel = Selector::parse("button.note-toggle[aria-expanded=false][aria-controls]").unwrap();
    assert_eq!(first.select(&sel).count(), 2, "each note has its toggle");

    let sel = Selector::parse("blockquote#p3 p").unwrap();
    assert_eq!(
        first.select(&sel).count(),
        2,
        "a quotation's paragraphs share its number"
    );
    let sel = Selector::parse("pre.code code.language-rust span").unwrap();
    assert!(
        second.select(&sel).next().is_some(),
        "code is highlighted with classes"
    );
}

/// Every relative link of every page leads to a file of the site, and its #fragment to an id.
#[test]
fn every_internal_link_resolves() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build_to(&root, &out).unwrap_or_else(|_| panic!("builds"));
    let links = Selector::parse("a[href], link[href], script[src]").unwrap();
    let mut checked = 0;
    for (path, _) in tree(&out) {
        if path.extension().is_none_or(|e| e != "html") || path == Path::new("404.html") {
            continue;
        }
        let page = out.join(&path);
        let doc = Html::parse_document(&read(&page));
        for el in doc.select(&links) {
            let href = el.attr("href").or(el.attr("src")).unwrap();
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target: PathBuf = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            assert!(
                target.is_file(),
                "{}: link {href} leads nowhere",
                path.display()
            );
            if !fragment.is_empty() {
                let target_doc = Html::parse_document(&read(&target));
                let sel = Selector::parse(&format!("[id=\"{fragment}\"]")).unwrap();
                assert!(
                    target_doc.select(&sel).next().is_some(),
                    "{}: link {href} names no id",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links checked");
}

#[test]
fn the_sitemap_lists_every_page_at_the_published_address() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build_to(&root, &out).unwrap_or_else(|_| panic!("builds"));
    let sitemap = read(&out.join("sitemap.xml"));
    for url in [
        "<loc>https://example.org/small/</loc>",
        "<loc>https://example.org/small/essay/first/</loc>",
        "<loc>https://example.org/small/essay/second/</loc>",
        "<loc>https://example.org/small/about/</loc>",
    ] {
        assert!(sitemap.contains(url), "{url} missing from {sitemap}");
    }
    let not_found = read(&out.join("404.html"));
    assert!(
        not_found.contains("https://example.org/small/index.html"),
        "404 links absolutely"
    );
}

#[test]
fn a_build_that_fails_midway_leaves_the_previous_output_byte_for_byte() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build_to(&root, &out).unwrap_or_else(|_| panic!("first build"));
    let before = tree(&out);

    // The essay is fine; the section template fails while pages are being rendered.
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/section.html"),
        "{% extends \"base.html\" %}{% block main %}{{ section.no_such_field.deeper }}{% endblock main %}",
    )
    .unwrap();
    fs::write(
        root.join("content/essay/03-third.md"),
        "---\ntitle: Third\n---\nNew.\n",
    )
    .unwrap();
    let errors = edition_errors(build_to(&root, &out));
    assert!(
        errors[0].starts_with("templates/section.html"),
        "{errors:?}"
    );
    assert_eq!(tree(&out), before, "the old output is untouched");
    let siblings: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        siblings.len(),
        2,
        "no temporary folder is left behind: {siblings:?}"
    );
}

#[test]
fn links_to_missing_targets_are_reported_with_file_and_line() {
    let (tmp, root) = copy_fixture("broken-link");
    let errors = edition_errors(build_to(&root, &tmp.path().join("public")));
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "content/essay/one.md:6: error: link to a missing essay section: `essay:nowhere`"
        ),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("content/essay/one.md:7: error: `essay:one` has no place `#p40`"),
        "{errors:?}"
    );
    assert!(!tmp.path().join("public").exists(), "nothing is written");
    // check reports the same problems and writes nothing either.
    assert_eq!(edition_errors(check::run(&root, false)), errors);
}

#[test]
fn a_foreign_output_folder_is_refused_and_left_alone() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("site");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "someone's work").unwrap();
    match build_to(&root, &out) {
        Err(Failure::Usage { message, help }) => {
            assert!(message.contains("not made by glossator"), "{message}");
            assert!(help.contains("--force"), "{help}");
        }
        _ => panic!("the build must refuse"),
    }
    assert_eq!(
        tree(&out),
        vec![(PathBuf::from("notes.txt"), b"someone's work".to_vec())]
    );
}

#[test]
fn an_edition_template_overrides_the_theme_by_name() {
    let (tmp, root) = copy_fixture("small");
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<p class=\"mine\">{{ page.title }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build_to(&root, &out).unwrap_or_else(|_| panic!("builds"));
    let about = read(&out.join("about/index.html"));
    assert!(about.contains("mine"), "{about}");
    assert!(
        read(&out.join("essay/first/index.html")).contains("sidenote"),
        "other templates stay the theme's"
    );
}

#[test]
fn front_matter_errors_name_the_file_and_line() {
    let (tmp, root) = copy_fixture("small");
    fs::write(
        root.join("content/essay/03-bad.md"),
        "---\ntitle: Bad\nordre: 3\n---\nText.\n",
    )
    .unwrap();
    fs::write(root.join("content/pages/notitle.md"), "Just text.\n").unwrap();
    let errors = edition_errors(build_to(&root, &tmp.path().join("public")));
    assert!(
        errors.iter().any(|e| e
            .starts_with("content/essay/03-bad.md:3: error: unknown key `ordre`")
            && e.contains("did you mean `order`?")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                .starts_with("content/pages/notitle.md:1: error: the front matter has no title")),
        "{errors:?}"
    );
}

/// Pages take the front matter of Hugo's and Zola's pages: a description (the meta
/// description), a date (shown, and the order of dated pages) and `draft: true` (left out
/// unless `--drafts`). A section takes none of them.
#[test]
fn pages_take_description_date_and_draft() {
    let (tmp, root) = copy_fixture("small");
    let page = |name: &str, matter: &str| {
        fs::write(
            root.join("content/pages").join(name),
            format!("---\n{matter}\n---\nText of {name}.\n"),
        )
        .unwrap();
    };
    page(
        "week-2.md",
        "title: Week two\ndate: 2026-03-21\ndescription: \"Readings: the soviets\"",
    );
    page("week-1.md", "title: Week one\ndate: 2026-03-14T09:00:00Z");
    page("notes-to-self.md", "title: Unfinished\ndraft: true");
    let out = tmp.path().join("out");
    build_to(&root, &out).unwrap_or_else(|f| panic!("{}", common::describe(f)));
    let week2 = Html::parse_document(&read(&out.join("week-2/index.html")));
    let meta = week2
        .select(&Selector::parse(r#"meta[name="description"]"#).unwrap())
        .next()
        .expect("a meta description");
    assert_eq!(meta.attr("content"), Some("Readings: the soviets"));
    let time = week2
        .select(&Selector::parse("time").unwrap())
        .next()
        .expect("the date is shown");
    assert_eq!(time.attr("datetime"), Some("2026-03-21"));
    assert!(!out.join("notes-to-self").exists(), "a draft is not built");
    // Dated pages come in the order of their dates, whatever their file names.
    let home = read(&out.join("index.html"));
    let one = home.find("Week one").expect("week one is listed");
    let two = home.find("Week two").expect("week two is listed");
    assert!(one < two, "week one before week two");

    let drafts = tmp.path().join("drafts");
    build::run(&build::Options {
        root: root.clone(),
        output: Some(drafts.clone()),
        force: false,
        pdf: false,
        drafts: true,
        minify: false,
    })
    .unwrap_or_else(|f| panic!("{}", common::describe(f)));
    assert!(drafts.join("notes-to-self/index.html").is_file());

    page("week-3.md", "title: Week three\ndate: next week");
    let errors = edition_errors(build_to(&root, &tmp.path().join("bad")));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/pages/week-3.md:3: error: `next week` is not a date")),
        "{errors:#?}"
    );
    fs::remove_file(root.join("content/pages/week-3.md")).unwrap();
    let first = read(&root.join("content/essay/01-first.md"));
    fs::write(
        root.join("content/essay/01-first.md"),
        first.replacen("order: 1", "order: 1\ndate: 2026-01-01", 1),
    )
    .unwrap();
    let errors = edition_errors(build_to(&root, &tmp.path().join("bad2")));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/essay/01-first.md:4: error: `date` is for pages")),
        "{errors:#?}"
    );
}

#[test]
fn every_page_s_body_is_in_the_print_document_as_on_its_page() {
    // The transform lets each page's source go once its page is made; the print document
    // reads the file again. Pages with a byte-order mark and decomposed accents read again
    // as they were read first.
    let (tmp, root) = copy_fixture("small");
    let pages = root.join("content/pages");
    fs::write(
        pages.join("cafe.md"),
        "\u{feff}---\ntitle: Café\n---\nThe caf\u{65}\u{301} of the *seminar*.\n",
    )
    .unwrap();
    for k in 0..40 {
        fs::write(
            pages.join(format!("p{k:02}.md")),
            format!("---\ntitle: Page {k}\n---\nThe body of page number {k} alone.\n"),
        )
        .unwrap();
    }
    let out = tmp.path().join("site");
    build_to(&root, &out).expect("the edition builds");
    let print = read(&out.join("print/index.html"));
    let cafe = read(&out.join("cafe/index.html"));
    let sentence = "The caf\u{e9} of the <em>seminar</em>.";
    assert!(cafe.contains(sentence), "{cafe}");
    assert!(
        print.contains(sentence),
        "the print document has the café page"
    );
    assert!(print.contains("An about page, linking to"));
    for k in 0..40 {
        assert_eq!(
            print
                .matches(&format!("The body of page number {k} alone."))
                .count(),
            1,
            "page {k} once in the print document"
        );
    }
}

#[test]
fn every_note_s_body_is_in_the_print_document_as_on_its_page() {
    // Notes take the pages' road: their sources are let go in the transform and read again
    // for the print document.
    let (tmp, root) = copy_fixture("annotated");
    let note = fs::read_to_string(root.join("content/notes/czars.md")).unwrap();
    let (_, body) = note.rsplit_once("---\n").unwrap();
    let body = body.trim();
    assert!(!body.is_empty());
    let out = tmp.path().join("site");
    build_to(&root, &out).expect("the edition builds");
    let print = read(&out.join("print/index.html"));
    let page = read(&out.join("notes/czars/index.html"));
    assert!(page.contains(body), "{page}");
    assert_eq!(
        print.matches(body).count(),
        1,
        "the note once in the print document"
    );
}
