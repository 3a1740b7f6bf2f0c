//! A host for generated code outside `telnyx-portout`: the generator's output for
//! `tests/fixtures/hostile_docs.yaml` (every markdown shape rustdoc takes for a doctest, and
//! raw HTML, in every place spec text reaches a doc comment), compiled against the real
//! runtime. `cargo test --workspace` runs this crate's doctests: if spec text ever became one,
//! its code (`compile_error!`, or a `should_panic`/`compile_fail` body that neither panics nor
//! fails) would fail the suite. `tests/doc_safety.rs` keeps `src/generated/` current
//! (`BLESS=1` rewrites it) and counts the doctests with rustdoc itself (zero allowed).

#![forbid(unsafe_code)]

#[cfg(feature = "mock")]
pub use telnyx_portout::mock;
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
#[allow(
    missing_docs,
    clippy::all,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::bare_urls,
    rustdoc::invalid_rust_codeblocks
)]
mod generated;

pub use generated::{models, resources};
