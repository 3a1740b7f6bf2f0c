//! The surface as text (`surface.txt`): one item per line, sorted, spec strings escaped so
//! none can start a line of its own.

use super::{Arg, Output, Surface, TypeKind, type_name};
use std::fmt;

impl fmt::Display for Surface {
    /// One line per item, sorted: what a reviewer reads to see the public API.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, t) in &self.types {
            let kind = match &t.kind {
                TypeKind::Struct => {
                    let mut kind = "struct".to_string();
                    if t.query {
                        kind.push_str(" (query object)");
                    }
                    if t.default {
                        kind.push_str(", Default");
                    }
                    if t.unknown.is_some() {
                        kind.push_str(", keeps unknown fields");
                    }
                    kind
                }
                TypeKind::Enum => "enum".to_string(),
                TypeKind::TaggedUnion { discriminator } => {
                    format!("union tagged by `{}`", discriminator.escape_debug())
                }
                TypeKind::Union { fitted: true } => "union (fitted)".to_string(),
                TypeKind::Union { fitted: false } => "union".to_string(),
            };
            writeln!(f, "type {name}: {kind}")?;
            if t.kind == TypeKind::Struct {
                writeln!(f, "    new({})", t.constructor.join(", "))?;
            }
            for m in &t.members {
                let ty = m.ty.as_ref().map(type_name);
                match (&t.kind, ty) {
                    (TypeKind::Struct, Some(ty)) => {
                        let ty = if m.optional { format!("Option<{ty}>") } else { ty };
                        write!(f, "    .{}: {ty} = `{}`", m.rust_name, m.wire.escape_debug())?;
                        if m.optional && m.required {
                            write!(f, ", required")?;
                        }
                        if let Some(s) = m.setter.as_ref().filter(|s| **s != m.rust_name) {
                            write!(f, ", setter {s}")?;
                        }
                        if let Some((_, q)) = m.query {
                            write!(f, ", {}", q.label())?;
                        }
                        writeln!(f)?;
                    }
                    (_, Some(ty)) if m.wire.is_empty() => writeln!(f, "    ::{}({ty})", m.rust_name)?,
                    (_, Some(ty)) => writeln!(f, "    ::{}({ty}) for `{}`", m.rust_name, m.wire.escape_debug())?,
                    (_, None) => writeln!(f, "    ::{} = `{}`", m.rust_name, m.wire.escape_debug())?,
                }
            }
            if let Some(c) = &t.catch_all {
                writeln!(f, "    ::{}({})", c.name, c.payload.user())?;
            }
            for v in &t.froms {
                writeln!(f, "    From for ::{v}")?;
            }
            for a in &t.accessors {
                writeln!(f, "    .{a}()")?;
            }
        }
        for (path, r) in &self.resources {
            writeln!(f, "resource {path}: {} (.{}())", r.rust_name, r.accessor)?;
            for (name, op) in &r.operations {
                let args: Vec<String> = op.args.iter().map(Arg::signature).collect();
                writeln!(
                    f,
                    "    {}{name}({}) -> {}: {} {} -> {}",
                    if op.deprecated { "(deprecated) " } else { "" },
                    args.join(", "),
                    op.builder,
                    op.http_method,
                    op.path.escape_debug(),
                    op.output.type_name()
                )?;
                for a in &op.args {
                    writeln!(f, "        arg {}: {}", a.name, a.target.describe().escape_debug())?;
                }
                for s in &op.setters {
                    writeln!(f, "        .{}({}): {}", s.name, s.param_type(), s.target.describe())?;
                }
                for q in &op.query {
                    writeln!(f, "        query `{}` {}", q.key.escape_debug(), q.encoding.label())?;
                }
                if let Some(b) = &op.body {
                    writeln!(f, "        body {:?} `{}`", b.encoding, b.content_type.escape_debug())?;
                    for (part, ct) in &b.part_types {
                        writeln!(f, "        part `{}` as `{}`", part.escape_debug(), ct.escape_debug())?;
                    }
                }
                if let Output::Page(p) = &op.output {
                    match &p.number_key {
                        Some(k) => writeln!(f, "        pages by `{}`", k.escape_debug())?,
                        None => writeln!(f, "        one page")?,
                    }
                }
            }
        }
        Ok(())
    }
}
