//! Re-applying one writer's change onto a project that another writer
//! changed in the meantime (a three-way merge of whole records).
//!
//! `base` is the project both started from, `mine` what this writer made of
//! it, `theirs` what is on disk now. Every record this writer changed
//! (document, annotation, link, label, rejection; the name, the corpus
//! path) is taken into `theirs` when the other writer left that record as
//! it was in `base`, or made the very same change; when both changed it
//! differently, that is a conflict and nothing is merged.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::edit::{Edit, apply, edits_between};
use super::label::LabelId;
use super::project::Project;

/// Why two changes of one project cannot both be kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("both changed {0}")]
pub struct MergeConflict(pub String);

/// The edit that brings this writer's change (`base` to `mine`) onto
/// `theirs`, or the first record both changed differently. The edit is
/// checked: it applies to `theirs`.
pub fn rebase(base: &Project, mine: &Project, theirs: &Project) -> Result<Edit, MergeConflict> {
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
fn merge_labels(base: &Project, mine: &Project, merged: &mut Project) -> Result<(), MergeConflict> {
    let by_id = |p: &Project| -> BTreeMap<LabelId, super::label::Label> {
        p.labels
            .labels
            .iter()
            .map(|l| (l.id.clone(), l.clone()))
            .collect()
    };
    let mut labels = by_id(merged);
    merge_map("label", &by_id(base), &by_id(mine), &mut labels)?;
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
    use crate::model::testing::{annotation, base_project};
    use crate::model::{AnnotationId, LabelId};

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
        mine.annotations
            .insert(AnnotationId(3), claim(&base, 3, 20));
        theirs
            .annotations
            .insert(AnnotationId(3), claim(&base, 3, 30));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert_eq!(err.to_string(), "both changed annotation a3");
        // The same change made twice is no conflict, and nothing is left to do.
        assert_eq!(rebase(&base, &mine, &mine), Ok(Edit::Batch(Vec::new())));
    }

    #[test]
    fn a_change_that_no_longer_fits_is_a_conflict() {
        // Mine adds a link to annotation 2, theirs removed annotation 2.
        let base = sample();
        let (mut mine, mut theirs) = (base.clone(), base.clone());
        let link = crate::model::Link {
            id: crate::model::LinkId(1),
            from: AnnotationId(1),
            to: AnnotationId(2),
            kind: crate::model::LinkKind::Supports,
            note: String::new(),
        };
        mine.links.insert(link.id, link);
        theirs.annotations.remove(&AnnotationId(2));
        let err = rebase(&base, &mine, &theirs).unwrap_err();
        assert!(
            err.to_string().contains("there is no annotation a2"),
            "{err}"
        );
    }
}
