//! The testing kit (`mock` feature): typed expectations matched as the client sends them,
//! pages served with correct `meta`, fault injection, verification reports, and webhook
//! signing that the crate's own verifier accepts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};
use telnyx_portout::Error;
use telnyx_portout::mock::webhooks::{TestEvent, TestSigner};
use telnyx_portout::mock::{MockTelnyx, TelnyxError};
use telnyx_portout::models::*;
use telnyx_portout::webhooks::{self, Verifier, WebhookError, WebhookPayload};

const ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

/// A port-out whose id spells `n`.
fn portout(n: usize) -> PortoutDetails {
    let id = format!("00000000-0000-4000-8000-{n:012}");
    PortoutDetails::new()
        .id(id.parse().unwrap())
        .status(PortoutStatus::Pending)
}

fn pending() -> PortoutListFilter {
    PortoutListFilter::new().status(PortoutStatus::Pending)
}

fn panic_message(e: Box<dyn std::any::Any + Send>) -> String {
    e.downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Matching and typed responses
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_data_response_is_sent_as_the_api_sends_it() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let calls = mock
        .expect(client.portouts().retrieve(ID))
        .respond(portout(7))
        .times(1)
        .mount();
    let got = client.portouts().retrieve(ID).send_with_response().await.unwrap();
    assert_eq!(got.value, portout(7));
    assert_eq!(got.status, 200);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&got.body).unwrap(),
        json!({ "data": serde_json::to_value(portout(7)).unwrap() })
    );
    assert_eq!(calls.calls(), 1);
    let received = mock.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, format!("/portouts/{ID}"));
    assert_eq!(received[0].header("authorization"), Some("Bearer test"));
    mock.verify();
}

#[tokio::test]
async fn the_success_status_is_the_operations_own() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let comment = PortoutComment::new("hi", "2024-01-01T00:00:00Z".parse().unwrap(), ID.parse().unwrap());
    mock.expect(client.portouts().comments().create(ID).body("hi"))
        .respond(comment.clone())
        .mount();
    mock.expect(client.portouts().events().republish(ID))
        .respond(())
        .mount();
    let created = client
        .portouts()
        .comments()
        .create(ID)
        .body("hi")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!((created.status.as_u16(), created.value), (201, comment));
    let republished = client
        .portouts()
        .events()
        .republish(ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(republished.status, 204);
    assert!(republished.body.is_empty());
}

#[tokio::test]
async fn query_pairs_match_in_any_order_but_every_value_counts() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let filter = PortoutListFilter::new()
        .status_in(vec![PortoutStatus::Pending, PortoutStatus::Authorized])
        .carrier_name("Acme, Inc.");
    mock.expect(client.portouts().list().filter(filter.clone()).page_size(5))
        .respond(vec![portout(1)])
        .mount();
    // The same request matches (the client sends the same pairs).
    let page = client.portouts().list().page_size(5).filter(filter).await.unwrap();
    assert_eq!(page.data, [portout(1)]);

    // A different filter does not: 404 with a Telnyx body saying why, and a failed check.
    let e = client
        .portouts()
        .list()
        .filter(
            PortoutListFilter::new()
                .status_in(vec![PortoutStatus::Pending])
                .carrier_name("Acme, Inc."),
        )
        .page_size(5)
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    let detail = e.as_status().unwrap().errors[0].detail.clone().unwrap();
    assert!(detail.contains("no expectation matched GET /portouts?"), "{detail}");
    assert!(detail.contains("filter[status_in]=pending"), "{detail}");
    assert!(detail.contains("nearest is expectation #1"), "{detail}");
    let report = mock.check().unwrap_err();
    assert!(report.unmet.is_empty(), "{report}");
    assert_eq!(report.unmatched.len(), 1, "{report}");
    let line = &report.unmatched[0];
    assert!(line.contains("missing filter[status_in]=pending,authorized"), "{line}");
    assert!(line.contains("unexpected filter[status_in]=pending"), "{line}");
    assert_eq!(mock.unmatched().len(), 1);
}

