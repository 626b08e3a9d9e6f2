//! What the search finds: the edition's paragraphs, glosses, notes, glossary entries, works
//! and pages, each as a document with the text the document model holds for it.

use crate::edition::Edition;
use crate::route::Route;
use crate::site::Site;
use std::borrow::Cow;
use std::collections::HashMap;

/// What kind of place a result is; its index is what the index files write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Paragraph = 0,
    Note = 1,
    Gloss = 2,
    Term = 3,
    Work = 4,
    Page = 5,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc<'a> {
    pub kind: Kind,
    /// What a result is headed with: the section, the note's or page's title, the glossed
    /// words, the term, the work's author and year.
    pub title: Cow<'a, str>,
    /// Where it is: `¶ 12`, a reading, a note's dates.
    pub place: String,
    /// Its site path with the `#id` of the place.
    pub url: String,
    pub text: Cow<'a, str>,
    /// Whether the title's words are searched too (a paragraph's section title is not its
    /// text, or every paragraph of "Introduction" would match it).
    pub title_searched: bool,
}

/// Every document, in the order of the edition: the text, then the notes, glosses, terms,
/// works and pages.
pub fn gather<'a>(edition: &'a Edition, site: &'a Site<'_>) -> Vec<Doc<'a>> {
    use rayon::prelude::*;
    // The string once, not looked up for each of many paragraphs.
    let pilcrow = site.strings.get("search.paragraph");
    let paragraph = |n: usize| pilcrow.replace("{n}", &n.to_string());
    // The notes each paragraph calls were read when the section was; a section whose blocks
    // are not the paragraphs the text layer counted gives no notes rather than wrong ones.
    let none = Vec::new();
    // An essay of ten thousand sections has a hundred thousand paragraphs or more: each
    // section's are made on every core, in the sections' order.
    let mut docs: Vec<Doc<'a>> = site
        .sections
        .par_iter()
        .zip(site.texts.par_iter())
        .flat_map_iter(|(section, texts)| {
            let notes = match section.notes.len() == texts.len() {
                true => &section.notes,
                false => &none,
            };
            texts.iter().enumerate().map(move |(k, text)| {
                // A paragraph's sidenotes and margin notes are found with it: they are the
                // author's words at that place.
                let text = match notes.get(k).filter(|n| !n.is_empty()) {
                    Some(notes) => Cow::Owned(format!("{text} {}", notes.join(" "))),
                    None => Cow::Borrowed(text.as_str()),
                };
                let n = section.first_paragraph + k;
                let place = in_reading(
                    section.reading.as_ref().map(|r| r.title.as_str()),
                    paragraph(n),
                );
                Doc {
                    kind: Kind::Paragraph,
                    title: Cow::Borrowed(section.title.as_str()),
                    place,
                    url: format!("{}#p{n}", section.path),
                    text,
                    title_searched: false,
                }
            })
        })
        .collect();
    // A note's and a page's text were read when they were rendered.
    for page in &site.notes {
        docs.push(Doc {
            kind: Kind::Note,
            title: Cow::Borrowed(page.title.as_str()),
            place: page.when.clone().unwrap_or_default(),
            url: page.path.clone(),
            text: Cow::Borrowed(page.text.as_str()),
            title_searched: true,
        });
    }
    let glosses = by_key(&edition.glosses, |g| &g.slug);
    for entry in &site.glosses {
        let Some(gloss) = glosses.get(entry.slug.as_str()) else {
            continue;
        };
        let passage = &entry.passage;
        let place = in_reading(
            passage.reading.as_deref(),
            format!(
                "{} · {}",
                passage.section_title,
                paragraph(passage.paragraph)
            ),
        );
        docs.push(Doc {
            kind: Kind::Gloss,
            title: Cow::Borrowed(passage.text.as_str()),
            place,
            url: passage.path.clone(),
            text: Cow::Owned(body_text(&gloss.source.body)),
            title_searched: true,
        });
    }
    let terms = by_key(&edition.glossary, |t| &t.id);
    for entry in &site.glossary {
        let Some(term) = terms.get(entry.id.as_str()) else {
            continue;
        };
        docs.push(Doc {
            kind: Kind::Term,
            title: Cow::Borrowed(entry.term.as_str()),
            place: entry.forms.join(", "),
            url: Route::Glossary.at(&entry.id),
            text: Cow::Owned(body_text(&term.definition)),
            title_searched: true,
        });
    }
    let works = by_key(&edition.works, |w| &w.id);
    for entry in &site.bibliography {
        // Headed as the text cites it: `Anweiler 1975`.
        let title = works
            .get(entry.id.as_str())
            .map(|w| format!("{} {}", w.family, w.year).trim().to_string())
            .unwrap_or_default();
        docs.push(Doc {
            kind: Kind::Work,
            title: Cow::Owned(title),
            place: String::new(),
            url: Route::Bibliography.at(&entry.id),
            text: Cow::Owned(strip_html(&entry.html)),
            // A query for an author finds their works first.
            title_searched: true,
        });
    }
    for built in &site.pages {
        docs.push(Doc {
            kind: Kind::Page,
            title: Cow::Borrowed(built.title.as_str()),
            place: built.description.clone().unwrap_or_default(),
            url: built.path.clone(),
            text: Cow::Borrowed(built.text.as_str()),
            title_searched: true,
        });
    }
    docs
}

