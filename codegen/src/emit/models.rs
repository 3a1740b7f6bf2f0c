//! Named types: structs, open enums, unions, and their query encoders.

use super::{doc_attrs, ident, query_push, rust_type};
use crate::error::Result;
use crate::ir::{Api, Enum, Struct, TypeDef, TypeRef, Union};
use crate::surface::{Surface, TypeSurface};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn models(api: &Api, surface: &Surface) -> Result<TokenStream> {
    let mut items = Vec::new();
    for (name, def) in &api.types {
        let Some(t) = surface.types.get(name) else { continue };
        items.push(match def {
            TypeDef::Struct(s) => structure(name, s, t),
            TypeDef::Enum(e) => enumeration(name, e),
            TypeDef::Union(u) => union(api, name, u, t),
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
    let list: Vec<String> = t.used_at.iter().take(3).map(|site| crate::prose::code(site)).collect();
    match (list.is_empty(), t.used_at.len().saturating_sub(3)) {
        (true, _) => format!("The `{name}` object (the spec does not describe it)."),
        (false, 0) => format!("Used at {}.", list.join(", ")),
        (false, n) => format!("Used at {} and {n} more.", list.join(", ")),
    }
}

fn structure(name: &str, s: &Struct, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&s.doc, || used_at(name, t));
    let default = if t.default { quote!(Default,) } else { quote!() };
    let fields = s.fields.iter().zip(&t.members).map(|(f, m)| {
        let fname = ident(&f.rust_name);
        let fdoc = doc_or(&f.doc, || {
            let presence = if f.required { "Required" } else { "Optional" };
            format!("{presence}; {} in the JSON.", crate::prose::code(&f.wire_name))
        });
        let inner = rust_type(&f.ty);
        // A folded query member below another (`filter[code][in]`) is keyed `code[in]` in JSON,
        // so it cannot clash with its parent member `code`.
        let wire = &m.wire;
        let rename = if f.rust_name != *wire {
            quote!(#[serde(rename = #wire)])
        } else {
            quote!()
        };
        if f.required {
            quote! { #fdoc #rename pub #fname: #inner, }
        } else {
            quote! {
                #fdoc
                #rename
                #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #fname: ::std::option::Option<#inner>,
            }
        }
    });
    let query = if t.query { query_impl(name, s, t) } else { quote!() };
    let page_meta = match &s.page_meta {
        Some(names) => page_meta_impl(name, s, names),
        None => quote!(),
    };
    let methods = constructor_and_setters(name, s, t);
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(remote = "Self")]
        #[non_exhaustive]
        pub struct #ty {
            #(#fields)*
        }
        crate::runtime::decode::object_struct!(#ty);
        #methods
        #query
        #page_meta
    }
}

/// Accessors on a tagged union for the fields every variant has, with the same wire name and
/// type (`event.portout_id()`, as Python reads `event.portout_id`); `None` for a variant
/// this client does not know.
fn shared_field_accessors(api: &Api, name: &str, u: &Union, t: &TypeSurface) -> TokenStream {
    let Some(first) = u.variants.first().and_then(|v| api.struct_of(&v.ty)) else {
        return quote!();
    };
    let ty = ident(name);
    let accessors = first.fields.iter().filter(|f| t.accessors.contains(&f.rust_name));
    let methods: Vec<TokenStream> = accessors
        .map(|f| {
            let fname = ident(&f.rust_name);
            let inner = rust_type(&f.ty);
            let get = if f.required {
                quote!(::std::option::Option::Some(&v.#fname))
            } else {
                quote!(v.#fname.as_ref())
            };
            let arms = u.variants.iter().map(|v| {
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
                        #ty::Unknown(_) => ::std::option::Option::None,
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
fn fitted_decode(api: &Api, name: &str, other: &str, u: &Union) -> TokenStream {
    let ty = ident(name);
    let other = ident(other);
    let mut structs = Vec::new();
    let mut plain = Vec::new();
    for v in &u.variants {
        let vname = ident(&v.rust_name);
        match api.struct_of(&v.ty) {
            Some(s) => {
                let fields = s.fields.iter().map(|f| &f.wire_name);
                let required = s.fields.iter().filter(|f| f.required).map(|f| &f.wire_name);
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
fn constructor_and_setters(name: &str, s: &Struct, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        if t.constructor.contains(&f.rust_name) {
            let (arg, conv) = super::arg_type(&f.ty);
            args.push(quote!(#fname: #arg));
            inits.push(quote!(#fname: #fname #conv));
            arg_docs.push(format!("- `{}`", f.rust_name));
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
    let setters = s.fields.iter().zip(&t.members).map(|(f, m)| {
        let fname = ident(&f.rust_name);
        let setter = ident(m.setter.as_deref().unwrap_or(&f.rust_name));
        let (arg, conv) = super::arg_type(&f.ty);
        let value = if f.required {
            quote!(value #conv)
        } else {
            quote!(::std::option::Option::Some(value #conv))
        };
        let doc = doc_attrs(&[format!("Sets `{}`.", f.rust_name)]);
        quote! {
            #doc
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#fname = #value;
                self
            }
        }
    });
    quote! {
        impl #ty {
            #new_doc
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                #ty { #(#inits,)* }
            }
            #(#setters)*
        }
    }
}

fn query_impl(name: &str, s: &Struct, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let pushes = s.fields.iter().zip(&t.members).map(|(f, m)| {
        let fname = ident(&f.rust_name);
        let (suffix, encoding) = m.query.clone().unwrap_or_default();
        let fmt = format!("{{key}}{suffix}");
        let key = quote!(&::std::format!(#fmt));
        let push = query_push(encoding, key, quote!(v));
        if f.required {
            quote! { let v = &self.#fname; #push }
        } else {
            quote! { if let ::std::option::Option::Some(v) = &self.#fname { #push } }
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

fn page_meta_impl(name: &str, s: &Struct, names: &crate::ir::PageMetaNames) -> TokenStream {
    let ty = ident(name);
    let getter = |wire: Option<&str>| -> TokenStream {
        match wire.and_then(|wire| s.fields.iter().find(|f| f.wire_name == wire)) {
            Some(f) if matches!(f.ty, TypeRef::Integer | TypeRef::Number) => {
                let fname = ident(&f.rust_name);
                let conv = if f.ty == TypeRef::Number {
                    quote!(.and_then(crate::runtime::pagination::integral))
                } else {
                    quote!()
                };
                if f.required {
                    quote!(::std::option::Option::Some(self.#fname) #conv)
                } else {
                    quote!(self.#fname #conv)
                }
            }
            _ => quote!(::std::option::Option::None),
        }
    };
    // The configured member names were checked when the type was marked.
    let number = getter(Some(&names.page_number));
    let total = getter(Some(&names.total_pages));
    let size = getter(names.page_size.as_deref());
    let results = getter(names.total_results.as_deref());
    quote! {
        impl crate::runtime::pagination::PageMeta for #ty {
            fn page_number(&self) -> ::std::option::Option<i64> { #number }
            fn total_pages(&self) -> ::std::option::Option<i64> { #total }
            fn page_size(&self) -> ::std::option::Option<i64> { #size }
            fn total_results(&self) -> ::std::option::Option<i64> { #results }
        }
    }
}

fn enumeration(name: &str, e: &Enum) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&e.doc, || {
        let values: Vec<String> = e.variants.iter().map(|v| crate::prose::code(&v.wire)).collect();
        format!("One of {}, or a value added later.", values.join(", "))
    });
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let vdoc = doc_attrs(&[crate::prose::code(&v.wire)]);
        quote! { #vdoc #vname, }
    });
    let pairs = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { #vname => #wire, }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ty {
            #(#variants)*
            /// A value this version of the client does not know; the string is kept as received
            /// and sent back unchanged.
            Unknown(::std::string::String),
        }
        crate::runtime::enums::open_enum!(#ty { #(#pairs)* });
    }
}

fn union(api: &Api, name: &str, u: &Union, t: &TypeSurface) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&u.doc, || {
        let variants: Vec<String> = u.variants.iter().map(|v| format!("`{}`", v.rust_name)).collect();
        match &u.discriminator {
            Some(prop) => format!(
                "One of {}, chosen by {}.",
                variants.join(", "),
                crate::prose::code(prop)
            ),
            None => format!("One of {}.", variants.join(", ")),
        }
    });
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let inner = rust_type(&v.ty);
        let tags: Vec<String> = v.tags.iter().map(|t| crate::prose::code(t)).collect();
        let vdoc = doc_attrs(&[tags.join(", ")]);
        quote! { #vdoc #vname(#inner), }
    });
    match &u.discriminator {
        Some(prop) => {
            let accessors = shared_field_accessors(api, name, u, t);
            let arms = u.variants.iter().map(|v| {
                let vname = ident(&v.rust_name);
                let tags = &v.tags;
                quote! { #vname: [#(#tags),*], }
            });
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                pub enum #ty {
                    #(#variants)*
                    /// A variant this version of the client does not know, kept as raw JSON.
                    Unknown(::serde_json::Value),
                }
                crate::runtime::enums::tagged_union!(#ty, #prop { #(#arms)* });
                #accessors
            }
        }
        None => {
            let other = t.catch_all.clone().unwrap_or_else(|| "Other".to_string());
            let other_ident = ident(&other);
            // `From` for each variant whose payload type is unique in the union.
            let froms = u.variants.iter().filter(|v| t.froms.contains(&v.rust_name)).map(|v| {
                let vname = ident(&v.rust_name);
                let inner = rust_type(&v.ty);
                quote! {
                    impl ::std::convert::From<#inner> for #ty {
                        fn from(value: #inner) -> Self { #ty::#vname(value) }
                    }
                }
            });
            let query_arms = u.variants.iter().zip(&t.members).map(|(v, m)| {
                let vname = ident(&v.rust_name);
                let push = query_push(m.query.clone().unwrap_or_default().1, quote!(key), quote!(v));
                quote! { #ty::#vname(v) => { #push } }
            });
            let (derive, decode) = if u.fitted {
                (
                    quote!(#[derive(Clone, Debug, PartialEq)]),
                    fitted_decode(api, name, &other, u),
                )
            } else {
                (
                    quote!(#[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)] #[serde(untagged)]),
                    quote!(),
                )
            };
            let other_doc = if u.fitted {
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
                    #other_ident(::serde_json::Value),
                }
                #decode
                #(#froms)*
                impl crate::runtime::query::ToQuery for #ty {
                    fn to_query(&self, key: &str, q: &mut crate::runtime::query::Query) {
                        match self {
                            #(#query_arms)*
                            #ty::#other_ident(v) => { q.json(key, v); }
                        }
                    }
                }
            }
        }
    }
}
