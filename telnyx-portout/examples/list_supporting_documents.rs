//! Lists the supporting documents of a port-out (`GET /portouts/{id}/supporting_documents`).
//!
//! Mirrors the official Python snippet `client.portouts.supporting_documents.list("id")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_supporting_documents [PORTOUT_ID]
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
    let documents = client.portouts().supporting_documents().list(&id).await?;
    for doc in &documents {
        println!("{} {} (document {})", doc.id, doc.type_, doc.document_id);
    }
    println!("{} supporting document(s) on port-out {id}", documents.len());
    Ok(())
}
