//! A host for generated code outside `telnyx-portout`: the generator's output for
//! `tests/fixtures/hostile_docs.yaml` (every markdown shape rustdoc takes for a doctest, and
//! raw HTML, in every place spec text reaches a doc comment), compiled against the real
//! runtime. `cargo test --workspace` runs this crate's doctests: if spec text ever became one,
//! its code (`compile_error!`, or a `should_panic`/`compile_fail` body that neither panics nor
//! fails) would fail the suite. `tests/doc_safety.rs` keeps `src/generated/` current
//! (`BLESS=1` rewrites it) and counts the doctests with rustdoc itself (zero allowed).

#![forbid(unsafe_code)]

fixture_host::host!();
