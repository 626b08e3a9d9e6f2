//! `content/bibliography.bib`: BibLaTeX or BibTeX, as reference managers export it.
//!
//! The `biblatex` crate (the version hayagriva's own BibLaTeX support uses) parses the file,
//! resolves `@string` abbreviations and `crossref`, and decodes TeX (`{\"a}`, `\'e`, `--`,
//! braces). Each entry is then mapped to a CSL item as Pandoc's citeproc and Zotero map it,
//! so that one work written as BibTeX or as CSL becomes the same `Work`: hayagriva's own
//! BibLaTeX import gives its `Entry`, not the CSL item the rest of glossator formats. The
//! items' checks are the bibliography's, shared with the other formats, and name the BibTeX
//! field (`journal`, `year`) on its line.

use super::{line_at, nearest, Entry, Place};
use crate::diagnostic::{Diagnostic, Diagnostics};
use biblatex::{Bibliography, ChunksExt, ParseError, ParseErrorKind, Person, RawBibliography};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// BibLaTeX and BibTeX entry types and the CSL type each becomes.
const TYPES: &[(&str, &str)] = &[
    ("article", "article-journal"),
    ("artwork", "graphic"),
    ("audio", "song"),
    ("book", "book"),
    ("bookinbook", "chapter"),
    ("booklet", "pamphlet"),
    ("collection", "book"),
    ("commentary", "book"),
    ("conference", "paper-conference"),
    ("dataset", "dataset"),
    ("electronic", "webpage"),
    ("image", "graphic"),
    ("inbook", "chapter"),
    ("incollection", "chapter"),
    ("inproceedings", "paper-conference"),
    ("inreference", "entry-encyclopedia"),
    ("jurisdiction", "legal_case"),
    ("legal", "treaty"),
    ("legislation", "legislation"),
    ("letter", "personal_communication"),
    ("manual", "book"),
    ("mastersthesis", "thesis"),
    ("misc", "document"),
    ("movie", "motion_picture"),
    ("music", "song"),
    ("mvbook", "book"),
    ("mvcollection", "book"),
    ("mvproceedings", "book"),
    ("mvreference", "book"),
    ("online", "webpage"),
    ("patent", "patent"),
    ("performance", "performance"),
    ("periodical", "periodical"),
    ("phdthesis", "thesis"),
    ("proceedings", "book"),
    ("reference", "book"),
    ("report", "report"),
    ("review", "review"),
    ("software", "software"),
    ("standard", "standard"),
    ("suppbook", "chapter"),
    ("suppcollection", "chapter"),
    ("suppperiodical", "article-journal"),
    ("techreport", "report"),
    ("thesis", "thesis"),
    ("unpublished", "manuscript"),
    ("video", "motion_picture"),
    ("www", "webpage"),
];

/// Entry types that hold data for other entries, not works.
const CONTAINERS: &[&str] = &["xdata", "set"];

/// Fields whose text is taken as written: a `~` there is not a TeX tie.
const VERBATIM: &[&str] = &["url", "doi", "eprint", "file", "isbn", "issn"];

/// An entry's place in the file, from the raw parse (the resolved entries carry none).
struct Located {
    kind: String,
    line: usize,
    fields: HashMap<String, (String, usize)>,
}

pub(super) fn entries(text: &str, file: &Path, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut raw = match RawBibliography::parse(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(parse_error(text, file, &e));
            return Vec::new();
        }
    };
    // biblatex refuses a whole file for one repeated key; the other formats report the
    // second item and keep the first, and so does this.
    let mut first: HashMap<String, usize> = HashMap::new();
    raw.entries.retain(|e| {
        let line = line_at(text, e.span.start);
        match first.get(e.v.key.v) {
            Some(&at) => {
                diags.push(
                    Diagnostic::error(
                        file,
                        Some(line),
                        format!("the key `{}` is used twice", e.v.key.v),
                    )
                    .with_help(format!("the first entry with it starts on line {at}")),
                );
                false
            }
            None => {
                first.insert(e.v.key.v.to_string(), line);
                true
            }
        }
    });
    break_crossref_cycles(&mut raw, text, file, diags);
    let located: HashMap<String, Located> = raw
        .entries
        .iter()
        .map(|e| {
            let fields =
                e.v.fields
                    .iter()
                    .map(|f| {
                        let name = f.key.v.to_ascii_lowercase();
                        (name.clone(), (name, line_at(text, f.key.span.start)))
                    })
                    .collect();
            (
                e.v.key.v.to_string(),
                Located {
                    kind: e.v.kind.v.to_ascii_lowercase(),
                    line: line_at(text, e.span.start),
                    fields,
                },
            )
        })
        .collect();
    let bibliography = match Bibliography::from_raw(raw) {
        Ok(b) => b,
        Err(e) => {
            diags.push(parse_error(text, file, &e));
            return Vec::new();
        }
    };
    bibliography
        .iter()
        .filter_map(|e| {
            let at = located.get(&e.key)?;
            entry(e, at, file, diags)
        })
        .collect()
}

