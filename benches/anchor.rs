//! Anchoring at scale: 10,000 quote selectors over a 1-million-word essay, resolved in one
//! pass (the target: well under a second). The text is synthetic but deterministic.

use glossator::anchor::{resolve, BlockText, Selector};

mod common;

use common::{vocabulary, Lcg};

fn main() {
    divan::main();
}

/// `words` words of the shared vocabulary in blocks of `per_block`, with some commas.
fn corpus(words: usize, per_block: usize) -> Vec<String> {
    let mut rng = Lcg(1917);
    let vocabulary = vocabulary(&mut rng);
    let mut blocks = Vec::new();
    let mut block = String::new();
    for i in 0..words {
        if i > 0 && i % per_block == 0 {
            blocks.push(std::mem::take(&mut block));
        }
        if !block.is_empty() {
            block.push(' ');
        }
        block.push_str(&vocabulary[rng.next() % vocabulary.len()]);
        if rng.next().is_multiple_of(12) {
            block.push(',');
        }
    }
    blocks.push(block);
    blocks
}

fn selectors(blocks: &[String], n: usize) -> Vec<Selector> {
    let mut rng = Lcg(1905);
    (0..n)
        .map(|_| {
            let block = &blocks[rng.next() % blocks.len()];
            let words: Vec<&str> = block.split(' ').collect();
            let at = rng.next() % (words.len() - 8);
            Selector {
                quote: words[at..at + 6].join(" "),
                ..Selector::default()
            }
        })
        .collect()
}

#[divan::bench(sample_count = 10)]
fn ten_thousand_glosses_over_a_million_words(bencher: divan::Bencher) {
    let blocks = corpus(1_000_000, 200);
    let layer: Vec<BlockText<'_>> = blocks
        .iter()
        .enumerate()
        .map(|(i, text)| BlockText {
            section: i / 500,
            text,
        })
        .collect();
    let selectors = selectors(&blocks, 10_000);
    bencher.bench_local(|| {
        let results = resolve(&layer, &selectors);
        assert!(results.iter().filter(|r| r.is_ok()).count() > 9_000);
        results
    });
}
