//! Stages 1 and 4: bytes to a JSON value (1), and the sliced, patched, normalized value to
//! `openapiv3::OpenAPI` (4, [`to_openapi`]).
//!
//! The YAML is read into `serde_json::Value` by one visitor that, in the same pass:
//!
//! - rejects a mapping that has the same key twice (YAML forbids it; the last one would win
//!   silently). Keys are compared as the strings they become, so `200:` and `'200':` clash.
//! - applies YAML 1.1 merge keys: `<<: *base` inserts the members of `base` that the mapping
//!   does not define itself (explicit keys win, wherever the `<<` stands); `<<: [*a, *b]`
//!   merges each in turn, and a member of an earlier source wins over the same member of a
//!   later one. Any key `<<` is a merge key (the parser does not say whether it was quoted),
//!   so a property literally named `<<` cannot be expressed.
//! - enforces [`MAX_DEPTH`], with the pointer of the first node that is too deep.

use crate::error::{Error, ErrorKind, Result};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The largest spec accepted, in bytes. The pinned spec is about 4 MB.
pub(crate) const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of maps and lists accepted (serde_yaml's own limit is 128).
pub const MAX_DEPTH: usize = 100;

/// The YAML merge key.
const MERGE_KEY: &str = "<<";

/// Parses YAML (or JSON) bytes into a JSON value. Map keys that YAML reads as numbers or
/// booleans (`200:`) become strings.
pub fn parse(bytes: &[u8]) -> Result<Value> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(Error::new(
            ErrorKind::TooLarge,
            "",
            format!("the spec is {} bytes; the limit is {MAX_SPEC_BYTES}", bytes.len()),
        ));
    }
    let value = parse_yaml(bytes).map_err(|f| f.into_error(pointer_of))?;
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(value),
        Some(v) => Err(Error::new(
            ErrorKind::InvalidDocument,
            "/openapi",
            format!("OpenAPI version {v} is not supported (3.0 and 3.1 are)"),
        )),
        None => Err(Error::new(
            ErrorKind::InvalidDocument,
            "",
            "not an OpenAPI document: no `openapi` version string at the top level",
        )),
    }
}

/// One step from a value to one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A mapping key.
    Name(String),
    /// A sequence index.
    Index(usize),
}

/// The JSON pointer (RFC 6901) of a path.
pub(crate) fn pointer_of(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Name(n) => {
                out.push('/');
                out.push_str(&crate::error::escape_token(n));
            }
            Seg::Index(i) => out.push_str(&format!("/{i}")),
        }
    }
    out
}

/// Why [`parse_yaml`] failed: the kind, where (as a path, so callers choose how to print
/// it), and a message that ends with the YAML line and column when the parser knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlFailure {
    /// [`ErrorKind::Yaml`] or [`ErrorKind::TooDeep`].
    pub kind: ErrorKind,
    /// Where; empty when only the parser's line and column are known.
    pub path: Vec<Seg>,
    /// What.
    pub message: String,
}

impl YamlFailure {
    /// The generator error, with the path printed by `print`.
    pub(crate) fn into_error(self, print: impl FnOnce(&[Seg]) -> String) -> Error {
        Error::new(self.kind, print(&self.path), self.message)
    }
}

/// Parses YAML (or JSON) text into a JSON value: duplicate keys rejected, merge keys applied,
/// nesting limited to [`MAX_DEPTH`] (see the module docs). No size limit: callers check it.
pub(crate) fn parse_yaml(bytes: &[u8]) -> std::result::Result<Value, YamlFailure> {
    let mut state = State {
        path: Vec::new(),
        failure: None,
        location_label: "",
        error_path: None,
    };
    let de = serde_yaml::Deserializer::from_slice(bytes);
    let out = ValueSeed { state: &mut state }.deserialize(de);
    match out {
        Ok(v) => Ok(v),
        Err(e) => {
            let label = state.location_label;
            let location = e
                .location()
                .map(|l| format!(" ({label}line {}, column {})", l.line(), l.column()))
                .unwrap_or_default();
            Err(match state.failure.take() {
                Some(mut f) => {
                    f.message.push_str(&location);
                    f
                }
                None => {
                    let message = e.to_string();
                    let kind = if message.contains("recursion limit") {
                        ErrorKind::TooDeep
                    } else {
                        ErrorKind::Yaml
                    };
                    YamlFailure {
                        kind,
                        path: state.error_path.take().unwrap_or_default(),
                        message,
                    }
                }
            })
        }
    }
}

