//! What stage 5 (lowering) builds: the intermediate representation of the client. Everything the emitter needs and
//! nothing it does not. A type is referred to by its identity ([`TypeId`]), never by a name:
//! lowering only *suggests* a name for each type ([`TypeOrigin`]), and stage 6 (`naming`)
//! gives the final ones in a table of its own, so naming or renaming a type never rewrites
//! the IR. Every collection is ordered by something the spec decides (ids in the order types
//! are defined, which follows sorted operations and sorted properties), so the IR does not
//! depend on the order of keys in the spec.

use std::collections::{BTreeMap, BTreeSet};

/// The whole client.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Crate-level title.
    pub title: String,
    /// The Rust name of the crate the code is generated into, for doc examples (none: no
    /// examples).
    pub crate_name: Option<String>,
    /// Resources by dotted path (`portouts.events`).
    pub resources: BTreeMap<String, Resource>,
    /// Named types by identity: exactly the types the operations reach (lowering drops the
    /// others).
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Where each type comes from, with the name lowering suggests for it.
    pub origins: BTreeMap<TypeId, TypeOrigin>,
}

/// The identity of a generated type: stable within one IR, in the order types were
/// defined. Names are given to identities by the naming stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub(crate) u32);

/// Where a type comes from, and the name lowering suggests for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOrigin {
    /// The suggested name: its component's name (`pascal` of the schema's name), or its
    /// operation and position (`PortoutListFilterStatus`). Never suffixed: two types may
    /// suggest one name, and naming decides who gets it.
    pub suggested: String,
    /// For the type of a component schema: the schema's name in the spec (its name is
    /// reserved for it, whether or not another type suggests it too).
    pub component: Option<String>,
    /// The pointer of the schema it was built from (empty for a folded query object).
    pub at: String,
}

impl Api {
    /// The named types reachable from `roots`: through struct fields, union variants, lists
    /// and maps.
    pub(crate) fn reachable<'a>(&'a self, roots: impl IntoIterator<Item = &'a TypeRef>) -> BTreeSet<TypeId> {
        let mut queue: Vec<&TypeRef> = roots.into_iter().collect();
        let mut seen: BTreeSet<TypeId> = BTreeSet::new();
        while let Some(t) = queue.pop() {
            match t {
                TypeRef::Named(n) | TypeRef::Boxed(n) => {
                    if !seen.insert(*n) {
                        continue;
                    }
                    match self.types.get(n) {
                        Some(TypeDef::Struct(s)) => queue.extend(s.fields.iter().map(|f| &f.ty)),
                        Some(TypeDef::Union(u)) => queue.extend(u.variants.iter().map(|v| &v.ty)),
                        Some(TypeDef::Enum(_)) | None => {}
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) => queue.push(inner),
                _ => {}
            }
        }
        seen
    }

    /// The struct a reference names (directly or boxed), if it names one.
    pub(crate) fn struct_of(&self, t: &TypeRef) -> Option<&Struct> {
        struct_in(&self.types, t)
    }

    /// Every type reference the operations hold: the roots of [`Api::reachable`].
    pub(crate) fn operation_refs(&self) -> Vec<&TypeRef> {
        let mut out = Vec::new();
        for op in self.resources.values().flat_map(|r| r.operations.values()) {
            out.extend(op.path_params.iter().map(|p| &p.ty));
            out.extend(op.query.iter().map(|q| &q.ty));
            out.extend(op.body.iter().map(|b| &b.ty));
            out.extend(op.response.refs());
        }
        out
    }

    /// Every type reference the operations' responses hold.
    pub(crate) fn response_refs(&self) -> Vec<&TypeRef> {
        self.resources
            .values()
            .flat_map(|r| r.operations.values())
            .flat_map(|op| op.response.refs())
            .collect()
    }

    /// Calls `f` on every type reference, in types and operations (below `Vec` and `Map`).
    pub(crate) fn for_each_ref(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        fn walk(t: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
            match t {
                TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner, f),
                _ => f(t),
            }
        }
        for def in self.types.values_mut() {
            match def {
                TypeDef::Struct(s) => s.fields.iter_mut().for_each(|x| walk(&mut x.ty, f)),
                TypeDef::Union(u) => u.variants.iter_mut().for_each(|v| walk(&mut v.ty, f)),
                TypeDef::Enum(_) => {}
            }
        }
        for op in self.resources.values_mut().flat_map(|r| r.operations.values_mut()) {
            op.path_params.iter_mut().for_each(|p| walk(&mut p.ty, f));
            op.query.iter_mut().for_each(|q| walk(&mut q.ty, f));
            if let Some(b) = &mut op.body {
                walk(&mut b.ty, f);
            }
            match &mut op.response {
                Response::Empty | Response::Binary => {}
                Response::Data(t) | Response::Json(t) => walk(t, f),
                Response::Page { item, meta } => {
                    walk(item, f);
                    walk(meta, f);
                }
            }
        }
    }
}

