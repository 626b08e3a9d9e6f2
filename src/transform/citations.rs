//! Citations and where they stand: the essay's natural citations found in its text layer and
//! woven in as links; every citing place of every body (a paragraph, a sidenote, a gloss, a
//! note, a page, a glossary entry) gathered for the bibliography's back-links and the
//! citation index; and the works that no place cites.

use crate::cite::{natural, Context, Place};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::edition::Edition;
use crate::mark::{Mark, Marked};
use crate::markdown::citations::unknown;
use crate::site::{BibEntry, CitedWork, CitingGroup, CitingPlace, Preview, SectionPage};
use crate::text::Block;
use std::collections::BTreeSet;

/// What in the essay holds a citation: its text, a note set in its margin, or a gloss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InEssay {
    Text,
    Note,
    Gloss,
}

/// A work's language, when it is not the edition's: the `lang` of its entry, so that a
/// screen reader reads a German title in German.
fn work_language(work: &crate::cite::bibliography::Work, edition: &str) -> Option<String> {
    use hayagriva::citationberg::json::Value;
    let Some(Value::String(language)) = work.item.0.get("language") else {
        return None;
    };
    let language = language.trim();
    let primary = |l: &str| {
        l.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let valid = !language.is_empty()
        && language.len() <= 35
        && language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && primary(language) != primary(edition)).then(|| language.to_string())
}

/// Where a block of the text layer was written: its file, and the line of each stretch of its
/// text (a paragraph's lines are its soft breaks), so that a warning names the citation's own
/// line, not the paragraph's first.
pub(super) struct BlockLines<'a> {
    pub file: &'a std::path::Path,
    /// Offsets in the block's text where a stretch starts, with the line it stands on.
    pub starts: Vec<(usize, usize)>,
}

impl BlockLines<'_> {
    pub fn line_at(&self, offset: usize) -> usize {
        let i = self.starts.partition_point(|&(at, _)| at <= offset);
        self.starts
            .get(i.saturating_sub(1))
            .map_or(1, |&(_, line)| line)
    }
}

/// Where the glossary's citing places come in the indexes' order: after the essay, the notes
/// and the pages.
pub(super) const GLOSSARY_ORDER: usize = 3;

/// A place in the essay that cites a work.
#[derive(Debug, Clone)]
pub(super) struct EssayPlace {
    pub work: usize,
    pub section: usize,
    pub global_block: usize,
    pub locator: Option<String>,
    pub id: String,
    pub within: InEssay,
}

/// A citing place anywhere in the edition, as the indexes list it.
#[derive(Debug, Clone)]
pub(super) struct Citing {
    pub work: usize,
    /// The heading it is listed under: a section's title, "Historical notes", "Pages",
    /// "Glossary".
    pub group: String,
    /// The reading of a place in the essay, in a course.
    pub reading: Option<String>,
    /// How the place is named: `¶12`, `¶12, note`, `gloss on ¶12`, a note's title.
    pub label: String,
    pub paragraph: usize,
    pub locator: Option<String>,
    /// Site path of the citation's link, with its `#id`.
    pub path: String,
    /// The order of the indexes: the essay in its order, then the rest.
    pub order: (usize, usize),
}

impl Citing {
    pub fn in_essay(
        p: &EssayPlace,
        sections: &[SectionPage],
        strings: &crate::i18n::Strings,
    ) -> Citing {
        let section = &sections[p.section];
        let n = section.paragraph(p.global_block);
        let number = n.to_string();
        let label = |key: &str| strings.format(key, &[("n", &number)]);
        Citing {
            work: p.work,
            group: section.title.clone(),
            reading: section.reading.as_ref().map(|r| r.title.clone()),
            label: match p.within {
                InEssay::Text => label("citations.paragraph"),
                InEssay::Note => label("citations.in_note"),
                InEssay::Gloss => label("citations.in_gloss"),
            },
            paragraph: n,
            locator: p.locator.clone(),
            path: format!("{}#{}", sections[p.section].path, p.id),
            order: (0, p.global_block),
        }
    }

    /// A place in a body that is not the essay's: a note, a page, a glossary entry.
    pub fn elsewhere(
        place: &Place,
        group: &str,
        label: &str,
        page_path: &str,
        order: (usize, usize),
    ) -> Citing {
        Citing {
            work: place.work,
            group: group.to_string(),
            reading: None,
            label: label.to_string(),
            paragraph: 0,
            locator: place.locator.clone(),
            path: format!("{page_path}#{}", place.id),
            order,
        }
    }
}

