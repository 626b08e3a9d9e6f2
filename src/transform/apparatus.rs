//! Glosses and historical notes: their passages anchored in the essay's text layer, and what
//! their pages show of each passage. The marks of the passages are written by `write`.

use crate::anchor::{self, BlockText, Passage, Selector, Unresolved};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::{Anchor, Edition};
use crate::markdown;
use crate::route::id;
use crate::site::{Link, PassageRef, SectionPage};

/// What an anchored selector belongs to.
#[derive(Clone, Copy)]
pub(super) enum Owner {
    Gloss(usize),
    Note(usize, usize),
}

/// A resolved passage with where it sits: the section, its block there, the ¶ number.
#[derive(Clone)]
pub(super) struct Placed {
    pub owner: Owner,
    pub section: usize,
    pub local_block: usize,
    pub global_block: usize,
    pub start: usize,
    pub end: usize,
}

/// Resolves every anchor of every gloss and note; reports those that match no place or more
/// than one, all of them at once. The result is in the order of the text.
pub(super) fn anchor_all(
    edition: &Edition,
    layer: &[BlockText<'_>],
    global_start: &[usize],
    base: &[usize],
    diags: &mut Diagnostics,
) -> Vec<Placed> {
    let mut owners = Vec::new();
    let mut selectors = Vec::new();
    let mut add = |owner: Owner,
                   anchor: &Anchor,
                   home: Option<usize>,
                   file: &std::path::Path,
                   diags: &mut Diagnostics| {
        let Some(narrow) = reading_of(edition, anchor, home, file, diags) else {
            return;
        };
        let (reading, unnamed) = match narrow {
            Narrow::Whole => (None, false),
            Narrow::Reading(r) => (Some(r), false),
            Narrow::Unnamed => (None, true),
        };
        let range = reading.map(|r| edition.readings[r].sections.clone());
        let candidates = range.clone().unwrap_or(0..edition.sections.len());
        let sections = match &anchor.section {
            None => range,
            Some(slug) => match candidates
                .clone()
                .find(|&i| &edition.sections[i].slug == slug)
            {
                Some(i) => Some(i..i + 1),
                None => {
                    let known: Vec<&str> = edition.sections[candidates]
                        .iter()
                        .map(|s| s.slug.as_str())
                        .collect();
                    let within = reading
                        .map(|r| format!(" of reading `{}`", edition.readings[r].slug))
                        .unwrap_or_default();
                    // A section of that name in another reading is likely what was meant.
                    let elsewhere: Vec<String> = edition
                        .sections
                        .iter()
                        .filter(|s| &s.slug == slug && s.reading.is_some())
                        .filter_map(|s| s.reading)
                        .map(|r| format!("`{}`", edition.readings[r].slug))
                        .collect();
                    let mut help = format!("the sections{within} are: {}", known.join(", "));
                    if !elsewhere.is_empty() {
                        help.push_str(&format!(
                            "; `{slug}` is a section of reading {}",
                            elsewhere.join(", ")
                        ));
                    }
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(anchor.line),
                            format!("the anchor names no section `{slug}`{within}"),
                        )
                        .with_help(help),
                    );
                    return;
                }
            },
        };
        owners.push((owner, anchor.clone(), file.to_path_buf(), reading, unnamed));
        selectors.push(Selector {
            quote: anchor.quote.clone(),
            prefix: anchor.prefix.clone(),
            suffix: anchor.suffix.clone(),
            sections,
        });
    };
    for (g, gloss) in edition.glosses.iter().enumerate() {
        add(
            Owner::Gloss(g),
            &gloss.anchor,
            gloss.home,
            &gloss.source.file,
            diags,
        );
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
            add(Owner::Note(n, k), a, note.home, &note.source.file, diags);
        }
    }

    let results = anchor::resolve(layer, &selectors);
    let mut placed = Vec::new();
    for ((owner, anchor, file, reading, unnamed), result) in owners.into_iter().zip(results) {
        if unnamed {
            diags.push(unnamed_reading(
                edition, layer, base, &anchor, &file, result,
            ));
            continue;
        }
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
            Err(why) => diags.push(
                unresolved(edition, layer, base, (&anchor, reading), &file, why)
                    .with_span(anchor.quote.trim()),
            ),
        }
    }
    placed.sort_by_key(|p| (p.global_block, p.start, std::cmp::Reverse(p.end)));
    placed
}

