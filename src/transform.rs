//! Transform: every Markdown body of the edition through `markdown`, the standoff apparatus
//! (glosses, note anchors) anchored in the essay's text layer and woven in, paragraph numbers
//! running on across sections, and every link checked once all pages are known.

use crate::anchor::{self, BlockText, Passage, Selector, Unresolved};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{Anchor, Edition, Source};
use crate::glossary::occurrences::{self, Occurrence};
use crate::markdown::{self, links, Document, Prepared, Rendered};
use crate::render::{
    Definition, DocPage, GlossEntry, GlossaryEntry, Link, NotePage, OccurrenceGroup, OccurrenceRef,
    PassageRef, SectionPage,
};
use crate::site_path;
use crate::text;
use crate::weave::Span;
use std::collections::BTreeSet;

pub struct Transformed {
    pub sections: Vec<SectionPage>,
    pub pages: Vec<DocPage>,
    pub notes: Vec<NotePage>,
    /// Every gloss, in the order of the text.
    pub glosses: Vec<GlossEntry>,
    /// The glossary's entries, alphabetically.
    pub glossary: Vec<GlossaryEntry>,
    pub has_code: bool,
}

/// What an anchored selector belongs to.
#[derive(Clone, Copy)]
enum Owner {
    Gloss(usize),
    Note(usize, usize),
}

/// A resolved passage with where it sits: the section, its block there, the ¶ number.
#[derive(Clone)]
struct Placed {
    owner: Owner,
    section: usize,
    local_block: usize,
    global_block: usize,
    start: usize,
    end: usize,
}

