//! Snapshot tests of the generator: one small fixture spec per construct
//! (`tests/fixtures/<name>.yaml` with its config), every generated file compared with the
//! committed snapshot under `tests/snapshots/<name>/<path>` and its public surface with `surface.txt`, plus a few facts asserted on
//! the IR. `BLESS=1 cargo test -p workspace-tests --test codegen_snapshots` rewrites the
//! snapshots (and deletes the ones no longer generated) instead of comparing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::Config;
use codegen::ir::{Api, Operation, QueryParam, Response, Struct, TypeDef, TypeRef};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// Generates the fixture `name` with the config `config` (a file name stem in `fixtures/`).
fn generate(name: &str, config: &str) -> codegen::Generated {
    let dir = tests_dir().join("fixtures");
    let spec = std::fs::read(dir.join(format!("{name}.yaml"))).unwrap();
    let config_text = std::fs::read_to_string(dir.join(format!("{config}.config.yaml"))).unwrap();
    let config = Config::parse(&config_text).unwrap_or_else(|e| panic!("{config}.config.yaml: {e}"));
    let generated = codegen::generate(&spec, &config, None).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    assert!(
        generated.diagnostics.skipped.is_empty(),
        "fixture {name} skipped operations: {:?}",
        generated.diagnostics.skipped
    );
    generated
}

/// Every file below `dir`, relative to it, as text.
fn files_below(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// Compares (or, with `BLESS=1`, writes) the snapshot of one fixture: its generated files,
/// among them its public surface as text (`surface.txt`, what `codegen::surface::Surface`
/// decided).
fn check_snapshot(name: &str, generated: &codegen::Generated) {
    let dir = tests_dir().join("snapshots").join(name);
    let on_disk = files_below(&dir);
    if blessing() {
        for path in on_disk.keys() {
            if !generated.files.contains_key(path) {
                std::fs::remove_file(dir.join(path)).unwrap();
            }
        }
        for (path, text) in &generated.files {
            if on_disk.get(path) != Some(text) {
                let full = dir.join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, text).unwrap();
            }
        }
        return;
    }
    let mut problems = String::new();
    for (path, text) in &generated.files {
        let shown = format!("tests/snapshots/{name}/{}", path.display());
        match on_disk.get(path) {
            None => problems.push_str(&format!("missing snapshot: {shown}\n")),
            Some(old) if old != text => {
                let diff = similar::TextDiff::from_lines(old.as_str(), text.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{shown}"), &format!("b/{shown}"))
                    .to_string();
                problems.push_str(&format!("changed: {shown}\n{diff}\n"));
            }
            Some(_) => {}
        }
    }
    for path in on_disk.keys() {
        if !generated.files.contains_key(path) {
            problems.push_str(&format!(
                "snapshot no longer generated: tests/snapshots/{name}/{}\n",
                path.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the output for fixture `{name}` differs from its snapshot:\n{problems}\
         If the change is intended, run `BLESS=1 cargo test -p workspace-tests --test codegen_snapshots` \
         and review the snapshot diff."
    );
}

/// Generates, snapshots, and returns the fixture's output.
fn fixture(name: &str, config: &str) -> codegen::Generated {
    let generated = generate(name, config);
    check_snapshot(name, &generated);
    generated
}

fn op<'a>(api: &'a Api, resource: &str, method: &str) -> &'a Operation {
    api.resources
        .get(resource)
        .and_then(|r| r.operations.get(method))
        .unwrap_or_else(|| {
            panic!(
                "no operation {resource}.{method}; resources: {:?}",
                api.resources.keys()
            )
        })
}

fn structure<'a>(g: &'a codegen::Generated, name: &str) -> &'a Struct {
    match g.type_def(name) {
        Some(TypeDef::Struct(s)) => s,
        other => panic!(
            "`{name}` is not a struct: {other:?}; types: {:?}",
            g.identifiers.all().collect::<Vec<_>>()
        ),
    }
}

/// The struct a type reference names.
fn structure_at<'a>(g: &'a codegen::Generated, t: &TypeRef) -> &'a Struct {
    structure(g, &name_of(g, t))
}

