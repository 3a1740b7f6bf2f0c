//! Stage 3 (after the config's patches, `lib.rs::apply_patches`): rewrites the OpenAPI 3.1 constructs that `openapiv3` (3.0 only) cannot read into
//! their 3.0 equivalents, on the JSON value, walking only schema positions so that a property
//! *named* `const` or `type` is never mistaken for a keyword.
//!
//! | 3.1                               | 3.0 after normalizing                          |
//! |-----------------------------------|------------------------------------------------|
//! | `type: [T, 'null']`               | `type: T`, `nullable: true`                    |
//! | `type: [A, B]`                    | `anyOf: [{type: A}, {type: B}]`                |
//! | `type: 'null'`                    | `x-null: true` (no type)                       |
//! | `const: v`                        | `enum: [v]`                                    |
//! | `exclusiveMinimum: n` (a number)  | `minimum: n`, `exclusiveMinimum: true`         |
//! | `examples: [a, ...]` (in a schema)| `example: a`                                   |
//! | `openapi: 3.1.x`                  | `openapi: 3.0.3`                               |
//! | a response without `description`  | `description: ""`                              |
//! | schema `true`                     | `{}` (any JSON value)                          |
//! | schema `false`                    | `x-never: true` (see below)                    |
//!
//! A `false` schema accepts no value. Where that has a meaning the client keeps it: a
//! property that is `false` (and not required) can never be present and is left out, a
//! `oneOf`/`anyOf` variant that is `false` never matches and is left out, `not: false` is
//! no constraint, and `additionalProperties: false` and `items` keep their 3.0 reading.
//! Anywhere else (a body, a response, a parameter, a required property, an `allOf` part)
//! it becomes `x-never`, which the builder refuses as `Unsupported` with the pointer of the
//! schema, only if an operation actually uses it.

use serde_json::{Map, Value};

/// Normalizes a whole document in place.
pub fn normalize(doc: &mut Value) {
    if let Some(v) = doc.get_mut("openapi") {
        if v.as_str().is_some_and(|s| s.starts_with("3.1")) {
            *v = Value::String("3.0.3".into());
        }
    }
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            path_item(item);
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        for (kind, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else {
                continue;
            };
            for entry in entries.values_mut() {
                match kind.as_str() {
                    "schemas" => schema(entry),
                    "parameters" | "headers" => parameter(entry),
                    "requestBodies" => with_content(entry),
                    "responses" => response(entry),
                    "pathItems" => path_item(entry),
                    _ => {}
                }
            }
        }
    }
}

fn path_item(item: &mut Value) {
    let Some(item) = item.as_object_mut() else { return };
    for (key, op) in item.iter_mut() {
        if key == "parameters" {
            each(op, parameter);
            continue;
        }
        let Some(op) = op.as_object_mut() else { continue };
        if let Some(params) = op.get_mut("parameters") {
            each(params, parameter);
        }
        if let Some(body) = op.get_mut("requestBody") {
            with_content(body);
        }
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for r in responses.values_mut() {
                response(r);
            }
        }
    }
}

fn each(list: &mut Value, f: fn(&mut Value)) {
    if let Some(items) = list.as_array_mut() {
        items.iter_mut().for_each(f);
    }
}

fn parameter(p: &mut Value) {
    if let Some(s) = p.get_mut("schema") {
        schema(s);
    }
    with_content(p);
}

fn response(r: &mut Value) {
    // `description` is required by the standard but documentation only; specs omit it, and
    // openapiv3 would reject the whole document for it.
    if let Some(map) = r.as_object_mut() {
        if !map.contains_key("$ref") {
            map.entry("description").or_insert_with(|| Value::String(String::new()));
        }
    }
    with_content(r);
    if let Some(headers) = r.get_mut("headers").and_then(Value::as_object_mut) {
        for h in headers.values_mut() {
            parameter(h);
        }
    }
}

fn with_content(v: &mut Value) {
    if let Some(content) = v.get_mut("content").and_then(Value::as_object_mut) {
        for media in content.values_mut() {
            if let Some(s) = media.get_mut("schema") {
                schema(s);
            }
        }
    }
}

