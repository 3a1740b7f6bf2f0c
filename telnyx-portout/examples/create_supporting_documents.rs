//! Attaches supporting documents to a port-out (`POST /portouts/{id}/supporting_documents`).
//!
//! Mirrors the official Python snippet `client.portouts.supporting_documents.create(id="id", documents=[{"document_id": "...", "type": "loa"}])`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_supporting_documents [PORTOUT_ID] [DOCUMENT_ID]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;
use telnyx_portout::models::{PortoutSupportingDocumentCreateParamsDocumentsItem, SupportingDocumentType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into());
    let document_id = args
        .next()
        .unwrap_or_else(|| "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".into())
        .parse()?;
    let client = Client::from_env()?;
    let documents = client
        .portouts()
        .supporting_documents()
        .create(&id)
        .documents(vec![PortoutSupportingDocumentCreateParamsDocumentsItem {
            document_id,
            type_: SupportingDocumentType::Loa,
        }])
        .await?;
    for doc in &documents {
        println!(
            "attached {} {} to port-out {}",
            doc.type_, doc.document_id, doc.portout_id
        );
    }
    Ok(())
}
