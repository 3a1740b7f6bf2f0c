//! The request loop: build the request once, send it, retry what may be retried, read the
//! body with a size cap, and report each attempt to `tracing`.
//!
//! Tracing (nothing is printed unless the application installs a subscriber; the API key is
//! never a field): each attempt runs in a DEBUG span `telnyx_portout.request` (`method`,
//! `path`, `attempt`) and ends with one DEBUG event `attempt finished` (`method`, `path`,
//! `attempt`, `max_attempts`, `status` when a response came, `error` when it failed,
//! `elapsed_ms`); a retry logs `retrying` (`delay_ms`, `error`), and a call that fails for good
//! logs one `request failed` (`attempts` made, total `elapsed_ms`, `status`, `error` with its
//! source chain). That last one is DEBUG too, not WARN: the error is returned to the caller,
//! who decides whether it matters (a 404 can be the expected answer), and a library that
//! warned would make every application's logs say it twice.

use super::endpoint::{Endpoint, Method};
use super::query::Query;
use super::{RawResponse, RequestOptions, retry};
use crate::error::{Error, StatusError, unrequested_encoding};
use bytes::{Bytes, BytesMut};
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, StatusCode};
use std::fmt;
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument;

/// The most redirects followed in one attempt.
pub(crate) const MAX_REDIRECTS: usize = 10;

enum Failure {
    Retryable(Error, Option<HeaderMap>),
    Final(Error),
}

impl Failure {
    fn error(&self) -> &Error {
        match self {
            Failure::Retryable(e, _) | Failure::Final(e) => e,
        }
    }
}

/// What an error message needs to know about the attempt it happened in.
struct Attempt<'a> {
    operation: &'a str,
    /// The timeout of the whole attempt.
    timeout: Duration,
    /// The connect timeout, when the client set it (not with an injected `reqwest::Client`).
    connect_timeout: Option<Duration>,
    started: Instant,
    number: u32,
    max_attempts: u32,
}

