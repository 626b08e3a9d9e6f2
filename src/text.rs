//! The text layer: the plain text of each numbered block of the essay (a top-level paragraph
//! or block quotation), as a reader sees it, with formatting and the apparatus left out.
//!
//! Glosses, note anchors and (later) terms and citations are found in this text and come back
//! as spans of byte offsets into it; `weave` maps the offsets back onto the events. Both sides
//! count text with `contribution`, so the offsets always agree.

use crate::events::Spanned;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::borrow::Cow;

/// Whether a character is default-ignorable (a zero-width space or joiner, a soft hyphen, a
/// direction mark, a variation selector…): invisible, so matching passes over it.
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A character's lowercase as one character, so that folding never changes how many
/// characters a text has: `İ` becomes `i`, not `i` and a combining dot.
pub fn lower_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The plain text of one numbered block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Index of the block's first event in the section's event list.
    pub first_event: usize,
    /// Index one past the block's last event.
    pub end_event: usize,
    pub text: String,
    /// Ranges of `text` inside inline code or a link, where no term may be found.
    pub protected: Vec<(usize, usize)>,
    /// Offsets in `text` of brackets the source escapes (`\\(`): an editor's way of saying
    /// that what they hold is no citation.
    pub escaped: Vec<usize>,
}

/// What an event adds to the plain text. Inline HTML (the sidenotes the build inserted, or
/// an author's raw HTML) adds nothing: it is not the essay's text.
pub fn contribution<'e>(event: &'e Event<'_>) -> Option<Cow<'e, str>> {
    match event {
        Event::Text(t) | Event::Code(t) => Some(Cow::Borrowed(t.as_ref())),
        Event::SoftBreak | Event::HardBreak => Some(Cow::Borrowed(" ")),
        Event::End(TagEnd::Paragraph) => Some(Cow::Borrowed("\n")),
        _ => None,
    }
}

/// For a block's events, where each one's text starts in the block's text and in the source:
/// `(text offset, source offset)`, in order.
pub fn event_starts(events: &[Spanned<'_>]) -> Vec<(usize, usize)> {
    let mut at = 0;
    let mut starts = Vec::new();
    for (event, range) in events {
        if let Some(text) = contribution(event) {
            if !text.is_empty() {
                starts.push((at, range.start));
            }
            at += text.len();
        }
    }
    starts
}

/// The numbered blocks of a section's events, in order: the same blocks, in the same order,
/// that the paragraph adaptor numbers.
pub fn blocks(events: &[Spanned<'_>]) -> Vec<Block> {
    blocks_in(events, None)
}

/// The blocks, with the escaped brackets of `source`, the body the events were parsed from.
pub fn blocks_in(events: &[Spanned<'_>], source: Option<&str>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    let mut link_start: Option<usize> = None;
    for (i, (event, range)) in events.iter().enumerate() {
        if let Some(block) = current.as_mut() {
            match event {
                Event::Text(t) => {
                    if let Some(source) = source {
                        let at = block.text.len();
                        block.escaped.extend(
                            escaped_brackets(source, range.clone(), t)
                                .into_iter()
                                .map(|i| at + i),
                        );
                    }
                }
                Event::Start(Tag::Link { .. }) => link_start = Some(block.text.len()),
                Event::End(TagEnd::Link) => {
                    if let Some(start) = link_start.take() {
                        block.protected.push((start, block.text.len()));
                    }
                }
                Event::Code(t) => block
                    .protected
                    .push((block.text.len(), block.text.len() + t.len())),
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Paragraph | Tag::BlockQuote(_)) {
                    current = Some(Block {
                        first_event: i,
                        end_event: i,
                        text: String::new(),
                        protected: Vec::new(),
                        escaped: Vec::new(),
                    });
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(mut block) = current.take() {
                        block.end_event = i + 1;
                        let trimmed = block.text.trim_end().len();
                        block.text.truncate(trimmed);
                        blocks.push(block);
                    }
                    continue;
                }
            }
            _ => {}
        }
        if let (Some(block), Some(text)) = (current.as_mut(), contribution(event)) {
            block.text.push_str(&text);
        }
    }
    blocks
}

/// Where in a text event's text the source escapes a bracket (`\\(`): the source and the
/// text differ only by escapes and entities, so the two are walked side by side until they
/// part in any other way.
pub fn escaped_brackets(body: &str, range: std::ops::Range<usize>, text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // An escape that starts a text event lies just before the event's range.
    let from = match range.start.checked_sub(1) {
        Some(before) if body.as_bytes().get(before) == Some(&b'\\') => before,
        _ => range.start,
    };
    let Some(source) = body.get(from..range.end) else {
        return found;
    };
    if !source.contains("\\(") {
        return found;
    }
    let mut src = source.char_indices().peekable();
    let mut at = 0;
    while let Some((_, c)) = src.next() {
        if c == '\\' {
            if let Some(&(_, next)) = src.peek() {
                if next.is_ascii_punctuation() && text[at..].starts_with(next) {
                    if next == '(' {
                        found.push(at);
                    }
                    src.next();
                    at += 1;
                    continue;
                }
            }
        }
        if !text[at..].starts_with(c) {
            break;
        }
        at += c.len_utf8();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::parse;

    #[test]
    fn plain_text_ignores_formatting_and_counts_breaks_as_spaces() {
        let events = parse("A *stressed* [link](x) and `code`\nover lines.\n\n> Quoted **here**.\n\n## Heading\n\nLast.\n");
        let b = blocks(&events);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["A stressed link and code over lines.", "Quoted here."]
                .iter()
                .chain(["Last."].iter())
                .copied()
                .collect::<Vec<_>>()
        );
        assert!(matches!(
            events[b[1].first_event].0,
            Event::Start(Tag::BlockQuote(_))
        ));
    }

    #[test]
    fn escaped_brackets_are_found_where_the_text_has_them() {
        let source = "Before \\(Petrograd, 1917) and (Smith 1983), *\\(x)*.\n";
        let b = blocks_in(&parse(source), Some(source));
        let at: Vec<&str> = b[0].escaped.iter().map(|&i| &b[0].text[i..]).collect();
        assert_eq!(
            at,
            [
                "(Petrograd, 1917) and (Smith 1983), (x)."[..]
                    .to_string()
                    .as_str(),
                "(x)."
            ]
        );
    }
}
