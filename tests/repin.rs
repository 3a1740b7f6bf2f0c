//! `cargo xtask spec update` end to end, on scratch copies of the workspace's spec/ and
//! generated folder: repinning from the current upstream version to the older one and back
//! rewrites the lock and the committed slice, regenerates, reports the API diff each way, and
//! the round trip gives back the committed files; a failed or interrupted repin changes
//! nothing, or completes.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use codegen::diff::{Change, Verdict};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use xtask::lock::SpecLock;
use xtask::project::{self, RepinStep};

const OLD_COMMIT: &str = "7a93b0218032c0ae9400d69e5abf0e5e89c4b528";
const NEW_COMMIT: &str = "12de4dd039fd867f7a81c8ec415e6fb6477d5687";

/// A scratch workspace: spec/ (lock, config, committed slice) and the committed generated folder.
fn scratch(name: &str) -> PathBuf {
    let root = workspace_tests::root();
    let dir = workspace_tests::scratch_dir(&format!("repin-{name}"));
    workspace_tests::copy_spec_inputs(&dir);
    let files = project::files_on_disk(&root.join(project::GENERATED_DIR)).unwrap();
    project::write(&dir.join(project::GENERATED_DIR), &files).unwrap();
    dir
}

fn generated(dir: &Path) -> BTreeMap<PathBuf, String> {
    project::files_on_disk(&dir.join(project::GENERATED_DIR)).unwrap()
}

