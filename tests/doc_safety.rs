//! Spec text never becomes a doctest or raw HTML, checked with rustdoc itself.
//!
//! - The hostile fixture (`tests/fixtures/hostile_docs.yaml`: every code-block shape rustdoc
//!   runs, and raw HTML, in every place spec text reaches a doc) is generated into the
//!   `hostile-docs-fixture` crate, which `cargo test --workspace` compiles and doctests; here
//!   its committed output is kept current (`BLESS=1` rewrites it), its doc comments are handed
//!   to `rustdoc --test` (zero doctests allowed) and rendered with `rustdoc` (no spec HTML in
//!   the pages).
//! - A property test feeds arbitrary markdown-shaped descriptions through the whole generator
//!   and checks the same two things on every doc comment it writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `#[doc = "..."]` literals of every documented item, one group per item, in order.
fn doc_groups(source: &str) -> Vec<Vec<String>> {
    fn walk(tokens: TokenStream, groups: &mut Vec<Vec<String>>, current: &mut Vec<String>) {
        let mut iter = tokens.into_iter().peekable();
        while let Some(tt) = iter.next() {
            match &tt {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    if matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                        iter.next();
                    }
                    if let Some(TokenTree::Group(g)) = iter.peek() {
                        if g.delimiter() == Delimiter::Bracket {
                            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                            if let [TokenTree::Ident(i), TokenTree::Punct(eq), TokenTree::Literal(lit)] = &inner[..] {
                                if i == "doc" && eq.as_char() == '=' {
                                    current.push(lit.to_string());
                                }
                            }
                            iter.next();
                            continue;
                        }
                    }
                }
                TokenTree::Group(g) => {
                    if !current.is_empty() {
                        groups.push(std::mem::take(current));
                    }
                    walk(g.stream(), groups, current);
                    continue;
                }
                _ => {}
            }
            if !current.is_empty() {
                groups.push(std::mem::take(current));
            }
        }
        if !current.is_empty() {
            groups.push(std::mem::take(current));
        }
    }
    let tokens: TokenStream = source
        .parse()
        .unwrap_or_else(|e| panic!("generated code does not lex: {e}"));
    let mut groups = Vec::new();
    walk(tokens, &mut groups, &mut Vec::new());
    groups
}

/// The Rust sources among the generated files (not `surface.txt`, the surface as text).
fn rust_files(files: &BTreeMap<std::path::PathBuf, String>) -> impl Iterator<Item = &str> {
    files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(_, text)| text.as_str())
}

/// A crate of one documented struct per doc group: the same markdown rustdoc would read.
fn doc_crate(groups: &[Vec<String>]) -> String {
    let mut out = String::from("#![allow(rustdoc::all)]\n");
    for (i, group) in groups.iter().enumerate() {
        for lit in group {
            out.push_str(&format!("#[doc = {lit}]\n"));
        }
        out.push_str(&format!("pub struct Item{i};\n"));
    }
    out
}

fn rustdoc() -> String {
    std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_string())
}

/// The doctests rustdoc finds in `source` (listed, not compiled).
fn doctests(dir: &Path, source: &str) -> Vec<String> {
    let file = dir.join("lib.rs");
    std::fs::write(&file, source).unwrap();
    let out = Command::new(rustdoc())
        .args(["--test", "--edition", "2021", "--crate-name", "docs"])
        .arg(&file)
        .args(["--test-args", "--list"])
        .output()
        .expect("rustdoc runs");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "rustdoc --test --list failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tests: Vec<String> = stdout
        .lines()
        .filter(|l| l.ends_with(": test"))
        .map(str::to_string)
        .collect();
    let summary = stdout.lines().find(|l| l.ends_with("benchmarks")).unwrap_or_default();
    assert!(
        summary.starts_with(&format!("{} test", tests.len())),
        "could not read rustdoc's count: {stdout}"
    );
    tests
}

