//! The error type of webhook verification and parsing.

use std::fmt;

/// Why a webhook request was rejected. Every variant but [`WebhookError::Parse`] means the
/// request must not be trusted: answer it with a 4xx (401 or 400) and do not act on it.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent (names are matched case-insensitively). Holds the
    /// lowercase header name: [`SIGNATURE_HEADER`](super::SIGNATURE_HEADER) or
    /// [`TIMESTAMP_HEADER`](super::TIMESTAMP_HEADER).
    MissingHeader(&'static str),
    /// The `telnyx-timestamp` header is not a Unix time in whole seconds.
    MalformedTimestamp,
    /// The timestamp is further in the past than the tolerance allows (a replay, or a
    /// request that waited too long in a queue).
    TimestampTooOld {
        /// The timestamp of the request (Unix seconds).
        timestamp: i64,
        /// The verifier's clock when it checked (Unix seconds).
        now: i64,
    },
    /// The timestamp is further in the future than the tolerance allows (clock skew, or a
    /// forged timestamp).
    TimestampInFuture {
        /// The timestamp of the request (Unix seconds).
        timestamp: i64,
        /// The verifier's clock when it checked (Unix seconds).
        now: i64,
    },
    /// The configured public key is unusable; this is a configuration problem, not a bad
    /// request.
    InvalidPublicKey(PublicKeyError),
    /// The `telnyx-signature-ed25519` header is not the base64 of a 64-byte signature.
    InvalidSignatureEncoding(SignatureEncodingError),
    /// The signature does not match the timestamp and body for this public key: the body or
    /// timestamp was altered, or the request was not signed by the holder of the key.
    SignatureMismatch,
    /// The (verified, or not verified with [`parse`](super::parse)) body is not a Telnyx
    /// webhook envelope: not JSON, or missing `data.event_type`, `data.id` or
    /// `data.occurred_at`. A payload that fails to decode into its typed model is *not* this
    /// error: see [`WebhookPayload::Undecodable`](super::WebhookPayload::Undecodable).
    Parse {
        /// JSON path of the failing field (`data.occurred_at`); empty for the whole body.
        path: String,
        /// The underlying JSON error.
        source: serde_json::Error,
    },
}

/// Why a public key was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKeyError {
    /// The key is not standard base64 (`A-Z a-z 0-9 + /`, padding optional).
    NotBase64,
    /// The key decodes to this many bytes instead of 32.
    WrongLength(usize),
    /// The 32 bytes are not the encoding of an Ed25519 curve point.
    NotAPoint,
}

/// Why a `telnyx-signature-ed25519` header was rejected before any verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureEncodingError {
    /// The header is not standard base64 (`A-Z a-z 0-9 + /`, padding optional).
    NotBase64,
    /// The header decodes to this many bytes instead of 64.
    WrongLength(usize),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "webhook: missing header `{name}`"),
            WebhookError::MalformedTimestamp => {
                f.write_str("webhook: `telnyx-timestamp` is not a Unix time in seconds")
            }
            WebhookError::TimestampTooOld { timestamp, now } => write!(
                f,
                "webhook: timestamp {timestamp} is {} s in the past, beyond the tolerance",
                i128::from(*now) - i128::from(*timestamp)
            ),
            WebhookError::TimestampInFuture { timestamp, now } => write!(
                f,
                "webhook: timestamp {timestamp} is {} s in the future, beyond the tolerance",
                i128::from(*timestamp) - i128::from(*now)
            ),
            // The cause is in `source()`, not repeated here (error reporters print the chain).
            WebhookError::InvalidPublicKey(_) => write!(f, "webhook: invalid public key"),
            WebhookError::InvalidSignatureEncoding(_) => {
                write!(f, "webhook: invalid `telnyx-signature-ed25519`")
            }
            WebhookError::SignatureMismatch => f.write_str("webhook: signature does not match"),
            WebhookError::Parse { path, .. } if path.is_empty() => {
                write!(f, "webhook: body is not a webhook envelope")
            }
            WebhookError::Parse { path, .. } => {
                write!(f, "webhook: body is not a webhook envelope at `{path}`")
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::InvalidPublicKey(e) => Some(e),
            WebhookError::InvalidSignatureEncoding(e) => Some(e),
            WebhookError::Parse { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl fmt::Display for PublicKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKeyError::NotBase64 => f.write_str("not base64"),
            PublicKeyError::WrongLength(n) => write!(f, "decodes to {n} bytes, expected 32"),
            PublicKeyError::NotAPoint => f.write_str("not a valid Ed25519 public key"),
        }
    }
}

impl std::error::Error for PublicKeyError {}

impl fmt::Display for SignatureEncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureEncodingError::NotBase64 => f.write_str("not base64"),
            SignatureEncodingError::WrongLength(n) => write!(f, "decodes to {n} bytes, expected 64"),
        }
    }
}

impl std::error::Error for SignatureEncodingError {}
