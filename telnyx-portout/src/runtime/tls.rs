//! TLS, chosen by the crate's features:
//!
//! - `rustls-ring` (default): reqwest is built with `rustls-no-provider` and rustls on *ring*
//!   (no C build of aws-lc-rs); the provider is installed process-wide once, unless the host
//!   application installed one first.
//! - `rustls-aws-lc`: reqwest's own rustls on aws-lc-rs; nothing to install.
//! - `native-tls`: the platform's TLS through reqwest; nothing to install.
//!
//! With none of them, reqwest has no TLS: only `http://` base URLs work (a local mock), unless
//! the application passes a `reqwest::Client` of its own.

/// Installs *ring* as the process-wide rustls provider if none is installed. Idempotent.
///
/// Under the default `rustls-ring` feature reqwest is built without a crypto provider: this
/// crate installs *ring* when it builds its own HTTP client, but a `reqwest::Client` you build
/// yourself (for [`ClientBuilder::http_client`](crate::ClientBuilder::http_client)) before any
/// [`Client`](crate::Client) exists panics with "No rustls crypto provider is configured".
/// Call this first. With the other TLS features it does nothing.
#[cfg(feature = "rustls-ring")]
pub fn install_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // `Err` means another thread installed one in between, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Nothing to install without `rustls-ring`.
#[cfg(not(feature = "rustls-ring"))]
pub fn install_provider() {}
