//! The official Python guide's `client.portouts.list_rejection_codes("329d6658-8f93-405d-862f-648776e8afd7")`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_rejection_codes` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let codes = client
        .portouts()
        .list_rejection_codes("329d6658-8f93-405d-862f-648776e8afd7")
        .await?;
    println!("{codes:?}");
    Ok(())
}
