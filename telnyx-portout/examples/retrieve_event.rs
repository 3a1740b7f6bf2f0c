//! Shows one port-out event (`GET /portouts/events/{id}`).
//!
//! Mirrors the official Python snippet `client.portouts.events.retrieve("id")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example retrieve_event [EVENT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "eef3340b-8903-4466-b445-89b697315a3a".into());
    let client = Client::from_env()?;
    let event = client.portouts().events().retrieve(&id).await?;
    println!("event {id}: {}", event.tag().unwrap_or("(no event_type)"));
    println!("{event:#?}");
    Ok(())
}