/// The marker of a schema that accepts no value (`false`).
pub(crate) const NEVER: &str = "x-never";

/// Normalizes one schema and everything nested in it.
pub(crate) fn schema(s: &mut Value) {
    match s {
        Value::Bool(true) => {
            *s = Value::Object(Map::new());
            return;
        }
        Value::Bool(false) => {
            let mut m = Map::new();
            m.insert(NEVER.into(), Value::Bool(true));
            *s = Value::Object(m);
            return;
        }
        _ => {}
    }
    let Some(map) = s.as_object_mut() else { return };
    if map.contains_key("$ref") {
        // 3.1 allows siblings next to `$ref`; openapiv3 reads only the `$ref`.
        return;
    }
    type_list(map);
    if let Some(c) = map.remove("const") {
        map.entry("enum").or_insert_with(|| Value::Array(vec![c]));
    }
    for (excl, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = map.get(excl).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), n);
            map.insert(excl.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Array(mut examples)) = map.remove("examples") {
        if !map.contains_key("example") && !examples.is_empty() {
            map.insert("example".into(), examples.swap_remove(0));
        }
    }
    // An enum of a nullable type may list `null` as a value; 3.0 says so with `nullable`.
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if values.iter().any(Value::is_null) && values.len() > 1 {
            values.retain(|v| !v.is_null());
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    match map.get("not") {
        // `not: false` is no constraint; `not: true` accepts nothing.
        Some(Value::Bool(false)) => {
            map.remove("not");
        }
        Some(Value::Bool(true)) => {
            map.remove("not");
            map.insert(NEVER.into(), Value::Bool(true));
        }
        _ => {}
    }
    for key in ["items", "additionalProperties", "not"] {
        // `additionalProperties: true/false` is read by openapiv3 as it is; `items: bool` is
        // removed below.
        if let Some(child) = map.get_mut(key).filter(|c| !c.is_boolean()) {
            schema(child);
        }
    }
    for key in ["anyOf", "oneOf"] {
        // A variant that is `false` never matches.
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            let before = list.len();
            list.retain(|v| *v != Value::Bool(false));
            if list.is_empty() && before > 0 {
                map.remove(key);
                map.insert(NEVER.into(), Value::Bool(true));
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key) {
            each(list, schema);
        }
    }
    let required: Vec<String> = match map.get("required") {
        Some(Value::Array(names)) => names.iter().filter_map(|n| n.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    };
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        // A property that is `false` can never be present; if it is required, nothing
        // matches and the `x-never` left in its place says so where it is used.
        props.retain(|name, p| *p != Value::Bool(false) || required.contains(name));
        for p in props.values_mut() {
            schema(p);
        }
    }
    // 3.1-only keywords openapiv3 has no place for.
    for key in [
        "prefixItems",
        "$defs",
        "patternProperties",
        "unevaluatedProperties",
        "$schema",
        "$id",
    ] {
        map.remove(key);
    }
    if map.get("items").is_some_and(Value::is_boolean) {
        map.remove("items");
    }
}

fn type_list(map: &mut Map<String, Value>) {
    match map.get("type") {
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("x-null".into(), Value::Bool(true));
        }
        Some(Value::Array(types)) => {
            let mut kinds: Vec<String> = types.iter().filter_map(|t| t.as_str().map(str::to_string)).collect();
            let had_null = kinds.iter().any(|t| t == "null");
            kinds.retain(|t| t != "null");
            map.remove("type");
            if had_null {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match kinds.len() {
                0 => {
                    map.insert("x-null".into(), Value::Bool(true));
                }
                1 => {
                    map.insert("type".into(), Value::String(kinds.remove(0)));
                }
                _ => {
                    let variants = kinds
                        .into_iter()
                        .map(|k| {
                            let mut m = Map::new();
                            m.insert("type".into(), Value::String(k));
                            Value::Object(m)
                        })
                        .collect();
                    map.insert("anyOf".into(), Value::Array(variants));
                }
            }
        }
        _ => {}
    }
}
