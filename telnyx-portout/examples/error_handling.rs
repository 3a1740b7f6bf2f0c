//! The official Python guide's error handling: connection errors, rate limits (429) and
//! API errors (422 and the rest) told apart. Here an unknown target status makes the API
//! answer 422.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example error_handling` (and `TELNYX_BASE_URL` for a mock).

use std::time::Duration;
use telnyx_portout::models::PortoutTargetStatus;
use telnyx_portout::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let status = PortoutTargetStatus::from("not-a-status");
    match client
        .portouts()
        .update_status("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e", status, "test")
        .await
    {
        Ok(portout) => println!("updated: {:?}", portout.status),
        Err(e) if e.is_connection() => println!("Network error — check connectivity and retry"),
        Err(e) if e.is_rate_limited() => {
            // Retries already waited as Retry-After says; wait longer before trying again.
            let wait = e
                .as_status()
                .and_then(|s| s.retry_after())
                .unwrap_or(Duration::from_secs(1));
            tokio::time::sleep(wait).await;
        }
        Err(e) => match e.as_status() {
            Some(s) => {
                println!("API error {}: {e}", s.status.as_u16());
                if e.is_unprocessable() {
                    println!("Validation error — check required fields and formats");
                }
            }
            None => return Err(e),
        },
    }
    Ok(())
}
