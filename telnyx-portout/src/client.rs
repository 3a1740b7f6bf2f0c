//! The client: configuration, defaults, and the HTTP stack.

use crate::deviation::Decoding;
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
    pub(crate) decoding: Decoding,
    pub(crate) sleeper: Sleeper,
    /// Whether `http` was built here (with `connect_timeout` and the redirect policy), rather
    /// than injected.
    pub(crate) own_http: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &c.base_url)
            .field(
                "api_key",
                &match c.auth {
                    Some(_) => "[redacted]",
                    None => "none (without_auth)",
                },
            )
            .field("timeout", &c.timeout)
            .field("connect_timeout", &c.connect_timeout)
            .field("max_retries", &c.max_retries)
            .field("default_headers", &c.default_headers.keys().collect::<Vec<_>>())
            .field("max_response_bytes", &c.max_response_bytes)
            .field("decoding", &c.decoding)
            .finish()
    }
}

impl Client {
    /// A client configured from the environment: `TELNYX_API_KEY` (required, non-empty) and
    /// `TELNYX_BASE_URL` (optional, default [`DEFAULT_BASE_URL`]). The same as
    /// `ClientBuilder::from_env().build()`; use [`ClientBuilder::from_env`] to change other
    /// settings too.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// A builder with the defaults of the official SDKs: 60 s timeout per attempt, 5 s
    /// connect timeout, 2 retries. It needs an [`api_key`](ClientBuilder::api_key) (or an
    /// explicit [`without_auth`](ClientBuilder::without_auth)); [`ClientBuilder::from_env`]
    /// starts from `TELNYX_API_KEY` and `TELNYX_BASE_URL` instead.
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

/// Where a setting came from, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Code,
    Env,
}

/// The API key setting.
#[derive(Clone, Default)]
enum Key {
    #[default]
    Unset,
    Set(String, Source),
    /// `from_env` found no `TELNYX_API_KEY`.
    EnvMissing,
    /// `from_env` found a `TELNYX_API_KEY` that is not UTF-8.
    EnvNotUnicode,
}

const KEY_VAR: &str = "TELNYX_API_KEY";
const BASE_URL_VAR: &str = "TELNYX_BASE_URL";

