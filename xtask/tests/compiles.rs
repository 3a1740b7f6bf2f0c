//! `spec update`'s compile check on a scratch workspace: a hand-written file that uses a type
//! the new spec removed fails the check, and the report names the error, the type and the
//! line; a workspace that builds passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::diff::{ApiDiff, Change, Entry};
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn scratch(name: &str, lib: &str) -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-compiles-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\nresolver = \"3\"\n",
    );
    write(
        &root.join("app/Cargo.toml"),
        // A package name of its own: with a shared `CARGO_TARGET_DIR` two scratch workspaces
        // with one package name share its build (cargo hashes a member's path relative to its
        // workspace), and the broken one is taken as already checked.
        &format!("[package]\nname = \"app_{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n"),
    );
    write(&root.join("app/src/generated/models.rs"), "pub struct Kept;\n");
    write(&root.join("app/src/lib.rs"), lib);
    root
}

fn removed(name: &str) -> ApiDiff {
    ApiDiff {
        entries: vec![Entry {
            item: format!("type {name}"),
            change: Change::Removed,
            breaking: true,
            old: Some("struct".into()),
            new: None,
            wire: true,
        }],
        inputs: Default::default(),
    }
}

#[test]
fn a_removed_type_used_by_hand_written_code_fails_the_check_and_is_named() {
    let root = scratch(
        "broken",
        "mod generated { pub mod models; }\npub use generated::models::Kept;\n\npub fn f() -> generated::models::PortoutEvent { todo!() }\n",
    );
    let broken = xtask::compiles::check(&root, &removed("PortoutEvent"), &["app"]).unwrap_err();
    let _ = std::fs::remove_dir_all(&root);
    assert!(broken.errors.iter().any(|e| e.contains("PortoutEvent")), "{broken}");
    assert_eq!(
        broken.uses,
        [("PortoutEvent".to_string(), vec!["app/src/lib.rs:4".to_string()])]
    );
    let text = broken.to_string();
    assert!(
        text.contains("does not compile") && text.contains("git checkout"),
        "{text}"
    );
}

#[test]
fn a_workspace_that_builds_passes() {
    let root = scratch(
        "fine",
        "mod generated { pub mod models; }\npub use generated::models::Kept;\n",
    );
    let result = xtask::compiles::check(&root, &removed("PortoutEvent"), &["app"]);
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(result, Ok(()));
}
