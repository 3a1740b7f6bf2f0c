//! The project layer around the pure generator: where the lock, config and generated
//! folder live in this workspace, reading the spec bytes, and comparing or writing the
//! output. The xtask (`codegen`, `codegen --check`) and the drift test both call this, so
//! CI and `cargo test` check the same thing.

use crate::error::{Error, ErrorKind, Result};
use crate::lock::SpecLock;
use crate::{Config, Generated};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The lock file, relative to the workspace root.
pub const LOCK_PATH: &str = "spec/telnyx-openapi.lock.yaml";
/// The selection and naming config, relative to the workspace root.
pub const CONFIG_PATH: &str = "spec/portouts.yaml";
/// The generated folder, relative to the workspace root.
pub const GENERATED_DIR: &str = "telnyx-portout/src/generated";
/// Where downloads are cached, relative to the workspace root (git-ignored).
pub const CACHE_DIR: &str = "spec/.cache";

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Everything the generator needs, read from the workspace.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The spec pin.
    pub lock: SpecLock,
    /// The config.
    pub config: Config,
    /// Verified spec bytes.
    pub spec: Vec<u8>,
    /// Where the bytes came from.
    pub spec_path: PathBuf,
}

/// A local copy of the spec: its path and verified bytes.
pub type LocalSpec = (PathBuf, Vec<u8>);

/// The cache file of the pinned spec.
pub fn cache_path(root: &Path, lock: &SpecLock) -> PathBuf {
    root.join(CACHE_DIR).join(format!("spec3-{}.yml", lock.short_commit()))
}

/// Reads the lock and config, and finds the spec bytes locally (explicit path, env var,
/// mirrors, cache). `Ok(None)` for the spec means no local copy exists.
pub fn read_local(root: &Path, explicit: Option<&Path>) -> Result<(SpecLock, Config, Option<LocalSpec>)> {
    let lock = SpecLock::read(&root.join(LOCK_PATH))?;
    let config_path = root.join(CONFIG_PATH);
    let text = std::fs::read_to_string(&config_path)
        .map_err(|e| Error::new(ErrorKind::Io, "", format!("{}: {e}", config_path.display())))?;
    let config = Config::parse(&text)?;
    let cache = cache_path(root, &lock);
    let spec = lock.find_local(root, explicit, Some(&cache))?;
    Ok((lock, config, spec))
}

/// Generates from the inputs.
pub fn generate(inputs: &Inputs) -> Result<Generated> {
    crate::generate(&inputs.spec, &inputs.config, Some(&inputs.lock.commit))
}

/// The generated files currently on disk, relative to `dir`.
pub fn files_on_disk(dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::new(ErrorKind::Io, "", format!("{}: {e}", d.display()))),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::new(ErrorKind::Io, "", format!("{}: {e}", d.display())))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::new(ErrorKind::Io, "", format!("{}: {e}", path.display())))?;
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
                out.insert(rel, text);
            }
        }
    }
    Ok(out)
}

/// One difference between the generated output and the files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// A file the generator produces is missing.
    Missing(PathBuf),
    /// A file differs; the unified diff from disk to generated.
    Changed(PathBuf, String),
    /// A file on disk the generator no longer produces.
    Stale(PathBuf),
}

