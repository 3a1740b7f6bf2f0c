//! The official Python guide's `page = client.portouts.list(); print(page.data[0].id)`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_portouts` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let page = client.portouts().list().await?;
    if let Some(portout) = page.data.first() {
        println!("{:?} {:?}", portout.id, portout.status);
    }
    Ok(())
}
