//! Transform: every Markdown body of the edition through `markdown`, with paragraph numbers
//! running on across the essay's sections, then every link between them checked.

use crate::diagnostic::Diagnostics;
use crate::edition::{Edition, Source};
use crate::markdown::{self, links, Document, Rendered};
use crate::render::{DocPage, SectionPage};
use crate::site_path;

pub struct Transformed {
    pub sections: Vec<SectionPage>,
    pub pages: Vec<DocPage>,
    pub has_code: bool,
}

pub fn transform(edition: &Edition, diags: &mut Diagnostics) -> Transformed {
    let mut all_links = Vec::new();
    let mut targets = links::Targets {
        notes: edition.note_slugs.clone(),
        glosses: edition.gloss_slugs.clone(),
        terms: edition.term_ids.clone(),
        bib: edition.bib_ids.clone(),
        ..Default::default()
    };
    let mut has_code = false;
    let mut collect = |rendered: &mut Rendered, diags: &mut Diagnostics| {
        diags.extend(std::mem::take(&mut rendered.diagnostics));
        all_links.append(&mut rendered.links);
        has_code |= rendered.has_code;
    };

    // Sections in order: each starts numbering where the previous one stopped.
    let mut next_paragraph = 1;
    let mut sections = Vec::with_capacity(edition.sections.len());
    for (i, section) in edition.sections.iter().enumerate() {
        let path = site_path::section(&section.slug);
        let mut rendered = render(&section.source, &path, Some(next_paragraph));
        collect(&mut rendered, diags);
        targets
            .sections
            .insert(section.slug.clone(), rendered.ids.iter().cloned().collect());
        sections.push(SectionPage {
            slug: section.slug.clone(),
            title: section.title.clone(),
            number: i + 1,
            path,
            first_paragraph: next_paragraph,
            last_paragraph: next_paragraph + rendered.paragraphs.saturating_sub(1),
            html: rendered.html,
            headings: rendered.headings,
            has_code: rendered.has_code,
        });
        next_paragraph += rendered.paragraphs;
    }

    let mut pages = Vec::with_capacity(edition.pages.len());
    for page in &edition.pages {
        let path = site_path::page(&page.slug);
        let mut rendered = render(&page.source, &path, None);
        collect(&mut rendered, diags);
        targets
            .pages
            .insert(page.slug.clone(), rendered.ids.iter().cloned().collect());
        pages.push(DocPage {
            slug: page.slug.clone(),
            title: page.title.clone(),
            path,
            html: rendered.html,
            has_code: rendered.has_code,
        });
    }

    diags.extend(links::check(&all_links, &targets));
    Transformed {
        sections,
        pages,
        has_code,
    }
}

fn render(source: &Source, page_path: &str, first_paragraph: Option<usize>) -> Rendered {
    markdown::render(&Document {
        file: &source.file,
        body: &source.body,
        body_line: source.body_line,
        page_path,
        first_paragraph,
    })
}
