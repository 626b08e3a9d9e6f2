//! The search index as the build writes it: what it holds, and how its words are folded,
//! stemmed and joined by the glossary's forms. Each edition is written here, so every
//! expectation is read from the text above it.

mod common;

use common::read;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const ESSAY_ONE: &str = "---\ntitle: The Councils of 1905\n---\n\
The councils governed the strike in Ivanovo.[^n] Delegates were recallable.\n\n\
In Germany the Räte of 1918 copied them; the council’s power grew.\n\n\
> Kornilov marched on Petrograd.\n\n\
[^n]: A sidenote that is not a paragraph.\n";
const ESSAY_TWO: &str = "---\ntitle: Dual Power\n---\n\
Dual power divided authority between the Soviet and the government.\n\n\
Power was dual only in name.\n";

/// A small English edition with one of everything the search finds.
fn edition(dir: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "edition.yaml",
            "title: A Searchable Edition\nlanguage: en\ncitations:\n  style: chicago-author-date\n",
        ),
        ("content/essay/01-councils.md", ESSAY_ONE),
        ("content/essay/02-dual.md", ESSAY_TWO),
        (
            "content/notes/kornilov.md",
            "---\ntitle: The Kornilov affair\nwhen: August 1917\nanchors:\n  - quote: Kornilov marched\n---\n\
             General Kornilov moved troops towards the capital (Anweiler 1975).\n",
        ),
        (
            "content/glosses/recall.md",
            "---\nanchor:\n  quote: Delegates were recallable\n---\nElectors could withdraw a delegate at any time.\n",
        ),
        (
            "content/glossary.yaml",
            "- id: soviet\n  term: soviet\n  forms: [soviets, workers' council]\n  definition: An elected council of delegates.\n",
        ),
        (
            "content/bibliography.yaml",
            "- id: anweiler1975\n  type: book\n  author: [{family: Anweiler, given: Oskar}]\n  issued: {date-parts: [[1975]]}\n  title: The Soviets\n  publisher: Pantheon\n",
        ),
        (
            "content/pages/chronology.md",
            "---\ntitle: Chronology\n---\nJanuary 1905: Bloody Sunday.\n",
        ),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// The argument list of the one call a file of the index makes: `glossatorSearch.f(…);`.
fn call(text: &str, name: &str) -> Vec<Value> {
    let prefix = format!("glossatorSearch.{name}(");
    let inner = text
        .trim()
        .strip_prefix(&prefix)
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("a call of {name}: {}", &text[..text.len().min(80)]));
    match serde_json::from_str(&format!("[{inner}]")).expect("JSON arguments") {
        Value::Array(args) => args,
        _ => unreachable!(),
    }
}

struct Built {
    _tmp: tempfile::TempDir,
    meta: Value,
    /// Every document: kind, title, place, address, text.
    docs: Vec<Value>,
    /// Every word's entry: documents and weights, relatives.
    words: BTreeMap<String, Value>,
}

impl Built {
    fn of(make: impl Fn(&Path)) -> Built {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("edition");
        make(&root);
        let out = tmp.path().join("public");
        common::build(&root, &out).success();
        let dir = out.join("search");
        let meta = call(&read(&dir.join("index.js")), "meta").remove(0);
        let mut docs = Vec::new();
        let mut start = 0;
        for n in 0..meta["chunks"].as_array().unwrap().len() {
            start += meta["chunks"][n].as_u64().unwrap() as usize;
            let mut args = call(&read(&dir.join(format!("d-{n}.js"))), "docs");
            assert_eq!(args[0], meta["stamp"], "each part names its index");
            assert_eq!(args[1], n);
            assert_eq!(
                start,
                docs.len(),
                "chunk {n} starts where the one before ends"
            );
            docs.extend(args.remove(2).as_array().unwrap().iter().cloned());
        }
        assert_eq!(meta["documents"].as_u64().unwrap() as usize, docs.len());
        let mut words = BTreeMap::new();
        for key in meta["shards"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            let file = dir.join(glossator::search::files::shard_file(key));
            let args = call(&read(&file), "words");
            assert_eq!(args[0], meta["stamp"], "each part names its index");
            assert_eq!(args[1], key);
            for (word, entry) in args[2].as_object().unwrap() {
                assert!(word.starts_with(key), "{word} is filed under {key}");
                words.insert(word.clone(), entry.clone());
            }
        }
        Built {
            _tmp: tmp,
            meta,
            docs,
            words,
        }
    }

    fn of_kind(&self, kind: u64) -> Vec<&Value> {
        self.docs.iter().filter(|d| d[0] == kind).collect()
    }

    /// The documents holding a folded word, decoded from their gaps.
    fn documents(&self, word: &str) -> Vec<usize> {
        let Some(entry) = self.words.get(word) else {
            return Vec::new();
        };
        let flat = entry[0].as_array().unwrap();
        let mut at = 0;
        flat.chunks(2)
            .map(|pair| {
                at += pair[0].as_u64().unwrap() as usize;
                at
            })
            .collect()
    }

