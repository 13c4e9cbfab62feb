use super::*;

fn mark(annotator: &str, doc: &str, start: usize, end: usize, label: &str) -> Mark {
    Mark {
        annotator: annotator.to_owned(),
        document: DocumentId(doc.into()),
        start,
        end,
        label: label.to_owned(),
        sentiment: None,
    }
}

fn input<'a>(texts: &[(&str, &'a str)], annotators: &[&str], marks: Vec<Mark>) -> Input<'a> {
    Input {
        unit: Unit::Char,
        annotators: annotators.iter().map(|a| (*a).to_owned()).collect(),
        labels: vec!["Claim".to_owned()],
        texts: texts
            .iter()
            .map(|(id, text)| (DocumentId((*id).into()), *text))
            .collect(),
        marks,
        verdicts: Vec::new(),
    }
}

fn close(x: Option<f64>, y: f64) -> bool {
    x.is_some_and(|x| (x - y).abs() < 1e-12)
}

#[test]
fn units_are_non_space_code_points_or_uax29_words() {
    assert_eq!(units("Hé  x", Unit::Char), vec![(0, 1), (1, 3), (5, 6)]);
    assert_eq!(
        units("The U.S. deal, 15 months.", Unit::Token)
            .iter()
            .map(|&(s, e)| &"The U.S. deal, 15 months."[s..e])
            .collect::<Vec<_>>(),
        ["The", "U.S", "deal", "15", "months"]
    );
}

#[test]
fn figures_worked_by_hand() {
    // Ten units; alice marks 0..5, bob 0..3 and 5..6.
    let report = agreement(&input(
        &[("d", "abcdefghij")],
        &["alice", "bob"],
        vec![
            mark("alice", "d", 0, 5, "Claim"),
            mark("bob", "d", 0, 3, "Claim"),
            mark("bob", "d", 5, 6, "Claim"),
        ],
    ));
    let claim = &report.labels["Claim"];
    assert_eq!(claim.units, 10);
    // po = 0.7, pe = (5·4 + 5·6) / 100 = 0.5.
    assert!(close(claim.cohen_kappa, 0.4), "{claim:?}");
    // P̄ = 0.7, p1 = 9/20: P̄e = 0.505.
    assert!(
        close(claim.fleiss_kappa, (0.7 - 0.505) / 0.495),
        "{claim:?}"
    );
    // 20 values, 9 ones, 3 units split: 1 - 19·3 / (9·11).
    assert!(
        close(claim.krippendorff_alpha, 1.0 - 57.0 / 99.0),
        "{claim:?}"
    );
    assert!(close(claim.f1_exact, 0.0));
    assert!(close(claim.f1_overlap, 2.0 / 3.0));
    let pair = &report.pairs[0];
    assert_eq!((pair.a.as_str(), pair.b.as_str()), ("alice", "bob"));
    assert_eq!(pair.labels["Claim"].cohen_kappa, claim.cohen_kappa);
    assert_eq!(report.per_document[0].disagreements, 1);
    assert_eq!(report.most_disagreement().map(|d| d.as_str()), Some("d"));
}

#[test]
fn no_spans_one_side_empty_and_nested_spans() {
    let texts = [("d", "abcdefghij")];
    let none = agreement(&input(&texts, &["a", "b"], Vec::new()));
    let claim = &none.labels["Claim"];
    assert_eq!(
        (
            claim.f1_exact,
            claim.f1_overlap,
            claim.cohen_kappa,
            claim.krippendorff_alpha
        ),
        (None, None, None, None),
        "nothing to agree on is no figure, not 1 or 0"
    );
    assert_eq!(none.most_disagreement(), None);
    let one_sided = agreement(&input(
        &texts,
        &["a", "b"],
        vec![mark("a", "d", 2, 4, "Claim")],
    ));
    let claim = &one_sided.labels["Claim"];
    assert!(close(claim.f1_exact, 0.0) && close(claim.f1_overlap, 0.0));
    assert!(close(claim.cohen_kappa, 0.0), "{claim:?}");
    // Nested: a marks 0..10 and 2..4, b marks 2..4. One exact match; by
    // overlap b's span matches one of a's, not both.
    let nested = agreement(&input(
        &texts,
        &["a", "b"],
        vec![
            mark("a", "d", 0, 10, "Claim"),
            mark("a", "d", 2, 4, "Claim"),
            mark("b", "d", 2, 4, "Claim"),
        ],
    ));
    let claim = &nested.labels["Claim"];
    assert!(close(claim.f1_exact, 2.0 / 3.0) && close(claim.f1_overlap, 2.0 / 3.0));
}

#[test]
fn spans_sharing_only_white_space_do_not_overlap() {
    let report = agreement(&input(
        &[("d", "ab cd")],
        &["a", "b"],
        vec![mark("a", "d", 0, 3, "Claim"), mark("b", "d", 2, 5, "Claim")],
    ));
    assert!(close(report.labels["Claim"].f1_overlap, 0.0));
    // Perfect agreement gives 1 everywhere.
    let same = agreement(&input(
        &[("d", "ab cd")],
        &["a", "b", "c"],
        vec![
            mark("a", "d", 0, 2, "Claim"),
            mark("b", "d", 0, 2, "Claim"),
            mark("c", "d", 0, 2, "Claim"),
        ],
    ));
    let claim = &same.labels["Claim"];
    assert_eq!(
        claim.cohen_kappa, None,
        "three annotators: no Cohen's kappa"
    );
    assert!(close(claim.fleiss_kappa, 1.0) && close(claim.krippendorff_alpha, 1.0));
    assert!(close(claim.f1_exact, 1.0));
    assert_eq!(same.pairs.len(), 3);
}

#[test]
fn sentiment_is_compared_over_spans_matched_by_overlap() {
    let mut marks = vec![
        mark("a", "d", 0, 2, "Claim"),
        mark("b", "d", 1, 2, "Claim"),
        mark("a", "d", 3, 5, "Claim"),
        mark("b", "d", 3, 5, "Claim"),
    ];
    marks[0].sentiment = Some(Sentiment::Negative);
    marks[1].sentiment = Some(Sentiment::Negative);
    marks[2].sentiment = Some(Sentiment::Positive);
    let report = agreement(&input(&[("d", "ab cd")], &["a", "b"], marks));
    let spans = &report.sentiment.spans[0];
    assert_eq!(spans.items, 2);
    // (negative, negative), (positive, none): po = 1/2, pe = 1/4.
    assert!(close(spans.cohen_kappa, (0.5 - 0.25) / 0.75), "{spans:?}");
}
