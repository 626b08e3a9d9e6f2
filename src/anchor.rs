//! Quote selectors → spans: where in the essay's text a gloss or a note is anchored.
//!
//! A selector (quote, optional prefix, suffix and section, as in the W3C text-quote selector)
//! is matched against the text layer with white space folded and straight and typographic
//! quotes treated as equal. All quotes are searched in one pass of one Aho–Corasick automaton,
//! so the time grows with the text and the number of matches, not with text × quotes. This
//! module knows nothing of files or HTML: it takes strings and gives byte offsets.

use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The text of one numbered block and the section it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct BlockText<'a> {
    pub section: usize,
    pub text: &'a str,
}

#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Only blocks of these sections (one section, or a course's reading).
    pub sections: Option<std::ops::Range<usize>>,
}

/// A resolved passage: byte offsets into the text of `block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Passage {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The quote is empty once white space is folded.
    Empty,
    /// No place matches; `elsewhere` are the places that would match but for `sections`.
    NotFound { elsewhere: Vec<Passage> },
    /// More than one place matches after narrowing; the first few of them, and how many.
    Ambiguous { places: Vec<Passage>, count: usize },
}

/// How many ambiguous places are kept to show the editor.
const SHOWN_PLACES: usize = 8;

/// The essay's text, normalised for matching, with a map back to the original offsets.
struct Corpus {
    text: String,
    /// For each byte of `text`: the block and the offset in it of the original character.
    origin: Vec<(u32, u32)>,
    block_starts: Vec<usize>,
}

