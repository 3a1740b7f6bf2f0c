//! The public-API diff between two generations, computed from the IR (not from a text diff
//! of files): types, fields, enum variants, methods and parameters added, removed or changed,
//! each marked breaking or not, with a semver verdict.
//!
//! Conventions it assumes, which the generated code follows (and `tests/semver.rs` proves by
//! compiling a user's code against the crate before and after each kind of change): enums and
//! unions are `#[non_exhaustive]` (adding a variant is not breaking); structs are
//! `#[non_exhaustive]` and built with `new(required fields)` and setters (adding an optional
//! field is not breaking, adding a required one changes `new`); optional parameters and body
//! members are builder methods (adding one is not breaking, renaming one is).

use crate::ir::{Api, Response, TypeDef, TypeRef};
use std::collections::BTreeMap;
use std::fmt;

/// What happened to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// New in the new generation.
    Added,
    /// Gone from the new generation.
    Removed,
    /// Present in both, with a different signature.
    Changed,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// The item, e.g. `field PortoutDetails.carrier_name`.
    pub item: String,
    /// What happened.
    pub change: Change,
    /// Old signature, if any.
    pub old: Option<String>,
    /// New signature, if any.
    pub new: Option<String>,
    /// Whether users' code may stop compiling or behave differently.
    pub breaking: bool,
}

/// The semver verdict of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Nothing public changed.
    Patch,
    /// Only additions.
    Minor,
    /// Something breaking.
    Major,
}

/// A whole diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// Entries sorted by item.
    pub entries: Vec<Entry>,
    /// What the two sides are (`spec/portouts.slice.json @ 12de4dd`, a file name), for the
    /// printed diff; empty when unnamed.
    pub inputs: (String, String),
}

impl ApiDiff {
    /// The verdict: major if anything breaks, minor if anything was added, else patch.
    pub fn verdict(&self) -> Verdict {
        if self.entries.iter().any(|e| e.breaking) {
            Verdict::Major
        } else if self.entries.is_empty() {
            Verdict::Patch
        } else {
            Verdict::Minor
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Patch => "patch",
            Verdict::Minor => "minor",
            Verdict::Major => "major",
        })
    }
}

impl ApiDiff {
    /// Names the two sides for the printed diff.
    pub fn between(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.inputs = (old.into(), new.into());
        self
    }
}

/// The type or method an item belongs to (`field Metadata.page_size` belongs to `Metadata`,
/// `param portouts.list(filter)` to `portouts.list`), and whether it is that owner itself.
fn owner(item: &str) -> (String, bool) {
    let (kind, rest) = item.split_once(' ').unwrap_or(("", item));
    match kind {
        "type" => (rest.to_string(), true),
        "field" => (rest.split('.').next().unwrap_or(rest).to_string(), false),
        "variant" => (rest.split("::").next().unwrap_or(rest).to_string(), false),
        "method" => (
            rest.trim_end_matches(" arguments").to_string(),
            !rest.ends_with(" arguments"),
        ),
        "param" => (rest.split('(').next().unwrap_or(rest).to_string(), false),
        _ => (rest.to_string(), false),
    }
}

/// Removed and added types with the same members (names and signatures): renames.
fn renames(entries: &[Entry]) -> Vec<(String, String)> {
    let members = |name: &str, change: Change| -> std::collections::BTreeSet<(String, Option<String>)> {
        entries
            .iter()
            .filter(|e| e.change == change && !owner(&e.item).1 && owner(&e.item).0 == name)
            .map(|e| {
                let member = e.item.split_once(name).map(|(_, m)| m.to_string()).unwrap_or_default();
                (member, e.old.clone().or_else(|| e.new.clone()))
            })
            .collect()
    };
    let removed: Vec<&str> = entries
        .iter()
        .filter(|e| e.change == Change::Removed)
        .filter_map(|e| e.item.strip_prefix("type "))
        .collect();
    let added: Vec<&str> = entries
        .iter()
        .filter(|e| e.change == Change::Added)
        .filter_map(|e| e.item.strip_prefix("type "))
        .collect();
    let mut out = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for r in removed {
        let old = members(r, Change::Removed);
        if let Some(a) = added
            .iter()
            .find(|a| !taken.contains(*a) && members(a, Change::Added) == old)
        {
            taken.insert(*a);
            out.push((r.to_string(), a.to_string()));
        }
    }
    out
}

