//! Highlight bookkeeping that needs no egui: which highlights touch which
//! layout paragraph, which underline lane each one gets, and which one a
//! click at a byte offset means.
//!
//! Overlapping highlights get different lanes (one lane per overlap depth,
//! the lowest free lane first), so their underlines never coincide:
//!
//! ```text
//! text:   The deal was worth millions
//! a:      [-------------]               lane 0
//! b:          [----------------]        lane 1
//! c:                        [------]    lane 0 (a has ended)
//! ```

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::text::{ByteOffset, Span};

use super::paragraphs::ParagraphIndex;

/// Underline lane of each span (same order as `spans`): the lowest lane not
/// used by a span that overlaps it and started earlier. Spans are processed
/// by start, longer first on ties, so an enclosing span gets the lower lane.
pub fn assign_lanes(spans: &[Span]) -> Vec<u16> {
    assign_lanes_in_order(spans, &by_start(spans))
}

/// Indices of `spans` by start, longer first on ties.
fn by_start(spans: &[Span]) -> Vec<usize> {
    let key = |i: usize| (spans[i].start, Reverse(spans[i].end), i);
    let mut order: Vec<usize> = (0..spans.len()).collect();
    if !order.is_sorted_by_key(|&i| key(i)) {
        order.sort_unstable_by_key(|&i| key(i));
    }
    order
}

/// [`assign_lanes`] with the order already known.
fn assign_lanes_in_order(spans: &[Span], order: &[usize]) -> Vec<u16> {
    let mut lanes = vec![0u16; spans.len()];
    // Lanes in use, by the end of the span holding them.
    let mut busy: BinaryHeap<Reverse<(ByteOffset, u16)>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<u16>> = BinaryHeap::new();
    let mut next_lane = 0u16;
    for &i in order {
        let span = spans[i];
        while let Some(&Reverse((end, lane))) = busy.peek() {
            if end > span.start {
                break;
            }
            busy.pop();
            free.push(Reverse(lane));
        }
        let lane = free.pop().map_or_else(
            || {
                next_lane = next_lane.saturating_add(1);
                next_lane - 1
            },
            |Reverse(lane)| lane,
        );
        lanes[i] = lane;
        // An empty span holds its lane until something starts after it.
        busy.push(Reverse((span.end.max(ByteOffset(span.start.0 + 1)), lane)));
    }
    lanes
}

/// For each layout paragraph, the highlights that touch it; plus lanes.
/// Built once per annotation revision in O(n log n + paragraphs).
#[derive(Clone, Debug, Default)]
pub struct HighlightIndex {
    /// `items[offsets[p]..offsets[p + 1]]` are the highlights touching paragraph `p`.
    offsets: Vec<u32>,
    items: Vec<u32>,
    lanes: Vec<u16>,
    lane_count: u16,
}

impl HighlightIndex {
    /// Indexes `spans` (any order; sorted by start is fastest) over
    /// `paragraphs`. O(spans + paragraphs + entries) after the sort.
    pub fn new(spans: &[Span], paragraphs: &ParagraphIndex) -> Self {
        let order = by_start(spans);
        let lanes = assign_lanes_in_order(spans, &order);
        let lane_count = lanes.iter().max().map_or(0, |&l| l + 1);
        let n = paragraphs.len();

        // First and last paragraph of each span (in `order`), walking the
        // paragraphs forward as the starts grow: no binary searches.
        let mut para_ranges = Vec::with_capacity(order.len());
        let mut first = 0;
        for &i in &order {
            let span = spans[i];
            while first + 1 < n && paragraphs.start(first + 1) <= span.start.0 {
                first += 1;
            }
            // The paragraph holding the last byte (an empty span: its own).
            let last_byte = span.end.0.max(span.start.0 + 1) - 1;
            let mut last = first;
            while last + 1 < n && paragraphs.start(last + 1) <= last_byte {
                last += 1;
            }
            para_ranges.push(first..last + 1);
        }

        let mut offsets = vec![0u32; n + 1];
        for range in &para_ranges {
            for p in range.clone() {
                offsets[p + 1] += 1;
            }
        }
        for p in 0..n {
            offsets[p + 1] += offsets[p];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; offsets[n] as usize];
        // In order of start, so that each paragraph's list is sorted by start.
        for (&i, range) in order.iter().zip(&para_ranges) {
            for p in range.clone() {
                items[fill[p] as usize] = i as u32;
                fill[p] += 1;
            }
        }
        Self {
            offsets,
            items,
            lanes,
            lane_count,
        }
    }