#[tokio::test]
async fn ignore_field_is_the_wildcard_of_a_body_member() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().update_status(ID, PortoutTargetStatus::Authorized, ""))
        .ignore_field("reason")
        .respond(portout(1).status(PortoutStatus::Authorized))
        .times(2)
        .mount();
    for reason in ["checked", "verified by phone"] {
        let p = client
            .portouts()
            .update_status(ID, PortoutTargetStatus::Authorized, reason)
            .await
            .unwrap();
        assert_eq!(p.status, Some(PortoutStatus::Authorized));
    }
    // Another status is another path: not matched.
    let e = client
        .portouts()
        .update_status(ID, PortoutTargetStatus::RejectedPending, "no")
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    // A member that is not ignored still counts.
    let e = client
        .portouts()
        .update_status(ID, PortoutTargetStatus::Authorized, "x")
        .host_messaging(true)
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    let report = mock.check().unwrap_err().to_string();
    assert!(
        report.contains(&format!(
            "path: expected /portouts/{ID}/authorized, got /portouts/{ID}/rejected-pending"
        )),
        "{report}"
    );
    assert!(
        report.contains(r#"body: expected {}, got {"host_messaging":true}"#),
        "{report}"
    );
}

#[tokio::test]
async fn bodies_are_compared_as_json() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let comment = PortoutComment::new("a", "2024-01-01T00:00:00Z".parse().unwrap(), ID.parse().unwrap());
    mock.expect(client.portouts().comments().create(ID).body("a"))
        .respond(comment)
        .mount();
    assert!(client.portouts().comments().create(ID).body("a").await.is_ok());
    let e = client.portouts().comments().create(ID).body("b").await.unwrap_err();
    assert!(e.is_not_found());
    let report = mock.check().unwrap_err().to_string();
    assert!(
        report.contains(r#"body: expected {"body":"a"}, got {"body":"b"}"#),
        "{report}"
    );
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn pages_are_served_with_correct_meta_for_the_client_to_paginate() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let all: Vec<PortoutDetails> = (1..=45).map(portout).collect();
    mock.expect(client.portouts().list().filter(pending()).page_size(20))
        .respond(all.clone())
        .mount();
    let first = client.portouts().list().filter(pending()).page_size(20).await.unwrap();
    let meta = first.meta.unwrap();
    assert_eq!(
        (meta.page_number, meta.page_size, meta.total_pages, meta.total_results),
        (Some(1), Some(20), Some(3), Some(45))
    );
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(second.data, all[20..40]);
    assert_eq!(second.meta.unwrap().page_number, Some(2));

    let mut stream = client.portouts().list().filter(pending()).page_size(20).into_stream();
    let mut streamed = Vec::new();
    while let Some(p) = stream.next().await {
        streamed.push(p.unwrap());
    }
    assert_eq!(streamed, all);
    let numbers: Vec<Option<String>> = mock
        .received()
        .iter()
        .map(|r| r.query_value("page[number]").map(str::to_string))
        .collect();
    assert_eq!(
        numbers,
        [None, Some("2".into()), None, Some("2".into()), Some("3".into())]
    );
    mock.verify();
}

