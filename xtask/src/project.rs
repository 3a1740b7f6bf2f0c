//! The workspace around the pure generator: where the lock, config, committed slice and
//! generated folder live, reading them, and comparing, writing or repinning the output.
//! The xtask commands and the workspace tests both call this, so CI and `cargo test` check
//! the same thing.
//!
//! `codegen` reads only the committed slice (`spec/portouts.slice.json`): the part of the
//! pinned full spec that the config's operations reach, stamped with the upstream commit and
//! the full spec's sha256. So generating and checking need neither the network nor the 4 MB
//! upstream file; repinning (`spec update`), re-cutting the slice (`spec slice`) and
//! `full-spec` do.

use crate::lock::{SpecLock, download, io_error};
use codegen::naming::NamesLock;
use codegen::{Config, Error, ErrorKind, Generated, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The lock file, relative to the workspace root.
pub const LOCK_PATH: &str = "spec/telnyx-openapi.lock.yaml";
/// The selection and naming config, relative to the workspace root.
pub const CONFIG_PATH: &str = "spec/portouts.yaml";
/// The committed slice of the pinned spec, relative to the workspace root.
pub const SLICE_PATH: &str = "spec/portouts.slice.json";
/// The names lock: the published Rust name of every generated type, by where it is used.
pub const NAMES_PATH: &str = "spec/names.lock.yaml";
/// The whole-API config of `cargo xtask full-spec`, relative to the workspace root.
pub const FULL_CONFIG_PATH: &str = "spec/full.yaml";
/// The generated folder, relative to the workspace root.
pub const GENERATED_DIR: &str = "telnyx-portout/src/generated";
/// Where downloads are cached, relative to the workspace root (git-ignored).
pub const CACHE_DIR: &str = "spec/.cache";
/// A staged repin that is complete and being applied (see [`repin`]); git-ignored.
pub const STAGE_DIR: &str = "spec/.repin";
/// The prefix of a repin being staged (incomplete until renamed to [`STAGE_DIR`]).
const STAGING_PREFIX: &str = ".repin.staging-";
/// The key of the slice's stamp, at the root of the slice document (an OpenAPI extension,
/// so the slice stays a valid document, e.g. for the Prism mock server).
pub const STAMP_KEY: &str = "x-telnyx-portout-slice";

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Where a slice was cut from: the full spec's repository, path, commit and sha256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SliceStamp {
    /// What the file is.
    pub note: String,
    /// Upstream repository, `owner/name`.
    pub repository: String,
    /// Path of the full spec inside the repository.
    pub path: String,
    /// Upstream commit of the full spec.
    pub commit: String,
    /// sha256 of the full spec's bytes.
    pub sha256: String,
}

/// The note in every stamp.
pub const STAMP_NOTE: &str = "Derived file: the part of the pinned upstream spec (see spec/telnyx-openapi.lock.yaml) \
that the operations of spec/portouts.yaml reach. Written by `cargo xtask spec update` and `cargo xtask spec slice`; \
do not edit by hand.";

impl SliceStamp {
    /// The stamp of a slice of the spec `lock` pins.
    pub fn of(lock: &SpecLock) -> Self {
        SliceStamp {
            note: STAMP_NOTE.to_string(),
            repository: lock.repository.clone(),
            path: lock.path.clone(),
            commit: lock.commit.clone(),
            sha256: lock.sha256.clone(),
        }
    }

    /// The provenance the generated headers name: the full spec's commit (if known) and sha256.
    pub fn provenance(&self) -> codegen::emit::Provenance {
        codegen::emit::Provenance {
            commit: known_commit(&self.commit).map(str::to_string),
            sha256: self.sha256.clone(),
        }
    }
}

/// `None` for the placeholder commit of a spec pinned from a local file.
fn known_commit(commit: &str) -> Option<&str> {
    (!commit.starts_with("unknown-")).then_some(commit)
}

/// The committed slice, read.
#[derive(Debug, Clone)]
pub struct Slice {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its bytes (what the generator reads).
    pub bytes: Vec<u8>,
    /// Where it was cut from.
    pub stamp: SliceStamp,
}

/// Cuts the slice of `full` (the verified bytes of the spec `lock` pins) that `config`
/// selects, and renders the slice file: pretty JSON with the stamp first. `source` names the
/// full spec in errors.
pub fn cut_slice(full: &[u8], config: &Config, lock: &SpecLock, source: &str) -> Result<String> {
    let value = codegen::slice_spec(full, config).map_err(|e| in_file(source, e))?;
    slice_text(&value, &SliceStamp::of(lock))
}

