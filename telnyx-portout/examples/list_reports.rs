//! The official Python guide's `page = client.portouts.reports.list(); print(page.data[0].id)`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_reports` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let page = client.portouts().reports().list().await?;
    if let Some(report) = page.data.first() {
        println!("{:?} {:?}", report.id, report.status);
    }
    Ok(())
}
