//! Stage 5 (lowering one operation): the Rust names of a request builder's members, in one pass with one collision
//! policy.
//!
//! A request builder is one namespace: a parameter is a field, a positional argument or a
//! builder method, and a body member an argument or a builder method, so they share names
//! with each other, and with the builder's own fields (`client`, `options`, `body`) where the
//! member is a field, and the runtime's methods (`send`, `timeout`, ...) where it is a method. Members claim names in a fixed order: path parameters, query parameters,
//! headers, body members. Each takes its natural name (the snake_case of its wire name,
//! decided by `names::snake` where it is lowered); a name already taken is qualified by the
//! member's role (`client_param`, `id_header`, `body_status`). Two members of the same role
//! with one natural name (headers `X-Foo` and `x_foo`), or a qualified name that is taken
//! too, would leave a user unable to tell them apart: an error naming both.

use super::RESERVED_BUILDER_FIELDS;
use super::RESERVED_BUILDER_METHODS;
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{HeaderParam, Param, QueryParam};
use std::collections::BTreeMap;

/// What a builder member is, for its qualifier and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Path,
    Query,
    Header,
    BodyMember,
}

impl Role {
    fn qualify(self, name: &str) -> String {
        match self {
            Role::Path | Role::Query => format!("{name}_param"),
            Role::Header => format!("{name}_header"),
            Role::BodyMember => format!("body_{name}"),
        }
    }

    /// Whether the builder or the runtime already has `name` where this member goes: path
    /// parameters are fields, body members methods (the body is one field), the others both.
    fn reserved(self, name: &str) -> bool {
        let field = RESERVED_BUILDER_FIELDS.contains(&name);
        let method = RESERVED_BUILDER_METHODS.contains(&name);
        match self {
            Role::Path => field,
            Role::BodyMember => method,
            Role::Query | Role::Header => field || method,
        }
    }

    fn describe(self, wire: &str) -> String {
        match self {
            Role::Path => format!("path parameter `{wire}`"),
            Role::Query => format!("query parameter `{wire}`"),
            Role::Header => format!("header parameter `{wire}`"),
            Role::BodyMember => format!("body member `{wire}`"),
        }
    }
}

/// The namespace of one request builder.
struct Namespace<'a> {
    /// The operation (`GET /x`), for messages.
    op: &'a str,
    /// Where to point an error.
    at: &'a str,
    /// Claimed name to what claimed it, and its role.
    claimed: BTreeMap<String, (String, Role)>,
}

impl Namespace<'_> {
    /// Claims `natural` (or its qualified form) for a member; returns the name it got.
    fn claim(&mut self, natural: &str, role: Role, wire: &str, at: Option<&str>) -> Result<String> {
        let what = role.describe(wire);
        let same_role = self
            .claimed
            .get(natural)
            .filter(|(_, r)| *r == role)
            .map(|(o, _)| o.clone());
        let name = if role.reserved(natural) || self.claimed.contains_key(natural) {
            role.qualify(natural)
        } else {
            natural.to_string()
        };
        let shown = if same_role.is_some() {
            natural.to_string()
        } else {
            name.clone()
        };
        let other = same_role
            .or_else(|| self.claimed.get(&name).map(|(o, _)| o.clone()))
            .or_else(|| {
                role.reserved(&name)
                    .then(|| "the request builder's own member".to_string())
            });
        if let Some(other) = other {
            let name = shown;
            return Err(Error::new(
                ErrorKind::NameCollision,
                at.unwrap_or(self.at),
                format!(
                    "{other} and {what} of `{}` would both be called `{name}` in Rust",
                    self.op
                ),
            ));
        }
        self.claimed.insert(name.clone(), (what, role));
        Ok(name)
    }
}

/// The builder members of one operation.
pub(super) struct Members<'m> {
    pub path: &'m mut [Param],
    pub query: &'m mut [QueryParam],
    /// With the pointer of each (a collision points at the header's own definition).
    pub headers: &'m mut [(HeaderParam, String)],
    /// The body object's fields: (Rust field name, JSON name), in field order.
    pub body: Vec<(String, String)>,
}

