//! Themes (issue 18): `glossator theme export` writes the default theme, which then builds the
//! same site as the embedded one; a theme of one template falls back to the default for every
//! other file; export never writes into a folder that has something in it; an edition's
//! `content/static/custom.css` is loaded by every page after the theme's stylesheet.

mod common;

use common::{copy_fixture, glossator, read, tree};
use std::fs;
use std::path::Path;

fn build(root: &Path, out: &Path) {
    common::build(root, out).success();
}

#[test]
fn an_exported_theme_builds_the_same_site_as_the_embedded_one() {
    let (tmp, root) = copy_fixture("small");
    assert!(
        !root.join("themes").exists(),
        "the fixture uses the embedded theme"
    );
    let embedded = tmp.path().join("embedded");
    build(&root, &embedded);

    glossator()
        .current_dir(&root)
        .args(["theme", "export"])
        .assert()
        .success();
    for file in [
        "templates/base.html",
        "templates/section.html",
        "static/glossator.css",
        "static/glossator.js",
    ] {
        assert!(
            root.join("themes/default").join(file).is_file(),
            "exported {file}"
        );
    }
    let exported = tmp.path().join("exported");
    build(&root, &exported);
    assert!(
        tree(&embedded) == tree(&exported),
        "the same files, byte for byte"
    );
}

#[test]
fn a_theme_of_one_template_takes_the_default_for_every_other_file() {
    let (tmp, root) = copy_fixture("small");
    // The section template as an editor might cut it down: no base, only the essay.
    use_theme_of_one_template(
        &root,
        "plain",
        "section.html",
        "<!DOCTYPE html><html lang=\"en\"><title>{{ section.title }}</title>\
         <main class=\"plain-theme\">{{ section.html | safe }}</main></html>",
    );
    let out = tmp.path().join("public");
    build(&root, &out);

    let section = read(&out.join("essay/first/index.html"));
    assert!(section.contains("class=\"plain-theme\""), "{section}");
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("static/glossator.css"),
        "the contents page is the default theme's"
    );
    assert!(out.join("static/glossator.css").is_file());
    assert!(out.join("static/glossator.js").is_file());
}

#[test]
fn export_refuses_a_folder_that_holds_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let before = tree(tmp.path());
    let out = glossator()
        .args(["theme", "export"])
        .arg(&dir)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(tree(tmp.path()), before, "nothing written");
}

