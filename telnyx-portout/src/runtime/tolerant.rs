//! Tolerant decoding: the repair loop behind [`Decoding::Tolerant`](crate::Decoding).
//!
//! It runs only after the strict decode from bytes failed, so a conforming response never
//! gets here (and allocates nothing for deviations). The body is parsed as a
//! `serde_json::Value` and decoded from it with `serde_path_to_error`; at each failure the
//! value at the failing path is either rewritten under one of the documented
//! interpretations (`deviation::RULE_*`) or removed (a field becomes `None`, an item leaves
//! its list; an object that lacks a required member leaves the field or list that holds it),
//! and the decode is tried again. Every step records a [`Deviation`] with the path as
//! received, the raw JSON and the reason. The loop stops at [`MAX_DEVIATIONS`], and a
//! failure it cannot repair (the top level itself) is returned as the strict error would be.
//! Each decode costs one decode of the whole value, so a page is repaired item by item
//! ([`decode_part`], used by `pagination.rs`): a page whose every item drifts costs one
//! decode per deviation of an item, not of the page.

use crate::deviation::{
    Deviation, Outcome, RULE_BOOLEAN_STRING, RULE_DATE_TIME_SPACE_UTC, RULE_DATE_TIME_UTC, RULE_INTEGER_STRING,
    RULE_NUMBER_AS_STRING, RULE_NUMBER_STRING,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The most deviations one value decoded tolerantly may have (a response, or one item of a
/// page); past it the value fails as in strict mode (a value that far from the spec is not
/// read tolerantly, and each repair costs one more decode of it).
pub const MAX_DEVIATIONS: usize = 1000;

/// One step of a path: an object member or a list index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn get<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(value, |v, step| match (v, step) {
        (Value::Object(m), Step::Key(k)) => m.get(k),
        (Value::Array(a), Step::Index(i)) => a.get(*i),
        _ => None,
    })
}

fn get_mut<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(value, |v, step| match (v, step) {
        (Value::Object(m), Step::Key(k)) => m.get_mut(k),
        (Value::Array(a), Step::Index(i)) => a.get_mut(*i),
        _ => None,
    })
}

/// The path a decode failure names, as steps (a variant name or an unknown step ends it: the
/// value there is what failed).
fn steps_of(path: &serde_path_to_error::Path) -> Vec<Step> {
    let mut steps = Vec::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => steps.push(Step::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => steps.push(Step::Index(*index)),
            _ => break,
        }
    }
    steps
}

/// Unions decode their variants from a parsed value and put the path inside the variant at
/// the start of the message (`payload.status: invalid type ...`): follow it when it leads to
/// a value under `steps`.
fn follow_inner_path(value: &Value, steps: &mut Vec<Step>, message: &mut String) {
    loop {
        let Some((prefix, rest)) = message.split_once(": ") else {
            return;
        };
        if prefix.is_empty() || prefix.contains(' ') {
            return;
        }
        let mut inner = Vec::new();
        for part in prefix.split('.') {
            let (key, mut indices) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                inner.push(Step::Key(key.to_string()));
            }
            while let Some(rest) = indices.strip_prefix('[') {
                let Some((index, after)) = rest.split_once(']') else {
                    return;
                };
                match index.parse::<usize>() {
                    Ok(i) => inner.push(Step::Index(i)),
                    Err(_) => return,
                }
                indices = after;
            }
            if !indices.is_empty() {
                return;
            }
        }
        let mut extended = steps.clone();
        extended.extend(inner);
        if get(value, &extended).is_none() {
            return;
        }
        *steps = extended;
        *message = rest.to_string();
    }
}

/// The member a "missing field" message names.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(field, _)| field)
}

/// A date-time without an offset (with `T` or a space), as RFC 3339 in UTC. (A space for
/// `T` with an offset is RFC 3339 already, which chrono reads: no deviation.)
fn date_time(s: &str) -> Option<(&'static str, String)> {
    let spaced = s.as_bytes().get(10) == Some(&b' ') && s.as_bytes().get(4) == Some(&b'-');
    // Byte 10 is an ASCII space, so 10 and 11 are character boundaries.
    let t = if spaced {
        format!("{}T{}", s.get(..10)?, s.get(11..)?)
    } else {
        s.to_string()
    };
    if chrono::DateTime::parse_from_rfc3339(&t).is_ok() {
        return None;
    }
    let naive = chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    let utc = naive.and_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    Some((
        if spaced {
            RULE_DATE_TIME_SPACE_UTC
        } else {
            RULE_DATE_TIME_UTC
        },
        utc,
    ))
}

