use super::*;
use crate::cite::bibliography::parse;
use crate::diagnostic::Diagnostics;

fn index() -> (Index, Vec<String>) {
    let yaml = [
        ("anweiler", "Anweiler", "1975", ""),
        ("breaugh", "Breaugh", "2013", ""),
        ("mccormick", "McCormick", "2011", ""),
        ("gilens", "Gilens", "2014", ""),
        ("james", "James", "1974", ""),
        ("lenina", "Lenin", "1917", "a"),
        ("leninb", "Lenin", "1917", "b"),
        ("disch", "Disch", "2021", ""),
        ("adams76", "Adams", "1776", ""),
        ("adams87", "Adams", "1787", ""),
        ("plato", "Plato", "2007", ""),
        ("trotsky", "Trotsky", "1973", ""),
        ("leblanc", "Le Blanc", "2017", ""),
        ("dune", "Dune", "1993", ""),
        ("haimson", "Haimson", "1992", ""),
        ("koenker", "Koenker", "1989", ""),
        ("smith", "Smith", "1983", ""),
        ("tocqueville", "de Tocqueville", "1835", ""),
    ]
    .iter()
    .map(|(id, family, year, suffix)| {
        let alias = if *id == "trotsky" { "\n  alias: [Trostky]" } else { "" };
        let suffix = if suffix.is_empty() { String::new() } else { format!("\n  year-suffix: {suffix}") };
        format!("- id: {id}\n  type: book\n  author: [{{family: {family}}}]\n  issued: {{date-parts: [[{year}]]}}{suffix}{alias}\n")
    })
    .collect::<String>();
    let mut d = Diagnostics::default();
    let works = parse(&yaml, &mut d);
    assert!(d.is_empty(), "{d:?}");
    (
        Index::new(&works),
        works.iter().map(|w| w.id.clone()).collect(),
    )
}

/// (work id or "?", locator, the linked text)
fn cites(text: &str) -> Vec<(String, Option<String>, String)> {
    let (index, ids) = index();
    let mut last = None;
    recognize(text, &index, &mut last)
        .into_iter()
        .map(|c| {
            let id = c.work.map_or("?".to_string(), |w| ids[w].clone());
            (id, c.locator, text[c.start..c.end].to_string())
        })
        .collect()
}

fn c(id: &str, loc: Option<&str>, text: &str) -> (String, Option<String>, String) {
    (id.into(), loc.map(str::to_string), text.into())
}

#[test]
fn parenthetical_lists_with_prefixes() {
    assert_eq!(
        cites("subject (See, for example, Breaugh, 2013; McCormick, 2011)."),
        [
            c("breaugh", None, "Breaugh, 2013"),
            c("mccormick", None, "McCormick, 2011")
        ]
    );
    assert_eq!(
        cites("(quoted in Anweiler, 1975, p. 128)"),
        [c("anweiler", Some("p. 128"), "Anweiler, 1975, p. 128")]
    );
}

#[test]
fn co_authors_suffixes_and_locators() {
    assert_eq!(
        cites("(Gilens & Page, 2014)"),
        [c("gilens", None, "Gilens & Page, 2014")]
    );
    assert_eq!(
        cites("(James et al., 1974, p. 86)"),
        [c("james", Some("p. 86"), "James et al., 1974, p. 86")]
    );
    assert_eq!(cites("(Lenin, 1917a)"), [c("lenina", None, "Lenin, 1917a")]);
    assert_eq!(
        cites("(Anweiler, 1975, p.45)"),
        [c("anweiler", Some("p.45"), "Anweiler, 1975, p.45")]
    );
    assert_eq!(
        cites("(Anweiler, 1975, p. xix)")[0].1.as_deref(),
        Some("p. xix")
    );
}

#[test]
fn narrative_possessive_and_several_years() {
    assert_eq!(
        cites("Dune (1993) describes"),
        [c("dune", None, "Dune (1993)")]
    );
    assert_eq!(
        cites("Lisa Disch’s (2021) account"),
        [c("disch", None, "Disch’s (2021)")]
    );
    assert_eq!(
        cites("Lenin’s (1917b) assertion"),
        [c("leninb", None, "Lenin’s (1917b)")]
    );
    assert_eq!(
        cites("Adams (1776; 1787) argued"),
        [
            c("adams76", None, "Adams (1776"),
            c("adams87", None, "1787")
        ]
    );
    assert_eq!(
        cites("Plato (2007, §557a) defined"),
        [c("plato", Some("§557a"), "Plato (2007, §557a)")]
    );
    assert_eq!(
        cites("Though Trotsky (1973) admits"),
        [c("trotsky", None, "Trotsky (1973)")]
    );
    assert_eq!(
        cites("Le Blanc (2017, pp. 147-148)"),
        [c(
            "leblanc",
            Some("pp. 147-148"),
            "Le Blanc (2017, pp. 147-148)"
        )]
    );
}

