//! `cargo xtask bench --only whole-api`: the compile cost of the whole Telnyx API as we
//! generate it (`target/full-spec`) side by side with the other Rust SDK for Telnyx, the
//! `telnyx` crate 0.1.0 with its `generated` feature (fetched from crates.io by cargo), in one
//! run: `cargo check` of each crate alone (dependencies built, `cargo clean -p` of the crate,
//! no incremental cache), wall time and peak memory (the largest process, read by
//! `/usr/bin/time`), as ratios; and what each crate is made of (lines, derives, items per
//! operation), which is where a `cargo check` spends its time. `cargo check --timings` reports
//! are left in the target folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The other SDK, pinned.
const OTHER: &str = "telnyx";
const OTHER_VERSION: &str = "0.1.0";

/// One measured `cargo check`: seconds and peak memory in MB (none without /usr/bin/time).
struct Measured {
    seconds: f64,
    peak_mb: Option<f64>,
}

/// `cargo check` of `manifest` after `cargo clean -p package`, measured.
fn check_alone(manifest: &Path, package: &str, features: &[&str], target: &Path) -> Result<Measured, String> {
    let status = xtask::cargo::command()
        .args(["clean", "--quiet", "-p", package, "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cargo clean: {e}"))?;
    if !status.success() {
        return Err(format!("cargo clean -p {package} failed"));
    }
    let time = Path::new("/usr/bin/time");
    let report = target.join(format!("peak-{package}.txt"));
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        xtask::cargo::strip_env(&mut c);
        c.arg("-f").arg("%M").arg("-o").arg(&report);
        c.arg(xtask::cargo::program());
        c
    } else {
        xtask::cargo::command()
    };
    cmd.args(["check", "--quiet", "--timings", "--manifest-path"])
        .arg(manifest)
        .args(features)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    let started = Instant::now();
    let status = cmd.status().map_err(|e| format!("cargo check: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("cargo check of {} failed", manifest.display()));
    }
    let peak_mb = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Ok(Measured { seconds, peak_mb })
}

/// What a crate's sources are made of.
#[derive(Default)]
struct Shape {
    files: usize,
    lines: usize,
    derives: usize,
    serde_derives: usize,
    structs: usize,
    enums: usize,
    fns: usize,
}

fn shape(dir: &Path) -> Shape {
    let mut s = Shape::default();
    for path in xtask::compiles::rust_files(dir, &[]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        s.files += 1;
        for line in text.lines() {
            s.lines += 1;
            let t = line.trim_start();
            if t.starts_with("#[derive(") {
                // Each derived trait is an impl the compiler expands and checks.
                let inner = t.trim_start_matches("#[derive(").trim_end_matches(")]");
                s.derives += inner.split(',').filter(|x| !x.trim().is_empty()).count();
                s.serde_derives += inner.matches("Serialize").count() + inner.matches("Deserialize").count();
            }
            if t.starts_with("pub struct ") || t.starts_with("struct ") {
                s.structs += 1;
            }
            if t.starts_with("pub enum ") || t.starts_with("enum ") {
                s.enums += 1;
            }
            if t.starts_with("pub fn ") || t.starts_with("fn ") || t.starts_with("pub async fn ") {
                s.fns += 1;
            }
        }
    }
    s
}

/// The folder cargo unpacked `telnyx` 0.1.0 into.
fn other_sources() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let src = home.join("registry").join("src");
    std::fs::read_dir(src)
        .ok()?
        .flatten()
        .map(|e| e.path().join(format!("{OTHER}-{OTHER_VERSION}")))
        .find(|p| p.is_dir())
}

pub fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("target").join("bench-whole-api");
    let target = dir.join("target");
    // The other SDK, as a dependency of an empty crate (so cargo fetches and builds it).
    let scratch = dir.join("other");
    std::fs::create_dir_all(scratch.join("src")).map_err(|e| format!("{}: {e}", scratch.display()))?;
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\n\n[package]\nname = \"bench-other-sdk\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{OTHER} = {{ version = \"={OTHER_VERSION}\", features = [\"generated\"] }}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(scratch.join("src").join("lib.rs"), "").map_err(|e| e.to_string())?;
    // Ours: the whole API as `cargo xtask full-spec` generates it.
    println!("  generating the whole API (cargo xtask full-spec --no-check)");
    let full = crate::spec::generate_full(root, &[])?;
    let ours = full.out.join("Cargo.toml");
    let our_features = ["--no-default-features", "--features", "rustls-ring"];

    println!("  building the dependencies of both (once)");
    for (manifest, features) in [(&scratch.join("Cargo.toml"), &[][..]), (&ours, &our_features[..])] {
        let status = xtask::cargo::command()
            .args(["check", "--quiet", "--manifest-path"])
            .arg(manifest)
            .args(features)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cargo check: {e}"))?;
        if !status.success() {
            return Err(format!("cargo check of {} failed", manifest.display()));
        }
    }
    println!("  cargo check of each crate alone (cargo clean -p, no incremental cache), one after the other");
    let theirs = check_alone(&scratch.join("Cargo.toml"), OTHER, &[], &target)?;
    let mine = check_alone(&ours, "telnyx-full", &our_features, &target)?;
    let mb = |m: &Measured| m.peak_mb.map_or("?".to_string(), |v| format!("{v:.0} MB"));
    println!(
        "  {OTHER} {OTHER_VERSION} (--features generated): {:.1} s, peak {}",
        theirs.seconds,
        mb(&theirs)
    );
    println!(
        "  ours ({} operations, target/full-spec):   {:.1} s, peak {}",
        full.generated.operation_count(),
        mine.seconds,
        mb(&mine)
    );
    println!("  ratio ours / theirs: time {:.2}x", mine.seconds / theirs.seconds);
    if let (Some(a), Some(b)) = (mine.peak_mb, theirs.peak_mb) {
        println!("  ratio ours / theirs: peak memory {:.2}x", a / b);
    }
    let ops = full.generated.operation_count().max(1) as f64;
    let our_shape = shape(&full.out.join("src"));
    let print = |name: &str, s: &Shape, ops: f64| {
        println!(
            "  {name}: {} files, {} lines ({:.0}/op), {} derived traits ({:.1}/op; serde {}), {} structs, {} enums, {} fns ({:.1}/op)",
            s.files,
            s.lines,
            s.lines as f64 / ops,
            s.derives,
            s.derives as f64 / ops,
            s.serde_derives,
            s.structs,
            s.enums,
            s.fns,
            s.fns as f64 / ops
        );
    };
    print("ours", &our_shape, ops);
    match other_sources() {
        // Their generated tier covers 1,148 operations (their README).
        Some(src) => print(&format!("{OTHER} {OTHER_VERSION}"), &shape(&src.join("src")), 1148.0),
        None => println!("  ({OTHER} {OTHER_VERSION}'s sources not found in the cargo registry cache)"),
    }
    println!("  per-crate timings: {}", target.join("cargo-timings").display());
    Ok(())
}
