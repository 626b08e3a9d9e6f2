//! The theme: templates and static files, from `themes/<name>/` in the edition or, for the
//! default theme, from the copy embedded in the binary; the edition's own `templates/`
//! override a theme template of the same name (mdBook's rule).

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{COURSE_STARTER, STARTER};

/// A template's name, its text, and the file an editor would fix if it is wrong.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub text: String,
    pub origin: PathBuf,
    /// Whether it is the default theme's copy in the binary, a file the editor does not have.
    pub embedded: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<Template>,
    /// Paths below the theme's `static/`, written under the site's `static/`.
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let dir = root.join("themes").join(name);
    let mut theme = if dir.is_dir() {
        from_folder(&dir, &Path::new("themes").join(name))?
    } else if name == "default" {
        embedded_default()
    } else {
        let line = crate::read::optional(root, Path::new(crate::config::CONFIG_FILE))
            .ok()
            .flatten()
            .and_then(|text| crate::diagnostic::line_of_value(&text, "theme", name));
        return Err(Diagnostic::error(
            crate::config::CONFIG_FILE,
            line,
            format!("theme `{name}` not found: there is no folder themes/{name}/"),
        )
        .with_help("use `theme: default`, or put the theme's templates/ and static/ in themes/"));
    };
    if dir.is_dir() {
        fall_back(&mut theme);
    }
    let overrides = root.join("templates");
    if overrides.is_dir() {
        for t in templates_in(&overrides, Path::new("templates"))? {
            theme.templates.retain(|old| old.name != t.name);
            theme.templates.push(t);
        }
    }
    Ok(theme)
}

/// A theme folder need hold only what it changes: each template and static file it lacks is
/// the default theme's, so that a theme of one template builds, and a theme made for an older
/// glossator still finds the templates added since.
fn fall_back(theme: &mut Theme) {
    let default = embedded_default();
    for template in default.templates {
        if !theme.templates.iter().any(|t| t.name == template.name) {
            theme.templates.push(template);
        }
    }
    for (path, bytes) in default.static_files {
        if !theme.static_files.iter().any(|(p, _)| *p == path) {
            theme.static_files.push((path, bytes));
        }
    }
}

/// The names of the default theme's templates (`section.html`), which a page may use.
pub fn default_template_names() -> Vec<String> {
    embedded::DEFAULT_THEME
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("templates/"))
        .map(str::to_string)
        .collect()
}

fn embedded_default() -> Theme {
    let mut theme = Theme::default();
    let origin = Path::new("themes/default");
    for (path, bytes) in embedded::DEFAULT_THEME {
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.push(Template {
                name: name.to_string(),
                text: String::from_utf8_lossy(bytes).into_owned(),
                origin: origin.join(path),
                embedded: true,
            });
        } else if let Some(rest) = path.strip_prefix("static/") {
            theme.static_files.push((rest.into(), bytes.to_vec()));
        }
    }
    theme
}

fn from_folder(dir: &Path, shown: &Path) -> Result<Theme, Diagnostic> {
    let mut theme = Theme {
        templates: templates_in(&dir.join("templates"), &shown.join("templates"))?,
        static_files: Vec::new(),
    };
    let statics = dir.join("static");
    for entry in WalkDir::new(&statics)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&statics).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                Diagnostic::error(
                    shown.join("static").join(rel),
                    None,
                    format!("cannot read: {e}"),
                )
            })?;
            theme.static_files.push((rel.into(), bytes));
        }
    }
    Ok(theme)
}

fn templates_in(dir: &Path, shown: &Path) -> Result<Vec<Template>, Diagnostic> {
    let mut templates = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let origin = shown.join(rel);
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| Diagnostic::error(&origin, None, format!("cannot read: {e}")))?;
        templates.push(Template {
            name: rel.to_string_lossy().replace('\\', "/"),
            text,
            origin,
            embedded: false,
        });
    }
    Ok(templates)
}

/// The default theme's files as they are embedded, for `glossator new` and tests.
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::DEFAULT_THEME
}
