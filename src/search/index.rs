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

/// A word in one document: how often its text has it, and what its title adds. Millions of
/// them are held while the index is made, so both numbers share a word: the bonus is at most
/// `TITLE_BONUS + WHOLE_TITLE_BONUS` and takes the low bits, the count the rest (up to
/// 134,217,727 times in one document, where it stops).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    count_bonus: u32,
}

const BONUS_BITS: u32 = 5;
const _: () = assert!(TITLE_BONUS + WHOLE_TITLE_BONUS < 1 << BONUS_BITS);

impl Posting {
    fn new(doc: u32, count: u32, bonus: u32) -> Posting {
        let mut p = Posting {
            doc,
            count_bonus: 0,
        };
        p.set(count, bonus);
        p
    }

    fn set(&mut self, count: u32, bonus: u32) {
        let count = count.min(u32::MAX >> BONUS_BITS);
        self.count_bonus = count << BONUS_BITS | bonus;
    }

    /// How often the document's text has the word.
    pub fn count(&self) -> u32 {
        self.count_bonus >> BONUS_BITS
    }

    /// What the document's title adds to the word's weight.
    pub fn bonus(&self) -> u32 {
        self.count_bonus & ((1 << BONUS_BITS) - 1)
    }
}

/// A word's postings, ascending: the list each run of documents made, in the runs' order. They
/// are never joined into one list: a list grown as each run was read was copied each time it
/// outgrew itself (four times over, growing by a quarter), and a list joined at the end is
/// held beside the runs' until they are let go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postings(Vec<Vec<Posting>>);

impl Postings {
    pub fn iter(&self) -> impl Iterator<Item = &Posting> {
        self.0.iter().flatten()
    }

    /// The lists the runs made, in order: read one by one, each is read as a slice.
    pub fn runs(&self) -> &[Vec<Posting>] {
        &self.0
    }
}

/// A word's entry: the documents that hold it, ascending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub postings: Postings,
    /// The stem it is filed under.
    pub stem: String,
    /// Its spellings with accents (`räte` of `rate`), lowercase, where it has any.
    pub accented: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Folded word → entry, in the words' order.
    pub words: BTreeMap<String, Entry>,
    /// Stem → its words, where a stem has more than one.
    pub stems: HashMap<String, Vec<String>>,
    /// Each document's BM25 length normalisation (`norm`), the same for each of its words:
    /// computed once, not for each of millions of postings.
    norms: Vec<f64>,
    /// Each document's text weight (`text_weight`) of a word it has once, twice… up to
    /// `COMMON` times, which most postings are: looked up, not computed, for each.
    common: Vec<[u8; COMMON]>,
}

/// The words of a run of documents: each folded word with its spellings where folding changed
/// more than its case (the stemmer reads the word as written, and a query that types the
/// accents prefers them), and its postings.
#[derive(Default)]
struct Found {
    accented: Vec<String>,
    postings: Vec<Posting>,
    /// The posting in the document being read, kept here until the next document that has
    /// the word: a word is counted where its table holds it, not at the end of a list
    /// elsewhere in memory.
    current: Option<Posting>,
}

impl Found {
    /// Found once its run is read: its postings, the last document's included.
    fn finished(mut self) -> Found {
        self.postings.extend(self.current.take());
        self
    }
}

/// How many accented spellings of one folded word the index keeps.
const SPELLINGS: usize = 4;

/// A run's words, each with its hash in the tables here (`hash`), which the join reuses.
type RunWords = Vec<(u64, String, Found)>;

/// A run of documents read on one core: their words, and each document's length.
fn read_run(first: usize, docs: &[Doc]) -> (RunWords, Vec<u32>) {
    let mut run = Run::default();
    let mut lengths = Vec::with_capacity(docs.len());
    for (k, doc) in docs.iter().enumerate() {
        let d = (first + k) as u32;
        if doc.title_searched {
            let title = words::words(&doc.title);
            let bonus = if title.clone().nth(1).is_none() {
                TITLE_BONUS + WHOLE_TITLE_BONUS
            } else {
                TITLE_BONUS
            };
            for (_, word) in title {
                run.add(d, word, 0, bonus);
            }
        }
        let mut length = 0u32;
        words::each_word(&doc.text, |word| {
            match word {
                words::Word::Packed(key) => post(packed_entry(&mut run.packed, key), d, 1, 0),
                words::Word::Other(word) => run.add(d, word, 1, 0),
            }
            length += 1;
        });
        lengths.push(length);
    }
    (run.into_words(), lengths)
}

