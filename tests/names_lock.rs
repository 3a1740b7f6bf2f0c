//! The names lock: a type keeps its published Rust name when upstream renames or moves the
//! schema behind it (as upstream did: `Metadata` became `portout_Metadata` in 4972ba6), and
//! the output is otherwise what the spec gives. Built from the pinned slice, changed the way
//! upstream changes it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::naming::NamesLock;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn slice() -> (Value, codegen::Config) {
    let inputs = workspace_tests::pinned_inputs();
    (
        codegen::slice_spec(&inputs.slice.bytes, &inputs.config).unwrap(),
        inputs.config,
    )
}

fn generate(spec: &Value, config: &codegen::Config, lock: &NamesLock) -> codegen::Generated {
    codegen::generate_locked(&serde_json::to_vec(spec).unwrap(), config, lock, Some("0")).unwrap()
}

fn type_names(g: &codegen::Generated) -> BTreeSet<String> {
    g.identifiers.all().map(str::to_string).collect()
}

/// The files without their header (which names the spec's sha256).
fn bodies(g: &codegen::Generated) -> BTreeMap<std::path::PathBuf, String> {
    g.files
        .iter()
        .map(|(p, t)| (p.clone(), t.lines().skip(2).collect::<Vec<_>>().join("\n")))
        .collect()
}

/// Renames component `from` to `to`, rewriting every reference.
fn rename_component(spec: &mut Value, from: &str, to: &str) {
    let schemas = spec["components"]["schemas"].as_object_mut().unwrap();
    let schema = schemas.remove(from).unwrap();
    schemas.insert(to.to_string(), schema);
    let text = serde_json::to_string(spec).unwrap().replace(
        &format!("\"#/components/schemas/{from}\""),
        &format!("\"#/components/schemas/{to}\""),
    );
    *spec = serde_json::from_str(&text).unwrap();
}

/// Replaces every reference to component `name` with its schema, and drops the component.
fn inline_component(spec: &mut Value, name: &str) {
    let schema = spec["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .remove(name)
        .unwrap();
    let target = Value::String(format!("#/components/schemas/{name}"));
    fn walk(v: &mut Value, target: &Value, schema: &Value) {
        match v {
            Value::Object(m) if m.get("$ref") == Some(target) => *v = schema.clone(),
            Value::Object(m) => m.values_mut().for_each(|x| walk(x, target, schema)),
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, target, schema)),
            _ => {}
        }
    }
    walk(spec, &target, &schema);
}

#[test]
fn the_lock_is_stable_and_round_trips() {
    let (spec, config) = slice();
    let first = generate(&spec, &config, &NamesLock::default());
    assert!(!first.names.sites.is_empty());
    let text = first.names.to_text();
    let parsed = NamesLock::parse(&text).unwrap();
    assert_eq!(parsed, first.names);
    let again = generate(&spec, &config, &parsed);
    assert_eq!(again.files, first.files);
    assert_eq!(again.names, first.names);
    assert!(again.name_notes.is_empty(), "{:?}", again.name_notes);
    // Sites name operation positions and members, e.g.:
    assert_eq!(
        first.names.sites.get("GET /portouts response.meta").map(String::as_str),
        Some("Metadata")
    );
    assert_eq!(
        first.names.sites.get("PortoutDetails.status").map(String::as_str),
        Some("PortoutStatus")
    );
}

