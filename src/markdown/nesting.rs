//! A limit on how deeply a body nests: block quotations, lists, emphasis and raw HTML
//! elements. Later stages and the HTML minifier walk nested elements recursively, so a body
//! nested thousands deep would overflow the stack; here it is an error with its line instead.
//! No reader needs more than a few levels.

use super::{Document, Spanned};
use crate::diagnostic::Diagnostic;
use pulldown_cmark::Event;

/// The deepest nesting a body may have, counting Markdown blocks, inline formatting and
/// raw HTML elements together.
pub const MAX_DEPTH: usize = 64;

const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The first place where the body nests deeper than `MAX_DEPTH`, as an error.
pub fn check(events: &[Spanned<'_>], doc: &Document<'_>) -> Option<Diagnostic> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for step in tag_steps(html) {
                    depth = depth.saturating_add_signed(step);
                    if depth > MAX_DEPTH {
                        break;
                    }
                }
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Some(
                doc.error(
                    range.start,
                    format!("the text is nested more than {MAX_DEPTH} levels deep here"),
                )
                .with_help(
                    "block quotations, lists and HTML elements may nest only a few levels; \
                     flatten this passage",
                ),
            );
        }
    }
    None
}

/// +1 for each opening tag and -1 for each closing tag of raw HTML, in order.
fn tag_steps(html: &str) -> impl Iterator<Item = isize> + '_ {
    let bytes = html.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if bytes[i] != b'<' {
                i += 1;
                continue;
            }
            let rest = &html[i + 1..];
            if rest.starts_with("!--") {
                i += rest.find("-->").map_or(bytes.len(), |e| e + 4);
                continue;
            }
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name: String = rest[name_start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let end = rest.find('>').map_or(bytes.len(), |e| i + 1 + e + 1);
            let self_closing = end >= 2 && end <= bytes.len() && bytes[end - 2] == b'/';
            i = end.max(i + 1);
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            if closing {
                return Some(-1);
            }
            if self_closing || VOID_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            return Some(1);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_tags_count_open_and_close() {
        let steps: Vec<isize> =
            tag_steps("<div class=\"a\"><span>x</span><br><img src=x/><!-- <p> --></div>")
                .collect();
        assert_eq!(steps, [1, 1, -1, -1]);
    }

    #[test]
    fn deep_quotes_lists_and_html_are_errors_with_their_line() {
        let deep_quote = format!("Intro.\n\n{} x\n", ">".repeat(2500));
        let deep_list: String = (0..200)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        let deep_div = format!("Text\n\n{}x\n", "<div>".repeat(3000));
        let deep_span = format!("Text\n\n{}x\n", "<span>".repeat(20000));
        for body in [deep_quote, deep_list, deep_div, deep_span] {
            let doc = super::super::test_support::doc(&body);
            let events = super::super::parse(&body);
            let d = check(&events, &doc).expect("too deep");
            assert!(d.message.contains("nested"), "{}", d.message);
            assert!(d.line.is_some());
        }
        let fine = "> > quoted\n\n- a\n  - b\n\n<div><p>x</p></div>\n";
        assert!(check(
            &super::super::parse(fine),
            &super::super::test_support::doc(fine)
        )
        .is_none());
    }
}
