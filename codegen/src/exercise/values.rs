//! Values for the exerciser's calls, from the spec: an operation's parameters and body as
//! JSON, each from the spec's example where it has one, else synthesized from the schema so
//! that it satisfies it (type, format, enum, pattern, length and numeric bounds, required
//! members). Reads the normalized document (3.0 shapes: `nullable`, `example`), resolving
//! local `$ref`s.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How deep a synthesized value nests before objects are left with their required members
/// only and arrays empty (recursive schemas).
const MAX_DEPTH: usize = 12;

/// The values of one operation's call.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationValues {
    /// Path parameters by name.
    pub path: BTreeMap<String, Value>,
    /// Query parameters by name as the spec writes it (`filter[status]`, `filter`).
    pub query: BTreeMap<String, Value>,
    /// Header parameters by name (lower-case).
    pub headers: BTreeMap<String, Value>,
    /// The body with its required members only (the spec's example where it has one).
    pub body_required: Option<Value>,
    /// The body with every member it can have set.
    pub body_full: Option<Value>,
    /// How many members the body must have (`minProperties`; one for a required
    /// form-encoded body, which would otherwise go out empty, that is as no body at all).
    pub body_min_members: usize,
}

/// Reads values out of a normalized document.
#[derive(Debug)]
pub struct Synth<'a> {
    doc: &'a Value,
}

impl<'a> Synth<'a> {
    /// Over a normalized document.
    pub fn new(doc: &'a Value) -> Self {
        Synth { doc }
    }

