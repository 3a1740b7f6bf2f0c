//! Webhook verification on arbitrary bodies, headers and keys, with an oracle: with the
//! fuzzer's own key, a request verifies exactly when its signature is the real one over
//! `"{timestamp}|{body}"` and the timestamp is within the tolerance.
#![no_main]
#![forbid(unsafe_code)]

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signer as _, SigningKey};
use libfuzzer_sys::fuzz_target;
use std::time::Duration;
use telnyx_portout::webhooks::{self, Verifier, WebhookError};

const NOW: i64 = 1_700_000_000;
/// What the verifier decodes signatures with: standard alphabet, padding optional.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fuzz_target!(|input: (&[u8], &[u8], &[u8], &str, u8, u16)| {
    let (body, timestamp, signature, public_key, mode, tolerance) = input;
    // Arbitrary key and headers: an error (or a verified event), never a panic.
    let headers = [("telnyx-timestamp", timestamp), ("Telnyx-Signature-Ed25519", signature)];
    let _ = webhooks::verify(body, headers, public_key);
    if let Err(e) = webhooks::unwrap(body, headers, public_key) {
        drop(format!("{e} {e:?}"));
    }

    // The fuzzer's own key: only the real signature within the window verifies.
    let key = SigningKey::from_bytes(&[0x42; 32]);
    let verifier = match Verifier::new(&STANDARD.encode(key.verifying_key().as_bytes())) {
        Ok(v) => v.now(NOW).tolerance(Duration::from_secs(u64::from(tolerance))),
        Err(e) => panic!("own key rejected: {e:?}"),
    };
    let mut message = timestamp.to_vec();
    message.push(b'|');
    message.extend_from_slice(body);
    let real = STANDARD.encode(key.sign(&message).to_bytes());
    let sent: Vec<u8> = if mode % 2 == 0 {
        real.clone().into_bytes()
    } else {
        signature.to_vec()
    };
    let result = verifier.verify_parts(body, timestamp, &sent);
    let in_window = std::str::from_utf8(timestamp)
        .ok()
        .map(str::trim_ascii)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<i64>().ok())
        .is_some_and(|t| (i128::from(NOW) - i128::from(t)).abs() <= i128::from(tolerance));
    let genuine = LENIENT.decode(sent.trim_ascii()).ok() == STANDARD.decode(&real).ok();
    match &result {
        Ok(()) => assert!(in_window && genuine, "verified: ts {timestamp:?} sig {sent:?}"),
        Err(WebhookError::SignatureMismatch | WebhookError::InvalidSignatureEncoding(_)) => {
            assert!(!genuine || !in_window, "a genuine signature was rejected: {result:?}")
        }
        Err(_) => assert!(!in_window, "an in-window timestamp was rejected: {result:?}"),
    }
    if in_window && mode % 2 == 0 {
        assert!(result.is_ok(), "{result:?}");
    }
});
