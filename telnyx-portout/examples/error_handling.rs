//! How to tell the client's errors apart: connection failures, rate limits (with the delay the
//! server asked for), API errors with their code and message, 422s with the fields at fault,
//! and responses that do not decode.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example error_handling [PORTOUT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional). It provokes three errors on
//! purpose and describes each: a connection error (a server that is not there), a 401 (no API
//! key) and a 4xx (a status the API does not accept, `bogus`). Exit 0 when each request failed
//! and was classified, 1 when one of them unexpectedly succeeded or the client cannot be
//! configured.

use std::process::ExitCode;
use std::time::Duration;
use telnyx_portout::models::PortoutTargetStatus;
use telnyx_portout::{Client, Error};

/// Describes an error; the arms a real program would handle.
fn describe(err: &Error) -> String {
    if err.is_connection() || err.is_timeout() {
        return format!("network problem, retry later: {err}");
    }
    if err.is_rate_limited() {
        let wait = err
            .as_status()
            .and_then(|s| s.retry_after())
            .unwrap_or(Duration::from_secs(1));
        return format!("rate limited, retry in {wait:?}");
    }
    match err {
        Error::Status(s) => {
            let mut out = format!("HTTP {}", s.status);
            if let Some(first) = s.errors.first() {
                out.push_str(&format!(
                    " code {} {}: {}",
                    first.code.as_deref().unwrap_or("-"),
                    first.title.as_deref().unwrap_or(""),
                    first.detail.as_deref().unwrap_or("")
                ));
            }
            if err.is_unauthorized() {
                out.push_str(" (check TELNYX_API_KEY)");
            }
            if err.is_not_found() {
                out.push_str(" (no such resource)");
            }
            if err.is_unprocessable() {
                let fields = s.field_pointers();
                if fields.is_empty() {
                    out.push_str(&format!(" invalid request: {err}"));
                } else {
                    out.push_str(&format!(" invalid fields: {}", fields.join(", ")));
                }
            }
            if let Some(id) = s.request_id() {
                out.push_str(&format!(" (request id {id})"));
            }
            out
        }
        Error::Decode(d) => format!(
            "unexpected response from {} at `{}`: {}",
            d.operation, d.path, d.message
        ),
        Error::Pagination(p) => format!("pagination stopped: {p:?}"),
        Error::InvalidArgument { parameter, reason, .. } => {
            format!("bad argument {parameter}: {reason}")
        }
        Error::InvalidConfig(msg) => format!("configuration: {msg}"),
        other => format!("other error: {other}"),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into());
    let client = match Client::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", describe(&e));
            return ExitCode::FAILURE;
        }
    };
    let mut unexpected = 0;

    // 1. Nobody listens on port 1: a connection error (no retries, to keep it quick).
    let offline = Client::builder()
        .api_key("unused")
        .base_url("http://127.0.0.1:1")
        .max_retries(0)
        .build();
    match offline {
        Ok(offline) => match offline.portouts().retrieve(&id).await {
            Err(e) => println!("unreachable server -> {}", describe(&e)),
            Ok(_) => unexpected += 1,
        },
        Err(e) => println!("unreachable server -> {}", describe(&e)),
    }

    // 2. No API key: 401.
    let anonymous = Client::builder()
        .base_url(client.base_url())
        .without_auth()
        .max_retries(0)
        .build();
    match anonymous {
        Ok(anonymous) => match anonymous.portouts().retrieve(&id).await {
            Err(e) => println!("missing API key -> {}", describe(&e)),
            Ok(_) => {
                println!("missing API key -> unexpectedly succeeded");
                unexpected += 1;
            }
        },
        Err(e) => println!("missing API key -> {}", describe(&e)),
    }

    // 3. A status the API does not accept (sent through the open enum's catch-all): 4xx.
    match client
        .portouts()
        .update_status(&id, PortoutTargetStatus::Unknown("bogus".into()), "testing")
        .await
    {
        Err(e) => println!("invalid status -> {}", describe(&e)),
        Ok(_) => {
            println!("invalid status -> unexpectedly succeeded");
            unexpected += 1;
        }
    }

    if unexpected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