/// The words of a run of documents as they are read. Every word of the edition is looked up
/// here: a short ASCII word (most of them) as one number, in a table of its own; any other in
/// a table of strings hashed and compared by hand (`hash`, `same`), where a map of strings
/// would call the C library to compare each. A word is in one table or the other by what it
/// folds to, however it was written.
#[derive(Default)]
struct Run {
    packed: hashbrown::HashTable<(words::Packed, Found)>,
    other: hashbrown::HashTable<(u64, String, Found)>,
    folded: String,
}

/// A packed word's entry in its table, made if it is new.
#[inline]
fn packed_entry(
    table: &mut hashbrown::HashTable<(words::Packed, Found)>,
    key: words::Packed,
) -> &mut Found {
    let entry = table
        .entry(mix(key), |(k, _)| *k == key, |(k, _)| mix(*k))
        .or_insert_with(|| (key, Found::default()));
    &mut entry.into_mut().1
}

impl Run {
    /// A word as written: folded, its spelling kept where folding changed more than its case.
    fn add(&mut self, d: u32, word: &str, count: u32, bonus: u32) {
        let key = words::folded_in(word, &mut self.folded);
        let entry = match words::pack(key) {
            Some(packed) => packed_entry(&mut self.packed, packed),
            None => {
                let h = hash(key.as_bytes());
                let entry = self
                    .other
                    .entry(
                        h,
                        |(_, k, _)| same(k.as_bytes(), key.as_bytes()),
                        |(h, _, _)| *h,
                    )
                    .or_insert_with(|| (h, key.to_string(), Found::default()));
                &mut entry.into_mut().2
            }
        };
        if !word.is_ascii() && entry.accented.len() < SPELLINGS {
            let lower = word.to_lowercase();
            if lower != key && !entry.accented.contains(&lower) {
                entry.accented.push(lower);
            }
        }
        post(entry, d, count, bonus);
    }

    /// Both tables' words, each with its hash as a string (`hash`), which the join reuses.
    fn into_words(self) -> RunWords {
        let packed = self.packed.into_iter().map(|(key, found)| {
            let word = words::unpack(key);
            (hash(word.as_bytes()), word, found)
        });
        packed
            .chain(self.other)
            .map(|(h, word, found)| (h, word, found.finished()))
            .collect()
    }
}

/// A word's posting in document `d`: the list's last while the document is read.
#[inline]
fn post(entry: &mut Found, d: u32, count: u32, bonus: u32) {
    match &mut entry.current {
        Some(p) if p.doc == d => {
            let (c, b) = (p.count().saturating_add(count), p.bonus().max(bonus));
            p.set(c, b);
        }
        current => {
            entry
                .postings
                .extend(current.replace(Posting::new(d, count, bonus)));
        }
    }
}

/// A packed word's hash: its two halves multiplied, the product's halves folded together, as
/// foldhash mixes (every bit of the key reaches the bits the table reads).
#[inline]
fn mix(key: words::Packed) -> u64 {
    let (low, high) = (key as u64, (key >> 64) as u64);
    let full = u128::from(low ^ 0x243f_6a88_85a3_08d3) * u128::from(high ^ 0x1319_8a2e_0370_7344);
    (full as u64) ^ ((full >> 64) as u64)
}

/// A word's hash in a run's table.
fn hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// Whether two words are the same, eight bytes at a time.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8]| s.try_into().map(u64::from_ne_bytes).ok();
    let n = a.len();
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    // The first eight bytes and the last eight, which overlap in a short word; a long word's
    // middle as slices.
    word(&a[..8]) == word(&b[..8])
        && word(&a[n - 8..]) == word(&b[n - 8..])
        && (n <= 16 || a[8..n - 8] == b[8..n - 8])
}

/// A word's spellings and its postings in every run read so far.
struct Joined {
    accented: Vec<String>,
    runs: Vec<Vec<Posting>>,
}

/// Joins runs of documents read apart into the words of all read so far, in the runs' order.
fn join_runs(
    runs: Vec<(RunWords, Vec<u32>)>,
    all: &mut hashbrown::HashTable<(u64, String, Joined)>,
    lengths: &mut Vec<u32>,
) {
    for (found, run_lengths) in runs {
        lengths.extend(run_lengths);
        for (h, word, f) in found {
            match all.find_mut(h, |(_, k, _)| same(k.as_bytes(), word.as_bytes())) {
                Some((_, _, had)) => {
                    had.runs.push(f.postings);
                    for a in f.accented {
                        if had.accented.len() < SPELLINGS && !had.accented.contains(&a) {
                            had.accented.push(a);
                        }
                    }
                }
                None => {
                    let joined = Joined {
                        accented: f.accented,
                        runs: vec![f.postings],
                    };
                    all.insert_unique(h, (h, word, joined), |(h, _, _)| *h);
                }
            }
        }
    }
}

/// How many times a word is in a document, at most, for its weight to be looked up.
const COMMON: usize = 4;
// Those weights fit a byte: at most `10 * (K1 + 1)`, rounded.
const _: () = assert!(10.0 * (K1 + 1.0) < 255.0);

