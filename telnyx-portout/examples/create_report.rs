//! The official Python guide's `client.portouts.reports.create(params={"filters": {}}, report_type="export_portouts_csv")`.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example create_report` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::Client;
use telnyx_portout::models::{ExportPortoutsCsvReport, ExportPortoutsCsvReportFilters, PortoutReportType};

#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = Client::from_env()?;
    let params = ExportPortoutsCsvReport::new(ExportPortoutsCsvReportFilters::new());
    let report = client
        .portouts()
        .reports()
        .create(params, PortoutReportType::ExportPortoutsCsv)
        .await?;
    println!("{:?} {:?}", report.id, report.status);
    Ok(())
}
