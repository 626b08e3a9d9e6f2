//! Strings a build keeps from one stage to a later one (a page's HTML until its page is
//! rendered, its words until the search reads them), held at their size.

/// `text` in a block of its own length. A string that grew holds up to twice its text, and
/// giving the rest back with `shrink_to_fit` may leave it where it is: mimalloc keeps a block
/// that shrinks by less than half. Ten thousand pages' HTML and words held so took 30 MB more
/// than these copies do.
pub fn exact(text: String) -> String {
    if text.capacity() == text.len() {
        text
    } else {
        text.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_grown_string_is_held_at_its_length() {
        let mut grown = String::new();
        for _ in 0..1000 {
            grown.push_str("word ");
        }
        assert!(grown.capacity() > grown.len());
        let held = super::exact(grown.clone());
        assert_eq!(held, grown);
        assert_eq!(held.capacity(), held.len());
    }
}
