//! A host for the generator's output for `tests/fixtures/multipart.yaml`: multipart/form-data
//! uploads (a required file, optional text, enum, number, boolean, list, object and list of
//! files members, `encoding` content types, a union body, an all-optional body). Its tests
//! send the generated requests to a local server and parse the bodies back. `tests/
//! fixture_crates.rs` keeps `src/generated/` current (`BLESS=1` rewrites it).

#![forbid(unsafe_code)]

fixture_host::host!();
