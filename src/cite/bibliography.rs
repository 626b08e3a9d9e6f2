//! `content/bibliography.yaml`: the works cited, as CSL items in CSL-YAML.
//!
//! Each item is checked before the CSL engine sees it, so that no input, however odd, makes
//! glossator panic (hayagriva panics on a date range, for one). glossator's own keys, `alias`
//! and `note: unverified`, are read here and kept out of the CSL item.

use crate::diagnostic::{yaml_error, Diagnostic, Diagnostics};
use hayagriva::citationberg::json::{FixedDateRange, Item, Value};
use std::collections::HashMap;
use std::path::Path;

pub const BIBLIOGRAPHY_FILE: &str = "content/bibliography.yaml";

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

pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<Work> {
    let text = match crate::read::optional(root, Path::new(BIBLIOGRAPHY_FILE)) {
        Ok(Some(text)) => text,
        Ok(None) => return Vec::new(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    parse(&text, diags)
}

pub fn parse(text: &str, diags: &mut Diagnostics) -> Vec<Work> {
    let file = Path::new(BIBLIOGRAPHY_FILE);
    let items: Vec<serde_yaml::Value> =
        match serde_yaml::from_str::<Option<Vec<serde_yaml::Value>>>(text) {
            Ok(v) => v.unwrap_or_default(),
            Err(e) => {
                diags.push(
                    yaml_error(file, 1, &e)
                        .with_help("the bibliography is a YAML list of CSL items"),
                );
                return Vec::new();
            }
        };
    let starts = crate::diagnostic::list_item_lines(text);
    let mut works = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, value) in items.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(1);
        let Some(work) = work(value, line, diags) else {
            continue;
        };
        if let Some(first) = seen.insert(work.id.clone(), line) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(line),
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

fn work(mut value: serde_yaml::Value, line: usize, diags: &mut Diagnostics) -> Option<Work> {
    let file = Path::new(BIBLIOGRAPHY_FILE);
    let error = |message: String| Diagnostic::error(file, Some(line), message);
    let Some(map) = value.as_mapping_mut() else {
        diags.push(error("an item must be a mapping of CSL fields".into()));
        return None;
    };
    let Some(id) = map.get("id").and_then(|v| v.as_str()).map(str::to_string) else {
        diags.push(
            error("the item has no `id`".into())
                .with_help("give every item an id, e.g. `id: anweiler1975`"),
        );
        return None;
    };
    if let Err(why) = check_key(&id) {
        diags.push(
            error(format!(
                "the id `{}` is not a usable key: {why}",
                id.escape_debug()
            ))
            .with_help(format!(
                "an id is letters, digits and _ - : . (at most {MAX_KEY} characters), \
                     e.g. `{}`",
                suggest_key(&id)
            )),
        );
        return None;
    }
    if let Some(url) = map.get("URL") {
        let ok = url.as_str().is_some_and(|u| {
            let lower = u.trim().to_ascii_lowercase();
            (lower.starts_with("https://") || lower.starts_with("http://"))
                && !u.chars().any(char::is_whitespace)
        });
        if !ok {
            diags.push(
                error(format!("the `URL` of `{id}` is not a web address"))
                    .with_help("write an address that starts with https:// or http://"),
            );
            return None;
        }
    }
    for (key, value) in map.iter() {
        if let Some(why) = value.get("date-parts").and_then(date_parts_problem) {
            let key = key.as_str().unwrap_or("a date");
            diags.push(
                error(format!("`{key}` of `{id}` is not a date: {why}")).with_help(
                    "write `{date-parts: [[year, month, day]]}`, month and day optional",
                ),
            );
            return None;
        }
    }
    let aliases: Vec<String> = match map.remove("alias") {
        None => Vec::new(),
        Some(serde_yaml::Value::Sequence(s)) => s
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(serde_yaml::Value::String(s)) => vec![s],
        Some(_) => {
            diags.push(error(format!("`alias` of `{id}` must be a list of names")));
            Vec::new()
        }
    };
    let unverified = map
        .get("note")
        .and_then(|v| v.as_str())
        .is_some_and(|n| n.to_lowercase().contains("unverified"));
    let suffix = map
        .get("year-suffix")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let item: Item = match serde_yaml::from_value(value.clone()) {
        Ok(item) => item,
        Err(e) => {
            let (field, help) = unreadable_field(&value).unwrap_or_else(|| {
                (
                    e.to_string(),
                    "names are lists of {family, given}; dates are {date-parts: [[year, month, day]]}",
                )
            });
            diags.push(error(format!("`{id}` is not a valid CSL item: {field}")).with_help(help));
            return None;
        }
    };
    let mut year = None;
    for (key, value) in &item.0 {
        let Value::Date(date) = value else { continue };
        match FixedDateRange::try_from(date.clone()) {
            Ok(range) if range.end.is_some() => {
                diags.push(
                    error(format!(
                        "`{key}` of `{id}` is a date range, which glossator cannot format"
                    ))
                    .with_help("give a single date: `issued: {date-parts: [[1917]]}`"),
                );
                return None;
            }
            Ok(range) if key == "issued" => year = Some(range.start.year),
            Ok(_) => {}
            Err(()) => {
                diags.push(
                    error(format!(
                        "`{key}` of `{id}` is not a date glossator can read"
                    ))
                    .with_help(
                        "write `{date-parts: [[year, month, day]]}`, month and day optional",
                    ),
                );
                return None;
            }
        }
    }
    if !item.0.contains_key("type") {
        diags.push(
            error(format!("`{id}` has no `type`"))
                .with_help("e.g. `type: book`, `chapter` or `article-journal`"),
        );
        return None;
    }
    let family = first_name(&item).unwrap_or_default();
    if family.is_empty() {
        diags.push(
            Diagnostic::warning(file, Some(line), format!("`{id}` has no author or editor"))
                .with_help("natural citations find a work by its first author's family name"),
        );
    }
    Some(Work {
        id,
        item,
        family,
        aliases,
        year: year.map_or_else(|| "n.d.".to_string(), |y| format!("{y}{suffix}")),
        unverified,
        line,
    })
}

/// The first field of an item that the CSL reader cannot take, with how to write it: the
/// reader's own message names no field ("data did not match any variant…").
fn unreadable_field(item: &serde_yaml::Value) -> Option<(String, &'static str)> {
    let map = item.as_mapping()?;
    for (key, value) in map {
        let mut alone = serde_yaml::Mapping::new();
        alone.insert(key.clone(), value.clone());
        if serde_yaml::from_value::<Item>(serde_yaml::Value::Mapping(alone)).is_ok() {
            continue;
        }
        let name = key.as_str().unwrap_or("a field").to_string();
        let help = match name.as_str() {
            "author" | "editor" | "translator" | "container-author" | "collection-editor"
            | "director" | "interviewer" | "recipient" => {
                "names are a list: [{family: Anweiler, given: Oskar}] or [{literal: UNESCO}]"
            }
            "issued" | "accessed" | "original-date" | "event-date" | "submitted" => {
                "dates are {date-parts: [[year, month, day]]}, month and day optional"
            }
            _ => "give the field a text or a number",
        };
        return Some((format!("`{name}` cannot be read as CSL"), help));
    }
    None
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

/// What is wrong with a CSL `date-parts` value, if anything: one or two dates, each a year
/// with an optional month and day, as numbers (or digits in strings, as some exports write).
fn date_parts_problem(parts: &serde_yaml::Value) -> Option<String> {
    let Some(dates) = parts.as_sequence() else {
        return Some("`date-parts` must be a list of dates, e.g. [[1917, 10]]".into());
    };
    if dates.is_empty() || dates.len() > 2 {
        return Some("`date-parts` holds one date, or two for a range".into());
    }
    for date in dates {
        let Some(numbers) = date.as_sequence() else {
            return Some("each date in `date-parts` is a list: [year, month, day]".into());
        };
        if numbers.is_empty() || numbers.len() > 3 {
            return Some("a date is [year], [year, month] or [year, month, day]".into());
        }
        for (i, n) in numbers.iter().enumerate() {
            let value = match n {
                serde_yaml::Value::Number(n) => n.as_i64(),
                serde_yaml::Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            let Some(value) = value else {
                return Some(format!("`{}` is not a whole number", yaml_text(n)));
            };
            let (name, range) = match i {
                0 => ("year", -9999..=9999),
                1 => ("month", 1..=24), // 13–24 are CSL's seasons
                _ => ("day", 1..=31),
            };
            if !range.contains(&value) {
                return Some(format!("{value} is not a {name}"));
            }
        }
    }
    None
}

fn yaml_text(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|t| t.trim().to_string())
        .unwrap_or_default()
}

fn first_name(item: &Item) -> Option<String> {
    use hayagriva::citationberg::json::NameValue;
    for role in ["author", "editor", "translator"] {
        if let Some(Value::Names(names)) = item.0.get(role) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(yaml: &str) -> (Vec<Work>, Vec<String>) {
        let mut d = Diagnostics::default();
        let works = parse(yaml, &mut d);
        (works, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn items_with_aliases_suffixes_and_notes() {
        let (works, problems) = parse_all(concat!(
            "- id: trotsky1973\n  type: book\n  author: [{family: Trotsky, given: Leon}]\n",
            "  issued: {date-parts: [[1973]]}\n  title: '1905'\n  alias: [Trostky]\n  note: unverified\n",
            "- id: lenin1917a\n  type: book\n  author: [{family: Lenin, given: V. I.}]\n",
            "  issued: {date-parts: [[1917]]}\n  year-suffix: a\n  title: T\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(works[0].aliases, ["Trostky"]);
        assert!(works[0].unverified);
        assert_eq!(
            (works[0].family.as_str(), works[0].year.as_str()),
            ("Trotsky", "1973")
        );
        assert_eq!(works[1].year, "1917a");
        assert_eq!(works[1].line, 8);
        assert!(
            !works[0].item.0.contains_key("alias"),
            "glossator's keys stay out of CSL"
        );
    }

    #[test]
    fn odd_input_is_reported_never_a_panic() {
        let (works, problems) = parse_all(concat!(
            "- id: range\n  type: book\n  author: [{family: A}]\n  issued: {date-parts: [[1917], [1921]]}\n",
            "- id: badname\n  type: book\n  author: 12\n",
            "- type: book\n  title: no id\n",
            "- id: notype\n  author: [{family: B}]\n",
            "- just a string\n",
            "- id: range\n  type: book\n  author: [{family: C}]\n",
        ));
        assert_eq!(works.len(), 2, "{problems:#?}");
        assert!(
            problems[0].starts_with(
                "content/bibliography.yaml:1: error: `issued` of `range` is a date range"
            ),
            "{problems:#?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with(
                "content/bibliography.yaml:5: warning: `badname` has no author or editor"
            )),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("content/bibliography.yaml:8: error: the item has no `id`")),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p
                    .starts_with("content/bibliography.yaml:10: error: `notype` has no `type`")),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p
                    .starts_with("content/bibliography.yaml:12: error: an item must be a mapping")),
            "{problems:#?}"
        );
    }

    #[test]
    fn ids_urls_and_dates_are_checked_before_the_csl_engine() {
        let (works, problems) = parse_all(concat!(
            "- id: 'a\" onmouseover=\"alert(1)\" x=\"'\n  type: book\n  author: [{family: A}]\n",
            "- id: empty\n  type: book\n  author: [{family: B}]\n  issued: {date-parts: [[]]}\n",
            "- id: blank\n  type: book\n  author: [{family: C}]\n  issued: {date-parts: [['']]}\n",
            "- id: second\n  type: book\n  author: [{family: D}]\n  issued: {date-parts: [[1917], []]}\n",
            "- id: js\n  type: book\n  author: [{family: E}]\n  URL: 'javascript:alert(1)'\n",
            "- id: good\n  type: book\n  author: [{family: F}]\n  issued: {date-parts: [['1917', 10]]}\n  URL: https://example.org/x\n",
        ));
        assert_eq!(
            works.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
            ["good"]
        );
        let expect = [
            ":1: error: the id ",
            ":4: error: `issued` of `empty` is not a date",
            ":8: error: `issued` of `blank` is not a date",
            ":12: error: `issued` of `second` is not a date",
            ":16: error: the `URL` of `js` is not a web address",
        ];
        for (p, e) in problems.iter().zip(expect) {
            assert!(p.contains(e), "{p} should contain {e}");
        }
        assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    }

    #[test]
    fn an_unreadable_field_is_named() {
        let (_, problems) = parse_all(
            "- id: a\n  type: book\n  title: T\n  author: [{family: A}]\n  editor: {family: B}\n",
        );
        assert!(
            problems[0].contains("`editor` cannot be read"),
            "{problems:#?}"
        );
        assert!(problems[0].contains("names are a list"), "{problems:#?}");
    }
}
