//! Words as the search finds them: cut from a text the same way here and in the theme's
//! `search.js`, and folded so that case, accents and ligatures do not matter.
//!
//! The two sides must agree exactly, so both keep to what JavaScript's regular expressions
//! and `String.prototype.normalize` can say: a word is a run of letters, digits and marks,
//! joined across an apostrophe between letters (`council's`); folding is NFKD, marks dropped,
//! lowercase, `’` as `'` and final sigma as sigma. Stemming is done here alone, at build time:
//! the index tells the page which words share a stem, so no stemmer ships with the theme.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

fn is_word_char(c: char) -> bool {
    // Most text is ASCII, where no mark combines: the Unicode tables are read for the rest.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The words of `text`, with their byte offsets, as they are found: the index reads millions,
/// and a list of them all would be written only to be read once.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

#[derive(Clone)]
pub struct Words<'a> {
    text: &'a str,
    /// Where the next word is sought.
    at: usize,
}

impl Words<'_> {
    /// The character at byte `i` and its length; an ASCII byte (most of any text) is read
    /// without decoding.
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        let b = *self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some((char::from(b), 1));
        }
        let c = self.text[i..].chars().next()?;
        Some((c, c.len_utf8()))
    }
}

/// Which bytes are ASCII letters and digits: a word's run of them is passed over by looking
/// each up, which is what thirteen million words of ten thousand pages mostly are.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // The next word's first character; ASCII between words is passed over byte by byte.
        let start = loop {
            match bytes.get(i) {
                None => {
                    self.at = i;
                    return None;
                }
                Some(b) if b.is_ascii_alphanumeric() => break i,
                Some(b) if b.is_ascii() => i += 1,
                Some(_) => {
                    let (c, len) = self.char_at(i)?;
                    if is_word_char(c) {
                        break i;
                    }
                    i += len;
                }
            }
        };
        // Its end: the first character that is not of a word, save an apostrophe between
        // letters.
        loop {
            while bytes.get(i).is_some_and(|&b| ASCII_WORD[usize::from(b)]) {
                i += 1;
            }
            let Some((c, len)) = self.char_at(i) else {
                self.at = i;
                return Some((start, &self.text[start..]));
            };
            if is_word_char(c) {
                i += len;
                continue;
            }
            let joins = is_apostrophe(c)
                && self
                    .char_at(i + len)
                    .is_some_and(|(next, _)| is_word_char(next));
            if joins {
                i += len;
                continue;
            }
            self.at = i + len;
            return Some((start, &self.text[start..i]));
        }
    }
}

/// A folded word of one to sixteen ASCII letters and digits, as one number: its bytes from
/// the lowest, zeros after them (no letter or digit is a zero byte). Most words of any text in
/// a Latin script are such words: a number is hashed and compared in a step, where a string
/// is read a byte at a time.
pub type Packed = u128;

/// `folded` as a `Packed` word, if it is one.
pub fn pack(folded: &str) -> Option<Packed> {
    let b = folded.as_bytes();
    let fits = (1..=16).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
    fits.then(|| pack_ascii(b))
}

/// The folded word a `Packed` word is.
pub fn unpack(packed: Packed) -> String {
    let bytes = packed.to_le_bytes();
    let n = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    bytes[..n].iter().map(|&b| char::from(b)).collect()
}

/// One to sixteen ASCII letters and digits, lowercased as they are packed: a letter's
/// lowercase sets its sixth bit, which a digit's has already.
#[inline]
fn pack_ascii(word: &[u8]) -> Packed {
    let mut bytes = [0u8; 16];
    bytes[..word.len()].copy_from_slice(word);
    let case = 0x2020_2020_2020_2020_2020_2020_2020_2020u128 >> (8 * (16 - word.len()));
    u128::from_le_bytes(bytes) | case
}

/// `pack_ascii` of `text[start..end]`, read as sixteen bytes at once where the text has them
/// (bytes copied one by one and read back as a number wait on each other).
#[inline]
fn pack_at(text: &[u8], start: usize, end: usize) -> Packed {
    let len = end - start;
    match text.get(start..start + 16) {
        Some(sixteen) => {
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(sixteen);
            let keep = u128::MAX >> (8 * (16 - len));
            let case = 0x2020_2020_2020_2020_2020_2020_2020_2020u128 & keep;
            (u128::from_le_bytes(bytes) & keep) | case
        }
        None => pack_ascii(&text[start..end]),
    }
}

