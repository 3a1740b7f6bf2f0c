//! Stage 6, its last step: the published name of every type, from the name the spec gives
//! it (its base name, `super::base_names`), the config's renames and the names lock.
//!
//! One priority order for every type:
//!
//! 1. a config rename (`type_names`) keyed by one of the type's sites;
//! 2. the name the names lock (`spec/names.lock.yaml`) records for its first recorded site;
//! 3. the base name.
//!
//! Sites are written as `lock::sites` writes them (`PATCH /portouts/{id}/{status}
//! path.status`, `PortoutDetails.status`, `PortoutEvent|portout.new_comment`, with `[]`/`{}`
//! for the items of arrays and maps). A member site names its parent by the parent's *final*
//! name (as the code and the lock show it): renaming a parent changes its members' sites, so
//! the rounds repeat until nothing moves. A config key that matched only while its parent
//! still had another name is an error saying which site to write. The rounds work on the
//! table of names by identity; the IR is never touched. A key that is not a site (a
//! generated type name, which changes when upstream adds a type, or a component pointer,
//! which changes when upstream renames the component) is an error suggesting the type's
//! sites.
//!
//! One collision policy: a name is never given to a type while another type holds it. For a
//! config rename that is an error (as is a target that is not an UpperCamelCase identifier,
//! and two sites of one type renamed to different names); the lock gives way (the type keeps
//! its base name). The names config renames give are reserved from the lock until the rounds
//! settle; only then may the lock give the name of a config rename that matched nothing (so
//! a published name survives a rename key upstream broke).

use super::CounterName;
use super::lock::{NamesLock, anchor, is_site, is_type_name, sites};
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, TypeId};
use std::collections::{BTreeMap, BTreeSet};

/// Where a type's final name came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Given {
    /// The config rename with this key.
    Config(String),
    /// The names lock.
    Lock,
}

/// What the rounds settled on.
#[derive(Debug, Default)]
pub(super) struct Settled {
    /// Every type's final name.
    pub names: BTreeMap<TypeId, String>,
    /// How a type got its name, if not from its base name.
    pub given: BTreeMap<TypeId, Given>,
}

/// Checks the config's renames: every target an UpperCamelCase identifier, every key a site
/// (a key that is not is refused, naming the sites of the type it means, `base` naming
/// types by the spec alone and `counters` by the names lowering once gave them).
pub(super) fn check_keys(
    api: &Api,
    base: &BTreeMap<TypeId, String>,
    counters: &[CounterName],
    renames: &BTreeMap<String, String>,
    lock: &NamesLock,
) -> Result<BTreeMap<String, String>> {
    for (key, to) in renames {
        if crate::names::pascal(to) != *to {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                config_at(key),
                format!("cannot rename the type at `{key}` to `{to}`: not an UpperCamelCase identifier"),
            ));
        }
    }
    let (keys, not_sites): (BTreeMap<String, String>, BTreeMap<String, String>) =
        renames.clone().into_iter().partition(|(k, _)| is_site(k));
    if let Some((key, to)) = not_sites.into_iter().next() {
        // Name the sites of the type the key means, as this generation publishes them.
        let settled = settle(api, base, &keys, lock).ok();
        return Err(not_a_site(&key, &to, api, base, counters, settled.as_ref()));
    }
    Ok(keys)
}

/// Each name of `names`, with the type that has it.
fn by_name(names: &BTreeMap<TypeId, String>) -> BTreeMap<&str, TypeId> {
    names.iter().map(|(id, n)| (n.as_str(), *id)).collect()
}

fn config_at(key: &str) -> String {
    format!("config:type_names.{key}")
}

/// Up to five sites, quoted, and how many more.
fn list(sites: &BTreeSet<String>) -> String {
    let shown: Vec<String> = sites.iter().take(5).map(|s| format!("`{s}`")).collect();
    match sites.len().saturating_sub(5) {
        0 => shown.join(", "),
        n => format!("{} and {n} more", shown.join(", ")),
    }
}

