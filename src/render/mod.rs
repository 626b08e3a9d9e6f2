//! Render: the pages of the site from Tera templates, one function per page kind, rendered in
//! parallel. Takes HTML fragments already made by `markdown`; writes nothing to disk.

pub mod print;
pub mod theme;

use crate::diagnostic::Diagnostic;
use crate::route::Route;
use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;
use tera::{Context, Tera};
use theme::Theme;

pub use crate::site::*;

/// A file of the built site, by its path in the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    author: Option<&'a str>,
    language: &'a str,
    base_url: Option<String>,
}

enum Job<'a> {
    Index,
    Section(usize),
    Reading(usize),
    Page(&'a DocPage),
    Note(&'a NotePage),
    NotesIndex,
    Glosses,
    Glossary,
    Bibliography,
    Citations,
    Print,
    ReadingPrint(usize),
    NotFound,
    Sitemap,
    Search,
}

/// Which of the site's files `render_site` makes: the pages, or the print documents (made
/// from the bodies again, part by part, not from the pages' HTML).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Pages,
    Print,
}

impl Which {
    fn has(self, job: &Job<'_>) -> bool {
        matches!(job, Job::Print | Job::ReadingPrint(_)) == (self == Which::Print)
    }
}

/// Writes a file of the site as it is made, by the function it is given: a file too large to
/// hold whole (the print document of a large edition) goes to the disk piece by piece.
pub type Stream<'s> = dyn Fn(&str, &mut crate::output::WriteOut<'_>) + Sync + 's;

/// A job's page, for `--timings`.
fn job_name<'s>(site: &'s Site<'_>, job: &'s Job<'_>) -> &'s str {
    match job {
        Job::Index => "index.html",
        Job::Section(i) => &site.sections[*i].path,
        Job::Reading(r) => &site.readings[*r].path,
        Job::Page(p) => &p.path,
        Job::Note(n) => &n.path,
        Job::NotesIndex => "notes/index.html",
        Job::Glosses => "glosses/index.html",
        Job::Glossary => "glossary/index.html",
        Job::Bibliography => "bibliography/index.html",
        Job::Citations => "citations/index.html",
        Job::Print => "print/index.html",
        Job::ReadingPrint(r) => &site.readings[*r].print_path,
        Job::NotFound => "404.html",
        Job::Sitemap => "sitemap.xml",
        Job::Search => "search/index.html",
    }
}

pub struct Renderer {
    tera: Tera,
    origins: Vec<(String, PathBuf)>,
    /// The origins of the templates that are the binary's own copy of the default theme.
    embedded: Vec<PathBuf>,
}

