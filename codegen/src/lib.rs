//! The generator of the `telnyx-portout` client: OpenAPI spec bytes and a config in, Rust
//! source files out. One pure entry point, [`generate`]; the stages are modules:
//!
//! 1. [`load`]: YAML to a JSON value.
//! 2. [`select`]: the configured operations and the slice of the document they reach.
//! 3. `apply_patches` and [`normalize`]: the config's corrections merged in; OpenAPI 3.1
//!    constructs rewritten into the 3.0 ones `openapiv3` reads.
//! 4. [`load::to_openapi`]: the slice deserialized into `openapiv3::OpenAPI`.
//! 5. [`lower`]: the spec lowered into the intermediate representation ([`ir`]) of resources,
//!    operations and types (types referred to by identity, with suggested names), then passes
//!    over it (enum merging, unreachable types dropped, ambiguous unions).
//! 6. [`naming`]: the table of the names types give ([`naming::Names`]): base names, the
//!    config's renames and the names lock (keyed by where a type is used); the IR is not
//!    touched.
//! 7. [`surface`]: the public surface as one value, the IR under its names (every name,
//!    argument, setter, query key and encoding); [`diff`] compares two of them.
//! 8. [`emit`]: the surface printed as Rust source via `quote!` and `prettyplease`.
//!
//! Every failure is an [`Error`] with a kind and the JSON pointer of the offending node; the
//! generator does not panic on any input.
//!
//! The library does no I/O: where the spec, the pin and the generated folder live, and
//! writing files, are the workspace's business (the `xtask` crate).

#![forbid(unsafe_code)]
#![warn(unreachable_pub)]

pub mod config;
pub mod diff;
pub mod emit;
pub mod error;
pub mod exercise;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod naming;
pub mod normalize;
mod prose;
pub mod select;
pub mod surface;

pub use config::Config;
pub use error::{Error, ErrorKind, Result};

use std::collections::BTreeMap;
use std::path::PathBuf;

/// What [`generate`] returns.
#[derive(Debug, Clone)]
pub struct Generated {
    /// File contents keyed by path relative to the generated folder, sorted.
    pub files: BTreeMap<PathBuf, String>,
    /// The intermediate representation the files were emitted from.
    pub api: ir::Api,
    /// The names its types were given.
    pub identifiers: naming::Names,
    /// The public surface the files print (what API diffs compare).
    pub surface: surface::Surface,
    /// The sha256 named in the file headers: of the spec bytes, or of the full spec they
    /// were sliced from (see [`generate_with_provenance`]).
    pub sha256: String,
    /// The names lock of this generation (to write back to `spec/names.lock.yaml`).
    pub names: naming::NamesLock,
    /// Types that kept their published name over the one this spec alone would give.
    pub name_notes: Vec<String>,
    /// What the stages found beside the code: skipped operations, unused config entries.
    pub diagnostics: Diagnostics,
}

/// What the stages report beside the IR (returned by the stage that finds it, never stored
/// on the IR).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// Operations selected but not generated, with the reason, by `METHOD /path` (whole-spec
    /// mode).
    pub skipped: BTreeMap<String, String>,
    /// Config renames (`type_names`): the keys (sites) that match no site of this spec.
    pub unused_renames: Vec<String>,
    /// Config patches whose pointer matches nothing in this spec.
    pub unused_patches: Vec<String>,
    /// Inline enums folded into an identical one: the name lowering suggested for each, to
    /// the name the spec alone gives the one it was merged into (before the config's renames
    /// and the names lock).
    pub merged_enums: BTreeMap<String, String>,
}

impl Generated {
    /// The type published as `name`, as the IR holds it.
    pub fn type_def(&self, name: &str) -> Option<&ir::TypeDef> {
        self.identifiers.id_of(name).and_then(|id| self.api.types.get(&id))
    }

    /// Number of generated operations.
    pub fn operation_count(&self) -> usize {
        self.api.resources.values().map(|r| r.operations.len()).sum()
    }
}

/// [`generate_locked`] without a names lock: every type gets the name this spec gives it.
pub fn generate(spec: &[u8], config: &Config, commit: Option<&str>) -> Result<Generated> {
    generate_locked(spec, config, &naming::NamesLock::default(), commit)
}

/// The pure entry point: spec bytes, config and the names lock in, files (and the updated
/// lock) out. `commit` (the upstream commit the bytes come from, if known) only goes into the
/// file headers.
pub fn generate_locked(
    spec: &[u8],
    config: &Config,
    names: &naming::NamesLock,
    commit: Option<&str>,
) -> Result<Generated> {
    let provenance = emit::Provenance {
        commit: commit.map(str::to_string),
        sha256: sha256_hex(spec),
    };
    generate_with_provenance(spec, config, names, provenance)
}

/// [`generate_locked`] with the provenance the headers name given by the caller: for `spec`
/// bytes that are a slice of a larger document (what [`slice_spec`] returns), the upstream
/// commit and sha256 of that document, so the output does not depend on which of the two was
/// read.
pub fn generate_with_provenance(
    spec: &[u8],
    config: &Config,
    names: &naming::NamesLock,
    provenance: emit::Provenance,
) -> Result<Generated> {
    let (api, outcome, diagnostics) = build(spec, config, names)?;
    let surface = surface::Surface::of(&api, &outcome.names)?;
    let files = emit::emit(&api, &outcome.names, &surface, &provenance)?;
    Ok(Generated {
        files,
        api,
        identifiers: outcome.names,
        surface,
        sha256: provenance.sha256,
        names: outcome.lock,
        name_notes: outcome.notes,
        diagnostics,
    })
}

