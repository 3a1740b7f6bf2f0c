//! A resource file: the resource struct with its accessors and operation methods, and one
//! request builder per operation, which implements the runtime's `Endpoint` trait.

use super::{doc_attrs, ident, query_push, rust_type};
use crate::error::Result;
use crate::ir::{Api, Operation, Resource, Response, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub fn resource(api: &Api, r: &Resource) -> Result<TokenStream> {
    let ty = ident(&r.rust_name);
    let doc = doc_attrs(&r.doc);
    let children = r.children.iter().filter_map(|c| api.resources.get(c)).map(|c| {
        let accessor = ident(&c.accessor);
        let cty = ident(&c.rust_name);
        let cdoc = doc_attrs(&c.doc);
        quote! {
            #cdoc
            pub fn #accessor(&self) -> crate::resources::#cty {
                crate::resources::#cty::new(self.client.clone())
            }
        }
    });
    let methods = r.operations.values().map(|op| method(api, &r.path, op));
    let builders = r.operations.values().map(|op| builder(api, op));
    let title = super::inner_doc_attrs(&[format!("Operations of {}.", super::markdown::code(&r.path))]);
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

/// Required body members become positional arguments, after the path parameters.
fn body_struct<'a>(api: &'a Api, op: &Operation) -> Option<&'a crate::ir::Struct> {
    op.body.as_ref().and_then(|b| api.struct_of(&b.ty))
}

/// The doc of a header parameter's setter: the spec's, with the header's name.
fn doc_or_header(h: &crate::ir::HeaderParam) -> TokenStream {
    let mut lines = h.doc.clone();
    lines.push(format!("Sent as the {} header.", super::markdown::code(&h.wire_name)));
    doc_attrs(&lines)
}

