//! Random editions: the whole build run over editions made of random, often broken, parts
//! (file names, front matter, Markdown, raw HTML, anchors, glossaries, bibliographies, static
//! files, settings). Whatever the input, glossator must not panic, abort or hang; a build that
//! fails writes nothing; a build that succeeds writes only inside its output folder, and only
//! files its manifest lists.
//!
//! `cargo test` runs a short bounded run. A longer one:
//! `GLOSSATOR_RANDOM_EDITIONS=3000 cargo test --release --test random_editions -- --nocapture`
//! (`GLOSSATOR_RANDOM_SEED` picks another sequence; a failure prints the seed of its edition).

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// xorshift64*: small, seedable and the same on every machine, so a failing seed replays.
/// `1` is the percentage of hostile choices this edition makes.
struct Rng(u64, usize);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Words of a sound edition, and words that break it; each edition mixes in the second kind
/// at its own rate, so that some editions build and some are refused.
/// Words of a sound edition's prose, and words and marks that break an edition; each edition
/// mixes in the second kind at its own rate, so that some editions build and some are refused.
const PLAIN: &[&str] = &[
    "the",
    "soviet",
    "Soviets",
    "council",
    "workers",
    "Räte",
    "İstanbul",
    "café",
    "Putilov",
    "delegates",
    "met",
    "in",
    "January",
    "elders",
    "strike",
    "printers",
    "Moscow",
    "dual",
    "power",
    "factory",
    "committee",
    "1905",
    "1917",
];

const MARKUP: &[&str] = &[
    "(Anweiler 1975, 42)",
    "(Anweiler, 1975, p. 42)",
    "Anweiler (1975)",
    "[@anweiler1975]",
    "@anweiler1975 [p. 3]",
    "(see Lenin 1917a; Anweiler 1975)",
    "*stressed*",
    "**strong**",
    "`code`",
    "dele\u{200B}gates",
    "cafe\u{301}",
    "—",
    "…",
    "“quoted”",
    "\"straight\"",
    "workers’",
    "<span>x</span>",
    "<br>",
    "<!-- c -->",
    "&amp;",
    "\\",
    "[x]{lang=fr}",
    "~~gone~~",
    "e.g.",
    "cf.",
    "pp. 3–4",
    "§ 12",
    "\u{1b}[2J",
    "\u{202E}",
];

const BAD_WORDS: &[&str] = &[
    "[@missing]",
    "[^1]",
    "[^zz]",
    "<span>",
    "</span>",
    "<div>",
    "{#p1}",
    "{-}",
    "\u{0}",
    "Trostky (1973)",
    "[a](esay:s0)",
    "[b](javascript:x)",
    "[c](essay:s0#p999)",
    "[d](Essay:s0)",
    "[e](notes:n)",
    "[f](file:///etc/hostname)",
    "[g](bib:nowhere)",
];

const LINKS: &[&str] = &[
    "essay:s0",
    "essay:s0#p1",
    "https://example.org/x",
    "#p2",
    "mailto:a@b.c",
    "bib:anweiler1975",
];

const NAMES: &[&str] = &["a", "b", "c", "d", "e", "f", "g", "h"];

const BAD_NAMES: &[&str] = &[
    "!!!",
    "—",
    "_",
    "“”",
    "01-!",
    "About Us",
    "a.b",
    "index",
    "notes",
    "glossary",
    "essay",
    "Ça",
    "a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-a-very-long-name-x",
];

