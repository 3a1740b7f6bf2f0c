//! Fixture crates: small workspace members that host the generator's output for a fixture
//! spec (`tests/fixtures/<name>.yaml`) next to the real runtime, so `cargo test --workspace`
//! compiles the output and runs the crate's own tests (and doctests) on it. Their generated
//! code is committed; [`check`] keeps it current (`BLESS=1` rewrites it).

use std::path::Path;

/// Generates fixture `name` (with `<name>.config.yaml`) and compares it with
/// `<crate_dir>/src/generated/`, or writes it there under `BLESS=1`.
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
pub fn check(name: &str, crate_dir: &str) -> codegen::Generated {
    let root = crate::root();
    let fixtures = root.join("tests/fixtures");
    let spec = std::fs::read(fixtures.join(format!("{name}.yaml"))).unwrap();
    let config_text = std::fs::read_to_string(fixtures.join(format!("{name}.config.yaml"))).unwrap();
    let config = codegen::Config::parse(&config_text).unwrap_or_else(|e| panic!("{name}.config.yaml: {e}"));
    let generated = codegen::generate(&spec, &config, None).unwrap_or_else(|e| panic!("{name}.yaml: {e}"));
    let dir = root.join(crate_dir).join("src/generated");
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in &generated.files {
            write(&dir.join(path), text);
        }
        return generated;
    }
    for (path, text) in &generated.files {
        let on_disk = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        assert!(
            on_disk == *text,
            "{crate_dir}/src/generated/{} is not the generator's output for tests/fixtures/{name}.yaml: \
             run `BLESS=1 cargo test -p workspace-tests --test fixture_crates`",
            path.display()
        );
    }
    generated
}

#[allow(clippy::unwrap_used)]
fn write(file: &Path, text: &str) {
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}
