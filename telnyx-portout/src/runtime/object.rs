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
//!
//! Two things the derive did not do, for the types responses hold: a `Present` field (one the
//! spec requires, which is an `Option` so that tolerant decoding can leave it absent) is read
//! by [`present`] and must be there and not `null`; and a struct called with `keep <field>`
//! keeps the members it does not know in that field ([`next_key_keeping`], [`keep`]: only an
//! unknown key allocates), read with its `unknown_fields()`, never serialized.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

use super::unknown::UnknownFields;

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

/// The next key of `map` as the position of its field in `fields` (the struct's wire names,
/// in declaration order); `Some(None)` for a key the struct does not have (its value must then
/// be skipped with [`skip`]). The generated `from_map` matches the position, an integer.
pub fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Option<usize>>, A::Error> {
    Ok(map.next_key_seed(Field::<false>(fields))?.map(|key| key.ok()))
}

/// A key, matched against a struct's wire names: its field's position, else (with `KEEP`) the
/// key's text, the only case that allocates.
struct Field<const KEEP: bool>(&'static [&'static str]);

impl<const KEEP: bool> Field<KEEP> {
    fn unknown(text: impl FnOnce() -> String) -> Option<String> {
        KEEP.then(text)
    }
}

impl<'de, const KEEP: bool> DeserializeSeed<'de> for Field<KEEP> {
    type Value = Result<usize, Option<String>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, const KEEP: bool> Visitor<'de> for Field<KEEP> {
    type Value = Result<usize, Option<String>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|w| *w == v)
            .ok_or_else(|| Self::unknown(|| v.to_string())))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self
            .0
            .iter()
            .position(|w| w.as_bytes() == v)
            .ok_or_else(|| Self::unknown(|| String::from_utf8_lossy(v).into_owned())))
    }
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// [`next_key`] for a struct that keeps the members it does not know: `Err(Some(key))` for a
/// key the struct does not have (its value then goes to [`keep`]). Only such a key allocates.
pub fn next_key_keeping<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Result<usize, Option<String>>>, A::Error> {
    map.next_key_seed(Field::<true>(fields))
}

/// Keeps the value of a key the struct does not have, raw (the last one of a repeated key).
pub fn keep<'de, A: MapAccess<'de>>(map: &mut A, unknown: &mut UnknownFields, key: String) -> Result<(), A::Error> {
    let value: serde_json::Value = map.next_value()?;
    unknown.insert(key, value);
    Ok(())
}

/// Reads the value of a field the spec requires that is an `Option` (a type responses
/// hold) into `slot`: present and not `null`, except where tolerant decoding's repair marked
/// it absent ([`super::decode::required`]); a second value for it is an error.
pub fn present<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value_seed(Present(PhantomData))?);
    Ok(())
}

struct Present<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Present<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        super::decode::required(d)
    }
}

