//! The drift corpus: responses that deviate from the spec in the ways live APIs do, each
//! served by a local server (wiremock) and by the testing kit (`Expectation::drift`). For
//! every case the default (tolerant) mode returns the data with every other field intact and
//! the deviation listed (path, raw JSON, reason, what was done), and strict mode fails naming
//! the same path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod logs;
mod support;

use logs::logs_of;
use serde_json::{Value, json};
use support::server_with;
use telnyx_portout::deviation::{
    Outcome, RULE_BOOLEAN_STRING, RULE_DATE_TIME_SPACE_UTC, RULE_DATE_TIME_UTC, RULE_INTEGER_STRING,
    RULE_NUMBER_AS_STRING,
};
use telnyx_portout::mock::MockTelnyx;
use telnyx_portout::mock::webhooks::TestSigner;
use telnyx_portout::models::*;
use telnyx_portout::webhooks::WebhookPayload;
use telnyx_portout::{Client, Decoding, Deviation, Error};
use wiremock::MockServer;

const ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";

/// A port-out with every field set, as the spec describes it.
fn details_json(n: usize) -> Value {
    json!({
        "already_ported": false,
        "authorized_name": "Jane Doe",
        "carrier_name": "Acme",
        "city": "Chicago",
        "created_at": "2024-05-01T10:00:00Z",
        "current_carrier": "Acme",
        "end_user_name": "Jane",
        "foc_date": "2024-05-10T00:00:00Z",
        "host_messaging": true,
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "inserted_at": "2024-05-01T10:00:00Z",
        "lsr": ["https://example.com/lsr.pdf"],
        "phone_numbers": ["+13125550000"],
        "pon": "PON-1",
        "reason": "none",
        "record_type": "portout",
        "rejection_code": 1002,
        "requested_foc_date": "2024-05-09T00:00:00Z",
        "service_address": "1 Main St",
        "spid": "1234",
        "state": "IL",
        "status": "pending",
        "support_key": "sk",
        "updated_at": "2024-05-02T10:00:00Z",
        "user_id": "00000000-0000-4000-8000-000000000099",
        "vendor": "00000000-0000-4000-8000-000000000098",
        "zip": "60601"
    })
}

fn details(n: usize) -> PortoutDetails {
    serde_json::from_value(details_json(n)).unwrap()
}

/// One field of a port-out, drifting.
struct Case {
    name: &'static str,
    field: &'static str,
    sent: Value,
    /// What the field reads as in the default mode: `Some(json)` under an interpretation with
    /// its rule, `None` left out.
    read_as: Option<(&'static str, Value)>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "date-time without an offset",
            field: "created_at",
            sent: json!("2024-05-01T10:00:00"),
            read_as: Some((RULE_DATE_TIME_UTC, json!("2024-05-01T10:00:00Z"))),
        },
        Case {
            name: "date-time with a space and no offset",
            field: "updated_at",
            sent: json!("2024-05-02 10:00:00"),
            read_as: Some((RULE_DATE_TIME_SPACE_UTC, json!("2024-05-02T10:00:00Z"))),
        },
        Case {
            name: "date only where a date-time belongs",
            field: "foc_date",
            sent: json!("2024-05-10"),
            read_as: None,
        },
        Case {
            name: "a bad date-time",
            field: "inserted_at",
            sent: json!("yesterday"),
            read_as: None,
        },
        Case {
            name: "an integer sent as a string",
            field: "rejection_code",
            sent: json!("1003"),
            read_as: Some((RULE_INTEGER_STRING, json!(1003))),
        },
        Case {
            name: "a string sent as a number",
            field: "pon",
            sent: json!(12345),
            read_as: Some((RULE_NUMBER_AS_STRING, json!("12345"))),
        },
        Case {
            name: "true sent as \"true\"",
            field: "already_ported",
            sent: json!("true"),
            read_as: Some((RULE_BOOLEAN_STRING, json!(true))),
        },
        Case {
            name: "an object where an array belongs",
            field: "phone_numbers",
            sent: json!({"number": "+13125550000"}),
            read_as: None,
        },
        Case {
            name: "an array where a string belongs",
            field: "city",
            sent: json!(["Chicago"]),
            read_as: None,
        },
    ]
}

