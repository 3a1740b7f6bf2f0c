//! Named types: structs, open enums, unions, and their query encoders.

use super::{doc_attrs, ident, query_push, rust_type};
use crate::error::Result;
use crate::ir::{Api, Enum, Struct, TypeDef, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub fn models(api: &Api) -> Result<TokenStream> {
    let mut items = Vec::new();
    for (name, def) in &api.types {
        items.push(match def {
            TypeDef::Struct(s) => structure(api, name, s),
            TypeDef::Enum(e) => enumeration(name, e),
            TypeDef::Union(u) => union(api, name, u),
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

/// Whether `Default` can be derived: every required field's type has a default.
fn has_default(api: &Api, t: &TypeRef, seen: &mut BTreeSet<String>) -> bool {
    match t {
        TypeRef::Named(n) | TypeRef::Boxed(n) => match api.types.get(n) {
            Some(TypeDef::Struct(s)) => {
                if !seen.insert(n.clone()) {
                    return false;
                }
                s.fields.iter().all(|f| !f.required || has_default(api, &f.ty, seen))
            }
            _ => false,
        },
        _ => true,
    }
}

fn structure(api: &Api, name: &str, s: &Struct) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&s.doc, || format!("The `{name}` object."));
    let default = if has_default(api, &TypeRef::Named(name.to_string()), &mut BTreeSet::new()) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let fdoc = doc_or(&f.doc, || format!("{}.", super::markdown::code(&f.wire_name)));
        let inner = rust_type(&f.ty);
        // A folded query member below another (`filter[code][in]`) is keyed `code[in]` in JSON,
        // so it cannot clash with its parent member `code`.
        let wire: String = f
            .wire_extra
            .iter()
            .fold(f.wire_name.clone(), |k, e| format!("{k}[{e}]"));
        let rename = if f.rust_name != wire {
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
    let query = if s.query { query_impl(api, name, s) } else { quote!() };
    let page_meta = match &s.page_meta {
        Some([n, t]) => page_meta_impl(name, s, n, t),
        None => quote!(),
    };
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #ty {
            #(#fields)*
        }
        #query
        #page_meta
    }
}

fn query_impl(api: &Api, name: &str, s: &Struct) -> TokenStream {
    let ty = ident(name);
    let pushes = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let mut fmt = format!("{{key}}[{}]", f.wire_name);
        for extra in &f.wire_extra {
            fmt.push_str(&format!("[{extra}]"));
        }
        let key = quote!(&::std::format!(#fmt));
        // Arrays inside a query object are one comma-joined value, as the official SDKs send.
        let push = query_push(&f.ty, api, key, quote!(v), false);
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

fn page_meta_impl(name: &str, s: &Struct, number: &str, total: &str) -> TokenStream {
    let ty = ident(name);
    let getter = |wire: &str| -> TokenStream {
        match s.fields.iter().find(|f| f.wire_name == wire) {
            Some(f) => {
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
            None => quote!(::std::option::Option::None),
        }
    };
    // The configured member names were checked when the type was marked.
    let number = getter(number);
    let total = getter(total);
    quote! {
        impl crate::runtime::pagination::PageMeta for #ty {
            fn page_number(&self) -> ::std::option::Option<i64> { #number }
            fn total_pages(&self) -> ::std::option::Option<i64> { #total }
        }
    }
}

fn enumeration(name: &str, e: &Enum) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&e.doc, || {
        let values: Vec<String> = e.variants.iter().map(|v| super::markdown::code(&v.wire)).collect();
        format!("One of {}, or a value added later.", values.join(", "))
    });
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let vdoc = doc_attrs(&[super::markdown::code(&v.wire)]);
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

fn union(api: &Api, name: &str, u: &Union) -> TokenStream {
    let ty = ident(name);
    let doc = doc_or(&u.doc, || {
        let variants: Vec<String> = u.variants.iter().map(|v| format!("`{}`", v.rust_name)).collect();
        match &u.discriminator {
            Some(prop) => format!(
                "One of {}, chosen by {}.",
                variants.join(", "),
                super::markdown::code(prop)
            ),
            None => format!("One of {}.", variants.join(", ")),
        }
    });
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let inner = rust_type(&v.ty);
        let tags: Vec<String> = v.tags.iter().map(|t| super::markdown::code(t)).collect();
        let vdoc = doc_attrs(&[tags.join(", ")]);
        quote! { #vdoc #vname(#inner), }
    });
    match &u.discriminator {
        Some(prop) => {
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
            }
        }
        None => {
            let taken: BTreeSet<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
            let other = crate::names::unique("Other", |n| taken.contains(n));
            let other_ident = ident(&other);
            // `From` for each variant whose payload type is unique in the union.
            let froms = u
                .variants
                .iter()
                .filter(|v| u.variants.iter().filter(|w| w.ty == v.ty).count() == 1 && v.ty != TypeRef::Json)
                .map(|v| {
                    let vname = ident(&v.rust_name);
                    let inner = rust_type(&v.ty);
                    quote! {
                        impl ::std::convert::From<#inner> for #ty {
                            fn from(value: #inner) -> Self { #ty::#vname(value) }
                        }
                    }
                });
            let query_arms = u.variants.iter().map(|v| {
                let vname = ident(&v.rust_name);
                let push = query_push(&v.ty, api, quote!(key), quote!(v), false);
                quote! { #ty::#vname(v) => { #push } }
            });
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #ty {
                    #(#variants)*
                    /// A value that matches none of the variants, kept as raw JSON.
                    #other_ident(::serde_json::Value),
                }
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
