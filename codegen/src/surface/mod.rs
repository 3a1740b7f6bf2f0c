//! Stage 7: the public surface, as one value. Everything a user of the generated crate can
//! name or rely on is decided here, once: every type's final Rust name, kind, members with
//! their wire names and setters, the constructor's arguments; every operation's method and
//! builder names, positional arguments in order, builder methods, query keys with their
//! encoding, headers, path segments, the body's encoding (for multipart/form-data, the
//! spec's content type of each part; how a member becomes parts is the runtime's rule,
//! `runtime::multipart`), and what the response decodes into.
//!
//! The emitter only prints a `Surface` (plus the spec's prose and serde details, which the IR
//! keeps) and the public-API diff ([`crate::diff`]) only compares two of them, so what the
//! diff judges is exactly what is emitted. [`Surface`]'s `Display` is the surface as text, one item per
//! line (spec strings escaped, so none can start a line of its own); the emitter writes it
//! as `surface.txt` next to the code, so a change to the API shows as a change to that file.
//!
//! The rules, each in one place:
//! - positional arguments: path parameters in template order, then required query
//!   parameters, required headers, required body members (in field order), or the whole body
//!   when it is required and not an object ([`OperationSurface::of`]);
//! - names are decided before and taken as they are: builder members in one pass with one
//!   collision policy (`lower::builder_names`); type names, union variants, catch-alls,
//!   model setters and the unknown-members field by the naming stage (`crate::naming`);
//!   [`Surface::of`] is the one place they meet the structure (`types.rs` the types,
//!   `operations.rs` the resources and operations);
//! - query keys: `a[b][c]` from the key segments (`ir::bracket_key`), the only place segments
//!   are joined; the encoding of a value (`QueryEncoding::of`);
//! - how a method takes a value: text and bytes as `impl Into<_>`, a path parameter that
//!   is not an enum as `impl Display`, the rest as itself ([`Takes::of`]);
//! - `ToQuery` (query objects and every untagged union), `PageMeta` accessors
//!   ([`PageMetaSurface`]) and the sites of each type ([`TypeSurface::used_at`]).

mod operations;
mod text;
mod types;

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, BodyEncoding, PageMetaNames, TypeDef};
use crate::naming::Names;
use std::collections::BTreeMap;

/// A type as the surface refers to it: a generated type by its published name.
pub type TypeRef = crate::ir::TypeRef<String>;

/// The public surface of a generated API.
#[derive(Debug, Clone, PartialEq)]
pub struct Surface {
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeSurface>,
    /// Resources by dotted path (`portouts.events`).
    pub resources: BTreeMap<String, ResourceSurface>,
}

/// What kind of type a named type is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// A `#[non_exhaustive]` struct with `new` and setters.
    Struct,
    /// An open string enum.
    Enum,
    /// A union chosen by the value of a property.
    TaggedUnion {
        /// The property.
        discriminator: String,
    },
    /// An untagged union (decoded as the first variant that accepts the value, or, when
    /// `fitted`, as the one knowing most of the object's keys).
    Union {
        /// Decoded by fit (`lower::unions`).
        fitted: bool,
    },
}

/// The variant of an enum or union that keeps a value this client does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchAll {
    /// Its name.
    pub name: String,
    /// What it holds.
    pub payload: CatchAllPayload,
}

/// What a catch-all variant holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchAllPayload {
    /// An open enum's `UnknownValue`: the string, readable with `as_str()` on the enum but not
    /// matchable (a later version naming the value cannot silently change which arm matches).
    Opaque,
    /// A union's raw JSON (`serde_json::Value`).
    Json,
}

impl CatchAllPayload {
    /// The payload type as users write it.
    pub fn user(self) -> &'static str {
        match self {
            CatchAllPayload::Opaque => "UnknownValue",
            CatchAllPayload::Json => "serde_json::Value",
        }
    }
}

