//! The names lock (`spec/names.lock.yaml`) and the syntax of sites.
//!
//! A generated type is named after where it sits: its component's name, or its operation and
//! position. Upstream renames components (`Metadata` became `portout_Metadata`) and moves
//! schemas between components and inline definitions; the position-derived name then changes,
//! and every user of the type breaks although nothing on the wire did (the official Node SDK
//! shipped a major release for eleven such renames).
//!
//! So a type's identity is where it is *used*: its sites, each an operation position
//! (`GET /portouts response.meta`, `POST /portouts/reports body`, `GET /portouts
//! response.data[]`) or a member of another type (`PortoutDetails.status`,
//! `PortoutEvent|portout.new_comment`), the other type named by its final Rust name. The lock
//! records, for each site, the Rust name published for the type there; the config's renames
//! (`type_names`) are keyed by sites in the same syntax. [`super::renames`] applies both.
//!
//! The lock written back holds the sites of this generation only, so it never keeps a name for
//! a type that is gone, and it is a pure function of the spec, the config and the lock read.

use crate::ir::{Api, Response, TypeDef, TypeId, TypeRef};
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

/// Every type's sites, by identity, each site naming its parent type by `names` (the names
/// given so far, while the renames settle; the final names after). Every type of `api` has
/// a name there (`base_names` gives each one).
pub(crate) fn sites(api: &Api, names: &BTreeMap<TypeId, String>) -> BTreeMap<TypeId, BTreeSet<String>> {
    let mut out: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    let record = |t: &TypeRef, site: String, out: &mut BTreeMap<TypeId, BTreeSet<String>>| {
        let (inner, suffix) = peel(t);
        if let TypeRef::Named(n) | TypeRef::Boxed(n) = inner {
            out.entry(*n).or_default().insert(format!("{site}{suffix}"));
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
    for (id, def) in &api.types {
        let name = names.get(id).map_or("", String::as_str);
        match def {
            TypeDef::Struct(s) => {
                for f in &s.fields {
                    let wire = format!("{}{}", f.wire_name, crate::ir::bracket_suffix(&f.wire_extra));
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

/// Where an operation position may start (after `METHOD /path `).
const POSITIONS: &[&str] = &["path.", "query.", "body", "response"];

/// Whether `key` is written as a site: `METHOD /path position` (the position starting with
/// `path.`, `query.`, `body` or `response`), or `Type.wire_field` / `Type|variant label` with
/// `Type` an UpperCamelCase identifier.
pub(crate) fn is_site(key: &str) -> bool {
    if let Some((method, rest)) = key.split_once(' ') {
        let Some((path, position)) = rest.split_once(' ') else {
            return false;
        };
        return !method.is_empty()
            && method.chars().all(|c| c.is_ascii_uppercase())
            && path.starts_with('/')
            && POSITIONS.iter().any(|p| position.starts_with(p));
    }
    match key.find(['.', '|']) {
        Some(i) => is_type_name(&key[..i]) && key.len() > i + 1,
        None => false,
    }
}

/// Whether `s` has the shape of a generated type name (an UpperCamelCase identifier).
pub(crate) fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// What a site hangs off: the operation (`GET /portouts`) or the parent type
/// (`PortoutDetails`); the rest of the site is its position there.
pub(crate) fn anchor(site: &str) -> (&str, &str) {
    if let Some((method, rest)) = site.split_once(' ') {
        if let Some((path, _)) = rest.split_once(' ') {
            let end = method.len() + 1 + path.len();
            return (&site[..end], &site[end + 1..]);
        }
    }
    match site.find(['.', '|']) {
        Some(i) => (&site[..i], &site[i..]),
        None => (site, ""),
    }
}
