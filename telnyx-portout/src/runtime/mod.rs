//! The runtime every generated operation goes through. The generated code uses only the
//! items of this module (a small internal API): [`endpoint::Endpoint`], [`query::Query`],
//! [`path::segment`], [`decode`], [`Body`], [`multipart::File`], and the macros in
//! [`enums`], [`object`] and [`endpoint`].
//!
//! This module is the contract between the generator and the runtime, not public API: it is
//! `#[doc(hidden)]`, may change in any release, and is versioned by [`CONTRACT`], which the
//! generated code checks at compile time (code generated for another contract does not
//! compile against this runtime, with a message saying so). What users need from here is
//! re-exported at the crate root.

/// The version of the contract between the generated code and this runtime. Bumped with
/// every change the generated code has to follow (`codegen::emit::RUNTIME_CONTRACT`).
pub const CONTRACT: u32 = 5;

pub mod decode;
pub mod endpoint;
pub mod enums;
pub mod multipart;
pub mod object;
pub mod pagination;
pub mod path;
pub mod query;
pub(crate) mod retry;
pub(crate) mod send;
pub mod tls;
pub mod tolerant;
pub mod unknown;

use crate::deviation::{Decoding, Deviation};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::time::Duration;

/// Per-request settings that override the client's, without rebuilding it.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Extra headers, added after (and replacing) the client's default headers.
    pub headers: HeaderMap,
    /// Extra query pairs (unencoded). A key listed here replaces every pair of that key the
    /// operation itself sends; the pairs go out in this order, after the operation's own.
    pub query: Vec<(String, String)>,
    /// Total timeout of one attempt.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// How the response is decoded (the client's setting when `None`).
    pub decoding: Option<Decoding>,
    /// Invalid header names or values given to the builder, reported when the request is sent.
    pub(crate) invalid: Vec<String>,
}

impl RequestOptions {
    /// Adds a header; an invalid name or value makes the request fail with
    /// [`crate::Error::InvalidArgument`] when sent.
    pub fn header(&mut self, name: &str, value: &str) {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => self
                .invalid
                .push(format!("header `{name}` has an invalid name or value")),
        }
    }

    /// Sets query parameter `key` to `value`, replacing an earlier value of `key` here and
    /// whatever the operation itself sends for `key` (as the official SDKs' `extra_query`).
    pub fn query_param(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        self.query.retain(|(k, _)| *k != key);
        self.query.push((key, value.into()));
    }
}

/// A serialized request body, replayed byte for byte on every attempt.
#[derive(Clone)]
pub struct Body {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: std::borrow::Cow<'static, str>,
}

/// The content type, and the body as text for JSON and form bodies; for any other (bytes, a
/// multipart body with its files) only its size: a request builder's `Debug` shows its body
/// so, without dumping a file.
impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Body");
        d.field("content_type", &self.content_type);
        match self.content_type.as_ref() {
            "application/json" | "application/x-www-form-urlencoded" => {
                d.field("text", &String::from_utf8_lossy(&self.bytes))
            }
            _ => d.field("len", &self.bytes.len()),
        };
        d.finish()
    }
}

impl Body {
    /// A JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, crate::Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| crate::Error::InvalidArgument {
            parameter: "body".into(),
            reason: format!("cannot be serialized as JSON: {e}"),
        })?;
        Ok(Body {
            bytes: Bytes::from(bytes),
            content_type: "application/json".into(),
        })
    }

    /// An `application/x-www-form-urlencoded` body: the value's members as pairs, nested
    /// objects in brackets (`a[b]=..`), lists as repeated keys, nulls left out, each key and
    /// value percent-encoded. Only an object can be a form.
    pub fn form<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, crate::Error> {
        fn add(q: &mut query::Query, key: &str, v: &serde_json::Value) {
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::String(s) => q.extra(key, s),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => q.extra(key, &v.to_string()),
                serde_json::Value::Array(items) => items.iter().for_each(|i| add(q, key, i)),
                serde_json::Value::Object(m) => m.iter().for_each(|(k, i)| add(q, &format!("{key}[{k}]"), i)),
            }
        }
        let invalid = |reason: String| crate::Error::InvalidArgument {
            parameter: "body".into(),
            reason,
        };
        let value = serde_json::to_value(value).map_err(|e| invalid(format!("cannot be serialized: {e}")))?;
        let serde_json::Value::Object(members) = value else {
            return Err(invalid("a form body must be an object".into()));
        };
        let mut q = query::Query::new();
        for (k, v) in &members {
            add(&mut q, k, v);
        }
        Ok(Body {
            bytes: Bytes::from(q.encode()),
            content_type: "application/x-www-form-urlencoded".into(),
        })
    }

    /// The bytes sent.
    pub fn as_bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The `Content-Type` sent.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// A body of raw bytes with the given media type.
    pub fn raw(bytes: &Bytes, content_type: &'static str) -> Result<Self, crate::Error> {
        Ok(Body {
            bytes: bytes.clone(),
            content_type: content_type.into(),
        })
    }

    /// A `multipart/form-data` body of the object `value` (see [`multipart`]: files, text
    /// fields, repeated parts, JSON parts), with the spec's `encoding` content types by member
    /// name.
    pub fn multipart<T: serde::Serialize + ?Sized>(
        value: &T,
        part_types: &[(&str, &str)],
    ) -> Result<Self, crate::Error> {
        let (bytes, content_type) = multipart::encode(value, part_types)?;
        Ok(Body {
            bytes,
            content_type: content_type.into(),
        })
    }
}

