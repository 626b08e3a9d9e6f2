//! Weave: spans over the text layer merged into a section's events, once, for every feature.
//!
//! A span marks `start..end` of a block's plain text (see `text`) with an element, and may
//! bring apparatus to set after it (a gloss, a link to a note). Where a span crosses an
//! element boundary (emphasis, a link, a quotation's paragraphs, a sidenote), it is split into
//! fragments, each closed before the boundary and reopened after it, so the HTML stays well
//! nested however spans overlap. The apparatus waits until no inline element is open, so it
//! never lands inside a link or an emphasis.

use crate::events::{inline_html_depth, is_inline_end, is_inline_tag, Spanned};
use crate::text::{self, Block};
use pulldown_cmark::{CowStr, Event, TagEnd};
use std::fmt::Write;

/// One span to weave, in offsets of its block's text. It covers some text other than white
/// space (white space alone may be a line break, which has no text to mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    /// The element that marks the passage, e.g. `mark`.
    pub element: &'static str,
    /// Its attributes, already escaped, e.g. `class="gloss-passage" data-gloss="x"`.
    pub attributes: String,
    /// The id of the passage, given to its first fragment.
    pub id: Option<String>,
    /// HTML set after the passage, at the first place where no inline element is open.
    pub after: String,
}

pub fn weave<'a>(events: Vec<Spanned<'a>>, blocks: &[Block], spans: &[Span]) -> Vec<Spanned<'a>> {
    if spans.is_empty() {
        return events;
    }
    let mut by_block: Vec<Vec<&Span>> = vec![Vec::new(); blocks.len()];
    for span in spans {
        if span.block < blocks.len() && span.start < span.end {
            by_block[span.block].push(span);
        }
    }
    let mut result = Vec::with_capacity(events.len() + spans.len() * 4);
    let mut events = events.into_iter().enumerate().peekable();
    for (b, block) in blocks.iter().enumerate() {
        while let Some((_, e)) = events.next_if(|(i, _)| *i < block.first_event) {
            result.push(e);
        }
        let inside: Vec<Spanned<'a>> =
            std::iter::from_fn(|| events.next_if(|(i, _)| *i < block.end_event))
                .map(|(_, e)| e)
                .collect();
        if by_block[b].is_empty() {
            result.extend(inside);
        } else {
            let mut spans = by_block[b].clone();
            spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
            weave_block(inside, &spans, &mut result);
        }
    }
    result.extend(events.map(|(_, e)| e));
    result
}

struct State<'s> {
    spans: &'s [&'s Span],
    opened: Vec<bool>,
    delivered: Vec<bool>,
    inline_depth: usize,
}

fn weave_block<'a>(inside: Vec<Spanned<'a>>, spans: &[&Span], out: &mut Vec<Spanned<'a>>) {
    let mut state = State {
        spans,
        opened: vec![false; spans.len()],
        delivered: vec![false; spans.len()],
        inline_depth: 0,
    };
    let last = inside.len().saturating_sub(1);
    let mut pos = 0usize;
    for (i, (event, range)) in inside.into_iter().enumerate() {
        if i == last {
            // The block's closing tag: whatever apparatus is still waiting goes before it.
            state.deliver(usize::MAX, &range, out);
            out.push((event, range));
            continue;
        }
        match &event {
            Event::Text(t) => {
                let len = t.len();
                let html = state.pieces(t, pos, true);
                out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
                pos += len;
            }
            Event::Code(t) => {
                let len = t.len();
                let html = format!("<code>{}</code>", state.pieces(t, pos, false));
                out.push((Event::InlineHtml(CowStr::from(html)), range.clone()));
                pos += len;
            }
            Event::Start(tag) if is_inline_tag(tag) => {
                state.inline_depth += 1;
                out.push((event, range));
                continue;
            }
            Event::End(tag) if is_inline_end(tag) => {
                state.inline_depth = state.inline_depth.saturating_sub(1);
                out.push((event, range.clone()));
            }
            // Inline HTML that opens an element (a phrase in another language, an author's
            // tag) holds the apparatus back until it closes, as emphasis does.
            Event::InlineHtml(html) if inline_html_depth(html) > 0 => {
                state.inline_depth += 1;
                out.push((event, range));
                continue;
            }
            Event::InlineHtml(html) if inline_html_depth(html) < 0 => {
                state.inline_depth = state.inline_depth.saturating_sub(1);
                out.push((event, range.clone()));
            }
            Event::End(TagEnd::Paragraph) => {
                // A quotation's inner paragraph ends: its apparatus stays inside it.
                state.deliver(pos, &range, out);
                out.push((event, range));
                pos += 1;
                continue;
            }
            _ => {
                if let Some(t) = text::contribution(&event) {
                    pos += t.len();
                }
                out.push((event, range));
                continue;
            }
        }
        state.deliver(pos, &range, out);
    }
}

