//! The members of a JSON object that its model does not know (Telnyx added them after the
//! spec this client was generated from), kept raw on the model: `unknown_fields()` of every
//! model a response holds. `object.rs` reads them: a key the struct does not list has its
//! value read as `serde_json::Value` into the struct's [`UnknownFields`]; a known key
//! allocates nothing, and neither does an object without unknown members.

use std::collections::BTreeMap;
use std::fmt;
/// The members of an object that its model does not know (Telnyx added them after the spec
/// this client was generated from), kept raw by the model's `unknown_fields()`. An empty
/// `BTreeMap` does not allocate, so an object without any costs nothing for them.
#[derive(Clone, Default, PartialEq)]
pub struct UnknownFields(BTreeMap<String, serde_json::Value>);

impl UnknownFields {
    /// The members, by JSON key.
    pub fn get(&self) -> &BTreeMap<String, serde_json::Value> {
        &self.0
    }

    pub(crate) fn insert(&mut self, key: String, value: serde_json::Value) {
        self.0.insert(key, value);
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}
