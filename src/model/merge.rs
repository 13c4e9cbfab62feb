//! Re-applying one writer's change onto a project that another writer
//! changed in the meantime (a three-way merge of whole records).
//!
//! `base` is the project both started from, `mine` what this writer made of
//! it, `theirs` what is on disk now. Every record this writer changed
//! (document, annotation, link, label, rejection; the name, the corpus
//! path) is taken into `theirs` when the other writer left that record as
//! it was in `base`, or made the very same change; when both changed it
//! differently, that is a conflict and nothing is merged.
//!
//! Both writers take the next free id for what they add, so the two often
//! add different annotations (or links) under one new id. That is no
//! conflict: this writer's addition gets a fresh id above every id either
//! side uses, and its links follow it. The same addition made by both
//! (same id, same record) is kept once.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::annotation::{AnnotationId, LinkId};
use super::edit::{Edit, apply, edits_between};
use super::label::{Label, LabelId};
use super::project::Project;

/// Why two changes of one project cannot both be kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("both changed {0}")]
pub struct MergeConflict(pub String);

/// The edit that brings this writer's change (`base` to `mine`) onto
/// `theirs`, or the first record both changed differently. The edit is
/// checked: it applies to `theirs`.
pub fn rebase(base: &Project, mine: &Project, theirs: &Project) -> Result<Edit, MergeConflict> {
    let mine = &renumber_clashes(base, mine, theirs);
    let mut merged = theirs.clone();
    merge_value("the project name", &base.name, &mine.name, &mut merged.name)?;
    merge_value(
        "the corpus folder",
        &base.corpus_root,
        &mine.corpus_root,
        &mut merged.corpus_root,
    )?;
    merge_map(
        "document",
        &base.documents,
        &mine.documents,
        &mut merged.documents,
    )?;
    merge_map(
        "annotation",
        &base.annotations,
        &mine.annotations,
        &mut merged.annotations,
    )?;
    merge_map("link", &base.links, &mine.links, &mut merged.links)?;
    merge_labels(base, mine, &mut merged)?;
    for gone in base.rejected.difference(&mine.rejected) {
        merged.rejected.remove(gone);
    }
    merged
        .rejected
        .extend(mine.rejected.difference(&base.rejected).cloned());
    let edit = Edit::Batch(edits_between(theirs, &merged));
    apply(&mut theirs.clone(), edit.clone())
        .map_err(|err| MergeConflict(format!("the project so that it does not fit: {err}")))?;
    Ok(edit)
}

/// `mine` with each annotation and link it added under an id that `theirs`
/// also added, with other content, moved to a fresh id (counting on from
/// the largest id of the three projects, so that the next id a project
/// hands out stays free), and its links pointed at the moved annotations.
fn renumber_clashes(base: &Project, mine: &Project, theirs: &Project) -> Project {
    let mut mine = mine.clone();
    let moved = fresh_ids(
        clashes(&base.annotations, &mine.annotations, &theirs.annotations)
            .into_iter()
            .map(|id| id.0),
        [base, &mine, theirs].map(|p| p.next_annotation_id().0),
    );
    for (&old, &new) in &moved {
        if let Some(mut a) = mine.annotations.remove(&AnnotationId(old)) {
            a.id = AnnotationId(new);
            mine.annotations.insert(a.id, a);
        }
    }
    let moved_to = |id: &mut AnnotationId| {
        if let Some(&new) = moved.get(&id.0) {
            *id = AnnotationId(new);
        }
    };
    for link in mine.links.values_mut() {
        moved_to(&mut link.from);
        moved_to(&mut link.to);
    }
    let moved_links = fresh_ids(
        clashes(&base.links, &mine.links, &theirs.links)
            .into_iter()
            .map(|id| id.0),
        [base, &mine, theirs].map(|p| p.next_link_id().0),
    );
    for (&old, &new) in &moved_links {
        if let Some(mut link) = mine.links.remove(&LinkId(old)) {
            link.id = LinkId(new);
            mine.links.insert(link.id, link);
        }
    }
    mine
}

