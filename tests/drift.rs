//! The committed generated code is exactly what the generator produces from the pinned spec
//! (the same check as `cargo xtask codegen --check`, so `cargo test` alone catches drift),
//! and generation is deterministic.

#![allow(clippy::expect_used)]

use codegen::project;

#[test]
fn committed_generated_code_matches_the_generator() {
    let inputs = workspace_tests::pinned_inputs();
    let generated = project::generate(&inputs).expect("the pinned spec generates");
    let dir = workspace_tests::root().join(project::GENERATED_DIR);
    let drift = project::drift(&dir, &generated.files).expect("reading the generated folder");
    assert!(drift.is_empty(), "{}", project::render_drift(&drift));
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let inputs = workspace_tests::pinned_inputs();
    let a = project::generate(&inputs).expect("first run");
    let b = project::generate(&inputs).expect("second run");
    assert_eq!(a.files, b.files);
}

/// The value as YAML, with the keys of every map in sorted or in reverse-sorted order.
fn to_yaml(v: &serde_json::Value, reverse: bool) -> serde_yaml::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = m.iter().collect();
            if reverse {
                entries.reverse();
            }
            let mut out = serde_yaml::Mapping::new();
            for (k, val) in entries {
                out.insert(serde_yaml::Value::String(k.clone()), to_yaml(val, reverse));
            }
            serde_yaml::Value::Mapping(out)
        }
        serde_json::Value::Array(items) => {
            serde_yaml::Value::Sequence(items.iter().map(|i| to_yaml(i, reverse)).collect())
        }
        other => serde_yaml::to_value(other).expect("scalar"),
    }
}

#[test]
fn reordering_the_maps_of_the_spec_changes_nothing() {
    let inputs = workspace_tests::pinned_inputs();
    let original = codegen::generate(&inputs.spec, &inputs.config, Some("x")).expect("original");
    // Only the slice the config selects matters; reorder every map in it.
    let slice = codegen::slice_spec(&inputs.spec, &inputs.config).expect("slice");
    let straight = serde_yaml::to_string(&to_yaml(&slice, false)).expect("yaml");
    let reversed = serde_yaml::to_string(&to_yaml(&slice, true)).expect("yaml");
    assert_ne!(straight, reversed, "the reordering must actually change the document");
    let a = codegen::build_ir(straight.as_bytes(), &inputs.config).expect("straight order");
    let b = codegen::build_ir(reversed.as_bytes(), &inputs.config).expect("reversed order");
    assert_eq!(a, b, "the IR depends on the order of keys in the spec");
    assert_eq!(a, original.api, "the slice gives a different IR than the full spec");
    let fa = codegen::emit::emit(
        &a,
        &codegen::emit::Provenance {
            commit: None,
            sha256: "s".into(),
        },
    )
    .expect("emit");
    let fb = codegen::emit::emit(
        &b,
        &codegen::emit::Provenance {
            commit: None,
            sha256: "s".into(),
        },
    )
    .expect("emit");
    assert_eq!(fa, fb);
}
