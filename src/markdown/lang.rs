//! Phrases in another language: `[La Mésentente]{lang=fr}`, Pandoc's bracketed span with a
//! `lang` attribute, becomes `<span lang="fr">La Mésentente</span>`, so that a screen reader
//! speaks it in French and a browser hyphenates it as French.
//!
//! pulldown-cmark has no such syntax: it leaves the brackets and the braces as text. This
//! adaptor finds them in the text events, at the same level of inline markup (the phrase may
//! hold emphasis, `[*part des sans-part*]{lang=fr}`, but not end inside it), and replaces them
//! with the span's tags, so that the text layer sees the phrase's words only. Other
//! attributes (`{.class}`, `{#id}`) are not read: their text stays as it is written. A `lang`
//! that is no language tag is reported, and its text left as written.

use super::{Document, Rendered, Spanned};
use pulldown_cmark::{CowStr, Event};

/// Where a phrase opened: the index of its `[` event in the output, its inline depth.
struct Opener {
    at: usize,
    depth: usize,
}

pub fn spans<'a>(
    events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    // Every text event of every body is searched: with the searcher made once, not for each.
    static MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("{lang="));
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if MARKER.find(t.as_bytes()).is_some()))
    {
        return events;
    }
    let mut result: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut openers: Vec<Opener> = Vec::new();
    let mut depth = 0usize;
    let mut events = events.into_iter().peekable();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Text(first) => {
                // A run of text events, read whole: `]` and `{lang=fr}` come apart.
                let mut text = first.to_string();
                let mut range = range;
                while let Some((Event::Text(next), _)) = events.peek() {
                    text.push_str(next);
                    let (_, next_range) = events.next().expect("peeked");
                    range.end = next_range.end;
                }
                split_run(&text, range, depth, doc, out, &mut openers, &mut result);
            }
            Event::Start(ref tag) if super::is_inline_tag(tag) => {
                depth += 1;
                result.push((event, range));
            }
            Event::End(ref tag) if super::is_inline_end(tag) => {
                // A phrase opened inside this element cannot close outside it.
                openers.retain(|o| o.depth < depth);
                depth = depth.saturating_sub(1);
                result.push((event, range));
            }
            Event::Start(_) | Event::End(_) => {
                openers.clear();
                depth = 0;
                result.push((event, range));
            }
            other => result.push((other, range)),
        }
    }
    result
}