/// The published name of the type a reference names.
fn name_of(g: &codegen::Generated, t: &TypeRef) -> String {
    match t.named() {
        Some(id) => g.identifiers.type_name(*id).to_string(),
        None => panic!("{t:?} names no type"),
    }
}

fn field<'a>(s: &'a Struct, rust_name: &str) -> &'a codegen::ir::Field {
    s.fields
        .iter()
        .find(|f| f.rust_name == rust_name)
        .unwrap_or_else(|| panic!("no field `{rust_name}` in {:?}", s.fields))
}

/// A reference to the type published as `n`.
fn named(g: &codegen::Generated, n: &str) -> TypeRef {
    TypeRef::Named(g.identifiers.id_of(n).unwrap_or_else(|| panic!("no type `{n}`")))
}

fn query<'a>(op: &'a Operation, rust_name: &str) -> &'a QueryParam {
    op.query
        .iter()
        .find(|q| q.rust_name == rust_name)
        .unwrap_or_else(|| panic!("no query parameter `{rust_name}` in {:?}", op.query))
}

#[test]
fn deep_object_query() {
    let g = fixture("query_deep_object", "query");
    let list = op(&g.api, "orders", "list");
    // The `filter` object is one struct argument with nested range structs.
    let filter = query(list, "filter");
    assert_eq!(filter.wire_path, ["filter"]);
    assert_eq!(filter.ty, named(&g, "OrdersListFilter"));
    let s = structure(&g, "OrdersListFilter");
    assert!(s.query);
    assert_eq!(field(s, "created_at").ty, named(&g, "OrdersListFilterCreatedAt"));
    assert_eq!(
        field(s, "status").ty,
        TypeRef::Vec(Box::new(named(&g, "OrderStatus"))),
        "an inline enum with the values of a component enum is that enum"
    );
    assert_eq!(field(s, "code").ty, named(&g, "OrdersListFilterCode"));
    let range = structure(&g, "OrdersListFilterCreatedAt");
    assert!(range.query, "nested query structs get a query encoder too");
    assert_eq!(field(range, "gte").ty, TypeRef::DateTime);
    let code = structure(&g, "OrdersListFilterCode");
    assert_eq!(
        field(code, "in_").wire_name,
        "in",
        "the keyword member keeps its wire name"
    );
    assert_eq!(field(code, "in_").ty, TypeRef::Vec(Box::new(TypeRef::Integer)));
    // `page` is flattened into builder methods and drives pagination.
    assert_eq!(query(list, "page_number").wire_path, ["page", "number"]);
    assert_eq!(query(list, "page_size").wire_path, ["page", "size"]);
    assert_eq!(list.page_number_param.as_deref(), Some("page_number"));
    assert!(matches!(&list.response, Response::Page { item, .. } if *item == named(&g, "Order")));
}

/// A required query object is a positional argument, and the members its schema requires
/// are required fields (its constructor's arguments), also inside an optional object and for
/// bracket-named parameters; they were all optional, so a required filter could be left out.
#[test]
fn required_query_objects_and_members() {
    let g = fixture("query_required", "query_required");
    let usage = op(&g.api, "usage", "get");
    let filter = query(usage, "filter");
    assert!(filter.required, "a required deepObject parameter is required");
    let s = structure_at(&g, &filter.ty);
    assert!(field(s, "start_time").required);
    assert!(!field(s, "end_time").required);
    assert!(field(s, "range").required, "a required nested object is required");
    let range = structure_at(&g, &field(s, "range").ty);
    assert!(field(range, "gte").required);
    assert!(!field(range, "lte").required);
    let sort = query(usage, "sort");
    assert!(!sort.required);
    let sort = structure_at(&g, &sort.ty);
    assert!(field(sort, "field").required, "required inside an optional object");
    assert!(!field(sort, "desc").required);
    let history = op(&g.api, "history", "get");
    let window = query(history, "window");
    assert!(window.required, "a required `window[from]` makes `window` required");
    let w = structure_at(&g, &window.ty);
    assert!(field(w, "from").required);
    assert!(!field(w, "to").required);
}

