//! Glosses and historical notes: anchored by quote, woven into the essay as well-formed HTML,
//! listed on their own pages; and every way an anchor can fail, reported with its file.

mod common;

use common::{copy_fixture, describe, read, well_formed};
use glossator::cmd::{build, check, compile};
use glossator::Failure;
use scraper::{Html, Selector};
use std::fs;
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("annotated");
    let out = tmp.path().join("public");
    build::run(&build::Options {
        root,
        output: Some(out.clone()),
        force: false,
        pdf: false,
        drafts: false,
        minify: false,
    })
    .unwrap_or_else(|f| panic!("builds: {}", describe(f)));
    (tmp, out)
}

fn select_text(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.text().collect()).collect()
}

#[test]
fn a_quote_across_emphasis_and_a_link_marks_the_whole_passage() {
    let (_tmp, out) = built();
    let doc = Html::parse_document(&read(&out.join("essay/one/index.html")));
    let fragments = select_text(&doc, "#p1 mark[data-gloss=sword]");
    assert_eq!(fragments.concat(), "sword and trowel are one and the");
    assert!(
        fragments.len() >= 3,
        "split at the emphasis and the link: {fragments:?}"
    );
    assert_eq!(
        select_text(&doc, "#p1 em mark").concat(),
        "sword and trowel"
    );
    assert_eq!(select_text(&doc, "#p1 a mark").concat(), "one and the");
    // The gloss itself sits outside the link, in the paragraph, beside its passage.
    let gloss = select_text(&doc, "#p1 > span.gloss#gloss-sword");
    assert!(gloss[0].contains("Nehemiah"), "{gloss:?}");
    assert_eq!(select_text(&doc, "a span.gloss").len(), 0);
}

#[test]
fn straight_quotes_match_typographic_text() {
    let (_tmp, out) = built();
    let doc = Html::parse_document(&read(&out.join("essay/one/index.html")));
    assert_eq!(
        select_text(&doc, "mark[data-gloss=council]").concat(),
        "The workers’ “council” met"
    );
}

#[test]
fn prefix_and_section_single_out_a_repeated_quote() {
    let (_tmp, out) = built();
    let one = Html::parse_document(&read(&out.join("essay/one/index.html")));
    let two = Html::parse_document(&read(&out.join("essay/two/index.html")));
    let p2 = one
        .select(&Selector::parse("#p2").unwrap())
        .next()
        .unwrap()
        .html();
    let marked = p2.find("passage-czar-returned").unwrap();
    assert!(p2[..marked].contains("Then"), "the czar after “Then”: {p2}");
    assert_eq!(
        select_text(&two, "mark[data-gloss=czar-two]").concat(),
        "the czar"
    );
    assert!(select_text(&one, "mark[data-gloss=czar-two]").is_empty());
}

#[test]
fn every_marked_paragraph_is_well_formed_html() {
    let (_tmp, root) = copy_fixture("annotated");
    let compiled = compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    let mut checked = 0;
    for file in compiled
        .files
        .iter()
        .filter(|f| f.path.starts_with("essay"))
    {
        let html = String::from_utf8(file.bytes.clone()).unwrap();
        let start = html.find("<article").unwrap();
        let end = html.find("</article>").unwrap() + "</article>".len();
        well_formed(&html[start..end]).unwrap_or_else(|e| panic!("{}: {e}", file.path.display()));
        checked += 1;
    }
    assert_eq!(checked, 2);
    // The checker itself catches crossed elements.
    assert!(well_formed("<p><em><mark>a</em></mark></p>").is_err());
}

#[test]
fn notes_list_their_passages_and_related_notes_both_ways() {
    let (_tmp, out) = built();
    let councils = Html::parse_document(&read(&out.join("notes/councils/index.html")));
    let places = select_text(&councils, ".passage-list .passage-place");
    assert_eq!(places, ["One, ¶3", "Two, ¶4"], "in the order of the text");
    assert_eq!(
        select_text(&councils, ".passage-list mark"),
        ["part-of-no-part", "council met again"]
    );
    let href = councils
        .select(&Selector::parse(".passage-place").unwrap())
        .next()
        .unwrap()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(href, "../../essay/one/index.html#note-councils-2");
    assert_eq!(select_text(&councils, ".related-list a"), ["The czars"]);
    // czars names no related note, but councils names it: the relation shows on both pages.
    let czars = Html::parse_document(&read(&out.join("notes/czars/index.html")));
    assert_eq!(select_text(&czars, ".related-list a"), ["Councils"]);
    // The anchored passage in the essay links to its note.
    let one = Html::parse_document(&read(&out.join("essay/one/index.html")));
    assert!(one
        .select(&Selector::parse("#note-councils-2").unwrap())
        .next()
        .is_some());
    let refs: Vec<&str> = one
        .select(&Selector::parse("a.note-ref[data-apparatus]").unwrap())
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(
        refs.contains(&"../../notes/councils/index.html"),
        "{refs:?}"
    );
    let index = Html::parse_document(&read(&out.join("notes/index.html")));
    assert_eq!(
        select_text(&index, ".note-list a"),
        ["Councils", "The czars"]
    );
}

