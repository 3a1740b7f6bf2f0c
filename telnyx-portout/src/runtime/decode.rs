//! Response decoding. Every failure is a [`crate::DecodeError`] naming the JSON path of the
//! field that failed (`data[3].created_at`) and keeping the raw body.

use super::RawResponse;
use crate::error::{DecodeError, Error};
use serde::de::DeserializeOwned;

/// Decodes JSON bytes into `T`, naming the path of a failure.
pub fn bytes<T: DeserializeOwned>(response: &RawResponse) -> Result<T, Error> {
    let fail = |path: String, message: String| {
        Error::Decode(Box::new(DecodeError {
            operation: response.operation.clone(),
            status: response.status,
            content_type: response
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            path: if path == "." { String::new() } else { path },
            message,
            body: response.body.clone(),
        }))
    };
    // The fast path: plain serde_json. Only a failure pays for a second, path-tracking pass
    // that names the field (`data[3].created_at`).
    if let Ok(value) = serde_json::from_slice::<T>(&response.body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(&response.body);
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| fail(e.path().to_string(), e.into_inner().to_string()))?;
    // Trailing bytes after the JSON value are an error too, not silently dropped.
    de.end().map_err(|e| fail(String::new(), e.to_string()))?;
    Ok(value)
}

#[derive(serde::Deserialize)]
struct Data<T> {
    data: T,
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
) -> Result<super::pagination::Page<R>, Error> {
    super::pagination::Page::decode(request.clone(), response)
}

/// `serde_json::from_value` whose error message names the path inside the value (used by
/// tagged unions, whose variants are decoded from an already-parsed value).
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })
}
