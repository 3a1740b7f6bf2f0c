//! Wire format of the 14 operations: method, path, query, headers and body sent, and the
//! decoding of the spec's example responses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::json;
use support::*;
use telnyx_portout::models::*;
use telnyx_portout::runtime::query::Query;
use telnyx_portout::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn uuid(s: &str) -> uuid::Uuid {
    s.parse().unwrap()
}

fn utc(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().unwrap()
}

fn assert_example_details(p: &PortoutDetails) {
    assert_eq!(p.id, Some(uuid(PORTOUT_ID)));
    assert_eq!(p.status, Some(PortoutStatus::Rejected));
    assert_eq!(p.phone_numbers, Some(vec!["+35312345678".to_string()]));
    assert_eq!(p.rejection_code, Some(1002));
    assert_eq!(p.host_messaging, Some(false));
    assert_eq!(p.reason, None);
    assert_eq!(p.user_id, Some(uuid("7865816a-ee85-4e50-b19e-52983dcc6d4a")));
    assert_eq!(p.vendor, Some(uuid("0e66ed3b-37e6-4fed-93d6-a30ce2493661")));
    // Every field decoded: re-serializing gives the example back (minus its `null`).
    assert_eq!(serde_json::to_value(p).unwrap(), without_nulls(&portout_details()));
}

// ---------------------------------------------------------------------------------------
// portouts
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn portouts_list_sends_nested_filter_lists_and_page() {
    let server = server_with(200, json!({ "data": [portout_details()], "meta": metadata() })).await;
    let page = client(&server)
        .portouts()
        .list()
        .filter(
            PortoutListFilter::new()
                .carrier_name("Acme, Inc.")
                .status_in(vec![PortoutStatus::Pending, PortoutStatus::Authorized])
                .inserted_at(PortoutListFilterInsertedAt::new().gte(utc("2024-09-04T00:00:00Z")))
                .country_code_in(vec!["US".into(), "CA".into()]),
        )
        .page_number(2)
        .page_size(20)
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/portouts", "application/json", None);
    assert_eq!(
        query_pairs(&req),
        pairs(&[
            ("filter[carrier_name]", "Acme, Inc."),
            ("filter[country_code_in]", "US,CA"),
            ("filter[inserted_at][gte]", "2024-09-04T00:00:00Z"),
            ("filter[status_in]", "pending,authorized"),
            ("page[number]", "2"),
            ("page[size]", "20"),
        ])
    );
    let raw = req.url.query().unwrap();
    // Lists are one value joined by a literal comma; a comma inside a value is encoded.
    assert!(raw.contains("filter%5Bstatus_in%5D=pending,authorized"), "{raw}");
    assert!(raw.contains("filter%5Bcountry_code_in%5D=US,CA"), "{raw}");
    assert!(raw.contains("filter%5Bcarrier_name%5D=Acme%2C%20Inc."), "{raw}");
    assert!(
        !raw.contains("status_in%5D=pending&"),
        "one value, not repeated keys: {raw}"
    );
    // Unset filter fields are absent.
    for absent in [
        "filter[status]",
        "filter[pon]",
        "filter[inserted_at][lte]",
        "filter[ported_out_at][gte]",
    ] {
        assert!(
            !req.url.query_pairs().any(|(k, _)| k == absent),
            "{absent} must be absent"
        );
    }

    assert_eq!(page.data.len(), 1);
    assert_example_details(&page.data[0]);
    let meta = page.meta.as_ref().unwrap();
    assert_eq!(
        (meta.page_number, meta.page_size, meta.total_pages, meta.total_results),
        (Some(3), Some(1), Some(13), Some(13))
    );
    assert!(page.has_next_page());
}

#[tokio::test]
async fn portouts_list_without_parameters_sends_no_query() {
    let server = server_with(200, json!({ "data": [], "meta": metadata() })).await;
    let page = client(&server).portouts().list().await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/portouts", "application/json", None);
    assert_eq!(req.url.query(), None);
    assert!(page.data.is_empty());
    assert!(!page.has_next_page());
}

#[tokio::test]
async fn portouts_retrieve() {
    let server = server_with(200, json!({ "data": portout_details() })).await;
    let p = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/{PORTOUT_ID}"),
        "application/json",
        None,
    );
    assert_eq!(req.url.query(), None);
    assert_example_details(&p);
}

