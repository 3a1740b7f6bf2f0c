//! Capturing what the client logs, for the tests that check it (`mod logs;`).

use std::io::Write;
use std::sync::{Arc, Mutex};
use tracing_subscriber::fmt::format::FmtSpan;

thread_local! {
    /// Where this thread's log lines go while `logs_of` runs.
    static CAPTURE: std::cell::RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { std::cell::RefCell::new(None) };
}

/// A `tracing` writer into the buffer of the current thread, if it captures.
struct ThreadWriter;

impl Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(buffer) = &*c.borrow() {
                buffer.lock().unwrap().extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything logged (every level, span opens and closes) on this thread while `f` runs (the
/// test runtime is single-threaded, so that is all the client logs). One global subscriber
/// writes to a per-thread buffer: per-thread subscribers (`set_default`) in concurrent tests
/// lose events to tracing's process-wide callsite interest cache.
pub async fn logs_of<F: std::future::Future<Output = ()>>(f: F) -> String {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThreadWriter)
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::NEW | FmtSpan::CLOSE)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
    let buffer = Arc::new(Mutex::new(Vec::new()));
    CAPTURE.with(|c| *c.borrow_mut() = Some(buffer.clone()));
    f.await;
    CAPTURE.with(|c| *c.borrow_mut() = None);
    String::from_utf8_lossy(&buffer.lock().unwrap()).into_owned()
}
