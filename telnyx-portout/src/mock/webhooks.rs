//! Signing webhooks for tests, exactly as Telnyx does: an Ed25519 signature of
//! `"{telnyx-timestamp}|{body}"`, base64 in `telnyx-signature-ed25519`, with the Unix time
//! in `telnyx-timestamp`.
//!
//! ```
//! use telnyx_portout::mock::webhooks::{TestEvent, TestSigner};
//! use telnyx_portout::models::{PortoutStatus, WebhookPortoutStatusChangedPayload};
//! use telnyx_portout::webhooks::{WebhookError, WebhookPayload};
//!
//! let signer = TestSigner::new();
//! let event = TestEvent::status_changed(WebhookPortoutStatusChangedPayload::new().status(PortoutStatus::Authorized));
//! let signed = signer.sign_event(&event);
//!
//! // What your handler does with the request:
//! let verifier = signer.verifier(); // or webhooks::Verifier::new(&signer.public_key())
//! let parsed = verifier.unwrap(&signed.body, &signed.headers()).unwrap();
//! assert!(matches!(parsed.payload, WebhookPayload::StatusChanged(ref p) if p.status == Some(PortoutStatus::Authorized)));
//!
//! // A body changed after signing, and a replay from long ago, are refused.
//! let tampered = signed.clone().with_body(b"{}");
//! assert!(matches!(verifier.verify(&tampered.body, &tampered.headers()), Err(WebhookError::SignatureMismatch)));
//! let stale = signer.sign_event_at(&event, 1_600_000_000);
//! assert!(matches!(verifier.verify(&stale.body, &stale.headers()), Err(WebhookError::TimestampTooOld { .. })));
//! ```

use crate::models::{
    PortoutEventType, WebhookPortoutFocDateChangedPayload, WebhookPortoutNewCommentPayload,
    WebhookPortoutStatusChangedPayload,
};
use crate::webhooks::{SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier};
use base64::Engine as _;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Value, json};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Signs webhook bodies with a test key, as Telnyx signs port-out notifications.
#[derive(Clone)]
pub struct TestSigner {
    key: SigningKey,
}

impl fmt::Debug for TestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestSigner")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

impl Default for TestSigner {
    fn default() -> Self {
        Self::new()
    }
}

impl TestSigner {
    /// The seed of [`TestSigner::new`].
    pub const DEFAULT_SEED: [u8; 32] = *b"telnyx-portout mock signing key!";

    /// A signer with a fixed test key ([`DEFAULT_SEED`](Self::DEFAULT_SEED)), the same in
    /// every run.
    pub fn new() -> Self {
        Self::from_seed(Self::DEFAULT_SEED)
    }

    /// A signer whose Ed25519 secret key is this 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        TestSigner {
            key: SigningKey::from_bytes(&seed),
        }
    }

    /// The public key as Telnyx publishes it in the portal: standard base64 of the 32 bytes
    /// (what your application reads from `TELNYX_PUBLIC_KEY`).
    pub fn public_key(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.key.verifying_key().as_bytes())
    }

    /// The 32 bytes of the public key.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// A [`Verifier`] for this key (default tolerance, system clock; set them with
    /// [`Verifier::tolerance`], [`Verifier::now`], [`Verifier::clock`]).
    pub fn verifier(&self) -> Verifier {
        Verifier::from_key(self.key.verifying_key())
    }

    /// Signs `body` with the current time.
    pub fn sign(&self, body: impl AsRef<[u8]>) -> SignedWebhook {
        self.sign_at(body, now())
    }

    /// Signs `body` with the timestamp `unix_secs`.
    pub fn sign_at(&self, body: impl AsRef<[u8]>, unix_secs: i64) -> SignedWebhook {
        let body = Bytes::copy_from_slice(body.as_ref());
        let timestamp = unix_secs.to_string();
        let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
        message.extend_from_slice(timestamp.as_bytes());
        message.push(b'|');
        message.extend_from_slice(&body);
        let signature = self.key.sign(&message);
        SignedWebhook {
            body,
            timestamp,
            signature: base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
        }
    }

    /// Serializes `event` as Telnyx's webhook envelope and signs it with the current time.
    pub fn sign_event(&self, event: &TestEvent) -> SignedWebhook {
        self.sign(event.to_body())
    }

    /// Serializes `event` and signs it with the timestamp `unix_secs`.
    pub fn sign_event_at(&self, event: &TestEvent, unix_secs: i64) -> SignedWebhook {
        self.sign_at(event.to_body(), unix_secs)
    }
}

