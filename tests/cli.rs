//! The command line: its exit codes (0 success, 1 an error in the edition, 2 misuse), its
//! help, and `new` making an edition that builds.

mod common;

use common::{copy_fixture, glossator, read};
use std::fs;

#[test]
fn help_lists_the_commands() {
    let out = glossator()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for command in ["build", "check", "new"] {
        assert!(help.contains(command), "{help}");
    }
    let out = glossator()
        .args(["build", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("--output") && help.contains("--force") && help.contains("--root"));
}

#[test]
fn misuse_exits_2() {
    glossator().arg("--no-such-flag").assert().code(2);
    glossator().arg("build").arg("--bogus").assert().code(2);
    let tmp = tempfile::tempdir().unwrap();
    // A folder without edition.yaml is not an edition.
    let out = glossator()
        .args(["build", "--root"])
        .arg(tmp.path())
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("no edition.yaml"));
}

#[test]
fn an_error_in_the_edition_exits_1_with_file_and_line() {
    let (_tmp, root) = copy_fixture("broken-link");
    let out = glossator()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(stderr.contains("content/essay/one.md:6"), "{stderr}");
    assert!(stderr.contains("essay:nowhere"), "{stderr}");
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn refusing_a_foreign_output_exits_2_and_force_moves_it_aside() {
    let (tmp, root) = copy_fixture("small");
    let site = tmp.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("keep.txt"), "keep me").unwrap();
    glossator()
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .assert()
        .code(2);
    assert_eq!(read(&site.join("keep.txt")), "keep me");
    glossator()
        .args(["build", "--force", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    assert!(site.join("index.html").is_file());
    assert_eq!(
        read(&tmp.path().join("site.before-glossator/keep.txt")),
        "keep me"
    );
}

#[test]
fn new_makes_an_edition_that_builds_and_checks_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("course");
    glossator().arg("new").arg(&dir).assert().success();
    assert!(dir.join("edition.yaml").is_file());
    assert!(
        !dir.join("themes").exists(),
        "the theme comes from the binary"
    );
    let out = glossator()
        .args(["check", "--strict", "--root"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("0 warning(s)"));
    let yaml = read(&dir.join("edition.yaml"));
    assert!(
        !yaml.contains("README"),
        "the starter points to nothing its user lacks"
    );
    assert!(!dir.join("public").exists(), "check writes nothing");
    glossator()
        .args(["build", "--root"])
        .arg(&dir)
        .assert()
        .success();
    let intro = read(&dir.join("public/essay/introduction/index.html"));
    assert!(intro.contains("sidenote") && intro.contains("marginnote"));
    assert_shows_every_feature(&dir.join("public"));
    // new refuses a folder that is not empty, and leaves it alone.
    glossator().arg("new").arg(&dir).assert().code(2);
}

/// Every kind of object a starter should show is on its built site: sidenote, margin note,
/// gloss, note, glossary term and citation, and the glossary's and bibliography's pages.
fn assert_shows_every_feature(public: &std::path::Path) {
    let site: String = walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| read(e.path()))
        .collect();
    for class in [
        "sidenote",
        "marginnote",
        "gloss",
        "note-ref",
        "term",
        "citation",
    ] {
        assert!(
            site.contains(&format!("class=\"{class}")),
            "the starter shows {class}"
        );
    }
    for page in ["glossary", "bibliography", "citations", "notes", "glosses"] {
        assert!(public.join(page).join("index.html").is_file(), "{page}");
    }
}

#[test]
fn new_course_makes_a_course_that_shows_each_feature_and_checks_clean_under_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("course");
    glossator()
        .args(["new", "--course"])
        .arg(&dir)
        .assert()
        .success();
    let readings: Vec<String> = fs::read_dir(dir.join("content/readings"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(readings.len(), 2, "{readings:?}");
    glossator()
        .args(["check", "--strict", "--root"])
        .arg(&dir)
        .assert()
        .success();
    glossator()
        .args(["build", "--root"])
        .arg(&dir)
        .assert()
        .success();
    let public = dir.join("public");
    for r in &readings {
        assert!(public.join("readings").join(r).join("index.html").is_file());
    }
    assert_shows_every_feature(&public);
    assert!(public.join("syllabus/index.html").is_file());
    assert!(public.join("print/index.html").is_file());
}

#[test]
fn styles_lists_the_bundled_styles_and_an_edition_may_name_one_or_a_csl_file() {
    let out = glossator()
        .arg("styles")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listing = String::from_utf8(out).unwrap();
    for line in [
        "chicago-author-date ",
        "APA Style 7th edition [also: apa]",
        "Chicago Manual of Style 18th edition (notes and bibliography) (notes)",
    ] {
        assert!(listing.contains(line), "{line} in {listing}");
    }

    let (_tmp, root) = copy_fixture("chicago");
    let config = read(&root.join("edition.yaml"));
    fs::write(
        root.join("edition.yaml"),
        config.replace("style: chicago-author-date", "style: chicago-autor-date"),
    )
    .unwrap();
    let out = glossator()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("no CSL style is named `chicago-autor-date`"),
        "{err}"
    );
    assert!(
        err.contains("chicago-author-date") && err.contains("glossator styles"),
        "{err}"
    );

    fs::create_dir(root.join("styles")).unwrap();
    fs::write(
        root.join("styles/family-year.csl"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Family and Year</title><id>https://example.org/family-year</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><names variable="author"><name form="short"/></names><date variable="issued" prefix=" "><date-part name="year"/></date></layout></citation>
  <bibliography><layout><names variable="author"><name name-as-sort-order="all"/></names><text variable="title" prefix=". "/></layout></bibliography>
</style>"#,
    )
    .unwrap();
    fs::write(
        root.join("edition.yaml"),
        config.replace(
            "style: chicago-author-date",
            "style: styles/family-year.csl",
        ),
    )
    .unwrap();
    glossator()
        .args(["build", "--root"])
        .arg(&root)
        .assert()
        .success();
    let bib = read(&root.join("public/bibliography/index.html"));
    assert!(bib.contains("Family and Year"), "{bib}");
    assert!(bib.contains("Anweiler, Oskar. The Soviets"), "{bib}");

    fs::write(root.join("styles/family-year.csl"), "<style><oops").unwrap();
    let out = glossator()
        .args(["check", "--root"])
        .arg(&root)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("styles/family-year.csl") && err.contains("not a CSL style"),
        "{err}"
    );
}
