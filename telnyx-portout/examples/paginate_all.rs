//! Walks every page of port-outs matching a filter with auto-pagination (`into_stream`).
//!
//! ```sh
//! TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example paginate_all [MAX_ITEMS]
//! ```
//!
//! Reads `TELNYX_API_KEY` and `TELNYX_BASE_URL` (optional) from the environment. A server that
//! repeats a page (a mock server such as Prism does) ends the stream with
//! `Error::Pagination`: the example prints it and stops gracefully, keeping what it read (exit
//! 0). Any other error exits non-zero.

use futures_util::StreamExt;
use std::process::ExitCode;
use telnyx_portout::models::{PortoutListFilter, PortoutListFilterInsertedAt, PortoutStatus};
use telnyx_portout::{Client, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let max: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let client = match Client::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let since = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok();
    let stream = client
        .portouts()
        .list()
        .filter(PortoutListFilter {
            status_in: Some(vec![PortoutStatus::Pending, PortoutStatus::Authorized]),
            inserted_at: Some(PortoutListFilterInsertedAt {
                gte: since,
                ..Default::default()
            }),
            ..Default::default()
        })
        .page_size(50)
        .into_stream()
        .take(max);
    futures_util::pin_mut!(stream);
    let mut count = 0usize;
    while let Some(item) = stream.next().await {
        match item {
            Ok(portout) => {
                count += 1;
                println!(
                    "{count:>5} {} {:?}",
                    portout.id.as_deref().unwrap_or("?"),
                    portout.status
                );
            }
            Err(Error::Pagination(e)) => {
                println!("pagination stopped after {count} port-out(s): {e:?}");
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("error after {count} port-out(s): {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{count} port-out(s)");
    ExitCode::SUCCESS
}
