//! Resources and operation names: the dotted `resource.method` of an operation the config
//! does not name, the resource tree, and the collisions of their Rust names (accessors,
//! resource structs, request builders).

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Operation, Resource};
use crate::names;
use crate::prose::doc_lines;
use crate::select::Selected;
use std::collections::BTreeMap;

/// Methods `Client` already has (its own, and `Clone`'s): a top-level resource accessor of
/// that name would clash or shadow it.
const RESERVED_CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "config", "clone"];
/// Methods every resource struct already has (its constructor, and `Clone`'s).
const RESERVED_RESOURCE_METHODS: &[&str] = &["new", "clone"];

/// Where a name came from: the operation (`METHOD /path`), how (config, tag, path), and
/// the pointers to report: of the name (the config key, or the operation) and of the
/// resource part of it (the config key, the tag, or the operation).
#[derive(Debug, Clone)]
pub(super) struct Origin {
    pub key: String,
    pub how: String,
    pub pointer: String,
    pub resource_pointer: String,
}

impl Origin {
    pub(super) fn describe(&self) -> String {
        format!("`{}` ({})", self.key, self.how)
    }
}

/// The dotted name of an operation the config does not name: resource from its first tag
/// (or first path segment), method from its operationId, or, when it has none (or one
/// without a letter or digit), from `METHOD /path` (`GET /a/{id}/b` is `get_a_by_id_b`).
pub(super) fn derive_name(op: &openapiv3::Operation, sel: &Selected, at: &str) -> (String, Origin) {
    let id = op
        .operation_id
        .as_deref()
        .filter(|id| id.chars().any(|c| c.is_ascii_alphanumeric()));
    let segment = || sel.path.split('/').find(|s| !s.is_empty() && !s.starts_with('{'));
    let (resource, how, pointer) = match (op.tags.first(), segment()) {
        (Some(tag), _) => (
            names::snake(tag),
            format!("resource from its tag `{tag}`"),
            format!("{at}/tags/0"),
        ),
        (None, Some(seg)) => (
            names::snake(seg),
            format!("resource from its first path segment `{seg}`"),
            at.to_string(),
        ),
        (None, None) => (
            "api".to_string(),
            "resource `api`: no tag, no path segment".to_string(),
            at.to_string(),
        ),
    };
    let (method, method_how) = match id {
        Some(id) => (names::snake(id), format!("method from its operationId `{id}`")),
        None => (
            method_from_path(&sel.method, &sel.path),
            "method from its method and path (it has no operationId)".to_string(),
        ),
    };
    let dotted = format!("{resource}.{method}");
    let origin = Origin {
        key: sel.key(),
        how: format!("{how}, {method_how}"),
        pointer: at.to_string(),
        resource_pointer: pointer,
    };
    (dotted, origin)
}

/// A method name from `METHOD /path`: the method and every segment, a `{param}` as
/// `by_param` (so `/a/{b}` and `/a/b` differ).
fn method_from_path(method: &str, path: &str) -> String {
    // Each word on its own through `snake`, so that a segment without ASCII letters becomes
    // a word (`value`) rather than an empty one between two underscores.
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{}", names::snake(param).trim_matches('_'))),
            None => words.push(names::snake(segment).trim_matches('_').to_string()),
        }
    }
    words.retain(|w| !w.is_empty());
    names::snake(&words.join("_"))
}

pub(super) fn ensure_resource(resources: &mut BTreeMap<String, Resource>, path: &str, config: &Config) {
    let segments: Vec<&str> = path.split('.').collect();
    for i in 1..=segments.len() {
        let p = segments[..i].join(".");
        if !resources.contains_key(&p) {
            let doc = config
                .resources
                .get(&p)
                .and_then(|r| r.doc.as_deref())
                .map(doc_lines)
                .unwrap_or_else(|| vec![format!("The `{p}` resource.")]);
            resources.insert(
                p.clone(),
                Resource {
                    path: p.clone(),
                    rust_name: super::suggest::resource(&p),
                    accessor: names::snake(segments[i - 1]),
                    doc,
                    operations: BTreeMap::new(),
                    children: Vec::new(),
                },
            );
            if i > 1 {
                let parent = segments[..i - 1].join(".");
                if let Some(parent) = resources.get_mut(&parent) {
                    parent.children.push(p.clone());
                    parent.children.sort();
                }
            }
        }
    }
}

