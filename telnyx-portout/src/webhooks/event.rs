//! The webhook envelope and its typed payloads.

use super::error::WebhookError;
use crate::deviation::{Decoding, Deviation};
use crate::models::{
    PortoutEventType, WebhookPortoutFocDateChangedPayload, WebhookPortoutNewCommentPayload,
    WebhookPortoutStatusChangedPayload,
};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;

/// One webhook notification: the `data` object of Telnyx's v2 envelope, with the `meta`
/// object beside it.
///
/// ```json
/// {"data": {"event_type": "portout.status_changed", "id": "…", "occurred_at": "2022-04-11T14:46:27Z",
///           "payload": {…}, "record_type": "event"},
///  "meta": {"attempt": 1, "delivered_to": "https://example.com/webhooks"}}
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct WebhookEvent {
    /// Uniquely identifies the event (`data.id`). Telnyx retries deliveries, so use it to
    /// drop duplicates.
    pub id: String,
    /// `data.event_type`, as received (an unknown type is kept in
    /// [`PortoutEventType::Unknown`]).
    pub event_type: PortoutEventType,
    /// When the event happened (`data.occurred_at`).
    pub occurred_at: DateTime<Utc>,
    /// `data.record_type` (`"event"`); empty when absent.
    pub record_type: String,
    /// `data.payload`, typed according to `event_type`.
    pub payload: WebhookPayload,
    /// Delivery metadata (`meta`); all fields `None` when absent.
    pub meta: WebhookMeta,
    /// Where the notification deviates from the spec and what was done with each place
    /// (paths from the body's top, `data.payload.status`), as for responses (see the crate
    /// docs). Empty when it conforms, and with [`Decoding::Strict`].
    pub deviations: Vec<Deviation>,
}

/// The payload of a [`WebhookEvent`], chosen by its `event_type`.
///
/// The typed variants hold the generated models from [`crate::models`]. When the payload of
/// a known event type deviates from its model (a field of the wrong type, or a value such as
/// an id that is not a UUID), the event is not rejected: by default the payload is read like
/// a response (the value interpreted or left out, listed in [`WebhookEvent::deviations`]);
/// with [`Decoding::Strict`], or when the payload cannot be read at all (not an object), it
/// is kept, raw, in [`WebhookPayload::Undecodable`] with the reason, and the envelope fields
/// (id, event type, time) are still available. Event types added by Telnyx after this
/// version land in [`WebhookPayload::Unknown`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WebhookPayload {
    /// `portout.status_changed`: the port-out moved to a new status.
    StatusChanged(WebhookPortoutStatusChangedPayload),
    /// `portout.new_comment`: a comment was added to the port-out.
    NewComment(WebhookPortoutNewCommentPayload),
    /// `portout.foc_date_changed`: the port-out's FOC date changed.
    FocDateChanged(WebhookPortoutFocDateChangedPayload),
    /// An event type this version does not know; the payload as received.
    Unknown(Value),
    /// A known event type whose payload does not fit its model; the payload as received and
    /// why it did not decode.
    Undecodable {
        /// The payload as received (`null` when absent).
        payload: Value,
        /// Why it did not decode into the model.
        error: PayloadError,
    },
}

impl WebhookPayload {
    /// The payload as raw JSON, for the [`Unknown`](Self::Unknown) and
    /// [`Undecodable`](Self::Undecodable) variants; `None` for the typed ones.
    pub fn raw(&self) -> Option<&Value> {
        match self {
            WebhookPayload::Unknown(v) | WebhookPayload::Undecodable { payload: v, .. } => Some(v),
            _ => None,
        }
    }
}

/// Why a payload did not decode into its typed model (see
/// [`WebhookPayload::Undecodable`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadError {
    /// JSON path of the failing field inside the payload (`user_id`); empty for the payload
    /// itself (e.g. `null` or not an object).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "webhook payload does not decode: {}", self.message)
        } else {
            write!(
                f,
                "webhook payload does not decode: at `{}`: {}",
                self.path, self.message
            )
        }
    }
}

impl std::error::Error for PayloadError {}

