//! The bad-spec corpus: broken or hostile specs (files in `tests/bad_specs/`, or built in
//! memory when they are large), each with the exact error the generator must give: its kind
//! and JSON pointer. Every case must return `Err` (no panic, no stack overflow), quickly, and
//! a failing generation must leave the generated folder untouched.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::{Config, Error, ErrorKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xtask::project;

/// The most any one case may take.
const LIMIT: Duration = Duration::from_secs(10);

/// Every operation, named from its tag (or first path segment) and operationId.
const ALL: &str = "select:\n  all: true\n";
/// Only `GET /x`, named in the config (so an error in it is fatal, not a skipped operation).
const GET_X: &str = "operations:\n  GET /x: x.get\n";
/// The operations of tag `foo`, named from their operationIds (not whole-spec mode, so a
/// collision is an error, not a skipped operation).
const TAG_FOO: &str = "select:\n  tags: [foo]\n";

/// One case: spec file, config text, expected kind and pointer.
struct Case {
    file: &'static str,
    config: &'static str,
    kind: ErrorKind,
    pointer: &'static str,
}

const fn case(file: &'static str, config: &'static str, kind: ErrorKind, pointer: &'static str) -> Case {
    Case {
        file,
        config,
        kind,
        pointer,
    }
}

/// The corpus. Pointers are RFC 6901 pointers into the spec, or `config:...` into the config.
fn cases() -> Vec<Case> {
    use ErrorKind::*;
    vec![
        case("invalid_yaml.yaml", ALL, Yaml, "/info"),
        case("not_openapi.yaml", ALL, InvalidDocument, ""),
        case("swagger2.yaml", ALL, InvalidDocument, ""),
        case("openapi4.yaml", ALL, InvalidDocument, "/openapi"),
        case(
            "ref_to_nothing.yaml",
            GET_X,
            UnresolvedRef,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "ref_external.yaml",
            GET_X,
            UnresolvedRef,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "ref_cycle_required.yaml",
            GET_X,
            RefCycle,
            "/components/schemas/B/properties/a",
        ),
        case(
            "ref_alias_cycle.yaml",
            GET_X,
            RefCycle,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case("name_collision.yaml", TAG_FOO, NameCollision, "/paths/~1foo~1other/get"),
        // Resource names from tags: at the tag of the later resource.
        case(
            "resource_collision_tag.yaml",
            ALL,
            NameCollision,
            "/paths/~1a/get/tags/0",
        ),
        case(
            "resource_operation_conflict.yaml",
            "select:\n  all: true\noperations:\n  GET /x/items/{id}: x.items.get\n",
            NameCollision,
            "/paths/~1x~1items/get",
        ),
        case(
            "space_delimited.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/parameters/0",
        ),
        case("pipe_delimited.yaml", GET_X, Unsupported, "/paths/~1x/get/parameters/1"),
        case(
            "path_param_not_in_template.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get",
        ),
        case("paths_not_map.yaml", ALL, InvalidDocument, "/paths"),
        case(
            "duplicate_query_param.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/2",
        ),
        case(
            "duplicate_bracket_param.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/1",
        ),
        case(
            "duplicate_bracket_param_reversed.yaml",
            GET_X,
            InvalidDocument,
            // The bracket parameter is the one reported, whatever the order in the list.
            "/paths/~1x/get/parameters/0",
        ),
        case(
            "duplicate_path_param.yaml",
            "operations:\n  GET /x/{id}: x.get\n",
            InvalidDocument,
            "/paths/~1x~1{id}/parameters/1",
        ),
        case(
            "schema_ref_to_parameter.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "ref_not_a_component.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "parameter_ref_cycle.yaml",
            GET_X,
            RefCycle,
            "/paths/~1x/get/parameters/0",
        ),
        // Reported at the use that cannot be resolved, like the parameter cycle.
        case(
            "response_ref_cycle.yaml",
            GET_X,
            RefCycle,
            "/paths/~1x/get/responses/200",
        ),
        case(
            "unbalanced_brackets.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/parameters/0",
        ),
        case(
            "required_cookie.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/parameters/0",
        ),
        case("operation_not_map.yaml", GET_X, InvalidDocument, "/paths/~1x/get"),
        // Where serde_yaml's limit on replaying aliases stops it.
        case("billion_laughs.yaml", ALL, Yaml, "/f/0/4/6/7/2"),
        case("merge_bomb.yaml", ALL, Yaml, "/f/<</1/<</7/<</3/<</0/<</4"),
        case("yaml_complex_key.yaml", ALL, Yaml, "/paths"),
        case(
            "yaml_custom_tag.yaml",
            ALL,
            Yaml,
            "/paths/~1x/get/responses/204/description",
        ),
        // YAML keys: a repeated key is an error at the mapping (the message names the key and
        // its line), also when the two spellings only become equal as JSON strings.
        case(
            "duplicate_key.yaml",
            ALL,
            Yaml,
            "/paths/~1x/get/responses/200/content/application~1json/schema/properties",
        ),
        case("duplicate_key_numeric.yaml", ALL, Yaml, "/paths/~1x/get/responses"),
        case("merge_key_not_map.yaml", ALL, Yaml, "/components/schemas/A/<</1"),
        case("merge_key_twice.yaml", ALL, Yaml, "/components/schemas/A"),
        // `allOf` parts no value satisfies together: at the later part (the message names the
        // property, if any, and both pointers).
        // More hostile or broken shapes (tests/bad_specs/README.md).
        case("allof_cycle.yaml", GET_X, RefCycle, "/components/schemas/B/allOf/0"),
        case("allof_self_part.yaml", GET_X, RefCycle, "/components/schemas/A"),
        // A list of itself: no type of its own for a `Box` to hold (it used to print a `Box`
        // of a type never defined, which did not compile).
        case(
            "ref_self_through_list.yaml",
            GET_X,
            RefCycle,
            "/components/schemas/Tree",
        ),
        case(
            "discriminator_mapping_to_nothing.yaml",
            GET_X,
            UnresolvedRef,
            "/paths/~1x/get/responses/200/content/application~1json/schema/discriminator/mapping/c",
        ),
        case(
            "numbers_without_json_form.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses",
        ),
        case(
            "parameter_empty_name.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/0",
        ),
        case(
            "path_template_broken.yaml",
            "operations:\n  GET /x/{}/{y: x.get\n",
            InvalidDocument,
            "/paths/~1x~1{}~1{y/get",
        ),
        case("path_without_slash.yaml", ALL, InvalidDocument, "/paths/x"),
        case(
            "path_literal_query.yaml",
            "operations:\n  GET /x?admin=true: x.get\n",
            InvalidDocument,
            "/paths/~1x?admin=true/get",
        ),
        case(
            "path_dot_segment.yaml",
            "operations:\n  GET /x/../admin/{id}: x.get\n",
            InvalidDocument,
            "/paths/~1x~1..~1admin~1{id}/get",
        ),
        case(
            "ref_not_string.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/200/content/application~1json/schema/properties/a/$ref",
        ),
        case(
            "ref_to_root.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "status_code_invalid.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/2OO",
        ),
        // Names the generated code already uses.
        case(
            "client_accessor_clash.yaml",
            ALL,
            NameCollision,
            "/paths/~1x/get/tags/0",
        ),
        case("resource_method_clash.yaml", ALL, NameCollision, "/paths/~1x/post"),
        // `Request` is the builders' generic type (`Request<P>`), in the resources' module.
        case(
            "resource_named_request.yaml",
            ALL,
            NameCollision,
            "/paths/~1x/get/tags/0",
        ),
        case("builder_name_collision.yaml", ALL, NameCollision, "/paths/~1two/get"),
        // Path items behind `$ref`.
        case("path_item_ref_to_nothing.yaml", ALL, UnresolvedRef, "/paths/~1x"),
        case("path_item_ref_cycle.yaml", ALL, RefCycle, "/paths/~1a"),
        case("path_item_ref_external.yaml", ALL, UnresolvedRef, "/paths/~1x"),
        // `false` schemas where a value is needed: at the schema, only where used.
        case(
            "boolean_schema_false_body.yaml",
            "operations:\n  POST /x: x.post\n",
            Unsupported,
            "/paths/~1x/post/requestBody/content/application~1json/schema",
        ),
        case(
            "boolean_schema_false_required.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/responses/200/content/application~1json/schema/properties/gone",
        ),
        case(
            "boolean_schema_false_ref.yaml",
            GET_X,
            Unsupported,
            "/components/schemas/Nothing",
        ),
        // Header parameters: RFC 9110 names only (every call would fail at send time, or,
        // with CR LF, try to inject a header); case-insensitive duplicates.
        case(
            "header_name_invalid.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/1",
        ),
        case(
            "header_name_injection.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/0",
        ),
        case(
            "header_twice_case.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/parameters/1",
        ),
        // Names that collide once recased.
        case(
            "header_rust_collision.yaml",
            GET_X,
            NameCollision,
            "/paths/~1x/get/parameters/1",
        ),
        case(
            "query_rust_collision.yaml",
            GET_X,
            NameCollision,
            "/paths/~1x/get/parameters/1",
        ),
        case(
            "path_param_rust_collision.yaml",
            "operations:\n  GET /x/{fooBar}/{foo_bar}: x.get\n",
            NameCollision,
            "/paths/~1x~1{fooBar}~1{foo_bar}/get",
        ),
        case(
            "allof_property_conflict.yaml",
            GET_X,
            InvalidDocument,
            "/components/schemas/Refined/allOf/1/properties/id",
        ),
        case(
            "allof_primitive_conflict.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/200/content/application~1json/schema/properties/code/allOf/1",
        ),
        case(
            "allof_enum_disjoint.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/200/content/application~1json/schema/allOf/1",
        ),
        case(
            "allof_format_conflict.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/200/content/application~1json/schema/allOf/1",
        ),
        case(
            "allof_nested_property_conflict.yaml",
            GET_X,
            InvalidDocument,
            "/paths/~1x/get/responses/200/content/application~1json/schema/allOf/1/properties/meta/properties/count",
        ),
        // Config problems.
        case(
            "valid.yaml",
            "operations:\n  GET /x: x.get\n  GET /nope: x.nope\n",
            InvalidConfig,
            "config:operations.GET /nope",
        ),
        case(
            "valid.yaml",
            "operations:\n  GET /x: x.get\ntype_names:\n  GET /x response.data: not_camel_case\n",
            InvalidConfig,
            "config:type_names.GET /x response.data",
        ),
        // A rename is keyed by a site, never by a generated name.
        case(
            "valid.yaml",
            "operations:\n  GET /x: x.get\ntype_names:\n  XGetResponse: Renamed\n",
            InvalidConfig,
            "config:type_names.XGetResponse",
        ),
    ]
}

fn read(file: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bad_specs").join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the whole pipeline on `spec`, timing it.
fn run(spec: &[u8], config: &str) -> (codegen::Result<codegen::Generated>, Duration) {
    let start = Instant::now();
    let out = Config::parse(config).and_then(|c| codegen::generate(spec, &c, None));
    (out, start.elapsed())
}

/// Checks that generation fails with exactly `kind` at `pointer`, within the time limit.
fn check_err(name: &str, spec: &[u8], config: &str, kind: ErrorKind, pointer: &str) -> Result<Error, String> {
    let (out, took) = run(spec, config);
    if took >= LIMIT {
        return Err(format!("{name}: took {took:?}"));
    }
    match out {
        Ok(g) => Err(format!(
            "{name}: generated {} operations (skipped: {:?}); expected {kind:?} at `{pointer}`",
            g.operation_count(),
            g.diagnostics.skipped
        )),
        Err(e) if (e.kind, e.pointer.as_str()) != (kind, pointer) => Err(format!(
            "{name}: expected {kind:?} at `{pointer}`, got {:?} at `{}`: {e}",
            e.kind, e.pointer
        )),
        Err(e) if e.message.is_empty() => Err(format!("{name}: empty message")),
        Err(e) => Ok(e),
    }
}

/// Asserts that generation fails with exactly `kind` at `pointer`, within the time limit.
fn expect_err(name: &str, spec: &[u8], config: &str, kind: ErrorKind, pointer: &str) -> Error {
    check_err(name, spec, config, kind, pointer).unwrap_or_else(|msg| panic!("{msg}"))
}

#[test]
fn corpus_gives_exact_errors() {
    let mut failures = Vec::new();
    for c in cases() {
        let spec = read(c.file);
        let name = format!("{} with config {:?}", c.file, c.config);
        if let Err(msg) = check_err(&name, &spec, c.config, c.kind, c.pointer) {
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_has_at_least_twenty_cases() {
    // Plus the in-memory ones below (too large, too deep, sha256 mismatch, bad config YAML).
    assert!(cases().len() >= 20);
}

#[test]
fn operation_errors_are_skipped_in_whole_spec_mode() {
    // Every corpus case whose config names the one operation it breaks (so the error is
    // fatal there): with `select: all` the same spec generates, and the operation is listed
    // as skipped with exactly that error (kind, message, pointer).
    let mut checked = 0;
    let mut failures = Vec::new();
    for c in cases() {
        if c.config.contains("select:") || c.pointer.starts_with("config:") {
            continue;
        }
        let config = Config::parse(c.config).unwrap();
        let [key] = config.operations.keys().collect::<Vec<_>>()[..] else {
            panic!("{}: the config names more than one operation", c.file)
        };
        let spec = read(c.file);
        let (named, _) = run(&spec, c.config);
        let Err(expected) = named else {
            panic!("{}: generated with {:?}", c.file, c.config)
        };
        let (out, took) = run(&spec, ALL);
        assert!(took < LIMIT);
        match out {
            Ok(g) if g.diagnostics.skipped.get(key.as_str()) == Some(&expected.to_string()) => checked += 1,
            Ok(g) => failures.push(format!(
                "{}: expected `{key}` skipped with `{expected}`, skipped: {:?}",
                c.file, g.diagnostics.skipped
            )),
            Err(e) => failures.push(format!("{}: the whole-spec run failed: {e}", c.file)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 20, "only {checked} cases checked");
}

/// A spec whose `GET /a` defines types (an inline enum, a component struct, an inline object
/// in its response) and then fails (a required property no value matches), and whose `GET /b`
/// wants the very names `GET /a`'s inline types get: `XGet` + `mode_status` and `XGet` +
/// `mode_response_detail` against `XGetMode` + `status` and `XGetModeResponse` + `detail`.
/// `with_a: false` is the same spec without `GET /a`.
fn skipped_operation_spec(with_a: bool) -> String {
    let a = r#"
  /a:
    get:
      tags: [x]
      operationId: get_mode
      parameters:
        - {name: status, in: query, schema: {type: string, enum: [fast, slow]}}
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/OnlyInA'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [zzz]
                properties:
                  detail: {type: object, properties: {note: {type: string}}}
                  zzz: false"#;
    let b = r#"
  /b:
    get:
      tags: [x]
      operationId: get
      parameters:
        - {name: mode_status, in: query, schema: {type: string, enum: [up, down]}}
        - {name: mode_response_detail, in: query, schema: {type: string, enum: [on_time, late]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}"#;
    format!(
        "openapi: 3.1.0\ninfo: {{title: a skipped operation, version: '1'}}\npaths:{}{b}\ncomponents:\n  schemas:\n    OnlyInA: {{type: object, properties: {{k: {{type: string}}}}}}\n",
        if with_a { a } else { "" }
    )
}

/// A component built while an operation failed can hold a `Box` of a component whose schema
/// failed (`A.b` of `B`, which fails on `bad`): a later operation using `A` builds it again
/// (and fails the same way), rather than reusing a type that refers to one never defined.
#[test]
fn a_component_built_by_a_skipped_operation_is_not_reused() {
    let spec = r#"
openapi: 3.0.3
info: {title: a cycle through a failing schema, version: '1'}
paths:
  /b:
    get:
      tags: [x]
      operationId: get_b
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
  /z:
    get:
      tags: [x]
      operationId: get_z
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
  /ok:
    get:
      tags: [x]
      operationId: get_ok
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {n: {type: integer}}}}}}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
        bad: {allOf: [{type: string}, {type: integer}]}
"#;
    let (out, _) = run(spec.as_bytes(), ALL);
    let g = out.unwrap_or_else(|e| panic!("whole-spec mode skips, it does not fail: {e}"));
    let skipped: Vec<&str> = g.diagnostics.skipped.keys().map(String::as_str).collect();
    assert_eq!(skipped, ["GET /b", "GET /z"], "{:?}", g.diagnostics.skipped);
    assert_eq!(g.operation_count(), 1);
    assert!(g.identifiers.id_of("A").is_none() && g.identifiers.id_of("B").is_none());
}

/// A skipped operation decides no name, also not by the order it defined types in: `Foo`'s
/// and `FooBar`'s inline objects both suggest `FooBarBaz`, and which one gets the plain name
/// must not depend on `GET /0`, which uses `Foo` first and is skipped.
#[test]
fn a_skipped_operation_does_not_decide_which_type_gets_a_name() {
    let spec = |with_skipped: bool| {
        let skipped = r#"
  /0:
    get:
      tags: [x]
      operationId: get_zero
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: '#/components/schemas/Foo'}
                  zzz: {allOf: [{type: string}, {type: integer}]}"#;
        format!(
            r#"
openapi: 3.0.3
info: {{title: a skipped operation defines types first, version: '1'}}
paths:{}
  /1:
    get:
      tags: [x]
      operationId: get_one
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/FooBar'}}}}}}}}
  /2:
    get:
      tags: [x]
      operationId: get_two
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Foo'}}}}}}}}
components:
  schemas:
    Foo:
      type: object
      properties:
        bar_baz: {{type: object, properties: {{x: {{type: string}}}}}}
    FooBar:
      type: object
      properties:
        baz: {{type: object, properties: {{y: {{type: string}}}}}}
"#,
            if with_skipped { skipped } else { "" }
        )
    };
    let generate = |with_skipped: bool| {
        let (out, _) = run(spec(with_skipped).as_bytes(), ALL);
        out.unwrap()
    };
    let (with, without) = (generate(true), generate(false));
    assert_eq!(with.diagnostics.skipped.keys().collect::<Vec<_>>(), ["GET /0"]);
    assert_eq!(with.names, without.names);
    assert_eq!(with.surface, without.surface);
    // `GET /1` is lowered first, so `FooBar.baz` has the plain name.
    assert_eq!(
        without.names.sites.get("FooBar.baz").map(String::as_str),
        Some("FooBarBaz")
    );
}

#[test]
fn a_skipped_operation_leaves_no_type_behind_and_takes_no_name() {
    let config = Config::parse(ALL).unwrap();
    // The same header in both, so that only the types can differ.
    let provenance = || codegen::emit::Provenance {
        commit: None,
        sha256: "0".repeat(64),
    };
    let generate = |spec: &str| {
        codegen::generate_with_provenance(
            spec.as_bytes(),
            &config,
            &codegen::naming::NamesLock::default(),
            provenance(),
        )
        .unwrap_or_else(|e| panic!("the whole-spec run failed: {e}"))
    };
    let with_a = generate(&skipped_operation_spec(true));
    let without_a = generate(&skipped_operation_spec(false));
    let skipped: Vec<(&str, &str)> = with_a
        .diagnostics
        .skipped
        .iter()
        .map(|(k, why)| (k.as_str(), why.as_str()))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].0, "GET /a");
    assert!(
        skipped[0]
            .1
            .ends_with("(at /paths/~1a/get/responses/200/content/application~1json/schema/properties/zzz)"),
        "{}",
        skipped[0].1
    );
    assert!(
        without_a.diagnostics.skipped.is_empty(),
        "{:?}",
        without_a.diagnostics.skipped
    );
    // `GET /b` has the names it would have alone, and nothing of `GET /a` is left.
    let types: Vec<&str> = with_a.identifiers.all().collect();
    assert_eq!(types, ["XGetModeResponseDetail", "XGetModeStatus", "XGetResponse"]);
    // (Identities differ: those `GET /a` used are gone; the types are the same.)
    assert_eq!(with_a.surface, without_a.surface);
    assert_eq!(with_a.names, without_a.names);
    assert_eq!(
        with_a.files.keys().collect::<Vec<_>>(),
        without_a.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &without_a.files {
        let other = &with_a.files[path];
        assert!(
            other == text,
            "{} differs with the skipped operation in the spec:\n{}",
            path.display(),
            similar::TextDiff::from_lines(text, other)
                .unified_diff()
                .context_radius(2)
        );
    }
}

#[test]
fn one_odd_operation_never_aborts_a_whole_spec_run() {
    let spec = read("whole_spec_odd_operations.yaml");
    let (out, took) = run(&spec, ALL);
    assert!(took < LIMIT);
    let g = out.unwrap_or_else(|e| panic!("the whole-spec run failed: {e}"));
    // Operations without an operationId are named from `METHOD /path`.
    let ops: Vec<(&str, &str)> = g.api.resources["things"]
        .operations
        .iter()
        .map(|(name, op)| (name.as_str(), op.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("get_things_by_id", "/things/{id}"),
            ("list_things", "/things"),
            ("post_things", "/things"),
        ]
    );
    assert_eq!(g.operation_count(), 3);
    // Every other one is listed with its reason and where, whichever stage found it.
    let skipped: Vec<(&str, &str)> = g
        .diagnostics
        .skipped
        .iter()
        .map(|(k, why)| (k.as_str(), why.as_str()))
        .collect();
    let expect = [
        (
            "GET /broken",
            "unresolved $ref",
            "(at /paths/~1broken/get/responses/200/content/application~1json/schema)",
        ),
        (
            "GET /params",
            "invalid OpenAPI document",
            "(at /paths/~1params/get/parameters)",
        ),
        (
            "GET /search",
            "query parameter `filter` is declared twice",
            "(at /paths/~1search/get/parameters/1)",
        ),
        (
            "GET /weird",
            "operation `GET /weird` is not a map",
            "(at /paths/~1weird/get)",
        ),
        (
            "POST /upload",
            "multipart",
            "(at /paths/~1upload/post/requestBody/content)",
        ),
    ];
    assert_eq!(skipped.len(), expect.len(), "{skipped:#?}");
    for ((key, why), (want_key, what, at)) in skipped.iter().zip(expect) {
        assert_eq!(*key, want_key);
        assert!(why.contains(what) && why.ends_with(at), "{key}: {why}");
    }
    // Not in whole-spec mode: the first odd operation is an error, as before.
    let (out, _) = run(&spec, "select:\n  path_prefixes: [/search]\n");
    let e = out.unwrap_err();
    assert_eq!(
        (e.kind, e.pointer.as_str()),
        (ErrorKind::InvalidDocument, "/paths/~1search/get/parameters/1")
    );
}

#[test]
fn a_missing_operation_id_is_named_from_method_and_path() {
    let (out, _) = run(&read("missing_operation_id.yaml"), ALL);
    let g = out.unwrap();
    let names: Vec<&str> = g.api.resources["x"].operations.keys().map(String::as_str).collect();
    assert_eq!(names, ["delete_x", "get_x"]);
    // The config still names it, if it wants another name.
    let (out, _) = run(
        &read("missing_operation_id.yaml"),
        "select:\n  all: true\noperations:\n  DELETE /x: x.remove\n",
    );
    let g = out.unwrap();
    let names: Vec<&str> = g.api.resources["x"].operations.keys().map(String::as_str).collect();
    assert_eq!(names, ["get_x", "remove"]);
}

#[test]
fn keyword_and_std_schema_names_generate() {
    let (out, took) = run(&read("keyword_schema_names.yaml"), GET_X);
    assert!(took < LIMIT);
    let g = out.unwrap_or_else(|e| panic!("keyword schema names must generate: {e}"));
    let names: Vec<&str> = g.identifiers.all().collect();
    assert_eq!(names, ["Crate", "Option", "Result", "Self_", "Type"]);
    let models = &g.files[Path::new("models.rs")];
    for item in [
        "pub struct Option {",
        "pub struct Result {",
        "pub struct Self_ {",
        "pub struct Type {",
        "pub enum Crate {",
    ] {
        assert!(models.contains(item), "{item} missing from:\n{models}");
    }
    // Field types are absolute paths: the spec's `Option` cannot shadow std's.
    assert!(
        models.contains("::std::option::Option<crate::models::Option>"),
        "{models}"
    );
    let Some(codegen::ir::TypeDef::Enum(_)) = g.type_def("Crate") else {
        panic!("Crate is not an enum")
    };
    let variants: Vec<&str> = g.surface.types["Crate"]
        .members
        .iter()
        .map(|v| v.rust_name.as_str())
        .collect();
    assert_eq!(variants, ["Self_", "Self_2", "Super"]);
}

#[test]
fn config_with_unknown_field_is_invalid() {
    for (text, pointer) in [
        ("selct:\n  all: true\n", "config:selct"),
        ("select:\n  everything: true\n", "config:select.everything"),
        ("resources:\n  x:\n    prefix: X\n", "config:resources.x.prefix"),
        ("operations: [GET /x]\n", "config:operations"),
        ("select: {all: true\n", "config:select.?"),
    ] {
        let start = Instant::now();
        let e = Config::parse(text).expect_err(text);
        assert!(start.elapsed() < LIMIT);
        assert_eq!(
            (e.kind, e.pointer.as_str()),
            (ErrorKind::InvalidConfig, pointer),
            "{text:?}: {e}"
        );
    }
    let e = Config::parse("operations:\n  GET /x: X.Get\n").unwrap_err();
    assert_eq!(
        (e.kind, e.pointer.as_str()),
        (ErrorKind::InvalidConfig, "config:operations.GET /x")
    );
    let e = Config::parse("operations:\n  /x: x.get\n").unwrap_err();
    assert_eq!(
        (e.kind, e.pointer.as_str()),
        (ErrorKind::InvalidConfig, "config:operations./x")
    );
}

/// A Rust keyword is not a method or resource name: the config names where it is, instead
/// of the emitter failing later with "invalid Rust" and no pointer.
#[test]
fn config_keyword_name_is_invalid() {
    for name in ["x.type", "type.get", "x.self", "x.async"] {
        let text = format!("operations:\n  GET /x: {name}\n");
        let e = Config::parse(&text).expect_err(&text);
        assert_eq!(
            (e.kind, e.pointer.as_str()),
            (ErrorKind::InvalidConfig, "config:operations.GET /x"),
            "{name}: {e}"
        );
        assert!(e.to_string().contains("keyword"), "{e}");
    }
}

#[test]
fn sha256_mismatch_names_both_hashes() {
    let spec = read("valid.yaml");
    let actual = codegen::sha256_hex(&spec);
    let pinned = "0".repeat(64);
    let lock = xtask::lock::SpecLock {
        repository: "team-telnyx/openapi".into(),
        path: "openapi/spec3.yml".into(),
        commit: "0123456789abcdef0123456789abcdef01234567".into(),
        url: "https://example.invalid/spec3.yml".into(),
        sha256: pinned.clone(),
    };
    let e = lock.verify(&spec, "valid.yaml").unwrap_err();
    assert_eq!((e.kind, e.pointer.as_str()), (ErrorKind::ShaMismatch, ""));
    assert!(e.message.contains(&actual), "{e}");
    assert!(e.message.contains(&pinned), "{e}");
    assert!(e.message.contains("valid.yaml"), "{e}");
    // The right hash passes, in either case.
    let ok = xtask::lock::SpecLock {
        sha256: actual.to_ascii_uppercase(),
        ..lock
    };
    ok.verify(&spec, "valid.yaml").unwrap();
}

#[test]
fn a_20_mb_spec_is_too_large() {
    let mut spec = b"openapi: 3.0.3\ninfo: {title: big, version: '1'}\npaths: {}\nx-padding: |\n".to_vec();
    let line = format!("  {}\n", "x".repeat(1021));
    while spec.len() < 20 * 1024 * 1024 {
        spec.extend_from_slice(line.as_bytes());
    }
    let e = expect_err("20 MB", &spec, ALL, ErrorKind::TooLarge, "");
    assert!(e.message.contains(&spec.len().to_string()), "{e}");
}

/// A spec whose one response schema nests `levels` objects: `properties: {a: {...}}`.
fn nested_spec(levels: usize) -> Vec<u8> {
    let mut schema = String::from("{type: string}");
    for _ in 0..levels {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: deep, version: '1'}}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
    .into_bytes()
}

#[test]
fn deeply_nested_schemas_are_too_deep() {
    // The generator's limit is checked while the YAML is read, so it applies (with the
    // pointer of the first node too deep, in document order) before the parser's own limit of
    // 128 levels, and before anything walks the value.
    for levels in [55, 200] {
        let spec = nested_spec(levels);
        let mut pointer = String::from("/paths/~1x/get/responses/200/content/application~1json/schema");
        while pointer.split('/').count() - 1 <= codegen::load::MAX_DEPTH {
            pointer.push_str("/properties/a");
        }
        // The first node deeper than the limit: `a`, or, one level up, the schema's first key
        // in the file (`type`, which comes before `properties`).
        let depth = pointer.split('/').count() - 1;
        if depth > codegen::load::MAX_DEPTH + 1 {
            pointer.truncate(pointer.rfind('/').unwrap());
            pointer.truncate(pointer.rfind('/').unwrap());
            pointer.push_str("/type");
        }
        let e = expect_err(&format!("{levels} levels"), &spec, ALL, ErrorKind::TooDeep, &pointer);
        assert!(e.message.contains("line 12"), "{e}");
    }
    // And a 10000-level JSON document, which would overflow a naive recursive parser.
    let mut json = String::from("openapi: 3.0.3\nx: ");
    json.push_str(&"[".repeat(10_000));
    json.push_str(&"]".repeat(10_000));
    let pointer = format!("/x{}", "/0".repeat(codegen::load::MAX_DEPTH));
    expect_err("10000 levels", json.as_bytes(), ALL, ErrorKind::TooDeep, &pointer);
}

#[test]
fn long_ref_chains_are_too_deep() {
    // 100 components, each holding the next: the document is shallow, the types are not.
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: chain, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..100 {
        spec.push_str(&format!(
            "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
            i + 1
        ));
    }
    spec.push_str("    S100: {type: string}\n");
    let (out, took) = run(spec.as_bytes(), GET_X);
    assert!(took < LIMIT);
    let e = out.expect_err("a 100-step chain of required-free refs");
    assert_eq!(e.kind, ErrorKind::TooDeep, "{e}");
    assert!(e.pointer.starts_with("/components/schemas/S"), "{e}");
}

#[test]
fn a_failing_generation_leaves_the_generated_folder_untouched() {
    let dir = std::env::temp_dir().join(format!(
        "bad-specs-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    // A generated folder as the real one looks: some files, one in a subfolder.
    let before: BTreeMap<PathBuf, String> = [
        ("mod.rs", "// previous mod.rs\n"),
        ("models.rs", "// previous models\npub struct Old;\n"),
        ("resources/mod.rs", "// previous resources\n"),
        ("resources/old.rs", "// a resource no longer generated\n"),
    ]
    .into_iter()
    .map(|(p, t)| (PathBuf::from(p), t.to_string()))
    .collect();
    for (p, t) in &before {
        let full = dir.join(p);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, t).unwrap();
    }
    let snapshot = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.insert(
                        path.strip_prefix(dir).unwrap().to_path_buf(),
                        std::fs::read(&path).unwrap(),
                    );
                }
            }
        }
        out
    };
    let original = snapshot(&dir);
    // The xtask's flow: generate fully in memory, write only on success.
    let flow = |spec: &[u8], config: &str| -> codegen::Result<project::WriteReport> {
        let config = Config::parse(config)?;
        let generated = codegen::generate(spec, &config, None)?;
        project::write(&dir, &generated.files)
    };
    // Failures at every stage: parse, select, slice, build (late, after types were built).
    for (file, config) in [
        ("invalid_yaml.yaml", ALL),
        ("valid.yaml", "operations:\n  GET /nope: x.nope\n"),
        ("ref_to_nothing.yaml", GET_X),
        ("ref_cycle_required.yaml", GET_X),
        ("name_collision.yaml", TAG_FOO),
        (
            "valid.yaml",
            "operations:\n  GET /x: x.get\ntype_names:\n  GET /x response.data: Bad_Name\n",
        ),
    ] {
        let out = flow(&read(file), config);
        assert!(out.is_err(), "{file} must fail");
        assert_eq!(snapshot(&dir), original, "{file}: the generated folder changed");
    }
    // A successful generation does write (and deletes the stale resource file).
    let report = flow(&read("valid.yaml"), GET_X).unwrap();
    assert!(!report.written.is_empty());
    assert_eq!(report.deleted, [PathBuf::from("resources/old.rs")]);
    assert_ne!(snapshot(&dir), original);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn duplicate_keys_name_the_key_and_the_line() {
    let e = expect_err(
        "duplicate key",
        &read("duplicate_key.yaml"),
        ALL,
        ErrorKind::Yaml,
        "/paths/~1x/get/responses/200/content/application~1json/schema/properties",
    );
    assert!(e.message.contains("duplicate key `id`"), "{e}");
    // The line of the second `id`.
    assert!(e.message.contains("line 17"), "{e}");
    // In the config too: the second name of an operation would silently win.
    let e = Config::parse("operations:\n  GET /x: x.get\n  GET /x: x.other\n").unwrap_err();
    assert_eq!(
        (e.kind, e.pointer.as_str()),
        (ErrorKind::InvalidConfig, "config:operations"),
        "{e}"
    );
    assert!(e.message.contains("`GET /x`"), "{e}");
}

