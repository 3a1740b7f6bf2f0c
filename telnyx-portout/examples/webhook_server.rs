//! A minimal Telnyx port-out webhook receiver on plain hyper.
//!
//! ```sh
//! TELNYX_PUBLIC_KEY=... cargo run -p telnyx-portout --example webhook_server
//! # listens on 127.0.0.1:3000 (or $ADDR); point the port-out webhook URL at /webhooks/telnyx
//! ```
//!
//! The handler reads the raw body (never re-serialized JSON: the signature covers the bytes),
//! verifies it with the headers and the public key, and answers 200 on success, 401 when the
//! request is not authentic. With axum, the same handler body works on `HeaderMap` + `Bytes`
//! extractors; with actix-web, on `req.headers()` + `web::Bytes`.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use telnyx_portout::webhooks::{PUBLIC_KEY_ENV, Verifier, WebhookError, WebhookPayload};
use tokio::net::TcpListener;

/// Webhook bodies are small; refuse anything larger before buffering it.
const MAX_BODY: usize = 256 * 1024;

async fn handle(verifier: Arc<Verifier>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    if req.method() != Method::POST || req.uri().path() != "/webhooks/telnyx" {
        return Ok(reply(StatusCode::NOT_FOUND, "not found"));
    }
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Ok(reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large or unreadable")),
    };

    let event = match verifier.unwrap(&body, &parts.headers) {
        Ok(event) => event,
        // The signature was fine but the body is not an envelope: nothing a retry would fix.
        Err(e @ WebhookError::Parse { .. }) => {
            eprintln!("unparsable webhook: {e}");
            return Ok(reply(StatusCode::BAD_REQUEST, "bad envelope"));
        }
        Err(e) => {
            eprintln!("rejected webhook: {e}");
            return Ok(reply(StatusCode::UNAUTHORIZED, "invalid signature"));
        }
    };

    // Telnyx retries deliveries: deduplicate on `event.id` in a real application.
    match &event.payload {
        WebhookPayload::StatusChanged(p) => {
            println!("{} port-out {:?} is now {:?}", event.id, p.id, p.status)
        }
        WebhookPayload::NewComment(p) => println!("{} comment on {:?}: {:?}", event.id, p.portout_id, p.comment),
        WebhookPayload::FocDateChanged(p) => println!("{} port-out {:?} FOC date {:?}", event.id, p.id, p.foc_date),
        WebhookPayload::Undecodable { payload, error } => {
            eprintln!("{} {}: {error}; raw payload {payload}", event.id, event.event_type)
        }
        other => println!("{} unhandled event {}: {:?}", event.id, event.event_type, other.raw()),
    }
    Ok(reply(StatusCode::OK, "ok"))
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    response
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let public_key = std::env::var(PUBLIC_KEY_ENV).map_err(|_| format!("set {PUBLIC_KEY_ENV}"))?;
    let verifier = Arc::new(Verifier::new(&public_key)?);
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_string());
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on http://{addr}/webhooks/telnyx");

    loop {
        let (stream, _) = listener.accept().await?;
        let verifier = verifier.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(verifier.clone(), req));
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {e}");
            }
        });
    }
}
