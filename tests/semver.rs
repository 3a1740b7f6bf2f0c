//! The API diff's verdict is true of the code: for every kind of change a spec routinely
//! makes, a user's code written against the crate before the change is compiled against the
//! crate after it, and the verdict must be at least as severe as what actually breaks (a
//! snippet that no longer compiles needs `major`). The snippets use the API as a demanding
//! user would: constructors and setters, every builder method, matches with the wildcard
//! arm `#[non_exhaustive]` asks for, fields read by name.
//!
//! The crates are built in a scratch workspace that shares this workspace's target directory
//! (only the small generated crates compile).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use codegen::diff::Verdict;
use serde_json::{Value, json};
use workspace_tests::fixture_crates::Scratch;

fn base() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "semver", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}
                    }}}}}
                },
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["name"],
                        "properties": {"name": {"type": "string"}, "color": {"$ref": "#/components/schemas/Color"}}
                    }}}},
                    "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Thing"}}
                    }}}}}
                }
            }
        },
        "components": {"schemas": {
            "Thing": {"type": "object", "required": ["id", "name"], "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "color": {"$ref": "#/components/schemas/Color"}
            }},
            "Color": {"type": "string", "enum": ["red", "green"]}
        }}
    })
}

/// What a user of the base crate writes; every change kind is judged against it.
const USER: &str = r#"
use host::models::{Color, Thing};

pub fn build() -> Thing {
    Thing::new("t1", "first").color(Color::Green)
}

pub fn blank() -> Thing {
    Thing::default()
}

pub fn read(t: &Thing) -> String {
    let color = match &t.color {
        Some(Color::Red) => "red",
        Some(Color::Green) => "green",
        Some(_) => "other",
        None => "none",
    };
    // Required by the spec; `None` only in a response that lacked them.
    format!("{} {} {color}", t.id.as_deref().unwrap_or("?"), t.name.as_deref().unwrap_or("?"))
}

pub async fn calls(client: host::Client) -> Result<(), host::Error> {
    let things: Vec<Thing> = client.things().list_things().q("x").await?;
    let made: Thing = client.things().create_thing("name").color(Color::Red).await?;
    let _ = (things, made);
    Ok(())
}
"#;

struct Case {
    name: &'static str,
    change: fn(&mut Value),
    /// The verdict the diff gives (the rules, written down).
    verdict: Verdict,
}

