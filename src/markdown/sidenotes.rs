//! Footnotes into sidenotes: `[^label]` becomes a numbered note set in the margin beside its
//! reference, and a footnote whose text starts with `{-}` an unnumbered margin note.
//!
//! pulldown-cmark gives a footnote's definition where it sits in the source, often at the end;
//! the adaptor lifts each definition out and renders it at its first reference, as phrasing
//! content (a note sits inside its paragraph, so its own paragraphs become block-styled spans).
//! The note and its markers carry `data-apparatus`; the toggle that folds a note on narrow
//! screens is a real button, which the theme's script wires up.

use super::{Document, Rendered, Spanned};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

struct Definition<'a> {
    events: Vec<Spanned<'a>>,
    margin: bool,
    offset: usize,
    used: bool,
}

pub fn to_sidenotes<'a>(
    mut events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    // Every footnote, its definition and a reference to a missing one are written `[^`.
    if !doc.body.contains("[^") {
        return events;
    }
    let (mut definitions, lifted) = lift_definitions(&events, doc);
    // A body's events stay where they are: each reference becomes its note in its place, and
    // what goes (the definitions, lifted out, and references that set nothing) is marked, and
    // taken out at the end. A list rebuilt event by event cost a move of every event of every
    // body.
    let mut gone = vec![false; events.len()];
    for l in &lifted {
        gone[l.clone()].fill(true);
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut sidenotes = 0;
    let mut margin_notes = 0;
    // Where the run of text events ends, and the block begins: the text of the block so far
    // names a margin note by the words before it.
    let mut run = 0..0;
    let mut block = 0;
    let mut names: HashMap<String, usize> = HashMap::new();
    for k in 0..events.len() {
        if gone[k] {
            continue;
        }
        let (event, range) = &events[k];
        match event {
            Event::FootnoteReference(label) => {
                let (label, range) = (label.to_string(), range.clone());
                let Some(def) = definitions.get_mut(&label) else {
                    gone[k] = true;
                    continue;
                };
                if def.used {
                    // A second reference cannot place the note twice; it points to the first.
                    match numbers.get(&label) {
                        Some(n) => {
                            let html = crate::write::sidenote_again(
                                *n,
                                &doc.linker.note_id("sn", *n),
                                doc.strings,
                            );
                            events[k].0 = Event::InlineHtml(CowStr::from(html));
                        }
                        None => gone[k] = true,
                    }
                    continue;
                }
                def.used = true;
                // The note's citations are linked like the text's, and belong to the place
                // where the note is set: its reference.
                let cited_before = out.citations.len();
                let note = super::citations::link_in_note(
                    super::merge_text(std::mem::take(&mut def.events)),
                    doc,
                    out,
                );
                for place in &mut out.citations[cited_before..] {
                    place.offset = range.start;
                    place.in_note = true;
                }
                let content = inline_html(&note, def.margin, doc, out, "a sidenote");
                let html = if def.margin {
                    margin_notes += 1;
                    let before =
                        super::plain_text((block..k).filter(|&i| !gone[i]).map(|i| &events[i].0));
                    let mut name = crate::write::margin_note_name(&before, doc.strings);
                    let seen = names.entry(name.clone()).or_default();
                    *seen += 1;
                    if *seen > 1 {
                        name = format!("{name} ({seen})");
                    }
                    crate::write::margin_note(
                        &doc.linker.note_id("mn", margin_notes),
                        &name,
                        &content,
                        &doc.linker,
                        doc.strings,
                    )
                } else {
                    sidenotes += 1;
                    numbers.insert(label, sidenotes);
                    crate::write::sidenote(
                        sidenotes,
                        &doc.linker.note_id("sn", sidenotes),
                        &content,
                        &doc.linker,
                        doc.strings,
                    )
                };
                events[k].0 = Event::InlineHtml(CowStr::from(html));
            }
            Event::Text(_) => {
                // pulldown-cmark splits text at brackets: look at each run of text whole.
                if run.is_empty() {
                    run = k..k;
                }
                run.end = k + 1;
                continue;
            }
            Event::Start(tag) if !super::is_inline_tag(tag) => block = k + 1,
            _ => {}
        }
        report_undefined(&events[std::mem::take(&mut run)], doc, out);
    }
    report_undefined(&events[run], doc, out);
    for (label, def) in definitions.iter().filter(|(_, d)| !d.used) {
        out.diagnostics.push(
            doc.warning(
                def.offset,
                format!("footnote [^{label}] is never referenced"),
            )
            .with_help(format!(
                "refer to it with [^{label}] in the text, or remove it"
            )),
        );
    }
    for n in 1..=sidenotes {
        out.ids.push(doc.linker.note_id("sn", n));
    }
    for n in 1..=margin_notes {
        out.ids.push(doc.linker.note_id("mn", n));
    }
    let mut k = 0;
    events.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
    events
}

