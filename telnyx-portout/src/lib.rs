//! Typed async client for Telnyx's Number Portout API.
//!
//! ```no_run
//! # async fn run() -> Result<(), telnyx_portout::Error> {
//! use telnyx_portout::{Client, models::{PortoutListFilter, PortoutStatus}};
//!
//! let client = Client::from_env()?; // TELNYX_API_KEY, optional TELNYX_BASE_URL
//! let page = client
//!     .portouts()
//!     .list()
//!     .filter(PortoutListFilter { status: Some(PortoutStatus::Pending), ..Default::default() })
//!     .page_size(20)
//!     .await?;
//! for portout in &page.data {
//!     println!("{:?} {:?}", portout.id, portout.status);
//! }
//! # Ok(()) }
//! ```
//!
//! The operations and models are generated from Telnyx's OpenAPI spec by `cargo xtask codegen`
//! (see the `generated` folder); the runtime they go through (client, errors, retries,
//! pagination, webhooks) is hand-written.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
mod error;
pub mod runtime;
/// Needs the `webhooks` feature (on by default).
#[cfg(feature = "webhooks")]
pub mod webhooks;

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

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, ApiErrorSource, DecodeError, Error, PaginationError, StatusError};
pub use generated::{models, resources};
pub use runtime::pagination::Page;
pub use runtime::{ApiResponse, RequestOptions};

// The crates whose types appear in this crate's API, so a user can name them (and match
// versions) without adding them as dependencies.
pub use bytes;
pub use chrono;
pub use futures_core;
pub use http;
pub use reqwest;
pub use serde_json;
pub use uuid;

/// The README's Rust examples, compiled as doctests so they cannot rot.
#[doc = include_str!("../../README.md")]
#[cfg(all(doctest, feature = "webhooks"))]
pub struct ReadmeDoctests;

/// The crate README's examples (the crates.io page), compiled as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct CrateReadmeDoctests;
