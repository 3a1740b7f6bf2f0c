//! A host for the generator's output for `tests/fixtures/unions.yaml`: the 2025-08 shape of
//! Telnyx's port-out events (a `payload` that is a `oneOf` of three all-optional payloads,
//! without a discriminator) and a `oneOf` whose variants carry a one-value `kind`. Its tests
//! decode real payloads of each kind. `tests/fixture_crates.rs` keeps `src/generated/`
//! current (`BLESS=1` rewrites it).

#![forbid(unsafe_code)]

pub use telnyx_portout::{ApiResponse, Error, Page, runtime};

/// The generated code adds its resource accessors to `crate::Client`, so the host has its own
/// client type, which dereferences to the runtime's.
#[derive(Clone, Debug)]
pub struct Client(pub telnyx_portout::Client);

impl std::ops::Deref for Client {
    type Target = telnyx_portout::Client;
    fn deref(&self) -> &telnyx_portout::Client {
        &self.0
    }
}

#[rustfmt::skip]
#[allow(missing_docs, clippy::all, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, rustdoc::bare_urls)]
mod generated;

pub use generated::{models, resources};