#[test]
fn a_renamed_component_keeps_its_rust_name() {
    let (spec, config) = slice();
    let before = generate(&spec, &config, &NamesLock::default());
    let mut renamed = spec.clone();
    rename_component(&mut renamed, "Metadata", "portout_Metadata");

    // Without the lock the Rust type follows the component: a breaking rename for users.
    let unlocked = generate(&renamed, &config, &NamesLock::default());
    assert!(unlocked.identifiers.id_of("PortoutMetadata").is_some());
    assert!(unlocked.identifiers.id_of("Metadata").is_none());
    // The printed diff shows that as one rename, first, with both inputs named, and knows
    // nothing changed on the wire: every change is to Rust only.
    let diff = codegen::diff::diff(&before.surface, &unlocked.surface);
    assert!(
        !diff.entries.is_empty() && diff.entries.iter().all(|e| !e.wire),
        "{diff}"
    );
    let printed = diff.between("before.json", "after.json").to_string();
    let mut lines = printed.lines();
    assert_eq!(lines.next(), Some("API diff from before.json to after.json:"));
    assert_eq!(
        lines.next(),
        Some("Changes to Rust only (the same HTTP and JSON; names or signatures differ):"),
        "{printed}"
    );
    assert_eq!(
        lines.next(),
        Some("~ BREAKING type Metadata renamed to PortoutMetadata (same members)"),
        "{printed}"
    );
    assert!(!printed.contains("Changes on the wire"), "{printed}");
    assert!(!printed.contains("field Metadata.page_size"), "{printed}");

    let locked = generate(&renamed, &config, &before.names);
    assert_eq!(type_names(&locked), type_names(&before));
    assert_eq!(
        bodies(&locked),
        bodies(&before),
        "only the spec's sha256 in the headers may differ"
    );
    assert_eq!(
        locked.name_notes,
        ["type `Metadata` kept its published name (this spec alone would name it `PortoutMetadata`)"]
    );
    // And the public-API diff sees nothing to report.
    let diff = codegen::diff::diff(&before.surface, &locked.surface);
    assert!(diff.entries.is_empty(), "{diff}");
}

#[test]
fn a_component_moved_inline_keeps_its_rust_name() {
    let (spec, config) = slice();
    let before = generate(&spec, &config, &NamesLock::default());
    let mut moved = spec.clone();
    inline_component(&mut moved, "PortoutRejection");
    let unlocked = generate(&moved, &config, &NamesLock::default());
    assert!(
        unlocked.identifiers.id_of("PortoutRejection").is_none(),
        "{:?}",
        type_names(&unlocked)
    );

    let locked = generate(&moved, &config, &before.names);
    assert_eq!(type_names(&locked), type_names(&before));
    assert_eq!(bodies(&locked), bodies(&before));
}

#[test]
fn releasing_a_name_and_config_renames() {
    let (spec, config) = slice();
    let before = generate(&spec, &config, &NamesLock::default());
    let mut renamed = spec.clone();
    rename_component(&mut renamed, "Metadata", "portout_Metadata");
    // A maintainer deletes the type's lines: the spec's name is used.
    let mut released = before.names.clone();
    released.sites.retain(|_, name| name != "Metadata");
    let g = generate(&renamed, &config, &released);
    assert!(g.identifiers.id_of("PortoutMetadata").is_some());
    assert!(g.names.sites.values().any(|n| n == "PortoutMetadata"));

    // A config rename is deliberate: a lock entry never undoes it, not even one at the very
    // site the config renames (`PortoutDetails.status: PortoutStatus`).
    assert_eq!(
        config.type_names.get("PortoutDetails.status").map(String::as_str),
        Some("PortoutStatus")
    );
    let mut stale = before.names.clone();
    for name in stale.sites.values_mut() {
        if name == "PortoutStatus" {
            *name = "PortoutDetailsStatus".into();
        }
    }
    let g = generate(&spec, &config, &stale);
    assert!(g.identifiers.id_of("PortoutStatus").is_some());
    assert!(g.identifiers.id_of("PortoutDetailsStatus").is_none());
    assert_eq!(g.names, before.names, "the lock written back has the config's names");
    assert!(g.name_notes.is_empty(), "{:?}", g.name_notes);
}

