//! Response decoding. Every failure is a [`crate::DecodeError`] naming the JSON path of the
//! field that failed (`data[3].created_at`) and keeping the raw body.

use super::RawResponse;
use crate::deviation::{Decoding, Deviation};
use crate::error::{DecodeError, Error};
use serde::de::DeserializeOwned;

/// Decodes JSON bytes into `T`, naming the path of a failure; in tolerant mode what deviates
/// from the spec is recorded on `response` (see [`with_deviations`]).
pub fn bytes<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    let (value, deviations) = with_deviations(response)?;
    response.record(&deviations);
    Ok(value)
}

/// Decodes JSON bytes into `T` as `response.decoding` says, with what deviates from the spec.
///
/// The fast path is plain serde_json from the bytes: a conforming body costs nothing more and
/// the list of deviations stays an empty `Vec` (no allocation). Only a failure pays for a
/// second, path-tracking pass that names the field (`data[3].created_at`): the error in strict
/// mode, and in tolerant mode the start of the repair loop (`tolerant::decode`), which reads
/// what it can and reports each deviation, with one `WARN` event naming their paths.
pub fn with_deviations<T: DeserializeOwned>(response: &RawResponse) -> Result<(T, Vec<Deviation>), Error> {
    let (value, deviations) = slice(&response.body, response.decoding).map_err(|(path, error)| {
        Error::Decode(Box::new(DecodeError {
            operation: response.operation.clone(),
            status: response.status,
            content_type: response
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            path,
            message: error.to_string(),
            body: response.body.clone(),
            headers: response.headers.clone(),
        }))
    })?;
    warn(&response.operation, &deviations);
    Ok((value, deviations))
}

/// A JSON body decoded as `T` as `decoding` says, with what deviates from the spec (the
/// steps of [`with_deviations`], for responses and webhooks alike). A failure is the strict
/// decode's: the JSON path (empty for the whole body) and the error.
pub(crate) fn slice<T: DeserializeOwned>(
    body: &[u8],
    decoding: Decoding,
) -> Result<(T, Vec<Deviation>), (String, serde_json::Error)> {
    if let Ok(value) = serde_json::from_slice::<T>(body) {
        return Ok((value, Vec::new()));
    }
    let strict = || -> Result<(T, Vec<Deviation>), (String, serde_json::Error)> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            (if path == "." { String::new() } else { path }, e.into_inner())
        })?;
        // Trailing bytes after the JSON value are an error too, not silently dropped.
        de.end().map_err(|e| (String::new(), e))?;
        Ok((value, Vec::new()))
    };
    if decoding == Decoding::Strict {
        return strict();
    }
    // Not JSON at all (or trailing bytes): nothing to read tolerantly; the strict error says where.
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) else {
        return strict();
    };
    // What cannot be repaired fails as strict mode does, naming the first failure.
    super::tolerant::decode::<T>(&json).or_else(|_| strict())
}

/// The one `WARN` event of a call whose response deviates from the spec.
pub(crate) fn warn(operation: &str, deviations: &[Deviation]) {
    if deviations.is_empty() {
        return;
    }
    let paths: Vec<&str> = deviations.iter().map(|d| d.path.as_str()).collect();
    tracing::warn!(
        operation,
        deviations = deviations.len(),
        paths = %paths.join(", "),
        "the response deviates from the spec; decoded tolerantly (see the deviations of the response)"
    );
}

#[derive(serde::Deserialize)]
#[serde(remote = "Self")]
struct Data<T> {
    data: T,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Data<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Data::deserialize(ObjectOnly(d))
    }
}

/// `{"data": T}` to `T`.
pub fn data<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    bytes::<Data<T>>(response).map(|d| d.data)
}

/// The whole JSON body as `T`.
pub fn json<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    bytes::<T>(response)
}

/// No content expected: whatever came is ignored.
pub fn empty(_response: &RawResponse) -> Result<(), Error> {
    Ok(())
}

