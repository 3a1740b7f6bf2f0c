//! Responses shaped to fool serde: a JSON array where an object is expected decodes into a
//! derived struct (its fields in order) unless the models refuse it. Every model, and the
//! runtime's `{"data": ...}` and page envelopes, accept only JSON objects; the error names
//! the path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{Value, json};
use support::*;
use telnyx_portout::Error;
use telnyx_portout::models::{PortoutComment, PortoutDetails, PortoutListFilter};

fn decode_path(e: &Error) -> String {
    match e {
        Error::Decode(d) => d.path.clone(),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_array_is_not_a_portout() {
    let server = server_with(200, json!({ "data": [] })).await;
    let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
    assert_eq!(decode_path(&e), "data");
    assert!(e.to_string().contains("PortoutDetails"), "{e}");
}

#[tokio::test]
async fn an_array_of_field_values_is_not_a_comment() {
    let server = server_with(
        201,
        json!({ "data": ["hello", "2018-02-02T22:25:27.521Z", PORTOUT_ID, PORTOUT_ID, "c1", null] }),
    )
    .await;
    let e = client(&server)
        .portouts()
        .comments()
        .create(PORTOUT_ID)
        .await
        .unwrap_err();
    assert_eq!(decode_path(&e), "data");
}

#[tokio::test]
async fn nested_arrays_are_refused_where_objects_belong() {
    let mut item = portout_details();
    item["id"] = json!(PORTOUT_ID);
    let server = server_with(200, json!({ "data": [item, ["x"]], "meta": metadata() })).await;
    let strict = client(&server)
        .portouts()
        .list()
        .decoding(telnyx_portout::Decoding::Strict);
    let e = strict.await.unwrap_err();
    assert_eq!(decode_path(&e), "data[1]");
    // The default mode leaves the array out of the page, and says so.
    let page = client(&server).portouts().list().await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page.deviations()[0].path, "data[1]");
    assert_eq!(page.deviations()[0].raw, Some(json!(["x"])));
}

#[tokio::test]
async fn envelopes_are_objects_too() {
    for body in [json!([[]]), json!([[], {}])] {
        let server = server_with(200, body.clone()).await;
        let e = client(&server).portouts().retrieve(PORTOUT_ID).await.unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{body}: {e:?}");
        let e = client(&server).portouts().list().await.unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{body}: {e:?}");
    }
}

/// Objects still decode, and the models still serialize as objects.
#[test]
fn objects_round_trip() {
    let d: PortoutDetails = serde_json::from_value(portout_details()).unwrap();
    assert_eq!(serde_json::to_value(&d).unwrap()["pon"], json!("00000000"));
    let c: PortoutComment = serde_json::from_value(portout_comment()).unwrap();
    assert!(serde_json::to_value(&c).unwrap().is_object());
    let f = PortoutListFilter::new().pon("1");
    assert_eq!(serde_json::to_value(&f).unwrap(), json!({"pon": "1"}));
    assert!(serde_json::from_value::<PortoutListFilter>(Value::Array(vec![])).is_err());
}
