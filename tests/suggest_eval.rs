//! Quality of the suggestion rules, measured on the labelled pairs of
//! tests/data/eval/<pair>/{a.txt,b.txt,gold.json}. Prints per-pair and total
//! figures (`cargo test --test suggest_eval -- --nocapture`) and asserts the
//! floors: every gold disclaimer found with precision >= 0.9, boilerplate
//! recall >= 0.9 with no article paragraph marked as boilerplate.

mod common;

use std::fs;
use std::path::Path;

use diptych::analysis::segment;
use diptych::analysis::suggest::{Suggestion, suggest};
use diptych::io::workspace::Workspace;
use diptych::model::{DocumentId, Span};
use serde::Deserialize;

#[derive(Deserialize)]
struct Sides<T> {
    a: Vec<T>,
    b: Vec<T>,
}

impl<T> Sides<T> {
    fn side(&self, side: &str) -> &[T] {
        if side == "a" { &self.a } else { &self.b }
    }
}

#[derive(Deserialize)]
struct Gold {
    boilerplate: Sides<usize>,
    disclaimers: Sides<String>,
    claims: Sides<String>,
}

/// Counts behind one figure: hits out of a total.
#[derive(Clone, Copy, Debug, Default)]
struct Ratio {
    hits: usize,
    total: usize,
}

impl Ratio {
    fn add(&mut self, other: Ratio) {
        self.hits += other.hits;
        self.total += other.total;
    }

    fn value(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

impl std::fmt::Display for Ratio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} ({}/{})", self.value(), self.hits, self.total)
    }
}

#[derive(Debug, Default)]
struct Figures {
    disclaimer_recall: Ratio,
    disclaimer_precision: Ratio,
    boilerplate_recall: Ratio,
    /// Article paragraphs overlapped by a Boilerplate suggestion, out of all article paragraphs.
    article_marked: Ratio,
    claim_recall: Ratio,
    claim_precision: Ratio,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.disclaimer_recall.add(o.disclaimer_recall);
        self.disclaimer_precision.add(o.disclaimer_precision);
        self.boilerplate_recall.add(o.boilerplate_recall);
        self.article_marked.add(o.article_marked);
        self.claim_recall.add(o.claim_recall);
        self.claim_precision.add(o.claim_precision);
    }
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).0.saturating_sub(a.start.max(b.start).0)
}

/// Byte spans of gold quotes in `text`; a quote that is not there is a data error.
fn locate(text: &str, quotes: &[String], what: &str, file: &Path) -> Vec<Span> {
    quotes
        .iter()
        .map(|q| {
            let start = text.find(q.as_str()).unwrap_or_else(|| {
                panic!("{}: {what} quote not in the text: {q:?}", file.display())
            });
            Span::from((start, start + q.len()))
        })
        .collect()
}

/// Recall and precision of `found` against `gold` spans, by overlap.
fn by_overlap(gold: &[Span], found: &[Span]) -> (Ratio, Ratio) {
    let recall = Ratio {
        hits: gold
            .iter()
            .filter(|g| found.iter().any(|f| overlap(**g, *f) > 0))
            .count(),
        total: gold.len(),
    };
    let precision = Ratio {
        hits: found
            .iter()
            .filter(|f| gold.iter().any(|g| overlap(*g, **f) > 0))
            .count(),
        total: found.len(),
    };
    (recall, precision)
}

fn spans_of(suggestions: &[Suggestion], doc: &DocumentId, label: &str) -> Vec<Span> {
    suggestions
        .iter()
        .filter(|s| &s.document == doc && s.label.as_str() == label)
        .map(|s| s.span)
        .collect()
}

