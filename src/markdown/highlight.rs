//! Fenced code highlighted at build time with syntect, as CSS classes (no JavaScript, no
//! inline colours), so the theme's light and dark styles both apply.

use super::{escape, Rendered, Spanned};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loading syntect's definitions costs milliseconds; most editions have no code at all.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

pub fn highlight<'a>(events: Vec<Spanned<'a>>, out: &mut Rendered) -> Vec<Spanned<'a>> {
    // Most bodies have no code: their events are not copied.
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(_))))
    {
        return events;
    }
    let mut result = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = &event else {
            result.push((event, range));
            continue;
        };
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (e, _) in iter.by_ref() {
            match e {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        out.has_code = true;
        result.push((Event::Html(CowStr::from(code_block(&lang, &code))), range));
    }
    result
}

/// Every body is prepared twice, for its page and for the print document, and highlighting is
/// the slowest step of preparing one: each block is highlighted once a process. The cache
/// stops growing at a bound, so a long `serve` session's edits cannot fill memory.
fn code_block(lang: &str, code: &str) -> String {
    use std::collections::HashMap;
    use std::sync::Mutex;
    type Cache = Mutex<(HashMap<(String, String), String>, usize)>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    const BOUND: usize = 64 << 20;
    let cache = CACHE.get_or_init(Default::default);
    let key = (lang.to_string(), code.to_string());
    if let Some(html) = cache.lock().ok().and_then(|c| c.0.get(&key).cloned()) {
        return html;
    }
    let html = highlighted(lang, code);
    if let Ok(mut c) = cache.lock() {
        let size = lang.len() + code.len() + html.len();
        if c.1 + size <= BOUND {
            c.1 += size;
            c.0.insert(key, html.clone());
        }
    }
    html
}

fn highlighted(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let body = match syntax.and_then(|syntax| classed(syntax, set, code)) {
        Some(html) => html,
        None => escape(code),
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(r#" class="language-{}""#, escape(lang))
    };
    format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
}

/// The code as syntect's `ClassedHTMLGenerator` writes it, line by line, but each line's
/// scopes taken from `memo` where the same line was parsed before in the same state; `None`
/// where syntect cannot parse it.
fn classed(syntax: &SyntaxReference, set: &SyntaxSet, code: &str) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2);
    let mut open: isize = 0;
    let grammar = std::ptr::from_ref(syntax) as usize;
    for line in LinesWithEndings::from(code) {
        let ops = match memo::recall(grammar, &state, line) {
            Some((ops, after)) => {
                state = after;
                ops
            }
            None => {
                let before = state.clone();
                let ops = state.parse_line(line, set).ok()?;
                memo::keep(grammar, before, line, &ops, &state);
                ops
            }
        };
        let (spans, delta) =
            line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut stack).ok()?;
        open += delta;
        html.push_str(&spans);
    }
    for _ in 0..open {
        html.push_str("</span>");
    }
    Some(html)
}

/// Lines parsed before. Parsing a line is syntect's slowest step, and its result depends only
/// on the grammar, the state the line starts in and the line: code blocks repeat their
/// lines (a closing brace, an import, a shell prompt, the lines one exercise shares with the
/// next) far more than their blocks repeat whole. Bounded like the blocks' cache.
mod memo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use syntect::parsing::{ParseState, ScopeStackOp};

    type Parsed = (ParseState, Vec<(usize, ScopeStackOp)>, ParseState);
    type Lines = HashMap<usize, HashMap<String, Vec<Parsed>>>;
    const BOUND: usize = 16 << 20;

    // A parse state holds the regular expression library's match regions, which may not
    // cross threads: each core keeps its own.
    thread_local! {
        static LINES: RefCell<(Lines, usize)> = RefCell::default();
    }

    /// The scopes of `line` begun in `state`, and the state after it, if parsed before.
    pub fn recall(
        grammar: usize,
        state: &ParseState,
        line: &str,
    ) -> Option<(Vec<(usize, ScopeStackOp)>, ParseState)> {
        LINES.with_borrow(|lines| {
            let parsed = lines.0.get(&grammar)?.get(line)?;
            parsed
                .iter()
                .find(|(before, _, _)| before == state)
                .map(|(_, ops, after)| (ops.clone(), after.clone()))
        })
    }

    pub fn keep(
        grammar: usize,
        before: ParseState,
        line: &str,
        ops: &[(usize, ScopeStackOp)],
        after: &ParseState,
    ) {
        LINES.with_borrow_mut(|lines| {
            // A rough size: the line, its scopes, and two states of a few levels each.
            let size = line.len() + ops.len() * 16 + 256;
            if lines.1 + size > BOUND {
                return;
            }
            lines.1 += size;
            lines
                .0
                .entry(grammar)
                .or_default()
                .entry(line.to_string())
                .or_default()
                .push((before, ops.to_vec(), after.clone()));
        })
    }
}

/// The stylesheet for highlighted code: a light theme, and a dark one by colour scheme.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, test_support::doc};

    #[test]
    fn fenced_code_gets_classes_not_colours() {
        let r = render(&doc("```rust\nfn main() {}\n```\n"));
        assert!(r.has_code);
        assert!(
            r.html.contains(r#"<code class="language-rust">"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"class="hl-"#), "{}", r.html);
        assert!(!r.html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let r = render(&doc("```nosuchlang\n<b>&\n```\n"));
        assert!(r.html.contains("&lt;b&gt;&amp;"), "{}", r.html);
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = super::stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    /// A line met again is read from the memo only where it begins in the same state: the
    /// same text inside a string, a comment or a deeper block is parsed anew. Each block is
    /// checked against syntect's own generator, which parses every line.
    #[test]
    fn lines_met_again_are_classed_as_syntect_classes_them() {
        use syntect::html::ClassedHTMLGenerator;
        let blocks = [
            ("rust", "fn main() {\n    let x = 1;\n}\n"),
            ("rust", "let s = \"\n}\nlet x = 1;\n\";\n}\n"),
            (
                "rust",
                "/*\nfn main() {\n*/\nfn main() {\n    let x = 1;\n}\n",
            ),
            (
                "python",
                "def f():\n    return 1\n'''\ndef f():\n'''\ndef f():\n",
            ),
            (
                "bash",
                "echo <b> & \"$x\"\ncat <<EOF\necho <b> & \"$x\"\nEOF\necho <b> & \"$x\"\n",
            ),
        ];
        let set = super::syntaxes();
        // Twice over, so that the second round is read from the memo.
        for _ in 0..2 {
            for (lang, code) in blocks {
                let syntax = set.find_syntax_by_token(lang).expect("a default grammar");
                let mut generator =
                    ClassedHTMLGenerator::new_with_class_style(syntax, set, super::CLASS_STYLE);
                for line in super::LinesWithEndings::from(code) {
                    generator
                        .parse_html_for_line_which_includes_newline(line)
                        .expect("parses");
                }
                let expected = generator.finalize();
                let classed = super::classed(syntax, set, code);
                assert_eq!(classed.as_deref(), Some(expected.as_str()), "{code}");
            }
        }
        // The same `def` inside a string and after it is classed apart: a memo of lines
        // alone, without their states, would class both alike.
        let python = set
            .find_syntax_by_token("python")
            .expect("a default grammar");
        let html = super::classed(python, set, "'''\ndef f():\n'''\ndef f():\n").unwrap();
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines[1], "def f():", "{html}");
        assert!(lines[3].contains("hl-storage"), "{html}");
    }
}
