//! Terms → spans: every occurrence of every glossary term in a text, found with one
//! Aho–Corasick automaton over all terms and forms.
//!
//! Matching ignores case (Unicode lowercase, not only ASCII) and treats ’ and ' as equal;
//! occurrences are whole words (no letter or digit on either side, in any script), the
//! longest wins where terms overlap, and a term's `except` phrases suppress the occurrences
//! they cover. The time grows with the text and its matches, not with the number of terms.

use aho_corasick::{AhoCorasick, MatchKind};

/// What the matcher needs of a term.
#[derive(Debug, Clone, Default)]
pub struct TermForms {
    /// The term and its other forms.
    pub forms: Vec<String>,
    pub except: Vec<String>,
}

/// An occurrence: byte offsets into the text given to `find`, and the term's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub term: usize,
}

pub struct Matcher {
    forms: Option<AhoCorasick>,
    form_term: Vec<usize>,
    except: Option<AhoCorasick>,
    except_term: Vec<usize>,
}

/// The one fold used on both sides of the match.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

fn push_folded(c: char, out: &mut String) {
    match c {
        c if crate::text::is_ignorable(c) => {}
        '’' | '‘' | 'ʼ' | '′' => out.push('\''),
        c if c.is_whitespace() => out.push(' '),
        c => out.push(crate::text::lower_char(c)),
    }
}

/// A letter, digit or combining mark: a character that a word boundary cannot fall beside.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// A text folded for matching, with the original offset of each of its bytes.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        for (offset, c) in text.char_indices() {
            let before = folded.len();
            push_folded(c, &mut folded);
            origin.extend(std::iter::repeat_n(offset, folded.len() - before));
        }
        origin.push(text.len());
        Folded {
            text: folded,
            origin,
        }
    }

    fn is_word_boundary(&self, start: usize, end: usize) -> bool {
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    }
}

fn automaton(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    Some(
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("glossary forms make a valid automaton"),
    )
}

impl Matcher {
    pub fn new(terms: &[TermForms]) -> Matcher {
        let mut forms = Vec::new();
        let mut form_term = Vec::new();
        let mut except = Vec::new();
        let mut except_term = Vec::new();
        for (t, term) in terms.iter().enumerate() {
            for f in term
                .forms
                .iter()
                .map(|f| fold(f.trim()))
                .filter(|f| !f.is_empty())
            {
                forms.push(f);
                form_term.push(t);
            }
            for e in term
                .except
                .iter()
                .map(|e| fold(e.trim()))
                .filter(|e| !e.is_empty())
            {
                except.push(e);
                except_term.push(t);
            }
        }
        Matcher {
            forms: automaton(&forms),
            form_term,
            except: automaton(&except),
            except_term,
        }
    }

