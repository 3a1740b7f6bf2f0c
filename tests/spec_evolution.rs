//! Spec evolution: the two upstream versions in ../shared/spec describe the same 14
//! operations in different shapes (2025-08: OpenAPI 3.0.0, separate `filter[...]` query
//! parameters, response `$ref`s; 2026-07: OpenAPI 3.1.0, one deepObject `filter`, inline
//! responses). Generating from either gives the same public API for everything they share;
//! the API diff lists exactly the true differences, written down here.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use codegen::diff::{Change, Verdict, diff};

const OLD: &str = "telnyx-openapi-7a93b02.yml";
const NEW: &str = "telnyx-openapi-12de4dd.yml";

/// The true differences between the two upstream versions, as (change, item):
/// - `Metadata`'s four members are `required` in 2025-08 and optional in 2026-07.
/// - `PortoutEvent` was a plain object (with a `payload` that was a `oneOf` of the three
///   payloads) in 2025-08 and is a `oneOf` of the three webhook schemas discriminated by
///   `event_type` in 2026-07; so its fields, its inline enums and payload union go, and the
///   three `WebhookPortout*` schemas (and their shared enums) come; with them go the old
///   struct's `Default` and the payload union's `From` impls, and the three webhook structs
///   bring their own `Default`.
/// - `GET /portouts` gained `filter[country_code]` and `filter[country_code_in]`.
/// - spec/portouts.yaml types the FOC-date payload's `user_id` as a UUID (as every other
///   `user_id`); the patch's pointer is into `WebhookPortoutFocDateChanged`, which 2025-08
///   does not have, so there it stays a string.
/// - `GET /portouts/rejections/{portout_id}`: `filter[code]` (an integer) and
///   `filter[code][in]` (a list) became one `filter[code]` that is an integer or a list
///   (with a `From` impl for each).
const EXPECTED: &[(&str, &str)] = &[
    ("~", "field Metadata.page_number"),
    ("~", "field Metadata.page_size"),
    ("~", "field Metadata.total_pages"),
    ("~", "field Metadata.total_results"),
    ("-", "field PortoutEvent.available_notification_methods"),
    ("-", "field PortoutEvent.created_at"),
    ("-", "field PortoutEvent.event_type"),
    ("-", "field PortoutEvent.id"),
    ("-", "field PortoutEvent.payload"),
    ("-", "field PortoutEvent.payload_status"),
    ("-", "field PortoutEvent.portout_id"),
    ("-", "field PortoutEvent.record_type"),
    ("-", "field PortoutEvent.updated_at"),
    ("~", "field PortoutEventListFilter.event_type"),
    ("+", "field PortoutListFilter.country_code"),
    ("+", "field PortoutListFilter.country_code_in"),
    ("~", "field PortoutListRejectionCodesFilter.code"),
    ("-", "field PortoutListRejectionCodesFilter.code_in"),
    ("+", "field WebhookPortoutFocDateChanged.available_notification_methods"),
    ("+", "field WebhookPortoutFocDateChanged.created_at"),
    ("+", "field WebhookPortoutFocDateChanged.event_type"),
    ("+", "field WebhookPortoutFocDateChanged.id"),
    ("+", "field WebhookPortoutFocDateChanged.payload"),
    ("+", "field WebhookPortoutFocDateChanged.payload_status"),
    ("+", "field WebhookPortoutFocDateChanged.portout_id"),
    ("+", "field WebhookPortoutFocDateChanged.record_type"),
    ("+", "field WebhookPortoutFocDateChanged.updated_at"),
    ("~", "field WebhookPortoutFocDateChangedPayload.user_id"),
    ("+", "field WebhookPortoutNewComment.available_notification_methods"),
    ("+", "field WebhookPortoutNewComment.created_at"),
    ("+", "field WebhookPortoutNewComment.event_type"),
    ("+", "field WebhookPortoutNewComment.id"),
    ("+", "field WebhookPortoutNewComment.payload"),
    ("+", "field WebhookPortoutNewComment.payload_status"),
    ("+", "field WebhookPortoutNewComment.portout_id"),
    ("+", "field WebhookPortoutNewComment.record_type"),
    ("+", "field WebhookPortoutNewComment.updated_at"),
    ("+", "field WebhookPortoutStatusChanged.available_notification_methods"),
    ("+", "field WebhookPortoutStatusChanged.created_at"),
    ("+", "field WebhookPortoutStatusChanged.event_type"),
    ("+", "field WebhookPortoutStatusChanged.id"),
    ("+", "field WebhookPortoutStatusChanged.payload"),
    ("+", "field WebhookPortoutStatusChanged.payload_status"),
    ("+", "field WebhookPortoutStatusChanged.portout_id"),
    ("+", "field WebhookPortoutStatusChanged.record_type"),
    ("+", "field WebhookPortoutStatusChanged.updated_at"),
    ("-", "impl PortoutEvent: Default"),
    (
        "-",
        "impl PortoutEventPayload: From<WebhookPortoutFocDateChangedPayload>",
    ),
    ("-", "impl PortoutEventPayload: From<WebhookPortoutNewCommentPayload>"),
    (
        "-",
        "impl PortoutEventPayload: From<WebhookPortoutStatusChangedPayload>",
    ),
    ("+", "impl PortoutListRejectionCodesFilterCode: From<Vec<i64>>"),
    ("+", "impl PortoutListRejectionCodesFilterCode: From<i64>"),
    ("+", "impl WebhookPortoutFocDateChanged: Default"),
    ("+", "impl WebhookPortoutNewComment: Default"),
    ("+", "impl WebhookPortoutStatusChanged: Default"),
    ("~", "type PortoutEvent"),
    ("-", "type PortoutEventAvailableNotificationMethodsItem"),
    ("-", "type PortoutEventEventType"),
    ("-", "type PortoutEventPayload"),
    ("+", "type PortoutEventType"),
    ("+", "type PortoutListRejectionCodesFilterCode"),
    ("+", "type PortoutNotificationMethod"),
    ("+", "type WebhookPortoutFocDateChanged"),
    ("+", "type WebhookPortoutNewComment"),
    ("+", "type WebhookPortoutStatusChanged"),
    ("+", "variant PortoutEvent::FocDateChanged"),
    ("+", "variant PortoutEvent::NewComment"),
    ("+", "variant PortoutEvent::StatusChanged"),
    ("-", "variant PortoutEventAvailableNotificationMethodsItem::Email"),
    ("-", "variant PortoutEventAvailableNotificationMethodsItem::Webhook"),
    ("-", "variant PortoutEventEventType::PortoutFocDateChanged"),
    ("-", "variant PortoutEventEventType::PortoutNewComment"),
    ("-", "variant PortoutEventEventType::PortoutStatusChanged"),
    ("-", "variant PortoutEventPayload::WebhookPortoutFocDateChangedPayload"),
    ("-", "variant PortoutEventPayload::WebhookPortoutNewCommentPayload"),
    ("-", "variant PortoutEventPayload::WebhookPortoutStatusChangedPayload"),
    ("+", "variant PortoutEventType::PortoutFocDateChanged"),
    ("+", "variant PortoutEventType::PortoutNewComment"),
    ("+", "variant PortoutEventType::PortoutStatusChanged"),
    ("+", "variant PortoutListRejectionCodesFilterCode::Integer"),
    ("+", "variant PortoutListRejectionCodesFilterCode::IntegerList"),
    ("+", "variant PortoutNotificationMethod::Email"),
    ("+", "variant PortoutNotificationMethod::Webhook"),
];