#[test]
fn the_glosses_page_lists_every_gloss_in_text_order() {
    let (_tmp, out) = built();
    let doc = Html::parse_document(&read(&out.join("glosses/index.html")));
    let ids: Vec<String> = doc
        .select(&Selector::parse(".gloss-list > li").unwrap())
        .map(|li| li.attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "gloss-sword",
            "gloss-council",
            "gloss-czar-returned",
            "gloss-czar-two"
        ]
    );
    assert_eq!(select_text(&doc, ".gloss-list mark")[2], "the czar");
    assert_eq!(select_text(&doc, ".gloss-place a")[3], "Two, ¶4");
}

fn errors_of(root: &Path) -> Vec<String> {
    match check::run(root, false) {
        Err(Failure::Edition(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
        Err(f) => panic!("{}", describe(f)),
        Ok(_) => panic!("check passed"),
    }
}

#[test]
fn every_anchor_failure_is_reported_at_once_with_its_file() {
    let (_tmp, root) = copy_fixture("annotated");
    let write = |name: &str, text: &str| fs::write(root.join(name), text).unwrap();
    write(
        "content/glosses/missing.md",
        "---\nanchor:\n  quote: a passage nobody wrote\n---\nText.\n",
    );
    write(
        "content/glosses/ambiguous.md",
        "---\nanchor:\n  quote: the czar\n---\nWhich one?\n",
    );
    write(
        "content/glosses/wrong-section.md",
        "---\nanchor:\n  quote: part-of-no-part\n  section: two\n---\nText.\n",
    );
    write(
        "content/glosses/no-section.md",
        "---\nanchor:\n  quote: czar\n  section: three\n---\nText.\n",
    );
    write(
        "content/notes/lonely.md",
        "---\ntitle: Lonely\nanchors:\n  - quote: czar fled\nrelated: [nobody]\n---\nText.\n",
    );
    let errors = errors_of(&root);
    assert_eq!(errors.len(), 5, "{errors:#?}");
    let find = |file: &str| {
        errors
            .iter()
            .find(|e| e.starts_with(file))
            .unwrap_or_else(|| panic!("no error for {file}: {errors:#?}"))
            .clone()
    };
    // `find` fails the test when no error starts so.
    find("content/glosses/missing.md:3: error: the quote “a passage nobody wrote” is not in the essay");
    let ambiguous = find("content/glosses/ambiguous.md:3");
    assert!(
        ambiguous.contains("matches more than one place"),
        "{ambiguous}"
    );
    assert!(ambiguous.contains("it matches 3 places"), "{ambiguous}");
    assert!(
        ambiguous.contains("¶2 (one)") && ambiguous.contains("¶4 (two)"),
        "{ambiguous}"
    );
    assert!(
        ambiguous.contains("add `prefix: \"Then\"`"),
        "suggests the prefix: {ambiguous}"
    );
    let wrong = find("content/glosses/wrong-section.md:3");
    assert!(
        wrong.contains("not in section `two`") && wrong.contains("¶3 (one)"),
        "{wrong}"
    );
    assert!(find("content/glosses/no-section.md:3").contains("names no section `three`"));
    assert!(find("content/notes/lonely.md:5").contains("`related` names no note `nobody`"));
}

#[test]
fn a_gloss_holds_only_text_that_fits_in_the_margin() {
    let (_tmp, root) = copy_fixture("annotated");
    fs::write(
        root.join("content/glosses/list.md"),
        "---\nanchor:\n  quote: she said\n---\nA list:\n\n- one\n- two\n",
    )
    .unwrap();
    let errors = errors_of(&root);
    assert!(
        errors[0].starts_with("content/glosses/list.md:7: error: a gloss can hold only paragraphs"),
        "{errors:?}"
    );
}
