//! Stage 2: picks the configured operations out of the raw document and cuts the slice of
//! the document they need (their paths and every component they reach through `$ref`).
//! Working on the slice keeps the rest of the 4 MB spec out of the later stages, and the slice
//! is itself a valid spec (the Prism mock server runs on it).

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result, escape_token};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP methods an OpenAPI path item can hold, in a fixed order.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One selected operation: its key (`GET /portouts`) and configured dotted name, if any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Selected {
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// The configured `resource.method` name, when the config names it.
    pub name: Option<String>,
}

impl Selected {
    /// `METHOD /path`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Finds the operations the config selects, sorted by key. Every operation the config names
/// must exist.
pub fn operations(doc: &Value, config: &Config) -> Result<Vec<Selected>> {
    operations_excluding(doc, config, &BTreeMap::new())
}

/// [`operations`] without those keyed in `excluded` (operations a whole-spec run skips).
pub(crate) fn operations_excluding(
    doc: &Value,
    config: &Config,
    excluded: &BTreeMap<String, String>,
) -> Result<Vec<Selected>> {
    let empty = Map::new();
    let paths = match doc.get("paths") {
        Some(Value::Object(p)) => p,
        None => &empty,
        Some(_) => {
            return Err(Error::new(ErrorKind::InvalidDocument, "/paths", "`paths` is not a map"));
        }
    };
    let mut out = BTreeMap::new();
    for (path, item) in paths {
        if path.starts_with("x-") {
            // A specification extension of the Paths Object, not a path.
            continue;
        }
        if !path.starts_with('/') {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                format!("/paths/{}", escape_token(path)),
                format!("`{}` is not a path: paths start with `/`", path.escape_debug()),
            ));
        }
        let item = path_item(doc, path, item)?;
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let key = format!("{} {}", method.to_ascii_uppercase(), path);
            if excluded.contains_key(&key) {
                continue;
            }
            let name = config.operations.get(&key).cloned();
            let wanted = name.is_some()
                || config.select.all
                || config.select.path_prefixes.iter().any(|p| path_has_prefix(path, p))
                || op.get("tags").and_then(Value::as_array).is_some_and(|tags| {
                    tags.iter()
                        .any(|t| t.as_str().is_some_and(|t| config.select.tags.iter().any(|w| w == t)))
                });
            if wanted && !op.is_object() {
                return Err(Error::new(
                    ErrorKind::InvalidDocument,
                    format!("/paths/{}/{method}", escape_token(path)),
                    format!("operation `{key}` is not a map"),
                ));
            }
            if wanted {
                out.insert(
                    key,
                    Selected {
                        method: method.to_ascii_uppercase(),
                        path: path.clone(),
                        name,
                    },
                );
            }
        }
    }
    for key in config.operations.keys() {
        if !out.contains_key(key) && !excluded.contains_key(key) {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                format!("config:operations.{key}"),
                format!("the config names operation `{key}`, which the spec does not have"),
            ));
        }
    }
    Ok(out.into_values().collect())
}

/// The most `$ref` hops followed from one path item.
const MAX_PATH_ITEM_HOPS: usize = 64;

/// The path item `item` at `/paths/<path>`, with a `$ref` followed: to
/// `#/components/pathItems/<name>` (OpenAPI 3.1) or anywhere else in this document, through
/// chains of references. Members written next to a `$ref` win over the referenced item's
/// (OpenAPI leaves that case undefined). Errors point at the path item.
pub(crate) fn path_item<'d>(doc: &'d Value, path: &str, item: &'d Value) -> Result<Cow<'d, Map<String, Value>>> {
    let at = format!("/paths/{}", escape_token(path));
    let mut current = item;
    let mut here = at.clone();
    let mut siblings: Option<Map<String, Value>> = None;
    for _ in 0..MAX_PATH_ITEM_HOPS {
        let map = current.as_object().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidDocument,
                here.clone(),
                format!("the path item of `{path}` is not a map"),
            )
        })?;
        let Some(reference) = map.get("$ref") else {
            return Ok(match siblings {
                None => Cow::Borrowed(map),
                Some(mut local) => {
                    for (k, v) in map {
                        local.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    Cow::Owned(local)
                }
            });
        };
        let reference = reference.as_str().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidDocument,
                format!("{here}/$ref"),
                "`$ref` is not a string",
            )
        })?;
        for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
            siblings
                .get_or_insert_with(Map::new)
                .entry(k.clone())
                .or_insert_with(|| v.clone());
        }
        let Some(target) = reference.strip_prefix('#') else {
            return Err(Error::new(
                ErrorKind::UnresolvedRef,
                here,
                format!("`$ref: {reference}` points outside this document; only local references are supported"),
            ));
        };
        current = doc.pointer(target).ok_or_else(|| {
            Error::new(
                ErrorKind::UnresolvedRef,
                here.clone(),
                format!("`$ref: {reference}` (the path item of `{path}`) points to nothing"),
            )
        })?;
        here = target.to_string();
    }
    Err(Error::new(
        ErrorKind::RefCycle,
        at,
        format!("the `$ref`s of the path item of `{path}` form a cycle (through {here})"),
    ))
}

