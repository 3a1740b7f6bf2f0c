//! Stages 2b and 3, lowering: resolves the selected operations of the (normalized, sliced)
//! document and builds the IR (resources, operations, parameters, bodies, responses and named
//! types), then runs the passes over it (`passes`, `finish`, `unions`; `naming`, which gives
//! every type its final name from the config's renames and the names lock, runs last, from
//! `lib.rs`).
//!
//! A type is defined once and never changed: what depends on how it is used (sent in a
//! query, the metadata of a page) is decided by `passes` over the finished IR. The types an
//! operation defines stay pending until it is built (`table`), so an operation skipped in
//! whole-spec mode leaves no type behind and takes no name from another.

mod all_of;
mod builder_names;
pub mod finish;
pub mod names_lock;
pub mod naming;
mod passes;
mod query;
mod table;
pub mod types;
mod unions;

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::{Api, Body, BodyEncoding, HeaderParam, Operation, Param, Resource, Response, TypeDef, TypeRef};
use crate::names;
use crate::select::Selected;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, StatusCode};
use std::collections::{BTreeMap, BTreeSet};
use types::{Dir, SRef, component_name};

/// Methods every request builder already has (from the runtime's macros).
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "header",
    "query_param",
    "timeout",
    "max_retries",
    "into_stream",
    "pages",
    "collect",
];
/// Header parameters OpenAPI says to ignore: the client sets these itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Whether `name` is an HTTP field name: an RFC 9110 token.
pub fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Methods `Client` already has (its own, and `Clone`'s): a top-level resource accessor of
/// that name would clash or shadow it.
pub const RESERVED_CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "config", "clone"];
/// Methods every resource struct already has (its constructor, and `Clone`'s).
pub const RESERVED_RESOURCE_METHODS: &[&str] = &["new", "clone"];

/// Fields every request builder already has.
pub const RESERVED_BUILDER_FIELDS: &[&str] = &["client", "options", "body"];