/// The HTML rustdoc renders for `source`'s items (not its source pages, where docs are text).
fn rendered_pages(dir: &Path, source: &str) -> String {
    let file = dir.join("lib.rs");
    std::fs::write(&file, source).unwrap();
    let out_dir = dir.join("doc");
    let out = Command::new(rustdoc())
        .args(["--edition", "2021", "--crate-name", "docs", "-o"])
        .arg(&out_dir)
        .arg(&file)
        .output()
        .expect("rustdoc runs");
    assert!(
        out.status.success(),
        "rustdoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut html = String::new();
    for entry in std::fs::read_dir(out_dir.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            html.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    assert!(html.contains("Item0"), "rustdoc rendered no item pages");
    html
}

/// HTML tags an attacker's text uses; rustdoc's own pages use none of them with these
/// attributes.
const HOSTILE_HTML: &[&str] = &["<script>alert", "<img src=x", "<div onclick", "<b onmouseover", "<pwn"];

fn assert_no_hostile_html(html: &str) {
    for probe in HOSTILE_HTML {
        if let Some(at) = html.find(probe) {
            let start = html[..at].char_indices().rev().nth(200).map_or(0, |(i, _)| i);
            let end = (at + 200).min(html.len());
            panic!(
                "spec HTML reached the rendered page ({probe}):\n{}",
                html.get(start..end).unwrap_or("")
            );
        }
    }
}

fn fixture() -> codegen::Generated {
    workspace_tests::fixture_crates::check("hostile_docs", "tests/hostile-docs")
}

#[test]
fn hostile_fixture_has_no_doctests_and_no_html() {
    let generated = fixture();
    let groups: Vec<Vec<String>> = rust_files(&generated.files).flat_map(doc_groups).collect();
    let all_docs = groups.concat().join("\n");
    // The attack text is there, as text: nothing was dropped to get here.
    for marker in [
        "plain fence",
        "tilde fence",
        "indented block in a blockquote",
        "an enum value",
    ] {
        assert!(
            all_docs.contains(marker),
            "the fixture's text `{marker}` is missing from the docs"
        );
    }
    let tmp = tempdir("hostile");
    let source = doc_crate(&groups);
    assert_eq!(
        doctests(&tmp, &source),
        Vec::<String>::new(),
        "spec text became doctests"
    );
    assert_no_hostile_html(&rendered_pages(&tmp, &source));
}

/// The harness itself: a doc comment with a Rust block is a doctest, and raw HTML reaches the
/// page. (Without this, the checks above could pass by reading nothing.)
#[test]
fn the_checks_see_real_doctests_and_html() {
    let groups =
        doc_groups("/// ```\n/// x();\n/// ```\n///\n///     y();\n/// <img src=x onerror=alert(1)>\npub struct A;");
    let tmp = tempdir("harness");
    let source = doc_crate(&groups);
    assert_eq!(doctests(&tmp, &source).len(), 2);
    let html = rendered_pages(&tmp, &source);
    assert!(
        html.contains("<img src=x onerror=alert(1)>"),
        "rustdoc escaped the HTML itself"
    );
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("doc-safety-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Markdown-shaped text: the pieces rustdoc's parser reacts to, in any order, plus anything.
fn markdown() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "\n",
            "\n\n",
            "    ",
            "\t",
            "  ",
            "> ",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "```",
            "````",
            "~~~",
            "~~~~",
            "rust",
            "rust,no_run",
            "should_panic",
            "compile_fail",
            "ignore",
            "edition2021",
            "text",
            "no_run",
            "```rust\n",
            "~~~\n",
            "\n    ",
            "\n\n    ",
            "<script>alert(1)</script>",
            "<pwn onclick=x>",
            "</pwn>",
            "<!-- c -->",
            "<div>",
            "&lt;pwn&gt;",
            "&#60;pwn",
            "\\",
            "`",
            "[x](javascript:alert(1))",
            "<https://a.b>",
            "[Client]",
            "|a|b|\n|-|-|\n",
            "---\n",
            "===\n",
            "# h {#id}",
            "[^1]\n\n[^1]: n",
            "*",
            "_",
            "**",
            "\r\n",
            "\u{0}",
            "\u{2028}",
            "é",
            "fn main() {}",
            "panic!()",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,6}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|p| p.concat()).boxed()
}

/// A spec whose every doc-reaching place holds one of `texts`.
fn spec_with(texts: &[String]) -> Vec<u8> {
    let t = |i: usize| texts[i % texts.len()].clone();
    let mut properties = serde_json::Map::new();
    for (i, _) in texts.iter().enumerate() {
        properties.insert(format!("field_{i}"), json!({"type": "string", "description": t(i)}));
    }
    properties.insert(t(0), json!({"type": "string"}));
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things/{id}": {"post": {
            "operationId": "make",
            "tags": ["things"],
            "summary": t(1),
            "description": t(2),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "description": t(3), "schema": {"type": "string"}},
                {"name": "q", "in": "query", "description": t(4), "schema": {"type": "string"}},
                {"name": format!("x{}", t(5)), "in": "query", "schema": {"type": "string"}},
            ],
            "requestBody": {"description": t(6), "required": true, "content": {"application/json": {"schema": {
                "type": "object", "description": t(7), "required": ["kind"],
                "properties": {"kind": {"type": "string", "enum": [t(8), "plain"], "description": t(9)}}
            }}}},
            "responses": {"200": {"description": t(10), "content": {"application/json": {"schema": {
                "type": "object", "properties": {"data": {"$ref": "#/components/schemas/Thing"}}
            }}}}}
        }}},
        "components": {"schemas": {"Thing": {"type": "object", "description": t(11), "properties": properties}}}
    });
    serde_json::to_vec(&spec).unwrap()
}

