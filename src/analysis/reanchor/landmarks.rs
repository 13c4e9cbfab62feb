//! Where an annotation is expected in the new text: its old place shifted
//! like the landmarks around it (long quotes found exactly once).

use super::policy::{LONG_QUOTE, context_run};
use crate::model::Annotation;

/// (old start, new start) of the long quotes that occur exactly once in the
/// new text, sorted: landmarks that tell how far the edits shifted the text
/// around them.
pub(super) fn landmarks(text: &str, annotations: &[&Annotation]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = annotations
        .iter()
        .filter(|a| a.quote.exact().chars().count() >= LONG_QUOTE)
        .filter_map(|a| {
            let mut hits = memchr::memmem::find_iter(text.as_bytes(), a.quote.exact().as_bytes());
            match (hits.next(), hits.next()) {
                // Some context must agree too: a unique copy of a deleted
                // sentence would be a false landmark.
                (Some(at), None)
                    if context_run(&a.quote, text, at, at + a.quote.exact().len()) >= 8 =>
                {
                    Some((a.span.start.0, at))
                }
                _ => None,
            }
        })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// The old start `old` shifted like its nearest landmarks: the median shift
/// of the (up to) five nearest, so that one misplaced landmark does not
/// mislead.
pub(super) fn expected_start(landmarks: &[(usize, usize)], old: usize) -> usize {
    if landmarks.is_empty() {
        return old;
    }
    let i = landmarks.partition_point(|l| l.0 <= old);
    let (mut lo, mut hi) = (i, i); // The window landmarks[lo..hi].
    while hi - lo < 5 && (lo > 0 || hi < landmarks.len()) {
        let left = lo.checked_sub(1).map(|j| old - landmarks[j].0);
        let right = landmarks.get(hi).map(|l| l.0 - old);
        match (left, right) {
            (Some(l), Some(r)) if r < l => hi += 1,
            (Some(_), _) => lo -= 1,
            (None, _) => hi += 1,
        }
    }
    let mut shifts: Vec<i64> = landmarks[lo..hi]
        .iter()
        .map(|&(from, to)| to as i64 - from as i64)
        .collect();
    shifts.sort_unstable();
    let shift = shifts[shifts.len() / 2];
    (old as i64 + shift).max(0) as usize
}
