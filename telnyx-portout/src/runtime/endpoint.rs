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

/// What every request builder holds: the client and per-request options (implemented once,
/// generically, for the `Request<P>` type of [`request_type!`]).
pub trait Builder {
    /// The client to send with.
    fn client(&self) -> &Client;
    /// Per-request options.
    fn options(&self) -> &RequestOptions;
}

/// One operation, as a generated request builder describes it. The provided methods are what
/// most operations need (no path parameter, no query, no body, no header parameter), so the
/// generated code writes only the others: a body written here once is not checked again per
/// operation (compile cost, BENCHMARKS.md 8).
pub trait Endpoint: Builder + Clone + Send + Sync + 'static {
    /// What a success decodes to.
    type Output: Send + 'static;
    /// How a 2xx response becomes `Output` ([`Data`], [`Json`], [`Paged`], [`Empty`],
    /// [`Binary`]).
    type Decoder: Decode<Self>;
    /// HTTP method.
    const METHOD: Method;
    /// Path template, as in the spec (for messages and tracing).
    const PATH_TEMPLATE: &'static str;
    /// `Accept` header.
    const ACCEPT: &'static str;
    /// The path with its parameters encoded; fails on an invalid parameter. Provided: the
    /// template itself, for an operation without path parameters.
    fn path(&self) -> Result<String, Error> {
        Ok(Self::PATH_TEMPLATE.to_string())
    }
    /// Adds the query pairs (provided: none).
    fn query(&self, _q: &mut Query) {}
    /// The body, serialized (provided: none).
    fn body(&self) -> Result<Option<Body>, Error> {
        Ok(None)
    }
    /// The operation's header parameters, as name and value (provided: none).
    fn headers(&self, _out: &mut Vec<(&'static str, String)>) {}
    /// Decodes a 2xx response, with [`Self::Decoder`].
    fn decode(&self, response: &RawResponse) -> Result<Self::Output, Error> {
        <Self::Decoder as Decode<Self>>::decode(self, response)
    }
}

/// How a 2xx response becomes an operation's output: one of the types below, named by the
/// operation's `Endpoint::Decoder`.
pub trait Decode<E: Endpoint> {
    /// Decodes `response` to `endpoint`'s output.
    fn decode(endpoint: &E, response: &RawResponse) -> Result<E::Output, Error>;
}

/// `{"data": T}`, decoded as `T` ([`decode::data`](super::decode::data)).
#[derive(Debug)]
pub enum Data {}

impl<E: Endpoint> Decode<E> for Data
where
    E::Output: serde::de::DeserializeOwned,
{
    fn decode(_: &E, response: &RawResponse) -> Result<E::Output, Error> {
        super::decode::data(response)
    }
}

/// A JSON body decoded as itself ([`decode::json`](super::decode::json)).
#[derive(Debug)]
pub enum Json {}

impl<E: Endpoint> Decode<E> for Json
where
    E::Output: serde::de::DeserializeOwned,
{
    fn decode(_: &E, response: &RawResponse) -> Result<E::Output, Error> {
        super::decode::json(response)
    }
}

/// A page of a paginated list ([`decode::page`](super::decode::page)).
#[derive(Debug)]
pub enum Paged {}

impl<E: super::pagination::Paginated> Decode<E> for Paged {
    fn decode(endpoint: &E, response: &RawResponse) -> Result<E::Output, Error> {
        super::decode::page(endpoint, response)
    }
}

/// No content ([`decode::empty`](super::decode::empty)).
#[derive(Debug)]
pub enum Empty {}

impl<E: Endpoint<Output = ()>> Decode<E> for Empty {
    fn decode(_: &E, response: &RawResponse) -> Result<(), Error> {
        super::decode::empty(response)
    }
}

/// A non-JSON body, as bytes ([`decode::binary`](super::decode::binary)).
#[derive(Debug)]
pub enum Binary {}

impl<E: Endpoint<Output = bytes::Bytes>> Decode<E> for Binary {
    fn decode(_: &E, response: &RawResponse) -> Result<bytes::Bytes, Error> {
        super::decode::binary(response)
    }
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

/// The `Debug` of every request builder: what it would send, as the request loop builds it
/// (method, path with its parameters encoded or the error that refuses it, query string with
/// the per-request overrides, header parameters, body), then the client (its key redacted)
/// and the per-request options. One generic body, so the operations' parameter structs need
/// no `Debug` of their own (compile cost, BENCHMARKS.md 8).
pub fn debug<E: Endpoint>(endpoint: &E, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    let mut headers = Vec::new();
    endpoint.headers(&mut headers);
    f.debug_struct("Request")
        .field("method", &E::METHOD)
        .field("path", &endpoint.path())
        .field("query", &super::send::query_string(endpoint, endpoint.options()))
        .field("headers", &headers)
        .field("body", &endpoint.body())
        .field("client", endpoint.client())
        .field("options", endpoint.options())
        .finish()
}

/// [`send`], boxed (every builder's `send()` and `IntoFuture` call this).
pub fn send_boxed<E: Endpoint>(endpoint: E) -> ResponseFuture<E::Output> {
    Box::pin(send(endpoint))
}

/// [`send_with_response`], boxed (every builder's `send_with_response()` calls this).
pub fn send_with_response_boxed<E: Endpoint>(endpoint: E) -> ResponseFuture<super::ApiResponse<E::Output>> {
    Box::pin(send_with_response(endpoint))
}

/// The one request-builder type, `Request<P>`, declared where the generated code lives (the
/// generated `resources` module calls this once; a type of this crate could not take inherent
/// methods in a crate that hosts generated code elsewhere). Every operation's builder is an
/// alias of it over a parameters struct of its own (`pub type PortoutListRequest =
/// Request<PortoutListRequestParams>`), with its setters and its `Endpoint` impl; sending,
/// awaiting, the per-request options and the streams of paginated operations are the methods
/// below, each written once for all operations: generic bodies cost `cargo check` nothing per
/// operation (compile cost, BENCHMARKS.md 8). Sending returns [`ResponseFuture`], boxed, so no
/// `Send` proof of the request loop is made per operation either.
// `crate::Client` (not `$crate::Client`) on purpose: the client of the crate holding the
// generated code, which in a fixture crate is the host's own (`fixture_host::host!`).
#[allow(clippy::crate_in_macro_def)]
#[doc(hidden)]
#[macro_export]
macro_rules! __request_type {
    () => {
        /// A request builder: the client, per-request options and the operation's parameters
        /// (`P`, set with the builder's methods). Each operation's builder is an alias of this
        /// type (`PortoutListRequest`); send it with `.send().await` or await it directly.
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct Request<P> {
            client: crate::Client,
            options: $crate::runtime::RequestOptions,
            params: P,
        }
        /// A builder with default options (a free function, so that no operation's setter
        /// name can collide with it).
        fn new_request<P>(client: crate::Client, params: P) -> Request<P> {
            Request {
                client,
                options: ::std::default::Default::default(),
                params,
            }
        }
        /// What the request would send (method, path, query, header parameters, body),
        /// with the client and the per-request options.
        impl<P> ::std::fmt::Debug for Request<P>
        where
            Self: $crate::runtime::endpoint::Endpoint,
        {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::endpoint::debug(self, f)
            }
        }
        impl<P> $crate::runtime::endpoint::Builder for Request<P> {
            fn client(&self) -> &$crate::Client {
                &self.client
            }
            fn options(&self) -> &$crate::runtime::RequestOptions {
                &self.options
            }
        }
        impl<P> Request<P>
        where
            Self: $crate::runtime::endpoint::Endpoint,
        {
            /// Sends the request and decodes the response (awaiting the builder does the same).
            pub fn send(self) -> $crate::ResponseFuture<<Self as $crate::runtime::endpoint::Endpoint>::Output> {
                $crate::runtime::endpoint::send_boxed(self)
            }
            /// Sends the request; returns the decoded value with the status, headers and raw body.
            pub fn send_with_response(
                self,
            ) -> $crate::ResponseFuture<$crate::ApiResponse<<Self as $crate::runtime::endpoint::Endpoint>::Output>>
            {
                $crate::runtime::endpoint::send_with_response_boxed(self)
            }
            /// Adds a header to this request only.
            pub fn header(mut self, name: &str, value: &str) -> Self {
                self.options.header(name, value);
                self
            }
            /// Sets a query parameter for this request only. It replaces the value the
            /// operation itself would send for `key` (and an earlier `query_param` of the same
            /// key), as the official SDKs' `extra_query` does.
            pub fn query_param(
                mut self,
                key: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.options.query_param(key, value);
                self
            }
            /// Overrides the total timeout of each attempt of this request.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = ::std::option::Option::Some(timeout);
                self
            }
            /// How this request's response is decoded, overriding the client's
            /// ([`Decoding::Strict`]($crate::Decoding::Strict) fails on any deviation from
            /// the spec; the default, [`Decoding::Tolerant`]($crate::Decoding::Tolerant),
            /// records it).
            pub fn decoding(mut self, decoding: $crate::Decoding) -> Self {
                self.options.decoding = ::std::option::Option::Some(decoding);
                self
            }
            /// Overrides the number of retries of this request.
            pub fn max_retries(mut self, retries: u32) -> Self {
                self.options.max_retries = ::std::option::Option::Some(retries);
                self
            }
        }
        impl<P> ::std::future::IntoFuture for Request<P>
        where
            Self: $crate::runtime::endpoint::Endpoint,
        {
            type Output = ::std::result::Result<<Self as $crate::runtime::endpoint::Endpoint>::Output, $crate::Error>;
            type IntoFuture = $crate::ResponseFuture<<Self as $crate::runtime::endpoint::Endpoint>::Output>;
            fn into_future(self) -> Self::IntoFuture {
                $crate::runtime::endpoint::send_boxed(self)
            }
        }
        impl<P> Request<P>
        where
            Self: $crate::runtime::pagination::Paginates,
        {
            /// Streams every item of every page, fetching one page at a time as the stream is
            /// read (`while let Some(item) = stream.next().await`). A server that repeats a
            /// page ends the stream with an error instead of looping.
            pub fn into_stream(
                self,
            ) -> $crate::PaginationStream<<Self as $crate::runtime::pagination::Paginated>::Item> {
                $crate::runtime::pagination::items(self)
            }
            /// Streams whole pages, fetching one at a time.
            pub fn pages(
                self,
            ) -> $crate::PaginationStream<$crate::Page<<Self as $crate::runtime::pagination::Paginated>::Item>> {
                $crate::runtime::pagination::pages(self)
            }
            /// Reads at most `limit` items, from as many pages as that takes.
            pub fn collect(
                self,
                limit: usize,
            ) -> $crate::ResponseFuture<::std::vec::Vec<<Self as $crate::runtime::pagination::Paginated>::Item>> {
                $crate::runtime::pagination::collect_boxed(self, limit)
            }
        }
    };
}
pub use crate::__request_type as request_type;
