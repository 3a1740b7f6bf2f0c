//! Safe defaults, each pinned by a test that fails without it: the API key stays out of
//! every `Debug`, error and log line; it is never sent over plain http to a non-loopback
//! host unless asked; it does not follow a redirect to another origin; response bodies are
//! capped; no crate allows `unsafe`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod logs;

use logs::logs_of;
use serde_json::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use telnyx_portout::{Client, Error};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "KEY01SECRETdoNotLog";
const ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

fn client(base_url: &str, max_retries: u32) -> Client {
    Client::builder()
        .api_key(SECRET)
        .base_url(base_url)
        .max_retries(max_retries)
        .retry_sleeper(|_| async {})
        .build()
        .unwrap()
}

fn authorization(req: &wiremock::Request) -> Option<String> {
    req.headers
        .get("authorization")
        .map(|v| v.to_str().unwrap().to_string())
}

// ---------------------------------------------------------------------------------------
// The API key is redacted everywhere
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_api_key_is_in_no_debug_error_or_log_line_of_a_failing_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_json(
                json!({ "errors": [{ "code": "10007", "title": "Unexpected error", "detail": "boom" }] }),
            ),
        )
        .mount(&server)
        .await;
    let c = client(&server.uri(), 2);
    let mut rendered = vec![
        format!("{c:?}"),
        format!("{:?}", Client::builder().api_key(SECRET)),
        format!("{:?}", c.portouts().retrieve(ID)),
    ];
    let logs = logs_of(async {
        let e = c.portouts().retrieve(ID).await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
        rendered.extend([format!("{e}"), format!("{e:?}"), format!("{e:#?}")]);
    })
    .await;
    // The key went out, on every attempt...
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3, "1 attempt + 2 retries");
    for r in &received {
        assert_eq!(authorization(r).as_deref(), Some(format!("Bearer {SECRET}").as_str()));
    }
    // ...but is in no rendering and no log line.
    for text in &rendered {
        assert!(!text.contains(SECRET), "key in {text}");
    }
    assert!(!logs.contains(SECRET), "key in the logs:\n{logs}");
    // The spans and the events are there, with their fields: one event per attempt, one
    // per retry, one for the final failure.
    assert!(logs.contains("telnyx_portout.request"), "{logs}");
    let attempts = event_lines(&logs, "attempt finished");
    assert_eq!(attempts.len(), 3, "{logs}");
    for (n, line) in attempts.iter().enumerate() {
        for field in [
            "method=\"GET\"".to_string(),
            "path=\"/portouts/{id}\"".to_string(),
            format!("attempt={}", n + 1),
            "max_attempts=3".to_string(),
            "status=500".to_string(),
            "elapsed_ms=".to_string(),
        ] {
            assert!(line.contains(&field), "{field} missing in {line}");
        }
        assert!(line.contains("DEBUG"), "{line}");
    }
    assert_eq!(event_lines(&logs, "retrying").len(), 2, "{logs}");
    let failed = event_lines(&logs, "request failed");
    assert_eq!(failed.len(), 1, "{logs}");
    for field in ["DEBUG", "attempts=3", "status=500", "elapsed_ms=", "HTTP 500"] {
        assert!(failed[0].contains(field), "{field} missing in {}", failed[0]);
    }
}

/// The lines of `logs` that are the event `message`.
fn event_lines<'a>(logs: &'a str, message: &str) -> Vec<&'a str> {
    logs.lines().filter(|l| l.contains(&format!(": {message}"))).collect()
}