fn write_entry(f: &mut fmt::Formatter<'_>, e: &Entry, indent: &str) -> fmt::Result {
    let mark = if e.breaking { "BREAKING" } else { "ok      " };
    let sign = match e.change {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Changed => '~',
    };
    write!(f, "{indent}{sign} {mark} {}", e.item)?;
    match (&e.old, &e.new) {
        (Some(o), Some(n)) => writeln!(f, ": {o} -> {n}"),
        (None, Some(n)) => writeln!(f, ": {n}"),
        (Some(o), None) => writeln!(f, ": {o}"),
        (None, None) => writeln!(f),
    }
}

impl fmt::Display for ApiDiff {
    /// Grouped by the type or method each change belongs to; groups whose owner itself was
    /// added, removed or changed (the root causes) come first, the owner's line first in its
    /// group; a removed and an added type with the same members are shown as one rename.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.inputs.0.is_empty() || !self.inputs.1.is_empty() {
            writeln!(f, "API diff from {} to {}:", self.inputs.0, self.inputs.1)?;
        }
        let renamed = renames(&self.entries);
        let in_rename = |name: &str| renamed.iter().any(|(a, b)| a == name || b == name);
        for (from, to) in &renamed {
            writeln!(f, "~ BREAKING type {from} renamed to {to} (same members)")?;
        }
        let mut groups: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for e in &self.entries {
            let (name, _) = owner(&e.item);
            if !in_rename(&name) {
                groups.entry(name).or_default().push(e);
            }
        }
        let mut ordered: Vec<(&String, &Vec<&Entry>)> = groups.iter().collect();
        // Root causes (the owner itself changed) first; then by name.
        ordered.sort_by_key(|(name, entries)| (!entries.iter().any(|e| owner(&e.item).1), (*name).clone()));
        for (_, entries) in ordered {
            let mut entries = entries.clone();
            entries.sort_by_key(|e| (!owner(&e.item).1, e.item.clone()));
            for (i, e) in entries.iter().enumerate() {
                write_entry(f, e, if i == 0 { "" } else { "    " })?;
            }
        }
        let breaking = self.entries.iter().filter(|e| e.breaking).count();
        writeln!(
            f,
            "verdict: {} ({} change(s), {} breaking)",
            self.verdict(),
            self.entries.len(),
            breaking
        )
    }
}

/// The kinds of items in the surface, with how their changes are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Type,
    Field,
    Variant,
    Method,
    Param,
}

/// The public surface: item to (kind, signature, optional-ness).
type Surface = BTreeMap<String, (Kind, String, bool)>;

fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".into(),
        TypeRef::Integer => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Vec(i) => format!("Vec<{}>", ty(i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", ty(i)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(n) => format!("Box<{n}>"),
    }
}