impl Renderer {
    pub fn new(theme: &Theme, strings: &crate::i18n::Strings) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // `{{ "site.contents" | t }}`, `{{ "section.kicker" | t(n=2, total=6) }}`: the
        // interface's words in the edition's language, their arguments filled in.
        let words = std::sync::Arc::new(strings.clone());
        // Most calls name a string that takes no argument, and every page makes dozens: those
        // are looked up as they are, where a lookup in the ordered table, its arguments
        // filled in and checked, was a fiftieth of the build of ten thousand pages.
        let plain = strings.without_arguments();
        tera.register_filter(
            "t",
            move |key: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                if kwargs.iter().next().is_none() {
                    if let Some(text) = plain.get(key) {
                        return Ok(text.clone());
                    }
                }
                let values: Vec<(String, String)> = kwargs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                let args: Vec<(&str, &str)> = values
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                // A key the table lacks, or an argument its string names and the call does
                // not give, would show on the page as `site.nxt` or `{total}`.
                words
                    .checked_format(key, &args)
                    .map_err(tera::Error::message)
            },
        );
        let templates = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        let origins: Vec<(String, PathBuf)> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.origin.clone()))
            .collect();
        let embedded: Vec<PathBuf> = theme
            .templates
            .iter()
            .filter(|t| t.embedded)
            .map(|t| t.origin.clone())
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            let mut full = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                full.push_str(&format!(": {s}"));
                source = s.source();
            }
            let mut d = locate(&origins, &embedded, "", None, &full);
            if d.line.is_none() {
                // Without Tera's place, the template its message names.
                if let Some((_, o)) = origins.iter().find(|(n, _)| full.contains(n.as_str())) {
                    d.file = o.clone();
                }
            }
            return Err(vec![d]);
        }
        let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
            .iter()
            .filter(|name| !tera.contains_template(name))
            .map(|name| {
                Diagnostic::error("templates", None, format!("the theme has no template `{name}`"))
                    .with_help("a theme needs: base.html, index.html, section.html, reading.html, page.html, note.html, notes.html, glosses.html, glossary.html, bibliography.html, citations.html, print.html, 404.html, search.html, sitemap.xml")
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Renderer {
            tera,
            origins,
            embedded,
        })
    }

    /// Renders every page, in parallel, and hands each to `emit` as soon as it is made, so
    /// that the site is never held in memory whole.
    pub fn render_site(
        &self,
        site: &Site<'_>,
        print: &dyn print::Parts,
        emit: &(dyn Fn(OutputFile) + Sync),
        stream: &Stream<'_>,
        which: Which,
    ) -> Result<(), Vec<Diagnostic>> {
        let jobs = jobs(site);
        // What every page shares is made from the whole list of pages (their navigation names
        // the indexes), whichever of them this pass makes.
        let shared = Shared::new(site, &jobs);
        // The indexes first: each is one long page (the glossary or the citations of a large
        // edition take a tenth of a second), and begun last they would end the pass on one
        // core.
        let mut todo: Vec<&Job<'_>> = jobs.iter().filter(|job| which.has(job)).collect();
        todo.sort_by_key(|job| !job.is_index());
        let results: Vec<Diagnostic> = todo
            .par_iter()
            .with_max_len(crate::cores::BODIES_AT_ONCE)
            .filter_map(|job| {
                let rendered = crate::timings::page(job_name(site, job), || {
                    self.render_job(site, &shared, print, stream, job)
                });
                match rendered {
                    Ok(Some(file)) => {
                        emit(file);
                        None
                    }
                    Ok(None) => None,
                    Err(d) => Some(d),
                }
            })
            .collect();
        // One mistake in a template stops every page that uses it: it is reported once, with
        // how many pages it stopped.
        let mut problems: Vec<(Diagnostic, usize)> = Vec::new();
        for d in results {
            match problems
                .iter_mut()
                .find(|(p, _)| p.file == d.file && p.line == d.line && p.message == d.message)
            {
                Some((_, n)) => *n += 1,
                None => problems.push((d, 1)),
            }
        }
        let problems: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(mut d, n)| {
                if n > 1 {
                    d.help = d.help.map(|h| {
                        h.replace("it stopped ", &format!("it stopped {n} pages, the first "))
                    });
                }
                d
            })
            .collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// A page of the site, or nothing where the page was written as it was made.
    fn render_job<'a>(
        &self,
        site: &'a Site<'_>,
        shared: &Shared<'_>,
        print: &dyn print::Parts,
        stream: &Stream<'_>,
        job: &Job<'_>,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let file = match job {
            Job::Index => {
                let path = Route::Home.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", &site.config.title);
                self.render("index.html", &path, &ctx)
            }
            Job::Section(i) => {
                let section = &site.sections[*i];
                let mut ctx = self.context(shared, &section.path, section.has_code);
                ctx.insert("title", &section.title);
                ctx.insert("section", section);
                ctx.insert("previews", &section.previews);
                let link = |s: &'a SectionPage| Link {
                    title: s.title.clone(),
                    path: s.path.clone(),
                };
                // The pager leads through the section's own reading.
                let same_reading = |s: &&SectionPage| s.reading_index == section.reading_index;
                ctx.insert(
                    "prev",
                    &i.checked_sub(1)
                        .map(|p| &site.sections[p])
                        .filter(same_reading)
                        .map(link),
                );
                ctx.insert(
                    "next",
                    &site.sections.get(i + 1).filter(same_reading).map(link),
                );
                let file = self.render("section.html", &section.path, &ctx);
                drop(section.html.take());
                file
            }
            Job::Reading(r) => {
                let reading = &site.readings[*r];
                let mut ctx = self.context(shared, &reading.path, false);
                ctx.insert("title", &reading.title);
                ctx.insert("reading", &shared.readings[*r]);
                self.render("reading.html", &reading.path, &ctx)
            }
            Job::Page(page) => {
                let mut ctx = self.context(shared, &page.path, page.has_code);
                ctx.insert("title", &page.title);
                ctx.insert("description", &page.description);
                ctx.insert("page", page);
                ctx.insert("previews", &page.previews);
                let file = self.render("page.html", &page.path, &ctx);
                drop(page.html.take());
                file
            }
            Job::Note(note) => {
                let mut ctx = self.context(shared, &note.path, note.has_code);
                ctx.insert("title", &note.title);
                ctx.insert("note", note);
                ctx.insert("previews", &note.previews);
                self.render("note.html", &note.path, &ctx)
            }
            Job::NotesIndex => {
                let path = Route::Notes.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("apparatus.notes"));
                ctx.insert("notes", &site.notes);
                self.render("notes.html", &path, &ctx)
            }
            Job::Glosses => {
                let path = Route::Glosses.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("apparatus.glosses"));
                ctx.insert("glosses", &site.glosses);
                ctx.insert("sections", &glosses_by_section(&site.glosses));
                ctx.insert("previews", &site.glosses_previews);
                self.render("glosses.html", &path, &ctx)
            }
            Job::Glossary => {
                let path = Route::Glossary.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("apparatus.glossary"));
                ctx.insert("terms", &site.glossary);
                ctx.insert("letters", &by_letter(&site.glossary, |t| letter(&t.term)));
                ctx.insert("previews", &site.glossary_previews);
                self.render("glossary.html", &path, &ctx)
            }
            Job::Bibliography => {
                let path = Route::Bibliography.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("apparatus.bibliography"));
                ctx.insert("works", &site.bibliography);
                ctx.insert(
                    "letters",
                    &by_letter(&site.bibliography, |w| w.letter.clone()),
                );
                ctx.insert("style_name", &site.style_title);
                self.render("bibliography.html", &path, &ctx)
            }
            Job::Citations => {
                let path = Route::Citations.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("apparatus.citations"));
                ctx.insert("works", &site.citations);
                ctx.insert("letters", &by_letter(&site.citations, |w| w.letter.clone()));
                ctx.insert(
                    "total",
                    &site.citations.iter().map(|w| w.count).sum::<usize>(),
                );
                self.render("citations.html", &path, &ctx)
            }
            Job::Print => {
                let path = Route::Print.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", &site.config.title);
                ctx.insert("page_size", &format!("{:?}", site.config.print.page));
                let holes = print::Holes::default();
                let view = print::view(site, &mut |p| holes.hold(p, print.is_empty(p)));
                ctx.insert("print", &view);
                drop(view);
                let held = self.render("print.html", &path, &ctx)?;
                ctx.remove("print");
                let held = String::from_utf8_lossy(&held.bytes);
                match holes.fill(&held) {
                    Some(pieces) => {
                        stream(&path, &mut |out| print::write_pieces(&pieces, print, out));
                        return Ok(None);
                    }
                    None => {
                        let view = print::view(site, &mut |p| print.make(p));
                        ctx.insert("print", &view);
                        self.render("print.html", &path, &ctx)
                    }
                }
            }
            Job::ReadingPrint(r) => {
                let reading = &site.readings[*r];
                let path = &reading.print_path;
                let mut ctx = self.context(shared, path, false);
                ctx.insert("title", &reading.title);
                ctx.insert("print", &print::view_of_reading(site, print, *r));
                ctx.insert("page_size", &format!("{:?}", site.config.print.page));
                let mut file = self.render("print.html", path, &ctx)?;
                file.bytes = print::to_the_reader(&file.bytes);
                Ok(file)
            }
            Job::NotFound => {
                // A host serves 404.html at any address, where relative links would break:
                // it links from the published address when the edition gives one.
                let path = Route::NotFound.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("not_found.title"));
                if let Some(base) = site.config.base_url() {
                    ctx.insert("root", &base);
                }
                self.render("404.html", &path, &ctx)
            }
            Job::Search => {
                let path = Route::Search.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("title", site.strings.get("search.title"));
                self.render("search.html", &path, &ctx)
            }
            Job::Sitemap => {
                let base = site.config.base_url().unwrap_or_default();
                // The same list of pages that is rendered, less those no reader lands on.
                let urls: Vec<String> = jobs(site)
                    .iter()
                    .map(|job| job.route(site))
                    .filter(|r| !matches!(r, Route::NotFound | Route::Sitemap | Route::Search))
                    .map(|r| r.sitemap_url(&base))
                    .collect();
                let path = Route::Sitemap.file();
                let mut ctx = self.context(shared, &path, false);
                ctx.insert("urls", &urls);
                self.render("sitemap.xml", &path, &ctx)
            }
        };
        file.map(Some)
    }

    fn context(&self, shared: &Shared<'_>, path: &str, has_code: bool) -> Context {
        let mut ctx = Context::new();
        for (key, value) in &shared.values {
            ctx.insert_value(*key, value.clone());
        }
        ctx.insert("root", &crate::route::root_prefix(path));
        ctx.insert("page_path", path);
        ctx.insert("has_code", &has_code);
        ctx.insert("previews", &Vec::<Preview>::new());
        ctx.insert(
            "canonical",
            &shared.info.base_url.as_ref().map(|b| {
                Route::of_file(path).map_or_else(|| format!("{b}{path}"), |r| r.sitemap_url(b))
            }),
        );
        ctx
    }

    fn render(&self, template: &str, path: &str, ctx: &Context) -> Result<OutputFile, Diagnostic> {
        match self.tera.render(template, ctx) {
            Ok(text) => Ok(OutputFile::new(path, text.into_bytes())),
            Err(e) => {
                let mut full = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    full.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Err(locate(
                    &self.origins,
                    &self.embedded,
                    template,
                    Some(path),
                    &full,
                ))
            }
        }
    }
}

