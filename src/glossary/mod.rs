//! The glossary: `content/glossary.yaml` read and checked, and its terms found in the essay.
//!
//! This module knows the entries and their rules (ids, forms, see-also); `matcher` finds the
//! occurrences in text. Which occurrences become links is the edition's `glossary.link`.

pub mod matcher;
pub mod occurrences;

use crate::config::LinkPolicy;
use crate::diagnostic::{yaml_error, Diagnostic, Diagnostics};
use crate::slug;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const GLOSSARY_FILE: &str = "content/glossary.yaml";

#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: String,
    /// Other surface forms; the term itself is not repeated here.
    pub forms: Vec<String>,
    pub except: Vec<String>,
    /// Markdown.
    pub definition: String,
    pub see_also: Vec<String>,
    /// Line of `glossary.yaml` where the entry starts.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    term: String,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    see_also: Vec<String>,
}

/// Reads and checks the glossary; an edition without `glossary.yaml` has none.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Vec<Term> {
    let text = match crate::read::optional(root, Path::new(GLOSSARY_FILE)) {
        Ok(Some(text)) => text,
        Ok(None) => return Vec::new(),
        Err(d) => {
            diags.push(d);
            return Vec::new();
        }
    };
    parse(&text, diags)
}

pub fn parse(text: &str, diags: &mut Diagnostics) -> Vec<Term> {
    let file = Path::new(GLOSSARY_FILE);
    let entries: Vec<Entry> = match serde_yaml::from_str::<Option<Vec<Entry>>>(text) {
        Ok(e) => e.unwrap_or_default(),
        Err(e) => {
            diags.push(yaml_error(file, 1, &e).with_more_help(
                "the glossary is a YAML list of entries, each with id, term, forms, except, \
                 definition and see_also",
            ));
            return Vec::new();
        }
    };
    let starts = crate::diagnostic::list_item_lines(text);
    let block_style = starts.len() == entries.len();
    let terms: Vec<Term> = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| Term {
            // A list written in flow style (`[{id: a, …}, …]`) has no `- ` lines: find the
            // entry by its id instead.
            line: if block_style {
                starts[i]
            } else {
                crate::diagnostic::line_of_value(text, "id", &e.id).unwrap_or(1)
            },
            id: e.id,
            term: e.term,
            forms: e.forms,
            except: e.except,
            definition: e.definition,
            see_also: e.see_also,
        })
        .collect();
    check(&terms, diags);
    terms
}

fn check(terms: &[Term], diags: &mut Diagnostics) {
    let file = Path::new(GLOSSARY_FILE);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    for (index, term) in terms.iter().enumerate() {
        let at = Some(term.line);
        if !slug::is_valid(&term.id) {
            diags.push(
                Diagnostic::error(file, at, format!("the id `{}` is not a valid id", term.id))
                    .with_help(format!(
                        "use lowercase letters, digits and hyphens, e.g. `{}`",
                        slug::slugify(&term.id)
                    )),
            );
        }
        if let Some(first) = ids.insert(&term.id, term.line) {
            diags.push(
                Diagnostic::error(file, at, format!("the id `{}` is used twice", term.id))
                    .with_help(format!(
                        "the first entry with it starts on line {first}; give one another id"
                    )),
            );
        }
        if term.term.trim().is_empty() {
            diags.push(Diagnostic::error(
                file,
                at,
                format!("the entry `{}` has an empty term", term.id),
            ));
        }
        if term.definition.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    file,
                    at,
                    format!("the term `{}` has an empty definition", term.id),
                )
                .with_help("write the definition under `definition: |`"),
            );
        }
        let mut own: Vec<String> = std::iter::once(&term.term)
            .chain(&term.forms)
            .map(|f| matcher::fold(f.trim()))
            .filter(|f| !f.is_empty())
            .collect();
        own.sort();
        own.dedup();
        for form in own {
            if let Some(&other) = claimed.get(&form) {
                let other: &Term = &terms[other];
                diags.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!(
                            "`{}` and `{}` both claim the form “{form}”",
                            other.id, term.id
                        ),
                    )
                    .with_help("a form can belong to one term only: remove it from one of them"),
                );
            } else {
                claimed.insert(form, index);
            }
        }
    }
    for term in terms {
        let at = Some(term.line);
        for except in &term.except {
            let folded = matcher::fold(except.trim());
            if std::iter::once(&term.term)
                .chain(&term.forms)
                .any(|f| matcher::fold(f.trim()) == folded)
            {
                diags.push(
                    Diagnostic::error(
                        file,
                        at,
                        format!("`{}` excepts “{except}”, which is one of its own forms", term.id),
                    )
                    .with_help("an except phrase is a longer phrase that contains a form, e.g. `Soviet Union`; remove this one"),
                );
            }
        }
        if term.see_also.contains(&term.id) {
            diags.push(
                Diagnostic::warning(file, at, format!("`{}` sees also itself", term.id))
                    .with_help("remove its own id from `see_also`"),
            );
        }
        for see in &term.see_also {
            if !ids.contains_key(see.as_str()) {
                diags.push(
                    Diagnostic::error(
                        file,
                        Some(term.line),
                        format!("`{}` sees also `{see}`, which is no term", term.id),
                    )
                    .with_help("name the id of another entry of the glossary"),
                );
            }
        }
    }
}

