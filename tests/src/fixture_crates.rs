//! Fixture crates: small workspace members that host the generator's output for a fixture
//! spec (`tests/fixtures/<name>.yaml`) next to the real runtime, so `cargo test --workspace`
//! compiles the output and runs the crate's own tests (and doctests) on it. Their generated
//! code is committed; [`check`] keeps it current (`BLESS=1` rewrites it).

use std::path::{Path, PathBuf};

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

/// A scratch workspace of host crates (generated code next to the runtime, through
/// `fixture_host::host!()`), built with this workspace's target directory so only the small
/// crates compile. Each crate is `host_<name>`, its library `host`.
#[derive(Debug)]
pub struct Scratch {
    /// The workspace root (removed on drop).
    pub root: PathBuf,
    members: Vec<String>,
}

impl Scratch {
    /// An empty scratch workspace under the system temp dir.
    #[allow(clippy::unwrap_used)]
    pub fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Scratch {
            root,
            members: Vec::new(),
        }
    }

    /// Adds `host_<name>` with `generated`'s files.
    pub fn host(&mut self, name: &str, generated: &codegen::Generated) {
        let dir = self.root.join(format!("host_{name}"));
        let ws = crate::root();
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"host_{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [lib]\nname = \"host\"\n\n[features]\nmock = []\n\n[dependencies]\n\
                 telnyx-portout = {{ path = {:?} }}\nfixture-host = {{ path = {:?} }}\n\
                 serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
                 chrono = {{ version = \"0.4\", default-features = false, features = [\"std\", \"serde\"] }}\n\
                 uuid = {{ version = \"1\", default-features = false, features = [\"std\", \"serde\"] }}\nbytes = \"1\"\n",
                ws.join("telnyx-portout").display().to_string(),
                ws.join("tests/fixture-host").display().to_string()
            ),
        );
        write(&dir.join("src/lib.rs"), "fixture_host::host!();\n");
        for (path, text) in &generated.files {
            write(&dir.join("src/generated").join(path), text);
        }
        self.members.push(format!("host_{name}"));
    }

    /// Adds `user_<name>`, a crate whose `src/lib.rs` is `code`, depending on `host_<name>`.
    pub fn user(&mut self, name: &str, code: &str) {
        let dir = self.root.join(format!("user_{name}"));
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"user_{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nhost_{name} = {{ path = \"../host_{name}\" }}\n"
            ),
        );
        write(&dir.join("src/lib.rs"), code);
        self.members.push(format!("user_{name}"));
    }

    /// `cargo check` of one member (offline, this workspace's versions and target dir): `Ok`,
    /// or the compiler's error lines.
    #[allow(clippy::unwrap_used, clippy::expect_used)]
    pub fn check(&self, package: &str) -> Result<(), String> {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        write(
            &self.root.join("Cargo.toml"),
            &format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
        );
        std::fs::copy(crate::root().join("Cargo.lock"), self.root.join("Cargo.lock")).unwrap();
        let out = crate::cargo()
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", crate::root().join("target"))
            .args(["check", "--offline", "--quiet", "-p", package])
            .output()
            .expect("cargo runs");
        if out.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            Err(stderr.into_owned())
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
