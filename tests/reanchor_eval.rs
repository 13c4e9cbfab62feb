//! Re-anchoring holds its floor: with 10 % of each article changed by
//! realistic edits, at least 95 % of annotations end up right and none on
//! wrong text. `cargo bench --bench reanchor` runs the larger version and
//! prints the figures that BENCHMARKS.md reports.

#[path = "reanchor_sim/mod.rs"]
mod sim;

#[test]
fn ten_percent_changed_95_percent_right_none_wrong() {
    let score = sim::run(36, 6_000, 0.10, 2026);
    println!("{}", score.summary());
    assert!(score.annotations >= 1000, "{}", score.summary());
    // The edits really changed about a tenth of the text.
    let changed = score.bytes_changed as f64 / score.bytes as f64;
    assert!((0.10..0.15).contains(&changed), "{changed}");
    assert_eq!(score.wrong, 0, "{}", score.summary());
    assert!(score.percent(score.right()) >= 95.0, "{}", score.summary());
    // The edits moved most annotations and forced fuzzy matches: the floor is not trivially met.
    assert!(
        score.moved_exact + score.moved_fuzzy > score.kept,
        "{}",
        score.summary()
    );
    assert!(score.moved_fuzzy >= 50, "{}", score.summary());
    assert!(score.orphaned_correctly >= 20, "{}", score.summary());
}

#[test]
fn the_ground_truth_tracks_edits() {
    let old = "One sentence here. Two sentence “there”. Three sentence everywhere.";
    let mut rng = sim::Rng::new(7);
    let mut edited = sim::Edited::new(old);
    for _ in 0..40 {
        edited.random_edit(&mut rng);
    }
    // Every surviving old byte maps to the same (or straightened / fixed) text.
    let span = diptych::model::Span::from((0, 3));
    let truth = edited.truth(span);
    if let Some((s, e)) = truth.range.filter(|_| truth.present()) {
        assert_eq!(edited.text[s..e].to_lowercase().len(), 3, "{}", edited.text);
    }
    let spans = sim::sentences(old);
    assert_eq!(spans.len(), 3);
    assert_eq!(&old[spans[1].0..spans[1].1], "Two sentence “there”. ");
}

/// The benchmark's large run (300 articles of 20 kB, 10% changed), ignored
/// because it takes about two minutes in a debug build:
/// `cargo test --release --test reanchor_eval -- --ignored --nocapture`.
#[test]
#[ignore = "slow: the benchmark's large run"]
fn large_run_none_wrong() {
    let score = sim::run(300, 20_000, 0.10, 2026);
    println!("{}", score.summary());
    assert_eq!(score.wrong, 0, "{}", score.summary());
    assert!(score.percent(score.right()) >= 95.0, "{}", score.summary());
}
