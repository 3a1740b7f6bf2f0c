//! The workspace side of the generator: the spec pin, the committed slice, the generated
//! folder, repinning and the drift check. The `codegen` library stays pure (spec bytes and
//! config in, files out); everything that knows where files live or touches the disk is
//! here, as rust-analyzer keeps `ensure_file_contents` in its xtask. The `xtask` binary
//! (`cargo xtask help`) and the workspace tests (`tests/`) both use it.

#![forbid(unsafe_code)]

pub mod cargo;
pub mod compiles;
pub mod gates;
pub mod lock;
pub mod npm;
pub mod prism;
pub mod project;
pub mod release;
pub mod watch;