    /// Follows local `$ref`s (at most 32 hops; a loop or a dangling one gives `{}`'s meaning).
    fn resolve(&self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.doc.pointer(p)) {
                    Some(t) => v = t,
                    None => return &Value::Null,
                },
                None => return v,
            }
        }
        &Value::Null
    }

    /// The values of the operation `method path` (lower-case method), for a body of media
    /// type `content_type`; none when the document has no such operation.
    pub fn operation(&self, method: &str, path: &str, content_type: Option<&str>) -> Option<OperationValues> {
        let item = self.resolve(self.doc.get("paths")?.get(path)?);
        let op = self.resolve(item.get(method)?);
        let mut out = OperationValues::default();
        let mut params: Vec<&Value> = Vec::new();
        for list in [item.get("parameters"), op.get("parameters")].into_iter().flatten() {
            for p in list.as_array().into_iter().flatten() {
                let p = self.resolve(p);
                // An operation's parameter replaces the path item's of the same name and place.
                params.retain(|q| !(q.get("name") == p.get("name") && q.get("in") == p.get("in")));
                params.push(p);
            }
        }
        for p in params {
            let (Some(name), Some(place)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let value = self.parameter(p);
            match place {
                "path" => out.path.insert(name.to_string(), value),
                "query" => out.query.insert(name.to_string(), value),
                "header" => out.headers.insert(name.to_ascii_lowercase(), value),
                _ => None,
            };
        }
        if let Some(body) = op.get("requestBody") {
            let body = self.resolve(body);
            let content = body.get("content").and_then(Value::as_object);
            let media = content.and_then(|c| content_type.and_then(|t| c.get(t)).or_else(|| c.values().next()));
            // A form or multipart body has no way to say "empty object": one member is sent.
            let form = content_type.is_some_and(|t| {
                t.starts_with("application/x-www-form-urlencoded") || t.starts_with("multipart/form-data")
            });
            if let Some(media) = media {
                let schema = media.get("schema").unwrap_or(&Value::Null);
                let min = self
                    .resolve(schema)
                    .get("minProperties")
                    .and_then(Value::as_u64)
                    .unwrap_or(0) as usize;
                let required = body.get("required") == Some(&Value::Bool(true));
                out.body_min_members = min.max(usize::from(required && form));
                let example = self
                    .media_example(media)
                    .filter(|e| self.resolve(schema).as_object().is_none_or(|m| usable(e, m)));
                let required = self.value(schema, false, 0);
                let full = self.value(schema, true, 0);
                out.body_required = Some(match &example {
                    Some(e) => self.with_example(schema, required, e, 0),
                    None => required,
                });
                out.body_full = Some(match &example {
                    Some(e) => self.with_example(schema, full, e, 0),
                    None => full,
                });
            }
        }
        Some(out)
    }

    /// A parameter's value: its example, its first named example, else from its schema.
    fn parameter(&self, p: &Value) -> Value {
        let schema = p
            .get("schema")
            .or_else(|| {
                p.get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema"))
            })
            .unwrap_or(&Value::Null);
        // An empty example of a path parameter (seen in the spec) cannot be sent: a path
        // segment is never empty.
        if let Some(e) = self.media_example(p) {
            let empty_path = e == Value::String(String::new()) && p.get("in").and_then(Value::as_str) == Some("path");
            let fits = self.resolve(schema).as_object().is_none_or(|m| usable(&e, m));
            if !empty_path && fits {
                return e;
            }
        }
        self.value(schema, true, 0)
    }

    /// `example`, or the first of `examples` (a map of Example objects), of a parameter or
    /// media type.
    fn media_example(&self, m: &Value) -> Option<Value> {
        if let Some(e) = m.get("example") {
            return Some(e.clone());
        }
        let first = m.get("examples")?.as_object()?.values().next()?;
        self.resolve(first).get("value").cloned()
    }

    /// A value satisfying `schema`; with `full`, objects have every property (else the
    /// required ones).
    pub fn value(&self, schema: &Value, full: bool, depth: usize) -> Value {
        let s = self.resolve(schema);
        let Some(map) = s.as_object() else {
            return Value::String("text".into());
        };
        // The example, else the default; an object's is put over the synthesized object, so
        // that the members it leaves out are there too (with `full`) and required ones are
        // never missing.
        for key in ["example", "default"] {
            if let Some(e) = map.get(key).filter(|e| usable(e, map)) {
                if e.is_object() && (map.contains_key("properties") || map.contains_key("allOf")) {
                    return self.with_example(s, self.shape(map, full, depth), e, depth);
                }
                return e.clone();
            }
        }
        self.shape(map, full, depth)
    }

    /// `example` put over `base` (a value synthesized from the object schema `schema`), after
    /// the members the example has and `base` has not are synthesized with their required
    /// members: an example's partial member (`address` without its required `locality`, seen
    /// in 7a93b02) would otherwise go out without them.
    fn with_example(&self, schema: &Value, base: Value, example: &Value, depth: usize) -> Value {
        let mut base = base;
        if let (Value::Object(b), Value::Object(e)) = (&mut base, example) {
            let props = self.properties(schema, 0);
            for key in e.keys() {
                if let (false, Some(sub)) = (b.contains_key(key), props.get(key.as_str())) {
                    b.insert(key.clone(), self.value(sub, false, depth + 1));
                }
            }
        }
        overlay(base, example.clone())
    }

    /// The properties of an object schema, also those of its `allOf` parts.
    fn properties(&self, schema: &'a Value, hops: usize) -> BTreeMap<&'a str, &'a Value> {
        let s = self.resolve(schema);
        let mut out = BTreeMap::new();
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            out.extend(props.iter().map(|(k, v)| (k.as_str(), v)));
        }
        if hops < 8 {
            for part in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
                out.extend(self.properties(part, hops + 1));
            }
        }
        out
    }

    /// A value of the schema's shape, without its own example or default.
    fn shape(&self, map: &Map<String, Value>, full: bool, depth: usize) -> Value {
        if let Some(first) = map
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        let full = full && depth < MAX_DEPTH;
        if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
            let mut out = Value::Null;
            for part in parts {
                out = overlay(out, self.value(part, full, depth + 1));
            }
            // Members the object itself adds beside its `allOf`.
            if map.contains_key("properties") {
                out = overlay(out, self.object(map, full, depth));
            }
            return out;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = map.get(key).and_then(Value::as_array) {
                let chosen = variants
                    .iter()
                    .find(|v| {
                        let r = self.resolve(v);
                        r.get("x-null").is_none() && r.get("x-never").is_none()
                    })
                    .or_else(|| variants.first());
                if let Some(v) = chosen {
                    let value = self.value(v, full, depth + 1);
                    // Sibling properties (a `oneOf` beside `properties`) are required too.
                    if map.contains_key("properties") {
                        return overlay(self.object(map, full, depth), value);
                    }
                    return value;
                }
            }
        }
        match map.get("type").and_then(Value::as_str) {
            Some("string") => Value::String(self.string(map)),
            Some("integer") => integer(map),
            Some("number") => number(map),
            Some("boolean") => Value::Bool(true),
            Some("array") => self.array(map, full, depth),
            Some("object") => self.object(map, full, depth),
            _ if map.contains_key("properties") || map.contains_key("additionalProperties") => {
                self.object(map, full, depth)
            }
            _ if map.contains_key("items") => self.array(map, full, depth),
            _ if map.contains_key("x-null") => Value::Null,
            _ => Value::String("text".into()),
        }
    }

    fn array(&self, map: &Map<String, Value>, full: bool, depth: usize) -> Value {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        if depth >= MAX_DEPTH && min == 0 {
            return Value::Array(Vec::new());
        }
        let items = map.get("items").unwrap_or(&Value::Null);
        let item = self.value(items, full, depth + 1);
        let n = min.max(1);
        if n == 1 || map.get("uniqueItems") != Some(&Value::Bool(true)) {
            return Value::Array((0..n).map(|_| item.clone()).collect());
        }
        // Distinct items: the enum's values, else numbered variants of the one value.
        let values: Vec<Value> = match self.resolve(items).get("enum").and_then(Value::as_array) {
            Some(e) => e.iter().take(n as usize).cloned().collect(),
            None => (0..n)
                .map(|i| match &item {
                    Value::String(s) => Value::String(format!("{s}{i}")),
                    Value::Number(_) => Value::from(i as i64 + 1),
                    other => other.clone(),
                })
                .collect(),
        };
        Value::Array(values)
    }

    fn object(&self, map: &Map<String, Value>, full: bool, depth: usize) -> Value {
        let required: Vec<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            for (name, sub) in props {
                let is_required = required.contains(&name.as_str());
                let resolved = self.resolve(sub);
                // Read-only members are not sent.
                if resolved.get("readOnly") == Some(&Value::Bool(true)) && !is_required {
                    continue;
                }
                if resolved.get("x-never").is_some() {
                    continue;
                }
                if is_required || full {
                    out.insert(name.clone(), self.value(sub, full, depth + 1));
                }
            }
        }
        Value::Object(out)
    }

    fn string(&self, map: &Map<String, Value>) -> String {
        let format = map.get("format").and_then(Value::as_str).unwrap_or("");
        let mut s = match format {
            "date-time" => "2024-01-15T10:30:00Z".to_string(),
            "date" => "2024-01-15".to_string(),
            "time" => "10:30:00".to_string(),
            "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_string(),
            "email" => "user@example.com".to_string(),
            "uri" | "url" | "uri-reference" | "iri" => "https://example.com/resource".to_string(),
            "hostname" => "example.com".to_string(),
            "ipv4" => "192.0.2.1".to_string(),
            "ipv6" => "2001:db8::1".to_string(),
            "byte" => "dGV4dA==".to_string(),
            "duration" => "P1D".to_string(),
            _ => match map.get("pattern").and_then(Value::as_str).and_then(matching) {
                Some(s) => return s,
                None => "text".to_string(),
            },
        };
        if let Some(min) = map.get("minLength").and_then(Value::as_u64) {
            while (s.chars().count() as u64) < min {
                s.push('a');
            }
        }
        if let Some(max) = map.get("maxLength").and_then(Value::as_u64) {
            s = s.chars().take(max as usize).collect();
        }
        s
    }
}

