//! Readings: a course site's several annotated texts, each a folder of
//! `content/readings/<slug>/` with its `reading.yaml`, its sections, glosses and notes.

use crate::diagnostic::{yaml_error, Diagnostic, Diagnostics};
use crate::slug;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The folder that holds a course's readings.
pub const READINGS: &str = "content/readings";
/// A reading's settings, in its folder.
pub const READING_FILE: &str = "reading.yaml";

/// One reading of a course, as `reading.yaml` describes it.
#[derive(Debug, Clone)]
pub struct Reading {
    pub slug: String,
    pub title: String,
    pub author: Option<String>,
    pub year: Option<String>,
    /// Where the text comes from: the edition or translation it follows.
    pub source: Option<String>,
    pub rights: Option<String>,
    /// Its folder, relative to the edition root (`content/readings/federalist-10`).
    pub folder: PathBuf,
    /// Its sections: this range of the edition's sections.
    pub sections: std::ops::Range<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadingMatter {
    title: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    year: Option<serde_yaml::Value>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    rights: Option<String>,
    #[serde(default)]
    order: Option<f64>,
}

const FIELDS: &str = "title (required), author, year, source, rights, order";

/// What a reading's folder may hold.
const ENTRIES: &[&str] = &[READING_FILE, "essay", "glosses", "notes"];

/// The readings' folders, in their order (`order:`, then by folder name), each read; their
/// sections are left to the caller, which fills in `sections`.
pub fn list(root: &Path, diags: &mut Diagnostics) -> Vec<Reading> {
    let base = root.join(READINGS);
    let Ok(entries) = std::fs::read_dir(&base) else {
        diags.push(Diagnostic::error(READINGS, None, "cannot read the folder"));
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut readings: Vec<(Option<f64>, Reading)> = Vec::new();
    for name in names {
        let folder = Path::new(READINGS).join(&name);
        if !root.join(&folder).is_dir() {
            diags.push(
                Diagnostic::warning(&folder, None, "not a reading's folder; it is ignored")
                    .with_help("content/readings/ holds one folder per reading, each with reading.yaml and essay/"),
            );
            continue;
        }
        let mut slug_name = name.clone();
        if !slug::is_valid(&name) {
            let suggestion = slug::slugify(&name);
            slug_name = suggestion.clone();
            diags.push(
                Diagnostic::error(&folder, None, format!("the folder name `{name}` is not a slug"))
                    .with_help(if slug::is_valid(&suggestion) {
                        format!("a reading's folder is named with lowercase letters, digits and hyphens: rename it `{suggestion}`")
                    } else {
                        "a reading's folder is named with lowercase letters, digits and hyphens".to_string()
                    }),
            );
            if !slug::is_valid(&slug_name) {
                continue;
            }
        }
        warn_unknown(root, &folder, diags);
        // A reading whose reading.yaml has a problem is still read, under its folder's name,
        // so that its one mistake is reported once and not again by every anchor and link
        // that names the reading.
        let (order, reading) = read_one(root, &folder, diags).unwrap_or_else(|| {
            (
                None,
                Reading {
                    slug: String::new(),
                    title: slug_name.clone(),
                    author: None,
                    year: None,
                    source: None,
                    rights: None,
                    folder: folder.clone(),
                    sections: 0..0,
                },
            )
        });
        readings.push((
            order,
            Reading {
                slug: slug_name,
                ..reading
            },
        ));
    }
    readings.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    if readings.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error(READINGS, None, "the course has no readings")
                .with_help("make a folder per reading: content/readings/<slug>/ with reading.yaml and essay/*.md"),
        );
    }
    readings.into_iter().map(|(_, r)| r).collect()
}

fn read_one(root: &Path, folder: &Path, diags: &mut Diagnostics) -> Option<(Option<f64>, Reading)> {
    let file = folder.join(READING_FILE);
    let text = match crate::read::optional(root, &file) {
        Ok(Some(t)) => t,
        Ok(None) => {
            diags.push(
                Diagnostic::error(&file, None, "the reading has no reading.yaml").with_help(
                    format!("write its title there: `title: …`; it takes {FIELDS}"),
                ),
            );
            return None;
        }
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let matter: ReadingMatter = match serde_yaml::from_str(&text) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                yaml_error(&file, 1, &e).with_more_help(format!("reading.yaml takes: {FIELDS}")),
            );
            return None;
        }
    };
    let Some(title) = matter.title.filter(|t| !t.trim().is_empty()) else {
        diags.push(
            Diagnostic::error(&file, Some(1), "the reading has no title")
                .with_help("add `title: …` to reading.yaml"),
        );
        return None;
    };
    let year = match matter.year {
        None | Some(serde_yaml::Value::Null) => None,
        Some(serde_yaml::Value::Number(n)) => Some(n.to_string()),
        Some(serde_yaml::Value::String(s)) => Some(s),
        Some(_) => {
            let line = super::lines_of_key(&text, "year").first().copied();
            diags.push(
                Diagnostic::error(&file, line, "`year` is not a year").with_help(
                    "write the year as a number or a short text: `year: 1787`, `year: c. 1600`",
                ),
            );
            return None;
        }
    };
    let clean = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Some((
        matter.order,
        Reading {
            slug: String::new(),
            title: title.trim().to_string(),
            author: clean(matter.author),
            year: clean(year),
            source: clean(matter.source),
            rights: clean(matter.rights),
            folder: folder.to_path_buf(),
            sections: 0..0,
        },
    ))
}

fn warn_unknown(root: &Path, folder: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !ENTRIES.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        diags.push(
            Diagnostic::warning(
                folder.join(&name),
                None,
                "not part of a reading; it is ignored",
            )
            .with_help(format!(
                "a reading's folder holds only: {}; shared pages, notes and files go in content/",
                ENTRIES.join(", ")
            )),
        );
    }
}