/// A received response, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, as received.
    pub body: Bytes,
    /// `METHOD /path/template` of the operation, for messages.
    pub operation: String,
    /// How to decode it.
    pub decoding: Decoding,
    /// What decoding found that deviates from the spec (filled by [`decode`]).
    pub(crate) deviations: std::sync::Mutex<Vec<Deviation>>,
}

impl RawResponse {
    /// A response to decode as `decoding` says.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes, operation: String, decoding: Decoding) -> Self {
        RawResponse {
            status,
            headers,
            body,
            operation,
            decoding,
            deviations: std::sync::Mutex::default(),
        }
    }

    /// Adds what one decode found.
    pub(crate) fn record(&self, found: &[Deviation]) {
        if !found.is_empty() {
            let mut list = self
                .deviations
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            list.extend_from_slice(found);
        }
    }

    /// Takes what decoding found.
    pub(crate) fn take_deviations(&self) -> Vec<Deviation> {
        std::mem::take(
            &mut *self
                .deviations
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

impl Clone for RawResponse {
    fn clone(&self) -> Self {
        let copy = RawResponse::new(
            self.status,
            self.headers.clone(),
            self.body.clone(),
            self.operation.clone(),
            self.decoding,
        );
        copy.record(
            &self
                .deviations
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        copy
    }
}

/// A decoded value with the response it came from: status, headers and raw bytes.
#[derive(Clone, Debug)]
pub struct ApiResponse<T> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// The decoded value.
    pub value: T,
    /// Where the body deviates from the spec and what was done with each place (always
    /// empty with [`Decoding::Strict`], whose deviations are errors).
    pub deviations: Vec<Deviation>,
}

impl<T> ApiResponse<T> {
    /// The request id Telnyx assigned (`x-request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }
}

impl<T: serde::Serialize> ApiResponse<T> {
    /// The members of the body that this version's models do not know (Telnyx added them
    /// after the spec this client was generated from), each with its JSON path
    /// (`data.brand_new_field`, `data.params.filters.new_filter`) and its raw JSON, so a new
    /// field can be read before the next version. Computed when called, from the raw body and
    /// the decoded value (their members compared; `null` members and the places listed in
    /// [`deviations`](Self::deviations) are not reported); nothing is kept for it while
    /// decoding.
    pub fn unknown_fields(&self) -> Vec<(String, serde_json::Value)> {
        let (Ok(raw), Ok(typed)) = (
            serde_json::from_slice::<serde_json::Value>(&self.body),
            serde_json::to_value(&self.value),
        ) else {
            return Vec::new();
        };
        let skip: Vec<&str> = self.deviations.iter().map(|d| d.path.as_str()).collect();
        let mut out = Vec::new();
        // A `{"data": ...}` body whose value is the `data`: compare there, and report the
        // envelope's other members.
        let enveloped = raw.get("data").is_some() && typed.get("data").is_none();
        match (&raw, enveloped) {
            (serde_json::Value::Object(members), true) => {
                for (key, value) in members {
                    if key == "data" {
                        unknown_members(value, &typed, "data", &skip, &mut out);
                    } else if !value.is_null() {
                        out.push((key.clone(), value.clone()));
                    }
                }
            }
            _ => unknown_members(&raw, &typed, "", &skip, &mut out),
        }
        out
    }
}

/// The members of `raw` that `typed` (the decoded value, serialized) lacks, under `path`.
fn unknown_members(
    raw: &serde_json::Value,
    typed: &serde_json::Value,
    path: &str,
    skip: &[&str],
    out: &mut Vec<(String, serde_json::Value)>,
) {
    use serde_json::Value;
    match (raw, typed) {
        (Value::Object(r), Value::Object(t)) => {
            for (key, value) in r {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match t.get(key) {
                    Some(inner) => unknown_members(value, inner, &at, skip, out),
                    None if value.is_null() || skip.contains(&at.as_str()) => {}
                    None => out.push((at, value.clone())),
                }
            }
        }
        // Lists whose items line up (none left out by tolerant decoding).
        (Value::Array(r), Value::Array(t)) if r.len() == t.len() => {
            for (i, (value, inner)) in r.iter().zip(t).enumerate() {
                unknown_members(value, inner, &format!("{path}[{i}]"), skip, out);
            }
        }
        _ => {}
    }
}
