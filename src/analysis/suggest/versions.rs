//! Which documents are versions of one article, found without comparing
//! every pair: an exact set-similarity join on the documents' word sets
//! (prefix, size and positional filters, as AllPairs and PPJoin do), then
//! the alignment's similarity on the pairs whose word sets are close.
//!
//! The word sets leave out words found in more than [`COMMON`] documents:
//! in a large corpus those words ("the", "said", the month's names) are
//! shared by most pairs of unrelated articles and say nothing about two
//! texts being one article, and counting them made the join compare most
//! pairs (10,000 news-like articles: 131 s with them). Under [`COMMON`]
//! documents nothing is left out.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::VERSION_THRESHOLD;
use crate::analysis::{align, fnv1a_lowercase};
use crate::model::DocumentId;
use crate::model::words::words;

/// The word-set Jaccard similarity two documents must reach before their
/// alignment is computed (a cheap first look).
const MIN_JACCARD: f32 = 0.2;

/// The filters of the join use a threshold a little under [`MIN_JACCARD`]
/// (199/1000 instead of 1/5), in integers, so that `f32` rounding in the
/// final check can never make a pair pass that a filter dropped.
const LOOSE: (usize, usize) = (199, 1000);

/// Words found in more documents than this are left out of the word sets.
const COMMON: u32 = 200;

/// Pairs of documents (in id order) that are versions of one article:
/// their word sets (lower-cased `unicode_words` found in at most
/// [`COMMON`] documents) have a Jaccard similarity of at least
/// [`MIN_JACCARD`] and `align::document_similarity` reaches
/// [`VERSION_THRESHOLD`].
pub(super) fn version_pairs(texts: &BTreeMap<&DocumentId, &str>) -> Vec<(DocumentId, DocumentId)> {
    pairs_with(texts, COMMON)
}

/// [`version_pairs`], leaving out words found in more than `common` documents.
fn pairs_with(texts: &BTreeMap<&DocumentId, &str>, common: u32) -> Vec<(DocumentId, DocumentId)> {
    let docs: Vec<(&DocumentId, &str)> = texts.iter().map(|(id, text)| (*id, *text)).collect();
    let sets = word_sets(docs.iter().map(|(_, text)| *text), common);
    let mut pairs: Vec<(usize, usize)> = similar_sets(&sets)
        .into_par_iter()
        .filter(|&(i, j)| align::document_similarity(docs[i].1, docs[j].1) >= VERSION_THRESHOLD)
        .collect();
    pairs.sort_unstable();
    pairs
        .into_iter()
        .map(|(i, j)| (docs[i].0.clone(), docs[j].0.clone()))
        .collect()
}

/// Whether two word sets pass the first look: the same `f32` comparison as
/// the all-pairs version this join replaced, so the pairs are the same.
fn jaccard_passes(common: usize, a: usize, b: usize) -> bool {
    let union = a + b - common;
    union != 0 && (common as f32 / union as f32) >= MIN_JACCARD
}

/// Each text's set of lower-cased words found in at most `common` texts,
/// as ids sorted rarest first: an id is the word's rank by the number of
/// texts it occurs in (fewest first, ties by the word's hash), so that the
/// start of each set (its prefix) holds the words that few other texts
/// share. (The join finds the same pairs whatever the order of words of
/// equal counts.)
fn word_sets<'t>(texts: impl Iterator<Item = &'t str>, common: u32) -> Vec<Vec<u32>> {
    let texts: Vec<&str> = texts.collect();
    // Words as 64-bit hashes of their lower-cased text: a hundred thousand
    // articles hold tens of millions of words, too many to keep as strings
    // (two words of a corpus sharing a hash: about one chance in 10^7).
    let words: Vec<Vec<u64>> = texts
        .par_iter()
        .map(|text| {
            let mut list: Vec<u64> = words(text).iter().map(|w| fnv1a_lowercase(w)).collect();
            list.sort_unstable();
            list.dedup();
            // Kept for every document until the sets are made: without
            // the room of the repeated words.
            list.shrink_to_fit();
            list
        })
        .collect();
    // The words counted in shards by their hash's top bits, in parallel:
    // each shard's map is small enough to stay in the cache (one map of
    // every word, filled on one thread, took 1.6 s at 100,000 stories).
    // A text's words are sorted by hash, so a shard's are a run of them.
    let runs: Vec<[u32; SHARDS + 1]> = words
        .par_iter()
        .map(|list| std::array::from_fn(|s| list.partition_point(|&w| shard_of(w) < s) as u32))
        .collect();
    let mut shards: Vec<HashMap<u64, (u32, u32)>> = (0..SHARDS)
        .into_par_iter()
        .map(|s| {
            let mut counts: HashMap<u64, (u32, u32)> = HashMap::default();
            for (list, run) in words.iter().zip(&runs) {
                for &w in &list[run[s] as usize..run[s + 1] as usize] {
                    counts.entry(w).or_default().0 += 1;
                }
            }
            counts
        })
        .collect();
    drop(runs);
    let mut by_rarity: Vec<(u32, u64)> = shards
        .iter()
        .flat_map(|counts| counts.iter().map(|(&w, &(n, _))| (n, w)))
        .collect();
    by_rarity.par_sort_unstable();
    for (rank, &(_, w)) in by_rarity.iter().enumerate() {
        if let Some(entry) = shards[shard_of(w)].get_mut(&w) {
            entry.1 = rank as u32;
        }
    }
    drop(by_rarity);
    words
        .into_par_iter()
        .map(|list| {
            let mut set: Vec<u32> = list
                .iter()
                .filter_map(|w| {
                    let (n, rank) = shards[shard_of(*w)][w];
                    (n <= common).then_some(rank)
                })
                .collect();
            set.sort_unstable();
            set
        })
        .collect()
}