#[test]
fn an_editions_custom_css_is_loaded_by_every_page_after_the_theme() {
    let (tmp, root) = copy_fixture("small");
    let plain = tmp.path().join("plain");
    build(&root, &plain);
    assert!(
        !read(&plain.join("index.html")).contains("custom.css"),
        "no link without the file"
    );

    fs::create_dir_all(root.join("content/static")).unwrap();
    fs::write(
        root.join("content/static/custom.css"),
        ":root { --bg: #ffffff; }\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    build(&root, &out);
    assert_eq!(read(&out.join("custom.css")), ":root { --bg: #ffffff; }\n");
    for page in ["index.html", "essay/first/index.html", "404.html"] {
        let html = read(&out.join(page));
        let theme = html
            .find("static/glossator.css")
            .expect("the theme's stylesheet");
        let custom = html
            .find("custom.css\"")
            .unwrap_or_else(|| panic!("{page} loads custom.css"));
        assert!(theme < custom, "{page}: custom.css comes after the theme's");
    }
    let section = read(&out.join("essay/first/index.html"));
    assert!(
        section.contains("href=\"../../custom.css\""),
        "relative to the page"
    );
}

#[test]
fn every_page_links_the_print_edition_and_no_pdf_that_was_not_made() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("public");
    build(&root, &out);
    for (page, prefix) in [("index.html", ""), ("essay/first/index.html", "../../")] {
        let html = read(&out.join(page));
        assert!(
            html.contains(&format!(r#"href="{prefix}print/index.html""#)),
            "{page} links the print edition"
        );
        assert!(!html.contains("edition.pdf"), "{page}: no PDF was made");
    }
}

/// docs/theme.md is the reference a theme's author works from: every template the default
/// theme has, every custom property its stylesheet sets, and every interface string.
#[test]
fn docs_theme_md_lists_every_template_property_and_string() {
    let root = common::repo_root();
    let doc = common::read(&root.join("docs/theme.md"));
    let templates: Vec<String> = std::fs::read_dir(root.join("themes/default/templates"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(templates.len() >= 14, "{templates:?}");
    for t in &templates {
        assert!(doc.contains(&format!("`{t}`")), "docs/theme.md lists {t}");
    }
    let css = common::read(&root.join("themes/default/static/glossator.css"));
    let properties: std::collections::BTreeSet<&str> = css
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let name = l.strip_prefix("--")?.split(':').next()?;
            l.contains(':').then_some(name)
        })
        .collect();
    assert!(properties.len() >= 20, "{properties:?}");
    for p in &properties {
        assert!(
            doc.contains(&format!("`--{p}`")),
            "docs/theme.md lists --{p}"
        );
    }
    let en: serde_yaml::Value =
        serde_yaml::from_str(&common::read(&root.join("src/i18n/en.yaml"))).unwrap();
    let mut keys = Vec::new();
    fn walk(v: &serde_yaml::Value, prefix: String, keys: &mut Vec<String>) {
        if let serde_yaml::Value::Mapping(m) = v {
            let plural = m
                .keys()
                .all(|k| matches!(k.as_str(), Some("one" | "few" | "many" | "other")));
            if plural && !prefix.is_empty() {
                keys.push(prefix);
                return;
            }
            for (k, v) in m {
                let k = k.as_str().unwrap();
                let full = if prefix.is_empty() {
                    k.to_string()
                } else {
                    format!("{prefix}.{k}")
                };
                if v.is_mapping() {
                    walk(v, full, keys);
                } else {
                    keys.push(full);
                }
            }
        }
    }
    walk(&en, String::new(), &mut keys);
    assert!(keys.len() > 60, "{} keys", keys.len());
    for k in &keys {
        assert!(
            doc.contains(&format!("| `{k}` |")),
            "docs/theme.md lists {k}"
        );
    }
}

/// A mistake in the editor's own template: one error, at its file and line, however many
/// pages it stops; never a file of the default theme that the editor does not have.
#[test]
fn a_template_mistake_is_reported_once_at_the_editors_file_and_line() {
    let base = read(&common::repo_root().join("themes/default/templates/base.html"));
    let line = base
        .lines()
        .position(|l| l.contains("{{ site.title }}</a>"))
        .expect("the default base.html shows the site's title")
        + 1;
    for (mistake, says) in [
        ("{{ site.titel }}</a>", "`titel` is not defined"),
        ("{{ site.title }</a>", "template error"),
    ] {
        let (tmp, root) = copy_fixture("small");
        fs::create_dir_all(root.join("templates")).unwrap();
        fs::write(
            root.join("templates/base.html"),
            base.replacen("{{ site.title }}</a>", mistake, 1),
        )
        .unwrap();
        let output = glossator()
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(tmp.path().join("out"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8(output.stderr).unwrap();
        let reported = stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert_eq!(reported, 1, "{stderr}");
        assert!(
            stderr.contains(&format!("templates/base.html:{line}:")),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains("themes/default"), "{stderr}");
    }
}

#[test]
fn a_print_template_that_filters_its_parts_is_given_their_html() {
    // The print document's parts are held out of the template and put back after: a template
    // that cuts what stands in for a part renders the document again with the parts' HTML.
    let (tmp, root) = copy_fixture("small");
    use_theme_of_one_template(
        &root,
        "cut",
        "print.html",
        "<main>{% for s in print.sections %}<section>{{ s.html | safe | truncate(length=2) }}</section>{% endfor %}\
         {% for p in print.pages %}<article>{{ p.html | safe }}</article>{% endfor %}</main>",
    );
    let out = tmp.path().join("public");
    build(&root, &out);

    let print = read(&out.join("print/index.html"));
    assert!(!print.contains(['\u{E000}', '\u{E001}']), "{print}");
    let sections: Vec<&str> = print
        .split("<section>")
        .skip(1)
        .map(|s| s.split("</section>").next().unwrap())
        .collect();
    assert_eq!(sections.len(), 2, "the fixture's two sections: {print}");
    for s in &sections {
        // Two characters of the section's HTML (a paragraph opens it), and the ellipsis,
        // escaped: a filter after `safe` makes the text unsafe again.
        assert_eq!(*s, "&lt;p…");
    }
    // The part left whole is the page's body.
    assert!(
        print.contains("An about page, linking to"),
        "the about page whole: {print}"
    );
}

/// Gives the edition at `root` a theme `name` of one template, which it then builds with.
fn use_theme_of_one_template(root: &Path, name: &str, template: &str, text: &str) {
    let mine = root.join(format!("themes/{name}/templates"));
    fs::create_dir_all(&mine).unwrap();
    fs::write(mine.join(template), text).unwrap();
    let yaml = root.join("edition.yaml");
    fs::write(&yaml, format!("{}\ntheme: {name}\n", read(&yaml))).unwrap();
}

#[test]
fn the_print_document_names_the_same_indexes_as_the_pages() {
    // The print document is made after the pages, in a pass of its own; what every page
    // shares (the navigation to the indexes) is the whole edition's there too.
    let (tmp, root) = copy_fixture("bib-yaml");
    use_theme_of_one_template(
        &root,
        "listed",
        "print.html",
        "<nav>{% for p in apparatus %}[{{ p.path }}]{% endfor %}</nav>",
    );
    let out = tmp.path().join("public");
    build(&root, &out);

    let print = read(&out.join("print/index.html"));
    for index in [
        "notes/index.html",
        "glosses/index.html",
        "glossary/index.html",
        "bibliography/index.html",
        "citations/index.html",
    ] {
        assert!(out.join(index).is_file(), "{index} is built");
        assert!(print.contains(&format!("[{index}]")), "{index}: {print}");
    }
}
