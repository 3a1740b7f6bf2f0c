//! Pages and auto-pagination against local servers: the next page repeats the query with the
//! page number advanced; streams read lazily without pinning or extra crates; `collect` is
//! bounded; nothing is cut off silently (no `meta`: keep going until an empty page); a
//! server that does not advance ends with an error instead of a loop.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{Value, json};
use std::time::Duration;
use support::*;
use telnyx_portout::models::{PortoutDetails, PortoutListFilter, PortoutStatus};
use telnyx_portout::{Error, Page, PaginationError, PaginationStream};
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A UUID that spells a short label (`p1a`), so tests read like their data.
fn id(label: &str) -> String {
    let hex: String = label.bytes().map(|b| format!("{b:02x}")).collect();
    format!("00000000-0000-4000-8000-{hex:0>12}")
}

fn ids(labels: &[&str]) -> Vec<String> {
    labels.iter().map(|l| id(l)).collect()
}

fn items(labels: &[&str]) -> Vec<Value> {
    labels.iter().map(|l| portout_with_id(&id(l))).collect()
}

fn page_body(labels: &[&str], page_number: i64, total_pages: i64) -> Value {
    json!({
        "data": items(labels),
        "meta": { "page_number": page_number, "page_size": 2, "total_pages": total_pages, "total_results": 6 }
    })
}