/// Renames to a fixed point, from the base names. Each round sees the sites under the names
/// given so far; config keys claim first, then lock entries, on names no type holds; types
/// are visited in the order of their names so far.
pub(super) fn settle(
    api: &Api,
    base: &BTreeMap<TypeId, String>,
    keys: &BTreeMap<String, String>,
    lock: &NamesLock,
) -> Result<Settled> {
    let mut state = Settled {
        names: base.clone(),
        given: BTreeMap::new(),
    };
    // Every config key that matched a site, and the name it gave.
    let mut applied: BTreeMap<String, String> = BTreeMap::new();
    let targets: BTreeSet<&String> = keys.values().collect();
    // The names config renames give are kept from the lock until the rounds settle.
    let mut reserved = true;
    // Each round settles at least one more type (and the reservation is lifted once), so this
    // ends well before the bound.
    for _ in 0..=2 * api.types.len() + 1 {
        let held = by_name(&state.names);
        let current = sites(api, &state.names);
        let no_sites = BTreeSet::new();
        let sites_of = |id: &TypeId| current.get(id).unwrap_or(&no_sites);
        let mut renames: BTreeMap<TypeId, (String, Given)> = BTreeMap::new();
        let mut claimed: BTreeMap<String, String> = BTreeMap::new();
        for (name, id) in &held {
            let matched: Vec<(&String, &String)> = sites_of(id).iter().filter_map(|s| keys.get_key_value(s)).collect();
            let Some(&(key, to)) = matched.first() else {
                continue;
            };
            let earlier = match state.given.get(id) {
                Some(Given::Config(k)) if name != to => Some((k, *name)),
                _ => None,
            };
            let conflict = matched
                .iter()
                .map(|(k, t)| (k.as_str(), t.as_str()))
                .find(|(_, t)| *t != to)
                .or(earlier.map(|(k, n)| (k.as_str(), n)));
            if let Some((other, other_to)) = conflict {
                return Err(Error::new(
                    ErrorKind::InvalidConfig,
                    config_at(key),
                    format!(
                        "`{key}` and `{other}` are sites of one type (now `{name}`), renamed to `{to}` and to `{other_to}`: rename it once"
                    ),
                ));
            }
            for (k, _) in &matched {
                applied.insert((*k).clone(), to.clone());
            }
            if name == to {
                state.given.insert(*id, Given::Config(key.clone()));
                continue;
            }
            if let Some(other) = claimed.get(to) {
                return Err(Error::new(
                    ErrorKind::NameCollision,
                    config_at(key),
                    format!("`{key}` and `{other}` rename two types to `{to}`"),
                ));
            }
            if let Some(holder) = held.get(to.as_str()) {
                return Err(Error::new(
                    ErrorKind::NameCollision,
                    config_at(key),
                    format!(
                        "cannot rename the type at `{key}` (`{name}`) to `{to}`: the name is taken by the type used at {}",
                        list(sites_of(holder))
                    ),
                ));
            }
            claimed.insert(to.clone(), key.clone());
            renames.insert(*id, (to.clone(), Given::Config(key.clone())));
        }
        for (name, id) in &held {
            if renames.contains_key(id) || matches!(state.given.get(id), Some(Given::Config(_))) {
                continue;
            }
            // The recorded name of the first recorded site (sites are sorted).
            let Some((site, recorded)) = sites_of(id).iter().find_map(|s| lock.sites.get_key_value(s)) else {
                continue;
            };
            if recorded == name
                || held.contains_key(recorded.as_str())
                || claimed.contains_key(recorded)
                || (reserved && targets.contains(recorded))
            {
                continue;
            }
            claimed.insert(recorded.clone(), site.clone());
            renames.insert(*id, (recorded.clone(), Given::Lock));
        }
        if renames.is_empty() {
            if reserved {
                reserved = false;
                continue;
            }
            break;
        }
        for (id, (to, how)) in renames {
            state.names.insert(id, to);
            state.given.insert(id, how);
        }
    }
    // A key must name a site of the final naming: one that matched while a parent still had
    // another name would change meaning with the lock.
    let last = sites(api, &state.names);
    let held = by_name(&state.names);
    for (key, name) in &applied {
        let type_sites = held
            .get(name.as_str())
            .and_then(|id| last.get(id))
            .cloned()
            .unwrap_or_default();
        if !type_sites.contains(key) {
            return Err(Error::new(
                ErrorKind::InvalidConfig,
                config_at(key),
                format!(
                    "`{key}` names its parent type by a name it is not published under; a site names the parent by its final name: the type renamed to `{name}` is used at {}",
                    list(&type_sites)
                ),
            ));
        }
    }
    Ok(state)
}

