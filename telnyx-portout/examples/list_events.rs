//! The official Python guide's `page = client.portouts.events.list(); print(page.data[0])`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_events` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let page = client.portouts().events().list().await?;
    if let Some(event) = page.data.first() {
        println!("{:?} {:?} {:?}", event.tag(), event.portout_id(), event.created_at());
    }
    Ok(())
}
