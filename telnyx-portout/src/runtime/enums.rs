//! Macros the generated models use for open enums and tagged unions, so that their
//! (identical) trait impls are written once, here.

/// The value of an open enum's `Unknown` variant: a string this version of the client does
/// not know, kept exactly as received and sent back unchanged.
///
/// It is opaque on purpose. Read the string with `as_str()` on the enum
/// (`status.as_str() == "on-hold"`), which gives the same answer before and after a later
/// version of the client names the value; a match on the string inside `Unknown(..)` would
/// silently stop matching the day the value became a named variant, so it does not compile.
/// Make one with `From<&str>` on the enum (`PortoutStatus::from("on-hold")`), which picks the
/// named variant when there is one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl std::fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UnknownValue({:?})", self.0)
    }
}

/// The `Unknown` payload for `s` (used by [`open_enum!`] only; not API).
#[doc(hidden)]
pub fn unknown(s: impl Into<Box<str>>) -> UnknownValue {
    UnknownValue(s.into())
}

/// The string of an `Unknown` payload (used by [`open_enum!`]'s `as_str` only; not API).
#[doc(hidden)]
pub fn unknown_str(v: &UnknownValue) -> &str {
    &v.0
}

/// Implements an open string enum: `as_str`, `From<&str>`/`From<String>`, `FromStr`
/// (infallible), `Display`, serde, and query encoding. Unknown strings go to `Unknown`,
/// and are sent back unchanged.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    ($ty:ident { $($variant:ident => $wire:literal,)* }) => {
        impl $ty {
            /// Every value this version of the client knows.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($ty::$variant => $wire,)*
                    $ty::Unknown(v) => $crate::runtime::enums::unknown_str(v),
                }
            }

            /// Whether the value is one this version of the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $ty::Unknown(_))
            }
        }
        impl ::std::convert::From<&str> for $ty {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $ty::$variant,)*
                    other => $ty::Unknown($crate::runtime::enums::unknown(other)),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $ty {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $($wire => $ty::$variant,)*
                    _ => $ty::Unknown($crate::runtime::enums::unknown(s)),
                }
            }
        }
        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(<$ty as ::std::convert::From<&str>>::from(s))
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                ::std::result::Result::Ok(<$ty as ::std::convert::From<&str>>::from(&*s))
            }
        }
        impl $crate::runtime::query::QueryValue for $ty {
            fn query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
pub use crate::__open_enum as open_enum;

/// Implements serde for a union discriminated by a property: the tag picks the variant;
/// an unknown (or missing) tag keeps the raw JSON in `Unknown`. A variant that fails to
/// decode is an error naming the field inside the variant.
#[doc(hidden)]
#[macro_export]
macro_rules! __tagged_union {
    ($ty:ident, $prop:literal { $($variant:ident: [$($tag:literal),*],)* }) => {
        impl $ty {
            /// The discriminator value (`
            #[doc = $prop]
            /// `) of this value, if present.
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    $($ty::$variant(_) => [$($tag),*].first().copied(),)*
                    $ty::Unknown(v) => v.get($prop).and_then(|t| t.as_str()),
                }
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $($ty::$variant(v) => ::serde::Serialize::serialize(v, s),)*
                    $ty::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let tag = value.get($prop).and_then(|t| t.as_str()).map(::std::string::ToString::to_string);
                match tag.as_deref() {
                    $($(::std::option::Option::Some($tag))|* => $crate::runtime::decode::from_value(value).map($ty::$variant).map_err(<D::Error as ::serde::de::Error>::custom),)*
                    _ => ::std::result::Result::Ok($ty::Unknown(value)),
                }
            }
        }
    };
}
pub use crate::__tagged_union as tagged_union;

/// Serialization and decoding of a *fitted* union: an untagged union whose struct variants
/// could accept the same object. An object decodes as the struct variant that has all its
/// required members and knows the most of the object's keys; when two tie, or none knows
/// any, it is kept as raw JSON (`$other`). Anything else tries the other variants in order.
/// It never decodes as a variant that fits the value less well than another.
#[doc(hidden)]
#[macro_export]
macro_rules! __fitted_union {
    (
        $ty:ident, $other:ident,
        { $($variant:ident: [$($field:literal),*] required [$($req:literal),*],)* }
        { $($plain:ident,)* }
    ) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $($ty::$variant(v) => ::serde::Serialize::serialize(v, s),)*
                    $($ty::$plain(v) => ::serde::Serialize::serialize(v, s),)*
                    $ty::$other(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                if let ::std::option::Option::Some(object) = value.as_object() {
                    let variants: &[(&str, &[&str], &[&str])] = &[$((stringify!($variant), &[$($field),*], &[$($req),*]),)*];
                    match $crate::runtime::enums::best_fit(object, variants) {
                        ::std::option::Option::Some(best) => {
                            $(if best == stringify!($variant) {
                                return $crate::runtime::decode::from_value(value)
                                    .map($ty::$variant)
                                    .map_err(<D::Error as ::serde::de::Error>::custom);
                            })*
                        }
                        ::std::option::Option::None if variants.iter().any(|(_, fields, _)| object.keys().any(|k| fields.contains(&k.as_str()))) => {
                            return ::std::result::Result::Ok($ty::$other(value));
                        }
                        ::std::option::Option::None => {}
                    }
                }
                $(if let ::std::result::Result::Ok(v) = $crate::runtime::decode::from_value(value.clone()) {
                    return ::std::result::Result::Ok($ty::$plain(v));
                })*
                ::std::result::Result::Ok($ty::$other(value))
            }
        }
    };
}
pub use crate::__fitted_union as fitted_union;

/// The one variant (by name) that has every required member in `object` and knows the most
/// of its keys; `None` when none qualifies or the best ones tie.
pub fn best_fit<'a>(
    object: &serde_json::Map<String, serde_json::Value>,
    variants: &[(&'a str, &[&str], &[&str])],
) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for (name, fields, required) in variants {
        if !required.iter().all(|r| object.contains_key(*r)) {
            continue;
        }
        let known = object.keys().filter(|k| fields.contains(&k.as_str())).count();
        if known == 0 {
            continue;
        }
        match best {
            Some((_, n)) if n > known => {}
            Some((_, n)) if n == known => tie = true,
            _ => {
                best = Some((name, known));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(n, _)| n) }
}