/// Names every member of the builder of `op` (at `at`); returns the builder names of the body
/// members, by field, in field order.
pub(super) fn assign(op: &str, at: &str, m: Members<'_>) -> Result<Vec<(String, String)>> {
    let mut ns = Namespace {
        op,
        at,
        claimed: BTreeMap::new(),
    };
    for p in m.path.iter_mut() {
        p.rust_name = ns.claim(&p.rust_name, Role::Path, &p.wire_name, None)?;
    }
    for q in m.query.iter_mut() {
        q.rust_name = ns.claim(&q.rust_name, Role::Query, &q.wire_path.join("."), None)?;
    }
    for (h, at) in m.headers.iter_mut() {
        h.rust_name = ns.claim(&h.rust_name, Role::Header, &h.wire_name, Some(at.as_str()))?;
    }
    let mut body = Vec::new();
    for (field, wire) in m.body {
        let name = ns.claim(&field, Role::BodyMember, &wire, None)?;
        body.push((field, name));
    }
    Ok(body)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ir::TypeRef;

    fn path(name: &str) -> Param {
        Param {
            rust_name: name.into(),
            wire_name: name.into(),
            ty: TypeRef::String,
            doc: Vec::new(),
        }
    }

    fn query(name: &str) -> QueryParam {
        QueryParam {
            rust_name: name.into(),
            wire_path: vec![name.into()],
            ty: TypeRef::String,
            required: false,
            explode: true,
            doc: Vec::new(),
        }
    }

    fn header(name: &str) -> HeaderParam {
        HeaderParam {
            rust_name: name.into(),
            wire_name: name.into(),
            required: false,
            doc: Vec::new(),
        }
    }

    #[test]
    fn later_members_yield_qualified_by_their_role() {
        let mut p = vec![path("id"), path("client")];
        let mut q = vec![query("id"), query("send"), query("decoding")];
        let mut h = vec![(header("id"), "/h".to_string())];
        let body = vec![
            ("id".to_string(), "id".to_string()),
            ("client".to_string(), "client".to_string()),
        ];
        let members = assign(
            "GET /x/{id}",
            "/paths/~1x~1{id}/get",
            Members {
                path: &mut p,
                query: &mut q,
                headers: &mut h,
                body,
            },
        )
        .unwrap();
        // `client` is a builder field: a path parameter (a field) yields, a body member (a
        // method) does not; `send` is a runtime method: a query parameter (a method) yields.
        assert_eq!(
            p.iter().map(|p| p.rust_name.as_str()).collect::<Vec<_>>(),
            ["id", "client_param"]
        );
        assert_eq!(
            q.iter().map(|q| q.rust_name.as_str()).collect::<Vec<_>>(),
            ["id_param", "send_param", "decoding_param"]
        );
        assert_eq!(h[0].0.rust_name, "id_header");
        assert_eq!(
            members,
            [
                ("id".to_string(), "body_id".to_string()),
                ("client".to_string(), "client".to_string())
            ]
        );
    }

    #[test]
    fn a_qualified_name_that_is_taken_too_is_an_error_naming_both() {
        let mut p = vec![path("id")];
        let mut q = vec![query("id_param"), query("x")];
        q[1].rust_name = "id".into();
        let err = assign(
            "GET /x/{id}",
            "/paths/~1x~1{id}/get",
            Members {
                path: &mut p,
                query: &mut q,
                headers: &mut [],
                body: Vec::new(),
            },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::NameCollision);
        assert_eq!(err.pointer, "/paths/~1x~1{id}/get");
        assert!(
            err.message.contains("query parameter `id_param`")
                && err.message.contains("query parameter `x`")
                && err.message.contains("`id_param` in Rust"),
            "{err}"
        );
    }

    #[test]
    fn two_members_of_one_role_with_one_natural_name_are_an_error() {
        let mut h = vec![
            (header("x_foo"), "/paths/~1x/get/parameters/0".to_string()),
            (header("x_foo"), "/paths/~1x/get/parameters/1".to_string()),
        ];
        h[0].0.wire_name = "X-Foo".into();
        let err = assign(
            "GET /x",
            "/paths/~1x/get",
            Members {
                path: &mut [],
                query: &mut [],
                headers: &mut h,
                body: Vec::new(),
            },
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::NameCollision);
        assert_eq!(err.pointer, "/paths/~1x/get/parameters/1");
        assert!(
            err.message.contains("header parameter `X-Foo`") && err.message.contains("`x_foo` in Rust"),
            "{err}"
        );
    }
}