/// The wire values of enum `name` (or, when no type has the name, of the enum lowering
/// merged the one suggesting it into), sorted.
fn wire_values(g: &codegen::Generated, name: &str) -> Vec<String> {
    let name = match g.identifiers.id_of(name) {
        Some(_) => name,
        None => g.diagnostics.merged_enums.get(name).map_or(name, String::as_str),
    };
    match g.type_def(name) {
        Some(codegen::ir::TypeDef::Enum(e)) => {
            let mut v: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
            v.sort();
            v
        }
        other => panic!("`{name}` is not an enum: {other:?}"),
    }
}

#[test]
fn a_site_keyed_rename_survives_a_new_type_that_moves_the_counter_suffixes() {
    let (spec, config) = slice();
    let before = generate(&spec, &config, &NamesLock::default());
    assert_eq!(
        wire_values(&before, "PortoutEventPayloadStatus"),
        ["completed", "created"]
    );
    // Alone, this spec suggests one name for two types: `payload.status` and
    // `payload_status` both recase to `WebhookPortoutStatusChangedPayloadStatus`. Each is
    // identical to another enum and merged into it, so neither takes the name (lowering
    // once gave them that name and `...PayloadStatus2`, and config keys were written with
    // those).
    let mut bare = config.clone();
    bare.type_names.clear();
    let unrenamed = generate(&spec, &bare, &NamesLock::default());
    let merged_name = &unrenamed.names.sites["WebhookPortoutStatusChanged.payload_status"];
    assert_eq!(wire_values(&unrenamed, merged_name), ["completed", "created"]);
    for gone in [
        "WebhookPortoutStatusChangedPayloadStatus",
        "WebhookPortoutStatusChangedPayloadStatus2",
    ] {
        assert!(unrenamed.identifiers.id_of(gone).is_none(), "{gone}");
    }

    // Upstream adds a third member whose name recases the same, with values of its own.
    let mut changed = spec.clone();
    changed["components"]["schemas"]["WebhookPortoutStatusChanged"]["properties"]
        .as_object_mut()
        .unwrap()
        .insert(
            "payloadStatus".into(),
            serde_json::json!({"type": "string", "enum": ["queued", "sent"]}),
        );
    // The name the spec suggested for the type at `payload_status` now belongs to the new
    // type: a rename keyed by a type name would rename the wrong type.
    let shifted = generate(&changed, &bare, &NamesLock::default());
    assert_eq!(
        wire_values(&shifted, "WebhookPortoutStatusChangedPayloadStatus"),
        ["queued", "sent"]
    );
    // Keyed by site, the rename still lands on the type used at `payload_status`, without
    // help from the lock.
    let g = generate(&changed, &config, &NamesLock::default());
    assert_eq!(wire_values(&g, "PortoutEventPayloadStatus"), ["completed", "created"]);
    assert_eq!(
        g.names
            .sites
            .get("WebhookPortoutStatusChanged.payload_status")
            .map(String::as_str),
        Some("PortoutEventPayloadStatus")
    );
    assert!(
        g.diagnostics.unused_renames.is_empty(),
        "{:?}",
        g.diagnostics.unused_renames
    );
}

#[test]
fn a_rename_keyed_by_a_generated_name_is_refused_naming_the_site_to_write() {
    let (spec, mut config) = slice();
    // The key the config used to have: a counter-suffixed intermediate name.
    config.type_names.remove("WebhookPortoutStatusChanged.payload_status");
    config.type_names.insert(
        "WebhookPortoutStatusChangedPayloadStatus2".into(),
        "PortoutEventPayloadStatus".into(),
    );
    let e = codegen::generate_locked(
        &serde_json::to_vec(&spec).unwrap(),
        &config,
        &NamesLock::default(),
        None,
    )
    .unwrap_err();
    assert_eq!(e.kind, codegen::ErrorKind::InvalidConfig);
    assert_eq!(e.pointer, "config:type_names.WebhookPortoutStatusChangedPayloadStatus2");
    // The type was merged with the identical enums of the other two webhooks; every site of
    // it is named, the parent by its final name.
    for site in [
        "WebhookPortoutStatusChanged.payload_status",
        "WebhookPortoutNewComment.payload_status",
        "WebhookPortoutFocDateChanged.payload_status",
    ] {
        assert!(e.message.contains(&format!("`{site}`")), "{e}");
    }
    assert!(e.message.contains(": PortoutEventPayloadStatus`"), "{e}");

    // A component pointer is refused too: it changes when upstream renames the component.
    let (_, mut config) = slice();
    config
        .type_names
        .insert("#/components/schemas/Metadata".into(), "PageMetadata".into());
    let e = codegen::generate(&serde_json::to_vec(&spec).unwrap(), &config, None).unwrap_err();
    assert_eq!(e.pointer, "config:type_names.#/components/schemas/Metadata");
    assert!(e.message.contains("`GET /portouts response.meta`"), "{e}");
}

