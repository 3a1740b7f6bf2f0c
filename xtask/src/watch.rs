//! Watching upstream: the newest commit of the spec after the pin, the repin to it (the
//! atomic [`project::repin`] of `spec update`), and the pull-request text.
//!
//! Upstream is read from
//! - a git clone of the upstream repository ([`Upstream::Repo`]): the commits that touched
//!   the lock's `path` (`openapi/spec3.yml`), from `git log`, and the file at a commit from
//!   `git show`; or
//! - a directory of spec files ([`Upstream::Dir`]): `<commit>.yml` for each commit, and
//!   [`ORDER_FILE`] listing the commits oldest first, one per line (what
//!   `git log --reverse --format=%H -- openapi/spec3.yml` prints; `#` comments and blank lines
//!   are skipped). The tests drive the loop this way.
//!
//! Nothing is written when upstream has not moved past the pin.

use crate::lock::SpecLock;
use crate::project;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The file of an upstream directory that orders its commits, oldest first.
pub const ORDER_FILE: &str = "commits.txt";

/// Where upstream's history of the spec is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upstream {
    /// A git clone of the upstream repository.
    Repo(PathBuf),
    /// A directory of `<commit>.yml` files with [`ORDER_FILE`].
    Dir(PathBuf),
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("running git in {}: {e}", repo.display()))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "`git {}` in {} failed: {}",
            args.join(" "),
            repo.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Upstream {
    /// Every commit of the spec at `path`, oldest first.
    pub fn commits(&self, path: &str) -> Result<Vec<String>, String> {
        match self {
            Upstream::Repo(repo) => {
                let out = git(repo, &["log", "--reverse", "--format=%H", "--", path])?;
                Ok(String::from_utf8_lossy(&out).lines().map(str::to_string).collect())
            }
            Upstream::Dir(dir) => {
                let order = dir.join(ORDER_FILE);
                let text = std::fs::read_to_string(&order).map_err(|e| {
                    format!(
                        "{}: {e} (a directory of upstream specs lists its commits, oldest first, in {ORDER_FILE})",
                        order.display()
                    )
                })?;
                let mut out = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    if !is_commit(line) {
                        return Err(format!(
                            "{}:{}: `{line}` is not a 40-digit commit hash",
                            order.display(),
                            i + 1
                        ));
                    }
                    out.push(line.to_ascii_lowercase());
                }
                Ok(out)
            }
        }
    }

    /// The spec's bytes at `commit`, and a name for it.
    pub fn read(&self, path: &str, commit: &str) -> Result<(Vec<u8>, String), String> {
        match self {
            Upstream::Repo(repo) => Ok((
                git(repo, &["show", &format!("{commit}:{path}")])?,
                format!("{}:{path}@{}", repo.display(), &commit[..7]),
            )),
            Upstream::Dir(dir) => {
                let file = dir.join(format!("{commit}.yml"));
                let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
                Ok((bytes, file.display().to_string()))
            }
        }
    }
}

/// The commits of the spec after `pinned`, oldest first. An error when `pinned` is not in
/// upstream's history (a pin from a local file, or a clone that does not have it).
pub fn commits_after(upstream: &Upstream, lock: &SpecLock) -> Result<Vec<String>, String> {
    if !is_commit(&lock.commit) {
        return Err(format!(
            "the pin has no upstream commit (`{}`, pinned from a local file): repin with \
             `cargo xtask spec update --commit SHA` first",
            lock.commit
        ));
    }
    let commits = upstream.commits(&lock.path)?;
    let at = commits
        .iter()
        .position(|c| c.eq_ignore_ascii_case(&lock.commit))
        .ok_or_else(|| {
            format!(
                "the pinned commit {} is not among the {} commits of {} upstream ({upstream:?}); \
                 is the clone up to date, or was the pin made from another repository?",
                lock.commit,
                commits.len(),
                lock.path
            )
        })?;
    Ok(commits[at + 1..].to_vec())
}

/// What [`watch`] did.
#[derive(Debug, Clone)]
pub enum Watched {
    /// Upstream has not moved past the pin; nothing was written.
    UpToDate {
        /// The pinned commit.
        commit: String,
    },
    /// The workspace was repinned to the newest commit, and the pull-request text written.
    Repinned {
        /// The previous pin.
        from: String,
        /// The commits of the spec after it, oldest first (the last is the new pin).
        commits: Vec<String>,
        /// The repin.
        repin: Box<project::Repinned>,
        /// The pull-request text (also written to the `pr_text` file).
        text: String,
    },
}

/// Repins the workspace at `root` to the newest upstream commit of the spec after the pin,
/// and writes the pull-request text to `pr_text`. Nothing is written (not even `pr_text`)
/// when upstream has not moved.
pub fn watch(root: &Path, upstream: &Upstream, pr_text: &Path) -> Result<Watched, String> {
    let lock = project::read_inputs(root).map_err(|e| e.to_string())?.lock;
    let commits = commits_after(upstream, &lock)?;
    let Some(newest) = commits.last() else {
        return Ok(Watched::UpToDate { commit: lock.commit });
    };
    let (bytes, source) = upstream.read(&lock.path, newest)?;
    let repin = project::repin(root, &bytes, &source, Some(newest)).map_err(|e| e.to_string())?;
    let text = pr_text_of(&lock, &commits, &repin);
    project::write_atomic(pr_text, &text).map_err(|e| e.to_string())?;
    Ok(Watched::Repinned {
        from: lock.commit,
        commits,
        repin: Box::new(repin),
        text,
    })
}

/// The pull-request text of a repin: title line, verdict, the diff (changes on the wire and
/// to Rust only), the names the lock kept, the operations skipped, what to check.
pub fn pr_text_of(old: &SpecLock, commits: &[String], repin: &project::Repinned) -> String {
    let new = &repin.lock;
    let d = &repin.diff;
    let mut out = format!(
        "Repin the spec to {}@{} ({})\n\n",
        new.repository,
        new.short_commit(),
        d.verdict()
    );
    out.push_str(&format!(
        "Upstream `{}` moved from {} to {} ({} commit(s) of the spec since the pin; the newest is taken).\n\n",
        new.path,
        old.commit,
        new.commit,
        commits.len()
    ));
    out.push_str(&format!("**Verdict: {}** ({}).\n\n", d.verdict(), d.counts()));
    if d.entries.is_empty() {
        out.push_str("The public API is unchanged (documentation or parts of the spec this crate does not use).\n\n");
    } else {
        out.push_str("## Public-API diff\n\n```text\n");
        out.push_str(&d.to_string());
        out.push_str("```\n\n");
    }
    out.push_str("## Names the lock kept\n\n");
    list(&mut out, repin.name_notes.iter().cloned());
    out.push_str("## Operations skipped\n\n");
    list(&mut out, repin.skipped.iter().map(|(op, why)| format!("`{op}`: {why}")));
    if !repin.unused_renames.is_empty() {
        out.push_str("## Config renames this spec does not use\n\n");
        list(&mut out, repin.unused_renames.iter().map(|r| format!("`{r}`")));
    }
    out.push_str(&format!(
        "## Reproduce\n\n```sh\ncargo xtask spec update --commit {}\ncargo test --workspace\n```\n",
        new.commit
    ));
    out
}

fn list(out: &mut String, items: impl Iterator<Item = String>) {
    let mut any = false;
    for i in items {
        out.push_str(&format!("- {i}\n"));
        any = true;
    }
    if !any {
        out.push_str("None.\n");
    }
    out.push('\n');
}