/// Each footnote's definition, its events copied out, and where the definitions stand among
/// the events (each from its start to its end, both included), to be passed over there: the
/// body's events are read here, and moved once, by the caller.
fn lift_definitions<'a>(
    events: &[Spanned<'a>],
    doc: &Document<'_>,
) -> (HashMap<String, Definition<'a>>, Vec<std::ops::Range<usize>>) {
    let mut definitions = HashMap::new();
    let mut lifted = Vec::new();
    let mut k = 0;
    while k < events.len() {
        let (Event::Start(Tag::FootnoteDefinition(label)), range) = &events[k] else {
            k += 1;
            continue;
        };
        let source = &doc.body[range.clone()];
        let text = source.split_once("]:").map_or("", |(_, t)| t).trim_start();
        let mut def = Definition {
            events: Vec::new(),
            margin: text.starts_with("{-}"),
            offset: range.start,
            used: false,
        };
        let start = k;
        let mut depth = 0usize;
        let mut closed = false;
        k += 1;
        while let Some((event, range)) = events.get(k) {
            match event {
                Event::End(TagEnd::FootnoteDefinition) if depth == 0 => {
                    closed = true;
                    break;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            def.events.push((event.clone(), range.clone()));
            k += 1;
        }
        k += 1;
        lifted.push(start..k.min(events.len()));
        // A definition left open to the body's end (pulldown-cmark closes every one) is
        // passed over, not set.
        if closed {
            definitions.insert(label.to_string(), def);
        }
    }
    (definitions, lifted)
}

/// A note's content as phrasing content; block structure that cannot live inside a
/// paragraph is reported, and its text kept.
pub(crate) fn inline_html(
    events: &[Spanned<'_>],
    margin: bool,
    doc: &Document<'_>,
    out: &mut Rendered,
    what: &str,
) -> String {
    let mut strip = if margin { "{-}" } else { "" };
    let mut inline: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut reported = false;
    for (event, range) in events {
        let event = match event {
            Event::Text(t) if !strip.is_empty() => {
                let t = t.to_string();
                let keep = strip_prefix_partially(&t, &mut strip);
                Event::Text(CowStr::from(keep.trim_start().to_string()))
            }
            Event::Start(Tag::Paragraph) => Event::InlineHtml(r#"<span class="note-para">"#.into()),
            Event::End(TagEnd::Paragraph) => Event::InlineHtml("</span>".into()),
            Event::FootnoteReference(_) | Event::Start(_) | Event::End(_) if !is_inline(event) => {
                if !reported {
                    out.diagnostics.push(
                        doc.error(
                            range.start,
                            format!(
                                "{what} can hold only paragraphs of text, not lists, quotations, \
                                 code blocks, tables, headings or notes"
                            ),
                        )
                        .with_help("write the note as one or more plain paragraphs"),
                    );
                    reported = true;
                }
                continue;
            }
            other => other.clone(),
        };
        inline.push(event);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, inline.into_iter());
    html.trim_end().to_string()
}

fn strip_prefix_partially<'t>(text: &'t str, strip: &mut &str) -> &'t str {
    let mut rest = text;
    while let (Some(c), Some(s)) = (rest.chars().next(), strip.chars().next()) {
        if c != s {
            *strip = "";
            return rest;
        }
        rest = &rest[c.len_utf8()..];
        *strip = &strip[s.len_utf8()..];
    }
    rest
}

/// Whether an event can stand inside a paragraph: a note's own paragraphs, inline markup
/// and text, but no other block and no note within the note.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => true,
        Event::Start(tag) => super::is_inline_tag(tag),
        Event::End(tag) => super::is_inline_end(tag),
        Event::FootnoteReference(_) => false,
        _ => true,
    }
}