/// A template's error where it is: Tera names the template and line it stopped at
/// (`--> base.html:21:59`), which may be another than the page's own (the base it extends);
/// the file is the one the editor has, or the default theme's. `path` is the page it stopped.
fn locate(
    origins: &[(String, PathBuf)],
    embedded: &[PathBuf],
    page_template: &str,
    path: Option<&str>,
    full: &str,
) -> Diagnostic {
    let at = full.split("--> ").nth(1).and_then(|rest| {
        let mut parts = rest.split(':');
        let name = parts.next()?.trim().to_string();
        let line = parts.next()?.trim().parse::<usize>().ok()?;
        Some((name, line))
    });
    let name = at.as_ref().map_or(page_template, |(n, _)| n.as_str());
    let origin = origins
        .iter()
        .find(|(n, _)| n == name)
        .map_or_else(|| PathBuf::from("templates").join(name), |(_, o)| o.clone());
    let what = full
        .lines()
        .next()
        .unwrap_or(full)
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    let mut d = Diagnostic::error(
        &origin,
        at.as_ref().map(|(_, l)| *l),
        format!("template error: {what}"),
    );
    // A name in backticks (`titel`) is what to underline; punctuation could be anywhere.
    if let Some(field) = what.split('`').nth(1).filter(|f| {
        f.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    }) {
        d = d.with_span(field.to_string());
    }
    let default = embedded.contains(&origin);
    let stopped = path.map(|p| format!("it stopped {p}"));
    let help = match (default, stopped) {
        (true, Some(s)) => format!(
            "in the default theme's {name} (not a file of the edition): a template of yours calls it wrongly, or it is glossator's mistake; {s}"
        ),
        (true, None) => format!("in the default theme's {name} (not a file of the edition)"),
        (false, Some(s)) => s,
        (false, None) => return d,
    };
    d.with_help(help)
}

