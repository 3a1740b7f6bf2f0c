//! The members of a JSON object that its model does not know (Telnyx added them after the
//! spec this client was generated from), kept raw on the model: `unknown_fields()` of every
//! model a response holds.
//!
//! A generated struct of such a type deserializes through [`ObjectOnly::keeping`], which
//! gives serde's derived visitor a map that looks at each key as it passes: a key the struct
//! does not list (serde passes the list to `deserialize_struct`) has its value read as
//! `serde_json::Value` into the struct's [`UnknownFields`], and the derived visitor, which
//! ignores such a key, gets a unit in its place. A known key costs one comparison per listed
//! field and allocates nothing; an object without unknown members allocates nothing.
//!
//! [`ObjectOnly::keeping`]: super::decode::ObjectOnly::keeping

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
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

    fn insert(&mut self, key: String, value: serde_json::Value) {
        self.0.insert(key, value);
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// The visitor of a struct, given a map that keeps its unknown members in `sink`.
pub(crate) struct Keep<'s, V> {
    pub(crate) visitor: V,
    pub(crate) fields: &'static [&'static str],
    pub(crate) sink: &'s mut UnknownFields,
}
impl<'de, V: Visitor<'de>> Visitor<'de> for Keep<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(KeepMap {
            map,
            fields: self.fields,
            sink: self.sink,
            pending: None,
        })
    }
}

/// A struct's map: a key the struct does not know has its value kept in `sink` (the derived
/// visitor ignores it: it gets a unit in its place).
struct KeepMap<'s, A> {
    map: A,
    fields: &'static [&'static str],
    sink: &'s mut UnknownFields,
    pending: Option<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KeepMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(KeySeed {
            seed,
            fields: self.fields,
            pending: &mut self.pending,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        match self.pending.take() {
            Some(key) => {
                let value: serde_json::Value = self.map.next_value()?;
                self.sink.insert(key, value);
                seed.deserialize(serde::de::value::UnitDeserializer::new())
            }
            None => self.map.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key, noting in `pending` one the struct does not know.
struct KeySeed<'p, K> {
    seed: K,
    fields: &'static [&'static str],
    pending: &'p mut Option<String>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        self.seed.deserialize(KeyDeserializer {
            de: d,
            fields: self.fields,
            pending: self.pending,
        })
    }
}

struct KeyDeserializer<'p, D> {
    de: D,
    fields: &'static [&'static str],
    pending: &'p mut Option<String>,
}

macro_rules! forward_key {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.de.$method(KeyVisitor { visitor, fields: self.fields, pending: self.pending })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, D> {
    type Error = D::Error;

    forward_key! { deserialize_identifier deserialize_str deserialize_string deserialize_any }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

struct KeyVisitor<'p, V> {
    visitor: V,
    fields: &'static [&'static str],
    pending: &'p mut Option<String>,
}

impl<'de, V: Visitor<'de>> KeyVisitor<'_, V> {
    fn note(&mut self, key: &str) {
        if !self.fields.contains(&key) {
            *self.pending = Some(key.to_string());
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_str<E: serde::de::Error>(mut self, v: &str) -> Result<V::Value, E> {
        self.note(v);
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: serde::de::Error>(mut self, v: &'de str) -> Result<V::Value, E> {
        self.note(v);
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: serde::de::Error>(mut self, v: String) -> Result<V::Value, E> {
        self.note(&v);
        self.visitor.visit_string(v)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.visitor.visit_u64(v)
    }

    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.visitor.visit_bytes(v)
    }
}
