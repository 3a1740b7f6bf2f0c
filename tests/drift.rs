//! The committed generated code is exactly what the generator produces from the committed
//! slice of the pinned spec (the same check as `cargo xtask codegen --check`, so `cargo test`
//! alone catches drift); the slice is what the pinned full spec gives; generation is
//! deterministic; and `cargo xtask codegen --check` works on a bare clone without the network.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Stdio;
use xtask::project;

#[test]
fn committed_generated_code_matches_the_generator() {
    let inputs = workspace_tests::pinned_inputs();
    let generated = project::generate(&inputs).expect("the committed slice generates");
    let dir = workspace_tests::root().join(project::GENERATED_DIR);
    let drift = project::drift(&dir, &generated.files).expect("reading the generated folder");
    assert!(drift.is_empty(), "{}", project::render_drift(&drift));
}

/// The committed slice is a derived file: exactly what `cargo xtask spec slice` cuts from the
/// pinned full spec, and generating from either gives the same files. Needs the full spec
/// (`$TELNYX_OPENAPI_SPEC`, `spec/.cache/`, or `../shared/spec`); says so when it is not there.
#[test]
fn the_committed_slice_is_what_the_pinned_full_spec_gives() {
    let inputs = workspace_tests::pinned_inputs();
    let Some((path, full)) = workspace_tests::pinned_full_spec().expect("the full spec") else {
        workspace_tests::progress(&format!(
            "SKIPPED the_committed_slice_is_what_the_pinned_full_spec_gives: no copy of the pinned full \
             spec (commit {}) here; set TELNYX_OPENAPI_SPEC to it (CI does)",
            inputs.lock.commit
        ));
        return;
    };
    let source = path.display().to_string();
    let cut = project::cut_slice(&full, &inputs.config, &inputs.lock, &source).expect("cutting the slice");
    assert!(
        cut.as_bytes() == inputs.slice.bytes.as_slice(),
        "{} is not what {source} gives; run `cargo xtask spec slice` and commit it. Diff (committed -> cut):\n{}",
        project::SLICE_PATH,
        similar::TextDiff::from_lines(&String::from_utf8_lossy(&inputs.slice.bytes).into_owned(), &cut)
            .unified_diff()
            .context_radius(2)
    );
    let from_full =
        codegen::generate(&full, &inputs.config, Some(&inputs.lock.commit)).expect("the full spec generates");
    let from_slice = project::generate(&inputs).expect("the slice generates");
    assert_eq!(
        from_full.api, from_slice.api,
        "the slice gives a different API than the full spec"
    );
    assert_eq!(
        from_full.files, from_slice.files,
        "the slice gives different files than the full spec"
    );
}

