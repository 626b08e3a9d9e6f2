//! The interface's words in the edition's language: a table per shipped language (English,
//! German, French, Spanish, Russian), English beneath every other, and the edition's own
//! `i18n.yaml` over both. Templates read it through the `t` filter; the writer of the
//! apparatus through `Strings::get`.

use crate::diagnostic::{yaml_error, Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

/// The edition's file of its own interface strings, beside `edition.yaml`.
pub const I18N_FILE: &str = "i18n.yaml";

/// The shipped tables, by primary language subtag.
const SHIPPED: &[(&str, &str)] = &[
    ("en", include_str!("en.yaml")),
    ("de", include_str!("de.yaml")),
    ("fr", include_str!("fr.yaml")),
    ("es", include_str!("es.yaml")),
    ("ru", include_str!("ru.yaml")),
];

/// The plural forms a count can take, as CLDR names them.
const FORMS: &[&str] = &["one", "few", "many", "other"];

#[derive(Debug, Clone)]
pub struct Strings {
    /// The primary subtag of the edition's language (`de` for `de-CH`), which picks the
    /// plural rule.
    language: String,
    table: BTreeMap<String, String>,
}

impl Strings {
    /// The English table alone, for bodies written outside an edition (tests, previews).
    pub fn english() -> &'static Strings {
        static ENGLISH: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(|| Strings {
            language: "en".into(),
            table: flatten_text(SHIPPED[0].1).unwrap_or_default(),
        })
    }

    /// The strings for `language`, with the edition's `i18n.yaml` over them; its problems
    /// (bad YAML, a key the interface does not have) are reported and the rest still used.
    pub fn load(language: &str, root: &Path, diags: &mut Diagnostics) -> Strings {
        let primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        let mut table = Strings::english().table.clone();
        let shipped = SHIPPED.iter().find(|(l, _)| *l == primary);
        if let Some((_, text)) = shipped {
            table.extend(flatten_text(text).unwrap_or_default());
        }
        let file = Path::new(I18N_FILE);
        if shipped.is_none() && !root.join(file).exists() {
            diags.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    crate::read::optional(root, Path::new(crate::config::CONFIG_FILE))
                        .ok()
                        .flatten()
                        .and_then(|t| crate::diagnostic::line_of_value(&t, "language", language)),
                    format!("glossator has no interface table for `{language}`: the pages' own words (Contents, Section 1 of 3) will be English"),
                )
                .with_help(format!(
                    "translate them in {I18N_FILE} beside edition.yaml (docs/theme.md lists every string); tables are shipped for {}",
                    SHIPPED.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", ")
                )),
            );
        }
        match crate::read::optional(root, file) {
            Ok(Some(text)) => match serde_yaml::from_str::<serde_yaml::Value>(&text) {
                Ok(value) => {
                    let mut own = BTreeMap::new();
                    flatten(&value, String::new(), &mut own);
                    let english = &Strings::english().table;
                    let forms = language_forms(&primary);
                    for problem in check_own(&own, english, forms) {
                        let (key, message, help) = problem;
                        diags.push(
                            Diagnostic::error(file, line_of_key(&text, &key), message)
                                .with_span(key.rsplit('.').next().unwrap_or(&key).to_string())
                                .with_help(help),
                        );
                    }
                    for (key, value) in own {
                        if table.contains_key(&key) || is_plural_of_known(&table, &key) {
                            table.insert(key, value);
                        }
                    }
                }
                Err(e) => diags.push(yaml_error(file, 1, &e).with_more_help(
                    "i18n.yaml maps interface keys to your words, e.g. `site: {contents: Inhalt}`",
                )),
            },
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
        Strings {
            language: primary,
            table,
        }
    }

    /// The string of `key`, or the key itself where no table has it (a theme's typo shows on
    /// the page rather than failing the build).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The string of `key` with its `{name}` arguments filled in; where the key has plural
    /// forms, the one `n` takes in the edition's language.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let n = args
            .iter()
            .find(|(name, _)| *name == "n")
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let chosen = match n {
            Some(n) if !self.table.contains_key(key) => {
                let form = plural_form(&self.language, n);
                self.table
                    .get(&format!("{key}.{form}"))
                    .or_else(|| self.table.get(&format!("{key}.other")))
                    .map_or(key, String::as_str)
            }
            _ => self.get(key),
        };
        // One pass over the string: an argument's value is not read again for the names of
        // others, and nothing is copied once for each argument.
        let mut out = String::with_capacity(chosen.len() + 16);
        let mut rest = chosen;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((*value, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Which of several places named alike a link leads to: `2nd`, `3rd`, `11th` in
    /// English; `site.ordinal` (`{n}.`, `{n}e`) in the other languages.
    pub fn ordinal(&self, n: usize) -> String {
        if self.language == "en" && self.get("site.ordinal") == "{n}th" {
            return crate::site::ordinal(n);
        }
        self.format("site.ordinal", &[("n", &n.to_string())])
    }

    /// `format`, or why a template's call cannot be: a key the table lacks, or an argument
    /// its string names that the call does not give.
    pub fn checked_format(&self, key: &str, args: &[(&str, &str)]) -> Result<String, String> {
        if !self.table.contains_key(key) && !is_count(&self.table, key) {
            let nearest =
                crate::diagnostic::nearest(key, self.table.keys().map(|k| plural_base(k)), |d| {
                    d * 3 <= key.len()
                });
            return Err(match nearest {
                Some(k) => format!("the interface has no string `{key}`; did you mean `{k}`?"),
                None => format!("the interface has no string `{key}` (docs/theme.md lists them)"),
            });
        }
        let out = self.format(key, args);
        if let Some(missing) = placeholders(&out).into_iter().next() {
            return Err(format!(
                "the string `{key}` takes `{missing}`: write `t({missing}=…)`"
            ));
        }
        Ok(out)
    }

    /// A day (`2026-03-14`, or with a time after it) as the language writes it: "14 March
    /// 2026", "14. März 2026"; anything else as it is.
    pub fn date(&self, day: &str) -> String {
        let parts: Vec<&str> = day.get(..10).unwrap_or(day).split('-').collect();
        let [year, month, date] = parts[..] else {
            return day.to_string();
        };
        let (Ok(m), Ok(d)) = (month.parse::<u32>(), date.parse::<u32>()) else {
            return day.to_string();
        };
        if !(1..=12).contains(&m) || year.len() != 4 {
            return day.to_string();
        }
        let month = self.get(&format!("date.month_{m}")).to_string();
        self.format(
            "date.format",
            &[("day", &d.to_string()), ("month", &month), ("year", year)],
        )
    }

    /// Every key and its string, for a theme's `t` filter.
    pub fn table(&self) -> &BTreeMap<String, String> {
        &self.table
    }

    /// The strings that take no argument, by key in a hashed table: each is what
    /// `checked_format` gives for its key called without arguments, looked up as it is.
    pub fn without_arguments(&self) -> rustc_hash::FxHashMap<String, String> {
        self.table
            .iter()
            .filter(|(_, text)| !text.contains('{'))
            .map(|(key, text)| (key.clone(), text.clone()))
            .collect()
    }

    pub fn language(&self) -> &str {
        &self.language
    }
}

/// The plural forms a language's counts take.
fn language_forms(language: &str) -> &'static [&'static str] {
    match language {
        "ru" => &["one", "few", "many"],
        _ => &["one", "other"],
    }
}

