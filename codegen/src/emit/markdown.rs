//! Spec prose to rustdoc markdown that can never run or inject anything.
//!
//! Text from a spec is data. Rustdoc turns every fenced (```` ``` ````, `~~~`) or indented code
//! block whose info string is empty or Rust-like into a doctest, which `cargo test` compiles
//! and runs, and it passes raw HTML through to the rendered page. So every doc comment the
//! generator writes goes through `render`: the text is parsed with the same CommonMark parser
//! rustdoc uses and written out again in a canonical form in which
//!
//! - every code block (fenced, tilde-fenced, indented, in a list or a blockquote) is a fenced
//!   `text` block, with a fence longer than any backtick run inside it;
//! - HTML (blocks and inline tags) is escaped text;
//! - text is escaped so that it cannot open a block, a link (or an intra-doc link), an HTML tag
//!   or an entity;
//! - links keep only `http`, `https` and `mailto` destinations, and images become links.
//!
//! The result is parsed again, with rustdoc's extensions and without them; if any code block
//! other than a `text` fence, or any HTML, is found, the text is rendered instead as escaped
//! plain paragraphs (which cannot contain a block construct). Spec text is cut at
//! [`MAX_TEXT_CHARS`] (by `prose::cap`, when lowering reads it), and
//! the doc says so.

/// The longest text taken from one spec field; see `prose::cap`.
pub use crate::prose::MAX_TEXT_CHARS;
use crate::prose::{code, longest_run};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};

/// Renders markdown (spec prose, or generator prose with spec values in it) as safe doc lines.
pub(crate) fn render(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Vec::new();
    }
    if is_plain(&text) {
        return text.lines().map(str::to_string).collect();
    }
    let rewritten = rewrite(&text);
    if is_safe(&rewritten) {
        return trim_blank(rewritten.lines().map(str::to_string).collect());
    }
    let plain = plain(&text);
    if is_safe(&plain) {
        return trim_blank(plain.lines().map(str::to_string).collect());
    }
    vec!["(The spec's text could not be rendered safely and is left out.)".to_string()]
}

/// Text that is plain paragraph lines already (most descriptions, and the generator's own
/// sentences): what [`rewrite`] would write back unchanged, so the parse is skipped. Lines
/// start with a letter or digit (not a digit run before `.` or `)`), carry no leading or
/// trailing space, no blank line, none of the characters that open markup, and backticks only
/// as simple code spans (`x`).
fn is_plain(text: &str) -> bool {
    const MARKUP: &[char] = &['\\', '*', '[', ']', '<', '>', '&', '~', '|', '#', '{', '}', '!', '$'];
    text.lines().all(|line| {
        let Some(first) = line.chars().next() else { return false };
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let after_digits = line[digits..].chars().next();
        let parts: Vec<&str> = line.split('`').collect();
        first.is_alphanumeric()
            && !matches!(after_digits, Some('.') | Some(')'))
            && !line.ends_with(char::is_whitespace)
            && !line.chars().any(char::is_control)
            // Text between code spans: no markup, `_` only inside words.
            && parts.iter().step_by(2).all(|t| {
                let chars: Vec<char> = t.chars().collect();
                chars.iter().enumerate().all(|(i, c)| {
                    !MARKUP.contains(c)
                        && (*c != '_'
                            || (i > 0
                                && chars[i - 1].is_alphanumeric()
                                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())))
                })
            })
            // Code spans: one backtick each side, content not starting or ending with a space.
            && parts.len() % 2 == 1
            && parts
                .iter()
                .skip(1)
                .step_by(2)
                .all(|c| !c.is_empty() && !c.starts_with(' ') && !c.ends_with(' '))
    })
}

/// The extensions rustdoc enables (`rustdoc::html::markdown`).
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// No code block other than a `text` fence and no HTML, read with rustdoc's extensions, with
/// none, and with every extension pulldown-cmark has.
fn is_safe(markdown: &str) -> bool {
    [rustdoc_options(), Options::empty(), Options::all()]
        .into_iter()
        .all(|opts| {
            Parser::new_ext(markdown, opts).all(|e| match e {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
                Event::Html(_) | Event::InlineHtml(_) => false,
                Event::Start(Tag::HtmlBlock) | Event::Start(Tag::MetadataBlock(_)) => false,
                _ => true,
            })
        })
}

