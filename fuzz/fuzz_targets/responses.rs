//! Response decoding of every operation's top-level type (the PortoutDetails, event and
//! report page envelopes, PortoutDetails, PortoutEvent, PortoutReport, the comment list,
//! supporting documents, rejections) on arbitrary bytes: a value or `Error::Decode`, never
//! a panic.
#![no_main]
#![forbid(unsafe_code)]

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use libfuzzer_sys::fuzz_target;
use std::fmt::Debug;
use std::sync::OnceLock;
use telnyx_portout::runtime::RawResponse;
use telnyx_portout::runtime::endpoint::Endpoint;
use telnyx_portout::{Client, Error};

fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        Client::builder()
            .api_key("fuzz")
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    })
}

fn decode<E: Endpoint>(endpoint: E, response: &RawResponse)
where
    E::Output: Debug,
{
    match endpoint.decode(response) {
        Ok(v) => drop(format!("{v:?}")),
        Err(Error::Decode(d)) => {
            assert_eq!(d.body, response.body);
            drop(format!("{d} {d:?}"));
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((s, rest)) => (200 + u16::from(*s % 100), rest),
        None => (200, data),
    };
    let mut headers = HeaderMap::new();
    headers.insert(http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let response = RawResponse::new(
        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
        headers,
        Bytes::copy_from_slice(body),
        "GET /fuzz".into(),
        telnyx_portout::Decoding::Tolerant,
    );
    let p = client().portouts();
    decode(p.list(), &response);
    decode(p.retrieve("x"), &response);
    decode(p.list_rejection_codes("x"), &response);
    decode(p.events().list(), &response);
    decode(p.events().retrieve("x"), &response);
    decode(p.events().republish("x"), &response);
    decode(p.reports().list(), &response);
    decode(p.reports().retrieve("x"), &response);
    decode(p.comments().list("x"), &response);
    decode(p.supporting_documents().list("x"), &response);
});
