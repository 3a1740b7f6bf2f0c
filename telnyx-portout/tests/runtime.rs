//! Runtime behaviour: retries and their delays, timeouts, bad responses, error details,
//! pagination, and configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::json;
use std::time::Duration;
use support::*;
use telnyx_portout::models::{PortoutListFilter, PortoutStatus, PortoutTargetStatus};
use telnyx_portout::{Client, ClientBuilder, DEFAULT_BASE_URL, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_responding(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

fn backoff_bounds(retry: u32) -> (Duration, Duration) {
    let base = 0.5 * 2f64.powi(retry as i32);
    (Duration::from_secs_f64(base * 0.75), Duration::from_secs_f64(base))
}

fn assert_backoff(sleeps: &[Duration]) {
    for (n, d) in sleeps.iter().enumerate() {
        let (lo, hi) = backoff_bounds(n as u32);
        assert!(*d > lo && *d <= hi, "retry {n}: {d:?} not in ({lo:?}, {hi:?}]");
    }
}

// ---------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    }; // closed when dropped
    let (c, sleeps) = client_recording_sleeps(&format!("http://127.0.0.1:{port}"), 2);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(e.is_connection(), "{e:?}");
    assert!(
        matches!(&e, Error::Connection { operation, .. } if operation == "GET /portouts/{id}"),
        "{e:?}"
    );
    assert_eq!(sleeps.get().len(), 2, "two retries after the first attempt");
    assert_backoff(&sleeps.get());
    assert!(!e.to_string().contains('\n'));
}

#[tokio::test]
async fn retryable_statuses_are_retried_up_to_max_retries() {
    for status in [408u16, 409, 429, 500, 502, 503, 504] {
        let server = server_responding(ResponseTemplate::new(status).set_body_json(json!({ "errors": [] }))).await;
        let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
        let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert_eq!(
            requests(&server).await.len(),
            3,
            "status {status}: 1 attempt + 2 retries"
        );
        assert_eq!(sleeps.get().len(), 2, "status {status}");
        assert_backoff(&sleeps.get());
    }
}

#[tokio::test]
async fn non_retryable_statuses_are_not_retried() {
    for status in [400u16, 401, 403, 404, 422] {
        let server = server_responding(ResponseTemplate::new(status).set_body_json(json!({ "errors": [] }))).await;
        let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
        let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{e:?}");
        assert_eq!(requests(&server).await.len(), 1, "status {status} must not be retried");
        assert!(sleeps.get().is_empty());
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status_rule() {
    let server = server_responding(ResponseTemplate::new(500).insert_header("x-should-retry", "false")).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(e.is_server_error());
    assert_eq!(requests(&server).await.len(), 1);
    assert!(sleeps.get().is_empty());

    let server = server_responding(ResponseTemplate::new(400).insert_header("x-should-retry", "true")).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(requests(&server).await.len(), 3);
    assert_eq!(sleeps.get().len(), 2);
}

#[tokio::test]
async fn retry_after_headers_set_the_delay() {
    // retry-after-ms
    let server = server_responding(ResponseTemplate::new(503).insert_header("retry-after-ms", "1500")).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(sleeps.get(), vec![Duration::from_millis(1500); 2]);

    let server = server_responding(ResponseTemplate::new(429).insert_header("retry-after-ms", "100")).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 1);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(sleeps.get(), vec![Duration::from_millis(100)]);

    // retry-after, seconds
    let server = server_responding(ResponseTemplate::new(429).insert_header("retry-after", "3")).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(sleeps.get(), vec![Duration::from_secs(3); 2]);

    // retry-after-ms wins over retry-after
    let server = server_responding(
        ResponseTemplate::new(503)
            .insert_header("retry-after-ms", "250")
            .insert_header("retry-after", "9"),
    )
    .await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 1);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(sleeps.get(), vec![Duration::from_millis(250)]);

    // Out of range (over 60 s) or garbage: exponential backoff instead.
    for (name, value) in [
        ("retry-after", "3600"),
        ("retry-after", "soon"),
        ("retry-after-ms", "-5"),
    ] {
        let server = server_responding(ResponseTemplate::new(503).insert_header(name, value)).await;
        let (c, sleeps) = client_recording_sleeps(&server.uri(), 3);
        c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
        assert_eq!(sleeps.get().len(), 3, "{name}: {value}");
        assert_backoff(&sleeps.get());
    }
}

#[tokio::test]
async fn retry_after_http_date_sets_the_delay() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let at = chrono::DateTime::from_timestamp(now.as_secs() as i64 + 10, 0).unwrap();
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = server_responding(ResponseTemplate::new(503).insert_header("retry-after", date.as_str())).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 1);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    let s = sleeps.get();
    assert_eq!(s.len(), 1);
    assert!(
        s[0] > Duration::from_secs(8) && s[0] <= Duration::from_secs(10),
        "{date}: {s:?}"
    );
}

#[tokio::test]
async fn delays_without_headers_follow_exponential_backoff() {
    let server = server_responding(ResponseTemplate::new(500)).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 4);
    c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    let s = sleeps.get();
    assert_eq!(s.len(), 4);
    assert_backoff(&s);
    assert_eq!(requests(&server).await.len(), 5);
}

#[tokio::test]
async fn the_body_is_replayed_identically_on_every_attempt() {
    let server = server_responding(ResponseTemplate::new(503)).await;
    let (c, _sleeps) = client_recording_sleeps(&server.uri(), 3);
    c.portouts()
        .update_status(
            PORTOUT_ID,
            PortoutTargetStatus::RejectedPending,
            "Customer, did not \"confirm\" ✓",
        )
        .host_messaging(true)
        .await
        .unwrap_err();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 4);
    let expected = json!({ "reason": "Customer, did not \"confirm\" ✓", "host_messaging": true });
    for r in &reqs {
        assert_eq!(r.body, reqs[0].body, "same bytes on every attempt");
        assert_request(
            r,
            "PATCH",
            &format!("/portouts/{PORTOUT_ID}/rejected-pending"),
            "application/json",
            Some(expected.clone()),
        );
    }
}

