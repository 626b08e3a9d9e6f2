//! Formatting by a real CSL engine: hayagriva, with the style the edition names (Chicago
//! author–date by default). The engine's own HTML neither escapes text nor avoids inline
//! styles, so its output is written here as escaped HTML with `<i>`, `<b>` and classes.

use super::bibliography::Work;
use crate::events::escape;
use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, Style, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, LocatorPayload, SpecificLocator,
};

pub struct Styler {
    style: IndependentStyle,
    locales: Vec<Locale>,
    /// The locale the terms are taken from: the edition's language.
    locale: Option<hayagriva::citationberg::LocaleCode>,
    /// The fixes of `mend` and `restore_title_case` answer faults of hayagriva's Chicago
    /// author–date output; another style's output is left as the engine writes it.
    chicago_author_date: bool,
    /// A Chicago style of any kind: hayagriva's Chicago title case capitalises short words
    /// after a comma ("Peasants, And Soldiers"), in notes as in the author–date lists.
    chicago: bool,
}

/// A style hayagriva bundles, for `glossator styles`.
pub struct Bundled {
    /// The names `citations.style` takes: the first is the style's own, the rest short
    /// names (`apa`).
    pub names: &'static [&'static str],
    pub title: &'static str,
    /// A note style: citations become notes.
    pub note: bool,
}

pub fn bundled() -> Vec<Bundled> {
    let mut all: Vec<Bundled> = ArchivedStyle::all()
        .iter()
        .map(|s| Bundled {
            names: s.names(),
            title: s.display_name(),
            note: matches!(s.get(), Style::Independent(ref i) if i.settings.class == hayagriva::citationberg::StyleClass::Note),
        })
        .collect();
    all.sort_by_key(|b| b.names[0]);
    all
}

/// How a citation shows its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `(Anweiler 1975, 42)`
    Parenthetical,
    /// `Anweiler (1975, 42)`
    Narrative,
    /// `(1975, 42)`: the author is named in the sentence.
    YearOnly,
}

impl Styler {
    /// The style by its name in hayagriva's archive, e.g. `chicago-author-date`, with the
    /// terms of the edition's language; `None` if hayagriva has no such style. A dependent
    /// style (a journal's name for a parent's rules) is its parent.
    pub fn new(name: &str, language: &str) -> Option<Styler> {
        // The style and the locales are decoded on two cores: each takes milliseconds, before
        // any citation of a small edition can be formatted.
        let (style, locales) = rayon::join(
            || match ArchivedStyle::by_name(name)?.get() {
                Style::Independent(style) => Some(style),
                Style::Dependent(d) => parent(&d.parent_link.href),
            },
            || locales_for(language),
        );
        Some(Styler::from_style(style?, locales, language))
    }

    /// A style read from the CSL XML of an edition's `.csl` file.
    pub fn from_csl(xml: &str, language: &str) -> Result<Styler, String> {
        let (style, locales) = rayon::join(|| Style::from_xml(xml), || locales_for(language));
        match style {
            Ok(Style::Independent(style)) => Ok(Styler::from_style(style, locales, language)),
            Ok(Style::Dependent(d)) => parent(&d.parent_link.href)
                .map(|style| Styler::from_style(style, locales, language))
                .ok_or_else(|| {
                    format!(
                        "it depends on the style {}, which hayagriva does not bundle",
                        d.parent_link.href
                    )
                }),
            Err(e) => Err(e.to_string()),
        }
    }

    fn from_style(style: IndependentStyle, locales: Vec<Locale>, language: &str) -> Styler {
        let chicago_author_date = style.info.id.ends_with("/chicago-author-date")
            || ArchivedStyle::ChicagoAuthorDate.csl_id() == style.info.id;
        let chicago = style.info.id.contains("chicago");
        Styler {
            style,
            locales,
            locale: Some(hayagriva::citationberg::LocaleCode(language.to_string())),
            chicago_author_date,
            chicago,
        }
    }

    /// The style's title, as the bibliography page names it: "Chicago Manual of Style 18th
    /// edition (author-date)".
    pub fn title(&self) -> &str {
        &self.style.info.title.value
    }

