//! Requests a CSV export of port-outs (`POST /portouts/reports`).
//!
//! Mirrors the official Python snippet `client.portouts.reports.create(params={"filters": {}}, report_type="export_portouts_csv")`.
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_report
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment; exits non-zero
//! on error.

use telnyx_portout::Client;
use telnyx_portout::models::{
    ExportPortoutsCsvReport, ExportPortoutsCsvReportFilters, PortoutReportType, PortoutStatus,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let params = ExportPortoutsCsvReport {
        filters: ExportPortoutsCsvReportFilters {
            status_in: Some(vec![PortoutStatus::Pending, PortoutStatus::Authorized]),
            ..Default::default()
        },
    };
    let report = client
        .portouts()
        .reports()
        .create(params, PortoutReportType::ExportPortoutsCsv)
        .await?;
    println!("report {:?} requested, status {:?}", report.id, report.status);
    Ok(())
}
