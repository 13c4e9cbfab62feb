//! The anchoring policy: where one annotation belongs in a new text, in
//! the order the module docs of `reanchor` give (same place, exact copies,
//! fuzzy search), with the guards that make an orphan of anything doubtful
//! (ambiguous copies, changed numbers or words, lost context, far moves).
//! One concept: the searches and the rules that judge their candidates.

use std::sync::OnceLock;

use super::distance::{align, levenshtein};
use super::normalize::{Normalized, normalize, normalize_chars};
use super::{Anchoring, Method, span};
use crate::model::text::{floor_char_boundary, grapheme_ceil, grapheme_floor};
use crate::model::{Annotation, Quote, Span};

/// Quotes shorter than this (in chars) need agreeing context to be placed.
const SHORT_QUOTE: usize = 24;
/// Piece length of the pigeonhole filter, and the length of indexed grams.
const GRAM: usize = 6;
/// The fuzzy search allows at most one edit per this many quote chars.
const CHARS_PER_EDIT: usize = 7;
/// Context this similar makes an exact copy the answer without a fuzzy search.
const STRONG_CONTEXT: f32 = 0.8;
/// Quotes at least this long (in chars) may be placed with little context
/// when nothing else in the text resembles them.
pub(super) const LONG_QUOTE: usize = 32;
/// Bytes from the expected place beyond which a candidate is far: only long,
/// unique, nearly unchanged quotes with agreeing context are moved that far.
const FAR: usize = 2048;
/// Bytes from the expected place beyond which a candidate needs well-agreeing context.
const ASTRAY: usize = 256;
/// Bytes from the expected place within which an exact copy counts as near.
const NEAR: usize = 64;
/// Copies whose context similarity is this close count as equally good
/// (then the one nearest the expected place wins).
const CONTEXT_TIE: f32 = 0.25;
/// Candidates closer than this in score are ambiguous.
const AMBIGUITY_MARGIN: f32 = 0.05;
/// A side of the stored context this long (chars) must still agree this
/// well for a quote shorter than [`LONG_QUOTE`] to be placed.
const SIDE_CHARS: usize = 8;
const SIDE_AGREEMENT: f32 = 0.5;
/// Chars of the stored prefix that mark an annotation's own place, and how
/// far (bytes, e.g. white space) from where it ends a placement may start.
const OWN_PREFIX_CHARS: usize = 20;
const OWN_PLACE_SLACK: usize = 8;
/// At most this many candidate windows are verified per annotation.
const MAX_WINDOWS: usize = 48;
/// Weights of quote similarity, context similarity and position in a score.
const W_QUOTE: f32 = 0.6;
const W_CONTEXT: f32 = 0.25;
const W_POSITION: f32 = 0.15;
/// Distance (bytes) from the expected place at which the position part of a
/// score has halved.
const POSITION_SCALE: f32 = 1024.0;

/// A new text prepared for re-anchoring many annotations: the normalised copy
/// and the gram index are built once, on first need.
pub struct Anchorer<'t> {
    text: &'t str,
    normalized: OnceLock<Normalized>,
    grams: OnceLock<Vec<(u64, u32)>>,
}

/// A verified fuzzy candidate.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    span: Span,
    score: f32,
    context: f32,
    quote_sim: f32,
}

