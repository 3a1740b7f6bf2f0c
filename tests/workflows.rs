//! The GitHub Actions workflows (`.github/workflows/`), which cannot run here: they pass the
//! workflow linter (actionlint, installed by the test), and their steps are the commands a
//! maintainer runs locally (`bash .ci/run`, `cargo xtask watch`, `cargo xtask publish`), each
//! of which exists.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

fn workflows() -> Vec<PathBuf> {
    let dir = workspace_tests::root().join(".github").join("workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    files
}

fn read(name: &str) -> String {
    let path = workspace_tests::root().join(".github").join("workflows").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_workflows_pass_the_linter() {
    let files = workflows();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["ci.yml", "release.yml", "watch.yml"]);
    let findings = workspace_tests::actionlint::lint(&files).unwrap_or_else(|e| panic!("{e}"));
    assert!(findings.is_empty(), "actionlint:\n{}", findings.join("\n"));
}

/// The linter finds what is wrong: a workflow with an undefined job dependency, a mistyped
/// context and a permission that does not exist is reported at each place.
#[test]
fn the_linter_reports_a_broken_workflow() {
    let dir = workspace_tests::prism::target_dir()
        .join("tmp")
        .join(format!("workflows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\npermissions:\n  id-tokens: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [b]\n    \
         steps:\n      - run: echo ${{ github.ref_nam }}\n",
    )
    .unwrap();
    let findings = workspace_tests::actionlint::lint(std::slice::from_ref(&broken)).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let kinds: Vec<&str> = findings
        .iter()
        .map(|f| f.rsplit_once('[').map(|(_, k)| k.trim_end_matches(']')).unwrap_or(""))
        .collect();
    assert!(kinds.contains(&"permissions"), "{findings:#?}");
    assert!(kinds.contains(&"job-needs"), "{findings:#?}");
    assert!(kinds.contains(&"expression"), "{findings:#?}");
}

/// Pull requests run exactly `.ci/run`; the release publishes only after it, with a
/// short-lived token from trusted publishing (OIDC) and no stored secret; the scheduled job
/// runs the watch and opens a pull request with its text.
#[test]
fn the_workflows_run_the_maintainers_commands() {
    let ci = read("ci.yml");
    assert!(ci.contains("run: bash .ci/run\n"), "{ci}");
    assert!(ci.contains("pull_request:"), "{ci}");

    let release = read("release.yml");
    assert!(release.contains("tags: [\"v*\"]"), "{release}");
    assert!(release.contains("run: bash .ci/run\n"), "{release}");
    assert!(release.contains("needs: checks"), "{release}");
    assert!(release.contains("id-token: write"), "{release}");
    assert!(
        release.contains("uses: rust-lang/crates-io-auth-action@v1"),
        "{release}"
    );
    assert!(
        release.contains("CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}"),
        "{release}"
    );
    assert!(!release.contains("secrets."), "no stored token: {release}");
    assert!(
        release.contains("run: cargo xtask publish --tag \"$GITHUB_REF_NAME\""),
        "{release}"
    );

    let watch = read("watch.yml");
    assert!(watch.contains("schedule:"), "{watch}");
    assert!(
        watch.contains("run: cargo xtask watch --repo target/upstream --pr-text target/watch-pr.md"),
        "{watch}"
    );
    assert!(watch.contains("body-path: target/watch-pr-body.md"), "{watch}");
}

/// Every `cargo xtask` command a workflow runs exists (its `--help` succeeds).
#[test]
fn the_xtask_commands_of_the_workflows_exist() {
    let mut commands = Vec::new();
    for file in workflows() {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("run: cargo xtask ") {
                commands.push(rest.split_whitespace().next().unwrap().to_string());
            }
        }
    }
    commands.sort();
    commands.dedup();
    assert_eq!(commands, ["publish", "watch"]);
    for c in commands {
        let out = workspace_tests::cargo()
            .current_dir(workspace_tests::root())
            .args(["run", "--quiet", "--package", "xtask", "--", &c, "--help"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo xtask {c} --help: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("cargo xtask {c}")));
    }
}