/// The term's forms for the matcher: the term itself first.
pub fn forms_of(term: &Term) -> matcher::TermForms {
    matcher::TermForms {
        forms: std::iter::once(term.term.clone())
            .chain(term.forms.iter().cloned())
            .collect(),
        except: term.except.clone(),
    }
}

/// Which occurrences become links: `occurrences` is (section, term) in the order of the text.
pub fn linked(policy: LinkPolicy, occurrences: &[(usize, usize)]) -> Vec<bool> {
    let mut seen: std::collections::HashSet<(Option<usize>, usize)> = Default::default();
    occurrences
        .iter()
        .map(|&(section, term)| match policy {
            LinkPolicy::All => true,
            LinkPolicy::None => false,
            LinkPolicy::First => seen.insert((None, term)),
            LinkPolicy::FirstPerSection => seen.insert((Some(section), term)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(yaml: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        parse(yaml, &mut d);
        d.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_good_glossary_has_no_problems() {
        let yaml = "- id: soviet\n  term: soviet\n  forms: [soviets]\n  definition: A council.\n  see_also: [duma]\n- id: duma\n  term: Duma\n  definition: A parliament.\n";
        let mut d = Diagnostics::default();
        let terms = parse(yaml, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(terms[1].line, 6);
    }

    #[test]
    fn each_error_names_the_line() {
        let yaml = concat!(
            "- id: soviet\n  term: soviet\n  definition: A council.\n",
            "- id: soviet\n  term: Sovnarkom\n  definition: The government.\n",
            "- id: council\n  term: council\n  forms: [Soviets, soviet]\n  definition: A soviet.\n",
            "- id: empty\n  term: empty\n  definition: \"  \"\n  see_also: [nothing]\n",
        );
        let e = errors(yaml);
        assert!(
            e.iter()
                .any(|e| e
                    .starts_with("content/glossary.yaml:4: error: the id `soviet` is used twice")),
            "{e:#?}"
        );
        assert!(e.iter().any(|e| e.starts_with("content/glossary.yaml:7: error: `soviet` and `council` both claim the form “soviet”")), "{e:#?}");
        assert!(
            e.iter().any(|e| e.starts_with(
                "content/glossary.yaml:11: error: the term `empty` has an empty definition"
            )),
            "{e:#?}"
        );
        assert!(
            e.iter().any(|e| e.starts_with(
                "content/glossary.yaml:11: error: `empty` sees also `nothing`, which is no term"
            )),
            "{e:#?}"
        );
        assert_eq!(e.len(), 4, "{e:#?}");
    }

    #[test]
    fn link_policies() {
        let occ = [(0, 0), (0, 0), (0, 1), (1, 0), (1, 1)];
        assert_eq!(linked(LinkPolicy::All, &occ), [true; 5]);
        assert_eq!(linked(LinkPolicy::None, &occ), [false; 5]);
        assert_eq!(
            linked(LinkPolicy::First, &occ),
            [true, false, true, false, false]
        );
        assert_eq!(
            linked(LinkPolicy::FirstPerSection, &occ),
            [true, false, true, true, true]
        );
    }

    #[test]
    fn flow_style_entries_are_found_by_id_and_name_the_right_term() {
        let mut d = Diagnostics::default();
        let yaml = "[{id: a, term: council, definition: x},\n {id: b, term: soviet, definition: y},\n {id: c, term: Council, definition: z, except: [council], see_also: [c]}]\n";
        let terms = parse(yaml, &mut d);
        assert_eq!(terms.iter().map(|t| t.line).collect::<Vec<_>>(), [1, 2, 3]);
        let problems: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            problems
                .iter()
                .any(|p| p.contains(":3: error: `a` and `c` both claim")),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains(":3: error: `c` excepts")),
            "{problems:#?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains(":3: warning: `c` sees also itself")),
            "{problems:#?}"
        );
    }
}
