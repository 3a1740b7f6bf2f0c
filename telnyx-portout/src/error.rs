//! The one error type of the client.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use std::fmt;
use std::time::{Duration, SystemTime};

/// Everything that can go wrong with a request. Match on the variant, or use the helpers
/// (`is_not_found()`, `status()`, ...). The API key never appears in any of it.
///
/// The enum and its struct variants are `#[non_exhaustive]`: match with a `_` arm and with
/// `..` in struct patterns, so that new variants and fields do not break your code.
///
/// Errors follow the std convention: `Display` says what this error adds, and the cause (the
/// `reqwest` error of a connection failure) is reached through
/// [`source()`](std::error::Error::source), never printed twice. Print the whole chain with
/// `anyhow`/`eyre` (`{:#}` or `{:?}`), or by walking `source()`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The connection failed (DNS, refused, reset, TLS). Retried. The `reqwest` error is the
    /// [`source`](std::error::Error::source).
    #[non_exhaustive]
    Connection {
        /// `METHOD /path/template`.
        operation: String,
        /// The underlying error.
        source: reqwest::Error,
    },
    /// An attempt took longer than its timeout. Retried.
    #[non_exhaustive]
    Timeout {
        /// `METHOD /path/template`.
        operation: String,
        /// The limit that was exceeded: the timeout of one attempt (the client's, or the
        /// request's `.timeout(..)`), or the connect timeout when `connecting`.
        timeout: Duration,
        /// Whether the connection could not be set up in time (the connect timeout), rather
        /// than the whole attempt.
        connecting: bool,
        /// The attempt that timed out, from 1.
        attempt: u32,
        /// The attempts allowed: 1 + the retries.
        max_attempts: u32,
    },
    /// A redirect could not be followed: a loop, more than 10 redirects, or a location that
    /// is not http(s). Never retried.
    #[non_exhaustive]
    Redirect {
        /// `METHOD /path/template`.
        operation: String,
        /// The URL whose redirect could not be followed, when known.
        url: Option<String>,
        /// How many redirects were followed before this one, when known (not with an
        /// injected `reqwest::Client`, whose own redirect policy applies).
        redirects: Option<usize>,
        /// Why (`redirect loop: ... was already requested`, `too many redirects ...`).
        reason: String,
    },
    /// The API answered with a non-2xx status.
    Status(Box<StatusError>),
    /// A 2xx response whose body does not decode into the expected type.
    Decode(Box<DecodeError>),
    /// A 2xx response with a compressed body (`Content-Encoding: gzip`, `br`, ...) although
    /// the client does not ask for compression, so it cannot be read. Not retried.
    #[non_exhaustive]
    UnexpectedEncoding {
        /// `METHOD /path/template`.
        operation: String,
        /// HTTP status.
        status: StatusCode,
        /// The `Content-Encoding` header, as received.
        encoding: String,
        /// The raw (still encoded) body.
        body: Bytes,
    },
    /// An argument is invalid (e.g. an empty path parameter); nothing was sent.
    #[non_exhaustive]
    InvalidArgument {
        /// Which parameter.
        parameter: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The client configuration is invalid (missing or malformed API key, bad base URL).
    InvalidConfig(String),
    /// The response body is larger than the configured cap.
    #[non_exhaustive]
    ResponseTooLarge {
        /// `METHOD /path/template`.
        operation: String,
        /// The cap, in bytes.
        limit: usize,
    },
    /// Pagination cannot continue.
    Pagination(PaginationError),
}

