//! Codegen benchmark: the whole pipeline (`codegen::generate`) on the pinned 4 MB spec, as a
//! ratio over the bare cost of parsing the same bytes into a `serde_yaml::Value`, for the
//! port-out config (14 operations) and the full-API config (all operations), with the time
//! of every stage.
//!
//! A benchmark, not a test: `cargo bench -p telnyx-portout-codegen --bench pipeline`
//! (or `cargo xtask bench`). Every round runs the baseline and each measured case once, in
//! the same process, and each figure is the median over rounds of (case / baseline of the
//! same round), so the noise of a shared machine cancels out. `--quick` runs one round (CI:
//! the harness compiles and runs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let out = f();
    (started.elapsed(), out)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The stages of `codegen::generate`, each timed (the same calls as `codegen::build_ir` +
/// `codegen::generate`). `prettyplease` is timed apart by re-printing the emitted files from
/// their parsed syntax trees; `emit (quote + syn)` is emit's time without it.
fn staged(spec: &[u8], config: &codegen::Config) -> Vec<(&'static str, Duration)> {
    let mut out = Vec::new();
    let (t, raw) = time(|| codegen::load::parse(spec).unwrap());
    out.push(("parse (YAML to JSON value + depth check)", t));
    let (t, ok) = time(|| depth_ok(&raw, 0));
    assert!(ok);
    out.push(("  (proposal: allocation-free depth check)", t));
    let (t, (selected, mut slice)) = time(|| {
        let selected = codegen::select::operations(&raw, config).unwrap();
        let slice = codegen::select::slice(&raw, &selected).unwrap();
        (selected, slice)
    });
    out.push(("select + slice", t));
    let (t, ()) = time(|| drop(raw));
    out.push(("drop the parsed document", t));
    let (t, ()) = time(|| codegen::normalize::normalize(&mut slice));
    out.push(("normalize", t));
    let (t, openapi) = time(|| codegen::load::to_openapi(slice).unwrap());
    out.push(("to_openapi (openapiv3 conversion)", t));
    let (t, lowered) = time(|| codegen::lower::build(&openapi, &selected, config).unwrap());
    out.push(("build IR", t));
    let lock = codegen::naming::NamesLock::default();
    let api = lowered.api;
    let (t, naming) = time(|| {
        codegen::naming::assign(
            &api,
            &lowered.components,
            &config.type_names,
            &lock,
            &lowered.merged_enums,
        )
        .unwrap()
    });
    out.push(("naming (base names, config renames, names lock)", t));
    let (t, sha256) = time(|| codegen::sha256_hex(spec));
    out.push(("sha256", t));
    let provenance = codegen::emit::Provenance { commit: None, sha256 };
    let (t, surface) = time(|| codegen::surface::Surface::of(&api, &naming.names).unwrap());
    out.push(("surface", t));
    let (t_emit, files) = time(|| codegen::emit::emit(&api, &naming.names, &surface, &provenance).unwrap());
    // The Rust sources (`surface.txt` is the surface as text).
    let trees: Vec<syn::File> = files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(_, f)| syn::parse_file(f).unwrap())
        .collect();
    let (t_pretty, printed) = time(|| trees.iter().map(prettyplease::unparse).collect::<Vec<_>>());
    black_box(printed);
    out.push(("emit (quote + syn::parse2)", t_emit.saturating_sub(t_pretty)));
    out.push(("prettyplease", t_pretty));
    out
}

/// What `load::parse`'s depth check needs, without building a JSON pointer per node (a
/// proposal: build the pointer only on the failure path).
fn depth_ok(v: &serde_json::Value, depth: usize) -> bool {
    if depth > codegen::load::MAX_DEPTH {
        return false;
    }
    match v {
        serde_json::Value::Object(m) => m.values().all(|v| depth_ok(v, depth + 1)),
        serde_json::Value::Array(a) => a.iter().all(|v| depth_ok(v, depth + 1)),
        _ => true,
    }
}