/// Builds the IR of the selected operations.
pub fn build(api: &OpenAPI, selected: &[Selected], config: &Config) -> Result<Api> {
    let mut b = Builder::new(api, config);
    b.reserve_component_names();
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    // Where each dotted operation name and each resource came from, for collision messages.
    let mut names_seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut resource_origins: BTreeMap<String, Origin> = BTreeMap::new();
    for sel in selected {
        let at = pointer("/paths", &[&sel.path, &sel.method.to_ascii_lowercase()]);
        let Some(op) = b.operation_of(sel) else {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                at,
                "operation not found after slicing",
            ));
        };
        let (dotted, origin) = match &sel.name {
            Some(n) => (
                n.clone(),
                Origin {
                    key: sel.key(),
                    how: format!("named `{n}` in the config"),
                    pointer: format!("config:operations.{}", sel.key()),
                    resource_pointer: format!("config:operations.{}", sel.key()),
                },
            ),
            None => derive_name(op, sel, &at),
        };
        let (resource_path, method) = dotted.rsplit_once('.').unwrap_or(("api", dotted.as_str()));
        // Only operations that were built hold a name: one skipped in whole-spec mode takes
        // none from a later one.
        let built = match names_seen.get(&dotted) {
            Some(other) => Err(Error::new(
                ErrorKind::NameCollision,
                origin.pointer.clone(),
                format!(
                    "operations {} and {} would both be called `{dotted}`; name one in the config's `operations`",
                    other.describe(),
                    origin.describe()
                ),
            )),
            None => b.operation(sel, op, resource_path, method, &at),
        };
        match built {
            Ok(operation) => {
                names_seen.insert(dotted.clone(), origin.clone());
                b.table.commit();
                ensure_resource(&mut resources, resource_path, config);
                let segments: Vec<&str> = resource_path.split('.').collect();
                for i in 1..=segments.len() {
                    resource_origins
                        .entry(segments[..i].join("."))
                        .or_insert_with(|| origin.clone());
                }
                if let Some(r) = resources.get_mut(resource_path) {
                    r.operations.insert(method.to_string(), operation);
                }
            }
            Err(e) if config.select.all => {
                // In whole-spec mode one operation that cannot be built (a construct we cannot
                // express, a part of the spec that is wrong for it alone, a method name another
                // operation already has) is listed with the reason, not fatal; the types it
                // had started to build are dropped before
                // the next operation is lowered, so they leave no type and take no name.
                b.table.discard();
                skipped.insert(sel.key(), e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    check_resource_names(&resources, &resource_origins, &names_seen)?;
    let built = b.table.into_committed();
    let mut api = Api {
        title: config.title.clone().unwrap_or_else(|| "API".into()),
        crate_name: config.crate_name.clone(),
        resources,
        types: built.types,
        skipped,
        unused_renames: Vec::new(),
        unused_patches: Vec::new(),
        merged_enums: BTreeMap::new(),
    };
    passes::mark_query(&mut api);
    passes::mark_page_meta(&mut api, config.pagination.as_ref());
    api.merged_enums = finish::merge_enums(&mut api, &built.components, &built.origins);
    unions::resolve_ambiguous(&mut api);
    Ok(api)
}

/// The state of one IR build.
#[derive(Debug)]
pub struct Builder<'a> {
    api: &'a OpenAPI,
    config: &'a Config,
    /// Named types and component types: of the operations built so far, and pending ones
    /// of the operation being built (kept only if it is built, see `table`).
    table: table::Table,
    /// Rust names reserved for component schemas.
    component_names: BTreeMap<String, String>,
    /// Components under construction, with the edge count when each was entered.
    stack: Vec<(String, usize)>,
    /// For each field on the way down: whether its owner holds it directly.
    edges: Vec<bool>,
    depth: usize,
}

impl<'a> Builder<'a> {
    fn new(api: &'a OpenAPI, config: &'a Config) -> Self {
        Builder {
            api,
            config,
            table: table::Table::default(),
            component_names: BTreeMap::new(),
            stack: Vec::new(),
            edges: Vec::new(),
            depth: 0,
        }
    }

    /// Reserves a Rust name for every component schema, in sorted order of the original
    /// names, so two names that recase alike (`Foo_bar`, `FooBar`) resolve the same way
    /// whatever their order in the file: the first in sorted order keeps the name.
    fn reserve_component_names(&mut self) {
        let Some(components) = &self.api.components else { return };
        let mut originals: Vec<&String> = components.schemas.keys().collect();
        originals.sort();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for original in originals {
            let name = names::unique(&names::pascal(original), |n| taken.contains(n));
            taken.insert(name.clone());
            self.component_names.insert(original.clone(), name);
        }
    }

    fn operation_of(&self, sel: &Selected) -> Option<&'a openapiv3::Operation> {
        let item = match self.api.paths.paths.get(&sel.path)? {
            ReferenceOr::Item(i) => i,
            ReferenceOr::Reference { .. } => return None,
        };
        match sel.method.as_str() {
            "GET" => item.get.as_ref(),
            "PUT" => item.put.as_ref(),
            "POST" => item.post.as_ref(),
            "DELETE" => item.delete.as_ref(),
            "OPTIONS" => item.options.as_ref(),
            "HEAD" => item.head.as_ref(),
            "PATCH" => item.patch.as_ref(),
            "TRACE" => item.trace.as_ref(),
            _ => None,
        }
    }

    fn path_level_params(&self, sel: &Selected) -> &'a [ReferenceOr<Parameter>] {
        match self.api.paths.paths.get(&sel.path) {
            Some(ReferenceOr::Item(i)) => &i.parameters,
            _ => &[],
        }
    }

    fn type_prefix(&self, resource_path: &str) -> String {
        self.config
            .resources
            .get(resource_path)
            .and_then(|r| r.type_prefix.clone())
            .unwrap_or_else(|| names::pascal(&resource_path.replace('.', "_")))
    }

    fn operation(
        &mut self,
        sel: &Selected,
        op: &'a openapiv3::Operation,
        resource_path: &str,
        method: &str,
        at: &str,
    ) -> Result<Operation> {
        check_path_template(&sel.path, at)?;
        let prefix = format!("{}{}", self.type_prefix(resource_path), names::pascal(method));
        // Parameters: path-level first, overridden by operation-level ones of the same name.
        let mut params: BTreeMap<(String, String), (&'a Parameter, String)> = BTreeMap::new();
        for (list, list_at) in [
            (
                self.path_level_params(sel),
                pointer("/paths", &[&sel.path, "parameters"]),
            ),
            (&op.parameters[..], format!("{at}/parameters")),
        ] {
            // An operation-level parameter overrides a path-level one; within one list a
            // name may appear once per location.
            let mut in_list: BTreeSet<(String, String)> = BTreeSet::new();
            for (i, p) in list.iter().enumerate() {
                let p_at = format!("{list_at}/{i}");
                let p = self.resolve_parameter(p, &p_at)?;
                let (kind, data) = param_kind(p);
                if data.name.is_empty() {
                    return Err(Error::new(
                        ErrorKind::InvalidDocument,
                        p_at,
                        format!("a {kind} parameter without a name"),
                    ));
                }
                // Header names are case-insensitive: `X-Id` and `x-id` are one header.
                let key = if kind == "header" {
                    data.name.to_ascii_lowercase()
                } else {
                    data.name.clone()
                };
                if !in_list.insert((kind.to_string(), key.clone())) {
                    let note = if kind == "header" {
                        " (header names are case-insensitive)"
                    } else {
                        ""
                    };
                    return Err(Error::new(
                        ErrorKind::InvalidDocument,
                        p_at,
                        format!("{kind} parameter `{}` is declared twice{note}", data.name),
                    ));
                }
                params.insert((kind.to_string(), key), (p, p_at));
            }
        }
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params: Vec<(HeaderParam, &String)> = Vec::new();
        for ((kind, _), (p, p_at)) in &params {
            let data = param_kind(p).1;
            let name = &data.name;
            match kind.as_str() {
                "path" => {
                    let schema = self.param_schema(data, p_at)?;
                    let (ty, _) = self.ty(
                        schema,
                        &format!("{prefix}{}", names::pascal(name)),
                        p_at,
                        Dir::Request,
                        true,
                    )?;
                    let ty = match ty {
                        TypeRef::Named(n) if matches!(self.table.get(&n), Some(TypeDef::Enum(_))) => TypeRef::Named(n),
                        _ => TypeRef::String,
                    };
                    path_params.push(Param {
                        rust_name: names::snake(name),
                        wire_name: name.clone(),
                        ty,
                        doc: data.description.as_deref().map(doc_lines).unwrap_or_default(),
                    });
                }
                "query" => query_params.push((*p, p_at.clone())),
                "header" => {
                    if !is_header_name(name) {
                        return Err(Error::new(
                            ErrorKind::InvalidDocument,
                            p_at.clone(),
                            format!(
                                "header parameter name `{}` is not a valid HTTP header name (RFC 9110: one or more letters, digits or any of !#$%&'*+-.^_`|~); every request would fail",
                                name.escape_debug()
                            ),
                        ));
                    }
                    if IGNORED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                        // OpenAPI: such a parameter definition SHALL be ignored (the client
                        // sets these headers itself).
                        continue;
                    }
                    header_params.push((
                        HeaderParam {
                            rust_name: names::snake(name),
                            wire_name: name.clone(),
                            required: data.required,
                            doc: data.description.as_deref().map(doc_lines).unwrap_or_default(),
                        },
                        p_at,
                    ));
                }
                _ => {
                    if data.required {
                        return Err(Error::new(
                            ErrorKind::Unsupported,
                            p_at.clone(),
                            format!("required {kind} parameter `{name}` is not supported yet"),
                        ));
                    }
                    // Optional cookie parameters are left to per-request headers.
                }
            }
        }
        // Path parameters in template order; each must appear in the template.
        let order = template_params(&sel.path);
        for p in &path_params {
            if !order.contains(&p.wire_name) {
                return Err(Error::new(
                    ErrorKind::InvalidDocument,
                    at,
                    format!("path parameter `{}` does not appear in `{}`", p.wire_name, sel.path),
                ));
            }
        }
        for name in &order {
            if !path_params.iter().any(|p| &p.wire_name == name) {
                path_params.push(Param {
                    rust_name: names::snake(name),
                    wire_name: name.clone(),
                    ty: TypeRef::String,
                    doc: Vec::new(),
                });
            }
        }
        path_params.sort_by_key(|p| order.iter().position(|n| *n == p.wire_name));
        let mut query = self.query(&prefix, &query_params)?;
        let mut body = match &op.request_body {
            Some(rb) => self.body(&prefix, rb, &format!("{at}/requestBody"))?,
            None => None,
        };
        // Headers claim names in the order of their natural names (then pointers), so the
        // result does not depend on the order the spec lists them in.
        header_params.sort_by(|a, b| (&a.0.rust_name, a.1).cmp(&(&b.0.rust_name, b.1)));
        let mut header_params: Vec<(HeaderParam, String)> =
            header_params.into_iter().map(|(h, at)| (h, at.clone())).collect();
        let body_fields: Vec<(String, String)> = body
            .as_ref()
            .and_then(|b| match &b.ty {
                TypeRef::Named(n) | TypeRef::Boxed(n) => match self.table.get(n) {
                    Some(TypeDef::Struct(s)) => Some(
                        s.fields
                            .iter()
                            .map(|f| (f.rust_name.clone(), f.wire_name.clone()))
                            .collect(),
                    ),
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or_default();
        let members = builder_names::assign(
            &sel.key(),
            at,
            builder_names::Members {
                path: &mut path_params,
                query: &mut query,
                headers: &mut header_params,
                body: body_fields,
            },
        )?;
        if let Some(b) = &mut body {
            b.members = members;
        }
        let mut header_params: Vec<HeaderParam> = header_params.into_iter().map(|(h, _)| h).collect();
        header_params.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        let page_number_param = self.config.pagination.as_ref().and_then(|p| {
            query
                .iter()
                .find(|q| q.wire_path == [p.query.clone(), p.number.clone()])
                .map(|q| q.rust_name.clone())
        });
        let (response, accept) = self.response(&prefix, op, &format!("{at}/responses"))?;
        let mut doc = Vec::new();
        if let Some(s) = &op.summary {
            doc.extend(doc_lines(s));
        }
        if let Some(d) = &op.description {
            if op.summary.as_deref().map(str::trim) != Some(d.trim()) {
                if !doc.is_empty() {
                    doc.push(String::new());
                }
                doc.extend(doc_lines(d));
            }
        }
        Ok(Operation {
            name: method.to_string(),
            builder: format!("{prefix}Request"),
            http_method: sel.method.clone(),
            path: sel.path.clone(),
            operation_id: op.operation_id.clone(),
            doc,
            path_params,
            query,
            headers: header_params,
            body,
            response,
            success_status: success_status(op),
            accept,
            deprecated: op.deprecated,
            page_number_param,
        })
    }

    fn resolve_parameter(&self, p: &'a ReferenceOr<Parameter>, at: &str) -> Result<&'a Parameter> {
        Ok(resolve_chain(self.api, p, "parameters", at, |c, n| c.parameters.get(n))?.item)
    }

    fn param_schema(&self, data: &'a openapiv3::ParameterData, at: &str) -> Result<SRef<'a>> {
        match &data.format {
            ParameterSchemaOrContent::Schema(s) => Ok(SRef::from(s)),
            ParameterSchemaOrContent::Content(_) => Err(Error::new(
                ErrorKind::Unsupported,
                at,
                format!(
                    "parameter `{}` is described by `content`, which is not supported yet",
                    data.name
                ),
            )),
        }
    }

    fn body(&mut self, prefix: &str, rb: &'a ReferenceOr<RequestBody>, at: &str) -> Result<Option<Body>> {
        let resolved = resolve_chain(self.api, rb, "requestBodies", at, |c, n| c.request_bodies.get(n))?;
        let (rb, body_at) = (resolved.item, resolved.at);
        if rb.content.is_empty() {
            return Ok(None);
        }
        let doc = rb.description.as_deref().map(doc_lines).unwrap_or_default();
        let form = rb
            .content
            .iter()
            .find(|(k, _)| k.starts_with("application/x-www-form-urlencoded"));
        let (content_type, media, encoding) = match (json_media(&rb.content), form) {
            (Some((ct, m)), _) => (ct, m, BodyEncoding::Json),
            (None, Some((ct, m))) => (ct, m, BodyEncoding::Form),
            (None, None) => {
                let mut types: Vec<&String> = rb.content.keys().collect();
                types.sort();
                if types.iter().any(|t| t.starts_with("multipart/")) {
                    return Err(Error::new(
                        ErrorKind::Unsupported,
                        format!("{body_at}/content"),
                        format!("request bodies of type {types:?} are not supported yet (multipart)"),
                    ));
                }
                // Any other media type is sent as the bytes the caller gives.
                let ct = types[0].clone();
                return Ok(Some(Body {
                    members: Vec::new(),
                    ty: TypeRef::Bytes,
                    required: rb.required,
                    content_type: ct,
                    encoding: BodyEncoding::Bytes,
                    doc,
                }));
            }
        };
        let schema_at = pointer(&format!("{body_at}/content"), &[content_type, "schema"]);
        let ty = match &media.schema {
            Some(s) => {
                self.ty(
                    SRef::from(s),
                    &format!("{prefix}Params"),
                    &schema_at,
                    Dir::Request,
                    true,
                )?
                .0
            }
            None => TypeRef::Json,
        };
        Ok(Some(Body {
            members: Vec::new(),
            ty,
            required: rb.required,
            content_type: content_type.clone(),
            encoding,
            doc,
        }))
    }

    fn response(&mut self, prefix: &str, op: &'a openapiv3::Operation, at: &str) -> Result<(Response, String)> {
        // The first 2xx in order of code (explicit codes before ranges).
        let mut success: Vec<(u16, &StatusCode, &'a ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, r)| match code {
                StatusCode::Code(c) if (200..300).contains(c) => Some((*c, code, r)),
                StatusCode::Range(2) => Some((299, code, r)),
                _ => None,
            })
            .collect();
        success.sort_by_key(|(c, _, _)| *c);
        let Some((_, code, r)) = success.first() else {
            return Ok((Response::Empty, "*/*".into()));
        };
        let resolved = resolve_chain(self.api, *r, "responses", &pointer(at, &[&code.to_string()]), |c, n| {
            c.responses.get(n)
        })?;
        let (resp, r_at) = (resolved.item, resolved.at);
        let Some((content_type, media)) = json_media(&resp.content) else {
            if resp.content.is_empty() {
                return Ok((Response::Empty, "*/*".into()));
            }
            // Not JSON: the body is returned as bytes; `Accept` lists what the spec declares.
            let mut types: Vec<&str> = resp
                .content
                .keys()
                .map(|k| if k == "*" { "*/*" } else { k.as_str() })
                .collect();
            types.sort();
            return Ok((Response::Binary, types.join(", ")));
        };
        let accept = content_type.clone();
        let schema_at = pointer(&format!("{r_at}/content"), &[content_type, "schema"]);
        let Some(schema) = &media.schema else {
            return Ok((Response::Json(TypeRef::Json), accept));
        };
        let sref = SRef::from(schema);
        // Look through references: a response envelope behind a `$ref` is the same
        // envelope as an inline one.
        let resolved = self.deref(sref, &schema_at)?;
        if let Some(props) = object_props(resolved) {
            let keys: Vec<&String> = props.iter().map(|(k, _)| *k).collect();
            let data = props.iter().find(|(k, _)| k.as_str() == "data").map(|(_, v)| *v);
            if let (Some(data), true) = (data, keys.len() == 1) {
                let data_at = format!("{schema_at}/properties/data");
                let t = self
                    .ty(data, &format!("{prefix}Response"), &data_at, Dir::Response, true)?
                    .0;
                return Ok((Response::Data(t), accept));
            }
            // `{data: [...], meta}` is a page whether or not the operation can ask for another
            // (the emitter gives auto-pagination only to those with a page-number parameter).
            if let (Some(data), Some(p)) = (data, &self.config.pagination) {
                let meta = props.iter().find(|(k, _)| **k == p.meta).map(|(_, v)| *v);
                let data_schema = self.deref(data, &schema_at)?;
                if let (Some(meta), Some(items)) = (meta, array_items(data_schema)) {
                    let item_at = format!("{schema_at}/properties/data/items");
                    let item = self
                        .ty(items, &format!("{prefix}Item"), &item_at, Dir::Response, false)?
                        .0;
                    let meta_at = format!("{schema_at}/properties/{}", p.meta);
                    let meta_ty = self
                        .ty(meta, &format!("{prefix}Meta"), &meta_at, Dir::Response, false)?
                        .0;
                    if self.is_page_meta(&meta_ty) {
                        return Ok((Response::Page { item, meta: meta_ty }, accept));
                    }
                }
            }
        }
        let t = self
            .ty(sref, &format!("{prefix}Response"), &schema_at, Dir::Response, true)?
            .0;
        Ok((Response::Json(t), accept))
    }

    /// Whether `meta` is a struct with the configured page number and page count members
    /// (numbers): the metadata of a page. Reads the defined type; `passes::mark_page_meta`
    /// marks it once every operation is lowered.
    fn is_page_meta(&self, meta: &TypeRef) -> bool {
        let (Some(p), TypeRef::Named(name)) = (&self.config.pagination, meta) else {
            return false;
        };
        let Some(TypeDef::Struct(s)) = self.table.get(name) else {
            return false;
        };
        let has = |wire: &str| {
            s.fields
                .iter()
                .any(|f| f.wire_name == wire && matches!(f.ty, TypeRef::Integer | TypeRef::Number))
        };
        has(&p.meta_page_number) && has(&p.meta_total_pages)
    }
}

/// The status of the response `response()` reads: the first 2xx code in order (explicit codes
/// before the `2XX` range, which counts as 200, as does an operation declaring no success).
fn success_status(op: &openapiv3::Operation) -> u16 {
    let codes = op.responses.responses.keys().filter_map(|code| match code {
        StatusCode::Code(c) if (200..300).contains(c) => Some(*c),
        _ => None,
    });
    codes.min().unwrap_or(200)
}

/// Where a `$ref` chain through `#/components/<kind>/...` ended: the item and its pointer.
struct Resolved<'a, T> {
    item: &'a T,
    at: String,
}

/// One step of a `$ref` chain: the component `reference` names, and what it holds. Errors
/// (not a `#/components/<kind>/<name>` reference, or one to nothing) point at `at`.
pub(super) fn follow<'a, T>(
    api: &'a OpenAPI,
    reference: &str,
    kind: &str,
    at: &str,
    lookup: &impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Result<(String, &'a ReferenceOr<T>)> {
    let name = component_name(reference, kind).ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            at,
            format!("`$ref: {reference}` does not point to #/components/{kind}/<name>"),
        )
    })?;
    let components = api.components.as_ref();
    // As written, or else percent-decoded (see `select::resolve_fragment`).
    let found = match components.and_then(|c| lookup(c, &name)) {
        Some(t) => Some((name, t)),
        None => crate::select::percent_decode(&name)
            .and_then(|decoded| components.and_then(|c| lookup(c, &decoded)).map(|t| (decoded, t))),
    };
    found.ok_or_else(|| {
        Error::new(
            ErrorKind::UnresolvedRef,
            at,
            format!("`$ref: {reference}` points to nothing"),
        )
    })
}