/// The error for a rename key that is not a site, naming the sites of the type it means
/// (under the names `settled`, without the bad keys, when they settle) when there is one.
fn not_a_site(
    key: &str,
    to: &str,
    api: &Api,
    base: &BTreeMap<TypeId, String>,
    counters: &[CounterName],
    settled: Option<&Settled>,
) -> Error {
    let component = key
        .strip_prefix("#/components/schemas/")
        .map(crate::error::unescape_token);
    let generated = match &component {
        Some(c) => crate::names::pascal(c),
        None => key.to_string(),
    };
    let names = settled.map_or(base, |s| &s.names);
    // The type the key means: a component's type; the type with that base name; the type
    // lowering once gave the name (`super::counter_names`: an enum merged into another since
    // means the one it was merged into); or a type published under the name.
    let meant = component
        .as_deref()
        .and_then(|c| {
            api.origins
                .iter()
                .find(|(_, o)| o.component.as_deref() == Some(c))
                .map(|(id, _)| *id)
        })
        .or_else(|| base.iter().find(|(_, n)| **n == generated).map(|(id, _)| *id))
        .or_else(|| counters.iter().find(|c| c.name == generated).map(|c| c.meant))
        .or_else(|| names.iter().find(|(_, n)| **n == generated).map(|(id, _)| *id));
    let why = if component.is_some() {
        "a component pointer, which changes when upstream renames the component"
    } else if is_type_name(key) {
        "a type name, which changes when upstream adds or renames a type (then a counter suffix moves)"
    } else {
        "not a site"
    };
    let all = sites(api, names);
    let found = meant.and_then(|id| Some((names.get(&id)?, all.get(&id)?)));
    let hint = match found.and_then(|(name, sites)| Some((name, sites, sites.first()?))) {
        Some((name, sites, first)) => {
            let what = match &component {
                Some(_) => format!("the component's type (`{generated}`)"),
                None => format!("the type the spec names `{key}`"),
            };
            format!(
                "; {what} is published as `{name}` and used at {}: write e.g. `\"{first}\": {to}`",
                list(sites)
            )
        }
        _ if component.is_some() || is_type_name(key) => format!("; this spec has no type named `{generated}`"),
        _ => String::new(),
    };
    Error::new(
        ErrorKind::InvalidConfig,
        config_at(key),
        format!(
            "`{key}` is {why}; a rename is keyed by a site, where the type is used (`METHOD /path position`, `Type.field` or `Type|variant`, as in spec/names.lock.yaml){hint}"
        ),
    )
}

/// A config rename that no longer applies: this spec has no site `site` and no type named
/// `to` (so the published name is gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostRename {
    /// The site the config renames.
    pub site: String,
    /// The name it renames to.
    pub to: String,
    /// The sites of this generation nearest to `site`, best first: on the same operation or
    /// parent type first, then at the same position of another, then by edit distance.
    pub candidates: Vec<Candidate>,
}

impl std::fmt::Display for LostRename {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nearest: Vec<String> = self
            .candidates
            .iter()
            .map(|c| format!("`{}` (now `{}`)", c.site, c.name))
            .collect();
        write!(
            f,
            "`type_names` renames the type at `{}` to `{}`, but this spec has no such site and generates no `{}` (the published name is gone); nearest sites: {}",
            self.site,
            self.to,
            self.to,
            nearest.join(", ")
        )
    }
}

/// A site of this generation, and the type now there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The site.
    pub site: String,
    /// The final name of the type used there.
    pub name: String,
}

