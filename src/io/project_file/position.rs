//! Where in a project file's text an error is, as a line and a column.

/// `ron` points some errors at the white space before the token it could
/// not read (`name: ,` at the space after the colon): the line and column
/// (1-based, in chars) of that token instead. A position at the end of the
/// text, or past it, stays as it is.
pub(super) fn at_token(text: &str, line: usize, column: usize) -> (usize, usize) {
    let line_start = match line {
        0 | 1 => Some(0),
        _ => text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1),
    };
    let at = line_start.and_then(|start| {
        let mut chars = text[start..].char_indices();
        chars.nth(column.saturating_sub(1)).map(|(i, _)| start + i)
    });
    let Some(at) = at else {
        return (line, column);
    };
    let rest = &text[at..];
    let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    if blank == 0 || blank == rest.len() {
        return (line, column);
    }
    line_column(&text.as_bytes()[..at + blank])
}

pub(super) fn line_column(before: &[u8]) -> (usize, usize) {
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let last = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[last..]).chars().count() + 1;
    (line, column)
}
