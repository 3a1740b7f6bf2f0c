//! `cargo xtask spec ...` and `cargo xtask full-spec`.

use crate::{check_args, flag_value, inputs};
use codegen::project;
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("slice") => slice(&args[1..]),
        Some("update") => update(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some(other) => Err(format!("unknown `spec` command `{other}`; see `cargo xtask help`")),
        None => Err("`spec` needs a command; see `cargo xtask help`".into()),
    }
}

fn slice(args: &[String]) -> Result<(), String> {
    check_args(args, &["--out", "--spec"], &[])?;
    let out = flag_value(args, "--out")?.ok_or("spec slice needs --out PATH")?;
    let explicit = flag_value(args, "--spec")?.map(PathBuf::from);
    let root = project::workspace_root();
    let inputs = inputs(&root, explicit.as_deref())?;
    let value = codegen::slice_spec(&inputs.spec, &inputs.config).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    let out = PathBuf::from(out);
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("spec slice: wrote {}", out.display());
    Ok(())
}

/// `spec update --commit SHA` (download) or `--file PATH [--commit SHA]`: repin, regenerate,
/// print the API diff.
fn update(args: &[String]) -> Result<(), String> {
    check_args(args, &["--commit", "--file"], &[])?;
    let root = project::workspace_root();
    let commit = flag_value(args, "--commit")?;
    let file = flag_value(args, "--file")?.map(PathBuf::from);
    let (old_lock, _, _) = project::read_local(&root, None).map_err(|e| e.to_string())?;
    let bytes = match (&commit, &file) {
        (_, Some(f)) => std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?,
        (Some(c), None) => {
            let url = codegen::lock::SpecLock::url_for(&old_lock.repository, &old_lock.path, c);
            let dest = root
                .join(project::CACHE_DIR)
                .join(format!("spec3-{}.yml", c.get(..7).unwrap_or(c)));
            download(&url, &dest)?
        }
        (None, None) => return Err("spec update needs --commit SHA, or --file PATH [--commit SHA]".into()),
    };
    let done = project::repin(&root, &bytes, commit.as_deref(), file.as_deref()).map_err(|e| e.to_string())?;
    println!(
        "spec update: pinned {} (sha256 {}); {} files written, {} deleted",
        done.lock.commit,
        done.lock.sha256,
        done.report.written.len(),
        done.report.deleted.len()
    );
    if commit.is_none() {
        println!("note: no --commit given; the lock records the file as a mirror and no download URL");
    }
    for r in &done.unused_renames {
        println!("note: spec/portouts.yaml renames `{r}`, which this spec does not produce");
    }
    match done.diff {
        Some(d) => print!("{d}"),
        None => println!("(the previous spec is not available locally, so no API diff)"),
    }
    Ok(())
}

/// `spec diff --old PATH --new PATH`: the public-API diff between two spec files, with the
/// current config, writing nothing.
fn diff(args: &[String]) -> Result<(), String> {
    check_args(args, &["--old", "--new"], &[])?;
    let old = flag_value(args, "--old")?.ok_or("spec diff needs --old PATH")?;
    let new = flag_value(args, "--new")?.ok_or("spec diff needs --new PATH")?;
    let root = project::workspace_root();
    let (_, config, _) = project::read_local(&root, None).map_err(|e| e.to_string())?;
    let read = |p: &str| std::fs::read(p).map_err(|e| format!("{p}: {e}"));
    let a = codegen::build_ir(&read(&old)?, &config).map_err(|e| format!("{old}: {e}"))?;
    let b = codegen::build_ir(&read(&new)?, &config).map_err(|e| format!("{new}: {e}"))?;
    print!("{}", codegen::diff::diff(&a, &b));
    Ok(())
}