    /// Whether the style sets citations as notes (Chicago notes and bibliography).
    pub fn is_note(&self) -> bool {
        self.style.settings.class == hayagriva::citationberg::StyleClass::Note
    }

    fn request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, hayagriva::citationberg::json::Item>>,
    ) -> CitationRequest<'a, hayagriva::citationberg::json::Item> {
        CitationRequest::new(items, &self.style, self.locale.clone(), &self.locales, None)
    }

    /// Every work's reference as the bibliography shows it, in the style's order: (id, HTML).
    ///
    /// Formatting is the slowest step of a build. A work that shares its author and year with
    /// no other is formatted alone, as a full citation, in parallel; works that share them
    /// (Lenin 1917a and 1917b) go through the engine's bibliography together, so that it
    /// tells them apart. The whole is then put in author–date order.
    pub fn bibliography(&self, works: &[Work]) -> Vec<(String, String)> {
        use rayon::prelude::*;
        // Another style goes through the engine whole, so that its own order (numeric styles
        // number in citation order) and labels hold.
        if !self.chicago_author_date {
            return self.format_run(&works.iter().collect::<Vec<_>>());
        }
        let base_year = |w: &Work| {
            w.year
                .trim_end_matches(|c: char| c.is_ascii_lowercase())
                .to_string()
        };
        let key = |w: &Work| (super::fold_name(&w.family), base_year(w));
        let mut shared: std::collections::HashMap<(String, String), usize> = Default::default();
        for w in works {
            *shared.entry(key(w)).or_default() += 1;
        }
        let (together, alone): (Vec<&Work>, Vec<&Work>) =
            works.iter().partition(|w| shared[&key(w)] > 1);
        // The works that share an author and a year go through the engine on one core while
        // the rest are formatted on the others: begun after them, they ended the bibliography
        // of this edition on one core.
        let (mut entries, together): (Vec<(String, String)>, _) = rayon::join(
            || {
                alone
                    .par_iter()
                    .map(|w| (w.id.clone(), self.entry_alone(w)))
                    .collect()
            },
            || self.format_run(&together),
        );
        entries.extend(together);
        let order = |id: &str| {
            works.iter().find(|w| w.id == id).map(|w| {
                let title = match w.item.0.get("title") {
                    Some(hayagriva::citationberg::json::Value::String(t)) => super::fold_name(t),
                    _ => String::new(),
                };
                (super::fold_name(&w.family), w.year.clone(), title)
            })
        };
        entries.sort_by_cached_key(|(id, _)| order(id));
        entries
    }

    /// One work's bibliography entry, formatted as a full citation: the same layout, without
    /// the citation's brackets.
    fn entry_alone(&self, work: &Work) -> String {
        let item = CitationItem::with_entry(&work.item).kind(CitePurpose::Full);
        let request = self.request(vec![item]);
        let text = html(&hayagriva::standalone_citation(request));
        let text = text
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(&text);
        let mut text = restore_title_case(text, work);
        if !text.ends_with('.') {
            text.push('.');
        }
        mend(&text, work)
    }

    fn format_run(&self, works: &[&Work]) -> Vec<(String, String)> {
        let mut driver: BibliographyDriver<'_, hayagriva::citationberg::json::Item> =
            BibliographyDriver::new();
        for work in works {
            driver.citation(self.request(vec![CitationItem::with_entry(&work.item)]));
        }
        let rendered = driver.finish(BibliographyRequest::new(
            &self.style,
            self.locale.clone(),
            &self.locales,
        ));
        rendered
            .bibliography
            .map(|b| {
                b.items
                    .into_iter()
                    .map(|i| {
                        let mut text = html(&i.content);
                        if let Some(w) = works.iter().find(|w| w.id == i.key) {
                            if self.chicago {
                                text = restore_title_case(&text, w);
                            }
                            if self.chicago_author_date {
                                text = mend(&text, w);
                            }
                        }
                        if let Some(label) = &i.first_field {
                            text = format!("{} {text}", html(&ElemChildren(vec![label.clone()])));
                        }
                        (i.key, text)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The citations of a body's notes as a note style sets them: for each note, the HTML
    /// of each work it cites. The engine sees the notes in order, so that a work cited again
    /// takes the style's short form ("Anweiler, *Soviets*, 42").
    pub fn notes(&self, notes: &[Vec<(&Work, Option<&str>)>]) -> Vec<Vec<String>> {
        let mut driver: BibliographyDriver<'_, hayagriva::citationberg::json::Item> =
            BibliographyDriver::new();
        for (n, note) in notes.iter().enumerate() {
            for (work, locator) in note {
                let locator = locator.map(specific_locator);
                driver.citation(CitationRequest::new(
                    vec![CitationItem::with_locator(&work.item, locator)],
                    &self.style,
                    self.locale.clone(),
                    &self.locales,
                    Some(n + 1),
                ));
            }
        }
        let rendered = driver.finish(BibliographyRequest::new(
            &self.style,
            self.locale.clone(),
            &self.locales,
        ));
        let mut texts = rendered.citations.into_iter().map(|c| html(&c.citation));
        notes
            .iter()
            .map(|note| {
                note.iter()
                    .map(|(work, _)| {
                        let text = texts.next().unwrap_or_default();
                        if self.chicago {
                            restore_title_case(&text, work)
                        } else {
                            text
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// One work cited alone, in the given form, with a pinpoint such as `p. 42`.
    pub fn citation(&self, work: &Work, locator: Option<&str>, form: Form) -> String {
        let locator = locator.map(specific_locator);
        let mut item = CitationItem::with_locator(&work.item, locator);
        match form {
            Form::Parenthetical => {}
            Form::Narrative => item = item.kind(CitePurpose::Prose),
            Form::YearOnly => item = item.kind(CitePurpose::Year),
        }
        let request = self.request(vec![item]);
        let text = html(&hayagriva::standalone_citation(request));
        let unbalanced = text.matches('(').count() > text.matches(')').count();
        match form {
            Form::YearOnly if !text.starts_with('(') => format!("({text})"),
            // hayagriva keeps the layout's opening bracket on a narrative citation.
            Form::Narrative if unbalanced => text.trim_start_matches('(').to_string(),
            _ => text,
        }
    }
}

/// The independent style a dependent style names as its parent, if hayagriva bundles it.
fn parent(href: &str) -> Option<IndependentStyle> {
    ArchivedStyle::all()
        .iter()
        .find(|s| s.csl_id() == href)
        .and_then(|s| match s.get() {
            Style::Independent(style) => Some(style),
            Style::Dependent(_) => None,
        })
}

/// Mends what hayagriva 0.10 gets wrong in Chicago author–date entries: a family name with a
/// particle turned about ("Blanc, Paul Le" for Le Blanc), editors standing in for authors in
/// citation form ("I. Ferreras, J. Battilana"), and the stray punctuation of missing fields.
fn mend(html: &str, work: &Work) -> String {
    use hayagriva::citationberg::json::{NameValue, Value};
    let names = |role: &str| -> Vec<(String, Option<String>)> {
        match work.item.0.get(role) {
            Some(Value::Names(names)) => names
                .iter()
                .filter_map(|n| match n {
                    NameValue::Item(n) => Some((n.family.clone(), n.given.clone())),
                    NameValue::Literal(_) => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut out = html.to_string();
    let authors = names("author");
    if let Some((family, Some(given))) = authors.first() {
        if let Some((particle, rest)) = family.split_once(' ') {
            let turned = format!("{rest}, {given} {particle}");
            if out.starts_with(&turned) {
                out.replace_range(..turned.len(), &format!("{family}, {given}"));
            }
        }
    }
    let editors = names("editor");
    if authors.is_empty() && !editors.is_empty() {
        let year = work.year.trim_end_matches(|c: char| c.is_ascii_lowercase());
        let cut = [format!(". {year}."), ". (".to_string()]
            .iter()
            .filter_map(|m| out.find(m.as_str()))
            .min();
        if let Some(cut) = cut {
            let full = |(f, g): &(String, Option<String>), first: bool| match g {
                Some(g) if first => format!("{f}, {g}"),
                Some(g) => format!("{g} {f}"),
                None => f.clone(),
            };
            let list: Vec<String> = editors
                .iter()
                .enumerate()
                .map(|(i, e)| full(e, i == 0))
                .collect();
            let joined = match list.len() {
                1 => list[0].clone(),
                2 => format!("{}, and {}", list[0], list[1]),
                _ => format!(
                    "{}, and {}",
                    list[..list.len() - 1].join(", "),
                    list[list.len() - 1]
                ),
            };
            let label = if editors.len() == 1 { "ed." } else { "eds." };
            let escaped = escape(&format!("{joined}, {label}"));
            out.replace_range(..cut + 1, &escaped);
        }
    }
    for (stray, fixed) in [
        (", .", "."),
        (",.", "."),
        (" .", "."),
        (".”.", ".”"),
        ("?.”", "?”"),
        ("!.”", "!”"),
    ] {
        out = out.replace(stray, fixed);
    }
    out
}

/// The editors' own capitals for a title they wrote in title case. hayagriva's title case
/// capitalises short words after a comma or a bracket ("Peasants, And Soldiers") and long
/// prepositions ("Talk About It"), which Chicago does not; where the editors' title already
/// reads in title case, their capitals are kept. A sentence-case title is left to the style.
fn restore_title_case(html: &str, work: &Work) -> String {
    let mut out = html.to_string();
    for key in ["title", "container-title"] {
        let Some(hayagriva::citationberg::json::Value::String(title)) = work.item.0.get(key) else {
            continue;
        };
        let words: Vec<&str> = title
            .split_whitespace()
            .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.chars().count() > 3)
            .collect();
        let capitalised = words
            .iter()
            .filter(|w| w.starts_with(char::is_uppercase))
            .count();
        let title_case = !words.is_empty() && capitalised * 10 >= words.len() * 6;
        if !title_case {
            continue;
        }
        let escaped = escape(title);
        let lower_out = out.to_lowercase();
        let lower_title = escaped.to_lowercase();
        if lower_out.len() != out.len() || lower_title.len() != escaped.len() {
            continue;
        }
        if let Some(at) = lower_out.find(&lower_title) {
            out.replace_range(at..at + escaped.len(), &escaped);
        }
    }
    out
}

/// The locales a build needs: the edition's language and US English, the fallback of CSL
/// styles. Decoding all of hayagriva's sixty locales costs more than the rest of a build.
fn locales_for(language: &str) -> Vec<Locale> {
    let language = language.split(['-', '_']).next().unwrap_or("en");
    let wanted = |code: &str| {
        code == "en-US"
            || code
                .split('-')
                .next()
                .is_some_and(|primary| primary.eq_ignore_ascii_case(language))
    };
    // The edition's language and US English are two locales (three for British English),
    // each decoded on its own core.
    use rayon::prelude::*;
    LOCALES
        .par_iter()
        .with_max_len(1)
        .filter_map(|bytes| match locale_code(bytes) {
            Some(code) => wanted(code)
                .then(|| ciborium::from_reader::<Locale, _>(*bytes).ok())
                .flatten(),
            // Not the shape `locale_code` knows: read the whole locale for its code.
            None => ciborium::from_reader::<Locale, _>(*bytes)
                .ok()
                .filter(|l| l.lang.as_ref().is_some_and(|c| wanted(&c.0))),
        })
        .collect()
}

/// A bundled locale's code (`de-DE`), read from the start of its CBOR, where hayagriva's
/// archive writes it: a map whose first entry is `@xml:lang`. Searching all 64 locales' bytes
/// for the code took 4 ms of each build.
fn locale_code(bytes: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"@xml:lang";
    // A map of up to 23 entries, then a text of up to 23 bytes: each one byte of head.
    let text = |at: usize| -> Option<&[u8]> {
        let head = *bytes.get(at)?;
        let len = usize::from(head.checked_sub(0x60).filter(|l| *l < 24)?);
        bytes.get(at + 1..at + 1 + len)
    };
    if !(0xa0..0xb8).contains(bytes.first()?) || text(1)? != KEY {
        return None;
    }
    std::str::from_utf8(text(2 + KEY.len())?).ok()
}

/// A pinpoint as the engine takes it.
fn specific_locator(locator: &str) -> SpecificLocator<'_> {
    let (kind, value) = split_locator(locator);
    SpecificLocator(kind, LocatorPayload::Str(value))
}

/// `p. 42` → (page, "42"); `ch. 3` → (chapter, "3"); `§557a` → (section, "557a").
fn split_locator(locator: &str) -> (Locator, &str) {
    let l = locator.trim();
    for (prefix, kind) in [
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("ch.", Locator::Chapter),
        ("chap.", Locator::Chapter),
        ("§", Locator::Section),
        ("sec.", Locator::Section),
        ("para.", Locator::Paragraph),
        ("vol.", Locator::Volume),
    ] {
        if let Some(rest) = l.strip_prefix(prefix) {
            return (kind, rest.trim());
        }
    }
    (Locator::Page, l)
}

/// Escaped HTML of the engine's output, emphasis as elements rather than inline styles.
pub fn html(children: &ElemChildren) -> String {
    let mut out = String::new();
    write_children(children, &mut out);
    out
}

fn write_children(children: &ElemChildren, out: &mut String) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => {
                let f = &t.formatting;
                let mut close = Vec::new();
                let mut open = |tag: &'static str, closing: &'static str, out: &mut String| {
                    out.push_str(tag);
                    close.push(closing);
                };
                if f.font_style == FontStyle::Italic {
                    open("<i>", "</i>", out);
                }
                if f.font_weight == FontWeight::Bold {
                    open("<b>", "</b>", out);
                }
                if f.font_variant == FontVariant::SmallCaps {
                    open(r#"<span class="small-caps">"#, "</span>", out);
                }
                match f.vertical_align {
                    VerticalAlign::Sup => open("<sup>", "</sup>", out),
                    VerticalAlign::Sub => open("<sub>", "</sub>", out),
                    _ => {}
                }
                out.push_str(&escape(&t.text));
                for c in close.iter().rev() {
                    out.push_str(c);
                }
            }
            ElemChild::Elem(e) => write_children(&e.children, out),
            ElemChild::Markup(m) => out.push_str(&escape(m)),
            ElemChild::Link { text, url } => {
                out.push_str(r#"<a href=""#);
                out.push_str(&escape(url));
                out.push_str(r#"">"#);
                out.push_str(&escape(&text.text));
                out.push_str("</a>");
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::bibliography::parse;
    use crate::diagnostic::Diagnostics;

    fn codes(language: &str) -> Vec<String> {
        locales_for(language)
            .into_iter()
            .map(|l| l.lang.expect("a bundled locale has its code").0)
            .collect()
    }

    /// A language's terms come from every bundled locale of that language, region or none,
    /// with American English as the engine's fallback.
    #[test]
    fn the_locales_of_a_language_and_english() {
        assert_eq!(codes("de"), ["de-AT", "de-CH", "de-DE", "en-US"]);
        assert_eq!(codes("de-CH"), ["de-AT", "de-CH", "de-DE", "en-US"]);
        assert_eq!(codes("en"), ["en-GB", "en-US"]);
        assert_eq!(codes("ru"), ["en-US", "ru-RU"]);
        // Arabic and Basque are bundled without a region.
        assert_eq!(codes("ar"), ["ar", "en-US"]);
        assert_eq!(codes("eu"), ["en-US", "eu"]);
        assert_eq!(codes("xx"), ["en-US"]);
    }

    /// Every bundled locale's code is read from the head of its bytes, as the whole locale
    /// gives it.
    #[test]
    fn a_locales_code_is_read_from_its_head() {
        for bytes in LOCALES {
            let whole: Locale = ciborium::from_reader(*bytes).expect("a bundled locale");
            assert_eq!(
                locale_code(bytes),
                whole.lang.as_ref().map(|c| c.0.as_str())
            );
        }
        assert_eq!(locale_code(b""), None);
        assert_eq!(locale_code(b"\xa5\x69@xml:lan"), None);
    }

    const WORKS: &str = r#"
- id: anweiler1975
  type: book
  author: [{family: Anweiler, given: Oskar}]
  translator: [{family: Hein, given: Ruth}]
  issued: {date-parts: [[1975]]}
  title: "The Soviets: The Russian Workers, Peasants, and Soldiers Councils, 1905–1921"
  publisher: Pantheon Books
  publisher-place: New York
- id: smith2015
  type: article-journal
  author: [{family: Smith, given: S. A.}]
  issued: {date-parts: [[2015]]}
  title: "The Historiography of the Russian Revolution 100 Years On"
  container-title: "Kritika: Explorations in Russian and Eurasian History"
  volume: 16
  issue: 4
  page: 733-749
- id: wolin1994
  type: chapter
  author: [{family: Wolin, given: Sheldon S.}]
  editor: [{family: Euben, given: J. Peter}]
  issued: {date-parts: [[1994]]}
  title: "Norm & Form: The Constitutionalizing of Democracy"
  container-title: "Athenian Political Thought and the Reconstruction of American Democracy"
  page: 29-58
  publisher: Cornell University Press
  publisher-place: Ithaca
"#;

    fn works() -> Vec<Work> {
        let mut d = Diagnostics::default();
        let works = parse(WORKS, &mut d);
        assert!(d.is_empty(), "{d:?}");
        works
    }

    #[test]
    fn chicago_author_date_bibliography_for_a_book_an_article_and_a_chapter() {
        let styler = Styler::new("chicago-author-date", "en").unwrap();
        let entries: std::collections::HashMap<String, String> =
            styler.bibliography(&works()).into_iter().collect();
        assert_eq!(
            entries["anweiler1975"],
            // Chicago's 17th edition and later leave out the place of publication.
            "Anweiler, Oskar. 1975. <i>The Soviets: The Russian Workers, Peasants, and Soldiers Councils, 1905–1921</i>. Translated by Ruth Hein. Pantheon Books."
        );
        assert_eq!(
            entries["smith2015"],
            "Smith, S. A. 2015. “The Historiography of the Russian Revolution 100 Years On.” <i>Kritika: Explorations in Russian and Eurasian History</i> 16 (4): 733–49."
        );
        assert_eq!(
            entries["wolin1994"],
            // The bundled style (Chicago 18th edition) gives no page range for a chapter.
            "Wolin, Sheldon S. 1994. “Norm &amp; Form: The Constitutionalizing of Democracy.” In <i>Athenian Political Thought and the Reconstruction of American Democracy</i>, edited by J. Peter Euben. Cornell University Press."
        );
    }

    #[test]
    fn citations_in_each_form() {
        let styler = Styler::new("chicago-author-date", "en").unwrap();
        let works = works();
        assert_eq!(
            styler.citation(&works[0], Some("p. 42"), Form::Parenthetical),
            "(Anweiler 1975, 42)"
        );
        assert_eq!(styler.citation(&works[0], None, Form::YearOnly), "(1975)");
        assert_eq!(
            styler.citation(&works[0], Some("p. 42"), Form::Narrative),
            "Anweiler (1975, 42)"
        );
    }

    #[test]
    fn mended_names_editors_and_punctuation() {
        let mut d = Diagnostics::default();
        let works = parse(
            concat!(
                "- id: leblanc2015\n  type: book\n  author: [{family: Le Blanc, given: Paul}]\n",
                "  issued: {date-parts: [[2015]]}\n  title: Lenin and the Revolutionary Party\n  publisher: Haymarket Books\n",
                "- id: ferreras2022\n  type: book\n  editor: [{family: Ferreras, given: Isabelle}, {family: Battilana, given: Julie}, {family: Méda, given: Dominique}]\n",
                "  issued: {date-parts: [[2022]]}\n  title: \"Democratize Work\"\n  publisher: University of Chicago Press\n",
                "- id: winters2009\n  type: article-journal\n  author: [{family: Winters, given: Jeffrey A.}]\n",
                "  issued: {date-parts: [[2009]]}\n  title: \"Oligarchy in the United States?\"\n  container-title: Perspectives on Politics\n",
            ),
            &mut d,
        );
        let styler = Styler::new("chicago-author-date", "en").unwrap();
        let entries: std::collections::HashMap<String, String> =
            styler.bibliography(&works).into_iter().collect();
        assert_eq!(
            entries["leblanc2015"],
            "Le Blanc, Paul. 2015. <i>Lenin and the Revolutionary Party</i>. Haymarket Books."
        );
        assert_eq!(
            entries["ferreras2022"],
            "Ferreras, Isabelle, Julie Battilana, and Dominique Méda, eds. 2022. <i>Democratize Work</i>. University of Chicago Press."
        );
        assert_eq!(entries["winters2009"], "Winters, Jeffrey A. 2009. “Oligarchy in the United States?” <i>Perspectives on Politics</i>.");
    }

    #[test]
    fn unknown_styles_are_refused() {
        assert!(Styler::new("no-such-style", "en").is_none());
    }
}

#[cfg(test)]
mod style_tests {
    use super::*;
    use crate::cite::bibliography::parse;
    use crate::diagnostic::Diagnostics;

    fn anweiler() -> Vec<Work> {
        let mut d = Diagnostics::default();
        let works = parse(
            "- id: anweiler1975\n  type: book\n  author: [{family: Anweiler, given: Oskar}]\n  translator: [{family: Hein, given: Ruth}]\n  issued: {date-parts: [[1975]]}\n  title: The Soviets\n  publisher: Pantheon Books\n",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        works
    }

    #[test]
    fn the_terms_follow_the_editions_language() {
        let english = Styler::new("chicago-author-date", "en")
            .unwrap()
            .bibliography(&anweiler());
        let german = Styler::new("chicago-author-date", "de")
            .unwrap()
            .bibliography(&anweiler());
        assert!(
            english[0].1.contains("Translated by Ruth Hein"),
            "{english:?}"
        );
        assert!(!german[0].1.contains("Translated"), "{german:?}");
        assert!(german[0].1.contains("Ruth Hein"), "{german:?}");
    }

    #[test]
    fn a_dependent_style_is_its_parent_and_titles_name_styles() {
        let bundled = bundled();
        assert!(bundled.len() > 50);
        assert!(bundled
            .iter()
            .any(|b| b.names[0] == "chicago-notes" && b.note));
        assert!(bundled.iter().any(|b| b.names.contains(&"apa") && !b.note));
        for name in bundled.iter().flat_map(|b| b.names) {
            assert!(Styler::new(name, "en").is_some(), "{name} is usable");
        }
        assert_eq!(
            Styler::new("apa", "en").unwrap().title(),
            "APA Style 7th edition"
        );
    }

    #[test]
    fn a_csl_file_is_read_and_a_broken_one_refused() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Family and Year</title><id>https://example.org/family-year</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")"><names variable="author"><name form="short"/></names><date variable="issued" prefix=" "><date-part name="year"/></date></layout></citation>
  <bibliography><layout><names variable="author"><name name-as-sort-order="all"/></names><text variable="title" prefix=". "/></layout></bibliography>
</style>"#;
        let styler = Styler::from_csl(xml, "en").unwrap();
        assert_eq!(styler.title(), "Family and Year");
        assert!(!styler.is_note());
        let entries = styler.bibliography(&anweiler());
        assert_eq!(entries[0].1, "Anweiler, Oskar. The Soviets");
        assert_eq!(
            styler.citation(&anweiler()[0], None, Form::Parenthetical),
            "(Anweiler 1975)"
        );
        assert!(Styler::from_csl("<style>", "en").is_err());
        assert!(Styler::from_csl("not xml at all", "en").is_err());
    }
}
