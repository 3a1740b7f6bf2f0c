//! A testing kit for code that uses this client (the `mock` feature): a local mock of the
//! Telnyx API with typed expectations, fault injection, and webhook signing.
//!
//! Enable it for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! telnyx-portout = { version = "0.1", features = ["mock"] }
//! ```
//!
//! [`MockTelnyx::start`] serves HTTP/1 on `127.0.0.1` (a free port) and
//! [`MockTelnyx::client`] gives a [`Client`] pointed at it, whose retries do not sleep (the
//! delays it asked for are kept in [`MockTelnyx::retry_delays`]). Expectations are written
//! with the client's own request builders, so they match exactly what the client sends: the
//! method, the path, the query pairs (in any order), the header parameters and the body
//! (JSON compared as values). The answer is typed too: [`Expectation::respond`] takes the
//! operation's value (`PortoutDetails` for `retrieve`, a `Vec` of every item for a
//! paginated list, which the mock then serves page by page with correct `meta`, for
//! whatever `page[number]` and `page[size]` the client asks) and sends it as the real API
//! does (`{"data": ...}`, the page envelope, `204`), with the operation's success status.
//! The per-operation part of this is generated from the spec with the client (see
//! [`Respond`]).
//!
//! The page parameters of a paginated operation (`page[number]`, `page[size]`) take part in
//! a match only when the expectation sets them: `expect(client.portouts().list())` answers
//! `list().page_size(3)` and every page the stream fetches after it, while
//! `expect(client.portouts().list().page_size(3))` answers only requests for pages of 3 (a
//! request that differs gets the `404` below, whose `detail` says that the expectation set
//! that page parameter).
//!
//! ```
//! # fn main() { tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(test()) }
//! use telnyx_portout::mock::MockTelnyx;
//! use telnyx_portout::models::{PortoutDetails, PortoutListFilter, PortoutStatus, PortoutTargetStatus};
//!
//! async fn test() {
//!     let mock = MockTelnyx::start().await;
//!     let client = mock.client();
//!     let pending = PortoutListFilter::new().status(PortoutStatus::Pending);
//!     let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
//!     let details = PortoutDetails::new().id(id.parse().unwrap()).status(PortoutStatus::Pending);
//!
//!     // `GET /portouts?filter[status]=pending` answers with this one port-out, in pages.
//!     mock.expect(client.portouts().list().filter(pending.clone()))
//!         .respond(vec![details.clone()])
//!         .mount();
//!     // `PATCH /portouts/{id}/authorized` once, whatever the reason says.
//!     mock.expect(client.portouts().update_status(id, PortoutTargetStatus::Authorized, ""))
//!         .ignore_field("reason")
//!         .respond(details.clone().status(PortoutStatus::Authorized))
//!         .times(1)
//!         .mount();
//!
//!     // The code under test:
//!     let mut stream = client.portouts().list().filter(pending).into_stream();
//!     while let Some(portout) = stream.next().await {
//!         let portout = portout.unwrap();
//!         let id = portout.id.unwrap();
//!         client.portouts().update_status(id, PortoutTargetStatus::Authorized, "checked").await.unwrap();
//!     }
//!
//!     mock.verify(); // also done when `mock` is dropped
//! }
//! ```
//!
//! # Faults
//!
//! Any expectation can answer with a fault instead: [`fail`](Expectation::fail) (a status
//! with Telnyx's JSON:API error body), [`retry_after`](Expectation::retry_after) /
//! [`retry_after_ms`](Expectation::retry_after_ms), [`delay`](Expectation::delay) (past the
//! client's timeout), [`reset`](Expectation::reset) (the connection is dropped without a
//! response), [`malformed`](Expectation::malformed) (a success whose body does not decode)
//! and [`truncated`](Expectation::truncated) (the head and part of the body are sent, then
//! the connection is cut, so the client fails while reading the body). Expectations are tried
//! in the order they were mounted and one limited with [`times`](Expectation::times) stops
//! matching once used up, so a sequence is one expectation after another:
//!
//! ```
//! # fn main() { tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(test()) }
//! use std::time::Duration;
//! use telnyx_portout::mock::MockTelnyx;
//! use telnyx_portout::models::PortoutDetails;
//!
//! async fn test() {
//!     let mock = MockTelnyx::start().await;
//!     let client = mock.client();
//!     let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
//!     // 429 twice, then the port-out.
//!     mock.expect(client.portouts().retrieve(id))
//!         .fail(429, [])
//!         .retry_after(Duration::from_secs(1))
//!         .times(2)
//!         .mount();
//!     mock.expect(client.portouts().retrieve(id)).respond(PortoutDetails::new()).times(1).mount();
//!
//!     let portout = client.portouts().retrieve(id).await; // retried twice, in milliseconds
//!     assert!(portout.is_ok());
//!     assert_eq!(mock.retry_delays(), [Duration::from_secs(1); 2]);
//! }
//! ```
//!
//! # Drift
//!
//! The kit's client decodes strictly ([`Decoding::Strict`](crate::Decoding::Strict)), so a
//! test fails on an answer production would only read tolerantly. To test how your code
//! handles a response that drifts from the spec, make a typed answer drift with
//! [`Expectation::drift`] and read it with a client in the default mode:
//!
//! ```
//! # fn main() { tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(test()) }
//! use serde_json::json;
//! use telnyx_portout::Decoding;
//! use telnyx_portout::mock::MockTelnyx;
//! use telnyx_portout::models::{PortoutDetails, PortoutStatus};
//!
//! async fn test() {
//!     let mock = MockTelnyx::start().await;
//!     let strict = mock.client();
//!     let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
//!     mock.expect(strict.portouts().retrieve(id))
//!         .respond(PortoutDetails::new().status(PortoutStatus::Pending))
//!         .drift("/data/created_at", json!("2024-05-01 10:00:00")) // no offset
//!         .mount();
//!
//!     let e = strict.portouts().retrieve(id).await.unwrap_err(); // strict: names the path
//!     assert!(e.to_string().contains("data.created_at"), "{e}");
//!
//!     let tolerant = mock.client_builder().decoding(Decoding::Tolerant).build().unwrap();
//!     let got = tolerant.portouts().retrieve(id).send_with_response().await.unwrap();
//!     assert_eq!(got.value.status, Some(PortoutStatus::Pending));
//!     assert_eq!(got.value.created_at.unwrap().to_rfc3339(), "2024-05-01T10:00:00+00:00"); // read as UTC
//!     assert_eq!(got.deviations[0].path, "data.created_at");
//! }
//! ```
//!
//! # Verification
//!
//! A request no expectation matches is answered `404` with a Telnyx error body whose
//! `detail` says so (and names the nearest expectation), and is recorded.
//! [`MockTelnyx::verify`], and dropping the mock (unless the test is already panicking),
//! panics with every expectation that was not met (expected and received calls) and every
//! unmatched request (method, path, query and body) with the expectation that came nearest
//! and how it differs. [`MockTelnyx::check`] returns the same report instead of panicking.
//!
//! # Webhooks
//!
//! [`webhooks::TestSigner`] signs bodies (or typed port-out events) exactly as Telnyx does,
//! and gives the public key and a [`Verifier`](crate::webhooks::Verifier) for it.
//!
//! # Why plain hyper
//!
//! The server is hyper's (already in the client's dependency tree through reqwest), not
//! wiremock's or httpmock's: a connection reset and a body cut off mid-way must be
//! injectable, and neither of those can drop a connection.

