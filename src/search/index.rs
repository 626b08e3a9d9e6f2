//! The index: each folded word with the documents that hold it, weighted as BM25 weighs a
//! word in a document, and the other words of its stem; cut into shards by the words' first
//! letters and written as scripts, so that a page loads only what a query needs, from any
//! host and from the disk.

use super::documents::Doc;
use super::words;
use std::collections::{BTreeMap, HashMap};

/// BM25's saturation and length normalisation, at their usual values.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// What a word in the title adds to its weight: as much as a word that fills a text, so that
/// the note or term a query names comes before the paragraphs that mention it.
const TITLE_BONUS: u32 = 20;
/// And more when the title is that word alone: the glossary's entry for `soviet` comes before
/// its entry for `Soviet Union`.
const WHOLE_TITLE_BONUS: u32 = 10;

/// A word's entry: the documents that hold it, ascending, with its weight in each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub postings: Vec<(u32, u32)>,
    /// The stem it is filed under.
    pub stem: String,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Folded word → entry, in the words' order.
    pub words: BTreeMap<String, Entry>,
    /// Stem → its words, where a stem has more than one.
    pub stems: HashMap<String, Vec<String>>,
}

impl Index {
    pub fn build(docs: &[Doc], language: &str) -> Index {
        let stemmer = words::stemmer(language);
        // For each document, its words with how often its text has them and whether its title
        // does.
        let mut counts: Vec<Vec<(String, u32, u32)>> = Vec::with_capacity(docs.len());
        let mut lengths: Vec<u32> = Vec::with_capacity(docs.len());
        // Each word's stem once, from the first spelling met (stemming is the costly part).
        let mut stem_of: HashMap<String, String> = HashMap::new();
        let mut fold = |word: &str| {
            let folded = words::fold(word);
            if !stem_of.contains_key(&folded) {
                let stem = words::stem(stemmer.as_ref(), word);
                stem_of.insert(folded.clone(), stem);
            }
            folded
        };
        for doc in docs {
            let mut tf: HashMap<String, (u32, u32)> = HashMap::new();
            let mut length = 0u32;
            if doc.title_searched {
                let title = words::words(&doc.title);
                let bonus = if title.len() == 1 {
                    TITLE_BONUS + WHOLE_TITLE_BONUS
                } else {
                    TITLE_BONUS
                };
                for (_, word) in title {
                    tf.entry(fold(word)).or_default().1 = bonus;
                }
            }
            for (_, word) in words::words(&doc.text) {
                tf.entry(fold(word)).or_default().0 += 1;
                length += 1;
            }
            let mut tf: Vec<(String, u32, u32)> =
                tf.into_iter().map(|(w, (n, t))| (w, n, t)).collect();
            tf.sort_unstable();
            counts.push(tf);
            lengths.push(length);
        }
        let average = (lengths.iter().map(|&l| f64::from(l)).sum::<f64>()
            / lengths.len().max(1) as f64)
            .max(1.0);
        let mut index = Index::default();
        for (d, tf) in counts.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * f64::from(lengths[d]) / average);
            for (word, n, bonus) in tf {
                let n = f64::from(n);
                // Tenths of BM25's term weight: one digit or two in the files, and fine
                // enough to order results.
                let text = (n * (K1 + 1.0) / (n + norm) * 10.0).round() as u32;
                let weight = (text + bonus).max(1);
                let entry = index.words.entry(word).or_default();
                entry.postings.push((d as u32, weight));
            }
        }
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        for (word, entry) in index.words.iter_mut() {
            entry.stem = stem_of.remove(word).unwrap_or_else(|| word.clone());
            by_stem
                .entry(entry.stem.clone())
                .or_default()
                .push(word.clone());
        }
        by_stem.retain(|_, words| words.len() > 1);
        index.stems = by_stem;
        index
    }

    /// The other words that share `word`'s stem.
    pub fn relatives(&self, word: &str) -> Vec<&str> {
        let Some(entry) = self.words.get(word) else {
            return Vec::new();
        };
        self.stems
            .get(&entry.stem)
            .map(|ws| {
                ws.iter()
                    .map(String::as_str)
                    .filter(|w| *w != word)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The documents that hold `word` itself.
    pub fn documents(&self, word: &str) -> Vec<u32> {
        self.words
            .get(&words::fold(word))
            .map(|e| e.postings.iter().map(|&(d, _)| d).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::super::documents::Kind;
    use super::*;

    fn doc(title: &str, text: &str) -> Doc {
        Doc {
            kind: Kind::Note,
            title: title.into(),
            place: String::new(),
            url: "notes/x/index.html".into(),
            text: text.into(),
            title_searched: true,
        }
    }

    #[test]
    fn words_are_indexed_folded_with_the_documents_that_hold_them() {
        let docs = [
            doc("Räte", "Die Rätebewegung."),
            doc("Councils", "The council met; the councils governed."),
        ];
        let index = Index::build(&docs, "en");
        assert_eq!(index.documents("RÄTE"), [0]);
        assert_eq!(index.documents("rate"), [0]);
        assert_eq!(index.documents("ratebewegung"), [0]);
        assert_eq!(index.documents("councils"), [1]);
        assert!(index.documents("die").contains(&0));
        assert!(index.documents("absent").is_empty());
    }

    #[test]
    fn words_of_one_stem_know_each_other() {
        let docs = [doc(
            "",
            "govern governs governed governing council councils",
        )];
        let index = Index::build(&docs, "en");
        let mut got = index.relatives("governed");
        got.sort();
        assert_eq!(got, ["govern", "governing", "governs"]);
        assert_eq!(index.relatives("councils"), ["council"]);
        // Without a stemmer for the language, no word has relatives.
        let none = Index::build(&docs, "la");
        assert!(none.relatives("councils").is_empty());
    }

    #[test]
    fn a_word_weighs_more_where_it_is_frequent_in_a_short_text_or_in_the_title() {
        let docs = [
            doc("", "soviet soviet soviet"),
            doc("", "a soviet among many other words of a long paragraph"),
            doc("Soviet", "something else entirely here"),
        ];
        let index = Index::build(&docs, "en");
        let w: HashMap<u32, u32> = index.words["soviet"].postings.iter().copied().collect();
        assert!(w[&0] > w[&1], "{w:?}");
        assert!(w[&2] > w[&1], "{w:?}");
    }
}
