//! The maintainer's loop over real upstream history, on a scratch workspace (the client crate,
//! the generator's sources, spec/, in a git repository of its own):
//!
//! 1. repinned to 7a93b02 (2025-08) and released as 0.1.0 (`release --initial`, tag v0.1.0);
//! 2. `watch` over a directory of upstream specs finds 12de4dd, repins, writes the
//!    pull-request text; `release` makes 0.2.0 (breaking, before 1.0: the minor version);
//! 3. upstream adds an optional field (12de4dd with one more property, as upstream's sync
//!    would write it) and renames a component (whose Rust name the names lock keeps), and the
//!    generator's code changes: 0.2.1, and the generator 0.2.0;
//! 4. upstream removes a field: 0.3.0.
//!
//! Each time the version, the CHANGELOG section and the pull-request text are what the diff
//! says, and cargo-semver-checks (against the previous tag) agrees with the verdict; that
//! step is skipped, saying so, where the tool is not installed. Watching a git clone, the
//! cases where nothing is written, and the record catching a generator change are tested
//! beside it.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use codegen::diff::Verdict;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::gates::{self, SemverCheck};
use xtask::project;
use xtask::release::{self, Version};
use xtask::watch::{self, Upstream, Watched};

const OLD_COMMIT: &str = "7a93b0218032c0ae9400d69e5abf0e5e89c4b528";
const NEW_COMMIT: &str = "12de4dd039fd867f7a81c8ec415e6fb6477d5687";

fn tmp(name: &str) -> PathBuf {
    workspace_tests::scratch_dir(&format!("loop-{name}"))
}

