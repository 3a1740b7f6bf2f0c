//! `cargo xtask spec ...` and `cargo xtask full-spec`.

use crate::{check_args, flag_value, inputs};
use codegen::project;
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("slice") => slice(&args[1..]),
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
