//! The shapes of author–date citations, as regular expressions built from small parts, so
//! that each convention (Chicago, APA, Harvard, narrative) is one line of what it adds.

use regex::Regex;
use regex_automata::{meta, Input};
use std::ops::Range;
use std::sync::OnceLock;

/// The lowercase particles before a family name (`de Tocqueville`, `van der Linden`).
const PARTICLES: [&str; 15] = [
    "van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "dos", "le", "la", "ten",
    "ter",
];

/// A word of a name: capitalised, with apostrophes and hyphens (`O’Brien`, `Lévi-Strauss`),
/// after any lowercase particles.
fn name() -> String {
    format!(
        r"(?:(?:{})\s+)*\p{{Lu}}[\p{{L}}\p{{M}}’'\-]*",
        PARTICLES.join("|")
    )
}

/// A year as texts cite it: with its letter (`1917a`), or none yet (`n.d.`, `forthcoming`).
const YEAR: &str =
    r"(?:(?:1[0-9]{3}|20[0-9]{2})[a-z]?|n\.\s?d\.(?:-?[a-z])?|forthcoming|in\s+press)";

/// A pinpoint's label: Chicago's and Harvard's abbreviations, APA's spelt-out words.
const LABEL: &str = r"(?:pp?\.|§§?|¶¶?|(?i:chaps?\.|chs?\.|paras?\.|secs?\.|vols?\.|bk\.|pt\.|nn?\.|figs?\.|ll?\.|art\.|fols?\.|docs?\.|cols?\.|vv?\.|chapter|section|part|table|figure|slide|book|volume|line|lines|paragraph|note|footnote|endnote|column|verse|item|page|pages|frame|act|scene|canto))";
/// A page, a roman page, a section letter; `2:381` (volume and page) and `1:09:19` (a time).
const VALUE: &str = r"(?:[0-9]+(?::[0-9]+)*[a-z]?|[ivxlcdm]+|[IVXLCDM]+)";

/// The longest text a bracket may hold and still be read for citations, in characters.
const BRACKET_LIMIT: usize = 1000;

/// The brackets with no bracket inside and 1 to 1,000 characters between them, where
/// citations stand: each as the offsets of the whole, `(` to `)`, and of what it holds. This
/// is `\(([^()]{1,1000})\)` read by hand: as a regular expression its thousand copies of a
/// Unicode class took a build of this edition 4 ms to compile.
pub fn brackets(text: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = bytes[at..].iter().position(|&b| b == b'(') {
            let open = at + found;
            let mut chars = 0;
            let mut i = open + 1;
            // Brackets are ASCII, so they are never part of another character's bytes.
            loop {
                match bytes.get(i) {
                    None => return None,
                    Some(b')') => {
                        at = i + 1;
                        if (1..=BRACKET_LIMIT).contains(&chars) {
                            return Some((open..i + 1, open + 1..i));
                        }
                        break;
                    }
                    Some(b'(') => {
                        at = i;
                        break;
                    }
                    Some(&b) => {
                        chars += usize::from(b & 0xC0 != 0x80);
                        i += 1;
                    }
                }
            }
        }
        None
    })
}

pub struct Patterns {
    /// One citation of a parenthetical list: prefix, names, year, pinpoint.
    pub part: Pattern,
    /// What follows a name in a narrative citation: `(1975)`, `(1975, 42)`, `(1776; 1787)`.
    pub years: Pattern,
    /// A part that gives only a year: the previous part's author again, `(Anweiler 1975; 1980)`.
    pub year_only: Pattern,
    pub year: Regex,
    /// A pinpoint that is all years: `(Lenin 1917a, 1917b)` cites two works.
    pub all_years: Regex,
    pub pinpoint: Pattern,
    /// The names at the end of a text, before a narrative citation's bracket.
    pub trailing_names: Pattern,
    /// Separators of co-authors.
    pub and: Regex,
}

/// The sources of the patterns that read a citation's parts, by name, for `Patterns` and for
/// the tests that check how they are matched.
pub fn sources() -> Vec<(&'static str, String)> {
    let name = name();
    let family = format!(r"{name}(?:\s+{name}){{0,3}}");
    let names = format!(
        r"{family}(?:\s*,\s*{family})*(?:(?:,?\s*&\s*|,?\s+and\s+){family})?(?:,?\s+et\s+al\.)?"
    );
    let piece = format!(r"(?:{LABEL}\s*)?{VALUE}(?:\s*[-–—]\s*{VALUE})?(?:\s*nn?\.\s*[0-9]+)?");
    // APA's pinpoint in a text without pages: a heading and a paragraph.
    let heading = format!(
        r"\p{{Lu}}[\p{{L}}’'\-]*(?:\s+[\p{{L}}’'\-]+){{0,4}}\s*,\s*(?i:paras?\.|paragraphs?)\s*{VALUE}"
    );
    let locator = format!(r"(?:{heading}|{piece})(?:\s*,\s*{piece})*");
    vec![
        (
            "part",
            format!(
                r"^(?s)(?P<pre>(?:.*?[\s,.;:])??)(?P<names>{names})(?:\s*,\s*|\s+)(?P<year>{YEAR})(?:\s*[,:]\s*(?P<loc>{locator}))?(?P<rest>(?:[^\p{{L}}\p{{N}}].*)?)$"
            ),
        ),
        (
            "years",
            format!(
                r"^\s*(?P<years>{YEAR}(?:\s*;\s*{YEAR})*)(?:\s*[,:]\s*(?P<loc>{locator}))?(?P<rest>(?:[,;][^;]*)?)\s*$"
            ),
        ),
        (
            "year_only",
            format!(r"^\s*(?P<year>{YEAR})(?:\s*[,:]\s*(?P<loc>{locator}))?\s*$"),
        ),
        ("pinpoint", format!(r"^\s*(?P<loc>{piece})\s*(?:,.*)?$")),
        ("trailing_names", format!(r"(?P<names>{names})\s*$")),
    ]
}