// Failing the test is this module's job: `verify` (and a misuse of the kit, such as an
// expectation without a response) panics with the reason, as `assert!` does.
#![allow(clippy::panic)]

mod matching;
mod reply;
mod server;
pub mod webhooks;

pub use matching::ReceivedRequest;
pub use reply::{DEFAULT_PAGE_SIZE, Reply};
#[doc(hidden)]
pub use reply::{MetaKeys, PageKeys};

use crate::runtime::endpoint::Endpoint;
use crate::{ApiError, Client, ClientBuilder};
use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use matching::Matcher;
use serde_json::{Value, json};
use std::fmt;
use std::future::{IntoFuture, Ready};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The API key of [`MockTelnyx::client`].
pub const API_KEY: &str = "test";

/// How the mock answers a request builder's operation: the value a test answers with, and
/// the response the real API sends for it. Implemented for every request builder by
/// generated code, from the same spec as the client: `{"data": value}` for data responses,
/// the page envelope for paginated lists (`Value` is then a `Vec` of every item, served page
/// by page), the bare JSON for other bodies, no body for no content, raw bytes for binary
/// bodies, each with the operation's success status.
pub trait Respond: Endpoint {
    /// What [`Expectation::respond`] takes.
    type Value;
    /// The operation's success status (the first 2xx the spec declares).
    const STATUS: u16;
    /// The query key of the page number (`page[number]`), for paginated operations: it
    /// takes part in the match only when the expectation sets it, so one expectation answers
    /// every page.
    #[doc(hidden)]
    const PAGE_NUMBER_KEY: Option<&'static str> = None;
    /// The query key of the page size (`page[size]`), for paginated operations: it takes
    /// part in the match only when the expectation sets it, so an expectation without it
    /// answers whatever page size the code under test asks for.
    #[doc(hidden)]
    const PAGE_SIZE_KEY: Option<&'static str> = None;
    /// The response for `value`.
    #[doc(hidden)]
    fn reply(value: Self::Value) -> Reply;
}

