//! Every xtask command answers `--help` (and `-h`) with its usage, without doing anything;
//! `cargo xtask help` lists every command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::xtask;

const COMMANDS: &[&[&str]] = &[
    &["codegen"],
    &["spec"],
    &["spec", "slice"],
    &["spec", "update"],
    &["spec", "diff"],
    &["full-spec"],
    &["bench"],
    &["watch"],
    &["release"],
    &["publish"],
    &["docs"],
];

#[test]
fn every_command_answers_help_with_its_usage() {
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let mut args = command.to_vec();
            args.push(flag);
            let (ok, stdout, stderr) = xtask(&args);
            assert!(ok, "`cargo xtask {}` failed: {stderr}", args.join(" "));
            let usage = format!("cargo xtask {}", command.join(" "));
            assert!(
                stdout.starts_with(&usage),
                "`cargo xtask {}` does not start with `{usage}`:\n{stdout}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn help_lists_every_command() {
    let (ok, stdout, _) = xtask(&["help"]);
    assert!(ok);
    for command in [
        "codegen",
        "codegen --check",
        "spec slice",
        "spec update",
        "spec diff",
        "full-spec",
        "bench",
        "watch",
        "release",
        "publish",
        "docs",
    ] {
        assert!(
            stdout.contains(&format!("  {command}")),
            "`cargo xtask help` lacks `{command}`:\n{stdout}"
        );
    }
}

#[test]
fn an_unknown_argument_is_named_with_the_usage() {
    let (ok, _, stderr) = xtask(&["codegen", "--chek"]);
    assert!(!ok);
    assert!(
        stderr.contains("unexpected argument `--chek`") && stderr.contains("cargo xtask codegen [--check]"),
        "{stderr}"
    );
}
