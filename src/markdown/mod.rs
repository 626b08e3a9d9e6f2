//! Parse and transform: one Markdown body into HTML, through small event adaptors.
//!
//! The body is parsed once by pulldown-cmark into `(event, source range)` pairs; each adaptor
//! in `transform` takes the events and gives them back changed in one way. The adaptors report
//! problems with the file and line of the source range. Rendering templates is not done here.

pub mod citation_notes;
pub mod citations;
pub mod files;
pub mod headings;
pub mod highlight;
pub mod lang;
pub mod links;
pub mod nesting;
pub mod paragraphs;
pub mod sidenotes;

use crate::diagnostic::Diagnostic;
use crate::weave::Span;
use pulldown_cmark::Event;

pub use crate::events::{
    escape, is_inline_end, is_inline_tag, options, parse, plain_text, Spanned,
};
use std::path::Path;

/// What the adaptors need to know about the document and the page it lands on.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub file: &'a Path,
    pub body: &'a str,
    /// Line of the file on which `body` begins.
    pub body_line: usize,
    /// How links and ids are written: for the body's page of the site, or for the print
    /// document.
    pub linker: crate::route::Linker<'a>,
    /// Number the top-level paragraphs and block quotations from this number (the essay).
    pub first_paragraph: Option<usize>,
    /// The edition's works, for citations; `None` where there is no bibliography.
    pub citations: Option<&'a crate::cite::Context<'a>>,
    /// Recognise natural author–date citations here (the essay's are found in its text
    /// layer instead, and `citations.natural: false` turns them off).
    pub natural_citations: bool,
    /// Recognise natural citations in sidenotes and margin notes (the essay's notes are not
    /// in its text layer, so they are read here even where its paragraphs are not).
    pub natural_in_notes: bool,
    /// What the ids of the body's citations start with, when its file does not name it alone
    /// (every glossary definition comes from one file).
    pub id_scope: Option<&'a str>,
    /// What links written as paths can reach; `None` leaves them as written.
    pub files: Option<&'a files::SiteFiles>,
    /// Byte offsets at which the body's lines start, counted on first use.
    pub line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The interface's words, for what the build writes into the body (its notes' names).
    pub strings: &'a crate::i18n::Strings,
    /// Keep the body's plain text for the search (`Rendered::text`), read from the events
    /// already parsed, so that the search need not parse the body again.
    pub search_text: bool,
    /// Keep the text of the notes each top-level block calls (`Rendered::notes`), for the
    /// search's paragraphs of the essay.
    pub search_notes: bool,
}

impl Document<'_> {
    /// Whether what is wrong in the body is reported here. A body in the print document is
    /// one of the site's, whose problems were reported there; one with an error stops the
    /// build before any print document is made.
    pub fn reports(&self) -> bool {
        !self.linker.is_print()
    }

    /// The file's 1-based line of a byte offset into the body.
    pub fn line_of(&self, offset: usize) -> usize {
        // The line starts are counted once per body: a lookup is a binary search, so that
        // reporting on every block of a long section stays linear in its length.
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.body.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let offset = offset.min(self.body.len());
        self.body_line + starts.partition_point(|&s| s <= offset) - 1
    }

    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, Some(self.line_of(offset)), message)
    }

    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.file, Some(self.line_of(offset)), message)
    }
}

/// A heading of the body, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The HTML of one body and what the build learns from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Number of paragraphs numbered (0 unless `first_paragraph` was set).
    pub paragraphs: usize,
    pub headings: Vec<Heading>,
    /// Every id the HTML defines, for checking `#fragment` links.
    pub ids: Vec<String>,
    /// Links to edition objects, checked once every page is known.
    pub links: Vec<links::EditionLink>,
    /// Links written as paths, whose fragments are checked once every page is known.
    pub file_links: Vec<files::FileLink>,
    /// Links to the web, for `check --external`.
    pub web_links: Vec<links::WebLink>,
    /// The citations linked by the citation adaptor, in order.
    pub citations: Vec<crate::cite::Place>,
    pub has_code: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// The body's words as the search reads them, when `Document::search_text` asks.
    pub text: String,
    /// For each top-level block, the text of the notes it calls, when
    /// `Document::search_notes` asks.
    pub notes: Vec<Vec<String>>,
}