    fn relatives(&self, word: &str) -> Vec<String> {
        self.words[word]
            .get(1)
            .and_then(Value::as_array)
            .map(|r| r.iter().map(|w| w.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    }

    fn text(&self, doc: usize) -> &str {
        self.docs[doc][4].as_str().unwrap()
    }
}

/// The paragraphs of a section's body: its blocks, less the footnotes' definitions.
fn paragraphs(section: &str) -> Vec<String> {
    let body = section.splitn(3, "---\n").nth(2).unwrap();
    body.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty() && !b.starts_with("[^"))
        .map(String::from)
        .collect()
}

#[test]
fn every_paragraph_and_every_entry_of_the_apparatus_is_a_document() {
    let built = Built::of(edition);
    let paras = built.of_kind(0);
    let sections = [
        (
            "essay/councils/index.html",
            "The Councils of 1905",
            ESSAY_ONE,
        ),
        ("essay/dual/index.html", "Dual Power", ESSAY_TWO),
    ];
    let mut expected = Vec::new();
    for (path, title, body) in sections {
        for p in paragraphs(body) {
            expected.push((path, title, p));
        }
    }
    assert_eq!(paras.len(), expected.len(), "one document a paragraph");
    for (n, (doc, (path, title, source))) in paras.iter().zip(&expected).enumerate() {
        // Paragraphs are numbered on across the sections, as the pages number them.
        assert_eq!(doc[3], format!("{path}#p{}", n + 1));
        assert_eq!(doc[1], *title);
        assert_eq!(doc[2], format!("¶ {}", n + 1));
        let first_word = source.trim_start_matches("> ").split(' ').next().unwrap();
        assert!(
            doc[4].as_str().unwrap().starts_with(first_word),
            "{doc}: {source}"
        );
    }
    // The sidenote is no paragraph of its own, but is found with the paragraph that calls it.
    let with_note: Vec<&Value> = paras
        .iter()
        .copied()
        .filter(|d| {
            d[4].as_str()
                .unwrap()
                .contains("A sidenote that is not a paragraph.")
        })
        .collect();
    assert_eq!(with_note.len(), 1);
    assert_eq!(with_note[0][3], "essay/councils/index.html#p1");
    let note = built.of_kind(1);
    assert_eq!(note.len(), 1);
    assert_eq!(note[0][1], "The Kornilov affair");
    assert_eq!(note[0][2], "August 1917");
    assert_eq!(note[0][3], "notes/kornilov/index.html");
    assert!(note[0][4]
        .as_str()
        .unwrap()
        .starts_with("General Kornilov moved"));
    let gloss = built.of_kind(2);
    assert_eq!(gloss.len(), 1);
    assert_eq!(gloss[0][1], "Delegates were recallable");
    assert!(gloss[0][3]
        .as_str()
        .unwrap()
        .starts_with("essay/councils/index.html#"));
    assert_eq!(
        gloss[0][4],
        "Electors could withdraw a delegate at any time."
    );
    let term = built.of_kind(3);
    assert_eq!(term.len(), 1);
    assert_eq!(term[0][1], "soviet");
    assert_eq!(term[0][3], "glossary/index.html#soviet");
    assert_eq!(term[0][4], "An elected council of delegates.");
    let work = built.of_kind(4);
    assert_eq!(work.len(), 1);
    let reference = work[0][4].as_str().unwrap();
    assert!(
        reference.contains("Anweiler")
            && reference.contains("The Soviets")
            && !reference.contains('<'),
        "the formatted reference as text: {reference}"
    );
    let page = built.of_kind(5);
    assert_eq!(page.len(), 1);
    assert_eq!(page[0][1], "Chronology");
    assert_eq!(page[0][4], "January 1905: Bloody Sunday.");
}

#[test]
fn every_word_is_found_in_the_documents_that_hold_it_whatever_its_case_and_accents() {
    let built = Built::of(edition);
    let doc_of = |needle: &str| {
        built
            .docs
            .iter()
            .position(|d| d[4].as_str().unwrap().contains(needle))
            .unwrap()
    };
    let rate = built.documents("rate");
    assert_eq!(rate, [doc_of("Räte")], "Räte is filed as rate");
    assert!(!built.words.contains_key("räte"));
    // With its spelling, which a query typed with the accent prefers.
    assert_eq!(built.words["rate"][2], serde_json::json!(["räte"]));
    assert!(
        built.words["kornilov"].get(2).is_none(),
        "no accents, no spellings"
    );
    let kornilov = built.documents("kornilov");
    for needle in ["Kornilov marched", "General Kornilov"] {
        assert!(kornilov.contains(&doc_of(needle)), "{needle}");
    }
    // The note's title is searched too; a paragraph's section title is not.
    assert!(built
        .documents("affair")
        .contains(&doc_of("General Kornilov")));
    assert!(built
        .documents("1905")
        .iter()
        .all(|&d| built.docs[d][0] != 0));
    // Every document holds each word filed with it.
    for (word, _) in built.words.iter().take(200) {
        for d in built.documents(word) {
            let all = format!("{} {}", built.docs[d][1], built.text(d)).to_lowercase();
            let plain: String = all.replace('ä', "a").replace('’', "'");
            assert!(plain.contains(word.as_str()), "{word} in doc {d}: {all}");
        }
    }
}

#[test]
fn words_of_one_stem_name_each_other_and_glossary_forms_are_synonyms() {
    let built = Built::of(edition);
    // councils, council's and council share a stem, as governed and government do.
    let mut relatives = built.relatives("councils");
    relatives.sort();
    assert_eq!(relatives, ["council", "council's"]);
    assert_eq!(built.relatives("governed"), ["government"]);
    assert!(built.relatives("recallable").is_empty());
    // The forms as a query's words are read: a closing apostrophe joins no word.
    let synonyms = built.meta["synonyms"].as_array().unwrap();
    assert_eq!(
        synonyms,
        &[serde_json::json!(["soviet", "soviets", "workers council"])]
    );
}

#[test]
fn an_edition_in_a_language_without_a_stemmer_is_searched_by_its_words_alone() {
    let built = Built::of(|dir| {
        edition(dir);
        let yaml = dir.join("edition.yaml");
        let text = read(&yaml).replace("language: en", "language: la");
        fs::write(&yaml, text).unwrap();
    });
    assert!(built.relatives("councils").is_empty());
    assert!(!built.documents("councils").is_empty());
}

#[test]
fn a_course_paragraph_says_its_reading_and_leads_to_its_page() {
    let built = Built::of(|dir| common::copy_dir(&common::fixture("course"), dir));
    let paras = built.of_kind(0);
    let readings = fs::read_dir(common::fixture("course").join("content/readings"))
        .unwrap()
        .count();
    assert!(readings >= 2);
    for doc in &paras {
        let url = doc[3].as_str().unwrap();
        assert!(url.starts_with("readings/"), "{url}");
        let (reading, n) = doc[2].as_str().unwrap().rsplit_once(" · ¶ ").unwrap();
        assert!(!reading.is_empty());
        assert!(url.ends_with(&format!("#p{n}")), "{url}");
    }
    // Each reading numbers its paragraphs from 1.
    let firsts = paras
        .iter()
        .filter(|d| d[3].as_str().unwrap().ends_with("#p1"))
        .count();
    assert_eq!(firsts, readings);
}

#[test]
fn the_same_edition_makes_the_same_index_and_a_changed_one_another_stamp() {
    let first = Built::of(edition);
    let again = Built::of(edition);
    assert_eq!(first.meta, again.meta, "a build is reproducible");
    assert_eq!(first.docs, again.docs);
    assert_eq!(first.words, again.words);
    let changed = Built::of(|dir| {
        edition(dir);
        let page = dir.join("content/pages/chronology.md");
        let text = read(&page).replace("Bloody Sunday", "Red Sunday");
        fs::write(&page, text).unwrap();
    });
    assert_ne!(first.meta["stamp"], changed.meta["stamp"]);
    assert!(changed.documents("bloody").is_empty());
    assert_eq!(changed.documents("red").len(), 1);
}

#[test]
fn a_russian_edition_is_folded_and_stemmed_by_the_russian_rules() {
    let built = Built::of(|dir| common::copy_dir(&common::fixture("russian"), dir));
    let essay = read(&common::fixture("russian").join("content/essay/01-stachka.md"));
    for form in ["рабочие", "рабочих"] {
        assert!(essay.contains(form), "the fixture says {form}");
    }
    // Two endings of one word, filed under one stem.
    assert!(built.relatives("рабочих").contains(&"рабочие".to_string()));
    // Capitals fold: "Совет" is filed as "совет".
    assert!(!built.documents("совет").is_empty());
    assert!(!built.words.contains_key("Совет"));
}

#[test]
fn search_false_leaves_out_the_index_the_page_and_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("edition");
    edition(&root);
    let yaml = root.join("edition.yaml");
    fs::write(&yaml, format!("{}search: false\n", read(&yaml))).unwrap();
    let out = tmp.path().join("public");
    common::build(&root, &out).success();
    assert!(!out.join("search").exists());
    let page = read(&out.join("essay/councils/index.html"));
    assert!(!page.contains("site-search"), "no field");
    assert!(!page.contains("search.js"), "no script");
    // And with the key left out, all three are there.
    let with = Built::of(edition);
    assert!(!with.docs.is_empty());
}