#[test]
fn merge_keys_are_applied_as_yaml_1_1_says() {
    // The merged document is exactly the expanded one: explicit keys win wherever the `<<`
    // stands, and an earlier source of a merge list wins over a later one.
    let merged = codegen::load::parse(&read("merge_keys.yaml")).unwrap();
    let expanded = codegen::load::parse(&read("merge_keys_expanded.yaml")).unwrap();
    assert_eq!(merged["components"], expanded["components"]);
    // And the merged properties are typed, not `serde_json::Value`.
    let (out, _) = run(&read("merge_keys.yaml"), GET_X);
    let g = out.unwrap();
    let Some(codegen::ir::TypeDef::Struct(thing)) = g.type_def("Thing") else {
        panic!("Thing is not a struct: {:?}", g.api.types)
    };
    let fields: Vec<(&str, &codegen::ir::TypeRef, bool)> = thing
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty, f.required))
        .collect();
    use codegen::ir::TypeRef;
    assert_eq!(
        fields,
        [
            ("created_at", &TypeRef::DateTime, false),
            ("created_by", &TypeRef::String, false),
            ("id", &TypeRef::Uuid, true),
            ("updated_at", &TypeRef::Boolean, false),
        ]
    );
    assert_eq!(thing.doc, ["explicit wins"]);
}