#[test]
fn aliases_link_a_misspelt_name() {
    assert_eq!(
        cites("(Anweiler, 1975; Trostky, 1973)")[1],
        c("trotsky", None, "Trostky, 1973")
    );
}

#[test]
fn bare_pinpoints_belong_to_the_last_work_cited() {
    let (index, ids) = index();
    let mut last = None;
    recognize("Anton Dune (1993) wrote:", &index, &mut last);
    let found = recognize(
        "“a quotation” (p. 97). Then (31) and (§557a).",
        &index,
        &mut last,
    );
    let got: Vec<(String, String)> = found
        .iter()
        .map(|c| (ids[c.work.unwrap()].clone(), c.locator.clone().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("dune".into(), "p. 97".into()),
            ("dune".into(), "31".into()),
            ("dune".into(), "§557a".into())
        ]
    );
}

#[test]
fn a_date_in_two_calendars_is_no_pinpoint() {
    let (index, _) = index();
    let mut last = Some(0);
    assert!(recognize("On 10 (23) March and on 3 (16) December", &index, &mut last).is_empty());
    let mut none = None;
    assert!(recognize(
        "a pinpoint (p. 3) with nothing cited before",
        &index,
        &mut none
    )
    .is_empty());
}

#[test]
fn a_year_alone_is_never_a_citation() {
    assert!(cites(
        "as the czar did in 1905, and (as the czar did in 1905) and (1917) and in (1905-1922)"
    )
    .is_empty());
    assert!(cites("(over)emphasize").is_empty());
}

#[test]
fn unknown_works_are_kept_with_their_name() {
    let (index, _) = index();
    let mut last = None;
    let found = recognize("(Trotzky, 1973) and Anweiler (1976)", &index, &mut last);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|c| c.work.is_none()));
    assert_eq!(found[0].name, "Trotzky");
    assert_eq!(index.nearest_names("Trotzky"), ["Trotsky", "Trostky"]);
    let found = recognize(
        "Van Gogh (1888) and Though Trotzky (1973)",
        &index,
        &mut last,
    );
    assert_eq!(found[0].name, "Van Gogh", "a particle is part of the name");
    assert_eq!(found[1].name, "Trotzky", "a word before the name is not");
}

/// (work id, prefix, authors, year, locator) of a citation found.
type Parsed = (String, Option<String>, Vec<String>, String, Option<String>);

fn parsed(text: &str) -> Vec<Parsed> {
    let (index, ids) = index();
    let mut last = None;
    recognize(text, &index, &mut last)
        .into_iter()
        .map(|c| {
            (
                c.work.map_or("?".to_string(), |w| ids[w].clone()),
                c.prefix,
                c.authors,
                c.year,
                c.locator,
            )
        })
        .collect()
}

#[test]
fn chicago_author_date_without_the_comma() {
    assert_eq!(
        cites("(Anweiler 1975, 42–44; Smith 1983)"),
        [
            c("anweiler", Some("42–44"), "Anweiler 1975, 42–44"),
            c("smith", None, "Smith 1983")
        ]
    );
    assert_eq!(
        parsed("(see also Haimson and Brian 1992, 12)"),
        [(
            "haimson".into(),
            Some("see also".into()),
            vec!["Haimson".into(), "Brian".into()],
            "1992".into(),
            Some("12".into())
        )]
    );
    assert_eq!(parsed("(Koenker et al. 1989)")[0].2, ["Koenker", "et al."]);
    assert_eq!(parsed("(See Anweiler 1975)")[0].1.as_deref(), Some("See"));
    assert_eq!(
        cites("(Lenin 1917a, 1917b)"),
        [c("lenina", None, "Lenin 1917a"), c("leninb", None, "1917b")]
    );
    assert_eq!(
        cites("(Anweiler 1975; 1975, 12)")[1],
        c("anweiler", Some("12"), "1975, 12")
    );
    assert_eq!(cites("(de Tocqueville 1835, 2:114)")[0].0, "tocqueville");
}

#[test]
fn harvard_and_apa_locators() {
    assert_eq!(
        cites("(Anweiler, 1975: 42)"),
        [c("anweiler", Some("42"), "Anweiler, 1975: 42")]
    );
    assert_eq!(
        cites("(Anweiler 1975:42)"),
        [c("anweiler", Some("42"), "Anweiler 1975:42")]
    );
    assert_eq!(
        cites("(Anweiler, 1975, Chapter 3)")[0].1.as_deref(),
        Some("Chapter 3")
    );
    assert_eq!(
        cites("(Anweiler 1975, 42 n. 3)")[0].1.as_deref(),
        Some("42 n. 3")
    );
}

