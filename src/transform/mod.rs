//! Transform: every Markdown body of the edition through `markdown`; the essay's standoff
//! layers (glosses, note anchors, citations, glossary terms) found in its text layer and
//! woven in once; paragraph numbers running on across sections; the indexes that fall out of
//! the spans; and every link checked once all pages are known.

mod apparatus;
mod citations;
mod files;
mod glossary;
mod print;

use crate::anchor::BlockText;
use crate::cite::{self, format::Styler};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{BodyHash, Edition, Source, Taken};
use crate::glossary::occurrences;
use crate::mark::{Mark, Marked};
use crate::markdown::{self, links, Document, Prepared, Rendered};
use crate::route::{Linker, Route};
use crate::site::{DocPage, GlossEntry, NotePage, Preview, SectionPage, Site};
use crate::text;
use crate::weave::Span;
use crate::write;
use apparatus::{anchor_all, passage_ref, related_notes, Owner, Placed};
use glossary::{definition, glossary_entries};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The site as data, and whether any page highlights code (which needs the stylesheet).
pub struct Transformed<'a> {
    pub site: Site<'a>,
    /// What makes the print document's parts, each when the document is written.
    pub print: print::PrintMaker<'a>,
    pub has_code: bool,
    /// The site paths that bodies link to as paths: the files beside them to publish.
    pub linked_files: BTreeSet<String>,
    /// Every link to the web, with where it is written, for `check --external`.
    pub web_links: Vec<links::WebLink>,
}

/// How the edition's documents are made: what they share for citations.
pub(crate) struct Docs<'a> {
    pub cite: Option<cite::Context<'a>>,
    /// `citations.natural` in `edition.yaml`.
    pub natural: bool,
    /// What links written as paths can reach.
    pub files: &'a crate::markdown::files::SiteFiles,
    pub strings: &'a crate::i18n::Strings,
}

impl Docs<'_> {
    /// An essay section: its natural citations are found in the text layer, not here.
    fn essay<'b>(&'b self, source: &'b Source, linker: Linker<'b>, first: usize) -> Document<'b> {
        Document {
            first_paragraph: Some(first),
            natural_citations: false,
            natural_in_notes: self.natural,
            id_scope: None,
            line_starts: Default::default(),
            ..self.other(source, linker)
        }
    }

    /// Any other body: a page, a note, a gloss.
    fn other<'b>(&'b self, source: &'b Source, linker: Linker<'b>) -> Document<'b> {
        Document {
            file: &source.file,
            body: &source.body,
            body_line: source.body_line,
            linker,
            first_paragraph: None,
            citations: self.cite.as_ref(),
            natural_citations: self.natural,
            natural_in_notes: self.natural,
            id_scope: None,
            files: Some(self.files),
            line_starts: Default::default(),
            strings: self.strings,
            search_text: false,
            search_notes: false,
        }
    }
}

/// The edition's citation style and how texts find its works and its files: made before the
/// transform, and kept after it for the print document's parts.
pub struct Citing {
    styler: Option<Styler>,
    index: cite::Index,
    files: crate::markdown::files::SiteFiles,
}

/// The citation style read (its problems reported), and the works indexed; the edition's files
/// listed on another core meanwhile, where one core read the style while the others waited.
pub fn citing(edition: &Edition, diags: &mut Diagnostics) -> Citing {
    let (styler, files) = rayon::join(
        || crate::timings::stage("the citation style", || styler(edition, diags)),
        || files::site_files(edition),
    );
    Citing {
        styler,
        index: cite::Index::new(&edition.works).ignoring(&edition.config.citations.ignore),
        files,
    }
}

