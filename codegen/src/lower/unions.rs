//! Stage 5, after `finish`: untagged unions whose variants could accept the same JSON.
//!
//! serde's untagged enums try the variants in order; two structs that ignore unknown fields
//! (and whose fields are optional) both accept most objects, so every value would decode as
//! the first (progenitor's failure with `PortoutEvent`). A `oneOf` without a discriminator is
//! checked here:
//!
//! - if every struct variant has a member that is a single-value enum (an OpenAPI `const`),
//!   with a different value in each, that member becomes the discriminator (a tagged union);
//! - else, if some variant's required members are all members of another, the union is
//!   *fitted*: an object decodes as the one variant that knows the most of its keys (and has
//!   its required ones), and is kept as raw JSON when two variants tie. It never silently
//!   decodes as the wrong variant.

use crate::ir::{Api, Struct, TypeDef, TypeId, TypeRef};
use std::collections::BTreeSet;

/// Marks every ambiguous untagged union as tagged (by a derived discriminator) or fitted.
pub(super) fn resolve_ambiguous(api: &mut Api) {
    let ids: Vec<TypeId> = api.types.keys().copied().collect();
    for id in ids {
        let Some(TypeDef::Union(u)) = api.types.get(&id) else {
            continue;
        };
        if u.discriminator.is_some() {
            continue;
        }
        let structs: Vec<Option<&Struct>> = u.variants.iter().map(|v| api.struct_of(&v.ty)).collect();
        let present: Vec<&Struct> = structs.iter().flatten().copied().collect();
        if present.len() < 2 {
            continue;
        }
        let derived = if present.len() == u.variants.len() {
            derived_discriminator(api, &present)
        } else {
            None
        };
        let ambiguous = ambiguous(&present);
        if let Some(TypeDef::Union(u)) = api.types.get_mut(&id) {
            match derived {
                Some((prop, tags)) => {
                    u.discriminator = Some(prop);
                    for (v, tag) in u.variants.iter_mut().zip(tags) {
                        v.tags = vec![tag];
                    }
                }
                None => u.fitted = ambiguous,
            }
        }
    }
}

/// Some variant's required members are all among another's members: an object with the
/// other's members satisfies both.
fn ambiguous(variants: &[&Struct]) -> bool {
    variants.iter().enumerate().any(|(i, a)| {
        variants.iter().enumerate().any(|(j, b)| {
            let b_fields: BTreeSet<&str> = b.fields.iter().map(|f| f.wire_name.as_str()).collect();
            i != j
                && a.fields
                    .iter()
                    .filter(|f| f.required)
                    .all(|f| b_fields.contains(f.wire_name.as_str()))
        })
    })
}

/// A member every variant has whose type is a one-value enum, with distinct values.
fn derived_discriminator(api: &Api, variants: &[&Struct]) -> Option<(String, Vec<String>)> {
    let first = variants.first()?;
    'candidates: for f in &first.fields {
        let mut tags = Vec::new();
        for v in variants {
            let Some(g) = v.fields.iter().find(|g| g.wire_name == f.wire_name) else {
                continue 'candidates;
            };
            match &g.ty {
                TypeRef::Named(n) => match api.types.get(n) {
                    Some(TypeDef::Enum(e)) if e.variants.len() == 1 => tags.push(e.variants[0].wire.clone()),
                    _ => continue 'candidates,
                },
                _ => continue 'candidates,
            }
        }
        let distinct: BTreeSet<&String> = tags.iter().collect();
        if distinct.len() == tags.len() {
            return Some((f.wire_name.clone(), tags));
        }
    }
    None
}