fn words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| {
            if rng.chance(rng.1) {
                rng.pick(BAD_WORDS)
            } else if rng.chance(25) {
                rng.pick(MARKUP)
            } else {
                rng.pick(PLAIN)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain prose, from which anchors quote.
fn prose(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(PLAIN))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A body of Markdown; plain paragraphs go into `quotable` too.
fn markdown(rng: &mut Rng, quotable: &mut Vec<String>) -> String {
    let mut out = String::new();
    for _ in 0..rng.below(6) + 1 {
        let block = match rng.below(13) {
            0 => format!("## {}", words(rng, 3)),
            1 => format!("> {}", words(rng, 8)),
            2 => format!("- {}\n  - {}", words(rng, 4), words(rng, 4)),
            3 => format!("A claim.[^a{}]\n\n[^a{0}]: {}", out.len(), words(rng, 6)),
            4 => format!(
                "A remark.[^b{}]\n\n[^b{0}]: {{-}} {}",
                out.len(),
                words(rng, 6)
            ),
            5 => format!("[{}]({})", prose(rng, 2), rng.pick(LINKS)),
            6 => format!("```rust\nfn {}() {{}}\n```", rng.pick(&["a", "b"])),
            7 => format!(
                "| a | b |\n|---|---|\n| {} | {} |",
                words(rng, 2),
                words(rng, 2)
            ),
            8 if rng.chance(rng.1) => {
                let depth = [3, 70, 300][rng.below(3)];
                let open = rng.pick(&[">", "<div>", "<span>", "*"]);
                format!("{}{}", open.repeat(depth), words(rng, 3))
            }
            9 => format!("## {} {{#{}}}", prose(rng, 2), rng.pick(&["x", "sources"])),
            10 => {
                let p = prose(rng, 14);
                quotable.push(p.clone());
                p
            }
            _ => words(rng, 12),
        };
        out.push_str(&block);
        out.push_str("\n\n");
    }
    out
}

fn name(rng: &mut Rng) -> &'static str {
    if rng.chance(rng.1) {
        rng.pick(BAD_NAMES)
    } else {
        rng.pick(NAMES)
    }
}

fn front_matter(rng: &mut Rng, fields: &[String]) -> String {
    let hostile = rng.1;
    if rng.chance(hostile / 4) {
        return String::new();
    }
    let mut out = String::from("---\n");
    for f in fields {
        if !rng.chance(hostile / 3) {
            out.push_str(f);
            out.push('\n');
        }
    }
    if rng.chance(hostile / 4) {
        out.push_str(rng.pick(&[
            "titel: x\n",
            "title: a: b\n",
            "order: many\n",
            "slug: Bad Slug\n",
        ]));
    }
    if !rng.chance(hostile / 8) {
        out.push_str("---\n");
    }
    out
}

fn quote_from(rng: &mut Rng, quotable: &[String]) -> String {
    if quotable.is_empty() || rng.chance(rng.1) {
        return words(rng, 3);
    }
    let text = &quotable[rng.below(quotable.len())];
    let plain: Vec<&str> = text.split_whitespace().collect();
    let start = rng.below(plain.len().saturating_sub(6).max(1));
    plain[start..(start + 6).min(plain.len())].join(" ")
}

/// A YAML scalar in single quotes, which take any text but a quote doubled.
fn yaml_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        let _ = fs::create_dir_all(parent);
    }
    let _ = fs::write(path, bytes);
}

