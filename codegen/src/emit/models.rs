//! Named types: structs, open enums, unions, and their query encoders, as the surface has
//! them (names, member types, setters, catch-alls, which types implement `ToQuery` and
//! `PageMeta`); the IR adds only the spec's prose and serde details (tags, wire names of
//! the doc fallbacks), found by a member's Rust name, never by position.

use super::{doc_attrs, ident, param_type, query_push, rust_type};
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Api, Enum, Struct, TypeDef, Union};
use crate::naming::Names;
use crate::prose::code;
use crate::surface::TypeRef;
use crate::surface::{CatchAllPayload, Member, MetaField, PageMetaSurface, Surface, TypeKind, TypeSurface};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn models(api: &Api, names: &Names, surface: &Surface) -> Result<TokenStream> {
    let mut items = Vec::new();
    // In the order of the names (the surface's), each with the spec's prose and serde
    // details from the IR.
    for (name, t) in &surface.types {
        let Some(def) = names.id_of(name).and_then(|id| api.types.get(&id)) else {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "",
                format!("the surface has a type `{name}` the IR does not"),
            ));
        };
        items.push(match def {
            TypeDef::Struct(s) => structure(name, s, t)?,
            TypeDef::Enum(e) => enumeration(name, e, t)?,
            TypeDef::Union(u) => union(surface, names, name, u, t)?,
        });
    }
    Ok(quote! {
        //! Models: every schema the generated operations reach, plus the inline request,
        //! filter and response schemas, named after where they sit.
        #(#items)*
    })
}

/// The doc lines, or one made by `fallback` when the spec has none: every generated item is
/// documented.
fn doc_or(lines: &[String], fallback: impl FnOnce() -> String) -> TokenStream {
    if lines.is_empty() {
        doc_attrs(&[fallback()])
    } else {
        doc_attrs(lines)
    }
}

/// Where a type is used, for a type the spec does not describe: up to three of its sites.
fn used_at(name: &str, t: &TypeSurface) -> String {
    let list: Vec<String> = t.used_at.iter().take(3).map(|site| code(site)).collect();
    match (list.is_empty(), t.used_at.len().saturating_sub(3)) {
        (true, _) => format!("The `{name}` object (the spec does not describe it)."),
        (false, 0) => format!("Used at {}.", list.join(", ")),
        (false, n) => format!("Used at {} and {n} more.", list.join(", ")),
    }
}

/// The type of a struct member or union variant (the surface gives every one a type).
fn member_type(name: &str, m: &Member) -> Result<TypeRef> {
    m.ty.clone().ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            "",
            format!("the surface gives `{name}::{}` no type", m.rust_name),
        )
    })
}

/// The variant that keeps what this client does not know: its name, and its payload type as
/// generated code spells it.
fn catch_all<'t>(name: &str, t: &'t TypeSurface) -> Result<(&'t str, TokenStream)> {
    let c = t.catch_all.as_ref().ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            "",
            format!("the surface gives `{name}` no catch-all variant"),
        )
    })?;
    let payload = match c.payload {
        CatchAllPayload::Opaque => quote!(crate::runtime::enums::UnknownValue),
        CatchAllPayload::Json => quote!(::serde_json::Value),
    };
    Ok((&c.name, payload))
}

