//! Releasing: the next version from the public-API diff between the last release and today,
//! the manifests bumped, the `CHANGELOG.md` section written from the diff, and the record of
//! the released surface updated.
//!
//! **The record of a release** is committed in [`RELEASED_DIR`]: the generator's inputs at
//! the release (the slice, the config, the names lock), the surface they gave
//! (`surface.txt`, for review and to notice generator changes) and `release.yaml` (versions,
//! spec commit, a hash of the generator's code). A record, not the surface text at a git tag:
//! the diff needs the old [`Surface`](codegen::surface::Surface) as a value, which the inputs
//! give back exactly, and the record is there in any checkout (a shallow CI clone, a source
//! tarball, a test's scratch workspace) without git history. Only cargo-semver-checks needs the
//! tag of the previous release.
//!
//! **The version** (`next_version`): the diff's verdict (`codegen::diff`, the one `spec
//! update` prints), raised to `major` when the generator itself changed the released surface
//! (the inputs of the release no longer give its `surface.txt`: the diff compares surfaces of
//! one generator, so such a change is taken as breaking) and to what the maintainer declares
//! for hand-written code (`--hand-written`, which the surface does not cover). Before 1.0 a
//! breaking release bumps the minor version and anything else the patch; from 1.0 major, minor,
//! patch. The generator crate is bumped only when its own code changed since the release
//! (its hash in `release.yaml`), as a breaking bump: its Rust API has no diff of its own.

use crate::lock::SpecLock;
use crate::project;
use codegen::diff::{ApiDiff, Change, Entry, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The record of the last release, relative to the workspace root.
pub const RELEASED_DIR: &str = "spec/released";
/// The changelog, relative to the workspace root.
pub const CHANGELOG_PATH: &str = "CHANGELOG.md";
/// The client crate.
pub const CLIENT: &str = "telnyx-portout";
/// The generator crate.
pub const CODEGEN: &str = "telnyx-portout-codegen";
/// The manifest of each published crate, relative to the workspace root.
pub const MANIFESTS: [(&str, &str); 2] = [(CLIENT, "telnyx-portout/Cargo.toml"), (CODEGEN, "codegen/Cargo.toml")];

/// `release.yaml` of [`RELEASED_DIR`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The client's version (the release's tag is `v` + this).
    pub version: String,
    /// The generator crate's version at the release.
    pub codegen_version: String,
    /// The crates this release published (the generator only when it was bumped).
    pub published: Vec<String>,
    /// The upstream spec commit the release was generated from.
    pub spec_commit: String,
    /// The sha256 of that full spec.
    pub spec_sha256: String,
    /// The hash of the generator's code ([`codegen_hash`]).
    pub codegen_sha256: String,
    /// The release date, `YYYY-MM-DD` (UTC).
    pub date: String,
}

const RECORD_HEADER: &str = "\
# The last release, written by `cargo xtask release`; do not edit by hand. Beside it: the
# generator's inputs at the release (slice, config, names lock) and the surface they gave.
";

/// A version `MAJOR.MINOR.PATCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    /// Parses `MAJOR.MINOR.PATCH` (no pre-release or build suffix).
    pub fn parse(text: &str) -> Result<Version, String> {
        let parts: Vec<&str> = text.trim().split('.').collect();
        let num = |s: &str| s.parse::<u64>().ok().filter(|_| !s.starts_with('+'));
        match parts.as_slice() {
            [a, b, c] => match (num(a), num(b), num(c)) {
                (Some(a), Some(b), Some(c)) => Ok(Version(a, b, c)),
                _ => Err(format!("`{text}` is not a version MAJOR.MINOR.PATCH")),
            },
            _ => Err(format!("`{text}` is not a version MAJOR.MINOR.PATCH")),
        }
    }

    /// The next version for a change of `level`: before 1.0, breaking (`Major`) bumps the
    /// minor version and anything else the patch; from 1.0, major, minor or patch.
    pub fn next(self, level: Verdict) -> Version {
        let Version(major, minor, patch) = self;
        match (major, level) {
            (0, Verdict::Major) => Version(0, minor + 1, 0),
            (0, _) => Version(0, minor, patch + 1),
            (_, Verdict::Major) => Version(major + 1, 0, 0),
            (_, Verdict::Minor) => Version(major, minor + 1, 0),
            (_, Verdict::Patch) => Version(major, minor, patch + 1),
        }
    }

    /// Whether going from `self` to `next` allows breaking changes (cargo's rules: the first
    /// non-zero component changed).
    pub fn allows_breaking(self, next: Version) -> bool {
        match self {
            Version(0, 0, p) => next != Version(0, 0, p),
            Version(0, m, _) => next.0 > 0 || next.1 != m,
            Version(major, _, _) => next.0 != major,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// The `version = "..."` of a manifest's `[package]`.
pub fn manifest_version(manifest: &str) -> Option<String> {
    package_version_line(manifest).and_then(|line| {
        let v = line.split_once('=')?.1.trim();
        Some(v.trim_matches('"').to_string())
    })
}

fn package_version_line(manifest: &str) -> Option<&str> {
    let mut in_package = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[package]";
        } else if in_package && t.starts_with("version") && t.contains('=') && !t.contains("workspace") {
            return Some(line);
        }
    }
    None
}

