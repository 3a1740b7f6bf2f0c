//! Lists port-out reports (`GET /portouts/reports`).
//!
//! Mirrors the official Python snippet `client.portouts.reports.list()`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example list_reports
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let page = client.portouts().reports().list().await?;
    for report in &page.data {
        println!(
            "{:?} {:?} {:?} created {:?} document {:?}",
            report.id, report.report_type, report.status, report.created_at, report.document_id
        );
    }
    println!("{} report(s) on this page", page.data.len());
    Ok(())
}