/// What a tolerant decode must give for `case`: the deviation, and the port-out with the
/// field as read and every other field as sent.
fn expected(case: &Case, path: &str) -> (PortoutDetails, Want) {
    let mut want = details_json(1);
    let outcome = match &case.read_as {
        Some((rule, v)) => {
            want[case.field] = v.clone();
            Outcome::Interpreted {
                rule,
                read_as: v.clone(),
            }
        }
        None => {
            want.as_object_mut().unwrap().remove(case.field);
            Outcome::Absent
        }
    };
    let want: PortoutDetails = serde_json::from_value(want).unwrap();
    (want, deviation(path, Some(case.sent.clone()), outcome))
}

/// A deviation as the tests compare it: path, raw JSON, outcome (the reason is serde's
/// message; it is checked to be there).
type Want = (String, Option<Value>, Outcome);

fn deviation(path: &str, raw: Option<Value>, outcome: Outcome) -> Want {
    (path.to_string(), raw, outcome)
}

fn same_but_reason(got: &[Deviation], want: &[Want]) {
    let got_parts: Vec<Want> = got
        .iter()
        .map(|d| (d.path.clone(), d.raw.clone(), d.outcome.clone()))
        .collect();
    assert_eq!(got_parts, want, "{got:#?}");
    for d in got {
        assert!(!d.reason.is_empty(), "{d:#?}");
        assert!(d.to_string().starts_with(&d.path), "{d}");
    }
}

fn strict_path(e: Error) -> String {
    match e {
        Error::Decode(d) => d.path.clone(),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn client(uri: &str, decoding: Decoding) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(uri)
        .max_retries(0)
        .decoding(decoding)
        .build()
        .unwrap()
}

#[tokio::test]
async fn each_drifting_field_against_a_local_server() {
    for case in cases() {
        let mut body = details_json(1);
        body[case.field] = case.sent.clone();
        let server = server_with(200, json!({ "data": body })).await;
        let tolerant = client(&server.uri(), Decoding::Tolerant);
        let got = tolerant.portouts().retrieve(ID).send_with_response().await;
        let got = got.unwrap_or_else(|e| panic!("{}: the default mode fails: {e}", case.name));
        let (want, dev) = expected(&case, &format!("data.{}", case.field));
        assert_eq!(got.value, want, "{}", case.name);
        same_but_reason(&got.deviations, &[dev]);

        // Strict: the client option, and per request on a tolerant client.
        let strict = client(&server.uri(), Decoding::Strict);
        let e = strict.portouts().retrieve(ID).await.unwrap_err();
        assert_eq!(strict_path(e), format!("data.{}", case.field), "{}", case.name);
        let e = tolerant
            .portouts()
            .retrieve(ID)
            .decoding(Decoding::Strict)
            .await
            .unwrap_err();
        assert_eq!(strict_path(e), format!("data.{}", case.field), "{}", case.name);
    }
}

#[tokio::test]
async fn each_drifting_field_through_the_testing_kit() {
    for case in cases() {
        let mock = MockTelnyx::start().await;
        let strict = mock.client();
        let tolerant = mock.client_builder().decoding(Decoding::Tolerant).build().unwrap();
        mock.expect(strict.portouts().retrieve(ID))
            .respond(details(1))
            .drift(&format!("/data/{}", case.field), case.sent.clone())
            .mount();
        let got = tolerant.portouts().retrieve(ID).send_with_response().await.unwrap();
        let (want, dev) = expected(&case, &format!("data.{}", case.field));
        assert_eq!(got.value, want, "{}", case.name);
        same_but_reason(&got.deviations, &[dev]);
        // The kit's own client is strict: the test sees what production tolerates.
        let e = strict.portouts().retrieve(ID).await.unwrap_err();
        assert_eq!(strict_path(e), format!("data.{}", case.field), "{}", case.name);
        mock.verify();
    }
}

#[tokio::test]
async fn a_date_time_with_a_space_and_an_offset_is_rfc_3339_and_read_exactly_in_both_modes() {
    // RFC 3339 (5.6) lets a space stand for `T`; chrono reads it, so it is no deviation.
    let mut body = details_json(1);
    body["requested_foc_date"] = json!("2024-05-09 00:00:00Z");
    let server = server_with(200, json!({ "data": body })).await;
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        let got = client(&server.uri(), decoding)
            .portouts()
            .retrieve(ID)
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(got.value, details(1));
        assert!(got.deviations.is_empty());
    }
}