/// Where an anchor's passage is looked for.
enum Narrow {
    /// The whole text: an edition of one essay.
    Whole,
    Reading(usize),
    /// A shared anchor of a course that names no reading: an error, whose help says where
    /// the quote is.
    Unnamed,
}

/// The reading an anchor's passage is in: its own folder's, the one `reading:` names, or in
/// an edition of one text the whole text. `None` after an error.
fn reading_of(
    edition: &Edition,
    anchor: &Anchor,
    home: Option<usize>,
    file: &std::path::Path,
    diags: &mut Diagnostics,
) -> Option<Narrow> {
    let readings = &edition.readings;
    let slugs = || {
        readings
            .iter()
            .map(|r| format!("`{}`", r.slug))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let at = Some(anchor.line);
    let named = match &anchor.reading {
        None => None,
        Some(_) if readings.is_empty() => {
            diags.push(
                Diagnostic::error(
                    file,
                    at,
                    "the anchor names a reading, but the edition has no readings",
                )
                .with_help(
                    "remove `reading:`; an edition of one essay (content/essay/) has no readings",
                ),
            );
            return None;
        }
        Some(slug) => match readings.iter().position(|r| &r.slug == slug) {
            Some(r) => Some(r),
            None => {
                let nearest = crate::diagnostic::nearest(
                    slug,
                    readings.iter().map(|r| r.slug.as_str()),
                    |d| d * 3 <= slug.len(),
                );
                let help = match nearest {
                    Some(r) => {
                        format!("did you mean `reading: {r}`? The readings are: {}", slugs())
                    }
                    None => format!("the readings are: {}", slugs()),
                };
                diags.push(
                    Diagnostic::error(file, at, format!("the anchor names no reading `{slug}`"))
                        .with_help(help),
                );
                return None;
            }
        },
    };
    match (home, named) {
        (Some(h), Some(r)) if h != r => {
            diags.push(
                Diagnostic::error(
                    file,
                    at,
                    format!(
                        "the anchor names reading `{}`, but the file is in the folder of reading `{}`",
                        readings[r].slug, readings[h].slug
                    ),
                )
                .with_help(format!(
                    "a file in {}/ anchors in that reading: remove `reading:`, or move the file to content/{}/ to share it",
                    readings[h].folder.display(),
                    folder_of(file)
                )),
            );
            None
        }
        (Some(h), _) => Some(Narrow::Reading(h)),
        (None, Some(r)) => Some(Narrow::Reading(r)),
        (None, None) if readings.len() > 1 => Some(Narrow::Unnamed),
        (None, None) if readings.len() == 1 => Some(Narrow::Reading(0)),
        (None, None) => Some(Narrow::Whole),
    }
}

/// The folder kind a gloss's or note's file is in, `glosses` or `notes`, for a message that
/// says where to move it.
fn folder_of(file: &std::path::Path) -> &'static str {
    if file.components().any(|c| c.as_os_str() == "notes") {
        "notes"
    } else {
        "glosses"
    }
}

