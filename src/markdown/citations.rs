//! Citations in any Markdown body: Pandoc's syntax (`[@key, p. 42]`) becomes a formatted,
//! linked citation; natural author–date citations become links, when the body is not the
//! essay (the essay's are found in its text layer and woven in with the other spans).

use super::{escape, Document, Rendered, Spanned};
use crate::cite::format::Form;
use crate::cite::{self, natural, pandoc, Place};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub fn link<'a>(
    events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    link_with(events, doc, doc.natural_citations, out)
}

/// The citations of a sidenote's or margin note's text, which the essay's text layer does
/// not hold: natural citations are read here whenever the edition reads them at all.
pub fn link_in_note<'a>(
    events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    link_with(events, doc, doc.natural_in_notes, out)
}

fn link_with<'a>(
    events: Vec<Spanned<'a>>,
    doc: &Document<'_>,
    natural: bool,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let Some(ctx) = doc.citations else {
        return events;
    };
    // A citation of either kind stands in brackets or has an `@`: a body whose texts have
    // neither keeps its events where they are. Most texts have none, and are read to their
    // end: sixteen bytes and more at a time (`memchr3`).
    let may_cite = |(e, _): &Spanned<'_>| matches!(e, Event::Text(t) if memchr::memchr3(b'(', b'[', b'@', t.as_bytes()).is_some());
    if !events.iter().any(may_cite) {
        return events;
    }
    let mut result = Vec::with_capacity(events.len());
    let mut skip_depth = 0usize;
    let mut last = None;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => {
                skip_depth += 1
            }
            Event::End(TagEnd::Link | TagEnd::CodeBlock | TagEnd::Image) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Text(text) if skip_depth == 0 => {
                let escaped = crate::text::escaped_brackets(doc.body, range.clone(), text);
                let pieces = cite_text(
                    Text {
                        text,
                        offset: range.start,
                        escaped: &escaped,
                    },
                    doc,
                    ctx,
                    natural,
                    &mut last,
                    out,
                );
                if !pieces.is_empty() {
                    result.extend(pieces.into_iter().map(|e| (e, range.clone())));
                    continue;
                }
            }
            _ => {}
        }
        result.push((event, range));
    }
    result
}

/// The events a text becomes once its citations are linked; empty when it has none.
struct Text<'t> {
    text: &'t str,
    /// Where `text` starts in the body.
    offset: usize,
    /// Offsets in `text` of the brackets the source escapes.
    escaped: &'t [usize],
}

