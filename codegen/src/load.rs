//! Stage 1: bytes to a JSON value, and the value (after `normalize`) to `openapiv3::OpenAPI`.

use crate::error::{Error, ErrorKind, Result};
use serde_json::Value;

/// The largest spec accepted, in bytes. The pinned spec is about 4 MB.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of maps and lists accepted (serde_yaml's own limit is 128).
pub const MAX_DEPTH: usize = 100;

/// Parses YAML (or JSON) bytes into a JSON value. Map keys that YAML reads as numbers or
/// booleans (`200:`) become strings.
pub fn parse(bytes: &[u8]) -> Result<Value> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(Error::new(
            ErrorKind::TooLarge,
            "",
            format!("the spec is {} bytes; the limit is {MAX_SPEC_BYTES}", bytes.len()),
        ));
    }
    let value: Value = serde_yaml::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        let kind = if msg.contains("recursion limit") {
            ErrorKind::TooDeep
        } else {
            ErrorKind::Yaml
        };
        Error::new(kind, "", msg)
    })?;
    check_depth(&value, 0, &mut String::new())?;
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(value),
        Some(v) => Err(Error::new(
            ErrorKind::InvalidDocument,
            "/openapi",
            format!("OpenAPI version {v} is not supported (3.0 and 3.1 are)"),
        )),
        None => Err(Error::new(
            ErrorKind::InvalidDocument,
            "",
            "not an OpenAPI document: no `openapi` version string at the top level",
        )),
    }
}

fn check_depth(value: &Value, depth: usize, at: &mut String) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::new(
            ErrorKind::TooDeep,
            at.clone(),
            format!("the document nests more than {MAX_DEPTH} levels"),
        ));
    }
    let len = at.len();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push('/');
                at.push_str(&crate::error::escape_token(k));
                check_depth(v, depth + 1, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push_str(&format!("/{i}"));
                check_depth(v, depth + 1, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Deserializes a normalized document into `openapiv3::OpenAPI`; a failure names the JSON
/// pointer of the node that did not fit.
pub fn to_openapi(value: Value) -> Result<openapiv3::OpenAPI> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Error::new(ErrorKind::InvalidDocument, pointer, e.inner().to_string())
    })
}

/// Converts a serde path (`paths./portouts.get.parameters[0]`) to a JSON pointer.
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&crate::error::escape_token(key));
            }
            Segment::Enum { variant } => {
                out.push('/');
                out.push_str(&crate::error::escape_token(variant));
            }
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}
