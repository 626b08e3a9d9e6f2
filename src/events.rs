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
