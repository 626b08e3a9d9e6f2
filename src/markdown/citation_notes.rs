//! With a note style (Chicago notes and bibliography, say), the Pandoc citations of a body
//! become notes, as the style prescribes: each bracket is replaced by a footnote reference
//! whose note holds the formatted citation, and the sidenote stage then numbers and sets
//! these notes with the editor's own, in one series. A narrative `@key` keeps the author's
//! name in the text. Natural citations are the author's own words and stay in the text.

use super::citations::next_id;
use super::{Document, Rendered, Spanned};
use crate::cite::{self, pandoc};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// A note made of one citation: where it was, and what it cites.
struct Note {
    event: usize,
    citation: pandoc::Citation,
    /// Each item's work, or `None` for an unknown key (reported).
    works: Vec<Option<usize>>,
    offset: usize,
}

pub fn to_notes<'a>(
    events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let Some(ctx) = doc.citations.filter(|c| c.styler.is_note()) else {
        return events;
    };
    let events = super::merge_text(events);
    let notes = find(&events, doc, ctx, out);
    if notes.is_empty() {
        return events;
    }
    let requests: Vec<Vec<(&cite::bibliography::Work, Option<&str>)>> = notes
        .iter()
        .map(|n| {
            n.citation
                .items
                .iter()
                .zip(&n.works)
                .filter_map(|(item, w)| w.map(|w| (&ctx.works[w], item.locator.as_deref())))
                .collect()
        })
        .collect();
    let formatted = ctx.styler.notes(&requests);

    let mut result = Vec::with_capacity(events.len() + notes.len() * 6);
    let mut definitions = Vec::new();
    let mut pending = notes.iter().zip(formatted).enumerate().peekable();
    for (i, (event, range)) in events.into_iter().enumerate() {
        if pending.peek().is_none_or(|(_, (n, _))| n.event != i) {
            result.push((event, range));
            continue;
        }
        let Event::Text(text) = &event else {
            result.push((event, range));
            continue;
        };
        let text = text.to_string();
        let mut at = 0;
        let mut carry = String::new();
        while let Some((k, (note, html))) = pending.next_if(|(_, (n, _))| n.event == i) {
            let c = &note.citation;
            let mut before = format!("{carry}{}", &text[at..c.start]);
            carry.clear();
            if c.narrative {
                if let Some(w) = note.works[0] {
                    before.push_str(&ctx.works[w].family);
                }
            } else {
                before.truncate(before.trim_end().len());
            }
            // The note's mark follows the punctuation after the citation, as notes do.
            let after = &text[c.end..];
            let punctuation: String = after
                .chars()
                .take_while(|ch| matches!(ch, '.' | ',' | ';' | ':' | '!' | '?' | '”' | '’' | '"'))
                .collect();
            before.push_str(&punctuation);
            at = c.end + punctuation.len();
            if !before.is_empty() {
                result.push((Event::Text(CowStr::from(before)), range.clone()));
            }
            let label = format!("glossator:cite-{}", k + 1);
            result.push((
                Event::FootnoteReference(CowStr::from(label.clone())),
                range.clone(),
            ));
            let content = note_html(note, &html, doc, ctx, out);
            let source = note.offset..note.offset + (c.end - c.start);
            definitions.extend([
                (
                    Event::Start(Tag::FootnoteDefinition(CowStr::from(label))),
                    source.clone(),
                ),
                (Event::Start(Tag::Paragraph), source.clone()),
                (Event::InlineHtml(CowStr::from(content)), source.clone()),
                (Event::End(TagEnd::Paragraph), source.clone()),
                (Event::End(TagEnd::FootnoteDefinition), source),
            ]);
        }
        if at < text.len() {
            result.push((Event::Text(CowStr::from(text[at..].to_string())), range));
        }
    }
    result.extend(definitions);
    result
}

/// The Pandoc citations of the body's text, outside links, code and the editor's own notes
/// (a citation in a note is set in the note, in full).
fn find(
    events: &[Spanned<'_>],
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
    out: &mut Rendered,
) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut skip = 0usize;
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(
                Tag::Link { .. }
                | Tag::CodeBlock(_)
                | Tag::Image { .. }
                | Tag::FootnoteDefinition(_),
            ) => skip += 1,
            Event::End(
                TagEnd::Link | TagEnd::CodeBlock | TagEnd::Image | TagEnd::FootnoteDefinition,
            ) => skip = skip.saturating_sub(1),
            Event::Text(text) if skip == 0 => {
                for citation in pandoc::recognize(text) {
                    let offset = range.start + citation.start;
                    let works: Vec<Option<usize>> = citation
                        .items
                        .iter()
                        .map(|item| {
                            let w = ctx.works.iter().position(|w| w.id == item.key);
                            if w.is_none() {
                                out.diagnostics.push(super::citations::unknown_key(
                                    &item.key, offset, doc, ctx,
                                ));
                            }
                            w
                        })
                        .collect();
                    if works.iter().all(Option::is_some) {
                        notes.push(Note {
                            event: i,
                            citation,
                            works,
                            offset,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    notes
}

/// The note's text: each work linked to its entry, with the prefix the editor wrote.
fn note_html(
    note: &Note,
    formatted: &[String],
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
    out: &mut Rendered,
) -> String {
    let mut parts = Vec::new();
    for ((item, w), text) in note.citation.items.iter().zip(&note.works).zip(formatted) {
        let Some(w) = *w else { continue };
        let id = next_id(doc, out, note.offset, w, item.locator.clone());
        if let Some(place) = out.citations.last_mut() {
            place.in_note = true;
        }
        let mut prefix = item
            .prefix
            .as_ref()
            .map(|p| format!("{} ", crate::events::escape(p)))
            .unwrap_or_default();
        // A note is a sentence: "See Anweiler, …".
        if parts.is_empty() {
            if let Some(first) = prefix.chars().next() {
                prefix = format!("{}{}", first.to_uppercase(), &prefix[first.len_utf8()..]);
            }
        }
        let open =
            crate::write::citation_open(&ctx.works[w], &id, &doc.linker, item.locator.as_deref());
        parts.push(format!(
            "{prefix}{open}{}</a>",
            text.trim_end().trim_end_matches('.')
        ));
    }
    format!("{}.", parts.join("; "))
}
