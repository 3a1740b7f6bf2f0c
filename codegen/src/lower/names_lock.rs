//! Stage 3d: published names are kept (the names lock, `spec/names.lock.yaml`).
//!
//! A generated type is named after where it sits: its component's name, or its operation and
//! position. Upstream renames components (`Metadata` became `portout_Metadata`) and moves
//! schemas between components and inline definitions; the position-derived name then changes,
//! and every user of the type breaks although nothing on the wire did (the official Node SDK
//! shipped a major release for eleven such renames).
//!
//! So a type's identity is where it is *used*: its sites, each an operation position
//! (`GET /portouts response.meta`, `POST /portouts/reports body.params`) or a member of another
//! type (`PortoutDetails.status`, `PortoutEvent|portout.new_comment`). The lock records, for
//! each site, the Rust name published for the type there. Regeneration renames a type back to
//! its recorded name when one of its sites is recorded (and the name is free), and reports the
//! kept name as a note. Config renames (`type_names`) are deliberate and win over the lock. A
//! maintainer releases a name by deleting its lines from the lock.
//!
//! The lock written back holds the sites of this generation only, so it never keeps a name for
//! a type that is gone, and it is a pure function of the spec, the config and the lock read.

use crate::ir::{Api, Response, TypeDef, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Site to published Rust name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamesLock {
    /// Every recorded site and its name, sorted.
    pub sites: BTreeMap<String, String>,
}

const HEADER: &str = "# Published Rust names of generated types, by where each type is used (its sites).\n\
# Written by `cargo xtask codegen`; regeneration keeps these names when upstream renames or\n\
# moves a schema. Delete a type's lines to release its name on purpose.\n";

impl NamesLock {
    /// Parses the lock (`site: Name` lines; `#` comments).
    pub fn parse(text: &str) -> Result<Self, String> {
        let sites: BTreeMap<String, String> = serde_yaml::from_str::<Option<BTreeMap<String, String>>>(text)
            .map_err(|e| format!("names lock: {e}"))?
            .unwrap_or_default();
        for (site, name) in &sites {
            if crate::names::pascal(name) != *name {
                return Err(format!(
                    "names lock: `{site}` maps to `{name}`, which is not an UpperCamelCase identifier"
                ));
            }
        }
        Ok(NamesLock { sites })
    }

    /// The lock as text, sorted by site (deterministic).
    pub fn to_text(&self) -> String {
        let mut out = String::from(HEADER);
        for (site, name) in &self.sites {
            out.push_str(&format!("{}: {name}\n", yaml_key(site)));
        }
        out
    }
}

/// A YAML key for a site, quoted when plain YAML would not read it back as the same string.
fn yaml_key(site: &str) -> String {
    serde_json::to_string(site).unwrap_or_else(|_| format!("{site:?}"))
}

/// What [`apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockOutcome {
    /// The lock of this generation.
    pub lock: NamesLock,
    /// One line per type whose recorded name was kept over the name this spec would give it.
    pub notes: Vec<String>,
}

/// Renames types to their recorded names, then records every type's sites. `fixed` are the
/// names config renames produced (never changed by the lock).
pub fn apply(api: &mut Api, lock: &NamesLock, fixed: &BTreeSet<String>) -> LockOutcome {
    let mut notes = Vec::new();
    // Renaming a parent changes its members' sites: repeat until nothing moves (each round
    // settles at least one more type, so this ends).
    for _ in 0..=api.types.len() {
        let sites = sites(api);
        let mut renames: BTreeMap<String, String> = BTreeMap::new();
        let mut claimed: BTreeSet<String> = BTreeSet::new();
        for (name, type_sites) in &sites {
            if fixed.contains(name) {
                continue;
            }
            // The recorded name of the first recorded site (sites are sorted).
            let Some(recorded) = type_sites.iter().find_map(|s| lock.sites.get(s)) else {
                continue;
            };
            if recorded == name || api.types.contains_key(recorded) || !claimed.insert(recorded.clone()) {
                continue;
            }
            renames.insert(name.clone(), recorded.clone());
        }
        if renames.is_empty() {
            break;
        }
        for (from, to) in &renames {
            if let Some(def) = api.types.remove(from) {
                api.types.insert(to.clone(), def);
            }
            notes.push(format!(
                "type `{to}` kept its published name (this spec alone would name it `{from}`)"
            ));
        }
        super::finish::rename_refs(api, &renames);
    }
    let mut out = NamesLock::default();
    for (name, type_sites) in sites(api) {
        for s in type_sites {
            out.sites.insert(s, name.clone());
        }
    }
    notes.sort();
    LockOutcome { lock: out, notes }
}

/// Every named type's sites, by current name.
pub fn sites(api: &Api) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let record = |t: &TypeRef, site: String, out: &mut BTreeMap<String, BTreeSet<String>>| {
        let (inner, suffix) = peel(t);
        if let TypeRef::Named(n) | TypeRef::Boxed(n) = inner {
            out.entry(n.clone()).or_default().insert(format!("{site}{suffix}"));
        }
    };
    for r in api.resources.values() {
        for op in r.operations.values() {
            let key = format!("{} {}", op.http_method, op.path);
            for p in &op.path_params {
                record(&p.ty, format!("{key} path.{}", p.wire_name), &mut out);
            }
            for q in &op.query {
                record(&q.ty, format!("{key} query.{}", q.wire_path.join(".")), &mut out);
            }
            if let Some(b) = &op.body {
                record(&b.ty, format!("{key} body"), &mut out);
            }
            match &op.response {
                Response::Empty | Response::Binary => {}
                Response::Data(t) => record(t, format!("{key} response.data"), &mut out),
                Response::Json(t) => record(t, format!("{key} response"), &mut out),
                Response::Page { item, meta } => {
                    record(item, format!("{key} response.data[]"), &mut out);
                    record(meta, format!("{key} response.meta"), &mut out);
                }
            }
        }
    }
    for (name, def) in &api.types {
        match def {
            TypeDef::Struct(s) => {
                for f in &s.fields {
                    let mut wire = f.wire_name.clone();
                    for extra in &f.wire_extra {
                        wire.push_str(&format!("[{extra}]"));
                    }
                    record(&f.ty, format!("{name}.{wire}"), &mut out);
                }
            }
            TypeDef::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    let label = v.tags.first().cloned().unwrap_or_else(|| i.to_string());
                    record(&v.ty, format!("{name}|{label}"), &mut out);
                }
            }
            TypeDef::Enum(_) => {}
        }
    }
    out
}

/// The type below `Vec`/`Map` wrappers, and the site suffix they add (`[]`, `{}`).
fn peel(t: &TypeRef) -> (&TypeRef, String) {
    let mut suffix = String::new();
    let mut t = t;
    loop {
        match t {
            TypeRef::Vec(inner) => {
                suffix.push_str("[]");
                t = inner;
            }
            TypeRef::Map(inner) => {
                suffix.push_str("{}");
                t = inner;
            }
            _ => return (t, suffix),
        }
    }
}