/// Why pagination stopped with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The server answered a request for the next page with a page number that does not
    /// advance (a mock server, or a server bug); continuing would loop forever.
    NotAdvancing {
        /// `METHOD /path/template`.
        operation: String,
        /// The page number requested.
        requested: i64,
        /// The page number received.
        received: i64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The reqwest error is the source, not part of this message.
            Error::Connection { operation, source } => match source.url().and_then(authority) {
                Some(to) => write!(f, "{operation}: connection to {to} failed"),
                None => write!(f, "{operation}: connection failed"),
            },
            Error::Timeout {
                operation,
                timeout,
                connecting,
                attempt,
                max_attempts,
            } => {
                let what = if *connecting {
                    "connecting timed out"
                } else {
                    "timed out"
                };
                write!(
                    f,
                    "{operation}: {what} after {timeout:?} (attempt {attempt} of {max_attempts})"
                )
            }
            Error::Redirect {
                operation,
                url,
                redirects,
                reason,
            } => {
                write!(f, "{operation}: could not follow ")?;
                match url {
                    Some(url) => write!(f, "the redirect from {url}")?,
                    None => write!(f, "a redirect")?,
                }
                match redirects {
                    Some(1) => write!(f, " after 1 redirect")?,
                    Some(n) if *n > 1 => write!(f, " after {n} redirects")?,
                    _ => {}
                }
                write!(f, ": {}", one_line(reason))
            }
            Error::Status(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::UnexpectedEncoding {
                operation,
                status,
                encoding,
                ..
            } => write!(
                f,
                "{operation}: the HTTP {status} response is {}-encoded (content-encoding: {}), which this client did not ask for and cannot decode",
                encoding_label(encoding),
                one_line(encoding)
            ),
            Error::InvalidArgument { parameter, reason } => write!(f, "invalid argument `{parameter}`: {reason}"),
            Error::InvalidConfig(msg) => write!(f, "invalid configuration: {msg}"),
            Error::ResponseTooLarge { operation, limit } => {
                write!(
                    f,
                    "{operation}: response body is larger than the limit of {limit} bytes"
                )
            }
            Error::Pagination(PaginationError::NotAdvancing {
                operation,
                requested,
                received,
            }) => write!(
                f,
                "{operation}: requested page {requested} but the server answered page {received}; stopping instead of looping"
            ),
        }
    }
}

/// `host:port` of a URL.
fn authority(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// The codings of a `Content-Encoding` value other than `identity`, if any (`gzip`,
/// `gzip+br`).
pub(crate) fn unrequested_encoding(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::CONTENT_ENCODING)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let label = encoding_label(&text);
    (!label.is_empty()).then(|| text.trim().to_string())
}

fn encoding_label(value: &str) -> String {
    value
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty() && c != "identity")
        .map(|c| one_line(&c))
        .collect::<Vec<_>>()
        .join("+")
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Error {
    /// The status error, if the API answered with a non-2xx status.
    pub fn as_status(&self) -> Option<&StatusError> {
        match self {
            Error::Status(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, for status errors.
    pub fn status(&self) -> Option<StatusCode> {
        self.as_status().map(|e| e.status)
    }

    fn status_is(&self, code: u16) -> bool {
        self.status().is_some_and(|s| s.as_u16() == code)
    }

    /// 401: the API key is missing or wrong.
    pub fn is_unauthorized(&self) -> bool {
        self.status_is(401)
    }
    /// 403: the key may not do this.
    pub fn is_forbidden(&self) -> bool {
        self.status_is(403)
    }
    /// 404: no such resource.
    pub fn is_not_found(&self) -> bool {
        self.status_is(404)
    }
    /// 409: conflict.
    pub fn is_conflict(&self) -> bool {
        self.status_is(409)
    }
    /// 422: the request was understood but is invalid; see [`StatusError::field_pointers`].
    pub fn is_unprocessable(&self) -> bool {
        self.status_is(422)
    }
    /// 429: rate limited; see [`StatusError::retry_after`].
    pub fn is_rate_limited(&self) -> bool {
        self.status_is(429)
    }
    /// 5xx.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s.is_server_error())
    }
    /// A timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
    /// A connection failure.
    pub fn is_connection(&self) -> bool {
        matches!(self, Error::Connection { .. })
    }
    /// A redirect that could not be followed (loop, too many, not http(s)).
    pub fn is_redirect(&self) -> bool {
        matches!(self, Error::Redirect { .. })
    }
}

/// A non-2xx response.
#[derive(Clone)]
#[non_exhaustive]
pub struct StatusError {
    /// `METHOD /path/template`.
    pub operation: String,
    /// The URL requested (with its query).
    pub url: String,
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// Telnyx's error list, parsed from `{"errors": [...]}` when the body has one.
    pub errors: Vec<ApiError>,
}

impl fmt::Debug for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusError")
            .field("operation", &self.operation)
            .field("url", &self.url)
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("errors", &self.errors)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("headers", &self.headers)
            .finish()
    }
}

