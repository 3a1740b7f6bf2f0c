//! The one way the workspace's tools run `cargo`.

use std::process::Command;

/// The `cargo` running this process (`$CARGO`), else `cargo` on the PATH.
pub fn program() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// A `cargo` command ([`program`]) without the variables cargo sets for the process that
/// runs it ([`strip_env`]).
pub fn command() -> Command {
    let mut cmd = Command::new(program());
    strip_env(&mut cmd);
    cmd
}

/// Removes from `cmd`'s environment the variables cargo sets for the process that runs it (a
/// test binary, `cargo run` of the xtask): build scripts that watch them (ring) would
/// otherwise rebuild, there and again in the next plain `cargo build`. For a command that
/// runs cargo through another program (`/usr/bin/time`, a shell) too.
pub fn strip_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_BIN_",
            "CARGO_PRIMARY_",
        ]
        .iter()
        .any(|p| key.starts_with(p))
            || key == "CARGO_TARGET_TMPDIR"
            || key == "OUT_DIR"
        {
            cmd.env_remove(&*key);
        }
    }
}