/// Sends `endpoint` with retries; a 2xx response is returned undecoded.
pub(crate) async fn execute<E: Endpoint>(endpoint: &E) -> Result<RawResponse, Error> {
    let client = endpoint.client();
    let config = client.config();
    let options = endpoint.options();
    if let Some(reason) = options.invalid.first() {
        return Err(Error::InvalidArgument {
            parameter: "header".into(),
            reason: reason.clone(),
        });
    }
    let path = endpoint.path()?;
    let query = query_string(endpoint, options);
    let body = endpoint.body()?;
    let mut url = format!("{}{}", config.base_url.trim_end_matches('/'), path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    let url = reqwest::Url::parse(&url).map_err(|e| Error::InvalidArgument {
        parameter: "path".into(),
        reason: format!("does not form a valid URL: {e}"),
    })?;
    let method = E::METHOD.to_http();
    let operation = format!("{} {}", E::METHOD.as_str(), E::PATH_TEMPLATE);

    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(E::ACCEPT));
    headers.insert(USER_AGENT, HeaderValue::from_static(crate::client::USER_AGENT));
    if let Some(b) = &body {
        let value = match &b.content_type {
            std::borrow::Cow::Borrowed(ct) => HeaderValue::from_static(ct),
            std::borrow::Cow::Owned(ct) => HeaderValue::from_str(ct).map_err(|_| Error::InvalidArgument {
                parameter: "body".into(),
                reason: format!("its content type {ct:?} is not a valid header value"),
            })?,
        };
        headers.insert(CONTENT_TYPE, value);
    }
    for (name, value) in config.default_headers.iter() {
        headers.insert(name.clone(), value.clone());
    }
    let mut params = Vec::new();
    endpoint.headers(&mut params);
    for (name, value) in params {
        let invalid = || Error::InvalidArgument {
            parameter: name.to_string(),
            reason: "is not a valid HTTP header name or value".into(),
        };
        let n = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let v = HeaderValue::from_str(&value).map_err(|_| invalid())?;
        headers.insert(n, v);
    }
    for (name, value) in options.headers.iter() {
        headers.insert(name.clone(), value.clone());
    }
    if let Some(key) = &config.auth {
        headers.insert(AUTHORIZATION, key.clone());
    }
    // RFC 9110 8.6: a method that anticipates content says `Content-Length: 0` when it has
    // none (hyper sends no length at all for an empty body; some front ends answer 411).
    if body.is_none() && matches!(E::METHOD, Method::POST | Method::PUT | Method::PATCH) {
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    let max_retries = options.max_retries.unwrap_or(config.max_retries);
    let max_attempts = max_retries.saturating_add(1);
    let timeout = options.timeout.unwrap_or(config.timeout);
    let connect_timeout = config.own_http.then_some(config.connect_timeout);
    let method_name = E::METHOD.as_str();
    let path_template = E::PATH_TEMPLATE;
    let call_started = Instant::now();

    let mut attempt: u32 = 1;
    loop {
        let span = tracing::debug_span!(
            "telnyx_portout.request",
            method = method_name,
            path = path_template,
            attempt,
        );
        let ctx = Attempt {
            operation: &operation,
            timeout,
            connect_timeout,
            started: Instant::now(),
            number: attempt,
            max_attempts,
        };
        let mut request = config
            .http
            .request(method.clone(), url.clone())
            .headers(headers.clone())
            .timeout(timeout);
        if let Some(b) = &body {
            request = request.body(b.bytes.clone());
        }
        let mut status_seen: Option<StatusCode> = None;
        let outcome = async {
            let response = request.send().await.map_err(|e| transport(e, &ctx))?;
            let status = response.status();
            status_seen = Some(status);
            let headers = response.headers().clone();
            // A HEAD response has no body; its Content-Length is the length a GET would get
            // (RFC 9110 9.3.2), so it is neither read nor held against the body cap.
            let bytes = if method == http::Method::HEAD {
                Bytes::new()
            } else {
                read_body(response, config.max_response_bytes, &ctx).await?
            };
            if status.is_success() {
                if let Some(encoding) = unrequested_encoding(&headers).filter(|_| !bytes.is_empty()) {
                    return Err(Failure::Final(Error::UnexpectedEncoding {
                        operation: operation.clone(),
                        status,
                        encoding,
                        body: bytes,
                    }));
                }
                return Ok(RawResponse::new(
                    status,
                    headers,
                    bytes,
                    operation.clone(),
                    options.decoding.unwrap_or(config.decoding),
                ));
            }
            let retryable = retry::should_retry(status, &headers);
            let error = Error::Status(Box::new(StatusError::new(
                operation.clone(),
                url.to_string(),
                status,
                headers.clone(),
                bytes,
            )));
            Err(if retryable {
                Failure::Retryable(error, Some(headers))
            } else {
                Failure::Final(error)
            })
        }
        .instrument(span.clone())
        .await;
        let status = status_seen.map(|s| s.as_u16());
        tracing::debug!(
            parent: &span,
            method = method_name,
            path = path_template,
            attempt,
            max_attempts,
            status,
            error = outcome.as_ref().err().map(|f| tracing::field::display(Chain(f.error()))),
            elapsed_ms = ctx.started.elapsed().as_millis() as u64,
            "attempt finished"
        );
        let error = match outcome {
            Ok(raw) => return Ok(raw),
            Err(Failure::Final(e)) => e,
            Err(Failure::Retryable(e, headers)) if attempt < max_attempts => {
                let delay = retry::delay(attempt - 1, headers.as_ref(), SystemTime::now());
                tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, error = %e, "retrying");
                (config.sleeper)(delay).await;
                attempt += 1;
                continue;
            }
            Err(Failure::Retryable(e, _)) => e,
        };
        tracing::debug!(
            method = method_name,
            path = path_template,
            attempts = attempt,
            status,
            error = %Chain(&error),
            elapsed_ms = call_started.elapsed().as_millis() as u64,
            "request failed"
        );
        return Err(error);
    }
}

