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
/// Only `GET /x`, named in the config (so `Unsupported` is an error, not a skipped operation).
const GET_X: &str = "operations:\n  GET /x: x.get\n";

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
        case("invalid_yaml.yaml", ALL, Yaml, ""),
        case("not_openapi.yaml", ALL, InvalidDocument, ""),
        case("swagger2.yaml", ALL, InvalidDocument, ""),
        case("openapi4.yaml", ALL, InvalidDocument, "/openapi"),
        case(
            "ref_to_nothing.yaml",
            ALL,
            UnresolvedRef,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "ref_external.yaml",
            ALL,
            UnresolvedRef,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "ref_cycle_required.yaml",
            ALL,
            RefCycle,
            "/components/schemas/B/properties/a",
        ),
        case(
            "ref_alias_cycle.yaml",
            ALL,
            RefCycle,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case(
            "missing_operation_id.yaml",
            ALL,
            MissingOperationId,
            "/paths/~1x/delete",
        ),
        case("name_collision.yaml", ALL, NameCollision, "/paths/~1foo~1other/get"),
        case(
            "space_delimited.yaml",
            GET_X,
            Unsupported,
            "/paths/~1x/get/parameters/0",
        ),
        case("pipe_delimited.yaml", GET_X, Unsupported, "/paths/~1x/get/parameters/1"),
        case(
            "path_param_not_in_template.yaml",
            ALL,
            InvalidDocument,
            "/paths/~1x/get",
        ),
        case("paths_not_map.yaml", ALL, InvalidDocument, "/paths"),
        case(
            "duplicate_query_param.yaml",
            ALL,
            InvalidDocument,
            "/paths/~1x/get/parameters/2",
        ),
        case(
            "duplicate_bracket_param.yaml",
            ALL,
            InvalidDocument,
            "/paths/~1x/get/parameters/1",
        ),
        case(
            "duplicate_bracket_param_reversed.yaml",
            ALL,
            InvalidDocument,
            // The bracket parameter is the one reported, whatever the order in the list.
            "/paths/~1x/get/parameters/0",
        ),
        case(
            "duplicate_path_param.yaml",
            ALL,
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
            ALL,
            Unsupported,
            "/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        case("parameter_ref_cycle.yaml", ALL, RefCycle, "/paths/~1x/get/parameters/0"),
        // Reported at the use that cannot be resolved, like the parameter cycle.
        case("response_ref_cycle.yaml", ALL, RefCycle, "/paths/~1x/get/responses/200"),
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
        case("operation_not_map.yaml", ALL, InvalidDocument, "/paths/~1x/get"),
        case("billion_laughs.yaml", ALL, Yaml, ""),
        // Config problems.
        case(
            "valid.yaml",
            "operations:\n  GET /x: x.get\n  GET /nope: x.nope\n",
            InvalidConfig,
            "config:operations.GET /nope",
        ),
        case(
            "valid.yaml",
            "operations:\n  GET /x: x.get\ntype_names:\n  XGetResponse: not_camel_case\n",
            NameCollision,
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
            g.api.skipped
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
fn unsupported_operations_are_skipped_in_whole_spec_mode() {
    // With `select: all`, an operation we cannot express is listed, not fatal.
    let (out, _) = run(&read("pipe_delimited.yaml"), ALL);
    let g = out.unwrap();
    assert_eq!(g.operation_count(), 0);
    let reason = &g.api.skipped["GET /x"];
    assert!(reason.contains("delimited"), "{reason}");
}

#[test]
fn message_of_a_missing_operation_id_names_the_operation() {
    let e = expect_err(
        "missing operationId",
        &read("missing_operation_id.yaml"),
        ALL,
        ErrorKind::MissingOperationId,
        "/paths/~1x/delete",
    );
    assert!(e.message.contains("DELETE /x"), "{e}");
    // Naming it in the config fixes it.
    let (out, _) = run(
        &read("missing_operation_id.yaml"),
        "select:\n  all: true\noperations:\n  DELETE /x: x.delete\n",
    );
    assert_eq!(out.unwrap().operation_count(), 2);
}

#[test]
fn keyword_and_std_schema_names_generate() {
    let (out, took) = run(&read("keyword_schema_names.yaml"), GET_X);
    assert!(took < LIMIT);
    let g = out.unwrap_or_else(|e| panic!("keyword schema names must generate: {e}"));
    let names: Vec<&str> = g.api.types.keys().map(String::as_str).collect();
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
    let codegen::ir::TypeDef::Enum(e) = &g.api.types["Crate"] else {
        panic!("Crate is not an enum")
    };
    let variants: Vec<&str> = e.variants.iter().map(|v| v.rust_name.as_str()).collect();
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
    // 200 levels of `properties: {a: ...}` (400 levels of maps): the YAML parser's own limit.
    let spec = nested_spec(200);
    let e = expect_err("200 levels", &spec, ALL, ErrorKind::TooDeep, "");
    assert!(!e.message.is_empty());
    // 55 levels parse, but nest deeper than the generator's document limit.
    let spec = nested_spec(55);
    let mut pointer = String::from("/paths/~1x/get/responses/200/content/application~1json/schema");
    while pointer.split('/').count() - 1 <= codegen::load::MAX_DEPTH {
        pointer.push_str("/properties/a");
    }
    // The first node deeper than the limit.
    let depth = pointer.split('/').count() - 1;
    if depth > codegen::load::MAX_DEPTH + 1 {
        pointer.truncate(pointer.rfind('/').unwrap());
    }
    expect_err("55 levels", &spec, ALL, ErrorKind::TooDeep, &pointer);
    // And a 10000-level JSON document, which would overflow a naive recursive parser.
    let mut json = String::from("openapi: 3.0.3\nx: ");
    json.push_str(&"[".repeat(10_000));
    json.push_str(&"]".repeat(10_000));
    expect_err("10000 levels", json.as_bytes(), ALL, ErrorKind::TooDeep, "");
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
    let (out, took) = run(spec.as_bytes(), ALL);
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
        ("ref_to_nothing.yaml", ALL),
        ("ref_cycle_required.yaml", ALL),
        ("name_collision.yaml", ALL),
        (
            "valid.yaml",
            "operations:\n  GET /x: x.get\ntype_names:\n  XGetResponse: Bad_Name\n",
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
