//! The maintainer's loop: `cargo xtask watch`, `release`, `publish` and `docs` (the library
//! side is `xtask::watch`, `xtask::release` and `xtask::gates`).

use crate::{check_args, flag_value};
use codegen::diff::Verdict;
use std::path::PathBuf;
use xtask::gates::{self, SemverCheck};
use xtask::project;
use xtask::release;
use xtask::watch::{self, Upstream, Watched};

const WATCH_HELP: &str = "\
cargo xtask watch (--repo PATH | --dir PATH) [--pr-text PATH]

Finds the newest upstream commit of the spec (the lock's `path`, openapi/spec3.yml) after the
pin, repins to it as `spec update --commit` does (atomically; names kept by the names lock),
checks that the workspace still compiles, and writes the pull-request text: the verdict, the
public-API diff (changes on the wire and to Rust only), the names the lock kept, the operations
skipped. Writes nothing, and says so, when upstream has not moved past the pin.

  --repo PATH      a git clone of the upstream repository (team-telnyx/openapi)
  --dir PATH       a directory of spec files `<commit>.yml` with commits.txt listing the
                   commits oldest first (the output of
                   `git log --reverse --format=%H -- openapi/spec3.yml`)
  --pr-text PATH   where to write the pull-request text (default target/watch-pr.md); its
                   first line is the title
";

const RELEASE_HELP: &str = "\
cargo xtask release [--hand-written LEVEL] [--date YYYY-MM-DD] [--dry-run]
cargo xtask release --initial [--date YYYY-MM-DD]

Computes the next version from the public-API diff between the last release (the record in
spec/released/) and today's generated code: before 1.0 a breaking change bumps the minor
version and anything else the patch; from 1.0 major, minor or patch. Then it checks the
workspace (the drift check, `cargo test --workspace`, the docs with warnings denied, `cargo
publish --dry-run`, and cargo-semver-checks against the tag v<last version>, which must agree
with the verdict), and only then bumps the manifests (the generator crate only when its code
changed since the last release), writes the CHANGELOG.md section from the diff and records the
release in spec/released/. Commit, tag v<version> and push the tag: the release workflow
publishes (cargo xtask publish).

  --hand-written LEVEL   patch (default), minor or major: how much the hand-written API
                         (runtime, webhooks, the mock kit) changed, which the diff does not see
  --date YYYY-MM-DD      the release date (default: today, UTC)
  --dry-run              print the version and the changelog section; write and check nothing
  --initial              record today's workspace as the first release, at the manifests'
                         versions, and start CHANGELOG.md

The gates cannot be skipped (tests/maintainer_loop.rs drives the library's steps instead).
";

const PUBLISH_HELP: &str = "\
cargo xtask publish [--tag TAG] [--dry-run]

Publishes the crates the last release (spec/released/release.yaml) bumped, with `cargo publish
--locked`, after checking that TAG (default: $GITHUB_REF_NAME when set) is v<its version> and
that the manifests carry the recorded versions. The release workflow runs it with a short-lived
token from crates.io's trusted publishing (no stored token).

  --tag TAG    the git tag being released
  --dry-run    `cargo publish --dry-run` instead
";

const DOCS_HELP: &str = "\
cargo xtask docs

Builds the published crates' docs with RUSTDOCFLAGS=-D warnings (a broken intra-doc link
fails): telnyx-portout with its default features and with the features of
[package.metadata.docs.rs] (what docs.rs builds), and telnyx-portout-codegen.
";

pub fn watch(args: &[String]) -> Result<(), String> {
    if !check_args(args, WATCH_HELP, &["--repo", "--dir", "--pr-text"], &[])? {
        return Ok(());
    }
    let upstream = match (flag_value(args, "--repo")?, flag_value(args, "--dir")?) {
        (Some(r), None) => Upstream::Repo(PathBuf::from(r)),
        (None, Some(d)) => Upstream::Dir(PathBuf::from(d)),
        _ => return Err(format!("watch needs one of --repo PATH or --dir PATH\n\n{WATCH_HELP}")),
    };
    let root = project::workspace_root();
    let pr_text = flag_value(args, "--pr-text")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target").join("watch-pr.md"));
    match watch::watch(&root, &upstream, &pr_text)? {
        Watched::UpToDate { commit } => {
            println!("watch: upstream has not moved past the pin ({commit}); nothing written");
            Ok(())
        }
        Watched::Repinned {
            commits, repin, text, ..
        } => {
            print!("{text}");
            println!(
                "watch: repinned to {} ({} new commit(s) of the spec); pull-request text in {}",
                repin.lock.commit,
                commits.len(),
                pr_text.display()
            );
            println!(
                "watch: checking the config's renames and that the workspace still compiles (cargo check --workspace --all-targets)"
            );
            if let Err(problem) = xtask::compiles::after_repin(&root, &repin, crate::spec::HAND_WRITTEN) {
                let text = format!("{text}## Not ready to merge\n\n```text\n{problem}\n```\n");
                project::write_atomic(&pr_text, &text).map_err(|e| e.to_string())?;
                return Err(problem);
            }
            Ok(())
        }
    }
}

fn level(text: &str) -> Result<Verdict, String> {
    match text {
        "patch" => Ok(Verdict::Patch),
        "minor" => Ok(Verdict::Minor),
        "major" => Ok(Verdict::Major),
        other => Err(format!("`{other}` is not patch, minor or major")),
    }
}

pub fn release(args: &[String]) -> Result<(), String> {
    if !check_args(
        args,
        RELEASE_HELP,
        &["--hand-written", "--date"],
        &["--dry-run", "--initial"],
    )? {
        return Ok(());
    }
    let root = project::workspace_root();
    let has = |s: &str| args.iter().any(|a| a == s);
    let date = flag_value(args, "--date")?.unwrap_or_else(release::today);
    if has("--initial") {
        let section = release::initial(&root, &date)?;
        print!("{section}");
        println!(
            "release: recorded the first release in {}; commit, then tag it",
            release::RELEASED_DIR
        );
        return Ok(());
    }
    let hand_written = flag_value(args, "--hand-written")?
        .map(|l| level(&l))
        .transpose()?
        .unwrap_or(Verdict::Patch);
    let plan = release::plan(&root, hand_written)?;
    println!(
        "release: {} -> {} ({}; the diff's verdict is {}){}",
        plan.previous.version,
        plan.version,
        plan.level,
        plan.diff.verdict(),
        match plan.codegen_version {
            Some(v) => format!("; {} {} -> {v}", release::CODEGEN, plan.previous.codegen_version),
            None => String::new(),
        }
    );
    if has("--dry-run") {
        print!("{}", release::changelog_body(&plan));
        return Ok(());
    }
    gates::drift(&root)?;
    gates::tests(&root)?;
    gates::docs(&root)?;
    gates::publish_dry_run(&root, &plan.published())?;
    if !gates::semver_checks_installed() {
        return Err(
            "cargo-semver-checks is not installed (`cargo install --locked cargo-semver-checks`); \
             a release checks its verdict against the compiled API"
                .into(),
        );
    }
    match gates::semver_checks(&root, &format!("v{}", plan.previous.version), plan.breaking())? {
        SemverCheck::Agrees { broken } => println!(
            "release: cargo-semver-checks agrees ({})",
            if broken { "breaking" } else { "no break" }
        ),
        SemverCheck::OverCautious => println!(
            "release: note: the verdict calls this release breaking, cargo-semver-checks finds no break in the \
             compiled API (a change on the wire only, or an over-cautious rule)"
        ),
    }
    let section = release::write(&root, &plan, &date)?;
    print!("{section}");
    println!(
        "release: wrote {}, the manifests and {}; review, commit, `git tag v{}` and push the tag",
        release::CHANGELOG_PATH,
        release::RELEASED_DIR,
        plan.version
    );
    Ok(())
}

pub fn publish(args: &[String]) -> Result<(), String> {
    if !check_args(args, PUBLISH_HELP, &["--tag"], &["--dry-run"])? {
        return Ok(());
    }
    let root = project::workspace_root();
    let record = release::read_record(&root)?
        .ok_or_else(|| format!("no {}/release.yaml: nothing was released", release::RELEASED_DIR))?;
    let tag = flag_value(args, "--tag")?.or_else(|| std::env::var("GITHUB_REF_NAME").ok().filter(|t| !t.is_empty()));
    if let Some(tag) = &tag {
        if *tag != format!("v{}", record.version) {
            return Err(format!(
                "the tag `{tag}` is not the last release's (v{}, {}/release.yaml)",
                record.version,
                release::RELEASED_DIR
            ));
        }
    }
    for (name, recorded) in [
        (release::CLIENT, &record.version),
        (release::CODEGEN, &record.codegen_version),
    ] {
        let v = release::crate_version(&root, name)?;
        if v.to_string() != *recorded {
            return Err(format!(
                "{name} is at {v} in its manifest, but the release records {recorded}"
            ));
        }
    }
    for name in &record.published {
        let mut cmd = xtask::cargo::command();
        cmd.args(["publish", "--locked", "-p", name]);
        if args.iter().any(|a| a == "--dry-run") {
            cmd.arg("--dry-run");
        }
        gates::run(&root, cmd, &format!("cargo publish -p {name}"))?;
    }
    Ok(())
}

pub fn docs(args: &[String]) -> Result<(), String> {
    if !check_args(args, DOCS_HELP, &[], &[])? {
        return Ok(());
    }
    gates::docs(&project::workspace_root())?;
    println!("docs: no warnings");
    Ok(())
}
