//! Ed25519 signature and timestamp verification.

use super::error::{PublicKeyError, SignatureEncodingError, WebhookError};
use super::event::WebhookEvent;
use super::{DEFAULT_TOLERANCE, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use crate::deviation::Decoding;
use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ed25519_dalek::{Signature, VerifyingKey};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Standard alphabet; padding accepted but not required (keys pasted without `=` still work).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Where the verifier reads the current time from.
#[derive(Clone)]
enum Clock {
    System,
    Fixed(i64),
    Custom(Arc<dyn Fn() -> i64 + Send + Sync>),
}

impl Clock {
    fn now(&self) -> i64 {
        match self {
            Clock::System => match SystemTime::now().duration_since(UNIX_EPOCH) {
                Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
            },
            Clock::Fixed(t) => *t,
            Clock::Custom(f) => f(),
        }
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clock::System => f.write_str("System"),
            Clock::Fixed(t) => f.debug_tuple("Fixed").field(t).finish(),
            Clock::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// Verifies Telnyx webhook requests against one public key.
///
/// Build it once (at startup) and share it: it is cheap to clone, `Send` and `Sync`.
/// The checks, in order: both headers are present ([`WebhookError::MissingHeader`]); the
/// timestamp is whole Unix seconds ([`WebhookError::MalformedTimestamp`]) within the
/// tolerance of the clock ([`WebhookError::TimestampTooOld`],
/// [`WebhookError::TimestampInFuture`]); the signature is base64 of 64 bytes
/// ([`WebhookError::InvalidSignatureEncoding`]); it is a valid Ed25519 signature of
/// `"{telnyx-timestamp}|{body}"` ([`WebhookError::SignatureMismatch`]). Verification uses
/// `ed25519-dalek`'s strict mode (non-canonical and small-order encodings are rejected).
///
/// ```
/// use std::time::Duration;
/// use telnyx_portout::webhooks::Verifier;
///
/// # fn main() -> Result<(), telnyx_portout::webhooks::WebhookError> {
/// let verifier = Verifier::new("pxjkm9SSAMCAdVpOuyDoWr3Q9P0Hi0z+zH7xsV7uuCw=")?
///     .tolerance(Duration::from_secs(60));
/// let headers = [
///     ("Telnyx-Timestamp", "1649688387"),
///     ("Telnyx-Signature-Ed25519", "hfg3LAs81XAS7uqq1cKK0bfxDAJrbtqlppCZ4mRZjV4mju5ztKrYDXt5Lj/cp9UTr74in4QRWDvB4DxVE7+tCg=="),
/// ];
/// // A request with a two-year-old timestamp is a replay...
/// assert!(verifier.verify(b"{}", headers).is_err());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    key: VerifyingKey,
    tolerance: Duration,
    clock: Clock,
    decoding: Decoding,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("public_key", &BASE64.encode(self.key.as_bytes()))
            .field("tolerance", &self.tolerance)
            .field("clock", &self.clock)
            .finish()
    }
}

impl Verifier {
    /// A verifier for `public_key`: the standard base64 of the 32-byte Ed25519 public key
    /// shown in the Telnyx portal (conventionally kept in `TELNYX_PUBLIC_KEY`). Surrounding
    /// whitespace is ignored; padding is optional. The tolerance is
    /// [`DEFAULT_TOLERANCE`] (300 s) and the clock is the system clock.
    ///
    /// Fails with [`WebhookError::InvalidPublicKey`], saying whether the key is not base64,
    /// has the wrong length, or is not a curve point.
    pub fn new(public_key: &str) -> Result<Self, WebhookError> {
        let bytes = base64_exact::<32>(public_key.trim().as_bytes()).map_err(|e| {
            WebhookError::InvalidPublicKey(match e {
                None => PublicKeyError::NotBase64,
                Some(len) => PublicKeyError::WrongLength(len),
            })
        })?;
        Self::from_bytes(&bytes)
    }

    /// A verifier for the raw 32 bytes of an Ed25519 public key.
    ///
    /// Fails with [`WebhookError::InvalidPublicKey`]`(`[`PublicKeyError::NotAPoint`]`)` when
    /// the bytes are not a curve point.
    pub fn from_bytes(public_key: &[u8; 32]) -> Result<Self, WebhookError> {
        let key = VerifyingKey::from_bytes(public_key)
            .map_err(|_| WebhookError::InvalidPublicKey(PublicKeyError::NotAPoint))?;
        Ok(Verifier {
            key,
            tolerance: DEFAULT_TOLERANCE,
            clock: Clock::System,
            decoding: Decoding::Tolerant,
        })
    }

    /// A verifier for a key already parsed (the testing kit's signer).
    #[cfg(feature = "mock")]
    pub(crate) fn from_key(key: VerifyingKey) -> Self {
        Verifier {
            key,
            tolerance: DEFAULT_TOLERANCE,
            clock: Clock::System,
            decoding: Decoding::Tolerant,
        }
    }

    /// How far the timestamp may be from the clock, in either direction (default 300 s).
    /// Whole seconds count; the fraction is ignored. `Duration::MAX` disables the check.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// How [`unwrap`](Self::unwrap) parses the body (default [`Decoding::Tolerant`]; see
    /// [`parse_with`](super::parse_with)).
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.decoding = decoding;
        self
    }

    /// Pins the clock at `unix_secs` (for tests, or to verify a stored request as of the time
    /// it was received).
    pub fn now(mut self, unix_secs: i64) -> Self {
        self.clock = Clock::Fixed(unix_secs);
        self
    }

    /// Reads the current time (Unix seconds) from `clock` instead of the system clock.
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Clock::Custom(Arc::new(clock));
        self
    }

    /// Verifies a request: `body` is the raw request body exactly as received (do not
    /// re-serialize parsed JSON), `headers` the request headers.
    ///
    /// `headers` is anything that iterates over `(name, value)` pairs: `&http::HeaderMap`
    /// (axum, hyper, reqwest), actix-web's `req.headers()`, or plain pairs such as
    /// `[("telnyx-timestamp", "1649688387"), ...]` or a `Vec<(String, String)>`. Names are
    /// compared case-insensitively; when a header appears more than once, the first wins.
    pub fn verify<I, K, V>(&self, body: impl AsRef<[u8]>, headers: I) -> Result<(), WebhookError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let (timestamp, signature) = find_headers(headers);
        let timestamp = timestamp.ok_or(WebhookError::MissingHeader(TIMESTAMP_HEADER))?;
        let signature = signature.ok_or(WebhookError::MissingHeader(SIGNATURE_HEADER))?;
        self.verify_parts(body, timestamp, signature)
    }

    /// [`verify`](Self::verify) with the two header values already extracted: `timestamp`
    /// is the value of `telnyx-timestamp`, `signature` the value of
    /// `telnyx-signature-ed25519`.
    pub fn verify_parts(
        &self,
        body: impl AsRef<[u8]>,
        timestamp: impl AsRef<[u8]>,
        signature: impl AsRef<[u8]>,
    ) -> Result<(), WebhookError> {
        let timestamp = timestamp.as_ref();
        let ts = parse_timestamp(timestamp)?;
        self.check_window(ts)?;
        let signature = decode_signature(signature.as_ref())?;

        let body = body.as_ref();
        let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
        message.extend_from_slice(timestamp);
        message.push(b'|');
        message.extend_from_slice(body);
        self.key
            .verify_strict(&message, &signature)
            .map_err(|_| WebhookError::SignatureMismatch)
    }

    /// Verifies the request like [`verify`](Self::verify), then parses the body like
    /// [`parse`](super::parse).
    pub fn unwrap<I, K, V>(&self, body: impl AsRef<[u8]>, headers: I) -> Result<WebhookEvent, WebhookError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let body = body.as_ref();
        self.verify(body, headers)?;
        super::parse_with(body, self.decoding)
    }

    fn check_window(&self, timestamp: i64) -> Result<(), WebhookError> {
        let now = self.clock.now();
        let tolerance = i128::from(self.tolerance.as_secs());
        let age = i128::from(now) - i128::from(timestamp);
        if age > tolerance {
            Err(WebhookError::TimestampTooOld { timestamp, now })
        } else if -age > tolerance {
            Err(WebhookError::TimestampInFuture { timestamp, now })
        } else {
            Ok(())
        }
    }
}

