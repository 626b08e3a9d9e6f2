//! Term matching at scale: 5,000 glossary terms over a 1-million-word text, and the same text
//! with 50 terms, to show that the time grows with the text, not with the number of terms.

use glossator::glossary::matcher::{Matcher, TermForms};

fn main() {
    divan::main();
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn vocabulary(rng: &mut Lcg) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "so", "vi", "et", "ra", "bo", "chy", "pe", "tro", "grad", "du", "ma", "kor", "ni", "lov",
        "mensh", "ev", "ik", "zem", "stvo", "ar", "tel", "mir", "vol", "ost",
    ];
    (0..6000)
        .map(|_| {
            (0..2 + rng.next() % 3)
                .map(|_| SYLLABLES[rng.next() % SYLLABLES.len()])
                .collect()
        })
        .collect()
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