/// `full-spec`: generates every operation of the pinned spec into `target/full-spec` (a copy
/// of the telnyx-portout crate with the whole API as its generated code) and `cargo check`s it.
pub fn full_spec(args: &[String]) -> Result<(), String> {
    check_args(args, &["--spec"], &["--no-check"])?;
    let explicit = flag_value(args, "--spec")?.map(PathBuf::from);
    let root = project::workspace_root();
    let inputs = inputs(&root, explicit.as_deref())?;
    let config_path = root.join("spec").join("full.yaml");
    let text = std::fs::read_to_string(&config_path).map_err(|e| format!("{}: {e}", config_path.display()))?;
    let config = codegen::Config::parse(&text).map_err(|e| format!("{}: {e}", config_path.display()))?;
    let started = std::time::Instant::now();
    let generated = codegen::generate(&inputs.spec, &config, Some(&inputs.lock.commit)).map_err(|e| e.to_string())?;
    let gen_time = started.elapsed();
    let out = root.join("target").join("full-spec");
    let src = root.join("telnyx-portout");
    let _ = std::fs::remove_dir_all(out.join("src"));
    copy_dir(&src.join("src"), &out.join("src"), &["generated", "webhooks"])?;
    // The webhooks module types port-out notifications with the portout config's names.
    let lib = out.join("src").join("lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text.replace("pub mod webhooks;", "")).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(src.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest = detach_manifest(&manifest, &root)?;
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The workspace's lock, so the copy builds the same dependency versions (and, sharing the
    // workspace's target folder, reuses their artifacts).
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map_err(|e| format!("copying Cargo.lock: {e}"))?;
    let gen_dir = out.join("src").join("generated");
    let _ = std::fs::remove_dir_all(&gen_dir);
    project::write(&gen_dir, &generated.files).map_err(|e| e.to_string())?;
    let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
    println!(
        "full-spec: {} operations, {} types, {} files, {lines} lines generated in {gen_time:.2?}; {} operations skipped",
        generated.operation_count(),
        generated.api.types.len(),
        generated.files.len(),
        generated.api.skipped.len()
    );
    for (op, why) in &generated.api.skipped {
        println!("  skipped {op}: {why}");
    }
    if args.iter().any(|a| a == "--no-check") {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("check")
        .arg("--quiet")
        .arg("--manifest-path")
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|e| format!("running cargo check: {e}"))?;
    println!("full-spec: cargo check took {:.2?}", started.elapsed());
    if status.success() {
        Ok(())
    } else {
        Err("the full-spec crate does not compile".into())
    }
}

fn copy_dir(from: &Path, to: &Path, skip: &[&str]) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if skip.iter().any(|s| name == *s) {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name), &[])?;
        } else {
            std::fs::copy(&path, to.join(&name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Sections of the client's manifest the standalone copy leaves out: lints, dev-only
/// dependencies, and targets (examples, benches, tests) whose files are not copied.
fn skipped(section: &str) -> bool {
    section == "[lints]" || section == "[dev-dependencies]" || section.starts_with("[[")
}

/// The client crate's manifest made standalone: workspace inheritance replaced by the
/// workspace's values, so the copy builds outside the workspace (with the same Cargo.lock).
fn detach_manifest(manifest: &str, root: &Path) -> Result<String, String> {
    let ws = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let mut deps = std::collections::BTreeMap::new();
    let mut in_deps = false;
    for line in ws.lines() {
        if line.starts_with('[') {
            in_deps = line.trim() == "[workspace.dependencies]";
            continue;
        }
        if in_deps {
            if let Some((k, v)) = line.split_once('=') {
                if !line.trim_start().starts_with('#') {
                    deps.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
        }
    }
    let mut out = String::from("[workspace]\n\n");
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.trim().to_string();
            if skipped(&section) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if skipped(&section) {
            continue;
        }
        let trimmed = line.trim();
        if section == "[package]" && trimmed.contains(".workspace = true") {
            let key = trimmed.split('.').next().unwrap_or_default();
            let value = match key {
                "name" => continue,
                "version" => "\"0.0.0\"",
                "edition" => "\"2024\"",
                "publish" => "false",
                _ => continue,
            };
            out.push_str(&format!("{key} = {value}\n"));
            continue;
        }
        if section == "[package]" && trimmed.starts_with("name") {
            out.push_str("name = \"telnyx-full\"\n");
            continue;
        }
        if let Some(name) = trimmed.strip_suffix(".workspace = true") {
            let v = deps
                .get(name)
                .ok_or_else(|| format!("no workspace dependency `{name}`"))?;
            out.push_str(&format!("{name} = {v}\n"));
            continue;
        }
        if trimmed.contains("workspace = true") {
            // `tokio = { workspace = true, features = [...] }`
            let name = trimmed.split('=').next().unwrap_or_default().trim().to_string();
            let v = deps
                .get(&name)
                .ok_or_else(|| format!("no workspace dependency `{name}`"))?;
            let extra = trimmed
                .split_once("workspace = true")
                .map(|(_, r)| {
                    r.trim_start_matches(',')
                        .trim()
                        .trim_end_matches('}')
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            let base = if v.starts_with('{') {
                v.trim_end_matches('}').trim().to_string()
            } else {
                format!("{{ version = {v}")
            };
            let joined = if extra.is_empty() {
                format!("{base} }}")
            } else {
                format!("{base}, {extra} }}")
            };
            out.push_str(&format!("{name} = {joined}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// Downloads `url` to `dest` with curl (maintainers only; tests and CI never download).
pub fn download(url: &str, dest: &Path) -> Result<Vec<u8>, String> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    eprintln!("downloading {url}");
    let status = std::process::Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location", "--output"])
        .arg(dest)
        .arg(url)
        .status()
        .map_err(|e| format!("running curl to download {url}: {e} (or pass --spec PATH)"))?;
    if !status.success() {
        return Err(format!(
            "downloading {url} failed ({status}); pass --spec PATH to use a local copy"
        ));
    }
    std::fs::read(dest).map_err(|e| format!("{}: {e}", dest.display()))
}
