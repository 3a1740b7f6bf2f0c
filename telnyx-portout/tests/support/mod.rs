//! Shared helpers of the wire and runtime tests: clients pointed at a `MockServer`, the
//! spec's example bodies (built from the `example` values of the pinned spec's schemas), and
//! request assertions.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use telnyx_portout::Client;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const API_KEY: &str = "test-key";

/// A client for `server` with the default settings.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

/// The delays the client asked to sleep, recorded instead of slept.
#[derive(Clone, Default)]
pub struct Sleeps(pub Arc<Mutex<Vec<Duration>>>);

impl Sleeps {
    pub fn get(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

/// A client for `base_url` whose retry delays are recorded (and not slept).
pub fn client_recording_sleeps(base_url: &str, max_retries: u32) -> (Client, Sleeps) {
    let sleeps = Sleeps::default();
    let rec = sleeps.clone();
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .max_retries(max_retries)
        .retry_sleeper(move |d| {
            rec.0.lock().unwrap().push(d);
            async {}
        })
        .build()
        .expect("client builds");
    (client, sleeps)
}

/// The requests `server` received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The one request `server` received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request, got {}", all.len());
    all.remove(0)
}

/// The decoded query pairs of `req`, sorted (order is not part of the contract).
pub fn query_pairs(req: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = req
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Sorted owned pairs from literals.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    v.sort();
    v
}

pub fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).map(|v| v.to_str().expect("header is text"))
}

/// Method, raw path, and the headers every request carries; `body` is the exact JSON
/// body expected (`None`: no body and no `Content-Type`).
pub fn assert_request(req: &Request, method: &str, path: &str, accept: &str, body: Option<Value>) {
    assert_eq!(req.method.as_str(), method, "method");
    assert_eq!(req.url.path(), path, "path");
    assert_eq!(header(req, "authorization"), Some("Bearer test-key"), "authorization");
    assert_eq!(header(req, "accept"), Some(accept), "accept");
    let ua = header(req, "user-agent").expect("user-agent is sent");
    assert!(ua.starts_with("telnyx-portout/"), "user-agent {ua}");
    match body {
        Some(expected) => {
            assert_eq!(header(req, "content-type"), Some("application/json"), "content-type");
            let sent: Value = serde_json::from_slice(&req.body).expect("body is JSON");
            assert_eq!(sent, expected, "body");
        }
        None => {
            assert_eq!(header(req, "content-type"), None, "no content-type without a body");
            assert!(
                req.body.is_empty(),
                "no body expected, got {:?}",
                String::from_utf8_lossy(&req.body)
            );
        }
    }
}

/// `value` with every `null` member removed (optional fields decode `null` to `None`, which
/// is not serialized back).
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Example bodies, from the `example` values of the pinned spec
// (/work/shared/spec/telnyx-openapi-12de4dd.yml, components/schemas).
// ---------------------------------------------------------------------------------------

pub const PORTOUT_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
pub const EVENT_ID: &str = "eef3340b-8903-4466-b445-89b697315a3a";
pub const REPORT_ID: &str = "eef3340b-8903-4466-b445-89b697315a3a";

/// `PortoutDetails`.
pub fn portout_details() -> Value {
    json!({
        "already_ported": false,
        "authorized_name": "McPortersen",
        "carrier_name": "test",
        "city": "Chicago",
        "created_at": "2018-02-02T22:25:27.521Z",
        "current_carrier": "telnyx",
        "end_user_name": "McPortersen",
        "foc_date": "2018-02-02T22:25:27.521Z",
        "host_messaging": false,
        "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "inserted_at": "2018-02-02T22:25:27.521Z",
        "lsr": ["https://example.com/files/lsr.pdf"],
        "phone_numbers": ["+35312345678"],
        "pon": "00000000",
        "reason": null,
        "record_type": "portout",
        "rejection_code": 1002,
        "requested_foc_date": "2018-02-02T22:25:27.521Z",
        "service_address": "000 Example Street",
        "spid": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "state": "IL",
        "status": "rejected",
        "support_key": "PO_764725",
        "updated_at": "2018-02-02T22:25:27.521Z",
        "user_id": "7865816a-ee85-4e50-b19e-52983dcc6d4a",
        "vendor": "0e66ed3b-37e6-4fed-93d6-a30ce2493661",
        "zip": "00000"
    })
}

/// `PortoutDetails` with another id (for multi-item pages).
pub fn portout_with_id(id: &str) -> Value {
    let mut v = portout_details();
    v["id"] = json!(id);
    v
}

/// `WebhookPortoutStatusChanged`.
pub fn event_status_changed() -> Value {
    json!({
        "available_notification_methods": ["email"],
        "created_at": "2021-03-19T10:07:15.527000Z",
        "event_type": "portout.status_changed",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "payload": {
            "attempted_pin": "1234",
            "carrier_name": "Testing Carrier",
            "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
            "phone_numbers": ["+35312345678"],
            "rejection_reason": null,
            "spid": "987H",
            "status": "authorized",
            "subscriber_name": "John Doe",
            "user_id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c"
        },
        "payload_status": "created",
        "portout_id": "9471c873-e3eb-4ca1-957d-f9a451334d52",
        "record_type": "portout_event",
        "updated_at": "2021-03-19T10:07:15.527000Z"
    })
}

