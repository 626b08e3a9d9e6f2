//! The PDF of the print edition, made by WeasyPrint, a real paged-media engine, run as a
//! program. glossator does not lay out pages itself; it writes HTML and CSS for paged media.

use crate::Failure;
use std::path::Path;
use std::process::Command;

const INSTALL: &str =
    "install WeasyPrint with `pip install weasyprint` (it needs Pango: on Debian \
or Ubuntu, `apt-get install libpango-1.0-0 libpangoft2-1.0-0`), or build without --pdf";

/// The ways to run WeasyPrint: `$GLOSSATOR_WEASYPRINT` if set, else the `weasyprint` program,
/// else the Python module (pip may install the module where its script is not on the PATH).
fn commands() -> Vec<Command> {
    if let Ok(program) = std::env::var("GLOSSATOR_WEASYPRINT") {
        return vec![Command::new(program)];
    }
    let mut module = Command::new("python3");
    module.args(["-m", "weasyprint"]);
    vec![Command::new("weasyprint"), module]
}

fn run(html: &Path, pdf: &Path) -> std::io::Result<std::process::Output> {
    let mut last = Err(std::io::Error::from(std::io::ErrorKind::NotFound));
    for mut command in commands() {
        last = command.arg(html).arg(pdf).output();
        match &last {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            // `python3 -m weasyprint` without the module: as good as not found.
            Ok(o)
                if !o.status.success()
                    && String::from_utf8_lossy(&o.stderr).contains("No module named") =>
            {
                last = Err(std::io::Error::from(std::io::ErrorKind::NotFound));
                continue;
            }
            _ => break,
        }
    }
    last
}

/// Renders the print document at `html` into `pdf`.
pub fn render(html: &Path, pdf: &Path) -> Result<(), Failure> {
    let output = run(html, pdf).map_err(|e| Failure::Tool {
        message: match e.kind() {
            std::io::ErrorKind::NotFound => "--pdf needs WeasyPrint, which is not installed".into(),
            _ => format!("cannot run WeasyPrint: {e}"),
        },
        help: INSTALL.into(),
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::Tool {
            message: format!("WeasyPrint failed on the print edition: {}", stderr.trim()),
            help: "the previous output is untouched; run `weasyprint public/print/index.html x.pdf` to see more".into(),
        });
    }
    Ok(())
}
