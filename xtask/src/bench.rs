//! `cargo xtask bench`: every figure of BENCHMARKS.md from one command.
//!
//! 1. `cargo bench -p telnyx-portout-codegen --bench pipeline` (codegen over a bare YAML parse);
//! 2. `cargo bench -p telnyx-portout --bench client` (request overhead, decoding, pagination
//!    memory, each over a hand-written baseline);
//! 3. `benches/python_sdk.py` (the official Python SDK against the same server and payloads);
//! 4. compile cost: clean builds of telnyx-portout (dependencies built) against reqwest's, in
//!    `target/bench-compile`, and the number of generated lines;
//!    With it, the whole API (`target/full-spec`) beside the `telnyx` 0.1.0 crate: `cargo
//!    check` time and peak memory of each alone (`bench_whole_api.rs`);
//! 5. downstream: clean builds of a throwaway app on telnyx-portout (path dependency) + tokio,
//!    with default and with minimal features, over a bare reqwest + tokio + serde_json app with
//!    the same TLS (rustls on ring), side by side in `target/bench-downstream`, with the number
//!    of crates each compiles;
//! 6. with `--tls`: reqwest's default TLS (rustls on aws-lc-rs) against ours (rustls without
//!    a provider + ring), clean builds of two scratch crates under `target/bench-tls`.
//!
//! `--quick` runs one short iteration of 1 to 3 (the CI check that the harnesses compile
//! and run) and skips the clean builds (4 to 6). Benchmarks are not tests: nothing here fails on a missed
//! target; the figures are ratios to read.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use xtask::lock::SpecLock;
use xtask::project;

use crate::check_args;

fn exec(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed ({status})"))
    }
}

fn timed(cmd: &mut Command) -> Result<Duration, String> {
    let started = Instant::now();
    exec(cmd)?;
    Ok(started.elapsed())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Builds the `client` bench of telnyx-portout and returns its executable.
fn client_bench_exe(root: &Path, command: &str) -> Result<PathBuf, String> {
    let out = xtask::cargo::command()
        .current_dir(root)
        .args([
            command,
            "-p",
            "telnyx-portout",
            "--bench",
            "client",
            "--no-run",
            "--message-format=json",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cargo bench --no-run: {e}"))?;
    if !out.status.success() {
        return Err("building the client bench failed".into());
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "client")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo did not report the client bench executable".into())
}

const BENCH_HELP: &str = "\
cargo xtask bench [--quick] [--tls] [--no-python] [--only SECTION]

Runs the benchmarks of BENCHMARKS.md and prints the figures (ratios over a baseline measured
in the same run). Sections: codegen, client, python, compile, whole-api, downstream, tls.

  --quick        one short iteration of codegen, client and python (CI: the harnesses run);
                 skips the clean-build measurements (compile, downstream, tls)
  --tls          also the TLS backend build comparison (minutes)
  --no-python    skip the official Python SDK comparison
  --only SECTION run one section
";

pub fn run(args: &[String]) -> Result<(), String> {
    if !check_args(args, BENCH_HELP, &["--only"], &["--quick", "--tls", "--no-python"])? {
        return Ok(());
    }
    let quick = args.iter().any(|a| a == "--quick");
    let only = crate::flag_value(args, "--only")?;
    let wants = |section: &str| only.as_deref().is_none_or(|o| o == section);
    let root = project::workspace_root();
    // `--quick` (CI): one short iteration, built with the test profile so that it reuses the
    // artifacts of `cargo build --workspace --all-targets`; the figures are not meaningful.
    let (command, extra): (&str, &[&str]) = if quick { ("test", &["--quick"]) } else { ("bench", &[]) };

    machine();

    if wants("codegen") {
        println!("\n== 1. codegen pipeline ==");
        // The bench runs the generator over the full spec (also with the whole-API config).
        let lock = SpecLock::read(&root.join(project::LOCK_PATH)).map_err(|e| e.to_string())?;
        let given = xtask::lock::given_or_env(None);
        let (spec, _) = project::full_spec(&root, &lock, given.as_deref(), true).map_err(|e| e.to_string())?;
        exec(
            xtask::cargo::command()
                .current_dir(&root)
                .env(xtask::lock::SPEC_ENV, &spec)
                .args([command, "-p", "telnyx-portout-codegen", "--bench", "pipeline", "--"])
                .args(extra),
        )?;
    }

    let exe = if wants("client") || wants("python") {
        Some(client_bench_exe(&root, command)?)
    } else {
        None
    };
    if let (true, Some(exe)) = (wants("client"), &exe) {
        println!("\n== 2-4. client: requests, decoding, pagination memory ==");
        exec(Command::new(exe).args(extra))?;
    }
    let python = wants("python") && !args.iter().any(|a| a == "--no-python");
    if let (true, Some(exe)) = (python, &exe) {
        println!("\n== 5. the official Python SDK ==");
        exec(
            Command::new("python3")
                .arg(root.join("benches").join("python_sdk.py"))
                .arg("--bin")
                .arg(exe)
                .args(extra),
        )?;
    }

    if !quick && wants("compile") {
        println!("\n== 6. compile cost ==");
        compile_cost(&root)?;
    }
    if !quick && wants("whole-api") {
        println!("\n== 6c. compile cost of the whole API, beside the telnyx 0.1.0 crate ==");
        crate::bench_whole_api::run(&root)?;
    }
    if !quick && wants("downstream") {
        println!("\n== 7. downstream clean build ==");
        downstream(&root)?;
    }
    let tls_wanted = only.as_deref() == Some("tls") || (only.is_none() && args.iter().any(|a| a == "--tls"));
    if !quick && tls_wanted {
        println!("\n== 6b. TLS backend compile cost ==");
        tls(&root)?;
    }
    Ok(())
}

fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpu
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "?".into());
    let mem = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let total = mem.lines().find(|l| l.starts_with("MemTotal")).unwrap_or("MemTotal: ?");
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "machine: {cores} cores, {model}, {}",
        total.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
    );
}