/// One entry of Telnyx's error list.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct ApiError {
    /// Telnyx error code (`"10015"`).
    #[serde(default, deserialize_with = "string_or_number")]
    pub code: Option<String>,
    /// Short title.
    #[serde(default)]
    pub title: Option<String>,
    /// Explanation (`detail`, or `description` in some responses).
    #[serde(default, alias = "description")]
    pub detail: Option<String>,
    /// What the error is about.
    #[serde(default)]
    pub source: Option<ApiErrorSource>,
    /// Anything else the API attached.
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
}

/// Where in the request an error points.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct ApiErrorSource {
    /// JSON pointer into the request body (`/reason`).
    #[serde(default)]
    pub pointer: Option<String>,
    /// The query or path parameter at fault.
    #[serde(default)]
    pub parameter: Option<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<serde_json::Value> = serde::Deserialize::deserialize(d)?;
    Ok(match v {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
}

impl StatusError {
    /// A status error as the client builds it: `errors` parsed from the body when it is
    /// Telnyx's `{"errors": [...]}`. For tests of code that handles errors.
    pub fn new(
        operation: impl Into<String>,
        url: impl Into<String>,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let errors = serde_json::from_slice::<ErrorBody>(&body)
            .map(|b| b.errors)
            .unwrap_or_default();
        StatusError {
            operation: operation.into(),
            url: url.into(),
            status,
            headers,
            body,
            errors,
        }
    }

    /// The request id Telnyx assigned (`x-request-id`), for support tickets.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The JSON pointers (or parameter names) the errors point at, for 422s.
    pub fn field_pointers(&self) -> Vec<&str> {
        self.errors
            .iter()
            .filter_map(|e| e.source.as_ref())
            .filter_map(|s| s.pointer.as_deref().or(s.parameter.as_deref()))
            .collect()
    }

    /// The delay the server asked for (`retry-after-ms` or `retry-after`), for 429s.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::runtime::retry::retry_after(&self.headers, SystemTime::now())
    }

    /// The body as text (lossy), for logs.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: HTTP {}", self.operation, self.status)?;
        if let Some(e) = self.errors.first() {
            if let Some(code) = &e.code {
                write!(f, " [{}]", one_line(code))?;
            }
            if let Some(t) = &e.title {
                write!(f, " {}", one_line(t))?;
            }
            if let Some(d) = &e.detail {
                write!(f, ": {}", one_line(d))?;
            }
            if self.errors.len() > 1 {
                write!(f, " (and {} more)", self.errors.len() - 1)?;
            }
        } else {
            if let Some(violations) = self.headers.get("sl-violations").and_then(|v| v.to_str().ok()) {
                write!(f, " (violations: {})", one_line(violations))?;
            }
            if self.status == StatusCode::NOT_FOUND {
                // Not Telnyx's `{"errors": [...]}`: most likely the request never reached the
                // API (a wrong host, or the path prefix twice).
                let url = self.url.split(['?', '#']).next().unwrap_or_default();
                write!(
                    f,
                    " from {url}, which is not a Telnyx API error: check the base URL (an extra `/v2`, or a wrong host?)"
                )?;
            }
        }
        if self.status.is_redirection() {
            if let Some(location) = self.headers.get(http::header::LOCATION) {
                write!(
                    f,
                    " (redirect to `{}`, not followed)",
                    one_line(&String::from_utf8_lossy(location.as_bytes()))
                )?;
            }
        }
        if !self.body.is_empty() {
            if let Some(encoding) = unrequested_encoding(&self.headers) {
                write!(
                    f,
                    " (the body is {}-encoded, which this client did not ask for)",
                    encoding_label(&encoding)
                )?;
            }
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Text from a server, on one line (log lines stay one line whatever the server sends).
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A 2xx response that did not decode.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// `METHOD /path/template`.
    pub operation: String,
    /// HTTP status.
    pub status: StatusCode,
    /// The response's content type.
    pub content_type: Option<String>,
    /// JSON path of the failing field (`data[3].created_at`); empty for the whole body.
    pub path: String,
    /// What went wrong.
    pub message: String,
    /// The raw body.
    pub body: Bytes,
    /// The response's headers (its `x-request-id`, say, for Telnyx support).
    pub headers: HeaderMap,
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("headers", &self.headers)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not decode the HTTP {} response",
            self.operation, self.status
        )?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", one_line(&self.message))?;
        if let Some(ct) = &self.content_type {
            write!(f, " (content-type {ct}, {} bytes)", self.body.len())?;
        }
        Ok(())
    }
}
