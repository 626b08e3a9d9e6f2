//! `glossator serve` over HTTP: the binary started on a free loopback port, asked by a real
//! client (ureq) and, for the request targets a client will not send as written, by raw
//! requests on a socket. Content types, folders, 404, methods, every traversal form, the
//! event stream that reloads pages and carries a failed build's diagnostics, Ctrl-C, and
//! that nothing is written.

mod common;

use common::{copy_fixture, tree};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a debug build of the edition on a busy machine; tests never wait it out
/// when the preview works.
const PATIENCE: Duration = Duration::from_secs(30);

struct Preview {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Preview {
    fn start(root: &Path, extra: &[&str]) -> Preview {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("glossator"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start glossator serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no address printed; stderr: {}", stderr.lock().unwrap()));
        let addr = line
            .strip_prefix("serving at http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        assert!(
            addr.starts_with("127.0.0.1:"),
            "loopback by default: {addr}"
        );
        Preview {
            child,
            addr,
            stderr,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_for_stderr(&self, needle: &str) {
        let started = Instant::now();
        while !self.stderr().contains(needle) {
            assert!(
                started.elapsed() < PATIENCE,
                "never printed {needle:?}: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `target` exactly as written, which no client library does for `..` or `\`.
    fn raw(&self, method: &str, target: &str, headers: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n{headers}\r\n",
            self.addr
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {response:?}"));
        let body = response
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, b)| b.to_string());
        (status, body)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(PATIENCE))
        .build()
        .into()
}

struct Got {
    status: u16,
    content_type: String,
    headers: ureq::http::HeaderMap,
    body: String,
}

fn get(url: &str) -> Got {
    let mut response = agent().get(url).call().unwrap();
    let headers = response.headers().clone();
    Got {
        status: response.status().as_u16(),
        content_type: header(&headers, "content-type"),
        body: response.body_mut().read_to_string().unwrap_or_default(),
        headers,
    }
}

fn header(headers: &ureq::http::HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn pages_folders_and_files_have_their_content_types() {
    let (_tmp, root) = copy_fixture("small");
    let preview = Preview::start(&root, &[]);
    for (path, wanted) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/essay/first/", "text/html; charset=utf-8"),
        (
            "/essay/first/index.html?from=contents",
            "text/html; charset=utf-8",
        ),
        ("/static/glossator.css", "text/css; charset=utf-8"),
        ("/static/glossator.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__glossator/live.js", "text/javascript; charset=utf-8"),
    ] {
        let got = get(&preview.url(path));
        assert_eq!(got.status, 200, "{path}");
        assert_eq!(got.content_type, wanted, "{path}");
        assert_eq!(
            header(&got.headers, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
    }
    let font =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/fonts"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with(".woff2") || n.ends_with(".woff"))
            .expect("the theme has a web font");
    let got = get(&preview.url(&format!("/static/fonts/{font}")));
    assert_eq!(got.status, 200);
    assert!(
        got.content_type.starts_with("font/woff"),
        "{}",
        got.content_type
    );

    // The copied file is the edition's own, byte for byte.
    let robots = get(&preview.url("/robots.txt"));
    assert_eq!(
        robots.body,
        common::read(&root.join("content/static/robots.txt"))
    );

    // Only pages carry the live script, before their end, and the built site never does.
    let page = get(&preview.url("/essay/first/"));
    assert!(page.body.contains("The Petrograd Soviet met"));
    let script = page
        .body
        .find("/__glossator/live.js")
        .expect("the live script");
    assert!(script < page.body.rfind("</body>").unwrap());
    assert_eq!(header(&page.headers, "cache-control"), "no-store");
    assert!(!get(&preview.url("/static/glossator.css"))
        .body
        .contains("__glossator"));
}

#[test]
fn a_folder_without_its_slash_is_redirected_and_unchanged_files_are_not_sent_again() {
    let (_tmp, root) = copy_fixture("small");
    let preview = Preview::start(&root, &[]);
    let got = get(&preview.url("/essay/first?x=1"));
    assert_eq!(got.status, 301);
    assert_eq!(header(&got.headers, "location"), "/essay/first/?x=1");

    let css = get(&preview.url("/static/glossator.css"));
    let tag = header(&css.headers, "etag");
    assert!(!tag.is_empty());
    let again = agent()
        .get(preview.url("/static/glossator.css"))
        .header("If-None-Match", &tag)
        .call()
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);
    let other = agent()
        .get(preview.url("/static/glossator.css"))
        .header("If-None-Match", "\"something-else\"")
        .call()
        .unwrap();
    assert_eq!(other.status().as_u16(), 200);
}

#[test]
fn what_is_missing_gets_the_editions_404_page_and_no_folder_is_listed() {
    let (_tmp, root) = copy_fixture("small");
    let preview = Preview::start(&root, &[]);
    for path in [
        "/nothing-here",
        "/essay/nothing/",
        "/deep/er/still.html",
        "/static/",
        "/static/fonts/",
        "/essay/",
    ] {
        let got = get(&preview.url(path));
        assert_eq!(got.status, 404, "{path}");
        assert_eq!(got.content_type, "text/html; charset=utf-8", "{path}");
        assert!(
            got.body.contains("Page not found"),
            "{path}: the edition's 404 page"
        );
        // Its links reach the preview from any depth.
        assert!(
            got.body.contains("href=\"/static/glossator.css\""),
            "{path}"
        );
        assert!(got.body.contains("/__glossator/live.js"), "{path}");
        assert!(
            !got.body.contains("glossator.js</a>") && !got.body.contains("Index of"),
            "{path}"
        );
    }
}

#[test]
fn only_get_and_head_are_answered() {
    let (_tmp, root) = copy_fixture("small");
    let preview = Preview::start(&root, &[]);
    let full = get(&preview.url("/static/glossator.css"));
    let head = agent()
        .head(preview.url("/static/glossator.css"))
        .call()
        .unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(
        header(head.headers(), "content-type"),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        header(head.headers(), "content-length"),
        full.body.len().to_string()
    );
    let (status, body) = preview.raw("HEAD", "/static/glossator.css", "");
    assert_eq!((status, body.as_str()), (200, ""), "HEAD sends no body");

    let a = agent();
    let url = preview.url("/index.html");
    let answers = [
        a.post(&url).send("x").unwrap(),
        a.put(&url).send("x").unwrap(),
        a.patch(&url).send("x").unwrap(),
        a.delete(&url).call().unwrap(),
        a.options(&url).call().unwrap(),
    ];
    for response in answers {
        assert_eq!(response.status().as_u16(), 405);
        assert_eq!(header(response.headers(), "allow"), "GET, HEAD");
    }
    for method in ["TRACE", "CONNECT", "PROPFIND", "BREW"] {
        assert_eq!(preview.raw(method, "/index.html", "").0, 405, "{method}");
    }
    assert!(root.join("content").is_dir() && !root.join("index.html").exists());
}

#[test]
fn nothing_outside_the_built_site_is_served_whatever_the_path() {
    let (tmp, root) = copy_fixture("small");
    let secret = "the-secret-beside-the-edition";
    fs::write(tmp.path().join("secret.txt"), secret).unwrap();
    fs::create_dir_all(tmp.path().join("private")).unwrap();
    fs::write(tmp.path().join("private/secret.txt"), secret).unwrap();
    // Links in the edition's folders that lead out of it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("private"), root.join("leak")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("private"), root.join("content/leak")).unwrap();
    }
    let preview = Preview::start(&root, &[]);
    let forms = [
        "/../secret.txt",
        "/../../secret.txt",
        "/static/../../secret.txt",
        "/essay/first/../../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/static%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/static\\..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "//secret.txt",
        "/./../secret.txt",
        "/%00/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "http://127.0.0.1/../secret.txt",
        "../secret.txt",
        "*",
    ];
    // Well-formed paths that name something the built site does not hold.
    let outside = [
        "/%2e%2e%252fsecret.txt",
        "/leak/secret.txt",
        "/content/leak/secret.txt",
        "/leak/",
        "/private/secret.txt",
        "/edition.yaml",
        "/content/essay/01-first.md",
        "/content/static/robots.txt",
    ];
    for (targets, wanted) in [(&forms[..], 400), (&outside[..], 404)] {
        for target in targets {
            let (status, body) = preview.raw("GET", target, "");
            assert_eq!(status, wanted, "{target}");
            assert!(!body.contains(secret), "{target} served the secret");
            assert!(!body.contains("title:"), "{target} served an edition file");
        }
    }
    // Through the client as well, for the forms it sends as they are.
    for target in [
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/leak/secret.txt",
    ] {
        let got = get(&preview.url(target));
        assert_eq!(
            got.status,
            if target.starts_with("/leak") {
                404
            } else {
                400
            },
            "{target}"
        );
        assert!(!got.body.contains(secret), "{target}");
    }
    // Still up, and still serving the site.
    assert_eq!(get(&preview.url("/")).status, 200);
}

#[test]
fn only_requests_addressed_to_this_machine_are_answered() {
    let (_tmp, root) = copy_fixture("small");
    let preview = Preview::start(&root, &[]);
    let port = preview.addr.split(':').nth(1).unwrap().to_string();
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".into(),
    ] {
        let mut stream = TcpStream::connect(&preview.addr).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "{host}: {response:.40}"
        );
    }
    // A page elsewhere that points its own name at 127.0.0.1 must not read the preview.
    let mut stream = TcpStream::connect(&preview.addr).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: rebinding.example:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 403"), "{response:.40}");
}

/// The events of one page's stream, one `event:` name at a time.
struct Events {
    lines: mpsc::Receiver<String>,
}

impl Events {
    fn open(preview: &Preview, page: &str) -> Events {
        let served = get(&preview.url(&format!("/{}", page.trim_end_matches("index.html"))));
        let attribute = |name: &str| {
            let start = served.body.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
            served.body[start..][..served.body[start..].find('"').unwrap()].to_string()
        };
        let query = format!(
            "pages={}&since={}&server={}",
            attribute("data-pages"),
            attribute("data-generation"),
            attribute("data-server")
        );
        let mut stream = TcpStream::connect(&preview.addr).unwrap();
        write!(
            stream,
            "GET /__glossator/events?{query} HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            preview.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(format!("{event} {data}")).is_err() {
                        break;
                    }
                }
            }
        });
        Events { lines: rx }
    }

    fn next(&self) -> String {
        self.lines
            .recv_timeout(PATIENCE)
            .expect("an event within the patience")
    }

    /// The next event named `name`, passing over others; a page never reloads unasked.
    fn until(&self, name: &str) -> String {
        loop {
            let event = self.next();
            if event.starts_with(name) {
                return event;
            }
            assert!(!event.starts_with("reload"), "an unexpected {event}");
        }
    }
}

