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
