//! Webhook verification and parsing: every error case, header forms, interoperability with
//! an independent Ed25519 implementation (the OpenSSL command line), and the three event types.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use http::{HeaderMap, HeaderValue};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use telnyx_portout::Decoding;
use telnyx_portout::models::{PortoutEventType, PortoutStatus};
use telnyx_portout::webhooks::{
    self, PublicKeyError, SIGNATURE_HEADER, SignatureEncodingError, TIMESTAMP_HEADER, Verifier, WebhookError,
    WebhookPayload,
};

/// The verifier's pinned clock in most tests.
const NOW: i64 = 1_700_000_000;
const BODY: &[u8] = br#"{"data":{"event_type":"portout.status_changed","id":"eef3340b-8903-4466-b445-89b697315a3a","occurred_at":"2023-11-14T22:13:20Z","payload":{"id":"96dfa9e4-c753-4fd3-97cd-42d66f26cf0c","status":"ported","rejection_reason":null},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://example.com/hook"}}"#;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[0x42; 32])
}

fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[0x17; 32])
}

fn public_b64(key: &SigningKey) -> String {
    STANDARD.encode(key.verifying_key().as_bytes())
}

/// What Telnyx does: sign "{timestamp}|{body}" and base64 the signature.
fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut message = format!("{timestamp}|").into_bytes();
    message.extend_from_slice(body);
    STANDARD.encode(key.sign(&message).to_bytes())
}

fn header_map(timestamp: &str, signature: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("Telnyx-Timestamp", HeaderValue::from_str(timestamp).unwrap());
    h.insert("Telnyx-Signature-Ed25519", HeaderValue::from_str(signature).unwrap());
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h
}

fn verifier() -> Verifier {
    Verifier::new(&public_b64(&key())).unwrap().now(NOW)
}

fn system_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/webhooks")
}

// ---------------------------------------------------------------------------------------
// Valid requests and header forms

#[test]
fn valid_signature_verifies_with_header_map() {
    let ts = NOW.to_string();
    let headers = header_map(&ts, &sign(&key(), &ts, BODY));
    verifier().verify(BODY, &headers).unwrap();
    let event = verifier().unwrap(BODY, &headers).unwrap();
    assert!(matches!(event.payload, WebhookPayload::StatusChanged(_)));
}

#[test]
fn valid_signature_verifies_with_pairs_in_any_case() {
    let ts = NOW.to_string();
    let sig = sign(&key(), &ts, BODY);
    // &str pairs, unusual casing, other headers around.
    let pairs = [
        ("Host", "example.com"),
        ("TELNYX-TIMESTAMP", ts.as_str()),
        ("Content-Type", "application/json"),
        ("tElNyX-sIgNaTuRe-Ed25519", sig.as_str()),
    ];
    verifier().verify(BODY, pairs).unwrap();
    // Owned pairs.
    let owned: Vec<(String, String)> = vec![
        ("telnyx-signature-ed25519".into(), sig.clone()),
        ("Telnyx-Timestamp".into(), ts.clone()),
    ];
    verifier().verify(BODY, owned).unwrap();
    // Byte values.
    let bytes: Vec<(&str, &[u8])> = vec![(TIMESTAMP_HEADER, ts.as_bytes()), (SIGNATURE_HEADER, sig.as_bytes())];
    verifier().verify(BODY, bytes).unwrap();
    // Already extracted.
    verifier().verify_parts(BODY, &ts, &sig).unwrap();
}

#[test]
fn header_map_names_are_case_insensitive() {
    let ts = NOW.to_string();
    let sig = sign(&key(), &ts, BODY);
    let mut headers = HeaderMap::new();
    headers.insert(
        http::HeaderName::from_bytes(b"TELNYX-SIGNATURE-ED25519").unwrap(),
        HeaderValue::from_str(&sig).unwrap(),
    );
    headers.insert(
        http::HeaderName::from_bytes(b"Telnyx-Timestamp").unwrap(),
        HeaderValue::from_str(&ts).unwrap(),
    );
    verifier().verify(BODY, &headers).unwrap();
}

