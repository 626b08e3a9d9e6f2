//! pulldown-cmark's events and the HTML escape: the vocabulary that the stages share. The
//! text layer, the weave, the citation formatter and the Markdown adaptors all speak it, so
//! it sits below them all and depends on none of them.

use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;

/// An event with the byte range of the body it came from.
pub type Spanned<'a> = (Event<'a>, Range<usize>);

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
}

pub fn parse(body: &str) -> Vec<Spanned<'_>> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .collect()
}

/// Text escaped for HTML: the one escaping used wherever the build writes text into markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}

/// Whether a tag is inline (phrasing) markup, which a span or a note may sit inside.
pub fn is_inline_tag(tag: &pulldown_cmark::Tag<'_>) -> bool {
    use pulldown_cmark::Tag;
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// The closing counterpart of `is_inline_tag`.
pub fn is_inline_end(tag: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// How an inline HTML event opens or closes phrasing markup around the text after it: one
/// opening tag (`<span lang="fr">`, an author's `<abbr>`) opens an element, `1`; one closing
/// tag, `-1`; anything else (the build's apparatus written whole, a void element such as
/// `<br>`, a comment), `0`. The weave sets no apparatus inside an element so opened.
pub fn inline_html_depth(html: &str) -> i32 {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let html = html.trim();
    let Some(inner) = html.strip_prefix('<').and_then(|h| h.strip_suffix('>')) else {
        return 0;
    };
    if inner.contains(['<', '>']) || inner.ends_with('/') {
        return 0;
    }
    if let Some(name) = inner.strip_prefix('/') {
        return if name.trim().chars().all(|c| c.is_ascii_alphanumeric()) {
            -1
        } else {
            0
        };
    }
    let name = inner
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or_default();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
        || VOID.contains(&name.to_ascii_lowercase().as_str())
    {
        return 0;
    }
    1
}

/// Plain text of inline events, for heading ids and titles.
pub fn plain_text<'a>(events: impl IntoIterator<Item = &'a Event<'a>>) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::inline_html_depth;

    #[test]
    fn single_tags_open_and_close_and_the_rest_does_neither() {
        assert_eq!(inline_html_depth(r#"<span lang="fr">"#), 1);
        assert_eq!(inline_html_depth("<abbr title=\"x\">"), 1);
        assert_eq!(inline_html_depth("</span>"), -1);
        assert_eq!(inline_html_depth("<br>"), 0);
        assert_eq!(inline_html_depth("<br/>"), 0);
        assert_eq!(inline_html_depth("<!-- x -->"), 0);
        assert_eq!(
            inline_html_depth(r#"<sup class="sn-mark">1</sup><button>1</button>"#),
            0
        );
    }
}