/// Everything a repin may change: generated files, slice and lock, plus whatever else is in spec/.
fn state(dir: &Path) -> (BTreeMap<PathBuf, String>, Vec<String>, String, String) {
    let mut spec_entries: Vec<String> = std::fs::read_dir(dir.join("spec"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The download cache (git-ignored; read only after verifying its sha256).
        .filter(|name| name != ".cache")
        .collect();
    spec_entries.sort();
    (
        generated(dir),
        spec_entries,
        std::fs::read_to_string(dir.join(project::SLICE_PATH)).unwrap(),
        std::fs::read_to_string(dir.join(project::LOCK_PATH)).unwrap(),
    )
}

#[test]
fn repinning_to_the_older_version_and_back_round_trips() {
    let dir = scratch("round-trip");
    let committed = generated(&dir);
    let committed_slice = std::fs::read_to_string(dir.join(project::SLICE_PATH)).unwrap();

    // Current -> 2025-08.
    let old_bytes = workspace_tests::shared_spec("telnyx-openapi-7a93b02.yml");
    let down = project::repin(&dir, &old_bytes, "telnyx-openapi-7a93b02.yml", Some(OLD_COMMIT))
        .expect("repin to the old spec");
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
    let text = std::fs::read_to_string(dir.join(project::LOCK_PATH)).unwrap();
    assert!(!text.contains("shared"), "the lock names no local path:\n{text}");
    // The slice is re-cut and stamped with the new pin, and reads back.
    let inputs = project::read_inputs(&dir).expect("the repinned workspace reads");
    assert_eq!(inputs.slice.stamp.commit, OLD_COMMIT);
    assert_eq!(inputs.slice.stamp.sha256, lock.sha256);
    // The 2025-08 `PortoutEvent` is one struct, not a union of the three webhooks: the renames
    // keyed at `WebhookPortoutStatusChanged` members match nothing. The lock keeps two of
    // their names (at other sites of the same types); the third is gone, and `spec update`
    // fails naming the sites nearest to the key, the same position of another parent first.
    assert_eq!(
        down.unused_renames,
        [
            "WebhookPortoutStatusChanged.available_notification_methods[]",
            "WebhookPortoutStatusChanged.event_type",
            "WebhookPortoutStatusChanged.payload_status"
        ]
    );
    assert_eq!(down.lost_renames.len(), 1, "{:?}", down.lost_renames);
    let lost = &down.lost_renames[0];
    assert_eq!(
        (lost.site.as_str(), lost.to.as_str()),
        (
            "WebhookPortoutStatusChanged.available_notification_methods[]",
            "PortoutNotificationMethod"
        )
    );
    assert_eq!(
        (lost.candidates[0].site.as_str(), lost.candidates[0].name.as_str()),
        (
            "PortoutEvent.available_notification_methods[]",
            "PortoutEventAvailableNotificationMethodsItem"
        )
    );
    assert!(
        lost.to_string().contains(
            "nearest sites: `PortoutEvent.available_notification_methods[]` (now `PortoutEventAvailableNotificationMethodsItem`)"
        ),
        "{lost}"
    );
    // The check `spec update` and `watch` both run after a repin refuses it, naming the rename,
    // before any compile.
    let refused = xtask::compiles::after_repin(&dir, &down, &[]).unwrap_err();
    assert!(
        refused.contains("spec/portouts.yaml: ")
            && refused.contains("WebhookPortoutStatusChanged.available_notification_methods[]"),
        "{refused}"
    );
    let diff = down.diff;
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
    // What `codegen --check` then sees: the generated code of the new pin, from its slice.
    let regenerated = project::generate(&inputs).unwrap();
    assert!(
        project::drift(&dir.join(project::GENERATED_DIR), &regenerated.files)
            .unwrap()
            .is_empty()
    );

    // 2025-08 -> current: exactly the committed files again, and the mirrored diff.
    let new_bytes = workspace_tests::shared_spec("telnyx-openapi-12de4dd.yml");
    let up = project::repin(&dir, &new_bytes, "telnyx-openapi-12de4dd.yml", Some(NEW_COMMIT)).expect("repin back");
    assert!(up.lost_renames.is_empty(), "{:?}", up.lost_renames);
    assert!(up.unused_renames.is_empty(), "{:?}", up.unused_renames);
    let back = up.diff;
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
    assert_eq!(
        std::fs::read_to_string(dir.join(project::SLICE_PATH)).unwrap(),
        committed_slice,
        "the round trip must give back the committed slice"
    );
    let lock = SpecLock::read(&dir.join(project::LOCK_PATH)).unwrap();
    assert_eq!(lock.commit, NEW_COMMIT);
    assert_eq!(
        lock.sha256,
        "020dcdb3d9da1ecfd401ed4ecdc597fef9e2bf7c0141e02c1cc7b9a0fb1e553d"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(project::LOCK_PATH)).unwrap(),
        std::fs::read_to_string(workspace_tests::root().join(project::LOCK_PATH)).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_that_does_not_generate_leaves_the_workspace_untouched() {
    let dir = scratch("untouched");
    let before = state(&dir);
    let err = project::repin(
        &dir,
        b"openapi: 3.1.0\npaths: {}\n",
        "path/to/broken-spec3.yml",
        Some(OLD_COMMIT),
    )
    .unwrap_err();
    assert_eq!(err.kind, codegen::ErrorKind::InvalidConfig, "{err}");
    assert!(
        err.to_string().contains("path/to/broken-spec3.yml"),
        "the error names the spec file: {err}"
    );
    assert_eq!(state(&dir), before);
    let err = project::repin(&dir, b"x", "x.yml", Some("not-a-commit")).unwrap_err();
    assert_eq!(err.kind, codegen::ErrorKind::InvalidConfig);
    assert_eq!(state(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A new version of the spec without the network or `../shared`: the committed slice with a
/// description changed (it becomes a doc comment) and the stamp removed.
fn edited_spec() -> Vec<u8> {
    let inputs = workspace_tests::pinned_inputs();
    let mut doc: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).unwrap();
    doc.as_object_mut().unwrap().remove(project::STAMP_KEY);
    let schemas = doc["components"]["schemas"].as_object_mut().unwrap();
    let (_, schema) = schemas
        .iter_mut()
        .find(|(_, s)| s.get("description").is_some_and(|d| d.is_string()))
        .expect("a schema with a description");
    let d = schema["description"].as_str().unwrap().to_string();
    schema["description"] = format!("{d} Edited upstream.").into();
    serde_json::to_vec_pretty(&doc).unwrap()
}

/// A repin stopped after any of its steps (as if the process were killed there) leaves the
/// old state exactly if it was stopped before the commit point, and otherwise a state that
/// the next read of the workspace completes into exactly the new one: never a mix.
#[test]
fn an_interrupted_repin_leaves_the_old_state_or_completes() {
    let spec = edited_spec();
    let commit = "0123456789abcdef0123456789abcdef01234567";
    // The reference: an uninterrupted repin.
    let reference = scratch("atomic-reference");
    let old = state(&reference);
    let done = project::repin(&reference, &spec, "edited.json", Some(commit)).unwrap();
    assert!(!done.report.written.is_empty());
    let new = state(&reference);
    assert_ne!(new.0, old.0);
    assert_ne!(new.2, old.2);
    assert_ne!(new.3, old.3);
    assert_eq!(new.1, old.1, "no leftovers in spec/");

    for step in [
        RepinStep::Staged,
        RepinStep::Committed,
        RepinStep::OldGeneratedMovedAway,
        RepinStep::GeneratedReplaced,
        RepinStep::SliceReplaced,
        RepinStep::LockReplaced,
    ] {
        let dir = scratch(&format!("atomic-{step:?}"));
        let err = project::repin_with_hook(&dir, &spec, "edited.json", Some(commit), &mut |s| {
            if s == step {
                Err(format!("killed after {s:?}"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(err.to_string().contains("killed after"), "{err}");
        if step == RepinStep::Staged {
            let (files, _, slice, lock) = state(&dir);
            assert_eq!(
                (&files, &slice, &lock),
                (&old.0, &old.2, &old.3),
                "{step:?}: the workspace changed"
            );
        }
        // Every xtask command and workspace test reads the workspace through `read_inputs`.
        let inputs = project::read_inputs(&dir).unwrap();
        let expected = if step == RepinStep::Staged { &old } else { &new };
        assert!(
            &state(&dir) == expected,
            "{step:?}: the workspace is not the old or the new state"
        );
        let expected_commit = if step == RepinStep::Staged {
            old_commit()
        } else {
            commit.to_string()
        };
        assert_eq!(inputs.lock.commit, expected_commit);
        let _ = std::fs::remove_dir_all(&dir);
    }
    let _ = std::fs::remove_dir_all(&reference);
}

/// `spec update --file X` (no commit) and then `spec slice` or `full-spec` without `--spec`
/// or $TELNYX_OPENAPI_SPEC: they find the spec just pinned in `spec/.cache/` (offline; a
/// download would fail here, as the lock of a local file has no URL), and the slice they
/// cut from it is the one the repin committed.
#[test]
fn a_repin_from_a_local_file_leaves_the_spec_where_slice_and_full_spec_look() {
    let dir = scratch("file-then-full-spec");
    let spec = edited_spec();
    let done = project::repin(&dir, &spec, "path/to/edited-spec3.json", None).unwrap();
    assert!(done.lock.url.is_empty(), "no commit, no URL: {:?}", done.lock);
    let lock = SpecLock::read(&dir.join(project::LOCK_PATH)).unwrap();
    let (path, bytes) = project::full_spec(&dir, &lock, None, false)
        .expect("the pinned spec is in the cache, found without downloading");
    assert_eq!(path, project::cache_path(&dir, &lock));
    assert!(path.starts_with(dir.join(project::CACHE_DIR)), "{}", path.display());
    assert_eq!(bytes, spec);
    // `spec slice` from it gives the committed slice.
    let config = project::read_config(&dir.join(project::CONFIG_PATH)).unwrap();
    let cut = project::cut_slice(&bytes, &config, &lock, &path.display().to_string()).unwrap();
    assert_eq!(cut, std::fs::read_to_string(dir.join(project::SLICE_PATH)).unwrap());
    // A second local pin gets a cache file of its own (named by sha256, not by the
    // placeholder commit both locks share a prefix of).
    let mut other = spec.clone();
    other.extend_from_slice(b"\n");
    project::repin(&dir, &other, "other.json", None).unwrap();
    let lock2 = SpecLock::read(&dir.join(project::LOCK_PATH)).unwrap();
    assert_ne!(project::cache_path(&dir, &lock2), path);
    assert_eq!(project::full_spec(&dir, &lock2, None, false).unwrap().1, other);
    assert_eq!(project::full_spec(&dir, &lock, None, false).unwrap().1, spec);
    let _ = std::fs::remove_dir_all(&dir);
}

fn old_commit() -> String {
    workspace_tests::pinned_inputs().lock.commit
}
