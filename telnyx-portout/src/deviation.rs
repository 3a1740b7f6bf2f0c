//! Responses that drift from the spec: how they are decoded ([`Decoding`]) and what is kept
//! of each place that did not match ([`Deviation`]). The crate docs say what is tolerated.

use serde_json::Value;
use std::fmt;

/// How responses (and webhook payloads) are decoded.
///
/// Set it for a client with [`ClientBuilder::decoding`](crate::ClientBuilder::decoding) and
/// for one request with the request builder's `.decoding(..)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Decoding {
    /// The default: a value that does not match the spec is read under a documented
    /// interpretation or left absent, and recorded as a [`Deviation`]; the rest of the
    /// response is decoded as usual. Only a body that is not JSON at all, or whose top level
    /// cannot be read, fails the call.
    #[default]
    Tolerant,
    /// Any value that does not match the spec fails the call with
    /// [`Error::Decode`](crate::Error::Decode) naming its JSON path.
    Strict,
}

/// One place of a response that did not match the spec, and what the client did with it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Deviation {
    /// The JSON path of the value, as decode errors name it (`data[3].created_at`; indices
    /// are those of the response as received).
    pub path: String,
    /// The JSON received there; `None` when a member the spec requires was missing.
    pub raw: Option<Value>,
    /// Why it does not match the spec (the decoder's message).
    pub reason: String,
    /// What the client did with it.
    pub outcome: Outcome,
    /// In the deviations of an items stream ([`PaginationStream::deviations`]): the page
    /// whose body it is in, by the number it was requested as (`path` is within that page's
    /// body). `None` elsewhere.
    ///
    /// [`PaginationStream::deviations`]: crate::PaginationStream::deviations
    pub page: Option<i64>,
}

/// What the client did with a [`Deviation`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// The value was read under a documented interpretation (`rule`, one of the `RULE_*`
    /// constants of this module), as the JSON `read_as`.
    Interpreted {
        /// Which interpretation.
        rule: &'static str,
        /// The JSON the value was read as.
        read_as: Value,
    },
    /// The value was left out: the field is `None` (a field the spec requires too: its
    /// object keeps its other fields), or the item is not in its list. Its JSON is in
    /// [`Deviation::raw`] (none for a member that was missing).
    Absent,
}

/// A date-time without an offset (`2024-05-01T10:00:00`), read as UTC.
pub const RULE_DATE_TIME_UTC: &str = "a date-time without an offset, read as UTC";
/// A date-time with a space instead of `T` and without an offset, read as UTC.
pub const RULE_DATE_TIME_SPACE_UTC: &str = "a date-time with a space instead of `T` and without an offset, read as UTC";
/// An integer sent as a string (`"123"`), read as the integer.
pub const RULE_INTEGER_STRING: &str = "an integer sent as a string, read as the integer";
/// A number sent as a string (`"1.5"`), read as the number.
pub const RULE_NUMBER_STRING: &str = "a number sent as a string, read as the number";
/// `"true"` or `"false"` sent as a string, read as the boolean.
pub const RULE_BOOLEAN_STRING: &str = "a boolean sent as a string, read as the boolean";
/// A number where a string belongs (`123`), read as its JSON text (`"123"`).
pub const RULE_NUMBER_AS_STRING: &str = "a number where a string belongs, read as its JSON text";

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(page) = self.page {
            write!(f, "page {page}: ")?;
        }
        let path = if self.path.is_empty() { "." } else { &self.path };
        match &self.raw {
            Some(raw) => write!(f, "{path}: {raw} ({})", self.reason)?,
            None => write!(f, "{path}: missing ({})", self.reason)?,
        }
        match &self.outcome {
            Outcome::Interpreted { rule, read_as } => write!(f, "; read as {read_as}: {rule}"),
            Outcome::Absent => f.write_str("; left out"),
        }
    }
}

pub use crate::runtime::tolerant::MAX_DEVIATIONS;
