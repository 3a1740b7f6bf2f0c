//! A resource file: the resource struct with its accessors and operation methods, and one
//! request builder per operation, which implements the runtime's `Endpoint` trait. Printed
//! from the operation's [`OperationSurface`]: every name, argument, setter, query key and
//! encoding is decided there.

use super::{doc_attrs, ident, query_push, rust_type};
use crate::error::Result;
use crate::ir::{Api, Operation, Resource};
use crate::surface::{Arg, OperationSurface, Output, PathSegment, Setter, Surface, Target};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn resource(api: &Api, surface: &Surface, r: &Resource) -> Result<TokenStream> {
    let Some(rs) = surface.resources.get(&r.path) else {
        return Err(crate::error::Error::new(
            crate::error::ErrorKind::Unsupported,
            "",
            format!("the surface has no resource `{}`", r.path),
        ));
    };
    let ty = ident(&rs.rust_name);
    let doc = doc_attrs(&r.doc);
    let children = rs
        .children
        .iter()
        .filter_map(|c| Some((c, surface.resources.get(c)?)))
        .map(|(path, c)| {
            let accessor = ident(&c.accessor);
            let cty = ident(&c.rust_name);
            let cdoc = doc_attrs(api.resources.get(path).map_or(&[][..], |c| &c.doc));
            quote! {
                #cdoc
                pub fn #accessor(&self) -> crate::resources::#cty {
                    crate::resources::#cty::new(self.client.clone())
                }
            }
        });
    let ops: Vec<(&Operation, &OperationSurface)> = r
        .operations
        .iter()
        .filter_map(|(name, op)| Some((op, surface.operation(&r.path, name)?)))
        .collect();
    let methods = ops.iter().map(|(op, s)| method(api, surface, &r.path, op, s));
    let builders = ops.iter().map(|(_, s)| builder(s));
    let title = super::inner_doc_attrs(&[format!("Operations of {}.", crate::prose::code(&r.path))]);
    Ok(quote! {
        #title
        #doc
        #[derive(Clone, Debug)]
        pub struct #ty {
            client: crate::Client,
        }
        impl #ty {
            pub(crate) fn new(client: crate::Client) -> Self {
                #ty { client }
            }
            #(#children)*
            #(#methods)*
        }
        #(#builders)*
    })
}