#[test]
fn conflicting_allof_properties_name_the_property_and_both_pointers() {
    let e = expect_err(
        "allOf property conflict",
        &read("allof_property_conflict.yaml"),
        GET_X,
        ErrorKind::InvalidDocument,
        "/components/schemas/Refined/allOf/1/properties/id",
    );
    assert!(e.message.contains("property `id`"), "{e}");
    assert!(
        e.message
            .contains("an integer (at /components/schemas/Base/properties/id)"),
        "{e}"
    );
    assert!(
        e.message
            .contains("a string (at /components/schemas/Refined/allOf/1/properties/id)"),
        "{e}"
    );
    let e = expect_err(
        "allOf primitive conflict",
        &read("allof_primitive_conflict.yaml"),
        GET_X,
        ErrorKind::InvalidDocument,
        "/paths/~1x/get/responses/200/content/application~1json/schema/properties/code/allOf/1",
    );
    assert!(e.message.contains("a string (at "), "{e}");
    assert!(e.message.contains("an integer (at "), "{e}");
}

#[test]
fn compatible_allof_parts_merge_into_one_type() {
    use codegen::ir::{TypeDef, TypeRef};
    let (out, _) = run(&read("allof_merges.yaml"), GET_X);
    let g = out.unwrap();
    let field = |ty: &str, wire: &str| -> codegen::ir::Field {
        let Some(TypeDef::Struct(s)) = g.type_def(ty) else {
            panic!("{ty} is not a struct: {:#?}", g.api.types)
        };
        s.fields
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("{ty} has no `{wire}`: {s:#?}"))
            .clone()
    };
    let named = |n: &str| TypeRef::Named(g.identifiers.id_of(n).unwrap_or_else(|| panic!("no type `{n}`")));
    let id = field("Thing", "id");
    assert_eq!((&id.ty, id.required), (&TypeRef::Integer, true));
    assert_eq!(id.doc, ["the id of a thing"]);
    assert_eq!(field("Thing", "label").ty, TypeRef::String);
    assert_eq!(field("Thing", "short").ty, TypeRef::String);
    assert_eq!(field("Thing", "amount").ty, TypeRef::Integer);
    assert_eq!(field("Thing", "pet").ty, named("Pet"));
    assert_eq!(field("Thing", "tags").ty, TypeRef::Vec(Box::new(TypeRef::String)));
    // The two declarations of `meta` merge member by member.
    assert_eq!(field("Thing", "meta").ty, named("ThingMeta"));
    assert_eq!(field("ThingMeta", "count").ty, TypeRef::Integer);
    assert_eq!(field("ThingMeta", "total").ty, TypeRef::Integer);
    // The enums intersect.
    assert_eq!(field("Thing", "size").ty, named("ThingSize"));
    let Some(TypeDef::Enum(size)) = g.type_def("ThingSize") else {
        panic!()
    };
    let values: Vec<&str> = size.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(values, ["m", "l"]);
    // A reference with more required members is its own struct.
    assert_eq!(field("Thing", "named_pet").ty, named("ThingNamedPet"));
    let name = field("ThingNamedPet", "name");
    assert_eq!((&name.ty, name.required), (&TypeRef::String, true));
}

