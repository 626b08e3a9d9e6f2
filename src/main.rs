//! The command line: parses arguments, runs a command of the library, prints its report and
//! diagnostics, and exits 0 on success, 1 on an error in the edition, 2 on misuse.

use clap::{Parser, Subcommand};
use glossator::cmd;
use glossator::diagnostic::Diagnostics;
use glossator::Failure;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc in place of the C library's allocator: a build allocates and frees millions of
/// small strings on every core, and glibc's malloc and free were a sixth of its time. Built
/// without transparent huge pages (`no_thp`), which raised the peak memory by a quarter.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// glossator: compile an annotated edition (an essay with glosses, notes, a glossary and a
/// bibliography) into a static website.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the edition into a static website (public/ by default).
    ///
    /// The site is written into a temporary folder and swapped in only when the whole build
    /// succeeded: a failed build leaves the previous output as it was.
    Build {
        /// The edition's folder, holding edition.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace an output folder that glossator did not make; it is moved aside to
        /// NAME.before-glossator, never deleted.
        #[arg(long)]
        force: bool,
        /// Also make edition.pdf, the print edition typeset as a book (as `print.pdf: true`
        /// in edition.yaml does with every build).
        #[arg(long)]
        pdf: bool,
        /// Build the pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took, and the slowest pages.
        #[arg(long)]
        timings: bool,
        /// Minify the HTML: about 2% smaller (0.5% gzipped) for a third more build time.
        #[arg(long)]
        minify: bool,
    },
    /// Run every validation of a build and report all problems; write nothing.
    Check {
        /// The edition's folder, holding edition.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat every warning (an unknown citation, a work never cited…) as an error.
        #[arg(long)]
        strict: bool,
        /// Also fetch every web address the edition links to (the bibliography's URLs and
        /// DOIs too), a few hosts at a time; results are kept in links-checked.yaml.
        #[arg(long)]
        external: bool,
        /// With --external: how long to wait for each address, in seconds.
        #[arg(long, default_value = "10", value_parser = seconds)]
        timeout: std::time::Duration,
    },
    /// Preview the edition while you write: build it in memory, serve it on this machine, and
    /// build again on every save; open pages reload where the reader was.
    ///
    /// A failed build leaves the last good site up and shows its problems over every page
    /// (and here) until the next good build. Nothing is written unless --output is given.
    Serve {
        /// The edition's folder, holding edition.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one (the address is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. The default answers only this machine; an address of
        /// the network (or 0.0.0.0) lets other machines read the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Also write each good build into this folder, as `build --output` would.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// List the citation styles glossator bundles, by the name `citations.style` takes.
    ///
    /// An edition may also name a CSL file of its own: `citations.style: styles/my.csl`.
    Styles,
    /// Start a new edition in DIR (a new or empty folder) from a small working example.
    New {
        /// The folder to create.
        dir: PathBuf,
        /// Make a course site instead: two short readings sharing a glossary, a
        /// bibliography, notes and a syllabus (content/readings/<slug>/).
        #[arg(long)]
        course: bool,
    },
    /// Work on the look of the edition.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Write the default theme (its templates and static files) into DIR for editing.
    ///
    /// Into themes/default/ of an edition, it is the theme the next build uses. A theme need
    /// keep only the files it changes: each one it lacks is the default theme's.
    Export {
        /// A new or empty folder.
        #[arg(default_value = "themes/default")]
        dir: PathBuf,
    },
}

/// A timeout in seconds, between a tenth of a second and ten minutes.
fn seconds(text: &str) -> Result<std::time::Duration, String> {
    let s: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(0.1..=600.0).contains(&s) {
        return Err("give a number of seconds from 0.1 to 600".into());
    }
    Ok(std::time::Duration::from_secs_f64(s))
}