#[tokio::test]
async fn page_parameters_decide_a_match_only_when_the_expectation_sets_them() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let items: Vec<PortoutDetails> = (1..=7).map(portout).collect();
    mock.expect(client.portouts().list()).respond(items.clone()).mount();
    // The code under test asks for pages of 3: the expectation without a page size answers
    // each of them.
    let all = client.portouts().list().page_size(3).collect(100).await.unwrap();
    assert_eq!(all, items);
    let pages: Vec<(Option<String>, Option<String>)> = mock
        .received()
        .iter()
        .map(|r| {
            (
                r.query_value("page[number]").map(str::to_string),
                r.query_value("page[size]").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|(_, size)| size.as_deref() == Some("3")), "{pages:?}");
    let second = client.portouts().list().page_number(2).page_size(5).await.unwrap();
    assert_eq!(second.data, items[5..]);
    mock.verify();

    // An expectation that sets a page size matches only that size, and the 404 says why.
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().list().page_size(3))
        .respond(items.clone())
        .mount();
    assert_eq!(client.portouts().list().page_size(3).await.unwrap().data, items[..3]);
    let e = client.portouts().list().page_size(4).await.unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    let detail = e.as_status().unwrap().errors[0].detail.clone().unwrap();
    assert!(
        detail.contains("the page parameter page[size] takes part in the match because the expectation sets it"),
        "{detail}"
    );
    // So does one that sets a page number: only that page.
    let mock2 = MockTelnyx::start().await;
    let client2 = mock2.client();
    mock2
        .expect(client2.portouts().list().page_number(2))
        .respond(items)
        .mount();
    assert_eq!(client2.portouts().list().page_number(2).await.unwrap().data.len(), 0);
    assert!(client2.portouts().list().await.unwrap_err().is_not_found());
    assert_eq!(mock2.check().unwrap_err().unmatched.len(), 1);
    assert_eq!(mock.check().unwrap_err().unmatched.len(), 1);
}

#[tokio::test]
async fn without_a_page_size_the_default_is_served_and_past_the_end_is_empty() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().list())
        .respond((1..=21).map(portout).collect())
        .mount();
    let first = client.portouts().list().await.unwrap();
    assert_eq!(first.len(), telnyx_portout::mock::DEFAULT_PAGE_SIZE as usize);
    let beyond = client.portouts().list().page_number(9).await.unwrap();
    assert!(beyond.is_empty());
    assert_eq!(beyond.meta.unwrap().page_number, Some(9));
    assert_eq!(client.portouts().list().collect(100).await.unwrap().len(), 21);
}

#[tokio::test]
async fn a_list_without_a_page_parameter_is_one_page() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let at = "2024-01-01T00:00:00Z".parse().unwrap();
    let comments: Vec<PortoutComment> = ["a", "b", "c"]
        .iter()
        .map(|b| PortoutComment::new(*b, at, ID.parse().unwrap()))
        .collect();
    mock.expect(client.portouts().comments().list(ID))
        .respond(comments.clone())
        .mount();
    let page = client.portouts().comments().list(ID).await.unwrap();
    assert_eq!(page.data, comments);
    assert!(!page.has_next_page());
    assert_eq!(page.meta.unwrap().total_results, Some(3));
}

// ---------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_twice_then_success_is_retried_in_milliseconds() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().retrieve(ID))
        .fail(429, [TelnyxError::new("10011", "Too many requests")])
        .retry_after_ms(Duration::from_millis(1500))
        .times(2)
        .mount();
    mock.expect(client.portouts().retrieve(ID))
        .respond(portout(1))
        .times(1)
        .mount();
    let started = Instant::now();
    assert_eq!(client.portouts().retrieve(ID).await.unwrap(), portout(1));
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(mock.retry_delays(), [Duration::from_millis(1500); 2]);
    assert_eq!(mock.received().len(), 3);
    mock.verify();
}

#[tokio::test]
async fn retry_after_seconds_and_the_error_body_reach_the_client() {
    let mock = MockTelnyx::start().await;
    let client = mock.client_builder().max_retries(0).build().unwrap();
    mock.expect(client.portouts().retrieve(ID))
        .fail(429, [])
        .retry_after(Duration::from_millis(2500))
        .mount();
    let e = client.portouts().retrieve(ID).await.unwrap_err();
    assert!(e.is_rate_limited());
    let status = e.as_status().unwrap();
    assert_eq!(status.retry_after(), Some(Duration::from_secs(3)));
    assert_eq!(status.errors[0].code.as_deref(), Some("429"));
    assert_eq!(status.errors[0].title.as_deref(), Some("Too Many Requests"));
}