/// A word as `each_word` finds it.
pub enum Word<'a> {
    /// One to sixteen ASCII letters and digits, folded.
    Packed(Packed),
    /// Any other, as written.
    Other(&'a str),
}

/// The words of `text` in order, as `words` cuts them: each word of one to sixteen ASCII
/// letters and digits folded and packed, every other word as written. The search reads every word of an edition here, in one pass over the bytes; a
/// word that touches a character beyond ASCII or an apostrophe is cut by `words`.
pub fn each_word<'a>(text: &'a str, mut each: impl FnMut(Word<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !ASCII_WORD[usize::from(b)] {
            if b.is_ascii() {
                i += 1;
                continue;
            }
            i = by_words(text, i, &mut each);
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(|&b| ASCII_WORD[usize::from(b)]) {
            i += 1;
        }
        if bytes.get(i).is_some_and(|&b| b == b'\'' || !b.is_ascii()) {
            // The word may go on past this character.
            i = by_words(text, start, &mut each);
        } else if i - start > 16 {
            each(Word::Other(&text[start..i]));
        } else {
            each(Word::Packed(pack_at(bytes, start, i)));
        }
    }
}

/// The next word from `at` as `words` cuts it, handed to `each`; where the search goes on
/// (the text's end when there is no word left).
fn by_words<'a>(text: &'a str, at: usize, each: &mut impl FnMut(Word<'a>)) -> usize {
    let mut rest = Words { text, at };
    if let Some((_, word)) = rest.next() {
        each(Word::Other(word));
    }
    rest.at
}

/// A word folded: `Räte` and `RATE` are both `rate`, `ﬁnal` is `final`.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let stripped: String = word.nfkd().filter(|&c| !is_combining_mark(c)).collect();
    stripped
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '’' => '\'',
            'ς' => 'σ',
            c => c,
        })
        .collect()
}

/// `fold` without a copy where it can: the word itself when it is already folded (most words
/// are lowercase ASCII), else the word folded into `buffer`.
pub fn folded_in<'w>(word: &'w str, buffer: &'w mut String) -> &'w str {
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return word;
        }
        buffer.clear();
        buffer.push_str(word);
        buffer.make_ascii_lowercase();
    } else {
        *buffer = fold(word);
    }
    buffer
}

/// The folded words of a text, in order.
pub fn folded(text: &str) -> Vec<String> {
    words(text).map(|(_, w)| fold(w)).collect()
}

/// The Snowball stemmer for an edition's language (`en`, `de-CH`…), if Snowball has one.
pub fn stemmer(language: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let primary = language.split(['-', '_']).next()?.to_ascii_lowercase();
    let algorithm = match primary.as_str() {
        "ar" => Arabic,
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hu" => Hungarian,
        "it" => Italian,
        "nb" | "nn" | "no" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(algorithm))
}

