//! The maintainer's loop commands on this workspace, where they change nothing: `watch` when
//! upstream has not moved past the pin writes nothing, and `publish` refuses a tag that is not
//! the last release's before publishing anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::xtask;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-loop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn watch_writes_nothing_when_upstream_has_not_moved() {
    let root = xtask::project::workspace_root();
    let lock = xtask::lock::SpecLock::read(&root.join(xtask::project::LOCK_PATH)).unwrap();
    let dir = scratch("watch");
    std::fs::write(
        dir.join(xtask::watch::ORDER_FILE),
        format!(
            "# oldest first\n0123456789abcdef0123456789abcdef01234567\n{}\n",
            lock.commit
        ),
    )
    .unwrap();
    let pr = dir.join("pr.md");
    let (ok, stdout, stderr) = xtask(&[
        "watch",
        "--dir",
        dir.to_str().unwrap(),
        "--pr-text",
        pr.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "upstream has not moved past the pin ({}); nothing written",
            lock.commit
        )),
        "{stdout}"
    );
    assert!(!pr.exists());
    let (ok, _, stderr) = xtask(&["watch"]);
    assert!(
        !ok && stderr.contains("watch needs one of --repo PATH or --dir PATH"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn publish_refuses_a_tag_that_is_not_the_last_release() {
    let root = xtask::project::workspace_root();
    let record = xtask::release::read_record(&root)
        .unwrap()
        .expect("the workspace has a release record");
    let (ok, _, stderr) = xtask(&["publish", "--tag", "v999.0.0", "--dry-run"]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "the tag `v999.0.0` is not the last release's (v{}",
            record.version
        )),
        "{stderr}"
    );
}
