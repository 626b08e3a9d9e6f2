//! `glossator check --external` against a server on loopback: live, dead, permanently and
//! temporarily redirecting, HEAD-refusing and hanging addresses, each reported as it should be
//! at the place it is written, within its timeout; results kept in links-checked.yaml.

mod common;

use common::{copy_fixture, describe};
use glossator::cmd::{check, external};
use glossator::Failure;
use std::collections::HashMap;
use std::fs;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A server that answers each path as its name says, counting the requests.
fn serve() -> (String, Arc<Mutex<HashMap<String, usize>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let address = format!("http://{}", server.server_addr().to_ip().unwrap());
    let asked: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counts = asked.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let counts = counts.clone();
            std::thread::spawn(move || {
                let path = request.url().to_string();
                *counts.lock().unwrap().entry(path.clone()).or_default() += 1;
                let head = *request.method() == tiny_http::Method::Head;
                let location = |to: &str| {
                    tiny_http::Header::from_bytes(&b"Location"[..], to.as_bytes()).unwrap()
                };
                let response = match path.as_str() {
                    "/live" => tiny_http::Response::from_string("live"),
                    "/moved" => tiny_http::Response::from_string("")
                        .with_status_code(301)
                        .with_header(location("/live")),
                    "/temporary" => tiny_http::Response::from_string("")
                        .with_status_code(302)
                        .with_header(location("/live")),
                    "/no-head" if head => {
                        tiny_http::Response::from_string("").with_status_code(405)
                    }
                    "/no-head" => tiny_http::Response::from_string("live"),
                    "/hang" => {
                        std::thread::sleep(Duration::from_secs(5));
                        tiny_http::Response::from_string("too late")
                    }
                    _ => tiny_http::Response::from_string("none").with_status_code(404),
                };
                let _ = request.respond(response);
            });
        }
    });
    (address, asked)
}

#[test]
fn each_kind_of_address_is_reported_where_it_is_written_within_its_timeout() {
    let (at, asked) = serve();
    let (_tmp, root) = copy_fixture("small");
    fs::write(
        root.join("content/pages/about.md"),
        format!(
            "---\ntitle: About\n---\nLinks: [live]({at}/live), [dead]({at}/dead),\n\
             [moved]({at}/moved) and [temporary]({at}/temporary),\n\
             [no HEAD]({at}/no-head), [hanging]({at}/hang), [dead again]({at}/dead).\n"
        ),
    )
    .unwrap();
    fs::write(
        root.join("content/bibliography.yaml"),
        format!(
            "- id: gone2020\n  type: webpage\n  title: Gone\n  author: [{{family: Gone}}]\n  URL: {at}/gone\n"
        ),
    )
    .unwrap();
    let options = external::Options {
        timeout: Duration::from_secs(1),
    };
    let started = Instant::now();
    let found = match check::run_with(&root, false, Some(&options)) {
        Err(Failure::Edition(d)) => d.into_vec(),
        Ok(d) => panic!("dead links must fail the check: {:?}", d.into_vec()),
        Err(f) => panic!("{}", describe(f)),
    };
    let took = started.elapsed();
    let found: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    let has = |prefix: &str| found.iter().any(|p| p.starts_with(prefix));
    assert!(
        has(&format!("content/pages/about.md:4: error: the address {at}/dead is dead: the server answers 404")),
        "{found:#?}"
    );
    assert!(
        has(&format!(
            "content/pages/about.md:5: warning: the address {at}/moved now answers from {at}/live"
        )),
        "{found:#?}"
    );
    assert!(
        has(&format!(
            "content/pages/about.md:6: warning: the address {at}/hang gave no answer within 1 s"
        )),
        "{found:#?}"
    );
    assert!(
        has(&format!(
            "content/bibliography.yaml:1: error: the address {at}/gone is dead"
        )),
        "{found:#?}"
    );
    for fine in ["/live", "/temporary", "/no-head"] {
        assert!(
            !found
                .iter()
                .any(|p| p.contains(&format!("the address {at}{fine} "))),
            "{fine} is fine: {found:#?}"
        );
    }
    assert!(
        took < Duration::from_secs(4),
        "one hanging address costs its timeout: {took:?}"
    );
    assert_eq!(
        asked.lock().unwrap()["/dead"],
        1,
        "an address is asked once, however often it is linked"
    );
    assert!(
        has(&format!(
            "content/pages/about.md:6: error: the address {at}/dead is dead"
        )),
        "each place is reported: {found:#?}"
    );

    let cache = fs::read_to_string(root.join(external::CACHE_FILE)).unwrap();
    assert!(cache.contains(&format!("{at}/live")), "{cache}");
    // A second check trusts the fresh live answer and asks the others again.
    let _ = check::run_with(&root, false, Some(&options));
    let counts = asked.lock().unwrap().clone();
    assert_eq!(counts["/temporary"], 1, "{counts:?}");
    assert_eq!(counts["/dead"], 2, "{counts:?}");
}

#[test]
fn a_build_never_fetches_anything() {
    let (at, asked) = serve();
    let (_tmp, root) = copy_fixture("small");
    fs::write(
        root.join("content/pages/about.md"),
        format!("---\ntitle: About\n---\nA [dead link]({at}/dead).\n"),
    )
    .unwrap();
    glossator::cmd::compile(&root).unwrap_or_else(|f| panic!("{}", describe(f)));
    check::run(&root, true).unwrap_or_else(|f| panic!("{}", describe(f)));
    assert!(asked.lock().unwrap().is_empty());
    assert!(!root.join(external::CACHE_FILE).exists());
}