async fn mount(server: &MockServer, page: Option<&str>, body: Value) {
    let mock = match page {
        None => Mock::given(query_param_is_missing("page[number]")),
        Some(n) => Mock::given(query_param("page[number]", n)),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// Three pages of two items; page 1 is the one requested without `page[number]`.
async fn three_page_server() -> MockServer {
    let server = MockServer::start().await;
    mount(&server, None, page_body(&["p1a", "p1b"], 1, 3)).await;
    mount(&server, Some("2"), page_body(&["p2a", "p2b"], 2, 3)).await;
    mount(&server, Some("3"), page_body(&["p3a", "p3b"], 3, 3)).await;
    server
}

fn pending_filter() -> PortoutListFilter {
    PortoutListFilter::new().status(PortoutStatus::Pending)
}

/// Reads a stream to its end with `while let` (no `StreamExt`, no pinning), giving up after
/// 10 s so a looping stream fails the test instead of hanging it.
async fn drain(mut stream: PaginationStream<PortoutDetails>) -> Vec<Result<String, Error>> {
    let read = async move {
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            out.push(item.map(|p| p.id.map(|u| u.to_string()).unwrap_or_default()));
        }
        out
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("the stream must end instead of looping")
}

#[tokio::test]
async fn next_page_repeats_the_query_with_the_next_page_number() {
    let server = three_page_server().await;
    let c = client(&server);
    let page1: Page<PortoutDetails> = c.portouts().list().filter(pending_filter()).page_size(2).await.unwrap();
    assert_eq!(page1.page_number(), 1);
    assert_eq!(page1.meta.unwrap().total_results, Some(6));
    assert!(page1.has_next_page());
    let page2 = page1.next_page().await.unwrap().unwrap();
    assert_eq!(page2.page_number(), 2);
    assert_eq!(page2.data[0].id.unwrap().to_string(), id("p2a"));
    let page3 = page2.next_page().await.unwrap().unwrap();
    assert!(!page3.has_next_page());
    assert!(page3.next_page().await.unwrap().is_none());

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        query_pairs(&reqs[0]),
        pairs(&[("filter[status]", "pending"), ("page[size]", "2")])
    );
    for (r, n) in reqs[1..].iter().zip(["2", "3"]) {
        assert_eq!(
            query_pairs(r),
            pairs(&[("filter[status]", "pending"), ("page[number]", n), ("page[size]", "2")])
        );
    }
    for r in &reqs {
        assert_request(r, "GET", "/portouts", "application/json", None);
    }
}

#[tokio::test]
async fn a_page_iterates_by_reference_and_by_value() {
    let server = three_page_server().await;
    let page = client(&server).portouts().list().await.unwrap();
    let mut seen = Vec::new();
    for p in &page {
        seen.push(p.id.unwrap().to_string());
    }
    assert_eq!(seen, ids(&["p1a", "p1b"]));
    assert_eq!(page.len(), 2);
    assert_eq!(page.iter().count(), 2);
    let owned: Vec<PortoutDetails> = page.into_iter().collect();
    assert_eq!(owned.len(), 2);
}

#[tokio::test]
async fn into_stream_yields_every_item_of_every_page_then_stops() {
    let server = three_page_server().await;
    let stream = client(&server)
        .portouts()
        .list()
        .filter(pending_filter())
        .page_size(2)
        .into_stream();
    let got: Vec<String> = drain(stream).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(got, ids(&["p1a", "p1b", "p2a", "p2b", "p3a", "p3b"]));
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(
        query_pairs(&reqs[2]),
        pairs(&[
            ("filter[status]", "pending"),
            ("page[number]", "3"),
            ("page[size]", "2")
        ])
    );
}

#[tokio::test]
async fn try_next_reads_items_with_the_question_mark() {
    let server = three_page_server().await;
    let mut stream = client(&server).portouts().list().into_stream();
    let mut n = 0;
    while let Some(_item) = stream.try_next().await.unwrap() {
        n += 1;
    }
    assert_eq!(n, 6);
}

#[tokio::test]
async fn collect_is_bounded_and_fetches_only_the_pages_it_needs() {
    let server = three_page_server().await;
    let first3 = client(&server).portouts().list().collect(3).await.unwrap();
    assert_eq!(first3.len(), 3);
    assert_eq!(requests(&server).await.len(), 2, "page 3 was not needed");
    let all = client(&server).portouts().list().collect(100).await.unwrap();
    assert_eq!(all.len(), 6);
}

#[tokio::test]
async fn pages_stream_yields_each_page_once() {
    let server = three_page_server().await;
    let mut pages = client(&server).portouts().list().pages();
    let mut numbers = Vec::new();
    while let Some(page) = pages.next().await {
        numbers.push(page.unwrap().page_number());
    }
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn the_stream_is_a_futures_stream_too() {
    use futures_util::StreamExt;
    let server = three_page_server().await;
    let stream = client(&server).portouts().list().into_stream();
    let got: Vec<_> = stream.take(4).collect().await;
    assert_eq!(got.len(), 4);
}

#[tokio::test]
async fn a_server_that_does_not_advance_ends_the_stream_with_an_error() {
    // The spec's Metadata example: page 3 of 13, whatever page is asked for.
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "data": [portout_details()], "meta": metadata() })),
        )
        .mount(&server)
        .await;
    let results = drain(client(&server).portouts().list().page_size(1).into_stream()).await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap(), PORTOUT_ID);
    match &results[1] {
        Err(Error::Pagination(PaginationError::NotAdvancing {
            operation,
            requested,
            received,
        })) => {
            assert_eq!(operation, "GET /portouts");
            assert_eq!((*requested, *received), (4, 3));
        }
        other => panic!("expected NotAdvancing, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 2);

    // next_page() reports it too, on one line.
    let page = client(&server).portouts().list().await.unwrap();
    let e = page.next_page().await.unwrap_err();
    assert!(
        matches!(e, Error::Pagination(PaginationError::NotAdvancing { .. })),
        "{e:?}"
    );
    assert!(!e.to_string().contains('\n'));
}

#[tokio::test]
async fn empty_data_ends_pagination() {
    let server = MockServer::start().await;
    mount(
        &server,
        None,
        json!({ "data": [], "meta": { "page_number": 1, "total_pages": 3 } }),
    )
    .await;
    let page = client(&server).portouts().list().await.unwrap();
    assert!(!page.has_next_page());
    assert!(page.next_page().await.unwrap().is_none());
    let results = drain(client(&server).portouts().list().into_stream()).await;
    assert!(results.is_empty(), "{results:?}");
    assert_eq!(requests(&server).await.len(), 2, "one per list call, no next page");
}

/// Without `meta` a page cannot say it is the last: the stream asks for the next page until
/// one comes back empty, instead of stopping after the first (2 of 4 items, silently).
#[tokio::test]
async fn missing_meta_keeps_going_until_an_empty_page() {
    let server = MockServer::start().await;
    mount(&server, None, json!({ "data": items(&["a", "b"]) })).await;
    mount(&server, Some("2"), json!({ "data": items(&["c", "d"]) })).await;
    mount(&server, Some("3"), json!({ "data": [] })).await;
    let got: Vec<String> = drain(client(&server).portouts().list().into_stream())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, ids(&["a", "b", "c", "d"]));
    assert_eq!(requests(&server).await.len(), 3);
}

/// Without `meta`, a server that answers every page number with the same page is caught.
#[tokio::test]
async fn missing_meta_and_the_same_page_again_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": items(&["a", "b"]) })))
        .mount(&server)
        .await;
    let results = drain(client(&server).portouts().list().into_stream()).await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(
        matches!(
            results[2],
            Err(Error::Pagination(PaginationError::NotAdvancing { requested: 2, .. }))
        ),
        "{:?}",
        results[2]
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream() {
    let server = MockServer::start().await;
    mount(&server, None, page_body(&["p1a"], 1, 3)).await;
    Mock::given(query_param("page[number]", "2"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let results = drain(client(&server).portouts().list().into_stream()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &id("p1a"));
    assert!(results[1].as_ref().unwrap_err().is_not_found());
}