#[test]
fn a_change_reloads_the_pages_it_touches_and_a_failed_build_is_shown_until_mended() {
    let (_tmp, root) = copy_fixture("annotated");
    let preview = Preview::start(&root, &[]);
    let one = Events::open(&preview, "essay/one/index.html");
    let two = Events::open(&preview, "essay/two/index.html");
    assert_eq!(one.next(), "ok {}");
    assert_eq!(two.next(), "ok {}");

    let gloss = root.join("content/glosses/sword.md");
    let text = common::read(&gloss);
    fs::write(
        &gloss,
        text.replace("The image comes from", "The image is taken from"),
    )
    .unwrap();
    assert_eq!(
        one.next(),
        "reload {}",
        "the section with the gloss reloads"
    );
    assert_eq!(two.next(), "ok {}", "a section without it is left alone");
    let page = get(&preview.url("/essay/one/"));
    assert!(page.body.contains("The image is taken from"));

    // Break the gloss's quote: the build fails, the last good site stays, every page is told.
    fs::write(
        &gloss,
        text.replace("sword and trowel are one", "sword and ploughshare are one"),
    )
    .unwrap();
    let failed = two.next();
    assert!(failed.starts_with("failed "), "{failed}");
    assert!(failed.contains("content/glosses/sword.md"), "{failed}");
    assert!(failed.contains("\"line\":"), "{failed}");
    preview.wait_for_stderr("build failed");
    // The terminal shows it too; its lines arrive on another pipe, so wait for them.
    preview.wait_for_stderr("content/glosses/sword.md");
    let page = get(&preview.url("/essay/one/"));
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The image is taken from"),
        "the last good build is served"
    );
    // A page opened now shows the failure at once.
    let late = Events::open(&preview, "index.html");
    assert!(late.next().starts_with("failed "));

    fs::write(&gloss, &text).unwrap();
    assert_eq!(one.until("reload"), "reload {}");
    assert_eq!(
        two.next(),
        "ok {}",
        "the overlay goes; nothing else changed there"
    );
    assert_eq!(late.next(), "ok {}");
    assert!(get(&preview.url("/essay/one/"))
        .body
        .contains("The image comes from"));
}

