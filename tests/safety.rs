//! Nothing lost, nothing escapes: the command line run against outputs and inputs that try to
//! make glossator write outside its output folder, delete what it did not write, or read
//! outside the edition into the PDF.

mod common;

use common::{build, copy_fixture, glossator};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Every file under `dir`, for "nothing else changed" comparisons.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn file_names_that_make_no_slug_are_errors_and_nothing_is_written() {
    for (folder, name) in [
        ("pages", "!!!.md"),
        ("pages", "—.md"),
        ("pages", "_.md"),
        ("pages", "“”.md"),
        ("pages", "01-!.md"),
        ("notes", "!!!.md"),
    ] {
        let (tmp, root) = copy_fixture("small");
        let file = root.join("content").join(folder).join(name);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, "---\ntitle: P\n---\nx\n").unwrap();
        let before = files_under(tmp.path());
        for command in ["check", "build"] {
            let a = glossator()
                .arg(command)
                .arg("--root")
                .arg(&root)
                .assert()
                .code(1);
            let err = stderr(&a);
            assert!(
                err.contains(&format!("content/{folder}/{name}")) && err.contains("slug"),
                "{command} {name}: {err}"
            );
        }
        assert_eq!(files_under(tmp.path()), before, "{name}: nothing written");
    }
}

#[test]
fn a_symlinked_content_folder_is_still_protected() {
    let (tmp, root) = copy_fixture("small");
    let real = tmp.path().join("real-content");
    fs::rename(root.join("content"), &real).unwrap();
    std::os::unix::fs::symlink(&real, root.join("content")).unwrap();
    let before = common::tree(&real);
    for (out, force) in [
        (root.join("content/public"), false),
        (real.join("public"), false),
        (root.join("content"), true),
    ] {
        let mut cmd = glossator();
        cmd.args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out);
        if force {
            cmd.arg("--force");
        }
        let a = cmd.assert().code(2);
        assert!(stderr(&a).contains("content"), "{}", stderr(&a));
    }
    assert_eq!(common::tree(&real), before, "the real content is untouched");
    assert!(root.join("content").is_symlink());
}

#[test]
fn a_marker_file_alone_does_not_make_a_folder_ours() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join(".glossator-output"), "").unwrap();
    fs::write(out.join("thesis.docx"), "mine").unwrap();
    let a = build(&root, &out).code(2);
    assert!(stderr(&a).contains("thesis.docx"), "{}", stderr(&a));
    assert_eq!(fs::read_to_string(out.join("thesis.docx")).unwrap(), "mine");

    // A folder glossator did make, with a file added since, is refused the same way.
    let site = tmp.path().join("site");
    build(&root, &site).success();
    build(&root, &site).success();
    fs::write(site.join("essay/notes.txt"), "mine").unwrap();
    let a = build(&root, &site).code(2);
    assert!(stderr(&a).contains("essay/notes.txt"), "{}", stderr(&a));
    assert_eq!(
        fs::read_to_string(site.join("essay/notes.txt")).unwrap(),
        "mine"
    );
    // --force moves it aside whole.
    glossator()
        .args(["build", "--force", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    let aside = tmp.path().join("site.before-glossator");
    assert_eq!(
        fs::read_to_string(aside.join("essay/notes.txt")).unwrap(),
        "mine"
    );
}

fn temporaries(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".glossator-new-"))
        .collect()
}

/// A `build --pdf` of `root` into `out` (in `dir`) held once its site is written in its
/// temporary folder and before it is swapped in (a debug build's test seam), returned there.
fn slow_pdf_build(dir: &Path, root: &Path, out: &Path) -> std::process::Child {
    let mark = dir.join("paused");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("glossator"))
        .env("GLOSSATOR_TEST_PAUSE", &mark)
        .args(["build", "--pdf", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The build marks its pause, so the site and the PDF are written: no guessed sleep, which
    // a busy machine outlasts.
    let started = Instant::now();
    while !mark.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never paused"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !temporaries(dir).is_empty(),
        "the build works in a new folder"
    );
    child
}

#[test]
fn an_interrupted_pdf_build_leaves_no_temporary_copy_and_the_old_output() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build(&root, &out).success();
    let before = common::tree(&out);
    let mut child = slow_pdf_build(tmp.path(), &root, &out);
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(!exit.success());
    assert_eq!(temporaries(tmp.path()), Vec::<String>::new());
    assert_eq!(common::tree(&out), before);
}

