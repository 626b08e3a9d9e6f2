//! The writer: the one place where the build's own markup is made (sidenotes and margin
//! notes, glosses, note references, term and citation links), for the output at hand. A
//! `Linker` says which: a page of the site (relative links, previews, toggles) or the print
//! document (places in one file, footnotes, no previews). Nothing else writes this markup.

use crate::cite::bibliography::Work;
use crate::edition::Edition;
use crate::events::escape;
use crate::i18n::Strings;
use crate::mark::{Mark, Marked};
use crate::route::{id, Linker, Route};
use crate::weave::Span;

/// A gloss as the writer sets it beside its passage: its text, written for the output at
/// hand, and the name its toggle and its note take, from its passage.
#[derive(Debug, Clone, Default)]
pub struct GlossText {
    pub html: String,
    pub name: String,
}

/// The span to weave for a mark: the element, attributes and id of the passage, and the
/// apparatus set after it. `glosses` gives each gloss's text and name, for the same output.
pub fn span(
    marked: &Marked,
    edition: &Edition,
    linker: &Linker<'_>,
    glosses: &dyn Fn(usize) -> GlossText,
) -> Span {
    let (element, attributes, id, after) = match &marked.mark {
        Mark::Gloss { gloss } => {
            let slug = &edition.glosses[*gloss].slug;
            (
                "mark",
                format!(
                    r#"class="passage gloss-passage" data-gloss="{}""#,
                    escape(slug)
                ),
                id::passage(slug),
                gloss_apparatus(slug, &glosses(*gloss), linker, &edition.strings),
            )
        }
        Mark::NotePassage { note, k } => {
            let note = &edition.notes[*note];
            (
                "mark",
                format!(
                    r#"class="passage note-passage" data-note="{}""#,
                    escape(&note.slug)
                ),
                id::note_passage(&note.slug, *k),
                note_reference(&note.slug, &note.title, linker, &edition.strings),
            )
        }
        Mark::Term {
            term,
            number,
            linked,
        } => {
            let term = &edition.glossary[*term];
            let attributes = if *linked {
                let href = linker.href(&Route::Glossary.at(&term.id));
                format!(
                    r#"class="term" href="{href}"{} data-term="{}""#,
                    described_by(linker, &id::definition(&term.id)),
                    term.id
                )
            } else {
                format!(r#"class="term-occurrence" data-term="{}""#, term.id)
            };
            let element = if *linked { "a" } else { "span" };
            (
                element,
                attributes,
                id::term_place(&term.id, *number),
                String::new(),
            )
        }
        Mark::Citation { work, locator, id } => (
            "a",
            citation_attributes(&edition.works[*work], linker, locator.as_deref()),
            id.clone(),
            String::new(),
        ),
    };
    Span {
        block: marked.block,
        start: marked.start,
        end: marked.end,
        element,
        attributes,
        id: Some(id),
        after,
    }
}

/// ` aria-describedby="…"` where the output has previews, else nothing.
fn described_by(linker: &Linker<'_>, preview: &str) -> String {
    if linker.previews() {
        format!(r#" aria-describedby="{preview}""#)
    } else {
        String::new()
    }
}

/// How many words of a passage a note's name quotes before it shortens it.
const NAME_WORDS: usize = 8;

/// The name of a gloss's toggle and note, from its passage: `Gloss on ‘the second gilded
/// age’`; a passage of more than eight words is quoted by its first six and an ellipsis.
pub fn gloss_name(passage: &str, strings: &Strings) -> String {
    strings.format(
        "apparatus_marks.gloss_on",
        &[("passage", &excerpt(passage, true))],
    )
}

/// The name of a margin note's toggle and note, from the words before its reference:
/// `Margin note after ‘…took it as their model.’`.
pub fn margin_note_name(before: &str, strings: &Strings) -> String {
    strings.format(
        "apparatus_marks.margin_note_after",
        &[("passage", &excerpt(before, false))],
    )
}

/// A few words of a text for a name: its start (`from_start`) or its end, whole when short.
fn excerpt(text: &str, from_start: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= NAME_WORDS {
        return words.join(" ");
    }
    if from_start {
        format!("{}…", words[..NAME_WORDS - 2].join(" "))
    } else {
        format!("…{}", words[words.len() - (NAME_WORDS - 3)..].join(" "))
    }
}

/// What stands at a note's reference in the text on the site: its sign (`sign`, shown where
/// the note is in the margin) and the toggle that folds the note away on narrow screens,
/// named `name`. They are held together, and to the word before them by a word joiner, so
/// that the toggle never starts a line of its own, away from its passage.
fn note_call(sign: &str, toggle_class: &str, toggle_face: &str, name: &str, note: &str) -> String {
    format!(
        concat!(
            r#"<span class="note-call" data-apparatus>{wj}{sign}"#,
            r#"<button type="button" class="{class}" aria-expanded="false" aria-controls="{note}">"#,
            r#"{face}<span class="visually-hidden">{name}</span></button></span>"#
        ),
        wj = '\u{2060}',
        sign = sign,
        class = toggle_class,
        note = note,
        face = toggle_face,
        name = name,
    )
}

/// A gloss set after its passage: in the margin, folded behind a toggle on phones (the print
/// style sets it at the foot of the page).
fn gloss_apparatus(
    slug: &str,
    gloss: &GlossText,
    linker: &Linker<'_>,
    strings: &Strings,
) -> String {
    let id = escape(&id::gloss(slug));
    let name = escape(&gloss.name);
    let sign = r#"<sup class="gloss-mark" aria-hidden="true">◊</sup>"#;
    let call = if linker.is_print() {
        format!(r#"<span class="note-call" data-apparatus>{sign}</span>"#)
    } else {
        note_call(
            sign,
            "note-toggle gloss-toggle",
            r#"<span aria-hidden="true">◊</span>"#,
            &name,
            &id,
        )
    };
    format!(
        concat!(
            r#"{call}<span class="gloss" id="{id}" role="note" aria-label="{name}" data-apparatus>"#,
            r#"<span class="gloss-label">{label}</span> {html}{end}</span>"#
        ),
        call = call,
        id = id,
        name = name,
        label = escape(strings.get("apparatus_marks.gloss")),
        html = gloss.html,
        end = note_end("apparatus_marks.end_gloss", linker, strings),
    )
}

/// The end of a note, said to a screen reader so that it knows where the essay resumes.
fn note_end(key: &str, linker: &Linker<'_>, strings: &Strings) -> String {
    if linker.is_print() {
        String::new()
    } else {
        format!(
            r#"<span class="visually-hidden">{}</span>"#,
            escape(strings.get(key))
        )
    }
}

/// A passage's reference to its historical note: on the site a link in the margin; on paper a
/// footnote that names the note and, by the print style, its page.
fn note_reference(slug: &str, title: &str, linker: &Linker<'_>, strings: &Strings) -> String {
    let href = linker.href(&Route::Note(slug).file());
    let title = escape(title);
    if linker.is_print() {
        format!(
            concat!(r#"<span class="note-footnote" data-apparatus>{see}</span>"#),
            // The link is the note's title, quoted as the language quotes (so that the page
            // the print style adds after it follows the quotation marks).
            see = escape(&strings.format("print.see_note", &[("title", "\u{1}")])).replacen(
                '\u{1}',
                &format!(
                    r#"<a href="{href}">{}</a>"#,
                    escape(&strings.format("print.note_title", &[("title", "\u{2}")]))
                        .replacen('\u{2}', &title, 1)
                ),
                1
            ),
        )
    } else {
        format!(
            concat!(
                r#"<a class="note-ref" href="{href}" data-apparatus>"#,
                r#"<span aria-hidden="true">†</span>"#,
                r#"<span class="visually-hidden">{what}</span>"#,
                r#"<span class="note-ref-title">{title}</span></a>"#
            ),
            what = escape(strings.get("apparatus_marks.historical_note")),
            href = href,
            title = title
        )
    }
}

/// A citation link's opening tag.
pub fn citation_open(work: &Work, id: &str, linker: &Linker<'_>, locator: Option<&str>) -> String {
    format!(
        r#"<a {} id="{id}">"#,
        citation_attributes(work, linker, locator)
    )
}

/// A citation link's attributes but its id: the work's bibliography entry, its preview, and
/// the pinpoint.
pub fn citation_attributes(work: &Work, linker: &Linker<'_>, locator: Option<&str>) -> String {
    let key = escape(&work.id);
    let href = linker.href(&Route::Bibliography.at(&key));
    let locator = match locator {
        Some(l) => format!(r#" data-locator="{}""#, escape(l)),
        None => String::new(),
    };
    format!(
        r#"class="citation" href="{href}"{} data-work="{key}"{locator}"#,
        described_by(linker, &id::reference(&key))
    )
}

/// A numbered sidenote at its reference: the mark, the toggle that folds it on phones, and
/// the note; `number` is kept for the print style, which numbers from it. The number is read
/// once: by the toggle where there is one, else in the note.
pub fn sidenote(
    number: usize,
    id: &str,
    content: &str,
    linker: &Linker<'_>,
    strings: &Strings,
) -> String {
    let name = escape(&strings.format("apparatus_marks.sidenote", &[("n", &number.to_string())]));
    let sign = format!(r#"<sup class="sn-mark" aria-hidden="true">{number}</sup>"#);
    let call = if linker.is_print() {
        format!(r#"<span class="note-call" data-apparatus>{sign}</span>"#)
    } else {
        note_call(
            &sign,
            "note-toggle sn-toggle",
            &format!(r#"<span aria-hidden="true">{number}</span>"#),
            &name,
            id,
        )
    };
    format!(
        concat!(
            r#"{call}<span class="sidenote" id="{id}" role="note" aria-label="{name}" data-number="{n}" data-apparatus>"#,
            r#"<span class="sn-number">{n}</span> {content}{end}</span>"#
        ),
        call = call,
        n = number,
        id = id,
        name = name,
        content = content,
        end = note_end("apparatus_marks.end_sidenote", linker, strings),
    )
}

/// A second reference to a sidenote already set: its number, linked to the note.
pub fn sidenote_again(number: usize, id: &str, strings: &Strings) -> String {
    format!(
        concat!(
            r##"<sup class="sn-mark sn-again" data-apparatus><a href="#{id}">"##,
            r#"<span class="visually-hidden">{what}</span>{number}</a></sup>"#
        ),
        id = id,
        what = escape(strings.get("apparatus_marks.sidenote_call")),
        number = number
    )
}

/// An unnumbered margin note at its reference, with its toggle; `name` names both.
pub fn margin_note(
    id: &str,
    name: &str,
    content: &str,
    linker: &Linker<'_>,
    strings: &Strings,
) -> String {
    let name = escape(name);
    let call = if linker.is_print() {
        String::new()
    } else {
        note_call(
            "",
            "note-toggle mn-toggle",
            r#"<span aria-hidden="true">⊕</span>"#,
            &name,
            id,
        )
    };
    format!(
        concat!(
            r#"{call}<span class="marginnote" id="{id}" role="note" aria-label="{name}" data-apparatus>"#,
            r#"{content}{end}</span>"#
        ),
        call = call,
        id = id,
        name = name,
        content = content,
        end = note_end("apparatus_marks.end_margin_note", linker, strings),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gloss_is_named_by_its_passage_and_a_long_one_by_its_start() {
        assert_eq!(
            gloss_name("the second\n gilded age", Strings::english()),
            "Gloss on ‘the second gilded age’"
        );
        assert_eq!(
            gloss_name(
                "one two three four five six seven eight nine",
                Strings::english()
            ),
            "Gloss on ‘one two three four five six…’"
        );
        assert_eq!(
            margin_note_name(
                "and the councils of later revolutions took it as their model.",
                Strings::english()
            ),
            "Margin note after ‘…took it as their model.’"
        );
    }

    #[test]
    fn a_toggle_is_held_to_the_word_before_it_and_named() {
        let site = Linker::Site {
            page: "essay/a/index.html",
        };
        let html = sidenote(3, "sn-3", "A note.", &site, Strings::english());
        assert!(
            html.starts_with("<span class=\"note-call\" data-apparatus>\u{2060}<sup"),
            "{html}"
        );
        assert!(html.contains(r#"<span class="visually-hidden">Sidenote 3</span></button></span><span class="sidenote""#), "{html}");
        assert!(html.contains(r#"aria-label="Sidenote 3""#), "{html}");
        let print = Linker::Print {
            page: "essay/a/index.html",
            part: "s1",
            headings: "essay-a",
            paragraphs: "",
        };
        let html = sidenote(3, "s1-sn-3", "A note.", &print, Strings::english());
        assert!(
            !html.contains("<button") && !html.contains("End of"),
            "{html}"
        );
    }

    #[test]
    fn the_names_are_in_the_edition_s_language() {
        let mut diags = crate::diagnostic::Diagnostics::default();
        let de = Strings::load("de", std::path::Path::new("/nonexistent"), &mut diags);
        assert!(diags.is_empty());
        assert_eq!(gloss_name("die Räte", &de), "Glosse zu ‚die Räte‘");
        let site = Linker::Site {
            page: "essay/a/index.html",
        };
        let html = sidenote(2, "sn-2", "Eine Anmerkung.", &site, &de);
        assert!(html.contains(r#"aria-label="Anmerkung 2""#), "{html}");
        assert!(html.contains("Ende der Anmerkung."), "{html}");
        assert!(!html.contains("Sidenote"), "{html}");
    }
}
