//! The glossary's page and the definitions that term links show.

use super::Docs;
use crate::diagnostic::Diagnostics;
use crate::edition::Edition;
use crate::glossary::occurrences::{self, Occurrence};
use crate::markdown::{self, links, Document};
use crate::route::{Linker, Route};
use crate::site::{GlossaryEntry, Link, OccurrenceGroup, OccurrenceRef, Preview, SectionPage};

fn term_document<'a>(
    docs: &'a Docs<'a>,
    term: &'a crate::glossary::Term,
    linker: Linker<'a>,
) -> Document<'a> {
    Document {
        file: std::path::Path::new(crate::glossary::GLOSSARY_FILE),
        body: &term.definition,
        body_line: term.line,
        linker,
        first_paragraph: None,
        citations: docs.cite.as_ref(),
        natural_citations: docs.natural,
        natural_in_notes: docs.natural,
        id_scope: Some(&term.id),
        files: Some(docs.files),
        line_starts: Default::default(),
        strings: docs.strings,
        search_text: false,
        search_notes: false,
    }
}

/// A term's definition as the popover of a section page shows it, and the works it cites
/// (whose previews the page needs too). Its problems are reported once, by the glossary page.
pub(super) fn definition(
    docs: &Docs<'_>,
    term: &crate::glossary::Term,
    page_path: &str,
) -> (Preview, Vec<usize>) {
    let linker = Linker::Site { page: page_path };
    let rendered = markdown::render(&term_document(docs, term, linker));
    let title = markdown::escape(&term.term);
    let preview = Preview {
        id: crate::route::id::definition(&term.id),
        html: format!(
            r#"<p class="term-definition-title">{title}</p>{}"#,
            rendered.html
        ),
    };
    (preview, rendered.citations.iter().map(|c| c.work).collect())
}

/// The glossary page: every term alphabetically, its see-also both ways, and each occurrence.
pub(super) fn glossary_entries(
    docs: &Docs<'_>,
    edition: &Edition,
    found: &[Occurrence],
    sections: &[SectionPage],
    all_links: &mut links::Gathered,
    cited: &mut Vec<super::citations::Citing>,
    diags: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let terms = &edition.glossary;
    let link_to = |t: usize| Link {
        title: terms[t].term.clone(),
        path: Route::Glossary.at(&terms[t].id),
    };
    // Each term's occurrences, gathered in one pass (not one pass per term).
    let mut by_term: Vec<Vec<&Occurrence>> = vec![Vec::new(); terms.len()];
    for o in found {
        by_term[o.term].push(o);
    }
    let mut entries: Vec<GlossaryEntry> = terms
        .iter()
        .enumerate()
        .map(|(t, term)| {
            let page = Route::Glossary.file();
            let mut rendered =
                markdown::render(&term_document(docs, term, Linker::Site { page: &page }));
            diags.extend(std::mem::take(&mut rendered.diagnostics));
            all_links.take(&mut rendered);
            cited.extend(rendered.citations.iter().map(|c| {
                super::citations::Citing::elsewhere(
                    c,
                    edition.strings.get("citations.in_glossary"),
                    &term.term,
                    &page,
                    (super::citations::GLOSSARY_ORDER, t),
                )
            }));
            let mut see: Vec<usize> = terms
                .iter()
                .enumerate()
                .filter(|(u, other)| {
                    *u != t
                        && (term.see_also.contains(&other.id) || other.see_also.contains(&term.id))
                })
                .map(|(u, _)| u)
                .collect();
            see.sort_by_key(|&u| terms[u].term.to_lowercase());
            let occurrences: Vec<OccurrenceRef> = by_term[t]
                .iter()
                .map(|o| OccurrenceRef {
                    section_title: sections[o.section].title.clone(),
                    reading: sections[o.section]
                        .reading
                        .as_ref()
                        .map(|r| r.title.clone()),
                    paragraph: sections[o.section].paragraph(o.global_block),
                    path: format!(
                        "{}#{}",
                        sections[o.section].path,
                        occurrences::place_id(term, o)
                    ),
                    linked: o.linked,
                    repeat: None,
                })
                .collect();
            // Several occurrences in one paragraph are told apart: ¶43, ¶43 (2nd).
            let mut occurrences = occurrences;
            let mut seen: std::collections::HashMap<(usize, Option<String>), usize> =
                Default::default();
            for o in &mut occurrences {
                let same = seen.entry((o.paragraph, o.reading.clone())).or_default();
                *same += 1;
                if *same > 1 {
                    o.repeat = Some(edition.strings.ordinal(*same));
                }
            }
            let count = occurrences.len();
            let mut groups: Vec<OccurrenceGroup> = Vec::new();
            for o in occurrences {
                match groups.last_mut() {
                    Some(g) if g.section_title == o.section_title && g.reading == o.reading => {
                        g.places.push(o)
                    }
                    _ => groups.push(OccurrenceGroup {
                        section_title: o.section_title.clone(),
                        first_of_reading: o.reading.is_some()
                            && groups.last().is_none_or(|g| g.reading != o.reading),
                        reading: o.reading.clone(),
                        places: vec![o],
                    }),
                }
            }
            GlossaryEntry {
                id: term.id.clone(),
                term: term.term.clone(),
                forms: term.forms.clone(),
                html: rendered.html,
                see_also: see.into_iter().map(link_to).collect(),
                groups,
                count,
            }
        })
        .collect();
    entries.sort_by_key(|e| e.term.to_lowercase());
    entries
}

/// Every definition as the print document's glossary sets it, by term.
pub(super) fn print_definitions(docs: &Docs<'_>, edition: &Edition) -> Vec<(String, String)> {
    let page = Route::Glossary.file();
    use rayon::prelude::*;
    edition
        .glossary
        .par_iter()
        .enumerate()
        .map(|(k, term)| {
            let part = format!("gl{}", k + 1);
            let headings = format!("gl-{}", term.id);
            let linker = Linker::Print {
                page: &page,
                part: &part,
                headings: &headings,
                paragraphs: "",
            };
            let rendered = markdown::render(&term_document(docs, term, linker));
            (term.id.clone(), rendered.html)
        })
        .collect()
}
