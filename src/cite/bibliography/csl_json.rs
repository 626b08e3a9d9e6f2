//! `content/bibliography.json`: CSL-JSON, a JSON array of CSL items, as Zotero ("Export
//! Collection… → CSL JSON") and Pandoc (`pandoc -t csljson`) write it.
//!
//! serde_json reads the array and reports a syntax error with its line; each item is kept as
//! the raw text it was written as, so that its first line and the line of each of its fields
//! are known for the messages. The items' checks are the bibliography's, shared with the
//! other formats.

use super::{line_at, Entry, Place};
use crate::diagnostic::{Diagnostic, Diagnostics};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

pub(super) fn entries(text: &str, file: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            diags.push(json_error(file, &e));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for raw in items {
        let raw = raw.get();
        // A borrowed RawValue is a slice of the text itself: its address gives its offset.
        let offset = (raw.as_ptr() as usize)
            .checked_sub(text.as_ptr() as usize)
            .filter(|&o| o <= text.len())
            .unwrap_or(0);
        let line = line_at(text, offset);
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(fields)) => entries.push(Entry {
                fields,
                line,
                places: field_places(raw, line),
            }),
            Ok(_) => diags.push(
                Diagnostic::error(
                    file,
                    Some(line),
                    "an item must be a JSON object of CSL fields",
                )
                .with_help("write each item as {\"id\": \"anweiler1975\", \"type\": \"book\", …}"),
            ),
            // Valid JSON as a whole, but nested too deeply for serde_json to read the item.
            Err(e) => diags.push(Diagnostic::error(
                file,
                Some(line),
                format!("the item cannot be read: {}", without_place(&e)),
            )),
        }
    }
    entries
}

fn json_error(file: &Path, e: &serde_json::Error) -> Diagnostic {
    use serde_json::error::Category;
    let line = (e.line() > 0).then_some(e.line());
    let message = without_place(e);
    match e.classify() {
        Category::Data => Diagnostic::error(
            file,
            line,
            format!("the bibliography must be a JSON array of CSL items: {message}"),
        )
        .with_help("Zotero and Pandoc export CSL-JSON as [{\"id\": …, \"type\": …}, …]"),
        Category::Eof => Diagnostic::error(
            file,
            line,
            format!("the JSON ends before it is complete: {message}"),
        )
        .with_help("check that every [, { and \" is closed"),
        _ => Diagnostic::error(file, line, format!("invalid JSON: {message}")),
    }
}

