//! The official Python guide's auto-pagination, `for item in client.portouts.list(): ...`:
//! every pending or authorized port-out since 2024, fetched one page at a time.
//!
//! `TELNYX_API_KEY=KEY cargo run -p telnyx-portout --example paginate_all` (and `TELNYX_BASE_URL` for a mock).

use telnyx_portout::models::{PortoutListFilter, PortoutListFilterInsertedAt, PortoutStatus};
use telnyx_portout::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let since = "2024-01-01T00:00:00Z".parse().unwrap_or_default();
    let filter = PortoutListFilter::new()
        .status_in(vec![PortoutStatus::Pending, PortoutStatus::Authorized])
        .inserted_at(PortoutListFilterInsertedAt::new().gte(since));
    let mut portouts = client.portouts().list().filter(filter).page_size(50).into_stream();
    let mut count = 0;
    while let Some(portout) = portouts.next().await {
        match portout {
            Ok(portout) => {
                count += 1;
                println!("{count:>5} {:?} {:?}", portout.id, portout.status);
            }
            // A mock server answers every page number with the same page.
            Err(e @ Error::Pagination(_)) => println!("pagination stopped after {count} port-out(s): {e}"),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
