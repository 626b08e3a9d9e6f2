//! What links written as paths can reach in this edition: each body's page, each file of
//! `content/static/` and each file beside the bodies.

use crate::edition::Edition;
use crate::markdown::files::SiteFiles;
use crate::route::{id, Route};

pub(super) fn site_files(edition: &Edition) -> SiteFiles {
    let mut files = SiteFiles::default();
    let pages = edition
        .sections
        .iter()
        .map(|s| (&s.source.file, Route::Section(&s.key).file()))
        .chain(
            edition
                .pages
                .iter()
                .map(|p| (&p.source.file, Route::Page(&p.slug).file())),
        )
        .chain(
            edition
                .notes
                .iter()
                .map(|n| (&n.source.file, Route::Note(&n.slug).file())),
        );
    for (source, page) in pages {
        files.site.insert(page.clone());
        files.bodies.insert(source.clone(), page);
    }
    for g in &edition.glosses {
        let at = format!("{}#{}", Route::Glosses.file(), id::gloss(&g.slug));
        files.bodies.insert(g.source.file.clone(), at);
    }
    for route in [
        Route::Home,
        Route::Notes,
        Route::Glosses,
        Route::Glossary,
        Route::Bibliography,
        Route::Citations,
        Route::Print,
        Route::NotFound,
    ] {
        files.site.insert(route.file());
    }
    for r in &edition.readings {
        files.readings.insert(r.slug.clone());
        files.site.insert(Route::Reading(&r.slug).file());
        if edition.config.print.per_reading {
            files.site.insert(Route::ReadingPrint(&r.slug).file());
        }
    }
    // A section named by its slug alone, in a course: the readings that have one so named.
    for s in &edition.sections {
        if s.reading.is_some() {
            files
                .sections
                .entry(s.slug.clone())
                .or_default()
                .push(s.key.clone());
        }
    }
    for f in edition.static_files.iter().chain(&edition.assets) {
        let site = f.path.to_string_lossy().replace('\\', "/");
        files.site.insert(site.clone());
        files.files.insert(f.shown.clone(), site);
    }
    files
}
