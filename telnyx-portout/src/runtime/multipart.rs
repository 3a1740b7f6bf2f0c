//! `multipart/form-data` request bodies (RFC 7578), encoded here as bytes so every retry
//! resends the same body, and [`File`], the value of a file part.
//!
//! A body value is any `Serialize` object (the generated body struct, or a union of them).
//! Each member is one or more parts, following OpenAPI 3's default multipart encoding:
//! - a [`File`]: a file part (`filename`, the file's content type, else the spec's `encoding`
//!   one for the member, else `application/octet-stream`);
//! - text, a number or a boolean: a text field (no `Content-Type` unless the spec's `encoding`
//!   gives one);
//! - a list of those (or of files): one part per item, under the member's name;
//! - an object, or a list holding objects: one `application/json` part (or the `encoding`
//!   type);
//! - an unset member (`None`, `null`): no part.
//!
//! Names and file names are quoted as browsers do (HTML's form-data encoding: `"` as `%22`,
//! CR as `%0D`, LF as `%0A`), so no text a caller or the spec gives can end the header or add
//! one; content types are checked to be one header line. The boundary is random and checked
//! against every part's content, so it cannot collide with it.

use bytes::{BufMut, Bytes, BytesMut};
use serde::ser::SerializeMap;
use serde_json::Value;
use std::cell::RefCell;

/// A file sent in a `multipart/form-data` body: its bytes, its file name and, optionally,
/// its media type.
///
/// ```
/// let photo = telnyx_portout::File::new("photo.jpg", b"...".to_vec()).with_content_type("image/jpeg");
/// assert_eq!(photo.filename(), "photo.jpg");
/// ```
///
/// Serialized outside a multipart body (as JSON, say) it is an object of `filename`,
/// `content_type` and `content` (the bytes as text; a file whose bytes are not UTF-8 cannot be
/// written so and fails to serialize). It deserializes from the same object.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    filename: String,
    content_type: Option<String>,
    content: Bytes,
}

impl File {
    /// A file named `filename` holding `content`, its media type left to the operation (the
    /// spec's `encoding`, else `application/octet-stream`).
    pub fn new(filename: impl Into<String>, content: impl Into<Bytes>) -> File {
        File {
            filename: filename.into(),
            content_type: None,
            content: content.into(),
        }
    }

    /// The same file with media type `content_type` (`audio/mpeg`), sent as its part's
    /// `Content-Type`.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name sent.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The media type set with [`File::with_content_type`].
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes sent.
    pub fn content(&self) -> &Bytes {
        &self.content
    }
}

/// The name, content type and size, not the bytes (a file may be large; a request
/// builder's `Debug` shows a multipart body by its size, `runtime::Body`).
impl std::fmt::Debug for File {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("File")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.content.len())
            .finish()
    }
}

/// The files met while a multipart body is serialized (on this thread, for the duration of
/// [`encode`]'s one synchronous `serde_json::to_value`): each [`File`] is kept here and
/// stands in the value as `{key: index}`, `key` random per body so that no other value can
/// look like a file.
struct Capture {
    key: String,
    files: Vec<File>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

/// Ends the capture even if serialization panics.
struct CaptureGuard;

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|c| c.borrow_mut().take());
    }
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let captured = CAPTURE.with(|c| {
            c.borrow_mut().as_mut().map(|cap| {
                cap.files.push(self.clone());
                (cap.key.clone(), cap.files.len() - 1)
            })
        });
        if let Some((key, index)) = captured {
            let mut m = serializer.serialize_map(Some(1))?;
            m.serialize_entry(&key, &index)?;
            return m.end();
        }
        let content = std::str::from_utf8(&self.content).map_err(|_| {
            serde::ser::Error::custom(format!(
                "file `{}` holds bytes that are not UTF-8 text; it can only be sent in a multipart body",
                self.filename.escape_debug()
            ))
        })?;
        let mut m = serializer.serialize_map(Some(3))?;
        m.serialize_entry("filename", &self.filename)?;
        m.serialize_entry("content_type", &self.content_type)?;
        m.serialize_entry("content", content)?;
        m.end()
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            filename: String,
            #[serde(default)]
            content_type: Option<String>,
            content: String,
        }
        let r = Repr::deserialize(deserializer)?;
        Ok(File {
            filename: r.filename,
            content_type: r.content_type,
            content: Bytes::from(r.content),
        })
    }
}

