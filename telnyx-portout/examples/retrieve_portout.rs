//! Retrieves one port-out request (`GET /portouts/{id}`).
//!
//! Mirrors the official Python snippet `client.portouts.retrieve("id")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example retrieve_portout [PORTOUT_ID]
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
    let portout = client.portouts().retrieve(&id).await?;
    println!("port-out {id}");
    println!("  status:       {:?}", portout.status);
    println!("  carrier:      {:?}", portout.carrier_name);
    println!("  numbers:      {:?}", portout.phone_numbers);
    println!("  FOC date:     {:?}", portout.foc_date);
    println!("  support key:  {:?}", portout.support_key);
    Ok(())
}
