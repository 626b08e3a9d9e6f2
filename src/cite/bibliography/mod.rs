//! The bibliography: the works cited, as CSL items, from whichever one of
//! `content/bibliography.yaml` (CSL-YAML), `content/bibliography.json` (CSL-JSON, as Zotero
//! and Pandoc export it) or `content/bibliography.bib` (BibLaTeX/BibTeX) the edition has.
//!
//! Each source module turns its file into entries of one shape (CSL-JSON fields, with the
//! line each item and field stands on); the checks here are the same for all three, so that
//! the same work written in any of them becomes the same `Work`. Every item is checked before
//! the CSL engine sees it, so that no input, however odd, makes glossator panic (hayagriva
//! panics on a date range, for one). glossator's own keys, `alias` and `note: unverified`,
//! are read here; `alias` is kept out of the CSL item. This module does not format anything.

mod bibtex;
mod csl_json;
mod csl_yaml;
mod dates;
mod zotero;

use crate::diagnostic::{Diagnostic, Diagnostics};
use hayagriva::citationberg::json::{Item, NameValue, Value as CslValue};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Work {
    pub id: String,
    pub item: Item,
    /// The family name of the first author (or editor), by which texts cite the work.
    pub family: String,
    /// Other spellings of that name that the text uses.
    pub aliases: Vec<String>,
    /// The year as a text cites it, with its letter: `1917a`.
    pub year: String,
    /// The editors could not confirm every detail (`note: unverified`).
    pub unverified: bool,
    /// Line of the file where the item starts.
    pub line: usize,
}

/// The edition's works and the file they come from, which every message about them names.
#[derive(Debug, Clone)]
pub struct Bibliography {
    /// Relative to the edition root; `content/bibliography.yaml` when there is none, since
    /// that is where an editor would add one.
    pub file: PathBuf,
    pub works: Vec<Work>,
}

/// How a bibliography file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    CslYaml,
    CslJson,
    Bibtex,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::CslYaml, Format::CslJson, Format::Bibtex];

    /// The file of this format, relative to the edition root.
    pub fn file(self) -> &'static str {
        match self {
            Format::CslYaml => "content/bibliography.yaml",
            Format::CslJson => "content/bibliography.json",
            Format::Bibtex => "content/bibliography.bib",
        }
    }

    fn id_example(self) -> &'static str {
        match self {
            Format::CslYaml => "`id: anweiler1975`",
            Format::CslJson => "`\"id\": \"anweiler1975\"`",
            Format::Bibtex => "`@book{anweiler1975, …}`",
        }
    }

    fn date_example(self) -> &'static str {
        match self {
            Format::CslYaml => {
                "write `{date-parts: [[1975, 3]]}`, `1975` or `\"1975-03-14\"`; a range as `\"1917/1921\"`"
            }
            Format::CslJson => {
                "write `{\"date-parts\": [[1975, 3]]}` or `\"1975-03-14\"`; a range as `\"1917/1921\"`"
            }
            Format::Bibtex => {
                "write `date = {1975-03-14}` (a range as `{1917/1921}`), or `year = {1975}` with `month = {3}`"
            }
        }
    }

    fn type_example(self) -> &'static str {
        match self {
            Format::CslYaml => "e.g. `type: book`, `chapter` or `article-journal`",
            Format::CslJson => "e.g. `\"type\": \"book\"`, `\"chapter\"` or `\"article-journal\"`",
            Format::Bibtex => "e.g. `@book`, `@incollection` or `@article`",
        }
    }

    fn names_example(self) -> &'static str {
        match self {
            Format::CslYaml => {
                "names are a list: [{family: Anweiler, given: Oskar}] or [{literal: UNESCO}]"
            }
            Format::CslJson => {
                "names are a list: [{\"family\": \"Anweiler\", \"given\": \"Oskar\"}] or [{\"literal\": \"UNESCO\"}]"
            }
            Format::Bibtex => "names are `Family, Given and Family, Given`",
        }
    }
}

/// Where the edition's bibliography would be if it had none.
pub const DEFAULT_FILE: &str = "content/bibliography.yaml";

/// Reads the edition's one bibliography file. Two or three of them at once is an error
/// naming them; the first (in the order yaml, json, bib) is still read, so that the rest of
/// the build can report its own problems against real works.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Bibliography {
    let present: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| std::fs::symlink_metadata(root.join(f.file())).is_ok())
        .collect();
    let Some(&format) = present.first() else {
        return Bibliography {
            file: DEFAULT_FILE.into(),
            works: Vec::new(),
        };
    };
    if present.len() > 1 {
        let names: Vec<&str> = present.iter().map(|f| f.file()).collect();
        diags.push(
            Diagnostic::error(
                present[1].file(),
                None,
                format!(
                    "{} are {} there, but an edition has one bibliography",
                    and_list(&names),
                    if names.len() == 2 { "both" } else { "all" }
                ),
            )
            .with_help(format!(
                "keep one and remove the others; {} is read meanwhile",
                format.file()
            )),
        );
    }
    let file = PathBuf::from(format.file());
    let works = match crate::read::optional(root, &file) {
        Ok(Some(text)) => parse_as(format, &text, diags),
        Ok(None) => Vec::new(),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    };
    Bibliography { file, works }
}

fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The works of a CSL-YAML text, as `content/bibliography.yaml`.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Vec<Work> {
    parse_as(Format::CslYaml, text, diags)
}

/// The works of a text written in `format`, as that format's file.
pub fn parse_as(format: Format, text: &str, diags: &mut Diagnostics) -> Vec<Work> {
    let file = Path::new(format.file());
    let entries = match format {
        Format::CslYaml => csl_yaml::entries(text, file, diags),
        Format::CslJson => csl_json::entries(text, file, diags),
        Format::Bibtex => bibtex::entries(text, file, diags),
    };
    works(entries, format, diags)
}

/// An item as its source wrote it, in CSL-JSON's shape, before the checks every source
/// shares.
#[derive(Debug, Clone, Default)]
struct Entry {
    fields: Map<String, Value>,
    /// Line of the file where the item starts.
    line: usize,
    /// Where a CSL field was written, and under which name (`journal` for
    /// `container-title`); a field not listed is named as in CSL, on the item's line.
    places: HashMap<String, Place>,
}

#[derive(Debug, Clone)]
struct Place {
    name: String,
    line: usize,
}

impl Entry {
    fn line_of(&self, field: &str) -> usize {
        self.places.get(field).map_or(self.line, |p| p.line)
    }

    fn name_of<'a>(&'a self, field: &'a str) -> &'a str {
        self.places.get(field).map_or(field, |p| p.name.as_str())
    }
}

/// A work checked, with what giving it a key still needs.
struct Checked {
    work: Work,
    /// The id was a Zotero item's address: the work needs a key made for it.
    zotero: bool,
    /// The year of `issued`, for that key.
    year: Option<i16>,
}

fn works(entries: Vec<Entry>, format: Format, diags: &mut Diagnostics) -> Vec<Work> {
    let file = Path::new(format.file());
    let checked: Vec<Checked> = entries
        .into_iter()
        .filter_map(|e| check(e, format, diags))
        .collect();
    let mut taken: HashSet<String> = checked
        .iter()
        .filter(|c| !c.zotero)
        .map(|c| c.work.id.clone())
        .collect();
    let mut works = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for Checked {
        mut work,
        zotero,
        year,
    } in checked
    {
        if zotero {
            let key = zotero::key(&work.family, year, &taken);
            taken.insert(key.clone());
            // The address itself is left out of the message: it must reach no page, and
            // `serve` shows the build's problems over its pages.
            diags.push(
                Diagnostic::warning(
                    file,
                    Some(work.line),
                    format!(
                        "this item's id is a Zotero item address, which no text can cite; \
                         cite it as @{key}"
                    ),
                )
                .with_help(format!(
                    "or give the item an id of your own, {}",
                    format.id_example()
                )),
            );
            work.item
                .0
                .insert("id".into(), CslValue::String(key.clone()));
            work.id = key;
        }
        if let Some(first) = seen.insert(work.id.clone(), work.line) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(work.line),
                    format!("the id `{}` is used twice", work.id),
                )
                .with_help(format!("the first item with it starts on line {first}")),
            );
            continue;
        }
        works.push(work);
    }
    works
}