/// Stages 1 to 6 with the names lock: spec bytes to the IR and the names of its types (a
/// config rename by site first, then the name the lock records, then the spec's; see
/// [`naming`]).
pub fn build_ir_locked(spec: &[u8], config: &Config, names: &naming::NamesLock) -> Result<(ir::Api, naming::Naming)> {
    build(spec, config, names).map(|(api, naming, _)| (api, naming))
}

/// Stages 1 to 7 with the names lock: the public surface of `spec` (what `spec diff` and a
/// repin's report compare).
pub fn surface_locked(spec: &[u8], config: &Config, names: &naming::NamesLock) -> Result<surface::Surface> {
    let (api, naming) = build_ir_locked(spec, config, names)?;
    surface::Surface::of(&api, &naming.names)
}

/// Stages 1 to 6 with the names lock, and what they report.
fn build(spec: &[u8], config: &Config, names: &naming::NamesLock) -> Result<(ir::Api, naming::Naming, Diagnostics)> {
    let (lowered, unused_patches) = build_unnamed(spec, config)?;
    let naming = naming::assign(
        &lowered.api,
        &lowered.components,
        &config.type_names,
        names,
        &lowered.merged_enums,
    )?;
    let diagnostics = Diagnostics {
        skipped: lowered.skipped,
        unused_renames: naming.unused_renames.clone(),
        unused_patches,
        merged_enums: naming.merged_enums.clone(),
    };
    Ok((lowered.api, naming, diagnostics))
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Stages 1 to 6 without a names lock: the IR and the names of its types (the config's name
/// for a type, or the spec's).
pub fn build_ir(spec: &[u8], config: &Config) -> Result<(ir::Api, naming::Names)> {
    build_ir_locked(spec, config, &naming::NamesLock::default()).map(|(api, naming)| (api, naming.names))
}

/// Stages 1 to 5: the IR, its types referred to by identity, before naming.
///
/// In whole-spec mode (`select: all`) an error inside one operation never aborts the run:
/// the build skips it (see [`lower::build`]), and an error of an earlier stage at a pointer
/// inside `/paths/<path>/<method>` (an operation that is not a map, a `$ref` that points to
/// nothing, a parameter `openapiv3` cannot read) excludes that operation and runs the stages
/// again without it. Either way it is listed in `Lowered::skipped` with the error. Returns the
/// config patches that matched nothing beside it.
fn build_unnamed(spec: &[u8], config: &Config) -> Result<(lower::Lowered, Vec<String>)> {
    let mut excluded: BTreeMap<String, String> = BTreeMap::new();
    let mut raw = Some(load::parse(spec)?);
    loop {
        let doc = match raw.take() {
            Some(doc) => doc,
            // A retry after the document was dropped (rare: a later stage failed).
            None => load::parse(spec)?,
        };
        let selected = match select::operations_excluding(&doc, config, &excluded) {
            Ok(s) => s,
            Err(e) => {
                exclude(e, config, &[], &mut excluded)?;
                raw = Some(doc);
                continue;
            }
        };
        let mut slice = match select::slice(&doc, &selected) {
            Ok(s) => s,
            Err(e) => {
                exclude(e, config, &selected, &mut excluded)?;
                raw = Some(doc);
                continue;
            }
        };
        drop(doc);
        let unused_patches = apply_patches(&mut slice, config);
        normalize::normalize(&mut slice);
        let openapi = match load::to_openapi(slice) {
            Ok(o) => o,
            Err(e) => {
                exclude(e, config, &selected, &mut excluded)?;
                continue;
            }
        };
        let mut lowered = lower::build(&openapi, &selected, config)?;
        lowered.skipped.extend(excluded);
        return Ok((lowered, unused_patches));
    }
}

/// Records the operations `e` is inside of as skipped, in whole-spec mode; otherwise, or
/// when it is not inside a new operation, returns `e`.
fn exclude(
    e: Error,
    config: &Config,
    selected: &[select::Selected],
    excluded: &mut BTreeMap<String, String>,
) -> Result<()> {
    if !config.select.all {
        return Err(e);
    }
    let keys: Vec<String> = select::operations_at(&e.pointer, selected)
        .into_iter()
        .filter(|k| !excluded.contains_key(k))
        .collect();
    if keys.is_empty() {
        return Err(e);
    }
    for key in keys {
        excluded.insert(key, e.to_string());
    }
    Ok(())
}

/// Applies the config's patches to the slice; returns the pointers that matched nothing (an
/// older or newer spec may not have them).
fn apply_patches(slice: &mut serde_json::Value, config: &Config) -> Vec<String> {
    let mut unused = Vec::new();
    for patch in &config.patches {
        match slice
            .pointer_mut(&patch.pointer)
            .and_then(serde_json::Value::as_object_mut)
        {
            Some(target) => {
                for (k, v) in &patch.merge {
                    target.insert(k.clone(), v.clone());
                }
            }
            None => unused.push(patch.pointer.clone()),
        }
    }
    unused
}

/// The slice of the spec that the configured operations need, as JSON, un-normalized
/// (a valid document of the spec's own OpenAPI version), with the config's corrections
/// applied: what a mock server of the API should serve.
pub fn slice_spec(spec: &[u8], config: &Config) -> Result<serde_json::Value> {
    let raw = load::parse(spec)?;
    let selected = select::operations(&raw, config)?;
    let mut slice = select::slice(&raw, &selected)?;
    apply_patches(&mut slice, config);
    Ok(slice)
}

/// The README's example (the crates.io page), compiled as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
