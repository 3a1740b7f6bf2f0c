//! The official Python guide's `client.portouts.supporting_documents.list("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_supporting_documents` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let documents = client
        .portouts()
        .supporting_documents()
        .list("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .await?;
    for document in &documents {
        // Required by the spec, so `None` only if a response lacked them.
        if let (Some(kind), Some(id)) = (&document.type_, document.document_id) {
            println!("{kind} {id}");
        }
    }
    Ok(())
}
