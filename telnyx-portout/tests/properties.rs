//! Property tests on hostile input: query encoding, path parameters, model round trips,
//! response decoding, webhook verification. Case counts are modest so CI stays fast
//! (`PROPTEST_CASES=N` raises them locally).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[cfg(feature = "webhooks")]
use base64::Engine as _;
#[cfg(feature = "webhooks")]
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
#[cfg(feature = "webhooks")]
use ed25519_dalek::{Signer as _, SigningKey};
use http::{HeaderMap, HeaderValue, StatusCode};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::Duration;
use telnyx_portout::models::*;
use telnyx_portout::runtime::RawResponse;
use telnyx_portout::runtime::endpoint::Endpoint;
use telnyx_portout::runtime::path::segment;
use telnyx_portout::runtime::query::{Query, ToQuery};
#[cfg(feature = "webhooks")]
use telnyx_portout::webhooks::{self, Verifier, WebhookError};
use telnyx_portout::{Client, Error};
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        ..ProptestConfig::default()
    }
}

/// Strings built from the characters that matter to URLs and JSON, plus any character.
fn hostile() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "&", "=", "+", ",", "[", "]", "%", "%2C", "%25", "%2e", "%2F", " ", "/", "..", ".", "?", "#",
            "\0", "\r\n", "\t", "\\", "\"", "é", "💥", "\u{202e}", "\u{feff}", "a", "Z", "0", ";", ":", "@",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat()).boxed()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn client_for(base_url: &str) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(base_url)
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------------------
// Query encoding
// ---------------------------------------------------------------------------------------

/// Bytes a query string may contain unencoded: unreserved characters, `%` escapes and the
/// separators. Anything else (`+`, space, `[`, ...) would be read differently by servers.
fn assert_only_safe_bytes(encoded: &str) -> Result<(), TestCaseError> {
    for b in encoded.bytes() {
        prop_assert!(
            b.is_ascii_alphanumeric() || b"-_.~%&=,".contains(&b),
            "unsafe byte {:?} in {encoded}",
            b as char
        );
    }
    Ok(())
}

fn decode_pairs(encoded: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(encoded.as_bytes()).into_owned().collect()
}

/// The raw (still encoded) value of `key` in `encoded`.
fn raw_value<'a>(encoded: &'a str, key: &str) -> Option<&'a str> {
    encoded.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (percent_decode_str(k).decode_utf8().ok()? == key).then_some(v)
    })
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(|item| percent_decode_str(item).decode_utf8().unwrap().into_owned())
        .collect()
}

fn datetime() -> impl Strategy<Value = chrono::DateTime<chrono::Utc>> {
    (-62_000_000_000i64..250_000_000_000, 0u32..1_000_000_000)
        .prop_map(|(s, n)| chrono::DateTime::from_timestamp(s, n).unwrap())
}