/// The runtime call that serializes a body value (`value` is a reference to it).
fn encode_body(body: &crate::surface::BodySurface, value: TokenStream) -> TokenStream {
    match body.encoding {
        crate::ir::BodyEncoding::Json => quote!(crate::runtime::Body::json(#value)),
        crate::ir::BodyEncoding::Form => quote!(crate::runtime::Body::form(#value)),
        crate::ir::BodyEncoding::Bytes => {
            let ct = &body.content_type;
            quote!(crate::runtime::Body::raw(#value, #ct))
        }
        crate::ir::BodyEncoding::Multipart => {
            let types = body.part_types.iter().map(|(name, ct)| quote!((#name, #ct)));
            quote!(crate::runtime::Body::multipart(#value, &[#(#types),*]))
        }
    }
}

/// The spec's summary and description, the request line and the arguments (made safe by
/// `doc_attrs`), then the generator's own text: what it returns and an example.
fn op_doc(api: &Api, surface: &Surface, resource: &str, op: &Operation, s: &OperationSurface) -> TokenStream {
    let mut lines = op.doc.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "Sends a `{}` request to {}.",
        s.http_method,
        crate::prose::code(&s.path)
    ));
    if !s.args.is_empty() {
        lines.extend([String::new(), "Arguments:".to_string(), String::new()]);
        for a in &s.args {
            lines.push(match &a.target {
                Target::Header { wire } => {
                    format!("- `{}` (header {}): {}", a.name, crate::prose::code(wire), a.doc)
                }
                _ => format!("- `{}`: {}", a.name, a.doc),
            });
        }
    }
    let mut own = vec![String::new(), super::examples::returns(s)];
    if let Some(krate) = &api.crate_name {
        let example = super::examples::example(surface, s, resource, krate);
        if !example.is_empty() {
            own.push(String::new());
            own.extend(example);
        }
    }
    let spec = doc_attrs(&lines);
    let own = super::trusted_doc_attrs(&own);
    quote!(#spec #own)
}

/// An argument's parameter in the method's signature, and the value it stores.
fn arg_param(a: &Arg) -> (TokenStream, TokenStream) {
    let name = ident(&a.name);
    let (t, conv) = super::param_type(&a.ty, a.takes);
    (quote!(#name: #t), quote!(#name #conv))
}

fn method(api: &Api, surface: &Surface, resource: &str, op: &Operation, s: &OperationSurface) -> TokenStream {
    let name = ident(&s.name);
    let builder = ident(&s.builder);
    let params_ty = params_ident(s);
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for a in &s.args {
        params.push(arg_param(a).0);
    }
    for f in &s.fields {
        let fname = ident(&f.name);
        let arg = s.args.iter().find(|a| a.field.as_deref() == Some(f.name.as_str()));
        match (arg, s.body.as_ref().filter(|b| b.members && f.name == "body")) {
            (_, Some(body)) => {
                // The body object: required members from the arguments, the rest unset.
                let members = body
                    .ty
                    .named()
                    .and_then(|n| surface.types.get(n))
                    .into_iter()
                    .flat_map(|t| {
                        t.members.iter().map(|m| {
                            let mname = ident(&m.rust_name);
                            let arg = s.args.iter().find(
                                |a| matches!(&a.target, Target::BodyMember { field, .. } if *field == m.rust_name),
                            );
                            match arg {
                                Some(a) if m.optional => {
                                    // Required, in a type responses hold too: an `Option`.
                                    let value = arg_param(a).1;
                                    quote!(#mname: ::std::option::Option::Some(#value))
                                }
                                Some(a) => {
                                    let value = arg_param(a).1;
                                    quote!(#mname: #value)
                                }
                                None => quote!(#mname: ::std::option::Option::None),
                            }
                        })
                    });
                let bty = rust_type(&body.ty);
                let unknown = body
                    .ty
                    .named()
                    .and_then(|n| surface.types.get(n))
                    .map(super::models::unknown_init);
                inits.push(quote!(body: #bty { #(#members,)* #unknown }));
            }
            (Some(a), None) if matches!(a.target, Target::Path { typed: true, .. }) => inits.push(quote!(#fname)),
            (Some(a), None) => {
                let value = arg_param(a).1;
                if f.optional {
                    inits.push(quote!(#fname: ::std::option::Option::Some(#value)));
                } else {
                    inits.push(quote!(#fname: #value));
                }
            }
            (None, None) => inits.push(quote!(#fname: ::std::option::Option::None)),
        }
    }
    let doc = op_doc(api, surface, resource, op, s);
    let deprecated = if s.deprecated {
        quote!(#[deprecated(note = "deprecated in the API spec")])
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#params),*) -> #builder {
            crate::resources::new_request(self.client.clone(), #params_ty { #(#inits,)* })
        }
    }
}

fn setter(s: &Setter) -> TokenStream {
    let name = ident(&s.name);
    let field = ident(&s.field);
    let d = doc_attrs(&s.doc);
    match &s.target {
        Target::BodyMember { field: member, .. } => {
            let member = ident(member);
            let (at, conv) = super::param_type(&s.ty, s.takes);
            quote! {
                #d
                pub fn #name(mut self, value: #at) -> Self {
                    self.params.body.#member = ::std::option::Option::Some(value #conv);
                    self
                }
            }
        }
        _ => {
            let (at, conv) = super::param_type(&s.ty, s.takes);
            quote! {
                #d
                pub fn #name(mut self, value: #at) -> Self {
                    self.params.#field = ::std::option::Option::Some(value #conv);
                    self
                }
            }
        }
    }
}

/// The parameters struct behind a builder (`PortoutListRequest` is
/// `Request<PortoutListRequestParams>`): builder names end in `Request`, so this name is never
/// another builder's.
fn params_ident(s: &OperationSurface) -> proc_macro2::Ident {
    quote::format_ident!("{}Params", s.builder)
}

fn builder(s: &OperationSurface) -> TokenStream {
    let ty = ident(&s.builder);
    let doc = doc_attrs(&[
        format!(
            "Request builder of `{}` ({}).",
            s.name,
            crate::prose::code(&format!("{} {}", s.http_method, s.path))
        ),
        String::new(),
        "Set optional parameters with its methods, then send it with `.send().await` or await it directly.".to_string(),
    ]);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let t = rust_type(&f.ty);
        if f.optional {
            quote!(#fname: ::std::option::Option<#t>)
        } else {
            quote!(#fname: #t)
        }
    });
    let setters = s.setters.iter().map(setter);
    let header_fn = if s.headers.is_empty() {
        quote!()
    } else {
        let pushes = s.headers.iter().map(|h| {
            let hname = ident(&h.field);
            let wire = &h.wire;
            if h.optional {
                quote! { if let ::std::option::Option::Some(v) = &self.params.#hname { out.push((#wire, v.clone())); } }
            } else {
                quote! { out.push((#wire, self.params.#hname.clone())); }
            }
        });
        quote! {
            fn headers(&self, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                #(#pushes)*
            }
        }
    };
    let body_tokens = match &s.body {
        Some(body) if !body.optional => {
            let encoded = encode_body(body, quote!(&self.params.body));
            quote!(#encoded.map(::std::option::Option::Some))
        }
        Some(body) => {
            let encoded = encode_body(body, quote!(b));
            quote! {
                match &self.params.body {
                    ::std::option::Option::Some(b) => #encoded.map(::std::option::Option::Some),
                    ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
                }
            }
        }
        None => quote!(),
    };
    let body_fn = if body_tokens.is_empty() {
        quote!()
    } else {
        quote! {
            fn body(&self) -> ::std::result::Result<::std::option::Option<crate::runtime::Body>, crate::Error> { #body_tokens }
        }
    };
    // Path: literal pieces and encoded segments.
    let mut fmt = String::new();
    let mut seg_args = Vec::new();
    for seg in &s.segments {
        match seg {
            PathSegment::Literal(text) => fmt.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param { wire, field, typed } => {
                fmt.push_str("{}");
                let pname = ident(field);
                let value = if *typed {
                    quote!(self.params.#pname.as_str())
                } else {
                    quote!(&self.params.#pname)
                };
                seg_args.push(quote!(crate::runtime::path::segment(#wire, #value)?));
            }
        }
    }
    // Without path parameters the path is the template (`Endpoint::path`'s provided body).
    let path_fn = if seg_args.is_empty() {
        quote!()
    } else {
        quote! {
            fn path(&self) -> ::std::result::Result<::std::string::String, crate::Error> {
                ::std::result::Result::Ok(::std::format!(#fmt, #(#seg_args),*))
            }
        }
    };
    let query_pushes = s.query.iter().map(|q| {
        let qname = ident(&q.field);
        let key = &q.key;
        let push = query_push(q.encoding, quote!(#key), quote!(v));
        if q.optional {
            quote! { if let ::std::option::Option::Some(v) = &self.params.#qname { #push } }
        } else {
            quote! { let v = &self.params.#qname; #push }
        }
    });
    let query_fn = if s.query.is_empty() {
        quote!()
    } else {
        quote! {
            fn query(&self, q: &mut crate::runtime::query::Query) {
                #(#query_pushes)*
            }
        }
    };
    let method = ident(&s.http_method);
    let path = &s.path;
    let accept = &s.accept;
    let (output, decode, extra) = match &s.output {
        Output::Empty => (quote!(()), quote!(Empty), quote!()),
        Output::Binary => (quote!(::bytes::Bytes), quote!(Binary), quote!()),
        Output::Data(t) => (rust_type(t), quote!(Data), quote!()),
        Output::Json(t) => (rust_type(t), quote!(Json), quote!()),
        Output::Page(p) => {
            let item = rust_type(&p.item);
            let meta = rust_type(&p.meta);
            let (paginates, get, set, methods) = match p.number_field.as_deref().map(ident) {
                Some(n) => (
                    quote!(true),
                    quote!(self.params.#n),
                    quote!(self.params.#n = ::std::option::Option::Some(number);),
                    quote!(impl crate::runtime::pagination::Paginates for #ty {}),
                ),
                None => (
                    quote!(false),
                    quote!(::std::option::Option::None),
                    quote!(let _ = number;),
                    quote!(),
                ),
            };
            (
                quote!(crate::Page<#item>),
                quote!(Paged),
                quote! {
                    impl crate::runtime::pagination::Paginated for #ty {
                        type Item = #item;
                        type Meta = #meta;
                        const PAGINATES: bool = #paginates;
                        fn page_number(&self) -> ::std::option::Option<i64> { #get }
                        fn set_page_number(&mut self, number: i64) { #set }
                    }
                    #methods
                },
            )
        }
    };
    let params_ty = params_ident(s);
    // No `Debug` of its own: the builder's `Debug` shows what they make it send
    // (`runtime::endpoint::debug`).
    let params_doc = format!(" The parameters of [`{}`] (what its methods set).", s.builder);
    quote! {
        #doc
        pub type #ty = crate::resources::Request<#params_ty>;
        #[doc = #params_doc]
        #[doc(hidden)]
        #[derive(Clone)]
        #[allow(missing_debug_implementations)]
        pub struct #params_ty {
            #(#fields,)*
        }
        impl #ty {
            #(#setters)*
        }
        impl crate::runtime::endpoint::Endpoint for #ty {
            type Output = #output;
            type Decoder = crate::runtime::endpoint::#decode;
            const METHOD: crate::runtime::endpoint::Method = crate::runtime::endpoint::Method::#method;
            const PATH_TEMPLATE: &'static str = #path;
            const ACCEPT: &'static str = #accept;
            #path_fn
            #query_fn
            #body_fn
            #header_fn
        }
        #extra
    }
}
