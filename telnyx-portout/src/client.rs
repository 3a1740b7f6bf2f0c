//! The client: configuration, defaults, and the HTTP stack.

use crate::error::Error;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// Telnyx's API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.telnyx.com/v2";
/// The `User-Agent` sent with every request.
pub(crate) const USER_AGENT: &str = concat!("telnyx-portout/", env!("CARGO_PKG_VERSION"), " (rust)");
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

pub(crate) type Sleeper = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A Telnyx API client. Cheap to clone (one `Arc`), `Send + Sync`.
///
/// Get one from [`Client::from_env`] or [`Client::builder`], then call the API through its
/// resources: `client.portouts().events().list()`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Config>,
}

pub(crate) struct Config {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    /// `Bearer <key>`, marked sensitive.
    pub(crate) auth: Option<HeaderValue>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) default_headers: HeaderMap,
    pub(crate) max_response_bytes: usize,
    pub(crate) sleeper: Sleeper,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &c.base_url)
            .field("api_key", &c.auth.as_ref().map(|_| "[redacted]"))
            .field("timeout", &c.timeout)
            .field("connect_timeout", &c.connect_timeout)
            .field("max_retries", &c.max_retries)
            .field("default_headers", &c.default_headers.keys().collect::<Vec<_>>())
            .field("max_response_bytes", &c.max_response_bytes)
            .finish()
    }
}

impl Client {
    /// A client configured from the environment: `TELNYX_API_KEY` (required, non-empty) and
    /// `TELNYX_BASE_URL` (optional, default [`DEFAULT_BASE_URL`]).
    pub fn from_env() -> Result<Client, Error> {
        let key = std::env::var("TELNYX_API_KEY")
            .map_err(|_| Error::InvalidConfig("TELNYX_API_KEY is not set; set it to your Telnyx API v2 key".into()))?;
        if key.trim().is_empty() {
            return Err(Error::InvalidConfig("TELNYX_API_KEY is empty".into()));
        }
        let mut b = Client::builder().api_key(key);
        if let Ok(url) = std::env::var("TELNYX_BASE_URL") {
            if !url.trim().is_empty() {
                b = b.base_url(url);
            }
        }
        b.build()
    }

    /// A builder with the defaults of the official SDKs: 60 s timeout per attempt, 5 s
    /// connect timeout, 2 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn config(&self) -> &Config {
        &self.inner
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<usize>,
    allow_insecure_http: bool,
    sleeper: Option<Sleeper>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field(
                "default_headers",
                &self.default_headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL (default [`DEFAULT_BASE_URL`]). Plain `http://` is refused unless the host
    /// is loopback or [`allow_insecure_http`](Self::allow_insecure_http) is set, because the
    /// API key would travel in clear text.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Allows an `http://` base URL on a non-loopback host.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Total timeout of one attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 5 s). Ignored with an injected [`reqwest::Client`], which keeps
    /// its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// A header sent with every request; invalid names or values fail [`build`](Self::build).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Uses this `reqwest::Client` (for your own pool, proxy or TLS settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The most bytes of a response body read into memory (default 64 MiB); a larger body
    /// fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Replaces how the client waits between retries (default `tokio::time::sleep`); for
    /// tests that must observe or skip the delays.
    pub fn retry_sleeper<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleeper = Some(Arc::new(move |d| Box::pin(sleep(d))));
        self
    }

    /// Builds the client. Fails on a key that is empty or not valid in a header (CR, LF, ...),
    /// a malformed base URL, an insecure base URL, or invalid default headers.
    pub fn build(self) -> Result<Client, Error> {
        let auth = match self.api_key {
            None => None,
            Some(key) => {
                if key.trim().is_empty() {
                    return Err(Error::InvalidConfig("the API key is empty".into()));
                }
                let mut v = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
                    Error::InvalidConfig(
                        "the API key contains characters not allowed in an HTTP header (such as CR or LF)".into(),
                    )
                })?;
                v.set_sensitive(true);
                Some(v)
            }
        };
        let base_url = self.base_url.unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::InvalidConfig(format!("base URL `{base_url}` is not a valid URL: {e}")))?;
        match parsed.scheme() {
            "https" => {}
            "http" => {
                let loopback = match parsed.host() {
                    Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    None => false,
                };
                if !loopback && !self.allow_insecure_http {
                    return Err(Error::InvalidConfig(format!(
                        "base URL `{base_url}` uses plain http on a non-loopback host, which would send the API key in clear text; use https or call allow_insecure_http(true)"
                    )));
                }
            }
            other => {
                return Err(Error::InvalidConfig(format!(
                    "base URL `{base_url}` has unsupported scheme `{other}`"
                )));
            }
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidConfig(format!("default header name `{name}` is invalid")))?;
            let v = HeaderValue::from_str(value)
                .map_err(|_| Error::InvalidConfig(format!("default header `{name}` has an invalid value")))?;
            default_headers.insert(n, v);
        }
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let http = match self.http {
            Some(c) => c,
            None => {
                crate::runtime::tls::install_provider();
                reqwest::Client::builder()
                    .connect_timeout(connect_timeout)
                    .build()
                    .map_err(|e| Error::InvalidConfig(format!("building the HTTP client failed: {e}")))?
            }
        };
        let sleeper = self
            .sleeper
            .unwrap_or_else(|| Arc::new(|d| Box::pin(tokio::time::sleep(d))));
        Ok(Client {
            inner: Arc::new(Config {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                auth,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                connect_timeout,
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                default_headers,
                max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                sleeper,
            }),
        })
    }
}