fn generated_lines(root: &Path) -> Result<(usize, usize), String> {
    let files = project::files_on_disk(&root.join(project::GENERATED_DIR)).map_err(|e| e.to_string())?;
    let generated: usize = files.values().map(|f| f.lines().count()).sum();
    let mut hand = 0;
    let mut stack = vec![root.join("telnyx-portout").join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.ends_with("generated") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                hand += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    Ok((generated, hand))
}

/// Clean builds (dev profile) of telnyx-portout with its dependencies built, against reqwest's
/// own, interleaved, in a target dir of their own.
fn compile_cost(root: &Path) -> Result<(), String> {
    let target = root.join("target").join("bench-compile");
    let build = || {
        let mut c = xtask::cargo::command();
        c.current_dir(root)
            .args(["build", "--quiet", "-p", "telnyx-portout", "--lib"])
            .env("CARGO_TARGET_DIR", &target);
        c
    };
    let clean = |pkg: &str| {
        let mut c = xtask::cargo::command();
        c.current_dir(root)
            .args(["clean", "--quiet", "-p", pkg])
            .env("CARGO_TARGET_DIR", &target);
        c
    };
    exec(&mut build())?;
    let (mut ours, mut ratios) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        exec(&mut clean("telnyx-portout"))?;
        let t = timed(&mut build())?.as_secs_f64();
        exec(&mut clean("reqwest"))?;
        // The reference: what `cargo clean -p reqwest` makes cargo rebuild.
        let both = timed(&mut build())?.as_secs_f64();
        println!("  round: telnyx-portout {t:.1} s; after `cargo clean -p reqwest` {both:.1} s");
        ours.push(t);
        ratios.push(t / both);
    }
    let (generated, hand) = generated_lines(root)?;
    println!(
        "  clean build of telnyx-portout (lib, dev profile, dependencies built): median {:.1} s on this machine",
        median(ours)
    );
    println!(
        "  ratio over the rebuild after `cargo clean -p reqwest` in the same run: {:.2}x",
        median(ratios)
    );
    println!(
        "  lines: {generated} generated (src/generated), {hand} hand-written (rest of src/); generated share {:.0}%",
        100.0 * generated as f64 / (generated + hand) as f64
    );
    Ok(())
}