/// The struct a reference names (directly or boxed) among `types`, if it names one: for the
/// finished IR ([`Api::struct_of`]) and for the types lowering has defined so far.
pub(crate) fn struct_in<'a>(types: &'a BTreeMap<TypeId, TypeDef>, t: &TypeRef) -> Option<&'a Struct> {
    match types.get(t.named()?) {
        Some(TypeDef::Struct(s)) => Some(s),
        _ => None,
    }
}

/// A resource: a group of operations and child resources.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Dotted path (`portouts.events`).
    pub path: String,
    /// Rust struct name (`PortoutsEvents`).
    pub rust_name: String,
    /// Accessor method on the parent (`events`).
    pub accessor: String,
    /// Doc comment.
    pub doc: Vec<String>,
    /// Operations by method name.
    pub operations: BTreeMap<String, Operation>,
    /// Dotted paths of child resources.
    pub children: Vec<String>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Method name on the resource (`list`).
    pub name: String,
    /// Request builder type (`PortoutListRequest`).
    pub builder: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template (`/portouts/{id}`).
    pub path: String,
    /// Doc lines (summary, description).
    pub doc: Vec<String>,
    /// Path parameters in template order; all required and positional.
    pub path_params: Vec<Param>,
    /// Query parameters.
    pub query: Vec<QueryParam>,
    /// Header parameters (values sent as text), sorted by Rust name.
    pub headers: Vec<HeaderParam>,
    /// The JSON body, if any.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Response,
    /// The HTTP status of a success: the first 2xx code the spec declares (200 when it
    /// declares only the `2XX` range, or none).
    pub success_status: u16,
    /// The `Accept` header sent.
    pub accept: String,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Rust name of the query member that carries the page number, for paginated operations.
    pub page_number_param: Option<String>,
}

/// A piece of a path template (`/portouts/{id}` is `/portouts/` then the parameter `id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplatePiece<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A parameter's name.
    Param(&'a str),
}

/// The pieces of a path template: the one parser of templates (lowering checks the
/// parameters against it, the surface splits the path with it). Text after an unclosed `{`
/// is literal.
pub(crate) fn template_pieces(path: &str) -> Vec<TemplatePiece<'_>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(TemplatePiece::Literal(&rest[..start]));
        }
        out.push(TemplatePiece::Param(&rest[start + 1..start + end]));
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        out.push(TemplatePiece::Literal(rest));
    }
    out
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name.
    pub rust_name: String,
    /// Name in the path template.
    pub wire_name: String,
    /// Type.
    pub ty: TypeRef,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderParam {
    /// Rust name of the argument or builder method.
    pub rust_name: String,
    /// Header name.
    pub wire_name: String,
    /// Required (positional) or optional (builder method).
    pub required: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A query parameter (or one member of a flattened query object).
#[derive(Debug, Clone, PartialEq)]
pub struct QueryParam {
    /// Rust name of the builder method and field.
    pub rust_name: String,
    /// Key segments: `["filter"]` for a deepObject `filter`, `["page", "number"]` for a
    /// flattened `page[number]`.
    pub wire_path: Vec<String>,
    /// Type; objects are named structs encoded with brackets.
    pub ty: TypeRef,
    /// Required (positional) or optional (builder method).
    pub required: bool,
    /// For arrays at the top level: repeat the key (`explode`) or join with commas.
    pub explode: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Body type (a named struct when the body is an object with properties).
    pub ty: TypeRef,
    /// Whether the spec requires a body.
    pub required: bool,
    /// Media type sent.
    pub content_type: String,
    /// How the body is encoded.
    pub encoding: BodyEncoding,
    /// For an object body: each member's builder name (argument or method) by its field's
    /// Rust name, in field order (`lower::builder_names`: `body_<name>` where a parameter has
    /// the name).
    pub members: Vec<(String, String)>,
    /// Doc lines.
    pub doc: Vec<String>,
    /// A multipart body's `encoding` content types by member wire name, sorted (a part with
    /// none is sent as its value's shape says: text, a file, JSON).
    pub part_types: Vec<(String, String)>,
}

/// How a request body is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`, nested objects in brackets.
    Form,
    /// Raw bytes as given (`application/octet-stream` and other non-JSON media types).
    Bytes,
    /// `multipart/form-data`: each member a part (`runtime::multipart`), files as file parts.
    Multipart,
}