/// One named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSurface {
    /// Its kind.
    pub kind: TypeKind,
    /// Fields (structs, sorted by Rust name) or variants (enums and unions, in spec order).
    pub members: Vec<Member>,
    /// For structs: the Rust names of `new`'s arguments, in order (the required fields).
    pub constructor: Vec<String>,
    /// For enums and unions: the variant that keeps a value this client does not know
    /// (`Unknown`, the name the runtime's `open_enum!` and `tagged_union!` use and variants
    /// never take; `Other` for untagged unions, suffixed if a variant has the name), and what
    /// it holds.
    pub catch_all: Option<CatchAll>,
    /// Implements `ToQuery`: structs sent in a query (encoded with brackets under the
    /// parameter's key), and every untagged union (each variant as its own encoding).
    pub query: bool,
    /// For tagged unions of structs: the fields every variant has (same wire name, type and
    /// presence), read by an accessor on the union (`event.portout_id()`).
    pub accessors: Vec<String>,
    /// For structs: `Default` is derived (every required field's type has a default).
    pub default: bool,
    /// For untagged unions: the variants with a `From` impl of their payload (those whose
    /// payload type no other variant has).
    pub froms: Vec<String>,
    /// For the metadata struct of a page: the fields its `PageMeta` accessors read.
    pub page_meta: Option<PageMetaSurface>,
    /// For structs responses hold: the private field that keeps the members the struct does
    /// not know (read with `unknown_fields()`), a name no field of the struct has.
    pub unknown: Option<String>,
    /// Where the type is used, its sites in the names lock's syntax (`GET /portouts
    /// response.meta`), sorted: the doc of a type the spec does not describe says so.
    pub used_at: Vec<String>,
}

/// The `PageMeta` accessors of a page's metadata struct: for each, the numeric field it
/// reads (none: the accessor returns `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMetaSurface {
    /// `page_number()`.
    pub page_number: Option<MetaField>,
    /// `total_pages()`.
    pub total_pages: Option<MetaField>,
    /// `page_size()`.
    pub page_size: Option<MetaField>,
    /// `total_results()`.
    pub total_results: Option<MetaField>,
}

/// A numeric field a page accessor reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaField {
    /// Rust name of the field.
    pub field: String,
    /// An `f64` field: read only when it holds a whole number.
    pub float: bool,
    /// An `Option` field.
    pub optional: bool,
}

impl PageMetaSurface {
    /// The accessors of struct `s` for the configured member names.
    fn of(s: &crate::ir::Struct, names: &PageMetaNames, read: bool) -> PageMetaSurface {
        let field = |wire: Option<&str>| {
            let f = s.fields.iter().find(|f| Some(f.wire_name.as_str()) == wire)?;
            matches!(f.ty, crate::ir::TypeRef::Integer | crate::ir::TypeRef::Number).then(|| MetaField {
                field: f.rust_name.clone(),
                float: f.ty == crate::ir::TypeRef::Number,
                optional: !f.required || read,
            })
        };
        PageMetaSurface {
            page_number: field(Some(&names.page_number)),
            total_pages: field(Some(&names.total_pages)),
            page_size: field(names.page_size.as_deref()),
            total_results: field(names.total_results.as_deref()),
        }
    }
}

/// A struct field or an enum or union variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Rust name.
    pub rust_name: String,
    /// On the wire: the JSON key of a field (`code[in]` for a folded query member), the
    /// string of an enum variant, the tag values of a tagged variant (comma-separated).
    pub wire: String,
    /// The field's type without `Option`, or the variant's payload (none for enum values).
    pub ty: Option<TypeRef>,
    /// A field that may be absent (`Option`); variants are never required.
    pub optional: bool,
    /// A field the spec requires (one of `new`'s arguments). In a type read from responses
    /// it is still `optional`: `None` only when a response lacked it, which tolerant decoding
    /// records as a deviation and strict decoding refuses (the runtime's `decode::required`).
    pub required: bool,
    /// The struct's builder method that sets the field.
    pub setter: Option<String>,
    /// How the setter (and, for a required field, `new`) takes the field's value.
    pub takes: Takes,
    /// In a query object: the member's key below the object's (`[code][in]`) and how its
    /// value is encoded there.
    pub query: Option<(String, QueryEncoding)>,
}

