//! The exerciser of a generated API (`cargo xtask full-spec --exercise`): a Rust source that
//! calls every generated operation through the crate's public API, printed from the same
//! [`Surface`] as the client, so it grows with the spec.
//!
//! Each operation gets one call with its positional arguments (path, required query, header
//! and body members) and, where it has optional builder methods, a second call that sets all
//! of them, so every query encoding, header and body shape goes out on the wire. Values come
//! from the spec ([`values`]: its examples, else synthesized from the schema); each is turned
//! into the argument's Rust type by deserializing its JSON (`x::j::<T>(json)`), which is the
//! generated types' own public contract, so a type that rejects a value the spec allows shows
//! up as a failed call. The runtime part (`x`: running the calls, recording Prism's verdict
//! and the decoding of each response) is hand-written and lives in xtask.

pub mod values;

use crate::emit::{ident, rust_type};
use crate::surface::TypeRef;
use crate::surface::{OperationSurface, Surface, Target, TypeKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::BTreeMap;
use values::{OperationValues, Synth};

/// One call site of the exerciser: the operation it calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// `METHOD /path`.
    pub key: String,
    /// `resource.method` in the generated API.
    pub rust_path: String,
    /// Whether a second call sets the optional builder methods.
    pub optional: bool,
}

/// The exerciser's source (`main.rs` of the exercise binary; it declares `mod x;`, the
/// runtime, and refers to the API crate as `api`) and its call sites, in call order.
pub fn exerciser(spec: &[u8], surface: &Surface, header: &str) -> crate::Result<(String, Vec<CallSite>)> {
    let mut doc = crate::load::parse(spec)?;
    crate::normalize::normalize(&mut doc);
    let synth = Synth::new(&doc);
    let mut fns = Vec::new();
    let mut table = Vec::new();
    let mut sites = Vec::new();
    for (path, resource) in &surface.resources {
        let Some(chain) = accessor_chain(surface, path) else {
            continue;
        };
        for op in resource.operations.values() {
            let values = synth
                .operation(
                    &op.http_method.to_ascii_lowercase(),
                    &op.path,
                    op.body.as_ref().map(|b| b.content_type.as_str()),
                )
                .unwrap_or_default();
            let i = sites.len();
            let name = format_ident!("call_{}", i);
            let (body, optional) = call_fn(surface, op, &chain, &values);
            fns.push(quote! {
                fn #name(c: &api::Client, full: bool) -> x::Call {
                    #body
                }
            });
            let key = format!("{} {}", op.http_method, op.path);
            table.push(quote! { (#key, #optional, #name as fn(&api::Client, bool) -> x::Call) });
            sites.push(CallSite {
                key,
                rust_path: format!("{path}.{}", op.name),
                optional,
            });
        }
    }
    let tokens = quote! {
        //! Calls every generated operation (see `cargo xtask full-spec --exercise`).
        #![allow(deprecated, unused_variables, clippy::all)]
        use telnyx_full as api;
        /// The generated types, where the printed type paths (`crate::models::T`) find them.
        mod models {
            pub use telnyx_full::models::*;
        }
        /// The crate's file type, where the printed type paths (`crate::File`) find it.
        use telnyx_full::File;
        mod x;
        /// Every operation: `METHOD /path`, whether it has a call with its optional
        /// parameters, and the call.
        pub const OPERATIONS: &[(&str, bool, fn(&api::Client, bool) -> x::Call)] = &[#(#table),*];
        fn main() -> ::std::process::ExitCode {
            x::main(OPERATIONS)
        }
        #(#fns)*
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::Unsupported,
            "",
            format!("the exerciser's tokens do not parse: {e}"),
        )
    })?;
    Ok((format!("{header}{}", prettyplease::unparse(&file)), sites))
}

/// `c.portouts().events()` for the resource `portouts.events`.
fn accessor_chain(surface: &Surface, path: &str) -> Option<TokenStream> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut chain = quote!(c);
    for i in 1..=segments.len() {
        let r = surface.resources.get(&segments[..i].join("."))?;
        let accessor = ident(&r.accessor);
        chain = quote!(#chain.#accessor());
    }
    Some(chain)
}

/// The body of one operation's call function, and whether it has a call with options.
fn call_fn(
    surface: &Surface,
    op: &OperationSurface,
    chain: &TokenStream,
    values: &OperationValues,
) -> (TokenStream, bool) {
    let flat = flat_query(&values.query);
    let method = ident(&op.name);
    let args = op.args.iter().map(|a| {
        let json = lookup(surface, &a.target, &a.ty, values, &flat, false);
        argument(surface, &a.target, &a.ty, json)
    });
    // `.setter(value)`, with the value of the body with every member.
    let call = |s: &crate::surface::Setter| {
        let json = lookup(surface, &s.target, &s.ty, values, &flat, true);
        let value = argument(surface, &s.target, &s.ty, json);
        let name = ident(&s.name);
        quote!(.#name(#value))
    };
    let setters: Vec<TokenStream> = op
        .setters
        .iter()
        .filter(|s| !matches!(s.target, Target::Path { .. }))
        .map(call)
        .collect();
    // Body members the spec requires beyond the positional ones (`minProperties`, or a
    // required form body that would go out empty): the required call sets the first optional
    // ones too.
    let positional = op
        .args
        .iter()
        .filter(|a| matches!(a.target, Target::BodyMember { .. } | Target::Body))
        .count();
    let needed: Vec<TokenStream> = op
        .setters
        .iter()
        .filter(|s| matches!(s.target, Target::BodyMember { .. }))
        .take(values.body_min_members.saturating_sub(positional))
        .map(call)
        .collect();
    let optional = !setters.is_empty();
    let options = if optional {
        quote! {
            if !full {
                return ::std::result::Result::Ok(b);
            }
            ::std::result::Result::Ok(b #(#setters)*)
        }
    } else {
        quote!(::std::result::Result::Ok(b))
    };
    let body = quote! {
        let built = (|| -> ::std::result::Result<_, ::std::string::String> {
            let b = #chain.#method(#(#args),*) #(#needed)*;
            #options
        })();
        match built {
            ::std::result::Result::Ok(b) => ::std::boxed::Box::pin(async move { x::sent(b.send_with_response().await) }),
            ::std::result::Result::Err(e) => ::std::boxed::Box::pin(async move { x::Outcome::argument(e) }),
        }
    };
    (body, optional)
}

/// The spec's query values by full key: objects (deepObject parameters) spread into their
/// bracketed keys (`filter` `{"status": ..}` is `filter[status]`), arrays kept whole.
fn flat_query(query: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    fn spread(key: String, v: &Value, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, sub) in m {
                    spread(format!("{key}[{k}]"), sub, out);
                }
            }
            other => {
                out.insert(key, other.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    for (k, v) in query {
        spread(k.clone(), v, &mut out);
    }
    out
}

/// The JSON under the query key `key` for a value of type `t`: a query object's members from
/// their own keys, anything else the value at the key or the object the keys below it make.
fn query_json(
    surface: &Surface,
    flat: &BTreeMap<String, Value>,
    key: &str,
    t: &TypeRef,
    depth: usize,
) -> Option<Value> {
    if let Some(v) = flat.get(key) {
        return Some(v.clone());
    }
    if depth < 8 {
        if let Some(ts) = t.named().and_then(|n| surface.types.get(n)) {
            if ts.kind == TypeKind::Struct {
                let mut obj = serde_json::Map::new();
                for m in &ts.members {
                    let suffix = match &m.query {
                        Some((suffix, _)) => suffix.clone(),
                        None => format!("[{}]", m.wire),
                    };
                    let Some(ty) = &m.ty else { continue };
                    if let Some(v) = query_json(surface, flat, &format!("{key}{suffix}"), ty, depth + 1) {
                        obj.insert(m.wire.clone(), v);
                    }
                }
                return (!obj.is_empty()).then_some(Value::Object(obj));
            }
        }
    }
    // The keys below `key`, nested back into an object.
    let prefix = format!("{key}[");
    let mut obj = Value::Object(serde_json::Map::new());
    let mut any = false;
    for (k, v) in flat.range(prefix.clone()..) {
        let Some(rest) = k.strip_prefix(&prefix) else { break };
        let segments: Vec<&str> = rest.trim_end_matches(']').split("][").collect();
        let mut at = &mut obj;
        for (i, seg) in segments.iter().enumerate() {
            let Value::Object(m) = at else { break };
            if i + 1 == segments.len() {
                m.insert(seg.to_string(), v.clone());
                any = true;
                break;
            }
            at = m
                .entry(seg.to_string())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
        }
    }
    any.then_some(obj)
}

/// The spec's value for an argument or setter (from the body with every member for setters,
/// with the required ones for arguments), else one made from the Rust type.
fn lookup(
    surface: &Surface,
    target: &Target,
    t: &TypeRef,
    values: &OperationValues,
    flat: &BTreeMap<String, Value>,
    full: bool,
) -> Value {
    let body = if full {
        values.body_full.as_ref()
    } else {
        values.body_required.as_ref().or(values.body_full.as_ref())
    };
    let found = match target {
        Target::Path { wire, .. } => values.path.get(wire).cloned(),
        Target::Query { key } => query_json(surface, flat, key, t, 0),
        Target::Header { wire } => values.headers.get(&wire.to_ascii_lowercase()).cloned(),
        Target::BodyMember { wire, .. } => body
            .and_then(|b| b.get(wire))
            .or_else(|| values.body_full.as_ref().and_then(|b| b.get(wire)))
            .cloned(),
        Target::Body => body.cloned(),
    };
    match found {
        Some(v) => with_files(surface, t, v, 0),
        None => from_type(surface, t, 0),
    }
}

/// The JSON of a [`TypeRef::File`] (`crate::File`'s serde form) holding `content`.
fn file_json(content: &str) -> Value {
    serde_json::json!({"filename": "upload.bin", "content": content})
}

/// The spec's value `v` of type `t` with each file in it (a string in the spec: its content)
/// as a file's JSON.
fn with_files(surface: &Surface, t: &TypeRef, v: Value, depth: usize) -> Value {
    if depth > 8 {
        return v;
    }
    match (t, v) {
        (TypeRef::File, Value::String(s)) => file_json(&s),
        (TypeRef::File, Value::Object(m)) if m.contains_key("filename") => Value::Object(m),
        (TypeRef::File, other) => file_json(&other.to_string()),
        (TypeRef::Vec(inner), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|i| with_files(surface, inner, i, depth + 1))
                .collect(),
        ),
        (TypeRef::Named(n) | TypeRef::Boxed(n), Value::Object(mut m)) => {
            let Some(ts) = surface.types.get(n) else {
                return Value::Object(m);
            };
            match ts.kind {
                TypeKind::Struct => {
                    for member in &ts.members {
                        if let (Some(ty), Some(value)) = (&member.ty, m.remove(&member.wire)) {
                            m.insert(member.wire.clone(), with_files(surface, ty, value, depth + 1));
                        }
                    }
                    Value::Object(m)
                }
                // Each variant's files (a member that is a file in one variant and not in
                // another is left to the first).
                TypeKind::TaggedUnion { .. } | TypeKind::Union { .. } => {
                    let mut v = Value::Object(m);
                    for variant in &ts.members {
                        if let Some(ty) = &variant.ty {
                            v = with_files(surface, ty, v, depth + 1);
                        }
                    }
                    v
                }
                TypeKind::Enum => Value::Object(m),
            }
        }
        (_, v) => v,
    }
}

/// A JSON value of the Rust type `t` alone (where the spec gives none).
fn from_type(surface: &Surface, t: &TypeRef, depth: usize) -> Value {
    match t {
        TypeRef::String | TypeRef::Bytes => Value::String("text".into()),
        TypeRef::File => file_json("text"),
        TypeRef::Integer => Value::from(1),
        TypeRef::Number => Value::from(1.0),
        TypeRef::Boolean => Value::Bool(true),
        TypeRef::DateTime => Value::String("2024-01-15T10:30:00Z".into()),
        TypeRef::Date => Value::String("2024-01-15".into()),
        TypeRef::Uuid => Value::String("3fa85f64-5717-4562-b3fc-2c963f66afa6".into()),
        TypeRef::Json | TypeRef::Map(_) => Value::Object(serde_json::Map::new()),
        TypeRef::Vec(inner) if depth < 8 => Value::Array(vec![from_type(surface, inner, depth + 1)]),
        TypeRef::Vec(_) => Value::Array(Vec::new()),
        TypeRef::Named(n) | TypeRef::Boxed(n) => {
            let Some(ts) = surface.types.get(n) else {
                return Value::Null;
            };
            match &ts.kind {
                TypeKind::Enum => ts
                    .members
                    .first()
                    .map_or(Value::Null, |m| Value::String(m.wire.clone())),
                TypeKind::Struct => {
                    let mut obj = serde_json::Map::new();
                    for m in ts.members.iter().filter(|m| m.required) {
                        if let (Some(ty), true) = (&m.ty, depth < 8) {
                            obj.insert(m.wire.clone(), from_type(surface, ty, depth + 1));
                        }
                    }
                    Value::Object(obj)
                }
                TypeKind::TaggedUnion { discriminator } => {
                    let Some(v) = ts.members.first() else {
                        return Value::Null;
                    };
                    let mut value = match &v.ty {
                        Some(ty) if depth < 8 => from_type(surface, ty, depth + 1),
                        _ => Value::Object(serde_json::Map::new()),
                    };
                    if let (Value::Object(m), Some(tag)) = (&mut value, v.wire.split(',').next()) {
                        m.insert(discriminator.clone(), Value::String(tag.to_string()));
                    }
                    value
                }
                TypeKind::Union { .. } => match ts.members.first().and_then(|v| v.ty.as_ref()) {
                    Some(ty) if depth < 8 => from_type(surface, ty, depth + 1),
                    _ => Value::Null,
                },
            }
        }
    }
}

/// The expression passing `json` as an argument of type `t` to `target`.
fn argument(surface: &Surface, target: &Target, t: &TypeRef, json: Value) -> TokenStream {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match (target, t) {
        // Untyped path parameters take anything `Display`.
        (Target::Path { typed: false, .. }, _) => {
            let lit = Literal::string(&text(&json));
            quote!(#lit)
        }
        (_, TypeRef::Bytes) => {
            let lit = Literal::string(&text(&json));
            quote!(::bytes::Bytes::from(#lit))
        }
        _ => {
            let _ = surface;
            let ty = rust_type(t);
            let lit = Literal::string(&json.to_string());
            quote!(x::j::<#ty>(#lit)?)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things/{id}:
    post:
      operationId: updateThing
      parameters:
        - {name: id, in: path, required: true, example: "", schema: {type: string, format: uuid}}
        - name: filter
          in: query
          required: true
          style: deepObject
          example: {since: "2024-05-01T00:00:00Z"}
          schema:
            type: object
            required: [since]
            properties:
              since: {type: string, format: date-time}
              kind: {type: string, enum: [a, b]}
        - {name: verbose, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              example: {name: "from the example"}
              properties:
                name: {type: string}
                phone: {type: string, pattern: '^\+[1-9]\d{1,14}$'}
                count: {type: integer, minimum: 3}
      responses:
        "204": {description: done}
"#;

    #[test]
    fn calls_every_operation_with_the_specs_values() {
        let config = crate::Config::parse("title: T\noperations:\n  POST /things/{id}: things.update\n").unwrap();
        let generated = crate::generate(SPEC.as_bytes(), &config, None).unwrap();
        let (source, sites) = exerciser(SPEC.as_bytes(), &generated.surface, "").unwrap();
        assert_eq!(
            sites,
            [CallSite {
                key: "POST /things/{id}".into(),
                rust_path: "things.update".into(),
                optional: true,
            }]
        );
        let flat: String = source.split_whitespace().collect();
        // The empty example of the path parameter is not used: the format's value is.
        assert!(
            flat.contains(r#".update("3fa85f64-5717-4562-b3fc-2c963f66afa6","#),
            "{source}"
        );
        // The required query object from the parameter's example, the body member from the
        // body's example; the optional ones from their schemas (pattern, bounds).
        assert!(flat.contains(r#"{\"since\":\"2024-05-01T00:00:00Z\"}"#), "{source}");
        assert!(flat.contains(r#"\"fromtheexample\""#), "{source}");
        assert!(
            flat.contains(r#".phone(x::j::<::std::string::String>("\"+10\"")?)"#),
            "{source}"
        );
        assert!(flat.contains(r#".count(x::j::<i64>("3")?)"#), "{source}");
        assert!(flat.contains(r#".verbose(x::j::<bool>("true")?)"#), "{source}");
    }

    #[test]
    fn files_are_made_from_the_specs_strings_also_inside_a_union_body() {
        const UPLOADS: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /photo:
    post:
      operationId: uploadPhoto
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary, example: "JPEG"}
      responses:
        "204": {description: done}
  /clones:
    post:
      operationId: createClone
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              oneOf:
                - type: object
                  required: [audio_file, name]
                  properties:
                    audio_file: {type: string, format: binary}
                    name: {type: string}
                - type: object
                  required: [audio_file, label]
                  properties:
                    audio_file: {type: string, format: binary}
                    label: {type: string}
      responses:
        "204": {description: done}
"#;
        let config = crate::Config::parse("select:\n  all: true\n").unwrap();
        let generated = crate::generate(UPLOADS.as_bytes(), &config, None).unwrap();
        assert!(
            generated.diagnostics.skipped.is_empty(),
            "{:?}",
            generated.diagnostics.skipped
        );
        let (source, _) = exerciser(UPLOADS.as_bytes(), &generated.surface, "").unwrap();
        let flat: String = source.split_whitespace().collect();
        // The file's example is its content; the file gets a name.
        assert!(
            flat.contains("crate::File") && flat.contains(r#"("{\"content\":\"JPEG\",\"filename\":\"upload.bin\"}")?"#),
            "{source}"
        );
        // Inside the union body too.
        assert!(flat.contains(r#"\"audio_file\":{\"content\":"#), "{source}");
    }
}
