//! Typed async client for Telnyx's Number Portout API.
//!
//! ```no_run
//! # async fn run() -> Result<(), telnyx_portout::Error> {
//! use telnyx_portout::{Client, models::{PortoutListFilter, PortoutStatus}};
//!
//! let client = Client::from_env()?; // TELNYX_API_KEY, optional TELNYX_BASE_URL
//! let filter = PortoutListFilter::new().status(PortoutStatus::Pending);
//! let page = client.portouts().list().filter(filter).page_size(20).await?;
//! for portout in &page {
//!     println!("{:?} {:?}", portout.id, portout.status);
//! }
//! // Or every port-out of every page, one page at a time:
//! let mut all = client.portouts().list().into_stream();
//! while let Some(portout) = all.next().await {
//!     println!("{:?}", portout?.id);
//! }
//! # Ok(()) }
//! ```
//!
//! Start from [`Client`]: `client.portouts()` and its sub-resources (`events()`, `reports()`,
//! `comments()`, `supporting_documents()`) in [`resources`] have one method per operation,
//! each documented with what it returns and an example; the request and response types are in
//! [`models`]. Lists return a [`Page`]; every call returns `Result<_, `[`Error`]`>`. Operations
//! and models are generated from Telnyx's OpenAPI spec; the runtime (client, errors, retries,
//! pagination, webhooks) is hand-written.
//!
//! # Responses that drift from the spec
//!
//! Telnyx's live responses do not always follow its spec (timestamps without an offset,
//! numbers sent as strings, a field the spec calls required left out). By default
//! ([`Decoding::Tolerant`]) such a value never fails the call and never drops the rest of the
//! response:
//!
//! - a value with a documented interpretation is read so and recorded: a date-time without
//!   an offset (`2024-05-01T10:00:00`, also with a space for `T`) is read as UTC; an integer
//!   or a number sent as a string (`"123"`) as the number; `"true"`/`"false"` as the boolean;
//!   a number where a string belongs as its JSON text (the `RULE_*` constants of
//!   [`deviation`] list them). A space for `T` with an offset is RFC 3339 already and reads
//!   exactly in both modes;
//! - any other value that does not match (a date only, `"yesterday"`, an object where a list
//!   belongs, a list where an object belongs, `null` where a value is required) is left
//!   absent: the field is `None`, an item is left out of its list. Never a default value in
//!   its place;
//! - a member the spec requires that is missing, `null` or unreadable is absent too, and its
//!   object keeps every other field, typed. That is why the required fields of the types
//!   responses hold are `Option`s (their docs say "Required by the spec"; `new` still takes
//!   them): the alternatives all break one of these rules. A plain field would need a value
//!   in its place (a default: a silently different value) or the whole object left out of
//!   its list or field (its other fields lost to the typed API, and a call lost when the
//!   object is the response itself). aws-sdk-rust and the `telnyx` crate make every response
//!   field an `Option` for the same reason. Strict decoding still refuses the absence, so a
//!   test with the strict testing kit catches it, and the types only requests use keep their
//!   required fields plain.
//!
//! Each such place is a [`Deviation`]: its JSON path as received (`data[3].created_at`), the
//! raw JSON, the reason, and what was done ([`deviation::Outcome`]). Read them with
//! [`ApiResponse::deviations`] (`.send_with_response()`), [`Page::deviations`],
//! [`PaginationStream::deviations`] (the pages an items stream fetched, paths within each
//! page's body) and `WebhookEvent::deviations`; each call with deviations also logs one `tracing` `WARN` event
//! naming their paths. Members the spec does not know are not deviations (the spec allows
//! them): every model a response holds keeps them, raw, by JSON key, in its
//! `unknown_fields()` (`comment.unknown_fields().get("brand_new_field")`), so a field Telnyx
//! added is readable before the next version (an object without any allocates nothing for
//! them; they are not sent back when a model is serialized), and
//! [`ApiResponse::unknown_fields`] lists all of a response's with their JSON paths.
//!
//! A body that is not JSON, or whose top level cannot be read (an array where
//! `{"data": ...}` belongs), still fails with [`Error::Decode`]. A page is repaired item by
//! item (an item that cannot be read at all is left out, recorded with its JSON), and one
//! value (a response, or one item of a page) may have at most
//! [`deviation::MAX_DEVIATIONS`] deviations.
//!
//! Strictness on request: [`ClientBuilder::decoding`]`(`[`Decoding::Strict`]`)` for a
//! client, or `.decoding(Decoding::Strict)` on one request builder: then any deviation fails
//! the call with [`Error::Decode`] naming its JSON path and keeping the body. The testing
//! kit's client is strict, so a test catches what production tolerates
//! (`Expectation::drift` injects a drifting value to test both paths).
//!
//! Cost: the strict decode from the bytes runs first; only a body that fails it is parsed
//! again, as a `serde_json::Value`, and repaired place by place, so a conforming response
//! costs what strict decoding costs and its list of deviations is an empty `Vec`, which does
//! not allocate.
//!
//! # Values Telnyx adds later
//!
//! Enums are open: a value this version does not know decodes to the `Unknown` variant and
//! is sent back unchanged. That variant's content is an opaque [`UnknownValue`]: read the
//! string with `as_str()` on the enum (`status.as_str() == "on-hold"`), which gives the same
//! answer before and after a later version names the value, and make one with `From<&str>`
//! (`PortoutStatus::from("on-hold")`), which picks the named variant when there is one. A
//! match on the string inside `Unknown(..)` does not compile, because it would silently stop
//! matching the day a regeneration turned the value into a variant of its own; an arm
//! `Unknown(_)` means "a value this version does not name", and `#[non_exhaustive]` makes
//! every match keep a wildcard arm. (The catch-alls of unions hold the raw JSON instead.)
//!
//! Testing your integration: the `mock` feature (for `[dev-dependencies]`) adds
//! `telnyx_portout::mock`, a mock Telnyx server with typed expectations written with these
//! request builders, fault injection (errors, `Retry-After`, delays, resets, bad bodies) and
//! a webhook signer for Telnyx's Ed25519 scheme; see its module docs.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
pub mod deviation;
mod error;
#[cfg(feature = "mock")]
pub mod mock;
#[doc(hidden)]
pub mod runtime;
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
pub use deviation::{Decoding, Deviation};
pub use error::{ApiError, ApiErrorSource, DecodeError, Error, PaginationError, StatusError};
pub use generated::{models, resources};
pub use runtime::endpoint::ResponseFuture;
pub use runtime::enums::UnknownValue;
pub use runtime::multipart::File;
pub use runtime::pagination::{Page, PageInfo, PaginationStream};
pub use runtime::tls::install_provider as install_tls_provider;
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