fn evaluate(pair: &Path) -> Option<Figures> {
    let gold_path = pair.join("gold.json");
    let gold: Gold = serde_json::from_str(&fs::read_to_string(&gold_path).ok()?)
        .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
    // Only the two articles: gold.json stays out of the corpus.
    let dir = tempfile::tempdir().unwrap();
    for side in ["a.txt", "b.txt"] {
        fs::copy(pair.join(side), dir.path().join(side)).unwrap();
    }
    let workspace = Workspace::from_folder_blocking(dir.path()).unwrap();
    let suggestions = suggest(&workspace.project, &workspace.corpus.documents);
    let mut figures = Figures::default();
    for side in ["a", "b"] {
        let id = DocumentId::from(format!("{side}.txt").as_str());
        let text = &*workspace.corpus.get(&id).unwrap().text();
        let file = pair.join(format!("{side}.txt"));

        let gold_disclaimers = locate(text, gold.disclaimers.side(side), "disclaimer", &file);
        let found = spans_of(&suggestions, &id, "disclaimer");
        let (recall, precision) = by_overlap(&gold_disclaimers, &found);
        for g in &gold_disclaimers {
            if !found.iter().any(|f| overlap(*g, *f) > 0) {
                println!("  missed disclaimer in {side}: {:?}", &text[g.range()]);
            }
        }
        for f in &found {
            if !gold_disclaimers.iter().any(|g| overlap(*g, *f) > 0) {
                println!("  extra disclaimer in {side}: {:?}", &text[f.range()]);
            }
        }
        figures.disclaimer_recall.add(recall);
        figures.disclaimer_precision.add(precision);

        let paragraphs = segment::paragraphs(text);
        let boilerplate = spans_of(&suggestions, &id, "boilerplate");
        let gold_boilerplate = gold.boilerplate.side(side);
        for (i, p) in paragraphs.iter().enumerate() {
            let covered: usize = boilerplate.iter().map(|b| overlap(*p, *b)).sum();
            if gold_boilerplate.contains(&i) {
                let hit = covered * 2 > p.len();
                if !hit {
                    println!("  missed boilerplate {side}[{i}]: {:?}", &text[p.range()]);
                }
                figures.boilerplate_recall.add(Ratio {
                    hits: usize::from(hit),
                    total: 1,
                });
            } else if !gold_disclaimers.iter().any(|d| overlap(*d, *p) > 0) {
                if covered > 0 {
                    println!(
                        "  article paragraph marked boilerplate {side}[{i}]: {:?}",
                        &text[p.range()]
                    );
                }
                figures.article_marked.add(Ratio {
                    hits: usize::from(covered > 0),
                    total: 1,
                });
            }
        }

        let gold_claims = locate(text, gold.claims.side(side), "claim", &file);
        let (recall, precision) = by_overlap(&gold_claims, &spans_of(&suggestions, &id, "claim"));
        figures.claim_recall.add(recall);
        figures.claim_precision.add(precision);
    }
    Some(figures)
}

fn print(name: &str, f: &Figures) {
    println!(
        "{name:8} disclaimers R {} P {} | boilerplate R {}, article paragraphs marked {} | claims R {} P {}",
        f.disclaimer_recall,
        f.disclaimer_precision,
        f.boilerplate_recall,
        f.article_marked,
        f.claim_recall,
        f.claim_precision
    );
}

#[test]
fn suggestion_rules_meet_the_floors_on_the_evaluation_set() {
    let root = common::repo().join("tests/data/eval");
    let mut pairs: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    let mut total = Figures::default();
    let mut evaluated = 0;
    for pair in &pairs {
        let name = pair.file_name().unwrap().to_string_lossy().into_owned();
        println!("{name}:");
        let Some(figures) = evaluate(pair) else {
            println!("  no gold.json, skipped");
            continue;
        };
        print(&name, &figures);
        total.add(&figures);
        evaluated += 1;
    }
    print("total", &total);
    assert!(evaluated > 0, "no labelled pair in {}", root.display());
    assert_eq!(total.disclaimer_recall.value(), 1.0, "disclaimer recall");
    assert!(
        total.disclaimer_precision.value() >= 0.9,
        "disclaimer precision {}",
        total.disclaimer_precision
    );
    assert!(
        total.boilerplate_recall.value() >= 0.9,
        "boilerplate recall {}",
        total.boilerplate_recall
    );
    assert_eq!(
        total.article_marked.hits, 0,
        "article paragraphs marked as boilerplate"
    );
}
