//! The surface of the resources and operations: each operation's method, positional
//! arguments, builder methods and fields, query keys, headers, body and output.

use super::{
    Arg, BodySurface, BuilderField, HeaderKey, OperationSurface, Output, PageSurface, PathSegment, QueryEncoding,
    QueryKey, ResourceSurface, Setter, Takes, Target, TypeRef,
};
use crate::ir::{Api, Operation, Resource, Response, TypeRef as IrRef, bracket_key};
use crate::naming::Names;

impl ResourceSurface {
    pub(super) fn of(api: &Api, names: &Names, r: &Resource) -> ResourceSurface {
        ResourceSurface {
            rust_name: r.rust_name.clone(),
            accessor: r.accessor.clone(),
            children: r.children.clone(),
            operations: r
                .operations
                .iter()
                .map(|(name, op)| (name.clone(), OperationSurface::of(api, names, op)))
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
    pub fn of(api: &Api, names: &Names, op: &Operation) -> OperationSurface {
        let named = |t: &IrRef| names.type_ref(t);
        let mut args = Vec::new();
        let mut setters = Vec::new();
        let mut fields = Vec::new();
        for p in &op.path_params {
            let typed = matches!(p.ty, IrRef::Named(_));
            args.push(Arg {
                name: p.rust_name.clone(),
                ty: if typed { named(&p.ty) } else { TypeRef::String },
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
                ty: if typed { named(&p.ty) } else { TypeRef::String },
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
                    ty: named(&q.ty),
                    takes: Takes::of(&q.ty),
                    target,
                    field: Some(q.rust_name.clone()),
                    doc: first(&q.doc),
                });
            } else {
                setters.push(Setter {
                    name: q.rust_name.clone(),
                    ty: named(&q.ty),
                    takes: Takes::of(&q.ty),
                    target,
                    field: q.rust_name.clone(),
                    doc: q.doc.clone(),
                });
            }
            fields.push(BuilderField {
                name: q.rust_name.clone(),
                ty: named(&q.ty),
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
                            ty: named(&f.ty),
                            takes: Takes::of(&f.ty),
                            target,
                            field: None,
                            doc: first(&f.doc),
                        });
                    } else {
                        setters.push(Setter {
                            name,
                            ty: named(&f.ty),
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
                    ty: named(&b.ty),
                    takes: Takes::of(&b.ty),
                    target: Target::Body,
                    field: Some("body".to_string()),
                    doc: "the request body".to_string(),
                });
            } else {
                // The whole body, optional, is taken as its own type.
                setters.push(Setter {
                    name: "body".to_string(),
                    ty: named(&b.ty),
                    takes: Takes::Itself,
                    target: Target::Body,
                    field: "body".to_string(),
                    doc: vec!["The request body.".to_string()],
                });
            }
            let optional = object.is_none();
            fields.push(BuilderField {
                name: "body".to_string(),
                ty: named(&b.ty),
                optional,
            });
            BodySurface {
                ty: named(&b.ty),
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
            output: output(api, names, op),
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
                    typed: matches!(p.ty, IrRef::Named(_)),
                },
                // A template name without a parameter (the lowering refuses those): kept as text.
                None => PathSegment::Literal(format!("{{{wire}}}")),
            },
        })
        .collect()
}

fn output(api: &Api, names: &Names, op: &Operation) -> Output {
    match &op.response {
        Response::Empty => Output::Empty,
        Response::Binary => Output::Binary,
        Response::Data(t) => Output::Data(names.type_ref(t)),
        Response::Json(t) => Output::Json(names.type_ref(t)),
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
                item: names.type_ref(item),
                meta: names.type_ref(meta),
                number_field: op.page_number_param.clone(),
                number_key: number.map(|q| bracket_key(&q.wire_path)),
                size_key: size.map(|q| bracket_key(&q.wire_path)),
                meta_names: api.struct_of(meta).and_then(|s| s.page_meta.clone()),
            })
        }
    }
}
