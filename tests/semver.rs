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
use std::path::{Path, PathBuf};
use std::process::Command;

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

pub fn read(t: &Thing) -> String {
    let color = match &t.color {
        Some(Color::Red) => "red",
        Some(Color::Green) => "green",
        Some(_) => "other",
        None => "none",
    };
    format!("{} {} {color}", t.id, t.name)
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

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

const HOST_LIB: &str = "fixture_host::host!();\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A host crate (generated code + the runtime) and a user crate of [`USER`] on it.
fn write_pair(ws: &Path, name: &str, generated: &codegen::Generated) {
    let host = ws.join(format!("host_{name}"));
    let portout = root().join("telnyx-portout");
    let fixture_host = root().join("tests/fixture-host");
    write(
        &host.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"host_{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [lib]\nname = \"host\"\n\n[features]\nmock = []\n\n[dependencies]\ntelnyx-portout = {{ path = {:?} }}\nfixture-host = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\nchrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
             uuid = {{ version = \"1\", default-features = false, features = [\"std\", \"serde\"] }}\nbytes = \"1\"\n",
            portout.display().to_string(),
            fixture_host.display().to_string()
        ),
    );
    write(&host.join("src/lib.rs"), HOST_LIB);
    for (path, text) in &generated.files {
        write(&host.join("src/generated").join(path), text);
    }
    let user = ws.join(format!("user_{name}"));
    write(
        &user.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"user_{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nhost_{name} = {{ path = \"../host_{name}\" }}\n"
        ),
    );
    write(&user.join("src/lib.rs"), USER);
}

/// `cargo check` of one user crate: `Ok` or the compiler's errors.
fn check(ws: &Path, name: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", root().join("target"))
        .args(["check", "--offline", "--quiet", "-p", &format!("user_{name}")])
        .output()
        .expect("cargo runs");
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        Err(errors.join("\n"))
    }
}

fn generate(spec: &Value) -> codegen::Generated {
    let config = codegen::Config::parse("select:\n  all: true\n").unwrap();
    codegen::generate(&serde_json::to_vec(spec).unwrap(), &config, None).unwrap()
}

#[test]
fn every_verdict_is_at_least_as_severe_as_what_breaks() {
    let ws = std::env::temp_dir().join(format!("semver-proof-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&ws);
    let before = generate(&base());
    write_pair(&ws, "base", &before);
    let mut members = vec!["\"host_base\"".to_string(), "\"user_base\"".to_string()];
    let mut judged = Vec::new();
    for case in cases() {
        let mut spec = base();
        (case.change)(&mut spec);
        let after = generate(&spec);
        let diff = codegen::diff::diff(&before.api, &after.api);
        write_pair(&ws, case.name, &after);
        members.push(format!("\"host_{}\"", case.name));
        members.push(format!("\"user_{}\"", case.name));
        judged.push((case, diff));
    }
    write(
        &ws.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    );
    // Same versions as this workspace, no network.
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    check(&ws, "base").unwrap_or_else(|e| panic!("the user's code does not compile against the base crate:\n{e}"));
    let mut failures = Vec::new();
    for (case, diff) in &judged {
        let verdict = diff.verdict();
        if verdict != case.verdict {
            failures.push(format!(
                "{}: the diff says {verdict}, the rules say {}:\n{diff}",
                case.name, case.verdict
            ));
        }
        match check(&ws, case.name) {
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
    let _ = std::fs::remove_dir_all(&ws);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Generated code checks the runtime contract it was written for: code generated for
/// another contract fails to compile with a message that says what to do.
#[test]
fn code_for_another_runtime_contract_does_not_compile() {
    let ws = std::env::temp_dir().join(format!("semver-contract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&ws);
    let mut generated = generate(&base());
    let root_file = generated.files.get_mut(std::path::Path::new("mod.rs")).unwrap();
    let current = format!("CONTRACT != {}u32", codegen::emit::RUNTIME_CONTRACT);
    assert!(root_file.contains(&current), "{root_file}");
    *root_file = root_file.replace(
        &current,
        &format!("CONTRACT != {}u32", codegen::emit::RUNTIME_CONTRACT + 1),
    );
    write_pair(&ws, "other_contract", &generated);
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"host_other_contract\", \"user_other_contract\"]\n",
    );
    std::fs::copy(root().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", root().join("target"))
        .args(["check", "--offline", "--quiet", "-p", "host_other_contract"])
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&ws);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "compiled against the wrong contract");
    assert!(
        stderr.contains("this code was generated for runtime contract"),
        "{stderr}"
    );
}
