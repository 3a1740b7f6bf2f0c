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

/// `spec update --commit SHA | --file PATH`: repin, regenerate, print the API diff.
fn update(args: &[String]) -> Result<(), String> {
    check_args(args, &["--commit", "--file"], &[])?;
    let root = project::workspace_root();
    let commit = flag_value(args, "--commit")?;
    let file = flag_value(args, "--file")?;
    let lock_path = root.join(project::LOCK_PATH);
    let old = project::read_local(&root, None).map_err(|e| e.to_string())?;
    let (old_lock, config, old_spec) = old;
    // The previous generation, for the diff: from the old pinned spec when it is at hand.
    let old_api = match &old_spec {
        Some((_, bytes)) => Some(codegen::build_ir(bytes, &config).map_err(|e| format!("old spec: {e}"))?),
        None => None,
    };
    let (bytes, new_commit) = match (commit, file) {
        (Some(c), None) => {
            if c.len() != 40 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                return Err(format!("`{c}` is not a full 40-digit commit hash"));
            }
            let url = codegen::lock::SpecLock::url_for(&old_lock.repository, &old_lock.path, &c);
            let dest = root.join(project::CACHE_DIR).join(format!("spec3-{}.yml", &c[..7]));
            (download(&url, &dest)?, c)
        }
        (None, Some(f)) => {
            let bytes = std::fs::read(&f).map_err(|e| format!("{f}: {e}"))?;
            // A local file keeps the commit it names in its file name if any, else the old one.
            let named = old_lock.commit.clone();
            (bytes, named)
        }
        _ => return Err("spec update needs exactly one of --commit SHA or --file PATH".into()),
    };
    let generated = codegen::generate(&bytes, &config, Some(&new_commit)).map_err(|e| format!("new spec: {e}"))?;
    let mut lock = old_lock.clone();
    lock.sha256 = codegen::lock::sha256_hex(&bytes);
    lock.url = codegen::lock::SpecLock::url_for(&lock.repository, &lock.path, &new_commit);
    lock.commit = new_commit;
    if let Some(f) = flag_value(args, "--file")? {
        // Remember where the local copy is, so later runs find it without the network.
        let abs = std::fs::canonicalize(&f).map_err(|e| format!("{f}: {e}"))?;
        let rel = relative_to(&abs, &root);
        if !lock.mirrors.contains(&rel) {
            lock.mirrors.insert(0, rel);
        }
    }
    let dir = root.join(project::GENERATED_DIR);
    let report = project::write(&dir, &generated.files).map_err(|e| e.to_string())?;
    std::fs::write(&lock_path, lock.to_text().map_err(|e| e.to_string())?)
        .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    println!(
        "spec update: pinned {} (sha256 {}); {} files written, {} deleted",
        lock.commit,
        lock.sha256,
        report.written.len(),
        report.deleted.len()
    );
    match old_api {
        Some(old) => print!("{}", codegen::diff::diff(&old, &generated.api)),
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

fn relative_to(path: &Path, root: &Path) -> String {
    // `../shared/spec/x.yml` style when the file is beside the workspace.
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut up = String::new();
    let mut base = root.as_path();
    loop {
        if let Ok(rest) = path.strip_prefix(base) {
            return format!("{up}{}", rest.display());
        }
        match base.parent() {
            Some(p) => {
                base = p;
                up.push_str("../");
            }
            None => return path.display().to_string(),
        }
    }
}

pub fn full_spec(_args: &[String]) -> Result<(), String> {
    Err("full-spec: not implemented yet".into())
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
