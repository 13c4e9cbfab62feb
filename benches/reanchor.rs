//! Re-anchoring: how many annotations end up right after realistic edits,
//! and how fast. Figures in BENCHMARKS.md ("Re-anchoring").
//!
//! `cargo bench --bench reanchor`

mod common;
use common::measure;

#[path = "../tests/reanchor_sim/mod.rs"]
mod sim;

use diptych::analysis::reanchor::reanchor_document;

fn main() {
    for (fraction, trials) in [(0.05, 150), (0.10, 300), (0.20, 150)] {
        let score = sim::run(trials, 20_000, fraction, 2026);
        println!(
            "== accuracy: {trials} articles (every 3rd a sample seed with its real annotations, the others 20 kB generated), {:.0}% of the text changed",
            fraction * 100.0
        );
        println!("{}\n", score.summary());
    }

    // Speed: one 1 MB article, 1,000 annotations, 10% changed.
    let mut rng = sim::Rng::new(7);
    let old = sim::article(&mut rng, 1_000_000);
    let spans = sim::annotate(&mut rng, &old, 1_000);
    let mut edited = sim::Edited::new(&old);
    while edited.changed < old.len() / 10 {
        edited.random_edit(&mut rng);
    }
    let (project, id) = sim::project_of(&old, &spans);
    println!(
        "== speed: {} bytes, {} annotations, {:.1}% changed",
        old.len(),
        spans.len(),
        100.0 * edited.changed as f64 / old.len() as f64
    );
    measure(
        "reanchor_document, 1 MB article, 1,000 annotations",
        5,
        || {
            let (reports, _) = reanchor_document(&project, &id, &edited.text);
            assert_eq!(reports.len(), spans.len());
        },
    );
    let score = sim::evaluate(&old, &spans, 0.10, &mut sim::Rng::new(7));
    println!("{}", score.summary());
}
