//! What an expectation matches, computed from a request builder exactly as the client would
//! send it, and the requests the mock received.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::fmt;

/// One request the mock received.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The HTTP method.
    pub method: http::Method,
    /// The path as sent (percent-encoded), e.g. `/portouts/0ccc7b54-.../authorized`.
    pub path: String,
    /// The query pairs, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body as sent.
    pub body: Bytes,
    /// The query pairs with keys decoded and values as sent (encoded), for matching: a
    /// comma inside a list item (`%2C`) stays apart from the separator.
    pub(super) raw_query: Vec<(String, String)>,
}

impl ReceivedRequest {
    pub(super) fn new(method: http::Method, path: &str, query: Option<&str>, headers: HeaderMap, body: Bytes) -> Self {
        let raw_query = parse_query(query.unwrap_or(""));
        ReceivedRequest {
            method,
            path: path.to_string(),
            query: raw_query.iter().map(|(k, v)| (k.clone(), decode(v))).collect(),
            headers,
            body,
            raw_query,
        }
    }

    /// The decoded value of the first query pair with this key.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The value of a header, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Display for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", show_pairs(&self.query, "&"))?;
        }
        if !self.body.is_empty() {
            write!(f, " with body {}", String::from_utf8_lossy(&self.body))?;
        }
        Ok(())
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `a=1&b=2` into pairs: keys decoded, values kept encoded.
pub(super) fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), v.to_string()),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn show_pairs(pairs: &[(String, String)], sep: &str) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The body an expectation wants.
#[derive(Clone, Debug)]
enum ExpectedBody {
    /// No body.
    None,
    /// JSON, compared as values.
    Json(Value),
    /// A form, compared as pairs (in any order).
    Form(Vec<(String, String)>),
    /// A multipart/form-data body, compared byte for byte once the received body's boundary
    /// (random per request) stands for the expected one (no part holds either).
    Multipart {
        /// The body the expectation's builder encodes.
        body: Bytes,
        /// Its boundary.
        boundary: String,
    },
    /// Anything else, compared byte for byte.
    Bytes(Bytes),
}

/// The boundary of a `multipart/form-data; boundary=...` content type.
fn multipart_boundary(content_type: &str) -> Option<&str> {
    content_type
        .strip_prefix("multipart/form-data; boundary=")
        .filter(|b| !b.is_empty())
}

