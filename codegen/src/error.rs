//! The one error type of the generator: a kind to match on, the JSON pointer of the
//! offending node of the spec (or config), and a message.

use std::fmt;

/// What went wrong, coarsely, so callers and tests can match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not YAML (or JSON).
    Yaml,
    /// The document is YAML but not an OpenAPI 3.0/3.1 document of the shape we read.
    InvalidDocument,
    /// A `$ref` points to nothing, or outside this document.
    UnresolvedRef,
    /// `$ref`s that only point to each other.
    RefCycle,
    /// A construct the generator cannot express (yet).
    Unsupported,
    /// Two different things would get the same Rust name.
    NameCollision,
    /// The config is malformed, or names an operation the spec does not have.
    InvalidConfig,
    /// The spec is larger than the generator accepts.
    TooLarge,
    /// The spec nests deeper than the generator accepts.
    TooDeep,
    /// The spec bytes do not have the pinned sha256.
    ShaMismatch,
    /// Reading or writing a file failed.
    Io,
}

impl ErrorKind {
    /// A short lowercase name of the kind, as printed in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Yaml => "invalid YAML",
            ErrorKind::InvalidDocument => "invalid OpenAPI document",
            ErrorKind::UnresolvedRef => "unresolved $ref",
            ErrorKind::RefCycle => "$ref cycle",
            ErrorKind::Unsupported => "unsupported construct",
            ErrorKind::NameCollision => "name collision",
            ErrorKind::InvalidConfig => "invalid config",
            ErrorKind::TooLarge => "spec too large",
            ErrorKind::TooDeep => "spec nested too deeply",
            ErrorKind::ShaMismatch => "sha256 mismatch",
            ErrorKind::Io => "i/o error",
        }
    }
}

/// A generator error: kind, JSON pointer (RFC 6901) of the offending node, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where: a JSON pointer into the spec (`/paths/~1portouts/get`), or into the config
    /// when the message says so. Empty for the document as a whole.
    pub pointer: String,
    /// A one-line explanation.
    pub message: String,
}

impl Error {
    /// A new error.
    pub fn new(kind: ErrorKind, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            kind,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            write!(f, "{}: {}", self.kind.as_str(), self.message)
        } else {
            write!(f, "{}: {} (at {})", self.kind.as_str(), self.message, self.pointer)
        }
    }
}

impl std::error::Error for Error {}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Escapes one JSON pointer token (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer token (RFC 6901): `~1` is `/`, then `~0` is `~`.
pub(crate) fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Joins a base pointer and tokens.
pub(crate) fn pointer(base: &str, tokens: &[&str]) -> String {
    let mut out = base.to_string();
    for t in tokens {
        out.push('/');
        out.push_str(&escape_token(t));
    }
    out
}
