//! Benchmarks of a whole build of the repository's edition: in memory (`compile`: load,
//! transform, render) and to disk (`build`: also minify and the atomic write).
//! Run with `cargo bench`; the target for a release build of the edition is well under 100 ms.

use glossator::cmd::{build, compile};
use std::path::PathBuf;

fn main() {
    divan::main();
}

fn edition() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[divan::bench(sample_count = 30)]
fn compile_edition() {
    let compiled = compile(&edition()).unwrap_or_else(|_| panic!("the edition compiles"));
    divan::black_box(compiled.files.len());
}

#[divan::bench(sample_count = 30)]
fn build_edition(bencher: divan::Bencher) {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("public");
    bencher.bench_local(|| {
        build::run(&build::Options {
            root: edition(),
            output: Some(output.clone()),
            force: false,
            pdf: false,
            drafts: false,
            minify: false,
        })
        .unwrap_or_else(|_| panic!("the edition builds"))
    });
}