#[test]
fn headers_openapi_ignores_are_ignored_and_builder_fields_are_not_shadowed() {
    let (out, _) = run(
        &read("reserved_headers_and_names.yaml"),
        "operations:\n  GET /x/{client}: x.get\n",
    );
    let g = out.unwrap();
    let op = &g.api.resources["x"].operations["get"];
    // `Authorization`, `Accept` and `Content-Type` parameters "SHALL be ignored" (OpenAPI
    // 3.0 and 3.1): the client sets them (a required `Authorization` argument would replace
    // the API key).
    let headers: Vec<&str> = op.headers.iter().map(|h| h.wire_name.as_str()).collect();
    assert_eq!(headers, ["X-Trace"]);
    // A path parameter called like a field every builder has gets a suffix; the query
    // parameter `options` (a builder method) too.
    let path: Vec<(&str, &str)> = op
        .path_params
        .iter()
        .map(|p| (p.rust_name.as_str(), p.wire_name.as_str()))
        .collect();
    assert_eq!(path, [("client_param", "client")]);
    let query: Vec<&str> = op.query.iter().map(|q| q.rust_name.as_str()).collect();
    assert_eq!(query, ["options_param"]);
    // The generated request still uses the wire names.
    let all: String = g.files.values().cloned().collect();
    assert!(all.contains("\"X-Trace\""), "{all}");
    assert!(!all.contains("\"Authorization\""), "{all}");
}

