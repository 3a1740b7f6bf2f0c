//! The names lock: a type keeps its published Rust name when upstream renames or moves the
//! schema behind it (as upstream did: `Metadata` became `portout_Metadata` in 4972ba6), and
//! the output is otherwise what the spec gives. Built from the pinned slice, changed the way
//! upstream changes it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::lower::names_lock::NamesLock;
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
    g.api.types.keys().cloned().collect()
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
    assert!(unlocked.api.types.contains_key("PortoutMetadata"));
    assert!(!unlocked.api.types.contains_key("Metadata"));
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
        !unlocked.api.types.contains_key("PortoutRejection"),
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
    assert!(g.api.types.contains_key("PortoutMetadata"));
    assert!(g.names.sites.values().any(|n| n == "PortoutMetadata"));

    // A config rename is deliberate: a lock entry never undoes it.
    let mut stale = before.names.clone();
    for name in stale.sites.values_mut() {
        if name == "PortoutStatus" {
            *name = "PortoutDetailsStatus".into();
        }
    }
    let g = generate(&spec, &config, &stale);
    assert!(g.api.types.contains_key("PortoutStatus"));
    assert!(!g.api.types.contains_key("PortoutDetailsStatus"));
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