    /// Indices of the highlights touching paragraph `para`, by start.
    pub fn in_paragraph(&self, para: usize) -> &[u32] {
        let (Some(&start), Some(&end)) = (self.offsets.get(para), self.offsets.get(para + 1))
        else {
            return &[];
        };
        &self.items[start as usize..end as usize]
    }

    /// Underline lane of highlight `i`.
    pub fn lane(&self, i: usize) -> u16 {
        self.lanes.get(i).copied().unwrap_or(0)
    }

    /// Number of lanes in use (the deepest overlap).
    pub fn lane_count(&self) -> u16 {
        self.lane_count
    }
}

/// Cuts `ranges` (half-open `(start, end)`, sorted by start) into pieces
/// with the same ranges over them, and calls `f(start, end, over)` for each
/// piece that some range covers, `over` being the indices of the ranges
/// that cover it, by start (the order their fills are painted in):
///
/// ```text
/// ranges:  a [0, 6)    b [3, 9)    c [11, 13)
/// text:    0 1 2 3 4 5 6 7 8 9 10 11 12 13
/// pieces:  [a----)[ab--)[b---)     [c---)
/// ```
///
/// O(ranges × overlap depth).
pub fn for_each_piece(ranges: &[(usize, usize)], mut f: impl FnMut(usize, usize, &[usize])) {
    let mut over: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut pos = ranges.first().map_or(0, |r| r.0);
    loop {
        while let Some(&(start, end)) = ranges.get(next)
            && start <= pos
        {
            if end > pos {
                over.push(next);
            }
            next += 1;
        }
        over.retain(|&i| ranges[i].1 > pos);
        let next_start = ranges.get(next).map(|r| r.0);
        let Some(end) = over.iter().map(|&i| ranges[i].1).min() else {
            match next_start {
                Some(start) => pos = start,
                None => return,
            }
            continue;
        };
        let end = next_start.map_or(end, |start| start.min(end));
        f(pos, end, &over);
        pos = end;
    }
}

/// The highlights among `candidates` (indices, with `span_of` giving each
/// one's span) that hold the char at `at`, innermost (shortest) first, ties
/// by start then index.
pub fn hits_at(span_of: impl Fn(u32) -> Span, candidates: &[u32], at: ByteOffset) -> Vec<u32> {
    let mut hits: Vec<(usize, ByteOffset, u32)> = candidates
        .iter()
        .map(|&i| (span_of(i), i))
        .filter(|(span, _)| span.start <= at && at < span.end)
        .map(|(span, i)| (span.len(), span.start, i))
        .collect();
    hits.sort_unstable();
    hits.into_iter().map(|(_, _, i)| i).collect()
}