/// Whether an example or default can stand for the schema: not null, of the schema's JSON
/// type, and not an empty string where the schema asks for a format, a pattern or a length
/// (seen in the spec: `default: ""` on `format: uri` members).
fn usable(e: &Value, map: &Map<String, Value>) -> bool {
    // An example of another JSON type than the schema's (seen in the 3.0 spec: `"G722"` for an
    // array, `600` for a string) would send what the spec forbids: the schema's value is used.
    let fits = match map.get("type").and_then(Value::as_str) {
        Some("string") => e.is_string(),
        Some("integer") => e.is_i64() || e.is_u64(),
        Some("number") => e.is_number(),
        Some("boolean") => e.is_boolean(),
        Some("array") => e.is_array(),
        Some("object") => e.is_object(),
        _ => true,
    };
    match e {
        Value::Null => false,
        Value::String(s) if s.is_empty() => !["format", "pattern", "minLength"].iter().any(|k| map.contains_key(*k)),
        _ => fits,
    }
}

/// An integer within the schema's bounds (1 where that is allowed), a multiple of
/// `multipleOf`.
fn integer(map: &Map<String, Value>) -> Value {
    let exclusive = |k: &str| map.get(k) == Some(&Value::Bool(true));
    let min = map.get("minimum").and_then(Value::as_f64).map(|m| {
        let m = m.ceil() as i64;
        if exclusive("exclusiveMinimum") { m + 1 } else { m }
    });
    let max = map.get("maximum").and_then(Value::as_f64).map(|m| {
        let m = m.floor() as i64;
        if exclusive("exclusiveMaximum") { m - 1 } else { m }
    });
    let mut v = match (min, max) {
        (Some(lo), _) => lo.max(1).min(max.unwrap_or(i64::MAX)).max(lo),
        (None, Some(hi)) => hi.min(1),
        (None, None) => 1,
    };
    if let Some(step) = map
        .get("multipleOf")
        .and_then(Value::as_f64)
        .map(|m| m as i64)
        .filter(|m| *m > 0)
    {
        v = ((v + step - 1) / step) * step;
    }
    Value::from(v)
}

