//! The print document's elements as Typst markup. The print document is written by this
//! project's own writer with a small, known vocabulary of classes (a gloss's passage and its
//! gloss, a sidenote, a margin note, a note reference, a page reference…); each becomes a call
//! of a function of `edition.typ`, which says how it is set. Anything else is set as its
//! text, so a body's own HTML never breaks the PDF.

use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;
use std::fmt::Write;

/// What the markup is written with: the print document's ids that are places in it.
pub struct Writer {
    out: String,
    ids: HashSet<String>,
    /// The number of the paragraph being written, for a gloss's lemma.
    paragraph: Option<String>,
    /// The last gloss passage's text, for the lemma of the gloss after it, and its id.
    passage: String,
    passage_id: Option<String>,
    /// Inside an element that sets its own text (a lemma note), no further notes.
    in_note: bool,
    /// The id of the part whose title comes next, which the title takes.
    part_label: Option<String>,
    /// A block quotation's number, set with its first paragraph.
    pending_number: Option<String>,
    /// Inside a block quotation, whose paragraphs share its number.
    in_quote: bool,
    /// The document is a course reader: readings, each with its sections.
    course: bool,
    /// Where the paragraph's last two spaces were written.
    spaces: [Option<usize>; 2],
    /// The images of the document, which the PDF names by their text instead.
    pub left_out: Vec<String>,
}

/// A Typst label's name for an HTML id: letters, digits, `-` and `_` kept, anything else
/// written as its code point, so that every id has one label and no label breaks the markup.
pub fn label(id: &str) -> String {
    let mut name = String::from("g-");
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            name.push(c);
        } else {
            let _ = write!(name, ".{:x}.", c as u32);
        }
    }
    name
}

/// Text as Typst markup: every ASCII sign escaped (Typst reads `*`, `_`, `#`, `//`, `--`,
/// `http://`… as markup), white space run together as HTML runs it.
pub fn escape(text: &str, out: &mut String) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        // Straight quotes are left to Typst, which sets them as the language quotes.
        if c.is_ascii_punctuation() && c != '\'' && c != '"' {
            out.push('\\');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
}

/// A Typst string literal of a line of text: its line breaks and tabs become spaces.
pub fn string(text: &str) -> String {
    literal(text, false)
}

/// A Typst string literal; with `lines`, its line breaks are kept (code) and tabs are four
/// spaces, else both are spaces.
fn literal(text: &str, lines: bool) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' if lines => s.push_str("\\n"),
            '\r' if lines => {}
            '\t' if lines => s.push_str("    "),
            '\n' | '\r' | '\t' => s.push(' '),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn has_class(e: &ElementRef<'_>, class: &str) -> bool {
    e.value().classes().any(|c| c == class)
}