/// The edition transformed. The pages' and notes' sources (`Edition::take_sources`) are
/// handed over apart from it, and each is let go once its HTML is made.
pub fn transform<'e>(
    edition: &'e Edition,
    taken: Taken,
    citing: &'e Citing,
    diags: &mut Diagnostics,
) -> Transformed<'e> {
    let mut all_links = links::Gathered::default();
    let mut targets = links::Targets {
        notes: edition.notes.iter().map(|n| n.slug.clone()).collect(),
        glosses: edition.glosses.iter().map(|g| g.slug.clone()).collect(),
        terms: edition.glossary.iter().map(|t| t.id.clone()).collect(),
        bib: edition.works.iter().map(|w| w.id.clone()).collect(),
        bib_file: edition.bibliography_file.clone(),
        ..Default::default()
    };
    let mut has_code = false;
    let mut collect = |rendered: &mut Rendered, diags: &mut Diagnostics| {
        diags.extend(std::mem::take(&mut rendered.diagnostics));
        all_links.take(rendered);
        has_code |= rendered.has_code;
    };

    // 0. The citation style, the works, and how texts find them.
    let styler = &citing.styler;
    let docs = Docs {
        cite: styler.as_ref().map(|styler| cite::Context {
            works: &edition.works,
            index: &citing.index,
            styler,
            bibliography: &edition.bibliography_file,
        }),
        natural: edition.config.citations.natural,
        files: &citing.files,
        strings: &edition.strings,
    };

    let paths: Vec<String> = edition
        .sections
        .iter()
        .map(|s| Route::Section(&s.key).file())
        .collect();
    // The essay is written twice from its sources: for its pages and for the print document,
    // where every section is a part whose notes and headings take the part's name.
    let parts: Vec<(String, String, String)> = edition
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let route = Route::Section(&s.key);
            (
                format!("s{}", i + 1),
                route.print_anchor(None).unwrap_or_default(),
                s.reading
                    .map(|r| crate::route::id::paragraphs(&edition.readings[r].slug))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let site_linkers: Vec<Linker<'_>> = paths.iter().map(|p| Linker::Site { page: p }).collect();
    let print_linkers: Vec<Linker<'_>> = paths
        .iter()
        .zip(&parts)
        .map(|(p, (part, headings, paragraphs))| Linker::Print {
            page: p,
            part,
            headings,
            paragraphs,
        })
        .collect();
    // 1–4. Read the essay and find its layers, while the CSL engine formats the bibliography
    // (the slowest single step of a build) on another thread. The essay is read again for the
    // print document below (its problems are the site's, reported once).
    let (formatted, layers) = rayon::join(
        || {
            crate::timings::stage("  the bibliography (beside the essay)", || {
                styler
                    .as_ref()
                    .map(|s| s.bibliography(&edition.works))
                    .unwrap_or_default()
            })
        },
        || {
            let mut layer_diags = Diagnostics::default();
            let layers = essay_layers(edition, &docs, &site_linkers, &mut layer_diags);
            (layers, layer_diags)
        },
    );
    let (layers, layer_diags) = layers;
    diags.extend(layer_diags);
    let Layers {
        prepared,
        blocks,
        block_ranges,
        first_paragraph,
        global_start,
        base,
        mut places,
        marks,
        placed,
        found,
        defined,
    } = layers;
    // The marks written for each output: the site's glosses report their problems, links and
    // citations; the print document's are the same, and dropped.
    let mut links_of_glosses = links::Gathered::default();
    let spans = write_spans(
        edition,
        &docs,
        &marks,
        &blocks,
        &placed,
        &site_linkers,
        Some((&mut links_of_glosses, &mut places, &mut *diags)),
    );
    let print_spans = write_spans(
        edition,
        &docs,
        &marks,
        &blocks,
        &placed,
        &print_linkers,
        None,
    );
    let layer = text_layer(&blocks);
    let terms = &edition.glossary;

    // 5. Weave everything into each section once, and finish its HTML.
    let mut sections = Vec::with_capacity(edition.sections.len());
    // Each section's HTML is its own work, done on every core, and so is the set of its ids
    // that links are checked against; what it reports is gathered after, in the sections'
    // order.
    let finished: Vec<(Rendered, BTreeSet<String>)> = edition
        .sections
        .par_iter()
        .zip(prepared)
        .enumerate()
        .with_max_len(crate::cores::BODIES_AT_ONCE)
        .map(|(i, (section, prep))| {
            let doc = docs.essay(&section.source, site_linkers[i], first_paragraph[i]);
            let mut rendered = markdown::finish(prep, &doc, &spans[i]);
            let mut ids: BTreeSet<String> = std::mem::take(&mut rendered.ids).into_iter().collect();
            ids.extend(spans[i].iter().filter_map(|s| s.id.clone()));
            (rendered, ids)
        })
        .collect();
    // The works each section cites, gathered once: a search of every place for each section
    // would grow with their product.
    let mut cited_in: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); edition.sections.len()];
    for p in &places {
        if let Some(c) = cited_in.get_mut(p.section) {
            c.insert(p.work);
        }
    }
    for (i, (section, (mut rendered, ids))) in edition.sections.iter().zip(finished).enumerate() {
        collect(&mut rendered, diags);
        let before = places.len();
        places.extend(citations::pandoc_in_section(
            i,
            &rendered.citations,
            &block_ranges[i],
            global_start[i],
        ));
        targets.sections.insert(section.key.clone(), ids);
        if let Some(r) = section.reading {
            // `essay:<reading>`: the reading's contents page, which has no ids to link to.
            targets
                .sections
                .entry(format!("{}/", edition.readings[r].slug))
                .or_default();
        }
        let mut cited = std::mem::take(&mut cited_in[i]);
        cited.extend(
            places[before..]
                .iter()
                .filter(|p| p.section == i)
                .map(|p| p.work),
        );
        let mut previews: Vec<Preview> = Vec::new();
        for &t in &defined[i] {
            let (preview, works) = definition(&docs, &terms[t], &paths[i]);
            previews.push(preview);
            cited.extend(works);
        }
        if let Some(ctx) = &docs.cite {
            previews.extend(citations::previews(ctx, &formatted, &cited));
        }
        let (number, total) = match section.reading {
            Some(r) => {
                let range = &edition.readings[r].sections;
                (i - range.start + 1, range.len())
            }
            None => (i + 1, edition.sections.len()),
        };
        sections.push(SectionPage {
            notes: std::mem::take(&mut rendered.notes),
            slug: section.slug.clone(),
            key: section.key.clone(),
            title: section.title.clone(),
            number,
            total,
            path: paths[i].clone(),
            reading: section.reading.map(|r| crate::site::Link {
                title: edition.readings[r].title.clone(),
                path: Route::Reading(&edition.readings[r].slug).file(),
            }),
            reading_index: section.reading,
            print_id: parts[i].1.clone(),
            paragraph_base: base[i],
            first_paragraph: first_paragraph[i],
            last_paragraph: first_paragraph[i] + rendered.paragraphs.saturating_sub(1),
            html: crate::site::Body::new(rendered.html),
            headings: rendered.headings,
            has_code: rendered.has_code,
            previews,
        });
    }
    let page_previews = |rendered: &Rendered| -> Vec<Preview> {
        match &docs.cite {
            Some(ctx) => citations::previews(
                ctx,
                &formatted,
                &rendered.citations.iter().map(|p| p.work).collect(),
            ),
            None => Vec::new(),
        }
    };

    // 6. The pages, the notes and the list of glosses.
    let mut citing: Vec<citations::Citing> = Vec::new();
    let mut pages = Vec::with_capacity(edition.pages.len());
    let mut page_hashes = Vec::with_capacity(edition.pages.len());
    // Each page is made whole on every core: what is left to do in order is what joins the
    // pages (their citations, their links, their ids), which for ten thousand pages was a
    // fifth of a second on one core while the others waited.
    let rendered_pages: Vec<(DocPage, Rendered, BTreeSet<String>, BodyHash)> = edition
        .pages
        .par_iter()
        .zip(taken.pages)
        .with_max_len(crate::cores::BODIES_AT_ONCE)
        .map(|(page, source)| {
            let path = Route::Page(&page.slug).file();
            let mut rendered = markdown::render(&Document {
                search_text: edition.config.search,
                ..docs.other(&source, Linker::Site { page: &path })
            });
            let ids = std::mem::take(&mut rendered.ids).into_iter().collect();
            // What the pages' loop below does not read is let go here, on every core.
            drop(std::mem::take(&mut rendered.headings));
            let made = DocPage {
                text: std::mem::take(&mut rendered.text),
                slug: page.slug.clone(),
                title: page.title.clone(),
                description: page.description.clone(),
                date: page.date.clone(),
                date_shown: page.date.as_deref().map(|d| edition.strings.date(d)),
                path,
                previews: page_previews(&rendered),
                html: crate::site::Body::new(std::mem::take(&mut rendered.html)),
                has_code: rendered.has_code,
            };
            (made, rendered, ids, BodyHash::of(&source.body))
        })
        .collect();
    for (k, (page, (made, mut rendered, ids, hash))) in
        edition.pages.iter().zip(rendered_pages).enumerate()
    {
        page_hashes.push(hash);
        collect(&mut rendered, diags);
        citing.extend(rendered.citations.iter().map(|c| {
            citations::Citing::elsewhere(
                c,
                edition.strings.get("citations.in_pages"),
                &page.title,
                &made.path,
                (2, k),
            )
        }));
        targets.pages.insert(page.slug.clone(), ids);
        pages.push(made);
    }
    let passage = |p: &Placed| passage_ref(edition, &sections, &layer, p);
    let mut notes = Vec::with_capacity(edition.notes.len());
    let mut note_hashes = Vec::with_capacity(edition.notes.len());
    let rendered_notes: Vec<(String, Rendered, BodyHash)> = edition
        .notes
        .par_iter()
        .zip(taken.notes)
        .with_max_len(crate::cores::BODIES_AT_ONCE)
        .map(|(note, source)| {
            let path = Route::Note(&note.slug).file();
            let rendered = markdown::render(&Document {
                search_text: edition.config.search,
                ..docs.other(&source, Linker::Site { page: &path })
            });
            (path, rendered, BodyHash::of(&source.body))
        })
        .collect();
    for (n, (note, (path, mut rendered, hash))) in
        edition.notes.iter().zip(rendered_notes).enumerate()
    {
        note_hashes.push(hash);
        collect(&mut rendered, diags);
        citing.extend(rendered.citations.iter().map(|c| {
            citations::Citing::elsewhere(
                c,
                edition.strings.get("citations.in_notes"),
                &note.title,
                &path,
                (1, n),
            )
        }));
        targets
            .note_ids
            .insert(note.slug.clone(), rendered.ids.iter().cloned().collect());
        let passages: Vec<crate::site::PassageRef> = placed
            .iter()
            .filter(|p| matches!(p.owner, Owner::Note(m, _) if m == n))
            .map(passage)
            .collect();
        let mut readings: Vec<String> = Vec::new();
        for p in &passages {
            if let Some(r) = &p.reading {
                if !readings.contains(r) {
                    readings.push(r.clone());
                }
            }
        }
        notes.push(NotePage {
            text: std::mem::take(&mut rendered.text),
            slug: note.slug.clone(),
            title: note.title.clone(),
            when: note.when.clone(),
            path,
            previews: page_previews(&rendered),
            html: rendered.html,
            passages,
            readings,
            related: related_notes(edition, n, diags),
            has_code: rendered.has_code,
        });
    }
    let mut glosses = Vec::with_capacity(edition.glosses.len());
    let mut cited_in_glosses: BTreeSet<usize> = BTreeSet::new();
    for p in &placed {
        let Owner::Gloss(g) = p.owner else { continue };
        let gloss = &edition.glosses[g];
        let glosses_page = Route::Glosses.file();
        let doc = docs.other(
            &gloss.source,
            Linker::Site {
                page: &glosses_page,
            },
        );
        let mut rendered = markdown::render_inline(&doc, "a gloss");
        // Problems in the gloss's text were reported when it was set in the margin.
        rendered.diagnostics.clear();
        rendered.links.clear();
        rendered.file_links.clear();
        rendered.web_links.clear();
        cited_in_glosses.extend(rendered.citations.iter().map(|c| c.work));
        glosses.push(GlossEntry {
            slug: gloss.slug.clone(),
            html: rendered.html,
            passage: passage(p),
        });
    }

    // 7. The indexes that fall out of the spans, and the links between all pages.
    let glossary = glossary_entries(
        &docs,
        edition,
        &found,
        &sections,
        &mut all_links,
        &mut citing,
        diags,
    );
    let previews_of = |works: &BTreeSet<usize>| match &docs.cite {
        Some(ctx) => citations::previews(ctx, &formatted, works),
        None => Vec::new(),
    };
    let glosses_previews = previews_of(&cited_in_glosses);
    let glossary_previews = previews_of(
        &citing
            .iter()
            .filter(|c| c.order.0 == citations::GLOSSARY_ORDER)
            .map(|c| c.work)
            .collect(),
    );
    citing.extend(
        places
            .iter()
            .map(|p| citations::Citing::in_essay(p, &sections, &edition.strings)),
    );
    let (bibliography, citations) = citations::pages(edition, &formatted, &citing, diags);
    all_links.append(&mut links_of_glosses);
    diags.extend(links::check(&all_links.edition, &targets));
    diags.extend(markdown::files::check(&all_links.files, &targets));
    let linked_files: BTreeSet<String> = all_links
        .files
        .iter()
        .map(|l| l.site_path.clone())
        .collect();
    let mut web_links = std::mem::take(&mut all_links.web);
    web_links.extend(bibliography_links(edition));
    // What makes the print document's parts when it is written: each body is read again in
    // print mode then, so that no body is held in print mode from here on. The definitions
    // are few and short, and made now.
    let empty = print::Empty {
        sections: sections.iter().map(|s| s.html.is_empty()).collect(),
        pages: pages.iter().map(|p| p.html.is_empty()).collect(),
        notes: notes.iter().map(|n| n.html.is_empty()).collect(),
    };
    let definitions = glossary::print_definitions(&docs, edition)
        .into_iter()
        .collect();
    let section_parts = parts
        .into_iter()
        .zip(paths)
        .zip(&first_paragraph)
        .map(
            |(((part, headings, paragraphs), page), &first)| print::SectionPart {
                page,
                part,
                headings,
                paragraphs,
                first_paragraph: first,
            },
        )
        .collect();
    let print = print::PrintMaker {
        docs,
        edition,
        page_hashes,
        note_hashes,
        problems: Default::default(),
        sections: section_parts,
        spans: print_spans,
        definitions,
        empty,
    };
    // The paragraphs' texts are the search's alone. An essay of ten thousand sections has a
    // hundred thousand blocks or more: they are read, and let go, on every core.
    drop(layer);
    let texts: Vec<Vec<String>> = if edition.config.search {
        blocks
            .into_par_iter()
            .map(|bs| {
                bs.iter()
                    .map(|b| b.text.trim().replace('\n', " "))
                    .collect()
            })
            .collect()
    } else {
        blocks.into_par_iter().for_each(drop);
        Vec::new()
    };
    Transformed {
        site: Site {
            config: &edition.config,
            texts,
            strings: &edition.strings,
            readings: edition
                .readings
                .iter()
                .map(|r| crate::site::ReadingPage {
                    slug: r.slug.clone(),
                    title: r.title.clone(),
                    author: r.author.clone(),
                    year: r.year.clone(),
                    source: r.source.clone(),
                    rights: r.rights.clone(),
                    path: Route::Reading(&r.slug).file(),
                    print_path: Route::ReadingPrint(&r.slug).file(),
                    sections: r.sections.clone(),
                })
                .collect(),
            sections,
            pages,
            notes,
            glosses,
            glosses_previews,
            glossary,
            glossary_previews,
            bibliography,
            style_title: styler
                .as_ref()
                .map_or_else(String::new, |s| s.title().to_string()),
            citations,
            custom_css: edition
                .static_files
                .iter()
                .any(|f| f.path == std::path::Path::new(CUSTOM_CSS)),
            pdf: false,
        },
        print,
        has_code,
        linked_files,
        web_links,
    }
}

