//! The public-API diff between two generations, computed from their [`Surface`]s (what the
//! emitter prints, not a model of it, and not a text diff of files): types, fields, enum
//! variants, methods and parameters added, removed or changed, each marked breaking or not
//! and as changing the wire or Rust only, with a semver verdict.
//!
//! Wire or Rust only: each item stands for places on the wire (a type for where it is used,
//! `GET /portouts response.data[]`; a field for the same places `.status`; a parameter for
//! its query key, header or body member). A change is Rust-only when at each of those places
//! both surfaces send and accept the same thing (JSON kinds, enum strings, presence), e.g. a
//! type or method renamed by config, arguments reordered.
//!
//! Conventions it assumes, which the generated code follows (and `tests/semver.rs` proves by
//! compiling a user's code against the crate before and after each kind of change): enums and
//! unions are `#[non_exhaustive]` (adding a variant is not breaking); structs are
//! `#[non_exhaustive]` and built with `new(required fields)` and setters (adding an optional
//! field is not breaking, adding a required one changes `new`); optional parameters and body
//! members are builder methods (adding one is not breaking, renaming one is).

use crate::surface::TypeRef;
use crate::surface::{OperationSurface, Output, Surface, Target, TypeKind, type_name};
use std::collections::{BTreeMap, BTreeSet};
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
    /// Whether what goes over the wire changed at the places the item stands for (else only
    /// Rust names or signatures changed: same JSON, same HTTP).
    pub wire: bool,
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
        "impl" => (rest.split(':').next().unwrap_or(rest).to_string(), false),
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