/// What the message says was expected, after `, expected `.
fn expected(message: &str) -> &str {
    message.rsplit_once(", expected ").map_or("", |(_, e)| e)
}

/// The documented interpretation of `value` for the failure `message`, if there is one.
fn interpret(value: &Value, message: &str) -> Option<(&'static str, Value)> {
    let expected = expected(message);
    let integer = |e: &str| {
        e.len() > 1 && (e.starts_with('i') || e.starts_with('u')) && e[1..].chars().all(|c| c.is_ascii_digit())
    };
    match value {
        Value::String(s) if integer(expected) => {
            let t = s.trim();
            let n: serde_json::Number = match t.parse::<i64>() {
                Ok(i) => i.into(),
                Err(_) => t.parse::<u64>().ok()?.into(),
            };
            Some((RULE_INTEGER_STRING, Value::Number(n)))
        }
        Value::String(s) if expected == "f64" || expected == "f32" => {
            let f = s.trim().parse::<f64>().ok()?;
            serde_json::Number::from_f64(f).map(|n| (RULE_NUMBER_STRING, Value::Number(n)))
        }
        Value::String(s) if expected == "a boolean" => match s.as_str() {
            "true" => Some((RULE_BOOLEAN_STRING, Value::Bool(true))),
            "false" => Some((RULE_BOOLEAN_STRING, Value::Bool(false))),
            _ => None,
        },
        Value::Number(n) if expected == "a string" => Some((RULE_NUMBER_AS_STRING, Value::String(n.to_string()))),
        // A string the decoder refused for its content, not its type: a date-time that is
        // not RFC 3339 may be one of the documented forms.
        Value::String(s) if !message.starts_with("invalid type") => {
            date_time(s).map(|(rule, t)| (rule, Value::String(t)))
        }
        _ => None,
    }
}

/// Indices removed from the lists of the response, by the list's path as received, to name
/// later paths as received.
#[derive(Default)]
struct Removed(BTreeMap<Vec<Step>, BTreeSet<usize>>);

impl Removed {
    /// `steps` (of the value being decoded) as the path in the response as received.
    fn original(&self, steps: &[Step]) -> Vec<Step> {
        let mut out = Vec::with_capacity(steps.len());
        for step in steps {
            let next = match step {
                Step::Index(i) => match self.0.get(&out) {
                    Some(gone) => {
                        // The i-th index (0-based) not removed.
                        let mut kept = 0;
                        let mut at = 0;
                        loop {
                            if !gone.contains(&at) {
                                if kept == *i {
                                    break;
                                }
                                kept += 1;
                            }
                            at += 1;
                        }
                        Step::Index(at)
                    }
                    None => Step::Index(*i),
                },
                key => key.clone(),
            };
            out.push(next);
        }
        out
    }
}

/// A failure the loop cannot repair: the path and message of the strict error.
#[derive(Debug)]
pub struct Unrepairable {
    /// The JSON path.
    pub path: String,
    /// Why.
    pub message: String,
}

/// Decodes `original` as `T`, repairing what does not match (see the module docs).
///
/// A required field that is missing (or whose value was left out) is marked absent, so the
/// object keeps its other fields and the field is `None` (see [`absence`]). Should a marker
/// ever be read by anything but a required field's decoder, the whole value is decoded again
/// without markers: the object that lacks the value is then left out of its holder, as a
/// type that cannot hold an absent value requires.
pub fn decode<T: DeserializeOwned>(original: &Value) -> Result<(T, Vec<Deviation>), Unrepairable> {
    let _repairing = Repairing::start();
    match repair::<T>(original, true) {
        Ok((value, deviations, true)) => Ok((value, deviations)),
        Ok((_, _, false)) => repair::<T>(original, false).map(|(value, deviations, _)| (value, deviations)),
        Err(e) => Err(e),
    }
}

