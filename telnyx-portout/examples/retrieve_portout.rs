//! The official Python guide's `portout = client.portouts.retrieve("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example retrieve_portout` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let portout = client
        .portouts()
        .retrieve("182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e")
        .await?;
    println!("{:?} {:?} {:?}", portout.id, portout.status, portout.carrier_name);
    Ok(())
}