fn edition(rng: &mut Rng, root: &Path) {
    let hostile = rng.1;
    let mut config = String::from("title: Random\n");
    for (line, bad) in [
        ("language: de\n", false),
        ("base_url: https://example.org/c/\n", false),
        ("glossary: {link: all}\n", false),
        ("citations: {natural: false}\n", false),
        ("print: {page: Letter}\n", false),
        ("base_url: 'https://ex ample.org/'\n", true),
        ("glossary: {link: sometimes}\n", true),
        ("citations: {style: nonsense}\n", true),
        ("theme: nowhere\n", true),
        ("colour: red\n", true),
    ] {
        if rng.chance(if bad { hostile / 3 } else { 20 }) {
            config.push_str(line);
        }
    }
    write(root, "edition.yaml", config.as_bytes());
    let mut quotable = Vec::new();
    let sections = rng.below(4) + usize::from(!rng.chance(hostile / 4));
    for i in 0..sections {
        let anchorable = prose(rng, 14);
        quotable.push(anchorable.clone());
        let body = format!("{anchorable}\n\n{}", markdown(rng, &mut quotable));
        let file = if rng.chance(hostile / 2) {
            rng.pick(BAD_NAMES).to_string()
        } else {
            format!("0{i}-s{i}")
        };
        let fm = front_matter(rng, &[format!("title: Section {i}"), format!("order: {i}")]);
        let mut bytes = format!("{fm}{body}").into_bytes();
        if rng.chance(hostile / 10) {
            bytes.push(0xE9); // Latin-1
        }
        if rng.chance(10) {
            bytes.splice(0..0, "\u{feff}".bytes());
        }
        write(root, &format!("content/essay/{file}.md"), &bytes);
    }
    let mut scratch = Vec::new();
    for _ in 0..rng.below(4) {
        let file = name(rng);
        let quote = quote_from(rng, &quotable);
        let mut fm = format!("---\nanchor:\n  quote: {}\n", yaml_text(&quote));
        if rng.chance(hostile) {
            fm.push_str(&format!("  prefix: {}\n", yaml_text(&prose(rng, 1))));
        }
        if rng.chance(hostile / 2) {
            fm.push_str("  section: nowhere\n");
        }
        fm.push_str("---\n");
        // A gloss is set in the margin, inside the paragraph: only paragraphs of text.
        let body = if rng.chance(hostile) {
            markdown(rng, &mut scratch)
        } else {
            format!("{}\n\n{}\n", words(rng, 8), words(rng, 5))
        };
        write(
            root,
            &format!("content/glosses/{file}.md"),
            format!("{fm}{body}").as_bytes(),
        );
    }
    for _ in 0..rng.below(3) {
        let file = name(rng);
        let quote = quote_from(rng, &quotable);
        let related = if rng.chance(hostile) {
            "[nowhere]"
        } else {
            "[]"
        };
        let fm = format!(
            "---\ntitle: Note\nanchors:\n  - quote: {}\nrelated: {related}\n---\n",
            yaml_text(&quote)
        );
        let body = markdown(rng, &mut scratch);
        write(
            root,
            &format!("content/notes/{file}.md"),
            format!("{fm}{body}").as_bytes(),
        );
    }
    for _ in 0..rng.below(3) {
        let file = name(rng);
        let fm = front_matter(rng, &["title: Page".to_string()]);
        let body = markdown(rng, &mut scratch);
        write(
            root,
            &format!("content/pages/{file}.md"),
            format!("{fm}{body}").as_bytes(),
        );
    }
    if rng.chance(70) {
        let mut g = String::new();
        let terms = [
            ("soviet", "soviet", "soviets"),
            ("council", "council", "councils"),
            ("rate", "Räte", "Rat"),
            ("i", "İ", "ı"),
        ];
        let chosen: Vec<_> = terms.iter().filter(|_| !rng.chance(40)).collect();
        for (k, (id, term, form)) in chosen.iter().enumerate() {
            let id = if rng.chance(hostile / 2) {
                "Bad Id"
            } else {
                id
            };
            let term = if rng.chance(hostile / 4) { "" } else { term };
            let except = if rng.chance(hostile / 3) {
                term
            } else {
                "Soviet Union"
            };
            let see = if rng.chance(hostile / 3) {
                "nowhere"
            } else {
                chosen[(k + 1) % chosen.len()].0
            };
            g.push_str(&format!(
                "- id: {id}\n  term: {}\n  forms: [{}]\n  except: [{}]\n  definition: {}\n  see_also: [{see}]\n",
                yaml_text(term),
                yaml_text(form),
                yaml_text(except),
                yaml_text(&words(rng, 5)),
            ));
        }
        if rng.chance(hostile / 4) {
            g = "[{id: a, term: a, definition: x}, {id: b, term: a, definition: y}]".into();
        }
        if rng.chance(hostile / 4) {
            g.push_str("- [unclosed\n");
        }
        write(root, "content/glossary.yaml", g.as_bytes());
    }
    // The works the prose cites are there, unless this edition is out to break its own.
    let mut b = String::from(concat!(
        "- id: anweiler1975\n  type: book\n  author: [{family: Anweiler, given: Oskar}]\n",
        "  issued: {date-parts: [[1975]]}\n  title: The Soviets\n",
        "- id: lenin1917a\n  type: book\n  author: [{family: Lenin}]\n",
        "  issued: {date-parts: [[1917]]}\n  year-suffix: a\n  title: State and Revolution\n",
    ));
    for i in 0..rng.below(3) {
        if !rng.chance(hostile) {
            continue;
        }
        let date = rng.pick(&[
            "{date-parts: [[]]}",
            "{date-parts: [['']]}",
            "{date-parts: [[1917], []]}",
            "{date-parts: [[1917], [1921]]}",
            "{date-parts: [[1917, 13, 40]]}",
            "2001",
            "'1917/1921'",
            "{literal: spring}",
        ]);
        b.push_str(&format!(
            "- id: {}\n  type: {}\n  author: {}\n  issued: {date}\n  title: T\n  URL: {}\n",
            rng.pick(&["x1975", "'a\" x=\"'", "''", "anweiler1975"]),
            rng.pick(&["book", "chapter", "bok"]),
            rng.pick(&["[{family: X}]", "12", "{family: X}", "[{literal: UNESCO}]"]),
            rng.pick(&["https://example.org", "'javascript:alert(1)'", "''"]),
        ));
        let _ = i;
    }
    if !rng.chance(hostile / 2) {
        write(root, "content/bibliography.yaml", b.as_bytes());
    }
    if rng.chance(30) {
        let file = if rng.chance(hostile) {
            rng.pick(&["essay", "index.html", "edition.pdf", "a\nb.txt"])
        } else {
            rng.pick(&["robots.txt", "img/a.png"])
        };
        write(root, &format!("content/static/{file}"), b"x");
    }
    if rng.chance(hostile / 4) {
        let _ = std::os::unix::fs::symlink("/nonexistent", root.join("content/static-link"));
    }
    if rng.chance(hostile / 8) {
        write(root, "templates/index.html", b"{% if %}broken");
    }
}