fn trim_blank(mut lines: Vec<String>) -> Vec<String> {
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Characters escaped wherever they appear in text: they could open emphasis, code, links
/// (and intra-doc links), HTML, entities, strikethrough or tables. `_` is escaped only where
/// it could open or close emphasis (not inside a word, as in `foc_date`).
const ESCAPED: &[char] = &['\\', '`', '*', '[', '<', '&', '~', '|'];

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        let intraword = c == '_' && word(i.checked_sub(1)) && word(Some(i + 1));
        if ESCAPED.contains(&c) || (c == '_' && !intraword) {
            out.push('\\');
        }
        out.push(if c.is_control() && c != '\n' && c != '\t' {
            ' '
        } else {
            c
        });
    }
    out
}

/// A line of paragraph text must not start a block: no leading whitespace, and a first
/// character that cannot be a list marker, a blockquote, a setext underline or a definition.
fn guard_line_start(line: &str) -> String {
    let line = line.trim_start();
    let mut chars = line.char_indices();
    match chars.next() {
        Some((_, c)) if "-+=:>#".contains(c) => format!("\\{line}"),
        Some((_, c)) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some('.') | Some(')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

/// The fallback: every line trimmed and every ASCII punctuation character escaped, so the
/// text is plain paragraphs whatever it contained.
fn plain(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        for c in line.trim().chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(if c.is_control() { ' ' } else { c });
        }
        out.push('\n');
    }
    out
}

/// A parsed markdown tree: a node is a tag with children, or a leaf event.
enum Node {
    Tag(Tag<'static>, Vec<Node>),
    Leaf(Event<'static>),
}

fn tree(text: &str) -> Vec<Node> {
    let mut stack: Vec<(Option<Tag<'static>>, Vec<Node>)> = vec![(None, Vec::new())];
    // Without smart punctuation: rustdoc applies it when it renders the output.
    for event in Parser::new_ext(text, rustdoc_options() - Options::ENABLE_SMART_PUNCTUATION) {
        match event.into_static() {
            Event::Start(tag) => stack.push((Some(tag), Vec::new())),
            Event::End(_) => {
                if stack.len() > 1 {
                    if let Some((Some(tag), children)) = stack.pop() {
                        if let Some(parent) = stack.last_mut() {
                            parent.1.push(Node::Tag(tag, children));
                        }
                    }
                }
            }
            leaf => {
                if let Some(top) = stack.last_mut() {
                    top.1.push(Node::Leaf(leaf));
                }
            }
        }
    }
    // Unclosed tags (the parser closes every tag, but never trust that): fold them in.
    while stack.len() > 1 {
        if let Some((tag, children)) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                match tag {
                    Some(tag) => parent.1.push(Node::Tag(tag, children)),
                    None => parent.1.extend(children),
                }
            }
        }
    }
    stack.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

fn rewrite(text: &str) -> String {
    blocks(&tree(text)).join("\n")
}

fn is_inline(node: &Node) -> bool {
    match node {
        Node::Leaf(e) => !matches!(e, Event::Rule | Event::Html(_)),
        Node::Tag(tag, _) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
    }
}

/// Block-level nodes to lines, blocks separated by a blank line. Inline runs outside a
/// paragraph (tight list items) are paragraphs.
fn blocks(nodes: &[Node]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let push = |lines: Vec<String>, out: &mut Vec<String>| {
        if lines.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(lines);
    };
    let mut i = 0;
    while i < nodes.len() {
        if is_inline(&nodes[i]) {
            let start = i;
            while i < nodes.len() && is_inline(&nodes[i]) {
                i += 1;
            }
            push(paragraph(&nodes[start..i]), &mut out);
            continue;
        }
        push(block(&nodes[i]), &mut out);
        i += 1;
    }
    out
}

fn paragraph(nodes: &[Node]) -> Vec<String> {
    inline(nodes)
        .split('\n')
        .map(guard_line_start)
        .filter(|l| !l.is_empty())
        .collect()
}

fn block(node: &Node) -> Vec<String> {
    match node {
        Node::Leaf(Event::Rule) => vec!["***".to_string()],
        Node::Leaf(Event::Html(h)) => paragraph(&[Node::Leaf(Event::Text(h.clone()))]),
        Node::Leaf(_) => Vec::new(),
        Node::Tag(tag, children) => match tag {
            Tag::Paragraph => paragraph(children),
            Tag::Heading { level, .. } => {
                // `{` could start heading attributes.
                let text = inline(children).replace('\n', " ").replace('{', "\\{");
                vec![format!("{} {}", "#".repeat(*level as usize), text.trim())]
            }
            Tag::BlockQuote(_) => blocks(children)
                .into_iter()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect(),
            Tag::CodeBlock(_) => {
                let mut content = String::new();
                for c in children {
                    if let Node::Leaf(Event::Text(t)) = c {
                        content.push_str(t);
                    }
                }
                let fence = "`".repeat((longest_run(&content, '`') + 1).max(3));
                let mut lines = vec![format!("{fence}text")];
                lines.extend(content.trim_end_matches('\n').split('\n').map(|l| {
                    l.chars()
                        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
                        .collect()
                }));
                lines.push(fence);
                lines
            }
            Tag::List(start) => {
                let mut out = Vec::new();
                let mut number = start.unwrap_or(1);
                for item in children {
                    let Node::Tag(Tag::Item, item_children) = item else {
                        continue;
                    };
                    let marker = match start {
                        Some(_) => format!("{number}. "),
                        None => "- ".to_string(),
                    };
                    number += 1;
                    let pad = " ".repeat(marker.len());
                    let lines = blocks(item_children);
                    if lines.is_empty() {
                        out.push(marker.trim_end().to_string());
                        continue;
                    }
                    for (k, l) in lines.into_iter().enumerate() {
                        out.push(if k == 0 {
                            format!("{marker}{l}")
                        } else if l.is_empty() {
                            String::new()
                        } else {
                            format!("{pad}{l}")
                        });
                    }
                }
                out
            }
            Tag::Table(_) => {
                let mut out = Vec::new();
                for (k, row) in children.iter().enumerate() {
                    let Node::Tag(_, cells) = row else { continue };
                    let cells: Vec<String> = cells
                        .iter()
                        .map(|c| match c {
                            Node::Tag(_, inl) => inline(inl).replace('\n', " "),
                            _ => String::new(),
                        })
                        .collect();
                    out.push(format!("| {} |", cells.join(" | ")));
                    if k == 0 {
                        out.push(format!("|{}", " --- |".repeat(cells.len().max(1))));
                    }
                }
                out
            }
            Tag::FootnoteDefinition(label) => {
                let mut lines = blocks(children);
                match lines.first_mut() {
                    Some(first) => *first = format!("{}: {first}", escape(&format!("[{label}]"))),
                    None => lines.push(escape(&format!("[{label}]"))),
                }
                lines
            }
            // HTML blocks, definition lists, metadata and whatever a parser version adds:
            // their content as blocks (HTML as escaped text).
            _ => blocks(children),
        },
    }
}

fn inline(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Leaf(e) => match e {
                Event::Text(t) => out.push_str(&escape(t)),
                Event::Code(c) => out.push_str(&code(c)),
                Event::Html(h) | Event::InlineHtml(h) => out.push_str(&escape(h)),
                Event::SoftBreak => out.push('\n'),
                Event::HardBreak => out.push_str("\\\n"),
                Event::FootnoteReference(l) => out.push_str(&escape(&format!("[^{l}]"))),
                Event::TaskListMarker(done) => out.push_str(if *done { "\\[x\\] " } else { "\\[ \\] " }),
                Event::InlineMath(m) | Event::DisplayMath(m) => out.push_str(&escape(m)),
                _ => {}
            },
            Node::Tag(tag, children) => {
                let inner = inline(children);
                match tag {
                    Tag::Emphasis => out.push_str(&format!("*{inner}*")),
                    Tag::Strong => out.push_str(&format!("**{inner}**")),
                    Tag::Strikethrough => out.push_str(&format!("~~{inner}~~")),
                    Tag::Link {
                        dest_url, link_type, ..
                    }
                    | Tag::Image {
                        dest_url, link_type, ..
                    } => {
                        let label = if matches!(tag, Tag::Image { .. }) {
                            format!("image: {inner}")
                        } else {
                            inner
                        };
                        let label = if label.trim().is_empty() {
                            escape(dest_url)
                        } else {
                            label
                        };
                        match safe_url(dest_url, *link_type) {
                            Some(url) => out.push_str(&format!("[{label}](<{url}>)")),
                            None => out.push_str(&label),
                        }
                    }
                    _ => out.push_str(&inner),
                }
            }
        }
    }
    out
}

/// A link destination kept only for `http`, `https` and `mailto`, and only when it needs no
/// escaping inside `<...>`.
fn safe_url(url: &str, link_type: LinkType) -> Option<String> {
    let url = match link_type {
        LinkType::Email if !url.starts_with("mailto:") => format!("mailto:{url}"),
        _ => url.to_string(),
    };
    let lower = url.to_ascii_lowercase();
    let scheme_ok = ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s));
    let chars_ok = url
        .chars()
        .all(|c| !c.is_whitespace() && !c.is_control() && !"<>\\`".contains(c));
    (scheme_ok && chars_ok).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(text: &str) -> String {
        let out = render(text).join("\n");
        assert!(is_safe(&out), "unsafe output for {text:?}:\n{out}");
        out
    }

    #[test]
    fn every_code_block_shape_becomes_a_text_fence() {
        for attack in [
            "```\npanic!()\n```",
            "```rust,no_run\nfn main() {}\n```",
            "```should_panic\nfn main() {}\n```",
            "~~~\npanic!()\n~~~",
            "~~~compile_fail\nfn main() {}\n~~~",
            "Para\n\n    panic!()\n",
            "- item\n\n      panic!()\n",
            "-     panic!()",
            ">     panic!()",
            "> ```\n> panic!()\n> ```",
            "1. ```\n   panic!()\n   ```",
            "````\n```\npanic!()\n```\n````",
        ] {
            let out = safe(attack);
            assert!(
                out.contains("panic!()") || out.contains("fn main"),
                "{attack:?} lost its text: {out}"
            );
        }
    }

    #[test]
    fn html_is_escaped_text() {
        let out = safe("Hello <script>alert(1)</script> and\n\n<div onclick=\"x\">block</div>");
        assert!(out.contains("\\<script>") && out.contains("\\<div"), "{out}");
    }

    #[test]
    fn plain_prose_is_kept() {
        assert_eq!(
            render("Returns the portout request based on the ID provided"),
            ["Returns the portout request based on the ID provided"]
        );
        assert_eq!(
            render("Sends a `GET` request to `/portouts/{id}`."),
            ["Sends a `GET` request to `/portouts/{id}`."]
        );
    }

    #[test]
    fn links_keep_only_web_schemes() {
        let out = safe("[docs](https://developers.telnyx.com) [x](javascript:alert(1)) <https://a.b/c>");
        assert!(out.contains("[docs](<https://developers.telnyx.com>)"), "{out}");
        assert!(!out.contains("javascript:alert"), "{out}");
    }

    #[test]
    fn text_cannot_start_a_block_or_link() {
        // Escaped in the source, these are text; written out again they must stay text.
        let out = safe("a\n\\- b\n1\\. c\n\\> d\n\\# e\n\\[Client\\]");
        assert!(
            out.contains("\\- b") && out.contains("1\\. c") && out.contains("\\> d"),
            "{out}"
        );
        assert!(out.contains("\\[Client]"), "{out}");
    }

    #[test]
    fn code_spans_hold_any_value() {
        assert_eq!(code("/a/`b`"), "`` /a/`b` ``");
        assert_eq!(code("x\n```rust\ny"), "````x ```rust y````");
    }

    /// The fast path writes exactly what the rewrite would.
    #[test]
    fn plain_text_skips_the_parse_with_the_same_result() {
        for text in [
            "Returns the portout request based on the ID provided",
            "Sends a `GET` request to `/portouts`.\nArguments:",
            "Optional; `page_number` in the JSON.",
            "Filter by foc date. Matches all portouts with the same date",
            "2024 was a year (see above), and 3 is a number.",
            "Used at `GET /portouts response.data`.",
        ] {
            assert!(is_plain(text), "{text:?}");
            assert_eq!(
                render(text),
                rewrite(text).lines().map(str::to_string).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
        for text in [
            "- a", "1. a", "a  \nb", "a\n\nb", "x `` y", "x ` y` z", "<b>", "a _b", "    code", "`a", "a `b",
        ] {
            assert!(!is_plain(text), "{text:?}");
        }
    }
}
