//! Lists the rejection codes eligible for a port-out (`GET /portouts/rejections/{portout_id}`).
//!
//! Mirrors the official Python snippet `client.portouts.list_rejection_codes(portout_id="id")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_rejection_codes [PORTOUT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let portout_id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "329d6658-8f93-405d-862f-648776e8afd7".into());
    let client = Client::from_env()?;
    let codes = client.portouts().list_rejection_codes(&portout_id).await?;
    println!("{} rejection code(s) for {portout_id}:", codes.len());
    for code in &codes {
        println!(
            "  {:?}: {} (reason required: {:?})",
            code.code,
            code.description.as_deref().unwrap_or("?"),
            code.reason_required
        );
    }
    Ok(())
}
