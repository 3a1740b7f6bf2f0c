//! Pages and auto-pagination.
//!
//! The next page repeats every query parameter of the original request with the page number
//! set to `meta.page_number + 1`. Pagination ends when a page is empty or `meta` says it is
//! the last (`page_number >= total_pages`). A page without `meta` is never taken as the last
//! one: the next page is fetched until one comes back empty, so nothing is cut off silently.
//! A server that answers a page number that does not advance (or, without `meta`, the same
//! page again) ends with [`PaginationError::NotAdvancing`] instead of looping forever.

use super::RawResponse;
use super::endpoint::Endpoint;
use crate::deviation::{Decoding, Deviation};
use crate::error::{Error, PaginationError};
pub use futures_core::Stream;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The page metadata of a paginated response, as its generated model reads it.
pub trait PageMeta {
    /// The number of this page (1-based).
    fn page_number(&self) -> Option<i64>;
    /// The number of pages.
    fn total_pages(&self) -> Option<i64>;
    /// The size of a page.
    fn page_size(&self) -> Option<i64> {
        None
    }
    /// The number of items in all pages.
    fn total_results(&self) -> Option<i64> {
        None
    }
}

/// A request builder whose operation is paginated.
pub trait Paginated: Endpoint<Output = Page<Self::Item>> {
    /// Item type.
    type Item: DeserializeOwned + Send + Sync + 'static;
    /// Metadata type (the generated model of `meta`).
    type Meta: PageMeta + DeserializeOwned;
    /// Whether the operation has a page-number parameter (a list answered with `meta` but
    /// without one is a single page: it has no next page to fetch).
    const PAGINATES: bool;
    /// The page number this request asks for, if set.
    fn page_number(&self) -> Option<i64>;
    /// Sets the page number to request.
    fn set_page_number(&mut self, number: i64);
}

/// A paginated operation with a page-number parameter (`Paginated::PAGINATES`): its builder
/// has `into_stream()`, `pages()` and `collect(n)` (the generic methods of
/// [`request_type!`](crate::runtime::endpoint::request_type)). An empty impl per operation.
pub trait Paginates: Paginated {}

/// A number that is integral, as an integer (metadata declared `type: number`).
pub fn integral(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.is_finite() && v.abs() < 9.0e15).then_some(v as i64)
}

/// Where a page sits among the others, from the response's `meta`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The number of this page (1-based).
    pub page_number: Option<i64>,
    /// The size of a page.
    pub page_size: Option<i64>,
    /// The number of pages.
    pub total_pages: Option<i64>,
    /// The number of items in all pages.
    pub total_results: Option<i64>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type FetchPage<T> = Arc<dyn Fn(i64) -> BoxFuture<Result<Page<T>, Error>> + Send + Sync>;

/// One page of results. Iterate it (`for item in &page`), read `data` and `meta`, and fetch
/// the next one with [`Page::next_page`].
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The page metadata, if the server sent it.
    pub meta: Option<PageInfo>,
    /// The operation, for messages (`GET /portouts`).
    operation: (super::endpoint::Method, &'static str),
    /// A fingerprint of the body, to notice a server repeating a page that has no `meta`.
    fingerprint: u64,
    /// The number this page was requested as (the original request's, or 1).
    requested: i64,
    /// Fetches the page with a given number; `None` when no page follows.
    next: Option<FetchPage<T>>,
    /// Where this page's body deviates from the spec (empty, unallocated, when it conforms).
    deviations: Vec<Deviation>,
}

impl<T: Clone> Clone for Page<T> {
    fn clone(&self) -> Self {
        Page {
            data: self.data.clone(),
            ..self.without_data()
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("data", &self.data)
            .field("meta", &self.meta)
            .field("has_next_page", &self.next.is_some())
            .finish()
    }
}

#[derive(serde::Deserialize)]
#[serde(remote = "Self")]
struct Envelope<I, M> {
    data: Vec<I>,
    meta: Option<M>,
}

impl<'de, I: serde::Deserialize<'de>, M: serde::Deserialize<'de>> serde::Deserialize<'de> for Envelope<I, M> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Envelope::deserialize(super::decode::ObjectOnly(d))
    }
}

