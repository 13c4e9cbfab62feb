//! The bundled sample project is a real analyst's work: check it as one would.

mod common;

use common::repo;
use std::collections::BTreeSet;

use diptych::io::workspace::Workspace;
use diptych::model::{DocStatus, DocumentId, LinkKind, Sentiment};

fn open() -> Workspace {
    let path = repo().join("projects/seeds.ron");
    let (workspace, report) = Workspace::open_blocking(&path).unwrap();
    assert!(report.is_clean(), "{report:?}");
    assert!(report.new_documents.is_empty(), "{report:?}");
    workspace
}

#[test]
fn every_version_has_its_claims_disclaimers_and_status() {
    let ws = open();
    let project = &ws.project;
    assert_eq!(project.documents.len(), 2);
    for record in project.documents.values() {
        let mine = project.annotations_of(&record.id);
        let count = |label: &str| {
            mine.iter()
                .filter(|a| project.labels.name_of(&a.label) == label)
                .count()
        };
        assert!(
            count("Claim") >= 10,
            "{}: {} claims",
            record.id,
            count("Claim")
        );
        assert!(count("Disclaimer") >= 1, "{}", record.id);
        assert_eq!(record.fields.status, DocStatus::Done);
        // Each annotation's quote is exactly its text.
        let doc = ws.corpus.get(&record.id).unwrap();
        for a in &mine {
            assert_eq!(a.span.slice(&doc.text()), Some(a.quote.exact()));
            assert_eq!(a.quote.exact().trim(), a.quote.exact());
        }
    }
    // The uninstall surge carries a negative sentiment with a target.
    let surge = project
        .annotations
        .values()
        .find(|a| a.quote.exact().contains("295%"))
        .expect("the 295% surge is annotated");
    assert_eq!(surge.sentiment, Some(Sentiment::Negative));
    assert!(surge.target.is_some());
}

#[test]
fn the_site_menu_is_boilerplate_and_the_disclaimer_is_tagged() {
    let ws = open();
    let project = &ws.project;
    let scrape = DocumentId::from("001_d855b870b5cef35b.txt");
    let boilerplate: Vec<_> = project
        .annotations_of(&scrape)
        .into_iter()
        .filter(|a| project.labels.name_of(&a.label) == "Boilerplate")
        .collect();
    assert_eq!(boilerplate.len(), 1);
    assert!(
        boilerplate[0]
            .quote
            .exact()
            .starts_with("Futures\nAccess hundreds")
    );
    assert!(
        boilerplate[0]
            .quote
            .exact()
            .ends_with("claim airdrop rewards")
    );
    for record in project.documents.values() {
        let disclaimers: String = project
            .annotations_of(&record.id)
            .iter()
            .filter(|a| project.labels.name_of(&a.label) == "Disclaimer")
            .map(|a| a.quote.exact())
            .collect();
        assert!(
            disclaimers.contains("does not constitute personal investment advice"),
            "{}",
            record.id
        );
    }
}

#[test]
fn matching_claims_are_linked_across_the_versions() {
    let ws = open();
    let project = &ws.project;
    assert!(project.links.len() >= 10);
    let mut ends = BTreeSet::new();
    for link in project.links.values() {
        assert_eq!(link.kind, LinkKind::SameClaim);
        let (from, to) = (
            &project.annotations[&link.from],
            &project.annotations[&link.to],
        );
        assert_ne!(
            from.document, to.document,
            "a same-claim link joins the two versions"
        );
        assert_eq!(from.label, to.label);
        assert!(
            ends.insert(link.from) && ends.insert(link.to),
            "each claim has one counterpart"
        );
    }
    assert_eq!(ws.view.open.len(), 2);
}
