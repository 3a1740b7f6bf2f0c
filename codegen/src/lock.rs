//! The spec pin (`spec/telnyx-openapi.lock.yaml`): where the upstream spec comes from and
//! what its bytes must hash to. Finding the bytes on disk lives here too, so the xtask and
//! the tests agree; downloading is the xtask's business.

use crate::error::{Error, ErrorKind, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The environment variable that points to a local copy of the pinned spec.
pub const SPEC_ENV: &str = "TELNYX_OPENAPI_SPEC";

/// The lock file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecLock {
    /// Upstream repository, `owner/name`.
    pub repository: String,
    /// Path of the spec inside the repository.
    pub path: String,
    /// Upstream commit the spec is pinned to.
    pub commit: String,
    /// Raw download URL of the spec at that commit.
    pub url: String,
    /// Lowercase hex sha256 of the spec bytes.
    pub sha256: String,
    /// Local copies to try, relative to the workspace root, before downloading.
    #[serde(default)]
    pub mirrors: Vec<String>,
}

/// The header written above the lock file's YAML.
pub const LOCK_HEADER: &str = "\
# The pinned upstream OpenAPI spec. Rewritten by `cargo xtask spec update`; do not edit by hand.
# The spec itself is not committed: `cargo xtask` reads it from `--spec PATH`, from
# $TELNYX_OPENAPI_SPEC, from the first mirror below that exists (relative to the workspace root),
# or downloads `url` into spec/.cache/ (git-ignored). The sha256 is verified whatever the source.
";

impl SpecLock {
    /// Parses a lock file.
    pub fn parse(text: &str) -> Result<Self> {
        serde_yaml::from_str(text).map_err(|e| Error::new(ErrorKind::InvalidConfig, "", format!("spec lock file: {e}")))
    }

    /// Reads and parses a lock file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::new(ErrorKind::Io, "", format!("{}: {e}", path.display())))?;
        Self::parse(&text)
    }

    /// The lock file's text, header included.
    pub fn to_text(&self) -> Result<String> {
        let yaml = serde_yaml::to_string(self)
            .map_err(|e| Error::new(ErrorKind::Io, "", format!("serializing the lock: {e}")))?;
        Ok(format!("{LOCK_HEADER}{yaml}"))
    }

    /// The raw download URL of `openapi/spec3.yml` of `repository` at `commit`.
    pub fn url_for(repository: &str, path: &str, commit: &str) -> String {
        format!("https://raw.githubusercontent.com/{repository}/{commit}/{path}")
    }

    /// The first 7 hex digits of the commit.
    pub fn short_commit(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// Checks `bytes` against the pinned hash; the error names both hashes and the source.
    pub fn verify(&self, bytes: &[u8], source: &str) -> Result<()> {
        let actual = sha256_hex(bytes);
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

    /// Finds the spec bytes without the network: `explicit`, then $TELNYX_OPENAPI_SPEC, then
    /// the mirrors (relative to `root`), then `cache` if it exists. The bytes are verified.
    /// `Ok(None)` means no local copy exists (the caller may download).
    pub fn find_local(
        &self,
        root: &Path,
        explicit: Option<&Path>,
        cache: Option<&Path>,
    ) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
        if let Some(p) = explicit {
            candidates.push((p.to_path_buf(), true));
        } else if let Some(p) = std::env::var_os(SPEC_ENV).filter(|v| !v.is_empty()) {
            candidates.push((PathBuf::from(p), true));
        } else {
            for m in &self.mirrors {
                candidates.push((root.join(m), false));
            }
            if let Some(c) = cache {
                candidates.push((c.to_path_buf(), false));
            }
        }
        for (path, must_exist) in candidates {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    self.verify(&bytes, &path.display().to_string())?;
                    return Ok(Some((path, bytes)));
                }
                Err(e) if must_exist || e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::new(ErrorKind::Io, "", format!("{}: {e}", path.display())));
                }
                Err(_) => {}
            }
        }
        Ok(None)
    }
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