/// One part: its name, file name (file parts), content type (if sent) and content.
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    content: Bytes,
}

/// How a member's value goes out.
enum Shape {
    Text(String),
    File(usize),
    Other,
}

/// The body of `value` (an object) and its `Content-Type` with the boundary. `part_types` are
/// the spec's `encoding` content types by member name.
pub(crate) fn encode<T: serde::Serialize + ?Sized>(
    value: &T,
    part_types: &[(&str, &str)],
) -> Result<(Bytes, String), crate::Error> {
    let invalid = |reason: String| crate::Error::InvalidArgument {
        parameter: "body".into(),
        reason,
    };
    let key = format!("$telnyx_portout::File#{:032x}", fastrand::u128(..));
    let (value, files) = {
        let _guard = CaptureGuard;
        CAPTURE.with(|c| {
            *c.borrow_mut() = Some(Capture {
                key: key.clone(),
                files: Vec::new(),
            })
        });
        let value = serde_json::to_value(value).map_err(|e| invalid(format!("cannot be serialized: {e}")))?;
        let files = CAPTURE
            .with(|c| c.borrow_mut().take())
            .map(|c| c.files)
            .unwrap_or_default();
        (value, files)
    };
    let Value::Object(members) = value else {
        return Err(invalid("a multipart body must be an object".into()));
    };
    let shape = |v: &Value| -> Shape {
        match v {
            Value::String(s) => Shape::Text(s.clone()),
            Value::Bool(_) | Value::Number(_) => Shape::Text(v.to_string()),
            Value::Object(m) if m.len() == 1 => match m.get(&key).and_then(Value::as_u64) {
                Some(i) => usize::try_from(i).map_or(Shape::Other, Shape::File),
                None => Shape::Other,
            },
            _ => Shape::Other,
        }
    };
    let mut parts = Vec::new();
    for (name, v) in &members {
        let spec_type = part_types.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
        let mut push = |shape: Shape| -> Result<(), crate::Error> {
            match shape {
                Shape::Text(text) => parts.push(Part {
                    name: name.clone(),
                    filename: None,
                    content_type: spec_type.map(str::to_string),
                    content: Bytes::from(text),
                }),
                Shape::File(i) => {
                    let f = files
                        .get(i)
                        .ok_or_else(|| invalid(format!("member `{name}` refers to no file")))?;
                    parts.push(Part {
                        name: name.clone(),
                        filename: Some(f.filename.clone()),
                        content_type: Some(
                            f.content_type
                                .as_deref()
                                .or(spec_type)
                                .unwrap_or("application/octet-stream")
                                .to_string(),
                        ),
                        content: f.content.clone(),
                    });
                }
                Shape::Other => {}
            }
            Ok(())
        };
        match v {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|i| !matches!(shape(i), Shape::Other)) => {
                for i in items {
                    push(shape(i))?;
                }
            }
            Value::Array(_) | Value::Object(_) if matches!(shape(v), Shape::Other) => {
                if contains_key(v, &key) {
                    return Err(invalid(format!(
                        "member `{name}` holds a file inside an object or a mixed list; a file can only be a member or an item of a list of files"
                    )));
                }
                let json = serde_json::to_vec(v).map_err(|e| invalid(format!("member `{name}`: {e}")))?;
                parts.push(Part {
                    name: name.clone(),
                    filename: None,
                    content_type: Some(spec_type.unwrap_or("application/json").to_string()),
                    content: Bytes::from(json),
                });
            }
            other => push(shape(other))?,
        }
    }
    for p in &parts {
        if let Some(ct) = &p.content_type {
            if ct.is_empty() || !ct.bytes().all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b)) {
                return Err(invalid(format!(
                    "the content type of part `{}` is not one header line of visible ASCII: {:?}",
                    p.name, ct
                )));
            }
        }
    }
    let boundary = boundary(&parts);
    let mut out = BytesMut::new();
    for p in &parts {
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
        out.put_slice(quote(&p.name).as_bytes());
        out.put_slice(b"\"");
        if let Some(f) = &p.filename {
            out.put_slice(b"; filename=\"");
            out.put_slice(quote(f).as_bytes());
            out.put_slice(b"\"");
        }
        out.put_slice(b"\r\n");
        if let Some(ct) = &p.content_type {
            out.put_slice(b"Content-Type: ");
            out.put_slice(ct.as_bytes());
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"\r\n");
        out.put_slice(&p.content);
        out.put_slice(b"\r\n");
    }
    out.put_slice(b"--");
    out.put_slice(boundary.as_bytes());
    out.put_slice(b"--\r\n");
    Ok((out.freeze(), format!("multipart/form-data; boundary={boundary}")))
}

