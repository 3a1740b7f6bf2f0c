//! Client benchmarks, each a ratio over a hand-written baseline run in the same process:
//!
//! - request overhead: sequential `portouts().list()` (20 items) and `portouts().retrieve(id)`
//!   against an in-process hyper server on 127.0.0.1 answering fixed bytes, over plain
//!   `reqwest` + `serde_json` into a hand-written struct (same `reqwest::Client` config);
//! - decoding a 250-item page through the client's decode path in the default (tolerant)
//!   and strict modes, over `serde_json` into a hand-written struct (and the repair path of a
//!   page with one deviation, and `serde_json::Value`, for scale; `--decode-only` runs just
//!   this);
//! - auto-pagination memory: peak RSS (`VmHWM`) of a child process streaming 10k and 100k
//!   items with `.into_stream()`, over a child that fetches one page.
//!
//! A benchmark, not a test: `cargo bench -p telnyx-portout --bench client` (or
//! `cargo xtask bench`). Rounds interleave the variants (in alternating order) and each
//! figure is the median over rounds of (variant / baseline of the same round). `--quick`
//! runs a few short rounds (CI: the harness compiles and runs).
//!
//! Other modes, used by `benches/python_sdk.py` (the official Python SDK against the same
//! server and payloads):
//!   --serve                       serve on 127.0.0.1, print `listening <url>`, stop at EOF on stdin
//!   --calls <url> <list|retrieve> <n>   print the mean seconds per call of n sequential calls
//!   --decode-page <n>             print the median seconds to decode the 250-item page
//!   --paginate-child <items> <stream|collect>   print the child's VmHWM in kB

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde::Deserialize;
use std::convert::Infallible;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};
use telnyx_portout::models::{Metadata, PortoutDetails};
use telnyx_portout::runtime::RawResponse;

const ITEM: &str = include_str!("portout_details.json");
const ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const KEY: &str = "KEY_bench";

// ---------------------------------------------------------------------------------------
// The server: fixed bytes for `GET /portouts` (page size and total from the query) and
// `GET /portouts/{id}`.

struct Payloads {
    item: String,
    /// `{"data":[item x 20],"meta":{...}}`, the answer to a list without page parameters.
    list20: Bytes,
    retrieve: Bytes,
}

fn page_body(item: &str, size: usize, number: usize, total: usize) -> Vec<u8> {
    let total_pages = total.div_ceil(size.max(1)).max(1);
    let count = if number > total_pages {
        0
    } else {
        size.min(total - (number - 1) * size)
    };
    let mut body = Vec::with_capacity(count * (item.len() + 1) + 128);
    body.extend_from_slice(b"{\"data\":[");
    for i in 0..count {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(item.as_bytes());
    }
    body.extend_from_slice(
        format!(
            "],\"meta\":{{\"page_number\":{number},\"page_size\":{size},\"total_pages\":{total_pages},\"total_results\":{total}}}}}"
        )
        .as_bytes(),
    );
    body
}

fn payloads() -> Arc<Payloads> {
    let item = ITEM.trim().to_string();
    Arc::new(Payloads {
        list20: Bytes::from(page_body(&item, 20, 1, 20)),
        retrieve: Bytes::from(format!("{{\"data\":{item}}}")),
        item,
    })
}

fn respond(p: &Payloads, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    let body = if path == "/portouts" {
        match req.uri().query() {
            None | Some("") => p.list20.clone(),
            Some(q) => {
                let q = q
                    .replace("%5B", "[")
                    .replace("%5D", "]")
                    .replace("%5b", "[")
                    .replace("%5d", "]");
                let mut size = 20;
                let mut number = 1;
                let mut total = None;
                for pair in q.split('&') {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    match k {
                        "page[size]" => size = v.parse().unwrap_or(20),
                        "page[number]" => number = v.parse().unwrap_or(1),
                        "total" => total = v.parse().ok(),
                        _ => {}
                    }
                }
                Bytes::from(page_body(&p.item, size, number.max(1), total.unwrap_or(size)))
            }
        }
    } else if path.starts_with("/portouts/") {
        p.retrieve.clone()
    } else {
        return Response::builder().status(404).body(Full::new(Bytes::new())).unwrap();
    };
    Response::builder()
        .header("content-type", "application/json")
        .body(Full::new(body))
        .unwrap()
}