fn rfc3339(d: &chrono::DateTime<chrono::Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

prop_compose! {
    fn list_filter()(
        carrier_name in proptest::option::of(hostile()),
        country_code in proptest::option::of(hostile()),
        country_code_in in proptest::option::of(prop::collection::vec(hostile(), 1..4)),
        foc_date in proptest::option::of(datetime()),
        gte in proptest::option::of(datetime()),
        phone_number in proptest::option::of(hostile()),
        pon in proptest::option::of(hostile()),
        status in proptest::option::of(hostile()),
        status_in in proptest::option::of(prop::collection::vec(hostile(), 1..4)),
        support_key in proptest::option::of(hostile()),
    ) -> PortoutListFilter {
        let mut f = PortoutListFilter::new();
        f.carrier_name = carrier_name;
        f.country_code = country_code;
        f.country_code_in = country_code_in;
        f.foc_date = foc_date;
        f.inserted_at = gte.map(|gte| PortoutListFilterInsertedAt::new().gte(gte));
        f.phone_number = phone_number;
        f.pon = pon;
        f.status = status.map(PortoutStatus::from);
        f.status_in = status_in.map(|v| v.into_iter().map(PortoutStatus::from).collect());
        f.support_key = support_key;
        f
    }
}

/// What `filter` must arrive as: single values as `(key, value)`, lists as `(key, items)`.
/// Single pairs, and list keys with their items.
type Intended = (Vec<(String, String)>, Vec<(String, Vec<String>)>);

fn intended(filter: &PortoutListFilter) -> Intended {
    let mut single = Vec::new();
    let mut lists = Vec::new();
    let mut one = |k: &str, v: &Option<String>| {
        if let Some(v) = v {
            single.push((format!("filter[{k}]"), v.clone()));
        }
    };
    one("carrier_name", &filter.carrier_name);
    one("country_code", &filter.country_code);
    one("phone_number", &filter.phone_number);
    one("pon", &filter.pon);
    one("support_key", &filter.support_key);
    one("status", &filter.status.as_ref().map(|s| s.as_str().to_string()));
    one("foc_date", &filter.foc_date.as_ref().map(rfc3339));
    one(
        "inserted_at][gte",
        &filter.inserted_at.as_ref().and_then(|i| i.gte.as_ref()).map(rfc3339),
    );
    if let Some(v) = &filter.country_code_in {
        lists.push(("filter[country_code_in]".to_string(), v.clone()));
    }
    if let Some(v) = &filter.status_in {
        lists.push((
            "filter[status_in]".to_string(),
            v.iter().map(|s| s.as_str().to_string()).collect(),
        ));
    }
    (single, lists)
}

/// The query `encoded` carries exactly the intended pairs, and each list splits on its
/// literal commas into exactly its items.
fn check_filter_query(encoded: &str, filter: &PortoutListFilter) -> Result<(), TestCaseError> {
    assert_only_safe_bytes(encoded)?;
    let (single, lists) = intended(filter);
    let mut expected: Vec<(String, String)> = single.clone();
    for (k, items) in &lists {
        expected.push((k.clone(), items.join(",")));
    }
    expected.sort();
    let mut got: Vec<(String, String)> = decode_pairs(encoded)
        .into_iter()
        .filter(|(k, _)| k.starts_with("filter["))
        .collect();
    got.sort();
    prop_assert_eq!(got, expected);
    for (k, items) in &lists {
        let raw = raw_value(encoded, k).expect("list key present");
        prop_assert_eq!(&split_list(raw), items, "{} in {}", k, encoded);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn filter_query_decodes_to_the_intended_pairs(filter in list_filter()) {
        let mut q = Query::new();
        filter.to_query("filter", &mut q);
        check_filter_query(&q.encode(), &filter)?;
    }

    #[test]
    fn extra_pairs_decode_to_themselves(pairs in prop::collection::vec((hostile(), hostile()), 0..5)) {
        let mut q = Query::new();
        for (k, v) in &pairs {
            q.extra(k, v);
        }
        let encoded = q.encode();
        assert_only_safe_bytes(&encoded)?;
        prop_assert!(!encoded.contains(','), "{}", encoded);
        prop_assert_eq!(decode_pairs(&encoded), pairs);
    }

    #[test]
    fn a_comma_inside_a_list_item_never_splits_it(items in prop::collection::vec(hostile(), 1..6)) {
        let mut q = Query::new();
        q.list("k", items.iter());
        let encoded = q.encode();
        assert_only_safe_bytes(&encoded)?;
        let raw = raw_value(&encoded, "k").unwrap();
        prop_assert_eq!(raw.matches(',').count(), items.len() - 1);
        prop_assert_eq!(split_list(raw), items);
    }

    #[test]
    fn rejection_code_lists_split_into_their_codes(codes in prop::collection::vec(any::<i64>(), 1..6)) {
        let filter = PortoutListRejectionCodesFilter::new().code(codes.clone().into());
        let mut q = Query::new();
        filter.to_query("filter", &mut q);
        let encoded = q.encode();
        let raw = raw_value(&encoded, "filter[code]").unwrap();
        let got: Vec<i64> = split_list(raw).iter().map(|s| s.parse().unwrap()).collect();
        prop_assert_eq!(got, codes);
    }
}

/// End to end: the query a mock server receives decodes to the intended pairs.
#[test]
fn filter_query_arrives_intact_end_to_end() {
    let rt = runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any_request())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
            .mount(&server)
            .await;
        server
    });
    let client = client_for(&server.uri());
    let mut runner = TestRunner::new(RunnerConfig {
        cases: config(24).cases,
        ..RunnerConfig::default()
    });
    runner
        .run(&list_filter(), |filter| {
            rt.block_on(async {
                client
                    .portouts()
                    .list()
                    .filter(filter.clone())
                    .page_size(5)
                    .await
                    .unwrap();
                let received = server.received_requests().await.unwrap();
                let req = received.last().unwrap();
                let encoded = req.url.query().unwrap_or("");
                check_filter_query(encoded, &filter)?;
                prop_assert!(decode_pairs(encoded).contains(&("page[size]".into(), "5".into())));
                Ok(())
            })
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------------------

fn decoded(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8().unwrap().into_owned()
}

fn rejected(id: &str) -> bool {
    id.is_empty() || id == "." || id == ".."
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn a_path_parameter_is_exactly_one_segment(id in hostile(), base in prop::sample::select(vec![
        "https://api.telnyx.com/v2", "https://api.telnyx.com", "http://127.0.0.1:4010/v2/",
    ])) {
        match segment("id", &id) {
            Err(Error::InvalidArgument { parameter, .. }) => {
                prop_assert!(rejected(&id), "{:?} rejected", id);
                prop_assert_eq!(parameter, "id");
            }
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
            Ok(seg) => {
                prop_assert!(!rejected(&id), "{:?} accepted", id);
                prop_assert_eq!(decoded(&seg), id.clone());
                // Build the URL as runtime/send.rs does.
                let url = url::Url::parse(&format!(
                    "{}/portouts/{}/comments",
                    base.trim_end_matches('/'),
                    seg
                ))
                .unwrap();
                let prefix = url::Url::parse(base).unwrap().path_segments().unwrap().filter(|s| !s.is_empty()).count();
                let segs: Vec<&str> = url.path_segments().unwrap().collect();
                prop_assert_eq!(segs.len(), prefix + 3, "{}", url);
                prop_assert_eq!(decoded(segs[prefix + 1]), id);
                prop_assert!(url.query().is_none() && url.fragment().is_none(), "{}", url);
            }
        }
    }
}

/// End to end: the path a mock server receives has the template's segments, each decoding
/// to the argument; `""`, `.` and `..` fail before anything is sent.
#[test]
fn path_parameters_arrive_as_one_segment_end_to_end() {
    let rt = runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any_request())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
            .mount(&server)
            .await;
        server
    });
    let client = client_for(&server.uri());
    let mut runner = TestRunner::new(RunnerConfig {
        cases: config(32).cases,
        ..RunnerConfig::default()
    });
    runner
        .run(&(hostile(), hostile()), |(id, status)| {
            rt.block_on(async {
                let before = server.received_requests().await.unwrap().len();
                let r = client
                    .portouts()
                    .update_status(&id, PortoutTargetStatus::from(status.as_str()), "r")
                    .send()
                    .await;
                let received = server.received_requests().await.unwrap();
                if rejected(&id) || rejected(&status) {
                    prop_assert!(matches!(r, Err(Error::InvalidArgument { .. })), "{:?}", r);
                    prop_assert_eq!(received.len(), before, "nothing is sent");
                    return Ok(());
                }
                prop_assert_eq!(received.len(), before + 1);
                let req = received.last().unwrap();
                prop_assert!(req.url.query().is_none(), "{}", req.url);
                let segs: Vec<&str> = req.url.path_segments().unwrap().collect();
                prop_assert_eq!(segs.len(), 3, "{}", req.url);
                prop_assert_eq!(segs[0], "portouts");
                prop_assert_eq!(decoded(segs[1]), id.clone());
                prop_assert_eq!(decoded(segs[2]), status);

                let _ = client.portouts().comments().list(&id).send().await;
                let received = server.received_requests().await.unwrap();
                let segs: Vec<String> = received
                    .last()
                    .unwrap()
                    .url
                    .path_segments()
                    .unwrap()
                    .map(decoded)
                    .collect();
                prop_assert_eq!(segs, vec!["portouts".to_string(), id, "comments".to_string()]);
                Ok(())
            })
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// Models: JSON of the right shape (with extra fields, nulls for optional fields, unknown
// enum values) decodes, and every model round-trips.
// ---------------------------------------------------------------------------------------

/// The JSON shape of a schema.
#[derive(Clone, Debug)]
enum Shape {
    Str,
    Uuid,
    DateTime,
    Int,
    Bool,
    /// An open enum: one of these, or any other string.
    Enum(&'static [&'static str]),
    Array(Box<Shape>),
    /// Fields: name, shape, required.
    Object(Vec<(&'static str, Shape, bool)>),
    /// `PortoutListRejectionCodesFilterCode`: an integer, a list of them, or anything.
    Code,
    /// `PortoutEvent`: one of the three event objects, tagged, or an unknown tag.
    Event,
}

use Shape::*;

fn arr(s: Shape) -> Shape {
    Array(Box::new(s))
}

fn opt(fields: &[(&'static str, Shape)]) -> Shape {
    Object(fields.iter().map(|(n, s)| (*n, s.clone(), false)).collect())
}

const STATUS: &[&str] = &[
    "pending",
    "authorized",
    "ported",
    "rejected",
    "rejected-pending",
    "canceled",
];
const EVENT_TYPE: &[&str] = &[
    "portout.status_changed",
    "portout.foc_date_changed",
    "portout.new_comment",
];
const NOTIFICATION: &[&str] = &["email", "webhook"];
const PAYLOAD_STATUS: &[&str] = &["created", "completed"];
const REPORT_STATUS: &[&str] = &["pending", "completed"];
const REPORT_TYPE: &[&str] = &["export_portouts_csv"];
const DOC_TYPE: &[&str] = &["loa", "invoice"];
const TARGET_STATUS: &[&str] = &["authorized", "rejected-pending"];

fn metadata() -> Shape {
    opt(&[
        ("page_number", Int),
        ("page_size", Int),
        ("total_pages", Int),
        ("total_results", Int),
    ])
}

fn export_filters() -> Shape {
    opt(&[
        ("created_at__gt", DateTime),
        ("created_at__lt", DateTime),
        ("customer_reference__in", arr(Str)),
        ("end_user_name", Str),
        ("phone_numbers__overlaps", arr(Str)),
        ("status__in", arr(Enum(STATUS))),
    ])
}

fn export_report() -> Shape {
    Object(vec![("filters", export_filters(), true)])
}

fn supporting_document() -> Shape {
    Object(vec![
        ("created_at", DateTime, true),
        ("document_id", Uuid, true),
        ("id", Uuid, true),
        ("portout_id", Uuid, true),
        ("record_type", Str, true),
        ("type", Enum(DOC_TYPE), true),
        ("updated_at", DateTime, true),
    ])
}

fn comment() -> Shape {
    Object(vec![
        ("body", Str, true),
        ("created_at", DateTime, true),
        ("id", Uuid, true),
        ("portout_id", Uuid, false),
        ("record_type", Str, false),
        ("user_id", Uuid, true),
    ])
}

fn details() -> Shape {
    opt(&[
        ("already_ported", Bool),
        ("authorized_name", Str),
        ("carrier_name", Str),
        ("city", Str),
        ("created_at", DateTime),
        ("current_carrier", Str),
        ("end_user_name", Str),
        ("foc_date", DateTime),
        ("host_messaging", Bool),
        ("id", Uuid),
        ("inserted_at", DateTime),
        ("lsr", arr(Str)),
        ("phone_numbers", arr(Str)),
        ("pon", Str),
        ("reason", Str),
        ("record_type", Str),
        ("rejection_code", Int),
        ("requested_foc_date", DateTime),
        ("service_address", Str),
        ("spid", Str),
        ("state", Str),
        ("status", Enum(STATUS)),
        ("support_key", Str),
        ("updated_at", DateTime),
        ("user_id", Uuid),
        ("vendor", Uuid),
        ("zip", Str),
    ])
}

fn date_range() -> Shape {
    opt(&[("gte", DateTime), ("lte", DateTime)])
}

fn report() -> Shape {
    opt(&[
        ("created_at", DateTime),
        ("document_id", Uuid),
        ("id", Uuid),
        ("params", export_report()),
        ("record_type", Str),
        ("report_type", Enum(REPORT_TYPE)),
        ("status", Enum(REPORT_STATUS)),
        ("updated_at", DateTime),
    ])
}

fn foc_payload() -> Shape {
    opt(&[("foc_date", DateTime), ("id", Uuid), ("user_id", Uuid)])
}

fn comment_payload() -> Shape {
    opt(&[("comment", Str), ("id", Uuid), ("portout_id", Uuid), ("user_id", Uuid)])
}

fn status_payload() -> Shape {
    opt(&[
        ("attempted_pin", Str),
        ("carrier_name", Str),
        ("id", Uuid),
        ("phone_numbers", arr(Str)),
        ("rejection_reason", Str),
        ("spid", Str),
        ("status", Enum(STATUS)),
        ("subscriber_name", Str),
        ("user_id", Uuid),
    ])
}

fn webhook_event(payload: Shape) -> Shape {
    opt(&[
        ("available_notification_methods", arr(Enum(NOTIFICATION))),
        ("created_at", DateTime),
        ("event_type", Enum(EVENT_TYPE)),
        ("id", Uuid),
        ("payload", payload),
        ("payload_status", Enum(PAYLOAD_STATUS)),
        ("portout_id", Uuid),
        ("record_type", Str),
        ("updated_at", DateTime),
    ])
}

fn any_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Quarters are exact in binary, so they survive a text round trip.
        (-1_000_000i64..1_000_000).prop_map(|n| json!(n as f64 / 4.0)),
        hostile().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn datetime_text() -> BoxedStrategy<String> {
    (
        1i32..=9998,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        proptest::option::of("[0-9]{1,9}"),
        prop_oneof![
            Just("Z".to_string()),
            Just("z".to_string()),
            (prop::bool::ANY, 0u32..24, 0u32..60)
                .prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
        ],
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| {
            let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{off}")
        })
        .boxed()
}

fn uuid_text() -> BoxedStrategy<String> {
    (any::<[u8; 16]>(), 0u8..3)
        .prop_map(|(b, form)| {
            let u = uuid::Uuid::from_bytes(b);
            match form {
                0 => u.hyphenated().to_string(),
                1 => u.hyphenated().to_string().to_uppercase(),
                _ => u.simple().to_string(),
            }
        })
        .boxed()
}

fn enum_value(known: &'static [&'static str]) -> BoxedStrategy<Value> {
    prop_oneof![
        prop::sample::select(known).prop_map(|s| Value::String(s.to_string())),
        hostile().prop_map(Value::String),
    ]
    .boxed()
}

fn strategy(shape: &Shape) -> BoxedStrategy<Value> {
    match shape {
        Str => hostile().prop_map(Value::String).boxed(),
        Uuid => uuid_text().prop_map(Value::String).boxed(),
        DateTime => datetime_text().prop_map(Value::String).boxed(),
        Int => any::<i64>().prop_map(Value::from).boxed(),
        Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Enum(known) => enum_value(known),
        Array(item) => prop::collection::vec(strategy(item), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Code => prop_oneof![
            any::<i64>().prop_map(Value::from),
            prop::collection::vec(any::<i64>(), 0..4).prop_map(|v| json!(v)),
            any_json(),
        ]
        .boxed(),
        Event => {
            let tagged = |tag: &'static str, payload: Shape| {
                strategy(&webhook_event(payload)).prop_map(move |mut v| {
                    v["event_type"] = json!(tag);
                    v
                })
            };
            let unknown = (strategy(&webhook_event(status_payload())), hostile())
                .prop_filter("unknown tag", |(_, tag)| !EVENT_TYPE.contains(&tag.as_str()))
                .prop_map(|(mut v, tag)| {
                    v["event_type"] = json!(tag);
                    v
                });
            prop_oneof![
                tagged("portout.status_changed", status_payload()),
                tagged("portout.new_comment", comment_payload()),
                tagged("portout.foc_date_changed", foc_payload()),
                unknown,
                // No tag at all.
                strategy(&webhook_event(comment_payload())).prop_map(|mut v| {
                    v.as_object_mut().unwrap().remove("event_type");
                    v
                }),
            ]
            .boxed()
        }
        Object(fields) => {
            let names: BTreeSet<&'static str> = fields.iter().map(|(n, _, _)| *n).collect();
            let members: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = fields
                .iter()
                .map(|(name, shape, required)| {
                    let name = *name;
                    let value = strategy(shape);
                    if *required {
                        value.prop_map(move |v| Some((name, v))).boxed()
                    } else {
                        prop_oneof![
                            Just(None),
                            Just(Some((name, Value::Null))),
                            value.prop_map(move |v| Some((name, v))),
                        ]
                        .boxed()
                    }
                })
                .collect();
            let extra = prop::collection::btree_map("[a-zA-Z_]{1,12}", any_json(), 0..3);
            (members, extra)
                .prop_map(move |(members, extra)| {
                    let mut map = Map::new();
                    for (k, v) in extra {
                        if !names.contains(k.as_str()) {
                            map.insert(k, v);
                        }
                    }
                    for (k, v) in members.into_iter().flatten() {
                        map.insert(k.to_string(), v);
                    }
                    Value::Object(map)
                })
                .boxed()
        }
    }
}

/// `value` decodes into `T`; `T` serializes and decodes back to a value that serializes the
/// same (members the model does not know are kept on the first value, in `unknown_fields()`,
/// but not serialized), and from there the round trip is exact.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &Value) -> Result<(), TestCaseError> {
    let text = serde_json::to_vec(value).unwrap();
    let decoded: T = serde_json::from_slice(&text)
        .map_err(|e| TestCaseError::fail(format!("{} does not decode {value}: {e}", std::any::type_name::<T>())))?;
    let once = serde_json::to_vec(&decoded).unwrap();
    let again: T = serde_json::from_slice(&once).map_err(|e| {
        TestCaseError::fail(format!(
            "{} does not decode its own output {}: {e}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&once)
        ))
    })?;
    prop_assert_eq!(serde_json::to_vec(&again).unwrap(), once);
    let third: T = serde_json::from_slice(&serde_json::to_vec(&again).unwrap()).unwrap();
    prop_assert_eq!(&third, &again);
    Ok(())
}

/// Every model with its shape and the round trip for its type. A new model in
/// `src/generated/models.rs` fails `every_generated_model_is_covered` until it is added here.
type Check = fn(&Value) -> Result<(), TestCaseError>;

fn models() -> Vec<(&'static str, Shape, Check)> {
    vec![
        (
            "ExportPortoutsCsvReport",
            export_report(),
            round_trip::<ExportPortoutsCsvReport>,
        ),
        (
            "ExportPortoutsCsvReportFilters",
            export_filters(),
            round_trip::<ExportPortoutsCsvReportFilters>,
        ),
        ("Metadata", metadata(), round_trip::<Metadata>),
        ("PaginationMeta", metadata(), round_trip::<PaginationMeta>),
        (
            "PortOutSupportingDocument",
            supporting_document(),
            round_trip::<PortOutSupportingDocument>,
        ),
        ("PortoutComment", comment(), round_trip::<PortoutComment>),
        (
            "PortoutCommentCreateParams",
            opt(&[("body", Str)]),
            round_trip::<PortoutCommentCreateParams>,
        ),
        ("PortoutDetails", details(), round_trip::<PortoutDetails>),
        ("PortoutEvent", Event, round_trip::<PortoutEvent>),
        (
            "PortoutEventListFilter",
            opt(&[
                ("created_at", date_range()),
                ("event_type", Enum(EVENT_TYPE)),
                ("portout_id", Uuid),
            ]),
            round_trip::<PortoutEventListFilter>,
        ),
        (
            "PortoutEventListFilterCreatedAt",
            date_range(),
            round_trip::<PortoutEventListFilterCreatedAt>,
        ),
        (
            "PortoutEventPayloadStatus",
            Enum(PAYLOAD_STATUS),
            round_trip::<PortoutEventPayloadStatus>,
        ),
        ("PortoutEventType", Enum(EVENT_TYPE), round_trip::<PortoutEventType>),
        (
            "PortoutListFilter",
            opt(&[
                ("carrier_name", Str),
                ("country_code", Str),
                ("country_code_in", arr(Str)),
                ("foc_date", DateTime),
                ("inserted_at", date_range()),
                ("phone_number", Str),
                ("pon", Str),
                ("ported_out_at", date_range()),
                ("spid", Str),
                ("status", Enum(STATUS)),
                ("status_in", arr(Enum(STATUS))),
                ("support_key", Str),
            ]),
            round_trip::<PortoutListFilter>,
        ),
        (
            "PortoutListFilterInsertedAt",
            date_range(),
            round_trip::<PortoutListFilterInsertedAt>,
        ),
        (
            "PortoutListFilterPortedOutAt",
            date_range(),
            round_trip::<PortoutListFilterPortedOutAt>,
        ),
        (
            "PortoutListRejectionCodesFilter",
            opt(&[("code", Code)]),
            round_trip::<PortoutListRejectionCodesFilter>,
        ),
        (
            "PortoutListRejectionCodesFilterCode",
            Code,
            round_trip::<PortoutListRejectionCodesFilterCode>,
        ),
        (
            "PortoutNotificationMethod",
            Enum(NOTIFICATION),
            round_trip::<PortoutNotificationMethod>,
        ),
        (
            "PortoutRejection",
            opt(&[("code", Int), ("description", Str), ("reason_required", Bool)]),
            round_trip::<PortoutRejection>,
        ),
        ("PortoutReport", report(), round_trip::<PortoutReport>),
        (
            "PortoutReportCreateParams",
            Object(vec![
                ("params", export_report(), true),
                ("report_type", Enum(REPORT_TYPE), true),
            ]),
            round_trip::<PortoutReportCreateParams>,
        ),
        (
            "PortoutReportListFilter",
            opt(&[("report_type", Enum(REPORT_TYPE)), ("status", Enum(REPORT_STATUS))]),
            round_trip::<PortoutReportListFilter>,
        ),
        (
            "PortoutReportStatus",
            Enum(REPORT_STATUS),
            round_trip::<PortoutReportStatus>,
        ),
        ("PortoutReportType", Enum(REPORT_TYPE), round_trip::<PortoutReportType>),
        ("PortoutStatus", Enum(STATUS), round_trip::<PortoutStatus>),
        (
            "PortoutSupportingDocumentCreateParams",
            opt(&[(
                "documents",
                arr(Object(vec![
                    ("document_id", Uuid, true),
                    ("type", Enum(DOC_TYPE), true),
                ])),
            )]),
            round_trip::<PortoutSupportingDocumentCreateParams>,
        ),
        (
            "SupportingDocumentInput",
            Object(vec![("document_id", Uuid, true), ("type", Enum(DOC_TYPE), true)]),
            round_trip::<SupportingDocumentInput>,
        ),
        (
            "PortoutTargetStatus",
            Enum(TARGET_STATUS),
            round_trip::<PortoutTargetStatus>,
        ),
        (
            "PortoutUpdateStatusParams",
            Object(vec![("host_messaging", Bool, false), ("reason", Str, true)]),
            round_trip::<PortoutUpdateStatusParams>,
        ),
        (
            "SupportingDocumentType",
            Enum(DOC_TYPE),
            round_trip::<SupportingDocumentType>,
        ),
        (
            "WebhookPortoutFocDateChanged",
            webhook_event(foc_payload()),
            round_trip::<WebhookPortoutFocDateChanged>,
        ),
        (
            "WebhookPortoutFocDateChangedPayload",
            foc_payload(),
            round_trip::<WebhookPortoutFocDateChangedPayload>,
        ),
        (
            "WebhookPortoutNewComment",
            webhook_event(comment_payload()),
            round_trip::<WebhookPortoutNewComment>,
        ),
        (
            "WebhookPortoutNewCommentPayload",
            comment_payload(),
            round_trip::<WebhookPortoutNewCommentPayload>,
        ),
        (
            "WebhookPortoutStatusChanged",
            webhook_event(status_payload()),
            round_trip::<WebhookPortoutStatusChanged>,
        ),
        (
            "WebhookPortoutStatusChangedPayload",
            status_payload(),
            round_trip::<WebhookPortoutStatusChangedPayload>,
        ),
    ]
}

#[test]
fn every_generated_model_is_covered() {
    let source =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated/models.rs"))
            .unwrap();
    let generated: BTreeSet<String> = source
        .lines()
        .filter_map(|l| l.strip_prefix("pub struct ").or_else(|| l.strip_prefix("pub enum ")))
        .map(|rest| rest.split([' ', '{', '(', '<']).next().unwrap().to_string())
        .collect();
    let covered: BTreeSet<String> = models().iter().map(|(n, _, _)| n.to_string()).collect();
    assert_eq!(
        generated, covered,
        "models without a shape in tests/properties.rs, or shapes without a model"
    );
}

#[test]
fn every_model_decodes_hostile_json_of_its_shape_and_round_trips() {
    let cases = config(48).cases;
    for (name, shape, check) in models() {
        let mut runner = TestRunner::new(RunnerConfig {
            cases,
            ..RunnerConfig::default()
        });
        if let Err(e) = runner.run(&strategy(&shape), |v| check(&v)) {
            panic!("{name}: {e}");
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Open enums keep any string, unchanged, through `From`, `Display` and serde.
    #[test]
    fn open_enums_keep_any_string(s in hostile()) {
        let status = PortoutStatus::from(s.as_str());
        prop_assert_eq!(status.as_str(), s.as_str());
        prop_assert_eq!(PortoutEventType::from(s.clone()).to_string(), s.clone());
        let v: PortoutTargetStatus = serde_json::from_value(json!(s)).unwrap();
        prop_assert_eq!(serde_json::to_value(&v).unwrap(), json!(s));
    }
}

// ---------------------------------------------------------------------------------------
// Response handling
// ---------------------------------------------------------------------------------------

/// Bodies: random bytes, or JSON of a response's shape, truncated or mutated at random.
fn body() -> BoxedStrategy<Vec<u8>> {
    let shaped = prop_oneof![
        strategy(&opt(&[("data", details())])),
        strategy(&opt(&[("data", arr(details())), ("meta", metadata())])),
        strategy(&opt(&[("data", arr(Event)), ("meta", metadata())])),
        strategy(&opt(&[("data", Event)])),
        strategy(&opt(&[("data", report())])),
        strategy(&opt(&[("data", arr(report())), ("meta", metadata())])),
        strategy(&opt(&[("data", arr(comment())), ("meta", metadata())])),
        strategy(&opt(&[("data", arr(supporting_document()))])),
        strategy(&opt(&[("data", arr(opt(&[("code", Int), ("description", Str)])))])),
        any_json(),
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        (shaped, any::<prop::sample::Index>(), 0u8..4, any::<u8>()).prop_map(|(v, at, how, byte)| {
            let mut bytes = serde_json::to_vec(&v).unwrap();
            let i = at.index(bytes.len() + 1);
            match how {
                0 => {}
                1 => bytes.truncate(i),
                2 => bytes.insert(i, byte),
                _ => {
                    if i < bytes.len() {
                        bytes[i] = byte;
                    }
                }
            }
            bytes
        }),
    ]
    .boxed()
}

fn raw(status: u16, content_type: Option<&str>, body: Vec<u8>, decoding: telnyx_portout::Decoding) -> RawResponse {
    let mut headers = HeaderMap::new();
    if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(c).ok()) {
        headers.insert(http::header::CONTENT_TYPE, ct);
    }
    RawResponse::new(
        StatusCode::from_u16(status).unwrap(),
        headers,
        Bytes::from(body),
        "GET /test".into(),
        decoding,
    )
}

/// Decodes with `endpoint`: a value, or a decode error naming the operation and keeping the
/// body; never a panic.
fn decode_with<E: Endpoint>(endpoint: &E, response: &RawResponse) -> Result<(), TestCaseError>
where
    E::Output: Debug,
{
    match endpoint.decode(response) {
        Ok(v) => {
            let _ = format!("{v:?}");
        }
        Err(Error::Decode(d)) => {
            prop_assert_eq!(&d.body, &response.body);
            let _ = format!("{d} {d:?}");
        }
        Err(e) => prop_assert!(false, "unexpected error {e:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn decoding_any_body_gives_a_value_or_a_decode_error(
        status in 200u16..300,
        content_type in proptest::option::of(prop::sample::select(vec!["application/json", "text/html", "", "application/json; charset=utf-16"])),
        body in body(),
    ) {
        let client = client_for("https://api.telnyx.com/v2");
        // Both modes: the tolerant repair loop meets the same mutated bodies.
        for decoding in [telnyx_portout::Decoding::Strict, telnyx_portout::Decoding::Tolerant] {
            let r = raw(status, content_type, body.clone(), decoding);
            let p = client.portouts();
            decode_with(&p.list(), &r)?;
            decode_with(&p.retrieve("x"), &r)?;
            decode_with(&p.list_rejection_codes("x"), &r)?;
            decode_with(&p.events().list(), &r)?;
            decode_with(&p.events().retrieve("x"), &r)?;
            decode_with(&p.events().republish("x"), &r)?;
            decode_with(&p.reports().list(), &r)?;
            decode_with(&p.reports().retrieve("x"), &r)?;
            decode_with(&p.comments().list("x"), &r)?;
            decode_with(&p.supporting_documents().list("x"), &r)?;
        }
    }
}

/// End to end: any status with any body gives a value, a decode error (2xx) or a status
/// error carrying that status and body (non-2xx); never a panic.
#[test]
fn any_status_with_any_body_gives_a_value_or_a_typed_error() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let client = client_for(&server.uri());
    let mut runner = TestRunner::new(RunnerConfig {
        cases: config(48).cases,
        ..RunnerConfig::default()
    });
    let status = prop_oneof![
        200u16..300,
        300u16..600,
        prop::sample::select(vec![200u16, 204, 304, 401, 422, 500])
    ];
    runner
        .run(&(status, body()), |(status, body)| {
            rt.block_on(async {
                server.reset().await;
                Mock::given(any_request())
                    .respond_with(ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"))
                    .mount(&server)
                    .await;
                let r = client.portouts().list().send().await;
                let bodyless = status == 204 || status == 304;
                match &r {
                    Ok(_) => prop_assert!((200..300).contains(&status)),
                    Err(Error::Decode(d)) => {
                        prop_assert!((200..300).contains(&status));
                        prop_assert_eq!(d.status.as_u16(), status);
                        prop_assert!(bodyless || d.body[..] == body[..]);
                    }
                    Err(Error::Status(s)) => {
                        prop_assert!(!(200..300).contains(&status));
                        prop_assert_eq!(s.status.as_u16(), status);
                        prop_assert!(bodyless || s.body[..] == body[..]);
                        let _ = (s.field_pointers(), s.retry_after(), s.request_id(), s.body_text());
                    }
                    Err(e) => prop_assert!(false, "status {status}: unexpected error {e:?}"),
                }
                if let Err(e) = &r {
                    let text = e.to_string();
                    prop_assert!(!text.contains(['\n', '\r']), "{:?}", text);
                }
                Ok(())
            })
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------

#[cfg(feature = "webhooks")]
const NOW: i64 = 1_700_000_000;

#[cfg(feature = "webhooks")]
fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut message = format!("{timestamp}|").into_bytes();
    message.extend_from_slice(body);
    STANDARD.encode(key.sign(&message).to_bytes())
}

#[cfg(feature = "webhooks")]
fn header_name() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            "telnyx-timestamp",
            "Telnyx-Timestamp",
            "TELNYX-SIGNATURE-ED25519",
            "telnyx-signature-ed25519",
            " telnyx-timestamp ",
            "content-type",
        ])
        .prop_map(str::to_string),
        hostile(),
    ]
    .boxed()
}

#[cfg(feature = "webhooks")]
fn header_value() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..100),
        any::<i64>().prop_map(|n| n.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..70).prop_map(|b| STANDARD.encode(b).into_bytes()),
        hostile().prop_map(String::into_bytes),
    ]
    .boxed()
}