fn cite_text<'a>(
    Text {
        text,
        offset,
        escaped,
    }: Text<'_>,
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
    natural: bool,
    last: &mut Option<usize>,
    out: &mut Rendered,
) -> Vec<Event<'a>> {
    enum Found {
        Pandoc(pandoc::Citation),
        Natural(natural::Citation),
    }
    let mut found: Vec<(usize, usize, Found)> = pandoc::recognize(text)
        .into_iter()
        .map(|c| (c.start, c.end, Found::Pandoc(c)))
        .collect();
    if natural {
        for c in natural::recognize(text, ctx.index, last) {
            if escaped.contains(&c.open) {
                continue;
            }
            if !found.iter().any(|(s, e, _)| c.start < *e && *s < c.end) {
                found.push((c.start, c.end, Found::Natural(c)));
            }
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_by_key(|(s, _, _)| *s);
    let mut events = Vec::new();
    let mut at = 0;
    for (start, end, citation) in found {
        if start < at {
            continue;
        }
        let html = match citation {
            Found::Pandoc(c) => pandoc_html(&c, offset + start, doc, ctx, out),
            Found::Natural(c) => natural_html(&c, &text[start..end], offset + start, doc, ctx, out),
        };
        let Some(html) = html else { continue };
        if start > at {
            events.push(Event::Text(CowStr::from(text[at..start].to_string())));
        }
        events.extend(html);
        at = end;
    }
    if events.is_empty() {
        return Vec::new();
    }
    if at < text.len() {
        events.push(Event::Text(CowStr::from(text[at..].to_string())));
    }
    events
}

/// An id unique in the whole edition (the print edition puts every body in one document, and
/// a page shows several bodies: its own, its glosses, the definitions it previews): the body's
/// scope, its file's path below `content/` unless it names another, and the citation's number
/// in it.
pub(super) fn next_id(
    doc: &Document<'_>,
    out: &mut Rendered,
    offset: usize,
    work: usize,
    locator: Option<String>,
) -> String {
    let path = doc.file.strip_prefix("content").unwrap_or(doc.file);
    let mut scope = crate::slug::slugify(&path.with_extension("").to_string_lossy());
    if let Some(within) = doc.id_scope {
        scope = format!("{scope}-{}", crate::slug::slugify(within));
    }
    let id = format!("cite-{scope}-{}", out.citations.len() + 1);
    out.citations.push(Place {
        work,
        locator,
        id: id.clone(),
        offset,
        in_note: false,
    });
    id
}

/// The error for a Pandoc citation's key that names no work, with the nearest key.
pub(super) fn unknown_key(
    key: &str,
    offset: usize,
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
) -> crate::diagnostic::Diagnostic {
    let mut known: Vec<&str> = ctx.works.iter().map(|w| w.id.as_str()).collect();
    known.sort_by_key(|k| cite::edit_distance(k, key));
    // Only a key a slip away is offered: an unrelated one would mislead.
    let close = known
        .first()
        .filter(|k| cite::edit_distance(k, key) * 3 <= key.chars().count().max(3));
    doc.error(offset, format!("the citation names no work `@{key}`"))
        .with_span(format!("@{key}"))
        .with_help(match close {
            Some(k) => {
                format!(
                    "did you mean `@{k}`? keys are the `id`s of {}",
                    ctx.bibliography.display()
                )
            }
            None => format!(
                "keys are the `id`s of {}; add the work there, or check the key",
                ctx.bibliography.display()
            ),
        })
}

fn pandoc_html<'a>(
    c: &pandoc::Citation,
    offset: usize,
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
    out: &mut Rendered,
) -> Option<Vec<Event<'a>>> {
    let mut parts = Vec::new();
    for item in &c.items {
        let Some(w) = ctx.works.iter().position(|w| w.id == item.key) else {
            out.diagnostics
                .push(unknown_key(&item.key, offset, doc, ctx));
            return None;
        };
        let work = &ctx.works[w];
        let form = if c.narrative {
            Form::Narrative
        } else if item.suppress_author {
            Form::YearOnly
        } else {
            Form::Parenthetical
        };
        let mut text = ctx.styler.citation(work, item.locator.as_deref(), form);
        if !c.narrative {
            text = text
                .trim_start_matches('(')
                .trim_end_matches(')')
                .to_string();
        }
        let id = next_id(doc, out, offset, w, item.locator.clone());
        let prefix = item
            .prefix
            .as_ref()
            .map(|p| format!("{} ", escape(p)))
            .unwrap_or_default();
        let open = crate::write::citation_open(work, &id, &doc.linker, item.locator.as_deref());
        parts.push(format!("{prefix}{open}{text}</a>"));
    }
    let html = if c.narrative {
        parts.concat()
    } else {
        format!("({})", parts.join("; "))
    };
    Some(vec![Event::InlineHtml(CowStr::from(html))])
}

fn natural_html<'a>(
    c: &natural::Citation,
    written: &str,
    offset: usize,
    doc: &Document<'_>,
    ctx: &cite::Context<'_>,
    out: &mut Rendered,
) -> Option<Vec<Event<'a>>> {
    let Some(w) = c.work else {
        if c.warns() {
            out.diagnostics
                .push(unknown(c, ctx, doc.file, Some(doc.line_of(offset))));
        }
        return None;
    };
    let id = next_id(doc, out, offset, w, c.locator.clone());
    Some(vec![
        Event::InlineHtml(CowStr::from(crate::write::citation_open(
            &ctx.works[w],
            &id,
            &doc.linker,
            c.locator.as_deref(),
        ))),
        Event::Text(CowStr::from(written.to_string())),
        Event::InlineHtml(CowStr::from("</a>")),
    ])
}

/// The warning for a natural citation that matches no work, with the nearest known names.
pub fn unknown(
    c: &natural::Citation,
    ctx: &cite::Context<'_>,
    file: &std::path::Path,
    line: Option<usize>,
) -> crate::diagnostic::Diagnostic {
    let index = ctx.index;
    let bibliography = ctx.bibliography.display();
    let nearest = index.nearest_names(&c.name);
    let help = if index.knows_name(&c.name) {
        format!(
            "no work of {} is dated {}: check the year, or add the work to {bibliography}",
            c.name, c.year
        )
    } else if nearest.is_empty() {
        format!("add the work to {bibliography}")
    } else {
        format!(
            "the nearest known names are {}; if this spelling is the text's own, add it to the work's `alias`",
            nearest.join(", ")
        )
    };
    crate::diagnostic::Diagnostic::warning(
        file,
        line,
        format!("the citation “{}” matches no work", c.written),
    )
    .with_span(c.written.clone())
    .with_help(help)
}