/// Follows `$ref`s through `#/components/<kind>/<name>` until an item, at most 64 hops.
/// Errors point at the `$ref` that failed.
fn resolve_chain<'a, T>(
    api: &'a OpenAPI,
    start: &'a ReferenceOr<T>,
    kind: &str,
    at: &str,
    lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Result<Resolved<'a, T>> {
    let mut current = start;
    let mut here = at.to_string();
    for _ in 0..64 {
        match current {
            ReferenceOr::Item(item) => return Ok(Resolved { item, at: here }),
            ReferenceOr::Reference { reference } => {
                let (name, next) = follow(api, reference, kind, &here, &lookup)?;
                current = next;
                here = pointer(&format!("/components/{kind}"), &[&name]);
            }
        }
    }
    // A cycle is reported where the chain started: the use that cannot be resolved.
    Err(Error::new(
        ErrorKind::RefCycle,
        at,
        format!("`$ref`s to #/components/{kind} form a cycle (through {here})"),
    ))
}

fn param_kind(p: &Parameter) -> (&'static str, &openapiv3::ParameterData) {
    match p {
        Parameter::Query { parameter_data, .. } => ("query", parameter_data),
        Parameter::Header { parameter_data, .. } => ("header", parameter_data),
        Parameter::Path { parameter_data, .. } => ("path", parameter_data),
        Parameter::Cookie { parameter_data, .. } => ("cookie", parameter_data),
    }
}