/// A server answering `items` as one page (with `meta`), and that page read in the default
/// mode.
async fn one_page(items: Vec<Value>) -> (MockServer, telnyx_portout::Page<PortoutDetails>) {
    let n = items.len();
    let meta = json!({"page_number": 1, "page_size": n, "total_pages": 1, "total_results": n});
    let server = server_with(200, json!({ "data": items, "meta": meta })).await;
    let page = client(&server.uri(), Decoding::Tolerant)
        .portouts()
        .list()
        .await
        .unwrap();
    (server, page)
}

/// The kit listing `n` port-outs whose second item of each page has `created_at`
/// `"yesterday"`, with its strict client and a tolerant one.
async fn kit_listing(n: usize) -> (MockTelnyx, Client, Client) {
    let mock = MockTelnyx::start().await;
    let strict = mock.client();
    mock.expect(strict.portouts().list())
        .respond((1..=n).map(details).collect())
        .drift("/data/1/created_at", json!("yesterday"))
        .mount();
    let tolerant = mock.client_builder().decoding(Decoding::Tolerant).build().unwrap();
    (mock, strict, tolerant)
}

#[tokio::test]
async fn a_deviation_inside_one_page_item_keeps_the_other_items_and_the_meta() {
    let items: Vec<Value> = (1..=3).map(details_json).collect();
    let mut sent = items.clone();
    sent[1]["created_at"] = json!("yesterday");
    let (server, page) = one_page(sent).await;
    assert_eq!(page.len(), 3);
    assert_eq!(page.data[0], details(1));
    assert_eq!(page.data[2], details(3));
    let mut second = details(2);
    second.created_at = None;
    assert_eq!(page.data[1], second);
    let meta = page.meta.unwrap();
    assert_eq!((meta.page_number, meta.total_results), (Some(1), Some(3)));
    same_but_reason(
        page.deviations(),
        &[deviation(
            "data[1].created_at",
            Some(json!("yesterday")),
            Outcome::Absent,
        )],
    );
    let e = client(&server.uri(), Decoding::Strict)
        .portouts()
        .list()
        .await
        .unwrap_err();
    assert_eq!(strict_path(e), "data[1].created_at");

    // The same through the kit, on a page it serves.
    let (_mock, strict, tolerant) = kit_listing(3).await;
    let page = tolerant.portouts().list().await.unwrap();
    assert_eq!(page.data[1], second);
    assert_eq!(page.data[2], details(3));
    assert_eq!(page.deviations()[0].path, "data[1].created_at");
    assert_eq!(
        strict_path(strict.portouts().list().await.unwrap_err()),
        "data[1].created_at"
    );
}

#[tokio::test]
async fn a_page_whose_every_item_drifts_is_read_whole() {
    // Systematic drift (every date-time of every item without an offset): 1,250 deviations
    // on a 250-item page, more than one value may have (`MAX_DEVIATIONS`), repaired item by
    // item.
    let fields = [
        "created_at",
        "inserted_at",
        "updated_at",
        "foc_date",
        "requested_foc_date",
    ];
    let items: Vec<Value> = (1..=250)
        .map(|n| {
            let mut item = details_json(n);
            for f in fields {
                let t = item[f].as_str().unwrap().trim_end_matches('Z').to_string();
                item[f] = json!(t);
            }
            item
        })
        .collect();
    let (_server, page) = one_page(items).await;
    let want: Vec<PortoutDetails> = (1..=250).map(details).collect();
    assert_eq!(page.data, want, "every item read, each date-time as UTC");
    assert_eq!(page.deviations().len(), 1250);
    assert_eq!(page.deviations()[1249].path, "data[249].updated_at");
    assert!(page.deviations().iter().all(|d| matches!(
        d.outcome,
        Outcome::Interpreted {
            rule: RULE_DATE_TIME_UTC,
            ..
        }
    )));
}

#[tokio::test]
async fn an_items_stream_keeps_the_deviations_of_its_pages() {
    // Pages of 3 out of 5 items; the drift applies to every page served (index 1 of each).
    let (_mock, _, tolerant) = kit_listing(5).await;
    let mut stream = tolerant.portouts().list().page_size(3).into_stream();
    let mut ids = Vec::new();
    while let Some(item) = stream.next().await {
        ids.push(item.unwrap().id.unwrap());
    }
    let want: Vec<_> = (1..=5).map(|n| details(n).id.unwrap()).collect();
    assert_eq!(ids, want, "every item of every page");
    let found = stream.deviations();
    let places: Vec<(Option<i64>, &str)> = found.iter().map(|d| (d.page, d.path.as_str())).collect();
    assert_eq!(
        places,
        [(Some(1), "data[1].created_at"), (Some(2), "data[1].created_at")],
        "one per page, naming it"
    );
    assert!(
        found[1].to_string().starts_with("page 2: data[1].created_at: "),
        "{}",
        found[1]
    );
}