#[tokio::test]
async fn portouts_list_rejection_codes_with_code_list() {
    let server = server_with(200, json!({ "data": [portout_rejection()] })).await;
    let codes = client(&server)
        .portouts()
        .list_rejection_codes(PORTOUT_ID)
        .filter(
            PortoutListRejectionCodesFilter::new()
                .code(PortoutListRejectionCodesFilterCode::IntegerList(vec![1002, 1003])),
        )
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/rejections/{PORTOUT_ID}"),
        "application/json",
        None,
    );
    assert_eq!(query_pairs(&req), pairs(&[("filter[code]", "1002,1003")]));
    assert_eq!(req.url.query(), Some("filter%5Bcode%5D=1002,1003"));
    assert_eq!(
        codes,
        vec![
            PortoutRejection::new()
                .code(1002)
                .description("Invalid PIN")
                .reason_required(false)
        ]
    );
}

#[tokio::test]
async fn portouts_list_rejection_codes_with_one_code_and_without_filter() {
    let server = server_with(200, json!({ "data": [portout_rejection()] })).await;
    let c = client(&server);
    c.portouts()
        .list_rejection_codes(PORTOUT_ID)
        .filter(PortoutListRejectionCodesFilter::new().code(PortoutListRejectionCodesFilterCode::Integer(1002)))
        .await
        .unwrap();
    c.portouts().list_rejection_codes(PORTOUT_ID).await.unwrap();
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(query_pairs(&reqs[0]), pairs(&[("filter[code]", "1002")]));
    assert_eq!(reqs[1].url.query(), None);
}

#[tokio::test]
async fn portouts_update_status_with_and_without_optional_field() {
    let mut authorized = portout_details();
    authorized["status"] = json!("authorized");
    let server = server_with(200, json!({ "data": authorized })).await;
    let c = client(&server);

    let p = c
        .portouts()
        .update_status(
            PORTOUT_ID,
            PortoutTargetStatus::Authorized,
            "Verified, with the customer",
        )
        .host_messaging(true)
        .await
        .unwrap();
    assert_eq!(p.status, Some(PortoutStatus::Authorized));
    assert_eq!(p.id, Some(uuid(PORTOUT_ID)));

    c.portouts()
        .update_status(PORTOUT_ID, PortoutTargetStatus::RejectedPending, "no")
        .host_messaging(false)
        .await
        .unwrap();
    c.portouts()
        .update_status(PORTOUT_ID, PortoutTargetStatus::RejectedPending, "")
        .await
        .unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_request(
        &reqs[0],
        "PATCH",
        &format!("/portouts/{PORTOUT_ID}/authorized"),
        "application/json",
        Some(json!({ "reason": "Verified, with the customer", "host_messaging": true })),
    );
    assert_request(
        &reqs[1],
        "PATCH",
        &format!("/portouts/{PORTOUT_ID}/rejected-pending"),
        "application/json",
        Some(json!({ "reason": "no", "host_messaging": false })),
    );
    // Unset optional fields are absent (not null); the required one is always sent.
    assert_request(
        &reqs[2],
        "PATCH",
        &format!("/portouts/{PORTOUT_ID}/rejected-pending"),
        "application/json",
        Some(json!({ "reason": "" })),
    );
    for r in &reqs {
        assert_eq!(r.url.query(), None);
    }
}