/// A non-JSON body (a PDF, a CSV, audio), as received.
pub fn binary(response: &RawResponse) -> Result<bytes::Bytes, Error> {
    Ok(response.body.clone())
}

/// A page of a paginated operation.
pub fn page<R: super::pagination::Paginated>(
    request: &R,
    response: &RawResponse,
) -> Result<super::pagination::Page<R::Item>, Error> {
    super::pagination::Page::decode(request.clone(), request.page_number().unwrap_or(1), response)
}

/// `serde_json::from_value` whose error message names the path inside the value (used by
/// tagged unions, whose variants are decoded from an already-parsed value).
pub fn from_value<'de, T: serde::Deserialize<'de>>(value: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })
}

/// The decoder of a required field of a type read from responses, which is an `Option`
/// (see the crate docs, "Responses that drift from the spec"): the value must be there and
/// not `null` (a missing one is serde's "missing field" error, as the field has no
/// default), so strict decoding refuses the absence; during tolerant decoding's repair it
/// is `None` where the repair marked the value absent, having recorded the deviation.
pub fn required<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    if !super::tolerant::repairing() {
        return T::deserialize(d).map(Some);
    }
    let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
    if super::tolerant::absence::read(&value) {
        return Ok(None);
    }
    // The value whole, as unions decode theirs: the path inside it leads the message.
    from_value(value)
        .map(Some)
        .map_err(<D::Error as serde::de::Error>::custom)
}

/// A deserializer that reads structs only from JSON objects.
///
/// serde's derived structs also accept a JSON array of their fields in order, so `[]` would
/// decode as a struct of `None`s and `["a", "b"]` as a struct with two fields set. The
/// runtime's envelopes deserialize through this wrapper, which asks for a map where a struct
/// is wanted: an array is an error naming the struct (generated structs are read from maps
/// only by `object.rs`).
#[derive(Debug)]
pub struct ObjectOnly<D>(pub D);

macro_rules! forward {
    ($($method:ident)*) => {
        $(
            fn $method<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: serde::de::Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, visitor)
    }

    /// The one change: a struct is read from a map only.
    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn response(body: &str, decoding: Decoding) -> RawResponse {
        RawResponse::new(
            http::StatusCode::OK,
            http::HeaderMap::new(),
            bytes::Bytes::from(body.to_string()),
            "GET /portouts".into(),
            decoding,
        )
    }

    /// A conforming page allocates nothing for deviations, by construction: the fast path
    /// returns `Vec::new()` (capacity 0: never allocated) and records nothing on the response.
    #[test]
    fn a_conforming_page_allocates_nothing_for_deviations() {
        let item = r#"{"id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0", "created_at": "2024-05-01T10:00:00Z", "rejection_code": 1}"#;
        let body = format!(
            r#"{{"data": [{}], "meta": {{"page_number": 1, "total_pages": 1}}}}"#,
            vec![item; 250].join(",")
        );
        let r = response(&body, Decoding::Tolerant);
        let (page, deviations): (serde_json::Map<String, serde_json::Value>, _) = with_deviations(&r).unwrap();
        assert_eq!(page["data"].as_array().unwrap().len(), 250);
        let typed: (Data<Vec<crate::models::PortoutDetails>>, _) = with_deviations(&r).unwrap();
        assert_eq!(typed.0.data.len(), 250);
        for found in [deviations, typed.1] {
            assert!(found.is_empty());
            assert_eq!(found.capacity(), 0, "the list of deviations was allocated");
        }
        r.record(&[]);
        assert_eq!(r.deviations.lock().unwrap().capacity(), 0);

        // One deviation: the list is allocated then, and recorded.
        let drifting = body.replacen("2024-05-01T10:00:00Z", "2024-05-01T10:00:00", 1);
        let r = response(&drifting, Decoding::Tolerant);
        let (_, found): (Data<Vec<crate::models::PortoutDetails>>, _) = with_deviations(&r).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "data[0].created_at");
    }
}