impl<'t> Anchorer<'t> {
    /// Prepares `text` (nothing is computed until needed).
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            normalized: OnceLock::new(),
            grams: OnceLock::new(),
        }
    }

    /// Where `annotation` belongs in this text.
    pub fn anchor(&self, annotation: &Annotation) -> Anchoring {
        self.anchor_near(annotation, annotation.span.start.0)
    }

    /// Like [`Anchorer::anchor`], with the place where the annotation is
    /// expected to start now (its old start shifted by the edits before it,
    /// as estimated from its neighbours): nearness is measured from there.
    pub fn anchor_near(&self, annotation: &Annotation, expected: usize) -> Anchoring {
        let quote = &annotation.quote;
        if quote.exact().is_empty() {
            return if annotation.span.check(self.text).is_ok() {
                Anchoring::Kept
            } else {
                Anchoring::Orphaned { best_score: 0.0 }
            };
        }
        let quote_chars = quote.exact().chars().count();
        let short = quote_chars < SHORT_QUOTE;
        // 1. Same place, same quote.
        // Its context must agree a little too: a copy of the quote may have
        // slid under the old span while the annotation's own text moved.
        if annotation.span.slice(self.text) == Some(quote.exact())
            && self.context_similarity(quote, annotation.span) >= 0.5
            && !self.lost_a_side(quote, annotation.span)
        {
            return Anchoring::Kept;
        }
        let long = quote_chars >= LONG_QUOTE;
        // 2. The exact quote elsewhere; 3. fuzzy.
        let found = self
            .exact(annotation, expected)
            .unwrap_or_else(|| self.fuzzy(annotation, expected, short, long));
        // The annotation's own place is still there (its prefix, near where it
        // is expected) but the quote is not right after it: its text was
        // deleted, and what was found is a copy elsewhere.
        if let Anchoring::Moved { span, score, .. } = found
            && !long
            && let Some(own) = self.own_place(quote, expected)
            && span.start.0.abs_diff(own) > OWN_PLACE_SLACK
        {
            return Anchoring::Orphaned { best_score: score };
        }
        found
    }

    /// Where the stored prefix's last chars (at least [`OWN_PREFIX_CHARS`])
    /// end within [`NEAR`] bytes of `expected`: the byte where the quote
    /// should start. `None` when the prefix is too short or not found there.
    fn own_place(&self, quote: &Quote, expected: usize) -> Option<usize> {
        let chars = quote.prefix().chars().count();
        if chars < OWN_PREFIX_CHARS {
            return None;
        }
        let tail_start = quote
            .prefix()
            .char_indices()
            .nth(chars - OWN_PREFIX_CHARS)
            .map_or(0, |(i, _)| i);
        let tail = &quote.prefix()[tail_start..];
        let from = floor_char_boundary(self.text, expected.saturating_sub(NEAR + tail.len()));
        let to = floor_char_boundary(self.text, (expected + NEAR).min(self.text.len()));
        memchr::memmem::find_iter(&self.text.as_bytes()[from..to], tail)
            .map(|i| from + i + tail.len())
            .min_by_key(|end| end.abs_diff(expected))
    }

    pub(super) fn normalized(&self) -> &Normalized {
        self.normalized.get_or_init(|| normalize(self.text))
    }

    /// (hash of the GRAM chars starting at i, i) for every i, sorted.
    pub(super) fn grams(&self) -> &[(u64, u32)] {
        self.grams.get_or_init(|| {
            let chars = &self.normalized().chars;
            let mut grams: Vec<(u64, u32)> = chars
                .windows(GRAM)
                .enumerate()
                .map(|(i, w)| (gram_hash(w), i as u32))
                .collect();
            grams.sort_unstable();
            grams
        })
    }

    /// Step 2: every exact occurrence, judged by context and distance.
    fn exact(&self, annotation: &Annotation, old: usize) -> Option<Anchoring> {
        let quote = &annotation.quote;
        let len = quote.exact().len();
        let hits: Vec<usize> = memchr::memmem::find_iter(self.text.as_bytes(), &quote.exact())
            .filter(|&p| {
                grapheme_floor(self.text, p) == p && grapheme_ceil(self.text, p + len) == p + len
            })
            .collect();
        if hits.is_empty() {
            return None;
        }
        // A cheap context score (chars agreeing outward from the span) for
        // all hits; the exact similarity only for the most promising ones.
        let mut shortlist: Vec<(usize, usize)> = hits
            .iter()
            .map(|&p| (p, context_run(quote, self.text, p, p + len)))
            .collect();
        shortlist.sort_by_key(|&(p, run)| (std::cmp::Reverse(run), p.abs_diff(old)));
        let mut chosen: Vec<usize> = shortlist.iter().take(8).map(|&(p, _)| p).collect();
        let mut nearest = hits.clone();
        nearest.sort_by_key(|p| p.abs_diff(old));
        chosen.extend(nearest.into_iter().take(4));
        chosen.sort_unstable();
        chosen.dedup();
        let scored: Vec<(usize, f32)> = chosen
            .into_iter()
            .map(|p| (p, self.context_similarity(quote, span(p, p + len))))
            .collect();
        let best_context = scored.iter().map(|s| s.1).fold(0.0, f32::max);
        let mut good: Vec<(usize, f32)> = scored
            .into_iter()
            .filter(|s| s.1 >= best_context - CONTEXT_TIE)
            .collect();
        good.sort_by_key(|s| s.0.abs_diff(old));
        let (p, context) = good[0];
        let d1 = p.abs_diff(old);
        let score = self.score(1.0, context, p, old);
        if let Some(&(q, _)) = good.get(1) {
            let d2 = q.abs_diff(old);
            if d2 - d1 < (d1 / 4).max(32) {
                // Two copies, equally similar, equally near: do not guess.
                return Some(Anchoring::Orphaned { best_score: score });
            }
        }
        if context < STRONG_CONTEXT {
            // Weak context: a copy elsewhere may be less likely than the
            // annotation's own text with a small change; let step 3 weigh both.
            return None;
        }
        if d1 > NEAR.max(2 * len) {
            // Far from where it should be: the annotation's own text may be
            // there with a small change; step 3 weighs both.
            return None;
        }
        let found = span(p, p + len);
        if self.lost_a_side(quote, found) {
            return Some(Anchoring::Orphaned { best_score: score });
        }
        Some(if found == annotation.span {
            Anchoring::Kept
        } else {
            Anchoring::Moved {
                span: found,
                score,
                how: Method::Exact,
            }
        })
    }

    /// Step 3: bounded edit distance in the normalised text.
    fn fuzzy(&self, annotation: &Annotation, old: usize, short: bool, long: bool) -> Anchoring {
        let q = normalize_chars(annotation.quote.exact());
        let norm = self.normalized();
        if q.is_empty() || norm.chars.is_empty() {
            return Anchoring::Orphaned { best_score: 0.0 };
        }
        // First near the expected place (cheap even where the quote's words
        // recur all over a long text); the whole text only for long quotes,
        // the only ones that may move far.
        let centre = norm.starts.partition_point(|&b| b < old);
        let reach = 2 * FAR + q.len();
        let local = centre.saturating_sub(reach)..(centre + reach).min(norm.chars.len());
        let whole = local.start == 0 && local.end == norm.chars.len();
        let candidates = self.fuzzy_candidates(annotation, &q, old, local);
        let found = self.decide(annotation, candidates, old, short, long);
        if whole || !long || !matches!(found, Anchoring::Orphaned { .. }) {
            return found;
        }
        let candidates = self.fuzzy_candidates(annotation, &q, old, 0..norm.chars.len());
        self.decide(annotation, candidates, old, short, long)
    }

    /// Verified candidates for the normalised quote `q` starting inside
    /// `range` (normalised char indices), best first.
    fn fuzzy_candidates(
        &self,
        annotation: &Annotation,
        q: &[char],
        old: usize,
        range: std::ops::Range<usize>,
    ) -> Vec<Candidate> {
        let quote = &annotation.quote;
        let m = q.len();
        let norm = self.normalized();
        let n = norm.chars.len();
        let k = if m < 2 * GRAM {
            0
        } else {
            (m / CHARS_PER_EDIT).clamp(1, m / GRAM - 1)
        };
        // Estimated starts of the quote, from exact pieces.
        let mut starts: Vec<usize> = Vec::new();
        if m < GRAM {
            let to = (range.end + m).min(n);
            starts.extend(
                norm.chars[range.start..to]
                    .windows(m)
                    .enumerate()
                    .filter(|(_, w)| *w == q)
                    .map(|(i, _)| range.start + i),
            );
        } else {
            let grams = self.grams();
            let pieces = k + 1;
            for i in 0..pieces {
                let (from, to) = (i * m / pieces, (i + 1) * m / pieces);
                let piece = &q[from..to];
                let h = gram_hash(&piece[..GRAM]);
                // Grams are sorted by (hash, position): the hits of this
                // piece inside the range are one slice.
                let lo = (range.start + from) as u32;
                let hi = (range.end + from).min(u32::MAX as usize) as u32;
                let first = grams.partition_point(|g| (g.0, g.1) < (h, lo));
                for &(gh, pos) in &grams[first..] {
                    if gh != h || pos >= hi {
                        break;
                    }
                    let pos = pos as usize;
                    if norm.chars.get(pos..pos + piece.len()) == Some(piece) {
                        starts.push(pos.saturating_sub(from));
                    }
                }
            }
        }
        // Cluster nearby estimates into windows; more pieces = more support.
        starts.sort_unstable();
        let mut windows: Vec<(usize, usize, usize)> = Vec::new(); // (lo, hi, support)
        for s in starts {
            match windows.last_mut() {
                Some(w) if s <= w.1 + k.max(1) => {
                    w.1 = s;
                    w.2 += 1;
                }
                _ => windows.push((s, s, 1)),
            }
        }
        windows.sort_by_key(|w| std::cmp::Reverse(w.2));
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut best_distance = usize::MAX;
        for &(lo, hi, support) in windows.iter().take(MAX_WINDOWS) {
            // With d edits at least k + 1 - d pieces match: a window with
            // little support cannot beat what was found already.
            if best_distance != usize::MAX && k + 1 - support.min(k + 1) > best_distance + k / 2 + 1
            {
                continue;
            }
            let from = lo.saturating_sub(k);
            let to = (hi + m + k).min(n);
            let Some((s, e, d)) = align(q, &norm.chars[from..to], lo - from) else {
                continue;
            };
            if d > k || e <= s {
                continue;
            }
            best_distance = best_distance.min(d);
            let (s, e) = (from + s, from + e);
            let (start, end) = snap_words(self.text, quote, norm.starts[s], norm.ends[e - 1]);
            let start = grapheme_floor(self.text, start);
            let end = grapheme_ceil(self.text, end);
            let found = span(start, end);
            let text = &self.text[found.range()];
            // A changed number, or a word replaced by another, is a changed
            // claim: never re-anchor onto it.
            if digits(quote.exact()).ne(digits(text)) || replaced_word(q, &normalize_chars(text)) {
                continue;
            }
            let quote_sim = 1.0 - d as f32 / m as f32;
            let context = self.context_similarity(quote, found);
            candidates.push(Candidate {
                span: found,
                score: self.score(quote_sim, context, start, old),
                context,
                quote_sim,
            });
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        candidates
    }

    /// The outcome given the candidates (best first).
    fn decide(
        &self,
        annotation: &Annotation,
        candidates: Vec<Candidate>,
        old: usize,
        short: bool,
        long: bool,
    ) -> Anchoring {
        let quote = &annotation.quote;
        let Some(best) = candidates.first().copied() else {
            return Anchoring::Orphaned { best_score: 0.0 };
        };
        let rival = candidates
            .iter()
            .skip(1)
            .find(|c| !c.span.overlaps(&best.span) && c.span != best.span);
        let clearly_nearer = |r: &Candidate| {
            let (d_best, d_rival) = (
                best.span.start.0.abs_diff(old),
                r.span.start.0.abs_diff(old),
            );
            d_best <= NEAR && d_rival >= 4 * d_best.max(NEAR)
        };
        if rival.is_some_and(|r| r.score >= best.score - AMBIGUITY_MARGIN && !clearly_nearer(r)) {
            return Anchoring::Orphaned {
                best_score: best.score,
            };
        }
        let alone = rival.is_none();
        let distance = best.span.start.0.abs_diff(old);
        let far = distance > FAR;
        let accepted = if far {
            // Far from where the neighbours say it should be: only a long
            // quote, nearly unchanged, that nothing else resembles.
            long && alone && best.quote_sim >= 0.95 && best.context >= 0.5
        } else if short {
            // Short quotes recur ("not going to comment"): their context decides.
            best.context >= 0.75 && best.score >= 0.8
        } else {
            // Enough context; or a long quote, nearly unchanged, that nothing
            // else in the text resembles (its neighbours were rewritten).
            (best.context >= 0.5 && best.score >= 0.65)
                || (long && alone && best.quote_sim >= 0.95 && best.context >= 0.2)
        };
        // Away from where the neighbours say it should be, the context must
        // agree well: the annotation's own text may be gone and this a copy.
        let accepted = accepted
            && (distance <= ASTRAY || best.context >= 0.75)
            && (!short || distance <= NEAR || best.context >= 0.9)
            && (long || distance <= ASTRAY || best.context >= 0.9)
            && !self.lost_a_side(quote, best.span);
        if !accepted {
            return Anchoring::Orphaned {
                best_score: best.score,
            };
        }
        if best.span == annotation.span && best.span.slice(self.text) == Some(quote.exact()) {
            return Anchoring::Kept;
        }
        let how = if best.span.slice(self.text) == Some(quote.exact()) {
            Method::Exact
        } else {
            Method::Fuzzy
        };
        Anchoring::Moved {
            span: best.span,
            score: best.score,
            how,
        }
    }

    /// Score of a candidate at byte `start` (expected at `old`).
    fn score(&self, quote_sim: f32, context: f32, start: usize, old: usize) -> f32 {
        let position = 1.0 / (1.0 + start.abs_diff(old) as f32 / POSITION_SCALE);
        W_QUOTE * quote_sim + W_CONTEXT * context + W_POSITION * position
    }

    /// How well the text around `span` agrees with the stored prefix and
    /// suffix, in 0..=1 (normalised Levenshtein similarity, each side weighted
    /// by its stored length). Sides stored empty say nothing.
    fn context_similarity(&self, quote: &Quote, span: Span) -> f32 {
        let mut total = 0.0;
        let mut weight = 0.0;
        for (similarity, chars) in self.side_similarities(quote, span).into_iter().flatten() {
            total += chars as f32 * similarity;
            weight += chars as f32;
        }
        if weight == 0.0 { 1.0 } else { total / weight }
    }

    /// True when the quote is short and one side of its stored context (of
    /// at least [`SIDE_CHARS`] chars) no longer agrees with the text around
    /// `span`: the annotation's own text may be gone and this a copy of its
    /// first or last words (a deleted "The board of the …" whose next
    /// sentence starts with the same words, right after the same prefix).
    fn lost_a_side(&self, quote: &Quote, span: Span) -> bool {
        quote.exact().chars().count() < LONG_QUOTE
            && self
                .side_similarities(quote, span)
                .into_iter()
                .flatten()
                .any(|(similarity, chars)| chars >= SIDE_CHARS && similarity < SIDE_AGREEMENT)
    }

    /// The similarity of the text before and after `span` to the stored
    /// prefix and suffix (normalised Levenshtein), with the stored length;
    /// `None` for a side stored empty.
    fn side_similarities(&self, quote: &Quote, span: Span) -> [Option<(f32, usize)>; 2] {
        let before = &self.text[..span.start.0.min(self.text.len())];
        let after = self.text.get(span.end.0..).unwrap_or("");
        let prefix_chars = quote.prefix().chars().count();
        let suffix_chars = quote.suffix().chars().count();
        let found_prefix = before
            .char_indices()
            .rev()
            .nth(prefix_chars.saturating_sub(1))
            .map_or(before, |(i, _)| &before[i..]);
        let found_suffix = after
            .char_indices()
            .nth(suffix_chars)
            .map_or(after, |(i, _)| &after[..i]);
        [
            (&quote.prefix(), found_prefix, prefix_chars),
            (&quote.suffix(), found_suffix, suffix_chars),
        ]
        .map(|(stored, found, chars)| {
            (chars > 0).then(|| {
                let (a, b) = (normalize_chars(stored), normalize_chars(found));
                let longest = a.len().max(b.len()).max(1);
                (1.0 - levenshtein(&a, &b) as f32 / longest as f32, chars)
            })
        })
    }
}