/// The page envelope, as `decode::with_deviations` decodes any body, except that the
/// tolerant mode repairs the items one by one (`tolerant::decode_part`): an item that cannot
/// be read is left out of the page, the others and `meta` are kept.
fn decode_envelope<I: DeserializeOwned, M: DeserializeOwned>(
    response: &RawResponse,
) -> Result<(Envelope<I, M>, Vec<Deviation>), Error> {
    if response.decoding == Decoding::Strict {
        return super::decode::with_deviations(response);
    }
    if let Ok(envelope) = serde_json::from_slice::<Envelope<I, M>>(&response.body) {
        return Ok((envelope, Vec::new()));
    }
    let parsed = serde_json::from_slice::<serde_json::Value>(&response.body);
    let Ok(serde_json::Value::Object(body)) = &parsed else {
        return super::decode::with_deviations(response);
    };
    let Some(serde_json::Value::Array(items)) = body.get("data") else {
        return super::decode::with_deviations(response);
    };
    let mut deviations = Vec::new();
    let data = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| super::tolerant::decode_part::<I>(item, &format!("data[{i}]"), &mut deviations))
        .collect();
    let meta = match body.get("meta") {
        None | Some(serde_json::Value::Null) => None,
        Some(m) => super::tolerant::decode_part::<M>(m, "meta", &mut deviations),
    };
    super::decode::warn(&response.operation, &deviations);
    Ok((Envelope { data, meta }, deviations))
}

fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl<T: DeserializeOwned + Send + Sync + 'static> Page<T> {
    pub(crate) fn decode<R: Paginated<Item = T>>(
        request: R,
        requested: i64,
        response: &RawResponse,
    ) -> Result<Self, Error> {
        let (env, deviations): (Envelope<T, R::Meta>, _) = decode_envelope(response)?;
        response.record(&deviations);
        let meta = env.meta.as_ref().map(|m| PageInfo {
            page_number: m.page_number(),
            page_size: m.page_size(),
            total_pages: m.total_pages(),
            total_results: m.total_results(),
        });
        let more = R::PAGINATES
            && !env.data.is_empty()
            && match &meta {
                Some(m) => match (m.page_number, m.total_pages) {
                    (Some(n), Some(total)) => n < total,
                    // `meta` without the numbers: it cannot say this is the last page.
                    _ => true,
                },
                None => true,
            };
        let next: Option<FetchPage<T>> = more.then(|| {
            let fetch: FetchPage<T> = Arc::new(move |number| {
                let mut request = request.clone();
                request.set_page_number(number);
                Box::pin(async move {
                    let raw = super::send::execute(&request).await?;
                    Page::decode(request, number, &raw)
                })
            });
            fetch
        });
        Ok(Page {
            data: env.data,
            meta,
            operation: (R::METHOD, R::PATH_TEMPLATE),
            fingerprint: fingerprint(&response.body),
            requested,
            next,
            deviations,
        })
    }
}

impl<T> Page<T> {
    /// The number of this page: from `meta`, else the number it was requested as.
    pub fn page_number(&self) -> i64 {
        self.meta.and_then(|m| m.page_number).unwrap_or(self.requested)
    }

    /// Whether another page may follow: this one has items, and `meta` does not say it is
    /// the last.
    pub fn has_next_page(&self) -> bool {
        self.next.is_some()
    }

    /// Fetches the next page; `Ok(None)` after the last one. Fails with
    /// [`PaginationError::NotAdvancing`] when the server answers with a page number that is not
    /// past this one, or (without `meta`) with this same page again.
    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        let Some(fetch) = &self.next else {
            return Ok(None);
        };
        let current = self.page_number();
        let next = fetch(current + 1).await?;
        let repeated = match next.meta.and_then(|m| m.page_number) {
            Some(n) => (n <= current).then_some(n),
            None => (next.fingerprint == self.fingerprint && !next.data.is_empty()).then_some(current),
        };
        match repeated {
            Some(received) => Err(Error::Pagination(PaginationError::NotAdvancing {
                operation: format!("{} {}", self.operation.0.as_str(), self.operation.1),
                requested: current + 1,
                received,
            })),
            None if next.data.is_empty() => Ok(None),
            None => Ok(Some(next)),
        }
    }

    /// Where this page's body deviates from the spec, and what was done with each place
    /// (JSON path as received, raw JSON, reason): values read under a documented
    /// interpretation, and values left out (a field `None`, an item not in [`data`](Self::data)).
    /// Always empty with [`Decoding::Strict`].
    pub fn deviations(&self) -> &[Deviation] {
        &self.deviations
    }

    /// The items, consuming the page.
    pub fn into_data(self) -> Vec<T> {
        self.data
    }

    /// The items of this page.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.data.iter()
    }

    /// The number of items on this page.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether this page has no items.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Takes the items out, leaving the page as the cursor to the pages after it.
    fn cursor(&mut self) -> Vec<T> {
        std::mem::take(&mut self.data)
    }

    /// A copy of the page without its items: the cursor to the pages after it.
    fn without_data(&self) -> Page<T> {
        Page {
            data: Vec::new(),
            meta: self.meta,
            operation: self.operation,
            fingerprint: self.fingerprint,
            requested: self.requested,
            next: self.next.clone(),
            deviations: self.deviations.clone(),
        }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.iter()
    }
}