/// The public surface of a generated API.
fn surface(api: &Api) -> Surface {
    let mut s = Surface::new();
    for (name, def) in &api.types {
        let kind = match def {
            TypeDef::Struct(_) => "struct",
            TypeDef::Enum(_) => "enum",
            TypeDef::Union(u) if u.discriminator.is_some() => "tagged union",
            TypeDef::Union(_) => "union",
        };
        s.insert(format!("type {name}"), (Kind::Type, kind.into(), false));
        match def {
            TypeDef::Struct(st) => {
                for f in &st.fields {
                    let sig = if f.required {
                        ty(&f.ty)
                    } else {
                        format!("Option<{}>", ty(&f.ty))
                    };
                    s.insert(format!("field {name}.{}", f.rust_name), (Kind::Field, sig, !f.required));
                }
            }
            TypeDef::Enum(e) => {
                for v in &e.variants {
                    s.insert(
                        format!("variant {name}::{}", v.rust_name),
                        (Kind::Variant, format!("{:?}", v.wire), true),
                    );
                }
            }
            TypeDef::Union(u) => {
                for v in &u.variants {
                    let sig = if v.tags.is_empty() {
                        ty(&v.ty)
                    } else {
                        format!("{} for {:?}", ty(&v.ty), v.tags)
                    };
                    s.insert(format!("variant {name}::{}", v.rust_name), (Kind::Variant, sig, true));
                }
            }
        }
    }
    for r in api.resources.values() {
        for op in r.operations.values() {
            let ret = match &op.response {
                Response::Empty => "()".to_string(),
                Response::Binary => "Bytes".to_string(),
                Response::Data(t) | Response::Json(t) => ty(t),
                Response::Page { item, meta } => format!("Page<{}, {}>", ty(item), ty(meta)),
            };
            let m = format!("{}.{}", r.path, op.name);
            s.insert(
                format!("method {m}"),
                (Kind::Method, format!("{} {} -> {ret}", op.http_method, op.path), false),
            );
            let mut positional = Vec::new();
            for p in &op.path_params {
                positional.push(format!("{}: {}", p.rust_name, ty(&p.ty)));
            }
            for q in &op.query {
                let key = format!("param {m}({})", q.rust_name);
                let wire = q.wire_path.join("][");
                let wire = if q.wire_path.len() > 1 {
                    wire.replacen("][", "[", 1) + "]"
                } else {
                    wire
                };
                if q.required {
                    positional.push(format!("{}: {}", q.rust_name, ty(&q.ty)));
                }
                s.insert(
                    key,
                    (Kind::Param, format!("query `{wire}`: {}", ty(&q.ty)), !q.required),
                );
            }
            for h in &op.headers {
                if h.required {
                    positional.push(format!("{}: String", h.rust_name));
                }
                s.insert(
                    format!("param {m}({})", h.rust_name),
                    (Kind::Param, format!("header `{}`", h.wire_name), !h.required),
                );
            }
            if let Some(b) = &op.body {
                match b.ty.clone() {
                    TypeRef::Named(n) if matches!(api.types.get(&n), Some(TypeDef::Struct(_))) => {
                        if let Some(TypeDef::Struct(st)) = api.types.get(&n) {
                            for f in st.fields.iter().filter(|f| f.required) {
                                positional.push(format!("{}: {}", f.rust_name, ty(&f.ty)));
                            }
                            // Optional members are builder methods, named as the emitter names
                            // them (`body_<name>` where a parameter has the name).
                            for f in st.fields.iter().filter(|f| !f.required) {
                                let setter = crate::names::body_member(op, &f.rust_name);
                                s.insert(
                                    format!("param {m}({setter})"),
                                    (Kind::Param, format!("body `{}`: {}", f.wire_name, ty(&f.ty)), true),
                                );
                            }
                        }
                    }
                    other => {
                        if b.required {
                            positional.push(format!("body: {}", ty(&other)));
                        }
                    }
                }
            }
            s.insert(
                format!("method {m} arguments"),
                (Kind::Method, format!("({})", positional.join(", ")), false),
            );
        }
    }
    s
}

fn breaking(kind: Kind, change: Change, optional: bool) -> bool {
    match (kind, change) {
        (_, Change::Removed) | (_, Change::Changed) => true,
        // New types, variants of non-exhaustive enums, methods: additions.
        (Kind::Type | Kind::Variant | Kind::Method, Change::Added) => false,
        // A new field or parameter breaks only if callers must now supply it.
        (Kind::Field | Kind::Param, Change::Added) => !optional,
    }
}

/// The public-API diff from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let a = surface(old);
    let b = surface(new);
    let mut entries = Vec::new();
    for (item, (kind, sig, optional)) in &a {
        match b.get(item) {
            None => entries.push(Entry {
                item: item.clone(),
                change: Change::Removed,
                old: Some(sig.clone()),
                new: None,
                breaking: breaking(*kind, Change::Removed, *optional),
            }),
            Some((_, new_sig, _)) if new_sig != sig => entries.push(Entry {
                item: item.clone(),
                change: Change::Changed,
                old: Some(sig.clone()),
                new: Some(new_sig.clone()),
                breaking: breaking(*kind, Change::Changed, *optional),
            }),
            Some(_) => {}
        }
    }
    for (item, (kind, sig, optional)) in &b {
        if !a.contains_key(item) {
            entries.push(Entry {
                item: item.clone(),
                change: Change::Added,
                old: None,
                new: Some(sig.clone()),
                breaking: breaking(*kind, Change::Added, *optional),
            });
        }
    }
    entries.sort();
    ApiDiff {
        entries,
        inputs: (String::new(), String::new()),
    }
}
