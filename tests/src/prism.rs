//! The Prism mock server of the tests: `xtask::prism` (shared with `cargo xtask full-spec
//! --exercise`), which installs the pinned Prism and starts it on the committed slice.

pub use xtask::prism::*;