/// The repair loop; with `mark`, a missing required value is marked absent (else its object
/// is left out). The flag returned says every marker left in the value was read as an absence.
fn repair<T: DeserializeOwned>(original: &Value, mark: bool) -> Result<(T, Vec<Deviation>, bool), Unrepairable> {
    let mut value = original.clone();
    let mut deviations: Vec<Deviation> = Vec::new();
    let mut removed = Removed::default();
    // The deviations whose value was rewritten, by path as received: if the rewritten value
    // fails again, it is removed instead.
    let mut rewritten: BTreeMap<Vec<Step>, usize> = BTreeMap::new();
    // The places marked absent (path in the value being decoded), with their deviation.
    let mut marked: BTreeMap<Vec<Step>, usize> = BTreeMap::new();
    loop {
        absence::reset();
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => {
                let all_read = absence::all_read(&value);
                return Ok((t, deviations, all_read));
            }
            Err(e) => e,
        };
        let mut steps = steps_of(error.path());
        let mut message = error.into_inner().to_string();
        follow_inner_path(&value, &mut steps, &mut message);
        let original_steps = removed.original(&steps);
        let unrepairable = |message: String| Unrepairable {
            path: render(&original_steps),
            message,
        };
        if deviations.len() >= MAX_DEVIATIONS {
            return Err(unrepairable(format!(
                "{message} (after {MAX_DEVIATIONS} other deviations, the most one response may have)"
            )));
        }
        let raw = get(original, &original_steps).cloned();
        if let Some(&at) = marked.get(&steps) {
            // A marker where the type cannot hold an absent value: leave the object out.
            let object = steps.split_last().map_or_else(Vec::new, |(_, parent)| parent.to_vec());
            marked.remove(&steps);
            let original_object = removed.original(&object);
            if !remove(&mut value, &object, &mut removed) {
                return Err(unrepairable(message));
            }
            if let Some(d) = deviations.get_mut(at) {
                d.reason = format!("{}, so the object is left out", d.reason);
                d.path = render(&original_object);
                d.raw = get(original, &original_object).cloned();
            }
            continue;
        }
        if let Some(field) = missing_field(&message) {
            let reason = format!("missing field `{field}`, which the spec requires");
            let mut at = steps.clone();
            at.push(Step::Key(field.to_string()));
            let original_at = removed.original(&at);
            // Its value, received but left out, is a deviation already: the same place.
            let at_path = render(&original_at);
            let earlier = deviations.iter().position(|d| d.path == at_path);
            if mark && let Some(Value::Object(object)) = get_mut(&mut value, &steps) {
                object.insert(field.to_string(), absence::marker());
                let index = match earlier {
                    Some(i) => {
                        if let Some(d) = deviations.get_mut(i) {
                            d.reason = format!("{} ({reason})", d.reason);
                        }
                        i
                    }
                    None => {
                        deviations.push(Deviation {
                            path: at_path,
                            raw: None,
                            reason,
                            outcome: Outcome::Absent,
                            page: None,
                        });
                        deviations.len() - 1
                    }
                };
                marked.insert(at, index);
                continue;
            }
            // The object lacks a member the spec requires: leave the object out.
            if !remove(&mut value, &steps, &mut removed) {
                return Err(unrepairable(message));
            }
            deviations.push(Deviation {
                path: render(&original_steps),
                raw,
                reason: format!("{reason}, so the object is left out"),
                outcome: Outcome::Absent,
                page: None,
            });
            continue;
        }
        let Some(node) = get_mut(&mut value, &steps) else {
            return Err(unrepairable(message));
        };
        if let Some(&earlier) = rewritten.get(&original_steps) {
            // Its interpretation did not decode either: leave it out.
            if !remove(&mut value, &steps, &mut removed) {
                return Err(unrepairable(message));
            }
            if let Some(d) = deviations.get_mut(earlier) {
                d.reason = format!("{}; read as the interpretation: {message}", d.reason);
                d.outcome = Outcome::Absent;
            }
            continue;
        }
        if let Some((rule, read_as)) = interpret(node, &message) {
            *node = read_as.clone();
            rewritten.insert(original_steps.clone(), deviations.len());
            deviations.push(Deviation {
                path: render(&original_steps),
                raw,
                reason: message,
                outcome: Outcome::Interpreted { rule, read_as },
                page: None,
            });
            continue;
        }
        if !remove(&mut value, &steps, &mut removed) {
            return Err(unrepairable(message));
        }
        deviations.push(Deviation {
            path: render(&original_steps),
            raw,
            reason: message,
            outcome: Outcome::Absent,
            page: None,
        });
    }
}

/// Marks tolerant decoding's repair as running on this thread, until dropped (decoding is
/// synchronous: nothing else runs on the thread meanwhile).
struct Repairing(bool);

impl Repairing {
    fn start() -> Repairing {
        Repairing(REPAIRING.replace(true))
    }
}

impl Drop for Repairing {
    fn drop(&mut self) {
        REPAIRING.set(self.0);
    }
}

