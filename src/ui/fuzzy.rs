//! A small fuzzy matcher for the command palette. The query's chars must
//! appear in the candidate in order, case ignored (spaces in the query are
//! ignored); a char matched at the start of a word, or right after the
//! previous match, scores more, and every skipped char a little less:
//!
//! ```text
//! "exp"  [Exp]ort…                     e x p at a word start, consecutive: 84
//! "exp"  Next [ex]am[p]le               later, a gap: lower
//! "exp"  Save                           not in order: no match
//! ```
//!
//! The best alignment is found by dynamic programming over (query char,
//! candidate char): O(query × candidate), nothing to tune per action. A
//! crate (nucleo-matcher, fuzzy-matcher) would do the same for a list of
//! ~60 short names at the cost of a dependency.

/// Score of a matched char.
const MATCH: i32 = 16;
/// Bonus for a match at the start of a word (after a non-alphanumeric char,
/// or a lower-case letter followed by an upper-case one).
const WORD_START: i32 = 12;
/// Bonus for a match at the candidate's first char.
const FIRST_CHAR: i32 = 8;
/// Bonus for a match right after the previous one.
const CONSECUTIVE: i32 = 8;
/// Penalty per skipped candidate char (before the first match too).
const GAP: i32 = 1;
/// Lower than any reachable score.
const NONE: i32 = i32::MIN / 4;

/// How well `query` matches `candidate`, higher is better; `None` when the
/// query's chars do not all appear in order. An empty query scores 0.
pub fn score(query: &str, candidate: &str) -> Option<i32> {
    let query: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold)
        .collect();
    let Some(&first) = query.first() else {
        return Some(0);
    };
    let chars: Vec<char> = candidate.chars().collect();
    let lower: Vec<char> = chars.iter().copied().map(fold).collect();
    let bonus: Vec<i32> = (0..chars.len()).map(|j| bonus(&chars, j)).collect();
    // best[j]: the best score with the query so far matched, its last char at j.
    let mut best: Vec<i32> = (0..chars.len())
        .map(|j| {
            if lower[j] == first {
                MATCH + bonus[j] - GAP * j as i32
            } else {
                NONE
            }
        })
        .collect();
    for &q in &query[1..] {
        let mut next = vec![NONE; chars.len()];
        // The best of best[k] - GAP × (chars skipped) over k <= j - 2.
        let mut after_gap = NONE;
        for j in 1..chars.len() {
            if j >= 2 {
                after_gap = (after_gap - GAP).max(best[j - 2] - GAP);
            }
            let from = (best[j - 1] + CONSECUTIVE).max(after_gap);
            if lower[j] == q && from > NONE / 2 {
                next[j] = from + MATCH + bonus[j];
            }
        }
        best = next;
    }
    best.into_iter().max().filter(|&s| s > NONE / 2)
}

/// The indices of the `candidates` that match `query`, best first; equal
/// scores keep the candidates' order.
pub fn rank(query: &str, candidates: &[&str]) -> Vec<usize> {
    let mut scored: Vec<(i32, usize)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| score(query, c).map(|s| (s, i)))
        .collect();
    scored.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), i));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// A char with its case ignored (the first char of its lower case).
fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// The bonus for matching `chars[j]`: first char, word start.
fn bonus(chars: &[char], j: usize) -> i32 {
    let Some(before) = j.checked_sub(1).map(|i| chars[i]) else {
        return FIRST_CHAR + WORD_START;
    };
    let c = chars[j];
    let word_start = !before.is_alphanumeric() || (before.is_lowercase() && c.is_uppercase());
    if word_start { WORD_START } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_must_appear_in_order_case_ignored() {
        assert!(score("exp", "Export…").is_some());
        assert!(score("EXP", "export").is_some());
        assert_eq!(score("pxe", "Export…"), None);
        assert_eq!(score("exp", "Save"), None);
        assert_eq!(score("", "Save"), Some(0));
        assert_eq!(score("save as", "Save as…"), score("saveas", "Save as…"));
    }

    #[test]
    fn a_prefix_at_a_word_start_scores_its_chars_bonuses() {
        // e: 16 + 12 + 8; x and p: 16 + 8 each.
        assert_eq!(score("exp", "Export…"), Some(84));
        assert!(score("exp", "Export…") > score("exp", "Next example"));
    }

    #[test]
    fn word_starts_beat_letters_inside_words() {
        // "zi": the "i" of "in" starts a word, the "i" of "Zoning" does not.
        assert!(score("zi", "Zoom in") > score("zi", "Zoning rules"));
        assert!(score("sa", "Save as…") > score("sa", "Sentiment: neutral"));
        // A lower-case letter followed by an upper-case one starts a word.
        assert!(score("sl", "StartLink") > score("sl", "Stall"));
    }

    #[test]
    fn the_best_alignment_wins_not_the_first() {
        // The leftmost "ex" (in "Flex", 2 skipped, no bonus) scores 14 + 24;
        // the one of "Export" (5 skipped, a word start) 23 + 24.
        assert_eq!(score("ex", "Flex Export"), Some(16 + 12 - 5 + 8 + 16));
        assert_eq!(score("ab", "xab"), Some(16 - 1 + 8 + 16));
    }

    #[test]
    fn ranking_puts_the_best_match_first_and_keeps_order_on_ties() {
        let names = [
            "Save",
            "Export…",
            "Next annotation",
            "Reset zoom",
            "Import…",
        ];
        assert_eq!(rank("exp", &names), [1]);
        assert_eq!(rank("", &names), [0, 1, 2, 3, 4]);
        assert_eq!(rank("o", &names)[0], 1);
        assert_eq!(rank("im", &names), [4]);
    }
}
