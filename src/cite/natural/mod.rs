//! Natural citations → spans: author–date citations as scholars type them by hand, in any
//! of the conventions in use, whatever the edition's output style.
//!
//! Read: Chicago `(Anweiler 1975, 42–44; Smith 1983)`, APA `(Anweiler, 1975, p. 42)`,
//! Harvard `(Anweiler, 1975: 42)`; prefixes (`see also`, `cf.`, `quoted in`,
//! `See, for example,`); co-authors (`Soss & Jacobs`, `Haimson and Brian`, `James et al.`);
//! year letters, `n.d.`, `forthcoming`; several works of one author (`(Lenin 1917a, 1917b)`,
//! `Adams (1776; 1787)`); narrative and possessive forms (`Anweiler (1975, 42)`,
//! `Lisa Disch’s (2021)`); locators (`p.`, `pp.`, `§`, `ch.`, `n.`, `para.`, APA's `Chapter 3`,
//! roman numerals, ranges); and bare pinpoints (`(p. 97)`, `(31)`) that belong to the last
//! work cited. A year alone, a date and a calendar are never citations. This module takes
//! text and gives offsets.

mod names;
mod patterns;

use super::Index;
use names::{authors, follows_article, names_no_author, normal_year, resolve};
use patterns::patterns;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte offsets of the citation's text: what becomes a link.
    pub start: usize,
    pub end: usize,
    /// Offset of the bracket the citation was read from: an escaped bracket (`\(`) is no
    /// citation.
    pub open: usize,
    /// The name and year as written, for messages: `Trostky 1973`.
    pub written: String,
    /// The first author's family name, by which the work was looked up.
    pub name: String,
    /// The family names as written, `et al.` last.
    pub authors: Vec<String>,
    /// The year as cited, with its letter: `1917a`, `n.d.`.
    pub year: String,
    /// Words before the names in the bracket: `see also`, `quoted in`.
    pub prefix: Option<String>,
    pub locator: Option<String>,
    /// The work, when the name and year match one.
    pub work: Option<usize>,
    pub kind: Kind,
    /// For a citation that matches no work: whether it should be reported. A capitalised
    /// thing before a year ("the October Manifesto (1905)") is not, unless its name is close
    /// to a known author's.
    pub report: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Parenthetical,
    Narrative,
    /// A bare pinpoint, attributed to the last work cited (there is always one).
    Pinpoint,
}

/// How much text before a bracket is searched for a narrative citation's names: a name is a
/// few words, and searching the whole paragraph for each bracket would make long paragraphs
/// quadratic.
const NAMES_WINDOW: usize = 160;

/// Compiles the citation patterns, which costs a few milliseconds; a build starts it on another
/// core while it reads the edition, so that the first text searched need not wait for it.
pub fn prepare() {
    patterns();
}

/// Recognises the natural citations in `text`. `last` is the last work cited before the
/// text, and is updated, so that a bare pinpoint finds its work across paragraphs.
pub fn recognize(text: &str, index: &Index, last: &mut Option<usize>) -> Vec<Citation> {
    // Most text holds no bracket: it need not wait for the regex engine's shared caches.
    if !text.contains('(') {
        return Vec::new();
    }
    let p = patterns();
    let mut found = Vec::new();
    for (whole, inner) in patterns::brackets(text) {
        let inner_start = inner.start;
        let inner = &text[inner];
        let mut window = whole.start.saturating_sub(NAMES_WINDOW);
        while !text.is_char_boundary(window) {
            window += 1;
        }
        let before = &text[window..whole.start];
        let open = whole.start;
        let count = found.len();

        // The names before the bracket are sought only when it holds years: most brackets do
        // not, and the search for names is the costliest of the patterns.
        let narrative_parts = p
            .years
            .captures(inner)
            .and_then(|years| Some((years, p.trailing_names.captures(before)?)));
        if let Some((years, names)) = narrative_parts {
            let names = names.name("names").expect("group");
            narrative(
                Narrative {
                    text,
                    names: (window + names.start(), names.as_str()),
                    before: &before[..names.start()],
                    inner: inner_start,
                    whole_end: whole.end,
                    open,
                },
                &years,
                index,
                last,
                &mut found,
            );
            if found.len() > count {
                continue;
            }
        }

        parenthetical(inner, inner_start, open, index, last, &mut found);
        if found.len() > count {
            continue;
        }

        // A bare pinpoint, never a year alone: "(p. 97)", "(31)", "(§557a)". It needs a work
        // cited before it, and is not the other calendar of a date: "10 (23) March".
        let after_number = before.trim_end().ends_with(|c: char| c.is_ascii_digit());
        if last.is_none() || after_number {
            continue;
        }
        if let Some(c) = p.pinpoint.captures(inner) {
            let loc = c.name("loc").expect("group");
            let digits: String = loc
                .as_str()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let looks_like_year =
                digits.len() == 4 && (digits.starts_with('1') || digits.starts_with("20"));
            if looks_like_year {
                continue;
            }
            found.push(Citation {
                start: inner_start + loc.start(),
                end: inner_start + loc.end(),
                open,
                written: format!("({})", loc.as_str()),
                name: String::new(),
                authors: Vec::new(),
                year: String::new(),
                prefix: None,
                locator: Some(loc.as_str().trim().to_string()),
                work: *last,
                kind: Kind::Pinpoint,
                report: false,
            });
        }
    }
    found.retain(|c| !index.ignores(&c.written));
    found
}