const TLS_MAIN: &str = "fn main() {\n    let _ = reqwest::Client::builder();\n}\n";

/// Two scratch crates: reqwest with its default TLS (`rustls`: aws-lc-rs) and with ours
/// (`rustls-no-provider` + rustls/ring), otherwise the same features; clean dev builds.
fn tls(root: &Path) -> Result<(), String> {
    let base = root.join("target").join("bench-tls");
    let variants = [
        (
            "aws-lc-rs",
            "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"http2\"] }\n",
        ),
        (
            "ring",
            "reqwest = { version = \"0.13\", default-features = false, features = [\"rustls-no-provider\", \"http2\"] }\nrustls = { version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\", \"logging\"] }\n",
        ),
    ];
    let mut times = Vec::new();
    for (name, deps) in variants {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
        std::fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"tls-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{deps}"),
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(dir.join("src").join("main.rs"), TLS_MAIN).map_err(|e| e.to_string())?;
        // Resolve with the workspace's versions where they apply.
        let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
        exec(xtask::cargo::command().current_dir(&dir).args(["fetch", "--quiet"]))?;
        let _ = std::fs::remove_dir_all(dir.join("target"));
        let t = timed(xtask::cargo::command().current_dir(&dir).args(["build", "--quiet"]))?;
        println!("  reqwest + {name}: clean build {:.1} s", t.as_secs_f64());
        times.push(t.as_secs_f64());
    }
    println!(
        "  aws-lc-rs (reqwest's default) over ring (ours): {:.2}x",
        times[0] / times[1]
    );
    Ok(())
}

/// The throwaway apps of the downstream measurement: (name, dependencies, main.rs).
fn downstream_apps(root: &Path) -> Vec<(&'static str, String, &'static str)> {
    let client = root.join("telnyx-portout");
    let client = client.display();
    let tokio = "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";
    vec![
        (
            "baseline",
            format!(
                "reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls-no-provider\", \"http2\"] }}\n\
                 rustls = {{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\", \"logging\"] }}\n\
                 serde_json = \"1\"\n{tokio}"
            ),
            DOWNSTREAM_BASELINE,
        ),
        (
            "default",
            format!("telnyx-portout = {{ path = \"{client}\" }}\n{tokio}"),
            DOWNSTREAM_CLIENT,
        ),
        (
            "minimal",
            format!(
                "telnyx-portout = {{ path = \"{client}\", default-features = false, features = [\"rustls-ring\"] }}\n{tokio}"
            ),
            DOWNSTREAM_CLIENT,
        ),
    ]
}

/// The bare app: one GET decoded with serde_json, on reqwest with rustls on ring.
const DOWNSTREAM_BASELINE: &str = r#"#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let key = std::env::var("TELNYX_API_KEY")?;
    let body = reqwest::Client::new()
        .get("https://api.telnyx.com/v2/portouts")
        .bearer_auth(key)
        .send()
        .await?
        .bytes()
        .await?;
    let value: serde_json::Value = serde_json::from_slice(&body)?;
    println!("{}", value["data"].as_array().map_or(0, Vec::len));
    Ok(())
}
"#;

/// The app on the client: the same call.
const DOWNSTREAM_CLIENT: &str = r#"#[tokio::main]
async fn main() -> Result<(), telnyx_portout::Error> {
    let client = telnyx_portout::Client::from_env()?;
    let page = client.portouts().list().await?;
    println!("{}", page.data.len());
    Ok(())
}
"#;