/// The text of an element, white space run together.
fn text_of(e: &ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A lemma: a passage of up to five words whole, a longer one by its first three words and
/// its last, as critical editions cite the words they annotate.
pub fn lemma(passage: &str) -> String {
    let words: Vec<&str> = passage.split_whitespace().collect();
    if words.len() <= 5 {
        words.join(" ")
    } else {
        format!("{} … {}", words[..3].join(" "), words[words.len() - 1])
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "nav",
    "aside",
    "header",
    "footer",
    "figure",
    "figcaption",
];

impl Writer {
    pub fn new(document: &Html) -> Self {
        let mut ids = HashSet::new();
        let mut course = false;
        for e in document
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            if let Some(id) = e.value().id() {
                ids.insert(id.to_string());
            }
            course |= has_class(&e, "print-reading");
        }
        Writer {
            out: String::new(),
            ids,
            paragraph: None,
            passage: String::new(),
            passage_id: None,
            spaces: [None, None],
            in_note: false,
            part_label: None,
            pending_number: None,
            in_quote: false,
            course,
            left_out: Vec::new(),
        }
    }

    pub fn finish(self) -> (String, Vec<String>) {
        (self.out, self.left_out)
    }

    /// The label of a link's target in the document, when it is a place in it.
    fn target(&self, href: &str) -> Option<String> {
        let id = href.strip_prefix('#')?;
        self.ids.contains(id).then(|| label(id))
    }

    fn children(&mut self, e: &ElementRef<'_>) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => {
                    let from = self.out.len();
                    escape(t, &mut self.out);
                    if !self.in_note {
                        // The last two spaces: the last may end the text, before a link's word.
                        let written = &self.out[from..];
                        for (at, _) in written
                            .rmatch_indices(' ')
                            .take(2)
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                        {
                            self.spaces = [self.spaces[1], Some(from + at)];
                        }
                    }
                }
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child) {
                        self.element(&el);
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether an element is in the bibliography, whose references print their addresses
    /// themselves.
    fn in_bibliography(&self, e: &ElementRef<'_>) -> bool {
        e.ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| has_class(&a, "print-bibliography") || has_class(&a, "print-citations"))
    }

    /// The children of a note but its label (`class`), which the PDF sets in its own way.
    fn children_but(&mut self, e: &ElementRef<'_>, class: &str) {
        for child in e.children() {
            if let Some(el) = ElementRef::wrap(child) {
                if !has_class(&el, class) {
                    self.element(&el);
                }
            } else if let Node::Text(t) = child.value() {
                escape(t, &mut self.out);
            }
        }
    }

    /// `#name[children]`, with `args` before the content when given.
    fn call(&mut self, name: &str, args: &str, e: &ElementRef<'_>) {
        self.out.push('#');
        self.out.push_str(name);
        if !args.is_empty() {
            let _ = write!(self.out, "({args})");
        }
        self.out.push('[');
        self.children(e);
        self.out.push(']');
    }

    fn place_of(&mut self, e: &ElementRef<'_>) {
        if let Some(id) = e.value().id() {
            let _ = write!(self.out, "#metadata(none)<{}>", label(id));
        }
    }

    pub fn element(&mut self, e: &ElementRef<'_>) {
        let name = e.value().name();
        if matches!(name, "head" | "script" | "style" | "template" | "button") {
            return;
        }
        if has_class(e, "visually-hidden") || has_class(e, "note-call") {
            return;
        }
        let id = e.value().id();
        match name {
            "section" if has_class(e, "title-page") => {
                self.call("title-page", "", e);
                self.out.push_str("\n\n");
            }
            "nav" if has_class(e, "print-contents") => {
                let title = e
                    .select(&scraper::Selector::parse("h1").expect("selector"))
                    .next()
                    .map(|h| text_of(&h))
                    .unwrap_or_default();
                let _ = writeln!(self.out, "#contents({})\n", string(&title));
            }
            "p" if has_class(e, "title-kicker") => self.call("kicker", "", e),
            // The title page sets the site's address itself, at its foot.
            "p" if has_class(e, "title-address") => {}
            "h1" if has_class(e, "book-title") => self.call("book-title", "", e),
            "p" if has_class(e, "book-subtitle") => self.call("book-subtitle", "", e),
            "p" if has_class(e, "book-author") => self.call("book-author", "", e),
            // The note says how this edition's apparatus is set, which is not as a browser
            // prints it.
            "p" if has_class(e, "title-note") => self.out.push_str("#title-note(title-note-text)"),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let mut level = name[1..].parse::<u8>().unwrap_or(1);
                // In a course reader a reading's sections go under the reading's title: one
                // level down, on from the page the reading's last section ends.
                let in_section = e
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| has_class(&a, "print-section"));
                if self.course && in_section {
                    level += 1;
                }
                // The contents list the parts: the sections, readings and indexes.
                let outlined = level == 1 || (self.course && in_section && level == 2);
                // A part's title takes the part's id: a link to the part finds the page the
                // title starts, not the foot of the page before it.
                let part = self.part_label.take();
                let own = id.map(str::to_string).or(part);
                let _ = write!(
                    self.out,
                    "\n\n#heading(level: {level}, outlined: {outlined}, bookmarked: true)["
                );
                self.children(e);
                self.out.push(']');
                if let Some(id) = own {
                    let _ = write!(self.out, "<{}>", label(&id));
                }
                if outlined {
                    // What the running heads call the part: its title, shortened to one line.
                    let _ = write!(
                        self.out,
                        "#metadata({})<glossator-head>",
                        string(&running_head(&text_of(e)))
                    );
                }
                self.out.push_str("\n\n");
            }
            "a" if has_class(e, "pnum") => {
                // The number without the words said only to screen readers.
                let n: String = e
                    .children()
                    .filter_map(|c| match c.value() {
                        Node::Text(t) => Some(t.trim().to_string()),
                        _ => None,
                    })
                    .collect();
                // A quotation's number waits for its first line.
                let quoted = e
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "blockquote");
                if quoted {
                    self.pending_number = Some(n.clone());
                } else {
                    let _ = write!(self.out, "#pnum({})", string(&n));
                }
                self.paragraph = Some(n);
            }
            "a" if has_class(e, "page-ref") => {
                let href = e.value().attr("href").unwrap_or_default();
                match self.target(href) {
                    Some(l) => {
                        let _ = write!(self.out, "#page-ref(<{l}>)[");
                        self.children(e);
                        self.out.push(']');
                    }
                    None => self.children(e),
                }
            }
            "a" => {
                let href = e.value().attr("href").unwrap_or_default();
                let in_note_ref = e
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| has_class(&a, "note-footnote"));
                if let Some(l) = self.target(href) {
                    let f = if in_note_ref { "note-link" } else { "link" };
                    let _ = write!(self.out, "#{f}(<{l}>)[");
                    self.children(e);
                    self.out.push(']');
                } else if href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:")
                {
                    let words = text_of(e);
                    let address = href.strip_prefix("mailto:").unwrap_or(href);
                    let shown = !words.contains(address.trim_end_matches('/'))
                        && !in_note_ref
                        && !self.in_bibliography(e);
                    let _ = write!(self.out, "#web-link({}, {shown})[", string(href));
                    self.children(e);
                    self.out.push(']');
                } else {
                    self.children(e);
                }
                self.place_of(e);
            }
            "mark" if has_class(e, "gloss-passage") => {
                self.place_of(e);
                // A passage in fragments (split by a link in it) is one passage: its text is
                // joined as written, white space and all.
                self.passage.extend(e.text());
                if let Some(i) = id {
                    self.passage_id = Some(i.to_string());
                }
                self.children(e);
            }
            "span" if has_class(e, "gloss") => {
                let passage = std::mem::take(&mut self.passage);
                if self.in_note {
                    return;
                }
                self.in_note = true;
                let at = self.paragraph.clone().unwrap_or_default();
                let passage_label = self
                    .passage_id
                    .take()
                    .filter(|p| self.ids.contains(p))
                    .map(|p| format!("<{}>", label(&p)))
                    .unwrap_or_else(|| "none".into());
                let _ = write!(
                    self.out,
                    "#lemma-note({}, {}, {passage_label})[",
                    string(&at),
                    string(&lemma(&passage)),
                );
                self.children_but(e, "gloss-label");
                self.out.push(']');
                self.in_note = false;
            }
            "span" if has_class(e, "note-footnote") => {
                if self.in_note {
                    return;
                }
                self.in_note = true;
                self.call("note-ref", "", e);
                self.in_note = false;
            }
            "span" if has_class(e, "sidenote") => {
                if self.in_note {
                    return;
                }
                self.in_note = true;
                self.out.push_str("#sidenote[");
                self.children_but(e, "sn-number");
                self.out.push(']');
                if let Some(i) = id {
                    let _ = write!(self.out, "<{}>", label(i));
                }
                self.in_note = false;
            }
            "span" if has_class(e, "marginnote") => {
                if self.in_note {
                    return;
                }
                self.in_note = true;
                self.place_of(e);
                self.call("margin-note", "", e);
                self.in_note = false;
            }
            "span" if has_class(e, "unverified") => self.call("unverified", "", e),
            "span" if has_class(e, "cited") => self.call("strong", "", e),
            "sup" if has_class(e, "sn-again") => self.call("super", "", e),
            "em" | "i" | "cite" | "dfn" | "var" => self.call("emph", "", e),
            "strong" | "b" => self.call("strong", "", e),
            "sup" => self.call("super", "", e),
            "sub" => self.call("sub", "", e),
            "s" | "del" => self.call("strike", "", e),
            "u" | "ins" => self.call("underline", "", e),
            "code" | "kbd" | "samp" => {
                let _ = write!(self.out, "#raw({})", string(&e.text().collect::<String>()));
            }
            "pre" => {
                let text: String = e.text().collect();
                let _ = write!(self.out, "\n\n#code-block(");
                self.out.push_str(&literal(&text, true));
                self.out.push_str(")\n\n");
            }
            "br" => self.out.push_str("#linebreak()"),
            "hr" => self.out.push_str("\n\n#rule()\n\n"),
            "img" => {
                let src = e.value().attr("src").unwrap_or_default();
                self.left_out.push(format!("the image {src}"));
                if let Some(alt) = e.value().attr("alt").filter(|a| !a.trim().is_empty()) {
                    let _ = write!(self.out, "#image-alt({})", string(alt));
                }
            }
            "blockquote" => {
                self.out.push_str("\n\n");
                self.place_of(e);
                let was = std::mem::replace(&mut self.in_quote, true);
                self.call("block-quote", "", e);
                self.in_quote = was;
                self.out.push_str("\n\n");
                if !was {
                    self.paragraph = None;
                }
            }
            "ul" | "ol" => {
                let f = if name == "ol" { "numbered" } else { "bulleted" };
                let start = e
                    .value()
                    .attr("start")
                    .and_then(|s| s.parse::<i64>().ok())
                    .unwrap_or(1);
                let class = e.value().attr("class").unwrap_or_default();
                let _ = write!(self.out, "\n\n#{f}(start: {start}, kind: {}", string(class));
                for item in e.children().filter_map(ElementRef::wrap) {
                    self.out.push_str(", [");
                    self.place_of(&item);
                    self.children(&item);
                    self.out.push(']');
                }
                self.out.push_str(")\n\n");
            }
            "dl" => {
                self.out.push_str("\n\n");
                self.children(e);
                self.out.push_str("\n\n");
            }
            "dt" => {
                self.out.push_str("\n\n");
                self.call("term-head", "", e);
                self.out.push_str("\n\n");
            }
            "dd" => {
                self.out.push_str("\n\n");
                self.call("term-body", "", e);
                self.out.push_str("\n\n");
            }
            "table" => self.table(e),
            "span" if e.value().attr("lang").is_some() => {
                let lang = e.value().attr("lang").unwrap_or_default();
                self.language(lang, e);
            }
            _ if BLOCKS.contains(&name) => {
                self.out.push_str("\n\n");
                let titled = starts_with_title(e);
                match (id, titled) {
                    (Some(id), true) => self.part_label = Some(id.to_string()),
                    _ => self.place_of(e),
                }
                if name == "section" && has_class(e, "back-matter") {
                    self.out.push_str("#pagebreak(weak: true)");
                }
                if name == "p" {
                    self.spaces = [None, None];
                    if let Some(n) = self.pending_number.take() {
                        let _ = write!(self.out, "#pnum({})", string(&n));
                    }
                }
                match e.value().attr("lang") {
                    Some(lang) => self.language(lang, e),
                    None => self.children(e),
                }
                // The last two words of a paragraph are tied, so that its last line is never
                // one word (Typst's own cost for such a line misses a word it may hyphenate).
                if name == "p" {
                    let spaces = std::mem::take(&mut self.spaces);
                    let tie = spaces
                        .into_iter()
                        .rev()
                        .flatten()
                        .find(|&at| !self.out[at + 1..].trim().is_empty());
                    if let Some(at) = tie {
                        self.out.replace_range(at..at + 1, "~");
                    }
                }
                self.out.push_str("\n\n");
                if name == "p" && !self.in_quote {
                    self.paragraph = None;
                }
            }
            _ => {
                self.place_of(e);
                self.children(e);
            }
        }
    }

    /// An element in another language: hyphenated and quoted as that language is.
    fn language(&mut self, lang: &str, e: &ElementRef<'_>) {
        let primary: String = lang
            .split('-')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        if primary.len() == 2 || primary.len() == 3 {
            self.call("text", &format!("lang: {}", string(&primary)), e);
        } else {
            self.children(e);
        }
    }

    fn table(&mut self, e: &ElementRef<'_>) {
        let rows: Vec<ElementRef<'_>> = e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|r| r.value().name() == "tr")
            .collect();
        let columns = rows
            .iter()
            .map(|r| {
                r.children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .count()
            })
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let _ = write!(self.out, "\n\n#data-table(columns: {columns}");
        for row in rows {
            let mut cells = 0;
            for cell in row
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
            {
                let head = cell.value().name() == "th";
                let _ = write!(self.out, ", (head: {head}, body: [");
                self.children(&cell);
                self.out.push_str("])");
                cells += 1;
            }
            for _ in cells..columns {
                self.out.push_str(", (head: false, body: [])");
            }
        }
        self.out.push_str(")\n\n");
    }
}