/// Finds the natural citations of the essay's blocks (in order, so that a bare page reference
/// finds the last work cited), returns their spans by section, and protects their text from
/// glossary terms. Citations that match no work are warned about with their line.
pub(super) fn natural_in_essay<'e>(
    ctx: &Context<'_>,
    blocks: &mut [Vec<Block>],
    lines: &dyn Fn(usize, &Block) -> BlockLines<'e>,
    readings: &[Option<usize>],
    places: &mut Vec<EssayPlace>,
    diags: &mut Diagnostics,
) -> Vec<Vec<Marked>> {
    // Each block's citations are read on every core; what only the order can tell (the work
    // a bare pinpoint belongs to) is settled after, block by block.
    let recognized: Vec<Vec<natural::Unresolved>> = {
        use rayon::prelude::*;
        blocks
            .par_iter()
            .with_max_len(crate::cores::BODIES_AT_ONCE)
            .map(|section| {
                section
                    .iter()
                    .map(|block| natural::recognize_alone(&block.text, ctx.index))
                    .collect()
            })
            .collect()
    };
    let mut spans = vec![Vec::new(); blocks.len()];
    let mut last = None;
    let mut global = 0;
    let mut n = 0;
    for (s, (section, recognized)) in blocks.iter_mut().zip(recognized).enumerate() {
        // A bare pinpoint at the start of a reading cannot belong to the reading before it.
        if s > 0 && readings.get(s) != readings.get(s - 1) {
            last = None;
        }
        for (b, (block, recognized)) in section.iter_mut().zip(recognized).enumerate() {
            for c in recognized.resolve(&mut last) {
                if block
                    .protected
                    .iter()
                    .any(|&(ps, pe)| c.start < pe && ps < c.end)
                {
                    continue;
                }
                if block.escaped.contains(&c.open) {
                    continue;
                }
                let Some(w) = c.work else {
                    if c.warns() {
                        let at = lines(s, block);
                        diags.push(unknown(&c, ctx, at.file, Some(at.line_at(c.start))));
                    }
                    continue;
                };
                n += 1;
                let id = format!("cite-{n}");
                spans[s].push(Marked {
                    block: b,
                    start: c.start,
                    end: c.end,
                    mark: Mark::Citation {
                        work: w,
                        locator: c.locator.clone(),
                        id: id.clone(),
                    },
                });
                block.protected.push((c.start, c.end));
                places.push(EssayPlace {
                    work: w,
                    section: s,
                    global_block: global,
                    locator: c.locator,
                    id,
                    within: InEssay::Text,
                });
            }
            global += 1;
        }
    }
    spans
}

/// The essay places of the citations the markdown adaptor linked in one section.
pub(super) fn pandoc_in_section(
    section: usize,
    cited: &[Place],
    block_ranges: &[(usize, usize)],
    first_global: usize,
) -> Vec<EssayPlace> {
    cited
        .iter()
        .filter_map(|p| {
            let local = block_ranges
                .iter()
                .position(|&(s, e)| s <= p.offset && p.offset < e)?;
            Some(EssayPlace {
                work: p.work,
                section,
                global_block: first_global + local,
                locator: p.locator.clone(),
                id: p.id.clone(),
                within: if p.in_note {
                    InEssay::Note
                } else {
                    InEssay::Text
                },
            })
        })
        .collect()
}

