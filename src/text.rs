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

/// The numbered blocks of a section's events, in order: the same blocks, in the same order,
/// that the paragraph adaptor numbers.
pub fn blocks(events: &[Spanned<'_>]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    let mut link_start: Option<usize> = None;
    for (i, (event, _)) in events.iter().enumerate() {
        if let Some(block) = current.as_mut() {
            match event {
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
}