/// Tenths of BM25's weight of a word found `count` times in a text of normalisation `norm`.
fn text_weight(count: u32, norm: f64) -> u32 {
    let n = f64::from(count);
    (n * (K1 + 1.0) / (n + norm) * 10.0).round() as u32
}

/// BM25's normalisation of a document's `length` against the `average`.
fn norm(length: f64, average: f64) -> f64 {
    K1 * (1.0 - B + B * length / average)
}

/// Documents a core reads at a time.
pub(super) const RUN: usize = 256;

impl Index {
    pub fn build(docs: &[Doc], language: &str) -> Index {
        use rayon::prelude::*;
        let stemmer = words::stemmer(language);
        // Runs of documents are read on every core, a few at a time, and joined in their
        // order, so each word's postings stay in the documents' order; the runs read are
        // joined before the next are read, so that every run's words are not held at once.
        let mut all: hashbrown::HashTable<(u64, String, Joined)> = hashbrown::HashTable::new();
        let mut lengths = Vec::with_capacity(docs.len());
        let at_once = RUN * 2 * rayon::current_num_threads().max(1);
        for (b, batch) in docs.chunks(at_once).enumerate() {
            let runs: Vec<(RunWords, Vec<u32>)> = batch
                .par_chunks(RUN)
                .enumerate()
                .map(|(r, run)| read_run(b * at_once + r * RUN, run))
                .collect();
            join_runs(runs, &mut all, &mut lengths);
        }
        let found: Vec<(String, Joined)> = all.into_iter().map(|(_, w, j)| (w, j)).collect();
        // Each word stemmed once, on every core.
        let stems: Vec<String> = found
            .par_iter()
            .map(|(word, joined)| {
                words::stem(
                    stemmer.as_ref(),
                    joined
                        .accented
                        .first()
                        .map_or(word.as_str(), String::as_str),
                )
            })
            .collect();
        let average = (lengths.iter().map(|&l| f64::from(l)).sum::<f64>()
            / lengths.len().max(1) as f64)
            .max(1.0);
        // A reference's length says nothing of how much it is about a word: each counts as
        // of average length, so an author's works weigh alike and keep the bibliography's order.
        for (length, doc) in lengths.iter_mut().zip(docs) {
            if doc.kind == super::documents::Kind::Work {
                *length = average.round() as u32;
            }
        }
        let norms: Vec<f64> = lengths
            .iter()
            .map(|&l| norm(f64::from(l), average))
            .collect();
        let mut index = Index {
            common: norms
                .iter()
                .map(|&norm| std::array::from_fn(|k| text_weight(k as u32 + 1, norm) as u8))
                .collect(),
            norms,
            ..Index::default()
        };
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        for ((word, mut f), stem) in found.into_iter().zip(stems) {
            by_stem.entry(stem.clone()).or_default().push(word.clone());
            f.accented.sort_unstable();
            index.words.insert(
                word,
                Entry {
                    postings: Postings(f.runs),
                    stem,
                    accented: f.accented,
                },
            );
        }
        by_stem.retain(|_, words| words.len() > 1);
        for words in by_stem.values_mut() {
            words.sort_unstable();
        }
        index.stems = by_stem;
        index
    }