/// The selected operations a JSON pointer of the document is inside of: the operation of
/// `/paths/<path>/<method>/...`, or every selected operation of `<path>` for the rest of
/// `/paths/<path>/...` (path-level parameters). Empty outside `/paths`.
pub(crate) fn operations_at(pointer: &str, selected: &[Selected]) -> Vec<String> {
    let unescape = crate::error::unescape_token;
    let mut tokens = pointer.split('/').skip(1);
    let (Some("paths"), Some(path)) = (tokens.next(), tokens.next()) else {
        return Vec::new();
    };
    let path = unescape(path);
    match tokens.next() {
        Some(m) if METHODS.contains(&m) => vec![format!("{} {path}", m.to_ascii_uppercase())],
        _ => selected.iter().filter(|s| s.path == path).map(Selected::key).collect(),
    }
}

/// Fails on a key of an operation's `responses` that is not a status code (`200`), a range
/// (`2XX`), `default` or an extension: `openapiv3` drops such keys silently, so a typo
/// (`2OO`) would lose the success response and the method would return `()`.
fn check_responses(op: &Value, at: &str) -> Result<()> {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return Ok(());
    };
    for key in responses.keys() {
        let b = key.as_bytes();
        let code = b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && (b[1..].iter().all(u8::is_ascii_digit) || b[1..].eq_ignore_ascii_case(b"XX"));
        if !(code || key == "default" || key.starts_with("x-")) {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                format!("{at}/responses/{}", escape_token(key)),
                format!(
                    "`{}` is not a response status code (100 to 599, 1XX to 5XX, or `default`)",
                    key.escape_debug()
                ),
            ));
        }
    }
    Ok(())
}

fn path_has_prefix(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/') || prefix.ends_with('/'))
}