/// `crossref` and `xdata` that lead back to their entry would send biblatex's resolution
/// round for ever (a stack overflow, not even a panic): such links are reported and dropped.
fn break_crossref_cycles(
    raw: &mut RawBibliography<'_>,
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) {
    let is_link = |name: &str| matches!(name.to_ascii_lowercase().as_str(), "crossref" | "xdata");
    let links: HashMap<&str, Vec<String>> = raw
        .entries
        .iter()
        .map(|e| {
            let targets =
                e.v.fields
                    .iter()
                    .filter(|f| is_link(f.key.v))
                    .flat_map(|f| f.value.v.iter())
                    .filter_map(|c| match c.v {
                        biblatex::RawChunk::Normal(s) => Some(s),
                        biblatex::RawChunk::Abbreviation(_) => None,
                    })
                    .flat_map(|s| s.split(','))
                    .map(|s| s.trim().to_string())
                    .collect();
            (e.v.key.v, targets)
        })
        .collect();
    let reaches_itself = |start: &str| {
        let mut stack: Vec<&str> = links
            .get(start)
            .map(|t| t.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut seen = HashSet::new();
        while let Some(key) = stack.pop() {
            if key == start {
                return true;
            }
            if seen.insert(key) {
                if let Some(t) = links.get(key) {
                    stack.extend(t.iter().map(String::as_str));
                }
            }
        }
        false
    };
    let cyclic: HashSet<String> = links
        .keys()
        .filter(|k| reaches_itself(k))
        .map(|k| k.to_string())
        .collect();
    for e in raw.entries.iter_mut() {
        if cyclic.contains(e.v.key.v) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(line_at(text, e.span.start)),
                    format!(
                        "the `crossref` or `xdata` of `{}` leads back to it",
                        e.v.key.v
                    ),
                )
                .with_help("an entry's crossref names its container, which must not name it"),
            );
            e.v.fields.retain(|f| !is_link(f.key.v));
        }
    }
}

fn parse_error(text: &str, file: &Path, e: &ParseError) -> Diagnostic {
    let at = e.span.start.min(text.len());
    let entry_line = entry_start(text, at);
    // A brace left open swallows the rest of the file, and the parser stops at its end,
    // wanting whatever comes next: the entry it stopped in is the one to look at.
    let at_end = text.get(at..).is_some_and(|rest| rest.trim().is_empty());
    let (line, message, help) = match &e.kind {
        _ if at_end => (
            entry_line,
            "the entry is not closed: the file ends inside it".to_string(),
            "a brace { or a quote \" in it is not closed",
        ),
        ParseErrorKind::UnexpectedEof => (
            entry_line,
            "the entry is not closed: the file ends inside it".to_string(),
            "a brace { or a quote \" in it is not closed",
        ),
        ParseErrorKind::Expected(token) => (
            line_at(text, at),
            format!("the BibTeX cannot be read: a {token} is missing here"),
            "an entry is @type{key, field = {value}, field = {value}}",
        ),
        ParseErrorKind::Unexpected(token) => (
            line_at(text, at),
            format!("the BibTeX cannot be read: an unexpected {token}"),
            "braces inside a value must be balanced",
        ),
        ParseErrorKind::UnknownAbbreviation(name) => (
            line_at(text, at),
            format!("`{name}` is not a defined @string abbreviation"),
            "write the value in braces, {…}, or define it with @string{name = {…}}",
        ),
        ParseErrorKind::MalformedCommand => (
            line_at(text, at),
            "a TeX command here cannot be read".to_string(),
            "write the character itself (é) or a command such as {\\'e}",
        ),
        ParseErrorKind::DuplicateKey(key) if key.is_empty() => (
            line_at(text, at),
            "an entry has no key".to_string(),
            "give every entry a key, e.g. `@book{anweiler1975, …}`",
        ),
        ParseErrorKind::DuplicateKey(key) => (
            line_at(text, at),
            format!("the key `{key}` is used twice"),
            "give every entry a key of its own",
        ),
        other => (
            line_at(text, at),
            format!("the BibTeX cannot be read: {other}"),
            "check the entry's crossref and fields",
        ),
    };
    let help = if line == entry_line {
        help.to_string()
    } else {
        format!("{help} (the entry starts on line {entry_line})")
    };
    Diagnostic::error(file, Some(line), message).with_help(help)
}