/// Cuts one run of text at its `[` and its `]{lang=…}`, opening and closing spans.
fn split_run<'a>(
    text: &str,
    range: std::ops::Range<usize>,
    depth: usize,
    doc: &Document<'_>,
    out: &mut Rendered,
    openers: &mut Vec<Opener>,
    result: &mut Vec<Spanned<'a>>,
) {
    // Offsets into the text are offsets into the source when the two are the same.
    let exact = doc.body.get(range.clone()) == Some(text);
    let sub = |from: usize, to: usize| {
        if exact {
            range.start + from..range.start + to
        } else {
            range.clone()
        }
    };
    let mut start = 0;
    let push_text = |result: &mut Vec<Spanned<'a>>, from: usize, to: usize| {
        if to > from {
            result.push((
                Event::Text(CowStr::from(text[from..to].to_string())),
                sub(from, to),
            ));
        }
    };
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('[') {
            push_text(result, start, i);
            openers.push(Opener {
                at: result.len(),
                depth,
            });
            result.push((Event::Text("[".into()), sub(i, i + 1)));
            i += 1;
            start = i;
            continue;
        }
        if rest.starts_with(']') && closing(rest).is_none() {
            // A bracket closes the nearest one opened: `[note]` is no phrase.
            if openers.last().is_some_and(|o| o.depth == depth) {
                openers.pop();
            }
        }
        if let Some((tag, len)) = closing(rest) {
            let opener = match openers.last() {
                Some(o) if o.depth == depth => openers.pop(),
                _ => None,
            };
            match (opener, language_tag(tag)) {
                (Some(opener), true) => {
                    push_text(result, start, i);
                    result[opener.at].0 =
                        Event::InlineHtml(format!(r#"<span lang="{tag}">"#).into());
                    result.push((Event::InlineHtml("</span>".into()), sub(i, i + len)));
                    i += len;
                    start = i;
                    continue;
                }
                (opener, valid) => {
                    let problem = if valid {
                        format!("`]{{lang={tag}}}` closes no `[` before it")
                    } else {
                        format!("`{{lang={tag}}}` is no language tag")
                    };
                    out.diagnostics
                        .push(doc.warning(sub(i, i + len).start, problem).with_help(
                            "mark a phrase in another language as [La Mésentente]{lang=fr}, \
                             with a language tag such as fr, de, es or pt-BR",
                        ));
                    if let Some(o) = opener {
                        openers.push(o);
                    }
                }
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    push_text(result, start, text.len());
}

/// `]{lang=fr}` or `]{lang="fr"}` at the start of `text`: the tag and the length of it all.
fn closing(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix("]{lang=")?;
    let end = inner.find('}')?;
    let value = &inner[..end];
    // Quoted, the tag's quotes may have been made typographic by smart punctuation.
    let tag = value
        .strip_prefix(['"', '“'])
        .and_then(|v| v.strip_suffix(['"', '”']))
        .unwrap_or(value);
    Some((tag, "]{lang=".len() + end + 1))
}

/// A BCP 47 language tag in its usual shapes: `fr`, `pt-BR`, `zh-Hant`, `sr-Latn-RS`.
pub fn language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, render_inline, test_support::doc};

    #[test]
    fn a_phrase_in_another_language_takes_its_lang() {
        let r = render(&doc("In his French, [La Mésentente]{lang=fr}, of 1995.\n"));
        assert!(
            r.html
                .contains(r#"In his French, <span lang="fr">La Mésentente</span>, of 1995."#),
            "{}",
            r.html
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn the_phrase_may_hold_emphasis_and_quotes_and_the_tag_may_be_quoted() {
        let r = render(&doc(
            "The [*part des sans-part*]{lang=\"fr\"} and the [‘indignados’]{lang=es-ES}.\n",
        ));
        assert!(
            r.html
                .contains(r#"The <span lang="fr"><em>part des sans-part</em></span> and"#),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<span lang="es-ES">‘indignados’</span>."#),
            "{}",
            r.html
        );
    }

    #[test]
    fn the_text_layer_reads_the_words_only() {
        let prepared = crate::markdown::prepare(&doc("A [b c]{lang=de} d.\n"));
        let blocks = crate::text::blocks(&prepared.events);
        assert_eq!(blocks[0].text, "A b c d.");
    }

    #[test]
    fn other_brackets_and_attributes_stay_as_written() {
        let r = render(&doc("A [note] and [x]{.smallcaps}, [y [z]{lang=fr}].\n"));
        assert!(
            r.html
                .contains(r#"A [note] and [x]{.smallcaps}, [y <span lang="fr">z</span>]."#),
            "{}",
            r.html
        );
        // A bracket closes the nearest one: `[y] z]{lang=fr}` has no phrase to close.
        let r = render(&doc("A [y] z]{lang=fr}.\n"));
        assert!(!r.html.contains("<span lang"), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
    }

    #[test]
    fn a_phrase_cannot_end_inside_emphasis_it_did_not_open_in() {
        let r = render(&doc("A [b *c]{lang=fr} d*.\n"));
        assert!(!r.html.contains("<span lang"), "{}", r.html);
        assert!(
            r.html.contains("A [b <em>c]{lang=fr} d</em>."),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].message.contains("closes no `[`"));
    }

    #[test]
    fn a_tag_that_is_no_language_is_reported_with_its_line() {
        let r = render(&doc("One.\n\nA [b]{lang=French!} c.\n"));
        assert!(!r.html.contains("<span lang"), "{}", r.html);
        let messages: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages[0]
                .starts_with("content/essay/a.md:3: warning: `{lang=French!}` is no language tag"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_gloss_takes_the_same_road() {
        let r = render_inline(&doc("The [*indignados*]{lang=es} of 2011.\n"), "a gloss");
        assert!(
            r.html
                .contains(r#"The <span lang="es"><em>indignados</em></span> of 2011."#),
            "{}",
            r.html
        );
    }
}