#[cfg(feature = "webhooks")]
fn public_key() -> BoxedStrategy<String> {
    prop_oneof![
        any::<[u8; 32]>().prop_map(|b| STANDARD.encode(b)),
        any::<[u8; 32]>().prop_map(|b| STANDARD.encode(SigningKey::from_bytes(&b).verifying_key().as_bytes())),
        prop::collection::vec(any::<u8>(), 0..48).prop_map(|b| STANDARD.encode(b)),
        hostile(),
    ]
    .boxed()
}

#[cfg(feature = "webhooks")]
proptest! {
    #![proptest_config(config(256))]

    /// Arbitrary bodies, headers and keys give an error (or, by chance, a verified event),
    /// never a panic.
    #[test]
    fn webhooks_never_panic(
        body in prop_oneof![prop::collection::vec(any::<u8>(), 0..200), body()],
        headers in prop::collection::vec((header_name(), header_value()), 0..5),
        key in public_key(),
    ) {
        let _ = webhooks::verify(&body, headers.iter().map(|(k, v)| (k.as_str(), v.as_slice())), &key);
        if let Ok(event) = webhooks::parse(&body) {
            let _ = format!("{event:?}");
        }
        match webhooks::unwrap(&body, headers.iter().map(|(k, v)| (k.as_str(), v.as_slice())), &key) {
            Ok(event) => prop_assert!(false, "a random request verified: {event:?}"),
            Err(e) => {
                let _ = format!("{e} {e:?}");
            }
        }
    }

}

