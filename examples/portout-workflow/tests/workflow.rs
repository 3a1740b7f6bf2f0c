//! The workflow's tests, entirely against `telnyx_portout::mock`: no network, no Prism, no
//! hand-written HTTP; every test runs in milliseconds (retries do not sleep).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portout_workflow::{REASON, WebhookOutcome, Workflow};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use telnyx_portout::Client;
use telnyx_portout::mock::webhooks::{TestEvent, TestSigner};
use telnyx_portout::mock::{MockTelnyx, TelnyxError};
use telnyx_portout::models::{
    PortoutDetails, PortoutListFilter, PortoutStatus, PortoutTargetStatus, WebhookPortoutNewCommentPayload,
    WebhookPortoutStatusChangedPayload,
};
use telnyx_portout::webhooks::WebhookError;
use uuid::Uuid;

fn id(n: u32) -> Uuid {
    format!("00000000-0000-4000-8000-{n:012}").parse().unwrap()
}

fn pending(n: u32) -> PortoutDetails {
    PortoutDetails::new().id(id(n)).status(PortoutStatus::Pending)
}

fn pending_filter() -> PortoutListFilter {
    PortoutListFilter::new().status(PortoutStatus::Pending)
}

/// The authorization the workflow sends for `id`, answered with the authorized port-out.
fn expect_authorization(mock: &MockTelnyx, client: &Client, n: u32) {
    mock.expect(
        client
            .portouts()
            .update_status(id(n), PortoutTargetStatus::Authorized, REASON),
    )
    .respond(pending(n).status(PortoutStatus::Authorized))
    .times(1)
    .mount();
}

fn workflow(mock: &MockTelnyx, signer: &TestSigner) -> Workflow {
    Workflow::new(mock.client(), signer.verifier())
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn authorizes_every_pending_portout_on_every_page() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    // Five pending port-outs, served two per page: three pages.
    mock.expect(client.portouts().list().filter(pending_filter()).page_size(2))
        .respond((1..=5).map(pending).collect())
        .mount();
    for n in 1..=5 {
        expect_authorization(&mock, &client, n);
    }
    let done = workflow(&mock, &TestSigner::new())
        .page_size(2)
        .authorize_pending()
        .await
        .unwrap();
    assert_eq!(done, (1..=5).map(id).collect::<Vec<_>>());
    mock.verify();
}

#[tokio::test]
async fn a_rate_limited_authorization_is_retried_then_succeeds() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().list().filter(pending_filter()).page_size(100))
        .respond(vec![pending(1)])
        .mount();
    // 429 twice, then the authorization goes through.
    mock.expect(
        client
            .portouts()
            .update_status(id(1), PortoutTargetStatus::Authorized, REASON),
    )
    .fail(429, [TelnyxError::new("10011", "Too many requests")])
    .retry_after_ms(Duration::from_millis(750))
    .times(2)
    .mount();
    expect_authorization(&mock, &client, 1);
    let done = workflow(&mock, &TestSigner::new()).authorize_pending().await.unwrap();
    assert_eq!(done, [id(1)]);
    assert_eq!(mock.retry_delays(), [Duration::from_millis(750); 2]);
    mock.verify();
}

#[tokio::test]
async fn a_rate_limit_that_outlasts_the_retries_is_reported() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(client.portouts().list().filter(pending_filter()).page_size(100))
        .respond(vec![pending(1), pending(2)])
        .mount();
    mock.expect(
        client
            .portouts()
            .update_status(id(1), PortoutTargetStatus::Authorized, REASON),
    )
    .fail(429, [])
    .times(3)
    .mount();
    let e = workflow(&mock, &TestSigner::new())
        .authorize_pending()
        .await
        .unwrap_err();
    assert!(e.is_rate_limited(), "{e:?}");
    // The second port-out was not touched (the mock would have reported it as unmatched).
    mock.verify();
}

#[tokio::test]
async fn a_webhook_for_a_pending_portout_authorizes_it() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    expect_authorization(&mock, &client, 7);
    let signer = TestSigner::new();
    let event = TestEvent::status_changed(
        WebhookPortoutStatusChangedPayload::new()
            .id(id(7))
            .status(PortoutStatus::Pending),
    );
    let signed = signer.sign_event(&event);
    let outcome = workflow(&mock, &signer)
        .handle_webhook(&signed.body, &signed.headers())
        .await;
    assert!(
        matches!(outcome, WebhookOutcome::Authorized(got) if got == id(7)),
        "{outcome:?}"
    );
    assert_eq!(outcome.http_status(), 200);
    mock.verify();
}

