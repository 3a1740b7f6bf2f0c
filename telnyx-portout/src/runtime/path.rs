//! Path parameters: each value becomes exactly one percent-encoded path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded, so `/`, `?`, `#` and `%`
/// cannot change the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Encodes one path parameter. Empty values, and `.` or `..` (which URL parsers resolve
/// as path navigation even when encoded), are errors before anything is sent.
pub fn segment(name: &str, value: &str) -> Result<String, crate::Error> {
    if value.is_empty() {
        return Err(crate::Error::InvalidArgument {
            parameter: name.to_string(),
            reason: "must not be empty".into(),
        });
    }
    if value == "." || value == ".." {
        return Err(crate::Error::InvalidArgument {
            parameter: name.to_string(),
            reason: format!("`{value}` is not a valid path segment"),
        });
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}