/// A resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceSurface {
    /// Rust struct name (`PortoutsEvents`).
    pub rust_name: String,
    /// Accessor method on the parent or the client (`events`).
    pub accessor: String,
    /// Dotted paths of child resources.
    pub children: Vec<String>,
    /// Operations by method name.
    pub operations: BTreeMap<String, OperationSurface>,
}

/// One operation: a method on its resource returning a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSurface {
    /// Method name (`list`).
    pub name: String,
    /// Request builder type (`PortoutListRequest`).
    pub builder: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template (`/portouts/{id}`).
    pub path: String,
    /// The path template parsed once: literal text and parameters.
    pub segments: Vec<PathSegment>,
    /// Positional arguments of the method, in order.
    pub args: Vec<Arg>,
    /// Builder methods for everything optional, in order.
    pub setters: Vec<Setter>,
    /// The builder's fields, in declaration order.
    pub fields: Vec<BuilderField>,
    /// Query keys in the order they are sent.
    pub query: Vec<QueryKey>,
    /// Headers in the order they are sent.
    pub headers: Vec<HeaderKey>,
    /// The request body, if any.
    pub body: Option<BodySurface>,
    /// What a success returns.
    pub output: Output,
    /// The status of a success (what the testing kit answers with).
    pub success_status: u16,
    /// The `Accept` header sent.
    pub accept: String,
    /// Deprecated in the spec (the method carries `#[deprecated]`).
    pub deprecated: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text.
    Literal(String),
    /// A parameter, percent-encoded as one segment.
    Param {
        /// Name in the template.
        wire: String,
        /// The builder field holding it.
        field: String,
        /// Held as its own type (an enum), not as text.
        typed: bool,
    },
}

/// Where an argument's or setter's value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path parameter (`typed`: an enum, taken as itself; else anything `Display`).
    Path {
        /// Name in the template.
        wire: String,
        /// Taken as its own type.
        typed: bool,
    },
    /// A query parameter, under this key.
    Query {
        /// The wire key (`filter[status]`).
        key: String,
    },
    /// A header.
    Header {
        /// Header name.
        wire: String,
    },
    /// A member of the JSON (or form) body object.
    BodyMember {
        /// Rust name of the body struct's field.
        field: String,
        /// JSON key.
        wire: String,
    },
    /// The whole body.
    Body,
}

/// How a method takes a value (a positional argument, a builder method, a model's
/// constructor argument or setter), as its signature shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// The type itself.
    Itself,
    /// Anything convertible into the type (`impl Into<String>`): text and bytes.
    Into,
    /// Anything `Display`, held as its text (a path parameter that is not an enum).
    Display,
}

impl Takes {
    /// How a value of type `t` is taken: text and bytes as anything convertible into them,
    /// the rest as themselves.
    pub fn of<N>(t: &crate::ir::TypeRef<N>) -> Takes {
        match t {
            crate::ir::TypeRef::String | crate::ir::TypeRef::Bytes => Takes::Into,
            _ => Takes::Itself,
        }
    }

    /// The parameter type as a user writes it (`impl Into<String>`).
    pub fn param_type(self, t: &TypeRef) -> String {
        match self {
            Takes::Itself => type_name(t),
            Takes::Into => format!("impl Into<{}>", type_name(t)),
            Takes::Display => "impl Display".into(),
        }
    }
}

/// A positional argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Rust name.
    pub name: String,
    /// Type of the value stored.
    pub ty: TypeRef,
    /// How the method takes it.
    pub takes: Takes,
    /// Where it goes.
    pub target: Target,
    /// The builder field it initializes (none for a body member).
    pub field: Option<String>,
    /// First line of the spec's description (data; sanitized when printed).
    pub doc: String,
}