pub fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let sources = sources();
        let pattern = |name: &str| {
            let (_, source) = sources
                .iter()
                .find(|(n, _)| *n == name)
                .expect("a source for each pattern");
            Pattern::new(source)
        };
        let build = |re: &str| Regex::new(re).expect("a valid pattern");
        // The pattern of a part (names, year and pinpoints) is half of the time they take to
        // compile: on a thread of its own, beside the rest. Not a task of the build's pool:
        // a core of the pool that waited for it could take up a task that asks for these
        // patterns, and wait on itself.
        let (part, rest) = std::thread::scope(|scope| {
            let part = scope.spawn(|| pattern("part"));
            let rest = (
                pattern("years"),
                pattern("year_only"),
                pattern("pinpoint"),
                pattern("trailing_names"),
            );
            let part = part
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (part, rest)
        });
        let (years, year_only, pinpoint, trailing_names) = rest;
        Patterns {
            part,
            years,
            year_only,
            pinpoint,
            trailing_names,
            year: build(YEAR),
            all_years: build(&format!(r"^{YEAR}(?:\s*,\s*{YEAR})*$")),
            and: build(r"\s*,\s*(?:and\s+|&\s*)?|\s*&\s*|\s+and\s+"),
        }
    })
}

/// A pattern that reads a short text (a bracket's part, the words before a bracket) for its
/// groups, matched by the NFA alone: by backtracking within a bound, else by the Pike VM. The
/// regex crate's default also builds a reverse automaton and fills lazy DFAs, which for
/// these patterns of many Unicode classes cost a build of a small edition 13 ms to compile and
/// 7 ms to warm, more than all its searches.
pub struct Pattern {
    regex: meta::Regex,
    /// Starts with `^`: searched once from the text's start.
    anchored: bool,
}

impl Pattern {
    fn new(source: &str) -> Pattern {
        let config = meta::Config::new().hybrid(false).dfa(false).onepass(false);
        Pattern {
            regex: meta::Regex::builder()
                .configure(config)
                .build(source)
                .expect("a valid pattern"),
            anchored: source.starts_with('^'),
        }
    }

    /// The leftmost match's groups, as the regex crate's `captures` finds them. An unanchored
    /// pattern (the trailing names, ending in `$`) is tried from each place a name can start,
    /// left to right, anchored there: the first place that matches starts the leftmost match,
    /// and an anchored search at a place that cannot start one fails at its first character.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Groups<'h>> {
        let mut caps = self.regex.create_captures();
        if self.anchored {
            self.regex.captures(text, &mut caps);
        } else {
            for start in name_starts(text) {
                let input = Input::new(text)
                    .range(start..)
                    .anchored(regex_automata::Anchored::Yes);
                self.regex.search_captures(&input, &mut caps);
                if caps.is_match() {
                    break;
                }
            }
        }
        caps.is_match().then_some(Groups { text, caps })
    }
}

/// The places in a text where a name can start: a capital (`\p{Lu}`, which is uppercase), or
/// a particle followed by a space. A place that is neither cannot start `NAME`.
fn name_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        let particle = || {
            PARTICLES.iter().any(|p| {
                text[i..]
                    .strip_prefix(p)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_whitespace)
            })
        };
        (c.is_uppercase() || c.is_ascii_lowercase() && particle()).then_some(i)
    })
}

/// A match's groups, by name.
pub struct Groups<'h> {
    text: &'h str,
    caps: regex_automata::util::captures::Captures,
}

impl<'h> Groups<'h> {
    /// The whole match.
    #[cfg(test)]
    pub fn whole(&self) -> Group<'h> {
        self.group(self.caps.get_match().expect("only matches are kept").span())
    }

    pub fn name(&self, name: &str) -> Option<Group<'h>> {
        self.caps
            .get_group_by_name(name)
            .map(|span| self.group(span))
    }

    fn group(&self, span: regex_automata::Span) -> Group<'h> {
        Group {
            text: self.text,
            start: span.start,
            end: span.end,
        }
    }
}

/// One group of a match: where it is in the text searched.
#[derive(Debug, Clone, Copy)]
pub struct Group<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Group<'h> {
    pub fn as_str(&self) -> &'h str {
        &self.text[self.start..self.end]
    }
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
}
