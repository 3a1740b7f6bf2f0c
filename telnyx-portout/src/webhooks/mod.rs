//! Webhooks (in progress).
