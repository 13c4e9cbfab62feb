//! Text normalisation for comparing quotes with text: curly and straight
//! quotes, dashes and letter case folded, runs of white space collapsed to
//! one space, each folded char keeping the byte range it came from.

/// The normalised text: folded chars, each with the byte range it came from.
pub(super) struct Normalized {
    pub(super) chars: Vec<char>,
    /// Byte offset in the original text where each char starts.
    pub(super) starts: Vec<usize>,
    /// Byte offset in the original text where each char ends (a collapsed
    /// run of white space ends where the run ends).
    pub(super) ends: Vec<usize>,
}

/// The char `c` stands for when texts are compared: quotes, dashes and case
/// folded. `None` for white space (runs of it compare as one space).
fn fold(c: char) -> Option<char> {
    if c.is_whitespace() {
        return None;
    }
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    })
}

/// The normalised copy of `text`.
pub(super) fn normalize(text: &str) -> Normalized {
    let mut out = Normalized {
        chars: Vec::with_capacity(text.len()),
        starts: Vec::with_capacity(text.len()),
        ends: Vec::with_capacity(text.len()),
    };
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match fold(c) {
            None if in_space => {
                if let Some(last) = out.ends.last_mut() {
                    *last = end;
                }
            }
            None => {
                in_space = true;
                out.chars.push(' ');
                out.starts.push(i);
                out.ends.push(end);
            }
            Some(f) => {
                in_space = false;
                out.chars.push(f);
                out.starts.push(i);
                out.ends.push(end);
            }
        }
    }
    out
}

/// The folded chars of `text` (see [`normalize`]).
pub(super) fn normalize_chars(text: &str) -> Vec<char> {
    normalize(text).chars
}