#[test]
fn an_edition_that_does_not_build_yet_is_served_once_it_does() {
    let (_tmp, root) = copy_fixture("annotated");
    let gloss = root.join("content/glosses/sword.md");
    let text = common::read(&gloss);
    fs::write(
        &gloss,
        text.replace("sword and trowel are one", "nowhere in the essay"),
    )
    .unwrap();
    let preview = Preview::start(&root, &[]);
    // The address comes on stdout and the diagnostic on stderr: neither waits for the other.
    preview.wait_for_stderr("content/glosses/sword.md");
    let got = get(&preview.url("/essay/one/"));
    assert_eq!(got.status, 503);
    assert!(
        got.body.contains("/__glossator/live.js"),
        "the page shows the overlay"
    );
    let events = Events::open(&preview, "essay/one/index.html");
    assert!(events.next().starts_with("failed "));
    fs::write(&gloss, &text).unwrap();
    assert_eq!(events.next(), "reload {}");
    assert_eq!(get(&preview.url("/essay/one/")).status, 200);
}

#[test]
fn ctrl_c_stops_it_and_nothing_was_written() {
    let (tmp, root) = copy_fixture("small");
    let before = tree(tmp.path());
    let mut preview = Preview::start(&root, &[]);
    for path in ["/", "/essay/first/", "/nothing", "/sitemap.xml"] {
        get(&preview.url(path));
    }
    let status = Command::new("kill")
        .args(["-INT", &preview.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = preview.child.try_wait().unwrap() {
            break exit;
        }
        assert!(started.elapsed() < PATIENCE, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    preview.wait_for_stderr("stopped");
    assert_eq!(
        tree(tmp.path()),
        before,
        "nothing written, no output folder"
    );
}

#[test]
fn with_output_each_good_build_is_also_written_without_the_live_script() {
    let (tmp, root) = copy_fixture("small");
    let out = tmp.path().join("site");
    let preview = Preview::start(&root, &["--output", out.to_str().unwrap()]);
    preview.wait_for_stderr("written into");
    let index = common::read(&out.join("index.html"));
    assert!(!index.contains("__glossator"));
    assert!(out.join("robots.txt").is_file());
    let essay = root.join("content/essay/01-first.md");
    fs::write(
        &essay,
        common::read(&essay).replace("Tauride Palace", "Smolny Institute"),
    )
    .unwrap();
    let started = Instant::now();
    while !common::read(&out.join("essay/first/index.html")).contains("Smolny Institute") {
        assert!(started.elapsed() < PATIENCE, "the output was not rebuilt");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn it_refuses_what_it_cannot_do_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("glossator"))
            .arg("serve")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let not_an_edition = run(&["--port", "0", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(not_an_edition.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_an_edition.stderr).contains("not an edition"));

    let (_tmp, root) = copy_fixture("small");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let taken = run(&["--port", &port, "--root", root.to_str().unwrap()]);
    assert_eq!(taken.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&taken.stderr);
    assert!(
        stderr.contains("cannot listen on 127.0.0.1:") && stderr.contains("--port 0"),
        "{stderr}"
    );

    let into_content = run(&[
        "--port",
        "0",
        "--root",
        root.to_str().unwrap(),
        "--output",
        root.join("content/site").to_str().unwrap(),
    ]);
    assert_eq!(into_content.status.code(), Some(2));
    assert!(!root.join("content/site").exists());
}
