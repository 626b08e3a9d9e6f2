//! `glossator check --external`: every web address the edition links to (in its bodies, and
//! its works' `URL`s and `DOI`s) fetched once, politely: a few hosts at a time, one request
//! per host at once, each within a timeout. Results are kept in `links-checked.yaml` beside
//! `edition.yaml`, which the editor may commit; an address found live within the last week is
//! not asked again. Never part of a build.

use crate::diagnostic::Diagnostic;
use crate::markdown::links::WebLink;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cache's file, beside `edition.yaml`.
pub const CACHE_FILE: &str = "links-checked.yaml";

/// How many hosts are asked at once.
const HOSTS_AT_ONCE: usize = 4;

/// How long a live result stands before the address is asked again.
const FRESH: Duration = Duration::from_secs(7 * 24 * 3600);

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Live,
    /// It answers from another address (a permanent or temporary redirect, followed).
    Moved {
        to: String,
    },
    /// 404, 410, or another answer that is no page.
    Dead {
        status: u16,
    },
    /// 401, 403, 429: the server would not answer a program; a reader may still reach it.
    Refused {
        status: u16,
    },
    NoAnswer,
    Failed {
        why: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cached {
    #[serde(flatten)]
    verdict: Verdict,
    /// Seconds since 1970 when it was asked.
    checked: u64,
}

pub struct Options {
    pub timeout: Duration,
}

/// Checks every address once and reports each that is not live at every place it is
/// written. `root` is the edition's folder, where the cache is read and written.
pub fn check(
    root: &Path,
    links: &[WebLink],
    options: &Options,
) -> Result<Vec<Diagnostic>, std::io::Error> {
    let cache_path = root.join(CACHE_FILE);
    let mut cache: BTreeMap<String, Cached> = std::fs::read_to_string(&cache_path)
        .ok()
        .and_then(|t| serde_yaml::from_str(&t).ok())
        .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut places: BTreeMap<&str, Vec<&WebLink>> = BTreeMap::new();
    for link in links {
        let at = places.entry(link.url.as_str()).or_default();
        if !at
            .iter()
            .any(|l| l.file == link.file && l.line == link.line)
        {
            at.push(link);
        }
    }
    let to_ask: Vec<&str> = places
        .keys()
        .copied()
        .filter(|url| {
            !cache.get(*url).is_some_and(|c| {
                c.verdict == Verdict::Live && now.saturating_sub(c.checked) < FRESH.as_secs()
            })
        })
        .collect();
    for (url, verdict) in ask_all(&to_ask, options) {
        cache.insert(
            url,
            Cached {
                verdict,
                checked: now,
            },
        );
    }
    // Only the addresses the edition still links to are kept.
    cache.retain(|url, _| places.contains_key(url.as_str()));
    let text = format!(
        "# Written by `glossator check --external`: what each web address the edition links to\n\
         # answered, and when (seconds since 1970). A live answer is trusted for a week.\n{}",
        serde_yaml::to_string(&cache).unwrap_or_default()
    );
    std::fs::write(&cache_path, text)?;

    let mut problems = Vec::new();
    for (url, at) in &places {
        let Some(cached) = cache.get(*url) else {
            continue;
        };
        let (error, message, help) = match &cached.verdict {
            Verdict::Live => continue,
            Verdict::Moved { to } => (
                false,
                format!("the address {url} now answers from {to}"),
                "write the new address, so that readers are not sent round".to_string(),
            ),
            Verdict::Dead { status } => (
                true,
                format!("the address {url} is dead: the server answers {status}"),
                "find where the page went (the Internet Archive may hold it), or remove the link"
                    .to_string(),
            ),
            Verdict::Refused { status } => (
                false,
                format!("the address {url} refused a program's request ({status})"),
                "open it in a browser to see whether readers can".to_string(),
            ),
            Verdict::NoAnswer => (
                false,
                format!(
                    "the address {url} gave no answer within {} s",
                    options.timeout.as_secs_f32()
                ),
                "try again later, or with a longer --timeout".to_string(),
            ),
            Verdict::Failed { why } => (
                true,
                format!("the address {url} cannot be reached: {why}"),
                "check the address for typos".to_string(),
            ),
        };
        for link in at {
            let d = if error {
                Diagnostic::error(&link.file, link.line, message.clone())
            } else {
                Diagnostic::warning(&link.file, link.line, message.clone())
            };
            problems.push(d.with_help(help.clone()));
        }
    }
    Ok(problems)
}

/// Asks every address, a few hosts at once, one request per host at a time.
fn ask_all(urls: &[&str], options: &Options) -> Vec<(String, Verdict)> {
    let mut by_host: HashMap<String, Vec<&str>> = HashMap::new();
    for url in urls {
        by_host.entry(host(url)).or_default().push(url);
    }
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    let agent: ureq::Agent = ureq::config::Config::builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!(
            "glossator/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .new_agent();
    std::thread::scope(|scope| {
        for _ in 0..HOSTS_AT_ONCE {
            scope.spawn(|| {
                while let Some(group) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    for url in group {
                        let verdict = ask(&agent, url);
                        if let Ok(mut r) = results.lock() {
                            r.push((url.to_string(), verdict));
                        }
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// One address, following up to five redirects; HEAD first, GET where HEAD is refused. Only
/// a permanent redirect (301, 308) says the link should change, and never one from a DOI
/// resolver, whose work is to redirect.
fn ask(agent: &ureq::Agent, url: &str) -> Verdict {
    let mut at = url.to_string();
    let resolver = matches!(
        host(url).as_str(),
        "doi.org" | "dx.doi.org" | "hdl.handle.net"
    );
    let mut moved = false;
    for _ in 0..=5 {
        let answer = match agent.head(&at).call() {
            Ok(r) if matches!(r.status().as_u16(), 405 | 501 | 403) => agent.get(&at).call(),
            other => other,
        };
        let response = match answer {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => return Verdict::NoAnswer,
            Err(e) => return Verdict::Failed { why: e.to_string() },
        };
        let status = response.status().as_u16();
        match status {
            200..=299 if !moved => return Verdict::Live,
            200..=299 => return Verdict::Moved { to: at },
            300..=399 => {
                moved |= matches!(status, 301 | 308) && !resolver;
                let Some(next) = response
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                else {
                    return Verdict::Dead { status };
                };
                at = join(&at, next);
            }
            401 | 403 | 429 => return Verdict::Refused { status },
            _ => return Verdict::Dead { status },
        }
    }
    Verdict::Failed {
        why: "it redirects more than five times".into(),
    }
}

/// A redirect's `Location`, which may be relative to the address it came from.
fn join(from: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = from.split_once("://").unwrap_or(("https", from));
    let host = rest.split('/').next().unwrap_or("");
    if let Some(path) = location.strip_prefix('/') {
        return format!("{scheme}://{host}/{path}");
    }
    let base = from.rsplit_once('/').map_or(from, |(b, _)| b);
    format!("{base}/{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_redirects() {
        assert_eq!(host("https://Doi.org/10.1/x?y#z"), "doi.org");
        assert_eq!(host("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
        assert_eq!(join("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(join("https://a.org/x/y", "z"), "https://a.org/x/z");
        assert_eq!(join("https://a.org/x", "https://b.org/"), "https://b.org/");
    }
}
