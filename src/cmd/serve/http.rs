//! The HTTP side of `serve`: one request in, one response out, from the site in memory.
//!
//! GET and HEAD only; a folder is its `index.html`, a folder asked for without its slash is
//! redirected to it (relative links need the slash); what the site lacks gets the edition's
//! `404.html`; nothing is listed. Pages get the live-reload script at the end of their body
//! here, so templates and built sites never carry it. The mapping of paths to files is
//! `site.rs`; what a page is told after a build is `live.rs`.

use super::live::{self, Live};
use super::site::{self, Body, Site, NOT_FOUND};
use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// What every request thread shares.
pub struct Shared {
    /// The last good build; `None` until the first one.
    pub site: RwLock<Option<Arc<Site>>>,
    pub live: Live,
    /// Tells this run of the server from the one before, whose generations a page may carry.
    pub server: String,
    /// Answer only requests addressed to this machine by name, so that a web page elsewhere
    /// cannot read the preview through a host name it points at 127.0.0.1.
    pub loopback_only: bool,
}

impl Shared {
    fn current(&self) -> Option<Arc<Site>> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A quiet stream is sent a comment this often, so that a closed page is noticed.
const HEARTBEAT: Duration = Duration::from_secs(15);

pub fn handle(shared: &Shared, request: Request) {
    let head = *request.method() == Method::Head;
    if !head && *request.method() != Method::Get {
        let response = text(
            405,
            "method not allowed: glossator serve answers GET and HEAD\n",
        )
        .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    if shared.loopback_only && !addressed_to_this_machine(&request) {
        let response = text(
            403,
            "forbidden: this preview answers only addresses of this machine \
             (localhost, 127.0.0.1, [::1]); start it with --bind to serve others\n",
        );
        let _ = request.respond(response);
        return;
    }
    let target = request.url().to_string();
    let path = site::path_part(&target);
    if path == live::SCRIPT_PATH {
        let response = Response::from_data(live::SCRIPT.as_bytes())
            .with_header(header("Content-Type", site::content_type("live.js")))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(finish(response));
        return;
    }
    if path == live::EVENTS_PATH {
        events(shared, request, &target, head);
        return;
    }
    let wanted = match site::wanted(&target) {
        Ok(w) => w,
        Err(why) => {
            let _ = request.respond(text(400, &format!("bad request: {}\n", why.0)));
            return;
        }
    };
    let Some(current) = shared.current() else {
        // No good build yet: a page that shows the overlay and reloads at the first one.
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>glossator serve</title></head><body><p>The edition has not built yet.</p>\
             {}</body></html>",
            script_tag(shared, 0, &[&wanted.path])
        );
        let _ = request.respond(html(503, page.into_bytes()));
        return;
    };
    if let Some(body) = current.get(&wanted.path) {
        let bytes = match body {
            Body::Made(bytes) => bytes.clone(),
            Body::Copied(source) => match std::fs::read(source) {
                Ok(bytes) => Arc::new(bytes),
                // Removed since the build; the rebuild it set off is on its way.
                Err(_) => return not_found(shared, &current, request, &wanted.path),
            },
        };
        if wanted.path.ends_with(".html") {
            let page = inject(
                &bytes,
                &script_tag(shared, current.generation, &[&wanted.path]),
            );
            let _ = request.respond(html(200, page));
            return;
        }
        let tag = site::etag(&bytes);
        if if_none_match(&request, &tag) {
            let response = Response::empty(304)
                .with_header(header("ETag", &tag))
                .with_header(header("Cache-Control", "no-cache"));
            let _ = request.respond(response);
            return;
        }
        let response = Response::from_data(bytes.as_slice())
            .with_header(header("Content-Type", site::content_type(&wanted.path)))
            .with_header(header("ETag", &tag))
            // Kept, but asked about each time: an edit shows at once, unchanged files cost 304s.
            .with_header(header("Cache-Control", "no-cache"));
        let _ = request.respond(finish(response));
        return;
    }
    if !wanted.folder
        && current
            .get(&format!("{}/index.html", wanted.path))
            .is_some()
    {
        let query = target.find('?').map_or("", |i| &target[i..]);
        let location = format!("{}/{query}", path);
        let response =
            text(301, &format!("moved to {location}\n")).with_header(header("Location", &location));
        let _ = request.respond(response);
        return;
    }
    not_found(shared, &current, request, &wanted.path)
}

fn not_found(shared: &Shared, current: &Site, request: Request, path: &str) {
    // The page reloads when its address gets a page, or when 404.html changes.
    let tag = script_tag(shared, current.generation, &[NOT_FOUND, path]);
    let page = match current.get(NOT_FOUND) {
        Some(Body::Made(bytes)) => inject(
            &absolute_links(&String::from_utf8_lossy(bytes), current.base_url.as_deref()),
            &tag,
        ),
        _ => format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Page not found</title></head><body><p>There is no page at this address.</p>\
             {tag}</body></html>"
        )
        .into_bytes(),
    };
    let _ = request.respond(html(404, page));
}

