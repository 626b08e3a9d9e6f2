//! Term matching at scale: 5,000 glossary terms over a 1-million-word text, and the same text
//! with 50 terms, to show that the time grows with the text, not with the number of terms.

use glossator::glossary::matcher::{Matcher, TermForms};

mod common;

use common::{vocabulary, Lcg};

fn main() {
    divan::main();
}

/// 5,000 blocks of 200 words.
fn text(words: &[String], rng: &mut Lcg) -> Vec<String> {
    (0..5000)
        .map(|_| {
            (0..200)
                .map(|_| words[rng.next() % words.len()].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn terms(words: &[String], n: usize, rng: &mut Lcg) -> Vec<TermForms> {
    (0..n)
        .map(|_| {
            let len = 1 + rng.next() % 3;
            let term: Vec<&str> = (0..len)
                .map(|_| words[rng.next() % words.len()].as_str())
                .collect();
            TermForms {
                forms: vec![term.join(" "), format!("{}s", term.join(" "))],
                except: vec![format!("post-{}", term[0])],
            }
        })
        .collect()
}

#[divan::bench(args = [50, 5000], sample_count = 10)]
fn terms_over_a_million_words(bencher: divan::Bencher, n: usize) {
    let mut rng = Lcg(1917);
    let words = vocabulary(&mut rng);
    let blocks = text(&words, &mut rng);
    let matcher = Matcher::new(&terms(&words, n, &mut rng));
    bencher.bench_local(|| {
        blocks
            .iter()
            .map(|b| matcher.find(b, &[]).len())
            .sum::<usize>()
    });
}
