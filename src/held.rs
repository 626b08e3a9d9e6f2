//! Strings a build keeps from one stage to a later one (a page's HTML until its page is
//! rendered, its words until the search reads them), held at their size.

/// `text` in a block of about its own length: a string that grew holds up to twice its text,
/// and giving the rest back with `shrink_to_fit` may leave it where it is (mimalloc keeps a
/// block that shrinks by less than half). Ten thousand pages' HTML and words held as they grew
/// took 30 MB more than these copies do. A string within an eighth of its length is kept as
/// it is, not copied: one made in a block of the size it was expected to take.
pub fn exact(text: String) -> String {
    if text.capacity() - text.len() <= text.len() / 8 {
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
        // Made near its size, it is kept where it is.
        let mut sized = String::with_capacity(5100);
        sized.push_str(&grown);
        let at = sized.as_ptr();
        let kept = super::exact(sized);
        assert_eq!((kept.as_ptr(), kept.capacity()), (at, 5100));
    }
}
