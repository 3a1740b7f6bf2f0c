//! Lists the comments of a port-out (`GET /portouts/{id}/comments`).
//!
//! Mirrors the official Python snippet `client.portouts.comments.list("id")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_comments [PORTOUT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into());
    let client = Client::from_env()?;
    let comments = client.portouts().comments().list(&id).await?;
    let data = comments.data.unwrap_or_default();
    for comment in &data {
        let author = comment.user_id.as_deref().unwrap_or("Telnyx");
        println!("[{}] {author}: {}", comment.created_at, comment.body);
    }
    println!("{} comment(s) on port-out {id}", data.len());
    Ok(())
}