/// Clean dev builds of the downstream apps, interleaved over rounds; prints each app's
/// median time, its ratio over the baseline of the same round, and the crates it compiles.
fn downstream(root: &Path) -> Result<(), String> {
    const ROUNDS: usize = 3;
    let base = root.join("target").join("bench-downstream");
    let apps = downstream_apps(root);
    for (name, deps, main) in &apps {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"downstream-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{deps}"
            ),
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(dir.join("src").join("main.rs"), main).map_err(|e| e.to_string())?;
        // The workspace's versions where they apply, then fetch (the builds are offline).
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
        exec(xtask::cargo::command().current_dir(&dir).args(["fetch", "--quiet"]))?;
    }
    // Wall time, and CPU time (user + system of cargo and everything it runs), which the
    // other processes of a shared machine disturb much less.
    let (mut wall, mut cpu) = (vec![Vec::new(); apps.len()], vec![Vec::new(); apps.len()]);
    let (mut wall_ratio, mut cpu_ratio) = (vec![Vec::new(); apps.len()], vec![Vec::new(); apps.len()]);
    let mut crates = vec![0usize; apps.len()];
    for round in 0..ROUNDS {
        let mut this = vec![(0.0, 0.0); apps.len()];
        // Alternate the order so that neither side always runs on a warmer machine.
        let order: Vec<usize> = if round % 2 == 0 {
            (0..apps.len()).collect()
        } else {
            (0..apps.len()).rev().collect()
        };
        for i in order {
            let (name, _, _) = &apps[i];
            let dir = base.join(name);
            let _ = std::fs::remove_dir_all(dir.join("target"));
            let json = dir.join("build.json");
            let started = Instant::now();
            // `times` prints the CPU time of the shell's children after the build.
            let mut sh = Command::new("sh");
            xtask::cargo::strip_env(&mut sh);
            let out = sh
                .arg("-c")
                .arg("\"$0\" build --offline --quiet --message-format=json > \"$1\" && times")
                .arg(xtask::cargo::program())
                .arg(&json)
                .current_dir(&dir)
                .env_remove("CARGO_TARGET_DIR")
                .stderr(std::process::Stdio::inherit())
                .output()
                .map_err(|e| format!("cargo build in {}: {e}", dir.display()))?;
            let secs = started.elapsed().as_secs_f64();
            if !out.status.success() {
                return Err(format!("the clean build of {} failed", dir.display()));
            }
            let cpu_secs = children_cpu(&String::from_utf8_lossy(&out.stdout)).ok_or_else(|| {
                format!(
                    "cannot read the CPU time from `times`: {:?}",
                    String::from_utf8_lossy(&out.stdout)
                )
            })?;
            let messages = std::fs::read_to_string(&json).map_err(|e| format!("{}: {e}", json.display()))?;
            let packages: std::collections::BTreeSet<String> = messages
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter(|m| m["reason"] == "compiler-artifact")
                .filter_map(|m| m["package_id"].as_str().map(str::to_string))
                .collect();
            // The app itself is not a dependency.
            crates[i] = packages.len().saturating_sub(1);
            println!(
                "  round {}: {name}: {secs:.1} s wall, {cpu_secs:.1} s CPU, {} crates",
                round + 1,
                crates[i]
            );
            this[i] = (secs, cpu_secs);
        }
        for i in 0..apps.len() {
            wall[i].push(this[i].0);
            cpu[i].push(this[i].1);
            wall_ratio[i].push(this[i].0 / this[0].0);
            cpu_ratio[i].push(this[i].1 / this[0].1);
        }
    }
    println!("  clean dev build, median of {ROUNDS} rounds: wall (ratio over baseline), CPU (ratio), crates compiled");
    for (i, (name, _, _)) in apps.iter().enumerate() {
        println!(
            "  {name:<9} {:>6.1} s ({:.2}x)   {:>6.1} s ({:.2}x)   {:>4} crates",
            median(wall[i].clone()),
            median(wall_ratio[i].clone()),
            median(cpu[i].clone()),
            median(cpu_ratio[i].clone()),
            crates[i]
        );
    }
    Ok(())
}

/// The children's user + system CPU seconds from the output of the shell's `times` (its
/// second line: `1m23.450s 0m10.120s`, or with more decimals).
fn children_cpu(times: &str) -> Option<f64> {
    let line = times.lines().filter(|l| !l.trim().is_empty()).nth(1)?;
    let seconds = |field: &str| -> Option<f64> {
        let (m, s) = field.trim().trim_end_matches('s').split_once('m')?;
        Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
    };
    let mut fields = line.split_whitespace();
    Some(seconds(fields.next()?)? + seconds(fields.next()?)?)
}