/// Compares generated files with a folder.
pub fn drift(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<Drift>> {
    let disk = files_on_disk(dir)?;
    let mut out = Vec::new();
    for (path, text) in files {
        match disk.get(path) {
            None => out.push(Drift::Missing(path.clone())),
            Some(old) if old != text => {
                let diff = similar::TextDiff::from_lines(old.as_str(), text.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", path.display()), &format!("b/{}", path.display()))
                    .to_string();
                out.push(Drift::Changed(path.clone(), diff));
            }
            Some(_) => {}
        }
    }
    for path in disk.keys() {
        if !files.contains_key(path) {
            out.push(Drift::Stale(path.clone()));
        }
    }
    Ok(out)
}

/// Renders drift for a human, ending with the command that fixes it.
pub fn render_drift(drift: &[Drift]) -> String {
    let mut out = String::new();
    for d in drift {
        match d {
            Drift::Missing(p) => out.push_str(&format!("missing: {GENERATED_DIR}/{}\n", p.display())),
            Drift::Stale(p) => out.push_str(&format!("no longer generated: {GENERATED_DIR}/{}\n", p.display())),
            Drift::Changed(p, diff) => {
                out.push_str(&format!("stale: {GENERATED_DIR}/{}\n{diff}\n", p.display()));
            }
        }
    }
    out.push_str("The committed generated code differs from the generator's output; run `cargo xtask codegen` and commit the result.\n");
    out
}

/// What [`write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files deleted (no longer generated).
    pub deleted: Vec<PathBuf>,
}

/// Writes the files whose bytes changed and deletes the ones no longer generated.
pub fn write(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<WriteReport> {
    let io = |p: &Path, e: std::io::Error| Error::new(ErrorKind::Io, "", format!("{}: {e}", p.display()));
    let mut report = WriteReport::default();
    for d in drift(dir, files)? {
        match d {
            Drift::Missing(p) | Drift::Changed(p, _) => {
                let full = dir.join(&p);
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
                }
                let text = files.get(&p).map(String::as_str).unwrap_or_default();
                std::fs::write(&full, text).map_err(|e| io(&full, e))?;
                report.written.push(p);
            }
            Drift::Stale(p) => {
                let full = dir.join(&p);
                std::fs::remove_file(&full).map_err(|e| io(&full, e))?;
                report.deleted.push(p);
            }
        }
    }
    Ok(report)
}

/// What [`repin`] did.
#[derive(Debug, Clone)]
pub struct Repinned {
    /// The new lock (already written).
    pub lock: SpecLock,
    /// The files written and deleted.
    pub report: WriteReport,
    /// The public-API diff against the previous generation, when the previous spec was at
    /// hand locally.
    pub diff: Option<crate::diff::ApiDiff>,
    /// Config renames of types the new spec does not produce.
    pub unused_renames: Vec<String>,
}

/// Repins the workspace at `root` to `spec` (bytes of upstream `commit`, or of a local file
/// when `commit` is `None`), regenerates, and returns the API diff against the previous
/// generation. `mirror` is the local file the bytes came from, recorded in the lock so later
/// runs find it without the network. Nothing is written unless the new spec generates.
pub fn repin(root: &Path, spec: &[u8], commit: Option<&str>, mirror: Option<&Path>) -> Result<Repinned> {
    let (old_lock, config, old_spec) = read_local(root, None)?;
    if let Some(c) = commit {
        if c.len() != 40 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                "",
                format!("`{c}` is not a full 40-digit commit hash"),
            ));
        }
    }
    let old_api = match &old_spec {
        Some((_, bytes)) => Some(crate::build_ir(bytes, &config)?),
        None => None,
    };
    let generated = crate::generate(spec, &config, commit)?;
    let mut lock = old_lock;
    lock.sha256 = crate::lock::sha256_hex(spec);
    match commit {
        Some(c) => {
            lock.commit = c.to_string();
            lock.url = SpecLock::url_for(&lock.repository, &lock.path, c);
        }
        None => {
            lock.commit = format!("unknown-{}", &lock.sha256[..12]);
            lock.url = String::new();
        }
    }
    // Old mirrors hold the old bytes; only the new source is a mirror now.
    lock.mirrors = match mirror {
        Some(m) => vec![relative_to(m, root)],
        None => Vec::new(),
    };
    let dir = root.join(GENERATED_DIR);
    let report = write(&dir, &generated.files)?;
    let lock_path = root.join(LOCK_PATH);
    std::fs::write(&lock_path, lock.to_text()?)
        .map_err(|e| Error::new(ErrorKind::Io, "", format!("{}: {e}", lock_path.display())))?;
    let diff = old_api.map(|old| crate::diff::diff(&old, &generated.api));
    Ok(Repinned {
        lock,
        report,
        diff,
        unused_renames: generated.api.unused_renames,
    })
}

/// `path` relative to `root` (`../shared/spec/x.yml` for a file beside the workspace).
pub fn relative_to(path: &Path, root: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut up = String::new();
    let mut base = root.as_path();
    loop {
        if let Ok(rest) = path.strip_prefix(base) {
            return format!("{up}{}", rest.display());
        }
        match base.parent() {
            Some(p) => {
                base = p;
                up.push_str("../");
            }
            None => return path.display().to_string(),
        }
    }
}