/// What is wrong with an edition's own strings: a key the interface lacks (with the nearest),
/// a count given as one string or short of a form its language uses, a form it does not use,
/// an argument the string cannot take. Each with its key, message and help.
fn check_own(
    own: &BTreeMap<String, String>,
    english: &BTreeMap<String, String>,
    forms: &[&str],
) -> Vec<(String, String, String)> {
    let mut problems = Vec::new();
    let is_count = |base: &str| is_count(english, base);
    let arguments = |key: &str| -> Vec<String> {
        let base = plural_base(key);
        let mut found: Vec<String> = english
            .iter()
            .filter(|(k, _)| k.as_str() == key || plural_base(k) == base)
            .flat_map(|(_, v)| placeholders(v))
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let mut counts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in own {
        let base = plural_base(key);
        let form = key.rsplit('.').next().unwrap_or_default();
        if is_count(key) {
            problems.push((
                key.clone(),
                format!("`{key}` is a count, which takes a form for each number"),
                format!(
                    "write its forms under it: {}",
                    forms
                        .iter()
                        .map(|f| format!("`{f}:`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        if base != key && is_count(base) {
            if !forms.contains(&form) {
                problems.push((
                    key.clone(),
                    format!("this language's counts have no form `{form}`"),
                    format!("its forms are: {}", forms.join(", ")),
                ));
                continue;
            }
            counts.entry(base).or_default().push(form);
        } else if !english.contains_key(key) {
            let nearest =
                crate::diagnostic::nearest(key, english.keys().map(|k| plural_base(k)), |d| {
                    d <= key.len() / 3 + 1
                });
            problems.push((
                key.clone(),
                format!("the interface has no string `{key}`"),
                match nearest {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "docs/theme.md lists every key with its English string".to_string(),
                },
            ));
            continue;
        }
        let takes = arguments(key);
        for name in placeholders(value) {
            if !takes.contains(&name) {
                problems.push((
                    key.clone(),
                    format!("`{{{name}}}` is not an argument of `{base}`"),
                    if takes.is_empty() {
                        "this string takes no arguments".to_string()
                    } else {
                        format!(
                            "it takes: {}",
                            takes
                                .iter()
                                .map(|t| format!("{{{t}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                ));
            }
        }
    }
    for (base, given) in counts {
        let missing: Vec<&str> = forms
            .iter()
            .copied()
            .filter(|f| !given.contains(f))
            .collect();
        if !missing.is_empty() {
            problems.push((
                format!("{base}.{}", given[0]),
                format!(
                    "the count `{base}` lacks its form {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                "give every form, or none (to keep the shipped ones)".to_string(),
            ));
        }
    }
    problems
}

/// A plural form's key without its form: `citations.works` for `citations.works.one`.
fn plural_base(key: &str) -> &str {
    match key.rsplit_once('.') {
        Some((base, form)) if FORMS.contains(&form) => base,
        _ => key,
    }
}

/// The `{name}` arguments a string names.
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                found.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// Whether `base` is a count: a key the table has in plural forms (`base.one`, `base.other`).
fn is_count(table: &BTreeMap<String, String>, base: &str) -> bool {
    FORMS
        .iter()
        .any(|f| table.contains_key(&format!("{base}.{f}")))
}

/// Whether `key` is a plural form (`x.few`) of a key the table has in another form.
fn is_plural_of_known(table: &BTreeMap<String, String>, key: &str) -> bool {
    key.rsplit_once('.')
        .is_some_and(|(base, form)| FORMS.contains(&form) && is_count(table, base))
}

/// The CLDR plural category of `n` for the languages shipped (others take English's rule).
fn plural_form(language: &str, n: u64) -> &'static str {
    match language {
        "fr" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "ru" => {
            let (ten, hundred) = (n % 10, n % 100);
            if ten == 1 && hundred != 11 {
                "one"
            } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
                "few"
            } else {
                "many"
            }
        }
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

fn flatten_text(text: &str) -> Option<BTreeMap<String, String>> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let mut out = BTreeMap::new();
    flatten(&value, String::new(), &mut out);
    Some(out)
}

/// A nested YAML mapping as dotted keys: `site: {contents: X}` is `site.contents`.
fn flatten(value: &serde_yaml::Value, prefix: String, out: &mut BTreeMap<String, String>) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                let key = match k {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => continue,
                };
                let full = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(v, full, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix, s.clone());
        }
        Value::Number(n) => {
            out.insert(prefix, n.to_string());
        }
        Value::Bool(b) => {
            out.insert(prefix, b.to_string());
        }
        _ => {}
    }
}

/// The line of a dotted key in an `i18n.yaml` (`citations.works.one`): each part found below
/// the one before it, deeper indented, for its message.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut indent: Option<usize> = None;
    let mut found = None;
    for part in key.split('.') {
        let at = (from..lines.len()).find(|&i| {
            let line = lines[i];
            let depth = line.len() - line.trim_start().len();
            indent.is_none_or(|d| depth > d)
                && line
                    .trim_start()
                    .strip_prefix(part)
                    .is_some_and(|r| r.starts_with(':'))
        })?;
        indent = Some(lines[at].len() - lines[at].trim_start().len());
        from = at + 1;
        found = Some(at + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_table_parses_and_has_only_keys_english_has() {
        let english = flatten_text(SHIPPED[0].1).unwrap();
        for (language, text) in SHIPPED {
            let table = flatten_text(text).unwrap_or_else(|| panic!("{language} parses"));
            for key in table.keys() {
                assert!(
                    english.contains_key(key) || is_plural_of_known(&english, key),
                    "{language}: {key}"
                );
            }
        }
    }

    #[test]
    fn every_shipped_table_translates_every_english_key() {
        let english = flatten_text(SHIPPED[0].1).unwrap();
        for (language, text) in &SHIPPED[1..] {
            let table = flatten_text(text).unwrap();
            for key in english.keys() {
                let base = key.rsplit_once('.').map_or(key.as_str(), |(b, _)| b);
                let plural = key
                    .rsplit_once('.')
                    .is_some_and(|(_, f)| FORMS.contains(&f));
                let has = table.contains_key(key)
                    || (plural
                        && FORMS
                            .iter()
                            .any(|f| table.contains_key(&format!("{base}.{f}"))));
                assert!(has, "{language} lacks {key}");
            }
        }
    }

    #[test]
    fn counts_take_their_language_s_plural_form() {
        let ru = Strings {
            language: "ru".into(),
            table: flatten_text(SHIPPED[4].1).unwrap(),
        };
        let forms: Vec<&str> = [1, 2, 5, 11, 21, 22, 25, 111]
            .into_iter()
            .map(|n| plural_form(&ru.language, n))
            .collect();
        assert_eq!(
            forms,
            ["one", "few", "many", "many", "one", "few", "many", "many"]
        );
        assert_eq!(plural_form("fr", 0), "one");
        assert_eq!(plural_form("en", 0), "other");
        let en = Strings::english();
        assert_eq!(
            en.format("citations.citations", &[("n", "1")]),
            "1 citation"
        );
        assert_eq!(
            en.format("citations.citations", &[("n", "3")]),
            "3 citations"
        );
        assert_eq!(
            en.format("section.kicker", &[("n", "2"), ("total", "6")]),
            "Section 2 of 6"
        );
    }

    #[test]
    fn a_value_is_written_as_given_and_a_name_no_argument_gives_is_kept() {
        let mut table = BTreeMap::new();
        table.insert("k".to_string(), "{a} and {b}, {c} {".to_string());
        let strings = Strings {
            language: "en".into(),
            table: table.into_iter().collect(),
        };
        assert_eq!(
            strings.format("k", &[("a", "{b}"), ("b", "Ivanovo")]),
            "{b} and Ivanovo, {c} {"
        );
    }
}

#[cfg(test)]
mod own_strings {
    use super::*;

    fn problems(yaml: &str, language: &str) -> Vec<(String, Option<usize>)> {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let mut own = BTreeMap::new();
        flatten(&value, String::new(), &mut own);
        check_own(&own, &Strings::english().table, language_forms(language))
            .into_iter()
            .map(|(key, message, _)| (message, line_of_key(yaml, &key)))
            .collect()
    }

    #[test]
    fn an_edition_s_strings_are_checked_against_the_interface() {
        assert_eq!(problems("site:\n  contents: Übersicht\n", "de"), []);
        assert_eq!(
            problems(
                "citations:\n  citations:\n    other: \"{count} Belege\"\n    one: \"{n} Beleg\"\n",
                "de"
            ),
            [(
                "`{count}` is not an argument of `citations.citations`".to_string(),
                Some(3)
            )]
        );
        assert_eq!(
            problems("citations:\n  citations:\n    one: \"{n} renvoi\"\n", "fr"),
            [(
                "the count `citations.citations` lacks its form `other`".to_string(),
                Some(3)
            )]
        );
        assert_eq!(
            problems("citations:\n  citations:\n    few: \"{n} x\"\n", "fr"),
            [(
                "this language's counts have no form `few`".to_string(),
                Some(3)
            )]
        );
        assert_eq!(
            problems("citations:\n  citations: \"{n} renvois\"\n", "fr"),
            [(
                "`citations.citations` is a count, which takes a form for each number".to_string(),
                Some(2)
            )]
        );
        assert_eq!(
            problems("site:\n  nxt: Suivant\n", "fr")[0].0,
            "the interface has no string `site.nxt`"
        );
    }

    #[test]
    fn a_day_is_written_as_its_language_writes_it() {
        let at = |l: &str| Strings::load(l, Path::new("/nonexistent"), &mut Default::default());
        assert_eq!(Strings::english().date("2026-03-14"), "14 March 2026");
        assert_eq!(at("de").date("2026-03-04T09:30:00Z"), "4. März 2026");
        assert_eq!(at("es").date("2026-11-01"), "1 de noviembre de 2026");
        assert_eq!(at("ru").date("1905-10-13"), "13 октября 1905 г.");
        assert_eq!(Strings::english().date("soon"), "soon");
    }

    #[test]
    fn a_template_s_call_is_checked_too() {
        let en = Strings::english();
        assert!(en
            .checked_format("site.nxt", &[])
            .unwrap_err()
            .contains("did you mean `site.next`?"));
        assert!(en
            .checked_format("section.kicker", &[("n", "1")])
            .unwrap_err()
            .contains("takes `total`"));
        assert_eq!(
            en.checked_format("section.kicker", &[("n", "1"), ("total", "2")]),
            Ok("Section 1 of 2".to_string())
        );
    }
}