#[test]
fn bracket_query_params_fold_like_deep_object() {
    let brackets = fixture("query_brackets", "query");
    let deep = generate("query_deep_object", "query");
    assert_eq!(
        brackets.api.types, deep.api.types,
        "bracket-named parameters and a deepObject parameter must give the same types"
    );
    let b = op(&brackets.api, "orders", "list");
    let d = op(&deep.api, "orders", "list");
    let shape = |o: &Operation| -> Vec<(String, Vec<String>, TypeRef)> {
        o.query
            .iter()
            .map(|q| (q.rust_name.clone(), q.wire_path.clone(), q.ty.clone()))
            .collect()
    };
    assert_eq!(shape(b), shape(d));
    assert_eq!(b.response, d.response);
    assert_eq!(
        brackets.files[Path::new("models.rs")],
        deep.files[Path::new("models.rs")].replace(&deep.sha256, &brackets.sha256)
    );
}

/// The members of a flattened query object (`page[sort]` as `.page_sort(..)`) are typed like
/// any other query parameter of their operation: an enum among them is named with the
/// operation's prefix, so two operations' enums are two types with names of their own.
#[test]
fn flattened_query_leaves_are_named_for_their_operation() {
    let g = fixture("query_flatten", "query_flatten");
    let orders = op(&g.api, "orders", "list");
    let items = op(&g.api, "items", "list");
    assert_eq!(query(orders, "page_sort").wire_path, ["page", "sort"]);
    assert_eq!(query(orders, "page_sort").ty, named(&g, "OrdersListPageSort"));
    assert_eq!(query(items, "page_sort").ty, named(&g, "ItemsListPageSort"));
    assert_eq!(query(orders, "page_number").ty, TypeRef::Integer);
}

#[test]
fn nullable_31_type_lists() {
    let g = fixture("nullable_31", "nullable");
    let thing = structure(&g, "Thing");
    let note = field(thing, "note");
    assert_eq!(note.ty, TypeRef::String);
    assert!(note.nullable && !note.required, "required + nullable is an Option");
    assert!(field(thing, "count").nullable);
    assert_eq!(field(thing, "tags").ty, TypeRef::Vec(Box::new(TypeRef::String)));
    assert!(field(thing, "tags").nullable);
    let color = field(thing, "color");
    assert!(color.nullable);
    match g.type_def(&name_of(&g, &color.ty)) {
        Some(TypeDef::Enum(e)) => {
            let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
            assert_eq!(wires, ["red", "blue"], "`null` is not an enum value");
        }
        other => panic!("color enum: {other:?}"),
    }
    let owner = field(thing, "owner");
    assert_eq!(owner.ty, named(&g, "Owner"), "oneOf [X, null] is a nullable X");
    assert!(owner.nullable);
    assert!(field(thing, "id").required);
}

#[test]
fn nullable_30_matches_31() {
    let old = fixture("nullable_30", "nullable");
    let new = generate("nullable_31", "nullable");
    assert_eq!(
        old.api, new.api,
        "3.0 `nullable: true` and 3.1 type lists give the same IR"
    );
}

#[test]
fn one_of_with_discriminator() {
    let g = fixture("one_of", "one_of");
    let Some(TypeDef::Union(u)) = g.type_def("Event") else {
        panic!("Event is not a union")
    };
    assert_eq!(u.discriminator.as_deref(), Some("event_type"));
    let event = &g.surface.types["Event"];
    let tags: BTreeMap<&str, (&[String], &TypeRef)> = u
        .variants
        .iter()
        .zip(&event.members)
        .map(|(v, m)| (m.rust_name.as_str(), (&v.tags[..], &v.ty)))
        .collect();
    assert_eq!(tags.len(), 3);
    assert_eq!(
        tags["PortoutStatusChanged"],
        (&["portout.status_changed".to_string()][..], &named(&g, "StatusChanged"))
    );
    assert_eq!(
        tags["PortoutCommentAdded"].0,
        ["portout.comment_added", "portout.comment_added_v2"],
        "both mapping forms (full $ref and bare name) select the variant"
    );
    assert_eq!(tags["Deleted"].0, ["Deleted"], "unmapped variants use the schema name");
    // `Deleted` shares no prefix with the mapped tags, so none is cut.
    assert_eq!(tags["Deleted"].1, &named(&g, "Deleted"));
    // The untagged union of the request body.
    let body = structure(&g, "EventsCreateParams");
    let target = field(body, "target");
    assert!(target.required);
    let Some(TypeDef::Union(t)) = g.type_def(&name_of(&g, &target.ty)) else {
        panic!("target is not a union")
    };
    assert_eq!(t.discriminator, None);
    let kinds: Vec<&TypeRef> = t.variants.iter().map(|v| &v.ty).collect();
    assert_eq!(kinds, [&TypeRef::String, &TypeRef::Vec(Box::new(TypeRef::String))]);
    assert!(g.files[Path::new("models.rs")].contains("Unknown(::serde_json::Value)"));
}