#[tokio::test]
async fn per_request_max_retries_overrides_the_client() {
    let server = server_responding(ResponseTemplate::new(500)).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 5);
    c.portouts().retrieve(PORTOUT_ID).max_retries(0).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
    assert!(sleeps.get().is_empty());

    let server = server_responding(ResponseTemplate::new(500)).await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 0);
    c.portouts().retrieve(PORTOUT_ID).max_retries(1).await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 2);
    assert_eq!(sleeps.get().len(), 1);
}

#[tokio::test]
async fn success_after_retries_returns_the_value() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": portout_details() })))
        .mount(&server)
        .await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    let p = c.portouts().retrieve(PORTOUT_ID).await.unwrap();
    assert_eq!(p.id.map(|id| id.to_string()).as_deref(), Some(PORTOUT_ID));
    assert_eq!(requests(&server).await.len(), 3);
    assert_eq!(sleeps.get().len(), 2);
}

// ---------------------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn per_request_timeout_gives_error_timeout() {
    let server = server_responding(
        ResponseTemplate::new(200)
            .set_body_json(json!({ "data": portout_details() }))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let e = c
        .portouts()
        .retrieve(PORTOUT_ID)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    match &e {
        Error::Timeout {
            operation,
            timeout,
            connecting,
            attempt,
            max_attempts,
            ..
        } => {
            assert_eq!(operation, "GET /portouts/{id}");
            assert_eq!(*timeout, Duration::from_millis(200));
            assert!(!connecting);
            assert_eq!((*attempt, *max_attempts), (1, 1));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "GET /portouts/{id}: timed out after 200ms (attempt 1 of 1)"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn client_timeout_applies_and_timeouts_are_retried() {
    let server = server_responding(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    let sleeps = Sleeps::default();
    let rec = sleeps.clone();
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(150))
        .max_retries(1)
        .retry_sleeper(move |d| {
            rec.0.lock().unwrap().push(d);
            async {}
        })
        .build()
        .unwrap();
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /portouts/{id}: timed out after 150ms (attempt 2 of 2)"
    );
    assert_eq!(sleeps.get().len(), 1);
    assert_eq!(requests(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------
// Bad responses
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn html_502_is_a_status_error_keeping_the_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = server_responding(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;
    let e = client(&server)
        .portouts()
        .retrieve(PORTOUT_ID)
        .max_retries(0)
        .await
        .unwrap_err();
    let s = e.as_status().unwrap();
    assert_eq!(s.status.as_u16(), 502);
    assert_eq!(&s.body[..], html.as_bytes());
    assert_eq!(s.body_text(), html);
    assert!(s.errors.is_empty());
    assert!(e.is_server_error());
    assert_eq!(e.to_string(), "GET /portouts/{id}: HTTP 502 Bad Gateway");
}

fn decode_error(e: &Error) -> &telnyx_portout::DecodeError {
    match e {
        Error::Decode(d) => d,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_200_body_is_a_decode_error() {
    let server = server_responding(ResponseTemplate::new(200)).await;
    let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    let d = decode_error(&e);
    assert_eq!(d.status.as_u16(), 200);
    assert!(d.body.is_empty());
    assert_eq!(d.path, "");
    assert_eq!(d.operation, "GET /portouts/{id}");
    assert_eq!(requests(&server).await.len(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let full = serde_json::to_string(&json!({ "data": portout_details() })).unwrap();
    let truncated = &full[..full.len() / 2];
    let server = server_responding(ResponseTemplate::new(200).set_body_raw(truncated, "application/json")).await;
    let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    let d = decode_error(&e);
    assert_eq!(&d.body[..], truncated.as_bytes());
    assert_eq!(d.content_type.as_deref(), Some("application/json"));
    assert!(!e.to_string().contains('\n'));
}

#[tokio::test]
async fn trailing_garbage_is_a_decode_error() {
    let body = format!("{}xyz", json!({ "data": portout_details() }));
    let server = server_responding(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    decode_error(&e);
}

#[tokio::test]
async fn wrong_field_type_names_the_path_and_keeps_the_body() {
    let mut bad = portout_details();
    bad["rejection_code"] = json!("not a number");
    let body = json!({ "data": [portout_details(), bad], "meta": metadata() });
    let raw = serde_json::to_vec(&body).unwrap();
    let server = server_responding(ResponseTemplate::new(200).set_body_raw(raw.clone(), "application/json")).await;
    let e = client(&server)
        .portouts()
        .list()
        .decoding(telnyx_portout::Decoding::Strict)
        .await
        .unwrap_err();
    let d = decode_error(&e);
    assert_eq!(d.path, "data[1].rejection_code");
    assert_eq!(&d.body[..], &raw[..]);
    assert!(e.to_string().contains("data[1].rejection_code"), "{e}");

    // Same for a non-paginated `{"data": T}` response.
    let server = server_responding(ResponseTemplate::new(200).set_body_json(json!({ "data": { "status": 7 } }))).await;
    let strict = client(&server).portouts().retrieve(PORTOUT_ID);
    let e = strict.decoding(telnyx_portout::Decoding::Strict).await.unwrap_err();
    assert_eq!(decode_error(&e).path, "data.status");
    // The default mode reads the rest and lists the deviation (tests/drift.rs has the corpus).
    let got = client(&server)
        .portouts()
        .retrieve(PORTOUT_ID)
        .send_with_response()
        .await
        .unwrap();
    // (A number where a string belongs is read as its JSON text: an unknown status.)
    assert_eq!(got.value.status, Some(telnyx_portout::models::PortoutStatus::from("7")));
    assert_eq!(got.deviations[0].path, "data.status");
    assert!(matches!(
        got.deviations[0].outcome,
        telnyx_portout::deviation::Outcome::Interpreted { .. }
    ));
}

#[tokio::test]
async fn missing_data_is_a_decode_error() {
    let server = server_responding(ResponseTemplate::new(200).set_body_json(json!({ "meta": metadata() }))).await;
    let c = client(&server);
    let e = c.portouts().list().await.unwrap_err();
    assert!(decode_error(&e).message.contains("data"), "{e}");
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(decode_error(&e).message.contains("data"), "{e}");
}

#[tokio::test]
async fn a_known_event_type_with_a_bad_field_is_a_decode_error() {
    let mut event = event_status_changed();
    event["created_at"] = json!("yesterday");
    let server = server_responding(ResponseTemplate::new(200).set_body_json(json!({ "data": event }))).await;
    let e = client(&server)
        .portouts()
        .events()
        .retrieve(EVENT_ID)
        .decoding(telnyx_portout::Decoding::Strict)
        .await
        .unwrap_err();
    let d = decode_error(&e);
    assert!(d.path.starts_with("data"), "{d:?}");
    assert!(e.to_string().contains("created_at"), "{e}");
    // The default mode follows the path into the union's variant and leaves the field out.
    let got = client(&server)
        .portouts()
        .events()
        .retrieve(EVENT_ID)
        .send_with_response()
        .await
        .unwrap();
    assert!(
        !matches!(got.value, telnyx_portout::models::PortoutEvent::Unknown(_)),
        "{:?}",
        got.value
    );
    assert_eq!(got.deviations.len(), 1, "{:?}", got.deviations);
    assert_eq!(got.deviations[0].path, "data.created_at");
    assert_eq!(got.deviations[0].raw, Some(json!("yesterday")));
}

#[tokio::test]
async fn unknown_extra_fields_are_ignored() {
    let mut details = portout_details();
    details["brand_new_field"] = json!({ "nested": [1, 2] });
    let server = server_responding(
        ResponseTemplate::new(200).set_body_json(json!({ "data": [details], "meta": metadata(), "links": {} })),
    )
    .await;
    let page = client(&server).portouts().list().await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id.map(|id| id.to_string()).as_deref(), Some(PORTOUT_ID));
}

// ---------------------------------------------------------------------------------------
// Error details
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn unprocessable_entity_exposes_field_pointers() {
    let body = json!({ "errors": [{
        "code": "10015", "title": "Bad Request", "detail": "x", "source": { "pointer": "/reason" }
    }]});
    let server = server_responding(
        ResponseTemplate::new(422)
            .set_body_json(body)
            .insert_header("x-request-id", "req-42"),
    )
    .await;
    let e = client(&server)
        .portouts()
        .update_status(PORTOUT_ID, PortoutTargetStatus::RejectedPending, "")
        .await
        .unwrap_err();
    assert!(e.is_unprocessable());
    assert!(!e.is_not_found() && !e.is_rate_limited() && !e.is_server_error());
    let s = e.as_status().unwrap();
    assert_eq!(s.field_pointers(), vec!["/reason"]);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].code.as_deref(), Some("10015"));
    assert_eq!(s.errors[0].title.as_deref(), Some("Bad Request"));
    assert_eq!(s.request_id(), Some("req-42"));
    let text = e.to_string();
    assert_eq!(
        text,
        "PATCH /portouts/{id}/{status}: HTTP 422 Unprocessable Entity [10015] Bad Request: x (request id req-42)"
    );
    assert!(!text.contains('\n'));
}

#[tokio::test]
async fn multiline_details_display_on_one_line() {
    let body = json!({ "errors": [
        { "code": 10001, "title": "Oops", "detail": "line one\nline two\r\nline three" },
        { "code": "2", "source": { "parameter": "filter[status]" } }
    ]});
    let server = server_responding(ResponseTemplate::new(400).set_body_json(body)).await;
    let e = client(&server).portouts().list().await.unwrap_err();
    let text = e.to_string();
    assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
    assert!(
        text.contains("[10001] Oops: line one line two  line three (and 1 more)"),
        "{text}"
    );
    assert_eq!(e.as_status().unwrap().field_pointers(), vec!["filter[status]"]);
}

#[tokio::test]
async fn rate_limit_exposes_retry_after() {
    let server = server_responding(ResponseTemplate::new(429).insert_header("retry-after", "7")).await;
    let e = client(&server).portouts().list().max_retries(0).await.unwrap_err();
    assert!(e.is_rate_limited());
    assert_eq!(e.as_status().unwrap().retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(requests(&server).await.len(), 1);
}

type ErrorCheck = fn(&Error) -> bool;

#[tokio::test]
async fn status_helpers_match_their_status() {
    let cases: [(u16, ErrorCheck); 5] = [
        (401, Error::is_unauthorized),
        (403, Error::is_forbidden),
        (404, Error::is_not_found),
        (409, Error::is_conflict),
        (503, Error::is_server_error),
    ];
    for (status, check) in cases {
        let server = server_responding(ResponseTemplate::new(status).insert_header("x-request-id", "rid")).await;
        let e = client(&server)
            .portouts()
            .retrieve(PORTOUT_ID)
            .max_retries(0)
            .await
            .unwrap_err();
        assert!(check(&e), "{status}: {e:?}");
        assert_eq!(e.as_status().unwrap().request_id(), Some("rid"));
        assert!(!e.to_string().contains('\n'));
    }
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

const FROM_ENV_CASE: &str = "TELNYX_PORTOUT_TEST_FROM_ENV_CASE";

/// Runs in a child process (see `from_env_reads_the_environment`), so that the process-wide
/// environment of this test binary is never changed. Does nothing in a normal run.
#[tokio::test]
async fn from_env_child() {
    let Ok(case) = std::env::var(FROM_ENV_CASE) else {
        return;
    };
    let result = Client::from_env();
    let names_the_variable = |r: Result<Client, Error>| match r {
        Err(Error::InvalidConfig(msg)) => assert!(msg.contains("TELNYX_API_KEY"), "{msg}"),
        other => panic!("{case}: expected InvalidConfig, got {other:?}"),
    };
    match case.as_str() {
        "unset" | "empty" | "blank" => {
            names_the_variable(result);
            names_the_variable(ClientBuilder::from_env().max_retries(1).build());
            // An explicit key, or an explicit opt-out, replaces the missing one.
            assert!(ClientBuilder::from_env().api_key("explicit").build().is_ok());
            assert!(ClientBuilder::from_env().without_auth().build().is_ok());
        }
        "default_url" => assert_eq!(result.unwrap().base_url(), DEFAULT_BASE_URL),
        "custom_url" => assert_eq!(result.unwrap().base_url(), "https://example.test/v2"),
        "insecure_url" => match result {
            Err(Error::InvalidConfig(msg)) => assert!(msg.contains("TELNYX_BASE_URL"), "{msg}"),
            other => panic!("expected InvalidConfig, got {other:?}"),
        },
        "builder" => {
            // Starts from the environment (key and URL of a server the parent runs), then
            // customised; the parent checks what arrived.
            let c = ClientBuilder::from_env()
                .default_header("x-configured", "in-code")
                .max_retries(0)
                .build()
                .unwrap();
            assert_eq!(
                c.base_url(),
                std::env::var("TELNYX_BASE_URL").unwrap().trim_end_matches('/')
            );
            c.portouts().retrieve(PORTOUT_ID).await.unwrap();
            // Explicit settings win over the environment.
            let c = ClientBuilder::from_env()
                .base_url("https://example.test")
                .build()
                .unwrap();
            assert_eq!(c.base_url(), "https://example.test");
        }
        other => panic!("unknown case {other}"),
    }
    println!("from_env case {case} checked");
}

#[tokio::test]
async fn from_env_reads_the_environment() {
    let server =
        server_responding(ResponseTemplate::new(200).set_body_json(json!({ "data": portout_details() }))).await;
    let server_url = format!("{}/v2/", server.uri());
    let exe = std::env::current_exe().unwrap();
    let cases: [(&str, Option<&str>, Option<&str>); 7] = [
        ("unset", None, None),
        ("empty", Some(""), None),
        ("blank", Some("  "), None),
        ("default_url", Some("key-from-env"), None),
        ("custom_url", Some("key-from-env"), Some("https://example.test/v2/")),
        ("insecure_url", Some("key-from-env"), Some("http://example.test/v2")),
        ("builder", Some("key-from-env"), Some(server_url.as_str())),
    ];
    for (case, key, url) in cases {
        let mut cmd = std::process::Command::new(&exe);
        cmd.args(["from_env_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(FROM_ENV_CASE, case)
            .env_remove("TELNYX_API_KEY")
            .env_remove("TELNYX_BASE_URL");
        if let Some(k) = key {
            cmd.env("TELNYX_API_KEY", k);
        }
        if let Some(u) = url {
            cmd.env("TELNYX_BASE_URL", u);
        }
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "case {case} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(&format!("from_env case {case} checked")),
            "case {case} did not run:\n{stdout}"
        );
    }
    let r = only_request(&server).await;
    assert_eq!(r.url.path(), format!("/v2/portouts/{PORTOUT_ID}"));
    assert_eq!(header(&r, "authorization"), Some("Bearer key-from-env"));
    assert_eq!(header(&r, "x-configured"), Some("in-code"));
}

/// Without a key, `build()` fails and says how to give one; a client without authentication
/// (a local mock, a proxy that adds the key) is an explicit opt-out.
#[tokio::test]
async fn a_client_without_an_api_key_needs_an_explicit_opt_out() {
    let server = server_responding(ResponseTemplate::new(204)).await;
    match Client::builder().base_url(server.uri()).build() {
        Err(Error::InvalidConfig(msg)) => {
            for needle in ["api_key", "TELNYX_API_KEY", "without_auth"] {
                assert!(msg.contains(needle), "{needle} not in {msg}");
            }
        }
        other => panic!("expected InvalidConfig, got {other:?}"),
    }
    let c = Client::builder().base_url(server.uri()).without_auth().build().unwrap();
    c.portouts().events().republish(EVENT_ID).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "authorization"), None);
    assert!(format!("{c:?}").contains("without_auth"), "{c:?}");

    match Client::builder().api_key("k").without_auth().build() {
        Err(Error::InvalidConfig(msg)) => assert!(msg.contains("api_key") && msg.contains("without_auth"), "{msg}"),
        other => panic!("expected InvalidConfig, got {other:?}"),
    }
}

#[tokio::test]
async fn api_keys_that_are_not_valid_header_values_fail_build() {
    for key in ["abc\r\nX-Injected: 1", "abc\n", "", "   "] {
        let r = Client::builder().api_key(key).base_url("https://example.test").build();
        assert!(matches!(r, Err(Error::InvalidConfig(_))), "{key:?}: {r:?}");
        if let Err(e) = r {
            assert!(!e.to_string().contains("Injected"), "{e}");
        }
    }
}

#[tokio::test]
async fn base_url_rules() {
    let build = |url: &str, insecure: bool| {
        Client::builder()
            .api_key("k")
            .base_url(url)
            .allow_insecure_http(insecure)
            .build()
    };
    for url in [
        "http://example.test",
        "http://10.0.0.1:8080/v2",
        "ftp://example.test",
        "not a url",
    ] {
        assert!(matches!(build(url, false), Err(Error::InvalidConfig(_))), "{url}");
    }
    for url in [
        "https://example.test/v2",
        "http://localhost:1234",
        "http://127.0.0.1:9",
        "http://[::1]:9",
    ] {
        assert!(build(url, false).is_ok(), "{url}");
    }
    assert!(build("http://example.test", true).is_ok());
    assert_eq!(
        build("https://example.test/v2/", false).unwrap().base_url(),
        "https://example.test/v2"
    );
    assert!(matches!(
        Client::builder().api_key("k").default_header("bad header", "v").build(),
        Err(Error::InvalidConfig(_))
    ));
}

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_display() {
    let secret = "KEY0123456789SECRET";
    let server = server_responding(
        ResponseTemplate::new(401)
            .set_body_json(
                json!({ "errors": [{ "code": "10009", "title": "Authentication failed", "detail": "bad key" }] }),
            )
            .insert_header("x-request-id", "rid-1"),
    )
    .await;
    let builder = Client::builder().api_key(secret).base_url(server.uri());
    assert!(!format!("{builder:?}").contains(secret));
    let c = builder.build().unwrap();
    let dbg = format!("{c:?}");
    assert!(!dbg.contains(secret), "{dbg}");
    assert!(dbg.contains("[redacted]"), "{dbg}");

    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(e.is_unauthorized());
    // The key was sent...
    assert_eq!(
        header(&only_request(&server).await, "authorization"),
        Some(format!("Bearer {secret}").as_str())
    );
    // ...but is in no rendering of the error.
    for text in [
        format!("{e}"),
        format!("{e:?}"),
        format!("{e:#?}"),
        format!("{:?}", e.as_status().unwrap()),
    ] {
        assert!(!text.contains(secret), "{text}");
    }

    // Nor of a connection error.
    let (c, _) = {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Client::builder()
            .api_key(secret)
            .base_url(format!("http://127.0.0.1:{port}"))
            .max_retries(0)
            .build()
            .unwrap();
        (c, ())
    };
    let e = c.portouts().list().await.unwrap_err();
    assert!(e.is_connection());
    assert!(!format!("{e} {e:?}").contains(secret));
}

#[tokio::test]
async fn send_with_response_exposes_status_headers_and_raw_body() {
    let body = serde_json::to_vec(&json!({ "data": portout_details() })).unwrap();
    let server = server_responding(
        ResponseTemplate::new(200)
            .set_body_raw(body.clone(), "application/json")
            .insert_header("x-request-id", "rid-7")
            .insert_header("x-custom", "yes"),
    )
    .await;
    let r = client(&server)
        .portouts()
        .retrieve(PORTOUT_ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(r.status.as_u16(), 200);
    assert_eq!(r.request_id(), Some("rid-7"));
    assert_eq!(r.headers.get("x-custom").unwrap(), "yes");
    assert_eq!(&r.body[..], &body[..]);
    assert_eq!(r.value.id.map(|id| id.to_string()).as_deref(), Some(PORTOUT_ID));

    let server = server_responding(ResponseTemplate::new(204)).await;
    let r = client(&server)
        .portouts()
        .events()
        .republish(EVENT_ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(r.status.as_u16(), 204);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn response_larger_than_the_cap_fails() {
    let server =
        server_responding(ResponseTemplate::new(200).set_body_json(json!({ "data": portout_details() }))).await;
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_response_bytes(64)
        .build()
        .unwrap();
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(matches!(e, Error::ResponseTooLarge { limit: 64, .. }), "{e:?}");
}

/// Dropping the future of a request that is waiting to retry stops it: no further attempt
/// reaches the server.
#[tokio::test]
async fn dropping_the_future_stops_retrying_at_once() {
    use wiremock::matchers::any;
    use wiremock::{Mock, ResponseTemplate};
    let server = wiremock::MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<std::time::Duration>();
    let client = telnyx_portout::Client::builder()
        .api_key(support::API_KEY)
        .base_url(server.uri())
        .max_retries(5)
        .retry_sleeper(move |d| {
            let _ = tx.send(d);
            // A short wait: were the retries driven by anything but this future (a spawned
            // task), the next attempt would reach the server well within the check below.
            tokio::time::sleep(std::time::Duration::from_millis(20))
        })
        .build()
        .unwrap();
    let request = client.portouts().retrieve("id").send();
    tokio::select! {
        _ = request => panic!("the request cannot finish before its first retry is scheduled"),
        first = rx.recv() => assert!(first.is_some(), "the client went to sleep before retrying"),
    }
    // The request future is dropped here; give a would-be retry time to show up.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        support::requests(&server).await.len(),
        1,
        "no attempt after the future was dropped"
    );
    assert!(rx.try_recv().is_err(), "no further sleep after the future was dropped");
}

/// Form bodies (the whole-spec client's TeXML operations): members as pairs, nested objects in
/// brackets, lists as repeated keys, nulls left out, everything percent-encoded; only an
/// object can be a form. Raw bodies go out as given.
#[test]
fn form_and_raw_bodies_encode_as_specified() {
    use telnyx_portout::runtime::Body;
    let body = Body::form(&serde_json::json!({
        "Url": "https://example.com/a b?x=1&y=2",
        "Record": true,
        "Timeout": 30,
        "Skip": null,
        "StatusCallbackEvent": ["initiated", "answered"],
        "Sip": {"User": "ü"},
    }))
    .unwrap();
    assert_eq!(body.content_type(), "application/x-www-form-urlencoded");
    assert_eq!(
        std::str::from_utf8(body.as_bytes()).unwrap(),
        "Record=true&Sip%5BUser%5D=%C3%BC&StatusCallbackEvent=initiated&StatusCallbackEvent=answered\
         &Timeout=30&Url=https%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1%26y%3D2"
    );
    let err = Body::form(&serde_json::json!(["not", "an", "object"])).unwrap_err();
    assert!(matches!(err, telnyx_portout::Error::InvalidArgument { .. }), "{err}");
    let raw = Body::raw(&bytes_of(b"\x00\x01binary"), "application/octet-stream").unwrap();
    assert_eq!(raw.as_bytes().as_ref(), b"\x00\x01binary");
    assert_eq!(raw.content_type(), "application/octet-stream");
}

fn bytes_of(b: &'static [u8]) -> bytes::Bytes {
    bytes::Bytes::from_static(b)
}

/// A request builder written against the runtime's `Endpoint` contract, as the generator
/// writes them for operations with header parameters (none of the 14 port-out operations has
/// one; the whole-spec client does): header parameters reach the wire, and an invalid value
/// is an error before anything is sent.
mod header_parameters {
    use telnyx_portout::runtime::endpoint::{Endpoint, Method};
    use telnyx_portout::runtime::{Body, query::Query};
    use telnyx_portout::{Client, Error};

    // The builder type the generated `resources` module declares.
    telnyx_portout::runtime::endpoint::request_type!();

    #[derive(Clone, Debug)]
    pub struct CreateBucketParams {
        idempotency_key: String,
    }
    pub type CreateBucket = Request<CreateBucketParams>;

    impl Endpoint for CreateBucket {
        type Output = ();
        type Decoder = telnyx_portout::runtime::endpoint::Empty;
        const METHOD: Method = Method::POST;
        const PATH_TEMPLATE: &'static str = "/buckets";
        const ACCEPT: &'static str = "*/*";
        fn path(&self) -> Result<String, Error> {
            Ok("/buckets".into())
        }
        fn query(&self, _q: &mut Query) {}
        fn body(&self) -> Result<Option<Body>, Error> {
            Ok(None)
        }
        fn headers(&self, out: &mut Vec<(&'static str, String)>) {
            out.push(("Idempotency-Key", self.params.idempotency_key.clone()));
        }
    }

    fn create_bucket(client: Client, idempotency_key: &str) -> CreateBucket {
        new_request(
            client,
            CreateBucketParams {
                idempotency_key: idempotency_key.into(),
            },
        )
    }

    #[tokio::test]
    async fn header_parameters_are_sent_and_checked() {
        use wiremock::matchers::{header, method};
        use wiremock::{Mock, ResponseTemplate};
        let server = wiremock::MockServer::start().await;
        Mock::given(method("POST"))
            .and(header("idempotency-key", "k-1"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let client = super::support::client(&server);
        let ok = create_bucket(client.clone(), "k-1");
        ok.send().await.unwrap();
        let bad = create_bucket(client, "a\r\nb");
        let err = bad.send().await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "Idempotency-Key"),
            "{err}"
        );
        assert_eq!(
            super::support::requests(&server).await.len(),
            1,
            "the invalid request was not sent"
        );
    }
}

// ---------------------------------------------------------------------------------------
// On the wire: bodies, encodings, query overrides
// ---------------------------------------------------------------------------------------

/// Request builders without a body for each method, written against the runtime's
/// `Endpoint` contract as the generator writes them.
mod bare {
    use telnyx_portout::runtime::endpoint::{Endpoint, Method};
    use telnyx_portout::runtime::{Body, query::Query};
    use telnyx_portout::{Client, Error};

    // The builder type the generated `resources` module declares.
    telnyx_portout::runtime::endpoint::request_type!();

    macro_rules! bare_endpoint {
        ($name:ident, $method:ident) => {
            #[derive(Clone, Debug)]
            pub struct $name;
            impl Endpoint for Request<$name> {
                type Output = ();
                type Decoder = telnyx_portout::runtime::endpoint::Empty;
                const METHOD: Method = Method::$method;
                const PATH_TEMPLATE: &'static str = "/things";
                const ACCEPT: &'static str = "*/*";
                fn path(&self) -> Result<String, Error> {
                    Ok("/things".into())
                }
                fn query(&self, _q: &mut Query) {}
                fn body(&self) -> Result<Option<Body>, Error> {
                    Ok(None)
                }
            }
            impl $name {
                pub fn new(client: &Client) -> Request<$name> {
                    new_request(client.clone(), $name)
                }
            }
        };
    }
    bare_endpoint!(Post, POST);
    bare_endpoint!(Put, PUT);
    bare_endpoint!(Patch, PATCH);
    bare_endpoint!(Get, GET);
    bare_endpoint!(Delete, DELETE);
    bare_endpoint!(Head, HEAD);
}

/// RFC 9110 9.3.2: a HEAD response's Content-Length is the GET's, with no body; a large one is
/// not a response over the body cap (found by the whole-API exerciser: Prism's dynamic mode
/// answers `HEAD /{bucketName}/{objectName}` with a random Content-Length).
#[tokio::test]
async fn head_responses_have_no_body_whatever_their_content_length() {
    let (url, _seen) =
        raw_server(b"HTTP/1.1 200 OK\r\ncontent-length: 100000000\r\nconnection: close\r\n\r\n".to_vec());
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(url)
        .max_retries(0)
        .max_response_bytes(64)
        .build()
        .unwrap();
    bare::Head::new(&client).await.unwrap();
}

const NO_CONTENT: &[u8] = b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n";

fn raw_client(url: &str) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(url)
        .max_retries(0)
        .build()
        .unwrap()
}

/// RFC 9110 8.6: a request whose method anticipates content but that has none says
/// `Content-Length: 0` (some front ends answer 411 otherwise); the official SDKs send it. A
/// method that does not anticipate content sends neither length nor chunked framing.
#[tokio::test]
async fn bodyless_post_put_patch_send_content_length_zero() {
    let (url, seen) = raw_server(NO_CONTENT.to_vec());
    let c = raw_client(&url);
    c.portouts().events().republish(EVENT_ID).await.unwrap();
    bare::Post::new(&c).await.unwrap();
    bare::Put::new(&c).await.unwrap();
    bare::Patch::new(&c).await.unwrap();
    bare::Get::new(&c).await.unwrap();
    bare::Delete::new(&c).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 6);
    for r in &seen[..4] {
        assert_eq!(r.header_values("content-length"), ["0"], "{}", r.head);
        assert!(r.header_values("transfer-encoding").is_empty(), "{}", r.head);
        assert!(r.body.is_empty());
    }
    assert!(
        seen[0].request_line().starts_with("POST /portouts/events/"),
        "{}",
        seen[0].head
    );
    for (r, method) in seen[1..].iter().zip(["POST", "PUT", "PATCH", "GET", "DELETE"]) {
        assert!(
            r.request_line().starts_with(&format!("{method} /things ")),
            "{}",
            r.head
        );
    }
    for r in &seen[4..] {
        assert!(r.header_values("content-length").is_empty(), "{}", r.head);
        assert!(r.header_values("transfer-encoding").is_empty(), "{}", r.head);
    }
    // A request with a body still sends its own length.
    let data = serde_json::to_vec(&json!({ "data": portout_details() })).unwrap();
    let mut ok = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        data.len()
    )
    .into_bytes();
    ok.extend_from_slice(&data);
    let (url, seen) = raw_server(ok);
    raw_client(&url)
        .portouts()
        .update_status(PORTOUT_ID, PortoutTargetStatus::RejectedPending, "r")
        .await
        .unwrap();
    let r = seen.lock().unwrap()[0].clone();
    assert_eq!(
        r.header_values("content-length"),
        [r.body.len().to_string()],
        "{}",
        r.head
    );
    assert_eq!(r.body, br#"{"reason":"r"}"#);
}

/// The start of a gzip stream (magic, deflate, no flags) with a little garbage after it.
const GZIP_BYTES: &[u8] = &[0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56];

/// The client does not ask for compression (no `Accept-Encoding`); a server that compresses
/// anyway gets an error naming the encoding instead of "expected value at line 1 column 1".
#[tokio::test]
async fn a_compressed_response_nobody_asked_for_names_its_encoding() {
    let server = server_responding(
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_raw(GZIP_BYTES, "application/json"),
    )
    .await;
    let (c, sleeps) = client_recording_sleeps(&server.uri(), 2);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    let text = e.to_string();
    assert_eq!(
        text,
        "GET /portouts/{id}: the HTTP 200 OK response is gzip-encoded (content-encoding: gzip), \
         which this client did not ask for and cannot decode"
    );
    match &e {
        Error::UnexpectedEncoding {
            operation,
            status,
            encoding,
            body,
            ..
        } => {
            assert_eq!(operation, "GET /portouts/{id}");
            assert_eq!(status.as_u16(), 200);
            assert_eq!(encoding, "gzip");
            assert_eq!(&body[..], GZIP_BYTES, "the raw body is kept");
        }
        other => panic!("expected UnexpectedEncoding, got {other:?}"),
    }
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 1, "not retried");
    assert!(sleeps.get().is_empty());
    assert_eq!(
        header(&reqs[0], "accept-encoding"),
        None,
        "compression was not asked for"
    );

    // An error status stays a status error (and keeps its retry rule), and says so too.
    let server = server_responding(
        ResponseTemplate::new(503)
            .insert_header("content-encoding", "br")
            .set_body_raw(&b"\x0b\x02\x80garbage"[..], "application/json"),
    )
    .await;
    let (c, _) = client_recording_sleeps(&server.uri(), 1);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /portouts/{id}: HTTP 503 Service Unavailable (the body is br-encoded, which this client did not ask for)"
    );
    assert_eq!(requests(&server).await.len(), 2, "503 is still retried");

    // `identity`, or an encoding on an empty body, is harmless.
    let server = server_responding(
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "identity")
            .set_body_json(json!({ "data": portout_details() })),
    )
    .await;
    client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap();
    let server = server_responding(ResponseTemplate::new(204).insert_header("content-encoding", "gzip")).await;
    client(&server).portouts().events().republish(EVENT_ID).await.unwrap();
}

/// `.query_param(k, v)` replaces whatever the operation would send for `k` (like the official
/// SDKs' `extra_query`), and a second call for the same key replaces the first.
#[tokio::test]
async fn query_param_overrides_the_operations_value() {
    let server =
        server_responding(ResponseTemplate::new(200).set_body_json(json!({ "data": [], "meta": metadata() }))).await;
    client(&server)
        .portouts()
        .list()
        .filter(PortoutListFilter::new().status(PortoutStatus::Pending))
        .page_size(2)
        .query_param("page[size]", "50")
        .query_param("filter[status]", "authorized")
        .query_param("extra", "first")
        .query_param("extra", "a,b c")
        .await
        .unwrap();
    let r = only_request(&server).await;
    assert_eq!(
        query_pairs(&r),
        pairs(&[
            ("extra", "a,b c"),
            ("filter[status]", "authorized"),
            ("page[size]", "50")
        ])
    );
    // The operation's other pairs keep their encoding; the override is encoded as one value.
    let q = r.url.query().unwrap();
    assert!(q.contains("extra=a%2Cb%20c"), "{q}");
    assert_eq!(q.matches("page%5Bsize%5D=").count(), 1, "{q}");
}

// ---------------------------------------------------------------------------------------
// Error messages
// ---------------------------------------------------------------------------------------

/// A 404 that is not one of Telnyx's JSON:API errors most likely never reached the API: the
/// message names the URL and points at the base URL.
#[tokio::test]
async fn a_404_that_is_not_a_telnyx_error_hints_at_the_base_url() {
    let server = server_responding(ResponseTemplate::new(404).set_body_raw("Not Found", "text/plain")).await;
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v2/v2", server.uri()))
        .build()
        .unwrap();
    let e = c
        .portouts()
        .retrieve(PORTOUT_ID)
        .query_param("x", "y")
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    assert_eq!(
        e.to_string(),
        format!(
            "GET /portouts/{{id}}: HTTP 404 Not Found from {}/v2/v2/portouts/{PORTOUT_ID}, which is not a Telnyx API error: \
             check the base URL (an extra `/v2`, or a wrong host?)",
            server.uri()
        )
    );
    assert_eq!(
        e.as_status().unwrap().url,
        format!("{}/v2/v2/portouts/{PORTOUT_ID}?x=y", server.uri())
    );

    // A Telnyx 404 (the resource does not exist) gets no hint.
    let server = server_responding(ResponseTemplate::new(404).set_body_json(
        json!({ "errors": [{ "code": "10005", "title": "Resource not found", "detail": "no such port-out" }] }),
    ))
    .await;
    let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "GET /portouts/{id}: HTTP 404 Not Found [10005] Resource not found: no such port-out"
    );
}

/// The std convention, which anyhow and eyre rely on when they print a chain: each error's
/// `Display` says what it adds, and its cause is reached through `source()`, never both.
fn assert_source_convention(e: &(dyn std::error::Error + 'static)) {
    let mut link: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut chain = Vec::new();
    while let Some(l) = link {
        let text = l.to_string();
        if let Some(s) = l.source() {
            let cause = s.to_string();
            assert!(!text.contains(&cause), "`{text}` repeats its source `{cause}`");
        }
        chain.push(text);
        link = l.source();
    }
    assert!(!chain[0].is_empty());
    let rendered = chain.join(": ");
    assert!(!rendered.contains('\n'), "{rendered}");
}

#[tokio::test]
async fn every_error_follows_the_source_convention() {
    let mut errors: Vec<Error> = Vec::new();
    // Connection.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (c, _) = client_recording_sleeps(&format!("http://127.0.0.1:{port}"), 0);
    let e = c.portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert!(e.is_connection(), "{e:?}");
    assert!(
        std::error::Error::source(&e).is_some(),
        "the reqwest error is the source"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("GET /portouts/{{id}}: connection to 127.0.0.1:{port} failed")),
        "{e}"
    );
    errors.push(e);
    // Timeout.
    let server = server_responding(ResponseTemplate::new(200).set_delay(Duration::from_secs(3))).await;
    errors.push(
        client(&server)
            .portouts()
            .retrieve(PORTOUT_ID)
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .await
            .unwrap_err(),
    );
    // Redirect (a loop).
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("location", format!("{}/loop", server.uri())))
        .mount(&server)
        .await;
    errors.push(client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err());
    // Status, Decode, ResponseTooLarge, UnexpectedEncoding.
    for template in [
        ResponseTemplate::new(400).set_body_json(json!({ "errors": [{ "code": "1", "title": "Bad" }] })),
        ResponseTemplate::new(200).set_body_raw("{", "application/json"),
        ResponseTemplate::new(200).set_body_raw(vec![b' '; 100_000], "application/json"),
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_raw(GZIP_BYTES, "application/json"),
    ] {
        let server = server_responding(template).await;
        let c = Client::builder()
            .api_key(API_KEY)
            .base_url(server.uri())
            .max_response_bytes(50_000)
            .build()
            .unwrap();
        errors.push(c.portouts().retrieve(PORTOUT_ID).await.unwrap_err());
    }
    // InvalidArgument, InvalidConfig.
    let server = server_responding(ResponseTemplate::new(200)).await;
    errors.push(client(&server).portouts().retrieve("").await.unwrap_err());
    errors.push(
        Client::builder()
            .api_key("k")
            .base_url("not a url")
            .build()
            .unwrap_err(),
    );
    // Pagination.
    let server = server_responding(
        ResponseTemplate::new(200).set_body_json(json!({ "data": [portout_details()], "meta": metadata() })),
    )
    .await;
    let page = client(&server).portouts().list().await.unwrap();
    errors.push(page.next_page().await.unwrap_err());

    let kinds: Vec<String> = errors
        .iter()
        .map(|e| format!("{e:?}").split([' ', '(', '{']).next().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "Connection",
            "Timeout",
            "Redirect",
            "Status",
            "Decode",
            "ResponseTooLarge",
            "UnexpectedEncoding",
            "InvalidArgument",
            "InvalidConfig",
            "Pagination"
        ]
    );
    for e in &errors {
        assert_source_convention(e);
    }
}

/// A request builder's `Debug` says what it would send: the method, the path with its
/// parameters encoded, the query string with per-request overrides, the body, then the
/// per-request options (the parameters are not printed field by field).
#[test]
fn builder_debug_shows_what_it_would_send() {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let list = format!(
        "{:?}",
        client
            .portouts()
            .list()
            .page_size(5)
            .filter(PortoutListFilter::new().status(PortoutStatus::Pending))
            .query_param("extra", "1")
            .timeout(Duration::from_secs(3))
    );
    for part in [
        "method: GET",
        "path: Ok(\"/portouts\")",
        "query: \"filter%5Bstatus%5D=pending&page%5Bsize%5D=5&extra=1\"",
        "body: Ok(None)",
        "timeout: Some(3s)",
    ] {
        assert!(list.contains(part), "{part} not in {list}");
    }
    let retrieve = format!("{:?}", client.portouts().retrieve("a/b"));
    assert!(retrieve.contains("path: Ok(\"/portouts/a%2Fb\")"), "{retrieve}");
}