#[tokio::test]
async fn fail_sends_telnyx_json_api_errors() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(
        client
            .portouts()
            .update_status(ID, PortoutTargetStatus::RejectedPending, ""),
    )
    .fail(
        422,
        [TelnyxError::new("10015", "Invalid value")
            .detail("reason is required when rejecting")
            .pointer("/reason")],
    )
    .mount();
    let e = client
        .portouts()
        .update_status(ID, PortoutTargetStatus::RejectedPending, "")
        .await
        .unwrap_err();
    assert!(e.is_unprocessable());
    let s = e.as_status().unwrap();
    assert_eq!(s.field_pointers(), ["/reason"]);
    assert_eq!(s.errors[0].code.as_deref(), Some("10015"));
    assert_eq!(s.errors[0].detail.as_deref(), Some("reason is required when rejecting"));
}

#[tokio::test]
async fn a_reset_connection_is_a_connection_error_the_client_retries() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().retrieve(ID)).reset().times(1).mount();
    mock.expect(client.portouts().retrieve(ID)).respond(portout(2)).mount();
    assert_eq!(client.portouts().retrieve(ID).await.unwrap(), portout(2));
    assert_eq!(mock.retry_delays().len(), 1);

    let mock = MockTelnyx::start().await;
    let client = mock.client_builder().max_retries(1).build().unwrap();
    mock.expect(client.portouts().retrieve(ID)).reset().mount();
    let e = client.portouts().retrieve(ID).await.unwrap_err();
    assert!(e.is_connection(), "{e:?}");
    assert_eq!(mock.received().len(), 2);
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().retrieve(ID))
        .malformed(r#"{"data": {"id": 42}}"#)
        .mount();
    let e = client.portouts().retrieve(ID).await.unwrap_err();
    match &e {
        Error::Decode(d) => assert_eq!(d.path, "data.id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_body_sends_the_head_and_part_of_the_body_on_the_wire() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let part = r#"{"data": {"id""#;
    mock.expect(client.portouts().retrieve(ID)).truncated(part).mount();
    let addr = mock.base_url().trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /portouts/{ID} HTTP/1.1\r\nhost: x\r\naccept: application/json\r\nauthorization: Bearer test\r\n\r\n"
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    // Read to the end: the server closes the connection after the partial body.
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut got))
        .await
        .expect("the connection is closed")
        .ok();
    let text = String::from_utf8_lossy(&got);
    let (head, body) = text.split_once("\r\n\r\n").expect("a response head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let promised: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .expect("a content-length")
        .parse()
        .unwrap();
    assert_eq!(body, part, "the partial body, then nothing");
    assert!(
        promised > part.len(),
        "the length promises more than is sent: {promised}"
    );
}

#[tokio::test]
async fn a_truncated_body_fails_the_attempt_while_reading_the_body() {
    let mock = MockTelnyx::start().await;
    let client = mock.client_builder().max_retries(0).build().unwrap();
    mock.expect(client.portouts().retrieve(ID))
        .truncated(r#"{"data": {"id""#)
        .mount();
    let e = client.portouts().retrieve(ID).await.unwrap_err();
    assert!(e.is_connection(), "{e:?}");
    // The head arrived: the failure is the body's, not a connection closed before any
    // response (hyper's `IncompleteMessage`, which is what `reset()` gives).
    let source = std::error::Error::source(&e)
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .expect("a reqwest error");
    assert!(source.is_body() || source.is_decode(), "{source:?}");
    let chain = format!("{:?}", source);
    assert!(!chain.contains("IncompleteMessage"), "{chain}");

    // `reset()` by contrast fails before the head.
    let mock = MockTelnyx::start().await;
    let client = mock.client_builder().max_retries(0).build().unwrap();
    mock.expect(client.portouts().retrieve(ID)).reset().mount();
    let e = client.portouts().retrieve(ID).await.unwrap_err();
    let source = std::error::Error::source(&e)
        .and_then(|s| s.downcast_ref::<reqwest::Error>())
        .expect("a reqwest error");
    assert!(!source.is_body(), "{source:?}");
}

#[tokio::test]
async fn a_delay_past_the_timeout_is_a_timeout_then_a_retry() {
    let mock = MockTelnyx::start().await;
    let client = mock
        .client_builder()
        .timeout(Duration::from_millis(250))
        .build()
        .unwrap();
    mock.expect(client.portouts().retrieve(ID))
        .delay(Duration::from_secs(5))
        .respond(portout(1))
        .times(1)
        .mount();
    mock.expect(client.portouts().retrieve(ID)).respond(portout(3)).mount();
    let started = Instant::now();
    assert_eq!(client.portouts().retrieve(ID).await.unwrap(), portout(3));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());

    // Without retries the delay is the client's timeout error.
    mock.expect(client.portouts().retrieve("slow"))
        .delay(Duration::from_secs(5))
        .respond(portout(1))
        .mount();
    let slow = client.portouts().retrieve("slow").max_retries(0).await.unwrap_err();
    assert!(slow.is_timeout(), "{slow:?}");
}

// ---------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn verify_lists_unmet_expectations_and_unmatched_requests() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(
        client
            .portouts()
            .update_status(ID, PortoutTargetStatus::Authorized, "ok"),
    )
    .respond(portout(1))
    .times(1)
    .mount();
    mock.expect(client.portouts().events().list()).respond(vec![]).mount();
    let _ = client.portouts().retrieve(ID).await;
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| mock.verify())).unwrap_err());
    assert!(message.contains("2 expectation(s) not met"), "{message}");
    assert!(
        message.contains(&format!(
            "expectation #1 PATCH /portouts/{{id}}/{{status}} (PATCH /portouts/{ID}/authorized with body {{\"reason\":\"ok\"}}): expected exactly 1 call(s), received 0"
        )),
        "{message}"
    );
    assert!(
        message.contains(
            "expectation #2 GET /portouts/events (GET /portouts/events): expected at least 1 call, received 0"
        ),
        "{message}"
    );
    assert!(message.contains("1 request(s) matched no expectation"), "{message}");
    assert!(message.contains(&format!("GET /portouts/{ID}\n")), "{message}");
    // Verified once: dropping it does not panic again.
    drop(mock);
}

