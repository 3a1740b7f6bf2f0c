//! Query parameters. Bracket-named parameters (`filter[inserted_at][gte]`, the 3.0 spec's
//! style) and deepObject object parameters (the 3.1 spec's style) are both folded into one
//! tree per root name first, so both give the same nested types and the same wire keys.

use super::Builder;
use super::operation::param_kind;
use super::types::{Dir, ObjectParts, SRef, object_parts};
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Field, QueryParam, Struct, TypeDef, TypeRef};
use crate::names;
use openapiv3::{Parameter, QueryStyle, Schema};
use std::collections::BTreeMap;

/// A node of the folded tree: an optional leaf schema and named children.
#[derive(Default)]
struct Node<'a> {
    leaf: Option<Leaf<'a>>,
    children: BTreeMap<String, Node<'a>>,
    doc: Vec<String>,
    /// An object that must be sent: a required deepObject parameter, a required member of
    /// one, or the root of a required bracket-named parameter (`filter[a]`).
    required: bool,
}

struct Leaf<'a> {
    schema: SRef<'a>,
    required: bool,
    doc: Vec<String>,
    at: String,
    explode: bool,
}

impl<'a> Builder<'a> {
    pub(super) fn query(&mut self, prefix: &str, params: &[(&'a Parameter, String)]) -> Result<Vec<QueryParam>> {
        let mut roots: BTreeMap<String, Node<'a>> = BTreeMap::new();
        for (p, at) in params {
            let Parameter::Query {
                parameter_data: data,
                style,
                ..
            } = p
            else {
                continue;
            };
            let schema = self.param_schema(data, at)?;
            let doc = data
                .description
                .as_deref()
                .map(crate::prose::doc_lines)
                .unwrap_or_default();
            let segments = split_brackets(&data.name).ok_or_else(|| {
                Error::new(
                    ErrorKind::Unsupported,
                    at.clone(),
                    format!("query parameter name `{}` has unbalanced brackets", data.name),
                )
            })?;
            let mut node = roots.entry(segments[0].clone()).or_default();
            // A required `filter[a]` makes `filter` required.
            node.required |= data.required && segments.len() > 1;
            for s in &segments[1..] {
                node = node.children.entry(s.clone()).or_default();
            }
            let resolved = self.deref(schema, at)?;
            let deep = matches!(style, QueryStyle::DeepObject);
            match object_of(resolved) {
                // An inline object sent deepObject-style: its properties become children.
                Some((props, required)) if deep && matches!(schema, SRef::Item(_)) => {
                    node.doc = doc;
                    node.required |= data.required;
                    self.unfold(node, &props, required, at)?;
                }
                Some(_) if deep => {
                    // A referenced object keeps its component type, encoded with brackets.
                    node.leaf = Some(Leaf {
                        schema,
                        required: data.required,
                        doc,
                        at: at.clone(),
                        explode: true,
                    });
                }
                _ => {
                    if matches!(style, QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited) {
                        return Err(Error::new(
                            ErrorKind::Unsupported,
                            at.clone(),
                            format!(
                                "query parameter `{}` uses a delimited style, which is not supported yet",
                                data.name
                            ),
                        ));
                    }
                    if node.leaf.is_some() {
                        return Err(Error::new(
                            ErrorKind::InvalidDocument,
                            at.clone(),
                            format!("query parameter `{}` is declared twice", data.name),
                        ));
                    }
                    node.leaf = Some(Leaf {
                        schema,
                        required: data.required,
                        doc,
                        at: at.clone(),
                        explode: data.explode.unwrap_or(true),
                    });
                }
            }
        }
        let mut out = Vec::new();
        for (root, node) in &roots {
            if let Some(method_prefix) = self.config.flatten_query.get(root) {
                self.flatten(&mut out, prefix, root, method_prefix, node)?;
            } else if node.children.is_empty() {
                if let Some(leaf) = &node.leaf {
                    out.push(self.leaf_param(prefix, vec![root.clone()], names::snake(root), leaf)?);
                }
            } else {
                let name = super::suggest::member(prefix, root);
                let ty = self.node_struct(&name, node)?;
                out.push(QueryParam {
                    rust_name: names::snake(root),
                    wire_path: vec![root.clone()],
                    ty,
                    required: node.required,
                    explode: true,
                    doc: node.doc.clone(),
                });
            }
        }
        out.sort_by(|a, b| (&a.rust_name, &a.wire_path).cmp(&(&b.rust_name, &b.wire_path)));
        for pair in out.windows(2) {
            if pair[0].rust_name == pair[1].rust_name {
                // Reported at the (first) declaration of the later one.
                let root = &pair[1].wire_path[0];
                let at = params
                    .iter()
                    .find(|(p, _)| {
                        let name = &param_kind(p).1.name;
                        split_brackets(name).is_some_and(|s| s[0] == *root)
                    })
                    .map(|(_, at)| at.clone())
                    .unwrap_or_default();
                return Err(Error::new(
                    ErrorKind::NameCollision,
                    at,
                    format!(
                        "query parameters `{}` and `{}` would both be called `{}` in Rust",
                        pair[0].wire_path.join("."),
                        pair[1].wire_path.join("."),
                        pair[1].rust_name
                    ),
                ));
            }
        }
        Ok(out)
    }

    fn unfold(
        &mut self,
        node: &mut Node<'a>,
        props: &[(&'a String, SRef<'a>)],
        required: &'a [String],
        at: &str,
    ) -> Result<()> {
        for (name, schema) in props {
            let child = node.children.entry((*name).clone()).or_default();
            let prop_at = format!("{at}/schema/properties/{}", crate::error::escape_token(name));
            let resolved = self.deref(*schema, &prop_at)?;
            let doc = super::types::schema_doc(resolved);
            match object_of(resolved) {
                Some((inner, inner_required)) if matches!(schema, SRef::Item(_)) => {
                    child.doc = doc;
                    child.required |= required.iter().any(|r| r == *name);
                    self.unfold(child, &inner, inner_required, &prop_at)?;
                }
                _ => {
                    child.leaf = Some(Leaf {
                        schema: *schema,
                        required: required.iter().any(|r| r == *name),
                        doc,
                        at: prop_at,
                        explode: true,
                    });
                }
            }
        }
        Ok(())
    }

    fn leaf_param(
        &mut self,
        prefix: &str,
        wire_path: Vec<String>,
        rust_name: String,
        leaf: &Leaf<'a>,
    ) -> Result<QueryParam> {
        let type_name = super::suggest::member(prefix, &wire_path.join("_"));
        let ty = self.ty(leaf.schema, &type_name, &leaf.at, Dir::Request, false)?.0;
        Ok(QueryParam {
            rust_name,
            wire_path,
            ty,
            required: leaf.required,
            explode: leaf.explode,
            doc: leaf.doc.clone(),
        })
    }

    /// The members of a flattened query object become parameters of their own; their types
    /// are named like any query parameter's, from the operation's prefix and the wire path
    /// (`OrdersListPageSort`).
    fn flatten(
        &mut self,
        out: &mut Vec<QueryParam>,
        prefix: &str,
        root: &str,
        method_prefix: &str,
        node: &Node<'a>,
    ) -> Result<()> {
        for (name, child) in &node.children {
            let Some(leaf) = &child.leaf else { continue };
            let rust_name = names::snake(&format!("{method_prefix}{name}"));
            out.push(self.leaf_param(prefix, vec![root.to_string(), name.clone()], rust_name, leaf)?);
        }
        Ok(())
    }

    /// The struct of a query object; nested objects become nested structs.
    fn node_struct(&mut self, name: &str, node: &Node<'a>) -> Result<TypeRef> {
        let mut fields = Vec::new();
        let mut taken = names::Namespace::default();
        let mut push = |rust: String, wire: &str, extra: Vec<String>, ty: TypeRef, doc: Vec<String>, required: bool| {
            let rust_name = taken.claim(&names::snake(&rust));
            fields.push(Field {
                rust_name,
                wire_name: wire.to_string(),
                wire_extra: extra,
                ty,
                required,
                nullable: false,
                doc,
            });
        };
        for (wire, child) in &node.children {
            let type_name = super::suggest::member(name, wire);
            if let Some(leaf) = &child.leaf {
                let ty = self.ty(leaf.schema, &type_name, &leaf.at, Dir::Request, false)?.0;
                push(wire.clone(), wire, Vec::new(), ty, leaf.doc.clone(), leaf.required);
                // `filter[code]` beside `filter[code][in]`: the nested member is `code_in` in
                // Rust and keyed `filter[code][in]` on the wire.
                for (sub, grandchild) in &child.children {
                    let Some(sub_leaf) = &grandchild.leaf else { continue };
                    if !grandchild.children.is_empty() {
                        return Err(Error::new(
                            ErrorKind::Unsupported,
                            sub_leaf.at.clone(),
                            format!("query member `{wire}[{sub}]` nests below a member that is also a value"),
                        ));
                    }
                    let sub_name = super::suggest::member(&type_name, sub);
                    let ty = self
                        .ty(sub_leaf.schema, &sub_name, &sub_leaf.at, Dir::Request, false)?
                        .0;
                    push(
                        format!("{wire}_{sub}"),
                        wire,
                        vec![sub.clone()],
                        ty,
                        sub_leaf.doc.clone(),
                        sub_leaf.required,
                    );
                }
            } else if !child.children.is_empty() {
                let ty = self.node_struct(&type_name, child)?;
                push(wire.clone(), wire, Vec::new(), ty, child.doc.clone(), child.required);
            }
        }
        fields.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        // The spec's description, or none: the emitter documents an undescribed type by
        // where it is used, under its published name.
        let def = TypeDef::Struct(Struct {
            doc: node.doc.clone(),
            fields,
            query: true,
            page_meta: None,
        });
        self.define(name, "", def)
    }
}

/// `filter[inserted_at][gte]` to `["filter", "inserted_at", "gte"]`; `None` when unbalanced.
pub(super) fn split_brackets(name: &str) -> Option<Vec<String>> {
    let Some(open) = name.find('[') else {
        return Some(vec![name.to_string()]);
    };
    let mut out = vec![name[..open].to_string()];
    let mut rest = &name[open..];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        let seg = &inner[..close];
        if seg.contains('[') {
            return None;
        }
        out.push(seg.to_string());
        rest = &inner[close + 1..];
    }
    if out.iter().any(String::is_empty) {
        None
    } else {
        Some(out)
    }
}

/// The properties and required list of an object schema with properties.
fn object_of(s: &Schema) -> Option<ObjectParts<'_>> {
    object_parts(s).filter(|(props, _)| !props.is_empty())
}