/// What one random edition did, or how it broke the promises.
fn run_one(seed: u64) -> Result<bool, String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    let hostility = [0, 2, 10, 40][(seed % 4) as usize];
    edition(&mut Rng(seed, hostility), &root);
    let out = tmp.path().join("out");
    let (tx, rx) = mpsc::channel();
    let (r, o) = (root.clone(), out.clone());
    // A thread with a timeout: a hang is a failure, not a stuck test run.
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| {
                let checked = glossator::cmd::check::run(&r, false);
                if std::env::var_os("GLOSSATOR_RANDOM_SHOW").is_some() {
                    if let Err(glossator::Failure::Edition(d)) = &checked {
                        for d in d.iter().filter(|d| d.is_error()).take(3) {
                            eprintln!("  {d}");
                        }
                    }
                }
                let checked = checked.is_ok();
                let built = glossator::cmd::build::run(&glossator::cmd::build::Options {
                    root: r.clone(),
                    output: Some(o.clone()),
                    force: false,
                    pdf: false,
                    drafts: false,
                    minify: false,
                });
                (checked, built.is_ok())
            });
            let _ = tx.send(result.map_err(|_| ()));
        })
        .unwrap();
    let (checked, built) = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(r)) => r,
        Ok(Err(())) => return Err("panicked".into()),
        Err(_) => return Err("did not finish in 60 s".into()),
    };
    if checked != built {
        return Err(format!("check said {checked}, build said {built}"));
    }
    let outside: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "edition" && n != "out")
        .collect();
    if !outside.is_empty() {
        return Err(format!("wrote outside its output folder: {outside:?}"));
    }
    if built {
        let manifest = fs::read_to_string(out.join(".glossator-output")).unwrap_or_default();
        for entry in walkdir::WalkDir::new(&out).min_depth(1) {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if entry.file_type().is_file()
                && rel != ".glossator-output"
                && !manifest.lines().any(|l| l == rel)
            {
                return Err(format!("{rel} is not in the manifest"));
            }
        }
    } else if out.exists() {
        return Err("a failed build wrote its output folder".into());
    }
    Ok(built)
}

#[test]
fn random_editions_never_panic_hang_or_write_outside() {
    let count: u64 = std::env::var("GLOSSATOR_RANDOM_EDITIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let base: u64 = std::env::var("GLOSSATOR_RANDOM_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    // A panic inside a build is caught and reported with its seed; keep its message short.
    std::panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    let started = Instant::now();
    let (mut built, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for i in 0..count {
        let seed = base.wrapping_add(i.wrapping_mul(0x9E37_79B9)) | 1;
        match run_one(seed) {
            Ok(true) => built += 1,
            Ok(false) => refused += 1,
            Err(why) => failures.push(format!("seed {seed}: {why}")),
        }
    }
    let _ = std::panic::take_hook();
    eprintln!(
        "{count} random editions in {:.1} s: {built} built, {refused} refused with diagnostics, \
         {} broke a promise",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        count < 20 || built > 0,
        "no random edition built: the generator is too hostile"
    );
}