#[tokio::test]
async fn a_webhook_with_a_bad_signature_is_rejected_and_changes_nothing() {
    let mock = MockTelnyx::start().await;
    let signer = TestSigner::new();
    let event = TestEvent::status_changed(
        WebhookPortoutStatusChangedPayload::new()
            .id(id(7))
            .status(PortoutStatus::Pending),
    );
    let flow = workflow(&mock, &signer);

    // Signed by someone else.
    let forged = TestSigner::from_seed([42; 32]).sign_event(&event);
    let outcome = flow.handle_webhook(&forged.body, &forged.headers()).await;
    assert!(
        matches!(outcome, WebhookOutcome::Rejected(WebhookError::SignatureMismatch)),
        "{outcome:?}"
    );
    assert_eq!(outcome.http_status(), 401);

    // Signed by Telnyx, then altered.
    let signed = signer.sign_event(&event);
    let altered = String::from_utf8(signed.body.to_vec())
        .unwrap()
        .replace("pending", "authorized");
    let outcome = flow.handle_webhook(altered.as_bytes(), &signed.headers()).await;
    assert!(
        matches!(outcome, WebhookOutcome::Rejected(WebhookError::SignatureMismatch)),
        "{outcome:?}"
    );

    // A genuine notification replayed ten minutes later.
    let stale = signer.sign_event_at(&event, now() - 600);
    let outcome = flow.handle_webhook(&stale.body, &stale.headers()).await;
    assert!(
        matches!(outcome, WebhookOutcome::Rejected(WebhookError::TimestampTooOld { .. })),
        "{outcome:?}"
    );

    // No signature at all.
    let outcome = flow.handle_webhook(&signed.body, &http::HeaderMap::new()).await;
    assert!(
        matches!(outcome, WebhookOutcome::Rejected(WebhookError::MissingHeader(_))),
        "{outcome:?}"
    );

    assert!(mock.received().is_empty(), "a rejected webhook sends nothing");
    mock.verify();
}

#[tokio::test]
async fn other_status_changes_and_comments_need_no_request() {
    let mock = MockTelnyx::start().await;
    let signer = TestSigner::new();
    let flow = workflow(&mock, &signer);
    let ported = signer.sign_event(&TestEvent::status_changed(
        WebhookPortoutStatusChangedPayload::new()
            .id(id(3))
            .status(PortoutStatus::Ported),
    ));
    let outcome = flow.handle_webhook(&ported.body, &ported.headers()).await;
    assert!(
        matches!(outcome, WebhookOutcome::StatusNoted(got, PortoutStatus::Ported) if got == id(3)),
        "{outcome:?}"
    );
    let comment = signer.sign_event(&TestEvent::new_comment(
        WebhookPortoutNewCommentPayload::new().comment("hi"),
    ));
    let outcome = flow.handle_webhook(&comment.body, &comment.headers()).await;
    assert!(
        matches!(&outcome, WebhookOutcome::Ignored(t) if t == "portout.new_comment"),
        "{outcome:?}"
    );
    mock.verify();
}

#[tokio::test]
async fn a_failed_authorization_asks_telnyx_to_deliver_again() {
    let mock = MockTelnyx::start().await;
    let client = mock.client();
    mock.expect(
        client
            .portouts()
            .update_status(id(9), PortoutTargetStatus::Authorized, REASON),
    )
    .fail(
        422,
        [TelnyxError::new("10015", "Invalid status transition").pointer("/status")],
    )
    .mount();
    let signer = TestSigner::new();
    let signed = signer.sign_event(&TestEvent::status_changed(
        WebhookPortoutStatusChangedPayload::new()
            .id(id(9))
            .status(PortoutStatus::Pending),
    ));
    let outcome = workflow(&mock, &signer)
        .handle_webhook(&signed.body, &signed.headers())
        .await;
    match &outcome {
        WebhookOutcome::Failed(e) => assert!(e.is_unprocessable(), "{e:?}"),
        other => panic!("expected Failed, got {other:?}"),
    }
    assert_eq!(outcome.http_status(), 500);
    mock.verify();
}