#[test]
fn path_items_behind_refs_are_followed() {
    let config = "operations:\n  GET /things: things.list\n  GET /things/{id}: things.get\n  GET /legacy/things: things.list_legacy\n";
    let (out, _) = run(&read("path_item_refs.yaml"), config);
    let g = out.unwrap_or_else(|e| panic!("path item $refs must resolve: {e}"));
    let ops = &g.api.resources["things"].operations;
    let keys: Vec<(&str, &str, &str)> = ops
        .iter()
        .map(|(name, op)| (name.as_str(), op.http_method.as_str(), op.path.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("get", "GET", "/things/{id}"),
            ("list", "GET", "/things"),
            ("list_legacy", "GET", "/legacy/things"),
        ]
    );
    // The path-level parameter of the referenced item is the operation's.
    assert_eq!(ops["get"].path_params[0].wire_name, "id");
    // The slice inlines the referenced items (a mock server reads it without following
    // them), with the members next to the `$ref` winning.
    let slice = codegen::slice_spec(&read("path_item_refs.yaml"), &Config::parse(config).unwrap()).unwrap();
    let item = &slice["paths"]["/things/{id}"];
    assert!(item.get("$ref").is_none(), "{item}");
    assert_eq!(item["summary"], "members next to the $ref win");
    assert_eq!(item["get"]["operationId"], "getThing");
    assert!(slice["components"]["schemas"].get("Thing").is_some(), "{slice}");
}

