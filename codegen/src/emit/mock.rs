//! The per-operation part of the testing kit (`mock.rs`, compiled with the client's `mock`
//! feature): for each request builder, how the value a test answers with becomes the response
//! the real API sends. `{"data": T}` for data responses, the page envelope (served page by
//! page, with `meta`) for paginated lists, the bare JSON for other bodies, nothing for no
//! content and raw bytes for binary bodies, each with the operation's success status.
//! The kit's runtime (`crate::mock`, hand-written) does the serving and matching.

use super::{ident, rust_type};
use crate::ir::{Api, Operation, Response, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn mock(api: &Api) -> TokenStream {
    let impls = api
        .resources
        .values()
        .flat_map(|r| r.operations.values())
        .map(|op| respond_impl(api, op));
    quote! {
        //! The testing kit's responses, one per operation: what `respond(value)` sends for the
        //! request builder's operation. Compiled with the `mock` feature.
        #(#impls)*
    }
}

/// The wire key of a query member (`page[number]`).
fn wire_key(path: &[String]) -> String {
    let mut key = path.first().cloned().unwrap_or_default();
    for seg in path.iter().skip(1) {
        key.push_str(&format!("[{seg}]"));
    }
    key
}

fn respond_impl(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder);
    let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
    let (value, reply, page_key) = match &op.response {
        Response::Empty => (quote!(()), quote!(crate::mock::Reply::empty(#status)), None),
        Response::Binary => {
            // The first media type the spec declares is what the kit answers with.
            let content_type = op.accept.split(',').next().unwrap_or("application/octet-stream").trim();
            (
                quote!(::bytes::Bytes),
                quote!(crate::mock::Reply::binary(#status, #content_type, value)),
                None,
            )
        }
        Response::Data(t) => (rust_type(t), quote!(crate::mock::Reply::data(#status, &value)), None),
        Response::Json(t) => (rust_type(t), quote!(crate::mock::Reply::json(#status, &value)), None),
        Response::Page { item, meta } => {
            let item = rust_type(item);
            // The page-number member, and its sibling `size` in the same query object (the
            // JSON:API convention Telnyx follows: `page[number]`, `page[size]`).
            let number = op
                .page_number_param
                .as_ref()
                .and_then(|n| op.query.iter().find(|q| &q.rust_name == n));
            let size = number.and_then(|n| {
                let (_, parent) = n.wire_path.split_last()?;
                op.query.iter().find(|q| {
                    q.wire_path
                        .split_last()
                        .is_some_and(|(last, p)| last == "size" && p == parent)
                })
            });
            let number_key = number.map(|q| wire_key(&q.wire_path));
            let size_key = size.map(|q| wire_key(&q.wire_path));
            let opt = |k: &Option<String>| match k {
                Some(k) => quote!(::std::option::Option::Some(#k)),
                None => quote!(::std::option::Option::None),
            };
            let (number_tokens, size_tokens) = (opt(&number_key), opt(&size_key));
            let names = match meta {
                TypeRef::Named(n) | TypeRef::Boxed(n) => match api.types.get(n) {
                    Some(TypeDef::Struct(s)) => s.page_meta.clone(),
                    _ => None,
                },
                _ => None,
            };
            let meta_tokens = match names {
                Some(m) => {
                    let (page_number, total_pages) = (&m.page_number, &m.total_pages);
                    let page_size = opt(&m.page_size);
                    let total_results = opt(&m.total_results);
                    quote! {
                        crate::mock::MetaKeys {
                            page_number: #page_number,
                            total_pages: #total_pages,
                            page_size: #page_size,
                            total_results: #total_results,
                        }
                    }
                }
                None => quote!(crate::mock::MetaKeys::NONE),
            };
            (
                quote!(::std::vec::Vec<#item>),
                quote! {
                    crate::mock::Reply::pages(
                        #status,
                        &value,
                        crate::mock::PageKeys { number: #number_tokens, size: #size_tokens },
                        #meta_tokens,
                    )
                },
                number_key,
            )
        }
    };
    let arg = if matches!(op.response, Response::Empty) {
        quote!(_)
    } else {
        quote!(value)
    };
    let page_const = match page_key {
        Some(k) => {
            quote!(const PAGE_NUMBER_KEY: ::std::option::Option<&'static str> = ::std::option::Option::Some(#k);)
        }
        None => quote!(),
    };
    quote! {
        impl crate::mock::Respond for crate::resources::#builder {
            type Value = #value;
            const STATUS: u16 = #status;
            #page_const
            fn reply(#arg: Self::Value) -> crate::mock::Reply {
                #reply
            }
        }
    }
}
