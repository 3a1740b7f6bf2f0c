//! After a repin, the workspace must still compile: `spec update` never reports success for a
//! workspace that does not build. When it does not, the regenerated files and the new pin stay
//! in place for the maintainer to fix (like a merge conflict), and the report lists the
//! compiler's errors together with the generated names that hand-written code uses and that
//! the new spec removed or changed.

use codegen::diff::{ApiDiff, Change};
use std::path::{Path, PathBuf};

/// Why the workspace does not compile after a repin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The compiler's error lines (`file:line:col: error[...]: message`).
    pub errors: Vec<String>,
    /// Generated types removed or changed by the repin, with the hand-written places
    /// (`file:line`) that use them.
    pub uses: Vec<(String, Vec<String>)>,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "the workspace does not compile with the new pin:")?;
        for e in &self.errors {
            writeln!(f, "  {e}")?;
        }
        if !self.uses.is_empty() {
            writeln!(
                f,
                "hand-written code uses generated types this spec removed or changed:"
            )?;
            for (name, places) in &self.uses {
                writeln!(f, "  `{name}`: {}", places.join(", "))?;
            }
        }
        write!(
            f,
            "the regenerated files and the new pin are in place: fix the hand-written code (or keep \
             a name with spec/portouts.yaml `type_names` or spec/names.lock.yaml), then run \
             `cargo test --workspace`; or undo the repin with `git checkout -- spec telnyx-portout/src/generated`"
        )
    }
}

/// What must hold after a repin before it is offered (by `spec update` and `watch` alike):
/// every config rename still names a type, and the workspace still compiles (see [`check`]).
pub fn after_repin(root: &Path, done: &crate::project::Repinned, hand_written: &[&str]) -> Result<(), String> {
    if !done.lost_renames.is_empty() {
        let lines: Vec<String> = done
            .lost_renames
            .iter()
            .map(|l| format!("spec/portouts.yaml: {l}"))
            .collect();
        return Err(format!(
            "{}\nthe new pin is in place: update spec/portouts.yaml `type_names` (or revert with `git checkout -- spec telnyx-portout/src/generated`)",
            lines.join("\n")
        ));
    }
    check(root, &done.diff, hand_written).map_err(|broken| broken.to_string())
}

/// `cargo check --workspace --all-targets` at `root`; on failure, what broke and where the
/// hand-written code below `hand_written` (folders, relative to `root`) uses the types the
/// diff removed or changed.
pub fn check(root: &Path, diff: &ApiDiff, hand_written: &[&str]) -> Result<(), Broken> {
    let out = crate::cargo::command()
        .current_dir(root)
        .args(["check", "--workspace", "--all-targets", "--message-format=short"])
        .output();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            return Err(Broken {
                errors: vec![format!("cargo could not be run: {e}")],
                uses: Vec::new(),
            });
        }
    };
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("error"))
        .filter(|l| !l.starts_with("error: could not compile") && !l.starts_with("warning"))
        .map(str::to_string)
        .collect();
    let gone: Vec<String> = diff
        .entries
        .iter()
        .filter(|e| matches!(e.change, Change::Removed | Change::Changed))
        .filter_map(|e| e.item.strip_prefix("type ").map(str::to_string))
        .collect();
    let mut uses = Vec::new();
    for name in gone {
        let mut places = Vec::new();
        for dir in hand_written {
            for file in rust_files(&root.join(dir), &["generated", "target"]) {
                let Ok(text) = std::fs::read_to_string(&file) else {
                    continue;
                };
                for (i, line) in text.lines().enumerate() {
                    if mentions(line, &name) {
                        let rel = file.strip_prefix(root).unwrap_or(&file);
                        places.push(format!("{}:{}", rel.display(), i + 1));
                    }
                }
            }
        }
        if !places.is_empty() {
            uses.push((name, places));
        }
    }
    Err(Broken { errors, uses })
}

/// `name` as a whole identifier in `line`.
fn mentions(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + name.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// Every `.rs` file below `dir`, except in folders named in `skip`, sorted.
pub fn rust_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| !skip.iter().any(|s| n == *s)) {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_whole_identifiers_only() {
        assert!(mentions("use crate::models::PortoutEvent;", "PortoutEvent"));
        assert!(mentions("PortoutEvent::StatusChanged(p) =>", "PortoutEvent"));
        assert!(!mentions("PortoutEventType::X", "PortoutEvent"));
        assert!(!mentions("MyPortoutEvent", "PortoutEvent"));
    }
}
