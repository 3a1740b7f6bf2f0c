//! Macros the generated models use for open enums and tagged unions, so that their
//! (identical) trait impls are written once, here.

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
                    $ty::Unknown(s) => s.as_str(),
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
                    other => $ty::Unknown(other.to_string()),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $ty {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $($wire => $ty::$variant,)*
                    _ => $ty::Unknown(s),
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