const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "section.html",
    "reading.html",
    "page.html",
    "note.html",
    "notes.html",
    "glosses.html",
    "glossary.html",
    "bibliography.html",
    "citations.html",
    "print.html",
    "404.html",
    "search.html",
    "sitemap.xml",
];

/// What every page's context holds, made once for the whole site: the pages themselves
/// (with their HTML) are not copied into every page's context.
/// What every page's context holds, made into template values once: a value's lists are
/// shared, so that putting the contents of ten thousand sections into each of ten thousand
/// pages' contexts copies nothing.
struct Shared<'a> {
    info: SiteInfo<'a>,
    values: Vec<(&'static str, tera::Value)>,
    /// Each reading with its sections, for its contents page.
    readings: Vec<tera::Value>,
}

/// The most pages the navigation of every page lists; with more, it links to the list of
/// pages on the title page, so that each page's size does not grow with the site's.
const NAV_PAGES: usize = 8;

/// A long list (the contents, the pages) as a template value, its entries made on every
/// core: the contents of an essay of ten thousand sections, with their headings, took a
/// twentieth of a second on one core before any page could be rendered.
fn list_value<T: Serialize + Sync>(list: &[T]) -> tera::Value {
    use rayon::prelude::*;
    let entries: Vec<tera::Value> = list
        .par_iter()
        .with_min_len(ENTRIES_AT_ONCE)
        .map(tera::Value::from_serializable)
        .collect();
    tera::Value::from(entries)
}