// ---------------------------------------------------------------------------------------
// events
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn events_list_decodes_each_variant_by_event_type() {
    let unknown = json!({
        "event_type": "portout.something_new",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "payload": { "anything": [1, 2, { "x": null }] },
        "record_type": "portout_event"
    });
    let server = server_with(
        200,
        json!({
            "data": [event_status_changed(), event_new_comment(), event_foc_date_changed(), unknown.clone()],
            "meta": pagination_meta()
        }),
    )
    .await;
    let page = client(&server)
        .portouts()
        .events()
        .list()
        .filter(
            PortoutEventListFilter::new()
                .event_type(PortoutEventType::PortoutStatusChanged)
                .portout_id(uuid(PORTOUT_ID))
                .created_at(
                    PortoutEventListFilterCreatedAt::new()
                        .gte(utc("2024-09-04T00:00:00Z"))
                        .lte(utc("2024-09-05T12:30:00.5Z")),
                ),
        )
        .page_number(1)
        .page_size(25)
        .await
        .unwrap();

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/portouts/events", "application/json", None);
    assert_eq!(
        query_pairs(&req),
        pairs(&[
            ("filter[created_at][gte]", "2024-09-04T00:00:00Z"),
            ("filter[created_at][lte]", "2024-09-05T12:30:00.500Z"),
            ("filter[event_type]", "portout.status_changed"),
            ("filter[portout_id]", PORTOUT_ID),
            ("page[number]", "1"),
            ("page[size]", "25"),
        ])
    );

    assert_eq!(page.data.len(), 4);
    match &page.data[0] {
        PortoutEvent::StatusChanged(e) => {
            assert_eq!(e.id, Some(uuid(EVENT_ID)));
            assert_eq!(e.event_type, Some(PortoutEventType::PortoutStatusChanged));
            assert_eq!(
                e.available_notification_methods,
                Some(vec![PortoutNotificationMethod::Email])
            );
            assert_eq!(e.payload_status, Some(PortoutEventPayloadStatus::Created));
            assert_eq!(e.created_at, Some(utc("2021-03-19T10:07:15.527Z")));
            let p = e.payload.as_ref().unwrap();
            assert_eq!(p.status, Some(PortoutStatus::Authorized));
            assert_eq!(p.attempted_pin.as_deref(), Some("1234"));
            assert_eq!(p.rejection_reason, None);
        }
        other => panic!("expected StatusChanged, got {other:?}"),
    }
    match &page.data[1] {
        PortoutEvent::NewComment(e) => {
            assert_eq!(
                e.payload.as_ref().unwrap().comment.as_deref(),
                Some("This is a comment.")
            );
            assert_eq!(
                e.payload.as_ref().unwrap().user_id,
                Some(uuid("1c45c968-c2e0-4559-b1dd-db073962fc61"))
            );
        }
        other => panic!("expected NewComment, got {other:?}"),
    }
    match &page.data[2] {
        PortoutEvent::FocDateChanged(e) => {
            assert_eq!(
                e.payload.as_ref().unwrap().foc_date,
                Some(utc("2021-03-19T10:07:15.527Z"))
            );
            assert_eq!(
                e.payload.as_ref().unwrap().user_id,
                Some(uuid("0e19c89e-f0ce-458a-a36c-3c60bc2014b1"))
            );
        }
        other => panic!("expected FocDateChanged, got {other:?}"),
    }
    match &page.data[3] {
        PortoutEvent::Unknown(v) => assert_eq!(v, &unknown),
        other => panic!("expected Unknown, got {other:?}"),
    }
    assert_eq!(page.data[3].tag(), Some("portout.something_new"));
    assert_eq!(page.data[1].tag(), Some("portout.new_comment"));
    // The unknown event is sent back exactly as received.
    assert_eq!(serde_json::to_value(&page.data[3]).unwrap(), unknown);

    let meta = page.meta.as_ref().unwrap();
    assert_eq!(
        (meta.page_number, meta.page_size, meta.total_pages, meta.total_results),
        (Some(2), Some(25), Some(3), Some(55))
    );
    assert!(page.has_next_page());
}

#[tokio::test]
async fn events_retrieve() {
    let server = server_with(200, json!({ "data": event_status_changed() })).await;
    let event = client(&server).portouts().events().retrieve(EVENT_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/events/{EVENT_ID}"),
        "application/json",
        None,
    );
    assert_eq!(req.url.query(), None);
    let PortoutEvent::StatusChanged(e) = &event else {
        panic!("expected StatusChanged, got {event:?}");
    };
    assert_eq!(e.portout_id, Some(uuid("9471c873-e3eb-4ca1-957d-f9a451334d52")));
    assert_eq!(e.record_type.as_deref(), Some("portout_event"));
    assert_eq!(e.payload.as_ref().unwrap().subscriber_name.as_deref(), Some("John Doe"));
    assert_eq!(event.tag(), Some("portout.status_changed"));
}

#[tokio::test]
async fn events_retrieve_unknown_event_type_keeps_the_json() {
    let body = json!({ "event_type": "portout.future", "id": EVENT_ID, "payload": { "n": 1.5 } });
    let server = server_with(200, json!({ "data": body.clone() })).await;
    let event = client(&server).portouts().events().retrieve(EVENT_ID).await.unwrap();
    assert_eq!(event, PortoutEvent::Unknown(body.clone()));
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}

