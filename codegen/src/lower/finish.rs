//! Stage 5, after every operation is lowered (after `passes`): passes over the finished IR. Identical inline enums become one type (the spec
//! repeats the port-out status list five times); the reference walks that renaming a type
//! needs (used by [`super::naming`] too).

use crate::ir::{Api, Response, TypeDef, TypeRef};
use std::collections::BTreeMap;

/// Calls `f` on every type reference in the API.
pub(super) fn for_each_ref(api: &mut Api, f: &mut dyn FnMut(&mut TypeRef)) {
    fn walk(t: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
        match t {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner, f),
            _ => f(t),
        }
    }
    for def in api.types.values_mut() {
        match def {
            TypeDef::Struct(s) => s.fields.iter_mut().for_each(|x| walk(&mut x.ty, f)),
            TypeDef::Union(u) => u.variants.iter_mut().for_each(|v| walk(&mut v.ty, f)),
            TypeDef::Enum(_) => {}
        }
    }
    for r in api.resources.values_mut() {
        for op in r.operations.values_mut() {
            op.path_params.iter_mut().for_each(|p| walk(&mut p.ty, f));
            op.query.iter_mut().for_each(|q| walk(&mut q.ty, f));
            if let Some(b) = &mut op.body {
                walk(&mut b.ty, f);
            }
            match &mut op.response {
                Response::Empty | Response::Binary => {}
                Response::Data(t) | Response::Json(t) => walk(t, f),
                Response::Page { item, meta } => {
                    walk(item, f);
                    walk(meta, f);
                }
            }
        }
    }
}

/// Rewrites every reference to a renamed type.
pub(crate) fn rename_refs(api: &mut Api, map: &BTreeMap<String, String>) {
    if map.is_empty() {
        return;
    }
    for_each_ref(api, &mut |t| match t {
        TypeRef::Named(n) | TypeRef::Boxed(n) => {
            if let Some(new) = map.get(n) {
                *n = new.clone();
            }
        }
        _ => {}
    });
}

/// Folds inline enums with the same set of values into one type. A component enum keeps
/// its name and absorbs identical inline ones; otherwise an enum defined inside a component
/// schema wins over one defined by an operation (component schemas keep their shape across
/// upstream refactors of operations), then the shortest name, then the alphabetically first.
/// The choice depends only on the set of names, not on file order. Returns what was merged
/// into what.
pub(super) fn merge_enums(
    api: &mut Api,
    components: &BTreeMap<String, TypeRef>,
    origins: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let component_names: std::collections::BTreeSet<&str> = components
        .values()
        .filter_map(|t| match t {
            TypeRef::Named(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (name, def) in &api.types {
        if let TypeDef::Enum(e) = def {
            let mut key: Vec<String> = e.variants.iter().map(|v| v.wire.clone()).collect();
            key.sort();
            groups.entry(key).or_default().push(name.clone());
        }
    }
    let mut map = BTreeMap::new();
    for members in groups.values() {
        if members.len() < 2 {
            continue;
        }
        let (comps, inline): (Vec<&String>, Vec<&String>) =
            members.iter().partition(|m| component_names.contains(m.as_str()));
        let canonical = match comps.iter().min_by_key(|n| (n.len(), n.as_str())) {
            Some(c) => (*c).clone(),
            None => match inline.iter().min_by_key(|n| {
                let in_component = origins
                    .get(n.as_str())
                    .is_some_and(|o| o.starts_with("/components/schemas/"));
                (!in_component, n.len(), n.as_str())
            }) {
                Some(c) => (*c).clone(),
                None => continue,
            },
        };
        for m in inline {
            if *m != canonical {
                map.insert(m.clone(), canonical.clone());
            }
        }
    }
    for old in map.keys() {
        api.types.remove(old);
    }
    rename_refs(api, &map);
    map
}