/// `WebhookPortoutNewComment` (the spec's example says `portout.status_changed` for
/// `event_type`, a copy-paste slip; the discriminator value is used here).
pub fn event_new_comment() -> Value {
    json!({
        "available_notification_methods": ["email"],
        "created_at": "2021-03-19T10:07:15.527000Z",
        "event_type": "portout.new_comment",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "payload": {
            "comment": "This is a comment.",
            "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
            "portout_id": "d26109e5-0605-4671-a235-d3c649cc8406",
            "user_id": "1c45c968-c2e0-4559-b1dd-db073962fc61"
        },
        "payload_status": "created",
        "portout_id": "9471c873-e3eb-4ca1-957d-f9a451334d52",
        "record_type": "portout_event",
        "updated_at": "2021-03-19T10:07:15.527000Z"
    })
}

/// `WebhookPortoutFocDateChanged` (`event_type` set to its discriminator value, as above).
pub fn event_foc_date_changed() -> Value {
    json!({
        "available_notification_methods": ["email"],
        "created_at": "2021-03-19T10:07:15.527000Z",
        "event_type": "portout.foc_date_changed",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "payload": {
            "foc_date": "2021-03-19T10:07:15.527Z",
            "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
            "user_id": "0e19c89e-f0ce-458a-a36c-3c60bc2014b1"
        },
        "payload_status": "created",
        "portout_id": "9471c873-e3eb-4ca1-957d-f9a451334d52",
        "record_type": "portout_event",
        "updated_at": "2021-03-19T10:07:15.527000Z"
    })
}

/// `ExportPortoutsCSVReport` (`created_at__gt`/`__lt` have no example in the spec).
pub fn export_csv_params() -> Value {
    json!({
        "filters": {
            "customer_reference__in": ["my-customer-reference"],
            "end_user_name": "McPortersen",
            "phone_numbers__overlaps": ["+1234567890"],
            "status__in": ["pending"]
        }
    })
}

/// `PortoutReport`.
pub fn portout_report() -> Value {
    json!({
        "created_at": "2021-03-19T10:07:15.527000Z",
        "document_id": "f1486bae-f067-460c-ad43-73a92848f902",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "params": export_csv_params(),
        "record_type": "portout_report",
        "report_type": "export_portouts_csv",
        "status": "completed",
        "updated_at": "2021-03-19T10:07:15.527000Z"
    })
}

/// `PortoutComment` (the schema's own example).
pub fn portout_comment() -> Value {
    json!({
        "body": "This is a comment",
        "created_at": "2018-02-02T22:25:27.521Z",
        "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "portout_id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "record_type": "portout",
        "user_id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0"
    })
}

/// `PortOutSupportingDocument` (the schema's own example).
pub fn supporting_document() -> Value {
    json!({
        "created_at": "2018-02-02T22:25:27.521Z",
        "document_id": "f1c5e079-9d82-4f50-95bc-ae2f6b8d84d7",
        "id": "5a16902a-2ee9-4882-a247-420fc6627b62",
        "portout_id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
        "record_type": "supporting_document",
        "type": "loa",
        "updated_at": "2018-02-02T22:25:27.521Z"
    })
}

/// `PortoutRejection`.
pub fn portout_rejection() -> Value {
    json!({ "code": 1002, "description": "Invalid PIN", "reason_required": false })
}

/// `Metadata`.
pub fn metadata() -> Value {
    json!({ "page_number": 3, "page_size": 1, "total_pages": 13, "total_results": 13 })
}

/// `PaginationMeta`.
pub fn pagination_meta() -> Value {
    json!({ "page_number": 2, "page_size": 25, "total_pages": 3, "total_results": 55 })
}

// ---------------------------------------------------------------------------------------
// A raw HTTP/1.1 server, for what a mock server would normalise away
// ---------------------------------------------------------------------------------------

/// A request as it arrived on the socket: the head (request line and header lines, exactly
/// as sent) and the body (read by its `Content-Length`).
#[derive(Clone, Debug)]
pub struct RawRequest {
    pub head: String,
    pub body: Vec<u8>,
}

impl RawRequest {
    /// The request line (`POST /path HTTP/1.1`).
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// The values of header `name` (case-insensitive), in order.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .filter(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

/// A raw HTTP/1.1 server on 127.0.0.1 that answers every request with `response` (raw
/// bytes; the connection is closed after each answer) and records each request. Returns the
/// base URL and the recorded requests.
pub fn raw_server(response: Vec<u8>) -> (String, Arc<Mutex<Vec<RawRequest>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match stream.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            let mut request = RawRequest {
                head: String::from_utf8_lossy(&head).into_owned(),
                body: Vec::new(),
            };
            let length: usize = request
                .header_values("content-length")
                .first()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            request.body.resize(length, 0);
            let _ = stream.read_exact(&mut request.body);
            record.lock().unwrap().push(request);
            let _ = stream.write_all(&response);
        }
    });
    (url, seen)
}

/// A server that answers every request with `status` and the JSON `body`.
pub async fn server_with(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}
