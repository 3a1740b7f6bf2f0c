//! Helpers shared by the workspace-level tests.

#![forbid(unsafe_code)]

pub mod fixture_crates;
pub mod prism;

use codegen::project;
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    project::workspace_root()
}

/// The pinned inputs (lock, config, verified spec bytes), read without the network.
/// Panics with a clear message if no local copy of the pinned spec exists: tests never
/// download.
#[allow(clippy::panic)]
pub fn pinned_inputs() -> project::Inputs {
    let root = root();
    match project::read_local(&root, None) {
        Ok((lock, config, Some((spec_path, spec)))) => project::Inputs {
            lock,
            config,
            spec,
            spec_path,
        },
        Ok((lock, _, None)) => panic!(
            "no local copy of the pinned spec (commit {}): set TELNYX_OPENAPI_SPEC, put it at one of {:?}, or run `cargo xtask codegen` once to download it",
            lock.commit, lock.mirrors
        ),
        Err(e) => panic!("reading the spec inputs: {e}"),
    }
}

/// Reads a spec from `../shared/spec/` by file name (the older upstream version, for the
/// spec-evolution tests), verifying it against `SHA256SUMS`.
#[allow(clippy::panic)]
pub fn shared_spec(file: &str) -> Vec<u8> {
    let dir = root().join("..").join("shared").join("spec");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS"))
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.join("SHA256SUMS").display()));
    let expected = sums
        .lines()
        .find_map(|l| {
            l.split_once("  ")
                .filter(|(_, f)| *f == file)
                .map(|(h, _)| h.to_string())
        })
        .unwrap_or_else(|| panic!("{file} is not listed in SHA256SUMS"));
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("reading {file}: {e}"));
    assert_eq!(
        codegen::lock::sha256_hex(&bytes),
        expected,
        "{file} does not match SHA256SUMS"
    );
    bytes
}
