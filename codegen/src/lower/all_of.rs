//! `allOf`: the parts are intersected into one type, or the generator says which two parts
//! no value can satisfy together.
//!
//! - Parts are flattened first (an `allOf` part of an `allOf`, through `$ref`s too), in order.
//! - A part that constrains no type (`{description: ...}`, `{required: [id]}`, `{nullable:
//!   true}`, `{maxLength: 5}`) is neutral: it adds its `required` names and its nullability.
//!   When exactly one other part remains, the result is that part's own type (so
//!   `allOf: [{$ref: X}, {description: ...}]` is `X`).
//! - Objects merge into one struct. A property declared by several parts takes one type when
//!   the declarations are the same schema apart from documentation (`description`, `title`,
//!   `example(s)`, `externalDocs`, `deprecated`, `x-` extensions); the field's doc is the last
//!   declaration's. Otherwise the declarations are themselves intersected, by the same rules
//!   (`{type: object, properties: {a}}` and `{type: object, properties: {b}}` give a struct of
//!   both; `{type: string}` and `{type: string, maxLength: 5}` a string); a conflict names
//!   the property and both pointers.
//! - Primitives merge to the primitive type: `string` with `string` (formats must agree,
//!   enums intersect), `integer` with `integer` or `number` (an integer), `number` with
//!   `number`, `boolean` with `boolean`; arrays merge their items.
//! - Parts of different kinds (a string and an integer, an object and an array), formats that
//!   differ, enums without a common value are [`ErrorKind::InvalidDocument`] at the later
//!   part, naming both pointers: no value satisfies both, so no type can be right.
//! - A part that is a `oneOf`/`anyOf` cannot be intersected into a Rust type: the whole value
//!   stays `serde_json::Value` (kept whole, never partly dropped).
//! - Nullable when any part is (lenient: a response the API sends with `null` still decodes).

use super::Builder;
use super::types::{Dir, Place, Prop, SRef, Shape, schema_doc, shape};
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::TypeRef;
use openapiv3::{Schema, SchemaKind};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a part of an `allOf` is, for checking that the parts agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Null,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Array => "an array",
            Kind::Null => "null",
        }
    }

    /// Whether a value can be of both kinds (an integer is a number).
    fn compatible(self, other: Kind) -> bool {
        self == other
            || matches!(
                (self, other),
                (Kind::Integer, Kind::Number) | (Kind::Number, Kind::Integer)
            )
    }
}

