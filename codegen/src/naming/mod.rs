//! Stage 6, naming: a pure function from the IR, the config's renames and the names lock to
//! the table of the public names types give ([`Names`]): each type's name, its enum or union
//! variants' names and its catch-all variant, its setters and the private field that keeps
//! unknown members. The IR is never renamed; the surface (stage 7) is where names meet
//! structure.
//!
//! - `base_names` (here): the name the spec alone gives each type. A component schema's type
//!   has the schema's Rust name (`names::component_names`: the spec's namespace of schemas,
//!   recased and claimed in sorted order; all of them reserved, used or not); every other
//!   type takes the name lowering suggests, in the order types were defined, with the next
//!   free numeric suffix when another type has it: the one place a type name is suffixed.
//!   Union variants and catch-alls are named from these. `counter_names` recalls the names
//!   lowering once gave (for config keys written with them).
//! - `renames`: the published names, from the config's renames and the names lock
//!   (`lock`), keyed by the sites where a type is used.
//!
//! Every namespace claims through `names::Namespace`: one collision policy.

mod lock;
mod renames;

pub use lock::NamesLock;
pub use renames::{Candidate, LostRename, lost_renames};

use crate::error::Result;
use crate::ir::{Api, TypeDef, TypeId, TypeOrigin, TypeRef, VariantName};
use crate::names::{self, Namespace};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) use lock::sites;

/// The public names of the types of one IR, by identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Every type's published name.
    types: BTreeMap<TypeId, String>,
    /// The same, by name.
    ids: BTreeMap<String, TypeId>,
    /// Each enum's and union's variant names, in variant order.
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
    /// The published name of type `id`. Every type of the IR the table was made for has one
    /// (`assign` names each); an id of another IR has none (empty).
    pub fn type_name(&self, id: TypeId) -> &str {
        self.types.get(&id).map_or("", String::as_str)
    }

    /// Every type's published name, by identity.
    pub(crate) fn table(&self) -> &BTreeMap<TypeId, String> {
        &self.types
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

    /// The names of enum or union `id`'s variants, in order.
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

/// The enums lowering folded into another: each with its origin and the type it was merged
/// into (`lower::Lowered::merged_enums`).
pub type Merged = BTreeMap<TypeId, (TypeOrigin, TypeId)>;

/// Names every type of `api`: config `renames` (site to name) first, then the `lock`, then
/// the base name. `components` are the Rust names of every component schema of the document
/// (reserved); `merged` the enums lowering folded into another (for messages).
pub fn assign(
    api: &Api,
    components: &BTreeSet<String>,
    renames: &BTreeMap<String, String>,
    lock: &NamesLock,
    merged: &Merged,
) -> Result<Naming> {
    let base = base_names(api, components)?;
    let counters = counter_names(api, components, merged);
    let keys = renames::check_keys(api, &base, &counters, renames, lock)?;
    let settled = renames::settle(api, &base, &keys, lock)?;
    let all_sites = sites(api, &settled.names);
    let used: BTreeSet<&String> = all_sites.values().flatten().collect();
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
    let merged_enums = counters
        .iter()
        .filter(|c| c.id != c.meant)
        .filter_map(|c| Some((c.name.clone(), base.get(&c.meant)?.clone())))
        .collect();
    let mut names = members(api, &base)?;
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

/// The name the spec alone gives each type (see the module docs). Every type gets one: an
/// error otherwise (a reference lowering left without a type), never an empty name.
fn base_names(api: &Api, components: &BTreeSet<String>) -> Result<BTreeMap<TypeId, String>> {
    let mut taken = Namespace::reserving(components.iter().map(String::as_str));
    let mut out = BTreeMap::new();
    for id in api.types.keys() {
        let Some(origin) = api.origins.get(id) else {
            return Err(crate::Error::new(
                crate::ErrorKind::Unsupported,
                "",
                "a type lowering built has no origin to name it by",
            ));
        };
        let name = match origin.component {
            // Claimed for it already (`names::component_names`), among the reserved names.
            Some(_) => origin.suggested.clone(),
            None => taken.claim(&origin.suggested),
        };
        out.insert(*id, name);
    }
    Ok(out)
}

/// The name an inline type had when lowering named types in definition order, and the type
/// it means now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CounterName {
    /// `X`, then `X2`, `X3`, ... in definition order (from `X2` when a component is `X`,
    /// skipping names taken otherwise).
    pub name: String,
    /// The type it was given to.
    pub id: TypeId,
    /// The type it means now: itself, or the enum it was merged into.
    pub meant: TypeId,
}

/// The name every inline type (the enums merged away included) had when lowering gave type
/// names in definition order with a counter suffix, claimed the same way: component names
/// reserved, then each suggestion in definition order. Config keys and messages were written
/// with these, so a key that is one is answered with the sites of the type it meant. (A
/// definition identical to an earlier one was, and is, that type: a name it may once have
/// been given cannot be recalled.)
fn counter_names(api: &Api, components: &BTreeSet<String>, merged: &Merged) -> Vec<CounterName> {
    let live = api.origins.iter().map(|(id, o)| (*id, o, *id));
    let gone = merged.iter().map(|(id, (o, into))| (*id, o, *into));
    let mut inline: Vec<(TypeId, &TypeOrigin, TypeId)> =
        live.chain(gone).filter(|(_, o, _)| o.component.is_none()).collect();
    inline.sort_by_key(|(id, _, _)| *id);
    let mut taken = Namespace::reserving(components.iter().map(String::as_str));
    inline
        .into_iter()
        .map(|(id, origin, meant)| CounterName {
            name: taken.claim(&origin.suggested),
            id,
            meant,
        })
        .collect()
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

/// The names inside each type: enum variants (from their wire values), union variants (from
/// their word, or from the payload's base name) and catch-alls, struct setters and the
/// unknown-members field.
fn members(api: &Api, base: &BTreeMap<TypeId, String>) -> Result<Names> {
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
            TypeDef::Enum(e) => {
                // Values never take the catch-all's name.
                let mut taken = Namespace::reserving(["Unknown"]);
                let variants = e
                    .variants
                    .iter()
                    .map(|v| taken.claim(&names::variant(&v.wire)))
                    .collect();
                out.variants.insert(*id, variants);
                out.catch_alls.insert(*id, "Unknown".to_string());
            }
            TypeDef::Union(u) => {
                // Variants never take the catch-all's name.
                let mut taken = Namespace::reserving(["Unknown"]);
                let mut variants: Vec<String> = Vec::new();
                for v in &u.variants {
                    let word = match &v.name {
                        VariantName::Word(w) => names::variant(w),
                        VariantName::OfPayload => payload_word(&v.ty, base).ok_or_else(|| {
                            crate::Error::new(
                                crate::ErrorKind::Unsupported,
                                api.origins.get(id).map_or("", |o| o.at.as_str()),
                                "a variant of this union holds a type that has no name",
                            )
                        })?,
                    };
                    variants.push(taken.claim(&word));
                }
                let catch_all = match u.discriminator {
                    Some(_) => "Unknown".to_string(),
                    None => Namespace::reserving(variants.iter().map(String::as_str)).claim("Other"),
                };
                out.catch_alls.insert(*id, catch_all);
                out.variants.insert(*id, variants);
            }
        }
    }
    Ok(out)
}