#[test]
fn free_functions_use_the_system_clock() {
    let ts = system_now().to_string();
    let headers = header_map(&ts, &sign(&key(), &ts, BODY));
    let pk = public_b64(&key());
    webhooks::verify(BODY, &headers, &pk).unwrap();
    let event = webhooks::unwrap(BODY, &headers, &pk).unwrap();
    assert_eq!(event.id, "eef3340b-8903-4466-b445-89b697315a3a");
    // The key may come with whitespace (a trailing newline from an env file) or no padding.
    webhooks::verify(BODY, &headers, &format!(" {pk}\n")).unwrap();
    webhooks::verify(BODY, &headers, pk.trim_end_matches('=')).unwrap();
    // An old timestamp fails with the default 300 s tolerance.
    let old = (system_now() - 301).to_string();
    let headers = header_map(&old, &sign(&key(), &old, BODY));
    assert!(matches!(
        webhooks::verify(BODY, &headers, &pk),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn first_of_duplicate_headers_wins() {
    let ts = NOW.to_string();
    let mut headers = header_map(&ts, &sign(&key(), &ts, BODY));
    headers.append(SIGNATURE_HEADER, HeaderValue::from_static("garbage"));
    verifier().verify(BODY, &headers).unwrap();
}

// ---------------------------------------------------------------------------------------
// Missing and malformed headers

#[test]
fn missing_headers() {
    let ts = NOW.to_string();
    let sig = sign(&key(), &ts, BODY);
    let err = verifier().verify(BODY, [(SIGNATURE_HEADER, sig.as_str())]).unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(TIMESTAMP_HEADER)), "{err:?}");
    let err = verifier().verify(BODY, [(TIMESTAMP_HEADER, ts.as_str())]).unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(SIGNATURE_HEADER)), "{err:?}");
    let err = verifier().verify(BODY, &HeaderMap::new()).unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(_)), "{err:?}");
    assert!(err.to_string().contains("telnyx-"), "{err}");
    // A near-miss name does not count.
    let err = verifier()
        .verify(
            BODY,
            [("telnyx-timestamps", ts.as_str()), (SIGNATURE_HEADER, sig.as_str())],
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(TIMESTAMP_HEADER)), "{err:?}");
}

#[test]
fn malformed_timestamps() {
    for ts in [
        "",
        "abc",
        "12.5",
        "-5",
        "+1700000000",
        "1700000000abc",
        "0x10",
        "99999999999999999999999",
    ] {
        let sig = sign(&key(), ts, BODY);
        let err = verifier()
            .verify(BODY, [(TIMESTAMP_HEADER, ts), (SIGNATURE_HEADER, sig.as_str())])
            .unwrap_err();
        assert!(matches!(err, WebhookError::MalformedTimestamp), "{ts:?}: {err:?}");
    }
    // Not UTF-8 at all.
    let sig = sign(&key(), "x", BODY);
    let err = verifier()
        .verify(
            BODY,
            [(TIMESTAMP_HEADER, &b"\xff\xfe"[..]), (SIGNATURE_HEADER, sig.as_bytes())],
        )
        .unwrap_err();
    assert!(matches!(err, WebhookError::MalformedTimestamp), "{err:?}");
}

// ---------------------------------------------------------------------------------------
// Timestamp window

fn verify_at(verifier: &Verifier, ts: i64) -> Result<(), WebhookError> {
    let ts = ts.to_string();
    verifier.verify(BODY, header_map(&ts, &sign(&key(), &ts, BODY)).iter())
}