#[test]
fn narrative_with_the_pinpoint_inside_and_co_authors() {
    assert_eq!(
        cites("Anweiler (1975, 42) argues"),
        [c("anweiler", Some("42"), "Anweiler (1975, 42)")]
    );
    assert_eq!(
        parsed("as Haimson and Brian (1992) show")[0].2,
        ["Haimson", "Brian"]
    );
    assert_eq!(
        cites("Koenker et al. (1989) count"),
        [c("koenker", None, "Koenker et al. (1989)")]
    );
    assert_eq!(
        cites("Adams (1776, 1787) argued"),
        [
            c("adams76", None, "Adams (1776"),
            c("adams87", None, "1787")
        ]
    );
    assert_eq!(
        cites("Drawing on Rancière, Jodi Dune (1993) explains")[0],
        c("dune", None, "Dune (1993)")
    );
}

#[test]
fn dates_calendars_and_things_are_no_citations_nor_warnings() {
    let (index, _) = index();
    for text in [
        "the strikes of (February 1919) spread",
        "(Spring 1917)",
        "the (Tenth Congress, 1921)",
        "at the (10th Congress 1921)",
        "in 1917 (Old Style)",
        "(1905–1907)",
    ] {
        let mut last = None;
        assert!(
            recognize(text, &index, &mut last)
                .iter()
                .all(|c| c.work.is_none() && !c.warns()),
            "{text}"
        );
    }
    let mut last = None;
    let found = recognize("the October Manifesto (1905) promised", &index, &mut last);
    assert!(found.iter().all(|c| !c.warns()), "{found:?}");
}

#[test]
fn near_misses_warn_and_can_be_silenced() {
    let (index, _) = index();
    let mut last = None;
    for text in [
        "(Petrograd, 1917)",
        "(Anwieler 1975)",
        "(Smith 1984)",
        "Anweiler (1976)",
    ] {
        let found = recognize(text, &index, &mut last);
        assert!(found.len() == 1 && found[0].warns(), "{text}: {found:?}");
    }
    let index = index.ignoring(&["Petrograd".to_string()]);
    assert!(recognize("(Petrograd, 1917)", &index, &mut last).is_empty());
}

/// Text made of the pieces citations are made of, in every order, never panics, and every
/// citation found is a span of the text at character boundaries.
#[test]
fn no_text_makes_the_recogniser_panic() {
    let pieces = [
        "(", ")", "Anweiler", " ", ",", ";", "1975", "a", "p. ", "42", "–", "-", "Le", "Blanc",
        "’s", "'", "et al.", " and ", " & ", "see ", "n.d.", "é", "Ж", "🙂", "\u{301}", ":", "§",
        "xiv", "J. M. ", "Lenin", "1917b", "de ", "February", "10th", "\\", "\n",
    ];
    let (index, _) = index();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut text = String::new();
        let len = (state % 24) as usize + 1;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let mut last = Some(0);
        for c in recognize(&text, &index, &mut last) {
            assert!(c.start <= c.end && c.end <= text.len(), "{text:?}: {c:?}");
            assert!(
                text.is_char_boundary(c.start) && text.is_char_boundary(c.end),
                "{text:?}"
            );
        }
    }
}

/// The hand-read brackets are the regular expression's: the same brackets, in the same order,
/// on texts that probe each of its edges.
#[test]
fn brackets_are_the_patterns_brackets() {
    let oracle = regex::Regex::new(r"\(([^()]{1,1000})\)").expect("valid");
    let long = |n: usize, c: char| format!("({})", c.to_string().repeat(n));
    let texts = [
        String::new(),
        "no bracket".into(),
        "()".into(),
        "(a)".into(),
        "((a))".into(),
        "(a(b)c)".into(),
        "x (a) y (b) z".into(),
        "(unclosed".into(),
        "unopened) (a)".into(),
        "( (a)".into(),
        "(a\nb)".into(),
        "(Lévi-Strauss 1958, 42) and (Ж)".into(),
        "() (x)".into(),
        "(a))(b)".into(),
        long(1000, 'a'),
        long(1001, 'a'),
        long(1000, 'é'),
        long(1001, 'é'),
        format!("{} (tail)", long(1001, 'ж')),
        format!("({}(x)", "a".repeat(2000)),
    ];
    for text in &texts {
        let expected: Vec<_> = oracle
            .captures_iter(text)
            .map(|c| {
                let (w, i) = (c.get(0).expect("match"), c.get(1).expect("group"));
                (w.range(), i.range())
            })
            .collect();
        let found: Vec<_> = patterns::brackets(text).collect();
        assert_eq!(found, expected, "in {text:?}");
    }
}

