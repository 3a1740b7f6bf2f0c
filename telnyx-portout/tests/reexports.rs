//! The crates whose types appear in the public API are re-exported, so a downstream crate
//! that depends only on `telnyx-portout` (and tokio) can name every type it is handed or
//! has to pass. Each line below names a type through `telnyx_portout::<crate>`.

#![allow(clippy::unwrap_used)]

use telnyx_portout::{ApiResponse, Client, bytes, chrono, futures_core, http, reqwest, serde_json, uuid};

fn is_stream<S: futures_core::Stream>(_: &S) {}

#[test]
fn the_foreign_types_of_the_api_are_nameable_through_the_crate() {
    // Filters and models take and hold chrono and uuid values.
    let when: chrono::DateTime<chrono::Utc> = "2024-09-04T00:00:00Z".parse().unwrap();
    let range = telnyx_portout::models::PortoutListFilterInsertedAt::new().gte(when);
    assert_eq!(range.gte, Some(when));
    // The clock, for timestamps of signed test webhooks (chrono's `now` feature: no
    // dependency beyond std).
    let now: chrono::DateTime<chrono::Utc> = chrono::Utc::now();
    assert!(now > when, "{now}");
    let id: uuid::Uuid = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse().unwrap();
    assert_eq!(id.to_string(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");

    // The builder takes the user's own reqwest client.
    let _: fn(telnyx_portout::ClientBuilder, reqwest::Client) -> telnyx_portout::ClientBuilder =
        telnyx_portout::ClientBuilder::http_client;
    let client = Client::builder().api_key("test").build().unwrap();

    // Streams implement futures_core::Stream.
    let stream = client.portouts().list().into_stream();
    is_stream(&stream);

    // Raw responses carry http and bytes types; JSON values are serde_json's.
    let response = ApiResponse {
        status: http::StatusCode::OK,
        headers: http::HeaderMap::new(),
        body: bytes::Bytes::from_static(b"{}"),
        value: serde_json::Value::Null,
        deviations: Vec::new(),
    };
    assert_eq!(response.request_id(), None);
}