/// A list's entries made at a time on one core: each takes a few microseconds.
const ENTRIES_AT_ONCE: usize = 64;

/// A section as the contents list it.
#[derive(Serialize)]
struct ContentsEntry<'a> {
    slug: &'a str,
    key: &'a str,
    title: &'a str,
    number: usize,
    path: &'a str,
    first_paragraph: usize,
    last_paragraph: usize,
    headings: &'a [crate::markdown::Heading],
}

/// A reading with its sections, as the course's page and its own contents page list it.
#[derive(Serialize)]
struct ReadingContents<'a> {
    #[serde(flatten)]
    reading: &'a ReadingPage,
    sections: &'a [ContentsEntry<'a>],
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site<'_>, jobs: &[Job<'_>]) -> Shared<'a> {
        let info = SiteInfo {
            title: &site.config.title,
            subtitle: site.config.subtitle.as_deref(),
            author: site.config.author.as_deref(),
            language: &site.config.language,
            base_url: site.config.base_url(),
        };
        let contents: Vec<ContentsEntry<'_>> = site
            .sections
            .iter()
            .map(|s| ContentsEntry {
                slug: &s.slug,
                key: &s.key,
                title: &s.title,
                number: s.number,
                path: &s.path,
                first_paragraph: s.first_paragraph,
                last_paragraph: s.last_paragraph,
                headings: &s.headings,
            })
            .collect();
        // A course's readings, each with its own contents.
        let readings: Vec<ReadingContents<'_>> = site
            .readings
            .iter()
            .map(|r| ReadingContents {
                reading: r,
                sections: &contents[r.sections.clone()],
            })
            .collect();
        let reading_values: Vec<tera::Value> = readings
            .iter()
            .map(tera::Value::from_serializable)
            .collect();
        // The indexes that this site has, in the order of the list of pages.
        let apparatus: Vec<Link> = jobs
            .iter()
            .filter_map(|job| {
                let key = match job {
                    Job::NotesIndex => "apparatus.notes",
                    Job::Glosses => "apparatus.glosses",
                    Job::Glossary => "apparatus.glossary",
                    Job::Bibliography => "apparatus.bibliography",
                    Job::Citations => "apparatus.citations",
                    _ => return None,
                };
                Some(Link {
                    title: site.strings.get(key).into(),
                    path: job.route(site).file(),
                })
            })
            .collect();
        let pages = site
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                path: p.path.clone(),
            })
            .collect();
        let pages: Vec<Link> = pages;
        let nav_pages: &[Link] = if pages.len() <= NAV_PAGES {
            &pages
        } else {
            &[]
        };
        use tera::Value;
        let values = vec![
            ("site", Value::from_serializable(&info)),
            ("contents", list_value(&contents)),
            ("readings", Value::from_serializable(&reading_values)),
            (
                "course",
                Value::from_serializable(&!site.readings.is_empty()),
            ),
            (
                "per_reading",
                Value::from_serializable(
                    &(site.config.print.per_reading && !site.readings.is_empty()),
                ),
            ),
            ("apparatus", Value::from_serializable(&apparatus)),
            ("pages", list_value(&pages)),
            ("nav_pages", Value::from_serializable(nav_pages)),
            (
                "more_pages",
                Value::from_serializable(&(pages.len() > NAV_PAGES)),
            ),
            ("custom_css", Value::from_serializable(&site.custom_css)),
            ("search", Value::from_serializable(&site.config.search)),
            (
                "hypothesis",
                Value::from_serializable(&matches!(
                    site.config.annotations,
                    Some(crate::config::Annotations::Hypothesis)
                )),
            ),
            ("print_path", Value::from_serializable(&Route::Print.file())),
            (
                "pdf_path",
                Value::from_serializable(&site.pdf.then_some(crate::cmd::PDF_FILE)),
            ),
        ];
        Shared {
            info,
            values,
            readings: reading_values,
        }
    }
}

