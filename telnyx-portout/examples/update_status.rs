//! The official Python guide's `client.portouts.update_status(status="authorized", id=..., reason=...)`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example update_status` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;
use telnyx_portout::models::PortoutTargetStatus;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let portout = client
        .portouts()
        .update_status(
            "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
            PortoutTargetStatus::Authorized,
            "I do not recognize this transaction",
        )
        .await?;
    println!("{:?} is now {:?}", portout.id, portout.status);
    Ok(())
}