/// What a successful response becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// No body (204, or no content declared).
    Empty,
    /// The body is `{"data": T}`; `T` is returned.
    Data(TypeRef),
    /// A page: `{"data": [item], "meta": meta}` of an operation with the pagination query.
    Page {
        /// Item type.
        item: TypeRef,
        /// Metadata type.
        meta: TypeRef,
    },
    /// Any other JSON body, returned whole.
    Json(TypeRef),
    /// A non-JSON body (a PDF, a CSV, audio), returned as raw bytes.
    Binary,
}

impl Response {
    /// The type references it holds.
    pub(crate) fn refs(&self) -> Vec<&TypeRef> {
        match self {
            Response::Empty | Response::Binary => Vec::new(),
            Response::Data(t) | Response::Json(t) => vec![t],
            Response::Page { item, meta } => vec![item, meta],
        }
    }
}

/// A reference to a type. In the IR a generated type is referred to by its identity
/// (`TypeRef<TypeId>`); the surface, after naming, by its final Rust name
/// (`surface::TypeRef`, a `TypeRef<String>`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef<N = TypeId> {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `chrono::DateTime<Utc>` (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `uuid::Uuid` (`format: uuid`).
    Uuid,
    /// `bytes::Bytes` (a binary request body).
    Bytes,
    /// `crate::File` (`format: binary` inside a body: a file part of a multipart body).
    File,
    /// Any JSON (`serde_json::Value`).
    Json,
    /// `Vec<T>`.
    Vec(Box<TypeRef<N>>),
    /// `BTreeMap<String, T>` (`additionalProperties`).
    Map(Box<TypeRef<N>>),
    /// A generated type.
    Named(N),
    /// A generated type behind a `Box` (breaks recursion).
    Boxed(N),
}

/// What the generator knows of a scalar type: the one table a new scalar is added to (with
/// its `TypeRef` variant and, for a string format, [`TypeRef::of_string_format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scalar {
    /// The type as a user writes it (`DateTime<Utc>`).
    pub user: &'static str,
    /// The type as generated code spells it, with absolute paths (`::chrono::DateTime<::chrono::Utc>`).
    pub path: &'static str,
    /// Its word in a generated name (`DateTime`, as in a union variant `DateTimeList`).
    pub word: &'static str,
    /// What it is on the wire, for the API diff (`date-time`).
    pub wire: &'static str,
    /// A doc phrase naming it (`a `DateTime<Utc>``).
    pub phrase: &'static str,
    /// A value of it in a doc example (`Default::default()`).
    pub example: &'static str,
    /// Sent in a query as one value (`key=v`), not as JSON.
    pub query_value: bool,
}

const fn scalar(
    user: &'static str,
    path: &'static str,
    word: &'static str,
    wire: &'static str,
    phrase: &'static str,
    example: &'static str,
    query_value: bool,
) -> Scalar {
    Scalar {
        user,
        path,
        word,
        wire,
        phrase,
        example,
        query_value,
    }
}

impl<N> TypeRef<N> {
    /// The scalar this is, if it is one.
    pub(crate) fn scalar(&self) -> Option<Scalar> {
        Some(match self {
            TypeRef::String => scalar(
                "String",
                "::std::string::String",
                "String",
                "string",
                "a `String`",
                "\"text\"",
                true,
            ),
            TypeRef::Integer => scalar("i64", "i64", "Integer", "integer", "an `i64`", "1", true),
            TypeRef::Number => scalar("f64", "f64", "Number", "number", "an `f64`", "1.0", true),
            TypeRef::Boolean => scalar("bool", "bool", "Boolean", "boolean", "a `bool`", "true", true),
            TypeRef::DateTime => scalar(
                "DateTime<Utc>",
                "::chrono::DateTime<::chrono::Utc>",
                "DateTime",
                "date-time",
                "a `DateTime<Utc>`",
                "Default::default()",
                true,
            ),
            TypeRef::Date => scalar(
                "NaiveDate",
                "::chrono::NaiveDate",
                "Date",
                "date",
                "a `NaiveDate`",
                "Default::default()",
                true,
            ),
            TypeRef::Uuid => scalar(
                "Uuid",
                "::uuid::Uuid",
                "Uuid",
                "uuid",
                "a `Uuid`",
                "Default::default()",
                true,
            ),
            TypeRef::Bytes => scalar(
                "Bytes",
                "::bytes::Bytes",
                "Bytes",
                "bytes",
                "`Bytes`",
                "Vec::<u8>::new()",
                false,
            ),
            TypeRef::File => scalar(
                "File",
                "crate::File",
                "File",
                "binary",
                "a [`File`](crate::File)",
                "File::new(\"name.bin\", Vec::<u8>::new())",
                false,
            ),
            TypeRef::Json => scalar(
                "serde_json::Value",
                "::serde_json::Value",
                "Json",
                "any",
                "a `serde_json::Value`",
                "Default::default()",
                false,
            ),
            TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Named(_) | TypeRef::Boxed(_) => return None,
        })
    }