#[tokio::test]
async fn events_republish_sends_no_body_and_accepts_anything() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let unit: () = client(&server).portouts().events().republish(EVENT_ID).await.unwrap();
    assert_eq!(unit, ());
    let req = only_request(&server).await;
    assert_request(
        &req,
        "POST",
        &format!("/portouts/events/{EVENT_ID}/republish"),
        "*/*",
        None,
    );
    assert_eq!(req.url.query(), None);
}

// ---------------------------------------------------------------------------------------
// reports
// ---------------------------------------------------------------------------------------

fn assert_example_report(r: &PortoutReport) {
    assert_eq!(r.id, Some(uuid(REPORT_ID)));
    assert_eq!(r.status, Some(PortoutReportStatus::Completed));
    assert_eq!(r.report_type, Some(PortoutReportType::ExportPortoutsCsv));
    assert_eq!(r.document_id, Some(uuid("f1486bae-f067-460c-ad43-73a92848f902")));
    let filters = r.params.as_ref().unwrap().filters.as_ref().unwrap();
    assert_eq!(filters.status_in, Some(vec![PortoutStatus::Pending]));
    assert_eq!(filters.end_user_name.as_deref(), Some("McPortersen"));
    assert_eq!(filters.created_at_gt, None);
    // Date-times re-serialize in their own (equivalent) format; compare the rest.
    let mut back = serde_json::to_value(r).unwrap();
    let mut expected = portout_report();
    for k in ["created_at", "updated_at"] {
        assert_eq!(
            utc(back[k].as_str().unwrap()),
            utc(expected[k].as_str().unwrap()),
            "{k}"
        );
        back.as_object_mut().unwrap().remove(k);
        expected.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(back, expected);
}

#[tokio::test]
async fn reports_list() {
    let server = server_with(200, json!({ "data": [portout_report()], "meta": pagination_meta() })).await;
    let page = client(&server)
        .portouts()
        .reports()
        .list()
        .filter(
            PortoutReportListFilter::new()
                .report_type(PortoutReportType::ExportPortoutsCsv)
                .status(PortoutReportStatus::Completed),
        )
        .page_size(10)
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/portouts/reports", "application/json", None);
    assert_eq!(
        query_pairs(&req),
        pairs(&[
            ("filter[report_type]", "export_portouts_csv"),
            ("filter[status]", "completed"),
            ("page[size]", "10"),
        ])
    );
    assert_eq!(page.data.len(), 1);
    assert_example_report(&page.data[0]);
    assert_eq!(page.meta.as_ref().unwrap().total_results, Some(55));
}

#[tokio::test]
async fn reports_create_sends_exact_body() {
    let server = server_with(201, json!({ "data": portout_report() })).await;
    let c = client(&server);
    let report = c
        .portouts()
        .reports()
        .create(
            ExportPortoutsCsvReport::new(
                ExportPortoutsCsvReportFilters::new()
                    .created_at_gt(utc("2024-09-04T00:00:00Z"))
                    .status_in(vec![PortoutStatus::Pending, PortoutStatus::Ported])
                    .phone_numbers_overlaps(vec!["+1234567890".into()]),
            ),
            PortoutReportType::ExportPortoutsCsv,
        )
        .await
        .unwrap();
    assert_example_report(&report);
    // Everything optional unset: `filters` is required, and empty.
    c.portouts()
        .reports()
        .create(ExportPortoutsCsvReport::default(), PortoutReportType::ExportPortoutsCsv)
        .await
        .unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    assert_request(
        &reqs[0],
        "POST",
        "/portouts/reports",
        "application/json",
        Some(json!({
            "report_type": "export_portouts_csv",
            "params": {
                "filters": {
                    "created_at__gt": "2024-09-04T00:00:00Z",
                    "status__in": ["pending", "ported"],
                    "phone_numbers__overlaps": ["+1234567890"]
                }
            }
        })),
    );
    assert_request(
        &reqs[1],
        "POST",
        "/portouts/reports",
        "application/json",
        Some(json!({ "report_type": "export_portouts_csv", "params": { "filters": {} } })),
    );
}

#[tokio::test]
async fn reports_retrieve() {
    let server = server_with(200, json!({ "data": portout_report() })).await;
    let report = client(&server).portouts().reports().retrieve(REPORT_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/reports/{REPORT_ID}"),
        "application/json",
        None,
    );
    assert_example_report(&report);
}

// ---------------------------------------------------------------------------------------
// comments
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn comments_list() {
    let server = server_with(200, json!({ "data": [portout_comment()], "meta": metadata() })).await;
    let list = client(&server).portouts().comments().list(PORTOUT_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/{PORTOUT_ID}/comments"),
        "application/json",
        None,
    );
    assert_eq!(req.url.query(), None);
    let data = &list.data;
    assert_eq!(data.len(), 1);
    assert_eq!(data[0].body.as_deref(), Some("This is a comment"));
    assert_eq!(data[0].user_id, Some(uuid(PORTOUT_ID)));
    assert_eq!(serde_json::to_value(&data[0]).unwrap(), portout_comment());
    assert_eq!(list.meta.unwrap().total_pages, Some(13));
    // Not a paginated operation (no page parameter): one page, nothing to fetch after it.
    assert!(!list.has_next_page());
}

/// The spec declares `user_id` non-null but documents it as null for comments by Telnyx
/// admins; spec/portouts.yaml patches it, so such a comment does not fail the whole list.
#[tokio::test]
async fn comments_by_telnyx_admins_have_no_user_id() {
    let mut admin = portout_comment();
    admin["user_id"] = serde_json::Value::Null;
    let server = server_with(200, json!({ "data": [portout_comment(), admin], "meta": metadata() })).await;
    let list = client(&server).portouts().comments().list(PORTOUT_ID).await.unwrap();
    let data = &list.data;
    assert_eq!(data[0].user_id, Some(uuid(PORTOUT_ID)));
    assert_eq!(data[1].user_id, None);
}

#[tokio::test]
async fn comments_create_with_and_without_body() {
    let server = server_with(201, json!({ "data": portout_comment() })).await;
    let c = client(&server);
    let comment = c
        .portouts()
        .comments()
        .create(PORTOUT_ID)
        .body("This is a comment")
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&comment).unwrap(), portout_comment());
    c.portouts().comments().create(PORTOUT_ID).await.unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    let path = format!("/portouts/{PORTOUT_ID}/comments");
    assert_request(
        &reqs[0],
        "POST",
        &path,
        "application/json",
        Some(json!({ "body": "This is a comment" })),
    );
    assert_request(&reqs[1], "POST", &path, "application/json", Some(json!({})));
}