impl State<'_> {
    /// The text of an event from block offset `at`, cut at span boundaries, each piece wrapped
    /// in the elements of the spans that cover it, and the apparatus of a span right after its
    /// last piece when `may_deliver` and no inline element is open.
    fn pieces(&mut self, text: &str, at: usize, may_deliver: bool) -> String {
        let end = at + text.len();
        let mut cuts = vec![at, end];
        for s in self.spans {
            for c in [s.start, s.end] {
                if c > at && c < end {
                    cuts.push(c);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut html = String::new();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let active: Vec<usize> = (0..self.spans.len())
                .filter(|&k| self.spans[k].start < b && self.spans[k].end > a)
                .collect();
            for &k in &active {
                let s = self.spans[k];
                let _ = write!(html, "<{} {}", s.element, s.attributes);
                if let (Some(id), false) = (&s.id, self.opened[k]) {
                    let _ = write!(html, r#" id="{id}""#);
                }
                html.push('>');
                self.opened[k] = true;
            }
            pulldown_cmark_escape::escape_html(&mut html, &text[a - at..b - at]).expect("String");
            for &k in active.iter().rev() {
                let _ = write!(html, "</{}>", self.spans[k].element);
            }
            if may_deliver && self.inline_depth == 0 {
                for (k, s) in self.spans.iter().enumerate() {
                    if !self.delivered[k] && s.end <= b && !s.after.is_empty() {
                        self.delivered[k] = true;
                        html.push_str(&s.after);
                    }
                }
            }
        }
        html
    }

    /// Sets the apparatus of every span that ended by `pos`, once no inline element is open.
    fn deliver<'a>(
        &mut self,
        pos: usize,
        range: &std::ops::Range<usize>,
        out: &mut Vec<Spanned<'a>>,
    ) {
        if self.inline_depth > 0 && pos != usize::MAX {
            return;
        }
        for (k, s) in self.spans.iter().enumerate() {
            if !self.delivered[k] && s.end <= pos && !s.after.is_empty() {
                self.delivered[k] = true;
                out.push((
                    Event::InlineHtml(CowStr::from(s.after.clone())),
                    range.clone(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::parse;

    fn span(block: usize, start: usize, end: usize, name: &str) -> Span {
        Span {
            block,
            start,
            end,
            element: "mark",
            attributes: format!(r#"data-s="{name}""#),
            id: Some(format!("s-{name}")),
            after: format!(r#"<span class="after">{name}</span>"#),
        }
    }

    fn woven(markdown: &str, spans: impl Fn(&[Block]) -> Vec<Span>) -> String {
        let events = parse(markdown);
        let blocks = text::blocks(&events);
        let spans = spans(&blocks);
        let events = weave(events, &blocks, &spans);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        html
    }

    fn offsets(block: &Block, quote: &str) -> (usize, usize) {
        let start = block.text.find(quote).unwrap();
        (start, start + quote.len())
    }

    #[test]
    fn a_span_across_emphasis_and_a_link_is_split_and_its_apparatus_waits_outside() {
        let html = woven("One *two three* [four five](x) six.\n", |b| {
            let (s, e) = offsets(&b[0], "three four");
            vec![span(0, s, e, "a")]
        });
        assert_eq!(
            html,
            concat!(
                r#"<p>One <em>two <mark data-s="a" id="s-a">three</mark></em>"#,
                r#"<mark data-s="a"> </mark><a href="x"><mark data-s="a">four</mark> five</a>"#,
                r#"<span class="after">a</span> six.</p>"#,
                "\n"
            )
        );
    }

    #[test]
    fn the_apparatus_waits_outside_a_phrase_in_another_language_and_an_authors_tag() {
        let html = woven("One <abbr>two</abbr> three four.\n", |b| {
            let (s, e) = offsets(&b[0], "One two");
            vec![span(0, s, e, "a")]
        });
        assert!(
            html.contains(
                r#"<abbr><mark data-s="a">two</mark></abbr><span class="after">a</span> three"#
            ),
            "{html}"
        );
        let events = crate::markdown::prepare(&crate::markdown::test_support::doc(
            "La [part des sans-part]{lang=fr} again.\n",
        ))
        .events;
        let blocks = text::blocks(&events);
        let (s, e) = offsets(&blocks[0], "La part");
        let events = weave(events, &blocks, &[span(0, s, e, "a")]);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        assert!(
            html.contains(r#"<span lang="fr"><mark data-s="a">part</mark> des sans-part</span><span class="after">a</span> again."#),
            "{html}"
        );
    }

    #[test]
    fn overlapping_spans_nest_piece_by_piece() {
        let html = woven("sword and trowel are one\n", |b| {
            let (s1, e1) = offsets(&b[0], "sword and trowel");
            let (s2, e2) = offsets(&b[0], "trowel are one");
            vec![span(0, s1, e1, "a"), span(0, s2, e2, "b")]
        });
        assert_eq!(
            html,
            concat!(
                r#"<p><mark data-s="a" id="s-a">sword and </mark>"#,
                r#"<mark data-s="a"><mark data-s="b" id="s-b">trowel</mark></mark>"#,
                r#"<span class="after">a</span><mark data-s="b"> are one</mark>"#,
                r#"<span class="after">b</span></p>"#,
                "\n"
            )
        );
    }

    #[test]
    fn spans_find_their_block_among_others_and_in_quotations() {
        let html = woven(
            "First block.\n\n> Quoted *text* here.\n>\n> Second para.\n",
            |b| {
                let (s, e) = offsets(&b[1], "text here.\nSecond");
                vec![span(1, s, e, "q")]
            },
        );
        assert!(html.starts_with("<p>First block.</p>"), "{html}");
        assert!(html.contains(r#"<em><mark data-s="q" id="s-q">text</mark></em><mark data-s="q"> here.</mark></p>"#), "{html}");
        assert!(
            html.contains(
                r#"<p><mark data-s="q">Second</mark><span class="after">q</span> para.</p>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn text_is_escaped_and_code_keeps_its_element() {
        let html = woven("a <b> `x < y` c\n", |b| {
            let (s, e) = offsets(&b[0], "x < y");
            vec![span(0, s, e, "c")]
        });
        assert!(
            html.contains(r#"<code><mark data-s="c" id="s-c">x &lt; y</mark></code>"#),
            "{html}"
        );
        assert!(
            html.contains("a <b> "),
            "raw inline HTML is left alone: {html}"
        );
    }

    /// xorshift64*: a seeded sequence, so that a failing case can be replayed.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
        }
    }

    fn random_markdown(rng: &mut Rng) -> String {
        const WORDS: &[&str] = &[
            "sword", "and", "trowel", "café", "Räte", "x < y", "&", "one",
        ];
        let paragraph = |rng: &mut Rng| {
            (0..rng.below(12) + 1)
                .map(|_| {
                    let w = WORDS[rng.below(WORDS.len())];
                    match rng.below(7) {
                        0 => format!("*{w} {}*", WORDS[rng.below(WORDS.len())]),
                        1 => format!("**{w}**"),
                        2 => format!("`{w}`"),
                        3 => format!("[{w} {}](x)", WORDS[rng.below(WORDS.len())]),
                        4 => format!("{w}\n"),
                        _ => w.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut md = String::new();
        for _ in 0..rng.below(3) + 1 {
            if rng.below(3) == 0 {
                md.push_str(&format!(
                    "> {}\n>\n> {}\n\n",
                    paragraph(rng),
                    paragraph(rng)
                ));
            } else {
                md.push_str(&format!("{}\n\n", paragraph(rng)));
            }
        }
        md
    }

    fn char_boundaries(text: &str) -> Vec<usize> {
        text.char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect()
    }

    fn fold(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Random spans over random inline Markdown: the HTML is well nested, its text is the
    /// text without the spans, and each span marks exactly its own text, once.
    #[test]
    fn random_spans_weave_into_well_formed_html_marking_each_text_once() {
        use scraper::{Html, Selector};
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        for case in 0..1000 {
            let md = random_markdown(&mut rng);
            let events = parse(&md);
            let blocks = text::blocks(&events);
            let mut spans = Vec::new();
            for (b, block) in blocks.iter().enumerate() {
                let cuts = char_boundaries(&block.text);
                for _ in 0..rng.below(4) {
                    let (i, j) = (rng.below(cuts.len()), rng.below(cuts.len()));
                    let (start, end) = (cuts[i.min(j)], cuts[i.max(j)]);
                    // Every real span (a quote, a term, a citation) covers more than white space.
                    let text = &block.text[start..end];
                    if !text.trim().is_empty() && !text.contains('\n') {
                        let k = spans.len();
                        spans.push(Span {
                            block: b,
                            start,
                            end,
                            element: "mark",
                            attributes: format!(r#"data-k="{k}""#),
                            id: Some(format!("s{k}")),
                            after: if rng.below(2) == 0 {
                                format!(r#"<sup data-after="{k}">†</sup>"#)
                            } else {
                                String::new()
                            },
                        });
                    }
                }
            }
            let render = |spans: &[Span]| {
                let events = weave(parse(&md), &blocks, spans);
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
                html
            };
            let plain = render(&[]);
            let html = render(&spans);
            let context = format!("case {case}: {md:?}\n{html}");
            // Well nested: parsing and serialising again changes nothing.
            let fragment = Html::parse_fragment(&html);
            assert!(
                fragment.errors.is_empty(),
                "{context}: {:?}",
                fragment.errors
            );
            let text_of = |doc: &Html| -> String {
                let after = Selector::parse("[data-after]").unwrap();
                let skip: Vec<_> = doc.select(&after).map(|e| e.id()).collect();
                let mut out = String::new();
                for node in doc.tree.root().descendants() {
                    let inside_after = node.ancestors().any(|a| skip.contains(&a.id()));
                    if let (Some(t), false) = (node.value().as_text(), inside_after) {
                        out.push_str(t);
                    }
                }
                fold(&out)
            };
            assert_eq!(
                text_of(&fragment),
                text_of(&Html::parse_fragment(&plain)),
                "{context}"
            );
            for (k, span) in spans.iter().enumerate() {
                let marks = Selector::parse(&format!(r#"mark[data-k="{k}"]"#)).unwrap();
                let marked: String = fragment
                    .select(&marks)
                    .map(|m| m.text().collect::<String>())
                    .collect();
                let expected = &blocks[span.block].text[span.start..span.end];
                // A line break inside a span is an event of its own, left unmarked: compare
                // the marked characters, not the white space between them.
                let squeeze = |s: &str| s.split_whitespace().collect::<String>();
                assert_eq!(squeeze(&marked), squeeze(expected), "span {k} of {context}");
                let id = Selector::parse(&format!("#s{k}")).unwrap();
                assert_eq!(fragment.select(&id).count(), 1, "span {k} of {context}");
                let after = Selector::parse(&format!(r#"[data-after="{k}"]"#)).unwrap();
                let count = fragment.select(&after).count();
                assert_eq!(
                    count,
                    usize::from(!span.after.is_empty()),
                    "span {k} of {context}"
                );
            }
        }
    }
}