/// The keys `mine` and `theirs` both added (absent from `base`) with
/// different values, in order.
fn clashes<K: Ord + Copy, V: PartialEq>(
    base: &BTreeMap<K, V>,
    mine: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
) -> Vec<K> {
    mine.iter()
        .filter(|(key, value)| {
            !base.contains_key(key) && theirs.get(key).is_some_and(|other| other != *value)
        })
        .map(|(key, _)| *key)
        .collect()
}

/// A new id for each of `ids` (in their order), counting up from the
/// largest of `next`, the ids the projects would hand out next. Ids past
/// [`super::MAX_ID`] are refused when the merge is checked.
fn fresh_ids(ids: impl Iterator<Item = u64>, next: [u64; 3]) -> BTreeMap<u64, u64> {
    let first = next.into_iter().max().unwrap_or(1);
    ids.zip(first..).collect()
}

fn merge_value<T: PartialEq + Clone>(
    what: &str,
    base: &T,
    mine: &T,
    merged: &mut T,
) -> Result<(), MergeConflict> {
    if base == mine || merged == mine {
        Ok(())
    } else if merged == base {
        *merged = mine.clone();
        Ok(())
    } else {
        Err(MergeConflict(what.to_owned()))
    }
}

/// Takes into `merged` (which starts as theirs) each entry changed, added
/// or removed from `base` to `mine`.
fn merge_map<K: Ord + Clone + Display, V: PartialEq + Clone>(
    what: &str,
    base: &BTreeMap<K, V>,
    mine: &BTreeMap<K, V>,
    merged: &mut BTreeMap<K, V>,
) -> Result<(), MergeConflict> {
    let keys = base
        .keys()
        .chain(mine.keys().filter(|k| !base.contains_key(*k)));
    for key in keys {
        let (old, new) = (base.get(key), mine.get(key));
        if old == new {
            continue;
        }
        let theirs = merged.get(key);
        if theirs == new {
            continue;
        }
        if theirs != old {
            return Err(MergeConflict(format!("{what} {key}")));
        }
        match new {
            Some(value) => merged.insert(key.clone(), value.clone()),
            None => merged.remove(key),
        };
    }
    Ok(())
}

