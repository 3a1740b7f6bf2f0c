//! The generator's own doc text of an operation: what it returns (with links) and a `no_run`
//! example that compiles as a doctest. Written only from Rust identifiers the generator made
//! and fixed placeholder values, never from spec text, so it bypasses `markdown::render`.

use crate::surface::TypeRef;
use crate::surface::{OperationSurface, Output, Surface, Target, TypeKind};

/// "Returns ..." with intra-doc links to the types.
pub(super) fn returns(op: &OperationSurface) -> String {
    match &op.output {
        Output::Empty => "Returns `()` on success.".to_string(),
        Output::Binary => "Returns the body as [`Bytes`](::bytes::Bytes).".to_string(),
        Output::Data(t) | Output::Json(t) => format!("Returns {}.", link(t)),
        Output::Page(p) if p.number_field.is_some() => format!(
            "Returns a [`Page`](crate::Page) of {}; `.into_stream()` reads every item of every page, \
             `.collect(n)` the first `n`.",
            link(&p.item)
        ),
        Output::Page(p) => format!("Returns a [`Page`](crate::Page) of {} (one page).", link(&p.item)),
    }
}

fn link(t: &TypeRef) -> String {
    if let Some(s) = t.scalar() {
        return s.phrase.into();
    }
    match t {
        TypeRef::Vec(inner) => format!("a `Vec` of {}", link(inner)),
        TypeRef::Map(inner) => format!("a map of `String` to {}", link(inner)),
        _ => {
            let n = t.named().map_or("", String::as_str);
            format!("[`{n}`](crate::models::{n})")
        }
    }
}

/// The example's lines (a heading and a fenced `no_run` block), or none when a required
/// argument has no placeholder (a type too deep to build in a line).
pub(super) fn example(surface: &Surface, op: &OperationSurface, resource: &str, krate: &str) -> Vec<String> {
    let mut chain = String::from("client");
    let segments: Vec<&str> = resource.split('.').collect();
    for i in 1..=segments.len() {
        let Some(r) = surface.resources.get(&segments[..i].join(".")) else {
            return Vec::new();
        };
        chain.push_str(&format!(".{}()", r.accessor));
    }
    let mut values = Vec::new();
    for a in &op.args {
        // Path parameters are `impl Display`: an id.
        let value = if matches!(a.target, Target::Path { typed: false, .. }) {
            Some("\"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0\"".to_string())
        } else {
            placeholder(surface, &a.ty, krate, 0)
        };
        match value {
            Some(v) => values.push(v),
            None => return Vec::new(),
        }
    }
    let call = format!("{chain}.{}({})", op.name, values.join(", "));
    let body: Vec<String> = match &op.output {
        Output::Empty => vec![format!("{call}.await?;")],
        Output::Page(_) => vec![
            format!("let page = {call}.await?;"),
            "for item in &page {".into(),
            "    println!(\"{item:?}\");".into(),
            "}".into(),
        ],
        _ => vec![format!("let value = {call}.await?;"), "println!(\"{value:?}\");".into()],
    };
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!("# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{"),
    ];
    lines.extend(body);
    lines.extend(["# Ok(())".to_string(), "# }".to_string(), "```".to_string()]);
    lines
}

/// A value of type `t` for an example: fixed literals, defaults, first variants, constructors.
fn placeholder(api: &Surface, t: &TypeRef, krate: &str, depth: usize) -> Option<String> {
    if depth > 4 {
        return None;
    }
    if let Some(s) = t.scalar() {
        // A file is the crate's own type.
        return Some(if *t == TypeRef::File {
            format!("{krate}::{}", s.example)
        } else {
            s.example.into()
        });
    }
    Some(match t {
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Vec(inner) => format!("vec![{}]", placeholder(api, inner, krate, depth + 1)?),
        TypeRef::Boxed(n) => format!(
            "Box::new({})",
            placeholder(api, &TypeRef::Named(n.clone()), krate, depth)?
        ),
        TypeRef::Named(n) => {
            let t = api.types.get(n)?;
            match &t.kind {
                TypeKind::Enum => format!("{krate}::models::{n}::{}", t.members.first()?.rust_name),
                TypeKind::Struct => {
                    let args: Option<Vec<String>> = t
                        .constructor
                        .iter()
                        .map(|f| placeholder(api, t.member(f)?.ty.as_ref()?, krate, depth + 1))
                        .collect();
                    format!("{krate}::models::{n}::new({})", args?.join(", "))
                }
                TypeKind::TaggedUnion { .. } | TypeKind::Union { .. } => {
                    let v = t.members.first()?;
                    format!(
                        "{krate}::models::{n}::{}({})",
                        v.rust_name,
                        placeholder(api, v.ty.as_ref()?, krate, depth + 1)?
                    )
                }
            }
        } // Scalars have their example in their table (above).
        _ => return None,
    })
}