thread_local! {
    static REPAIRING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether tolerant decoding's repair is running on this thread: a required field's
/// decoder ([`crate::runtime::decode::required`]) then reads the value whole, to see the
/// marker of an absent value.
pub fn repairing() -> bool {
    REPAIRING.get()
}

/// The marker the repair puts where a required value is absent, so the field decodes as
/// `None` and the object keeps its other fields. A marker is a string no response can hold
/// by chance: a NUL, then a random number drawn once per process, then the marker's own
/// number; each one read is remembered, so the repair can check that only required fields'
/// decoders read them (anything else that read one would hold the marker as its value).
pub mod absence {
    use serde_json::Value;
    use std::cell::{Cell, RefCell};
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    thread_local! {
        static NEXT: Cell<u64> = const { Cell::new(0) };
        static READ: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
    }

    fn prefix() -> &'static str {
        static PREFIX: OnceLock<String> = OnceLock::new();
        PREFIX.get_or_init(|| format!("\u{0}telnyx-portout absent {:016x} ", fastrand::u64(..)))
    }

    fn number(value: &Value) -> Option<u64> {
        value.as_str()?.strip_prefix(prefix())?.parse().ok()
    }

    /// A new marker.
    pub(super) fn marker() -> Value {
        let n = NEXT.get();
        NEXT.set(n.wrapping_add(1));
        Value::String(format!("{}{n}", prefix()))
    }

    /// Whether `value` is a marker; if so, it is remembered as read.
    pub fn read(value: &Value) -> bool {
        let Some(n) = number(value) else {
            return false;
        };
        READ.with_borrow_mut(|read| read.insert(n));
        true
    }

    /// Forgets the markers read (before each decode of the repair).
    pub(super) fn reset() {
        READ.with_borrow_mut(BTreeSet::clear);
    }

    /// Whether every marker in `value` was read as an absence.
    pub(super) fn all_read(value: &Value) -> bool {
        let mut present = Vec::new();
        collect(value, &mut present);
        READ.with_borrow(|read| present.iter().all(|n| read.contains(n)))
    }

    fn collect(value: &Value, out: &mut Vec<u64>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            Value::Object(members) => members.values().for_each(|v| collect(v, out)),
            other => out.extend(number(other)),
        }
    }
}

/// `deviation` found inside the value at `prefix` (`data[3]`, `data.payload`), with its path
/// from the top.
pub fn under(prefix: &str, mut deviation: Deviation) -> Deviation {
    deviation.path = match deviation.path.as_str() {
        "" => prefix.to_string(),
        p if p.starts_with('[') => format!("{prefix}{p}"),
        p => format!("{prefix}.{p}"),
    };
    deviation
}

/// Decodes the value at `prefix` as `T` tolerantly, adding its deviations (with their paths
/// from the top) to `out`; `None` when it cannot be read at all (recorded as left out).
pub fn decode_part<T: DeserializeOwned>(value: &Value, prefix: &str, out: &mut Vec<Deviation>) -> Option<T> {
    if let Ok(v) = T::deserialize(value) {
        return Some(v);
    }
    match decode::<T>(value) {
        Ok((v, found)) => {
            out.extend(found.into_iter().map(|d| under(prefix, d)));
            Some(v)
        }
        Err(e) => {
            out.push(Deviation {
                path: prefix.to_string(),
                raw: Some(value.clone()),
                reason: if e.path.is_empty() {
                    e.message
                } else {
                    format!("at {}: {}", e.path, e.message)
                },
                outcome: Outcome::Absent,
                page: None,
            });
            None
        }
    }
}