/// What `recognize` stands in a bare pinpoint's place while the work cited before the text
/// is not yet known.
const BEFORE: usize = usize::MAX;

/// A text's citations recognised without the work cited before it, so that the texts of a
/// long essay can be read on every core: its bare pinpoints wait for that work, given in
/// the texts' order by `resolve`.
pub struct Unresolved {
    found: Vec<Citation>,
    /// The last work the text itself cites.
    last: Option<usize>,
}

/// Recognises the natural citations in `text` as `recognize` would after any work.
pub fn recognize_alone(text: &str, index: &Index) -> Unresolved {
    let mut last = Some(BEFORE);
    let found = recognize(text, index, &mut last);
    Unresolved {
        found,
        last: last.filter(|&w| w != BEFORE),
    }
}

impl Unresolved {
    /// The citations that `recognize` finds after the work `last`, which is updated as it
    /// updates it: a bare pinpoint that no work comes before is no citation.
    pub fn resolve(self, last: &mut Option<usize>) -> Vec<Citation> {
        let before = *last;
        let found = self
            .found
            .into_iter()
            .filter_map(|mut c| {
                if c.work == Some(BEFORE) {
                    c.work = Some(before?);
                }
                Some(c)
            })
            .collect();
        if self.last.is_some() {
            *last = self.last;
        }
        found
    }
}

impl Citation {
    /// Whether a citation that matches no work is reported: it looks like one.
    pub fn warns(&self) -> bool {
        self.work.is_none() && self.report
    }
}

struct Narrative<'t> {
    text: &'t str,
    /// Where the names start in `text`, and the names as written.
    names: (usize, &'t str),
    /// The text before the names, for telling a thing from an author.
    before: &'t str,
    inner: usize,
    whole_end: usize,
    open: usize,
}

/// A name right before "(1993)" or "(2007, §557a)" or "(1776; 1787)".
fn narrative(
    n: Narrative<'_>,
    years: &patterns::Groups<'_>,
    index: &Index,
    last: &mut Option<usize>,
    found: &mut Vec<Citation>,
) {
    let p = patterns();
    let (names_start, names) = n.names;
    let years_match = years.name("years").expect("group");
    let mut locator = years.name("loc").map(|l| l.as_str().trim().to_string());
    let mut list: Vec<(usize, usize)> = p
        .year
        .find_iter(years_match.as_str())
        .map(|y| {
            (
                n.inner + years_match.start() + y.start(),
                n.inner + years_match.start() + y.end(),
            )
        })
        .collect();
    // "Adams (1776, 1787)": a pinpoint of years that are the author's works.
    if let Some(loc) = years.name("loc") {
        let first = &n.text[list[0].0..list[0].1];
        if let Some(more) = more_years(names, first, loc.as_str(), index) {
            list.extend(
                more.into_iter()
                    .map(|(s, e)| (n.inner + loc.start() + s, n.inner + loc.start() + e)),
            );
            locator = None;
        }
    }
    let only = list.len() == 1;
    for (k, &(ys, ye)) in list.iter().enumerate() {
        let y = &n.text[ys..ye];
        let (offset, name, work) = resolve(names, y, index);
        if work.is_none() && names_no_author(names) {
            return;
        }
        if work.is_some() {
            *last = work;
        }
        let (start, end) = if k == 0 {
            (names_start + offset, if only { n.whole_end } else { ye })
        } else {
            (ys, ye)
        };
        let report = work.is_some()
            || index.knows_name(&name)
            || !index.nearest_names(&name).is_empty()
            || !follows_article(&format!("{}{}", n.before, &names[..offset]));
        found.push(Citation {
            start,
            end,
            open: n.open,
            written: format!("{name} ({y})"),
            authors: authors(&names[offset..]),
            name,
            year: normal_year(y),
            prefix: None,
            locator: if only { locator.clone() } else { None },
            work,
            kind: Kind::Narrative,
            report,
        });
    }
}

