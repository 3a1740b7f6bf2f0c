//! The surface of the named types: each type's kind, members, constructor, catch-all,
//! query encoder, accessors and the rest of what users can name on it, with the names the
//! naming stage gave ([`Names`]).

use super::{CatchAll, CatchAllPayload, Member, PageMetaSurface, QueryEncoding, Takes, TypeKind, TypeSurface};
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, TypeDef, TypeId, TypeRef as IrRef, bracket_key, bracket_suffix};
use crate::naming::Names;
use std::collections::BTreeSet;

/// The types a response can hold: those reachable from an operation's response. Their
/// required fields are `Option`s, so that a response lacking one still gives the object
/// with its other fields (tolerant decoding records the absence; strict decoding refuses
/// it), never a value in its place.
pub(super) fn read_from_responses(api: &Api) -> BTreeSet<TypeId> {
    api.reachable(api.response_refs())
}

impl TypeSurface {
    /// Type `id` as `names` names it; `read`: the type is read from responses
    /// ([`read_from_responses`]).
    pub(super) fn of(api: &Api, names: &Names, id: TypeId, def: &TypeDef, read: bool) -> Result<TypeSurface> {
        // The naming stage names every member of every type it names, in member order.
        let unnamed = |what: &str| {
            Error::new(
                ErrorKind::Unsupported,
                "",
                format!("the naming stage gave `{}` no {what}", names.type_name(id)),
            )
        };
        let members = match def {
            TypeDef::Struct(s) => s.fields.len(),
            TypeDef::Union(u) => u.variants.len(),
            TypeDef::Enum(e) => e.variants.len(),
        };
        let (setters, variant_names) = (names.setters(id), names.variants(id));
        match def {
            TypeDef::Struct(_) if setters.len() != members => return Err(unnamed("setters")),
            TypeDef::Union(_) | TypeDef::Enum(_) if variant_names.len() != members => {
                return Err(unnamed("variant names"));
            }
            TypeDef::Enum(_) | TypeDef::Union(_) if names.catch_all(id).is_none() => {
                return Err(unnamed("catch-all variant"));
            }
            _ => {}
        }
        Ok(match def {
            TypeDef::Struct(s) => TypeSurface {
                kind: TypeKind::Struct,
                members: s
                    .fields
                    .iter()
                    .zip(setters)
                    .map(|(f, setter)| {
                        let mut segments = vec![f.wire_name.clone()];
                        segments.extend(f.wire_extra.iter().cloned());
                        Member {
                            rust_name: f.rust_name.clone(),
                            wire: bracket_key(&segments),
                            ty: Some(names.type_ref(&f.ty)),
                            optional: !f.required || read,
                            required: f.required,
                            setter: Some(setter.clone()),
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
                page_meta: s.page_meta.as_ref().map(|meta| PageMetaSurface::of(s, meta, read)),
                unknown: names.unknown(id).filter(|_| read).map(str::to_string),
                used_at: Vec::new(),
            },
            TypeDef::Enum(e) => TypeSurface {
                kind: TypeKind::Enum,
                members: e
                    .variants
                    .iter()
                    .zip(variant_names)
                    .map(|(v, rust_name)| Member {
                        rust_name: rust_name.clone(),
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
                catch_all: names.catch_all(id).map(|name| CatchAll {
                    name: name.to_string(),
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
                let kind = match &u.discriminator {
                    Some(d) => TypeKind::TaggedUnion {
                        discriminator: d.clone(),
                    },
                    None => TypeKind::Union { fitted: u.fitted },
                };
                let untagged = u.discriminator.is_none();
                TypeSurface {
                    kind,
                    members: u
                        .variants
                        .iter()
                        .zip(variant_names)
                        .map(|(v, rust_name)| Member {
                            rust_name: rust_name.clone(),
                            wire: v.tags.join(", "),
                            ty: Some(names.type_ref(&v.ty)),
                            optional: true,
                            required: false,
                            setter: None,
                            takes: Takes::Itself,
                            query: untagged.then(|| (String::new(), QueryEncoding::of(&v.ty, api, false))),
                        })
                        .collect(),
                    constructor: Vec::new(),
                    catch_all: names.catch_all(id).map(|name| CatchAll {
                        name: name.to_string(),
                        payload: CatchAllPayload::Json,
                    }),
                    query: untagged,
                    accessors: if untagged { Vec::new() } else { shared_fields(api, u) },
                    default: false,
                    froms: if untagged {
                        u.variants
                            .iter()
                            .zip(variant_names)
                            .filter(|(v, _)| {
                                u.variants.iter().filter(|w| w.ty == v.ty).count() == 1 && v.ty != IrRef::Json
                            })
                            .map(|(_, name)| name.clone())
                            .collect()
                    } else {
                        Vec::new()
                    },
                    page_meta: None,
                    unknown: None,
                    used_at: Vec::new(),
                }
            }
        })
    }

    /// The member named `rust_name`.
    pub fn member(&self, rust_name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.rust_name == rust_name)
    }
}

/// Whether `Default` can be derived for `s`: every required field's type has a default
/// (a struct of its own only if that one can derive it, without recursion; never a file).
fn derives_default(api: &Api, s: &crate::ir::Struct, seen: &mut BTreeSet<TypeId>) -> bool {
    s.fields.iter().filter(|f| f.required).all(|f| match &f.ty {
        IrRef::Named(n) | IrRef::Boxed(n) => match api.types.get(n) {
            Some(TypeDef::Struct(inner)) => seen.insert(*n) && derives_default(api, inner, seen),
            _ => false,
        },
        // A file has no sensible default (it needs a name).
        IrRef::File => false,
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
            !crate::naming::RESERVED_SETTERS.contains(&f.rust_name.as_str())
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
