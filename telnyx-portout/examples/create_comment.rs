//! Posts a comment on a port-out (`POST /portouts/{id}/comments`).
//!
//! Mirrors the official Python snippet `client.portouts.comments.create(id="id", body="...")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_comment [PORTOUT_ID] [TEXT]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into());
    let text = args
        .next()
        .unwrap_or_else(|| "Please confirm the account PIN with the customer.".into());
    let client = Client::from_env()?;
    let comment = client.portouts().comments().create(&id).body(text).await?;
    println!("comment {} posted at {}", comment.id, comment.created_at);
    Ok(())
}