/// A success logs one event per attempt and no failure; every failure (redirect, compressed
/// body, timeout, 404) logs each attempt and the failure once, and the key is in none of it.
#[tokio::test]
async fn every_outcome_is_logged_once_per_attempt_and_the_api_key_never() {
    let ok = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": { "id": ID } })))
        .mount(&ok)
        .await;
    let logs = logs_of(async {
        client(&ok.uri(), 2).portouts().retrieve(ID).await.unwrap();
    })
    .await;
    let attempts = event_lines(&logs, "attempt finished");
    assert_eq!(attempts.len(), 1, "{logs}");
    assert!(
        attempts[0].contains("status=200") && attempts[0].contains("attempt=1"),
        "{logs}"
    );
    assert!(event_lines(&logs, "request failed").is_empty(), "{logs}");
    assert!(!logs.contains(SECRET), "{logs}");

    let looping = MockServer::start().await;
    redirecting(&looping, &format!("/portouts/{ID}")).await;
    let slow = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&slow)
        .await;
    let mut cases: Vec<(&str, MockServer)> = vec![("redirect", looping), ("timeout", slow)];
    for (name, template) in [
        (
            "undecodable",
            // (Not repairable in the default mode: the `data` a port-out needs is an array.)
            ResponseTemplate::new(200).set_body_json(json!({ "data": [42] })),
        ),
        (
            "gzip",
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_raw(&b"\x1f\x8b\x08\x00"[..], "application/json"),
        ),
        ("404", ResponseTemplate::new(404)),
    ] {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(template).mount(&server).await;
        cases.push((name, server));
    }
    for (name, server) in &cases {
        let logs = logs_of(async {
            let e = client(&server.uri(), 2)
                .portouts()
                .retrieve(ID)
                .timeout(Duration::from_millis(200))
                .await
                .unwrap_err();
            assert!(!format!("{e} {e:?}").contains(SECRET), "{name}: {e:?}");
        })
        .await;
        let retried = *name == "timeout";
        let attempts = event_lines(&logs, "attempt finished");
        assert_eq!(attempts.len(), if retried { 3 } else { 1 }, "{name}: {logs}");
        let failed = event_lines(&logs, "request failed");
        assert_eq!(failed.len(), 1, "{name}: {logs}");
        assert!(failed[0].contains("error="), "{name}: {logs}");
        assert!(!logs.contains(SECRET), "{name}: key in the logs:\n{logs}");
    }
}

const SILENT_CHILD: &str = "TELNYX_PORTOUT_TEST_SILENT_CHILD";

/// Runs in a child process (see `nothing_is_printed_without_a_subscriber`); does nothing in a
/// normal run.
#[tokio::test]
async fn silent_child() {
    if std::env::var(SILENT_CHILD).is_err() {
        return;
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let e = client(&format!("http://127.0.0.1:{port}"), 2)
        .portouts()
        .retrieve(ID)
        .await
        .unwrap_err();
    assert!(e.is_connection(), "{e:?}");
}

/// Without a subscriber the client prints nothing, even for a request that fails after retries.
#[test]
fn nothing_is_printed_without_a_subscriber() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["silent_child", "--exact", "--nocapture", "--test-threads=1", "-q"])
        .env(SILENT_CHILD, "1")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "the child test ran: {stdout}");
    assert_eq!(stderr, "", "stderr");
    let printed: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("running ") && !l.starts_with("test result:") && *l != ".")
        .collect();
    assert!(printed.is_empty(), "printed: {printed:?}");
}

#[tokio::test]
async fn the_api_key_is_in_no_log_line_of_a_connection_failure() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // closed when dropped
    let c = client(&format!("http://127.0.0.1:{port}"), 1);
    let mut rendered = Vec::new();
    let logs = logs_of(async {
        let e = c.portouts().list().page_size(3).await.unwrap_err();
        assert!(e.is_connection(), "{e:?}");
        rendered.extend([format!("{e}"), format!("{e:?}")]);
    })
    .await;
    for text in rendered.iter().chain([&logs]) {
        assert!(!text.contains(SECRET), "key in {text}");
    }
    assert_eq!(event_lines(&logs, "attempt finished").len(), 2, "{logs}");
    assert_eq!(event_lines(&logs, "retrying").len(), 1, "{logs}");
    assert_eq!(event_lines(&logs, "request failed").len(), 1, "{logs}");
}

// ---------------------------------------------------------------------------------------
// No API key over plain http to a non-loopback host, unless asked
// ---------------------------------------------------------------------------------------

