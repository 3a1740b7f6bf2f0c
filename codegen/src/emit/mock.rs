//! The per-operation part of the testing kit (`mock.rs`, compiled with the client's `mock`
//! feature): for each request builder, how the value a test answers with becomes the response
//! the real API sends. `{"data": T}` for data responses, the page envelope (served page by
//! page, with `meta`) for paginated lists, the bare JSON for other bodies, nothing for no
//! content and raw bytes for binary bodies, each with the operation's success status.
//! The kit's runtime (`crate::mock`, hand-written) does the serving and matching.

use super::{ident, rust_type};
use crate::surface::{OperationSurface, Output, Surface};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn mock(surface: &Surface) -> TokenStream {
    let impls = surface
        .resources
        .values()
        .flat_map(|r| r.operations.values())
        .map(respond_impl);
    quote! {
        //! The testing kit's responses, one per operation: what `respond(value)` sends for the
        //! request builder's operation. Compiled with the `mock` feature.
        #(#impls)*
    }
}

fn respond_impl(op: &OperationSurface) -> TokenStream {
    let builder = ident(&op.builder);
    let status = proc_macro2::Literal::u16_unsuffixed(op.success_status);
    let (value, reply, page_keys) = match &op.output {
        Output::Empty => (quote!(()), quote!(crate::mock::Reply::empty(#status)), (None, None)),
        Output::Binary => {
            // The first media type the spec declares is what the kit answers with.
            let content_type = op.accept.split(',').next().unwrap_or("application/octet-stream").trim();
            (
                quote!(::bytes::Bytes),
                quote!(crate::mock::Reply::binary(#status, #content_type, value)),
                (None, None),
            )
        }
        Output::Data(t) => (
            rust_type(t),
            quote!(crate::mock::Reply::data(#status, &value)),
            (None, None),
        ),
        Output::Json(t) => (
            rust_type(t),
            quote!(crate::mock::Reply::json(#status, &value)),
            (None, None),
        ),
        Output::Page(p) => {
            let item = rust_type(&p.item);
            let opt = |k: &Option<String>| match k {
                Some(k) => quote!(::std::option::Option::Some(#k)),
                None => quote!(::std::option::Option::None),
            };
            let (number_tokens, size_tokens) = (opt(&p.number_key), opt(&p.size_key));
            let meta_tokens = match &p.meta_names {
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
                (p.number_key.clone(), p.size_key.clone()),
            )
        }
    };
    let arg = if matches!(op.output, Output::Empty) {
        quote!(_)
    } else {
        quote!(value)
    };
    // The page keys take part in a match only when the expectation sets them.
    let page_const = |name: &str, key: Option<String>| match key {
        Some(k) => {
            let name = ident(name);
            quote!(const #name: ::std::option::Option<&'static str> = ::std::option::Option::Some(#k);)
        }
        None => quote!(),
    };
    let page_consts = [
        page_const("PAGE_NUMBER_KEY", page_keys.0),
        page_const("PAGE_SIZE_KEY", page_keys.1),
    ];
    quote! {
        impl crate::mock::Respond for crate::resources::#builder {
            type Value = #value;
            const STATUS: u16 = #status;
            #(#page_consts)*
            fn reply(#arg: Self::Value) -> crate::mock::Reply {
                #reply
            }
        }
    }
}
