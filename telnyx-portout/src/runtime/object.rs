//! `Serialize` and `Deserialize` of every generated struct, written once here.
//!
//! A generated struct used to derive both with serde (through `#[serde(remote = "Self")]`, so
//! that its `Deserialize` could refuse arrays): serde's derive writes a field enum, a field
//! visitor, a sequence visitor and a map visitor for each struct, which made up most of the
//! compile time of a whole-API crate. Here each struct gets one call of [`object_struct!`]
//! listing its fields with their wire names, and the work is done by generic functions:
//! [`Object::from_map`] (the one per-struct function: a loop over the keys) and the helpers
//! below. What the derive did is kept exactly:
//!
//! - a struct decodes from a JSON object only (an array is `invalid type: sequence, expected
//!   struct X`, as with `decode::ObjectOnly`);
//! - unknown keys are skipped; a repeated key is `duplicate field `x``;
//! - a missing required field is `missing field `x`` (a required field whose type is an
//!   `Option` is `None` when missing, as serde does); a missing optional field is `None`;
//! - keys are read with `deserialize_identifier`, so `serde_path_to_error` names the path of
//!   a failure the same way (`data[3].created_at`);
//! - a struct serializes as a struct (`serialize_struct` with the exact number of fields
//!   written), members in declaration order, an unset optional member skipped.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// A generated struct read from a map (implemented by [`object_struct!`]).
pub trait Object: Sized {
    /// What the error of a non-object says was expected (`struct X`).
    const EXPECTING: &'static str;
    /// Reads the struct from the members of a JSON object.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct: from a map only.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);
    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// The next key of `map` as one of `fields` (the struct's wire names); `Some(None)` for a key
/// the struct does not have (its value must then be skipped with [`skip`]).
pub fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Option<&'static str>>, A::Error> {
    map.next_key_seed(Field(fields))
}

/// A key, matched against a struct's wire names without allocating.
struct Field(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|w| *w == v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().copied().find(|w| w.as_bytes() == v))
    }
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Reads the value of field `wire` into `slot`; a second value for it is an error.
pub fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required member (`field: T`).
#[derive(Debug)]
pub struct Required;

impl Required {
    /// How many fields it writes.
    pub fn len<T>(_value: &T) -> usize {
        1
    }

    /// Writes it.
    pub fn write<S: SerializeStruct, T: Serialize>(st: &mut S, wire: &'static str, value: &T) -> Result<(), S::Error> {
        st.serialize_field(wire, value)
    }

    /// Its value once every key was read: missing is an error, except for a type that reads
    /// a missing value as `None` (an `Option`), as serde's derive does.
    pub fn finish<'de, T: Deserialize<'de>, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
        match slot {
            Some(v) => Ok(v),
            None => T::deserialize(Missing(wire, PhantomData)),
        }
    }
}

/// An optional member (`field: Option<T>`, left out of the JSON when `None`, `None` when
/// missing or null).
#[derive(Debug)]
pub struct Optional;

impl Optional {
    /// How many fields it writes.
    pub fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// Writes it, or skips it when unset.
    pub fn write<S: SerializeStruct, T: Serialize>(
        st: &mut S,
        wire: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(_) => st.serialize_field(wire, value),
            None => st.skip_field(wire),
        }
    }

    /// Its value once every key was read: `None` when missing.
    pub fn finish<T, E>(slot: Option<Option<T>>, _wire: &'static str) -> Result<Option<T>, E> {
        Ok(slot.flatten())
    }
}

/// `serialize_struct` of a generated struct with `len` fields written.
pub fn start<S: Serializer>(s: S, name: &'static str, len: usize) -> Result<S::SerializeStruct, S::Error> {
    s.serialize_struct(name, len)
}

/// The value of a missing field: `None` for an `Option`, else `missing field`.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(de::Error::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// `Serialize` and object-only `Deserialize` of a generated struct, from its fields in
/// declaration order, each with its wire name and `Required` or `Optional`.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_struct {
    ($ty:ident { $($field:ident: $wire:literal $kind:ident,)* }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                let len = 0 $(+ $crate::runtime::object::$kind::len(&self.$field))*;
                #[allow(unused_mut)]
                let mut st = $crate::runtime::object::start(s, ::std::stringify!($ty), len)?;
                $($crate::runtime::object::$kind::write(&mut st, $wire, &self.$field)?;)*
                ::serde::ser::SerializeStruct::end(st)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::object::deserialize(d)
            }
        }
        impl $crate::runtime::object::Object for $ty {
            const EXPECTING: &'static str = ::std::concat!("struct ", ::std::stringify!($ty));
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                while let ::std::option::Option::Some(key) =
                    $crate::runtime::object::next_key(&mut map, &[$($wire),*])?
                {
                    match key {
                        $(::std::option::Option::Some($wire) => {
                            $crate::runtime::object::value(&mut map, &mut $field, $wire)?
                        })*
                        _ => $crate::runtime::object::skip(&mut map)?,
                    }
                }
                ::std::result::Result::Ok($ty {
                    $($field: $crate::runtime::object::$kind::finish::<_, A::Error>($field, $wire)?,)*
                })
            }
        }
    };
}
pub use crate::__object_struct as object_struct;