/// The formatted reference of each work, for the previews of the pages that cite it.
pub(super) fn previews(
    ctx: &Context<'_>,
    formatted: &[(String, String)],
    works: &BTreeSet<usize>,
) -> Vec<Preview> {
    works
        .iter()
        .filter_map(|&w| {
            let id = &ctx.works[w].id;
            let html = &formatted.iter().find(|(k, _)| k == id)?.1;
            Some(Preview {
                id: crate::route::id::reference(id),
                html: format!(r#"<p class="preview-reference">{html}</p>"#),
            })
        })
        .collect()
}

fn citing_place(p: &Citing) -> CitingPlace {
    CitingPlace {
        section_title: p.group.clone(),
        reading: p.reading.clone(),
        label: p.label.clone(),
        repeat: None,
        paragraph: p.paragraph,
        locator: p.locator.clone(),
        path: p.path.clone(),
    }
}

/// The places by their group, each place named apart from the others of its group named
/// alike (`¶41`, `¶41 (2nd)`, `¶41 (3rd)`).
fn grouped(places: Vec<CitingPlace>, strings: &crate::i18n::Strings) -> Vec<CitingGroup> {
    let mut groups: Vec<CitingGroup> = Vec::new();
    for p in places {
        match groups.last_mut() {
            Some(g) if g.section_title == p.section_title && g.reading == p.reading => {
                g.places.push(p)
            }
            _ => groups.push(CitingGroup {
                section_title: p.section_title.clone(),
                first_of_reading: p.reading.is_some()
                    && groups.last().is_none_or(|g| g.reading != p.reading),
                reading: p.reading.clone(),
                places: vec![p],
            }),
        }
    }
    for g in &mut groups {
        let mut seen: std::collections::HashMap<(String, Option<String>), usize> =
            Default::default();
        for p in &mut g.places {
            let n = seen
                .entry((p.label.clone(), p.locator.clone()))
                .or_default();
            *n += 1;
            if *n > 1 {
                p.repeat = Some(strings.ordinal(*n));
            }
        }
    }
    groups
}

/// The bibliography page's entries in the style's order, each with the places citing it, and
/// the citation index (cited works by author); works that nothing cites are reported.
pub(super) fn pages(
    edition: &Edition,
    formatted: &[(String, String)],
    places: &[Citing],
    diags: &mut Diagnostics,
) -> (Vec<BibEntry>, Vec<CitedWork>) {
    let mut places: Vec<&Citing> = places.iter().collect();
    places.sort_by_key(|p| p.order);
    let of = |w: usize| -> Vec<CitingPlace> {
        places
            .iter()
            .filter(|p| p.work == w)
            .map(|p| citing_place(p))
            .collect()
    };
    let mut entries = Vec::new();
    for (id, html) in formatted {
        let Some(w) = edition.works.iter().position(|x| &x.id == id) else {
            continue;
        };
        let work = &edition.works[w];
        let cited = of(w);
        if cited.is_empty() {
            diags.push(
                Diagnostic::warning(
                    &edition.bibliography_file,
                    Some(work.line),
                    format!("`{id}` is never cited in the edition"),
                )
                .with_help("cite it, or remove it from the bibliography"),
            );
        }
        entries.push(BibEntry {
            id: id.clone(),
            html: html.clone(),
            unverified: work.unverified,
            count: cited.len(),
            groups: grouped(cited, &edition.strings),
            letter: crate::site::letter(&work.family),
            lang: work_language(work, &edition.config.language),
        });
    }
    let mut index: Vec<CitedWork> = edition
        .works
        .iter()
        .enumerate()
        .filter_map(|(w, work)| {
            let cited = of(w);
            if cited.is_empty() {
                return None;
            }
            Some(CitedWork {
                id: work.id.clone(),
                label: format!("{} {}", work.family, work.year),
                html: formatted
                    .iter()
                    .find(|(k, _)| k == &work.id)
                    .map(|(_, h)| h.clone())
                    .unwrap_or_default(),
                count: cited.len(),
                groups: grouped(cited, &edition.strings),
                letter: crate::site::letter(&work.family),
            })
        })
        .collect();
    index.sort_by_key(|a| crate::cite::fold_name(&a.label));
    (entries, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(label: &str, locator: Option<&str>) -> CitingPlace {
        CitingPlace {
            section_title: "Introduction".into(),
            reading: None,
            label: label.into(),
            repeat: None,
            paragraph: 41,
            locator: locator.map(String::from),
            path: "essay/introduction/index.html#cite-1".into(),
        }
    }

    #[test]
    fn places_named_alike_are_numbered_apart() {
        let groups = grouped(
            vec![
                place("¶41", None),
                place("¶41", None),
                place("¶41", Some("p. 3")),
                place("¶41", None),
                place("¶42", None),
            ],
            crate::i18n::Strings::english(),
        );
        let repeats: Vec<Option<&str>> = groups[0]
            .places
            .iter()
            .map(|p| p.repeat.as_deref())
            .collect();
        assert_eq!(repeats, [None, Some("2nd"), None, Some("3rd"), None]);
    }
}