fn json_media(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType)> {
    let mut json: Vec<(&String, &openapiv3::MediaType)> = content
        .iter()
        .filter(|(k, _)| {
            let k = k.split(';').next().unwrap_or("").trim();
            k == "application/json" || k.ends_with("+json") || k == "*/*"
        })
        .collect();
    json.sort_by_key(|(k, _)| (k.as_str() != "application/json", k.as_str().to_string()));
    json.into_iter().next()
}

fn object_props(s: &openapiv3::Schema) -> Option<Vec<(&String, SRef<'_>)>> {
    use openapiv3::{SchemaKind, Type};
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(o.properties.iter().map(|(k, v)| (k, SRef::from(v))).collect()),
        SchemaKind::Any(a)
            if !a.properties.is_empty() && a.one_of.is_empty() && a.all_of.is_empty() && a.any_of.is_empty() =>
        {
            Some(a.properties.iter().map(|(k, v)| (k, SRef::from(v))).collect())
        }
        _ => None,
    }
}

fn array_items(s: &openapiv3::Schema) -> Option<SRef<'_>> {
    use openapiv3::{SchemaKind, Type};
    match &s.schema_kind {
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref().map(SRef::from),
        SchemaKind::Any(a) if a.typ.as_deref() == Some("array") => a.items.as_ref().map(SRef::from),
        _ => None,
    }
}