/// The checks every item passes before the CSL engine sees it; `None` after an error.
fn check(mut entry: Entry, format: Format, diags: &mut Diagnostics) -> Option<Checked> {
    let file = Path::new(format.file());
    let error = |line: usize, message: String| Diagnostic::error(file, Some(line), message);
    let line = entry.line;
    let id = match entry.fields.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            diags.push(
                error(line, "the item has no `id`".into()).with_help(format!(
                    "give every item an id, e.g. {}",
                    format.id_example()
                )),
            );
            return None;
        }
    };
    let mut zotero = zotero::is_item_address(&id);
    let mut id = id;
    if zotero {
        // Zotero 7 exports the citation key an editor gave the item beside its address.
        if let Some(key) = entry.fields.get("citation-key").and_then(Value::as_str) {
            if check_key(key).is_ok() {
                id = key.to_string();
                zotero = false;
            }
        }
    }
    if !zotero {
        if let Err(why) = check_key(&id) {
            diags.push(
                error(
                    entry.line_of("id"),
                    format!("the id `{}` is not a usable key: {why}", id.escape_debug()),
                )
                .with_help(format!(
                    "an id is letters, digits and _ - : . (at most {MAX_KEY} characters), \
                     e.g. `{}`",
                    suggest_key(&id)
                )),
            );
            return None;
        }
    }
    if let Some(url) = entry.fields.get("URL") {
        let ok = url.as_str().is_some_and(|u| {
            let lower = u.trim().to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://"))
                && !u.chars().any(char::is_whitespace)
        });
        if !ok {
            diags.push(
                error(
                    entry.line_of("URL"),
                    format!(
                        "the `{}` of `{id}` is not a web address",
                        entry.name_of("URL")
                    ),
                )
                .with_help("write an address that starts with https:// or http://"),
            );
            return None;
        }
    }
    let mut fields = std::mem::take(&mut entry.fields);
    let mut year = None;
    for (key, value) in fields.iter_mut() {
        let is_date = dates::VARIABLES.contains(&key.as_str()) || value.get("date-parts").is_some();
        if !is_date {
            continue;
        }
        match dates::read(value) {
            Ok(date) => {
                if key == "issued" {
                    year = Some(date.year);
                }
                *value = date.csl;
            }
            Err(why) => {
                diags.push(
                    error(
                        entry.line_of(key),
                        format!("`{}` of `{id}` is not a date: {why}", entry.name_of(key)),
                    )
                    .with_help(format.date_example()),
                );
                return None;
            }
        }
    }
    let aliases: Vec<String> = match fields.remove("alias") {
        None => Vec::new(),
        Some(Value::Array(s)) => s
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => vec![s],
        Some(_) => {
            diags.push(error(
                entry.line_of("alias"),
                format!("`alias` of `{id}` must be a list of names"),
            ));
            Vec::new()
        }
    };
    let unverified = fields
        .get("note")
        .and_then(Value::as_str)
        .is_some_and(|n| n.to_lowercase().contains("unverified"));
    let suffix = fields
        .get("year-suffix")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    match fields.get("type") {
        None => {
            diags.push(
                error(line, format!("`{id}` has no `type`")).with_help(format.type_example()),
            );
            return None;
        }
        Some(Value::String(t)) if CSL_TYPES.contains(&t.as_str()) => {}
        Some(t) => {
            let written = t.as_str().map_or_else(|| t.to_string(), str::to_string);
            diags.push(
                error(
                    entry.line_of("type"),
                    format!("`{id}` has the type `{written}`, which CSL does not know"),
                )
                .with_help(format!(
                    "the nearest CSL types are {}",
                    nearest_types(&written).join(", ")
                )),
            );
            return None;
        }
    }
    // The engine finds a work by the item's own id, which must be the work's.
    fields.insert("id".into(), Value::String(id.clone()));
    let value = Value::Object(fields);
    let item: Item = match serde_json::from_value(value.clone()) {
        Ok(item) => item,
        Err(e) => {
            diags.push(match unreadable_field(&value, format) {
                Some((field, help)) => error(
                    entry.line_of(&field),
                    format!(
                        "`{id}` is not a valid CSL item: `{}` cannot be read as CSL",
                        entry.name_of(&field)
                    ),
                )
                .with_help(help),
                None => error(line, format!("`{id}` is not a valid CSL item: {e}"))
                    .with_help(format.names_example()),
            });
            return None;
        }
    };
    let family = first_name(&item).unwrap_or_default();
    if family.is_empty() {
        diags.push(
            Diagnostic::warning(file, Some(line), format!("`{id}` has no author or editor"))
                .with_help("natural citations find a work by its first author's family name"),
        );
    }
    Some(Checked {
        work: Work {
            id,
            item,
            family,
            aliases,
            year: year.map_or_else(|| "n.d.".to_string(), |y| format!("{y}{suffix}")),
            unverified,
            line,
        },
        zotero,
        year,
    })
}

/// The first field of an item that the CSL reader cannot take, with how to write it: the
/// reader's own message names no field ("data did not match any variant…").
fn unreadable_field(item: &Value, format: Format) -> Option<(String, String)> {
    let map = item.as_object()?;
    for (key, value) in map {
        let mut alone = Map::new();
        alone.insert(key.clone(), value.clone());
        if serde_json::from_value::<Item>(Value::Object(alone)).is_ok() {
            continue;
        }
        let help = match key.as_str() {
            "author" | "editor" | "translator" | "container-author" | "collection-editor"
            | "director" | "interviewer" | "recipient" | "composer" | "illustrator"
            | "original-author" | "reviewed-author" => format.names_example().to_string(),
            _ => "give the field a text or a number".to_string(),
        };
        return Some((key.clone(), help));
    }
    None
}

/// The item types of CSL 1.0.2.
const CSL_TYPES: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
];

/// The three names of `known` nearest in spelling to `written`, nearest first.
fn nearest<'a>(written: &str, known: &[&'a str]) -> Vec<&'a str> {
    let written = written.to_lowercase();
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|t| (crate::diagnostic::edit_distance(&written, t), *t))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, t)| t).collect()
}