/// What a matched expectation does.
#[derive(Debug)]
enum Action {
    /// The operation's typed success, with the drifts applied to the body.
    Reply(Reply, Vec<Drift>),
    /// A response as given.
    Raw {
        status: u16,
        content_type: Option<String>,
        body: Bytes,
    },
    /// A response whose body stops short of its `Content-Length`; the connection is dropped.
    Truncated { status: u16, body: Bytes },
    /// The connection is dropped without a response.
    Reset,
}

/// A change to a typed answer's JSON (see [`Expectation::drift`]).
#[derive(Clone, Debug)]
struct Drift {
    /// A JSON pointer into the body as sent.
    pointer: String,
    /// The JSON put there; `None`: the member is removed.
    value: Option<Value>,
}

/// Applies `drifts` to a JSON body; the pointer that does not resolve, if one does not.
fn apply_drifts(body: &[u8], drifts: &[Drift]) -> Result<Bytes, String> {
    let mut json: Value =
        serde_json::from_slice(body).map_err(|_| "the typed answer is not JSON, so it cannot drift".to_string())?;
    for drift in drifts {
        let missing = |json: &Value| format!("the drift pointer `{}` is not in the answer {json}", drift.pointer);
        let Some((parent, last)) = drift.pointer.rsplit_once('/') else {
            return Err(missing(&json));
        };
        let last = last.replace("~1", "/").replace("~0", "~");
        let done = match (json.pointer_mut(parent), &drift.value) {
            (Some(Value::Object(m)), Some(v)) => {
                m.insert(last, v.clone());
                true
            }
            (Some(Value::Object(m)), None) => m.remove(&last).is_some(),
            (Some(Value::Array(a)), value) => match (last.parse::<usize>(), value) {
                (Ok(i), Some(v)) if i < a.len() => {
                    a[i] = v.clone();
                    true
                }
                (Ok(i), None) if i < a.len() => {
                    a.remove(i);
                    true
                }
                _ => false,
            },
            _ => false,
        };
        if !done {
            return Err(missing(&json));
        }
    }
    Ok(Bytes::from(json.to_string()))
}

/// One matched expectation's answer.
#[derive(Clone, Debug)]
struct Step {
    action: Arc<Action>,
    delay: Option<Duration>,
    headers: Arc<Vec<(HeaderName, HeaderValue)>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Times {
    /// Any number of calls, at least one.
    AtLeastOnce,
    /// Exactly this many; it stops matching after them.
    Exactly(usize),
    /// Any number of calls, none included.
    Any,
}

#[derive(Debug)]
struct Mounted {
    matcher: Matcher,
    step: Step,
    times: Times,
    calls: usize,
}

impl Mounted {
    fn exhausted(&self) -> bool {
        matches!(self.times, Times::Exactly(n) if self.calls >= n)
    }

