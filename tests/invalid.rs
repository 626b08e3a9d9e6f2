//! The invalid editions of `tests/invalid/`, in the manner of Zola's `test_sites_invalid`:
//! each folder is a small broken edition, and its `case.json` says why it is broken and the
//! diagnostics it must give (file, line, a phrase of the message). `check` and `build` must
//! both fail with those diagnostics, report the same problems, and write nothing.

mod common;

use glossator::cmd::{build, check};
use glossator::diagnostic::{Diagnostic, Diagnostics};
use glossator::Failure;
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Case {
    why: String,
    /// The problems are warnings, which `check --strict` turns into errors.
    strict: bool,
    /// Exactly these problems, no more.
    exactly: bool,
    expect: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    file: String,
    line: Option<usize>,
    phrase: String,
    /// A phrase its help must hold, where the case is about the help.
    #[serde(default)]
    help: Option<String>,
}

/// Copies a case, keeping symbolic links as links (some cases are broken links).
fn copy_case(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the case");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.path_is_symlink() {
            let link = fs::read_link(entry.path()).unwrap();
            std::os::unix::fs::symlink(link, &target).unwrap();
        } else if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn shown(d: &Diagnostic) -> String {
    format!("{d}")
}

fn problems(result: Result<Diagnostics, Failure>) -> Result<Vec<Diagnostic>, String> {
    match result {
        Err(Failure::Edition(d)) => Ok(d.into_vec()),
        Err(other) => Err(format!("failed otherwise: {}", common::describe(other))),
        Ok(d) => Err(format!(
            "succeeded, with {:?}",
            d.iter().map(shown).collect::<Vec<_>>()
        )),
    }
}

fn run_case(dir: &Path) -> Result<(), String> {
    let case: Case = serde_yaml::from_str(&common::read(&dir.join("case.json")))
        .map_err(|e| format!("case.json: {e}"))?;
    assert!(!case.why.trim().is_empty(), "{}: say why", dir.display());
    assert!(
        !case.expect.is_empty(),
        "{}: expect something",
        dir.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    copy_case(dir, &root);
    let checked = problems(check::run(&root, case.strict)).map_err(|e| format!("check {e}"))?;
    for e in &case.expect {
        let found = checked.iter().any(|d| {
            d.file == Path::new(&e.file)
                && (e.line.is_none() || d.line == e.line)
                && d.message.contains(&e.phrase)
                && e.help.as_ref().is_none_or(|h| {
                    d.help
                        .as_deref()
                        .is_some_and(|have| have.contains(h.as_str()))
                })
        });
        if !found {
            return Err(format!(
                "check gave no `{}:{}: …{}…` (help: {:?}); it gave {:#?}",
                e.file,
                e.line.map_or("?".into(), |l| l.to_string()),
                e.phrase,
                e.help,
                checked.iter().map(shown).collect::<Vec<_>>()
            ));
        }
    }
    let errors: Vec<&Diagnostic> = checked.iter().filter(|d| d.is_error()).collect();
    if case.exactly && errors.len() != case.expect.len() {
        return Err(format!(
            "check gave {} errors, {} expected: {:#?}",
            errors.len(),
            case.expect.len(),
            errors.iter().map(|d| shown(d)).collect::<Vec<_>>()
        ));
    }
    if case.strict {
        return Ok(());
    }
    let out = tmp.path().join("public");
    let built = build::run(&build::Options {
        root: root.clone(),
        output: Some(out.clone()),
        force: false,
        pdf: false,
        drafts: false,
        minify: false,
    })
    .map(|r| r.diagnostics);
    let built = problems(built).map_err(|e| format!("build {e}"))?;
    let errors_of = |ds: &[Diagnostic]| -> Vec<String> {
        let mut v: Vec<String> = ds.iter().filter(|d| d.is_error()).map(shown).collect();
        v.sort();
        v
    };
    if errors_of(&built) != errors_of(&checked) {
        return Err(format!(
            "build and check differ:\nbuild {:#?}\ncheck {:#?}",
            errors_of(&built),
            errors_of(&checked)
        ));
    }
    if fs::symlink_metadata(&out).is_ok() {
        return Err("the failed build wrote its output folder".into());
    }
    let leftovers: Vec<PathBuf> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p != &root)
        .collect();
    if !leftovers.is_empty() {
        return Err(format!("the failed build left {leftovers:?}"));
    }
    Ok(())
}

#[test]
fn every_invalid_edition_fails_with_its_diagnostics_in_check_and_build() {
    let base = common::repo_root().join("tests/invalid");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&base)
        .expect("tests/invalid/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 40, "{} cases", dirs.len());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|dir| {
            // A case that panics is a failure of that case, reported with the others.
            let result = std::panic::catch_unwind(|| run_case(dir))
                .unwrap_or_else(|_| Err("panicked".into()));
            result
                .err()
                .map(|why| format!("{}: {why}", dir.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