fn schemas(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    v["components"]["schemas"].as_object_mut().unwrap()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "nothing",
            change: |_| {},
            verdict: Verdict::Patch,
        },
        Case {
            name: "optional_field_added",
            change: |v| {
                schemas(v)["Thing"]["properties"]["size"] = json!({"type": "integer"});
            },
            verdict: Verdict::Minor,
        },
        Case {
            name: "required_field_added",
            change: |v| {
                schemas(v)["Thing"]["properties"]["size"] = json!({"type": "integer"});
                schemas(v)["Thing"]["required"] = json!(["id", "name", "size"]);
            },
            verdict: Verdict::Major,
        },
        Case {
            name: "field_removed",
            change: |v| {
                schemas(v)["Thing"]["properties"]
                    .as_object_mut()
                    .unwrap()
                    .remove("color");
            },
            verdict: Verdict::Major,
        },
        Case {
            name: "field_type_changed",
            change: |v| {
                schemas(v)["Thing"]["properties"]["name"] = json!({"type": "integer"});
            },
            verdict: Verdict::Major,
        },
        Case {
            name: "enum_value_added",
            change: |v| {
                schemas(v)["Color"]["enum"] = json!(["red", "green", "blue"]);
            },
            verdict: Verdict::Minor,
        },
        Case {
            name: "enum_value_removed",
            change: |v| {
                schemas(v)["Color"]["enum"] = json!(["red"]);
            },
            verdict: Verdict::Major,
        },
        Case {
            name: "operation_added",
            change: |v| {
                v["paths"]["/things/{id}"] = json!({"delete": {
                    "operationId": "deleteThing", "tags": ["things"],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "gone"}}
                }});
            },
            verdict: Verdict::Minor,
        },
        Case {
            name: "optional_parameter_added",
            change: |v| {
                v["paths"]["/things"]["get"]["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
            },
            verdict: Verdict::Minor,
        },
        Case {
            name: "required_parameter_added",
            change: |v| {
                v["paths"]["/things"]["get"]["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"name": "owner", "in": "query", "required": true, "schema": {"type": "string"}}));
            },
            verdict: Verdict::Major,
        },
        Case {
            name: "optional_body_member_added",
            change: |v| {
                v["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["note"] =
                    json!({"type": "string"});
            },
            verdict: Verdict::Minor,
        },
        // A new query parameter named like a body member takes the member's setter name
        // (the member becomes `body_color`): nothing on the wire changed for the member,
        // but the user's `.color(Color::Red)` now means something else.
        Case {
            name: "parameter_shadows_a_body_member",
            change: |v| {
                v["paths"]["/things"]["post"]["parameters"] =
                    json!([{"name": "color", "in": "query", "schema": {"type": "string"}}]);
            },
            verdict: Verdict::Major,
        },
    ]
}

fn generate(spec: &Value) -> codegen::Generated {
    let config = codegen::Config::parse("select:\n  all: true\n").unwrap();
    codegen::generate(&serde_json::to_vec(spec).unwrap(), &config, None).unwrap()
}

#[test]
fn every_verdict_is_at_least_as_severe_as_what_breaks() {
    let mut ws = Scratch::new("semver-proof");
    let before = generate(&base());
    ws.host("base", &before);
    ws.user("base", USER);
    let mut judged = Vec::new();
    for case in cases() {
        let mut spec = base();
        (case.change)(&mut spec);
        let after = generate(&spec);
        let diff = codegen::diff::diff(&before.surface, &after.surface);
        ws.host(case.name, &after);
        ws.user(case.name, USER);
        judged.push((case, diff));
    }
    ws.check("user_base")
        .unwrap_or_else(|e| panic!("the user's code does not compile against the base crate:\n{e}"));
    let mut failures = Vec::new();
    for (case, diff) in &judged {
        let verdict = diff.verdict();
        if verdict != case.verdict {
            failures.push(format!(
                "{}: the diff says {verdict}, the rules say {}:\n{diff}",
                case.name, case.verdict
            ));
        }
        match ws.check(&format!("user_{}", case.name)) {
            Err(errors) if verdict != Verdict::Major => failures.push(format!(
                "{}: the user's code breaks but the diff says {verdict}:\n{errors}\n{diff}",
                case.name
            )),
            Ok(()) if case.verdict == Verdict::Major => failures.push(format!(
                "{}: expected to break the user's code (the test's snippet should exercise it), but it compiles",
                case.name
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// An open enum's catch-all is opaque: the unknown string is read through `as_str()` on the
/// enum (the same answer before and after a version names the value), and code that would
/// match the string inside `Unknown(..)`, which a regeneration adding the value as a variant
/// would silently stop matching, does not compile; nor does making an `Unknown` by hand
/// (`From<&str>` picks the named variant when there is one).
#[test]
fn the_open_enum_catch_all_cannot_be_matched_as_a_string() {
    let mut ws = Scratch::new("semver-opaque");
    let mut added = base();
    schemas(&mut added)["Color"]["enum"] = json!(["red", "green", "blue"]);
    let documented = r#"
use host::models::Color;

pub fn is_blue(c: &Color) -> bool {
    c.as_str() == "blue"
}

pub fn describe(c: &Color) -> String {
    match c {
        Color::Red => "red".into(),
        c if c.as_str() == "blue" => "blue".into(),
        Color::Unknown(_) => format!("new: {}", c.as_str()),
        _ => c.to_string(),
    }
}

pub fn blue() -> Color {
    Color::from("blue")
}
"#;
    ws.host("documented_before", &generate(&base()));
    ws.user("documented_before", documented);
    ws.host("documented_after", &generate(&added));
    ws.user("documented_after", documented);
    let forbidden = r#"
use host::models::Color;

pub fn matched(c: &Color) -> bool {
    matches!(c, Color::Unknown(s) if s == "blue")
}

pub fn matched_str(c: &Color) -> bool {
    matches!(c, Color::Unknown(s) if s.as_str() == "blue")
}

pub fn made() -> Color {
    Color::Unknown("blue".into())
}
"#;
    ws.host("forbidden", &generate(&base()));
    ws.user("forbidden", forbidden);
    for name in ["user_documented_before", "user_documented_after"] {
        ws.check(name)
            .unwrap_or_else(|e| panic!("{name}: the documented way to read an unknown value does not compile:\n{e}"));
    }
    let errors = ws.check("user_forbidden").unwrap_err();
    for line in ["s == \"blue\"", "s.as_str()", "\"blue\".into()"] {
        assert!(
            errors.contains(line),
            "matching or making the catch-all's string should not compile ({line}):\n{errors}"
        );
    }
    assert_eq!(errors.matches("error[").count(), 3, "{errors}");
}

/// Generated code checks the runtime contract it was written for: code generated for
/// another contract fails to compile with a message that says what to do.
#[test]
fn code_for_another_runtime_contract_does_not_compile() {
    let mut ws = Scratch::new("semver-contract");
    let mut generated = generate(&base());
    let root_file = generated.files.get_mut(std::path::Path::new("mod.rs")).unwrap();
    let current = format!("CONTRACT != {}u32", codegen::emit::RUNTIME_CONTRACT);
    assert!(root_file.contains(&current), "{root_file}");
    *root_file = root_file.replace(
        &current,
        &format!("CONTRACT != {}u32", codegen::emit::RUNTIME_CONTRACT + 1),
    );
    ws.host("other_contract", &generated);
    let errors = ws.check("host_other_contract").unwrap_err();
    assert!(
        errors.contains("this code was generated for runtime contract"),
        "{errors}"
    );
}
