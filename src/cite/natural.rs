//! Natural citations → spans: author–date citations as scholars type them by hand.
//!
//! Recognised: parenthetical lists with prefixes (`(See, for example, Breaugh, 2013;
//! McCormick, 2011)`, `(quoted in Anweiler, 1975, p. 128)`), co-authors (`Soss & Jacobs`,
//! `James et al.`), year letters (`1917a`), narrative and possessive forms (`Dune (1993)`,
//! `Lisa Disch’s (2021)`, `Adams (1776; 1787)`, `Plato (2007, §557a)`), locators (`p.`, `pp.`,
//! `§`, `ch.`, roman numerals), and bare pinpoints (`(p. 97)`, `(31)`) that belong to the last
//! work cited. A year alone is never a citation. This module takes text and gives offsets.

use super::Index;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte offsets of the citation's text: what becomes a link.
    pub start: usize,
    pub end: usize,
    /// The name and year as written, for messages: `Trostky, 1973`.
    pub written: String,
    pub name: String,
    pub year: String,
    pub locator: Option<String>,
    /// The work, when the name and year match one.
    pub work: Option<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Parenthetical,
    Narrative,
    /// A bare pinpoint, attributed to the last work cited (there is always one).
    Pinpoint,
}

const NAME: &str = r"\p{Lu}[\p{L}’'\-]*";
const YEAR: &str = r"(?:1[0-9]{3}|20[0-9]{2})[a-z]?";
const LOCATOR: &str = r"(?:(?:pp?\.|§|ch\.|chap\.|para\.|paras\.|sec\.|vol\.)\s*)?[0-9ivxlcdmIVXLCDM]+[a-z]?(?:\s*[-–]\s*[0-9ivxlcdmIVXLCDM]+[a-z]?)?";

struct Patterns {
    parenthesis: Regex,
    part: Regex,
    years: Regex,
    year: Regex,
    pinpoint: Regex,
    trailing_names: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let names = format!(r"{NAME}(?:\s+{NAME}){{0,3}}(?:\s*(?:&|and)\s*{NAME}(?:\s+{NAME}){{0,2}}|\s+et\s+al\.)?");
        Patterns {
            parenthesis: Regex::new(r"\(([^()]*)\)").expect("valid"),
            part: Regex::new(&format!(
                r"^(?s)(?P<pre>.*?)(?P<names>{names}),\s*(?P<year>{YEAR})(?:,\s*(?P<loc>{LOCATOR}))?(?P<rest>.*)$"
            ))
            .expect("valid"),
            years: Regex::new(&format!(
                r"^\s*(?P<years>{YEAR}(?:\s*;\s*{YEAR})*)(?:,\s*(?P<loc>{LOCATOR}))?(?P<rest>(?:,[^;]*)?)\s*$"
            ))
            .expect("valid"),
            year: Regex::new(YEAR).expect("valid"),
            pinpoint: Regex::new(&format!(r"^\s*(?P<loc>{LOCATOR})\s*(?:,.*)?$")).expect("valid"),
            trailing_names: Regex::new(&format!(r"(?P<names>{names})(?P<poss>’s|'s)?\s*$")).expect("valid"),
        }
    })
}

/// The names of a citation, without a co-author: `Gilens & Page` → `Gilens`,
/// `James et al.` → `James`.
fn first_author(names: &str) -> &str {
    let cut = [" & ", "&", " and ", " et al."]
        .iter()
        .filter_map(|sep| names.find(sep))
        .min()
        .unwrap_or(names.len());
    names[..cut].trim()
}

/// The work a written name and year stand for, trying the name's last words first
/// ("See Breaugh" → "Breaugh", "Though Trotsky" → "Trotsky", "Le Blanc" → "Le Blanc").
/// Gives the offset within `names` of the name used, the name, and the work if one matches.
fn resolve(names: &str, year: &str, index: &Index) -> (usize, String, Option<usize>) {
    let author = first_author(names);
    let author = author
        .strip_suffix("’s")
        .or_else(|| author.strip_suffix("'s"))
        .unwrap_or(author);
    let mut starts: Vec<usize> = vec![0];
    starts.extend(
        author
            .char_indices()
            .filter(|&(i, c)| {
                c.is_whitespace() && !author[i + c.len_utf8()..].starts_with(char::is_whitespace)
            })
            .map(|(i, c)| i + c.len_utf8()),
    );
    // Longest name first, so "Le Blanc" wins over "Blanc".
    for &offset in &starts {
        if let Some(work) = index.find(&author[offset..], year) {
            return (offset, author[offset..].to_string(), Some(work));
        }
    }
    // Unknown work: the longest known name, else the last word, is the name to report.
    let offset = starts
        .iter()
        .copied()
        .find(|&o| index.knows_name(&author[o..]))
        .unwrap_or(*starts.last().expect("one start"));
    (offset, author[offset..].to_string(), None)
}

