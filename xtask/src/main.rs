//! Maintainer commands. Run `cargo xtask help`.

#![forbid(unsafe_code)]

mod bench;
mod spec;

use codegen::project;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const HELP: &str = "\
cargo xtask <command>

  codegen [--spec PATH]          regenerate telnyx-portout/src/generated from the pinned spec
  codegen --check [--spec PATH]  write nothing; fail with a diff if the committed code is stale
  spec slice --out PATH          write the slice of the pinned spec the config selects (JSON),
                                 e.g. for the Prism mock server
  spec update --commit SHA       repin to an upstream commit (downloads it), regenerate, and
                                 print the public-API diff against the previous generation
  spec update --file PATH        the same from a local file
  full-spec [--spec PATH]        generate the whole Telnyx API into target/full-spec and
                                 `cargo check` it
  bench [--quick] [--tls] [--only codegen|client|python|compile|tls]
                                 run the benchmarks of BENCHMARKS.md and print the ratios

The spec is read from --spec, $TELNYX_OPENAPI_SPEC, the mirrors in
spec/telnyx-openapi.lock.yaml, spec/.cache/, or downloaded; its sha256 is always verified.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("spec") => spec::run(&args[1..]),
        Some("full-spec") => spec::full_spec(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The value after `flag`, if present.
pub fn flag_value(args: &[String], flag: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == flag) {
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| format!("{flag} needs a value")),
        None => Ok(None),
    }
}

/// Checks that every argument is known.
pub fn check_args(args: &[String], flags: &[&str], switches: &[&str]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if flags.contains(&a) {
            i += 2;
        } else if switches.contains(&a) {
            i += 1;
        } else {
            return Err(format!("unexpected argument `{a}`\n\n{HELP}"));
        }
    }
    Ok(())
}

/// Reads the inputs, downloading the pinned spec into the cache if no local copy exists.
pub fn inputs(root: &Path, explicit: Option<&Path>) -> Result<project::Inputs, String> {
    let (lock, config, spec) = project::read_local(root, explicit).map_err(|e| e.to_string())?;
    let (spec_path, spec) = match spec {
        Some(found) => found,
        None => {
            let cache = project::cache_path(root, &lock);
            let bytes = spec::download(&lock.url, &cache)?;
            lock.verify(&bytes, &lock.url).map_err(|e| e.to_string())?;
            (cache, bytes)
        }
    };
    Ok(project::Inputs {
        lock,
        config,
        spec,
        spec_path,
    })
}

fn codegen(args: &[String]) -> Result<(), String> {
    check_args(args, &["--spec"], &["--check"])?;
    let check = args.iter().any(|a| a == "--check");
    let explicit = flag_value(args, "--spec")?.map(PathBuf::from);
    let root = project::workspace_root();
    let started = Instant::now();
    let inputs = inputs(&root, explicit.as_deref())?;
    let generated = project::generate(&inputs).map_err(|e| format!("{}: {e}", inputs.spec_path.display()))?;
    for r in &generated.api.unused_renames {
        eprintln!("note: spec/portouts.yaml renames `{r}`, which this spec does not produce");
    }
    for p in &generated.api.unused_patches {
        eprintln!("note: spec/portouts.yaml patches `{p}`, which this spec does not have");
    }
    let dir = root.join(project::GENERATED_DIR);
    let summary = format!(
        "{} operations, {} types, {} files from {} in {:.2?}",
        generated.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        inputs.spec_path.display(),
        started.elapsed()
    );
    if check {
        let drift = project::drift(&dir, &generated.files).map_err(|e| e.to_string())?;
        if drift.is_empty() {
            println!("codegen --check: up to date ({summary})");
            Ok(())
        } else {
            eprint!("{}", project::render_drift(&drift));
            Err(format!("{} generated file(s) are stale", drift.len()))
        }
    } else {
        let report = project::write(&dir, &generated.files).map_err(|e| e.to_string())?;
        println!(
            "codegen: {summary}; {} written, {} deleted",
            report.written.len(),
            report.deleted.len()
        );
        Ok(())
    }
}
