//! Slugs for URLs and ids: NFC-normalised, transliterated to ASCII, lowercase, hyphenated.

use unicode_normalization::UnicodeNormalization;

/// "Perché — Canto Ⅰ" → `perche-canto-i`.
pub fn slugify(text: &str) -> String {
    // ASCII is its own normal form: most headings and file names are only ASCII, and the
    // normalising iterator decoded each of their characters.
    if text.is_ascii() {
        return slug::slugify(text);
    }
    let normalised: String = text.nfc().collect();
    slug::slugify(normalised)
}

/// The default slug of a file: its stem without a leading ordering prefix such as `01-`,
/// so that editors can number files for their own sorting without it showing in URLs.
pub fn from_file_stem(stem: &str) -> String {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &stem[digits..];
    let stripped = match rest.as_bytes().first() {
        Some(b'-' | b'_' | b'.') if digits > 0 && rest.len() > 1 => &rest[1..],
        _ => stem,
    };
    slugify(stripped)
}

/// The longest slug: a slug names a folder of the site, and file systems refuse long names.
pub const MAX_LEN: usize = 100;

/// Whether `s` is already a slug an editor may write by hand.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates() {
        assert_eq!(slugify("Perché — Canto Ⅰ"), "perche-canto-i");
        assert_eq!(
            slugify("I Rule Therefore I Am: Councils and the Poor"),
            "i-rule-therefore-i-am-councils-and-the-poor"
        );
    }

    #[test]
    fn file_stems_lose_their_ordering_prefix() {
        assert_eq!(from_file_stem("01-introduction"), "introduction");
        assert_eq!(from_file_stem("2_rule-at-work"), "rule-at-work");
        assert_eq!(from_file_stem("1917"), "1917");
        assert_eq!(from_file_stem("About Us"), "about-us");
    }

    #[test]
    fn validity() {
        assert!(is_valid("rule-at-work"));
        assert!(!is_valid("Rule"));
        assert!(!is_valid("a/b"));
        assert!(!is_valid(""));
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
        assert!(is_valid(&"a".repeat(MAX_LEN)));
    }
}