    /// The type of a string schema with `format`: the one reading of string formats.
    pub(crate) fn of_string_format(format: Option<&str>) -> TypeRef<N> {
        match format {
            Some("date-time") => TypeRef::DateTime,
            Some("date") => TypeRef::Date,
            Some("uuid") => TypeRef::Uuid,
            Some("binary") => TypeRef::File,
            _ => TypeRef::String,
        }
    }

    /// The generated type this names (directly or boxed), if any.
    pub fn named(&self) -> Option<&N> {
        match self {
            TypeRef::Named(n) | TypeRef::Boxed(n) => Some(n),
            _ => None,
        }
    }

    /// The same reference with each generated type given by `f` (an identity to its name).
    pub fn map<M>(&self, f: &dyn Fn(&N) -> M) -> TypeRef<M> {
        match self {
            TypeRef::String => TypeRef::String,
            TypeRef::Integer => TypeRef::Integer,
            TypeRef::Number => TypeRef::Number,
            TypeRef::Boolean => TypeRef::Boolean,
            TypeRef::DateTime => TypeRef::DateTime,
            TypeRef::Date => TypeRef::Date,
            TypeRef::Uuid => TypeRef::Uuid,
            TypeRef::Bytes => TypeRef::Bytes,
            TypeRef::File => TypeRef::File,
            TypeRef::Json => TypeRef::Json,
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(inner.map(f))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(inner.map(f))),
            TypeRef::Named(n) => TypeRef::Named(f(n)),
            TypeRef::Boxed(n) => TypeRef::Boxed(f(n)),
        }
    }
}

/// A named generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A struct with named fields.
    Struct(Struct),
    /// An open string enum.
    Enum(Enum),
    /// A `oneOf`/`anyOf` union.
    Union(Union),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Doc lines.
    pub doc: Vec<String>,
    /// Fields sorted by Rust name.
    pub fields: Vec<Field>,
    /// Whether the struct is sent as a query object (it gets a query encoder).
    pub query: bool,
    /// For pagination metadata: the members holding the page numbers.
    pub page_meta: Option<PageMetaNames>,
}

/// The members of a pagination metadata struct, by wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMetaNames {
    /// The current page number.
    pub page_number: String,
    /// The number of pages.
    pub total_pages: String,
    /// The page size, if the config names it.
    pub page_size: Option<String>,
    /// The number of items in all pages, if the config names it.
    pub total_results: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name.
    pub rust_name: String,
    /// JSON name (or query key segments for a folded query object).
    pub wire_name: String,
    /// Extra query key segments below `wire_name` (folded `filter[code][in]`).
    pub wire_extra: Vec<String>,
    /// Type, without `Option`.
    pub ty: TypeRef,
    /// Required by the spec (not wrapped in `Option`).
    pub required: bool,
    /// `null` allowed.
    pub nullable: bool,
    /// Doc lines.
    pub doc: Vec<String>,
}

/// An open string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Doc lines.
    pub doc: Vec<String>,
    /// Variants in spec order.
    pub variants: Vec<EnumVariant>,
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// Wire string (its Rust name is the naming stage's).
    pub wire: String,
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Doc lines.
    pub doc: Vec<String>,
    /// The discriminating property, for a tagged union.
    pub discriminator: Option<String>,
    /// An untagged union whose variants could accept the same object: decoded by which
    /// variant knows the most of the object's keys, raw JSON on a tie (`lower::unions`).
    pub fitted: bool,
    /// Variants: Rust name, tag values (tagged unions), type.
    pub variants: Vec<UnionVariant>,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// What its Rust name is made from (the naming stage makes it).
    pub name: VariantName,
    /// Discriminator values that select it (tagged unions).
    pub tags: Vec<String>,
    /// Payload type.
    pub ty: TypeRef,
}

/// What a union variant's Rust name is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantName {
    /// A word from the spec: a discriminator tag with the tags' common prefix cut
    /// (`portout.status_changed` is `StatusChanged`).
    Word(String),
    /// The payload type: a scalar's word, `List`/`Map` around it, a generated type's name.
    OfPayload,
}

/// `a[b][c]` from key segments `["a", "b", "c"]`: every bracketed key is joined here.
pub(crate) fn bracket_key(segments: &[String]) -> String {
    match segments.split_first() {
        Some((head, rest)) => format!("{head}{}", bracket_suffix(rest)),
        None => String::new(),
    }
}

/// `[a][b]` from key segments `["a", "b"]`: a query object's member below the object's key.
pub(crate) fn bracket_suffix(segments: &[String]) -> String {
    let mut out = String::new();
    for seg in segments {
        out.push('[');
        out.push_str(seg);
        out.push(']');
    }
    out
}
