//! Spec prose as the lowering reads it (cut to a length, split into lines) and the one
//! quoting helper generator prose uses for spec values (`code`). Below every stage: lowering,
//! the surface and the emitter all use it; the safe rendering of prose into rustdoc is
//! `emit::markdown`.

/// The longest text taken from one spec field (a description, a summary), in characters.
/// The longest in Telnyx's spec is about 3,100.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Cuts spec text at [`MAX_TEXT_CHARS`] (at a whitespace boundary where there is one) and says
/// so at the end.
pub(crate) fn cap(text: &str) -> String {
    let total = text.chars().count();
    if total <= MAX_TEXT_CHARS {
        return text.to_string();
    }
    let end = text.char_indices().nth(MAX_TEXT_CHARS).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    let head = match head.rfind(char::is_whitespace) {
        Some(i) if i > end / 2 => &head[..i],
        _ => head,
    };
    format!("{head} …\n\n(Cut here: the spec's text is {total} characters long.)")
}

/// Splits spec prose into doc lines, trimming trailing space and outer blank lines.
/// Spec text longer than [`MAX_TEXT_CHARS`] is cut there, and says so.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let text = cap(text);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.first().is_some_and(|l| l.is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// An inline code span showing `value` literally (a spec name, path or key inside generator
/// prose): on one line, with a backtick fence longer than any run inside.
pub(crate) fn code(value: &str) -> String {
    let one_line: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let fence = "`".repeat(longest_run(&one_line, '`') + 1);
    let pad = if one_line.starts_with('`') || one_line.ends_with('`') || one_line.starts_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{one_line}{pad}{fence}")
}

/// The longest run of `c` in `s`.
pub(crate) fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_and_says_so() {
        let text = "word ".repeat(2000);
        let out = cap(&text);
        assert!(out.chars().count() < MAX_TEXT_CHARS + 100);
        assert!(
            out.ends_with("(Cut here: the spec's text is 10000 characters long.)"),
            "{out}"
        );
        assert_eq!(cap("short"), "short");
    }
}