#[test]
fn boolean_schemas_are_any_value_or_left_out() {
    use codegen::ir::{TypeDef, TypeRef};
    let (out, _) = run(&read("boolean_schemas.yaml"), GET_X);
    let g = out.unwrap_or_else(|e| panic!("boolean schemas must generate: {e}"));
    let Some(TypeDef::Struct(thing)) = g.type_def("Thing") else {
        panic!("{:#?}", g.api.types)
    };
    let fields: Vec<(&str, &TypeRef)> = thing.fields.iter().map(|f| (f.wire_name.as_str(), &f.ty)).collect();
    assert_eq!(
        fields,
        [
            ("also_any", &TypeRef::Json),
            ("free", &TypeRef::Json),
            ("id", &TypeRef::String),
            ("label", &TypeRef::String),
            ("list", &TypeRef::Vec(Box::new(TypeRef::Json))),
            ("name", &TypeRef::String),
            ("payload", &TypeRef::Json),
        ]
    );
}

#[test]
fn name_collisions_name_the_operations_and_where_their_names_come_from() {
    let e = expect_err(
        "resources from tags",
        &read("resource_collision_tag.yaml"),
        ALL,
        ErrorKind::NameCollision,
        "/paths/~1a/get/tags/0",
    );
    for part in ["`GET /a`", "tag `foo bar 2`", "`GET /b`", "tag `foo_bar2`", "`FooBar2`"] {
        assert!(e.message.contains(part), "{part} missing: {e}");
    }
    let e = expect_err(
        "operation and resource",
        &read("resource_operation_conflict.yaml"),
        "select:\n  all: true\noperations:\n  GET /x/items/{id}: x.items.get\n",
        ErrorKind::NameCollision,
        "/paths/~1x~1items/get",
    );
    for part in [
        "`x.items`",
        "`GET /x/items`",
        "tag `x`",
        "`GET /x/items/{id}`",
        "named `x.items.get` in the config",
    ] {
        assert!(e.message.contains(part), "{part} missing: {e}");
    }
    let e = expect_err(
        "operations",
        &read("name_collision.yaml"),
        TAG_FOO,
        ErrorKind::NameCollision,
        "/paths/~1foo~1other/get",
    );
    for part in [
        "`GET /foo`",
        "operationId `getFoo`",
        "`GET /foo/other`",
        "operationId `get_foo`",
    ] {
        assert!(e.message.contains(part), "{part} missing: {e}");
    }
}

