//! Query strings, encoded as the official Telnyx SDKs send them: nested objects as
//! brackets (`filter[inserted_at][gte]=...`), arrays inside objects as one comma-joined value
//! (`filter[status_in]=pending,authorized`), unset values omitted, booleans as `true`/`false`,
//! date-times as RFC 3339. Every key and value is percent-encoded on its own, so a `,` `&` `=`
//! or `+` inside a value can never split or join values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;

const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The pairs of a query string, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Each key with its already-encoded value.
    pairs: Vec<(String, String)>,
}

/// A value that is one query value.
pub trait QueryValue {
    /// The value as text, before percent-encoding.
    fn query_value(&self) -> Cow<'_, str>;
}

/// A type that writes itself into a query under a key prefix (objects, unions).
pub trait ToQuery {
    /// Writes the pairs of `self` under `key`.
    fn to_query(&self, key: &str, q: &mut Query);
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

impl Query {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// `key=value`.
    pub fn value(&mut self, key: &str, value: &(impl QueryValue + ?Sized)) {
        self.pairs.push((key.to_string(), enc(&value.query_value())));
    }

    /// `key=a,b,c`: one value, items encoded separately and joined by a literal comma.
    pub fn list<'v, T: QueryValue + 'v>(&mut self, key: &str, values: impl Iterator<Item = &'v T>) {
        let joined: Vec<String> = values.map(|v| enc(&v.query_value())).collect();
        self.pairs.push((key.to_string(), joined.join(",")));
    }

    /// `key=a&key=b`: the key repeated.
    pub fn repeat<'v, T: QueryValue + 'v>(&mut self, key: &str, values: impl Iterator<Item = &'v T>) {
        for v in values {
            self.value(key, v);
        }
    }

    /// `key=<JSON>` for values with no query form of their own.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.pairs.push((key.to_string(), enc(&text)));
    }

    /// Appends a raw (unencoded) pair, as given in per-request options.
    pub fn extra(&mut self, key: &str, value: &str) {
        self.pairs.push((key.to_string(), enc(value)));
    }

    /// Whether no pair was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs as sent: keys decoded, values encoded.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The encoded query string, without `?`.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&enc(k));
            out.push('=');
            out.push_str(v);
        }
        out
    }
}

impl QueryValue for str {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}
impl QueryValue for String {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}
impl QueryValue for i64 {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}
impl QueryValue for f64 {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}
impl QueryValue for bool {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}
impl QueryValue for chrono::DateTime<chrono::Utc> {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}
impl QueryValue for chrono::NaiveDate {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
}
impl QueryValue for uuid::Uuid {
    fn query_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.hyphenated().to_string())
    }
}