/// The manifest with its `[package]` version set to `version`.
pub fn set_manifest_version(manifest: &str, version: &str) -> Result<String, String> {
    let line = package_version_line(manifest).ok_or("the manifest has no `version = \"...\"` in [package]")?;
    Ok(manifest.replacen(line, &format!("version = \"{version}\""), 1))
}

/// Cargo.lock with the version of the workspace package `name` set to `version`.
pub fn set_lock_version(lock: &str, name: &str, version: &str) -> Result<String, String> {
    let head = format!("[[package]]\nname = \"{name}\"\nversion = \"");
    let start = lock
        .find(&head)
        .ok_or_else(|| format!("Cargo.lock has no package `{name}`"))?
        + head.len();
    let end = lock[start..]
        .find('"')
        .map(|i| start + i)
        .ok_or_else(|| format!("Cargo.lock: the version of `{name}` is not closed"))?;
    Ok(format!("{}{version}{}", &lock[..start], &lock[end..]))
}

/// The hash of the generator's code: its sources, README and manifest (without the version
/// line, which a release itself changes), by relative path.
pub fn codegen_hash(root: &Path) -> Result<String, String> {
    let dir = root.join("codegen");
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(path.strip_prefix(&dir).unwrap_or(&path).to_path_buf(), bytes);
            }
        }
    }
    for f in ["README.md", "Cargo.toml"] {
        let path = dir.join(f);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = match package_version_line(&text) {
            Some(line) => text.replacen(line, "", 1),
            None => text,
        };
        files.insert(PathBuf::from(f), text.into_bytes());
    }
    let mut all = Vec::new();
    for (path, bytes) in files {
        all.extend_from_slice(path.to_string_lossy().replace('\\', "/").as_bytes());
        all.push(0);
        all.extend_from_slice(&bytes);
        all.push(0);
    }
    Ok(codegen::sha256_hex(&all))
}

/// A crate's version in its manifest.
pub fn crate_version(root: &Path, name: &str) -> Result<Version, String> {
    let manifest = MANIFESTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, m)| root.join(m))
        .ok_or_else(|| format!("no published crate `{name}`"))?;
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let v = manifest_version(&text).ok_or_else(|| {
        format!(
            "{}: no `version = \"...\"` in [package] (the published crates keep their own version)",
            manifest.display()
        )
    })?;
    Version::parse(&v).map_err(|e| format!("{}: {e}", manifest.display()))
}