#[test]
fn a_slice_cut_from_another_spec_is_refused_with_both_pins() {
    let root = workspace_tests::root();
    let dir = workspace_tests::prism::target_dir()
        .join("tmp")
        .join(format!("drift-stamp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    for f in [project::LOCK_PATH, project::CONFIG_PATH] {
        std::fs::copy(root.join(f), dir.join(f)).unwrap();
    }
    let inputs = workspace_tests::pinned_inputs();
    let mut doc: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).unwrap();
    doc[project::STAMP_KEY]["commit"] = "7a93b0218032c0ae9400d69e5abf0e5e89c4b528".into();
    let stamp: project::SliceStamp = serde_json::from_value(doc[project::STAMP_KEY].clone()).unwrap();
    std::fs::write(
        dir.join(project::SLICE_PATH),
        project::slice_text(&doc, &stamp).unwrap(),
    )
    .unwrap();
    let e = project::read_inputs(&dir).unwrap_err().to_string();
    assert!(e.contains("7a93b0218032c0ae9400d69e5abf0e5e89c4b528"), "{e}");
    assert!(e.contains(&inputs.lock.commit), "{e}");
    assert!(e.contains("cargo xtask spec slice"), "{e}");
    // No stamp at all.
    std::fs::write(dir.join(project::SLICE_PATH), "{\"openapi\": \"3.1.0\"}").unwrap();
    let e = project::read_inputs(&dir).unwrap_err().to_string();
    assert!(e.contains(project::SLICE_PATH) && e.contains(project::STAMP_KEY), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
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
    let original = codegen::generate(&inputs.slice.bytes, &inputs.config, Some("x")).expect("original");
    let slice: serde_json::Value = serde_json::from_slice(&inputs.slice.bytes).expect("the slice is JSON");
    let straight = serde_yaml::to_string(&to_yaml(&slice, false)).expect("yaml");
    let reversed = serde_yaml::to_string(&to_yaml(&slice, true)).expect("yaml");
    assert_ne!(straight, reversed, "the reordering must actually change the document");
    let a = codegen::build_ir(straight.as_bytes(), &inputs.config).expect("straight order");
    let b = codegen::build_ir(reversed.as_bytes(), &inputs.config).expect("reversed order");
    assert_eq!(a, b, "the IR depends on the order of keys in the spec");
    assert_eq!(
        a,
        (original.api, original.identifiers),
        "the YAML form of the slice gives a different IR than its JSON"
    );
    let provenance = || codegen::emit::Provenance {
        commit: None,
        sha256: "s".into(),
    };
    let (sa, sb) = (
        codegen::surface::Surface::of(&a.0, &a.1).expect("surface"),
        codegen::surface::Surface::of(&b.0, &b.1).expect("surface"),
    );
    assert_eq!(sa, sb, "the surface depends on the order of keys in the spec");
    let fa = codegen::emit::emit(&a.0, &a.1, &sa, &provenance()).expect("emit");
    let fb = codegen::emit::emit(&b.0, &b.1, &sb, &provenance()).expect("emit");
    assert_eq!(fa, fb);
}

/// `cargo xtask codegen --check` and `cargo xtask codegen` on a copy of the repository with
/// no `../shared` beside it, no spec cache, no `TELNYX_OPENAPI_SPEC` and cargo offline, with
/// a `curl` on the PATH that fails the test if anything tries to download. Reuses the target
/// folder, so only the copy's codegen and xtask are compiled.
#[test]
fn codegen_check_runs_offline_on_a_bare_clone() {
    let root = workspace_tests::root();
    let target = workspace_tests::prism::target_dir();
    let base = target.join("tmp").join(format!("bare-clone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let repo = base.join("repo");
    workspace_tests::copy_source(&root, &repo);
    assert!(!base.join("shared").exists());
    let bin = base.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let marker = base.join("network-used");
    let curl = bin.join("curl");
    std::fs::write(
        &curl,
        format!("#!/bin/sh\necho \"$@\" >> '{}'\nexit 1\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path: PathBuf = bin.clone();
    let joined = std::env::join_paths(
        std::iter::once(path).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let xtask = |args: &[&str]| {
        let mut cmd = workspace_tests::cargo();
        cmd.current_dir(&repo)
            .args(["xtask"])
            .args(args)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_NET_OFFLINE", "true")
            .env("PATH", &joined)
            .env_remove(xtask::lock::SPEC_ENV)
            .stdin(Stdio::null());
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    workspace_tests::progress(
        "bare clone: building the copy's xtask (offline) and running `cargo xtask codegen --check`",
    );
    let (ok, out) = xtask(&["codegen", "--check"]);
    assert!(ok, "`cargo xtask codegen --check` failed on a bare clone:\n{out}");
    assert!(out.contains("codegen --check: up to date"), "{out}");
    // The check can fail there too, and `codegen` repairs it offline.
    let models = repo.join(project::GENERATED_DIR).join("models.rs");
    let text = std::fs::read_to_string(&models).unwrap();
    std::fs::write(&models, text.replacen("pub struct", "pub struct Tampered", 1)).unwrap();
    let (ok, out) = xtask(&["codegen", "--check"]);
    assert!(
        !ok && out.contains("stale: telnyx-portout/src/generated/models.rs"),
        "{out}"
    );
    let (ok, out) = xtask(&["codegen"]);
    assert!(ok && out.contains("1 written"), "{out}");
    assert_eq!(std::fs::read_to_string(&models).unwrap(), text);
    assert!(
        !marker.exists(),
        "something tried to download: {}",
        std::fs::read_to_string(&marker).unwrap_or_default()
    );
    std::fs::remove_dir_all(&base).unwrap();
}