/// The spans, relative to `loc`, of the years a pinpoint lists when they are all works of
/// the author: `(Lenin 1917a, 1917b)`, `Adams (1776, 1787)`. A number that is a page stays
/// a page.
fn more_years(names: &str, first: &str, loc: &str, index: &Index) -> Option<Vec<(usize, usize)>> {
    let p = patterns();
    if !p.all_years.is_match(loc.trim()) {
        return None;
    }
    let (_, _, work) = resolve(names, first, index);
    work?;
    let spans: Vec<(usize, usize)> = p
        .year
        .find_iter(loc)
        .map(|y| (y.start(), y.end()))
        .collect();
    spans
        .iter()
        .all(|&(s, e)| resolve(names, &loc[s..e], index).2.is_some())
        .then_some(spans)
}

/// One or more "Name Year[, locator]" parts separated by semicolons.
fn parenthetical(
    inner: &str,
    inner_start: usize,
    open: usize,
    index: &Index,
    last: &mut Option<usize>,
    found: &mut Vec<Citation>,
) {
    let p = patterns();
    let mut offset = inner_start;
    let mut previous_names: Option<String> = None;
    for part in inner.split(';') {
        let part_start = offset;
        offset += part.len() + 1;
        let Some(c) = p.part.captures(part) else {
            // "(Anweiler 1975; 1980)": the same author's other work.
            if let (Some(names), Some(y)) = (&previous_names, p.year_only.captures(part)) {
                let year = y.name("year").expect("group");
                let (_, name, work) = resolve(names, year.as_str(), index);
                if work.is_some() {
                    *last = work;
                    let end = y.name("loc").map_or(year.end(), |l| l.end());
                    found.push(Citation {
                        start: part_start + year.start(),
                        end: part_start + end,
                        open,
                        written: format!("{name} {}", year.as_str()),
                        authors: authors(&name),
                        name,
                        year: normal_year(year.as_str()),
                        prefix: None,
                        locator: y.name("loc").map(|l| l.as_str().trim().to_string()),
                        work,
                        kind: Kind::Parenthetical,
                        report: true,
                    });
                }
            }
            continue;
        };
        let names = c.name("names").expect("group");
        let year = c.name("year").expect("group");
        let pre = c.name("pre").expect("group").as_str();
        let (name_offset, name, work) = resolve(names.as_str(), year.as_str(), index);
        let used = &names.as_str()[name_offset..];
        if work.is_none() && (names_no_author(names.as_str()) || names_no_author(pre.trim_end())) {
            continue;
        }
        let mut years = vec![(year.start(), year.end())];
        let mut locator = c.name("loc");
        if let Some(loc) = locator {
            if let Some(more) = more_years(names.as_str(), year.as_str(), loc.as_str(), index) {
                years.extend(
                    more.into_iter()
                        .map(|(s, e)| (loc.start() + s, loc.start() + e)),
                );
                locator = None;
            }
        }
        let prefix = format!("{pre}{}", &names.as_str()[..name_offset]);
        let prefix = names::without_initials(prefix.trim())
            .trim_end_matches(',')
            .trim_end();
        let report = work.is_some()
            || index.knows_name(&name)
            || !index.nearest_names(&name).is_empty()
            || !follows_article(prefix);
        previous_names = Some(used.to_string());
        for (k, &(ys, ye)) in years.iter().enumerate() {
            let y = &part[ys..ye];
            let work = if k == 0 {
                work
            } else {
                resolve(used, y, index).2
            };
            if work.is_some() {
                *last = work;
            }
            let (start, end) = if k == 0 {
                let end = locator.map_or(ye, |l| l.end());
                (names.start() + name_offset, end)
            } else {
                (ys, ye)
            };
            found.push(Citation {
                start: part_start + start,
                end: part_start + end,
                open,
                written: part[names.start() + name_offset..ye].to_string(),
                name: name.clone(),
                authors: authors(used),
                year: normal_year(y),
                prefix: (k == 0 && !prefix.is_empty()).then(|| prefix.to_string()),
                locator: if k == 0 {
                    locator.map(|l| l.as_str().trim().to_string())
                } else {
                    None
                },
                work,
                kind: Kind::Parenthetical,
                report,
            });
        }
    }
}

#[cfg(test)]
mod tests;
