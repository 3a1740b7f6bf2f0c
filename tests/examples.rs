//! Runs every example of `telnyx-portout` against Prism (static examples) and checks that it
//! exits 0. Prism is installed (`npm ci` in `tests/prism`, once) and started first, so a
//! missing precondition fails in seconds; then the examples are built with
//! `cargo build -p telnyx-portout --examples` (a no-op when CI's
//! `cargo build --workspace --all-targets` already built them; cargo's progress shows).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use workspace_tests::prism::{Mode, Prism, target_dir};

/// Every example, with the substring its output must contain against Prism.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "list_portouts",
        "Some(0ccc7b54-4df3-4bca-a65a-3da1ecc777f0) Some(Pending)",
    ),
    ("retrieve_portout", "Some(Pending) Some(\"test\")"),
    ("list_rejection_codes", "Invalid PIN"),
    ("update_status", "is now Some(Pending)"),
    (
        "list_events",
        "Some(\"portout.status_changed\") Some(9471c873-e3eb-4ca1-957d-f9a451334d52)",
    ),
    ("retrieve_event", "portout.status_changed"),
    ("republish_event", "republished"),
    (
        "list_reports",
        "Some(eef3340b-8903-4466-b445-89b697315a3a) Some(Pending)",
    ),
    (
        "create_report",
        "Some(eef3340b-8903-4466-b445-89b697315a3a) Some(Pending)",
    ),
    ("retrieve_report", "document Some(f1486bae-f067-460c-ad43-73a92848f902)"),
    ("list_comments", "This is a comment"),
    ("create_comment", "This is a comment at 2018-02-02 22:25:27.521 UTC"),
    ("list_supporting_documents", "loa f1c5e079-9d82-4f50-95bc-ae2f6b8d84d7"),
    ("create_supporting_documents", "attached loa"),
    ("paginate_all", "pagination stopped after 1 port-out(s)"),
    ("error_handling", "API error 422"),
];

fn build_examples() -> PathBuf {
    workspace_tests::progress("building the examples: cargo build -p telnyx-portout --examples");
    let started = Instant::now();
    let status = workspace_tests::cargo()
        .current_dir(workspace_tests::root())
        .args(["build", "-p", "telnyx-portout", "--examples"])
        .stdout(Stdio::null())
        .status()
        .expect("running cargo build --examples");
    assert!(status.success(), "cargo build -p telnyx-portout --examples failed");
    workspace_tests::progress(&format!("examples built in {:.0?}", started.elapsed()));
    target_dir().join("debug").join("examples")
}

#[test]
fn every_example_runs_against_prism() {
    // The cheap preconditions first: Prism installed and running.
    let prism = Prism::start(Mode::Static);
    let dir = build_examples();
    let files: Vec<String> = std::fs::read_dir(workspace_tests::root().join("telnyx-portout/examples"))
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_string)
        })
        .filter(|n| n != "webhook_server") // a long-running server, not a one-shot call
        .collect();
    for file in &files {
        assert!(
            EXAMPLES.iter().any(|(n, _)| n == file),
            "example `{file}` is not listed in tests/examples.rs"
        );
    }
    let mut failures = Vec::new();
    for (name, expected) in EXAMPLES {
        let started = Instant::now();
        let mut child = Command::new(dir.join(name))
            .env("TELNYX_API_KEY", "test")
            .env("TELNYX_BASE_URL", prism.base_url())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting example {name}: {e}"));
        // Guard against a hanging example.
        let output = loop {
            if child.try_wait().unwrap().is_some() {
                break child.wait_with_output().unwrap();
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                failures.push(format!(
                    "{name}: still running after 60 s; stdout:\n{}",
                    String::from_utf8_lossy(&out.stdout)
                ));
                break out;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            failures.push(format!(
                "{name}: exited with {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
                output.status
            ));
        } else if !stdout.contains(expected) {
            failures.push(format!(
                "{name}: output lacks {expected:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) failed against Prism ({}):\n{}\nPrism output:\n{}",
        failures.len(),
        prism.base_url(),
        failures.join("\n\n"),
        prism.output()
    );
}