/// The stylesheet of an edition's own, in `content/static/`, loaded after the theme's.
pub const CUSTOM_CSS: &str = "custom.css";

/// The web addresses of the bibliography's works: their `URL`s and `DOI`s.
fn bibliography_links(edition: &Edition) -> Vec<links::WebLink> {
    use hayagriva::citationberg::json::Value;
    let mut found = Vec::new();
    for work in &edition.works {
        for (field, prefix) in [("URL", ""), ("DOI", "https://doi.org/")] {
            if let Some(Value::String(v)) = work.item.0.get(field) {
                let v = v.trim();
                let v = v.strip_prefix("https://doi.org/").unwrap_or(v);
                found.push(links::WebLink {
                    url: format!("{prefix}{v}"),
                    file: edition.bibliography_file.clone(),
                    line: Some(work.line),
                });
            }
        }
    }
    found
}

/// The essay parsed, its text layer read, and every standoff layer found in it as marks: the
/// state between reading the sections and weaving them, the same for every output.
struct Layers<'a> {
    prepared: Vec<Prepared<'a>>,
    blocks: Vec<Vec<text::Block>>,
    block_ranges: Vec<Vec<(usize, usize)>>,
    first_paragraph: Vec<usize>,
    global_start: Vec<usize>,
    /// For each section, where its reading starts in the text layer (see
    /// `SectionPage::paragraph`).
    base: Vec<usize>,
    places: Vec<citations::EssayPlace>,
    /// The marks of each section's text.
    marks: Vec<Vec<Marked>>,
    placed: Vec<Placed>,
    found: Vec<occurrences::Occurrence>,
    defined: Vec<Vec<usize>>,
}

