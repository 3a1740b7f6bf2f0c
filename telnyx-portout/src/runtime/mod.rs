//! The runtime every generated operation goes through. The generated code uses only the
//! items of this module (a small, stable internal API): [`endpoint::Endpoint`],
//! [`query::Query`], [`path::segment`], [`decode`], [`Body`], and the macros in
//! [`enums`] and [`endpoint`].

pub mod decode;
pub mod endpoint;
pub mod enums;
pub mod pagination;
pub mod path;
pub mod query;
pub(crate) mod retry;
pub(crate) mod send;
pub(crate) mod tls;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::time::Duration;

/// Per-request settings that override the client's, without rebuilding it.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Extra headers, added after (and replacing) the client's default headers.
    pub headers: HeaderMap,
    /// Extra query pairs, appended after the operation's own.
    pub query: Vec<(String, String)>,
    /// Total timeout of one attempt.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
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
}

/// A serialized request body, replayed byte for byte on every attempt.
#[derive(Clone, Debug)]
pub struct Body {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: &'static str,
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
            content_type: "application/json",
        })
    }
}

/// A received response, before decoding.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body, as received.
    pub body: Bytes,
    /// `METHOD /path/template` of the operation, for messages.
    pub operation: String,
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
}

impl<T> ApiResponse<T> {
    /// The request id Telnyx assigned (`x-request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }
}
