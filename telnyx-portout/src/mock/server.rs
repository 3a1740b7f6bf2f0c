//! The HTTP/1 server: each request is recorded, matched against the expectations in the
//! order they were mounted, and answered (or its connection dropped) as the first one that
//! matches says.

use super::matching::ReceivedRequest;
use super::{Action, Shared};
use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::json;
use std::fmt;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// Why the server dropped a connection (a `reset()` or `truncated()` expectation). hyper
/// closes the connection without (completing) a response when a service or body fails.
#[derive(Debug)]
pub(super) struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by the mock, as the expectation asked")
    }
}

impl std::error::Error for Dropped {}

type Body = BoxBody<Bytes, Dropped>;

/// How long a `truncated()` response waits, after its data, before the connection is cut:
/// long enough for hyper to flush the head and the data to the socket.
const TRUNCATE_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

fn full(bytes: Bytes) -> Body {
    Full::new(bytes).map_err(|never| match never {}).boxed()
}

/// Accepts connections until the task is aborted (which aborts every connection with it).
pub(super) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        while connections.try_join_next().is_some() {}
        let shared = shared.clone();
        connections.spawn(async move {
            let service = service_fn(move |req| handle(shared.clone(), req));
            // A failed connection (a dropped one included) only ends that connection.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>) -> Result<Response<Body>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let request = ReceivedRequest::new(parts.method, parts.uri.path(), parts.uri.query(), parts.headers, body);
    let step = match shared.plan(request.clone()) {
        Ok(step) => step,
        Err(note) => return Ok(unmatched(&request, &note)),
    };
    if let Some(delay) = step.delay {
        tokio::time::sleep(delay).await;
    }
    let (status, content_type, body, truncate) = match step.action.as_ref() {
        Action::Reply(reply, drifts) => {
            let served = reply.0.serve(&request.query);
            let body = if drifts.is_empty() || !(200..300).contains(&served.status) {
                served.body
            } else {
                match super::apply_drifts(&served.body, drifts) {
                    Ok(body) => body,
                    Err(reason) => {
                        let reason = format!("telnyx_portout::mock: {reason}");
                        return Response::builder()
                            .status(500)
                            .header(http::header::CONTENT_TYPE, "text/plain")
                            .body(full(Bytes::from(reason)))
                            .map_err(|_| Dropped);
                    }
                }
            };
            (served.status, served.content_type, body, false)
        }
        Action::Raw {
            status,
            content_type,
            body,
        } => (*status, content_type.clone(), body.clone(), false),
        Action::Truncated { status, body } => (*status, Some("application/json".into()), body.clone(), true),
        Action::Reset => return Err(Dropped),
    };
    let mut builder = Response::builder().status(status);
    if let Some(ct) = content_type {
        builder = builder.header(http::header::CONTENT_TYPE, ct);
    }
    for (name, value) in step.headers.iter() {
        builder = builder.header(name, value);
    }
    let response = if truncate {
        // The length promises more than is sent; the body then fails, so hyper closes the
        // connection mid-body. The failure comes only after a pause: hyper writes the head
        // and the data when the body has nothing ready (a body that failed at once would
        // make it drop the connection before writing anything, like `reset()`).
        let promised = body.len() + 64;
        let data = futures_util::stream::iter([Ok(Frame::data(body))]);
        let cut = futures_util::stream::once(async {
            tokio::time::sleep(TRUNCATE_PAUSE).await;
            Err(Dropped)
        });
        builder
            .header(http::header::CONTENT_LENGTH, promised)
            .body(StreamBody::new(futures_util::StreamExt::chain(data, cut)).boxed())
    } else {
        builder.body(full(body))
    };
    // Only a header the test gave can be invalid; the connection is dropped then, and the
    // mount already refused invalid names and values.
    response.map_err(|_| Dropped)
}

/// Telnyx's 404 error body, saying that no expectation matched and which came nearest.
fn unmatched(request: &ReceivedRequest, note: &str) -> Response<Body> {
    let detail = format!("telnyx_portout::mock: no expectation matched {request}; {note}");
    let body = json!({ "errors": [{
        "code": "10005",
        "title": "No expectation matched",
        "detail": detail,
    }]});
    let mut response = Response::new(full(Bytes::from(body.to_string())));
    *response.status_mut() = http::StatusCode::NOT_FOUND;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}