/// sha256 of every generated file (path and contents), to compare two generator versions.
fn digest(g: &codegen::Generated) -> String {
    let mut all = Vec::new();
    for (path, text) in &g.files {
        all.extend_from_slice(path.to_string_lossy().as_bytes());
        all.push(0);
        all.extend_from_slice(text.as_bytes());
        all.push(0);
    }
    codegen::sha256_hex(&all)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // The full-API config takes about a minute per run on a 2-core machine: fewer rounds,
    // and none with `--quick` (CI only checks that the harness runs).
    let (rounds, full_rounds) = if quick { (1, 0) } else { (7, 3) };
    // The full spec: `cargo xtask bench` finds (or downloads) and verifies it, and passes its
    // path in $TELNYX_OPENAPI_SPEC.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec_path = std::env::var_os("TELNYX_OPENAPI_SPEC")
        .map(std::path::PathBuf::from)
        .expect("set TELNYX_OPENAPI_SPEC to the pinned full spec (`cargo xtask bench` does)");
    let spec = std::fs::read(&spec_path).unwrap_or_else(|e| panic!("{}: {e}", spec_path.display()));
    let config_text = std::fs::read_to_string(root.join("spec/portouts.yaml")).expect("spec/portouts.yaml");
    let config = codegen::Config::parse(&config_text).expect("spec/portouts.yaml parses");
    let full_text = std::fs::read_to_string(root.join("spec/full.yaml")).expect("spec/full.yaml");
    let full = codegen::Config::parse(&full_text).expect("spec/full.yaml parses");
    let commit = None;

    // Warm-up (page cache, allocator) and the sizes of the outputs.
    let lines = |g: &codegen::Generated| g.files.values().map(|f| f.lines().count()).sum::<usize>();
    println!(
        "codegen bench: {} ({} bytes), {rounds} round(s), {full_rounds} with the full config",
        spec_path.display(),
        spec.len()
    );
    let portouts = codegen::generate(&spec, &config, commit).expect("generate (portouts)");
    println!(
        "  portouts config: {} operations, {} lines",
        portouts.operation_count(),
        lines(&portouts)
    );
    drop(portouts);
    if full_rounds > 0 {
        let all = codegen::generate(&spec, &full, commit).expect("generate (full)");
        println!(
            "  full config: {} operations ({} skipped), {} types, {} lines, output sha256 {}",
            all.operation_count(),
            all.diagnostics.skipped.len(),
            all.api.types.len(),
            lines(&all),
            digest(&all)
        );
    }

    let mut ratios: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut stages: BTreeMap<(&str, usize, &str), Vec<f64>> = BTreeMap::new();
    let mut baseline_ms = Vec::new();
    for round in 0..rounds {
        let with_full = round < full_rounds;
        let (base, v) = time(|| serde_yaml::from_slice::<serde_yaml::Value>(&spec).unwrap());
        drop(black_box(v));
        let base_s = base.as_secs_f64();
        baseline_ms.push(base_s * 1e3);
        let (t, g) = time(|| codegen::generate(&spec, &config, commit).unwrap());
        drop(black_box(g));
        ratios
            .entry("generate, portouts (14 ops)")
            .or_default()
            .push(t.as_secs_f64() / base_s);
        if with_full {
            let (t, g) = time(|| codegen::generate(&spec, &full, commit).unwrap());
            drop(black_box(g));
            ratios
                .entry("generate, full API")
                .or_default()
                .push(t.as_secs_f64() / base_s);
        }
        let (t, v) = time(|| serde_yaml::from_slice::<serde_json::Value>(&spec).unwrap());
        drop(black_box(v));
        ratios
            .entry("(serde_yaml into serde_json::Value)")
            .or_default()
            .push(t.as_secs_f64() / base_s);
        let configs: &[(&str, &codegen::Config)] = if with_full {
            &[("portouts", &config), ("full", &full)]
        } else {
            &[("portouts", &config)]
        };
        for &(name, cfg) in configs {
            for (i, (stage, t)) in staged(&spec, cfg).into_iter().enumerate() {
                stages
                    .entry((name, i, stage))
                    .or_default()
                    .push(t.as_secs_f64() / base_s);
            }
        }
    }

    println!(
        "  baseline: serde_yaml::from_slice::<serde_yaml::Value> of the spec (median {:.0} ms on this machine; for scale only)",
        median(&mut baseline_ms)
    );
    println!(
        "  {:<52} {:>8}  target",
        "case (median ratio over the baseline)", "ratio"
    );
    for (name, v) in &mut ratios {
        let target = match *name {
            "generate, portouts (14 ops)" => "<= 1.30",
            "generate, full API" => "<= 3.00",
            _ => "",
        };
        println!("  {name:<52} {:>7.2}x  {target}", median(v));
    }
    for config in ["portouts", "full"] {
        if !stages.keys().any(|(c, _, _)| *c == config) {
            continue;
        }
        println!("  stages, {config} config (median ratio over the baseline):");
        let mut total = 0.0;
        for ((_, _, stage), v) in stages.iter_mut().filter(|((c, _, _), _)| *c == config) {
            let m = median(v);
            if !stage.starts_with("  (") {
                total += m;
            }
            println!("    {stage:<50} {m:>7.2}x");
        }
        println!("    {:<50} {total:>7.2}x", "(sum of stage medians)");
    }
}