/// Recognises the natural citations in `text`. `last` is the last work cited before the
/// text, and is updated, so that a bare pinpoint finds its work across paragraphs.
pub fn recognize(text: &str, index: &Index, last: &mut Option<usize>) -> Vec<Citation> {
    let p = patterns();
    let mut found = Vec::new();
    for paren in p.parenthesis.captures_iter(text) {
        let whole = paren.get(0).expect("match");
        let inner = paren.get(1).expect("group");
        let before = &text[..whole.start()];

        // Narrative: a name right before "(1993)" or "(2007, §557a)" or "(1776; 1787)".
        if let (Some(years), Some(names)) = (
            p.years.captures(inner.as_str()),
            p.trailing_names.captures(before),
        ) {
            let names_match = names.name("names").expect("group");
            let years_match = years.name("years").expect("group");
            let locator = years.name("loc").map(|l| l.as_str().trim().to_string());
            for (k, y) in p.year.find_iter(years_match.as_str()).enumerate() {
                let (offset, name, work) = resolve(names_match.as_str(), y.as_str(), index);
                let year_start = inner.start() + years_match.start() + y.start();
                let year_end = inner.start() + years_match.start() + y.end();
                let only = years_match.as_str().contains(';').then_some(()).is_none();
                let (start, end) = if k == 0 {
                    (
                        names_match.start() + offset,
                        if only { whole.end() } else { year_end },
                    )
                } else {
                    (year_start, year_end)
                };
                if work.is_some() {
                    *last = work;
                }
                found.push(Citation {
                    start,
                    end,
                    written: format!("{name} ({})", y.as_str()),
                    name,
                    year: y.as_str().to_string(),
                    locator: if only { locator.clone() } else { None },
                    work,
                    kind: Kind::Narrative,
                });
            }
            continue;
        }

        // Parenthetical: one or more "Name, Year[, locator]" parts separated by semicolons.
        let mut any = false;
        let mut offset = inner.start();
        for part in inner.as_str().split(';') {
            let part_start = offset;
            offset += part.len() + 1;
            let Some(c) = p.part.captures(part) else {
                continue;
            };
            let names = c.name("names").expect("group");
            let year = c.name("year").expect("group");
            let (name_offset, name, work) = resolve(names.as_str(), year.as_str(), index);
            let end = c.name("loc").map_or(year.end(), |l| l.end());
            any = true;
            if work.is_some() {
                *last = work;
            }
            found.push(Citation {
                start: part_start + names.start() + name_offset,
                end: part_start + end,
                written: format!("{name}, {}", year.as_str()),
                name,
                year: year.as_str().to_string(),
                locator: c.name("loc").map(|l| l.as_str().trim().to_string()),
                work,
                kind: Kind::Parenthetical,
            });
        }
        if any {
            continue;
        }

        // A bare pinpoint, never a year alone: "(p. 97)", "(31)", "(§557a)". It needs a work
        // cited before it, and is not the other calendar of a date: "10 (23) March".
        let after_number = before.trim_end().ends_with(|c: char| c.is_ascii_digit());
        if last.is_none() || after_number {
            continue;
        }
        if let Some(c) = p.pinpoint.captures(inner.as_str()) {
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
                start: inner.start() + loc.start(),
                end: inner.start() + loc.end(),
                written: format!("({})", loc.as_str()),
                name: String::new(),
                year: String::new(),
                locator: Some(loc.as_str().trim().to_string()),
                work: *last,
                kind: Kind::Pinpoint,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::bibliography::parse;
    use crate::diagnostic::Diagnostics;

    fn index() -> (Index, Vec<String>) {
        let yaml = [
            ("anweiler", "Anweiler", "1975", ""),
            ("breaugh", "Breaugh", "2013", ""),
            ("mccormick", "McCormick", "2011", ""),
            ("gilens", "Gilens", "2014", ""),
            ("james", "James", "1974", ""),
            ("lenina", "Lenin", "1917", "a"),
            ("leninb", "Lenin", "1917", "b"),
            ("disch", "Disch", "2021", ""),
            ("adams76", "Adams", "1776", ""),
            ("adams87", "Adams", "1787", ""),
            ("plato", "Plato", "2007", ""),
            ("trotsky", "Trotsky", "1973", ""),
            ("leblanc", "Le Blanc", "2017", ""),
            ("dune", "Dune", "1993", ""),
        ]
        .iter()
        .map(|(id, family, year, suffix)| {
            let alias = if *id == "trotsky" { "\n  alias: [Trostky]" } else { "" };
            let suffix = if suffix.is_empty() { String::new() } else { format!("\n  year-suffix: {suffix}") };
            format!("- id: {id}\n  type: book\n  author: [{{family: {family}}}]\n  issued: {{date-parts: [[{year}]]}}{suffix}{alias}\n")
        })
        .collect::<String>();
        let mut d = Diagnostics::default();
        let works = parse(&yaml, &mut d);
        assert!(d.is_empty(), "{d:?}");
        (
            Index::new(&works),
            works.iter().map(|w| w.id.clone()).collect(),
        )
    }

    /// (work id or "?", locator, the linked text)
    fn cites(text: &str) -> Vec<(String, Option<String>, String)> {
        let (index, ids) = index();
        let mut last = None;
        recognize(text, &index, &mut last)
            .into_iter()
            .map(|c| {
                let id = c.work.map_or("?".to_string(), |w| ids[w].clone());
                (id, c.locator, text[c.start..c.end].to_string())
            })
            .collect()
    }

    fn c(id: &str, loc: Option<&str>, text: &str) -> (String, Option<String>, String) {
        (id.into(), loc.map(str::to_string), text.into())
    }

    #[test]
    fn parenthetical_lists_with_prefixes() {
        assert_eq!(
            cites("subject (See, for example, Breaugh, 2013; McCormick, 2011)."),
            [
                c("breaugh", None, "Breaugh, 2013"),
                c("mccormick", None, "McCormick, 2011")
            ]
        );
        assert_eq!(
            cites("(quoted in Anweiler, 1975, p. 128)"),
            [c("anweiler", Some("p. 128"), "Anweiler, 1975, p. 128")]
        );
    }

    #[test]
    fn co_authors_suffixes_and_locators() {
        assert_eq!(
            cites("(Gilens & Page, 2014)"),
            [c("gilens", None, "Gilens & Page, 2014")]
        );
        assert_eq!(
            cites("(James et al., 1974, p. 86)"),
            [c("james", Some("p. 86"), "James et al., 1974, p. 86")]
        );
        assert_eq!(cites("(Lenin, 1917a)"), [c("lenina", None, "Lenin, 1917a")]);
        assert_eq!(
            cites("(Anweiler, 1975, p.45)"),
            [c("anweiler", Some("p.45"), "Anweiler, 1975, p.45")]
        );
        assert_eq!(
            cites("(Anweiler, 1975, p. xix)")[0].1.as_deref(),
            Some("p. xix")
        );
    }

    #[test]
    fn narrative_possessive_and_several_years() {
        assert_eq!(
            cites("Dune (1993) describes"),
            [c("dune", None, "Dune (1993)")]
        );
        assert_eq!(
            cites("Lisa Disch’s (2021) account"),
            [c("disch", None, "Disch’s (2021)")]
        );
        assert_eq!(
            cites("Lenin’s (1917b) assertion"),
            [c("leninb", None, "Lenin’s (1917b)")]
        );
        assert_eq!(
            cites("Adams (1776; 1787) argued"),
            [
                c("adams76", None, "Adams (1776"),
                c("adams87", None, "1787")
            ]
        );
        assert_eq!(
            cites("Plato (2007, §557a) defined"),
            [c("plato", Some("§557a"), "Plato (2007, §557a)")]
        );
        assert_eq!(
            cites("Though Trotsky (1973) admits"),
            [c("trotsky", None, "Trotsky (1973)")]
        );
        assert_eq!(
            cites("Le Blanc (2017, pp. 147-148)"),
            [c(
                "leblanc",
                Some("pp. 147-148"),
                "Le Blanc (2017, pp. 147-148)"
            )]
        );
    }

    #[test]
    fn aliases_link_a_misspelt_name() {
        assert_eq!(
            cites("(Anweiler, 1975; Trostky, 1973)")[1],
            c("trotsky", None, "Trostky, 1973")
        );
    }

    #[test]
    fn bare_pinpoints_belong_to_the_last_work_cited() {
        let (index, ids) = index();
        let mut last = None;
        recognize("Anton Dune (1993) wrote:", &index, &mut last);
        let found = recognize(
            "“a quotation” (p. 97). Then (31) and (§557a).",
            &index,
            &mut last,
        );
        let got: Vec<(String, String)> = found
            .iter()
            .map(|c| (ids[c.work.unwrap()].clone(), c.locator.clone().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                ("dune".into(), "p. 97".into()),
                ("dune".into(), "31".into()),
                ("dune".into(), "§557a".into())
            ]
        );
    }

    #[test]
    fn a_date_in_two_calendars_is_no_pinpoint() {
        let (index, _) = index();
        let mut last = Some(0);
        assert!(recognize("On 10 (23) March and on 3 (16) December", &index, &mut last).is_empty());
        let mut none = None;
        assert!(recognize(
            "a pinpoint (p. 3) with nothing cited before",
            &index,
            &mut none
        )
        .is_empty());
    }

    #[test]
    fn a_year_alone_is_never_a_citation() {
        assert!(cites(
            "as the czar did in 1905, and (as the czar did in 1905) and (1917) and in (1905-1922)"
        )
        .is_empty());
        assert!(cites("(over)emphasize").is_empty());
    }

    #[test]
    fn unknown_works_are_kept_with_their_name() {
        let (index, _) = index();
        let mut last = None;
        let found = recognize("(Trotzky, 1973) and Anweiler (1976)", &index, &mut last);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|c| c.work.is_none()));
        assert_eq!(found[0].name, "Trotzky");
        assert_eq!(index.nearest_names("Trotzky"), ["Trotsky", "Trostky"]);
    }
}