/// A number within the schema's bounds.
fn number(map: &Map<String, Value>) -> Value {
    let min = map.get("minimum").and_then(Value::as_f64);
    let max = map.get("maximum").and_then(Value::as_f64);
    let exclusive = map.get("exclusiveMinimum") == Some(&Value::Bool(true));
    let v = match (min, max) {
        (Some(lo), Some(hi)) => (lo + hi) / 2.0,
        (Some(lo), None) => {
            if exclusive {
                lo + 1.0
            } else {
                lo.max(1.0)
            }
        }
        (None, Some(hi)) => {
            hi.min(1.0)
                - if map.get("exclusiveMaximum") == Some(&Value::Bool(true)) {
                    1.0
                } else {
                    0.0
                }
        }
        (None, None) => 1.0,
    };
    serde_json::Number::from_f64(v).map_or(Value::from(1), Value::Number)
}

/// `base` with the members of `top` put over it (objects merge member by member, anything
/// else is replaced by `top`).
pub fn overlay(base: Value, top: Value) -> Value {
    match (base, top) {
        (Value::Object(mut b), Value::Object(t)) => {
            for (k, v) in t {
                let merged = match b.remove(&k) {
                    Some(old) => overlay(old, v),
                    None => v,
                };
                b.insert(k, merged);
            }
            Value::Object(b)
        }
        (_, top) => top,
    }
}