/// Fails unless `path` is a path template the client can fill: it starts with `/`, and every
/// `{` opens a non-empty parameter name closed by `}` (no nesting, no stray `}`).
fn check_path_template(path: &str, at: &str) -> Result<()> {
    let fail = |why: &str| {
        Err(Error::new(
            ErrorKind::InvalidDocument,
            at,
            format!("path `{}` {why}", path.escape_debug()),
        ))
    };
    if !path.starts_with('/') {
        return fail("does not start with `/`");
    }
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(_)) => return fail("has a `{` inside a parameter"),
            ('}', None) => return fail("has a `}` that closes no parameter"),
            ('}', Some(start)) if start + 1 == i => return fail("has a parameter without a name (`{}`)"),
            ('}', Some(_)) => open = None,
            _ => {}
        }
    }
    if open.is_some() {
        return fail("has a parameter that is not closed");
    }
    // The template is appended to the base URL as it is: a `?` or `#` would start the query or
    // the fragment (the rest of the path would be lost), a `..` segment would climb.
    let mut literal = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        literal.push_str(&rest[..start]);
        literal.push('x');
        rest = rest[start..].find('}').map_or("", |end| &rest[start + end + 1..]);
    }
    literal.push_str(rest);
    let bytes = literal.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let pchar = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) || !b.is_ascii();
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !pchar && !escape {
            return fail(&format!(
                "has `{}` outside a parameter, which is not allowed in a URL path (RFC 3986)",
                char::from(b).escape_debug()
            ));
        }
    }
    if literal.split('/').any(|segment| segment == "." || segment == "..") {
        return fail("has a `.` or `..` segment");
    }
    Ok(())
}

