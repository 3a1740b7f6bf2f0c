//! The checks a release must pass, each the command a maintainer (and CI, `.ci/run` and
//! `.github/workflows/ci.yml`) runs: the drift check, the tests, `cargo publish --dry-run`,
//! the docs with warnings denied (`cargo xtask docs`), and cargo-semver-checks against the
//! previous release.

use crate::project;
use std::path::Path;
use std::process::Command;

/// Runs `cmd` in `root` with its output shown; an error naming `what` if it fails.
pub fn run(root: &Path, mut cmd: Command, what: &str) -> Result<(), String> {
    cmd.current_dir(root);
    eprintln!("release gate: {what}");
    let status = cmd.status().map_err(|e| format!("{what}: could not run: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The committed generated code and names lock are the generator's output (`cargo xtask
/// codegen --check`).
pub fn drift(root: &Path) -> Result<(), String> {
    let inputs = project::read_inputs(root).map_err(|e| e.to_string())?;
    let generated = project::generate(&inputs).map_err(|e| e.to_string())?;
    let stale = project::stale(root, &generated).map_err(|e| e.to_string())?;
    if stale.is_current() {
        Ok(())
    } else {
        Err(format!(
            "the generated code or the names lock is stale (run `cargo xtask codegen`):\n{}",
            project::render_drift(&stale.files)
        ))
    }
}

/// `cargo test --workspace --locked`.
pub fn tests(root: &Path) -> Result<(), String> {
    let mut cmd = crate::cargo::command();
    cmd.args(["test", "--workspace", "--locked"]);
    run(root, cmd, "cargo test --workspace --locked")
}

/// `cargo publish --dry-run -p CRATE --locked` for each crate.
pub fn publish_dry_run(root: &Path, crates: &[String]) -> Result<(), String> {
    for name in crates {
        let mut cmd = crate::cargo::command();
        cmd.args(["publish", "--dry-run", "--locked", "--allow-dirty", "-p", name]);
        run(root, cmd, &format!("cargo publish --dry-run -p {name}"))?;
    }
    Ok(())
}

/// The features `[package.metadata.docs.rs]` of the client's manifest names (what the
/// documentation host builds with).
pub fn docs_rs_features(root: &Path) -> Result<Vec<String>, String> {
    let path = root.join("telnyx-portout").join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut in_section = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_section = t == "[package.metadata.docs.rs]";
        } else if let Some(list) = t.strip_prefix("features").filter(|_| in_section) {
            let list = list.trim_start().trim_start_matches('=').trim();
            let inner = list
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
                .ok_or_else(|| {
                    format!(
                        "{}: `features` of [package.metadata.docs.rs] is not a one-line list",
                        path.display()
                    )
                })?;
            return Ok(inner
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_string())
                .filter(|f| !f.is_empty())
                .collect());
        }
    }
    Err(format!(
        "{}: no `features` in [package.metadata.docs.rs]",
        path.display()
    ))
}

/// The docs of both published crates with rustdoc's warnings denied (a broken intra-doc link
/// fails): the client with its default features and with the documentation host's, and the
/// generator. `cargo xtask docs`.
pub fn docs(root: &Path) -> Result<(), String> {
    let features = docs_rs_features(root)?.join(",");
    let runs: [(&str, Vec<&str>); 3] = [
        ("telnyx-portout (default features)", vec!["-p", "telnyx-portout"]),
        (
            "telnyx-portout (the features of package.metadata.docs.rs)",
            vec!["-p", "telnyx-portout", "--no-default-features", "--features", &features],
        ),
        ("telnyx-portout-codegen", vec!["-p", "telnyx-portout-codegen"]),
    ];
    for (what, args) in runs {
        let mut cmd = crate::cargo::command();
        cmd.args(["doc", "--no-deps", "--locked"]).args(args);
        cmd.env("RUSTDOCFLAGS", "-D warnings");
        run(root, cmd, &format!("docs of {what}, RUSTDOCFLAGS=-D warnings"))?;
    }
    Ok(())
}

/// Whether `cargo semver-checks` runs here.
pub fn semver_checks_installed() -> bool {
    crate::cargo::command()
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What cargo-semver-checks said, measured against the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SemverCheck {
    /// Both found a break, or neither.
    Agrees {
        /// Whether the tool found a break.
        broken: bool,
    },
    /// The verdict calls the release breaking, the tool finds no break in the compiled API
    /// (reported, not failed: the diff also judges the wire, which the tool cannot see).
    OverCautious,
}

/// Runs cargo-semver-checks on the client with the release tagged `baseline_rev` as its
/// baseline and the documentation host's features, and compares with `breaking` (whether the
/// release's version allows breaking changes). An error when the tool finds a break the
/// verdict called non-breaking (with the tool's report), or when it cannot run.
pub fn semver_checks(root: &Path, baseline_rev: &str, breaking: bool) -> Result<SemverCheck, String> {
    let features = docs_rs_features(root)?;
    let mut cmd = crate::cargo::command();
    cmd.current_dir(root)
        .args([
            "semver-checks",
            "check-release",
            "-p",
            "telnyx-portout",
            "--baseline-rev",
            baseline_rev,
        ])
        // `minor`: any change that needs a breaking release fails (on 0.x too).
        .args(["--release-type", "minor", "--only-explicit-features"]);
    for f in &features {
        cmd.args(["--features", f]);
    }
    eprintln!("release gate: cargo semver-checks against {baseline_rev}");
    let out = cmd.output().map_err(|e| format!("running cargo semver-checks: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let broken = if out.status.success() {
        false
    } else if text.contains("requires new major version") {
        true
    } else {
        return Err(format!("cargo semver-checks could not check the release:\n{text}"));
    };
    match (broken, breaking) {
        (true, false) => Err(format!(
            "cargo semver-checks finds a breaking change against {baseline_rev} that the verdict calls \
             non-breaking; fix the diff's rules (codegen/src/diff.rs) or, for hand-written code, release with \
             `--hand-written major`:\n{text}"
        )),
        (false, true) => Ok(SemverCheck::OverCautious),
        (broken, _) => Ok(SemverCheck::Agrees { broken }),
    }
}
