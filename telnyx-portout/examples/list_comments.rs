//! The official Python guide's `comments = client.portouts.comments.list("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_comments` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let comments = client
        .portouts()
        .comments()
        .list("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .await?;
    for comment in &comments {
        println!("{:?}: {:?}", comment.created_at, comment.body);
    }
    Ok(())
}
