//! Stage 5, after every operation is lowered (around `passes`): passes over the finished IR.
//! The types no operation reaches are dropped (those of an operation skipped in whole-spec
//! mode, and those merged away), and identical inline enums become one type (the spec repeats
//! the port-out status list five times): references are redirected to one identity, and
//! nothing is renamed.

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, TypeDef, TypeId, TypeOrigin, TypeRef};
use std::collections::BTreeMap;

/// Drops the types (and origins) no operation reaches. Every type reached must be defined:
/// a reference to an identity that never got its type (a component whose schema failed) is
/// an error at the schema, never a type without a name.
pub(super) fn drop_unreachable(api: &mut Api) -> Result<()> {
    let reached = api.reachable(api.operation_refs());
    if let Some(id) = reached.iter().find(|id| !api.types.contains_key(id)) {
        let at = api.origins.get(id).map_or(String::new(), |o| o.at.clone());
        return Err(Error::new(
            ErrorKind::Unsupported,
            at,
            "a type an operation uses was never built (its schema failed where it was first used)",
        ));
    }
    api.types.retain(|id, _| reached.contains(id));
    api.origins.retain(|id, _| reached.contains(id));
    Ok(())
}

/// Folds inline enums with the same set of values into one type. A component enum keeps
/// its identity and absorbs identical inline ones; otherwise an enum defined inside a
/// component schema wins over one defined by an operation (component schemas keep their
/// shape across upstream refactors of operations), then the shortest suggested name, then the
/// alphabetically first. The choice depends only on the set of suggested names, not on file
/// order. Returns each enum merged away, with its origin and the type it was merged into; the
/// enums merged away are left unreachable.
pub(super) fn merge_enums(api: &mut Api) -> BTreeMap<TypeId, (TypeOrigin, TypeId)> {
    let mut groups: BTreeMap<Vec<String>, Vec<TypeId>> = BTreeMap::new();
    for (id, def) in &api.types {
        if let TypeDef::Enum(e) = def {
            let mut key: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
            key.sort();
            groups.entry(key).or_default().push(*id);
        }
    }
    let suggested = |id: &TypeId| api.origins.get(id).map_or("", |o| o.suggested.as_str());
    let component = |id: &TypeId| api.origins.get(id).and_then(|o| o.component.as_deref());
    let mut map: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let (comps, inline): (Vec<&TypeId>, Vec<&TypeId>) = members.iter().partition(|id| component(id).is_some());
        let canonical = match comps
            .iter()
            .min_by_key(|id| (suggested(id).len(), suggested(id), component(id)))
        {
            Some(c) => **c,
            None => match inline.iter().min_by_key(|id| {
                let in_component = api
                    .origins
                    .get(*id)
                    .is_some_and(|o| o.at.starts_with("/components/schemas/"));
                (!in_component, suggested(id).len(), suggested(id))
            }) {
                Some(c) => **c,
                None => continue,
            },
        };
        for m in inline {
            if *m != canonical {
                map.insert(*m, canonical);
            }
        }
    }
    let merged: BTreeMap<TypeId, (TypeOrigin, TypeId)> = map
        .iter()
        .filter_map(|(from, to)| Some((*from, (api.origins.get(from)?.clone(), *to))))
        .collect();
    if !map.is_empty() {
        api.for_each_ref(&mut |t| {
            if let TypeRef::Named(n) | TypeRef::Boxed(n) = t {
                if let Some(to) = map.get(n) {
                    *n = *to;
                }
            }
        });
    }
    merged
}