/// serde_json's message without its "at line X column Y": the place is shown already.
fn without_place(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

/// The line of each field of an item's JSON text (an object, valid JSON): the keys at the
/// object's own depth, found by a scan that skips strings and nested values.
fn field_places(item: &str, first_line: usize) -> HashMap<String, Place> {
    let bytes = item.as_bytes();
    let mut places = HashMap::new();
    let mut depth = 0usize;
    let mut line = first_line;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                let is_key = item
                    .get(end..)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'));
                if depth == 1 && is_key {
                    if let Some(key) = item
                        .get(start..end)
                        .and_then(|k| serde_json::from_str::<String>(k).ok())
                    {
                        // serde_json keeps the last of two equal keys; so does this.
                        places.insert(key.clone(), Place { name: key, line });
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    places
}

#[cfg(test)]
mod tests {
    use super::super::{parse_as, Format, Work};
    use crate::diagnostic::Diagnostics;

    fn parse_all(json: &str) -> (Vec<Work>, Vec<String>) {
        let mut d = Diagnostics::default();
        let works = parse_as(Format::CslJson, json, &mut d);
        (works, d.iter().map(|d| d.to_string()).collect())
    }

    const ZOTERO: &str = r#"[
  {
    "id": "http://zotero.org/users/123/items/ABCD1234",
    "type": "book",
    "title": "The Soviets",
    "publisher": "Pantheon Books",
    "author": [{"family": "Anweiler", "given": "Oskar"}],
    "issued": {"date-parts": [["1975"]]}
  },
  {
    "id": "anweiler1975",
    "type": "book",
    "title": "Another",
    "author": [{"family": "Anweiler", "given": "Oskar"}],
    "issued": {"date-parts": [[1975]]}
  },
  {
    "id": "http://zotero.org/groups/9/items/WXYZ9876",
    "type": "article-journal",
    "title": "Räte",
    "author": [{"family": "Müller", "given": "Hans"}],
    "issued": {"raw": "1917/1921"}
  }
]"#;

    #[test]
    fn items_start_on_their_lines() {
        let (works, problems) = parse_all(
            "[\n  {\"id\": \"a\", \"type\": \"book\", \"author\": [{\"family\": \"A\"}],\n   \"issued\": 2001},\n\n  {\"id\": \"b\", \"type\": \"book\", \"author\": [{\"family\": \"B\"}], \"issued\": \"1975-03\", \"year-suffix\": \"a\"}\n]",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(usize, &str)> = works.iter().map(|w| (w.line, w.year.as_str())).collect();
        assert_eq!(got, [(2, "2001"), (5, "1975a")]);
    }

    #[test]
    fn zotero_ids_become_keys_that_avoid_the_editors() {
        let (works, problems) = parse_all(ZOTERO);
        let ids: Vec<&str> = works.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["anweiler1975a", "anweiler1975", "muller1917"]);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].starts_with("content/bibliography.json:2: warning: ")
                && problems[0].contains("cite it as @anweiler1975a"),
            "{problems:#?}"
        );
        assert!(
            problems[1].contains("cite it as @muller1917"),
            "{problems:#?}"
        );
        assert!(problems.iter().all(|p| !p.contains("zotero.org")));
        for w in &works {
            let id = w.item.0.get("id").and_then(|v| v.to_str()).unwrap();
            assert_eq!(id, w.id, "the engine sees the key, never the address");
        }
    }

    #[test]
    fn a_zotero_citation_key_is_the_id() {
        let (works, problems) = parse_all(
            r#"[{"id": "http://zotero.org/users/1/items/AAAA1111", "citation-key": "soviets", "type": "book", "author": [{"family": "Anweiler"}], "issued": 1975}]"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(works[0].id, "soviets");
    }

    #[test]
    fn a_field_error_names_the_field_on_its_line() {
        let (_, problems) = parse_all(
            "[{\"id\": \"a\",\n  \"type\": \"book\",\n  \"editor\": {\"family\": \"B\"},\n  \"issued\": 1975}]",
        );
        assert!(
            problems[0].starts_with("content/bibliography.json:3: error: `a` is not a valid CSL item: `editor` cannot be read")
                && problems[0].contains("[{\"family\": \"Anweiler\""),
            "{problems:#?}"
        );
        let (_, problems) = parse_all(
            "[{\"id\": \"a\",\n  \"type\": \"bok\",\n  \"author\": [{\"family\": \"B\"}]}]",
        );
        assert!(
            problems[0].starts_with("content/bibliography.json:2: error: `a` has the type `bok`")
                && problems[0].contains("book"),
            "{problems:#?}"
        );
        let (_, problems) = parse_all(
            "[{\"id\": \"a\", \"type\": \"book\",\n \"issued\": {\"literal\": \"undated\"}}]",
        );
        assert!(
            problems[0].starts_with("content/bibliography.json:2: error: `issued` of `a` is not a date: `literal` “undated” holds no year")
                && problems[0].contains("date-parts"),
            "{problems:#?}"
        );
    }

    #[test]
    fn odd_input_is_reported_never_a_panic() {
        for (json, phrase) in [
            ("[{\"id\": \"a\", \"type\": \"book\"", "ends before it is complete"),
            ("[1, 2]", "an item must be a JSON object"),
            ("{}", "must be a JSON array"),
            ("[\"a string\"]", "an item must be a JSON object"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"issued\": \"abc\"}]", "not a date"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"issued\": \"1917/\"}]", "open range"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"issued\": 99999}]", "99999 is not a year"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"issued\": {\"date-parts\": [[1917], [1921], [1922]]}}]", "not a date"),
            ("[{\"id\": \"a b\", \"type\": \"book\"}]", "not a usable key"),
            ("[{\"type\": \"book\"}]", "has no `id`"),
            ("[{\"id\": \"a\"}]", "has no `type`"),
            ("[{\"id\": \"a\", \"type\": 3}]", "which CSL does not know"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"volume\": 1.5}]", "`volume` cannot be read"),
            ("[{\"id\": \"a\", \"type\": \"book\", \"URL\": \"javascript:x\"}]", "not a web address"),
            ("[nul]", "invalid JSON"),
            ("[{\"id\": \"a\", \"type\": \"book\"}] x", "invalid JSON"),
        ] {
            let (works, problems) = parse_all(json);
            assert!(works.is_empty(), "{json}");
            assert!(
                problems.iter().any(|p| p.contains(phrase) && p.contains("bibliography.json:1")),
                "{json}: {problems:#?}"
            );
        }
        let deep = format!("[{}{}]", "[".repeat(200), "]".repeat(200));
        let (_, problems) = parse_all(&deep);
        assert!(!problems.is_empty());
        assert!(parse_all("  \n").1.is_empty(), "an empty file is no works");
    }
}
