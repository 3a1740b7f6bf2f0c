//! Shared by the xtask binary's tests.

use std::process::Command;

/// Runs the xtask binary: (success, stdout, stderr).
#[allow(clippy::unwrap_used)]
pub fn xtask(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
