//! Pandoc's citation syntax → spans: `[@key, p. 42]`, `[see @a; @b, ch. 3]`, `[-@key]`
//! (year only) and the narrative `@key [p. 42]`. Markdown leaves these as text (a bracket
//! with no link target is text), so they are found in text like natural citations.

use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub key: String,
    pub locator: Option<String>,
    /// Text before the key inside the brackets: `see`.
    pub prefix: Option<String>,
    /// `-@key`: the author is named in the sentence; show the year only.
    pub suppress_author: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub start: usize,
    pub end: usize,
    pub items: Vec<Cited>,
    /// `@key [p. 4]` rather than `[@key, p. 4]`.
    pub narrative: bool,
}

const KEY: &str = r"[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-][\p{L}\p{N}_])*";

struct Patterns {
    bracket: Regex,
    item: Regex,
    narrative: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        bracket: Regex::new(r"\[([^\[\]]*@[^\[\]]*)\]").expect("valid"),
        item: Regex::new(&format!(
            r"^\s*(?P<pre>[^@]*?)\s*(?P<minus>-)?@(?P<key>{KEY})\s*(?:,\s*(?P<loc>.*?))?\s*$"
        ))
        .expect("valid"),
        narrative: Regex::new(&format!(r"@(?P<key>{KEY})(?:\s*\[(?P<loc>[^\[\]@]*)\])?"))
            .expect("valid"),
    })
}

pub fn recognize(text: &str) -> Vec<Citation> {
    // A Pandoc citation always holds an @: most text need not reach the regex engine.
    if !text.contains('@') {
        return Vec::new();
    }
    let p = patterns();
    let mut found = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for m in p.bracket.captures_iter(text) {
        let whole = m.get(0).expect("match");
        let items: Option<Vec<Cited>> = m[1]
            .split(';')
            .map(|part| {
                let c = p.item.captures(part)?;
                Some(Cited {
                    key: c["key"].to_string(),
                    locator: c
                        .name("loc")
                        .map(|l| l.as_str().to_string())
                        .filter(|l| !l.is_empty()),
                    prefix: c
                        .name("pre")
                        .map(|l| l.as_str().to_string())
                        .filter(|l| !l.is_empty()),
                    suppress_author: c.name("minus").is_some(),
                })
            })
            .collect();
        // "[sic]" or an e-mail address in brackets is not a citation.
        let Some(items) = items else { continue };
        taken.push((whole.start(), whole.end()));
        found.push(Citation {
            start: whole.start(),
            end: whole.end(),
            items,
            narrative: false,
        });
    }
    for c in p.narrative.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let inside = taken
            .iter()
            .any(|&(s, e)| s <= whole.start() && whole.start() < e);
        let glued = text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '@');
        if inside || glued {
            continue;
        }
        found.push(Citation {
            start: whole.start(),
            end: whole.end(),
            items: vec![Cited {
                key: c["key"].to_string(),
                locator: c
                    .name("loc")
                    .map(|l| l.as_str().trim().to_string())
                    .filter(|l| !l.is_empty()),
                prefix: None,
                suppress_author: false,
            }],
            narrative: true,
        });
    }
    found.sort_by_key(|c| c.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, locator: Option<&str>, prefix: Option<&str>, suppress: bool) -> Cited {
        Cited {
            key: key.into(),
            locator: locator.map(str::to_string),
            prefix: prefix.map(str::to_string),
            suppress_author: suppress,
        }
    }

    #[test]
    fn bracketed_citations_with_locators_prefixes_and_lists() {
        let text = "As argued [@anweiler1975, p. 42] and [see @a; @b, ch. 3].";
        let found = recognize(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "[@anweiler1975, p. 42]"
        );
        assert_eq!(
            found[0].items,
            [item("anweiler1975", Some("p. 42"), None, false)]
        );
        assert_eq!(
            found[1].items,
            [
                item("a", None, Some("see"), false),
                item("b", Some("ch. 3"), None, false)
            ]
        );
    }

    #[test]
    fn year_only_and_narrative() {
        let found = recognize(
            "Anweiler says [-@anweiler1975]. @dune1993 [p. 4] recalls, and @smith2015 too.",
        );
        assert_eq!(found[0].items, [item("anweiler1975", None, None, true)]);
        assert!(found[1].narrative);
        assert_eq!(
            found[1].items,
            [item("dune1993", Some("p. 4"), None, false)]
        );
        assert_eq!(found[2].items, [item("smith2015", None, None, false)]);
    }

    #[test]
    fn brackets_and_addresses_that_are_not_citations() {
        assert!(
            recognize("workers considered [the eight-hour day] and wrote to a@b.org.").is_empty()
        );
    }
}
