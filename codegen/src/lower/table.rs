//! The named types of one IR build, in two layers: those of the operations lowered so far
//! (*committed*) and those the operation being lowered has defined (*pending*). When the
//! operation is built, its pending types join the committed ones ([`Table::commit`]); when
//! it is skipped (whole-spec mode), they are dropped ([`Table::discard`]). A type is never
//! changed once defined, in either layer: what depends on how a type is used is decided by
//! `passes` after every operation is lowered.
//!
//! Why not keep every type and drop, after lowering, those no included operation reaches?
//! Because a type decides names while it is there: a dead type named `XGetModeStatus` makes
//! a later, different inline type of the same derived name `XGetModeStatus2`, and a dead
//! component type would be reused rather than built again. A pass after lowering cannot undo
//! those choices; a pending layer dropped before the next operation starts leaves none.

use crate::ir::{TypeDef, TypeRef};
use std::collections::BTreeMap;

/// Named types and component types, with where each type was defined.
#[derive(Debug, Default)]
pub(super) struct Layer {
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Where each named type was defined (for collision messages and `finish::merge_enums`).
    pub origins: BTreeMap<String, String>,
    /// The type of each component schema built, by component name.
    pub components: BTreeMap<String, TypeRef>,
}

/// The committed layer and the pending one. Lookups see both; definitions go to the pending
/// layer, under a name neither layer has.
#[derive(Debug, Default)]
pub(super) struct Table {
    committed: Layer,
    pending: Layer,
}

impl Table {
    /// The type named `name`, in either layer.
    pub(super) fn get(&self, name: &str) -> Option<&TypeDef> {
        self.pending.types.get(name).or_else(|| self.committed.types.get(name))
    }

    /// Whether a type is named `name`, in either layer.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.pending.types.contains_key(name) || self.committed.types.contains_key(name)
    }

    /// Where the type named `name` was defined.
    pub(super) fn origin(&self, name: &str) -> Option<&String> {
        self.pending
            .origins
            .get(name)
            .or_else(|| self.committed.origins.get(name))
    }

    /// The type built for a component schema, in either layer.
    pub(super) fn component(&self, component: &str) -> Option<&TypeRef> {
        self.pending
            .components
            .get(component)
            .or_else(|| self.committed.components.get(component))
    }

    /// Defines a type under a name no type has (the caller, `Builder::define`, checks it).
    pub(super) fn define(&mut self, name: String, at: &str, def: TypeDef) {
        self.pending.origins.insert(name.clone(), at.to_string());
        self.pending.types.insert(name, def);
    }

    /// Records the type built for a component schema.
    pub(super) fn define_component(&mut self, component: String, t: TypeRef) {
        self.pending.components.insert(component, t);
    }

    /// The operation was built: what it defined is kept.
    pub(super) fn commit(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.committed.types.extend(pending.types);
        self.committed.origins.extend(pending.origins);
        self.committed.components.extend(pending.components);
    }

    /// The operation is skipped: what it defined is dropped.
    pub(super) fn discard(&mut self) {
        self.pending = Layer::default();
    }

    /// The committed layer (what the included operations defined).
    pub(super) fn into_committed(self) -> Layer {
        self.committed
    }
}