pub fn transform(edition: &Edition, diags: &mut Diagnostics) -> Transformed {
    let mut all_links = Vec::new();
    let mut targets = links::Targets {
        notes: edition.notes.iter().map(|n| n.slug.clone()).collect(),
        glosses: edition.glosses.iter().map(|g| g.slug.clone()).collect(),
        terms: edition.glossary.iter().map(|t| t.id.clone()).collect(),
        bib: edition.bib_ids.clone(),
        ..Default::default()
    };
    let mut has_code = false;
    let mut collect = |rendered: &mut Rendered, diags: &mut Diagnostics| {
        diags.extend(std::mem::take(&mut rendered.diagnostics));
        all_links.append(&mut rendered.links);
        has_code |= rendered.has_code;
    };

    // 1. Parse every section once and read its text layer.
    let paths: Vec<String> = edition
        .sections
        .iter()
        .map(|s| site_path::section(&s.slug))
        .collect();
    let mut prepared: Vec<Prepared<'_>> = Vec::new();
    let mut blocks: Vec<Vec<text::Block>> = Vec::new();
    for (section, path) in edition.sections.iter().zip(&paths) {
        let p = markdown::prepare(&document(&section.source, path, Some(1)));
        blocks.push(text::blocks(&p.events));
        prepared.push(p);
    }
    let mut first_paragraph = Vec::with_capacity(blocks.len());
    let mut global_start = Vec::with_capacity(blocks.len());
    let mut count = 0;
    for b in &blocks {
        global_start.push(count);
        first_paragraph.push(count + 1);
        count += b.len();
    }
    let layer: Vec<BlockText<'_>> = blocks
        .iter()
        .enumerate()
        .flat_map(|(s, bs)| {
            bs.iter().map(move |b| BlockText {
                section: s,
                text: &b.text,
            })
        })
        .collect();

    // 2. Anchor every gloss and note passage in one pass over the text.
    let placed = anchor_all(edition, &layer, &global_start, diags);

    let mut all_links_of_glosses = Vec::new();
    // 3. Weave the passages into their sections and finish each section's HTML.
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); edition.sections.len()];
    for p in &placed {
        let span = span_for(
            edition,
            p,
            &paths[p.section],
            &mut all_links_of_glosses,
            diags,
        );
        spans[p.section].push(span);
    }
    // The glossary's terms, found in the same text layer and woven in the same pass.
    let terms = &edition.glossary;
    let found = occurrences::find(terms, edition.config.glossary.link, &blocks);
    let mut definitions: Vec<Vec<usize>> = vec![Vec::new(); edition.sections.len()];
    for o in &found {
        spans[o.section].push(occurrences::span(&terms[o.term], o, &paths[o.section]));
        if o.linked && !definitions[o.section].contains(&o.term) {
            definitions[o.section].push(o.term);
        }
    }
    let mut sections = Vec::with_capacity(edition.sections.len());
    for (i, (section, prep)) in edition.sections.iter().zip(prepared).enumerate() {
        let doc = document(&section.source, &paths[i], Some(first_paragraph[i]));
        let mut rendered = markdown::finish(prep, &doc, &spans[i]);
        collect(&mut rendered, diags);
        let mut ids: BTreeSet<String> = rendered.ids.iter().cloned().collect();
        ids.extend(spans[i].iter().filter_map(|s| s.id.clone()));
        targets.sections.insert(section.slug.clone(), ids);
        sections.push(SectionPage {
            slug: section.slug.clone(),
            title: section.title.clone(),
            number: i + 1,
            path: paths[i].clone(),
            first_paragraph: first_paragraph[i],
            last_paragraph: first_paragraph[i] + rendered.paragraphs.saturating_sub(1),
            html: rendered.html,
            headings: rendered.headings,
            has_code: rendered.has_code,
            definitions: definitions[i]
                .iter()
                .map(|&t| definition(&terms[t], &paths[i]))
                .collect(),
        });
    }

    // 4. The pages, the notes and the list of glosses.
    let mut pages = Vec::with_capacity(edition.pages.len());
    for page in &edition.pages {
        let path = site_path::page(&page.slug);
        let mut rendered = markdown::render(&document(&page.source, &path, None));
        collect(&mut rendered, diags);
        targets
            .pages
            .insert(page.slug.clone(), rendered.ids.iter().cloned().collect());
        pages.push(DocPage {
            slug: page.slug.clone(),
            title: page.title.clone(),
            path,
            html: rendered.html,
            has_code: rendered.has_code,
        });
    }
    let passage = |p: &Placed| passage_ref(edition, &sections, &layer, p);
    let mut notes = Vec::with_capacity(edition.notes.len());
    for (n, note) in edition.notes.iter().enumerate() {
        let path = site_path::note(&note.slug);
        let mut rendered = markdown::render(&document(&note.source, &path, None));
        collect(&mut rendered, diags);
        let passages = placed
            .iter()
            .filter(|p| matches!(p.owner, Owner::Note(m, _) if m == n))
            .map(passage)
            .collect();
        notes.push(NotePage {
            slug: note.slug.clone(),
            title: note.title.clone(),
            when: note.when.clone(),
            path,
            html: rendered.html,
            passages,
            related: related_notes(edition, n, diags),
            has_code: rendered.has_code,
        });
    }
    let mut glosses = Vec::with_capacity(edition.glosses.len());
    for p in &placed {
        let Owner::Gloss(g) = p.owner else { continue };
        let gloss = &edition.glosses[g];
        let doc = document(&gloss.source, "glosses/index.html", None);
        let mut rendered = markdown::render_inline(&doc, "a gloss");
        // Problems in the gloss's text were reported when it was set in the margin.
        rendered.diagnostics.clear();
        rendered.links.clear();
        glosses.push(GlossEntry {
            slug: gloss.slug.clone(),
            html: rendered.html,
            passage: passage(p),
        });
    }

    let glossary = glossary_entries(edition, &found, &sections, &mut all_links, diags);
    all_links.append(&mut all_links_of_glosses);
    diags.extend(links::check(&all_links, &targets));
    Transformed {
        sections,
        pages,
        notes,
        glosses,
        glossary,
        has_code,
    }
}

fn term_document<'a>(term: &'a crate::glossary::Term, page_path: &'a str) -> Document<'a> {
    Document {
        file: std::path::Path::new(crate::glossary::GLOSSARY_FILE),
        body: &term.definition,
        body_line: term.line,
        page_path,
        first_paragraph: None,
    }
}

/// A term's definition as the popover of a section page shows it. Its problems are reported
/// once, by the glossary page.
fn definition(term: &crate::glossary::Term, page_path: &str) -> Definition {
    let rendered = markdown::render(&term_document(term, page_path));
    Definition {
        id: term.id.clone(),
        term: term.term.clone(),
        html: rendered.html,
    }
}