#[test]
fn open_enums() {
    let g = fixture("enums", "enums");
    let Some(TypeDef::Enum(_)) = g.type_def("Status") else {
        panic!("Status is not an enum")
    };
    let pairs: Vec<(&str, &str)> = g.surface.types["Status"]
        .members
        .iter()
        .map(|v| (v.rust_name.as_str(), v.wire.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Pending", "pending"),
            ("RejectedPending", "rejected-pending"),
            ("PortedOut", "ported_out"),
            ("Unknown2", "Unknown"),
            ("Plus1", "+1"),
            ("Minus1", "-1"),
            ("V2fa", "2fa"),
            ("Value", ""),
        ],
        "variant names are unique, valid, and never the catch-all `Unknown`"
    );
    let models = &g.files[Path::new("models.rs")];
    assert!(
        models.contains("Unknown(crate::runtime::enums::UnknownValue)"),
        "enums are open, with an opaque catch-all"
    );
    // Two inline enums with the same values are one type.
    let number = structure(&g, "Number");
    assert_eq!(field(number, "kind").ty, field(number, "other_kind").ty);
    let list = op(&g.api, "numbers", "list_numbers");
    assert_eq!(query(list, "status").ty, named(&g, "Status"));
}

#[test]
fn keyword_field_names() {
    let g = fixture("keywords", "keywords");
    let item = structure(&g, "Item");
    let names: BTreeMap<&str, &str> = item
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
        .collect();
    for (wire, rust) in [
        ("type", "type_"),
        ("gen", "gen_"),
        ("async", "async_"),
        ("match", "match_"),
        ("const", "const_"),
        ("enum", "enum_"),
        ("example", "example"),
        ("$ref", "ref_"),
        ("properties", "properties"),
    ] {
        assert_eq!(names.get(wire), Some(&rust), "{wire}: {names:?}");
    }
    // `Self` sorts before `self`, so it keeps `self_` and `self` gets the suffix.
    assert_eq!(names.get("Self"), Some(&"self_"));
    assert_eq!(
        names.get("self"),
        Some(&"self_2"),
        "`Self` and `self` get distinct names"
    );
    assert!(field(item, "type_").required && field(item, "const_").required);
    // `const: fixed` became a one-value enum.
    let Some(TypeDef::Enum(c)) = g.type_def(&name_of(&g, &field(item, "const_").ty)) else {
        panic!("const is not an enum")
    };
    assert_eq!(c.variants.len(), 1);
    assert_eq!(c.variants[0].wire, "fixed");
    let create = op(&g.api, "items", "create");
    let q: Vec<&str> = create.query.iter().map(|q| q.rust_name.as_str()).collect();
    assert_eq!(q, ["async_", "type_"]);
    let models = &g.files[Path::new("models.rs")];
    // The field `type_` is `type` on the wire (its serde impls: `runtime/object.rs`).
    let compact: String = models.split_whitespace().collect::<Vec<_>>().join(" ");
    // Required by the spec, in a type responses hold: `Present`.
    assert!(compact.contains("type_ : \"type\" Present"));
    assert!(models.contains("pub type_:"));
}

