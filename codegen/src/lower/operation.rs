//! One operation lowered: its parameters (path, query, header; path-level ones overridden by
//! the operation's), request body and success response, and its request builder's member
//! names (`builder_names`).

use super::Builder;
use super::builder_names;
use super::paths::{check_path_template, template_params};
use super::refs::resolve_chain;
use super::types::{Dir, SRef, array_items, object_parts};
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::{Body, BodyEncoding, HeaderParam, Operation, Param, Response, TypeDef, TypeRef};
use crate::names;
use crate::prose::doc_lines;
use crate::select::Selected;
use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, StatusCode};
use std::collections::{BTreeMap, BTreeSet};

/// Header parameters OpenAPI says to ignore: the client sets these itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Whether `name` is an HTTP field name: an RFC 9110 token.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl<'a> Builder<'a> {
    pub(super) fn operation_of(&self, sel: &Selected) -> Option<&'a openapiv3::Operation> {
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
            .unwrap_or_else(|| super::suggest::resource(resource_path))
    }

    pub(super) fn operation(
        &mut self,
        sel: &Selected,
        op: &'a openapiv3::Operation,
        resource_path: &str,
        method: &str,
        at: &str,
    ) -> Result<Operation> {
        check_path_template(&sel.path, at)?;
        let prefix = super::suggest::operation(&self.type_prefix(resource_path), method);
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
                    let (ty, _) = self.ty(schema, &super::suggest::member(&prefix, name), p_at, Dir::Request, true)?;
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
            .and_then(|b| self.table.struct_of(&b.ty))
            .map(|s| {
                s.fields
                    .iter()
                    .map(|f| (f.rust_name.clone(), f.wire_name.clone()))
                    .collect()
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
            builder: super::suggest::builder(&prefix),
            http_method: sel.method.clone(),
            path: sel.path.clone(),
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

    pub(super) fn param_schema(&self, data: &'a openapiv3::ParameterData, at: &str) -> Result<SRef<'a>> {
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
        let multipart = rb
            .content
            .iter()
            .find(|(k, _)| k.split(';').next().unwrap_or("").trim() == "multipart/form-data");
        let (content_type, media, encoding) = match (json_media(&rb.content), form, multipart) {
            (Some((ct, m)), _, _) => (ct, m, BodyEncoding::Json),
            (None, Some((ct, m)), _) => (ct, m, BodyEncoding::Form),
            (None, None, Some((ct, m))) => (ct, m, BodyEncoding::Multipart),
            (None, None, None) => {
                let mut types: Vec<&String> = rb.content.keys().collect();
                types.sort();
                if types.iter().any(|t| t.starts_with("multipart/")) {
                    return Err(Error::new(
                        ErrorKind::Unsupported,
                        format!("{body_at}/content"),
                        format!("request bodies of type {types:?} are not supported yet (only multipart/form-data is)"),
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
                    part_types: Vec::new(),
                }));
            }
        };
        let schema_at = pointer(&format!("{body_at}/content"), &[content_type, "schema"]);
        let ty = match &media.schema {
            Some(s) => {
                self.ty(
                    SRef::from(s),
                    &super::suggest::params(prefix),
                    &schema_at,
                    Dir::Request,
                    true,
                )?
                .0
            }
            None => TypeRef::Json,
        };
        let part_types = if encoding == BodyEncoding::Multipart {
            self.multipart_parts(&ty, media, &format!("{body_at}/content"), content_type)?
        } else {
            Vec::new()
        };
        Ok(Some(Body {
            members: Vec::new(),
            ty,
            required: rb.required,
            content_type: content_type.clone(),
            encoding,
            doc,
            part_types,
        }))
    }

    /// A multipart body's checks and its parts' `encoding` content types by wire name: the
    /// body must be an object (a struct, or a union of them), and each `encoding` content type
    /// one media type (the first of a list; a wildcard range such as `image/*` names none
    /// and is left out) that fits in a header line. Per-part `headers` are refused (sending
    /// the part without them would change its meaning); `style`, `explode` and
    /// `allowReserved` apply only to form bodies (OpenAPI 3.1, Encoding Object).
    fn multipart_parts(
        &self,
        ty: &TypeRef,
        media: &openapiv3::MediaType,
        content_at: &str,
        content_type: &str,
    ) -> Result<Vec<(String, String)>> {
        let at = pointer(content_at, &[content_type]);
        let object = matches!(ty, TypeRef::Map(_))
            || self.table.struct_of(ty).is_some()
            || match ty.named().and_then(|n| self.table.get(n)) {
                Some(TypeDef::Union(u)) => u.variants.iter().all(|v| self.table.struct_of(&v.ty).is_some()),
                _ => false,
            };
        if !object {
            return Err(Error::new(
                ErrorKind::Unsupported,
                format!("{at}/schema"),
                "a multipart/form-data body must be an object (its members are the parts)",
            ));
        }
        let mut out = Vec::new();
        for (name, enc) in &media.encoding {
            if !enc.headers.is_empty() {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    pointer(&format!("{at}/encoding"), &[name, "headers"]),
                    "headers of a multipart part are not supported yet",
                ));
            }
            let Some(ct) = &enc.content_type else { continue };
            let first = ct.split(',').next().unwrap_or("").trim();
            if first.contains('*') {
                continue;
            }
            if first.is_empty() || !first.bytes().all(|b| b == b' ' || (0x21..0x7f).contains(&b)) {
                return Err(Error::new(
                    ErrorKind::InvalidDocument,
                    pointer(&format!("{at}/encoding"), &[name, "contentType"]),
                    format!("`{}` is not a media type", ct.escape_debug()),
                ));
            }
            out.push((name.clone(), first.to_string()));
        }
        out.sort();
        Ok(out)
    }

    fn response(&mut self, prefix: &str, op: &'a openapiv3::Operation, at: &str) -> Result<(Response, String)> {
        let Some((_, code, r)) = first_success(op) else {
            return Ok((Response::Empty, "*/*".into()));
        };
        let resolved = resolve_chain(self.api, r, "responses", &pointer(at, &[&code.to_string()]), |c, n| {
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
        if let Some(props) = object_parts(resolved).map(|(props, _)| props) {
            let keys: Vec<&String> = props.iter().map(|(k, _)| *k).collect();
            let data = props.iter().find(|(k, _)| k.as_str() == "data").map(|(_, v)| *v);
            if let (Some(data), true) = (data, keys.len() == 1) {
                let data_at = format!("{schema_at}/properties/data");
                let t = self
                    .ty(data, &super::suggest::response(prefix), &data_at, Dir::Response, true)?
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
                        .ty(items, &super::suggest::item(prefix), &item_at, Dir::Response, false)?
                        .0;
                    let meta_at = format!("{schema_at}/properties/{}", p.meta);
                    let meta_ty = self
                        .ty(meta, &super::suggest::page_meta(prefix), &meta_at, Dir::Response, false)?
                        .0;
                    if self.is_page_meta(&meta_ty) {
                        return Ok((Response::Page { item, meta: meta_ty }, accept));
                    }
                }
            }
        }
        let t = self
            .ty(sref, &super::suggest::response(prefix), &schema_at, Dir::Response, true)?
            .0;
        Ok((Response::Json(t), accept))
    }

    /// Whether `meta` is a struct with the configured page number and page count members
    /// (numbers): the metadata of a page. Reads the defined type; `passes::mark_page_meta`
    /// marks it once every operation is lowered.
    fn is_page_meta(&self, meta: &TypeRef) -> bool {
        let (Some(p), TypeRef::Named(_)) = (&self.config.pagination, meta) else {
            return false;
        };
        let Some(s) = self.table.struct_of(meta) else {
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

/// The success response an operation's result is read from: the first 2xx in order of code
/// (explicit codes before the `2XX` range), with its status (the range counts as 200).
fn first_success(op: &openapiv3::Operation) -> Option<(u16, &StatusCode, &ReferenceOr<openapiv3::Response>)> {
    op.responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some(((*c, *c), code, r)),
            StatusCode::Range(2) => Some(((299, 200), code, r)),
            _ => None,
        })
        .min_by_key(|((order, _), _, _)| *order)
        .map(|((_, status), code, r)| (status, code, r))
}

/// The status of a success (what the testing kit answers with): that of [`first_success`],
/// 200 for an operation declaring none.
fn success_status(op: &openapiv3::Operation) -> u16 {
    first_success(op).map_or(200, |(status, _, _)| status)
}

/// Whether a media type's schema is an inline `type: string, format: binary`: a file (as
/// the one classifier of schemas, `types::shape`, and the one reading of string formats,
/// `TypeRef::of_string_format`, say).
fn is_file(media: &openapiv3::MediaType) -> bool {
    match &media.schema {
        Some(ReferenceOr::Item(s)) => matches!(
            super::types::shape(s),
            super::types::Shape::String { format, values }
                if values.is_empty() && TypeRef::<crate::ir::TypeId>::of_string_format(format.as_deref()) == TypeRef::File
        ),
        _ => false,
    }
}

pub(super) fn param_kind(p: &Parameter) -> (&'static str, &openapiv3::ParameterData) {
    match p {
        Parameter::Query { parameter_data, .. } => ("query", parameter_data),
        Parameter::Header { parameter_data, .. } => ("header", parameter_data),
        Parameter::Path { parameter_data, .. } => ("path", parameter_data),
        Parameter::Cookie { parameter_data, .. } => ("cookie", parameter_data),
    }
}

/// The JSON media type of a body, if it has one: `application/json`, `*+json`, or `*/*`
/// unless its schema is a file (`type: string, format: binary`, OpenAPI 3.0's way of saying
/// "any bytes": 7a93b02's `GET /media/{media_name}/download` declares `*/*` so, and reading
/// it as JSON lost the download).
fn json_media(content: &openapiv3::Content) -> Option<(&String, &openapiv3::MediaType)> {
    let mut json: Vec<(&String, &openapiv3::MediaType)> = content
        .iter()
        .filter(|(k, media)| {
            let k = k.split(';').next().unwrap_or("").trim();
            k == "application/json" || k.ends_with("+json") || (k == "*/*" && !is_file(media))
        })
        .collect();
    json.sort_by_key(|(k, _)| (k.as_str() != "application/json", k.as_str().to_string()));
    json.into_iter().next()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::panic)]
mod tests {
    use crate::ir::Response;

    #[test]
    fn a_file_under_any_media_type_is_bytes_and_a_schema_under_it_is_json() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /file:
    get:
      operationId: download
      tags: [x]
      responses:
        '200':
          description: ok
          content: {'*/*': {schema: {type: string, format: binary}}}
  /thing:
    get:
      operationId: thing
      tags: [x]
      responses:
        '200':
          description: ok
          content: {'*/*': {schema: {type: object, properties: {a: {type: string}}}}}
"##;
        let config = crate::Config::parse("select:\n  all: true\n").expect("config");
        let (api, _) = crate::build_ir(spec.as_bytes(), &config).expect("lowering");
        let ops = &api.resources["x"].operations;
        assert_eq!(ops["download"].response, Response::Binary);
        assert_eq!(ops["download"].accept, "*/*");
        assert!(
            matches!(ops["thing"].response, Response::Json(_)),
            "{:?}",
            ops["thing"].response
        );
    }
}