/// The slice file's text: the stamp, then the document's members, as pretty JSON.
pub fn slice_text(doc: &serde_json::Value, stamp: &SliceStamp) -> Result<String> {
    let ser = |e: serde_json::Error| Error::new(ErrorKind::Io, "", format!("serializing the slice: {e}"));
    let body = serde_json::to_string_pretty(doc).map_err(ser)?;
    let stamp = serde_json::to_string_pretty(stamp).map_err(ser)?.replace('\n', "\n  ");
    let rest = body.strip_prefix('{').unwrap_or(&body);
    // `{` + the stamp + the document's members (an empty document has none).
    let sep = if rest.trim() == "}" { "" } else { "," };
    Ok(format!("{{\n  \"{STAMP_KEY}\": {stamp}{sep}{rest}\n"))
}

/// Reads the slice file at `path`.
pub fn read_slice(path: &Path) -> Result<Slice> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    let invalid = |m: String| Error::new(ErrorKind::InvalidConfig, "", format!("{}: {m}", path.display()));
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| invalid(format!("not JSON: {e}")))?;
    let stamp = doc.get(STAMP_KEY).ok_or_else(|| {
        invalid(format!(
            "no `{STAMP_KEY}` stamp (re-cut it with `cargo xtask spec slice`)"
        ))
    })?;
    let stamp: SliceStamp =
        serde_json::from_value(stamp.clone()).map_err(|e| invalid(format!("bad `{STAMP_KEY}` stamp: {e}")))?;
    Ok(Slice {
        path: path.to_path_buf(),
        bytes,
        stamp,
    })
}

/// Everything `codegen` needs, read from the workspace (no network, no full spec).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The spec pin.
    pub lock: SpecLock,
    /// The config.
    pub config: Config,
    /// The committed slice of the pinned spec.
    pub slice: Slice,
    /// The names lock ([`NAMES_PATH`]; empty when the file does not exist yet).
    pub names: NamesLock,
}