// ---------------------------------------------------------------------------------------
// supporting documents
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn supporting_documents_list() {
    let server = server_with(201, json!({ "data": [supporting_document()] })).await;
    let docs = client(&server)
        .portouts()
        .supporting_documents()
        .list(PORTOUT_ID)
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/portouts/{PORTOUT_ID}/supporting_documents"),
        "application/json",
        None,
    );
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].type_, Some(SupportingDocumentType::Loa));
    assert_eq!(docs[0].id, Some(uuid("5a16902a-2ee9-4882-a247-420fc6627b62")));
    assert_eq!(serde_json::to_value(&docs[0]).unwrap(), supporting_document());
}

#[tokio::test]
async fn supporting_documents_create_with_and_without_documents() {
    let mut invoice = supporting_document();
    invoice["type"] = json!("invoice");
    let server = server_with(201, json!({ "data": [supporting_document(), invoice] })).await;
    let c = client(&server);
    let docs = c
        .portouts()
        .supporting_documents()
        .create(PORTOUT_ID)
        .documents(vec![
            SupportingDocumentInput::new(
                uuid("f1c5e079-9d82-4f50-95bc-ae2f6b8d84d7"),
                SupportingDocumentType::Loa,
            ),
            SupportingDocumentInput::new(
                uuid("5a16902a-2ee9-4882-a247-420fc6627b62"),
                SupportingDocumentType::Invoice,
            ),
        ])
        .await
        .unwrap();
    assert_eq!(
        docs.iter().map(|d| d.type_.clone()).collect::<Vec<_>>(),
        vec![Some(SupportingDocumentType::Loa), Some(SupportingDocumentType::Invoice)]
    );
    c.portouts().supporting_documents().create(PORTOUT_ID).await.unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    let path = format!("/portouts/{PORTOUT_ID}/supporting_documents");
    assert_request(
        &reqs[0],
        "POST",
        &path,
        "application/json",
        Some(json!({
            "documents": [
                { "document_id": "f1c5e079-9d82-4f50-95bc-ae2f6b8d84d7", "type": "loa" },
                { "document_id": "5a16902a-2ee9-4882-a247-420fc6627b62", "type": "invoice" }
            ]
        })),
    );
    assert_request(&reqs[1], "POST", &path, "application/json", Some(json!({})));
}