#[test]
fn config_rename_conflicts_are_errors_naming_the_key() {
    let (spec, config) = slice();
    let bytes = serde_json::to_vec(&spec).unwrap();
    let with = |key: &str, to: &str| {
        let mut c = config.clone();
        c.type_names.insert(key.into(), to.into());
        codegen::generate(&bytes, &c, None).unwrap_err()
    };
    // Onto a name another type holds.
    let e = with("PortoutReport.status", "Metadata");
    assert_eq!(e.kind, codegen::ErrorKind::NameCollision);
    assert_eq!(e.pointer, "config:type_names.PortoutReport.status");
    assert!(e.message.contains("`GET /portouts response.meta`"), "{e}");
    // Two sites of one (merged) type, to different names.
    let e = with("PortoutListFilter.status", "ListStatus");
    assert_eq!(e.kind, codegen::ErrorKind::InvalidConfig);
    assert!(
        e.message.contains("`PortoutDetails.status`")
            && e.message.contains("`PortoutListFilter.status`")
            && e.message.contains("`ListStatus`"),
        "{e}"
    );
}

#[test]
fn a_member_site_names_its_parent_by_its_final_name() {
    let (spec, config) = slice();
    let bytes = serde_json::to_vec(&spec).unwrap();
    let before = codegen::generate(&bytes, &config, None).unwrap();
    // `SupportingDocumentInput` is itself a config rename (of the type at
    // `PortoutSupportingDocumentCreateParams.documents[]`); its member `type` is keyed under
    // that final name, and the rename applies once the parent has it.
    let mut c = config.clone();
    c.type_names.remove("PortOutSupportingDocument.type");
    c.type_names
        .insert("SupportingDocumentInput.type".into(), "SupportingDocumentType".into());
    let g = codegen::generate(&bytes, &c, None).unwrap();
    assert_eq!(g.files, before.files);
    assert_eq!(g.names, before.names);

    // Under the name the spec alone gives the parent, the key is refused with the site to
    // write.
    let mut c = config.clone();
    c.type_names.remove("PortOutSupportingDocument.type");
    c.type_names.insert(
        "PortoutSupportingDocumentCreateParamsDocumentsItem.type".into(),
        "SupportingDocumentType".into(),
    );
    let e = codegen::generate(&bytes, &c, None).unwrap_err();
    assert_eq!(e.kind, codegen::ErrorKind::InvalidConfig);
    assert_eq!(
        e.pointer,
        "config:type_names.PortoutSupportingDocumentCreateParamsDocumentsItem.type"
    );
    assert!(e.message.contains("`SupportingDocumentInput.type`"), "{e}");
}

#[test]
fn a_malformed_lock_is_an_error_naming_the_entry() {
    let e = NamesLock::parse("\"GET /portouts response.meta\": not-a-type\n").unwrap_err();
    assert!(
        e.contains("GET /portouts response.meta") && e.contains("not-a-type"),
        "{e}"
    );
    assert!(NamesLock::parse("[1, 2]").is_err());
}
