//! Verifying and parsing Telnyx port-out webhooks. Needs the `webhooks` feature (on by
//! default).
//!
//! Telnyx signs each notification with Ed25519: the signed message is
//! `"{telnyx-timestamp}|{raw request body}"`, the signature is sent base64-encoded in the
//! `telnyx-signature-ed25519` header and the Unix time (seconds) in `telnyx-timestamp`. The
//! public key to verify with is shown in the Telnyx portal (standard base64 of 32 bytes;
//! conventionally kept in the `TELNYX_PUBLIC_KEY` environment variable).
//!
//! - [`unwrap`] verifies a request and parses it into a [`WebhookEvent`];
//! - [`verify`] only verifies; [`parse`] only parses (no verification: trusted input only);
//! - [`Verifier`] does the same with a key parsed once, a configurable timestamp tolerance
//!   (default 300 s either way) and an injectable clock.
//!
//! Always pass the body **exactly as received** (bytes, before any JSON parsing), and reject
//! the request (401) on any error. Headers can be a `&http::HeaderMap` or any
//! `(name, value)` pairs; names are case-insensitive.
//!
//! ```no_run
//! use telnyx_portout::webhooks::{self, WebhookPayload};
//! use telnyx_portout::models::PortoutStatus;
//!
//! /// Called by your HTTP server with the raw body and the request headers.
//! fn handle(body: &[u8], headers: &http::HeaderMap) -> http::StatusCode {
//!     let public_key = std::env::var("TELNYX_PUBLIC_KEY").unwrap_or_default();
//!     let event = match webhooks::unwrap(body, headers, &public_key) {
//!         Ok(event) => event,
//!         Err(e) => {
//!             eprintln!("rejected webhook: {e}");
//!             return http::StatusCode::UNAUTHORIZED;
//!         }
//!     };
//!     match &event.payload {
//!         WebhookPayload::StatusChanged(p) if p.status == Some(PortoutStatus::Authorized) => {
//!             println!("port-out {:?} authorized", p.id);
//!         }
//!         WebhookPayload::NewComment(p) => println!("comment: {:?}", p.comment),
//!         WebhookPayload::FocDateChanged(p) => println!("new FOC date: {:?}", p.foc_date),
//!         WebhookPayload::Undecodable { error, .. } => eprintln!("{} {}: {error}", event.event_type, event.id),
//!         _ => {}
//!     }
//!     http::StatusCode::OK
//! }
//! ```
//!
//! A notification whose payload deviates from the spec still verifies (the signature covers
//! the bytes, not their meaning) and parses: as for responses, a value with a documented
//! interpretation is read so, one without is left absent, and each is listed in
//! [`WebhookEvent::deviations`] (see the crate docs). With [`Decoding::Strict`]
//! ([`parse_with`], [`Verifier::decoding`]) a payload that deviates is kept as raw JSON in
//! [`WebhookPayload::Undecodable`] together with the decode error, instead of failing the
//! whole event. An event type this version does not know is
//! [`WebhookPayload::Unknown`], with the payload as received.
//!
//! [`Decoding::Strict`]: crate::Decoding::Strict

mod error;
mod event;
mod verify;

use std::time::Duration;

pub use error::{PublicKeyError, SignatureEncodingError, WebhookError};
pub use event::{PayloadError, WebhookEvent, WebhookMeta, WebhookPayload, parse, parse_with};
pub use verify::Verifier;

/// The header carrying the base64 Ed25519 signature (lowercase; matched case-insensitively).
pub const SIGNATURE_HEADER: &str = "telnyx-signature-ed25519";

/// The header carrying the Unix time (seconds) the notification was signed at (lowercase;
/// matched case-insensitively).
pub const TIMESTAMP_HEADER: &str = "telnyx-timestamp";

/// How far a timestamp may be from the clock, in either direction, by default: 300 s.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The environment variable conventionally holding the webhook public key.
pub const PUBLIC_KEY_ENV: &str = "TELNYX_PUBLIC_KEY";

/// Verifies a webhook request with the default tolerance and the system clock.
///
/// `body` is the raw body exactly as received; `headers` is a `&http::HeaderMap` or any
/// `(name, value)` pairs (see [`Verifier::verify`]); `public_key` is the standard base64 of
/// the 32-byte key. Parses the key on every call: keep a [`Verifier`] to avoid that.
pub fn verify<I, K, V>(body: impl AsRef<[u8]>, headers: I, public_key: &str) -> Result<(), WebhookError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<[u8]>,
{
    Verifier::new(public_key)?.verify(body, headers)
}

/// Verifies a webhook request like [`verify`], then parses it like [`parse`].
pub fn unwrap<I, K, V>(body: impl AsRef<[u8]>, headers: I, public_key: &str) -> Result<WebhookEvent, WebhookError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<[u8]>,
{
    Verifier::new(public_key)?.unwrap(body, headers)
}
