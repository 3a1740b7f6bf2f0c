//! The generator on arbitrary input: random bytes, random YAML/JSON documents shaped like
//! OpenAPI, and random mutations of the real spec slice never make `codegen::generate`
//! panic (or hang); they give files or an `Error`. Case counts are modest so CI stays fast
//! (`PROPTEST_CASES=N` raises them locally).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::Config;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};
use std::time::{Duration, Instant};

/// The most one generation may take (debug build, shared CI cores).
const LIMIT: Duration = Duration::from_secs(20);

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn all() -> Config {
    Config::parse("select:\n  all: true\n").unwrap()
}

/// Generates; an `Err` is fine, a panic fails the case (and proptest shrinks it).
fn generate_ok(spec: &[u8], config: &Config) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(|| codegen::generate(spec, config, Some("0")).map(|g| g.files.len()));
    let elapsed = started.elapsed();
    match outcome {
        Ok(Ok(_)) | Ok(Err(_)) => {}
        Err(_) => {
            return Err(TestCaseError::fail(format!(
                "generate panicked on:\n{}",
                String::from_utf8_lossy(spec)
            )));
        }
    }
    prop_assert!(
        elapsed < LIMIT,
        "took {:?} on:\n{}",
        elapsed,
        String::from_utf8_lossy(spec)
    );
    Ok(())
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            "A", "B", "Thing", "type", "self", "Option", "a_b", "Ü", "1x", "", "$ref"
        ])
        .prop_map(str::to_string),
        "[a-zA-Z_][a-zA-Z0-9_ .-]{0,8}",
    ]
    .boxed()
}

/// A schema: types (3.0 and 3.1 forms), formats, enums, refs (resolving or not, cycles
/// allowed), composition, nullability.
fn schema() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            json!({"type": "string"}),
            json!({"type": "string", "format": "date-time"}),
            json!({"type": "string", "format": "uuid"}),
            json!({"type": "string", "format": "date"}),
            json!({"type": "string", "format": "binary"}),
            json!({"type": "integer"}),
            json!({"type": "integer", "format": "int32", "minimum": 0, "exclusiveMinimum": 1}),
            json!({"type": "number", "format": "integer"}),
            json!({"type": "boolean"}),
            json!({"type": "null"}),
            json!({"type": ["string", "null"]}),
            json!({"type": ["integer", "string"]}),
            json!({"type": "string", "nullable": true}),
            json!({"const": "fixed"}),
            json!({"type": "string", "enum": ["a", "b", "a-b", "A_B", "", "1", null]}),
            json!({"type": "integer", "enum": [1, 2, 1002]}),
            json!({"enum": [true, "x", 1.5]}),
            json!({}),
            json!({"type": "object"}),
            json!({"type": "array"}),
            json!({"$ref": "#/components/schemas/A"}),
            json!({"$ref": "#/components/schemas/B"}),
            json!({"$ref": "#/components/schemas/Missing"}),
            json!({"$ref": "#/components/parameters/P"}),
            json!({"$ref": "other.yaml#/X"}),
            json!({"$ref": "#/"}),
            json!({"type": "string", "examples": ["x", "y"]}),
            json!(true),
            json!(null),
            json!("string"),
        ]),
        name().prop_map(|n| json!({ "$ref": format!("#/components/schemas/{n}") })),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map(name(), inner.clone(), 0..5),
                prop::collection::vec(name(), 0..3),
                prop::option::of(inner.clone()),
            )
                .prop_map(|(props, required, additional)| {
                    let mut s = json!({ "type": "object", "properties": props, "required": required });
                    if let Some(a) = additional {
                        s["additionalProperties"] = a;
                    }
                    s
                }),
            inner
                .clone()
                .prop_map(|items| json!({ "type": "array", "items": items })),
            (
                prop::sample::select(vec!["allOf", "oneOf", "anyOf"]),
                prop::collection::vec(inner.clone(), 0..4),
                prop::option::of(name()),
            )
                .prop_map(|(kind, items, discriminator)| {
                    let mut s = json!({ kind: items });
                    if let Some(d) = discriminator {
                        s["discriminator"] = json!({ "propertyName": d });
                    }
                    s
                }),
            (inner.clone(), any::<bool>()).prop_map(|(mut s, n)| {
                if let Some(m) = s.as_object_mut() {
                    m.insert("nullable".into(), json!(n));
                    m.insert("description".into(), json!("*/ doc `with` </b> [link](x)\n\n```\ncode"));
                }
                s
            }),
        ]
    })
    .boxed()
}

fn parameter() -> BoxedStrategy<Value> {
    (
        prop_oneof![
            name(),
            prop::sample::select(vec!["filter[a]", "filter[a][b]", "page[number]", "filter[", "id", "x"])
                .prop_map(str::to_string),
        ],
        prop::sample::select(vec!["path", "query", "header", "cookie", "body"]),
        any::<bool>(),
        schema(),
        prop::option::of(prop::sample::select(vec![
            "form",
            "deepObject",
            "spaceDelimited",
            "pipeDelimited",
            "simple",
        ])),
        any::<bool>(),
    )
        .prop_map(|(name, location, required, schema, style, explode)| {
            let mut p =
                json!({ "name": name, "in": location, "required": required, "schema": schema, "explode": explode });
            if let Some(s) = style {
                p["style"] = json!(s);
            }
            p
        })
        .boxed()
}

fn content(schema: Value, kind: &str) -> Value {
    json!({ kind: { "schema": schema } })
}