/// The line of the entry (a line starting with `@`) in which byte `at` stands.
fn entry_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or(text);
    let mut offset = 0;
    let mut found = 0;
    for line in before.split_inclusive('\n') {
        if line.trim_start().starts_with('@') {
            found = offset;
        }
        offset += line.len();
    }
    line_at(text, found)
}

/// One entry as a CSL item; `None` after reporting why it cannot be one.
fn entry(e: &biblatex::Entry, at: &Located, file: &Path, diags: &mut Diagnostics) -> Option<Entry> {
    let kind = at.kind.as_str();
    if CONTAINERS.contains(&kind) {
        return None;
    }
    let error = |line: usize, message: String| Diagnostic::error(file, Some(line), message);
    if e.key.trim().is_empty() {
        diags.push(
            error(at.line, "the entry has no key".into())
                .with_help("give every entry a key, e.g. `@book{anweiler1975, …}`"),
        );
        return None;
    }
    let Some(&(_, mut csl_type)) = TYPES.iter().find(|(t, _)| *t == kind) else {
        let known: Vec<&str> = TYPES.iter().map(|(t, _)| *t).collect();
        let nearest: Vec<String> = nearest(kind, &known)
            .iter()
            .map(|t| format!("@{t}"))
            .collect();
        diags.push(
            error(
                at.line,
                format!("`{}` is a `@{kind}`, which BibLaTeX does not know", e.key),
            )
            .with_help(format!("the nearest types are {}", nearest.join(", "))),
        );
        return None;
    };
    let mut out = Mapped {
        e,
        at,
        fields: Map::new(),
        places: HashMap::new(),
    };
    let subtype = out.text("entrysubtype").unwrap_or_default().to_lowercase();
    if csl_type == "article-journal" {
        csl_type = match subtype.as_str() {
            "magazine" => "article-magazine",
            "newspaper" => "article-newspaper",
            _ => csl_type,
        };
    }
    out.fields.insert("id".into(), json!(e.key));
    out.fields.insert("type".into(), json!(csl_type));

    for (bib, csl) in [
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ] {
        if let Err(line) = out.names(bib, csl) {
            diags.push(
                error(line, format!("`{bib}` of `{}` holds an empty name", e.key)).with_help(
                    "names are `Family, Given and Family, Given`; `and` joins two names",
                ),
            );
            return None;
        }
    }

    out.joined(
        "title",
        &[("subtitle", ": "), ("titleaddon", ". ")],
        "title",
    );
    out.copy("shorttitle", "title-short");
    let container = ["journaltitle", "journal", "booktitle", "maintitle"]
        .into_iter()
        .find(|f| e.fields.contains_key(*f));
    if let Some(container) = container {
        let sub = match container {
            "journaltitle" | "journal" => "journalsubtitle",
            "booktitle" => "booksubtitle",
            _ => "mainsubtitle",
        };
        out.joined(container, &[(sub, ": ")], "container-title");
    }
    out.copy("shortjournal", "container-title-short");
    out.copy("series", "collection-title");
    out.copy("volume", "volume");
    out.copy("volumes", "number-of-volumes");
    if e.fields.contains_key("number") {
        let csl = if csl_type.starts_with("article") || csl_type == "periodical" {
            "issue"
        } else if e.fields.contains_key("series") {
            "collection-number"
        } else {
            "number"
        };
        out.copy("number", csl);
    }
    if !out.fields.contains_key("issue") {
        out.copy("issue", "issue");
    }
    out.copy("pages", "page");
    out.copy("pagetotal", "number-of-pages");
    out.copy("chapter", "chapter-number");
    if let Some(edition) = out.text("edition") {
        let value = match edition.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(edition),
        };
        out.put("edition", "edition", value);
    }
    if let Some(from) = ["publisher", "institution", "school", "organization"]
        .into_iter()
        .find(|f| e.fields.contains_key(*f))
    {
        out.copy(from, "publisher");
    }
    if let Some(from) = ["location", "address"]
        .into_iter()
        .find(|f| e.fields.contains_key(*f))
    {
        out.copy(from, "publisher-place");
    }
    out.copy("venue", "event-place");
    out.copy("eventtitle", "event-title");
    out.copy("doi", "DOI");
    out.copy("url", "URL");
    if let Some(how) = out.text("howpublished") {
        let is_url = how.starts_with("http://") || how.starts_with("https://");
        if is_url && !out.fields.contains_key("URL") {
            out.put("howpublished", "URL", json!(how));
        } else if !is_url && !out.fields.contains_key("publisher") {
            out.put("howpublished", "publisher", json!(how));
        }
    }
    out.copy("isbn", "ISBN");
    out.copy("issn", "ISSN");
    out.copy("note", "note");
    out.copy("abstract", "abstract");
    out.copy("version", "version");
    if let Some(from) = ["language", "langid"]
        .into_iter()
        .find(|f| e.fields.contains_key(*f))
    {
        out.copy(from, "language");
    }
    let genre = out.text("type").map(|t| thesis_genre(&t).unwrap_or(t));
    let genre = genre.or_else(|| thesis_genre(kind));
    if let Some(genre) = genre {
        let from = if e.fields.contains_key("type") {
            "type"
        } else {
            ""
        };
        out.put(from, "genre", json!(genre));
    }

    // Dates are left as the sources wrote them: the checks every format shares read them.
    if !out.copy("date", "issued") {
        if let Some(year) = out.text("year") {
            let year = year_as_edtf(&year);
            let value = match out.text("month") {
                Some(month) if !year.contains('/') => match month_number(&month) {
                    Some(m) => format!("{year}-{m:02}"),
                    None => {
                        diags.push(
                            error(
                                out.line_of("month"),
                                format!("`month` of `{}` is not a month: “{month}”", e.key),
                            )
                            .with_help("write `month = {3}`, `month = mar` or `month = {March}`"),
                        );
                        return None;
                    }
                },
                _ => year,
            };
            out.put("year", "issued", json!(value));
        }
    }
    out.copy("urldate", "accessed");
    out.copy("origdate", "original-date");
    out.copy("eventdate", "event-date");

    // glossator's own fields, as in CSL: which work of a year is `1917a`, and other
    // spellings of the first author's name.
    for name in ["yearsuffix", "year-suffix"] {
        out.copy(name, "year-suffix");
    }
    for name in ["alias", "aliases"] {
        if let Some(list) = out.text(name) {
            let names: Vec<Value> = list
                .split([',', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| json!(n))
                .collect();
            out.put(name, "alias", Value::Array(names));
        }
    }
    Some(Entry {
        fields: out.fields,
        line: at.line,
        places: out.places,
    })
}

