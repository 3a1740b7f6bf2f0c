//! The root a crate needs to host generated code outside `telnyx-portout` (the fixture crates
//! and the semver proof's scratch crates): the generated code refers to `crate::Client`,
//! `crate::Error`, `crate::Page`, `crate::runtime`, and adds its resource accessors to
//! `crate::Client`, so the host has a client type of its own that dereferences to the
//! runtime's. `fixture_host::host!();` at a crate root provides it and declares
//! `mod generated` (in `src/generated/`).

#![forbid(unsafe_code)]

#[doc(hidden)]
pub use telnyx_portout;

/// Declares the host items and the `generated` module at the calling crate's root.
#[macro_export]
macro_rules! host {
    () => {
        /// The testing kit, for the generated `mock` module (with the host's `mock` feature).
        #[cfg(feature = "mock")]
        pub use $crate::telnyx_portout::mock;
        pub use $crate::telnyx_portout::{ApiResponse, Error, File, Page, runtime};

        /// The host's client: the runtime's, which generated resources hang off.
        #[derive(Clone, Debug)]
        pub struct Client(pub $crate::telnyx_portout::Client);

        impl ::std::ops::Deref for Client {
            type Target = $crate::telnyx_portout::Client;
            fn deref(&self) -> &$crate::telnyx_portout::Client {
                &self.0
            }
        }

        // (No `#[rustfmt::skip]`: rustfmt does not follow a module declared in a macro, and
        // the attribute here makes its formatting of this macro unstable.)
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
    };
}