/// The walk's state: the path to the value being read (keys are moved in and out, not
/// cloned), and the structured failure behind an error the visitor raised.
struct State {
    path: Vec<Seg>,
    failure: Option<YamlFailure>,
    /// What the parser's location of the failure is the location of, when it is not simply
    /// the offending node: the enclosing mapping (the failure was found after the member was
    /// read), or the repeated member's value (which, for an alias, is the anchored node).
    location_label: &'static str,
    /// Where an error of the parser itself happened (see `note_error_path`).
    error_path: Option<Vec<Seg>>,
}

impl State {
    /// Remembers where the parser (not the visitor) failed: the deepest path, so the first
    /// call (the innermost level) wins.
    fn note_error_path(&mut self) {
        if self.failure.is_none() && self.error_path.is_none() {
            self.error_path = Some(self.path.clone());
        }
    }

    /// Records a failure found at the node being read.
    fn record(&mut self, kind: ErrorKind, path: Vec<Seg>, message: String) {
        self.failure = Some(YamlFailure { kind, path, message });
    }

    /// Records a failure and returns the error that aborts the parse.
    fn fail<E: de::Error>(&mut self, kind: ErrorKind, path: Vec<Seg>, message: String) -> E {
        let e = E::custom(&message);
        self.record(kind, path, message);
        e
    }
}

struct ValueSeed<'s> {
    state: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        if self.state.path.len() > MAX_DEPTH {
            let path = self.state.path.clone();
            return Err(self.state.fail(
                ErrorKind::TooDeep,
                path,
                format!("the document nests more than {MAX_DEPTH} levels"),
            ));
        }
        d.deserialize_any(ValueVisitor { state: self.state })
    }
}

