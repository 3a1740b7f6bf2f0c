//! The official Python guide's `client.portouts.supporting_documents.create(id="182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")` (with an LOA).
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_supporting_documents` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;
use telnyx_portout::models::{SupportingDocumentInput, SupportingDocumentType};
use telnyx_portout::uuid::Uuid;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let loa = SupportingDocumentInput::new(
        Uuid::from_u128(0xf1486bae_f067_460c_ad43_73a92848f902),
        SupportingDocumentType::Loa,
    );
    let documents = client
        .portouts()
        .supporting_documents()
        .create("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .documents(vec![loa])
        .await?;
    for document in &documents {
        // Required by the spec, so `None` only if a response lacked them.
        if let (Some(kind), Some(id)) = (&document.type_, document.document_id) {
            println!("attached {kind} {id}");
        }
    }
    Ok(())
}
