//! The selection and naming config (`spec/portouts.yaml`): which operations are generated
//! and what they are called. Names live here, not in generator code.

use crate::error::{Error, ErrorKind, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Title used in the generated crate docs.
    #[serde(default)]
    pub title: Option<String>,
    /// The Rust name of the crate the code is generated into (`telnyx_portout`): the doc
    /// examples of the operations use it. Without it, no examples are written.
    #[serde(default)]
    pub crate_name: Option<String>,
    /// Which operations to generate, beyond those named in `operations`.
    #[serde(default)]
    pub select: Select,
    /// Per-resource settings, keyed by dotted resource path (`portouts.events`).
    #[serde(default)]
    pub resources: BTreeMap<String, ResourceConfig>,
    /// `"METHOD /path"` to dotted `resource.method` name.
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// Query objects whose members become builder methods: query parameter name to method prefix.
    #[serde(default)]
    pub flatten_query: BTreeMap<String, String>,
    /// How pagination looks, if the API paginates.
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Renames of generated types, keyed by a *site*: where the type is used, in the syntax of
    /// the names lock (`spec/names.lock.yaml`): `METHOD /path position` (`PATCH
    /// /portouts/{id}/{status} path.status`, `GET /portouts response.data[]`), `Type.wire_field`
    /// (`PortoutDetails.status`, `[]`/`{}` for array and map items) or `Type|variant label`,
    /// with the parent `Type` under its final name (after renames and the lock, as the code
    /// and the lock show it). Any site of a type renames it (also one of an enum merged with
    /// identical ones). A generated type name or a component pointer is refused as a key:
    /// both change with upstream edits (a counter suffix moves to another type when one is
    /// added), a site does not. A key that matches no site is reported
    /// (`Diagnostics::unused_renames`); see `crate::naming`.
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// Corrections to the spec, applied to the selected slice before anything reads it: where
    /// the spec contradicts itself (a field it declares non-null but documents as sometimes
    /// null), the client follows what the API does.
    #[serde(default)]
    pub patches: Vec<Patch>,
}

/// One correction: members merged into the JSON object at `pointer`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// JSON pointer into the spec (`/components/schemas/PortoutComment/properties/user_id`).
    pub pointer: String,
    /// Members to set on that object (`{nullable: true}`).
    pub merge: serde_json::Map<String, serde_json::Value>,
    /// Why the spec is wrong there (kept in the config for reviewers).
    #[serde(default)]
    pub why: Option<String>,
}

/// Which operations are generated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Select {
    /// Every operation of the spec.
    #[serde(default)]
    pub all: bool,
    /// Operations whose path starts with one of these.
    #[serde(default)]
    pub path_prefixes: Vec<String>,
    /// Operations carrying one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Settings of one resource.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConfig {
    /// Prefix of the names of the resource's inline types.
    #[serde(default)]
    pub type_prefix: Option<String>,
    /// Doc comment of the resource.
    #[serde(default)]
    pub doc: Option<String>,
}

/// How pagination looks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The query object that carries the page (`page`).
    pub query: String,
    /// Its member that carries the page number (`number`).
    pub number: String,
    /// The response member with the page metadata (`meta`).
    pub meta: String,
    /// Member of the metadata with the current page number.
    pub meta_page_number: String,
    /// Member of the metadata with the number of pages.
    pub meta_total_pages: String,
    /// Member of the metadata with the page size (optional).
    #[serde(default)]
    pub meta_page_size: Option<String>,
    /// Member of the metadata with the number of items in all pages (optional).
    #[serde(default)]
    pub meta_total_results: Option<String>,
}

impl Config {
    /// Parses the config from YAML.
    pub fn parse(text: &str) -> Result<Self> {
        let de = serde_yaml::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            Error::new(
                ErrorKind::InvalidConfig,
                format!("config:{path}"),
                e.inner().to_string(),
            )
        })?;
        // The typed parse above lets a repeated key of a map (`operations`, `type_names`)
        // silently replace the first; the loader of the spec refuses it.
        crate::load::parse_yaml(text.as_bytes()).map_err(|f| {
            let mut failure = f.into_error(|path| format!("config:{}", dotted(path)));
            failure.kind = ErrorKind::InvalidConfig;
            failure
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        for (key, name) in &self.operations {
            let ok = key.split_once(' ').is_some_and(|(m, p)| {
                !m.is_empty() && m.chars().all(|c| c.is_ascii_alphabetic()) && p.starts_with('/')
            });
            if !ok {
                return Err(Error::new(
                    ErrorKind::InvalidConfig,
                    format!("config:operations.{key}"),
                    format!("operation key `{key}` is not of the form `METHOD /path`"),
                ));
            }
            let segments: Vec<&str> = name.split('.').collect();
            if segments.len() < 2 || segments.iter().any(|s| !is_snake_ident(s)) {
                return Err(Error::new(
                    ErrorKind::InvalidConfig,
                    format!("config:operations.{key}"),
                    format!("`{name}` is not a dotted `resource.method` name of snake_case words"),
                ));
            }
            if let Some(word) = segments.iter().find(|s| crate::names::is_keyword(s)) {
                return Err(Error::new(
                    ErrorKind::InvalidConfig,
                    format!("config:operations.{key}"),
                    format!("`{name}`: `{word}` is a Rust keyword, not a method or resource name"),
                ));
            }
        }
        Ok(())
    }
}

/// A path in the config in the dotted form serde_path_to_error prints (`operations.GET /x`).
fn dotted(path: &[crate::load::Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            crate::load::Seg::Name(n) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(n);
            }
            crate::load::Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A lowercase snake_case identifier (`list_rejection_codes`).
pub(crate) fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