#[test]
fn response_refs() {
    let g = fixture("response_refs", "response_refs");
    let get = op(&g.api, "reports", "get_report");
    assert_eq!(
        get.response,
        Response::Data(named(&g, "Report")),
        "a $ref'd envelope is unwrapped"
    );
    assert_eq!(get.path_params.len(), 1);
    assert_eq!(get.path_params[0].wire_name, "id");
    assert_eq!(get.path_params[0].doc, ["The report id."]);
    let delete = op(&g.api, "reports", "delete_report");
    assert_eq!(delete.response, Response::Empty);
    let list = op(&g.api, "reports", "list_reports");
    match &list.response {
        Response::Json(t @ TypeRef::Named(_)) => {
            let s = structure_at(&g, t);
            assert_eq!(field(s, "data").ty, TypeRef::Vec(Box::new(named(&g, "Report"))));
        }
        other => panic!("list response: {other:?}"),
    }
    let report = structure(&g, "Report");
    assert_eq!(field(report, "id").ty, TypeRef::Uuid);
    assert_eq!(field(report, "created_at").ty, TypeRef::DateTime);
    assert_eq!(field(report, "day").ty, TypeRef::Date);
    assert!(
        g.identifiers.id_of("Errors").is_none(),
        "error responses are not generated"
    );
}

#[test]
fn all_of_merge() {
    let g = fixture("all_of", "all_of");
    let doc = structure(&g, "Document");
    let wires: Vec<&str> = doc.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wires, ["created_at", "id", "name", "size", "tags"]);
    for required in ["id", "name", "size"] {
        assert!(field(doc, required).required, "{required} is required by one part");
    }
    assert!(!field(doc, "tags").required);
    // Both parts declare `created_at`: the type is the intersection of the two (a date-time
    // string), the doc the later declaration's.
    assert_eq!(field(doc, "created_at").ty, TypeRef::DateTime);
    assert_eq!(field(doc, "created_at").doc, ["Overrides the Record member."]);
    assert_eq!(doc.doc, ["A document, merged from three parts."]);
    assert_eq!(
        op(&g.api, "documents", "get_document").response,
        Response::Data(named(&g, "Document"))
    );
}

#[test]
fn recursive_schema() {
    let g = fixture("recursive", "recursive");
    let node = structure(&g, "Node");
    let parent = field(node, "parent");
    assert_eq!(
        parent.ty,
        TypeRef::Boxed(g.identifiers.id_of("Node").expect("Node")),
        "an optional self reference is boxed"
    );
    assert!(!parent.required);
    let link = structure(&g, "Link");
    assert!(field(link, "target").required);
    assert!(
        matches!(&field(link, "target").ty, TypeRef::Boxed(n) | TypeRef::Named(n) if g.identifiers.type_name(*n) == "Node"),
        "{:?}",
        field(link, "target").ty
    );
    let models = &g.files[Path::new("models.rs")];
    assert!(models.contains("::std::boxed::Box<crate::models::Node>"));
}

#[test]
fn std_and_keyword_schema_names() {
    let g = fixture("std_names", "std_names");
    for name in ["Option", "Result", "String", "Box", "Vec", "Type", "Self_"] {
        assert!(g.identifiers.id_of(name).is_some(), "{name}: {:?}", g.api.types.keys());
    }
    let wrap = op(&g.api, "wrap", "wrap");
    assert_eq!(wrap.body.as_ref().map(|b| &b.ty), Some(&named(&g, "Option")));
    assert_eq!(wrap.response, Response::Json(named(&g, "Result")));
    let models = &g.files[Path::new("models.rs")];
    // Paths are absolute, so the spec's `Option` and `String` cannot shadow std's.
    assert!(models.contains("pub struct Option {"));
    assert!(models.contains("::std::option::Option<crate::models::String>"));
    assert!(models.contains("pub struct Self_ {"));
    assert!(!models.contains("Option<String>"));
}

