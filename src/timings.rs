//! `build --timings`: how long each stage of a build took, and which pages were slowest to
//! render. Off unless asked for: then each stage and page adds a line to a list, which is all
//! it costs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());
static PAGES: Mutex<Vec<(String, Duration)>> = Mutex::new(Vec::new());

/// Starts recording (and forgets an earlier build's record).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
    if let Ok(mut s) = STAGES.lock() {
        s.clear();
    }
    if let Ok(mut p) = PAGES.lock() {
        p.clear();
    }
}

fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Runs a stage of the build, recording how long it took.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !on() {
        return f();
    }
    let started = Instant::now();
    let result = f();
    if let Ok(mut s) = STAGES.lock() {
        s.push((name, started.elapsed()));
    }
    result
}

/// Runs the rendering of one page, recording how long it took.
pub fn page<T>(path: &str, f: impl FnOnce() -> T) -> T {
    if !on() {
        return f();
    }
    let started = Instant::now();
    let result = f();
    if let Ok(mut p) = PAGES.lock() {
        p.push((path.to_string(), started.elapsed()));
    }
    result
}

/// The stages in the order they ran, and the ten slowest pages.
pub fn report() -> String {
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let mut out = String::from("stage                                    ms\n");
    if let Ok(stages) = STAGES.lock() {
        for (name, d) in stages.iter() {
            out.push_str(&format!("{name:<38} {:>6.1}\n", ms(d)));
        }
    }
    if let Ok(mut pages) = PAGES.lock() {
        if !pages.is_empty() {
            let total: Duration = pages.iter().map(|(_, d)| *d).sum();
            out.push_str(&format!(
                "\n{} pages rendered in {:.1} ms of work (on all cores); the slowest:\n",
                pages.len(),
                ms(&total)
            ));
            pages.sort_by_key(|p| std::cmp::Reverse(p.1));
            for (path, d) in pages.iter().take(10) {
                out.push_str(&format!("  {:>6.1}  {path}\n", ms(d)));
            }
        }
    }
    out
}
