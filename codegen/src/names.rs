//! Rust names from wire names: heck for the case, then an identifier check, then the
//! keyword list. Every place that names something goes through here.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Every Rust keyword, strict and reserved, in all editions (plus `Self`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

fn clean(s: &str) -> String {
    // Keep letters and digits; everything else separates words.
    s.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect()
}

/// A snake_case identifier for a field, method or parameter.
pub(crate) fn snake(s: &str) -> String {
    let mut out = clean(s).to_snake_case();
    out.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// An UpperCamelCase identifier for a type or variant.
pub(crate) fn pascal(s: &str) -> String {
    // `+1` and `-1` are distinct enum values; keep the sign as a word.
    let s = s.replace('+', " plus ").replace('-', " minus ");
    let mut out = clean(&s).to_upper_camel_case();
    out.retain(|c| c.is_ascii_alphanumeric());
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// An UpperCamelCase name for a wire value of an enum: like `pascal`, but a `-` between
/// words is a separator (`rejected-pending` is `RejectedPending`).
pub(crate) fn variant(s: &str) -> String {
    let trimmed = s.trim_start_matches('-');
    let neg = trimmed.len() != s.len() && s.len() > 1 && trimmed.starts_with(|c: char| c.is_ascii_digit());
    let base = pascal(&trimmed.replace('-', " ").replace('+', " plus "));
    if neg {
        // `pascal` puts a `V` before a leading digit; after `Minus` it is not needed (`-1` is `Minus1`).
        let digits = base
            .strip_prefix('V')
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        format!("Minus{}", digits.unwrap_or(&base))
    } else {
        base
    }
}

/// A namespace of Rust names (the fields of a struct, the variants of an enum, the setters
/// of a model, the component types of a spec): a name claimed where it is taken gets the
/// next free numeric suffix ([`unique`]), in the order names are claimed.
#[derive(Debug, Default, Clone)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` are taken (`Unknown`, an enum's catch-all).
    pub(crate) fn reserving<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Namespace {
            taken: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    /// `name`, or `name` with the next free suffix when it is taken; taken from now on.
    pub(crate) fn claim(&mut self, name: &str) -> String {
        let name = unique(name, |n| self.taken.contains(n));
        self.taken.insert(name.clone());
        name
    }
}

/// The Rust name of each component schema: its name recased, claimed in sorted order of the
/// schemas' names, so two that recase alike (`Foo_bar`, `FooBar`) resolve the same way
/// whatever their order in the file (the first in sorted order keeps the name). Lowering
/// prefixes the names it suggests for a component's inline types with it; naming reserves
/// them all, used or not.
pub(crate) fn component_names<'a>(
    schemas: impl IntoIterator<Item = &'a String>,
) -> std::collections::BTreeMap<String, String> {
    let mut originals: Vec<&String> = schemas.into_iter().collect();
    originals.sort();
    let mut taken = Namespace::default();
    originals
        .into_iter()
        .map(|original| (original.clone(), taken.claim(&pascal(original))))
        .collect()
}

/// Gives `name` a numeric suffix until `taken` says it is free: the one place a suffix is
/// chosen ([`Namespace::claim`], which the naming stage claims type names through).
pub(crate) fn unique(name: &str, mut taken: impl FnMut(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_string();
    }
    let mut i = 2;
    loop {
        let candidate = format!("{name}{i}");
        if !taken(&candidate) {
            return candidate;
        }
        i += 1;
    }
}