/// Non-JSON bodies: a form body is a struct sent form-encoded, a binary request body is
/// `Bytes` sent as given, a binary response comes back as `Bytes` with the declared `Accept`,
/// and a multipart body of another kind than `multipart/form-data` is listed as not generated
/// (whole-spec mode), with the reason.
#[test]
fn form_binary_and_multipart_bodies() {
    use codegen::ir::{BodyEncoding, Response};
    let g = fixture("bodies", "bodies");
    let update = op(&g.api, "calls", "update_call");
    let body = update.body.as_ref().expect("form body");
    assert_eq!(body.encoding, BodyEncoding::Form);
    assert_eq!(body.ty, named(&g, "CallsUpdateCallParams"));
    let put = op(&g.api, "kv", "put_value");
    let body = put.body.as_ref().expect("binary body");
    assert_eq!(
        (body.encoding, &body.ty, body.content_type.as_str()),
        (BodyEncoding::Bytes, &TypeRef::Bytes, "application/octet-stream")
    );
    let create = op(&g.api, "buckets", "create_bucket");
    let headers: Vec<(&str, &str, bool)> = create
        .headers
        .iter()
        .map(|h| (h.rust_name.as_str(), h.wire_name.as_str(), h.required))
        .collect();
    assert_eq!(
        headers,
        [
            ("idempotency_key", "Idempotency-Key", true),
            ("x_trace", "X-Trace", false)
        ]
    );
    let get = op(&g.api, "recordings", "get_recording");
    assert_eq!(get.response, Response::Binary);
    assert_eq!(get.accept, "audio/wav");
    // Only multipart/form-data is generated: in whole-spec mode another is listed with the reason.
    let spec = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /uploads:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/mixed:\n            schema: {type: object, properties: {file: {type: string, format: binary}}}\n      responses:\n        '204': {description: ok}\n";
    let config = Config::parse("select:\n  all: true\n").unwrap();
    let g = codegen::generate(spec, &config, None).unwrap();
    let why = g
        .diagnostics
        .skipped
        .get("POST /uploads")
        .expect("multipart is listed as skipped");
    assert!(
        why.contains("multipart") && why.contains("/paths/~1uploads/post/requestBody/content"),
        "{why}"
    );
    assert_eq!(g.operation_count(), 0);
}

/// Multipart uploads (`tests/fixtures/multipart.yaml`): `format: binary` members are
/// `File`s, a required one positional and optional ones builder methods; the spec's
/// `encoding` content types are recorded (a wildcard range is not a content type to send); a
/// union of objects is one argument; an operation offering JSON too sends JSON; a body member
/// named like a path parameter is `body_<name>` as in JSON bodies. The output itself is
/// kept (and compiled, and its requests parsed back from the wire) by the fixture crate
/// `tests/fixture-multipart` (`tests/fixture_crates.rs`), not as a snapshot here.
#[test]
fn multipart_bodies() {
    use codegen::ir::BodyEncoding;
    let g = generate("multipart", "multipart");
    let upload = op(&g.api, "recordings", "upload_recording");
    let body = upload.body.as_ref().expect("body");
    assert_eq!(body.encoding, BodyEncoding::Multipart);
    assert_eq!(body.content_type, "multipart/form-data");
    assert_eq!(
        body.part_types,
        [
            ("file".to_string(), "audio/wav".to_string()),
            ("tags".to_string(), "text/plain; charset=utf-8".to_string())
        ]
    );
    let s = structure_at(&g, &body.ty);
    assert_eq!(field(s, "file").ty, TypeRef::File);
    assert!(field(s, "file").required);
    assert_eq!(field(s, "attachments").ty, TypeRef::Vec(Box::new(TypeRef::File)));
    assert_eq!(field(s, "tags").ty, TypeRef::Vec(Box::new(TypeRef::String)));
    let surface = g.surface.operation("recordings", "upload_recording").unwrap();
    let args: Vec<String> = surface.args.iter().map(|a| a.signature()).collect();
    assert_eq!(args, ["id: impl Display", "file: File"]);
    let setters: Vec<(&str, String)> = surface
        .setters
        .iter()
        .map(|s| (s.name.as_str(), s.param_type()))
        .collect();
    assert!(
        setters.contains(&("attachments", "Vec<File>".to_string())),
        "{setters:?}"
    );
    assert!(
        setters.contains(&("language", "impl Into<String>".to_string())),
        "{setters:?}"
    );
    assert!(
        setters.contains(&("body_id", "impl Into<String>".to_string())),
        "{setters:?}"
    );
    let clone = op(&g.api, "clones", "create_clone");
    let body = clone.body.as_ref().expect("body");
    assert_eq!(body.encoding, BodyEncoding::Multipart);
    assert!(matches!(
        g.api.types.get(body.ty.named().unwrap()),
        Some(TypeDef::Union(_))
    ));
    let cert = op(&g.api, "certificates", "put_certificate");
    assert!(!cert.body.as_ref().unwrap().required);
    let document = op(&g.api, "documents", "create_document");
    assert_eq!(document.body.as_ref().unwrap().encoding, BodyEncoding::Json);
    // A multipart body that is not an object is refused with its pointer.
    let spec = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /uploads:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: array, items: {type: string}}\n      responses:\n        '204': {description: ok}\n";
    let config = Config::parse("select:\n  all: true\n").unwrap();
    let g = codegen::generate(spec, &config, None).unwrap();
    let why = &g.diagnostics.skipped["POST /uploads"];
    assert!(
        why.contains("must be an object")
            && why.contains("/paths/~1uploads/post/requestBody/content/multipart~1form-data/schema"),
        "{why}"
    );
    // Per-part headers the client would not send: the operation is listed, not generated
    // without them.
    let spec = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /uploads:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}}}\n            encoding:\n              file: {headers: {X-Rate: {schema: {type: integer}}}}\n      responses:\n        '204': {description: ok}\n";
    let g = codegen::generate(spec, &config, None).unwrap();
    let why = &g.diagnostics.skipped["POST /uploads"];
    assert!(
        why.contains("headers of a multipart part")
            && why.contains("/paths/~1uploads/post/requestBody/content/multipart~1form-data/encoding/file/headers"),
        "{why}"
    );
}

