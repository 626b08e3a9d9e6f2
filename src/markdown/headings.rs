//! Heading ids: `{#id}` as written, else a slug of the heading's text, unique in the page and
//! never one of the ids the build gives paragraphs and notes (`p12`, `sn-1`, `mn-1`).

use super::{plain_text, Heading, Rendered, Spanned};
use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashSet;

pub fn assign_ids<'a>(
    mut events: Vec<Spanned<'a>>,
    doc: &super::Document<'_>,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let mut taken: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 else {
            continue;
        };
        let level = *level as u8;
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let text = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
        let base = match id {
            Some(id) if is_reserved(id) => {
                out.diagnostics.push(
                    doc.error(
                        events[i].1.start,
                        format!("the heading id `{id}` is one the build gives to something else"),
                    )
                    .with_help(
                        "choose another `{#id}`: ids such as p12, sn-1, mn-1, main and those \
                         starting cite-, ref-, gloss-, term-, note- are the build's own",
                    ),
                );
                format!("h-{id}")
            }
            Some(id) => id.to_string(),
            None => {
                let s = slugify(&text);
                let s = if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                };
                if is_reserved(&s) {
                    format!("h-{s}")
                } else {
                    s
                }
            }
        };
        let mut unique = base.clone();
        let mut n = 1;
        while !taken.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        let unique = doc.linker.heading_id(&unique);
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        out.ids.push(unique.clone());
        out.headings.push(Heading {
            level,
            id: unique,
            text: text.trim().to_string(),
        });
    }
    events
}

/// Ids the templates give to the parts of every page.
const PAGE_IDS: &[&str] = &[
    "main",
    "page-title",
    "section-title",
    "related",
    "passages",
    "pages",
    "notes",
    "glossary",
    "contents",
    "contents-title",
    "citations",
    "bibliography",
];

/// Prefixes of the ids the build makes for citations, references, glosses, terms and notes.
const BUILD_PREFIXES: &[&str] = &[
    "bib-", "ci-", "cite-", "def-", "essay-", "gl-", "gloss-", "mn-", "note-", "passage-", "ref-",
    "s-", "sn-", "term-",
];

/// Whether an id an editor wrote would take one the build or the theme uses: no heading has
/// such an id, so an id of this kind on a section's page is not a heading's.
pub fn is_reserved(id: &str) -> bool {
    collides_with_apparatus(id)
        || PAGE_IDS.contains(&id)
        || BUILD_PREFIXES.iter().any(|p| id.starts_with(p))
}

fn collides_with_apparatus(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("p") || numbered("sn-") || numbered("mn-")
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, test_support::doc};

    #[test]
    fn ids_from_text_unique_and_clear_of_paragraph_ids() {
        let r = render(&doc(
            "## The Vulkan works\n\n## The Vulkan works\n\n## P1\n\n## Own {#mine}\n",
        ));
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["the-vulkan-works", "the-vulkan-works-1", "h-p1", "mine"]
        );
        assert!(
            r.html
                .contains(r#"<h2 id="the-vulkan-works">The Vulkan works</h2>"#),
            "{}",
            r.html
        );
        assert_eq!(r.headings[3].text, "Own");
    }

    #[test]
    fn ids_the_build_uses_are_refused_with_their_line() {
        let r = render(&doc(
            "Text.\n\n## One {#p1}\n\n## Two {#main}\n\n## Three {#sn-1}\n",
        ));
        let lines: Vec<_> = r.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(5), Some(7)], "{:?}", r.diagnostics);
        assert!(!r.html.contains(r#"id="p1""#) || r.html.matches(r#"id="p1""#).count() == 1);
    }
}