fn operation() -> BoxedStrategy<Value> {
    (
        prop::option::of(name()),
        prop::collection::vec(parameter(), 0..4),
        prop::option::of((schema(), any::<bool>())),
        prop::collection::btree_map(
            prop::sample::select(vec!["200", "201", "204", "default", "4XX", "422", "3"]),
            (
                prop::option::of(schema()),
                prop::sample::select(vec!["application/json", "text/csv", "application/octet-stream", "*/*"]),
            ),
            0..3,
        ),
        prop::collection::vec(name(), 0..2),
    )
        .prop_map(|(id, params, body, responses, tags)| {
            let mut op = json!({ "parameters": params, "tags": tags });
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            if let Some((s, required)) = body {
                op["requestBody"] = json!({ "required": required, "content": content(s, "application/json") });
            }
            let responses: Map<String, Value> = responses
                .into_iter()
                .map(|(code, (s, kind))| {
                    let mut r = json!({ "description": "r" });
                    if let Some(s) = s {
                        r["content"] = content(s, kind);
                    }
                    (code.to_string(), r)
                })
                .collect();
            op["responses"] = Value::Object(responses);
            op
        })
        .boxed()
}

/// A document shaped like OpenAPI (often valid, often subtly not).
fn document() -> BoxedStrategy<Value> {
    let path = prop_oneof![
        prop::sample::select(vec![
            "/x",
            "/x/{id}",
            "/x/{id}/{status}",
            "/a/{b}/c",
            "/",
            "/x/{",
            "x",
            "/x/{id}/{id}"
        ])
        .prop_map(str::to_string),
        "/[a-z{}_/]{0,12}",
    ];
    let methods = prop::collection::btree_map(
        prop::sample::select(vec![
            "get",
            "post",
            "put",
            "patch",
            "delete",
            "head",
            "options",
            "trace",
            "parameters",
            "x-ext",
        ]),
        operation(),
        1..3,
    );
    (
        prop_oneof![
            6 => prop::sample::select(vec!["3.0.0", "3.0.3", "3.1.0", "3.1.1"]),
            1 => prop::sample::select(vec!["2.0", "3", "4.0.0"]),
        ],
        prop::collection::btree_map(path, methods, 0..3),
        prop::collection::btree_map(
            prop_oneof![3 => prop::sample::select(vec!["A", "B"]).prop_map(str::to_string), 1 => name()],
            schema(),
            0..4,
        ),
        prop::collection::btree_map(name(), parameter(), 0..2),
    )
        .prop_map(|(version, paths, schemas, parameters)| {
            json!({
                "openapi": version,
                "info": { "title": "t", "version": "1" },
                "paths": paths,
                "components": { "schemas": schemas, "parameters": parameters },
            })
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        generate_ok(&bytes, &all())?;
    }

    #[test]
    fn arbitrary_yaml_text_never_panics(text in prop::collection::vec(prop::sample::select(vec![
        "openapi: 3.0.3\n", "openapi: 3.1.0\n", "paths:\n", "  /x:\n", "    get:\n", "      responses:\n",
        "components:\n", "  schemas:\n", "    A:\n", "      $ref: '#/components/schemas/A'\n", "- ", ": ", "&a ", "*a ",
        "!!binary ", "{", "}", "[", "]", "'", "\"", "\n", "  ", "? ", "|\n", "---\n", "~", "null", "1e999", "0x1F", "<<: *a\n",
    ]), 0..40)) {
        generate_ok(text.concat().as_bytes(), &all())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(96), ..ProptestConfig::default() })]

    #[test]
    fn openapi_shaped_documents_never_panic(doc in document(), as_yaml in any::<bool>()) {
        let bytes = if as_yaml {
            serde_yaml::to_string(&doc).unwrap().into_bytes()
        } else {
            serde_json::to_vec(&doc).unwrap()
        };
        generate_ok(&bytes, &all())?;
    }
}

/// Every JSON pointer of `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// Random mutations of the real spec slice, generated with the real config: removing a node,
/// or replacing it with another value of any kind.
#[test]
fn mutations_of_the_real_spec_never_panic() {
    let inputs = workspace_tests::pinned_inputs();
    let slice = codegen::slice_spec(&inputs.slice.bytes, &inputs.config).unwrap();
    let mut all_pointers = Vec::new();
    pointers(&slice, String::new(), &mut all_pointers);
    let replacement = prop_oneof![
        Just(Value::Null),
        Just(json!({})),
        Just(json!([])),
        Just(json!("string")),
        Just(json!(1)),
        Just(json!(true)),
        Just(json!({ "$ref": "#/components/schemas/PortoutDetails" })),
        schema(),
    ];
    let mutation = prop::collection::vec(
        (prop::sample::select(all_pointers), prop::option::of(replacement)),
        1..4,
    );
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(24),
        ..RunnerConfig::default()
    });
    runner
        .run(&mutation, |edits| {
            let mut doc = slice.clone();
            for (pointer, replacement) in edits {
                let (parent, last) = pointer.rsplit_once('/').unwrap();
                let key = last.replace("~1", "/").replace("~0", "~");
                match (doc.pointer_mut(parent), replacement) {
                    (Some(Value::Object(m)), None) => {
                        m.remove(&key);
                    }
                    (Some(Value::Array(a)), None) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    (_, Some(v)) => {
                        if let Some(slot) = doc.pointer_mut(&pointer) {
                            *slot = v;
                        }
                    }
                    _ => {}
                }
            }
            generate_ok(&serde_json::to_vec(&doc).unwrap(), &inputs.config)
        })
        .unwrap();
}
