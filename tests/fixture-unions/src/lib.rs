//! A host for the generator's output for `tests/fixtures/unions.yaml`: the 2025-08 shape of
//! Telnyx's port-out events (a `payload` that is a `oneOf` of three all-optional payloads,
//! without a discriminator) and a `oneOf` whose variants carry a one-value `kind`. Its tests
//! decode real payloads of each kind. `tests/fixture_crates.rs` keeps `src/generated/`
//! current (`BLESS=1` rewrites it).

#![forbid(unsafe_code)]

fixture_host::host!();