/// The citation patterns, matched by the NFA alone and the trailing names from each place a
/// name can start, find what the regex crate finds: the same match and the same groups, on
/// texts made of the pieces citations are made of, in random order.
#[test]
fn patterns_match_as_the_regex_crate_does() {
    let pieces = [
        "Anweiler",
        "de Tocqueville",
        "van der Linden",
        "Lévi-Strauss",
        "O’Brien",
        "McCormick",
        "Ферро",
        "see",
        "see also",
        "cf.",
        "quoted in",
        "the",
        "October",
        "et al.",
        "and",
        "&",
        ",",
        ", ",
        ";",
        " ",
        "  ",
        "\n",
        ":",
        "1975",
        "1917a",
        "n.d.",
        "forthcoming",
        "in press",
        "p.",
        "pp.",
        "42",
        "42–44",
        "§557a",
        "ch. 3",
        "Chapter",
        "para.",
        "xii",
        "2:381",
        "n. 4",
        "’s",
        "Disch’s",
        "de",
        "la",
        "ten",
        "Ivan",
        "(",
        ")",
        "é",
        "A",
        "b",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let sources = patterns::sources();
    let oracles: Vec<(&str, regex::Regex)> = sources
        .iter()
        .map(|(name, source)| (*name, regex::Regex::new(source).expect("valid")))
        .collect();
    let p = patterns::patterns();
    let mut matched = 0;
    for _ in 0..4000 {
        let text: String = (0..1 + next(12))
            .map(|_| pieces[next(pieces.len())])
            .collect();
        for (name, oracle) in &oracles {
            let ours = match *name {
                "part" => &p.part,
                "years" => &p.years,
                "year_only" => &p.year_only,
                "pinpoint" => &p.pinpoint,
                "trailing_names" => &p.trailing_names,
                other => panic!("a pattern the test does not know: {other}"),
            };
            let expected = oracle.captures(&text).map(|c| {
                let spans: Vec<_> = oracle
                    .capture_names()
                    .flatten()
                    .map(|g| c.name(g).map(|m| m.range()))
                    .collect();
                (c.get(0).expect("match").range(), spans)
            });
            let found = ours.captures(&text).map(|c| {
                let spans: Vec<_> = oracle
                    .capture_names()
                    .flatten()
                    .map(|g| c.name(g).map(|m| m.start()..m.end()))
                    .collect();
                let whole = c.whole();
                (whole.start()..whole.end(), spans)
            });
            matched += usize::from(expected.is_some());
            assert_eq!(found, expected, "{name} on {text:?}");
        }
    }
    // The texts must reach the patterns' matches, or the comparison says little.
    assert!(matched > 1000, "only {matched} matches");
}

#[test]
fn texts_read_alone_and_resolved_in_order_cite_as_texts_read_in_order() {
    let (index, ids) = index();
    let texts = [
        // A pinpoint with no work before it is no citation.
        "As noted (p. 5), nothing yet.",
        // A work, then its pinpoint within the same text.
        "Anweiler (1975) describes it (p. 42).",
        // A pinpoint whose work is the previous text's.
        "Later (p. 7) he adds more.",
        // Another work, cited after a pinpoint: the pinpoint is still the earlier work's.
        "First (p. 9), then (Smith 1983, 12) and (p. 13).",
        "No citation here at all.",
        "(p. 20)",
    ];
    let shown = |found: Vec<Citation>, text: &str| -> Vec<(String, String)> {
        found
            .into_iter()
            .map(|c| {
                let id = c.work.map_or("?".to_string(), |w| ids[w].clone());
                (id, text[c.start..c.end].to_string())
            })
            .collect()
    };
    let mut last = None;
    let in_order: Vec<_> = texts
        .iter()
        .map(|t| shown(recognize(t, &index, &mut last), t))
        .collect();
    let alone: Vec<Unresolved> = texts.iter().map(|t| recognize_alone(t, &index)).collect();
    let mut last = None;
    let resolved: Vec<_> = alone
        .into_iter()
        .zip(texts)
        .map(|(u, t)| shown(u.resolve(&mut last), t))
        .collect();
    assert_eq!(resolved, in_order);
    let pair = |id: &str, text: &str| (id.to_string(), text.to_string());
    assert_eq!(
        resolved,
        vec![
            vec![],
            vec![
                pair("anweiler", "Anweiler (1975)"),
                pair("anweiler", "p. 42")
            ],
            vec![pair("anweiler", "p. 7")],
            vec![
                pair("anweiler", "p. 9"),
                pair("smith", "Smith 1983, 12"),
                pair("smith", "p. 13"),
            ],
            vec![],
            vec![pair("smith", "p. 20")],
        ]
    );
    assert_eq!(last, ids.iter().position(|id| id == "smith"));
}
