//! Stage 6, naming: a pure function from the IR, the config's renames and the names lock to
//! the table of the public names types give ([`Names`]): each type's name, its union
//! variants' names and its catch-all variant, its setters and the private field that keeps
//! unknown members. The IR is never renamed; the surface (stage 7) is where names meet
//! structure.
//!
//! - `base` (here): the name the spec alone gives each type. A component schema's type is
//!   named after the schema (those names are claimed first, in sorted order of the schemas'
//!   names, used or not); every other type takes the name lowering suggests, in the order
//!   types were defined, with the next free numeric suffix when another type has it: the one
//!   place a type name is suffixed. Union variants and catch-alls are named from these.
//! - [`renames`]: the published names, from the config's renames and the names lock
//!   (`lock`), keyed by the sites where a type is used.
//!
//! Every namespace claims through [`crate::names::Namespace`]: one collision policy.

mod lock;
mod renames;

pub use lock::NamesLock;
pub use renames::{Candidate, LostRename, lost_renames};

use crate::error::Result;
use crate::ir::{Api, TypeDef, TypeId, TypeRef, VariantName};
use crate::names::{self, Namespace};
use std::collections::BTreeMap;

pub(crate) use lock::sites;

/// The public names of the types of one IR, by identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Every type's published name.
    types: BTreeMap<TypeId, String>,
    /// The same, by name.
    ids: BTreeMap<String, TypeId>,
    /// Each union's variant names, in variant order.
    variants: BTreeMap<TypeId, Vec<String>>,
    /// Each enum's and union's catch-all variant.
    catch_alls: BTreeMap<TypeId, String>,
    /// Each struct's setter names, in field order.
    setters: BTreeMap<TypeId, Vec<String>>,
    /// Each struct's private field keeping the members it does not know.
    unknown: BTreeMap<TypeId, String>,
}

/// What [`assign`] returns: the names, and what naming found beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Naming {
    /// The table.
    pub names: Names,
    /// The names lock of this generation: every site and its type's final name.
    pub lock: NamesLock,
    /// One line per type whose recorded name was kept over the name this spec would give it.
    pub notes: Vec<String>,
    /// Config renames (`type_names`): the keys (sites) that match no site of this spec.
    pub unused_renames: Vec<String>,
    /// Inline enums folded into an identical one: the name lowering suggested for each, to
    /// the base name of the one it was merged into.
    pub merged_enums: BTreeMap<String, String>,
}

impl Names {
    /// The published name of type `id` (empty for an id of another IR).
    pub fn type_name(&self, id: TypeId) -> &str {
        self.types.get(&id).map_or("", String::as_str)
    }

