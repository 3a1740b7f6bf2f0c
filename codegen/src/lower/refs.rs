//! `$ref`s: the one chaser of `#/components/<kind>/<name>` references (schemas, parameters,
//! request bodies, responses), with a bound on the hops so a cycle is an error.

use super::Builder;
use super::types::SRef;
use crate::error::{Error, ErrorKind, Result, pointer};
use openapiv3::{OpenAPI, ReferenceOr, Schema};

/// Where a `$ref` chain through `#/components/<kind>/...` ended: the item, its pointer, and
/// the name of the last component followed (none for an inline item).
pub(super) struct Resolved<'a, T> {
    pub item: &'a T,
    pub at: String,
    pub component: Option<String>,
}

/// `X` of `#/components/<kind>/X`.
pub(super) fn component_name(reference: &str, kind: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?;
    let (k, name) = rest.split_once('/')?;
    (k == kind && !name.contains('/')).then(|| crate::error::unescape_token(name))
}

/// One step of a `$ref` chain: the component `reference` names, and what it holds. Errors
/// (not a `#/components/<kind>/<name>` reference, or one to nothing) point at `at`.
fn follow<'a, T>(
    api: &'a OpenAPI,
    reference: &str,
    kind: &str,
    at: &str,
    lookup: &impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Result<(String, &'a ReferenceOr<T>)> {
    let name = component_name(reference, kind).ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            at,
            format!("`$ref: {reference}` does not point to #/components/{kind}/<name>"),
        )
    })?;
    let components = api.components.as_ref();
    // As written, or else percent-decoded (see `select::resolve_fragment`).
    let found = match components.and_then(|c| lookup(c, &name)) {
        Some(t) => Some((name, t)),
        None => crate::select::percent_decode(&name)
            .and_then(|decoded| components.and_then(|c| lookup(c, &decoded)).map(|t| (decoded, t))),
    };
    found.ok_or_else(|| {
        Error::new(
            ErrorKind::UnresolvedRef,
            at,
            format!("`$ref: {reference}` points to nothing"),
        )
    })
}

/// The item `start` is, inline or behind `$ref`s (see [`chase`]).
pub(super) fn resolve_chain<'a, T>(
    api: &'a OpenAPI,
    start: &'a ReferenceOr<T>,
    kind: &str,
    at: &str,
    lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Result<Resolved<'a, T>> {
    match start {
        ReferenceOr::Item(item) => Ok(Resolved {
            item,
            at: at.to_string(),
            component: None,
        }),
        ReferenceOr::Reference { reference } => chase(api, reference, kind, at, lookup),
    }
}

/// Follows `$ref`s from `reference` through `#/components/<kind>/<name>` until an item, at
/// most 64 hops. Errors point at the `$ref` that failed; a cycle at `at`, where the chain
/// started (the use that cannot be resolved).
fn chase<'a, T>(
    api: &'a OpenAPI,
    reference: &str,
    kind: &str,
    at: &str,
    lookup: impl Fn(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
) -> Result<Resolved<'a, T>> {
    let mut reference = reference;
    let mut here = at.to_string();
    for _ in 0..64 {
        let (name, next) = follow(api, reference, kind, &here, &lookup)?;
        here = pointer(&format!("/components/{kind}"), &[&name]);
        match next {
            ReferenceOr::Item(item) => {
                return Ok(Resolved {
                    item,
                    at: here,
                    component: Some(name),
                });
            }
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    Err(Error::new(
        ErrorKind::RefCycle,
        at,
        format!("`$ref`s to #/components/{kind} form a cycle (through {here})"),
    ))
}

impl<'a> Builder<'a> {
    /// Resolves a `#/components/schemas/X` reference: the component name and its schema.
    pub(super) fn resolve_schema(&self, reference: &str, at: &str) -> Result<(String, &'a Schema)> {
        let resolved = chase(self.api, reference, "schemas", at, |c, n| c.schemas.get(n))?;
        Ok((resolved.component.unwrap_or_default(), resolved.item))
    }

    /// The schema behind `r`, inline or referenced.
    pub(super) fn deref(&self, r: SRef<'a>, at: &str) -> Result<&'a Schema> {
        match r {
            SRef::Item(s) => Ok(s),
            SRef::Ref(reference) => Ok(self.resolve_schema(reference, at)?.1),
        }
    }
}