#[test]
fn a_killed_build_is_cleaned_up_by_the_next() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    let mut child = slow_pdf_build(tmp.path(), &root, &out);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert_eq!(
        temporaries(tmp.path()).len(),
        1,
        "the killed build left its folder"
    );
    build(&root, &out).success();
    assert_eq!(temporaries(tmp.path()), Vec::<String>::new());
}

#[test]
fn the_pdf_reads_nothing_outside_the_site() {
    let (tmp, root) = copy_fixture("small");
    let secret = tmp.path().join("secret.txt");
    fs::write(&secret, "not for the PDF").unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    fs::write(
        root.join("content/essay/03-files.md"),
        format!(
            "---\ntitle: Files\n---\nAn <a rel=\"attachment\" href=\"file://{}\">attachment</a> \
             and <img src=\"http://127.0.0.1:{port}/x.png\" alt=\"x\"> and \
             <img src=\"file:///etc/hostname\" alt=\"y\">.\n",
            secret.display()
        ),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let a = glossator()
        .args(["build", "--pdf", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    assert!(
        stderr(&a).contains(&format!(
            "the PDF leaves out the image http://127.0.0.1:{port}/x.png"
        )) && stderr(&a).contains("the PDF leaves out the image file:///etc/hostname"),
        "the reader is told what was left out: {}",
        stderr(&a)
    );
    let bytes = fs::read(out.join("edition.pdf")).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    let squeezed: String = text.split_whitespace().collect();
    assert!(
        squeezed.contains("attachment"),
        "the section is in the PDF: {text}"
    );
    assert!(
        !squeezed.contains("notforthePDF"),
        "the secret file is in the PDF"
    );
    let hostname = fs::read_to_string("/etc/hostname").unwrap_or_default();
    let hostname: String = hostname.split_whitespace().collect();
    if !hostname.is_empty() && !root.to_string_lossy().contains(&hostname) {
        assert!(!squeezed.contains(&hostname), "/etc/hostname is in the PDF");
    }
    // Nothing embedded: a PDF attachment is an /EmbeddedFile stream.
    assert!(
        !bytes.windows(13).any(|w| w == b"/EmbeddedFile"),
        "a file is embedded"
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the typesetter connected to the network"
    );
}

#[test]
fn a_problem_found_while_the_site_is_written_keeps_the_old_output_byte_for_byte() {
    // The pages go into the build's fresh folder as they are made; a file of content/static/
    // that would overwrite one is found only then. The build fails and the site it replaces
    // stays as it was, with no temporary folder left beside it.
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("site");
    build(&root, &out).success();
    let before = common::tree(&out);
    let page = before
        .iter()
        .map(|(p, _)| p.clone())
        .find(|p| {
            p.starts_with("essay") && p.ends_with("index.html") && p.components().count() == 3
        })
        .expect("the fixture has an essay section");
    let clash = root.join("content/static").join(&page);
    fs::create_dir_all(clash.parent().unwrap()).unwrap();
    fs::write(&clash, "<p>not the section</p>").unwrap();
    let a = build(&root, &out).code(1);
    let err = stderr(&a);
    assert!(
        err.contains("would overwrite the page") && err.contains(&page.display().to_string()),
        "{err}"
    );
    assert_eq!(common::tree(&out), before, "the old site is untouched");
    assert!(
        temporaries(tmp.path()).is_empty(),
        "{:?}",
        temporaries(tmp.path())
    );
}

#[test]
fn the_manifest_lists_every_file_the_build_wrote_and_nothing_else() {
    let (tmp, root) = copy_fixture("small");
    // A static file is copied to the site's root, not made: it is listed too.
    let static_dir = root.join("content/static/extra");
    fs::create_dir_all(&static_dir).unwrap();
    fs::write(static_dir.join("handout.txt"), "for the seminar").unwrap();
    let out = tmp.path().join("site");
    build(&root, &out).success();
    let mut on_disk: Vec<String> = walkdir::WalkDir::new(&out)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p != ".glossator-output")
        .collect();
    on_disk.sort();
    let manifest = fs::read_to_string(out.join(".glossator-output")).unwrap();
    let mut listed: Vec<String> = manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect();
    assert!(listed.contains(&"extra/handout.txt".to_string()));
    assert!(listed.contains(&"index.html".to_string()));
    // Listed as the folders are read, each folder's entries by name.
    let mut by_parts = listed.clone();
    by_parts.sort_by(|a, b| Path::new(a).cmp(Path::new(b)));
    assert_eq!(listed, by_parts);
    listed.sort();
    assert_eq!(listed, on_disk);
}