/// How many shards [`word_sets`] counts words in: enough for every core
/// of a small machine and maps of a few hundred kilobytes at 100,000
/// stories, few enough that each text's runs take 36 bytes.
const SHARDS: usize = 8;

/// The shard of a word's hash: its top three bits.
fn shard_of(word: u64) -> usize {
    (word >> 61) as usize
}

/// The smallest overlap a set of `n` words needs with a set at least as
/// large (loose threshold): `ceil(t × n)`.
fn min_overlap(n: usize) -> usize {
    (LOOSE.0 * n).div_ceil(LOOSE.1)
}

/// The overlap two sets of `a` and `b` words need (loose threshold):
/// `ceil(t / (1 + t) × (a + b))`.
fn pair_overlap(a: usize, b: usize) -> usize {
    (LOOSE.0 * (a + b)).div_ceil(LOOSE.0 + LOOSE.1)
}

/// How many common words a pair must meet in the prefixes (unless it
/// needs fewer in all): if two sets share `a >= SHARED` words, the
/// `SHARED` smallest of them lie in the first `|x| - a + SHARED` words of
/// each. Asking for 3 rather than 1 drops most pairs of unrelated texts,
/// which meet one word of middling frequency, before they are checked.
const SHARED: usize = 3;

/// How many of a set's first words probe the index: any set at least as
/// similar as the threshold shares `min_overlap(n)` words or more with it.
fn probe_prefix(n: usize) -> usize {
    n.min(n + SHARED - min_overlap(n).max(1))
}

/// How many of a set's first words are indexed: a set `y` no larger than
/// the set `x` that probes it needs `pair_overlap(x, y) >=
/// ceil(2t / (1 + t) × |y|)` common words, so the [`SHARED`] first of them
/// lie in this prefix (PPJoin's mid-prefix).
fn index_prefix(n: usize) -> usize {
    n.min(n + SHARED - (2 * LOOSE.0 * n).div_ceil(LOOSE.0 + LOOSE.1).max(1))
}

/// Pairs `(i, j)`, `i < j`, of sets (sorted ids, as [`word_sets`] gives)
/// whose Jaccard similarity passes [`jaccard_passes`], sorted. Sets are
/// taken in order of size; each probes the index of the sets before it
/// with its [`probe_prefix`], skipping sets too small to reach the
/// threshold (`|y| < t|x|`) and sets that cannot reach the overlap they
/// need with the words left after the one just met; the candidates that
/// met [`SHARED`] words (or all they need) are checked exactly (counted
/// again from their start), giving up as soon as the overlap cannot be
/// reached. Sets probe in parallel.
fn similar_sets(sets: &[Vec<u32>]) -> Vec<(usize, usize)> {
    let vocabulary = sets.iter().flatten().max().map_or(0, |&w| w as usize + 1);
    let mut order: Vec<usize> = (0..sets.len()).filter(|&i| !sets[i].is_empty()).collect();
    order.sort_by_key(|&i| (sets[i].len(), i));
    // Word -> (rank of the set in `order`, position of the word in it),
    // by rank: a set probes the entries of the sets ranked before it.
    let mut index: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocabulary];
    for (rank, &x) in order.iter().enumerate() {
        let xs = &sets[x];
        for (i, &w) in xs[..index_prefix(xs.len())].iter().enumerate() {
            index[w as usize].push((rank as u32, i as u32));
        }
    }
    // The sizes by rank, read for every entry met (beside `seen`, the only
    // other memory a probe reads out of order).
    let sizes: Vec<u32> = order.iter().map(|&i| sets[i].len() as u32).collect();
    let mut out: Vec<(usize, usize)> = order
        .par_iter()
        .enumerate()
        .map_init(
            || Probe::new(order.len()),
            |probe, (rank, &x)| probe.similar(sets, &order, &sizes, &index, rank, x),
        )
        .flatten_iter()
        .collect();
    out.sort_unstable();
    out
}