/// An optional builder method.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    /// Method name.
    pub name: String,
    /// Type of the value stored.
    pub ty: TypeRef,
    /// How the method takes it.
    pub takes: Takes,
    /// Where it goes.
    pub target: Target,
    /// The builder field it sets (for a body member: `body`).
    pub field: String,
    /// The spec's description (data; sanitized when printed).
    pub doc: Vec<String>,
}

/// A field of a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderField {
    /// Rust name.
    pub name: String,
    /// Stored type (without `Option`).
    pub ty: TypeRef,
    /// `Option<ty>`, unset until a setter is called.
    pub optional: bool,
}

/// A query key and how its value is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryKey {
    /// The key (`filter[status]`).
    pub key: String,
    /// The builder field holding the value.
    pub field: String,
    /// Sent only when set.
    pub optional: bool,
    /// Encoding.
    pub encoding: QueryEncoding,
}

/// How a query value is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryEncoding {
    /// One value (`key=v`).
    Value,
    /// An array of scalars, the key repeated (`key=a&key=b`).
    Repeat,
    /// An array of scalars, comma-joined (`key=a,b`).
    List,
    /// An object, its members under `key[member]` (`ToQuery`).
    Object,
    /// Anything else, as JSON text.
    #[default]
    Json,
}

impl QueryEncoding {
    /// The encoding of a value of type `t`; `explode` for arrays of scalars at the top level.
    pub(crate) fn of(t: &crate::ir::TypeRef, api: &Api, explode: bool) -> QueryEncoding {
        match t {
            crate::ir::TypeRef::Vec(inner) if is_scalar(inner, api) => {
                if explode {
                    QueryEncoding::Repeat
                } else {
                    QueryEncoding::List
                }
            }
            t if is_scalar(t, api) => QueryEncoding::Value,
            crate::ir::TypeRef::Named(n) | crate::ir::TypeRef::Boxed(n) => match api.types.get(n) {
                Some(TypeDef::Struct(s)) if s.query => QueryEncoding::Object,
                Some(TypeDef::Union(u)) if u.discriminator.is_none() => QueryEncoding::Object,
                _ => QueryEncoding::Json,
            },
            _ => QueryEncoding::Json,
        }
    }

    fn label(self) -> &'static str {
        match self {
            QueryEncoding::Value => "value",
            QueryEncoding::Repeat => "repeated",
            QueryEncoding::List => "comma-joined",
            QueryEncoding::Object => "brackets",
            QueryEncoding::Json => "json",
        }
    }
}

/// Scalars (and enums) encode as one query value.
fn is_scalar(t: &crate::ir::TypeRef, api: &Api) -> bool {
    match t {
        crate::ir::TypeRef::Named(n) => matches!(api.types.get(n), Some(TypeDef::Enum(_))),
        t => t.scalar().is_some_and(|s| s.query_value),
    }
}

/// A header sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderKey {
    /// Header name.
    pub wire: String,
    /// The builder field holding it.
    pub field: String,
    /// Sent only when set.
    pub optional: bool,
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodySurface {
    /// Its type.
    pub ty: TypeRef,
    /// An object whose members are arguments and setters (else the body is one value).
    pub members: bool,
    /// The builder holds it unset until given (a non-object body that is not required).
    pub optional: bool,
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Media type sent.
    pub content_type: String,
    /// A multipart body's content types from the spec's `encoding`, by member wire name
    /// (how each member becomes parts is the runtime's rule, `runtime::multipart`).
    pub part_types: Vec<(String, String)>,
}

/// What a success returns, and how it is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// `()`: no body.
    Empty,
    /// `Bytes`: a non-JSON body.
    Binary,
    /// `T` from `{"data": T}`.
    Data(TypeRef),
    /// `T`: the whole JSON body.
    Json(TypeRef),
    /// `Page<item>` from `{"data": [item], "meta": meta}`.
    Page(PageSurface),
}