/// Delivery metadata of a webhook (`meta`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct WebhookMeta {
    /// Which delivery attempt this is (1 for the first).
    #[serde(default)]
    pub attempt: Option<u32>,
    /// The URL the notification was sent to.
    #[serde(default)]
    pub delivered_to: Option<String>,
}

#[derive(serde::Deserialize)]
struct Envelope {
    data: Data,
    #[serde(default)]
    meta: Option<WebhookMeta>,
}

#[derive(serde::Deserialize)]
struct Data {
    event_type: PortoutEventType,
    id: String,
    occurred_at: DateTime<Utc>,
    #[serde(default)]
    record_type: Option<String>,
    #[serde(default)]
    payload: Value,
}

/// Parses a webhook body **without verifying it**. Use [`unwrap`](super::unwrap) (or
/// [`Verifier::unwrap`](super::Verifier::unwrap)) for requests from the network; this is for
/// bodies verified elsewhere, stored, or built in tests.
///
/// Fails with [`WebhookError::Parse`] only when the envelope itself is malformed (not JSON,
/// no `data`, or no valid `data.event_type`, `data.id`, `data.occurred_at`); a payload that
/// deviates from its model is read tolerantly (see [`parse_with`] for strict parsing).
pub fn parse(body: impl AsRef<[u8]>) -> Result<WebhookEvent, WebhookError> {
    parse_with(body, Decoding::Tolerant)
}

/// Parses a webhook body like [`parse`], decoding as `decoding` says: with
/// [`Decoding::Tolerant`] (what [`parse`] does) a value that deviates from the spec is read
/// under a documented interpretation or left absent, and listed in
/// [`WebhookEvent::deviations`]; with [`Decoding::Strict`] a payload that deviates gives
/// [`WebhookPayload::Undecodable`] and an envelope that deviates fails.
pub fn parse_with(body: impl AsRef<[u8]>, decoding: Decoding) -> Result<WebhookEvent, WebhookError> {
    // The envelope read as a response is (its `occurred_at` may be a documented form); a body
    // that is not JSON, or an envelope without what it needs, fails as strictly.
    let (envelope, mut deviations) = crate::runtime::decode::slice::<Envelope>(body.as_ref(), decoding)
        .map_err(|(path, source)| WebhookError::Parse { path, source })?;

    let Envelope { data, meta } = envelope;
    let payload = match &data.event_type {
        PortoutEventType::PortoutStatusChanged => {
            typed(data.payload, WebhookPayload::StatusChanged, decoding, &mut deviations)
        }
        PortoutEventType::PortoutNewComment => {
            typed(data.payload, WebhookPayload::NewComment, decoding, &mut deviations)
        }
        PortoutEventType::PortoutFocDateChanged => {
            typed(data.payload, WebhookPayload::FocDateChanged, decoding, &mut deviations)
        }
        PortoutEventType::Unknown(_) => WebhookPayload::Unknown(data.payload),
    };
    crate::runtime::decode::warn("webhook", &deviations);
    Ok(WebhookEvent {
        id: data.id,
        event_type: data.event_type,
        occurred_at: data.occurred_at,
        record_type: data.record_type.unwrap_or_default(),
        payload,
        meta: meta.unwrap_or_default(),
        deviations,
    })
}

fn typed<T: DeserializeOwned>(
    payload: Value,
    wrap: fn(T) -> WebhookPayload,
    decoding: Decoding,
    deviations: &mut Vec<Deviation>,
) -> WebhookPayload {
    let error = match serde_path_to_error::deserialize::<_, T>(&payload) {
        Ok(t) => return wrap(t),
        Err(e) => {
            let path = e.path().to_string();
            PayloadError {
                path: if path == "." { String::new() } else { path },
                message: e.into_inner().to_string(),
            }
        }
    };
    if decoding == Decoding::Tolerant {
        if let Ok((t, found)) = crate::runtime::tolerant::decode::<T>(&payload) {
            deviations.extend(
                found
                    .into_iter()
                    .map(|d| crate::runtime::tolerant::under("data.payload", d)),
            );
            return wrap(t);
        }
    }
    WebhookPayload::Undecodable { payload, error }
}