/// A string the regular expression matches (its first alternatives, the fewest repetitions
/// that are not zero), or none when the pattern does not parse.
pub fn matching(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(h: &Hir, out: &mut String) {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(l) => out.push_str(&String::from_utf8_lossy(&l.0)),
            HirKind::Class(Class::Unicode(c)) => {
                let chars: Vec<char> = c.iter().flat_map(|r| [r.start(), r.end()]).collect();
                // A letter or digit where the class has one, else its first character.
                let pick = c
                    .iter()
                    .find_map(|r| (r.start()..=r.end()).take(128).find(char::is_ascii_alphanumeric))
                    .or_else(|| chars.first().copied());
                if let Some(ch) = pick {
                    out.push(ch);
                }
            }
            HirKind::Class(Class::Bytes(c)) => {
                let pick = c
                    .iter()
                    .find_map(|r| (r.start()..=r.end()).find(u8::is_ascii_alphanumeric))
                    .or_else(|| c.iter().next().map(|r| r.start()));
                if let Some(b) = pick {
                    out.push(char::from(b));
                }
            }
            HirKind::Repetition(r) => {
                let n = r.min.clamp(1, 64);
                for _ in 0..n {
                    walk(&r.sub, out);
                }
            }
            HirKind::Capture(c) => walk(&c.sub, out),
            HirKind::Concat(parts) => parts.iter().for_each(|p| walk(p, out)),
            HirKind::Alternation(parts) => {
                if let Some(p) = parts.first() {
                    walk(p, out);
                }
            }
        }
    }
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_give_matching_strings() {
        assert_eq!(matching(r"^\+[1-9]\d{1,14}$").as_deref(), Some("+10"));
        assert_eq!(matching(r"^[A-Z]{2}$").as_deref(), Some("AA"));
        assert_eq!(matching(r"^(foo|bar)-\d+$").as_deref(), Some("foo-0"));
    }

    #[test]
    fn an_examples_partial_member_gets_its_required_members() {
        let doc = json!({});
        let s = Synth::new(&doc);
        let schema = json!({
            "type": "object",
            "required": ["name"],
            "example": {"name": "n", "address": {"street": "s"}},
            "properties": {
                "name": {"type": "string"},
                "note": {"type": "string"},
                "address": {
                    "type": "object",
                    "required": ["locality"],
                    "properties": {"street": {"type": "string"}, "locality": {"type": "string"}}
                }
            }
        });
        assert_eq!(
            s.value(&schema, false, 0),
            json!({"name": "n", "address": {"street": "s", "locality": "text"}})
        );
        assert_eq!(
            s.value(&schema, true, 0),
            json!({"name": "n", "note": "text", "address": {"street": "s", "locality": "text"}})
        );
    }

    #[test]
    fn schemas_give_values_inside_their_bounds() {
        let doc = json!({"components": {"schemas": {"N": {"type": "integer", "minimum": 5, "maximum": 9}}}});
        let s = Synth::new(&doc);
        assert_eq!(s.value(&json!({"$ref": "#/components/schemas/N"}), false, 0), json!(5));
        assert_eq!(s.value(&json!({"type": "integer", "maximum": 0}), false, 0), json!(0));
        assert_eq!(
            s.value(&json!({"type": "string", "minLength": 6}), false, 0),
            json!("textaa")
        );
        let obj = json!({"type": "object", "required": ["a"], "properties": {
            "a": {"type": "string", "format": "uuid"}, "b": {"type": "boolean"}}});
        assert_eq!(
            s.value(&obj, false, 0),
            json!({"a": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})
        );
        assert_eq!(
            s.value(&obj, true, 0),
            json!({"a": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "b": true})
        );
        // An example of another JSON type than its schema's is not used (7a93b02: "G722" for
        // an array of codecs, 600 for a string); one of the right type is.
        let codecs = json!({"type": "array", "items": {"type": "string"}, "example": "G722"});
        assert_eq!(s.value(&codecs, false, 0), json!(["text"]));
        assert_eq!(
            s.value(&json!({"type": "string", "example": 600}), false, 0),
            json!("text")
        );
        assert_eq!(
            s.value(&json!({"type": "string", "example": "G722"}), false, 0),
            json!("G722")
        );
    }
}