/// The edition's items by their slug or id, to meet them again from the site's pages.
fn by_key<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a String) -> HashMap<&'a str, &'a T> {
    items.iter().map(|t| (key(t).as_str(), t)).collect()
}

/// Where a place is, after its reading's title in a course: `Federalist No. 10 · ¶ 3`.
fn in_reading(reading: Option<&str>, place: String) -> String {
    match reading {
        Some(r) => format!("{r} · {place}"),
        None => place,
    }
}

/// The text of the sidenotes and margin notes each numbered paragraph of a section calls, or
/// nothing when the body's paragraphs are not the `paragraphs` the text layer counted.
#[cfg(test)]
fn notes_by_paragraph(body: &str, paragraphs: usize) -> Vec<Vec<String>> {
    let calls = note_calls(body, &crate::events::parse(body));
    if calls.len() != paragraphs {
        return Vec::new();
    }
    calls
}

/// For each top-level paragraph and block quotation of a parsed body, the text of the notes
/// it calls; nothing for a body that calls none.
pub fn note_calls(body: &str, events: &[crate::events::Spanned<'_>]) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    // Most sections call no note.
    if !body.contains("[^") {
        return Vec::new();
    }
    use std::collections::HashMap;
    let mut calls: Vec<Vec<String>> = Vec::new();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut depth = 0usize;
    let mut block: Option<usize> = None;
    let mut definition: Option<(String, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match tag {
                        Tag::Paragraph | Tag::BlockQuote(_) => {
                            calls.push(Vec::new());
                            block = Some(calls.len() - 1);
                        }
                        Tag::FootnoteDefinition(label) => {
                            definition = Some((label.to_string(), String::new()));
                        }
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    block = None;
                    if matches!(tag, TagEnd::FootnoteDefinition) {
                        if let Some((label, text)) = definition.take() {
                            let text = text.trim();
                            let text = text.strip_prefix("{-}").unwrap_or(text).trim();
                            texts.insert(label, without_citation_keys(text).into_owned());
                        }
                    }
                } else if let Some((_, text)) = definition.as_mut() {
                    if !crate::events::is_inline_end(tag) {
                        text.push(' ');
                    }
                }
            }
            Event::FootnoteReference(label) => {
                if let Some(b) = block {
                    calls[b].push(label.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = definition.as_mut() {
                    text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = definition.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    calls
        .into_iter()
        .map(|labels| {
            labels
                .iter()
                .filter_map(|l| texts.get(l))
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        })
        .collect()
}

/// The plain text of a Markdown body: its words as a reader sees them, without the markup,
/// raw HTML or the keys of Pandoc citations (`[@anweiler1975, 45]`), which are no reader's words.
pub fn body_text(body: &str) -> String {
    text_of(&crate::events::parse(body))
}

/// `body_text` of a body already parsed: its events as pulldown-cmark gives them.
pub fn text_of(events: &[crate::events::Spanned<'_>]) -> String {
    use pulldown_cmark::Event;
    // Every page's text passes here: its words are written one space apart as they come,
    // rather than gathered and then split again.
    let mut words = Spaced::default();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => words.push(t),
            Event::SoftBreak | Event::HardBreak => words.gap = true,
            // Cells, items and paragraphs are words apart.
            Event::End(tag) if !crate::events::is_inline_end(tag) => words.gap = true,
            _ => {}
        }
    }
    let text = match without_citation_keys(&words.text) {
        Cow::Borrowed(_) => words.text,
        Cow::Owned(cut) => spaced(&cut),
    };
    crate::held::exact(text)
}

/// Words written one space apart, with no space before the first or after the last: what
/// `split_whitespace` and `join(" ")` make, without decoding ASCII or keeping the words apart.
#[derive(Default)]
struct Spaced {
    text: String,
    /// Whether space came since the last word.
    gap: bool,
}

impl Spaced {
    fn push(&mut self, s: &str) {
        // Most texts are ASCII words one space apart: copied whole, once that is known, with
        // the space before or after them remembered.
        if one_space_apart(s) {
            let words = s.trim_matches(' ');
            self.gap |= s.starts_with(' ');
            if !words.is_empty() {
                if self.gap && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.text.push_str(words);
                self.gap = false;
            }
            self.gap |= s.ends_with(' ');
            return;
        }
        let bytes = s.as_bytes();
        let plain = |b: u8| b > b' ' && b.is_ascii();
        let mut i = 0;
        loop {
            // Space: as much as there is, remembered as one.
            while i < bytes.len() {
                let (len, space) = char_at(s, i);
                if !space {
                    break;
                }
                self.gap = true;
                i += len;
            }
            if i == bytes.len() {
                return;
            }
            // Then words, taken whole with the single spaces between them, and copied at
            // once: most texts are written so.
            let start = i;
            while i < bytes.len() {
                if plain(bytes[i]) {
                    i += 1;
                } else if bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|&n| plain(n)) {
                    i += 2;
                } else {
                    let (len, space) = char_at(s, i);
                    if space {
                        break;
                    }
                    i += len;
                }
            }
            if self.gap && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(&s[start..i]);
            self.gap = false;
        }
    }
}

/// Whether `s` is printable ASCII, with single spaces between its words and at most one
/// before or after them: its words as `Spaced` would write them, once those spaces are cut.
/// Each test reads many bytes at a time.
fn one_space_apart(s: &str) -> bool {
    let printable = |b: u8| b.wrapping_sub(b' ') < 0x80 - b' ';
    s.bytes().fold(true, |all, b| all & printable(b)) && !s.contains("  ")
}

/// The length of the character at byte `i` of `s`, and whether it is space as
/// `char::is_whitespace` says; ASCII is read without decoding.
fn char_at(s: &str, i: usize) -> (usize, bool) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (1, matches!(b, b'\t'..=b'\r' | b' '));
    }
    let c = s[i..].chars().next().unwrap_or_default();
    (c.len_utf8(), c.is_whitespace())
}

/// `text`'s words one space apart.
fn spaced(text: &str) -> String {
    let mut words = Spaced::default();
    words.push(text);
    words.text
}

fn without_citation_keys(text: &str) -> Cow<'_, str> {
    // Every key has an `@`; most texts have none, and need no search.
    if !text.contains('@') {
        return Cow::Borrowed(text);
    }
    static KEYS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"\[[^\[\]]*@[^\[\]]*\]|(?:^|\s)-?@[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-][\p{L}\p{N}_])*",
        )
        .expect("a valid pattern")
    });
    KEYS.replace_all(text, " ")
}