    fn unmet(&self) -> Option<String> {
        match self.times {
            Times::AtLeastOnce if self.calls == 0 => Some("expected at least 1 call, received 0".into()),
            Times::Exactly(n) if self.calls != n => {
                Some(format!("expected exactly {n} call(s), received {}", self.calls))
            }
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Unmatched {
    request: ReceivedRequest,
    note: String,
}

#[derive(Debug, Default)]
struct State {
    expectations: Vec<Mounted>,
    received: Vec<ReceivedRequest>,
    unmatched: Vec<Unmatched>,
    retry_delays: Vec<Duration>,
    checked: bool,
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<State>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves the state as consistent as it was.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records `request` and finds its answer: the first expectation that matches and is
    /// not used up. An unmatched request is recorded with the nearest expectation.
    fn plan(&self, request: ReceivedRequest) -> Result<Step, String> {
        let mut state = self.lock();
        state.received.push(request.clone());
        if let Some(m) = state
            .expectations
            .iter_mut()
            .find(|m| !m.exhausted() && m.matcher.differences(&request).is_empty())
        {
            m.calls += 1;
            return Ok(m.step.clone());
        }
        let note = nearest(&state.expectations, &request);
        state.unmatched.push(Unmatched {
            request,
            note: note.clone(),
        });
        Err(note)
    }
}

/// What came nearest to matching `request`, as a sentence.
fn nearest(expectations: &[Mounted], request: &ReceivedRequest) -> String {
    let best = expectations
        .iter()
        .enumerate()
        .map(|(i, m)| (i, m, m.matcher.differences(request)))
        .min_by_key(|(_, _, d)| d.len());
    match best {
        None => "no expectation is mounted".to_string(),
        Some((i, m, d)) if d.is_empty() => format!(
            "expectation #{} {} matches it but was already called {} time(s), its limit",
            i + 1,
            m.matcher,
            m.calls
        ),
        Some((i, m, d)) => format!("nearest is expectation #{} {}: {}", i + 1, m.matcher, d.join("; ")),
    }
}

/// A mock Telnyx API on `127.0.0.1`, for tests. See the [module docs](self).
///
/// Dropping it stops the server and, unless the thread is already panicking or it was
/// verified already, verifies it like [`verify`](Self::verify).
pub struct MockTelnyx {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockTelnyx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("MockTelnyx")
            .field("base_url", &self.base_url())
            .field("expectations", &state.expectations.len())
            .field("received", &state.received.len())
            .field("unmatched", &state.unmatched.len())
            .finish()
    }
}

impl MockTelnyx {
    /// Starts a mock server on `127.0.0.1` on a free port, on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no port can be bound (see [`try_start`](Self::try_start)).
    pub async fn start() -> MockTelnyx {
        match Self::try_start().await {
            Ok(mock) => mock,
            Err(e) => panic!("telnyx_portout::mock: cannot bind 127.0.0.1:0: {e}"),
        }
    }

    /// Starts a mock server like [`start`](Self::start), returning the error of binding.
    pub async fn try_start() -> std::io::Result<MockTelnyx> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let server = tokio::spawn(server::serve(listener, shared.clone()));
        Ok(MockTelnyx { shared, addr, server })
    }

    /// The base URL to point a client at (`http://127.0.0.1:PORT`, no `/v2`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A [`ClientBuilder`] for this mock: API key [`API_KEY`], this base URL, retries that
    /// do not sleep (the delays are recorded in [`retry_delays`](Self::retry_delays)), and
    /// [`Decoding::Strict`](crate::Decoding::Strict), so a test fails on an answer that
    /// production would read only tolerantly (set `.decoding(Decoding::Tolerant)` to test
    /// the tolerant path, with [`Expectation::drift`]). Set timeouts, retries or headers on
    /// it, then `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        let shared = self.shared.clone();
        Client::builder()
            .api_key(API_KEY)
            .base_url(self.base_url())
            .decoding(crate::Decoding::Strict)
            .retry_sleeper(move |delay| {
                shared.lock().retry_delays.push(delay);
                std::future::ready(())
            })
    }