#[tokio::test]
async fn an_expectation_used_up_by_times_says_so() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().retrieve(ID))
        .respond(portout(1))
        .times(1)
        .mount();
    client.portouts().retrieve(ID).await.unwrap();
    assert!(client.portouts().retrieve(ID).await.unwrap_err().is_not_found());
    let report = mock.check().unwrap_err().to_string();
    assert!(
        report.contains("matches it but was already called 1 time(s), its limit"),
        "{report}"
    );
}

#[tokio::test]
async fn dropping_an_unverified_mock_fails_the_test() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().retrieve(ID)).respond(portout(1)).mount();
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| drop(mock))).unwrap_err());
    assert!(message.contains("expected at least 1 call, received 0"), "{message}");

    // Optional expectations and a clean run pass.
    let mock = MockTelnyx::start().await;
    mock.expect(mock.client().portouts().retrieve(ID))
        .respond(portout(1))
        .optional()
        .mount();
    assert!(catch_unwind(AssertUnwindSafe(|| drop(mock))).is_ok());
}

#[tokio::test]
async fn an_expectation_without_a_response_is_refused_at_mount() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let message = panic_message(
        catch_unwind(AssertUnwindSafe(|| {
            let _ = mock.expect(client.portouts().retrieve(ID)).times(1).mount();
        }))
        .unwrap_err(),
    );
    assert!(message.contains("has no response"), "{message}");
    let message = panic_message(
        catch_unwind(AssertUnwindSafe(|| {
            let _ = mock.expect(client.portouts().retrieve("")).respond(portout(1)).mount();
        }))
        .unwrap_err(),
    );
    assert!(message.contains("cannot be sent"), "{message}");
    mock.verify();
}