/// The record of the last release, if there is one.
pub fn read_record(root: &Path) -> Result<Option<Record>, String> {
    let path = root.join(RELEASED_DIR).join("release.yaml");
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_yaml::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// The generator's inputs of the last release, from its record.
fn released_inputs(root: &Path) -> Result<(Vec<u8>, codegen::Config, codegen::naming::NamesLock), String> {
    let dir = root.join(RELEASED_DIR);
    let slice = std::fs::read(dir.join("portouts.slice.json"))
        .map_err(|e| format!("{RELEASED_DIR}/portouts.slice.json: {e}"))?;
    let config = project::read_config(&dir.join("portouts.yaml")).map_err(|e| e.to_string())?;
    let names = project::read_names(&dir.join("names.lock.yaml")).map_err(|e| e.to_string())?;
    Ok((slice, config, names))
}

/// How much the hand-written code (the runtime, webhooks, the kit: what the surface does not
/// cover) changed, as the maintainer declares it.
pub type HandWritten = Verdict;

/// What a release will be: computed by [`plan`], written by [`write`].
#[derive(Debug, Clone)]
pub struct Plan {
    /// The last release.
    pub previous: Record,
    /// The client's next version.
    pub version: Version,
    /// The generator's next version, when its code changed since the last release.
    pub codegen_version: Option<Version>,
    /// The public-API diff from the last release to today (the verdict's source).
    pub diff: ApiDiff,
    /// The level of the bump: the diff's verdict raised by a generator change and by
    /// `hand_written`.
    pub level: Verdict,
    /// The generator changed the surface of the released inputs: the unified diff of
    /// `surface.txt` (then `level` is `Major`).
    pub generator_changed_surface: Option<String>,
    /// Types that keep a published name today and did not at the last release.
    pub kept_names: Vec<String>,
    /// Operations of the config not generated today, with the reason.
    pub skipped: BTreeMap<String, String>,
    /// Today's pin.
    pub lock: SpecLock,
    /// Today's generated files (with `surface.txt`), config text and names lock text, as
    /// the new record keeps them.
    inputs: project::Inputs,
    generated_surface: String,
    names_text: String,
}

impl Plan {
    /// Whether the bump allows breaking changes.
    pub fn breaking(&self) -> bool {
        Version::parse(&self.previous.version).is_ok_and(|v| v.allows_breaking(self.version))
    }

    /// The crates this release publishes.
    pub fn published(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.codegen_version.is_some() {
            out.push(CODEGEN.to_string());
        }
        out.push(CLIENT.to_string());
        out
    }
}

/// The surface text a generation writes (`generated/surface.txt`).
fn surface_text(generated: &codegen::Generated) -> String {
    generated
        .files
        .get(Path::new("surface.txt"))
        .cloned()
        .unwrap_or_else(|| generated.surface.to_string())
}

/// Computes the next release from the record of the last one and today's workspace. Writes
/// nothing.
pub fn plan(root: &Path, hand_written: HandWritten) -> Result<Plan, String> {
    let previous = read_record(root)?.ok_or_else(|| {
        format!("no {RELEASED_DIR}/release.yaml: record the first release with `cargo xtask release --initial`")
    })?;
    let inputs = project::read_inputs(root).map_err(|e| e.to_string())?;
    let today = project::generate(&inputs).map_err(|e| e.to_string())?;
    let (slice, config, names) = released_inputs(root)?;
    let stamp = project::read_slice(&root.join(RELEASED_DIR).join("portouts.slice.json"))
        .map_err(|e| e.to_string())?
        .stamp;
    let then = codegen::generate_with_provenance(&slice, &config, &names, stamp.provenance())
        .map_err(|e| format!("{RELEASED_DIR}/portouts.slice.json: {e}"))?;
    let recorded = std::fs::read_to_string(root.join(RELEASED_DIR).join("surface.txt"))
        .map_err(|e| format!("{RELEASED_DIR}/surface.txt: {e}"))?;
    let regenerated = surface_text(&then);
    let generator_changed_surface = (regenerated != recorded).then(|| {
        similar::TextDiff::from_lines(&recorded, &regenerated)
            .unified_diff()
            .context_radius(2)
            .header("released surface.txt", "the released inputs, generated today")
            .to_string()
    });
    let diff = codegen::diff::diff(&then.surface, &today.surface).between(
        format!("{} (spec {})", previous.version, short(&previous.spec_commit)),
        format!("today (spec {})", inputs.lock.short_commit()),
    );
    let mut level = diff.verdict().max(hand_written);
    if generator_changed_surface.is_some() {
        level = Verdict::Major;
    }
    let old = Version::parse(&previous.version).map_err(|e| format!("{RELEASED_DIR}/release.yaml: {e}"))?;
    let current = crate_version(root, CLIENT)?;
    if current != old {
        return Err(format!(
            "telnyx-portout/Cargo.toml says {current}, but the last release ({RELEASED_DIR}/release.yaml) is {old}: \
             versions are bumped by `cargo xtask release`, not by hand"
        ));
    }
    let codegen_version = if codegen_hash(root)? != previous.codegen_sha256 {
        Some(crate_version(root, CODEGEN)?.next(Verdict::Major))
    } else {
        None
    };
    let kept_names = today
        .name_notes
        .iter()
        .filter(|n| !then.name_notes.contains(n))
        .cloned()
        .collect();
    Ok(Plan {
        version: old.next(level),
        codegen_version,
        level,
        generator_changed_surface,
        kept_names,
        skipped: today.diagnostics.skipped.clone(),
        lock: inputs.lock.clone(),
        generated_surface: surface_text(&today),
        names_text: today.names.to_text(),
        inputs,
        diff,
        previous,
    })
}

fn short(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `text` as a Markdown code span, whatever backticks it holds (`` union tagged by `x` ``).
pub fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// One diff entry as a changelog line.
fn changelog_line(e: &Entry) -> String {
    let verb = match e.change {
        Change::Added => "Added",
        Change::Removed => "Removed",
        Change::Changed => "Changed",
    };
    let mark = if e.breaking { "**Breaking:** " } else { "" };
    let detail = match (&e.old, &e.new) {
        (Some(o), Some(n)) => format!(": {} → {}", code(o), code(n)),
        (None, Some(x)) | (Some(x), None) => format!(" ({})", code(x)),
        (None, None) => String::new(),
    };
    let (kind, name) = e.item.split_once(' ').unwrap_or(("", &e.item));
    format!("- {mark}{verb} {kind} {}{detail}", code(name))
}

/// The body of a release's changelog section (below its `## [version] - date` heading).
pub fn changelog_body(plan: &Plan) -> String {
    let mut out = String::new();
    let d = &plan.diff;
    out.push_str(&format!(
        "Generated from {}@{} (`{}`, sha256 `{}`). API diff from {}: {} ({}){}.\n",
        plan.lock.repository,
        plan.lock.commit,
        plan.lock.path,
        plan.lock.sha256,
        plan.previous.version,
        d.verdict(),
        d.counts(),
        if plan.level != d.verdict() {
            format!("; released as {}", plan.level)
        } else {
            String::new()
        }
    ));
    for (wire, title) in [(true, "Changed on the wire"), (false, "Changed in Rust only")] {
        let lines: Vec<String> = d
            .entries
            .iter()
            .filter(|e| e.wire == wire)
            .map(changelog_line)
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n### {title}\n\n{}\n", lines.join("\n")));
        }
    }
    if !plan.kept_names.is_empty() {
        out.push_str("\n### Names kept\n\n");
        for n in &plan.kept_names {
            out.push_str(&format!("- {n}\n"));
        }
    }
    if !plan.skipped.is_empty() {
        out.push_str("\n### Operations not generated\n\n");
        for (op, why) in &plan.skipped {
            out.push_str(&format!("- `{op}`: {why}\n"));
        }
    }
    if plan.generator_changed_surface.is_some() {
        out.push_str(
            "\n### Generator\n\nThe generator changed the public surface of the released spec (`spec/released/surface.txt` \
             differs from what its inputs give today); such a change is released as breaking.\n",
        );
    }
    if let Some(v) = plan.codegen_version {
        out.push_str(&format!(
            "\n`{CODEGEN}` {v}: the generator's code changed since {}.\n",
            plan.previous.codegen_version
        ));
    }
    out
}

/// The changelog with a new section for `version`: `body`, then the `[Unreleased]` section's
/// notes (hand-written changes), which move into it; its link reference goes first among the
/// link references at the end.
pub fn changelog_with(changelog: &str, version: &str, date: &str, body: &str, url: &str) -> String {
    let is_link = |l: &str| l.starts_with('[') && l.contains("]: ");
    let lines: Vec<&str> = changelog.lines().collect();
    let mut cut = lines.len();
    while cut > 0 && (lines[cut - 1].trim().is_empty() || is_link(lines[cut - 1])) {
        cut -= 1;
    }
    let links: Vec<&str> = lines[cut..].iter().copied().filter(|l| is_link(l)).collect();
    let main = lines[..cut].join("\n");
    let (before, notes, after) = match main.find("## [Unreleased]") {
        Some(i) => {
            let rest = &main[i + "## [Unreleased]".len()..];
            let end = rest.find("\n## [").map(|j| j + 1).unwrap_or(rest.len());
            (&main[..i], rest[..end].trim(), rest[end..].trim())
        }
        None => (main.as_str(), "", ""),
    };
    let mut out = format!(
        "{}\n\n## [Unreleased]\n\n## [{version}] - {date}\n\n",
        before.trim_end()
    );
    out.push_str(body.trim_end());
    out.push('\n');
    if !notes.is_empty() {
        out.push_str(&format!("\n{notes}\n"));
    }
    if !after.is_empty() {
        out.push_str(&format!("\n{after}\n"));
    }
    out.push_str(&format!("\n[{version}]: {url}\n"));
    for l in links.iter().filter(|l| !l.starts_with(&format!("[{version}]: "))) {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The repository URL of the workspace manifest (`[workspace.package] repository`).
pub fn repository_url(root: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    text.lines()
        .find_map(|l| l.trim().strip_prefix("repository = \""))
        .map(|r| r.trim_end_matches('"').to_string())
        .ok_or_else(|| "Cargo.toml: no `repository = \"...\"`".to_string())
}

/// Writes the record of a release of today's workspace: its inputs and surface, and `record`.
fn write_record(
    root: &Path,
    record: &Record,
    inputs: &project::Inputs,
    surface: &str,
    names: &str,
) -> Result<(), String> {
    let dir = root.join(RELEASED_DIR);
    let w = |name: &str, text: &[u8]| project::write_atomic(&dir.join(name), text).map_err(|e| e.to_string());
    w("portouts.slice.json", &inputs.slice.bytes)?;
    let config =
        std::fs::read(root.join(project::CONFIG_PATH)).map_err(|e| format!("{}: {e}", project::CONFIG_PATH))?;
    w("portouts.yaml", &config)?;
    w("names.lock.yaml", names.as_bytes())?;
    w("surface.txt", surface.as_bytes())?;
    let yaml = serde_yaml::to_string(record).map_err(|e| e.to_string())?;
    w("release.yaml", format!("{RECORD_HEADER}{yaml}").as_bytes())
}

/// Sets a published crate's version in its manifest and in Cargo.lock.
fn bump(root: &Path, name: &str, version: Version) -> Result<(), String> {
    let (_, manifest) = MANIFESTS.iter().find(|(n, _)| *n == name).ok_or("unknown crate")?;
    let path = root.join(manifest);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = set_manifest_version(&text, &version.to_string()).map_err(|e| format!("{}: {e}", path.display()))?;
    project::write_atomic(&path, text).map_err(|e| e.to_string())?;
    let lock_path = root.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).map_err(|e| format!("Cargo.lock: {e}"))?;
    let lock = set_lock_version(&lock, name, &version.to_string())?;
    project::write_atomic(&lock_path, lock).map_err(|e| e.to_string())
}

/// The files whose text tells users which version to depend on.
pub const DEPENDENCY_SNIPPETS: [&str; 2] = ["README.md", "telnyx-portout/README.md"];

/// The caret requirement a user writes for `v` (`0.2` before 1.0, else `1`).
pub fn requirement(v: Version) -> String {
    if v.0 == 0 {
        format!("0.{}", v.1)
    } else {
        v.0.to_string()
    }
}

/// `telnyx-portout = { version = "0.1", ... }` in [`DEPENDENCY_SNIPPETS`] follows a breaking
/// release (`0.1` to `0.2`).
fn update_requirements(root: &Path, old: Version, new: Version) -> Result<(), String> {
    let (from, to) = (requirement(old), requirement(new));
    if from == to {
        return Ok(());
    }
    for file in DEPENDENCY_SNIPPETS {
        let path = root.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let pattern = format!("{CLIENT} = {{ version = \"{from}\"");
        if text.contains(&pattern) {
            let text = text.replace(&pattern, &format!("{CLIENT} = {{ version = \"{to}\""));
            project::write_atomic(&path, text).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Applies a plan: the manifests (and Cargo.lock), the dependency snippets of the READMEs,
/// the changelog section, the new record.
/// Returns the changelog section written.
pub fn write(root: &Path, plan: &Plan, date: &str) -> Result<String, String> {
    let codegen_version = match plan.codegen_version {
        Some(v) => {
            bump(root, CODEGEN, v)?;
            v.to_string()
        }
        None => plan.previous.codegen_version.clone(),
    };
    bump(root, CLIENT, plan.version)?;
    update_requirements(root, Version::parse(&plan.previous.version)?, plan.version)?;
    let body = changelog_body(plan);
    let path = root.join(CHANGELOG_PATH);
    let changelog = std::fs::read_to_string(&path).unwrap_or_else(|_| CHANGELOG_HEADER.to_string());
    let url = format!(
        "{}/compare/v{}...v{}",
        repository_url(root)?,
        plan.previous.version,
        plan.version
    );
    let text = changelog_with(&changelog, &plan.version.to_string(), date, &body, &url);
    project::write_atomic(&path, &text).map_err(|e| e.to_string())?;
    let record = Record {
        version: plan.version.to_string(),
        codegen_version,
        published: plan.published(),
        spec_commit: plan.lock.commit.clone(),
        spec_sha256: plan.lock.sha256.clone(),
        codegen_sha256: codegen_hash(root)?,
        date: date.to_string(),
    };
    write_record(root, &record, &plan.inputs, &plan.generated_surface, &plan.names_text)?;
    Ok(format!("## [{}] - {date}\n\n{body}", plan.version))
}

/// Records today's workspace as its first release, at the versions in the manifests, and
/// starts the changelog. Refuses when a record exists.
pub fn initial(root: &Path, date: &str) -> Result<String, String> {
    if read_record(root)?.is_some() {
        return Err(format!(
            "{RELEASED_DIR}/release.yaml exists: this workspace has been released"
        ));
    }
    let inputs = project::read_inputs(root).map_err(|e| e.to_string())?;
    let generated = project::generate(&inputs).map_err(|e| e.to_string())?;
    let version = crate_version(root, CLIENT)?;
    let codegen_version = crate_version(root, CODEGEN)?;
    let lock = &inputs.lock;
    let body = format!(
        "The first release: {} operations and {} types generated from {}@{} (`{}`, sha256 `{}`), \
         with the hand-written runtime, webhooks and the `mock` testing kit.\n",
        generated.operation_count(),
        generated.api.types.len(),
        lock.repository,
        lock.commit,
        lock.path,
        lock.sha256
    );
    let path = root.join(CHANGELOG_PATH);
    let changelog = std::fs::read_to_string(&path).unwrap_or_else(|_| CHANGELOG_HEADER.to_string());
    let url = format!("{}/releases/tag/v{version}", repository_url(root)?);
    let text = changelog_with(&changelog, &version.to_string(), date, &body, &url);
    project::write_atomic(&path, &text).map_err(|e| e.to_string())?;
    let record = Record {
        version: version.to_string(),
        codegen_version: codegen_version.to_string(),
        published: vec![CODEGEN.to_string(), CLIENT.to_string()],
        spec_commit: lock.commit.clone(),
        spec_sha256: lock.sha256.clone(),
        codegen_sha256: codegen_hash(root)?,
        date: date.to_string(),
    };
    write_record(
        root,
        &record,
        &inputs,
        &surface_text(&generated),
        &generated.names.to_text(),
    )?;
    Ok(format!("## [{version}] - {date}\n\n{body}"))
}

/// The start of a new changelog.
pub const CHANGELOG_HEADER: &str = "\
# Changelog

All notable changes to `telnyx-portout` (and `telnyx-portout-codegen`) are documented here, in
the format of [Keep a Changelog](https://keepachangelog.com/en/1.1.0/); versions follow
[Semantic Versioning](https://semver.org/spec/v2.0.0.html). Each release's section is written
by `cargo xtask release` from the public-API diff since the previous release: changes on the
wire (what is sent or received differs) and to Rust only (same HTTP and JSON), the names the
names lock kept, and the upstream spec commit. Notes on hand-written code go under
`[Unreleased]` by hand; the release moves them into its section.

";
