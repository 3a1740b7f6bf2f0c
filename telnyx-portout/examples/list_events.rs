//! Lists port-out events (`GET /portouts/events`).
//!
//! Mirrors the official Python snippet `client.portouts.events.list()`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_events
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;
use telnyx_portout::models::PortoutEvent;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let page = client.portouts().events().list().await?;
    for event in &page.data {
        match event {
            PortoutEvent::StatusChanged(e) => println!(
                "{:?} status changed to {:?}",
                e.portout_id,
                e.payload.as_ref().and_then(|p| p.status.as_ref())
            ),
            PortoutEvent::NewComment(e) => println!(
                "{:?} new comment: {:?}",
                e.portout_id,
                e.payload.as_ref().and_then(|p| p.comment.as_deref())
            ),
            PortoutEvent::FocDateChanged(e) => println!(
                "{:?} FOC date changed to {:?}",
                e.portout_id,
                e.payload.as_ref().and_then(|p| p.foc_date)
            ),
            PortoutEvent::Unknown(raw) => println!("event of an unknown type: {raw}"),
            other => println!("event {:?}", other.tag()),
        }
    }
    println!("{} event(s) on this page", page.data.len());
    Ok(())
}