/// [`merge_map`] for the label list, which keeps its order: labels this
/// writer added go at the end of theirs.
/// A label both writers added under one id is one label when its name and
/// key agree (theirs is kept, colour included), and a conflict otherwise.
fn merge_labels(base: &Project, mine: &Project, merged: &mut Project) -> Result<(), MergeConflict> {
    let by_id = |p: &Project| -> BTreeMap<LabelId, Label> {
        p.labels
            .labels
            .iter()
            .map(|l| (l.id.clone(), l.clone()))
            .collect()
    };
    let (old, mut new, mut labels) = (by_id(base), by_id(mine), by_id(merged));
    for (id, label) in new.iter_mut() {
        if let Some(their) = labels.get(id)
            && !old.contains_key(id)
            && (&their.name, their.key) == (&label.name, label.key)
        {
            label.clone_from(their);
        }
    }
    merge_map("label", &old, &new, &mut labels)?;
    let schema = &mut merged.labels.labels;
    schema.retain(|l| labels.contains_key(&l.id));
    for label in schema.iter_mut() {
        label.clone_from(&labels[&label.id]);
    }
    for label in &mine.labels.labels {
        if !schema.iter().any(|l| l.id == label.id) && labels.contains_key(&label.id) {
            schema.push(labels[&label.id].clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{Op, annotation, base_project, edit_for, op};
    use crate::model::{Annotation, Link, LinkKind};
    use proptest::prelude::*;

    fn claim(project: &Project, id: u64, start: usize) -> crate::model::Annotation {
        annotation(project, id, 0, start, 5, &LabelId("claim".to_owned()))
    }

    /// A project with annotations 1 and 2.
    fn sample() -> Project {
        let mut project = base_project();
        for (id, start) in [(1, 0), (2, 10)] {
            let a = claim(&project, id, start);
            project.annotations.insert(a.id, a);
        }
        project
    }

    #[test]
    fn changes_to_different_records_are_both_kept() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.annotations.remove(&AnnotationId(1));
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 20));
        let edit = rebase(&base, &mine, &theirs).unwrap();
        let mut result = theirs.clone();
        apply(&mut result, edit).unwrap();
        let ids: Vec<u64> = result.annotations.keys().map(|id| id.0).collect();
        assert_eq!(ids, [2, 3]);
    }

    #[test]
    fn two_different_changes_of_one_record_conflict() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.annotations.get_mut(&AnnotationId(1)).unwrap().note = "mine".into();
        theirs.annotations.get_mut(&AnnotationId(1)).unwrap().note = "theirs".into();
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed annotation a1");
        // One deleted what the other changed.
        mine.annotations.remove(&AnnotationId(1));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed annotation a1");
        // The same change made twice is no conflict, and nothing is left to do.
        assert_eq!(rebase(&base, &mine, &mine), Ok(Edit::Batch(Vec::new())));
    }

    fn link(id: u64, from: u64, to: u64) -> Link {
        Link {
            id: LinkId(id),
            from: AnnotationId(from),
            to: AnnotationId(to),
            kind: LinkKind::Supports,
            note: String::new(),
        }
    }

    /// `theirs` with the edit of `rebase(base, mine, theirs)` applied.
    fn merged(base: &Project, mine: &Project, theirs: &Project) -> Project {
        let edit = rebase(base, mine, theirs).unwrap();
        let mut result = theirs.clone();
        apply(&mut result, edit).unwrap();
        result
    }

    #[test]
    fn additions_under_one_new_id_are_both_kept_with_mine_renumbered() {
        // Both took the next id, 3 (and link id 1): theirs keeps them, mine
        // moves above every id used, and mine's links follow.
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        for (id, start) in [(3, 20), (4, 25)] {
            mine.annotations
                .insert(AnnotationId(id), claim(&base, id, start));
        }
        mine.links.insert(LinkId(1), link(1, 3, 4));
        mine.links.insert(LinkId(2), link(2, 1, 3));
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 30));
        theirs
            .annotations
            .insert(AnnotationId(7), claim(&base, 7, 35));
        theirs.links.insert(LinkId(1), link(1, 2, 3));
        let result = merged(&base, &mine, &theirs);
        let spans: Vec<(u64, _)> = result
            .annotations
            .values()
            .map(|a| (a.id.0, a.span))
            .collect();
        let at = |start| claim(&base, 1, start).span;
        let expected = [(1, 0), (2, 10), (3, 30), (4, 25), (7, 35), (8, 20)];
        assert_eq!(spans, expected.map(|(id, start)| (id, at(start))));
        assert_eq!(result.annotations[&AnnotationId(8)].id, AnnotationId(8));
        let links: Vec<(u64, u64, u64)> = result
            .links
            .values()
            .map(|l| (l.id.0, l.from.0, l.to.0))
            .collect();
        assert_eq!(links, [(1, 2, 3), (2, 1, 8), (3, 8, 4)]);
        // The next ids handed out are free.
        assert_eq!(result.next_annotation_id(), AnnotationId(9));
        assert_eq!(result.next_link_id(), LinkId(4));
    }

    #[test]
    fn the_same_addition_made_by_both_is_kept_once() {
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        for project in [&mut mine, &mut theirs] {
            project
                .annotations
                .insert(AnnotationId(3), claim(&base, 3, 20));
            project.links.insert(LinkId(1), link(1, 1, 3));
        }
        mine.annotations
            .insert(AnnotationId(4), claim(&base, 4, 25));
        let result = merged(&base, &mine, &theirs);
        let ids: Vec<u64> = result.annotations.keys().map(|id| id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(result.links.len(), 1);
    }

    #[test]
    fn labels_added_by_both_under_one_id_are_one_when_name_and_key_agree() {
        let base = sample();
        let hedge = |color, key| Label {
            id: LabelId::from("hedge"),
            name: "Hedge".into(),
            color: crate::model::Rgb(color),
            key,
        };
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.labels.labels.push(hedge([1, 2, 3], Some(4)));
        theirs.labels.labels.push(hedge([9, 9, 9], Some(4)));
        let result = merged(&base, &mine, &theirs);
        assert_eq!(result.labels, theirs.labels);
        // Another key, or another name, under the same id: a conflict.
        mine.labels.labels[3].key = Some(5);
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed label hedge");
        mine.labels.labels[3] = Label {
            name: "Hedging".into(),
            ..hedge([9, 9, 9], Some(4))
        };
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed label hedge");
    }

    #[test]
    fn a_change_that_no_longer_fits_is_a_conflict() {
        // Mine adds a link to annotation 2, theirs removed annotation 2.
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        mine.links.insert(LinkId(1), link(1, 1, 2));
        theirs.annotations.remove(&AnnotationId(2));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert!(
            err.to_string().contains("there is no annotation a2"),
            "{err}"
        );
    }

    /// Applies the ops a writer may make without touching the other
    /// writer's records: additions (annotations, batches, links), updates of
    /// the base annotations with ids of `parity`, and removal of its own
    /// additions. Returns the project it made.
    fn write(base: &Project, ops: &[Op], parity: u64) -> Project {
        let mut project = base.clone();
        for op in ops {
            let Some(edit) = edit_for(&project, op) else {
                continue;
            };
            let allowed = match (op, &edit) {
                (Op::Add { .. } | Op::BatchAdds { .. } | Op::AddLink { .. }, _) => true,
                (Op::Update { .. }, Edit::UpdateAnnotation(a)) => {
                    base.annotations.contains_key(&a.id) && a.id.0 % 2 == parity
                }
                (Op::Remove { .. }, Edit::RemoveAnnotation(id)) => {
                    !base.annotations.contains_key(id)
                }
                _ => false,
            };
            if allowed {
                let _ = apply(&mut project, edit);
            }
        }
        project
    }

    /// An annotation without its id (and times), to compare by content.
    fn content(a: &Annotation) -> String {
        format!(
            "{} {:?} {} {:?} {:?} {}",
            a.document, a.span, a.label, a.status, a.sentiment, a.note
        )
    }

    /// The content of every annotation and link that `changed` holds and
    /// `base` did not hold as it is; a link's ends are named by their id
    /// when they are in `base` (the other writer may change them), by
    /// their content when they are new.
    fn changes(base: &Project, changed: &Project) -> Vec<String> {
        let mut out: Vec<String> = (changed.annotations.values())
            .filter(|a| base.annotations.get(&a.id) != Some(*a))
            .map(content)
            .collect();
        let ends = |id: &AnnotationId| match base.annotations.contains_key(id) {
            true => id.to_string(),
            false => content(&changed.annotations[id]),
        };
        out.extend(
            (changed.links.values())
                .filter(|l| base.links.get(&l.id) != Some(*l))
                .map(|l| format!("{} -> {} {:?}", ends(&l.from), ends(&l.to), l.kind)),
        );
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Two writers making disjoint changes from one base: the rebase
        /// succeeds, and the result holds every annotation and link either
        /// added or changed (by content), and as many annotations as both
        /// made, same additions counted once.
        #[test]
        fn disjoint_changes_of_two_writers_are_all_kept(
            common in proptest::collection::vec(op(), 0..12),
            left in proptest::collection::vec(op(), 0..15),
            right in proptest::collection::vec(op(), 0..15),
        ) {
            // The base may hold anything the ops make.
            let mut base = base_project();
            for op in &common {
                if let Some(edit) = edit_for(&base, op) {
                    let _ = apply(&mut base, edit);
                }
            }
            let mine = write(&base, &left, 0);
            let theirs = write(&base, &right, 1);
            let edit = rebase(&base, &mine, &theirs)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut result = theirs.clone();
            apply(&mut result, edit).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let held = changes(&base, &result);
            for change in changes(&base, &mine).iter().chain(&changes(&base, &theirs)) {
                prop_assert!(held.contains(change), "lost {}", change);
            }
            let same = (mine.annotations.iter())
                .filter(|(id, a)| !base.annotations.contains_key(id) && theirs.annotations.get(id) == Some(*a))
                .count();
            let added = |p: &Project| p.annotations.keys().filter(|id| !base.annotations.contains_key(id)).count();
            prop_assert_eq!(
                result.annotations.len(),
                theirs.annotations.len() + added(&mine) - same
            );
        }
    }
}