#[test]
fn timestamp_window_defaults_to_300_seconds_each_way() {
    let v = verifier();
    verify_at(&v, NOW).unwrap();
    verify_at(&v, NOW - 300).unwrap();
    verify_at(&v, NOW + 300).unwrap();
    let err = verify_at(&v, NOW - 301).unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampTooOld { timestamp, now } if timestamp == NOW - 301 && now == NOW),
        "{err:?}"
    );
    assert!(err.to_string().contains("301 s in the past"), "{err}");
    let err = verify_at(&v, NOW + 301).unwrap_err();
    assert!(
        matches!(err, WebhookError::TimestampInFuture { timestamp, now } if timestamp == NOW + 301 && now == NOW),
        "{err:?}"
    );
    // Far away in both directions (no overflow).
    assert!(matches!(verify_at(&v, 0), Err(WebhookError::TimestampTooOld { .. })));
    assert!(matches!(
        verify_at(&v, i64::MAX),
        Err(WebhookError::TimestampInFuture { .. })
    ));
}

#[test]
fn tolerance_is_configurable() {
    let strict = verifier().tolerance(Duration::from_secs(60));
    verify_at(&strict, NOW - 60).unwrap();
    assert!(matches!(
        verify_at(&strict, NOW - 61),
        Err(WebhookError::TimestampTooOld { .. })
    ));
    assert!(matches!(
        verify_at(&strict, NOW + 61),
        Err(WebhookError::TimestampInFuture { .. })
    ));

    let lax = verifier().tolerance(Duration::from_secs(3600));
    verify_at(&lax, NOW - 3000).unwrap();
    verify_at(&lax, NOW + 3000).unwrap();

    let exact = verifier().tolerance(Duration::ZERO);
    verify_at(&exact, NOW).unwrap();
    assert!(verify_at(&exact, NOW - 1).is_err());

    let off = verifier().tolerance(Duration::MAX);
    verify_at(&off, 0).unwrap();
}

#[test]
fn clock_is_injectable() {
    let v = Verifier::new(&public_b64(&key())).unwrap().clock(|| NOW + 1000);
    verify_at(&v, NOW + 1000).unwrap();
    assert!(matches!(verify_at(&v, NOW), Err(WebhookError::TimestampTooOld { .. })));
    // Debug does not panic and shows the key, not a closure.
    let debug = format!("{v:?}");
    assert!(
        debug.contains(&public_b64(&key())) && debug.contains("Custom"),
        "{debug}"
    );
}

#[test]
fn verifier_is_shareable() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Verifier>();
    assert_send_sync::<WebhookError>();
    assert_send_sync::<webhooks::WebhookEvent>();
    let v = verifier();
    let clone = v.clone();
    verify_at(&clone, NOW).unwrap();
}

// ---------------------------------------------------------------------------------------
// Public keys

#[test]
fn invalid_public_keys_say_why() {
    let err = Verifier::new("not base64!").unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::NotBase64)),
        "{err:?}"
    );
    // The why is the source (std's convention: not repeated in Display).
    let why = |e: &WebhookError| {
        std::error::Error::source(e)
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert_eq!(err.to_string(), "webhook: invalid public key");
    assert!(why(&err).contains("not base64"), "{err}");

    let err = Verifier::new(&STANDARD.encode([1u8; 31])).unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::WrongLength(31))),
        "{err:?}"
    );
    assert!(why(&err).contains("31 bytes, expected 32"), "{err}");
    let err = Verifier::new(&STANDARD.encode([1u8; 33])).unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::WrongLength(33))),
        "{err:?}"
    );
    let err = Verifier::new("").unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::WrongLength(0))),
        "{err:?}"
    );

    // 32 bytes that are not a curve point.
    let not_a_point = (0u8..=255)
        .map(|b| {
            let mut bytes = [0u8; 32];
            bytes[0] = b;
            bytes
        })
        .find(|bytes| VerifyingKey::from_bytes(bytes).is_err())
        .unwrap();
    let err = Verifier::new(&STANDARD.encode(not_a_point)).unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::NotAPoint)),
        "{err:?}"
    );

    // The free functions report the key before looking at the request.
    let err = webhooks::verify(BODY, &HeaderMap::new(), "###").unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::NotBase64)),
        "{err:?}"
    );
    let err = webhooks::unwrap(BODY, &HeaderMap::new(), "AAAA").unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidPublicKey(PublicKeyError::WrongLength(3))),
        "{err:?}"
    );
}