impl ApiDiff {
    /// Writes one section (the wire changes, or the Rust-only ones): renames first, then
    /// grouped by the type or method each change belongs to; groups whose owner itself was
    /// added, removed or changed (the root causes) come first, the owner's line first in its
    /// group.
    fn write_section(&self, f: &mut fmt::Formatter<'_>, wire: bool) -> fmt::Result {
        let entries: Vec<Entry> = self.entries.iter().filter(|e| e.wire == wire).cloned().collect();
        if entries.is_empty() {
            return Ok(());
        }
        writeln!(
            f,
            "{}",
            if wire {
                "Changes on the wire (what is sent or received differs):"
            } else {
                "Changes to Rust only (the same HTTP and JSON; names or signatures differ):"
            }
        )?;
        let renamed = renames(&entries);
        let in_rename = |name: &str| renamed.iter().any(|(a, b)| a == name || b == name);
        for (from, to) in &renamed {
            writeln!(f, "~ BREAKING type {from} renamed to {to} (same members)")?;
        }
        let mut groups: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
        for e in &entries {
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
        Ok(())
    }
}

impl ApiDiff {
    /// How many changes, how many breaking, how many on the wire:
    /// `3 change(s), 1 breaking, 2 on the wire`.
    pub fn counts(&self) -> String {
        let breaking = self.entries.iter().filter(|e| e.breaking).count();
        let wire = self.entries.iter().filter(|e| e.wire).count();
        format!(
            "{} change(s), {breaking} breaking, {wire} on the wire",
            self.entries.len()
        )
    }
}

impl fmt::Display for ApiDiff {
    /// The changes on the wire first, then those to Rust only, each section as
    /// `ApiDiff::write_section` orders it; then the verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.inputs.0.is_empty() || !self.inputs.1.is_empty() {
            writeln!(f, "API diff from {} to {}:", self.inputs.0, self.inputs.1)?;
        }
        self.write_section(f, true)?;
        self.write_section(f, false)?;
        writeln!(f, "verdict: {} ({})", self.verdict(), self.counts())
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

/// One item of the surface as the diff sees it.
#[derive(Debug, Clone)]
struct Item {
    kind: Kind,
    /// What a user's code sees of it.
    sig: String,
    /// Whether a user may leave it out (an optional field or parameter).
    optional: bool,
    /// The places on the wire it stands for (see [`wire_facts`]).
    wire: BTreeSet<String>,
    /// What the item itself puts on the wire that its Rust signature does not show (a
    /// field's JSON key, a query key's encoding, a union's discriminator, a method's
    /// `Accept`): a change here with the same `sig` is a change on the wire only, and is
    /// reported as one.
    local: String,
    /// What the spec says of the item that, changed, breaks no code: that it requires a
    /// field which is an `Option` anyway (in a type responses hold). A change here alone is
    /// a change on the wire, not a breaking one.
    note: &'static str,
}

/// The items of a surface, by name (`field PortoutDetails.status`).
type Items = BTreeMap<String, Item>;

/// The operation key of an operation (`GET /portouts`): how the wire knows it.
fn op_key(op: &OperationSurface) -> String {
    format!("{} {}", op.http_method, op.path)
}

/// Where an argument's or setter's value goes on the wire, under the operation's key.
fn target_place(key: &str, t: &Target) -> String {
    match t {
        Target::Path { wire, .. } => format!("{key} path {wire}"),
        Target::Query { key: q } => format!("{key} query {q}"),
        Target::Header { wire } => format!("{key} header {}", wire.to_ascii_lowercase()),
        Target::BodyMember { wire, .. } => format!("{key} body.{wire}"),
        Target::Body => format!("{key} body"),
    }
}

/// The wire as facts: every place a request or response has (`GET /portouts query
/// filter[status]`, `GET /portouts response.data[].status`), each with what goes there in
/// wire terms only (JSON kinds, enum strings, required or optional), never a Rust name. Also
/// where each named type sits, so an item can name its places. Two surfaces with the same
/// facts at a place send and accept the same JSON and HTTP there.
fn wire_facts(s: &Surface) -> (BTreeMap<String, String>, BTreeMap<String, BTreeSet<String>>) {
    let mut facts = BTreeMap::new();
    let mut at: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in s.resources.values() {
        for op in r.operations.values() {
            let key = op_key(op);
            facts.insert(
                key.clone(),
                format!("accept {}, status {}", op.accept, op.success_status),
            );
            for a in &op.args {
                let place = target_place(&key, &a.target);
                shape(s, &a.ty, &place, "required", &mut facts, &mut at, &mut Vec::new());
            }
            for st in &op.setters {
                let place = target_place(&key, &st.target);
                shape(s, &st.ty, &place, "optional", &mut facts, &mut at, &mut Vec::new());
            }
            for q in &op.query {
                facts.insert(format!("{key} query {} encoding", q.key), format!("{:?}", q.encoding));
            }
            if let Some(b) = &op.body {
                let mut fact = format!("{:?} {}", b.encoding, b.content_type);
                for (part, ct) in &b.part_types {
                    fact.push_str(&format!(", part {part:?} as {ct}"));
                }
                facts.insert(format!("{key} body"), fact);
                if let Some(name) = b.ty.named().filter(|_| b.members) {
                    at.entry(name.to_string()).or_default().insert(format!("{key} body"));
                }
            }
            let response = format!("{key} response");
            match &op.output {
                Output::Empty => {
                    facts.insert(response, "empty".into());
                }
                Output::Binary => {
                    facts.insert(response, "bytes".into());
                }
                Output::Json(t) => shape(s, t, &response, "json", &mut facts, &mut at, &mut Vec::new()),
                Output::Data(t) => {
                    facts.insert(response.clone(), "{data}".into());
                    shape(
                        s,
                        t,
                        &format!("{response}.data"),
                        "data",
                        &mut facts,
                        &mut at,
                        &mut Vec::new(),
                    );
                }
                Output::Page(p) => {
                    facts.insert(
                        response.clone(),
                        format!("page by {:?}, size {:?}", p.number_key, p.size_key),
                    );
                    shape(
                        s,
                        &p.item,
                        &format!("{response}.data[]"),
                        "item",
                        &mut facts,
                        &mut at,
                        &mut Vec::new(),
                    );
                    shape(
                        s,
                        &p.meta,
                        &format!("{response}.meta"),
                        "meta",
                        &mut facts,
                        &mut at,
                        &mut Vec::new(),
                    );
                }
            }
        }
    }
    (facts, at)
}

/// Records the facts of a value of type `t` at `place` (`presence` says how it is there),
/// and below it; `stack` stops at a type already being walked (recursion).
fn shape(
    s: &Surface,
    t: &TypeRef,
    place: &str,
    presence: &str,
    facts: &mut BTreeMap<String, String>,
    at: &mut BTreeMap<String, BTreeSet<String>>,
    stack: &mut Vec<String>,
) {
    if let Some(k) = t.scalar().map(|s| s.wire) {
        facts.insert(place.to_string(), format!("{presence} {k}"));
        return;
    }
    match t {
        TypeRef::Vec(inner) => {
            facts.insert(place.to_string(), format!("{presence} array"));
            shape(s, inner, &format!("{place}[]"), "item", facts, at, stack);
        }
        TypeRef::Map(inner) => {
            facts.insert(place.to_string(), format!("{presence} map"));
            shape(s, inner, &format!("{place}{{}}"), "value", facts, at, stack);
        }
        TypeRef::Named(n) | TypeRef::Boxed(n) => {
            at.entry(n.clone()).or_default().insert(place.to_string());
            if stack.contains(n) {
                facts.insert(place.to_string(), format!("{presence} (recursive)"));
                return;
            }
            let Some(def) = s.types.get(n) else {
                facts.insert(place.to_string(), format!("{presence} unknown"));
                return;
            };
            stack.push(n.clone());
            match &def.kind {
                TypeKind::Struct => {
                    facts.insert(place.to_string(), format!("{presence} object"));
                    for m in &def.members {
                        if let Some(ty) = &m.ty {
                            let p = if m.required { "required" } else { "optional" };
                            shape(s, ty, &format!("{place}.{}", m.wire), p, facts, at, stack);
                        }
                    }
                }
                TypeKind::Enum => {
                    let mut values: Vec<&str> = def.members.iter().map(|m| m.wire.as_str()).collect();
                    values.sort();
                    facts.insert(place.to_string(), format!("{presence} one of {values:?}"));
                }
                TypeKind::TaggedUnion { discriminator } => {
                    facts.insert(place.to_string(), format!("{presence} tagged by {discriminator}"));
                    for m in &def.members {
                        if let Some(ty) = &m.ty {
                            shape(s, ty, &format!("{place}|{}", m.wire), "variant", facts, at, stack);
                        }
                    }
                }
                TypeKind::Union { fitted } => {
                    facts.insert(place.to_string(), format!("{presence} union (fitted: {fitted})"));
                    for (i, m) in def.members.iter().enumerate() {
                        if let Some(ty) = &m.ty {
                            shape(s, ty, &format!("{place}|{i}"), "variant", facts, at, stack);
                        }
                    }
                }
            }
            stack.pop();
        }
        _ => {}
    }
}

/// The facts at `place` and below it.
fn subtree<'a>(facts: &'a BTreeMap<String, String>, place: &str) -> Vec<(&'a String, &'a String)> {
    facts
        .range(place.to_string()..)
        .take_while(|(k, _)| k.starts_with(place))
        .filter(|(k, _)| k.len() == place.len() || k[place.len()..].starts_with([' ', '.', '|', '[', '{']))
        .collect()
}

