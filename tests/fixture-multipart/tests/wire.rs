//! The generated multipart requests on the wire: each body is parsed back part by part (the
//! framing by hand, strictly; each part's header block by `httparse`) and compared with what
//! the builder was given. Also: a file name cannot add a header, and a retry resends the
//! same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use multipart_fixture::models::{
    ClonesCreateCloneParams, FastClone, FastCloneProvider, RecordingsUploadRecordingParamsModel,
};
use multipart_fixture::{Client, File};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One part as received: name, file name, `Content-Type`, content, and how many header
/// lines it had.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    content: Vec<u8>,
    headers: usize,
}

fn part(name: &str, filename: Option<&str>, content_type: Option<&str>, content: &[u8]) -> Part {
    Part {
        name: name.into(),
        filename: filename.map(str::to_string),
        content_type: content_type.map(str::to_string),
        content: content.to_vec(),
        headers: 1 + usize::from(content_type.is_some()),
    }
}

/// The quoted parameters of a `Content-Disposition: form-data; k="v"; ...` value, read as a
/// quoted-string (a `;` inside quotes is text; no quote may appear inside: the sender
/// escapes them, and anything after the closing quote but `;` fails).
fn params(disposition: &str) -> Vec<(String, String)> {
    let mut rest = disposition.strip_prefix("form-data").expect("form-data");
    let mut out = Vec::new();
    while !rest.is_empty() {
        rest = rest
            .strip_prefix("; ")
            .unwrap_or_else(|| panic!("`; ` expected at {rest:?}"));
        let (key, after) = rest
            .split_once("=\"")
            .unwrap_or_else(|| panic!("key=\" expected at {rest:?}"));
        let end = after.find('"').expect("a closing quote");
        out.push((key.to_string(), after[..end].to_string()));
        rest = &after[end + 1..];
    }
    out
}

fn param(disposition: &str, key: &str) -> Option<String> {
    params(disposition).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The parts of a request's multipart/form-data body, checking its framing exactly.
fn parts(request: &Request) -> Vec<Part> {
    let ct = request.headers.get("content-type").unwrap().to_str().unwrap();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("content type {ct}"));
    assert!(!boundary.is_empty() && boundary.len() <= 70);
    let body = &request.body[..];
    let open = format!("--{boundary}\r\n");
    let close = format!("--{boundary}--\r\n");
    let delimiter = format!("\r\n--{boundary}");
    assert!(body.ends_with(close.as_bytes()), "{}", String::from_utf8_lossy(body));
    if body == close.as_bytes() {
        return Vec::new();
    }
    assert!(body.starts_with(open.as_bytes()), "{}", String::from_utf8_lossy(body));
    // Between the first delimiter and the last: parts, each ending with CRLF + delimiter.
    let mut rest = &body[open.len()..];
    let mut out = Vec::new();
    loop {
        let end = rest
            .windows(delimiter.len())
            .position(|w| w == delimiter.as_bytes())
            .expect("each part ends with the delimiter");
        let raw = &rest[..end];
        let mut headers = [httparse::EMPTY_HEADER; 8];
        let (offset, headers) = match httparse::parse_headers(raw, &mut headers).expect("part headers parse") {
            httparse::Status::Complete((offset, headers)) => (offset, headers),
            httparse::Status::Partial => panic!("incomplete part headers: {}", String::from_utf8_lossy(raw)),
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8(h.value.to_vec()).unwrap())
        };
        let disposition = header("content-disposition").expect("Content-Disposition");
        let keys: Vec<String> = params(&disposition).into_iter().map(|(k, _)| k).collect();
        assert!(keys == ["name"] || keys == ["name", "filename"], "{disposition}");
        out.push(Part {
            name: param(&disposition, "name").expect("a name"),
            filename: param(&disposition, "filename"),
            content_type: header("content-type"),
            content: raw[offset..].to_vec(),
            headers: headers.len(),
        });
        rest = &rest[end + delimiter.len()..];
        if rest == b"--\r\n" {
            return out;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
    }
}

