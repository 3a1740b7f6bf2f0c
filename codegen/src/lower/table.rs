//! The types of one IR build, by identity. A type is defined once, under a fresh
//! [`TypeId`], with the name lowering suggests for it ([`TypeOrigin`]); it is never renamed
//! or changed here. Two definitions are one type when they suggest the same name and are
//! structurally identical (the spec repeats an inline schema); otherwise each is a type of its
//! own, even under one suggested name: the naming stage decides which gets the name.
//!
//! The table keeps every type an operation defined, also one whose operation was then
//! skipped (whole-spec mode): such a type is reached by no operation, so lowering drops it
//! at the end ([`super::build`]) and it takes no name. Everything else of a skipped
//! operation is forgotten ([`Table::forget_since`]): the components it built (one may hold a
//! `Box` of a component whose schema failed, which was never defined) and its types as
//! candidates of the identity check, so a later operation defines its types anew, in its
//! own order, exactly as if the skipped one were not in the spec (the order of identities
//! decides which type a suggested name goes to).

use crate::ir::{TypeDef, TypeId, TypeOrigin, TypeRef};
use std::collections::BTreeMap;

/// Where the table stood before an operation was lowered.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    recorded: usize,
    next: u32,
}

/// The defined types, their origins, and the type built for each component schema.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// Named types by identity.
    pub types: BTreeMap<TypeId, TypeDef>,
    /// Where each identity comes from (also for ids reserved for a component under
    /// construction, before its type is defined).
    pub origins: BTreeMap<TypeId, TypeOrigin>,
    /// The type of each component schema built, by component name.
    pub components: BTreeMap<String, TypeRef>,
    /// Ids by suggested name, for the identity check.
    by_suggestion: BTreeMap<String, Vec<TypeId>>,
    /// The components recorded, in order (to forget those of a skipped operation).
    recorded: Vec<String>,
    next: u32,
}

impl Table {
    /// The type `id`.
    pub(super) fn get(&self, id: &TypeId) -> Option<&TypeDef> {
        self.types.get(id)
    }

    /// The struct a reference names (directly or boxed), if it names one.
    pub(super) fn struct_of(&self, t: &TypeRef) -> Option<&crate::ir::Struct> {
        crate::ir::struct_in(&self.types, t)
    }

    /// The type built for a component schema.
    pub(super) fn component(&self, component: &str) -> Option<&TypeRef> {
        self.components.get(component)
    }

    /// A fresh identity with its origin, its type not defined yet (a component under
    /// construction, which references back to it may name).
    pub(super) fn reserve(&mut self, origin: TypeOrigin) -> TypeId {
        let id = TypeId(self.next);
        self.next += 1;
        self.origins.insert(id, origin);
        id
    }

    /// Whether `id`'s type is defined.
    pub(super) fn is_defined(&self, id: TypeId) -> bool {
        self.types.contains_key(&id)
    }

    /// Defines the type of an id from [`Table::reserve`].
    pub(super) fn define_reserved(&mut self, id: TypeId, def: TypeDef) {
        if let Some(o) = self.origins.get(&id) {
            self.by_suggestion.entry(o.suggested.clone()).or_default().push(id);
        }
        self.types.insert(id, def);
    }

    /// The inline type suggesting `suggested` and identical to `def`, defined anew when
    /// there is none.
    pub(super) fn define(&mut self, suggested: &str, at: &str, def: TypeDef) -> TypeId {
        let same = self
            .by_suggestion
            .get(suggested)
            .into_iter()
            .flatten()
            .copied()
            .find(|id| self.types.get(id) == Some(&def));
        if let Some(id) = same {
            return id;
        }
        let id = self.reserve(TypeOrigin {
            suggested: suggested.to_string(),
            component: None,
            at: at.to_string(),
        });
        self.define_reserved(id, def);
        id
    }

    /// Records the type built for a component schema.
    pub(super) fn define_component(&mut self, component: String, t: TypeRef) {
        self.recorded.push(component.clone());
        self.components.insert(component, t);
    }

    /// Where the table stands (before an operation is lowered).
    pub(super) fn mark(&self) -> Mark {
        Mark {
            recorded: self.recorded.len(),
            next: self.next,
        }
    }

    /// Forgets what was defined since `mark` (by an operation that is skipped): its
    /// components, and its types as candidates of the identity check (they stay in the
    /// table, reached by nothing).
    pub(super) fn forget_since(&mut self, mark: Mark) {
        for component in self.recorded.drain(mark.recorded.min(self.recorded.len())..) {
            self.components.remove(&component);
        }
        for ids in self.by_suggestion.values_mut() {
            ids.retain(|id| id.0 < mark.next);
        }
    }
}