#[cfg(feature = "webhooks")]
proptest! {
    #![proptest_config(config(64))]

    /// Any clock, timestamp and tolerance: no overflow, and the window is exactly
    /// `|now - timestamp| <= tolerance`.
    #[test]
    fn the_timestamp_window_has_no_overflow(now in any::<i64>(), ts in any::<i64>(), tolerance in any::<u64>()) {
        let key = SigningKey::from_bytes(&[7; 32]);
        let verifier = Verifier::new(&STANDARD.encode(key.verifying_key().as_bytes()))
            .unwrap()
            .now(now)
            .tolerance(Duration::from_secs(tolerance));
        let ts_text = ts.to_string();
        let r = verifier.verify_parts(b"{}", &ts_text, sign(&key, &ts_text, b"{}"));
        let age = i128::from(now) - i128::from(ts);
        if ts < 0 {
            prop_assert!(matches!(r, Err(WebhookError::MalformedTimestamp)), "{:?}", r);
        } else if age > i128::from(tolerance) {
            prop_assert!(matches!(r, Err(WebhookError::TimestampTooOld { .. })), "{:?}", r);
        } else if -age > i128::from(tolerance) {
            prop_assert!(matches!(r, Err(WebhookError::TimestampInFuture { .. })), "{:?}", r);
        } else {
            prop_assert!(r.is_ok(), "{:?}", r);
        }
    }

}