fn now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// A signed webhook request: the body and the values of the two headers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedWebhook {
    /// The body, exactly as signed.
    pub body: Bytes,
    /// The `telnyx-timestamp` value (Unix seconds).
    pub timestamp: String,
    /// The `telnyx-signature-ed25519` value (base64 of 64 bytes).
    pub signature: String,
}

impl SignedWebhook {
    /// The two headers as an `http::HeaderMap` (what axum and hyper hand a handler).
    pub fn headers(&self) -> http::HeaderMap {
        let mut map = http::HeaderMap::new();
        // Digits and base64 are always valid header values.
        if let Ok(v) = http::HeaderValue::from_str(&self.timestamp) {
            map.insert(TIMESTAMP_HEADER, v);
        }
        if let Ok(v) = http::HeaderValue::from_str(&self.signature) {
            map.insert(SIGNATURE_HEADER, v);
        }
        map
    }

    /// The two headers as name/value pairs.
    pub fn header_pairs(&self) -> [(&'static str, String); 2] {
        [
            (TIMESTAMP_HEADER, self.timestamp.clone()),
            (SIGNATURE_HEADER, self.signature.clone()),
        ]
    }

    /// The same headers with another body (a body altered after signing).
    pub fn with_body(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = Bytes::copy_from_slice(body.as_ref());
        self
    }
}

/// A port-out notification to sign: the generated payload model of its event type in
/// Telnyx's envelope
/// (`{"data": {"event_type", "id", "occurred_at", "payload", "record_type"}, "meta": {...}}`).
#[derive(Clone, Debug, PartialEq)]
pub struct TestEvent {
    event_type: PortoutEventType,
    id: String,
    occurred_at: DateTime<Utc>,
    payload: Value,
    attempt: u32,
    delivered_to: String,
}

/// The default event id of a [`TestEvent`].
const DEFAULT_ID: &str = "00000000-0000-4000-8000-000000000001";

impl TestEvent {
    /// A `portout.status_changed` event.
    pub fn status_changed(payload: WebhookPortoutStatusChangedPayload) -> Self {
        Self::of(PortoutEventType::PortoutStatusChanged, &payload)
    }

    /// A `portout.new_comment` event.
    pub fn new_comment(payload: WebhookPortoutNewCommentPayload) -> Self {
        Self::of(PortoutEventType::PortoutNewComment, &payload)
    }

    /// A `portout.foc_date_changed` event.
    pub fn foc_date_changed(payload: WebhookPortoutFocDateChangedPayload) -> Self {
        Self::of(PortoutEventType::PortoutFocDateChanged, &payload)
    }

    /// An event of any type with any JSON payload (an event type this version does not
    /// know, or a payload that does not fit its model).
    pub fn custom(event_type: impl Into<PortoutEventType>, payload: Value) -> Self {
        TestEvent {
            event_type: event_type.into(),
            id: DEFAULT_ID.to_string(),
            occurred_at: DateTime::<Utc>::UNIX_EPOCH,
            payload,
            attempt: 1,
            delivered_to: "https://example.com/webhooks".to_string(),
        }
    }

    fn of<T: serde::Serialize>(event_type: PortoutEventType, payload: &T) -> Self {
        let payload = match serde_json::to_value(payload) {
            Ok(v) => v,
            // The generated models serialize to JSON whatever their contents.
            Err(e) => panic!("telnyx_portout::mock: the {event_type} payload cannot be serialized: {e}"),
        };
        Self::custom(event_type, payload)
    }

    /// The event id (`data.id`; default `00000000-0000-4000-8000-000000000001`).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = id.into();
        self
    }

    /// When it happened (`data.occurred_at`; default the Unix epoch).
    pub fn occurred_at(mut self, at: DateTime<Utc>) -> Self {
        self.occurred_at = at;
        self
    }

    /// The delivery attempt (`meta.attempt`; default 1).
    pub fn attempt(mut self, attempt: u32) -> Self {
        self.attempt = attempt;
        self
    }

    /// The URL it was delivered to (`meta.delivered_to`).
    pub fn delivered_to(mut self, url: impl Into<String>) -> Self {
        self.delivered_to = url.into();
        self
    }

    /// The envelope as JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "data": {
                "event_type": self.event_type.as_str(),
                "id": self.id,
                "occurred_at": self.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                "payload": self.payload,
                "record_type": "event",
            },
            "meta": { "attempt": self.attempt, "delivered_to": self.delivered_to },
        })
    }

    /// The envelope as the bytes of a request body.
    pub fn to_body(&self) -> Bytes {
        Bytes::from(self.to_json().to_string())
    }
}
