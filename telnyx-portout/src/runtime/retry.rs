//! When to retry and how long to wait, as the official SDKs do: connection errors, timeouts,
//! 408, 409, 429 and 5xx are retried; `x-should-retry` overrides the status rule; the delay is
//! `retry-after-ms`, else `retry-after` (seconds or an HTTP date) when within 0..=60 s, else
//! exponential backoff `min(0.5 s * 2^n, 8 s)` times a jitter factor in (0.75, 1].

use http::{HeaderMap, StatusCode};
use std::time::{Duration, SystemTime};

/// Longest server-requested delay honoured.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const INITIAL: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;

/// Whether a response with this status and headers should be retried.
pub fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// The delay the server asked for, if any and if sane.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let requested = if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        Some(ms / 1000.0)
    } else if let Some(v) = get("retry-after") {
        match v.parse::<f64>() {
            Ok(secs) => Some(secs),
            Err(_) => httpdate(v).map(|at| match at.duration_since(now) {
                Ok(d) => d.as_secs_f64(),
                Err(_) => 0.0,
            }),
        }
    } else {
        None
    }?;
    (requested.is_finite() && (0.0..=MAX_RETRY_AFTER.as_secs_f64()).contains(&requested))
        .then(|| Duration::from_secs_f64(requested))
}

/// The delay before retry number `retry` (0 for the first retry).
pub fn delay(retry: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
    if let Some(d) = headers.and_then(|h| retry_after(h, now)) {
        return d;
    }
    backoff(retry, jitter())
}

/// Exponential backoff with a given jitter factor.
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = (INITIAL * 2f64.powi(retry.min(16) as i32)).min(MAX_BACKOFF);
    Duration::from_secs_f64(base * jitter)
}

/// A jitter factor in (0.75, 1].
pub fn jitter() -> f64 {
    1.0 - 0.25 * fastrand::f64()
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP date format.
pub fn httpdate(s: &str) -> Option<SystemTime> {
    let t = chrono::DateTime::parse_from_rfc2822(s).ok()?;
    let secs = u64::try_from(t.timestamp()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}