/// True when a word of `quote` is gone from `found` and another word took
/// its place (as opposed to typos, which leave words recognisable, and to
/// words only added or only removed). Both are normalised char strings.
fn replaced_word(quote: &[char], found: &[char]) -> bool {
    let words = |text: &[char]| -> Vec<Vec<char>> {
        text.split(|c| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(<[char]>::to_vec)
            .collect()
    };
    let (a, b) = (words(quote), words(found));
    let near = |x: &[char], y: &[char]| {
        if x == y {
            return true;
        }
        let d = levenshtein(x, y);
        if d <= 1 {
            return true;
        }
        // Two letters swapped.
        let (mut sx, mut sy) = (x.to_vec(), y.to_vec());
        sx.sort_unstable();
        sy.sort_unstable();
        d == 2 && sx == sy
    };
    let gone = a.iter().any(|w| !b.iter().any(|v| near(w, v)));
    let new = b.iter().any(|v| !a.iter().any(|w| near(w, v)));
    gone && new
}

/// The ASCII digits of `text`, in order.
fn digits(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(char::is_ascii_digit)
}

/// Widens a fuzzy match to whole words where the quote began or ended at a
/// word's edge: with a typo at the edge ("rash" -> "rahs") the fewest edits
/// may stop inside the word. At most 3 chars on each side.
fn snap_words(text: &str, quote: &Quote, mut start: usize, mut end: usize) -> (usize, usize) {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if word(quote.exact().chars().next_back()) && !word(quote.suffix().chars().next()) {
        for c in text[end..].chars().take(3) {
            if !c.is_alphanumeric() {
                break;
            }
            end += c.len_utf8();
        }
    }
    if word(quote.exact().chars().next()) && !word(quote.prefix().chars().next_back()) {
        for c in text[..start].chars().rev().take(3) {
            if !c.is_alphanumeric() {
                break;
            }
            start -= c.len_utf8();
        }
    }
    (start, end)
}

/// Chars that agree outward from `[start, end)`: the end of the stored prefix
/// with the text before, the start of the stored suffix with the text after.
pub(super) fn context_run(quote: &Quote, text: &str, start: usize, end: usize) -> usize {
    let before = quote
        .prefix()
        .chars()
        .rev()
        .zip(text[..start].chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let after = quote
        .suffix()
        .chars()
        .zip(text[end..].chars())
        .take_while(|(a, b)| a == b)
        .count();
    before + after
}

fn gram_hash(chars: &[char]) -> u64 {
    chars.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &c| {
        (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reanchor::reanchor;
    use crate::analysis::reanchor::tests::{OLD, marked_on, on};
    use proptest::prelude::*;

    /// The text a moved or kept annotation covers in `new`.
    fn landed<'a>(new: &'a str, a: &Annotation) -> Option<&'a str> {
        reanchor(new, a).span(a.span).map(|s| &new[s.range()])
    }

    #[test]
    fn same_place_same_quote_is_kept() {
        let a = on(OLD, "Critics called the plan unrealistic.", 0);
        let new = OLD.replace("parliament", "the parliament");
        assert_eq!(reanchor(&new, &a), Anchoring::Kept);
    }

    #[test]
    fn text_inserted_before_moves_the_exact_quote() {
        let a = on(OLD, "Shares of the state bank fell 3%", 0);
        let new = format!("BREAKING. {OLD}");
        let got = reanchor(&new, &a);
        let Anchoring::Moved { span, score, how } = got else {
            panic!("{got:?}");
        };
        assert_eq!(how, Method::Exact);
        assert_eq!(span.start.0, a.span.start.0 + "BREAKING. ".len());
        assert_eq!(&new[span.range()], a.quote.exact());
        assert!(score > 0.95, "{score}");
    }

    #[test]
    fn duplicates_are_told_apart_by_context() {
        let (_, a) = marked_on("Alpha said yes. Beta said no. Gamma [said yes]. Delta said maybe.");
        // The text before moves, Alpha's copy ends up near Gamma's old place.
        let new = "Intro text here that is long. Alpha said yes. Beta said no. Gamma said yes. Delta said maybe.";
        let got = reanchor(new, &a);
        let Anchoring::Moved { span, .. } = got else {
            panic!("{got:?}");
        };
        assert_eq!(
            &new[..span.start.0],
            "Intro text here that is long. Alpha said yes. Beta said no. Gamma "
        );
    }

    #[test]
    fn duplicates_with_same_context_go_to_the_nearest() {
        let line = "Read more: subscribe now.\n";
        let old = format!(
            "{line}First story text here.\n{line}Second story text is longer than that.\n{line}"
        );
        let second = line.len() + "First story text here.\n".len();
        let a = on(&old, "Read more: subscribe now.", second);
        // Inserting text shifts everything; the nearest copy with the same context wins.
        let new = format!("Hello.\n{old}");
        let Anchoring::Moved { span, .. } = reanchor(&new, &a) else {
            panic!("not moved");
        };
        assert_eq!(span.start.0, second + "Hello.\n".len());
    }

    #[test]
    fn equally_good_copies_are_ambiguous_and_orphan() {
        let filler = "ab ".repeat(20);
        let text = format!("{filler}Breaking news {filler}Breaking news {filler}");
        let mut a = on(&text, "news", 0);
        let second = a.span.start.0 + "news ".len() + filler.len() + "Breaking ".len();
        assert_eq!(&text[second..second + 4], "news");
        // The old place lies halfway between two copies with the same context.
        let middle = (a.span.start.0 + second) / 2;
        a.span = span(middle, middle + 4);
        let got = reanchor(&text, &a);
        assert!(matches!(got, Anchoring::Orphaned { .. }), "{got:?}");
        // Nearer one copy, that one is taken.
        a.span = span(second - 10, second - 6);
        assert_eq!(
            reanchor(&text, &a).span(a.span),
            Some(span(second, second + 4))
        );
    }

    #[test]
    fn fixed_typo_is_found_fuzzily_and_the_quote_recaptured() {
        let old = OLD.replace("unrealistic", "unrealsitic");
        let a = on(&old, "Critics called the plan unrealsitic.", 0);
        let got = reanchor(OLD, &a);
        let Anchoring::Moved { span, how, score } = got else {
            panic!("{got:?}");
        };
        assert_eq!(how, Method::Fuzzy);
        assert_eq!(&OLD[span.range()], "Critics called the plan unrealistic.");
        assert!(score > 0.8, "{score}");
    }

    #[test]
    fn curly_quotes_straightened_still_anchor() {
        let old = "He said “we’re thrilled” about OpenAI’s deal with the Pentagon today.";
        let a = on(old, "“we’re thrilled” about OpenAI’s deal", 0);
        let new = "He said \"we're thrilled\" about OpenAI's deal with the Pentagon today.";
        assert_eq!(
            landed(new, &a),
            Some("\"we're thrilled\" about OpenAI's deal")
        );
    }

    #[test]
    fn rewrapped_lines_still_anchor() {
        let a = on(
            OLD,
            "Shares of the state bank fell 3% after the announcement, while bond yields rose.",
            0,
        );
        let new = OLD.replace("fell 3% after the ", "fell 3%\nafter the\n");
        assert_eq!(
            landed(&new, &a),
            Some(
                "Shares of the state bank fell 3%\nafter the\nannouncement, while bond yields rose."
            )
        );
    }

    #[test]
    fn deleted_text_orphans() {
        let a = on(OLD, "Critics called the plan unrealistic.", 0);
        let new = OLD.replace("Critics called the plan unrealistic. ", "");
        assert!(matches!(reanchor(&new, &a), Anchoring::Orphaned { .. }));
    }

    #[test]
    fn rewritten_text_orphans() {
        let a = on(OLD, "Critics called the plan unrealistic.", 0);
        let new = OLD.replace(
            "Critics called the plan unrealistic.",
            "Economists welcomed the proposal warmly.",
        );
        assert!(matches!(reanchor(&new, &a), Anchoring::Orphaned { .. }));
    }

    #[test]
    fn a_replaced_word_or_a_changed_number_is_a_changed_claim() {
        let a = on(OLD, "Critics called the plan unrealistic.", 0);
        let new = OLD.replace("the plan unrealistic", "the plan ambitious");
        assert!(matches!(reanchor(&new, &a), Anchoring::Orphaned { .. }));
        let b = on(
            OLD,
            "Shares of the state bank fell 3% after the announcement",
            0,
        );
        let new = OLD.replace("fell 3%", "fell 4%");
        assert!(matches!(reanchor(&new, &b), Anchoring::Orphaned { .. }));
        // A word added, or a typo fixed, is not a changed claim.
        let new = OLD.replace("fell 3% after", "fell 3% just after");
        assert!(matches!(
            reanchor(&new, &b),
            Anchoring::Moved {
                how: Method::Fuzzy,
                ..
            }
        ));
    }

    #[test]
    fn far_moves_need_a_long_unique_quote_with_context() {
        let filler: String = (0..400)
            .map(|i| format!("Filler sentence number {i}. "))
            .collect();
        let old = format!("Intro. The bank said yes. {filler}End.");
        let a = on(&old, "said yes", 0);
        // The sentence moved to the far end: a short quote is not followed there.
        let new = format!("Intro. {filler}The bank said yes. End.");
        assert!(matches!(reanchor(&new, &a), Anchoring::Orphaned { .. }));
        let b = on(&old, "The bank said yes.", 0);
        assert!(matches!(reanchor(&new, &b), Anchoring::Orphaned { .. }));
    }

    #[test]
    fn a_short_quote_whose_context_is_gone_is_not_moved_to_another_copy() {
        let (_, a) = marked_on("The bank said profits rose. Later [the bank] denied it.");
        let new = "The bank said profits rose. Nothing else happened.";
        let got = reanchor(new, &a);
        assert!(matches!(got, Anchoring::Orphaned { .. }), "{got:?}");
    }

    #[test]
    fn offsets_stay_on_grapheme_boundaries_with_emoji_and_combining_marks() {
        let old = "Cafe\u{301} owners 👩‍👩‍👧 said the deal was rash, a family of three said.";
        let a = on(old, "owners 👩‍👩‍👧 said the deal was rash", 0);
        let new = format!("Update: {}", old.replace("rash", "rahs"));
        let got = reanchor(&new, &a);
        let Anchoring::Moved { span, .. } = got else {
            panic!("{got:?}");
        };
        assert!(span.check(&new).is_ok());
        assert_eq!(&new[span.range()], "owners 👩‍👩‍👧 said the deal was rahs");
        // A quote that starts with a combining mark's base char.
        let b = on(old, "Cafe\u{301} owners", 0);
        assert_eq!(landed(&new, &b), Some("Cafe\u{301} owners"));
    }

    #[test]
    fn exact_match_inside_a_grapheme_is_refused() {
        let old = "word e is here and also there";
        let a = on(old, "e is here", 0);
        let new = "word e\u{301} is here and also there";
        // "e" followed by a combining accent is another grapheme: not the same text exactly.
        if let Some(span) = reanchor(new, &a).span(a.span) {
            assert!(span.check(new).is_ok());
            assert_eq!(grapheme_floor(new, span.start.0), span.start.0);
            assert_eq!(grapheme_ceil(new, span.end.0), span.end.0);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Edits outside the annotated text (and its context) never orphan
        /// the annotation nor move it to other text.
        #[test]
        fn edits_elsewhere_keep_the_annotation_on_its_text(
            pick in 0usize..4,
            edits in proptest::collection::vec((any::<bool>(), 0usize..1000, "[a-z ,.]{1,12}"), 1..6),
        ) {
            let quotes = ["said on Monday that the budget", "Critics called the plan", "state bank fell 3%", "demanded a vote in parliament"];
            let a = on(OLD, quotes[pick], 0);
            let keep = a.span.start.0.saturating_sub(40)..(a.span.end.0 + 40).min(OLD.len());
            let mut new = OLD.to_owned();
            let mut protected = keep.clone();
            for (insert, at, s) in edits {
                // Positions outside the protected range, before or after it.
                let before = at % 2 == 0 && protected.start > 0;
                let pos = if before { at % protected.start } else { protected.end + at % (new.len() - protected.end + 1) };
                let pos = crate::model::text::floor_char_boundary(&new, pos);
                if insert || pos == new.len() {
                    new.insert_str(pos, &s);
                    if before { protected = protected.start + s.len()..protected.end + s.len(); }
                } else {
                    let end = crate::model::text::floor_char_boundary(&new, (pos + s.len()).min(if before { protected.start } else { new.len() }));
                    new.replace_range(pos..end, "");
                    if before { protected = protected.start - (end - pos)..protected.end - (end - pos); }
                }
            }
            let expected = protected.start + (a.span.start.0 - keep.start);
            let got = reanchor(&new, &a);
            let span = got.span(a.span);
            prop_assert_eq!(span.map(|s| s.start.0), Some(expected), "{:?} in {:?}", got, new);
            prop_assert_eq!(span.map(|s| &new[s.range()]), Some(quotes[pick]));
        }
    }
}
