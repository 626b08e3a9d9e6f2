//! Zotero's item addresses as ids, reduced to keys an editor can cite.
//!
//! Zotero's CSL-JSON export gives each item its address as `id`
//! (`http://zotero.org/users/123/items/ABCD1234`): no text can cite that as `@…`, and it must
//! not become an HTML id. Such an item gets the key scholars would give it, the first
//! author's family name and the year (`anweiler1975`). This module only makes keys; the
//! caller reports them.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Whether an id is a Zotero item's address (a user's or a group's library).
pub fn is_item_address(id: &str) -> bool {
    let lower = id.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("http://zotero.org/")
        .or_else(|| lower.strip_prefix("https://zotero.org/"))
        .or_else(|| lower.strip_prefix("http://www.zotero.org/"))
        .or_else(|| lower.strip_prefix("https://www.zotero.org/"))
    else {
        return false;
    };
    (rest.starts_with("users/") || rest.starts_with("groups/")) && rest.contains("/items/")
}

/// A key for a work by `family` of `year` (`None`: undated) that is not in `taken`:
/// `anweiler1975`, then `anweiler1975a`, `anweiler1975b`… as the plain key is taken.
pub fn key(family: &str, year: Option<i16>, taken: &HashSet<String>) -> String {
    let mut name = ascii_fold(family);
    if name.is_empty() {
        name = "anon".into();
    }
    let base = match year {
        Some(y) => format!("{name}{y}"),
        None => format!("{name}nd"),
    };
    if !taken.contains(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}{}", letters(n)))
        .find(|k| !taken.contains(k))
        .unwrap_or(base)
}

/// 1 → a, 26 → z, 27 → aa: the letters after a year, as far as they go.
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A name in lowercase ASCII letters and digits: diacritics dropped, the letters that do
/// not decompose spelt out as scholars' keys spell them (ł → l, ß → ss).
fn ascii_fold(name: &str) -> String {
    let mut out = String::new();
    for c in name.nfd().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zotero_addresses_are_known() {
        assert!(is_item_address(
            "http://zotero.org/users/123/items/ABCD1234"
        ));
        assert!(is_item_address(
            "https://zotero.org/groups/4567/items/WXYZ9876"
        ));
        assert!(is_item_address(
            "http://zotero.org/users/local/aBcD/items/ABCD1234"
        ));
        assert!(!is_item_address("anweiler1975"));
        assert!(!is_item_address("http://example.org/users/1/items/A"));
    }

    #[test]
    fn keys_are_folded_and_lettered_when_taken() {
        let mut taken = HashSet::new();
        assert_eq!(key("Anweiler", Some(1975), &taken), "anweiler1975");
        taken.insert("anweiler1975".to_string());
        assert_eq!(key("Anweiler", Some(1975), &taken), "anweiler1975a");
        taken.insert("anweiler1975a".to_string());
        assert_eq!(key("Anweiler", Some(1975), &taken), "anweiler1975b");
        assert_eq!(key("Łukasiewicz", Some(1951), &taken), "lukasiewicz1951");
        assert_eq!(key("Le Blanc", Some(1990), &taken), "leblanc1990");
        assert_eq!(key("Müßig", None, &taken), "mussignd");
        assert_eq!(key("", Some(2000), &taken), "anon2000");
        assert_eq!(letters(27), "aa");
    }
}