/// Whether `s` is a Rust identifier as the generator writes them (ASCII, not a keyword
/// unless raw-escaped by a trailing `_`).
fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !codegen::names::is_keyword(s)
        && s != "_"
}

#[test]
fn hostile_names_become_distinct_identifiers_and_keep_their_wire_names() {
    use codegen::ir::TypeDef;
    let spec = read("hostile_names.yaml");
    let (out, took) = run(&spec, ALL);
    assert!(took < LIMIT);
    let g = out.unwrap_or_else(|e| panic!("hostile names must generate: {e}"));
    // Components that recase alike: sorted original names decide, never file order.
    let names: Vec<&str> = g.identifiers.all().collect();
    assert_eq!(names, ["FooBar", "FooBar2", "FooMinusBar"]);
    let doc = codegen::load::parse(&spec).unwrap();
    let Some(TypeDef::Struct(s)) = g.type_def("FooBar") else {
        panic!()
    };
    let mut wire: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let mut expected: Vec<&str> = doc["components"]["schemas"]["FooBar"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    wire.sort();
    expected.sort();
    assert_eq!(wire, expected, "every property is kept, with its exact wire name");
    let rust: std::collections::BTreeSet<&str> = s.fields.iter().map(|f| f.rust_name.as_str()).collect();
    assert_eq!(rust.len(), s.fields.len(), "field names are distinct: {rust:?}");
    for f in &s.fields {
        assert!(is_ident(&f.rust_name), "{:?} for {:?}", f.rust_name, f.wire_name);
    }
    let Some(TypeDef::Enum(_)) = g.type_def("FooMinusBar") else {
        panic!()
    };
    let members = &g.surface.types["FooMinusBar"].members;
    let variants: std::collections::BTreeSet<&str> = members.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants.len(), 15, "{variants:?}");
    assert!(
        !variants.contains("Unknown"),
        "`Unknown` is the open enum's own variant"
    );
    for v in members {
        assert!(v.rust_name.starts_with(|c: char| c.is_ascii_uppercase()), "{v:?}");
        assert!(is_ident(&v.rust_name), "{v:?}");
    }
    // The operation: resource from a path-traversal tag, method from the path (its
    // operationId has no ASCII letter), parameters with their wire names.
    let r = &g.api.resources["etc_passwd"];
    let (name, op) = r.operations.iter().next().unwrap();
    assert_eq!(name, "post_things_by_value_by_a_b");
    let path: Vec<&str> = op.path_params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(path, ["名前", "a-b"]);
    let mut builder_names: Vec<&str> = op
        .path_params
        .iter()
        .map(|p| p.rust_name.as_str())
        .chain(op.query.iter().map(|q| q.rust_name.as_str()))
        .chain(op.headers.iter().map(|h| h.rust_name.as_str()))
        .collect();
    assert!(builder_names.iter().all(|n| is_ident(n)), "{builder_names:?}");
    builder_names.sort();
    builder_names.dedup();
    assert_eq!(builder_names.len(), 5, "{builder_names:?}");
    assert_eq!(op.headers[0].wire_name, "~!#$%&'*+-.^_`|");
    // No file is named after the tag's path.
    for path in g.files.keys() {
        assert!(!path.to_string_lossy().contains(".."), "{}", path.display());
    }
}