fn main() -> ExitCode {
    glossator::memory::purge_sooner();
    glossator::memory::nothing_at_exit();
    let cli = Cli::parse();
    // serve stops on Ctrl-C in its own way, after a write under way.
    if !matches!(cli.command, Command::Serve { .. }) {
        glossator::output::clean_up_on_interrupt();
    }
    match cli.command {
        Command::Build {
            root,
            output,
            force,
            pdf,
            drafts,
            timings,
            minify,
        } => {
            if timings {
                glossator::timings::enable();
            }
            glossator::memory::process_ends_after_build();
            let started = Instant::now();
            let options = cmd::build::Options {
                root: root.clone(),
                output,
                force,
                pdf,
                drafts,
                minify,
            };
            match cmd::build::run(&options) {
                Ok(report) => {
                    print_diagnostics(&root, &report.diagnostics);
                    if let Some(aside) = &report.swapped.moved_aside {
                        eprintln!("note: the folder that was there is now {}", aside.display());
                    }
                    for what in &report.left_out_of_pdf {
                        eprintln!("warning: the PDF leaves out {what}, which it names by its text");
                    }
                    if let Some((old, why)) = &report.swapped.left_behind {
                        eprintln!(
                            "warning: the new site is in place, but the previous output at {} \
                             could not be removed ({why}); the next build tries again",
                            old.display()
                        );
                    }
                    println!(
                        "built {} pages ({} files) into {} in {} ms",
                        report.pages,
                        report.files,
                        report.swapped.path.display(),
                        started.elapsed().as_millis()
                    );
                    if timings {
                        eprint!("{}", glossator::timings::report());
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => fail(
                    &root,
                    failure,
                    "build failed; the previous output is untouched",
                ),
            }
        }
        Command::Check {
            root,
            strict,
            external,
            timeout,
        } => match cmd::check::run_with(
            &root,
            strict,
            external
                .then_some(cmd::external::Options { timeout })
                .as_ref(),
        ) {
            Ok(diagnostics) => {
                print_diagnostics(&root, &diagnostics);
                println!(
                    "the edition is sound: no errors, {} warning(s)",
                    diagnostics.warning_count()
                );
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&root, failure, "check failed"),
        },
        Command::Serve {
            root,
            port,
            bind,
            open,
            output,
        } => {
            let options = cmd::serve::Options {
                root: root.clone(),
                bind,
                port,
                open,
                output,
            };
            match cmd::serve::run(&options, |p| report_serve(&root, p)) {
                Ok(()) => {
                    eprintln!("stopped");
                    ExitCode::SUCCESS
                }
                Err(failure) => fail(&root, failure, "serve failed"),
            }
        }
        Command::Styles => {
            for style in glossator::cite::format::bundled() {
                let class = if style.note { " (notes)" } else { "" };
                let also = match &style.names[1..] {
                    [] => String::new(),
                    short => format!(" [also: {}]", short.join(", ")),
                };
                println!("{:<50} {}{class}{also}", style.names[0], style.title);
            }
            ExitCode::SUCCESS
        }
        Command::New { dir, course } => match cmd::new::run(&dir, course) {
            Ok(files) => {
                for f in &files {
                    println!("  created {}", dir.join(f).display());
                }
                println!(
                    "a new {1} is in {0}; build it with: glossator build --root {0}",
                    dir.display(),
                    if course { "course" } else { "edition" }
                );
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&dir, failure, "new failed"),
        },
        Command::Theme(ThemeCommand::Export { dir }) => match cmd::theme_export::run(&dir) {
            Ok(files) => {
                println!(
                    "wrote the default theme's {} files into {}; edit them, and delete those you \
                     do not change: the build takes the default for each file a theme lacks",
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(failure) => fail(&dir, failure, "theme export failed"),
        },
    }
}

fn report_serve(root: &Path, progress: cmd::serve::Progress) {
    use cmd::serve::Progress;
    match progress {
        Progress::Built {
            pages,
            files,
            changed,
            took,
            diagnostics,
        } => {
            print_diagnostics(root, diagnostics);
            match changed {
                None => eprintln!(
                    "built {pages} pages ({files} files) in {} ms",
                    took.as_millis()
                ),
                Some(0) => eprintln!("rebuilt in {} ms: nothing changed", took.as_millis()),
                Some(n) => eprintln!(
                    "rebuilt in {} ms: {n} file(s) changed; open pages that show them reload",
                    took.as_millis()
                ),
            }
        }
        Progress::Failed {
            failure,
            serving_previous,
        } => {
            if let Failure::Edition(diagnostics) = failure {
                print_diagnostics(root, diagnostics);
            } else if let Failure::Usage { help, .. } | Failure::Tool { help, .. } = failure {
                eprintln!("error: {}\n  help: {help}", cmd::serve::describe(failure));
            } else {
                eprintln!("error: {}", cmd::serve::describe(failure));
            }
            let kept = if serving_previous {
                "the last good build is still served"
            } else {
                "nothing to serve until the edition builds"
            };
            eprintln!(
                "build failed: {}; {kept}, with these problems over every page",
                cmd::serve::describe(failure)
            );
        }
        Progress::Listening {
            url,
            open_to_others,
        } => {
            // On stdout, alone on its line, for scripts that start the preview on port 0.
            println!("serving at {url}");
            if open_to_others {
                eprintln!("warning: other machines on the network can read this preview");
            }
            eprintln!(
                "watching edition.yaml, i18n.yaml, content/, templates/ and themes/; Ctrl-C stops"
            );
        }
        Progress::Wrote(output) => eprintln!("  written into {}", output.display()),
        Progress::Trouble(what) => eprintln!("warning: {what}"),
    }
}

fn print_diagnostics(root: &Path, diagnostics: &Diagnostics) {
    let mut sources = glossator::diagnostic::Sources::new(root);
    for d in diagnostics.iter() {
        eprint!("{}", d.render_with(&mut sources));
    }
}

fn fail(root: &Path, failure: Failure, summary: &str) -> ExitCode {
    match failure {
        Failure::Edition(diagnostics) => {
            print_diagnostics(root, &diagnostics);
            eprintln!(
                "{summary}: {} error(s), {} warning(s)",
                diagnostics.error_count(),
                diagnostics.warning_count()
            );
            ExitCode::from(1)
        }
        Failure::Usage { message, help } => {
            eprintln!("error: {message}\n  help: {help}");
            ExitCode::from(2)
        }
        Failure::Tool { message, help } => {
            eprintln!("error: {message}\n  help: {help}\n{summary}");
            ExitCode::from(1)
        }
        Failure::Io { path, error } => {
            if path.as_os_str().is_empty() {
                eprintln!("error: {error}");
            } else {
                eprintln!("error: {}: {error}", path.display());
            }
            eprintln!("{summary}");
            ExitCode::from(1)
        }
    }
}
