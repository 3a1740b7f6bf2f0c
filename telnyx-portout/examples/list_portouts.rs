//! Lists port-out requests (`GET /portouts`).
//!
//! Mirrors the official Python snippet `client.portouts.list()`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_portouts
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let page = client.portouts().list().await?;
    for portout in &page.data {
        println!(
            "{} {} -> {} ({})",
            portout.id.as_deref().unwrap_or("?"),
            portout.status.as_ref().map_or("?", |s| s.as_str()),
            portout.carrier_name.as_deref().unwrap_or("?"),
            portout.phone_numbers.as_deref().unwrap_or_default().join(", "),
        );
    }
    if let Some(meta) = &page.meta {
        println!(
            "page {:?} of {:?} ({:?} port-outs)",
            meta.page_number, meta.total_pages, meta.total_results
        );
    }
    Ok(())
}