/// A spec of `n` operations all returning one component with `4n` string properties and an
/// enum of `16n` values.
fn huge_spec(n: usize) -> String {
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: big, version: '1'}\npaths:\n");
    for i in 0..n {
        spec.push_str(&format!(
            "  /op{i}:\n    get:\n      operationId: op{i}\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Big'}}}}}}}}}}\n"
        ));
    }
    spec.push_str("components:\n  schemas:\n    Big:\n      type: object\n      properties:\n");
    for i in 0..4 * n {
        spec.push_str(&format!("        p{i}: {{type: string}}\n"));
    }
    spec.push_str("        e:\n          type: string\n          enum:\n");
    for i in 0..16 * n {
        spec.push_str(&format!("          - v-{i}\n"));
    }
    spec
}

#[test]
fn huge_specs_stay_fast() {
    // 300 operations, 1200 properties, 4800 enum values, and twice that: the generator's time
    // must grow linearly (the enum used to take seconds alone, a quadratic duplicate check).
    // Measured side by side in this run, best of two each, so the ratio does not depend on
    // how fast or how loaded the machine is; linear work doubles, quadratic work quadruples.
    let best = |spec: &str| {
        (0..2)
            .map(|_| {
                let (out, took) = run(spec.as_bytes(), ALL);
                (out.unwrap(), took)
            })
            .min_by_key(|(_, took)| *took)
            .unwrap()
    };
    let (small, t_small) = best(&huge_spec(300));
    let (g, t_large) = best(&huge_spec(600));
    assert_eq!(small.operation_count(), 300);
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
    assert!(
        ratio < 3.0,
        "doubling the spec took {ratio:.2}x the time ({t_small:?} -> {t_large:?}): superlinear"
    );
    eprintln!("doubling the spec: {ratio:.2}x the time ({t_small:?} -> {t_large:?})");
    // And the big one lost nothing: every operation, every enum value.
    assert_eq!(g.operation_count(), 600);
    let Some(codegen::ir::TypeDef::Enum(e)) = g.type_def("BigE") else {
        panic!()
    };
    assert_eq!(e.variants.len(), 9600);
}

#[test]
fn odd_but_valid_shapes_generate_without_losing_values() {
    use codegen::ir::{Response, TypeDef, TypeRef};
    // A percent-encoded `$ref` (a fragment is part of a URI) names the decoded key.
    let (out, _) = run(&read("ref_percent_encoded.yaml"), GET_X);
    let g = out.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        g.api.resources["x"].operations["get"].response,
        Response::Json(TypeRef::String)
    );
    // Enums the generator has no Rust enum for keep every value as JSON.
    let (out, _) = run(&read("enum_odd_values.yaml"), GET_X);
    let g = out.unwrap_or_else(|e| panic!("{e}"));
    let Some(TypeDef::Struct(s)) = g.type_def("XGetResponse") else {
        panic!()
    };
    let fields: Vec<(&str, &TypeRef)> = s.fields.iter().map(|f| (f.wire_name.as_str(), &f.ty)).collect();
    assert_eq!(
        fields,
        [
            ("mixed", &TypeRef::Json),
            ("numbers", &TypeRef::Integer),
            ("only_null", &TypeRef::Json),
        ]
    );
}

/// Two operations of tag `x` with one operationId: `GET /a` (first in key order) and `GET /b`;
/// `a_fails` makes `GET /a` one the generator cannot build.
fn same_name_spec(a_fails: bool) -> String {
    let a_schema = if a_fails {
        "{type: object, required: [zzz], properties: {zzz: false}}"
    } else {
        "{type: object, properties: {a: {type: string}}}"
    };
    format!(
        "openapi: 3.1.0\ninfo: {{title: one name, version: '1'}}\npaths:\n  /a:\n    get:\n      tags: [x]\n      operationId: get_thing\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {a_schema}}}}}}}\n  /b:\n    get:\n      tags: [x]\n      operationId: get_thing\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{b: {{type: string}}}}}}}}}}}}\n"
    )
}

#[test]
fn in_whole_spec_mode_a_name_collision_skips_one_operation_and_a_skipped_one_holds_no_name() {
    let config = Config::parse(ALL).unwrap();
    let generate = |spec: String| {
        codegen::generate(spec.as_bytes(), &config, None).unwrap_or_else(|e| panic!("the whole-spec run failed: {e}"))
    };
    // `GET /a` cannot be built: it is skipped, and `GET /b` gets the method name.
    let g = generate(same_name_spec(true));
    assert_eq!(
        g.diagnostics.skipped.keys().collect::<Vec<_>>(),
        ["GET /a"],
        "{:?}",
        g.diagnostics.skipped
    );
    let op = &g.api.resources["x"].operations["get_thing"];
    assert_eq!(op.path, "/b");
    // Both can be built: the second is skipped with the collision, naming both; the run goes on.
    let g = generate(same_name_spec(false));
    assert_eq!(g.api.resources["x"].operations["get_thing"].path, "/a");
    let why = &g.diagnostics.skipped["GET /b"];
    assert!(
        why.contains("GET /a") && why.contains("GET /b") && why.contains("`x.get_thing`"),
        "{why}"
    );
    // With the operations named in the config, a collision is still an error.
    let named = Config::parse("operations:\n  GET /a: x.get_thing\n  GET /b: x.get_thing\n").unwrap();
    let err = codegen::generate(same_name_spec(false).as_bytes(), &named, None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NameCollision, "{err}");
}
