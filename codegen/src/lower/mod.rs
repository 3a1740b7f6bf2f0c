//! Stage 5, lowering: resolves the selected operations of the (normalized, sliced) document
//! and builds the IR (`crate::ir`), then runs the passes over it. By concern:
//!
//! - `mod.rs` the driver: operations in order, whole-spec skipping, the passes after;
//! - `operation.rs` one operation: parameters, body, the first 2xx response;
//!   `builder_names.rs` the names of its request builder's members; `query.rs` its query
//!   parameters folded into trees; `paths.rs` its path template;
//! - `resources.rs` operation and resource names and their collisions;
//! - `suggest.rs` how every suggested name is composed (and the resource and builder names);
//! - `refs.rs` the one `$ref` chaser; `types.rs` schemas to named types (`shape`, the one
//!   classifier of a schema), `all_of.rs` intersections, `table.rs` the defined types;
//! - after every operation: `passes.rs` (what depends on use), `finish.rs` (identical inline
//!   enums merged, and the types no operation reaches dropped), `unions.rs` (ambiguous
//!   untagged unions).
//!
//! Lowering names nothing: a type is referred to by its identity and only *suggests* a name
//! (`ir::TypeOrigin`); stage 6 (`crate::naming`) gives the names. A type is defined once:
//! what depends on how it is used (sent in a query, the metadata of a page) is decided by
//! `passes` over the finished IR. A type an operation skipped in whole-spec mode had defined
//! is reached by no operation, so it is dropped with the other unreachable ones and takes no
//! name; the table forgets what it defined (`table`), so later operations define theirs
//! anew, as if it were not in the spec. A component's type suggests the component's Rust name (`names::component_names`,
//! the spec's own namespace of schemas), and its inline types suggest names prefixed with it.

mod all_of;
mod builder_names;
mod finish;
mod operation;
mod passes;
mod paths;
mod query;
mod refs;
mod resources;
mod suggest;
mod table;
mod types;
mod unions;

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result, pointer};
use crate::ir::{Api, Resource, TypeId};
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
    "decoding",
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
    /// Inline enums folded into an identical one (`finish::merge_enums`), each with its
    /// origin and the type it was merged into (for messages about a name that is gone).
    pub merged_enums: BTreeMap<TypeId, (crate::ir::TypeOrigin, TypeId)>,
    /// The Rust name of every component schema of the document (`names::component_names`):
    /// reserved for their types, used or not (so a type's name does not move when a
    /// component becomes used).
    pub components: std::collections::BTreeSet<String>,
}

/// Builds the IR of the selected operations.
pub fn build(api: &OpenAPI, selected: &[Selected], config: &Config) -> Result<Lowered> {
    let mut b = Builder::new(api, config);
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    // Where each dotted operation name and each resource came from, for collision messages.
    let mut names_seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut resource_origins: BTreeMap<String, Origin> = BTreeMap::new();
    for sel in selected {
        let at = pointer("/paths", &[&sel.path, &sel.method.to_ascii_lowercase()]);
        let mark = b.table.mark();
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
                // had started to build are reached by no operation, so they are dropped below
                // and take no name; the table forgets what it defined (a component it built
                // may refer to one that failed), so later operations define theirs anew.
                b.table.forget_since(mark);
                skipped.insert(sel.key(), e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    check_resource_names(&resources, &resource_origins, &names_seen)?;
    let components = b.component_names.values().cloned().collect();
    let mut api = Api {
        title: config.title.clone().unwrap_or_else(|| "API".into()),
        crate_name: config.crate_name.clone(),
        resources,
        types: b.table.types,
        origins: b.table.origins,
    };
    finish::drop_unreachable(&mut api)?;
    passes::mark_query(&mut api);
    passes::mark_page_meta(&mut api, config.pagination.as_ref());
    let merged_enums = finish::merge_enums(&mut api);
    finish::drop_unreachable(&mut api)?;
    unions::resolve_ambiguous(&mut api);
    Ok(Lowered {
        api,
        skipped,
        merged_enums,
        components,
    })
}

/// A component schema being built: its name, the edge count when it was entered, the
/// identity reserved for its type, and whether a reference back to it was boxed.
#[derive(Debug)]
pub(crate) struct Entered {
    pub component: String,
    pub edges: usize,
    pub id: TypeId,
    pub boxed: bool,
}

/// The state of one IR build.
#[derive(Debug)]
pub(crate) struct Builder<'a> {
    api: &'a OpenAPI,
    config: &'a Config,
    /// The types defined so far, by identity, and the type of each component built.
    table: table::Table,
    /// The Rust name of each component schema, by the schema's name.
    component_names: BTreeMap<String, String>,
    /// Components under construction.
    stack: Vec<Entered>,
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
            component_names: crate::names::component_names(api.components.iter().flat_map(|c| c.schemas.keys())),
            stack: Vec::new(),
            edges: Vec::new(),
            depth: 0,
        }
    }
}