/// Every fixture's output compiles next to the runtime (keywords, std names, recursion,
/// unions, bodies...): a snapshot proves the output is what it was, this that it builds.
#[test]
fn every_fixture_compiles() {
    const FIXTURES: &[(&str, &str)] = &[
        ("query_deep_object", "query"),
        ("query_brackets", "query"),
        ("query_flatten", "query_flatten"),
        ("query_required", "query_required"),
        ("nullable_31", "nullable"),
        ("nullable_30", "nullable"),
        ("one_of", "one_of"),
        ("enums", "enums"),
        ("keywords", "keywords"),
        ("response_refs", "response_refs"),
        ("all_of", "all_of"),
        ("recursive", "recursive"),
        ("std_names", "std_names"),
        ("bodies", "bodies"),
        ("builder_names", "builder_names"),
    ];
    let mut ws = workspace_tests::fixture_crates::Scratch::new("snapshot-fixtures");
    for (name, config) in FIXTURES {
        ws.host(name, &generate(name, config));
    }
    let failures: Vec<String> = FIXTURES
        .iter()
        .filter_map(|(name, _)| ws.check(&format!("host_{name}")).err().map(|e| format!("{name}:\n{e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "fixtures whose output does not compile:\n{}",
        failures.join("\n")
    );
}

/// Parameters and body members named after the request builder's own members and the
/// runtime's methods (`collect` of a paginated builder, `send`, `client`, `options`, `body`,
/// `q`, `self`, `type`), and model fields named after another's setter (`new` and `set_new`):
/// every builder method and setter has a name of its own (the output compiles:
/// `every_fixture_compiles`).
#[test]
fn builder_members_named_after_the_builders_own_get_names_of_their_own() {
    let g = fixture("builder_names", "builder_names");
    let list = g
        .surface
        .operation("things", "list_things")
        .expect("things.list_things");
    let mut methods: Vec<&str> = list.setters.iter().map(|s| s.name.as_str()).collect();
    // What the runtime gives every (paginated) builder.
    methods.extend([
        "send",
        "send_with_response",
        "header",
        "query_param",
        "timeout",
        "max_retries",
        "into_stream",
        "pages",
        "collect",
    ]);
    let unique: std::collections::BTreeSet<&str> = methods.iter().copied().collect();
    assert_eq!(
        unique.len(),
        methods.len(),
        "two builder methods share a name: {methods:?}"
    );
    let thing = &g.surface.types["Thing"];
    let setters: Vec<&str> = thing.members.iter().filter_map(|m| m.setter.as_deref()).collect();
    let unique: std::collections::BTreeSet<&str> = setters.iter().copied().collect();
    assert_eq!(
        unique.len(),
        setters.len(),
        "two setters of `Thing` share a name: {setters:?}"
    );
}
