//! `cargo xtask spec ...` and `cargo xtask full-spec`.

use crate::{check_args, flag_value};
use std::path::{Path, PathBuf};
use xtask::lock::SpecLock;
use xtask::project;

const SPEC_HELP: &str = "\
cargo xtask spec <slice|update|diff> [--help]

  spec slice [--out PATH] [--spec PATH]      re-cut the committed slice from the pinned full spec
  spec update --commit SHA                   repin to an upstream commit (downloads it)
  spec update --file PATH [--commit SHA]     repin to a local file
  spec diff --old PATH --new PATH            the public-API diff between two spec files
";

const SLICE_HELP: &str = "\
cargo xtask spec slice [--out PATH] [--spec PATH]

Cuts the part of the pinned full spec that the operations of spec/portouts.yaml reach, stamped
with the upstream commit and the full spec's sha256, and writes it to spec/portouts.slice.json
(what `cargo xtask codegen` reads), or to PATH with --out. Needed after changing which
operations spec/portouts.yaml selects; `spec update` does it too.

  --out PATH    write the slice here instead of spec/portouts.slice.json
  --spec PATH   the full spec (default: $TELNYX_OPENAPI_SPEC, spec/.cache/, or download);
                its sha256 must be the one the lock pins
";

const UPDATE_HELP: &str = "\
cargo xtask spec update --commit SHA
cargo xtask spec update --file PATH [--commit SHA]

Repins to another version of the upstream spec: rewrites spec/telnyx-openapi.lock.yaml and
spec/portouts.slice.json, regenerates telnyx-portout/src/generated, and prints the public-API
diff against the previous generation with a verdict (patch, minor or major), and the types that
kept their published names (spec/names.lock.yaml). All or nothing: a failure, or a kill, leaves
the previous pin and code in place. Then it checks that the whole workspace still compiles; if
not, it exits non-zero with the compiler's errors and the generated names the hand-written code
uses that the new spec removed or changed, leaving the new pin in place to fix or revert.

  --commit SHA   the upstream commit (40 hex digits); without --file, openapi/spec3.yml at
                 that commit is downloaded into spec/.cache/
  --file PATH    take the spec from this file; without --commit the lock records no commit
                 and no download URL
";

const DIFF_HELP: &str = "\
cargo xtask spec diff --old PATH --new PATH

Prints the public-API diff (with the current spec/portouts.yaml) between two spec files, each
marked BREAKING or ok, with a verdict. Writes nothing.
";

const FULL_SPEC_HELP: &str = "\
cargo xtask full-spec [--spec PATH | --unpinned PATH] [--no-check]
cargo xtask full-spec --exercise [--mode static|dynamic] [--seed N] [--decoding strict|tolerant]
                      [--only TEXT] [--spec PATH | --unpinned PATH]

Generates every operation of the pinned full spec (config spec/full.yaml) into
target/full-spec, a copy of the telnyx-portout crate with the whole API as its generated code,
and `cargo check`s it. Lists the operations it cannot express, with the reason.

  --spec PATH       the full spec (default: $TELNYX_OPENAPI_SPEC, spec/.cache/, or download);
                    its sha256 must be the one the lock pins
  --unpinned PATH   any other version of the spec (sha256 not checked), generated into
                    target/full-spec-<sha256 prefix>
  --no-check        generate only

  --exercise        instead of checking: build the crate with an exerciser that calls every
                    generated operation (see tests/exercise/README.md) and run it against
                    Prism serving the same spec; writes the report to
                    <crate>/exercise/<mode>.{txt,json} and fails on any request violation or
                    decode failure that tests/exercise/known-faults.yaml does not list
  --mode M          static (the spec's examples; the default) or dynamic (generated data)
  --seed N          dynamic mode's seed (default 1)
  --decoding D      strict (the default: any deviation of a response from the spec is a
                    decode failure) or tolerant (the client's default mode: responses read
                    with deviations count as decoded and every deviation is listed; a decode
                    failure is a call the client lost)
  --only TEXT       call only the operations whose `METHOD /path` contains TEXT
";

pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("slice") => slice(&args[1..]),
        Some("update") => update(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("--help") | Some("-h") | Some("help") => {
            print!("{SPEC_HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown `spec` command `{other}`\n\n{SPEC_HELP}")),
        None => Err(format!("`spec` needs a command\n\n{SPEC_HELP}")),
    }
}