/// The stem a word is filed under: Snowball's stem of its lowercase form, folded; the folded
/// word itself where the language has no stemmer.
pub fn stem(stemmer: Option<&rust_stemmers::Stemmer>, word: &str) -> String {
    match stemmer {
        Some(s) => {
            let lower = word.to_lowercase().replace('’', "'");
            fold(&s.stem(&lower))
        }
        None => fold(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_joined_across_an_inner_apostrophe() {
        let got: Vec<&str> = words("The workers’ councils — council's 1905; Räte, l'état.")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            got,
            [
                "The",
                "workers",
                "councils",
                "council's",
                "1905",
                "Räte",
                "l'état"
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_words() {
        let text = "«Вся власть Советам»";
        for (at, w) in words(text) {
            assert_eq!(&text[at..at + w.len()], w);
        }
    }

    #[test]
    fn words_begin_and_end_at_any_character() {
        // A word at the text's end, one that begins with a letter outside ASCII, a combining
        // mark inside one, separators of several bytes, and an apostrophe that ends the text.
        let text = "Ärzte\u{a0}—\u{2009}Ra\u{308}te’ «мир» 42 councils'";
        let got: Vec<(usize, &str)> = words(text).collect();
        let want = ["Ärzte", "Ra\u{308}te", "мир", "42", "councils"];
        assert_eq!(got.iter().map(|&(_, w)| w).collect::<Vec<_>>(), want);
        for (at, w) in got {
            assert_eq!(&text[at..at + w.len()], w);
        }
        // Read to its end, it stays there.
        let mut rest = words("one two");
        assert_eq!(rest.by_ref().count(), 2);
        assert_eq!(rest.next(), None);
        assert_eq!(words("").next(), None);
        assert_eq!(words(" \u{2014} ").next(), None);
    }

    /// `each_word`'s words, each folded: what the index files them under.
    fn each_folded(text: &str) -> Vec<String> {
        let mut got = Vec::new();
        each_word(text, |word| {
            got.push(match word {
                Word::Packed(packed) => unpack(packed),
                Word::Other(word) => fold(word),
            })
        });
        got
    }

    #[test]
    fn the_one_pass_finds_the_words_that_words_cuts_folded_alike() {
        let sixteen = "Abcdefghijklmnop";
        let texts = [
            "The workers’ councils — council's 1905; Räte, l'état.",
            "Ärzte\u{a0}—\u{2009}Ra\u{308}te’ «мир» 42 councils'",
            // Sixteen letters are packed and seventeen are not, at the text's end too
            // (where fewer than sixteen bytes are left to read at once).
            &format!("{sixteen} {sixteen}q {sixteen}"),
            &format!("{sixteen}q"),
            "a",
            "I",
            "end.x",
            "rate’s RATE'S rate'",
            "x’",
            "word—word–word\u{2009}Word",
            "café CAFE cafe\u{301}",
            "ﬁnal FINAL",
            "1905-1917 O'Neill",
            "",
            "  \n\t ",
        ];
        for text in texts {
            let want: Vec<String> = words(text).map(|(_, w)| fold(w)).collect();
            assert_eq!(each_folded(text), want, "{text:?}");
        }
        // Texts made of the pieces where the two ways part, in many orders.
        let pieces = [
            "Ab", "c", "9", "’", "'", " ", "é", "\u{301}", "—", ".", sixteen, "Ж",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let want: Vec<String> = words(&text).map(|(_, w)| fold(w)).collect();
            assert_eq!(each_folded(&text), want, "{text:?}");
        }
    }

    #[test]
    fn only_short_folded_ascii_words_are_packed_and_they_unpack_as_they_were() {
        for word in ["a", "1905", "council", "abcdefghijklmnop"] {
            assert_eq!(pack(word).map(unpack).as_deref(), Some(word));
        }
        for word in [
            "",
            "Council",
            "council's",
            "räte",
            "abcdefghijklmnopq",
            "a b",
        ] {
            assert_eq!(pack(word), None, "{word}");
        }
        // A packed word is one number whatever its case was.
        let mut packed = Vec::new();
        each_word("Soviet SOVIET soviet", |w| {
            if let Word::Packed(p) = w {
                packed.push(p);
            }
        });
        assert_eq!(packed, [pack("soviet").unwrap(); 3]);
    }

    #[test]
    fn folding_drops_case_accents_and_ligatures() {
        assert_eq!(fold("Räte"), "rate");
        assert_eq!(fold("ÉTAT"), "etat");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(fold("council’s"), "council's");
        assert_eq!(fold("Σοφίας"), "σοφιασ");
        // A precomposed letter and its decomposed spelling are the same word.
        assert_eq!(fold("Ra\u{308}te"), fold("R\u{e4}te"));
    }

    #[test]
    fn a_word_folded_in_a_buffer_is_the_word_folded() {
        let mut buffer = String::new();
        for word in ["soviet", "Soviet", "RÄTE", "council’s", "ﬁnal", "1905"] {
            assert_eq!(folded_in(word, &mut buffer), fold(word), "{word}");
        }
    }

    #[test]
    fn english_words_of_one_stem_share_it() {
        let en = stemmer("en-GB");
        let s = |w| stem(en.as_ref(), w);
        assert_eq!(s("councils"), s("council"));
        assert_eq!(s("governing"), s("governed"));
        assert_eq!(s("council's"), s("council"));
        assert_ne!(s("council"), s("counsel"));
    }

    #[test]
    fn other_languages_stem_by_their_own_rules_and_unknown_ones_not_at_all() {
        let de = stemmer("de");
        assert_eq!(
            stem(de.as_ref(), "Arbeiterräte"),
            stem(de.as_ref(), "Arbeiterrat")
        );
        assert!(stemmer("la").is_none());
        assert_eq!(stem(None, "Councils"), "councils");
    }
}