/// `body` with every `from` replaced by `to`.
fn replace_bytes(body: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if !from.is_empty() && body[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

/// What an expectation matches.
#[derive(Clone, Debug)]
pub(super) struct Matcher {
    /// `GET /portouts/{id}`.
    pub operation: String,
    method: http::Method,
    path: String,
    query: Vec<(String, String)>,
    /// The page parameters (`page[number]`, `page[size]`) the expectation leaves unset:
    /// they do not take part in the match.
    page_keys: Vec<&'static str>,
    /// The page parameters the expectation sets: they take part in the match (and a 404
    /// says so).
    set_page_keys: Vec<&'static str>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: ExpectedBody,
    pub ignore: Vec<String>,
}

impl Matcher {
    /// The matcher of what `request` sends, or why it cannot be sent.
    pub(super) fn of<E: super::Respond>(request: &E) -> Result<Matcher, String> {
        let operation = format!("{} {}", E::METHOD.as_str(), E::PATH_TEMPLATE);
        let path = request.path().map_err(|e| e.to_string())?;
        let query = crate::runtime::send::query_string(request, request.options());
        // Through the URL parser, as the client sends it.
        let joined = if query.is_empty() {
            format!("http://127.0.0.1{path}")
        } else {
            format!("http://127.0.0.1{path}?{query}")
        };
        let url = url::Url::parse(&joined).map_err(|e| format!("the path does not form a valid URL: {e}"))?;
        let body = match request.body().map_err(|e| e.to_string())? {
            None => ExpectedBody::None,
            Some(b) => match b.content_type() {
                "application/json" => match serde_json::from_slice(b.as_bytes()) {
                    Ok(v) => ExpectedBody::Json(v),
                    Err(_) => ExpectedBody::Bytes(b.as_bytes().clone()),
                },
                "application/x-www-form-urlencoded" => {
                    let mut pairs = parse_query(&String::from_utf8_lossy(b.as_bytes()));
                    pairs.sort();
                    ExpectedBody::Form(pairs)
                }
                ct => match multipart_boundary(ct) {
                    Some(boundary) => ExpectedBody::Multipart {
                        body: b.as_bytes().clone(),
                        boundary: boundary.to_string(),
                    },
                    None => ExpectedBody::Bytes(b.as_bytes().clone()),
                },
            },
        };
        let mut params = Vec::new();
        request.headers(&mut params);
        let mut headers = Vec::new();
        for (name, value) in params {
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("header `{name}` is invalid"))?;
            let v = HeaderValue::from_str(&value).map_err(|_| format!("header `{name}` has an invalid value"))?;
            headers.push((n, v));
        }
        for (n, v) in request.options().headers.iter() {
            headers.push((n.clone(), v.clone()));
        }
        let query = parse_query(url.query().unwrap_or(""));
        let (set_page_keys, page_keys) = [E::PAGE_NUMBER_KEY, E::PAGE_SIZE_KEY]
            .into_iter()
            .flatten()
            .partition(|key| query.iter().any(|(k, _)| k == key));
        Ok(Matcher {
            operation,
            method: E::METHOD.to_http(),
            path: url.path().to_string(),
            query,
            page_keys,
            set_page_keys,
            headers,
            body,
            ignore: Vec::new(),
        })
    }

    fn ignored(&self, key: &str) -> bool {
        self.page_keys.contains(&key)
            || self
                .ignore
                .iter()
                .any(|f| key == f || key.strip_prefix(f.as_str()).is_some_and(|rest| rest.starts_with('[')))
    }

    fn kept(&self, pairs: &[(String, String)]) -> Vec<(String, String)> {
        let mut kept: Vec<(String, String)> = pairs.iter().filter(|(k, _)| !self.ignored(k)).cloned().collect();
        kept.sort();
        kept
    }

    fn strip(&self, value: &Value) -> Value {
        let mut v = value.clone();
        for field in &self.ignore {
            if field.starts_with('/') {
                if let Some((parent, last)) = field.rsplit_once('/') {
                    let last = last.replace("~1", "/").replace("~0", "~");
                    match v.pointer_mut(parent) {
                        Some(Value::Object(m)) => {
                            m.remove(&last);
                        }
                        Some(Value::Array(a)) => {
                            if let Ok(i) = last.parse::<usize>() {
                                if i < a.len() {
                                    a.remove(i);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            } else if let Value::Object(m) = &mut v {
                m.remove(field);
            }
        }
        v
    }

    /// How `request` differs from what is expected; empty when it matches.
    pub(super) fn differences(&self, request: &ReceivedRequest) -> Vec<String> {
        let mut out = Vec::new();
        if request.method != self.method {
            out.push(format!("method: expected {}, got {}", self.method, request.method));
        }
        if request.path != self.path {
            out.push(format!("path: expected {}, got {}", self.path, request.path));
        }
        let want = self.kept(&self.query);
        let got = self.kept(&request.raw_query);
        if want != got {
            let missing = multiset_minus(&want, &got);
            let extra = multiset_minus(&got, &want);
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("missing {}", show_decoded(&missing, ", ")));
            }
            if !extra.is_empty() {
                parts.push(format!("unexpected {}", show_decoded(&extra, ", ")));
            }
            let page_set: Vec<&str> = self
                .set_page_keys
                .iter()
                .copied()
                .filter(|key| missing.iter().chain(&extra).any(|(k, _)| k == key))
                .collect();
            if !page_set.is_empty() {
                parts.push(format!(
                    "the page parameter {} takes part in the match because the expectation sets it (leave it out of the expectation to answer any page)",
                    page_set.join(", ")
                ));
            }
            out.push(format!("query: {}", parts.join("; ")));
        }
        for (name, value) in &self.headers {
            let got = request.headers.get(name);
            if got != Some(value) {
                out.push(format!(
                    "header {name}: expected {:?}, got {:?}",
                    value,
                    got.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                ));
            }
        }
        let lossy = || String::from_utf8_lossy(&request.body).into_owned();
        match &self.body {
            ExpectedBody::None => {
                if !request.body.is_empty() {
                    out.push(format!("body: expected none, got {}", lossy()));
                }
            }
            ExpectedBody::Json(want) => match serde_json::from_slice::<Value>(&request.body) {
                Ok(got) => {
                    let (want, got) = (self.strip(want), self.strip(&got));
                    if want != got {
                        out.push(format!("body: expected {want}, got {got}"));
                    }
                }
                Err(_) => out.push(format!("body: expected JSON {}, got {:?}", self.strip(want), lossy())),
            },
            ExpectedBody::Form(want) => {
                let got = parse_query(&lossy());
                if self.kept(want) != self.kept(&got) {
                    out.push(format!(
                        "form body: expected {}, got {}",
                        show_decoded(&self.kept(want), ", "),
                        show_decoded(&self.kept(&got), ", ")
                    ));
                }
            }
            ExpectedBody::Multipart { body, boundary } => {
                let got = request
                    .headers
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(multipart_boundary);
                match got {
                    Some(got) if replace_bytes(body, boundary.as_bytes(), got.as_bytes()) == request.body => {}
                    Some(got) => out.push(format!(
                        "body: expected the multipart body {:?}, got {:?}",
                        String::from_utf8_lossy(&replace_bytes(body, boundary.as_bytes(), got.as_bytes())),
                        lossy()
                    )),
                    None => out.push(format!(
                        "body: expected a multipart/form-data body, got content type {:?}",
                        request.headers.get(http::header::CONTENT_TYPE)
                    )),
                }
            }
            ExpectedBody::Bytes(want) => {
                if *want != request.body {
                    out.push(format!(
                        "body: expected {} bytes {:?}, got {} bytes {:?}",
                        want.len(),
                        String::from_utf8_lossy(want),
                        request.body.len(),
                        lossy()
                    ));
                }
            }
        }
        out
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {}", self.operation, self.method, self.path)?;
        let query = self.kept(&self.query);
        if !query.is_empty() {
            write!(f, "?{}", show_decoded(&query, "&"))?;
        }
        match &self.body {
            ExpectedBody::None => {}
            ExpectedBody::Json(v) => write!(f, " with body {}", self.strip(v))?,
            ExpectedBody::Form(p) => write!(f, " with form {}", show_decoded(&self.kept(p), ", "))?,
            ExpectedBody::Bytes(b) => write!(f, " with a body of {} bytes", b.len())?,
            ExpectedBody::Multipart { body, .. } => write!(f, " with a multipart body of {} bytes", body.len())?,
        }
        if !self.ignore.is_empty() {
            write!(f, ", ignoring {}", self.ignore.join(", "))?;
        }
        f.write_str(")")
    }
}

fn show_decoded(pairs: &[(String, String)], sep: &str) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", decode(v)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The items of `a` not in `b`, counting repeats.
fn multiset_minus(a: &[(String, String)], b: &[(String, String)]) -> Vec<(String, String)> {
    let mut rest: Vec<&(String, String)> = b.iter().collect();
    let mut out = Vec::new();
    for item in a {
        match rest.iter().position(|x| *x == item) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(item.clone()),
        }
    }
    out
}
