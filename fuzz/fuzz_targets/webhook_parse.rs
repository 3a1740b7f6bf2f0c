//! Webhook parsing on arbitrary bodies: an event or `WebhookError::Parse`, never a panic.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use telnyx_portout::webhooks::{self, WebhookError, WebhookPayload};

fuzz_target!(|data: &[u8]| {
    match webhooks::parse(data) {
        Ok(event) => {
            drop(format!("{event:?} {}", event.event_type));
            if let WebhookPayload::Undecodable { error, .. } = &event.payload {
                drop(error.to_string());
            }
        }
        Err(e @ WebhookError::Parse { .. }) => drop(format!("{e} {e:?}")),
        Err(e) => panic!("parse gave a non-parse error: {e:?}"),
    }
});
