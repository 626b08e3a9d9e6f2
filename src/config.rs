//! `edition.yaml`: the edition's settings.
//!
//! Every key is optional except `title`; an unknown key is an error that names it. This module
//! only reads and validates the settings; the stages that use them decide what they mean.

use crate::diagnostic::{yaml_error, Diagnostic};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "edition.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// The address the site will be published at; used only for `sitemap.xml` and canonical
    /// links, because every link between pages is relative.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub glossary: GlossaryConfig,
    #[serde(default)]
    pub citations: CitationsConfig,
    #[serde(default)]
    pub print: PrintConfig,
    /// A client that lets readers annotate the pages (off unless named).
    #[serde(default)]
    pub annotations: Option<Annotations>,
    /// Whether the build writes the search index, the search page and every page's field.
    #[serde(default = "yes")]
    pub search: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    #[serde(default)]
    pub link: LinkPolicy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkPolicy {
    All,
    #[default]
    FirstPerSection,
    First,
    None,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CitationsConfig {
    #[serde(default = "default_style")]
    pub style: String,
    #[serde(default = "yes")]
    pub natural: bool,
    /// Phrases that look like natural citations but are not: `(Petrograd, 1917)`.
    #[serde(default)]
    pub ignore: Vec<String>,
}

impl Default for CitationsConfig {
    fn default() -> Self {
        CitationsConfig {
            style: default_style(),
            natural: true,
            ignore: Vec::new(),
        }
    }
}

/// The annotation clients an edition may add to its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Annotations {
    /// Hypothesis (https://web.hypothes.is/): its client, loaded from hypothes.is.
    Hypothesis,
    /// None: the same as leaving the key out.
    None,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    #[serde(default)]
    pub page: PageSize,
    /// In a course: one print document per reading besides the course reader.
    #[serde(default)]
    pub per_reading: bool,
    /// Make `edition.pdf` with every build, as `build --pdf` does.
    #[serde(default)]
    pub pdf: bool,
    /// The PDF standard the PDF keeps to, when one is asked for.
    #[serde(default)]
    pub standard: Option<PdfStandard>,
}

/// A PDF standard for the print edition's PDF: archival (PDF/A-2b) or accessible (PDF/UA-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PdfStandard {
    #[serde(rename = "pdf-a-2b")]
    A2b,
    #[serde(rename = "pdf-ua-1")]
    Ua1,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_style() -> String {
    "chicago-author-date".into()
}
fn yes() -> bool {
    true
}

/// Whether `tag` is a language tag as BCP 47 writes one: a language of two or three letters,
/// then subtags of letters and digits (`en`, `de-CH`, `zh-Hant-TW`).
fn is_language_tag(tag: &str) -> bool {
    // The edition's own language is one of ISO 639's codes: no longer primary subtag.
    let primary = tag.split('-').next().unwrap_or_default();
    primary.len() <= 3 && crate::markdown::lang::language_tag(tag)
}

impl Config {
    /// Parses the text of `edition.yaml`; `file` names it in diagnostics.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
        let config: Config = serde_yaml::from_str(text).map_err(|e| {
            let d = yaml_error(file, 1, &e);
            // The list of keys helps with a key, not with a value or YAML's syntax.
            if !d.message.starts_with("unknown key") {
                return vec![d];
            }
            vec![d.with_more_help(
                "edition.yaml takes: title, subtitle, author, language, base_url, theme, \
                 glossary.link, citations.style, citations.natural, citations.ignore, print.page, \
                 print.per_reading, print.pdf, print.standard, annotations, search",
            )]
        })?;
        let mut problems = Vec::new();
        let line = |key: &str| {
            text.lines()
                .position(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))
                .map(|i| i + 1)
        };
        if !is_language_tag(&config.language) {
            problems.push(
                Diagnostic::error(
                    file,
                    line("language"),
                    format!("`{}` is not a language tag", config.language),
                )
                .with_span(config.language.clone())
                .with_help(
                    "write the language's tag, as HTML's lang takes it: fr, de, en-GB, pt-BR",
                ),
            );
        }
        if config.title.trim().is_empty() {
            problems.push(
                Diagnostic::error(file, line("title"), "the edition's title is empty")
                    .with_help("give the edition a title: `title: My Edition`"),
            );
        }
        if let Some(url) = &config.base_url {
            let host = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .and_then(|rest| rest.split('/').next())
                .unwrap_or("");
            if url.contains(|c: char| {
                c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
            }) {
                problems.push(
                    Diagnostic::error(
                        file,
                        line("base_url"),
                        format!(
                            "base_url `{}` holds spaces or characters an address cannot",
                            url.escape_debug()
                        ),
                    )
                    .with_help("write the address as a browser shows it, with %20 for a space"),
                );
            } else if url.contains(['?', '#']) {
                problems.push(
                    Diagnostic::error(file, line("base_url"), format!("base_url `{url}` has a query or a fragment"))
                        .with_help("give the folder the site is published at, e.g. `https://example.org/course/`"),
                );
            } else if host.is_empty() {
                problems.push(
                    Diagnostic::error(
                        file,
                        line("base_url"),
                        format!("base_url `{url}` is not an address"),
                    )
                    .with_help(
                        "write the full address, e.g. `base_url: https://example.org/course/`",
                    ),
                );
            }
        }
        if config.theme.is_empty() || config.theme.contains(['/', '\\', '.']) {
            problems.push(Diagnostic::error(
                file,
                line("theme"),
                format!(
                    "theme `{}` is not a folder name under themes/",
                    config.theme
                ),
            ));
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    /// The settings used to go on checking an edition whose `edition.yaml` has errors.
    pub fn fallback() -> Config {
        serde_yaml::from_str("title: untitled").expect("the fallback settings parse")
    }

    /// `base_url` with exactly one trailing slash.
    pub fn base_url(&self) -> Option<String> {
        self.base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_title_is_required() {
        let c = Config::parse("title: T\n", Path::new("edition.yaml")).unwrap();
        assert_eq!(c.theme, "default");
        assert_eq!(c.glossary.link, LinkPolicy::FirstPerSection);
        assert_eq!(c.print.page, PageSize::A4);
        assert!(c.citations.natural);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse("title: T\ncolour: red\n", Path::new("edition.yaml")).unwrap_err();
        assert_eq!(err[0].line, Some(2));
        assert!(err[0].message.contains("colour"), "{}", err[0].message);
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = Config::parse("theme: default\n", Path::new("edition.yaml")).unwrap_err();
        assert!(err[0].message.contains("title"), "{}", err[0].message);
    }

    #[test]
    fn link_policy_and_page_size_parse() {
        let c = Config::parse(
            "title: T\nglossary: {link: first}\nprint: {page: Letter}\n",
            Path::new("edition.yaml"),
        )
        .unwrap();
        assert_eq!(c.glossary.link, LinkPolicy::First);
        assert_eq!(c.print.page, PageSize::Letter);
    }

    #[test]
    fn base_url_must_be_a_plain_address() {
        for bad in [
            "https://example.org/my course/",
            "https://example.org/?x=1",
            "https://example.org/#top",
            "example.org",
            "https:///x",
        ] {
            let text = format!("title: T\nbase_url: \"{bad}\"\n");
            let err = Config::parse(&text, Path::new("edition.yaml")).unwrap_err();
            assert_eq!(err[0].line, Some(2), "{bad}");
        }
        assert!(Config::parse(
            "title: T\nbase_url: https://example.org/c/\n",
            Path::new("e")
        )
        .is_ok());
    }
}