pub(super) fn check_resource_names(
    resources: &BTreeMap<String, Resource>,
    origins: &BTreeMap<String, Origin>,
    operations: &BTreeMap<String, Origin>,
) -> Result<()> {
    let origin_of = |path: &str| origins.get(path);
    let describe = |path: &str| {
        origin_of(path)
            .map(|o| format!("`{path}` of {}", o.describe()))
            .unwrap_or_else(|| format!("`{path}`"))
    };
    let pointer_of = |path: &str| {
        origin_of(path)
            .map(|o| o.resource_pointer.clone())
            .unwrap_or_else(|| format!("config:resources.{path}"))
    };
    let mut rust_names: BTreeMap<&str, &str> = BTreeMap::new();
    // Request builders share the `resources` namespace with the resource structs.
    let mut builders: BTreeMap<&str, (&str, &Operation)> = BTreeMap::new();
    for r in resources.values() {
        if !r.path.contains('.') && RESERVED_CLIENT_METHODS.contains(&r.accessor.as_str()) {
            return Err(Error::new(
                ErrorKind::NameCollision,
                pointer_of(&r.path),
                format!(
                    "the resource {} would be the accessor `Client::{}`, which the client already has; name its operations in the config's `operations`",
                    describe(&r.path),
                    r.accessor
                ),
            ));
        }
        for (name, op) in &r.operations {
            let dotted = format!("{}.{name}", r.path);
            let origin = operations.get(&dotted);
            let op_pointer = || origin.map(|o| o.pointer.clone()).unwrap_or_else(|| pointer_of(&r.path));
            let op_describe = || origin.map(Origin::describe).unwrap_or_else(|| format!("`{dotted}`"));
            if RESERVED_RESOURCE_METHODS.contains(&name.as_str()) {
                return Err(Error::new(
                    ErrorKind::NameCollision,
                    op_pointer(),
                    format!(
                        "the operation {} would be the method `{name}`, which every resource already has; name it in the config's `operations`",
                        op_describe()
                    ),
                ));
            }
            if let Some((other_path, other)) = builders.insert(&op.builder, (&r.path, op)) {
                let other_key = format!("{} {}", other.http_method, other.path);
                return Err(Error::new(
                    ErrorKind::NameCollision,
                    op_pointer(),
                    format!(
                        "the request builders of `{other_key}` (resource `{other_path}`) and {} would both be named `{}`; name one in the config's `operations`",
                        op_describe(),
                        op.builder
                    ),
                ));
            }
        }
    }
    for r in resources.values() {
        // The module also declares the builders' generic type and each one's parameters.
        let declared =
            r.rust_name == "Request" || builders.keys().any(|b| r.rust_name.strip_suffix("Params") == Some(*b));
        if declared {
            return Err(Error::new(
                ErrorKind::NameCollision,
                pointer_of(&r.path),
                format!(
                    "the resource {} would be named `{}`, a type the request builders' module already declares; name its operations in the config's `operations`",
                    describe(&r.path),
                    r.rust_name
                ),
            ));
        }
        if let Some((_, op)) = builders.get(r.rust_name.as_str()) {
            return Err(Error::new(
                ErrorKind::NameCollision,
                pointer_of(&r.path),
                format!(
                    "the resource {} and the request builder of `{} {}` would both be named `{}`",
                    describe(&r.path),
                    op.http_method,
                    op.path,
                    r.rust_name
                ),
            ));
        }
    }
    for r in resources.values() {
        if let Some(other) = rust_names.insert(&r.rust_name, &r.path) {
            return Err(Error::new(
                ErrorKind::NameCollision,
                pointer_of(&r.path),
                format!(
                    "resources {} and {} would both be named `{}`; name the operations of one in the config's `operations`",
                    describe(other),
                    describe(&r.path),
                    r.rust_name
                ),
            ));
        }
        for child in &r.children {
            if let Some(c) = resources.get(child) {
                if r.operations.contains_key(&c.accessor) {
                    let dotted = format!("{}.{}", r.path, c.accessor);
                    let op = operations
                        .get(&dotted)
                        .map(Origin::describe)
                        .unwrap_or_else(|| format!("`{dotted}`"));
                    return Err(Error::new(
                        ErrorKind::NameCollision,
                        operations
                            .get(&dotted)
                            .map(|o| o.pointer.clone())
                            .unwrap_or_else(|| pointer_of(child)),
                        format!(
                            "`{dotted}` is both the operation {op} and the resource {}",
                            describe(child)
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}