/// The config renames that no longer apply to `api` named by `names`, with the nearest
/// candidates by origin.
pub fn lost_renames(api: &Api, names: &super::Names, renames: &BTreeMap<String, String>) -> Vec<LostRename> {
    let all: Vec<(String, String)> = sites(api, names.table())
        .into_iter()
        .flat_map(|(id, s)| {
            let name = names.type_name(id).to_string();
            s.into_iter().map(move |site| (site, name.clone()))
        })
        .collect();
    renames
        .iter()
        .filter(|(key, to)| !all.iter().any(|(s, _)| s == *key) && names.id_of(to).is_none())
        .map(|(key, to)| {
            let (key_anchor, key_position) = anchor(key);
            let mut scored: Vec<(u8, usize, &String, &String)> = all
                .iter()
                .map(|(site, name)| {
                    let (a, p) = anchor(site);
                    let tier = if a == key_anchor {
                        0
                    } else if p == key_position {
                        1
                    } else {
                        2
                    };
                    (tier, edit_distance(key, site), site, name)
                })
                .collect();
            scored.sort();
            LostRename {
                site: key.clone(),
                to: to.clone(),
                candidates: scored
                    .into_iter()
                    .take(3)
                    .map(|(_, _, site, name)| Candidate {
                        site: site.clone(),
                        name: name.clone(),
                    })
                    .collect(),
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
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::ir::TypeDef;
    use crate::naming::{Naming, lost_renames};

    /// `Thing` with two enum members.
    const SCHEMAS: &str = r##"
    Thing:
      type: object
      properties:
        status: {type: string, enum: [on, off]}
        state: {type: string, enum: [new, old]}
"##;

    fn build(renames: &[(&str, &str)], lock: &[(&str, &str)]) -> Result<(Api, Naming)> {
        let mut config = Config::parse("operations:\n  GET /things: things.list\n")?;
        config.type_names = renames.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let lock = NamesLock {
            sites: lock.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        };
        crate::build_ir_locked(crate::naming::tests::things_spec(SCHEMAS).as_bytes(), &config, &lock)
    }

    fn wires(api: &Api, naming: &Naming, name: &str) -> Vec<String> {
        match naming.names.id_of(name).and_then(|id| api.types.get(&id)) {
            Some(TypeDef::Enum(e)) => e.variants.iter().map(|v| v.wire.clone()).collect(),
            other => panic!("`{name}`: {other:?}"),
        }
    }

    #[test]
    fn the_spec_alone_names_by_position() {
        let (_, naming) = build(&[], &[]).unwrap();
        assert_eq!(
            naming.names.all().collect::<Vec<_>>(),
            ["Thing", "ThingState", "ThingStatus"]
        );
        assert_eq!(
            naming.lock.sites.get("Thing.status").map(String::as_str),
            Some("ThingStatus")
        );
        assert_eq!(
            naming.lock.sites.get("GET /things response.data[]").map(String::as_str),
            Some("Thing")
        );
    }

    #[test]
    fn config_wins_over_the_lock_at_the_same_site_and_keeps_its_name_from_it() {
        let (api, naming) = build(
            &[("Thing.status", "Power")],
            &[("Thing.status", "Locked"), ("Thing.state", "Power")],
        )
        .unwrap();
        assert_eq!(wires(&api, &naming, "Power"), ["on", "off"]);
        // The lock may not give the config's name to another type: `state` keeps the spec's.
        assert_eq!(wires(&api, &naming, "ThingState"), ["new", "old"]);
        assert!(naming.notes.is_empty(), "{:?}", naming.notes);
    }

    #[test]
    fn a_parent_renamed_by_the_lock_is_named_by_its_final_name_in_a_key() {
        let (api, naming) = build(&[("Item.status", "Power")], &[("GET /things response.data[]", "Item")]).unwrap();
        assert!(naming.names.id_of("Item").is_some());
        assert_eq!(wires(&api, &naming, "Power"), ["on", "off"]);
        assert_eq!(naming.lock.sites.get("Item.status").map(String::as_str), Some("Power"));
        assert_eq!(
            naming.notes,
            ["type `Item` kept its published name (this spec alone would name it `Thing`)"]
        );
        // Under the parent's name before the lock, the key is refused with the site to write.
        let e = build(&[("Thing.status", "Power")], &[("GET /things response.data[]", "Item")]).unwrap_err();
        assert_eq!(e.pointer, "config:type_names.Thing.status");
        assert!(e.message.contains("`Item.status`"), "{e}");
    }

    #[test]
    fn a_name_a_lost_key_gave_is_kept_by_the_lock() {
        // The key matches nothing (upstream renamed the member), but the lock recorded the
        // name at another site of the type: the published name survives, the key is unused.
        let (api, naming) = build(&[("Thing.power", "Power")], &[("Thing.status", "Power")]).unwrap();
        assert_eq!(wires(&api, &naming, "Power"), ["on", "off"]);
        assert_eq!(naming.unused_renames, ["Thing.power"]);
        assert!(
            lost_renames(
                &api,
                &naming.names,
                &[("Thing.power".to_string(), "Power".to_string())].into()
            )
            .is_empty()
        );
    }

    #[test]
    fn a_lost_rename_names_the_nearest_sites_by_origin() {
        let renames: BTreeMap<String, String> = [("Thing.powerr".to_string(), "Power".to_string())].into();
        let (api, naming) = build(&[("Thing.powerr", "Power")], &[]).unwrap();
        assert_eq!(naming.unused_renames, ["Thing.powerr"]);
        let lost = lost_renames(&api, &naming.names, &renames);
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].site, "Thing.powerr");
        assert_eq!(lost[0].to, "Power");
        // The members of the same parent first (nearest first), then the other sites.
        let candidates: Vec<(&str, &str)> = lost[0]
            .candidates
            .iter()
            .map(|c| (c.site.as_str(), c.name.as_str()))
            .collect();
        assert_eq!(
            candidates,
            [
                ("Thing.state", "ThingState"),
                ("Thing.status", "ThingStatus"),
                ("GET /things response.data[]", "Thing")
            ]
        );
    }

    #[test]
    fn conflicting_config_renames_are_errors() {
        let e = build(&[("Thing.status", "ThingState")], &[]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NameCollision);
        assert_eq!(e.pointer, "config:type_names.Thing.status");
        assert!(e.message.contains("`Thing.state`"), "{e}");
        let e = build(&[("Thing.status", "Same"), ("Thing.state", "Same")], &[]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NameCollision);
        assert!(
            e.message.contains("`Thing.state`") && e.message.contains("`Thing.status`") && e.message.contains("`Same`"),
            "{e}"
        );
        let e = build(&[("Thing.status", "lower_case")], &[]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidConfig);
        let e = build(&[("ThingStatus", "Power")], &[]).unwrap_err();
        assert_eq!(e.pointer, "config:type_names.ThingStatus");
        assert!(e.message.contains("`\"Thing.status\": Power`"), "{e}");
    }

    #[test]
    fn site_syntax() {
        for ok in [
            "GET /things response.data[]",
            "PATCH /portouts/{id}/{status} path.status",
            "GET /x query.filter",
            "POST /x body",
            "Thing.status",
            "Thing.tags[]",
            "PortoutEvent|portout.new_comment",
        ] {
            assert!(is_site(ok), "{ok}");
        }
        for bad in [
            "Thing",
            "get /x body",
            "GET x body",
            "GET /x",
            "GET /x header.a",
            "thing.status",
            "Thing.",
            "#/components/schemas/Thing",
        ] {
            assert!(!is_site(bad), "{bad}");
        }
        assert_eq!(anchor("GET /x/{id} response.data"), ("GET /x/{id}", "response.data"));
        assert_eq!(
            anchor("PortoutEvent|portout.new_comment"),
            ("PortoutEvent", "|portout.new_comment")
        );
        assert_eq!(anchor("Thing.tags[]"), ("Thing", ".tags[]"));
    }
}