/// A stream of results, read with `while let Some(x) = stream.next().await` (no pinning, no
/// extra crate); it also implements `futures_core::Stream` (re-exported as
/// `telnyx_portout::futures_core`) for combinators.
#[must_use = "a stream does nothing until it is read"]
pub struct PaginationStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
    /// The deviations of the pages fetched so far (an items stream's pages are not handed out).
    deviations: Arc<std::sync::Mutex<Vec<Deviation>>>,
}

impl<T> std::fmt::Debug for PaginationStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PaginationStream")
    }
}

impl<T> PaginationStream<T> {
    fn new(
        stream: impl Stream<Item = Result<T, Error>> + Send + 'static,
        deviations: Arc<std::sync::Mutex<Vec<Deviation>>>,
    ) -> Self {
        PaginationStream {
            inner: Box::pin(stream),
            deviations,
        }
    }

    /// Where the pages fetched so far deviate from the spec (see [`Page::deviations`]; for an
    /// items stream, whose pages are not handed out, this is where they are), each naming
    /// its page ([`Deviation::page`]), its path within that page's body.
    pub fn deviations(&self) -> Vec<Deviation> {
        self.deviations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The next result; `None` at the end. After an error the stream ends.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }

    /// The next item, `Ok(None)` at the end (for `while let Some(x) = s.try_next().await?`).
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        self.next().await.transpose()
    }

    /// Reads at most `limit` items into a `Vec`, fetching only the pages needed for them.
    pub async fn collect(mut self, limit: usize) -> Result<Vec<T>, Error> {
        let mut out = Vec::new();
        while out.len() < limit {
            match self.next().await {
                Some(item) => out.push(item?),
                None => break,
            }
        }
        Ok(out)
    }
}

impl<T> Stream for PaginationStream<T> {
    type Item = Result<T, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

enum State<R: Paginated> {
    Start(R),
    Next(Page<R::Item>),
    Done,
}

/// Streams pages lazily, one request at a time.
pub fn pages<R: Paginated>(request: R) -> PaginationStream<Page<R::Item>> {
    let deviations = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = deviations.clone();
    let stream = futures_util::stream::unfold(State::Start(request), move |state| {
        let seen = seen.clone();
        async move {
            let fetched = match state {
                State::Done => return None,
                State::Start(r) => super::endpoint::send(r).await.map(Some),
                State::Next(page) => page.next_page().await,
            };
            match fetched {
                Ok(Some(page)) => {
                    record(&seen, &page);
                    let next = if page.has_next_page() {
                        // The cursor to the next page: the page without its items.
                        State::Next(page.without_data())
                    } else {
                        State::Done
                    };
                    Some((Ok(page), next))
                }
                Ok(None) => None,
                Err(e) => Some((Err(e), State::Done)),
            }
        }
    });
    PaginationStream::new(stream, deviations)
}

/// Adds a fetched page's deviations to its stream's list, each naming the page.
fn record<T>(list: &std::sync::Mutex<Vec<Deviation>>, page: &Page<T>) {
    if !page.deviations.is_empty() {
        let mut list = list.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        list.extend(page.deviations.iter().map(|d| Deviation {
            page: Some(page.requested),
            ..d.clone()
        }));
    }
}

/// At most `limit` items of every page, boxed (a paginated builder's `collect` calls this, so
/// no `async fn` is generated per operation).
pub fn collect_boxed<R: Paginated>(request: R, limit: usize) -> super::endpoint::ResponseFuture<Vec<R::Item>> {
    Box::pin(items(request).collect(limit))
}

/// Streams items lazily; at most one page is held in memory.
pub fn items<R: Paginated>(request: R) -> PaginationStream<R::Item> {
    enum It<R: Paginated> {
        Start(R),
        Page(std::vec::IntoIter<R::Item>, Page<R::Item>),
        Done,
    }
    fn split<R: Paginated>(mut page: Page<R::Item>) -> It<R> {
        // The page, emptied of its items, stays as the cursor to the next one.
        let items = page.cursor();
        It::Page(items.into_iter(), page)
    }
    let deviations = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = deviations.clone();
    let stream = futures_util::stream::unfold(It::Start(request), move |mut state| {
        let seen = seen.clone();
        async move {
            loop {
                state = match state {
                    It::Done => return None,
                    It::Start(r) => match super::endpoint::send(r).await {
                        Ok(page) => {
                            record(&seen, &page);
                            split(page)
                        }
                        Err(e) => return Some((Err(e), It::Done)),
                    },
                    It::Page(mut items, cursor) => {
                        if let Some(item) = items.next() {
                            return Some((Ok(item), It::Page(items, cursor)));
                        }
                        match cursor.next_page().await {
                            Ok(Some(p)) => {
                                record(&seen, &p);
                                split(p)
                            }
                            Ok(None) => It::Done,
                            Err(e) => return Some((Err(e), It::Done)),
                        }
                    }
                };
            }
        }
    });
    PaginationStream::new(stream, deviations)
}