/// The one place straight and typographic quotes, and runs of white space, are folded.
fn fold_char(c: char) -> char {
    match c {
        '‘' | '’' | '‛' | '′' | 'ʼ' => '\'',
        '“' | '”' | '„' | '‟' | '″' => '"',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let visible = s.chars().filter(|&c| !crate::text::is_ignorable(c));
    for c in visible.map(fold_char) {
        if c == ' ' && (out.ends_with(' ') || out.is_empty()) {
            continue;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out
}

/// A separator between blocks that no normalised quote contains, so no match crosses blocks.
const SEPARATOR: char = '\u{1}';

impl Corpus {
    fn new(blocks: &[BlockText<'_>]) -> Corpus {
        let total: usize = blocks.iter().map(|b| b.text.len() + 1).sum();
        let mut text = String::with_capacity(total);
        let mut origin = Vec::with_capacity(total);
        let mut block_starts = Vec::with_capacity(blocks.len());
        for (b, block) in blocks.iter().enumerate() {
            block_starts.push(text.len());
            for (offset, c) in block.text.char_indices() {
                if crate::text::is_ignorable(c) {
                    continue;
                }
                let c = fold_char(c);
                if c == ' ' && (text.ends_with(' ') || text.len() == block_starts[b]) {
                    continue;
                }
                let before = text.len();
                text.push(c);
                origin.extend(std::iter::repeat_n(
                    (b as u32, offset as u32),
                    text.len() - before,
                ));
            }
            text.push(SEPARATOR);
            origin.push((b as u32, block.text.len() as u32));
        }
        Corpus {
            text,
            origin,
            block_starts,
        }
    }

    /// The passage in original offsets for normalised bytes `start..end`.
    fn passage(&self, blocks: &[BlockText<'_>], start: usize, end: usize) -> Passage {
        let (block, first) = self.origin[start];
        let (_, last) = self.origin[end - 1];
        let text = blocks[block as usize].text;
        let last_len = text[last as usize..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        Passage {
            block: block as usize,
            start: first as usize,
            end: last as usize + last_len,
        }
    }

    fn block_of(&self, normalised: usize) -> usize {
        self.origin[normalised].0 as usize
    }

    fn fits(&self, start: usize, end: usize, selector: &Folded) -> bool {
        // A match that ends before a combining mark would cut an accent off its letter.
        if self.text[end..]
            .chars()
            .next()
            .is_some_and(unicode_normalization::char::is_combining_mark)
        {
            return false;
        }
        let block_start = self.block_starts[self.block_of(start)];
        if let Some(prefix) = &selector.prefix {
            let before = self.text[block_start..start].trim_end();
            if !before.ends_with(prefix.as_str()) {
                return false;
            }
        }
        if let Some(suffix) = &selector.suffix {
            let after_end = self.text[end..]
                .find(SEPARATOR)
                .map_or(self.text.len(), |i| end + i);
            let after = self.text[end..after_end].trim_start();
            if !after.starts_with(suffix.as_str()) {
                return false;
            }
        }
        true
    }
}

struct Folded {
    prefix: Option<String>,
    suffix: Option<String>,
}

/// Resolves every selector against the blocks, in one pass over the text.
pub fn resolve(
    blocks: &[BlockText<'_>],
    selectors: &[Selector],
) -> Vec<Result<Passage, Unresolved>> {
    // The folded corpus costs a pass over the whole text: an edition without glosses or notes
    // need not pay it.
    if selectors.is_empty() {
        return Vec::new();
    }
    let corpus = Corpus::new(blocks);
    let quotes: Vec<String> = selectors.iter().map(|s| normalize(&s.quote)).collect();
    let folded: Vec<Folded> = selectors
        .iter()
        .map(|s| Folded {
            prefix: s.prefix.as_deref().map(normalize).filter(|p| !p.is_empty()),
            suffix: s.suffix.as_deref().map(normalize).filter(|p| !p.is_empty()),
        })
        .collect();

    // One pattern per distinct quote; several selectors may share it.
    let mut patterns: Vec<&str> = Vec::new();
    let mut pattern_of: HashMap<&str, usize> = HashMap::new();
    let mut selectors_of: Vec<Vec<usize>> = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        if q.is_empty() {
            continue;
        }
        let p = *pattern_of.entry(q.as_str()).or_insert_with(|| {
            patterns.push(q.as_str());
            selectors_of.push(Vec::new());
            patterns.len() - 1
        });
        selectors_of[p].push(i);
    }

    let mut found: Vec<Vec<Passage>> = vec![Vec::new(); selectors.len()];
    let mut counts = vec![0usize; selectors.len()];
    let mut elsewhere: Vec<Vec<Passage>> = vec![Vec::new(); selectors.len()];
    if !patterns.is_empty() {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("quotes make a valid automaton");
        for m in automaton.find_overlapping_iter(&corpus.text) {
            for &i in &selectors_of[m.pattern().as_usize()] {
                if !corpus.fits(m.start(), m.end(), &folded[i]) {
                    continue;
                }
                let passage = corpus.passage(blocks, m.start(), m.end());
                let in_section = selectors[i]
                    .sections
                    .as_ref()
                    .is_none_or(|s| s.contains(&blocks[passage.block].section));
                if in_section {
                    counts[i] += 1;
                    if found[i].len() < SHOWN_PLACES {
                        found[i].push(passage);
                    }
                } else if elsewhere[i].len() < SHOWN_PLACES {
                    elsewhere[i].push(passage);
                }
            }
        }
    }

    (0..selectors.len())
        .map(|i| {
            if quotes[i].is_empty() {
                return Err(Unresolved::Empty);
            }
            match counts[i] {
                1 => Ok(found[i][0]),
                0 => Err(Unresolved::NotFound {
                    elsewhere: std::mem::take(&mut elsewhere[i]),
                }),
                count => Err(Unresolved::Ambiguous {
                    places: std::mem::take(&mut found[i]),
                    count,
                }),
            }
        })
        .collect()
}

/// The fewest words before (or after) `places[i]` that no other place shares: the prefix (or
/// suffix) an editor can add to single that place out.
pub fn distinguishing_context(
    blocks: &[BlockText<'_>],
    places: &[Passage],
    i: usize,
) -> Option<(Side, String)> {
    let words_before = |p: &Passage| -> Vec<&str> {
        blocks[p.block].text[..p.start]
            .split_whitespace()
            .rev()
            .take(8)
            .collect()
    };
    let words_after = |p: &Passage| -> Vec<&str> {
        blocks[p.block].text[p.end..]
            .split_whitespace()
            .take(8)
            .collect()
    };
    for side in [Side::Prefix, Side::Suffix] {
        let words = |p: &Passage| match side {
            Side::Prefix => words_before(p),
            Side::Suffix => words_after(p),
        };
        let mine = words(&places[i]);
        for k in 1..=mine.len() {
            let unique = places.iter().enumerate().all(|(j, other)| {
                let theirs = words(other);
                j == i || theirs.len() < k || theirs[..k] != mine[..k]
            });
            if unique {
                let mut chosen: Vec<&str> = mine[..k].to_vec();
                if side == Side::Prefix {
                    chosen.reverse();
                }
                return Some((side, chosen.join(" ")));
            }
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Prefix,
    Suffix,
}

/// A short piece of the block around a passage, for error messages and lists of places.
pub fn context(text: &str, passage: &Passage, around: usize) -> String {
    let mut start = passage.start.saturating_sub(around);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (passage.end + around).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Whole words only: a cut word at either end is dropped.
    let mut from = start;
    if start > 0 && !text[..start].ends_with(char::is_whitespace) {
        if let Some(space) = text[start..passage.start].find(char::is_whitespace) {
            from = start + space;
        }
    }
    let mut to = end;
    if end < text.len() && !text[end..].starts_with(char::is_whitespace) {
        if let Some(space) = text[passage.end..end].rfind(char::is_whitespace) {
            to = passage.end + space;
        }
    }
    let inner = &text[from..to];
    let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
    let before = if start > 0 { "…" } else { "" };
    let after = if end < text.len() { "…" } else { "" };
    format!("{before}{inner}{after}")
}

/// How a quote that matches nowhere comes near the text: it runs across the end of one
/// paragraph into the next, or it is a few letters away from a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NearMiss {
    /// The quote's start ends block `first`, its rest begins the block after it.
    AcrossBlocks { first: usize },
    /// The passage of `block` nearest to the quote, and how many letters differ.
    Nearest {
        block: usize,
        text: String,
        distance: usize,
    },
}

/// The most letters of text times quote that a search for the nearest passage reads: past
/// it (a very long essay) the message goes without one rather than keep the editor waiting.
const NEAREST_BUDGET: usize = 60_000_000;

/// Where a quote that no place matches nearly is, for its error's help.
pub fn near_miss(blocks: &[BlockText<'_>], quote: &str) -> Option<NearMiss> {
    let quote = normalize(quote);
    if quote.is_empty() {
        return None;
    }
    let texts: Vec<String> = blocks.iter().map(|b| normalize(b.text)).collect();
    // Across two blocks of one section: the quote's first words end one, the rest begin the
    // next.
    for i in 0..texts.len().saturating_sub(1) {
        if blocks[i].section != blocks[i + 1].section {
            continue;
        }
        for (cut, _) in quote.match_indices(' ') {
            let (head, tail) = (&quote[..cut], &quote[cut + 1..]);
            if texts[i].ends_with(head) && texts[i + 1].starts_with(tail) {
                return Some(NearMiss::AcrossBlocks { first: i });
            }
        }
    }
    let q: Vec<char> = quote.to_lowercase().chars().collect();
    let total: usize = texts.iter().map(|t| t.len()).sum();
    if total.saturating_mul(q.len()) > NEAREST_BUDGET {
        return None;
    }
    // Sellers' approximate substring match: the fewest edits that turn the quote into some
    // stretch of a block, with where that stretch starts.
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for (b, text) in texts.iter().enumerate() {
        let t: Vec<char> = text.to_lowercase().chars().collect();
        let mut prev: Vec<(usize, usize)> = (0..=q.len()).map(|i| (i, 0)).collect();
        let mut cur = prev.clone();
        for (j, &c) in t.iter().enumerate() {
            cur[0] = (0, j + 1);
            for i in 1..=q.len() {
                let subst = (prev[i - 1].0 + usize::from(q[i - 1] != c), prev[i - 1].1);
                let delete = (cur[i - 1].0 + 1, cur[i - 1].1);
                let insert = (prev[i].0 + 1, prev[i].1);
                cur[i] = [subst, delete, insert]
                    .into_iter()
                    .min_by_key(|x| x.0)
                    .unwrap();
            }
            let (cost, start) = cur[q.len()];
            if best.is_none_or(|(d, ..)| cost < d) {
                best = Some((cost, b, start, j + 1));
            }
            std::mem::swap(&mut prev, &mut cur);
        }
    }
    let (distance, block, start, end) = best?;
    let allowed = (q.len() / 5).max(2);
    if distance == 0 || distance > allowed {
        return None;
    }
    let text: String = texts[block].chars().skip(start).take(end - start).collect();
    Some(NearMiss::Nearest {
        block,
        text: text.trim().to_string(),
        distance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_with_a_slip_finds_its_passage_and_one_across_paragraphs_says_so() {
        let b = blocks(&[
            (0, "The councils met in the factories."),
            (0, "Delegates were chosen by show of hands."),
        ]);
        assert_eq!(
            near_miss(&b, "met in the factroies"),
            Some(NearMiss::Nearest {
                block: 0,
                text: "met in the factories".into(),
                distance: 2
            })
        );
        assert_eq!(
            near_miss(&b, "the factories. Delegates were"),
            Some(NearMiss::AcrossBlocks { first: 0 })
        );
        assert_eq!(near_miss(&b, "an altogether different sentence"), None);
    }

    fn blocks<'a>(texts: &[(usize, &'a str)]) -> Vec<BlockText<'a>> {
        texts
            .iter()
            .map(|&(section, text)| BlockText { section, text })
            .collect()
    }

    fn sel(quote: &str) -> Selector {
        Selector {
            quote: quote.into(),
            ..Selector::default()
        }
    }

    #[test]
    fn straight_quotes_and_folded_space_match_typographic_text() {
        let b = blocks(&[(0, "It’s the “part-of-no-part”,\n  they said.")]);
        let r = resolve(&b, &[sel("It's the \"part-of-no-part\", they said")]);
        let p = r[0].clone().unwrap();
        assert_eq!(
            &b[0].text[p.start..p.end],
            "It’s the “part-of-no-part”,\n  they said"
        );
    }

    #[test]
    fn prefix_suffix_and_section_narrow_an_ambiguous_quote() {
        let b = blocks(&[
            (
                0,
                "sword and trowel are one. Later, sword and trowel again.",
            ),
            (1, "A sword and trowel."),
        ]);
        let r = resolve(&b, &[sel("sword and trowel")]);
        assert!(
            matches!(&r[0], Err(Unresolved::Ambiguous { count: 3, .. })),
            "{r:?}"
        );
        let with_prefix = Selector {
            prefix: Some("Later, ".into()),
            ..sel("sword and trowel")
        };
        let with_suffix = Selector {
            suffix: Some("are one".into()),
            ..sel("sword and trowel")
        };
        let in_section = Selector {
            sections: Some(1..2),
            ..sel("sword and trowel")
        };
        let r = resolve(&b, &[with_prefix, with_suffix, in_section]);
        assert_eq!(
            r[0],
            Ok(Passage {
                block: 0,
                start: 33,
                end: 49
            })
        );
        assert_eq!(
            r[1],
            Ok(Passage {
                block: 0,
                start: 0,
                end: 16
            })
        );
        assert_eq!(
            r[2],
            Ok(Passage {
                block: 1,
                start: 2,
                end: 18
            })
        );
    }

    #[test]
    fn no_match_says_where_else_it_would_match() {
        let b = blocks(&[(0, "the Vulkan works"), (1, "nothing here")]);
        let r = resolve(
            &b,
            &[
                Selector {
                    sections: Some(1..2),
                    ..sel("Vulkan")
                },
                sel("Putilov"),
            ],
        );
        assert_eq!(
            r[0],
            Err(Unresolved::NotFound {
                elsewhere: vec![Passage {
                    block: 0,
                    start: 4,
                    end: 10
                }]
            })
        );
        assert_eq!(r[1], Err(Unresolved::NotFound { elsewhere: vec![] }));
    }

    #[test]
    fn quotes_never_cross_blocks_and_empty_quotes_are_refused() {
        let b = blocks(&[(0, "end of one"), (0, "start of two")]);
        let r = resolve(&b, &[sel("one start"), sel("  ")]);
        assert!(matches!(r[0], Err(Unresolved::NotFound { .. })));
        assert_eq!(r[1], Err(Unresolved::Empty));
    }

    #[test]
    fn overlapping_and_shared_quotes_all_resolve() {
        let b = blocks(&[(
            0,
            "Workers’ councils show that democracy is both a threat and a promise",
        )]);
        let r = resolve(
            &b,
            &[
                sel("democracy is both"),
                sel("both a threat"),
                sel("Workers' councils"),
            ],
        );
        assert!(r.iter().all(Result::is_ok), "{r:?}");
    }

    #[test]
    fn a_distinguishing_prefix_is_suggested() {
        let b = blocks(&[(0, "as the czar did. Then the czar fled. And the czar fell.")]);
        let r = resolve(&b, &[sel("the czar")]);
        let Err(Unresolved::Ambiguous { places, .. }) = &r[0] else {
            panic!("{r:?}")
        };
        assert_eq!(
            distinguishing_context(&b, places, 1),
            Some((Side::Prefix, "Then".into()))
        );
        assert_eq!(context(b[0].text, &places[1], 6), "…Then the czar fled.…");
    }

    #[test]
    fn invisible_characters_are_passed_over_and_accents_never_cut() {
        let text = "the work\u{200B}ers' council and a cafe\u{301} here";
        let b = blocks(&[(0, text)]);
        let found = resolve(
            &b,
            &[
                sel("workers' council"),
                sel("cafe"),
                sel("cafe\u{301} here"),
            ],
        );
        let p = found[0].clone().unwrap();
        assert_eq!(&text[p.start..p.end], "work\u{200B}ers' council");
        assert!(
            matches!(found[1], Err(Unresolved::NotFound { .. })),
            "{:?}",
            found[1]
        );
        assert!(found[2].is_ok());
    }
}