/// The first value of each of the two headers, names compared case-insensitively.
fn find_headers<I, K, V>(headers: I) -> (Option<V>, Option<V>)
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<[u8]>,
{
    let mut timestamp = None;
    let mut signature = None;
    for (name, value) in headers {
        let name = name.as_ref().trim();
        if timestamp.is_none() && name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
            timestamp = Some(value);
        } else if signature.is_none() && name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
            signature = Some(value);
        }
        if timestamp.is_some() && signature.is_some() {
            break;
        }
    }
    (timestamp, signature)
}

fn parse_timestamp(value: &[u8]) -> Result<i64, WebhookError> {
    let value = value.trim_ascii();
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(WebhookError::MalformedTimestamp);
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .ok_or(WebhookError::MalformedTimestamp)
}

fn decode_signature(value: &[u8]) -> Result<Signature, WebhookError> {
    let bytes = base64_exact::<64>(value.trim_ascii()).map_err(|e| {
        WebhookError::InvalidSignatureEncoding(match e {
            None => SignatureEncodingError::NotBase64,
            Some(len) => SignatureEncodingError::WrongLength(len),
        })
    })?;
    Ok(Signature::from_bytes(&bytes))
}

/// Standard base64 (padding optional) of exactly `N` bytes. `Err(None)`: not base64;
/// `Err(Some(len))`: base64 of `len` bytes.
fn base64_exact<const N: usize>(input: &[u8]) -> Result<[u8; N], Option<usize>> {
    let bytes = BASE64.decode(input).map_err(|_| None)?;
    <[u8; N]>::try_from(bytes.as_slice()).map_err(|_| Some(bytes.len()))
}