/// The value of a field read by [`present`] once every key was read: missing is an error
/// (the field is an `Option` only so that tolerant decoding can leave it absent).
pub fn presence<T, E: de::Error>(slot: Option<Option<T>>, wire: &'static str) -> Result<Option<T>, E> {
    slot.ok_or_else(|| de::Error::missing_field(wire))
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

/// The fields of a struct being serialized; the first error is kept and returned by
/// [`Writer::end`] (so the generated `serialize` has no early return per field).
#[derive(Debug)]
pub struct Writer<S: Serializer>(Result<S::SerializeStruct, S::Error>);

impl<S: Serializer> Writer<S> {
    /// `serialize_struct` of a generated struct with `len` fields written.
    pub fn start(s: S, name: &'static str, len: usize) -> Self {
        Writer(s.serialize_struct(name, len))
    }

    /// Writes a required member.
    pub fn required<T: Serialize>(&mut self, wire: &'static str, value: &T) {
        if let Ok(st) = &mut self.0
            && let Err(e) = st.serialize_field(wire, value)
        {
            self.0 = Err(e);
        }
    }

    /// Writes an optional member, or skips it when unset.
    pub fn optional<T: Serialize>(&mut self, wire: &'static str, value: &Option<T>) {
        if let Ok(st) = &mut self.0 {
            let written = match value {
                Some(_) => st.serialize_field(wire, value),
                None => st.skip_field(wire),
            };
            if let Err(e) = written {
                self.0 = Err(e);
            }
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
    }
}

/// The value of a required member once every key was read: missing is an error, except for
/// a type that reads a missing value as `None` (an `Option`), as serde's derive does.
pub fn required<'de, T: Deserialize<'de>, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    match slot {
        Some(v) => Ok(v),
        None => T::deserialize(Missing(wire, PhantomData)),
    }
}

/// The value of an optional member once every key was read: `None` when missing (or null).
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
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
/// declaration order, each with its position (from 0), wire name and `Required` or `Optional`. Each `?` and
/// each early return is a branch the compiler checks once per struct, so the generated
/// bodies have as few as they can: one per key read, one per required member.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_struct {
    ($ty:ident { $($index:literal $field:ident: $wire:literal $kind:ident,)* }) => {
        $crate::runtime::object::object_struct!(@serde $ty { $($field: $wire $kind,)* });
        impl $crate::runtime::object::Object for $ty {
            const EXPECTING: &'static str = ::std::concat!("struct ", ::std::stringify!($ty));
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                while let ::std::option::Option::Some(key) =
                    $crate::runtime::object::next_key(&mut map, &[$($wire),*])?
                {
                    let read = match key {
                        $(::std::option::Option::Some($index) => $crate::__object_field!(read $kind map $field $wire),)*
                        _ => $crate::runtime::object::skip(&mut map),
                    };
                    read?;
                }
                ::std::result::Result::Ok($ty {
                    $($field: $crate::__object_field!(finish $kind $field $wire A::Error),)*
                })
            }
        }
    };
    // A struct that keeps the members it does not know in its field `$unknown`.
    ($ty:ident { $($index:literal $field:ident: $wire:literal $kind:ident,)* } keep $unknown:ident) => {
        $crate::runtime::object::object_struct!(@serde $ty { $($field: $wire $kind,)* });
        impl $crate::runtime::object::Object for $ty {
            const EXPECTING: &'static str = ::std::concat!("struct ", ::std::stringify!($ty));
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                let mut $unknown = $crate::runtime::unknown::UnknownFields::default();
                while let ::std::option::Option::Some(key) =
                    $crate::runtime::object::next_key_keeping(&mut map, &[$($wire),*])?
                {
                    let read = match key {
                        $(::std::result::Result::Ok($index) => $crate::__object_field!(read $kind map $field $wire),)*
                        ::std::result::Result::Err(::std::option::Option::Some(key)) => {
                            $crate::runtime::object::keep(&mut map, &mut $unknown, key)
                        }
                        _ => $crate::runtime::object::skip(&mut map),
                    };
                    read?;
                }
                ::std::result::Result::Ok($ty {
                    $($field: $crate::__object_field!(finish $kind $field $wire A::Error),)*
                    $unknown,
                })
            }
        }
        impl $ty {
            /// The members of this object that this version of the client does not know
            /// (Telnyx added them after the spec it was generated from), by JSON key, as
            /// received: a new field is readable before the next version. Empty for a
            /// value built in code; not sent when the value is serialized.
            pub fn unknown_fields(&self) -> &::std::collections::BTreeMap<::std::string::String, ::serde_json::Value> {
                self.$unknown.get()
            }
        }
    };
    (@serde $ty:ident { $($field:ident: $wire:literal $kind:ident,)* }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                let len = 0 $(+ $crate::__object_field!(len $kind self.$field))*;
                #[allow(unused_mut)]
                let mut w = $crate::runtime::object::Writer::start(s, ::std::stringify!($ty), len);
                $($crate::__object_field!(write $kind w $wire self.$field);)*
                w.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::object::deserialize(d)
            }
        }
    };
}
pub use crate::__object_struct as object_struct;