/// Builds a [`Client`]: from [`Client::builder`] (nothing preset) or
/// [`ClientBuilder::from_env`] (key and base URL from the environment).
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Key,
    without_auth: bool,
    base_url: Option<(String, Source)>,
    /// `TELNYX_BASE_URL` was set but is not UTF-8 (an error unless `base_url` replaces it).
    base_url_not_unicode: bool,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<usize>,
    decoding: Decoding,
    allow_insecure_http: bool,
    sleeper: Option<Sleeper>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field(
                "api_key",
                &match &self.api_key {
                    Key::Set(_, Source::Code) => "[redacted]",
                    Key::Set(_, Source::Env) => "[redacted] (TELNYX_API_KEY)",
                    Key::Unset => "none",
                    Key::EnvMissing => "none (TELNYX_API_KEY is not set)",
                    Key::EnvNotUnicode => "invalid (TELNYX_API_KEY is not UTF-8)",
                },
            )
            .field("without_auth", &self.without_auth)
            .field("base_url", &self.base_url.as_ref().map(|(u, _)| u))
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
    /// A builder that starts from the environment: the API key from `TELNYX_API_KEY`, the
    /// base URL from `TELNYX_BASE_URL` when it is set and not blank. Everything can still be
    /// changed before [`build`](Self::build), and an explicit [`api_key`](Self::api_key) or
    /// [`base_url`](Self::base_url) wins over the environment. `build()` fails (naming the
    /// variable) when the key is missing or empty and nothing replaces it.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), telnyx_portout::Error> {
    /// let client = telnyx_portout::ClientBuilder::from_env()
    ///     .max_retries(5)
    ///     .timeout(std::time::Duration::from_secs(20))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> ClientBuilder {
        let api_key = match std::env::var(KEY_VAR) {
            Ok(key) => Key::Set(key, Source::Env),
            Err(std::env::VarError::NotPresent) => Key::EnvMissing,
            Err(std::env::VarError::NotUnicode(_)) => Key::EnvNotUnicode,
        };
        let (base_url, base_url_not_unicode) = match std::env::var(BASE_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => (Some((url, Source::Env)), false),
            Ok(_) | Err(std::env::VarError::NotPresent) => (None, false),
            Err(std::env::VarError::NotUnicode(_)) => (None, true),
        };
        ClientBuilder {
            api_key,
            base_url,
            base_url_not_unicode,
            ..ClientBuilder::default()
        }
    }

    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Key::Set(key.into(), Source::Code);
        self
    }

    /// Sends no `Authorization` header: for a local mock server, or a proxy that adds the
    /// credentials itself. Without this (or an [`api_key`](Self::api_key)),
    /// [`build`](Self::build) fails, so that a missing key is found at start-up rather than
    /// as a 401 on the first call. It replaces a key read by [`from_env`](Self::from_env);
    /// combined with an explicit `api_key(..)` it is an error.
    pub fn without_auth(mut self) -> Self {
        self.without_auth = true;
        self
    }

    /// The base URL (default [`DEFAULT_BASE_URL`]). Plain `http://` is refused unless the host
    /// is loopback or [`allow_insecure_http`](Self::allow_insecure_http) is set, because the
    /// API key would travel in clear text.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some((url.into(), Source::Code));
        self.base_url_not_unicode = false;
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

    /// Uses this `reqwest::Client` (for your own pool, proxy or TLS settings). Its own
    /// connect timeout and redirect policy apply; a redirect error is still final and an
    /// [`Error::Redirect`], without the count of redirects followed. Under the default
    /// `rustls-ring` feature, call [`install_tls_provider`](crate::install_tls_provider) before
    /// building it (reqwest has no crypto provider of its own then, and panics without one).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How responses are decoded: [`Decoding::Tolerant`] (the default: a value that deviates
    /// from the spec is read under a documented interpretation or left absent, and recorded)
    /// or [`Decoding::Strict`] (any deviation fails the call naming its JSON path). A request
    /// builder's `.decoding(..)` overrides it for one request. See the crate docs.
    pub fn decoding(mut self, decoding: Decoding) -> Self {
        self.decoding = decoding;
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

    /// Builds the client. Fails on a missing key (unless [`without_auth`](Self::without_auth)),
    /// a key that is empty or not valid in a header (CR, LF, ...), a malformed base URL, an
    /// insecure base URL, or invalid default headers.
    pub fn build(self) -> Result<Client, Error> {
        let invalid = |msg: String| Err(Error::InvalidConfig(msg));
        let auth = match (self.api_key, self.without_auth) {
            (Key::Set(_, Source::Code), true) => {
                return invalid("both api_key(..) and without_auth() were called; keep the one you mean".into());
            }
            (_, true) => None,
            (Key::Unset, false) => {
                return invalid(format!(
                    "no API key: call api_key(..), or set {KEY_VAR} and use Client::from_env() or ClientBuilder::from_env(); \
                     to send requests without authentication (a local mock, a proxy that adds it), call without_auth()"
                ));
            }
            (Key::EnvMissing, false) => {
                return invalid(format!(
                    "{KEY_VAR} is not set; set it to your Telnyx API v2 key, or call api_key(..) or without_auth()"
                ));
            }
            (Key::EnvNotUnicode, false) => {
                return invalid(format!("{KEY_VAR} is not valid UTF-8"));
            }
            (Key::Set(key, source), false) => {
                let what = match source {
                    Source::Code => "the API key".to_string(),
                    Source::Env => KEY_VAR.to_string(),
                };
                if key.trim().is_empty() {
                    return invalid(format!("{what} is empty"));
                }
                let mut v = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
                    Error::InvalidConfig(format!(
                        "{what} contains characters not allowed in an HTTP header (such as CR or LF)"
                    ))
                })?;
                v.set_sensitive(true);
                Some(v)
            }
        };
        if self.base_url_not_unicode {
            return invalid(format!("{BASE_URL_VAR} is not valid UTF-8"));
        }
        let (base_url, url_source) = self
            .base_url
            .unwrap_or_else(|| (DEFAULT_BASE_URL.to_string(), Source::Code));
        let named = match url_source {
            Source::Code => format!("base URL `{base_url}`"),
            Source::Env => format!("base URL `{base_url}` (from {BASE_URL_VAR})"),
        };
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::InvalidConfig(format!("{named} is not a valid URL: {e}")))?;
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
                    return invalid(format!(
                        "{named} uses plain http on a non-loopback host, which would send the API key in clear text; use https or call allow_insecure_http(true)"
                    ));
                }
            }
            other => {
                return invalid(format!("{named} has unsupported scheme `{other}`"));
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
        let own_http = self.http.is_none();
        let http = match self.http {
            Some(c) => c,
            None => {
                crate::runtime::tls::install_provider();
                reqwest::Client::builder()
                    .connect_timeout(connect_timeout)
                    .redirect(crate::runtime::send::redirect_policy())
                    .build()
                    .map_err(|e| {
                        // The whole chain in the message: `InvalidConfig` has no source.
                        let mut msg = format!("building the HTTP client failed: {e}");
                        let mut cause = std::error::Error::source(&e);
                        while let Some(c) = cause {
                            msg.push_str(&format!(": {c}"));
                            cause = c.source();
                        }
                        Error::InvalidConfig(msg)
                    })?
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
                decoding: self.decoding,
                sleeper,
                own_http,
            }),
        })
    }
}