#[test]
fn plain_http_is_refused_unless_the_host_is_loopback_or_the_user_opted_in() {
    let build = |url: &str, allow: bool| {
        Client::builder()
            .api_key(SECRET)
            .base_url(url)
            .allow_insecure_http(allow)
            .build()
    };
    for url in [
        "http://127.0.0.1:4010",
        "http://127.8.9.10/v2",
        "http://[::1]:4010",
        "http://localhost:4010",
        "http://LocalHost",
        "https://api.telnyx.com/v2",
        "https://10.0.0.1",
    ] {
        assert!(build(url, false).is_ok(), "{url} should be accepted");
    }
    for url in [
        "http://api.telnyx.com/v2",
        "http://10.0.0.1",
        "http://0.0.0.0:4010",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "http://[::ffff:127.0.0.1]",
        "http://[::]",
    ] {
        match build(url, false) {
            Err(Error::InvalidConfig(msg)) => {
                assert!(msg.contains("allow_insecure_http"), "{msg}");
                assert!(!msg.contains(SECRET), "{msg}");
            }
            other => panic!("{url} should be refused, got {other:?}"),
        }
        assert!(build(url, true).is_ok(), "{url} with allow_insecure_http(true)");
    }
    for url in ["ftp://127.0.0.1", "file:///etc/passwd", "not a url", "ws://localhost"] {
        assert!(matches!(build(url, true), Err(Error::InvalidConfig(_))), "{url}");
    }
}

// ---------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------

/// `server` answers every request with a redirect to `to`.
async fn redirecting(server: &MockServer, to: &str) {
    Mock::given(path(format!("/portouts/{ID}")))
        .respond_with(ResponseTemplate::new(307).insert_header("location", to))
        .mount(server)
        .await;
}

async fn target() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": { "id": ID } })))
        .mount(&server)
        .await;
    server
}

/// The client follows up to 10 redirects; reqwest drops `Authorization` (and cookies) when
/// the next URL differs from the previous one in host, port or scheme
/// (`reqwest::redirect::remove_sensitive_headers`, applied whatever the redirect policy).
/// `127.0.0.1` and `localhost` are different hosts to it, and so are two ports of one host.
#[tokio::test]
async fn a_redirect_to_another_host_or_port_does_not_carry_the_api_key() {
    for other_host in [true, false] {
        let origin = MockServer::start().await;
        let elsewhere = target().await;
        let port = elsewhere.address().port();
        let to = if other_host {
            format!("http://localhost:{port}/stolen")
        } else {
            format!("http://127.0.0.1:{port}/stolen")
        };
        redirecting(&origin, &to).await;

        let got = client(&origin.uri(), 0).portouts().retrieve(ID).await.unwrap();
        assert_eq!(
            got.id.map(|id| id.to_string()).as_deref(),
            Some(ID),
            "the redirect was followed"
        );

        let first = origin.received_requests().await.unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(
            authorization(&first[0]).as_deref(),
            Some(format!("Bearer {SECRET}").as_str())
        );
        let second = elsewhere.received_requests().await.unwrap();
        assert_eq!(second.len(), 1, "{to}");
        assert_eq!(authorization(&second[0]), None, "the key followed a redirect to {to}");
        for (name, value) in &second[0].headers {
            assert!(
                !value.as_bytes().windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "{name}"
            );
        }
    }
}

/// A redirect within the same origin keeps the key (it goes to the same server).
#[tokio::test]
async fn a_redirect_within_the_same_origin_keeps_the_api_key() {
    let server = target().await;
    Mock::given(path(format!("/portouts/{ID}")))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .with_priority(1)
        .mount(&server)
        .await;
    client(&server.uri(), 0).portouts().retrieve(ID).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].url.path(), "/moved");
    assert_eq!(
        authorization(&received[1]).as_deref(),
        Some(format!("Bearer {SECRET}").as_str())
    );
}