fn ir(file: &str) -> (codegen::ir::Api, codegen::naming::Names) {
    let inputs = workspace_tests::pinned_inputs();
    let bytes = workspace_tests::shared_spec(file);
    codegen::build_ir(&bytes, &inputs.config).expect(file)
}

/// The public surface of one upstream version.
fn surface(file: &str) -> codegen::surface::Surface {
    let (api, names) = ir(file);
    codegen::surface::Surface::of(&api, &names).expect(file)
}

fn sign(c: Change) -> &'static str {
    match c {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
    }
}

#[test]
fn the_api_diff_between_the_two_upstream_versions_is_exactly_the_true_differences() {
    let (old, new) = (surface(OLD), surface(NEW));
    let d = diff(&old, &new);
    let actual: Vec<(String, String)> = d
        .entries
        .iter()
        .map(|e| (sign(e.change).to_string(), e.item.clone()))
        .collect();
    let expected: Vec<(String, String)> = EXPECTED.iter().map(|(s, i)| (s.to_string(), i.to_string())).collect();
    assert_eq!(actual, expected, "full diff:\n{d}");
    assert_eq!(d.verdict(), Verdict::Major);
    // The page numbers of `meta` stopped being required: an `Option` before and after
    // (responses hold the type), so the code reading them is the same; a change on the
    // wire, not a breaking one.
    let meta: Vec<_> = d
        .entries
        .iter()
        .filter(|e| e.item.starts_with("field Metadata."))
        .collect();
    assert_eq!(meta.len(), 4, "{d}");
    for e in meta {
        assert!(!e.breaking && e.wire, "{e:?}");
    }
}