/// One field's part of [`object_struct!`], by kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_field {
    (len Required $v:expr) => {
        1
    };
    (len $optional:ident $v:expr) => {
        ::std::primitive::usize::from($v.is_some())
    };
    (write Required $w:ident $wire:literal $v:expr) => {
        $w.required($wire, &$v)
    };
    (write $optional:ident $w:ident $wire:literal $v:expr) => {
        $w.optional($wire, &$v)
    };
    (read Present $map:ident $slot:ident $wire:literal) => {
        $crate::runtime::object::present(&mut $map, &mut $slot, $wire)
    };
    (read $kind:ident $map:ident $slot:ident $wire:literal) => {
        $crate::runtime::object::value(&mut $map, &mut $slot, $wire)
    };
    (finish Required $slot:ident $wire:literal $err:ty) => {
        $crate::runtime::object::required::<_, $err>($slot, $wire)?
    };
    (finish Optional $slot:ident $wire:literal $err:ty) => {
        $crate::runtime::object::optional($slot)
    };
    (finish Present $slot:ident $wire:literal $err:ty) => {
        $crate::runtime::object::presence::<_, $err>($slot, $wire)?
    };
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    #[derive(Debug, PartialEq)]
    struct Inner {
        code: i64,
    }
    crate::runtime::object::object_struct!(Inner { 0 code: "code" Required, });

    #[derive(Debug, PartialEq)]
    struct Outer {
        id: String,
        nullable: Option<String>,
        kind: Option<String>,
        inner: Option<Inner>,
    }
    crate::runtime::object::object_struct!(Outer {
        0 id: "id" Required,
        1 nullable: "nullable" Required,
        2 kind: "type" Optional,
        3 inner: "inner" Optional,
    });

    fn read(json: &str) -> Result<Outer, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_by_wire_name_and_skips_unknown_keys() {
        let o = read(r#"{"id": "a", "nullable": null, "type": "t", "extra": [1, {"x": 2}], "inner": {"code": 7}}"#);
        assert_eq!(
            o.unwrap(),
            Outer {
                id: "a".into(),
                nullable: None,
                kind: Some("t".into()),
                inner: Some(Inner { code: 7 }),
            }
        );
    }

    #[test]
    fn missing_and_repeated_members_are_serde_errors() {
        assert!(read(r#"{"type": "t"}"#).unwrap_err().starts_with("missing field `id`"));
        // A required member whose type is an `Option` is `None` when missing, as with serde's derive.
        assert_eq!(read(r#"{"id": "a"}"#).unwrap().nullable, None);
        assert!(
            read(r#"{"id": "a", "id": "b"}"#)
                .unwrap_err()
                .starts_with("duplicate field `id`")
        );
    }

    #[test]
    fn only_an_object_is_a_struct() {
        assert!(
            read(r#"["a", null]"#)
                .unwrap_err()
                .starts_with("invalid type: sequence, expected struct Outer")
        );
        assert!(
            read(r#""a""#)
                .unwrap_err()
                .starts_with("invalid type: string \"a\", expected struct Outer")
        );
    }

    #[test]
    fn a_failure_names_its_path() {
        let mut de = serde_json::Deserializer::from_str(r#"{"id": "a", "inner": {"code": "x"}}"#);
        let e = serde_path_to_error::deserialize::<_, Outer>(&mut de).unwrap_err();
        assert_eq!(e.path().to_string(), "inner.code");
        let v = serde_json::json!({"id": "a", "inner": {"code": true}});
        let e = serde_path_to_error::deserialize::<_, Outer>(v).unwrap_err();
        assert_eq!(e.path().to_string(), "inner.code");
    }

    #[test]
    fn writes_members_in_order_without_unset_optionals() {
        let o = Outer {
            id: "a".into(),
            nullable: None,
            kind: None,
            inner: Some(Inner { code: 1 }),
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"id":"a","nullable":null,"inner":{"code":1}}"#
        );
        let o = Outer {
            kind: Some("t".into()),
            inner: None,
            ..o
        };
        assert_eq!(
            serde_json::to_value(&o).unwrap(),
            serde_json::json!({"id": "a", "nullable": null, "type": "t"})
        );
    }

    #[derive(Debug, PartialEq)]
    struct Kept {
        id: Option<String>,
        note: Option<String>,
        unknown: crate::runtime::unknown::UnknownFields,
    }
    crate::runtime::object::object_struct!(Kept {
        0 id: "id" Present,
        1 note: "note" Optional,
    } keep unknown);

    #[test]
    fn a_present_field_must_be_there_and_not_null() {
        let kept: Kept = serde_json::from_str(r#"{"id": "a"}"#).unwrap();
        assert_eq!(kept.id.as_deref(), Some("a"));
        for bad in [r#"{"note": "n"}"#, r#"{"id": null}"#] {
            let e = serde_json::from_str::<Kept>(bad).unwrap_err().to_string();
            assert!(
                e.starts_with("missing field `id`") || e.starts_with("invalid type: null"),
                "{e}"
            );
        }
        // Unset, it is left out, as an optional member is.
        let kept = Kept {
            id: None,
            note: None,
            unknown: Default::default(),
        };
        assert_eq!(serde_json::to_string(&kept).unwrap(), "{}");
    }

    #[test]
    fn a_keeping_struct_keeps_unknown_members_raw_and_does_not_send_them() {
        let kept: Kept = serde_json::from_str(r#"{"id": "a", "new": [1, {"x": null}], "later": "b"}"#).unwrap();
        let unknown: Vec<(&str, &serde_json::Value)> =
            kept.unknown_fields().iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(
            unknown,
            [
                ("later", &serde_json::json!("b")),
                ("new", &serde_json::json!([1, {"x": null}]))
            ]
        );
        assert_eq!(serde_json::to_string(&kept).unwrap(), r#"{"id":"a"}"#);
        // Through serde_path_to_error, as the client decodes: the same members.
        let v = serde_json::json!({"id": "a", "new": 1});
        let kept: Kept = serde_path_to_error::deserialize(v).unwrap();
        assert_eq!(kept.unknown_fields().get("new"), Some(&serde_json::json!(1)));
    }
}
