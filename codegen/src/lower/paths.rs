//! Path templates: the checks a template must pass before the client can fill it, and its
//! parameters in order (parsed by `ir::template_pieces`).

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{TemplatePiece, template_pieces};

/// Fails unless `path` is a path template the client can fill: it starts with `/`, and every
/// `{` opens a non-empty parameter name closed by `}` (no nesting, no stray `}`).
pub(super) fn check_path_template(path: &str, at: &str) -> Result<()> {
    let fail = |why: &str| {
        Err(Error::new(
            ErrorKind::InvalidDocument,
            at,
            format!("path `{}` {why}", path.escape_debug()),
        ))
    };
    if !path.starts_with('/') {
        return fail("does not start with `/`");
    }
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(_)) => return fail("has a `{` inside a parameter"),
            ('}', None) => return fail("has a `}` that closes no parameter"),
            ('}', Some(start)) if start + 1 == i => return fail("has a parameter without a name (`{}`)"),
            ('}', Some(_)) => open = None,
            _ => {}
        }
    }
    if open.is_some() {
        return fail("has a parameter that is not closed");
    }
    // The template is appended to the base URL as it is: a `?` or `#` would start the query or
    // the fragment (the rest of the path would be lost), a `..` segment would climb.
    let literal: String = template_pieces(path)
        .into_iter()
        .map(|piece| match piece {
            TemplatePiece::Literal(text) => text,
            TemplatePiece::Param(_) => "x",
        })
        .collect();
    let bytes = literal.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let pchar = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) || !b.is_ascii();
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !pchar && !escape {
            return fail(&format!(
                "has `{}` outside a parameter, which is not allowed in a URL path (RFC 3986)",
                char::from(b).escape_debug()
            ));
        }
    }
    if literal.split('/').any(|segment| segment == "." || segment == "..") {
        return fail("has a `.` or `..` segment");
    }
    Ok(())
}

/// The `{name}`s of a path template, in order.
pub(super) fn template_params(path: &str) -> Vec<String> {
    template_pieces(path)
        .into_iter()
        .filter_map(|p| match p {
            TemplatePiece::Param(name) => Some(name.to_string()),
            TemplatePiece::Literal(_) => None,
        })
        .collect()
}
