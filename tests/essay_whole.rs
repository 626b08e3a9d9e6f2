//! The edition's essay is whole: every paragraph of the author's text, as the seed has it, is
//! in the built essay, in order, and the essay holds nothing else but the section titles.

mod common;

use common::{essay_text, fold, read, repo_root};
use glossator::cmd::build;

#[test]
fn the_built_essay_contains_every_paragraph_of_the_seed_in_order() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    build::run(&build::Options {
        root: repo_root(),
        output: Some(output.clone()),
        force: false,
        pdf: false,
        drafts: false,
        minify: false,
    })
    .unwrap_or_else(|_| panic!("the edition builds"));

    let mut sections = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("content/essay")).unwrap() {
        let path = entry.unwrap().path();
        let text = read(&path);
        let slug = text
            .lines()
            .find_map(|l| l.strip_prefix("slug: "))
            .expect("each section names its slug")
            .to_string();
        sections.push((path.file_name().unwrap().to_owned(), slug));
    }
    sections.sort();
    assert_eq!(
        sections.len(),
        6,
        "six sections: introduction, four, conclusions"
    );

    let built: String = sections
        .iter()
        .map(|(_, slug)| essay_text(&read(&output.join("essay").join(slug).join("index.html"))))
        .collect::<Vec<_>>()
        .join("\n");
    let built = fold(&built);

    let seed = read(&repo_root().join("tests/fixtures/seed/essay.txt"));
    let paragraphs: Vec<String> = seed.lines().map(fold).filter(|l| !l.is_empty()).collect();
    assert_eq!(
        paragraphs.len(),
        62,
        "56 paragraphs and six headings in the seed"
    );

    let mut from = 0;
    for (i, p) in paragraphs.iter().enumerate() {
        match built[from..].find(p.as_str()) {
            Some(at) => from += at + p.len(),
            None => panic!(
                "seed paragraph {} is missing or out of order in the built essay:\n{p}",
                i + 1
            ),
        }
    }
    // Nothing but the author's words: the folded built text is exactly the seed's paragraphs.
    assert_eq!(built, paragraphs.join(" "));
}

#[test]
fn the_seed_copy_matches_the_shared_seed_when_present() {
    let shared = repo_root().join("../shared/seed/essay.txt");
    if let Ok(original) = std::fs::read_to_string(shared) {
        assert_eq!(
            read(&repo_root().join("tests/fixtures/seed/essay.txt")),
            original
        );
    }
}