fn structure(name: &str, s: &Struct, t: &TypeSurface) -> Result<TokenStream> {
    let ty = ident(name);
    let doc = doc_or(&s.doc, || used_at(name, t));
    // A required field that is an `Option` (a type responses hold) defaults to its type's
    // default, as a plain one would: `Default` gives a value the spec accepts.
    let absent_required = t.members.iter().any(|m| m.optional && m.required);
    // A struct whose `new()` takes nothing has the derive's `Default` in `new()` already (every
    // field `None`): its `Default` calls it, which costs `cargo check` less than the derive's
    // body (BENCHMARKS.md 8).
    let default_is_new = t.default && !absent_required && t.constructor.is_empty();
    let default = if t.default && !absent_required && !default_is_new {
        quote!(Default,)
    } else {
        quote!()
    };
    let default_impl = if t.default && absent_required {
        let inits = t.members.iter().map(|m| {
            let fname = ident(&m.rust_name);
            if m.required {
                quote!(#fname: ::std::option::Option::Some(::std::default::Default::default()))
            } else {
                quote!(#fname: ::std::option::Option::None)
            }
        });
        let unknown = unknown_init(t);
        quote! {
            impl ::std::default::Default for #ty {
                fn default() -> Self {
                    #ty { #(#inits,)* #unknown }
                }
            }
        }
    } else if default_is_new {
        quote! {
            impl ::std::default::Default for #ty {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        quote!()
    };
    let mut members: Vec<(&Member, Option<&crate::ir::Field>, TokenStream)> = Vec::new();
    for m in &t.members {
        // The spec's prose of the field, found by its Rust name.
        let field = s.fields.iter().find(|f| f.rust_name == m.rust_name);
        members.push((m, field, rust_type(&member_type(name, m)?)));
    }
    let fields = members.iter().map(|(m, f, inner)| {
        let fname = ident(&m.rust_name);
        let fdoc = doc_or(f.map_or(&[][..], |f| &f.doc), || {
            let presence = if m.required { "Required" } else { "Optional" };
            let wire = f.map_or(m.wire.as_str(), |f| f.wire_name.as_str());
            format!("{presence}; {} in the JSON.", code(wire))
        });
        let fdoc = if m.optional && m.required {
            let note = doc_attrs(&[
                String::new(),
                "Required by the spec: `None` only in a response that lacked it (see `ApiResponse::deviations`)."
                    .to_string(),
            ]);
            quote!(#fdoc #note)
        } else {
            fdoc
        };
        if !m.optional {
            quote! { #fdoc pub #fname: #inner, }
        } else {
            quote! { #fdoc pub #fname: ::std::option::Option<#inner>, }
        }
    });
    // Serialize and Deserialize (`runtime/object.rs`): each field with its position (the
    // decoder matches a key's position, not its text) and its wire name (a
    // folded query member below another, `filter[code][in]`, is keyed `code[in]` in JSON, so
    // it cannot clash with its parent member `code`); an optional one is left out when unset
    // and `None` when missing; one the spec requires that is an `Option` (a type responses
    // hold) is `Present`: missing is an error, as for a required one, but tolerant decoding
    // may leave it absent.
    let serde_fields = members.iter().enumerate().map(|(index, (m, _, _))| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let fname = ident(&m.rust_name);
        let wire = &m.wire;
        let kind = match (m.optional, m.required) {
            (false, _) => ident("Required"),
            (true, true) => ident("Present"),
            (true, false) => ident("Optional"),
        };
        quote!(#index #fname: #wire #kind,)
    });
    // The members the struct does not know, kept by `object_struct!` (a response holds it).
    let (unknown_field, keep) = match &t.unknown {
        Some(field) => {
            let f = ident(field);
            (
                quote!(pub(crate) #f: crate::runtime::unknown::UnknownFields,),
                quote!(keep #f),
            )
        }
        None => (quote!(), quote!()),
    };
    let query = if t.query { query_impl(name, t) } else { quote!() };
    let page_meta = match &t.page_meta {
        Some(p) => page_meta_impl(name, p),
        None => quote!(),
    };
    let methods = constructor_and_setters(name, t);
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub struct #ty {
            #(#fields)*
            #unknown_field
        }
        crate::runtime::object::object_struct!(#ty { #(#serde_fields)* } #keep);
        #default_impl
        #methods
        #query
        #page_meta
    })
}

/// The struct a union variant holds, as the surface has it.
fn variant_struct<'s>(surface: &'s Surface, m: &Member) -> Option<&'s TypeSurface> {
    let t = surface.types.get(m.ty.as_ref()?.named()?)?;
    (t.kind == TypeKind::Struct).then_some(t)
}

/// Accessors on a tagged union for the fields every variant has, with the same wire name and
/// type (`event.portout_id()`, as Python reads `event.portout_id`); `None` for a variant
/// this client does not know.
fn shared_field_accessors(surface: &Surface, name: &str, t: &TypeSurface, unknown: &str) -> TokenStream {
    let Some(first) = t.members.first().and_then(|m| variant_struct(surface, m)) else {
        return quote!();
    };
    let ty = ident(name);
    let unknown = ident(unknown);
    let accessors = first.members.iter().filter(|f| t.accessors.contains(&f.rust_name));
    let methods: Vec<TokenStream> = accessors
        .filter_map(|f| Some((f, f.ty.as_ref()?)))
        .map(|(f, fty)| {
            let fname = ident(&f.rust_name);
            let inner = rust_type(fty);
            let get = if f.optional {
                quote!(v.#fname.as_ref())
            } else {
                quote!(::std::option::Option::Some(&v.#fname))
            };
            let arms = t.members.iter().map(|v| {
                let vname = ident(&v.rust_name);
                quote!(#ty::#vname(v) => #get,)
            });
            let doc = doc_attrs(&[format!(
                "`{}` of whichever variant this is; `None` when it is unset or the variant is unknown.",
                f.rust_name
            )]);
            quote! {
                #doc
                pub fn #fname(&self) -> ::std::option::Option<&#inner> {
                    match self {
                        #(#arms)*
                        #ty::#unknown(_) => ::std::option::Option::None,
                    }
                }
            }
        })
        .collect();
    if methods.is_empty() {
        return quote!();
    }
    quote! {
        impl #ty {
            #(#methods)*
        }
    }
}

/// The `fitted_union!` call of a fitted union: each struct variant with its members' wire
/// names and the required ones; the other variants in order.
fn fitted_decode(surface: &Surface, name: &str, other: &str, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let other = ident(other);
    let mut structs = Vec::new();
    let mut plain = Vec::new();
    for v in &t.members {
        let vname = ident(&v.rust_name);
        match variant_struct(surface, v) {
            Some(s) => {
                let fields = s.members.iter().map(|f| &f.wire);
                let required = s.members.iter().filter(|f| f.required).map(|f| &f.wire);
                structs.push(quote!(#vname: [#(#fields),*] required [#(#required),*],));
            }
            None => plain.push(quote!(#vname,)),
        }
    }
    quote! {
        crate::runtime::enums::fitted_union!(#ty, #other, { #(#structs)* } { #(#plain)* });
    }
}

/// `new` with the required fields (in field order) and one setter per field, so the struct
/// can be `#[non_exhaustive]`: a field the spec adds later breaks no user's code.
fn constructor_and_setters(name: &str, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    let typed = t.members.iter().filter_map(|m| Some((m, m.ty.as_ref()?)));
    for (m, mty) in typed.clone() {
        let fname = ident(&m.rust_name);
        if t.constructor.contains(&m.rust_name) {
            let (arg, conv) = param_type(mty, m.takes);
            args.push(quote!(#fname: #arg));
            if m.optional {
                inits.push(quote!(#fname: ::std::option::Option::Some(#fname #conv)));
            } else {
                inits.push(quote!(#fname: #fname #conv));
            }
            arg_docs.push(format!("- `{}`", m.rust_name));
        } else {
            inits.push(quote!(#fname: ::std::option::Option::None));
        }
    }
    let mut new_doc = vec![if args.is_empty() {
        format!("A `{name}` with every field unset; set them with the builder methods.")
    } else {
        format!("A `{name}` from its required fields; set the others with the builder methods.")
    }];
    if !arg_docs.is_empty() {
        new_doc.push(String::new());
        new_doc.extend(arg_docs);
    }
    let new_doc = doc_attrs(&new_doc);
    let setters = typed.map(|(m, mty)| {
        let fname = ident(&m.rust_name);
        let setter = ident(m.setter.as_deref().unwrap_or(&m.rust_name));
        let (arg, conv) = param_type(mty, m.takes);
        let value = if m.optional {
            quote!(::std::option::Option::Some(value #conv))
        } else {
            quote!(value #conv)
        };
        let doc = doc_attrs(&[format!("Sets `{}`.", m.rust_name)]);
        quote! {
            #doc
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#fname = #value;
                self
            }
        }
    });
    let unknown = unknown_init(t);
    quote! {
        impl #ty {
            #new_doc
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                #ty { #(#inits,)* #unknown }
            }
            #(#setters)*
        }
    }
}

/// The initializer of a struct's field of unknown members, if it has one (a value built in
/// code has none).
pub(super) fn unknown_init(t: &TypeSurface) -> TokenStream {
    match &t.unknown {
        Some(field) => {
            let f = ident(field);
            quote!(#f: ::std::default::Default::default(),)
        }
        None => quote!(),
    }
}

fn query_impl(name: &str, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let pushes = t.members.iter().map(|m| {
        let fname = ident(&m.rust_name);
        let (suffix, encoding) = m.query.clone().unwrap_or_default();
        let fmt = format!("{{key}}{suffix}");
        let key = quote!(&::std::format!(#fmt));
        let push = query_push(encoding, key, quote!(v));
        if m.optional {
            quote! { if let ::std::option::Option::Some(v) = &self.#fname { #push } }
        } else {
            quote! { let v = &self.#fname; #push }
        }
    });
    quote! {
        impl crate::runtime::query::ToQuery for #ty {
            fn to_query(&self, key: &str, q: &mut crate::runtime::query::Query) {
                #(#pushes)*
            }
        }
    }
}

fn page_meta_impl(name: &str, p: &PageMetaSurface) -> TokenStream {
    let ty = ident(name);
    let getter = |field: &Option<MetaField>| -> TokenStream {
        match field {
            Some(f) => {
                let fname = ident(&f.field);
                let conv = if f.float {
                    quote!(.and_then(crate::runtime::pagination::integral))
                } else {
                    quote!()
                };
                if f.optional {
                    quote!(self.#fname #conv)
                } else {
                    quote!(::std::option::Option::Some(self.#fname) #conv)
                }
            }
            None => quote!(::std::option::Option::None),
        }
    };
    let number = getter(&p.page_number);
    let total = getter(&p.total_pages);
    let size = getter(&p.page_size);
    let results = getter(&p.total_results);
    quote! {
        impl crate::runtime::pagination::PageMeta for #ty {
            fn page_number(&self) -> ::std::option::Option<i64> { #number }
            fn total_pages(&self) -> ::std::option::Option<i64> { #total }
            fn page_size(&self) -> ::std::option::Option<i64> { #size }
            fn total_results(&self) -> ::std::option::Option<i64> { #results }
        }
    }
}

fn enumeration(name: &str, e: &Enum, t: &TypeSurface) -> Result<TokenStream> {
    let ty = ident(name);
    let (unknown, payload) = catch_all(name, t)?;
    let unknown = ident(unknown);
    let doc = doc_or(&e.doc, || {
        let values: Vec<String> = t.members.iter().map(|v| code(&v.wire)).collect();
        format!("One of {}, or a value added later.", values.join(", "))
    });
    let variants = t.members.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let vdoc = doc_attrs(&[code(&v.wire)]);
        quote! { #vdoc #vname, }
    });
    let pairs = t.members.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { #vname => #wire, }
    });
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ty {
            #(#variants)*
            /// A value this version of the client does not know, kept as received and sent back
            /// unchanged. Read it with `as_str()` on the enum; it cannot be matched as a string,
            /// so a later version naming the value cannot silently change which arm matches.
            #unknown(#payload),
        }
        crate::runtime::enums::open_enum!(#ty { #(#pairs)* });
    })
}

fn union(surface: &Surface, names: &Names, name: &str, u: &Union, t: &TypeSurface) -> Result<TokenStream> {
    let ty = ident(name);
    let (other, payload) = catch_all(name, t)?;
    let other_ident = ident(other);
    // The spec's tags of each variant (serde details), by Rust name.
    let variant_names = names.id_of(name).map_or(&[][..], |id| names.variants(id));
    let tags_of = |m: &Member| -> &[String] {
        variant_names
            .iter()
            .position(|v| *v == m.rust_name)
            .and_then(|i| u.variants.get(i))
            .map_or(&[][..], |v| &v.tags)
    };
    let doc = doc_or(&u.doc, || {
        let variants: Vec<String> = t.members.iter().map(|v| format!("`{}`", v.rust_name)).collect();
        match &t.kind {
            TypeKind::TaggedUnion { discriminator } => {
                format!("One of {}, chosen by {}.", variants.join(", "), code(discriminator))
            }
            _ => format!("One of {}.", variants.join(", ")),
        }
    });
    let mut variants = Vec::new();
    for m in &t.members {
        let vname = ident(&m.rust_name);
        let inner = rust_type(&member_type(name, m)?);
        let tags: Vec<String> = tags_of(m).iter().map(|t| code(t)).collect();
        let vdoc = doc_attrs(&[tags.join(", ")]);
        variants.push(quote! { #vdoc #vname(#inner), });
    }
    let query = if t.query {
        let arms = t.members.iter().map(|m| {
            let vname = ident(&m.rust_name);
            let push = query_push(m.query.clone().unwrap_or_default().1, quote!(key), quote!(v));
            quote! { #ty::#vname(v) => { #push } }
        });
        quote! {
            impl crate::runtime::query::ToQuery for #ty {
                fn to_query(&self, key: &str, q: &mut crate::runtime::query::Query) {
                    match self {
                        #(#arms)*
                        #ty::#other_ident(v) => { q.json(key, v); }
                    }
                }
            }
        }
    } else {
        quote!()
    };
    Ok(match &t.kind {
        TypeKind::TaggedUnion { discriminator: prop } => {
            let accessors = shared_field_accessors(surface, name, t, other);
            let arms = t.members.iter().map(|m| {
                let vname = ident(&m.rust_name);
                let tags = tags_of(m);
                quote! { #vname: [#(#tags),*], }
            });
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #ty {
                    #(#variants)*
                    /// A variant this version of the client does not know, kept as raw JSON.
                    #other_ident(#payload),
                }
                crate::runtime::enums::tagged_union!(#ty, #prop { #(#arms)* });
                #accessors
                #query
            }
        }
        _ => {
            let fitted = t.kind == TypeKind::Union { fitted: true };
            // `From` for each variant whose payload type is unique in the union.
            let mut froms = Vec::new();
            for m in t.members.iter().filter(|m| t.froms.contains(&m.rust_name)) {
                let vname = ident(&m.rust_name);
                let inner = rust_type(&member_type(name, m)?);
                froms.push(quote! {
                    impl ::std::convert::From<#inner> for #ty {
                        fn from(value: #inner) -> Self { #ty::#vname(value) }
                    }
                });
            }
            let (derive, decode) = if fitted {
                (
                    quote!(#[derive(Clone, Debug, PartialEq)]),
                    fitted_decode(surface, name, other, t),
                )
            } else {
                (
                    quote!(#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)] #[serde(untagged)]),
                    quote!(),
                )
            };
            let other_doc = if fitted {
                quote!(#[doc = " A value that matches none of the variants, or an object that two variants fit"] #[doc = " equally well, kept as raw JSON."])
            } else {
                quote!(#[doc = " A value that matches none of the variants, kept as raw JSON."])
            };
            quote! {
                #doc
                #derive
                #[non_exhaustive]
                pub enum #ty {
                    #(#variants)*
                    #other_doc
                    #other_ident(#payload),
                }
                #decode
                #(#froms)*
                #query
            }
        }
    })
}