/// Reads the names lock at `path`; a missing file is an empty lock.
pub fn read_names(path: &Path) -> Result<NamesLock> {
    match std::fs::read_to_string(path) {
        Ok(text) => NamesLock::parse(&text)
            .map_err(|m| Error::new(ErrorKind::InvalidConfig, "", format!("{}: {m}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(NamesLock::default()),
        Err(e) => Err(io_error(path, &e)),
    }
}

/// Reads the config at `path`.
pub fn read_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
    Config::parse(&text).map_err(|e| in_file(&path.display().to_string(), e))
}

/// Reads the lock, config and committed slice, and checks that the slice was cut from the
/// pinned spec. Completes an interrupted repin first (see [`recover`]).
pub fn read_inputs(root: &Path) -> Result<Inputs> {
    let Inputs {
        lock,
        config,
        slice,
        names,
    } = read_unchecked(root)?;
    let s = &slice.stamp;
    if (&s.repository, &s.path, &s.commit, &s.sha256) != (&lock.repository, &lock.path, &lock.commit, &lock.sha256) {
        return Err(Error::new(
            ErrorKind::InvalidConfig,
            "",
            format!(
                "{SLICE_PATH} was cut from {}@{} ({}, sha256 {}), but {LOCK_PATH} pins {}@{} ({}, sha256 {}); \
                 re-cut it from the pinned spec with `cargo xtask spec slice`, or repin with `cargo xtask spec update`",
                s.repository, s.commit, s.path, s.sha256, lock.repository, lock.commit, lock.path, lock.sha256
            ),
        ));
    }
    Ok(Inputs {
        lock,
        config,
        slice,
        names,
    })
}

/// [`read_inputs`] without checking the slice's stamp against the lock (a repin replaces both).
fn read_unchecked(root: &Path) -> Result<Inputs> {
    if recover(root)? {
        eprintln!("note: completed an interrupted `cargo xtask spec update` (staged in {STAGE_DIR})");
    }
    let lock = SpecLock::read(&root.join(LOCK_PATH))?;
    let config = read_config(&root.join(CONFIG_PATH))?;
    let slice = read_slice(&root.join(SLICE_PATH))?;
    let names = read_names(&root.join(NAMES_PATH))?;
    Ok(Inputs {
        lock,
        config,
        slice,
        names,
    })
}

/// Prefixes an error's message with the file it is about.
pub fn in_file(file: &str, e: Error) -> Error {
    Error::new(e.kind, e.pointer, format!("{file}: {}", e.message))
}

/// Generates from the committed slice, with headers naming the full spec it was cut from.
pub fn generate(inputs: &Inputs) -> Result<Generated> {
    let slice = &inputs.slice;
    codegen::generate_with_provenance(&slice.bytes, &inputs.config, &inputs.names, slice.stamp.provenance()).map_err(
        |e| {
            // An operation of the config the slice lacks (not, e.g., a rename key).
            let hint = if e.kind == ErrorKind::InvalidConfig && e.pointer.starts_with("config:operations.") {
                " (the slice holds only what the operations it was cut for reach: after selecting \
             more operations in spec/portouts.yaml, re-cut it with `cargo xtask spec slice`)"
            } else {
                ""
            };
            let e = in_file(&slice.path.display().to_string(), e);
            Error::new(e.kind, e.pointer, format!("{}{hint}", e.message))
        },
    )
}

/// The cache file of the pinned full spec, named by its sha256 (so a spec pinned from a local
/// file, whose lock has no commit, has one too). [`repin`] puts the spec it pins there, so the
/// commands that read the full spec (`spec slice`, `full-spec`) find it without downloading.
pub fn cache_path(root: &Path, lock: &SpecLock) -> PathBuf {
    root.join(CACHE_DIR)
        .join(format!("spec3-{}.yml", lock.sha256.to_ascii_lowercase()))
}

/// The pinned full spec (path and verified bytes): `given` (from `--spec` or
/// $TELNYX_OPENAPI_SPEC: `lock::given_or_env`), else the cache, else (when `download_ok`)
/// downloaded into the cache.
pub fn full_spec(root: &Path, lock: &SpecLock, given: Option<&Path>, download_ok: bool) -> Result<(PathBuf, Vec<u8>)> {
    let cache = cache_path(root, lock);
    if let Some(found) = lock.find_in(given, &cache)? {
        return Ok(found);
    }
    if !download_ok {
        return Err(Error::new(
            ErrorKind::Io,
            "",
            format!(
                "no local copy of the pinned full spec (commit {}): pass --spec PATH, set {}, or put it at {}",
                lock.commit,
                crate::lock::SPEC_ENV,
                cache.display()
            ),
        ));
    }
    let bytes = download(&lock.url, &root.join(CACHE_DIR))?;
    // Verified before it is kept: a wrong download never sits in the cache.
    lock.verify(&bytes, &lock.url)?;
    write_atomic(&cache, &bytes)?;
    Ok((cache, bytes))
}

/// The generated files currently on disk (Rust sources and the surface, `surface.txt`),
/// relative to `dir`.
pub fn files_on_disk(dir: &Path) -> Result<BTreeMap<PathBuf, String>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(&d, &e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&d, &e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "txt") {
                let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
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

/// How the committed generated code and names lock at `root` differ from `generated`.
#[derive(Debug)]
pub struct Stale {
    /// The generated files that differ.
    pub files: Vec<Drift>,
    /// The committed names lock is the generated one.
    pub names_current: bool,
}

impl Stale {
    /// Nothing differs.
    pub fn is_current(&self) -> bool {
        self.files.is_empty() && self.names_current
    }
}

/// The drift check of `cargo xtask codegen --check` and of the release gate: the committed
/// generated code and names lock at `root` against `generated`.
pub fn stale(root: &Path, generated: &Generated) -> Result<Stale> {
    let files = drift(&root.join(GENERATED_DIR), &generated.files)?;
    let names = std::fs::read_to_string(root.join(NAMES_PATH)).ok();
    Ok(Stale {
        files,
        names_current: names.as_deref() == Some(generated.names.to_text().as_str()),
    })
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

/// What [`write`] (or [`repin`]) changed in the generated folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files deleted (no longer generated).
    pub deleted: Vec<PathBuf>,
}

impl WriteReport {
    fn of(drift: Vec<Drift>) -> Self {
        let mut report = WriteReport::default();
        for d in drift {
            match d {
                Drift::Missing(p) | Drift::Changed(p, _) => report.written.push(p),
                Drift::Stale(p) => report.deleted.push(p),
            }
        }
        report
    }
}

/// Writes `text` to `path` through a temporary file renamed into place, so a reader never
/// sees a half-written file.
pub fn write_atomic(path: &Path, text: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text.as_ref()).map_err(|e| io_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
}

/// Writes the files whose bytes changed and deletes the ones no longer generated.
pub fn write(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<WriteReport> {
    let report = WriteReport::of(drift(dir, files)?);
    for p in &report.written {
        let text = files.get(p).map(String::as_str).unwrap_or_default();
        write_atomic(&dir.join(p), text)?;
    }
    for p in &report.deleted {
        let full = dir.join(p);
        std::fs::remove_file(&full).map_err(|e| io_error(&full, &e))?;
    }
    Ok(report)
}

/// What [`repin`] did.
#[derive(Debug, Clone)]
pub struct Repinned {
    /// The new lock (written).
    pub lock: SpecLock,
    /// The files written and deleted.
    pub report: WriteReport,
    /// The public-API diff against the previous generation (from the committed slice).
    pub diff: codegen::diff::ApiDiff,
    /// Config renames (by site) that match no site of the new spec.
    pub unused_renames: Vec<String>,
    /// Operations of the config the new spec does not let the generator build, with why.
    pub skipped: BTreeMap<String, String>,
    /// Types that kept their published names (the names lock) over the new spec's.
    pub name_notes: Vec<String>,
    /// Config renames that no longer apply (no such site, and the name they give is not
    /// generated), with the nearest sites of the new spec.
    pub lost_renames: Vec<codegen::naming::LostRename>,
}

/// The steps of a repin, in order, for [`repin_with_hook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepinStep {
    /// The new generated folder, slice and lock are written to a staging folder; nothing in
    /// the workspace has changed.
    Staged,
    /// The staging folder is renamed to [`STAGE_DIR`]: the commit point. From here on, the
    /// repin completes, now or on the next read of the workspace ([`recover`]).
    Committed,
    /// The old generated folder is moved into the stage.
    OldGeneratedMovedAway,
    /// The new generated folder is in place.
    GeneratedReplaced,
    /// The new slice is in place.
    SliceReplaced,
    /// The new lock is in place (the stage is removed next).
    LockReplaced,
}

/// Repins the workspace at `root` to `spec` (the bytes of upstream `commit`, or of a local
/// file when `commit` is `None`), regenerates, and returns the API diff against the previous
/// generation. `source` names the spec (its file or URL) in errors.
///
/// All or nothing: everything is generated in memory, then staged next to the workspace,
/// then swapped in with renames after a single commit point (renaming the stage to
/// [`STAGE_DIR`]). A process killed before it leaves the workspace untouched; one killed
/// after it leaves a complete stage that the next [`read_inputs`] (every xtask command and
/// workspace test) applies.
pub fn repin(root: &Path, spec: &[u8], source: &str, commit: Option<&str>) -> Result<Repinned> {
    repin_with_hook(root, spec, source, commit, &mut |_| Ok(()))
}

/// [`repin`] with `hook` called after each step; an `Err` from it stops the repin on the
/// spot, as if the process were killed there (the tests use it to check the all-or-nothing
/// guarantee).
pub fn repin_with_hook(
    root: &Path,
    spec: &[u8],
    source: &str,
    commit: Option<&str>,
    hook: &mut dyn FnMut(RepinStep) -> std::result::Result<(), String>,
) -> Result<Repinned> {
    // The old slice only gives the API to diff against; a stale stamp does not block a repin.
    let old = read_unchecked(root)?;
    if let Some(c) = commit {
        if c.len() != 40 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                "",
                format!("`{c}` is not a full 40-digit commit hash"),
            ));
        }
    }
    let old_surface =
        codegen::surface_locked(&old.slice.bytes, &old.config, &old.names).map_err(|e| in_file(SLICE_PATH, e))?;

    let mut lock = old.lock.clone();
    lock.sha256 = codegen::sha256_hex(spec);
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
    let slice_text = cut_slice(spec, &old.config, &lock, source)?;
    let new = Inputs {
        lock: lock.clone(),
        config: old.config.clone(),
        slice: Slice {
            path: PathBuf::from(source),
            bytes: slice_text.clone().into_bytes(),
            stamp: SliceStamp::of(&lock),
        },
        names: old.names.clone(),
    };
    let generated = generate(&new)?;
    let names_text = generated.names.to_text();
    let gen_dir = root.join(GENERATED_DIR);
    let report = WriteReport::of(drift(&gen_dir, &generated.files)?);
    let lock_text = lock.to_text()?;
    // The pinned full spec where `spec slice` and `full-spec` look for it (a cache: verified
    // by its sha256 when read, so it is written before the commit point and may outlive a
    // repin that fails after it).
    write_atomic(&cache_path(root, &lock), spec)?;

    // Stage everything next to the workspace.
    let spec_dir = root.join("spec");
    let staging = spec_dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
    remove_dir_if_exists(&staging)?;
    let staged_gen = staging.join("generated");
    std::fs::create_dir_all(&staged_gen).map_err(|e| io_error(&staged_gen, &e))?;
    for (p, text) in &generated.files {
        let full = staged_gen.join(p);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        std::fs::write(&full, text).map_err(|e| io_error(&full, &e))?;
    }
    for (name, text) in [("slice", &slice_text), ("names", &names_text), ("lock", &lock_text)] {
        let full = staging.join(name);
        std::fs::write(&full, text).map_err(|e| io_error(&full, &e))?;
    }
    let stop = |e: String| Error::new(ErrorKind::Io, "", format!("repin stopped: {e}"));
    hook(RepinStep::Staged).map_err(stop)?;

    // The commit point.
    let stage = root.join(STAGE_DIR);
    std::fs::rename(&staging, &stage).map_err(|e| io_error(&stage, &e))?;
    hook(RepinStep::Committed).map_err(stop)?;
    apply_stage(root, &mut |step| hook(step).map_err(stop))?;

    let diff = codegen::diff::diff(&old_surface, &generated.surface).between(
        format!("{} (commit {})", SLICE_PATH, old.lock.short_commit()),
        format!("{source} (commit {})", lock.short_commit()),
    );
    Ok(Repinned {
        lock,
        report,
        diff,
        lost_renames: codegen::naming::lost_renames(&generated.api, &generated.identifiers, &new.config.type_names),
        skipped: generated.diagnostics.skipped,
        unused_renames: generated.diagnostics.unused_renames,
        name_notes: generated.name_notes,
    })
}

