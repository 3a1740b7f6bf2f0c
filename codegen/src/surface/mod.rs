//! Stage 6: the public surface, as one value. Everything a user of the generated crate can
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
//! - builder-member names are decided before, in one pass with one collision policy
//!   (`lower::builder_names`); the surface takes them as they are;
//! - model setters: the field's name, `set_<name>` where a derived trait's method has it,
//!   suffixed if another field's setter has that ([`setter_names`]);
//! - query keys: `a[b][c]` from the key segments (`ir::bracket_key`), the only place segments
//!   are joined; the encoding of a value ([`QueryEncoding::of`]);
//! - how a method takes a value: text and bytes as `impl Into<_>`, a path parameter that
//!   is not an enum as `impl Display`, the rest as itself ([`Takes::of`]);
//! - catch-all variants, `ToQuery` (query objects and every untagged union), `PageMeta`
//!   accessors ([`PageMetaSurface`]) and the sites of each type ([`TypeSurface::used_at`]).

mod text;

use crate::ir::{
    Api, BodyEncoding, Operation, PageMetaNames, Resource, Response, TypeDef, TypeRef, bracket_key, bracket_suffix,
};
use std::collections::{BTreeMap, BTreeSet};

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
            matches!(f.ty, TypeRef::Integer | TypeRef::Number).then(|| MetaField {
                field: f.rust_name.clone(),
                float: f.ty == TypeRef::Number,
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
    pub fn of(t: &TypeRef) -> Takes {
        match t {
            TypeRef::String | TypeRef::Bytes => Takes::Into,
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
    pub fn of(t: &TypeRef, api: &Api, explode: bool) -> QueryEncoding {
        match t {
            TypeRef::Vec(inner) if is_scalar(inner, api) => {
                if explode {
                    QueryEncoding::Repeat
                } else {
                    QueryEncoding::List
                }
            }
            t if is_scalar(t, api) => QueryEncoding::Value,
            TypeRef::Named(n) | TypeRef::Boxed(n) => match api.types.get(n) {
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
fn is_scalar(t: &TypeRef, api: &Api) -> bool {
    match t {
        TypeRef::Named(n) => matches!(api.types.get(n), Some(TypeDef::Enum(_))),
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

/// Method names a model setter must not take: the constructor, and methods of the derived
/// traits (an inherent method would shadow them).
const RESERVED_SETTERS: &[&str] = &[
    "new",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "default",
    "serialize",
    "deserialize",
    "to_query",
    "unknown_fields",
];

/// The builder methods that set a struct's fields, in field order: each field's name, or
/// `set_<name>` where a derived trait has the name; a `set_<name>` that another field's
/// setter has too (fields `new` and `set_new`) is suffixed (`set_new2`), so no two setters
/// share a name.
pub fn setter_names<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let fields: Vec<&str> = fields.into_iter().collect();
    // Fields that keep their own name claim it first, whatever their order.
    let mut taken =
        crate::names::Namespace::reserving(fields.iter().copied().filter(|f| !RESERVED_SETTERS.contains(f)));
    fields
        .iter()
        .map(|f| {
            if RESERVED_SETTERS.contains(f) {
                taken.claim(&format!("set_{f}"))
            } else {
                f.to_string()
            }
        })
        .collect()
}

impl Surface {
    /// The surface of `api` (after every naming pass: its names are final).
    pub fn of(api: &Api) -> Surface {
        let mut sites = crate::lower::names_lock::sites(api);
        let read = read_from_responses(api);
        let types = api
            .types
            .iter()
            .map(|(name, def)| {
                let mut t = TypeSurface::of(api, def, read.contains(name.as_str()));
                t.used_at = sites.remove(name).map(Vec::from_iter).unwrap_or_default();
                (name.clone(), t)
            })
            .collect();
        let resources = api
            .resources
            .iter()
            .map(|(path, r)| (path.clone(), ResourceSurface::of(api, r)))
            .collect();
        Surface { types, resources }
    }

    /// The operation `resource.method`.
    pub fn operation(&self, resource: &str, method: &str) -> Option<&OperationSurface> {
        self.resources.get(resource)?.operations.get(method)
    }
}

/// The types a response can hold: those reachable from an operation's response. Their
/// required fields are `Option`s, so that a response lacking one still gives the object
/// with its other fields (tolerant decoding records the absence; strict decoding refuses
/// it), never a value in its place.
fn read_from_responses(api: &Api) -> BTreeSet<&str> {
    let outputs = api
        .resources
        .values()
        .flat_map(|r| r.operations.values())
        .flat_map(|op| match &op.response {
            Response::Data(t) | Response::Json(t) => vec![t],
            Response::Page { item, meta } => vec![item, meta],
            Response::Empty | Response::Binary => Vec::new(),
        });
    api.reachable(outputs)
}

impl TypeSurface {
    /// `read`: the type is read from responses ([`read_from_responses`]).
    fn of(api: &Api, def: &TypeDef, read: bool) -> TypeSurface {
        match def {
            TypeDef::Struct(s) => TypeSurface {
                kind: TypeKind::Struct,
                members: s
                    .fields
                    .iter()
                    .zip(setter_names(s.fields.iter().map(|f| f.rust_name.as_str())))
                    .map(|(f, setter)| {
                        let mut segments = vec![f.wire_name.clone()];
                        segments.extend(f.wire_extra.iter().cloned());
                        Member {
                            rust_name: f.rust_name.clone(),
                            wire: bracket_key(&segments),
                            ty: Some(f.ty.clone()),
                            optional: !f.required || read,
                            required: f.required,
                            setter: Some(setter),
                            takes: Takes::of(&f.ty),
                            // Arrays inside a query object are one comma-joined value, as the
                            // official SDKs send.
                            query: s
                                .query
                                .then(|| (bracket_suffix(&segments), QueryEncoding::of(&f.ty, api, false))),
                        }
                    })
                    .collect(),
                constructor: s
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.rust_name.clone())
                    .collect(),
                catch_all: None,
                query: s.query,
                accessors: Vec::new(),
                default: derives_default(api, s, &mut BTreeSet::new()),
                froms: Vec::new(),
                page_meta: s.page_meta.as_ref().map(|names| PageMetaSurface::of(s, names, read)),
                unknown: read.then(|| {
                    crate::names::Namespace::reserving(s.fields.iter().map(|f| f.rust_name.as_str()))
                        .claim("unknown_fields")
                }),
                used_at: Vec::new(),
            },
            TypeDef::Enum(e) => TypeSurface {
                kind: TypeKind::Enum,
                members: e
                    .variants
                    .iter()
                    .map(|v| Member {
                        rust_name: v.rust_name.clone(),
                        wire: v.wire.clone(),
                        ty: None,
                        optional: true,
                        required: false,
                        setter: None,
                        takes: Takes::Itself,
                        query: None,
                    })
                    .collect(),
                constructor: Vec::new(),
                catch_all: Some(CatchAll {
                    name: "Unknown".to_string(),
                    payload: CatchAllPayload::Opaque,
                }),
                query: false,
                accessors: Vec::new(),
                default: false,
                froms: Vec::new(),
                page_meta: None,
                unknown: None,
                used_at: Vec::new(),
            },
            TypeDef::Union(u) => {
                let taken = u.variants.iter().map(|v| v.rust_name.as_str());
                let (kind, catch_all) = match &u.discriminator {
                    Some(d) => (
                        TypeKind::TaggedUnion {
                            discriminator: d.clone(),
                        },
                        "Unknown".to_string(),
                    ),
                    None => (
                        TypeKind::Union { fitted: u.fitted },
                        crate::names::Namespace::reserving(taken).claim("Other"),
                    ),
                };
                let untagged = u.discriminator.is_none();
                TypeSurface {
                    kind,
                    members: u
                        .variants
                        .iter()
                        .map(|v| Member {
                            rust_name: v.rust_name.clone(),
                            wire: v.tags.join(", "),
                            ty: Some(v.ty.clone()),
                            optional: true,
                            required: false,
                            setter: None,
                            takes: Takes::Itself,
                            query: untagged.then(|| (String::new(), QueryEncoding::of(&v.ty, api, false))),
                        })
                        .collect(),
                    constructor: Vec::new(),
                    catch_all: Some(CatchAll {
                        name: catch_all,
                        payload: CatchAllPayload::Json,
                    }),
                    query: untagged,
                    accessors: if untagged { Vec::new() } else { shared_fields(api, u) },
                    default: false,
                    froms: if untagged {
                        u.variants
                            .iter()
                            .filter(|v| {
                                u.variants.iter().filter(|w| w.ty == v.ty).count() == 1 && v.ty != TypeRef::Json
                            })
                            .map(|v| v.rust_name.clone())
                            .collect()
                    } else {
                        Vec::new()
                    },
                    page_meta: None,
                    unknown: None,
                    used_at: Vec::new(),
                }
            }
        }
    }

    /// The member named `rust_name`.
    pub fn member(&self, rust_name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.rust_name == rust_name)
    }
}

/// Whether `Default` can be derived for `s`: every required field's type has a default
/// (a struct of its own only if that one can derive it, without recursion; never a file).
fn derives_default(api: &Api, s: &crate::ir::Struct, seen: &mut BTreeSet<String>) -> bool {
    s.fields.iter().filter(|f| f.required).all(|f| match &f.ty {
        TypeRef::Named(n) | TypeRef::Boxed(n) => match api.types.get(n) {
            Some(TypeDef::Struct(inner)) => seen.insert(n.clone()) && derives_default(api, inner, seen),
            _ => false,
        },
        // A file has no sensible default (it needs a name).
        TypeRef::File => false,
        _ => true,
    })
}

/// The fields every variant of a union of structs has, with the same wire name, type and
/// presence (an accessor on the union reads them); none of a derived trait's names or `tag`.
fn shared_fields(api: &Api, u: &crate::ir::Union) -> Vec<String> {
    let structs: Vec<&crate::ir::Struct> = u.variants.iter().filter_map(|v| api.struct_of(&v.ty)).collect();
    let Some((first, rest)) = structs.split_first() else {
        return Vec::new();
    };
    if structs.len() != u.variants.len() {
        return Vec::new();
    }
    first
        .fields
        .iter()
        .filter(|f| {
            !RESERVED_SETTERS.contains(&f.rust_name.as_str())
                && f.rust_name != "tag"
                && rest.iter().all(|s| {
                    s.fields.iter().any(|g| {
                        g.rust_name == f.rust_name
                            && g.wire_name == f.wire_name
                            && g.ty == f.ty
                            && g.required == f.required
                    })
                })
        })
        .map(|f| f.rust_name.clone())
        .collect()
}

impl ResourceSurface {
    fn of(api: &Api, r: &Resource) -> ResourceSurface {
        ResourceSurface {
            rust_name: r.rust_name.clone(),
            accessor: r.accessor.clone(),
            children: r.children.clone(),
            operations: r
                .operations
                .iter()
                .map(|(name, op)| (name.clone(), OperationSurface::of(api, op)))
                .collect(),
        }
    }
}

/// The first line of a doc, for an argument list.
fn first(doc: &[String]) -> String {
    doc.first().cloned().unwrap_or_default()
}

impl OperationSurface {
    /// Every decision about one operation's method and request builder.
    pub fn of(api: &Api, op: &Operation) -> OperationSurface {
        let mut args = Vec::new();
        let mut setters = Vec::new();
        let mut fields = Vec::new();
        for p in &op.path_params {
            let typed = matches!(p.ty, TypeRef::Named(_));
            args.push(Arg {
                name: p.rust_name.clone(),
                ty: if typed { p.ty.clone() } else { TypeRef::String },
                takes: if typed { Takes::Itself } else { Takes::Display },
                target: Target::Path {
                    wire: p.wire_name.clone(),
                    typed,
                },
                field: Some(p.rust_name.clone()),
                doc: first(&p.doc),
            });
            fields.push(BuilderField {
                name: p.rust_name.clone(),
                ty: if typed { p.ty.clone() } else { TypeRef::String },
                optional: false,
            });
        }
        let mut query = Vec::new();
        for q in &op.query {
            let key = bracket_key(&q.wire_path);
            let target = Target::Query { key: key.clone() };
            if q.required {
                args.push(Arg {
                    name: q.rust_name.clone(),
                    ty: q.ty.clone(),
                    takes: Takes::of(&q.ty),
                    target,
                    field: Some(q.rust_name.clone()),
                    doc: first(&q.doc),
                });
            } else {
                setters.push(Setter {
                    name: q.rust_name.clone(),
                    ty: q.ty.clone(),
                    takes: Takes::of(&q.ty),
                    target,
                    field: q.rust_name.clone(),
                    doc: q.doc.clone(),
                });
            }
            fields.push(BuilderField {
                name: q.rust_name.clone(),
                ty: q.ty.clone(),
                optional: !q.required,
            });
            query.push(QueryKey {
                key,
                field: q.rust_name.clone(),
                optional: !q.required,
                encoding: QueryEncoding::of(&q.ty, api, q.explode),
            });
        }
        let mut headers = Vec::new();
        for h in &op.headers {
            let target = Target::Header {
                wire: h.wire_name.clone(),
            };
            if h.required {
                args.push(Arg {
                    name: h.rust_name.clone(),
                    ty: TypeRef::String,
                    takes: Takes::Into,
                    target,
                    field: Some(h.rust_name.clone()),
                    doc: first(&h.doc),
                });
            } else {
                let mut doc = h.doc.clone();
                doc.push(format!("Sent as the {} header.", crate::prose::code(&h.wire_name)));
                setters.push(Setter {
                    name: h.rust_name.clone(),
                    ty: TypeRef::String,
                    takes: Takes::Into,
                    target,
                    field: h.rust_name.clone(),
                    doc,
                });
            }
            fields.push(BuilderField {
                name: h.rust_name.clone(),
                ty: TypeRef::String,
                optional: !h.required,
            });
            headers.push(HeaderKey {
                wire: h.wire_name.clone(),
                field: h.rust_name.clone(),
                optional: !h.required,
            });
        }
        let body = op.body.as_ref().map(|b| {
            let object = api.struct_of(&b.ty);
            if let Some(s) = object {
                for f in &s.fields {
                    let name = b
                        .members
                        .iter()
                        .find(|(field, _)| *field == f.rust_name)
                        .map_or_else(|| f.rust_name.clone(), |(_, name)| name.clone());
                    let target = Target::BodyMember {
                        field: f.rust_name.clone(),
                        wire: f.wire_name.clone(),
                    };
                    if f.required {
                        args.push(Arg {
                            name,
                            ty: f.ty.clone(),
                            takes: Takes::of(&f.ty),
                            target,
                            field: None,
                            doc: first(&f.doc),
                        });
                    } else {
                        setters.push(Setter {
                            name,
                            ty: f.ty.clone(),
                            takes: Takes::of(&f.ty),
                            target,
                            field: "body".to_string(),
                            doc: f.doc.clone(),
                        });
                    }
                }
            } else if b.required {
                args.push(Arg {
                    name: "body".to_string(),
                    ty: b.ty.clone(),
                    takes: Takes::of(&b.ty),
                    target: Target::Body,
                    field: Some("body".to_string()),
                    doc: "the request body".to_string(),
                });
            } else {
                // The whole body, optional, is taken as its own type.
                setters.push(Setter {
                    name: "body".to_string(),
                    ty: b.ty.clone(),
                    takes: Takes::Itself,
                    target: Target::Body,
                    field: "body".to_string(),
                    doc: vec!["The request body.".to_string()],
                });
            }
            let optional = object.is_none();
            fields.push(BuilderField {
                name: "body".to_string(),
                ty: b.ty.clone(),
                optional,
            });
            BodySurface {
                ty: b.ty.clone(),
                members: object.is_some(),
                optional,
                encoding: b.encoding,
                content_type: b.content_type.clone(),
                part_types: b.part_types.clone(),
            }
        });
        OperationSurface {
            name: op.name.clone(),
            builder: op.builder.clone(),
            http_method: op.http_method.clone(),
            path: op.path.clone(),
            segments: segments(op),
            args,
            setters,
            fields,
            query,
            headers,
            body,
            output: output(api, op),
            success_status: op.success_status,
            accept: op.accept.clone(),
            deprecated: op.deprecated,
        }
    }
}

/// The path template as literal text and parameters.
fn segments(op: &Operation) -> Vec<PathSegment> {
    crate::ir::template_pieces(&op.path)
        .into_iter()
        .map(|piece| match piece {
            crate::ir::TemplatePiece::Literal(text) => PathSegment::Literal(text.to_string()),
            crate::ir::TemplatePiece::Param(wire) => match op.path_params.iter().find(|p| p.wire_name == wire) {
                Some(p) => PathSegment::Param {
                    wire: wire.to_string(),
                    field: p.rust_name.clone(),
                    typed: matches!(p.ty, TypeRef::Named(_)),
                },
                // A template name without a parameter (the lowering refuses those): kept as text.
                None => PathSegment::Literal(format!("{{{wire}}}")),
            },
        })
        .collect()
}

fn output(api: &Api, op: &Operation) -> Output {
    match &op.response {
        Response::Empty => Output::Empty,
        Response::Binary => Output::Binary,
        Response::Data(t) => Output::Data(t.clone()),
        Response::Json(t) => Output::Json(t.clone()),
        Response::Page { item, meta } => {
            let number = op
                .page_number_param
                .as_ref()
                .and_then(|n| op.query.iter().find(|q| &q.rust_name == n));
            let size = number.and_then(|n| {
                let (_, parent) = n.wire_path.split_last()?;
                op.query.iter().find(|q| {
                    q.wire_path
                        .split_last()
                        .is_some_and(|(last, p)| last == "size" && p == parent)
                })
            });
            Output::Page(PageSurface {
                item: item.clone(),
                meta: meta.clone(),
                number_field: op.page_number_param.clone(),
                number_key: number.map(|q| bracket_key(&q.wire_path)),
                size_key: size.map(|q| bracket_key(&q.wire_path)),
                meta_names: api.struct_of(meta).and_then(|s| s.page_meta.clone()),
            })
        }
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
        _ => t.named().unwrap_or_default().to_string(),
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