fn nearest_types(written: &str) -> Vec<&'static str> {
    nearest(written, CSL_TYPES)
}

/// The longest id: it becomes an HTML id and an address's fragment.
const MAX_KEY: usize = 100;

/// Whether an id can name the work in the text (`@key`), in HTML ids and in addresses.
fn check_key(id: &str) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("it is empty");
    }
    if id.chars().count() > MAX_KEY {
        return Err("it is too long");
    }
    if !id.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return Err("it must start with a letter, a digit or _");
    }
    if !id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
    {
        return Err("it holds characters other than letters, digits and _ - : .");
    }
    if id.ends_with(['.', ':']) {
        return Err("it must not end with . or :");
    }
    Ok(())
}

fn suggest_key(id: &str) -> String {
    let key: String = id
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(40)
        .collect();
    if key.is_empty() {
        "author1975".into()
    } else {
        key.to_lowercase()
    }
}

fn first_name(item: &Item) -> Option<String> {
    for role in ["author", "editor", "translator"] {
        if let Some(CslValue::Names(names)) = item.0.get(role) {
            match names.first()? {
                NameValue::Item(n) => {
                    return Some(match &n.non_dropping_particle {
                        Some(particle) => format!("{particle} {}", n.family),
                        None => n.family.clone(),
                    })
                }
                NameValue::Literal(l) => return Some(l.literal.clone()),
            }
        }
    }
    None
}

/// The 1-based line on which byte `offset` of `text` stands.
fn line_at(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    1 + text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_bibliographies_are_an_error_naming_both() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        for f in ["content/bibliography.yaml", "content/bibliography.bib"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let mut d = Diagnostics::default();
        let bib = load(dir.path(), &mut d);
        let problems: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("content/bibliography.yaml and content/bibliography.bib"),
            "{problems:?}"
        );
        assert_eq!(bib.file, Path::new("content/bibliography.yaml"));
    }

    #[test]
    fn the_file_is_the_one_there_or_the_yaml_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let mut d = Diagnostics::default();
        assert_eq!(load(dir.path(), &mut d).file, Path::new(DEFAULT_FILE));
        std::fs::write(dir.path().join("content/bibliography.json"), "[]").unwrap();
        assert_eq!(
            load(dir.path(), &mut d).file,
            Path::new("content/bibliography.json")
        );
        assert!(d.is_empty());
    }

    #[test]
    fn an_unknown_type_lists_the_nearest() {
        assert_eq!(nearest_types("bok")[0], "book");
        assert_eq!(nearest_types("artcle-journal")[0], "article-journal");
    }

    /// Every prefix of a file, and the file with each of TeX's and JSON's special characters
    /// put in at every place: read with errors, never a panic (nor a stack overflow).
    #[test]
    fn cut_and_spliced_files_never_panic() {
        let bib = "@string{pp = {Past and Present}}\n@article{h52, author = {Hobsbawm, E. J. and de la Mare, W.}, title = {The {M}achine \\emph{Breakers} {\\\"a}\\'e~--}, journal = pp, date = {1952-02/1953}, crossref = {c}}\n@collection{c, editor = {{UNESCO}}, title = \"T\", year = 1917 # {--1921}, month = feb}\n";
        let json = r#"[{"id": "a", "type": "book", "author": [{"family": "A", "given": "B"}], "issued": {"date-parts": [["1917"], [1921]]}, "accessed": {"raw": "2020-01-02"}}, {"id": "http://zotero.org/users/1/items/X", "type": "chapter", "issued": "1975-03~"}]"#;
        let yaml = "- id: a\n  type: book\n  author: [{family: A}]\n  issued: 1917/1921\n- {id: b, type: chapter, issued: {literal: 'Spring 1975'}}\n";
        for (format, text, specials) in [
            (
                Format::Bibtex,
                bib,
                &['{', '}', '"', '@', ',', '=', '\\', '$', '#', '%', '~'][..],
            ),
            (
                Format::CslJson,
                json,
                &['{', '}', '[', ']', '"', ',', ':', '\\'][..],
            ),
            (
                Format::CslYaml,
                yaml,
                &['{', '}', '[', ']', '\'', ':', '-', '\n'][..],
            ),
        ] {
            let mut d = Diagnostics::default();
            assert!(
                !parse_as(format, text, &mut d).is_empty(),
                "{format:?}: {d:?}"
            );
            for (i, _) in text.char_indices() {
                parse_as(format, &text[..i], &mut Diagnostics::default());
                for c in specials {
                    let spliced = format!("{}{c}{}", &text[..i], &text[i..]);
                    parse_as(format, &spliced, &mut Diagnostics::default());
                }
            }
        }
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
    }
}
