//! The contract between a generated request builder and the runtime.

use super::{Body, RawResponse, RequestOptions, query::Query};
use crate::{Client, Error};

/// HTTP methods an operation can use.
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    GET,
    /// PUT
    PUT,
    /// POST
    POST,
    /// DELETE
    DELETE,
    /// OPTIONS
    OPTIONS,
    /// HEAD
    HEAD,
    /// PATCH
    PATCH,
    /// TRACE
    TRACE,
}

impl Method {
    /// The method as `http::Method`.
    pub fn to_http(self) -> http::Method {
        match self {
            Method::GET => http::Method::GET,
            Method::PUT => http::Method::PUT,
            Method::POST => http::Method::POST,
            Method::DELETE => http::Method::DELETE,
            Method::OPTIONS => http::Method::OPTIONS,
            Method::HEAD => http::Method::HEAD,
            Method::PATCH => http::Method::PATCH,
            Method::TRACE => http::Method::TRACE,
        }
    }

    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::GET => "GET",
            Method::PUT => "PUT",
            Method::POST => "POST",
            Method::DELETE => "DELETE",
            Method::OPTIONS => "OPTIONS",
            Method::HEAD => "HEAD",
            Method::PATCH => "PATCH",
            Method::TRACE => "TRACE",
        }
    }
}

/// What every request builder holds: the client and per-request options (implemented by
/// [`request_methods!`] for the fields `client` and `options`).
pub trait Builder {
    /// The client to send with.
    fn client(&self) -> &Client;
    /// Per-request options.
    fn options(&self) -> &RequestOptions;
    /// Per-request options, mutable.
    fn options_mut(&mut self) -> &mut RequestOptions;
}