/// The event stream of one open page: its first message at once, then one per build.
fn events(shared: &Shared, request: Request, target: &str, head: bool) {
    let mut pages = Vec::new();
    let mut since = 0;
    let mut server = String::new();
    if let Some((_, query)) = target.split_once('?') {
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = site::percent_decode(&value.replace('+', " ")).unwrap_or_default();
            match name {
                // A page names two at most (404.html and its own address); keep it bounded.
                "pages" => {
                    pages = value
                        .split(' ')
                        .take(4)
                        .map(|p| p.chars().take(1024).collect())
                        .collect()
                }
                "since" => since = value.parse().unwrap_or(0),
                "server" => server = value,
                _ => {}
            }
        }
    }
    if server != shared.server {
        // Served by an earlier run: its generations mean nothing here.
        since = 0;
    }
    let event_stream = header("Content-Type", "text/event-stream");
    if head {
        let _ = request.respond(Response::empty(200).with_header(event_stream));
        return;
    }
    let Some(messages) = shared.live.subscribe(pages, since) else {
        let _ = request.respond(text(503, "too many open pages\n"));
        return;
    };
    // tiny_http would buffer a streamed body; the raw connection is written and flushed
    // event by event instead, and closed by either side.
    std::thread::spawn(move || {
        let mut out = request.into_writer();
        let opening = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                       Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
        if out
            .write_all(opening.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
        loop {
            let chunk = match messages.recv_timeout(HEARTBEAT) {
                Ok(m) if m.is_empty() => continue,
                Ok(m) => m,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": still here\n\n".into(),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if out
                .write_all(chunk.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return;
            }
        }
    });
}

fn script_tag(shared: &Shared, generation: u64, pages: &[&str]) -> String {
    format!(
        "<script src=\"{}\" data-pages=\"{}\" data-generation=\"{generation}\" \
         data-server=\"{}\"></script>",
        live::SCRIPT_PATH,
        attribute(&pages.join(" ")),
        attribute(&shared.server)
    )
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page with `tag` before its last `</body>`, or at its end when it has none.
pub fn inject(page: &[u8], tag: &str) -> Vec<u8> {
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// `404.html` is served at any address, where its links, relative to the site's root or
/// absolute to where the edition is published, would miss the preview: they are made to
/// start at the preview's root. Links within the page (`#main`) stay as they are.
pub fn absolute_links(page: &str, base_url: Option<&str>) -> Vec<u8> {
    let mut out = String::with_capacity(page.len() + 64);
    let mut rest = page;
    while let Some(i) = ["href=\"", "src=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| i + a.len()))
        .min()
    {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let value_end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..value_end];
        if let Some(local) = base_url.and_then(|b| value.strip_prefix(b)) {
            out.push('/');
            out.push_str(local);
        } else {
            let external = value.starts_with(['/', '#', '?'])
                || value
                    .split(['/', '?', '#'])
                    .next()
                    .is_some_and(|s| s.contains(':'));
            if !external {
                out.push('/');
            }
            out.push_str(value);
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out.into_bytes()
}

fn addressed_to_this_machine(request: &Request) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        // HTTP/1.0 without a Host: no name to be tricked by.
        return true;
    };
    let host = host.value.as_str().to_ascii_lowercase();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn if_none_match(request: &Request, tag: &str) -> bool {
    request
        .headers()
        .iter()
        .filter(|h| h.field.equiv("If-None-Match"))
        .any(|h| {
            h.value
                .as_str()
                .split(',')
                .any(|t| t.trim() == tag || t.trim() == "*")
        })
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ours or checked ASCII, which Header always takes.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("ascii header"))
}

fn finish<R: std::io::Read>(response: Response<R>) -> Response<R> {
    // A length, not chunks, whatever the size: HEAD shows it, and clients need not reassemble.
    response
        .with_chunked_threshold(usize::MAX)
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    finish(
        Response::from_data(body.as_bytes().to_vec())
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    )
}

fn html(status: u16, page: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    finish(
        Response::from_data(page)
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            // Never kept: the page carries the generation it was served from.
            .with_header(header("Cache-Control", "no-store")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<body><p>a</p></BODY></html>", "<s>");
        assert_eq!(out, b"<body><p>a</p><s></BODY></html>");
        assert_eq!(inject(b"<p>no body", "<s>"), b"<p>no body<s>");
    }

    #[test]
    fn the_404_page_links_from_the_preview_root() {
        let page = r##"<link href="static/a.css"><a href="#main">skip</a><a href="index.html#contents">c</a><a href="https://x.org/">x</a><img src="static/i.png">"##;
        let out = String::from_utf8(absolute_links(page, None)).unwrap();
        assert_eq!(
            out,
            r##"<link href="/static/a.css"><a href="#main">skip</a><a href="/index.html#contents">c</a><a href="https://x.org/">x</a><img src="/static/i.png">"##
        );
        let published =
            r#"<link href="https://ed.org/course/static/a.css"><a href="https://x.org/">x</a>"#;
        let out =
            String::from_utf8(absolute_links(published, Some("https://ed.org/course/"))).unwrap();
        assert_eq!(
            out,
            r#"<link href="/static/a.css"><a href="https://x.org/">x</a>"#
        );
    }
}