    /// Every published type name, sorted.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.ids.keys().map(String::as_str)
    }

    /// The type published as `name`.
    pub fn id_of(&self, name: &str) -> Option<TypeId> {
        self.ids.get(name).copied()
    }

    /// A type reference with its generated type named.
    pub fn type_ref(&self, t: &TypeRef) -> TypeRef<String> {
        t.map(&|id| self.type_name(*id).to_string())
    }

    /// The names of union `id`'s variants, in order.
    pub(crate) fn variants(&self, id: TypeId) -> &[String] {
        self.variants.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The catch-all variant of enum or union `id`.
    pub(crate) fn catch_all(&self, id: TypeId) -> Option<&str> {
        self.catch_alls.get(&id).map(String::as_str)
    }

    /// The setter names of struct `id`, in field order.
    pub(crate) fn setters(&self, id: TypeId) -> &[String] {
        self.setters.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The private field of struct `id` that keeps unknown members.
    pub(crate) fn unknown(&self, id: TypeId) -> Option<&str> {
        self.unknown.get(&id).map(String::as_str)
    }
}

/// Names every type of `api`: config `renames` (site to name) first, then the `lock`, then
/// the base name. `components` are the names of every component schema of the document;
/// `merged` the enums lowering folded into another (for messages).
pub fn assign(
    api: &Api,
    components: &[String],
    renames: &BTreeMap<String, String>,
    lock: &NamesLock,
    merged: &BTreeMap<TypeId, (crate::ir::TypeOrigin, TypeId)>,
) -> Result<Naming> {
    let base = base_names(api, components);
    let keys = renames::check_keys(api, &base, renames, lock, merged)?;
    let settled = renames::settle(api, &base, &keys, lock)?;
    let all_sites = sites(api, &|id| settled.names.get(&id).cloned().unwrap_or_default());
    let used: std::collections::BTreeSet<&String> = all_sites.values().flatten().collect();
    let unused_renames = keys.keys().filter(|k| !used.contains(k)).cloned().collect();
    let mut out = NamesLock::default();
    for (id, type_sites) in &all_sites {
        let Some(name) = settled.names.get(id) else { continue };
        for s in type_sites {
            out.sites.insert(s.clone(), name.clone());
        }
    }
    let mut notes: Vec<String> = settled
        .given
        .iter()
        .filter(|(_, how)| **how == renames::Given::Lock)
        .filter_map(|(id, _)| {
            let (name, generated) = (settled.names.get(id)?, base.get(id)?);
            (generated != name)
                .then(|| format!("type `{name}` kept its published name (this spec alone would name it `{generated}`)"))
        })
        .collect();
    notes.sort();
    let merged_enums = merged
        .values()
        .filter_map(|(from, to)| Some((from.suggested.clone(), base.get(to)?.clone())))
        .collect();
    let mut names = members(api, &base);
    names.ids = settled.names.iter().map(|(id, n)| (n.clone(), *id)).collect();
    names.types = settled.names;
    Ok(Naming {
        names,
        lock: out,
        notes,
        unused_renames,
        merged_enums,
    })
}

/// The name the spec alone gives each type (see the module docs).
fn base_names(api: &Api, components: &[String]) -> BTreeMap<TypeId, String> {
    let mut taken = Namespace::default();
    let component_names: BTreeMap<&str, String> = components
        .iter()
        .map(|c| (c.as_str(), taken.claim(&names::pascal(c))))
        .collect();
    let mut out = BTreeMap::new();
    for id in api.types.keys() {
        let Some(origin) = api.origins.get(id) else { continue };
        let name = match origin.component.as_deref().and_then(|c| component_names.get(c)) {
            Some(reserved) => reserved.clone(),
            None => taken.claim(&origin.suggested),
        };
        out.insert(*id, name);
    }
    out
}

/// Method names a model setter must not take: the constructor, and methods of the derived
/// traits (an inherent method would shadow them).
pub(crate) const RESERVED_SETTERS: &[&str] = &[
    "new",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "default",
    "serialize",
    "deserialize",
    "to_query",
    "unknown_fields",
];

/// The names inside each type: union variants (from their word, or from the payload's base
/// name) and catch-alls, struct setters and the unknown-members field.
fn members(api: &Api, base: &BTreeMap<TypeId, String>) -> Names {
    let mut out = Names::default();
    for (id, def) in &api.types {
        match def {
            TypeDef::Struct(s) => {
                let fields: Vec<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
                out.setters.insert(*id, setter_names(&fields));
                out.unknown.insert(
                    *id,
                    Namespace::reserving(fields.iter().copied()).claim("unknown_fields"),
                );
            }
            TypeDef::Enum(_) => {
                out.catch_alls.insert(*id, "Unknown".to_string());
            }
            TypeDef::Union(u) => {
                // Variants never take the catch-all's name.
                let mut taken = Namespace::reserving(["Unknown"]);
                let variants: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| match &v.name {
                        VariantName::Word(w) => taken.claim(&names::variant(w)),
                        VariantName::OfPayload => taken.claim(&payload_word(&v.ty, base)),
                    })
                    .collect();
                let catch_all = match u.discriminator {
                    Some(_) => "Unknown".to_string(),
                    None => Namespace::reserving(variants.iter().map(String::as_str)).claim("Other"),
                };
                out.catch_alls.insert(*id, catch_all);
                out.variants.insert(*id, variants);
            }
        }
    }
    out
}

/// A union variant's name from its payload: a scalar's word, `List`/`Map` around the item's,
/// a generated type's base name.
fn payload_word(t: &TypeRef, base: &BTreeMap<TypeId, String>) -> String {
    if let Some(s) = t.scalar() {
        return s.word.into();
    }
    match t {
        TypeRef::Vec(inner) => format!("{}List", payload_word(inner, base)),
        TypeRef::Map(inner) => format!("{}Map", payload_word(inner, base)),
        _ => t.named().and_then(|id| base.get(id)).cloned().unwrap_or_default(),
    }
}

