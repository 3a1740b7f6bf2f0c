//! Stages 2b and 3: resolves the selected operations of the (normalized, sliced) document
//! and builds the IR: resources, operations, parameters, bodies, responses and named types.

mod finish;
mod query;
pub mod types;

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
];
/// Fields every request builder already has.
pub const RESERVED_BUILDER_FIELDS: &[&str] = &["client", "options", "body"];

/// Builds the IR of the selected operations.
pub fn build(api: &OpenAPI, selected: &[Selected], config: &Config) -> Result<Api> {
    let mut b = Builder::new(api, config);
    b.reserve_component_names();
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    let mut names_seen: BTreeMap<String, String> = BTreeMap::new();
    for sel in selected {
        let at = pointer("/paths", &[&sel.path, &sel.method.to_ascii_lowercase()]);
        let Some(op) = b.operation_of(sel) else {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                at,
                "operation not found after slicing",
            ));
        };
        let dotted = match &sel.name {
            Some(n) => n.clone(),
            None => derive_name(op, sel, &at)?,
        };
        if let Some(other) = names_seen.insert(dotted.clone(), sel.key()) {
            return Err(Error::new(
                ErrorKind::NameCollision,
                at,
                format!(
                    "operations `{other}` and `{}` would both be called `{dotted}`",
                    sel.key()
                ),
            ));
        }
        let (resource_path, method) = dotted.rsplit_once('.').unwrap_or(("api", dotted.as_str()));
        b.journal.clear();
        match b.operation(sel, op, resource_path, method, &at) {
            Ok(operation) => {
                ensure_resource(&mut resources, resource_path, config);
                if let Some(r) = resources.get_mut(resource_path) {
                    r.operations.insert(method.to_string(), operation);
                }
            }
            Err(e) if e.kind == ErrorKind::Unsupported && config.select.all => {
                // In whole-spec mode an operation we cannot express is listed, not fatal;
                // the types it had started to build go with it.
                b.rollback();
                skipped.insert(sel.key(), e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    check_resource_names(&resources)?;
    let mut api = Api {
        title: config.title.clone().unwrap_or_else(|| "API".into()),
        crate_name: config.crate_name.clone(),
        resources,
        types: std::mem::take(&mut b.types),
        skipped,
        unused_renames: Vec::new(),
        unused_patches: Vec::new(),
    };
    let merged = finish::merge_enums(&mut api, &b.component_types, &b.origins);
    finish::rename(&mut api, &config.type_names, &merged)?;
    Ok(api)
}

/// The state of one IR build.
#[derive(Debug)]
pub struct Builder<'a> {
    api: &'a OpenAPI,
    config: &'a Config,
    /// Named types built so far.
    pub types: BTreeMap<String, TypeDef>,
    /// Where each named type was defined (for collision messages).
    origins: BTreeMap<String, String>,
    /// Rust names reserved for component schemas.
    component_names: BTreeMap<String, String>,
    /// Types of component schemas already built.
    component_types: BTreeMap<String, TypeRef>,
    /// Components under construction, with the edge count when each was entered.
    stack: Vec<(String, usize)>,
    /// For each field on the way down: whether its owner holds it directly.
    edges: Vec<bool>,
    depth: usize,
    /// What building the current operation changed, to undo it if the operation is skipped.
    journal: Vec<Undo>,
}

/// One change to the builder's state, as recorded in its journal.
#[derive(Debug)]
enum Undo {
    /// A type was defined.
    Defined(String),
    /// A type was changed; this was its previous definition.
    Replaced(String, TypeDef),
    /// A component's type was recorded.
    Component(String),
}

impl<'a> Builder<'a> {
    fn new(api: &'a OpenAPI, config: &'a Config) -> Self {
        Builder {
            api,
            config,
            types: BTreeMap::new(),
            origins: BTreeMap::new(),
            component_names: BTreeMap::new(),
            component_types: BTreeMap::new(),
            stack: Vec::new(),
            edges: Vec::new(),
            depth: 0,
            journal: Vec::new(),
        }
    }

    /// Undoes every change recorded since the journal was last cleared.
    fn rollback(&mut self) {
        while let Some(undo) = self.journal.pop() {
            match undo {
                Undo::Defined(name) => {
                    self.types.remove(&name);
                    self.origins.remove(&name);
                }
                Undo::Replaced(name, def) => {
                    self.types.insert(name, def);
                }
                Undo::Component(name) => {
                    self.component_types.remove(&name);
                }
            }
        }
    }

    /// Records the current definition of `name` before it is changed in place.
    fn journal_replace(&mut self, name: &str) {
        if let Some(def) = self.types.get(name) {
            self.journal.push(Undo::Replaced(name.to_string(), def.clone()));
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
                if !in_list.insert((kind.to_string(), data.name.clone())) {
                    return Err(Error::new(
                        ErrorKind::InvalidDocument,
                        p_at,
                        format!("{kind} parameter `{}` is declared twice", data.name),
                    ));
                }
                params.insert((kind.to_string(), data.name.clone()), (p, p_at));
            }
        }
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        let mut header_params: Vec<HeaderParam> = Vec::new();
        for ((kind, name), (p, p_at)) in &params {
            let data = param_kind(p).1;
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
                        TypeRef::Named(n) if matches!(self.types.get(&n), Some(TypeDef::Enum(_))) => TypeRef::Named(n),
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
                "header" => header_params.push(HeaderParam {
                    rust_name: names::snake(name),
                    wire_name: name.clone(),
                    required: data.required,
                    doc: data.description.as_deref().map(doc_lines).unwrap_or_default(),
                }),
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
        // Builder methods and fields the runtime macros and the builder itself already use, and
        // path parameter names, are not free for query parameters.
        for q in &mut query {
            let n = q.rust_name.as_str();
            if RESERVED_BUILDER_METHODS.contains(&n)
                || RESERVED_BUILDER_FIELDS.contains(&n)
                || path_params.iter().any(|p| p.rust_name == n)
            {
                q.rust_name = format!("{}_param", q.rust_name);
            }
        }
        let body = match &op.request_body {
            Some(rb) => self.body(&prefix, rb, &format!("{at}/requestBody"))?,
            None => None,
        };
        // Header parameters yield to every other name of the builder.
        for h in &mut header_params {
            let n = h.rust_name.as_str();
            if RESERVED_BUILDER_METHODS.contains(&n)
                || RESERVED_BUILDER_FIELDS.contains(&n)
                || path_params.iter().any(|p| p.rust_name == n)
                || query.iter().any(|q| q.rust_name == n)
            {
                h.rust_name = format!("{}_header", h.rust_name);
            }
        }
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
                    if self.mark_page_meta(&meta_ty) {
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

    /// Marks a metadata struct as pagination metadata if it has the configured members.
    fn mark_page_meta(&mut self, meta: &TypeRef) -> bool {
        let (Some(p), TypeRef::Named(name)) = (&self.config.pagination, meta) else {
            return false;
        };
        self.journal_replace(name);
        if let Some(TypeDef::Struct(s)) = self.types.get_mut(name) {
            let has = |wire: &str| {
                s.fields
                    .iter()
                    .any(|f| f.wire_name == wire && matches!(f.ty, TypeRef::Integer | TypeRef::Number))
            };
            if has(&p.meta_page_number) && has(&p.meta_total_pages) {
                s.page_meta = Some(crate::ir::PageMetaNames {
                    page_number: p.meta_page_number.clone(),
                    total_pages: p.meta_total_pages.clone(),
                    page_size: p.meta_page_size.clone(),
                    total_results: p.meta_total_results.clone(),
                });
                return true;
            }
        }
        false
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
    let target = api.components.as_ref().and_then(|c| lookup(c, &name)).ok_or_else(|| {
        Error::new(
            ErrorKind::UnresolvedRef,
            at,
            format!("`$ref: {reference}` points to nothing"),
        )
    })?;
    Ok((name, target))
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

/// The `{name}`s of a path template, in order.
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + end].to_string());
        rest = &rest[start + end + 1..];
    }
    out
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

/// The dotted name of an operation the config does not name: resource from its first tag
/// (or first path segment), method from its operationId.
fn derive_name(op: &openapiv3::Operation, sel: &Selected, at: &str) -> Result<String> {
    let Some(id) = &op.operation_id else {
        return Err(Error::new(
            ErrorKind::MissingOperationId,
            at,
            format!("`{}` has no operationId and the config does not name it", sel.key()),
        ));
    };
    let resource = op
        .tags
        .first()
        .map(|t| names::snake(t))
        .or_else(|| {
            sel.path
                .split('/')
                .find(|s| !s.is_empty() && !s.starts_with('{'))
                .map(names::snake)
        })
        .unwrap_or_else(|| "api".into());
    Ok(format!("{resource}.{}", names::snake(id)))
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

fn check_resource_names(resources: &BTreeMap<String, Resource>) -> Result<()> {
    let mut rust_names: BTreeMap<&str, &str> = BTreeMap::new();
    for r in resources.values() {
        if let Some(other) = rust_names.insert(&r.rust_name, &r.path) {
            return Err(Error::new(
                ErrorKind::NameCollision,
                format!("config:resources.{}", r.path),
                format!(
                    "resources `{other}` and `{}` would both be named `{}`",
                    r.path, r.rust_name
                ),
            ));
        }
        for child in &r.children {
            if let Some(c) = resources.get(child) {
                if r.operations.contains_key(&c.accessor) {
                    return Err(Error::new(
                        ErrorKind::NameCollision,
                        format!("config:resources.{}", r.path),
                        format!("`{}.{}` is both an operation and a child resource", r.path, c.accessor),
                    ));
                }
            }
        }
    }
    Ok(())
}
