//! Helpers shared by the workspace-level tests.

#![forbid(unsafe_code)]

pub mod actionlint;
pub mod fixture_crates;
pub mod prism;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use xtask::project;

/// The workspace root.
pub fn root() -> PathBuf {
    project::workspace_root()
}

/// Prints a progress line on the real stderr, also while the test harness captures output
/// (it captures `eprintln!`, which would then show only if the test fails).
pub fn progress(message: &str) {
    let _ = writeln!(std::io::stderr(), "[workspace-tests] {message}");
}

/// The generator's inputs (lock, config, committed slice), read without the network and
/// without the full spec. Panics with the reason if they cannot be read.
#[allow(clippy::panic)]
pub fn pinned_inputs() -> project::Inputs {
    project::read_inputs(&root()).unwrap_or_else(|e| panic!("reading the generator's inputs: {e}"))
}

/// An empty scratch folder `target/tmp/<name>-<pid>` (emptied if it exists).
#[allow(clippy::panic)]
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = prism::target_dir()
        .join("tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Copies the generator's inputs (the lock, config, committed slice and names lock) of this
/// workspace into the workspace at `to`.
#[allow(clippy::panic)]
pub fn copy_spec_inputs(to: &std::path::Path) {
    let root = root();
    std::fs::create_dir_all(to.join("spec")).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for f in [
        project::LOCK_PATH,
        project::CONFIG_PATH,
        project::SLICE_PATH,
        project::NAMES_PATH,
    ] {
        std::fs::copy(root.join(f), to.join(f)).unwrap_or_else(|e| panic!("copying {f}: {e}"));
    }
}

/// The folder of the upstream spec versions beside the repository (`../shared/spec`), used
/// as test fixtures by the spec-evolution and repin tests.
pub fn shared_dir() -> PathBuf {
    root().join("..").join("shared").join("spec")
}

/// The sha256 sums of `../shared/spec/SHA256SUMS`, as (hash, file name); `None` if the
/// folder is not there.
fn shared_sums() -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(shared_dir().join("SHA256SUMS")).ok()?;
    Some(
        text.lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(h, f)| (h.to_string(), f.to_string()))
            .collect(),
    )
}

/// Reads a spec from `../shared/spec/` by file name, verifying it against `SHA256SUMS`.
/// Panics with what is missing and where if it is not there.
#[allow(clippy::panic)]
pub fn shared_spec(file: &str) -> Vec<u8> {
    let dir = shared_dir();
    let sums = shared_sums().unwrap_or_else(|| {
        panic!(
            "this test needs the upstream spec versions in {} (the `shared/spec` folder beside the \
             repository, with its SHA256SUMS); {} is not readable",
            dir.display(),
            dir.join("SHA256SUMS").display()
        )
    });
    let expected = sums
        .iter()
        .find(|(_, f)| f == file)
        .map(|(h, _)| h.clone())
        .unwrap_or_else(|| panic!("{file} is not listed in {}", dir.join("SHA256SUMS").display()));
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("reading {}: {e}", dir.join(file).display()));
    assert_eq!(
        codegen::sha256_hex(&bytes),
        expected,
        "{file} does not match SHA256SUMS"
    );
    bytes
}

/// The pinned full spec, if a copy is at hand: `$TELNYX_OPENAPI_SPEC`, `spec/.cache/`, or the
/// file of `../shared/spec` whose SHA256SUMS entry is the pinned sha256. Verified against the
/// lock. `Ok(None)` if none exists; `Err` if one exists but is wrong.
pub fn pinned_full_spec() -> Result<Option<(PathBuf, Vec<u8>)>, String> {
    let root = root();
    let inputs = pinned_inputs();
    let lock = &inputs.lock;
    if let Some(found) = lock
        .find_in(
            xtask::lock::given_or_env(None).as_deref(),
            &project::cache_path(&root, lock),
        )
        .map_err(|e| e.to_string())?
    {
        return Ok(Some(found));
    }
    let Some(sums) = shared_sums() else { return Ok(None) };
    let Some((_, file)) = sums.iter().find(|(h, _)| h.eq_ignore_ascii_case(&lock.sha256)) else {
        return Ok(None);
    };
    let path = shared_dir().join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    lock.verify(&bytes, &path.display().to_string())
        .map_err(|e| e.to_string())?;
    Ok(Some((path, bytes)))
}

/// Copies a source tree: everything but `.git`, `target`, `node_modules`, a spec cache
/// (`.cache`) and a repin in progress (`.repin*`).
#[allow(clippy::unwrap_used)]
pub fn copy_source(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if [".git", "target", "node_modules", ".cache"].contains(&name.as_ref()) || name.starts_with(".repin") {
            continue;
        }
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            copy_source(&entry.path(), &to.join(&*name));
        } else if ty.is_file() {
            std::fs::copy(entry.path(), to.join(&*name)).unwrap();
        }
    }
}

/// A `cargo` command (the one running the tests) without the variables cargo sets for a
/// test binary ([`xtask::cargo::command`]).
pub fn cargo() -> Command {
    xtask::cargo::command()
}
