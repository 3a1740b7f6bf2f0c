//! `cargo xtask spec update` end to end, on a scratch copy of the workspace: repinning from
//! the current upstream version to the older one and back rewrites the lock, regenerates,
//! reports the API diff each way, and the round trip gives back the committed files.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use codegen::diff::{Change, Verdict};
use codegen::lock::SpecLock;
use codegen::project;
use std::path::{Path, PathBuf};

const OLD_COMMIT: &str = "7a93b0218032c0ae9400d69e5abf0e5e89c4b528";
const NEW_COMMIT: &str = "12de4dd039fd867f7a81c8ec415e6fb6477d5687";

fn shared(file: &str) -> PathBuf {
    workspace_tests::root()
        .join("..")
        .join("shared")
        .join("spec")
        .join(file)
}

/// A scratch workspace: spec/ (lock pointing at the shared mirror by absolute path, config)
/// and the committed generated folder.
fn scratch(name: &str) -> PathBuf {
    let root = workspace_tests::root();
    let dir = root
        .join("target")
        .join("tmp")
        .join(format!("repin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let mut lock = SpecLock::read(&root.join(project::LOCK_PATH)).unwrap();
    lock.mirrors = vec![
        shared("telnyx-openapi-12de4dd.yml")
            .canonicalize()
            .unwrap()
            .display()
            .to_string(),
    ];
    std::fs::write(dir.join(project::LOCK_PATH), lock.to_text().unwrap()).unwrap();
    std::fs::copy(root.join(project::CONFIG_PATH), dir.join(project::CONFIG_PATH)).unwrap();
    let files = project::files_on_disk(&root.join(project::GENERATED_DIR)).unwrap();
    project::write(&dir.join(project::GENERATED_DIR), &files).unwrap();
    dir
}

fn generated(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    project::files_on_disk(&dir.join(project::GENERATED_DIR)).unwrap()
}

#[test]
fn repinning_to_the_older_version_and_back_round_trips() {
    let dir = scratch("round-trip");
    let committed = generated(&dir);

    // Current -> 2025-08.
    let old_path = shared("telnyx-openapi-7a93b02.yml");
    let old_bytes = workspace_tests::shared_spec("telnyx-openapi-7a93b02.yml");
    let down = project::repin(&dir, &old_bytes, Some(OLD_COMMIT), Some(&old_path)).expect("repin to the old spec");
    let lock = SpecLock::read(&dir.join(project::LOCK_PATH)).unwrap();
    assert_eq!(lock.commit, OLD_COMMIT);
    assert_eq!(
        lock.sha256,
        "0b459c827ff82d87bcb3ab10e4ae61d6a7dcfe72efc3952a1c3213f5482898e6"
    );
    assert_eq!(
        lock.url,
        format!("https://raw.githubusercontent.com/team-telnyx/openapi/{OLD_COMMIT}/openapi/spec3.yml")
    );
    assert_eq!(lock.mirrors.len(), 1);
    assert!(lock.mirrors[0].ends_with("telnyx-openapi-7a93b02.yml"));
    let diff = down.diff.expect("the previous spec is local, so there is a diff");
    assert_eq!(diff.verdict(), Verdict::Major);
    // Going back in time removes what 2026-07 added (e.g. the country filters).
    assert!(
        diff.entries
            .iter()
            .any(|e| e.item == "field PortoutListFilter.country_code" && e.change == Change::Removed)
    );
    assert!(!down.report.written.is_empty());
    let old_generation = generated(&dir);
    assert_ne!(old_generation, committed);
    assert!(
        old_generation.values().all(|f| f.contains(OLD_COMMIT)),
        "headers name the new pin"
    );

    // 2025-08 -> current: exactly the committed files again, and the mirrored diff.
    let new_path = shared("telnyx-openapi-12de4dd.yml");
    let new_bytes = workspace_tests::shared_spec("telnyx-openapi-12de4dd.yml");
    let up = project::repin(&dir, &new_bytes, Some(NEW_COMMIT), Some(&new_path)).expect("repin back");
    let back = up.diff.expect("diff");
    assert_eq!(back.entries.len(), diff.entries.len());
    assert!(
        back.entries
            .iter()
            .any(|e| e.item == "field PortoutListFilter.country_code" && e.change == Change::Added)
    );
    assert_eq!(
        generated(&dir),
        committed,
        "the round trip must give back the committed generated code"
    );
    let lock = SpecLock::read(&dir.join(project::LOCK_PATH)).unwrap();
    assert_eq!(lock.commit, NEW_COMMIT);
    assert_eq!(
        lock.sha256,
        "020dcdb3d9da1ecfd401ed4ecdc597fef9e2bf7c0141e02c1cc7b9a0fb1e553d"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_that_does_not_generate_leaves_the_workspace_untouched() {
    let dir = scratch("untouched");
    let before_files = generated(&dir);
    let before_lock = std::fs::read_to_string(dir.join(project::LOCK_PATH)).unwrap();
    let err = project::repin(&dir, b"openapi: 3.1.0\npaths: {}\n", Some(OLD_COMMIT), None).unwrap_err();
    assert_eq!(err.kind, codegen::ErrorKind::InvalidConfig, "{err}");
    assert_eq!(generated(&dir), before_files);
    assert_eq!(
        std::fs::read_to_string(dir.join(project::LOCK_PATH)).unwrap(),
        before_lock
    );
    let err = project::repin(&dir, b"x", Some("not-a-commit"), None).unwrap_err();
    assert_eq!(err.kind, codegen::ErrorKind::InvalidConfig);
    let _ = std::fs::remove_dir_all(&dir);
}