/// The `Error::Redirect` of `e`, or a panic naming what it was instead.
fn redirect_error(e: &Error) -> (&str, Option<&str>, Option<usize>, &str) {
    match e {
        Error::Redirect {
            operation,
            url,
            redirects,
            reason,
            ..
        } => (operation.as_str(), url.as_deref(), *redirects, reason.as_str()),
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
}

/// A loop (A -> B -> A) is found on the first revisit and is final: no retry, not a
/// connection error. (It used to be reported as a connection failure and retried: 3 calls
/// of 11 requests each.)
#[tokio::test]
async fn a_redirect_loop_is_a_final_redirect_error() {
    let server = MockServer::start().await;
    Mock::given(path(format!("/portouts/{ID}")))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/b"))
        .mount(&server)
        .await;
    Mock::given(path("/b"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("/portouts/{ID}")))
        .mount(&server)
        .await;
    let e = client(&server.uri(), 2).portouts().retrieve(ID).await.unwrap_err();
    assert!(!e.is_connection() && !e.is_timeout(), "{e:?}");
    assert!(e.is_redirect(), "{e:?}");
    let origin = server.uri();
    let (operation, url, redirects, reason) = redirect_error(&e);
    assert_eq!(operation, "GET /portouts/{id}");
    assert_eq!(url, Some(format!("{origin}/b").as_str()));
    assert_eq!(redirects, Some(1));
    assert_eq!(
        reason,
        format!("redirect loop: {origin}/portouts/{ID} was already requested")
    );
    assert_eq!(
        e.to_string(),
        format!(
            "GET /portouts/{{id}}: could not follow the redirect from {origin}/b after 1 redirect: redirect loop: \
             {origin}/portouts/{ID} was already requested"
        )
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "one chain, no retry"
    );
}

/// An endless chain of distinct URLs stops after 10 redirects (11 requests), once.
#[tokio::test]
async fn too_many_redirects_is_a_final_redirect_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(|req: &wiremock::Request| {
            let n: u32 = req
                .url
                .path()
                .rsplit('/')
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            ResponseTemplate::new(307).insert_header("location", format!("/hop/{}", n + 1))
        })
        .mount(&server)
        .await;
    let e = client(&server.uri(), 2).portouts().retrieve(ID).await.unwrap_err();
    let (_, url, redirects, reason) = redirect_error(&e);
    assert_eq!(url, Some(format!("{}/hop/10", server.uri()).as_str()));
    assert_eq!(redirects, Some(10));
    assert_eq!(reason, "too many redirects (the limit is 10)");
    assert_eq!(server.received_requests().await.unwrap().len(), 11, "not retried");
}

/// A redirect to a scheme other than http(s) is refused at once; a location that is not
/// even a URL with a host (`file:///...`, garbage) is not followed, and the 3xx is the
/// (final) status error, naming the location.
#[tokio::test]
async fn a_redirect_to_another_scheme_is_refused() {
    for to in ["ftp://127.0.0.1/x", "gopher://example.test/"] {
        let server = MockServer::start().await;
        redirecting(&server, to).await;
        let e = client(&server.uri(), 2).portouts().retrieve(ID).await.unwrap_err();
        let (_, url, redirects, reason) = redirect_error(&e);
        assert_eq!(url, Some(format!("{}/portouts/{ID}", server.uri()).as_str()));
        assert_eq!(redirects, Some(0));
        assert_eq!(
            reason,
            format!("the location {to} is not a web URL (only http and https are followed)")
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{to}: not retried");
    }
    for to in ["file:///etc/passwd", "http://"] {
        let server = MockServer::start().await;
        redirecting(&server, to).await;
        let e = client(&server.uri(), 2).portouts().retrieve(ID).await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(307), "{to}: {e:?}");
        assert_eq!(
            e.to_string(),
            format!("GET /portouts/{{id}}: HTTP 307 Temporary Redirect (redirect to `{to}`, not followed)")
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{to}: not retried");
    }
}

/// With the user's own `reqwest::Client` (its own redirect policy), a redirect error is
/// still final and still a redirect error; the count is not known then.
#[tokio::test]
async fn a_redirect_error_of_an_injected_http_client_is_final_too() {
    let server = MockServer::start().await;
    redirecting(&server, &format!("/portouts/{ID}")).await;
    let c = Client::builder()
        .api_key(SECRET)
        .base_url(server.uri())
        .http_client(
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(3))
                .build()
                .unwrap(),
        )
        .max_retries(2)
        .retry_sleeper(|_| async {})
        .build()
        .unwrap();
    let e = c.portouts().retrieve(ID).await.unwrap_err();
    let (_, url, redirects, reason) = redirect_error(&e);
    assert_eq!(url, Some(format!("{}/portouts/{ID}", server.uri()).as_str()));
    assert_eq!(redirects, None);
    assert_eq!(reason, "too many redirects");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "one chain, no retry"
    );
}

// ---------------------------------------------------------------------------------------
// Response size cap
// ---------------------------------------------------------------------------------------

/// A raw HTTP/1.1 server on 127.0.0.1 that answers each connection with `respond` (then
/// closes it). Counts the connections.
fn raw_server(respond: impl Fn(&mut TcpStream) + Send + Sync + 'static) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            respond(&mut stream);
        }
    });
    (url, count)
}

/// A JSON body of a port-out of about `size` bytes.
fn big_body(size: usize) -> Vec<u8> {
    let prefix = br#"{"data":{"id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0","city":""#;
    let suffix = br#""}}"#;
    let mut body = prefix.to_vec();
    body.resize(size - suffix.len(), b'a');
    body.extend_from_slice(suffix);
    body
}

