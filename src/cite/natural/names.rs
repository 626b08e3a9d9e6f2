//! The names of a citation: which of the written words name the work's first author, and
//! which capitalised words are never authors (months, ordinals, calendars).

use super::super::{fold_name, Index};
use super::patterns::patterns;

/// The names of a citation, without a co-author: `Gilens & Page` → `Gilens`,
/// `James et al.` → `James`, `Koenker, Rosenberg, and Smith` → `Koenker`.
pub fn first_author(names: &str) -> &str {
    let cut = [" & ", "&", " and ", " et al.", ",", " et\u{a0}al."]
        .iter()
        .filter_map(|sep| names.find(sep))
        .min()
        .unwrap_or(names.len());
    strip_possessive(names[..cut].trim())
}

pub fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("’s")
        .or_else(|| name.strip_suffix("'s"))
        .or_else(|| name.strip_suffix('’'))
        .unwrap_or(name)
}

/// The family names as written, in order, `et al.` last: `Haimson and Brian’s` →
/// [Haimson, Brian].
pub fn authors(names: &str) -> Vec<String> {
    let (names, et_al) = match names.trim_end().strip_suffix("et al.") {
        Some(rest) => (rest.trim_end().trim_end_matches(',').trim_end(), true),
        None => (names.trim(), false),
    };
    let mut list: Vec<String> = patterns()
        .and
        .split(names)
        .map(|n| strip_possessive(n.trim()).to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if et_al {
        list.push("et al.".into());
    }
    list
}

/// The work a written name and year stand for, trying the name's last words first
/// ("See Breaugh" → "Breaugh", "Though Trotsky" → "Trotsky", "Le Blanc" → "Le Blanc"), and
/// each name of a comma list as the first ("Rancière, Jodi Dean (2012)" → "Dean").
/// Gives the offset within `names` of the name used, the name, and the work if one matches.
pub fn resolve(names: &str, year: &str, index: &Index) -> (usize, String, Option<usize>) {
    let year = normal_year(year);
    let groups = std::iter::once(0).chain(
        names
            .match_indices(',')
            .map(|(i, _)| i + 1)
            .map(|i| i + (names[i..].len() - names[i..].trim_start().len())),
    );
    let mut first = None;
    for group in groups {
        let found = resolve_one(&names[group..], &year, index);
        if found.2.is_some() {
            return (group + found.0, found.1, found.2);
        }
        first.get_or_insert((group + found.0, found.1));
    }
    let (offset, name) = first.expect("one group");
    (offset, name, None)
}

fn resolve_one(names: &str, year: &str, index: &Index) -> (usize, String, Option<usize>) {
    let author = first_author(names);
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
    // Unknown work: the longest known name, else the last capitalised word (with its
    // particles), is the name to report.
    let offset = starts
        .iter()
        .copied()
        .find(|&o| index.knows_name(&author[o..]))
        .unwrap_or_else(|| {
            let last = *starts.last().expect("one start");
            let k = starts
                .iter()
                .rposition(|&o| author[o..].starts_with(char::is_uppercase))
                .unwrap_or(starts.len() - 1);
            // A capitalised particle belongs to the name: "Le Blanc", "Van Gogh".
            let particle = k > 0
                && matches!(
                    author[starts[k - 1]..starts[k]].trim(),
                    "Le" | "La"
                        | "De"
                        | "Du"
                        | "Da"
                        | "Di"
                        | "Del"
                        | "Della"
                        | "Van"
                        | "Von"
                        | "Ten"
                        | "Ter"
                        | "St."
                        | "Saint"
                );
            if particle {
                starts[k - 1]
            } else {
                *starts.get(k).unwrap_or(&last)
            }
        });
    (offset, author[offset..].to_string(), None)
}

/// `n. d.` as `n.d.`, `in  press` as `in press`: the years the index knows.
pub fn normal_year(year: &str) -> String {
    let squeezed: String = year.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(rest) = squeezed.strip_prefix("n. d.") {
        format!("n.d.{rest}")
    } else {
        squeezed
    }
}

/// Capitalised words besides the months (`cite::MONTHS`) that stand before a year without
/// naming an author: a date, a calendar, a part of a book. They are never a citation's author unless a work is by that name.
const NEVER_AUTHORS: &[&str] = &[
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "old",
    "new",
    "style",
    "julian",
    "gregorian",
    "calendar",
    "figure",
    "fig.",
    "table",
    "appendix",
    "chapter",
    "vol.",
    "volume",
    "part",
    "section",
    "plate",
    "map",
    "no.",
    "nos.",
    "ibid.",
    "circa",
    "ca.",
    "c.",
    "est.",
    "ad",
    "bc",
    "ce",
    "bce",
    "born",
    "died",
    "b.",
    "d.",
    "r.",
    "fl.",
];

/// Whether the words hold one that is never an author (`February`, `Tenth Congress`,
/// `10th`), so that a bracket such as `(February 1919)` is neither a citation nor a warning.
pub fn names_no_author(words: &str) -> bool {
    words
        .split(|c: char| c.is_whitespace() || c == ',')
        .any(|w| {
            let w = fold_name(w);
            NEVER_AUTHORS.contains(&w.as_str())
                || NEVER_AUTHORS.contains(&w.trim_end_matches('.'))
                || crate::cite::MONTHS.contains(&w.trim_end_matches('.'))
                || is_ordinal(&w)
        })
}

fn is_ordinal(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
    digits.len() < word.len() && matches!(digits, "st" | "nd" | "rd" | "th" | "d")
}

/// Words after which a capitalised name is a thing, not an author: "the October Manifesto
/// (1905)", "the Treaty of Brest-Litovsk (1918)".
pub fn follows_article(before: &str) -> bool {
    let last = before
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    matches!(
        fold_name(last).as_str(),
        "the"
            | "a"
            | "an"
            | "of"
            | "this"
            | "that"
            | "these"
            | "those"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "my"
            | "your"
            | "in"
            | "at"
            | "on"
            | "from"
            | "to"
            | "since"
            | "until"
    ) || last.chars().any(|c| c.is_ascii_digit())
}

/// A prefix without the initials that tell two authors of one name apart (APA's
/// `J. M. Taylor`): they belong to the name, not to the words before it.
pub fn without_initials(prefix: &str) -> &str {
    let mut rest = prefix.trim_end();
    loop {
        let Some(head) = rest.strip_suffix('.') else {
            return rest;
        };
        let mut chars = head.chars();
        let Some(initial) = chars.next_back() else {
            return rest;
        };
        let before = chars.as_str();
        if !initial.is_uppercase() || before.ends_with(|c: char| c.is_alphanumeric() || c == '-') {
            return rest;
        }
        rest = before.trim_end_matches('-').trim_end();
    }
}