/// One operation, as a generated request builder describes it.
pub trait Endpoint: Builder + Clone + Send + Sync + 'static {
    /// What a success decodes to.
    type Output: Send + 'static;
    /// HTTP method.
    const METHOD: Method;
    /// Path template, as in the spec (for messages and tracing).
    const PATH_TEMPLATE: &'static str;
    /// `Accept` header.
    const ACCEPT: &'static str;
    /// The path with its parameters encoded; fails on an invalid parameter.
    fn path(&self) -> Result<String, Error>;
    /// Adds the query pairs.
    fn query(&self, q: &mut Query);
    /// The body, serialized.
    fn body(&self) -> Result<Option<Body>, Error>;
    /// The operation's header parameters, as name and value.
    fn headers(&self, _out: &mut Vec<(&'static str, String)>) {}
    /// Decodes a 2xx response.
    fn decode(&self, response: &RawResponse) -> Result<Self::Output, Error>;
}

/// Sends a request and decodes the response.
pub async fn send<E: Endpoint>(endpoint: E) -> Result<E::Output, Error> {
    send_with_response(endpoint).await.map(|r| r.value)
}

/// Sends a request; returns the decoded value with status, headers and raw body.
pub async fn send_with_response<E: Endpoint>(endpoint: E) -> Result<super::ApiResponse<E::Output>, Error> {
    let raw = super::send::execute(&endpoint).await?;
    let value = endpoint.decode(&raw).inspect_err(|error| {
        // A body that does not decode fails the call as surely as a status does.
        tracing::debug!(
            method = E::METHOD.as_str(),
            path = E::PATH_TEMPLATE,
            status = raw.status.as_u16(),
            error = %super::send::Chain(error),
            "request failed"
        );
    })?;
    let deviations = raw.take_deviations();
    Ok(super::ApiResponse {
        status: raw.status,
        headers: raw.headers,
        body: raw.body,
        value,
        deviations,
    })
}

/// The future of a request being sent: what a builder's `send()` and `send_with_response()`
/// return and what awaiting a builder runs. Boxed, so that the `Send` proof of the request
/// loop is made once here, generically, instead of once per operation (which was a large
/// part of the generated code's compile time), and so that it is `Unpin`.
pub type ResponseFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'static>>;

/// [`send`], boxed (every builder's `send()` and `IntoFuture` call this).
pub fn send_boxed<E: Endpoint>(endpoint: E) -> ResponseFuture<E::Output> {
    Box::pin(send(endpoint))
}

/// [`send_with_response`], boxed (every builder's `send_with_response()` calls this).
pub fn send_with_response_boxed<E: Endpoint>(endpoint: E) -> ResponseFuture<super::ApiResponse<E::Output>> {
    Box::pin(send_with_response(endpoint))
}

// The per-request option methods of every builder, written once here (the builders'
// methods of the same names call them, so the generated code has no body of its own for them).

/// `.header(name, value)` of a builder.
pub fn header<B: Builder>(mut builder: B, name: &str, value: &str) -> B {
    builder.options_mut().header(name, value);
    builder
}

/// `.query_param(key, value)` of a builder.
pub fn query_param<B: Builder>(mut builder: B, key: impl Into<String>, value: impl Into<String>) -> B {
    builder.options_mut().query_param(key, value);
    builder
}

/// `.timeout(timeout)` of a builder.
pub fn timeout<B: Builder>(mut builder: B, timeout: std::time::Duration) -> B {
    builder.options_mut().timeout = Some(timeout);
    builder
}

/// `.decoding(decoding)` of a builder.
pub fn decoding<B: Builder>(mut builder: B, decoding: crate::Decoding) -> B {
    builder.options_mut().decoding = Some(decoding);
    builder
}

/// `.max_retries(retries)` of a builder.
pub fn max_retries<B: Builder>(mut builder: B, retries: u32) -> B {
    builder.options_mut().max_retries = Some(retries);
    builder
}

/// The methods every request builder has: sending, per-request options, `IntoFuture`. The
/// output type is spelled out (`=> $out`) so rustdoc shows what `send` returns. Sending goes
/// through the generic [`send_boxed`]: no `async fn` is generated per operation.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_methods {
    ($ty:ident => $out:ty) => {
        impl $crate::runtime::endpoint::Builder for $ty {
            fn client(&self) -> &$crate::Client {
                &self.client
            }
            fn options(&self) -> &$crate::runtime::RequestOptions {
                &self.options
            }
            fn options_mut(&mut self) -> &mut $crate::runtime::RequestOptions {
                &mut self.options
            }
        }
        impl $ty {
            /// Sends the request and decodes the response (awaiting the builder does the same).
            pub fn send(self) -> $crate::ResponseFuture<$out> {
                $crate::runtime::endpoint::send_boxed(self)
            }
            /// Sends the request; returns the decoded value with the status, headers and raw body.
            pub fn send_with_response(self) -> $crate::ResponseFuture<$crate::ApiResponse<$out>> {
                $crate::runtime::endpoint::send_with_response_boxed(self)
            }
            /// Adds a header to this request only.
            pub fn header(self, name: &str, value: &str) -> Self {
                $crate::runtime::endpoint::header(self, name, value)
            }
            /// Sets a query parameter for this request only. It replaces the value the
            /// operation itself would send for `key` (and an earlier `query_param` of the same
            /// key), as the official SDKs' `extra_query` does.
            pub fn query_param(
                self,
                key: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                $crate::runtime::endpoint::query_param(self, key, value)
            }
            /// Overrides the total timeout of each attempt of this request.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                $crate::runtime::endpoint::timeout(self, timeout)
            }
            /// How this request's response is decoded, overriding the client's
            /// ([`Decoding::Strict`]($crate::Decoding::Strict) fails on any deviation from
            /// the spec; the default, [`Decoding::Tolerant`]($crate::Decoding::Tolerant),
            /// records it).
            pub fn decoding(self, decoding: $crate::Decoding) -> Self {
                $crate::runtime::endpoint::decoding(self, decoding)
            }
            /// Overrides the number of retries of this request.
            pub fn max_retries(self, retries: u32) -> Self {
                $crate::runtime::endpoint::max_retries(self, retries)
            }
        }
        impl ::std::future::IntoFuture for $ty {
            type Output = ::std::result::Result<$out, $crate::Error>;
            type IntoFuture = $crate::ResponseFuture<$out>;
            fn into_future(self) -> Self::IntoFuture {
                $crate::runtime::endpoint::send_boxed(self)
            }
        }
    };
}
pub use crate::__request_methods as request_methods;

/// Auto-pagination methods of a paginated request builder whose items are `$item`.
#[doc(hidden)]
#[macro_export]
macro_rules! __paginated_methods {
    ($ty:ident => $item:ty) => {
        impl $ty {
            /// Streams every item of every page, fetching one page at a time as the stream is
            /// read (`while let Some(item) = stream.next().await`). A server that repeats a
            /// page ends the stream with an error instead of looping.
            pub fn into_stream(self) -> $crate::PaginationStream<$item> {
                $crate::runtime::pagination::items(self)
            }
            /// Streams whole pages, fetching one at a time.
            pub fn pages(self) -> $crate::PaginationStream<$crate::Page<$item>> {
                $crate::runtime::pagination::pages(self)
            }
            /// Reads at most `limit` items, from as many pages as that takes.
            pub fn collect(self, limit: usize) -> $crate::ResponseFuture<::std::vec::Vec<$item>> {
                $crate::runtime::pagination::collect_boxed(self, limit)
            }
        }
    };
}
pub use crate::__paginated_methods as paginated_methods;