/// An entry being mapped: its CSL fields so far and where each was written.
struct Mapped<'a> {
    e: &'a biblatex::Entry,
    at: &'a Located,
    fields: Map<String, Value>,
    places: HashMap<String, Place>,
}

impl Mapped<'_> {
    fn line_of(&self, bib: &str) -> usize {
        self.at
            .fields
            .get(bib)
            .map_or(self.at.line, |(_, line)| *line)
    }

    /// A field's text, TeX decoded, whitespace folded; `None` when absent or empty.
    fn text(&self, bib: &str) -> Option<String> {
        let chunks = self.e.fields.get(bib)?;
        let text = chunks.format_verbatim();
        let text = if VERBATIM.contains(&bib) {
            text
        } else {
            // `~` is TeX's unbreakable space; the decoder keeps it as it is.
            strip_commands(&text).replace('~', "\u{a0}")
        };
        let folded = text
            .split([' ', '\t', '\n', '\r'])
            .filter(|w| !w.is_empty());
        let text = folded.collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    }

    fn put(&mut self, bib: &str, csl: &str, value: Value) {
        let (name, line) = match self.at.fields.get(bib) {
            Some((name, line)) => (name.clone(), *line),
            None => (bib.to_string(), self.at.line),
        };
        self.fields.insert(csl.into(), value);
        self.places.insert(csl.into(), Place { name, line });
    }

    /// Copies a field's text to a CSL field; whether there was one.
    fn copy(&mut self, bib: &str, csl: &str) -> bool {
        match self.text(bib) {
            Some(text) => {
                self.put(bib, csl, json!(text));
                true
            }
            None => false,
        }
    }

    /// A title with its parts: `title: subtitle. titleaddon`.
    fn joined(&mut self, bib: &str, parts: &[(&str, &str)], csl: &str) {
        let Some(mut text) = self.text(bib) else {
            return;
        };
        for (part, glue) in parts {
            if let Some(more) = self.text(part) {
                text.push_str(glue);
                text.push_str(&more);
            }
        }
        self.put(bib, csl, json!(text));
    }

    /// A list of names; `Err(line)` when one of them is empty (`A and and B`).
    fn names(&mut self, bib: &str, csl: &str) -> Result<(), usize> {
        let Some(chunks) = self.e.fields.get(bib) else {
            return Ok(());
        };
        // biblatex reads a stray `and` at either end as part of a name ("B and").
        let words: Vec<String> = chunks
            .format_verbatim()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let stray = words.first().is_some_and(|w| w == "and")
            || words.last().is_some_and(|w| w == "and")
            || words.windows(2).any(|w| w[0] == "and" && w[1] == "and");
        if stray {
            return Err(self.line_of(bib));
        }
        let Ok(people) = chunks.parse::<Vec<Person>>() else {
            return Err(self.line_of(bib));
        };
        let mut names = Vec::new();
        for person in &people {
            // `and others` is BibTeX's "et al.", which the style writes itself.
            if person.name == "others" && person.given_name.is_empty() {
                continue;
            }
            match name(person) {
                Some(n) => names.push(n),
                None => return Err(self.line_of(bib)),
            }
        }
        if !names.is_empty() {
            self.put(bib, csl, Value::Array(names));
        }
        Ok(())
    }
}