fn essay_layers<'a>(
    edition: &'a Edition,
    docs: &'a Docs<'a>,
    linkers: &'a [Linker<'a>],
    diags: &mut Diagnostics,
) -> Layers<'a> {
    // 1. Parse every section once and read its text layer, each section on its own core.
    type Read<'p> = (Prepared<'p>, Vec<text::Block>, Vec<(usize, usize)>);
    let read: Vec<Read<'_>> = edition
        .sections
        .par_iter()
        .zip(linkers)
        .with_max_len(crate::cores::BODIES_AT_ONCE)
        .map(|(section, linker)| {
            let doc = Document {
                search_notes: edition.config.search,
                ..docs.essay(&section.source, *linker, 1)
            };
            let p = markdown::prepare(&doc);
            let bs = text::blocks_in(&p.events, Some(&section.source.body));
            // For each block: its source range (to place citations).
            let ranges = bs
                .iter()
                .map(|b| {
                    (
                        p.events[b.first_event].1.start,
                        p.events[b.end_event - 1].1.end,
                    )
                })
                .collect();
            (p, bs, ranges)
        })
        .collect();
    let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(read.len());
    let mut blocks: Vec<Vec<text::Block>> = Vec::with_capacity(read.len());
    let mut block_ranges: Vec<Vec<(usize, usize)>> = Vec::with_capacity(read.len());
    for (p, bs, ranges) in read {
        prepared.push(p);
        blocks.push(bs);
        block_ranges.push(ranges);
    }
    // Paragraph numbers run on across sections, and start again with each reading.
    let mut first_paragraph = Vec::with_capacity(blocks.len());
    let mut global_start = Vec::with_capacity(blocks.len());
    let mut base = Vec::with_capacity(blocks.len());
    let mut count = 0;
    let mut reading_start = 0;
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 && edition.sections[i].reading != edition.sections[i - 1].reading {
            reading_start = count;
        }
        global_start.push(count);
        base.push(reading_start);
        first_paragraph.push(count - reading_start + 1);
        count += b.len();
    }

    // 2. Citations first: their text is protected from glossary terms.
    let mut places = Vec::new();
    let mut marks: Vec<Vec<Marked>> = match (&docs.cite, docs.natural) {
        (Some(ctx), true) => {
            let readings: Vec<Option<usize>> = edition.sections.iter().map(|s| s.reading).collect();
            // A block's lines are found only for the citation a warning names: most blocks
            // have none, and a long essay has a hundred thousand blocks.
            let lines = |s: usize, block: &text::Block| {
                let section = &edition.sections[s];
                let doc = docs.essay(&section.source, linkers[s], 1);
                let events = &prepared[s].events[block.first_event..block.end_event];
                citations::BlockLines {
                    file: &section.source.file,
                    starts: text::event_starts(events)
                        .into_iter()
                        .map(|(at, offset)| (at, doc.line_of(offset)))
                        .collect(),
                }
            };
            citations::natural_in_essay(ctx, &mut blocks, &lines, &readings, &mut places, diags)
        }
        _ => vec![Vec::new(); edition.sections.len()],
    };
    let layer = text_layer(&blocks);

    // 3. Every gloss and note passage, anchored in one pass over the text.
    let placed = anchor_all(edition, &layer, &global_start, &base, diags);
    for p in &placed {
        let mark = match p.owner {
            Owner::Gloss(gloss) => Mark::Gloss { gloss },
            Owner::Note(note, k) => Mark::NotePassage { note, k },
        };
        marks[p.section].push(Marked {
            block: p.local_block,
            start: p.start,
            end: p.end,
            mark,
        });
    }

    // 4. The glossary's terms, found in the same text layer.
    let found = occurrences::find(&edition.glossary, edition.config.glossary.link, &blocks);
    let mut defined: Vec<Vec<usize>> = vec![Vec::new(); edition.sections.len()];
    for o in &found {
        marks[o.section].push(occurrences::marked(o));
        if o.linked && !defined[o.section].contains(&o.term) {
            defined[o.section].push(o.term);
        }
    }

    Layers {
        prepared,
        blocks,
        block_ranges,
        first_paragraph,
        global_start,
        base,
        places,
        marks,
        placed,
        found,
        defined,
    }
}