#[test]
fn the_shared_operations_have_identical_signatures_and_wire_shapes() {
    let (old, old_names) = ir(OLD);
    let (new, new_names) = ir(NEW);
    // Types compared by the names they are published under (identities are per IR).
    let response = |op: &codegen::ir::Operation, names: &codegen::naming::Names| match &op.response {
        codegen::ir::Response::Data(t) => format!("data {:?}", names.type_ref(t)),
        codegen::ir::Response::Json(t) => format!("json {:?}", names.type_ref(t)),
        codegen::ir::Response::Page { item, meta } => {
            format!("page {:?} {:?}", names.type_ref(item), names.type_ref(meta))
        }
        other => format!("{other:?}"),
    };
    let params = |op: &codegen::ir::Operation, names: &codegen::naming::Names| {
        op.path_params
            .iter()
            .map(|p| {
                (
                    p.rust_name.clone(),
                    p.wire_name.clone(),
                    names.type_ref(&p.ty),
                    p.doc.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    for (path, r_new) in &new.resources {
        let r_old = old.resources.get(path).expect(path);
        assert_eq!(
            r_old.operations.keys().collect::<Vec<_>>(),
            r_new.operations.keys().collect::<Vec<_>>()
        );
        for (name, op_new) in &r_new.operations {
            let op_old = &r_old.operations[name];
            assert_eq!(op_old.http_method, op_new.http_method, "{path}.{name}");
            assert_eq!(op_old.path, op_new.path, "{path}.{name}");
            assert_eq!(op_old.builder, op_new.builder, "{path}.{name}");
            assert_eq!(params(op_old, &old_names), params(op_new, &new_names), "{path}.{name}");
            assert_eq!(
                response(op_old, &old_names),
                response(op_new, &new_names),
                "{path}.{name}"
            );
            assert_eq!(op_old.accept, op_new.accept, "{path}.{name}");
            let keys = |op: &codegen::ir::Operation, names: &codegen::naming::Names| {
                op.query
                    .iter()
                    .map(|q| (q.rust_name.clone(), q.wire_path.clone(), names.type_ref(&q.ty)))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                keys(op_old, &old_names),
                keys(op_new, &new_names),
                "{path}.{name}: query parameters differ"
            );
        }
    }
}

#[test]
fn diffing_a_version_with_itself_is_empty() {
    let new = surface(NEW);
    let d = diff(&new, &new);
    assert!(d.entries.is_empty());
    assert_eq!(d.verdict(), Verdict::Patch);
}

#[test]
fn the_diff_is_symmetric_in_both_directions() {
    let (old, new) = (surface(OLD), surface(NEW));
    let forward = diff(&old, &new);
    let backward = diff(&new, &old);
    assert_eq!(forward.entries.len(), backward.entries.len());
    for e in &forward.entries {
        let mirrored = match e.change {
            Change::Added => Change::Removed,
            Change::Removed => Change::Added,
            Change::Changed => Change::Changed,
        };
        assert!(
            backward
                .entries
                .iter()
                .any(|b| b.item == e.item && b.change == mirrored),
            "{} not mirrored",
            e.item
        );
    }
}

#[test]
fn the_diff_tells_changes_on_the_wire_from_changes_to_rust_only() {
    let inputs = workspace_tests::pinned_inputs();
    let generate = |spec: &[u8], config: &codegen::Config| {
        codegen::generate_locked(spec, config, &inputs.names, None)
            .expect("generates")
            .surface
    };
    let before = generate(&inputs.slice.bytes, &inputs.config);

    // Rust only: the config calls `POST /portouts/{id}/comments` `portouts.comments.add`; the
    // same request goes out, and the same response comes back.
    let mut renamed = inputs.config.clone();
    renamed.operations.insert(
        "POST /portouts/{id}/comments".to_string(),
        "portouts.comments.add".to_string(),
    );
    // On the wire: the API sends a seventh port-out status.
    let mut spec: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).unwrap();
    spec.pointer_mut("/components/schemas/PortoutDetails/properties/status/enum")
        .and_then(serde_json::Value::as_array_mut)
        .expect("PortoutDetails.status is an enum")
        .push("suspended".into());
    let after = generate(&serde_json::to_vec(&spec).unwrap(), &renamed);

    let d = diff(&before, &after);
    let wire = |item: &str| {
        d.entries
            .iter()
            .find(|e| e.item == item)
            .unwrap_or_else(|| panic!("{item} is not in the diff:\n{d}"))
            .wire
    };
    assert!(!wire("method portouts.comments.create"), "{d}");
    assert!(!wire("method portouts.comments.add"), "{d}");
    assert!(wire("variant PortoutStatus::Suspended"), "{d}");
    // Every other entry comes from the renamed method (Rust only).
    for e in &d.entries {
        assert_eq!(
            e.wire,
            e.item == "variant PortoutStatus::Suspended",
            "{} is misjudged:\n{d}",
            e.item
        );
    }
    let printed = d.to_string();
    let wire_at = printed.find("Changes on the wire").expect("a wire section");
    let rust_at = printed.find("Changes to Rust only").expect("a Rust-only section");
    assert!(wire_at < rust_at, "{printed}");
    assert!(
        printed[wire_at..rust_at].contains("variant PortoutStatus::Suspended"),
        "{printed}"
    );
    assert!(
        printed[rust_at..].contains("method portouts.comments.create"),
        "{printed}"
    );
}

/// Changes that alter only what goes over the wire keep every Rust signature: the diff must
/// still report each of them, as a change on the wire (and breaking: the same code now sends
/// or reads something else).
#[test]
fn a_change_only_on_the_wire_is_reported_although_every_rust_signature_stays() {
    let inputs = workspace_tests::pinned_inputs();
    let generate = |spec: &serde_json::Value| {
        codegen::generate_locked(&serde_json::to_vec(spec).unwrap(), &inputs.config, &inputs.names, None)
            .expect("generates")
            .surface
    };
    let base: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).unwrap();
    let before = generate(&base);
    let rename_key = |spec: &mut serde_json::Value, pointer: &str, from: &str, to: &str| {
        let props = spec
            .pointer_mut(pointer)
            .and_then(serde_json::Value::as_object_mut)
            .unwrap_or_else(|| panic!("{pointer} is an object"));
        let value = props.remove(from).unwrap_or_else(|| panic!("{pointer} has {from}"));
        props.insert(to.to_string(), value);
    };
    type Mutation<'a> = Box<dyn Fn(&mut serde_json::Value) + 'a>;
    let cases: Vec<(&str, Mutation, &str)> = vec![
        (
            "a response field's JSON name (`carrier_name` -> `carrierName`, still `carrier_name` in Rust)",
            Box::new(|s| {
                rename_key(
                    s,
                    "/components/schemas/PortoutDetails/properties",
                    "carrier_name",
                    "carrierName",
                )
            }),
            "field PortoutDetails.carrier_name",
        ),
        (
            "a required body member's JSON name (`reason` -> `Reason`, an argument `reason` in Rust)",
            Box::new(|s| {
                let body = "/paths/~1portouts~1{id}~1{status}/patch/requestBody/content/application~1json/schema";
                rename_key(s, &format!("{body}/properties"), "reason", "Reason");
                *s.pointer_mut(&format!("{body}/required")).unwrap() = serde_json::json!(["Reason"]);
            }),
            "field PortoutUpdateStatusParams.reason",
        ),
        (
            "a query object member's key (`filter[pon]` -> `filter[PON]`, still `.pon` in Rust)",
            Box::new(|s| {
                let params = s
                    .pointer_mut("/paths/~1portouts/get/parameters")
                    .and_then(serde_json::Value::as_array_mut)
                    .unwrap();
                let filter = params.iter_mut().find(|p| p["name"] == "filter").unwrap();
                rename_key(filter, "/schema/properties", "pon", "PON");
            }),
            "field PortoutListFilter.pon",
        ),
        (
            "a response that loses its `{\"data\": ...}` envelope (`retrieve` still returns `PortoutDetails`)",
            Box::new(|s| {
                *s.pointer_mut("/paths/~1portouts~1{id}/get/responses/200/content/application~1json/schema")
                    .unwrap() = serde_json::json!({"$ref": "#/components/schemas/PortoutDetails"});
            }),
            "method portouts.retrieve",
        ),
    ];
    for (what, mutate, item) in cases {
        let mut spec = base.clone();
        mutate(&mut spec);
        let d = diff(&before, &generate(&spec));
        let e = d
            .entries
            .iter()
            .find(|e| e.item == item)
            .unwrap_or_else(|| panic!("{what}: {item} is not in the diff:\n{d}"));
        assert!(e.wire && e.breaking, "{what}: {item} is misjudged:\n{d}");
        assert_eq!(d.verdict(), Verdict::Major, "{what}:\n{d}");
    }
}

#[test]
fn a_struct_that_loses_default_is_a_breaking_entry_of_its_own() {
    let inputs = workspace_tests::pinned_inputs();
    let generate = |spec: &[u8]| {
        codegen::generate_locked(spec, &inputs.config, &inputs.names, None)
            .expect("generates")
            .surface
    };
    let before = generate(&inputs.slice.bytes);
    assert!(
        before.types["ExportPortoutsCsvReport"].default,
        "the base derives Default"
    );
    // The report filters gain a required enum member: neither they nor the report that holds
    // them can derive `Default` any more.
    let mut spec: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).unwrap();
    let filters = spec
        .pointer_mut("/components/schemas/ExportPortoutsCSVReport/properties/filters")
        .and_then(serde_json::Value::as_object_mut)
        .expect("the report has filters");
    filters
        .entry("required")
        .or_insert_with(|| serde_json::json!([]))
        .as_array_mut()
        .unwrap()
        .push("kind".into());
    filters["properties"]["kind"] = serde_json::json!({"type": "string", "enum": ["a", "b"]});
    let after = generate(&serde_json::to_vec(&spec).unwrap());
    let d = diff(&before, &after);
    let entry = d
        .entries
        .iter()
        .find(|e| e.item == "impl ExportPortoutsCsvReport: Default")
        .unwrap_or_else(|| panic!("the lost Default is not in the diff:\n{d}"));
    assert_eq!(entry.change, Change::Removed, "{d}");
    assert!(entry.breaking, "{d}");
    assert_eq!(d.verdict(), Verdict::Major);
}