fn chunked(status: u16, body: Vec<u8>) -> impl Fn(&mut TcpStream) + Send + Sync + 'static {
    move |s| {
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        );
        if s.write_all(head.as_bytes()).is_err() {
            return;
        }
        for chunk in body.chunks(16 * 1024) {
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(chunk);
            frame.extend_from_slice(b"\r\n");
            if s.write_all(&frame).is_err() {
                return;
            }
        }
        let _ = s.write_all(b"0\r\n\r\n");
    }
}

fn capped(url: &str, limit: usize) -> Client {
    Client::builder()
        .api_key(SECRET)
        .base_url(url)
        .max_response_bytes(limit)
        .retry_sleeper(|_| async {})
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

#[test]
fn the_default_cap_is_64_mib() {
    let c = Client::builder().api_key(SECRET).build().unwrap();
    assert!(
        format!("{c:?}").contains(&format!("max_response_bytes: {}", 64 * 1024 * 1024)),
        "{c:?}"
    );
}

/// A declared `Content-Length` over the cap fails at once, without reading (or waiting
/// for) the body.
#[tokio::test]
async fn a_declared_content_length_over_the_cap_fails_before_reading_the_body() {
    let (url, connections) = raw_server(|s| {
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n{\"data\":",
        );
        // Never send the rest: a client that waits for it would time out instead.
        std::thread::sleep(Duration::from_secs(30));
    });
    let started = Instant::now();
    let e = capped(&url, 1024).portouts().retrieve(ID).await.unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { limit: 1024, .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

/// A chunked body (no `Content-Length`) is counted as it arrives.
#[tokio::test]
async fn a_chunked_body_over_the_cap_fails() {
    const LIMIT: usize = 256 * 1024;
    // Without the cap this body decodes fine.
    let (url, _) = raw_server(chunked(200, big_body(LIMIT)));
    let ok = capped(&url, usize::MAX).portouts().retrieve(ID).await.unwrap();
    assert!(ok.city.is_some_and(|c| c.len() > LIMIT - 100));

    // Exactly at the cap is accepted...
    let (url, _) = raw_server(chunked(200, big_body(LIMIT)));
    capped(&url, LIMIT).portouts().retrieve(ID).await.unwrap();

    // ...one byte over is not.
    let (url, connections) = raw_server(chunked(200, big_body(LIMIT + 1)));
    let e = capped(&url, LIMIT).portouts().retrieve(ID).await.unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { limit: LIMIT, .. }), "{e:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");

    // Error bodies are capped too (a 500 would otherwise be retried).
    let (url, connections) = raw_server(chunked(500, big_body(4 * LIMIT)));
    let e = capped(&url, LIMIT).portouts().retrieve(ID).await.unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { .. }), "{e:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

// ---------------------------------------------------------------------------------------
// No unsafe
// ---------------------------------------------------------------------------------------

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn every_crate_root_forbids_unsafe_code() {
    let root = workspace();
    let mut roots = vec![
        root.join("codegen/src/lib.rs"),
        root.join("telnyx-portout/src/lib.rs"),
        root.join("xtask/src/main.rs"),
        root.join("tests/src/lib.rs"),
    ];
    // The fuzz targets, when the fuzz crate is there.
    if let Ok(dir) = std::fs::read_dir(root.join("fuzz/fuzz_targets")) {
        roots.extend(
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs")),
        );
    }
    for file in &roots {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            text.lines().any(|l| l.trim() == "#![forbid(unsafe_code)]"),
            "{} lacks #![forbid(unsafe_code)]",
            file.display()
        );
    }

    // And the workspace lint, inherited by every member.
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let lints = manifest
        .split("[workspace.lints.rust]")
        .nth(1)
        .expect("[workspace.lints.rust]");
    let lints = lints.split("\n[").next().unwrap();
    assert!(lints.contains("unsafe_code = \"forbid\""), "{lints}");
    for member in ["codegen", "telnyx-portout", "xtask", "tests"] {
        let text = std::fs::read_to_string(root.join(member).join("Cargo.toml")).unwrap();
        assert!(
            text.contains("[lints]\nworkspace = true"),
            "{member}/Cargo.toml does not inherit the workspace lints"
        );
    }
}