/// A body parsed, or nothing and an error when it nests too deeply for the later stages.
fn parse_checked<'a>(doc: &Document<'a>, out: &mut Rendered) -> Vec<Spanned<'a>> {
    let events = parse(doc.body);
    if !doc.reports() {
        return events;
    }
    match nesting::check(&events, doc) {
        Some(error) => {
            out.diagnostics.push(error);
            Vec::new()
        }
        None => events,
    }
}

/// A body parsed and transformed up to the point where spans can be woven into it.
pub struct Prepared<'a> {
    pub events: Vec<Spanned<'a>>,
    pub out: Rendered,
}

/// The first stages: parse, mark phrases in other languages, resolve links, highlight code,
/// give headings ids, set footnotes as sidenotes. What remains (weaving spans, numbering paragraphs, HTML) is `finish`.
pub fn prepare<'a>(doc: &Document<'a>) -> Prepared<'a> {
    let mut out = Rendered::default();
    let events = parse_checked(doc, &mut out);
    if doc.search_text {
        out.text = crate::search::documents::text_of(&events);
    }
    if doc.search_notes {
        out.notes = crate::search::documents::note_calls(doc.body, &events);
    }
    let events = lang::spans(events, doc, &mut out);
    let events = links::resolve(events, doc, &mut out);
    let events = highlight::highlight(events, &mut out);
    let events = headings::assign_ids(events, doc, &mut out);
    let events = citation_notes::to_notes(events, doc, &mut out);
    let events = sidenotes::to_sidenotes(events, doc, &mut out);
    let events = merge_text(events);
    let events = citations::link(events, doc, &mut out);
    Prepared { events, out }
}

/// The last stages: weave the spans found in the text layer, number paragraphs, write HTML.
pub fn finish(prepared: Prepared<'_>, doc: &Document<'_>, spans: &[Span]) -> Rendered {
    let Prepared { events, mut out } = prepared;
    let events = if spans.is_empty() {
        events
    } else {
        let blocks = crate::text::blocks(&events);
        crate::weave::weave(events, &blocks, spans)
    };
    let events = paragraphs::number(
        events,
        doc.first_paragraph,
        &doc.linker,
        doc.strings,
        &mut out,
    );
    // A body's HTML is about half as long again as its Markdown: made in a string of that
    // size, it is seldom copied as it grows, nor again to be held.
    out.html.reserve(doc.body.len() + doc.body.len() / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    // A page's HTML is kept until the pages are rendered; the print document's parts are
    // written as they are made.
    if !doc.linker.is_print() {
        out.html = crate::held::exact(std::mem::take(&mut out.html));
    }
    out
}

/// Parses and transforms one body with nothing to weave into it.
pub fn render(doc: &Document<'_>) -> Rendered {
    finish(prepare(doc), doc, &[])
}

/// Renders a body that will sit inside a paragraph (a gloss in the margin): links resolved,
/// paragraphs as block-styled spans; anything that cannot live in a paragraph is an error
/// naming `what` the body is.
pub fn render_inline(doc: &Document<'_>, what: &str) -> Rendered {
    let mut out = Rendered::default();
    let events = parse_checked(doc, &mut out);
    let events = lang::spans(events, doc, &mut out);
    let events = links::resolve(events, doc, &mut out);
    let events = citations::link(merge_text(events), doc, &mut out);
    out.html = sidenotes::inline_html(&events, false, doc, &mut out, what);
    out
}

/// Joins runs of text events into one. pulldown-cmark splits text at every character it
/// might have treated as markup (a smart quote, a bracket); a span woven over such a run
/// would otherwise be cut into needless fragments.
pub fn merge_text(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let split = |w: &[Spanned<'_>]| matches!((&w[0].0, &w[1].0), (Event::Text(_), Event::Text(_)));
    if !events.windows(2).any(split) {
        return events;
    }
    let mut merged: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(previous), previous_range))) =
            (&event, merged.last_mut())
        {
            let mut joined = previous.to_string();
            joined.push_str(next);
            *previous = joined.into();
            previous_range.end = range.end;
            continue;
        }
        merged.push((event, range));
    }
    merged
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn doc<'a>(body: &'a str) -> Document<'a> {
        Document {
            file: Path::new("content/essay/a.md"),
            body,
            body_line: 1,
            linker: crate::route::Linker::Site {
                page: "essay/a/index.html",
            },
            first_paragraph: Some(1),
            citations: None,
            natural_citations: false,
            natural_in_notes: false,
            id_scope: None,
            files: None,
            line_starts: Default::default(),
            strings: crate::i18n::Strings::english(),
            search_text: false,
            search_notes: false,
        }
    }
}