/// The query string: the operation's pairs, except those whose key the per-request options
/// set (as the official SDKs' `extra_query`, an option replaces the operation's value), then
/// the options' pairs.
pub(crate) fn query_string<E: Endpoint>(endpoint: &E, options: &RequestOptions) -> String {
    let mut own = Query::new();
    endpoint.query(&mut own);
    let mut parts = Vec::new();
    for (key, value) in own.pairs() {
        if options.query.iter().any(|(k, _)| k == key) {
            continue;
        }
        // The value is already encoded; the key is encoded exactly as `Query` encodes keys
        // (a pair with an empty value encodes as `key=`).
        let mut pair = Query::new();
        pair.extra(key, "");
        parts.push(pair.encode() + value);
    }
    let mut extra = Query::new();
    for (k, v) in &options.query {
        extra.extra(k, v);
    }
    if !extra.is_empty() {
        parts.push(extra.encode());
    }
    parts.join("&")
}

/// An error and its sources, `: `-separated, for log lines.
pub(crate) struct Chain<'a>(pub(crate) &'a Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = std::error::Error::source(self.0);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

fn transport(e: reqwest::Error, ctx: &Attempt<'_>) -> Failure {
    let operation = ctx.operation.to_string();
    if e.is_redirect() {
        return Failure::Final(redirect_error(e, operation));
    }
    if e.is_timeout() {
        let connecting = e.is_connect();
        let timeout = match (connecting, ctx.connect_timeout) {
            (false, _) => ctx.timeout,
            (true, Some(limit)) => limit,
            // The injected client's own connect timeout, which it does not tell: as measured.
            (true, None) => Duration::from_millis(ctx.started.elapsed().as_millis() as u64),
        };
        return Failure::Retryable(
            Error::Timeout {
                operation,
                timeout,
                connecting,
                attempt: ctx.number,
                max_attempts: ctx.max_attempts,
            },
            None,
        );
    }
    let builder = e.is_builder();
    let error = Error::Connection { operation, source: e };
    if builder {
        // A request that cannot be built cannot be built on a retry either.
        Failure::Final(error)
    } else {
        Failure::Retryable(error, None)
    }
}

/// Why the client's redirect policy refused a redirect.
#[derive(Debug)]
struct RedirectRefused {
    /// Redirects followed before this one.
    followed: usize,
    reason: String,
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for RedirectRefused {}

/// The redirect policy of a client the crate builds: up to [`MAX_REDIRECTS`], http(s) only,
/// and a loop stops at the first URL requested twice. (reqwest strips `Authorization` on a
/// redirect to another host, port or scheme whatever the policy.)
pub(crate) fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // The first of `previous` is the original URL, the last the one that redirected.
        let followed = attempt.previous().len().saturating_sub(1);
        let next = attempt.url();
        let reason = if !matches!(next.scheme(), "http" | "https") {
            format!("the location {next} is not a web URL (only http and https are followed)")
        } else if attempt.previous().contains(next) {
            format!("redirect loop: {next} was already requested")
        } else if followed >= MAX_REDIRECTS {
            format!("too many redirects (the limit is {MAX_REDIRECTS})")
        } else {
            return attempt.follow();
        };
        attempt.error(RedirectRefused { followed, reason })
    })
}

fn redirect_error(e: reqwest::Error, operation: String) -> Error {
    let url = e.url().map(|u| u.to_string());
    let mut refused = None;
    let mut innermost = None;
    let mut cause = std::error::Error::source(&e);
    while let Some(c) = cause {
        if let Some(r) = c.downcast_ref::<RedirectRefused>() {
            refused = Some(r);
        }
        innermost = Some(c);
        cause = c.source();
    }
    let (redirects, reason) = match (refused, innermost) {
        (Some(r), _) => (Some(r.followed), r.reason.clone()),
        // An injected client's policy: its innermost message says why.
        (None, Some(c)) => (None, c.to_string()),
        (None, None) => (None, e.to_string()),
    };
    Error::Redirect {
        operation,
        url,
        redirects,
        reason,
    }
}

async fn read_body(mut response: reqwest::Response, limit: usize, ctx: &Attempt<'_>) -> Result<Bytes, Failure> {
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        Failure::Final(Error::ResponseTooLarge {
            operation: ctx.operation.to_string(),
            limit,
        })
    };
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    if declared.is_some() {
        // Within the cap by its declared length, which hyper enforces: read it whole.
        return response.bytes().await.map_err(|e| transport(e, ctx));
    }
    let mut buf = BytesMut::with_capacity((8 * 1024).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, ctx))? {
        if buf.len() + chunk.len() > limit {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}
