//! Search: an index of the edition's text and apparatus, made at build time from the document
//! model and written as scripts that the theme's `search.js` loads as a query needs them.

pub mod documents;
pub mod files;
pub mod index;
pub mod words;

use crate::edition::Edition;
use crate::site::Site;

/// The index's files for the site, each handed to `emit` as it is made.
pub fn build(edition: &Edition, site: &Site<'_>, emit: &(dyn Fn(files::IndexFile) + Sync)) {
    use crate::timings::stage;
    let docs = stage("  the documents", || documents::gather(edition, site));
    let index = stage("  their words", || {
        index::Index::build(&docs, &edition.config.language)
    });
    stage("  the index's files", || {
        files::write(&docs, index, &synonyms(edition), emit)
    })
}

/// A glossary term's spellings, folded, where it has more than one: a query for one finds
/// the others.
pub fn synonyms(edition: &Edition) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for term in &edition.glossary {
        let mut forms: Vec<String> = Vec::new();
        for form in std::iter::once(&term.term).chain(&term.forms) {
            let folded = words::folded(form).join(" ");
            if !folded.is_empty() && !forms.contains(&folded) {
                forms.push(folded);
            }
        }
        if forms.len() > 1 {
            groups.push(forms);
        }
    }
    groups
}
