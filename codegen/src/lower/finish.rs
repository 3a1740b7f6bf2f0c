//! Stage 3b: passes over the finished IR. Identical inline enums become one type (the spec
//! repeats the port-out status list five times), and the config's type renames apply.

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, Response, TypeDef, TypeRef};
use std::collections::BTreeMap;

/// Calls `f` on every type reference in the API.
pub fn for_each_ref(api: &mut Api, f: &mut dyn FnMut(&mut TypeRef)) {
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
pub fn merge_enums(
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

/// Applies the config's renames. A rename may name any member of a merged enum group. A
/// rename of a type this spec does not produce is reported in `api.unused_renames` (the xtask
/// prints it; an older or newer spec may lack the type); a rename onto a name that is taken
/// is an error.
pub fn rename(api: &mut Api, renames: &BTreeMap<String, String>, merged: &BTreeMap<String, String>) -> Result<()> {
    let mut resolved: BTreeMap<String, String> = BTreeMap::new();
    for (from, to) in renames {
        let from = merged.get(from).unwrap_or(from);
        if let Some(other) = resolved.get(from).filter(|o| *o != to) {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                format!("config:type_names.{from}"),
                format!("type `{from}` is renamed twice, to `{other}` and to `{to}`"),
            ));
        }
        resolved.insert(from.clone(), to.clone());
    }
    let (resolved, unused): (BTreeMap<String, String>, BTreeMap<String, String>) =
        resolved.into_iter().partition(|(from, _)| api.types.contains_key(from));
    api.unused_renames = unused.into_keys().collect();
    for (from, to) in &resolved {
        if api.types.contains_key(to) || crate::names::pascal(to) != *to {
            return Err(Error::new(
                ErrorKind::NameCollision,
                format!("config:type_names.{from}"),
                format!("cannot rename `{from}` to `{to}`: the name is taken or not an UpperCamelCase identifier"),
            ));
        }
        if let Some(def) = api.types.remove(from) {
            api.types.insert(to.clone(), def);
        }
    }
    rename_refs(api, &resolved);
    Ok(())
}

/// A config rename that no longer applies: this spec produces neither the type it renames nor
/// the name it renames to (so the published name is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostRename {
    /// The generated name the config renames.
    pub from: String,
    /// The name it renames to.
    pub to: String,
    /// The generated names nearest to `from` (by edit distance), best first.
    pub candidates: Vec<String>,
}

/// The config renames that no longer apply to `api`, with the nearest candidates.
pub fn lost_renames(api: &Api, renames: &BTreeMap<String, String>) -> Vec<LostRename> {
    renames
        .iter()
        .filter(|(from, to)| !api.types.contains_key(*from) && !api.types.contains_key(*to))
        .map(|(from, to)| {
            let mut scored: Vec<(usize, &String)> = api.types.keys().map(|n| (edit_distance(from, n), n)).collect();
            scored.sort();
            LostRename {
                from: from.clone(),
                to: to.clone(),
                candidates: scored.into_iter().take(3).map(|(_, n)| n.clone()).collect(),
            }
        })
        .collect()
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, TypeDef};

    #[test]
    fn a_rename_that_no_longer_applies_names_the_nearest_types() {
        let mut api = Api {
            title: String::new(),
            crate_name: None,
            resources: BTreeMap::new(),
            types: BTreeMap::new(),
            skipped: BTreeMap::new(),
            unused_renames: Vec::new(),
            unused_patches: Vec::new(),
        };
        for n in ["WebhookPortoutStatusChangedPayloadStatus", "PortoutStatus", "Metadata"] {
            api.types.insert(
                n.into(),
                TypeDef::Enum(Enum {
                    doc: Vec::new(),
                    variants: Vec::new(),
                }),
            );
        }
        let renames: BTreeMap<String, String> = [
            (
                "WebhookPortoutStatusChangedPayloadStatus2".to_string(),
                "PortoutEventPayloadStatus".to_string(),
            ),
            ("Metadata".to_string(), "PageMeta".to_string()),
            ("Gone".to_string(), "PortoutStatus".to_string()),
        ]
        .into();
        let lost = lost_renames(&api, &renames);
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!(lost[0].from, "WebhookPortoutStatusChangedPayloadStatus2");
        assert_eq!(lost[0].candidates[0], "WebhookPortoutStatusChangedPayloadStatus");
    }
}
