//! Fenced code highlighted at build time with syntect, as CSS classes (no JavaScript, no
//! inline colours), so the theme's light and dark styles both apply.

use super::{escape, Rendered, Spanned};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
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
    let body = match syntax {
        Some(syntax) => {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
            let highlighted = LinesWithEndings::from(code)
                .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
            match highlighted {
                Ok(()) => generator.finalize(),
                Err(_) => escape(code),
            }
        }
        None => escape(code),
    };
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(r#" class="language-{}""#, escape(lang))
    };
    format!("<pre class=\"code\"><code{class}>{body}</code></pre>\n")
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
}
