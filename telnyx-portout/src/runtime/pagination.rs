//! Pages and auto-pagination. The next page repeats every query parameter of the original
//! request with the page number set to `meta.page_number + 1`; pagination ends when `data`
//! is empty, `meta` is missing, or `page_number >= total_pages`. A server that answers a
//! page number that does not advance ends the stream with [`PaginationError::NotAdvancing`]
//! instead of looping forever.

use super::RawResponse;
use super::endpoint::Endpoint;
use crate::error::{Error, PaginationError};
pub use futures_core::Stream;
use serde::de::DeserializeOwned;

/// The page metadata of a paginated response.
pub trait PageMeta {
    /// The number of this page (1-based).
    fn page_number(&self) -> Option<i64>;
    /// The number of pages.
    fn total_pages(&self) -> Option<i64>;
}

/// A request builder whose operation is paginated.
pub trait Paginated: Endpoint<Output = Page<Self>> {
    /// Item type.
    type Item: DeserializeOwned + Clone + std::fmt::Debug + Send + Sync + 'static;
    /// Metadata type.
    type Meta: PageMeta + DeserializeOwned + Send + Sync + Clone + std::fmt::Debug + 'static;
    /// Sets the page number to request.
    fn set_page_number(&mut self, number: i64);
}

/// A number that is integral, as an integer (metadata declared `type: number`).
pub fn integral(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.is_finite() && v.abs() < 9.0e15).then_some(v as i64)
}

/// One page of results, with the request that produced it (to fetch the next one).
#[derive(Clone, Debug)]
pub struct Page<R: Paginated> {
    /// The items of this page.
    pub data: Vec<R::Item>,
    /// The page metadata, if the server sent it.
    pub meta: Option<R::Meta>,
    /// Whether another page follows, decided when this page arrived.
    more: bool,
    request: R,
}

#[derive(serde::Deserialize)]
struct Envelope<I, M> {
    data: Vec<I>,
    meta: Option<M>,
}

impl<R: Paginated> Page<R> {
    pub(crate) fn decode(request: R, response: &RawResponse) -> Result<Self, Error> {
        let env: Envelope<R::Item, R::Meta> = super::decode::bytes(response)?;
        let more = !env.data.is_empty()
            && env
                .meta
                .as_ref()
                .is_some_and(|m| match (m.page_number(), m.total_pages()) {
                    (Some(n), Some(total)) => n < total,
                    _ => false,
                });
        Ok(Page {
            data: env.data,
            meta: env.meta,
            more,
            request,
        })
    }

    /// The number of this page, from `meta`.
    pub fn page_number(&self) -> Option<i64> {
        self.meta.as_ref().and_then(PageMeta::page_number)
    }

    /// Whether another page follows: this one has items, and `meta` says it is not the last.
    pub fn has_next_page(&self) -> bool {
        self.more
    }

    /// Fetches the next page; `Ok(None)` after the last one. Fails with
    /// [`PaginationError::NotAdvancing`] when the server answers with a page number that is not
    /// past this one.
    pub async fn next_page(&self) -> Result<Option<Page<R>>, Error> {
        if !self.has_next_page() {
            return Ok(None);
        }
        let current = self.page_number().unwrap_or(0);
        let mut request = self.request.clone();
        request.set_page_number(current + 1);
        let next = super::endpoint::send(request).await?;
        match next.page_number() {
            Some(n) if n <= current => Err(Error::Pagination(PaginationError::NotAdvancing {
                operation: format!("{} {}", R::METHOD.as_str(), R::PATH_TEMPLATE),
                requested: current + 1,
                received: n,
            })),
            _ => Ok(Some(next)),
        }
    }

    /// The items, consuming the page.
    pub fn into_data(self) -> Vec<R::Item> {
        self.data
    }
}

impl<R: Paginated> std::ops::Deref for Page<R> {
    type Target = [R::Item];
    fn deref(&self) -> &[R::Item] {
        &self.data
    }
}

enum State<R: Paginated> {
    Start(R),
    Next(Page<R>),
    Done,
}

/// Streams pages lazily, one request at a time.
pub fn pages<R: Paginated>(request: R) -> impl Stream<Item = Result<Page<R>, Error>> + Send + 'static {
    futures_util::stream::unfold(State::Start(request), |state| async move {
        let fetched = match state {
            State::Done => return None,
            State::Start(r) => super::endpoint::send(r).await.map(Some),
            State::Next(page) => page.next_page().await,
        };
        match fetched {
            Ok(Some(page)) => {
                // The cursor to the next page needs the request and meta, not the items.
                let next = if page.has_next_page() {
                    State::Next(Page {
                        data: Vec::new(),
                        meta: page.meta.clone(),
                        more: true,
                        request: page.request.clone(),
                    })
                } else {
                    State::Done
                };
                Some((Ok(page), next))
            }
            Ok(None) => None,
            Err(e) => Some((Err(e), State::Done)),
        }
    })
}

/// Streams items lazily; at most one page is held in memory.
pub fn items<R: Paginated>(request: R) -> impl Stream<Item = Result<R::Item, Error>> + Send + 'static {
    enum It<R: Paginated> {
        Start(R),
        Page(std::vec::IntoIter<R::Item>, Page<R>),
        Done,
    }
    fn split<R: Paginated>(mut page: Page<R>) -> It<R> {
        // The page, emptied of its items, stays as the cursor to the next one.
        let items = std::mem::take(&mut page.data);
        It::Page(items.into_iter(), page)
    }
    futures_util::stream::unfold(It::Start(request), |mut state| async move {
        loop {
            state = match state {
                It::Done => return None,
                It::Start(r) => match super::endpoint::send(r).await {
                    Ok(page) => split(page),
                    Err(e) => return Some((Err(e), It::Done)),
                },
                It::Page(mut items, cursor) => {
                    if let Some(item) = items.next() {
                        return Some((Ok(item), It::Page(items, cursor)));
                    }
                    match cursor.next_page().await {
                        Ok(Some(p)) => split(p),
                        Ok(None) => It::Done,
                        Err(e) => return Some((Err(e), It::Done)),
                    }
                }
            };
        }
    })
}
