//! Launches the Prism mock server (pinned in `tests/prism/package-lock.json`) on the
//! committed slice of the pinned spec (`spec/portouts.slice.json`, for the workspace tests)
//! or on any spec file (the whole API, for `cargo xtask full-spec --exercise`), installing
//! Prism first if needed.
//!
//! - Install: [`ensure_installed`] runs `npm ci` in `tests/prism` once when
//!   `node_modules` is missing or does not match the lock file. Test threads of one process
//!   wait for the first; test processes wait for each other through a lock folder
//!   (`tests/prism/.install.lock`, created atomically; a stale one left by a killed process is
//!   taken over). Progress goes to stderr. The only precondition is Node.js with npm.
//! - Prism listens on `127.0.0.1` with `-p 0` (the OS picks a free port); the URL is read from
//!   its `Prism is listening on http://…` line. Its output is drained by a background thread for
//!   the whole life of the server, so the pipe never fills up.
//! - Cleanup: [`Prism`] kills the server when dropped (also while a test panics). Prism runs
//!   under a small `sh` watchdog that stops it as soon as the write end of its stdin (held by
//!   the test process) closes, so the server also goes away when the guard is never dropped
//!   (kept in a `static`) or the test process is killed.
//!
//! Base URL for the client: `http://127.0.0.1:<port>` (Prism does not apply the spec's `/v2`
//! server path).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The substring of Prism's readiness line; the base URL follows it.
pub const READY_MARKER: &str = "Prism is listening on http://";

/// How long Prism may take to print its readiness line (about 1.5 s for the slice on an idle
/// machine; CI machines are shared).
const READY_TIMEOUT: Duration = Duration::from_secs(90);
/// How long to retry connecting after the readiness line (the port sometimes opens ~0.25 s later).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Output lines kept for error messages.
const LOG_LINES: usize = 400;

/// How Prism answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every response is the spec's example (stable; use it to assert values).
    Static,
    /// Responses are generated from the schemas (`-d`), reproducibly (`--seed`).
    Dynamic {
        /// The seed.
        seed: u64,
    },
}

/// A running Prism server; dropping it stops the server.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    /// The write end of the watchdog's stdin: closing it stops Prism.
    stdin: Option<ChildStdin>,
    prism_pid: Option<u32>,
    base_url: String,
    port: u16,
    mode: Mode,
    log: Arc<Mutex<VecDeque<String>>>,
}

/// `tests/prism`: the npm project that pins Prism.
pub fn prism_dir() -> PathBuf {
    crate::project::workspace_root().join("tests").join("prism")
}

/// `tests/prism/node_modules/.bin/prism`.
pub fn prism_bin() -> PathBuf {
    prism_dir().join("node_modules").join(".bin").join("prism")
}

/// The cargo target directory (`CARGO_TARGET_DIR`, or `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                crate::project::workspace_root().join(dir)
            }
        }
        _ => crate::project::workspace_root().join("target"),
    }
}

/// The committed slice of the pinned spec, which Prism serves (a valid OpenAPI document; its
/// stamp is an `x-` extension).
pub fn slice_file() -> Result<PathBuf, String> {
    let path = crate::project::workspace_root().join(crate::project::SLICE_PATH);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} is missing (it is committed)", path.display()))
    }
}

/// Installs Prism with `npm ci` in `tests/prism` unless it is installed already; returns its
/// executable. Safe to call from many test threads and processes at once: one installs, the
/// others wait for it.
pub fn ensure_installed() -> Result<PathBuf, String> {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    INSTALLED.get_or_init(install_once).clone()
}

fn install_once() -> Result<PathBuf, String> {
    crate::npm::ci(&prism_dir(), Path::new("node_modules/.bin/prism"), "Prism")?;
    Ok(prism_bin())
}

/// Runs the command in `"$@"` in the background and stops it (SIGTERM) when stdin reaches
/// EOF, i.e. when the test process closes its end or exits. Prints `prism-pid <pid>` first.
/// Exits with the server's exit code.
const WATCHDOG: &str = r#"exec 3<&0
"$@" </dev/null 3<&- &
p=$!
echo "prism-pid $p"
( cat <&3 >/dev/null 2>&1; kill "$p" 2>/dev/null ) >/dev/null 2>&1 &
exec 3<&-
wait "$p"
"#;

enum Event {
    Ready(String),
    Exited,
}

fn push_log(log: &Mutex<VecDeque<String>>, line: String) {
    if let Ok(mut log) = log.lock() {
        if log.len() == LOG_LINES {
            log.pop_front();
        }
        log.push_back(line);
    }
}

