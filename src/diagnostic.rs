//! Problems found in an edition, collected rather than thrown.
//!
//! Every stage reports all it finds, each with the file (relative to the edition root), the
//! line where known, what is wrong and how to fix it; the build stops after the stage. This
//! module does not decide what is an error: the stages do.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the edition root, as the editor knows it.
    pub file: PathBuf,
    /// 1-based line in `file`, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The words of the line that are wrong (a link's address, a key), which the report
    /// underlines; the whole line when they are not found in it.
    pub span: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            message: message.into(),
            help: None,
            span: None,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds to the help it has, if any: the general hint first, the particular one (a
    /// nearest key) last, where the eye ends.
    pub fn with_more_help(mut self, help: impl Into<String>) -> Self {
        let help = help.into();
        self.help = Some(match self.help.take() {
            Some(particular) => format!("{help}; {particular}"),
            None => help,
        });
        self
    }

    /// Underlines `words` where they stand in the diagnostic's line.
    pub fn with_span(mut self, words: impl Into<String>) -> Self {
        let words = words.into();
        if !words.trim().is_empty() {
            self.span = Some(words);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line`, the place an editor jumps to.
    pub fn place(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{}", self.file.display(), line),
            None => self.file.display().to_string(),
        }
    }

    /// Renders with a snippet of the source line when the file can be read under `root`.
    pub fn render(&self, root: &Path) -> String {
        self.render_with(&mut Sources::new(root))
    }

    /// Renders with the files of `sources`, which reads each file once for all the
    /// problems found in it: a section with thousands of warnings must not be read, and its
    /// lines counted, thousands of times.
    pub fn render_with(&self, sources: &mut Sources<'_>) -> String {
        let name = self.file.display().to_string();
        let severity = match self.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity).with_message(printable(&self.message));
        let mut notes = Vec::new();
        match self
            .line
            .and_then(|line| sources.quote(&self.file, name, line))
        {
            Some((id, range)) => {
                let range = self
                    .span
                    .as_deref()
                    .and_then(|words| sources.within(id, range.clone(), words))
                    .unwrap_or(range);
                report = report.with_labels(vec![Label::primary(id, range)])
            }
            None => notes.push(format!("in {}", printable(&self.place()))),
        }
        if let Some(help) = &self.help {
            notes.push(format!("help: {}", printable(help)));
        }
        report = report.with_notes(notes);
        term::emit_into_string(&Config::default(), &sources.files, &report)
            .unwrap_or_else(|_| format!("{}: {}", self.place(), self.message))
    }
}

/// The files that diagnostics quote, read once each.
pub struct Sources<'r> {
    root: &'r Path,
    files: SimpleFiles<String, String>,
    read: std::collections::HashMap<PathBuf, Option<(usize, Vec<usize>, usize)>>,
}

impl<'r> Sources<'r> {
    pub fn new(root: &'r Path) -> Sources<'r> {
        Sources {
            root,
            files: SimpleFiles::new(),
            read: Default::default(),
        }
    }

    /// The file's id and the byte range of one of its lines (without its line ending), if
    /// the file can be read and has that line.
    fn quote(
        &mut self,
        path: &Path,
        name: String,
        line: usize,
    ) -> Option<(usize, std::ops::Range<usize>)> {
        if !self.read.contains_key(path) {
            let entry = std::fs::read(self.root.join(path)).ok().map(|bytes| {
                let text = printable(&String::from_utf8_lossy(&bytes));
                // Where each line starts: a final line ending starts no line.
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .filter(|&i| i == 0 || i < text.len())
                    .collect();
                let len = text.len();
                (self.files.add(name, text), starts, len)
            });
            self.read.insert(path.to_path_buf(), entry);
        }
        let (id, starts, len) = self.read.get(path)?.as_ref()?;
        let source = self.files.get(*id).ok()?.source();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).copied().unwrap_or(*len);
        let end = start + source[start..end].trim_end_matches(['\n', '\r']).len();
        Some((*id, start..end))
    }
}

impl Sources<'_> {
    /// Where `words` stand within `range` of a file: the part of the line to underline.
    fn within(
        &self,
        id: usize,
        range: std::ops::Range<usize>,
        words: &str,
    ) -> Option<std::ops::Range<usize>> {
        let source = self.files.get(id).ok()?.source();
        let line = source.get(range.clone())?;
        let at = line.find(words)?;
        Some(range.start + at..range.start + at + words.len())
    }
}

/// Text safe to print on a terminal: control characters (an escape sequence written in a
/// YAML string, a stray byte in a file) are shown as U+FFFD, never sent raw.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.place(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The problems of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Converts a serde_yaml error into a diagnostic whose line counts from `first_line`,
/// the line of the file where the YAML text begins.
pub fn yaml_error(file: &Path, first_line: usize, err: &serde_yaml::Error) -> Diagnostic {
    let line = err.location().map(|l| l.line() + first_line - 1);
    // serde_yaml appends "at line X column Y" to its message; the place is shown already.
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    // The commonest YAML mistake of all: a title with a colon in it, unquoted.
    if message.starts_with("mapping values are not allowed") {
        return Diagnostic::error(
            file,
            line,
            "invalid YAML: a value holds `: ` without quotes, so YAML reads a second key in it: \
             put the value in quotes, e.g. `title: \"Federalist No. 10: The Same Subject\"`",
        );
    }
    // serde's "unknown field `autor`, expected one of `title`, `author`": the YAML is
    // sound, a key is not; name the nearest one.
    // serde_yaml puts the key's path first: `print: unknown field …`.
    let (path, bare) = match message.find("unknown ") {
        Some(i) if i > 0 && message[..i].ends_with(": ") => {
            (Some(&message[..i - 2]), &message[i..])
        }
        _ => (None, message.as_str()),
    };
    let under = path.map(|p| format!(" under `{p}`")).unwrap_or_default();
    if let Some(rest) = bare.strip_prefix("unknown field `") {
        if let Some((key, expected)) = rest.split_once('`') {
            let known = backticked(expected);
            let nearest = nearest(key, known.iter().copied(), |d| {
                d <= key.chars().count() / 2 + 1
            });
            let d = Diagnostic::error(file, line, format!("unknown key `{key}`{under}"))
                .with_span(key.to_string());
            return match nearest {
                Some(k) => d.with_help(format!("did you mean `{k}`?")),
                None => d,
            };
        }
    }
    // "unknown variant `genius`, expected `hypothesis`": a value this key does not take.
    if let Some(rest) = bare.strip_prefix("unknown variant `") {
        if let Some((value, expected)) = rest.split_once('`') {
            let known = backticked(expected);
            return Diagnostic::error(
                file,
                line,
                format!(
                    "`{value}` is not a value {} takes",
                    path.map_or("this key".to_string(), |p| format!("`{p}`"))
                ),
            )
            .with_span(value.to_string())
            .with_help(format!("it takes: {}", known.join(", ")));
        }
    }
    // serde names Rust's types ("expected f64"); an editor wants the kind of value.
    let message = message
        .replace("expected f64", "expected a number")
        .replace("expected u64", "expected a whole number")
        .replace("expected usize", "expected a whole number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a boolean", "expected true or false");
    Diagnostic::error(file, line, format!("invalid YAML: {message}"))
}