    /// A [`Client`] for this mock (see [`client_builder`](Self::client_builder)).
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("telnyx_portout::mock: the mock's client does not build: {e}"),
        }
    }

    /// An expectation of the request `request` sends, matched as the client sends it. Give
    /// it a response and [`mount`](Expectation::mount) it.
    pub fn expect<E: Respond>(&self, request: E) -> Expectation<'_, E> {
        Expectation {
            mock: self,
            request,
            action: None,
            delay: None,
            headers: Vec::new(),
            times: Times::AtLeastOnce,
            ignore: Vec::new(),
            drifts: Vec::new(),
        }
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().received.clone()
    }

    /// The requests no expectation matched, in order.
    pub fn unmatched(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().unmatched.iter().map(|u| u.request.clone()).collect()
    }

    /// The delays the clients of [`client`](Self::client) and
    /// [`client_builder`](Self::client_builder) asked to sleep before their retries, in order
    /// (they did not sleep).
    pub fn retry_delays(&self) -> Vec<Duration> {
        self.shared.lock().retry_delays.clone()
    }

    /// Checks that every expectation was met and every request matched one. Afterwards the
    /// mock counts as verified: dropping it does not check again.
    pub fn check(&self) -> Result<(), VerificationError> {
        let mut state = self.shared.lock();
        state.checked = true;
        let unmet: Vec<String> = state
            .expectations
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                m.unmet()
                    .map(|why| format!("expectation #{} {}: {why}", i + 1, m.matcher))
            })
            .collect();
        let unmatched: Vec<String> = state
            .unmatched
            .iter()
            .map(|u| format!("{}\n    {}", u.request, u.note))
            .collect();
        if unmet.is_empty() && unmatched.is_empty() {
            Ok(())
        } else {
            Err(VerificationError { unmet, unmatched })
        }
    }

    /// Panics, with a report, unless every expectation was met and every request matched
    /// one (see [`check`](Self::check)).
    pub fn verify(&self) {
        if let Err(e) = self.check() {
            panic!("{e}");
        }
    }
}

impl Drop for MockTelnyx {
    fn drop(&mut self) {
        self.server.abort();
        let checked = self.shared.lock().checked;
        if !checked && !std::thread::panicking() {
            self.verify();
        }
    }
}

/// Why a [`MockTelnyx`] did not verify: the expectations not met and the requests that
/// matched none.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerificationError {
    /// Each unmet expectation, with the calls expected and received.
    pub unmet: Vec<String>,
    /// Each unmatched request (method, path, query, body) with the nearest expectation and
    /// how it differs.
    pub unmatched: Vec<String>,
}

impl fmt::Display for VerificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("telnyx_portout::mock: verification failed")?;
        if !self.unmet.is_empty() {
            write!(f, "\n{} expectation(s) not met:", self.unmet.len())?;
            for u in &self.unmet {
                write!(f, "\n  - {u}")?;
            }
        }
        if !self.unmatched.is_empty() {
            write!(f, "\n{} request(s) matched no expectation:", self.unmatched.len())?;
            for u in &self.unmatched {
                write!(f, "\n  - {u}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for VerificationError {}

/// An entry of Telnyx's error list for [`Expectation::fail`]: `{code, title, detail,
/// source: {pointer, parameter}}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TelnyxError(ApiError);

impl TelnyxError {
    /// An error with a Telnyx code (`"10015"`) and a title.
    pub fn new(code: impl Into<String>, title: impl Into<String>) -> Self {
        TelnyxError(ApiError {
            code: Some(code.into()),
            title: Some(title.into()),
            ..ApiError::default()
        })
    }

    /// The explanation (`detail`).
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    /// The JSON pointer into the request body the error is about (`source.pointer`).
    pub fn pointer(mut self, pointer: impl Into<String>) -> Self {
        self.0.source.get_or_insert_with(Default::default).pointer = Some(pointer.into());
        self
    }

    /// The query or path parameter the error is about (`source.parameter`).
    pub fn parameter(mut self, parameter: impl Into<String>) -> Self {
        self.0.source.get_or_insert_with(Default::default).parameter = Some(parameter.into());
        self
    }
}

impl From<TelnyxError> for ApiError {
    fn from(e: TelnyxError) -> ApiError {
        e.0
    }
}

fn error_json(e: &ApiError) -> Value {
    let mut m = serde_json::Map::new();
    let mut put = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    };
    put("code", &e.code);
    put("title", &e.title);
    put("detail", &e.detail);
    if let Some(source) = &e.source {
        let mut s = serde_json::Map::new();
        if let Some(p) = &source.pointer {
            s.insert("pointer".into(), json!(p));
        }
        if let Some(p) = &source.parameter {
            s.insert("parameter".into(), json!(p));
        }
        m.insert("source".into(), Value::Object(s));
    }
    if let Some(meta) = &e.meta {
        m.insert("meta".into(), meta.clone());
    }
    Value::Object(m)
}

/// An expectation being set up: what it matches comes from the request builder, what it
/// answers from the methods here. Nothing happens until it is [mounted](Self::mount) (or
/// awaited, which mounts it).
#[must_use = "an expectation does nothing until it is mounted with `.mount()` (or awaited)"]
pub struct Expectation<'m, E: Respond> {
    mock: &'m MockTelnyx,
    request: E,
    action: Option<Action>,
    delay: Option<Duration>,
    headers: Vec<(String, String)>,
    times: Times,
    ignore: Vec<String>,
    drifts: Vec<Drift>,
}

impl<E: Respond + fmt::Debug> fmt::Debug for Expectation<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("request", &self.request)
            .field("action", &self.action)
            .field("delay", &self.delay)
            .field("headers", &self.headers)
            .field("times", &self.times)
            .field("ignore", &self.ignore)
            .field("drifts", &self.drifts)
            .finish()
    }
}