/// The text of a piece of HTML the build wrote (a formatted reference): its tags dropped, its
/// character references read.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    spaced(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_its_words_without_markup_or_citation_keys() {
        let body =
            "# Sources\n\nThe *soviet* of [St Petersburg](https://example.org) <span>met</span>\n\
                    in 1905 [@anweiler1975, 45]; see @trotsky1907.\n\n- one\n- two\n";
        assert_eq!(
            body_text(body),
            "Sources The soviet of St Petersburg met in 1905 ; see . one two"
        );
    }

    #[test]
    fn a_paragraphs_notes_are_read_with_it() {
        let body = "First[^a] paragraph.\n\n> Quoted[^b].\n\nNone here.\n\n[^a]: The *first* note.\n\n[^b]: {-} A margin note.\n";
        assert_eq!(
            notes_by_paragraph(body, 3),
            [
                vec!["The first note.".to_string()],
                vec!["A margin note.".to_string()],
                vec![]
            ]
        );
        // Paragraphs counted otherwise than the text layer's: no notes rather than wrong ones.
        assert!(notes_by_paragraph(body, 4).is_empty());
    }

    #[test]
    fn words_are_spaced_as_split_whitespace_would_space_them() {
        // Every kind of space Unicode names, ASCII's vertical tab among them, between, before
        // and after words of one and several bytes.
        let spaces = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}",
            "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
        ];
        // Not space: a separator that is no white space, a zero-width space, control bytes.
        let words = [
            "a",
            "Räte",
            "совет",
            "\u{1c}",
            "\u{200b}",
            "x\u{1f}y",
            "日本",
            "—",
        ];
        let mut texts = vec![String::new()];
        for (i, space) in spaces.iter().enumerate() {
            let word = words[i % words.len()];
            let next = words[(i + 3) % words.len()];
            texts.push(format!("{space}{word}{space}{space}{next}{space}"));
            texts.push(format!("{word}{space}"));
            texts.push(space.to_string());
        }
        for text in &texts {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(spaced(text), expected, "{text:?}");
        }
        // Many texts drawn from those characters and control characters that are no space,
        // each also pushed in two pieces.
        let alphabet: Vec<char> = spaces
            .iter()
            .chain(&words)
            .flat_map(|s| s.chars())
            .chain(['\u{0}', '\u{8}', '\u{e}', '\u{7f}', 'z', '.'])
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 12) {
                text.push(alphabet[((seed >> (4 * k)) as usize) % alphabet.len()]);
            }
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(spaced(&text), expected, "{text:?}");
            let cut = text
                .char_indices()
                .nth(text.chars().count() / 2)
                .map_or(0, |(i, _)| i);
            let mut halves = Spaced::default();
            halves.push(&text[..cut]);
            halves.push(&text[cut..]);
            assert_eq!(halves.text, expected, "{text:?} cut at {cut}");
        }
        // Printable ASCII, which is mostly copied whole, in texts of every shape.
        for text in [
            "The soviet met.",
            " The soviet",
            "The soviet ",
            "The  soviet",
            "~ \u{7f} !",
            "x",
            " ",
            "a b\tc",
            " a ",
            "",
            " ",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(spaced(text), expected, "{text:?}");
            let mut after = Spaced::default();
            for piece in ["Then", " ", text, "  ", "end"] {
                after.push(piece);
            }
            let whole = format!("Then {text} end");
            let expected = whole.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(after.text, expected, "{text:?}");
        }
        // Pushed in pieces, as a body's texts come, the space between pieces kept.
        let mut pieces = Spaced::default();
        for piece in ["  The\u{a0}", "soviet", " of", "", "\n 1905 "] {
            pieces.push(piece);
        }
        assert_eq!(pieces.text, "The soviet of 1905");
    }

    #[test]
    fn formatted_html_is_read_as_text() {
        assert_eq!(
            strip_html(
                "Anweiler, Oskar. <i>The Soviets</i>. New York: Pantheon &amp; Co, 1975&#x2E; R&D"
            ),
            "Anweiler, Oskar. The Soviets. New York: Pantheon & Co, 1975. R&D"
        );
    }
}
