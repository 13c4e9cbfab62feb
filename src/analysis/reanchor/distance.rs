//! Edit distances of char strings: plain Levenshtein for short strings, and
//! the semi-global alignment that finds a quote inside a window of text.

/// Levenshtein distance of two short char strings.
pub(super) fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Last row of the semi-global alignment of `q` against `w` (the match may
/// start and end anywhere in `w`): entry j is the fewest edits turning `q`
/// into some substring of `w` ending at j.
fn semi_global(q: &[char], w: &[char]) -> Vec<usize> {
    let mut prev = vec![0usize; w.len() + 1];
    let mut cur = vec![0usize; w.len() + 1];
    for (i, cq) in q.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cw) in w.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(cq != cw))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}

/// The best match of `q` in `w`: (start, end, edits), char indices into `w`.
/// Ties go to the match ending nearest `hint + q.len()`, then to the one whose
/// length is nearest that of `q`.
pub(super) fn align(q: &[char], w: &[char], hint: usize) -> Option<(usize, usize, usize)> {
    let row = semi_global(q, w);
    let d = *row.iter().min()?;
    let expected_end = hint + q.len();
    let end = (0..row.len())
        .filter(|&j| row[j] == d)
        .min_by_key(|&j| j.abs_diff(expected_end))?;
    // Where that match starts: align the reversed quote with the reversed text before `end`.
    let rq: Vec<char> = q.iter().rev().copied().collect();
    let rw: Vec<char> = w[..end].iter().rev().copied().collect();
    let row = semi_global_prefix(&rq, &rw);
    let len = (0..row.len())
        .filter(|&j| row[j] == d)
        .min_by_key(|&j| j.abs_diff(q.len()))?;
    Some((end - len, end, d))
}

/// Like [`semi_global`], but the match must start at the beginning of `w`:
/// entry j is the edit distance of `q` and `w[..j]`.
fn semi_global_prefix(q: &[char], w: &[char]) -> Vec<usize> {
    let mut prev: Vec<usize> = (0..=w.len()).collect();
    let mut cur = vec![0usize; w.len() + 1];
    for (i, cq) in q.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cw) in w.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(cq != cw))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev
}