fn slice(args: &[String]) -> Result<(), String> {
    if !check_args(args, SLICE_HELP, &["--out", "--spec"], &[])? {
        return Ok(());
    }
    let explicit = flag_value(args, "--spec")?.map(PathBuf::from);
    let root = project::workspace_root();
    let lock = SpecLock::read(&root.join(project::LOCK_PATH)).map_err(|e| e.to_string())?;
    let config = project::read_config(&root.join(project::CONFIG_PATH)).map_err(|e| e.to_string())?;
    let given = xtask::lock::given_or_env(explicit.as_deref());
    let (path, full) = project::full_spec(&root, &lock, given.as_deref(), true).map_err(|e| e.to_string())?;
    let text = project::cut_slice(&full, &config, &lock, &path.display().to_string()).map_err(|e| e.to_string())?;
    let out = match flag_value(args, "--out")? {
        Some(o) => PathBuf::from(o),
        None => root.join(project::SLICE_PATH),
    };
    project::write_atomic(&out, &text).map_err(|e| e.to_string())?;
    println!(
        "spec slice: wrote {} ({} bytes, from {})",
        out.display(),
        text.len(),
        path.display()
    );
    Ok(())
}

/// The hand-written code that uses generated names (searched when a repin breaks the build).
pub const HAND_WRITTEN: &[&str] = &["telnyx-portout", "tests", "examples", "xtask", "benches"];

/// `spec update --commit SHA` (download) or `--file PATH [--commit SHA]`: repin, regenerate,
/// print the API diff.
fn update(args: &[String]) -> Result<(), String> {
    if !check_args(args, UPDATE_HELP, &["--commit", "--file"], &[])? {
        return Ok(());
    }
    let root = project::workspace_root();
    let commit = flag_value(args, "--commit")?;
    let file = flag_value(args, "--file")?.map(PathBuf::from);
    let old_lock = SpecLock::read(&root.join(project::LOCK_PATH)).map_err(|e| e.to_string())?;
    let (bytes, source) = match (&commit, &file) {
        (_, Some(f)) => (
            std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?,
            f.display().to_string(),
        ),
        (Some(c), None) => {
            let url = SpecLock::url_for(&old_lock.repository, &old_lock.path, c);
            // The repin keeps the bytes in the cache (named by sha256).
            let bytes = xtask::lock::download(&url, &root.join(project::CACHE_DIR)).map_err(|e| e.to_string())?;
            (bytes, format!("downloaded from {url}"))
        }
        (None, None) => {
            return Err(format!(
                "spec update needs --commit SHA, or --file PATH\n\n{UPDATE_HELP}"
            ));
        }
    };
    let done = project::repin(&root, &bytes, &source, commit.as_deref()).map_err(|e| e.to_string())?;
    println!(
        "spec update: pinned {} (sha256 {}) from {source}; {} files written, {} deleted",
        done.lock.commit,
        done.lock.sha256,
        done.report.written.len(),
        done.report.deleted.len()
    );
    if commit.is_none() {
        println!("note: no --commit given; the lock records no commit and no download URL");
    }
    for n in &done.name_notes {
        println!("note: {n}");
    }
    for r in &done.unused_renames {
        println!("note: spec/portouts.yaml renames the type at `{r}`, a site this spec does not have");
    }
    print!("{}", done.diff);
    // Never report success for a workspace that does not build or lost a rename.
    println!(
        "spec update: checking the config's renames and that the workspace still compiles (cargo check --workspace --all-targets)"
    );
    xtask::compiles::after_repin(&root, &done, HAND_WRITTEN)?;
    println!("spec update: the workspace compiles; review the diff, run `cargo test --workspace`, commit");
    Ok(())
}

/// `spec diff --old PATH --new PATH`: the public-API diff between two spec files, with the
/// current config, writing nothing.
fn diff(args: &[String]) -> Result<(), String> {
    if !check_args(args, DIFF_HELP, &["--old", "--new"], &[])? {
        return Ok(());
    }
    let old = flag_value(args, "--old")?.ok_or_else(|| format!("spec diff needs --old PATH\n\n{DIFF_HELP}"))?;
    let new = flag_value(args, "--new")?.ok_or_else(|| format!("spec diff needs --new PATH\n\n{DIFF_HELP}"))?;
    let root = project::workspace_root();
    let config = project::read_config(&root.join(project::CONFIG_PATH)).map_err(|e| e.to_string())?;
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("{p}: {e}"));
    // Both sides keep the names the workspace published, as `spec update` would.
    let names = project::read_names(&root.join(project::NAMES_PATH)).map_err(|e| e.to_string())?;
    let surface =
        |path: &str| codegen::surface_locked(&read(path)?, &config, &names).map_err(|e| format!("{path}: {e}"));
    let (a, b) = (surface(&old)?, surface(&new)?);
    print!("{}", codegen::diff::diff(&a, &b).between(old.clone(), new.clone()));
    Ok(())
}