/// The public surface as diff items; `at` is where each type sits (from [`wire_facts`]).
fn items(s: &Surface, at: &BTreeMap<String, BTreeSet<String>>) -> Items {
    let places = |name: &str| at.get(name).cloned().unwrap_or_default();
    let below = |name: &str, sep: &str, wire: &str| -> BTreeSet<String> {
        places(name).into_iter().map(|p| format!("{p}{sep}{wire}")).collect()
    };
    let mut out = Items::new();
    for (name, t) in &s.types {
        let kind = match &t.kind {
            TypeKind::Struct => "struct",
            TypeKind::Enum => "enum",
            TypeKind::TaggedUnion { .. } => "tagged union",
            TypeKind::Union { .. } => "union",
        };
        let local = match &t.kind {
            TypeKind::Struct if t.query => "sent in a query, in brackets".to_string(),
            TypeKind::Struct | TypeKind::Enum => String::new(),
            TypeKind::TaggedUnion { discriminator } => format!("tagged by {discriminator:?}"),
            TypeKind::Union { fitted } => format!("fitted: {fitted}"),
        };
        out.insert(
            format!("type {name}"),
            Item {
                kind: Kind::Type,
                sig: kind.into(),
                optional: false,
                wire: places(name),
                local,
                note: "",
            },
        );
        // Trait impls a user may rely on (`Default::default()`, `.into()`): added is an
        // addition, removed breaks.
        let mut impls: Vec<(String, String)> = Vec::new();
        if t.default {
            impls.push(("Default".into(), "derived".into()));
        }
        for v in &t.froms {
            if let Some(ty) = t.member(v).and_then(|m| m.ty.as_ref()) {
                impls.push((format!("From<{}>", type_name(ty)), format!("into ::{v}")));
            }
        }
        for (tr, sig) in impls {
            out.insert(
                format!("impl {name}: {tr}"),
                Item {
                    kind: Kind::Method,
                    sig,
                    optional: false,
                    wire: BTreeSet::new(),
                    local: String::new(),
                    note: "",
                },
            );
        }
        for (i, m) in t.members.iter().enumerate() {
            match (&t.kind, &m.ty) {
                (TypeKind::Struct, Some(ty)) => {
                    let sig = if m.optional {
                        format!("Option<{}>", type_name(ty))
                    } else {
                        type_name(ty)
                    };
                    out.insert(
                        format!("field {name}.{}", m.rust_name),
                        Item {
                            kind: Kind::Field,
                            sig,
                            // A new field breaks code only when `new` takes it.
                            optional: !m.required,
                            wire: below(name, ".", &m.wire),
                            local: match &m.query {
                                Some((suffix, encoding)) => format!("{:?}, {suffix:?} {encoding:?}", m.wire),
                                None => format!("{:?}", m.wire),
                            },
                            note: if m.optional && m.required { ", required" } else { "" },
                        },
                    );
                }
                (_, None) => {
                    out.insert(
                        format!("variant {name}::{}", m.rust_name),
                        Item {
                            kind: Kind::Variant,
                            sig: format!("{:?}", m.wire),
                            optional: true,
                            wire: places(name),
                            local: String::new(),
                            note: "",
                        },
                    );
                }
                (kind, Some(ty)) => {
                    let (sig, label) = if m.wire.is_empty() {
                        (type_name(ty), i.to_string())
                    } else {
                        let tags: Vec<&str> = m.wire.split(", ").collect();
                        (format!("{} for {tags:?}", type_name(ty)), m.wire.clone())
                    };
                    let label = if matches!(kind, TypeKind::TaggedUnion { .. }) {
                        label
                    } else {
                        i.to_string()
                    };
                    out.insert(
                        format!("variant {name}::{}", m.rust_name),
                        Item {
                            kind: Kind::Variant,
                            sig,
                            optional: true,
                            wire: below(name, "|", &label),
                            // An untagged union decodes as the first variant that accepts the
                            // value: its position is part of how the wire is read.
                            local: match kind {
                                TypeKind::Union { fitted: false } => format!("tried at position {i}"),
                                _ => String::new(),
                            },
                            note: "",
                        },
                    );
                }
            }
        }
    }
    for (path, r) in &s.resources {
        for op in r.operations.values() {
            let key = op_key(op);
            let m = format!("{path}.{}", op.name);
            let ret = match &op.output {
                Output::Page(p) => format!("Page<{}, {}>", type_name(&p.item), type_name(&p.meta)),
                other => other.type_name(),
            };
            out.insert(
                format!("method {m}"),
                Item {
                    kind: Kind::Method,
                    sig: format!("{} {} -> {ret}", op.http_method, op.path),
                    optional: false,
                    wire: [key.clone(), format!("{key} response")].into(),
                    local: format!(
                        "accept {:?}, status {}, body {:?}, response {}",
                        op.accept,
                        op.success_status,
                        op.body.as_ref().map(|b| (b.encoding, &b.content_type)),
                        decoding(&op.output)
                    ),
                    note: "",
                },
            );
            let positional: Vec<String> = op.args.iter().map(crate::surface::Arg::signature).collect();
            out.insert(
                format!("method {m} arguments"),
                Item {
                    kind: Kind::Method,
                    sig: format!("({})", positional.join(", ")),
                    optional: false,
                    wire: op.args.iter().map(|a| target_place(&key, &a.target)).collect(),
                    local: String::new(),
                    note: "",
                },
            );
            // Every builder method, and the query and header arguments (a required body
            // member or path parameter is only an argument).
            let required = op
                .args
                .iter()
                .filter(|a| matches!(a.target, Target::Query { .. } | Target::Header { .. }))
                .map(|a| (&a.name, a.takes.param_type(&a.ty), &a.target, false));
            let optional = op
                .setters
                .iter()
                .map(|st| (&st.name, st.param_type(), &st.target, true));
            for (name, ty, target, optional) in required.chain(optional) {
                let sig = match target {
                    Target::Header { .. } => target.describe(),
                    _ => format!("{}: {ty}", target.describe()),
                };
                out.insert(
                    format!("param {m}({name})"),
                    Item {
                        kind: Kind::Param,
                        sig,
                        optional,
                        wire: [target_place(&key, target)].into(),
                        local: match target {
                            Target::Query { key: q } => op
                                .query
                                .iter()
                                .find(|k| k.key == *q)
                                .map(|k| format!("{:?}", k.encoding))
                                .unwrap_or_default(),
                            _ => String::new(),
                        },
                        note: "",
                    },
                );
            }
        }
    }
    out
}

