//! The PDF of the print edition, made by WeasyPrint, a real paged-media engine, run as a
//! program. glossator does not lay out pages itself; it writes HTML and CSS for paged media.
//!
//! WeasyPrint is driven through a short Python script whose URL fetcher reads only files
//! inside the built site: a link, image or attachment in the content that names a file
//! elsewhere on the disk, or an address on the network, is not read into the PDF.

use crate::Failure;
use std::path::Path;
use std::process::Command;

const INSTALL: &str =
    "install WeasyPrint with `pip install weasyprint` (it needs Pango: on Debian \
or Ubuntu, `apt-get install libpango-1.0-0 libpangoft2-1.0-0`), or build without --pdf";

/// Runs WeasyPrint on `argv[2]` into `argv[3]`, fetching nothing outside the folder `argv[1]`.
const SCRIPT: &str = r#"
import os, sys
from urllib.parse import unquote, urlparse
try:
    import weasyprint
except ImportError:
    sys.stderr.write("No module named weasyprint\n")
    sys.exit(3)
site = os.path.realpath(sys.argv[1])

def allowed(url):
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return True
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return False
    path = os.path.realpath(unquote(parsed.path))
    return path == site or path.startswith(site + os.sep)

def refuse(url):
    sys.stderr.write("glossator: not read, it is outside the site: %s\n" % url[:200])
    raise ValueError("outside the site")

try:
    from weasyprint.urls import URLFetcher
except ImportError:
    URLFetcher = None
if URLFetcher is not None:
    class SiteOnly(URLFetcher):
        def fetch(self, url, *args, **kwargs):
            if not allowed(url):
                refuse(url)
            return super().fetch(url, *args, **kwargs)
    fetcher = SiteOnly()
else:
    def fetcher(url, *args, **kwargs):
        if not allowed(url):
            refuse(url)
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
weasyprint.HTML(filename=sys.argv[2], url_fetcher=fetcher).write_pdf(sys.argv[3])
"#;

/// `$GLOSSATOR_WEASYPRINT` if set (a program taking the HTML and the PDF path, for testing
/// another build of WeasyPrint), else the Python module through the script above.
fn command(site: &Path, html: &Path, pdf: &Path) -> Command {
    match std::env::var_os("GLOSSATOR_WEASYPRINT") {
        Some(program) => {
            let mut c = Command::new(program);
            c.arg(html).arg(pdf);
            c
        }
        None => {
            let mut c = Command::new("python3");
            c.arg("-c").arg(SCRIPT).arg(site).arg(html).arg(pdf);
            c
        }
    }
}

/// Renders the print document at `site/print/index.html` into `pdf`; returns what was left
/// out of it because it lies outside the site.
pub fn render(site: &Path, pdf: &Path) -> Result<Vec<String>, Failure> {
    let html = site.join(crate::route::Route::Print.file());
    let missing = || Failure::Tool {
        message: "--pdf needs WeasyPrint, which is not installed".into(),
        help: INSTALL.into(),
    };
    let output = command(site, &html, pdf)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => missing(),
            _ => Failure::Tool {
                message: format!("cannot run WeasyPrint: {e}"),
                help: INSTALL.into(),
            },
        })?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        if stderr.contains("No module named weasyprint") {
            return Err(missing());
        }
        return Err(Failure::Tool {
            message: format!("WeasyPrint failed on the print edition: {}", stderr.trim()),
            help: "the previous output is untouched; build without --pdf and run \
                   `weasyprint public/print/index.html x.pdf` to see more"
                .into(),
        });
    }
    // A tool that says it succeeded but wrote no PDF has not succeeded.
    let written = std::fs::read(pdf).ok();
    if !written.as_deref().is_some_and(|b| b.starts_with(b"%PDF-")) {
        return Err(Failure::Tool {
            message: "WeasyPrint exited without error but wrote no PDF".into(),
            help: "the previous output is untouched; check the WeasyPrint installation".into(),
        });
    }
    Ok(stderr
        .lines()
        .filter_map(|l| l.strip_prefix("glossator: "))
        .map(str::to_string)
        .collect())
}
