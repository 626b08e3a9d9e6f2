//! `content/bibliography.yaml`: CSL-YAML, a YAML list of CSL items, as Pandoc writes it.
//!
//! Only reading the YAML and finding where each item starts is here; the items' checks are
//! the bibliography's, shared with the other formats. Every message points at the line of
//! the item's `- `.

use super::Entry;
use crate::diagnostic::{yaml_error, Diagnostic, Diagnostics};
use std::path::Path;

pub(super) fn entries(text: &str, file: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    let items: Vec<serde_yaml::Value> =
        match serde_yaml::from_str::<Option<Vec<serde_yaml::Value>>>(text) {
            Ok(v) => v.unwrap_or_default(),
            Err(e) => {
                diags.push(
                    yaml_error(file, 1, &e)
                        .with_more_help("the bibliography is a YAML list of CSL items"),
                );
                return Vec::new();
            }
        };
    let starts = crate::diagnostic::list_item_lines(text);
    let mut entries = Vec::new();
    for (i, value) in items.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(1);
        let error = |message: &str| Diagnostic::error(file, Some(line), message);
        if !value.is_mapping() {
            diags.push(error("an item must be a mapping of CSL fields"));
            continue;
        }
        // YAML and JSON share serde's data model, so an item reads the same either way; a
        // key JSON cannot hold (a list, a null) is the only thing lost.
        match serde_json::to_value(&value) {
            Ok(serde_json::Value::Object(fields)) => entries.push(Entry {
                fields,
                line,
                ..Entry::default()
            }),
            _ => diags.push(
                error("an item's field names must be texts")
                    .with_help("write `title: …`, `author: …`, as CSL names its fields"),
            ),
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Work};
    use crate::diagnostic::Diagnostics;

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
        // A range is read as its start (hayagriva would panic on the range itself).
        assert_eq!(works.len(), 2, "{problems:#?}");
        assert_eq!(
            (works[0].id.as_str(), works[0].year.as_str()),
            ("range", "1917")
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
        assert!(
            problems.iter().any(|p| p
                .starts_with("content/bibliography.yaml:13: error: the id `range` is used twice")),
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

    #[test]
    fn pandoc_years_strings_and_ranges_are_dates() {
        let (works, problems) = parse_all(concat!(
            "- id: a\n  type: book\n  author: [{family: A}]\n  issued: 2001\n",
            "- id: b\n  type: book\n  author: [{family: B}]\n  issued: '1975-03'\n",
            "- id: c\n  type: book\n  author: [{family: C}]\n  issued: 1917/1921\n",
            "- id: d\n  type: book\n  author: [{family: D}]\n  issued: {date-parts: [['1917'], ['1921']]}\n",
        ));
        assert!(problems.is_empty(), "{problems:?}");
        let years: Vec<&str> = works.iter().map(|w| w.year.as_str()).collect();
        assert_eq!(years, ["2001", "1975", "1917", "1917"]);
    }

    #[test]
    fn an_unknown_type_is_an_error_with_the_nearest() {
        let (works, problems) =
            parse_all("- id: a\n  type: bok\n  author: [{family: A}]\n  issued: 2001\n");
        assert!(works.is_empty());
        assert!(
            problems[0].starts_with(
                "content/bibliography.yaml:1: error: `a` has the type `bok`, which CSL does not know"
            ) && problems[0].contains("nearest CSL types are book"),
            "{problems:?}"
        );
    }
}