/// How a success is read off the wire, apart from the Rust type it gives (the same
/// `PortoutDetails` from `{"data": ...}` or from the bare body).
fn decoding(output: &Output) -> String {
    match output {
        Output::Empty => "empty".into(),
        Output::Binary => "bytes".into(),
        Output::Data(_) => "{data}".into(),
        Output::Json(_) => "json".into(),
        Output::Page(p) => format!(
            "page by {:?}, size {:?}, meta {:?}",
            p.number_key,
            p.size_key,
            p.meta_names
                .as_ref()
                .map(|m| (&m.page_number, &m.total_pages, &m.page_size, &m.total_results))
        ),
    }
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

/// The public-API diff from `old` to `new`: what changed for a user's code, each change
/// marked breaking or not and as changing the wire or only Rust.
pub fn diff(old: &Surface, new: &Surface) -> ApiDiff {
    let (old_facts, old_at) = wire_facts(old);
    let (new_facts, new_at) = wire_facts(new);
    let (a, b) = (items(old, &old_at), items(new, &new_at));
    // Rust only: at every place on the wire the item stands for, both sides have the same facts.
    let wire = |x: Option<&Item>, y: Option<&Item>| -> bool {
        let places: BTreeSet<&String> = x.iter().chain(y.iter()).flat_map(|i| i.wire.iter()).collect();
        places
            .into_iter()
            .any(|p| subtree(&old_facts, p) != subtree(&new_facts, p))
    };
    let mut entries = Vec::new();
    for (name, item) in &a {
        let change = match b.get(name) {
            None => Change::Removed,
            Some(n) if n.sig != item.sig || n.local != item.local || n.note != item.note => Change::Changed,
            Some(_) => continue,
        };
        let other = b.get(name);
        // The same Rust signature: what differs is on the wire, and is shown.
        let shown = |i: &Item| match other {
            Some(n) if n.sig == item.sig => format!("{} (on the wire: {}{})", i.sig, i.local, i.note),
            _ => i.sig.clone(),
        };
        entries.push(Entry {
            item: name.clone(),
            change,
            old: Some(shown(item)),
            new: other.map(shown),
            // Only the note changed: no code breaks.
            breaking: breaking(item.kind, change, item.optional)
                && !other.is_some_and(|n| n.sig == item.sig && n.local == item.local),
            wire: wire(Some(item), other),
        });
    }
    for (name, item) in &b {
        if !a.contains_key(name) {
            entries.push(Entry {
                item: name.clone(),
                change: Change::Added,
                old: None,
                new: Some(item.sig.clone()),
                breaking: breaking(item.kind, Change::Added, item.optional),
                wire: wire(None, Some(item)),
            });
        }
    }
    entries.sort();
    ApiDiff {
        entries,
        inputs: (String::new(), String::new()),
    }
}