#[cfg(feature = "webhooks")]
proptest! {
    // Ed25519 is slow in debug builds: fewer cases.
    #![proptest_config(config(32))]

    /// Only the right key's signature over exactly this timestamp text and body, within the
    /// tolerance, verifies.
    #[test]
    fn only_a_correct_signature_within_the_tolerance_verifies(
        seed in any::<[u8; 32]>(),
        other_seed in any::<[u8; 32]>(),
        body in prop::collection::vec(any::<u8>(), 0..200),
        offset in -1000i64..1000,
        tolerance in 0u64..700,
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let key = SigningKey::from_bytes(&seed);
        let verifier = Verifier::new(&STANDARD.encode(key.verifying_key().as_bytes()))
            .unwrap()
            .now(NOW)
            .tolerance(Duration::from_secs(tolerance));
        let ts = (NOW + offset).to_string();
        let signature = sign(&key, &ts, &body);
        let headers = [("telnyx-timestamp", ts.as_str()), ("telnyx-signature-ed25519", signature.as_str())];
        let within = offset.unsigned_abs() <= tolerance;
        let r = verifier.verify(&body, headers);
        prop_assert_eq!(r.is_ok(), within, "{:?}", r);
        if !within {
            return Ok(());
        }
        // Any change to the body breaks it.
        let mut changed = body.clone();
        if changed.is_empty() {
            changed.push(b' ');
        } else {
            let i = flip.index(changed.len());
            changed[i] ^= 1 << bit;
        }
        prop_assert!(matches!(verifier.verify(&changed, headers), Err(WebhookError::SignatureMismatch)));
        // So does another timestamp text, even one for the same instant.
        let padded = format!("0{ts}");
        prop_assert!(matches!(
            verifier.verify_parts(&body, &padded, &signature),
            Err(WebhookError::SignatureMismatch)
        ));
        // And another key's signature.
        if other_seed != seed {
            let forged = sign(&SigningKey::from_bytes(&other_seed), &ts, &body);
            prop_assert!(matches!(verifier.verify_parts(&body, &ts, &forged), Err(WebhookError::SignatureMismatch)));
        }
        // A flipped signature bit.
        let mut sig = STANDARD.decode(&signature).unwrap();
        let i = flip.index(sig.len());
        sig[i] ^= 1 << bit;
        prop_assert!(verifier.verify_parts(&body, &ts, STANDARD.encode(&sig)).is_err());
        // A verified body parses, or fails as a parse error: never a panic.
        match verifier.unwrap(&body, headers) {
            Ok(_) | Err(WebhookError::Parse { .. }) => {}
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Error messages stay on one line whatever the server sends (no log-line injection)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn error_messages_are_one_line(
        code in hostile(),
        title in hostile(),
        detail in hostile(),
        value in hostile(),
        field in prop::sample::select(vec!["user_id", "vendor", "rejection_code", "already_ported", "lsr", "status"]),
    ) {
        let mut status = telnyx_portout::StatusError::new(
            "GET /portouts/{id}",
            "https://api.telnyx.com/v2/portouts/x",
            StatusCode::UNPROCESSABLE_ENTITY,
            HeaderMap::new(),
            Bytes::new(),
        );
        status.errors = vec![telnyx_portout::ApiError {
            code: Some(code),
            title: Some(title),
            detail: Some(detail),
            ..Default::default()
        }];
        let text = Error::Status(Box::new(status)).to_string();
        prop_assert!(!text.contains(['\n', '\r']), "{:?}", text);

        let body = serde_json::to_vec(&json!({ "data": { field: value } })).unwrap();
        let client = client_for("https://api.telnyx.com/v2");
        if let Err(e) = client.portouts().retrieve("x").decode(&raw(200, Some("application/json"), body, telnyx_portout::Decoding::Strict)) {
            let text = e.to_string();
            prop_assert!(!text.contains(['\n', '\r']), "{:?}", text);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any `retry-after`/`retry-after-ms` a server sends gives no delay or one of at most 60 s;
    /// never a panic (negative zero, NaN, infinities, huge numbers, far dates).
    #[test]
    fn retry_after_headers_are_bounded(
        ms in proptest::option::of(prop_oneof![
            hostile(),
            any::<f64>().prop_map(|f| f.to_string()),
            prop::sample::select(vec!["-0", "-0.0", "NaN", "inf", "-inf", "1e309", "60000", "60000.0001", "0x10"]).prop_map(str::to_string),
        ]),
        secs in proptest::option::of(prop_oneof![
            hostile(),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|f| f.to_string()),
            (0i64..253_000_000_000).prop_map(|t| chrono::DateTime::from_timestamp(t, 0).unwrap().to_rfc2822()),
            prop::sample::select(vec!["Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"]).prop_map(str::to_string),
        ]),
    ) {
        let mut headers = HeaderMap::new();
        if let Some(v) = ms.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert("retry-after-ms", v);
        }
        if let Some(v) = secs.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert("retry-after", v);
        }
        let status = telnyx_portout::StatusError::new(
            "GET /portouts",
            "https://api.telnyx.com/v2/portouts",
            StatusCode::TOO_MANY_REQUESTS,
            headers,
            Bytes::new(),
        );
        if let Some(d) = status.retry_after() {
            prop_assert!(d <= Duration::from_secs(60), "{:?}", d);
        }
    }
}
