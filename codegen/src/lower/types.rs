//! Schemas to types: named structs, open enums and unions, with names derived from where
//! a schema sits (component name, or owner + field), never from counters or file order.

use super::Builder;
use super::refs::component_name;
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::{Enum, EnumVariant, Field, Struct, TypeDef, TypeRef, Union, UnionVariant, VariantName};
use crate::names;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use std::collections::BTreeSet;

/// A schema or a reference to one, whatever box it came in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SRef<'a> {
    /// `$ref`.
    Ref(&'a str),
    /// Inline.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SRef::Ref(reference),
            ReferenceOr::Item(s) => SRef::Item(s),
        }
    }
}

/// Whether a type is sent (request), received (response), or used as a query object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Sent as JSON: `readOnly` fields are left out of inline types.
    Request,
    /// Received as JSON.
    Response,
}

/// Where a type is being built: the name an inline named type gets, the pointer of its
/// schema, the direction, and whether its owner holds it directly (`strong`: required, not
/// nullable, not in a list, which decides whether a cycle back to the owner is an infinite
/// type).
#[derive(Clone, Copy)]
pub(super) struct Place<'s> {
    pub name: &'s str,
    pub at: &'s str,
    pub dir: Dir,
    pub strong: bool,
}

/// The parts of a schema the generator looks at, whichever `SchemaKind` holds them.
pub(super) enum Shape<'a> {
    String {
        format: Option<String>,
        values: Vec<String>,
    },
    Integer,
    Number {
        integral: bool,
    },
    Boolean,
    Object {
        props: Vec<(&'a String, SRef<'a>)>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    Array(Option<SRef<'a>>),
    OneOf(Vec<SRef<'a>>),
    AnyOf(Vec<SRef<'a>>),
    AllOf(Vec<SRef<'a>>),
    Null,
    /// Accepts no value (a `false` schema, see `normalize`).
    Never,
    Any,
}

pub(super) fn shape(s: &Schema) -> Shape<'_> {
    if s.schema_data
        .extensions
        .get("x-null")
        .is_some_and(|v| v.as_bool() == Some(true))
    {
        return Shape::Null;
    }
    if s.schema_data
        .extensions
        .get(crate::normalize::NEVER)
        .is_some_and(|v| v.as_bool() == Some(true))
    {
        return Shape::Never;
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => Shape::String {
            format: match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".into()),
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".into()),
                VariantOrUnknownOrEmpty::Item(_) | VariantOrUnknownOrEmpty::Empty => None,
                VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            },
            values: t.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(n)) => Shape::Number {
            integral: matches!(&n.format, VariantOrUnknownOrEmpty::Unknown(f) if f.starts_with("int")),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            props: o.properties.iter().map(|(k, v)| (k, SRef::from(v))).collect(),
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref().map(SRef::from)),
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of.iter().map(SRef::from).collect()),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(any_of.iter().map(SRef::from).collect()),
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of.iter().map(SRef::from).collect()),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(a) => {
            if !a.one_of.is_empty() {
                Shape::OneOf(a.one_of.iter().map(SRef::from).collect())
            } else if !a.any_of.is_empty() {
                Shape::AnyOf(a.any_of.iter().map(SRef::from).collect())
            } else if !a.all_of.is_empty() {
                Shape::AllOf(a.all_of.iter().map(SRef::from).collect())
            } else if !a.properties.is_empty() || a.typ.as_deref() == Some("object") {
                Shape::Object {
                    props: a.properties.iter().map(|(k, v)| (k, SRef::from(v))).collect(),
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                }
            } else {
                match a.typ.as_deref() {
                    Some("string") => Shape::String {
                        format: a.format.clone(),
                        values: a
                            .enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    },
                    Some("integer") => Shape::Integer,
                    Some("number") => Shape::Number {
                        integral: a.format.as_deref().is_some_and(|f| f.starts_with("int")),
                    },
                    Some("boolean") => Shape::Boolean,
                    Some("array") => Shape::Array(a.items.as_ref().map(SRef::from)),
                    _ if a.enumeration.iter().all(|v| v.is_string()) && !a.enumeration.is_empty() => Shape::String {
                        format: None,
                        values: a
                            .enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                    },
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// An object's properties and required list.
pub(super) type ObjectParts<'s> = (Vec<(&'s String, SRef<'s>)>, &'s [String]);

/// An object schema's properties and required list (a `type: object` without properties
/// has none); `None` for any other shape.
pub(super) fn object_parts(s: &Schema) -> Option<ObjectParts<'_>> {
    match shape(s) {
        Shape::Object { props, required, .. } => Some((props, required)),
        _ => None,
    }
}

/// An array schema's items.
pub(super) fn array_items(s: &Schema) -> Option<SRef<'_>> {
    match shape(s) {
        Shape::Array(items) => items,
        _ => None,
    }
}

/// A property of a struct with every schema that declares it, each with its pointer: one,
/// or several when parts of an `allOf` declare the same property.
pub(super) struct Prop<'a> {
    /// The name on the wire.
    pub wire: &'a String,
    /// The declarations, in the order of the `allOf` parts.
    pub parts: Vec<(SRef<'a>, String)>,
}

impl<'a> Prop<'a> {
    /// The properties of one object schema at `at`.
    pub(super) fn of(at: &str, props: Vec<(&'a String, SRef<'a>)>) -> Vec<Prop<'a>> {
        props
            .into_iter()
            .map(|(wire, r)| Prop {
                wire,
                parts: vec![(r, pointer(&format!("{at}/properties"), &[wire]))],
            })
            .collect()
    }
}

/// Doc lines from a schema's title and description.
pub(super) fn schema_doc(s: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = &s.schema_data.description {
        out.extend(crate::prose::doc_lines(d));
    } else if let Some(t) = &s.schema_data.title {
        out.extend(crate::prose::doc_lines(t));
    }
    out
}

impl<'a> Builder<'a> {
    /// The type of a schema. `name` is the name an inline named type gets; `strong` says
    /// whether the owner holds the value directly (required, not nullable, not in a list),
    /// which decides whether a cycle back to the owner is a real infinite type.
    /// Returns the type and whether `null` is allowed.
    pub(crate) fn ty(&mut self, r: SRef<'a>, name: &str, at: &str, dir: Dir, strong: bool) -> Result<(TypeRef, bool)> {
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return Err(Error::new(
                ErrorKind::TooDeep,
                at,
                "schemas nest more than 64 levels deep",
            ));
        }
        let out = match r {
            SRef::Ref(reference) => self.component(reference, at, strong).map(|t| (t, false)),
            SRef::Item(s) => self.inline(s, name, at, dir, strong),
        };
        self.depth -= 1;
        out
    }

    /// The type of a component schema, built once. Its identity is reserved on the way in,
    /// so a reference back to it while it is built (a recursive schema) is a `Boxed` of it.
    fn component(&mut self, reference: &str, at: &str, strong: bool) -> Result<TypeRef> {
        let (component, schema) = self.resolve_schema(reference, at)?;
        if let Some(pos) = self.stack.iter().position(|c| c.component == component) {
            // A reference back to a type under construction: box it, and refuse a cycle in
            // which every step is a required, non-null, direct field (no finite value exists).
            let edges_from = self.stack[pos].edges;
            if strong && self.edges[edges_from..].iter().all(|e| *e) {
                return Err(Error::new(
                    ErrorKind::RefCycle,
                    at,
                    format!(
                        "schema `{component}` contains itself through required fields only; no finite value has this type"
                    ),
                ));
            }
            self.stack[pos].boxed = true;
            return Ok(TypeRef::Boxed(self.stack[pos].id));
        }
        if let Some(t) = self.table.component(&component) {
            return Ok(t.clone());
        }
        let at = pointer("/components/schemas", &[&component]);
        let name = self.component_name(&component);
        let id = self.table.reserve(crate::ir::TypeOrigin {
            suggested: name.clone(),
            component: Some(component.clone()),
            at: at.clone(),
        });
        self.stack.push(super::Entered {
            component: component.clone(),
            edges: self.edges.len(),
            id,
            boxed: false,
        });
        let built = self.inline(schema, &name, &at, Dir::Response, true);
        let entered = self.stack.pop();
        let (t, _) = built?;
        if entered.is_some_and(|e| e.boxed) && !self.table.is_defined(id) {
            // Referenced from inside itself, but the schema is not a type of its own (a list,
            // a map, an alias of another schema): nothing a `Box` could hold.
            return Err(Error::new(
                ErrorKind::RefCycle,
                at,
                format!("schema `{component}` refers to itself but is not an object, enum or union schema"),
            ));
        }
        self.table.define_component(component, t.clone());
        Ok(t)
    }

    /// The Rust name of a component schema (`names::component_names`).
    fn component_name(&self, component: &str) -> String {
        self.component_names
            .get(component)
            .cloned()
            .unwrap_or_else(|| names::pascal(component))
    }

    pub(super) fn with_edge<T>(&mut self, strong: bool, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.edges.push(strong);
        let out = f(self);
        self.edges.pop();
        out
    }

    fn inline(&mut self, s: &'a Schema, name: &str, at: &str, dir: Dir, strong: bool) -> Result<(TypeRef, bool)> {
        let nullable = s.schema_data.nullable;
        let doc = schema_doc(s);
        let t = match shape(s) {
            Shape::Null => return Ok((TypeRef::Json, true)),
            Shape::Never => return Err(never(at)),
            Shape::Any => TypeRef::Json,
            Shape::Boolean => TypeRef::Boolean,
            Shape::Integer => TypeRef::Integer,
            Shape::Number { integral } => {
                if integral {
                    TypeRef::Integer
                } else {
                    TypeRef::Number
                }
            }
            Shape::String { format, values } => {
                if !values.is_empty() {
                    self.enumeration(name, at, doc, values)?
                } else {
                    TypeRef::of_string_format(format.as_deref())
                }
            }
            Shape::Array(items) => {
                let item = match items {
                    Some(items) => {
                        let item_at = format!("{at}/items");
                        self.with_edge(false, |b| {
                            b.ty(items, &super::suggest::item(name), &item_at, dir, false)
                        })?
                        .0
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            Shape::Object {
                props,
                required,
                additional,
            } => {
                if props.is_empty() {
                    match additional {
                        Some(AdditionalProperties::Schema(ap)) => {
                            let ap_at = format!("{at}/additionalProperties");
                            let v = self.with_edge(false, |b| {
                                b.ty(SRef::from(&**ap), &super::suggest::value(name), &ap_at, dir, false)
                            })?;
                            TypeRef::Map(Box::new(v.0))
                        }
                        _ => TypeRef::Json,
                    }
                } else {
                    let props = Prop::of(at, props);
                    self.structure(name, at, dir, doc, &props, required)?
                }
            }
            Shape::AllOf(parts) => {
                let parts: Vec<(SRef<'a>, String)> = parts
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{at}/allOf/{i}")))
                    .collect();
                let (t, n) = self.all_of(name, at, dir, doc, &parts, strong)?;
                return Ok((t, n || nullable));
            }
            Shape::OneOf(variants) | Shape::AnyOf(variants) => {
                // `shape` reads `oneOf` first, then `anyOf`.
                let list = match &s.schema_kind {
                    SchemaKind::AnyOf { .. } => "anyOf",
                    SchemaKind::Any(a) if a.one_of.is_empty() => "anyOf",
                    _ => "oneOf",
                };
                let at = format!("{at}/{list}");
                let place = Place {
                    name,
                    at: &at,
                    dir,
                    strong,
                };
                let d = s.schema_data.discriminator.as_ref();
                return self.union(place, doc, &variants, d, nullable);
            }
        };
        Ok((t, nullable))
    }

    fn fields(&mut self, owner: &str, dir: Dir, props: &[Prop<'a>], required: &[String]) -> Result<Vec<Field>> {
        // Sorted by wire name, so the order of keys in the spec does not matter.
        let mut sorted: Vec<&Prop<'a>> = props.iter().collect();
        sorted.sort_by(|a, b| a.wire.cmp(b.wire));
        let mut fields: Vec<Field> = Vec::new();
        let mut taken = names::Namespace::default();
        for prop in sorted {
            let wire = prop.wire;
            if dir == Dir::Request
                && prop
                    .parts
                    .iter()
                    .any(|(r, _)| matches!(r, SRef::Item(s) if s.schema_data.read_only))
            {
                continue;
            }
            let is_required = required.iter().any(|r| r == wire);
            let type_name = super::suggest::member(owner, wire);
            let (ty, nullable, doc) = match &prop.parts[..] {
                [(r, prop_at)] => {
                    let schema = self.deref(*r, prop_at)?;
                    let doc = schema_doc(schema);
                    let (ty, nullable) =
                        self.with_edge(is_required, |b| b.ty(*r, &type_name, prop_at, dir, is_required))?;
                    (ty, nullable || schema.schema_data.nullable, doc)
                }
                parts => self.with_edge(is_required, |b| {
                    b.merged_property(wire, &type_name, parts, dir, is_required)
                })?,
            };
            let rust_name = taken.claim(&names::snake(wire));
            fields.push(Field {
                rust_name,
                wire_name: wire.clone(),
                wire_extra: Vec::new(),
                ty,
                required: is_required && !nullable,
                nullable,
                doc,
            });
        }
        Ok(fields)
    }

    /// A named struct of the given properties.
    pub(super) fn structure(
        &mut self,
        name: &str,
        at: &str,
        dir: Dir,
        doc: Vec<String>,
        props: &[Prop<'a>],
        required: &[String],
    ) -> Result<TypeRef> {
        let fields = self.fields(name, dir, props, required)?;
        let def = TypeDef::Struct(Struct {
            doc,
            fields,
            query: false,
            page_meta: None,
        });
        self.define(name, at, def)
    }

    /// A `oneOf`/`anyOf`; `place.at` points at the list.
    fn union(
        &mut self,
        place: Place<'_>,
        doc: Vec<String>,
        variants: &[SRef<'a>],
        discriminator: Option<&openapiv3::Discriminator>,
        nullable: bool,
    ) -> Result<(TypeRef, bool)> {
        let Place { name, at, dir, strong } = place;
        let mut nullable = nullable;
        let mut real: Vec<(SRef<'a>, String)> = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let v_at = format!("{at}/{i}");
            let s = self.deref(*v, &v_at)?;
            if matches!(shape(s), Shape::Null) {
                nullable = true;
            } else if matches!(shape(s), Shape::Never) {
                // A variant no value matches (a `$ref` to a `false` schema).
            } else {
                real.push((*v, v_at));
            }
        }
        match real.len() {
            0 => return Ok((TypeRef::Json, true)),
            1 => {
                let (t, n) = self.ty(real[0].0, name, &real[0].1, dir, strong)?;
                return Ok((t, n || nullable));
            }
            _ => {}
        }
        let tagged = discriminator.map(|d| d.property_name.clone());
        let mut built: Vec<(TypeRef, Vec<String>)> = Vec::new();
        for (i, (v, v_at)) in real.iter().enumerate() {
            // An inline variant is named by its title where the spec gives one.
            let title = match v {
                SRef::Item(s) => s.schema_data.title.as_deref(),
                SRef::Ref(_) => None,
            };
            let ty = self
                .with_edge(false, |b| {
                    b.ty(*v, &super::suggest::variant(name, i, title), v_at, dir, false)
                })?
                .0;
            let tags = match (discriminator, v) {
                (Some(d), SRef::Ref(reference)) => {
                    let component = component_name(reference, "schemas").unwrap_or_default();
                    let mut tags: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference
                                || component_name(target, "schemas").as_deref() == Some(component.as_str())
                                || **target == component
                        })
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if tags.is_empty() {
                        tags.push(component);
                    }
                    tags.sort();
                    tags
                }
                _ => Vec::new(),
            };
            built.push((ty, tags));
        }
        // Variant names: from tags with their common prefix cut (`portout.status_changed`
        // is `StatusChanged`), or (the naming stage) from the payload type.
        let prefix = match &tagged {
            Some(_) => common_prefix(built.iter().map(|(_, tags)| tags)),
            None => String::new(),
        };
        let out: Vec<UnionVariant> = built
            .into_iter()
            .map(|(ty, tags)| UnionVariant {
                name: match (tags.first(), &tagged) {
                    (Some(tag), Some(_)) => {
                        VariantName::Word(tag.strip_prefix(prefix.as_str()).unwrap_or(tag).to_string())
                    }
                    _ => VariantName::OfPayload,
                },
                tags,
                ty,
            })
            .collect();
        let def = TypeDef::Union(Union {
            doc,
            discriminator: tagged,
            fitted: false,
            variants: out,
        });
        Ok((self.define(name, at, def)?, nullable))
    }

    pub(super) fn enumeration(
        &mut self,
        name: &str,
        at: &str,
        doc: Vec<String>,
        values: Vec<String>,
    ) -> Result<TypeRef> {
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for wire in values {
            if !seen.insert(wire.clone()) {
                continue;
            }
            variants.push(EnumVariant { wire });
        }
        self.define(name, at, TypeDef::Enum(Enum { doc, variants }))
    }

    /// Registers a named type under the name it suggests. The type of the component being
    /// built (its own name suggested, at the top of the stack) takes the identity reserved
    /// for it; any other type is the same as an identical one suggesting the same name, or a
    /// new one (the naming stage gives the name, suffixing where two types want one).
    pub(crate) fn define(&mut self, name: &str, at: &str, def: TypeDef) -> Result<TypeRef> {
        if let Some(top) = self.stack.last() {
            if !self.table.is_defined(top.id) && self.component_name(&top.component) == name {
                let id = top.id;
                self.table.define_reserved(id, def);
                return Ok(TypeRef::Named(id));
            }
        }
        Ok(TypeRef::Named(self.table.define(name, at, def)))
    }
}

/// The error for a schema no value matches, where it is used.
pub(super) fn never(at: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        at,
        "this schema is `false` (or `not: true`): no value matches it, so no Rust type fits",
    )
}

fn common_prefix<'t>(tags: impl Iterator<Item = &'t Vec<String>>) -> String {
    let firsts: Vec<&String> = tags.filter_map(|t| t.first()).collect();
    if firsts.len() < 2 {
        return String::new();
    }
    let first = firsts[0];
    let mut end = 0;
    for (i, c) in first.char_indices() {
        if !firsts
            .iter()
            .all(|t| t[..].get(i..i + c.len_utf8()) == Some(&first[i..i + c.len_utf8()]))
        {
            break;
        }
        if matches!(c, '.' | '_' | '-' | ':' | '/') {
            end = i + c.len_utf8();
        }
    }
    // Never cut a whole tag away.
    if firsts.iter().any(|t| t.len() <= end) {
        String::new()
    } else {
        first[..end].to_string()
    }
}