/// `GET /portouts/reports/{id}` with its response.
async fn retrieve_report(uri: &str, decoding: Decoding) -> Result<telnyx_portout::ApiResponse<PortoutReport>, Error> {
    client(uri, decoding)
        .portouts()
        .reports()
        .retrieve(ID)
        .send_with_response()
        .await
}

/// `GET /portouts/{id}/supporting_documents` with its response.
async fn list_documents(
    uri: &str,
    decoding: Decoding,
) -> Result<telnyx_portout::ApiResponse<Vec<PortOutSupportingDocument>>, Error> {
    client(uri, decoding)
        .portouts()
        .supporting_documents()
        .list(ID)
        .send_with_response()
        .await
}

fn document(n: usize) -> Value {
    json!({
        "created_at": "2024-05-01T10:00:00Z",
        "document_id": format!("00000000-0000-4000-8000-{n:012}"),
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "portout_id": ID,
        "record_type": "supporting_document",
        "type": "loa",
        "updated_at": "2024-05-01T10:00:00Z"
    })
}

#[tokio::test]
async fn null_missing_and_wrong_required_fields_keep_the_object_with_its_other_fields() {
    // `PortOutSupportingDocument` requires every field. An item that lacks one (missing,
    // `null`, or a value of the wrong type) keeps every other field, typed; the field is
    // `None`, with the deviation. Nothing is left out, no value is made up.
    let mut null = document(2);
    null["record_type"] = Value::Null;
    let mut missing = document(2);
    missing.as_object_mut().unwrap().remove("created_at");
    let mut wrong = document(2);
    wrong["created_at"] = json!(["2024-01-15T09:00:00Z"]);
    for (what, item, want) in [
        (
            "null",
            null.clone(),
            vec![deviation("data[1].record_type", Some(Value::Null), Outcome::Absent)],
        ),
        (
            "missing",
            missing.clone(),
            vec![deviation("data[1].created_at", None, Outcome::Absent)],
        ),
        (
            "wrong type",
            wrong.clone(),
            vec![deviation(
                "data[1].created_at",
                Some(json!(["2024-01-15T09:00:00Z"])),
                Outcome::Absent,
            )],
        ),
    ] {
        let server = server_with(200, json!({ "data": [document(1), item, document(3)] })).await;
        let got = list_documents(&server.uri(), Decoding::Tolerant).await.unwrap();
        same_but_reason(&got.deviations, &want);
        assert!(
            got.deviations[0].reason.contains("requires"),
            "{what}: {:?}",
            got.deviations
        );
        let ids: Vec<String> = got.value.iter().map(|d| d.id.unwrap().to_string()).collect();
        let want_ids: Vec<String> = (1..=3)
            .map(|n| document(n)["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, want_ids, "{what}");
        let kept = &got.value[1];
        let expected: PortOutSupportingDocument = serde_json::from_value(document(2)).unwrap();
        match what {
            "null" => {
                assert_eq!(kept.record_type, None);
                assert_eq!(kept.created_at, expected.created_at);
            }
            _ => {
                assert_eq!(kept.created_at, None);
                assert_eq!(kept.record_type, expected.record_type);
            }
        }
        assert_eq!(kept.document_id, expected.document_id, "{what}");
        assert_eq!(kept.type_, expected.type_, "{what}");
        assert_eq!(kept.updated_at, expected.updated_at, "{what}");
        // Strict decoding refuses it, naming the field.
        let e = list_documents(&server.uri(), Decoding::Strict).await.unwrap_err();
        let path = strict_path(e);
        assert!(path.starts_with("data[1]"), "{what}: {path}");
    }
}

#[tokio::test]
async fn a_required_field_missing_at_the_top_keeps_the_response() {
    // The report's `params.filters` is required: a report without it is the report, its
    // `params` without `filters`.
    let report = json!({
        "created_at": "2024-05-01T10:00:00Z",
        "id": ID,
        "params": {},
        "report_type": "export_portouts_csv",
        "status": "completed"
    });
    let server = server_with(200, json!({ "data": report })).await;
    let got = retrieve_report(&server.uri(), Decoding::Tolerant).await.unwrap();
    same_but_reason(
        &got.deviations,
        &[deviation("data.params.filters", None, Outcome::Absent)],
    );
    let params = got.value.params.as_ref().unwrap();
    assert_eq!(params.filters, None);
    assert_eq!(got.value.report_type, Some(PortoutReportType::ExportPortoutsCsv));
    assert_eq!(got.value.id.map(|i| i.to_string()).as_deref(), Some(ID));
    let e = retrieve_report(&server.uri(), Decoding::Strict).await.unwrap_err();
    assert_eq!(strict_path(e), "data.params");
}

#[tokio::test]
async fn an_array_where_an_object_belongs_and_unknown_fields() {
    let report = json!({
        "created_at": "2024-05-01T10:00:00Z",
        "id": ID,
        "params": {"filters": {"status__in": ["pending"], "brand_new_filter": {"x": 1}}},
        "report_type": "export_portouts_csv",
        "status": "completed",
        "brand_new_field": [1, 2, 3]
    });
    // Unknown fields, at the top and nested, are not deviations (the spec allows more
    // members): both modes decode, and the raw body keeps them.
    let server = server_with(200, json!({ "data": report })).await;
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        let got = retrieve_report(&server.uri(), decoding).await.unwrap();
        assert!(got.deviations.is_empty());
        // A new field is readable before the next version: with its path and raw JSON.
        assert_eq!(
            got.unknown_fields(),
            [
                ("data.brand_new_field".to_string(), json!([1, 2, 3])),
                ("data.params.filters.brand_new_filter".to_string(), json!({"x": 1})),
            ]
        );
        let raw: Value = serde_json::from_slice(&got.body).unwrap();
        assert_eq!(raw["data"]["brand_new_field"], json!([1, 2, 3]));
        assert_eq!(raw["data"]["params"]["filters"]["brand_new_filter"], json!({"x": 1}));
        // And on the models themselves, at the top and nested.
        assert_eq!(
            got.value.unknown_fields().iter().collect::<Vec<_>>(),
            [(&"brand_new_field".to_string(), &json!([1, 2, 3]))]
        );
        let params = got.value.params.as_ref().unwrap();
        assert!(params.unknown_fields().is_empty());
        let filters = params.filters.as_ref().unwrap();
        assert_eq!(filters.unknown_fields().get("brand_new_filter"), Some(&json!({"x": 1})));
        assert_eq!(filters.unknown_fields().len(), 1);
        // They are the client's to read, not to send: serializing leaves them out.
        assert!(
            serde_json::to_value(&got.value)
                .unwrap()
                .get("brand_new_field")
                .is_none()
        );
        assert_eq!(filters.status_in, Some(vec![PortoutStatus::Pending]));
    }

    let mut drifted = report.clone();
    drifted["params"] = json!([]);
    let server = server_with(200, json!({ "data": drifted })).await;
    let got = retrieve_report(&server.uri(), Decoding::Tolerant).await.unwrap();
    assert_eq!(got.value.params, None);
    assert_eq!(got.value.status, Some(PortoutReportStatus::Completed));
    assert_eq!(got.value.id, Some(ID.parse().unwrap()));
    same_but_reason(
        &got.deviations,
        &[deviation("data.params", Some(json!([])), Outcome::Absent)],
    );
    // What was left out is a deviation, not an unknown field.
    assert_eq!(
        got.unknown_fields(),
        [("data.brand_new_field".to_string(), json!([1, 2, 3]))]
    );
    let e = retrieve_report(&server.uri(), Decoding::Strict).await.unwrap_err();
    assert_eq!(strict_path(e), "data.params");
}

#[tokio::test]
async fn a_body_whose_top_level_cannot_be_read_still_fails_in_the_default_mode() {
    for body in [json!({"data": []}), json!([1, 2])] {
        let server = server_with(200, body.clone()).await;
        let e = client(&server.uri(), Decoding::Tolerant)
            .portouts()
            .retrieve(ID)
            .await
            .unwrap_err();
        let Error::Decode(d) = e else { panic!("{body}: {e:?}") };
        // The response's headers come with it (a request id for support, say).
        assert_eq!(
            d.headers.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "{body}"
        );
    }
}

#[test]
fn a_signed_webhook_whose_payload_deviates_verifies_and_parses_with_its_deviations() {
    let signer = TestSigner::new();
    let body = json!({
        "data": {
            "event_type": "portout.status_changed",
            "id": "00000000-0000-4000-8000-000000000001",
            "occurred_at": "2024-05-01 10:00:00",
            "payload": {
                "id": ID,
                "status": "authorized",
                "phone_numbers": "+13125550000",
                "carrier_name": 42
            },
            "record_type": "event"
        },
        "meta": {"attempt": 1}
    });
    let signed = signer.sign(body.to_string());
    let event = signer.verifier().unwrap(&signed.body, &signed.headers()).unwrap();
    let WebhookPayload::StatusChanged(p) = &event.payload else {
        panic!("{:?}", event.payload)
    };
    assert_eq!(p.status, Some(PortoutStatus::Authorized));
    assert_eq!(p.id, Some(ID.parse().unwrap()));
    assert_eq!(p.phone_numbers, None);
    assert_eq!(p.carrier_name.as_deref(), Some("42"));
    assert_eq!(event.occurred_at.to_rfc3339(), "2024-05-01T10:00:00+00:00");
    let paths: Vec<&str> = event.deviations.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "data.occurred_at",
            "data.payload.carrier_name",
            "data.payload.phone_numbers"
        ]
    );

    // Strict: the payload is kept raw with its error, and a deviating envelope fails.
    let strict = signer.verifier().decoding(Decoding::Strict);
    let e = strict.unwrap(&signed.body, &signed.headers()).unwrap_err();
    assert!(e.to_string().contains("occurred_at"), "{e}");
    let mut conforming = body.clone();
    conforming["data"]["occurred_at"] = json!("2024-05-01T10:00:00Z");
    let signed = signer.sign(conforming.to_string());
    let event = strict.unwrap(&signed.body, &signed.headers()).unwrap();
    match &event.payload {
        WebhookPayload::Undecodable { error, .. } => {
            assert!(
                ["carrier_name", "phone_numbers"].contains(&error.path.as_str()),
                "{error}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(event.deviations.is_empty());

    // An unknown event type stays the typed catch-all.
    let mut unknown = conforming.clone();
    unknown["data"]["event_type"] = json!("portout.brand_new");
    let signed = signer.sign(unknown.to_string());
    let event = signer.verifier().unwrap(&signed.body, &signed.headers()).unwrap();
    assert!(matches!(event.payload, WebhookPayload::Unknown(_)));
    assert_eq!(event.event_type.as_str(), "portout.brand_new");
}

// ---------------------------------------------------------------------------------------
// The WARN event.

#[tokio::test]
async fn one_warn_event_per_call_names_the_paths() {
    let logs = logs_of(async {
        let mut body = details_json(1);
        body["created_at"] = json!("2024-05-01T10:00:00");
        body["rejection_code"] = json!("7");
        let server = server_with(200, json!({ "data": body })).await;
        client(&server.uri(), Decoding::Tolerant)
            .portouts()
            .retrieve(ID)
            .await
            .unwrap();
        // A conforming call logs nothing.
        let server = server_with(200, json!({ "data": details_json(1) })).await;
        client(&server.uri(), Decoding::Tolerant)
            .portouts()
            .retrieve(ID)
            .await
            .unwrap();
    })
    .await;
    let warns: Vec<&str> = logs.lines().filter(|l| l.contains("WARN")).collect();
    assert_eq!(warns.len(), 1, "{logs}");
    assert!(warns[0].contains("data.created_at, data.rejection_code"), "{logs}");
    assert!(warns[0].contains("GET /portouts/{id}"), "{logs}");
}

#[tokio::test]
async fn unknown_fields_of_page_items_are_on_each_item_also_when_an_item_drifts() {
    let mut second = document(2);
    second["brand_new_field"] = json!("x");
    second["created_at"] = json!("2024-05-01T10:00:00");
    let server = server_with(200, json!({ "data": [document(1), second] })).await;
    for decoding in [Decoding::Tolerant, Decoding::Strict] {
        let got = list_documents(&server.uri(), decoding).await;
        let Ok(got) = got else {
            assert_eq!(decoding, Decoding::Strict);
            continue;
        };
        assert!(got.value[0].unknown_fields().is_empty());
        assert_eq!(
            got.value[1].unknown_fields().get("brand_new_field"),
            Some(&json!("x")),
            "{decoding:?}"
        );
        assert_eq!(got.deviations.len(), 1);
    }
    // Built in code: none.
    assert!(PortoutComment::default().unknown_fields().is_empty());
}