/// A person as a CSL name. A lowercase `von` part (`de`, `van der`) becomes the
/// non-dropping particle, as citeproc-js and Zotero read `de Gaulle`; a capitalised one is
/// part of the family name by BibTeX's own rule (`Le Blanc, Paul`).
fn name(p: &Person) -> Option<Value> {
    let part = |s: &str| {
        let s = s.replace('~', " ");
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    let family = part(&p.name);
    let given = part(&p.given_name);
    let particle = part(&p.prefix);
    let suffix = part(&p.suffix);
    if family.is_none() && given.is_none() {
        return None;
    }
    let mut name = Map::new();
    name.insert("family".into(), json!(family.unwrap_or_default()));
    if let Some(given) = given {
        name.insert("given".into(), json!(given));
    }
    if let Some(particle) = particle {
        name.insert("non-dropping-particle".into(), json!(particle));
    }
    if let Some(suffix) = suffix {
        name.insert("suffix".into(), json!(suffix));
    }
    Some(Value::Object(name))
}

/// Text without the TeX commands the decoder leaves as they were written: the formatting
/// ones (`\emph{Councils}`, `\mkbibquote{…}`) keep their argument, others go.
fn strip_commands(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let is_command =
            chars[i] == '\\' && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic());
        if !is_command {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        while chars.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
        }
        if chars.get(i) == Some(&'{') {
            let start = i + 1;
            let mut depth = 0;
            while i < chars.len() {
                match chars[i] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            let inner: String = chars[start..i.min(chars.len())].iter().collect();
            out.push_str(&strip_commands(&inner));
            i += 1;
        } else if chars.get(i) == Some(&' ') {
            i += 1;
        }
    }
    out
}

/// The genre of a thesis or report type, as Pandoc's citeproc writes it.
fn thesis_genre(kind: &str) -> Option<String> {
    let genre = match kind.to_lowercase().as_str() {
        "phdthesis" => "Ph.D. thesis",
        "mastersthesis" | "mathesis" => "Master’s thesis",
        "techreport" => "technical report",
        "resreport" => "research report",
        _ => return None,
    };
    Some(genre.into())
}