/// What the site's writing of the glosses reports: their links, their citing places, and
/// their problems.
type GlossReports<'r> = (
    &'r mut links::Gathered,
    &'r mut Vec<citations::EssayPlace>,
    &'r mut Diagnostics,
);

/// Each section's marks written as spans for one output. A gloss's text is written for the
/// same output; `reports`, for the site, gathers what its text links to and cites.
fn write_spans(
    edition: &Edition,
    docs: &Docs<'_>,
    marks: &[Vec<Marked>],
    blocks: &[Vec<text::Block>],
    placed: &[Placed],
    linkers: &[Linker<'_>],
    mut reports: Option<GlossReports<'_>>,
) -> Vec<Vec<Span>> {
    let mut glosses: Vec<write::GlossText> = vec![Default::default(); edition.glosses.len()];
    for p in placed {
        let Owner::Gloss(g) = p.owner else { continue };
        let gloss = &edition.glosses[g];
        let mut rendered =
            markdown::render_inline(&docs.other(&gloss.source, linkers[p.section]), "a gloss");
        if let Some((links, places, diags)) = reports.as_mut() {
            diags.extend(std::mem::take(&mut rendered.diagnostics));
            links.take(&mut rendered);
            places.extend(rendered.citations.iter().map(|c| citations::EssayPlace {
                work: c.work,
                section: p.section,
                global_block: p.global_block,
                locator: c.locator.clone(),
                id: c.id.clone(),
                within: citations::InEssay::Gloss,
            }));
        }
        glosses[g].html = rendered.html;
    }
    // Each gloss is named by its passage; two glosses of a section on the same words are
    // numbered apart, so that no two toggles of a page have one name.
    let mut names: std::collections::HashMap<(usize, String), usize> = Default::default();
    for p in placed {
        let Owner::Gloss(g) = p.owner else { continue };
        let text = &blocks[p.section][p.local_block].text[p.start..p.end];
        let name = write::gloss_name(text, &edition.strings);
        let seen = names.entry((p.section, name.clone())).or_default();
        *seen += 1;
        glosses[g].name = if *seen > 1 {
            format!("{name} ({seen})")
        } else {
            name
        };
    }
    marks
        .iter()
        .zip(linkers)
        .map(|(section, linker)| {
            section
                .iter()
                .map(|m| write::span(m, edition, linker, &|g| glosses[g].clone()))
                .collect()
        })
        .collect()
}

fn text_layer(blocks: &[Vec<text::Block>]) -> Vec<BlockText<'_>> {
    blocks
        .iter()
        .enumerate()
        .flat_map(|(s, bs)| {
            bs.iter().map(move |b| BlockText {
                section: s,
                text: &b.text,
            })
        })
        .collect()
}

