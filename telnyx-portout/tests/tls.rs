//! A `reqwest::Client` of the user's own, for `ClientBuilder::http_client`, can be built once
//! `install_tls_provider` ran (under the default `rustls-ring` feature reqwest has no crypto
//! provider, and panics without one). Its own test binary: the provider is process-wide.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "rustls-ring")]
#[test]
fn the_users_own_reqwest_client_works_after_install_tls_provider() {
    telnyx_portout::install_tls_provider();
    telnyx_portout::install_tls_provider(); // idempotent
    let http = reqwest::Client::new();
    let client = telnyx_portout::Client::builder()
        .api_key("k")
        .http_client(http)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), telnyx_portout::DEFAULT_BASE_URL);
}