/// Starts the server on its own thread (single-threaded runtime); returns the base URL.
fn start_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let payloads = payloads();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let p = payloads.clone();
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                        let r = respond(&p, &req);
                        async move { Ok::<_, Infallible>(r) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
    });
    url
}

// ---------------------------------------------------------------------------------------
// The hand-written baseline: what a user would write with reqwest and serde alone.

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PlainDetails {
    already_ported: Option<bool>,
    authorized_name: Option<String>,
    carrier_name: Option<String>,
    city: Option<String>,
    created_at: Option<String>,
    current_carrier: Option<String>,
    end_user_name: Option<String>,
    foc_date: Option<String>,
    host_messaging: Option<bool>,
    id: Option<String>,
    inserted_at: Option<String>,
    lsr: Option<Vec<String>>,
    phone_numbers: Option<Vec<String>>,
    pon: Option<String>,
    reason: Option<String>,
    record_type: Option<String>,
    rejection_code: Option<i64>,
    requested_foc_date: Option<String>,
    service_address: Option<String>,
    spid: Option<String>,
    state: Option<String>,
    status: Option<String>,
    support_key: Option<String>,
    updated_at: Option<String>,
    user_id: Option<String>,
    vendor: Option<String>,
    zip: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PlainMeta {
    page_number: Option<i64>,
    page_size: Option<i64>,
    total_pages: Option<i64>,
    total_results: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PlainList {
    data: Vec<PlainDetails>,
    meta: Option<PlainMeta>,
}

#[derive(Debug, Deserialize)]
struct PlainOne {
    data: PlainDetails,
}

/// The client's page envelope (what `Page::decode` reads) with the generated models.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Envelope {
    data: Vec<PortoutDetails>,
    meta: Option<Metadata>,
}

async fn plain_list(http: &reqwest::Client, base: &str) -> usize {
    plain_list_with(http, base, None).await
}

async fn plain_list_with(http: &reqwest::Client, base: &str, timeout: Option<Duration>) -> usize {
    let mut request = http.get(format!("{base}/portouts"));
    if let Some(t) = timeout {
        request = request.timeout(t);
    }
    let bytes = request
        .header("authorization", concat!("Bearer ", "KEY_bench"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice::<PlainList>(&bytes).unwrap().data.len()
}

async fn plain_retrieve(http: &reqwest::Client, base: &str) -> usize {
    plain_retrieve_with(http, base, None).await
}

/// `timeout`: the per-request timeout the client sets on every attempt (60 s by default).
async fn plain_retrieve_with(http: &reqwest::Client, base: &str, timeout: Option<Duration>) -> usize {
    let mut request = http.get(format!("{base}/portouts/{ID}"));
    if let Some(t) = timeout {
        request = request.timeout(t);
    }
    let bytes = request
        .header("authorization", concat!("Bearer ", "KEY_bench"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .bytes()
        .await
        .unwrap();
    serde_json::from_slice::<PlainOne>(&bytes)
        .unwrap()
        .data
        .zip
        .map_or(0, |z| z.len())
}

async fn sdk_list(client: &telnyx_portout::Client) -> usize {
    client.portouts().list().await.unwrap().data.len()
}

async fn sdk_retrieve(client: &telnyx_portout::Client) -> usize {
    client.portouts().retrieve(ID).await.unwrap().zip.map_or(0, |z| z.len())
}

// ---------------------------------------------------------------------------------------
// Helpers.

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The same config as `ClientBuilder`'s default (5 s connect timeout).
fn reqwest_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn sdk_client(base: &str, http: Option<reqwest::Client>) -> telnyx_portout::Client {
    let mut b = telnyx_portout::Client::builder().api_key(KEY).base_url(base);
    if let Some(h) = http {
        b = b.http_client(h);
    }
    b.build().unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn page250() -> Vec<u8> {
    page_body(ITEM.trim(), 250, 1, 250)
}

fn raw(body: &[u8]) -> RawResponse {
    let mut headers = http::HeaderMap::new();
    headers.insert("content-type", http::HeaderValue::from_static("application/json"));
    RawResponse::new(
        http::StatusCode::OK,
        headers,
        Bytes::copy_from_slice(body),
        "GET /portouts".into(),
        telnyx_portout::Decoding::Tolerant,
    )
}

// ---------------------------------------------------------------------------------------
// The benchmarks.

fn bench_requests(quick: bool) {
    let (rounds, calls) = if quick { (3, 20) } else { (21, 300) };
    let base = start_server();
    let rt = runtime();
    let http_base = reqwest_client();
    let injected = sdk_client(&base, Some(reqwest_client()));
    let default = sdk_client(&base, None);
    type Case<'a> = (
        &'a str,
        Box<dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = usize> + 'a>> + 'a>,
    );
    for op in ["list", "retrieve"] {
        let cases: Vec<Case> = vec![
            (
                "baseline: reqwest + serde_json, hand-written struct",
                if op == "list" {
                    Box::new(|| Box::pin(plain_list(&http_base, &base)))
                } else {
                    Box::new(|| Box::pin(plain_retrieve(&http_base, &base)))
                },
            ),
            (
                "(baseline + a 60 s per-request timeout, as the client sets)",
                if op == "list" {
                    Box::new(|| Box::pin(plain_list_with(&http_base, &base, Some(Duration::from_secs(60)))))
                } else {
                    Box::new(|| Box::pin(plain_retrieve_with(&http_base, &base, Some(Duration::from_secs(60)))))
                },
            ),
            (
                "telnyx-portout, injected reqwest::Client",
                if op == "list" {
                    Box::new(|| Box::pin(sdk_list(&injected)))
                } else {
                    Box::new(|| Box::pin(sdk_retrieve(&injected)))
                },
            ),
            (
                "telnyx-portout, default client",
                if op == "list" {
                    Box::new(|| Box::pin(sdk_list(&default)))
                } else {
                    Box::new(|| Box::pin(sdk_retrieve(&default)))
                },
            ),
        ];
        let mut per_call = vec![Vec::new(); cases.len()];
        rt.block_on(async {
            // Warm-up: connections established, allocator and caches warm.
            for (_, f) in &cases {
                for _ in 0..calls.min(50) {
                    black_box(f().await);
                }
            }
            for round in 0..rounds {
                let order: Vec<usize> = if round % 2 == 0 {
                    (0..cases.len()).collect()
                } else {
                    (0..cases.len()).rev().collect()
                };
                for i in order {
                    let started = Instant::now();
                    for _ in 0..calls {
                        black_box(cases[i].1().await);
                    }
                    per_call[i].push(started.elapsed().as_secs_f64() / calls as f64);
                }
            }
        });
        println!("  {op} ({rounds} rounds x {calls} sequential calls per variant):");
        let base_times = per_call[0].clone();
        for (i, (name, _)) in cases.iter().enumerate() {
            let mut ratios: Vec<f64> = per_call[i].iter().zip(&base_times).map(|(t, b)| t / b).collect();
            let target = if name.starts_with("telnyx") {
                "target <= 1.10"
            } else {
                ""
            };
            println!("    {name:<52} {:>6.3}x  {target}", median(&mut ratios));
        }
        let mut b = base_times;
        println!(
            "    (baseline median {:.1} us per call on this machine; for scale only)",
            median(&mut b) * 1e6
        );
    }
}

fn bench_decode(quick: bool) {
    let (rounds, reps) = if quick { (3, 2) } else { (31, 20) };
    let body = page250();
    let response = raw(&body);
    let strict = RawResponse::new(
        response.status,
        response.headers.clone(),
        response.body.clone(),
        response.operation.clone(),
        telnyx_portout::Decoding::Strict,
    );
    // The same page with one deviation (a date-time without an offset in item 125), read in
    // the default mode: the cost of the repair path, for scale.
    let drifting = {
        let mut v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        v["data"][125]["created_at"] = serde_json::json!("2024-05-01T10:00:00");
        raw(&serde_json::to_vec(&v).unwrap())
    };
    // Every item's four date-times without an offset: 1,000 deviations.
    let systematic = {
        let mut v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        for item in v["data"].as_array_mut().unwrap() {
            for f in ["created_at", "inserted_at", "updated_at", "foc_date"] {
                item[f] = serde_json::json!("2024-05-01T10:00:00");
            }
        }
        raw(&serde_json::to_vec(&v).unwrap())
    };
    let client = telnyx_portout::Client::builder().api_key(KEY).build().unwrap();
    let list = client.portouts().list();
    type Case<'a> = (&'a str, Box<dyn Fn() -> usize + 'a>);
    let cases: Vec<Case> = vec![
        (
            "baseline: serde_json into a hand-written struct",
            Box::new(|| serde_json::from_slice::<PlainList>(&body).unwrap().data.len()),
        ),
        (
            "client decode path, default (tolerant) mode",
            Box::new(|| {
                let (env, deviations) =
                    telnyx_portout::runtime::decode::with_deviations::<Envelope>(&response).unwrap();
                assert!(deviations.is_empty());
                env.data.len()
            }),
        ),
        (
            "client decode path, strict mode",
            Box::new(|| {
                telnyx_portout::runtime::decode::json::<Envelope>(&strict)
                    .unwrap()
                    .data
                    .len()
            }),
        ),
        (
            "page path (Page::decode), default mode, conforming",
            Box::new(|| {
                let page = telnyx_portout::runtime::decode::page(&list, &response).unwrap();
                assert!(page.deviations().is_empty());
                page.len()
            }),
        ),
        (
            "page path, default mode, one deviation in item 125",
            Box::new(|| {
                let page = telnyx_portout::runtime::decode::page(&list, &drifting).unwrap();
                assert_eq!(page.deviations().len(), 1);
                page.len()
            }),
        ),
        (
            "page path, default mode, every item drifting (4 date-times each)",
            Box::new(|| {
                let page = telnyx_portout::runtime::decode::page(&list, &systematic).unwrap();
                assert_eq!(page.deviations().len(), 1000);
                page.len()
            }),
        ),
        (
            "serde_json into the generated models (no path tracking)",
            Box::new(|| serde_json::from_slice::<Envelope>(&body).unwrap().data.len()),
        ),
        (
            "serde_json into serde_json::Value",
            Box::new(|| {
                serde_json::from_slice::<serde_json::Value>(&body).unwrap()["data"]
                    .as_array()
                    .map_or(0, Vec::len)
            }),
        ),
    ];
    let mut per = vec![Vec::new(); cases.len()];
    for (_, f) in &cases {
        black_box(f());
    }
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..cases.len()).collect()
        } else {
            (0..cases.len()).rev().collect()
        };
        for i in order {
            let started = Instant::now();
            for _ in 0..reps {
                black_box(cases[i].1());
            }
            per[i].push(started.elapsed().as_secs_f64() / reps as f64);
        }
    }
    println!(
        "  decode a 250-item page ({} bytes; {rounds} rounds x {reps} decodes per variant):",
        body.len()
    );
    let base = per[0].clone();
    for (i, (name, _)) in cases.iter().enumerate() {
        let mut ratios: Vec<f64> = per[i].iter().zip(&base).map(|(t, b)| t / b).collect();
        let target = if i == 1 { "target <= 1.10" } else { "" };
        println!("    {name:<62} {:>6.3}x  {target}", median(&mut ratios));
    }
    let mut b = base;
    println!(
        "    (baseline median {:.0} us per page on this machine; for scale only)",
        median(&mut b) * 1e6
    );
}

fn bench_pagination(quick: bool) {
    let exe = std::env::current_exe().unwrap();
    let child = |items: usize, mode: &str| -> (u64, String) {
        let out = std::process::Command::new(&exe)
            .args(["--paginate-child", &items.to_string(), mode])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let kb = text
            .split_whitespace()
            .find_map(|w| w.strip_prefix("vmhwm_kb="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        (kb, text.trim().to_string())
    };
    let sizes: &[usize] = if quick { &[250, 2_500] } else { &[250, 10_000, 100_000] };
    let (base_kb, _) = child(250, "stream");
    println!("  auto-pagination peak RSS (VmHWM of a child process; pages of 250 items):");
    println!("    baseline: one page (250 items) streamed: {} kB", base_kb);
    for &n in &sizes[1..] {
        let (kb, detail) = child(n, "stream");
        println!(
            "    stream {n:>7} items via into_stream(): {:>6.2}x the baseline  ({kb} kB; {detail})",
            kb as f64 / base_kb as f64
        );
    }
    for &n in &sizes[1..] {
        let (kb, _) = child(n, "collect");
        println!(
            "    collect {n:>6} items into a Vec (contrast): {:>6.2}x the baseline  ({kb} kB)",
            kb as f64 / base_kb as f64
        );
    }
}

fn paginate_child(items: usize, mode: &str) {
    let base = start_server();
    let rt = runtime();
    let client = sdk_client(&base, None);
    let started = Instant::now();
    let (count, kept) = rt.block_on(async {
        let stream = client
            .portouts()
            .list()
            .page_size(250)
            .query_param("total", items.to_string())
            .into_stream();
        let mut stream = std::pin::pin!(stream);
        let mut count = 0usize;
        let mut kept = Vec::new();
        while let Some(item) = stream.next().await {
            let item = item.unwrap();
            count += 1;
            if mode == "collect" {
                kept.push(item);
            } else {
                black_box(&item);
            }
        }
        (count, kept.len())
    });
    assert_eq!(count, items);
    println!(
        "vmhwm_kb={} items={count} kept={kept} secs={:.3}",
        vm_hwm_kb(),
        started.elapsed().as_secs_f64()
    );
}

fn calls(url: &str, op: &str, n: usize) {
    let rt = runtime();
    let client = sdk_client(url, None);
    rt.block_on(async {
        for _ in 0..20 {
            black_box(sdk_retrieve(&client).await);
            black_box(sdk_list(&client).await);
        }
        let started = Instant::now();
        for _ in 0..n {
            if op == "list" {
                black_box(sdk_list(&client).await);
            } else {
                black_box(sdk_retrieve(&client).await);
            }
        }
        println!("{:.9}", started.elapsed().as_secs_f64() / n as f64);
    });
}

fn decode_page(n: usize) {
    let response = raw(&page250());
    let mut times = Vec::new();
    for _ in 0..n.max(1) {
        let started = Instant::now();
        black_box(telnyx_portout::runtime::decode::json::<Envelope>(&response).unwrap());
        times.push(started.elapsed().as_secs_f64());
    }
    println!("{:.9}", median(&mut times));
}

fn serve() {
    let url = start_server();
    println!("listening {url}");
    let mut sink = String::new();
    while std::io::stdin().read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
        sink.clear();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(0).as_str() {
        "--serve" => return serve(),
        "--calls" => return calls(&arg(1), &arg(2), arg(3).parse().unwrap_or(1000)),
        "--decode-page" => return decode_page(arg(1).parse().unwrap_or(100)),
        "--paginate-child" => return paginate_child(arg(1).parse().unwrap(), &arg(2)),
        _ => {}
    }
    let quick = args.iter().any(|a| a == "--quick");
    println!(
        "client bench{}:",
        if quick {
            " (--quick: a few short rounds, figures not meaningful)"
        } else {
            ""
        }
    );
    if args.iter().any(|a| a == "--decode-only") {
        return bench_decode(quick);
    }
    bench_requests(quick);
    bench_decode(quick);
    bench_pagination(quick);
}
