//! The testing kit with a multipart upload: an expectation built from a request builder
//! matches the same upload though each request has its own random boundary, and not another
//! one, saying how the body differs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use multipart_fixture::{Client, File};
use telnyx_portout::mock::MockTelnyx;

#[tokio::test]
async fn an_expectation_matches_the_same_upload_whatever_its_boundary() {
    let mock = MockTelnyx::start().await;
    let client = Client(mock.client());
    let upload = |content: &[u8]| {
        client
            .recordings()
            .upload_recording("r1", File::new("a.wav", content.to_vec()))
            .language("en")
    };
    let calls = mock.expect(upload(b"RIFF")).respond(()).mount();
    upload(b"RIFF").send().await.unwrap();
    assert_eq!(calls.calls(), 1);
    // Other content: no match, and the report shows the body.
    assert!(upload(b"RIFX").send().await.is_err());
    assert_eq!(calls.calls(), 1);
    let report = mock.check().unwrap_err().to_string();
    assert!(
        report.contains("expected the multipart body") && report.contains("RIFX"),
        "{report}"
    );
}