impl<'m, E: Respond> Expectation<'m, E> {
    /// Answers with the operation's success: `value` sent as the real API sends it, with the
    /// operation's success status. For a paginated list `value` holds every item; each
    /// request gets the page its `page[number]` and `page[size]` ask for (size
    /// [`DEFAULT_PAGE_SIZE`] when it asks none), with `meta` to match.
    pub fn respond(mut self, value: E::Value) -> Self {
        self.action = Some(Action::Reply(E::reply(value), Vec::new()));
        self
    }

    /// Makes the typed answer of [`respond`](Self::respond) drift from the spec: the JSON at
    /// `pointer` (a JSON pointer into the body as sent: `/data/created_at`, or
    /// `/data/1/created_at` for the second item of a page) is replaced by `value`, or added
    /// if its object lacks it. For testing how your code handles a response that drifts:
    /// the kit's client decodes strictly (so the call fails naming the path), a client with
    /// [`Decoding::Tolerant`](crate::Decoding::Tolerant) (production's default) reads it and
    /// lists the deviation. Call it after `respond`; several drifts apply in order.
    pub fn drift(mut self, pointer: &str, value: Value) -> Self {
        self.drifts.push(Drift {
            pointer: pointer.to_string(),
            value: Some(value),
        });
        self
    }

    /// Like [`drift`](Self::drift), removing the member at `pointer` instead (a field the
    /// spec requires, missing).
    pub fn drift_remove(mut self, pointer: &str) -> Self {
        self.drifts.push(Drift {
            pointer: pointer.to_string(),
            value: None,
        });
        self
    }

    /// Answers with this status and JSON body, whatever the operation's shape.
    pub fn respond_json(mut self, status: u16, body: Value) -> Self {
        self.action = Some(Action::Raw {
            status,
            content_type: Some("application/json".into()),
            body: Bytes::from(body.to_string()),
        });
        self
    }

    /// Answers with this status, content type (none: no `Content-Type`) and body.
    pub fn respond_raw(mut self, status: u16, content_type: Option<&str>, body: impl Into<Bytes>) -> Self {
        self.action = Some(Action::Raw {
            status,
            content_type: content_type.map(str::to_string),
            body: body.into(),
        });
        self
    }

    /// Answers `status` with Telnyx's error body `{"errors": [...]}` (`fail(429, [])`). With
    /// no errors, the list has one entry whose `code` is the status and whose `title` is its
    /// reason phrase.
    pub fn fail(mut self, status: u16, errors: impl IntoIterator<Item = TelnyxError>) -> Self {
        let mut list: Vec<Value> = errors.into_iter().map(|e| error_json(&e.0)).collect();
        if list.is_empty() {
            let reason = http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            list.push(json!({ "code": status.to_string(), "title": reason }));
        }
        self.action = Some(Action::Raw {
            status,
            content_type: Some("application/json".into()),
            body: Bytes::from(json!({ "errors": list }).to_string()),
        });
        self
    }

    /// Adds `Retry-After` in whole seconds (rounded up) to the response.
    pub fn retry_after(self, delay: Duration) -> Self {
        let secs = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
        self.header("retry-after", &secs.to_string())
    }

    /// Adds `retry-after-ms` (Telnyx's and the official SDKs' millisecond form) to the
    /// response.
    pub fn retry_after_ms(self, delay: Duration) -> Self {
        self.header("retry-after-ms", &delay.as_millis().to_string())
    }

    /// Adds a header to the response.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Waits this long before answering (past the client's timeout, to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Drops the connection without answering: the client sees the connection closed before
    /// a response (a connection error, which it retries).
    pub fn reset(mut self) -> Self {
        self.action = Some(Action::Reset);
        self
    }