/// A union variant's name from its payload: a scalar's word, `List`/`Map` around the item's,
/// a generated type's base name (none: a type without one).
fn payload_word(t: &TypeRef, base: &BTreeMap<TypeId, String>) -> Option<String> {
    if let Some(s) = t.scalar() {
        return Some(s.word.into());
    }
    match t {
        TypeRef::Vec(inner) => Some(format!("{}List", payload_word(inner, base)?)),
        TypeRef::Map(inner) => Some(format!("{}Map", payload_word(inner, base)?)),
        _ => base.get(t.named()?).cloned(),
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

    #[test]
    fn components_that_recase_alike_prefix_their_inline_types_with_their_own_names() {
        // `FooBar` and `Foo_bar` both recase to `FooBar`: the first in sorted order keeps it,
        // the other is `FooBar2`, and so are the names of their inline types, which stay two
        // types although they are identical.
        let schemas = r##"
    Thing:
      type: object
      properties:
        a: {$ref: '#/components/schemas/FooBar'}
        b: {$ref: '#/components/schemas/Foo_bar'}
    FooBar:
      type: object
      properties:
        meta: {type: object, properties: {x: {type: string}}}
    Foo_bar:
      type: object
      properties:
        meta: {type: object, properties: {x: {type: string}}}
"##;
        let g = crate::generate(things_spec(schemas).as_bytes(), &config(""), None).unwrap();
        let names: Vec<&str> = g.identifiers.all().collect();
        assert_eq!(names, ["FooBar", "FooBar2", "FooBar2Meta", "FooBarMeta", "Thing"]);
        let ty = |field: &str| g.surface.types["Thing"].member(field).and_then(|m| m.ty.clone());
        assert_eq!(ty("a"), Some(crate::surface::TypeRef::Named("FooBar".into())));
        assert_eq!(ty("b"), Some(crate::surface::TypeRef::Named("FooBar2".into())));
    }

    #[test]
    fn a_rename_keyed_by_a_counter_suffixed_name_is_answered_with_the_type_it_meant() {
        // Lowering once named `Thing.Kind` `ThingKind2` (the component has `ThingKind`) and
        // `Thing.kind` `ThingKind3`; the latter is identical to `Level` and merged into it.
        let schemas = r##"
    Level: {type: string, enum: [low, high]}
    ThingKind: {type: string, enum: [x, y]}
    Thing:
      type: object
      properties:
        Kind: {type: string, enum: [a, b]}
        kind: {type: string, enum: [low, high]}
        level: {$ref: '#/components/schemas/Level'}
        other: {$ref: '#/components/schemas/ThingKind'}
"##;
        let e = crate::generate(
            things_spec(schemas).as_bytes(),
            &config("type_names:\n  ThingKind3: Foo\n"),
            None,
        )
        .unwrap_err();
        assert_eq!(e.pointer, "config:type_names.ThingKind3");
        assert!(
            e.message.contains("published as `Level`")
                && e.message.contains("`Thing.kind`")
                && e.message.contains("`Thing.level`"),
            "{e}"
        );
        let e = crate::generate(
            things_spec(schemas).as_bytes(),
            &config("type_names:\n  ThingKind2: Foo\n"),
            None,
        )
        .unwrap_err();
        assert!(
            e.message.contains("published as `ThingKind2`") && e.message.contains("`Thing.Kind`"),
            "{e}"
        );
        // The merged enum's old name leads to the type it was merged into.
        let g = crate::generate(things_spec(schemas).as_bytes(), &config(""), None).unwrap();
        assert_eq!(
            g.diagnostics.merged_enums.get("ThingKind3").map(String::as_str),
            Some("Level")
        );
    }
}