/// The `{name}`s of a path template, in order.
pub fn template_params(path: &str) -> Vec<String> {
    crate::ir::template_pieces(path)
        .into_iter()
        .filter_map(|p| match p {
            crate::ir::TemplatePiece::Param(name) => Some(name.to_string()),
            crate::ir::TemplatePiece::Literal(_) => None,
        })
        .collect()
}

/// Splits spec prose into doc lines, trimming trailing space and outer blank lines.
/// Spec text longer than `emit::markdown::MAX_TEXT_CHARS` is cut there, and says so.
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = crate::emit::markdown::cap(text);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Where a name came from: the operation (`METHOD /path`), how (config, tag, path), and
/// the pointers to report: of the name (the config key, or the operation) and of the
/// resource part of it (the config key, the tag, or the operation).
#[derive(Debug, Clone)]
struct Origin {
    key: String,
    how: String,
    pointer: String,
    resource_pointer: String,
}

impl Origin {
    fn describe(&self) -> String {
        format!("`{}` ({})", self.key, self.how)
    }
}

/// The dotted name of an operation the config does not name: resource from its first tag
/// (or first path segment), method from its operationId, or, when it has none (or one
/// without a letter or digit), from `METHOD /path` (`GET /a/{id}/b` is `get_a_by_id_b`).
fn derive_name(op: &openapiv3::Operation, sel: &Selected, at: &str) -> (String, Origin) {
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

fn ensure_resource(resources: &mut BTreeMap<String, Resource>, path: &str, config: &Config) {
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
                    rust_name: names::pascal(&p.replace('.', "_")),
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

fn check_resource_names(
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