/// The builder methods that set a struct's fields, in field order: each field's name, or
/// `set_<name>` where a derived trait has the name; a `set_<name>` that another field's
/// setter has too (fields `new` and `set_new`) is suffixed (`set_new2`), so no two setters
/// share a name.
fn setter_names(fields: &[&str]) -> Vec<String> {
    // Fields that keep their own name claim it first, whatever their order.
    let mut taken = Namespace::reserving(fields.iter().copied().filter(|f| !RESERVED_SETTERS.contains(f)));
    fields
        .iter()
        .map(|f| {
            if RESERVED_SETTERS.contains(f) {
                taken.claim(&format!("set_{f}"))
            } else {
                f.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::Config;
    use crate::naming::NamesLock;

    /// A spec of one operation, `GET /things`, answering `{"data": [Thing]}`, with the
    /// component schemas `schemas` (YAML, indented as under `components.schemas`).
    pub(super) fn things_spec(schemas: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
{schemas}"##
        )
    }

    /// Things with a status enum, a union whose inline enum variant is identical to the
    /// component enum `Level`, and an inline enum `kind` defined before the component
    /// `ThingKind` its name recases to (properties are lowered in sorted order).
    const SCHEMAS: &str = r##"
    Level: {type: string, enum: [low, high]}
    ThingKind: {type: string, enum: [x, y]}
    Thing:
      type: object
      properties:
        status: {type: string, enum: [on, off]}
        kind: {type: string, enum: [a, b]}
        other: {$ref: '#/components/schemas/ThingKind'}
        level:
          oneOf:
            - {type: string, enum: [low, high]}
            - {type: array, items: {$ref: '#/components/schemas/Level'}}
"##;

    fn config(renames: &str) -> Config {
        Config::parse(&format!("operations:\n  GET /things: things.list\n{renames}")).unwrap()
    }

    #[test]
    fn renaming_a_type_changes_the_table_and_not_the_ir() {
        let (plain, plain_names) = crate::build_ir(things_spec(SCHEMAS).as_bytes(), &config("")).unwrap();
        let renamed_config = config("type_names:\n  Item.status: Power\n  GET /things response.data[]: Item\n");
        let (renamed, renamed_names) = crate::build_ir(things_spec(SCHEMAS).as_bytes(), &renamed_config).unwrap();
        assert_eq!(plain, renamed, "a rename must not touch the IR");
        let thing = plain_names.id_of("Thing").unwrap();
        assert_eq!(renamed_names.type_name(thing), "Item");
        let status = plain_names.id_of("ThingStatus").unwrap();
        assert_eq!(renamed_names.type_name(status), "Power");
        // The member site names its parent by its final name, and the lock written back
        // records it so.
        let (_, naming) =
            crate::build_ir_locked(things_spec(SCHEMAS).as_bytes(), &renamed_config, &NamesLock::default()).unwrap();
        assert_eq!(naming.lock.sites.get("Item.status").map(String::as_str), Some("Power"));
    }

    #[test]
    fn a_component_keeps_its_name_over_a_suggestion_defined_before_it() {
        let (api, names) = crate::build_ir(things_spec(SCHEMAS).as_bytes(), &config("")).unwrap();
        let wires = |name: &str| match names.id_of(name).and_then(|id| api.types.get(&id)) {
            Some(crate::ir::TypeDef::Enum(e)) => e.variants.iter().map(|v| v.wire.clone()).collect::<Vec<_>>(),
            other => panic!("`{name}`: {other:?}"),
        };
        // `Thing.kind` suggests `ThingKind` and is defined first; the component's name is
        // claimed first all the same, and the suggestion is suffixed.
        assert_eq!(wires("ThingKind"), ["x", "y"]);
        assert_eq!(wires("ThingKind2"), ["a", "b"]);
    }

    #[test]
    fn a_union_variant_is_named_after_the_type_its_payload_was_merged_into() {
        let g = crate::generate(things_spec(SCHEMAS).as_bytes(), &config(""), None).unwrap();
        let level = &g.surface.types["ThingLevel"];
        let variants: Vec<&str> = level.members.iter().map(|m| m.rust_name.as_str()).collect();
        // The inline enum of the first variant is identical to `Level` and merged into it:
        // the variant is named after `Level`, not after the name lowering suggested for the
        // inline enum (`ThingLevelVariant1`), which names no type.
        assert_eq!(variants, ["Level", "LevelList"]);
        assert!(g.identifiers.id_of("ThingLevelVariant1").is_none());
    }
}
