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
        if let Some((_, text)) = SHIPPED.iter().find(|(l, _)| *l == primary) {
            table.extend(flatten_text(text).unwrap_or_default());
        }
        let file = Path::new(I18N_FILE);
        match crate::read::optional(root, file) {
            Ok(Some(text)) => match serde_yaml::from_str::<serde_yaml::Value>(&text) {
                Ok(value) => {
                    let mut own = BTreeMap::new();
                    flatten(&value, String::new(), &mut own);
                    for (key, value) in own {
                        let known = table.contains_key(&key) || is_plural_of_known(&table, &key);
                        if known {
                            table.insert(key, value);
                        } else {
                            let line = line_of_key(&text, &key);
                            let nearest = table
                                .keys()
                                .min_by_key(|k| crate::diagnostic::edit_distance(k, &key))
                                .filter(|k| {
                                    crate::diagnostic::edit_distance(k, &key) <= key.len() / 3 + 1
                                });
                            diags.push(
                                Diagnostic::error(
                                    file,
                                    line,
                                    format!("the interface has no string `{key}`"),
                                )
                                .with_help(match nearest {
                                    Some(k) => format!("did you mean `{k}`?"),
                                    None => "`glossator theme export` writes the theme; the keys are those of its i18n/en.yaml".to_string(),
                                }),
                            );
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
        let mut out = chosen.to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
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

    /// Every key and its string, for a theme's `t` filter.
    pub fn table(&self) -> &BTreeMap<String, String> {
        &self.table
    }

    pub fn language(&self) -> &str {
        &self.language
    }
}

/// Whether `key` is a plural form (`x.few`) of a key the table has in another form.
fn is_plural_of_known(table: &BTreeMap<String, String>, key: &str) -> bool {
    key.rsplit_once('.').is_some_and(|(base, form)| {
        FORMS.contains(&form)
            && FORMS
                .iter()
                .any(|f| table.contains_key(&format!("{base}.{f}")))
    })
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

/// The line of the last part of a dotted key in an `i18n.yaml`, for its message.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let last = key.rsplit('.').next().unwrap_or(key);
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("{last}:")) || l.starts_with(&format!("{key}:"))
        })
        .map(|i| i + 1)
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
}