/// The whole-API crate, generated.
pub struct FullSpec {
    /// Its folder (`target/full-spec`, or `target/full-spec-<sha>` for an unpinned spec).
    pub out: PathBuf,
    /// Its cargo target folder: the workspace's for the pinned spec (reusing the dependencies
    /// built there), its own for another (cargo hashes a package by its path relative to its
    /// workspace root, so two whole-API crates in one target folder would take each other's
    /// artifacts).
    pub target: PathBuf,
    /// The spec file.
    pub spec_path: PathBuf,
    /// Its bytes.
    pub spec: Vec<u8>,
    /// What was generated.
    pub generated: codegen::Generated,
}

/// `full-spec`: generates every operation of the pinned spec into `target/full-spec` (a copy
/// of the telnyx-portout crate with the whole API as its generated code) and `cargo check`s it,
/// or (`--exercise`) builds and runs the exerciser.
pub fn full_spec(args: &[String]) -> Result<(), String> {
    if !check_args(
        args,
        FULL_SPEC_HELP,
        &["--spec", "--unpinned", "--mode", "--seed", "--only", "--decoding"],
        &["--no-check", "--exercise"],
    )? {
        return Ok(());
    }
    let root = project::workspace_root();
    let full = generate_full(&root, args)?;
    if args.iter().any(|a| a == "--exercise") {
        return crate::exercise::run(&root, &full, args);
    }
    if args.iter().any(|a| a == "--no-check") {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let status = xtask::cargo::command()
        .arg("check")
        .arg("--quiet")
        .args(["--no-default-features", "--features", "rustls-ring"])
        .arg("--manifest-path")
        .arg(full.out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &full.target)
        .status()
        .map_err(|e| format!("running cargo check: {e}"))?;
    println!("full-spec: cargo check took {:.2?}", started.elapsed());
    if status.success() {
        Ok(())
    } else {
        Err("the full-spec crate does not compile".into())
    }
}

/// Generates the whole API (the spec of `--spec`/`--unpinned`, else the pinned one) into its
/// crate folder.
pub(crate) fn generate_full(root: &Path, args: &[String]) -> Result<FullSpec, String> {
    let lock = SpecLock::read(&root.join(project::LOCK_PATH)).map_err(|e| e.to_string())?;
    let unpinned = flag_value(args, "--unpinned")?.map(PathBuf::from);
    let (spec_path, spec, commit, out) = match unpinned {
        Some(p) => {
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let sha = codegen::sha256_hex(&bytes);
            let out = root.join("target").join(format!("full-spec-{}", &sha[..12]));
            (p, bytes, None, out)
        }
        None => {
            let explicit = flag_value(args, "--spec")?.map(PathBuf::from);
            let given = xtask::lock::given_or_env(explicit.as_deref());
            let (path, bytes) = project::full_spec(root, &lock, given.as_deref(), true).map_err(|e| e.to_string())?;
            (
                path,
                bytes,
                Some(lock.commit.clone()),
                root.join("target").join("full-spec"),
            )
        }
    };
    let mut config = project::read_config(&root.join(project::FULL_CONFIG_PATH)).map_err(|e| e.to_string())?;
    if commit.is_none() {
        // Another version of the spec: the config's names of operations it does not have
        // (spec/full.yaml is kept for the pin) are left out, with a note.
        let doc = codegen::load::parse(&spec).map_err(|e| format!("{}: {e}", spec_path.display()))?;
        config.operations.retain(|key, _| {
            let present = key.split_once(' ').is_some_and(|(method, path)| {
                doc.get("paths")
                    .and_then(|p| p.get(path))
                    .and_then(|item| item.get(method.to_ascii_lowercase()))
                    .is_some()
            });
            if !present {
                println!(
                    "full-spec: note: {} names `{key}`, which this spec does not have",
                    project::FULL_CONFIG_PATH
                );
            }
            present
        });
    }
    println!("full-spec: generating the whole API from {} ...", spec_path.display());
    let started = std::time::Instant::now();
    let generated =
        codegen::generate(&spec, &config, commit.as_deref()).map_err(|e| format!("{}: {e}", spec_path.display()))?;
    let gen_time = started.elapsed();
    let src = root.join("telnyx-portout");
    // The webhooks module types port-out notifications with the portout config's names: left
    // out, and the copy is checked without the `webhooks` feature. Only changed files are
    // written (cargo rebuilds on a new mtime, and the build of the whole API takes minutes).
    sync_dir(&src.join("src"), &out.join("src"), &["generated", "webhooks"])?;
    let manifest = std::fs::read_to_string(src.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest = detach_manifest(&manifest, root)?;
    write_if_changed(&out.join("Cargo.toml"), manifest.as_bytes())?;
    // The workspace's lock, so the copy builds the same dependency versions (and, sharing the
    // workspace's target folder, reuses their artifacts).
    let lock_bytes = std::fs::read(root.join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    write_if_changed(&out.join("Cargo.lock"), &lock_bytes)?;
    let gen_dir = out.join("src").join("generated");
    project::write(&gen_dir, &generated.files).map_err(|e| e.to_string())?;
    let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
    println!(
        "full-spec: {} operations, {} types, {} files, {lines} lines generated from {} in {gen_time:.2?}; {} operations skipped",
        generated.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        spec_path.display(),
        generated.diagnostics.skipped.len()
    );
    for (op, why) in &generated.diagnostics.skipped {
        println!("  skipped {op}: {why}");
    }
    let target = if commit.is_none() {
        out.join("target")
    } else {
        root.join("target")
    };
    Ok(FullSpec {
        out,
        target,
        spec_path,
        spec,
        generated,
    })
}

/// Writes `bytes` to `path` (atomically) unless it holds them already.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Makes `to` a copy of `from` without the entries named in `skip` (which are left alone in
/// `to`): changed files written, files `from` no longer has deleted, unchanged ones untouched.
fn sync_dir(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let mut names = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        names.insert(name.clone());
        let path = entry.path();
        if path.is_dir() {
            sync_dir(&path, &to.join(&name), &[])?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            write_if_changed(&to.join(&name), &bytes)?;
        }
    }
    for entry in std::fs::read_dir(to).map_err(|e| format!("{}: {e}", to.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if names.contains(&name) || skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Sections of the client's manifest the standalone copy leaves out: lints, dev-only
/// dependencies, and targets (examples, benches, tests) whose files are not copied.
fn skipped(section: &str) -> bool {
    section == "[lints]" || section == "[dev-dependencies]" || section.starts_with("[[")
}

/// The client crate's manifest made standalone: workspace inheritance replaced by the
/// workspace's values, so the copy builds outside the workspace (with the same Cargo.lock).
fn detach_manifest(manifest: &str, root: &Path) -> Result<String, String> {
    let ws = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let mut deps = std::collections::BTreeMap::new();
    let mut in_deps = false;
    for line in ws.lines() {
        if line.starts_with('[') {
            in_deps = line.trim() == "[workspace.dependencies]";
            continue;
        }
        if in_deps {
            if let Some((k, v)) = line.split_once('=') {
                if !line.trim_start().starts_with('#') {
                    deps.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
    }
    let mut out = String::from("[workspace]\n\n");
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.trim().to_string();
            if skipped(&section) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
            if section == "[features]" {
                // The runtime of the exerciser binary (`full-spec --exercise`); declared in
                // every copy so that checking and exercising see the same features.
                out.push_str("exercise = [\"tokio/rt\", \"tokio/net\"]\n");
            }
            continue;
        }
        if skipped(&section) {
            continue;
        }
        let trimmed = line.trim();
        if section == "[package]" && trimmed.contains(".workspace = true") {
            let key = trimmed.split('.').next().unwrap_or_default();
            let value = match key {
                "name" => continue,
                "version" => "\"0.0.0\"",
                "edition" => "\"2024\"",
                "publish" => "false",
                _ => continue,
            };
            out.push_str(&format!("{key} = {value}\n"));
            continue;
        }
        if section == "[package]" && trimmed.starts_with("name") {
            out.push_str("name = \"telnyx-full\"\n");
            continue;
        }
        if let Some(name) = trimmed.strip_suffix(".workspace = true") {
            let v = deps
                .get(name)
                .ok_or_else(|| format!("no workspace dependency `{name}`"))?;
            out.push_str(&format!("{name} = {v}\n"));
            continue;
        }
        if trimmed.contains("workspace = true") {
            // `tokio = { workspace = true, features = [...] }`
            let name = trimmed.split('=').next().unwrap_or_default().trim().to_string();
            let v = deps
                .get(&name)
                .ok_or_else(|| format!("no workspace dependency `{name}`"))?;
            let extra = trimmed
                .split_once("workspace = true")
                .map(|(_, r)| {
                    r.trim_start_matches(',')
                        .trim()
                        .trim_end_matches('}')
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            let base = if v.starts_with('{') {
                v.trim_end_matches('}').trim().to_string()
            } else {
                format!("{{ version = {v}")
            };
            let joined = if extra.is_empty() {
                format!("{base} }}")
            } else {
                format!("{base}, {extra} }}")
            };
            out.push_str(&format!("{name} = {joined}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