// ---------------------------------------------------------------------------------------
// Cross-cutting wire rules
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn path_params_are_one_percent_encoded_segment() {
    let server = server_with(200, json!({ "data": portout_details() })).await;
    let c = client(&server);
    c.portouts().retrieve("a/../b").await.unwrap();
    c.portouts().retrieve("x y?z#w%2F").await.unwrap();
    c.portouts().comments().list("a/b").await.unwrap_err(); // decodes as a comment list: data is a details object
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].url.path(), "/portouts/a%2F..%2Fb");
    assert_eq!(reqs[0].url.query(), None);
    assert_eq!(reqs[1].url.path(), "/portouts/x%20y%3Fz%23w%252F");
    assert_eq!(reqs[1].url.query(), None);
    assert_eq!(reqs[2].url.path(), "/portouts/a%2Fb/comments");
}

#[tokio::test]
async fn empty_or_dot_path_params_fail_before_sending() {
    let server = server_with(200, json!({ "data": {} })).await;
    let c = client(&server);
    let p = c.portouts();
    let mut errors: Vec<(String, Error)> = Vec::new();
    for id in ["", ".", ".."] {
        let mut push = |what: &str, r: Result<(), Error>| errors.push((format!("{what}({id:?})"), r.unwrap_err()));
        push("retrieve", p.retrieve(id).await.map(drop));
        push("list_rejection_codes", p.list_rejection_codes(id).await.map(drop));
        push(
            "update_status",
            p.update_status(id, PortoutTargetStatus::Authorized, "r")
                .await
                .map(drop),
        );
        push("events.retrieve", p.events().retrieve(id).await.map(drop));
        push("events.republish", p.events().republish(id).await);
        push("reports.retrieve", p.reports().retrieve(id).await.map(drop));
        push("comments.list", p.comments().list(id).await.map(drop));
        push("comments.create", p.comments().create(id).body("x").await.map(drop));
        push(
            "supporting_documents.list",
            p.supporting_documents().list(id).await.map(drop),
        );
        push(
            "supporting_documents.create",
            p.supporting_documents().create(id).await.map(drop),
        );
    }
    assert_eq!(errors.len(), 30);
    for (what, e) in &errors {
        match e {
            Error::InvalidArgument { parameter, .. } => {
                let expected = if what.starts_with("list_rejection_codes") {
                    "portout_id"
                } else {
                    "id"
                };
                assert_eq!(parameter, expected, "{what}");
            }
            other => panic!("{what}: expected InvalidArgument, got {other:?}"),
        }
    }
    // An empty target status (`PortoutTargetStatus::from("")`, an `Unknown`) is refused the same way.
    let e = p
        .update_status(PORTOUT_ID, PortoutTargetStatus::from(""), "r")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "status"),
        "{e:?}"
    );
    assert_eq!(requests(&server).await.len(), 0, "nothing may be sent");
}

#[tokio::test]
async fn unknown_enum_values_decode_to_unknown_and_serialize_unchanged() {
    let mut details = portout_details();
    details["status"] = json!("on-hold");
    let mut doc = supporting_document();
    doc["type"] = json!("w9");
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path(format!("/portouts/{PORTOUT_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": details })))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path(format!(
        "/portouts/{PORTOUT_ID}/supporting_documents"
    )))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [doc] })))
    .mount(&server)
    .await;
    let c = client(&server);

    let p = c.portouts().retrieve(PORTOUT_ID).await.unwrap();
    assert_eq!(p.status, Some(PortoutStatus::from("on-hold")));
    assert!(p.status.as_ref().unwrap().is_unknown());
    assert_eq!(p.status.as_ref().unwrap().as_str(), "on-hold");
    assert_eq!(serde_json::to_value(&p).unwrap()["status"], json!("on-hold"));

    let docs = c.portouts().supporting_documents().list(PORTOUT_ID).await.unwrap();
    assert_eq!(docs[0].type_, Some(SupportingDocumentType::from("w9")));
    assert_eq!(serde_json::to_value(&docs[0]).unwrap(), doc);

    // An unknown value is sent as is, in a query and in a path.
    let server2 = server_with(200, json!({ "data": [], "meta": metadata() })).await;
    client(&server2)
        .portouts()
        .list()
        .filter(
            PortoutListFilter::new()
                .status_in(vec![PortoutStatus::Pending, PortoutStatus::from("on,hold")])
                .status(PortoutStatus::from("on-hold")),
        )
        .await
        .unwrap();
    let req = only_request(&server2).await;
    assert_eq!(
        query_pairs(&req),
        pairs(&[("filter[status]", "on-hold"), ("filter[status_in]", "pending,on,hold")])
    );
    // The comma inside the one unknown item stays encoded: the list still has two items.
    assert!(
        req.url
            .query()
            .unwrap()
            .contains("filter%5Bstatus_in%5D=pending,on%2Chold"),
        "{:?}",
        req.url.query()
    );
}

