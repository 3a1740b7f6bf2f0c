//! Success responses as the real API sends them, built by the generated `Respond` impls.

use bytes::Bytes;
use serde::Serialize;
use serde_json::{Value, json};

/// The page size the kit serves when a request does not ask for one: Telnyx's documented
/// default for `page[size]`.
pub const DEFAULT_PAGE_SIZE: i64 = 20;

/// A success response of one operation, as the real API sends it (built by
/// [`Respond::reply`](super::Respond::reply) from the value a test answers with).
#[derive(Clone, Debug)]
pub struct Reply(pub(super) Kind);

#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// A fixed response.
    Fixed {
        status: u16,
        content_type: Option<String>,
        body: Bytes,
    },
    /// Items served page by page, as the request asks.
    Pages {
        status: u16,
        items: Vec<Value>,
        keys: PageKeys,
        meta: MetaKeys,
    },
    /// The value could not be serialized (reported when the expectation is mounted).
    Invalid(String),
}

/// The query keys a paginated operation reads the page from.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct PageKeys {
    /// The page-number key (`page[number]`); `None`: the operation answers one page.
    pub number: Option<&'static str>,
    /// The page-size key (`page[size]`), if the operation has one.
    pub size: Option<&'static str>,
}

/// The members of the page metadata (`meta`) and the names they have on the wire.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct MetaKeys {
    /// The current page number.
    pub page_number: &'static str,
    /// The number of pages.
    pub total_pages: &'static str,
    /// The page size, if the metadata has it.
    pub page_size: Option<&'static str>,
    /// The number of items in all pages, if the metadata has it.
    pub total_results: Option<&'static str>,
}

impl MetaKeys {
    /// Metadata without known members (no `meta` is sent).
    pub const NONE: MetaKeys = MetaKeys {
        page_number: "",
        total_pages: "",
        page_size: None,
        total_results: None,
    };
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("the response value cannot be serialized as JSON: {e}"))
}

fn json_body(status: u16, value: &Value) -> Reply {
    Reply(Kind::Fixed {
        status,
        content_type: Some("application/json".into()),
        body: Bytes::from(value.to_string()),
    })
}

#[doc(hidden)]
impl Reply {
    /// `{"data": value}`.
    pub fn data<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match to_json(value) {
            Ok(v) => json_body(status, &json!({ "data": v })),
            Err(e) => Reply(Kind::Invalid(e)),
        }
    }

    /// The value as the whole JSON body.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match to_json(value) {
            Ok(v) => json_body(status, &v),
            Err(e) => Reply(Kind::Invalid(e)),
        }
    }

    /// No body.
    pub fn empty(status: u16) -> Reply {
        Reply(Kind::Fixed {
            status,
            content_type: None,
            body: Bytes::new(),
        })
    }

    /// Raw bytes with a media type.
    pub fn binary(status: u16, content_type: &str, body: Bytes) -> Reply {
        Reply(Kind::Fixed {
            status,
            content_type: Some(content_type.to_string()),
            body,
        })
    }

    /// Every item of every page; each request gets the page it asks for.
    pub fn pages<T: Serialize>(status: u16, items: &[T], keys: PageKeys, meta: MetaKeys) -> Reply {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            match to_json(item) {
                Ok(v) => values.push(v),
                Err(e) => return Reply(Kind::Invalid(e)),
            }
        }
        Reply(Kind::Pages {
            status,
            items: values,
            keys,
            meta,
        })
    }
}

/// A served response: status, content type, body.
pub(super) struct Served {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Bytes,
}

/// A 422 with Telnyx's error body, for a page request the real API would refuse.
fn invalid_page(key: &str, value: &str) -> Served {
    Served {
        status: 422,
        content_type: Some("application/json".into()),
        body: Bytes::from(
            json!({ "errors": [{
                "code": "10015",
                "title": "Invalid parameter",
                "detail": format!("`{key}` must be a positive integer, got `{value}`"),
                "source": { "parameter": key },
            }]})
            .to_string(),
        ),
    }
}

impl Kind {
    /// The response to a request with these (decoded) query pairs.
    pub(super) fn serve(&self, query: &[(String, String)]) -> Served {
        match self {
            Kind::Fixed {
                status,
                content_type,
                body,
            } => Served {
                status: *status,
                content_type: content_type.clone(),
                body: body.clone(),
            },
            Kind::Invalid(reason) => Served {
                status: 500,
                content_type: Some("text/plain".into()),
                body: Bytes::from(reason.clone()),
            },
            Kind::Pages {
                status,
                items,
                keys,
                meta,
            } => {
                let read = |key: Option<&'static str>| -> Result<Option<i64>, Served> {
                    let Some(key) = key else { return Ok(None) };
                    match query.iter().find(|(k, _)| k == key) {
                        None => Ok(None),
                        Some((_, v)) => match v.parse::<i64>() {
                            Ok(n) if n >= 1 => Ok(Some(n)),
                            _ => Err(invalid_page(key, v)),
                        },
                    }
                };
                let (number, size) = match (read(keys.number), read(keys.size)) {
                    (Ok(n), Ok(s)) => (n.unwrap_or(1), s),
                    (Err(e), _) | (_, Err(e)) => return e,
                };
                let total = items.len() as i64;
                // An operation without a page number answers everything as one page.
                let size = match keys.number {
                    Some(_) => size.unwrap_or(DEFAULT_PAGE_SIZE),
                    None => total.max(1),
                };
                let total_pages = (total + size - 1) / size;
                let start = number.saturating_sub(1).saturating_mul(size);
                let page: Vec<&Value> = items
                    .iter()
                    .skip(usize::try_from(start).unwrap_or(usize::MAX))
                    .take(usize::try_from(size).unwrap_or(usize::MAX))
                    .collect();
                let mut body = serde_json::Map::new();
                body.insert("data".into(), json!(page));
                if !meta.page_number.is_empty() {
                    let mut m = serde_json::Map::new();
                    m.insert(meta.page_number.into(), json!(number));
                    m.insert(meta.total_pages.into(), json!(total_pages));
                    if let Some(k) = meta.page_size {
                        m.insert(k.into(), json!(size));
                    }
                    if let Some(k) = meta.total_results {
                        m.insert(k.into(), json!(total));
                    }
                    body.insert("meta".into(), Value::Object(m));
                }
                Served {
                    status: *status,
                    content_type: Some("application/json".into()),
                    body: Bytes::from(Value::Object(body).to_string()),
                }
            }
        }
    }
}