    /// Answers with the operation's success status and these bytes as a JSON body that does
    /// not decode (`b"{\"data\": "`, `b"[]"`, a field of the wrong type, ...).
    pub fn malformed(mut self, body: impl Into<Bytes>) -> Self {
        self.action = Some(Action::Raw {
            status: E::STATUS,
            content_type: Some("application/json".into()),
            body: body.into(),
        });
        self
    }

    /// Answers with the operation's success status and a `Content-Length` larger than
    /// `body`, sends `body`, then drops the connection: a response cut off mid-body.
    pub fn truncated(mut self, body: impl Into<Bytes>) -> Self {
        self.action = Some(Action::Truncated {
            status: E::STATUS,
            body: body.into(),
        });
        self
    }

    /// Leaves a body member or query key out of the match: `"reason"` (a top-level body
    /// member, or the query key `reason` and every `reason[...]` below it) or a JSON pointer
    /// into the body (`"/filters/status__in"`). The `_` of "`update_status(id, Authorized,
    /// _)`".
    pub fn ignore_field(mut self, field: &str) -> Self {
        self.ignore.push(field.to_string());
        self
    }

    /// Matches exactly `n` requests: it stops matching after them (so the next expectation
    /// for the same request takes over), and verification fails unless all `n` came. Without
    /// it an expectation matches any number of requests and needs at least one.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Times::Exactly(n);
        self
    }

    /// Matches any number of requests, none included (it never fails verification).
    pub fn optional(mut self) -> Self {
        self.times = Times::Any;
        self
    }

    /// Mounts the expectation: requests are matched against it from now on, after the ones
    /// mounted before it.
    ///
    /// # Panics
    ///
    /// When it has no response (`respond`, `fail`, `reset`, ...), when the request builder
    /// cannot be sent (an empty path parameter: the client would not send it either), when
    /// the value cannot be serialized, or when a header name or value is invalid.
    pub fn mount(self) -> MockedExpectation {
        let mut matcher = match Matcher::of(&self.request) {
            Ok(m) => m,
            Err(e) => panic!(
                "telnyx_portout::mock: the expectation of {} {} cannot be sent: {e}",
                E::METHOD.as_str(),
                E::PATH_TEMPLATE
            ),
        };
        matcher.ignore = self.ignore;
        let Some(action) = self.action else {
            panic!(
                "telnyx_portout::mock: the expectation {matcher} has no response: call respond(..), fail(..), reset(), ... before mount()"
            );
        };
        if let Action::Reply(Reply(reply::Kind::Invalid(reason)), _) = &action {
            panic!("telnyx_portout::mock: the expectation {matcher}: {reason}");
        }
        let action = match (action, self.drifts) {
            (action, drifts) if drifts.is_empty() => action,
            (Action::Reply(reply, _), drifts) => Action::Reply(reply, drifts),
            _ => panic!(
                "telnyx_portout::mock: the expectation {matcher}: drift(..) changes a typed answer: call respond(..) too"
            ),
        };
        let mut headers = Vec::new();
        for (name, value) in &self.headers {
            match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
                (Ok(n), Ok(v)) => headers.push((n, v)),
                _ => panic!("telnyx_portout::mock: the expectation {matcher}: invalid header `{name}: {value}`"),
            }
        }
        let mut state = self.mock.shared.lock();
        state.expectations.push(Mounted {
            matcher,
            step: Step {
                action: Arc::new(action),
                delay: self.delay,
                headers: Arc::new(headers),
            },
            times: self.times,
            calls: 0,
        });
        MockedExpectation {
            shared: self.mock.shared.clone(),
            index: state.expectations.len() - 1,
        }
    }
}

impl<E: Respond> IntoFuture for Expectation<'_, E> {
    type Output = MockedExpectation;
    type IntoFuture = Ready<MockedExpectation>;
    /// Mounts the expectation (the same as [`mount`](Expectation::mount)).
    fn into_future(self) -> Self::IntoFuture {
        std::future::ready(self.mount())
    }
}

/// A mounted expectation, to read how often it matched.
pub struct MockedExpectation {
    shared: Arc<Shared>,
    index: usize,
}

impl fmt::Debug for MockedExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockedExpectation")
            .field("index", &self.index)
            .field("calls", &self.calls())
            .finish()
    }
}

impl MockedExpectation {
    /// The number of requests it has answered.
    pub fn calls(&self) -> usize {
        self.shared.lock().expectations.get(self.index).map_or(0, |m| m.calls)
    }
}
