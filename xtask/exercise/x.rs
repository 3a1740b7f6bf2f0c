//! The exerciser's runtime (hand-written; copied next to the generated `main.rs` by
//! `cargo xtask full-spec --exercise`): runs the calls against the server at `--base-url`,
//! a few at a time, and prints one JSON line per call on stdout, in call order:
//! `{"op", "call", "kind", "status", "violations", "response_violations", "detail"}`.
//!
//! `kind`: `decoded` (a 2xx decoded with the generated types), `request_violation` (the
//! server refused the request as breaking the spec: 422/400 with Prism's violations),
//! `status` (any other non-2xx), `decode_failure` (a 2xx the generated types do not read),
//! `argument` (the spec's value does not make the argument's Rust type, or the client refused
//! it before sending), `error` (connection, timeout, anything else).
//!
//! `--decoding strict` (the default) judges each response as strict decoding does: any
//! deviation from the spec is a `decode_failure`. `--decoding tolerant` uses the client's
//! default mode: a response read with deviations is `decoded`, its deviations listed in
//! `deviations` (path, reason, what the client did), and only a response the client could not
//! read at all is a `decode_failure` (a call lost).

use crate::api;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;

/// One call, ready to run.
pub type Call = Pin<Box<dyn Future<Output = Outcome>>>;

/// How many calls run at once.
const CONCURRENCY: usize = 4;

/// The value `json` (the spec's, as JSON text) as the Rust type `T`.
pub fn j<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| {
        format!(
            "the value {} does not decode into {}: {e}",
            cut(json, 300),
            std::any::type_name::<T>()
        )
    })
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(n).collect::<String>())
    }
}

/// What one call gave.
#[derive(Debug)]
pub struct Outcome {
    kind: &'static str,
    status: Option<u16>,
    violations: serde_json::Value,
    response_violations: serde_json::Value,
    deviations: serde_json::Value,
    detail: String,
}

impl Outcome {
    /// The arguments could not be made.
    pub fn argument(detail: String) -> Outcome {
        Outcome {
            kind: "argument",
            status: None,
            violations: serde_json::Value::Null,
            response_violations: serde_json::Value::Null,
            deviations: serde_json::Value::Null,
            detail,
        }
    }
}

/// Prism's `sl-violations` header, as JSON (null when absent).
fn violations(headers: &http::HeaderMap) -> serde_json::Value {
    headers
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .map(|v| serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_string())))
        .unwrap_or(serde_json::Value::Null)
}

/// The deviations of a response read in the tolerant mode, as JSON (null when none).
fn deviations(list: &[api::Deviation]) -> serde_json::Value {
    if list.is_empty() {
        return serde_json::Value::Null;
    }
    list.iter()
        .map(|d| {
            serde_json::json!({
                "path": d.path,
                "reason": cut(&d.reason, 300),
                "outcome": cut(&format!("{:?}", d.outcome), 300),
            })
        })
        .collect()
}

/// The outcome of a sent request.
pub fn sent<T>(r: Result<api::ApiResponse<T>, api::Error>) -> Outcome {
    match r {
        Ok(resp) => Outcome {
            kind: "decoded",
            status: Some(resp.status.as_u16()),
            violations: serde_json::Value::Null,
            response_violations: violations(&resp.headers),
            deviations: deviations(&resp.deviations),
            detail: String::new(),
        },
        Err(e) => failed(e),
    }
}

fn failed(e: api::Error) -> Outcome {
    let mut out = Outcome {
        kind: "error",
        status: None,
        violations: serde_json::Value::Null,
        response_violations: serde_json::Value::Null,
        deviations: serde_json::Value::Null,
        detail: e.to_string(),
    };
    match e {
        api::Error::Status(s) => {
            let status = s.status.as_u16();
            out.status = Some(status);
            let mut v = violations(&s.headers);
            let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap_or(serde_json::Value::Null);
            if v.is_null() {
                // Prism's own problem+json lists them under `validation`.
                v = body.get("validation").cloned().unwrap_or(serde_json::Value::Null);
            }
            out.kind = if (status == 422 || status == 400) && !v.is_null() {
                "request_violation"
            } else {
                "status"
            };
            out.violations = v;
            out.detail = format!("{} {}: {}", status, s.url, cut(&String::from_utf8_lossy(&s.body), 600));
        }
        api::Error::Decode(d) => {
            out.kind = "decode_failure";
            out.status = Some(d.status.as_u16());
            // What Prism says of its own response (the spec's example or its generated data).
            out.response_violations = violations(&d.headers);
            out.detail = format!(
                "at `{}`: {} (body: {})",
                d.path,
                d.message,
                cut(&String::from_utf8_lossy(&d.body), 600)
            );
        }
        api::Error::InvalidArgument { .. } => out.kind = "argument",
        _ => {}
    }
    out
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// Runs every call of `ops` (the required one, then the one with options where there is one)
/// against `--base-url URL`; `--only SUBSTRING` keeps the operations whose key has it.
pub fn main(ops: &[(&str, bool, fn(&api::Client, bool) -> Call)]) -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let Some(base) = flag(&args, "--base-url") else {
        eprintln!("usage: exercise --base-url URL [--only SUBSTRING] [--decoding strict|tolerant]");
        return std::process::ExitCode::from(2);
    };
    let only = flag(&args, "--only");
    let decoding = match flag(&args, "--decoding").as_deref() {
        None | Some("strict") => api::Decoding::Strict,
        Some("tolerant") => api::Decoding::Tolerant,
        Some(other) => {
            eprintln!("exercise: --decoding is strict or tolerant, not `{other}`");
            return std::process::ExitCode::from(2);
        }
    };
    let client = match api::Client::builder()
        .api_key("exercise")
        .base_url(base)
        .allow_insecure_http(true)
        .max_retries(0)
        .decoding(decoding)
        .timeout(std::time::Duration::from_secs(60))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("exercise: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("exercise: starting the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut calls: Vec<(&str, bool, fn(&api::Client, bool) -> Call)> = Vec::new();
    for &(key, optional, f) in ops {
        if only.as_deref().is_some_and(|o| !key.contains(o)) {
            continue;
        }
        calls.push((key, false, f));
        if optional {
            calls.push((key, true, f));
        }
    }
    runtime.block_on(async {
        use futures_util::StreamExt;
        let client = &client;
        let mut results = futures_util::stream::iter(calls.into_iter().map(|(key, full, f)| async move {
            (key, full, f(client, full).await)
        }))
        .buffered(CONCURRENCY);
        let stdout = std::io::stdout();
        while let Some((key, full, o)) = results.next().await {
            let line = serde_json::json!({
                "op": key,
                "call": if full { "optional" } else { "required" },
                "kind": o.kind,
                "status": o.status,
                "violations": o.violations,
                "response_violations": o.response_violations,
                "deviations": o.deviations,
                "detail": o.detail,
            });
            let mut out = stdout.lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    });
    std::process::ExitCode::SUCCESS
}