/// Cuts the slice of `doc` that the selected operations need: top-level metadata, their
/// path items (only the selected methods, plus path-level parameters), and the transitive
/// closure of the components they `$ref`.
pub fn slice(doc: &Value, selected: &[Selected]) -> Result<Value> {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security", "tags"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let mut paths = Map::new();
    for sel in selected {
        let pointer = format!("/paths/{}", escape_token(&sel.path));
        let item = doc
            .pointer(&pointer)
            .ok_or_else(|| Error::new(ErrorKind::InvalidDocument, pointer.clone(), "no such path item"))?;
        // A referenced path item is inlined: the slice holds plain path items only.
        let item = path_item(doc, &sel.path, item)?;
        let item = &*item;
        let entry = paths
            .entry(sel.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(entry) = entry {
            for (k, v) in item {
                if k == "parameters" || k == "servers" || k == "summary" || k == "description" {
                    entry.insert(k.clone(), v.clone());
                }
            }
            let m = sel.method.to_ascii_lowercase();
            if let Some(op) = item.get(&m) {
                check_responses(op, &format!("{pointer}/{m}"))?;
                entry.insert(m, op.clone());
            }
        }
    }
    let paths = Value::Object(paths);
    // Collect referenced components, transitively.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<(String, String)> = Vec::new();
    collect_refs(&paths, "/paths", &mut queue)?;
    if let Some(security) = doc.pointer("/components/securitySchemes") {
        if let Some(map) = security.as_object() {
            for name in map.keys() {
                queue.push((
                    format!("#/components/securitySchemes/{}", escape_token(name)),
                    String::new(),
                ));
            }
        }
    }
    let mut components = Map::new();
    while let Some((reference, from)) = queue.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let Some(target) = reference.strip_prefix('#') else {
            return Err(Error::new(
                ErrorKind::UnresolvedRef,
                from,
                format!("`$ref: {reference}` points outside this document; only local references are supported"),
            ));
        };
        let (target, value) = resolve_fragment(doc, target).ok_or_else(|| {
            Error::new(
                ErrorKind::UnresolvedRef,
                from.clone(),
                format!("`$ref: {reference}` points to nothing"),
            )
        })?;
        let target = target.as_str();
        let tokens: Vec<&str> = target.trim_start_matches('/').split('/').collect();
        if tokens.len() != 3 || tokens[0] != "components" {
            return Err(Error::new(
                ErrorKind::Unsupported,
                from,
                format!("`$ref: {reference}` is not of the form #/components/<kind>/<name>"),
            ));
        }
        let kind = components
            .entry(tokens[1].to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(kind) = kind {
            let name = crate::error::unescape_token(tokens[2]);
            kind.insert(name, value.clone());
        }
        collect_refs(value, target, &mut queue)?;
    }
    out.insert("paths".into(), paths);
    // Sorted maps make the slice independent of the order of keys in the document.
    out.insert("components".into(), Value::Object(components));
    Ok(Value::Object(out))
}

/// The value a `$ref` fragment (`/components/schemas/X`) points to, with the JSON pointer it
/// was found at: as written, or else percent-decoded (a fragment is part of a URI, so
/// `Foo%20Bar` names the key `Foo Bar`).
pub(crate) fn resolve_fragment<'d>(doc: &'d Value, fragment: &str) -> Option<(String, &'d Value)> {
    if let Some(v) = doc.pointer(fragment) {
        return Some((fragment.to_string(), v));
    }
    let decoded = percent_decode(fragment)?;
    doc.pointer(&decoded).map(|v| (decoded, v))
}

/// `s` with its `%XX` escapes decoded, if it has any and they decode to UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Collects the `$ref`s under `value` (at `at`) with the pointer of the object holding each.
/// Data is not searched: examples, defaults, enum and const values, extensions (`x-...`).
fn collect_refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) -> Result<()> {
    // `names` marks maps whose keys are names (`properties`, `schemas`, ...), where a key
    // called `example` is a name, not an example.
    let mut stack: Vec<(&Value, String, bool)> = vec![(value, at.to_string(), false)];
    while let Some((v, at, names)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let child_at = format!("{at}/{}", escape_token(k));
                    if names {
                        stack.push((child, child_at, false));
                    } else if k == "$ref" {
                        match child.as_str() {
                            Some(r) => out.push((r.to_string(), at.clone())),
                            None => {
                                return Err(Error::new(
                                    ErrorKind::InvalidDocument,
                                    child_at,
                                    "`$ref` is not a string",
                                ));
                            }
                        }
                    } else if matches!(k.as_str(), "example" | "default" | "enum" | "const") || k.starts_with("x-") {
                        // Data: a `$ref` key inside is not a reference.
                    } else if k == "examples" {
                        // 3.0 Example Objects may be `$ref`s; their values are data.
                        if let Some(m) = child.as_object() {
                            for (name, ex) in m {
                                if let Some(r) = ex.get("$ref").and_then(Value::as_str) {
                                    out.push((r.to_string(), format!("{child_at}/{}", escape_token(name))));
                                }
                            }
                        }
                    } else if k == "mapping" && child.is_object() {
                        // Discriminator mappings name schemas by reference string.
                        for (name, r) in child.as_object().into_iter().flatten() {
                            if let Some(r) = r.as_str() {
                                let r = if r.starts_with('#') || r.contains('/') {
                                    r.to_string()
                                } else {
                                    format!("#/components/schemas/{r}")
                                };
                                out.push((r, format!("{child_at}/{}", escape_token(name))));
                            }
                        }
                    } else {
                        let is_names = matches!(
                            k.as_str(),
                            "properties"
                                | "paths"
                                | "schemas"
                                | "parameters"
                                | "responses"
                                | "headers"
                                | "requestBodies"
                                | "securitySchemes"
                                | "content"
                        ) && child.is_object();
                        stack.push((child, child_at, is_names));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((child, format!("{at}/{i}"), false));
                }
            }
            _ => {}
        }
    }
    Ok(())
}
