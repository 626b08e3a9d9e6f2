//! Paths of pages in the built site, and the relative links between them.
//!
//! Every link the build writes is relative, so that the site works from the file system and
//! from any folder of any host; links name `index.html` explicitly for the file system's sake.

/// The site path of an essay section's page.
pub fn section(slug: &str) -> String {
    format!("essay/{slug}/index.html")
}

/// The site path of an editor's page.
pub fn page(slug: &str) -> String {
    format!("{slug}/index.html")
}

pub fn note(slug: &str) -> String {
    format!("notes/{slug}/index.html")
}

/// The prefix that leads from the page at `from` back to the site root: `../../` for
/// `essay/x/index.html`, empty for `index.html`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A link from the page at `from` to `to` (a site path, optionally with `#fragment`).
pub fn relative(from: &str, to: &str) -> String {
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    match fragment {
        Some(f) if path == from || path.is_empty() => format!("#{f}"),
        Some(f) => format!("{}{path}#{f}", root_prefix(from)),
        None => format!("{}{path}", root_prefix(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("essay/a/index.html"), "../../");
        assert_eq!(
            relative("essay/a/index.html", "essay/b/index.html#p3"),
            "../../essay/b/index.html#p3"
        );
        assert_eq!(
            relative("essay/a/index.html", "essay/a/index.html#p3"),
            "#p3"
        );
        assert_eq!(
            relative("index.html", "about/index.html"),
            "about/index.html"
        );
    }
}