/// A workspace of its own with the two published crates as its members (so cargo-semver-checks
/// can build the client; the generator's hash is recorded by a release), spec/ and the
/// workspace's Cargo.lock; no release record and no CHANGELOG.md yet.
fn scratch(name: &str) -> PathBuf {
    let root = workspace_tests::root();
    let dir = tmp(name);
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        // The generator is a member so that Cargo.lock (which a release edits) keeps it.
        .map(|l| {
            if l.starts_with("members = ") {
                "members = [\"telnyx-portout\", \"codegen\"]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("Cargo.toml"), manifest + "\n").unwrap();
    for f in ["Cargo.lock", "README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(root.join(f), dir.join(f)).unwrap();
    }
    workspace_tests::copy_source(&root.join("telnyx-portout"), &dir.join("telnyx-portout"));
    workspace_tests::copy_source(&root.join("codegen"), &dir.join("codegen"));
    workspace_tests::copy_spec_inputs(&dir);
    std::fs::write(dir.join(".gitignore"), "/target\n/spec/.cache/\n").unwrap();
    dir
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=loop test", "-c", "user.email=loop@example.invalid"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Commits everything and tags it `tag`.
fn commit_and_tag(dir: &Path, tag: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", tag]);
    git(dir, &["tag", tag]);
}

/// A directory of upstream specs (`<commit>.yml`, `commits.txt`), as `watch --dir` reads it.
struct UpstreamDir(PathBuf);

impl UpstreamDir {
    fn push(&self, commit: &str, spec: &[u8]) {
        std::fs::write(self.0.join(format!("{commit}.yml")), spec).unwrap();
        let order = self.0.join(watch::ORDER_FILE);
        let mut text = std::fs::read_to_string(&order).unwrap_or_default();
        text.push_str(&format!("{commit}\n"));
        std::fs::write(order, text).unwrap();
    }
}

/// A made-up upstream commit hash for a derived spec.
fn commit_of(spec: &[u8]) -> String {
    codegen::sha256_hex(spec)[..40].to_string()
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

/// 12de4dd as an upstream sync that adds an optional property to `PortoutDetails` writes it.
fn with_optional_field(spec: &str) -> String {
    replace_once(
        spec,
        "    PortoutDetails:\n      properties:\n",
        "    PortoutDetails:\n      properties:\n        account_region:\n          description: Region of \
         the account the number is ported out of\n          example: us-east\n          type: string\n",
    )
}

/// Upstream renames the component `Metadata` to `portout_Metadata` (as it once did), its
/// references with it: the names lock keeps the Rust name `Metadata`.
fn with_metadata_renamed(spec: &str) -> String {
    let key = replace_once(spec, "\n    Metadata:\n", "\n    portout_Metadata:\n");
    let reference = "'#/components/schemas/Metadata'";
    assert_eq!(key.matches(reference).count(), 4);
    key.replace(reference, "'#/components/schemas/portout_Metadata'")
}

/// The same spec without `PortoutDetails.carrier_name`.
fn without_field(spec: &str) -> String {
    replace_once(
        spec,
        "        carrier_name:\n          description: Carrier the number will be ported out to\n          example: \
         test\n          type: string\n",
        "",
    )
}

/// Whether cargo-semver-checks is missing; says which step is skipped then.
fn skip_semver(step: &str) -> bool {
    if gates::semver_checks_installed() {
        return false;
    }
    workspace_tests::progress(&format!(
        "SKIPPED: cargo-semver-checks is not installed, so {step} did not run \
         (`cargo install --locked cargo-semver-checks`)"
    ));
    true
}

/// Runs cargo-semver-checks against `baseline` and checks it agrees with the release
/// (`broken`: whether the tool must find a break). Skipped, saying so, without the tool.
fn semver_agrees(dir: &Path, baseline: &str, plan: &release::Plan, broken: bool) {
    if skip_semver(&format!("the check of the {} release against {baseline}", plan.version)) {
        return;
    }
    workspace_tests::progress(&format!("cargo semver-checks {} against {baseline}", plan.version));
    let check = gates::semver_checks(dir, baseline, plan.breaking()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check, SemverCheck::Agrees { broken }, "release {}", plan.version);
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The section of `version` in the changelog.
fn section<'a>(changelog: &'a str, version: &str) -> &'a str {
    let start = changelog
        .find(&format!("## [{version}]"))
        .unwrap_or_else(|| panic!("no section {version} in\n{changelog}"));
    let rest = &changelog[start..];
    let end = rest[3..].find("\n## [").map(|i| i + 4).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn the_loop_over_real_history_versions_changelogs_and_pull_requests_follow_the_diff() {
    let dir = scratch("history");
    let up = UpstreamDir(tmp("history-upstream"));
    let old = workspace_tests::shared_spec("telnyx-openapi-7a93b02.yml");
    let new = workspace_tests::shared_spec("telnyx-openapi-12de4dd.yml");
    up.push(OLD_COMMIT, &old);
    let pr = dir.join("target").join("pr.md");

    // 1. The release at 7a93b02.
    project::repin(&dir, &old, "7a93b02.yml", Some(OLD_COMMIT)).unwrap();
    let first = release::initial(&dir, "2026-01-05").unwrap();
    assert!(first.starts_with("## [0.1.0] - 2026-01-05\n"), "{first}");
    assert!(first.contains(&format!("team-telnyx/openapi@{OLD_COMMIT}")), "{first}");
    assert!(
        release::initial(&dir, "2026-01-05").is_err(),
        "a second first release is refused"
    );
    git(&dir, &["init", "-q"]);
    commit_and_tag(&dir, "v0.1.0");
    // Upstream has not moved: nothing is written.
    match watch::watch(&dir, &Upstream::Dir(up.0.clone()), &pr).unwrap() {
        Watched::UpToDate { commit } => assert_eq!(commit, OLD_COMMIT),
        other => panic!("{other:?}"),
    }
    assert!(!pr.exists(), "nothing is written when upstream has not moved");
    assert_eq!(git(&dir, &["status", "--porcelain"]), "", "the workspace is untouched");

    // 2. Upstream moves to 12de4dd.
    up.push(NEW_COMMIT, &new);
    let Watched::Repinned {
        from,
        commits,
        repin,
        text,
    } = watch::watch(&dir, &Upstream::Dir(up.0.clone()), &pr).unwrap()
    else {
        panic!("upstream moved")
    };
    assert_eq!(
        (from.as_str(), commits.as_slice()),
        (OLD_COMMIT, [NEW_COMMIT.to_string()].as_slice())
    );
    assert_eq!(read(&pr), text);
    assert_eq!(repin.lock.commit, NEW_COMMIT);
    assert_eq!(repin.diff.verdict(), Verdict::Major);
    assert!(
        text.starts_with("Repin the spec to team-telnyx/openapi@12de4dd (major)\n"),
        "{text}"
    );
    assert!(text.contains("**Verdict: major**"), "{text}");
    // The diff's two sections, with entries of each.
    assert!(
        text.contains("Changes on the wire (what is sent or received differs):\n"),
        "{text}"
    );
    assert!(
        text.contains("+ ok       field PortoutListFilter.country_code: Option<String>\n"),
        "{text}"
    );
    assert!(
        text.contains("Changes to Rust only (the same HTTP and JSON; names or signatures differ):\n"),
        "{text}"
    );
    assert!(text.contains("- BREAKING impl PortoutEvent: Default"), "{text}");
    assert!(text.contains("## Operations skipped\n\nNone.\n"), "{text}");
    assert!(
        text.contains(&format!("cargo xtask spec update --commit {NEW_COMMIT}")),
        "{text}"
    );
    let names: Vec<String> = repin.name_notes.iter().map(|n| format!("- {n}\n")).collect();
    assert!(
        text.contains(&format!("## Names the lock kept\n\n{}", names.concat())),
        "{text}"
    );

    let plan = release::plan(&dir, Verdict::Patch).unwrap();
    assert_eq!((plan.version, plan.level), (Version(0, 2, 0), Verdict::Major));
    assert!(plan.breaking() && plan.codegen_version.is_none() && plan.generator_changed_surface.is_none());
    assert_eq!(
        plan.diff.entries, repin.diff.entries,
        "the release diff is the repin's, both from 0.1.0"
    );
    semver_agrees(&dir, "v0.1.0", &plan, true);
    release::write(&dir, &plan, "2026-02-01").unwrap();
    let changelog = read(&dir.join(release::CHANGELOG_PATH));
    let s = section(&changelog, "0.2.0");
    assert!(s.starts_with("## [0.2.0] - 2026-02-01\n\n"), "{s}");
    assert!(s.contains(&format!("team-telnyx/openapi@{NEW_COMMIT}")), "{s}");
    assert!(s.contains("API diff from 0.1.0: major ("), "{s}");
    assert!(s.contains("### Changed on the wire\n"), "{s}");
    assert!(
        s.contains("- Added field `PortoutListFilter.country_code` (`Option<String>`)\n"),
        "{s}"
    );
    assert!(
        s.contains("- **Breaking:** Changed type `PortoutEvent`: `struct` → `tagged union`"),
        "{s}"
    );
    assert!(s.contains("### Changed in Rust only\n"), "{s}");
    assert!(
        s.contains("- **Breaking:** Removed impl `PortoutEvent: Default` (`derived`)\n"),
        "{s}"
    );
    for n in &plan.kept_names {
        assert!(s.contains(&format!("- {n}\n")), "{s}");
    }
    // Every diff entry is in the section, once.
    let bullets = s.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(bullets, plan.diff.entries.len() + plan.kept_names.len(), "{s}");
    assert!(
        changelog
            .contains("[0.2.0]: https://github.com/telnyx-portout/telnyx-portout/compare/v0.1.0...v0.2.0\n[0.1.0]: ")
    );
    assert_eq!(release::crate_version(&dir, release::CLIENT).unwrap(), Version(0, 2, 0));
    assert_eq!(
        release::crate_version(&dir, release::CODEGEN).unwrap(),
        Version(0, 1, 0)
    );
    // The READMEs tell users to depend on the new caret requirement.
    assert!(read(&dir.join("README.md")).contains("telnyx-portout = { version = \"0.2\", features = [\"mock\"] }"));
    assert!(
        read(&dir.join("telnyx-portout/README.md")).contains("telnyx-portout = { version = \"0.2\", default-features")
    );
    let lock = read(&dir.join("Cargo.lock"));
    assert!(lock.contains("name = \"telnyx-portout\"\nversion = \"0.2.0\"\n"));
    let record = release::read_record(&dir).unwrap().unwrap();
    assert_eq!(
        (
            record.version.as_str(),
            record.published.as_slice(),
            record.spec_commit.as_str()
        ),
        ("0.2.0", [release::CLIENT.to_string()].as_slice(), NEW_COMMIT)
    );
    assert_eq!(
        read(&dir.join(release::RELEASED_DIR).join("surface.txt")),
        read(&dir.join(project::GENERATED_DIR).join("surface.txt"))
    );
    commit_and_tag(&dir, "v0.2.0");

    // 3. An optional field and a renamed component upstream, and a change to the generator's
    //    code.
    let added = with_metadata_renamed(&with_optional_field(std::str::from_utf8(&new).unwrap()));
    let added_commit = commit_of(added.as_bytes());
    up.push(&added_commit, added.as_bytes());
    let Watched::Repinned { repin, text, .. } = watch::watch(&dir, &Upstream::Dir(up.0.clone()), &pr).unwrap() else {
        panic!("upstream moved")
    };
    assert_eq!(repin.diff.verdict(), Verdict::Minor);
    assert!(
        text.contains("**Verdict: minor** (1 change(s), 0 breaking, 1 on the wire)"),
        "{text}"
    );
    assert!(
        text.contains("+ ok       field PortoutDetails.account_region: Option<String>\n"),
        "{text}"
    );
    let kept = "type `Metadata` kept its published name (this spec alone would name it `PortoutMetadata`)";
    assert!(
        text.contains(&format!("## Names the lock kept\n\n- {kept}\n\n")),
        "{text}"
    );
    let codegen_lib = dir.join("codegen").join("src").join("lib.rs");
    std::fs::write(
        &codegen_lib,
        read(&codegen_lib) + "\n// A change to the generator's code.\n",
    )
    .unwrap();
    // A note on hand-written code, written under [Unreleased] by hand.
    let changelog_path = dir.join(release::CHANGELOG_PATH);
    let note = "### Fixed\n\n- Retries honour `retry-after-ms` on 503.";
    std::fs::write(
        &changelog_path,
        read(&changelog_path).replacen("## [Unreleased]\n", &format!("## [Unreleased]\n\n{note}\n"), 1),
    )
    .unwrap();
    let plan = release::plan(&dir, Verdict::Patch).unwrap();
    assert_eq!((plan.version, plan.level), (Version(0, 2, 1), Verdict::Minor));
    assert_eq!(plan.codegen_version, Some(Version(0, 2, 0)));
    assert!(!plan.breaking());
    semver_agrees(&dir, "v0.2.0", &plan, false);
    release::write(&dir, &plan, "2026-03-01").unwrap();
    let changelog = read(&dir.join(release::CHANGELOG_PATH));
    let s = section(&changelog, "0.2.1");
    assert!(s.trim_end().ends_with(note), "the note moves into the release: {s}");
    assert!(changelog.contains("## [Unreleased]\n\n## [0.2.1]"), "{changelog}");
    assert!(
        s.contains("API diff from 0.2.0: minor (1 change(s), 0 breaking, 1 on the wire)"),
        "{s}"
    );
    assert!(
        s.contains("### Changed on the wire\n\n- Added field `PortoutDetails.account_region` (`Option<String>`)\n"),
        "{s}"
    );
    assert!(!s.contains("### Changed in Rust only"), "{s}");
    assert!(s.contains(&format!("### Names kept\n\n- {kept}\n")), "{s}");
    assert!(
        s.contains("`telnyx-portout-codegen` 0.2.0: the generator's code changed since 0.1.0."),
        "{s}"
    );
    assert!(!s.contains("Breaking"), "{s}");
    assert_eq!(
        release::crate_version(&dir, release::CODEGEN).unwrap(),
        Version(0, 2, 0)
    );
    let record = release::read_record(&dir).unwrap().unwrap();
    assert_eq!(
        record.published,
        [release::CODEGEN.to_string(), release::CLIENT.to_string()]
    );
    commit_and_tag(&dir, "v0.2.1");

    // 4. A field removed.
    let removed = without_field(&added);
    let removed_commit = commit_of(removed.as_bytes());
    up.push(&removed_commit, removed.as_bytes());
    let Watched::Repinned { repin, text, .. } = watch::watch(&dir, &Upstream::Dir(up.0.clone()), &pr).unwrap() else {
        panic!("upstream moved")
    };
    assert_eq!(repin.diff.verdict(), Verdict::Major);
    assert!(
        text.contains("- BREAKING field PortoutDetails.carrier_name: Option<String>\n"),
        "{text}"
    );
    let plan = release::plan(&dir, Verdict::Patch).unwrap();
    assert_eq!((plan.version, plan.level), (Version(0, 3, 0), Verdict::Major));
    assert_eq!(
        plan.codegen_version, None,
        "the generator's code did not change since 0.2.1"
    );
    assert!(plan.breaking());
    // The tool finds the removal (so it agrees with this release), and a verdict that called
    // it non-breaking would fail the release, with the tool's report.
    if !skip_semver(&format!("the check of the {} release against v0.2.1", plan.version)) {
        let err = gates::semver_checks(&dir, "v0.2.1", false).unwrap_err();
        assert!(err.contains("the verdict calls non-breaking"), "{err}");
        assert!(err.contains("carrier_name"), "the tool's report names the field: {err}");
    }
    release::write(&dir, &plan, "2026-04-01").unwrap();
    let changelog = read(&dir.join(release::CHANGELOG_PATH));
    let s = section(&changelog, "0.3.0");
    assert!(!s.contains("### Names kept"), "kept since 0.2.1 already: {s}");
    assert!(s.contains(&format!("team-telnyx/openapi@{removed_commit}")), "{s}");
    assert!(
        s.contains("- **Breaking:** Removed field `PortoutDetails.carrier_name` (`Option<String>`)\n"),
        "{s}"
    );
    // The sections are newest first, each once.
    let order: Vec<usize> = [
        "## [Unreleased]",
        "## [0.3.0]",
        "## [0.2.1]",
        "## [0.2.0]",
        "## [0.1.0]",
    ]
    .iter()
    .map(|h| {
        assert_eq!(changelog.matches(h).count(), 1, "{h}");
        changelog.find(h).unwrap()
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{changelog}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&up.0);
}

/// `watch --repo`: the commits of `openapi/spec3.yml` in a git clone (other commits are not
/// spec commits), the newest after the pin; nothing when the pin is the newest; a pin the
/// clone does not have is an error naming it.
#[test]
fn watching_a_git_clone_takes_the_newest_commit_of_the_spec_after_the_pin() {
    let dir = scratch("git");
    let repo = tmp("git-upstream");
    git(&repo, &["init", "-q"]);
    let spec = repo.join("openapi").join("spec3.yml");
    std::fs::create_dir_all(spec.parent().unwrap()).unwrap();
    let new = workspace_tests::shared_spec("telnyx-openapi-12de4dd.yml");
    let commit = |message: &str| {
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", message]);
        git(&repo, &["rev-parse", "HEAD"])
    };
    std::fs::write(&spec, &new).unwrap();
    let first = commit("sync 1");
    let added = with_optional_field(std::str::from_utf8(&new).unwrap());
    std::fs::write(&spec, &added).unwrap();
    let second = commit("sync 2");
    std::fs::write(repo.join("README.md"), "not the spec\n").unwrap();
    commit("docs");
    let upstream = Upstream::Repo(repo.clone());
    let pr = dir.join("pr.md");

    project::repin(&dir, &new, "first", Some(&first)).unwrap();
    let Watched::Repinned {
        commits, repin, text, ..
    } = watch::watch(&dir, &upstream, &pr).unwrap()
    else {
        panic!("upstream moved")
    };
    assert_eq!(commits, std::slice::from_ref(&second));
    assert_eq!(repin.lock.commit, second);
    assert_eq!(read(&pr), text);
    assert!(text.contains("(1 commit(s) of the spec since the pin"), "{text}");
    assert!(
        text.contains("+ ok       field PortoutDetails.account_region"),
        "{text}"
    );
    std::fs::remove_file(&pr).unwrap();
    assert!(matches!(
        watch::watch(&dir, &upstream, &pr).unwrap(),
        Watched::UpToDate { commit } if commit == second
    ));
    assert!(!pr.exists());

    let stranger = "0123456789abcdef0123456789abcdef01234567";
    project::repin(&dir, &new, "elsewhere", Some(stranger)).unwrap();
    let err = watch::watch(&dir, &upstream, &pr).unwrap_err();
    assert!(err.contains(stranger) && err.contains("openapi/spec3.yml"), "{err}");
    project::repin(&dir, &new, "a local file", None).unwrap();
    let err = watch::watch(&dir, &upstream, &pr).unwrap_err();
    assert!(err.contains("pinned from a local file"), "{err}");
    assert!(!pr.exists());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&repo);
}

/// A directory whose commits.txt is malformed is refused with the file and line.
#[test]
fn a_bad_commits_file_is_refused_with_its_line() {
    let up = tmp("bad-order");
    std::fs::write(
        up.join(watch::ORDER_FILE),
        format!("# oldest first\n{OLD_COMMIT}\nnot-a-commit\n"),
    )
    .unwrap();
    let err = Upstream::Dir(up.clone()).commits("openapi/spec3.yml").unwrap_err();
    assert!(err.contains("commits.txt:3: `not-a-commit`"), "{err}");
    let err = Upstream::Dir(up.join("missing"))
        .commits("openapi/spec3.yml")
        .unwrap_err();
    assert!(err.contains("commits.txt"), "{err}");
    let _ = std::fs::remove_dir_all(&up);
}

/// A release needs the record of the last one; the drift gate fails on stale generated code;
/// the record notices a generator change to the released surface (its inputs no longer give
/// its surface.txt) and releases it as breaking; versions bumped by hand are refused; and
/// the declared change of hand-written code raises the level.
#[test]
fn the_release_record_catches_generator_changes_and_hand_bumped_versions() {
    let dir = scratch("record");
    let err = release::plan(&dir, Verdict::Patch).unwrap_err();
    assert!(err.contains("cargo xtask release --initial"), "{err}");
    release::initial(&dir, "2026-01-05").unwrap();
    // The drift gate: the committed generated code must be the generator's output.
    gates::drift(&dir).unwrap();
    let models = dir.join(project::GENERATED_DIR).join("models.rs");
    let committed = read(&models);
    std::fs::write(&models, committed.replacen("pub struct", "pub(crate) struct", 1)).unwrap();
    let err = gates::drift(&dir).unwrap_err();
    assert!(err.contains("stale: telnyx-portout/src/generated/models.rs"), "{err}");
    std::fs::write(&models, committed).unwrap();
    let plan = release::plan(&dir, Verdict::Patch).unwrap();
    assert_eq!((plan.version, plan.level), (Version(0, 1, 1), Verdict::Patch));
    assert!(plan.diff.entries.is_empty());
    let plan = release::plan(&dir, Verdict::Major).unwrap();
    assert_eq!(
        (plan.version, plan.level),
        (Version(0, 2, 0), Verdict::Major),
        "--hand-written major"
    );

    let surface = dir.join(release::RELEASED_DIR).join("surface.txt");
    let text = read(&surface);
    std::fs::write(
        &surface,
        text.replacen(
            "type Metadata: struct, Default",
            "type Metadata: struct, Copy, Default",
            1,
        ),
    )
    .unwrap();
    let plan = release::plan(&dir, Verdict::Patch).unwrap();
    assert_eq!((plan.version, plan.level), (Version(0, 2, 0), Verdict::Major));
    let change = plan.generator_changed_surface.as_deref().unwrap();
    assert!(
        change.contains("-type Metadata: struct, Copy, Default") && change.contains("+type Metadata: struct, Default"),
        "{change}"
    );
    assert!(release::changelog_body(&plan).contains("### Generator\n"));
    std::fs::write(&surface, text).unwrap();

    let manifest = dir.join("telnyx-portout").join("Cargo.toml");
    let m = read(&manifest);
    std::fs::write(&manifest, release::set_manifest_version(&m, "0.4.0").unwrap()).unwrap();
    let err = release::plan(&dir, Verdict::Patch).unwrap_err();
    assert!(err.contains("0.4.0") && err.contains("0.1.0"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Signatures with backticks (`union tagged by `event_type``) stay one code span.
#[test]
fn changelog_code_spans_hold_backticks() {
    assert_eq!(release::code("Option<String>"), "`Option<String>`");
    assert_eq!(
        release::code("union tagged by `event_type`"),
        "`` union tagged by `event_type` ``"
    );
    assert_eq!(release::code("a ``b`` c"), "``` a ``b`` c ```");
}

#[test]
fn versions_follow_semver_before_and_after_1_0() {
    let v = |s: &str| Version::parse(s).unwrap();
    assert_eq!(v("0.1.0").next(Verdict::Major), v("0.2.0"));
    assert_eq!(v("0.1.3").next(Verdict::Minor), v("0.1.4"));
    assert_eq!(v("0.1.3").next(Verdict::Patch), v("0.1.4"));
    assert_eq!(v("1.2.3").next(Verdict::Major), v("2.0.0"));
    assert_eq!(v("1.2.3").next(Verdict::Minor), v("1.3.0"));
    assert_eq!(v("1.2.3").next(Verdict::Patch), v("1.2.4"));
    assert!(v("0.1.0").allows_breaking(v("0.2.0")) && !v("0.1.0").allows_breaking(v("0.1.1")));
    assert!(v("1.2.3").allows_breaking(v("2.0.0")) && !v("1.2.3").allows_breaking(v("1.3.0")));
    for bad in ["1.2", "1.2.3-rc.1", "v1.2.3", "1.2.x"] {
        assert!(Version::parse(bad).is_err(), "{bad}");
    }
}