fn remove_dir_if_exists(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(dir, &e)),
        _ => Ok(()),
    }
}

/// Moves a staged repin into place. Idempotent: each step checks what is left to do, so it
/// can resume after being stopped anywhere.
fn apply_stage(root: &Path, hook: &mut dyn FnMut(RepinStep) -> Result<()>) -> Result<()> {
    let stage = root.join(STAGE_DIR);
    let gen_dir = root.join(GENERATED_DIR);
    let staged_gen = stage.join("generated");
    let old_gen = stage.join("old-generated");
    let rename = |from: &Path, to: &Path| {
        std::fs::rename(from, to).map_err(|e| {
            io_error(
                to,
                &std::io::Error::new(e.kind(), format!("renaming {}: {e}", from.display())),
            )
        })
    };
    if staged_gen.exists() {
        if gen_dir.exists() {
            rename(&gen_dir, &old_gen)?;
            hook(RepinStep::OldGeneratedMovedAway)?;
        }
        rename(&staged_gen, &gen_dir)?;
        hook(RepinStep::GeneratedReplaced)?;
    }
    let staged_slice = stage.join("slice");
    if staged_slice.exists() {
        rename(&staged_slice, &root.join(SLICE_PATH))?;
        hook(RepinStep::SliceReplaced)?;
    }
    let staged_names = stage.join("names");
    if staged_names.exists() {
        rename(&staged_names, &root.join(NAMES_PATH))?;
    }
    let staged_lock = stage.join("lock");
    if staged_lock.exists() {
        rename(&staged_lock, &root.join(LOCK_PATH))?;
        hook(RepinStep::LockReplaced)?;
    }
    remove_dir_if_exists(&stage)
}

/// Completes a repin that was stopped after its commit point, and removes the staging
/// folders of repins stopped before it (which changed nothing). `Ok(true)` if a repin was
/// completed.
pub fn recover(root: &Path) -> Result<bool> {
    let spec_dir = root.join("spec");
    if let Ok(entries) = std::fs::read_dir(&spec_dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
                remove_dir_if_exists(&entry.path())?;
            }
        }
    }
    if !root.join(STAGE_DIR).exists() {
        return Ok(false);
    }
    apply_stage(root, &mut |_| Ok(()))?;
    Ok(true)
}
