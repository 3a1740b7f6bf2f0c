//! Stage 5, lowering: resolves the selected operations of the (normalized, sliced) document
//! and builds the IR (`crate::ir`), then runs the passes over it. By concern:
//!
//! - `mod.rs` the driver: operations in order, whole-spec skipping, the passes after;
//! - `operation.rs` one operation: parameters, body, the first 2xx response;
//!   `builder_names.rs` the names of its request builder's members; `query.rs` its query
//!   parameters folded into trees; `paths.rs` its path template;
//! - `resources.rs` operation and resource names and their collisions;
//! - `refs.rs` the one `$ref` chaser; `types.rs` schemas to named types (`shape`, the one
//!   classifier of a schema), `all_of.rs` intersections, `table.rs` the defined types;
//! - after every operation: `passes.rs` (what depends on use), `finish.rs` (identical inline
//!   enums merged), `unions.rs` (ambiguous untagged unions); `naming.rs` (final type names,
//!   from the config's renames and the names lock, with `names_lock.rs`) runs last, from
//!   `lib.rs`.
//!
//! A type is defined once and never changed: what depends on how it is used (sent in a
//! query, the metadata of a page) is decided by `passes` over the finished IR. The types an
//! operation defines stay pending until it is built (`table`), so an operation skipped in
//! whole-spec mode leaves no type behind and takes no name from another.

mod all_of;
mod builder_names;
mod finish;
pub mod names_lock;
pub mod naming;
mod operation;
mod passes;
mod paths;
mod query;
mod refs;
mod resources;
mod table;
mod types;
mod unions;

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::{Api, Resource};
use crate::names;
use crate::select::Selected;
use openapiv3::OpenAPI;
use resources::{Origin, check_resource_names, derive_name, ensure_resource};
use std::collections::BTreeMap;

/// Methods every request builder already has (from the runtime's macros).
pub(crate) const RESERVED_BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "header",
    "query_param",
    "timeout",
    "max_retries",
    "into_stream",
    "pages",
    "collect",
];

/// Fields every request builder already has.
pub(crate) const RESERVED_BUILDER_FIELDS: &[&str] = &["client", "options", "body"];

/// What lowering returns: the IR, and what it found beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    /// The IR of the operations that were built.
    pub api: Api,
    /// Operations selected but not built (whole-spec mode), with the reason, by `METHOD /path`.
    pub skipped: BTreeMap<String, String>,
    /// Inline enums folded into an identical one (`finish::merge_enums`): the name lowering
    /// gave each to the name it was merged into (for messages about a name that is gone).
    pub merged_enums: BTreeMap<String, String>,
}

/// Builds the IR of the selected operations.
pub fn build(api: &OpenAPI, selected: &[Selected], config: &Config) -> Result<Lowered> {
    let mut b = Builder::new(api, config);
    b.reserve_component_names();
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    // Where each dotted operation name and each resource came from, for collision messages.
    let mut names_seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut resource_origins: BTreeMap<String, Origin> = BTreeMap::new();
    for sel in selected {
        let at = pointer("/paths", &[&sel.path, &sel.method.to_ascii_lowercase()]);
        let Some(op) = b.operation_of(sel) else {
            return Err(Error::new(
                ErrorKind::InvalidDocument,
                at,
                "operation not found after slicing",
            ));
        };
        let (dotted, origin) = match &sel.name {
            Some(n) => (
                n.clone(),
                Origin {
                    key: sel.key(),
                    how: format!("named `{n}` in the config"),
                    pointer: format!("config:operations.{}", sel.key()),
                    resource_pointer: format!("config:operations.{}", sel.key()),
                },
            ),
            None => derive_name(op, sel, &at),
        };
        let (resource_path, method) = dotted.rsplit_once('.').unwrap_or(("api", dotted.as_str()));
        // Only operations that were built hold a name: one skipped in whole-spec mode takes
        // none from a later one.
        let built = match names_seen.get(&dotted) {
            Some(other) => Err(Error::new(
                ErrorKind::NameCollision,
                origin.pointer.clone(),
                format!(
                    "operations {} and {} would both be called `{dotted}`; name one in the config's `operations`",
                    other.describe(),
                    origin.describe()
                ),
            )),
            None => b.operation(sel, op, resource_path, method, &at),
        };
        match built {
            Ok(operation) => {
                names_seen.insert(dotted.clone(), origin.clone());
                b.table.commit();
                ensure_resource(&mut resources, resource_path, config);
                let segments: Vec<&str> = resource_path.split('.').collect();
                for i in 1..=segments.len() {
                    resource_origins
                        .entry(segments[..i].join("."))
                        .or_insert_with(|| origin.clone());
                }
                if let Some(r) = resources.get_mut(resource_path) {
                    r.operations.insert(method.to_string(), operation);
                }
            }
            Err(e) if config.select.all => {
                // In whole-spec mode one operation that cannot be built (a construct we cannot
                // express, a part of the spec that is wrong for it alone, a method name another
                // operation already has) is listed with the reason, not fatal; the types it
                // had started to build are dropped before
                // the next operation is lowered, so they leave no type and take no name.
                b.table.discard();
                skipped.insert(sel.key(), e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    check_resource_names(&resources, &resource_origins, &names_seen)?;
    let built = b.table.into_committed();
    let mut api = Api {
        title: config.title.clone().unwrap_or_else(|| "API".into()),
        crate_name: config.crate_name.clone(),
        resources,
        types: built.types,
    };
    passes::mark_query(&mut api);
    passes::mark_page_meta(&mut api, config.pagination.as_ref());
    let merged_enums = finish::merge_enums(&mut api, &built.components, &built.origins);
    unions::resolve_ambiguous(&mut api);
    Ok(Lowered {
        api,
        skipped,
        merged_enums,
    })
}

/// The state of one IR build.
#[derive(Debug)]
pub(crate) struct Builder<'a> {
    api: &'a OpenAPI,
    config: &'a Config,
    /// Named types and component types: of the operations built so far, and pending ones
    /// of the operation being built (kept only if it is built, see `table`).
    table: table::Table,
    /// Rust names reserved for component schemas.
    component_names: BTreeMap<String, String>,
    /// Components under construction, with the edge count when each was entered.
    stack: Vec<(String, usize)>,
    /// For each field on the way down: whether its owner holds it directly.
    edges: Vec<bool>,
    depth: usize,
}

impl<'a> Builder<'a> {
    fn new(api: &'a OpenAPI, config: &'a Config) -> Self {
        Builder {
            api,
            config,
            table: table::Table::default(),
            component_names: BTreeMap::new(),
            stack: Vec::new(),
            edges: Vec::new(),
            depth: 0,
        }
    }

    /// Reserves a Rust name for every component schema, in sorted order of the original
    /// names, so two names that recase alike (`Foo_bar`, `FooBar`) resolve the same way
    /// whatever their order in the file: the first in sorted order keeps the name.
    fn reserve_component_names(&mut self) {
        let Some(components) = &self.api.components else { return };
        let mut originals: Vec<&String> = components.schemas.keys().collect();
        originals.sort();
        let mut taken = names::Namespace::default();
        for original in originals {
            let name = taken.claim(&names::pascal(original));
            self.component_names.insert(original.clone(), name);
        }
    }
}
