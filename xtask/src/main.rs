//! Maintainer commands. Run `cargo xtask help`, or `cargo xtask <command> --help`.

#![forbid(unsafe_code)]

mod bench;
mod bench_whole_api;
mod exercise;
mod maintainer_loop;
mod spec;

use std::process::ExitCode;
use std::time::Instant;
use xtask::project;

const HELP: &str = "\
cargo xtask <command> [--help]

  codegen                        regenerate telnyx-portout/src/generated from the committed
                                 slice of the pinned spec (offline)
  codegen --check                write nothing; fail with a diff if the committed code is stale
  spec slice [--out PATH]        re-cut spec/portouts.slice.json (or write PATH) from the
                                 pinned full spec
  spec update --commit SHA       repin to an upstream commit (downloads it), regenerate, and
                                 print the public-API diff against the previous generation
  spec update --file PATH        the same from a local file
  spec diff --old A --new B      the public-API diff between two spec files; writes nothing
  full-spec [--spec PATH]        generate the whole Telnyx API into target/full-spec and
                                 `cargo check` it
  full-spec --exercise [--mode static|dynamic] [--seed N]
                                 build it with an exerciser that calls every operation
                                 against Prism serving the same spec; report and verdict
  bench [--quick] [--tls] [--only SECTION]
                                 run the benchmarks of BENCHMARKS.md and print the ratios
  watch (--repo PATH | --dir PATH) [--pr-text PATH]
                                 repin to the newest upstream commit of the spec after the
                                 pin and write the pull-request text (nothing when upstream
                                 has not moved)
  release [--hand-written LEVEL] [--dry-run] | --initial
                                 the next version from the API diff since the last release
                                 (spec/released/), after the release gates; bumps manifests,
                                 writes CHANGELOG.md and the new record
  publish [--tag TAG] [--dry-run]
                                 cargo publish the crates the last release bumped
  docs                           both published crates' docs with warnings denied
  help                           this text

`codegen` reads only the committed slice (spec/portouts.slice.json, stamped with the upstream
commit and sha256 of the full spec it was cut from). The commands that need the full spec read
it from --spec PATH, $TELNYX_OPENAPI_SPEC or spec/.cache/, or download it (`spec update`,
`spec slice`, `full-spec`); its sha256 is always verified against spec/telnyx-openapi.lock.yaml.
";

const CODEGEN_HELP: &str = "\
cargo xtask codegen [--check]

Regenerates telnyx-portout/src/generated from the committed slice of the pinned spec
(spec/portouts.slice.json) and the config (spec/portouts.yaml). Needs neither the network nor
the full spec.

  --check   write nothing; print a diff and fail if the committed code differs from the
            generator's output (CI and tests/drift.rs run the same check)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("spec") => spec::run(&args[1..]),
        Some("full-spec") => spec::full_spec(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("watch") => maintainer_loop::watch(&args[1..]),
        Some("release") => maintainer_loop::release(&args[1..]),
        Some("publish") => maintainer_loop::publish(&args[1..]),
        Some("docs") => maintainer_loop::docs(&args[1..]),
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

/// Checks a command's arguments: `Ok(false)` after printing `help` when they ask for it
/// (`--help` or `-h`), an error naming the first unknown argument, `Ok(true)` otherwise.
pub fn check_args(args: &[String], help: &str, flags: &[&str], switches: &[&str]) -> Result<bool, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        print!("{help}");
        return Ok(false);
    }
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if flags.contains(&a) {
            i += 2;
        } else if switches.contains(&a) {
            i += 1;
        } else {
            return Err(format!("unexpected argument `{a}`\n\n{help}"));
        }
    }
    Ok(true)
}

fn codegen(args: &[String]) -> Result<(), String> {
    if !check_args(args, CODEGEN_HELP, &[], &["--check"])? {
        return Ok(());
    }
    let check = args.iter().any(|a| a == "--check");
    let root = project::workspace_root();
    let started = Instant::now();
    let inputs = project::read_inputs(&root).map_err(|e| e.to_string())?;
    let generated = project::generate(&inputs).map_err(|e| e.to_string())?;
    for r in &generated.diagnostics.unused_renames {
        eprintln!("note: spec/portouts.yaml renames the type at `{r}`, a site this spec does not have");
    }
    for p in &generated.diagnostics.unused_patches {
        eprintln!("note: spec/portouts.yaml patches `{p}`, which this spec does not have");
    }
    for n in &generated.name_notes {
        eprintln!("note: {n}");
    }
    let dir = root.join(project::GENERATED_DIR);
    let names_path = root.join(project::NAMES_PATH);
    let summary = format!(
        "{} operations, {} types, {} files from {} (commit {}) in {:.2?}",
        generated.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        project::SLICE_PATH,
        inputs.lock.short_commit(),
        started.elapsed()
    );
    if check {
        let stale = project::stale(&root, &generated).map_err(|e| e.to_string())?;
        if !stale.names_current {
            eprintln!("stale: {} (run `cargo xtask codegen`)", project::NAMES_PATH);
        }
        if stale.is_current() {
            println!("codegen --check: up to date ({summary})");
            Ok(())
        } else {
            eprint!("{}", project::render_drift(&stale.files));
            Err(format!(
                "{} generated file(s) are stale{}",
                stale.files.len(),
                if stale.names_current {
                    ""
                } else {
                    ", and the names lock"
                }
            ))
        }
    } else {
        let report = project::write(&dir, &generated.files).map_err(|e| e.to_string())?;
        let names_text = generated.names.to_text();
        if std::fs::read_to_string(&names_path).ok().as_deref() != Some(names_text.as_str()) {
            project::write_atomic(&names_path, &names_text).map_err(|e| e.to_string())?;
        }
        println!(
            "codegen: {summary}; {} written, {} deleted",
            report.written.len(),
            report.deleted.len()
        );
        Ok(())
    }
}