#[test]
fn another_accounts_public_key_does_not_verify() {
    let ts = NOW.to_string();
    let headers = header_map(&ts, &sign(&key(), &ts, BODY));
    let other = Verifier::new(&public_b64(&other_key())).unwrap().now(NOW);
    let err = other.verify(BODY, &headers).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    // And a request signed by the other account does not verify with ours.
    let headers = header_map(&ts, &sign(&other_key(), &ts, BODY));
    assert!(matches!(
        verifier().verify(BODY, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
}

// ---------------------------------------------------------------------------------------
// Signatures

#[test]
fn invalid_signature_encodings() {
    let ts = NOW.to_string();
    for (sig, expected) in [
        ("not*base64", SignatureEncodingError::NotBase64),
        ("", SignatureEncodingError::WrongLength(0)),
        (
            &STANDARD.encode([7u8; 63]) as &str,
            SignatureEncodingError::WrongLength(63),
        ),
        (
            &STANDARD.encode([7u8; 65]) as &str,
            SignatureEncodingError::WrongLength(65),
        ),
        (
            &STANDARD.encode([7u8; 32]) as &str,
            SignatureEncodingError::WrongLength(32),
        ),
    ] {
        let err = verifier().verify(BODY, header_map(&ts, sig).iter()).unwrap_err();
        assert!(
            matches!(&err, WebhookError::InvalidSignatureEncoding(e) if *e == expected),
            "{sig:?}: {err:?}"
        );
    }
    // URL-safe alphabet is not standard base64.
    let sig = base64::engine::general_purpose::URL_SAFE.encode([0xfb; 64]);
    let err = verifier().verify(BODY, header_map(&ts, &sig).iter()).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::InvalidSignatureEncoding(SignatureEncodingError::NotBase64)
        ),
        "{err:?}"
    );
    // 64 well-encoded bytes that are not a signature.
    let sig = STANDARD.encode([7u8; 64]);
    let err = verifier().verify(BODY, header_map(&ts, &sig).iter()).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
}

#[test]
fn body_changed_by_one_byte_does_not_verify() {
    let ts = NOW.to_string();
    let headers = header_map(&ts, &sign(&key(), &ts, BODY));
    let pos = BODY.windows(6).position(|w| w == b"ported").unwrap();
    let mut tampered = BODY.to_vec();
    tampered[pos] = b'P';
    let err = verifier().verify(&tampered, &headers).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    let err = verifier().unwrap(&tampered, &headers).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    // Also a single flipped bit anywhere, an added trailing newline, a dropped last byte.
    for i in [0, BODY.len() / 2, BODY.len() - 1] {
        let mut t = BODY.to_vec();
        t[i] ^= 1;
        assert!(matches!(
            verifier().verify(&t, &headers),
            Err(WebhookError::SignatureMismatch)
        ));
    }
    let mut t = BODY.to_vec();
    t.push(b'\n');
    assert!(matches!(
        verifier().verify(&t, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
    assert!(matches!(
        verifier().verify(&BODY[..BODY.len() - 1], &headers),
        Err(WebhookError::SignatureMismatch)
    ));
    // Re-serialized JSON (same meaning, different bytes) does not verify either.
    let reserialized = serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(BODY).unwrap()).unwrap();
    assert_ne!(reserialized, BODY);
    assert!(matches!(
        verifier().verify(&reserialized, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn valid_signature_over_a_different_timestamp_does_not_verify() {
    let signed_at = (NOW - 10).to_string();
    let sent_at = NOW.to_string();
    // Both timestamps are within the window; the signature is genuine, but for the other one.
    let headers = header_map(&sent_at, &sign(&key(), &signed_at, BODY));
    let err = verifier().verify(BODY, &headers).unwrap_err();
    assert!(matches!(err, WebhookError::SignatureMismatch), "{err:?}");
    // Same number, different bytes ("0" prefix): the message is the header as sent.
    let headers = header_map(&format!("0{sent_at}"), &sign(&key(), &sent_at, BODY));
    assert!(matches!(
        verifier().verify(BODY, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
    // Signature of the body alone, or with another separator.
    let headers = header_map(&sent_at, &STANDARD.encode(key().sign(BODY).to_bytes()));
    assert!(matches!(
        verifier().verify(BODY, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
    let mut msg = format!("{sent_at}.").into_bytes();
    msg.extend_from_slice(BODY);
    let headers = header_map(&sent_at, &STANDARD.encode(key().sign(&msg).to_bytes()));
    assert!(matches!(
        verifier().verify(BODY, &headers),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn empty_and_binary_bodies_verify_as_bytes() {
    let ts = NOW.to_string();
    for body in [&b""[..], &b"\x00\xff\xfe not json"[..]] {
        let headers = header_map(&ts, &sign(&key(), &ts, body));
        verifier().verify(body, &headers).unwrap();
        // Verified, but not a webhook envelope.
        let err = verifier().unwrap(body, &headers).unwrap_err();
        assert!(matches!(err, WebhookError::Parse { .. }), "{err:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Interoperability with OpenSSL

struct Vector {
    public_key: String,
    timestamp: String,
    signature: String,
    body: String,
}

fn read_vector() -> Vector {
    let text = std::fs::read_to_string(data_dir().join("openssl_vector.txt")).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name}= in openssl_vector.txt"))
            .to_string()
    };
    Vector {
        public_key: field("public_key"),
        timestamp: field("timestamp"),
        signature: field("signature"),
        body: field("body"),
    }
}

#[test]
fn openssl_vector_verifies() {
    let v = read_vector();
    let ts: i64 = v.timestamp.parse().unwrap();
    let verifier = Verifier::new(&v.public_key).unwrap().now(ts + 5);
    let headers = [
        ("Telnyx-Timestamp", &v.timestamp),
        ("Telnyx-Signature-Ed25519", &v.signature),
    ];
    verifier.verify(v.body.as_bytes(), headers).unwrap();
    let event = verifier.unwrap(v.body.as_bytes(), headers).unwrap();
    let WebhookPayload::NewComment(comment) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(comment.comment.as_deref(), Some("Café — the LOA is attached ✓"));

    // The same vector, tampered or checked against our key, fails.
    let tampered = v.body.replace("Café", "Cafe");
    assert!(matches!(
        verifier.verify(&tampered, headers),
        Err(WebhookError::SignatureMismatch)
    ));
    let ours = Verifier::new(&public_b64(&key())).unwrap().now(ts);
    assert!(matches!(
        ours.verify(&v.body, headers),
        Err(WebhookError::SignatureMismatch)
    ));
    // And it is old by now.
    assert!(matches!(
        webhooks::verify(&v.body, headers, &v.public_key),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

/// Runs `openssl` with `args`; `None` when the command is not installed.
fn openssl(args: &[&str]) -> Option<std::process::Output> {
    match Command::new("openssl").args(args).output() {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("running openssl: {e}"),
    }
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("webhooks-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn rust_signature_verifies_with_openssl_and_back() {
    let Some(version) = openssl(&["version"]) else {
        println!("NOTE: `openssl` is not installed; skipping the OpenSSL interoperability test");
        return;
    };
    assert!(version.status.success());
    let dir = scratch_dir("interop");
    let p = |f: &str| dir.join(f).to_str().unwrap().to_string();

    // 1. Our signature, checked by OpenSSL. Ed25519 SubjectPublicKeyInfo DER = fixed prefix + 32 bytes.
    let ts = system_now().to_string();
    let mut message = format!("{ts}|").into_bytes();
    message.extend_from_slice(BODY);
    let signature = STANDARD.decode(sign(&key(), &ts, BODY)).unwrap();
    let mut spki = vec![0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    spki.extend_from_slice(key().verifying_key().as_bytes());
    std::fs::write(p("pub.der"), &spki).unwrap();
    std::fs::write(p("message"), &message).unwrap();
    std::fs::write(p("sig"), &signature).unwrap();
    let verify_args = |sig: &str| {
        openssl(&[
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-keyform",
            "DER",
            "-inkey",
            &p("pub.der"),
            "-in",
            &p("message"),
            "-sigfile",
            sig,
        ])
        .unwrap()
    };
    let out = verify_args(&p("sig"));
    assert!(
        out.status.success(),
        "openssl rejected our signature: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // OpenSSL is really checking: a signature over another message is rejected.
    let mut wrong = message.clone();
    wrong.push(b' ');
    std::fs::write(p("sig-wrong"), key().sign(&wrong).to_bytes()).unwrap();
    assert!(!verify_args(&p("sig-wrong")).status.success());

    // 2. A fresh OpenSSL key and signature (current timestamp), checked by us.
    let out = openssl(&["genpkey", "-algorithm", "ed25519", "-out", &p("key.pem")]).unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = openssl(&["pkey", "-in", &p("key.pem"), "-pubout", "-outform", "DER"]).unwrap();
    assert!(out.status.success());
    let public_key = STANDARD.encode(&out.stdout[out.stdout.len() - 32..]);
    let out = openssl(&[
        "pkeyutl",
        "-sign",
        "-rawin",
        "-inkey",
        &p("key.pem"),
        "-in",
        &p("message"),
        "-out",
        &p("ossl-sig"),
    ])
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sig = STANDARD.encode(std::fs::read(p("ossl-sig")).unwrap());
    let headers = header_map(&ts, &sig);
    let event = webhooks::unwrap(BODY, &headers, &public_key).unwrap();
    assert!(matches!(event.payload, WebhookPayload::StatusChanged(_)));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// Parsing

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap()
}

#[test]
fn status_changed_parses() {
    let event = webhooks::parse(fixture("status_changed.json")).unwrap();
    assert_eq!(event.id, "eef3340b-8903-4466-b445-89b697315a3a");
    assert_eq!(event.event_type, PortoutEventType::PortoutStatusChanged);
    assert_eq!(event.occurred_at.to_rfc3339(), "2022-04-11T14:46:27+00:00");
    assert_eq!(event.record_type, "event");
    assert_eq!(event.meta.attempt, Some(1));
    assert_eq!(
        event.meta.delivered_to.as_deref(),
        Some("https://example.com/webhooks/telnyx")
    );
    let WebhookPayload::StatusChanged(p) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(p.status, Some(PortoutStatus::Authorized));
    assert_eq!(p.id.unwrap().to_string(), "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c");
    assert_eq!(p.user_id.unwrap().to_string(), "0e19c89e-f0ce-458a-a36c-3c60bc2014b1");
    assert_eq!(p.attempted_pin.as_deref(), Some("1234"));
    assert_eq!(p.carrier_name.as_deref(), Some("Testing Carrier"));
    assert_eq!(p.spid.as_deref(), Some("987H"));
    assert_eq!(
        p.phone_numbers.as_deref(),
        Some(&["+35312345678".to_string(), "+35312345679".to_string()][..])
    );
    // Nullable fields decode from null.
    assert_eq!(p.rejection_reason, None);
    assert_eq!(p.subscriber_name, None);
    assert_eq!(event.payload.raw(), None);
}

#[test]
fn new_comment_parses() {
    let event = webhooks::parse(fixture("new_comment.json")).unwrap();
    assert_eq!(event.id, "7c3e1d2a-9b8f-4e6d-a5c4-3b2a1f0e9d8c");
    assert_eq!(event.event_type, PortoutEventType::PortoutNewComment);
    assert_eq!(event.occurred_at.timestamp_micros(), 1_649_754_902_123_456);
    assert_eq!(event.meta.attempt, Some(2));
    let WebhookPayload::NewComment(p) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(p.comment.as_deref(), Some("Please upload the signed LOA."));
    assert_eq!(p.id.unwrap().to_string(), "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c");
    assert_eq!(
        p.portout_id.unwrap().to_string(),
        "d26109e5-0605-4671-a235-d3c649cc8406"
    );
    assert_eq!(p.user_id.unwrap().to_string(), "1c45c968-c2e0-4559-b1dd-db073962fc61");
}

#[test]
fn foc_date_changed_parses() {
    let event = webhooks::parse(fixture("foc_date_changed.json")).unwrap();
    assert_eq!(event.event_type, PortoutEventType::PortoutFocDateChanged);
    assert_eq!(event.event_type.as_str(), "portout.foc_date_changed");
    let WebhookPayload::FocDateChanged(p) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(p.foc_date.unwrap().to_rfc3339(), "2022-04-20T10:07:15.527+00:00");
    assert_eq!(p.id.unwrap().to_string(), "96dfa9e4-c753-4fd3-97cd-42d66f26cf0c");
    assert_eq!(p.user_id.unwrap().to_string(), "0e19c89e-f0ce-458a-a36c-3c60bc2014b1");
}

#[test]
fn signed_fixtures_unwrap() {
    for name in ["status_changed.json", "new_comment.json", "foc_date_changed.json"] {
        let body = fixture(name);
        let ts = NOW.to_string();
        let headers = header_map(&ts, &sign(&key(), &ts, &body));
        let event = verifier().unwrap(&body, &headers).unwrap();
        assert_eq!(event, webhooks::parse(&body).unwrap());
        assert!(event.payload.raw().is_none(), "{name}: {event:?}");
    }
}

#[test]
fn unknown_event_type_keeps_raw_payload() {
    let body = br#"{"data":{"event_type":"portout.something_new","id":"abc","occurred_at":"2030-01-01T00:00:00Z","payload":{"x":[1,2]},"record_type":"event"}}"#;
    let event = webhooks::parse(body).unwrap();
    assert_eq!(event.event_type, PortoutEventType::from("portout.something_new"));
    assert_eq!(event.payload, WebhookPayload::Unknown(serde_json::json!({"x": [1, 2]})));
    assert_eq!(event.payload.raw(), Some(&serde_json::json!({"x": [1, 2]})));
    // No meta: all None.
    assert_eq!(event.meta.attempt, None);
    assert_eq!(event.meta.delivered_to, None);
}

#[test]
fn placeholder_payload_values_do_not_fail_the_event() {
    // A phone number that is not E.164 is a plain string in the model: still typed.
    let body = br#"{"data":{"event_type":"portout.status_changed","id":"e1","occurred_at":"2022-04-11T14:46:27Z","payload":{"phone_numbers":["555-PLACEHOLDER"],"status":"some-new-status","subscriber_name":"<name>"},"record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://x"}}"#;
    let event = webhooks::parse(body).unwrap();
    let WebhookPayload::StatusChanged(p) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(p.phone_numbers.as_deref(), Some(&["555-PLACEHOLDER".to_string()][..]));
    assert_eq!(p.status, Some(PortoutStatus::from("some-new-status")));

    // An id that is not a UUID does not fit the model: by default it is left out and listed;
    // strictly, the payload is kept raw, with the reason.
    let body = br#"{"data":{"event_type":"portout.status_changed","id":"e2","occurred_at":"2022-04-11T14:46:27Z","payload":{"id":"96dfa9e4-c753-4fd3-97cd-42d66f26cf0c","status":"ported","user_id":"user-placeholder"},"record_type":"event"}}"#;
    let event = webhooks::parse(body).unwrap();
    let WebhookPayload::StatusChanged(p) = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!((p.status.clone(), p.user_id), (Some(PortoutStatus::Ported), None));
    assert_eq!(event.deviations.len(), 1);
    assert_eq!(event.deviations[0].path, "data.payload.user_id");
    assert_eq!(event.deviations[0].raw, Some(serde_json::json!("user-placeholder")));
    let event = webhooks::parse_with(body, Decoding::Strict).unwrap();
    assert_eq!(event.id, "e2");
    assert_eq!(event.event_type, PortoutEventType::PortoutStatusChanged);
    let WebhookPayload::Undecodable { payload, error } = &event.payload else {
        panic!("{event:?}")
    };
    assert_eq!(payload["user_id"], "user-placeholder");
    assert_eq!(error.path, "user_id");
    assert!(error.to_string().contains("user_id"), "{error}");
    assert_eq!(event.payload.raw(), Some(payload));

    // Same for a date that is not a date, and for a missing or null payload.
    let body = br#"{"data":{"event_type":"portout.foc_date_changed","id":"e3","occurred_at":"2022-04-11T14:46:27Z","payload":{"foc_date":"soon"}}}"#;
    let event = webhooks::parse(body).unwrap();
    assert!(
        matches!(&event.payload, WebhookPayload::FocDateChanged(p) if p.foc_date.is_none()),
        "{event:?}"
    );
    assert_eq!(event.deviations[0].path, "data.payload.foc_date");
    let event = webhooks::parse_with(body, Decoding::Strict).unwrap();
    assert!(
        matches!(&event.payload, WebhookPayload::Undecodable { error, .. } if error.path == "foc_date"),
        "{event:?}"
    );
    assert_eq!(event.record_type, "");
    let body = br#"{"data":{"event_type":"portout.new_comment","id":"e4","occurred_at":"2022-04-11T14:46:27Z"}}"#;
    let event = webhooks::parse(body).unwrap();
    assert!(
        matches!(&event.payload, WebhookPayload::Undecodable { payload, error } if payload.is_null() && error.path.is_empty()),
        "{event:?}"
    );
}

#[test]
fn malformed_envelopes_are_parse_errors() {
    let cases: &[(&[u8], &str)] = &[
        (b"not json", ""),
        (b"[]", ""),
        (br#"{"meta":{}}"#, ""),
        (br#"{"data":{"id":"e","occurred_at":"2022-04-11T14:46:27Z"}}"#, "data"),
        (br#"{"data":{"event_type":"portout.new_comment","occurred_at":"2022-04-11T14:46:27Z"}}"#, "data"),
        (br#"{"data":{"event_type":"portout.new_comment","id":"e","occurred_at":"yesterday"}}"#, "data.occurred_at"),
        (br#"{"data":{"event_type":"portout.new_comment","id":"e","occurred_at":"2022-04-11T14:46:27Z"},"meta":{"attempt":"one"}}"#, "meta.attempt"),
        (br#"{"data":{"event_type":"portout.new_comment","id":"e","occurred_at":"2022-04-11T14:46:27Z"}} trailing"#, ""),
    ];
    for (body, path) in cases {
        // By default, a deviating `meta` member is left out and listed; every other case has
        // nothing to read tolerantly.
        match webhooks::parse(body) {
            Ok(event) => assert_eq!(event.deviations[0].path, "meta.attempt"),
            Err(e) => assert!(matches!(e, WebhookError::Parse { .. }), "{e:?}"),
        }
        let err = webhooks::parse_with(body, Decoding::Strict).unwrap_err();
        let WebhookError::Parse { path: p, source } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(p, path, "{}: {source}", String::from_utf8_lossy(body));
        assert!(std::error::Error::source(&err).is_some());
        assert!(
            err.to_string().starts_with("webhook: body is not a webhook envelope"),
            "{err}"
        );
    }
}