/// The names serde lists after "expected": each between backticks.
fn backticked(expected: &str) -> Vec<&str> {
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|k| !k.is_empty())
        .collect()
}

/// The 1-based lines on which the items of a top-level YAML list start, in order: where to
/// point an editor at the n-th entry of the glossary or the bibliography.
pub fn list_item_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// The first 1-based line on which `key: value` stands (the value bare or quoted, the key
/// quoted or not): where to point at an entry of a list written in flow style.
pub fn line_of_value(text: &str, key: &str, value: &str) -> Option<usize> {
    let keys = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    text.lines()
        .position(|line| {
            keys.iter().any(|k| {
                line.match_indices(k.as_str()).any(|(i, _)| {
                    let rest = line[i + k.len()..].trim_start();
                    let rest = rest.trim_start_matches(['"', '\'']);
                    rest.starts_with(value)
                        && !rest[value.len()..]
                            .starts_with(|c: char| c.is_alphanumeric() || c == '-')
                })
            })
        })
        .map(|i| i + 1)
}

/// The name of `names` nearest to `wrong`, if `close` accepts its distance: a suggestion is
/// only offered when it is a slip away.
pub fn nearest<'n>(
    wrong: &str,
    names: impl IntoIterator<Item = &'n str>,
    close: impl Fn(usize) -> bool,
) -> Option<&'n str> {
    names
        .into_iter()
        .map(|n| (edit_distance(n, wrong), n))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| close(*d))
        .map(|(_, n)| n)
}

/// The Levenshtein distance between two words, by characters: how far a misspelling is.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("Trostky", "Trotsky"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Räte", "Rate"), 1);
    }

    #[test]
    fn a_quoted_line_is_the_line_without_its_ending() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "one\r\ntwo\nthree\n").unwrap();
        let mut sources = Sources::new(dir.path());
        let text = "one\r\ntwo\nthree\n";
        let line = |sources: &mut Sources<'_>, n| {
            sources
                .quote(Path::new("a.md"), "a.md".into(), n)
                .map(|(_, r)| &text[r])
        };
        assert_eq!(line(&mut sources, 1), Some("one"));
        assert_eq!(line(&mut sources, 2), Some("two"));
        assert_eq!(line(&mut sources, 3), Some("three"));
        assert_eq!(line(&mut sources, 4), None);
        assert_eq!(line(&mut sources, 0), None);
        assert!(sources
            .quote(Path::new("missing.md"), "missing.md".into(), 1)
            .is_none());
    }

    #[test]
    fn an_unquoted_colon_is_named_as_such() {
        let err = serde_yaml::from_str::<serde_yaml::Value>("title: Federalist No. 10: The Same\n")
            .unwrap_err();
        let d = yaml_error(Path::new("content/essay/a.md"), 2, &err);
        assert_eq!(d.line, Some(2));
        assert!(
            d.message.contains("put the value in quotes"),
            "{}",
            d.message
        );
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::error("content/essay/a.md", Some(4), "no section 'x'")
            .with_help("use one of: a, b");
        assert_eq!(
            d.to_string(),
            "content/essay/a.md:4: error: no section 'x' (help: use one of: a, b)"
        );
    }

    #[test]
    fn a_diagnostic_without_a_line_names_its_file_once_and_escapes_never_reach_the_terminal() {
        let d =
            Diagnostic::error("content/x.yaml", None, "bad \u{1b}[2J title").with_help("fix it");
        let shown = d.render(Path::new("/nonexistent"));
        assert_eq!(shown.matches("in content/x.yaml").count(), 1, "{shown}");
        assert_eq!(shown.matches("help: fix it").count(), 1, "{shown}");
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
    }
}
