//! The committed output of every fixture crate is the generator's (`BLESS=1` rewrites it);
//! the crates' own tests then run on it in `cargo test --workspace`.
#![allow(clippy::panic)]

#[test]
fn hostile_docs_fixture_crate_is_current() {
    workspace_tests::fixture_crates::check("hostile_docs", "tests/hostile-docs");
}

#[test]
fn multipart_fixture_crate_is_current() {
    workspace_tests::fixture_crates::check("multipart", "tests/fixture-multipart");
}

#[test]
fn unions_fixture_crate_is_current() {
    let generated = workspace_tests::fixture_crates::check("unions", "tests/fixture-unions");
    let union = |name: &str| match generated.type_def(name) {
        Some(codegen::ir::TypeDef::Union(u)) => u.clone(),
        other => panic!("{name}: {other:?}"),
    };
    // The all-optional payloads are fitted (decoded by their keys), not tried in order.
    let payload = union("PortoutEventPayload");
    assert!(payload.fitted && payload.discriminator.is_none(), "{payload:?}");
    // One-value `kind` members give the other union a discriminator.
    let pet = union("Pet");
    assert_eq!(pet.discriminator.as_deref(), Some("kind"));
    assert!(!pet.fitted);
    let tags: Vec<_> = pet.variants.iter().map(|v| v.tags.clone()).collect();
    assert_eq!(tags, [vec!["cat".to_string()], vec!["dog".to_string()]]);
}