/// One thread's counters for [`similar_sets`].
struct Probe {
    /// Per set rank: common words met so far with the probing set
    /// ([`Probe::PRUNED`] once it cannot pass). Only the count: read and
    /// written out of order for every entry met (hundreds of millions at
    /// 100,000 news-like stories), four bytes a set keep it in the cache
    /// where twelve (with the positions of the last word met) did not; the
    /// few candidates left are counted again from their start.
    seen: Vec<u32>,
    touched: Vec<usize>,
}

impl Probe {
    const PRUNED: u32 = u32::MAX;

    fn new(sets: usize) -> Self {
        Probe {
            seen: vec![0; sets],
            touched: Vec::new(),
        }
    }

    /// The pairs of set `x` (rank `rank` in `order`) with the sets ranked
    /// before it.
    fn similar(
        &mut self,
        sets: &[Vec<u32>],
        order: &[usize],
        sizes: &[u32],
        index: &[Vec<(u32, u32)>],
        rank: usize,
        x: usize,
    ) -> Vec<(usize, usize)> {
        let xs = &sets[x];
        let nx = xs.len();
        // Sets ranked before `smallest` are too small to reach the
        // threshold (`|y| < t|x|`; ranks go by size).
        let smallest = sizes.partition_point(|&n| LOOSE.1 * (n as usize) < LOOSE.0 * nx) as u32;
        for (i, &w) in xs[..probe_prefix(nx)].iter().enumerate() {
            // Entries in rank order, read from the start (a binary search
            // for the first and last of them cost more than the entries
            // skipped: its first looks miss the cache).
            for &(r, j) in &index[w as usize] {
                if r < smallest {
                    continue;
                }
                if r as usize >= rank {
                    break;
                }
                let (r, j) = (r as usize, j as usize);
                let ny = sizes[r] as usize;
                let count = self.seen[r];
                if count == Self::PRUNED {
                    continue;
                }
                if count == 0 {
                    self.touched.push(r);
                }
                let reachable = count as usize + 1 + (nx - i - 1).min(ny - j - 1);
                self.seen[r] = if reachable < pair_overlap(nx, ny) {
                    Self::PRUNED
                } else {
                    count + 1
                };
            }
        }
        let mut out = Vec::new();
        for r in self.touched.drain(..) {
            let count = self.seen[r];
            self.seen[r] = 0;
            // The set itself is read only for the few candidates left.
            let ny = sizes[r] as usize;
            let need = pair_overlap(nx, ny);
            if count == Self::PRUNED || (count as usize) < SHARED.min(need) {
                continue;
            }
            let y = order[r];
            let ys = &sets[y];
            let rest = common_at_least(xs, ys, need);
            if rest.is_some_and(|n| jaccard_passes(n, nx, ny)) {
                out.push((x.min(y), x.max(y)));
            }
        }
        out
    }
}

/// The number of items two sorted lists share (each as often as both
/// have it), or `None` as soon as that cannot reach `need`.
pub(super) fn common_at_least<T: Ord>(a: &[T], b: &[T], need: usize) -> Option<usize> {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if n + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (n >= need).then_some(n)
}

