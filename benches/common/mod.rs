//! What the scale benchmarks share: a deterministic random source and a made-up vocabulary,
//! so that every run measures the same text.

/// A small linear congruential generator: the same numbers on every run, no dependency.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// 6,000 words of two to four Russian-sounding syllables.
pub fn vocabulary(rng: &mut Lcg) -> Vec<String> {
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
