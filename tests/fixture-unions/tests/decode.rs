//! Real payloads of each kind decode as their own variant; an object two variants fit
//! equally well is kept as raw JSON. With serde's untagged decoding (variants tried in
//! order) every payload here would decode as the status-changed one: the new-comment event
//! would lose its comment.
#![allow(clippy::unwrap_used, clippy::panic)]

use serde_json::json;
use unions_fixture::models::{Pet, PortoutEvent, PortoutEventPayload};

fn payload(value: serde_json::Value) -> PortoutEventPayload {
    let event: PortoutEvent = serde_json::from_value(json!({
        "event_type": "portout.new_comment",
        "id": "eef3340b-8903-4466-b445-89b697315a3a",
        "payload": value,
    }))
    .unwrap();
    event.payload.unwrap()
}

#[test]
fn a_new_comment_keeps_its_comment() {
    let p = payload(json!({
        "comment": "Customer confirmed",
        "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
        "portout_id": "9471c873-e3eb-4ca1-957d-f9a451334d52",
        "user_id": "0e19c89e-f0ce-458a-a36c-3c60bc2014b1",
    }));
    match p {
        PortoutEventPayload::WebhookPortoutNewCommentPayload(c) => {
            assert_eq!(c.comment.as_deref(), Some("Customer confirmed"))
        }
        other => panic!("decoded as {other:?}"),
    }
}

#[test]
fn a_status_change_and_a_foc_date_change_are_their_own_kinds() {
    let status = payload(json!({
        "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
        "status": "authorized",
        "carrier_name": "Testing Carrier",
        "phone_numbers": ["+35312345678"],
    }));
    assert!(
        matches!(status, PortoutEventPayload::WebhookPortoutStatusChangedPayload(_)),
        "{status:?}"
    );
    let foc = payload(json!({
        "foc_date": "2021-03-19T10:07:15.527Z",
        "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c",
        "user_id": "0e19c89e-f0ce-458a-a36c-3c60bc2014b1",
    }));
    assert!(
        matches!(foc, PortoutEventPayload::WebhookPortoutFocDateChangedPayload(_)),
        "{foc:?}"
    );
}

#[test]
fn a_field_added_upstream_does_not_change_the_kind() {
    let p = payload(json!({ "comment": "hi", "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c", "added_later": 1 }));
    assert!(
        matches!(p, PortoutEventPayload::WebhookPortoutNewCommentPayload(_)),
        "{p:?}"
    );
}

#[test]
fn an_object_that_fits_two_kinds_equally_is_kept_raw() {
    let raw =
        json!({ "id": "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c", "user_id": "0e19c89e-f0ce-458a-a36c-3c60bc2014b1" });
    match payload(raw.clone()) {
        PortoutEventPayload::Other(v) => assert_eq!(v, raw),
        other => panic!("picked a variant for an ambiguous payload: {other:?}"),
    }
    // And it is sent back unchanged.
    assert_eq!(
        serde_json::to_value(PortoutEventPayload::Other(raw.clone())).unwrap(),
        raw
    );
}

#[test]
fn the_chosen_variant_is_decoded_strictly() {
    // Unmistakably a status change, with a malformed id: an error, not another variant.
    let event = serde_json::from_value::<PortoutEvent>(json!({
        "payload": { "status": "authorized", "attempted_pin": "1", "id": "not-a-uuid" },
    }));
    assert!(event.is_err(), "{event:?}");
}

#[test]
fn one_value_members_act_as_the_discriminator() {
    let dog: Pet = serde_json::from_value(json!({ "kind": "dog", "name": "Rex", "good": true })).unwrap();
    assert!(matches!(dog, Pet::Dog(_)), "{dog:?}");
    let cat: Pet = serde_json::from_value(json!({ "kind": "cat", "name": "Tom" })).unwrap();
    assert!(matches!(cat, Pet::Cat(_)), "{cat:?}");
    assert_eq!(cat.name().map(String::as_str), Some("Tom"));
    let unknown: Pet = serde_json::from_value(json!({ "kind": "fish" })).unwrap();
    assert!(matches!(unknown, Pet::Unknown(_)), "{unknown:?}");
}
