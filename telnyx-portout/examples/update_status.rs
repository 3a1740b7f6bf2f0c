//! Authorizes a port-out request (`PATCH /portouts/{id}/{status}`).
//!
//! Mirrors the official Python snippet `client.portouts.update_status(status="authorized", id="id", reason="I do not recognize this transaction")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example update_status [PORTOUT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;
use telnyx_portout::models::PortoutTargetStatus;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into());
    let client = Client::from_env()?;
    let portout = client
        .portouts()
        .update_status(&id, PortoutTargetStatus::Authorized, "Verified with the customer")
        .host_messaging(false)
        .await?;
    println!("port-out {id} is now {:?}", portout.status);
    Ok(())
}