#[tokio::test]
async fn awaiting_an_expectation_mounts_it() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    let handle = mock.expect(client.portouts().retrieve(ID)).respond(portout(1)).await;
    client.portouts().retrieve(ID).await.unwrap();
    assert_eq!(handle.calls(), 1);
}

// ---------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------

#[test]
fn what_the_test_signer_signs_verifies() {
    let signer = TestSigner::new();
    let signed = signer.sign(b"{\"data\":{}}");
    assert!(signer.verifier().verify(&signed.body, &signed.headers()).is_ok());
    // The published form of the key, through the public API.
    let verifier = Verifier::new(&signer.public_key()).unwrap();
    assert!(verifier.verify(&signed.body, signed.header_pairs()).is_ok());
    assert!(webhooks::verify(&signed.body, &signed.headers(), &signer.public_key()).is_ok());
    assert_eq!(signer.public_key().len(), 44);
}

#[test]
fn tampered_bodies_stale_and_future_timestamps_fail_with_their_error() {
    let signer = TestSigner::new();
    let signed = signer.sign_at("{}", 1_700_000_000);
    let verifier = signer.verifier().now(1_700_000_000);
    assert!(verifier.verify(&signed.body, &signed.headers()).is_ok());
    let tampered = signed.clone().with_body("{ }");
    assert!(matches!(
        verifier.verify(&tampered.body, &tampered.headers()),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        signer
            .verifier()
            .now(1_700_000_301)
            .verify(&signed.body, &signed.headers()),
        Err(WebhookError::TimestampTooOld {
            timestamp: 1_700_000_000,
            now: 1_700_000_301
        })
    ));
    assert!(matches!(
        signer
            .verifier()
            .now(1_699_999_699)
            .verify(&signed.body, &signed.headers()),
        Err(WebhookError::TimestampInFuture { .. })
    ));
    // Another key's signature does not verify.
    let other = TestSigner::from_seed([9; 32]);
    assert_ne!(other.public_key(), signer.public_key());
    assert!(matches!(
        other
            .verifier()
            .now(1_700_000_000)
            .verify(&signed.body, &signed.headers()),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn typed_events_round_trip_through_unwrap() {
    let signer = TestSigner::new();
    let payload = WebhookPortoutStatusChangedPayload::new()
        .id(ID.parse().unwrap())
        .status(PortoutStatus::Authorized)
        .phone_numbers(vec!["+35312345678".into()]);
    let event = TestEvent::status_changed(payload.clone())
        .id("e1")
        .occurred_at("2024-05-01T10:00:00Z".parse().unwrap())
        .attempt(2);
    let signed = signer.sign_event(&event);
    let parsed = signer.verifier().unwrap(&signed.body, &signed.headers()).unwrap();
    assert_eq!(parsed.id, "e1");
    assert_eq!(parsed.event_type, PortoutEventType::PortoutStatusChanged);
    assert_eq!(parsed.occurred_at.to_rfc3339(), "2024-05-01T10:00:00+00:00");
    assert_eq!(parsed.meta.attempt, Some(2));
    assert_eq!(parsed.payload, WebhookPayload::StatusChanged(payload));

    let comment = TestEvent::new_comment(WebhookPortoutNewCommentPayload::new().comment("hello"));
    let parsed = webhooks::parse(comment.to_body()).unwrap();
    assert!(matches!(parsed.payload, WebhookPayload::NewComment(ref c) if c.comment.as_deref() == Some("hello")));
    let unknown = TestEvent::custom("portout.something_new", json!({"x": 1}));
    let parsed = webhooks::parse(unknown.to_body()).unwrap();
    assert_eq!(parsed.payload.raw(), Some(&json!({"x": 1})));
}
