//! YAML front matter between `---` lines at the top of a Markdown file.

use crate::diagnostic::{yaml_error, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text, empty when the file has no front matter.
    pub yaml: &'a str,
    /// The text's end, from where the front matter ends (`Source::read_again` relies on it).
    pub body: &'a str,
    /// 1-based line of the file on which `body` begins.
    pub body_line: usize,
}

pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split {
            yaml: "",
            body: text,
            body_line: 1,
        });
    }
    let mut offset = first_line_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let content = text[offset..end].trim_end();
        if content == "---" || content == "..." {
            return Ok(Split {
                yaml: &text[first_line_end..offset],
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(
        Diagnostic::error(file, Some(1), "the front matter is never closed")
            .with_help("end the front matter with a line of three hyphens: ---"),
    )
}

/// Deserialises front matter; line numbers in errors count from the top of the file.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>, file: &Path) -> Result<T, Diagnostic> {
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(file, 2, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\ntitle: A\norder: 2\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: A\norder: 2\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn no_front_matter() {
        let s = split("Just text\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn the_body_is_the_text_s_end() {
        for (text, body) in [
            ("---\ntitle: A\n---\nBody\n", "Body\n"),
            ("\u{feff}---\ntitle: A\n...\nBody", "Body"),
            ("---\ntitle: A\n---\n", ""),
            ("Just text\n", "Just text\n"),
            ("\u{feff}Just text", "Just text"),
            ("", ""),
        ] {
            let s = split(text, Path::new("a.md")).unwrap();
            assert_eq!(s.body, body);
            assert_eq!(&text[text.len() - s.body.len()..], s.body, "{text:?}");
        }
    }

    #[test]
    fn unclosed_is_an_error_on_line_one() {
        let e = split("---\ntitle: A\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn yaml_errors_count_from_the_file_top() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Fm {
            title: String,
        }
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = parse::<Fm>(&s, Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("titel"));
    }
}
