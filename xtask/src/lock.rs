//! The spec pin (`spec/telnyx-openapi.lock.yaml`): where the upstream spec comes from and
//! what its bytes must hash to, and finding those bytes (`--spec`, `$TELNYX_OPENAPI_SPEC`,
//! the download cache) or downloading them.
//!
//! Only repinning and `full-spec` need the full spec: `codegen` reads the committed slice
//! (`project::SLICE_PATH`), so the lock names no local path.

use codegen::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The environment variable that points to a local copy of the pinned full spec.
pub const SPEC_ENV: &str = "TELNYX_OPENAPI_SPEC";

/// The lock file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecLock {
    /// Upstream repository, `owner/name`.
    pub repository: String,
    /// Path of the spec inside the repository.
    pub path: String,
    /// Upstream commit the spec is pinned to (`unknown-<sha256 prefix>` when pinned from a
    /// local file without a commit).
    pub commit: String,
    /// Raw download URL of the spec at that commit (empty when pinned from a local file
    /// without a commit).
    pub url: String,
    /// Lowercase hex sha256 of the full spec's bytes.
    pub sha256: String,
}

/// The header written above the lock file's YAML.
pub const LOCK_HEADER: &str = "\
# The pinned upstream OpenAPI spec. Rewritten by `cargo xtask spec update`; do not edit by hand.
# The full spec is not committed; what the generator reads of it is, in spec/portouts.slice.json
# (stamped with the commit and sha256 below). Only `spec update`, `spec slice` and `full-spec`
# read the full spec: from `--spec PATH`, $TELNYX_OPENAPI_SPEC, spec/.cache/ (git-ignored), or
# by downloading `url` into spec/.cache/. The sha256 is verified whatever the source.
";

impl SpecLock {
    /// Parses a lock file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        serde_yaml::from_str(text)
            .map_err(|e| Error::new(ErrorKind::InvalidConfig, "", format!("{}: {e}", path.display())))
    }

    /// Reads and parses a lock file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?;
        Self::parse(&text, path)
    }

    /// The lock file's text, header included.
    pub fn to_text(&self) -> Result<String> {
        let yaml = serde_yaml::to_string(self)
            .map_err(|e| Error::new(ErrorKind::Io, "", format!("serializing the lock: {e}")))?;
        Ok(format!("{LOCK_HEADER}{yaml}"))
    }

    /// The raw download URL of `path` in `repository` at `commit`.
    pub fn url_for(repository: &str, path: &str, commit: &str) -> String {
        format!("https://raw.githubusercontent.com/{repository}/{commit}/{path}")
    }

    /// The first 7 characters of the commit.
    pub fn short_commit(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// Checks `bytes` against the pinned hash; the error names both hashes and the source.
    pub fn verify(&self, bytes: &[u8], source: &str) -> Result<()> {
        let actual = codegen::sha256_hex(bytes);
        if actual.eq_ignore_ascii_case(&self.sha256) {
            Ok(())
        } else {
            Err(Error::new(
                ErrorKind::ShaMismatch,
                "",
                format!(
                    "{source} has sha256 {actual}, but spec/telnyx-openapi.lock.yaml pins {} (commit {})",
                    self.sha256, self.commit
                ),
            ))
        }
    }

    /// Finds the full spec's bytes without the network: `given` (a path from `--spec` or
    /// the environment, [`given_or_env`]), else `cache` if it exists. The bytes are verified.
    /// `Ok(None)` means no local copy exists (the caller may download). A given path must
    /// exist.
    pub fn find_in(&self, given: Option<&Path>, cache: &Path) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let (path, must_exist) = match given {
            Some(p) => (p.to_path_buf(), true),
            None => (cache.to_path_buf(), false),
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                self.verify(&bytes, &path.display().to_string())?;
                Ok(Some((path, bytes)))
            }
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&path, &e)),
        }
    }
}

/// The full spec a command was given: `explicit` (`--spec PATH`), else $TELNYX_OPENAPI_SPEC.
pub fn given_or_env(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(SPEC_ENV).filter(|v| !v.is_empty()).map(PathBuf::from))
}

/// An I/O error naming the file.
pub fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::new(ErrorKind::Io, "", format!("{}: {e}", path.display()))
}

/// Downloads `url` with curl (through a temporary file in `dir`, removed after) and returns
/// the bytes; the caller verifies them and keeps them where they belong. Maintainers only:
/// tests and CI never download.
pub fn download(url: &str, dir: &Path) -> Result<Vec<u8>> {
    if url.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidConfig,
            "",
            "the lock has no download URL (it was pinned from a local file without --commit); \
             pass --spec PATH or set TELNYX_OPENAPI_SPEC",
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let tmp = dir.join(format!("download-{}.tmp", std::process::id()));
    eprintln!("downloading {url}");
    let status = std::process::Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location", "--output"])
        .arg(&tmp)
        .arg(url)
        .status()
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                "",
                format!("running curl to download {url}: {e} (or pass --spec PATH)"),
            )
        })?;
    if !status.success() {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::new(
            ErrorKind::Io,
            "",
            format!("downloading {url} failed ({status}); pass --spec PATH to use a local copy"),
        ));
    }
    let bytes = std::fs::read(&tmp).map_err(|e| io_error(&tmp, &e));
    let _ = std::fs::remove_file(&tmp);
    bytes
}