/// A title as a running head gives it: whole up to 60 characters, else cut at a word and
/// ended with an ellipsis, so that the head stays one line.
pub fn running_head(title: &str) -> String {
    const MOST: usize = 60;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.chars().count() <= MOST {
        return title;
    }
    let mut cut = String::new();
    for word in title.split(' ') {
        if cut.chars().count() + word.chars().count() + 1 > MOST - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = title.chars().take(MOST - 1).collect();
    }
    cut.trim_end_matches([',', ':', ';', '.']).to_string() + "…"
}

/// Whether an element's first element, through wrappers without ids, is a title without an
/// id of its own.
fn starts_with_title(e: &ElementRef<'_>) -> bool {
    let mut at = *e;
    loop {
        let Some(first) = at.children().filter_map(ElementRef::wrap).next() else {
            return false;
        };
        match first.value().name() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return first.value().id().is_none(),
            "article" | "div" | "section" if first.value().id().is_none() => at = first,
            _ => return false,
        }
    }
}

/// The print document's body as Typst markup, and what of it the PDF leaves out.
pub fn body(html: &str) -> (String, Vec<String>) {
    let document = Html::parse_document(html);
    let mut writer = Writer::new(&document);
    if let Some(body) = document
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
    {
        writer.element(&body);
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        let mut out = String::new();
        escape("a *b* #c // d -- http://x $5 <l> @r", &mut out);
        assert_eq!(out, r"a \*b\* \#c \/\/ d \-\- http\:\/\/x \$5 \<l\> \@r");
    }

    #[test]
    fn a_long_title_is_cut_at_a_word_for_the_running_head() {
        assert_eq!(running_head("Conclusions"), "Conclusions");
        let long = "Rule at Work and Beyond: Abolishing the Nexus Between Power and Wealth";
        let head = running_head(long);
        assert_eq!(
            head,
            "Rule at Work and Beyond: Abolishing the Nexus Between Power…"
        );
        assert!(head.chars().count() <= 60);
        let word = "x".repeat(80);
        assert_eq!(running_head(&word).chars().count(), 60);
    }

    #[test]
    fn labels_name_ids_one_to_one() {
        assert_eq!(label("p12"), "g-p12");
        assert_eq!(label("cite-notes-x-1"), "g-cite-notes-x-1");
        assert_ne!(label("a.b"), label("a_b"));
        assert_eq!(label("Räte"), "g-R.e4.te");
    }

    #[test]
    fn a_long_passage_is_cited_by_its_first_words_and_its_last() {
        assert_eq!(lemma("took the poor"), "took the poor");
        assert_eq!(
            lemma("Plato and Aristotle once took the poor"),
            "Plato and Aristotle … poor"
        );
    }

    #[test]
    fn a_gloss_becomes_a_lemma_note_of_its_paragraph() {
        let html = r##"<html><body><p id="p3"><a class="pnum" href="#p3"><span class="visually-hidden">Paragraph </span>3</a>Once <mark class="passage gloss-passage" id="passage-g">the poor took</mark><span class="note-call"><sup>◊</sup></span><span class="gloss" id="gloss-g"><span class="gloss-label">Gloss</span> A <em>gloss</em>.</span> rest.</p></body></html>"##;
        let (out, _) = body(html);
        assert!(out.contains(r#"#pnum("3")"#), "{out}");
        assert!(
            out.contains(r#"#lemma-note("3", "the poor took", <g-passage-g>)[ A #emph[gloss]\.]"#),
            "{out}"
        );
        assert!(!out.contains("◊") && !out.contains("Gloss"), "{out}");
    }

    #[test]
    fn links_to_places_become_links_and_others_text() {
        let html = r##"<html><body><p id="p1">See <a href="#p1">here</a>, <a href="https://example.org/a">there</a> and <a href="file:///etc/passwd">this</a>.</p></body></html>"##;
        let (out, _) = body(html);
        assert!(out.contains("#link(<g-p1>)[here]"), "{out}");
        assert!(
            out.contains(r#"#web-link("https://example.org/a", true)[there]"#),
            "{out}"
        );
        assert!(!out.contains("file:") && !out.contains("passwd"), "{out}");
    }
}