/// The site's pages, once each: what is rendered, the sitemap and the navigation to the
/// indexes all come from this one list.
fn jobs<'s>(site: &'s Site<'_>) -> Vec<Job<'s>> {
    let mut jobs = vec![Job::Index, Job::NotFound, Job::Sitemap, Job::Print];
    if site.config.search {
        jobs.push(Job::Search);
    }
    if site.config.print.per_reading {
        jobs.extend((0..site.readings.len()).map(Job::ReadingPrint));
    }
    jobs.extend((0..site.readings.len()).map(Job::Reading));
    jobs.extend((0..site.sections.len()).map(Job::Section));
    jobs.extend(site.pages.iter().map(Job::Page));
    jobs.extend(site.notes.iter().map(Job::Note));
    if !site.notes.is_empty() {
        jobs.push(Job::NotesIndex);
    }
    if !site.glosses.is_empty() {
        jobs.push(Job::Glosses);
    }
    if !site.glossary.is_empty() {
        jobs.push(Job::Glossary);
    }
    if !site.bibliography.is_empty() {
        jobs.push(Job::Bibliography);
        jobs.push(Job::Citations);
    }
    jobs
}

impl<'s> Job<'s> {
    /// A page that lists what the whole edition has.
    fn is_index(&self) -> bool {
        matches!(
            self,
            Job::Index
                | Job::NotesIndex
                | Job::Glosses
                | Job::Glossary
                | Job::Bibliography
                | Job::Citations
        )
    }

    fn route(&self, site: &'s Site<'_>) -> Route<'s> {
        match self {
            Job::Index => Route::Home,
            Job::Section(i) => Route::Section(&site.sections[*i].key),
            Job::Reading(r) => Route::Reading(&site.readings[*r].slug),
            Job::Page(p) => Route::Page(&p.slug),
            Job::Note(n) => Route::Note(&n.slug),
            Job::NotesIndex => Route::Notes,
            Job::Glosses => Route::Glosses,
            Job::Glossary => Route::Glossary,
            Job::Bibliography => Route::Bibliography,
            Job::Citations => Route::Citations,
            Job::Print => Route::Print,
            Job::ReadingPrint(r) => Route::ReadingPrint(&site.readings[*r].slug),
            Job::NotFound => Route::NotFound,
            Job::Sitemap => Route::Sitemap,
            Job::Search => Route::Search,
        }
    }
}