/// The runtime call that serializes a body value (`value` is a reference to it).
fn encode_body(body: &crate::ir::Body, value: TokenStream) -> TokenStream {
    match body.encoding {
        crate::ir::BodyEncoding::Json => quote!(crate::runtime::Body::json(#value)),
        crate::ir::BodyEncoding::Form => quote!(crate::runtime::Body::form(#value)),
        crate::ir::BodyEncoding::Bytes => {
            let ct = &body.content_type;
            quote!(crate::runtime::Body::raw(#value, #ct))
        }
    }
}

/// The spec's summary and description, the request line and the arguments (made safe by
/// `doc_attrs`), then the generator's own text: what it returns and an example.
fn op_doc(api: &Api, resource: &str, op: &Operation, arg_docs: Vec<String>, arg_tys: &[&TypeRef]) -> TokenStream {
    let mut lines = op.doc.clone();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "Sends a `{}` request to {}.",
        op.http_method,
        super::markdown::code(&op.path)
    ));
    if !arg_docs.is_empty() {
        lines.extend([String::new(), "Arguments:".to_string(), String::new()]);
        lines.extend(arg_docs);
    }
    let mut own = vec![String::new(), super::examples::returns(op)];
    if let Some(krate) = &api.crate_name {
        let example = super::examples::example(api, op, resource, krate, arg_tys);
        if !example.is_empty() {
            own.push(String::new());
            own.extend(example);
        }
    }
    let spec = doc_attrs(&lines);
    let own = super::trusted_doc_attrs(&own);
    quote!(#spec #own)
}

fn method(api: &Api, resource: &str, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let builder = ident(&op.builder);
    let mut args = Vec::new();
    let mut arg_tys: Vec<&TypeRef> = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.path_params {
        arg_tys.push(&p.ty);
        let pname = ident(&p.rust_name);
        match &p.ty {
            TypeRef::Named(_) => {
                let t = rust_type(&p.ty);
                args.push(quote!(#pname: #t));
                inits.push(quote!(#pname));
            }
            _ => {
                args.push(quote!(#pname: impl ::std::fmt::Display));
                inits.push(quote!(#pname: #pname.to_string()));
            }
        }
        arg_docs.push(format!(
            "- `{}`: {}",
            p.rust_name,
            p.doc.first().cloned().unwrap_or_default()
        ));
    }
    for q in op.query.iter().filter(|q| q.required) {
        let qname = ident(&q.rust_name);
        let (t, conv) = super::arg_type(&q.ty);
        args.push(quote!(#qname: #t));
        arg_tys.push(&q.ty);
        inits.push(quote!(#qname: #qname #conv));
        arg_docs.push(format!(
            "- `{}`: {}",
            q.rust_name,
            q.doc.first().cloned().unwrap_or_default()
        ));
    }
    for h in &op.headers {
        let hname = ident(&h.rust_name);
        if h.required {
            args.push(quote!(#hname: impl ::std::convert::Into<::std::string::String>));
            arg_tys.push(&TypeRef::String);
            inits.push(quote!(#hname: #hname.into()));
            arg_docs.push(format!(
                "- `{}` (header {}): {}",
                h.rust_name,
                super::markdown::code(&h.wire_name),
                h.doc.first().cloned().unwrap_or_default()
            ));
        } else {
            inits.push(quote!(#hname: ::std::option::Option::None));
        }
    }
    for q in op.query.iter().filter(|q| !q.required) {
        let qname = ident(&q.rust_name);
        inits.push(quote!(#qname: ::std::option::Option::None));
    }
    if let Some(body) = &op.body {
        match body_struct(api, op) {
            Some(s) => {
                let mut members = Vec::new();
                for f in &s.fields {
                    let fname = ident(&f.rust_name);
                    if f.required {
                        let (t, conv) = super::arg_type(&f.ty);
                        let arg = ident(&crate::names::body_member(op, &f.rust_name));
                        args.push(quote!(#arg: #t));
                        arg_tys.push(&f.ty);
                        members.push(quote!(#fname: #arg #conv));
                        arg_docs.push(format!(
                            "- `{}`: {}",
                            f.rust_name,
                            f.doc.first().cloned().unwrap_or_default()
                        ));
                    } else {
                        members.push(quote!(#fname: ::std::option::Option::None));
                    }
                }
                let bty = rust_type(&body.ty);
                inits.push(quote!(body: #bty { #(#members,)* }));
            }
            None if body.required => {
                let (t, conv) = super::arg_type(&body.ty);
                args.push(quote!(body: #t));
                arg_tys.push(&body.ty);
                inits.push(quote!(body: ::std::option::Option::Some(body #conv)));
                arg_docs.push("- `body`: the request body".to_string());
            }
            None => inits.push(quote!(body: ::std::option::Option::None)),
        }
    }
    let doc = op_doc(api, resource, op, arg_docs, &arg_tys);
    let deprecated = if op.deprecated {
        quote!(#[deprecated(note = "deprecated in the API spec")])
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                client: self.client.clone(),
                options: ::std::default::Default::default(),
                #(#inits,)*
            }
        }
    }
}

fn builder(api: &Api, op: &Operation) -> TokenStream {
    let ty = ident(&op.builder);
    let doc = doc_attrs(&[
        format!(
            "Request builder of `{}` ({}).",
            op.name,
            super::markdown::code(&format!("{} {}", op.http_method, op.path))
        ),
        String::new(),
        "Set optional parameters with its methods, then send it with `.send().await` or await it directly.".to_string(),
    ]);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for p in &op.path_params {
        let pname = ident(&p.rust_name);
        let t = match &p.ty {
            TypeRef::Named(_) => rust_type(&p.ty),
            _ => quote!(::std::string::String),
        };
        fields.push(quote!(#pname: #t));
    }
    for q in &op.query {
        let qname = ident(&q.rust_name);
        let t = rust_type(&q.ty);
        if q.required {
            fields.push(quote!(#qname: #t));
        } else {
            fields.push(quote!(#qname: ::std::option::Option<#t>));
            let d = doc_attrs(&q.doc);
            let (at, conv) = super::arg_type(&q.ty);
            setters.push(quote! {
                #d
                pub fn #qname(mut self, value: #at) -> Self {
                    self.#qname = ::std::option::Option::Some(value #conv);
                    self
                }
            });
        }
    }
    for h in &op.headers {
        let hname = ident(&h.rust_name);
        if h.required {
            fields.push(quote!(#hname: ::std::string::String));
        } else {
            fields.push(quote!(#hname: ::std::option::Option<::std::string::String>));
            let d = doc_or_header(h);
            setters.push(quote! {
                #d
                pub fn #hname(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.#hname = ::std::option::Option::Some(value.into());
                    self
                }
            });
        }
    }
    let header_fn = if op.headers.is_empty() {
        quote!()
    } else {
        let pushes = op.headers.iter().map(|h| {
            let hname = ident(&h.rust_name);
            let wire = &h.wire_name;
            if h.required {
                quote! { out.push((#wire, self.#hname.clone())); }
            } else {
                quote! { if let ::std::option::Option::Some(v) = &self.#hname { out.push((#wire, v.clone())); } }
            }
        });
        quote! {
            fn headers(&self, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                #(#pushes)*
            }
        }
    };
    let body_tokens = match &op.body {
        Some(body) => match body_struct(api, op) {
            Some(s) => {
                let bty = rust_type(&body.ty);
                fields.push(quote!(body: #bty));
                for f in s.fields.iter().filter(|f| !f.required) {
                    let fname = ident(&f.rust_name);
                    let setter = ident(&crate::names::body_member(op, &f.rust_name));
                    let d = doc_attrs(&f.doc);
                    let (at, conv) = super::arg_type(&f.ty);
                    setters.push(quote! {
                        #d
                        pub fn #setter(mut self, value: #at) -> Self {
                            self.body.#fname = ::std::option::Option::Some(value #conv);
                            self
                        }
                    });
                }
                let encoded = encode_body(body, quote!(&self.body));
                quote!(#encoded.map(::std::option::Option::Some))
            }
            None => {
                let bty = rust_type(&body.ty);
                fields.push(quote!(body: ::std::option::Option<#bty>));
                if !body.required {
                    setters.push(quote! {
                        /// The request body.
                        pub fn body(mut self, value: #bty) -> Self {
                            self.body = ::std::option::Option::Some(value);
                            self
                        }
                    });
                }
                let encoded = encode_body(body, quote!(b));
                quote! {
                    match &self.body {
                        ::std::option::Option::Some(b) => #encoded.map(::std::option::Option::Some),
                        ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
                    }
                }
            }
        },
        None => quote!(::std::result::Result::Ok(::std::option::Option::None)),
    };
    // Path: literal pieces and encoded segments.
    let mut fmt = String::new();
    let mut seg_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        fmt.push_str("{}");
        let wire = &rest[start + 1..start + end];
        if let Some(p) = op.path_params.iter().find(|p| p.wire_name == wire) {
            let pname = ident(&p.rust_name);
            let value = match &p.ty {
                TypeRef::Named(_) => quote!(self.#pname.as_str()),
                _ => quote!(&self.#pname),
            };
            seg_args.push(quote!(crate::runtime::path::segment(#wire, #value)?));
        }
        rest = &rest[start + end + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path_expr = if seg_args.is_empty() {
        quote!(::std::result::Result::Ok(::std::string::String::from(#fmt)))
    } else {
        quote!(::std::result::Result::Ok(::std::format!(#fmt, #(#seg_args),*)))
    };
    let query_pushes = op.query.iter().map(|q| {
        let qname = ident(&q.rust_name);
        let key_str = {
            let mut k = q.wire_path[0].clone();
            for seg in &q.wire_path[1..] {
                k.push_str(&format!("[{seg}]"));
            }
            k
        };
        let push = query_push(&q.ty, api, quote!(#key_str), quote!(v), q.explode);
        if q.required {
            quote! { let v = &self.#qname; #push }
        } else {
            quote! { if let ::std::option::Option::Some(v) = &self.#qname { #push } }
        }
    });
    let q_name = if op.query.is_empty() { ident("_q") } else { ident("q") };
    let method = ident(&op.http_method);
    let path = &op.path;
    let accept = &op.accept;
    let (output, decode, extra) = match &op.response {
        Response::Empty => (quote!(()), quote!(crate::runtime::decode::empty(response)), quote!()),
        Response::Binary => (
            quote!(::bytes::Bytes),
            quote!(crate::runtime::decode::binary(response)),
            quote!(),
        ),
        Response::Data(t) => {
            let t = rust_type(t);
            (t, quote!(crate::runtime::decode::data(response)), quote!())
        }
        Response::Json(t) => {
            let t = rust_type(t);
            (t, quote!(crate::runtime::decode::json(response)), quote!())
        }
        Response::Page { item, meta } => {
            let item = rust_type(item);
            let meta = rust_type(meta);
            let number = op.page_number_param.as_deref().map(ident);
            let (paginates, get, set, methods) = match number {
                Some(n) => (
                    quote!(true),
                    quote!(self.#n),
                    quote!(self.#n = ::std::option::Option::Some(number);),
                    quote!(crate::runtime::endpoint::paginated_methods!(#ty => #item);),
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
                quote!(crate::runtime::decode::page(self, response)),
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
    quote! {
        #doc
        #[derive(Clone, Debug)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #ty {
            client: crate::Client,
            options: crate::runtime::RequestOptions,
            #(#fields,)*
        }
        impl #ty {
            #(#setters)*
        }
        impl crate::runtime::endpoint::Endpoint for #ty {
            type Output = #output;
            const METHOD: crate::runtime::endpoint::Method = crate::runtime::endpoint::Method::#method;
            const PATH_TEMPLATE: &'static str = #path;
            const ACCEPT: &'static str = #accept;
            fn path(&self) -> ::std::result::Result<::std::string::String, crate::Error> { #path_expr }
            fn query(&self, #q_name: &mut crate::runtime::query::Query) {
                #(#query_pushes)*
            }
            fn body(&self) -> ::std::result::Result<::std::option::Option<crate::runtime::Body>, crate::Error> { #body_tokens }
            #header_fn
            fn decode(&self, response: &crate::runtime::RawResponse) -> ::std::result::Result<Self::Output, crate::Error> { #decode }
        }
        crate::runtime::endpoint::request_methods!(#ty => #output);
        #extra
    }
}