/// The glossary page: every term alphabetically, its see-also both ways, and each occurrence.
fn glossary_entries(
    edition: &Edition,
    found: &[Occurrence],
    sections: &[SectionPage],
    all_links: &mut Vec<links::EditionLink>,
    diags: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let terms = &edition.glossary;
    let link_to = |t: usize| Link {
        title: terms[t].term.clone(),
        path: format!("glossary/index.html#{}", terms[t].id),
    };
    let mut entries: Vec<GlossaryEntry> = terms
        .iter()
        .enumerate()
        .map(|(t, term)| {
            let mut rendered = markdown::render(&term_document(term, "glossary/index.html"));
            diags.extend(std::mem::take(&mut rendered.diagnostics));
            all_links.append(&mut rendered.links);
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
            let occurrences: Vec<OccurrenceRef> = found
                .iter()
                .filter(|o| o.term == t)
                .map(|o| OccurrenceRef {
                    section_title: sections[o.section].title.clone(),
                    paragraph: o.global_block + 1,
                    path: format!(
                        "{}#{}",
                        sections[o.section].path,
                        occurrences::place_id(term, o)
                    ),
                    linked: o.linked,
                })
                .collect();
            let count = occurrences.len();
            let mut groups: Vec<OccurrenceGroup> = Vec::new();
            for o in occurrences {
                match groups.last_mut() {
                    Some(g) if g.section_title == o.section_title => g.places.push(o),
                    _ => groups.push(OccurrenceGroup {
                        section_title: o.section_title.clone(),
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

fn document<'a>(
    source: &'a Source,
    page_path: &'a str,
    first_paragraph: Option<usize>,
) -> Document<'a> {
    Document {
        file: &source.file,
        body: &source.body,
        body_line: source.body_line,
        page_path,
        first_paragraph,
    }
}

/// Resolves every anchor of every gloss and note; reports those that match no place or more
/// than one, all of them at once. The result is in the order of the text.
fn anchor_all(
    edition: &Edition,
    layer: &[BlockText<'_>],
    global_start: &[usize],
    diags: &mut Diagnostics,
) -> Vec<Placed> {
    let mut owners = Vec::new();
    let mut selectors = Vec::new();
    let mut add =
        |owner: Owner, anchor: &Anchor, file: &std::path::Path, diags: &mut Diagnostics| {
            let section = match &anchor.section {
                None => None,
                Some(slug) => match edition.sections.iter().position(|s| &s.slug == slug) {
                    Some(i) => Some(i),
                    None => {
                        let known: Vec<&str> =
                            edition.sections.iter().map(|s| s.slug.as_str()).collect();
                        diags.push(
                            Diagnostic::error(
                                file,
                                Some(anchor.line),
                                format!("the anchor names no section `{slug}`"),
                            )
                            .with_help(format!("the sections are: {}", known.join(", "))),
                        );
                        return;
                    }
                },
            };
            owners.push((owner, anchor.clone(), file.to_path_buf()));
            selectors.push(Selector {
                quote: anchor.quote.clone(),
                prefix: anchor.prefix.clone(),
                suffix: anchor.suffix.clone(),
                section,
            });
        };
    for (g, gloss) in edition.glosses.iter().enumerate() {
        add(Owner::Gloss(g), &gloss.anchor, &gloss.source.file, diags);
    }
    for (n, note) in edition.notes.iter().enumerate() {
        if note.anchors.is_empty() {
            diags.push(
                Diagnostic::warning(
                    &note.source.file,
                    Some(1),
                    "the note is anchored to no passage",
                )
                .with_help("add `anchors:` with the passages of the essay that the note explains"),
            );
        }
        for (k, a) in note.anchors.iter().enumerate() {
            add(Owner::Note(n, k), a, &note.source.file, diags);
        }
    }

    let results = anchor::resolve(layer, &selectors);
    let mut placed = Vec::new();
    for ((owner, anchor, file), result) in owners.into_iter().zip(results) {
        match result {
            Ok(Passage { block, start, end }) => {
                let section = layer[block].section;
                placed.push(Placed {
                    owner,
                    section,
                    local_block: block - global_start[section],
                    global_block: block,
                    start,
                    end,
                });
            }
            Err(why) => diags.push(unresolved(edition, layer, &anchor, &file, why)),
        }
    }
    placed.sort_by_key(|p| (p.global_block, p.start, std::cmp::Reverse(p.end)));
    placed
}

fn unresolved(
    edition: &Edition,
    layer: &[BlockText<'_>],
    anchor: &Anchor,
    file: &std::path::Path,
    why: Unresolved,
) -> Diagnostic {
    let quote = anchor::normalize(&anchor.quote);
    let place = |p: &Passage| {
        format!(
            "¶{} ({}): “{}”",
            p.block + 1,
            edition.sections[layer[p.block].section].slug,
            anchor::context(layer[p.block].text, p, 30)
        )
    };
    let at = Some(anchor.line);
    match why {
        Unresolved::Empty => Diagnostic::error(file, at, "the anchor's quote is empty")
            .with_help("quote a passage of the essay: `quote: the passage`"),
        Unresolved::NotFound { elsewhere } if !elsewhere.is_empty() => Diagnostic::error(
            file,
            at,
            format!(
                "the quote “{quote}” is not in section `{}`",
                anchor.section.as_deref().unwrap_or_default()
            ),
        )
        .with_help(format!(
            "it is at {}; change or remove `section:`",
            elsewhere.iter().map(place).collect::<Vec<_>>().join("; ")
        )),
        Unresolved::NotFound { .. } => {
            let narrowed = anchor.prefix.is_some() || anchor.suffix.is_some();
            Diagnostic::error(
                file,
                at,
                format!(
                    "the quote “{quote}”{} is not in the essay",
                    if narrowed {
                        " with its prefix and suffix"
                    } else {
                        ""
                    }
                ),
            )
            .with_help(
                "copy the passage as the essay has it: Markdown formatting, white space and the \
                 kind of quotation marks do not matter, but every letter does",
            )
        }
        Unresolved::Ambiguous { places, count } => {
            let mut help = format!("it matches {count} places:");
            for (i, p) in places.iter().enumerate() {
                help.push_str(&format!("\n  {}", place(p)));
                if let Some((side, words)) = anchor::distinguishing_context(layer, &places, i) {
                    let key = match side {
                        anchor::Side::Prefix => "prefix",
                        anchor::Side::Suffix => "suffix",
                    };
                    help.push_str(&format!(" → add `{key}: \"{words}\"` for this one"));
                }
            }
            Diagnostic::error(
                file,
                at,
                format!("the quote “{quote}” matches more than one place"),
            )
            .with_help(help)
        }
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("String");
    out
}

/// The marked passage and the apparatus set after it, for a gloss or a note anchor.
fn span_for(
    edition: &Edition,
    p: &Placed,
    page_path: &str,
    links_out: &mut Vec<links::EditionLink>,
    diags: &mut Diagnostics,
) -> Span {
    match p.owner {
        Owner::Gloss(g) => {
            let gloss = &edition.glosses[g];
            let doc = document(&gloss.source, page_path, None);
            let mut rendered = markdown::render_inline(&doc, "a gloss");
            diags.extend(std::mem::take(&mut rendered.diagnostics));
            links_out.append(&mut rendered.links);
            let slug = escape(&gloss.slug);
            Span {
                block: p.local_block,
                start: p.start,
                end: p.end,
                element: "mark",
                attributes: format!(r#"class="passage gloss-passage" data-gloss="{slug}""#),
                id: Some(format!("passage-{slug}")),
                after: format!(
                    concat!(
                        r#"<sup class="gloss-mark" data-apparatus aria-hidden="true">◊</sup>"#,
                        r#"<button type="button" class="note-toggle gloss-toggle" aria-expanded="false" aria-controls="gloss-{slug}" data-apparatus>"#,
                        r#"<span aria-hidden="true">◊</span><span class="visually-hidden">Gloss</span></button>"#,
                        r#"<span class="gloss" id="gloss-{slug}" role="note" data-apparatus>"#,
                        r#"<span class="gloss-label">Gloss</span> {html}</span>"#
                    ),
                    slug = slug,
                    html = rendered.html
                ),
            }
        }
        Owner::Note(n, k) => {
            let note = &edition.notes[n];
            let slug = escape(&note.slug);
            let href = site_path::relative(page_path, &site_path::note(&note.slug));
            Span {
                block: p.local_block,
                start: p.start,
                end: p.end,
                element: "mark",
                attributes: format!(r#"class="passage note-passage" data-note="{slug}""#),
                id: Some(format!("note-{slug}-{}", k + 1)),
                after: format!(
                    concat!(
                        r#"<a class="note-ref" href="{href}" data-apparatus>"#,
                        r#"<span aria-hidden="true">†</span>"#,
                        r#"<span class="visually-hidden">Historical note: </span>"#,
                        r#"<span class="note-ref-title">{title}</span></a>"#
                    ),
                    href = href,
                    title = escape(&note.title)
                ),
            }
        }
    }
}

fn passage_ref(
    edition: &Edition,
    sections: &[SectionPage],
    layer: &[BlockText<'_>],
    p: &Placed,
) -> PassageRef {
    let text = layer[p.global_block].text;
    let id = match p.owner {
        Owner::Gloss(g) => format!("passage-{}", edition.glosses[g].slug),
        Owner::Note(n, k) => format!("note-{}-{}", edition.notes[n].slug, k + 1),
    };
    let (before, after) = surrounding(text, p.start, p.end, 60);
    PassageRef {
        section_title: sections[p.section].title.clone(),
        section_slug: sections[p.section].slug.clone(),
        paragraph: p.global_block + 1,
        path: format!("{}#{id}", sections[p.section].path),
        text: text[p.start..p.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        before,
        after,
    }
}

/// Up to `around` bytes of context on each side, cut at word boundaries.
fn surrounding(text: &str, start: usize, end: usize, around: usize) -> (String, String) {
    let mut from = start.saturating_sub(around);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + around).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let mut before = &text[from..start];
    if from > 0 {
        before = before.split_once(' ').map_or(before, |(_, rest)| rest);
    }
    let mut after = &text[end..to];
    if to < text.len() {
        after = after.rsplit_once(' ').map_or(after, |(rest, _)| rest);
    }
    let fold = |s: &str| {
        let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // Keep the space next to the passage, if there was one.
        (
            t,
            s.starts_with(char::is_whitespace),
            s.ends_with(char::is_whitespace),
        )
    };
    let (b, _, b_space) = fold(before);
    let (a, a_space, _) = fold(after);
    let before = format!(
        "{}{b}{}",
        if from > 0 { "…" } else { "" },
        if b_space { " " } else { "" }
    );
    let after = format!(
        "{}{a}{}",
        if a_space { " " } else { "" },
        if to < text.len() { "…" } else { "" }
    );
    (before, after)
}

/// The notes this note names in `related`, and those that name it: the relation runs both ways.
fn related_notes(edition: &Edition, n: usize, diags: &mut Diagnostics) -> Vec<Link> {
    let note = &edition.notes[n];
    let mut related: Vec<usize> = Vec::new();
    for slug in &note.related {
        match edition.notes.iter().position(|m| &m.slug == slug) {
            Some(m) if m == n => diags.push(Diagnostic::warning(
                &note.source.file,
                Some(note.related_line),
                "the note names itself in `related`",
            )),
            Some(m) => related.push(m),
            None => {
                let known: Vec<&str> = edition.notes.iter().map(|m| m.slug.as_str()).collect();
                diags.push(
                    Diagnostic::error(
                        &note.source.file,
                        Some(note.related_line),
                        format!("`related` names no note `{slug}`"),
                    )
                    .with_help(format!("the notes are: {}", known.join(", "))),
                );
            }
        }
    }
    for (m, other) in edition.notes.iter().enumerate() {
        if m != n && other.related.contains(&note.slug) {
            related.push(m);
        }
    }
    related.sort_unstable();
    related.dedup();
    related
        .into_iter()
        .map(|m| Link {
            title: edition.notes[m].title.clone(),
            path: site_path::note(&edition.notes[m].slug),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::surrounding;

    #[test]
    fn context_is_cut_at_words_and_keeps_the_space_by_the_passage() {
        let text = "the poor were displaced in that role by the citizen and poverty became an ill";
        let start = text.find("the citizen").unwrap();
        let (before, after) = surrounding(text, start, start + "the citizen".len(), 20);
        assert_eq!(before, "…in that role by ");
        assert_eq!(after, " and poverty became…");
    }
}