impl<'a> Builder<'a> {
    /// The type of `allOf: parts` (each part with its pointer), and whether a part allows
    /// `null`. `at` is the pointer of the schema holding the `allOf`.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        at: &str,
        dir: Dir,
        doc: Vec<String>,
        parts: &[(SRef<'a>, String)],
        strong: bool,
    ) -> Result<(TypeRef, bool)> {
        self.intersect(Place { name, at, dir, strong }, doc, parts, None)
    }

    /// The type of a property that several `allOf` parts declare (see the module docs), with
    /// its nullability and doc.
    pub(super) fn merged_property(
        &mut self,
        wire: &str,
        name: &str,
        parts: &[(SRef<'a>, String)],
        dir: Dir,
        strong: bool,
    ) -> Result<(TypeRef, bool, Vec<String>)> {
        let mut schemas: Vec<&'a Schema> = Vec::with_capacity(parts.len());
        for (r, at) in parts {
            schemas.push(self.deref(*r, at)?);
        }
        let doc = schemas
            .iter()
            .rev()
            .map(|s| schema_doc(s))
            .find(|d| !d.is_empty())
            .unwrap_or_default();
        let nullable = schemas.iter().any(|s| s.schema_data.nullable);
        let first = without_docs(schemas[0]);
        if first.is_some() && schemas[1..].iter().all(|s| without_docs(s) == first) {
            // The same schema, documented differently: a component reference keeps its name.
            let (r, at) = parts
                .iter()
                .find(|(r, _)| matches!(r, SRef::Ref(_)))
                .unwrap_or(&parts[0]);
            let (ty, n) = self.ty(*r, name, at, dir, strong)?;
            return Ok((ty, n || nullable, doc));
        }
        let at = parts[0].1.clone();
        let (ty, n) = self.intersect(
            Place {
                name,
                at: &at,
                dir,
                strong,
            },
            doc.clone(),
            parts,
            Some(wire),
        )?;
        Ok((ty, n || nullable, doc))
    }

    fn intersect(
        &mut self,
        place: Place<'_>,
        doc: Vec<String>,
        parts: &[(SRef<'a>, String)],
        property: Option<&str>,
    ) -> Result<(TypeRef, bool)> {
        let Place { name, at, dir, strong } = place;
        if let [(only, only_at)] = parts {
            return self.ty(*only, name, only_at, dir, strong);
        }
        self.depth += 1;
        let out = if self.depth > 64 {
            Err(Error::new(
                ErrorKind::TooDeep,
                at,
                "schemas nest more than 64 levels deep",
            ))
        } else {
            self.intersect_flat(place, doc, parts, property)
        };
        self.depth -= 1;
        out
    }

    fn intersect_flat(
        &mut self,
        place: Place<'_>,
        doc: Vec<String>,
        parts: &[(SRef<'a>, String)],
        property: Option<&str>,
    ) -> Result<(TypeRef, bool)> {
        let Place { name, at, dir, strong } = place;
        // Flatten nested `allOf`s, keeping the order of the parts. A part behind a `$ref` is
        // reported at the component (where its properties are written).
        let mut flat: Vec<(&'a Schema, SRef<'a>, String)> = Vec::new();
        let mut stack: Vec<(SRef<'a>, String)> = parts.iter().rev().cloned().collect();
        let mut guard = 0;
        while let Some((part, part_at)) = stack.pop() {
            guard += 1;
            if guard > 256 {
                return Err(Error::new(
                    ErrorKind::RefCycle,
                    at,
                    "allOf parts refer to each other without end",
                ));
            }
            let (schema, schema_at) = match part {
                SRef::Item(s) => (s, part_at),
                SRef::Ref(reference) => {
                    let (component, s) = self.resolve_schema(reference, &part_at)?;
                    (s, pointer("/components/schemas", &[&component]))
                }
            };
            if let Shape::AllOf(inner) = shape(schema) {
                for (i, p) in inner.into_iter().enumerate().rev() {
                    stack.push((p, format!("{schema_at}/allOf/{i}")));
                }
            } else {
                flat.push((schema, part, schema_at));
            }
        }
        let nullable = flat.iter().any(|(s, _, _)| s.schema_data.nullable);
        let mut required: Vec<String> = Vec::new();
        let mut real: Vec<usize> = Vec::new();
        let mut union = false;
        // The first part of a kind, to name in a conflict.
        let mut first: Option<(Kind, String)> = None;
        let mut props: Vec<Prop<'a>> = Vec::new();
        let mut prop_index: BTreeMap<&'a String, usize> = BTreeMap::new();
        let mut format: Option<(String, String)> = None;
        let mut values: Option<(Vec<String>, String)> = None;
        let mut integer = false;
        let mut items: Vec<(SRef<'a>, String)> = Vec::new();
        for (i, (schema, _, s_at)) in flat.iter().enumerate() {
            let kind = match shape(schema) {
                Shape::Any | Shape::AllOf(_) => {
                    if let SchemaKind::Any(a) = &schema.schema_kind {
                        required.extend(a.required.iter().cloned());
                    }
                    continue;
                }
                Shape::OneOf(_) | Shape::AnyOf(_) => {
                    union = true;
                    real.push(i);
                    continue;
                }
                Shape::Object {
                    props: p, required: r, ..
                } => {
                    required.extend(r.iter().cloned());
                    for (wire, v) in p {
                        let decl = (v, pointer(&format!("{s_at}/properties"), &[wire]));
                        match prop_index.get(wire) {
                            Some(&k) => props[k].parts.push(decl),
                            None => {
                                prop_index.insert(wire, props.len());
                                props.push(Prop {
                                    wire,
                                    parts: vec![decl],
                                });
                            }
                        }
                    }
                    Kind::Object
                }
                Shape::String { format: f, values: v } => {
                    if let Some(f) = f {
                        match &format {
                            Some((existing, existing_at)) if *existing != f => {
                                return Err(conflict(
                                    property,
                                    &format!("a string of format `{existing}`"),
                                    existing_at,
                                    &format!("a string of format `{f}`"),
                                    s_at,
                                ));
                            }
                            Some(_) => {}
                            None => format = Some((f, s_at.clone())),
                        }
                    }
                    if !v.is_empty() {
                        values = match values.take() {
                            None => Some((v, s_at.clone())),
                            Some((existing, existing_at)) => {
                                let later: std::collections::BTreeSet<&String> = v.iter().collect();
                                let common: Vec<String> = existing.into_iter().filter(|x| later.contains(x)).collect();
                                if common.is_empty() {
                                    return Err(conflict(
                                        property,
                                        "an enum",
                                        &existing_at,
                                        "an enum with none of its values",
                                        s_at,
                                    ));
                                }
                                Some((common, existing_at))
                            }
                        };
                    }
                    Kind::String
                }
                Shape::Integer => {
                    integer = true;
                    Kind::Integer
                }
                Shape::Number { integral } => {
                    integer |= integral;
                    Kind::Number
                }
                Shape::Boolean => Kind::Boolean,
                Shape::Array(i) => {
                    if let Some(i) = i {
                        items.push((i, format!("{s_at}/items")));
                    }
                    Kind::Array
                }
                Shape::Null => Kind::Null,
                Shape::Never => return Err(super::types::never(s_at)),
            };
            real.push(i);
            match &first {
                Some((k, k_at)) if !k.compatible(kind) => {
                    return Err(conflict(property, k.describe(), k_at, kind.describe(), s_at));
                }
                Some(_) => {}
                None => first = Some((kind, s_at.clone())),
            }
        }
        required.sort();
        required.dedup();
        if let ([only], true) = (&real[..], required.is_empty()) {
            // One part with a type, the others only documentation or nullability.
            let (_, r, r_at) = &flat[*only];
            let r_at = r_at.clone();
            let (t, n) = self.ty(*r, name, &r_at, dir, strong)?;
            return Ok((t, n || nullable));
        }
        if union {
            return Ok((TypeRef::Json, nullable));
        }
        let Some((kind, _)) = first else {
            return Ok((TypeRef::Json, nullable));
        };
        let t = match kind {
            Kind::Object => self.structure(name, at, dir, doc, &props, &required)?,
            Kind::String => match values {
                Some((values, _)) => self.enumeration(name, at, doc, values)?,
                None => TypeRef::of_string_format(format.as_ref().map(|(f, _)| f.as_str())),
            },
            Kind::Integer | Kind::Number if integer => TypeRef::Integer,
            Kind::Integer | Kind::Number => TypeRef::Number,
            Kind::Boolean => TypeRef::Boolean,
            Kind::Null => return Ok((TypeRef::Json, true)),
            Kind::Array => {
                let item = if items.is_empty() {
                    TypeRef::Json
                } else {
                    let item_name = super::suggest::item(name);
                    let item_at = items[0].1.clone();
                    self.with_edge(false, |b| {
                        b.intersect(
                            Place {
                                name: &item_name,
                                at: &item_at,
                                dir,
                                strong: false,
                            },
                            Vec::new(),
                            &items,
                            property,
                        )
                    })?
                    .0
                };
                TypeRef::Vec(Box::new(item))
            }
        };
        Ok((t, nullable))
    }
}

/// The error for two parts no value satisfies together: at the later part, naming both.
fn conflict(property: Option<&str>, first: &str, first_at: &str, second: &str, second_at: &str) -> Error {
    let what = match property {
        Some(p) => format!("property `{p}` of an `allOf` is"),
        None => "an `allOf` combines".to_string(),
    };
    Error::new(
        ErrorKind::InvalidDocument,
        second_at,
        format!("{what} {first} (at {first_at}) and {second} (at {second_at}); no value is both"),
    )
}

/// A schema as JSON without its documentation keywords (recursively, at schema positions
/// only, so a property *named* `description` stays), for "the same schema, documented
/// differently". `None` if it cannot be serialized (then nothing equals it).
fn without_docs(s: &Schema) -> Option<Value> {
    let mut v = serde_json::to_value(s).ok()?;
    strip_docs(&mut v);
    Some(v)
}

fn strip_docs(v: &mut Value) {
    let Some(map) = v.as_object_mut() else { return };
    for key in [
        "description",
        "title",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
    ] {
        map.remove(key);
    }
    map.retain(|k, _| !k.starts_with("x-") || k == "x-null" || k == "x-never");
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        props.values_mut().for_each(strip_docs);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = map.get_mut(key) {
            strip_docs(child);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(strip_docs);
        }
    }
}
