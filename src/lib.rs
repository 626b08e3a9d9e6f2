//! glossator compiles an annotated edition (an essay in Markdown with its apparatus) into a
//! static website.
//!
//! The stages, in order: `edition` loads the folder into one model; `transform` runs every
//! Markdown body through the `markdown` adaptors and checks the links between them; `render`
//! fills the theme's templates; `output` writes the site atomically. The commands in `cmd`
//! compose them; `main.rs` is only the command line.

pub mod anchor;
pub mod cite;
pub mod cmd;
pub mod config;
pub mod cores;
pub mod diagnostic;
pub mod edition;
pub mod events;
pub mod glossary;
pub mod held;
pub mod i18n;
pub mod mark;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod read;
pub mod render;
pub mod route;
pub mod search;
pub mod site;
pub mod slug;
pub mod text;
pub mod timings;
pub mod transform;
pub mod typeset;
pub mod weave;
pub mod write;

use diagnostic::Diagnostics;
use std::path::PathBuf;

/// Why a command failed. Each kind maps to an exit code in `main.rs`.
#[derive(Debug)]
pub enum Failure {
    /// The edition has errors (exit 1); every one found is listed, with any warnings.
    Edition(Diagnostics),
    /// The command was asked to do something it must not or cannot (exit 2).
    Usage { message: String, help: String },
    /// Reading or writing failed (exit 1).
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A part of the command failed outside the edition's own problems, e.g. the typesetter (exit 1).
    Tool { message: String, help: String },
}

impl Failure {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Failure {
        let path = path.into();
        move |error| Failure::Io { path, error }
    }
}
