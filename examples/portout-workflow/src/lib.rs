//! A small port-out workflow, written as a downstream crate would write it on
//! `telnyx-portout`: authorize every pending port-out, and handle Telnyx's port-out webhooks
//! (verify the signature, authorize a port-out that became pending, note other status
//! changes, reject anything not signed by Telnyx).
//!
//! Its tests (`tests/workflow.rs`) run entirely against the client's testing kit
//! (`telnyx_portout::mock`, enabled in `[dev-dependencies]` only): pages, a rate-limited
//! authorization that is retried, and webhooks signed with a test key, including bad
//! signatures and stale timestamps.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use telnyx_portout::models::{PortoutListFilter, PortoutStatus, PortoutTargetStatus};
use telnyx_portout::webhooks::{Verifier, WebhookError, WebhookPayload};
use telnyx_portout::{Client, Error};
use uuid::Uuid;

/// The reason recorded with each authorization.
pub const REASON: &str = "Authorized by the port-out workflow";

/// The port-out workflow: a client and the verifier of Telnyx's webhook signatures.
#[derive(Clone, Debug)]
pub struct Workflow {
    client: Client,
    verifier: Verifier,
    page_size: i64,
}

/// What handling one webhook did.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookOutcome {
    /// The request is not a valid Telnyx webhook (bad or missing signature, replay, not an
    /// event); nothing was done.
    Rejected(WebhookError),
    /// The port-out became pending and was authorized.
    Authorized(Uuid),
    /// The port-out moved to another status, which needs nothing from us.
    StatusNoted(Uuid, PortoutStatus),
    /// Another kind of event (a comment, a FOC date change, an unknown type).
    Ignored(String),
    /// The port-out became pending but authorizing it failed (Telnyx delivers the webhook
    /// again after a non-2xx answer).
    Failed(Error),
}

impl WebhookOutcome {
    /// The HTTP status to answer Telnyx with.
    pub fn http_status(&self) -> http::StatusCode {
        match self {
            WebhookOutcome::Rejected(WebhookError::Parse { .. }) => http::StatusCode::BAD_REQUEST,
            WebhookOutcome::Rejected(_) => http::StatusCode::UNAUTHORIZED,
            WebhookOutcome::Failed(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
            _ => http::StatusCode::OK,
        }
    }
}

impl Workflow {
    /// A workflow with this client and webhook verifier (built from `TELNYX_PUBLIC_KEY` in
    /// production: `Verifier::new(&key)`).
    pub fn new(client: Client, verifier: Verifier) -> Self {
        Workflow {
            client,
            verifier,
            page_size: 100,
        }
    }

    /// How many port-outs to read per page (default 100).
    pub fn page_size(mut self, size: i64) -> Self {
        self.page_size = size;
        self
    }

    /// Authorizes every pending port-out, reading every page; returns their ids in order.
    /// Stops at the first error (a rate limit the client's retries did not get past, say).
    pub async fn authorize_pending(&self) -> Result<Vec<Uuid>, Error> {
        let mut pending = self
            .client
            .portouts()
            .list()
            .filter(PortoutListFilter::new().status(PortoutStatus::Pending))
            .page_size(self.page_size)
            .into_stream();
        let mut authorized = Vec::new();
        while let Some(portout) = pending.next().await {
            let Some(id) = portout?.id else { continue };
            self.authorize(id).await?;
            authorized.push(id);
        }
        Ok(authorized)
    }

    async fn authorize(&self, id: Uuid) -> Result<(), Error> {
        self.client
            .portouts()
            .update_status(id, PortoutTargetStatus::Authorized, REASON)
            .await
            .map(|_| ())
    }

    /// Handles one webhook request: `body` exactly as received, and its headers.
    pub async fn handle_webhook(&self, body: &[u8], headers: &http::HeaderMap) -> WebhookOutcome {
        let event = match self.verifier.unwrap(body, headers) {
            Ok(event) => event,
            Err(e) => return WebhookOutcome::Rejected(e),
        };
        match event.payload {
            WebhookPayload::StatusChanged(p) => match (p.id, p.status) {
                (Some(id), Some(PortoutStatus::Pending)) => match self.authorize(id).await {
                    Ok(()) => WebhookOutcome::Authorized(id),
                    Err(e) => WebhookOutcome::Failed(e),
                },
                (Some(id), Some(status)) => WebhookOutcome::StatusNoted(id, status),
                _ => WebhookOutcome::Ignored(format!("{} without an id or status", event.event_type)),
            },
            _ => WebhookOutcome::Ignored(event.event_type.to_string()),
        }
    }
}
