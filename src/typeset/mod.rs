//! The PDF of the print edition, typeset in-process by Typst used as a library. The print
//! document's parts become Typst markup (`markup`), set by the edition's own Typst functions
//! (`edition.typ`), in fonts inside the binary (`fonts`). The Typst world here has one source
//! and no files: an image, a link or an include in the content is never read from the disk
//! or the network, and Typst's packages are never downloaded.

pub mod fonts;
pub mod markup;

use crate::config::{Config, PageSize, PdfStandard};
use crate::i18n::Strings;
use crate::Failure;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

const EDITION: &str = include_str!("edition.typ");

/// The fonts and their book, read once per process.
fn fonts() -> &'static (Vec<Font>, LazyHash<FontBook>) {
    static FONTS: OnceLock<(Vec<Font>, LazyHash<FontBook>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts = fonts::all();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        (fonts, book)
    })
}

struct Edition {
    library: LazyHash<Library>,
    main: Source,
}

impl World for Edition {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().1
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        fonts().0.get(index).cloned()
    }
    /// No date: the same edition makes the same PDF on any day.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// The Typst source of the print document (the edition's settings, its functions, its body),
/// and what of the document it leaves out.
pub fn source(print_html: &str, config: &Config, strings: &Strings) -> (String, Vec<String>) {
    use markup::string;
    let (width, height) = match config.print.page {
        PageSize::A4 => ("210mm", "297mm"),
        PageSize::Letter => ("8.5in", "11in"),
    };
    let language = config
        .language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let authors: Vec<String> = config.author.iter().map(|a| string(a)).collect();
    let mut title = config.title.clone();
    if let Some(sub) = &config.subtitle {
        title.push_str(strings.get("site.colon"));
        title.push_str(sub);
    }
    let mut out = String::new();
    let settings = [
        ("page-width", width.to_string()),
        ("page-height", height.to_string()),
        // The inner margin, and the outer one that holds the margin notes; `edge` keeps their
        // column clear of what an office printer cannot reach.
        ("inside", "22mm".into()),
        ("outside", "58mm".into()),
        ("edge", "14mm".into()),
        ("language", string(&language)),
        ("book-title-text", string(&title)),
        ("running-title", string(&markup::running_head(&title))),
        (
            "book-author-list",
            format!(
                "({})",
                authors.iter().map(|a| a.clone() + ",").collect::<String>()
            ),
        ),
        (
            "description-text",
            string(config.subtitle.as_deref().unwrap_or("")),
        ),
        (
            "site-address",
            string(config.base_url.as_deref().unwrap_or("")),
        ),
        ("page-word", string(strings.get("print.page"))),
        (
            "title-note-text",
            string(strings.get("print.title_note_pdf")),
        ),
    ];
    for (name, value) in settings {
        out.push_str(&format!("#let {name} = {value}\n"));
    }
    out.push_str(EDITION);
    out.push('\n');
    let (body, left_out) = markup::body(print_html);
    out.push_str(&body);
    (out, left_out)
}

/// What Typst said, with the line of the generated source and its words, which say which
/// part of the edition was being set.
fn message(world: &Edition, diagnostics: &[SourceDiagnostic]) -> String {
    use typst::WorldExt;
    let text = world.main.text();
    diagnostics
        .iter()
        .take(3)
        .map(|d| match world.range(d.span) {
            Some(range) => {
                let line = text[..range.start.min(text.len())].lines().count();
                let from = text.floor_char_boundary(range.start.saturating_sub(60));
                let to = text.ceil_char_boundary((range.end + 60).min(text.len()));
                format!("{} (line {line}: {})", d.message, &text[from..to])
            }
            None => d.message.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The print document typeset as a PDF, and what of the document the PDF leaves out.
pub fn pdf(
    print_html: &str,
    config: &Config,
    strings: &Strings,
) -> Result<(Vec<u8>, Vec<String>), Failure> {
    let (text, left_out) = source(print_html, config, strings);
    let id = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/edition.typ").expect("a valid path"),
    )
    .intern();
    let world = Edition {
        library: LazyHash::new(Library::default()),
        main: Source::new(id, text),
    };
    let failed = |what: &str, diagnostics: &[SourceDiagnostic]| Failure::Tool {
        message: format!(
            "the PDF could not be {what}: {}",
            message(&world, diagnostics)
        ),
        help: "the previous output is untouched; this is glossator's fault, please report it \
               with the edition, or build without --pdf"
            .into(),
    };
    let document: typst_layout::PagedDocument = typst::compile(&world)
        .output
        .map_err(|d| failed("typeset", &d))?;
    let standards = match config.print.standard {
        None => typst_pdf::PdfStandards::default(),
        Some(standard) => {
            let s = match standard {
                PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
                PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
            };
            typst_pdf::PdfStandards::new(&[s]).map_err(|e| Failure::Tool {
                message: format!("the PDF standard cannot be kept: {}", e.message()),
                help: "leave `print.standard` out of edition.yaml".into(),
            })?
        }
    };
    // A standard wants the PDF dated; otherwise it has no date, so that the same edition
    // makes the same PDF.
    let timestamp = config.print.standard.and_then(|_| {
        let seconds = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64)
            });
        utc(seconds).map(typst_pdf::Timestamp::new_utc)
    });
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(config.title.clone()),
        creator: typst::foundations::Smart::Custom(Some("glossator (Typst)".into())),
        timestamp,
        standards,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|d| failed("written", &d))?;
    Ok((pdf, left_out))
}

/// The UTC date and time of a Unix time (days to a civil date as in Howard Hinnant's
/// `civil_from_days`).
fn utc(seconds: i64) -> Option<Datetime> {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Datetime::from_ymd_hms(
        i32::try_from(year).ok()?,
        month as u8,
        day as u8,
        (rest / 3600) as u8,
        (rest % 3600 / 60) as u8,
        (rest % 60) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_are_dated_in_utc() {
        assert_eq!(utc(0), Datetime::from_ymd_hms(1970, 1, 1, 0, 0, 0));
        // 2026-12-01 20:42:52 UTC
        assert_eq!(
            utc(1_796_157_772),
            Datetime::from_ymd_hms(2026, 12, 1, 20, 42, 52)
        );
        assert_eq!(
            utc(951_782_400),
            Datetime::from_ymd_hms(2000, 2, 29, 0, 0, 0)
        );
    }

    #[test]
    fn the_typesetter_reads_no_file() {
        let config: Config = serde_yaml::from_str("title: T").unwrap();
        let html = "<html><body><p>Text.</p></body></html>";
        let (mut text, _) = source(html, &config, Strings::english());
        text.push_str("\n#read(\"/etc/hostname\")\n");
        let id =
            RootedPath::new(VirtualRoot::Project, VirtualPath::new("/t.typ").unwrap()).intern();
        let world = Edition {
            library: LazyHash::new(Library::default()),
            main: Source::new(id, text),
        };
        let result = typst::compile::<typst_layout::PagedDocument>(&world).output;
        let errors = result.expect_err("reading a file fails");
        assert!(
            errors.iter().any(|e| e.message.contains("access denied")),
            "{:?}",
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
        );
    }
}
