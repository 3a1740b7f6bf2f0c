//! The request loop: build the request once, send it, retry what may be retried, read the
//! body with a size cap, and report each attempt as a `tracing` span.

use super::endpoint::Endpoint;
use super::query::Query;
use super::{RawResponse, retry};
use crate::error::{Error, StatusError};
use bytes::{Bytes, BytesMut};
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue};
use std::time::{Instant, SystemTime};
use tracing::Instrument;

enum Failure {
    Retryable(Error, Option<HeaderMap>),
    Final(Error),
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
    let mut query = Query::new();
    endpoint.query(&mut query);
    for (k, v) in &options.query {
        query.extra(k, v);
    }
    let body = endpoint.body()?;
    let mut url = format!("{}{}", config.base_url.trim_end_matches('/'), path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.encode());
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
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(b.content_type));
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
    let max_retries = options.max_retries.unwrap_or(config.max_retries);
    let timeout = options.timeout.unwrap_or(config.timeout);

    let mut attempt: u32 = 0;
    loop {
        let span = tracing::debug_span!(
            "telnyx_portout.request",
            method = E::METHOD.as_str(),
            path = E::PATH_TEMPLATE,
            attempt,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut request = config
            .http
            .request(method.clone(), url.clone())
            .headers(headers.clone())
            .timeout(timeout);
        if let Some(b) = &body {
            request = request.body(b.bytes.clone());
        }
        let outcome = async {
            let response = request.send().await.map_err(|e| transport(e, &operation))?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            let headers = response.headers().clone();
            let bytes = read_body(response, config.max_response_bytes, &operation).await?;
            if status.is_success() {
                return Ok(RawResponse {
                    status,
                    headers,
                    body: bytes,
                    operation: operation.clone(),
                });
            }
            let retryable = retry::should_retry(status, &headers);
            let error = Error::Status(Box::new(StatusError::new(
                operation.clone(),
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
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        match outcome {
            Ok(raw) => return Ok(raw),
            Err(Failure::Final(e)) => return Err(e),
            Err(Failure::Retryable(e, headers)) => {
                if attempt >= max_retries {
                    return Err(e);
                }
                let delay = retry::delay(attempt, headers.as_ref(), SystemTime::now());
                tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, error = %e, "retrying");
                (config.sleeper)(delay).await;
                attempt += 1;
            }
        }
    }
}

fn transport(e: reqwest::Error, operation: &str) -> Failure {
    let error = if e.is_timeout() {
        Error::Timeout {
            operation: operation.to_string(),
        }
    } else {
        Error::Connection {
            operation: operation.to_string(),
            source: e,
        }
    };
    Failure::Retryable(error, None)
}

async fn read_body(mut response: reqwest::Response, limit: usize, operation: &str) -> Result<Bytes, Failure> {
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Failure::Final(Error::ResponseTooLarge {
            operation: operation.to_string(),
            limit,
        }));
    }
    if declared.is_some() {
        // Within the cap by its declared length, which hyper enforces: read it whole.
        return response.bytes().await.map_err(|e| transport(e, operation));
    }
    let mut buf = BytesMut::with_capacity((8 * 1024).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(e, operation))? {
        if buf.len() + chunk.len() > limit {
            return Err(Failure::Final(Error::ResponseTooLarge {
                operation: operation.to_string(),
                limit,
            }));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}