/// A `year` field as EDTF: `1917--1921` (decoded `1917–1921`) and `1917-1921` are ranges.
fn year_as_edtf(year: &str) -> String {
    let parts: Vec<&str> = year
        .split(['-', '–', '—', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [start, end] if digits(start) && digits(end) => format!("{start}/{end}"),
        _ => year.to_string(),
    }
}

/// A `month` field: `3`, `03`, `mar` (which biblatex spells out as `March`), `Mar.`.
fn month_number(month: &str) -> Option<u8> {
    if let Ok(n) = month.trim().parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let m = month.trim().trim_end_matches('.').to_lowercase();
    if m.chars().count() < 3 {
        return None;
    }
    crate::cite::MONTHS
        .iter()
        .position(|n| n.starts_with(&m))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_as, Format, Work};
    use super::*;
    use hayagriva::citationberg::json::Value as CslValue;

    fn parse_all(bib: &str) -> (Vec<Work>, Vec<String>) {
        let mut d = Diagnostics::default();
        let works = parse_as(Format::Bibtex, bib, &mut d);
        (works, d.iter().map(|d| d.to_string()).collect())
    }

    /// A field of a work's CSL item, as the engine holds it, and the JSON it reads as.
    fn field(w: &Work, key: &str) -> Option<CslValue> {
        w.item.0.get(key).cloned()
    }

    fn csl(v: Value) -> Option<CslValue> {
        Some(serde_json::from_value(v).unwrap())
    }

    #[test]
    fn an_article_maps_as_citeproc_maps_it() {
        let (works, problems) = parse_all(
            r#"% a comment
@article{hobsbawm1952,
  author = {Hobsbawm, E. J.},
  title = {The Machine Breakers},
  journal = {Past {\&} Present},
  volume = {1},
  number = 1,
  pages = {57--70},
  year = {1952},
  month = feb,
  doi = {10.1093/past/1.1.57},
}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let w = &works[0];
        assert_eq!(
            (w.id.as_str(), w.line, w.year.as_str()),
            ("hobsbawm1952", 2, "1952")
        );
        assert_eq!(field(w, "type"), csl(json!("article-journal")));
        assert_eq!(field(w, "container-title"), csl(json!("Past & Present")));
        assert_eq!(field(w, "issue"), csl(json!("1")));
        assert_eq!(field(w, "page"), csl(json!("57–70")));
        assert_eq!(field(w, "DOI"), csl(json!("10.1093/past/1.1.57")));
        assert_eq!(field(w, "issued"), csl(json!({"date-parts": [[1952, 2]]})));
        assert_eq!(
            field(w, "author"),
            csl(json!([{"family": "Hobsbawm", "given": "E. J."}]))
        );
    }

    #[test]
    fn names_accents_and_ties_are_decoded() {
        let (works, problems) = parse_all(
            r#"@incollection{x,
  author = {de Tocqueville, Alexis and Le Blanc, Paul and M{\"u}ller, J{\'e}r{\^o}me and Smith, Jr., John and others},
  editor = {{UNESCO}},
  title = {{T}he {\"A}ra~of \emph{Councils}},
  subtitle = {A Study},
  booktitle = {Essays},
  address = {Paris},
  publisher = {Seuil},
  date = {1917/1921},
  yearsuffix = {b},
  alias = {Tocquevile, Toqueville},
  note = {unverified},
}"#,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let w = &works[0];
        assert_eq!(
            field(w, "author"),
            csl(json!([
                {"family": "Tocqueville", "given": "Alexis", "non-dropping-particle": "de"},
                {"family": "Le Blanc", "given": "Paul"},
                {"family": "Müller", "given": "Jérôme"},
                {"family": "Smith", "given": "John", "suffix": "Jr."},
            ]))
        );
        assert_eq!(field(w, "editor"), csl(json!([{"family": "UNESCO"}])));
        assert_eq!(
            field(w, "title"),
            csl(json!("The Ära\u{a0}of Councils: A Study"))
        );
        assert_eq!(field(w, "type"), csl(json!("chapter")));
        assert_eq!(field(w, "container-title"), csl(json!("Essays")));
        assert_eq!(field(w, "publisher-place"), csl(json!("Paris")));
        assert_eq!(field(w, "issued"), csl(json!({"date-parts": [[1917]]})));
        assert_eq!(
            (w.family.as_str(), w.year.as_str()),
            ("de Tocqueville", "1917b")
        );
        assert_eq!(w.aliases, ["Tocquevile", "Toqueville"]);
        assert!(w.unverified);
    }

    #[test]
    fn types_and_theses() {
        let (works, problems) = parse_all(
            "@phdthesis{a, author = {A, B}, title = {T}, school = {MIT}, year = 1990}\n\
             @techreport{b, author = {C, D}, title = {T}, institution = {RAND}, number = {7}, year = {1917--1921}}\n\
             @online{c, author = {E, F}, title = {T}, url = {https://example.org/~e}, urldate = {2024-05-01}, year = 2020}\n\
             @misc{d, author = {G, H}, title = {T}}\n\
             @article{e, author = {I, J}, title = {T}, journaltitle = {Die Zeit}, entrysubtype = {newspaper}, date = {1975-03-14}}",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let types: Vec<String> = works
            .iter()
            .map(|w| w.item.type_().unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            types,
            [
                "thesis",
                "report",
                "webpage",
                "document",
                "article-newspaper"
            ]
        );
        assert_eq!(field(&works[0], "genre"), csl(json!("Ph.D. thesis")));
        assert_eq!(field(&works[0], "publisher"), csl(json!("MIT")));
        assert_eq!(field(&works[1], "number"), csl(json!("7")));
        assert_eq!(works[1].year, "1917");
        assert_eq!(
            field(&works[2], "URL"),
            csl(json!("https://example.org/~e"))
        );
        assert_eq!(
            field(&works[2], "accessed"),
            csl(json!({"date-parts": [[2024, 5, 1]]}))
        );
        assert_eq!(works[3].year, "n.d.");
        assert_eq!(
            field(&works[4], "issued"),
            csl(json!({"date-parts": [[1975, 3, 14]]}))
        );
    }

    #[test]
    fn errors_name_the_bibtex_field_on_its_line() {
        let (_, problems) =
            parse_all("@book{a,\n  author = {A, B},\n  title = {T},\n  year = {abc},\n}");
        assert!(
            problems[0]
                .starts_with("content/bibliography.bib:4: error: `year` of `a` is not a date")
                && problems[0].contains("date = {"),
            "{problems:?}"
        );
        let (_, problems) = parse_all("@bok{a,\n  author = {A, B},\n}");
        assert!(
            problems[0].starts_with("content/bibliography.bib:1: error: `a` is a `@bok`")
                && problems[0].contains("@book"),
            "{problems:?}"
        );
        let (_, problems) = parse_all("@book{a, author = {A, B}, year = 1975, month = {Smarch}}");
        assert!(
            problems[0].contains("`month` of `a` is not a month"),
            "{problems:?}"
        );
        let (_, problems) =
            parse_all("@book{a, author = {A, B}, title = {T}}\n\n@book{a, author = {C, D}}");
        assert!(
            problems[0].starts_with("content/bibliography.bib:3: error: the key `a` is used twice"),
            "{problems:?}"
        );
        let (_, problems) = parse_all("@book{a,\n  url = {javascript:x}}");
        assert!(
            problems[0].starts_with(
                "content/bibliography.bib:2: error: the `url` of `a` is not a web address"
            ),
            "{problems:?}"
        );
    }

    #[test]
    fn odd_input_is_reported_never_a_panic() {
        for (bib, line, phrase) in [
            (
                "@book{a,\n  title = {Unbalanced,\n  year = 1975\n}\n",
                1,
                "not closed",
            ),
            (
                "@book{,\n  title = {No key}, author = {A, B}, year = 1975}",
                1,
                "has no key",
            ),
            (
                "@book{a, author = {A, B and }, year = 1975}",
                1,
                "empty name",
            ),
            (
                "@book{a, author = {A, B and and C, D}, year = 1975}",
                1,
                "empty name",
            ),
            ("@book{a, author = {A, B}, date = {1917/}}", 1, "open range"),
            ("@book{a, author = {A, B}, date = {99999}}", 1, "not a date"),
            (
                "@book{a, author = {A, B}, title = undefinedstring}",
                1,
                "@string",
            ),
            ("@book{a, title = {\\}}", 1, ""),
            ("@book{a crossref = b}", 1, "missing"),
            (
                "@book{a, crossref = {b}}\n@book{b, crossref = {a}}",
                1,
                "leads back",
            ),
            ("@", 1, ""),
            ("@book", 1, ""),
            ("@book{a, title = $x}", 1, ""),
        ] {
            let (works, problems) = parse_all(bib);
            assert!(
                problems.iter().any(|p| p.contains(phrase)
                    && p.starts_with(&format!("content/bibliography.bib:{line}: error"))),
                "{bib}: {problems:#?} {works:?}"
            );
        }
    }
}
