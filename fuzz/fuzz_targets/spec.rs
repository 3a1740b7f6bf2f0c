//! The spec loader, normalizer and IR builder on arbitrary YAML/JSON bytes, with the real
//! config (spec/portouts.yaml) and with `select: all`, then the emitter: errors are fine,
//! panics and hangs are not.
#![no_main]
#![forbid(unsafe_code)]

use codegen::Config;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn configs() -> &'static [Config; 2] {
    static CONFIGS: OnceLock<[Config; 2]> = OnceLock::new();
    CONFIGS.get_or_init(|| {
        let real = Config::parse(include_str!("../../spec/portouts.yaml")).unwrap_or_default();
        let all = Config::parse("select:\n  all: true\n").unwrap_or_default();
        [real, all]
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(mut value) = codegen::load::parse(data) {
        codegen::normalize::normalize(&mut value);
        let _ = codegen::load::to_openapi(value);
    }
    let [real, all] = configs();
    let _ = codegen::build_ir(data, real);
    let _ = codegen::generate(data, all, Some("0000000000000000000000000000000000000000"));
});