impl Prism {
    /// Starts Prism on the portout slice; panics with an explanation if it cannot.
    #[allow(clippy::panic)]
    pub fn start(mode: Mode) -> Prism {
        Prism::try_start(mode).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Starts Prism on the portout slice.
    pub fn try_start(mode: Mode) -> Result<Prism, String> {
        let slice = slice_file()?;
        let bin = ensure_installed()?;
        Prism::spawn(&bin, &slice, mode)
    }

    /// Starts Prism on the spec file `spec` (installing Prism first if needed).
    pub fn start_on(spec: &Path, mode: Mode) -> Result<Prism, String> {
        let bin = ensure_installed()?;
        Prism::spawn(&bin, spec, mode)
    }

    fn spawn(bin: &Path, spec: &Path, mode: Mode) -> Result<Prism, String> {
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(WATCHDOG)
            .arg("prism-watchdog")
            .arg(bin)
            .args(["mock", "-h", "127.0.0.1", "-p", "0"]);
        if let Mode::Dynamic { seed } = mode {
            cmd.arg("-d").arg("--seed").arg(seed.to_string());
        }
        cmd.arg(spec)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("starting {} failed: {e}", bin.display()))?;
        let stdin = child.stdin.take();
        let log = Arc::new(Mutex::new(VecDeque::new()));
        let (tx, rx) = mpsc::channel::<Event>();

        if let Some(stdout) = child.stdout.take() {
            let log = Arc::clone(&log);
            let tx = tx.clone();
            std::thread::Builder::new()
                .name("prism-stdout".into())
                .spawn(move || {
                    let mut reader = BufReader::new(stdout);
                    let mut buf = Vec::new();
                    let mut ready = false;
                    loop {
                        buf.clear();
                        match reader.read_until(b'\n', &mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(_) => {}
                        }
                        let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                        if !ready {
                            if let Some(pos) = line.find(READY_MARKER) {
                                ready = true;
                                let url = line[pos + READY_MARKER.len() - "http://".len()..]
                                    .split_whitespace()
                                    .next()
                                    .unwrap_or_default()
                                    .to_string();
                                let _ = tx.send(Event::Ready(url));
                            }
                        }
                        push_log(&log, line);
                    }
                    let _ = tx.send(Event::Exited);
                })
                .map_err(|e| format!("spawning the stdout reader failed: {e}"))?;
        }
        if let Some(mut stderr) = child.stderr.take() {
            let log = Arc::clone(&log);
            std::thread::Builder::new()
                .name("prism-stderr".into())
                .spawn(move || {
                    let mut buf = [0u8; 8192];
                    while let Ok(n) = stderr.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        for line in String::from_utf8_lossy(&buf[..n]).lines() {
                            push_log(&log, format!("[stderr] {line}"));
                        }
                    }
                })
                .map_err(|e| format!("spawning the stderr reader failed: {e}"))?;
        }
        drop(tx);

        let mut prism = Prism {
            child,
            stdin,
            prism_pid: None,
            base_url: String::new(),
            port: 0,
            mode,
            log,
        };
        let url = match rx.recv_timeout(READY_TIMEOUT) {
            Ok(Event::Ready(url)) => url,
            Ok(Event::Exited) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = prism.child.wait().ok();
                // Give the stderr reader a moment to collect the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return Err(format!(
                    "Prism exited before it was ready ({status:?}); output:\n{}",
                    prism.output()
                ));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "Prism printed no `{READY_MARKER}` line within {READY_TIMEOUT:?}; output:\n{}",
                    prism.output()
                ));
            }
        };
        prism.prism_pid = prism
            .log_lines()
            .iter()
            .find_map(|l| l.strip_prefix("prism-pid ").and_then(|p| p.trim().parse().ok()));
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.trim_end_matches('/').parse::<u16>().ok())
            .ok_or_else(|| format!("cannot read the port from Prism's URL `{url}`"))?;
        prism.port = port;
        prism.base_url = format!("http://127.0.0.1:{port}");

        // The port sometimes accepts connections a moment after the readiness line.
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + CONNECT_TIMEOUT;
        loop {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
                Ok(_) => break,
                Err(e) if Instant::now() >= deadline => {
                    return Err(format!(
                        "Prism said it listens on {url} but connecting failed for {CONNECT_TIMEOUT:?}: {e}; output:\n{}",
                        prism.output()
                    ));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        Ok(prism)
    }

    /// `http://127.0.0.1:<port>` (no `/v2`): the client's base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The mode it was started in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn log_lines(&self) -> Vec<String> {
        self.log.lock().map(|l| l.iter().cloned().collect()).unwrap_or_default()
    }

    /// The last lines Prism printed (stdout and stderr), for failure messages.
    pub fn output(&self) -> String {
        self.log_lines().join("\n")
    }

    /// Stops the server now (also done on drop).
    pub fn stop(&mut self) {
        // Closing the watchdog's stdin makes it SIGTERM Prism; then the watchdog exits.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
                _ => break,
            }
        }
        // Fallback: kill both processes hard.
        if let Some(pid) = self.prism_pid {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.stop();
    }
}