/// A paginated (or one-page) list.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSurface {
    /// Item type.
    pub item: TypeRef,
    /// Metadata type.
    pub meta: TypeRef,
    /// The builder field holding the page number (auto-pagination), if any.
    pub number_field: Option<String>,
    /// The page number's query key (`page[number]`).
    pub number_key: Option<String>,
    /// Its sibling `size` in the same query object (`page[size]`), the JSON:API convention.
    pub size_key: Option<String>,
    /// The metadata members holding the page numbers.
    pub meta_names: Option<PageMetaNames>,
}

impl Surface {
    /// The surface of `api` under the names `names` gives it: the one place names meet
    /// structure. An error if `names` was not made for `api` (a type or member it leaves
    /// unnamed), never a surface with an empty name.
    pub fn of(api: &Api, names: &Names) -> Result<Surface> {
        // Every type the operations reach has a name (so no reference prints as nothing).
        if let Some(id) = api
            .reachable(api.operation_refs())
            .into_iter()
            .find(|id| names.type_name(*id).is_empty())
        {
            return Err(Error::new(
                ErrorKind::Unsupported,
                api.origins.get(&id).map_or("", |o| o.at.as_str()),
                "the naming stage gave a type the operations use no name",
            ));
        }
        let mut sites = crate::naming::sites(api, names.table());
        let read = types::read_from_responses(api);
        let mut types = BTreeMap::new();
        for (id, def) in &api.types {
            let name = names.type_name(*id);
            if name.is_empty() {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    api.origins.get(id).map_or("", |o| o.at.as_str()),
                    "the naming stage gave this type no name",
                ));
            }
            let mut t = TypeSurface::of(api, names, *id, def, read.contains(id))?;
            t.used_at = sites.remove(id).map(Vec::from_iter).unwrap_or_default();
            types.insert(name.to_string(), t);
        }
        let resources = api
            .resources
            .iter()
            .map(|(path, r)| (path.clone(), ResourceSurface::of(api, names, r)))
            .collect();
        Ok(Surface { types, resources })
    }

    /// The operation `resource.method`.
    pub fn operation(&self, resource: &str, method: &str) -> Option<&OperationSurface> {
        self.resources.get(resource)?.operations.get(method)
    }
}

/// A type as a user writes it (`Vec<PortoutDetails>`).
pub fn type_name(t: &TypeRef) -> String {
    if let Some(s) = t.scalar() {
        return s.user.into();
    }
    match t {
        TypeRef::Vec(i) => format!("Vec<{}>", type_name(i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", type_name(i)),
        TypeRef::Boxed(n) => format!("Box<{n}>"),
        _ => t.named().map_or("", String::as_str).to_string(),
    }
}

impl Output {
    /// The type `send()` returns, as a user writes it.
    pub fn type_name(&self) -> String {
        match self {
            Output::Empty => "()".into(),
            Output::Binary => "Bytes".into(),
            Output::Data(t) | Output::Json(t) => type_name(t),
            Output::Page(p) => format!("Page<{}>", type_name(&p.item)),
        }
    }
}

impl Arg {
    /// The argument as a user sees it in the signature (`id: impl Display`).
    pub fn signature(&self) -> String {
        format!("{}: {}", self.name, self.takes.param_type(&self.ty))
    }
}

impl Setter {
    /// The method's parameter type as a user sees it (`impl Into<String>`).
    pub fn param_type(&self) -> String {
        self.takes.param_type(&self.ty)
    }
}

impl Target {
    /// Where the value goes, as text (`query filter[status]`, `body status`).
    pub fn describe(&self) -> String {
        match self {
            Target::Path { wire, .. } => format!("path `{wire}`"),
            Target::Query { key } => format!("query `{key}`"),
            Target::Header { wire } => format!("header `{wire}`"),
            Target::BodyMember { wire, .. } => format!("body `{wire}`"),
            Target::Body => "body".into(),
        }
    }
}