    /// Tenths of BM25's weight of a word in a document (one digit or two in the files, and
    /// fine enough to order results), with its title's bonus.
    pub fn weight(&self, p: &Posting) -> u32 {
        let doc = p.doc as usize;
        let common = self.common.get(doc).and_then(|c| {
            let k = p.count().checked_sub(1)?;
            c.get(k as usize)
        });
        let text = match common {
            Some(&w) => u32::from(w),
            None => {
                let norm = self.norms.get(doc).copied().unwrap_or(K1 * (1.0 - B));
                text_weight(p.count(), norm)
            }
        };
        (text + p.bonus()).max(1)
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
    #[cfg(test)]
    pub fn documents(&self, word: &str) -> Vec<u32> {
        self.words
            .get(&words::fold(word))
            .map(|e| e.postings.iter().map(|p| p.doc).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_the_same_as_the_bytes_say_at_every_length() {
        let long = "counterrevolutionary's_soviet_räte_совет_0123456789";
        for n in 0..long.len() {
            let a = &long.as_bytes()[..n];
            assert!(super::same(a, a));
            for k in 0..n {
                // One byte changed, anywhere: the first eight, the middle, the last eight.
                let mut b = a.to_vec();
                b[k] ^= 0x20;
                assert!(!super::same(a, &b), "{n} {k}");
            }
            assert!(!super::same(a, &long.as_bytes()[..n + 1]));
            assert!(!super::same(&long.as_bytes()[1..n + 1], a) || a.iter().all(|&c| c == a[0]));
        }
    }

    use super::super::documents::Kind;
    use super::*;

    fn doc<'a>(title: &'a str, text: &'a str) -> Doc<'a> {
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
    fn a_postings_count_and_bonus_are_kept_apart_and_a_huge_count_stops() {
        let p = Posting::new(7, 3, TITLE_BONUS + WHOLE_TITLE_BONUS);
        assert_eq!(
            (p.doc, p.count(), p.bonus()),
            (7, 3, TITLE_BONUS + WHOLE_TITLE_BONUS)
        );
        let mut q = Posting::new(1, u32::MAX - 1, 0);
        assert_eq!((q.count(), q.bonus()), ((1 << 27) - 1, 0));
        q.set(q.count().saturating_add(5), TITLE_BONUS);
        assert_eq!((q.count(), q.bonus()), ((1 << 27) - 1, TITLE_BONUS));
    }

    #[test]
    fn a_word_counts_in_the_text_and_its_title_adds_a_bonus() {
        let docs = [doc("Council", "council and council"), doc("", "council")];
        let index = Index::build(&docs, "la");
        let p = &index.words["council"].postings;
        assert_eq!(
            p.iter()
                .map(|p| (p.doc, p.count(), p.bonus()))
                .collect::<Vec<_>>(),
            [(0, 2, TITLE_BONUS + WHOLE_TITLE_BONUS), (1, 1, 0)]
        );
    }

    #[test]
    fn postings_read_in_many_runs_are_joined_in_the_documents_order() {
        // More documents than a few runs hold, every third with the word.
        let docs: Vec<Doc> = (0..RUN * 5 + 7)
            .map(|i| doc("", if i % 3 == 0 { "soviet here" } else { "other" }))
            .collect();
        let index = Index::build(&docs, "la");
        let expected: Vec<u32> = (0..docs.len() as u32).filter(|i| i % 3 == 0).collect();
        assert_eq!(index.documents("soviet"), expected);
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
    fn works_weigh_alike_whatever_the_length_of_their_reference() {
        let work = |text: &'static str| Doc {
            kind: Kind::Work,
            title: "Lenin 1917".into(),
            place: String::new(),
            url: "bibliography/index.html#x".into(),
            text: text.into(),
            title_searched: true,
        };
        let docs = [
            work("Lenin, V. I. 1917. State."),
            work("Lenin, V. I. 1917. How to Guarantee the Success of the Constituent Assembly."),
            doc(
                "",
                "filler text of another length altogether, to move the average",
            ),
        ];
        let index = Index::build(&docs, "en");
        let w: Vec<u32> = index.words["lenin"]
            .postings
            .iter()
            .map(|p| index.weight(p))
            .collect();
        assert_eq!(w[0], w[1]);
    }

    #[test]
    fn a_weight_looked_up_is_bm25s_as_computed_at_every_count() {
        // Texts of many lengths, where "war" is found from once to nine times, and a title
        // that has it once more (a count of nought in the text where the text lacks it).
        let texts: Vec<String> = (0..10)
            .map(|k| {
                let mut words = vec!["war"; k];
                words.extend(std::iter::repeat_n("peace", 3 * k + 1));
                words.join(" ")
            })
            .collect();
        let mut docs: Vec<Doc> = texts.iter().map(|t| doc("", t)).collect();
        docs.push(doc("War", "bread"));
        let index = Index::build(&docs, "en");
        let lengths: Vec<f64> = texts
            .iter()
            .map(|t| t.split(' ').count() as f64)
            .chain([1.0])
            .collect();
        let average = lengths.iter().sum::<f64>() / lengths.len() as f64;
        let mut counts = Vec::new();
        for p in index.words["war"].postings.iter() {
            let norm = K1 * (1.0 - B + B * lengths[p.doc as usize] / average);
            let n = f64::from(p.count());
            let text = (n * (K1 + 1.0) / (n + norm) * 10.0).round() as u32;
            assert_eq!(index.weight(p), (text + p.bonus()).max(1), "{p:?}");
            counts.push(p.count());
        }
        assert_eq!(counts, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    }

    #[test]
    fn a_word_weighs_more_where_it_is_frequent_in_a_short_text_or_in_the_title() {
        let docs = [
            doc("", "soviet soviet soviet"),
            doc("", "a soviet among many other words of a long paragraph"),
            doc("Soviet", "something else entirely here"),
        ];
        let index = Index::build(&docs, "en");
        let w: HashMap<u32, u32> = index.words["soviet"]
            .postings
            .iter()
            .map(|p| (p.doc, index.weight(p)))
            .collect();
        assert!(w[&0] > w[&1], "{w:?}");
        assert!(w[&2] > w[&1], "{w:?}");
    }
}