/// A place a quote matches, for a message: its ¶ in its reading, its section, its words.
fn place_of(edition: &Edition, layer: &[BlockText<'_>], base: &[usize], p: &Passage) -> String {
    let section = layer[p.block].section;
    format!(
        "¶{} ({}): “{}”",
        p.block - base[section] + 1,
        edition.sections[section].key,
        anchor::context(layer[p.block].text, p, 30)
    )
}

/// The error of a shared anchor that names no reading, with the reading its quote is in.
fn unnamed_reading(
    edition: &Edition,
    layer: &[BlockText<'_>],
    base: &[usize],
    anchor: &Anchor,
    file: &std::path::Path,
    found: Result<Passage, Unresolved>,
) -> Diagnostic {
    let reading_of = |p: &Passage| {
        edition.sections[layer[p.block].section]
            .reading
            .map_or("", |r| edition.readings[r].slug.as_str())
    };
    let place = |p: &Passage| place_of(edition, layer, base, p);
    let all: Vec<String> = edition
        .readings
        .iter()
        .map(|r| format!("`{}`", r.slug))
        .collect();
    let help = match &found {
        Ok(p) => format!(
            "a shared gloss or note names its reading on each anchor; the quote is at {}: add `reading: {}`",
            place(p),
            reading_of(p)
        ),
        Err(Unresolved::Ambiguous { places, .. }) => format!(
            "a shared gloss or note names its reading on each anchor; the quote is at {}: add `reading:` with one of them",
            places.iter().map(place).collect::<Vec<_>>().join("; ")
        ),
        Err(_) => format!(
            "a shared gloss or note names its reading on each anchor, and the quote is in none of them as written; the readings are: {}",
            all.join(", ")
        ),
    };
    Diagnostic::error(
        file,
        Some(anchor.line),
        "the anchor does not say which reading its passage is in",
    )
    .with_help(help)
}

fn unresolved(
    edition: &Edition,
    layer: &[BlockText<'_>],
    base: &[usize],
    (anchor, reading): (&Anchor, Option<usize>),
    file: &std::path::Path,
    why: Unresolved,
) -> Diagnostic {
    let quote = anchor::normalize(&anchor.quote);
    let place = |p: &Passage| place_of(edition, layer, base, p);
    let at = Some(anchor.line);
    match why {
        Unresolved::Empty => Diagnostic::error(file, at, "the anchor's quote is empty")
            .with_help("quote a passage of the essay: `quote: the passage`"),
        Unresolved::NotFound { elsewhere } if !elsewhere.is_empty() => {
            let (within, fix) = match (&anchor.section, reading) {
                (Some(s), _) => (
                    format!("section `{s}`"),
                    String::from("change or remove `section:`"),
                ),
                (None, Some(r)) => {
                    let mut there: Vec<&str> = elsewhere
                        .iter()
                        .filter_map(|p| edition.sections[layer[p.block].section].reading)
                        .map(|r| edition.readings[r].slug.as_str())
                        .collect();
                    there.dedup();
                    let first = there.first().copied().unwrap_or_default();
                    let kind = folder_of(file);
                    let fix = if anchor.reading.is_some() {
                        format!("change it to `reading: {}`", there.join("` or `reading: "))
                    } else {
                        format!(
                            "a file in a reading's folder anchors in that reading: move it to content/readings/{first}/{kind}/, or to content/{kind}/ with `reading: {first}` on the anchor"
                        )
                    };
                    (format!("reading `{}`", edition.readings[r].slug), fix)
                }
                (None, None) => (String::from("the essay"), String::from("check the quote")),
            };
            Diagnostic::error(file, at, format!("the quote “{quote}” is not in {within}"))
                .with_help(format!(
                    "it is at {}; {fix}",
                    elsewhere.iter().map(place).collect::<Vec<_>>().join("; ")
                ))
        }
        Unresolved::NotFound { .. } if outside_paragraphs(edition, &quote).is_some() => {
            let (kind, slug) = outside_paragraphs(edition, &quote).unwrap_or_default();
            Diagnostic::error(
                file,
                at,
                format!("the quote “{quote}” is in {kind} of section `{slug}`, where no passage can be anchored"),
            )
            .with_help(
                "glosses and notes anchor only in the essay's paragraphs and block quotations; \
                 quote a passage of a paragraph instead",
            )
        }
        Unresolved::NotFound { .. } => {
            let narrowed = anchor.prefix.is_some() || anchor.suffix.is_some();
            Diagnostic::error(
                file,
                at,
                format!(
                    "the quote “{quote}”{} is not in {}",
                    if narrowed {
                        " with its prefix and suffix"
                    } else {
                        ""
                    },
                    match reading {
                        Some(r) => format!("the reading `{}`", edition.readings[r].slug),
                        None => "the essay".to_string(),
                    }
                ),
            )
            .with_help(not_found_help(
                edition,
                layer,
                base,
                &anchor.quote,
                narrowed,
            ))
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

/// The help of a quote found nowhere: where it nearly is (across two paragraphs, or a few
/// letters off a passage), or how a quote is matched.
fn not_found_help(
    edition: &Edition,
    layer: &[BlockText<'_>],
    base: &[usize],
    quote: &str,
    narrowed: bool,
) -> String {
    let name = |block: usize| {
        let section = layer[block].section;
        format!(
            "¶{} ({})",
            block - base[section] + 1,
            edition.sections[section].key
        )
    };
    let rule = "Markdown formatting, white space and the kind of quotation marks do not matter, \
                but every letter does";
    // With a prefix or suffix the quote itself may be found: the near miss is theirs.
    if narrowed {
        return format!("check the prefix and suffix against the text; {rule}");
    }
    match anchor::near_miss(layer, quote) {
        Some(anchor::NearMiss::AcrossBlocks { first }) => format!(
            "it runs from the end of {} into the next paragraph; a passage lies within one paragraph: quote the part in one of them",
            name(first)
        ),
        Some(anchor::NearMiss::Nearest { block, text, .. }) => format!(
            "the nearest passage is at {}: “{text}”; {rule}",
            name(block)
        ),
        None => format!("copy the passage as the text has it: {rule}"),
    }
}

/// Where a quote that no paragraph holds stands in the essay after all: in a heading, a list,
/// a table, a sidenote or a code block, which the text layer leaves out. Only asked when an
/// anchor failed, so it may parse the sections again.
fn outside_paragraphs(edition: &Edition, quote: &str) -> Option<(&'static str, String)> {
    use pulldown_cmark::{Event, Tag};
    if quote.is_empty() {
        return None;
    }
    for section in &edition.sections {
        let mut kind: Option<(&'static str, usize)> = None;
        let mut text = String::new();
        let mut depth = 0usize;
        for (event, _) in markdown::parse(&section.source.body) {
            match &event {
                Event::Start(tag) => {
                    depth += 1;
                    if kind.is_none() {
                        let k = match tag {
                            Tag::Heading { .. } => Some("a heading"),
                            Tag::List(_) => Some("a list"),
                            Tag::Table(_) => Some("a table"),
                            Tag::FootnoteDefinition(_) => Some("a sidenote"),
                            Tag::CodeBlock(_) => Some("a code block"),
                            Tag::HtmlBlock => Some("a block of HTML"),
                            _ => None,
                        };
                        kind = k.map(|k| (k, depth));
                    }
                }
                Event::End(_) => {
                    if kind.is_some_and(|(_, d)| d == depth) {
                        if anchor::normalize(&text).contains(quote) {
                            return Some((kind?.0, section.key.clone()));
                        }
                        kind = None;
                        text.clear();
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) if kind.is_some() => {
                    text.push_str(t)
                }
                Event::SoftBreak | Event::HardBreak if kind.is_some() => text.push(' '),
                _ => {}
            }
        }
    }
    None
}

pub(super) fn passage_ref(
    edition: &Edition,
    sections: &[SectionPage],
    layer: &[BlockText<'_>],
    p: &Placed,
) -> PassageRef {
    let text = layer[p.global_block].text;
    let id = match p.owner {
        Owner::Gloss(g) => id::passage(&edition.glosses[g].slug),
        Owner::Note(n, k) => id::note_passage(&edition.notes[n].slug, k),
    };
    let (before, after) = surrounding(text, p.start, p.end, 60);
    PassageRef {
        section_title: sections[p.section].title.clone(),
        section_slug: sections[p.section].slug.clone(),
        reading: sections[p.section]
            .reading
            .as_ref()
            .map(|r| r.title.clone()),
        paragraph: sections[p.section].paragraph(p.global_block),
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
pub(super) fn related_notes(edition: &Edition, n: usize, diags: &mut Diagnostics) -> Vec<Link> {
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
            path: crate::route::Route::Note(&edition.notes[m].slug).file(),
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
