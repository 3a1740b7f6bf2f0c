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
    check_depth(&value)?;
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

/// A step from a value to one of its children.
enum Key<'a> {
    Name(&'a str),
    Index(usize),
}

/// Fails when the value nests deeper than [`MAX_DEPTH`]. The walk keeps only references to the
/// keys on the way down (recursion stops at the limit); the pointer string is built only for
/// the error.
fn check_depth(value: &Value) -> Result<()> {
    fn walk<'a>(v: &'a Value, path: &mut Vec<Key<'a>>) -> Result<()> {
        if path.len() > MAX_DEPTH {
            let pointer: String = path
                .iter()
                .map(|k| match k {
                    Key::Name(n) => format!("/{}", crate::error::escape_token(n)),
                    Key::Index(i) => format!("/{i}"),
                })
                .collect();
            return Err(Error::new(
                ErrorKind::TooDeep,
                pointer,
                format!("the document nests more than {MAX_DEPTH} levels"),
            ));
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    path.push(Key::Name(k));
                    walk(child, path)?;
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Key::Index(i));
                    walk(child, path)?;
                    path.pop();
                }
            }
            _ => {}
        }
        Ok(())
    }
    walk(value, &mut Vec::new())
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