/// Which of `hits` (innermost first) a click picks: the innermost, or, when
/// the click repeats one at the same spot while `current` is selected, the
/// next one outward (wrapping around), so every overlapping highlight can
/// be reached by clicking.
pub fn pick_hit(hits: &[u32], current: Option<u32>, same_spot: bool) -> Option<u32> {
    let first = *hits.first()?;
    if !same_spot {
        return Some(first);
    }
    let Some(pos) = current.and_then(|c| hits.iter().position(|&h| h == c)) else {
        return Some(first);
    };
    Some(hits[(pos + 1) % hits.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(list: &[(usize, usize)]) -> Vec<Span> {
        list.iter().map(|&pair| Span::from(pair)).collect()
    }

    #[test]
    fn lanes_follow_overlap_depth() {
        // a [0,10), b [5,20), c [12,15) inside b, d [20,25) after b.
        let s = spans(&[(0, 10), (5, 20), (12, 15), (20, 25)]);
        assert_eq!(assign_lanes(&s), [0, 1, 0, 0]);
        // Nested spans starting together: the enclosing one gets lane 0.
        let s = spans(&[(0, 3), (0, 10), (0, 6)]);
        assert_eq!(assign_lanes(&s), [2, 0, 1]);
        // Three-deep overlap needs three lanes; a gap frees them all.
        let s = spans(&[(0, 9), (1, 9), (2, 9), (9, 12), (30, 31)]);
        assert_eq!(assign_lanes(&s), [0, 1, 2, 0, 0]);
        assert!(assign_lanes(&[]).is_empty());
    }

    #[test]
    fn lanes_never_collide_on_overlaps() {
        // A dense pseudo-random set.
        let s: Vec<Span> = (0..500)
            .map(|i: usize| {
                let start = (i * 7919) % 1000;
                Span::from((start, start + 1 + (i * 31) % 40))
            })
            .collect();
        let lanes = assign_lanes(&s);
        for i in 0..s.len() {
            for j in i + 1..s.len() {
                if s[i].overlaps(&s[j]) {
                    assert_ne!(lanes[i], lanes[j], "{:?} {:?}", s[i], s[j]);
                }
            }
        }
        // Lanes used = maximum depth at any byte.
        let depth = (0..1100)
            .map(|b| {
                s.iter()
                    .filter(|sp| sp.start.0 <= b && b < sp.end.0)
                    .count()
            })
            .max()
            .unwrap();
        assert_eq!(*lanes.iter().max().unwrap() as usize + 1, depth);
    }

    #[test]
    fn index_buckets_by_paragraph() {
        let text = "first para\n\nthird para has “quotes”\nlast";
        let paragraphs = ParagraphIndex::new(text);
        let third = text.find("third").unwrap();
        let s = spans(&[
            (0, 5),                  // first only
            (6, third + 5),          // first, empty, third
            (third, third),          // empty span in third
            (third + 6, text.len()), // third and last
        ]);
        let index = HighlightIndex::new(&s, &paragraphs);
        assert_eq!(index.in_paragraph(0), [0, 1]);
        assert_eq!(index.in_paragraph(1), [1]);
        assert_eq!(index.in_paragraph(2), [1, 2, 3]);
        assert_eq!(index.in_paragraph(3), [3]);
        assert!(index.in_paragraph(99).is_empty());
        assert_eq!(index.lane_count(), 2);
    }

    fn pieces(ranges: &[(usize, usize)]) -> Vec<(usize, usize, Vec<usize>)> {
        let mut out = Vec::new();
        for_each_piece(ranges, |a, b, over| out.push((a, b, over.to_vec())));
        out
    }

    #[test]
    fn pieces_split_where_the_set_of_ranges_changes() {
        // The picture in the doc comment.
        assert_eq!(
            pieces(&[(0, 6), (3, 9), (11, 13)]),
            [
                (0, 3, vec![0]),
                (3, 6, vec![0, 1]),
                (6, 9, vec![1]),
                (11, 13, vec![2])
            ]
        );
        // Nested and equal ranges, longer first on ties; an empty range
        // covers nothing; the list stays in order of start.
        assert_eq!(
            pieces(&[(2, 10), (2, 4), (4, 4), (5, 7), (5, 7)]),
            [
                (2, 4, vec![0, 1]),
                (4, 5, vec![0]),
                (5, 7, vec![0, 3, 4]),
                (7, 10, vec![0])
            ]
        );
        assert!(pieces(&[]).is_empty());
        assert!(pieces(&[(3, 3)]).is_empty());
    }

    #[test]
    fn pieces_cover_each_char_by_exactly_its_ranges() {
        let ranges: Vec<(usize, usize)> = {
            let mut r: Vec<_> = (0..300_usize)
                .map(|i| {
                    let start = (i * 7919) % 600;
                    (start, start + (i * 31) % 25)
                })
                .collect();
            r.sort_unstable();
            r
        };
        let mut covered = vec![Vec::new(); 700];
        let mut last_end = 0;
        for_each_piece(&ranges, |a, b, over| {
            assert!(a < b && a >= last_end, "{a}..{b} after {last_end}");
            last_end = b;
            for cover in &mut covered[a..b] {
                cover.extend_from_slice(over);
            }
        });
        for (c, cover) in covered.iter().enumerate() {
            let expected: Vec<usize> = (0..ranges.len())
                .filter(|&i| ranges[i].0 <= c && c < ranges[i].1)
                .collect();
            assert_eq!(cover, &expected, "char {c}");
        }
    }

    #[test]
    fn clicks_pick_the_innermost_and_cycle_outward() {
        let s = spans(&[(0, 20), (5, 10), (4, 12)]);
        let all = [0, 1, 2];
        let span_of = |i: u32| s[i as usize];
        let hits = hits_at(span_of, &all, ByteOffset(6));
        assert_eq!(hits, [1, 2, 0]);
        assert_eq!(hits_at(span_of, &all, ByteOffset(10)), [2, 0]);
        assert!(hits_at(span_of, &all, ByteOffset(20)).is_empty());
        assert_eq!(pick_hit(&hits, None, false), Some(1));
        assert_eq!(pick_hit(&hits, Some(1), false), Some(1));
        assert_eq!(pick_hit(&hits, Some(1), true), Some(2));
        assert_eq!(pick_hit(&hits, Some(2), true), Some(0));
        assert_eq!(pick_hit(&hits, Some(0), true), Some(1));
        assert_eq!(pick_hit(&[], Some(0), true), None);
    }
}