#[test]
fn arbitrary_descriptions_never_become_doctests_or_html() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let config = codegen::Config::parse("select:\n  all: true\n").unwrap();
    let tmp = tempdir("prop");
    let mut runner = TestRunner::new(RunnerConfig {
        cases,
        ..RunnerConfig::default()
    });
    let generated_cases = std::cell::Cell::new(0u32);
    runner
        .run(&prop::collection::vec(markdown(), 12..13), |texts| {
            // A text the generator refuses (an invalid name, say) is fine; what it writes is
            // what is checked.
            let Ok(generated) = codegen::generate(&spec_with(&texts), &config, None) else {
                return Ok(());
            };
            generated_cases.set(generated_cases.get() + 1);
            let files: BTreeMap<_, _> = generated.files;
            let groups: Vec<Vec<String>> = rust_files(&files).flat_map(doc_groups).collect();
            let source = doc_crate(&groups);
            let found = doctests(&tmp, &source);
            prop_assert!(found.is_empty(), "doctests {found:?} from texts {texts:#?}\n{source}");
            assert_no_hostile_html(&rendered_pages(&tmp, &source));
            Ok(())
        })
        .unwrap();
    let generated_cases = generated_cases.get();
    assert!(
        generated_cases * 2 >= cases,
        "the generator refused most cases ({generated_cases} of {cases})"
    );
}

/// 10 MB of descriptions are cut at `MAX_TEXT_CHARS` and the doc says so; no line of the
/// generated code carries it whole.
#[test]
fn huge_descriptions_are_cut_and_say_so() {
    let huge = "word ".repeat(1_000_000); // 5 MB, in two places: 10 MB of spec text
    let mut texts = vec![String::from("short"); 12];
    texts[11] = huge;
    let config = codegen::Config::parse("select:\n  all: true\n").unwrap();
    let g = codegen::generate(&spec_with(&texts), &config, None).unwrap();
    let longest = g.files.values().flat_map(|t| t.lines()).map(str::len).max().unwrap();
    assert!(
        longest < codegen::emit::markdown::MAX_TEXT_CHARS + 200,
        "a {longest}-byte line"
    );
    let models = &g.files[std::path::Path::new("models.rs")];
    assert!(models.contains("(Cut here: the spec's text is 5000000 characters long.)"));
}