    /// The occurrences in `text`, in order, none overlapping another or a `protected` range.
    pub fn find(&self, text: &str, protected: &[(usize, usize)]) -> Vec<Found> {
        let Some(forms) = &self.forms else {
            return Vec::new();
        };
        let folded = Folded::new(text);
        let whole = |m: &aho_corasick::Match| folded.is_word_boundary(m.start(), m.end());
        let exceptions: Vec<(usize, usize, usize)> = match &self.except {
            Some(except) => except
                .find_overlapping_iter(&folded.text)
                .filter(whole)
                .map(|m| (m.start(), m.end(), self.except_term[m.pattern().as_usize()]))
                .collect(),
            None => Vec::new(),
        };
        let mut candidates: Vec<(usize, usize, usize)> = forms
            .find_overlapping_iter(&folded.text)
            .filter(whole)
            .map(|m| (m.start(), m.end(), self.form_term[m.pattern().as_usize()]))
            .filter(|&(s, e, t)| {
                !exceptions
                    .iter()
                    .any(|&(xs, xe, xt)| xt == t && xs <= s && e <= xe)
            })
            .collect();
        // Leftmost first, and at one place the longest.
        candidates.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut found = Vec::new();
        let mut taken_to = 0;
        for (s, e, term) in candidates {
            let (start, end) = (folded.origin[s], folded.origin[e]);
            if s < taken_to || protected.iter().any(|&(ps, pe)| start < pe && ps < end) {
                continue;
            }
            taken_to = e;
            found.push(Found { start, end, term });
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(forms: &[&str], except: &[&str]) -> TermForms {
        TermForms {
            forms: forms.iter().map(|s| s.to_string()).collect(),
            except: except.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn words<'t>(text: &'t str, found: &[Found]) -> Vec<(&'t str, usize)> {
        found
            .iter()
            .map(|f| (&text[f.start..f.end], f.term))
            .collect()
    }

    #[test]
    fn whole_words_only_in_any_script() {
        let m = Matcher::new(&[term(&["Räte"], &[]), term(&["soviet"], &[])]);
        let text = "Die Räte, nicht die Rätebewegung; sovietology, soviets, the soviet.";
        assert_eq!(
            words(text, &m.find(text, &[])),
            [("Räte", 0), ("soviet", 1)]
        );
    }

    #[test]
    fn case_and_apostrophes_are_ignored() {
        let m = Matcher::new(&[term(&["workers' control"], &[]), term(&["ÉTAT"], &[])]);
        let text = "Workers’ Control and WORKERS' CONTROL in the état.";
        assert_eq!(
            words(text, &m.find(text, &[])),
            [
                ("Workers’ Control", 0),
                ("WORKERS' CONTROL", 0),
                ("état", 1)
            ]
        );
    }

    #[test]
    fn except_phrases_suppress_what_they_cover() {
        let m = Matcher::new(&[term(
            &["soviet", "soviets"],
            &["Soviet Union", "post-Soviet"],
        )]);
        let text = "The soviets of 1917, the Soviet Union, post-Soviet scholars, a Soviet.";
        assert_eq!(
            words(text, &m.find(text, &[])),
            [("soviets", 0), ("Soviet", 0)]
        );
    }

    #[test]
    fn the_longest_match_wins_between_overlapping_terms() {
        let m = Matcher::new(&[
            term(&["council"], &[]),
            term(&["council democracy"], &[]),
            term(&["democracy"], &[]),
        ]);
        let text = "Council democracy is a council of democracy.";
        assert_eq!(
            words(text, &m.find(text, &[])),
            [("Council democracy", 1), ("council", 0), ("democracy", 2)]
        );
    }

    #[test]
    fn a_longer_form_that_is_not_a_whole_word_leaves_the_shorter_one() {
        let m = Matcher::new(&[term(&["workers"], &[]), term(&["workers' control"], &[])]);
        let text = "the workers' controller";
        assert_eq!(words(text, &m.find(text, &[])), [("workers", 0)]);
    }

    #[test]
    fn protected_ranges_are_skipped() {
        let m = Matcher::new(&[term(&["soviet"], &[])]);
        let text = "a soviet and a soviet";
        assert_eq!(words(text, &m.find(text, &[(0, 9)])), [("soviet", 0)]);
        assert_eq!(m.find(text, &[(0, 9)])[0].start, 15);
    }

    #[test]
    fn folding_keeps_offsets_and_ignores_invisible_characters() {
        let m = Matcher::new(&[term(&["i"], &[]), term(&["council"], &[])]);
        let text = "İ and I; coun\u{200B}cil; cafe\u{301} i";
        let found = m.find(text, &[]);
        for f in &found {
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            assert!(f.start < f.end);
        }
        assert_eq!(
            words(text, &found),
            [("İ", 0), ("I", 0), ("coun\u{200B}cil", 1), ("i", 0)]
        );
        let m = Matcher::new(&[term(&["cafe"], &[])]);
        assert!(
            m.find("cafe\u{301}", &[]).is_empty(),
            "an accent is part of the word"
        );
    }
}