/// Warns of a `[^label]` left as text in a run of text events.
fn report_undefined(run: &[Spanned<'_>], doc: &Document<'_>, out: &mut Rendered) {
    if !doc.reports() {
        return;
    }
    // Most runs have no bracket: they are joined only when one might hold a reference.
    let bracket = |(e, _): &Spanned<'_>| matches!(e, Event::Text(t) if t.contains('['));
    let Some((_, first)) = run.first().filter(|_| run.iter().any(bracket)) else {
        return;
    };
    let text: String = run
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Some(label) = undefined_reference(&text) {
        out.diagnostics.push(
            doc.warning(
                first.start,
                format!("footnote [^{label}] has no definition"),
            )
            .with_help(format!("add a line `[^{label}]: the note's text`")),
        );
    }
}

/// `[^label]` left as text: pulldown-cmark makes a reference only when a definition exists.
fn undefined_reference(text: &str) -> Option<&str> {
    let start = text.find("[^")? + 2;
    let len = text[start..].find(']')?;
    let label = &text[start..start + len];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, test_support::doc};

    #[test]
    fn footnote_becomes_numbered_sidenote_at_its_reference() {
        let r = render(&doc(
            "Soviets first met in 1905.[^a] Then more.[^b]\n\n[^a]: In *Ivanovo*.\n\n[^b]: Second.\n",
        ));
        let first = r.html.find(r#"id="sn-1""#).expect("first sidenote");
        let then = r.html.find("Then more.").unwrap();
        assert!(first < then, "the note sits at its reference: {}", r.html);
        assert!(r.html.contains("<em>Ivanovo</em>"));
        assert!(r.html.contains(r#"aria-controls="sn-2""#));
        assert!(!r.html.contains("footnote-definition"), "{}", r.html);
        assert!(r.ids.contains(&"sn-2".to_string()));
        assert!(r.diagnostics.is_empty());
    }

    #[test]
    fn brace_dash_makes_an_unnumbered_margin_note() {
        let r = render(&doc("Text.[^m]\n\n[^m]: {-} A margin remark.\n"));
        assert!(
            r.html.contains(
                r#"<span class="marginnote" id="mn-1" role="note" aria-label="Margin note after ‘Text.’" data-apparatus>"#
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("A margin remark."));
        assert!(!r.html.contains("{-}"));
        assert!(!r.html.contains("sn-number"));
    }

    #[test]
    fn margin_notes_are_named_by_the_words_before_them_and_apart() {
        let r = render(&doc(
            "One two three four five six seven eight nine.[^a] Again.[^b]\n\nAgain.[^c]\n\n[^a]: {-} A.\n\n[^b]: {-} B.\n\n[^c]: {-} C.\n",
        ));
        for name in [
            "Margin note after ‘…five six seven eight nine.’",
            "Margin note after ‘…six seven eight nine. Again.’",
            "Margin note after ‘Again.’",
        ] {
            assert!(
                r.html
                    .contains(&format!(r#"<span class="visually-hidden">{name}</span>"#)),
                "{name}: {}",
                r.html
            );
        }
        let r = render(&doc(
            "Same.[^a]\n\nSame.[^b]\n\n[^a]: {-} A.\n\n[^b]: {-} B.\n",
        ));
        assert!(
            r.html.contains("Margin note after ‘Same.’ (2)"),
            "{}",
            r.html
        );
    }

    #[test]
    fn notes_stay_inside_their_paragraph() {
        let r = render(&doc("Para.[^a]\n\n[^a]: One.\n\n    Two.\n"));
        let p_end = r.html.find("</p>").unwrap();
        assert!(r.html.find("Two.").unwrap() < p_end, "{}", r.html);
        assert!(r.html.contains(r#"<span class="note-para">"#));
    }

    #[test]
    fn undefined_and_unused_footnotes_warn_with_lines() {
        let r = render(&doc("A [^nope] b.\n\n[^spare]: Unused.\n"));
        let messages: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages[0]
                .starts_with("content/essay/a.md:1: warning: footnote [^nope] has no definition"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with(
                "content/essay/a.md:3: warning: footnote [^spare] is never referenced"
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn block_content_in_a_note_is_an_error() {
        let r = render(&doc("A.[^a]\n\n[^a]: Intro\n\n    - a list\n"));
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("only paragraphs")));
    }
}