/// Whether `v` holds the file marker `key` anywhere.
fn contains_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(m) => m.contains_key(key) || m.values().any(|i| contains_key(i, key)),
        Value::Array(items) => items.iter().any(|i| contains_key(i, key)),
        _ => false,
    }
}

/// A random boundary that no part's content, name or file name contains (RFC 2046: at most
/// 70 characters of a safe set).
fn boundary(parts: &[Part]) -> String {
    loop {
        let candidate = format!("telnyx-portout-{:032x}", fastrand::u128(..));
        let needle = candidate.as_bytes();
        let clash = parts.iter().any(|p| {
            p.content.windows(needle.len()).any(|w| w == needle)
                || p.name.contains(&candidate)
                || p.filename.as_deref().is_some_and(|f| f.contains(&candidate))
        });
        if !clash {
            return candidate;
        }
    }
}

/// A name or file name inside a quoted header parameter, escaped as HTML's form-data
/// encoding does: `"` as `%22`, CR as `%0D`, LF as `%0A`.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Upload {
        file: File,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        tags: Vec<String>,
        count: i64,
        config: Option<serde_json::Value>,
        unset: Option<String>,
    }

    fn text(body: &Bytes) -> String {
        String::from_utf8_lossy(body).into_owned()
    }

    #[test]
    fn members_become_parts_by_their_shape() {
        let body = Upload {
            file: File::new("a.wav", b"RIFF".to_vec()),
            language: Some("en".into()),
            tags: vec!["x".into(), "y".into()],
            count: 3,
            config: Some(serde_json::json!({"punctuate": true})),
            unset: None,
        };
        let (bytes, ct) = encode(&body, &[("file", "audio/wav")]).unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let d = |name: &str| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"");
        let expected = [
            format!(
                "{}\r\nContent-Type: application/json\r\n\r\n{{\"punctuate\":true}}\r\n",
                d("config")
            ),
            format!("{}\r\n\r\n3\r\n", d("count")),
            format!(
                "{}; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n",
                d("file")
            ),
            format!("{}\r\n\r\nen\r\n", d("language")),
            format!("{}\r\n\r\nx\r\n", d("tags")),
            format!("{}\r\n\r\ny\r\n", d("tags")),
            format!("--{boundary}--\r\n"),
        ]
        .concat();
        assert_eq!(text(&bytes), expected);
    }

    #[test]
    fn a_files_own_type_wins_over_the_specs_and_octet_stream_is_the_default() {
        #[derive(serde::Serialize)]
        struct Two {
            a: File,
            b: File,
        }
        let body = Two {
            a: File::new("a.pdf", b"x".to_vec()).with_content_type("application/x-own"),
            b: File::new("b.bin", b"y".to_vec()),
        };
        let (bytes, _) = encode(&body, &[("a", "application/pdf")]).unwrap();
        let t = text(&bytes);
        assert!(
            t.contains("filename=\"a.pdf\"\r\nContent-Type: application/x-own\r\n"),
            "{t}"
        );
        assert!(
            t.contains("filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n"),
            "{t}"
        );
    }

    #[test]
    fn file_names_and_content_types_cannot_add_headers() {
        let evil = File::new("a\"\r\nX-Injected: 1\r\n\r\n.txt", b"x".to_vec());
        #[derive(serde::Serialize)]
        struct One {
            f: File,
        }
        let (bytes, _) = encode(&One { f: evil }, &[]).unwrap();
        let t = text(&bytes);
        assert!(!t.contains("\r\nX-Injected"), "{t}");
        assert!(
            t.contains("filename=\"a%22%0D%0AX-Injected: 1%0D%0A%0D%0A.txt\""),
            "{t}"
        );
        let bad = One {
            f: File::new("a", b"x".to_vec()).with_content_type("text/plain\r\nX-Injected: 1"),
        };
        let err = encode(&bad, &[]).unwrap_err().to_string();
        assert!(err.contains("content type of part `f`"), "{err}");
    }

    #[test]
    fn the_boundary_is_not_in_any_content_and_differs_per_body() {
        let body = serde_json::json!({"a": "telnyx-portout-"});
        let (b1, c1) = encode(&body, &[]).unwrap();
        let (_, c2) = encode(&body, &[]).unwrap();
        assert_ne!(c1, c2);
        let boundary = c1.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(text(&b1).matches(boundary).count(), 2);
        assert!(boundary.len() <= 70);
    }

    #[test]
    fn only_objects_are_bodies_and_files_stay_top_level() {
        let err = encode(&vec![1, 2], &[]).unwrap_err().to_string();
        assert!(err.contains("must be an object"), "{err}");
        #[derive(serde::Serialize)]
        struct Nested {
            inner: std::collections::BTreeMap<String, File>,
        }
        let mut inner = std::collections::BTreeMap::new();
        inner.insert("f".to_string(), File::new("f", b"x".to_vec()));
        let err = encode(&Nested { inner }, &[]).unwrap_err().to_string();
        assert!(err.contains("member `inner` holds a file"), "{err}");
    }

    #[test]
    fn a_list_of_files_is_one_file_part_each() {
        #[derive(serde::Serialize)]
        struct Many {
            files: Vec<File>,
        }
        let body = Many {
            files: vec![File::new("1.txt", b"one".to_vec()), File::new("2.txt", b"two".to_vec())],
        };
        let (bytes, _) = encode(&body, &[]).unwrap();
        let t = text(&bytes);
        assert_eq!(t.matches("name=\"files\"; filename=").count(), 2, "{t}");
        assert!(t.contains("\r\n\r\none\r\n") && t.contains("\r\n\r\ntwo\r\n"), "{t}");
    }

    #[test]
    fn debug_shows_a_files_size_not_its_bytes() {
        let f = File::new("a.bin", vec![7u8; 1000]);
        assert_eq!(
            format!("{f:?}"),
            r#"File { filename: "a.bin", content_type: None, len: 1000 }"#
        );
    }

    #[test]
    fn outside_a_multipart_body_a_file_is_an_object_and_back() {
        let f = File::new("a.txt", b"hi".to_vec()).with_content_type("text/plain");
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"filename": "a.txt", "content_type": "text/plain", "content": "hi"})
        );
        assert_eq!(serde_json::from_value::<File>(json).unwrap(), f);
        let binary = File::new("b", vec![0xff, 0xfe]);
        let err = serde_json::to_value(&binary).unwrap_err().to_string();
        assert!(err.contains("not UTF-8"), "{err}");
    }
}