/// Removes the value at `steps` from its object or list; `false` for the top level.
fn remove(value: &mut Value, steps: &[Step], removed: &mut Removed) -> bool {
    let Some((last, parent_steps)) = steps.split_last() else {
        return false;
    };
    let original_parent = removed.original(parent_steps);
    let original_last = removed.original(steps).pop();
    match (get_mut(value, parent_steps), last) {
        (Some(Value::Object(m)), Step::Key(k)) => m.remove(k).is_some(),
        (Some(Value::Array(a)), Step::Index(i)) if *i < a.len() => {
            a.remove(*i);
            if let Some(Step::Index(at)) = original_last {
                removed.0.entry(original_parent).or_default().insert(at);
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn paths_after_removals_are_those_of_the_response_as_received() {
        let mut removed = Removed::default();
        let list = vec![Step::Key("data".into())];
        removed.0.entry(list.clone()).or_default().insert(1);
        removed.0.entry(list).or_default().insert(2);
        let steps = [Step::Key("data".into()), Step::Index(1), Step::Key("x".into())];
        assert_eq!(render(&removed.original(&steps)), "data[3].x");
    }

    #[test]
    fn an_inner_path_is_followed_only_when_it_leads_somewhere_and_never_panics() {
        let value = serde_json::json!({"payload": {"items": [{"a]": 1}], "x": 2}});
        let mut steps = Vec::new();
        let mut message = "payload.items[0].a]: invalid type".to_string();
        follow_inner_path(&value, &mut steps, &mut message);
        assert_eq!(render(&steps), "payload.items[0].a]");
        assert_eq!(message, "invalid type");
        // Keys shaped like brackets, paths that lead nowhere, messages that are no path.
        for hostile in [
            "a[1]]: x",
            "a[]: x",
            "a[[1]: x",
            "payload.items[9]: x",
            "]: x",
            "[: x",
            ": x",
            "no path here",
        ] {
            let mut steps = Vec::new();
            let mut message = hostile.to_string();
            follow_inner_path(&value, &mut steps, &mut message);
            assert!(steps.is_empty(), "{hostile}");
            assert_eq!(message, hostile);
        }
    }

    #[test]
    fn date_times_in_the_documented_forms_only() {
        assert_eq!(date_time("2024-05-01 10:00:00Z"), None);
        assert_eq!(
            date_time("2024-05-01T10:00:00.25"),
            Some((RULE_DATE_TIME_UTC, "2024-05-01T10:00:00.250Z".into()))
        );
        assert_eq!(
            date_time("2024-05-01 10:00:00"),
            Some((RULE_DATE_TIME_SPACE_UTC, "2024-05-01T10:00:00Z".into()))
        );
        assert_eq!(date_time("2024-05-01"), None);
        assert_eq!(date_time("yesterday"), None);
        assert_eq!(date_time("2024-05-01T10:00:00Z"), None);
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Holder {
        // A required field of a response type, as generated.
        #[serde(deserialize_with = "crate::runtime::decode::required")]
        id: Option<i64>,
        #[serde(default)]
        note: Option<String>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Plain {
        // A required field that cannot be absent (a type not read from responses).
        name: String,
        #[serde(default)]
        note: Option<String>,
    }

    #[test]
    fn a_missing_required_value_is_none_and_the_object_keeps_its_other_fields() {
        let value = serde_json::json!([{"note": "kept"}, {"id": null, "note": "also"}, {"id": 3}]);
        let (got, found) = decode::<Vec<Holder>>(&value).unwrap();
        assert_eq!(
            got,
            [
                Holder {
                    id: None,
                    note: Some("kept".into())
                },
                Holder {
                    id: None,
                    note: Some("also".into())
                },
                Holder {
                    id: Some(3),
                    note: None
                },
            ]
        );
        let paths: Vec<(&str, Option<&Value>)> = found.iter().map(|d| (d.path.as_str(), d.raw.as_ref())).collect();
        assert_eq!(paths, [("[0].id", None), ("[1].id", Some(&Value::Null))]);
        assert!(
            found
                .iter()
                .all(|d| d.outcome == Outcome::Absent && d.reason.contains("requires"))
        );
        // Outside the repair, the same absence is an error.
        assert!(serde_json::from_value::<Vec<Holder>>(value).is_err());
    }

    #[test]
    fn a_marker_is_never_a_value_where_the_type_cannot_be_absent() {
        // `name` is a plain `String`: a marker there would be read as text, so the object is
        // left out of its list instead, and no value holds a marker.
        let value = serde_json::json!([{"note": "gone"}, {"name": "b"}]);
        let (got, found) = decode::<Vec<Plain>>(&value).unwrap();
        assert_eq!(
            got,
            [Plain {
                name: "b".into(),
                note: None
            }]
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "[0]");
        assert_eq!(found[0].raw, Some(serde_json::json!({"note": "gone"})));
        // A string shaped like a marker, but not of this process, is only text.
        let forged = Value::String("\u{0}telnyx-portout absent 0000000000000000 0".into());
        assert!(!absence::read(&forged));
        let (got, found) = decode::<Vec<Holder>>(&serde_json::json!([{"id": forged.clone()}])).unwrap();
        assert_eq!(got, [Holder { id: None, note: None }]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].path.as_str(), found[0].raw.as_ref()),
            ("[0].id", Some(&forged))
        );
    }
}
