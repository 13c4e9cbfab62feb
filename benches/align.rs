//! Alignment benchmark (a plain bench binary, like `benches/import.rs`).
//!
//! `cargo bench --bench align` times sentence segmentation and the
//! alignment of two generated documents of 10,000 sentences each: b is a
//! rewrite of a (reworded sentences, splits, merges, drops, insertions and a
//! block of menu lines), so the pruned table has real work to do. It also
//! reports how many of the known sentence links the alignment found, so a
//! pruning that loses the path shows up as a drop in recall, not as speed.

mod common;
use common::measure;

use std::collections::BTreeSet;

use diptych::analysis::align::{align, document_similarity};
use diptych::analysis::segment;
use diptych::model::Span;

/// A small deterministic generator (64-bit LCG), so every run sees the same texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A vocabulary of `n` made-up words; drawing is skewed toward the first
/// ones, like real word frequencies.
struct Vocabulary(Vec<String>);

impl Vocabulary {
    fn new(rng: &mut Rng, n: usize) -> Self {
        const LETTERS: &[u8] = b"abcdefghijklmnoprstuvwyz";
        Self(
            (0..n)
                .map(|_| {
                    let len = 5 + rng.below(7);
                    (0..len)
                        .map(|_| LETTERS[rng.below(LETTERS.len())] as char)
                        .collect()
                })
                .collect(),
        )
    }

    fn word(&self, rng: &mut Rng) -> &str {
        // Squaring a uniform draw favours small indices (frequent words).
        let u = rng.below(1_000_000) as f64 / 1e6;
        &self.0[((u * u) * self.0.len() as f64) as usize]
    }

    fn sentence(&self, rng: &mut Rng) -> Vec<String> {
        let len = 10 + rng.below(16);
        (0..len).map(|_| self.word(rng).to_owned()).collect()
    }
}

fn render(words: &[String]) -> String {
    let mut s = words.join(" ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s.push('.');
    s
}

/// Replaces about a quarter of the words and swaps two neighbours.
fn reword(rng: &mut Rng, vocabulary: &Vocabulary, words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = words
        .iter()
        .map(|w| {
            if rng.chance(25) {
                vocabulary.word(rng).to_owned()
            } else {
                w.clone()
            }
        })
        .collect();
    if out.len() > 3 {
        let k = rng.below(out.len() - 1);
        out.swap(k, k + 1);
    }
    out
}

/// Two texts of `n` sentences and the (a, b) sentence links of the rewrite.
#[allow(clippy::type_complexity)]
fn make_pair(
    n: usize,
) -> (
    (String, Vec<Span>),
    (String, Vec<Span>),
    BTreeSet<(usize, usize)>,
) {
    let mut rng = Rng(0x5eed_a11e);
    let vocabulary = Vocabulary::new(&mut rng, 20_000);
    let a: Vec<Vec<String>> = (0..n).map(|_| vocabulary.sentence(&mut rng)).collect();
    let mut b: Vec<String> = Vec::new();
    let mut links = BTreeSet::new();
    let mut i = 0;
    while i < a.len() {
        if i == n / 3 {
            // A site menu inserted in the middle.
            for k in 0..40 {
                b.push(format!("Menu item {k}"));
            }
        }
        match rng.below(100) {
            // Dropped sentence.
            0..=2 => {}
            // Inserted sentence, then the rewrite.
            3..=5 => {
                b.push(render(&vocabulary.sentence(&mut rng)));
                links.insert((i, b.len()));
                b.push(render(&reword(&mut rng, &vocabulary, &a[i])));
            }
            // Split in two.
            6..=9 => {
                let half = a[i].len() / 2;
                links.insert((i, b.len()));
                b.push(render(&reword(&mut rng, &vocabulary, &a[i][..half])));
                links.insert((i, b.len()));
                b.push(render(&reword(&mut rng, &vocabulary, &a[i][half..])));
            }
            // Merged with the next.
            10..=13 if i + 1 < a.len() => {
                let joined: Vec<String> = a[i].iter().chain(&a[i + 1]).cloned().collect();
                links.insert((i, b.len()));
                links.insert((i + 1, b.len()));
                b.push(render(&reword(&mut rng, &vocabulary, &joined)));
                i += 1;
            }
            _ => {
                links.insert((i, b.len()));
                b.push(render(&reword(&mut rng, &vocabulary, &a[i])));
            }
        }
        i += 1;
    }
    let a: Vec<String> = a.iter().map(|w| render(w)).collect();
    (join(&a), join(&b), links)
}

/// Five sentences to a paragraph; the text and each sentence's span.
fn join(sentences: &[String]) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(sentences.len());
    for (k, sentence) in sentences.iter().enumerate() {
        if k > 0 {
            text.push(if k % 5 == 0 { '\n' } else { ' ' });
        }
        spans.push(Span::from((text.len(), text.len() + sentence.len())));
        text.push_str(sentence);
    }
    (text, spans)
}

fn main() {
    println!(
        "machine: {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let ((a, sa), (b, sb), links) = make_pair(10_000);
    println!(
        "a: {} sentences, {:.1} MB; b: {} sentences, {:.1} MB",
        sa.len(),
        a.len() as f64 / 1e6,
        sb.len(),
        b.len() as f64 / 1e6
    );
    // The generated words never form abbreviations, so segmentation finds
    // the generated sentences (the alignment below uses the exact spans).
    assert!(segment::sentences(&a).len() >= 9_990);
    measure("segment::sentences, both texts", 10, || {
        std::hint::black_box((segment::sentences(&a), segment::sentences(&b)));
    });
    let mut alignment = align(&a, &sa, &b, &sb);
    measure("align: 10,000 x ~10,000 sentences (rewrite)", 10, || {
        alignment = align(&a, &sa, &b, &sb);
    });
    let found: BTreeSet<(usize, usize)> = alignment
        .pairs
        .iter()
        .flat_map(|p| p.a.iter().flat_map(|&i| p.b.iter().map(move |&j| (i, j))))
        .collect();
    let hits = found.intersection(&links).count();
    println!(
        "  {} pairs, {} only in a, {} only in b; links: precision {:.3}, recall {:.3}",
        alignment.pairs.len(),
        alignment.only_a.len(),
        alignment.only_b.len(),
        hits as f64 / found.len().max(1) as f64,
        hits as f64 / links.len() as f64
    );
    // Two unrelated texts: no anchors, the corridor falls back to a band.
    let (c, sc) = {
        let mut rng = Rng(7);
        let vocabulary = Vocabulary::new(&mut rng, 20_000);
        let text: Vec<String> = (0..10_000)
            .map(|_| render(&vocabulary.sentence(&mut rng)))
            .collect();
        join(&text)
    };
    measure("align: 10,000 x 10,000 unrelated sentences", 5, || {
        std::hint::black_box(align(&a, &sa, &c, &sc));
    });
    measure(
        "document_similarity: the two 10,000-sentence texts",
        5,
        || {
            std::hint::black_box(document_similarity(&a, &b));
        },
    );
    let seeds = |name: &str| {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
            .unwrap()
    };
    let (s0, s1) = (
        seeds("seeds/000_fcbbd4f1fe241d7e.txt"),
        seeds("seeds/001_d855b870b5cef35b.txt"),
    );
    measure("align_paragraphs: the two seeds (16 x 46)", 50, || {
        std::hint::black_box(diptych::analysis::align::align_paragraphs(&s0, &s1));
    });
}
