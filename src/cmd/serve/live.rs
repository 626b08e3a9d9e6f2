//! Live reload: what each open page is told after a build, over server-sent events.
//!
//! A served page carries the generation of the build it came from and the site paths it
//! shows. When it connects, and after every build, it is told one of three things: `reload`
//! (something it shows changed since its generation), `ok` (nothing did; take any overlay
//! down) or `failed` (the build failed; show its diagnostics). Pages that did not change are
//! left alone, so an editor's other tabs keep their state. This module decides what to say;
//! `http.rs` writes the stream.

use std::collections::{BTreeSet, VecDeque};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::Mutex;

/// The client script, served at `SCRIPT_PATH` and named by every served page.
pub const SCRIPT: &str = include_str!("live.js");
pub const SCRIPT_PATH: &str = "/__glossator/live.js";
pub const EVENTS_PATH: &str = "/__glossator/events";

/// Builds remembered for pages that connect late; older pages simply reload.
const HISTORY: usize = 256;
/// Open pages at most; past this a new one is refused rather than memory grown without end.
pub const MAX_SUBSCRIBERS: usize = 256;
/// Messages queued for one page; a page that reads none of them is dropped.
const QUEUE: usize = 8;

/// What one good build changed.
struct Change {
    generation: u64,
    /// Every page, as for the first good build, which may follow a page shown without a site.
    all: bool,
    paths: BTreeSet<String>,
}

impl Change {
    /// Whether a page showing `pages` must reload. A stylesheet, script, font or image may
    /// be shown by any page, so a change to anything but a page reloads every page.
    fn touches(&self, pages: &[String]) -> bool {
        self.all
            || self
                .paths
                .iter()
                .any(|p| pages.contains(p) || (!p.ends_with(".html") && !is_index(p)))
    }
}

/// A file of the search index: it changes with almost every edit, and an open page reads it
/// at its next query, so its change alone reloads no page.
fn is_index(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".js")
}

struct Subscriber {
    pages: Vec<String>,
    since: u64,
    tx: SyncSender<String>,
}

#[derive(Default)]
struct State {
    generation: u64,
    /// The diagnostics of the last build, as a JSON array, when it failed.
    failure: Option<String>,
    history: VecDeque<Change>,
    subscribers: Vec<Subscriber>,
}

impl State {
    fn changed_since(&self, pages: &[String], since: u64) -> bool {
        if since >= self.generation {
            return false;
        }
        let covered = self
            .history
            .front()
            .is_some_and(|c| c.generation <= since + 1);
        !covered
            || self
                .history
                .iter()
                .filter(|c| c.generation > since)
                .any(|c| c.touches(pages))
    }

    /// The message for a page, and the generation it is then up to date with.
    fn message_for(&self, pages: &[String], since: u64) -> (String, u64) {
        if let Some(failure) = &self.failure {
            (event("failed", failure), since)
        } else if self.changed_since(pages, since) {
            (event("reload", "{}"), since)
        } else {
            (event("ok", "{}"), self.generation)
        }
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
}

impl Live {
    /// Registers a page showing `pages`, served from generation `since`; its first message,
    /// the state it must show now, is already queued. `None` when too many pages are open.
    pub fn subscribe(&self, pages: Vec<String>, since: u64) -> Option<Receiver<String>> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.subscribers.len() >= MAX_SUBSCRIBERS {
            // Closed pages are otherwise found out at the next build; an empty message,
            // which the stream skips, finds them out now.
            state.subscribers.retain(|s| {
                !matches!(
                    s.tx.try_send(String::new()),
                    Err(TrySendError::Disconnected(_))
                )
            });
        }
        if state.subscribers.len() >= MAX_SUBSCRIBERS {
            return None;
        }
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let (message, since) = state.message_for(&pages, since);
        let _ = tx.try_send(message);
        state.subscribers.push(Subscriber { pages, since, tx });
        Some(rx)
    }

    /// A good build, which changed `paths` (every page, when `all`), is now served.
    pub fn built(&self, generation: u64, all: bool, paths: BTreeSet<String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation = generation;
        state.failure = None;
        state.history.push_back(Change {
            generation,
            all,
            paths,
        });
        while state.history.len() > HISTORY {
            state.history.pop_front();
        }
        let mut subscribers = std::mem::take(&mut state.subscribers);
        subscribers.retain_mut(|s| {
            let (message, since) = state.message_for(&s.pages, s.since);
            s.since = since;
            s.tx.try_send(message).is_ok()
        });
        state.subscribers = subscribers;
    }

    /// The last build failed with `diagnostics` (a JSON array); the last good site stays.
    pub fn failed(&self, diagnostics: String) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let message = event("failed", &diagnostics);
        state.failure = Some(diagnostics);
        state
            .subscribers
            .retain(|s| s.tx.try_send(message.clone()).is_ok());
    }
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // `<` too, so that no text can close a script element if this is ever inlined.
            c if c.is_control() || c == '<' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    fn set(p: &[&str]) -> BTreeSet<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    fn next(rx: &Receiver<String>) -> String {
        loop {
            let m = rx.try_recv().expect("a message");
            if !m.is_empty() {
                return m.lines().next().unwrap().to_string();
            }
        }
    }

    #[test]
    fn only_pages_that_changed_reload() {
        let live = Live::default();
        live.built(1, true, set(&[]));
        let a = live.subscribe(pages(&["a/index.html"]), 1).unwrap();
        let b = live.subscribe(pages(&["b/index.html"]), 1).unwrap();
        assert_eq!(next(&a), "event: ok");
        assert_eq!(next(&b), "event: ok");
        live.built(2, false, set(&["a/index.html"]));
        assert_eq!(next(&a), "event: reload");
        assert_eq!(next(&b), "event: ok");
        live.built(3, false, set(&["static/site.css"]));
        assert_eq!(next(&b), "event: reload", "a stylesheet reloads every page");
    }

    #[test]
    fn a_failure_reaches_every_page_and_a_good_build_clears_it() {
        let live = Live::default();
        live.built(1, true, set(&[]));
        live.failed("[]".into());
        let late = live.subscribe(pages(&["a/index.html"]), 1).unwrap();
        assert_eq!(
            next(&late),
            "event: failed",
            "a page opened during a failure"
        );
        live.built(2, false, set(&[]));
        assert_eq!(next(&late), "event: ok");
    }

    #[test]
    fn a_page_served_before_changes_it_missed_reloads_on_connect() {
        let live = Live::default();
        live.built(1, true, set(&[]));
        live.built(2, false, set(&["a/index.html"]));
        live.built(3, false, set(&["b/index.html"]));
        let a = live.subscribe(pages(&["a/index.html"]), 1).unwrap();
        assert_eq!(next(&a), "event: reload");
        let b = live.subscribe(pages(&["c/index.html"]), 1).unwrap();
        assert_eq!(next(&b), "event: ok");
        let unknown = live.subscribe(pages(&["c/index.html"]), 0).unwrap();
        assert_eq!(next(&unknown), "event: reload", "served without a site");
        for g in 4..(4 + HISTORY as u64) {
            live.built(g, false, set(&[]));
        }
        let old = live.subscribe(pages(&["c/index.html"]), 2).unwrap();
        assert_eq!(
            next(&old),
            "event: reload",
            "older than the history: reload to be safe"
        );
    }

    #[test]
    fn json_strings_escape() {
        assert_eq!(json_string("a\"b\\c\nd</"), "\"a\\\"b\\\\c\\nd\\u003c/\"");
        assert_eq!(json_string("\u{1b}"), "\"\\u001b\"");
    }
}
