//! Paragraph numbers: each top-level paragraph and block quotation of the essay gets the next
//! number, a stable id `p<N>` and a number in the margin that links to itself. Numbers run on
//! across sections, so `first` is where this section starts. Paragraphs inside a block
//! quotation, list or note belong to it and get no number of their own.

use super::{Rendered, Spanned};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub fn number<'a>(
    mut events: Vec<Spanned<'a>>,
    first: Option<usize>,
    linker: &crate::route::Linker<'_>,
    strings: &crate::i18n::Strings,
    out: &mut Rendered,
) -> Vec<Spanned<'a>> {
    let Some(first) = first else {
        return events;
    };
    let what = crate::events::escape(strings.get("apparatus_marks.paragraph"));
    let mut next = first;
    let mut depth = 0usize;
    // Each event is changed where it stands: a list rebuilt event by event moved every event
    // of the essay once more.
    for (event, _) in &mut events {
        let replaced: Option<CowStr<'a>> = match &*event {
            Event::Start(tag) => {
                depth += 1;
                let element = match tag {
                    Tag::Paragraph => Some("p"),
                    Tag::BlockQuote(_) => Some("blockquote"),
                    _ => None,
                };
                match element {
                    Some(element) if depth == 1 => {
                        let n = next;
                        next += 1;
                        let id = linker.paragraph_id(n);
                        let html = format!(
                            concat!(
                                r#"<{element} id="{id}" class="numbered">"#,
                                r##"<a class="pnum" href="#{id}" data-apparatus>"##,
                                r#"<span class="visually-hidden">{what}</span>{n}</a>"#
                            ),
                            element = element,
                            id = id,
                            what = what,
                            n = n
                        );
                        out.ids.push(id);
                        Some(html.into())
                    }
                    _ => None,
                }
            }
            Event::End(tag) => {
                depth -= 1;
                match tag {
                    TagEnd::Paragraph if depth == 0 => Some("</p>\n".into()),
                    TagEnd::BlockQuote(_) if depth == 0 => Some("</blockquote>\n".into()),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(html) = replaced {
            *event = Event::Html(html);
        }
    }
    out.paragraphs = next - first;
    events
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, test_support::doc, Document};
    use std::path::Path;

    #[test]
    fn top_level_paragraphs_and_quotations_are_numbered_from_first() {
        let d = Document {
            first_paragraph: Some(7),
            ..doc("One.\n\n> Quoted.\n>\n> Still quoted.\n\nTwo.\n\n- a list item\n\n  with a paragraph\n")
        };
        let r = crate::markdown::render(&d);
        assert_eq!(r.paragraphs, 3);
        assert!(
            r.html.contains(
                r##"<p id="p7" class="numbered"><a class="pnum" href="#p7" data-apparatus>"##
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<blockquote id="p8" class="numbered">"#));
        assert!(r.html.contains(r#"<p id="p9" class="numbered">"#));
        assert!(!r.html.contains("p10"));
        assert_eq!(r.ids, ["p7", "p8", "p9"]);
    }

    #[test]
    fn pages_are_not_numbered() {
        let d = Document {
            first_paragraph: None,
            file: Path::new("content/pages/about.md"),
            ..doc("One.\n")
        };
        let r = render(&d);
        assert_eq!(r.html, "<p>One.</p>\n");
        assert_eq!(r.paragraphs, 0);
    }

    #[test]
    fn a_sidenote_in_a_numbered_paragraph_keeps_the_paragraph_whole() {
        let r = render(&doc("Text.[^a] More.\n\n[^a]: Note.\n\nNext.\n"));
        assert_eq!(r.paragraphs, 2);
        let p1 = r.html.find(r#"id="p1""#).unwrap();
        let note = r.html.find(r#"id="sn-1""#).unwrap();
        let p2 = r.html.find(r#"id="p2""#).unwrap();
        assert!(p1 < note && note < p2, "{}", r.html);
    }
}
