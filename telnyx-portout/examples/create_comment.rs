//! The official Python guide's `comment = client.portouts.comments.create(id="182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")` (with a body).
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_comment` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let comment = client
        .portouts()
        .comments()
        .create("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .body("Customer confirmed")
        .await?;
    // Required by the spec, so `None` only if a response lacked them.
    if let (Some(body), Some(at)) = (&comment.body, comment.created_at) {
        println!("{body} at {at}");
    }
    Ok(())
}