/// The number of ids two sorted lists share.
#[cfg(test)]
fn common(a: &[u32], b: &[u32]) -> usize {
    common_at_least(a, b, 0).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use super::*;

    /// The all-pairs search this join replaced, kept as the reference, with
    /// the words found in more than `common` texts left out.
    fn brute_force(
        texts: &BTreeMap<&DocumentId, &str>,
        common: usize,
    ) -> Vec<(DocumentId, DocumentId)> {
        let vocabulary = |text: &str| -> BTreeSet<String> {
            text.unicode_words().map(str::to_lowercase).collect()
        };
        let all: Vec<BTreeSet<String>> = texts.values().map(|t| vocabulary(t)).collect();
        let mut found_in: BTreeMap<&str, usize> = BTreeMap::new();
        for w in all.iter().flatten() {
            *found_in.entry(w).or_default() += 1;
        }
        let vocab: Vec<(&DocumentId, &str, BTreeSet<String>)> = texts
            .iter()
            .zip(&all)
            .map(|((id, text), words)| {
                let kept = words.iter().filter(|w| found_in[w.as_str()] <= common);
                (*id, *text, kept.cloned().collect())
            })
            .collect();
        let mut out = Vec::new();
        for (i, (a, a_text, a_words)) in vocab.iter().enumerate() {
            for (b, b_text, b_words) in &vocab[i + 1..] {
                let common = a_words.intersection(b_words).count();
                let union = a_words.len() + b_words.len() - common;
                if union == 0 || (common as f32 / union as f32) < 0.2 {
                    continue;
                }
                if align::document_similarity(a_text, b_text) >= VERSION_THRESHOLD {
                    out.push(((*a).clone(), (*b).clone()));
                }
            }
        }
        out
    }

    /// Sentences over a small vocabulary (so unrelated texts share words),
    /// in mixed case.
    fn sentence() -> impl Strategy<Value = String> {
        const WORDS: [&str; 24] = [
            "the", "The", "council", "plan", "rose", "fell", "Shares", "critics", "said", "cost",
            "bus", "night", "city", "agency", "review", "deal", "worth", "months", "café", "naïve",
            "market", "spring", "results", "x1",
        ];
        prop::collection::vec(prop::sample::select(&WORDS[..]), 1..9)
            .prop_map(|w| format!("{}.", w.join(" ")))
    }

    /// Texts of 0-8 sentences, and edited copies of some of them: a
    /// sentence changed, one added, one removed.
    fn corpus() -> impl Strategy<Value = Vec<String>> {
        let text = prop::collection::vec(sentence(), 0..8);
        let edit = (any::<prop::sample::Index>(), 0..3usize, sentence());
        (
            prop::collection::vec(text, 1..8),
            prop::collection::vec(edit, 0..6),
        )
            .prop_map(|(mut texts, edits)| {
                let bases: Vec<Vec<String>> = texts.clone();
                let mut out: Vec<String> = Vec::new();
                for (which, kind, new) in edits {
                    let mut copy = which.get(&bases).clone();
                    let at = copy.len() / 2;
                    match (kind, copy.is_empty()) {
                        (0, false) => copy[at] = new,
                        (1, _) => copy.insert(at, new),
                        (_, false) => {
                            copy.remove(at);
                        }
                        (_, true) => {}
                    }
                    texts.push(copy);
                }
                for t in texts {
                    out.push(t.join(" "));
                }
                out
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn the_join_finds_the_pairs_of_the_all_pairs_search(texts in corpus(), limit in 1..16u32) {
            let ids: Vec<DocumentId> =
                (0..texts.len()).map(|i| DocumentId::from(format!("{i:02}.txt").as_str())).collect();
            let map: BTreeMap<&DocumentId, &str> =
                ids.iter().zip(&texts).map(|(id, t)| (id, t.as_str())).collect();
            // Under COMMON texts nothing is left out: the all-pairs search's own pairs.
            prop_assert_eq!(version_pairs(&map), brute_force(&map, usize::MAX));
            prop_assert_eq!(pairs_with(&map, limit), brute_force(&map, limit as usize));
        }

        #[test]
        fn the_join_finds_every_pair_whose_word_sets_pass(texts in corpus(), limit in 1..16u32) {
            let sets = word_sets(texts.iter().map(String::as_str), limit);
            let mut expected = Vec::new();
            for i in 0..sets.len() {
                for j in i + 1..sets.len() {
                    if jaccard_passes(common(&sets[i], &sets[j]), sets[i].len(), sets[j].len()) {
                        expected.push((i, j));
                    }
                }
            }
            prop_assert_eq!(similar_sets(&sets), expected);
        }
    }

    #[test]
    fn sizes_below_a_fifth_are_never_similar_and_a_fifth_is() {
        // {0} and {0,1,2,3,4}: Jaccard exactly 1/5 passes; with a sixth word it does not.
        let five = vec![vec![0], vec![0, 1, 2, 3, 4]];
        assert_eq!(similar_sets(&five), vec![(0, 1)]);
        let six = vec![vec![0], vec![0, 1, 2, 3, 4, 5]];
        assert_eq!(similar_sets(&six), vec![]);
    }

    #[test]
    fn word_sets_put_the_rarest_word_first() {
        let sets = word_sets(["Plan rose", "plan fell", "PLAN x"].into_iter(), COMMON);
        // "plan" is in all three texts: the largest id, last in each set.
        let plan = sets[0][1];
        assert!(sets.iter().all(|s| s.last() == Some(&plan)));
        assert_eq!(sets.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 2]);
    }

    #[test]
    fn words_in_more_texts_than_the_limit_are_left_out() {
        let texts = ["Plan rose", "plan fell", "PLAN x rose"];
        let sets = word_sets(texts.into_iter(), 2);
        // "plan" (3 texts) is gone; "rose" (2) stays.
        assert_eq!(sets.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 2]);
        assert_eq!(sets[0][0], *sets[2].last().unwrap());
        assert_eq!(word_sets(texts.into_iter(), 1)[1].len(), 1);
    }
}