async fn server(verb: &str, at: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The parts of the first request `server` received.
async fn sent_parts(server: &MockServer) -> Vec<Part> {
    parts(&server.received_requests().await.unwrap()[0])
}

fn client(server: &MockServer) -> Client {
    Client(
        telnyx_portout::Client::builder()
            .api_key("KEY")
            .base_url(server.uri())
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn every_member_is_sent_as_its_part() {
    let server = server("POST", "/recordings/r1/upload").await;
    let audio: Vec<u8> = (0..=255u8).collect();
    client(&server)
        .recordings()
        .upload_recording("r1", File::new("take 1.wav", audio.clone()))
        .language("en-US")
        .model(RecordingsUploadRecordingParamsModel::Accurate)
        .speakers(2)
        .punctuate(true)
        .tags(vec!["a".into(), "b c".into()])
        .config(json!({"diarize": true}))
        .attachments(vec![
            File::new("1.png", b"PNG".to_vec()).with_content_type("image/png"),
            File::new("2.bin", b"BIN".to_vec()),
        ])
        .body_id("x-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_parts(&server).await,
        [
            // Each of a list of files is a file part; the spec's `image/*` is no type to send.
            part("attachments", Some("1.png"), Some("image/png"), b"PNG"),
            part("attachments", Some("2.bin"), Some("application/octet-stream"), b"BIN"),
            // An object is one JSON part.
            part("config", None, Some("application/json"), br#"{"diarize":true}"#),
            // The file, with the spec's `encoding` content type; its bytes as given.
            part("file", Some("take 1.wav"), Some("audio/wav"), &audio),
            part("id", None, None, b"x-1"),
            part("language", None, None, b"en-US"),
            part("model", None, None, b"accurate"),
            part("punctuate", None, None, b"true"),
            part("speakers", None, None, b"2"),
            // A list of text: one part per item, with the spec's `encoding` content type.
            part("tags", None, Some("text/plain; charset=utf-8"), b"a"),
            part("tags", None, Some("text/plain; charset=utf-8"), b"b c"),
        ]
    );
}

#[tokio::test]
async fn unset_members_send_no_part() {
    let server = server("POST", "/recordings/r1/upload").await;
    client(&server)
        .recordings()
        .upload_recording("r1", File::new("a.wav", b"RIFF".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_parts(&server).await,
        [part("file", Some("a.wav"), Some("audio/wav"), b"RIFF")]
    );
}

#[tokio::test]
async fn a_file_name_cannot_add_a_header_or_a_part() {
    let server = server("POST", "/recordings/r1/upload").await;
    let name = "a\"; filename=\"b.exe\"\r\nX-Injected: 1\r\n\r\n--x.wav";
    client(&server)
        .recordings()
        .upload_recording("r1", File::new(name, b"RIFF".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_parts(&server).await,
        [part(
            "file",
            Some("a%22; filename=%22b.exe%22%0D%0AX-Injected: 1%0D%0A%0D%0A--x.wav"),
            Some("audio/wav"),
            b"RIFF"
        )]
    );
}

#[tokio::test]
async fn a_union_body_sends_its_variants_members() {
    let server = server("POST", "/clones").await;
    let clone = FastClone::new(File::new("v.wav", b"RIFF".to_vec()), FastCloneProvider::Fast).name("Ann");
    client(&server)
        .clones()
        .create_clone(ClonesCreateCloneParams::FastClone(clone))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_parts(&server).await,
        [
            part("audio_file", Some("v.wav"), Some("application/octet-stream"), b"RIFF"),
            part("name", None, None, b"Ann"),
            part("provider", None, None, b"fast"),
        ]
    );
}

#[tokio::test]
async fn a_retry_resends_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/certificates"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/certificates"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let c = Client(
        telnyx_portout::Client::builder()
            .api_key("KEY")
            .base_url(server.uri())
            .max_retries(1)
            .retry_sleeper(|_| async {})
            .build()
            .unwrap(),
    );
    c.certificates()
        .put_certificate()
        .certificate(File::new("cert.pem", b"-----BEGIN CERTIFICATE-----".to_vec()))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[0].headers.get("content-type"),
        requests[1].headers.get("content-type")
    );
    assert_eq!(
        parts(&requests[1]),
        [part(
            "certificate",
            Some("cert.pem"),
            Some("application/octet-stream"),
            b"-----BEGIN CERTIFICATE-----"
        )]
    );
}