use crate::config::CONFIG_FILE;

/// The edition's CSL style; an unknown name is an error that names it.
fn styler(edition: &Edition, diags: &mut Diagnostics) -> Option<Styler> {
    let name = &edition.config.citations.style;
    let language = &edition.config.language;
    if name.ends_with(".csl") {
        let xml = match crate::read::required(&edition.root, std::path::Path::new(name)) {
            Ok(xml) => xml,
            Err(d) => {
                // Where the name is written, which is what to fix.
                let line = crate::read::optional(&edition.root, std::path::Path::new(CONFIG_FILE))
                    .ok()
                    .flatten()
                    .and_then(|text| crate::diagnostic::line_of_value(&text, "style", name));
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        line,
                        format!("the style file `{name}` cannot be used: {}", d.message),
                    )
                    .with_span(name.clone())
                    .with_help(
                        "`citations.style` names a CSL file by its path from the edition's folder, or a bundled style (`glossator styles`)",
                    ),
                );
                return None;
            }
        };
        return match Styler::from_csl(&xml, language) {
            Ok(styler) => Some(styler),
            Err(why) => {
                diags.push(
                    Diagnostic::error(name.as_str(), None, format!("not a CSL style glossator can use: {why}"))
                        .with_help("a CSL 1.0 style file, e.g. one from https://github.com/citation-style-language/styles"),
                );
                None
            }
        };
    }
    let styler = Styler::new(name, language);
    if styler.is_none() {
        let mut names: Vec<&str> = cite::format::bundled()
            .into_iter()
            .flat_map(|b| b.names.iter().copied())
            .collect();
        names.sort_by_key(|n| cite::edit_distance(n, name));
        let line = crate::read::optional(&edition.root, std::path::Path::new(CONFIG_FILE))
            .ok()
            .flatten()
            .and_then(|text| crate::diagnostic::line_of_value(&text, "style", name));
        diags.push(
            Diagnostic::error(CONFIG_FILE, line, format!("no CSL style is named `{name}`"))
                .with_help(format!(
                    "the nearest bundled styles are {}; `glossator styles` lists them all, or name a .csl file of the edition",
                    names[..3.min(names.len())].join(", ")
                )),
        );
    }
    styler
}