struct ValueVisitor<'s> {
    state: &'s mut State,
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value that has a JSON equivalent")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<Value, E> {
        <serde_json::Number as serde::Deserialize>::deserialize(de::value::I128Deserializer::<E>::new(v))
            .map(Value::Number)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<Value, E> {
        <serde_json::Number as serde::Deserialize>::deserialize(de::value::U128Deserializer::<E>::new(v))
            .map(Value::Number)
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        // As serde_json does: NaN and infinities have no JSON form.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        ValueSeed { state: self.state }.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            self.state.path.push(Seg::Index(out.len()));
            let next = seq.next_element_seed(ValueSeed {
                state: &mut *self.state,
            });
            if next.is_err() {
                self.state.note_error_path();
            }
            self.state.path.pop();
            match next? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(Value::Array(out))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> std::result::Result<Value, A::Error> {
        // serde_yaml gives a tagged node (`!custom value`) as an enum whose variant is the tag.
        let (tag, _) = data.variant::<String>()?;
        let path = self.state.path.clone();
        Err(self.state.fail(
            ErrorKind::Yaml,
            path,
            format!("the YAML tag `!{tag}` has no JSON equivalent; write the value without it"),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        // The sources of a merge key, applied after the explicit keys (which win).
        let mut merged: Option<Vec<Map<String, Value>>> = None;
        loop {
            let key = match map.next_key::<String>() {
                Ok(Some(key)) => key,
                Ok(None) => break,
                Err(e) => {
                    // A key that is not a string (`? [a, b]`), or a syntax error here.
                    self.state.note_error_path();
                    return Err(e);
                }
            };
            if out.contains_key(&key) || (key == MERGE_KEY && merged.is_some()) {
                // Fail while reading the repeated member's value, so that the parser's
                // location is the duplicate's, not the mapping's.
                let path = self.state.path.clone();
                let message = if key == MERGE_KEY {
                    "duplicate merge key `<<` in this mapping (list the sources in one `<<: [*a, *b]`)".to_string()
                } else {
                    format!(
                        "duplicate key `{key}` in this mapping: YAML forbids it, and the last value would silently win"
                    )
                };
                self.state.record(ErrorKind::Yaml, path, message);
                self.state.location_label = "the repeated value is at ";
                let located = map.next_value_seed(Reject).err();
                return Err(located.unwrap_or_else(|| de::Error::custom("duplicate key")));
            }
            self.state.path.push(Seg::Name(key));
            let value = map.next_value_seed(ValueSeed {
                state: &mut *self.state,
            });
            if value.is_err() {
                self.state.note_error_path();
            }
            let key = match self.state.path.pop() {
                Some(Seg::Name(key)) => key,
                _ => return Err(de::Error::custom("internal error: unbalanced path while reading YAML")),
            };
            let value = value?;
            if key == MERGE_KEY {
                merged = Some(merge_sources(self.state, value)?);
            } else {
                out.insert(key, value);
            }
        }
        for source in merged.into_iter().flatten() {
            for (k, v) in source {
                out.entry(k).or_insert(v);
            }
        }
        Ok(Value::Object(out))
    }
}

/// The mappings a merge key's value names: one mapping, or a list of mappings.
fn merge_sources<E: de::Error>(state: &mut State, value: Value) -> std::result::Result<Vec<Map<String, Value>>, E> {
    // The value has been read: the parser's location is the mapping's.
    let mut path = state.path.clone();
    path.push(Seg::Name(MERGE_KEY.into()));
    match value {
        Value::Object(m) => Ok(vec![m]),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(m) => out.push(m),
                    other => {
                        path.push(Seg::Index(i));
                        state.location_label = "the mapping starts at ";
                        return Err(state.fail(
                            ErrorKind::Yaml,
                            path,
                            format!(
                                "a merge key `<<` lists mappings to merge; item {i} is {}",
                                kind_of(&other)
                            ),
                        ));
                    }
                }
            }
            Ok(out)
        }
        other => {
            state.location_label = "the mapping starts at ";
            Err(state.fail(
                ErrorKind::Yaml,
                path,
                format!(
                    "a merge key `<<` takes a mapping or a list of mappings, not {}",
                    kind_of(&other)
                ),
            ))
        }
    }
}

/// Reads nothing and fails: the parser then reports the location of the node it was given.
struct Reject;

impl<'de> DeserializeSeed<'de> for Reject {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reject {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no value (this key is a duplicate)")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Deserializes a normalized document into `openapiv3::OpenAPI`; a failure names the JSON
/// pointer of the node that did not fit. Path items are read one by one: `openapiv3` reads
/// the Paths Object through `#[serde(flatten)]`, which loses the position of an error inside
/// it (every one would be reported at `/paths`).
pub fn to_openapi(mut value: Value) -> Result<openapiv3::OpenAPI> {
    let paths = match value.get_mut("paths") {
        Some(paths) => std::mem::replace(paths, Value::Object(Map::new())),
        None => Value::Object(Map::new()),
    };
    let Value::Object(paths) = paths else {
        return Err(Error::new(ErrorKind::InvalidDocument, "/paths", "`paths` is not a map"));
    };
    let mut api: openapiv3::OpenAPI = serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::new(ErrorKind::InvalidDocument, pointer, e.inner().to_string())
    })?;
    for (path, item) in paths {
        let at = format!("/paths/{}", crate::error::escape_token(&path));
        let item: openapiv3::ReferenceOr<openapiv3::PathItem> = if item.get("$ref").is_some() {
            serde_json::from_value(item)
                .map_err(|e| Error::new(ErrorKind::InvalidDocument, at.as_str(), e.to_string()))?
        } else {
            let item: openapiv3::PathItem = serde_path_to_error::deserialize(item).map_err(|e| {
                let pointer = format!("{at}{}", path_to_pointer(e.path()));
                Error::new(ErrorKind::InvalidDocument, pointer, e.inner().to_string())
            })?;
            openapiv3::ReferenceOr::Item(item)
        };
        api.paths.paths.insert(path, item);
    }
    Ok(api)
}

/// Converts a serde path (`paths./portouts.get.parameters[0]`) to a JSON pointer.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&crate::error::escape_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&crate::error::escape_token(variant));
            }
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}
