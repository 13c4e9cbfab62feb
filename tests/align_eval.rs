//! Paragraph alignment measured against the labelled pairs in `tests/data/eval`.
//!
//! For every `<pair>/{a.txt,b.txt,gold.json}` folder, both the gold groups
//! and the predicted pairs are expanded to (a paragraph, b paragraph)
//! links (a 1-2 group gives two links), and precision, recall and F1 are
//! counted over the links of all pairs together.
//! `cargo test --test align_eval -- --nocapture` prints the figures.

mod common;

use std::collections::BTreeSet;
use std::fs;

use diptych::analysis::align::align_paragraphs;
use diptych::analysis::segment;
use serde_json::Value;

type Links = BTreeSet<(usize, usize)>;

/// Every (a, b) combination of each group.
fn expand<'g>(groups: impl IntoIterator<Item = (&'g [usize], &'g [usize])>) -> Links {
    let mut links = Links::new();
    for (a, b) in groups {
        for &i in a {
            for &j in b {
                links.insert((i, j));
            }
        }
    }
    links
}

fn indices(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .expect("a list of paragraph indices")
        .iter()
        .map(|v| v.as_u64().expect("a paragraph index") as usize)
        .collect()
}

fn gold_links(gold: &Value) -> Links {
    let groups: Vec<(Vec<usize>, Vec<usize>)> = gold["paragraph_alignment"]
        .as_array()
        .expect("paragraph_alignment is a list")
        .iter()
        .map(|g| (indices(&g["a"]), indices(&g["b"])))
        .collect();
    expand(groups.iter().map(|(a, b)| (a.as_slice(), b.as_slice())))
}

/// Counts of one comparison: true positives, predicted, gold.
#[derive(Default, Clone, Copy)]
struct Counts {
    hits: usize,
    predicted: usize,
    gold: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.hits += other.hits;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    fn scores(self) -> (f64, f64, f64) {
        let p = if self.predicted == 0 {
            1.0
        } else {
            self.hits as f64 / self.predicted as f64
        };
        let r = if self.gold == 0 {
            1.0
        } else {
            self.hits as f64 / self.gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

fn line(name: &str, counts: Counts) -> String {
    let (p, r, f) = counts.scores();
    format!(
        "{name:<8} P {p:.3}  R {r:.3}  F1 {f:.3}   ({} correct of {} predicted, {} gold links)",
        counts.hits, counts.predicted, counts.gold
    )
}

#[test]
fn paragraph_alignment_f1_on_the_evaluation_set() {
    let root = common::repo().join("tests/data/eval");
    let Ok(entries) = fs::read_dir(&root) else {
        eprintln!(
            "no evaluation set at {}; nothing to measure",
            root.display()
        );
        return;
    };
    let mut dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("gold.json").is_file())
        .collect();
    dirs.sort();
    let mut total = Counts::default();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let read = |file: &str| {
            fs::read_to_string(dir.join(file))
                .unwrap_or_else(|err| panic!("{}/{file}: {err}", dir.display()))
        };
        let (a, b) = (read("a.txt"), read("b.txt"));
        let gold: Value = serde_json::from_str(&read("gold.json"))
            .unwrap_or_else(|err| panic!("{}/gold.json: {err}", dir.display()));
        let (a_paragraphs, b_paragraphs, alignment) = align_paragraphs(&a, &b);
        // The gold indices count non-blank lines: the same order as `paragraphs`.
        assert_eq!(a_paragraphs, segment::paragraphs(&a));
        assert_eq!(
            a_paragraphs.len(),
            a.lines().filter(|l| !l.trim().is_empty()).count()
        );
        assert_eq!(
            b_paragraphs.len(),
            b.lines().filter(|l| !l.trim().is_empty()).count()
        );
        let predicted = expand(
            alignment
                .pairs
                .iter()
                .map(|p| (p.a.as_slice(), p.b.as_slice())),
        );
        let gold = gold_links(&gold);
        let counts = Counts {
            hits: predicted.intersection(&gold).count(),
            predicted: predicted.len(),
            gold: gold.len(),
        };
        println!("{}", line(&name, counts));
        let show = |text: &str, span: &diptych::model::Span| -> String {
            text[span.range()].chars().take(50).collect()
        };
        for &(i, j) in predicted.difference(&gold) {
            let (x, y) = (show(&a, &a_paragraphs[i]), show(&b, &b_paragraphs[j]));
            println!("    wrong:  a{i} <-> b{j}   {x:?} | {y:?}");
        }
        for &(i, j) in gold.difference(&predicted) {
            let (x, y) = (show(&a, &a_paragraphs[i]), show(&b, &b_paragraphs[j]));
            println!("    missed: a{i} <-> b{j}   {x:?} | {y:?}");
        }
        total.add(counts);
    }
    if dirs.is_empty() {
        eprintln!("no pairs in {}; nothing to measure", root.display());
        return;
    }
    println!("{}", line("total", total));
    let (_, _, f1) = total.scores();
    assert!(f1 >= 0.9, "paragraph alignment F1 {f1:.3} is below 0.9");
}
