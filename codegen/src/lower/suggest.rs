//! The names lowering suggests, composed from where a type sits: the one place they are
//! composed. They are suggestions only (two types may suggest one name); the naming stage
//! (`crate::naming`) gives the names, suffixing where two types want one. The resource and
//! request-builder names composed here are final (`resources.rs` checks their collisions).

use crate::names;

/// The type of `owner`'s member `wire` (a property, a query object's member, a path or
/// query parameter of an operation): `{owner}{Wire}` (`PortoutListFilterStatus`). A query
/// parameter's key path is joined with `_` first (`page[sort]` is `PageSort`).
pub(super) fn member(owner: &str, wire: &str) -> String {
    format!("{owner}{}", names::pascal(wire))
}

/// The items of the list `of`: `{of}Item`.
pub(super) fn item(of: &str) -> String {
    format!("{of}Item")
}

/// The values of the map `of`: `{of}Value`.
pub(super) fn value(of: &str) -> String {
    format!("{of}Value")
}

/// The inline type of variant `index` (from 0) of the union `union`: `{union}{Title}` when
/// the variant's schema has a title (`InitiateCallRequestWithUrl`), else by position,
/// `{union}Variant{n}`.
pub(super) fn variant(union: &str, index: usize, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => member(union, title),
        None => format!("{union}Variant{}", index + 1),
    }
}

/// The prefix of an operation's types: the resource's type prefix and the method
/// (`PortoutList`).
pub(super) fn operation(type_prefix: &str, method: &str) -> String {
    format!("{type_prefix}{}", names::pascal(method))
}

/// A resource's struct name, and the default type prefix of its operations
/// (`portouts.events` is `PortoutsEvents`).
pub(super) fn resource(path: &str) -> String {
    names::pascal(&path.replace('.', "_"))
}

/// An operation's request body: `{prefix}Params`.
pub(super) fn params(prefix: &str) -> String {
    format!("{prefix}Params")
}

/// An operation's response (or its `data`): `{prefix}Response`.
pub(super) fn response(prefix: &str) -> String {
    format!("{prefix}Response")
}

/// The metadata of an operation's page: `{prefix}Meta`.
pub(super) fn page_meta(prefix: &str) -> String {
    format!("{prefix}Meta")
}

/// An operation's request builder (a public type name, final): `{prefix}Request`.
pub(super) fn builder(prefix: &str) -> String {
    format!("{prefix}Request")
}
