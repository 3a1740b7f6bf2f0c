//! TLS: reqwest is built with `rustls-no-provider` and rustls on *ring* (no C build of
//! aws-lc-rs); the provider is installed process-wide once, unless the host application
//! installed one first.

/// Installs *ring* as the process-wide rustls provider if none is installed. Idempotent.
pub(crate) fn install_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // `Err` means another thread installed one in between, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