#[tokio::test]
async fn query_encodes_booleans_dates_and_reserved_characters() {
    let mut q = Query::new();
    q.value("flag", &true);
    q.value("other", &false);
    q.value("when", &utc("2024-09-04T00:00:00Z"));
    q.value("text", "a,b&c=d+e f");
    q.list("list", [1i64, 2, 3].iter());
    q.list("strs", ["x,y".to_string(), "z".to_string()].iter());
    assert_eq!(
        q.encode(),
        "flag=true&other=false&when=2024-09-04T00%3A00%3A00Z&text=a%2Cb%26c%3Dd%2Be%20f&list=1,2,3&strs=x%2Cy,z"
    );
}

#[tokio::test]
async fn awaiting_the_builder_and_calling_send_are_the_same() {
    let server = server_with(200, json!({ "data": portout_details() })).await;
    let c = client(&server);
    let a = c.portouts().retrieve(PORTOUT_ID).await.unwrap();
    let b = c.portouts().retrieve(PORTOUT_ID).send().await.unwrap();
    // IntoFuture: a builder can be stored and awaited later, as a `Send` future.
    let fut = std::future::IntoFuture::into_future(c.portouts().retrieve(PORTOUT_ID));
    let c3 = tokio::spawn(fut).await.unwrap().unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c3);
    assert_example_details(&a);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn per_request_headers_and_query_params_are_sent() {
    let server = server_with(200, json!({ "data": [], "meta": metadata() })).await;
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .default_header("x-default", "from-client")
        .default_header("x-overridden", "from-client")
        .build()
        .unwrap();
    c.portouts()
        .list()
        .page_size(5)
        .header("x-custom", "one")
        .header("x-overridden", "from-request")
        .query_param("extra", "a,b c")
        .query_param("filter[pon]", "123")
        .await
        .unwrap();
    // A second request does not inherit per-request options.
    c.portouts().list().await.unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 2);
    let r = &reqs[0];
    assert_request(r, "GET", "/portouts", "application/json", None);
    assert_eq!(header(r, "x-custom"), Some("one"));
    assert_eq!(header(r, "x-default"), Some("from-client"));
    assert_eq!(header(r, "x-overridden"), Some("from-request"));
    assert_eq!(
        query_pairs(r),
        pairs(&[("extra", "a,b c"), ("filter[pon]", "123"), ("page[size]", "5")])
    );
    assert!(
        r.url.query().unwrap().contains("extra=a%2Cb%20c"),
        "{:?}",
        r.url.query()
    );

    let r2 = &reqs[1];
    assert_eq!(header(r2, "x-custom"), None);
    assert_eq!(header(r2, "x-default"), Some("from-client"));
    assert_eq!(header(r2, "x-overridden"), Some("from-client"));
    assert_eq!(r2.url.query(), None);
}

#[tokio::test]
async fn invalid_per_request_header_fails_before_sending() {
    let server = server_with(200, json!({ "data": portout_details() })).await;
    let e = client(&server)
        .portouts()
        .retrieve(PORTOUT_ID)
        .header("x-bad", "line\r\nbreak")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidArgument { .. }), "{e:?}");
    assert_eq!(requests(&server).await.len(), 0);
}

#[tokio::test]
async fn base_url_with_a_path_prefix_and_trailing_slash() {
    let server = server_with(200, json!({ "data": portout_details() })).await;
    let c = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/v2/", server.uri()))
        .build()
        .unwrap();
    c.portouts().retrieve(PORTOUT_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), format!("/v2/portouts/{PORTOUT_ID}"));
}
