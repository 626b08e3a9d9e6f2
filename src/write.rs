//! The writer: the one place where the build's own markup is made (sidenotes and margin
//! notes, glosses, note references, term and citation links), for the output at hand. A
//! `Linker` says which: a page of the site (relative links, previews, toggles) or the print
//! document (places in one file, footnotes, no previews). Nothing else writes this markup.

use crate::cite::bibliography::Work;
use crate::edition::Edition;
use crate::events::escape;
use crate::mark::{Mark, Marked};
use crate::route::{id, Linker, Route};
use crate::weave::Span;

/// The span to weave for a mark: the element, attributes and id of the passage, and the
/// apparatus set after it. `gloss_html` gives a gloss's text, written for the same output.
pub fn span(
    marked: &Marked,
    edition: &Edition,
    linker: &Linker<'_>,
    gloss_html: &dyn Fn(usize) -> String,
) -> Span {
    let (element, attributes, id, after) = match &marked.mark {
        Mark::Gloss { gloss } => {
            let slug = &edition.glosses[*gloss].slug;
            (
                "mark",
                format!(
                    r#"class="passage gloss-passage" data-gloss="{}""#,
                    escape(slug)
                ),
                id::passage(slug),
                gloss_apparatus(slug, &gloss_html(*gloss)),
            )
        }
        Mark::NotePassage { note, k } => {
            let note = &edition.notes[*note];
            (
                "mark",
                format!(
                    r#"class="passage note-passage" data-note="{}""#,
                    escape(&note.slug)
                ),
                id::note_passage(&note.slug, *k),
                note_reference(&note.slug, &note.title, linker),
            )
        }
        Mark::Term {
            term,
            number,
            linked,
        } => {
            let term = &edition.glossary[*term];
            let attributes = if *linked {
                let href = linker.href(&Route::Glossary.at(&term.id));
                format!(
                    r#"class="term" href="{href}"{} data-term="{}""#,
                    described_by(linker, &id::definition(&term.id)),
                    term.id
                )
            } else {
                format!(r#"class="term-occurrence" data-term="{}""#, term.id)
            };
            let element = if *linked { "a" } else { "span" };
            (
                element,
                attributes,
                id::term_place(&term.id, *number),
                String::new(),
            )
        }
        Mark::Citation { work, locator, id } => (
            "a",
            citation_attributes(&edition.works[*work], linker, locator.as_deref()),
            id.clone(),
            String::new(),
        ),
    };
    Span {
        block: marked.block,
        start: marked.start,
        end: marked.end,
        element,
        attributes,
        id: Some(id),
        after,
    }
}

/// ` aria-describedby="…"` where the output has previews, else nothing.
fn described_by(linker: &Linker<'_>, preview: &str) -> String {
    if linker.previews() {
        format!(r#" aria-describedby="{preview}""#)
    } else {
        String::new()
    }
}

/// A gloss set after its passage: in the margin, folded behind a toggle on phones (the print
/// style sets it at the foot of the page).
fn gloss_apparatus(slug: &str, html: &str) -> String {
    let gloss = escape(&id::gloss(slug));
    format!(
        concat!(
            r#"<sup class="gloss-mark" data-apparatus aria-hidden="true">◊</sup>"#,
            r#"<button type="button" class="note-toggle gloss-toggle" aria-expanded="false" aria-controls="{gloss}" data-apparatus>"#,
            r#"<span aria-hidden="true">◊</span><span class="visually-hidden">Gloss</span></button>"#,
            r#"<span class="gloss" id="{gloss}" role="note" data-apparatus>"#,
            r#"<span class="gloss-label">Gloss</span> {html}</span>"#
        ),
        gloss = gloss,
        html = html
    )
}

/// A passage's reference to its historical note: on the site a link in the margin; on paper a
/// footnote that names the note and, by the print style, its page.
fn note_reference(slug: &str, title: &str, linker: &Linker<'_>) -> String {
    let href = linker.href(&Route::Note(slug).file());
    let title = escape(title);
    if linker.is_print() {
        format!(
            concat!(
                r#"<span class="note-footnote" data-apparatus>See the historical note "#,
                r#"<a href="{href}">“{title}”</a>.</span>"#
            ),
            href = href,
            title = title
        )
    } else {
        format!(
            concat!(
                r#"<a class="note-ref" href="{href}" data-apparatus>"#,
                r#"<span aria-hidden="true">†</span>"#,
                r#"<span class="visually-hidden">Historical note: </span>"#,
                r#"<span class="note-ref-title">{title}</span></a>"#
            ),
            href = href,
            title = title
        )
    }
}

/// A citation link's opening tag.
pub fn citation_open(work: &Work, id: &str, linker: &Linker<'_>, locator: Option<&str>) -> String {
    format!(
        r#"<a {} id="{id}">"#,
        citation_attributes(work, linker, locator)
    )
}

/// A citation link's attributes but its id: the work's bibliography entry, its preview, and
/// the pinpoint.
pub fn citation_attributes(work: &Work, linker: &Linker<'_>, locator: Option<&str>) -> String {
    let key = escape(&work.id);
    let href = linker.href(&Route::Bibliography.at(&key));
    let locator = match locator {
        Some(l) => format!(r#" data-locator="{}""#, escape(l)),
        None => String::new(),
    };
    format!(
        r#"class="citation" href="{href}"{} data-work="{key}"{locator}"#,
        described_by(linker, &id::reference(&key))
    )
}

/// A numbered sidenote at its reference: the mark, the toggle that folds it on phones, and
/// the note; `number` is kept for the print style, which numbers from it.
pub fn sidenote(number: usize, id: &str, content: &str) -> String {
    format!(
        concat!(
            r#"<sup class="sn-mark" data-apparatus>{n}</sup>"#,
            r#"<button type="button" class="note-toggle" aria-expanded="false" aria-controls="{id}" data-apparatus>"#,
            r#"<span class="visually-hidden">Sidenote </span>{n}</button>"#,
            r#"<span class="sidenote" id="{id}" role="note" data-number="{n}" data-apparatus>"#,
            r#"<span class="sn-number">{n}</span> {content}</span>"#
        ),
        n = number,
        id = id,
        content = content
    )
}

/// A second reference to a sidenote already set: its number, linked to the note.
pub fn sidenote_again(number: usize, id: &str) -> String {
    format!(r##"<sup class="sn-mark" data-apparatus><a href="#{id}">{number}</a></sup>"##)
}

/// An unnumbered margin note at its reference, with its toggle.
pub fn margin_note(id: &str, content: &str) -> String {
    format!(
        concat!(
            r#"<button type="button" class="note-toggle mn-toggle" aria-expanded="false" aria-controls="{id}" data-apparatus>"#,
            r#"<span aria-hidden="true">⊕</span><span class="visually-hidden">Margin note</span></button>"#,
            r#"<span class="marginnote" id="{id}" role="note" data-apparatus>{content}</span>"#
        ),
        id = id,
        content = content
    )
}
